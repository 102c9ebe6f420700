//! `privet explain`: prints a code's page, or the list of codes.

use std::io::Write;

use super::{ExitStatus, ExplainArgs};
use crate::explain;

/// Prints the explanation of a code (exit 0), or the list of codes; an
/// unknown code is an error with a suggestion (exit 2).
pub fn run(args: &ExplainArgs) -> ExitStatus {
    if args.list {
        return print(&explain::list());
    }
    // clap requires a code when `--list` is absent.
    let Some(written) = &args.code else {
        return ExitStatus::Error;
    };
    match explain::lookup(written) {
        Ok(code) => print(&page_text(code)),
        Err(unknown) => {
            let text = format!("error: {}\nhelp: {}\n", unknown.message(), unknown.help());
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
            ExitStatus::Error
        }
    }
}

/// The code's page; a code registered without one (a test forbids it)
/// still gets its summary.
fn page_text(code: crate::diagnostic::Code) -> String {
    match explain::page(code) {
        Some(page) => page.to_owned(),
        None => format!("# {}\n\n{}\n", code.as_str(), code.summary()),
    }
}

fn print(text: &str) -> ExitStatus {
    // As for `privet check`: a closed pipe (`privet explain --list | head`)
    // is the reader's choice, not a failure.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitStatus::Success
}
