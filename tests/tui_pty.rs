//! End to end: the real binary in a pseudo-terminal (portable-pty), its output fed to a
//! vt100 screen parser, on a fresh copy of the demo mailbox: carry out a suggestion,
//! override one, forward (to the demo's Outbox), answer a confirmation both ways, undo,
//! register the daily check, see new mail arrive, apply all, skip, quit — asserting what
//! the screen says, where the files are, and what the journal (the demo's own, in its
//! temp dir) says about them. SIGTERM and SIGHUP restore the terminal too.
//!
//! `measure_first_frame_and_key_latency` (ignored) prints timings on a big mailbox:
//! `ALTINN_TUI_BENCH_ROOT=target/bench-mail/100000 cargo test --release --test tui_pty -- --ignored --nocapture`

mod support;

use altinn_sweep::journal::{Act, Entry, Journal, Note, Outcome, Transport};
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
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    /// The terminal's side; dropping it (and the reader's copy) is the terminal going
    /// away.
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    /// Tells the reader to let go of its copy of the terminal's side.
    stop_reading: Arc<std::sync::atomic::AtomicBool>,
}

impl Tui {
    fn spawn(args: &[&str], env: &[(&str, &Path)], locale: &str, size: (u16, u16)) -> Tui {
        Tui::spawn_bin(BIN, args, env, locale, size)
    }

