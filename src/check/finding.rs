//! A broken promise: what was found, where, and which commitment it breaks.

use crate::ast::Severity;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{Commitment, Policy, Statement};
use crate::source::{SourceFile, Span};

/// The commitment statement a finding breaks.
#[derive(Clone, Debug)]
pub struct CommitmentRef {
    /// The policy file.
    pub file: SourceFile,
    /// The policy's title.
    pub policy: String,
    /// The commitment id.
    pub id: String,
    /// Where the commitment's id is written.
    pub id_span: Span,
    /// The statement that is broken.
    pub statement: Span,
    /// The quoted policy sentence, if the commitment has one.
    pub quote: Option<String>,
}

impl CommitmentRef {
    /// Refers to `statement` of `commitment` in `policy`.
    pub fn new(policy: &Policy, commitment: &Commitment, statement: &Statement) -> Self {
        Self {
            file: policy.file.clone(),
            policy: policy.title.value.clone(),
            id: commitment.id.value.clone(),
            id_span: commitment.id.span,
            statement: statement.span,
            quote: commitment.quote.as_ref().map(|q| q.value.clone()),
        }
    }
}

/// Where a waiver may match a finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// An inventory item: its kind (`system`, `dataset`, `field`,
    /// `recipient`) and path (`system/dataset/field`).
    Item(&'static str, String),
    /// A config file, by path relative to the project root.
    ConfigFile(String),
    /// The commitment itself (e.g. a glob that matches nothing).
    Commitment,
}

/// A waiver that accepted a finding.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Waived {
    /// Why the exception is accepted.
    pub reason: String,
    /// When the waiver expires (`YYYY-MM-DD`).
    pub expires: String,
}

/// One broken (or unprovable) promise.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Stable code, e.g. `privet::retention::exceeded`.
    pub code: Code,
    /// From the commitment, possibly overridden per code by the project.
    pub severity: Severity,
    /// One sentence naming the data and the promise.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The file holding the offending value.
    pub file: SourceFile,
    /// The offending value (or where a missing fact belongs).
    pub span: Span,
    /// What the label under the value says.
    pub label: String,
    /// The broken commitment.
    pub commitment: CommitmentRef,
    /// What a waiver must name to accept this finding.
    pub subject: Subject,
    /// Set when a waiver accepts the finding.
    pub waived: Option<Waived>,
}

impl Finding {
    /// The finding as a diagnostic: the value is the primary label, the
    /// commitment (with its quote) a related diagnostic in the policy file.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut diagnostic = Diagnostic::error(self.code, &self.file, self.span, &self.message)
            .with_severity(self.severity)
            .with_label(&self.label)
            // The help ends with where to read what the code means.
            .with_help(format!(
                "{}; see `{}`",
                self.help,
                crate::explain::command(self.code)
            ));
        let c = &self.commitment;
        if c.file.path() == self.file.path() {
            // The finding already points into the policy file.
            return diagnostic;
        }
        let what = match &c.quote {
            Some(quote) => format!("commitment `{}`: \"{quote}\"", c.id),
            None => format!("commitment `{}` of {}", c.id, c.policy),
        };
        let related = Diagnostic::error(self.code, &c.file, c.statement, what)
            .with_severity(Severity::Info)
            .with_label("the promise");
        diagnostic.related.push(related);
        diagnostic
    }

    /// The order findings are reported in: file, line, column, code, then
    /// the commitment, so output never depends on evaluation order.
    pub fn sort_key(&self) -> (String, usize, usize, &'static str, String, usize) {
        let at = self.file.line_col(self.span.start);
        let path = self.file.path().display().to_string();
        let commitment = self.commitment.file.path().display().to_string();
        (
            path,
            at.line,
            at.column,
            self.code.as_str(),
            commitment,
            self.commitment.statement.start,
        )
    }
}
