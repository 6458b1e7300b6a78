//! The classification cache through the binary: `scan --json` says the same with and
//! without it (the demo, the variants, a generated mailbox, after configuration edits);
//! a restart takes what it knows from the cache and opens no message (the proof: every
//! message replaced by garbage under its name still lists as before, until a
//! configuration change makes it read them again); flag renames keep their entry, new
//! names are read, vanished ones dropped; a damaged cache is one warning and rebuilt; two
//! scans writing it at once leave a valid one.

mod support;

use std::path::{Path, PathBuf};
use support::{
    BareSandbox, Run, copy_tree, default_config_text, make_maildir_folder, manifest_dir,
};

fn scan(sb: &BareSandbox, root: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["--maildir", root.to_str().unwrap(), "scan", "--json"];
    args.extend_from_slice(extra);
    let run = sb.run(&args);
    run.expect_code(0, "scan --json");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// The cache files of the sandbox's `$HOME/.cache/altinn-sweep`.
fn cache_files(sb: &BareSandbox) -> Vec<PathBuf> {
    let dir = sb.path().join("home/.cache/altinn-sweep");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn write_config(sb: &BareSandbox, text: &str) {
    let dir = sb.config_home().join("altinn-sweep");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

/// Every message file of the folder's `cur/` and `new/`.
fn message_files(inbox: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in ["cur", "new"] {
        for e in std::fs::read_dir(inbox.join(sub)).unwrap() {
            out.push(e.unwrap().path());
        }
    }
    out.sort();
    out
}

/// Without cache, cold cache, warm cache: one output, no warning, and a cache file made.
fn assert_same_three_ways(sb: &BareSandbox, root: &Path) -> String {
    let plain = scan(sb, root, &["--no-cache"]);
    assert!(cache_files(sb).is_empty(), "--no-cache wrote a cache");
    let cold = scan(sb, root, &[]);
    assert_eq!(cache_files(sb).len(), 1, "one cache file per folder");
    let warm = scan(sb, root, &[]);
    assert!(
        !plain.stdout.is_empty(),
        "nothing listed in {}",
        root.display()
    );
    assert_eq!(
        cold.stdout, plain.stdout,
        "cold cache differs from no cache"
    );
    assert_eq!(
        warm.stdout, plain.stdout,
        "warm cache differs from no cache"
    );
    assert_eq!(cold.stderr, plain.stderr);
    assert_eq!(warm.stderr, plain.stderr);
    plain.stdout
}

#[test]
fn demo_lists_the_same_with_and_without_the_cache_also_after_config_edits() {
    let sb = BareSandbox::new();
    let root = sb.path().join("Mail");
    copy_tree(&manifest_dir().join("assets/demo/Mail"), &root);
    let before = assert_same_three_ways(&sb, &root);

    // Edits that change what the scan says: a rule's action, a trusted sender domain.
    for (old, new) in [
        (
            "name = \"sick-note\"\naction = \"delete\"",
            "name = \"sick-note\"\naction = \"archive\"",
        ),
        (
            "trusted_sender_domains = [\"altinn.no\"]",
            "trusted_sender_domains = [\"altinn.no\", \"sandnes.kommune.no\"]",
        ),
    ] {
        let text = default_config_text();
        assert!(text.contains(old), "the default configuration has {old:?}");
        write_config(&sb, &text.replace(old, new));
        let cached = scan(&sb, &root, &[]);
        let plain = scan(&sb, &root, &["--no-cache"]);
        let warm = scan(&sb, &root, &[]);
        assert_ne!(plain.stdout, before, "the edit {new:?} changes the output");
        assert_eq!(cached.stdout, plain.stdout, "after the edit {new:?}");
        assert_eq!(warm.stdout, plain.stdout, "warm, after the edit {new:?}");
    }
}

#[test]
fn variants_list_the_same_with_and_without_the_cache() {
    let sb = BareSandbox::new();
    let root = sb.path().join("Mail");
    let inbox = root.join("INBOX");
    make_maildir_folder(&inbox);
    let variants = manifest_dir().join("tests/fixtures/variants");
    for e in std::fs::read_dir(&variants).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "eml") {
            let name = p.file_name().unwrap().to_str().unwrap();
            std::fs::copy(&p, inbox.join("cur").join(format!("{name}:2,S"))).unwrap();
        }
    }
    assert_same_three_ways(&sb, &root);
}

#[test]
fn generated_mailbox_lists_the_same_and_a_restart_opens_no_message() {
    let sb = BareSandbox::new();
    let root = sb.path().join("Mail");
    support::mailgen::bulk::generate(&root, 400, 7).expect("generate a mailbox");
    let inbox = root.join("INBOX");
    let listed = assert_same_three_ways(&sb, &root);
    let before_stderr = scan(&sb, &root, &["--no-cache"]).stderr;

    // Every message becomes garbage under its own name: a scan that opened any of them
    // would list fewer notifications and warn about files that are no email.
    let files = message_files(&inbox);
    assert!(files.len() >= 400);
    for f in &files {
        std::fs::write(f, b"\x00\x01 garbage, no header\n").unwrap();
    }
    let restart = scan(&sb, &root, &[]);
    assert_eq!(restart.stdout, listed, "the restart read a message file");
    assert_eq!(restart.stderr, before_stderr);

    // A flag change (rename) keeps the entry: still listed, at its new path.
    let first_id = serde_json::from_str::<serde_json::Value>(listed.lines().next().unwrap())
        .unwrap()["path"]
        .as_str()
        .unwrap()
        .to_string();
    let renamed = if first_id.contains(":2,") {
        format!("{first_id}F")
    } else {
        format!("{first_id}:2,F")
    };
    std::fs::rename(&first_id, &renamed).unwrap();
    let after_rename = scan(&sb, &root, &[]);
    assert!(
        after_rename.stdout.contains(&renamed),
        "renamed message listed from the cache"
    );
    assert_eq!(after_rename.stdout.lines().count(), listed.lines().count());

    // A vanished message is dropped; a new one is read.
    std::fs::remove_file(&renamed).unwrap();
    let new = support::notification(1, support::Kind::Archive);
    std::fs::write(inbox.join("new").join("9999999999.new.host"), &new).unwrap();
    let changed = scan(&sb, &root, &[]);
    assert!(!changed.stdout.contains(&renamed));
    assert!(changed.stdout.contains("9999999999.new.host"));
    assert_eq!(changed.stdout.lines().count(), listed.lines().count());

    // A configuration change discards the cache: now the garbage is read.
    write_config(
        &sb,
        &default_config_text().replace(
            "trusted_sender_domains = [\"altinn.no\"]",
            "trusted_sender_domains = [\"altinn.no\", \"example.org\"]",
        ),
    );
    let reread = scan(&sb, &root, &[]);
    assert_eq!(
        reread.stdout.lines().count(),
        1,
        "only the new message is mail now"
    );
    assert!(reread.stderr.contains("not an email"), "{}", reread.stderr);
}

/// Which file each cache file is (its inode), to tell a file rewritten (renamed over)
/// from one left alone.
fn cache_inodes(sb: &BareSandbox) -> Vec<u64> {
    use std::os::unix::fs::MetadataExt;
    cache_files(sb)
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().ino())
        .collect()
}

