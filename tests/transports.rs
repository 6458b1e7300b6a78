//! Forwarding through the real binary: a sendmail-compatible program on PATH (received,
//! failing, missing) and SMTP against a real SMTP server on loopback (aiosmtpd, started by
//! the test from `tests/support/smtp_sink.py`): what arrives, and that a failed send
//! leaves the original in the inbox, journals the error and exits 1.

mod support;

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use support::{
    CLERK, ConfigText, Generated, Kind, PAYROLL, Sandbox, attached_original, crlf_to_lf,
    decoded_subject, header, messages,
};

/// Two forward cases and one archive case, written to the inbox.
fn forward_mailbox(sb: &Sandbox) -> Vec<Generated> {
    let generated = support::generate(3, |i| if i == 2 { Kind::Archive } else { Kind::Forward });
    support::write_inbox(sb, &generated);
    generated
}

/// Each forward case is still in the inbox, unchanged, and has one `error` entry saying
/// `why`; the archive case was still done.
fn assert_forwards_failed(sb: &Sandbox, generated: &[Generated], why: &str) {
    let after = messages(&sb.mail());
    let journal = sb.journal();
    for m in generated {
        let want = if m.kind == Kind::Forward {
            m.inbox_rel()
        } else {
            m.target_rel()
        };
        assert!(
            after.get(&want) == Some(&m.bytes),
            "{:?} {} must be at {} (a failed forward stays in the inbox), unchanged",
            m.kind,
            m.file_name,
            want.display()
        );
        if m.kind == Kind::Forward {
            let es = journal.for_id(m.unique());
            assert_eq!(es.len(), 1, "{es:?}");
            let e = es[0];
            assert_eq!(e["result"], "error");
            assert_eq!(e["action"], "forward");
            assert_eq!(e["to_path"], Value::Null, "nothing moved");
            let err = e["error"].as_str().unwrap_or("");
            assert!(err.contains(why), "journaled error {err:?} names {why:?}");
        }
    }
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

/// A Python that has aiosmtpd: `ALTINN_SWEEP_TEST_PYTHON`, `python3` on PATH (pyenv's on
/// the CI machine, where `.ci/run` pip-installs aiosmtpd), or Debian's `/usr/bin/python3`
/// (python3-aiosmtpd).
fn python_with_aiosmtpd() -> Option<String> {
    let mut candidates: Vec<String> = std::env::var("ALTINN_SWEEP_TEST_PYTHON")
        .into_iter()
        .collect();
    candidates.extend([
        "python3".into(),
        "/usr/bin/python3".into(),
        "/usr/local/bin/python3".into(),
    ]);
    candidates.into_iter().find(|py| {
        Command::new(py)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// The Python for the SMTP tests (ignored by default): asked to run, they fail, never
/// pass, without one.
fn smtp_python() -> String {
    python_with_aiosmtpd().unwrap_or_else(|| {
        panic!(
            "this test needs a python3 with aiosmtpd (`python3 -m pip install aiosmtpd` or \
             `apt-get install python3-aiosmtpd`; .ci/run installs it)"
        )
    })
}

/// The SMTP server of `smtp_sink.py`, stopped (stdin closed, then killed) when dropped.
struct SmtpSink {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl SmtpSink {
    fn start(python: &str, dir: &Path) -> SmtpSink {
        std::fs::create_dir_all(dir).expect("the sink's folder");
        let script = support::manifest_dir().join("tests/support/smtp_sink.py");
        let mut child = Command::new(python)
            .arg(&script)
            .arg(dir)
            .arg("120")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP sink");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("read the port");
        let port = first
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("the SMTP sink did not start: {first:?}")
            });
        SmtpSink {
            child,
            port,
            dir: dir.to_path_buf(),
        }
    }

    /// Received messages: (envelope JSON, message bytes as received), in order.
    fn received(&self) -> Vec<(Value, Vec<u8>)> {
        support::eml_files(&self.dir)
            .into_iter()
            .map(|p| {
                let env = std::fs::read_to_string(p.with_extension("json")).expect("envelope");
                (
                    serde_json::from_str(&env).expect("envelope JSON"),
                    std::fs::read(&p).expect("message"),
                )
            })
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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
    let py = smtp_python();
    let sb = Sandbox::new();
    let sink = SmtpSink::start(&py, &sb.root.join("smtp-received"));
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
    let py = smtp_python();
    let sb = Sandbox::new();
    let sink = SmtpSink::start(&py, &sb.root.join("smtp-received"));
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
