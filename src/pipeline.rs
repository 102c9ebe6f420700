//! One run of `privet check`: find the project, read every input, check,
//! apply waivers and severity overrides.
//!
//! All file reading happens here (through [`crate::project`] and
//! [`crate::config`]); the check itself is pure. The language server will
//! call the same steps with the editor's unsaved buffers.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::ast::Severity;
use crate::check::{self, CommitmentRef, Configs, Finding, Input};
use crate::diagnostic::{self, Diagnostic};
use crate::inventory::{self, Inventory};
use crate::policy::{Policy, Promise};
use crate::project::{self, Project};
use crate::render::Summary;
use crate::source::SourceFile;
use crate::taxonomy::Taxonomy;
use crate::{config, fides_policy, rules, waiver};

/// What the command line asked for.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--project DIR`: the project root; otherwise found from `cwd`.
    pub project: Option<PathBuf>,
    /// `--rules`: replaces the project file's rules.
    pub rules: Vec<PathBuf>,
    /// `--inventory`: replaces the project file's inventory.
    pub inventory: Vec<PathBuf>,
    /// `--config-root`: replaces the project file's config root.
    pub config_root: Option<PathBuf>,
    /// `--no-waivers`: ignore the waivers file.
    pub no_waivers: bool,
    /// The working directory paths on the command line are relative to.
    pub cwd: PathBuf,
    /// The date waivers expire against; today's (UTC) when `None`. Tests
    /// fix it so that an example's waiver does not expire under them.
    pub today: Option<crate::policy::Date>,
    /// Text read instead of the file at an absolute path: the language
    /// server's unsaved editor buffers. Only files the project already
    /// names are checked; an overlay does not add a file.
    pub overlays: Overlays,
}

/// File contents that replace what is on disk, by absolute path.
pub type Overlays = BTreeMap<PathBuf, String>;

/// How a run ended. Exit codes are decided from it in one place
/// ([`Outcome::status`], mapped to numbers by the CLI).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Every commitment holds (or there was nothing wrong with the input).
    Success,
    /// A commitment is broken.
    Failure,
    /// privet could not check: bad input, unreadable file, bad flags.
    Error,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Findings (waived ones marked), sorted.
    pub findings: Vec<Finding>,
    /// Problems that stopped privet from checking, sorted.
    pub errors: Vec<Diagnostic>,
    /// Counts.
    pub summary: Summary,
    /// Every commitment checked (for reports that list passing ones too).
    pub commitments: Vec<CommitmentRef>,
}

impl Outcome {
    /// 2 when privet could not check, 1 when a promise is broken (or a
    /// warning with `deny_warnings`), 0 otherwise.
    pub fn status(&self, deny_warnings: bool) -> ExitStatus {
        if self.errors.iter().any(|d| d.severity == Severity::Error) {
            return ExitStatus::Error;
        }
        let fails = |s: Severity| s == Severity::Error || (deny_warnings && s == Severity::Warning);
        let live = self.findings.iter().filter(|f| f.waived.is_none());
        if live.clone().any(|f| fails(f.severity)) {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    }
}

/// Runs a whole check. When any input could not be read, nothing is
/// evaluated: a partial check would report a misleading pass.
pub fn run(options: &Options) -> Outcome {
    let mut errors = Vec::new();
    let Some(loaded) = load(options, &mut errors) else {
        return finish(Vec::new(), errors, Vec::new(), 0);
    };
    let commitments = all_commitment_refs(&loaded).into_values().collect();
    let blocked = errors.iter().any(|d| d.severity == Severity::Error);
    let findings = if blocked {
        Vec::new()
    } else {
        evaluate(&loaded, &mut errors)
    };
    finish(findings, errors, commitments, loaded.files)
}

/// Everything read from disk (or from overlays).
struct Loaded<'a> {
    project: Project,
    overlays: &'a Overlays,
    /// The built-in taxonomy itself unless the project extends it.
    taxonomy: Cow<'static, Taxonomy>,
    policies: Vec<Policy>,
    inventory: Inventory,
    /// What the Fides `policy:` resources in the inventory found.
    fides: fides_policy::Checked,
    configs: Configs,
    files: usize,
    today: crate::policy::Date,
}

