//! Finding and reading a project's input files.
//!
//! This module and the loaders are the only places that touch the file
//! system; everything after them works on [`SourceFile`]s.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

/// Policy files larger than this are refused rather than parsed.
pub const MAX_POLICY_BYTES: u64 = 16 * 1024 * 1024;

/// How deep directory discovery descends.
const MAX_DEPTH: usize = 32;

/// Every `*.privet` file under `paths` (files are taken as given), sorted
/// and without duplicates so output never depends on directory order.
/// Symbolic links to directories are not followed, so a link loop cannot
/// hang discovery.
pub fn discover_policies(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
            continue;
        }
        if !path.exists() {
            return Err(unreadable(path, "does not exist"));
        }
        for entry in walkdir::WalkDir::new(path)
            .max_depth(MAX_DEPTH)
            .follow_links(false)
        {
            let entry = entry.map_err(|e| unreadable(path, &e.to_string()))?;
            let is_policy = entry.path().extension().is_some_and(|e| e == "privet");
            if is_policy && entry.file_type().is_file() {
                found.push(entry.into_path());
            }
        }
    }
    found.sort();
    found.dedup();
    if found.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| display_path(p)).collect();
        let file = SourceFile::new(shown.join(", "), "");
        let message = format!("no `.privet` files found in {}", shown.join(", "));
        let help = "point `--rules` at a `.privet` file or a directory that holds some";
        let error = Diagnostic::error(Code::IoNoRules, &file, Span::default(), message);
        return Err(Box::new(error.with_help(help)));
    }
    Ok(found)
}

/// Reads a policy file as UTF-8 text, refusing oversized and binary files.
pub fn read_policy(path: &Path) -> Result<SourceFile, Box<Diagnostic>> {
    let shown = display_path(path);
    let size = std::fs::metadata(path)
        .map_err(|e| unreadable(path, &e.to_string()))?
        .len();
    if size > MAX_POLICY_BYTES {
        let reason =
            format!("is {size} bytes; policy files are limited to {MAX_POLICY_BYTES} bytes");
        return Err(unreadable(path, &reason));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e.to_string()))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(shown, text)),
        Err(error) => Err(not_text(&shown, error)),
    }
}

fn not_text(shown: &str, error: std::string::FromUtf8Error) -> Box<Diagnostic> {
    let valid_up_to = error.utf8_error().valid_up_to();
    let bytes = error.into_bytes();
    // Show the valid prefix so the location reads as a line and column.
    let prefix = bytes
        .get(..valid_up_to)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("");
    let file = SourceFile::new(shown, prefix);
    let at = prefix.len();
    let error = Diagnostic::error(
        Code::IoNotText,
        &file,
        Span::new(at, at),
        "this file is not UTF-8 text",
    );
    Box::new(
        error
            .with_label("the first byte that is not UTF-8")
            .with_help("save the file as UTF-8; policy, inventory and config files are text"),
    )
}

fn unreadable(path: &Path, reason: &str) -> Box<Diagnostic> {
    let shown = display_path(path);
    let file = SourceFile::new(&shown, "");
    let message = format!("cannot read `{shown}`: {reason}");
    let error = Diagnostic::error(Code::IoUnreadable, &file, Span::default(), message);
    Box::new(error.with_help("check the path and its permissions"))
}

/// `path` relative to the working directory when it lies below it.
pub fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative.as_deref().unwrap_or(path).display().to_string()
}
