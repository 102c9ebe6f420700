//! System config: the YAML files that `config` statements assert facts about.
//!
//! ```text
//! project root ─ discover ─▶ ConfigIndex ─ matching(glob) ─▶ relative paths
//! relative path ─ read ─▶ SourceFile ─ parse ─▶ ConfigFile ─ lookup(key path) ─▶ Node
//! Node + ConfigTest ─ evaluate ─▶ Outcome
//! ```
//!
//! [`discover`] walks the project root once; [`ConfigIndex::matching`] then
//! answers any number of globs without touching the disk. [`read`] is the
//! only other function here that does I/O; [`parse`], lookups and
//! [`evaluate`] are pure.
//!
//! Config files are foreign formats, read tolerantly: any shape is accepted,
//! and a value is typed by the YAML 1.2 core schema, so `yes` and `on` are
//! strings, not booleans. Invalid YAML, repeated keys, alias bombs and deep
//! nesting are errors with a location.

mod describe;
mod discover;
mod evaluate;
mod value;

pub use describe::describe;
pub use discover::{ConfigIndex, MAX_CONFIG_FILES, MAX_DIRECTORY_DEPTH, discover, read};
pub use evaluate::{DURATION_EXPECTED, Outcome, evaluate};
pub use value::{Node, Value};

use crate::ast::KeySegment;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::SourceFile;

/// One config file, read into a tree of spanned values.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    /// The file's text; its path is relative to the project root.
    pub source: SourceFile,
    /// The document's top-level value (null for an empty file).
    pub root: Node,
}

/// Where a key path leads in a [`ConfigFile`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Lookup<'a> {
    /// The value at the path (which may be null).
    Found(&'a Node),
    /// The path leads nowhere.
    Missing {
        /// The deepest value the path reaches: the file's root at worst. A
        /// finding about the missing key points here.
        parent: &'a Node,
        /// How many segments of the path were found; the segment at this
        /// index is the one missing.
        depth: usize,
    },
}

impl<'a> Lookup<'a> {
    /// The value found, if any.
    pub fn node(self) -> Option<&'a Node> {
        match self {
            Lookup::Found(node) => Some(node),
            Lookup::Missing { .. } => None,
        }
    }
}

/// Reads `source` as YAML of any shape.
///
/// Errors carry [`Code::ConfigInvalid`] and point at the offending text.
pub fn parse(source: SourceFile) -> Result<ConfigFile, Box<Diagnostic>> {
    match value::read_tree(&source) {
        Ok(root) => Ok(ConfigFile { source, root }),
        Err(error) => {
            let help = error.help.unwrap_or_else(|| {
                "fix the YAML: privet reads this file because a `config` statement's \
                 pattern matches it"
                    .to_owned()
            });
            let diagnostic =
                Diagnostic::error(Code::ConfigInvalid, &source, error.span, error.message)
                    .with_label("here")
                    .with_help(help);
            Err(Box::new(diagnostic))
        }
    }
}

impl ConfigFile {
    /// Follows `path` from the root: a [`KeySegment::Key`] steps into a
    /// mapping, a [`KeySegment::Index`] into a sequence; anything else (a
    /// key on a list, an index on a mapping, any step into a scalar) is
    /// [`Lookup::Missing`].
    pub fn lookup(&self, path: &[KeySegment]) -> Lookup<'_> {
        let mut node = &self.root;
        for (depth, segment) in path.iter().enumerate() {
            match child(node, segment) {
                Some(next) => node = next,
                None => {
                    return Lookup::Missing {
                        parent: node,
                        depth,
                    };
                }
            }
        }
        Lookup::Found(node)
    }
}

/// The value one `segment` below `node`.
fn child<'a>(node: &'a Node, segment: &KeySegment) -> Option<&'a Node> {
    match (&node.value, segment) {
        (Value::Mapping(_), KeySegment::Key(key)) => node.value.get(key),
        (Value::Sequence(items), KeySegment::Index(index)) => items.get(*index),
        _ => None,
    }
}
