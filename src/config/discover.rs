//! Finding and reading config files, confined to the project root.
//!
//! The root is walked once into a [`ConfigIndex`] of YAML files; every
//! `config` statement's glob is then matched against that index in memory.
//! Symbolic links are never followed into directories (so a link loop
//! cannot hang the walk), and a linked file is indexed only if its target
//! lies inside the root, so no glob reaches a file outside the project.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use globset::GlobBuilder;
use walkdir::{DirEntry, WalkDir};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};
use crate::yaml;

/// The most YAML files one project may hold.
pub const MAX_CONFIG_FILES: usize = 100_000;

/// The deepest a YAML file may lie below the project root, in directories.
pub const MAX_DIRECTORY_DEPTH: usize = 64;

/// Directories that hold tools' files, never a project's own config.
const SKIPPED_DIRECTORIES: [&str; 3] = [".git", "target", "node_modules"];

/// Every YAML file under a project root, by relative path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigIndex {
    // Relative, `/`-separated and sorted, so matches come out sorted.
    files: Vec<String>,
}

impl ConfigIndex {
    /// An index of these relative, `/`-separated paths (sorted here).
    pub fn from_paths(paths: impl IntoIterator<Item = String>) -> Self {
        let mut files: Vec<String> = paths.into_iter().collect();
        files.sort();
        files.dedup();
        Self { files }
    }

    /// Every indexed file, sorted.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// The indexed files `glob` matches, sorted. `*`, `?` and `[...]` stay
    /// within one directory; `**` crosses any number of them. A leading
    /// `./` is ignored.
    ///
    /// A glob that is empty, absolute or contains `..` is refused, as is
    /// one globset cannot parse; the error says why, in plain words.
    pub fn matching(&self, glob: &str) -> Result<Vec<&str>, String> {
        let glob = confined(glob)?;
        let matcher = GlobBuilder::new(glob)
            .literal_separator(true)
            .build()
            .map_err(|error| error.kind().to_string())?
            .compile_matcher();
        let matched = self
            .files
            .iter()
            .filter(|file| matcher.is_match(file.as_str()));
        Ok(matched.map(String::as_str).collect())
    }
}

/// `glob` without a leading `./`, if it stays inside the project root. The
/// resolver refuses such globs already; this is defence in depth.
fn confined(glob: &str) -> Result<&str, String> {
    let mut glob = glob;
    while let Some(rest) = glob.strip_prefix("./") {
        glob = rest;
    }
    if glob.is_empty() {
        return Err("the file pattern is empty".to_owned());
    }
    if is_absolute(glob) {
        return Err("the file pattern is an absolute path".to_owned());
    }
    if glob.split(['/', '\\']).any(|part| part == "..") {
        return Err("the file pattern climbs out of the project with `..`".to_owned());
    }
    Ok(glob)
}

/// Absolute on any platform: `/x`, `\x`, `C:x`.
fn is_absolute(path: &str) -> bool {
    path.starts_with(['/', '\\']) || path.get(1..2) == Some(":")
}

/// Walks `root` once and indexes every `.yaml` and `.yml` file below it,
/// skipping `.git`, `target` and `node_modules` directories.
///
/// More than [`MAX_CONFIG_FILES`] files, directories nested deeper than
/// [`MAX_DIRECTORY_DEPTH`], or a directory that cannot be read are errors.
pub fn discover(root: &Path) -> Result<ConfigIndex, Box<Diagnostic>> {
    let root = canonical_root(root)?;
    let walk = WalkDir::new(&root)
        .follow_links(false)
        .max_depth(MAX_DIRECTORY_DEPTH + 1)
        .into_iter()
        .filter_entry(|entry| !is_skipped(entry));
    let mut files = Vec::new();
    for entry in walk {
        let entry = entry.map_err(|error| walk_error(&root, &error))?;
        if entry.depth() > MAX_DIRECTORY_DEPTH {
            return Err(too_deep(&root, entry.path()));
        }
        if let Some(relative) = indexed_path(&root, &entry) {
            if files.len() == MAX_CONFIG_FILES {
                return Err(too_many());
            }
            files.push(relative);
        }
    }
    Ok(ConfigIndex::from_paths(files))
}

fn canonical_root(root: &Path) -> Result<PathBuf, Box<Diagnostic>> {
    root.canonicalize()
        .map_err(|error| unreadable(&root.display().to_string(), &error.to_string()))
}

/// A directory to skip (never the root itself, whatever its name).
fn is_skipped(entry: &DirEntry) -> bool {
    let name = entry.file_name().to_str().unwrap_or("");
    entry.depth() > 0 && entry.file_type().is_dir() && SKIPPED_DIRECTORIES.contains(&name)
}

/// The relative path of `entry` if it is a YAML file inside `root`: a
/// regular file, or a symbolic link whose target is a regular file inside
/// the root. Names that are not UTF-8 cannot be written in a glob, so they
/// are not indexed.
fn indexed_path(root: &Path, entry: &DirEntry) -> Option<String> {
    let is_yaml = matches!(
        entry.path().extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let kind = entry.file_type();
    let inside = kind.is_file() || (kind.is_symlink() && target_inside(root, entry.path()));
    if !is_yaml || !inside {
        return None;
    }
    relative_text(entry.path().strip_prefix(root).ok()?)
}

/// Whether the link at `path` resolves (through any chain of links) to a
/// regular file inside `root`. A loop or a dangling link resolves nowhere.
fn target_inside(root: &Path, path: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|target| target.starts_with(root) && target.is_file())
}

