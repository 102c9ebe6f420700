//! The command line: argument parsing and the exit-status contract.

mod check;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// Check the project's commitments (for now: parse and resolve them).
    Check(CheckArgs),
}

/// Arguments of `privet check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A `.privet` file or a directory searched for them (repeatable).
    /// Defaults to `rules/`.
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
}

/// How a run ended. This is the only place exit codes are decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Every commitment holds (or there was nothing wrong with the input).
    Success,
    /// A commitment is broken.
    Failure,
    /// privet could not check: bad input, unreadable file, bad flags.
    Error,
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
