//! Properties no input may break (issue 8): arbitrary and near-valid policy
//! text never panics the parser or resolver; generated policies survive
//! `privet fmt` with the same syntax tree; generated and mutated inventories,
//! configs, waivers and project files never panic the loaders, the checker
//! or a renderer; an editor buffer reports what the saved file reports; and
//! the report does not depend on the order files are listed, created or
//! found in. Regression tests for crashes go at the end.
//!
//! Every reported problem must also point somewhere real: each diagnostic
//! and finding of every case is checked to have a span inside its file, on
//! character boundaries. Case counts keep the file well under a minute in a
//! debug build on two cores; `PROPTEST_CASES=N` runs more.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use privet::pipeline::{self, Options, Outcome, Overlays};
use privet::render::human::{self, Style};
use privet::source::SourceFile;
use privet::taxonomy::Taxonomy;

#[path = "support/outcome.rs"]
mod outcome;
use outcome::{assert_located, assert_points_into, render_all};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::Config;

#[path = "support/copy.rs"]
mod copy;
#[path = "fmt/generate.rs"]
mod generate;
#[path = "properties/strategies.rs"]
mod strategies;

use strategies::{Edit, POLICY_TOKENS, YAML_TOKENS, apply, edit};

/// The date waivers expire against, fixed so no waiver expires under a test.
const TODAY: privet::policy::Date = privet::policy::Date {
    year: 2025,
    month: 1,
    day: 1,
};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `cases` cases (or `PROPTEST_CASES`), and no regression files written
/// into the tree: a failure is turned into a named `#[test]` instead.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

// ── Seeds ──────────────────────────────────────────────────────────────────

/// Files under `dir` (recursively) whose name ends with one of `suffixes`,
/// as (path relative to the repository, text), sorted.
fn files(dir: &str, suffixes: &[&str], out: &mut Vec<(String, String)>) {
    let mut stack = vec![root().join(dir)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.to_string_lossy().into_owned();
            if path.is_dir() {
                stack.push(path);
            } else if suffixes.iter().any(|s| name.ends_with(s)) {
                // Fixtures about unreadable bytes are not text, and huge
                // ones would make every case slow.
                let small = std::fs::metadata(&path).is_ok_and(|m| m.len() <= 64 * 1024);
                if small && let Ok(text) = std::fs::read_to_string(&path) {
                    let shown = path.strip_prefix(root()).unwrap().display().to_string();
                    out.push((shown, text));
                }
            }
        }
    }
    out.sort();
}

/// The shipped policies, the syntax cases (good and bad), the fixtures'
/// policies and the quickstart's: what mutations start from.
fn policy_seeds() -> &'static [(String, String)] {
    static SEEDS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = Vec::new();
        for dir in [
            "rules",
            "examples/quickstart",
            "tests/syntax",
            "tests/properties",
        ] {
            files(dir, &[".privet"], &mut seeds);
        }
        let mut fixtures = Vec::new();
        files("tests/fixtures", &["policy.privet"], &mut fixtures);
        seeds.extend(fixtures.into_iter().step_by(4));
        assert!(seeds.len() >= 30, "only {} policy seeds", seeds.len());
        seeds
    })
}

/// Inventories (privet's own and Fides'), config and waiver files.
fn yaml_seeds() -> &'static [(String, String)] {
    static SEEDS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = Vec::new();
        for dir in [
            "examples/quickstart",
            "examples/strum",
            "tests/inventory",
            "tests/fides",
        ] {
            files(dir, &[".yaml", ".yml"], &mut seeds);
        }
        assert!(seeds.len() >= 20, "only {} YAML seeds", seeds.len());
        seeds
    })
}

fn policy_seed() -> impl Strategy<Value = &'static str> {
    let seeds: Vec<&'static str> = policy_seeds().iter().map(|(_, t)| t.as_str()).collect();
    select(seeds)
}

fn yaml_seed() -> impl Strategy<Value = &'static str> {
    let seeds: Vec<&'static str> = yaml_seeds().iter().map(|(_, t)| t.as_str()).collect();
    select(seeds)
}

// ── What every case checks ─────────────────────────────────────────────────

