//! The parts of a SARIF 2.1.0 log privet writes, as serde structs (the
//! names are the specification's, in camelCase on the wire).

use std::collections::BTreeMap;

use serde::Serialize;

/// The whole log: one run.
#[derive(Serialize)]
pub struct Log {
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    pub version: &'static str,
    pub runs: Vec<Run>,
}

/// One run of privet.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub tool: Tool,
    pub invocations: Vec<Invocation>,
    /// How columns are counted: privet counts Unicode scalar values, not
    /// the UTF-16 code units SARIF assumes by default.
    pub column_kind: &'static str,
    pub results: Vec<SarifResult>,
}

/// The tool that produced the run.
#[derive(Serialize)]
pub struct Tool {
    pub driver: Driver,
}

/// privet itself, with a rule per code it reports.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    pub name: &'static str,
    pub version: &'static str,
    pub semantic_version: &'static str,
    pub rules: Vec<Rule>,
}

/// What a code checks (a SARIF `reportingDescriptor`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub id: &'static str,
    pub name: String,
    pub short_description: Text,
    pub full_description: Text,
    pub help: Help,
}

/// Plain text.
#[derive(Serialize)]
pub struct Text {
    pub text: String,
}

/// Text with a markdown rendering of it.
#[derive(Serialize)]
pub struct Help {
    pub text: String,
    pub markdown: String,
}

/// Whether privet could check everything.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invocation {
    pub execution_successful: bool,
}

/// One finding or could-not-check error.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    pub rule_id: &'static str,
    pub rule_index: usize,
    pub level: &'static str,
    pub message: Text,
    pub locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_locations: Vec<Location>,
    pub partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<&'static str, String>,
}

/// A place in a file, with what it has to do with the result.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<usize>,
    pub physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Text>,
}

/// A file and a region of it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    pub artifact_location: ArtifactLocation,
    pub region: Region,
}

/// A file, by URI relative to the project root.
#[derive(Serialize)]
pub struct ArtifactLocation {
    pub uri: String,
}

/// 1-based lines and columns; the end column is the one after the last
/// character.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Why a result is accepted: a waiver.
#[derive(Serialize)]
pub struct Suppression {
    pub kind: &'static str,
    pub status: &'static str,
    pub justification: String,
    pub properties: BTreeMap<&'static str, String>,
}
