//! Lowering raw inventory files into the [`Inventory`] tables: names are
//! checked for uniqueness, terms bound (in `values`), and inheritance
//! applied — a dataset takes its system's facts and a field its dataset's,
//! unless they state their own.

use std::collections::BTreeMap;

use super::raw::{RawDataset, RawFacts, RawField, RawFile, RawRecipient, RawSystem, TermList};
use super::values::{
    ACCESS_FROM, CONTRACTS, DATASET_CATEGORIES, FIELD_CATEGORIES, LOCATION, MECHANISMS, PURPOSES,
    RECIPIENT_CATEGORIES, is_empty,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::inventory::{
    At, Dataset, Field, FileId, Inventory, Loc, Recipient, Retention, Subjects, System, TermsAt,
};
use crate::source::{SourceFile, Span};
use crate::taxonomy::{Taxonomy, TermId, Vocabulary};
use crate::yaml::{YamlSpanned, span_of};

/// The state of one [`super::load`] call: the tables built so far, the
/// system names seen in earlier files, and every diagnostic.
pub(super) struct Lowerer<'t> {
    pub(super) taxonomy: &'t Taxonomy,
    /// The `collection` event, which a period without `after` counts from.
    pub(super) collection: Option<TermId>,
    /// The file being lowered.
    pub(super) file: SourceFile,
    pub(super) file_id: FileId,
    inventory: Inventory,
    /// Each system name and where it was first declared, across files.
    pub(super) system_names: BTreeMap<String, (SourceFile, Span)>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// The facts a dataset inherits from its system and passes on to its
/// fields, each with the location its owner wrote it at.
#[derive(Clone, Debug, Default)]
struct Facts {
    locations: Option<TermsAt>,
    access_from: Option<TermsAt>,
    at_rest: Option<At<bool>>,
    in_transit: Option<At<bool>>,
    subjects: Subjects,
    retention: Option<At<Retention>>,
    purposes: Option<TermsAt>,
}

impl Facts {
    /// Where each stated fact is written.
    fn locs(&self) -> Vec<Loc> {
        let single = [
            self.at_rest.as_ref().map(|f| f.loc),
            self.in_transit.as_ref().map(|f| f.loc),
            self.subjects.min_age.as_ref().map(|f| f.loc),
            self.retention.as_ref().map(|f| f.loc),
        ];
        let lists = [
            &self.locations,
            &self.access_from,
            &self.subjects.kinds,
            &self.subjects.regions,
            &self.purposes,
        ];
        let listed = lists.into_iter().flatten().flatten().map(|t| t.loc);
        let mut locs: Vec<Loc> = single.into_iter().flatten().chain(listed).collect();
        locs.sort_unstable();
        locs
    }

    /// These facts, with each one not stated taken from `parent`.
    fn or(self, parent: &Facts) -> Facts {
        Facts {
            locations: self.locations.or_else(|| parent.locations.clone()),
            access_from: self.access_from.or_else(|| parent.access_from.clone()),
            at_rest: self.at_rest.or_else(|| parent.at_rest.clone()),
            in_transit: self.in_transit.or_else(|| parent.in_transit.clone()),
            subjects: Subjects {
                kinds: self
                    .subjects
                    .kinds
                    .or_else(|| parent.subjects.kinds.clone()),
                min_age: self
                    .subjects
                    .min_age
                    .or_else(|| parent.subjects.min_age.clone()),
                regions: self
                    .subjects
                    .regions
                    .or_else(|| parent.subjects.regions.clone()),
            },
            retention: self.retention.or_else(|| parent.retention.clone()),
            purposes: self.purposes.or_else(|| parent.purposes.clone()),
        }
    }
}

impl<'t> Lowerer<'t> {
    /// A lowerer binding terms to `taxonomy`.
    pub(super) fn new(taxonomy: &'t Taxonomy) -> Self {
        Self {
            taxonomy,
            collection: taxonomy.lookup(Vocabulary::Event, "collection"),
            file: SourceFile::new("", ""),
            file_id: FileId(0),
            inventory: Inventory::default(),
            system_names: BTreeMap::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Records a diagnostic.
    pub(super) fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// An error in the current file.
    pub(super) fn error(&self, code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, &self.file, span, message)
    }

    /// Where `span` is in the current file.
    pub(super) fn loc(&self, span: Span) -> Loc {
        Loc {
            file: self.file_id,
            span,
        }
    }

    /// The span of a value in the current file.
    pub(super) fn span<T>(&self, value: &YamlSpanned<T>) -> Span {
        span_of(&self.file, value)
    }

    /// The inventory, or every error found in any file.
    pub(super) fn finish(mut self, files: Vec<SourceFile>) -> Result<Inventory, Vec<Diagnostic>> {
        if self.diagnostics.is_empty() {
            self.inventory.files = files;
            return Ok(self.inventory);
        }
        crate::diagnostic::sort(&mut self.diagnostics);
        Err(self.diagnostics)
    }

    /// Lowers every system of one file.
    pub(super) fn file(&mut self, file: &SourceFile, id: FileId, raw: RawFile) {
        self.file = file.clone();
        self.file_id = id;
        for system in raw.systems.unwrap_or_default() {
            self.system(system);
        }
    }

    fn system(&mut self, raw: YamlSpanned<RawSystem>) {
        let item = self.span(&raw);
        let raw = raw.value;
        let facts = self.facts(&raw.facts());
        let name = self.name(raw.name, item, "system");
        self.unique_system(&name);
        let index = self.inventory.systems.len();
        let datasets = self.datasets(index, &name.value, &facts, raw.datasets);
        let recipients = self.recipients(index, &name.value, raw.recipients);
        let subjects = facts.subjects.clone();
        let facts = facts.locs();
        self.inventory.systems.push(System {
            name,
            datasets,
            recipients,
            facts,
            subjects,
        });
    }

    /// Lowers a system's datasets, each inheriting from `facts`.
    fn datasets(
        &mut self,
        system: usize,
        name: &str,
        facts: &Facts,
        raw: Option<Vec<YamlSpanned<RawDataset>>>,
    ) -> Vec<usize> {
        let raw = raw.unwrap_or_default();
        let names = raw.iter().map(|d| &d.value.name);
        self.unique(name, "dataset", "system", names);
        raw.into_iter()
            .map(|d| self.dataset(system, facts, d))
            .collect()
    }

    /// Lowers a system's recipients, which inherit nothing.
    fn recipients(
        &mut self,
        system: usize,
        name: &str,
        raw: Option<Vec<YamlSpanned<RawRecipient>>>,
    ) -> Vec<usize> {
        let raw = raw.unwrap_or_default();
        let names = raw.iter().map(|r| &r.value.name);
        self.unique(name, "recipient", "system", names);
        raw.into_iter().map(|r| self.recipient(system, r)).collect()
    }

    /// Lowers a dataset's fields, each inheriting from `facts`.
    fn fields(
        &mut self,
        dataset: usize,
        name: &str,
        facts: &Facts,
        raw: Option<Vec<YamlSpanned<RawField>>>,
    ) -> Vec<usize> {
        let raw = raw.unwrap_or_default();
        let names = raw.iter().map(|f| &f.value.name);
        self.unique(name, "field", "dataset", names);
        raw.into_iter()
            .map(|f| self.field(dataset, facts, f))
            .collect()
    }

    fn dataset(&mut self, system: usize, inherited: &Facts, raw: YamlSpanned<RawDataset>) -> usize {
        let item = self.span(&raw);
        let raw = raw.value;
        let facts = self.facts(&raw.facts()).or(inherited);
        let has_fields = raw.fields.as_ref().is_some_and(|f| !f.is_empty());
        let name = self.name(raw.name, item, "dataset");
        let categories = self.categories_of_dataset(raw.categories.as_ref(), has_fields, &name);
        let index = self.inventory.datasets.len();
        let fields = self.fields(index, &name.value, &facts, raw.fields);
        let engine = raw.engine.map(|e| {
            let span = self.span(&e);
            At::new(e.value, self.loc(span))
        });
        self.inventory.datasets.push(Dataset {
            system,
            name,
            engine,
            locations: facts.locations,
            access_from: facts.access_from,
            at_rest: facts.at_rest,
            in_transit: facts.in_transit,
            subjects: facts.subjects,
            retention: facts.retention,
            purposes: facts.purposes,
            categories,
            fields,
        });
        index
    }

    /// The dataset's own categories; a dataset with neither categories nor
    /// fields would hold nothing a commitment could apply to, so it is an
    /// error rather than a store that escapes every check.
    fn categories_of_dataset(
        &mut self,
        categories: Option<&TermList>,
        has_fields: bool,
        name: &At<String>,
    ) -> TermsAt {
        if !has_fields && categories.is_none_or(|c| is_empty(&c.value)) {
            let d = self
                .error(
                    Code::InventoryInvalid,
                    name.loc.span,
                    format!("dataset `{}` says neither which fields nor which data it holds", name.value),
                )
                .with_label("no `fields` and no `categories`")
                .with_help("list its `fields` with their `categories`, or give the dataset's own `categories` if it is described without fields");
            self.report(d);
        }
        self.terms(DATASET_CATEGORIES, categories)
            .unwrap_or_default()
    }

    fn field(&mut self, dataset: usize, inherited: &Facts, raw: YamlSpanned<RawField>) -> usize {
        let item = self.span(&raw);
        let raw = raw.value;
        let name = self.name(raw.name, item, "field");
        let categories = self.required_categories(raw.categories.as_ref(), &name);
        let purposes = self.terms(PURPOSES, raw.purposes.as_ref());
        let retention = self.retention(raw.retention.as_ref());
        let link_key = self.flag(raw.link_key.as_ref());
        let index = self.inventory.fields.len();
        self.inventory.fields.push(Field {
            dataset,
            name,
            categories,
            purposes: purposes.or_else(|| inherited.purposes.clone()),
            retention: retention.or_else(|| inherited.retention.clone()),
            link_key,
        });
        index
    }

    /// A field's categories, which must be given: a field whose data is not
    /// known cannot be checked against any commitment.
    fn required_categories(&mut self, raw: Option<&TermList>, name: &At<String>) -> TermsAt {
        if raw.is_none() {
            let d = self
                .error(Code::InventoryInvalid, name.loc.span, format!("field `{}` has no `categories`", name.value))
                .with_label("no `categories`")
                .with_help("say what data the field holds, for example `categories: [user.contact.email]` or `categories: [contact data]`");
            self.report(d);
        }
        self.terms(FIELD_CATEGORIES, raw).unwrap_or_default()
    }

    fn recipient(&mut self, system: usize, raw: YamlSpanned<RawRecipient>) -> usize {
        let item = self.span(&raw);
        let raw = raw.value;
        let name = self.name(raw.name, item, "recipient");
        let recipient = Recipient {
            system,
            name,
            kind: raw
                .kind
                .as_ref()
                .and_then(|k| self.term(Vocabulary::RecipientKind, k)),
            // Omitted means everything the system holds; `[]` would read as
            // "nothing" and is refused.
            categories: self
                .terms(RECIPIENT_CATEGORIES, raw.categories.as_ref())
                .unwrap_or_default(),
            purposes: self.terms(PURPOSES, raw.purposes.as_ref()),
            locations: self.terms(LOCATION, raw.location.as_ref()),
            sale: self.flag(raw.sale.as_ref()),
            sharing: self.flag(raw.sharing.as_ref()),
            // `[]` is a statement here: no contract, no mechanism on record.
            contracts: self.terms(CONTRACTS, raw.contracts.as_ref()),
            mechanisms: self.terms(MECHANISMS, raw.transfer_mechanisms.as_ref()),
        };
        let index = self.inventory.recipients.len();
        self.inventory.recipients.push(recipient);
        index
    }

    /// The facts a system or dataset states itself.
    fn facts(&mut self, raw: &RawFacts<'_>) -> Facts {
        let encryption = raw.encryption;
        Facts {
            locations: self.terms(LOCATION, raw.location),
            access_from: self.terms(ACCESS_FROM, raw.access_from),
            at_rest: self.flag(encryption.and_then(|e| e.at_rest.as_ref())),
            in_transit: self.flag(encryption.and_then(|e| e.in_transit.as_ref())),
            subjects: self.subjects(raw.subjects),
            retention: self.retention(raw.retention),
            purposes: self.terms(PURPOSES, raw.purposes),
        }
    }
}
