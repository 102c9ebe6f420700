//! Fides interoperability: `tests/fides/<case>/` holds `policy.privet` and
//! an `inventory/` folder of Fides resource files (written for these tests
//! from the fideslang format). The snapshot is the exit code and what the
//! terminal shows, as for `tests/fixtures`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::path::Path;

use privet::inventory::fides;
use privet::pipeline::{self, ExitStatus, Options};
use privet::render::Report;
use privet::render::human::{self, Style};
use privet::source::SourceFile;

#[path = "support/copy.rs"]
mod support;

fn run_case(case: &Path) -> (ExitStatus, String) {
    let options = Options {
        cwd: case.to_path_buf(),
        today: privet::waiver::parse_date("2026-11-01"),
        rules: vec![case.join("policy.privet")],
        inventory: vec![case.join("inventory")],
        ..Options::default()
    };
    let outcome = pipeline::run(&options);
    let status = outcome.status(false);
    let report = Report {
        findings: &outcome.findings,
        errors: &outcome.errors,
        summary: outcome.summary.clone(),
    };
    let output = human::render_report(&report, Style::PLAIN);
    (status, output)
}

#[test]
fn cases() {
    insta::glob!("fides/*/policy.privet", |path| {
        let (status, output) = run_case(path.parent().unwrap());
        insta::assert_snapshot!(format!("exit status: {status:?}\n\n{output}"));
    });
}

fn case(name: &str) -> (ExitStatus, String) {
    run_case(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fides")
            .join(name),
    )
}

#[test]
fn a_project_of_fides_files_alone_is_checked_by_its_policies() {
    // No `.privet` file and no `rules/`: the Fides `policy:` resources are
    // the promises, as for a team that has not written commitments yet.
    let root = std::env::temp_dir().join(format!("privet-fides-only-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    support::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fides/policy-stricter/inventory"),
        &root.join("fides"),
    );
    let outcome = pipeline::run(&Options {
        cwd: root.clone(),
        inventory: vec![root.join("fides")],
        ..Options::default()
    });
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(outcome.status(false), ExitStatus::Failure);
    assert_eq!(outcome.summary.commitments, 2);
    let at: Vec<String> = outcome
        .findings
        .iter()
        .map(|f| {
            let at = f.file.line_col(f.span.start);
            format!("{}:{}:{}", f.file.path().display(), at.line, at.column)
        })
        .collect();
    assert!(at.contains(&"fides/systems.yml:9:27".to_owned()), "{at:?}");

    // Without Fides policies, no `.privet` file is still an error.
    std::fs::write(root.join("fides/policy.yml"), "# no policy\n").unwrap();
    let outcome = pipeline::run(&Options {
        cwd: root.clone(),
        inventory: vec![root.join("fides")],
        ..Options::default()
    });
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(outcome.status(false), ExitStatus::Error);
    let codes: Vec<&str> = outcome.errors.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["privet::io::unreadable"], "{:?}", outcome.errors);
}

#[test]
fn findings_point_at_the_fides_yaml_line() {
    let (status, output) = case("retention-and-transfers");
    assert_eq!(status, ExitStatus::Failure);
    // The shipping address's free-text retention, line 34 of the dataset.
    assert!(output.contains("checkout_dataset.yml:34"), "{output}");
    // The third-country transfers of the system, line 14.
    assert!(output.contains("checkout_system.yml:14"), "{output}");
}

#[test]
fn a_malformed_fides_file_is_an_error_with_a_location() {
    let (status, output) = case("malformed");
    assert_eq!(status, ExitStatus::Error);
    assert!(output.contains("broken.yml:"), "{output}");
}

#[test]
fn renamed_keys_are_read_as_their_replacement_with_a_warning() {
    let (status, output) = case("renamed-keys");
    assert_eq!(status, ExitStatus::Failure);
    assert!(output.contains("read as `user.contact.email`"), "{output}");
    assert!(output.contains("read as `essential.service`"), "{output}");
    // Keys renamed twice (1.x, then 2.0) read as their current key.
    assert!(
        output.contains("`provide.service` is a key of fideslang before 1.4"),
        "{output}"
    );
    assert!(
        output.contains("`account.contact.email` was removed in fideslang 1.1 with no replacement"),
        "{output}"
    );
    assert!(output.contains("read as `user.contact.email`"), "{output}");
    assert!(!output.contains("privet::term::unknown"), "{output}");
    // The Fides policy's old keys too, and its rule is evaluated with them.
    assert!(output.contains("inventory/policy.yml:13:20"), "{output}");
    assert!(output.contains("privet::fides::rule_violated"), "{output}");
}

