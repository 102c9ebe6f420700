//! Parsing `.privet` text into the syntax tree ([`crate::ast`]).
//!
//! The grammar lives in `grammar/privet.pest`. A file is first split into
//! top-level blocks ([`chunk`]) and each block is parsed on its own, so one
//! mistake does not hide the next; parse trees are then lowered to typed
//! AST nodes ([`lower`]) and pest's errors are reworded in plain English
//! ([`expected`]).

mod chunk;
mod expected;
mod lower;

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

/// What parsing a file produced: the blocks that parsed, and an error for
/// each block that did not.
#[derive(Debug)]
pub struct Parsed {
    /// The syntax tree of every block that parsed.
    pub ast: PolicyFile,
    /// Syntax errors, in file order.
    pub errors: Vec<Diagnostic>,
}

/// Parses a whole `.privet` file.
pub fn parse(file: &SourceFile) -> Parsed {
    let chunks = chunk::split(file.text());
    let mut ast = PolicyFile::default();
    let mut errors = Vec::new();
    for span in chunks.spans {
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
    Parsed { ast, errors }
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
