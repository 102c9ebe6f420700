//! `privet check`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::{CheckArgs, ExitStatus};
use crate::ast::Severity;
use crate::diagnostic::Diagnostic;
use crate::render::human::{self, Style};
use crate::taxonomy::Taxonomy;
use crate::{project, rules};

/// Parses and resolves every policy file, printing every problem.
pub fn run(args: &CheckArgs) -> ExitStatus {
    let paths = if args.rules.is_empty() {
        vec![PathBuf::from("rules")]
    } else {
        args.rules.clone()
    };
    let diagnostics = match project::discover_policies(&paths) {
        Ok(files) => check_files(&files),
        Err(error) => vec![*error],
    };
    report(&diagnostics);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    }
}

fn check_files(paths: &[PathBuf]) -> Vec<Diagnostic> {
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        match project::read_policy(path) {
            Ok(source) => sources.push(source),
            Err(error) => diagnostics.push(*error),
        }
    }
    let loaded = rules::load(&sources, Taxonomy::builtin());
    diagnostics.extend(loaded.diagnostics);
    diagnostics
}

fn report(diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let stderr = std::io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let width = if color { 120 } else { Style::PLAIN.width };
    let text = human::render(diagnostics, Style { color, width });
    let _ = stderr.lock().write_all(text.as_bytes());
}
