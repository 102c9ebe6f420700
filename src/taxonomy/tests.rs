use std::collections::BTreeMap;

use super::lookup::normalise;
use super::*;

fn builtin() -> &'static Taxonomy {
    Taxonomy::builtin()
}

fn term(vocabulary: Vocabulary, text: &str) -> TermId {
    builtin()
        .lookup(vocabulary, text)
        .unwrap_or_else(|| panic!("`{text}` is not a {}", vocabulary.noun()))
}

fn category(text: &str) -> TermId {
    term(Vocabulary::DataCategory, text)
}

fn region(text: &str) -> TermId {
    term(Vocabulary::Region, text)
}

fn ids(taxonomy: &Taxonomy, terms: &[TermId]) -> Vec<String> {
    terms
        .iter()
        .map(|&t| taxonomy.id_str(t).to_owned())
        .collect()
}

fn count(vocabulary: Vocabulary, sets: bool) -> usize {
    builtin()
        .entries(vocabulary)
        .filter(|(_, entry)| entry.is_set() == sets)
        .count()
}

#[test]
fn the_builtin_file_loads_and_is_parsed_once() {
    let loaded = Taxonomy::load_builtin();
    assert!(loaded.is_ok(), "{:?}", loaded.err());
    assert!(std::ptr::eq(Taxonomy::builtin(), Taxonomy::builtin()));
}

#[test]
fn the_embedded_json_gives_the_same_taxonomy_as_the_yaml() {
    // build.rs converts builtin.yaml to JSON; a difference (a scalar the
    // conversion typed differently, a lost entry) would change lookups.
    let from_yaml = Taxonomy::load_builtin_yaml();
    assert!(from_yaml.is_ok(), "{:?}", from_yaml.err());
    let from_json = Taxonomy::load_builtin();
    assert_eq!(format!("{from_json:?}"), format!("{from_yaml:?}"));
    assert!(builtin().entries(Vocabulary::Region).count() > 250);
}

#[test]
fn the_builtin_vocabularies_have_the_fides_counts() {
    assert_eq!(count(Vocabulary::DataCategory, false), 85);
    assert_eq!(count(Vocabulary::DataCategory, true), 7);
    // The 56 Fides uses plus privet's narrower `hosting` and `data_storage`.
    assert_eq!(count(Vocabulary::DataUse, false), 58);
    assert_eq!(count(Vocabulary::DataUse, true), 1);
    // The 15 Fides subjects plus privet's `individual` and `child`.
    assert_eq!(count(Vocabulary::DataSubject, false), 17);
    let dotted = builtin()
        .entries(Vocabulary::DataCategory)
        .filter(|(_, entry)| entry.id.contains('.'))
        .count();
    assert_eq!(
        dotted, 83,
        "85 categories minus the roots `system` and `user`"
    );
    let dotted_uses = builtin()
        .entries(Vocabulary::DataUse)
        .filter(|(_, entry)| entry.id.contains('.'))
        .count();
    assert_eq!(dotted_uses, 44, "56 uses minus 12 roots");
}

#[test]
fn fides_ids_and_names_are_present() {
    let spot_checks = [
        (
            Vocabulary::DataCategory,
            "system.operations",
            "Operations Data",
        ),
        (
            Vocabulary::DataCategory,
            "user.authorization.credentials",
            "Account password",
        ),
        (
            Vocabulary::DataCategory,
            "user.contact.address.postal_code",
            "User Contact Postal Code",
        ),
        (
            Vocabulary::DataCategory,
            "user.health_and_medical.genetic",
            "User's Genetic Data",
        ),
        (
            Vocabulary::DataCategory,
            "user.unique_id.pseudonymous",
            "Pseudonymous User ID",
        ),
        (Vocabulary::DataCategory, "user.workplace", "Workplace"),
        (
            Vocabulary::DataUse,
            "analytics.reporting.system.performance",
            "Analytics for System Performance",
        ),
        (
            Vocabulary::DataUse,
            "essential.service.operations.improve",
            "Essential for Support Improvement",
        ),
        (
            Vocabulary::DataUse,
            "marketing.advertising.third_party.targeted",
            "Third Party Targeted Advertising",
        ),
        (
            Vocabulary::DataUse,
            "third_party_sharing.legal_obligation",
            "Sharing for Legal Obligation",
        ),
        (Vocabulary::DataUse, "train_ai_system", "Train AI System"),
        (
            Vocabulary::DataSubject,
            "supplier_vendor",
            "Supplier/Vendor",
        ),
        (Vocabulary::DataSubject, "next_of_kin", "Next of Kin"),
    ];
    for (vocabulary, id, name) in spot_checks {
        let found = term(vocabulary, id);
        assert_eq!(builtin().id_str(found), id);
        assert_eq!(builtin().entry(found).name, name);
    }
}

