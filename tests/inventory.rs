//! privet's inventory format: the documented example loads into the model
//! with inheritance applied, and every kind of mistake is reported the way
//! a user sees it.
//!
//! `tests/inventory/err/*.yaml` must fail to load; the snapshot is exactly
//! what a user sees on the terminal. Adding a case is adding a file; review
//! new snapshots with `cargo insta review`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::path::Path;

use privet::diagnostic::{Code, Diagnostic};
use privet::duration::Duration;
use privet::inventory::{self, At, Inventory, Item, Loc, Retention};
use privet::render::human::{self, Style};
use privet::source::SourceFile;
use privet::taxonomy::{Taxonomy, TermId, Vocabulary};

const EXAMPLE: &str = include_str!("inventory/example.yaml");

fn taxonomy() -> &'static Taxonomy {
    Taxonomy::builtin()
}

fn load(files: &[(&str, &str)]) -> Result<Inventory, Vec<Diagnostic>> {
    let files = files
        .iter()
        .map(|(path, text)| SourceFile::new(*path, *text))
        .collect();
    inventory::load(files, taxonomy())
}

fn load_ok(text: &str) -> Inventory {
    load(&[("inventory.yaml", text)]).unwrap_or_else(|diagnostics| {
        panic!("{}", human::render(&diagnostics, Style::PLAIN));
    })
}

fn example() -> Inventory {
    load_ok(EXAMPLE)
}

fn term(vocabulary: Vocabulary, text: &str) -> TermId {
    taxonomy().lookup(vocabulary, text).unwrap()
}

/// The text a location points at.
fn text(inventory: &Inventory, loc: Loc) -> &str {
    inventory.file(loc.file).unwrap().slice(loc.span)
}

/// The 1-based line a location is on.
fn line(inventory: &Inventory, loc: Loc) -> usize {
    inventory
        .file(loc.file)
        .unwrap()
        .line_col(loc.span.start)
        .line
}

fn values<T: Clone>(list: &[At<T>]) -> Vec<T> {
    list.iter().map(|a| a.value.clone()).collect()
}

fn dataset<'a>(inventory: &'a Inventory, path: &str) -> &'a inventory::Dataset {
    let index = (0..inventory.datasets.len())
        .find(|&d| inventory.path(Item::Dataset(d)) == path)
        .unwrap_or_else(|| panic!("no dataset {path}"));
    &inventory.datasets[index]
}

fn field<'a>(inventory: &'a Inventory, path: &str) -> &'a inventory::Field {
    let index = (0..inventory.fields.len())
        .find(|&f| inventory.path(Item::Field(f)) == path)
        .unwrap_or_else(|| panic!("no field {path}"));
    &inventory.fields[index]
}

fn recipient<'a>(inventory: &'a Inventory, path: &str) -> &'a inventory::Recipient {
    let index = (0..inventory.recipients.len())
        .find(|&r| inventory.path(Item::Recipient(r)) == path)
        .unwrap_or_else(|| panic!("no recipient {path}"));
    &inventory.recipients[index]
}

fn after(period: &str, event: &str) -> Retention {
    Retention::After {
        period: Duration::parse(period).unwrap(),
        event: term(Vocabulary::Event, event),
    }
}

#[test]
fn the_documented_example_is_the_tested_one() {
    let doc = std::fs::read_to_string("docs/inventory.md").unwrap();
    let block = format!("```yaml\n{EXAMPLE}```");
    assert!(
        doc.contains(&block),
        "docs/inventory.md must contain tests/inventory/example.yaml verbatim in a yaml block"
    );
}

#[test]
fn the_example_loads_every_item() {
    let inventory = example();
    let paths = |item: fn(usize) -> Item, n: usize| -> Vec<String> {
        (0..n).map(|i| inventory.path(item(i))).collect()
    };
    assert_eq!(
        paths(Item::System, inventory.systems.len()),
        ["accounts", "web-analytics"]
    );
    assert_eq!(
        paths(Item::Dataset, inventory.datasets.len()),
        [
            "accounts/users",
            "accounts/deletion_log",
            "accounts/newsletter",
            "web-analytics/page_views",
            "web-analytics/bot_scores"
        ]
    );
    assert_eq!(inventory.fields.len(), 9);
    assert_eq!(
        paths(Item::Recipient, inventory.recipients.len()),
        [
            "accounts/Mailgun",
            "web-analytics/Northwind Analytics",
            "web-analytics/Brightads"
        ]
    );
    assert_eq!(inventory.files.len(), 1);
}

