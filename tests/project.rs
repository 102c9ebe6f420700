//! The project file, discovery and reading of input files, and waivers.
//!
//! `tests/project/full/` is a project that sets every key;
//! `tests/project/err/<case>/privet.yaml` and
//! `tests/project/waivers/err/*.yaml` must fail, and their snapshots are
//! exactly what a user sees. Cases that need symbolic links, permissions
//! or huge files build a project in a temporary directory.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::path::{Path, PathBuf};

use privet::ast::Severity;
use privet::diagnostic::{Code, Diagnostic};
use privet::project;
use privet::render::human::{self, Style};
use privet::source::SourceFile;
use privet::waiver::{self, WaiverTarget, parse_date};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/project")
}

/// Runs `test` with snapshots kept next to the fixtures.
fn snapshots(test: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("project/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(test);
}

fn render(diagnostics: &[Diagnostic]) -> String {
    human::render(diagnostics, Style::PLAIN)
}

/// A directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("privet-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self(path.canonicalize().unwrap())
    }

    fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// --- the project file ---------------------------------------------------

#[test]
fn the_root_is_found_from_a_nested_directory() {
    let full = fixtures().join("full");
    let nested = full.join("services/accounts");
    assert_eq!(project::find_root(&nested), Some(full.clone()));
    assert_eq!(project::find_root(&full), Some(full));
}

#[test]
fn no_root_is_found_where_no_ancestor_has_a_project_file() {
    let dir = TempDir::new("no-root");
    let nested = dir.0.join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    assert_eq!(project::find_root(&nested), None);
}

#[test]
fn without_a_project_file_the_defaults_apply() {
    let dir = TempDir::new("defaults");
    let project = project::load(None, &dir.0).unwrap();
    assert_eq!(project.root, dir.0);
    assert!(project.file.is_none());
    assert_eq!(project.rules, vec![dir.0.join("rules")]);
    // No `inventory/` yet: a repository with only policies still checks.
    assert!(project.inventory.is_empty());
    assert_eq!(project.config_root, dir.0);
    assert_eq!((project.taxonomy, project.waivers), (None, None));
    assert!(project.severity.is_empty());

    std::fs::create_dir(dir.0.join("inventory")).unwrap();
    let project = project::load(None, &dir.0).unwrap();
    assert_eq!(project.inventory, vec![dir.0.join("inventory")]);
}

#[test]
fn a_project_file_sets_every_key() {
    let root = fixtures().join("full");
    let project = project::load(Some(&root), Path::new("/")).unwrap();
    assert_eq!(project.root, root);
    assert_eq!(
        project.file.as_ref().unwrap().path(),
        Path::new("privet.yaml")
    );
    assert_eq!(
        project.rules,
        vec![root.join("rules"), root.join("policies")]
    );
    assert_eq!(project.inventory, vec![root.join("inventory")]);
    assert_eq!(project.config_root, root.join("services"));
    assert_eq!(project.taxonomy, Some(root.join("taxonomy.yaml")));
    assert_eq!(project.waivers, Some(root.join("waivers.yaml")));
    let overrides: Vec<(&str, Severity)> = project
        .severity
        .iter()
        .map(|(code, severity)| (code.as_str(), severity.value))
        .collect();
    assert_eq!(
        overrides,
        [
            ("privet::term::deprecated", Severity::Error),
            ("privet::commitment::empty", Severity::Warning),
        ]
    );
    let warning = &project.severity[&Code::CommitmentEmpty];
    assert_eq!(
        project.file.as_ref().unwrap().slice(warning.span),
        "warning"
    );
    assert_eq!(
        project.severity_for(Code::CommitmentEmpty, Severity::Error),
        Severity::Warning
    );
    assert_eq!(
        project.severity_for(Code::TermUnknown, Severity::Info),
        Severity::Info
    );
}

#[test]
fn a_relative_root_is_taken_from_the_working_directory() {
    let cwd = fixtures();
    let project = project::load(Some(Path::new("full")), &cwd).unwrap();
    assert_eq!(project.root, cwd.join("full"));
}

#[test]
fn invalid_project_files_report_every_error() {
    snapshots(|| {
        insta::glob!("project/err/*/privet.yaml", |path| {
            let root = path.parent().unwrap();
            let errors = project::load(Some(root), root).unwrap_err();
            assert!(errors.iter().all(|d| d.code == Code::ProjectInvalid));
            insta::assert_snapshot!(render(&errors));
        });
    });
}