#[test]
fn every_entry_has_a_name_and_a_one_sentence_description() {
    for vocabulary in Vocabulary::ALL {
        assert!(builtin().entries(vocabulary).next().is_some());
        for (_, entry) in builtin().entries(vocabulary) {
            assert!(!entry.name.is_empty(), "{}", entry.id);
            assert!(entry.description.ends_with('.'), "{}", entry.id);
            assert!(matches!(entry.origin, Origin::Builtin));
        }
    }
}

#[test]
fn names_and_aliases_stand_for_one_entry_each_per_vocabulary() {
    for vocabulary in Vocabulary::ALL {
        let mut owners: BTreeMap<String, &str> = BTreeMap::new();
        for (_, entry) in builtin().entries(vocabulary) {
            let mut words: Vec<String> = entry.aliases.iter().map(|a| normalise(a)).collect();
            words.push(normalise(&entry.name));
            words.sort();
            words.dedup();
            for word in words {
                if let Some(other) = owners.insert(word.clone(), &entry.id) {
                    panic!("`{word}` names both `{other}` and `{}`", entry.id);
                }
            }
            for alias in &entry.aliases {
                assert_eq!(alias, &alias.to_lowercase(), "alias of {}", entry.id);
            }
        }
    }
}

#[test]
fn lookup_finds_ids_names_and_aliases() {
    let user = category("user");
    assert_eq!(category("personal data"), user);
    assert_eq!(category("  Personal   Information "), user);
    assert_eq!(builtin().id_str(category("Contact Data")), "user.contact");
    assert_eq!(
        builtin().id_str(category("contact details")),
        "user.contact"
    );
    let email = category("user.contact.email");
    assert_eq!(builtin().id_str(email), "user.contact.email");
    assert_eq!(
        category("email addresses"),
        email,
        "a trailing s is dropped"
    );
    assert_eq!(category("children’s data"), category("user.childrens"));
    assert_eq!(
        builtin().lookup(Vocabulary::DataCategory, "USER.CONTACT"),
        None
    );
    assert_eq!(builtin().lookup(Vocabulary::DataCategory, ""), None);
    assert_eq!(builtin().lookup(Vocabulary::DataUse, "personal data"), None);
}

