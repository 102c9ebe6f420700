//! `privet explain` and the pages it prints (`docs/codes/<name>.md`).
//!
//! Every code has a page and every page a code; every page has the same
//! structure; and every example is real. An example is *runnable* when its
//! code blocks open with a comment naming a file (`# rules/acme.privet`,
//! `# inventory/accounts.yaml`): those files are written to an empty
//! project and checked, and the page's code must be reported. The `## Fix`
//! section's files then replace the example's, and the fixed project must
//! pass without that code.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use privet::diagnostic::Code;
use privet::explain;
use privet::pipeline::{self, ExitStatus, Options, Outcome};
use privet::render::Report;
use privet::render::human::{self, Style};

/// The sections every page has, in order.
const SECTIONS: [&str; 4] = ["What it checks", "Why it matters", "Example", "Fix"];

/// Codes whose example cannot be written as text files (a file that is not
/// UTF-8), so it is described instead.
const NOT_RUNNABLE: [Code; 1] = [Code::IoNotText];

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codes")
}

fn page(code: Code) -> &'static str {
    explain::page(code).unwrap_or_else(|| panic!("{} has no page", code.as_str()))
}

/// A page split at its `## ` headings (outside code blocks), in order.
fn sections(text: &str) -> Vec<(String, String)> {
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        match line.strip_prefix("## ") {
            Some(title) if !in_code => sections.push((title.to_owned(), String::new())),
            _ => {
                if let Some((_, body)) = sections.last_mut() {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    sections
}

fn section<'a>(sections: &'a [(String, String)], title: &str) -> &'a str {
    let found = sections.iter().find(|(t, _)| t == title);
    found.map_or("", |(_, body)| body.as_str())
}

/// The files a section's code blocks name in their first line.
fn files(section: &str) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut block: Option<Vec<&str>> = None;
    for line in section.lines() {
        match (&mut block, line.starts_with("```")) {
            (None, true) => block = Some(Vec::new()),
            (Some(lines), true) => {
                if let Some(path) = lines.first().and_then(|l| file_name(l)) {
                    files.insert(path.to_owned(), format!("{}\n", lines.join("\n")));
                }
                block = None;
            }
            (Some(lines), false) => lines.push(line),
            (None, false) => {}
        }
    }
    files
}

/// `rules/acme.privet` from the comment `# rules/acme.privet`.
fn file_name(line: &str) -> Option<&str> {
    let path = line.strip_prefix("# ")?;
    let plain = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c));
    let named = path
        .rsplit_once('.')
        .is_some_and(|(_, ext)| !ext.is_empty());
    (plain && named && !path.starts_with('/') && !path.contains("..")).then_some(path)
}

/// Writes `files` into a fresh project directory and checks it. Without
/// a project file of its own, the project gets one naming the default
/// places, as a fresh repository would use.
fn check(dir: &Path, files: &BTreeMap<String, String>) -> Outcome {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    if !dir.join("privet.yaml").exists() {
        let inventory = if dir.join("inventory").is_dir() {
            "inventory: [inventory]\n"
        } else {
            ""
        };
        std::fs::write(
            dir.join("privet.yaml"),
            format!("rules: [rules]\n{inventory}"),
        )
        .unwrap();
    }
    pipeline::run(&Options {
        project: Some(dir.to_path_buf()),
        cwd: dir.to_path_buf(),
        ..Options::default()
    })
}

fn codes(outcome: &Outcome) -> Vec<Code> {
    let findings = outcome.findings.iter().map(|f| f.code);
    findings
        .chain(outcome.errors.iter().map(|d| d.code))
        .collect()
}

