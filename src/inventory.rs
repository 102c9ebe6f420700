//! The data inventory: what data is stored where, for whom, for how long,
//! and shared with whom.
//!
//! [`load`] reads privet's inventory YAML into an [`Inventory`] in which
//! every term is bound to the taxonomy, inheritance is already applied
//! (a field carries its dataset's facts, a dataset its system's, unless they
//! override them), and every fact remembers the file and span it was written
//! at — for an inherited fact, where the ancestor declared it. The checker
//! only reads this model.

pub mod fides;
pub mod load;

use crate::duration::Duration;
use crate::source::{SourceFile, Span};
use crate::taxonomy::TermId;

pub use load::load;

/// Which inventory file a value is in: an index into [`Inventory::files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// Where a value is written: a file and a span in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    /// The file.
    pub file: FileId,
    /// The span of the value (for a missing fact: the item's name).
    pub span: Span,
}

/// A value and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub loc: Loc,
}

impl<T> At<T> {
    /// Pairs a value with its location.
    pub const fn new(value: T, loc: Loc) -> Self {
        Self { value, loc }
    }
}

/// Terms, each with where it is written.
pub type TermsAt = Vec<At<TermId>>;

/// How long data is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retention {
    /// No limit (`retention: indefinite`).
    Indefinite,
    /// At most `period` after `event` (`until: account closed` is a period
    /// of zero after that event; a bare duration counts from collection).
    After {
        /// How long after the event.
        period: Duration,
        /// The event the period counts from.
        event: TermId,
    },
}

/// Who the data in a dataset is about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subjects {
    /// Kinds of data subject (`customer`, `employee`); `None` if not said.
    pub kinds: Option<TermsAt>,
    /// The youngest age of subjects whose data may be here; `None` if not
    /// said (an unknown age floor is missing evidence, not "adults only").
    pub min_age: Option<At<u8>>,
    /// Where the subjects live (for transfer rules); `None` if not said.
    pub regions: Option<TermsAt>,
}

/// A loaded inventory: flat tables that refer to each other by index.
#[derive(Clone, Debug, Default)]
pub struct Inventory {
    /// The files it was read from; [`FileId`] indexes this.
    pub files: Vec<SourceFile>,
    /// Systems (services, applications).
    pub systems: Vec<System>,
    /// Datasets / data stores.
    pub datasets: Vec<Dataset>,
    /// Fields of datasets.
    pub fields: Vec<Field>,
    /// Processors and third parties that receive data.
    pub recipients: Vec<Recipient>,
}

/// A system: a service or application that stores and shares data.
#[derive(Clone, Debug)]
pub struct System {
    /// Its name (unique in the inventory).
    pub name: At<String>,
    /// Indexes into [`Inventory::datasets`].
    pub datasets: Vec<usize>,
    /// Indexes into [`Inventory::recipients`].
    pub recipients: Vec<usize>,
    /// Where the facts stated on the system itself (and inherited by its
    /// datasets) are written, sorted: a finding about an inherited value
    /// names the system.
    pub facts: Vec<Loc>,
    /// Whose data the system holds, as stated on the system itself (for
    /// data that reaches a recipient without a dataset of its own).
    pub subjects: Subjects,
}

/// A dataset or data store, with its system's facts inherited.
#[derive(Clone, Debug)]
pub struct Dataset {
    /// Index of its system.
    pub system: usize,
    /// Its name (unique in its system).
    pub name: At<String>,
    /// Storage engine (`postgres`, `s3`), if said.
    pub engine: Option<At<String>>,
    /// Where it is stored (regions).
    pub locations: Option<TermsAt>,
    /// Where it is accessed from (regions).
    pub access_from: Option<TermsAt>,
    /// Whether it is encrypted at rest.
    pub at_rest: Option<At<bool>>,
    /// Whether it is encrypted in transit.
    pub in_transit: Option<At<bool>>,
    /// Whose data it holds.
    pub subjects: Subjects,
    /// How long its data is kept (fields may override).
    pub retention: Option<At<Retention>>,
    /// What its data is used for (fields may override).
    pub purposes: Option<TermsAt>,
    /// Categories declared on the dataset itself (for stores described
    /// without fields).
    pub categories: TermsAt,
    /// Indexes into [`Inventory::fields`].
    pub fields: Vec<usize>,
}

/// A field of a dataset, with its dataset's facts inherited.
#[derive(Clone, Debug)]
pub struct Field {
    /// Index of its dataset.
    pub dataset: usize,
    /// Its name (unique in its dataset).
    pub name: At<String>,
    /// The data it holds (never empty).
    pub categories: TermsAt,
    /// What it is used for (own, else the dataset's, else the system's).
    pub purposes: Option<TermsAt>,
    /// How long it is kept (own, else the dataset's, else the system's).
    pub retention: Option<At<Retention>>,
    /// Whether it links records to a person across datasets (a user id, a
    /// hashed email): de-identified datasets must hold none.
    pub link_key: Option<At<bool>>,
}

/// A processor or third party that receives data from a system.
#[derive(Clone, Debug)]
pub struct Recipient {
    /// Index of the system whose data it receives.
    pub system: usize,
    /// Its name (unique in its system).
    pub name: At<String>,
    /// What kind of recipient it is (processor, advertising partner, ...).
    pub kind: Option<At<TermId>>,
    /// The data it receives; empty means everything its system holds.
    pub categories: TermsAt,
    /// What it uses the data for.
    pub purposes: Option<TermsAt>,
    /// Where it processes the data (regions).
    pub locations: Option<TermsAt>,
    /// Whether the disclosure is a sale.
    pub sale: Option<At<bool>>,
    /// Whether the disclosure is CCPA "sharing" (cross-context behavioural
    /// advertising).
    pub sharing: Option<At<bool>>,
    /// Contracts on record (DPA, SCC, ...).
    pub contracts: Option<TermsAt>,
    /// Transfer mechanisms relied on for cross-border transfers.
    pub mechanisms: Option<TermsAt>,
}

/// One checkable item, for messages and waivers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// A system.
    System(usize),
    /// A dataset.
    Dataset(usize),
    /// A field.
    Field(usize),
    /// A recipient.
    Recipient(usize),
}

impl Inventory {
    /// The item's path as users write it in waivers:
    /// `system`, `system/dataset`, `system/dataset/field`,
    /// `system/recipient`.
    pub fn path(&self, item: Item) -> String {
        let system = |i: usize| self.systems.get(i).map_or("?", |s| s.name.value.as_str());
        match item {
            Item::System(s) => system(s).to_owned(),
            Item::Dataset(d) => self.datasets.get(d).map_or_else(String::new, |d| {
                format!("{}/{}", system(d.system), d.name.value)
            }),
            Item::Field(f) => self.fields.get(f).map_or_else(String::new, |f| {
                format!("{}/{}", self.path(Item::Dataset(f.dataset)), f.name.value)
            }),
            Item::Recipient(r) => self.recipients.get(r).map_or_else(String::new, |r| {
                format!("{}/{}", system(r.system), r.name.value)
            }),
        }
    }

    /// The file behind a location, if it is one of this inventory's.
    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(usize::try_from(id.0).ok()?)
    }
}
