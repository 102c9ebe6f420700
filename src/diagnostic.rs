//! Diagnostics: what privet tells a user, with a code, a location and a fix.
//!
//! Each phase has its own typed errors; they all become a [`Diagnostic`],
//! the one shape every renderer (terminal, JSON, editor) understands.

pub mod codes;

use std::fmt;

pub use codes::Code;

use crate::ast::Severity;
use crate::source::{LineCol, SourceFile, Span};

/// A labelled span in a diagnostic's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// What is pointed at.
    pub span: Span,
    /// What to say about it (may be empty).
    pub text: String,
}

impl Label {
    /// A label at `span` saying `text`.
    pub fn new(span: Span, text: impl Into<String>) -> Self {
        Self {
            span,
            text: text.into(),
        }
    }
}

/// One thing privet reports: a problem that stopped it from checking, or
/// (later) a broken promise.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// One lowercase sentence, no final period.
    pub message: String,
    /// The file the labels point into.
    pub file: SourceFile,
    /// The primary label: where the problem is.
    pub primary: Label,
    /// Further labels in the same file.
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Diagnostics in other files that explain this one.
    pub related: Vec<Diagnostic>,
}

impl Diagnostic {
    /// An error-severity diagnostic at `span` in `file`.
    pub fn error(code: Code, file: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: Severity::Error,
            message: message.into(),
            file: file.clone(),
            primary: Label::new(span, ""),
            secondary: Vec::new(),
            help: None,
            related: Vec::new(),
        }
    }

    /// Sets the primary label's text.
    pub fn with_label(mut self, text: impl Into<String>) -> Self {
        self.primary.text = text.into();
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, span: Span, text: impl Into<String>) -> Self {
        self.secondary.push(Label::new(span, text));
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Where the primary label starts, 1-based.
    pub fn location(&self) -> LineCol {
        self.file.line_col(self.primary.span.start)
    }

    /// The key diagnostics are sorted by: file, line, column, code.
    pub fn sort_key(&self) -> (String, usize, usize, &'static str) {
        let at = self.location();
        let path = self.file.path().display().to_string();
        (path, at.line, at.column, self.code.as_str())
    }
}

/// Sorts diagnostics by file, line, column and code, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_cached_key(|d| (d.sort_key(), d.message.clone()));
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.file.miette_source())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = std::iter::once(labeled(&self.primary, true));
        let rest = self.secondary.iter().map(|l| labeled(l, false));
        Some(Box::new(primary.chain(rest)))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|d| d as &dyn miette::Diagnostic),
        ))
    }
}

fn labeled(label: &Label, primary: bool) -> miette::LabeledSpan {
    let text = (!label.text.is_empty()).then(|| label.text.clone());
    if primary {
        miette::LabeledSpan::new_primary_with_span(text, label.span)
    } else {
        miette::LabeledSpan::new_with_span(text, label.span)
    }
}
