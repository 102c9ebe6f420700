//! What the fuzz targets run, shared by them: each turns the fuzzer's bytes
//! into privet input, runs a phase of the pipeline, renders what it
//! reported, and asserts what must hold for any input. A panic anywhere
//! (privet's or an assertion here) is a crash libFuzzer reports.
//!
//! - every diagnostic and finding points into its file, on character
//!   boundaries: nothing is reported without a real location;
//! - `privet fmt` output formats to itself;
//! - a whole check gives byte-identical reports when run twice.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::OnceLock;

use privet::check::{self, Configs, Input};
use privet::pipeline::{self, Options, Overlays};
use privet::policy::Policy;
use privet::render::Report;
use privet::render::human::{self, Style};
use privet::source::SourceFile;
use privet::taxonomy::Taxonomy;

#[path = "../../tests/support/outcome.rs"]
mod outcome;
use outcome::{assert_located, assert_points_into, render_all};

/// A policy with every kind of statement, checked against fuzzed inventories.
const ALL_KINDS: &str = include_str!("../../tests/properties/all-kinds.privet");

/// The fuzzer's bytes as text: invalid UTF-8 is replaced (privet's readers
/// refuse such files before parsing, so the parsers only ever see text).
fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Parses and resolves the bytes as a `.privet` file, describes what
/// resolved, renders the errors, and formats it.
pub fn policy(data: &[u8]) {
    let text = text(data);
    let file = SourceFile::new("rules/fuzz.privet", text.as_ref());
    let taxonomy = Taxonomy::builtin();
    let rules = privet::rules::load(std::slice::from_ref(&file), taxonomy);
    assert_located(&rules.diagnostics);
    let _ = human::render(&rules.diagnostics, Style::PLAIN);
    for policy in &rules.policies {
        let _ = privet::policy::describe::describe(policy, taxonomy);
    }
    if let Ok(formatted) = privet::fmt::format_source(&text) {
        let again = privet::fmt::format_source(&formatted);
        assert_eq!(
            again.ok().as_deref(),
            Some(formatted.as_str()),
            "formatting is not idempotent"
        );
    }
}

fn all_kinds() -> &'static [Policy] {
    static POLICIES: OnceLock<Vec<Policy>> = OnceLock::new();
    POLICIES.get_or_init(|| {
        let file = SourceFile::new("rules/all-kinds.privet", ALL_KINDS);
        privet::rules::load(&[file], Taxonomy::builtin()).policies
    })
}

/// Loads the bytes as an inventory file (and as a config and a waivers
/// file); an inventory that loads is checked against a policy with every
/// kind of statement, and the findings rendered.
pub fn inventory(data: &[u8]) {
    let text = text(data);
    let taxonomy = Taxonomy::builtin();
    let file = SourceFile::new("inventory/fuzz.yaml", text.as_ref());
    match privet::inventory::load(vec![file.clone()], taxonomy) {
        Ok(inventory) => {
            let configs = Configs::default();
            let input = Input {
                taxonomy,
                policies: all_kinds(),
                inventory: &inventory,
                configs: &configs,
            };
            let findings = check::check(&input);
            for f in &findings {
                assert_points_into(&f.file, f.span, f.code.as_str());
            }
            let report = Report {
                findings: &findings,
                errors: &[],
                summary: privet::render::Summary::default(),
            };
            let _ = human::render_report(&report, Style::PLAIN);
        }
        Err(errors) => {
            assert_located(&errors);
            let _ = human::render(&errors, Style::PLAIN);
        }
    }
    let config = SourceFile::new("services/fuzz/config.yaml", text.as_ref());
    if let Err(error) = privet::config::parse(config) {
        assert_located(std::slice::from_ref(&error));
    }
    if let Err(errors) = privet::waiver::parse(SourceFile::new("waivers.yaml", text.as_ref())) {
        assert_located(&errors);
    }
}

/// A project on disk that check runs replace file contents of through the
/// pipeline's overlays: the policy, inventory, config and waiver files.
fn project() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("privet-fuzz-{}", std::process::id()));
        let files = [
            (
                "privet.yaml",
                "rules: [rules]\ninventory: [inventory]\nconfig_root: .\nwaivers: waivers.yaml\n",
            ),
            (PARTS[0], ALL_KINDS),
            (PARTS[1], "systems: []\n"),
            (PARTS[2], "accounts:\n  inactive_deletion_after: 180d\n"),
            (PARTS[3], "waivers: []\n"),
        ];
        for (path, text) in files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(&path, text);
        }
        dir.canonicalize().unwrap_or(dir)
    })
}

/// The files the parts of a `check_project` input replace, in order.
pub const PARTS: [&str; 4] = [
    "rules/policy.privet",
    "inventory/inventory.yaml",
    "services/app/config.yaml",
    "waivers.yaml",
];

/// The byte that separates the parts of a `check_project` input (never
/// found in UTF-8 text).
pub const SEPARATOR: u8 = 0xff;

/// Splits the bytes at [`SEPARATOR`] into a policy, an inventory, a config
/// and a waivers file (missing parts keep the project's own), runs the
/// whole check twice and renders every format: the reports must be equal.
pub fn check_project(data: &[u8]) {
    let root = project();
    let overlays: Overlays = data
        .split(|&b| b == SEPARATOR)
        .zip(PARTS)
        .map(|(part, path)| (root.join(path), text(part).into_owned()))
        .collect();
    let options = Options {
        project: Some(root.clone()),
        cwd: root.clone(),
        today: Some(privet::policy::Date {
            year: 2025,
            month: 1,
            day: 1,
        }),
        overlays,
        ..Options::default()
    };
    let outcome = pipeline::run(&options);
    assert_located(&outcome.errors);
    for f in &outcome.findings {
        assert_points_into(&f.file, f.span, f.code.as_str());
        assert_points_into(&f.commitment.file, f.commitment.statement, f.code.as_str());
    }
    let first = render_all(&outcome);
    let second = render_all(&pipeline::run(&options));
    assert!(
        first == second,
        "two runs on the same input reported differently"
    );
}
