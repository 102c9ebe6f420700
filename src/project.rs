//! The project: where its policies, inventory, config and waivers live, and
//! finding and reading those files.
//!
//! A project is the directory holding `privet.yaml`, found by walking up
//! from the working directory ([`find_root`]); without one, the working
//! directory with default paths ([`load`]). This module and the loaders are
//! the only places that touch the file system; everything after them works
//! on [`SourceFile`]s.

mod discover;
mod file;
pub(crate) mod keys;
mod read;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use self::discover::{discover_inventory, discover_policies};
pub(crate) use self::read::control_character;
pub use self::read::{MAX_POLICY_BYTES, read_policy, read_yaml, yaml_diagnostic};
use crate::ast::Severity;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Spanned};
use crate::waiver::{self, Waivers};

/// The name of the project file.
pub const FILE_NAME: &str = "privet.yaml";

/// Where a project's inputs live and how it adjusts severities, with every
/// path absolute and inside [`Project::root`].
///
/// Paths are checked to stay inside the root when the project file is read,
/// but not to exist: a missing path is reported when its files are
/// discovered or read ([`discover_policies`], [`discover_inventory`],
/// [`read_yaml`]), where the error can name the file.
#[derive(Clone, Debug)]
pub struct Project {
    /// The absolute project root: the directory of `privet.yaml`, or the
    /// working directory when there is none.
    pub root: PathBuf,
    /// The project file, for diagnostics that point into it.
    pub file: Option<SourceFile>,
    /// Files and directories of `.privet` files.
    pub rules: Vec<PathBuf>,
    /// Files and directories of inventory YAML.
    pub inventory: Vec<PathBuf>,
    /// The directory `config "<glob>"` statements match from.
    pub config_root: PathBuf,
    /// A taxonomy extension file, if any.
    pub taxonomy: Option<PathBuf>,
    /// The waivers file, if any.
    pub waivers: Option<PathBuf>,
    /// Severity overrides by code, each spanned in [`Project::file`].
    pub severity: BTreeMap<Code, Spanned<Severity>>,
}

impl Project {
    /// The defaults for a project rooted at `root` without a project file:
    /// `rules/`, `inventory/` (only if it exists, so a repository with
    /// policies alone still checks), config globs matched from the root.
    fn defaults(root: PathBuf) -> Self {
        Self {
            file: None,
            rules: vec![root.join("rules")],
            inventory: default_inventory(&root),
            config_root: root.clone(),
            taxonomy: None,
            waivers: None,
            severity: BTreeMap::new(),
            root,
        }
    }

    /// `path` as shown to users: relative to the root, `/`-separated.
    pub fn shown(&self, path: &Path) -> String {
        relative(&self.root, path)
    }

    /// The severity to report `code` with: the project's override, if it
    /// has one, else `default`.
    pub fn severity_for(&self, code: Code, default: Severity) -> Severity {
        self.severity.get(&code).map_or(default, |s| s.value)
    }

    /// Reads and parses the waivers file, if the project names one.
    pub fn read_waivers(&self) -> Result<Option<Waivers>, Vec<Diagnostic>> {
        let Some(path) = &self.waivers else {
            return Ok(None);
        };
        let file = read_yaml(path, &self.shown(path)).map_err(|e| vec![*e])?;
        waiver::parse(file).map(Some)
    }
}

/// The nearest directory at or above `start` that holds `privet.yaml`,
/// as an absolute path; `None` if no ancestor up to the file-system root
/// has one.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    start
        .ancestors()
        .find(|dir| dir.join(FILE_NAME).is_file())
        .map(Path::to_path_buf)
}

/// The project rooted at `root` (read from its `privet.yaml`), or the
/// defaults for `cwd` when there is no root. A relative `root` is taken
/// from `cwd`.
///
/// Returns every error in the project file: unknown keys, paths that are
/// absolute or lead outside the root (by `..` or through a symbolic link),
/// unknown codes and severities. Paths that do not exist are not errors
/// here; see [`Project`].
pub fn load(root: Option<&Path>, cwd: &Path) -> Result<Project, Vec<Diagnostic>> {
    let cwd = absolute(cwd);
    let Some(root) = root else {
        return Ok(Project::defaults(cwd));
    };
    let root = absolute(&cwd.join(root));
    let path = root.join(FILE_NAME);
    if !path.is_file() {
        let error = read::unreadable(&display_path(&path), "it does not exist");
        let help = "point `--project` at the directory that holds `privet.yaml`";
        return Err(vec![(*error).with_help(help)]);
    }
    let file = read_yaml(&path, FILE_NAME).map_err(|e| vec![*e])?;
    let raw = file::parse(&file)?;
    validate::project(root, file, raw).map_err(|mut errors| {
        crate::diagnostic::sort(&mut errors);
        errors
    })
}

/// `path` made absolute, with symbolic links resolved when it exists so
/// that every path derived from the root compares equal to a resolved one.
fn absolute(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `root/inventory` if it exists: the default inventory is optional.
fn default_inventory(root: &Path) -> Vec<PathBuf> {
    let path = root.join("inventory");
    if path.exists() {
        vec![path]
    } else {
        Vec::new()
    }
}

/// `path` relative to `root` with `/` separators, as shown to users;
/// `.` for the root itself, and `path` unchanged if it is not under `root`.
pub fn relative(root: &Path, path: &Path) -> String {
    // Outside the root (a `--rules` flag pointing elsewhere), climb with
    // `..` so the path reads the same on every machine.
    let common = root
        .components()
        .zip(path.components())
        .take_while(|(a, b)| a == b)
        .count();
    let climbs = root.components().count().saturating_sub(common);
    // Sharing only the filesystem root says nothing: keep the absolute path.
    if common <= 1 {
        return path.display().to_string();
    }
    let parts: Vec<String> = std::iter::repeat_n("..".to_owned(), climbs)
        .chain(
            path.components()
                .skip(common)
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        )
        .collect();
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

/// `path` relative to the working directory when it lies below it.
pub fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative.as_deref().unwrap_or(path).display().to_string()
}
