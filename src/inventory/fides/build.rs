//! Mapping Fides resources onto the inventory's tables.
//!
//! - A Fides system becomes a system named by its `fides_key`.
//! - Each collection of a dataset a system references (through a privacy
//!   declaration's or the system's `dataset_references`) becomes a dataset
//!   of that system named `<dataset>.<collection>`, and each field with
//!   `data_categories` a field (nested fields as `parent.child`). The
//!   purposes and data subjects of the referencing declarations are the
//!   dataset's; when one of them names no data subjects, who the data is
//!   about is not known (missing evidence, not a pass).
//! - A declaration that references no dataset becomes a dataset of its
//!   own, named after the declaration, holding its `data_categories`.
//! - A dataset no system references becomes a system of its own.
//! - `egress` to a system the Fides files do not describe becomes a
//!   recipient of unknown kind; `third_country_transfers` a recipient
//!   located in those countries.

mod fields;
mod recipients;

use std::collections::{BTreeMap, BTreeSet};

use super::bind::{Builder, Parsed};
use super::raw::{FidesDeclaration, FidesSystem};
use crate::diagnostic::{Code, Diagnostic};
use crate::inventory::{At, Dataset, Retention, Subjects, System, TermsAt};
use crate::taxonomy::Vocabulary;
use crate::yaml::YamlSpanned;

/// How deep nested fields are followed; the YAML reader bounds nesting
/// too, this keeps the walk's own bound explicit.
const MAX_FIELD_DEPTH: usize = 64;

/// Where each Fides dataset is: file index and index in that file.
pub(super) type DatasetIndex = BTreeMap<String, (usize, usize)>;

/// What the declarations referencing a dataset say about its use.
#[derive(Clone, Debug, Default)]
pub(super) struct Usage {
    purposes: Option<TermsAt>,
    subjects: Option<TermsAt>,
    subjects_unknown: bool,
    retention: Option<At<Retention>>,
    /// Where the dataset is first referenced.
    reference: Option<crate::inventory::Loc>,
}

/// What a collection's fields inherit.
pub(super) struct Inherited<'u> {
    categories: TermsAt,
    retention: Option<At<Retention>>,
    usage: &'u Usage,
}

