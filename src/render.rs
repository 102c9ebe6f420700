//! Rendering a run's outcome for people and programs.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;

use serde::Serialize;

use crate::ast::Severity;
use crate::check::Finding;
use crate::diagnostic::Diagnostic;

/// Everything a run reports.
#[derive(Debug)]
pub struct Report<'a> {
    /// Broken promises (waived ones included, marked), sorted.
    pub findings: &'a [Finding],
    /// Problems that stopped privet from checking, sorted.
    pub errors: &'a [Diagnostic],
    /// The counts.
    pub summary: Summary,
}

/// Counts for the closing line and the JSON summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Commitments checked.
    pub commitments: usize,
    /// Files read (policies, inventory, config).
    pub files: usize,
    /// Error-level findings not waived (plus could-not-check errors).
    pub errors: usize,
    /// Warning-level findings not waived.
    pub warnings: usize,
    /// Findings accepted by a waiver.
    pub waived: usize,
}

impl Summary {
    /// Counts `findings` and `errors`.
    pub fn count(
        findings: &[Finding],
        errors: &[Diagnostic],
        commitments: usize,
        files: usize,
    ) -> Self {
        let live = || findings.iter().filter(|f| f.waived.is_none());
        let count = |s: Severity| {
            let problems = errors.iter().filter(|d| d.severity == s).count();
            live().filter(|f| f.severity == s).count() + problems
        };
        Summary {
            commitments,
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            waived: findings.len() - live().count(),
        }
    }
}

/// A file's path as every format shows it: relative to the project root,
/// with `/` separators on every platform.
pub fn display_path(file: &crate::source::SourceFile) -> String {
    file.path().display().to_string().replace('\\', "/")
}

/// The item a finding is about, in words (`dataset accounts/users`,
/// `config services/api.yaml`); `None` when it is about the commitment
/// itself (a pattern that matches nothing, a waiver).
pub fn subject_name(finding: &Finding) -> Option<String> {
    match &finding.subject {
        crate::check::Subject::Item(kind, path) => Some(format!("{kind} {path}")),
        crate::check::Subject::ConfigFile(path) => Some(format!("config {path}")),
        crate::check::Subject::Commitment => None,
    }
}

impl Report<'_> {
    /// An identity for each finding, then each error, in report order,
    /// that survives unrelated edits: it hashes what the problem is (code,
    /// commitment, statement, item, the offending text), never a line
    /// number. Equal identities are numbered (`…:1`, `…:2`) so each is
    /// unique, as code scanning and GitLab require.
    pub fn fingerprints(&self) -> (Vec<String>, Vec<String>) {
        let mut seen = std::collections::BTreeMap::new();
        let mut number = |hash: u64| {
            let n = seen.entry(hash).or_insert(0_usize);
            *n += 1;
            format!("{hash:016x}:{n}")
        };
        let findings = self.findings.iter().map(|f| number(finding_hash(f)));
        let findings = findings.collect();
        let errors = self.errors.iter().map(|d| number(error_hash(d))).collect();
        (findings, errors)
    }
}

fn finding_hash(f: &Finding) -> u64 {
    let c = &f.commitment;
    let statement = words(c.file.slice(c.statement));
    let subject = subject_name(f).unwrap_or_default();
    let value = words(f.file.slice(f.span));
    let parts = [f.code.as_str(), &c.id, &statement, &subject, &value];
    fnv1a(&parts)
}

fn error_hash(d: &Diagnostic) -> u64 {
    let path = display_path(&d.file);
    let text = words(d.file.slice(d.primary.span));
    fnv1a(&[d.code.as_str(), &path, &d.message, &text])
}

/// Whitespace runs as one space, so re-wrapping a statement is no change.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 64-bit FNV-1a over the parts, each ended by a NUL byte. Hand-written
/// because the standard library's hasher may change between releases, and
/// fingerprints must not.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = parts.iter().flat_map(|p| p.bytes().chain([0]));
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}