/// Parses, resolves, describes and formats `text` as a policy file, and
/// renders whatever was reported: nothing may panic, every diagnostic
/// must point into the file, and a formatted result must format to itself.
fn exercise_policy(text: &str) {
    let file = SourceFile::new("rules/fuzzed.privet", text);
    let taxonomy = Taxonomy::builtin();
    let rules = privet::rules::load(std::slice::from_ref(&file), taxonomy);
    assert_located(&rules.diagnostics);
    let _ = human::render(&rules.diagnostics, Style::PLAIN);
    for policy in &rules.policies {
        let _ = privet::policy::describe::describe(policy, taxonomy);
    }
    if let Ok(formatted) = privet::fmt::format_source(text) {
        assert_eq!(
            privet::fmt::format_source(&formatted).ok().as_deref(),
            Some(formatted.as_str()),
            "formatting is not idempotent on:\n{text}"
        );
    }
}

fn assert_outcome_located(outcome: &Outcome) {
    assert_located(&outcome.errors);
    for f in &outcome.findings {
        assert_points_into(&f.file, f.span, f.code.as_str());
        let c = &f.commitment;
        assert_points_into(&c.file, c.statement, f.code.as_str());
    }
}

// ── The project the checker runs on ────────────────────────────────────────

/// A project on disk: the quickstart (policy, inventory, two configs, a
/// waiver) plus a policy with every kind of statement. Cases replace file
/// contents through the pipeline's overlays, so nothing is written per case.
struct Sandbox {
    root: PathBuf,
}

impl Sandbox {
    fn get() -> &'static Sandbox {
        static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
        SANDBOX.get_or_init(|| {
            let dir =
                std::env::temp_dir().join(format!("privet-properties-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            copy::copy_dir(&root().join("examples/quickstart"), &dir);
            std::fs::copy(
                root().join("tests/properties/all-kinds.privet"),
                dir.join("rules/all-kinds.privet"),
            )
            .unwrap();
            Sandbox {
                root: dir.canonicalize().unwrap(),
            }
        })
    }

    const POLICY: &'static str = "rules/all-kinds.privet";
    const INVENTORY: &'static str = "inventory/acme.yaml";
    const YAML: [&'static str; 4] = [
        "inventory/acme.yaml",
        "services/accounts/config.yaml",
        "services/web/config.yaml",
        "waivers.yaml",
    ];

    /// Runs `privet check` with `files` (relative path, text) in place of
    /// what is on disk; asserts what every run must satisfy.
    fn check(&self, files: &[(&str, &str)]) -> Outcome {
        let overlays: Overlays = files
            .iter()
            .map(|(path, text)| (self.root.join(path), (*text).to_owned()))
            .collect();
        let options = Options {
            project: Some(self.root.clone()),
            cwd: self.root.clone(),
            today: Some(TODAY),
            overlays,
            ..Options::default()
        };
        let outcome = pipeline::run(&options);
        assert_outcome_located(&outcome);
        let _ = outcome.status(true);
        let _ = render_all(&outcome);
        outcome
    }
}

/// Loads `text` as the only inventory file, then runs the whole check
/// with it in the sandbox project.
fn exercise_inventory(text: &str) {
    let file = SourceFile::new("inventory/fuzzed.yaml", text);
    // Fides files go through the pipeline below, which routes them.
    if !privet::inventory::fides::is_fides(&file)
        && let Err(errors) = privet::inventory::load(vec![file], Taxonomy::builtin())
    {
        assert_located(&errors);
    }
    Sandbox::get().check(&[(Sandbox::INVENTORY, text)]);
}

/// Every project file shipped in the examples and fixtures.
fn project_file_seeds() -> Vec<&'static str> {
    static SEEDS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    let seeds = SEEDS.get_or_init(|| {
        let mut seeds = Vec::new();
        for dir in ["examples", "tests/fixtures", "tests/project"] {
            files(dir, &["privet.yaml"], &mut seeds);
        }
        assert!(seeds.len() >= 10, "only {} project files", seeds.len());
        seeds
    });
    seeds.iter().map(|(_, t)| t.as_str()).collect()
}

/// A copy of the quickstart whose `privet.yaml` the cases overwrite (one
/// test uses it, and its cases run one after the other).
fn project_sandbox() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("privet-properties-project-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy::copy_dir(&root().join("examples/quickstart"), &dir);
        dir.canonicalize().unwrap()
    })
}

