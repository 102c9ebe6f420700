//! `privet convert fides <files>`: prints the `.privet` policy equivalent
//! to the Fides `policy:` resources of each file, so a team can move to the
//! commitment language at its own pace.
//!
//! Exit 0 when every rule is converted; 2 when a file cannot be read or a
//! rule has no equivalent statement (the rest is still printed, and each
//! rule left out is named on stderr with its location).

use std::io::Write;

use super::{ConvertArgs, ConvertFrom, ExitStatus};
use crate::fides_policy::{self, convert};
use crate::render::human::{self, Style};
use crate::source::SourceFile;
use crate::taxonomy::Taxonomy;

/// Converts the files and prints the result.
pub fn run(args: &ConvertArgs) -> ExitStatus {
    match args.from {
        ConvertFrom::Fides => fides(args),
    }
}

fn fides(args: &ConvertArgs) -> ExitStatus {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in &args.files {
        let shown = path.display().to_string();
        match crate::project::read_yaml(path, &shown) {
            Ok(file) => files.push(file),
            Err(error) => errors.push(*error),
        }
    }
    let read = fides_policy::read(&files).unwrap_or_else(|e| {
        errors.extend(e);
        Vec::new()
    });
    // Custom entries in the files extend the taxonomy, as in `privet check`.
    let (taxonomy, custom) = crate::inventory::fides::extend_taxonomy(Taxonomy::builtin(), &files);
    errors.extend(custom);
    let mut text = String::new();
    let mut notes = String::new();
    for (file, raw) in &read {
        let converted = convert::convert(file, raw, &taxonomy);
        text.push_str(&converted.text);
        for rule in &converted.unconverted {
            notes.push_str(&note(&rule.file, rule.span.start, &rule.reason));
        }
    }
    if !errors.is_empty() {
        notes.push_str(&human::render(&errors, Style::PLAIN));
    }
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    let _ = std::io::stderr().lock().write_all(notes.as_bytes());
    if notes.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    }
}

fn note(file: &SourceFile, offset: usize, reason: &str) -> String {
    let at = file.line_col(offset);
    format!(
        "error: {}:{}:{}: rule not converted: {reason}\n",
        file.path().display(),
        at.line,
        at.column
    )
}