#[test]
fn a_restart_on_an_unchanged_folder_writes_no_cache_an_empty_folder_included() {
    let sb = BareSandbox::new();
    let root = sb.path().join("Mail");
    copy_tree(&manifest_dir().join("assets/demo/Mail"), &root);
    let first = scan(&sb, &root, &[]);
    let written = cache_inodes(&sb);
    assert_eq!(written.len(), 1);
    let again = scan(&sb, &root, &[]);
    assert_eq!(again.stdout, first.stdout);
    assert_eq!(
        cache_inodes(&sb),
        written,
        "an unchanged folder's cache was rewritten"
    );

    // An empty inbox has nothing to keep: no file is written for it, or rewritten.
    let empty = sb.path().join("Empty");
    make_maildir_folder(&empty.join("INBOX"));
    let fresh = BareSandbox::new();
    for _ in 0..2 {
        assert_eq!(scan(&fresh, &empty, &[]).stdout, "");
        assert!(cache_files(&fresh).is_empty(), "{:?}", cache_files(&fresh));
    }

    // An inbox emptied since its cache was written: the (now empty) cache is written
    // once, then left alone.
    for f in message_files(&root.join("INBOX")) {
        std::fs::remove_file(f).unwrap();
    }
    let emptied = scan(&sb, &root, &[]);
    assert_eq!(emptied.stdout, "");
    let written = cache_inodes(&sb);
    assert_eq!(written.len(), 1);
    scan(&sb, &root, &[]);
    assert_eq!(
        cache_inodes(&sb),
        written,
        "an empty folder's cache was rewritten"
    );

    // A damaged cache of an empty folder is one warning and rebuilt, not a warning on
    // every scan.
    std::fs::write(&cache_files(&sb)[0], b"altinn-sweep\0garbage").unwrap();
    let warned = scan(&sb, &root, &[]);
    assert!(warned.stderr.contains("rebuilt"), "{}", warned.stderr);
    let rebuilt = cache_inodes(&sb);
    assert_ne!(rebuilt, written, "the damaged file was not rewritten");
    let quiet = scan(&sb, &root, &[]);
    assert!(!quiet.stderr.contains("rebuilt"), "{}", quiet.stderr);
    assert_eq!(cache_inodes(&sb), rebuilt);
}

