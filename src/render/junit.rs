//! `--format junit`: JUnit XML, for CI systems that show test reports
//! (GitLab's test report, Jenkins, Azure Pipelines).
//!
//! - One `<testsuite>` per policy file, named by its path: a policy is what
//!   a reviewer signs off, so its promises stay together.
//! - One `<testcase>` per commitment and item it was found broken for
//!   (`us-only: dataset analytics/events`), classname the commitment id,
//!   `file` and `line` the offending value. It holds a `<failure>` for
//!   each unwaived finding (type the code, message the finding, text the
//!   location and the fix), or `<skipped>` with the waiver's reason when
//!   the findings are waived (a waiver accepts every finding of its
//!   commitment and item alike).
//! - Commitments that hold are one passing `<testcase>` each, named by the
//!   id, when the caller lists the checked commitments
//!   ([`render_with_commitments`]); the report alone names only broken
//!   ones, because a commitment that holds produces no finding.
//! - Could-not-check problems are test cases in a suite named after their
//!   file: `<error>` for errors, `<skipped>` for warnings (something was
//!   not checked, such as statements about data without an inventory).
//!
//! No timestamps or durations, so the same input gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{Report, display_path, subject_name};
use crate::ast::Severity;
use crate::check::{CommitmentRef, Finding};
use crate::diagnostic::Diagnostic;

/// A test case, keyed within its suite by where it is written and name.
type Cases = BTreeMap<(usize, String), Case>;

struct Case {
    classname: String,
    file: String,
    line: usize,
    verdicts: Vec<Verdict>,
}

/// What a test case reports: nothing (a pass), problems, or a skip.
enum Verdict {
    /// A `<failure>` (a broken promise) or `<error>` (could not check).
    Problem {
        tag: &'static str,
        message: String,
        kind: &'static str,
        text: String,
    },
    Skipped {
        message: String,
    },
}

/// Renders the report; only broken commitments appear (see the module
/// documentation).
pub fn render(report: &Report<'_>) -> String {
    render_with_commitments(report, &[])
}

/// Renders the report with a passing test case for each commitment in
/// `commitments` (every commitment checked) that has no finding.
pub fn render_with_commitments(report: &Report<'_>, commitments: &[CommitmentRef]) -> String {
    let mut suites: BTreeMap<String, Cases> = BTreeMap::new();
    for d in report.errors {
        add_error(&mut suites, d);
    }
    for f in report.findings {
        add_finding(&mut suites, f);
    }
    let broken: BTreeSet<(String, &str)> = report
        .findings
        .iter()
        .map(|f| (display_path(&f.commitment.file), f.commitment.id.as_str()))
        .collect();
    for c in commitments {
        let path = display_path(&c.file);
        if !broken.contains(&(path.clone(), c.id.as_str())) {
            add_passing(suites.entry(path).or_default(), c);
        }
    }
    document(&suites)
}

fn add_finding(suites: &mut BTreeMap<String, Cases>, f: &Finding) {
    let c = &f.commitment;
    let name = match subject_name(f) {
        Some(subject) => format!("{}: {subject}", c.id),
        None => c.id.clone(),
    };
    let cases = suites.entry(display_path(&c.file)).or_default();
    let case = cases
        .entry((c.id_span.start, name))
        .or_insert_with(|| Case {
            classname: c.id.clone(),
            file: display_path(&f.file),
            line: f.file.line_col(f.span.start).line,
            verdicts: Vec::new(),
        });
    case.verdicts.push(finding_verdict(f));
}

fn finding_verdict(f: &Finding) -> Verdict {
    match &f.waived {
        Some(w) => Verdict::Skipped {
            message: format!("waived until {}: {}", w.expires, w.reason),
        },
        None => Verdict::Problem {
            tag: "failure",
            message: f.message.clone(),
            kind: f.code.as_str(),
            text: failure_text(f),
        },
    }
}

/// Where the value is, the fix, and the promise it breaks.
fn failure_text(f: &Finding) -> String {
    let (c, at) = (&f.commitment, f.file.line_col(f.span.start));
    let (severity, path) = (f.severity.as_str(), display_path(&f.file));
    let mut text = format!("{severity} at {path}:{at}\nhelp: {}\n", f.help);
    let (policy, promise) = (display_path(&c.file), c.file.line_col(c.statement.start));
    let _ = write!(text, "commitment `{}` at {policy}:{promise}", c.id);
    if let Some(quote) = &c.quote {
        let _ = write!(text, ": \"{quote}\"");
    }
    text
}

fn add_error(suites: &mut BTreeMap<String, Cases>, d: &Diagnostic) {
    let (path, at) = (display_path(&d.file), d.location());
    let case = Case {
        classname: path.clone(),
        file: path.clone(),
        line: at.line,
        verdicts: vec![error_verdict(d)],
    };
    let name = format!("{} at {at}", d.code.as_str());
    let cases = suites.entry(path).or_default();
    cases.insert((d.primary.span.start, name), case);
}