fn load<'a>(options: &'a Options, errors: &mut Vec<Diagnostic>) -> Option<Loaded<'a>> {
    warm_builtin_taxonomy();
    let mut project = load_project(options, errors)?;
    apply_flags(&mut project, options);
    let overlays = &options.overlays;
    let taxonomy = load_taxonomy(&project, overlays, errors)?;
    // Inventory files are read first: custom taxonomy entries in Fides
    // files extend the taxonomy that policies and inventory are read with.
    let inventory_files = read_inventory(&project, overlays, errors);
    let fides = inventory_files
        .as_ref()
        .map_or(&[][..], |f| f.fides.as_slice());
    let taxonomy = extend_with_fides(taxonomy, fides, errors);
    // A team with only Fides files has its promises in `policy:` resources.
    let fides_policies = fides.iter().any(inventory::fides::holds_policy);
    let policies = load_policies(&project, overlays, &taxonomy, fides_policies, errors);
    let (inventory, fides) =
        load_inventory(&project, inventory_files, &taxonomy, &policies, errors);
    let configs = load_configs(&project, overlays, &policies, errors);
    let files = policies.len() + inventory.files.len() + configs.files.len();
    Some(Loaded {
        project,
        overlays,
        taxonomy,
        policies,
        inventory,
        fides,
        configs,
        files,
        today: options.today.unwrap_or_else(waiver::today),
    })
}

fn load_project(options: &Options, errors: &mut Vec<Diagnostic>) -> Option<Project> {
    let root = match &options.project {
        Some(dir) => Some(absolute(&options.cwd, dir)),
        None => project::find_root(&options.cwd),
    };
    project::load(root.as_deref(), &options.cwd)
        .map_err(|e| errors.extend(e))
        .ok()
}

/// Paths given on the command line replace the project file's.
fn apply_flags(project: &mut Project, options: &Options) {
    let cwd = &options.cwd;
    if !options.rules.is_empty() {
        project.rules = options.rules.iter().map(|p| absolute(cwd, p)).collect();
    }
    if !options.inventory.is_empty() {
        project.inventory = options.inventory.iter().map(|p| absolute(cwd, p)).collect();
    }
    if let Some(root) = &options.config_root {
        project.config_root = absolute(cwd, root);
    }
    if options.no_waivers {
        project.waivers = None;
    }
}

fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    }
}

/// Builds the built-in taxonomy on another core while this one finds and
/// reads the project's files (once per process).
fn warm_builtin_taxonomy() {
    static WARM: std::sync::Once = std::sync::Once::new();
    WARM.call_once(|| {
        // If the thread cannot start, the first use builds it instead.
        let _ = std::thread::Builder::new().spawn(|| {
            Taxonomy::builtin();
        });
    });
}

fn load_taxonomy(
    project: &Project,
    overlays: &Overlays,
    errors: &mut Vec<Diagnostic>,
) -> Option<Cow<'static, Taxonomy>> {
    let builtin = Taxonomy::builtin();
    let Some(path) = &project.taxonomy else {
        return Some(Cow::Borrowed(builtin));
    };
    let file = read(project, overlays, path, errors)?;
    builtin
        .extended(&file)
        .map(Cow::Owned)
        .map_err(|e| errors.push(taxonomy_error(&e)))
        .ok()
}

fn taxonomy_error(error: &crate::taxonomy::TaxonomyError) -> Diagnostic {
    let code = crate::diagnostic::Code::TaxonomyInvalid;
    let d = Diagnostic::error(code, error.file(), error.span(), error.message());
    d.with_help("fix the taxonomy extension file named in `privet.yaml`")
}

fn read(
    project: &Project,
    overlays: &Overlays,
    path: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    let shown = project::relative(&project.root, path);
    if let Some(text) = overlay(overlays, path, &shown) {
        return text
            .map(|text| SourceFile::new(shown, text))
            .map_err(|e| errors.push(*e))
            .ok();
    }
    project::read_yaml(path, &shown)
        .map_err(|e| errors.push(*e))
        .ok()
}

/// The editor's unsaved text for `path`, if any, refused as a file on disk
/// would be when it holds a control character: an editor must show what
/// `privet check` will say once the buffer is saved.
fn overlay(
    overlays: &Overlays,
    path: &Path,
    shown: &str,
) -> Option<Result<Arc<str>, Box<Diagnostic>>> {
    let text = overlays.get(path)?;
    Some(match project::control_character(shown, text) {
        Some(error) => Err(error),
        None => Ok(text.as_str().into()),
    })
}

