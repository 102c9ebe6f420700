//! `privet schema`: prints the JSON Schema of one of privet's YAML formats.

use std::io::Write;

use super::{ExitStatus, SchemaArgs, SchemaFormat};
use crate::schema::Document;

/// Prints the schema to standard output.
pub fn run(args: &SchemaArgs) -> ExitStatus {
    let document = match args.format {
        SchemaFormat::Inventory => Document::Inventory,
        SchemaFormat::Project => Document::Project,
    };
    // A closed pipe (`privet schema inventory | head`) is the reader's
    // choice, not a failure.
    let _ = std::io::stdout()
        .lock()
        .write_all(document.to_json().as_bytes());
    ExitStatus::Success
}
