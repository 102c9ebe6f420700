//! Whether two parses of a policy say the same thing.
//!
//! Two syntax trees mean the same when they are equal once every span is
//! ignored, and the files hold the same comments in the same order. The
//! formatter checks this on its own output before returning it, so a bug
//! in the layout is reported instead of changing a policy.

use crate::ast::PolicyFile;

/// Whether `a` and `b` hold the same blocks, statements, words and
/// comments, wherever they were written.
pub fn same_meaning(a: &PolicyFile, b: &PolicyFile) -> bool {
    shape(a) == shape(b)
}

/// The tree as text without positions: its debug form with every
/// `Span { start: .., end: .. }` removed, and the comments' texts.
fn shape(file: &PolicyFile) -> (String, Vec<&str>) {
    let items = without_spans(&format!("{:?}", file.items));
    let comments = file.comments.iter().map(|c| c.text.as_str()).collect();
    (items, comments)
}

/// `text` with each `Span { start: N, end: N }` cut out.
fn without_spans(text: &str) -> String {
    const OPEN: &str = "Span { start: ";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at..).unwrap_or_default();
        let end = after.find('}').map_or(after.len(), |i| i + 1);
        rest = after.get(end..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_cut_out_and_the_rest_is_kept() {
        let text = "Term { text: \"a\", span: Span { start: 1, end: 20 } }, Some(Span { start: 3, end: 4 })";
        assert_eq!(without_spans(text), "Term { text: \"a\", span:  }, Some()");
    }
}
