//! `privet lsp`.

use super::ExitStatus;

/// Runs the language server until the client asks it to exit: success
/// after `shutdown` then `exit`, an error otherwise.
pub fn run() -> ExitStatus {
    if crate::lsp::run() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    }
}
