//! The syntax tree of a `.privet` file, as written.
//!
//! Terms, numbers and durations are kept as the user wrote them; binding
//! them to the taxonomy and checking ranges is [`crate::resolve`]'s job.
//! Every node carries its [`Span`] so that the formatter, the language
//! server and diagnostics can point back at the text.

use crate::source::{Span, Spanned};

/// One parsed `.privet` file.
#[derive(Clone, Debug, Default)]
pub struct PolicyFile {
    /// Headers and commitments in file order (a valid file has one header).
    pub items: Vec<Item>,
    /// Every `#` or `//` comment, in file order.
    pub comments: Vec<Comment>,
}

/// A top-level block.
#[derive(Clone, Debug)]
pub enum Item {
    /// `policy "Title" { ... }`
    Header(Header),
    /// `commitment id { ... }`
    Commitment(Commitment),
}

/// A comment and where it was written.
#[derive(Clone, Debug)]
pub struct Comment {
    /// The comment text including its `#` or `//` marker.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// A string literal: its value with escapes resolved, and its span
/// (including the quotes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringLit {
    /// The value, escapes resolved.
    pub value: String,
    /// The literal including its quotes.
    pub span: Span,
}

/// `policy "Title" { ... }`: which published policy the file encodes.
#[derive(Clone, Debug)]
pub struct Header {
    /// The policy's title.
    pub title: StringLit,
    /// Fields in file order.
    pub fields: Vec<HeaderField>,
    /// The whole block.
    pub span: Span,
}

/// One line of a policy header.
#[derive(Clone, Debug)]
pub enum HeaderField {
    /// `source "https://..."`: where the policy is published.
    Source(StringLit),
    /// `effective 2024-07-15` or `effective undated`.
    Effective(Spanned<EffectiveDate>),
    /// `jurisdiction US, EU`.
    Jurisdiction(TermList),
    /// `version "3.1"`.
    Version(StringLit),
}

impl HeaderField {
    /// The keyword that introduces the field.
    pub fn keyword(&self) -> &'static str {
        match self {
            HeaderField::Source(_) => "source",
            HeaderField::Effective(_) => "effective",
            HeaderField::Jurisdiction(_) => "jurisdiction",
            HeaderField::Version(_) => "version",
        }
    }
}

/// When a policy took effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EffectiveDate {
    /// A date as written, `YYYY-MM-DD` (validated by the resolver).
    Date(String),
    /// `undated`: the published policy carries no date.
    Undated,
}

/// `commitment id { ... }`: one promise of the policy.
#[derive(Clone, Debug)]
pub struct Commitment {
    /// The commitment's id, unique across a project.
    pub id: Spanned<String>,
    /// Quote, section, severity and statements in file order.
    pub parts: Vec<CommitmentPart>,
    /// The whole block.
    pub span: Span,
}

/// One line of a commitment.
#[derive(Clone, Debug)]
pub enum CommitmentPart {
    /// `quote "..."`: the policy sentence this commitment encodes.
    Quote(StringLit),
    /// `section "..."`: the policy section the quote comes from.
    Section(StringLit),
    /// `severity warning`.
    Severity(Spanned<Severity>),
    /// A checkable statement.
    Statement(Box<Statement>),
}

/// How serious a broken commitment is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Informational: never fails a run.
    Info,
    /// Fails a run only with `--deny warnings`.
    Warning,
    /// Fails the run (the default).
    #[default]
    Error,
}

impl Severity {
    /// The word used in policies and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A term as written: a plain-English name, a taxonomy id or a quoted name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The words, with runs of whitespace collapsed (quotes removed).
    pub text: String,
    /// Whether the term was written in quotes.
    pub quoted: bool,
    /// Where it was written.
    pub span: Span,
}

/// A list of terms joined by commas, `and` or `or`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermList {
    /// The terms in order.
    pub terms: Vec<Term>,
    /// The whole list.
    pub span: Span,
}

/// Which data a statement is about: `personal data except deletion records`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    /// The data covered.
    pub include: TermList,
    /// Data carved out of `include`.
    pub except: Option<TermList>,
    /// The whole selector.
    pub span: Span,
}

/// `of users under 16`, `from children under 13`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectFilter {
    /// The kinds of data subject, if named.
    pub subjects: Option<TermList>,
    /// The age written after `under`, as written.
    pub under_age: Option<Spanned<String>>,
    /// The whole filter.
    pub span: Span,
}

/// A duration as written: `6 months`, `1 year 6 months`, `180d`, `P6M`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationLit {
    /// Number-and-unit parts, summed.
    Parts(Vec<DurationPart>, Span),
    /// An ISO 8601 duration such as `P6M`.
    Iso(Spanned<String>),
}

impl DurationLit {
    /// The whole literal.
    pub fn span(&self) -> Span {
        match self {
            DurationLit::Parts(_, span) => *span,
            DurationLit::Iso(iso) => iso.span,
        }
    }
}

/// One `<number> <unit>` of a duration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DurationPart {
    /// The number as written (may be negative or too large; checked later).
    pub amount: Spanned<String>,
    /// The unit word as written.
    pub unit: Spanned<String>,
}

/// A statement and its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// What the statement says.
    pub kind: StatementKind,
    /// The whole statement.
    pub span: Span,
}

/// Whether a disclosure is a sale or CCPA "sharing".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DisclosureKind {
    /// Selling personal data.
    Sale,
    /// CCPA "sharing": disclosure for cross-context behavioural advertising.
    Sharing,
}

