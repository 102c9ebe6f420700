//! Laying tokens out in the canonical form described in [`super`].
//!
//! The layout works on the token stream of a file that parses, so it only
//! has to know where a block opens and closes, where a statement ends (a
//! line end that does not follow `,`, `and` or `or`, or a `;`), and which
//! lines are header fields. It never adds, drops or reorders a word.

use super::lex::{Kind, Token};

/// Spaces per block level, and extra spaces for a list's continuation lines.
const INDENT: usize = 2;

/// One line of output.
#[derive(Debug, Default)]
struct Line<'a> {
    /// Leading spaces.
    indent: usize,
    /// The code on the line.
    tokens: Vec<Token<'a>>,
    /// A comment ending the line.
    comment: Option<&'a str>,
    /// Whether an empty line goes before it.
    blank_before: bool,
    /// The header whose field this line starts, to align its value.
    field_of: Option<usize>,
}

/// The layout state while walking the tokens.
#[derive(Default)]
struct Layout<'a> {
    lines: Vec<Line<'a>>,
    /// The physical line being filled.
    current: Option<Line<'a>>,
    /// 1 inside `{ }`.
    depth: usize,
    /// Whether a statement (or block opener) is still going on.
    open: bool,
    /// Whether the next line continues a list.
    continues: bool,
    /// The last code token of the open statement.
    last: Option<Token<'a>>,
    /// The source had an empty line before the next token.
    blank: bool,
    /// Just after a `{` or a `}`.
    after_open: bool,
    after_close: bool,
    /// The header being laid out, and the widest field keyword of each.
    header: Option<usize>,
    field_widths: Vec<usize>,
}

/// Lays `tokens` out; the result ends with one line end (or is empty).
pub(super) fn layout(tokens: &[Token<'_>]) -> String {
    let mut layout = Layout::default();
    for &token in tokens {
        layout.token(token);
    }
    layout.flush();
    layout.render()
}

impl<'a> Layout<'a> {
    fn token(&mut self, token: Token<'a>) {
        if token.newlines > 0 {
            self.line_end(token.newlines);
        }
        match token.kind {
            // The line stays current so that a comment after `;` stays on it.
            Kind::Semi => self.statement_done(),
            Kind::Open => self.open_block(token),
            Kind::Close => self.close_block(token),
            Kind::Comment => self.comment(token.text),
            Kind::Word | Kind::Str | Kind::Comma => self.code(token),
        }
    }

    /// A line end in the source: it ends the statement unless a list goes on.
    fn line_end(&mut self, newlines: usize) {
        self.flush();
        if self.open && self.last.is_some_and(|t| t.joins_lines()) {
            self.continues = true;
        } else {
            self.end_statement();
        }
        self.blank = newlines > 1;
    }

    fn end_statement(&mut self) {
        self.flush();
        self.statement_done();
    }

    /// The statement is over; the next word starts a new one.
    fn statement_done(&mut self) {
        (self.open, self.continues, self.last) = (false, false, None);
    }

    fn open_block(&mut self, token: Token<'a>) {
        let opens_header = self
            .current
            .as_ref()
            .and_then(|line| line.tokens.first())
            .is_some_and(|t| t.text == "policy");
        self.code(token);
        // The opening line stays current so that a comment can follow `{`.
        self.statement_done();
        self.depth = 1;
        self.after_open = true;
        if opens_header {
            self.header = Some(self.field_widths.len());
            self.field_widths.push(0);
        }
    }

    fn close_block(&mut self, token: Token<'a>) {
        self.end_statement();
        self.depth = 0;
        self.header = None;
        self.blank = false;
        self.after_open = false;
        let line = self.start_line();
        line.tokens.push(token);
        self.after_close = true;
    }

    fn comment(&mut self, text: &'a str) {
        match self.current.as_mut() {
            Some(line) => line.comment = Some(text),
            None => self.start_line().comment = Some(text),
        }
        self.flush();
    }

    /// A word, string or comma: part of the open statement, or the start
    /// of a new one.
    fn code(&mut self, token: Token<'a>) {
        if !self.open {
            self.flush();
            self.open = true;
            let header = self.header.filter(|_| self.depth == 1);
            let line = self.start_line();
            line.field_of = header;
            if let Some(width) = header.and_then(|h| self.field_widths.get_mut(h)) {
                *width = (*width).max(token.text.chars().count());
            }
        }
        self.last = Some(token);
        match self.current.as_mut() {
            Some(line) => line.tokens.push(token),
            None => self.start_line().tokens.push(token),
        }
    }

    /// Starts a physical line at the current indentation.
    fn start_line(&mut self) -> &mut Line<'a> {
        self.flush();
        let first = self.lines.is_empty();
        let blank_before = !first
            && !self.continues
            && !self.after_open
            && (self.blank || (self.after_close && self.depth == 0));
        let indent = self.depth * INDENT + usize::from(self.continues) * INDENT;
        (self.blank, self.after_open, self.after_close) = (false, false, false);
        self.current.insert(Line {
            indent,
            blank_before,
            ..Line::default()
        })
    }

    fn flush(&mut self) {
        if let Some(line) = self.current.take() {
            self.lines.push(line);
        }
    }

    fn render(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            if line.blank_before {
                out.push('\n');
            }
            let width = line.field_of.and_then(|h| self.field_widths.get(h));
            render_line(&mut out, line, width.copied());
        }
        out
    }
}

/// Appends one line; a header field's keyword is padded to `field_width`.
fn render_line(out: &mut String, line: &Line<'_>, field_width: Option<usize>) {
    out.push_str(&" ".repeat(line.indent));
    let mut previous: Option<&Token<'_>> = None;
    for token in &line.tokens {
        match previous {
            None => {}
            Some(_) if token.kind == Kind::Comma => {}
            Some(_) if token.kind == Kind::Open => out.push(' '),
            Some(p) if token.glued && touches(p, token) => {}
            Some(p) => out.push_str(&padding(p, line, field_width)),
        }
        out.push_str(token.text);
        previous = Some(token);
    }
    if let Some(comment) = line.comment {
        if previous.is_some() {
            out.push(' ');
        }
        out.push_str(comment);
    }
    out.push('\n');
}

/// Whether two tokens written touching must stay so: the segments of a key
/// path (`a."b c".d`) meet at a `.`; anywhere else a space is allowed.
fn touches(previous: &Token<'_>, token: &Token<'_>) -> bool {
    previous.kind != Kind::Comma && (previous.text.ends_with('.') || token.text.starts_with('.'))
}

/// The space after `previous`: one, or enough to align a header field's
/// value when `previous` is the field's keyword.
fn padding(previous: &Token<'_>, line: &Line<'_>, field_width: Option<usize>) -> String {
    let is_keyword = line
        .tokens
        .first()
        .is_some_and(|t| std::ptr::eq(t, previous));
    match field_width {
        Some(width) if is_keyword => {
            " ".repeat(width.saturating_sub(previous.text.chars().count()) + 1)
        }
        _ => " ".to_owned(),
    }
}
