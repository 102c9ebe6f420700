//! `--format sarif`: a SARIF 2.1.0 log, what GitHub code scanning and other
//! static-analysis dashboards read.
//!
//! - One run; `tool.driver` is privet with its version and one rule per
//!   code that appears in the run, sorted by code, so the log stays small
//!   and every rule it lists is used. Each rule carries the code's summary
//!   and its `privet explain` page.
//! - One result per finding and per could-not-check error, in the
//!   report's order. Could-not-check errors are results, not
//!   `toolExecutionNotifications`, because they have a code and a place in
//!   the user's files (a syntax error, an unreadable inventory) and code
//!   scanning shows results there; `invocations[0].executionSuccessful` is
//!   false when any of them is an error.
//! - Levels: error, warning and info become `error`, `warning`, `note`.
//! - The location is the offending value, with start and end line and
//!   column (`columnKind` says columns count Unicode scalar values); the
//!   broken commitment's statement is a related location.
//! - `partialFingerprints["privet/v1"]` is [`Report::fingerprints`]: the
//!   same while the problem is the same, however lines move.
//! - A waived finding stays a result, with an `external` suppression whose
//!   justification is the waiver's reason.

mod log;
mod rules;

use std::collections::BTreeMap;

use self::log::{
    ArtifactLocation, Driver, Invocation, Location, Log, PhysicalLocation, Region, Run,
    SarifResult, Suppression, Text, Tool,
};
use super::{Report, display_path};
use crate::ast::Severity;
use crate::check::{Finding, Waived};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

/// The key of privet's fingerprint; the version changes if the hashed
/// fields ever do.
const FINGERPRINT: &str = "privet/v1";

/// Renders the report as pretty-printed JSON with a trailing newline.
pub fn render(report: &Report<'_>) -> String {
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![run(report)],
    };
    let mut text =
        serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

fn run(report: &Report<'_>) -> Run {
    let codes = codes(report);
    let index = |code: Code| codes.iter().position(|c| *c == code).unwrap_or(0);
    let (finding_prints, error_prints) = report.fingerprints();
    let errors = report.errors.iter().zip(error_prints);
    let errors = errors.map(|(d, print)| error(d, index(d.code), print));
    let findings = report.findings.iter().zip(finding_prints);
    let findings = findings.map(|(f, print)| finding(f, index(f.code), print));
    let successful = report.errors.iter().all(|d| d.severity != Severity::Error);
    Run {
        tool: tool(&codes),
        invocations: vec![Invocation {
            execution_successful: successful,
        }],
        column_kind: "unicodeCodePoints",
        results: errors.chain(findings).collect(),
    }
}

/// Every code in the report, sorted and once each.
fn codes(report: &Report<'_>) -> Vec<Code> {
    let errors = report.errors.iter().map(|d| d.code);
    let all = errors.chain(report.findings.iter().map(|f| f.code));
    let mut codes: Vec<Code> = all.collect();
    codes.sort_by_key(|c| c.as_str());
    codes.dedup();
    codes
}

fn tool(codes: &[Code]) -> Tool {
    let version = env!("CARGO_PKG_VERSION");
    Tool {
        driver: Driver {
            name: "privet",
            version,
            semantic_version: version,
            rules: codes.iter().map(|c| rules::rule(*c)).collect(),
        },
    }
}

fn finding(f: &Finding, rule_index: usize, print: String) -> SarifResult {
    let mut result = result(f.code, rule_index, f.severity, &f.message, print);
    result.locations.push(location(&f.file, f.span, None));
    result.related_locations = promise(f).into_iter().collect();
    result.suppressions = f.waived.iter().map(suppression).collect();
    result.properties.insert("help", f.help.clone());
    let id = f.commitment.id.clone();
    result.properties.insert("commitment", id);
    result
}

/// The broken statement, unless the finding already points at it.
fn promise(f: &Finding) -> Option<Location> {
    let c = &f.commitment;
    if c.file.path() == f.file.path() && c.statement == f.span {
        return None;
    }
    let what = match &c.quote {
        Some(quote) => format!("commitment `{}`: \"{quote}\"", c.id),
        None => format!("commitment `{}` of {}", c.id, c.policy),
    };
    Some(location(&c.file, c.statement, Some((1, what))))
}

fn error(d: &Diagnostic, rule_index: usize, print: String) -> SarifResult {
    let mut result = result(d.code, rule_index, d.severity, &d.message, print);
    result
        .locations
        .push(location(&d.file, d.primary.span, None));
    let related = d.related.iter().zip(1..);
    result.related_locations = related
        .map(|(r, id)| location(&r.file, r.primary.span, Some((id, r.message.clone()))))
        .collect();
    if let Some(help) = &d.help {
        result.properties.insert("help", help.clone());
    }
    result
}

/// A result with no location yet.
fn result(
    code: Code,
    rule_index: usize,
    severity: Severity,
    message: &str,
    print: String,
) -> SarifResult {
    let level = match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    SarifResult {
        rule_id: code.as_str(),
        rule_index,
        level,
        message: Text {
            text: message.to_owned(),
        },
        locations: Vec::new(),
        related_locations: Vec::new(),
        partial_fingerprints: BTreeMap::from([(FINGERPRINT, print)]),
        suppressions: Vec::new(),
        properties: BTreeMap::new(),
    }
}

/// `span` of `file`; `related` gives a related location its id and text.
fn location(file: &SourceFile, span: Span, related: Option<(usize, String)>) -> Location {
    let (start, end) = (file.line_col(span.start), file.line_col(span.end));
    let (id, message) = match related {
        Some((id, text)) => (Some(id), Some(Text { text })),
        None => (None, None),
    };
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri(&display_path(file)),
            },
            region: Region {
                start_line: start.line,
                start_column: start.column,
                end_line: end.line,
                end_column: end.column,
            },
        },
        message,
    }
}

fn suppression(waived: &Waived) -> Suppression {
    Suppression {
        kind: "external",
        status: "accepted",
        justification: waived.reason.clone(),
        properties: BTreeMap::from([("expires", waived.expires.clone())]),
    }
}

/// A relative path as a URI reference: every byte but unreserved
/// characters and `/` percent-encoded (a `:` in the first segment would
/// otherwise read as a scheme).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("inventory/users.yaml"), "inventory/users.yaml");
        assert_eq!(uri("a b/c:d%é.yaml"), "a%20b/c%3Ad%25%C3%A9.yaml");
    }
}
