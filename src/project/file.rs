//! The YAML shape of `privet.yaml`, as written.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::keys::{KeyRules, Keys, unknown_keys};
use super::read::yaml_diagnostic;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::SourceFile;
use crate::yaml::{self, YamlSpanned};

/// The keys `privet.yaml` may set.
pub(super) const KEYS: [&str; 6] = [
    "rules",
    "inventory",
    "config_root",
    "taxonomy",
    "waivers",
    "severity",
];

/// A whole project file; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProjectFile {
    pub(super) rules: Option<YamlSpanned<PathList>>,
    pub(super) inventory: Option<YamlSpanned<PathList>>,
    pub(super) config_root: Option<YamlSpanned<String>>,
    pub(super) taxonomy: Option<YamlSpanned<String>>,
    pub(super) waivers: Option<YamlSpanned<String>>,
    pub(super) severity: Option<SeverityMap>,
}

/// Reads `file` as a project file: first its keys, so that every unknown
/// key is reported with a suggestion, then its values.
pub(super) fn parse(file: &SourceFile) -> Result<ProjectFile, Vec<Diagnostic>> {
    let keys: Keys = yaml::from_source(file).map_err(|e| invalid(&e))?;
    let rules = KeyRules {
        code: Code::ProjectInvalid,
        known: &KEYS,
        holder: "the project file",
    };
    let unknown = unknown_keys(file, &keys.0, &rules);
    if !unknown.is_empty() {
        return Err(unknown);
    }
    yaml::from_source(file).map_err(|e| invalid(&e))
}

fn invalid(error: &yaml::YamlError) -> Vec<Diagnostic> {
    vec![yaml_diagnostic(Code::ProjectInvalid, error)]
}

/// One path or a list of them. Anything else is kept as what it was, so
/// the error can point at the whole value rather than wherever the YAML
/// reader stopped.
#[derive(Debug)]
pub(super) enum PathList {
    /// `rules: rules`
    One(String),
    /// `rules: [rules, legacy/rules]`
    Many(Vec<YamlSpanned<String>>),
    /// A number, a boolean or a mapping: what was found, in words.
    Other(&'static str),
}

impl<'de> Deserialize<'de> for PathList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PathListVisitor)
    }
}

struct PathListVisitor;

impl<'de> Visitor<'de> for PathListVisitor {
    type Value = PathList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a path or a list of paths")
    }

    fn visit_str<E>(self, text: &str) -> Result<PathList, E> {
        Ok(PathList::One(text.to_owned()))
    }

    fn visit_bool<E>(self, _: bool) -> Result<PathList, E> {
        Ok(PathList::Other("`true` or `false`"))
    }

    fn visit_i64<E>(self, _: i64) -> Result<PathList, E> {
        Ok(PathList::Other("a number"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<PathList, E> {
        Ok(PathList::Other("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<PathList, E> {
        Ok(PathList::Other("a number"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PathList, A::Error> {
        let mut paths = Vec::new();
        while let Some(path) = seq.next_element()? {
            paths.push(path);
        }
        Ok(PathList::Many(paths))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PathList, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(PathList::Other("a mapping"))
    }
}

/// The `severity:` mapping from code to severity word, in file order, each
/// key and value with its location (serde-saphyr's spans are not `Ord`, so
/// they cannot key a `BTreeMap`).
#[derive(Debug, Default)]
pub(super) struct SeverityMap(pub(super) Vec<(YamlSpanned<String>, YamlSpanned<String>)>);

impl<'de> Deserialize<'de> for SeverityMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(SeverityMapVisitor)
    }
}

struct SeverityMapVisitor;

impl<'de> Visitor<'de> for SeverityMapVisitor {
    type Value = SeverityMap;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping of diagnostic codes to severities")
    }

    fn visit_unit<E>(self) -> Result<SeverityMap, E> {
        Ok(SeverityMap::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SeverityMap, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(SeverityMap(entries))
    }
}
