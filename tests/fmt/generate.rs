//! Random policies for the formatter's round-trip test: every statement
//! kind, filled with random lists, written with random blank space, list
//! breaks, `;`, comments, one-line blocks and line endings. Deterministic
//! for a seed (xorshift), so a failure names the seed that reproduces it.

/// A small deterministic random source.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const DATA: &[&str] = &[
    "personal data",
    "contact data",
    "email address",
    "device data",
    "user.contact.email",
    "\"account data\"",
];
const REGIONS: &[&str] = &["US", "EU", "EEA", "UK", "US-CA"];
const PURPOSES: &[&str] = &["security", "advertising", "analytics", "hosting"];
const RECIPIENTS: &[&str] = &[
    "service providers",
    "processors",
    "third parties",
    "data brokers",
];
const SUBJECTS: &[&str] = &["users", "customers"];
const MECHANISMS: &[&str] = &["standard contractual clauses", "binding corporate rules"];
const DURATIONS: &[&str] = &["6 months", "1 year 6 months", "P90D", "180d", "30 days"];

/// Statements; `{X}` marks a list or value filled in at random.
const STATEMENTS: &[&str] = &[
    "no sale of {D}",
    "no sale or sharing of {D} of {S} under 16",
    "no collection of {D} from children under 13",
    "no {C} receives {D} for its own {P}",
    "collection limited to {D}",
    "transfers of {D} out of {R} require {M}",
    "every processor of {D} has a DPA",
    "dataset \"labelled-*\" de-identified",
    "config \"services/*.yaml\" accounts.ttl <= {T}",
    "config \"services/*.yaml\" storage.region is one of \"us\" , \"eu\"",
    "config \"services/*.yaml\" a.\"b c\".d[0] is set",
    "{D} retained at most {T} after last login unless for {P}",
    "{D} retained until account closed",
    "{D} stored only in {R}",
    "{D} shared only with {C} in {R}",
    "{D} shared with {C} only for {P}",
    "{D} never shared with {C}",
    "{D} used only for {P}",
    "{D} never used for {P}",
    "{D} encrypted at rest and in transit",
    "{D} except deletion records de-identified",
];

/// One piece of a statement: a word (or unbreakable phrase), or a list
/// joiner after which the line may break.
enum Atom {
    Word(String),
    Joiner(&'static str),
}

/// A policy for `seed`.
pub fn policy(seed: u64) -> String {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut out = String::new();
    if rng.chance(2) {
        out.push_str("# a comment at the top\n");
    }
    header(&mut rng, &mut out);
    for n in 0..=rng.below(3) {
        out.push_str(&"\n".repeat(rng.below(3)));
        commitment(&mut rng, &mut out, n);
    }
    if rng.chance(3) {
        out.push_str("// a last note\n");
    }
    if rng.chance(4) {
        out = out.replace('\n', "\r\n");
    }
    out
}

fn header(rng: &mut Rng, out: &mut String) {
    let mut fields = vec![
        "source \"https://example.com/privacy\"",
        "effective 2024-07-15",
        "jurisdiction US, EU",
        "version \"3\"",
    ];
    fields.truncate(1 + rng.below(4));
    out.push_str("policy \"Generated\" {");
    for field in fields {
        out.push_str(if rng.chance(4) { "; " } else { "\n" });
        out.push_str(&blanks(rng));
        out.push_str(field);
        if rng.chance(4) {
            out.push_str("   # a field note");
        }
    }
    out.push_str("\n}\n");
}

fn commitment(rng: &mut Rng, out: &mut String, n: usize) {
    if rng.chance(3) {
        out.push_str("# about the next commitment\n");
    }
    out.push_str(&format!(
        "commitment c-{n}{}{{",
        if rng.chance(4) { "" } else { " " }
    ));
    let mut parts: Vec<String> = Vec::new();
    if rng.chance(2) {
        parts.push("quote \"A sentence\n         of the policy.\"".to_owned());
    }
    if rng.chance(3) {
        parts.push(format!(
            "severity {}",
            rng.pick(&["error", "warning", "info"])
        ));
    }
    for _ in 0..=rng.below(4) {
        parts.push(statement(rng));
    }
    for (i, part) in parts.iter().enumerate() {
        let same_line = i > 0 && rng.chance(5);
        out.push_str(if same_line { " ;" } else { "\n" });
        if !same_line && rng.chance(6) {
            out.push_str(&format!("{}# an own-line note\n", blanks(rng)));
        }
        if !same_line && rng.chance(8) {
            out.push('\n');
        }
        out.push_str(&blanks(rng));
        out.push_str(part);
    }
    let trailing = rng.chance(5);
    if trailing {
        out.push_str(" # a trailing note");
    }
    out.push_str(if trailing || rng.chance(2) {
        "\n}\n"
    } else {
        " }\n"
    });
}

fn statement(rng: &mut Rng) -> String {
    let template = rng.pick(STATEMENTS);
    let mut atoms = Vec::new();
    for word in template.split(' ') {
        match word {
            "{D}" => list(rng, DATA, &mut atoms),
            "{R}" => list(rng, REGIONS, &mut atoms),
            "{P}" => list(rng, PURPOSES, &mut atoms),
            "{C}" => list(rng, RECIPIENTS, &mut atoms),
            "{S}" => list(rng, SUBJECTS, &mut atoms),
            "{M}" => list(rng, MECHANISMS, &mut atoms),
            "{T}" => atoms.push(Atom::Word(rng.pick(DURATIONS).to_owned())),
            "," => atoms.push(Atom::Joiner(",")),
            word => atoms.push(Atom::Word(word.to_owned())),
        }
    }
    render(rng, &atoms)
}

/// One to four distinct terms joined by `,`, `and`, `or` or `, and`.
fn list(rng: &mut Rng, pool: &[&str], atoms: &mut Vec<Atom>) {
    let count = 1 + rng.below(pool.len().min(4));
    let start = rng.below(pool.len());
    for i in 0..count {
        if i > 0 {
            match rng.below(4) {
                0 => atoms.push(Atom::Joiner("and")),
                1 => atoms.push(Atom::Joiner("or")),
                2 => {
                    atoms.push(Atom::Word(",".to_owned()));
                    atoms.push(Atom::Joiner("and"));
                }
                _ => atoms.push(Atom::Joiner(",")),
            }
        }
        atoms.push(Atom::Word(pool[(start + i) % pool.len()].to_owned()));
    }
}

/// Writes atoms with random blanks, breaking some lines after joiners.
fn render(rng: &mut Rng, atoms: &[Atom]) -> String {
    let mut out = String::new();
    let mut after_joiner = false;
    for (i, atom) in atoms.iter().enumerate() {
        let text = match atom {
            Atom::Word(w) => w.as_str(),
            Atom::Joiner(w) => w,
        };
        if after_joiner && rng.chance(3) {
            let note = if rng.chance(3) {
                " # why this list"
            } else {
                ""
            };
            out.push_str(&format!("{note}\n{}", blanks(rng)));
        } else if i > 0 && !(text == "," && rng.chance(2)) {
            out.push(' ');
            out.push_str(&blanks(rng));
        }
        out.push_str(text);
        after_joiner = matches!(atom, Atom::Joiner(_));
    }
    out
}

/// Zero to three spaces or tabs.
fn blanks(rng: &mut Rng) -> String {
    (0..rng.below(4))
        .map(|_| if rng.chance(3) { '\t' } else { ' ' })
        .collect()
}