/// Reads and resolves the `.privet` files. With `fides_policies` (the
/// inventory has Fides `policy:` resources), having no `.privet` file
/// at all — the default `rules/` missing, or holding none — is not an error.
fn load_policies(
    project: &Project,
    overlays: &Overlays,
    taxonomy: &Taxonomy,
    fides_policies: bool,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Policy> {
    let paths = match project::discover_policies(&project.rules) {
        Ok(paths) => paths,
        Err(error) => {
            let no_rules = error.code == crate::diagnostic::Code::IoNoRules
                || (project.rules == [project.root.join("rules")]
                    && project.rules.iter().all(|p| !p.exists()));
            if !(fides_policies && no_rules) {
                errors.push(*error);
            }
            return Vec::new();
        }
    };
    let mut sources = Vec::new();
    for path in paths {
        // Shown relative to the project root, as every other file, so a
        // report does not depend on the directory privet runs from.
        let shown = project::relative(&project.root, &path);
        let text = overlay(overlays, &path, &shown)
            .unwrap_or_else(|| project::read_policy(&path, &shown).map(|file| file.text().into()));
        match text {
            Ok(text) => sources.push(SourceFile::new(shown, text)),
            Err(error) => errors.push(*error),
        }
    }
    let loaded = rules::load(&sources, taxonomy);
    errors.extend(loaded.diagnostics);
    loaded.policies
}

/// The inventory files, read; `None` when the project has none.
/// The inventory files read, told apart once: privet's own and Fides
/// resource files (each read by its own reader).
struct InventoryFiles {
    native: Vec<SourceFile>,
    fides: Vec<SourceFile>,
}

fn read_inventory(
    project: &Project,
    overlays: &Overlays,
    errors: &mut Vec<Diagnostic>,
) -> Option<InventoryFiles> {
    let paths = project::discover_inventory(&project.inventory).unwrap_or_else(|e| {
        errors.push(*e);
        Vec::new()
    });
    if paths.is_empty() {
        return None;
    }
    let files = paths
        .iter()
        .filter_map(|p| read(project, overlays, p, errors));
    let (fides, native) = files.partition(inventory::fides::is_fides);
    Some(InventoryFiles { native, fides })
}

/// The taxonomy with the custom entries of the Fides inventory files.
fn extend_with_fides(
    taxonomy: Cow<'static, Taxonomy>,
    fides: &[SourceFile],
    errors: &mut Vec<Diagnostic>,
) -> Cow<'static, Taxonomy> {
    if fides.is_empty() {
        return taxonomy;
    }
    let (extended, found) = inventory::fides::extend_taxonomy(&taxonomy, fides);
    errors.extend(found);
    Cow::Owned(extended)
}

fn load_inventory(
    project: &Project,
    files: Option<InventoryFiles>,
    taxonomy: &Taxonomy,
    policies: &[Policy],
    errors: &mut Vec<Diagnostic>,
) -> (Inventory, fides_policy::Checked) {
    let Some(InventoryFiles { native, fides }) = files else {
        errors.extend(no_inventory(project, policies));
        return (Inventory::default(), fides_policy::Checked::default());
    };
    // Fides resource files are read by their own reader, into the same
    // inventory, after privet's own files.
    let mut loaded = inventory::load(native, taxonomy).unwrap_or_else(|e| {
        errors.extend(e);
        Inventory::default()
    });
    let mut checked = fides_policy::Checked::default();
    if !fides.is_empty() {
        let read = inventory::fides::load_into(&mut loaded, fides, taxonomy);
        errors.extend(read.diagnostics);
        // Their `policy:` resources are evaluated now, while the files
        // are at hand; the findings join the check's in `evaluate`.
        checked = fides_policy::check(&read.files, taxonomy);
        errors.append(&mut checked.errors);
    }
    (loaded, checked)
}

/// A warning, not an error: `privet check --rules` alone validates
/// policies. It points at the first statement about data, if any.
fn no_inventory(project: &Project, policies: &[Policy]) -> Option<Diagnostic> {
    let (file, statement) = policies.iter().find_map(|p| {
        let statements = p.commitments.iter().flat_map(|c| &c.statements);
        let mut about_data =
            statements.filter(|s| !matches!(s.promise, Promise::ConfigFact { .. }));
        about_data.next().map(|s| (&p.file, s.span))
    })?;
    let mut shown: Vec<String> = project
        .inventory
        .iter()
        .map(|p| project::relative(&project.root, p))
        .collect();
    if shown.is_empty() {
        shown.push("inventory/".to_owned());
    }
    let message = format!(
        "no inventory files found in `{}`, so statements about data are not checked",
        shown.join(", ")
    );
    let diagnostic = Diagnostic::error(crate::diagnostic::Code::IoNoInventory, file, statement, message)
        .with_severity(Severity::Warning)
        .with_label("this statement is about data")
        .with_help("describe your systems in YAML under `inventory/` (see docs/inventory.md), or point `--inventory` at them");
    Some(diagnostic)
}

fn load_configs(
    project: &Project,
    overlays: &Overlays,
    policies: &[Policy],
    errors: &mut Vec<Diagnostic>,
) -> Configs {
    let globs = config_globs(policies);
    let mut configs = Configs::default();
    if globs.is_empty() {
        return configs;
    }
    let index = match config::discover(&project.config_root) {
        Ok(index) => index,
        Err(error) => {
            errors.push(*error);
            return configs;
        }
    };
    // Each file is read once, whatever number of globs match it; a file
    // that fails is reported once.
    let mut read: BTreeMap<String, Option<usize>> = BTreeMap::new();
    for (glob, (file, span)) in globs {
        let matched = match index.matching(glob) {
            Ok(matched) => matched,
            Err(reason) => {
                errors.push(bad_glob(file, span, &reason));
                continue;
            }
        };
        let mut ids = Vec::new();
        for relative in matched {
            let id = *read
                .entry(relative.to_owned())
                .or_insert_with(|| read_config(project, overlays, relative, &mut configs, errors));
            ids.extend(id);
        }
        configs.matches.insert(glob.to_owned(), ids);
    }
    configs
}

