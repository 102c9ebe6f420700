//! The YAML shape of `privet.yaml`, as written.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::keys::{KeyRules, Keys, unknown_keys};
use super::read::yaml_diagnostic;
use crate::ast::Severity;
use crate::diagnostic::{Code, Diagnostic};
use crate::schema::Document;
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

/// A whole project file (`privet.yaml`, at the project root); every key is
/// optional. Paths are relative to the project root and stay inside it.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Project", title = "privet project file")]
pub(super) struct ProjectFile {
    /// `.privet` files or directories of them; `rules` if left out.
    #[schemars(with = "Option<PathList>")]
    pub(super) rules: Option<YamlSpanned<PathList>>,
    /// Inventory YAML files or directories of them; `inventory` if left out.
    #[schemars(with = "Option<PathList>")]
    pub(super) inventory: Option<YamlSpanned<PathList>>,
    /// The directory `config "<glob>"` statements match from; the project
    /// root if left out.
    #[schemars(with = "Option<String>")]
    pub(super) config_root: Option<YamlSpanned<String>>,
    /// A taxonomy extension: your own data categories, purposes, regions.
    #[schemars(with = "Option<String>")]
    pub(super) taxonomy: Option<YamlSpanned<String>>,
    /// The waivers file: accepted exceptions with a reason and an expiry.
    #[schemars(with = "Option<String>")]
    pub(super) waivers: Option<YamlSpanned<String>>,
    /// Raises or lowers the severity of diagnostic codes:
    /// `privet::evidence::missing: warning`.
    pub(super) severity: Option<SeverityMap>,
}

impl Document {
    /// The schema of the project file. It lives here because the project
    /// file's structs are private to the project module.
    pub(crate) fn project_schema() -> Schema {
        crate::schema::generate::<ProjectFile>()
    }
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

// `Other` is how the loader words a wrong value, not a form to write.
impl JsonSchema for PathList {
    fn schema_name() -> Cow<'static, str> {
        "Paths".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A path or a list of paths, relative to the project root.",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    }
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

impl JsonSchema for SeverityMap {
    fn schema_name() -> Cow<'static, str> {
        "Severities".into()
    }

    // Listing the codes and words lets an editor complete both.
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
        let words = [Severity::Error, Severity::Warning, Severity::Info].map(Severity::as_str);
        json_schema!({
            "description": "A mapping of diagnostic codes to the severity to report them with.",
            "type": "object",
            "propertyNames": { "enum": codes },
            "additionalProperties": { "enum": words }
        })
    }
}

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
