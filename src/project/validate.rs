//! Checking the values of `privet.yaml`: paths stay inside the project,
//! severity overrides name real codes and real severities.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::Project;
use super::file::{PathList, ProjectFile, SeverityMap};
use super::keys::{closest, list};
use crate::ast::Severity;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span, Spanned};
use crate::yaml::{YamlSpanned, span_of};

/// How every diagnostic code begins.
const CODE_PREFIX: &str = "privet::";

/// The severity words, in the order help lines list them.
const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// Builds the project rooted at `root` from its file, or every error in it.
/// Keys the file leaves out keep their defaults.
pub(super) fn project(
    root: PathBuf,
    file: SourceFile,
    raw: ProjectFile,
) -> Result<Project, Vec<Diagnostic>> {
    let mut project = Project::defaults(root);
    let mut check = Checker::new(&project.root, &file);
    if let Some(list) = raw.rules {
        project.rules = check.paths(Key::Rules, list);
    }
    if let Some(list) = raw.inventory {
        project.inventory = check.paths(Key::Inventory, list);
    }
    let config_root = raw.config_root.as_ref();
    if let Some(dir) = config_root.and_then(|p| check.directory(Key::ConfigRoot, p)) {
        project.config_root = dir;
    }
    project.taxonomy = raw.taxonomy.and_then(|p| check.path(Key::Taxonomy, &p));
    project.waivers = raw.waivers.and_then(|p| check.path(Key::Waivers, &p));
    project.severity = raw.severity.map(|s| check.severity(s)).unwrap_or_default();
    if !check.diagnostics.is_empty() {
        return Err(check.diagnostics);
    }
    project.file = Some(file);
    Ok(project)
}

/// A key of the project file that holds paths.
#[derive(Clone, Copy)]
enum Key {
    Rules,
    Inventory,
    ConfigRoot,
    Taxonomy,
    Waivers,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::Rules => "rules",
            Key::Inventory => "inventory",
            Key::ConfigRoot => "config_root",
            Key::Taxonomy => "taxonomy",
            Key::Waivers => "waivers",
        }
    }

    /// A path a user might write there, for help lines.
    fn example(self) -> &'static str {
        match self {
            Key::Rules => "rules",
            Key::Inventory => "inventory",
            Key::ConfigRoot => ".",
            Key::Taxonomy => "taxonomy.yaml",
            Key::Waivers => "waivers.yaml",
        }
    }
}

/// Why a path cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PathProblem {
    Empty,
    Absolute,
    ClimbsOut,
    LinksOut,
}

struct Checker<'a> {
    root: &'a Path,
    /// The root with symbolic links resolved, to compare resolved paths to.
    canonical_root: PathBuf,
    file: &'a SourceFile,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn new(root: &'a Path, file: &'a SourceFile) -> Self {
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Self {
            root,
            canonical_root,
            file,
            diagnostics: Vec::new(),
        }
    }

    fn paths(&mut self, key: Key, value: YamlSpanned<PathList>) -> Vec<PathBuf> {
        let span = span_of(self.file, &value);
        match value.value {
            PathList::One(text) => self
                .checked(key, &Spanned::new(text, span))
                .into_iter()
                .collect(),
            PathList::Many(items) if items.is_empty() && matches!(key, Key::Rules) => {
                self.no_rules(span);
                Vec::new()
            }
            PathList::Many(items) => items.iter().filter_map(|i| self.path(key, i)).collect(),
            PathList::Other(found) => {
                self.not_a_path(key, span, found);
                Vec::new()
            }
        }
    }

    fn path(&mut self, key: Key, value: &YamlSpanned<String>) -> Option<PathBuf> {
        let text = Spanned::new(value.value.clone(), span_of(self.file, value));
        self.checked(key, &text)
    }

    /// `value` as a path inside the root, or `None` after reporting why not.
    fn checked(&mut self, key: Key, value: &Spanned<String>) -> Option<PathBuf> {
        let problem = match lexical(&value.value) {
            Ok(relative) => {
                let path = self.root.join(relative);
                if !self.links_out(&path) {
                    return Some(path);
                }
                PathProblem::LinksOut
            }
            Err(problem) => problem,
        };
        self.diagnostics
            .push(path_error(self.file, key, value, problem));
        None
    }

    /// Whether `path`, or the nearest of its ancestors that exists, resolves
    /// outside the root through a symbolic link.
    fn links_out(&self, path: &Path) -> bool {
        let existing = path.ancestors().find(|p| p.exists());
        let resolved = existing.and_then(|p| p.canonicalize().ok());
        resolved.is_some_and(|p| !p.starts_with(&self.canonical_root))
    }

    fn directory(&mut self, key: Key, value: &YamlSpanned<String>) -> Option<PathBuf> {
        let path = self.path(key, value)?;
        if path.exists() && !path.is_dir() {
            let message = format!(
                "the `{}` path `{}` is not a directory",
                key.name(),
                value.value
            );
            let error = self.error(span_of(self.file, value), message);
            let help = "point `config_root` at the directory that config globs are matched from";
            self.diagnostics
                .push(error.with_label("a file").with_help(help));
            return None;
        }
        Some(path)
    }

    fn severity(&mut self, map: SeverityMap) -> BTreeMap<Code, Spanned<Severity>> {
        let mut severities = BTreeMap::new();
        for (key, value) in map.0 {
            let code = self.code(&key);
            let severity = self.severity_word(&value);
            if let (Some(code), Some(severity)) = (code, severity) {
                severities.insert(code, severity);
            }
        }
        severities
    }

    fn code(&mut self, key: &YamlSpanned<String>) -> Option<Code> {
        let code = Code::parse(&key.value);
        if code.is_none() {
            let error = unknown_code(self.file, key);
            self.diagnostics.push(error);
        }
        code
    }

    fn severity_word(&mut self, value: &YamlSpanned<String>) -> Option<Spanned<Severity>> {
        let span = span_of(self.file, value);
        let found = SEVERITIES.into_iter().find(|s| s.as_str() == value.value);
        if found.is_none() {
            let words = SEVERITIES.map(Severity::as_str);
            let help = match closest(&value.value, &words) {
                Some(word) => format!("did you mean `{word}`?"),
                None => format!("write {}", list(&words)),
            };
            let message = format!("`{}` is not a severity", value.value);
            let error = self
                .error(span, message)
                .with_label("not error, warning or info");
            self.diagnostics.push(error.with_help(help));
        }
        found.map(|severity| Spanned::new(severity, span))
    }

    fn no_rules(&mut self, span: Span) {
        let error = self.error(span, "`rules` lists no paths");
        let help = "name at least one `.privet` file or directory of them, such as `rules`";
        self.diagnostics
            .push(error.with_label("empty list").with_help(help));
    }

    fn not_a_path(&mut self, key: Key, span: Span, found: &str) {
        let message = format!(
            "`{}` must be a path or a list of paths, not {found}",
            key.name()
        );
        let help = format!("write a path in quotes, such as `\"{}\"`", key.example());
        let error = self.error(span, message).with_label("not a path");
        self.diagnostics.push(error.with_help(help));
    }

    fn error(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(Code::ProjectInvalid, self.file, span, message)
    }
}

