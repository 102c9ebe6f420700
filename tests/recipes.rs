//! The CI recipes in the README: every privet command they run is run here,
//! word for word, by `sh` in a project, with the built binary first on
//! `PATH`. Each must exit as a pipeline expects (0 when every promise holds,
//! 1 when one is broken) and write the file the next step uploads, also
//! when there is nothing to report (an upload step fails on an empty file).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

#[path = "support/copy.rs"]
mod copy;
use copy::copy_dir;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use privet::source::SourceFile;
use serde_json::Value;

/// The README's fenced YAML block whose first line is `first_line`: the
/// recipes are tested exactly as users copy them.
fn readme_block(first_line: &str) -> String {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find(&format!("```yaml\n{first_line}\n"))
        .unwrap_or_else(|| panic!("README.md has no yaml block starting `{first_line}`"));
    let body = &readme[start + "```yaml\n".len()..];
    body[..body.find("```").unwrap()].to_owned()
}

/// A recipe's YAML, read as privet reads YAML.
fn parse(name: &str, text: &str) -> Value {
    privet::yaml::from_source(&SourceFile::new(name, text)).unwrap()
}

/// The privet commands of a GitHub Actions workflow: each step's `run`.
fn github_commands() -> Vec<String> {
    let workflow = parse(
        "privacy.yml",
        &readme_block("# .github/workflows/privacy.yml"),
    );
    let steps = workflow["jobs"]["privet"]["steps"].as_array().unwrap();
    let runs = steps.iter().filter_map(|step| step["run"].as_str());
    privet_commands(runs)
}

/// The privet commands of a GitLab CI job: its `script` lines.
fn gitlab_commands() -> Vec<String> {
    let pipeline = parse(".gitlab-ci.yml", &readme_block("# .gitlab-ci.yml"));
    let script = pipeline["privet"]["script"].as_array().unwrap();
    privet_commands(script.iter().filter_map(Value::as_str))
}

fn privet_commands<'a>(runs: impl Iterator<Item = &'a str>) -> Vec<String> {
    runs.flat_map(str::lines)
        .map(str::trim)
        .filter(|line| line.starts_with("privet "))
        .map(str::to_owned)
        .collect()
}

/// A copy of the example project (the one the pre-commit test commits),
/// named `name`, with its accounts config set to `inactive_after`; its one
/// commitment allows at most 6 months.
fn project(name: &str, inactive_after: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/precommit/project"),
        &dir,
    );
    let config = format!("accounts:\n  inactive_deletion_after: {inactive_after}\n");
    fs::write(dir.join("services/accounts/config.yaml"), config).unwrap();
    dir
}

/// Runs `line` with `sh` in `dir`, as a CI runner would, with the built
/// privet first on `PATH`.
fn sh(dir: &Path, line: &str) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_privet")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    Command::new("sh")
        .args(["-c", line])
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// The file a command's `>` writes to, if it has one.
fn redirect_target(line: &str) -> Option<&str> {
    line.split_once('>').map(|(_, file)| file.trim())
}

/// Runs `line` in a project that keeps its promise and in one that breaks
/// it; returns what it wrote (to its file or to standard output) in each.
fn run_both_ways(line: &str) -> [String; 2] {
    [("kept", "6 months", 0), ("broken", "12 months", 1)].map(|(name, value, code)| {
        // Tests run in parallel: one project per command and outcome.
        let tag: String = line.chars().filter(char::is_ascii_alphanumeric).collect();
        let dir = project(&format!("recipe-{tag}-{name}"), value);
        let output = sh(&dir, line);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(code),
            "`{line}` ({name}): {stderr}"
        );
        match redirect_target(line) {
            Some(file) => {
                let path = dir.join(file);
                assert!(path.is_file(), "`{line}` ({name}) wrote no {file}");
                fs::read_to_string(path).unwrap()
            }
            None => String::from_utf8(output.stdout).unwrap(),
        }
    })
}

#[test]
fn the_recipes_run_these_commands() {
    assert_eq!(
        github_commands(),
        [
            "privet check --format github",
            "privet check --format sarif > privet.sarif",
        ]
    );
    assert_eq!(
        gitlab_commands(),
        ["privet check --format gitlab > gl-code-quality-report.json"]
    );
}

#[test]
fn the_github_annotations_step_fails_on_a_broken_promise_only() {
    let [kept, broken] = run_both_ways("privet check --format github");
    assert!(!kept.contains("::error"), "{kept}");
    assert!(
        broken.contains("::error file=services/accounts/config.yaml"),
        "{broken}"
    );
}

#[test]
fn the_sarif_step_writes_a_sarif_log_either_way() {
    for log in run_both_ways("privet check --format sarif > privet.sarif") {
        let sarif: Value = serde_json::from_str(&log).unwrap();
        assert_eq!(sarif["version"], "2.1.0", "{log}");
    }
}

#[test]
fn the_gitlab_step_writes_a_code_quality_report_either_way() {
    let [kept, broken] =
        run_both_ways("privet check --format gitlab > gl-code-quality-report.json");
    let kept: Value = serde_json::from_str(&kept).unwrap();
    assert_eq!(kept, serde_json::json!([]));
    let broken: Value = serde_json::from_str(&broken).unwrap();
    assert_eq!(broken.as_array().unwrap().len(), 1, "{broken}");
}
