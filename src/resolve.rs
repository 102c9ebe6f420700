//! Resolution: binding a parsed policy file to the taxonomy.
//!
//! Every term becomes a [`crate::taxonomy::TermId`] (or an "unknown term"
//! error with a suggestion), every duration and number is checked and
//! normalised, and a commitment's statements are checked against each other.
//! All errors in a file are collected; none stops the others.

mod contradiction;
mod statements;
mod values;

use std::collections::BTreeMap;

use crate::ast::{self, CommitmentPart, HeaderField, Item, PolicyFile, Severity};
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{Commitment, Effective, Policy, Terms};
use crate::source::{SourceFile, Span, Spanned};
use crate::taxonomy::{Taxonomy, TermId, Vocabulary};

/// The longest term (all its words) privet looks up, in characters. The
/// longest name in the taxonomy is far shorter; a longer text is reported
/// as unknown without a "did you mean" suggestion.
pub const MAX_TERM_CHARS: usize = 256;

/// The most unknown terms in one file that get a "did you mean"
/// suggestion. Each suggestion compares the term with every known one, so
/// a file of a hundred thousand misspellings would take minutes; past this
/// many, every unknown term is still reported, without a suggestion.
pub const MAX_SUGGESTIONS: usize = 100;

/// The most statements in one commitment. Each pair of statements is
/// checked for a contradiction, so the time grows with the square of this;
/// a real commitment holds a handful.
pub const MAX_STATEMENTS: usize = 1_000;

/// The outcome of resolving one file.
#[derive(Debug)]
pub struct Resolved {
    /// The resolved policy, if the file had no errors.
    pub policy: Option<Policy>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves a parsed file against `taxonomy`.
pub fn resolve(ast: &PolicyFile, file: &SourceFile, taxonomy: &Taxonomy) -> Resolved {
    let mut resolver = Resolver {
        file,
        taxonomy,
        diagnostics: Vec::new(),
        unknown_terms: 0,
    };
    let policy = resolver.policy(ast);
    let failed = resolver
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    Resolved {
        policy: policy.filter(|_| !failed),
        diagnostics: resolver.diagnostics,
    }
}

/// Reports commitment ids used more than once across `policies`: the second
/// and later uses are errors pointing back at the first.
pub fn duplicate_ids(policies: &[Policy]) -> Vec<Diagnostic> {
    let mut first: BTreeMap<&str, (&SourceFile, Span)> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for policy in policies {
        for commitment in &policy.commitments {
            let id = commitment.id.value.as_str();
            match first.get(id) {
                None => {
                    first.insert(id, (&policy.file, commitment.id.span));
                }
                Some((file, span)) => {
                    diagnostics.push(duplicate_id(policy, commitment, file, *span))
                }
            }
        }
    }
    diagnostics
}

fn duplicate_id(policy: &Policy, again: &Commitment, file: &SourceFile, first: Span) -> Diagnostic {
    let id = &again.id.value;
    let mut diagnostic = Diagnostic::error(
        Code::CommitmentDuplicateId,
        &policy.file,
        again.id.span,
        format!("commitment id `{id}` is already used"),
    )
    .with_label("second use")
    .with_help("give each commitment its own id; waivers and reports refer to commitments by id");
    if file.path() == policy.file.path() {
        diagnostic = diagnostic.with_secondary(first, "first used here");
    } else {
        let related =
            Diagnostic::error(Code::CommitmentDuplicateId, file, first, "first used here")
                .with_label("first use");
        diagnostic.related.push(related);
    }
    diagnostic
}

/// Resolution state for one file: where errors go.
pub(crate) struct Resolver<'a> {
    file: &'a SourceFile,
    taxonomy: &'a Taxonomy,
    diagnostics: Vec<Diagnostic>,
    /// Unknown terms reported so far, to stop suggesting past
    /// [`MAX_SUGGESTIONS`].
    unknown_terms: usize,
}

