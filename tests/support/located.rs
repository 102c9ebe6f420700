//! Assertions that every location privet reports can be shown to a user,
//! shared by the property tests and the fuzz targets (`#[path]`-included).

use privet::diagnostic::Diagnostic;
use privet::source::{SourceFile, Span};

/// A span a user can be shown: inside the text, on character boundaries.
pub fn assert_points_into(file: &SourceFile, span: Span, what: &str) {
    let text = file.text();
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what} in {} points at {span:?}, outside its {} bytes",
        file.path().display(),
        text.len()
    );
}

/// Every label of every diagnostic (and of those related to it) points
/// into its file.
pub fn assert_located(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert_points_into(&d.file, d.primary.span, d.code.as_str());
        for label in &d.secondary {
            assert_points_into(&d.file, label.span, d.code.as_str());
        }
        assert_located(&d.related);
    }
}
