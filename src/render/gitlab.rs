//! `--format gitlab`: a GitLab Code Quality report, the JSON array a CI job
//! publishes as its `codequality` artifact so merge requests show what
//! changed.
//!
//! One entry per could-not-check error and per unwaived finding, in the
//! report's order. Waived findings are left out: the format cannot mark an
//! entry as accepted, and a waiver is exactly that.
//!
//! GitLab has five severities; privet maps its own onto them so that a
//! problem that fails the run is never shown below one that does not:
//!
//! | privet | GitLab |
//! |---|---|
//! | could-not-check error (nothing was proven) | `blocker` |
//! | error finding (a broken promise) | `critical` |
//! | warning, finding or could-not-check | `major` |
//! | info | `info` |
//!
//! `fingerprint` is [`Report::fingerprints`]: stable while the problem
//! stays the same, whatever lines move around it.

use serde::Serialize;

use super::{Report, display_path};
use crate::ast::Severity;
use crate::diagnostic::Code;
use crate::source::SourceFile;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// Renders the report as a pretty-printed JSON array with a trailing
/// newline.
pub fn render(report: &Report<'_>) -> String {
    let mut text =
        serde_json::to_string_pretty(&issues(report)).unwrap_or_else(|_| String::from("[]"));
    text.push('\n');
    text
}

/// Could-not-check errors, then unwaived findings.
fn issues<'a>(report: &'a Report<'_>) -> Vec<Issue<'a>> {
    let (finding_prints, error_prints) = report.fingerprints();
    let errors = report.errors.iter().zip(error_prints).map(|(d, print)| {
        let severity = match d.severity {
            Severity::Error => "blocker",
            other => severity(other),
        };
        let at = (&d.file, d.primary.span.start);
        issue(&d.message, d.code, print, severity, at)
    });
    let findings = report.findings.iter().zip(finding_prints);
    let live = findings.filter(|(f, _)| f.waived.is_none());
    let findings = live.map(|(f, print)| {
        let at = (&f.file, f.span.start);
        issue(&f.message, f.code, print, severity(f.severity), at)
    });
    errors.chain(findings).collect()
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

fn issue<'a>(
    description: &'a str,
    code: Code,
    fingerprint: String,
    severity: &'static str,
    (file, offset): (&SourceFile, usize),
) -> Issue<'a> {
    Issue {
        description,
        check_name: code.as_str(),
        fingerprint,
        severity,
        location: Location {
            path: display_path(file),
            lines: Lines {
                begin: file.line_col(offset).line,
            },
        },
    }
}
