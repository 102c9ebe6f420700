//! Reading Fides resource files (fideslang `dataset:`, `system:`,
//! `data_category:` ... YAML) into the same [`Inventory`] privet's own
//! format becomes, so a team points privet at its existing Fides files.
//!
//! A file is a Fides file when one of its top-level keys is a Fides
//! resource key ([`RESOURCE_KEYS`]); [`load_into`] adds such files to an
//! inventory already loaded from privet's own files. Every value keeps its
//! span in the Fides file, so findings point at the Fides YAML line.
//!
//! The reader is tolerant of keys privet does not use, as Fides has many;
//! a file that is not YAML, or a value of the wrong type, is an error with
//! a location. How each resource maps onto the inventory is described in
//! `build`; free-text retention in `retention`; older taxonomy keys in
//! `terms`; custom taxonomy entries, which extend the taxonomy before the
//! inventory is read, in `custom`.

mod bind;
mod build;
mod custom;
pub mod raw;
pub(crate) mod retention;
pub(crate) mod terms;

pub use self::custom::extend_taxonomy;

use self::bind::{Builder, Parsed};
use self::build::DatasetIndex;
use self::raw::FidesFile;
use super::{FileId, Inventory};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::SourceFile;
use crate::taxonomy::Taxonomy;
use crate::yaml;

/// Top-level keys of Fides resource files.
pub const RESOURCE_KEYS: [&str; 9] = [
    "dataset",
    "system",
    "policy",
    "organization",
    "data_category",
    "data_use",
    "data_subject",
    "registry",
    "evaluation",
];

/// Whether `file` is a Fides resource file: one of its top-level keys (a
/// key at the start of a line) is a Fides resource key. Cheap: it reads
/// lines, not YAML.
pub fn is_fides(file: &SourceFile) -> bool {
    // Only lines that start with a letter or a quote can hold a top-level
    // key; the cheap test comes first, as inventories can be large.
    file.text().lines().any(|line| {
        line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '"' || c == '\'')
            && line.split_once(':').is_some_and(|(key, _)| {
                let key = key.trim_end().trim_matches(|c| c == '"' || c == '\'');
                RESOURCE_KEYS.contains(&key)
            })
    })
}

/// Whether `file` holds a Fides `policy:` resource (a top-level `policy`
/// key), which `privet check` evaluates like commitments.
pub fn holds_policy(file: &SourceFile) -> bool {
    file.text().lines().any(|line| {
        line.strip_prefix("policy")
            .or_else(|| line.strip_prefix("\"policy\""))
            .or_else(|| line.strip_prefix("'policy'"))
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })
}

/// Adds the resources of Fides `files` to `inventory` (whose own files
/// keep their ids; these are appended after them).
///
/// Returns every diagnostic — errors (a file that is not YAML, an unknown
/// key, a missing `fides_key`) that stop the check, and warnings (a
/// renamed key read as its replacement, a retention privet cannot read) —
/// and the files as read, for their `policy:` resources
/// ([`crate::fides_policy::check`]).
pub fn load_into(inventory: &mut Inventory, files: Vec<SourceFile>, taxonomy: &Taxonomy) -> Loaded {
    let first = inventory.files.len();
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    for (offset, file) in files.iter().enumerate() {
        let id = FileId(u32::try_from(first + offset).unwrap_or(u32::MAX));
        match yaml::from_source::<Option<FidesFile>>(file) {
            Ok(raw) => parsed.push(Parsed {
                file: file.clone(),
                id,
                raw: raw.unwrap_or_default(),
            }),
            Err(error) => diagnostics.push(not_read(file, &error)),
        }
    }
    let mut builder = Builder::new(taxonomy, inventory);
    let datasets = index_datasets(&mut builder, &parsed);
    builder.systems(&parsed, &datasets);
    diagnostics.append(&mut builder.diagnostics);
    inventory.files.extend(files);
    crate::diagnostic::sort(&mut diagnostics);
    Loaded {
        diagnostics,
        files: parsed.into_iter().map(|p| (p.file, p.raw)).collect(),
    }
}

/// What [`load_into`] read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Every Fides file that is YAML, with its resources.
    pub files: Vec<(SourceFile, FidesFile)>,
}

fn not_read(file: &SourceFile, error: &yaml::YamlError) -> Diagnostic {
    Diagnostic::error(Code::YamlInvalid, file, error.span(), error.message())
        .with_label("here")
        .with_help("fix the Fides file at this place; `fides evaluate` would reject it too")
}

/// Every dataset by its `fides_key`; a key declared twice is an error.
fn index_datasets(builder: &mut Builder<'_>, files: &[Parsed]) -> DatasetIndex {
    let mut index = DatasetIndex::new();
    for (f, p) in files.iter().enumerate() {
        for (d, dataset) in p.raw.dataset.iter().flatten().enumerate() {
            let Some(key) = &dataset.value.fides_key else {
                continue;
            };
            if index.insert(key.value.clone(), (f, d)).is_some() {
                let d = Diagnostic::error(
                    Code::InventoryDuplicate,
                    &p.file,
                    p.span(key),
                    format!("dataset `{}` is declared twice", key.value),
                )
                .with_label("declared again here")
                .with_help("give each Fides dataset its own `fides_key`");
                builder.diagnostics.push(d);
            }
        }
    }
    index
}
