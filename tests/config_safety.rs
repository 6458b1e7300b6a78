//! Configuration that cannot do harm, through the real binary: folders that are the same
//! or outside the mail root, a password in clear to another machine, and a first rule
//! that matches everything. Errors name file:line:col and exit 2 before anything is done.

mod support;

use support::{ConfigText, Kind, Sandbox, messages};

/// The 1-based line of the configuration that starts with `prefix` (after indentation).
fn line_of(config: &ConfigText, prefix: &str) -> usize {
    config
        .0
        .lines()
        .position(|l| l.trim_start().starts_with(prefix))
        .expect("the line is there")
        + 1
}

#[test]
fn an_archive_that_is_the_inbox_is_refused_and_nothing_moves() {
    let sb = Sandbox::new();
    let generated = support::generate(3, |_| Kind::Archive);
    support::write_inbox(&sb, &generated);
    let before = messages(&sb.mail());
    for (prefix, line) in [
        ("archive = ", "archive = \"INBOX\""),
        ("archive = ", "archive = \"../Altinn\""),
        ("trash = ", "trash = \"/tmp/Trash\""),
        ("outbox = ", "outbox = \"Altinn\""),
    ] {
        let config = ConfigText::for_sandbox(&sb).set(prefix, line);
        sb.write_config(&config);
        let want = format!(
            "{}:{}:",
            sb.config_path().display(),
            line_of(&config, prefix)
        );
        for args in [&["config", "check"][..], &["apply", "--yes"][..]] {
            let run = sb.run(args);
            run.expect_code(2, line);
            assert!(
                run.stderr.contains(&want),
                "{line}: {args:?} names {want}:\n{}",
                run.stderr
            );
        }
    }
    assert_eq!(messages(&sb.mail()), before, "nothing moved");
    assert!(sb.journal().ok_actions().is_empty());
}

#[test]
fn a_password_in_clear_goes_only_to_this_machine() {
    let sb = Sandbox::new();
    let login = [
        "security = \"none\"",
        "username = \"dokumentsenteret\"",
        "password_env = \"ALTINN_SWEEP_SMTP_PASSWORD\"",
    ];
    let remote = ConfigText::for_sandbox(&sb).smtp("smtp.sandnes.kommune.no", 25, &login);
    sb.write_config(&remote);
    let run = sb.run(&["config", "check"]);
    run.expect_code(2, "security = none with a password to another host");
    let want = format!(
        "{}:{}:",
        sb.config_path().display(),
        line_of(&remote, "security = ")
    );
    assert!(
        run.stderr.contains(&want) && run.stderr.contains("unencrypted"),
        "{}",
        run.stderr
    );
    sb.write_config(&ConfigText::for_sandbox(&sb).smtp("localhost", 25, &login));
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    sb.run(&["config", "check"])
        .expect_code(0, "security = none to localhost");
}

#[test]
fn a_first_rule_that_matches_everything_is_warned_about() {
    let sb = Sandbox::new();
    let config = ConfigText::for_sandbox(&sb).replace_text(
        "[[rules]]",
        "[[rules]]\nname = \"everything\"\naction = \"archive\"\nreason = \"all of it\"\n\n[[rules]]",
    );
    sb.write_config(&config);
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    let run = sb.run(&["config", "check"]);
    run.expect_code(0, "config check");
    assert!(
        run.stderr
            .contains("warning: the first rule `everything` matches every notification"),
        "{}",
        run.stderr
    );
    // and in bokmål when the configuration says so
    sb.write_config(&config.set("language = ", "language = \"nb\""));
    let run = sb.run(&["config", "check"]);
    run.expect_code(0, "config check in bokmål");
    assert!(
        run.stderr.contains(
            "advarsel: den første regelen `everything` treffer alle varsler: ingen senere \
             regel blir brukt, og alle varsler får «arkiver»"
        ),
        "{}",
        run.stderr
    );
}

/// `config check` says how forwards go, warns when the sendmail program is not installed,
/// and exits 1 while the mailbox is not ready (a folder is missing).
#[test]
fn config_check_shows_the_transport_and_fails_on_a_mailbox_that_is_not_ready() {
    let sb = Sandbox::new();
    sb.write_config(&ConfigText::for_sandbox(&sb));
    sb.make_folders(&["INBOX", "Altinn"]);
    let run = sb.run(&["config", "check"]);
    run.expect_code(1, "config check without Trash");
    assert!(run.stdout.contains("[MISSING]"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("transport:     sendmail: sendmail -t -oi (NOT FOUND)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("\"sendmail\" is not on PATH"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("The mailbox is not ready"),
        "{}",
        run.stderr
    );
    sb.make_folders(&["Trash"]);
    let run = sb.run(&["config", "check"]);
    run.expect_code(
        0,
        "config check with every folder, without sendmail: a warning",
    );
    assert!(
        run.stderr.contains("warning: \"sendmail\" is not on PATH"),
        "{}",
        run.stderr
    );
    let fake = sb.install_fake_sendmail();
    let run = sb.run(&["config", "check"]);
    run.expect_code(0, "config check with every folder and a sendmail");
    assert!(
        run.stdout
            .contains(&format!("sendmail: sendmail -t -oi ({})", fake.display())),
        "{}",
        run.stdout
    );
}
