//! proptest strategies for tests/properties.rs: edits that turn a valid
//! file into a near-valid one, generated policies in random layouts, and
//! generated inventories. Every strategy shrinks, so a failure is reported
//! as a small input.

use proptest::prelude::*;
use proptest::sample::{Index, select};

// ── Edits ──────────────────────────────────────────────────────────────────

/// One change to a text, at positions counted in characters (so every edit
/// keeps the text valid UTF-8).
#[derive(Clone, Debug)]
pub enum Edit {
    /// Insert the text at the position.
    Insert(Index, String),
    /// Delete up to `n` characters from the position.
    Delete(Index, usize),
    /// Replace up to `n` characters from the position by the text.
    Replace(Index, usize, String),
    /// Copy up to `n` characters from the first position to the second.
    Duplicate(Index, usize, Index),
    /// Cut the text at the position.
    Truncate(Index),
}

/// Applies the edits in order.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        let at = |i: &Index, chars: &Vec<char>| i.index(chars.len() + 1);
        match edit {
            Edit::Insert(i, s) => {
                let p = at(i, &chars);
                chars.splice(p..p, s.chars());
            }
            Edit::Delete(i, n) => {
                let p = at(i, &chars);
                let end = (p + n).min(chars.len());
                chars.drain(p..end);
            }
            Edit::Replace(i, n, s) => {
                let p = at(i, &chars);
                let end = (p + n).min(chars.len());
                chars.splice(p..end, s.chars());
            }
            Edit::Duplicate(from, n, to) => {
                let p = at(from, &chars);
                let end = (p + n).min(chars.len());
                let copied: Vec<char> = chars[p..end].to_vec();
                let q = at(to, &chars);
                chars.splice(q..q, copied);
            }
            Edit::Truncate(i) => {
                let p = at(i, &chars);
                chars.truncate(p);
            }
        }
    }
    chars.into_iter().collect()
}

/// A token from `pool` or, one time in four, any single character.
fn token(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(pool).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// One edit whose inserted text comes from `pool`. Truncation is rarer:
/// it throws away most of what the other edits would exercise.
pub fn edit(pool: &'static [&'static str]) -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<Index>(), token(pool)).prop_map(|(i, s)| Edit::Insert(i, s)),
        3 => (any::<Index>(), 1..12_usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        4 => (any::<Index>(), 1..12_usize, token(pool)).prop_map(|(i, n, s)| Edit::Replace(i, n, s)),
        2 => (any::<Index>(), 1..80_usize, any::<Index>()).prop_map(|(a, n, b)| Edit::Duplicate(a, n, b)),
        1 => any::<Index>().prop_map(Edit::Truncate),
    ]
}

/// Words, operators and characters of the policy language, and values that
/// are out of range or hostile.
pub const POLICY_TOKENS: &[&str] = &[
    "{",
    "}",
    "\"",
    "#",
    "//",
    "\n",
    "\r\n",
    "\r",
    ";",
    ",",
    " ",
    "\t",
    "<=",
    "=>",
    ">=",
    "=",
    "<",
    ">",
    "!=",
    "commitment x {",
    "policy \"P\" {",
    "quote \"",
    "section \"",
    "severity",
    "error",
    "warning",
    "source",
    "effective",
    "jurisdiction",
    "version",
    "retained at most",
    "retained until",
    "6",
    "months",
    "after",
    "until",
    "unless for",
    "last login",
    "account closed",
    "no sale of",
    "no sale or sharing of",
    "of users under",
    "from children under",
    "no collection of",
    "collection limited to",
    "99999999999999999999",
    "18446744073709551616",
    "-1",
    "0",
    "300",
    "2024-02-30",
    "2024-13-01",
    "9999-12-31",
    "P6M",
    "P",
    "PT",
    "180d",
    "6mo",
    "1 year 6 months",
    "config \"",
    "\"../x/*.yaml\"",
    "\"/etc/*\"",
    "\"**\"",
    "\"[\"",
    "a.b[0]",
    "a.\"b c\".d",
    "[",
    "]",
    ".",
    "*",
    "**",
    "is set",
    "is one of",
    "true",
    "false",
    "personal data",
    "contact data",
    "user.contact.email",
    "user",
    "stored only in",
    "processed only in",
    "shared only with",
    "never shared with",
    "service providers",
    "data brokers",
    "in",
    "US",
    "EU",
    "us-east-1",
    "and",
    "or",
    "transfers of",
    "out of",
    "require",
    "every",
    "processor of",
    "has a",
    "DPA",
    "dataset \"",
    "de-identified",
    "except",
    "used only for",
    "never used for",
    "no third parties receives",
    "for its own",
    "advertising",
    "encrypted at rest",
    "and in transit",
    "P99999999999999999999Y",
    "a[18446744073709551616]",
    "1e999",
    "0.5",
    "-9223372036854775809",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\u{0}",
    "é",
    "ℝ",
    "🦀",
    "\u{301}",
];

