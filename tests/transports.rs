//! Forwarding through the real binary: a sendmail-compatible program on PATH (received,
//! failing, missing) and SMTP against a real SMTP server on loopback (aiosmtpd, started by
//! the test from `tests/support/smtp_sink.py`): what arrives, and that a failed send
//! leaves the original in the inbox, journals the error and exits 1.

mod support;

use std::path::{Path, PathBuf};
use support::smtp::SmtpSink;
use support::{
    CLERK, ConfigText, Generated, Kind, PAYROLL, Sandbox, assert_forwards_failed,
    attached_original, crlf_to_lf, decoded_subject, header, messages,
};

/// Two forward cases and one archive case, written to the inbox.
fn forward_mailbox(sb: &Sandbox) -> Vec<Generated> {
    let generated = support::generate(3, |i| if i == 2 { Kind::Archive } else { Kind::Forward });
    support::write_inbox(sb, &generated);
    generated
}

#[test]
fn a_failing_sendmail_is_reported_with_its_stderr_and_can_be_retried() {
    let sb = Sandbox::new();
    sb.install_fake_sendmail();
    sb.write_config(&ConfigText::for_sandbox(&sb));
    let generated = forward_mailbox(&sb);
    let complaint =
        "sendmail: cannot connect to smtp.sandnes.kommune.no: Connection refused (test)";
    let run = support::Run::from_output(
        sb.command(&["apply", "--yes"])
            .env("FAKE_SENDMAIL_FAIL", complaint)
            .output()
            .expect("run"),
    );
    run.expect_code(1, "apply --yes with a failing sendmail");
    assert!(
        run.stderr.contains(complaint),
        "stderr quotes sendmail's own message:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("75"),
        "and its exit code:\n{}",
        run.stderr
    );
    assert!(run.stdout.contains("failed 2"), "{}", run.stdout);
    assert_forwards_failed(&sb, &generated, complaint);
    assert!(sb.sent().is_empty());

    // The same command again once sendmail works: the forwards go out.
    sb.run(&["apply", "--yes"]).expect_code(0, "the retry");
    let sent = sb.sent();
    assert_eq!(sent.len(), 2);
    let after = messages(&sb.mail());
    for m in &generated {
        assert_eq!(
            after.get(&m.target_rel()).map(Vec::as_slice),
            Some(m.bytes.as_slice())
        );
        if m.kind == Kind::Forward {
            assert!(
                sent.iter()
                    .any(|s| attached_original(&s.message).as_deref() == Some(&m.bytes[..]))
            );
            let es = sb.journal();
            let mine = es.for_id(m.unique());
            assert_eq!(
                mine.iter()
                    .map(|e| e["result"].as_str().unwrap())
                    .collect::<Vec<_>>(),
                ["error", "ok"]
            );
        }
    }
}

#[test]
fn a_missing_sendmail_program_is_named() {
    let sb = Sandbox::new();
    let program = "altinn-sweep-test-no-such-sendmail";
    sb.write_config(&ConfigText::for_sandbox(&sb).sendmail_command(&[program, "-t", "-oi"]));
    let generated = forward_mailbox(&sb);
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(1, "apply --yes with a missing sendmail");
    assert!(
        run.stderr.contains(program) && run.stderr.contains("not found"),
        "the error names the program:\n{}",
        run.stderr
    );
    assert_forwards_failed(&sb, &generated, program);

    // An absolute path that does not exist: named too.
    let absolute = sb.root.join("nowhere/sendmail");
    let absolute = absolute.to_str().unwrap();
    sb.write_config(&ConfigText::for_sandbox(&sb).sendmail_command(&[absolute, "-t"]));
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(1, "apply --yes with a sendmail path that does not exist");
    assert!(run.stderr.contains(absolute), "{}", run.stderr);
}

#[test]
fn sendmail_command_from_the_config_gets_its_own_arguments() {
    let sb = Sandbox::new();
    let fake = sb.install_fake_sendmail();
    let moved = sb.root.join("msmtp-like");
    std::fs::rename(&fake, &moved).expect("move the fake out of PATH");
    sb.write_config(&ConfigText::for_sandbox(&sb).sendmail_command(&[
        moved.to_str().unwrap(),
        "-t",
        "-oi",
        "--account=altinn",
    ]));
    let generated = forward_mailbox(&sb);
    sb.run(&["apply", "--yes"]).expect_code(0, "apply --yes");
    let sent = sb.sent();
    assert_eq!(sent.len(), 2);
    for s in &sent {
        assert_eq!(s.args, ["-t", "-oi", "--account=altinn"]);
    }
    for m in generated.iter().filter(|m| m.kind == Kind::Forward) {
        assert!(
            sent.iter()
                .any(|s| attached_original(&s.message).as_deref() == Some(&m.bytes[..]))
        );
    }
}

// --- SMTP ---------------------------------------------------------------------------------

fn smtp_config(sb: &Sandbox, port: u16) -> ConfigText {
    ConfigText::for_sandbox(sb).smtp(
        "127.0.0.1",
        port,
        &["security = \"none\"", "timeout_seconds = 10"],
    )
}

