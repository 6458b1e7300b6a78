//! A command's errors in the clerk's language, through the real binary: the language the
//! configuration names (the locale is `C`, English, in every run here but those of a
//! configuration that does not load, which try the locale too), the exit code
//! (2 for usage, 1 for a failure) and the facts of the error (the id, the file, who holds
//! the lock), and nothing changed on disk.

mod support;

use support::followup::{at, sandbox};
use support::{ConfigText, Sandbox, messages, run};

const TUESDAY: &str = "2026-12-01T10:00:00+01:00";

/// The follow-up sandbox with the configuration's `language` set.
fn sandbox_in(language: &str) -> Sandbox {
    let sb = sandbox();
    let config = ConfigText(std::fs::read_to_string(sb.config_path()).unwrap())
        .set("language = ", &format!("language = \"{language}\""));
    sb.write_config(&config);
    sb
}

/// The error line (`altinn-sweep: …`) of a run.
fn error_line(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|l| l.starts_with("altinn-sweep: "))
        .unwrap_or_else(|| panic!("no error line in {stderr:?}"))
}

#[test]
fn followup_step_on_an_unknown_id_in_bokmal_and_english() {
    for (language, want, not) in [
        (
            "nb",
            "altinn-sweep: ingen åpen oppfølgingssak har id nosuchitem0",
            "no open follow-up item",
        ),
        (
            "en",
            "altinn-sweep: no open follow-up item has the id nosuchitem0",
            "ingen åpen",
        ),
    ] {
        let sb = sandbox_in(language);
        let before = messages(&sb.mail());
        let r = at(
            &sb,
            TUESDAY,
            &["followup", "step", "nosuchitem0", "fetched"],
        );
        r.expect_code(1, &format!("{language}: followup step on an unknown id"));
        assert_eq!(error_line(&r.stderr), want, "{language}: {}", r.stderr);
        assert!(!r.stderr.contains(not), "{language}: {}", r.stderr);
        assert_eq!(messages(&sb.mail()), before, "{language}: nothing moved");
        assert!(
            !sb.journal_path().exists()
                || !std::fs::read_to_string(sb.journal_path())
                    .unwrap()
                    .contains("nosuchitem0"),
            "{language}: nothing journaled for an item that does not exist"
        );
    }
}

#[test]
fn a_step_that_does_not_exist_is_a_usage_error_in_bokmal_and_english() {
    for (language, want) in [
        ("nb", "\"sideways\": steget er ett av fetched, archived"),
        ("en", "\"sideways\": the step is one of fetched, archived"),
    ] {
        let sb = sandbox_in(language);
        let r = at(&sb, TUESDAY, &["followup", "step", "x", "sideways"]);
        r.expect_code(2, &format!("{language}: unknown step"));
        assert!(
            error_line(&r.stderr).contains(want),
            "{language}: {}",
            r.stderr
        );
    }
}

