//! privet as a hook of the real pre-commit framework.
//!
//! A throwaway git repository holds a small project and a
//! `.pre-commit-config.yaml` whose `repo:` is this checkout; pre-commit
//! builds the hook from `.pre-commit-hooks.yaml` with `cargo install`, and
//! real `git commit`s show that the hook lets a commit that keeps the
//! promises through and stops one that breaks them.
//!
//! pre-commit fetches a hook repository at a `rev:`, so it would only see
//! committed files. The test therefore commits a snapshot of this working
//! tree (uncommitted and untracked files included, ignored ones not) into a
//! repository of its own under `target/`, with a fixed author and date: the
//! same tree gives the same commit, so pre-commit's store (also under
//! `target/`) reuses the hook it built, and only a changed tree is built
//! again — incrementally, in a cargo target directory kept beside it.
//!
//! Without pre-commit (not on `PATH`, and `PRIVET_PRE_COMMIT` unset) the
//! test passes and says it was skipped; `bash .ci/run` installs pre-commit
//! and sets `PRIVET_PRE_COMMIT`, and then the test must run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

#[path = "support/copy.rs"]
mod copy;
use copy::copy_dir;

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CHECKOUT: &str = env!("CARGO_MANIFEST_DIR");
const SKIPPED: &str = "skipped: pre-commit is not installed (bash .ci/run installs it)";

/// Variables that would point git at another repository than the one a
/// command runs in, as they do when the tests run inside a git hook.
const GIT_LOCATION_VARS: [&str; 7] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_PREFIX",
];

/// The pre-commit executable: `PRIVET_PRE_COMMIT` if set (it must then
/// work), else `pre-commit` if it is on `PATH`.
fn pre_commit() -> Option<OsString> {
    if let Some(path) = std::env::var_os("PRIVET_PRE_COMMIT") {
        return Some(path);
    }
    let version = Command::new("pre-commit").arg("--version").output();
    version
        .is_ok_and(|output| output.status.success())
        .then(|| "pre-commit".into())
}

/// Where the test keeps what outlives one run, under cargo's target dir.
fn lab() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit")
}

/// A git command in `dir`, blind to the user's git configuration.
fn git(dir: &Path) -> Command {
    isolated("git", dir)
}

/// `program` run in `dir`, with git (also when pre-commit runs it) blind
/// to the user's configuration and to any other repository.
fn isolated(program: impl AsRef<OsStr>, dir: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    for var in GIT_LOCATION_VARS {
        command.env_remove(var);
    }
    command
}

