//! Nothing hangs, nothing kills us: the real binary against a sendmail that never returns,
//! one that echoes a 1 MB forward to stderr, one that exits without reading, an SMTP server
//! on loopback that answers one byte every 2 s, and FIFOs in the inbox. Every run has a
//! hard wall-clock limit: the test kills the binary and fails when it is exceeded.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{ConfigText, Generated, Kind, Run, Sandbox, assert_forwards_failed, messages};

/// Runs `cmd` to its end, or kills it at `limit` and fails the test.
fn run_within(cmd: &mut Command, limit: Duration, what: &str) -> (Run, Duration) {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Read the pipes aside so that a chatty child cannot block on them.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut v);
        v
    });
    loop {
        if let Some(status) = child.try_wait().expect("wait for the binary") {
            let elapsed = start.elapsed();
            eprintln!("{what}: ended after {elapsed:?}");
            let stdout = out_reader.join().expect("stdout reader");
            let stderr = err_reader.join().expect("stderr reader");
            let run = Run::from_output(std::process::Output {
                status,
                stdout,
                stderr,
            });
            return (run, elapsed);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// One forward case and one archive case in the inbox; the forward's body padded to
/// `size` bytes when given.
fn mailbox(sb: &Sandbox, size: Option<usize>) -> Vec<Generated> {
    let mut generated =
        support::generate(2, |i| if i == 1 { Kind::Forward } else { Kind::Archive });
    if let Some(size) = size {
        let m = &mut generated[0];
        let line = b"Utfyllende tekst for en stor melding, linje for linje.\n";
        while m.bytes.len() < size {
            m.bytes.extend_from_slice(line);
        }
    }
    support::write_inbox(sb, &generated);
    generated
}

/// The configuration with `sendmail_command` and, if given, `forward.timeout_seconds`.
fn config(sb: &Sandbox, argv: &[&str], timeout: Option<u64>) -> ConfigText {
    // The 1 MB forwards below are larger than any real notification: let them be listed.
    let c = ConfigText::for_sandbox(sb)
        .sendmail_command(argv)
        .set("max_notification_kib = 1024", "max_notification_kib = 4096");
    match timeout {
        Some(t) => c.set("timeout_seconds = ", &format!("timeout_seconds = {t}")),
        None => c,
    }
}

/// True while a process with this pid exists and is not a zombie.
fn alive(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

fn read_pid(path: &Path) -> i32 {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .trim()
        .parse()
        .expect("a pid")
}

#[test]
fn a_sendmail_that_never_returns_is_stopped_at_the_deadline_with_everything_it_started() {
    let sb = Sandbox::new();
    // The shell records its own pid and its sleeping child's, then waits for good.
    let script = "echo $$ > \"$FAKE_SENDMAIL_DIR/sh.pid\"; sleep 600 & echo $! > \"$FAKE_SENDMAIL_DIR/sleep.pid\"; wait";
    sb.write_config(&config(&sb, &["sh", "-c", script], Some(2)));
    let generated = mailbox(&sb, None);
    let (run, elapsed) = run_within(
        &mut sb.command(&["apply", "--yes"]),
        Duration::from_secs(20),
        "apply --yes with a hung sendmail",
    );
    run.expect_code(1, "apply --yes with a hung sendmail");
    assert!(
        elapsed < Duration::from_secs(2 + 8),
        "stopped within the deadline and a margin: {elapsed:?}"
    );
    assert!(
        elapsed >= Duration::from_secs(2),
        "it waited for the deadline: {elapsed:?}"
    );
    assert!(
        run.stderr.contains("did not finish within 2 s"),
        "{}",
        run.stderr
    );
    assert_forwards_failed(&sb, &generated, "did not finish within 2 s");
    for name in ["sh.pid", "sleep.pid"] {
        let pid = read_pid(&sb.sent_dir().join(name));
        let gone_by = Instant::now() + Duration::from_secs(5);
        while alive(pid) && Instant::now() < gone_by {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(!alive(pid), "{name} {pid} is still running");
    }
    // A sendmail stopped at its deadline may have queued the forward before it hung: the
    // next run does not send it again on its own; it asks, and `--resend` sends it.
    let fake = sb.install_fake_sendmail();
    sb.write_config(&config(
        &sb,
        &[fake.to_str().expect("a UTF-8 path"), "-t", "-oi"],
        None,
    ));
    let again = sb.run(&["apply", "--yes"]);
    again.expect_code(1, "apply --yes after a forward that timed out");
    assert!(
        again.stderr.contains("refused") && again.stderr.contains("may have been sent"),
        "{}",
        again.stderr
    );
    assert!(sb.sent().is_empty(), "not sent again on its own");
    sb.run(&["apply", "--yes", "--resend"])
        .expect_code(0, "apply --yes --resend");
    assert_eq!(sb.sent().len(), 1, "sent when the clerk asked");
}

#[test]
fn a_sendmail_echoing_a_1_mb_forward_to_stderr_does_not_deadlock() {
    let sb = Sandbox::new();
    // Like `msmtp -d`: everything read goes to stderr while it is being read.
    let script = "tee \"$FAKE_SENDMAIL_DIR/got.eml\" >&2";
    sb.write_config(&config(&sb, &["sh", "-c", script], None));
    let generated = mailbox(&sb, Some(1 << 20));
    let (run, _) = run_within(
        &mut sb.command(&["apply", "--yes"]),
        Duration::from_secs(60),
        "apply --yes with a stderr-echoing sendmail",
    );
    run.expect_code(0, "apply --yes with a stderr-echoing sendmail");
    let got = std::fs::read(sb.sent_dir().join("got.eml")).expect("the forward was received");
    let original = support::attached_original(&got).expect("the original is attached");
    assert_eq!(original, generated[0].bytes, "the 1 MB original, whole");
    let after = messages(&sb.mail());
    for m in &generated {
        assert_eq!(after.get(&m.target_rel()), Some(&m.bytes), "{:?}", m.kind);
    }
}

#[test]
fn a_sendmail_that_exits_without_reading_is_a_failed_send_not_a_dead_process() {
    let sb = Sandbox::new();
    sb.write_config(&config(&sb, &["sh", "-c", "exit 0"], None));
    let generated = mailbox(&sb, Some(1 << 20));
    let (run, _) = run_within(
        &mut sb.command(&["apply", "--yes"]),
        Duration::from_secs(30),
        "apply --yes with a sendmail that reads nothing",
    );
    assert_ne!(run.code, None, "killed by a signal (SIGPIPE?): {run:?}");
    run.expect_code(1, "apply --yes with a sendmail that reads nothing");
    assert!(
        run.stderr.contains("did not take the whole message"),
        "{}",
        run.stderr
    );
    assert_forwards_failed(
        &sb,
        &generated,
        "did not take the whole message (broken pipe)",
    );
}

/// An SMTP server on loopback that accepts connections and answers each one byte every
/// two seconds, until the client goes away or the test ends.
struct DrippingServer {
    port: u16,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<usize>>,
}

impl DrippingServer {
    fn start() -> DrippingServer {
        use std::sync::atomic::{AtomicBool, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("non-blocking");
        let port = listener.local_addr().expect("address").port();
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let stop2 = stop.clone();
        let thread = std::thread::spawn(move || {
            let greeting = b"220 drip.example.test ESMTP slowly\r\n";
            let mut served = 0;
            let mut clients: Vec<(std::net::TcpStream, usize)> = Vec::new();
            let mut last = Instant::now();
            while !stop2.load(Ordering::Relaxed) {
                if let Ok((c, _)) = listener.accept() {
                    served += 1;
                    clients.push((c, 0));
                }
                if last.elapsed() >= Duration::from_secs(2) {
                    last = Instant::now();
                    clients.retain_mut(|(c, sent)| {
                        let byte = greeting[*sent % greeting.len()];
                        *sent += 1;
                        c.write_all(&[byte]).is_ok()
                    });
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            served
        });
        DrippingServer {
            port,
            stop,
            thread: Some(thread),
        }
    }

    /// Stops the server; how many connections it served.
    fn stop(mut self) -> usize {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.take().map_or(0, |t| t.join().expect("server"))
    }
}

impl Drop for DrippingServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

#[test]
fn an_smtp_server_answering_a_byte_every_two_seconds_is_given_up_at_the_deadline() {
    let server = DrippingServer::start();
    let sb = Sandbox::new();
    sb.write_config(&ConfigText::for_sandbox(&sb).smtp(
        "127.0.0.1",
        server.port,
        &["security = \"none\"", "timeout_seconds = 5"],
    ));
    let generated = mailbox(&sb, None);
    let (run, elapsed) = run_within(
        &mut sb.command(&["apply", "--yes"]),
        Duration::from_secs(30),
        "apply --yes against a dripping SMTP server",
    );
    assert!(server.stop() >= 1, "the binary connected to the server");
    run.expect_code(1, "apply --yes against a dripping SMTP server");
    assert!(
        elapsed < Duration::from_secs(5 + 5),
        "the whole exchange is bounded by timeout_seconds = 5: {elapsed:?}"
    );
    let why = "the SMTP server did not answer within 5 s";
    assert!(run.stderr.contains(why), "{}", run.stderr);
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    assert_forwards_failed(&sb, &generated, why);
}

/// Makes a FIFO at `path`.
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("no NUL");
    // SAFETY: a valid NUL-terminated path.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo {}", path.display());
}

#[test]
fn fifos_in_the_inbox_block_neither_scan_nor_apply_nor_explain() {
    let sb = Sandbox::new();
    sb.write_config(&ConfigText::for_sandbox(&sb).transport("maildir"));
    sb.install_fake_sendmail();
    let generated = mailbox(&sb, None);
    let fifos = [
        sb.folder("INBOX").join("cur/1800000099.1_1.fifo,U=99:2,S"),
        sb.folder("INBOX").join("new/1800000098.1_1.fifo,U=98"),
    ];
    for f in &fifos {
        mkfifo(f);
    }
    let limit = Duration::from_secs(20);
    let (scan, _) = run_within(&mut sb.command(&["scan"]), limit, "scan with FIFOs");
    scan.expect_code(0, "scan with FIFOs");
    for f in &fifos {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            scan.stderr
                .lines()
                .any(|l| l.contains(&name) && l.contains("not a regular file")),
            "scan names the FIFO {name}:\n{}",
            scan.stderr
        );
    }
    let explain_args: Vec<&str> = std::iter::once("explain")
        .chain(fifos.iter().map(|f| f.to_str().unwrap()))
        .collect();
    let (explain, _) = run_within(&mut sb.command(&explain_args), limit, "explain of FIFOs");
    assert!(
        explain.stdout.contains("not a regular file")
            || explain.stderr.contains("not a regular file"),
        "explain says what the FIFO is:\n{}\n{}",
        explain.stdout,
        explain.stderr
    );
    let (apply, _) = run_within(
        &mut sb.command(&["apply", "--yes"]),
        limit,
        "apply --yes with FIFOs",
    );
    apply.expect_code(0, "apply --yes with FIFOs");
    for f in &fifos {
        let meta = std::fs::symlink_metadata(f).expect("the FIFO is left where it was");
        assert!(std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()));
        // `messages` reads every file: the FIFOs go before it looks
        std::fs::remove_file(f).expect("remove the FIFO");
    }
    let after = messages(&sb.mail());
    for m in &generated {
        assert_eq!(after.get(&m.target_rel()), Some(&m.bytes), "{:?}", m.kind);
    }
}

#[test]
fn a_closed_stdout_still_ends_the_process_quietly_like_sigpipe_did() {
    use std::os::unix::process::ExitStatusExt;
    let sb = Sandbox::new();
    sb.write_config(&ConfigText::for_sandbox(&sb));
    mailbox(&sb, None);
    for args in [&["config", "check"][..], &["scan"][..]] {
        let mut child = sb
            .command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        drop(child.stdout.take()); // `... | head -0`: the reader is gone before any output
        let out = child.wait_with_output().expect("the binary ends");
        assert!(
            out.status.signal() == Some(libc::SIGPIPE) || out.status.code() == Some(0),
            "{args:?} ends as by SIGPIPE (or on its own, for scan): {:?}",
            out.status
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{args:?}: no panic message"
        );
    }
}