#[test]
fn a_root_without_a_project_file_is_an_error() {
    let dir = TempDir::new("no-project-file");
    let errors = project::load(Some(&dir.0), &dir.0).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::IoUnreadable);
    assert!(
        errors[0]
            .message
            .ends_with("privet.yaml`: it does not exist")
    );
}

#[test]
fn a_symbolic_link_out_of_the_project_is_an_error() {
    let outside = TempDir::new("outside");
    let dir = TempDir::new("links-out");
    dir.write("privet.yaml", "rules: [rules, shared/policies]\n");
    std::fs::create_dir(dir.0.join("rules")).unwrap();
    std::os::unix::fs::symlink(&outside.0, dir.0.join("shared")).unwrap();
    let errors = project::load(Some(&dir.0), &dir.0).unwrap_err();
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    assert_eq!(
        errors[0].message,
        "the `rules` path `shared/policies` leads outside the project root"
    );
    assert_eq!(
        errors[0].primary.text,
        "a symbolic link leads outside the project"
    );
    assert_eq!(errors[0].location().to_string(), "1:16");
}

#[test]
fn a_symbolic_link_inside_the_project_is_allowed() {
    let dir = TempDir::new("links-in");
    dir.write("privet.yaml", "rules: current\n");
    std::fs::create_dir(dir.0.join("v2")).unwrap();
    std::os::unix::fs::symlink(dir.0.join("v2"), dir.0.join("current")).unwrap();
    let project = project::load(Some(&dir.0), &dir.0).unwrap();
    assert_eq!(project.rules, vec![dir.0.join("current")]);
}

#[test]
fn an_empty_project_file_takes_the_defaults() {
    let dir = TempDir::new("empty-project-file");
    dir.write("privet.yaml", "# nothing yet\n");
    let project = project::load(Some(&dir.0), &dir.0).unwrap();
    assert_eq!(project.rules, vec![dir.0.join("rules")]);
    assert_eq!(project.config_root, dir.0);
    assert!(project.file.is_some());
}

#[test]
fn paths_are_shown_relative_to_the_root() {
    let root = Path::new("/work/repo");
    let path = root.join("inventory").join("a.yaml");
    assert_eq!(project::relative(root, &path), "inventory/a.yaml");
    assert_eq!(project::relative(root, root), ".");
    assert_eq!(
        project::relative(root, Path::new("/elsewhere/x")),
        "/elsewhere/x"
    );
    let example = Path::new("/work/repo/examples/acme");
    assert_eq!(
        project::relative(example, Path::new("/work/repo/rules/acme.privet")),
        "../../rules/acme.privet"
    );
}

// --- discovery and reading ----------------------------------------------

fn discovered(dir: &TempDir, paths: &[PathBuf]) -> Vec<String> {
    let found = project::discover_inventory(paths).unwrap();
    found.iter().map(|p| project::relative(&dir.0, p)).collect()
}

#[test]
fn inventory_files_are_found_sorted_and_once() {
    let dir = TempDir::new("inventory-sorted");
    dir.write("inventory/b.yaml", "");
    dir.write("inventory/a.yml", "");
    dir.write("inventory/sub/c.yaml", "");
    dir.write("inventory/notes.txt", "");
    dir.write("inventory/extra.inv", "");
    std::fs::create_dir(dir.0.join("inventory/dir.yaml")).unwrap();
    let inventory = dir.0.join("inventory");
    let paths = [
        inventory.clone(),
        inventory.join("b.yaml"),
        inventory.join("extra.inv"),
    ];
    assert_eq!(
        discovered(&dir, &paths),
        [
            "inventory/a.yml",
            "inventory/b.yaml",
            "inventory/extra.inv",
            "inventory/sub/c.yaml"
        ]
    );
}

#[test]
fn an_empty_inventory_directory_is_not_an_error() {
    let dir = TempDir::new("inventory-empty");
    std::fs::create_dir(dir.0.join("inventory")).unwrap();
    assert!(discovered(&dir, &[dir.0.join("inventory")]).is_empty());
}

#[test]
fn a_missing_inventory_path_is_an_error() {
    let dir = TempDir::new("inventory-missing");
    let error = project::discover_inventory(&[dir.0.join("nope")]).unwrap_err();
    assert_eq!(error.code, Code::IoUnreadable);
    assert!(
        error.message.ends_with("nope`: does not exist"),
        "{}",
        error.message
    );
}

