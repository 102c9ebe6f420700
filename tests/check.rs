//! The check fixture harness.
//!
//! Each `tests/fixtures/<kind>-<what>/` is a small project: `policy.privet`,
//! and as needed `inventory.yaml`, config YAML, `waivers.yaml`, a
//! `privet.yaml` (which then says where everything is) and `args.txt`
//! (extra flags: `--deny warnings`, `--no-waivers`, `--format json`). The
//! snapshot is the exit code and exactly what the terminal shows: no
//! colour, fixed width, paths relative to the case. Adding a case is adding
//! a folder; review snapshots with `cargo insta review`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::path::Path;

use privet::pipeline::{self, Options};
use privet::render::human::{self, Style};
use privet::render::{Report, json};

fn options(case: &Path, args: &[String]) -> Options {
    let mut options = Options {
        cwd: case.to_path_buf(),
        // Fixed, so waivers in fixtures expire only when a case says so.
        today: privet::waiver::parse_date("2026-11-01"),
        ..Options::default()
    };
    if case.join("privet.yaml").exists() {
        options.project = Some(case.to_path_buf());
    } else {
        options.rules = vec![case.join("policy.privet")];
        let inventory = case.join("inventory.yaml");
        if inventory.exists() {
            options.inventory = vec![inventory];
        }
    }
    options.no_waivers = args.iter().any(|a| a == "--no-waivers");
    options
}

fn run_case(case: &Path) -> String {
    let args: Vec<String> = std::fs::read_to_string(case.join("args.txt"))
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let outcome = pipeline::run(&options(case, &args));
    let deny = args
        .windows(2)
        .any(|w| w[0] == "--deny" && w[1] == "warnings");
    let status = outcome.status(deny);
    let report = Report {
        findings: &outcome.findings,
        errors: &outcome.errors,
        summary: outcome.summary.clone(),
    };
    let output = if args
        .windows(2)
        .any(|w| w[0] == "--format" && w[1] == "json")
    {
        json::render(&report)
    } else {
        human::render_report(&report, Style::PLAIN)
    };
    let code = match status {
        privet::pipeline::ExitStatus::Success => 0,
        privet::pipeline::ExitStatus::Failure => 1,
        privet::pipeline::ExitStatus::Error => 2,
    };
    format!("exit code: {code}\n\n{output}")
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*/policy.privet", |path| {
        let case = path.parent().unwrap();
        insta::assert_snapshot!(run_case(case));
    });
}

/// Every kind of statement has a passing, a violated and a missing-evidence
/// case (config statements: a missing key instead of missing evidence).
#[test]
fn every_kind_has_pass_violation_and_missing_evidence_cases() {
    let names: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
    let kinds = [
        "retention-limit",
        "retention-until",
        "no-sale",
        "no-collection",
        "collection-limited",
        "residency",
        "recipients-limited",
        "recipients-banned",
        "recipient-purpose",
        "transfer",
        "purpose-limited",
        "purpose-banned",
        "deidentified",
        "contract",
        "encryption",
        "config",
    ];
    for kind in kinds {
        for outcome in ["pass", "violated", "missing"] {
            let wanted = format!("{kind}-{outcome}");
            assert!(
                names.iter().any(|n| n.starts_with(&wanted)),
                "no fixture `{wanted}*`"
            );
        }
    }
}
