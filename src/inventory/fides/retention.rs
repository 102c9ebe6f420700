//! Reading Fides' free-text retention (`"30 days after account deletion"`,
//! `"Account termination"`, `"1 year"`, `"until the account is closed"`,
//! `"indefinitely"`) into privet's typed [`Retention`].
//!
//! The forms read, case-insensitively, with an optional leading "retained"
//! or "kept", "for", and a final period:
//!
//! - `indefinitely`, `indefinite`, `forever`, `permanently`: no limit;
//! - a duration (`1 year`, `P30D`): that long after collection;
//! - `<duration> after|from|following <event>`;
//! - `until <event>`, or the event alone (`Account termination`): deleted
//!   when it happens.
//!
//! Events are the taxonomy's, by id, name or alias. Anything else is `None`:
//! the caller reports it as missing evidence quoting the text.

use crate::duration::Duration;
use crate::inventory::Retention;
use crate::taxonomy::{Taxonomy, Vocabulary};

/// Words meaning the data is never deleted.
const INDEFINITE: [&str; 6] = [
    "indefinitely",
    "indefinite",
    "forever",
    "permanently",
    "permanent",
    "no limit",
];

/// Words joining a period to the event it counts from.
const AFTER: [&str; 4] = [" after ", " following ", " from ", " since "];

/// The retention `text` says, or `None` if privet cannot read it.
pub(crate) fn read(text: &str, taxonomy: &Taxonomy) -> Option<Retention> {
    let text = normalise(text);
    if INDEFINITE.contains(&text.as_str()) {
        return Some(Retention::Indefinite);
    }
    if let Some(event) = text.strip_prefix("until ") {
        return until(event, taxonomy);
    }
    if let Ok(period) = Duration::parse(&text) {
        let event = taxonomy.lookup(Vocabulary::Event, "collection")?;
        return Some(Retention::After { period, event });
    }
    AFTER
        .iter()
        .find_map(|word| text.split_once(word))
        .map_or_else(|| until(&text, taxonomy), |(p, e)| after(p, e, taxonomy))
}

/// Lowercase, single-spaced, without a final period or a leading
/// "retained" / "kept" / "for".
fn normalise(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut text = words.join(" ").to_lowercase();
    while text.ends_with('.') {
        text.pop();
    }
    for prefix in ["retained ", "kept ", "stored ", "for "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.to_owned();
        }
    }
    text
}

fn until(event: &str, taxonomy: &Taxonomy) -> Option<Retention> {
    let event = taxonomy.lookup(Vocabulary::Event, event)?;
    Some(Retention::After {
        period: Duration::ZERO,
        event,
    })
}

fn after(period: &str, event: &str, taxonomy: &Taxonomy) -> Option<Retention> {
    let period = Duration::parse(period).ok()?;
    let event = taxonomy.lookup(Vocabulary::Event, event)?;
    Some(Retention::After { period, event })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(text: &str, expected: &str) -> bool {
        let taxonomy = Taxonomy::builtin();
        match read(text, taxonomy) {
            Some(Retention::After { event, .. }) => taxonomy.id_str(event) == expected,
            _ => false,
        }
    }

    #[test]
    fn reads_the_forms_fides_users_write() {
        let taxonomy = Taxonomy::builtin();
        assert!(event("30 days after account deletion", "account_closed"));
        assert!(event("Account termination", "account_closed"));
        assert!(event("1 year", "collection"));
        assert!(event("until the account is closed", "account_closed"));
        assert!(event(
            "Retained for 6 months after last login.",
            "last_login"
        ));
        assert_eq!(read("indefinitely", taxonomy), Some(Retention::Indefinite));
        let Some(Retention::After { period, .. }) =
            read("30 days after account deletion", taxonomy)
        else {
            panic!("not read");
        };
        assert_eq!(period, Duration::parse("30 days").unwrap_or(Duration::ZERO));
    }

    #[test]
    fn text_it_cannot_read_is_none() {
        let taxonomy = Taxonomy::builtin();
        assert_eq!(read("No retention or erasure policy", taxonomy), None);
        assert_eq!(read("as long as needed", taxonomy), None);
        assert_eq!(read("30 days after the heat death", taxonomy), None);
    }
}
