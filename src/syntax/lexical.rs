//! Checks on the characters of a policy file that the grammar cannot make:
//! how long a word or a string may be, and characters that make the text
//! read differently from what privet parses.
//!
//! Bidirectional controls (U+202A–U+202E, U+2066–U+2069, the directional
//! marks) reorder how editors and code review display a line, so a
//! reviewer can approve text that is not what privet reads ("Trojan
//! Source", CVE-2021-42574); they are flagged anywhere in the file.
//! Invisible characters and letters that look like ASCII ones (Cyrillic
//! `а` for Latin `a`, fullwidth `ａ`, a Unicode minus for `-`) are flagged
//! outside strings and comments, where they change what a word means.

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

/// The longest word (a commitment id, a word of a term, a number) privet
/// reads, in characters. Real terms are a few words of a few letters.
pub const MAX_WORD_CHARS: usize = 256;

/// The longest string (a title, a quote, a glob) privet reads, in
/// characters: a quoted policy sentence, even a paragraph, is far shorter.
pub const MAX_STRING_CHARS: usize = 16_384;

/// The most suspicious-character warnings reported for one file.
const MAX_WARNINGS: usize = 100;

/// What a stretch of policy text is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run of characters other than blanks, quotes and punctuation.
    Word,
    /// A string, from its opening quotation mark to its closing one.
    String,
    /// A comment, to the end of its line.
    Comment,
}

/// Calls `visit` with each word, string and comment of `text` (byte
/// ranges), in order, until it returns `false`.
fn scan(text: &str, mut visit: impl FnMut(Kind, usize, usize) -> bool) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (kind, end) = match b {
            b'"' => (Kind::String, string_end(bytes, i)),
            b'#' => (Kind::Comment, line_end(bytes, i)),
            b'/' if bytes.get(i + 1) == Some(&b'/') => (Kind::Comment, line_end(bytes, i)),
            _ if is_separator(b) => {
                i += 1;
                continue;
            }
            _ => (Kind::Word, word_end(bytes, i)),
        };
        if !visit(kind, i, end) {
            return;
        }
        i = end.max(i + 1);
    }
}

fn is_separator(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'{' | b'}' | b',' | b';')
}

/// One past the closing quotation mark of the string opening at `start`,
/// or the end of the text.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn line_end(bytes: &[u8], start: usize) -> usize {
    let rest = bytes.get(start..).unwrap_or_default();
    rest.iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| start + n)
}

fn word_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        let comment = b == b'#' || (b == b'/' && bytes.get(i + 1) == Some(&b'/'));
        if is_separator(b) || b == b'"' || comment {
            break;
        }
        i += 1;
    }
    i
}

/// The error for the first word or string in `span` of `file` that is
/// longer than privet reads, if there is one. The block holding it is not
/// parsed: every later step (suggestions for a misspelled term above all)
/// would spend time in proportion to its length.
pub(super) fn overlong(file: &SourceFile, span: Span) -> Option<Diagnostic> {
    let text = file.slice(span);
    let mut found = None;
    scan(text, |kind, start, end| {
        let limit = match kind {
            Kind::Word => MAX_WORD_CHARS,
            Kind::String => MAX_STRING_CHARS + 2,
            Kind::Comment => return true,
        };
        let chars = text.get(start..end).map_or(0, |t| t.chars().count());
        if chars > limit {
            found = Some((kind, span.start + start, span.start + end, chars));
            return false;
        }
        true
    });
    let (kind, start, end, chars) = found?;
    let (what, limit) = match kind {
        Kind::String => ("string", MAX_STRING_CHARS),
        _ => ("word", MAX_WORD_CHARS),
    };
    let chars = if kind == Kind::String {
        chars - 2
    } else {
        chars
    };
    // Only its first character: a snippet of the whole would print it all.
    let first = file.slice(Span::new(start, end)).chars().next();
    let span = Span::new(start, start + first.map_or(0, char::len_utf8));
    let diagnostic = Diagnostic::error(
        Code::SyntaxUnexpected,
        file,
        span,
        format!("this {what} is {chars} characters long, longer than the {limit} privet reads"),
    )
    .with_label(format!("a {what} of {chars} characters starts here"))
    .with_help(format!(
        "shorten it; a {what} is at most {limit} characters (see Limits in the README)"
    ));
    Some(diagnostic)
}