    fn spawn_bin(
        bin: &str,
        args: &[&str],
        env: &[(&str, &Path)],
        locale: &str,
        size: (u16, u16),
    ) -> Tui {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: size.1,
                cols: size.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(bin);
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
        let stop_reading = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = stop_reading.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                if stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break; // drops the reader: its copy of the terminal closes
                }
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
            writer: Some(writer),
            child,
            master: Some(pty.master),
            stop_reading,
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
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).expect("write keys");
        writer.flush().expect("flush keys");
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the screen model.
    fn resize(&mut self, cols: u16, rows: u16) {
        let master = self.master.as_ref().expect("the terminal is open");
        master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pseudo-terminal");
        self.parser.lock().unwrap().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
    }

    /// Closes the terminal's side, as a closed window or a killed tmux session does.
    fn hang_up(&mut self) {
        self.stop_reading
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.writer = None;
        // a resize makes the program redraw, which wakes the reader to let go
        if let Some(master) = &self.master {
            let _ = master.resize(PtySize {
                rows: 20,
                cols: 70,
                pixel_width: 0,
                pixel_height: 0,
            });
        }
        self.master = None;
    }

    /// Esc alone, which closes or clears what shows `text`: the terminal must not read it
    /// together with the key before or after as one escape sequence (Esc + `a` is Alt-a).
    /// `text` on screen shows the key before was read; waiting (up to `WAIT`) until it is
    /// gone shows the Esc was read before the next key is sent.
    fn escape_until_gone(&mut self, text: &str) {
        self.wait_for(text);
        self.send("\x1b");
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if !screen.contains(text) {
                return;
            }
            if start.elapsed() > WAIT {
                panic!("Esc did not remove {text:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
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

/// The names in a folder of the demo's mailbox that the sweep put there: the notices
/// the demo seeds for its follow-up (`.demo` in their names) left out.
fn swept(dir: &Path) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|n| !n.contains(".demo"))
        .collect()
}

fn count_messages(folder: &Path) -> usize {
    files(&folder.join("new")).len() + files(&folder.join("cur")).len()
}

/// Every entry of the journal in `data_dir`; a damaged line fails the test.
/// The journal's entries without the `sending`/`sent` steps of a forward (the forward's
/// own entry concludes them; the forward test looks at them with [`journal_steps`]).
fn journal(data_dir: &Path) -> Vec<Entry> {
    journal_steps(data_dir)
        .into_iter()
        .filter(|e| !matches!(e.action, Act::Sending | Act::Sent))
        .collect()
}

fn journal_steps(data_dir: &Path) -> Vec<Entry> {
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
        "Enter arkiver", // key hints in the footer: what Enter does to this item
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
        swept(&mail.join("Altinn/cur")),
        ["1794812539.40272_1.mailhost:2,S"]
    );
    assert!(
        !inbox
            .join("cur/1794812539.40272_1.mailhost,U=1201:2,S")
            .exists()
    );
    let e = nth_entry(&data, 1);
    assert_eq!(
        (e.action, e.suggested, e.result),
        (Act::Archive, Some(Act::Archive), Outcome::Ok)
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
        (e.action, e.suggested, e.result),
        (Act::Delete, Some(Act::Archive), Outcome::Ok)
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
    assert_eq!((e.action, e.result), (Act::Forward, Outcome::Ok));
    assert_eq!(e.forward_to.as_deref(), Some("lonn@sandnes.kommune.no"));
    assert_eq!(e.transport, Some(Transport::Maildir));
    assert!(
        matches!(e.note.as_slice(), [Note::WrittenToOutbox(p)] if p.starts_with(mail.join("Outbox/new"))),
        "the journal says the forward was not sent: {:?}",
        e.note
    );
    // before the move: the intent, then the fact that it was handed over
    let steps: Vec<(Act, Outcome)> = journal_steps(&data)
        .iter()
        .filter(|s| s.intent.is_some() || s.action == Act::Sending)
        .map(|s| (s.action, s.result))
        .collect();
    assert_eq!(
        steps,
        [
            (Act::Sending, Outcome::Pending),
            (Act::Sent, Outcome::Ok),
            (Act::Forward, Outcome::Ok)
        ]
    );
    assert_eq!(
        path(&e.to_path),
        mail.join("Trash/new/1795416455.40391_3.mailhost:2,P")
    );
    tui.escape_until_gone("«Sykepenges»"); // clear the filter
    tui.wait_for("Kø 22");

    // 4. a suspicious one: Enter only explains; archive asks, `n` cancels, `j` (down in
    // the queue) does nothing, `y` confirms
    tui.send("G");
    tui.send("kkkk");
    tui.wait_for("altinn.no.example.org");
    tui.send("\r");
    tui.wait_for("Det ser ut som et Altinn-varsel, men:");
    assert_eq!(count_messages(&inbox), 28, "Enter changed nothing");
    tui.escape_until_gone("Det ser ut som et Altinn-varsel, men:");
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
    tui.wait_for("ukjent tast – trykk ? for hjelp");
    assert_eq!(journal(&data).len(), 3, "j answered the question");
    tui.send("y");
    tui.wait_for("Arkivert: «Du har mottatt en melding i Altinn»");
    assert_eq!(
        swept(&mail.join("Altinn/new")),
        ["1795647485.40425_3.mailhost"]
    );
    let archived = nth_entry(&data, 4);
    assert_eq!(
        (archived.action, archived.suggested),
        (Act::Archive, Some(Act::Skip))
    );

    // 5. undo puts it back in the inbox (new/ again; without the stale mbsync UID)
    tui.send("u");
    tui.wait_for("Angret: varselet er tilbake i innboksen");
    assert!(inbox.join("new/1795647485.40425_3.mailhost").exists());
    assert!(swept(&mail.join("Altinn/new")).is_empty());
    let e = nth_entry(&data, 5);
    assert_eq!((e.action, e.result), (Act::Undo, Outcome::Ok));
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
    // the header names who checked, from the record shared through the mailbox
    let start = Instant::now();
    let screen = loop {
        let screen = tui.screen();
        let first = screen.lines().next().unwrap_or("").trim_end().to_string();
        if first.contains("✓ sjekket ") && first.ends_with(" kari") {
            break screen;
        }
        assert!(
            start.elapsed() < WAIT,
            "the header never named the clerk:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(!screen.contains("Ingen Altinn-sjekk i dag"), "{screen}");
    tui.wait_for("Altinn-innboksen sjekket: registrert i journalen");
    let e = nth_entry(&data, 6);
    assert_eq!(
        (e.action, e.result, e.user.as_str()),
        (Act::Check, Outcome::Ok, "kari")
    );

    // 7. the journal shows today's entries, and whose journal it is
    tui.send("J");
    tui.wait_for_all(&[
        "Journal i dag (6)",
        "videresend → lonn@sandnes.kommune.no",
        "angre arkiver",
        "demoens egen journal, ikke din",
    ]);
    tui.escape_until_gone("Journal i dag (6)");

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
        "Utføre forslagene for 19 varsler?",
        "Gjelder: alle 23 i køen",
        "Blir liggende i innboksen: 4 mistenkelige",
    ]);
    tui.send("y");
    tui.wait_for("Ferdig: arkivert 11, slettet 8, videresendt 0; 0 feil");
    tui.wait_for("Kø 4");
    assert_eq!(
        swept(&mail.join("Altinn/new")).len() + swept(&mail.join("Altinn/cur")).len(),
        1 + 11
    );
    assert_eq!(count_messages(&mail.join("Trash")), 2 + 8);
    assert_eq!(count_messages(&inbox), 32 - 1 - 1 - 1 - 19);
    nth_entry(&data, 6 + 19);

    // 10. skip leaves it in the inbox, hidden from the queue, and journals it
    tui.send("s");
    tui.wait_for("Hoppet over (ligger fortsatt i innboksen)");
    tui.wait_for("Kø 3");
    let e = nth_entry(&data, 6 + 19 + 1);
    assert_eq!((e.action, e.result), (Act::Skip, Outcome::Ok));
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
        if !e.action.moves_mail() {
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
    let root = std::env::var_os("ALTINN_TUI_BENCH_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!(
                "set ALTINN_TUI_BENCH_ROOT to a mail root (cargo run --release --example genmail -- DIR 100000)"
            )
        });
    let sandbox = tempfile::tempdir().expect("a temp dir");
    let env = sandbox_env(sandbox.path());
    let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let root_s = root.to_string_lossy().into_owned();
    let start = Instant::now();
    let mut tui = Tui::spawn(&["--maildir", &root_s], &env_ref, "C", (120, 40));
    tui.wait_for("altinn-sweep");
    let first = start.elapsed();
    // keys during the scan: `?` opens the help and `q` closes it, which always redraws
    let mut during = Vec::new();
    while !tui.screen().contains("Read: ") && during.len() < 200 {
        let before = *tui.received.lock().unwrap();
        let t = Instant::now();
        tui.send(if during.len() % 2 == 0 { "?" } else { "q" });
        while *tui.received.lock().unwrap() == before && t.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_micros(200));
        }
        during.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(20));
    }
    if during.len() % 2 == 1 {
        tui.send("q");
    }
    tui.wait_for("Read: ");
    let complete = start.elapsed();
    println!(
        "without a cache file (the scan writes it): first frame after {first:?}; complete queue after {complete:?}"
    );
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

    // The same again: the first run left the classification cache in the sandbox's
    // $HOME/.cache, so this one reads the folder and the cache and opens no message.
    let start = Instant::now();
    let mut tui = Tui::spawn(&["--maildir", &root_s], &env_ref, "C", (120, 40));
    tui.wait_for("altinn-sweep");
    let first = start.elapsed();
    tui.wait_for("Read: ");
    let complete = start.elapsed();
    println!("with the cache: first frame after {first:?}; complete queue after {complete:?}");
    tui.send("\x03");
    tui.wait_exit();
}

