//! JSON Schemas of privet's own YAML formats, for editors.
//!
//! Each schema is generated (by schemars, as JSON Schema draft 2020-12)
//! from the structs the format's loader deserializes, so it cannot drift
//! from what privet reads: a key the loader refuses is not in the schema,
//! and the doc comments of those structs are the descriptions an editor
//! shows. yaml-language-server uses the schemas to complete and validate
//! inventory and project files.
//!
//! The loaders' structs are private to their modules, so each format's
//! schema function is an inherent function of [`Document`] written beside
//! them (`inventory::load::raw::schema`, `project::file`).

use schemars::generate::SchemaSettings;
use schemars::transform::{Transform, transform_subschemas};
use schemars::{JsonSchema, Schema};
use serde_json::Value;

/// A YAML format privet publishes a JSON Schema for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    /// An inventory file (`inventory/*.yaml`).
    Inventory,
    /// The project file (`privet.yaml`).
    Project,
}

impl Document {
    /// The format's JSON Schema.
    pub fn schema(self) -> Schema {
        match self {
            Document::Inventory => Document::inventory_schema(),
            Document::Project => Document::project_schema(),
        }
    }

    /// The schema as `privet schema` prints it: pretty JSON ending in a
    /// newline.
    pub fn to_json(self) -> String {
        // A `Schema` is a JSON value, which always serializes.
        let mut text = serde_json::to_string_pretty(&self.schema()).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The draft 2020-12 schema of `T`, with its descriptions unwrapped.
pub(crate) fn generate<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .with_transform(UnwrapLines)
        .into_generator()
        .into_root_schema_for::<T>()
}

/// Joins the lines of each description: doc comments are wrapped at 80
/// columns, and editors would show those line breaks as they are.
#[derive(Clone, Copy, Debug)]
struct UnwrapLines;

impl Transform for UnwrapLines {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(Value::String(text)) = schema.get_mut("description") {
            *text = unwrap_lines(text);
        }
        transform_subschemas(self, schema);
    }
}

/// `text` with each line break inside a paragraph made a space; blank
/// lines between paragraphs stay.
fn unwrap_lines(text: &str) -> String {
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    paragraphs.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_joined_and_paragraphs_kept() {
        assert_eq!(unwrap_lines("one\ntwo\n\nthree"), "one two\n\nthree");
        assert_eq!(unwrap_lines("single"), "single");
    }
}