#[test]
fn unreadable_retention_is_missing_evidence_quoting_the_text() {
    let (_, output) = case("unreadable-retention");
    assert!(
        output.contains("\"No retention or erasure policy\""),
        "{output}"
    );
    assert!(output.contains("privet::evidence::missing"), "{output}");
}

#[test]
fn custom_entries_extend_the_taxonomy_by_their_parent_key() {
    let (status, output) = case("policy-custom-category");
    assert_eq!(status, ExitStatus::Failure);
    // `acme.crm_notes` lies within `user.contact` only by its `parent_key`:
    // the Fides rule and the commitment naming the custom key both see it.
    assert!(output.contains("privet::fides::rule_violated"), "{output}");
    assert!(output.contains("privet::purpose::banned"), "{output}");
    assert_eq!(
        output.matches("inventory/crm.yml:7:19").count(),
        2,
        "{output}"
    );
}

#[test]
fn custom_entry_errors_point_into_the_fides_file() {
    let (status, output) = case("custom-taxonomy-errors");
    assert_eq!(status, ExitStatus::Error);
    let expected = [
        (
            "taxonomy.yml:10:16",
            "`user.contact.email` is already a fideslang data category",
        ),
        ("taxonomy.yml:14:17", "did you mean `user.contact.email`?"),
        ("taxonomy.yml:17:17", "`acme.notes` loops back to it"),
        ("uses.yml:3:16", "`acme.badge_id` is declared twice"),
        ("ids.yml:4:16", "`acme notes` is not a valid id"),
    ];
    for (at, text) in expected {
        assert!(output.contains(at), "{at}: {output}");
        assert!(output.contains(text), "{text}: {output}");
    }
    // Copies of default entries, current or older, are not errors.
    assert!(!output.contains("taxonomy.yml:3:"), "{output}");
    assert!(!output.contains("taxonomy.yml:7:"), "{output}");
    // The other files' entries are added: the system may use them.
    assert!(!output.contains("system.yml"), "{output}");
}

#[test]
fn a_fides_rule_is_waived_by_the_id_privet_convert_fides_gives_it() {
    let (status, output) = case("policy-waived");
    assert_eq!(status, ExitStatus::Failure);
    assert!(output.contains("2 errors, 1 warning, 1 waived"), "{output}");
    assert!(!output.contains("`Send newsletters`"), "{output}");
    assert!(!output.contains("privet::waiver::"), "{output}");
}

#[test]
fn fides_files_are_told_from_privet_files_by_their_top_level_key() {
    let fides = [
        "dataset:\n  - fides_key: a\n",
        "# c\nsystem: []\n",
        "'data_category':\n",
    ];
    for text in fides {
        assert!(fides::is_fides(&SourceFile::new("f.yml", text)), "{text}");
    }
    let native = ["systems:\n  - name: system\n", "  dataset: nested\n", ""];
    for text in native {
        assert!(!fides::is_fides(&SourceFile::new("f.yml", text)), "{text}");
    }
}

mod policies {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use privet::check::Subject;
    use privet::fides_policy::{self, Semantics, Verdict, convert};
    use privet::pipeline::{self, Options};
    use privet::source::SourceFile;
    use privet::taxonomy::Taxonomy;

    fn dir(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fides/policies")
            .join(name)
    }

    fn source(path: &Path) -> SourceFile {
        SourceFile::new(path, std::fs::read_to_string(path).unwrap())
    }