/// Whether process `pid` still runs (a zombie waiting for its parent does not count).
fn running(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let rest = &stat[stat.rfind(')')? + 1..];
            rest.split_whitespace().next().map(|state| state != "Z")
        })
        .unwrap_or(false)
}

/// The pid a script wrote into `file`, once it has.
fn pid_in(file: &Path) -> i32 {
    let start = Instant::now();
    loop {
        if let Some(pid) = std::fs::read_to_string(file)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            return pid;
        }
        assert!(
            start.elapsed() < WAIT,
            "{} was never written",
            file.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sends `keys` and waits until the screen shows `text`, within `limit` of wall-clock
/// time: the event loop must not wait for an action.
fn answers_within(tui: &mut Tui, keys: &str, text: &str, limit: Duration) {
    let start = Instant::now();
    tui.send(keys);
    loop {
        let screen = tui.screen();
        if screen.contains(text) {
            return;
        }
        assert!(
            start.elapsed() < limit,
            "{keys:?} did not show {text:?} within {limit:?}; the screen:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A forward whose sendmail hangs (it sleeps 30 s): the screen shows the action under
/// way and keeps answering keys, a second action waits, and quitting without waiting
/// ends the TUI at once and the sendmail with it.
#[test]
fn a_hanging_sendmail_never_blocks_the_screen() {
    let sb = support::Sandbox::new();
    support::copy_tree(
        &support::manifest_dir().join("assets/demo/Mail"),
        &sb.mail(),
    );
    let script = sb.bin_dir().join("hanging-sendmail");
    let pids = sb.root.clone();
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho $$ > '{dir}/sh.pid'\ncat > /dev/null\nsleep 30 &\necho $! > '{dir}/sleep.pid'\nwait\n",
            dir = pids.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    sb.write_config(
        &support::ConfigText::for_sandbox(&sb).sendmail_command(&[script.to_str().unwrap()]),
    );
    let env: Vec<(&str, PathBuf)> = vec![
        ("HOME", sb.root.join("home")),
        ("XDG_CONFIG_HOME", sb.root.join("xdg-config")),
        ("XDG_DATA_HOME", sb.root.join("xdg-data")),
        ("TMPDIR", sb.root.clone()),
    ];
    let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let config = sb.config_path();
    let mut tui = Tui::spawn(
        &["--config", config.to_str().unwrap()],
        &env_ref,
        "C",
        (80, 24),
    );
    tui.wait_for("Read: 25 Altinn notifications among 30 messages");
    tui.send("/Sykepenges");
    tui.wait_for("Queue 1 of 25");
    tui.send("\r");
    tui.send("f");
    tui.wait_for("To: lonn@sandnes.kommune.no");
    tui.send("\r");
    tui.wait_for_all(&["Forwarding “Sykepengesøknad", "(Esc: stop waiting)"]);
    let sh = pid_in(&pids.join("sh.pid"));
    let sleep = pid_in(&pids.join("sleep.pid"));
    assert!(running(sh) && running(sleep), "the sendmail runs");

    let limit = Duration::from_secs(2);
    answers_within(&mut tui, "?", "Help: keys", limit);
    answers_within(&mut tui, "q", "Forwarding “Sykepengesøknad", limit); // q closes the help
    tui.wait_for(" 2 s (Esc: stop waiting)"); // the seconds tick
    answers_within(&mut tui, "d", "Wait until the action is done", limit);
    answers_within(&mut tui, "q", "Quitting when the action is done", limit);
    let start = Instant::now();
    tui.send("q");
    let status = tui.wait_exit();
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "quitting took {:?}",
        start.elapsed()
    );
    assert!(status.success(), "{status:?}");
    tui.wait_for("quit while an action was running");
    let gone = Instant::now();
    while (running(sh) || running(sleep)) && gone.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!running(sh), "the sendmail was left running");
    assert!(!running(sleep), "the sendmail's child was left running");
    assert_eq!(
        count_messages(&sb.folder("INBOX")),
        31,
        "nothing was moved: the forward never finished"
    );
}

/// Resizing never kills the TUI: 60 resizes at random sizes down to 40×12, some in quick
/// bursts, and after each pause the screen is redrawn for the new size without a key.
#[test]
fn a_resize_storm_never_kills_the_tui() {
    let sandbox = tempfile::tempdir().expect("a temp dir");
    let env = sandbox_env(sandbox.path());
    let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let mut tui = Tui::spawn(&["demo"], &env_ref, "C", (80, 24));
    tui.wait_for("Read: 25 Altinn notifications among 30 messages");
    // a small deterministic generator: the same storm on every run
    let mut seed: u32 = 0x9e37_79b9;
    let mut next = |n: u16| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        (seed % u32::from(n)) as u16
    };
    for round in 0..60 {
        let (cols, rows) = (40 + next(101), 12 + next(37));
        tui.resize(cols, rows);
        if round % 3 == 0 {
            std::thread::sleep(Duration::from_millis(5)); // a burst
            continue;
        }
        let expect = if cols < 60 || rows < 14 {
            "The window is too small"
        } else {
            "Queue 25"
        };
        tui.wait_for(expect);
        if let Some(status) = tui.child.try_wait().expect("try_wait") {
            panic!(
                "the TUI died at {cols}×{rows}: {status:?}\n{}",
                tui.screen()
            );
        }
    }
    tui.resize(80, 24);
    tui.wait_for("Queue 25");
    tui.send("j");
    tui.wait_for("A message has been received in Altinn");
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// When the terminal goes away (its side closed, as when a window is closed or tmux
/// kills the session), the TUI ends: no process is left spinning, the demo's temporary
/// copy is removed and the lock released.
#[test]
fn the_tui_ends_when_its_terminal_goes_away() {
    let sandbox = tempfile::tempdir().expect("a temp dir");
    let env = sandbox_env(sandbox.path());
    let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let mut tui = Tui::spawn(&["demo"], &env_ref, "C", (80, 24));
    tui.wait_for("Read: 25 Altinn notifications among 30 messages");
    tui.resize(60, 18);
    tui.wait_for("Queue 25");
    assert_eq!(
        files(&sandbox.path().join("tmp")).len(),
        1,
        "the demo's copy"
    );
    tui.hang_up();
    let start = Instant::now();
    // it ends (by SIGHUP or by the hangup seen on its input, whichever comes first)
    loop {
        if tui.child.try_wait().expect("try_wait").is_some() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the TUI still runs without a terminal"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        files(&sandbox.path().join("tmp")).is_empty(),
        "the demo mailbox is removed"
    );
}

/// Reading without acting: `v` opens the message view (position, search with n), `q`
/// closes it; a skipped item comes back with `S`; `L` shows the message log in full.
#[test]
fn read_a_message_see_the_log_and_skipped_items() {
    let sandbox = tempfile::tempdir().expect("a temp dir");
    let env = sandbox_env(sandbox.path());
    let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let mut tui = Tui::spawn(&["demo"], &env_ref, "C", (80, 24));
    tui.wait_for("Read: 25 Altinn notifications among 30 messages");
    tui.wait_for("Queue 25 · 1/25");
    tui.send("v");
    tui.wait_for_all(&[
        " Message · En melding har blitt mottatt i Altinn",
        "From:",
        "── Body",
    ]);
    tui.send("/altinn\r");
    tui.wait_for("“altinn”: match 1 of");
    tui.send("n");
    tui.wait_for("“altinn”: match 2 of");
    tui.send("\r"); // Enter never acts here
    tui.wait_for("unknown key – press ? for help");
    tui.send("q");
    tui.wait_for("Queue 25 · 1/25");
    assert_eq!(
        count_messages(&demo_inbox(&sandbox)),
        31,
        "reading moved nothing"
    );
    tui.send("s");
    tui.wait_for("Queue 24 · 1 skipped (S shows)");
    tui.send("S");
    tui.wait_for_all(&["↷ skipped", "Showing the 1 you skipped"]);
    tui.send("L");
    tui.wait_for_all(&["Message log", "Skipped (left in the inbox)"]);
    tui.send("q");
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// The demo's inbox in its temp copy.
fn demo_inbox(sandbox: &tempfile::TempDir) -> PathBuf {
    let demo = files(&sandbox.path().join("tmp"))
        .into_iter()
        .find(|n| n.starts_with("altinn-sweep-demo-"))
        .expect("the demo copied its mailbox into TMPDIR");
    sandbox.path().join("tmp").join(demo).join("Mail/INBOX")
}

/// The queue's count in the title (`Kø 21`), once the screen shows one.
fn queue_count(screen: &str) -> Option<usize> {
    // the queue's title " Kø 25 · …", not the tab row's " 1 Kø │"
    screen.match_indices(" Kø ").find_map(|(at, m)| {
        screen[at + m.len()..]
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    })
}

/// Prints keystrokes and seconds (scripted: each key is sent once the screen shows the
/// previous one's effect) to empty the demo queue one by one and in bulk, and to read the
/// whole body of the longest demo notice, at 80×24. `ALTINN_TUI_BIN` runs another build
/// (e.g. the one before a change) with the same script.
#[test]
#[ignore = "prints figures for the README; ALTINN_TUI_BIN=path measures another build"]
fn measure_keys_and_seconds_of_the_daily_sweep() {
    let bin = std::env::var("ALTINN_TUI_BIN").unwrap_or_else(|_| BIN.to_string());
    let run = |bulk: bool| -> (usize, Duration) {
        let sandbox = tempfile::tempdir().expect("a temp dir");
        let env = sandbox_env(sandbox.path());
        let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
        let mut tui = Tui::spawn_bin(&bin, &["demo"], &env_ref, "nb_NO.UTF-8", (80, 24));
        tui.wait_for("Altinn-varsler blant");
        let start = Instant::now();
        let mut keys = 0;
        if bulk {
            tui.send("A");
            tui.wait_for("Bekreft");
            tui.send("y");
            keys += 2;
            tui.wait_for("Ferdig:");
        }
        loop {
            let screen = tui.screen();
            if screen.contains("Ingen ventende Altinn-varsler") {
                break;
            }
            let Some(n) = queue_count(&screen) else {
                assert!(start.elapsed() < WAIT * 4, "no queue on screen:\n{screen}");
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            // the routine leaves a suspicious one in the inbox: s; else Enter
            let suspicious = screen
                .lines()
                .any(|l| l.starts_with("Fra:") && l.contains("MISTENKELIG"));
            tui.send(if suspicious { "s" } else { "\r" });
            keys += 1;
            let t = Instant::now();
            while queue_count(&tui.screen()).is_some_and(|m| m >= n) {
                assert!(t.elapsed() < WAIT, "no progress:\n{}", tui.screen());
                std::thread::sleep(Duration::from_millis(2));
            }
        }
        let took = start.elapsed();
        tui.send("q");
        tui.wait_exit();
        (keys, took)
    };
    let (one_keys, one_time) = run(false);
    let (bulk_keys, bulk_time) = run(true);

    // reading: the longest body among the demo notices, start to end
    let sandbox = tempfile::tempdir().expect("a temp dir");
    let env = sandbox_env(sandbox.path());
    let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let mut tui = Tui::spawn_bin(&bin, &["demo"], &env_ref, "nb_NO.UTF-8", (80, 24));
    tui.wait_for("Altinn-varsler blant");
    let (first, last) = (
        "En ansatt i SANDNES KOMMUNE (964965137) har sendt inn en digital sykmelding.",
        "Vennlig hilsen NAV.",
    );
    let start = Instant::now();
    let mut keys = 0;
    let step = |tui: &mut Tui, keys: &mut usize, k: &str| {
        let before = *tui.received.lock().unwrap();
        tui.send(k);
        *keys += 1;
        let t = Instant::now();
        while *tui.received.lock().unwrap() == before && t.elapsed() < Duration::from_secs(2) {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(30));
    };
    while !tui
        .screen()
        .lines()
        .any(|l| l.starts_with("Emne:") && l.contains("Ny sykmelding i Altinn"))
    {
        step(&mut tui, &mut keys, "j");
    }
    let has_view = bin == BIN;
    let (mut seen_first, mut seen_last) = (false, false);
    if has_view {
        step(&mut tui, &mut keys, "v");
    } else {
        step(&mut tui, &mut keys, "\t");
    }
    loop {
        let screen = tui.screen();
        seen_first |= screen.contains(first);
        seen_last |= screen.contains(last);
        if seen_first && seen_last {
            break;
        }
        assert!(keys < 60, "never saw the whole body:\n{screen}");
        step(&mut tui, &mut keys, if has_view { " " } else { "j" });
    }
    let read_time = start.elapsed();
    println!(
        "{bin}\n  one by one: {one_keys} keys, {one_time:?}\n  in bulk: {bulk_keys} keys, {bulk_time:?}\n  read the longest body: {keys} keys, {read_time:?}"
    );
    tui.send("q");
    tui.send("q");
    tui.wait_exit();
}

/// Issue 10 and 13 in the demo: `3` runs the daily check over the demo's seeded dialogs
/// (no credentials, no network) and shows the dialogs without a notice first, records
/// the check in the demo's journal, and `o` offers the Arbeidsflate address to copy when
/// no browser starts; `4` shows the statistics with the chart; `q` quits cleanly.
#[test]
fn demo_altinn_and_statistics_screens() {
    let sandbox = tempfile::tempdir().expect("a temp dir");
    let mut env = sandbox_env(sandbox.path());
    // no browser here: the address is shown to copy
    env.push(("BROWSER", sandbox.path().join("no-browser")));
    let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let mut tui = Tui::spawn(&["demo", "--keep"], &env_ref, "nb_NO.UTF-8", (80, 24));
    tui.wait_for_all(&["Kø 25", "✗ Altinn-innboksen ikke sjekket (c)"]);
    let data = sandbox
        .path()
        .join("tmp")
        .join(
            files(&sandbox.path().join("tmp"))
                .into_iter()
                .find(|n| n.starts_with("altinn-sweep-demo-"))
                .expect("the demo's folder"),
        )
        .join("data");

    tui.send("3");
    tui.wait_for_all(&[
        "DEMO · Sjekket",
        "UTEN VARSEL – kom ikke som e-post (rutinen pkt. 1) (2)",
        "Vedtak om tilskudd",
        "Varsel: kom uten varsel",
        "Med varsel (14)",
        "✓ sjekket i dag",
    ]);
    let e = nth_entry(&data, 1);
    assert_eq!(e.action, Act::Check);
    assert!(e.ok(), "{e:?}");
    let counts = e.counts.expect("the check's counts are journaled");
    assert_eq!((counts.without_notice, counts.dialogs), (2, 21));

    tui.send("o");
    tui.wait_for("Kopier adressen: https://af.altinn.no/inbox/");
    tui.send("/tilsyn");
    tui.wait_for("Arbeidstilsynet");
    tui.send("\r");
    tui.wait_for("søk «tilsyn»");
    tui.escape_until_gone("søk «tilsyn»");
    tui.wait_for("Med varsel (14)");

    tui.send("4");
    tui.wait_for_all(&[
        "Statistikk",
        "Varsler per dag og handling",
        "A arkiver  S slett  V videresend  H hopp over",
        "ASVH ASVH",
        "Dager uten daglig sjekk",
    ]);
    tui.send("j");
    tui.wait_for("Alle varsler per dag");

    tui.send("q");
    assert!(tui.wait_exit().success());
    assert_eq!(
        journal(&data).len(),
        1,
        "looking at the screens did nothing else"
    );
}

/// A week through the real binary with the injectable clock: notices arrive Monday 11
/// to Wednesday 13 May 2026 and are archived (`apply`), another clerk fetches one on
/// Tuesday, Wednesday and Friday have no daily check, Thursday is Ascension Day. On
/// Monday 18 May the clerk opens the TUI: the follow-up screen shows the ages in working
/// days (the weekend and the holiday do not count) with the overdue ones first and
/// marked, the header and the queue's reminder say the check is missing with two days
/// without one; the clerk does the checklist by keys (fetched, archived, distributed to
/// a recipient offered, local copies deleted: the item leaves), undoes a step, opens
/// Altinn for a unit and records the check.
#[test]
fn a_week_of_follow_up_in_a_pseudo_terminal() {
    use support::followup::{at, notice, put, sandbox};
    let sb = sandbox();
    let ok = |now: &str, args: &[&str]| {
        at(&sb, now, args).expect_code(0, &format!("{now} {args:?}"));
    };
    let days = [
        (
            1,
            "Mon, 11 May 2026 08:00:00 +0200",
            "SANDNES KOMMUNE (964965137)",
        ),
        (
            2,
            "Mon, 11 May 2026 08:30:00 +0200",
            "Hana skole (910000012)",
        ),
        (
            3,
            "Tue, 12 May 2026 08:00:00 +0200",
            "SANDNES KOMMUNE (964965137)",
        ),
        (
            4,
            "Wed, 13 May 2026 08:00:00 +0200",
            "Hana skole (910000012)",
        ),
    ];
    put(&sb, "INBOX", 1, &notice(days[0].0, days[0].1, days[0].2));
    put(&sb, "INBOX", 2, &notice(days[1].0, days[1].1, days[1].2));
    ok("2026-05-11T08:50:00+02:00", &["check"]);
    ok("2026-05-11T09:00:00+02:00", &["apply", "--yes"]);
    put(&sb, "INBOX", 3, &notice(days[2].0, days[2].1, days[2].2));
    ok("2026-05-12T08:40:00+02:00", &["check"]);
    ok("2026-05-12T08:45:00+02:00", &["apply", "--yes"]);
    let list = support::followup::items(&at(
        &sb,
        "2026-05-12T09:00:00+02:00",
        &["followup", "--json"],
    ));
    let first = list
        .iter()
        .find(|i| i["subject"].as_str().unwrap().ends_with("(1)"))
        .expect("notice 1 is followed up")["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        "2026-05-12T10:00:00+02:00",
        &["followup", "step", &first, "fetched"],
    );
    // Wednesday: no check; Thursday is Ascension Day; Friday: no check either
    put(&sb, "INBOX", 4, &notice(days[3].0, days[3].1, days[3].2));
    ok("2026-05-13T09:00:00+02:00", &["apply", "--yes"]);
    assert_eq!(count_messages(&sb.folder("Altinn")), 3);

    // Monday 18 May, 09:00: the clerk opens the TUI
    let opened = sb.root.join("browser-opened");
    let browser = sb.root.join("bin/fake-browser");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(
        &browser,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let tmp = sb.root.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let config = sb.config_path();
    let (home, xdg_config, xdg_data) = (
        sb.root.join("home"),
        sb.root.join("xdg-config"),
        sb.root.join("xdg-data"),
    );
    let env: Vec<(&str, &Path)> = vec![
        ("HOME", &home),
        ("XDG_CONFIG_HOME", &xdg_config),
        ("XDG_DATA_HOME", &xdg_data),
        ("TMPDIR", &tmp),
        ("TZ", Path::new("UTC")),
        ("ALTINN_SWEEP_NOW", Path::new("2026-05-18T09:00:00+02:00")),
        ("BROWSER", &browser),
    ];
    let config_arg = config.to_string_lossy().into_owned();
    let mut tui = Tui::spawn(&["--config", &config_arg], &env, "nb_NO.UTF-8", (80, 24));
    // the header: today's date from the clock, the check missing; the queue reminds with
    // the two working days without a check (Wednesday, Friday; Thursday was a holiday)
    tui.wait_for_all(&[
        "altinn-sweep  2026-05-18  kari",
        "✗ Altinn-innboksen ikke sjekket (c)",
        "⚠ Ingen Altinn-sjekk i dag ennå",
    ]);
    tui.send("2");
    let screen = tui.wait_for_all(&["Oppfølging 4 · ⚠ 3 forfalt", "Sist: hentet av testclerk"]);
    // overdue first (oldest first among them), marked; ages in working days: Monday 11 to
    // Monday 18 is 4 (12, 13, 15, 18), Tuesday 12 is 3, Wednesday 13 is 2 (not overdue)
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("Sandnes kommune") || l.contains("Hana skole"))
        .filter(|l| l.contains('d'))
        .collect();
    assert!(rows.len() >= 4, "{screen}");
    assert!(
        rows[0].starts_with("⚠ 4d") && rows[0].contains("Sandnes kommune 964 965 137"),
        "{screen}"
    );
    assert!(rows[0].contains("✓○○○ hentet"), "{screen}");
    assert!(
        rows[1].starts_with("⚠ 4d") && rows[1].contains("Hana skole 910 000 012"),
        "{screen}"
    );
    assert!(rows[2].starts_with("⚠ 3d"), "{screen}");
    assert!(
        rows[3].starts_with("  2d") && rows[3].contains("Hana skole"),
        "{screen}"
    );
    assert!(
        screen.contains("Mottatt: 2026-05-11 · 4 virkedager · ⚠ forfalt"),
        "{screen}"
    );

    // notice 3, by keys: fetched, archived in Altinn, distributed to a recipient offered,
    // local copies deleted — it leaves the list
    tui.send("/");
    tui.wait_for("Søk:");
    tui.send("(3)\r");
    tui.wait_for("Oppfølging 4 · ⚠ 3 forfalt · søk «(3)» · 1/1");
    tui.send("h");
    tui.wait_for("er nå hentet");
    tui.send("a");
    tui.wait_for("er nå arkivert i Altinn");
    tui.send("f");
    tui.wait_for_all(&["Fordelt til", "› Registrert i 360"]);
    tui.send("\x1b[B"); // ↓: the next recipient offered
    tui.wait_for("Til: Økonomiavdelingen");
    tui.send("\r");
    tui.wait_for_all(&[
        "er nå fordelt",
        "fordelt til Økonomiavdelingen",
        "Sist: fordelt av kari 2026-05-18 09:00",
    ]);
    tui.send("x");
    tui.wait_for("er ute av oppfølgingen");
    tui.escape_until_gone("søk «(3)»");
    tui.wait_for("Oppfølging 3 · ⚠ 2 forfalt");
    let done = files(&sb.folder("Altinn/Ferdig").join("cur"));
    assert_eq!(done.len(), 1, "the finished notice is in the done folder");
    let steps: Vec<(Option<altinn_sweep::followup::Step>, Option<String>)> =
        journal(&sb.data_dir())
            .into_iter()
            .filter(|e| e.action == Act::Followup && e.user == "kari")
            .map(|e| (e.step, e.to_whom))
            .collect();
    use altinn_sweep::followup::Step;
    assert_eq!(
        steps,
        [
            (Some(Step::Fetched), None),
            (Some(Step::Archived), None),
            (Some(Step::Distributed), Some("Økonomiavdelingen".into())),
            (Some(Step::Done), None),
        ]
    );

    // notice 4 fetched, and the step undone: back in the archive folder
    tui.send("G");
    tui.wait_for("3/3");
    tui.send("\r");
    tui.wait_for("er nå hentet");
    assert_eq!(count_messages(&sb.folder("Altinn/Hentet")), 2);
    tui.send("u");
    tui.wait_for("Angret, tilbake til «ikke påbegynt»: «En melding");
    assert_eq!(count_messages(&sb.folder("Altinn/Hentet")), 1);
    assert_eq!(count_messages(&sb.folder("Altinn")), 2);

    // o: Altinn for Hana skole, from the configured template (never from the mail)
    tui.send("k");
    tui.wait_for("2/3");
    tui.send("o");
    tui.wait_for("Åpnet i nettleseren: https://af.altinn.no/?party=910000012");
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        "https://af.altinn.no/?party=910000012\n"
    );

    // the check from the queue: shared, and the header names who and when
    tui.send("1");
    tui.wait_for("⚠ Ingen Altinn-sjekk i dag ennå: sjekk, trykk så c · 2 virkedager uten sjekk");
    tui.send("c");
    tui.wait_for("✓ sjekket 09:00 kari");
    assert!(!tui.screen().contains("Ingen Altinn-sjekk i dag"));
    let checks = at(&sb, "2026-05-18T09:05:00+02:00", &["check", "--status"]);
    assert!(
        checks.stdout.contains("gjort av kari 09:00")
            || checks.stdout.contains("done by kari 09:00"),
        "{}",
        checks.stdout
    );
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success());
}

/// Point 3 through the demo's Altinn, without credentials: on the follow-up screen `h`
/// on the open item at the top finds its seeded dialog and asks first (fetching marks
/// it seen); `y` saves its document in the demo's temp folder, the status line says how
/// many files went where and the item shows "fetched"; the journal has the fetch and
/// the step.
#[test]
fn demo_fetch_through_altinn_in_a_pseudo_terminal() {
    let sandbox = tempfile::tempdir().expect("a temp dir");
    let env = sandbox_env(sandbox.path());
    let env_ref: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let mut tui = Tui::spawn(&["demo", "--keep"], &env_ref, "nb_NO.UTF-8", (80, 24));
    tui.wait_for("Kø 25");
    let demo = sandbox.path().join("tmp").join(
        files(&sandbox.path().join("tmp"))
            .into_iter()
            .find(|n| n.starts_with("altinn-sweep-demo-"))
            .expect("the demo's folder"),
    );
    tui.send("2");
    tui.wait_for_all(&["Oppfølging 5", "○○○○ åpen", "Ingen steg gjort ennå"]);
    tui.send("h");
    tui.wait_for_all(&[
        "Hent dokumentene fra Altinn",
        "Dokumentene lagres i",
        "SETT i Altinn, for alle",
        "Hente nå?",
    ]);
    let docs = demo.join("Altinn-dokumenter");
    assert!(!docs.exists(), "nothing is fetched before the yes");
    tui.send("y");
    tui.wait_for_all(&[
        "1 dokument(er) lagret i /",
        "✓○○○ hentet",
        "Sist: hentet av",
    ]);
    let folders = files(&docs);
    assert_eq!(folders.len(), 1, "{folders:?}");
    let saved = files(&docs.join(&folders[0]));
    assert_eq!(saved.len(), 1, "{saved:?}");
    let text = std::fs::read_to_string(docs.join(&folders[0]).join(&saved[0])).unwrap();
    assert!(text.starts_with("DEMO"), "{text}");
    let acts: Vec<Act> = journal(&demo.join("data"))
        .iter()
        .map(|e| e.action)
        .collect();
    assert!(acts.contains(&Act::AltinnFetch), "{acts:?}");
    tui.send("q");
    assert!(tui.wait_exit().success());
}
