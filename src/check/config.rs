//! `config "<glob>" <key.path> <test>`

use super::Subject;
use super::eval::Eval;
use crate::ast::KeySegment;
use crate::config::{self as yaml_config, ConfigFile, Lookup, Outcome};
use crate::diagnostic::Code;
use crate::policy::ConfigTest;
use crate::policy::describe::key_path;
use crate::source::{Span, Spanned};

/// Evaluates the key in every file the glob matches.
pub fn fact(eval: &mut Eval<'_>, glob: &Spanned<String>, path: &[KeySegment], test: &ConfigTest) {
    let files = eval
        .configs
        .matches
        .get(&glob.value)
        .cloned()
        .unwrap_or_default();
    if files.is_empty() {
        let message = format!(
            "no file under the project root matches `{}`, so this statement checks nothing",
            glob.value
        );
        let help = "fix the pattern (relative to the config root; `*` stays within a directory, `**` crosses them)".to_owned();
        return eval.in_policy(
            Code::ConfigNoMatch,
            glob.span,
            message,
            "matches no file",
            help,
        );
    }
    for index in files {
        let Some(file) = eval.configs.files.get(index) else {
            continue;
        };
        one_file(eval, file, path, test);
    }
}

fn one_file(eval: &mut Eval<'_>, file: &ConfigFile, path: &[KeySegment], test: &ConfigTest) {
    let key = key_path(path);
    let shown = file.source.path().display().to_string();
    let (node, missing_at) = match file.lookup(path) {
        Lookup::Found(node) => (Some(node), (node.span, path.len())),
        // Point at the start of the deepest mapping that exists.
        Lookup::Missing { parent, depth } => (
            None,
            (Span::new(parent.span.start, parent.span.start), depth),
        ),
    };
    let rule = rule_words(test);
    let (code, span, message, label, help) = match yaml_config::evaluate(node, test) {
        Outcome::Holds => return,
        Outcome::Violated { actual } => (
            Code::ConfigViolated,
            missing_at.0,
            format!("`{key}` in `{shown}` is {actual}, but the policy requires it to be {rule}"),
            format!("{actual}, not {rule}"),
            format!("set `{key}` to a value that is {rule}, or waive the finding with a reason"),
        ),
        Outcome::WrongType { expected, found } => (
            Code::ConfigWrongType,
            missing_at.0,
            format!("`{key}` in `{shown}` is {found}, but the policy compares it as {expected}"),
            format!("expected {expected}"),
            format!("write the value as {expected}"),
        ),
        Outcome::Missing => {
            let (span, depth) = missing_at;
            let absent = path
                .get(depth)
                .map_or_else(|| key.clone(), |s| key_path(std::slice::from_ref(s)));
            let label = if depth == path.len() {
                "set to null".to_owned()
            } else {
                format!("no `{absent}` here")
            };
            (
                Code::ConfigMissing,
                span,
                format!(
                    "`{shown}` does not set `{key}`, so the policy's `{key} {rule}` cannot be proven"
                ),
                label,
                format!("set `{key}` in the file, or narrow the file pattern"),
            )
        }
    };
    eval.push(
        code,
        file.source.clone(),
        span,
        Subject::ConfigFile(shown),
        message,
        &label,
        help,
    );
}

/// The test in words: "at most 6 months", "true", "set", "one of ...".
fn rule_words(test: &ConfigTest) -> String {
    use crate::policy::CompareOp as Op;
    match test {
        ConfigTest::Compare { op, value } => {
            let value = &value.value;
            match op.value {
                Op::Lt => format!("less than {value}"),
                Op::Le => format!("at most {value}"),
                Op::Eq => format!("{value}"),
                Op::Ne => format!("anything but {value}"),
                Op::Ge => format!("at least {value}"),
                Op::Gt => format!("more than {value}"),
            }
        }
        ConfigTest::IsSet => "set".to_owned(),
        ConfigTest::IsNotSet => "unset".to_owned(),
        ConfigTest::OneOf(values) => {
            let values: Vec<String> = values.iter().map(|v| v.value.to_string()).collect();
            format!("one of {}", values.join(", "))
        }
    }
}
