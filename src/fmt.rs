//! `privet fmt`: the canonical layout of `.privet` files.
//!
//! The formatter changes only blank space. It keeps every word, string and
//! comment as written, in the same order, so a formatted policy says what
//! the original said; before returning, it parses its own output and
//! refuses (with an error) if the syntax tree or the comments differ in
//! anything but position. A file with syntax errors is never formatted.
//!
//! The layout:
//!
//! - top-level blocks are separated by one empty line; comments written
//!   just before a block stay with it;
//! - inside `{ }`, each header field, `quote`, `section`, `severity` and
//!   statement is on a line of its own, indented two spaces (`;` between
//!   statements becomes a line break); `}` closes the block on its own line;
//! - the values of a header's fields are aligned one space past its
//!   longest field keyword (`source    "…"` under `effective 2024-07-15`);
//! - words are separated by one space, a comma is followed by one; words
//!   written touching (`a."b c".d`) stay touching;
//! - a list broken over several lines after `,`, `and` or `or` keeps its
//!   line breaks, and its continuation lines are indented two more spaces;
//!   `and`/`or` between list items are kept as written, never added or
//!   swapped, since a reader weighs them even where privet does not;
//! - strings (titles, quotes, sections, globs) are kept byte for byte,
//!   including line breaks and the indentation inside them: re-wrapping a
//!   quote would change the quoted text;
//! - a comment on a line of its own is indented like the line after it; a
//!   comment after code follows it after one space; trailing blanks are
//!   removed;
//! - at most one empty line in a row, none at the start or end of a block
//!   or file, none inside a broken list; lines end with `\n` and the file
//!   with exactly one.
//!
//! Formatting is idempotent: a formatted file formats to itself.

mod layout;
mod lex;
mod meaning;

pub use meaning::same_meaning;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};
use crate::syntax;

/// The name diagnostics from [`format_source`] carry.
pub const UNNAMED: &str = "<input>.privet";

/// Formats policy text. Pure: reads and writes nothing.
///
/// Returns the formatted text, or the file's syntax errors (spans are
/// byte offsets into `text`; the file name is [`UNNAMED`]).
pub fn format_source(text: &str) -> Result<String, Vec<Diagnostic>> {
    format_file(&SourceFile::new(UNNAMED, text))
}

/// Formats one policy file; diagnostics name the file.
pub fn format_file(file: &SourceFile) -> Result<String, Vec<Diagnostic>> {
    let parsed = syntax::parse(file);
    if !parsed.errors.is_empty() {
        return Err(parsed.errors);
    }
    // A byte-order mark stays where it is, outside the layout.
    let (bom, text) = match file.text().strip_prefix('\u{FEFF}') {
        Some(rest) => ("\u{FEFF}", rest),
        None => ("", file.text()),
    };
    let formatted = format!("{bom}{}", layout::layout(&lex::tokens(text)));
    let again = syntax::parse(&SourceFile::new(file.path(), formatted.as_str()));
    if !again.errors.is_empty() || !same_meaning(&parsed.ast, &again.ast) {
        return Err(vec![would_change_meaning(file)]);
    }
    Ok(formatted)
}

/// The error for a layout that would not read back the same (a bug).
fn would_change_meaning(file: &SourceFile) -> Diagnostic {
    let end = file.text().find(['\n', '\r']).unwrap_or(file.text().len());
    Diagnostic::error(
        Code::SyntaxUnexpected,
        file,
        Span::new(0, end),
        "privet could not format this file without changing what it says",
    )
    .with_label("the file was left as it was")
    .with_help("this is a bug in privet; please report it with this file")
}
