//! An index of the inventory by data category, built once per run.
//!
//! A statement's data selector is matched against the distinct categories
//! the inventory declares (a few hundred at most), not against every field,
//! so checking stays linear in the size of the inventory.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::inventory::Inventory;
use crate::policy::DataSelector;
use crate::taxonomy::{Taxonomy, TermId};

/// Fields, datasets and recipients grouped by the categories they hold.
#[derive(Debug, Default)]
pub struct Index {
    fields: BTreeMap<TermId, Vec<usize>>,
    datasets: BTreeMap<TermId, Vec<usize>>,
    /// Keyed by every category each recipient receives (its own list, or
    /// all of its system's data when it names none).
    recipients: BTreeMap<TermId, Vec<usize>>,
    /// What each recipient receives, by recipient index.
    received: Vec<Vec<TermId>>,
    /// The distinct categories each dataset holds (its own and its
    /// fields'), sorted, by dataset index.
    held: Vec<Vec<TermId>>,
    /// What each selector matched, by its included and excepted terms:
    /// policies repeat the same data words across many statements, and
    /// gathering a match is the costly part of a statement over a large
    /// inventory.
    selected: Mutex<BTreeMap<SelectorKey, Arc<Matched>>>,
}

/// A selector's meaning without its location.
type SelectorKey = (Vec<TermId>, Vec<TermId>);

/// What a selector matched, each list sorted and without duplicates.
#[derive(Debug, Default)]
pub struct Matched {
    /// Fields holding the data.
    pub fields: Vec<usize>,
    /// Datasets holding the data (in a field or at dataset level).
    pub datasets: Vec<usize>,
    /// Recipients receiving the data.
    pub recipients: Vec<usize>,
}

impl Matched {
    /// Whether no store holds the data and no recipient receives it (a
    /// browser tag may send data to a vendor without any store of ours).
    pub fn holds_nothing(&self) -> bool {
        self.datasets.is_empty() && self.recipients.is_empty()
    }
}

impl Index {
    /// Indexes `inventory`.
    pub fn build(inventory: &Inventory) -> Self {
        let mut index = Index::default();
        for (i, field) in inventory.fields.iter().enumerate() {
            for c in &field.categories {
                index.fields.entry(c.value).or_default().push(i);
            }
        }
        for (i, dataset) in inventory.datasets.iter().enumerate() {
            for c in &dataset.categories {
                index.datasets.entry(c.value).or_default().push(i);
            }
            let mut held: Vec<TermId> = dataset_categories(inventory, dataset).collect();
            held.sort_unstable();
            held.dedup();
            index.held.push(held);
        }
        for (i, recipient) in inventory.recipients.iter().enumerate() {
            let categories = index.received_by(inventory, recipient.system, &recipient.categories);
            for &c in &categories {
                index.recipients.entry(c).or_default().push(i);
            }
            index.received.push(categories);
        }
        index
    }

    /// The categories recipient `r` receives.
    pub fn received(&self, r: usize) -> &[TermId] {
        self.received.get(r).map_or(&[], Vec::as_slice)
    }

    /// Each category fields declare, with the fields declaring it.
    pub fn fields_by_category(&self) -> impl Iterator<Item = (TermId, &[usize])> {
        self.fields.iter().map(|(c, items)| (*c, items.as_slice()))
    }

    /// Each category datasets declare at dataset level, with the datasets.
    pub fn datasets_by_category(&self) -> impl Iterator<Item = (TermId, &[usize])> {
        self.datasets
            .iter()
            .map(|(c, items)| (*c, items.as_slice()))
    }

    /// The distinct categories dataset `d` holds, in it or its fields.
    pub fn held(&self, d: usize) -> &[TermId] {
        self.held.get(d).map_or(&[], Vec::as_slice)
    }

    /// A recipient's own categories, or everything its system holds.
    fn received_by(
        &self,
        inventory: &Inventory,
        system: usize,
        own: &[crate::inventory::At<TermId>],
    ) -> Vec<TermId> {
        let mut out: Vec<TermId> = if own.is_empty() {
            let datasets = inventory
                .systems
                .get(system)
                .map_or(&[][..], |s| s.datasets.as_slice());
            datasets
                .iter()
                .flat_map(|&d| self.held(d).iter().copied())
                .collect()
        } else {
            own.iter().map(|c| c.value).collect()
        };
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Everything holding or receiving data the selector covers, computed
    /// once per distinct selector.
    pub fn select(
        &self,
        inventory: &Inventory,
        taxonomy: &Taxonomy,
        data: &DataSelector,
    ) -> Arc<Matched> {
        let ids = |terms: &crate::policy::Terms| terms.iter().map(|t| t.value).collect();
        let key = (ids(&data.include), ids(&data.except));
        if let Some(hit) = self.selected().get(&key) {
            return Arc::clone(hit);
        }
        // Two threads may compute the same selector at once; both results
        // are equal, and the first stored wins.
        let matched = Arc::new(self.compute(inventory, taxonomy, data));
        Arc::clone(self.selected().entry(key).or_insert(matched))
    }

    fn selected(&self) -> MutexGuard<'_, BTreeMap<SelectorKey, Arc<Matched>>> {
        // The map only ever gains complete entries, so a panic elsewhere
        // cannot leave it half-written.
        self.selected.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn compute(&self, inventory: &Inventory, taxonomy: &Taxonomy, data: &DataSelector) -> Matched {
        let covers = |c: &TermId| covered(taxonomy, data, *c);
        let mut matched = Matched {
            fields: collect(&self.fields, covers),
            datasets: collect(&self.datasets, covers),
            recipients: collect(&self.recipients, covers),
        };
        let from_fields = matched
            .fields
            .iter()
            .filter_map(|&f| inventory.fields.get(f));
        matched.datasets.extend(from_fields.map(|f| f.dataset));
        matched.datasets.sort_unstable();
        matched.datasets.dedup();
        matched
    }
}

/// Whether category `c` is data the selector is about: it overlaps an
/// included term (a broad declaration such as `user` may hold contact data)
/// and is not wholly inside an excepted one.
pub fn covered(taxonomy: &Taxonomy, data: &DataSelector, c: TermId) -> bool {
    data.include.iter().any(|i| taxonomy.overlaps(c, i.value))
        && !data.except.iter().any(|e| taxonomy.is_within(c, e.value))
}

fn collect(map: &BTreeMap<TermId, Vec<usize>>, covers: impl Fn(&TermId) -> bool) -> Vec<usize> {
    let mut out: Vec<usize> = map
        .iter()
        .filter(|(c, _)| covers(c))
        .flat_map(|(_, items)| items.iter().copied())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Every category a dataset holds, at dataset level or in its fields.
fn dataset_categories<'a>(
    inventory: &'a Inventory,
    dataset: &'a crate::inventory::Dataset,
) -> impl Iterator<Item = TermId> + 'a {
    let fields = dataset
        .fields
        .iter()
        .filter_map(|&f| inventory.fields.get(f));
    let in_fields = fields.flat_map(|f| f.categories.iter().map(|c| c.value));
    dataset.categories.iter().map(|c| c.value).chain(in_fields)
}
