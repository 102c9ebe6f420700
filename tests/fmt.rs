//! `privet fmt`: golden layouts, idempotence and meaning preservation over
//! every shipped policy, a randomised round trip, and the command line
//! (`--check`, refusal of broken files, atomic writes).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use privet::fmt::{format_source, same_meaning};
use privet::render::human::{self, Style};
use privet::source::SourceFile;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn parse(text: &str) -> privet::ast::PolicyFile {
    let parsed = privet::syntax::parse(&SourceFile::new("t.privet", text));
    assert!(parsed.errors.is_empty(), "does not parse:\n{text}");
    parsed.ast
}

/// Formats `text`, asserting the result formats to itself and parses to
/// the same tree and comments.
fn format_checked(name: &str, text: &str) -> String {
    let formatted = format_source(text).unwrap_or_else(|errors| {
        panic!("{name}: {}", human::render(&errors, Style::PLAIN));
    });
    let again = format_source(&formatted).unwrap();
    assert_eq!(
        again, formatted,
        "{name}: formatting twice changed the text"
    );
    assert!(
        same_meaning(&parse(text), &parse(&formatted)),
        "{name}: meaning changed"
    );
    formatted
}

/// The check `format_source` relies on tells layout from meaning.
#[test]
fn same_meaning_ignores_layout_only() {
    let base = parse("commitment a {\n  no sale of personal data # why\n}\n");
    let relaid = parse("commitment   a{no  sale of\tpersonal data # why\n}");
    assert!(same_meaning(&base, &relaid));
    for other in [
        "commitment a {\n  no sale of contact data # why\n}\n",
        "commitment a {\n  no sharing of personal data # why\n}\n",
        "commitment a {\n  no sale of personal data # because\n}\n",
        "commitment a {\n  no sale of personal data\n}\n",
        "commitment b {\n  no sale of personal data # why\n}\n",
    ] {
        assert!(!same_meaning(&base, &parse(other)), "{other}");
    }
}

// ── Golden files ───────────────────────────────────────────────────────────

