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

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

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
    let workers = workers.min(files.len()).max(1);
    // Parsing dominates loading and files are independent: every core
    // parses the next unclaimed file while this thread lowers the parsed
    // ones in file order, so ids, errors and output do not depend on which
    // thread finished first.
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (sender, next, files) = (sender.clone(), &next, &files);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    if sender.send((i, shape::parse(file))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut parsed = BTreeMap::new();
        let mut lowered = 0;
        for (i, result) in receiver {
            parsed.insert(i, result);
            while let Some(result) = parsed.remove(&lowered) {
                if let Some(file) = files.get(lowered) {
                    // More than four billion files cannot be read into memory.
                    let id = FileId(u32::try_from(lowered).unwrap_or(u32::MAX));
                    match result {
                        Ok(raw) => lowerer.file(file, id, raw),
                        Err(diagnostic) => lowerer.report(*diagnostic),
                    }
                }
                lowered += 1;
            }
        }
    });
    lowerer.finish(files)
}