/// `relative` as `/`-separated text, if every part is UTF-8.
fn relative_text(relative: &Path) -> Option<String> {
    let parts = relative.components().map(|part| match part {
        Component::Normal(name) => name.to_str(),
        _ => None,
    });
    parts
        .collect::<Option<Vec<_>>>()
        .map(|parts| parts.join("/"))
}

/// Reads the config file at `relative` (as listed by a [`ConfigIndex`])
/// below `root`, as UTF-8 text of at most [`yaml::MAX_FILE_BYTES`].
///
/// The file's displayed path is `relative`. A path that leaves the root,
/// directly or through a symbolic link, is refused.
pub fn read(root: &Path, relative: &str) -> Result<SourceFile, Box<Diagnostic>> {
    confined(relative).map_err(|reason| unreadable(relative, &reason))?;
    let root = canonical_root(root)?;
    let target = root
        .join(relative)
        .canonicalize()
        .map_err(|error| unreadable(relative, &error.to_string()))?;
    if !target.starts_with(&root) {
        return Err(unreadable(relative, "it leads outside the project root"));
    }
    // Measured first, so that a huge (or sparse) file is refused unread.
    let size = std::fs::metadata(&target).map_or(0, |m| m.len());
    if size > u64::try_from(yaml::MAX_FILE_BYTES).unwrap_or(u64::MAX) {
        let reason = format!("it is {size} bytes, {}", too_large());
        let help = "split the file, or narrow the `config` pattern that matches it";
        return Err(Box::new((*unreadable(relative, &reason)).with_help(help)));
    }
    let bytes = read_limited(&target).map_err(|reason| unreadable(relative, &reason))?;
    match String::from_utf8(bytes) {
        Ok(text) => match crate::project::control_character(relative, &text) {
            Some(error) => Err(error),
            None => Ok(SourceFile::new(relative, text)),
        },
        Err(error) => Err(not_text(relative, error)),
    }
}

/// The bytes of `path`, refusing a file larger than YAML may be. Reads at
/// most one byte past the limit, so a file that grows meanwhile is still
/// caught.
fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|error| error.to_string())?;
    let limit = u64::try_from(yaml::MAX_FILE_BYTES).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| error.to_string())?;
    if bytes.len() > yaml::MAX_FILE_BYTES {
        return Err(format!("it is {}", too_large()));
    }
    Ok(bytes)
}

fn too_large() -> String {
    let mib = yaml::MAX_FILE_BYTES / (1024 * 1024);
    format!("larger than {mib} MiB, the most privet reads")
}

/// The file is shown up to its first byte that is not UTF-8, which is
/// drawn as `�` so the error can point at it by line and column. (The rest
/// is left out: it may be binary, and nothing after the bad byte matters.)
fn not_text(relative: &str, error: std::string::FromUtf8Error) -> Box<Diagnostic> {
    let valid_up_to = error.utf8_error().valid_up_to();
    let bytes = error.into_bytes();
    let prefix = bytes
        .get(..valid_up_to)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("");
    let replacement = char::REPLACEMENT_CHARACTER;
    let file = SourceFile::new(relative, format!("{prefix}{replacement}"));
    let at = Span::new(prefix.len(), prefix.len() + replacement.len_utf8());
    let message = "this config file is not UTF-8 text";
    let diagnostic = Diagnostic::error(Code::IoNotText, &file, at, message)
        .with_label("the first byte that is not UTF-8")
        .with_help("save the file as UTF-8, or narrow the `config` pattern that matches it");
    Box::new(diagnostic)
}

fn unreadable(shown: &str, reason: &str) -> Box<Diagnostic> {
    let file = SourceFile::new(shown, "");
    let message = format!("cannot read `{shown}`: {reason}");
    let diagnostic = Diagnostic::error(Code::IoUnreadable, &file, Span::default(), message);
    Box::new(diagnostic.with_help("check the path and its permissions"))
}

/// A walk error, shown with the path relative to the root where possible.
fn walk_error(root: &Path, error: &walkdir::Error) -> Box<Diagnostic> {
    let path = error.path().unwrap_or(root);
    let reason = error
        .io_error()
        .map_or_else(|| error.to_string(), ToString::to_string);
    unreadable(&shown(root, path), &reason)
}

fn too_deep(root: &Path, path: &Path) -> Box<Diagnostic> {
    let reason =
        format!("directories nest more than {MAX_DIRECTORY_DEPTH} levels below the project root");
    unreadable(&shown(root, path), &reason)
}

fn too_many() -> Box<Diagnostic> {
    let reason =
        format!("it holds more than {MAX_CONFIG_FILES} YAML files, the most privet indexes");
    // The root as users see it from there: the path itself would differ
    // from machine to machine.
    unreadable(".", &reason)
}

/// `path` relative to `root` when it lies below it.
fn shown(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).ok().and_then(relative_text);
    relative.unwrap_or_else(|| path.display().to_string())
}
