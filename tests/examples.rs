//! The shipped example projects, one per source policy.
//!
//! `examples/<company>/` is a realistic system that keeps every promise of
//! `rules/<company>.privet` (exit 0); `examples/<company>-drift/` is the same
//! system after realistic drift, which must break at least three different
//! commitments. Each is checked as `privet check --project examples/<name>
//! --rules rules/<company>.privet` (the quickstart carries its own rules).
//! Each run is snapshotted, so any change in what the checker finds is
//! visible in review.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::collections::BTreeSet;
use std::path::Path;

use privet::pipeline::{self, ExitStatus, Options};
use privet::render::Report;
use privet::render::human::{self, Style};

fn run(project: &Path) -> pipeline::Outcome {
    let name = project.file_name().unwrap().to_string_lossy().into_owned();
    let company = name.strip_suffix("-drift").unwrap_or(&name);
    let rules = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules")
        .join(format!("{company}.privet"));
    let mut options = Options {
        project: Some(project.to_path_buf()),
        cwd: project.to_path_buf(),
        // Fixed, so the examples' waivers do not expire under the tests.
        today: privet::waiver::parse_date("2026-11-01"),
        ..Options::default()
    };
    if rules.exists() {
        options.rules = vec![rules];
    }
    pipeline::run(&options)
}

fn rendered(outcome: &pipeline::Outcome) -> String {
    let report = Report {
        findings: &outcome.findings,
        errors: &outcome.errors,
        summary: outcome.summary.clone(),
    };
    human::render_report(&report, Style::PLAIN)
}

#[test]
fn each_example_keeps_its_promises_and_each_drift_breaks_three() {
    insta::glob!("../examples", "*/privet.yaml", |path| {
        let project = path.parent().unwrap();
        let name = project.file_name().unwrap().to_string_lossy().into_owned();
        let outcome = run(project);
        let text = rendered(&outcome);
        if name.ends_with("-drift") {
            assert_eq!(
                outcome.status(false),
                ExitStatus::Failure,
                "{name}:\n{text}"
            );
            let broken: BTreeSet<&str> = outcome
                .findings
                .iter()
                .filter(|f| f.waived.is_none() && f.severity == privet::ast::Severity::Error)
                .map(|f| f.commitment.id.as_str())
                .collect();
            assert!(broken.len() >= 3, "{name} breaks only {broken:?}:\n{text}");
        } else if name != "quickstart" {
            assert_eq!(outcome.status(true), ExitStatus::Success, "{name}:\n{text}");
        }
        insta::assert_snapshot!(format!("exit: {:?}\n\n{text}", outcome.status(false)));
    });
}

/// Every drift example has its passing twin.
#[test]
fn every_drift_example_has_a_passing_twin() {
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")).unwrap()
    {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(company) = name.strip_suffix("-drift") {
            let twin = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(company);
            assert!(
                twin.join("privet.yaml").exists(),
                "{name} has no passing twin"
            );
        }
    }
}
