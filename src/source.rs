//! Source files, byte spans and line/column arithmetic.
//!
//! Every AST node, resolved term and (later) inventory value carries a [`Span`]
//! into the [`SourceFile`] it came from, so every diagnostic can point at the
//! exact text. Columns are reported 1-based in Unicode scalar values for
//! humans and in UTF-16 code units for the language server.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A half-open byte range `start..end` into a source file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span covering `start..end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Length in bytes.
    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no bytes.
    pub const fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        miette::SourceSpan::new(span.start.into(), span.len())
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(span: pest::Span<'_>) -> Self {
        Span::new(span.start(), span.end())
    }
}

/// A value together with the span of the text it was read from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the value was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs `value` with `span`.
    pub const fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }

    /// Applies `f` to the value, keeping the span.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned::new(f(self.value), self.span)
    }
}

/// A 1-based line and column, as shown to users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The text of one input file with a precomputed line index.
///
/// Cheap to clone: the text is shared.
#[derive(Clone, Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: Arc<str>,
    line_starts: Arc<[usize]>,
    named: miette::NamedSource<Arc<str>>,
}

impl SourceFile {
    /// Wraps `text` read from `path` (the path as it should be shown to users).
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let path = path.into();
        let named = miette::NamedSource::new(path.display().to_string(), Arc::clone(&text));
        Self {
            path,
            text,
            line_starts,
            named,
        }
    }

    /// The path shown to users.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text covered by `span`, or `""` if the span does not fit the text.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Index of the line holding byte `offset` (0-based) and that line's start.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let index = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.line_starts.get(index).copied().unwrap_or(0);
        (index, start)
    }

    /// 1-based line and column (in Unicode scalar values) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let (index, start) = self.line_of(offset);
        let column = self.prefix(start, offset).chars().count() + 1;
        LineCol {
            line: index + 1,
            column,
        }
    }

    /// 0-based line and UTF-16 column of byte `offset`, as the Language
    /// Server Protocol counts by default.
    pub fn line_col_utf16(&self, offset: usize) -> (usize, usize) {
        let (index, start) = self.line_of(offset);
        let column = self.prefix(start, offset).encode_utf16().count();
        (index, column)
    }

    /// Text between `start` and `offset`, backing off to a char boundary.
    fn prefix(&self, start: usize, offset: usize) -> &str {
        let mut end = offset.min(self.text.len());
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        self.text.get(start..end).unwrap_or("")
    }

    /// The file as a miette source, named by its display path.
    pub fn named_source(&self) -> miette::NamedSource<Arc<str>> {
        self.named.clone()
    }

    /// The file as miette source code, for diagnostics that borrow it.
    ///
    /// Reads snippets through the line index (see the `SourceCode` impl).
    pub fn miette_source(&self) -> &dyn miette::SourceCode {
        self
    }

    /// Byte range of whole lines around `span`: `before` lines above its
    /// first line and `after` lines below its last, plus one line of margin.
    fn window(&self, span: &miette::SourceSpan, before: usize, after: usize) -> (usize, usize) {
        let (first, _) = self.line_of(span.offset());
        let (last, _) = self.line_of(span.offset().saturating_add(span.len()));
        let first = first.saturating_sub(before.saturating_add(1));
        let start = self.line_starts.get(first).copied().unwrap_or(0);
        let end_line = last.saturating_add(after).saturating_add(2);
        let end = self.line_starts.get(end_line).copied();
        (start, end.unwrap_or(self.text.len()))
    }
}

// miette's own reader for text scans from the start of the file for every
// snippet, which made rendering quadratic: 80k findings in a 9 MB inventory
// took minutes. This one hands it only the lines around the span, found
// through the line index, and shifts the result back.
impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let (start, end) = self.window(span, before, after);
        let within = (self.text.get(start..end), span.offset().checked_sub(start));
        let (Some(window), Some(offset)) = within else {
            return self.named.read_span(span, before, after);
        };
        let local = miette::SourceSpan::new(offset.into(), span.len());
        let contents = window.read_span(&local, before, after)?;
        let (first_line, _) = self.line_of(start);
        let shifted = miette::SourceSpan::new(
            (contents.span().offset() + start).into(),
            contents.span().len(),
        );
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.named.name().to_owned(),
            contents.data(),
            shifted,
            contents.line() + first_line,
            contents.column(),
            // miette counts the line breaks from the start of what it reads.
            contents.line_count() + first_line,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let file = SourceFile::new("a.privet", "ab\ncé x\n");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(3), LineCol { line: 2, column: 1 });
        // `x` is after a two-byte `é`: byte 7, character column 4.
        assert_eq!(file.line_col(7), LineCol { line: 2, column: 4 });
        assert_eq!(file.line_col(999), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        let file = SourceFile::new("a.yaml", "k: 😀x");
        let x = file.text().find('x').unwrap();
        assert_eq!(file.line_col_utf16(x), (0, 5));
        assert_eq!(file.line_col(x).column, 5);
    }

    /// What miette reads for a span: name, bytes, span, line, column, lines.
    fn contents_of(
        source: &dyn miette::SourceCode,
        span: miette::SourceSpan,
        context: usize,
    ) -> (
        Option<String>,
        Vec<u8>,
        miette::SourceSpan,
        usize,
        usize,
        usize,
    ) {
        let c = source.read_span(&span, context, context).unwrap();
        let name = c.name().map(str::to_owned);
        (
            name,
            c.data().to_vec(),
            *c.span(),
            c.line(),
            c.column(),
            c.line_count(),
        )
    }

    #[test]
    fn snippets_read_through_the_line_index_match_miettes_own() {
        let lf = "a: 1\nb:\n  - x\n  - \"é y\"\n\nc: 3\nd: [4, 5]\n";
        let crlf = "a: 1\r\nb:\r\n  - x\r\n\r\nc: 3";
        for text in [lf, crlf] {
            same_snippets(text);
        }
    }

    fn same_snippets(text: &str) {
        let file = SourceFile::new("t.yaml", text);
        for start in 0..text.len() {
            for len in [0, 1, 3, 9] {
                let end = (start + len).min(text.len());
                if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                    continue;
                }
                let span = miette::SourceSpan::new(start.into(), end - start);
                for context in [0, 1, 2] {
                    assert_eq!(
                        contents_of(file.miette_source(), span, context),
                        contents_of(&file.named_source(), span, context),
                        "span {start}+{} with {context} lines of context",
                        end - start
                    );
                }
            }
        }
    }
}