#[test]
fn lookup_covers_every_vocabulary() {
    let found = |vocabulary, text| builtin().id_str(term(vocabulary, text)).to_owned();
    assert_eq!(
        found(Vocabulary::DataUse, "security"),
        "essential.service.security"
    );
    assert_eq!(
        found(Vocabulary::DataUse, "Fraud Prevention"),
        "essential.fraud_detection"
    );
    assert_eq!(
        found(Vocabulary::DataUse, "direct marketing"),
        "marketing.communications"
    );
    assert_eq!(found(Vocabulary::DataUse, "hosting"), "hosting");
    let hosting = builtin().lookup(Vocabulary::DataUse, "hosting").unwrap();
    let operations = builtin()
        .lookup(Vocabulary::DataUse, "essential.service.operations")
        .unwrap();
    let support = builtin()
        .lookup(Vocabulary::DataUse, "essential.service.operations.support")
        .unwrap();
    assert!(builtin().is_within(hosting, operations));
    assert!(!builtin().is_within(support, hosting));
    assert_eq!(found(Vocabulary::DataSubject, "users"), "individual");
    assert_eq!(found(Vocabulary::DataSubject, "children"), "child");
    assert_eq!(
        found(Vocabulary::RecipientKind, "service providers"),
        "processor"
    );
    assert_eq!(
        found(Vocabulary::RecipientKind, "Parties You Authorize"),
        "user_authorized"
    );
    assert_eq!(found(Vocabulary::Event, "last login"), "last_login");
    assert_eq!(
        found(Vocabulary::Event, "the account is closed"),
        "account_closed"
    );
    assert_eq!(found(Vocabulary::TransferMechanism, "SCCs"), "scc");
    assert_eq!(found(Vocabulary::TransferMechanism, "SCC"), "scc");
    assert_eq!(found(Vocabulary::ContractKind, "DPA"), "dpa");
    assert_eq!(
        found(Vocabulary::ContractKind, "data processing agreement"),
        "dpa"
    );
    let child = term(Vocabulary::DataSubject, "child");
    assert!(builtin().entry(child).requires_age);
    assert!(builtin().is_within(child, term(Vocabulary::DataSubject, "individual")));
}

#[test]
fn a_term_set_expands_to_its_members() {
    let set = category("online identifiers");
    assert!(builtin().entry(set).is_set());
    let members = ids(builtin(), builtin().expand(set));
    assert_eq!(
        members,
        [
            "user.device.cookie_id",
            "user.device.device_id",
            "user.device.ip_address",
            "user.unique_id",
        ]
    );
    let email = category("email");
    assert_eq!(builtin().expand(email), [email]);
}

#[test]
fn is_within_follows_the_hierarchy() {
    let (user, contact, email) = (
        category("user"),
        category("user.contact"),
        category("email"),
    );
    assert!(builtin().is_within(email, user));
    assert!(builtin().is_within(email, contact));
    assert!(builtin().is_within(user, user));
    assert!(!builtin().is_within(user, contact));
    assert!(!builtin().is_within(contact, category("user.device")));
    assert!(!builtin().is_within(user, term(Vocabulary::DataUse, "analytics")));
}

#[test]
fn overlaps_is_symmetric_and_sees_shared_data() {
    let (user, contact, device) = (
        category("user"),
        category("contact data"),
        category("device data"),
    );
    assert!(builtin().overlaps(user, contact));
    assert!(builtin().overlaps(contact, user));
    assert!(!builtin().overlaps(contact, device));
    let identifiers = category("online identifiers");
    assert!(builtin().overlaps(device, identifiers));
    assert!(builtin().overlaps(identifiers, device));
    assert!(!builtin().overlaps(identifiers, contact));
}

#[test]
fn term_sets_are_within_what_all_their_members_are_within() {
    let set = category("online identifiers");
    assert!(builtin().is_within(set, category("user")));
    assert!(!builtin().is_within(set, category("user.device")));
    assert!(builtin().is_within(category("ip address"), set));
    assert!(!builtin().is_within(category("user.device"), set));
    let sensitive = category("sensitive personal information");
    assert!(builtin().is_within(category("genetic data"), sensitive));
    assert!(builtin().is_within(category("precise location"), sensitive));
    assert!(!builtin().is_within(category("approximate location"), sensitive));
    let permitted = term(Vocabulary::DataUse, "permitted purposes");
    assert!(builtin().is_within(term(Vocabulary::DataUse, "security"), permitted));
    assert!(!builtin().is_within(term(Vocabulary::DataUse, "advertising"), permitted));
}

