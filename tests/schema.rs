//! `privet schema`: the printed JSON Schemas are pinned, valid draft
//! 2020-12, accept every inventory and project file privet ships, and
//! refuse what the loader refuses.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use jsonschema::Validator;
use privet::source::SourceFile;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `privet schema <format>`'s standard output, after checking it exits 0
/// and prints nothing on standard error.
fn printed_schema(format: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_privet"))
        .args(["schema", format])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    String::from_utf8(output.stdout).unwrap()
}

fn validator(format: &str) -> Validator {
    let schema: Value = serde_json::from_str(&printed_schema(format)).unwrap();
    jsonschema::meta::validate(&schema).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// The schema read as draft-07, the draft yaml-language-server implements:
/// it must mean the same there.
fn draft_07_validator(format: &str) -> Validator {
    let mut schema: Value = serde_json::from_str(&printed_schema(format)).unwrap();
    schema["$schema"] = "http://json-schema.org/draft-07/schema#".into();
    jsonschema::meta::validate(&schema).unwrap();
    jsonschema::draft7::new(&schema).unwrap()
}

/// A YAML file read as privet reads YAML (same adapter, YAML 1.2 scalars),
/// as a JSON value; an empty file is `null`.
fn yaml_as_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let file = SourceFile::new(path.display().to_string(), text);
    privet::yaml::from_source::<Option<Value>>(&file)
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
        .unwrap_or(Value::Null)
}

/// Every way `instance` breaks the schema, one line each.
fn violations(validator: &Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect()
}

fn yaml_files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            )
        })
        .collect();
    files.sort();
    files
}

/// The fixture folders under `tests/fixtures/` that privet checks without
/// an error in their input (`bad-*` ones are broken on purpose).
fn good_fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(Path::new(ROOT).join("tests/fixtures"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            !path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("bad-")
        })
        .collect();
    dirs.sort();
    dirs
}

