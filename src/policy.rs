//! The resolved form of a policy file: what the checker evaluates.
//!
//! Every term is bound to a [`TermId`] in the taxonomy, every duration is a
//! [`Duration`], every number is checked for range, and every node keeps
//! the span of the text it came from.

pub mod describe;

use crate::ast::{KeySegment, ResidencyScope, Severity};
use crate::duration::Duration;
use crate::source::{SourceFile, Span, Spanned};
use crate::taxonomy::TermId;

/// Terms bound to the taxonomy, each with the span it was written at.
pub type Terms = Vec<Spanned<TermId>>;

/// One resolved `.privet` file.
#[derive(Clone, Debug)]
pub struct Policy {
    /// The file it was read from.
    pub file: SourceFile,
    /// The policy's title.
    pub title: Spanned<String>,
    /// Where the policy is published.
    pub source_url: Option<Spanned<String>>,
    /// When it took effect.
    pub effective: Option<Spanned<Effective>>,
    /// Where it applies.
    pub jurisdiction: Terms,
    /// Its version label.
    pub version: Option<Spanned<String>>,
    /// Its commitments in file order.
    pub commitments: Vec<Commitment>,
}

/// When a policy took effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effective {
    /// A calendar date.
    Date(Date),
    /// The published policy is undated.
    Undated,
}

/// A valid calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One promise of a policy.
#[derive(Clone, Debug)]
pub struct Commitment {
    /// Unique id across the project.
    pub id: Spanned<String>,
    /// The policy sentence it encodes, whitespace collapsed.
    pub quote: Option<Spanned<String>>,
    /// The policy section the quote comes from.
    pub section: Option<Spanned<String>>,
    /// How serious a violation is.
    pub severity: Severity,
    /// What is checked, in file order (never empty).
    pub statements: Vec<Statement>,
    /// The whole block.
    pub span: Span,
}

/// One checkable statement.
#[derive(Clone, Debug)]
pub struct Statement {
    /// What it promises.
    pub promise: Promise,
    /// The statement's text.
    pub span: Span,
}

/// Which data a statement covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSelector {
    /// Categories covered (term sets already expanded).
    pub include: Terms,
    /// Categories carved out.
    pub except: Terms,
    /// The selector's text.
    pub span: Span,
}

/// Whose data a statement is about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubjectScope {
    /// Kinds of data subject; empty means anyone.
    pub subjects: Terms,
    /// Only subjects younger than this age.
    pub under_age: Option<Spanned<u8>>,
}

/// Where a de-identification promise applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeIdentifiedTarget {
    /// Datasets whose name matches a pattern.
    Dataset(Spanned<String>),
    /// Every dataset holding this data.
    Data(DataSelector),
}