#[test]
fn a_field_inherits_retention_from_its_system_pointing_at_the_system() {
    let inventory = example();
    let retention = field(&inventory, "accounts/users/email")
        .retention
        .clone()
        .unwrap();
    assert_eq!(retention.value, after("6 months", "last login"));
    assert_eq!(text(&inventory, retention.loc), "6 months");
    assert_eq!(
        line(&inventory, retention.loc),
        10,
        "the system's `retention:` line"
    );
    // The dataset between them inherited the same fact from the same place.
    let users = dataset(&inventory, "accounts/users");
    assert_eq!(users.retention.as_ref().unwrap().loc, retention.loc);
}

#[test]
fn a_field_inherits_purposes_from_its_dataset_or_else_its_system() {
    let inventory = example();
    let user_id = field(&inventory, "accounts/users/user_id")
        .purposes
        .clone()
        .unwrap();
    assert_eq!(
        values(&user_id),
        [term(Vocabulary::DataUse, "essential.service")]
    );
    assert_eq!(line(&inventory, user_id[0].loc), 9);
    let newsletter = field(&inventory, "accounts/newsletter/email")
        .purposes
        .clone()
        .unwrap();
    assert_eq!(
        values(&newsletter),
        [term(Vocabulary::DataUse, "marketing.communications.email")]
    );
    assert_eq!(text(&inventory, newsletter[0].loc), "newsletter");
    let own = field(&inventory, "accounts/users/email")
        .purposes
        .clone()
        .unwrap();
    assert_eq!(own.len(), 2);
    assert_eq!(text(&inventory, own[1].loc), "service notifications");
}

#[test]
fn a_stated_fact_replaces_the_inherited_one_entirely() {
    let inventory = example();
    let bot_scores = dataset(&inventory, "web-analytics/bot_scores");
    let purposes = values(bot_scores.purposes.as_ref().unwrap());
    let purpose = |text: &str| term(Vocabulary::DataUse, text);
    assert_eq!(purposes, [purpose("security"), purpose("fraud detection")]);
    let retention = bot_scores.retention.clone().unwrap();
    assert_eq!(retention.value, after("7 days", "collection"));
    assert_eq!(line(&inventory, retention.loc), 78);
    // A field's own retention beats its dataset's, which beat the system's.
    let ip = field(&inventory, "web-analytics/page_views/ip_address");
    assert_eq!(
        ip.retention.as_ref().unwrap().value,
        after("30 days", "collection")
    );
    let url = field(&inventory, "web-analytics/page_views/page_url");
    assert_eq!(
        url.retention.as_ref().unwrap().value,
        after("14 months", "collection")
    );
}

#[test]
fn a_deprecated_term_is_read_as_its_replacement() {
    let inventory = load_ok(
        "systems:\n  - name: s\n    purposes: [personalize.profiling]\n    datasets: [{ name: d, categories: [user] }]\n",
    );
    let purposes = inventory.datasets[0].purposes.clone().unwrap();
    let replacement = term(Vocabulary::DataUse, "personalize.content.profiling");
    assert_eq!(values(&purposes), [replacement]);
    assert_eq!(text(&inventory, purposes[0].loc), "personalize.profiling");
}

#[test]
fn a_cloud_region_resolves_to_its_state() {
    let inventory = example();
    let users = dataset(&inventory, "accounts/users");
    let locations = users.locations.clone().unwrap();
    let virginia = term(Vocabulary::Region, "US-VA");
    assert_eq!(values(&locations), [virginia]);
    assert_eq!(text(&inventory, locations[0].loc), "us-east-1");
    assert!(taxonomy().is_within(virginia, term(Vocabulary::Region, "US")));
    let bot_scores = dataset(&inventory, "web-analytics/bot_scores")
        .locations
        .clone()
        .unwrap();
    assert_eq!(
        values(&bot_scores),
        [
            term(Vocabulary::Region, "US-OR"),
            term(Vocabulary::Region, "IE")
        ]
    );
    assert_eq!(text(&inventory, bot_scores[1].loc), "eu-west-1");
}

#[test]
fn a_term_set_is_expanded_and_each_member_points_at_the_set() {
    let inventory = example();
    let categories = &field(&inventory, "web-analytics/page_views/visitor_id").categories;
    let set = term(Vocabulary::DataCategory, "online identifiers");
    assert_eq!(values(categories), taxonomy().expand(set));
    assert_eq!(categories.len(), 4);
    for category in categories {
        assert_eq!(text(&inventory, category.loc), "online identifiers");
    }
}

