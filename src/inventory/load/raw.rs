//! The inventory file as written: serde structs that mirror the YAML one
//! key for one key, each value a check can point at wrapped in
//! [`YamlSpanned`] so its location survives.
//!
//! Every struct denies unknown keys, so a misspelled key is an error rather
//! than a silently ignored fact. The two shapes that take either a single
//! value or a richer form (a term or a list of terms; a retention written as
//! text or as a mapping) have hand-written visitors instead of untagged
//! enums, which would lose the spans of the values inside them.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};

use crate::yaml::YamlSpanned;

/// A text value and where it is written.
pub(super) type Text = YamlSpanned<String>;

/// A term list (`purposes`, `location`, ...) and where it is written.
pub(super) type TermList = YamlSpanned<RawTerms>;

/// A yes/no value and where it is written.
pub(super) type Flag = YamlSpanned<bool>;

/// One inventory file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    /// The systems it declares.
    pub systems: Option<Vec<YamlSpanned<RawSystem>>>,
}

/// A system: a service or application.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSystem {
    pub name: Option<Text>,
    #[expect(dead_code, reason = "free text for human readers; no check reads it")]
    pub description: Option<String>,
    pub location: Option<TermList>,
    pub access_from: Option<TermList>,
    pub encryption: Option<RawEncryption>,
    pub subjects: Option<RawSubjects>,
    pub retention: Option<YamlSpanned<RawRetention>>,
    pub purposes: Option<TermList>,
    pub datasets: Option<Vec<YamlSpanned<RawDataset>>>,
    pub recipients: Option<Vec<YamlSpanned<RawRecipient>>>,
}

/// A dataset or data store of a system.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDataset {
    pub name: Option<Text>,
    #[expect(dead_code, reason = "free text for human readers; no check reads it")]
    pub description: Option<String>,
    pub engine: Option<Text>,
    pub location: Option<TermList>,
    pub access_from: Option<TermList>,
    pub encryption: Option<RawEncryption>,
    pub subjects: Option<RawSubjects>,
    pub retention: Option<YamlSpanned<RawRetention>>,
    pub purposes: Option<TermList>,
    pub categories: Option<TermList>,
    pub fields: Option<Vec<YamlSpanned<RawField>>>,
}

/// A field of a dataset.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawField {
    pub name: Option<Text>,
    #[expect(dead_code, reason = "free text for human readers; no check reads it")]
    pub description: Option<String>,
    pub categories: Option<TermList>,
    pub purposes: Option<TermList>,
    pub retention: Option<YamlSpanned<RawRetention>>,
    pub link_key: Option<Flag>,
}

/// A processor or third party receiving a system's data.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRecipient {
    pub name: Option<Text>,
    #[expect(dead_code, reason = "free text for human readers; no check reads it")]
    pub description: Option<String>,
    pub kind: Option<Text>,
    pub categories: Option<TermList>,
    pub purposes: Option<TermList>,
    pub location: Option<TermList>,
    pub sale: Option<Flag>,
    pub sharing: Option<Flag>,
    pub contracts: Option<TermList>,
    pub transfer_mechanisms: Option<TermList>,
}

/// `encryption: { at_rest: true, in_transit: true }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEncryption {
    pub at_rest: Option<Flag>,
    pub in_transit: Option<Flag>,
}

/// `subjects: { kinds: [customer], min_age: 16, regions: [US] }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSubjects {
    pub kinds: Option<TermList>,
    pub min_age: Option<YamlSpanned<RawAge>>,
    pub regions: Option<TermList>,
}

/// The facts a dataset inherits from its system, borrowed from either.
pub(super) struct RawFacts<'a> {
    pub location: Option<&'a TermList>,
    pub access_from: Option<&'a TermList>,
    pub encryption: Option<&'a RawEncryption>,
    pub subjects: Option<&'a RawSubjects>,
    pub retention: Option<&'a YamlSpanned<RawRetention>>,
    pub purposes: Option<&'a TermList>,
}

impl RawSystem {
    /// The facts its datasets inherit.
    pub(super) fn facts(&self) -> RawFacts<'_> {
        RawFacts {
            location: self.location.as_ref(),
            access_from: self.access_from.as_ref(),
            encryption: self.encryption.as_ref(),
            subjects: self.subjects.as_ref(),
            retention: self.retention.as_ref(),
            purposes: self.purposes.as_ref(),
        }
    }
}

impl RawDataset {
    /// The facts it may override.
    pub(super) fn facts(&self) -> RawFacts<'_> {
        RawFacts {
            location: self.location.as_ref(),
            access_from: self.access_from.as_ref(),
            encryption: self.encryption.as_ref(),
            subjects: self.subjects.as_ref(),
            retention: self.retention.as_ref(),
            purposes: self.purposes.as_ref(),
        }
    }
}

