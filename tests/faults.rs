//! Fault tolerance of `apply --yes`, proven on real files with the real binary: SIGKILL at
//! random points, a sync tool renaming and moving files meanwhile, two clerks at once, a
//! read-only archive folder, a missing Trash folder and full disks. After each, every
//! message exists exactly once, byte for byte, and the journal tells the truth.
//!
//! Mounts (read-only folders, tiny tmpfs) are made inside a private mount namespace
//! (`unshare --mount`) that lives only as long as the one run of the binary, so nothing
//! stays mounted when a test fails. The tests that need mounts are `#[ignore]`d by default
//! (they need root) and fail, never pass, when run where mounts are not allowed; `.ci/run`
//! runs them as root. The read-only archive folder test runs everywhere: without root it
//! uses chmod, as root without mounts it replaces the folder's cur/ and new/ by files.

mod support;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use support::{
    Generated, Kind, Rng, Run, Sandbox, abs, attached_original, header, json_lines, messages,
    name_in_other_folder, sandbox_with, tmp_leftovers,
};

/// What `apply` prints once its plan is out (and before it takes the lock and acts) when
/// at least one notification stays: every corpus here has a suspicious one.
const PLAN_PRINTED: &str = "in the inbox (suspicious";
const LONG: Duration = Duration::from_secs(120);

/// A mix of every action: archive mostly, deletes by two rules, forwards, suspicious.
fn kind_mix(i: usize) -> Kind {
    match i {
        _ if i % 23 == 9 => Kind::Suspicious,
        _ if i % 17 == 5 => Kind::Forward,
        _ if i % 11 == 3 => Kind::SickNote,
        _ if i % 13 == 7 => Kind::Customs,
        _ => Kind::Archive,
    }
}

/// `apply --yes` running in the background, its output collected by threads.
struct Spawned {
    child: Child,
    plan_printed: Receiver<()>,
    stdout: JoinHandle<String>,
    stderr: JoinHandle<String>,
}