fn example_projects() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(Path::new(ROOT).join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Asserts each file is valid under the schema and that there were at
/// least `at_least` of them (a glob that finds nothing proves nothing).
fn assert_all_valid(validator: &Validator, files: &[PathBuf], at_least: usize) {
    let failures: Vec<String> = files
        .iter()
        .flat_map(|path| {
            let shown = path
                .strip_prefix(ROOT)
                .unwrap_or(path)
                .display()
                .to_string();
            let instance = yaml_as_json(path);
            violations(validator, &instance)
                .into_iter()
                .map(move |v| format!("{shown} {v}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        files.len() >= at_least,
        "only {} files: {files:?}",
        files.len()
    );
}

fn pinned(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("schema");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn the_inventory_schema_is_pinned() {
    pinned("inventory", &printed_schema("inventory"));
}

#[test]
fn the_project_schema_is_pinned() {
    pinned("project", &printed_schema("project"));
}

#[test]
fn the_schemas_are_draft_2020_12_and_describe_every_key() {
    for format in ["inventory", "project"] {
        let schema: Value = serde_json::from_str(&printed_schema(format)).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        jsonschema::meta::validate(&schema).unwrap();
        let mut objects = vec![&schema];
        objects.extend(schema["$defs"].as_object().unwrap().values());
        for object in objects {
            for (key, property) in object["properties"].as_object().into_iter().flatten() {
                let description = property["description"].as_str().unwrap_or_default();
                assert!(
                    !description.is_empty(),
                    "{format}: `{key}` has no description"
                );
                assert!(
                    !description.contains('\n'),
                    "{format}: `{key}`: {description:?}"
                );
            }
        }
    }
}

/// The inventories of the examples and of the good fixtures, and the
/// inventory format's documented example.
fn shipped_inventories() -> Vec<PathBuf> {
    let mut files = vec![Path::new(ROOT).join("tests/inventory/example.yaml")];
    for project in example_projects() {
        files.extend(yaml_files_in(&project.join("inventory")));
    }
    for fixture in good_fixtures() {
        let inventory = fixture.join("inventory.yaml");
        files.extend(inventory.is_file().then_some(inventory));
    }
    files
}

fn shipped_project_files() -> Vec<PathBuf> {
    example_projects()
        .into_iter()
        .chain(good_fixtures())
        .map(|dir| dir.join("privet.yaml"))
        .filter(|path| path.is_file())
        .collect()
}

#[test]
fn every_shipped_inventory_is_valid() {
    assert_all_valid(&validator("inventory"), &shipped_inventories(), 80);
}

#[test]
fn every_shipped_project_file_is_valid() {
    assert_all_valid(&validator("project"), &shipped_project_files(), 10);
}

#[test]
fn the_schemas_mean_the_same_to_a_draft_07_validator() {
    let inventory = draft_07_validator("inventory");
    assert_all_valid(&inventory, &shipped_inventories(), 80);
    assert_all_valid(&draft_07_validator("project"), &shipped_project_files(), 10);
    let path = Path::new(ROOT).join("tests/fixtures/bad-inventory-unknown-key/inventory.yaml");
    let found = violations(&inventory, &yaml_as_json(&path));
    assert!(found.iter().any(|v| v.contains("retension")), "{found:?}");
}

/// Runs `text` through the inventory schema.
fn inventory_violations(text: &str) -> Vec<String> {
    let file = SourceFile::new("inventory.yaml", text);
    let instance: Value = privet::yaml::from_source(&file).unwrap();
    violations(&validator("inventory"), &instance)
}

#[test]
fn the_inventory_schema_refuses_what_the_loader_refuses() {
    let misspelled = "systems:\n  - name: a\n    retension: 30 days\n";
    let found = inventory_violations(misspelled);
    assert!(found.iter().any(|v| v.contains("retension")), "{found:?}");

    let nameless = "systems:\n  - location: US\n";
    let found = inventory_violations(nameless);
    assert!(
        found
            .iter()
            .any(|v| v.contains("\"name\" is a required property")),
        "{found:?}"
    );

    let fields_without_categories = "systems:\n  - name: a\n    datasets:\n      - name: d\n        fields:\n          - name: f\n";
    let found = inventory_violations(fields_without_categories);
    assert!(
        found.iter().any(|v| v.contains("\"categories\"")),
        "{found:?}"
    );

    let bad_retention = "systems:\n  - name: a\n    retention: { period: 6 months, for: ever }\n";
    assert!(!inventory_violations(bad_retention).is_empty());

    let bad_age = "systems:\n  - name: a\n    subjects: { min_age: 300 }\n";
    assert!(!inventory_violations(bad_age).is_empty());

    let not_a_flag = "systems:\n  - name: a\n    recipients: [{ name: r, sale: maybe }]\n";
    assert!(!inventory_violations(not_a_flag).is_empty());
}

#[test]
fn the_misspelled_key_fixture_is_refused_at_the_same_key() {
    let path = Path::new(ROOT).join("tests/fixtures/bad-inventory-unknown-key/inventory.yaml");
    let found = violations(&validator("inventory"), &yaml_as_json(&path));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("at `/systems/0/datasets/0`"),
        "{found:?}"
    );
    assert!(found[0].contains("retension"), "{found:?}");
}

#[test]
fn the_inventory_schema_accepts_each_written_form() {
    let forms = "systems:\n  - name: a\n    location: US\n    access_from: [US, EE]\n    retention: indefinite\n    subjects: { min_age: \"16\", kinds: customer }\n    datasets:\n      - name: d\n        retention: { until: account closed }\n        categories: [user.contact]\n        fields:\n          - name: f\n            categories: email address\n            retention: { period: 6 months, after: last login }\n            link_key: true\n";
    assert_eq!(inventory_violations(forms), Vec::<String>::new());
    assert_eq!(inventory_violations("systems: []\n"), Vec::<String>::new());
}

#[test]
fn the_project_schema_lists_codes_and_severities() {
    let validator = validator("project");
    let good = serde_json::json!({
        "rules": "rules",
        "inventory": ["inventory", "legacy/inventory"],
        "severity": { "privet::evidence::missing": "warning" }
    });
    assert_eq!(violations(&validator, &good), Vec::<String>::new());
    let bad = serde_json::json!({ "severity": { "privet::no::such_code": "loud" } });
    let found = violations(&validator, &bad);
    assert!(
        found.iter().any(|v| v.contains("privet::no::such_code")),
        "{found:?}"
    );
    assert!(found.iter().any(|v| v.contains("loud")), "{found:?}");
}
