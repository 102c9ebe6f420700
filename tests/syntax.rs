//! The language's fixture harness.
//!
//! `tests/syntax/ok/*.privet` must parse and resolve without a diagnostic;
//! the snapshot is the resolved form. `tests/syntax/err/*.privet` must fail;
//! the snapshot is exactly what a user sees on the terminal. Adding a case
//! is adding a file; review new snapshots with `cargo insta review`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use std::path::Path;

use privet::policy::describe::describe;
use privet::render::human::{self, Style};
use privet::source::SourceFile;
use privet::taxonomy::Taxonomy;

fn load(path: &Path) -> privet::rules::Rules {
    let text = std::fs::read_to_string(path).unwrap();
    let kind = path.parent().unwrap().file_name().unwrap();
    let shown = Path::new(kind).join(path.file_name().unwrap());
    let file = SourceFile::new(shown, text);
    privet::rules::load(&[file], Taxonomy::builtin())
}

#[test]
fn valid_policies_resolve() {
    insta::glob!("syntax/ok/*.privet", |path| {
        let rules = load(path);
        let rendered = human::render(&rules.diagnostics, Style::PLAIN);
        assert!(
            rules.diagnostics.is_empty(),
            "{}:\n{rendered}",
            path.display()
        );
        assert_eq!(rules.policies.len(), 1);
        insta::assert_snapshot!(describe(&rules.policies[0], Taxonomy::builtin()));
    });
}

#[test]
fn invalid_policies_report_every_error() {
    insta::glob!("syntax/err/*.privet", |path| {
        let rules = load(path);
        assert!(
            rules
                .diagnostics
                .iter()
                .any(|d| d.severity == privet::ast::Severity::Error),
            "{} should not resolve cleanly",
            path.display()
        );
        insta::assert_snapshot!(human::render(&rules.diagnostics, Style::PLAIN));
    });
}