#[test]
fn regions_nest_in_countries_and_groups() {
    let (eu, eea, us) = (region("EU"), region("EEA"), region("united states"));
    let germany = region("DE");
    assert!(builtin().is_within(germany, eu));
    assert!(builtin().is_within(germany, eea));
    assert!(builtin().is_within(eu, eea));
    assert!(!builtin().is_within(eea, eu));
    assert!(builtin().overlaps(eea, region("EFTA")));
    assert!(!builtin().overlaps(eu, region("EFTA")));
    let ireland = region("eu-west-1");
    assert_eq!(builtin().id_str(ireland), "IE");
    assert!(builtin().is_within(ireland, eu));
    assert!(builtin().is_within(region("us-east-1"), us));
    assert_eq!(builtin().id_str(region("us-east-1")), "US-VA");
    assert_eq!(builtin().id_str(region("westeurope")), "NL");
    assert_eq!(builtin().entry(region("CA")).name, "Canada");
    let california = region("US-CA");
    assert_eq!(region("california"), california);
    assert_eq!(region("us-ca"), california);
    assert!(builtin().is_within(california, us));
    assert!(!builtin().is_within(region("CA"), us));
    let britain = region("uk");
    assert_eq!(builtin().id_str(britain), "GB");
    assert!(!builtin().is_within(britain, eu));
    assert_eq!(region("the USA"), us);
    assert_eq!(region("de"), germany);
    assert_eq!(ids(builtin(), &builtin().ancestors(germany)), ["EU", "EEA"]);
}

#[test]
fn ancestors_are_nearest_first() {
    let email = category("user.contact.email");
    assert_eq!(
        ids(builtin(), &builtin().ancestors(email)),
        ["user.contact", "user"]
    );
    assert!(builtin().ancestors(category("user")).is_empty());
}

#[test]
fn events_know_which_come_first() {
    let event = |text| term(Vocabulary::Event, text);
    let (collection, login, closed) = (
        event("collection"),
        event("last login"),
        event("account closed"),
    );
    assert!(builtin().precedes(collection, closed));
    assert!(builtin().precedes(login, closed));
    assert!(builtin().precedes(login, login));
    assert!(!builtin().precedes(closed, login));
    assert!(!builtin().precedes(event("unsubscribed"), closed));
}

#[test]
fn a_deprecated_use_names_its_replacement() {
    let old = term(Vocabulary::DataUse, "personalize.profiling");
    let replacement = builtin().entry(old).deprecated_by.unwrap();
    assert_eq!(
        builtin().id_str(replacement),
        "personalize.content.profiling"
    );
}

#[test]
fn suggest_offers_the_closest_word() {
    let suggest = |vocabulary, text| builtin().suggest(vocabulary, text);
    assert_eq!(
        suggest(Vocabulary::DataCategory, "contct data").as_deref(),
        Some("contact data")
    );
    assert_eq!(suggest(Vocabulary::DataCategory, "xyzzy"), None);
    assert_eq!(
        suggest(Vocabulary::DataCategory, "user.contact.emial").as_deref(),
        Some("user.contact.email")
    );
    assert_eq!(
        suggest(Vocabulary::DataCategory, "precise loc").as_deref(),
        Some("precise location")
    );
    assert_eq!(
        suggest(Vocabulary::Region, "Germny").as_deref(),
        Some("Germany")
    );
    assert_eq!(
        suggest(Vocabulary::DataUse, "advertsing").as_deref(),
        Some("advertising")
    );
}

#[test]
fn a_foreign_term_id_gets_a_placeholder_not_a_panic() {
    let foreign = TermId {
        vocabulary: Vocabulary::Event,
        index: 99_999,
    };
    assert_eq!(builtin().id_str(foreign), "");
    assert!(builtin().expand(foreign).is_empty());
    assert!(!builtin().is_within(foreign, foreign));
    assert!(builtin().ancestors(foreign).is_empty());
}

fn extend(text: &str) -> Result<Taxonomy, TaxonomyError> {
    builtin().extended(&SourceFile::new("privet-taxonomy.yaml", text))
}

fn extension_error(text: &str) -> (String, String, &'static str) {
    let error = extend(text).unwrap_err();
    let at = error.file().line_col(error.span().start).to_string();
    (at, error.message().to_owned(), error.code())
}

const LABELLED: &str = "data_categories:
  - id: user.custom.labelled
    name: Labelled Data
    aliases: [labelled data]
    description: x
    within: [user]
";

