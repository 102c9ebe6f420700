//! Fides resource files as written: serde structs for the keys privet reads,
//! each value a finding can point at wrapped in [`YamlSpanned`].
//!
//! Fides is a foreign format with many keys privet has no use for
//! (`fides_meta.data_type`, `organization_fides_key`, cookies, ...), so,
//! unlike privet's own formats, these structs accept unknown keys: a team
//! points privet at its Fides files with nothing rewritten.

use serde::Deserialize;

use crate::yaml::YamlSpanned;

/// A text value and where it is written.
pub type Text = YamlSpanned<String>;

/// A list of texts (keys of the Fides taxonomy, mostly).
pub type Texts = Option<Vec<Text>>;

/// One Fides resource file: any of the resource lists, each optional.
#[derive(Debug, Default, Deserialize)]
pub struct FidesFile {
    /// `dataset:` resources.
    pub dataset: Option<Vec<YamlSpanned<FidesDataset>>>,
    /// `system:` resources.
    pub system: Option<Vec<YamlSpanned<FidesSystem>>>,
    /// `policy:` resources.
    pub policy: Option<Vec<YamlSpanned<FidesPolicy>>>,
    /// Custom `data_category:` entries.
    pub data_category: Option<Vec<YamlSpanned<FidesTerm>>>,
    /// Custom `data_use:` entries.
    pub data_use: Option<Vec<YamlSpanned<FidesTerm>>>,
    /// Custom `data_subject:` entries.
    pub data_subject: Option<Vec<YamlSpanned<FidesTerm>>>,
}

/// A Fides dataset: a database or store, with collections of fields.
#[derive(Debug, Deserialize)]
pub struct FidesDataset {
    /// Its key, which systems' `dataset_references` name.
    pub fides_key: Option<Text>,
    /// Categories of the whole dataset, inherited by unlabelled fields.
    pub data_categories: Texts,
    /// Free-text retention of the whole dataset.
    pub retention: Option<Text>,
    /// Tables, collections, buckets.
    pub collections: Option<Vec<YamlSpanned<FidesCollection>>>,
}

/// A collection (table) of a Fides dataset.
#[derive(Debug, Deserialize)]
pub struct FidesCollection {
    /// Its name, unique in the dataset.
    pub name: Option<Text>,
    /// Categories of the whole collection, inherited by unlabelled fields.
    pub data_categories: Texts,
    /// Free-text retention (fideslang 1.x allowed it here).
    pub retention: Option<Text>,
    /// Its fields.
    pub fields: Option<Vec<YamlSpanned<FidesField>>>,
}

/// A field of a collection; fields of nested objects are `fields` again.
#[derive(Debug, Deserialize)]
pub struct FidesField {
    /// Its name, unique in its collection or parent field.
    pub name: Option<Text>,
    /// The data it holds.
    pub data_categories: Texts,
    /// Free-text retention.
    pub retention: Option<Text>,
    /// Fides' field metadata; `identity` marks a link key.
    pub fides_meta: Option<FieldMeta>,
    /// Fields of a nested object.
    pub fields: Option<Vec<YamlSpanned<FidesField>>>,
}

/// The part of a field's `fides_meta` privet reads.
#[derive(Debug, Deserialize)]
pub struct FieldMeta {
    /// The identity the field holds (`email`, `phone_number`): such a field
    /// links records to a person.
    pub identity: Option<Text>,
}

/// A Fides system, with its privacy declarations.
#[derive(Debug, Deserialize)]
pub struct FidesSystem {
    /// Its key: the name privet reports it by.
    pub fides_key: Option<Text>,
    /// What it does with data.
    pub privacy_declarations: Option<Vec<YamlSpanned<FidesDeclaration>>>,
    /// Datasets the system as a whole uses (fideslang 2.x and later).
    pub dataset_references: Texts,
    /// Where its data flows to.
    pub egress: Option<Vec<YamlSpanned<FidesFlow>>>,
    /// Countries (ISO 3166) its data is transferred to.
    pub third_country_transfers: Texts,
}

/// One privacy declaration: categories used for one purpose.
#[derive(Debug, Deserialize)]
pub struct FidesDeclaration {
    /// Its name, for messages.
    pub name: Option<Text>,
    /// The data it uses.
    pub data_categories: Texts,
    /// The purpose.
    pub data_use: Option<Text>,
    /// Whose data it is.
    pub data_subjects: Texts,
    /// The datasets it reads and writes.
    pub dataset_references: Texts,
    /// How long the data is kept for this purpose (fideslang 2.x and later).
    pub retention_period: Option<Text>,
}

/// A data flow (`egress` / `ingress`) to or from another resource.
#[derive(Debug, Deserialize)]
pub struct FidesFlow {
    /// The key of the other resource.
    pub fides_key: Option<Text>,
    /// `system`, `user` or `dataset`.
    #[serde(rename = "type")]
    pub kind: Option<Text>,
    /// The data that flows; none means everything.
    pub data_categories: Texts,
}

/// A Fides policy: rules `fides evaluate` rejects systems by.
#[derive(Debug, Deserialize)]
pub struct FidesPolicy {
    /// Its key.
    pub fides_key: Option<Text>,
    /// Its display name.
    pub name: Option<Text>,
    /// Its rules.
    pub rules: Option<Vec<YamlSpanned<FidesRule>>>,
}

/// One rule of a policy: a declaration matching all three matchers is
/// rejected.
#[derive(Debug, Deserialize)]
pub struct FidesRule {
    /// Its name.
    pub name: Option<Text>,
    /// Which data categories match.
    pub data_categories: Option<YamlSpanned<Matcher>>,
    /// Which data uses match.
    pub data_uses: Option<YamlSpanned<Matcher>>,
    /// Which data subjects match.
    pub data_subjects: Option<YamlSpanned<Matcher>>,
}

/// `{matches: ANY | ALL | NONE | OTHER, values: [...]}`.
#[derive(Debug, Deserialize)]
pub struct Matcher {
    /// How the values are matched.
    pub matches: Option<Text>,
    /// The taxonomy keys.
    pub values: Texts,
}

/// A custom taxonomy entry.
#[derive(Debug, Deserialize)]
pub struct FidesTerm {
    /// Its key.
    pub fides_key: Option<Text>,
    /// The entry it is within.
    pub parent_key: Option<Text>,
    /// What it covers.
    pub description: Option<Text>,
}

/// Only the custom taxonomy entries of a Fides file, read before the rest
/// of the inventory (see `custom`).
#[derive(Debug, Default, Deserialize)]
pub struct FidesTerms {
    /// Custom `data_category:` entries.
    pub data_category: Option<Vec<YamlSpanned<FidesTerm>>>,
    /// Custom `data_use:` entries.
    pub data_use: Option<Vec<YamlSpanned<FidesTerm>>>,
    /// Custom `data_subject:` entries.
    pub data_subject: Option<Vec<YamlSpanned<FidesTerm>>>,
}
