//! System config: discovery confined to the project root, glob matching,
//! key-path lookup with exact spans, typed evaluation, and the errors a
//! user sees for config files privet cannot read.
//!
//! `tests/config/project/` is a small project tree; links and a `.git`
//! directory, which git cannot hold reliably, are added to a copy of it at
//! test time. Every file in `tests/config/errors/` must fail to load; its
//! snapshot is what a user sees.

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

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use privet::ast::KeySegment;
use privet::config::{self, ConfigFile, ConfigIndex, Lookup, Outcome};
use privet::policy::{ConfigTest, Promise};
use privet::render::human::{self, Style};
use privet::source::SourceFile;
use privet::taxonomy::Taxonomy;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/config/project");

// ---------------------------------------------------------------- helpers

/// A fresh copy of the fixture project at `<dir>/project`, removed again
/// when dropped.
struct ProjectCopy {
    dir: PathBuf,
}

impl ProjectCopy {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("config-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(Path::new(FIXTURE), &dir.join("project"));
        Self { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.join("project")
    }
}

impl Drop for ProjectCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn load(relative: &str) -> ConfigFile {
    let source = config::read(Path::new(FIXTURE), relative).unwrap();
    config::parse(source).unwrap()
}

fn parse(text: &str) -> ConfigFile {
    config::parse(SourceFile::new("config.yaml", text)).unwrap()
}

/// The key path and test of `config "x.yaml" <statement>`, resolved by the
/// real parser and resolver, so tests read like policies.
fn statement(text: &str) -> (Vec<KeySegment>, ConfigTest) {
    let policy = format!(
        "policy \"T\" {{\n  source \"https://example.com\"\n  effective 2024-01-01\n}}\n\
         commitment c {{\n  config \"x.yaml\" {text}\n}}\n"
    );
    let rules = privet::rules::load(&[SourceFile::new("t.privet", policy)], Taxonomy::builtin());
    let rendered = human::render(&rules.diagnostics, Style::PLAIN);
    assert!(rules.diagnostics.is_empty(), "{text}:\n{rendered}");
    let promise = &rules.policies[0].commitments[0].statements[0].promise;
    let Promise::ConfigFact { path, test, .. } = promise else {
        panic!("{promise:?}")
    };
    (path.value.clone(), test.clone())
}

/// Evaluates `config "x.yaml" <text>` against `yaml`.
fn check(yaml: &str, text: &str) -> Outcome {
    let file = parse(yaml);
    let (path, test) = statement(text);
    config::evaluate(file.lookup(&path).node(), &test)
}

fn violated(actual: &str) -> Outcome {
    Outcome::Violated {
        actual: actual.to_owned(),
    }
}

fn wrong_type(expected: &'static str, found: &str) -> Outcome {
    Outcome::WrongType {
        expected,
        found: found.to_owned(),
    }
}

/// `line:col` and text of where `path` leads (or the closest existing
/// place, with the number of segments found).
fn located(file: &ConfigFile, path: &str) -> String {
    let (segments, _) = statement(&format!("{path} is set"));
    let (node, depth) = match file.lookup(&segments) {
        Lookup::Found(node) => (node, None),
        Lookup::Missing { parent, depth } => (parent, Some(depth)),
    };
    let at = file.source.line_col(node.span.start);
    let text = file.source.slice(node.span);
    match depth {
        None => format!("{at} {text}"),
        Some(depth) => format!("missing after {depth} at {at} {text}"),
    }
}

// -------------------------------------------------------------- discovery

#[test]
fn discovery_indexes_yaml_files_sorted_skipping_tool_directories() {
    let copy = ProjectCopy::new();
    let root = copy.root();
    write(&root.join(".git/config.yaml"), "core: {}\n");
    write(&root.join("services/c/node_modules/x.yml"), "a: 1\n");
    let index = config::discover(&root).unwrap();
    let expected = [
        "deploy/values.yaml",
        "services/a/config.yaml",
        "services/a/nested/extra.yaml",
        "services/b/config.yml",
    ];
    assert_eq!(index.files(), expected);
}

#[cfg(unix)]
#[test]
fn discovery_never_follows_links_out_of_the_root_or_into_loops() {
    use std::os::unix::fs::symlink;
    let copy = ProjectCopy::new();
    let (dir, root) = (&copy.dir, copy.root());
    write(&dir.join("outside/secret.yaml"), "password: hunter2\n");
    symlink(
        dir.join("outside/secret.yaml"),
        root.join("deploy/secret.yaml"),
    )
    .unwrap();
    symlink(
        "../../outside/secret.yaml",
        root.join("deploy/relative.yaml"),
    )
    .unwrap();
    symlink(dir.join("outside"), root.join("outside-dir")).unwrap();
    symlink("loop-b.yaml", root.join("loop-a.yaml")).unwrap();
    symlink("loop-a.yaml", root.join("loop-b.yaml")).unwrap();
    symlink(".", root.join("services/self")).unwrap();
    symlink("missing.yaml", root.join("dangling.yaml")).unwrap();
    // A link that stays inside the root is an ordinary file.
    symlink("values.yaml", root.join("deploy/current.yaml")).unwrap();

    let index = config::discover(&root).unwrap();
    let expected = [
        "deploy/current.yaml",
        "deploy/values.yaml",
        "services/a/config.yaml",
        "services/a/nested/extra.yaml",
        "services/b/config.yml",
    ];
    assert_eq!(index.files(), expected);
    assert_eq!(index.matching("**/*.yaml").unwrap().len(), 4);

    let error = config::read(&root, "deploy/secret.yaml").unwrap_err();
    assert_eq!(
        error.message,
        "cannot read `deploy/secret.yaml`: it leads outside the project root"
    );
    assert!(config::read(&root, "deploy/current.yaml").is_ok());
}

#[test]
fn a_star_stays_in_its_directory_and_a_double_star_crosses_them() {
    let index = config::discover(Path::new(FIXTURE)).unwrap();
    let star = index.matching("services/*/config.yaml").unwrap();
    assert_eq!(star, ["services/a/config.yaml"]);
    let either = index.matching("services/*/config.{yaml,yml}").unwrap();
    assert_eq!(either, ["services/a/config.yaml", "services/b/config.yml"]);
    let deep = index.matching("services/**").unwrap();
    let expected = [
        "services/a/config.yaml",
        "services/a/nested/extra.yaml",
        "services/b/config.yml",
    ];
    assert_eq!(deep, expected);
    assert_eq!(index.matching("*.yaml").unwrap(), Vec::<&str>::new());
    assert_eq!(
        index.matching("**/values.yaml").unwrap(),
        ["deploy/values.yaml"]
    );
    assert_eq!(
        index.matching("./deploy/values.yaml").unwrap(),
        ["deploy/values.yaml"]
    );
}

#[test]
fn globs_cannot_reach_outside_the_root() {
    let index = ConfigIndex::from_paths(["a.yaml".to_owned()]);
    let refused = [
        (
            "../config/project/deploy/values.yaml",
            "the file pattern climbs out of the project with `..`",
        ),
        (
            "services/../../*.yaml",
            "the file pattern climbs out of the project with `..`",
        ),
        (
            "**/..\\x.yaml",
            "the file pattern climbs out of the project with `..`",
        ),
        ("/etc/*.yaml", "the file pattern is an absolute path"),
        ("C:/config.yaml", "the file pattern is an absolute path"),
        ("", "the file pattern is empty"),
        ("./", "the file pattern is empty"),
    ];
    for (glob, reason) in refused {
        assert_eq!(index.matching(glob), Err(reason.to_owned()), "{glob}");
    }
    let error = index.matching("services/[a.yaml").unwrap_err();
    assert_eq!(error, "unclosed character class; missing ']'");
}

#[test]
fn reading_refuses_paths_that_leave_the_root() {
    let root = Path::new(FIXTURE);
    for relative in ["../config.rs", "/etc/hosts", "services/../../config.rs"] {
        let error = config::read(root, relative).unwrap_err();
        assert_eq!(
            error.code,
            privet::diagnostic::Code::IoUnreadable,
            "{relative}"
        );
    }
}

#[test]
fn directories_nested_too_deep_are_an_error() {
    let copy = ProjectCopy::new();
    let root = copy.root();
    let deep: PathBuf = (0..70).map(|i| format!("d{i}")).collect();
    write(&root.join(deep).join("x.yaml"), "a: 1\n");
    let error = config::discover(&root).unwrap_err();
    assert!(
        error
            .message
            .ends_with("directories nest more than 64 levels below the project root"),
        "{}",
        error.message
    );
    assert!(
        error.message.starts_with("cannot read `d0/d1/"),
        "{}",
        error.message
    );
}

#[test]
fn a_missing_root_is_an_error() {
    let root = Path::new(FIXTURE).join("no-such-dir");
    let error = config::discover(&root).unwrap_err();
    assert_eq!(error.code, privet::diagnostic::Code::IoUnreadable);
}

// ----------------------------------------------------------------- lookup

#[test]
fn lookup_finds_nested_values_with_exact_spans() {
    let values = load("deploy/values.yaml");
    assert_eq!(values.source.path(), Path::new("deploy/values.yaml"));
    assert_eq!(located(&values, "auth.mfa.required"), "10:15 false");
    assert_eq!(located(&values, "image.tag"), "6:8 \"1.4.2\"");
    assert_eq!(located(&values, "age_gate.minimum_age"), "13:16 13");
    assert_eq!(located(&values, "storage.backups"), "17:12 ~");
    assert_eq!(
        located(&values, "privacy.dsr.response_within"),
        "30:22 P45D"
    );
}

#[test]
fn lookup_indexes_sequences_with_exact_spans() {
    let values = load("deploy/values.yaml");
    assert_eq!(
        located(&values, "ingress.hosts[0].host"),
        "22:13 www.example.com"
    );
    assert_eq!(located(&values, "ingress.hosts[0].paths[1]"), "23:18 /api");
    assert_eq!(
        located(&values, "ingress.hosts[1].host"),
        "24:13 \"admin.example.com\""
    );
    assert_eq!(
        located(&values, "ingress.hosts[1].paths[0]"),
        "26:11 /admin"
    );
    assert_eq!(
        located(&values, "ingress.hosts[0].paths"),
        "23:14 [/, /api]"
    );
}

#[test]
fn a_missing_key_points_at_the_closest_existing_value() {
    let values = load("deploy/values.yaml");
    assert_eq!(
        located(&values, "auth.mfa.enforced"),
        "missing after 2 at 10:5 required: false"
    );
    let whole_file = located(&values, "logging.pii");
    assert!(
        whole_file.starts_with("missing after 0 at 2:1 replicaCount: 3\n"),
        "{whole_file}"
    );
    // Stepping into a scalar, a key on a list, an index on a mapping.
    assert_eq!(
        located(&values, "replicaCount.max"),
        "missing after 1 at 2:15 3"
    );
    assert!(located(&values, "ingress.hosts.host").starts_with("missing after 2 at 22:5 - host"));
    assert!(located(&values, "ingress.hosts[2]").starts_with("missing after 2 at 22:5 - host"));
    assert!(located(&values, "auth[0]").starts_with("missing after 1 at 9:3 mfa:"));
}

#[test]
fn a_key_holding_a_dot_is_one_segment() {
    let file = parse("\"ttl.seconds\": 30\nttl:\n  seconds: 60\n");
    assert_eq!(located(&file, "\"ttl.seconds\""), "1:16 30");
    assert_eq!(located(&file, "ttl.seconds"), "3:12 60");
}

#[test]
fn an_empty_path_leads_to_the_root() {
    let file = parse("a: 1\n");
    assert_eq!(file.lookup(&[]), Lookup::Found(&file.root));
}

// ------------------------------------------------------------- evaluation

#[test]
fn durations_compare_by_the_month_rule_conservatively() {
    let at_most = "retention <= 6 months";
    assert_eq!(check("retention: 180d", at_most), Outcome::Holds);
    assert_eq!(check("retention: \"181d\"", at_most), Outcome::Holds);
    // Six months last 181 to 184 days: 182 days may be longer, so the
    // promise cannot be proven.
    assert_eq!(check("retention: 182d", at_most), violated("182 days"));
    assert_eq!(check("retention: 183d", at_most), violated("183 days"));
    assert_eq!(check("retention: 400 days", at_most), violated("400 days"));
    assert_eq!(check("retention: P6M", at_most), Outcome::Holds);
    assert_eq!(
        check("retention: 6 months", "retention = P6M"),
        Outcome::Holds
    );
    assert_eq!(
        check("retention: P6M", "retention = 6 months"),
        Outcome::Holds
    );
    assert_eq!(
        check("retention: 180d", "retention = 6 months"),
        violated("180 days")
    );
    assert_eq!(
        check("retention: 1 year", "retention >= 12 months"),
        Outcome::Holds
    );
    assert_eq!(check("notice: 72h", "notice <= 3 days"), Outcome::Holds);
    assert_eq!(check("notice: 72h", "notice < 3 days"), violated("3 days"));
    assert_eq!(check("notice: 2d", "notice != 3 days"), Outcome::Holds);
}

#[test]
fn a_bare_number_is_never_taken_for_a_duration() {
    let expected = config::DURATION_EXPECTED;
    assert_eq!(expected, "a duration such as \"180d\"");
    let at_most = "retention <= 6 months";
    assert_eq!(
        check("retention: 180", at_most),
        wrong_type(expected, "the number 180")
    );
    assert_eq!(
        check("retention: \"180\"", at_most),
        wrong_type(expected, "the string \"180\"")
    );
    assert_eq!(
        check("retention: forever", at_most),
        wrong_type(expected, "the string \"forever\"")
    );
    assert_eq!(
        check("retention: true", at_most),
        wrong_type(expected, "true")
    );
    assert_eq!(
        check("retention: [180d]", at_most),
        wrong_type(expected, "a list of 1 item")
    );
}

#[test]
fn numbers_compare_with_numbers() {
    assert_eq!(check("age: 13", "age >= 13"), Outcome::Holds);
    assert_eq!(check("age: 12", "age >= 13"), violated("12"));
    assert_eq!(check("age: 13.5", "age > 13"), Outcome::Holds);
    assert_eq!(check("age: 12.5", "age >= 13"), violated("12.5"));
    assert_eq!(check("days: 45", "days < 45.5"), Outcome::Holds);
    assert_eq!(check("n: 0", "n != 0"), violated("0"));
    assert_eq!(check("n: -1", "n < 0"), Outcome::Holds);
    assert_eq!(check("n: 1.0", "n = 1"), Outcome::Holds);
    assert_eq!(
        check("age: \"13\"", "age >= 13"),
        wrong_type("a number", "the string \"13\"")
    );
    assert_eq!(
        check("age: 13d", "age >= 13"),
        wrong_type("a number", "the string \"13d\"")
    );
    assert_eq!(
        check("age: {min: 13}", "age >= 13"),
        wrong_type("a number", "a mapping of 1 key")
    );
}

#[test]
fn booleans_are_true_and_false_only() {
    assert_eq!(check("mfa: true", "mfa = true"), Outcome::Holds);
    assert_eq!(check("mfa: True", "mfa = true"), Outcome::Holds);
    assert_eq!(check("mfa: false", "mfa = true"), violated("false"));
    assert_eq!(check("mfa: false", "mfa != true"), Outcome::Holds);
    let expected = "true or false";
    assert_eq!(
        check("mfa: yes", "mfa = true"),
        wrong_type(expected, "the string \"yes\"")
    );
    assert_eq!(
        check("mfa: \"true\"", "mfa = true"),
        wrong_type(expected, "the string \"true\"")
    );
    assert_eq!(
        check("mfa: off", "mfa = false"),
        wrong_type(expected, "the string \"off\"")
    );
    assert_eq!(
        check("mfa: 1", "mfa = true"),
        wrong_type(expected, "the number 1")
    );
}

#[test]
fn strings_compare_with_strings() {
    let region = "region = \"us-east-1\"";
    assert_eq!(check("region: us-east-1", region), Outcome::Holds);
    assert_eq!(check("region: 'us-east-1'", region), Outcome::Holds);
    assert_eq!(
        check("region: eu-west-1", region),
        violated("the string \"eu-west-1\"")
    );
    assert_eq!(
        check("region: US-EAST-1", region),
        violated("the string \"US-EAST-1\"")
    );
    assert_eq!(
        check("region: eu-west-1", "region != \"us-east-1\""),
        Outcome::Holds
    );
    assert_eq!(
        check("port: 8080", "port = \"8080\""),
        wrong_type("a string", "the number 8080")
    );
    // `NO` is Norway's country code, not false.
    assert_eq!(check("country: NO", "country = \"NO\""), Outcome::Holds);
}

#[test]
fn one_of_holds_when_any_listed_value_is_equal() {
    let allowed = "region is one of \"us-east-1\", \"us-west-2\"";
    assert_eq!(check("region: us-west-2", allowed), Outcome::Holds);
    assert_eq!(
        check("region: eu-west-1", allowed),
        violated("the string \"eu-west-1\"")
    );
    assert_eq!(
        check("region: 1", allowed),
        wrong_type("a string", "the number 1")
    );
    let mixed = "ttl is one of 30 days, \"never\"";
    assert_eq!(check("ttl: never", mixed), Outcome::Holds);
    assert_eq!(check("ttl: P30D", mixed), Outcome::Holds);
    assert_eq!(check("ttl: 720h", mixed), Outcome::Holds);
    assert_eq!(check("ttl: 31d", mixed), violated("31 days"));
    assert_eq!(
        check("ttl: 30", mixed),
        wrong_type(config::DURATION_EXPECTED, "the number 30")
    );
}

#[test]
fn null_counts_as_not_set() {
    for yaml in ["pii: ~", "pii: null", "pii:", "other: 1", "# empty"] {
        assert_eq!(check(yaml, "pii is not set"), Outcome::Holds, "{yaml}");
        assert_eq!(check(yaml, "pii is set"), Outcome::Missing, "{yaml}");
        assert_eq!(check(yaml, "pii = true"), Outcome::Missing, "{yaml}");
        assert_eq!(check(yaml, "pii <= 30 days"), Outcome::Missing, "{yaml}");
        assert_eq!(
            check(yaml, "pii is one of \"a\""),
            Outcome::Missing,
            "{yaml}"
        );
    }
    assert_eq!(check("pii: false", "pii is set"), Outcome::Holds);
    assert_eq!(check("pii: \"\"", "pii is set"), Outcome::Holds);
    assert_eq!(check("pii: false", "pii is not set"), violated("false"));
    assert_eq!(
        check("pii: [a, b]", "pii is not set"),
        violated("a list of 2 items")
    );
}

#[test]
fn the_fixture_project_is_checked_end_to_end() {
    let index = config::discover(Path::new(FIXTURE)).unwrap();
    let (path, test) = statement("accounts.inactive_deletion_after <= 6 months");
    let outcomes: Vec<(String, Outcome)> = index
        .matching("services/*/config.{yaml,yml}")
        .unwrap()
        .into_iter()
        .map(|relative| {
            let file = load(relative);
            (
                relative.to_owned(),
                config::evaluate(file.lookup(&path).node(), &test),
            )
        })
        .collect();
    let expected = [
        ("services/a/config.yaml".to_owned(), Outcome::Holds),
        ("services/b/config.yml".to_owned(), Outcome::Holds),
    ];
    assert_eq!(outcomes, expected);
    let b = load("services/b/config.yml");
    let (path, test) = statement("auth.mfa.required = true");
    let outcome = config::evaluate(b.lookup(&path).node(), &test);
    assert_eq!(outcome, wrong_type("true or false", "the string \"yes\""));
}

// ----------------------------------------------------------------- errors

#[test]
fn unreadable_config_files_are_reported_with_a_location() {
    // Snapshots live beside the fixtures, in `tests/config/snapshots/`.
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("config/snapshots");
    let _scope = settings.bind_to_scope();
    insta::glob!("config/errors/*.yaml", |path| {
        let root = path.parent().unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let diagnostic = match config::read(root, name) {
            Ok(source) => *config::parse(source).unwrap_err(),
            Err(diagnostic) => *diagnostic,
        };
        insta::assert_snapshot!(human::render(&[diagnostic], Style::PLAIN));
    });
}