#[test]
fn an_extension_adds_entries_within_builtin_ones() {
    let taxonomy = extend(LABELLED).unwrap();
    let labelled = taxonomy
        .lookup(Vocabulary::DataCategory, "labelled data")
        .unwrap();
    let user = taxonomy.lookup(Vocabulary::DataCategory, "user").unwrap();
    assert!(taxonomy.is_within(labelled, user));
    assert!(!taxonomy.is_within(user, labelled));
    assert!(taxonomy.overlaps(labelled, user));
    assert_eq!(taxonomy.id_str(labelled), "user.custom.labelled");
    let Origin::Extension { file, span } = &taxonomy.entry(labelled).origin else {
        panic!("not from the extension");
    };
    assert_eq!(file.slice(*span), "user.custom.labelled");
    assert_eq!(
        builtin().lookup(Vocabulary::DataCategory, "labelled data"),
        None
    );
}

#[test]
fn an_extension_may_add_sets_and_reference_its_own_entries() {
    let text = "data_categories:
  - id: labels
    name: Labels
    description: x
    expands_to: [user.custom.labelled, user.contact]
  - id: user.custom.labelled
    name: Labelled Data
    description: x
    within: [user]
regions:
  - id: EU-WEST
    name: Western Europe
    description: x
  - id: XX-ONE
    name: Somewhere
    description: x
    within: [eu-west, fr]
";
    let taxonomy = extend(text).unwrap();
    let labels = taxonomy.lookup(Vocabulary::DataCategory, "labels").unwrap();
    let email = taxonomy.lookup(Vocabulary::DataCategory, "email").unwrap();
    assert_eq!(taxonomy.expand(labels).len(), 2);
    assert!(taxonomy.is_within(email, labels));
    let somewhere = taxonomy.lookup(Vocabulary::Region, "somewhere").unwrap();
    let eu = taxonomy.lookup(Vocabulary::Region, "EU").unwrap();
    assert!(taxonomy.is_within(somewhere, eu));
}

#[test]
fn an_unknown_key_in_an_extension_is_an_error_at_the_key() {
    let text =
        "data_categories:\n  - id: user.x\n    name: X\n    description: x\n    parent: user\n";
    let (at, message, code) = extension_error(text);
    assert_eq!(at, "5:5");
    assert!(message.starts_with("unknown field `parent`"), "{message}");
    assert_eq!(code, "privet::yaml::invalid");
    let (at, _, _) = extension_error("data_category: []\n");
    assert_eq!(at, "1:1");
}

#[test]
fn a_duplicate_id_is_an_error_at_the_id() {
    let text = "data_categories:\n  - id: user.contact\n    name: Mine\n    description: x\n";
    let (at, message, code) = extension_error(text);
    assert_eq!(at, "2:9");
    assert_eq!(
        message,
        "`user.contact` is already a built-in data category"
    );
    assert_eq!(code, "privet::taxonomy::duplicate_id");
    let twice = "regions:
  - {id: XA, name: A, description: x}
  - {id: xa, name: B, description: x}
";
    let (at, message, _) = extension_error(twice);
    assert_eq!(at, "3:10");
    assert_eq!(message, "region `xa` is defined twice in this file");
    let (_, message, _) = extension_error("regions:\n  - {id: de, name: D, description: x}\n");
    assert_eq!(message, "`de` is already a region, written `DE`");
}

#[test]
fn an_unknown_reference_is_an_error_with_a_suggestion() {
    let text = "data_categories:
  - id: user.custom
    name: Custom
    description: x
    within: [user.contct]
";
    let error = extend(text).unwrap_err();
    assert_eq!(
        error.file().line_col(error.span().start).to_string(),
        "5:14"
    );
    assert_eq!(
        error.message(),
        "`user.contct` in `within` is not a known data category id"
    );
    assert_eq!(error.code(), "privet::taxonomy::unknown_reference");
    let TaxonomyError::Entry(entry) = &error else {
        panic!("not an entry error")
    };
    assert_eq!(entry.help(), Some("did you mean `user.contact`?"));
    let by_name =
        "data_categories:\n  - {id: a, name: A, description: x, within: [personal data]}\n";
    let TaxonomyError::Entry(entry) = extend(by_name).unwrap_err() else {
        panic!()
    };
    assert_eq!(
        entry.help(),
        Some("`personal data` is a name; write its id `user`")
    );
    let implied = "data_categories:\n  - {id: user.nothing.here, name: A, description: x}\n";
    let (at, message, _) = extension_error(implied);
    assert_eq!(at, "2:10");
    assert_eq!(
        message,
        "`user.nothing.here` implies a parent `user.nothing`, which is not a known data category"
    );
}