/// Pieces of YAML, inventory keys and values, and hostile constructs.
pub const YAML_TOKENS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "-",
    "\n",
    "\r\n",
    "  ",
    "    ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "!!binary ",
    "!tag ",
    "\"",
    "'",
    "|",
    ">",
    "# ",
    "\t",
    "~",
    "null",
    "true",
    "false",
    "-1",
    "0",
    "300",
    "99999999999999999999",
    "1e400",
    ".nan",
    ".inf",
    "0x10",
    "systems:",
    "datasets:",
    "fields:",
    "recipients:",
    "name: x",
    "name: ",
    "categories: ",
    "[user.contact.email]",
    "[user]",
    "[contct data]",
    "retention: ",
    "6 months",
    "400 days",
    "-5 days",
    "20000 years",
    "6 mnths",
    "indefinite",
    "{period: 400 days, after: last login}",
    "{until: account closed}",
    "{until: account closed, period: 1 day}",
    "location: ",
    "eu-west-1",
    "Mars",
    "kind: ",
    "data broker",
    "processor",
    "sale: true",
    "sharing: true",
    "min_age: ",
    "subjects: {kinds: [customer], min_age: 12}",
    "encryption: {at_rest: false}",
    "contracts: []",
    "transfer_mechanisms: [scc]",
    "link_key: true",
    "purposes: [advertising]",
    "---",
    "...",
    "18446744073709551616",
    "P99999999999999999999D",
    "0.0000001",
    "!!binary aGVsbG8=",
    "%YAML 1.2\n",
    "? ",
    "\u{feff}",
    "\u{0}",
    "é",
    "🦀",
    "dataset:",
    "system:",
    "fides_key: x",
    "policy:",
    "data_category:",
];

// ── Generated policies ─────────────────────────────────────────────────────

const DATA: &[&str] = &[
    "personal data",
    "contact data",
    "email address",
    "device data",
    "account data",
    "user.contact.email",
    "\"account data\"",
];
const REGIONS: &[&str] = &["US", "EU", "EEA", "UK", "US-CA", "DE"];
const PURPOSES: &[&str] = &["security", "advertising", "analytics", "hosting"];
const RECIPIENTS: &[&str] = &[
    "service providers",
    "processors",
    "third parties",
    "data brokers",
];
const SUBJECTS: &[&str] = &["users", "customers"];
const MECHANISMS: &[&str] = &["standard contractual clauses", "binding corporate rules"];
const DURATIONS: &[&str] = &[
    "6 months",
    "1 year 6 months",
    "P90D",
    "180d",
    "30 days",
    "72 hours",
];
const AGES: &[&str] = &["13", "16", "18"];

/// Statement shapes; `{X}` is filled from a pool, lists where the grammar
/// takes lists.
const STATEMENTS: &[&str] = &[
    "no sale of {D}",
    "no sale or sharing of {D} of {S} under {A}",
    "no collection of {D} from children under {A}",
    "no {C} receives {D} for its own {P}",
    "collection limited to {D}",
    "transfers of {D} out of {R} require {M}",
    "every processor of {D} has a DPA",
    "dataset \"labelled-*\" de-identified",
    "config \"services/*.yaml\" accounts.ttl <= {T}",
    "config \"services/*.yaml\" auth.mfa.required = true",
    "config \"services/*.yaml\" storage.region is one of \"us\", \"eu\"",
    "config \"services/*.yaml\" a.\"b c\".d[0] is set",
    "{D} retained at most {T} after last login unless for {P}",
    "{D} retained at most {T}",
    "{D} retained until account closed",
    "{D} stored only in {R}",
    "{D} shared only with {C} in {R}",
    "{D} shared with {C} only for {P}",
    "{D} never shared with {C}",
    "{D} used only for {P}",
    "{D} never used for {P}",
    "{D} encrypted at rest and in transit",
    "{D} encrypted at rest",
];