#[test]
fn encryption_and_subjects_are_inherited_part_by_part() {
    let inventory = example();
    let page_views = dataset(&inventory, "web-analytics/page_views");
    let at_rest = page_views.at_rest.clone().unwrap();
    let in_transit = page_views.in_transit.clone().unwrap();
    assert!(at_rest.value && in_transit.value);
    assert_eq!(line(&inventory, at_rest.loc), 61, "the dataset's own");
    assert_eq!(line(&inventory, in_transit.loc), 54, "the system's");
    let subjects = &page_views.subjects;
    assert_eq!(
        values(subjects.kinds.as_ref().unwrap()),
        [term(Vocabulary::DataSubject, "visitor")]
    );
    assert_eq!(
        subjects.min_age, None,
        "an age floor nobody stated stays unknown"
    );
    let users = dataset(&inventory, "accounts/users");
    let min_age = users.subjects.min_age.clone().unwrap();
    assert_eq!((min_age.value, text(&inventory, min_age.loc)), (16, "16"));
    // Nothing is invented for a fact no one stated.
    assert_eq!(dataset(&inventory, "accounts/deletion_log").engine, None);
}

#[test]
fn recipients_default_to_everything_and_to_unknown() {
    let inventory = example();
    let northwind = recipient(&inventory, "web-analytics/Northwind Analytics");
    assert!(
        northwind.categories.is_empty(),
        "omitted categories mean everything the system holds"
    );
    assert_eq!(northwind.mechanisms, None);
    let kind = northwind.kind.clone().unwrap();
    assert_eq!(
        kind.value,
        term(Vocabulary::RecipientKind, "analytics_partner")
    );
    let brightads = recipient(&inventory, "web-analytics/Brightads");
    assert_eq!(brightads.sharing.as_ref().map(|s| s.value), Some(true));
    assert_eq!(
        values(brightads.mechanisms.as_ref().unwrap()),
        [term(Vocabulary::TransferMechanism, "scc")]
    );

    let bare = load_ok("systems:\n  - name: a\n    recipients:\n      - name: Somebody\n");
    let somebody = &bare.recipients[0];
    assert_eq!(somebody.kind, None);
    assert!(somebody.categories.is_empty());
    assert_eq!(
        (somebody.purposes.clone(), somebody.locations.clone()),
        (None, None)
    );
    assert_eq!(
        (somebody.sale.clone(), somebody.sharing.clone()),
        (None, None)
    );
    assert_eq!(
        (somebody.contracts.clone(), somebody.mechanisms.clone()),
        (None, None)
    );

    let none =
        load_ok("systems:\n  - name: a\n    recipients:\n      - name: B\n        contracts: []\n");
    assert_eq!(
        none.recipients[0].contracts,
        Some(Vec::new()),
        "`[]` says: no contract"
    );
}