impl Resolver<'_> {
    /// A new error in this file (pushed with [`Resolver::report`]).
    fn error(&self, code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, self.file, span, message)
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn policy(&mut self, ast: &PolicyFile) -> Option<Policy> {
        let headers: Vec<&ast::Header> = ast
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Header(h) => Some(h),
                Item::Commitment(_) => None,
            })
            .collect();
        for extra in headers.iter().skip(1) {
            let first = headers.first().map_or(extra.span, |h| h.span);
            let d = self
                .error(Code::HeaderDuplicate, extra.span, "this file already has a `policy` header")
                .with_secondary(first, "first header")
                .with_help("one `.privet` file encodes one published policy; move the second into a file of its own");
            self.report(d);
        }
        let commitments: Vec<Commitment> = ast
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Commitment(c) => self.commitment(c),
                Item::Header(_) => None,
            })
            .collect();
        let Some(header) = headers.first() else {
            let d = self
                .error(Code::HeaderMissing, Span::new(0, 0), "this file has no `policy` header")
                .with_help("start the file with a header: `policy \"Title\" {`, then `source \"https://...\"` and `effective 2024-01-31` on their own lines, then `}`");
            self.report(d);
            return None;
        };
        self.header(header, commitments)
    }

    fn header(&mut self, header: &ast::Header, commitments: Vec<Commitment>) -> Option<Policy> {
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let mut policy = Policy {
            file: self.file.clone(),
            title: Spanned::new(header.title.value.clone(), header.title.span),
            source_url: None,
            effective: None,
            jurisdiction: Vec::new(),
            version: None,
            commitments,
        };
        for field in &header.fields {
            let span = header_field_span(field);
            if let Some(first) = seen.insert(field.keyword(), span) {
                let d = self
                    .error(
                        Code::HeaderDuplicateField,
                        span,
                        format!("`{}` is given twice", field.keyword()),
                    )
                    .with_secondary(first, "first given here")
                    .with_help("keep one of them");
                self.report(d);
                continue;
            }
            self.header_field(field, &mut policy);
        }
        self.require_header_fields(header, &policy);
        Some(policy)
    }

    fn header_field(&mut self, field: &HeaderField, policy: &mut Policy) {
        match field {
            HeaderField::Source(s) => {
                policy.source_url = Some(Spanned::new(s.value.clone(), s.span))
            }
            HeaderField::Version(s) => policy.version = Some(Spanned::new(s.value.clone(), s.span)),
            HeaderField::Jurisdiction(list) => {
                policy.jurisdiction = self.terms(Vocabulary::Region, list).unwrap_or_default();
            }
            HeaderField::Effective(date) => {
                let effective = match &date.value {
                    ast::EffectiveDate::Undated => Some(Effective::Undated),
                    ast::EffectiveDate::Date(text) => {
                        self.date(text, date.span).map(Effective::Date)
                    }
                };
                policy.effective = effective.map(|e| Spanned::new(e, date.span));
            }
        }
    }

    fn require_header_fields(&mut self, header: &ast::Header, policy: &Policy) {
        let has = |kw: &str| header.fields.iter().any(|f| f.keyword() == kw);
        let title = policy.title.span;
        if !has("source") {
            let d = self
                .error(
                    Code::HeaderMissingField,
                    title,
                    "the policy header has no `source`",
                )
                .with_help("add `source \"https://...\"`: the URL where the policy is published");
            self.report(d);
        }
        if !has("effective") {
            let d = self
                .error(Code::HeaderMissingField, title, "the policy header has no `effective` date")
                .with_help("add `effective 2024-01-31`, or `effective undated` if the policy carries no date");
            self.report(d);
        }
    }

    fn commitment(&mut self, ast: &ast::Commitment) -> Option<Commitment> {
        let mut commitment = Commitment {
            id: ast.id.clone(),
            quote: None,
            section: None,
            severity: Severity::Error,
            statements: Vec::new(),
            span: ast.span,
        };
        let statements = ast
            .parts
            .iter()
            .filter(|p| matches!(p, CommitmentPart::Statement(_)))
            .count();
        if statements > MAX_STATEMENTS {
            self.too_many_statements(ast, statements);
            return None;
        }
        let mut severity_span = None;
        let before = self.diagnostics.len();
        for part in &ast.parts {
            match part {
                CommitmentPart::Quote(q) => {
                    let text = q.value.split_whitespace().collect::<Vec<_>>().join(" ");
                    self.once("quote", q.span, commitment.quote.as_ref().map(|s| s.span));
                    commitment.quote = Some(Spanned::new(text, q.span));
                }
                CommitmentPart::Section(s) => {
                    self.once(
                        "section",
                        s.span,
                        commitment.section.as_ref().map(|s| s.span),
                    );
                    commitment.section = Some(Spanned::new(s.value.clone(), s.span));
                }
                CommitmentPart::Severity(s) => {
                    self.once("severity", s.span, severity_span);
                    severity_span = Some(s.span);
                    commitment.severity = s.value;
                }
                CommitmentPart::Statement(statement) => {
                    if let Some(resolved) = self.statement(statement) {
                        commitment.statements.push(resolved);
                    }
                }
            }
        }
        let resolved_all = self.diagnostics.len() == before;
        if ast
            .parts
            .iter()
            .all(|p| !matches!(p, CommitmentPart::Statement(_)))
        {
            let d = self
                .error(Code::CommitmentEmpty, ast.id.span, format!("commitment `{}` has no statement", ast.id.value))
                .with_help("add a statement such as `personal data stored only in US`; a commitment that checks nothing hides a gap");
            self.report(d);
        }
        if resolved_all {
            self.contradictions(&commitment);
        }
        Some(commitment)
    }

    /// A commitment too long to compare its statements pairwise for
    /// contradictions in reasonable time.
    fn too_many_statements(&mut self, ast: &ast::Commitment, statements: usize) {
        let id = &ast.id.value;
        let message = format!(
            "commitment `{id}` has {statements} statements, more than the \
             {MAX_STATEMENTS} privet reads in one commitment"
        );
        let help = "split it into several commitments, one per sentence of the policy";
        let d = self
            .error(Code::SyntaxUnexpected, ast.id.span, message)
            .with_label("too many statements")
            .with_help(help);
        self.report(d);
    }

    /// Reports a commitment field given twice.
    fn once(&mut self, field: &str, span: Span, first: Option<Span>) {
        if let Some(first) = first {
            let d = self
                .error(Code::CommitmentDuplicateField, span, format!("`{field}` is given twice"))
                .with_secondary(first, "first given here")
                .with_help(format!("a commitment has at most one `{field}`; split it in two if it encodes two sentences"));
            self.report(d);
        }
    }

    /// Resolves every term of `list` in `vocabulary`, expanding term sets.
    /// Returns `None` (after reporting) if any term is unknown.
    fn terms(&mut self, vocabulary: Vocabulary, list: &ast::TermList) -> Option<Terms> {
        let mut out = Vec::new();
        let mut ok = true;
        for term in &list.terms {
            let Some(id) = self.term(vocabulary, term) else {
                ok = false;
                continue;
            };
            for member in self.taxonomy.expand(id.value) {
                // Two names for one term ("hosting", "data storage") count once.
                if !out.iter().any(|t: &Spanned<TermId>| t.value == *member) {
                    out.push(Spanned::new(*member, id.span));
                }
            }
        }
        ok.then_some(out)
    }

    /// Resolves one term, reporting unknown and deprecated terms.
    fn term(&mut self, vocabulary: Vocabulary, term: &ast::Term) -> Option<Spanned<TermId>> {
        let chars = term.text.chars().count();
        if chars > MAX_TERM_CHARS {
            self.overlong_term(term, chars);
            return None;
        }
        let Some(id) = self.taxonomy.lookup(vocabulary, &term.text) else {
            self.unknown_term(vocabulary, term);
            return None;
        };
        if let Some(replacement) = self.taxonomy.entry(id).deprecated_by {
            let old = self.taxonomy.id_str(id).to_owned();
            let new = self.taxonomy.id_str(replacement).to_owned();
            let d = self
                .error(
                    Code::TermDeprecated,
                    term.span,
                    format!("`{old}` is deprecated in the taxonomy"),
                )
                .with_severity(Severity::Warning)
                .with_label(format!("replaced by `{new}`"))
                .with_help(format!("write `{new}` instead"));
            self.report(d);
            return Some(Spanned::new(replacement, term.span));
        }
        Some(Spanned::new(id, term.span))
    }

    /// A term too long to be one, reported without a suggestion: comparing
    /// a huge text with every term would take time in proportion to it.
    fn overlong_term(&mut self, term: &ast::Term, chars: usize) {
        // Only its first character: a snippet of the whole would print it.
        let span = Span::new(term.span.start, term.span.start + 1);
        let message = format!(
            "this term is {chars} characters long, longer than the {MAX_TERM_CHARS} \
             of any term privet knows"
        );
        let help = "name the data, purpose or region in a few words, such as `contact data`";
        let d = self
            .error(Code::TermUnknown, span, message)
            .with_label(format!("a term of {chars} characters starts here"))
            .with_help(help);
        self.report(d);
    }

    fn unknown_term(&mut self, vocabulary: Vocabulary, term: &ast::Term) {
        self.unknown_terms += 1;
        if self.unknown_terms > MAX_SUGGESTIONS {
            let noun = vocabulary.noun();
            let text = &term.text;
            let d = self
                .error(
                    Code::TermUnknown,
                    term.span,
                    format!("unknown {noun} `{text}`"),
                )
                .with_label(format!("not a {noun} privet knows"))
                .with_help(format!(
                    "use a {noun} from the taxonomy (privet suggests terms for the first \
                     {MAX_SUGGESTIONS} unknown terms of a file only)"
                ));
            self.report(d);
            return;
        }
        let d = self
            .taxonomy
            .unknown_term(self.file, vocabulary, &term.text, term.span);
        self.report(d);
    }
}

fn header_field_span(field: &HeaderField) -> Span {
    match field {
        HeaderField::Source(s) | HeaderField::Version(s) => s.span,
        HeaderField::Effective(d) => d.span,
        HeaderField::Jurisdiction(list) => list.span,
    }
}
