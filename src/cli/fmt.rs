//! `privet fmt`: formats `.privet` files in place, or with `--check` prints
//! a diff for each file that is not formatted and changes nothing.
//!
//! A file that does not parse is reported and never touched. A formatted
//! file replaces the original atomically: it is written to a temporary
//! file in the same directory, flushed to disk, then renamed over the
//! original, so an interrupted run leaves either the old or the new file.

use std::fs::{File, OpenOptions};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{ExitStatus, FmtArgs};
use crate::diagnostic::{Code, Diagnostic};
use crate::project;
use crate::render::human::{self, Style};
use crate::source::{SourceFile, Span};

/// What happened to one file.
enum Outcome {
    /// Already formatted.
    Unchanged,
    /// Not formatted: rewritten, or (with `--check`) reported.
    Changed,
    /// Not formatted because it could not be read, parsed or written.
    Failed,
}

/// Formats the files (or checks them with `--check`).
pub fn run(args: &FmtArgs) -> ExitStatus {
    let files = match policy_files(&args.paths) {
        Ok(files) => files,
        Err(errors) => {
            print_errors(&errors);
            return ExitStatus::Error;
        }
    };
    let outcomes: Vec<(PathBuf, Outcome)> = files
        .into_iter()
        .map(|path| {
            let outcome = format_path(&path, args.check);
            (path, outcome)
        })
        .collect();
    summarize(&outcomes, args.check)
}

/// The `.privet` files under `paths`, or under the project's rules when
/// no path is given.
fn policy_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let paths = if paths.is_empty() {
        let cwd = std::env::current_dir().unwrap_or_default();
        project::load(None, &cwd)?.rules
    } else {
        paths.to_vec()
    };
    project::discover_policies(&paths).map_err(|e| vec![*e])
}

/// Reads, formats and writes (or diffs) one file.
fn format_path(path: &Path, check: bool) -> Outcome {
    let file = match project::read_policy(path, &project::display_path(path)) {
        Ok(file) => file,
        Err(error) => return failed(vec![*error]),
    };
    let formatted = match crate::fmt::format_file(&file) {
        Ok(text) => text,
        Err(errors) => return failed(errors),
    };
    if formatted == file.text() {
        return Outcome::Unchanged;
    }
    if check {
        print_diff(&file, &formatted);
        return Outcome::Changed;
    }
    match write_atomically(path, &formatted) {
        Ok(()) => Outcome::Changed,
        Err(error) => failed(vec![unwritable(&file, &error)]),
    }
}

fn failed(errors: Vec<Diagnostic>) -> Outcome {
    print_errors(&errors);
    Outcome::Failed
}

/// Prints one line per changed file and a count, and maps the outcomes to
/// the exit status: 2 if a file failed, 1 if `--check` found one not
/// formatted, 0 otherwise.
fn summarize(outcomes: &[(PathBuf, Outcome)], check: bool) -> ExitStatus {
    let count = |wanted: fn(&Outcome) -> bool| outcomes.iter().filter(|(_, o)| wanted(o)).count();
    let changed = count(|o| matches!(o, Outcome::Changed));
    let failed = count(|o| matches!(o, Outcome::Failed));
    let text = summary(outcomes, check, count(|o| matches!(o, Outcome::Unchanged)));
    let _ = io::stderr().lock().write_all(text.as_bytes());
    match (failed, changed) {
        (1.., _) => ExitStatus::Error,
        (0, 1..) if check => ExitStatus::Failure,
        _ => ExitStatus::Success,
    }
}

/// `reformatted rules/a.privet` lines, then
/// `1 file reformatted, 2 files already formatted[, 1 file not formatted
/// because of errors]`.
fn summary(outcomes: &[(PathBuf, Outcome)], check: bool, unchanged: usize) -> String {
    let (verb, done) = if check {
        ("would reformat", "would be reformatted")
    } else {
        ("reformatted", "reformatted")
    };
    let mut out = String::new();
    let (mut changed, mut failed) = (0, 0);
    for (path, outcome) in outcomes {
        match outcome {
            Outcome::Changed => {
                changed += 1;
                out.push_str(&format!("{verb} {}\n", project::display_path(path)));
            }
            Outcome::Failed => failed += 1,
            Outcome::Unchanged => {}
        }
    }
    out.push_str(&format!(
        "{} {done}, {} already formatted",
        files(changed),
        files(unchanged)
    ));
    if failed > 0 {
        out.push_str(&format!(
            ", {} not formatted because of errors",
            files(failed)
        ));
    }
    out.push('\n');
    out
}

fn files(n: usize) -> String {
    format!("{n} file{}", if n == 1 { "" } else { "s" })
}

/// Prints a unified diff from the file to its formatted text on stdout.
fn print_diff(file: &SourceFile, formatted: &str) {
    let shown = file.path().display().to_string();
    // Patience diffing anchors on lines that occur once (commitment ids,
    // quotes), so a file with blank space changed on every block still
    // diffs in about linear time; the default (Myers) takes quadratic time
    // on such a file, minutes for a few megabytes.
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_lines(file.text(), formatted);
    let diff = diff
        .unified_diff()
        .context_radius(3)
        .header(&shown, &format!("{shown} (formatted)"))
        .to_string();
    let _ = io::stdout().lock().write_all(diff.as_bytes());
}

fn print_errors(errors: &[Diagnostic]) {
    let stderr = io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let width = if color { 120 } else { Style::PLAIN.width };
    let text = human::render(errors, Style { color, width });
    let _ = stderr.lock().write_all(text.as_bytes());
}

/// The error for a formatted file that could not be written back.
fn unwritable(file: &SourceFile, error: &io::Error) -> Diagnostic {
    let message = format!(
        "could not write the formatted `{}`: {error}",
        file.path().display()
    );
    Diagnostic::error(Code::IoUnreadable, file, Span::default(), message).with_help(
        "check that the file and its directory are writable; the file was left as it was",
    )
}

/// Replaces the contents of `path` with `text` so that readers see either
/// the old or the new file, never a part. A symbolic link is followed, so
/// the link stays a link; the file keeps its permissions.
fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let dir = target
        .parent()
        .ok_or_else(|| io::Error::other("the file has no directory"))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let permissions = std::fs::metadata(&target)?.permissions();
    let (temporary, mut file) = create_temporary(dir, &name)?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.set_permissions(permissions))
        .and_then(|()| file.sync_all());
    drop(file);
    let renamed = written.and_then(|()| std::fs::rename(&temporary, &target));
    if renamed.is_err() {
        // Best effort: the original is intact either way.
        let _ = std::fs::remove_file(&temporary);
    }
    renamed
}

/// A new file next to the one being replaced, named so that no policy
/// discovery picks it up (`.acme.privet.<pid>.<n>.tmp`).
fn create_temporary(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    for attempt in 0..100 {
        let path = dir.join(format!(".{name}.{pid}.{attempt}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free name for a temporary file",
    ))
}
