//! The command line: argument parsing and the exit-status contract.

mod check;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use crate::pipeline::ExitStatus;

/// privet: check a privacy policy's promises against what your systems do.
#[derive(Debug, Parser)]
#[command(name = "privet", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the project's commitments against its inventory and config.
    Check(CheckArgs),
}

/// Arguments of `privet check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The project root (holding `privet.yaml`); found by walking up from
    /// the working directory when not given.
    #[arg(long, value_name = "DIR")]
    project: Option<PathBuf>,
    /// A `.privet` file or a directory of them (repeatable); replaces the
    /// project file's `rules`.
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// An inventory YAML file or a directory of them (repeatable); replaces
    /// the project file's `inventory`.
    #[arg(long = "inventory", value_name = "PATH")]
    inventory: Vec<PathBuf>,
    /// Where `config "<glob>"` statements look; replaces `config_root`.
    #[arg(long, value_name = "DIR")]
    config_root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on warnings too: `--deny warnings`.
    #[arg(long, value_enum, value_name = "LEVEL")]
    deny: Option<Deny>,
    /// Ignore the waivers file.
    #[arg(long)]
    no_waivers: bool,
}

/// Output formats of `privet check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical reports for people (the default).
    Human,
    /// One JSON document for programs.
    Json,
}

/// What `--deny` can make fatal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    /// Warnings fail the run.
    Warnings,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(match status {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        })
    }
}

/// Parses the command line and runs the command.
pub fn run() -> ExitStatus {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout and errors to stderr.
            let _ = error.print();
            return if error.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
    }
}
