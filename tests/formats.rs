//! The machine and CI output formats: `concise`, `sarif`, `github`,
//! `gitlab`, `junit`, and `--statistics`.
//!
//! Snapshots (under `tests/formats/snapshots/`) show each format on a few
//! projects: `tests/formats/projects/mixed` (two policies, findings of five
//! codes, a warning and a waived finding) and, from `tests/fixtures/`, a
//! live and a waived finding (`format-json`), a commitment that matches
//! nothing (a finding about the commitment itself) and a policy that does
//! not parse (could not check). The SARIF log of every project is
//! validated against the official 2.1.0 schema, vendored as
//! `tests/data/sarif-schema-2.1.0.json`; every JUnit report is parsed back
//! as XML.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use privet::check::CommitmentRef;
use privet::pipeline::{self, Options, Outcome};
use privet::render::{Report, concise, github, gitlab, junit, sarif, statistics};
use privet::source::SourceFile;
use serde_json::Value;

/// The projects the snapshots show: `mixed` (under `tests/formats/`) and
/// fixtures from `tests/fixtures/`.
const SHOWN: &[&str] = &[
    "mixed",
    "format-json",
    "commitment-matches-nothing",
    "bad-policy-syntax",
];

/// Where a shown project is.
fn project(name: &str) -> PathBuf {
    let own = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/formats/projects")
        .join(name);
    if own.exists() {
        own
    } else {
        fixtures().join(name)
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture project, sorted by name, and the `mixed` project.
fn all_projects() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("policy.privet").exists())
        .collect();
    cases.sort();
    cases.push(project("mixed"));
    cases
}

/// Runs a fixture the way `tests/check.rs` does.
fn outcome(case: &Path) -> Outcome {
    let mut options = Options {
        cwd: case.to_path_buf(),
        ..Options::default()
    };
    if case.join("privet.yaml").exists() {
        options.project = Some(case.to_path_buf());
    } else {
        options.rules = vec![case.join("policy.privet")];
        if case.join("inventory.yaml").exists() {
            options.inventory = vec![case.join("inventory.yaml")];
        }
    }
    pipeline::run(&options)
}

fn report(outcome: &Outcome) -> Report<'_> {
    Report {
        findings: &outcome.findings,
        errors: &outcome.errors,
        summary: outcome.summary.clone(),
    }
}