// ── Policies never panic the parser ────────────────────────────────────────

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn arbitrary_bytes_never_panic_the_parser(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        exercise_policy(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_characters_never_panic_the_parser(chars in proptest::collection::vec(any::<char>(), 0..512)) {
        exercise_policy(&chars.into_iter().collect::<String>());
    }

    /// Streams of the language's own words, operators and hostile values.
    #[test]
    fn token_soup_never_panics_the_parser(tokens in proptest::collection::vec(select(POLICY_TOKENS), 0..80)) {
        exercise_policy(&tokens.join(" "));
        exercise_policy(&tokens.concat());
    }

}

proptest! {
    #![proptest_config(config(160))]

    /// Shipped and test policies with characters and tokens inserted,
    /// deleted, replaced, duplicated, or cut off.
    #[test]
    fn mutated_policies_never_panic_the_parser(
        seed in policy_seed(),
        edits in proptest::collection::vec(edit(POLICY_TOKENS), 1..8),
    ) {
        exercise_policy(&apply(seed, &edits));
    }

    /// Every prefix is a file someone is in the middle of typing.
    #[test]
    fn truncated_policies_never_panic_the_parser(seed in policy_seed(), at in any::<Index>()) {
        exercise_policy(&apply(seed, &[Edit::Truncate(at)]));
    }
}

// ── Generated policies round-trip through fmt ──────────────────────────────

/// The debug form of a syntax tree with every `Span { start: N, end: N }`
/// removed, written here rather than borrowed from `privet::fmt` so that a
/// bug in the formatter's own comparison cannot hide itself.
fn tree_without_spans(text: &str) -> String {
    let parsed = privet::syntax::parse(&SourceFile::new("t.privet", text));
    assert!(parsed.errors.is_empty(), "does not parse:\n{text}");
    let debug = format!("{:?}", parsed.ast);
    let mut out = String::new();
    let mut rest = debug.as_str();
    while let Some(at) = rest.find("Span { start: ") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = after.find('}').unwrap() + 1;
        let inner = &after["Span { start: ".len()..end - 1];
        assert!(
            inner
                .replace(", end: ", "")
                .trim()
                .chars()
                .all(|c| c.is_ascii_digit()),
            "unexpected span text {inner:?}"
        );
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// What the checker would see: the resolved form (positions dropped) and
/// the resolution errors' codes and messages.
fn resolved_without_positions(text: &str) -> String {
    let taxonomy = Taxonomy::builtin();
    let rules = privet::rules::load(&[SourceFile::new("t.privet", text)], taxonomy);
    let mut out: Vec<String> = rules
        .policies
        .iter()
        .map(|p| privet::policy::describe::describe(p, taxonomy))
        .collect();
    out.extend(
        rules
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code.as_str(), d.message)),
    );
    out.join("\n")
        .split_whitespace()
        .filter(|w| {
            !(w.contains(':')
                && w.trim_matches(|c: char| c.is_ascii_digit() || c == ':')
                    .is_empty())
        })
        .collect::<Vec<_>>()
        .join(" ")
        // messages quote statements as written; fmt takes the blank out
        // of `a , b`
        .replace(" ,", ",")
}

fn assert_round_trips(text: &str) {
    let formatted = privet::fmt::format_source(text)
        .unwrap_or_else(|e| panic!("not formatted: {}\n{text}", human::render(&e, Style::PLAIN)));
    assert_eq!(
        tree_without_spans(&formatted),
        tree_without_spans(text),
        "the tree changed:\n{text}\n--- formatted:\n{formatted}"
    );
    assert_eq!(
        resolved_without_positions(&formatted),
        resolved_without_positions(text),
        "the resolved policy changed:\n{text}\n--- formatted:\n{formatted}"
    );
    assert_eq!(
        privet::fmt::format_source(&formatted).ok().as_deref(),
        Some(formatted.as_str())
    );
}

proptest! {
    #![proptest_config(config(96))]

    /// Policies built by a shrinking strategy: every statement kind,
    /// random term lists and joiners, blank space, `;`, comments, line
    /// breaks in lists, CRLF.
    #[test]
    fn generated_policies_round_trip_through_fmt(text in strategies::policy()) {
        assert_round_trips(&text);
    }

}

