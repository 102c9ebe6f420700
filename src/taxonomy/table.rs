//! The per-vocabulary tables behind the taxonomy's queries, and how they
//! are precomputed from the entries.

use super::{Entry, TermId, Vocabulary, lookup};

/// The entries of one vocabulary and the tables that answer queries fast.
#[derive(Clone, Debug, Default)]
pub(super) struct Table {
    pub(super) entries: Vec<Entry>,
    /// Per entry: itself and every term it lies within, sorted by index.
    closure: Vec<Vec<u32>>,
    /// Per entry: itself and every term lying within it, sorted by index.
    descendants: Vec<Vec<u32>>,
    /// Per entry: the terms it stands for, or itself for an ordinary term.
    members: Vec<Vec<TermId>>,
    /// Per entry: itself and every event it transitively precedes, sorted.
    pub(super) follows: Vec<Vec<u32>>,
    /// Whether every entry has at most one parent, so two terms share data
    /// only when one lies within the other.
    is_tree: bool,
    /// Lookup indexes: exact ids and normalised names and aliases.
    pub(super) index: lookup::Index,
}

impl Table {
    fn closure(&self, index: u32) -> &[u32] {
        slice_at(&self.closure, index)
    }

    fn descendants(&self, index: u32) -> &[u32] {
        slice_at(&self.descendants, index)
    }

    pub(super) fn members(&self, index: u32) -> &[TermId] {
        slice_at(&self.members, index)
    }

    /// Whether ordinary term `narrower` is `broader` or lies below it.
    pub(super) fn plain_within(&self, narrower: TermId, broader: TermId) -> bool {
        self.closure(narrower.index)
            .binary_search(&broader.index)
            .is_ok()
    }

    /// Whether ordinary terms `a` and `b` have some term in common.
    pub(super) fn plain_overlap(&self, a: TermId, b: TermId) -> bool {
        if self.plain_within(a, b) || self.plain_within(b, a) {
            return true;
        }
        !self.is_tree && sorted_intersect(self.descendants(a.index), self.descendants(b.index))
    }
}

pub(super) fn slice_at<T>(lists: &[Vec<T>], index: u32) -> &[T] {
    usize::try_from(index)
        .ok()
        .and_then(|i| lists.get(i))
        .map_or(&[], Vec::as_slice)
}