/// A warning for each character in `file` that may make it read
/// differently from what privet parses (at most [`MAX_WARNINGS`]).
pub(super) fn suspicious(file: &SourceFile) -> Vec<Diagnostic> {
    let text = file.text();
    let mut found = Vec::new();
    scan(text, |kind, start, end| {
        let Some(slice) = text.get(start..end) else {
            return true;
        };
        for (at, c) in slice.char_indices() {
            let what = match kind {
                Kind::Word => bidi_control(c).or_else(|| lookalike(c)),
                Kind::String | Kind::Comment => bidi_control(c),
            };
            // A byte-order mark opening the file is how some editors save UTF-8.
            let bom = start + at == 0 && c == '\u{FEFF}';
            if let Some(what) = what.filter(|_| !bom) {
                found.push((start + at, c, what));
                if found.len() == MAX_WARNINGS {
                    return false;
                }
            }
        }
        true
    });
    if found.is_empty() {
        return Vec::new();
    }
    let shown = displayable(file);
    found
        .into_iter()
        .map(|(at, c, what)| warning(&shown, at, c, &what))
        .collect()
}

/// What a flagged character is and why it is flagged.
struct Suspicion {
    /// `U+202E RIGHT-TO-LEFT OVERRIDE`.
    name: String,
    /// The ASCII character it can be mistaken for, if any.
    looks_like: Option<char>,
}

fn warning(file: &SourceFile, at: usize, c: char, what: &Suspicion) -> Diagnostic {
    let span = Span::new(at, at + c.len_utf8());
    let (message, label, help) = match what.looks_like {
        Some(ascii) => (
            format!(
                "{} looks like `{ascii}` but is a different character",
                what.name
            ),
            format!("not `{ascii}`"),
            format!(
                "type `{ascii}` instead; privet reads a word with {} as a different word",
                what.name
            ),
        ),
        None => (
            format!(
                "{} can make this text display differently from what privet reads",
                what.name
            ),
            "an invisible character is here".to_owned(),
            "remove it; editors and code review may show the line reordered or the word \
             unchanged, so a reviewer may not see what privet checks"
                .to_owned(),
        ),
    };
    Diagnostic::error(Code::SyntaxSuspiciousCharacter, file, span, message)
        .with_severity(crate::ast::Severity::Warning)
        .with_label(label)
        .with_help(help)
}

/// `file` with each invisible or direction-changing character replaced by
/// `�` of the same byte length, so that snippets show where it is instead
/// of letting the terminal reorder the line. Positions are unchanged.
fn displayable(file: &SourceFile) -> SourceFile {
    let text: String = file
        .text()
        .chars()
        .map(
            |c| match bidi_control(c).is_some() || invisible(c).is_some() {
                true if c.len_utf8() == 3 => '\u{FFFD}',
                true if c.len_utf8() == 2 => '\u{B7}',
                _ => c,
            },
        )
        .collect();
    SourceFile::new(file.path(), Arc::<str>::from(text))
}

/// Characters that change the display order of text.
fn bidi_control(c: char) -> Option<Suspicion> {
    let name = match c {
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => return None,
    };
    Some(named(c, name, None))
}

/// Characters that show as nothing at all.
fn invisible(c: char) -> Option<Suspicion> {
    let name = match c {
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        _ => return None,
    };
    Some(named(c, name, None))
}

/// Invisible characters and letters that look like an ASCII character.
fn lookalike(c: char) -> Option<Suspicion> {
    if let Some(found) = invisible(c) {
        return Some(found);
    }
    if let Some((name, ascii)) = CONFUSABLES
        .iter()
        .find(|(_, _, k)| *k == c)
        .map(|(n, a, _)| (*n, *a))
    {
        return Some(named(c, name, Some(ascii)));
    }
    fullwidth(c)
}

/// `ａ` (U+FF41) for `a`: the fullwidth forms of the ASCII characters.
fn fullwidth(c: char) -> Option<Suspicion> {
    let code = u32::from(c);
    if !(0xFF01..=0xFF5E).contains(&code) {
        return None;
    }
    let ascii = char::from_u32(code - 0xFEE0)?;
    let name = if ascii.is_ascii_uppercase() {
        format!("FULLWIDTH LATIN CAPITAL LETTER {ascii}")
    } else if ascii.is_ascii_lowercase() {
        format!(
            "FULLWIDTH LATIN SMALL LETTER {}",
            ascii.to_ascii_uppercase()
        )
    } else {
        format!("a FULLWIDTH form of `{ascii}`")
    };
    Some(Suspicion {
        name: format!("U+{code:04X} {name}"),
        looks_like: Some(ascii),
    })
}