#[test]
fn an_alias_used_by_another_entry_is_an_error() {
    let text = "data_categories:\n  - {id: mine, name: Mine, description: x, aliases: [Contact  Details]}\n";
    let (at, message, code) = extension_error(text);
    assert_eq!(at, "2:54");
    assert_eq!(
        message,
        "`Contact  Details` already stands for `user.contact`"
    );
    assert_eq!(code, "privet::taxonomy::alias_conflict");
    let (_, message, _) = extension_error("regions:\n  - {id: UK, name: Mine, description: x}\n");
    assert_eq!(message, "`UK` already stands for `GB`");
}

#[test]
fn a_loop_of_within_is_an_error() {
    let text = "data_categories:
  - {id: a, name: A, description: x, within: [b]}
  - {id: b, name: B, description: x, within: [a]}
";
    let (at, message, code) = extension_error(text);
    assert_eq!(at, "2:47");
    assert_eq!(message, "`a` lies within itself through `within`");
    assert_eq!(code, "privet::taxonomy::cycle");
    let sets = "data_uses:
  - {id: s1, name: S1, description: x, expands_to: [s2]}
  - {id: s2, name: S2, description: x, expands_to: [s1]}
";
    let (_, message, _) = extension_error(sets);
    assert_eq!(message, "term set `s1` expands to itself");
}

#[test]
fn keys_that_do_not_apply_to_a_vocabulary_are_errors() {
    let age = "data_categories:\n  - {id: a, name: A, description: x, requires_age: true}\n";
    assert_eq!(
        extension_error(age).1,
        "`requires_age` only applies to data subjects"
    );
    let precedes = "data_uses:\n  - {id: a, name: A, description: x, precedes: [sales]}\n";
    assert_eq!(
        extension_error(precedes).1,
        "`precedes` only applies to events"
    );
    let bad_id = "events:\n  - {id: 'two words', name: A, description: x}\n";
    assert_eq!(extension_error(bad_id).1, "`two words` is not a valid id");
    let in_set =
        "data_categories:\n  - {id: a, name: A, description: x, within: [online_identifiers]}\n";
    assert_eq!(
        extension_error(in_set).1,
        "`online_identifiers` is a term set, so nothing can lie within it"
    );
}

#[test]
fn an_extension_event_can_follow_builtin_ones() {
    let text =
        "events:\n  - {id: archived, name: Archived, description: x, precedes: [account_closed]}\n";
    let taxonomy = extend(text).unwrap();
    let archived = taxonomy.lookup(Vocabulary::Event, "archived").unwrap();
    let closed = taxonomy
        .lookup(Vocabulary::Event, "account closed")
        .unwrap();
    assert!(taxonomy.precedes(archived, closed));
    let empty = extend("").unwrap();
    assert_eq!(
        empty.entries(Vocabulary::Event).count(),
        builtin().entries(Vocabulary::Event).count()
    );
}

#[test]
fn normalise_has_one_meaning_on_its_fast_and_slow_paths() {
    for (text, key) in [
        ("email address", "email address"),
        ("Email Address", "email address"),
        ("the  user's   name", "user's name"),
        ("The user\u{2019}s name", "user's name"),
        (" padded ", "padded"),
        ("tab\there", "tab here"),
        ("the", "the"),
        ("", ""),
        ("ünïcode Name", "ünïcode name"),
    ] {
        assert_eq!(normalise(text), key, "{text:?}");
    }
}