#[test]
fn every_retention_form_is_read_with_its_span() {
    let yaml = "\
systems:
  - name: s
    datasets:
      - name: a
        categories: [user]
        retention: 400 days
      - name: b
        categories: [user]
        retention: indefinite
      - name: c
        categories: [user]
        retention: { indefinite: true }
      - name: d
        categories: [user]
        retention: { until: account closed }
      - name: e
        categories: [user]
        retention:
          period: P6M
          after: last login
      - name: f
        categories: [user]
        retention: { period: \"1 year\" }
";
    let inventory = load_ok(yaml);
    let got: Vec<(Retention, &str)> = inventory
        .datasets
        .iter()
        .map(|d| {
            let r = d.retention.clone().unwrap();
            (r.value, text(&inventory, r.loc))
        })
        .collect();
    let until = Retention::After {
        period: Duration::ZERO,
        event: term(Vocabulary::Event, "account_closed"),
    };
    assert_eq!(
        got,
        [
            (after("400 days", "collection"), "400 days"),
            (Retention::Indefinite, "indefinite"),
            (Retention::Indefinite, "true"),
            (until, "account closed"),
            (after("6 months", "last login"), "P6M"),
            (after("12 months", "collection"), "\"1 year\""),
        ]
    );
}

#[test]
fn a_term_or_a_list_keeps_each_span() {
    let yaml = "\
systems:
  - name: s
    location: \"eu-west-1\"
    access_from:
      - US
      - Estonia
    datasets:
      - { name: d, categories: contact data, location: [DE, FR] }
";
    let inventory = load_ok(yaml);
    let d = &inventory.datasets[0];
    let spans = |list: &[At<TermId>]| -> Vec<&str> {
        list.iter().map(|t| text(&inventory, t.loc)).collect()
    };
    assert_eq!(spans(d.locations.as_ref().unwrap()), ["DE", "FR"]);
    assert_eq!(spans(d.access_from.as_ref().unwrap()), ["US", "Estonia"]);
    assert_eq!(spans(&d.categories), ["contact data"]);
    assert_eq!(
        d.categories[0].value,
        term(Vocabulary::DataCategory, "user.contact")
    );
    assert_eq!(d.name.value, "d");
    assert_eq!(text(&inventory, d.name.loc), "d");
    let system = load_ok(yaml);
    assert_eq!(text(&system, system.systems[0].name.loc), "s");
    let only = load_ok(
        "systems:\n  - name: s\n    location: \"eu-west-1\"\n    datasets: [{name: d, categories: [user]}]\n",
    );
    let location = only.datasets[0].locations.clone().unwrap();
    assert_eq!(text(&only, location[0].loc), "\"eu-west-1\"");
}

#[test]
fn norway_is_a_region_not_a_boolean() {
    let yaml = "\
systems:
  - name: s
    location: NO
    access_from: [no, SE]
    datasets: [{ name: d, categories: [user] }]
";
    let inventory = load_ok(yaml);
    let d = &inventory.datasets[0];
    let region = |code: &str| term(Vocabulary::Region, code);
    assert_eq!(values(d.locations.as_ref().unwrap()), [region("NO")]);
    assert_eq!(
        values(d.access_from.as_ref().unwrap()),
        [region("NO"), region("SE")]
    );
}

#[test]
fn empty_and_comment_only_files_are_empty_inventories() {
    let inventory = load(&[
        ("a.yaml", ""),
        ("b.yaml", "# nothing yet\n\n"),
        ("c.yaml", "systems:\n"),
    ])
    .unwrap();
    assert!(inventory.systems.is_empty());
    assert_eq!(inventory.files.len(), 3);
}

#[test]
fn every_error_in_every_file_is_reported_in_order() {
    let a = "systems:\n  - name: a\n    location: Atlantis\n    purposes: [advertsing]\n";
    let b = "systems:\n  - name: b\n    retension: 1 day\n";
    let diagnostics = load(&[("b.yaml", b), ("a.yaml", a)]).unwrap_err();
    let got: Vec<(String, String, Code)> = diagnostics
        .iter()
        .map(|d| {
            (
                d.file.path().display().to_string(),
                d.location().to_string(),
                d.code,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("a.yaml".into(), "3:15".into(), Code::TermUnknown),
            ("a.yaml".into(), "4:16".into(), Code::TermUnknown),
            ("b.yaml".into(), "3:5".into(), Code::InventoryInvalid),
        ]
    );
}

#[test]
fn a_system_declared_in_two_files_points_back_at_the_first() {
    let a = "systems:\n  - name: accounts\n";
    let b = "# second file\nsystems:\n  - name: billing\n  - name: accounts\n";
    let diagnostics = load(&[("a.yaml", a), ("b.yaml", b)]).unwrap_err();
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d.code, Code::InventoryDuplicate);
    assert_eq!((d.file.path(), d.location().line), (Path::new("b.yaml"), 4));
    assert_eq!(d.message, "system `accounts` is already declared");
    let first = &d.related[0];
    assert_eq!(
        (first.file.path(), first.location().line),
        (Path::new("a.yaml"), 2)
    );
    assert_eq!(first.file.slice(first.primary.span), "accounts");
}

#[test]
fn deep_or_hostile_yaml_is_an_error_not_a_crash() {
    let deep = format!("systems: {}{}\n", "[".repeat(300), "]".repeat(300));
    let diagnostics = load(&[("deep.yaml", &deep)]).unwrap_err();
    assert_eq!(diagnostics[0].code, Code::YamlInvalid);
    let binary = load(&[("bin.yaml", "\u{0}\u{1}systems")]).unwrap_err();
    assert_eq!(binary.len(), 1);
}

#[test]
fn invalid_inventories_report_what_a_user_sees() {
    insta::glob!("inventory/err/*.yaml", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let shown = Path::new("err").join(path.file_name().unwrap());
        let file = SourceFile::new(shown, text);
        let diagnostics = inventory::load(vec![file], taxonomy())
            .err()
            .unwrap_or_else(|| panic!("{} should not load", path.display()));
        insta::assert_snapshot!(human::render(&diagnostics, Style::PLAIN));
    });
}
