//! Resolving the references between new entries: parents, term-set
//! members, replacements and event order.

use super::build::Builder;
use super::error::{EntryError, EntryErrorKind};
use super::schema::RawEntry;
use super::table::{Walker, mark};
use super::{TermId, Vocabulary};
use crate::source::Span;
use crate::yaml::YamlSpanned;

impl Builder<'_> {
    /// Resolves the entry's references; returns the span to blame for each
    /// parent if they turn out to form a loop.
    pub(super) fn resolve(&mut self, raw: &RawEntry, index: u32) -> Result<Vec<Span>, EntryError> {
        let mut parents = Vec::new();
        let mut spans = Vec::new();
        for within in &raw.within {
            parents.push(self.resolve_parent(within, index)?);
            spans.push(self.span(within));
        }
        if raw.within.is_empty()
            && raw.expands_to.is_empty()
            && let Some((prefix, _)) = raw.id.value.rsplit_once('.')
        {
            let implied = YamlSpanned {
                value: prefix.to_owned(),
                referenced: raw.id.referenced,
                defined: raw.id.defined,
            };
            let parent =
                self.resolve_parent(&implied, index)
                    .map_err(|error| match error.kind() {
                        EntryErrorKind::UnknownReference => {
                            self.unknown_implied_parent(raw, prefix)
                        }
                        _ => error,
                    })?;
            parents.push(parent);
            spans.push(self.span(&raw.id));
        }
        let deprecated_by = match &raw.deprecated_by {
            Some(reference) => Some(self.resolve_replacement(reference, index)?),
            None => None,
        };
        let precedes = self.resolve_all(&raw.precedes, "precedes")?;
        self.update(index, |entry| {
            entry.parents = parents;
            entry.deprecated_by = deprecated_by;
            entry.precedes = precedes;
        });
        Ok(spans)
    }

    /// The error for a dotted id whose prefix names no entry.
    fn unknown_implied_parent(&self, raw: &RawEntry, prefix: &str) -> EntryError {
        let (id, noun) = (&raw.id.value, self.vocabulary.noun());
        let message = format!("`{id}` implies a parent `{prefix}`, which is not a known {noun}");
        self.error(
            EntryErrorKind::UnknownReference,
            self.span(&raw.id),
            message,
        )
        .with_help(format!(
            "define `{prefix}` as well, or name the parent with `within`"
        ))
    }

    /// Resolves every id in `references`, written under `key`.
    pub(super) fn resolve_all(
        &self,
        references: &[YamlSpanned<String>],
        key: &str,
    ) -> Result<Vec<TermId>, EntryError> {
        references
            .iter()
            .map(|reference| self.resolve_reference(reference, key))
            .collect()
    }

    /// A parent must be an ordinary term other than the entry itself.
    fn resolve_parent(
        &self,
        reference: &YamlSpanned<String>,
        index: u32,
    ) -> Result<TermId, EntryError> {
        let parent = self.resolve_reference(reference, "within")?;
        let span = self.span(reference);
        let name = &reference.value;
        if parent.index == index {
            let message = format!("`{name}` cannot lie within itself");
            return Err(self.error(EntryErrorKind::Cycle, span, message));
        }
        if self.entry_at(parent.index).is_set() {
            let message = format!("`{name}` is a term set, so nothing can lie within it");
            return Err(self
                .error(EntryErrorKind::Invalid, span, message)
                .with_help("name one of the terms the set stands for instead"));
        }
        Ok(parent)
    }

    /// A replacement must be another term.
    fn resolve_replacement(
        &self,
        reference: &YamlSpanned<String>,
        index: u32,
    ) -> Result<TermId, EntryError> {
        let replacement = self.resolve_reference(reference, "deprecated_by")?;
        if replacement.index == index {
            let message = format!("`{}` cannot replace itself", reference.value);
            let span = self.span(reference);
            return Err(self.error(EntryErrorKind::Cycle, span, message));
        }
        Ok(replacement)
    }

    /// Resolves an id written under `key` to a term of this vocabulary.
    fn resolve_reference(
        &self,
        reference: &YamlSpanned<String>,
        key: &str,
    ) -> Result<TermId, EntryError> {
        let text = reference.value.trim();
        let found = self.table.index.id(text).or_else(|| {
            let case_free = !text.contains('.') || self.vocabulary == Vocabulary::Region;
            case_free
                .then(|| self.table.index.folded_id(text))
                .flatten()
        });
        if let Some(index) = found {
            return Ok(self.term(index));
        }
        let noun = self.vocabulary.noun();
        let message = format!("`{text}` in `{key}` is not a known {noun} id");
        let error = self.error(
            EntryErrorKind::UnknownReference,
            self.span(reference),
            message,
        );
        let help = match self.table.lookup(self.vocabulary, text) {
            Some(index) => format!("`{text}` is a name; write its id `{}`", self.id_of(index)),
            None => match self.table.suggest(self.vocabulary, text) {
                Some(suggestion) => match self.table.lookup(self.vocabulary, &suggestion) {
                    Some(index) => format!("did you mean `{}`?", self.id_of(index)),
                    None => format!("did you mean `{suggestion}`?"),
                },
                None => format!("define `{text}` in this file, or use a built-in {noun} id"),
            },
        };
        Err(error.with_help(help))
    }

    /// Replaces each new term set's members by the ordinary terms they
    /// stand for, following sets within sets.
    pub(super) fn flatten_sets(&mut self, entries: &[RawEntry]) -> Result<(), EntryError> {
        for (raw, index) in entries.iter().zip(self.new_indices()) {
            let start = self.term(index);
            let mut members = Vec::new();
            let mut stack: Vec<TermId> = self.entry_at(index).expands_to.clone();
            let mut seen = vec![false; self.table.entries.len()];
            while let Some(term) = stack.pop() {
                if term == start {
                    let message = format!("term set `{}` expands to itself", raw.id.value);
                    let span = raw
                        .expands_to
                        .first()
                        .map_or(self.span(&raw.id), |r| self.span(r));
                    return Err(self.error(EntryErrorKind::Cycle, span, message));
                }
                if !mark(&mut seen, term.index) {
                    continue;
                }
                let inner = &self.entry_at(term.index).expands_to;
                match inner.is_empty() {
                    true => members.push(term),
                    false => stack.extend(inner.iter().copied()),
                }
            }
            members.sort();
            self.update(index, |entry| entry.expands_to = members);
        }
        Ok(())
    }

    /// Rejects a new entry that lies within itself through its parents.
    pub(super) fn check_cycles(&self, parent_spans: &[Vec<Span>]) -> Result<(), EntryError> {
        let mut walker = Walker::new(self.table.entries.len());
        for (spans, index) in parent_spans.iter().zip(self.new_indices()) {
            let parents = &self.entry_at(index).parents;
            let reached = walker.walk(parents, |i| &self.entry_at(i).parents);
            if reached.binary_search(&index).is_ok() {
                let id = self.id_of(index);
                let span = spans.first().copied().unwrap_or_default();
                let message = format!("`{id}` lies within itself through `within`");
                return Err(self
                    .error(EntryErrorKind::Cycle, span, message)
                    .with_help("remove one of the `within` links that form the loop"));
            }
        }
        Ok(())
    }
}