/// The demo's forward case (ISO-8859-1, Q-encoded subject) and the variants corpus's
/// (CRLF line ends, base64) besides generated ones: originals of both line-end styles.
fn smtp_mailbox(sb: &Sandbox) -> Vec<(PathBuf, Vec<u8>)> {
    let generated = forward_mailbox(sb);
    let mut forwards: Vec<(PathBuf, Vec<u8>)> = generated
        .iter()
        .filter(|m| m.kind == Kind::Forward)
        .map(|m| (m.inbox_rel(), m.bytes.clone()))
        .collect();
    let root = support::manifest_dir();
    for (from, name) in [
        (
            "assets/demo/Mail/INBOX/new/1795416455.40391_3.mailhost,U=1219",
            "INBOX/new/1795416455.40391_3.mailhost,U=1219",
        ),
        (
            "tests/fixtures/variants/022-nav-old-ikke-sendt.eml",
            "INBOX/cur/1801000022.1_1.variants,U=22:2,S",
        ),
    ] {
        let bytes = std::fs::read(root.join(from)).expect("read a forward case");
        std::fs::write(sb.mail().join(name), &bytes).expect("write it");
        forwards.push((PathBuf::from(name), bytes));
    }
    forwards
}

#[test]
#[ignore = "needs python3 with aiosmtpd (a real SMTP server on loopback); .ci/run installs it and runs it"]
fn smtp_forward_arrives_with_to_subject_and_the_original_attached() {
    let sb = Sandbox::new();
    let sink = SmtpSink::start(&sb.root.join("smtp-received"), None);
    sb.write_config(&smtp_config(&sb, sink.port));
    let forwards = smtp_mailbox(&sb);
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(0, "apply --yes over SMTP");
    assert!(
        run.stdout.contains(&format!("forward {}", forwards.len())),
        "{}",
        run.stdout
    );

    let received = sink.received();
    assert_eq!(
        received.len(),
        forwards.len(),
        "one SMTP message per forward"
    );
    for (rel, original) in &forwards {
        // SMTP carries every line as CRLF, so the message as received has CRLF where the
        // forward (and maybe the original) had LF: compare with CRLF → LF on both sides.
        let (envelope, raw) = received
            .iter()
            .find(|(_, raw)| {
                attached_original(&crlf_to_lf(raw)).as_deref() == Some(&crlf_to_lf(original)[..])
            })
            .unwrap_or_else(|| {
                panic!(
                    "no SMTP message carries {} as message/rfc822",
                    rel.display()
                )
            });
        assert!(raw.windows(2).any(|w| w == b"\r\n"));
        let msg = crlf_to_lf(raw);
        assert_eq!(envelope["rcpt_tos"], serde_json::json!([PAYROLL]));
        assert_eq!(envelope["mail_from"], CLERK);
        assert_eq!(header(&msg, "To").as_deref(), Some(PAYROLL));
        assert_eq!(header(&msg, "From").as_deref(), Some(CLERK));
        let subject = decoded_subject(original).expect("the original's subject");
        assert_eq!(decoded_subject(&msg), Some(format!("VS: {subject}")));
        // Moved to Trash with the P flag; the journal says it went by SMTP.
        let name = rel.file_name().unwrap().to_str().unwrap();
        let sub = rel.parent().unwrap().file_name().unwrap();
        let target = Path::new("Trash")
            .join(sub)
            .join(support::name_in_other_folder(name, Some('P')));
        assert_eq!(
            std::fs::read(sb.mail().join(&target)).ok().as_deref(),
            Some(&original[..]),
            "{}",
            target.display()
        );
        let unique = name.split(":2,").next().unwrap();
        let j = sb.journal();
        let e = j.for_id(unique);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0]["result"], "ok");
        assert_eq!(e[0]["transport"], "smtp");
        assert_eq!(e[0]["forward_to"], PAYROLL);
    }
}

#[test]
#[ignore = "needs python3 with aiosmtpd (a real SMTP server on loopback); .ci/run installs it and runs it"]
fn smtp_recipient_rejected_leaves_the_original_in_the_inbox() {
    let sb = Sandbox::new();
    let sink = SmtpSink::start(&sb.root.join("smtp-received"), None);
    let rejected = "reject@sandnes.kommune.no";
    sb.write_config(&smtp_config(&sb, sink.port).replace_text(PAYROLL, rejected));
    let generated = forward_mailbox(&sb);
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(1, "apply --yes with the recipient rejected");
    assert!(
        run.stderr.contains("550") && run.stderr.contains("Recipient address rejected"),
        "stderr gives the server's answer:\n{}",
        run.stderr
    );
    assert!(sink.received().is_empty());
    assert_forwards_failed(&sb, &generated, "550");
}

#[test]
fn smtp_server_down_leaves_the_original_in_the_inbox() {
    // No server needed: nothing listens on the port.
    // A port that was free a moment ago and has no listener now.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let sb = Sandbox::new();
    sb.write_config(&smtp_config(&sb, port));
    let generated = forward_mailbox(&sb);
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(1, "apply --yes with the SMTP server down");
    let server = format!("127.0.0.1:{port}");
    assert!(
        run.stderr.contains(&server) && run.stderr.to_lowercase().contains("refused"),
        "stderr names the server and the refusal:\n{}",
        run.stderr
    );
    assert_forwards_failed(&sb, &generated, &server);
}
