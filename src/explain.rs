//! `privet explain`: what each diagnostic code means.
//!
//! Every code has one page, `docs/codes/<name>.md` (`<name>` is
//! [`Code::doc_name`]), written for privacy engineers and counsel: what the
//! check verifies, why it matters, an example that breaks it and the fix.
//! The pages are embedded here with `include_str!`, so the documentation in
//! the repository, the links in SARIF output and `privet explain` are one
//! text. A test checks that every code has a page, that every page belongs
//! to a code, and that every example marked runnable really produces its
//! code.

use std::fmt::Write as _;

use crate::diagnostic::Code;

/// Declares the page of each code: `Variant => "doc-name"` embeds
/// `docs/codes/doc-name.md`.
macro_rules! pages {
    ($($variant:ident => $name:literal,)*) => {
        /// Every code's page, in registry order.
        const PAGES: &[(Code, &str)] = &[
            $((Code::$variant, include_str!(concat!("../docs/codes/", $name, ".md"))),)*
        ];
    };
}

pages! {
    SyntaxUnexpected => "syntax-unexpected",
    SyntaxUnclosedString => "syntax-unclosed-string",
    SyntaxUnclosedBlock => "syntax-unclosed-block",
    SyntaxSuspiciousCharacter => "syntax-suspicious-character",
    TermUnknown => "term-unknown",
    TermNeedsAge => "term-needs-age",
    TermDeprecated => "term-deprecated",
    CommitmentDuplicateId => "commitment-duplicate-id",
    CommitmentEmpty => "commitment-empty",
    CommitmentDuplicateField => "commitment-duplicate-field",
    CommitmentContradiction => "commitment-contradiction",
    HeaderMissing => "header-missing",
    HeaderDuplicate => "header-duplicate",
    HeaderMissingField => "header-missing-field",
    HeaderDuplicateField => "header-duplicate-field",
    ValueOutOfRange => "value-out-of-range",
    ValueInvalidDate => "value-invalid-date",
    ValueUnknownUnit => "value-unknown-unit",
    ValueUnknownOperator => "value-unknown-operator",
    ValueMismatch => "value-mismatch",
    ValueInvalidGlob => "value-invalid-glob",
    IoUnreadable => "io-unreadable",
    IoNotText => "io-not-text",
    IoNoInventory => "io-no-inventory",
    IoNoRules => "io-no-rules",
    TaxonomyInvalid => "taxonomy-invalid",
    InventoryInvalid => "inventory-invalid",
    InventoryDuplicate => "inventory-duplicate",
    ProjectInvalid => "project-invalid",
    WaiverInvalid => "waiver-invalid",
    ConfigInvalid => "config-invalid",
    RetentionExceeded => "retention-exceeded",
    RetentionUnbounded => "retention-unbounded",
    RetentionWrongEvent => "retention-wrong-event",
    DisclosureSale => "disclosure-sale",
    DisclosureSharing => "disclosure-sharing",
    CollectionProhibited => "collection-prohibited",
    CollectionUndisclosed => "collection-undisclosed",
    ResidencyOutside => "residency-outside",
    RecipientsKindNotAllowed => "recipients-kind-not-allowed",
    RecipientsOutsideRegion => "recipients-outside-region",
    RecipientsBanned => "recipients-banned",
    RecipientsPurposeNotAllowed => "recipients-purpose-not-allowed",
    RecipientsPurposeBanned => "recipients-purpose-banned",
    TransferNoMechanism => "transfer-no-mechanism",
    PurposeNotAllowed => "purpose-not-allowed",
    PurposeBanned => "purpose-banned",
    DeIdentifiedIdentifying => "deidentified-identifying",
    ContractMissing => "contract-missing",
    SecurityUnencrypted => "security-unencrypted",
    ConfigViolated => "config-violated",
    ConfigMissing => "config-missing",
    ConfigWrongType => "config-wrong-type",
    ConfigNoMatch => "config-no-match",
    FidesRuleViolated => "fides-rule-violated",
    EvidenceMissing => "evidence-missing",
    CommitmentMatchesNothing => "commitment-matches-nothing",
    WaiverExpired => "waiver-expired",
    WaiverUnused => "waiver-unused",
    YamlInvalid => "yaml-invalid",
}

/// The explanation of `code`: its page, as markdown.
pub fn page(code: Code) -> Option<&'static str> {
    PAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, text)| *text)
}

/// Where `code`'s page lives in the repository, from its root:
/// `docs/codes/retention-exceeded.md`.
pub fn doc_path(code: Code) -> String {
    format!("docs/codes/{}.md", code.doc_name())
}

/// The command that explains `code`, as a help line shows it:
/// `privet explain retention::exceeded`.
pub fn command(code: Code) -> String {
    format!("privet explain {}", short(code))
}