fn spawn_apply(sb: &Sandbox) -> Spawned {
    let mut child = sb
        .command(&["apply", "--yes"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start apply --yes");
    let (tx, plan_printed) = channel();
    let out = child.stdout.take().expect("stdout");
    let stdout = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if line.contains(PLAN_PRINTED) {
                let _ = tx.send(());
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let mut err = child.stderr.take().expect("stderr");
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    Spawned {
        child,
        plan_printed,
        stdout,
        stderr,
    }
}

impl Spawned {
    /// Waits until the plan is printed; false if the process ended first.
    fn wait_for_plan(&self) -> bool {
        self.plan_printed.recv_timeout(LONG).is_ok()
    }

    fn finish(mut self) -> (std::process::ExitStatus, Run) {
        let status = self.child.wait().expect("wait for apply");
        let stdout = self.stdout.join().expect("stdout thread");
        let run = Run {
            code: status.code(),
            raw_stdout: stdout.clone().into_bytes(),
            stdout,
            stderr: self.stderr.join().expect("stderr thread"),
        };
        (status, run)
    }
}

// --- consistency checks ---------------------------------------------------------------------

/// Where every original is now: each exactly once, byte for byte, and only at its inbox
/// path or its target. Returns index → relative path.
fn locate_all(sb: &Sandbox, corpus: &[Generated]) -> Vec<PathBuf> {
    let by_bytes: HashMap<&[u8], usize> = corpus
        .iter()
        .enumerate()
        .map(|(i, m)| (m.bytes.as_slice(), i))
        .collect();
    let mut at: Vec<Vec<PathBuf>> = vec![Vec::new(); corpus.len()];
    for (rel, bytes) in messages(&sb.mail()) {
        let Some(&i) = by_bytes.get(bytes.as_slice()) else {
            panic!(
                "{}: not one of the originals byte for byte (truncated, mixed or made up)",
                rel.display()
            );
        };
        at[i].push(rel);
    }
    let problems: Vec<String> = at
        .iter()
        .enumerate()
        .filter(|(_, places)| places.len() != 1)
        .map(|(i, places)| format!("{} is at {places:?}", corpus[i].file_name))
        .collect();
    assert!(
        problems.is_empty(),
        "each message exactly once: {problems:#?}"
    );
    assert!(
        tmp_leftovers(&sb.mail()).is_empty(),
        "nothing left in tmp/: {:?}",
        tmp_leftovers(&sb.mail())
    );
    at.into_iter().map(|mut p| p.remove(0)).collect()
}

/// After a kill (or any run): messages each once and where they may be; the journal has
/// no damaged line but `torn` and at most one line cut short per kill, at most one ok
/// entry per message, each true (its message is at its to_path), and at most `kills`
/// groups of moves that the journal misses (a kill between a group commit's moves and its
/// journal lines).
fn check_crash_state(sb: &Sandbox, corpus: &[Generated], kills: usize, torn: Option<&str>) {
    let places = locate_all(sb, corpus);
    for (m, rel) in corpus.iter().zip(&places) {
        assert!(
            *rel == m.inbox_rel() || *rel == m.target_rel(),
            "{} is at {}, neither the inbox nor {}",
            m.file_name,
            rel.display(),
            m.target_rel().display()
        );
    }
    let journal = sb.journal();
    let (ours, by_kills): (Vec<&String>, Vec<&String>) =
        journal.bad.iter().partition(|l| torn == Some(l.as_str()));
    assert_eq!(
        ours.len(),
        usize::from(torn.is_some()),
        "the torn line the test wrote is read as one damaged line: {:?}",
        journal.bad
    );
    // SIGKILL can cut a write(2) of more than a page short (the kernel checks for a fatal
    // signal between pages), so a kill during a group's journal write may leave the front
    // of a line. Such a fragment is never a claim (it is not JSON), and the next append
    // starts on a new line, so each kill leaves at most one (counting the torn line when
    // a kill, not the test, made it).
    for l in &by_kills {
        assert!(
            cut_short(l),
            "a damaged line that is not the front of an entry cut by a kill: {l}"
        );
    }
    let cut = by_kills.len() + usize::from(torn.is_some_and(|t| t != TEST_TORN));
    if cut > 0 {
        eprintln!("{cut} journal line(s) cut short by a kill");
    }
    assert!(
        cut <= kills,
        "{cut} lines cut short by {kills} kills: {:?}",
        journal.bad
    );
    assert!(journal.errors().is_empty(), "{:?}", journal.errors());
    let by_id: HashMap<&str, usize> = corpus
        .iter()
        .enumerate()
        .map(|(i, m)| (m.unique(), i))
        .collect();
    let mut journaled = vec![0usize; corpus.len()];
    for e in &journal.entries {
        let id = e["id"].as_str().expect("an id");
        let i = by_id[id];
        let m = &corpus[i];
        if e["result"] == "refused" {
            // a kill between a forward's `sending` and `sent` lines: the next run asks
            // instead of sending again, and changes nothing
            assert_eq!(e["action"], "forward", "{e}");
            assert!(
                e["error"]
                    .as_str()
                    .is_some_and(|t| t.contains("may have been sent")),
                "{e}"
            );
            // (it stays in the inbox until `--resend`, which journals its own entry)
            continue;
        }
        journaled[i] += 1;
        assert_eq!(e["result"], "ok");
        assert_eq!(e["action"], m.kind.action(), "{id}");
        assert_eq!(e["rule"], m.kind.rule(), "{id}");
        assert_eq!(e["from_path"], abs(sb, &m.inbox_rel()).as_str());
        assert_eq!(
            e["to_path"],
            abs(sb, &m.target_rel()).as_str(),
            "the journal's to_path"
        );
        assert_eq!(
            places[i],
            m.target_rel(),
            "the journal claims {id} was moved: it must be at its to_path"
        );
    }
    assert!(
        journaled.iter().all(|&n| n <= 1),
        "a message acted on more than once"
    );
    let unjournaled = corpus
        .iter()
        .zip(&places)
        .zip(&journaled)
        .filter(|((m, rel), n)| **rel != m.inbox_rel() && **n == 0)
        .count();
    // Archives and deletes are journaled by group commit (moves, one fsync per folder,
    // then their lines in one write): a kill between a group's moves and its journal
    // write leaves up to a whole group unjournaled, not just one move.
    let bound = kills * altinn_sweep::actions::GROUP_COMMIT;
    assert!(
        unjournaled <= bound,
        "{unjournaled} moves without a journal entry after {kills} kills (bound {bound})"
    );
}

/// The Message-IDs of forwards the journal calls unconfirmed (a kill came between their
/// `sending` and `sent` lines).
fn unconfirmed(sb: &Sandbox) -> BTreeSet<String> {
    sb.journal()
        .entries
        .iter()
        .filter(|e| e["result"] == "refused")
        .filter_map(|e| e["message_id"].as_str().map(str::to_string))
        .collect()
}

/// Each forward was sent once, or twice only if a kill left it unconfirmed and it was
/// sent again with `--resend` (at most one such forward per kill); none was never sent.
fn assert_each_forward_sent_once(sb: &Sandbox, forwards: &[&Generated], kills: usize) {
    let resent = unconfirmed(sb);
    assert!(resent.len() <= kills, "{resent:?} after {kills} kills");
    let sent = sb.sent();
    for m in forwards {
        let times = sent
            .iter()
            .filter(|s| attached_original(&s.message).as_deref() == Some(m.bytes.as_slice()))
            .count();
        let mid = header(&m.bytes, "Message-ID")
            .unwrap_or_default()
            .trim_matches(['<', '>'])
            .to_string();
        let allowed = if resent.contains(&mid) { 2 } else { 1 };
        assert!(
            (1..=allowed).contains(&times),
            "{} was sent {times} times (unconfirmed and resent: {})",
            m.file_name,
            resent.contains(&mid)
        );
    }
}

/// After a run that finished: everything done, only the suspicious mail left, each forward
/// sent exactly once, except one that a kill left unconfirmed and the clerk sent again
/// with `--resend` (then at most twice).
fn check_done(sb: &Sandbox, corpus: &[Generated], kills: usize) {
    let places = locate_all(sb, corpus);
    for (m, rel) in corpus.iter().zip(&places) {
        assert_eq!(*rel, m.target_rel(), "{:?} {}", m.kind, m.file_name);
    }
    let sent = sb.sent();
    let forwards: Vec<&Generated> = corpus.iter().filter(|m| m.kind == Kind::Forward).collect();
    for m in &forwards {
        assert!(
            sent.iter()
                .any(|s| attached_original(&s.message).as_deref() == Some(m.bytes.as_slice())),
            "{} was forwarded",
            m.file_name
        );
    }
    assert_each_forward_sent_once(sb, &forwards, kills);
    let run = sb.run(&["scan", "--json"]);
    run.expect_code(0, "scan --json");
    let left: Vec<String> = json_lines(&run.stdout)
        .iter()
        .map(|v| v["id"].as_str().expect("id").to_string())
        .collect();
    let suspicious: Vec<String> = corpus
        .iter()
        .filter(|m| m.kind == Kind::Suspicious)
        .map(|m| m.unique().to_string())
        .collect();
    let mut left_sorted = left.clone();
    left_sorted.sort();
    let mut want = suspicious.clone();
    want.sort();
    assert_eq!(left_sorted, want, "the inbox holds only what is skipped");
}

// --- 1. crash -----------------------------------------------------------------------------

const CRASH_MESSAGES: usize = 200;
/// Kills on one copy of the mailbox before a run is let finish and a fresh copy is taken.
const KILLS_PER_ROUND: usize = 5;

/// The line the test tears by hand.
const TEST_TORN: &str = "{\"entry\":\"torn-by-the-test\",\"ts\":\"2026-11-";

/// A line a kill cut short: the front of an entry, which a JSON reader reads to its end.
fn cut_short(line: &str) -> bool {
    line.starts_with("{\"") && matches!(serde_json::from_str::<Value>(line), Err(e) if e.is_eof())
}

/// What follows the journal's last line break (all of it when it has none).
fn journal_tail(sb: &Sandbox) -> Vec<u8> {
    let raw = std::fs::read(sb.journal_path()).unwrap_or_default();
    raw.rsplit(|&b| b == b'\n')
        .next()
        .unwrap_or_default()
        .to_vec()
}

/// Appends a torn line, as a crash in the middle of a write would leave, and checks that
/// `journal` reads past it: the torn line, or `None` to try again after the next kill.
/// When the kill already cut the last line short, that line is the torn one (appending
/// to it would only make it longer); when it cut a write just before a line break, the
/// last line is a whole entry and nothing is torn yet.
fn tear_journal(sb: &Sandbox) -> Option<String> {
    let tail = journal_tail(sb);
    let torn = if tail.is_empty() {
        support::append_raw(&sb.journal_path(), TEST_TORN.as_bytes());
        TEST_TORN.to_string()
    } else if serde_json::from_slice::<Value>(&tail).is_ok() {
        return None;
    } else {
        String::from_utf8_lossy(&tail).into_owned()
    };
    let journal = sb.journal();
    let valid = journal.entries.len() + journal.steps.len();
    let run = sb.run(&["journal", "--format", "json", "--since", "2000-01-01"]);
    run.expect_code(0, "journal --format json with a torn last line");
    assert!(
        run.stderr.contains("damaged line"),
        "a warning about the torn line:\n{}",
        run.stderr
    );
    assert_eq!(
        json_lines(&run.stdout).len(),
        valid,
        "every whole line is shown"
    );
    Some(torn)
}

/// An un-killed `apply --yes` succeeds, or refuses only forwards that a kill left
/// unconfirmed (exit 1).
fn assert_only_unconfirmed_refusals(code: Option<i32>, run: &Run) {
    match code {
        Some(0) => {}
        Some(1) => {
            let refusals: Vec<&str> = run
                .stderr
                .lines()
                .filter(|l| l.starts_with("refused: "))
                .collect();
            assert!(
                !refusals.is_empty() && refusals.iter().all(|l| l.contains("may have been sent")),
                "only unconfirmed forwards are refused:\n{}",
                run.stderr
            );
        }
        other => panic!("apply --yes ended with {other:?}:\n{}", run.stderr),
    }
}

/// Kills `apply --yes` (SIGKILL) at random points of its acting phase, `kills` times,
/// continuing on the same mailbox and journal until a run completes, then starting over on
/// a fresh copy. The delay is uniform between 0 and the time an un-killed run acts.
fn crash_chain(name: &str, default_seed: u64, kills_wanted: usize) {
    let seed = support::seed(default_seed);
    eprintln!("{name}: seed {seed} (ALTINN_SWEEP_TEST_SEED={seed} repeats it)");
    let mut rng = Rng(seed);
    let corpus = support::generate(CRASH_MESSAGES, kind_mix);
    let acted = corpus.iter().filter(|m| m.kind != Kind::Suspicious).count();

    let full = {
        let sb = sandbox_with(&corpus);
        let sp = spawn_apply(&sb);
        assert!(sp.wait_for_plan(), "the plan is printed");
        let t0 = Instant::now();
        let (status, run) = sp.finish();
        assert!(status.success(), "{}", run.stderr);
        check_crash_state(&sb, &corpus, 0, None);
        check_done(&sb, &corpus, 0);
        t0.elapsed()
    };
    eprintln!("{name}: an un-killed run acts for {full:?}");

    let mut kills = 0;
    let mut rounds = 0;
    while kills < kills_wanted {
        rounds += 1;
        let sb = sandbox_with(&corpus);
        let mut round_kills = 0;
        let mut torn: Option<String> = None;
        loop {
            // Between 0 and the time an un-killed run would act on what is left.
            let left = corpus
                .iter()
                .filter(|m| m.kind != Kind::Suspicious && sb.mail().join(m.inbox_rel()).exists())
                .count();
            let delay = full.mul_f64(rng.unit() * left as f64 / acted as f64);
            let last_of_round = round_kills + 1 == KILLS_PER_ROUND;
            let mut sp = spawn_apply(&sb);
            let planned = sp.wait_for_plan();
            if planned {
                std::thread::sleep(delay);
            }
            let _ = sp.child.kill();
            let (status, run) = sp.finish();
            if status.signal() == Some(libc::SIGKILL) {
                kills += 1;
                round_kills += 1;
                eprintln!(
                    "{name}: kill {kills} after {delay:?} with {left} to do; {} journaled",
                    sb.journal().entries.len()
                );
                check_crash_state(&sb, &corpus, round_kills, torn.as_deref());
                if round_kills >= 2 && torn.is_none() {
                    torn = tear_journal(&sb);
                }
                if kills >= kills_wanted || last_of_round {
                    break;
                }
            } else {
                assert_only_unconfirmed_refusals(status.code(), &run);
                break;
            }
        }
        // A run to the end finishes the job; forwards a kill left unconfirmed are only
        // sent again when the clerk says so.
        let run = sb.run(&["apply", "--yes"]);
        assert_only_unconfirmed_refusals(run.code, &run);
        if run.code == Some(1) {
            sb.run(&["apply", "--yes", "--resend"])
                .expect_code(0, "apply --yes --resend after an unconfirmed forward");
        }
        check_crash_state(&sb, &corpus, round_kills, torn.as_deref());
        check_done(&sb, &corpus, round_kills);
        // Every entry ends its line. What follows the last line break can only be a line
        // torn by the test or cut short by a kill (checked above), or a whole entry whose
        // line break a kill cut off, when the last run had nothing left to journal.
        let tail = journal_tail(&sb);
        assert!(
            tail.is_empty()
                || serde_json::from_slice::<Value>(&tail).is_ok()
                || sb
                    .journal()
                    .bad
                    .contains(&String::from_utf8_lossy(&tail).into_owned()),
            "every entry ends its line"
        );
    }
    eprintln!("{name}: {kills} kills in {rounds} rounds");
}

#[test]
fn sigkill_at_random_points_loses_nothing_chain_a() {
    crash_chain("chain a", 0x5EED_0001, 10);
}

#[test]
fn sigkill_at_random_points_loses_nothing_chain_b() {
    crash_chain("chain b", 0x5EED_0002, 10);
}

// --- 2. a sync tool meanwhile -------------------------------------------------------------

/// The current file of a message in the inbox, by its unique name.
fn find_in_inbox(sb: &Sandbox, unique: &str) -> Option<PathBuf> {
    for sub in ["cur", "new"] {
        let Ok(entries) = std::fs::read_dir(sb.folder("INBOX").join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.split(":2,").next() == Some(unique) {
                return Some(e.path());
            }
        }
    }
    None
}

/// What a sync tool does to a message: a new flag (in the same folder, same unique name),
/// `new/` → `cur/` (seen), or a move to another folder (another clerk, another client).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SyncOp {
    Flag,
    Seen,
    MoveAway,
}

/// Applies `op` to the message's current file; false if it was not in the inbox (any
/// more) or the rename lost a race.
fn sync_op(sb: &Sandbox, unique: &str, op: SyncOp) -> bool {
    let Some(path) = find_in_inbox(sb, unique) else {
        return false;
    };
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let in_new = path.parent().unwrap().ends_with("new");
    let to = match op {
        SyncOp::Flag => {
            let (u, flags) = name.split_once(":2,").unwrap_or((&name, ""));
            let mut f: Vec<char> = flags.chars().chain(['R']).collect();
            f.sort_unstable();
            f.dedup();
            let sub = if in_new { "new" } else { "cur" };
            sb.folder("INBOX")
                .join(sub)
                .join(format!("{u}:2,{}", f.into_iter().collect::<String>()))
        }
        SyncOp::Seen => {
            if !in_new {
                return false;
            }
            sb.folder("INBOX/cur").join(format!("{name}:2,S"))
        }
        SyncOp::MoveAway => sb
            .folder("Elsewhere")
            .join(if in_new { "new" } else { "cur" })
            .join(name_in_other_folder(&name, None)),
    };
    if to == path {
        return false;
    }
    std::fs::rename(&path, &to).is_ok()
}

#[test]
fn renames_and_moves_between_plan_and_action_are_followed() {
    let corpus = support::generate(45, kind_mix);
    let sb = sandbox_with(&corpus);
    sb.make_folders(&["Elsewhere"]);
    // apply scans and prints its plan, then waits for the lock we hold: the sync acts then.
    let lock = sb.hold_act_lock();
    let sp = spawn_apply(&sb);
    assert!(sp.wait_for_plan());
    let mut ops: BTreeMap<usize, SyncOp> = BTreeMap::new();
    for (i, m) in corpus.iter().enumerate() {
        let op = match i % 5 {
            _ if m.kind == Kind::Suspicious => continue,
            0 => SyncOp::MoveAway,
            1 | 3 if m.sub == "new" => SyncOp::Seen,
            1 | 3 => SyncOp::Flag,
            _ => continue,
        };
        assert!(sync_op(&sb, m.unique(), op), "{op:?} {}", m.file_name);
        ops.insert(i, op);
    }
    let now: HashMap<String, PathBuf> = corpus
        .iter()
        .filter_map(|m| Some((m.unique().to_string(), find_in_inbox(&sb, m.unique())?)))
        .collect();
    drop(lock);
    let (status, run) = sp.finish();
    assert!(status.success(), "{}\n{}", run.stdout, run.stderr);

    let moved_away = ops.values().filter(|o| **o == SyncOp::MoveAway).count();
    assert_eq!(
        run.stdout.matches("already handled elsewhere").count(),
        moved_away,
        "each message moved away is reported:\n{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("already handled {moved_away}.")),
        "{}",
        run.stdout
    );
    let after = messages(&sb.mail());
    assert_eq!(
        after.len(),
        corpus.len(),
        "nothing lost, nothing duplicated"
    );
    let journal = sb.journal();
    for (i, m) in corpus.iter().enumerate() {
        let entries = journal.for_id(m.unique());
        if ops.get(&i) == Some(&SyncOp::MoveAway) {
            assert!(
                entries.is_empty(),
                "no journal entry for a message gone elsewhere"
            );
            let rel = Path::new("Elsewhere")
                .join(m.sub)
                .join(name_in_other_folder(&m.file_name, None));
            assert!(
                after.get(&rel) == Some(&m.bytes),
                "{} untouched",
                rel.display()
            );
            continue;
        }
        let Some((folder, add)) = m.kind.target() else {
            assert!(after.get(&m.inbox_rel()) == Some(&m.bytes));
            continue;
        };
        // Moved from where the sync left it, under that name (flags and sub-folder kept).
        let current = &now[m.unique()];
        let sub = current.parent().unwrap().file_name().unwrap();
        let name = current.file_name().unwrap().to_string_lossy().into_owned();
        let rel = Path::new(folder)
            .join(sub)
            .join(name_in_other_folder(&name, add));
        assert!(
            after.get(&rel) == Some(&m.bytes),
            "{} ({:?}) must be at {}",
            m.file_name,
            ops.get(&i),
            rel.display()
        );
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0]["result"], "ok");
        assert_eq!(
            entries[0]["from_path"],
            current.display().to_string().as_str()
        );
        assert_eq!(entries[0]["to_path"], abs(&sb, &rel).as_str());
    }
}