/// A term list written as one term (`location: us-east-1`) or a list
/// (`location: [us-east-1, eu-west-1]`). A single term takes its span from
/// the enclosing [`YamlSpanned`].
#[derive(Debug)]
pub(super) enum RawTerms {
    /// One term.
    One(String),
    /// A list of terms, each with its span.
    Many(Vec<Text>),
}

impl<'de> Deserialize<'de> for RawTerms {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TermsVisitor)
    }
}

struct TermsVisitor;

impl<'de> Visitor<'de> for TermsVisitor {
    type Value = RawTerms;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a term or a list of terms")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<RawTerms, E> {
        Ok(RawTerms::One(text.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawTerms, A::Error> {
        let mut terms = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(term) = seq.next_element::<Text>()? {
            terms.push(term);
        }
        Ok(RawTerms::Many(terms))
    }
}

/// A retention as written: a text (`400 days`, `indefinite`) or a mapping.
#[derive(Debug)]
pub(super) enum RawRetention {
    /// `retention: 400 days` or `retention: indefinite`.
    Text(String),
    /// `retention: { period: 6 months, after: last login }` and its kin.
    Map(Box<RetentionMap>),
}

/// The keys of a retention mapping; which combinations make sense is
/// checked when lowering, where the error can point at the right value.
#[derive(Debug, Default)]
pub(super) struct RetentionMap {
    pub period: Option<Text>,
    pub after: Option<Text>,
    pub until: Option<Text>,
    pub indefinite: Option<Flag>,
}

/// The keys a retention mapping takes, as listed in error messages.
const RETENTION_KEYS: &[&str] = &["period", "after", "until", "indefinite"];

impl<'de> Deserialize<'de> for RawRetention {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RetentionVisitor)
    }
}

struct RetentionVisitor;

impl<'de> Visitor<'de> for RetentionVisitor {
    type Value = RawRetention;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a duration, `indefinite` or a mapping such as `{ until: account closed }`")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<RawRetention, E> {
        Ok(RawRetention::Text(text.to_owned()))
    }

    // A bare number is a duration without its unit; lowering says so at
    // the value, which is more helpful than a type error at the key.
    fn visit_u64<E: de::Error>(self, number: u64) -> Result<RawRetention, E> {
        Ok(RawRetention::Text(number.to_string()))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<RawRetention, E> {
        Ok(RawRetention::Text(number.to_string()))
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<RawRetention, E> {
        Ok(RawRetention::Text(number.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRetention, A::Error> {
        let mut out = RetentionMap::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "period" => once(&mut out.period, "period", &mut map)?,
                "after" => once(&mut out.after, "after", &mut map)?,
                "until" => once(&mut out.until, "until", &mut map)?,
                "indefinite" => once(&mut out.indefinite, "indefinite", &mut map)?,
                _ => return Err(de::Error::unknown_field(&key, RETENTION_KEYS)),
            }
        }
        Ok(RawRetention::Map(Box::new(out)))
    }
}

/// Reads the value of `key` into `slot`, refusing a second one.
fn once<'de, T, A>(slot: &mut Option<T>, key: &'static str, map: &mut A) -> Result<(), A::Error>
where
    T: Deserialize<'de>,
    A: MapAccess<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value::<T>()?);
    Ok(())
}

/// An age as written. Anything that is not a whole number is kept as text
/// so lowering can say what is wrong at the value instead of stopping the
/// whole file with a type error.
#[derive(Debug)]
pub(super) enum RawAge {
    /// A whole number, in or out of range.
    Whole(i64),
    /// Anything else: `"sixteen"`, `16.5`, `true`.
    Other(String),
}

impl<'de> Deserialize<'de> for RawAge {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AgeVisitor)
    }
}

struct AgeVisitor;

impl<'de> Visitor<'de> for AgeVisitor {
    type Value = RawAge;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an age in whole years, such as 16")
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<RawAge, E> {
        Ok(RawAge::Whole(number))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<RawAge, E> {
        Ok(i64::try_from(number).map_or_else(|_| RawAge::Other(number.to_string()), RawAge::Whole))
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<RawAge, E> {
        Ok(RawAge::Other(number.to_string()))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<RawAge, E> {
        Ok(RawAge::Other(value.to_string()))
    }

    // A quoted number (`min_age: "16"`) is still the number: YAML authors
    // quote numbers out of caution, and nothing else could be meant.
    fn visit_str<E: de::Error>(self, text: &str) -> Result<RawAge, E> {
        Ok(text
            .trim()
            .parse::<i64>()
            .map_or_else(|_| RawAge::Other(text.to_owned()), RawAge::Whole))
    }
}