impl Builder<'_> {
    /// Adds every system of every file, then the datasets none references.
    pub(super) fn systems(&mut self, files: &[Parsed], datasets: &DatasetIndex) {
        let known: BTreeSet<String> = files
            .iter()
            .flat_map(|p| p.raw.system.iter().flatten())
            .filter_map(|s| s.value.fides_key.as_ref().map(|k| k.value.clone()))
            .collect();
        let mut referenced = BTreeSet::new();
        for p in files {
            for system in p.raw.system.iter().flatten() {
                let (index, usages) = self.system(p, system, &known);
                self.referenced_datasets(files, datasets, (index, usages), &mut referenced);
            }
        }
        for (key, &(file, at)) in datasets {
            if !referenced.contains(key) {
                self.unreferenced(files, file, at);
            }
        }
    }

    fn system(
        &mut self,
        p: &Parsed,
        raw: &YamlSpanned<FidesSystem>,
        known: &BTreeSet<String>,
    ) -> (usize, BTreeMap<String, Usage>) {
        let s = &raw.value;
        let name = self.name(p, s.fides_key.as_ref(), raw, "system", "fides_key");
        let index = self.push_system(name);
        let mut usages = BTreeMap::new();
        for declaration in s.privacy_declarations.iter().flatten() {
            self.declaration(p, index, declaration, &mut usages);
        }
        for reference in s.dataset_references.iter().flatten() {
            let usage = usages
                .entry(reference.value.clone())
                .or_insert_with(Usage::default);
            usage.subjects_unknown |= usage.reference.is_none();
            usage.reference.get_or_insert(p.loc(reference));
        }
        self.egress(p, index, s, known);
        self.transfers(p, index, &s.third_country_transfers);
        (index, usages)
    }

    fn push_system(&mut self, name: At<String>) -> usize {
        self.inventory.systems.push(System {
            name,
            datasets: Vec::new(),
            recipients: Vec::new(),
            facts: Vec::new(),
            subjects: Subjects::default(),
        });
        self.inventory.systems.len() - 1
    }

    fn declaration(
        &mut self,
        p: &Parsed,
        system: usize,
        raw: &YamlSpanned<FidesDeclaration>,
        usages: &mut BTreeMap<String, Usage>,
    ) {
        let d = &raw.value;
        let purposes = d
            .data_use
            .as_ref()
            .and_then(|u| self.term(p, Vocabulary::DataUse, u))
            .map(|u| vec![u]);
        let subjects = self
            .terms(p, Vocabulary::DataSubject, &d.data_subjects)
            .filter(|s| !s.is_empty());
        let retention = self.retention(p, d.retention_period.as_ref());
        let references = d.dataset_references.iter().flatten();
        let mut any = false;
        for reference in references {
            any = true;
            let usage = usages.entry(reference.value.clone()).or_default();
            usage.purposes = union(usage.purposes.take(), purposes.clone());
            usage.subjects = union(usage.subjects.take(), subjects.clone());
            usage.subjects_unknown |= subjects.is_none();
            usage.retention = usage.retention.take().or_else(|| retention.clone());
            usage.reference.get_or_insert(p.loc(reference));
        }
        if !any {
            let usage = Usage {
                purposes,
                subjects,
                subjects_unknown: false,
                retention,
                reference: None,
            };
            self.declaration_dataset(p, system, raw, &usage);
        }
    }

    /// A declaration without datasets: the data it uses, held by the system.
    fn declaration_dataset(
        &mut self,
        p: &Parsed,
        system: usize,
        raw: &YamlSpanned<FidesDeclaration>,
        usage: &Usage,
    ) {
        let d = &raw.value;
        let label = d.name.as_ref().or(d.data_use.as_ref());
        let name = self.name(p, label, raw, "privacy declaration", "name");
        let categories = self
            .terms(p, Vocabulary::DataCategory, &d.data_categories)
            .unwrap_or_default();
        if categories.is_empty() {
            let span = p.span(raw);
            let d = Diagnostic::error(
                Code::InventoryInvalid,
                &p.file,
                span,
                format!(
                    "privacy declaration `{}` names no `data_categories`",
                    name.value
                ),
            )
            .with_label("no `data_categories`")
            .with_help("list the data the declaration uses, as Fides itself requires");
            self.diagnostics.push(d);
        }
        let inherited = Inherited {
            categories,
            retention: usage.retention.clone(),
            usage,
        };
        self.push_dataset(system, name, &inherited);
    }

    fn push_dataset(
        &mut self,
        system: usize,
        name: At<String>,
        inherited: &Inherited<'_>,
    ) -> usize {
        let usage = inherited.usage;
        let subjects = Subjects {
            kinds: if usage.subjects_unknown {
                None
            } else {
                usage.subjects.clone()
            },
            min_age: None,
            regions: None,
        };
        self.inventory.datasets.push(Dataset {
            system,
            name,
            engine: None,
            locations: None,
            access_from: None,
            at_rest: None,
            in_transit: None,
            subjects,
            retention: inherited.retention.clone(),
            purposes: usage.purposes.clone(),
            categories: inherited.categories.clone(),
            fields: Vec::new(),
        });
        let index = self.inventory.datasets.len() - 1;
        if let Some(s) = self.inventory.systems.get_mut(system) {
            s.datasets.push(index);
        }
        index
    }

    fn referenced_datasets(
        &mut self,
        files: &[Parsed],
        datasets: &DatasetIndex,
        (system, usages): (usize, BTreeMap<String, Usage>),
        referenced: &mut BTreeSet<String>,
    ) {
        for (key, usage) in usages {
            match datasets.get(&key) {
                Some(&(file, at)) => self.dataset(files, file, at, system, &usage),
                None => self.unknown_dataset(files, &key, &usage),
            }
            referenced.insert(key);
        }
    }

    fn unknown_dataset(&mut self, files: &[Parsed], key: &str, usage: &Usage) {
        let Some(loc) = usage.reference else {
            return;
        };
        let Some(p) = files.iter().find(|p| p.id == loc.file) else {
            return;
        };
        let d = Diagnostic::error(
            Code::InventoryInvalid,
            &p.file,
            loc.span,
            format!("dataset `{key}` is referenced but no Fides file declares it"),
        )
        .with_label("not found")
        .with_help("add the Fides dataset file to the inventory, or correct the key");
        self.diagnostics.push(d);
    }

    fn unreferenced(&mut self, files: &[Parsed], file: usize, at: usize) {
        let Some(p) = files.get(file) else { return };
        let Some(raw) = p.raw.dataset.iter().flatten().nth(at) else {
            return;
        };
        let name = self.name(p, raw.value.fides_key.as_ref(), raw, "dataset", "fides_key");
        let system = self.push_system(name);
        self.fides_dataset(
            p,
            raw,
            system,
            &Usage {
                subjects_unknown: true,
                ..Usage::default()
            },
        );
    }

    fn dataset(&mut self, files: &[Parsed], file: usize, at: usize, system: usize, usage: &Usage) {
        let Some(p) = files.get(file) else { return };
        if let Some(raw) = p.raw.dataset.iter().flatten().nth(at) {
            self.fides_dataset(p, raw, system, usage);
        }
    }
}

/// Both lists, when either is given.
fn union(a: Option<TermsAt>, b: Option<TermsAt>) -> Option<TermsAt> {
    match (a, b) {
        (Some(mut a), Some(b)) => {
            a.extend(b);
            Some(a)
        }
        (a, b) => a.or(b),
    }
}
