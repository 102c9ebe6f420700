//! The taxonomy: the vocabularies commitments and inventories are written in.
//!
//! Data categories, data uses (purposes) and data subjects use the ids of
//! Fides' fideslang so Fides inventories read unchanged; recipient kinds,
//! regions, retention events, transfer mechanisms and contract kinds are
//! privet's own. The built-in vocabulary is data (`taxonomy/builtin.yaml`),
//! and a project can extend it with a file of the same shape.
//!
//! Terms form a hierarchy (`user.contact.email` lies within `user.contact`,
//! `DE` within `EU`), and a *term set* (an entry with `expands_to`) stands for
//! several terms at once. [`Taxonomy::is_within`] and [`Taxonomy::overlaps`]
//! answer from tables built once, so the checker can call them in its inner
//! loops without allocating.

mod build;
mod error;
mod lookup;
mod resolve;
mod schema;
mod table;

use std::sync::LazyLock;

pub use self::error::{EntryError, EntryErrorKind, TaxonomyError};
use self::table::{Tables, slice_at};
use crate::source::{SourceFile, Span};

/// The built-in vocabulary, embedded in the binary.
const BUILTIN_YAML: &str = include_str!("taxonomy/builtin.yaml");

/// The same file as JSON, written by `build.rs`: what a run actually reads,
/// because parsing the YAML took half of a small project's check.
const BUILTIN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin-taxonomy.json"));

/// The path shown for errors in the built-in vocabulary.
const BUILTIN_PATH: &str = "<privet>/taxonomy/builtin.yaml";

/// One of the vocabularies a term belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Vocabulary {
    /// Kinds of data, such as `user.contact.email` (Fides `data_category`).
    DataCategory,
    /// Purposes data is used for, such as `marketing.advertising` (Fides `data_use`).
    DataUse,
    /// Whose data it is, such as `customer` (Fides `data_subject`).
    DataSubject,
    /// Who receives data, such as `processor` or `advertising_partner`.
    RecipientKind,
    /// Where data is, such as `US`, `US-CA` or the group `EU`.
    Region,
    /// What starts a retention period, such as `last_login`.
    Event,
    /// What makes an international transfer lawful, such as `scc`.
    TransferMechanism,
    /// Contracts a recipient may have signed, such as `dpa`.
    ContractKind,
}

impl Vocabulary {
    /// Every vocabulary, in a fixed order.
    pub const ALL: [Vocabulary; 8] = [
        Vocabulary::DataCategory,
        Vocabulary::DataUse,
        Vocabulary::DataSubject,
        Vocabulary::RecipientKind,
        Vocabulary::Region,
        Vocabulary::Event,
        Vocabulary::TransferMechanism,
        Vocabulary::ContractKind,
    ];

    /// What one term of this vocabulary is called in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Vocabulary::DataCategory => "data category",
            Vocabulary::DataUse => "purpose",
            Vocabulary::DataSubject => "data subject",
            Vocabulary::RecipientKind => "recipient kind",
            Vocabulary::Region => "region",
            Vocabulary::Event => "event",
            Vocabulary::TransferMechanism => "transfer mechanism",
            Vocabulary::ContractKind => "contract",
        }
    }

    /// The key of this vocabulary's list in a taxonomy file.
    pub fn section(self) -> &'static str {
        match self {
            Vocabulary::DataCategory => "data_categories",
            Vocabulary::DataUse => "data_uses",
            Vocabulary::DataSubject => "data_subjects",
            Vocabulary::RecipientKind => "recipient_kinds",
            Vocabulary::Region => "regions",
            Vocabulary::Event => "events",
            Vocabulary::TransferMechanism => "transfer_mechanisms",
            Vocabulary::ContractKind => "contract_kinds",
        }
    }
}

/// A term of one [`Taxonomy`]: cheap to copy, compare and hash.
///
/// A `TermId` is only meaningful for the taxonomy that produced it (or one
/// extended from it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TermId {
    vocabulary: Vocabulary,
    index: u32,
}

impl TermId {
    /// The vocabulary the term belongs to.
    pub fn vocabulary(self) -> Vocabulary {
        self.vocabulary
    }
}