fn settings(case: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("formats/snapshots");
    settings.set_snapshot_suffix(case.to_owned());
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// Snapshots `render` on every shown fixture.
fn snapshot_each(format: &str, render: impl Fn(&Report<'_>) -> String) {
    for case in SHOWN {
        let outcome = outcome(&project(case));
        let text = render(&report(&outcome));
        settings(case).bind(|| insta::assert_snapshot!(format, text));
    }
}

#[test]
fn concise_is_one_line_per_problem_then_the_summary() {
    snapshot_each("concise", concise::render);
}

#[test]
fn github_is_one_workflow_command_per_problem() {
    snapshot_each("github", github::render);
}

#[test]
fn gitlab_is_a_code_quality_report() {
    snapshot_each("gitlab", gitlab::render);
}

#[test]
fn junit_has_a_suite_per_policy_and_a_case_per_commitment_and_item() {
    snapshot_each("junit", junit::render);
}

#[test]
fn statistics_count_each_code() {
    snapshot_each("statistics", statistics::render);
}

/// The SARIF snapshots leave out the rules' help and full description (the
/// `privet explain` pages, which have their own tests and change on their
/// own); this test checks they are those pages.
#[test]
fn sarif_is_a_log_with_rules_results_and_suppressions() {
    snapshot_each("sarif", |report| {
        let text = sarif::render(report);
        let mut log: Value = serde_json::from_str(&text).unwrap();
        for rule in rules_mut(&mut log) {
            let code = privet::diagnostic::Code::parse(rule["id"].as_str().unwrap()).unwrap();
            let page = privet::explain::page(code).unwrap();
            let help = rule["help"]["markdown"].as_str().unwrap();
            assert!(help.starts_with(page.trim_end()), "{help}");
            assert_eq!(rule["help"]["text"], rule["help"]["markdown"]);
        }
        without_pages(&text)
    });
}

/// The log with the text of each rule's `fullDescription` and `help`
/// replaced by a marker (the log is pretty-printed: one value a line).
fn without_pages(log: &str) -> String {
    let mut out = String::new();
    let mut hide = 0;
    for line in log.lines() {
        let value = line.split_once(": \"").filter(|_| hide > 0);
        match value {
            Some((key, _)) => {
                let comma = if line.ends_with(',') { "," } else { "" };
                out.push_str(&format!("{key}: \"[from the explain page]\"{comma}\n"));
                hide -= 1;
            }
            None => out.push_str(&format!("{line}\n")),
        }
        match line.trim() {
            r#""fullDescription": {"# => hide = 1,
            r#""help": {"# => hide = 2,
            _ => {}
        }
    }
    out
}

fn rules_mut(log: &mut Value) -> Vec<&mut Value> {
    let rules = &mut log["runs"][0]["tool"]["driver"]["rules"];
    rules.as_array_mut().unwrap().iter_mut().collect()
}

fn sarif_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(path).unwrap();
    // The official schema's two `language` patterns end in a stray `]`,
    // which JavaScript reads as a literal `]` but the validator's regex
    // engine refuses; escaping it keeps the meaning and the file verbatim.
    let stray = r#"[a-zA-Z]{2}]?$""#;
    assert_eq!(text.matches(stray).count(), 2);
    let text = text.replace(stray, r#"[a-zA-Z]{2}\\]?$""#);
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

#[test]
fn the_sarif_log_of_every_fixture_passes_the_official_schema() {
    let validator = sarif_validator();
    for case in all_projects() {
        let outcome = outcome(&case);
        let log: Value = serde_json::from_str(&sarif::render(&report(&outcome))).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", case.display());
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), outcome.findings.len() + outcome.errors.len());
    }
}

/// Why the rules have no `helpUri`: the schema wants an absolute URI, and
/// privet has no website to point at.
#[test]
fn a_relative_help_uri_would_not_pass_the_schema() {
    let outcome = outcome(&fixtures().join("format-json"));
    let mut log: Value = serde_json::from_str(&sarif::render(&report(&outcome))).unwrap();
    rules_mut(&mut log)[0]["helpUri"] = Value::from("docs/codes/security-unencrypted.md");
    assert!(!sarif_validator().is_valid(&log));
}

#[test]
fn sarif_fingerprints_ignore_lines_that_move_but_not_values_that_change() {
    let before = fingerprints(&outcome(&fixtures().join("format-json")));
    assert_eq!(before.len(), 2);
    assert_ne!(before[0], before[1]);
    // A comment line on top moves every finding down one line.
    let moved = edited_copy("moved", |text| format!("# moved\n{text}"));
    assert_eq!(fingerprints(&outcome(&moved)), before);
    // The replica moves to another region: that finding is a new one.
    let changed = edited_copy("changed", |text| text.replace("eu-west-1", "eu-central-1"));
    let after = fingerprints(&outcome(&changed));
    assert_eq!(after[0], before[0]);
    assert_ne!(after[1], before[1]);
}

/// The `format-json` fixture with `edit` applied to its YAML files.
fn edited_copy(name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let (case, copy) = (fixtures().join("format-json"), tempdir(name));
    for entry in std::fs::read_dir(&case).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let yaml = path.extension().is_some_and(|e| e == "yaml");
        let text = if yaml { edit(&text) } else { text };
        std::fs::write(copy.join(path.file_name().unwrap()), text).unwrap();
    }
    copy
}

fn fingerprints(outcome: &Outcome) -> Vec<String> {
    let log: Value = serde_json::from_str(&sarif::render(&report(outcome))).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let prints = results
        .iter()
        .map(|r| r["partialFingerprints"]["privet/v1"].to_string());
    prints.collect()
}

/// A fresh, empty directory under the build's target directory.
fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("formats-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_junit_report_of_every_fixture_is_well_formed_and_adds_up() {
    for case in all_projects() {
        let outcome = outcome(&case);
        let xml = junit::render(&report(&outcome));
        let doc = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("{}: {e}\n{xml}", case.display()));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let cases = root.descendants().filter(|n| n.has_tag_name("testcase"));
        assert_eq!(count(root, "tests"), cases.count(), "{xml}");
        let failed = root.descendants().filter(|n| n.has_tag_name("testcase"));
        let failed = failed.filter(|n| n.children().any(|c| c.has_tag_name("failure")));
        assert_eq!(count(root, "failures"), failed.count(), "{xml}");
    }
}

fn count(node: roxmltree::Node<'_, '_>, attribute: &str) -> usize {
    node.attribute(attribute).unwrap().parse().unwrap()
}

