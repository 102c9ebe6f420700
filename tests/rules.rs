//! Every shipped policy encoding in `rules/` parses and resolves cleanly,
//! with the taxonomy extension of its example project when it has one
//! (`examples/<company>/taxonomy.yaml`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use std::path::Path;

use privet::render::human::{self, Style};
use privet::source::SourceFile;
use privet::taxonomy::Taxonomy;

fn taxonomy_for(company: &str) -> Taxonomy {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let extension = root.join("examples").join(company).join("taxonomy.yaml");
    if !extension.exists() {
        return Taxonomy::builtin().clone();
    }
    let file = SourceFile::new("taxonomy.yaml", std::fs::read_to_string(extension).unwrap());
    Taxonomy::builtin().extended(&file).unwrap()
}

#[test]
fn every_rules_file_resolves() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "privet") {
            continue;
        }
        let company = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let file = SourceFile::new(format!("rules/{company}.privet"), text);
        let rules = privet::rules::load(&[file], &taxonomy_for(&company));
        assert!(
            rules.diagnostics.is_empty(),
            "{}",
            human::render(&rules.diagnostics, Style::PLAIN)
        );
        assert_eq!(rules.policies.len(), 1, "{company}");
        checked += 1;
    }
    assert_eq!(checked, 5, "rules/ should hold the five source policies");
}