#[test]
fn a_symbolic_link_loop_does_not_hang_discovery() {
    let dir = TempDir::new("inventory-loop");
    dir.write("inventory/a/x.yaml", "");
    std::os::unix::fs::symlink(dir.0.join("inventory"), dir.0.join("inventory/a/loop")).unwrap();
    std::os::unix::fs::symlink("self", dir.0.join("inventory/self")).unwrap();
    assert_eq!(
        discovered(&dir, &[dir.0.join("inventory")]),
        ["inventory/a/x.yaml"]
    );
}

#[test]
fn a_yaml_file_over_the_limit_is_refused_without_reading_it() {
    let dir = TempDir::new("huge");
    let path = dir.0.join("huge.yaml");
    let file = std::fs::File::create(&path).unwrap();
    // A sparse file: its length is set, no data is written.
    let limit = u64::try_from(privet::yaml::MAX_FILE_BYTES).unwrap();
    file.set_len(limit + 1).unwrap();
    let error = project::read_yaml(&path, "inventory/huge.yaml").unwrap_err();
    assert_eq!(error.code, Code::IoUnreadable);
    snapshots(|| insta::assert_snapshot!(render(&[*error])));
}

#[test]
fn a_yaml_file_at_the_limit_is_read() {
    let dir = TempDir::new("at-limit");
    let path = dir.write("small.yaml", "a: 1\n");
    let file = project::read_yaml(&path, "small.yaml").unwrap();
    assert_eq!(
        (file.text(), file.path()),
        ("a: 1\n", Path::new("small.yaml"))
    );
}

#[test]
fn a_non_utf8_yaml_file_is_refused_at_its_first_bad_byte() {
    let dir = TempDir::new("not-text");
    let path = dir.write(
        "inventory.yaml",
        b"name: caf\xc3\xa9\nowner: \xff\xfe team\n",
    );
    let error = project::read_yaml(&path, "inventory.yaml").unwrap_err();
    assert_eq!(error.code, Code::IoNotText);
    assert_eq!(error.location().to_string(), "2:8");
    snapshots(|| insta::assert_snapshot!(render(&[*error])));
}

#[test]
fn a_directory_named_like_a_file_is_unreadable() {
    let dir = TempDir::new("dir-as-file");
    std::fs::create_dir(dir.0.join("config.yaml")).unwrap();
    let error = project::read_yaml(&dir.0.join("config.yaml"), "config.yaml").unwrap_err();
    assert_eq!(error.code, Code::IoUnreadable);
    assert_eq!(
        error.message,
        "cannot read `config.yaml`: it is a directory"
    );
}

#[test]
fn a_file_without_read_permission_is_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("no-permission");
    let path = dir.write("secret.yaml", "a: 1\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running as root: permissions do not apply, nothing to test.
        return;
    }
    let error = project::read_yaml(&path, "secret.yaml").unwrap_err();
    assert_eq!(error.code, Code::IoUnreadable);
    assert_eq!(
        error.message,
        "cannot read `secret.yaml`: permission denied"
    );
}

#[test]
fn policies_are_read_with_the_same_checks() {
    let dir = TempDir::new("policy-not-text");
    let path = dir.write("a.privet", b"policy \xff");
    let error = project::read_policy(&path, "a.privet").unwrap_err();
    assert_eq!(error.code, Code::IoNotText);
    assert_eq!(error.location().to_string(), "1:8");
}

// --- waivers -------------------------------------------------------------

fn waivers_file(name: &str) -> SourceFile {
    let path = fixtures().join(name);
    let shown = project::relative(&fixtures(), &path);
    project::read_yaml(&path, &shown).unwrap()
}

#[test]
fn a_valid_waivers_file_is_read() {
    let project = project::load(Some(&fixtures().join("full")), Path::new("/")).unwrap();
    let waivers = project.read_waivers().unwrap().unwrap();
    assert_eq!(waivers.file.path(), Path::new("waivers.yaml"));
    let [first, second] = waivers.entries.as_slice() else {
        panic!("two waivers expected: {:?}", waivers.entries);
    };
    assert_eq!(first.commitment.value, "us-only");
    assert_eq!(
        first.target.value,
        WaiverTarget::Dataset("analytics/events".into())
    );
    assert_eq!(waivers.file.slice(first.target.span), "analytics/events");
    assert!(first.reason.starts_with("Replica in eu-west-1"));
    assert_eq!(first.expires.value, parse_date("2025-03-31").unwrap());
    assert_eq!(first.owner.as_deref(), Some("platform-team"));
    assert_eq!(first.ticket.as_deref(), Some("PRIV-142"));
    let entry = waivers.file.slice(first.span);
    assert!(entry.starts_with("commitment: us-only"), "{entry}");
    assert!(entry.ends_with("ticket: PRIV-142"), "{entry}");
    // `./` is dropped so the path compares equal to a discovered file's.
    let config = WaiverTarget::Config("services/accounts/config.yaml".into());
    assert_eq!(second.target.value, config);
    assert_eq!(
        (second.owner.as_ref(), second.ticket.as_ref()),
        (None, None)
    );
}

