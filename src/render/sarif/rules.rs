//! A SARIF rule per code, described by the same page `privet explain`
//! prints (`docs/codes/<name>.md`).
//!
//! The rule has no `helpUri`: SARIF requires an absolute URI there, privet
//! has no website, and a relative `docs/codes/<name>.md` would be resolved
//! against the checked repository, where it does not exist. The whole page
//! is in `help` instead, which code scanning shows beside each alert.

use super::log::{Help, Rule, Text};
use crate::diagnostic::Code;

/// The rule describing `code`.
pub fn rule(code: Code) -> Rule {
    let page = crate::explain::page(code);
    let full = page.and_then(what_it_checks);
    Rule {
        id: code.as_str(),
        name: code.doc_name(),
        short_description: Text {
            text: code.summary().to_owned(),
        },
        full_description: Text {
            text: full.unwrap_or_else(|| code.summary().to_owned()),
        },
        help: help(code, page),
    }
}

/// The page, and where else to read it.
fn help(code: Code, page: Option<&str>) -> Help {
    let pointer = format!(
        "Run `{}` to read this in a terminal; it is `{}` in the privet repository.",
        crate::explain::command(code),
        crate::explain::doc_path(code),
    );
    let text = match page {
        Some(page) => format!("{}\n\n{pointer}\n", page.trim_end()),
        None => format!("{}\n\n{pointer}\n", code.summary()),
    };
    Help {
        markdown: text.clone(),
        text,
    }
}

/// The `## What it checks` section of a page.
fn what_it_checks(page: &str) -> Option<String> {
    let (_, rest) = page.split_once("\n## What it checks\n")?;
    let section = rest.split("\n## ").next().unwrap_or(rest).trim();
    (!section.is_empty()).then(|| section.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_description_is_the_what_it_checks_section() {
        let page = "# privet::a::b\n\nsummary\n\n## What it checks\n\nOne\nthing.\n\n## Why it matters\n\nx\n";
        assert_eq!(what_it_checks(page).as_deref(), Some("One\nthing."));
        assert_eq!(what_it_checks("# no sections\n"), None);
    }
}