/// Every distinct glob in `config` statements, with where it is first written.
fn config_globs(policies: &[Policy]) -> BTreeMap<&str, (&SourceFile, crate::source::Span)> {
    let mut globs = BTreeMap::new();
    for policy in policies {
        let statements = policy.commitments.iter().flat_map(|c| &c.statements);
        for statement in statements {
            if let Promise::ConfigFact { glob, .. } = &statement.promise {
                globs
                    .entry(glob.value.as_str())
                    .or_insert((&policy.file, glob.span));
            }
        }
    }
    globs
}

fn read_config(
    project: &Project,
    overlays: &Overlays,
    relative: &str,
    configs: &mut Configs,
    errors: &mut Vec<Diagnostic>,
) -> Option<usize> {
    // Shown relative to the project root, like every other path.
    let path = project.config_root.join(relative);
    let shown = project::relative(&project.root, &path);
    let text = overlay(overlays, &path, &shown).unwrap_or_else(|| {
        config::read(&project.config_root, relative).map(|file| file.text().into())
    });
    let parsed = text
        .map(|text| SourceFile::new(shown, text))
        .and_then(config::parse);
    match parsed {
        Ok(file) => {
            configs.files.push(file);
            Some(configs.files.len() - 1)
        }
        Err(error) => {
            errors.push(*error);
            None
        }
    }
}

fn bad_glob(file: &SourceFile, span: crate::source::Span, reason: &str) -> Diagnostic {
    let code = crate::diagnostic::Code::ValueInvalidGlob;
    Diagnostic::error(
        code,
        file,
        span,
        format!("this file pattern is not valid: {reason}"),
    )
    .with_help("use `*` for any run of characters in a name, `**` for any depth of directories")
}

fn evaluate(loaded: &Loaded, errors: &mut Vec<Diagnostic>) -> Vec<Finding> {
    let input = Input {
        taxonomy: &loaded.taxonomy,
        policies: &loaded.policies,
        inventory: &loaded.inventory,
        configs: &loaded.configs,
    };
    let mut findings = check::check(&input);
    if !loaded.fides.findings.is_empty() {
        findings.extend(loaded.fides.findings.iter().cloned());
        findings.sort_by_cached_key(Finding::sort_key);
    }
    let overrides: BTreeMap<_, Severity> = loaded
        .project
        .severity
        .iter()
        .map(|(code, s)| (*code, s.value))
        .collect();
    check::waive::override_severities(&mut findings, &overrides);
    if let Some(path) = &loaded.project.waivers {
        findings = waive(loaded, path, findings, errors);
    }
    findings
}

fn waive(
    loaded: &Loaded,
    path: &Path,
    findings: Vec<Finding>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Finding> {
    let Some(file) = read(&loaded.project, loaded.overlays, path, errors) else {
        return findings;
    };
    let waivers = match waiver::parse(file) {
        Ok(waivers) => waivers,
        Err(e) => {
            errors.extend(e);
            return findings;
        }
    };
    let applied = check::waive::apply(
        findings,
        &waivers,
        loaded.today,
        &all_commitment_refs(loaded),
    );
    errors.extend(applied.errors);
    applied.findings
}

/// Every commitment id, the rules of Fides policies included.
fn all_commitment_refs(loaded: &Loaded) -> BTreeMap<String, CommitmentRef> {
    let mut refs = commitment_refs(&loaded.policies);
    for (id, rule) in &loaded.fides.rules {
        refs.entry(id.clone()).or_insert_with(|| rule.clone());
    }
    refs
}

/// Every commitment id, with a reference pointing at the commitment's id.
fn commitment_refs(policies: &[Policy]) -> BTreeMap<String, CommitmentRef> {
    let mut refs = BTreeMap::new();
    for policy in policies {
        for commitment in &policy.commitments {
            let Some(first) = commitment.statements.first() else {
                continue;
            };
            let mut reference = CommitmentRef::new(policy, commitment, first);
            reference.statement = commitment.id.span;
            refs.entry(commitment.id.value.clone()).or_insert(reference);
        }
    }
    refs
}

fn finish(
    findings: Vec<Finding>,
    mut errors: Vec<Diagnostic>,
    commitments: Vec<CommitmentRef>,
    files: usize,
) -> Outcome {
    diagnostic::sort(&mut errors);
    let summary = Summary::count(&findings, &errors, commitments.len(), files);
    Outcome {
        findings,
        errors,
        summary,
        commitments,
    }
}
