//! Binding Fides taxonomy keys to privet's taxonomy: current keys (and
//! custom entries, which `custom` adds to the taxonomy) as they are, keys
//! older fideslang releases renamed (the table in
//! `src/taxonomy/fides_renames.tsv`) and deprecated entries as their
//! replacement with a warning, and ISO 3166 alpha-3 country codes
//! (`third_country_transfers`) as the taxonomy's alpha-2 regions.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::taxonomy::{Taxonomy, TermId, Vocabulary};

/// The renames table, embedded at build time.
const RENAMES_TSV: &str = include_str!("../../taxonomy/fides_renames.tsv");

/// A key an older fideslang release used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rename {
    /// The current key: its new name or, for a removed key, the nearest
    /// broader current key.
    pub current: &'static str,
    /// The release that renamed or removed it (`fideslang 2.0`).
    pub release: &'static str,
    /// Whether it was removed with no replacement.
    pub removed: bool,
}

static RENAMES: LazyLock<BTreeMap<(&'static str, &'static str), Rename>> =
    LazyLock::new(|| parse_renames(RENAMES_TSV));

fn parse_renames(text: &'static str) -> BTreeMap<(&'static str, &'static str), Rename> {
    let rows = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    rows.filter_map(|line| {
        let mut cells = line.split('\t');
        let (vocabulary, old) = (cells.next()?, cells.next()?);
        let (current, release) = (cells.next()?, cells.next()?);
        let removed = cells.next() == Some("removed");
        let rename = Rename {
            current,
            release,
            removed,
        };
        Some(((vocabulary, old), rename))
    })
    .collect()
}

/// The Fides resource key of a vocabulary's entries.
pub(crate) fn fides_vocabulary(vocabulary: Vocabulary) -> &'static str {
    match vocabulary {
        Vocabulary::DataCategory => "data_category",
        Vocabulary::DataUse => "data_use",
        Vocabulary::DataSubject => "data_subject",
        _ => "",
    }
}

/// The current key for `old`, if an older fideslang release used it.
pub(crate) fn renamed(vocabulary: Vocabulary, old: &str) -> Option<&'static Rename> {
    // Only keys the taxonomy does not know come here, and the table is
    // small: a scan is enough.
    let vocabulary = fides_vocabulary(vocabulary);
    RENAMES
        .iter()
        .find(|((v, o), _)| *v == vocabulary && *o == old)
        .map(|(_, rename)| rename)
}

/// The current term a Fides key names: an older key as its replacement,
/// a deprecated entry as the entry that replaces it. `None` when privet
/// does not know the key.
pub(crate) fn resolve(taxonomy: &Taxonomy, vocabulary: Vocabulary, key: &str) -> Option<TermId> {
    if let Some(rename) = renamed(vocabulary, key) {
        return taxonomy.lookup(vocabulary, rename.current);
    }
    let id = taxonomy.lookup(vocabulary, key)?;
    Some(taxonomy.entry(id).deprecated_by.unwrap_or(id))
}

/// ISO 3166-1 alpha-3 codes of the countries transfers name most, with
/// their alpha-2 code (the taxonomy's region ids).
const ALPHA3: [(&str, &str); 32] = [
    ("ARE", "AE"),
    ("ARG", "AR"),
    ("AUS", "AU"),
    ("AUT", "AT"),
    ("BEL", "BE"),
    ("BRA", "BR"),
    ("CAN", "CA"),
    ("CHE", "CH"),
    ("CHN", "CN"),
    ("DEU", "DE"),
    ("DNK", "DK"),
    ("ESP", "ES"),
    ("FIN", "FI"),
    ("FRA", "FR"),
    ("GBR", "GB"),
    ("IND", "IN"),
    ("IRL", "IE"),
    ("ISR", "IL"),
    ("ITA", "IT"),
    ("JPN", "JP"),
    ("KOR", "KR"),
    ("MEX", "MX"),
    ("NLD", "NL"),
    ("NOR", "NO"),
    ("NZL", "NZ"),
    ("PHL", "PH"),
    ("POL", "PL"),
    ("PRT", "PT"),
    ("SGP", "SG"),
    ("SWE", "SE"),
    ("UKR", "UA"),
    ("USA", "US"),
];

/// The region a Fides country code names: the taxonomy's own lookup
/// (alpha-2 codes, names), else the alpha-3 table.
pub(crate) fn region(taxonomy: &Taxonomy, code: &str) -> Option<TermId> {
    taxonomy.lookup(Vocabulary::Region, code).or_else(|| {
        let upper = code.trim().to_ascii_uppercase();
        let (_, alpha2) = ALPHA3.iter().find(|(a3, _)| *a3 == upper)?;
        taxonomy.lookup(Vocabulary::Region, alpha2)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_current_key_of_the_renames_table_is_in_the_taxonomy() {
        let taxonomy = Taxonomy::builtin();
        assert!(RENAMES.len() > 100, "the table did not parse");
        assert!(RENAMES.values().any(|r| r.removed), "no removed key");
        for ((vocabulary, old), rename) in RENAMES.iter() {
            let vocabulary = match *vocabulary {
                "data_category" => Vocabulary::DataCategory,
                "data_use" => Vocabulary::DataUse,
                other => panic!("unknown vocabulary {other}"),
            };
            assert!(
                taxonomy.lookup(vocabulary, rename.current).is_some(),
                "{old}"
            );
            let found = taxonomy
                .lookup(vocabulary, old)
                .map(|id| taxonomy.id_str(id));
            assert_ne!(found, Some(*old), "{old} is a current id");
        }
    }

    #[test]
    fn alpha3_codes_are_regions() {
        let taxonomy = Taxonomy::builtin();
        for (alpha3, _) in ALPHA3 {
            assert!(region(taxonomy, alpha3).is_some(), "{alpha3}");
        }
    }
}
