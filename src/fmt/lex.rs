//! Splitting a `.privet` file into the tokens the formatter lays out.
//!
//! The formatter only ever runs on a file that parses, so it needs no more
//! than the grammar's lexical shape: strings and comments are opaque,
//! `{ } , ;` stand alone, and every other run of non-blank characters is a
//! word. Only spaces and tabs are blanks (as in the grammar's `WHITESPACE`);
//! `\n`, `\r\n` and `\r` end lines.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A keyword, term word, number, operator, key path or date.
    Word,
    /// A string literal, quotes included, kept byte for byte.
    Str,
    /// A `#` or `//` comment, without trailing blanks.
    Comment,
    /// `,`
    Comma,
    /// `;`
    Semi,
    /// `{`
    Open,
    /// `}`
    Close,
}

/// One token and the blank space in front of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Token<'a> {
    /// What the token is.
    pub kind: Kind,
    /// Its text as written.
    pub text: &'a str,
    /// How many line ends separate it from the previous token.
    pub newlines: usize,
    /// Whether it touches the previous token (no blank, no line end).
    pub glued: bool,
}

impl Token<'_> {
    /// Whether a line that ends with this token continues on the next
    /// line: the grammar lets a list go on after `,`, `and` or `or`.
    pub fn joins_lines(&self) -> bool {
        self.kind == Kind::Comma || (self.kind == Kind::Word && matches!(self.text, "and" | "or"))
    }
}

/// Splits `text` into tokens.
pub(super) fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    let (mut newlines, mut blank) = (0, false);
    while let Some(c) = rest.chars().next() {
        let len = match c {
            ' ' | '\t' => {
                blank = true;
                1
            }
            '\r' if rest.starts_with("\r\n") => {
                newlines += 1;
                2
            }
            '\n' | '\r' => {
                newlines += 1;
                1
            }
            _ => {
                let (kind, len) = token_at(rest);
                let glued = out.last().is_some() && newlines == 0 && !blank;
                let text = rest.get(..len).unwrap_or(rest);
                let text = if kind == Kind::Comment {
                    text.trim_end()
                } else {
                    text
                };
                out.push(Token {
                    kind,
                    text,
                    newlines,
                    glued,
                });
                (newlines, blank) = (0, false);
                len
            }
        };
        rest = rest.get(len..).unwrap_or_default();
    }
    out
}

/// The kind and byte length of the token at the start of `rest`.
fn token_at(rest: &str) -> (Kind, usize) {
    let single = |kind| (kind, 1);
    match rest.as_bytes().first() {
        Some(b'{') => single(Kind::Open),
        Some(b'}') => single(Kind::Close),
        Some(b',') => single(Kind::Comma),
        Some(b';') => single(Kind::Semi),
        Some(b'"') => (Kind::Str, string_len(rest)),
        Some(b'#') => (Kind::Comment, line_len(rest)),
        _ if rest.starts_with("//") => (Kind::Comment, line_len(rest)),
        _ => (Kind::Word, word_len(rest)),
    }
}

/// The length of the string literal opening `rest`, closing quote included
/// (to the end of the text if it is never closed).
fn string_len(rest: &str) -> usize {
    let mut escaped = false;
    for (i, c) in rest.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return i + 1,
            _ => {}
        }
    }
    rest.len()
}

/// The length of `rest` up to the end of its line.
fn line_len(rest: &str) -> usize {
    rest.find(['\n', '\r']).unwrap_or(rest.len())
}

/// The length of the word opening `rest`: up to a blank, a line end, a
/// string, a comment marker or punctuation. `/` belongs to words (`a/b`),
/// as the grammar's `word_char` has it. A comparison operator is a word of
/// its own: its characters appear nowhere else outside strings and
/// comments, so `key<=6` is the three words `key`, `<=`, `6`.
fn word_len(rest: &str) -> usize {
    let operator = rest.starts_with(is_operator);
    let ends = |c: char| {
        matches!(
            c,
            ' ' | '\t' | '\n' | '\r' | '{' | '}' | ',' | ';' | '"' | '#'
        ) || is_operator(c) != operator
    };
    let first = rest.chars().next().map_or(1, char::len_utf8);
    rest.find(ends).unwrap_or(rest.len()).max(first)
}

fn is_operator(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '!' | '≤' | '≥' | '≠')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str, usize, bool)> {
        tokens(text)
            .into_iter()
            .map(|t| (t.kind, t.text, t.newlines, t.glued))
            .collect()
    }

    #[test]
    fn strings_and_comments_are_single_tokens() {
        let got = kinds("quote \"a # b\n c\" # note  \r\n  x//y // z");
        assert_eq!(
            got,
            vec![
                (Kind::Word, "quote", 0, false),
                (Kind::Str, "\"a # b\n c\"", 0, false),
                (Kind::Comment, "# note", 0, false),
                (Kind::Word, "x//y", 1, false),
                (Kind::Comment, "// z", 0, false),
            ]
        );
    }

    #[test]
    fn punctuation_splits_words_and_glue_is_recorded() {
        let got = kinds("a.\"b c\".d<=1,x;y{}");
        let texts: Vec<_> = got.iter().map(|t| (t.1, t.3)).collect();
        assert_eq!(
            texts,
            vec![
                ("a.", false),
                ("\"b c\"", true),
                (".d", true),
                ("<=", true),
                ("1", true),
                (",", true),
                ("x", true),
                (";", true),
                ("y", true),
                ("{", true),
                ("}", true),
            ]
        );
    }

    #[test]
    fn escaped_quotes_stay_inside_strings() {
        let got = kinds(r#""a \" b" c"#);
        assert_eq!(got.len(), 2);
        assert_eq!(got.first().map(|t| t.1), Some(r#""a \" b""#));
    }
}