/// `text` as a path relative to the root with `.` and inner `..` resolved
/// without touching the file system, or why it is not one.
fn lexical(text: &str) -> Result<PathBuf, PathProblem> {
    if text.trim().is_empty() {
        return Err(PathProblem::Empty);
    }
    let mut relative = PathBuf::new();
    for component in Path::new(text).components() {
        match component {
            Component::Normal(part) => relative.push(part),
            Component::CurDir => {}
            Component::ParentDir if relative.pop() => {}
            Component::ParentDir => return Err(PathProblem::ClimbsOut),
            Component::RootDir | Component::Prefix(_) => return Err(PathProblem::Absolute),
        }
    }
    Ok(relative)
}

fn path_error(
    file: &SourceFile,
    key: Key,
    value: &Spanned<String>,
    problem: PathProblem,
) -> Diagnostic {
    let (name, text) = (key.name(), &value.value);
    let (message, label) = match problem {
        PathProblem::Empty => (format!("a `{name}` path is empty"), "empty path"),
        PathProblem::Absolute => (
            format!("the `{name}` path `{text}` is absolute"),
            "absolute path",
        ),
        PathProblem::ClimbsOut => (
            format!("the `{name}` path `{text}` leads outside the project root"),
            "climbs out of the project with `..`",
        ),
        PathProblem::LinksOut => (
            format!("the `{name}` path `{text}` leads outside the project root"),
            "a symbolic link leads outside the project",
        ),
    };
    let help = match problem {
        PathProblem::Empty | PathProblem::Absolute => format!(
            "write the path relative to the project root (the directory of `privet.yaml`), \
             such as `{}`",
            key.example()
        ),
        PathProblem::ClimbsOut | PathProblem::LinksOut => "privet reads only files inside the \
             project root (the directory of `privet.yaml`); move the files into it"
            .to_owned(),
    };
    let error = Diagnostic::error(Code::ProjectInvalid, file, value.span, message);
    error.with_label(label).with_help(help)
}

fn unknown_code(file: &SourceFile, key: &YamlSpanned<String>) -> Diagnostic {
    // Every code starts with `privet::`; comparing the rest keeps that
    // shared prefix from making unrelated codes look alike.
    let unprefixed = |name: &'static str| name.strip_prefix(CODE_PREFIX).unwrap_or(name);
    let names: Vec<&str> = Code::ALL.iter().map(|c| unprefixed(c.as_str())).collect();
    let written = key.value.strip_prefix(CODE_PREFIX).unwrap_or(&key.value);
    let suggestion = closest(written, &names).map(|name| format!("{CODE_PREFIX}{name}"));
    let help = match suggestion {
        Some(name) => format!("did you mean `{name}`?"),
        None => "name a code as privet prints it, such as `privet::term::deprecated`".to_owned(),
    };
    let message = format!("unknown diagnostic code `{}`", key.value);
    Diagnostic::error(Code::ProjectInvalid, file, span_of(file, key), message)
        .with_label("no such code")
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_paths_resolve_dots_and_refuse_to_climb_out() {
        assert_eq!(
            lexical("./rules/../policies"),
            Ok(PathBuf::from("policies"))
        );
        assert_eq!(lexical("."), Ok(PathBuf::new()));
        assert_eq!(lexical("a/.."), Ok(PathBuf::new()));
        assert_eq!(lexical("a/../.."), Err(PathProblem::ClimbsOut));
        assert_eq!(lexical("../x"), Err(PathProblem::ClimbsOut));
        assert_eq!(lexical("/etc"), Err(PathProblem::Absolute));
        assert_eq!(lexical(" "), Err(PathProblem::Empty));
        // `..` inside a name is not a parent directory.
        assert_eq!(lexical("a..b/c"), Ok(PathBuf::from("a..b/c")));
    }
}
