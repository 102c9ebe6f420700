//! The inventory file as written: serde structs that mirror the YAML one
//! key for one key, each value a check can point at wrapped in
//! [`YamlSpanned`] so its location survives.
//!
//! Every struct denies unknown keys, so a misspelled key is an error rather
//! than a silently ignored fact. The two shapes that take either a single
//! value or a richer form (a term or a list of terms; a retention written as
//! text or as a mapping) have hand-written visitors instead of untagged
//! enums, which would lose the spans of the values inside them.
//!
//! These structs are also the source of `privet schema inventory`: their
//! doc comments are the descriptions editors show, and `schemars(with)`
//! names the value inside each span wrapper (see [`schema`]), as required
//! where lowering requires the key (a `name`, a field's `categories`).

mod schema;

use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};

use crate::yaml::YamlSpanned;

/// A text value and where it is written.
pub(super) type Text = YamlSpanned<String>;

/// A term list (`purposes`, `location`, ...) and where it is written.
pub(super) type TermList = YamlSpanned<RawTerms>;

/// A yes/no value and where it is written.
pub(super) type Flag = YamlSpanned<bool>;

/// One inventory file: the systems it describes. The files under
/// `inventory/` together form one inventory.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Inventory", title = "privet inventory file")]
pub(super) struct RawFile {
    /// The systems it declares.
    #[schemars(with = "Option<Vec<RawSystem>>")]
    pub systems: Option<Vec<YamlSpanned<RawSystem>>>,
}

/// A system: a service or application. Its facts are the defaults of its
/// datasets.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "System")]
pub(super) struct RawSystem {
    /// How findings and waivers name it, unique across files.
    #[schemars(with = "String")]
    pub name: Option<Text>,
    /// Free text for people; privet ignores it.
    #[expect(dead_code, reason = "free text for human readers; no check reads it")]
    pub description: Option<String>,
    /// Where its data is stored: one region or a list (`US`, `DE`, `eu-west-1`).
    #[schemars(with = "Option<RawTerms>")]
    pub location: Option<TermList>,
    /// Where its data is accessed from (support staff, operators): regions.
    #[schemars(with = "Option<RawTerms>")]
    pub access_from: Option<TermList>,
    /// Whether its data is encrypted at rest and in transit.
    pub encryption: Option<RawEncryption>,
    /// Whose data it is: kinds of people, their youngest age, where they live.
    pub subjects: Option<RawSubjects>,
    /// How long its data is kept: `400 days`, `indefinite`, or a mapping such
    /// as `{ period: 6 months, after: last login }`.
    #[schemars(with = "Option<RawRetention>")]
    pub retention: Option<YamlSpanned<RawRetention>>,
    /// What its data is used for: data uses (`analytics`, `essential.service`).
    #[schemars(with = "Option<RawTerms>")]
    pub purposes: Option<TermList>,
    /// Its data stores: databases, tables, buckets, queues, logs.
    #[schemars(with = "Option<Vec<RawDataset>>")]
    pub datasets: Option<Vec<YamlSpanned<RawDataset>>>,
    /// The processors and third parties that receive its data.
    #[schemars(with = "Option<Vec<RawRecipient>>")]
    pub recipients: Option<Vec<YamlSpanned<RawRecipient>>>,
}

/// A dataset or data store of a system. Each fact it leaves out is its
/// system's; it must list `fields` or `categories`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Dataset")]
pub(super) struct RawDataset {
    /// Its name, unique within its system.
    #[schemars(with = "String")]
    pub name: Option<Text>,
    /// Free text for people; privet ignores it.
    #[expect(dead_code, reason = "free text for human readers; no check reads it")]
    pub description: Option<String>,
    /// The storage engine (`postgres`, `s3`, `redis`); free text.
    #[schemars(with = "Option<String>")]
    pub engine: Option<Text>,
    /// Where its data is stored: one region or a list (`US`, `DE`, `eu-west-1`).
    #[schemars(with = "Option<RawTerms>")]
    pub location: Option<TermList>,
    /// Where its data is accessed from (support staff, operators): regions.
    #[schemars(with = "Option<RawTerms>")]
    pub access_from: Option<TermList>,
    /// Whether its data is encrypted at rest and in transit.
    pub encryption: Option<RawEncryption>,
    /// Whose data it is: kinds of people, their youngest age, where they live.
    pub subjects: Option<RawSubjects>,
    /// How long its data is kept: `400 days`, `indefinite`, or a mapping such
    /// as `{ period: 6 months, after: last login }`.
    #[schemars(with = "Option<RawRetention>")]
    pub retention: Option<YamlSpanned<RawRetention>>,
    /// What its data is used for: data uses (`analytics`, `essential.service`).
    #[schemars(with = "Option<RawTerms>")]
    pub purposes: Option<TermList>,
    /// The data it holds, for a store described without fields: data
    /// categories (`user.contact.email`, `contact data`).
    #[schemars(with = "Option<RawTerms>")]
    pub categories: Option<TermList>,
    /// Its fields: columns, document keys, attributes.
    #[schemars(with = "Option<Vec<RawField>>")]
    pub fields: Option<Vec<YamlSpanned<RawField>>>,
}