/// The kinds of statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatementKind {
    /// `no sale [or sharing] of <data> [of <subjects> [under N]]`
    NoDisclosure {
        /// Sale, sharing or both.
        kinds: Vec<Spanned<DisclosureKind>>,
        /// The data that must not be disclosed.
        data: Selector,
        /// Whose data.
        subjects: Option<SubjectFilter>,
    },
    /// `no collection of <data> [from <subjects> [under N]]`
    NoCollection {
        /// The data that must not be collected.
        data: Selector,
        /// From whom.
        subjects: Option<SubjectFilter>,
    },
    /// `collection limited to <data>`
    CollectionLimited {
        /// The only data that may be held.
        data: Selector,
    },
    /// `no <recipients> receives <data> for [its own] <purposes>`
    RecipientPurposeBan {
        /// Which recipients.
        recipients: TermList,
        /// Which data.
        data: Selector,
        /// Whether `its own` / `their own` was written.
        own: bool,
        /// The banned purposes.
        purposes: TermList,
    },
    /// `transfers of <data> out of <regions> require <mechanisms>`
    TransferMechanism {
        /// Which data.
        data: Selector,
        /// Where the data comes from.
        origin: TermList,
        /// Accepted mechanisms (any one suffices).
        mechanisms: TermList,
    },
    /// `every <recipients> [of <data>] has a <contracts>`
    ContractRequired {
        /// Which recipients.
        recipients: TermList,
        /// Only recipients of this data, if given.
        data: Option<Selector>,
        /// Required contracts (all of them).
        contracts: TermList,
    },
    /// `dataset "<pattern>" de-identified`
    DatasetDeIdentified {
        /// A dataset name or glob pattern.
        pattern: StringLit,
    },
    /// `config "<glob>" <key.path> <test>`
    Config {
        /// Which files, relative to the project root.
        glob: StringLit,
        /// Which value in each file.
        path: KeyPath,
        /// What must hold of it.
        test: ConfigTest,
    },
    /// `<data> <predicate>`
    Data {
        /// Which data.
        data: Selector,
        /// What must hold of it.
        predicate: Predicate,
    },
}

/// What a `<data> ...` statement says of its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Predicate {
    /// `retained at most <duration> [after <event>] [unless for <purposes>]`
    RetainedAtMost {
        /// The limit.
        max: DurationLit,
        /// The event the limit counts from (collection if absent).
        after: Option<Term>,
        /// Purposes that may keep the data longer.
        unless: Option<TermList>,
    },
    /// `retained until <event> [unless for <purposes>]`
    RetainedUntil {
        /// The event by which the data is gone.
        event: Term,
        /// Purposes that may keep the data longer.
        unless: Option<TermList>,
    },
    /// `stored|processed|accessed only in|from <regions>`
    Residency {
        /// Which activity is confined.
        scope: Spanned<ResidencyScope>,
        /// The allowed regions.
        regions: TermList,
    },
    /// `shared only with <recipients> [in <regions>]`
    SharedOnlyWith {
        /// Allowed recipient kinds.
        recipients: TermList,
        /// Allowed recipient locations.
        regions: Option<TermList>,
    },
    /// `shared with <recipients> only for <purposes>`
    SharedWithOnlyFor {
        /// Which recipients.
        recipients: TermList,
        /// Their allowed purposes.
        purposes: TermList,
    },
    /// `never shared with <recipients>`
    NeverSharedWith {
        /// Banned recipient kinds.
        recipients: TermList,
    },
    /// `used only for <purposes>`
    UsedOnlyFor {
        /// Allowed purposes.
        purposes: TermList,
    },
    /// `never used for <purposes>`
    NeverUsedFor {
        /// Banned purposes.
        purposes: TermList,
    },
    /// `encrypted at rest [and in transit]`
    Encrypted {
        /// `at rest`, if written.
        at_rest: Option<Span>,
        /// `in transit`, if written.
        in_transit: Option<Span>,
    },
    /// `de-identified` / `not linked to identified individuals`
    DeIdentified,
}

/// Which activity a residency statement confines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResidencyScope {
    /// `stored`: where stores and processors keep the data.
    Stored,
    /// `processed`: stores, processors and every recipient.
    Processed,
    /// `accessed`: where the data is accessed from.
    Accessed,
}

/// A key path into a YAML document: `accounts.inactive_deletion_after`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPath {
    /// The segments in order.
    pub segments: Vec<Spanned<KeySegment>>,
    /// The whole path.
    pub span: Span,
}

/// One step of a key path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySegment {
    /// A mapping key.
    Key(String),
    /// A sequence index (`[0]`).
    Index(usize),
}

/// What a config statement requires of a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigTest {
    /// The operator.
    pub op: Spanned<ConfigOp>,
    /// The operand(s): none for `is set`, several for `is one of`.
    pub values: Vec<ValueLit>,
}

/// A config comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigOp {
    /// `<=`
    Le,
    /// `<`
    Lt,
    /// `>=`
    Ge,
    /// `>`
    Gt,
    /// `=` or `==`
    Eq,
    /// `!=`
    Ne,
    /// `is set`
    IsSet,
    /// `is not set`
    IsNotSet,
    /// `is one of a, b`
    OneOf,
    /// An operator privet does not have, as written (`=>`): the resolver
    /// names the one that was meant.
    Unknown(String),
}

/// A literal value in a config statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueLit {
    /// `true` / `false`
    Bool(Spanned<bool>),
    /// A number as written.
    Number(Spanned<String>),
    /// A quoted string.
    String(StringLit),
    /// A duration.
    Duration(DurationLit),
}

impl ValueLit {
    /// Where the value was written.
    pub fn span(&self) -> Span {
        match self {
            ValueLit::Bool(b) => b.span,
            ValueLit::Number(n) => n.span,
            ValueLit::String(s) => s.span,
            ValueLit::Duration(d) => d.span(),
        }
    }
}