/// The inbox is renamed under apply's feet: each message once, flags or sub-folder
/// changed, every sixth moved to another folder, in random order, while apply acts.
#[test]
fn a_sync_renaming_files_while_apply_acts_loses_and_duplicates_nothing() {
    let seed = support::seed(0x5117C);
    eprintln!("seed {seed}");
    let mut rng = Rng(seed);
    // No forwards here: a forward renamed during its send is a known bug, with its own
    // (ignored) tests below, and would make this one fail by chance.
    let corpus = support::generate(150, |i| match kind_mix(i) {
        Kind::Forward => Kind::Archive,
        k => k,
    });
    let sb = Arc::new(sandbox_with(&corpus));
    sb.make_folders(&["Elsewhere"]);
    let mut order: Vec<usize> = (0..corpus.len())
        .filter(|&i| corpus[i].kind != Kind::Suspicious)
        .collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let sp = spawn_apply(&sb);
    assert!(sp.wait_for_plan());
    let done = Arc::new(AtomicBool::new(false));
    let sync = {
        let (sb, done, corpus) = (Arc::clone(&sb), Arc::clone(&done), corpus.clone());
        std::thread::spawn(move || {
            let mut moved_away = Vec::new();
            for (n, i) in order.into_iter().enumerate() {
                if done.load(Ordering::Relaxed) {
                    break;
                }
                let m = &corpus[i];
                let op = if n % 6 == 0 {
                    SyncOp::MoveAway
                } else if m.sub == "new" {
                    SyncOp::Seen
                } else {
                    SyncOp::Flag
                };
                if sync_op(&sb, m.unique(), op) && op == SyncOp::MoveAway {
                    moved_away.push(i);
                }
                std::thread::sleep(Duration::from_millis(3));
            }
            moved_away
        })
    };
    let (status, run) = sp.finish();
    done.store(true, Ordering::Relaxed);
    let moved_away = sync.join().expect("the sync thread");
    assert!(status.success(), "{}\n{}", run.stdout, run.stderr);

    let check = |final_run: bool| {
        let after = messages(&sb.mail());
        let journal = sb.journal();
        assert!(journal.bad.is_empty() && journal.errors().is_empty());
        assert_eq!(
            after.len(),
            corpus.len(),
            "nothing lost, nothing duplicated"
        );
        let mut still_in_inbox = 0;
        for (i, m) in corpus.iter().enumerate() {
            let found: Vec<&PathBuf> = after
                .iter()
                .filter(|(_, b)| **b == m.bytes)
                .map(|(p, _)| p)
                .collect();
            assert_eq!(found.len(), 1, "{} is at {found:?}", m.file_name);
            let rel = found[0];
            let folder = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let name = rel.file_name().unwrap().to_string_lossy().into_owned();
            let unique = name.split(":2,").next().unwrap().to_string();
            let entries = journal.for_id(m.unique());
            if moved_away.contains(&i) {
                assert_eq!(folder, "Elsewhere", "{}", m.file_name);
                assert!(
                    entries.is_empty(),
                    "the journal claims nothing for {}",
                    m.file_name
                );
            } else if folder == "INBOX" {
                assert_eq!(unique, m.unique());
                assert!(entries.is_empty());
                if m.kind != Kind::Suspicious {
                    still_in_inbox += 1;
                }
            } else {
                let (want_folder, add) = m.kind.target().expect("acted on");
                assert_eq!(folder, want_folder, "{}", m.file_name);
                assert_eq!(unique, name_in_other_folder(m.unique(), None));
                let flags = name.split(":2,").nth(1).unwrap_or("");
                if let Some(f) = add {
                    assert!(flags.contains(f));
                }
                assert_eq!(entries.len(), 1, "{}", m.file_name);
                assert_eq!(entries[0]["to_path"], abs(&sb, rel).as_str());
            }
        }
        if final_run {
            assert_eq!(still_in_inbox, 0, "the second run finished the job");
        }
        still_in_inbox
    };
    let left = check(false);
    // Everything the sync moved away was planned, so it is reported; anything else reported
    // gone must have been left in the inbox (see the ignored test below), never lost.
    assert_eq!(
        run.stdout.matches("already handled elsewhere").count(),
        moved_away.len() + left,
        "{}",
        run.stdout
    );
    sb.run(&["apply", "--yes"]).expect_code(0, "the second run");
    check(true);
}

