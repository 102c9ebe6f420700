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
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    // Parsing dominates loading and files are independent, so a batch of
    // one file per core is parsed at once; lowering stays in file order,
    // and only one batch of raw files is held in memory at a time.
    let mut index = 0;
    for batch in files.chunks(workers) {
        for (file, parsed) in batch.iter().zip(parse_batch(batch)) {
            // More than four billion files cannot be read into memory at once.
            let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
            index += 1;
            match parsed {
                Ok(raw) => lowerer.file(file, id, raw),
                Err(diagnostic) => lowerer.report(*diagnostic),
            }
        }
    }
    lowerer.finish(files)
}

/// Parses each file of `batch` on a thread of its own, results in order.
fn parse_batch(batch: &[SourceFile]) -> Vec<Result<raw::RawFile, Box<Diagnostic>>> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = batch
            .iter()
            .map(|file| scope.spawn(move || shape::parse(file)))
            .collect();
        let joined = handles.into_iter().map(|handle| {
            handle
                .join()
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
        });
        joined.collect()
    })
}
