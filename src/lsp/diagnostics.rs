//! Checking the project of every open document and turning the outcome
//! into the protocol's diagnostics, one list per file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Uri,
};

use super::position::{Encoding, LineIndex, path_to_uri};
use crate::ast::Severity;
use crate::diagnostic::{Code, Diagnostic};
use crate::pipeline::{self, Options, Overlays};
use crate::source::{SourceFile, Span};

/// What a finding in a file says about the commitment it breaks, for hover.
#[derive(Clone, Debug)]
pub struct Broken {
    /// The offending value.
    pub span: Span,
    /// The commitment's id and quote, as Markdown.
    pub text: String,
}

/// What one check of every open project produced.
#[derive(Debug, Default)]
pub struct Published {
    /// Diagnostics by absolute file path.
    pub files: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>>,
    /// Broken commitments by the file holding the offending value.
    pub broken: BTreeMap<PathBuf, Vec<Broken>>,
}

/// The URIs the editor names its documents by, keyed by resolved path:
/// privet reports resolved paths, the editor expects its own names back.
pub type Uris = BTreeMap<PathBuf, Uri>;

/// The open documents, as one check sees them.
#[derive(Clone, Copy, Debug)]
pub struct Documents<'a> {
    /// The editor's text of each open document, by resolved path.
    pub overlays: &'a Overlays,
    /// The editor's URI of each open document.
    pub uris: &'a Uris,
    /// The negotiated position encoding.
    pub encoding: Encoding,
}

impl Documents<'_> {
    /// The URI the editor knows `path` by, else the path's own.
    pub fn uri(&self, path: &Path) -> Option<Uri> {
        self.uris.get(path).cloned().or_else(|| path_to_uri(path))
    }
}

/// Checks the project at each root with the open documents in place of
/// the files on disk. `roots` maps each root to its open documents.
pub fn check(roots: &BTreeMap<PathBuf, Vec<PathBuf>>, docs: Documents<'_>) -> Published {
    let mut published = Published::default();
    for (root, open) in roots {
        // Without `privet.yaml` the root is a workspace folder: defaults.
        let has_file = root.join(crate::project::FILE_NAME).is_file();
        let project = has_file.then(|| root.clone());
        let options = Options {
            project: project.clone(),
            cwd: root.clone(),
            overlays: docs.overlays.clone(),
            ..Options::default()
        };
        // A bug in one phase must not take the editor's server down with it.
        if let Ok(outcome) = std::panic::catch_unwind(|| pipeline::run(&options)) {
            published.add(root, &outcome, docs);
        }
        let loose = std::panic::catch_unwind(|| {
            loose_policies(project.as_deref(), root, open, docs.overlays)
        });
        for diagnostic in loose.unwrap_or_default() {
            published.add_one(root, &diagnostic, docs);
        }
    }
    published
}

/// Diagnostics of the open `.privet` documents the project's check does
/// not read (outside its rules, or new and not yet saved), each parsed and
/// resolved on its own so that its syntax and terms are still checked.
fn loose_policies(
    project: Option<&Path>,
    root: &Path,
    open: &[PathBuf],
    overlays: &Overlays,
) -> Vec<Diagnostic> {
    let read: BTreeSet<PathBuf> = crate::project::load(project, root)
        .ok()
        .and_then(|p| crate::project::discover_policies(&p.rules).ok())
        .unwrap_or_default()
        .into_iter()
        .collect();
    let is_policy = |p: &&PathBuf| p.extension().is_some_and(|e| e == "privet");
    let loose = open.iter().filter(is_policy).filter(|p| !read.contains(*p));
    let files: Vec<SourceFile> = loose
        .filter_map(|path| {
            let text = overlays.get(path)?;
            Some(SourceFile::new(
                crate::project::relative(root, path),
                text.as_str(),
            ))
        })
        .collect();
    crate::rules::load(&files, crate::taxonomy::Taxonomy::builtin()).diagnostics
}

impl Published {
    fn add(&mut self, root: &Path, outcome: &pipeline::Outcome, docs: Documents<'_>) {
        for error in &outcome.errors {
            self.add_one(root, error, docs);
        }
        for finding in outcome.findings.iter().filter(|f| f.waived.is_none()) {
            let path = absolute(root, finding.file.path());
            self.broken.entry(path).or_default().push(Broken {
                span: finding.span,
                text: commitment_text(&finding.commitment),
            });
            self.add_one(root, &finding.to_diagnostic(), docs);
        }
    }

    fn add_one(&mut self, root: &Path, diagnostic: &Diagnostic, docs: Documents<'_>) {
        let path = absolute(root, diagnostic.file.path());
        let converted = convert(root, diagnostic, docs);
        self.files.entry(path).or_default().push(converted);
    }
}

fn commitment_text(c: &crate::check::CommitmentRef) -> String {
    match &c.quote {
        Some(quote) => format!("**commitment `{}`** ({})\n\n> {quote}", c.id, c.policy),
        None => format!("**commitment `{}`** ({})", c.id, c.policy),
    }
}

/// A path as privet shows it (relative to the project root) made absolute.
pub fn absolute(root: &Path, shown: &Path) -> PathBuf {
    if shown.is_absolute() {
        shown.to_path_buf()
    } else {
        root.join(shown)
    }
}

/// One privet diagnostic in the protocol's terms: the primary label is the
/// range; secondary labels, related diagnostics and the help line are
/// related information.
pub fn convert(root: &Path, d: &Diagnostic, docs: Documents<'_>) -> lsp_types::Diagnostic {
    let index = LineIndex::new(d.file.text(), docs.encoding);
    let related = related(root, d, &index, docs);
    lsp_types::Diagnostic {
        range: index.range(d.primary.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.as_str().to_owned())),
        code_description: explanation(root, d.code).map(|href| CodeDescription { href }),
        source: Some("privet".to_owned()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

/// Secondary labels, then related diagnostics (the broken commitment and
/// its quote), then the help line, at the place each points to.
fn related(
    root: &Path,
    d: &Diagnostic,
    index: &LineIndex<'_>,
    docs: Documents<'_>,
) -> Vec<DiagnosticRelatedInformation> {
    let here = |span| (d.file.path(), index.range(span));
    let labels = d.secondary.iter().filter(|l| !l.text.is_empty());
    let mut notes: Vec<_> = labels.map(|l| (here(l.span), l.text.clone())).collect();
    for other in &d.related {
        let range = LineIndex::new(other.file.text(), docs.encoding).range(other.primary.span);
        notes.push(((other.file.path(), range), other.message.clone()));
    }
    if let Some(help) = &d.help {
        notes.push((here(d.primary.span), format!("help: {help}")));
    }
    let located = |((path, range), message): ((&Path, _), String)| {
        let uri = docs.uri(&absolute(root, path))?;
        let location = Location::new(uri, range);
        Some(DiagnosticRelatedInformation { location, message })
    };
    notes.into_iter().filter_map(located).collect()
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The page explaining `code`: `docs/codes/<name>.md` in the workspace,
/// else in the privet source tree this binary was built from; `None` when
/// neither exists, rather than a link that leads nowhere.
fn explanation(root: &Path, code: Code) -> Option<lsp_types::Uri> {
    let page = Path::new("docs/codes").join(format!("{}.md", code.doc_name()));
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR"));
    [root, built_from]
        .iter()
        .map(|dir| dir.join(&page))
        .find(|path| path.is_file())
        .and_then(|path| path_to_uri(&path))
}
