//! Finding YAML tokens in the source text. serde-saphyr locates an error
//! at a single point; these helpers widen it to the token a user should
//! look at, and find the key a value or a repeated key belongs with.

use crate::source::{SourceFile, Span};

/// The span of the YAML token starting at byte `start`: a quoted scalar
/// with its quotes, a plain scalar or key up to where it ends, or a single
/// character for punctuation. serde-saphyr locates errors at a point; the
/// whole token reads better under a caret.
pub(super) fn token_span(file: &SourceFile, start: usize) -> Span {
    let text = file.text();
    let Some(rest) = text.get(start..) else {
        return Span::new(text.len(), text.len());
    };
    let len = match rest.chars().next() {
        None | Some('\n' | '\r') => 0,
        Some(quote @ ('"' | '\'')) => quoted_len(rest, quote),
        Some('[' | ']' | '{' | '}' | ',' | '|' | '>') => 1,
        // `- ` starts a list item and `? ` a complex key; `-3` is a scalar.
        Some('-' | '?') if rest.get(1..).is_none_or(starts_blank) => 1,
        Some(_) => plain_len(rest),
    };
    Span::new(start, start + len)
}

/// Whether `text` is empty or starts with whitespace.
fn starts_blank(text: &str) -> bool {
    text.chars().next().is_none_or(char::is_whitespace)
}

/// Length of a quoted scalar starting at `rest`, quotes included, or of
/// the rest of the line if it is not closed there. `\"` escapes a double
/// quote and `''` a single one.
fn quoted_len(rest: &str, quote: char) -> usize {
    let line = rest.split('\n').next().unwrap_or(rest);
    let mut chars = line.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        match (quote, c, next) {
            ('"', '\\', _) | ('\'', '\'', Some('\'')) => {
                chars.next();
            }
            (_, c, _) if c == quote => return i + c.len_utf8(),
            _ => {}
        }
    }
    line.trim_end().len()
}

/// Length of a plain scalar or key starting at `rest`: up to a `: `, a
/// comment, flow punctuation or the end of the line.
fn plain_len(rest: &str) -> usize {
    let line = rest.split(['\n', '\r']).next().unwrap_or(rest);
    let mut end = line.len();
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        let next = line.get(i + c.len_utf8()..).and_then(|s| s.chars().next());
        let key_end = c == ':' && next.is_none_or(char::is_whitespace);
        let comment = c == '#' && previous.is_whitespace() && i > 0;
        if key_end || comment || matches!(c, ',' | '[' | ']' | '{' | '}') {
            end = i;
            break;
        }
        previous = c;
    }
    line.get(..end).unwrap_or(line).trim_end().len()
}

/// The key written before the value at byte `start` on the same line
/// (`sale` in `  sale: maybe`), if there is one.
pub(super) fn key_before(file: &SourceFile, start: usize) -> Option<&str> {
    let text = file.text();
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let before = text.get(line_start..start)?.trim_end().strip_suffix(':')?;
    let key = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '{' | ',' | '-'))
        .next()?;
    (!key.is_empty()).then_some(key)
}

/// If the token at `span` is a key (`retention` in `retention: [a]`), the
/// key and the span of its value on the same line (the key's own span if
/// the value starts on a later line).
pub(super) fn key_at(file: &SourceFile, span: Span) -> Option<(&str, Span)> {
    let text = file.text();
    let key = file.slice(span);
    let after = text.get(span.end..)?.strip_prefix(':')?;
    let value = after.trim_start_matches([' ', '\t']);
    let start = text.len() - value.len();
    let on_line = !value.is_empty() && !value.starts_with(['\n', '\r', '#']);
    let value = if on_line {
        token_span(file, start)
    } else {
        span
    };
    (!key.is_empty()).then_some((key, value))
}

