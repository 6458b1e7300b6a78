//! End to end: the real binary in a pseudo-terminal (portable-pty), its output fed to a
//! vt100 screen parser, on a fresh copy of the demo mailbox: carry out a suggestion,
//! override one, forward (to the demo's Outbox), answer a confirmation both ways, undo,
//! register the daily check, see new mail arrive, apply all, skip, quit — asserting what
//! the screen says, where the files are, and what the journal (the demo's own, in its
//! temp dir) says about them. SIGTERM and SIGHUP restore the terminal too.
//!
//! `measure_first_frame_and_key_latency` (ignored) prints timings on a big mailbox:
//! `ALTINN_TUI_BENCH_ROOT=target/bench-mail/100000 cargo test --release --test tui_pty -- --ignored --nocapture`

use altinn_sweep::journal::{Entry, Journal};
use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_altinn-sweep");
const WAIT: Duration = Duration::from_secs(30);

/// The binary running in a pseudo-terminal, and the screen it draws.
struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Bytes received so far (to know when a redraw happened).
    received: Arc<Mutex<usize>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
}

impl Tui {
    fn spawn(args: &[&str], env: &[(&str, &Path)], locale: &str, size: (u16, u16)) -> Tui {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: size.1,
                cols: size.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.env_clear();
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.env("LANG", locale);
        cmd.env("TERM", "xterm-256color");
        cmd.env("USER", "kari");
        if let Some((_, home)) = env.iter().find(|(k, _)| *k == "HOME") {
            cmd.cwd(home);
        }
        let child = pty.slave.spawn_command(cmd).expect("the binary starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let writer = pty.master.take_writer().expect("a writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(size.1).unwrap(),
            NonZeroU16::new(size.0).unwrap(),
            0,
        )));
        let received = Arc::new(Mutex::new(0));
        let (p, r) = (parser.clone(), received.clone());
        std::thread::spawn(move || {
            let _master = pty.master; // keep the master open while reading
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        p.lock().unwrap().process(&buf[..n]);
                        *r.lock().unwrap() += n;
                    }
                }
            }
        });
        Tui {
            parser,
            received,
            writer,
            child,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; fails with the screen when it does not.
    fn wait_for(&self, text: &str) -> String {
        self.wait_for_all(&[text])
    }

    /// Waits until the screen shows every one of `texts` at once (a frame may arrive in
    /// pieces); fails with the screen when it does not.
    fn wait_for_all(&self, texts: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if texts.iter().all(|t| screen.contains(t)) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("the screen never showed all of {texts:?}; it shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Esc alone: the terminal must not see it as the start of an escape sequence.
    fn escape(&mut self) {
        std::thread::sleep(Duration::from_millis(60));
        self.send("\x1b");
        std::thread::sleep(Duration::from_millis(120));
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            if start.elapsed() > WAIT {
                let _ = self.child.kill();
                panic!("the TUI did not quit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

/// HOME, XDG folders and TMPDIR inside `dir`, so nothing reaches the user's own.
fn sandbox_env(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let env = vec![
        ("HOME", dir.join("home")),
        ("XDG_CONFIG_HOME", dir.join("xdg-config")),
        ("XDG_DATA_HOME", dir.join("xdg-data")),
        ("TMPDIR", dir.join("tmp")),
    ];
    for (_, p) in &env {
        std::fs::create_dir_all(p).expect("sandbox folders");
    }
    env
}

/// The names in a folder, without dot-files (`.gitkeep`, mbsync's `.uidvalidity`).
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn count_messages(folder: &Path) -> usize {
    files(&folder.join("new")).len() + files(&folder.join("cur")).len()
}

/// Every entry of the journal in `data_dir`; a damaged line fails the test.
fn journal(data_dir: &Path) -> Vec<Entry> {
    let (entries, bad) = Journal::in_dir(data_dir).read().expect("the journal reads");
    assert!(bad.is_empty(), "damaged journal lines: {bad:?}");
    entries
}

/// The newest journal entry, once there are `n` (the TUI journals before it redraws, but
/// the test may look before the redraw it waited for is complete).
fn nth_entry(data_dir: &Path, n: usize) -> Entry {
    let start = Instant::now();
    loop {
        let entries = journal(data_dir);
        if entries.len() >= n {
            assert_eq!(
                entries.len(),
                n,
                "one journal entry per action: {entries:#?}"
            );
            return entries[n - 1].clone();
        }
        if start.elapsed() > WAIT {
            panic!("the journal has {} entries, not {n}", entries.len());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn path(p: &Option<String>) -> PathBuf {
    PathBuf::from(p.as_deref().expect("a path in the journal entry"))
}

#[test]
fn demo_sweep_in_a_pseudo_terminal() {
    let sandbox = tempfile::tempdir().expect("a temp dir");
    let env = sandbox_env(sandbox.path());
    let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let mut tui = Tui::spawn(&["demo", "--keep"], &env_ref, "nb_NO.UTF-8", (80, 24));

    tui.wait_for_all(&[
        "Lest: 25 Altinn-varsler blant 30 meldinger",
        "demo: videresendinger skrives til Outbox, ingenting sendes",
        "Kø 25",
        "✗ Altinn-innboksen ikke sjekket (c)",
        "Enter utfør", // key hints in the footer
    ]);

    let demo = files(&sandbox.path().join("tmp"))
        .into_iter()
        .find(|n| n.starts_with("altinn-sweep-demo-"))
        .expect("the demo copied its mailbox into TMPDIR");
    let demo = sandbox.path().join("tmp").join(demo);
    let mail = demo.join("Mail");
    let inbox = mail.join("INBOX");
    let data = demo.join("data"); // the demo's own journal
    assert_eq!(count_messages(&inbox), 31);

    // 1. Enter carries out the suggestion (archive); the U= tag is dropped, flags kept
    tui.send("\r");
    tui.wait_for("Arkivert: «En melding har blitt mottatt i Altinn»");
    assert_eq!(
        files(&mail.join("Altinn/cur")),
        ["1794812539.40272_1.mailhost:2,S"]
    );
    assert!(
        !inbox
            .join("cur/1794812539.40272_1.mailhost,U=1201:2,S")
            .exists()
    );
    let e = nth_entry(&data, 1);
    assert_eq!(
        (e.action.as_str(), e.suggested.as_deref(), e.result.as_str()),
        ("archive", Some("archive"), "ok")
    );
    assert_eq!(e.user, "kari");
    assert_eq!(
        path(&e.from_path),
        inbox.join("cur/1794812539.40272_1.mailhost,U=1201:2,S")
    );
    assert_eq!(
        path(&e.to_path),
        mail.join("Altinn/cur/1794812539.40272_1.mailhost:2,S")
    );
    tui.wait_for("Kø 24");

    // 2. override: the next one suggests archive, the clerk deletes it
    tui.wait_for("A message has been received in Altinn");
    tui.send("d");
    tui.wait_for("Slettet (flyttet til papirkurven): «A message has been received");
    assert_eq!(
        files(&mail.join("Trash/cur")),
        ["1794816912.40272_3.mailhost:2,S"]
    );
    let e = nth_entry(&data, 2);
    assert_eq!(
        (e.action.as_str(), e.suggested.as_deref(), e.result.as_str()),
        ("delete", Some("archive"), "ok")
    );
    assert_eq!(
        path(&e.to_path),
        mail.join("Trash/cur/1794816912.40272_3.mailhost:2,S")
    );

    // 3. forward through the prompt, prefilled with the rule's address
    tui.send("/Sykepenges");
    tui.wait_for("Kø 1 av 23");
    tui.send("\r");
    tui.send("f");
    tui.wait_for("Til: lonn@sandnes.kommune.no");
    tui.send("\r");
    tui.wait_for("Videresendt til lonn@sandnes.kommune.no (skrevet til Outbox, ikke sendt)");
    let outbox = files(&mail.join("Outbox/new"));
    assert_eq!(outbox.len(), 1, "one forward in the Outbox");
    let forward = std::fs::read_to_string(mail.join("Outbox/new").join(&outbox[0])).unwrap();
    assert!(forward.contains("To: lonn@sandnes.kommune.no"));
    assert!(forward.contains("Content-Type: message/rfc822"));
    assert_eq!(
        files(&mail.join("Trash/new")),
        ["1795416455.40391_3.mailhost:2,P"],
        "the original goes to Trash with the P (passed) flag"
    );
    let e = nth_entry(&data, 3);
    assert_eq!((e.action.as_str(), e.result.as_str()), ("forward", "ok"));
    assert_eq!(e.forward_to.as_deref(), Some("lonn@sandnes.kommune.no"));
    assert_eq!(e.transport.as_deref(), Some("maildir"));
    let note = e.note.as_deref().unwrap_or_default();
    assert!(
        note.contains("Outbox") && note.contains("not sent"),
        "the journal says the forward was not sent: {note:?}"
    );
    assert_eq!(
        path(&e.to_path),
        mail.join("Trash/new/1795416455.40391_3.mailhost:2,P")
    );
    tui.escape(); // clear the filter
    tui.wait_for("Kø 22");

    // 4. a suspicious one: Enter only explains; archive asks, `n` cancels, `j` confirms
    tui.send("G");
    tui.send("kkkk");
    tui.wait_for("altinn.no.example.org");
    tui.send("\r");
    tui.wait_for("Det ser ut som et Altinn-varsel, men:");
    assert_eq!(count_messages(&inbox), 28, "Enter changed nothing");
    tui.escape();
    tui.send("a");
    tui.wait_for("Vil du likevel arkivere det?");
    tui.send("n");
    tui.wait_for("Avbrutt: ingenting endret");
    assert!(
        inbox
            .join("new/1795647485.40425_3.mailhost,U=1227")
            .exists()
    );
    assert_eq!(
        journal(&data).len(),
        3,
        "a cancelled action is not journaled"
    );
    tui.send("a");
    tui.wait_for("Vil du likevel arkivere det?");
    tui.send("j");
    tui.wait_for("Arkivert: «Du har mottatt en melding i Altinn»");
    assert_eq!(
        files(&mail.join("Altinn/new")),
        ["1795647485.40425_3.mailhost"]
    );
    let archived = nth_entry(&data, 4);
    assert_eq!(
        (archived.action.as_str(), archived.suggested.as_deref()),
        ("archive", Some("skip"))
    );

    // 5. undo puts it back in the inbox (new/ again; without the stale mbsync UID)
    tui.send("u");
    tui.wait_for("Angret: varselet er tilbake i innboksen");
    assert!(inbox.join("new/1795647485.40425_3.mailhost").exists());
    assert!(files(&mail.join("Altinn/new")).is_empty());
    let e = nth_entry(&data, 5);
    assert_eq!((e.action.as_str(), e.result.as_str()), ("undo", "ok"));
    assert_eq!(e.undoes.as_deref(), Some(archived.entry.as_str()));
    assert_eq!(
        path(&e.from_path),
        mail.join("Altinn/new/1795647485.40425_3.mailhost")
    );
    assert_eq!(
        path(&e.to_path),
        inbox.join("new/1795647485.40425_3.mailhost")
    );
    tui.wait_for("Kø 22");

    // 6. the daily check of the Altinn inbox
    tui.send("c");
    tui.wait_for("✓ Altinn-innboksen sjekket i dag");
    tui.wait_for("Altinn-innboksen sjekket: registrert i journalen");
    let e = nth_entry(&data, 6);
    assert_eq!(
        (e.action.as_str(), e.result.as_str(), e.user.as_str()),
        ("check", "ok", "kari")
    );

    // 7. the journal shows today's entries, and whose journal it is
    tui.send("J");
    tui.wait_for_all(&[
        "Journal i dag (6)",
        "forward → lonn@sandnes.kommune.no",
        "undo archive",
        "demoens egen journal, ikke din",
    ]);
    tui.escape();

    // 8. new mail appears without a restart
    let raw = std::fs::read(mail.join("Altinn/cur/1794812539.40272_1.mailhost:2,S")).unwrap();
    std::fs::write(inbox.join("tmp/1800000000.1_1.mailhost"), &raw).unwrap();
    std::fs::rename(
        inbox.join("tmp/1800000000.1_1.mailhost"),
        inbox.join("new/1800000000.1_1.mailhost"),
    )
    .unwrap();
    tui.wait_for("Kø 23");

    // 9. apply all: one confirmation with the counts, then every non-suspicious one
    tui.send("A");
    tui.wait_for_all(&[
        "Utføre forslagene for 19 varsler i køen?",
        "Blir liggende i innboksen: 4 mistenkelige",
    ]);
    tui.send("y");
    tui.wait_for("Ferdig: arkivert 11, slettet 8, videresendt 0; 0 feil");
    tui.wait_for("Kø 4");
    assert_eq!(count_messages(&mail.join("Altinn")), 1 + 11);
    assert_eq!(count_messages(&mail.join("Trash")), 2 + 8);
    assert_eq!(count_messages(&inbox), 32 - 1 - 1 - 1 - 19);
    nth_entry(&data, 6 + 19);

    // 10. skip leaves it in the inbox, hidden from the queue, and journals it
    tui.send("s");
    tui.wait_for("Hoppet over (ligger fortsatt i innboksen)");
    tui.wait_for("Kø 3");
    let e = nth_entry(&data, 6 + 19 + 1);
    assert_eq!((e.action.as_str(), e.result.as_str()), ("skip", "ok"));
    assert!(path(&e.from_path).exists(), "a skipped message stays put");
    assert_eq!(e.to_path, None);

    // 11. quit: a clean terminal, exit code 0
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let screen = tui.wait_for_all(&["Demo-postkassen ligger i", "Demoens egen journal"]);
    let parser = tui.parser.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "left the alternate screen"
    );
    assert!(
        !parser.screen().hide_cursor(),
        "the cursor is visible again"
    );
    drop(parser);
    assert!(
        !screen.contains("Kø "),
        "the TUI is gone from the screen:\n{screen}"
    );

    // every action is journaled once, ok, and its message is where the journal says
    let entries = journal(&data);
    assert_eq!(entries.len(), 6 + 19 + 1);
    assert!(entries.iter().all(|e| e.ok()), "{entries:#?}");
    for e in &entries {
        if !matches!(e.action.as_str(), "archive" | "delete" | "forward") {
            continue;
        }
        let undone = entries
            .iter()
            .find(|u| u.undoes.as_deref() == Some(e.entry.as_str()));
        let now = undone.map_or_else(|| path(&e.to_path), |u| path(&u.to_path));
        assert!(
            now.is_file(),
            "{} is not where the journal says",
            now.display()
        );
        if undone.is_none() {
            assert!(!path(&e.from_path).exists(), "{e:?}");
        }
    }
    assert!(
        !sandbox
            .path()
            .join("xdg-data/altinn-sweep/journal.jsonl")
            .exists(),
        "the demo leaves the clerk's own journal alone"
    );
}

/// A plain `kill` (SIGTERM), or the terminal hanging up (SIGHUP), ends the TUI like `q`:
/// the terminal is restored and the demo's temp dir removed.
#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for (sig, name) in [(libc::SIGTERM, "TERM"), (libc::SIGHUP, "HUP")] {
        let sandbox = tempfile::tempdir().expect("a temp dir");
        let env = sandbox_env(sandbox.path());
        let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
        let mut tui = Tui::spawn(&["demo"], &env_ref, "C", (80, 24));
        tui.wait_for("Read: 25 Altinn notifications among 30 messages");
        let pid = tui.child.process_id().expect("a process id");
        // SAFETY: kill(2) with the pid of the child this test started.
        let rc = unsafe { libc::kill(pid as libc::pid_t, sig) };
        assert_eq!(rc, 0, "kill -{name}");
        let status = tui.wait_exit();
        assert_eq!(
            status.exit_code(),
            128 + sig as u32,
            "SIG{name}: {status:?}"
        );
        let parser = tui.parser.lock().unwrap();
        assert!(
            !parser.screen().alternate_screen(),
            "SIG{name}: left the alternate screen"
        );
        assert!(
            !parser.screen().hide_cursor(),
            "SIG{name}: the cursor is visible again"
        );
        drop(parser);
        assert!(
            files(&sandbox.path().join("tmp")).is_empty(),
            "SIG{name}: the demo mailbox is removed"
        );
    }
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal_in_english() {
    let sandbox = tempfile::tempdir().expect("a temp dir");
    let env = sandbox_env(sandbox.path());
    let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let mut tui = Tui::spawn(&["demo"], &env_ref, "C", (120, 40));
    tui.wait_for("Read: 25 Altinn notifications among 30 messages");
    tui.wait_for("demo: forwards are written to Outbox, nothing is sent");
    tui.send("/x"); // typing in the filter: Ctrl-C still quits
    tui.send("\x03");
    assert!(tui.wait_exit().success());
    let parser = tui.parser.lock().unwrap();
    assert!(!parser.screen().alternate_screen());
    drop(parser);
    assert!(
        files(&sandbox.path().join("tmp")).is_empty(),
        "without --keep the demo mailbox is removed"
    );
}

#[test]
#[ignore = "prints timings; needs ALTINN_TUI_BENCH_ROOT (a mail root from `genmail`)"]
fn measure_first_frame_and_key_latency() {
    let Some(root) = std::env::var_os("ALTINN_TUI_BENCH_ROOT").map(PathBuf::from) else {
        eprintln!(
            "set ALTINN_TUI_BENCH_ROOT to a mail root (cargo run --release --example genmail -- DIR 100000)"
        );
        return;
    };
    let sandbox = tempfile::tempdir().expect("a temp dir");
    let env = sandbox_env(sandbox.path());
    let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let root_s = root.to_string_lossy().into_owned();
    let start = Instant::now();
    let mut tui = Tui::spawn(&["--maildir", &root_s], &env_ref, "C", (120, 40));
    tui.wait_for("altinn-sweep");
    let first = start.elapsed();
    // keys during the scan: `?` opens and closes the help, which always redraws
    let mut during = Vec::new();
    while !tui.screen().contains("Read: ") && during.len() < 200 {
        let before = *tui.received.lock().unwrap();
        let t = Instant::now();
        tui.send("?");
        while *tui.received.lock().unwrap() == before && t.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_micros(200));
        }
        during.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(20));
    }
    if during.len() % 2 == 1 {
        tui.send("?");
    }
    tui.wait_for("Read: ");
    let complete = start.elapsed();
    println!("first frame after {first:?}; complete queue after {complete:?}");
    during.sort();
    if let (Some(median), Some(max)) = (during.get(during.len() / 2), during.last()) {
        println!(
            "key → redraw during the scan over {} presses: median {median:?}, max {max:?}",
            during.len()
        );
    }

    // key → redraw: move down and wait for the bytes of the redraw to arrive
    std::thread::sleep(Duration::from_millis(300));
    let mut samples = Vec::new();
    for i in 0..40 {
        let before = *tui.received.lock().unwrap();
        let t = Instant::now();
        tui.send(if i % 2 == 0 { "j" } else { "k" });
        while *tui.received.lock().unwrap() == before {
            if t.elapsed() > Duration::from_secs(5) {
                panic!("no redraw after a key");
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        samples.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(30));
    }
    samples.sort();
    println!(
        "key → redraw over {} presses: median {:?}, max {:?}",
        samples.len(),
        samples[samples.len() / 2],
        samples[samples.len() - 1]
    );
    tui.send("\x03");
    tui.wait_exit();
}
