//! End-to-end runs of the real binary: exit codes, streams and formats.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use std::process::{Command, Output};

#[path = "support/copy.rs"]
mod support;

fn privet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_privet"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn the_quickstart_example_reports_its_violations_and_exits_one() {
    let output = privet(&["check", "--project", "examples/quickstart"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("privet::residency::outside"), "{text}");
    assert!(text.contains("inventory/acme.yaml:"), "{text}");
    assert!(
        text.contains("2 errors, 0 warnings, 1 waived in 4 files (5 commitments)"),
        "{text}"
    );
}

#[test]
fn json_output_is_one_document_with_the_contracted_fields() {
    let output = privet(&[
        "check",
        "--project",
        "examples/quickstart",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    let finding = &doc["findings"][0];
    for key in [
        "code",
        "severity",
        "message",
        "help",
        "commitment",
        "location",
        "waived",
    ] {
        assert!(
            finding.get(key).is_some(),
            "finding lacks `{key}`: {finding}"
        );
    }
    for key in ["file", "line", "column", "end_line", "end_column"] {
        assert!(
            finding["location"].get(key).is_some(),
            "location lacks `{key}`"
        );
    }
    for key in ["id", "policy", "file", "line", "column"] {
        assert!(
            finding["commitment"].get(key).is_some(),
            "commitment lacks `{key}`"
        );
    }
    assert_eq!(doc["summary"]["errors"], 2);
    assert_eq!(doc["summary"]["waived"], 1);
    assert!(doc["errors"].as_array().unwrap().is_empty());
}

#[test]
fn no_waivers_brings_waived_findings_back() {
    let output = privet(&["check", "--project", "examples/quickstart", "--no-waivers"]);
    let text = stdout(&output);
    assert!(text.contains("2 errors, 1 warning, 0 waived"), "{text}");
}

#[test]
fn valid_rules_without_an_inventory_exit_zero_with_a_warning() {
    let output = privet(&[
        "check",
        "--rules",
        "examples/quickstart/rules",
        "--config-root",
        "examples/quickstart/services/accounts",
    ]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("privet::io::no_inventory"), "{text}");
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let args = [
        "check",
        "--rules",
        "examples/quickstart/rules",
        "--config-root",
        "examples/quickstart/services/accounts",
    ];
    let output = privet(&[&args[..], &["--deny", "warnings"]].concat());
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
}

#[test]
fn invalid_rules_exit_two_with_located_errors() {
    let output = privet(&["check", "--rules", "tests/syntax/err/missing-unit.privet"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(text.contains("privet::syntax::unexpected"), "{text}");
    assert!(
        text.contains("expected a unit of time such as days, months or years, found `after`"),
        "{text}"
    );
    assert!(
        text.contains("tests/syntax/err/missing-unit.privet:7:35"),
        "{text}"
    );
}

#[test]
fn every_file_in_a_directory_is_reported() {
    let output = privet(&["check", "--rules", "tests/syntax/err"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    for file in std::fs::read_dir("tests/syntax/err").unwrap() {
        let name = file.unwrap().file_name().into_string().unwrap();
        assert!(
            text.contains(&format!("tests/syntax/err/{name}:")),
            "{name} not reported"
        );
    }
}

#[test]
fn commitment_ids_are_unique_across_files() {
    // brief-sketch.privet and retention-limit.privet both define
    // `inactive-accounts`; the later file's use points back at the first.
    let output = privet(&["check", "--rules", "tests/syntax/ok"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(
        text.contains("commitment id `inactive-accounts` is already used"),
        "{text}"
    );
    assert!(
        text.contains("tests/syntax/ok/retention-limit.privet:6:12"),
        "{text}"
    );
    assert!(
        text.contains("tests/syntax/ok/brief-sketch.privet:6:12"),
        "{text}"
    );
}

#[test]
fn a_missing_path_exits_two() {
    let output = privet(&["check", "--rules", "no/such/dir"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains("no/such/dir"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_non_utf8_policy_exits_two_with_its_position() {
    let dir = std::env::temp_dir().join(format!("privet-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("binary.privet");
    std::fs::write(&path, b"policy \"x\" {\n  source \"\xff\xfe\"\n}\n").unwrap();
    let output = privet(&["check", "--rules", path.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(text.contains("privet::io::not_text"), "{text}");
    assert!(text.contains("binary.privet:2:11"), "{text}");
}

#[test]
fn unknown_flags_exit_two() {
    let output = privet(&["check", "--no-such-flag"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn an_unreadable_policy_is_named_from_the_project_root_wherever_privet_runs() {
    // Found by tests/properties.rs: the error named the policy relative to
    // the working directory, unlike every other diagnostic, so SARIF and CI
    // annotations pointed elsewhere when privet ran from a subdirectory.
    let root = std::env::temp_dir().join(format!("privet-cli-policy-path-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    support::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart"),
        &root,
    );
    let policy = root.join("rules/acme.privet");
    let mut text = std::fs::read(&policy).unwrap();
    text.insert(0, 0x7f);
    std::fs::write(&policy, text).unwrap();
    let project = root.to_str().unwrap();
    for cwd in [
        root.clone(),
        root.join("services"),
        std::path::PathBuf::from("/"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_privet"))
            .args(["check", "--project", project, "--format", "concise"])
            .current_dir(&cwd)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "from {}", cwd.display());
        let text = stdout(&output);
        assert!(
            text.starts_with("rules/acme.privet:1:1: error[privet::io::not_text]"),
            "from {}: {text}",
            cwd.display()
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}
