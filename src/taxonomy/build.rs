//! Turning a taxonomy file into tables: checking every entry, resolving its
//! references and precomputing the hierarchy.

use super::error::{EntryError, EntryErrorKind};
use super::lookup::normalise;
use super::schema::{RawEntry, TaxonomyFile};
use super::table::{Table, derive_tables};
use super::{Entry, Origin, Taxonomy, TaxonomyError, TermId, Vocabulary};
use crate::source::{SourceFile, Span};
use crate::yaml::{self, YamlSpanned, span_of};

/// `base` extended with the entries of `file`; `builtin` marks them as
/// privet's own rather than a project's.
pub(super) fn extend(
    base: &Taxonomy,
    file: &SourceFile,
    builtin: bool,
) -> Result<Taxonomy, TaxonomyError> {
    let raw: TaxonomyFile = yaml::from_source(file)?;
    extend_parsed(base, file, &raw, builtin)
}

/// [`extend`] with the file already read into `raw`.
pub(super) fn extend_parsed(
    base: &Taxonomy,
    file: &SourceFile,
    raw: &TaxonomyFile,
    builtin: bool,
) -> Result<Taxonomy, TaxonomyError> {
    let mut taxonomy = base.clone();
    for vocabulary in Vocabulary::ALL {
        add_entries(
            &mut taxonomy,
            file,
            vocabulary,
            raw.section(vocabulary),
            builtin,
        )?;
    }
    Ok(taxonomy)
}

/// Adds `entries` of one vocabulary, read from `file`, to `taxonomy`.
fn add_entries(
    taxonomy: &mut Taxonomy,
    file: &SourceFile,
    vocabulary: Vocabulary,
    entries: &[RawEntry],
    builtin: bool,
) -> Result<(), TaxonomyError> {
    if entries.is_empty() {
        return Ok(());
    }
    let table = taxonomy.tables.get_mut(vocabulary);
    let builder = Builder {
        file,
        vocabulary,
        builtin,
        first_new: table.entries.len(),
        table,
    };
    Ok(builder.add(entries)?)
}

/// `base` extended with the terms another format declares, batch by
/// batch (see [`Taxonomy::with_declared`]).
pub(super) fn extend_declared(
    base: &Taxonomy,
    batches: &[(&SourceFile, Vec<super::DeclaredTerm>)],
) -> (Taxonomy, Vec<TaxonomyError>) {
    let mut taxonomy = base.clone();
    let mut errors = Vec::new();
    let mut added: Vec<usize> = Vec::new();
    for (index, batch) in batches.iter().enumerate() {
        match add_declared(&mut taxonomy, batch) {
            Ok(()) => added.push(index),
            Err(error) => {
                errors.push(error);
                // A failed batch may leave a table half built: start again
                // from `base` with the batches that were added. Failures
                // are rare, so this is cheaper than saving every table.
                taxonomy = base.clone();
                for batch in added.iter().filter_map(|&i| batches.get(i)) {
                    let _ = add_declared(&mut taxonomy, batch);
                }
                if errors.len() >= MAX_DECLARED_ERRORS {
                    break;
                }
            }
        }
    }
    (taxonomy, errors)
}

/// How many failed batches [`extend_declared`] reports before it stops,
/// so that a run of bad batches does not rebuild the taxonomy each time.
const MAX_DECLARED_ERRORS: usize = 16;

fn add_declared(
    taxonomy: &mut Taxonomy,
    (file, terms): &(&SourceFile, Vec<super::DeclaredTerm>),
) -> Result<(), TaxonomyError> {
    for vocabulary in Vocabulary::ALL {
        let entries: Vec<RawEntry> = terms
            .iter()
            .filter(|t| t.vocabulary == vocabulary)
            .map(declared_entry)
            .collect();
        add_entries(taxonomy, file, vocabulary, &entries, false)?;
    }
    Ok(())
}

