//! `--format json`: one JSON object, the contract other tools rely on.
//!
//! `{"version": 1, "findings": [...], "errors": [...], "summary": {...}}`;
//! lines and columns are 1-based, paths relative to the project root, and
//! the order is the same deterministic order as the terminal output.

use serde::Serialize;

use super::Report;
use crate::check::Finding;
use crate::diagnostic::Diagnostic;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: Vec<FindingJson<'a>>,
    errors: Vec<ErrorJson<'a>>,
    summary: &'a super::Summary,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    help: &'a str,
    commitment: CommitmentJson<'a>,
    location: LocationJson,
    waived: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver: Option<&'a crate::check::Waived>,
    /// What a waiver names to accept the finding: `dataset accounts/users`,
    /// `config services/a.yaml`; absent for findings about the policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<String>,
    /// The label under the offending value.
    label: &'a str,
}

#[derive(Serialize)]
struct CommitmentJson<'a> {
    id: &'a str,
    policy: &'a str,
    file: String,
    line: usize,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    quote: Option<&'a str>,
}

#[derive(Serialize)]
struct LocationJson {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    code: &'static str,
    message: &'a str,
    file: String,
    line: usize,
    column: usize,
}

/// Renders the report as pretty-printed JSON with a trailing newline.
pub fn render(report: &Report<'_>) -> String {
    let document = Document {
        version: 1,
        findings: report.findings.iter().map(finding).collect(),
        errors: report.errors.iter().map(error).collect(),
        summary: &report.summary,
    };
    let mut text = serde_json::to_string_pretty(&document)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

fn finding(f: &Finding) -> FindingJson<'_> {
    let c = &f.commitment;
    let at = c.file.line_col(c.statement.start);
    FindingJson {
        code: f.code.as_str(),
        severity: f.severity.as_str(),
        message: &f.message,
        help: &f.help,
        commitment: CommitmentJson {
            id: &c.id,
            policy: &c.policy,
            file: path(&c.file),
            line: at.line,
            column: at.column,
            quote: c.quote.as_deref(),
        },
        location: location(&f.file, f.span),
        waived: f.waived.is_some(),
        waiver: f.waived.as_ref(),
        subject: super::subject_name(f),
        label: &f.label,
    }
}

fn error(d: &Diagnostic) -> ErrorJson<'_> {
    let at = d.location();
    ErrorJson {
        code: d.code.as_str(),
        message: &d.message,
        file: path(&d.file),
        line: at.line,
        column: at.column,
    }
}

fn location(file: &crate::source::SourceFile, span: crate::source::Span) -> LocationJson {
    let start = file.line_col(span.start);
    let end = file.line_col(span.end);
    LocationJson {
        file: path(file),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// Paths with `/` separators on every platform.
fn path(file: &crate::source::SourceFile) -> String {
    file.path().display().to_string().replace('\\', "/")
}