/// Where `key` was first written in the block mapping in which it is
/// repeated at `again`: the nearest earlier line at the same indentation
/// that starts with it, without leaving the mapping. `None` for flow
/// mappings and anything unusual; the caller then points at the repeat.
pub(super) fn earlier_key(file: &SourceFile, again: Span, key: &str) -> Option<Span> {
    let text = file.text();
    let line_start = text.get(..again.start)?.rfind('\n').map_or(0, |i| i + 1);
    let column = again.start.checked_sub(line_start)?;
    if text
        .get(line_start..again.start)?
        .trim_start()
        .starts_with('-')
    {
        return None;
    }
    let mut end = line_start;
    while end > 0 {
        let before = text.get(..end.saturating_sub(1))?;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.get(start..)?;
        end = start;
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        // A list item's first key sits two columns right of its dash.
        let (key_column, first, item_start) = match content.strip_prefix("- ") {
            Some(rest) => (indent + 2, rest.trim_start(), true),
            None => (indent, content, false),
        };
        if key_column == column && is_key(first, key) {
            let at = start + line.len() - first.len();
            return Some(Span::new(at, at + key.len()));
        }
        if key_column < column || (item_start && key_column == column) {
            return None;
        }
    }
    None
}

/// Whether `content` starts with `key` followed by a colon.
fn is_key(content: &str, key: &str) -> bool {
    content
        .strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}
#[cfg(test)]
mod tests {
    use super::*;

    fn token(text: &str, start: usize) -> String {
        let file = SourceFile::new("t.yaml", text);
        file.slice(token_span(&file, start)).to_owned()
    }

    #[test]
    fn a_token_is_a_key_a_plain_scalar_or_a_quoted_one() {
        assert_eq!(token("  retension: 5\n", 2), "retension");
        assert_eq!(token("a: 6 mnths  # note\n", 3), "6 mnths");
        assert_eq!(token("a: \"six \\\" x\" # c\n", 3), "\"six \\\" x\"");
        assert_eq!(token("a: 'it''s'\n", 3), "'it''s'");
        assert_eq!(token("a: [x, y]\n", 3), "[");
        assert_eq!(token("a: [xy, y]\n", 4), "xy");
        assert_eq!(token("- a\n", 0), "-");
        assert_eq!(token("a: -3\n", 3), "-3");
        assert_eq!(token("url: http://x\n", 5), "http://x");
        assert_eq!(token("a:\n", 2), "");
        assert_eq!(token("a", 9), "");
    }

    #[test]
    fn the_key_before_a_value_is_on_its_line() {
        let file = SourceFile::new("t.yaml", "a:\n  sale: maybe\n  x: { y: [1] }\n- k: v\n");
        let at = |needle: &str| file.text().find(needle).unwrap();
        assert_eq!(key_before(&file, at("maybe")), Some("sale"));
        assert_eq!(key_before(&file, at("[1]")), Some("y"));
        assert_eq!(key_before(&file, at("v\n")), Some("k"));
        assert_eq!(key_before(&file, at("sale")), None);
    }

    #[test]
    fn a_key_leads_to_its_value() {
        let file = SourceFile::new("t.yaml", "  retention: [a]\n  b:\n    - c\n");
        let key = |start: usize, end: usize| {
            key_at(&file, Span::new(start, end))
                .map(|(k, v)| (k.to_owned(), file.slice(v).to_owned()))
        };
        assert_eq!(key(2, 11), Some(("retention".to_owned(), "[".to_owned())));
        assert_eq!(key(19, 20), Some(("b".to_owned(), "b".to_owned())));
        assert_eq!(key(14, 15), None);
    }

    #[test]
    fn a_repeated_key_is_found_where_it_was_first_written() {
        let text = "\
- name: a
  engine: pg
  fields:
    - name: f
      engine: x
  # note

  engine: my
- engine: z
  engine: w
";
        let file = SourceFile::new("t.yaml", text);
        let first = |needle: &str| {
            let again = Span::new(text.find(needle).unwrap(), text.find(needle).unwrap() + 6);
            earlier_key(&file, again, "engine").map(|s| file.line_col(s.start).to_string())
        };
        assert_eq!(first("engine: my"), Some("2:3".to_owned()));
        assert_eq!(first("engine: w"), Some("9:3".to_owned()));
        assert_eq!(first("engine: pg"), None);
        assert_eq!(first("engine: z"), None);
    }
}