/// A declared term as an entry named by its id alone.
fn declared_entry(term: &super::DeclaredTerm) -> RawEntry {
    let at = |value: String| YamlSpanned {
        value,
        referenced: term.id.referenced,
        defined: term.id.defined,
    };
    RawEntry {
        id: at(term.id.value.clone()),
        name: at(term.id.value.clone()),
        description: at(term.description.clone().unwrap_or_default()),
        aliases: Vec::new(),
        within: term.within.iter().cloned().collect(),
        expands_to: Vec::new(),
        requires_age: None,
        deprecated_by: None,
        precedes: Vec::new(),
    }
}

/// Adds one file's entries of one vocabulary to its table.
pub(super) struct Builder<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) vocabulary: Vocabulary,
    builtin: bool,
    first_new: usize,
    pub(super) table: &'a mut Table,
}

impl Builder<'_> {
    fn add(mut self, entries: &[RawEntry]) -> Result<(), EntryError> {
        for raw in entries {
            self.check_fields(raw)?;
            self.add_id(raw)?;
        }
        for (raw, index) in entries.iter().zip(self.new_indices()) {
            self.add_words(raw, index)?;
        }
        // Members first, so that every entry is known to be a set or not
        // before any `within` is checked.
        for (raw, index) in entries.iter().zip(self.new_indices()) {
            let members = self.resolve_all(&raw.expands_to, "expands_to")?;
            self.update(index, |entry| entry.expands_to = members);
        }
        let mut parent_spans = Vec::new();
        for (raw, index) in entries.iter().zip(self.new_indices()) {
            parent_spans.push(self.resolve(raw, index)?);
        }
        self.flatten_sets(entries)?;
        self.check_cycles(&parent_spans)?;
        derive_tables(self.table, self.vocabulary);
        Ok(())
    }

    pub(super) fn new_indices(&self) -> impl Iterator<Item = u32> + use<> {
        (self.first_new..usize::MAX).map_while(|i| u32::try_from(i).ok())
    }

    pub(super) fn error(&self, kind: EntryErrorKind, span: Span, message: String) -> EntryError {
        EntryError::new(kind, self.file, span, message)
    }

    pub(super) fn span<T>(&self, value: &YamlSpanned<T>) -> Span {
        span_of(self.file, value)
    }

    pub(super) fn term(&self, index: u32) -> TermId {
        TermId {
            vocabulary: self.vocabulary,
            index,
        }
    }

    pub(super) fn id_of(&self, index: u32) -> &str {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.table.entries.get(i))
            .map_or("", |entry| entry.id.as_str())
    }

    /// Rejects malformed values and keys that do not apply to this vocabulary.
    fn check_fields(&self, raw: &RawEntry) -> Result<(), EntryError> {
        let invalid = |span, message: String| self.error(EntryErrorKind::Invalid, span, message);
        let id = &raw.id.value;
        if !is_valid_id(id) {
            return Err(
                invalid(self.span(&raw.id), format!("`{id}` is not a valid id"))
                    .with_help("ids use letters, digits, `_` and `-`, with `.` between parts"),
            );
        }
        if raw.name.value.trim().is_empty() {
            return Err(invalid(
                self.span(&raw.name),
                format!("`{id}` has an empty name"),
            ));
        }
        if let Some(age) = &raw.requires_age
            && self.vocabulary != Vocabulary::DataSubject
        {
            let message = "`requires_age` only applies to data subjects".to_owned();
            return Err(invalid(self.span(age), message));
        }
        if let Some(first) = raw.precedes.first()
            && self.vocabulary != Vocabulary::Event
        {
            let message = "`precedes` only applies to events".to_owned();
            return Err(invalid(self.span(first), message));
        }
        if let Some(first) = raw.within.first()
            && !raw.expands_to.is_empty()
        {
            let message = format!("term set `{id}` cannot also lie `within` another term");
            return Err(invalid(self.span(first), message)
                .with_help("a term set lies wherever its members do; remove `within`"));
        }
        Ok(())
    }

    /// Registers the entry's id, rejecting one already in use.
    fn add_id(&mut self, raw: &RawEntry) -> Result<(), EntryError> {
        let id = raw.id.value.as_str();
        let existing = self.table.index.id(id).or_else(|| match id.contains('.') {
            true => None,
            false => self.table.index.folded_id(id),
        });
        if let Some(existing) = existing {
            return Err(self.duplicate_id(raw, existing));
        }
        let index = u32::try_from(self.table.entries.len()).map_err(|_| {
            let message = "the taxonomy has too many entries".to_owned();
            self.error(EntryErrorKind::Invalid, self.span(&raw.id), message)
        })?;
        self.table.entries.push(self.entry(raw));
        self.table.index.insert_id(id, index);
        Ok(())
    }

    fn duplicate_id(&self, raw: &RawEntry, existing: u32) -> EntryError {
        let (id, noun) = (&raw.id.value, self.vocabulary.noun());
        let span = self.span(&raw.id);
        let existing_id = self.id_of(existing);
        let message = match usize::try_from(existing).is_ok_and(|i| i >= self.first_new) {
            true => format!("{noun} `{id}` is defined twice in this file"),
            false if existing_id == id => format!("`{id}` is already a built-in {noun}"),
            false => format!("`{id}` is already a {noun}, written `{existing_id}`"),
        };
        self.error(EntryErrorKind::DuplicateId, span, message)
            .with_help("a taxonomy extension can only add entries with new ids")
    }

    /// A new entry with its references still unresolved.
    fn entry(&self, raw: &RawEntry) -> Entry {
        let origin = match self.builtin {
            true => Origin::Builtin,
            false => Origin::Extension {
                file: self.file.clone(),
                span: self.span(&raw.id),
            },
        };
        Entry {
            id: raw.id.value.clone(),
            name: raw.name.value.trim().to_owned(),
            aliases: raw
                .aliases
                .iter()
                .map(|a| a.value.trim().to_owned())
                .collect(),
            description: raw.description.value.trim().to_owned(),
            parents: Vec::new(),
            expands_to: Vec::new(),
            requires_age: raw.requires_age.as_ref().is_some_and(|age| age.value),
            deprecated_by: None,
            precedes: Vec::new(),
            origin,
        }
    }

    /// Registers the entry's id, name and aliases as words, rejecting any
    /// that already stands for another entry.
    fn add_words(&mut self, raw: &RawEntry, index: u32) -> Result<(), EntryError> {
        let id_word = YamlSpanned {
            value: raw.id.value.clone(),
            referenced: raw.id.referenced,
            defined: raw.id.defined,
        };
        self.check_word(&id_word, index)?;
        let name = self.check_word(&raw.name, index)?;
        self.table.index.insert_word(name, index);
        for alias in &raw.aliases {
            let alias = self.check_word(alias, index)?;
            self.table.index.insert_word(alias, index);
        }
        Ok(())
    }

    /// Rejects a word that is empty or already names another entry;
    /// returns its normalised form.
    fn check_word(&self, word: &YamlSpanned<String>, index: u32) -> Result<String, EntryError> {
        let key = normalise(&word.value);
        if key.is_empty() {
            let message = "a name or alias must not be empty".to_owned();
            return Err(self.error(EntryErrorKind::Invalid, self.span(word), message));
        }
        let owner = self
            .table
            .index
            .word(&key)
            .or_else(|| match key.contains('.') {
                true => self.table.index.id(&key),
                false => self.table.index.folded_id(&key),
            });
        match owner {
            Some(owner) if owner != index => {
                let other = self.id_of(owner);
                let message = format!("`{}` already stands for `{other}`", word.value);
                Err(self
                    .error(EntryErrorKind::AliasConflict, self.span(word), message)
                    .with_help(
                        "each name and alias may stand for one entry only; remove it here or there",
                    ))
            }
            _ => Ok(key),
        }
    }

    pub(super) fn entry_at(&self, index: u32) -> &Entry {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.table.entries.get(i))
            .unwrap_or(&super::MISSING)
    }

    /// Applies `change` to the entry at `index`, which exists for every
    /// index from `new_indices`.
    pub(super) fn update(&mut self, index: u32, change: impl FnOnce(&mut Entry)) {
        if let Some(entry) = usize::try_from(index)
            .ok()
            .and_then(|i| self.table.entries.get_mut(i))
        {
            change(entry);
        }
    }
}

/// Whether `id` is well-formed: non-empty parts of letters, digits, `_`
/// and `-`, joined by single dots.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        })
}