/// An error stopped a check; a warning says something was not checked.
fn error_verdict(d: &Diagnostic) -> Verdict {
    if d.severity != Severity::Error {
        return Verdict::Skipped {
            message: d.message.clone(),
        };
    }
    let at = format!("{}:{}", display_path(&d.file), d.location());
    let help = d.help.as_deref().unwrap_or("");
    Verdict::Problem {
        tag: "error",
        message: d.message.clone(),
        kind: d.code.as_str(),
        text: format!("{at}\nhelp: {help}"),
    }
}

fn add_passing(cases: &mut Cases, c: &CommitmentRef) {
    let case = Case {
        classname: c.id.clone(),
        file: display_path(&c.file),
        line: c.file.line_col(c.id_span.start).line,
        verdicts: Vec::new(),
    };
    cases.insert((c.id_span.start, c.id.clone()), case);
}

/// Test, failure, error and skipped counts, as the attributes say them.
#[derive(Default)]
struct Counts([usize; 4]);

impl Counts {
    fn add(&mut self, case: &Case) {
        let [tests, failures, errors, skipped] = &mut self.0;
        *tests += 1;
        match outcome(case) {
            Some(Verdict::Problem { tag: "failure", .. }) => *failures += 1,
            Some(Verdict::Problem { .. }) => *errors += 1,
            Some(Verdict::Skipped { .. }) => *skipped += 1,
            None => {}
        }
    }

    fn attributes(&self) -> String {
        let [tests, failures, errors, skipped] = self.0;
        format!(r#"tests="{tests}" failures="{failures}" errors="{errors}" skipped="{skipped}""#)
    }
}

/// What decides a case: a failure or error over a skip over a pass.
fn outcome(case: &Case) -> Option<&Verdict> {
    shown(case).first().copied()
}

/// What a case prints: its failures and errors, or else its first skip.
/// (A waived and a live finding in one case cannot happen, since a waiver
/// names the commitment and the item; if it did, the live one matters.)
fn shown(case: &Case) -> Vec<&Verdict> {
    let live: Vec<&Verdict> = case.verdicts.iter().filter(|v| !v.is_skip()).collect();
    if live.is_empty() {
        case.verdicts.first().into_iter().collect()
    } else {
        live
    }
}

impl Verdict {
    fn is_skip(&self) -> bool {
        matches!(self, Verdict::Skipped { .. })
    }
}

fn document(suites: &BTreeMap<String, Cases>) -> String {
    let mut total = Counts::default();
    let mut body = String::new();
    for (path, cases) in suites {
        let mut counts = Counts::default();
        let mut inner = String::new();
        for ((_, name), case) in cases {
            counts.add(case);
            total.add(case);
            inner.push_str(&testcase(name, case));
        }
        let (name, attrs) = (attr(path), counts.attributes());
        let _ = write!(
            body,
            "  <testsuite name=\"{name}\" {attrs}>\n{inner}  </testsuite>\n"
        );
    }
    let head = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
    let attrs = total.attributes();
    format!("{head}\n<testsuites name=\"privet\" {attrs}>\n{body}</testsuites>\n")
}

fn testcase(name: &str, case: &Case) -> String {
    let open = format!(
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
        attr(name),
        attr(&case.classname),
        attr(&case.file),
        case.line
    );
    let shown = shown(case);
    if shown.is_empty() {
        return format!("{open}/>\n");
    }
    let inner: String = shown.into_iter().map(verdict).collect();
    format!("{open}>\n{inner}    </testcase>\n")
}

fn verdict(v: &Verdict) -> String {
    match v {
        Verdict::Problem {
            tag,
            message,
            kind,
            text,
        } => {
            let (message, kind, text) = (attr(message), attr(kind), escape(text));
            format!("      <{tag} message=\"{message}\" type=\"{kind}\">{text}</{tag}>\n")
        }
        Verdict::Skipped { message } => {
            format!("      <skipped message=\"{}\"/>\n", attr(message))
        }
    }
}

/// Escapes element text; characters XML 1.0 cannot hold become U+FFFD.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if allowed(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Escapes an attribute value; line breaks and tabs become character
/// references, which a parser keeps (it would fold them to spaces).
fn attr(text: &str) -> String {
    escape(text)
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

/// Whether XML 1.0 allows `c` in a document.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_escape_markup_quotes_and_line_breaks() {
        assert_eq!(
            attr("a <b> & \"c\" 'd'\ne"),
            "a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;&#10;e"
        );
    }

    #[test]
    fn characters_xml_cannot_hold_are_replaced() {
        assert_eq!(escape("a\u{1}b\u{FFFE}c\td"), "a\u{FFFD}b\u{FFFD}c\td");
    }
}
