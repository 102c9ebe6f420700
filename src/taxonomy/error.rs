//! Errors in a taxonomy file.

use std::fmt;
use std::sync::Arc;

use crate::source::{SourceFile, Span};
use crate::yaml::YamlError;

/// A taxonomy file that cannot be used.
#[derive(Clone, Debug)]
pub enum TaxonomyError {
    /// The file is not YAML of the taxonomy's shape: bad syntax, an unknown
    /// key, a repeated key, a missing or mistyped value.
    Yaml(YamlError),
    /// An entry breaks a rule of the taxonomy.
    Entry(EntryError),
}

impl TaxonomyError {
    /// Where the problem is.
    pub fn span(&self) -> Span {
        match self {
            TaxonomyError::Yaml(error) => error.span(),
            TaxonomyError::Entry(error) => error.span(),
        }
    }

    /// What is wrong, in plain words.
    pub fn message(&self) -> &str {
        match self {
            TaxonomyError::Yaml(error) => error.message(),
            TaxonomyError::Entry(error) => error.message(),
        }
    }

    /// The file the problem is in.
    pub fn file(&self) -> &SourceFile {
        match self {
            TaxonomyError::Yaml(error) => error.file(),
            TaxonomyError::Entry(error) => error.file(),
        }
    }

    /// The diagnostic code, such as `privet::taxonomy::duplicate_id`.
    pub fn code(&self) -> &'static str {
        match self {
            TaxonomyError::Yaml(_) => "privet::yaml::invalid",
            TaxonomyError::Entry(error) => error.kind().code(),
        }
    }

    fn inner(&self) -> &dyn miette::Diagnostic {
        match self {
            TaxonomyError::Yaml(error) => error,
            TaxonomyError::Entry(error) => error,
        }
    }
}

impl From<YamlError> for TaxonomyError {
    fn from(error: YamlError) -> Self {
        TaxonomyError::Yaml(error)
    }
}

impl From<EntryError> for TaxonomyError {
    fn from(error: EntryError) -> Self {
        TaxonomyError::Entry(error)
    }
}

impl fmt::Display for TaxonomyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for TaxonomyError {}

impl miette::Diagnostic for TaxonomyError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner().code()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner().help()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.inner().source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.inner().labels()
    }
}

/// Which rule of the taxonomy an entry breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryErrorKind {
    /// The id is already used, by the built-in taxonomy or earlier in the file.
    DuplicateId,
    /// `within`, `expands_to`, `deprecated_by` or `precedes` names no known id.
    UnknownReference,
    /// A name or alias already stands for another entry.
    AliasConflict,
    /// An entry lies within, or expands to, itself.
    Cycle,
    /// A value that is not allowed here: a malformed id, an empty name, or a
    /// key that does not apply to this vocabulary.
    Invalid,
}

impl EntryErrorKind {
    /// The stable diagnostic code.
    pub fn code(self) -> &'static str {
        match self {
            EntryErrorKind::DuplicateId => "privet::taxonomy::duplicate_id",
            EntryErrorKind::UnknownReference => "privet::taxonomy::unknown_reference",
            EntryErrorKind::AliasConflict => "privet::taxonomy::alias_conflict",
            EntryErrorKind::Cycle => "privet::taxonomy::cycle",
            EntryErrorKind::Invalid => "privet::taxonomy::invalid",
        }
    }
}

/// An entry of a taxonomy file that breaks a rule, with its location.
#[derive(Clone, Debug)]
pub struct EntryError(Box<EntryErrorInner>);

// Boxed so that `Result<T, EntryError>` stays one pointer wide.
#[derive(Clone, Debug)]
struct EntryErrorInner {
    kind: EntryErrorKind,
    file: SourceFile,
    // Kept alongside `file` because miette borrows its source code.
    source_code: miette::NamedSource<Arc<str>>,
    span: Span,
    message: String,
    help: Option<String>,
}

impl EntryError {
    /// An error of `kind` at `span` in `file`.
    pub(super) fn new(
        kind: EntryErrorKind,
        file: &SourceFile,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self(Box::new(EntryErrorInner {
            kind,
            file: file.clone(),
            source_code: file.named_source(),
            span,
            message: message.into(),
            help: None,
        }))
    }

    /// Adds a line saying how to fix the problem.
    pub(super) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.0.help = Some(help.into());
        self
    }

    /// Which rule is broken.
    pub fn kind(&self) -> EntryErrorKind {
        self.0.kind
    }

    /// How to fix the problem, if privet knows.
    pub fn help(&self) -> Option<&str> {
        self.0.help.as_deref()
    }

    /// Where the problem is.
    pub fn span(&self) -> Span {
        self.0.span
    }

    /// What is wrong, in plain words.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The file the problem is in.
    pub fn file(&self) -> &SourceFile {
        &self.0.file
    }
}

impl fmt::Display for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for EntryError {}

impl miette::Diagnostic for EntryError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.0.kind.code()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let help = self.0.help.as_deref()?;
        Some(Box::new(help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.0.source_code)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let label = miette::LabeledSpan::new_with_span(Some("here".to_owned()), self.0.span);
        Some(Box::new(std::iter::once(label)))
    }
}
