//! The command line: argument parsing and the exit-status contract.

mod check;
mod convert;
mod explain;
mod fmt;
mod lsp;
mod schema;

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
    /// Explain a diagnostic code: what it checks, why, and how to fix it.
    Explain(ExplainArgs),
    /// Print a JSON Schema of one of privet's YAML formats.
    Schema(SchemaArgs),
    /// Format `.privet` files in place (or check that they are formatted).
    Fmt(FmtArgs),
    /// Run the language server on standard input and output.
    Lsp,
    /// Convert another tool's policy files to the commitment language.
    Convert(ConvertArgs),
}

/// Arguments of `privet fmt`.
#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Files or directories of `.privet` files (default: the project's rules).
    paths: Vec<PathBuf>,
    /// Change nothing; exit 1 if a file is not formatted.
    #[arg(long)]
    check: bool,
}

/// Arguments of `privet convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The format converted from.
    #[arg(value_enum)]
    from: ConvertFrom,
    /// The files to convert.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Formats `privet convert` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ConvertFrom {
    /// Fides `policy:` resource files.
    Fides,
}

/// Arguments of `privet explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A code such as `privet::retention::exceeded` (the `privet::` prefix
    /// may be left out).
    #[arg(required_unless_present = "list")]
    code: Option<String>,
    /// List every code with its one-line summary.
    #[arg(long, conflicts_with = "code")]
    list: bool,
}

/// Arguments of `privet schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which format.
    #[arg(value_enum)]
    format: SchemaFormat,
}

/// The YAML formats privet publishes a schema for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaFormat {
    /// Inventory files (`inventory/*.yaml`).
    Inventory,
    /// The project file (`privet.yaml`).
    Project,
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
    /// After the findings, print how many there are of each code.
    #[arg(long)]
    statistics: bool,
}

/// Output formats of `privet check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical reports for people (the default).
    Human,
    /// One line per finding: `path:line:col: severity[code] message`.
    Concise,
    /// One JSON document for programs.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// JUnit XML: one test case per commitment and checked item.
    Junit,
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
        Command::Explain(args) => explain::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Lsp => lsp::run(),
        Command::Convert(args) => convert::run(&args),
    }
}
