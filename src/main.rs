//! The `privet` command.

fn main() -> std::process::ExitCode {
    privet::cli::run().into()
}
