//! The terminal format: miette's graphical reports, one block per problem.

mod long_lines;

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
    // Drawing a snippet is costly (a large inventory can break thousands
    // of promises): long reports are drawn in chunks on every core and
    // joined in order, so the text is the same as drawn on one.
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if workers < 2 || diagnostics.len() < 256 {
        return render_chunk(diagnostics, style);
    }
    let chunk = diagnostics.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let drawn: Vec<_> = diagnostics
            .chunks(chunk)
            .map(|part| scope.spawn(move || render_chunk(part, style)))
            .collect();
        let mut out = String::new();
        for (handle, part) in drawn.into_iter().zip(diagnostics.chunks(chunk)) {
            // A drawing thread cannot panic on a String; if one did, draw
            // its part here rather than lose it.
            out.push_str(&handle.join().unwrap_or_else(|_| render_chunk(part, style)));
        }
        out
    })
}

fn render_chunk(diagnostics: &[Diagnostic], style: Style) -> String {
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
        let shortened = long_lines::shorten(diagnostic);
        let diagnostic = shortened.as_ref().unwrap_or(diagnostic);
        if handler.render_report(&mut out, diagnostic).is_err() {
            // Rendering into a String cannot fail; fall back to the message.
            out.push_str(&diagnostic.message);
        }
        out.push('\n');
    }
    out
}

/// Renders a whole run: errors, then unwaived findings, then one summary
/// line (`3 errors, 1 warning, 2 waived in 4 files (12 commitments)`).
pub fn render_report(report: &super::Report<'_>, style: Style) -> String {
    let live: Vec<crate::diagnostic::Diagnostic> = report
        .findings
        .iter()
        .filter(|f| f.waived.is_none())
        .map(crate::check::Finding::to_diagnostic)
        .collect();
    let mut out = render(report.errors, style);
    out.push_str(&render(&live, style));
    out.push_str(&summary_line(&report.summary));
    out.push('\n');
    out
}

/// The closing line of the terminal output.
pub fn summary_line(s: &super::Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let scope = format!(
        "in {} ({})",
        plural(s.files, "file"),
        plural(s.commitments, "commitment")
    );
    if s.errors == 0 && s.warnings == 0 && s.waived == 0 {
        return format!("no problems found {scope}");
    }
    format!(
        "{}, {}, {} waived {scope}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        s.waived
    )
}