#[test]
fn a_message_renamed_by_a_sync_during_the_move_is_found_again_not_reported_gone() {
    // A sync tool that keeps changing the flags of the messages in cur/ (S ⇄ RS), as a
    // busy IMAP sync can: the moment between apply finding a file and renaming it is hit.
    // Nothing leaves the inbox but by apply, so "already handled elsewhere" is always
    // wrong here. (A run that gives up on a message with an error is honest; not this.)
    for attempt in 1..=5 {
        let (sb, corpus, run) = apply_while_a_sync_flips_flags(60, Kind::Archive);
        let left: Vec<String> = corpus
            .iter()
            .filter(|m| m.kind != Kind::Suspicious && find_in_inbox(&sb, m.unique()).is_some())
            .map(|m| m.file_name.clone())
            .collect();
        assert_eq!(
            run.stdout.matches("already handled elsewhere").count(),
            0,
            "attempt {attempt}: reported as handled elsewhere, yet nothing moved them; \
             still in the inbox: {left:?}\n{}",
            run.stdout
        );
    }
}

/// `apply --yes` on `n` messages, the last suspicious (so that the plan is printed) and the
/// others of `kind`, while a busy sync flips the flags of those in cur/ until apply ends;
/// then every message must be found exactly once ([`locate_all`]).
fn apply_while_a_sync_flips_flags(n: usize, kind: Kind) -> (Arc<Sandbox>, Vec<Generated>, Run) {
    let corpus = support::generate(n, |i| if i == n { Kind::Suspicious } else { kind });
    let sb = Arc::new(sandbox_with(&corpus));
    let sp = spawn_apply(&sb);
    assert!(sp.wait_for_plan());
    let flipper = FlagFlipper::start(&sb, &corpus);
    let (_status, run) = sp.finish();
    flipper.stop();
    locate_all(&sb, &corpus);
    (sb, corpus, run)
}

/// A busy sync: flips the flags of the corpus's messages written to cur/ (S ⇄ RS), over
/// and over, until stopped (or [`LONG`] has passed).
struct FlagFlipper {
    done: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

impl FlagFlipper {
    fn start(sb: &Arc<Sandbox>, corpus: &[Generated]) -> FlagFlipper {
        let busy: Vec<String> = corpus
            .iter()
            .filter(|m| m.sub == "cur")
            .map(|m| m.unique().to_string())
            .collect();
        let done = Arc::new(AtomicBool::new(false));
        let (sb, until) = (Arc::clone(sb), Arc::clone(&done));
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + LONG;
            while !until.load(Ordering::Relaxed) && Instant::now() < deadline {
                for u in &busy {
                    let Some(p) = find_in_inbox(&sb, u) else {
                        continue;
                    };
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    let to = if name.ends_with(":2,RS") {
                        format!("{u}:2,S")
                    } else {
                        format!("{u}:2,RS")
                    };
                    let _ = std::fs::rename(&p, p.with_file_name(to));
                }
            }
        });
        FlagFlipper { done, thread }
    }

    /// Stops the flipping and waits for the last rename.
    fn stop(self) {
        self.done.store(true, Ordering::Relaxed);
        self.thread.join().expect("flipper");
    }
}

