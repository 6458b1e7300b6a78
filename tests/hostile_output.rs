//! Output that cannot hurt: file names and subjects chosen by whoever sent the mail reach
//! the terminal of `apply`, `undo` and `explain` inert, `journal --format csv` carries no
//! control characters and no spreadsheet formulas, and JSON escapes what it must.

mod support;

use support::{ConfigText, Kind, Sandbox};

/// A file name with an OSC title sequence, BEL and a line break in it.
const HOSTILE_NAME: &str = "1800000001.1_1.x\u{1b}]0;pwned\u{7}\nForged line,U=1:2,S";

fn hostile(s: &str) -> bool {
    s.chars()
        .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{9b}')
}

#[test]
fn file_names_with_escapes_and_line_breaks_are_printed_inert() {
    let sb = Sandbox::new();
    sb.install_fake_sendmail();
    sb.write_config(&ConfigText::for_sandbox(&sb));
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    let bytes = support::notification(1, Kind::Archive);
    let inbox_file = sb.folder("INBOX").join("cur").join(HOSTILE_NAME);
    std::fs::write(&inbox_file, &bytes).expect("write the message");

    for args in [&["apply"][..], &["apply", "--yes"][..]] {
        let run = sb.run(args);
        run.expect_code(0, "apply");
        assert!(!hostile(&run.stdout), "{args:?} stdout: {:?}", run.stdout);
        assert!(!hostile(&run.stderr), "{args:?} stderr: {:?}", run.stderr);
        assert!(
            !run.stdout.contains("\nForged line"),
            "{args:?}: the line break in the name is not printed: {:?}",
            run.stdout
        );
        if args.len() == 1 {
            assert!(
                run.stdout.contains("␛]0;pwned␇ Forged line"),
                "{}",
                run.stdout
            );
        }
    }
    let archived = sb
        .folder("Altinn")
        .join("cur")
        .join("1800000001.1_1.x\u{1b}]0;pwned\u{7}\nForged line:2,S");
    assert!(
        std::fs::read(&archived).is_ok_and(|b| b == bytes),
        "archived under its name"
    );

    let explain = sb.run(&["explain", archived.to_str().unwrap()]);
    explain.expect_code(0, "explain");
    assert!(!hostile(&explain.stdout), "{:?}", explain.stdout);
    assert!(
        explain.stdout.contains("␛]0;pwned␇ Forged line"),
        "{}",
        explain.stdout
    );

    let undo = sb.run(&["undo"]);
    undo.expect_code(0, "undo");
    assert!(!hostile(&undo.stdout), "{:?}", undo.stdout);
    assert!(!undo.stdout.contains("\nForged line"), "{:?}", undo.stdout);
    // back under its name without the sync tag, as every undo does
    let back = sb
        .folder("INBOX")
        .join("cur")
        .join("1800000001.1_1.x\u{1b}]0;pwned\u{7}\nForged line:2,S");
    assert!(
        std::fs::read(&back).is_ok_and(|b| b == bytes),
        "back in the inbox"
    );

    // The journal keeps the name as it is; JSON escapes the control characters.
    let json = sb.run(&["journal", "--format", "json"]);
    json.expect_code(0, "journal --format json");
    assert!(!hostile(&json.stdout), "{:?}", json.stdout);
    assert!(
        json.stdout.contains("\\u001b]0;pwned\\u0007\\nForged line"),
        "{}",
        json.stdout
    );
    let entries = support::json_lines(&json.stdout);
    assert_eq!(
        entries[0]["from_path"].as_str(),
        inbox_file.to_str(),
        "journaled faithfully"
    );
}