    /// The policy file and the system files of a case.
    fn files(case: &Path) -> Vec<SourceFile> {
        let mut files = vec![source(&case.join("policy.yml"))];
        let mut systems: Vec<PathBuf> = std::fs::read_dir(case.join("inventory"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        systems.sort();
        files.extend(systems.iter().map(|p| source(p)));
        files
    }

    /// `system/declaration` of every declaration the rules reject.
    fn fides(case: &Path, semantics: Semantics) -> BTreeSet<(String, Verdict)> {
        let read = fides_policy::read(&files(case)).unwrap();
        fides_policy::evaluate(&read, Taxonomy::builtin(), semantics)
            .into_iter()
            .map(|v| (format!("{}/{}", v.system, v.declaration), v.verdict))
            .collect()
    }

    fn converted(case: &Path) -> String {
        let file = source(&case.join("policy.yml"));
        let read = fides_policy::read(std::slice::from_ref(&file)).unwrap();
        let converted = convert::convert(&file, &read[0].1, Taxonomy::builtin());
        assert!(converted.unconverted.is_empty());
        converted.text
    }

    /// Where `privet check` reports a broken Fides rule or converted
    /// commitment: the file, line and column of the value, and the
    /// declaration (`system/declaration`) a waiver would name.
    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
    struct Reported {
        at: String,
        item: String,
    }

    /// What `privet check` reports about the commitments of `rules_file`
    /// (other findings are left out), with `rules` and `inventory`.
    fn check(case: &Path, rules: PathBuf, inventory: Vec<PathBuf>) -> BTreeSet<Reported> {
        let outcome = pipeline::run(&Options {
            cwd: case.to_path_buf(),
            rules: vec![rules],
            inventory,
            ..Options::default()
        });
        assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
        outcome
            .findings
            .iter()
            .filter(|f| !f.commitment.file.path().ends_with("neutral.privet"))
            .map(|f| {
                let at = f.file.line_col(f.span.start);
                let item = match &f.subject {
                    Subject::Item(_, path) => path.clone(),
                    other => format!("{other:?}"),
                };
                Reported {
                    at: format!("{}:{}:{}", f.file.path().display(), at.line, at.column),
                    item,
                }
            })
            .collect()
    }

    /// `privet check` with the Fides policy read from the inventory, next
    /// to the systems (and a `.privet` file whose findings are left out).
    fn with_fides_policy(case: &Path) -> BTreeSet<Reported> {
        let neutral = case.parent().unwrap().join("neutral.privet");
        let inventory = vec![case.join("inventory"), case.join("policy.yml")];
        check(case, neutral, inventory)
    }

    /// `privet check` with the `.privet` text `privet convert fides` prints
    /// for the Fides policy, on the same systems.
    fn with_converted_policy(case: &Path) -> BTreeSet<Reported> {
        let rules = std::env::temp_dir().join(format!(
            "privet-fides-{}-{}.privet",
            std::process::id(),
            case.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&rules, converted(case)).unwrap();
        let found = check(case, rules.clone(), vec![case.join("inventory")]);
        std::fs::remove_file(&rules).unwrap();
        found
    }

    fn items(reported: &BTreeSet<Reported>) -> BTreeSet<String> {
        reported.iter().map(|r| r.item.clone()).collect()
    }

    #[test]
    fn the_converted_policy_finds_what_fides_evaluate_finds() {
        let case = dir("equivalent");
        let fides: BTreeSet<String> = fides(&case, Semantics::Fides)
            .into_iter()
            .map(|(item, _)| item)
            .collect();
        let expected = [
            "ad_server/Target ads",
            "web_app/Score fraud",
            "web_app/Send newsletters",
        ];
        assert_eq!(fides, expected.iter().map(|s| (*s).to_owned()).collect());
        // End to end: the same declarations, at the same values, whether
        // `privet check` reads the Fides policy or its conversion.
        let policy = with_fides_policy(&case);
        assert_eq!(items(&policy), fides);
        let lines: Vec<&str> = policy.iter().map(|r| r.at.as_str()).collect();
        assert_eq!(
            lines,
            [
                "inventory/systems.yml:10:19",
                "inventory/systems.yml:18:19",
                "inventory/systems.yml:30:19"
            ]
        );
        assert_eq!(with_converted_policy(&case), policy);
    }

    #[test]
    fn privet_reports_where_fides_passes_silently() {
        let case = dir("differences");
        assert!(fides(&case, Semantics::Fides).is_empty());
        let privet_reading: Vec<_> = fides(&case, Semantics::Privet).into_iter().collect();
        assert_eq!(
            privet_reading,
            vec![
                ("crm/Campaigns".to_owned(), Verdict::Broader),
                ("crm/Retarget visitors".to_owned(), Verdict::SubjectsMissing),
            ]
        );
        // The converted commitments apply to every data subject and read
        // `user` as holding contact data, so they report the same
        // declarations (as broken rather than unproven, at the data use).
        let policy = with_fides_policy(&case);
        let expected: BTreeSet<String> = privet_reading.into_iter().map(|(i, _)| i).collect();
        assert_eq!(items(&policy), expected);
        assert_eq!(items(&with_converted_policy(&case)), expected);
    }

    #[test]
    fn converted_policy_text() {
        insta::assert_snapshot!(
            converted(&dir("equivalent")).replace(env!("CARGO_MANIFEST_DIR"), "<repo>")
        );
    }

    #[test]
    fn rules_without_an_equivalent_statement_are_named_not_approximated() {
        let file = source(&dir("unconvertible.yml"));
        let read = fides_policy::read(std::slice::from_ref(&file)).unwrap();
        let converted = convert::convert(&file, &read[0].1, Taxonomy::builtin());
        assert_eq!(converted.unconverted.len(), 1);
        let at = file.line_col(converted.unconverted[0].span.start);
        assert_eq!((at.line, at.column), (7, 20));
        assert!(
            converted
                .text
                .contains("is not converted: only `matches: ANY` data categories")
        );
        assert!(
            converted
                .text
                .contains("user.contact never used for marketing.advertising")
        );
    }
}

mod matchers {
    use privet::fides_policy::{self, Semantics, Verdict};
    use privet::source::SourceFile;
    use privet::taxonomy::Taxonomy;

    /// The verdicts of one rule with the given category matcher against
    /// declarations of the given categories (all for `marketing`, of
    /// customers).
    fn verdicts(matches: &str, values: &str, declared: &[&str]) -> Vec<Option<Verdict>> {
        verdicts_in(Semantics::Fides, matches, values, declared)
    }

    fn verdicts_in(
        semantics: Semantics,
        matches: &str,
        values: &str,
        declared: &[&str],
    ) -> Vec<Option<Verdict>> {
        let mut yaml = format!(
            "policy:\n  - fides_key: p\n    rules:\n      - name: r\n        data_categories: {{matches: {matches}, values: {values}}}\n        data_uses: {{matches: ANY, values: [marketing]}}\n        data_subjects: {{matches: ANY, values: [customer]}}\nsystem:\n  - fides_key: s\n    privacy_declarations:\n"
        );
        for (i, categories) in declared.iter().enumerate() {
            yaml.push_str(&format!(
                "      - name: d{i}\n        data_categories: {categories}\n        data_use: marketing.advertising\n        data_subjects: [customer]\n"
            ));
        }
        let read = fides_policy::read(&[SourceFile::new("f.yml", yaml)]).unwrap();
        let found = fides_policy::evaluate(&read, Taxonomy::builtin(), semantics);
        (0..declared.len())
            .map(|i| {
                let name = format!("d{i}");
                found
                    .iter()
                    .find(|v| v.declaration == name)
                    .map(|v| v.verdict)
            })
            .collect()
    }

    const V: Option<Verdict> = Some(Verdict::Violated);

    #[test]
    fn each_mode_matches_as_fides_evaluate_does() {
        let declared = [
            "[user.contact.email]",
            "[user.contact.email, user.financial]",
            "[user.device]",
        ];
        let values = "[user.contact, user.financial]";
        assert_eq!(verdicts("ANY", values, &declared), vec![V, V, None]);
        // `ALL`: every declared key lies within some value.
        assert_eq!(verdicts("ALL", values, &declared), vec![V, V, None]);
        assert_eq!(verdicts("NONE", values, &declared), vec![None, None, V]);
        assert_eq!(
            verdicts("OTHER", "[user.contact]", &declared),
            vec![None, V, V]
        );
    }

    const B: Option<Verdict> = Some(Verdict::Broader);

    #[test]
    fn a_broad_key_is_unproven_for_any_and_all_only() {
        // `user` may hold contact data; `user.device` cannot.
        let declared = ["[user]", "[user, user.contact.email]", "[user.device]"];
        let values = "[user.contact]";
        assert_eq!(
            verdicts_in(Semantics::Privet, "ANY", values, &declared),
            vec![B, V, None]
        );
        assert_eq!(
            verdicts_in(Semantics::Privet, "ALL", values, &declared),
            vec![B, B, None]
        );
        // `NONE` and `OTHER` already count `user` as not within the values,
        // as Fides does.
        assert_eq!(
            verdicts_in(Semantics::Privet, "NONE", values, &declared),
            verdicts("NONE", values, &declared)
        );
        assert_eq!(
            verdicts_in(Semantics::Privet, "OTHER", values, &declared),
            vec![V, V, V]
        );
        // Fides itself passes the broad declarations.
        assert_eq!(verdicts("ANY", values, &declared), vec![None, V, None]);
    }
}

#[test]
fn privet_convert_fides_exit_codes() {
    let bin = env!("CARGO_BIN_EXE_privet");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fides");
    let run = |file: &str| {
        std::process::Command::new(bin)
            .args(["convert", "fides"])
            .arg(dir.join(file))
            .output()
            .unwrap()
    };
    let ok = run("policies/equivalent/policy.yml");
    assert_eq!(ok.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("commitment reject-direct-marketing {"));
    let partial = run("policies/unconvertible.yml");
    assert_eq!(partial.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&partial.stderr).into_owned();
    assert!(
        stderr.contains("unconvertible.yml:7:20: rule not converted"),
        "{stderr}"
    );
    let broken = run("malformed/inventory/broken.yml");
    assert_eq!(broken.status.code(), Some(2));
    // A custom category declared next to the policy is a term it may use.
    let custom = run("policies/custom-values.yml");
    assert_eq!(custom.status.code(), Some(0), "{custom:?}");
    assert!(
        String::from_utf8_lossy(&custom.stdout)
            .contains("acme.crm_notes never used for marketing.advertising")
    );
}