proptest! {
    #![proptest_config(config(48))]

    /// The formatter tests' own generator, at seeds it does not cover.
    #[test]
    fn fmt_generator_policies_round_trip_at_any_seed(seed in 401..u64::MAX) {
        assert_round_trips(&generate::policy(seed));
    }
}

// ── Inventories never panic the loader or the checker ──────────────────────

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn generated_inventories_never_panic_the_loader_or_checker(text in strategies::inventory()) {
        exercise_inventory(&text);
    }

    /// Inventory, Fides, config and waiver files with edits, each checked
    /// as the sandbox's inventory and as one of its config or waiver files.
    #[test]
    fn mutated_yaml_never_panics_the_loaders_or_checker(
        seed in yaml_seed(),
        edits in proptest::collection::vec(edit(YAML_TOKENS), 1..8),
        slot in select(&Sandbox::YAML[..]),
    ) {
        let text = apply(seed, &edits);
        exercise_inventory(&text);
        Sandbox::get().check(&[(slot, &text)]);
    }

    /// Mutated project files (`privet.yaml`: paths, severities, taxonomy),
/// each written into a copy of the quickstart and checked from there:
/// the project file is read from disk, never from overlays.
#[test]
fn mutated_project_files_never_panic_the_check(
    seed in select(project_file_seeds()),
    edits in proptest::collection::vec(edit(YAML_TOKENS), 1..6),
) {
    let dir = project_sandbox();
    std::fs::write(dir.join("privet.yaml"), apply(seed, &edits)).unwrap();
    let options = Options {
        project: Some(dir.clone()),
        cwd: dir.clone(),
        today: Some(TODAY),
        ..Options::default()
    };
    let outcome = pipeline::run(&options);
    assert_outcome_located(&outcome);
    let _ = render_all(&outcome);
}

/// The policy with every kind of statement, mutated, checked against
    /// the quickstart's inventory and configs.
    #[test]
    fn mutated_policies_never_panic_the_checker(edits in proptest::collection::vec(edit(POLICY_TOKENS), 1..6)) {
        let seed = std::fs::read_to_string(root().join("tests/properties/all-kinds.privet")).unwrap();
        Sandbox::get().check(&[(Sandbox::POLICY, &apply(&seed, &edits))]);
    }
}

/// The sandbox is a real check: unmodified, it finds broken promises of
/// several kinds, so the properties above run the evaluators, not just the
/// loaders.
#[test]
fn the_sandbox_project_reaches_the_checker() {
    let outcome = Sandbox::get().check(&[]);
    assert!(
        outcome
            .errors
            .iter()
            .all(|d| d.severity != privet::ast::Severity::Error)
    );
    let mut codes: Vec<&str> = outcome.findings.iter().map(|f| f.code.as_str()).collect();
    codes.dedup();
    assert!(codes.len() >= 4, "{codes:?}");
    let generated = "systems:\n  - name: s\n    location: eu-west-1\n    datasets:\n      - name: d\n        categories: [user.contact.email]\n";
    let outcome = Sandbox::get().check(&[(Sandbox::INVENTORY, generated)]);
    assert!(
        outcome
            .errors
            .iter()
            .all(|d| d.severity != privet::ast::Severity::Error)
    );
    assert!(
        outcome
            .findings
            .iter()
            .any(|f| f.code.as_str() == "privet::residency::outside")
    );
}

/// A copy of the sandbox that cases write files into, for comparing an
/// overlay with the same text on disk.
fn disk_sandbox() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("privet-properties-disk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy::copy_dir(&Sandbox::get().root, &dir);
        dir.canonicalize().unwrap()
    })
}