#[test]
fn junit_escapes_what_users_write() {
    let case = tempdir("junit-escape");
    let policy = std::fs::read_to_string(fixtures().join("format-json/policy.privet")).unwrap();
    let policy = policy.replace(
        "We encrypt your personal information",
        "We <really> encrypt your data & 'more'",
    );
    std::fs::write(case.join("policy.privet"), policy).unwrap();
    let inventory = fixtures().join("format-json/inventory.yaml");
    std::fs::copy(inventory, case.join("inventory.yaml")).unwrap();
    let xml = junit::render(&report(&outcome(&case)));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let failure = doc
        .descendants()
        .find(|n| n.attribute("type") == Some("privet::security::unencrypted"))
        .unwrap();
    let text = failure.text().unwrap();
    assert!(
        text.contains(r#": "We <really> encrypt your data & 'more' at rest"#),
        "{text}"
    );
}

/// Given the commitments that were checked, those that hold are passing
/// test cases.
#[test]
fn junit_lists_commitments_that_hold_when_given_them() {
    for (case, passing) in [
        ("retention-limit-pass", vec!["inactive-accounts"]),
        ("format-json", vec![]),
    ] {
        let case = fixtures().join(case);
        let outcome = outcome(&case);
        let xml = junit::render_with_commitments(&report(&outcome), &commitments(&case));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let found: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testcase") && !n.has_children())
            .map(|n| n.attribute("name").unwrap())
            .collect();
        assert_eq!(found, passing, "{xml}");
    }
}

/// A reference to each commitment of the fixture's policy.
fn commitments(case: &Path) -> Vec<CommitmentRef> {
    let text = std::fs::read_to_string(case.join("policy.privet")).unwrap();
    let file = SourceFile::new("policy.privet", text);
    let policies = privet::rules::load(&[file], privet::taxonomy::Taxonomy::builtin()).policies;
    let mut refs = Vec::new();
    for policy in &policies {
        for commitment in &policy.commitments {
            let first = commitment.statements.first().unwrap();
            refs.push(CommitmentRef::new(policy, commitment, first));
        }
    }
    refs
}

fn privet_in(case: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_privet"));
    command.arg("check").args(args).current_dir(case);
    if !case.join("privet.yaml").exists() {
        command.args(["--rules", "policy.privet"]);
        if case.join("inventory.yaml").exists() {
            command.args(["--inventory", "inventory.yaml"]);
        }
    }
    command.env("NO_COLOR", "1").output().unwrap()
}

/// The exit code does not depend on the format: 0 when every promise
/// holds, 1 when one is broken, 2 when privet could not check.
#[test]
fn every_format_keeps_the_exit_codes() {
    let formats = [
        "human", "concise", "json", "sarif", "github", "gitlab", "junit",
    ];
    let cases = [
        ("retention-limit-pass", 0),
        ("format-json", 1),
        ("bad-policy-syntax", 2),
    ];
    for (case, code) in cases {
        for format in formats {
            let output = privet_in(&fixtures().join(case), &["--format", format]);
            let stdout = String::from_utf8(output.stdout).unwrap();
            assert_eq!(
                output.status.code(),
                Some(code),
                "{case} {format}: {stdout}"
            );
            assert!(!stdout.is_empty(), "{case} {format}");
            assert_parses(format, &stdout);
        }
    }
}

/// The document formats are documents.
fn assert_parses(format: &str, stdout: &str) {
    match format {
        "json" | "sarif" | "gitlab" => {
            serde_json::from_str::<Value>(stdout).unwrap();
        }
        "junit" => {
            roxmltree::Document::parse(stdout).unwrap();
        }
        _ => {}
    }
}

#[test]
fn statistics_follow_the_terminal_output() {
    let output = privet_in(&fixtures().join("format-json"), &["--statistics"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    let tail = "1 error, 0 warnings, 1 waived in 2 files (2 commitments)\n  1  privet::security::unencrypted  ";
    assert!(stdout.contains(tail), "{stdout}");
}

/// `--statistics` must not break a document another program parses: the
/// table goes to standard error for these formats.
#[test]
fn statistics_leave_document_formats_valid() {
    for format in ["json", "sarif", "gitlab", "junit"] {
        let output = privet_in(
            &fixtures().join("format-json"),
            &["--statistics", "--format", format],
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_parses(format, &stdout);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("privet::security::unencrypted"), "{stderr}");
    }
}