/// A term another format declares: see [`Taxonomy::with_declared`].
#[derive(Clone, Debug)]
pub struct DeclaredTerm {
    /// Its vocabulary.
    pub vocabulary: Vocabulary,
    /// Its id, where it is written.
    pub id: crate::yaml::YamlSpanned<String>,
    /// The id of the term it lies directly within, where it is written;
    /// `None` for a new root term.
    pub within: Option<crate::yaml::YamlSpanned<String>>,
    /// What it covers, if the format says.
    pub description: Option<String>,
}

/// Where an entry was defined.
#[derive(Clone, Debug)]
pub enum Origin {
    /// In privet's built-in vocabulary.
    Builtin,
    /// In a project's taxonomy extension file.
    Extension {
        /// The extension file.
        file: SourceFile,
        /// The entry's `id` value in that file.
        span: Span,
    },
}

/// One term: its id, names and relations.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The id written in inventories, such as `user.contact.email`.
    pub id: String,
    /// The display name, such as "User Contact Email".
    pub name: String,
    /// Other words a policy uses for the term, lowercase.
    pub aliases: Vec<String>,
    /// One sentence saying what the term covers.
    pub description: String,
    /// The terms this one lies directly within.
    pub parents: Vec<TermId>,
    /// For a term set, the terms it stands for (never sets themselves);
    /// empty for an ordinary term.
    pub expands_to: Vec<TermId>,
    /// Whether a commitment naming this data subject must give an age
    /// ("under 13").
    pub requires_age: bool,
    /// The term that replaces this deprecated one.
    pub deprecated_by: Option<TermId>,
    /// For an event, the events it always happens no later than.
    pub precedes: Vec<TermId>,
    /// Where the entry was defined.
    pub origin: Origin,
}

impl Entry {
    /// Whether this entry is a term set standing for several terms.
    pub fn is_set(&self) -> bool {
        !self.expands_to.is_empty()
    }
}

/// Stands in for an entry a foreign [`TermId`] does not name, so lookups by
/// id never panic.
static MISSING: Entry = Entry {
    id: String::new(),
    name: String::new(),
    aliases: Vec::new(),
    description: String::new(),
    parents: Vec::new(),
    expands_to: Vec::new(),
    requires_age: false,
    deprecated_by: None,
    precedes: Vec::new(),
    origin: Origin::Builtin,
};

/// The vocabularies with their hierarchy, names and term sets.
#[derive(Clone, Debug, Default)]
pub struct Taxonomy {
    tables: Tables,
}

static BUILTIN: LazyLock<Taxonomy> = LazyLock::new(|| {
    // A broken builtin.yaml is a bug that a unit test catches; at run time an
    // empty taxonomy makes every term unknown, which is reported, not a crash.
    Taxonomy::load_builtin().unwrap_or_default()
});

