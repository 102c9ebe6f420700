//! What the property tests and the fuzz targets check of every run: every
//! location can be shown to a user, and every output format renders
//! (`#[path]`-included by both).

use privet::diagnostic::Diagnostic;
use privet::pipeline::Outcome;
use privet::render::human::{self, Style};
use privet::render::{Report, concise, github, gitlab, json, junit, sarif, statistics};
use privet::source::{SourceFile, Span};

/// A span a user can be shown: inside the text, on character boundaries.
pub fn assert_points_into(file: &SourceFile, span: Span, what: &str) {
    let text = file.text();
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what} in {} points at {span:?}, outside its {} bytes",
        file.path().display(),
        text.len()
    );
}

/// Every label of every diagnostic (and of those related to it) points
/// into its file.
pub fn assert_located(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert_points_into(&d.file, d.primary.span, d.code.as_str());
        for label in &d.secondary {
            assert_points_into(&d.file, label.span, d.code.as_str());
        }
        assert_located(&d.related);
    }
}

/// Every output format of a run, one after the other.
pub fn render_all(outcome: &Outcome) -> String {
    let report = Report {
        findings: &outcome.findings,
        errors: &outcome.errors,
        summary: outcome.summary.clone(),
    };
    [
        human::render_report(&report, Style::PLAIN),
        concise::render(&report),
        json::render(&report),
        sarif::render(&report),
        github::render(&report),
        gitlab::render(&report),
        junit::render_with_commitments(&report, &outcome.commitments),
        statistics::render(&report),
    ]
    .join("\n\u{1}\n")
}