proptest! {
    #![proptest_config(config(32))]

    /// What the language server reports for an unsaved buffer (an overlay)
    /// is what `privet check` reports once the same text is saved.
    #[test]
    fn an_overlay_reports_what_the_same_file_on_disk_reports(
        policy_edits in proptest::collection::vec(edit(POLICY_TOKENS), 0..3),
        inventory in strategies::inventory(),
    ) {
        let seed = std::fs::read_to_string(root().join("tests/properties/all-kinds.privet")).unwrap();
        let policy = apply(&seed, &policy_edits);
        // Control characters included: a buffer holding one is refused as
        // not text (`io::not_text`), as the saved file is.
        let files = [(Sandbox::POLICY, policy.as_str()), (Sandbox::INVENTORY, inventory.as_str())];
        let overlaid = render_all(&Sandbox::get().check(&files));
        let dir = disk_sandbox();
        for (path, text) in files {
            std::fs::write(dir.join(path), text).unwrap();
        }
        let options = Options {
            project: Some(dir.clone()),
            cwd: dir.clone(),
            today: Some(TODAY),
            ..Options::default()
        };
        prop_assert_eq!(render_all(&pipeline::run(&options)), overlaid);
    }
}

/// Most generated inventories are valid, so the property above runs the
/// evaluators on them rather than stopping at a loader error.
#[test]
fn generated_inventories_mostly_reach_the_checker() {
    use proptest::strategy::ValueTree as _;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = strategies::inventory();
    let total = 40;
    let mut checked = 0;
    for _ in 0..total {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        let outcome = Sandbox::get().check(&[(Sandbox::INVENTORY, &text)]);
        let errors = outcome.errors.iter();
        if errors
            .clone()
            .all(|d| d.severity != privet::ast::Severity::Error)
            && !outcome.findings.is_empty()
        {
            checked += 1;
        }
    }
    eprintln!("{checked} of {total} generated inventories were checked");
    assert!(
        checked * 3 >= total,
        "only {checked} of {total} generated inventories were checked"
    );
}

// ── The report does not depend on file order ───────────────────────────────

/// A drifted example with seven inventory files and several configs, plus
/// a second policy file, so there is much to sort.
const ORDER_PROJECT: &str = "examples/clarifai-drift";
const ORDER_RULES: [&str; 2] = ["rules/clarifai.privet", "tests/properties/all-kinds.privet"];

fn order_project_files() -> Vec<PathBuf> {
    let mut all = Vec::new();
    files(ORDER_PROJECT, &[""], &mut all);
    all.into_iter().map(|(p, _)| root().join(p)).collect()
}

/// Every format of `privet check` on `project` with these rule and
/// inventory paths, in the order given.
fn report(project: &Path, rules: &[PathBuf], inventory: &[PathBuf]) -> String {
    let options = Options {
        project: Some(project.to_path_buf()),
        rules: rules.to_vec(),
        inventory: inventory.to_vec(),
        cwd: project.to_path_buf(),
        today: Some(TODAY),
        ..Options::default()
    };
    let outcome = pipeline::run(&options);
    assert!(
        !outcome.findings.is_empty(),
        "the order project finds nothing"
    );
    render_all(&outcome)
}

/// The report with the files listed in sorted order.
fn listed_baseline() -> &'static str {
    static BASELINE: OnceLock<String> = OnceLock::new();
    BASELINE.get_or_init(|| {
        let project = root().join(ORDER_PROJECT);
        let rules: Vec<PathBuf> = ORDER_RULES.iter().map(|r| root().join(r)).collect();
        report(&project, &rules, &[project.join("inventory")])
    })
}

/// The report of the project written to disk in sorted order.
fn written_baseline() -> &'static str {
    static BASELINE: OnceLock<String> = OnceLock::new();
    BASELINE.get_or_init(|| {
        let dir = scratch().join(format!("privet-order-base-{}", std::process::id()));
        write_in_order(&dir, &order_project_files());
        let text = report(&dir.canonicalize().unwrap(), &[], &[]);
        let _ = std::fs::remove_dir_all(&dir);
        text
    })
}