/// The code without its `privet::` prefix: `retention::exceeded`.
fn short(code: Code) -> &'static str {
    let id = code.as_str();
    id.strip_prefix("privet::").unwrap_or(id)
}

/// A code the user asked about that does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCode {
    /// What the user wrote.
    pub written: String,
    /// The closest code, when one is close enough to be a likely typo.
    pub suggestion: Option<Code>,
}

impl UnknownCode {
    /// One line saying what is wrong.
    pub fn message(&self) -> String {
        format!("`{}` is not a privet code", self.written)
    }

    /// One line saying what to do instead.
    pub fn help(&self) -> String {
        let list = "`privet explain --list` lists every code";
        match self.suggestion {
            Some(code) => format!("did you mean `{}`? {list}", code.as_str()),
            None => list.to_owned(),
        }
    }
}

/// Reads a code as a user types it: `privet::retention::exceeded`,
/// `retention::exceeded` or the page name `retention-exceeded`, in any
/// case and with surrounding spaces.
pub fn lookup(text: &str) -> Result<Code, UnknownCode> {
    let wanted = normalize(text);
    let found = Code::ALL
        .iter()
        .copied()
        .find(|&code| short(code) == wanted || code.doc_name() == wanted);
    found.ok_or_else(|| UnknownCode {
        written: text.trim().to_owned(),
        suggestion: closest(&wanted),
    })
}

/// Lowercase, trimmed, without the `privet::` prefix.
fn normalize(text: &str) -> String {
    let text = text.trim().to_lowercase();
    match text.strip_prefix("privet::") {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// The code most like `wanted`, if one is close enough to be a likely
/// typo; of equally close codes, the first in registry order.
fn closest(wanted: &str) -> Option<Code> {
    const LIKELY_TYPO: f64 = 0.85;
    let mut best: Option<(f64, Code)> = None;
    for &code in Code::ALL {
        let score = likeness(wanted, code);
        if score >= LIKELY_TYPO && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, code));
        }
    }
    best.map(|(_, code)| code)
}

/// How alike `wanted` and a code are, from 0 to 1: compared whole
/// (`retention::exceded`) and, when no area is given, by name alone
/// (`wrong_event`).
fn likeness(wanted: &str, code: Code) -> f64 {
    let whole = strsim::jaro_winkler(wanted, short(code));
    if wanted.contains("::") {
        return whole;
    }
    let name = short(code).rsplit("::").next().unwrap_or_default();
    whole.max(strsim::jaro_winkler(wanted, name))
}

/// Every code with its one-line summary, grouped by area (`syntax`,
/// `retention`, ...) in the order the areas first appear in the registry.
pub fn list() -> String {
    let width = Code::ALL.iter().map(|c| c.as_str().len()).max();
    let blocks: Vec<String> = areas()
        .into_iter()
        .map(|area| area_block(area, width.unwrap_or(0)))
        .collect();
    blocks.join("\n")
}

/// One area's heading and its codes, the summaries aligned at `width`.
fn area_block(area: &str, width: usize) -> String {
    let mut block = format!("{area}\n");
    for code in Code::ALL.iter().filter(|c| area_of(**c) == area) {
        let _ = writeln!(block, "  {:width$}  {}", code.as_str(), code.summary());
    }
    block
}

/// The areas of the registry, each once, in order of first appearance.
fn areas() -> Vec<&'static str> {
    let mut areas: Vec<&'static str> = Vec::new();
    for &code in Code::ALL {
        let area = area_of(code);
        if !areas.contains(&area) {
            areas.push(area);
        }
    }
    areas
}

/// `retention` for `privet::retention::exceeded`.
fn area_of(code: Code) -> &'static str {
    short(code).split("::").next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_found_with_or_without_its_prefix() {
        let code = Code::RetentionExceeded;
        assert_eq!(lookup("privet::retention::exceeded"), Ok(code));
        assert_eq!(lookup("retention::exceeded"), Ok(code));
        assert_eq!(lookup(" Retention::Exceeded "), Ok(code));
        assert_eq!(lookup("retention-exceeded"), Ok(code));
    }

    #[test]
    fn a_misspelled_code_suggests_the_closest() {
        let unknown = lookup("retention::exceded").unwrap_err();
        assert_eq!(unknown.suggestion, Some(Code::RetentionExceeded));
        let by_name = lookup("wrong_event").unwrap_err();
        assert_eq!(by_name.suggestion, Some(Code::RetentionWrongEvent));
        let far = lookup("banana").unwrap_err();
        assert_eq!(far.suggestion, None);
    }

    #[test]
    fn the_command_uses_the_short_form() {
        assert_eq!(
            command(Code::RetentionExceeded),
            "privet explain retention::exceeded"
        );
    }
}
