//! Keeping snippets readable when the offending value sits on a huge line
//! (a minified or generated YAML file, a 100,000-deep flow sequence).
//!
//! miette prints whole source lines. A line longer than [`MAX_LINE`] is cut
//! to a window around the primary label, marked with `…` at both ends; line
//! numbers stay right, and the label names the real column.

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// Lines longer than this (in bytes) are shown as a window.
const MAX_LINE: usize = 240;

/// Bytes of context kept on each side of the label.
const CONTEXT: usize = 60;

const ELLIPSIS: &str = "…";

/// `diagnostic`, with its primary line cut to a window if it is too long.
pub fn shorten(diagnostic: &Diagnostic) -> Option<Diagnostic> {
    let file = &diagnostic.file;
    let text = file.text();
    let span = diagnostic.primary.span;
    let line_start = text.get(..span.start)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text
        .get(span.start..)?
        .find('\n')
        .map_or(text.len(), |i| span.start + i);
    if line_end - line_start <= MAX_LINE {
        return None;
    }
    let from = boundary(text, span.start.saturating_sub(CONTEXT).max(line_start));
    let to = boundary(text, (span.end + CONTEXT).min(line_end));
    let shortened = format!(
        "{}{ELLIPSIS}{}{ELLIPSIS}{}",
        text.get(..line_start)?,
        text.get(from..to)?,
        text.get(line_end..)?
    );
    let shift = |offset: usize| offset - from + line_start + ELLIPSIS.len();
    let mut short = diagnostic.clone();
    short.file = SourceFile::new(file.path(), shortened);
    short.primary.span = Span::new(shift(span.start), shift(span.end.min(to)));
    let column = file.line_col(span.start).column;
    short.primary.text = format!("{} (column {column} of a long line)", short.primary.text)
        .trim_start()
        .to_owned();
    // Other labels in the same file would point at shifted text.
    short.secondary.clear();
    Some(short)
}

/// The nearest char boundary at or before `offset`.
fn boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    #[test]
    fn a_long_line_is_cut_around_the_label_keeping_the_line_number() {
        let text = format!(
            "first: 1\nvalue: {}x{}\nlast: 2\n",
            "[".repeat(500),
            "]".repeat(500)
        );
        let file = SourceFile::new("big.yaml", text.clone());
        let at = text.find('x').unwrap();
        let d = Diagnostic::error(Code::YamlInvalid, &file, Span::new(at, at + 1), "too deep")
            .with_label("here");
        let short = shorten(&d).unwrap();
        assert!(short.file.text().len() < 300);
        assert_eq!(short.file.slice(short.primary.span), "x");
        assert_eq!(short.file.line_col(short.primary.span.start).line, 2);
        assert_eq!(short.primary.text, "here (column 508 of a long line)");
    }

    #[test]
    fn short_lines_are_left_alone() {
        let file = SourceFile::new("a.yaml", "a: 1\n");
        let d = Diagnostic::error(Code::YamlInvalid, &file, Span::new(3, 4), "bad");
        assert!(shorten(&d).is_none());
    }
}
