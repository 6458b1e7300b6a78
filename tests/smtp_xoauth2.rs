//! Forwards over SMTP with OAuth2 (SASL XOAUTH2, as Exchange Online requires) against a
//! real SMTP server on loopback (aiosmtpd, `tests/support/smtp_sink.py` in its XOAUTH2
//! mode) that checks the SASL exchange: the token comes from `token_command`, is sent as
//! the server expects, and is never written to the journal or the output; a failing token
//! command sends nothing and leaves the original where it was.

mod support;

use std::path::{Path, PathBuf};
use support::smtp::SmtpSink;
use support::{ConfigText, Generated, Kind, Sandbox, messages};

const USER: &str = "dokumentsenteret@sandnes.kommune.no";
const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJub25jZSI6InRlc3QifQ.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl";

/// A token helper in the sandbox's bin/: prints `stdout`, writes `stderr`, exits `code`.
fn token_helper(sb: &Sandbox, name: &str, stdout: &str, stderr: &str, code: i32) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = sb.bin_dir().join(name);
    std::fs::create_dir_all(sb.bin_dir()).unwrap();
    std::fs::write(
        &path,
        format!("#!/bin/sh\nprintf '%s' '{stdout}'\nprintf '%s\\n' '{stderr}' >&2\nexit {code}\n"),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn xoauth2_config(sb: &Sandbox, port: u16, helper: &Path) -> ConfigText {
    ConfigText::for_sandbox(sb).smtp(
        "127.0.0.1",
        port,
        &[
            "security = \"none\"",
            "timeout_seconds = 10",
            &format!("username = \"{USER}\""),
            "auth = \"xoauth2\"",
            &format!(
                "token_command = [{}, \"access\"]",
                support::toml_path(helper)
            ),
        ],
    )
}

fn forward_mailbox(sb: &Sandbox) -> Vec<Generated> {
    let generated = support::generate(2, |_| Kind::Forward);
    support::write_inbox(sb, &generated);
    generated
}

/// Nothing was sent: every forward case is still in the inbox, unchanged.
fn assert_originals_untouched(sb: &Sandbox, generated: &[Generated]) {
    let after = messages(&sb.mail());
    for m in generated {
        assert_eq!(
            after.get(&m.inbox_rel()),
            Some(&m.bytes),
            "original untouched"
        );
    }
}

#[test]
#[ignore = "needs Python's aiosmtpd (a real SMTP server on loopback); .ci/run installs it and runs it"]
fn xoauth2_sends_the_token_the_helper_prints_and_never_records_it() {
    let sb = Sandbox::new();
    let sink = SmtpSink::start(&sb.root.join("smtp-received"), Some((USER, TOKEN)));
    let helper = token_helper(&sb, "token-helper", &format!("{TOKEN}\n"), "", 0);
    sb.write_config(&xoauth2_config(&sb, sink.port, &helper));
    let generated = forward_mailbox(&sb);
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(0, "apply --yes over SMTP with XOAUTH2");
    assert_eq!(
        sink.received_count(),
        generated.len(),
        "one message per forward"
    );
    let expected = format!("user={USER}\x01auth=Bearer {TOKEN}\x01\x01");
    assert!(!sink.sasl().is_empty());
    assert!(
        sink.sasl().iter().all(|s| *s == expected),
        "{:?}",
        sink.sasl()
    );
    // The token appears nowhere the tool writes.
    let journal = std::fs::read_to_string(sb.journal_path()).unwrap();
    for (what, text) in [
        ("journal", journal.as_str()),
        ("stdout", run.stdout.as_str()),
        ("stderr", run.stderr.as_str()),
    ] {
        assert!(
            !text.contains("c2VjcmV0LXRva2Vu"),
            "the token is in the {what}"
        );
    }
    let after = messages(&sb.mail());
    for m in &generated {
        assert!(!after.contains_key(&m.inbox_rel()), "forwarded and moved");
    }
}

#[test]
#[ignore = "needs Python's aiosmtpd (a real SMTP server on loopback); .ci/run installs it and runs it"]
fn a_failing_token_command_sends_nothing_and_says_why() {
    let sb = Sandbox::new();
    let sink = SmtpSink::start(&sb.root.join("smtp-received"), Some((USER, TOKEN)));
    let helper = token_helper(
        &sb,
        "token-helper",
        "",
        "oama: the refresh token has expired; run oama authorize",
        1,
    );
    sb.write_config(&xoauth2_config(&sb, sink.port, &helper));
    let generated = forward_mailbox(&sb);
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(1, "apply --yes with a failing token command");
    assert!(
        run.stderr.contains("token_command")
            && run.stderr.contains("the refresh token has expired")
            && run.stderr.contains("nothing was sent"),
        "{}",
        run.stderr
    );
    assert_eq!(sink.received_count(), 0);
    assert!(sink.sasl().is_empty(), "no login was even tried");
    assert_originals_untouched(&sb, &generated);

    // A wrong token: the server refuses the login, nothing is sent.
    let wrong = token_helper(&sb, "wrong-helper", "not-the-token\n", "", 0);
    sb.write_config(&xoauth2_config(&sb, sink.port, &wrong));
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(1, "apply --yes with a refused token");
    assert!(run.stderr.contains("535"), "{}", run.stderr);
    assert_eq!(sink.received_count(), 0);
    assert_originals_untouched(&sb, &generated);
}

#[test]
#[ignore = "needs Python's aiosmtpd (a real SMTP server on loopback); .ci/run installs it and runs it"]
fn xoauth2_without_a_token_command_is_a_configuration_error() {
    let sb = Sandbox::new();
    let text = ConfigText::for_sandbox(&sb).smtp(
        "127.0.0.1",
        25,
        &[
            "security = \"none\"",
            &format!("username = \"{USER}\""),
            "auth = \"xoauth2\"",
        ],
    );
    sb.write_config(&text);
    let run = sb.run(&["config", "check"]);
    run.expect_code(2, "config check without token_command");
    assert!(run.stderr.contains("token_command"), "{}", run.stderr);
}
