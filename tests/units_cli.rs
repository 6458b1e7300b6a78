//! `units import` through the real binary with real-shaped Enhetsregisteret JSON (HAL) and
//! CSV: added, renamed, deleted and MOD11-failing rows are reported; aliases and
//! `fetches_own_mail` survive; the written units file is what the configuration includes
//! (a notice to a new unit is then followed up under its name and number).

mod support;

use support::followup::{at, items, notice, put};
use support::{ConfigText, Sandbox, manifest_dir};

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.install_fake_sendmail();
    sb.write_config(&ConfigText::for_sandbox(&sb).set(
        "language = ",
        "language = \"en\"\nunits_file = \"units.toml\"",
    ));
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    sb
}

const PREVIOUS: &str = r#"
[[units]]
name = "SANDNES KOMMUNE GAMLE SKOLEN"
org = "910000012"
aliases = ["Gamleskolen"]
fetches_own_mail = true

[[units]]
name = "SANDNES KOMMUNE NEDLAGT ENHET"
org = "910000047"
"#;

const REGISTER_JSON: &str = r#"{
  "_embedded": { "underenheter": [
    { "organisasjonsnummer": "910000012", "navn": "SANDNES KOMMUNE EKSEMPEL SKOLE",
      "organisasjonsform": { "kode": "BEDR" }, "overordnetEnhet": "964965137" },
    { "organisasjonsnummer": "910000020", "navn": "SANDNES KOMMUNE EKSEMPEL BARNEHAGE",
      "organisasjonsform": { "kode": "BEDR" }, "overordnetEnhet": "964965137" },
    { "organisasjonsnummer": "910000013", "navn": "FEIL KONTROLLSIFFER",
      "overordnetEnhet": "964965137" },
    { "organisasjonsnummer": "910000055", "navn": "ANNEN KOMMUNES ENHET",
      "overordnetEnhet": "910000063" }
  ] },
  "page": { "size": 20, "totalElements": 4, "totalPages": 1, "number": 0 }
}"#;

#[test]
fn json_then_csv_into_the_included_units_file() {
    let sb = sandbox();
    let units = sb.root.join("units.toml");
    std::fs::write(&units, PREVIOUS).unwrap();
    let json = sb.root.join("underenheter.json");
    std::fs::write(&json, REGISTER_JSON).unwrap();
    let r = sb.run(&["units", "import", json.to_str().unwrap()]);
    r.expect_code(0, "import json");
    assert!(
        r.stdout.contains("2 units written to ")
            && r.stdout
                .contains("1 added, 1 renamed, 1 deleted, 0 unchanged, 1 rejected"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("  + SANDNES KOMMUNE EKSEMPEL BARNEHAGE (910 000 020)")
    );
    assert!(r.stdout.contains(
        "  ~ SANDNES KOMMUNE GAMLE SKOLEN (910 000 012) → SANDNES KOMMUNE EKSEMPEL SKOLE"
    ));
    assert!(
        r.stdout
            .contains("  - SANDNES KOMMUNE NEDLAGT ENHET (910 000 047)")
    );
    assert!(
        r.stdout
            .contains("ANNEN KOMMUNES ENHET (910 000 055) (belongs to another parent")
    );
    assert!(
        r.stdout
            .contains("  ! row 3: \"910000013\": check digit (MOD11)"),
        "{}",
        r.stdout
    );
    let written = std::fs::read_to_string(&units).unwrap();
    let parsed: toml::Table = toml::from_str(&written).unwrap();
    let list = parsed["units"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let school = list
        .iter()
        .find(|u| u["org"].as_str() == Some("910000012"))
        .unwrap();
    assert_eq!(
        school["name"].as_str(),
        Some("SANDNES KOMMUNE EKSEMPEL SKOLE")
    );
    assert_eq!(school["fetches_own_mail"].as_bool(), Some(true));
    let aliases: Vec<&str> = school["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(aliases, ["Gamleskolen", "SANDNES KOMMUNE GAMLE SKOLEN"]);
    assert!(!written.contains("910000047"));

    // the bundled CSV sample: the nursing home is new, the others unchanged
    let csv = manifest_dir().join("assets/units.sample.csv");
    let r = sb.run(&["units", "import", csv.to_str().unwrap()]);
    r.expect_code(0, "import csv");
    assert!(
        r.stdout
            .contains("1 added, 0 renamed, 0 deleted, 2 unchanged, 0 rejected"),
        "{}",
        r.stdout
    );
    // the configuration includes the file: a notice to the new unit has its number
    put(
        &sb,
        "Altinn",
        1,
        &notice(
            1,
            "Tue, 1 Dec 2026 08:00:00 +0100",
            "SANDNES KOMMUNE EKSEMPEL SYKEHJEM",
        ),
    );
    let list = items(&at(
        &sb,
        "2026-12-01T09:00:00+01:00",
        &["followup", "--json"],
    ));
    assert_eq!(list[0]["party"], "SANDNES KOMMUNE EKSEMPEL SYKEHJEM");
    assert_eq!(list[0]["party_org"], "910000039");
    // the bundled JSON sample reads the same
    let sample = manifest_dir().join("assets/units.sample.json");
    let r = sb.run(&["units", "import", sample.to_str().unwrap()]);
    assert!(
        r.stdout
            .contains("0 added, 0 renamed, 0 deleted, 3 unchanged, 0 rejected"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_units_file_with_a_bad_number_is_a_configuration_error_where_it_is() {
    let sb = sandbox();
    std::fs::write(
        sb.root.join("units.toml"),
        "[[units]]\nname = \"X\"\norg = \"910000013\"\n",
    )
    .unwrap();
    let r = sb.run(&["config", "check"]);
    r.expect_code(2, "config check");
    assert!(r.stderr.contains("units.toml:3:"), "{}", r.stderr);
    assert!(r.stderr.contains("MOD11"), "{}", r.stderr);
}

/// The same import's report in bokmål when the configuration says `language = "nb"`:
/// the counts, the changes and why a row was not taken.
#[test]
fn the_import_report_in_bokmal() {
    let sb = Sandbox::new();
    sb.install_fake_sendmail();
    sb.write_config(&ConfigText::for_sandbox(&sb).set(
        "language = ",
        "language = \"nb\"\nunits_file = \"units.toml\"",
    ));
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    std::fs::write(sb.root.join("units.toml"), PREVIOUS).unwrap();
    let json = sb.root.join("underenheter.json");
    std::fs::write(&json, REGISTER_JSON).unwrap();
    let r = sb.run(&["units", "import", json.to_str().unwrap()]);
    r.expect_code(0, "import json in bokmål");
    for line in [
        "2 enheter skrevet til ",
        "1 nye, 1 nytt navn, 1 slettet, 0 uendret, 1 avvist",
        "  - SANDNES KOMMUNE NEDLAGT ENHET (910 000 047) (ikke lenger i registeret)",
        "ANNEN KOMMUNES ENHET (910 000 055) (tilhører en annen overordnet enhet: utelatt)",
        "  ! rad 3: \"910000013\": kontrollsifferet (MOD11) stemmer ikke: 910000013 er ikke \
         et gyldig organisasjonsnummer",
    ] {
        assert!(r.stdout.contains(line), "{line:?} in\n{}", r.stdout);
    }
    for english in ["units written", "added", "check digit", "row 3"] {
        assert!(!r.stdout.contains(english), "{english:?} in\n{}", r.stdout);
    }
}
