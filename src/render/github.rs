//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request's changed lines:
//!
//! ```text
//! ::error file=inventory.yaml,line=13,col=32,endLine=13,endColumn=37,title=…::message%0Ahelp: …
//! ```
//!
//! One command per could-not-check error and per unwaived finding, in the
//! report's order; error, warning and info become `error`, `warning` and
//! `notice`. Waived findings are left out. The title names the code and,
//! for a finding, the commitment; the message carries the help line. The
//! last line is the terminal format's summary, which the log shows as is.
//! Paths are relative to the project root, which the workflow should run
//! from (the repository root) for annotations to land on the right file.

use super::{Report, display_path, human};
use crate::ast::Severity;
use crate::check::Finding;
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// Renders the report.
pub fn render(report: &Report<'_>) -> String {
    let errors = report.errors.iter().map(error);
    let live = report.findings.iter().filter(|f| f.waived.is_none());
    let mut out: String = errors.chain(live.map(finding)).collect();
    out.push_str(&human::summary_line(&report.summary));
    out.push('\n');
    out
}

fn finding(f: &Finding) -> String {
    let title = format!("{} (commitment {})", f.code.as_str(), f.commitment.id);
    let message = format!("{}\nhelp: {}", f.message, f.help);
    command(f.severity, &f.file, f.span, &title, &message)
}

fn error(d: &Diagnostic) -> String {
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    command(
        d.severity,
        &d.file,
        d.primary.span,
        d.code.as_str(),
        &message,
    )
}

/// One workflow command, with its line break.
fn command(
    severity: Severity,
    file: &SourceFile,
    span: Span,
    title: &str,
    message: &str,
) -> String {
    let level = match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let (start, end) = (file.line_col(span.start), file.line_col(span.end));
    format!(
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
        escape_property(&display_path(file)),
        start.line,
        start.column,
        end.line,
        end.column,
        escape_property(title),
        escape_data(message),
    )
}

/// Escapes a command's message: `%`, carriage return and line feed, so a
/// multi-line message stays one command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`): as [`escape_data`], plus
/// `:` and `,`, which would otherwise end the value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        let text = "100% of data: kept, forever\r\nreally";
        assert_eq!(
            escape_data(text),
            "100%25 of data: kept, forever%0D%0Areally"
        );
    }

    #[test]
    fn properties_also_escape_colons_and_commas() {
        let text = "privet::retention::exceeded (a, b) 5%\n";
        assert_eq!(
            escape_property(text),
            "privet%3A%3Aretention%3A%3Aexceeded (a%2C b) 5%25%0A"
        );
    }

    #[test]
    fn escaping_percent_first_never_double_escapes() {
        // `%0A` written by the user must come back as `%0A`, not a newline.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_property("%3A"), "%253A");
    }

    #[test]
    fn a_command_names_the_whole_span() {
        let file = SourceFile::new("inventory/a b.yaml", "k: v\nretention: 400 days\n");
        let start = file.text().find("400").unwrap_or_default();
        let span = Span::new(start, start + "400 days".len());
        let line = command(Severity::Warning, &file, span, "t:1", "m,1");
        assert_eq!(
            line,
            "::warning file=inventory/a b.yaml,line=2,col=12,endLine=2,endColumn=20,title=t%3A1::m,1\n"
        );
    }
}