/// Blank space between two words of a statement.
const GAPS: &[&str] = &[" ", " ", " ", "  ", "\t", " \t "];
/// Blank space after a list joiner, where a line may break.
const BREAKS: &[&str] = &[" ", " ", "\n    ", "\n\t\t", " # why this list\n      "];

/// Marks a word as a list joiner, after which a line may break.
const JOINER: char = '\u{1}';

/// A list of one to four distinct terms from `pool`, with joiners.
fn list(pool: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    let joiners = select(&[",", "and", "or", ", and"][..]);
    (
        proptest::sample::subsequence(pool, 1..=pool.len().min(4)).prop_shuffle(),
        proptest::collection::vec(joiners, 4),
    )
        .prop_map(|(terms, joiners)| {
            let mut words = Vec::new();
            for (i, term) in terms.iter().enumerate() {
                if i > 0 {
                    words.push(format!("{JOINER}{}", joiners[i - 1]));
                }
                words.push((*term).to_owned());
            }
            words
        })
}

/// A statement as words (`,`, `and`, `or` are words of their own).
fn statement_words() -> impl Strategy<Value = Vec<String>> {
    (
        select(STATEMENTS),
        list(DATA),
        list(REGIONS),
        list(PURPOSES),
        list(RECIPIENTS),
        list(SUBJECTS),
        list(MECHANISMS),
        select(DURATIONS),
        select(AGES),
    )
        .prop_map(|(shape, d, r, p, c, s, m, t, a)| {
            let mut words = Vec::new();
            for word in shape.split(' ') {
                match word {
                    "{D}" => words.extend(d.iter().cloned()),
                    "{R}" => words.extend(r.iter().cloned()),
                    "{P}" => words.extend(p.iter().cloned()),
                    "{C}" => words.extend(c.iter().cloned()),
                    "{S}" => words.extend(s.iter().cloned()),
                    "{M}" => words.extend(m.iter().cloned()),
                    "{T}" => words.push(t.to_owned()),
                    "{A}" => words.push(a.to_owned()),
                    word => words.push(word.to_owned()),
                }
            }
            words
        })
}

/// A statement written with random blank space, breaking lines only after
/// list joiners (the one place the grammar allows it).
fn statement() -> impl Strategy<Value = String> {
    statement_words()
        .prop_flat_map(|words| {
            let n = words.len();
            (
                Just(words),
                proptest::collection::vec(select(GAPS), n),
                proptest::collection::vec(select(BREAKS), n),
            )
        })
        .prop_map(|(words, gaps, breaks)| {
            let mut out = String::new();
            let mut after_joiner = false;
            for (i, word) in words.iter().enumerate() {
                let joiner = word.starts_with(JOINER);
                let word = word.trim_start_matches(JOINER);
                if i > 0 {
                    if after_joiner {
                        out.push_str(breaks[i]);
                    } else if word.starts_with(',') {
                        // a comma may touch the word before it
                        if gaps[i] != " " {
                            out.push_str(gaps[i]);
                        }
                    } else {
                        out.push_str(gaps[i]);
                    }
                }
                out.push_str(word);
                after_joiner = joiner;
            }
            out
        })
}

/// One commitment: optional quote, section and severity, one to four
/// statements, each on its own line or after `;`.
fn commitment(n: usize) -> impl Strategy<Value = String> {
    (
        proptest::option::of(select(
            &[
                "quote \"A sentence of the policy.\"",
                "quote \"Two lines\n         of the policy.\"",
                "quote \"With \\\"escaped\\\" quotes and unicode: é ℝ 🦀\"",
            ][..],
        )),
        proptest::option::of(select(
            &["section \"4. Retention\"", "section \"§ 12\""][..],
        )),
        proptest::option::of(select(
            &["severity error", "severity warning", "severity info"][..],
        )),
        proptest::collection::vec(statement(), 1..=4),
        proptest::collection::vec(
            select(&["\n  ", "\n\t", " ; ", "\n\n  ", "\n  # a note\n  "][..]),
            8,
        ),
        select(&[" # trailing\n}\n", "\n}\n", " }\n"][..]),
    )
        .prop_map(move |(quote, section, severity, statements, seps, close)| {
            let mut parts: Vec<String> = Vec::new();
            parts.extend(section.map(str::to_owned));
            parts.extend(quote.map(str::to_owned));
            parts.extend(severity.map(str::to_owned));
            parts.extend(statements);
            let mut out = format!("commitment c-{n} {{");
            for (i, part) in parts.iter().enumerate() {
                // `;` only separates statements, never starts a block
                let sep = if i == 0 && seps[i] == " ; " {
                    "\n  "
                } else {
                    seps[i % seps.len()]
                };
                out.push_str(sep);
                out.push_str(part);
            }
            out.push_str(close);
            out
        })
}