/// Where throwaway projects go: tmpfs when there is one, because it lists
/// a directory in reverse order of creation (ext4 lists by a hash of the
/// name), so files created in another order are found in another order.
fn scratch() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() && std::fs::metadata(shm).is_ok_and(|m| !m.permissions().readonly()) {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// Copies the order project's files into `dir` in the order given.
fn write_in_order(dir: &Path, order: &[PathBuf]) {
    let _ = std::fs::remove_dir_all(dir);
    for from in order {
        let to = dir.join(from.strip_prefix(root().join(ORDER_PROJECT)).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, &to).unwrap();
    }
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    for rule in ORDER_RULES {
        std::fs::copy(
            root().join(rule),
            dir.join("rules").join(Path::new(rule).file_name().unwrap()),
        )
        .unwrap();
    }
}

fn listing(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

proptest! {
    #![proptest_config(config(10))]

    /// `--rules` and `--inventory` given as files, in any order, and
    /// repeated: every format's bytes are the same.
    #[test]
    fn reports_do_not_depend_on_the_order_of_listed_files(
        rules in Just(ORDER_RULES.to_vec()).prop_shuffle(),
        inventory in Just(order_project_files()).prop_shuffle(),
        repeat in any::<Index>(),
    ) {
        let project = root().join(ORDER_PROJECT);
        let rules: Vec<PathBuf> = rules.iter().map(|r| root().join(r)).collect();
        let mut inventory: Vec<PathBuf> = inventory
            .into_iter()
            .filter(|p| p.parent().is_some_and(|d| d.ends_with("inventory")))
            .collect();
        let again = inventory[repeat.index(inventory.len())].clone();
        inventory.push(again);
        prop_assert_eq!(report(&project, &rules, &inventory), listed_baseline());
    }

    /// The project written to disk with its files created in any order
    /// (so, on tmpfs, listed in that order): the same bytes.
    #[test]
    fn reports_do_not_depend_on_the_order_files_are_created_in(
        order in Just(order_project_files()).prop_shuffle(),
    ) {
        let dir = scratch().join(format!("privet-order-{}", std::process::id()));
        write_in_order(&dir, &order);
        let dir = dir.canonicalize().unwrap();
        let text = report(&dir, &[], &[]);
        let _ = std::fs::remove_dir_all(&dir);
        prop_assert_eq!(text, written_baseline());
    }
}

/// The test above is not vacuous where it matters: on tmpfs, two creation
/// orders give two directory listings.
#[test]
fn creation_order_changes_the_directory_listing_on_tmpfs() {
    if scratch() != Path::new("/dev/shm") {
        eprintln!("no writable /dev/shm: listing order follows names here, skipped");
        return;
    }
    let mut order = order_project_files();
    let a = scratch().join(format!("privet-listing-a-{}", std::process::id()));
    write_in_order(&a, &order);
    order.reverse();
    let b = scratch().join(format!("privet-listing-b-{}", std::process::id()));
    write_in_order(&b, &order);
    let (la, lb) = (listing(&a.join("inventory")), listing(&b.join("inventory")));
    let _ = (std::fs::remove_dir_all(&a), std::fs::remove_dir_all(&b));
    assert_ne!(la, lb);
    let (mut sa, mut sb) = (la, lb);
    sa.sort();
    sb.sort();
    assert_eq!(sa, sb);
}

// ── Regressions ────────────────────────────────────────────────────────────
//
// A crash a fuzzer or a property finds becomes a plain #[test] on its
// minimized input here. None so far: on 2026-11-23, fifteen minutes of each
// fuzz target (about 36,000 whole checks, 16,000 policies and 137,000
// inventories) and every property above found no panic, hang or misplaced
// location.

/// Found by the overlay property: an editor buffer holding a control
/// character was parsed (a syntax error) where the saved file is refused as
/// not text; both now say `io::not_text` at the same place.
#[test]
fn a_buffer_with_a_control_character_is_refused_as_its_saved_file_is() {
    let seed = std::fs::read_to_string(root().join("tests/properties/all-kinds.privet")).unwrap();
    let policy = format!("\u{7f}{seed}");
    let files = [(Sandbox::POLICY, policy.as_str())];
    let overlaid = Sandbox::get().check(&files);
    let codes: Vec<&str> = overlaid.errors.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["privet::io::not_text"], "{}", render_all(&overlaid));
    // A directory of its own: the property above writes into the shared
    // disk sandbox from another test thread.
    let dir =
        std::env::temp_dir().join(format!("privet-properties-control-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy::copy_dir(&Sandbox::get().root, &dir);
    let dir = dir.canonicalize().unwrap();
    std::fs::write(dir.join(Sandbox::POLICY), &policy).unwrap();
    let on_disk = pipeline::run(&Options {
        project: Some(dir.clone()),
        cwd: dir.clone(),
        today: Some(TODAY),
        ..Options::default()
    });
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(render_all(&on_disk), render_all(&overlaid));
}
