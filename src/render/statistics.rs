//! `--statistics`: how many problems of each code a run found, for seeing
//! at a glance what kind of promise breaks most:
//!
//! ```text
//!   3  privet::retention::exceeded  data is kept longer than the commitment allows
//!   1  privet::residency::outside   a store, processor or recipient is outside ... (2 waived)
//! ```
//!
//! The count is of open problems, findings and could-not-check errors
//! alike, as the summary line counts them; waived findings are counted
//! apart, in brackets. Rows go by count, largest first, then by code; a
//! run with nothing to count prints nothing.
//!
//! Where the table goes depends on the format. After `human`, `concise`
//! and `github` output it follows on standard output (for `github` the
//! runner shows lines that are not commands in the log as they are).
//! `json`, `sarif`, `gitlab` and `junit` are documents other programs
//! parse, so there the table goes to standard error and standard output
//! stays a valid document.

use std::collections::BTreeMap;

use super::Report;
use crate::diagnostic::Code;

/// Open and waived problems of one code.
#[derive(Default)]
struct Counts {
    open: usize,
    waived: usize,
}

/// Renders the table, one line per code, or nothing if there is nothing
/// to count.
pub fn render(report: &Report<'_>) -> String {
    let rows = rows(report);
    let count_width = rows.iter().map(|(_, c)| c.open.to_string().len());
    let code_width = rows.iter().map(|(code, _)| code.as_str().len());
    let widths = (
        count_width.max().unwrap_or(1),
        code_width.max().unwrap_or(0),
    );
    rows.iter()
        .map(|(code, counts)| row(*code, counts, widths))
        .collect()
}

fn row(code: Code, counts: &Counts, (cw, iw): (usize, usize)) -> String {
    let (open, id, summary) = (counts.open, code.as_str(), code.summary());
    let waived = match counts.waived {
        0 => String::new(),
        n => format!(" ({n} waived)"),
    };
    format!("  {open:>cw$}  {id:<iw$}  {summary}{waived}\n")
}

/// Counts per code, sorted by open count (largest first), then code.
fn rows(report: &Report<'_>) -> Vec<(Code, Counts)> {
    let mut counts: BTreeMap<Code, Counts> = BTreeMap::new();
    for d in report.errors {
        counts.entry(d.code).or_default().open += 1;
    }
    for f in report.findings {
        let entry = counts.entry(f.code).or_default();
        match f.waived {
            Some(_) => entry.waived += 1,
            None => entry.open += 1,
        }
    }
    let mut rows: Vec<(Code, Counts)> = counts.into_iter().collect();
    rows.sort_by(|(a, x), (b, y)| y.open.cmp(&x.open).then(a.as_str().cmp(b.as_str())));
    rows
}