#[test]
fn a_damaged_cache_is_one_warning_and_rebuilt() {
    let sb = BareSandbox::new();
    let root = sb.path().join("Mail");
    copy_tree(&manifest_dir().join("assets/demo/Mail"), &root);
    let listed = scan(&sb, &root, &["--no-cache"]).stdout;
    scan(&sb, &root, &[]);
    let [file] = &cache_files(&sb)[..] else {
        panic!("one cache file: {:?}", cache_files(&sb));
    };
    let good = std::fs::read(file).unwrap();
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x5a;
    for damaged in [
        good[..good.len() / 3].to_vec(),
        flipped,
        b"{\"some\": \"other program's file\"}".to_vec(),
        Vec::new(),
    ] {
        std::fs::write(file, &damaged).unwrap();
        let run = scan(&sb, &root, &[]);
        assert_eq!(run.stdout, listed);
        let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.contains("cache")).collect();
        assert_eq!(warnings.len(), 1, "one warning: {}", run.stderr);
        assert!(warnings[0].contains("rebuilt"), "{}", warnings[0]);
        let again = scan(&sb, &root, &[]);
        assert_eq!(again.stdout, listed);
        assert!(!again.stderr.contains("cache"), "rebuilt: {}", again.stderr);
    }
}

#[test]
fn two_scans_writing_the_cache_at_once_leave_a_valid_one() {
    let sb = BareSandbox::new();
    let root = sb.path().join("Mail");
    copy_tree(&manifest_dir().join("assets/demo/Mail"), &root);
    let listed = scan(&sb, &root, &["--no-cache"]).stdout;
    for _ in 0..5 {
        for f in cache_files(&sb) {
            std::fs::remove_file(f).unwrap();
        }
        let args = ["--maildir", root.to_str().unwrap(), "scan", "--json"];
        let children: Vec<_> = (0..4)
            .map(|_| {
                sb.command("C")
                    .args(args)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let run = Run::from_output(c.wait_with_output().unwrap());
            run.expect_code(0, "concurrent scan");
            assert_eq!(run.stdout, listed);
        }
        assert_eq!(cache_files(&sb).len(), 1, "no temporary file left behind");
        let after = scan(&sb, &root, &[]);
        assert_eq!(after.stdout, listed);
        assert!(!after.stderr.contains("cache"), "{}", after.stderr);
    }
}

#[test]
fn a_stale_cache_entry_never_moves_a_changed_file() {
    let corpus = support::generate(6, |_| support::Kind::Archive);
    let sb = support::sandbox_with(&corpus);
    sb.run(&["scan", "--json"])
        .expect_code(0, "scan warms the cache");

    // 1: another message under its name (another size). 2: another message of the same
    // size with the old modification time: only its Message-ID tells.
    let one = sb.mail().join(corpus[0].inbox_rel());
    std::fs::write(&one, support::notification(1, support::Kind::Forward)).unwrap();
    let two = sb.mail().join(corpus[1].inbox_rel());
    let old_mtime = std::fs::metadata(&two).unwrap().modified().unwrap();
    let other = support::notification(3, support::Kind::Archive);
    assert_eq!(other.len(), corpus[1].bytes.len(), "same size");
    assert_ne!(other, corpus[1].bytes);
    std::fs::write(&two, &other).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&two)
        .unwrap()
        .set_modified(old_mtime)
        .unwrap();

    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(1, "apply with two changed files");
    assert_eq!(
        run.stderr.matches("changed since it was listed").count(),
        2,
        "{}",
        run.stderr
    );
    // both stay where they were, with their new content; nothing was sent
    assert_eq!(
        std::fs::read(&one).unwrap(),
        support::notification(1, support::Kind::Forward)
    );
    assert_eq!(std::fs::read(&two).unwrap(), other);
    assert!(sb.sent().is_empty());
    let journal = sb.journal();
    for g in &corpus[..2] {
        let e = journal.for_id(g.unique());
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0]["result"], "refused");
    }
    // the others were archived
    for g in &corpus[2..] {
        assert!(sb.mail().join(g.target_rel()).is_file(), "{}", g.file_name);
    }
    assert_eq!(journal.ok_actions().len(), 4);
}