/// Whether two sorted lists share an element, without allocating.
fn sorted_intersect(a: &[u32], b: &[u32]) -> bool {
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => _ = a.next(),
            std::cmp::Ordering::Greater => _ = b.next(),
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// One table per vocabulary.
#[derive(Clone, Debug, Default)]
pub(super) struct Tables {
    data_categories: Table,
    data_uses: Table,
    data_subjects: Table,
    recipient_kinds: Table,
    regions: Table,
    events: Table,
    transfer_mechanisms: Table,
    contract_kinds: Table,
}

impl Tables {
    pub(super) fn get(&self, vocabulary: Vocabulary) -> &Table {
        match vocabulary {
            Vocabulary::DataCategory => &self.data_categories,
            Vocabulary::DataUse => &self.data_uses,
            Vocabulary::DataSubject => &self.data_subjects,
            Vocabulary::RecipientKind => &self.recipient_kinds,
            Vocabulary::Region => &self.regions,
            Vocabulary::Event => &self.events,
            Vocabulary::TransferMechanism => &self.transfer_mechanisms,
            Vocabulary::ContractKind => &self.contract_kinds,
        }
    }

    pub(super) fn get_mut(&mut self, vocabulary: Vocabulary) -> &mut Table {
        match vocabulary {
            Vocabulary::DataCategory => &mut self.data_categories,
            Vocabulary::DataUse => &mut self.data_uses,
            Vocabulary::DataSubject => &mut self.data_subjects,
            Vocabulary::RecipientKind => &mut self.recipient_kinds,
            Vocabulary::Region => &mut self.regions,
            Vocabulary::Event => &mut self.events,
            Vocabulary::TransferMechanism => &mut self.transfer_mechanisms,
            Vocabulary::ContractKind => &mut self.contract_kinds,
        }
    }
}

/// Sets `seen[index]`; false if it was already set.
pub(super) fn mark(seen: &mut [bool], index: u32) -> bool {
    match usize::try_from(index).ok().and_then(|i| seen.get_mut(i)) {
        Some(flag) if !*flag => {
            *flag = true;
            true
        }
        _ => false,
    }
}

/// Finds every term reachable along `parents` or `precedes` links. An
/// explicit stack rather than recursion, since a chain of extension entries
/// can be arbitrarily long; one scratch buffer, reset after each walk, so a
/// walk costs what it reaches rather than the size of the vocabulary.
pub(super) struct Walker {
    seen: Vec<bool>,
}

impl Walker {
    /// A walker over a vocabulary of `count` entries.
    pub(super) fn new(count: usize) -> Self {
        Self {
            seen: vec![false; count],
        }
    }

    /// Every term reachable from `start` along `next`, each once, sorted.
    pub(super) fn walk<'a>(
        &mut self,
        start: &'a [TermId],
        next: impl Fn(u32) -> &'a [TermId],
    ) -> Vec<u32> {
        let mut reached = Vec::new();
        let mut stack: Vec<u32> = start.iter().map(|t| t.index).collect();
        while let Some(index) = stack.pop() {
            if mark(&mut self.seen, index) {
                reached.push(index);
                stack.extend(next(index).iter().map(|t| t.index));
            }
        }
        for &index in &reached {
            if let Some(flag) = usize::try_from(index)
                .ok()
                .and_then(|i| self.seen.get_mut(i))
            {
                *flag = false;
            }
        }
        reached.sort_unstable();
        reached
    }
}

/// Recomputes the query tables of `table` (of `vocabulary`) from its entries.
pub(super) fn derive_tables(table: &mut Table, vocabulary: Vocabulary) {
    let entries = &table.entries;
    let links = |i: u32, pick: fn(&Entry) -> &[TermId]| -> &[TermId] {
        usize::try_from(i)
            .ok()
            .and_then(|i| entries.get(i))
            .map_or(&[], pick)
    };
    let mut walker = Walker::new(entries.len());
    let mut closure = Vec::with_capacity(entries.len());
    let mut follows = Vec::with_capacity(entries.len());
    for (entry, index) in entries.iter().zip(0u32..) {
        let mut up = walker.walk(&entry.parents, |i| links(i, |e| &e.parents));
        insert_sorted(&mut up, index);
        closure.push(up);
        let mut later = walker.walk(&entry.precedes, |i| links(i, |e| &e.precedes));
        insert_sorted(&mut later, index);
        follows.push(later);
    }
    table.members = entries
        .iter()
        .zip(0u32..)
        .map(|(entry, index)| match entry.is_set() {
            true => entry.expands_to.clone(),
            false => vec![TermId { vocabulary, index }],
        })
        .collect();
    table.is_tree = entries.iter().all(|e| e.parents.len() <= 1);
    table.descendants = invert(&closure);
    table.closure = closure;
    table.follows = follows;
}

/// For each term, the terms whose closure holds it, in ascending order.
fn invert(closure: &[Vec<u32>]) -> Vec<Vec<u32>> {
    let mut descendants = vec![Vec::new(); closure.len()];
    for (ancestors, index) in closure.iter().zip(0u32..) {
        for &ancestor in ancestors {
            let list = usize::try_from(ancestor)
                .ok()
                .and_then(|a| descendants.get_mut(a));
            if let Some(list) = list {
                list.push(index);
            }
        }
    }
    descendants
}

fn insert_sorted(list: &mut Vec<u32>, value: u32) {
    if let Err(at) = list.binary_search(&value) {
        list.insert(at, value);
    }
}
