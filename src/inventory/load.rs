//! Reading privet's own inventory YAML into an [`Inventory`].
//!
//! The format (documented for users in `docs/inventory.md`) lists
//! `systems`, each with its `datasets` (and their `fields`) and the
//! `recipients` that receive its data. Each file is read in three steps:
//!
//! 1. `shape` deserializes it into the `raw` structs, which mirror the YAML
//!    key for key and keep the span of every value; a file that does not
//!    have that shape becomes one diagnostic in privet's words;
//! 2. `lower` checks that names are unique, applies inheritance and builds
//!    the inventory's tables;
//! 3. `values` and `retention` bind each term to the taxonomy and read
//!    retention, ages and flags, reporting every bad value where it is
//!    written; `names` requires names and keeps them unique.
//!
//! Every error in every file is reported; the inventory is returned only
//! if there is none.

mod lower;
mod names;
mod raw;
mod retention;
mod shape;
mod text;
mod values;

use self::lower::Lowerer;
use super::{FileId, Inventory};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::taxonomy::Taxonomy;

/// Loads inventory files already read into memory (the caller does the
/// I/O), binding their terms to `taxonomy`.
///
/// Returns the inventory with inheritance applied, or every error in every
/// file, sorted by file and position: YAML that is not of the inventory's
/// shape (one per file, as the YAML reader stops there), and every unknown
/// term, bad value, missing name or categories and duplicate name.
pub fn load(files: Vec<SourceFile>, taxonomy: &Taxonomy) -> Result<Inventory, Vec<Diagnostic>> {
    let mut lowerer = Lowerer::new(taxonomy);
    for (index, file) in files.iter().enumerate() {
        // More than four billion files cannot be read into memory at once.
        let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
        match shape::parse(file) {
            Ok(raw) => lowerer.file(file, id, raw),
            Err(diagnostic) => lowerer.report(*diagnostic),
        }
    }
    lowerer.finish(files)
}