/// A whole policy file: an optional comment, a header with a random subset
/// of its fields, one to three commitments, random line endings.
pub fn policy() -> impl Strategy<Value = String> {
    let fields = proptest::sample::subsequence(
        &[
            "source \"https://example.com/privacy\"",
            "effective 2024-07-15",
            "jurisdiction US, EU",
            "version \"3\"",
        ][..],
        1..=4,
    );
    (
        any::<bool>(),
        fields,
        proptest::collection::vec(any::<bool>(), 4),
        (1..=3_usize).prop_flat_map(|n| (0..n).map(commitment).collect::<Vec<_>>()),
        any::<bool>(),
    )
        .prop_map(|(comment, fields, field_seps, commitments, crlf)| {
            let mut out = String::new();
            if comment {
                out.push_str("# a comment at the top\n");
            }
            out.push_str("policy \"Generated\" {");
            for (field, same_line) in fields.iter().zip(field_seps) {
                out.push_str(if same_line { "; " } else { "\n  " });
                out.push_str(field);
            }
            out.push_str("\n}\n");
            for c in commitments {
                out.push('\n');
                out.push_str(&c);
            }
            if crlf { out.replace('\n', "\r\n") } else { out }
        })
}

// ── Generated inventories ──────────────────────────────────────────────────

// Valid values, and (in `BAD`) values the loader must reject with an
// error at the value; a bad value is drawn one time in forty.
const LOCATIONS: &[&str] = &[
    "us-east-1",
    "eu-west-1",
    "US",
    "DE",
    "[US, EU]",
    "westeurope",
];
const RETENTIONS: &[&str] = &[
    "6 months",
    "400 days",
    "indefinite",
    "{ period: 6 months, after: last login }",
    "{ until: account closed }",
    "{ period: 7 days }",
    "{ indefinite: true }",
];
const SUBJECT_SETS: &[&str] = &[
    "{ kinds: [customer], min_age: 16, regions: [US] }",
    "{ kinds: [visitor], regions: [US, EU] }",
    "{ min_age: 0 }",
    "{ min_age: 12, regions: [EU] }",
];
const ENCRYPTIONS: &[&str] = &[
    "{ at_rest: true, in_transit: true }",
    "{ at_rest: false }",
    "{ in_transit: true }",
];
const USES: &[&str] = &[
    "[essential.service]",
    "[analytics]",
    "[security, fraud detection]",
    "[targeted advertising]",
    "[authentication, service notifications]",
];
const CATEGORIES: &[&str] = &[
    "[user.contact.email]",
    "[user.unique_id]",
    "[user]",
    "[online identifiers]",
    "[user.device.ip_address, browsing history]",
    "[system.operations]",
    "[user.name, user.account.username]",
];
const KINDS: &[&str] = &[
    "processor",
    "third party",
    "advertising partner",
    "data broker",
    "service provider",
];
const CONTRACTS: &[&str] = &["[dpa]", "[]", "[service agreement]", "[scc]"];
const MECHANISMS_YAML: &[&str] = &["[scc]", "[]", "[bcr, adequacy]"];
const BOOLS: &[&str] = &["true", "false"];
const BAD: &[&str] = &[
    "Mars",
    "-1 days",
    "180",
    "6 mnths",
    "{ min_age: 300 }",
    "{ at_rest: maybe }",
    "[]",
    "[contct data]",
    "{ until: account closed, period: 1 day }",
    "[1, 2]",
    "\"\"",
];

/// A value from `pool`, rarely a bad one.
fn value(pool: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop_oneof![39 => select(pool), 1 => select(BAD)]
}

