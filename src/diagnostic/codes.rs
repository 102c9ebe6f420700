//! The registry of diagnostic codes.
//!
//! Every code privet can print lives here, once. Codes are part of the
//! command-line contract: CI configurations, waivers and severity overrides
//! name them, so a code is never renamed, reused or derived from enum order.

/// Declares the code enum, its string form and its one-line summary.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $id:literal, $summary:literal;)*) => {
        /// A stable diagnostic code such as `privet::syntax::unexpected`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as printed: `privet::<area>::<name>`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $id,)*
                }
            }

            /// The code written as `privet::<area>::<name>`, if it exists.
            pub fn parse(text: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str() == text)
            }

            /// The code's page name: `retention-exceeded` for
            /// `privet::retention::exceeded` (`docs/codes/<name>.md`).
            pub fn doc_name(self) -> String {
                let id = self.as_str();
                id.strip_prefix("privet::").unwrap_or(id).replace("::", "-").replace('_', "-")
            }

            /// What the code means, in one line.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }
    };
}

codes! {
    /// A `.privet` file does not follow the grammar.
    SyntaxUnexpected => "privet::syntax::unexpected",
        "a policy file does not follow the commitment language";
    /// A string literal is never closed.
    SyntaxUnclosedString => "privet::syntax::unclosed_string",
        "a quoted string is never closed";
    /// A `{` block is never closed.
    SyntaxUnclosedBlock => "privet::syntax::unclosed_block",
        "a policy or commitment block is missing its closing `}`";
    /// A policy file holds a character that may make it read differently
    /// from what privet parses.
    SyntaxSuspiciousCharacter => "privet::syntax::suspicious_character",
        "a policy file holds an invisible, direction-changing or lookalike character";
    /// A term is not in the taxonomy.
    TermUnknown => "privet::term::unknown",
        "a data category, purpose, subject, recipient kind, region, event, mechanism or contract is not in the taxonomy";
    /// A term is used where it needs an age (`children under 13`).
    TermNeedsAge => "privet::term::needs_age",
        "a group of data subjects defined by age is named without the age";
    /// A term is deprecated in the taxonomy.
    TermDeprecated => "privet::term::deprecated",
        "a taxonomy term is deprecated and has a replacement";
    /// Two commitments share an id.
    CommitmentDuplicateId => "privet::commitment::duplicate_id",
        "two commitments have the same id";
    /// A commitment has no statement to check.
    CommitmentEmpty => "privet::commitment::empty",
        "a commitment has no statement, so it checks nothing";
    /// A commitment repeats a field such as `quote` or `severity`.
    CommitmentDuplicateField => "privet::commitment::duplicate_field",
        "a commitment gives the same field twice";
    /// Two statements in one commitment cannot both hold.
    CommitmentContradiction => "privet::commitment::contradiction",
        "two statements in one commitment contradict each other";
    /// A policy file has no `policy` header.
    HeaderMissing => "privet::header::missing",
        "a policy file has no `policy` header";
    /// A policy file has more than one header.
    HeaderDuplicate => "privet::header::duplicate",
        "a policy file has more than one `policy` header";
    /// A header lacks `source` or `effective`.
    HeaderMissingField => "privet::header::missing_field",
        "a policy header lacks its source URL or effective date";
    /// A header repeats a field.
    HeaderDuplicateField => "privet::header::duplicate_field",
        "a policy header gives the same field twice";
    /// A number, age or duration is outside the range privet accepts.
    ValueOutOfRange => "privet::value::out_of_range",
        "a number, age or duration is out of range";
    /// A date is not a real calendar date.
    ValueInvalidDate => "privet::value::invalid_date",
        "a date is not a real calendar date in the form YYYY-MM-DD";
    /// A duration uses a unit privet does not know.
    ValueUnknownUnit => "privet::value::unknown_unit",
        "a duration uses an unknown unit of time";
    /// A config statement uses an operator privet does not have.
    ValueUnknownOperator => "privet::value::unknown_operator",
        "a config statement uses an operator that does not exist";
    /// A config statement compares a value with an operator that does not fit it.
    ValueMismatch => "privet::value::mismatch",
        "a config statement compares values that cannot be compared";
    /// A glob in a commitment is not valid or reaches outside the project.
    ValueInvalidGlob => "privet::value::invalid_glob",
        "a file pattern is invalid or reaches outside the project";
    /// A file could not be read.
    IoUnreadable => "privet::io::unreadable",
        "a file or directory could not be read";
    /// A file is not UTF-8 text.
    IoNotText => "privet::io::not_text",
        "a file is not UTF-8 text";
    /// No inventory files were found.
    IoNoInventory => "privet::io::no_inventory",
        "no inventory files were found, so statements about data are not checked";
    /// No policy files were found.
    IoNoRules => "privet::io::no_rules",
        "no `.privet` files were found where the rules should be";
    /// A taxonomy extension file is invalid.
    TaxonomyInvalid => "privet::taxonomy::invalid",
        "a taxonomy extension file is invalid";
    /// An inventory file does not match privet's inventory format.
    InventoryInvalid => "privet::inventory::invalid",
        "an inventory file does not match the inventory format";
    /// Two inventory items share a name where names must be unique.
    InventoryDuplicate => "privet::inventory::duplicate",
        "two systems, datasets, fields or recipients share a name";
    /// The project file is invalid.
    ProjectInvalid => "privet::project::invalid",
        "the project file `privet.yaml` is invalid";
    /// The waivers file is invalid.
    WaiverInvalid => "privet::waiver::invalid",
        "the waivers file is invalid";
    /// A config file matched by a commitment is not valid YAML.
    ConfigInvalid => "privet::config::invalid",
        "a config file matched by a commitment cannot be read as YAML";
    /// Data is kept longer than promised.
    RetentionExceeded => "privet::retention::exceeded",
        "data is kept longer than the commitment allows";
    /// Data is kept with no limit where a limit is promised.
    RetentionUnbounded => "privet::retention::unbounded",
        "data is kept indefinitely where the commitment sets a limit";
    /// Retention counts from a different event than promised.
    RetentionWrongEvent => "privet::retention::wrong_event",
        "data's retention counts from a later or unrelated event than the commitment's";
    /// Data is sold against a no-sale promise.
    DisclosureSale => "privet::disclosure::sale",
        "a recipient buys data the commitment says is never sold";
    /// Data is "shared" (CCPA) against a no-sharing promise.
    DisclosureSharing => "privet::disclosure::sharing",
        "a recipient receives data for cross-context advertising the commitment says is never shared";
    /// Data is collected from subjects it must not be collected from.
    CollectionProhibited => "privet::collection::prohibited",
        "a store holds data the commitment says is never collected";
    /// Data outside the disclosed categories is collected.
    CollectionUndisclosed => "privet::collection::undisclosed",
        "a store holds a category of data the commitment does not disclose";
    /// Data is stored, processed or accessed outside the promised regions.
    ResidencyOutside => "privet::residency::outside",
        "a store, processor or recipient is outside the regions the commitment allows";
    /// A recipient's kind is not one the data may go to.
    RecipientsKindNotAllowed => "privet::recipients::kind_not_allowed",
        "data goes to a kind of recipient the commitment does not allow";
    /// A recipient is located outside the allowed regions.
    RecipientsOutsideRegion => "privet::recipients::outside_region",
        "data goes to a recipient outside the regions the commitment allows";
    /// A recipient's kind is banned.
    RecipientsBanned => "privet::recipients::banned",
        "data goes to a kind of recipient the commitment bans";
    /// A recipient uses data for a purpose not allowed.
    RecipientsPurposeNotAllowed => "privet::recipients::purpose_not_allowed",
        "a recipient uses data for a purpose the commitment does not allow";
    /// A recipient uses data for a banned purpose.
    RecipientsPurposeBanned => "privet::recipients::purpose_banned",
        "a recipient receives data for a purpose the commitment bans";
    /// A cross-border transfer names no accepted mechanism.
    TransferNoMechanism => "privet::transfer::no_mechanism",
        "a transfer out of a region names no accepted transfer mechanism";
    /// Data is used for a purpose not allowed.
    PurposeNotAllowed => "privet::purpose::not_allowed",
        "data is used for a purpose the commitment does not allow";
    /// Data is used for a banned purpose.
    PurposeBanned => "privet::purpose::banned",
        "data is used for a purpose the commitment bans";
    /// A de-identified dataset holds identifying data or a link key.
    DeIdentifiedIdentifying => "privet::deidentified::identifying",
        "a dataset promised to be de-identified holds identifying data or a link key";
    /// A recipient lacks a required contract.
    ContractMissing => "privet::contract::missing",
        "a recipient has no contract of the kind the commitment requires";
    /// Data is not encrypted as promised.
    SecurityUnencrypted => "privet::security::unencrypted",
        "a store is not encrypted at rest or in transit as the commitment requires";
    /// A config value breaks a config statement.
    ConfigViolated => "privet::config::violated",
        "a config value is out of the bounds the commitment sets";
    /// A config key is missing.
    ConfigMissing => "privet::config::missing",
        "a config file lacks the key a commitment checks";
    /// A config value has the wrong type.
    ConfigWrongType => "privet::config::wrong_type",
        "a config value has a type the commitment cannot compare";
    /// A config glob matches no file.
    ConfigNoMatch => "privet::config::no_match",
        "a config statement's file pattern matches no file";
    /// A Fides privacy declaration breaks a rule of a Fides policy.
    FidesRuleViolated => "privet::fides::rule_violated",
        "a privacy declaration of a Fides system breaks a rule of a Fides policy";
    /// The inventory does not state a fact a commitment needs.
    EvidenceMissing => "privet::evidence::missing",
        "the inventory does not state a fact the commitment needs, so it cannot be proven";
    /// A statement's data matches nothing in the inventory.
    CommitmentMatchesNothing => "privet::commitment::matches_nothing",
        "a statement's data matches nothing in the inventory, so it checks nothing";
    /// A waiver has expired.
    WaiverExpired => "privet::waiver::expired",
        "a waiver's expiry date has passed";
    /// A waiver matched no finding.
    WaiverUnused => "privet::waiver::unused",
        "a waiver matches no finding";
    /// A YAML file is invalid.
    YamlInvalid => "privet::yaml::invalid",
        "a YAML file is not valid YAML or does not match its format";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = BTreeSet::new();
        for code in Code::ALL {
            let id = code.as_str();
            assert!(seen.insert(id), "duplicate code {id}");
            assert!(id.starts_with("privet::"), "{id}");
            assert_eq!(id.split("::").count(), 3, "{id}");
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c == ':' || c == '_'),
                "{id}"
            );
            assert!(!code.summary().ends_with('.'), "{id}");
        }
    }
}
