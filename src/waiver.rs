//! Waivers: known exceptions to a commitment, each with a reason and an
//! expiry date.
//!
//! A waivers file (named by `waivers:` in `privet.yaml`) lists them:
//!
//! ```yaml
//! waivers:
//!   - commitment: us-only
//!     dataset: analytics/events
//!     reason: "Replica in eu-west-1 is being migrated back (PRIV-142)."
//!     expires: 2025-03-31
//!     owner: platform-team        # optional
//!     ticket: PRIV-142            # optional
//! ```
//!
//! Each waiver names exactly one item: a `system`, a `dataset`
//! (`system/dataset`), a `field` (`system/dataset/field`), a `recipient`
//! (`system/recipient`) or a `config` file (its path from the project
//! root). This module only reads waivers; the checker decides which
//! findings they cover, reports expired waivers as errors and unused ones
//! as warnings.

mod date;
mod schema;
mod validate;

pub use self::date::{parse_date, today};
use crate::diagnostic::Diagnostic;
use crate::policy::Date;
use crate::source::{SourceFile, Span, Spanned};

/// A parsed waivers file.
#[derive(Clone, Debug)]
pub struct Waivers {
    /// The file, for diagnostics that point into it.
    pub file: SourceFile,
    /// The waivers in file order.
    pub entries: Vec<Waiver>,
}

/// One accepted exception.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiver {
    /// The id of the commitment it excepts.
    pub commitment: Spanned<String>,
    /// The one item it excepts.
    pub target: Spanned<WaiverTarget>,
    /// Why the exception is accepted (never empty).
    pub reason: String,
    /// The last day the waiver applies.
    pub expires: Spanned<Date>,
    /// Who is responsible for ending the exception.
    pub owner: Option<String>,
    /// The ticket that tracks it.
    pub ticket: Option<String>,
    /// The whole entry, for "unused waiver" warnings.
    pub span: Span,
}

impl Waiver {
    /// Whether the waiver has run out on `today`: it still applies on its
    /// expiry date and stops the day after.
    pub fn is_expired(&self, today: Date) -> bool {
        today > self.expires.value
    }
}

/// The item a waiver excepts, as a `/`-separated path.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WaiverTarget {
    /// `system`: the system and everything in it.
    System(String),
    /// `system/dataset`: the dataset and its fields.
    Dataset(String),
    /// `system/dataset/field`.
    Field(String),
    /// `system/recipient`.
    Recipient(String),
    /// A config file's path from the project root, such as
    /// `services/accounts/config.yaml`.
    Config(String),
}

impl WaiverTarget {
    /// The key that names this kind of target in a waiver: `dataset`, ...
    pub fn kind(&self) -> &'static str {
        match self {
            WaiverTarget::System(_) => "system",
            WaiverTarget::Dataset(_) => "dataset",
            WaiverTarget::Field(_) => "field",
            WaiverTarget::Recipient(_) => "recipient",
            WaiverTarget::Config(_) => "config",
        }
    }

    /// The path as written (a config path with `./` segments removed).
    pub fn path(&self) -> &str {
        match self {
            WaiverTarget::System(path)
            | WaiverTarget::Dataset(path)
            | WaiverTarget::Field(path)
            | WaiverTarget::Recipient(path)
            | WaiverTarget::Config(path) => path,
        }
    }

    /// Whether the waiver applies to the item at `item_path`: an inventory
    /// path as [`crate::inventory::Inventory::path`] writes it, or a config
    /// file's path from the project root.
    ///
    /// An inventory target covers itself and everything under it, segment
    /// by segment: `sys/ds` covers `sys/ds` and `sys/ds/field` but not
    /// `sys/ds2`, and `sys` covers all of the system's datasets, fields and
    /// recipients. A config target covers exactly that file.
    pub fn covers(&self, item_path: &str) -> bool {
        match self {
            WaiverTarget::Config(path) => {
                validate::config_path(item_path).is_some_and(|item| item == *path)
            }
            _ => {
                let mut item = item_path.split('/');
                self.path().split('/').all(|part| item.next() == Some(part))
            }
        }
    }
}

/// Reads the waivers in `file`, or every error in it: unknown keys, a
/// missing commitment, reason or expiry date, no item or more than one,
/// a malformed item path, a date that is not on the calendar.
pub fn parse(file: SourceFile) -> Result<Waivers, Vec<Diagnostic>> {
    let sorted = |mut errors: Vec<Diagnostic>| {
        crate::diagnostic::sort(&mut errors);
        errors
    };
    let raw = schema::parse(&file).map_err(sorted)?;
    let entries = validate::waivers(&file, raw).map_err(sorted)?;
    Ok(Waivers { file, entries })
}