#[test]
fn an_empty_waivers_file_has_no_waivers() {
    for text in ["", "waivers: []\n", "waivers:\n"] {
        let waivers = waiver::parse(SourceFile::new("waivers.yaml", text)).unwrap();
        assert!(waivers.entries.is_empty(), "{text:?}");
    }
}

#[test]
fn invalid_waivers_report_every_error() {
    snapshots(|| {
        insta::glob!("project/waivers/err/*.yaml", |path| {
            let file = waivers_file(path.strip_prefix(fixtures()).unwrap().to_str().unwrap());
            let errors = waiver::parse(file).unwrap_err();
            assert!(errors.iter().all(|d| d.code == Code::WaiverInvalid));
            insta::assert_snapshot!(render(&errors));
        });
    });
}

#[test]
fn a_waiver_covers_its_item_and_what_lies_under_it() {
    let dataset = WaiverTarget::Dataset("sys/ds".into());
    assert!(dataset.covers("sys/ds"));
    assert!(dataset.covers("sys/ds/field"));
    assert!(!dataset.covers("sys/ds2"));
    assert!(!dataset.covers("sys/ds2/field"));
    assert!(!dataset.covers("sys"));
    assert!(!dataset.covers("sys/other"));
    assert!(!dataset.covers("other/sys/ds"));

    let system = WaiverTarget::System("sys".into());
    assert!(system.covers("sys"));
    assert!(system.covers("sys/ds/field"));
    assert!(system.covers("sys/recipient"));
    assert!(!system.covers("system"));
    assert!(!system.covers("sys2/ds"));

    let field = WaiverTarget::Field("sys/ds/email".into());
    assert!(field.covers("sys/ds/email"));
    assert!(!field.covers("sys/ds"));
    assert!(!field.covers("sys/ds/email_hash"));

    let recipient = WaiverTarget::Recipient("sys/segment".into());
    assert!(recipient.covers("sys/segment"));
    assert!(!recipient.covers("sys/segment-eu"));
}

#[test]
fn a_config_waiver_covers_exactly_its_file() {
    let config = WaiverTarget::Config("services/accounts/config.yaml".into());
    assert!(config.covers("services/accounts/config.yaml"));
    assert!(config.covers("./services/accounts/config.yaml"));
    assert!(!config.covers("services/accounts/config.yaml.bak"));
    assert!(!config.covers("services/accounts"));
    assert!(!config.covers("other/services/accounts/config.yaml"));
    assert_eq!(
        (config.kind(), config.path()),
        ("config", "services/accounts/config.yaml")
    );
}

#[test]
fn a_waiver_applies_through_its_expiry_date() {
    let file = SourceFile::new(
        "waivers.yaml",
        "waivers:\n  - commitment: c\n    system: s\n    reason: r\n    expires: 2025-03-31\n",
    );
    let waivers = waiver::parse(file).unwrap();
    let waiver = &waivers.entries[0];
    assert!(!waiver.is_expired(parse_date("2025-03-30").unwrap()));
    assert!(!waiver.is_expired(parse_date("2025-03-31").unwrap()));
    assert!(waiver.is_expired(parse_date("2025-04-01").unwrap()));
}

#[test]
fn today_comes_from_the_clock() {
    let today = waiver::today();
    assert!(today.year >= 2024, "{today}");
    assert!((1..=12).contains(&today.month) && (1..=31).contains(&today.day));
    assert_eq!(parse_date(&today.to_string()), Some(today));
}

#[test]
fn dates_must_exist_on_the_calendar() {
    let date = parse_date("2024-02-29").unwrap();
    assert_eq!((date.year, date.month, date.day), (2024, 2, 29));
    assert_eq!(parse_date("2000-02-29").unwrap().to_string(), "2000-02-29");
    assert_eq!(parse_date("2025-12-31").unwrap().to_string(), "2025-12-31");
    for invalid in [
        "2025-02-29",
        "1900-02-29",
        "2025-04-31",
        "2025-13-01",
        "2025-00-10",
        "2025-01-00",
        "2025-1-01",
        "25-01-01",
        "2025/01/01",
        "2025-01-01 ",
        "+025-01-01",
        "２０２５-01-01",
        "",
    ] {
        assert_eq!(parse_date(invalid), None, "{invalid}");
    }
}