fn named(c: char, name: &str, looks_like: Option<char>) -> Suspicion {
    Suspicion {
        name: format!("U+{:04X} {name}", u32::from(c)),
        looks_like,
    }
}

/// Letters of other scripts, and dashes, that are drawn like an ASCII
/// character in common fonts (a subset of Unicode's confusables list,
/// UTS #39): the name, the ASCII character, the character.
const CONFUSABLES: &[(&str, char, char)] = &[
    ("CYRILLIC SMALL LETTER A", 'a', '\u{0430}'),
    ("CYRILLIC SMALL LETTER IE", 'e', '\u{0435}'),
    ("CYRILLIC SMALL LETTER O", 'o', '\u{043E}'),
    ("CYRILLIC SMALL LETTER ER", 'p', '\u{0440}'),
    ("CYRILLIC SMALL LETTER ES", 'c', '\u{0441}'),
    ("CYRILLIC SMALL LETTER U", 'y', '\u{0443}'),
    ("CYRILLIC SMALL LETTER HA", 'x', '\u{0445}'),
    ("CYRILLIC SMALL LETTER DZE", 's', '\u{0455}'),
    (
        "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I",
        'i',
        '\u{0456}',
    ),
    ("CYRILLIC SMALL LETTER JE", 'j', '\u{0458}'),
    ("CYRILLIC SMALL LETTER SHHA", 'h', '\u{04BB}'),
    ("CYRILLIC SMALL LETTER PALOCHKA", 'l', '\u{04CF}'),
    ("CYRILLIC SMALL LETTER KOMI DE", 'd', '\u{0501}'),
    ("CYRILLIC SMALL LETTER QA", 'q', '\u{051B}'),
    ("CYRILLIC SMALL LETTER WE", 'w', '\u{051D}'),
    ("CYRILLIC CAPITAL LETTER DZE", 'S', '\u{0405}'),
    (
        "CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I",
        'I',
        '\u{0406}',
    ),
    ("CYRILLIC CAPITAL LETTER JE", 'J', '\u{0408}'),
    ("CYRILLIC CAPITAL LETTER A", 'A', '\u{0410}'),
    ("CYRILLIC CAPITAL LETTER VE", 'B', '\u{0412}'),
    ("CYRILLIC CAPITAL LETTER IE", 'E', '\u{0415}'),
    ("CYRILLIC CAPITAL LETTER KA", 'K', '\u{041A}'),
    ("CYRILLIC CAPITAL LETTER EM", 'M', '\u{041C}'),
    ("CYRILLIC CAPITAL LETTER EN", 'H', '\u{041D}'),
    ("CYRILLIC CAPITAL LETTER O", 'O', '\u{041E}'),
    ("CYRILLIC CAPITAL LETTER ER", 'P', '\u{0420}'),
    ("CYRILLIC CAPITAL LETTER ES", 'C', '\u{0421}'),
    ("CYRILLIC CAPITAL LETTER TE", 'T', '\u{0422}'),
    ("CYRILLIC CAPITAL LETTER HA", 'X', '\u{0425}'),
    ("GREEK SMALL LETTER ALPHA", 'a', '\u{03B1}'),
    ("GREEK SMALL LETTER IOTA", 'i', '\u{03B9}'),
    ("GREEK SMALL LETTER KAPPA", 'k', '\u{03BA}'),
    ("GREEK SMALL LETTER NU", 'v', '\u{03BD}'),
    ("GREEK SMALL LETTER OMICRON", 'o', '\u{03BF}'),
    ("GREEK SMALL LETTER RHO", 'p', '\u{03C1}'),
    ("GREEK CAPITAL LETTER ALPHA", 'A', '\u{0391}'),
    ("GREEK CAPITAL LETTER BETA", 'B', '\u{0392}'),
    ("GREEK CAPITAL LETTER EPSILON", 'E', '\u{0395}'),
    ("GREEK CAPITAL LETTER ZETA", 'Z', '\u{0396}'),
    ("GREEK CAPITAL LETTER ETA", 'H', '\u{0397}'),
    ("GREEK CAPITAL LETTER IOTA", 'I', '\u{0399}'),
    ("GREEK CAPITAL LETTER KAPPA", 'K', '\u{039A}'),
    ("GREEK CAPITAL LETTER MU", 'M', '\u{039C}'),
    ("GREEK CAPITAL LETTER NU", 'N', '\u{039D}'),
    ("GREEK CAPITAL LETTER OMICRON", 'O', '\u{039F}'),
    ("GREEK CAPITAL LETTER RHO", 'P', '\u{03A1}'),
    ("GREEK CAPITAL LETTER TAU", 'T', '\u{03A4}'),
    ("GREEK CAPITAL LETTER UPSILON", 'Y', '\u{03A5}'),
    ("GREEK CAPITAL LETTER CHI", 'X', '\u{03A7}'),
    ("HYPHEN", '-', '\u{2010}'),
    ("NON-BREAKING HYPHEN", '-', '\u{2011}'),
    ("FIGURE DASH", '-', '\u{2012}'),
    ("EN DASH", '-', '\u{2013}'),
    ("MINUS SIGN", '-', '\u{2212}'),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        let file = SourceFile::new("p.privet", text);
        suspicious(&file)
            .into_iter()
            .map(|d| format!("{} {}", file.line_col(d.primary.span.start), d.message))
            .collect()
    }

    #[test]
    fn a_bidi_control_is_flagged_even_inside_a_string_or_comment() {
        let found = messages("quote \"a\u{202E}b\" # c\u{2066}\n");
        assert_eq!(
            found,
            [
                "1:9 U+202E RIGHT-TO-LEFT OVERRIDE can make this text display differently from what privet reads",
                "1:16 U+2066 LEFT-TO-RIGHT ISOLATE can make this text display differently from what privet reads",
            ]
        );
    }

    #[test]
    fn a_lookalike_letter_is_flagged_in_a_word_but_not_in_a_string() {
        let found = messages("p\u{0430}y data \"p\u{0430}y\"\n");
        assert_eq!(
            found,
            ["1:2 U+0430 CYRILLIC SMALL LETTER A looks like `a` but is a different character"]
        );
        assert_eq!(
            messages("x\u{FF41} \u{2212}1"),
            [
                "1:2 U+FF41 FULLWIDTH LATIN SMALL LETTER A looks like `a` but is a different character",
                "1:4 U+2212 MINUS SIGN looks like `-` but is a different character",
            ]
        );
    }

    #[test]
    fn warnings_stop_at_the_limit_even_within_one_word() {
        let text = "\u{0430}".repeat(100_000);
        assert_eq!(messages(&text).len(), MAX_WARNINGS);
    }

    #[test]
    fn ordinary_letters_of_other_languages_are_not_flagged() {
        assert!(messages("données personnelles ’s café # а\n").is_empty());
    }

    #[test]
    fn the_snippet_shows_a_placeholder_at_the_same_place() {
        let file = SourceFile::new("p.privet", "ab\u{202E}c\u{061C}d");
        let shown = displayable(&file);
        assert_eq!(shown.text(), "ab\u{FFFD}c\u{B7}d");
        assert_eq!(shown.text().len(), file.text().len());
    }

    #[test]
    fn overlong_words_and_strings_are_errors() {
        let word = "w".repeat(MAX_WORD_CHARS + 1);
        let file = SourceFile::new("p.privet", format!("a {word} b"));
        let error = overlong(&file, Span::new(0, file.text().len())).unwrap();
        assert_eq!(file.line_col(error.primary.span.start).to_string(), "1:3");
        assert_eq!(
            error.message,
            "this word is 257 characters long, longer than the 256 privet reads"
        );
        let text = format!("quote \"{}\"", "s".repeat(MAX_STRING_CHARS));
        let file = SourceFile::new("p.privet", text);
        assert!(overlong(&file, Span::new(0, file.text().len())).is_none());
        let text = format!("quote \"{}\"", "s".repeat(MAX_STRING_CHARS + 1));
        let file = SourceFile::new("p.privet", text);
        let error = overlong(&file, Span::new(0, file.text().len())).unwrap();
        assert!(
            error.message.starts_with("this string is 16385 characters"),
            "{}",
            error.message
        );
    }
}
