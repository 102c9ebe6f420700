//! Rendering a run's outcome for people and programs.

pub mod human;
pub mod json;

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
