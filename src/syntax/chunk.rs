//! Splitting a policy file into top-level blocks before parsing.
//!
//! pest stops at the first error. Parsing each `policy` / `commitment` block
//! on its own lets privet report one error per broken block and still read
//! the blocks that are fine. A block starts at a line whose first word is
//! `policy` or `commitment`, outside any string or comment.

use crate::source::Span;

/// The result of scanning a file: block boundaries and, if the file ends
/// inside a string, where that string opened.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Chunks {
    /// Consecutive spans covering the whole file.
    pub spans: Vec<Span>,
    /// The opening quote of a string that runs to the end of the file.
    pub unclosed_string: Option<usize>,
}

/// Lexical state while scanning.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    String,
    Comment,
}

/// Splits `text` into top-level blocks.
pub fn split(text: &str) -> Chunks {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut state = State::Code;
    let mut string_start = 0;
    let mut at_line_start = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match state {
            State::String => match b {
                b'\\' => i += 1,
                b'"' => state = State::Code,
                _ => {}
            },
            State::Comment if b == b'\n' => state = State::Code,
            State::Comment => {}
            State::Code => match b {
                b'"' => {
                    state = State::String;
                    string_start = i;
                }
                b'#' => state = State::Comment,
                b'/' if bytes.get(i + 1) == Some(&b'/') => state = State::Comment,
                b' ' | b'\t' | b'\r' | b'\n' => {}
                _ if at_line_start && i > 0 && starts_block(bytes, i) => starts.push(i),
                _ => {}
            },
        }
        if b == b'\n' && state != State::String {
            at_line_start = true;
        } else if !matches!(b, b' ' | b'\t' | b'\r') {
            at_line_start = false;
        }
        i += 1;
    }
    let unclosed_string = (state == State::String).then_some(string_start);
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    let spans = starts
        .iter()
        .zip(ends)
        .map(|(&s, e)| Span::new(s, e))
        .collect();
    Chunks {
        spans,
        unclosed_string,
    }
}

/// Whether a top-level keyword starts at byte `i`.
fn starts_block(bytes: &[u8], i: usize) -> bool {
    ["policy", "commitment"].iter().any(|kw| {
        let end = i + kw.len();
        bytes.get(i..end) == Some(kw.as_bytes())
            && !bytes
                .get(end)
                .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_top_level_keywords_only() {
        let text = "policy \"p\" {\n}\n# commitment in a comment\ncommitment a {\n  quote \"\ncommitment inside a string\"\n}\n  commitment b {\n}\ncommitments x\n";
        let chunks = split(text);
        let starts: Vec<_> = chunks.spans.iter().map(|s| s.start).collect();
        let a = text.find("commitment a").unwrap();
        let b = text.find("commitment b").unwrap();
        assert_eq!(starts, vec![0, a, b]);
        assert_eq!(chunks.spans.last().unwrap().end, text.len());
        assert_eq!(chunks.unclosed_string, None);
    }

    #[test]
    fn reports_a_string_left_open() {
        let text = "commitment a {\n  quote \"never closed\n}\n";
        let chunks = split(text);
        assert_eq!(chunks.unclosed_string, text.find('"'));
    }

    #[test]
    fn escaped_quotes_do_not_close_strings() {
        let chunks = split("quote \"a \\\" b\"\ncommitment x {}\n");
        assert_eq!(chunks.spans.len(), 2);
        assert_eq!(chunks.unclosed_string, None);
    }
}