#[test]
fn a_long_list_comes_out_whole_and_in_order_and_ends_quietly_when_its_reader_does() {
    use support::mailgen::simple::{Kind, notification};
    // More notifications than the scan builds on one thread (a long list is built in two
    // halves), spread over `new/` and `cur/`, listed in directory order.
    let sb = BareSandbox::new();
    let root = sb.path().join("Mail");
    let inbox = root.join("INBOX");
    make_maildir_folder(&inbox);
    let n = 1300;
    for i in 0..n {
        let (sub, info) = if i % 5 == 0 {
            ("new", "")
        } else {
            ("cur", ":2,S")
        };
        let kind = [Kind::Archive, Kind::SickNote, Kind::Forward][i % 3];
        std::fs::write(
            inbox
                .join(sub)
                .join(format!("1800000000.{i}_1.host,U={i}{info}")),
            notification(i, kind),
        )
        .unwrap();
    }
    let listed = assert_same_three_ways(&sb, &root);
    let lines: Vec<serde_json::Value> = listed
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    assert_eq!(lines.len(), n, "every notification once");
    // oldest first: the generator's dates rise with the number, a minute-second clock
    let key = |v: &serde_json::Value| {
        (
            v["date"].as_str().unwrap().to_string(),
            v["id"].as_str().unwrap().to_string(),
        )
    };
    assert!(
        lines.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
        "the lines are in order"
    );
    let mut ids: Vec<&str> = lines.iter().map(|v| v["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "no line twice");

    // `scan --json | head -1`: the reader goes after the first line; the scan ends on its
    // own, without a word, whichever thread was writing.
    for extra in [&["--no-cache"][..], &[][..]] {
        let mut args = vec!["--maildir", root.to_str().unwrap(), "scan", "--json"];
        args.extend_from_slice(extra);
        let mut child = sb
            .command("C")
            .args(&args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let mut first = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut first,
        )
        .unwrap();
        assert!(first.starts_with('{'), "{first}");
        let out = child.wait_with_output().expect("the binary ends");
        assert_eq!(out.status.code(), Some(0), "{extra:?}: {:?}", out.status);
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{extra:?}");
    }
}