/// What a statement promises.
#[derive(Clone, Debug)]
pub enum Promise {
    /// Data is kept at most `max` after `after` (collection if `None`).
    RetentionLimit {
        /// Which data.
        data: DataSelector,
        /// The limit.
        max: Spanned<Duration>,
        /// The event the limit counts from.
        after: Option<Spanned<TermId>>,
        /// Purposes allowed to keep the data longer.
        unless: Terms,
    },
    /// Data is kept no later than `event`.
    RetentionUntil {
        /// Which data.
        data: DataSelector,
        /// The event by which the data is deleted.
        event: Spanned<TermId>,
        /// Purposes allowed to keep the data longer.
        unless: Terms,
    },
    /// Data is never sold and/or shared (CCPA).
    NoDisclosure {
        /// Which data.
        data: DataSelector,
        /// No sale.
        sale: bool,
        /// No CCPA "sharing".
        sharing: bool,
        /// Whose data.
        subjects: SubjectScope,
    },
    /// Data is never collected from these subjects.
    NoCollection {
        /// Which data.
        data: DataSelector,
        /// From whom.
        subjects: SubjectScope,
    },
    /// Only this data is held.
    CollectionLimited {
        /// The data that may be held.
        data: DataSelector,
    },
    /// Data is stored, processed or accessed only in these regions.
    Residency {
        /// Which data.
        data: DataSelector,
        /// Which activity.
        scope: Spanned<ResidencyScope>,
        /// Allowed regions.
        regions: Terms,
    },
    /// Data goes only to these kinds of recipient (and only in these regions).
    RecipientsLimited {
        /// Which data.
        data: DataSelector,
        /// Allowed recipient kinds.
        kinds: Terms,
        /// Allowed recipient regions; empty means anywhere.
        regions: Terms,
    },
    /// Data never goes to these kinds of recipient.
    RecipientsBanned {
        /// Which data.
        data: DataSelector,
        /// Banned recipient kinds.
        kinds: Terms,
    },
    /// Recipients of these kinds receive the data only for these purposes.
    RecipientPurposeLimited {
        /// Which data.
        data: DataSelector,
        /// Which recipients.
        kinds: Terms,
        /// Allowed purposes.
        purposes: Terms,
    },
    /// No recipient of these kinds receives the data for these purposes.
    RecipientPurposeBanned {
        /// Which data.
        data: DataSelector,
        /// Which recipients.
        kinds: Terms,
        /// Banned purposes.
        purposes: Terms,
        /// Written as "for its own ...": the recipient's own purposes.
        own: bool,
    },
    /// Transfers out of `origin` name one of `mechanisms`.
    TransferMechanism {
        /// Which data.
        data: DataSelector,
        /// Where the data comes from.
        origin: Terms,
        /// Accepted mechanisms.
        mechanisms: Terms,
    },
    /// Data is used only for these purposes.
    PurposeLimited {
        /// Which data.
        data: DataSelector,
        /// Allowed purposes.
        purposes: Terms,
    },
    /// Data is never used for these purposes.
    PurposeBanned {
        /// Which data.
        data: DataSelector,
        /// Banned purposes.
        purposes: Terms,
    },
    /// Data is encrypted at rest and/or in transit.
    Encrypted {
        /// Which data.
        data: DataSelector,
        /// At rest.
        at_rest: bool,
        /// In transit.
        in_transit: bool,
    },
    /// Datasets hold no identifying data and no link key.
    DeIdentified {
        /// Which datasets.
        target: DeIdentifiedTarget,
    },
    /// Every recipient of these kinds has these contracts.
    ContractRequired {
        /// Which recipients.
        kinds: Terms,
        /// Only recipients of this data, if given.
        data: Option<DataSelector>,
        /// Required contracts.
        contracts: Terms,
    },
    /// A value in config files matches a test.
    ConfigFact {
        /// Which files, relative to the project root.
        glob: Spanned<String>,
        /// Which value.
        path: Spanned<Vec<KeySegment>>,
        /// What must hold of it.
        test: ConfigTest,
    },
}

/// What a config statement requires of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigTest {
    /// `<op> <value>`
    Compare {
        /// The comparison.
        op: Spanned<CompareOp>,
        /// The operand.
        value: Spanned<ConfigValue>,
    },
    /// `is set`
    IsSet,
    /// `is not set`
    IsNotSet,
    /// `is one of ...`
    OneOf(Vec<Spanned<ConfigValue>>),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CompareOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `>=`
    Ge,
    /// `>`
    Gt,
}

impl CompareOp {
    /// The operator as written in policies.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Eq => "=",
            CompareOp::Ne => "!=",
            CompareOp::Ge => ">=",
            CompareOp::Gt => ">",
        }
    }
}

/// A typed value a config statement compares against.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigValue {
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// A duration.
    Duration(Duration),
}

impl std::fmt::Display for ConfigValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigValue::Bool(b) => write!(f, "{b}"),
            ConfigValue::Number(n) => write!(f, "{n}"),
            ConfigValue::String(s) => write!(f, "{s:?}"),
            ConfigValue::Duration(d) => write!(f, "{d}"),
        }
    }
}