#[test]
fn golden_layouts() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("fmt/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("fmt/cases/*.privet", |path| {
            let text = std::fs::read_to_string(path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy();
            insta::assert_snapshot!(format_checked(&name, &text));
        });
    });
}

// ── Every shipped policy ───────────────────────────────────────────────────

/// Every `.privet` file under `dir` (recursively) whose path satisfies `keep`.
fn privet_files(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            privet_files(&path, keep, out);
        } else if path.extension().is_some_and(|e| e == "privet") && keep(&path) {
            out.push(path);
        }
    }
}

fn shipped_policies() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let in_rules = |p: &Path| p.parent().is_some_and(|d| d.ends_with("rules"));
    privet_files(&root().join("rules"), &|_| true, &mut files);
    privet_files(&root().join("examples"), &in_rules, &mut files);
    privet_files(&root().join("tests/syntax/ok"), &|_| true, &mut files);
    let is_fixture = |p: &Path| p.file_name().is_some_and(|n| n == "policy.privet");
    privet_files(&root().join("tests/fixtures"), &is_fixture, &mut files);
    files.sort();
    files
}

#[test]
fn every_shipped_policy_formats_idempotently_and_keeps_its_meaning() {
    let (mut formatted, mut refused) = (0, Vec::new());
    for path in shipped_policies() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let parses = privet::syntax::parse(&SourceFile::new(&name, text.as_str()))
            .errors
            .is_empty();
        if parses {
            format_checked(&name, &text);
            formatted += 1;
        } else {
            assert!(
                format_source(&text).is_err(),
                "{name}: formatted despite errors"
            );
            refused.push(name);
        }
    }
    assert!(
        formatted >= 100,
        "only {formatted} shipped policies were formatted"
    );
    // Only fixtures about broken policies may fail to parse.
    for name in refused {
        assert!(
            name.contains("fixtures/bad-policy"),
            "{name} does not parse"
        );
    }
}

/// What the checker sees of a policy: its resolved form as `describe`
/// prints it, and the codes and messages of resolution errors, with every
/// `line:col` dropped (formatting moves lines, nothing else).
fn resolved(name: &str, text: &str) -> String {
    let company = Path::new(name)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let taxonomy = taxonomy_for(&company);
    let rules = privet::rules::load(&[SourceFile::new(name, text)], &taxonomy);
    let mut out: Vec<String> = rules
        .policies
        .iter()
        .map(|p| privet::policy::describe::describe(p, &taxonomy))
        .collect();
    out.extend(
        rules
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code.as_str(), d.message)),
    );
    let positionless = |word: &&str| {
        let mut parts = word.split(':');
        !(parts.clone().count() == 2
            && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())))
    };
    out.join("\n")
        .lines()
        .map(|line| {
            line.split_whitespace()
                .filter(positionless)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The taxonomy a shipped policy resolves with: its example project's
/// extension (`examples/<company>/taxonomy.yaml`) or the built-in one.
fn taxonomy_for(company: &str) -> privet::taxonomy::Taxonomy {
    use privet::taxonomy::Taxonomy;
    let extension = root().join("examples").join(company).join("taxonomy.yaml");
    match std::fs::read_to_string(extension) {
        Ok(text) => Taxonomy::builtin()
            .extended(&SourceFile::new("taxonomy.yaml", text))
            .unwrap(),
        Err(_) => Taxonomy::builtin().clone(),
    }
}

#[test]
fn every_shipped_policy_resolves_the_same_once_formatted() {
    let mut compared = 0;
    for path in shipped_policies() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let Ok(formatted) = format_source(&text) else {
            continue;
        };
        let before = resolved(&name, &text);
        assert!(!before.is_empty(), "{name}");
        assert_eq!(resolved(&name, &formatted), before, "{name}");
        compared += 1;
    }
    assert!(compared >= 100, "only {compared} policies compared");
}

/// `tests/syntax/err` holds files with syntax errors, which must be
/// refused with exactly the parser's errors, and files that parse but do
/// not resolve, which format like any other.
#[test]
fn files_with_syntax_errors_are_refused_with_their_errors() {
    let mut files = Vec::new();
    privet_files(&root().join("tests/syntax/err"), &|_| true, &mut files);
    let mut refused = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        let expected = privet::syntax::parse(&SourceFile::new("x", text.as_str())).errors;
        if expected.is_empty() {
            format_checked(&name, &text);
            continue;
        }
        let errors = format_source(&text).expect_err(&name);
        let codes = |d: &[privet::diagnostic::Diagnostic]| {
            d.iter()
                .map(|d| (d.code, d.primary.span))
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&errors), codes(&expected), "{name}");
        refused += 1;
    }
    assert!(refused >= 5, "only {refused} files with syntax errors");
}

// ── A randomised round trip ────────────────────────────────────────────────

#[path = "fmt/generate.rs"]
mod generate;

/// Policies generated with every statement kind, random blank space, list
/// breaks, `;`, comments and line endings: each formats, formats to itself,
/// keeps its meaning, and comes out in the canonical shape.
#[test]
fn generated_policies_round_trip() {
    for seed in 1..=400 {
        let text = generate::policy(seed);
        let formatted = format_checked(&format!("seed {seed}:\n{text}"), &text);
        for line in formatted.lines() {
            assert_eq!(line, line.trim_end(), "seed {seed}: trailing blanks");
            assert!(!line.starts_with('\t'), "seed {seed}: tab indentation");
        }
        assert!(
            !formatted.contains("\n\n\n"),
            "seed {seed}: two empty lines"
        );
        assert!(
            formatted.ends_with('\n') && !formatted.ends_with("\n\n"),
            "seed {seed}"
        );
    }
}

// ── The command line ───────────────────────────────────────────────────────

const UNFORMATTED: &str = "policy \"P\" {\n    source \"https://example.com\"\n  effective 2024-01-01\n}\ncommitment a { no sale of personal data }\n";

fn privet_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_privet"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A fresh project directory with `rules/` holding `files`.
fn project(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("privet-fmt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    for (file, bytes) in files {
        std::fs::write(dir.join("rules").join(file), bytes).unwrap();
    }
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn check_prints_a_diff_exits_one_and_changes_nothing() {
    let formatted = format_source(UNFORMATTED).unwrap();
    let dir = project(
        "check",
        &[
            ("a.privet", UNFORMATTED.as_bytes()),
            ("b.privet", formatted.as_bytes()),
        ],
    );
    let output = privet_in(&dir, &["fmt", "--check", "rules"]);
    assert_eq!(output.status.code(), Some(1));
    let report = format!(
        "--- stdout\n{}--- stderr\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    insta::with_settings!({ snapshot_path => "fmt/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(report);
    });
    let after = std::fs::read_to_string(dir.join("rules/a.privet")).unwrap();
    assert_eq!(after, UNFORMATTED);
    assert_eq!(entries(&dir.join("rules")), ["a.privet", "b.privet"]);
}

#[test]
fn check_passes_on_formatted_files() {
    let formatted = format_source(UNFORMATTED).unwrap();
    let dir = project("check-ok", &[("a.privet", formatted.as_bytes())]);
    let output = privet_in(&dir, &["fmt", "--check"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());
}

#[test]
fn fmt_rewrites_the_project_rules_in_place_and_leaves_nothing_behind() {
    let dir = project("write", &[("a.privet", UNFORMATTED.as_bytes())]);
    let path = dir.join("rules/a.privet");
    #[cfg(unix)]
    set_mode(&path, 0o640);
    let output = privet_in(&dir, &["fmt"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stderr),
        "reformatted rules/a.privet\n1 file reformatted, 0 files already formatted\n"
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after, format_source(UNFORMATTED).unwrap());
    assert_eq!(
        entries(&dir.join("rules")),
        ["a.privet"],
        "a temporary file was left"
    );
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o640, "permissions were not kept");
    let again = privet_in(&dir, &["fmt"]);
    assert_eq!(
        text(&again.stderr),
        "0 files reformatted, 1 file already formatted\n"
    );
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_stays_a_link_and_its_target_is_formatted() {
    let dir = project("link", &[]);
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    std::fs::write(dir.join("shared/real.privet"), UNFORMATTED).unwrap();
    std::os::unix::fs::symlink("../shared/real.privet", dir.join("rules/link.privet")).unwrap();
    let output = privet_in(&dir, &["fmt", "rules/link.privet"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let link = std::fs::symlink_metadata(dir.join("rules/link.privet")).unwrap();
    assert!(link.file_type().is_symlink());
    let real = std::fs::read_to_string(dir.join("shared/real.privet")).unwrap();
    assert_eq!(real, format_source(UNFORMATTED).unwrap());
    assert_eq!(entries(&dir.join("shared")), ["real.privet"]);
}

#[test]
fn files_that_cannot_be_parsed_or_read_are_reported_and_never_touched() {
    let broken = "commitment a {\n  no sale of\n}\n";
    let binary: &[u8] = b"policy \xff\n";
    let dir = project(
        "broken",
        &[
            ("a.privet", UNFORMATTED.as_bytes()),
            ("broken.privet", broken.as_bytes()),
            ("binary.privet", binary),
        ],
    );
    let output = privet_in(&dir, &["fmt"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("privet::syntax::unexpected"), "{stderr}");
    assert!(stderr.contains("rules/broken.privet:2:13"), "{stderr}");
    assert!(stderr.contains("privet::io::not_text"), "{stderr}");
    assert!(
        stderr.ends_with(
            "1 file reformatted, 0 files already formatted, 2 files not formatted because of errors\n"
        ),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("rules/broken.privet")).unwrap(),
        broken
    );
    assert_eq!(
        std::fs::read(dir.join("rules/binary.privet")).unwrap(),
        binary
    );
    let check = privet_in(&dir, &["fmt", "--check"]);
    assert_eq!(
        check.status.code(),
        Some(2),
        "errors outrank unformatted files"
    );
}

#[test]
fn a_missing_path_is_an_error() {
    let dir = project("missing", &[]);
    let output = privet_in(&dir, &["fmt", "nowhere.privet"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("privet::io::unreadable"));
}

#[test]
fn windows_line_ends_become_unix_ones_outside_strings() {
    let text = "policy \"P\" {\r\n  source \"https://example.com\"\r\n}\r\ncommitment a {\r\n  quote \"two\r\nlines\"\r\n}\r\n";
    let formatted = format_checked("crlf", text);
    assert_eq!(
        formatted,
        "policy \"P\" {\n  source \"https://example.com\"\n}\n\ncommitment a {\n  quote \"two\r\nlines\"\n}\n"
    );
}
