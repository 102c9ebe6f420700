//! End-to-end runs of the real binary: exit codes and what reaches the
//! terminal.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use std::process::{Command, Output};

fn privet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_privet"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn valid_rules_exit_zero_and_print_nothing() {
    let output = privet(&[
        "check",
        "--rules",
        "tests/syntax/ok/config.privet",
        "--rules",
        "examples/quickstart/rules",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert!(output.stderr.is_empty());
}

#[test]
fn invalid_rules_exit_two_with_located_errors() {
    let output = privet(&["check", "--rules", "tests/syntax/err/missing-unit.privet"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
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
    let text = stderr(&output);
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
    let text = stderr(&output);
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
    assert!(stderr(&output).contains("cannot read `no/such/dir`: does not exist"));
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
    let text = stderr(&output);
    assert!(text.contains("privet::io::not_text"), "{text}");
    assert!(text.contains("binary.privet:2:11"), "{text}");
}

#[test]
fn unknown_flags_exit_two() {
    let output = privet(&["check", "--no-such-flag"]);
    assert_eq!(output.status.code(), Some(2));
}
