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
    /// No policy files were found.
    IoNoRules => "privet::io::no_rules",
        "no `.privet` files were found where the rules should be";
    /// A taxonomy extension file is invalid.
    TaxonomyInvalid => "privet::taxonomy::invalid",
        "a taxonomy extension file is invalid";
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
