//! Finding the policy and inventory files under the paths a project names.

use std::path::{Path, PathBuf};

use super::display_path;
use super::read::{io_reason, unreadable};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

/// How deep directory discovery descends.
pub const MAX_DEPTH: usize = 32;

/// The most policy or inventory files one run reads.
pub const MAX_FILES: usize = 100_000;

/// Every `*.privet` file under `paths` (files are taken as given), sorted
/// and without duplicates so output never depends on directory order.
/// Symbolic links to directories are not followed, so a link loop cannot
/// hang discovery. A link to a file is read when its target lies inside
/// the directory being searched; a link that leads outside it, or nowhere
/// (a loop, a missing target), is an error naming the link, so a policy
/// repository cannot make privet read a file elsewhere on the machine. A
/// missing path, more than [`MAX_FILES`] files, or no policy file at all,
/// is an error.
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
        .follow_links(false)
        .sort_by_file_name();
    let inside = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    for entry in walker {
        let entry = entry.map_err(|error| {
            let at = error.path().unwrap_or(dir);
            let reason = error
                .io_error()
                .map_or_else(|| error.to_string(), io_reason);
            unreadable(&display_path(at), &reason)
        })?;
        if entry.depth() == MAX_DEPTH && entry.file_type().is_dir() {
            let reason = format!("directories nest more than {MAX_DEPTH} levels below it");
            return Err(unreadable(&display_path(dir), &reason));
        }
        if !wanted(entry.path()) {
            continue;
        }
        let path = if entry.file_type().is_symlink() {
            // The target, named below `dir`: read once, however many links
            // lead to it.
            let target = linked_file(&inside, entry.path())?;
            dir.join(target.strip_prefix(&inside).unwrap_or(&target))
        } else if entry.file_type().is_file() {
            entry.into_path()
        } else {
            continue;
        };
        if found.len() >= MAX_FILES {
            let reason = format!("it holds more than {MAX_FILES} files, the most privet reads");
            return Err(unreadable(&display_path(dir), &reason));
        }
        found.push(path);
    }
    Ok(())
}

/// The target of the symbolic link at `link`, if it is a regular file
/// inside the directory `inside` (canonical).
fn linked_file(inside: &Path, link: &Path) -> Result<PathBuf, Box<Diagnostic>> {
    let shown = display_path(link);
    let Ok(target) = link.canonicalize() else {
        let reason = "it is a symbolic link that leads nowhere (a loop or a missing file)";
        return Err(unreadable(&shown, reason));
    };
    if !target.starts_with(inside) {
        let reason = format!(
            "it is a symbolic link to a file outside `{}`, which privet does not read",
            display_path(inside)
        );
        let help = "copy the file into the project, or remove the link";
        return Err(Box::new((*unreadable(&shown, &reason)).with_help(help)));
    }
    if !target.is_file() {
        return Err(unreadable(
            &shown,
            "it is a symbolic link to something that is not a file",
        ));
    }
    Ok(target)
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .is_some_and(|ext| extensions.iter().any(|wanted| ext == *wanted))
}
