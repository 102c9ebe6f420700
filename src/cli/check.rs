//! `privet check`.

use std::io::{IsTerminal, Write};

use super::{CheckArgs, Deny, ExitStatus, Format};
use crate::pipeline::{self, Options, Outcome};
use crate::render::human::{self, Style};
use crate::render::{Report, json};

/// Checks the project and prints the report.
pub fn run(args: &CheckArgs) -> ExitStatus {
    let cwd = std::env::current_dir().unwrap_or_default();
    let options = Options {
        project: args.project.clone(),
        rules: args.rules.clone(),
        inventory: args.inventory.clone(),
        config_root: args.config_root.clone(),
        no_waivers: args.no_waivers,
        cwd,
    };
    let outcome = pipeline::run(&options);
    print(&outcome, args.format);
    outcome.status(args.deny == Some(Deny::Warnings))
}

fn print(outcome: &Outcome, format: Format) {
    let report = Report {
        findings: &outcome.findings,
        errors: &outcome.errors,
        summary: outcome.summary.clone(),
    };
    let text = match format {
        Format::Json => json::render(&report),
        Format::Human => {
            let stdout = std::io::stdout();
            let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let width = if color { 120 } else { Style::PLAIN.width };
            human::render_report(&report, Style { color, width })
        }
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
