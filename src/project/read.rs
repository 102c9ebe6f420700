//! Reading one input file as UTF-8 text, with a size limit, and turning
//! YAML errors in privet's own formats into diagnostics.

use std::io::Read;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};
use crate::yaml::{self, YamlError};

/// Policy files larger than this are refused rather than parsed.
pub const MAX_POLICY_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a policy file as UTF-8 text, refusing oversized and binary files.
/// `shown` is the path as users see it: [`super::relative`] to the project
/// root in a check, as given on the command line for `privet fmt`.
pub fn read_policy(path: &Path, shown: &str) -> Result<SourceFile, Box<Diagnostic>> {
    read_text(path, shown, Limit::new(MAX_POLICY_BYTES, "policy"))
}

/// Reads a YAML file (inventory, config, taxonomy, waivers, the project
/// file) as UTF-8 text, refusing files larger than
/// [`yaml::MAX_FILE_BYTES`] and binary files. `shown` is the path as users
/// see it, usually [`super::relative`] to the project root.
pub fn read_yaml(path: &Path, shown: &str) -> Result<SourceFile, Box<Diagnostic>> {
    let bytes = u64::try_from(yaml::MAX_FILE_BYTES).unwrap_or(u64::MAX);
    read_text(path, shown, Limit::new(bytes, "YAML"))
}

/// A YAML error in one of privet's own formats as a diagnostic with `code`,
/// so the code names the file that is wrong (`privet::project::invalid`)
/// rather than the syntax it is written in.
pub fn yaml_diagnostic(code: Code, error: &YamlError) -> Diagnostic {
    Diagnostic::error(code, error.file(), error.span(), error.message())
}

/// The most bytes a kind of file may have.
#[derive(Clone, Copy)]
struct Limit {
    bytes: u64,
    kind: &'static str,
}

impl Limit {
    const fn new(bytes: u64, kind: &'static str) -> Self {
        Self { bytes, kind }
    }
}

fn read_text(path: &Path, shown: &str, limit: Limit) -> Result<SourceFile, Box<Diagnostic>> {
    // Checked before opening: opening a FIFO would block, and the size of a
    // huge (or sparse) file is refused without reading it.
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(shown, &io_reason(&e)))?;
    if metadata.is_dir() {
        return Err(unreadable(shown, "it is a directory"));
    }
    if !metadata.is_file() {
        return Err(unreadable(shown, "it is not a regular file"));
    }
    if metadata.len() > limit.bytes {
        return Err(too_large(shown, Some(metadata.len()), limit));
    }
    let file = std::fs::File::open(path).map_err(|e| unreadable(shown, &io_reason(&e)))?;
    // The file may have grown since it was measured; never read past the limit.
    let mut bytes = Vec::new();
    let read = file
        .take(limit.bytes.saturating_add(1))
        .read_to_end(&mut bytes);
    read.map_err(|e| unreadable(shown, &io_reason(&e)))?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit.bytes {
        return Err(too_large(shown, None, limit));
    }
    match String::from_utf8(bytes) {
        Ok(text) => match control_character(shown, &text) {
            Some(error) => Err(error),
            None => Ok(SourceFile::new(shown, text)),
        },
        Err(error) => Err(not_text(shown, error)),
    }
}

/// The error for `text` if it holds a control character other than tab,
/// line feed and carriage return: a NUL byte marks a binary file, and an
/// escape sequence shown in a snippet would drive the user's terminal.
/// Neither YAML nor the policy language allows them.
pub(crate) fn control_character(shown: &str, text: &str) -> Option<Box<Diagnostic>> {
    // Control characters are ASCII, so a byte scan finds them at a char
    // boundary; it is several times faster than decoding every character
    // (this runs over every byte of every input file).
    let at = text
        .bytes()
        .position(|b| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r'))?;
    let c = char::from(*text.as_bytes().get(at)?);
    let file = SourceFile::new(shown, text_up_to_bad_line_end(text.as_bytes(), at));
    let name = match c {
        '\0' => "a NUL byte (U+0000)".to_owned(),
        '\u{1b}' => "an escape character (U+001B)".to_owned(),
        _ => format!("the control character U+{:04X}", u32::from(c)),
    };
    let message = format!("this file holds {name}, so it is not text");
    let span = Span::new(at, at + '\u{FFFD}'.len_utf8());
    let error = Diagnostic::error(Code::IoNotText, &file, span, message);
    Some(Box::new(error.with_label("here").with_help(
        "remove the character; policy, inventory and config files are plain text",
    )))
}

/// An I/O error in plain words, without the OS error number.
pub(super) fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

/// `size` is `None` when the file grew past the limit while being read.
fn too_large(shown: &str, size: Option<u64>, limit: Limit) -> Box<Diagnostic> {
    let size = size.map_or_else(String::new, |bytes| format!("{bytes} bytes, "));
    let reason = format!(
        "it is {size}larger than the {} privet reads from a {} file",
        human_size(limit.bytes),
        limit.kind
    );
    let error = unreadable(shown, &reason);
    Box::new(error.with_help("split the file into smaller files"))
}

/// `64 MiB` for a whole number of mebibytes, else a byte count.
fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

pub(super) fn not_text(shown: &str, error: std::string::FromUtf8Error) -> Box<Diagnostic> {
    let at = error.utf8_error().valid_up_to();
    let file = SourceFile::new(shown, text_up_to_bad_line_end(&error.into_bytes(), at));
    let width = file.text().get(at..).and_then(|rest| rest.chars().next());
    let span = Span::new(at, at + width.map_or(0, char::len_utf8));
    let error = Diagnostic::error(Code::IoNotText, &file, span, "this file is not UTF-8 text");
    Box::new(
        error
            .with_label("the first byte that is not UTF-8")
            .with_help("save the file as UTF-8; policy, inventory and config files are text"),
    )
}

/// The valid text before byte `at`, then the rest of that line with every
/// byte that is not printable text shown as U+FFFD, so the location reads
/// as a line and column and the snippet shows the bad byte without
/// sending binary to the terminal.
fn text_up_to_bad_line_end(bytes: &[u8], at: usize) -> String {
    let (valid, rest) = bytes.split_at(at.min(bytes.len()));
    let line = rest.split(|b| *b == b'\n').next().unwrap_or_default();
    let mut text = std::str::from_utf8(valid).unwrap_or_default().to_owned();
    let tail = String::from_utf8_lossy(line);
    let printable = |c: char| {
        if c.is_control() && c != '\t' {
            '\u{FFFD}'
        } else {
            c
        }
    };
    text.extend(tail.chars().filter(|c| *c != '\r').map(printable));
    text
}

/// `shown` could not be read, for `reason`.
pub(super) fn unreadable(shown: &str, reason: &str) -> Box<Diagnostic> {
    let file = SourceFile::new(shown, "");
    let message = format!("cannot read `{shown}`: {reason}");
    let error = Diagnostic::error(Code::IoUnreadable, &file, Span::default(), message);
    Box::new(error.with_help("check the path and its permissions"))
}
