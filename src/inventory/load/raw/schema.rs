//! The JSON Schema of the inventory format, from the loader's own structs.
//!
//! Three shapes are read by hand-written visitors rather than derived, so
//! their schemas are written here beside them, saying what those visitors
//! accept: a term or a list of terms, a retention as text or a mapping,
//! an age as a whole number (quoted or not).

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{RawAge, RawFile, RawRetention, RawTerms, RetentionMap};
use crate::schema::Document;

impl Document {
    /// The schema of an inventory file. It lives here because the
    /// loader's structs are private to the loader.
    pub(crate) fn inventory_schema() -> Schema {
        crate::schema::generate::<RawFile>()
    }
}

impl JsonSchema for RawTerms {
    fn schema_name() -> Cow<'static, str> {
        "Terms".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "One term or a list of terms (`us-east-1` or `[us-east-1, eu-west-1]`): taxonomy ids or their plain-English names.",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    }
}

impl JsonSchema for RawRetention {
    fn schema_name() -> Cow<'static, str> {
        "Retention".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "How long data is kept: a duration counted from collection (`400 days`, `6 months`, `P6M`), `indefinite`, or a mapping.",
            "anyOf": [
                { "type": "string" },
                generator.subschema_for::<RetentionMap>()
            ]
        })
    }
}

impl JsonSchema for RawAge {
    fn schema_name() -> Cow<'static, str> {
        "Age".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An age in whole years, from 0 to 120.",
            "anyOf": [
                { "type": "integer", "minimum": 0, "maximum": 120 },
                // The loader reads a quoted number as the number.
                { "type": "string", "pattern": "^\\s*[0-9]+\\s*$" }
            ]
        })
    }
}
