//! The YAML shape of a waivers file, as written.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::diagnostic::{Code, Diagnostic};
use crate::project::keys::{KeyRules, Keys, unknown_keys};
use crate::project::yaml_diagnostic;
use crate::source::SourceFile;
use crate::yaml::{self, YamlError, YamlSpanned};

/// The keys a waiver may set.
const ENTRY_KEYS: [&str; 10] = [
    "commitment",
    "system",
    "dataset",
    "field",
    "recipient",
    "config",
    "reason",
    "expires",
    "owner",
    "ticket",
];

/// A whole waivers file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub(super) waivers: Option<Vec<YamlSpanned<RawWaiver>>>,
}

/// One waiver as written; which keys must be present, and together, is
/// checked afterwards so that every problem is reported.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWaiver {
    pub(super) commitment: Option<YamlSpanned<String>>,
    pub(super) system: Option<YamlSpanned<String>>,
    pub(super) dataset: Option<YamlSpanned<String>>,
    pub(super) field: Option<YamlSpanned<String>>,
    pub(super) recipient: Option<YamlSpanned<String>>,
    pub(super) config: Option<YamlSpanned<String>>,
    pub(super) reason: Option<YamlSpanned<String>>,
    pub(super) expires: Option<YamlSpanned<String>>,
    pub(super) owner: Option<YamlSpanned<String>>,
    pub(super) ticket: Option<YamlSpanned<String>>,
}

impl RawWaiver {
    /// Every value written in the entry.
    pub(super) fn values(&self) -> impl Iterator<Item = &YamlSpanned<String>> {
        [
            &self.commitment,
            &self.system,
            &self.dataset,
            &self.field,
            &self.recipient,
            &self.config,
            &self.reason,
            &self.expires,
            &self.owner,
            &self.ticket,
        ]
        .into_iter()
        .flatten()
    }
}

/// Reads `file` as a waivers file: first its keys, so that every unknown
/// key is reported with a suggestion, then its values.
pub(super) fn parse(file: &SourceFile) -> Result<RawFile, Vec<Diagnostic>> {
    let keys: FileKeys = yaml::from_source(file).map_err(|e| invalid(&e))?;
    let top = KeyRules {
        code: Code::WaiverInvalid,
        known: &["waivers"],
        holder: "the waivers file",
    };
    let entry = KeyRules {
        code: Code::WaiverInvalid,
        known: &ENTRY_KEYS,
        holder: "a waiver",
    };
    let mut unknown = unknown_keys(file, &keys.top, &top);
    for waiver in &keys.waivers {
        unknown.extend(unknown_keys(file, &waiver.0, &entry));
    }
    if !unknown.is_empty() {
        return Err(unknown);
    }
    yaml::from_source(file).map_err(|e| invalid(&e))
}

fn invalid(error: &YamlError) -> Vec<Diagnostic> {
    let diagnostic = yaml_diagnostic(Code::WaiverInvalid, error);
    // A value of the wrong shape is most often a waiver not written as a
    // list entry, or a key indented under the wrong parent.
    let help = "a waivers file holds a `waivers:` list; each waiver is a mapping with a \
                `commitment`, one item, a `reason` and an `expires` date";
    if error.message().starts_with("expected") {
        vec![diagnostic.with_help(help)]
    } else {
        vec![diagnostic]
    }
}

/// The keys of the file's top level and of each waiver.
#[derive(Debug, Default)]
struct FileKeys {
    top: Vec<YamlSpanned<String>>,
    waivers: Vec<Keys>,
}

impl<'de> Deserialize<'de> for FileKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FileKeysVisitor)
    }
}

struct FileKeysVisitor;

impl<'de> Visitor<'de> for FileKeysVisitor {
    type Value = FileKeys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping of keys to values")
    }

    fn visit_unit<E>(self) -> Result<FileKeys, E> {
        Ok(FileKeys::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileKeys, A::Error> {
        let mut keys = FileKeys::default();
        while let Some(key) = map.next_key::<YamlSpanned<String>>()? {
            if key.value == "waivers" {
                let waivers: Option<Vec<Keys>> = map.next_value()?;
                keys.waivers = waivers.unwrap_or_default();
            } else {
                map.next_value::<IgnoredAny>()?;
            }
            keys.top.push(key);
        }
        Ok(keys)
    }
}