fn rendered(outcome: &Outcome) -> String {
    let report = Report {
        findings: &outcome.findings,
        errors: &outcome.errors,
        summary: outcome.summary.clone(),
    };
    human::render_report(&report, Style::PLAIN)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("privet-explain-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_code_has_a_page_and_every_page_belongs_to_a_code() {
    for &code in Code::ALL {
        let path = docs().join(format!("{}.md", code.doc_name()));
        let on_disk =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(page(code), on_disk, "{} embeds another file", code.as_str());
        assert_eq!(
            explain::doc_path(code),
            format!("docs/codes/{}.md", code.doc_name())
        );
    }
    let names: Vec<String> = Code::ALL.iter().map(|c| c.doc_name()).collect();
    for entry in std::fs::read_dir(docs()).unwrap() {
        let file = entry.unwrap().file_name().into_string().unwrap();
        let stem = file.strip_suffix(".md");
        assert!(
            stem.is_some_and(|s| names.iter().any(|n| n == s)),
            "docs/codes/{file} belongs to no code"
        );
    }
}

#[test]
fn every_page_has_the_code_its_summary_and_the_four_sections() {
    for &code in Code::ALL {
        let text = page(code);
        let mut lines = text.lines();
        let id = code.as_str();
        assert_eq!(lines.next(), Some(format!("# {id}").as_str()));
        assert_eq!(lines.next(), Some(""), "{id}");
        assert_eq!(lines.next(), Some(code.summary()), "{id}: summary");
        let sections = sections(text);
        let titles: Vec<&str> = sections.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(titles, SECTIONS, "{id}");
        for (title, body) in &sections {
            assert!(!body.trim().is_empty(), "{id}: `{title}` is empty");
        }
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{id}");
    }
}

#[test]
fn every_example_but_a_few_is_runnable() {
    for &code in Code::ALL {
        let example = files(section(&sections(page(code)), "Example"));
        let runnable = !example.is_empty();
        let expected = !NOT_RUNNABLE.contains(&code);
        assert_eq!(runnable, expected, "{}: runnable example", code.as_str());
    }
}

#[test]
fn each_runnable_example_reports_its_code_and_its_fix_passes() {
    for &code in Code::ALL {
        let sections = sections(page(code));
        let example = files(section(&sections, "Example"));
        if example.is_empty() {
            continue;
        }
        let id = code.as_str();
        let dir = scratch(&code.doc_name());
        let broken = check(&dir, &example);
        assert!(
            codes(&broken).contains(&code),
            "{id}: the example does not report it:\n{}",
            rendered(&broken)
        );
        let fix = files(section(&sections, "Fix"));
        assert!(!fix.is_empty(), "{id}: the fix names no file");
        let fixed = check(&dir, &fix);
        let text = rendered(&fixed);
        assert!(
            !codes(&fixed).contains(&code),
            "{id}: the fix still reports it:\n{text}"
        );
        assert_eq!(
            fixed.status(false),
            ExitStatus::Success,
            "{id}: the fix fails:\n{text}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn a_finding_tells_the_reader_how_to_learn_more() {
    let example = files(section(&sections(page(Code::RetentionExceeded)), "Example"));
    let dir = scratch("help-line");
    let outcome = check(&dir, &example);
    let text = rendered(&outcome);
    assert!(
        text.contains("; see `privet explain retention::exceeded`"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Snapshots live in `tests/explain/snapshots/`.
fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("explain/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

fn privet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_privet"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn explain_prints_the_page_with_or_without_the_prefix() {
    for written in ["privet::retention::exceeded", "retention::exceeded"] {
        let output = privet(&["explain", written]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(stdout(&output), page(Code::RetentionExceeded));
    }
}

#[test]
fn an_unknown_code_is_an_error_with_a_suggestion() {
    let output = privet(&["explain", "retention::exceded"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    snapshot("unknown_code", &stderr(&output));
}

#[test]
fn explain_list_names_every_code_once_grouped_by_area() {
    let output = privet(&["explain", "--list"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for code in Code::ALL {
        let lines = text
            .lines()
            .filter(|l| l.split_whitespace().next() == Some(code.as_str()));
        assert_eq!(lines.count(), 1, "{}", code.as_str());
    }
    snapshot("list", &text);
}

#[test]
fn explain_needs_a_code_or_list() {
    let output = privet(&["explain"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("<CODE>"), "{}", stderr(&output));
}
