//! Finding the policy and inventory files under the paths a project names.

use std::path::{Path, PathBuf};

use super::display_path;
use super::read::{io_reason, unreadable};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

/// How deep directory discovery descends.
const MAX_DEPTH: usize = 32;

/// Every `*.privet` file under `paths` (files are taken as given), sorted
/// and without duplicates so output never depends on directory order.
/// Symbolic links inside directories are not followed, so a link loop
/// cannot hang discovery. A missing path, or no policy file at all, is an
/// error.
pub fn discover_policies(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let found = discover(paths, |path| has_extension(path, &["privet"]))?;
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

/// Every `*.yaml` and `*.yml` file under `paths`, found as
/// [`discover_policies`] finds policies. A missing path is an error; no
/// file at all is not (a project may have no inventory yet), so the result
/// may be empty.
pub fn discover_inventory(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    discover(paths, |path| has_extension(path, &["yaml", "yml"]))
}

/// Files given in `paths` as they are, plus the regular files under the
/// directories in `paths` that are `wanted`, sorted and deduplicated.
fn discover(
    paths: &[PathBuf],
    wanted: impl Fn(&Path) -> bool,
) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
        } else if path.exists() {
            walk(path, &wanted, &mut found)?;
        } else {
            return Err(unreadable(&display_path(path), "does not exist"));
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// Adds the wanted regular files under `dir` to `found`.
fn walk(
    dir: &Path,
    wanted: impl Fn(&Path) -> bool,
    found: &mut Vec<PathBuf>,
) -> Result<(), Box<Diagnostic>> {
    let walker = walkdir::WalkDir::new(dir)
        .max_depth(MAX_DEPTH)
        .follow_links(false);
    for entry in walker {
        let entry = entry.map_err(|error| {
            let at = error.path().unwrap_or(dir);
            let reason = error
                .io_error()
                .map_or_else(|| error.to_string(), io_reason);
            unreadable(&display_path(at), &reason)
        })?;
        if entry.file_type().is_file() && wanted(entry.path()) {
            found.push(entry.into_path());
        }
    }
    Ok(())
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .is_some_and(|ext| extensions.iter().any(|wanted| ext == *wanted))
}