/// Runs `command` and returns its standard output, failing the test with
/// everything it printed if it fails.
fn run(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(output.status.success(), "{command:?}\n{}", printed(&output));
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

fn printed(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    format!("{stdout}{stderr}")
}

/// Commits this checkout's working tree to a repository under `target/`
/// and returns that repository and the commit.
fn snapshot_of_this_checkout() -> (PathBuf, String) {
    let repo = lab().join("privet-source.git");
    if !repo.join("HEAD").is_file() {
        fs::create_dir_all(&repo).unwrap();
        run(git(&repo).args(["init", "--quiet", "--bare"]));
    }
    let tree_of_checkout = |args: &[&str]| {
        run(git(Path::new(CHECKOUT))
            .env("GIT_DIR", &repo)
            .env("GIT_WORK_TREE", CHECKOUT)
            .args(args))
    };
    tree_of_checkout(&["add", "--all"]);
    let tree = tree_of_checkout(&["write-tree"]);
    let commit = run(git(&repo)
        .env("GIT_AUTHOR_NAME", "privet tests")
        .env("GIT_AUTHOR_EMAIL", "tests@privet.invalid")
        .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
        .env("GIT_COMMITTER_NAME", "privet tests")
        .env("GIT_COMMITTER_EMAIL", "tests@privet.invalid")
        .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
        .args(["commit-tree", &tree, "-m", "snapshot of the working tree"]));
    // pre-commit falls back to fetching branches if the server refuses to
    // send a commit by its id, so the snapshot is also a branch.
    run(git(&repo).args(["update-ref", "refs/heads/main", &commit]));
    (repo, commit)
}

/// A user's repository: the example project, a pre-commit config naming
/// the hook at `rev` of `source`, and the hook installed.
struct UserRepo {
    dir: PathBuf,
    pre_commit: OsString,
}

impl UserRepo {
    fn new(pre_commit: OsString, source: &Path, rev: &str) -> Self {
        let dir = lab().join(format!("user-repo-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        copy_dir(&Path::new(CHECKOUT).join("tests/precommit/project"), &dir);
        let config = format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: privet\n",
            source.display()
        );
        fs::write(dir.join(".pre-commit-config.yaml"), config).unwrap();
        fs::write(dir.join("README.md"), "# acme\n").unwrap();
        let repo = UserRepo { dir, pre_commit };
        run(git(&repo.dir).args(["init", "--quiet", "--initial-branch=main"]));
        run(git(&repo.dir).args(["config", "user.name", "A. Developer"]));
        run(git(&repo.dir).args(["config", "user.email", "dev@acme.invalid"]));
        run(repo.command(&repo.pre_commit).arg("install"));
        repo
    }

    /// `program` run in the repository as git would run a hook there, with
    /// pre-commit's store and the hook's build directory shared by runs.
    fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut command = isolated(program, &self.dir);
        command
            .env("PRE_COMMIT_HOME", lab().join("home"))
            .env("PRE_COMMIT_COLOR", "never")
            .env("CARGO_TARGET_DIR", lab().join("cargo-target"));
        command
    }

    fn write(&self, path: &str, text: &str) {
        fs::write(self.dir.join(path), text).unwrap();
    }

    /// Stages everything and runs `git commit`, with the hook.
    fn commit(&self, message: &str) -> Output {
        run(git(&self.dir).args(["add", "--all"]));
        self.command("git")
            .args(["commit", "--quiet", "-m", message])
            .output()
            .unwrap()
    }

    fn head(&self) -> String {
        run(git(&self.dir).args(["rev-parse", "HEAD"]))
    }
}

impl Drop for UserRepo {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The line pre-commit prints for the privet hook: `privet....Passed`.
fn hook_line(output: &Output) -> String {
    let text = printed(output);
    let line = text.lines().find(|line| line.starts_with("privet..."));
    line.unwrap_or_else(|| panic!("no privet line in:\n{text}"))
        .to_owned()
}

const CONFIG: &str = "services/accounts/config.yaml";

#[test]
fn the_hook_stops_a_commit_that_breaks_a_commitment_and_lets_others_through() {
    let Some(pre_commit) = pre_commit() else {
        // Written past the test harness's capture, so that it is seen.
        let _ = writeln!(std::io::stderr(), "{SKIPPED}");
        return;
    };
    let (source, rev) = snapshot_of_this_checkout();
    let repo = UserRepo::new(pre_commit, &source, &rev);

    // The first commit builds the hook (once per source tree) and checks
    // the project, which keeps its promise.
    let first = repo.commit("add the privacy project");
    assert!(first.status.success(), "{}", printed(&first));
    assert!(hook_line(&first).ends_with("Passed"), "{}", printed(&first));

    // A config change within the promise passes.
    repo.write(CONFIG, "accounts:\n  inactive_deletion_after: 3 months\n");
    let within = repo.commit("delete inactive accounts sooner");
    assert!(within.status.success(), "{}", printed(&within));
    assert!(
        hook_line(&within).ends_with("Passed"),
        "{}",
        printed(&within)
    );
    let kept = repo.head();

    // One that breaks it is stopped, with privet's diagnostic.
    repo.write(CONFIG, "accounts:\n  inactive_deletion_after: 12 months\n");
    let broken = repo.commit("keep inactive accounts for a year");
    let text = printed(&broken);
    assert_eq!(broken.status.code(), Some(1), "{text}");
    assert!(hook_line(&broken).ends_with("Failed"), "{text}");
    assert!(text.contains("- exit code: 1"), "{text}");
    assert!(text.contains("privet::config::violated"), "{text}");
    assert!(
        text.contains("services/accounts/config.yaml:2:28"),
        "{text}"
    );
    assert!(text.contains("commitment `inactive-accounts`"), "{text}");
    assert_eq!(repo.head(), kept, "the breaking commit must not be made");

    // A commit of no policy, inventory or YAML file does not run privet.
    run(git(&repo.dir).args(["checkout", "--quiet", "HEAD", "--", CONFIG]));
    repo.write("README.md", "# acme\n\nPrivacy commitments as code.\n");
    let docs = repo.commit("describe the repository");
    assert!(docs.status.success(), "{}", printed(&docs));
    assert!(hook_line(&docs).ends_with("Skipped"), "{}", printed(&docs));

    // Each changed source tree leaves a built hook in the store; drop those
    // no configuration uses any more (this repository's still does).
    run(repo.command(&repo.pre_commit).arg("gc"));
}