/// SIGKILLs at random points while a sync keeps renaming the messages (flag changes):
/// each forward goes out once (twice only if a kill left it unconfirmed and the clerk
/// sent it again with `--resend`), each message is in exactly one place, and every
/// forwarded original in Trash has its journal entry (a later run completes the journal
/// of a forward whose move a kill left unjournaled).
#[test]
fn sigkill_storm_with_a_renaming_sync_sends_each_forward_once() {
    let seed = support::seed(0x5EED_0003);
    eprintln!("storm: seed {seed} (ALTINN_SWEEP_TEST_SEED={seed} repeats it)");
    let mut rng = Rng(seed);
    let n = 16;
    let corpus = support::generate(n + 1, |i| {
        if i == n + 1 {
            Kind::Suspicious
        } else {
            Kind::Forward
        }
    });
    let sb = Arc::new(sandbox_with(&corpus));
    let flipper = FlagFlipper::start(&sb, &corpus);
    let forwards: Vec<&Generated> = corpus.iter().filter(|m| m.kind == Kind::Forward).collect();
    let mut kills = 0;
    for _ in 0..25 {
        let left = forwards
            .iter()
            .filter(|m| find_in_inbox(&sb, m.unique()).is_some())
            .count();
        if left == 0 {
            break;
        }
        let mut sp = spawn_apply(&sb);
        if sp.wait_for_plan() {
            // a forward through the fake sendmail takes a few milliseconds
            std::thread::sleep(Duration::from_millis(
                (rng.unit() * 8.0 * left as f64) as u64,
            ));
        }
        let _ = sp.child.kill();
        let (status, run) = sp.finish();
        if status.signal() == Some(libc::SIGKILL) {
            kills += 1;
        } else {
            assert_only_unconfirmed_refusals(status.code(), &run);
        }
    }
    flipper.stop();
    eprintln!("storm: {kills} kills");
    let run = sb.run(&["apply", "--yes"]);
    assert_only_unconfirmed_refusals(run.code, &run);
    if run.code == Some(1) {
        sb.run(&["apply", "--yes", "--resend"])
            .expect_code(0, "apply --yes --resend after an unconfirmed forward");
    }
    let places = locate_all(&sb, &corpus);
    for (m, rel) in corpus.iter().zip(&places) {
        if m.kind == Kind::Forward {
            assert!(
                rel.starts_with("Trash"),
                "{} is at {}",
                m.file_name,
                rel.display()
            );
        }
    }
    assert_each_forward_sent_once(&sb, &forwards, kills);
    let journal = sb.journal();
    for m in &forwards {
        assert!(
            journal
                .entries
                .iter()
                .any(|e| e["id"] == m.unique() && e["action"] == "forward" && e["result"] == "ok"),
            "{} is in Trash without a journal entry",
            m.file_name
        );
    }
}

/// A kill between the move of a forwarded original and its journal line (simulated: the
/// final line is cut off the journal) leaves `sending` and `sent` only; the next run
/// journals the move it finds done, with a note, and sends nothing.
#[test]
fn a_forward_moved_but_not_journaled_is_completed_by_the_next_run() {
    let (sb, corpus, run) = forward_with_sync_during_send("true");
    run.expect_code(0, "apply --yes");
    let m = &corpus[0];
    let raw = std::fs::read_to_string(sb.journal_path()).expect("the journal");
    let kept: Vec<&str> = raw
        .lines()
        .filter(|l| !(l.contains("\"action\":\"forward\"") && l.contains(m.unique())))
        .collect();
    assert_eq!(
        kept.len() + 1,
        raw.lines().count(),
        "one final forward line cut"
    );
    std::fs::write(sb.journal_path(), kept.join("\n") + "\n").expect("rewrite the journal");
    let again = sb.run(&["apply", "--yes"]);
    again.expect_code(0, "the next run");
    assert!(
        again.stdout.contains("journaled by a later run"),
        "{}",
        again.stdout
    );
    assert_eq!(sb.sent().len(), 1, "nothing sent again");
    let j = sb.journal();
    let e = j.for_id(m.unique());
    assert!(
        e.len() == 1
            && e[0]["action"] == "forward"
            && e[0]["result"] == "ok"
            && e[0]["to_path"]
                .as_str()
                .is_some_and(|p| p.contains("/Trash/"))
            && e[0]["intent"] == j.steps[0]["entry"],
        "{e:?}"
    );
    // and only once: a third run finds nothing to complete
    sb.run(&["apply", "--yes"]).expect_code(0, "a third run");
    assert_eq!(sb.journal().for_id(m.unique()).len(), 1);
}

#[test]
fn a_forward_renamed_by_a_sync_is_found_again_not_failed() {
    for attempt in 1..=5 {
        let (sb, _corpus, run) = apply_while_a_sync_flips_flags(40, Kind::Forward);
        let vanished: Vec<String> = sb
            .journal()
            .errors()
            .iter()
            .filter_map(|e| e["error"].as_str())
            .filter(|e| e.contains("No such file"))
            .map(str::to_string)
            .collect();
        assert!(
            vanished.is_empty(),
            "attempt {attempt}: forwards failed because a sync renamed the file: {vanished:?}\n{}",
            run.stderr
        );
    }
}

/// One forward case (`INBOX/cur/1800000000.1_1.gen,U=1:2,S`) and a suspicious one; apply
/// runs with `during_send` executed by the fake sendmail while apply waits for it.
fn forward_with_sync_during_send(during_send: &str) -> (Sandbox, Vec<Generated>, Run) {
    let corpus = support::generate(2, |i| {
        if i == 1 {
            Kind::Forward
        } else {
            Kind::Suspicious
        }
    });
    assert_eq!(corpus[0].file_name, "1800000000.1_1.gen,U=1:2,S");
    let sb = sandbox_with(&corpus);
    sb.make_folders(&["Elsewhere"]);
    let run = Run::from_output(
        sb.command(&["apply", "--yes"])
            .env("FAKE_SENDMAIL_THEN", during_send)
            .output()
            .expect("run apply"),
    );
    (sb, corpus, run)
}

/// The move after a sent forward fails (here: the Trash folder vanishes while sendmail
/// runs, after the up-front check): the journal already says `sent`, so the next run
/// moves the original without sending it again; `--resend` would.
#[test]
fn a_forward_is_never_sent_twice_when_its_move_failed() {
    let (sb, corpus, run) = forward_with_sync_during_send("mv Mail/Trash Mail/Trash.away");
    let m = &corpus[0];
    run.expect_code(1, "apply --yes whose move fails after the send");
    assert_eq!(sb.sent().len(), 1, "the forward was sent");
    let j = sb.journal();
    let e = j.for_id(m.unique());
    assert!(
        e.len() == 1
            && e[0]["result"] == "error"
            && e[0]["error"]
                .as_str()
                .is_some_and(|t| t.starts_with("forwarded to")),
        "{e:?}"
    );
    assert_eq!(
        j.steps
            .iter()
            .map(|s| s["action"].clone())
            .collect::<Vec<_>>(),
        ["sending", "sent"]
    );
    std::fs::rename(sb.mail().join("Trash.away"), sb.folder("Trash")).expect("Trash back");
    let again = sb.run(&["apply", "--yes"]);
    again.expect_code(0, "the next run");
    assert_eq!(sb.sent().len(), 1, "not sent a second time");
    assert!(
        again.stdout.contains("already forwarded before"),
        "{}",
        again.stdout
    );
    let moved = Path::new("Trash/cur/1800000000.1_1.gen:2,PS");
    assert_eq!(messages(&sb.mail()).get(moved), Some(&m.bytes));
    let last = sb.journal().entries.last().cloned().expect("an entry");
    assert_eq!(last["result"], "ok");
    assert!(
        last.get("transport").is_none(),
        "this entry sent nothing: {last}"
    );
}

