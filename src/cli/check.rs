//! `privet check`.

use std::io::{IsTerminal, Write};

use super::{CheckArgs, Deny, ExitStatus, Format};
use crate::pipeline::{self, Options, Outcome};
use crate::render::human::{self, Style};
use crate::render::{Report, concise, github, gitlab, json, junit, sarif, statistics};

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
        today: None,
        overlays: pipeline::Overlays::new(),
    };
    let outcome = pipeline::run(&options);
    print(&outcome, args.format, args.statistics);
    outcome.status(args.deny == Some(Deny::Warnings))
}

fn print(outcome: &Outcome, format: Format, with_statistics: bool) {
    let report = Report {
        findings: &outcome.findings,
        errors: &outcome.errors,
        summary: outcome.summary.clone(),
    };
    let mut text = match format {
        Format::Json => json::render(&report),
        Format::Concise => concise::render(&report),
        Format::Sarif => sarif::render(&report),
        Format::Github => github::render(&report),
        Format::Gitlab => gitlab::render(&report),
        Format::Junit => junit::render_with_commitments(&report, &outcome.commitments),
        Format::Human => {
            let stdout = std::io::stdout();
            let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let width = if color { 120 } else { Style::PLAIN.width };
            human::render_report(&report, Style { color, width })
        }
    };
    let mut to_stderr = String::new();
    if with_statistics {
        let table = statistics::render(&report);
        // Documents other programs parse stay valid: the table goes to stderr.
        match format {
            Format::Json | Format::Sarif | Format::Gitlab | Format::Junit => to_stderr = table,
            Format::Human | Format::Concise | Format::Github => text.push_str(&table),
        }
    }
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    let _ = std::io::stderr().lock().write_all(to_stderr.as_bytes());
}