#[test]
fn units_import_of_a_broken_file_in_bokmal_and_english() {
    for (language, json_words, empty_words, unreadable_words) in [
        (
            "nb",
            ": ikke JSON fra Enhetsregisteret: ",
            ": fila er tom",
            ": kan ikke lese fila: ",
        ),
        (
            "en",
            ": not Enhetsregisteret JSON: ",
            ": the file is empty",
            ": cannot read: ",
        ),
    ] {
        let sb = sandbox_in(language);
        let config_before = std::fs::read_to_string(sb.config_path()).unwrap();
        let broken = sb.root.join("underenheter.json");
        std::fs::write(&broken, r#"{ "_embedded": { "underenheter": [ {"#).unwrap();
        let empty = sb.root.join("tom.csv");
        std::fs::write(&empty, "").unwrap();
        let absent = sb.root.join("finnes-ikke.json");
        for (file, words) in [
            (&broken, json_words),
            (&empty, empty_words),
            (&absent, unreadable_words),
        ] {
            let r = sb.run(&["units", "import", file.to_str().unwrap()]);
            r.expect_code(1, &format!("{language}: units import {}", file.display()));
            let line = error_line(&r.stderr);
            assert!(
                line.starts_with(&format!("altinn-sweep: {}{words}", file.display())),
                "{language}: {line}"
            );
        }
        assert!(
            !sb.root.join("units.toml").exists(),
            "{language}: no units file written from a broken import"
        );
        assert_eq!(
            std::fs::read_to_string(sb.config_path()).unwrap(),
            config_before,
            "{language}: the configuration is untouched"
        );
    }
}

#[test]
fn apply_while_the_lock_is_held_in_bokmal_and_english() {
    for (language, waiting, gave_up) in [
        (
            "nb",
            "Venter: en annen altinn-sweep arbeider med denne postkassen \
             (pid 4242, bruker otherclerk, siden 2026-12-01 08:15:00) …",
            "altinn-sweep: en annen altinn-sweep arbeider med denne postkassen \
             (pid 4242, bruker otherclerk, siden 2026-12-01 08:15:00); ga opp etter 1 s",
        ),
        (
            "en",
            "Waiting: another altinn-sweep is acting on this mailbox \
             (pid 4242, user otherclerk, since 2026-12-01 08:15:00) …",
            "altinn-sweep: another altinn-sweep is acting on this mailbox \
             (pid 4242, user otherclerk, since 2026-12-01 08:15:00); gave up after 1 s",
        ),
    ] {
        let sb = sandbox_in(language);
        let before = messages(&sb.mail());
        let held = sb.hold_act_lock();
        let r = sb.run(&["apply", "--yes", "--wait", "1"]);
        drop(held);
        r.expect_code(1, &format!("{language}: apply with the lock held"));
        assert!(
            r.stderr.lines().any(|l| l == waiting),
            "{language}: {}",
            r.stderr
        );
        assert_eq!(error_line(&r.stderr), gave_up, "{language}");
        assert_eq!(messages(&sb.mail()), before, "{language}: nothing moved");
    }
}

#[test]
fn a_date_that_is_no_date_is_a_usage_error_in_bokmal_and_english() {
    for (language, want) in [
        (
            "nb",
            "altinn-sweep: --since \"yesterday\": venter en dato som 2026-11-26 (",
        ),
        (
            "en",
            "altinn-sweep: --since \"yesterday\": expected a date like 2026-11-26 (",
        ),
    ] {
        let sb = sandbox_in(language);
        let r = sb.run(&["journal", "--since", "yesterday"]);
        r.expect_code(2, &format!("{language}: journal --since yesterday"));
        assert!(error_line(&r.stderr).starts_with(want), "{}", r.stderr);
    }
}

/// `check` when the records folder cannot take the shared record (here a file stands
/// where the folder should be): the check is journaled on this PC, the command fails
/// with exit 1, and says so in the configured language with the folder named.
#[test]
fn a_check_that_cannot_be_shared_says_so_in_bokmal_and_english() {
    for (language, want) in [
        (
            "nb",
            "altinn-sweep: sjekken er registrert her, men registreringen som deler det, \
             kunne ikke skrives til ",
        ),
        (
            "en",
            "altinn-sweep: the check could not be shared: the record could not be written to ",
        ),
    ] {
        let sb = sandbox_in(language);
        let records = sb.folder("Altinn/Oppfolging");
        std::fs::write(&records, "not a folder").unwrap();
        let r = at(&sb, TUESDAY, &["check"]);
        r.expect_code(1, &format!("{language}: check with no records folder"));
        let line = error_line(&r.stderr);
        assert!(
            line.starts_with(want) && line.contains(records.to_str().unwrap()),
            "{language}: {line}"
        );
        let journal = sb.journal();
        assert_eq!(
            journal.errors().len(),
            1,
            "{language}: the check is journaled"
        );
    }
}

/// One way to break the configuration: the line changed, the text the line is found by
/// (for the position), and the first line of the error after `file:line:col: ` in
/// bokmål and in English.
struct Broken {
    what: &'static str,
    old: &'static str,
    new: &'static str,
    nb: &'static str,
    en: &'static str,
}

const BROKEN: [Broken; 4] = [
    Broken {
        what: "a TOML syntax error",
        old: "[mail]",
        new: "[mail",
        nb: "ugyldig TOML (toml-pakkens melding): ",
        en: "",
    },
    Broken {
        what: "the archive is the inbox",
        old: "archive = \"Altinn\"",
        new: "archive = \"INBOX\"",
        nb: "mail.archive = \"INBOX\" er samme mappe som mail.inbox: innboksen, arkivet, \
             papirkurven og utboksen må være fire forskjellige mapper",
        en: "mail.archive = \"INBOX\" is the same folder as mail.inbox: the inbox, archive, \
             trash and outbox must be four different folders",
    },
    Broken {
        what: "a bad regular expression in a rule",
        old: "subject_regex = [",
        new: "subject_regex = [\"(unclosed\",",
        nb: "ugyldig regulært uttrykk \"(unclosed\": regex parse error:",
        en: "invalid regular expression \"(unclosed\": regex parse error:",
    },
    Broken {
        what: "a timeout out of range",
        old: "timeout_seconds = 60",
        new: "timeout_seconds = 0",
        nb: "forward.timeout_seconds = 0: oppgi et antall sekunder fra 1 til 3600",
        en: "forward.timeout_seconds = 0: give a number of seconds from 1 to 3600",
    },
];

/// The sandbox's configuration broken as `b` says, and the `file:line:col: ` its error
/// starts with (the line of the changed text; the column where the error is).
fn broken_config(sb: &Sandbox, b: &Broken, language: &str) -> String {
    let text = ConfigText(std::fs::read_to_string(sb.config_path()).unwrap())
        .set("language = ", &format!("language = \"{language}\""))
        .replace_text(b.old, b.new);
    sb.write_config(&text);
    let line = text
        .0
        .lines()
        .position(|l| l.contains(b.new.lines().next().unwrap()))
        .unwrap()
        + 1;
    format!("altinn-sweep: {}:{line}:", sb.config_path().display())
}

/// A configuration error through the real binary, worded by the locale (`LANG=nb_NO` or
/// `C`) and by the configuration's own `language` where the file can still be read as
/// TOML: the `file:line:col:` prefix is the same, the sentence is bokmål or English,
/// the exit code is 2 for every command (the TUI's start too), and nothing is moved.
#[test]
fn configuration_errors_in_bokmal_and_english() {
    // (locale, the configuration's language, the language expected)
    let runs = [
        ("nb_NO.UTF-8", "auto", "nb"),
        ("C", "auto", "en"),
        ("C", "nb", "nb"),
        ("nb_NO.UTF-8", "en", "en"),
    ];
    for b in &BROKEN {
        for (locale, language, expected) in runs {
            let sb = sandbox();
            let before = messages(&sb.mail());
            let prefix = broken_config(&sb, b, language);
            // a file that is not TOML names no language: the locale decides
            let expected = match (b.what, locale) {
                ("a TOML syntax error", "C") => "en",
                ("a TOML syntax error", _) => "nb",
                _ => expected,
            };
            let (want, not) = match expected {
                "nb" => (b.nb, "the same folder|invalid regular|give a number"),
                _ => (b.en, "ugyldig|samme mappe|oppgi et antall"),
            };
            for args in [
                &["config", "check"][..],
                &["scan"],
                &["apply", "--yes"],
                &[],
            ] {
                let r = run(sb.command(args).env("LANG", locale).env("LC_ALL", locale));
                let what = format!("{} ({locale}, language {language}): {args:?}", b.what);
                r.expect_code(2, &what);
                let line = error_line(&r.stderr);
                let rest = line
                    .strip_prefix(&prefix)
                    .unwrap_or_else(|| panic!("{what}: {line:?} does not start {prefix:?}"));
                let (col, sentence) = rest.split_once(": ").expect("line:col: sentence");
                assert!(col.parse::<usize>().is_ok(), "{what}: {line}");
                assert!(sentence.starts_with(want), "{what}: {line}");
                for word in not.split('|') {
                    assert!(!r.stderr.contains(word), "{what}: {}", r.stderr);
                }
            }
            assert_eq!(messages(&sb.mail()), before, "{}: nothing moved", b.what);
        }
    }
}

/// A configuration file that cannot be read, and a units file that lists a number twice:
/// the file named, the sentence in the locale's language (the configuration's own
/// `language` for the units file, read from a configuration that is valid TOML), exit 2.
#[test]
fn unreadable_configuration_and_a_units_file_in_bokmal_and_english() {
    for (locale, language, unreadable, twice) in [
        (
            "nb_NO.UTF-8",
            "auto",
            ": kan ikke lese konfigurasjonsfila: ",
            ": enhetsnummeret 973 857 673 står to ganger",
        ),
        ("C", "nb", "", ": enhetsnummeret 973 857 673 står to ganger"),
        (
            "C",
            "auto",
            ": cannot read the configuration file: ",
            ": the unit number 973 857 673 is listed twice",
        ),
    ] {
        let what = format!("{locale}, language {language}");
        let sb = sandbox();
        let config = std::fs::read_to_string(sb.config_path()).unwrap();
        let env =
            |cmd: &mut std::process::Command| run(cmd.env("LANG", locale).env("LC_ALL", locale));
        if !unreadable.is_empty() {
            std::fs::remove_file(sb.config_path()).unwrap();
            let r = env(&mut sb.command(&["scan"]));
            r.expect_code(2, &format!("{what}: no configuration file"));
            let want = format!("altinn-sweep: {}{unreadable}", sb.config_path().display());
            assert!(
                error_line(&r.stderr).starts_with(&want),
                "{what}: {}",
                r.stderr
            );
        }
        let twice_unit = "[[units]]\nname = \"Barnevern\"\norg = \"973857673\"\n";
        std::fs::write(
            sb.root.join("units.toml"),
            format!("{twice_unit}\n{twice_unit}"),
        )
        .unwrap();
        sb.write_config(&ConfigText(config).set(
            "language = ",
            &format!("language = \"{language}\"\nunits_file = \"units.toml\""),
        ));
        let r = env(&mut sb.command(&["config", "check"]));
        r.expect_code(2, &format!("{what}: a units file with a number twice"));
        assert_eq!(
            error_line(&r.stderr),
            format!(
                "altinn-sweep: {}{twice}",
                sb.root.join("units.toml").display()
            ),
            "{what}"
        );
    }
}

/// An inbox that is no Maildir folder (neither `cur/` nor `new/`): the scan's typed error,
/// worded in the configured language, the folder named, exit 1, nothing created.
#[test]
fn an_inbox_that_is_no_maildir_in_bokmal_and_english() {
    for (language, want) in [
        (
            "nb",
            "er ikke en Maildir-mappe (den har verken cur/ eller new/)",
        ),
        ("en", "is not a Maildir folder (it has no cur/ or new/)"),
    ] {
        let sb = sandbox_in(language);
        let inbox = sb.mail().join("INBOX");
        for sub in ["cur", "new"] {
            let _ = std::fs::remove_dir_all(inbox.join(sub));
        }
        let r = sb.run(&["scan"]);
        r.expect_code(
            1,
            &format!("{language}: scan of a folder that is no Maildir"),
        );
        let line = error_line(&r.stderr);
        assert!(line.ends_with(want), "{language}: {line}");
        assert!(line.contains(inbox.to_str().unwrap()), "{language}: {line}");
        assert!(!inbox.join("cur").exists() && !inbox.join("new").exists());
    }
}

/// Failures the journal now keeps typed (an address that is no address, a follow-up item
/// that could not be moved, local copies that could not be saved or were kept) are read
/// back from the journal's text and shown in the language the configuration names;
/// `--format json` gives the text back as it was written.
#[test]
fn typed_journal_failures_are_shown_in_bokmal_and_english() {
    let errors = [
        "\"lonn\" is not a valid email address: it has no '@'",
        "could not be moved to /m/Altinn/Hentet: Permission denied (os error 13)",
        "the local copy /d/0194a3c2-7f00-7000-8000-000000000001/vedtak.pdf: No space left on device (os error 28)",
        "/d/0194a3c2-7f00-7000-8000-000000000001: 2 item(s) could not be deleted and were kept",
    ];
    let lines: Vec<String> = errors
        .iter()
        .enumerate()
        .map(|(i, error)| {
            serde_json::json!({
                "entry": format!("20261201T090000000-1-{i}"),
                "ts": "2026-12-01T09:00:00+01:00",
                "user": "kari",
                "action": "followup",
                "result": "error",
                "error": error,
            })
            .to_string()
        })
        .collect();
    for (language, words) in [
        (
            "nb",
            [
                "[\"lonn\" er ikke en gyldig e-postadresse: den mangler '@']",
                "[kunne ikke flyttes til /m/Altinn/Hentet: Permission denied (os error 13)]",
                "[den lokale kopien /d/0194a3c2-7f00-7000-8000-000000000001/vedtak.pdf: No space left on device (os error 28)]",
                "[/d/0194a3c2-7f00-7000-8000-000000000001: 2 ting kunne ikke slettes og ble beholdt]",
            ]
            .map(String::from),
        ),
        // the English is the journal's own text
        ("en", errors.map(|e| format!("[{e}]"))),
    ] {
        let sb = sandbox_in(language);
        std::fs::create_dir_all(sb.data_dir()).unwrap();
        std::fs::write(sb.journal_path(), lines.join("\n") + "\n").unwrap();
        let r = at(&sb, TUESDAY, &["journal"]);
        r.expect_code(0, &format!("{language}: journal"));
        for w in &words {
            assert_eq!(
                r.stdout.lines().filter(|l| l.ends_with(w.as_str())).count(),
                1,
                "{language}: {w} in {}",
                r.stdout
            );
        }
        let r = at(&sb, TUESDAY, &["journal", "--format", "json"]);
        r.expect_code(0, &format!("{language}: journal --format json"));
        let back: Vec<String> = r
            .stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["error"]
                .as_str()
                .unwrap()
                .to_string())
            .collect();
        assert_eq!(back, errors, "{language}: the journal's text, as written");
    }
}
