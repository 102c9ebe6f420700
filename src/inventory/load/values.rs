//! Lowering single values: terms bound to the taxonomy, ages and flags.
//! Every error points at the value itself.

use std::ops::RangeInclusive;

use super::lower::Lowerer;
use super::raw::{Flag, RawAge, RawSubjects, RawTerms, TermList, Text};
use crate::diagnostic::Code;
use crate::inventory::{At, Subjects, TermsAt};
use crate::source::Span;
use crate::taxonomy::{TermId, Vocabulary};
use crate::yaml::YamlSpanned;

/// A key whose value is a term list: its name (for messages), the
/// vocabulary its terms are in, and whether `[]` is a statement ("none")
/// or a slip — then with the help line that says what to write instead.
#[derive(Clone, Copy, Debug)]
pub(super) struct ListKey {
    name: &'static str,
    vocabulary: Vocabulary,
    /// `None` if `[]` is allowed; else the help for an empty list.
    if_empty: Option<&'static str>,
}

const fn refusing_empty(name: &'static str, vocabulary: Vocabulary, help: &'static str) -> ListKey {
    ListKey {
        name,
        vocabulary,
        if_empty: Some(help),
    }
}

const fn allowing_empty(name: &'static str, vocabulary: Vocabulary) -> ListKey {
    ListKey {
        name,
        vocabulary,
        if_empty: None,
    }
}

/// `location` of systems, datasets and recipients.
pub(super) const LOCATION: ListKey = refusing_empty(
    "location",
    Vocabulary::Region,
    "list at least one region, or remove `location` if it is not known; privet then reports it as missing",
);
/// `access_from` of systems and datasets.
pub(super) const ACCESS_FROM: ListKey = refusing_empty(
    "access_from",
    Vocabulary::Region,
    "list at least one region, or remove `access_from` if it is not known; privet then reports it as missing",
);
/// `purposes` of anything.
pub(super) const PURPOSES: ListKey = refusing_empty(
    "purposes",
    Vocabulary::DataUse,
    "list at least one purpose, or remove `purposes` if they are not known; privet then reports them as missing",
);
/// `categories` of a field, which must say what it holds.
pub(super) const FIELD_CATEGORIES: ListKey = refusing_empty(
    "categories",
    Vocabulary::DataCategory,
    "list the data the field holds, for example `[user.contact.email]`",
);
/// `categories` of a recipient, where `[]` would read as "nothing".
pub(super) const RECIPIENT_CATEGORIES: ListKey = refusing_empty(
    "categories",
    Vocabulary::DataCategory,
    "list the data the recipient receives, or remove `categories` if it receives everything its system holds",
);
/// `categories` of a dataset, which may be `[]` beside its fields.
pub(super) const DATASET_CATEGORIES: ListKey =
    allowing_empty("categories", Vocabulary::DataCategory);
/// `subjects.kinds`.
const KINDS: ListKey = refusing_empty(
    "kinds",
    Vocabulary::DataSubject,
    "list at least one kind of data subject, such as `[customer]`, or remove `kinds` if it is not known",
);
/// `subjects.regions`.
const REGIONS: ListKey = refusing_empty(
    "regions",
    Vocabulary::Region,
    "list at least one region, or remove `regions` if it is not known",
);
/// `contracts`: `[]` says there is none on record.
pub(super) const CONTRACTS: ListKey = allowing_empty("contracts", Vocabulary::ContractKind);
/// `transfer_mechanisms`: `[]` says there is none.
pub(super) const MECHANISMS: ListKey =
    allowing_empty("transfer_mechanisms", Vocabulary::TransferMechanism);

/// Whether a term list is written as `[]`.
pub(super) fn is_empty(terms: &RawTerms) -> bool {
    matches!(terms, RawTerms::Many(list) if list.is_empty())
}

/// The ages `min_age` accepts, in whole years; 0 means newborns may be
/// among the subjects.
const AGES: RangeInclusive<i64> = 0..=120;