/// Two clerks (their own journals, one mail root) apply at once: the lock in the mail root
/// makes one wait, and each forward goes out once.
#[test]
fn two_clerks_on_one_mail_root_forward_each_message_once() {
    let corpus = support::generate(60, kind_mix);
    let sb = sandbox_with(&corpus);
    let clerk = |user: &str| {
        sb.command(&["apply", "--yes"])
            .env("USER", user)
            .env("XDG_DATA_HOME", sb.root.join(format!("data-{user}")))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start apply --yes")
    };
    let (a, b) = (clerk("kari"), clerk("ola"));
    for child in [a, b] {
        let out = child.wait_with_output().expect("apply ends");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let places = locate_all(&sb, &corpus);
    for (m, rel) in corpus.iter().zip(&places) {
        assert_eq!(*rel, m.target_rel());
    }
    let forwards: Vec<&Generated> = corpus.iter().filter(|m| m.kind == Kind::Forward).collect();
    assert!(!forwards.is_empty());
    let sent = sb.sent();
    for m in &forwards {
        let times = sent
            .iter()
            .filter(|s| attached_original(&s.message).as_deref() == Some(m.bytes.as_slice()))
            .count();
        assert_eq!(times, 1, "{} sent {times} times", m.file_name);
    }
    let journaled: usize = ["kari", "ola"]
        .iter()
        .map(|u| {
            support::read_journal(
                &sb.root
                    .join(format!("data-{u}"))
                    .join("altinn-sweep/journal.jsonl"),
            )
            .ok_actions()
            .len()
        })
        .sum();
    let acted = corpus.iter().filter(|m| m.kind.target().is_some()).count();
    assert_eq!(journaled, acted, "one entry per message over both journals");
}

/// A second `apply --yes` or `undo` says who holds the lock and gives up after `--wait`.
#[test]
fn a_held_lock_is_named_and_waited_for_a_bounded_time() {
    let corpus = small_corpus();
    let sb = sandbox_with(&corpus);
    let before = messages(&sb.mail());
    let _held = sb.hold_act_lock();
    for args in [
        &["apply", "--yes", "--wait", "1"][..],
        &["undo", "--wait", "1"],
    ] {
        let t0 = Instant::now();
        let run = sb.run(args);
        run.expect_code(1, &format!("{args:?} with the lock held"));
        assert!(t0.elapsed() < Duration::from_secs(15), "{:?}", t0.elapsed());
        for fact in [
            "pid 4242",
            "otherclerk",
            "2026-12-01 08:15:00",
            "gave up after 1 s",
        ] {
            assert!(run.stderr.contains(fact), "{fact}: {}", run.stderr);
        }
    }
    assert_eq!(messages(&sb.mail()), before, "nothing moved");
}

#[test]
fn a_forward_whose_original_a_sync_renames_during_the_send_is_moved_and_journaled() {
    let (sb, corpus, run) = forward_with_sync_during_send(
        "mv 'Mail/INBOX/cur/1800000000.1_1.gen,U=1:2,S' 'Mail/INBOX/cur/1800000000.1_1.gen,U=1:2,RS'",
    );
    let m = &corpus[0];
    assert_eq!(sb.sent().len(), 1, "the forward was sent");
    let j = sb.journal();
    let entries = j.for_id(m.unique());
    assert_eq!(
        entries.len(),
        1,
        "the sent forward is journaled:\n{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(entries[0]["result"], "ok");
    let moved = Path::new("Trash/cur/1800000000.1_1.gen:2,PRS");
    assert!(
        messages(&sb.mail()).get(moved) == Some(&m.bytes),
        "the original went to Trash with P (and the sync's R)"
    );
    run.expect_code(0, "apply --yes");
    sb.run(&["apply", "--yes"]).expect_code(0, "a second run");
    assert_eq!(sb.sent().len(), 1, "not forwarded twice");
}

#[test]
fn a_forward_whose_original_is_moved_away_during_the_send_is_still_journaled() {
    let (sb, corpus, run) = forward_with_sync_during_send(
        "mv 'Mail/INBOX/cur/1800000000.1_1.gen,U=1:2,S' Mail/Elsewhere/cur/",
    );
    let m = &corpus[0];
    assert_eq!(sb.sent().len(), 1, "the forward was sent");
    let j = sb.journal();
    let entries = j.for_id(m.unique());
    assert!(
        entries.len() == 1
            && entries[0]["action"] == "forward"
            && entries[0]["forward_to"] == support::PAYROLL,
        "a forward that went out is in the journal: {entries:?}\n{}{}",
        run.stdout,
        run.stderr
    );
    locate_all(&sb, &corpus);
}

// --- 3. two clerks at once ------------------------------------------------------------------

#[test]
fn two_apply_processes_at_once_act_on_each_message_once() {
    let corpus = support::generate(90, kind_mix);
    let sb = sandbox_with(&corpus);
    let a = spawn_apply(&sb);
    let b = spawn_apply(&sb);
    let (sa, ra) = a.finish();
    let (sb_status, rb) = b.finish();
    assert!(sa.success(), "{}", ra.stderr);
    assert!(sb_status.success(), "{}", rb.stderr);

    let places = locate_all(&sb, &corpus);
    for (m, rel) in corpus.iter().zip(&places) {
        assert_eq!(*rel, m.target_rel());
    }
    let raw = std::fs::read_to_string(sb.journal_path()).expect("the journal");
    assert!(raw.ends_with('\n'));
    for line in raw.lines() {
        assert!(
            serde_json::from_str::<Value>(line).is_ok_and(|v| v.is_object()),
            "a whole JSON object per line: {line:?}"
        );
    }
    let journal = sb.journal();
    let acted: Vec<&Generated> = corpus
        .iter()
        .filter(|m| m.kind.target().is_some())
        .collect();
    assert_eq!(journal.entries.len(), acted.len(), "one entry per message");
    for m in &acted {
        let e = journal.for_id(m.unique());
        assert_eq!(e.len(), 1, "{}", m.file_name);
        assert_eq!(e[0]["result"], "ok");
    }
    let forwards = corpus.iter().filter(|m| m.kind == Kind::Forward).count();
    assert_eq!(sb.sent().len(), forwards, "no forward sent twice");
    // Each process planned what it scanned; of that, it did some and found the rest gone.
    let mail = sb.mail().display().to_string();
    let planned = |r: &Run| r.stdout.lines().filter(|l| l.contains(&mail)).count();
    let gone = |r: &Run| r.stdout.matches("already handled elsewhere").count();
    assert_eq!(
        planned(&ra) + planned(&rb),
        acted.len() + gone(&ra) + gone(&rb),
        "what one did, the other reported as handled elsewhere:\n{}\n{}",
        ra.stdout,
        rb.stdout
    );
}

// --- 4. unwritable folders ------------------------------------------------------------------

/// Whether mounts in a private mount namespace work here (root with CAP_SYS_ADMIN,
/// `unshare` present). Checked once.
fn mount_namespaces() -> Result<(), String> {
    static CHECK: OnceLock<Result<(), String>> = OnceLock::new();
    CHECK
        .get_or_init(|| {
            let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
            let out = std::process::Command::new("unshare")
                .args(["--mount", "--propagation", "private", "sh", "-c"])
                .arg("mount -t tmpfs -o size=64k tmpfs \"$1\" && touch \"$1/x\"")
                .arg("sh")
                .arg(dir.path())
                .output()
                .map_err(|e| format!("cannot run unshare: {e}"))?;
            if out.status.success() {
                Ok(())
            } else {
                Err(format!(
                    "unshare --mount + mount -t tmpfs failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ))
            }
        })
        .clone()
}

/// Runs `altinn-sweep ARGS` inside a private mount namespace after `setup` (shell, run in
/// the sandbox folder), then `post`. The mounts vanish with the namespace.
fn run_in_mount_namespace(sb: &Sandbox, setup: &str, args: &[&str], post: &str) -> Run {
    let script = format!(
        "if ! ( set -e; {setup} ); then echo 'namespace setup failed' >&2; exit 97; fi\n\
         \"$0\" \"$@\"; rc=$?\n{post}\nexit $rc"
    );
    let run = Run::from_output(
        sb.wrapped(
            &[
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                &script,
            ],
            args,
        )
        .output()
        .expect("run unshare"),
    );
    assert_ne!(
        run.code,
        Some(97),
        "the namespace setup failed: {}",
        run.stderr
    );
    run
}

/// Three archive cases, two delete cases, one suspicious.
fn small_corpus() -> Vec<Generated> {
    support::generate(6, |i| match i {
        1 | 4 | 5 => Kind::Archive,
        2 => Kind::SickNote,
        3 => Kind::Customs,
        _ => Kind::Suspicious,
    })
}

/// Every message is either done or still in the inbox unchanged, as `stays` says; those
/// that stayed have one `error` entry; returns the journal errors' texts.
fn assert_stayed(
    sb: &Sandbox,
    corpus: &[Generated],
    stays: impl Fn(&Generated) -> bool,
) -> Vec<String> {
    let places = locate_all(sb, corpus);
    let journal = sb.journal();
    let mut errors = Vec::new();
    for (m, rel) in corpus.iter().zip(&places) {
        let entries = journal.for_id(m.unique());
        if stays(m) && m.kind.target().is_some() {
            assert_eq!(*rel, m.inbox_rel(), "{} stays in the inbox", m.file_name);
            assert_eq!(entries.len(), 1, "{} has an error entry", m.file_name);
            let e = entries[0];
            assert!(e["result"] == "error" || e["result"] == "refused", "{e}");
            assert_eq!(e["to_path"], Value::Null);
            assert_eq!(e["from_path"], abs(sb, &m.inbox_rel()).as_str());
            errors.push(e["error"].as_str().unwrap_or("").to_string());
        } else {
            assert_eq!(*rel, m.target_rel(), "{} is done", m.file_name);
            if m.kind.target().is_some() {
                assert_eq!(entries.len(), 1);
                assert_eq!(entries[0]["result"], "ok");
            }
        }
    }
    errors
}

/// How the archive folder was made unwritable.
#[derive(Debug, PartialEq, Eq)]
enum Unwritable {
    /// chmod 0555 (not root: permissions stop us).
    Chmod,
    /// A read-only bind mount in a private mount namespace (root).
    ReadOnlyMount,
    /// Root without mounts: `cur/` and `new/` replaced by plain files.
    NotAFolder,
}

/// Runs `apply --yes` with the archive folder unwritable.
fn apply_with_unwritable_archive(sb: &Sandbox) -> (Run, Unwritable) {
    use std::os::unix::fs::PermissionsExt;
    let altinn = sb.folder("Altinn");
    if !support::running_as_root() {
        let set = |mode| {
            for sub in ["cur", "new", "tmp"] {
                std::fs::set_permissions(altinn.join(sub), std::fs::Permissions::from_mode(mode))
                    .expect("chmod");
            }
        };
        set(0o555);
        let run = sb.run(&["apply", "--yes"]);
        set(0o755);
        return (run, Unwritable::Chmod);
    }
    match mount_namespaces() {
        Ok(()) => (
            run_in_mount_namespace(
                sb,
                "mount --bind Mail/Altinn Mail/Altinn && mount -o remount,bind,ro Mail/Altinn",
                &["apply", "--yes"],
                "",
            ),
            Unwritable::ReadOnlyMount,
        ),
        Err(why) => {
            eprintln!(
                "root and no mounts ({why}): chmod does not stop root, so Altinn/cur and \
                 Altinn/new are replaced by plain files instead"
            );
            for sub in ["cur", "new"] {
                std::fs::remove_dir(altinn.join(sub)).expect("remove");
                std::fs::write(altinn.join(sub), "not a folder").expect("write");
            }
            (sb.run(&["apply", "--yes"]), Unwritable::NotAFolder)
        }
    }
}

#[test]
fn read_only_archive_folder_keeps_the_messages_in_the_inbox() {
    let corpus = small_corpus();
    let sb = sandbox_with(&corpus);
    let (run, how) = apply_with_unwritable_archive(&sb);
    eprintln!("archive folder made unwritable by {how:?}");
    run.expect_code(1, "apply --yes with a read-only archive folder");
    let archives = corpus.iter().filter(|m| m.kind == Kind::Archive).count();
    assert!(
        run.stdout.contains(&format!("failed {archives}")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("delete 2"),
        "the deletes still happen:\n{}",
        run.stdout
    );
    assert_eq!(
        run.stderr.matches("error: ").count(),
        archives,
        "{}",
        run.stderr
    );
    let errors = assert_stayed(&sb, &corpus, |m| m.kind == Kind::Archive);
    assert!(errors.iter().all(|e| !e.is_empty()));
}

#[test]
fn read_only_archive_folder_error_names_the_folder() {
    let corpus = small_corpus();
    let sb = sandbox_with(&corpus);
    let (run, how) = apply_with_unwritable_archive(&sb);
    eprintln!("archive folder made unwritable by {how:?}");
    run.expect_code(1, "apply --yes with a read-only archive folder");
    let folder = sb.folder("Altinn").display().to_string();
    for line in run.stderr.lines().filter(|l| l.starts_with("error: ")) {
        assert!(line.contains(&folder), "the error names {folder}: {line}");
    }
    for e in assert_stayed(&sb, &corpus, |m| m.kind == Kind::Archive) {
        assert!(
            e.contains(&folder),
            "the journaled error names {folder}: {e}"
        );
    }
}

#[test]
fn missing_trash_folder_is_a_clear_error_and_the_rest_is_done() {
    let corpus = small_corpus();
    let sb = sandbox_with(&corpus);
    std::fs::remove_dir_all(sb.folder("Trash")).expect("remove Trash");
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(1, "apply --yes without a Trash folder");
    let trash = sb.folder("Trash").display().to_string();
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("refused: "))
        .collect();
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    for l in errors {
        assert!(l.contains(&trash) && l.contains("does not exist"), "{l}");
    }
    // the plan already said so
    let plan = sb.run(&["apply"]);
    assert_eq!(
        plan.stdout.matches("refused: the folder").count(),
        2,
        "{}",
        plan.stdout
    );
    assert!(
        sb.journal()
            .entries
            .iter()
            .filter(|e| e["result"] == "refused")
            .all(|e| e["error"].as_str().is_some_and(|t| t.contains(&trash))),
        "refusals are journaled with the folder"
    );
    assert!(run.stdout.contains("archive 3"), "{}", run.stdout);
    for e in assert_stayed(&sb, &corpus, |m| {
        m.kind.target().is_some_and(|(f, _)| f == "Trash")
    }) {
        assert!(e.contains(&trash), "{e}");
    }
    assert!(
        !sb.folder("Trash").exists(),
        "the tool does not invent the folder"
    );
    assert!(
        sb.sent().is_empty(),
        "nothing is sent when its original could not be moved"
    );
}

// --- 5. full disks --------------------------------------------------------------------------

/// The journal could not be written: apply says so with the journal's path and exits 1;
/// the mail itself is intact (each message once).
fn assert_journal_failure_reported(sb: &Sandbox, corpus: &[Generated], run: &Run) {
    run.expect_code(1, "apply --yes with the journal on a full disk");
    let path = sb.journal_path().display().to_string();
    assert!(
        run.stderr.contains("journal")
            && run.stderr.contains(&path)
            && run.stderr.contains("No space left on device"),
        "the journal failure is reported with its path:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("was done"),
        "and that the move itself happened:\n{}",
        run.stderr
    );
    locate_all(sb, corpus);
}

/// A symlink in place of the journal (here to /dev/full) is never followed: apply says so
/// with the journal's path before it moves anything, and exits 1.
#[test]
fn a_journal_that_is_a_symlink_is_refused_before_anything_is_done() {
    let corpus = small_corpus();
    let sb = sandbox_with(&corpus);
    std::fs::create_dir_all(sb.data_dir()).expect("data dir");
    std::os::unix::fs::symlink("/dev/full", sb.journal_path()).expect("symlink /dev/full");
    let before = messages(&sb.mail());
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(1, "apply --yes with a symlinked journal");
    let path = sb.journal_path().display().to_string();
    assert!(
        run.stderr.contains(&path) && run.stderr.contains("symbolic link"),
        "{}",
        run.stderr
    );
    assert_eq!(messages(&sb.mail()), before, "nothing was moved");
    assert!(sb.sent().is_empty(), "nothing was sent");
    let undo = sb.run(&["undo"]);
    undo.expect_code(1, "undo with a symlinked journal");
    assert!(undo.stderr.contains("symbolic link"), "{}", undo.stderr);
}

#[test]
fn apply_stops_acting_once_the_journal_cannot_be_written() {
    let corpus = small_corpus();
    let sb = sandbox_with(&corpus);
    std::fs::create_dir_all(sb.data_dir()).expect("data dir");
    std::os::unix::fs::symlink("/dev/full", sb.journal_path()).expect("symlink /dev/full");
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(1, "apply --yes with the journal on /dev/full");
    let places = locate_all(&sb, &corpus);
    let moved = corpus
        .iter()
        .zip(&places)
        .filter(|(m, rel)| **rel != m.inbox_rel())
        .count();
    assert!(
        moved <= 1,
        "{moved} messages moved without a journal line; the first failure should stop the \
         run:\n{}{}",
        run.stdout,
        run.stderr
    );
}

/// Fails the (ignored by default) test when mounts in a private namespace do not work
/// here: it was asked to run, so it must not pass without running.
fn require_mount_namespaces() {
    if let Err(why) = mount_namespaces() {
        panic!("this test needs root and `unshare --mount` (mount namespaces): {why}");
    }
}

#[test]
#[ignore = "needs root and mount namespaces (unshare --mount); .ci/run runs it"]
fn journal_on_a_full_file_system_is_reported_and_exits_1() {
    require_mount_namespaces();
    let corpus = small_corpus();
    let sb = sandbox_with(&corpus);
    let data = sb.data_dir();
    std::fs::create_dir_all(&data).expect("data dir");
    let setup = format!(
        "mount -t tmpfs -o size=32k,mode=0700 tmpfs '{d}' && : > '{d}/act.lock' && \
         : > '{d}/journal.jsonl' && (dd if=/dev/zero of='{d}/filler' bs=4k 2>/dev/null || true)",
        d = data.display()
    );
    let run = run_in_mount_namespace(&sb, &setup, &["apply", "--yes"], "");
    assert_journal_failure_reported(&sb, &corpus, &run);
}

/// Runs `apply --yes` with Trash on its own tmpfs of `size`, optionally filled up and with
/// a leftover in its tmp/; the Trash tree is copied out (to `trash-copy/`) afterwards.
fn apply_with_trash_on_tmpfs(sb: &Sandbox, size: &str, fill: bool, stale_tmp: Option<&str>) -> Run {
    let mut setup = format!(
        "mount -t tmpfs -o size={size} tmpfs Mail/Trash && mkdir Mail/Trash/cur Mail/Trash/new Mail/Trash/tmp"
    );
    if let Some(name) = stale_tmp {
        setup.push_str(&format!(
            " && printf 'partial copy' > 'Mail/Trash/tmp/{name}'"
        ));
    }
    if fill {
        setup.push_str(" && (dd if=/dev/zero of=Mail/Trash/filler bs=4k 2>/dev/null || true)");
    }
    run_in_mount_namespace(
        sb,
        &setup,
        &["apply", "--yes"],
        "mkdir -p trash-copy && cp -a Mail/Trash/cur Mail/Trash/new Mail/Trash/tmp trash-copy/",
    )
}

#[test]
#[ignore = "needs root and mount namespaces (unshare --mount); .ci/run runs it"]
fn full_trash_on_another_file_system_keeps_the_messages_in_the_inbox() {
    require_mount_namespaces();
    let corpus = small_corpus();
    let sb = sandbox_with(&corpus);
    let run = apply_with_trash_on_tmpfs(&sb, "64k", true, None);
    run.expect_code(1, "apply --yes with a full Trash file system");
    assert!(
        run.stderr.contains("No space left on device"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("archive 3"), "{}", run.stdout);
    // Trash (inside the namespace) is empty: no partial copy was left in tmp/ or cur/.
    for sub in ["cur", "new", "tmp"] {
        let left: Vec<_> = std::fs::read_dir(sb.root.join("trash-copy").join(sub))
            .expect("the copied-out Trash")
            .collect();
        assert!(left.is_empty(), "Trash/{sub} holds {left:?}");
    }
    assert_stayed(&sb, &corpus, |m| {
        m.kind.target().is_some_and(|(f, _)| f == "Trash")
    });
}

#[test]
#[ignore = "needs root and mount namespaces (unshare --mount); .ci/run runs it"]
fn full_trash_error_names_the_folder() {
    require_mount_namespaces();
    let corpus = small_corpus();
    let sb = sandbox_with(&corpus);
    let run = apply_with_trash_on_tmpfs(&sb, "64k", true, None);
    run.expect_code(1, "apply --yes with a full Trash file system");
    let trash = sb.folder("Trash").display().to_string();
    for line in run.stderr.lines().filter(|l| l.starts_with("error: ")) {
        assert!(line.contains(&trash), "the error names {trash}: {line}");
    }
}

#[test]
#[ignore = "needs root and mount namespaces (unshare --mount); .ci/run runs it"]
fn delete_to_trash_on_another_file_system_copies_then_unlinks() {
    require_mount_namespaces();
    let corpus = small_corpus();
    let sb = sandbox_with(&corpus);
    let run = apply_with_trash_on_tmpfs(&sb, "1m", false, None);
    run.expect_code(0, "apply --yes with Trash on another file system");
    let copy = sb.root.join("trash-copy");
    let journal = sb.journal();
    for m in corpus
        .iter()
        .filter(|m| m.kind.target().is_some_and(|(f, _)| f == "Trash"))
    {
        assert!(
            !sb.mail().join(m.inbox_rel()).exists(),
            "unlinked from the inbox"
        );
        let rel = m.target_rel();
        let in_copy = copy.join(rel.strip_prefix("Trash").unwrap());
        assert_eq!(
            std::fs::read(&in_copy).ok().as_deref(),
            Some(m.bytes.as_slice()),
            "{} arrived byte for byte",
            rel.display()
        );
        let e = journal.for_id(m.unique());
        assert_eq!(e.len(), 1);
        assert_eq!(e[0]["to_path"], abs(&sb, &rel).as_str());
    }
    let tmp: Vec<_> = std::fs::read_dir(copy.join("tmp")).unwrap().collect();
    assert!(tmp.is_empty(), "no copy left in Trash/tmp: {tmp:?}");
}

#[test]
#[ignore = "needs root and mount namespaces (unshare --mount); .ci/run runs it"]
fn a_leftover_in_trash_tmp_from_a_crash_does_not_block_the_move() {
    require_mount_namespaces();
    let corpus = small_corpus();
    let sb = sandbox_with(&corpus);
    let sick = corpus.iter().find(|m| m.kind == Kind::SickNote).unwrap();
    let stale = name_in_other_folder(sick.unique(), None);
    let run = apply_with_trash_on_tmpfs(&sb, "1m", false, Some(&stale));
    run.expect_code(0, "apply --yes with a stale file in Trash/tmp");
    let in_copy = sb
        .root
        .join("trash-copy")
        .join(sick.target_rel().strip_prefix("Trash").unwrap());
    assert_eq!(
        std::fs::read(in_copy).ok().as_deref(),
        Some(sick.bytes.as_slice())
    );
}
