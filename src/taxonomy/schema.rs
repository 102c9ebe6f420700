//! The YAML shape of a taxonomy file, shared by builtin.yaml and project
//! extensions.

use serde::Deserialize;

use super::Vocabulary;
use crate::yaml::YamlSpanned;

/// A whole taxonomy file: one optional list per vocabulary.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TaxonomyFile {
    #[serde(default)]
    data_categories: Vec<RawEntry>,
    #[serde(default)]
    data_uses: Vec<RawEntry>,
    #[serde(default)]
    data_subjects: Vec<RawEntry>,
    #[serde(default)]
    recipient_kinds: Vec<RawEntry>,
    #[serde(default)]
    regions: Vec<RawEntry>,
    #[serde(default)]
    events: Vec<RawEntry>,
    #[serde(default)]
    transfer_mechanisms: Vec<RawEntry>,
    #[serde(default)]
    contract_kinds: Vec<RawEntry>,
}

impl TaxonomyFile {
    /// The entries listed for `vocabulary`.
    pub(super) fn section(&self, vocabulary: Vocabulary) -> &[RawEntry] {
        match vocabulary {
            Vocabulary::DataCategory => &self.data_categories,
            Vocabulary::DataUse => &self.data_uses,
            Vocabulary::DataSubject => &self.data_subjects,
            Vocabulary::RecipientKind => &self.recipient_kinds,
            Vocabulary::Region => &self.regions,
            Vocabulary::Event => &self.events,
            Vocabulary::TransferMechanism => &self.transfer_mechanisms,
            Vocabulary::ContractKind => &self.contract_kinds,
        }
    }
}

/// One entry as written, every value with its location.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEntry {
    pub(super) id: YamlSpanned<String>,
    pub(super) name: YamlSpanned<String>,
    pub(super) description: YamlSpanned<String>,
    #[serde(default)]
    pub(super) aliases: Vec<YamlSpanned<String>>,
    #[serde(default)]
    pub(super) within: Vec<YamlSpanned<String>>,
    #[serde(default)]
    pub(super) expands_to: Vec<YamlSpanned<String>>,
    #[serde(default)]
    pub(super) requires_age: Option<YamlSpanned<bool>>,
    #[serde(default)]
    pub(super) deprecated_by: Option<YamlSpanned<String>>,
    #[serde(default)]
    pub(super) precedes: Vec<YamlSpanned<String>>,
}