#[test]
fn journal_csv_has_no_control_characters_and_no_formulas() {
    let sb = Sandbox::new();
    sb.write_config(&ConfigText::for_sandbox(&sb));
    std::fs::create_dir_all(sb.data_dir()).expect("data dir");
    let entry = serde_json::json!({
        "entry": "e1",
        "ts": "2026-11-26T08:00:00.000+01:00",
        "user": "@evil",
        "action": "archive",
        "rule": "+cmd",
        "id": "-2+3",
        "subject": "=HYPERLINK(\"http://evil.example\",\"klikk\")\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{9b}31m",
        "message_id": "\tx",
        "recipient_org": "\r=1+1",
        "from_path": "/m/INBOX/cur/a\u{1b}[31m",
        "result": "ok",
        "error": "fine, really",
    });
    support::append_raw(&sb.journal_path(), format!("{entry}\n").as_bytes());
    let run = sb.run(&["journal", "--format", "csv", "--since", "2000-01-01"]);
    run.expect_code(0, "journal --format csv");
    assert!(
        !run.stdout
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "no control characters: {:?}",
        run.stdout
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "a header and one row: {:?}", run.stdout);
    let fields = split_csv(lines[1]);
    let header = split_csv(lines[0]);
    let field = |name: &str| {
        let i = header.iter().position(|h| h == name).expect("a column");
        fields[i].clone()
    };
    for (name, want) in [
        ("user", "'@evil"),
        ("rule", "'+cmd"),
        ("id", "'-2+3"),
        ("message_id", "'\tx"),
        ("recipient_org", "␍=1+1"),
        ("error", "fine, really"),
    ] {
        assert_eq!(field(name), want, "{name}");
    }
    let subject = field("subject");
    assert!(subject.starts_with("'=HYPERLINK("), "{subject:?}");
    assert!(subject.contains("␛]52;c;cHduZWQ=␇␛[2J"), "{subject:?}");
    for f in &fields {
        assert!(
            !f.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "no field starts a formula: {f:?}"
        );
    }
}

/// Splits one CSV line (RFC 4180 quoting, no line breaks inside fields).
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cur.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[test]
fn a_notification_whose_file_name_is_not_utf8_is_listed_archived_and_undone() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let sb = Sandbox::new();
    sb.install_fake_sendmail();
    sb.write_config(&ConfigText::for_sandbox(&sb));
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    let bytes = support::notification(1, Kind::Archive);
    let name = OsStr::from_bytes(b"1800000001.1_1.caf\xe9,U=1:2,S");
    let inbox_file = sb.folder("INBOX").join("cur").join(name);
    std::fs::write(&inbox_file, &bytes).expect("write the message");

    let scan = sb.run(&["scan"]);
    scan.expect_code(0, "scan");
    assert!(
        scan.stdout.contains("1 of 1 messages"),
        "listed and counted: {}",
        scan.stdout
    );
    let json = sb.run(&["scan", "--json"]);
    let items = support::json_lines(&json.stdout);
    assert_eq!(items.len(), 1, "{}", json.stdout);
    // The documented lossless form: each byte that is not UTF-8 as NUL + U+0080..U+00FF.
    let inbox_text = format!(
        "{}/INBOX/cur/1800000001.1_1.caf\u{0}\u{e9},U=1:2,S",
        sb.mail().display()
    );
    assert_eq!(items[0]["path"].as_str(), Some(inbox_text.as_str()));
    assert_eq!(items[0]["id"], "1800000001.1_1.caf\u{0}\u{e9},U=1");

    let apply = sb.run(&["apply", "--yes"]);
    apply.expect_code(0, "apply --yes");
    assert!(
        apply.stdout.contains("caf\u{fffd}:2,S"),
        "shown inertly: {}",
        apply.stdout
    );
    let archived = sb
        .folder("Altinn")
        .join("cur")
        .join(OsStr::from_bytes(b"1800000001.1_1.caf\xe9:2,S"));
    assert!(
        std::fs::read(&archived).is_ok_and(|b| b == bytes),
        "archived to Altinn under its name without the sync tag"
    );
    assert!(!inbox_file.exists());
    let journal = sb.journal();
    let entries = journal.ok_actions();
    assert_eq!(entries.len(), 1);
    let archived_text = format!(
        "{}/Altinn/cur/1800000001.1_1.caf\u{0}\u{e9}:2,S",
        sb.mail().display()
    );
    assert_eq!(entries[0]["from_path"].as_str(), Some(inbox_text.as_str()));
    assert_eq!(entries[0]["to_path"].as_str(), Some(archived_text.as_str()));

    let undo = sb.run(&["undo"]);
    undo.expect_code(0, "undo");
    let back = sb
        .folder("INBOX")
        .join("cur")
        .join(OsStr::from_bytes(b"1800000001.1_1.caf\xe9:2,S"));
    assert!(
        std::fs::read(&back).is_ok_and(|b| b == bytes),
        "back in the inbox: {}",
        undo.stdout
    );
    assert!(!archived.exists());
}