/// A field of a dataset: a column, a document key, an attribute. It takes
/// `purposes` and `retention` from its dataset unless it states them.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Field")]
pub(super) struct RawField {
    /// Its name, unique within its dataset.
    #[schemars(with = "String")]
    pub name: Option<Text>,
    /// Free text for people; privet ignores it.
    #[expect(dead_code, reason = "free text for human readers; no check reads it")]
    pub description: Option<String>,
    /// The data it holds: data categories, at least one.
    #[schemars(with = "RawTerms")]
    pub categories: Option<TermList>,
    /// What its data is used for: data uses (`analytics`, `essential.service`).
    #[schemars(with = "Option<RawTerms>")]
    pub purposes: Option<TermList>,
    /// How long its data is kept: `400 days`, `indefinite`, or a mapping such
    /// as `{ period: 6 months, after: last login }`.
    #[schemars(with = "Option<RawRetention>")]
    pub retention: Option<YamlSpanned<RawRetention>>,
    /// Whether it links records to a person across datasets (a user id, a
    /// hashed email).
    #[schemars(with = "Option<bool>")]
    pub link_key: Option<Flag>,
}

/// A processor or third party receiving a system's data. It inherits
/// nothing from its system.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Recipient")]
pub(super) struct RawRecipient {
    /// Its name, unique within its system.
    #[schemars(with = "String")]
    pub name: Option<Text>,
    /// Free text for people; privet ignores it.
    #[expect(dead_code, reason = "free text for human readers; no check reads it")]
    pub description: Option<String>,
    /// Its recipient kind: `processor`, `third party`, `advertising
    /// partner`, `analytics partner`, `data broker`, `affiliate`, ...
    #[schemars(with = "Option<String>")]
    pub kind: Option<Text>,
    /// The data it receives: data categories. Left out, it receives
    /// everything its system holds.
    #[schemars(with = "Option<RawTerms>")]
    pub categories: Option<TermList>,
    /// What it uses the data for: data uses.
    #[schemars(with = "Option<RawTerms>")]
    pub purposes: Option<TermList>,
    /// Where it processes the data: regions.
    #[schemars(with = "Option<RawTerms>")]
    pub location: Option<TermList>,
    /// Whether the disclosure is a sale.
    #[schemars(with = "Option<bool>")]
    pub sale: Option<Flag>,
    /// Whether it is "sharing" in the CCPA's sense: disclosure for
    /// cross-context behavioural advertising.
    #[schemars(with = "Option<bool>")]
    pub sharing: Option<Flag>,
    /// Contracts on record (`dpa`, `scc`, `service agreement`); `[]` says
    /// there is none.
    #[schemars(with = "Option<RawTerms>")]
    pub contracts: Option<TermList>,
    /// What makes a cross-border transfer lawful (`scc`, `bcr`,
    /// `adequacy`, `dpf`); `[]` says there is none.
    #[schemars(with = "Option<RawTerms>")]
    pub transfer_mechanisms: Option<TermList>,
}

/// `encryption: { at_rest: true, in_transit: true }`; each part left out
/// is inherited on its own.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Encryption")]
pub(super) struct RawEncryption {
    /// Whether stored data is encrypted.
    #[schemars(with = "Option<bool>")]
    pub at_rest: Option<Flag>,
    /// Whether data is encrypted on the network.
    #[schemars(with = "Option<bool>")]
    pub in_transit: Option<Flag>,
}

/// `subjects: { kinds: [customer], min_age: 16, regions: [US] }`; each
/// part left out is inherited on its own.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Subjects")]
pub(super) struct RawSubjects {
    /// Whose data it is: data subjects (`customer`, `employee`, `visitor`).
    #[schemars(with = "Option<RawTerms>")]
    pub kinds: Option<TermList>,
    /// The youngest age of the people whose data may be here; `0` means
    /// children of any age.
    #[schemars(with = "Option<RawAge>")]
    pub min_age: Option<YamlSpanned<RawAge>>,
    /// Where those people live: regions.
    #[schemars(with = "Option<RawTerms>")]
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
#[derive(Debug, Default, JsonSchema)]
#[schemars(
    rename = "RetentionMapping",
    deny_unknown_fields,
    description = "A retention as a mapping: `{ period: 6 months, after: last login }`, `{ until: account closed }` or `{ indefinite: true }`."
)]
pub(super) struct RetentionMap {
    /// The longest time data is kept: `30 days`, `6 months`, `P6M`.
    #[schemars(with = "Option<String>")]
    pub period: Option<Text>,
    /// The event the period counts from (`last login`); collection if left
    /// out.
    #[schemars(with = "Option<String>")]
    pub after: Option<Text>,
    /// The event at which data is deleted (`account closed`); not with
    /// `period` or `after`.
    #[schemars(with = "Option<String>")]
    pub until: Option<Text>,
    /// `true`: kept with no limit.
    #[schemars(with = "Option<bool>")]
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