/// `key: value` lines for the facts that are present, at `indent`.
fn facts(indent: &str, facts: &[(&str, Option<&str>)]) -> String {
    facts
        .iter()
        .filter_map(|(k, v)| v.map(|v| format!("{indent}{k}: {v}\n")))
        .collect()
}

fn opt(pool: &'static [&'static str]) -> impl Strategy<Value = Option<&'static str>> {
    proptest::option::of(value(pool))
}

fn field(n: usize) -> impl Strategy<Value = String> {
    (value(CATEGORIES), opt(USES), opt(RETENTIONS), opt(BOOLS)).prop_map(move |(c, p, r, l)| {
        let mut out = format!("          - name: f{n}\n            categories: {c}\n");
        out.push_str(&facts(
            "            ",
            &[("purposes", p), ("retention", r), ("link_key", l)],
        ));
        out
    })
}

fn dataset(n: usize) -> impl Strategy<Value = String> {
    (
        (
            opt(LOCATIONS),
            opt(RETENTIONS),
            opt(SUBJECT_SETS),
            opt(ENCRYPTIONS),
            opt(USES),
            opt(CATEGORIES),
        ),
        (0..3_usize).prop_flat_map(|k| (0..k).map(field).collect::<Vec<_>>()),
        select(&["store", "labelled-set"][..]),
    )
        .prop_map(move |((l, r, s, e, p, c), fields, name)| {
            // A dataset must say what it holds.
            let c = if fields.is_empty() {
                c.or(Some("[user]"))
            } else {
                c
            };
            let mut out = format!("      - name: {name}-{n}\n");
            out.push_str(&facts(
                "        ",
                &[
                    ("location", l),
                    ("retention", r),
                    ("subjects", s),
                    ("encryption", e),
                    ("purposes", p),
                    ("categories", c),
                ],
            ));
            if !fields.is_empty() {
                out.push_str("        fields:\n");
                out.extend(fields);
            }
            out
        })
}

fn recipient(n: usize) -> impl Strategy<Value = String> {
    (
        opt(KINDS),
        opt(CATEGORIES),
        opt(USES),
        opt(LOCATIONS),
        opt(BOOLS),
        opt(BOOLS),
        opt(CONTRACTS),
        opt(MECHANISMS_YAML),
    )
        .prop_map(move |(k, c, p, l, sale, sharing, contracts, m)| {
            let mut out = format!("      - name: r{n}\n");
            out.push_str(&facts(
                "        ",
                &[
                    ("kind", k),
                    ("categories", c),
                    ("purposes", p),
                    ("location", l),
                    ("sale", sale),
                    ("sharing", sharing),
                    ("contracts", contracts),
                    ("transfer_mechanisms", m),
                ],
            ));
            out
        })
}

fn system(n: usize) -> impl Strategy<Value = String> {
    (
        (
            opt(LOCATIONS),
            opt(LOCATIONS),
            opt(RETENTIONS),
            opt(SUBJECT_SETS),
            opt(ENCRYPTIONS),
            opt(USES),
        ),
        (0..4_usize).prop_flat_map(|k| (0..k).map(dataset).collect::<Vec<_>>()),
        (0..3_usize).prop_flat_map(|k| (0..k).map(recipient).collect::<Vec<_>>()),
    )
        .prop_map(move |((l, a, r, s, e, p), datasets, recipients)| {
            let mut out = format!("  - name: system-{n}\n");
            out.push_str(&facts(
                "    ",
                &[
                    ("location", l),
                    ("access_from", a),
                    ("retention", r),
                    ("subjects", s),
                    ("encryption", e),
                    ("purposes", p),
                ],
            ));
            if !datasets.is_empty() {
                out.push_str("    datasets:\n");
                out.extend(datasets);
            }
            if !recipients.is_empty() {
                out.push_str("    recipients:\n");
                out.extend(recipients);
            }
            out
        })
}

/// An inventory file of zero to three systems; most generated facts are
/// valid, a few are not (an unknown term, a negative duration, an age of
/// 300), so both the checker and the loader's errors are exercised.
pub fn inventory() -> impl Strategy<Value = String> {
    (0..4_usize)
        .prop_flat_map(|k| (0..k).map(system).collect::<Vec<_>>())
        .prop_map(|systems| {
            let mut out = String::from("systems:\n");
            if systems.is_empty() {
                out.push_str("  []\n");
            }
            out.extend(systems);
            out
        })
}
