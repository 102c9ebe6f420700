//! `--format concise`: one line per problem, the shape editors' problem
//! matchers and `grep` expect:
//!
//! ```text
//! inventory.yaml:13:32: error[privet::security::unencrypted] dataset `accounts/sessions` holds ...
//! ```
//!
//! Could-not-check errors come first, then unwaived findings, both in the
//! report's order; waived findings are left out (the closing summary line,
//! the same as the terminal format's, counts them).

use super::{Report, display_path, human};
use crate::ast::Severity;
use crate::diagnostic::{Code, Diagnostic};

/// Renders the report.
pub fn render(report: &Report<'_>) -> String {
    let errors = report.errors.iter().map(error);
    let live = report.findings.iter().filter(|f| f.waived.is_none());
    let findings = live.map(|f| line(&f.file, f.span.start, f.severity, f.code, &f.message));
    let mut out: String = errors.chain(findings).collect();
    out.push_str(&human::summary_line(&report.summary));
    out.push('\n');
    out
}

fn error(d: &Diagnostic) -> String {
    line(
        &d.file,
        d.primary.span.start,
        d.severity,
        d.code,
        &d.message,
    )
}

fn line(
    file: &crate::source::SourceFile,
    offset: usize,
    severity: Severity,
    code: Code,
    message: &str,
) -> String {
    let at = file.line_col(offset);
    let path = display_path(file);
    let (severity, code) = (severity.as_str(), code.as_str());
    // A message quoting a statement written over two lines must still be
    // one line of output.
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{path}:{at}: {severity}[{code}] {message}\n")
}