impl Taxonomy {
    /// The built-in taxonomy, parsed once per process on first use.
    pub fn builtin() -> &'static Taxonomy {
        &BUILTIN
    }

    /// Builds the built-in taxonomy from the embedded JSON form of
    /// builtin.yaml.
    fn load_builtin() -> Result<Taxonomy, TaxonomyError> {
        let file = SourceFile::new(BUILTIN_PATH, BUILTIN_YAML);
        let raw = serde_json::from_str(BUILTIN_JSON).map_err(|error| {
            let message = format!("the embedded built-in taxonomy is not valid: {error}");
            TaxonomyError::from(crate::yaml::YamlError::new(&file, Span::new(0, 0), message))
        })?;
        build::extend_parsed(&Taxonomy::default(), &file, &raw, true)
    }

    /// Builds the built-in taxonomy from builtin.yaml itself, with every
    /// error located in it (tests compare it with [`Taxonomy::load_builtin`]).
    #[cfg(test)]
    fn load_builtin_yaml() -> Result<Taxonomy, TaxonomyError> {
        let file = SourceFile::new(BUILTIN_PATH, BUILTIN_YAML);
        build::extend(&Taxonomy::default(), &file, true)
    }

    /// A copy extended with a project's own entries, read from `file`.
    ///
    /// The file has the shape of the built-in one; every vocabulary key is
    /// optional. Entries must have new ids; `within`, `expands_to`,
    /// `deprecated_by` and `precedes` may name built-in or new ids. An
    /// unknown key, a repeated id, an unknown reference, a name or alias
    /// another entry already uses, or a loop of `within` is an error pointing
    /// into `file`.
    pub fn extended(&self, file: &SourceFile) -> Result<Taxonomy, TaxonomyError> {
        build::extend(self, file, false)
    }

    /// A copy extended with terms another format declares, such as Fides
    /// `data_category:` resources with a `parent_key`, in batches of one
    /// file each, added in order.
    ///
    /// Each term is named by its id (it gets no other name or alias, so it
    /// cannot clash with a built-in word) and lies within its parent, which
    /// may be a known id, a term of an earlier batch or one of the same
    /// batch. A batch with a repeated or known id, an unknown parent or a
    /// loop is left out, and its error (pointing into its file) returned.
    pub fn with_declared(
        &self,
        batches: &[(&SourceFile, Vec<DeclaredTerm>)],
    ) -> (Taxonomy, Vec<TaxonomyError>) {
        build::extend_declared(self, batches)
    }

    /// The entry `id` names (a placeholder if `id` is from another taxonomy).
    pub fn entry(&self, id: TermId) -> &Entry {
        let table = self.tables.get(id.vocabulary);
        usize::try_from(id.index)
            .ok()
            .and_then(|i| table.entries.get(i))
            .unwrap_or(&MISSING)
    }

    /// The id of a term as written in inventories, such as `user.contact`.
    pub fn id_str(&self, id: TermId) -> &str {
        &self.entry(id).id
    }

    /// Whether `narrower` is `broader` or lies below it, directly or
    /// through intermediate terms.
    ///
    /// A term set is within `broader` when all its members are; a term is
    /// within a set when it is within some member. Terms of different
    /// vocabularies are never within each other.
    pub fn is_within(&self, narrower: TermId, broader: TermId) -> bool {
        if narrower.vocabulary != broader.vocabulary {
            return false;
        }
        let table = self.tables.get(narrower.vocabulary);
        let (inner, outer) = (table.members(narrower.index), table.members(broader.index));
        // A foreign id has no members; it must not count as within anything.
        !inner.is_empty()
            && inner.iter().all(|&inner| {
                outer
                    .iter()
                    .any(|&candidate| table.plain_within(inner, candidate))
            })
    }

    /// Whether the two terms can describe some of the same data: one lies
    /// within the other, or (where a term has several parents, as regions
    /// do) some term lies within both. Term sets overlap when any of their
    /// members do.
    pub fn overlaps(&self, a: TermId, b: TermId) -> bool {
        if a.vocabulary != b.vocabulary {
            return false;
        }
        let table = self.tables.get(a.vocabulary);
        let others = table.members(b.index);
        table
            .members(a.index)
            .iter()
            .any(|&x| others.iter().any(|&y| table.plain_overlap(x, y)))
    }

    /// The members of a term set, or the term itself.
    pub fn expand(&self, id: TermId) -> &[TermId] {
        self.tables.get(id.vocabulary).members(id.index)
    }

    /// Every term `id` lies within, nearest first (parents before
    /// grandparents). Empty for a root term or a term set.
    pub fn ancestors(&self, id: TermId) -> Vec<TermId> {
        let mut found: Vec<TermId> = Vec::new();
        let mut next = 0;
        let mut current = id;
        loop {
            for &parent in &self.entry(current).parents {
                if parent != id && !found.contains(&parent) {
                    found.push(parent);
                }
            }
            let Some(&following) = found.get(next) else {
                return found;
            };
            current = following;
            next += 1;
        }
    }

    /// Whether event `earlier` always happens no later than event `later`,
    /// directly or through other events. Every event precedes itself.
    pub fn precedes(&self, earlier: TermId, later: TermId) -> bool {
        earlier.vocabulary == later.vocabulary
            && slice_at(&self.tables.get(earlier.vocabulary).follows, earlier.index)
                .binary_search(&later.index)
                .is_ok()
    }

    /// The entries of `vocabulary` in the order they were defined.
    pub fn entries(&self, vocabulary: Vocabulary) -> impl Iterator<Item = (TermId, &Entry)> {
        self.tables
            .get(vocabulary)
            .entries
            .iter()
            .zip(0u32..)
            .map(move |(entry, index)| (TermId { vocabulary, index }, entry))
    }
}

#[cfg(test)]
mod tests;
