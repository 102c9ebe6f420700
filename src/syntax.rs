//! Parsing `.privet` text into the syntax tree ([`crate::ast`]).
//!
//! The grammar lives in `grammar/privet.pest`. A file is first split into
//! top-level blocks ([`chunk`]) and each block is parsed on its own, so one
//! mistake does not hide the next; parse trees are then lowered to typed
//! AST nodes ([`lower`]) and pest's errors are reworded in plain English
//! ([`expected`]).

mod chunk;
mod expected;
mod lexical;
mod lower;

pub use lexical::{MAX_STRING_CHARS, MAX_WORD_CHARS};

use pest::Parser as _;

use crate::ast::PolicyFile;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

mod grammar {
    /// The pest parser generated from `grammar/privet.pest`.
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/privet.pest"]
    pub(crate) struct PrivetParser;
}

use grammar::{PrivetParser, Rule};

/// The most syntax errors reported for one file. Past them privet stops
/// reading the file: a file that is not a policy at all (or is one block
/// opened a hundred thousand times) would otherwise bury the first, useful
/// errors under pages of the same one.
pub const MAX_ERRORS: usize = 100;

/// The byte-order mark, skipped at the start of a file.
const BOM: char = '\u{FEFF}';

/// What parsing a file produced: the blocks that parsed, and an error for
/// each block that did not.
#[derive(Debug)]
pub struct Parsed {
    /// The syntax tree of every block that parsed.
    pub ast: PolicyFile,
    /// Syntax errors, in file order.
    pub errors: Vec<Diagnostic>,
    /// Warnings about characters that may make the file read differently
    /// from what privet parses (bidirectional controls, lookalike letters).
    pub warnings: Vec<Diagnostic>,
}

/// Parses a whole `.privet` file.
pub fn parse(file: &SourceFile) -> Parsed {
    let chunks = chunk::split(file.text());
    let mut ast = PolicyFile::default();
    let mut errors = Vec::new();
    for mut span in chunks.spans {
        // A byte-order mark is how some editors start a UTF-8 file.
        if span.start == 0 && file.text().starts_with(BOM) {
            span.start = BOM.len_utf8();
        }
        if errors.len() >= MAX_ERRORS {
            errors.push(too_many_errors(file, span.start));
            break;
        }
        if let Some(error) = lexical::overlong(file, span) {
            errors.push(error);
            continue;
        }
        if let Some(open) = chunks
            .unclosed_string
            .filter(|&o| o >= span.start && o < span.end)
        {
            errors.push(unclosed_string(file, open));
            continue;
        }
        let text = file.slice(span);
        match PrivetParser::parse(Rule::chunk, text) {
            Ok(pairs) => {
                if let Err(error) = lower::lower_chunk(pairs, span.start, &mut ast) {
                    errors.push(error.into_diagnostic(file));
                }
            }
            Err(error) => errors.push(expected::syntax_error(&error, file, span)),
        }
    }
    let warnings = lexical::suspicious(file);
    Parsed {
        ast,
        errors,
        warnings,
    }
}

fn unclosed_string(file: &SourceFile, open: usize) -> Diagnostic {
    Diagnostic::error(
        Code::SyntaxUnclosedString,
        file,
        Span::new(open, open + 1),
        "this string is never closed",
    )
    .with_label("the string starts here and runs to the end of the file")
    .with_help("add a closing `\"` where the text should end")
}

/// The note that ends a file's errors once there are [`MAX_ERRORS`].
fn too_many_errors(file: &SourceFile, at: usize) -> Diagnostic {
    let width = file.text().get(at..).and_then(|rest| rest.chars().next());
    Diagnostic::error(
        Code::SyntaxUnexpected,
        file,
        Span::new(at, at + width.map_or(0, char::len_utf8)),
        format!("privet stopped reading this file after {MAX_ERRORS} syntax errors"),
    )
    .with_label("not read from here on")
    .with_help("fix the errors above, then run privet again")
}