impl Lowerer<'_> {
    /// Binds every term written under `key`, expanding term sets; each
    /// member keeps the span of the term that brought it in. `None` if the
    /// key is absent.
    pub(super) fn terms(&mut self, key: ListKey, raw: Option<&TermList>) -> Option<TermsAt> {
        let raw = raw?;
        let span = self.span(raw);
        let vocabulary = key.vocabulary;
        let mut out = Vec::new();
        match &raw.value {
            RawTerms::One(text) => self.push_term(vocabulary, text, span, &mut out),
            RawTerms::Many(list) if list.is_empty() => self.empty_list(key, span),
            RawTerms::Many(list) => {
                for term in list {
                    let span = self.span(term);
                    self.push_term(vocabulary, &term.value, span, &mut out);
                }
            }
        }
        Some(out)
    }

    fn push_term(&mut self, vocabulary: Vocabulary, text: &str, span: Span, out: &mut TermsAt) {
        let Some(id) = self.lookup(vocabulary, text, span) else {
            return;
        };
        let taxonomy = self.taxonomy;
        for &member in taxonomy.expand(id) {
            // Two names for one term count once. The scan is bounded by the
            // size of the vocabulary, so it stays linear in the input.
            if !out.iter().any(|t| t.value == member) {
                out.push(At::new(member, self.loc(span)));
            }
        }
    }

    fn empty_list(&mut self, key: ListKey, span: Span) {
        let Some(help) = key.if_empty else {
            return;
        };
        let d = self
            .error(
                Code::InventoryInvalid,
                span,
                format!("`{}` is an empty list", key.name),
            )
            .with_label("empty")
            .with_help(help);
        self.report(d);
    }

    /// Binds one term written under a key that takes a single term.
    pub(super) fn term(&mut self, vocabulary: Vocabulary, raw: &Text) -> Option<At<TermId>> {
        let span = self.span(raw);
        let id = self.lookup(vocabulary, &raw.value, span)?;
        Some(At::new(id, self.loc(span)))
    }

    /// The term `text` names, or an "unknown term" error at `span`.
    pub(super) fn lookup(
        &mut self,
        vocabulary: Vocabulary,
        text: &str,
        span: Span,
    ) -> Option<TermId> {
        let Some(id) = self.taxonomy.lookup(vocabulary, text) else {
            self.unknown_term(vocabulary, text, span);
            return None;
        };
        // A deprecated term stands for its replacement, which is what the
        // checks mean; `load` has no channel for a warning.
        Some(self.taxonomy.entry(id).deprecated_by.unwrap_or(id))
    }

    fn unknown_term(&mut self, vocabulary: Vocabulary, text: &str, span: Span) {
        let d = self
            .taxonomy
            .unknown_term(&self.file, vocabulary, text, span);
        self.report(d);
    }

    /// A yes/no value with its location.
    pub(super) fn flag(&self, raw: Option<&Flag>) -> Option<At<bool>> {
        raw.map(|flag| At::new(flag.value, self.loc(self.span(flag))))
    }

    /// Whose data it is; each part is `None` unless stated.
    pub(super) fn subjects(&mut self, raw: Option<&RawSubjects>) -> Subjects {
        let Some(raw) = raw else {
            return Subjects::default();
        };
        Subjects {
            kinds: self.terms(KINDS, raw.kinds.as_ref()),
            min_age: raw.min_age.as_ref().and_then(|age| self.age(age)),
            regions: self.terms(REGIONS, raw.regions.as_ref()),
        }
    }

    fn age(&mut self, raw: &YamlSpanned<RawAge>) -> Option<At<u8>> {
        let span = self.span(raw);
        let text = match &raw.value {
            RawAge::Whole(years) if AGES.contains(years) => {
                return u8::try_from(*years)
                    .ok()
                    .map(|a| At::new(a, self.loc(span)));
            }
            RawAge::Whole(years) => {
                let d = self
                    .error(
                        Code::ValueOutOfRange,
                        span,
                        format!("`{years}` is not an age privet accepts"),
                    )
                    .with_label(format!("ages run from {} to {}", AGES.start(), AGES.end()))
                    .with_help(
                        "write the youngest age of the people whose data this is, such as `16`",
                    );
                self.report(d);
                return None;
            }
            RawAge::Other(text) => text,
        };
        let d = self
            .error(Code::InventoryInvalid, span, format!("`{text}` is not an age"))
            .with_label("expected a whole number of years")
            .with_help("write the youngest age of the people whose data this is as a number, such as `16`; `0` if children of any age may be among them");
        self.report(d);
        None
    }
}
