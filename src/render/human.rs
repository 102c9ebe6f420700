//! The terminal format: miette's graphical reports, one block per problem.

use crate::diagnostic::Diagnostic;

/// How to draw reports.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Wrap text at this many columns.
    pub width: usize,
}

impl Style {
    /// No colour, fixed width: what tests and logs see.
    pub const PLAIN: Style = Style {
        color: false,
        width: 100,
    };
}

/// Renders every diagnostic, separated by blank lines.
pub fn render(diagnostics: &[Diagnostic], style: Style) -> String {
    let theme = if style.color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for diagnostic in diagnostics {
        if handler.render_report(&mut out, diagnostic).is_err() {
            // Rendering into a String cannot fail; fall back to the message.
            out.push_str(&diagnostic.message);
        }
        out.push('\n');
    }
    out
}
