//! The real binary against real Maildir trees: what `scan`, `scan --json`, `explain`,
//! `init` and `config` show a user, their exit codes, and that no mail file is ever touched.

mod support;

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use support::mailgen::mime;
use support::{
    BareSandbox, Run, by_id, copy_tree, default_config_text, json_lines, make_maildir_folder,
    manifest_dir, read_tsv, snapshot_hashed, toml_path,
};

/// The fields `scan --json` documents for every listed notification.
const JSON_FIELDS: [&str; 20] = [
    "path",
    "id",
    "message_id",
    "date",
    "from",
    "from_address",
    "subject",
    "recipient_org",
    "recipient_name",
    "recipient_unit",
    "sender",
    "rule",
    "action",
    "forward_to",
    "suspicious",
    "doubts",
    "reason",
    "matched",
    "flags",
    "folder_sub",
];

/// The columns of an EXPECTED.tsv that are compared with the JSON output.
const COMPARED: [&str; 6] = [
    "suspicious",
    "action",
    "rule",
    "recipient_org",
    "recipient_name",
    "sender",
];

/// The default configuration with the first line equal to `old` (trimmed) replaced.
fn default_config_with(old: &str, new: &str) -> String {
    let text = default_config_text();
    let mut replaced = false;
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if !replaced && l.trim() == old {
                replaced = true;
                new.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(replaced, "the default configuration has no line {old:?}");
    lines.join("\n") + "\n"
}

fn assert_code(run: &Run, code: i32) {
    assert_eq!(
        run.code,
        Some(code),
        "exit code\n--- stdout:\n{}\n--- stderr:\n{}",
        run.stdout,
        run.stderr
    );
}

fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked"),
        "the binary panicked:\n{}",
        run.stderr
    );
}

/// `scan --json` on the mail root `maildir`, which must exit 0 without a panic.
fn scan_json_ok(sandbox: &BareSandbox, maildir: &Path) -> Run {
    let run = sandbox.run(&["--maildir", maildir.to_str().unwrap(), "scan", "--json"]);
    assert_code(&run, 0);
    assert_no_panic(&run);
    run
}

/// The unique names (`id`) of the listed notifications, sorted.
fn sorted_ids(listed: &HashMap<String, Value>) -> Vec<&str> {
    let mut ids: Vec<&str> = listed.keys().map(String::as_str).collect();
    ids.sort();
    ids
}

/// The expected JSON value of one EXPECTED.tsv cell (`-` is null).
fn expected_value(column: &str, cell: &str) -> Value {
    match (column, cell) {
        (_, "-") => Value::Null,
        ("suspicious", "yes") => Value::Bool(true),
        ("suspicious", "no") => Value::Bool(false),
        _ => Value::String(cell.to_string()),
    }
}

/// Compares every row of an EXPECTED.tsv with the listed notifications (keyed like the
/// rows' `file` column) and returns every mismatch, including listed items without a row.
fn mismatches(rows: &[BTreeMap<String, String>], listed: &HashMap<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for row in rows {
        let file = &row["file"];
        let want_listed = match row["listed"].as_str() {
            "yes" => true,
            "no" => false,
            other => panic!("{file}: bad `listed` value {other:?}"),
        };
        let item = listed.get(file);
        if want_listed != item.is_some() {
            out.push(format!(
                "{file}: listed: expected {}, got {}",
                row["listed"],
                if item.is_some() { "yes" } else { "no" }
            ));
            continue;
        }
        let Some(item) = item else { continue };
        for column in COMPARED {
            let Some(cell) = row.get(column) else {
                continue; // the demo table has fewer columns
            };
            let want = expected_value(column, cell);
            let got = item.get(column).cloned().unwrap_or(Value::Null);
            if want != got {
                out.push(format!("{file}: {column}: expected {want}, got {got}"));
            }
        }
    }
    for key in listed.keys() {
        if !rows.iter().any(|r| &r["file"] == key) {
            out.push(format!("{key}: listed but has no row in EXPECTED.tsv"));
        }
    }
    out.sort();
    out
}

fn assert_documented_fields(items: &[Value]) {
    for item in items {
        for field in JSON_FIELDS {
            assert!(
                item.get(field).is_some(),
                "field {field:?} missing in {item}"
            );
        }
    }
}

#[test]
fn variants_corpus_is_classified_as_expected() {
    let sandbox = BareSandbox::new();
    let variants = manifest_dir().join("tests/fixtures/variants");
    let rows = read_tsv(&variants.join("EXPECTED.tsv"));
    assert!(rows.len() >= 70, "only {} rows", rows.len());
    let root = sandbox.path().join("Mail");
    let inbox = root.join("INBOX");
    make_maildir_folder(&inbox);
    for row in &rows {
        let file = &row["file"];
        std::fs::copy(
            variants.join(file),
            inbox.join("cur").join(format!("{file}:2,S")),
        )
        .unwrap_or_else(|e| panic!("copy {file}: {e}"));
    }
    let before = snapshot_hashed(&root);

    let run = scan_json_ok(&sandbox, &root);
    assert_eq!(run.stderr, "", "no warnings expected");
    let items = json_lines(&run.stdout);
    assert_documented_fields(&items);
    let listed = by_id(items);

    let wrong = mismatches(&rows, &listed);
    assert!(
        wrong.is_empty(),
        "{} mismatches with tests/fixtures/variants/EXPECTED.tsv:\n  {}",
        wrong.len(),
        wrong.join("\n  ")
    );
    assert_eq!(snapshot_hashed(&root), before, "scan changed the mailbox");
}

#[test]
fn demo_mailbox_matches_expected() {
    let sandbox = BareSandbox::new();
    let demo = manifest_dir().join("assets/demo");
    let mail = demo.join("Mail");
    let rows = read_tsv(&demo.join("EXPECTED.tsv"));
    let before = snapshot_hashed(&demo);

    let run = scan_json_ok(&sandbox, &mail);
    let items = json_lines(&run.stdout);
    assert_documented_fields(&items);
    let listed: HashMap<String, Value> = items
        .into_iter()
        .map(|item| {
            let path = PathBuf::from(item["path"].as_str().expect("path"));
            let rel = path
                .strip_prefix(&mail)
                .unwrap_or_else(|_| panic!("{} is outside the demo", path.display()))
                .to_string_lossy()
                .into_owned();
            (rel, item)
        })
        .collect();
    let wrong = mismatches(&rows, &listed);
    assert!(
        wrong.is_empty(),
        "{} mismatches with assets/demo/EXPECTED.tsv:\n  {}",
        wrong.len(),
        wrong.join("\n  ")
    );

    // The plain table's summary counts what the table says: trashed (T) messages are
    // deleted mail and not counted.
    let run = sandbox.run(&["--maildir", mail.to_str().unwrap(), "scan"]);
    assert_code(&run, 0);
    let notifications = rows.iter().filter(|r| r["listed"] == "yes").count();
    let messages = rows
        .iter()
        .filter(|r| !r["file"].rsplit(":2,").next().unwrap().contains('T'))
        .count();
    let count_line = format!("Altinn notifications: {notifications} of {messages} messages");
    assert!(run.stdout.contains(&count_line), "{}", run.stdout);

    assert_eq!(
        snapshot_hashed(&demo),
        before,
        "the tool modified assets/demo"
    );
}

// ----- hand-built Maildir edge cases -------------------------------------------------------

const GENUINE_FROM: &str = "From: Altinn <noreply@altinn.no>";
const AUTH_PASS: &str =
    "Authentication-Results: mx.sandnes.kommune.no; dmarc=pass header.from=altinn.no";

/// A message from `header_lines` (LF line ends) and a body of raw bytes.
fn message(header_lines: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in header_lines {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}

/// A plain UTF-8 text notification from Altinn's real address.
fn genuine(id: &str, date: &str, subject: &str, body: &str) -> Vec<u8> {
    message(
        &[
            AUTH_PASS,
            &format!("Date: {date}"),
            GENUINE_FROM,
            "To: postmottak@sandnes.kommune.no",
            &format!("Subject: {subject}"),
            &format!("Message-ID: <{id}@altinn.no>"),
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
        ],
        body.as_bytes(),
    )
}

fn newest_body(sender: &str) -> String {
    format!(
        "Hei. SANDNES KOMMUNE har mottatt en ny melding fra {sender}. Logg deg inn i Altinn for å se denne meldingen.\n"
    )
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[test]
fn maildir_edge_cases_are_read_or_left_alone() {
    let sandbox = BareSandbox::new();
    let root = sandbox.path().join("Mail");
    let inbox = root.join("INBOX");
    make_maildir_folder(&inbox);
    let cur = inbox.join("cur");
    let new = inbox.join("new");
    let date = "Tue, 24 Nov 2026 08:00:00 +0100";

    // mbsync names: ,U=<uid> in new/ without an info part, and in cur/ with one.
    let mbsync_new = "1800000001.1_1.host,U=123";
    write(
        &new.join(mbsync_new),
        &genuine(
            "a1",
            date,
            "En melding har blitt mottatt i Altinn",
            &newest_body("Kartverket"),
        ),
    );
    // CRLF line endings throughout.
    let crlf = "1800000002.1_2.host,U=124";
    let crlf_text = String::from_utf8(genuine(
        "a2",
        date,
        "En melding har blitt mottatt i Altinn",
        &newest_body("Husbanken"),
    ))
    .unwrap()
    .replace('\n', "\r\n");
    write(&cur.join(format!("{crlf}:2,S")), crlf_text.as_bytes());
    // Folded From and Subject.
    let folded = "1800000003.1_3.host";
    write(
        &cur.join(format!("{folded}:2,S")),
        &message(
            &[
                AUTH_PASS,
                &format!("Date: {date}"),
                "From: Altinn",
                "  <noreply@altinn.no>",
                "Subject: Reminder - a message has",
                "\tbeen received in Altinn",
                "Content-Type: text/plain; charset=us-ascii",
            ],
            b"Hello. SANDNES KOMMUNE has received a new message from Digdir. Log in to Altinn to read it.\n",
        ),
    );
    // Quoted-printable body with a soft line break inside the sender's name.
    let qp = "1800000004.1_4.host";
    write(
        &cur.join(format!("{qp}:2,S")),
        &message(
            &[
                AUTH_PASS,
                &format!("Date: {date}"),
                GENUINE_FROM,
                "Subject: En melding har blitt mottatt i Altinn",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
            ],
            b"Hei. SANDNES KOMMUNE har mottatt en ny melding fra Statens vegve=\nsen. Logg deg inn i Altinn for =C3=A5 se denne meldingen.\n",
        ),
    );
    // Base64 body.
    let b64 = "1800000005.1_5.host";
    write(
        &cur.join(format!("{b64}:2,S")),
        &message(
            &[
                AUTH_PASS,
                &format!("Date: {date}"),
                GENUINE_FROM,
                "Subject: Ein melding har blitt motteke i Altinn",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: base64",
            ],
            &mime::base64_lines(newest_body("Brønnøysundregistrene").as_bytes()),
        ),
    );
    // ISO-8859-1 8-bit body and an RFC 2047 ISO-8859-1 subject.
    let latin = "1800000006.1_6.host";
    write(
        &cur.join(format!("{latin}:2,S")),
        &message(
            &[
                AUTH_PASS,
                &format!("Date: {date}"),
                GENUINE_FROM,
                "Subject: =?ISO-8859-1?Q?P=E5minnelse_-_du_har_mottatt_en_melding_i_Altinn?=",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=ISO-8859-1",
                "Content-Transfer-Encoding: 8bit",
            ],
            &mime::encode_charset(
                "Hei SANDNES KOMMUNE, du har mottatt en ny melding i Altinn fra Brønnøysundregistrene.\n",
                "iso-8859-1",
            ),
        ),
    );
    // HTML only, with a link to a lookalike domain.
    let html = "1800000007.1_7.host";
    let trap = "https://altinn.no.example.org/login";
    write(
        &cur.join(format!("{html}:2,S")),
        &message(
            &[
                AUTH_PASS,
                &format!("Date: {date}"),
                GENUINE_FROM,
                "Subject: En melding har blitt mottatt i Altinn",
                "MIME-Version: 1.0",
                "Content-Type: text/html; charset=utf-8",
            ],
            format!(
                "<html><body><p>Hei. SANDNES KOMMUNE har mottatt en ny melding fra Skatteetaten.</p>\
                 <p><a href=\"{trap}\">Logg inn i Altinn</a></p></body></html>\n"
            )
            .as_bytes(),
        ),
    );
    // No Date header.
    let no_date = "1800000008.1_8.host";
    write(
        &cur.join(format!("{no_date}:2,S")),
        &message(
            &[
                AUTH_PASS,
                GENUINE_FROM,
                "Subject: En melding har blitt mottatt i Altinn",
                "Content-Type: text/plain; charset=utf-8",
            ],
            newest_body("Skatteetaten").as_bytes(),
        ),
    );
    // No From header, a notification subject.
    let no_from = "1800000009.1_9.host";
    write(
        &cur.join(format!("{no_from}:2,S")),
        &message(
            &[
                &format!("Date: {date}"),
                "Subject: Du har mottatt en melding i Altinn",
                "Content-Type: text/plain; charset=utf-8",
            ],
            b"Hei SANDNES KOMMUNE, du har mottatt en ny melding i Altinn fra Skatteetaten.\n",
        ),
    );
    // Not mail at all, and an empty file.
    let garbage = cur.join("1800000010.1_10.host:2,S");
    write(
        &garbage,
        &b"\x00\x01\x02\xff\xfePK\x03\x04\x00binary\x00garbage\n\n".repeat(50),
    );
    let empty = cur.join("1800000011.1_11.host:2,S");
    write(&empty, b"");
    // Never read: tmp/, dot-files, trashed (T) messages, folders inside cur/.
    let notification = |id: &str| {
        genuine(
            id,
            date,
            "En melding har blitt mottatt i Altinn",
            &newest_body("Skatteetaten"),
        )
    };
    write(
        &inbox.join("tmp/1800000012.1_12.host"),
        &notification("a12"),
    );
    write(&cur.join(".1800000013.1_13.host:2,S"), &notification("a13"));
    write(&cur.join("1800000014.1_14.host:2,ST"), &notification("a14"));
    std::fs::create_dir(cur.join("1800000015.subdir")).unwrap();
    write(
        &cur.join("1800000015.subdir/1800000015.1_15.host:2,S"),
        &notification("a15"),
    );
    // Over 8 KiB of Received lines before Subject and From.
    let long_head = "1800000017.1_17.host";
    let received: Vec<String> = (0..120)
        .map(|i| {
            format!(
                "Received: from relay{i}.example.net by mx.sandnes.kommune.no with ESMTP id {i:08}"
            )
        })
        .collect();
    let mut head: Vec<&str> = received.iter().map(String::as_str).collect();
    head.extend([
        AUTH_PASS,
        "Date: Tue, 24 Nov 2026 08:00:00 +0100",
        "Subject: Melding mottatt i Altinn",
        GENUINE_FROM,
        "Content-Type: text/plain; charset=utf-8",
    ]);
    let long_body = newest_body("Statistisk sentralbyrå") + &"Dette er fyll.\n".repeat(1000);
    let long_message = message(&head, long_body.as_bytes());
    assert!(long_message.len() > 16 * 1024);
    write(&cur.join(format!("{long_head}:2,S")), &long_message);
    // An mbox envelope line before the header, as some delivery agents leave it.
    let envelope = "1800000018.1_18.host";
    let mut with_envelope = b"From noreply@altinn.no Tue Nov 24 08:00:00 2026\n".to_vec();
    with_envelope.extend(genuine(
        "a18",
        date,
        "Du har mottatt en melding i Altinn",
        &newest_body("Tolletaten"),
    ));
    write(&new.join(envelope), &with_envelope);
    // An ordinary message: counted, not listed.
    write(
        &cur.join("1800000016.1_16.host:2,S"),
        &message(
            &[
                &format!("Date: {date}"),
                "From: Kari Nordmann <kari.nordmann@sandnes.kommune.no>",
                "Subject: Lunsj fredag",
            ],
            b"Blir du med?\n",
        ),
    );
    let before = snapshot_hashed(&root);
    let maildir = root.to_str().unwrap();

    let run = scan_json_ok(&sandbox, &root);
    let listed = by_id(json_lines(&run.stdout));
    assert_eq!(
        sorted_ids(&listed),
        [
            mbsync_new, crlf, folded, qp, b64, latin, html, no_date, no_from, long_head, envelope
        ],
        "listed notifications"
    );
    let get = |id: &str, field: &str| listed[id][field].clone();
    let s = |v: &str| Value::String(v.to_string());

    assert_eq!(get(mbsync_new, "folder_sub"), s("new"));
    assert_eq!(get(mbsync_new, "flags"), Value::Null);
    assert_eq!(get(mbsync_new, "sender"), s("Kartverket"));
    assert_eq!(get(crlf, "folder_sub"), s("cur"));
    assert_eq!(get(crlf, "flags"), s("S"));
    assert_eq!(
        get(crlf, "subject"),
        s("En melding har blitt mottatt i Altinn")
    );
    assert_eq!(get(crlf, "sender"), s("Husbanken"));
    assert_eq!(
        get(folded, "subject"),
        s("Reminder - a message has been received in Altinn")
    );
    assert_eq!(get(folded, "from_address"), s("noreply@altinn.no"));
    assert_eq!(get(folded, "from"), s("Altinn <noreply@altinn.no>"));
    assert_eq!(get(folded, "sender"), s("Digdir"));
    assert_eq!(get(qp, "sender"), s("Statens vegvesen"));
    assert_eq!(get(b64, "sender"), s("Brønnøysundregistrene"));
    assert_eq!(
        get(latin, "subject"),
        s("Påminnelse - du har mottatt en melding i Altinn")
    );
    assert_eq!(get(latin, "sender"), s("Brønnøysundregistrene"));
    assert_eq!(get(latin, "recipient_name"), s("SANDNES KOMMUNE"));
    assert_eq!(get(long_head, "sender"), s("Statistisk sentralbyrå"));
    assert_eq!(get(envelope, "sender"), s("Tolletaten"));
    for genuine_id in [
        mbsync_new, crlf, folded, qp, b64, latin, no_date, long_head, envelope,
    ] {
        assert_eq!(
            get(genuine_id, "suspicious"),
            Value::Bool(false),
            "{genuine_id}"
        );
        assert_eq!(get(genuine_id, "action"), s("archive"), "{genuine_id}");
        assert_eq!(get(genuine_id, "rule"), s("archive-rest"), "{genuine_id}");
        assert_eq!(
            get(genuine_id, "recipient_unit"),
            s("Sandnes kommune"),
            "{genuine_id}"
        );
    }
    assert_eq!(get(html, "suspicious"), Value::Bool(true));
    assert_eq!(get(html, "action"), s("skip"));
    assert_eq!(get(html, "rule"), s("suspicious"));
    assert!(
        get(html, "doubts").to_string().contains(trap),
        "{}",
        get(html, "doubts")
    );
    assert_eq!(get(no_date, "date"), Value::Null);
    assert!(
        get(crlf, "date")
            .as_str()
            .unwrap()
            .starts_with("2026-11-24T08:00:00")
    );
    assert_eq!(get(no_from, "suspicious"), Value::Bool(true));
    assert_eq!(get(no_from, "action"), s("skip"));
    assert_eq!(get(no_from, "from_address"), Value::Null);

    // Unreadable files: a warning naming each on stderr, nothing else.
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains(garbage.to_str().unwrap())),
        "no warning names the garbage file:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("subdir") && !run.stderr.contains(".1800000013"),
        "{}",
        run.stderr
    );

    // The table: 11 notifications among the 14 messages of new/ and cur/ (not tmp/, the
    // dot-file, the trashed message or the folder), and a note on the unreadable files.
    let run = sandbox.run(&["--maildir", maildir, "scan"]);
    assert_code(&run, 0);
    assert_no_panic(&run);
    assert!(
        run.stdout
            .contains("Altinn notifications: 11 of 14 messages"),
        "{}",
        run.stdout
    );
    let unreadable = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .count();
    assert!(unreadable >= 1);
    assert!(
        run.stdout
            .contains(&format!("Files that could not be read: {unreadable} ")),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains(garbage.to_str().unwrap()));
    let named = |stderr: &str, file: &Path, why: &str| {
        stderr
            .lines()
            .any(|l| l.contains(file.to_str().unwrap()) && l.ends_with(why))
    };
    assert!(named(&run.stderr, &empty, ": empty file"), "{}", run.stderr);
    assert!(
        named(
            &run.stderr,
            &garbage,
            ": not an email: it does not start with a header field"
        ),
        "{}",
        run.stderr
    );
    // The same warnings in bokmål: the scan hands over facts, the edge words them.
    let nb = support::run(
        sandbox
            .command("nb_NO.UTF-8")
            .args(["--maildir", maildir, "scan"]),
    );
    assert_code(&nb, 0);
    assert!(named(&nb.stderr, &empty, ": tom fil"), "{}", nb.stderr);
    assert!(
        named(
            &nb.stderr,
            &garbage,
            ": ikke en e-post: den begynner ikke med et headerfelt"
        ),
        "{}",
        nb.stderr
    );
    assert!(
        nb.stderr.lines().all(|l| l.starts_with("advarsel: ")),
        "{}",
        nb.stderr
    );
    assert!(
        !run.stdout.contains('\u{240d}'),
        "a CR leaked: {}",
        run.stdout
    );
    assert_eq!(snapshot_hashed(&root), before, "scan changed the mailbox");
}

#[test]
fn maildir_plus_plus_layout_reads_the_root_as_inbox() {
    let sandbox = BareSandbox::new();
    let root = sandbox.path().join("Maildir");
    make_maildir_folder(&root);
    make_maildir_folder(&root.join(".Altinn"));
    make_maildir_folder(&root.join(".Trash"));
    let date = "Tue, 24 Nov 2026 08:00:00 +0100";
    let body = newest_body("Skatteetaten");
    let subject = "En melding har blitt mottatt i Altinn";
    write(
        &root.join("cur/1800000100.1_1.host:2,S"),
        &genuine("p1", date, subject, &body),
    );
    write(
        &root.join("new/1800000101.1_2.host"),
        &genuine("p2", date, subject, &body),
    );
    // Already archived: not in the inbox.
    write(
        &root.join(".Altinn/cur/1800000102.1_3.host:2,S"),
        &genuine("p3", date, subject, &body),
    );
    let config = sandbox.path().join("maildirpp.toml");
    let text = default_config_with("root = \"~/Mail\"", &format!("root = {}", toml_path(&root)));
    let text = text.replacen("layout = \"verbatim\"", "layout = \"maildir++\"", 1);
    assert!(text.contains("layout = \"maildir++\""));
    write(&config, text.as_bytes());
    let before = snapshot_hashed(&root);

    let run = sandbox.run(&["--config", config.to_str().unwrap(), "scan", "--json"]);
    assert_code(&run, 0);
    let listed = by_id(json_lines(&run.stdout));
    assert_eq!(
        sorted_ids(&listed),
        ["1800000100.1_1.host", "1800000101.1_2.host"]
    );

    let run = sandbox.run(&["--config", config.to_str().unwrap(), "scan"]);
    assert_code(&run, 0);
    assert!(
        run.stdout.contains("Altinn notifications: 2 of 2 messages"),
        "{}",
        run.stdout
    );

    let run = sandbox.run(&["--config", config.to_str().unwrap(), "config", "check"]);
    assert_code(&run, 0);
    let line = |label: &str| {
        run.stdout
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line in:\n{}", run.stdout))
            .to_string()
    };
    assert!(line("inbox:").contains(&format!("{} [ok]", root.display())));
    assert!(line("archive:").contains(&format!("{} [ok]", root.join(".Altinn").display())));
    assert!(line("trash:").contains(&format!("{} [ok]", root.join(".Trash").display())));
    assert_eq!(snapshot_hashed(&root), before);
}

// ----- configuration -----------------------------------------------------------------------

/// The first `file:LINE:COL` position named in `stderr`.
fn has_position(stderr: &str, file: &Path) -> Option<(usize, usize)> {
    let prefix = format!("{}:", file.display());
    stderr.match_indices(&prefix).find_map(|(i, _)| {
        let mut parts = stderr[i + prefix.len()..].splitn(3, ':');
        let line = parts.next()?.parse().ok()?;
        let col = parts.next()?.parse().ok()?;
        parts.next()?;
        Some((line, col))
    })
}

/// Writes `text` as a config file in the sandbox and runs `scan` with it.
fn scan_with_config(sandbox: &BareSandbox, name: &str, text: &str) -> (PathBuf, Run) {
    let path = sandbox.path().join(name);
    write(&path, text.as_bytes());
    let maildir = sandbox.path().join("Mail");
    make_maildir_folder(&maildir.join("INBOX"));
    let run = sandbox.run(&[
        "--config",
        path.to_str().unwrap(),
        "--maildir",
        maildir.to_str().unwrap(),
        "scan",
    ]);
    assert_no_panic(&run);
    (path, run)
}

#[test]
fn config_syntax_error_names_file_line_and_column() {
    let sandbox = BareSandbox::new();
    let (path, run) = scan_with_config(
        &sandbox,
        "syntax.toml",
        "language = \"nb\"\n[mail\nroot = 1\n",
    );
    assert_code(&run, 2);
    let pos = has_position(&run.stderr, &path);
    assert!(
        matches!(pos, Some((2, _))),
        "expected {}:2:COL in stderr:\n{}",
        path.display(),
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn config_unknown_key_is_named() {
    let sandbox = BareSandbox::new();
    let text = default_config_with(
        "layout = \"verbatim\"",
        "layout = \"verbatim\"\ninbxo = \"INBOX\"",
    );
    let (path, run) = scan_with_config(&sandbox, "unknown.toml", &text);
    assert_code(&run, 2);
    assert!(run.stderr.contains("inbxo"), "{}", run.stderr);
    assert!(
        run.stderr.contains(path.to_str().unwrap()),
        "{}",
        run.stderr
    );
}

#[test]
fn config_invalid_org_number_mentions_mod11_and_its_line() {
    let sandbox = BareSandbox::new();
    let text = default_config_with("org = \"973857673\"", "org = \"973857674\"");
    let line = text.lines().position(|l| l.contains("973857674")).unwrap() + 1;
    let (path, run) = scan_with_config(&sandbox, "mod11.toml", &text);
    assert_code(&run, 2);
    assert!(run.stderr.contains("MOD11"), "{}", run.stderr);
    assert_eq!(
        has_position(&run.stderr, &path).map(|p| p.0),
        Some(line),
        "{}",
        run.stderr
    );
}

#[test]
fn config_forward_rule_without_address_is_refused() {
    let sandbox = BareSandbox::new();
    let text: String = default_config_text()
        .lines()
        .filter(|l| !l.trim_start().starts_with("forward_to"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_, run) = scan_with_config(&sandbox, "forward.toml", &text);
    assert_code(&run, 2);
    assert!(run.stderr.contains("forward_to"), "{}", run.stderr);
    assert!(
        run.stderr.contains("sick-pay-not-submitted"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_file_that_does_not_exist_is_named() {
    let sandbox = BareSandbox::new();
    let missing = sandbox.path().join("no-such-config.toml");
    let run = sandbox.run(&["--config", missing.to_str().unwrap(), "scan"]);
    assert_code(&run, 2);
    assert!(
        run.stderr.contains(missing.to_str().unwrap()),
        "{}",
        run.stderr
    );
}

#[test]
fn config_check_on_the_default_shows_paths_and_warns_about_placeholders() {
    let sandbox = BareSandbox::new();
    let run = sandbox.run(&["config", "check"]);
    // a valid configuration, but no mailbox at ~/Mail yet: not ready, exit 1
    assert_code(&run, 1);
    assert!(
        run.stderr.contains("The mailbox is not ready"),
        "{}",
        run.stderr
    );
    let home_mail = sandbox.path().join("home/Mail");
    for (label, folder) in [
        ("inbox:", "INBOX"),
        ("archive:", "Altinn"),
        ("trash:", "Trash"),
    ] {
        let want = home_mail.join(folder).display().to_string();
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(label) && l.contains(&want)),
            "no `{label} {want}` in:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stderr.contains("lonn@example.invalid"),
        "no warning about the placeholder payroll address:\n{}",
        run.stderr
    );
}

#[test]
fn config_path_is_under_xdg_config_home() {
    let sandbox = BareSandbox::new();
    let run = sandbox.run(&["config", "path"]);
    assert_code(&run, 0);
    let want = sandbox.config_home().join("altinn-sweep/config.toml");
    assert_eq!(run.stdout.trim_end(), want.to_str().unwrap());
}

#[test]
fn init_writes_refuses_to_overwrite_forces_and_is_then_used() {
    let sandbox = BareSandbox::new();
    let file = sandbox.config_home().join("altinn-sweep/config.toml");
    let default = default_config_text();

    let run = sandbox.run(&["init"]);
    assert_code(&run, 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), default);

    let edited = format!("{default}# my own notes\n");
    write(&file, edited.as_bytes());
    let run = sandbox.run(&["init"]);
    assert_ne!(run.code, Some(0), "a second init must refuse: {run:?}");
    assert!(run.code.is_some());
    assert!(
        run.stderr.contains(file.to_str().unwrap()),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        edited,
        "init overwrote the file"
    );

    let run = sandbox.run(&["init", "--force"]);
    assert_code(&run, 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), default);

    // The written file is the one used, e.g. its mail root.
    let root = sandbox.path().join("my-mail");
    for folder in ["INBOX", "Altinn", "Trash"] {
        make_maildir_folder(&root.join(folder));
    }
    write(
        &root.join("INBOX/cur/1800000200.1_1.host:2,S"),
        &genuine(
            "i1",
            "Tue, 24 Nov 2026 08:00:00 +0100",
            "En melding har blitt mottatt i Altinn",
            &newest_body("Skatteetaten"),
        ),
    );
    let text = default_config_with("root = \"~/Mail\"", &format!("root = {}", toml_path(&root)));
    write(&file, text.as_bytes());
    let run = sandbox.run(&["scan", "--json"]);
    assert_code(&run, 0);
    let items = json_lines(&run.stdout);
    assert_eq!(items.len(), 1, "{}", run.stdout);
    assert_eq!(items[0]["id"], "1800000200.1_1.host");
    let run = sandbox.run(&["config", "check"]);
    assert_code(&run, 0);
    assert!(
        run.stdout
            .contains(&format!("configuration: {} (ok)", file.display())),
        "{}",
        run.stdout
    );
}

// ----- runtime errors and untrusted text ---------------------------------------------------

#[test]
fn missing_inbox_is_a_runtime_error_naming_it() {
    let sandbox = BareSandbox::new();
    // No mail root at all.
    let nowhere = sandbox.path().join("nowhere");
    let run = sandbox.run(&["--maildir", nowhere.to_str().unwrap(), "scan"]);
    assert_code(&run, 1);
    assert_no_panic(&run);
    assert!(
        run.stderr.contains(nowhere.join("INBOX").to_str().unwrap()),
        "{}",
        run.stderr
    );
    // A mail root with other folders but no INBOX, and an INBOX that is not a Maildir.
    let root = sandbox.path().join("Mail");
    make_maildir_folder(&root.join("Altinn"));
    let run = sandbox.run(&["--maildir", root.to_str().unwrap(), "scan", "--json"]);
    assert_code(&run, 1);
    assert!(
        run.stderr.contains(root.join("INBOX").to_str().unwrap()),
        "{}",
        run.stderr
    );
    std::fs::create_dir(root.join("INBOX")).unwrap();
    let run = sandbox.run(&["--maildir", root.to_str().unwrap(), "scan"]);
    assert_code(&run, 1);
    assert!(
        run.stderr.contains(root.join("INBOX").to_str().unwrap()),
        "{}",
        run.stderr
    );
}

#[test]
fn escape_sequences_in_mail_never_reach_the_terminal() {
    let sandbox = BareSandbox::new();
    let root = sandbox.path().join("Mail");
    make_maildir_folder(&root.join("INBOX"));
    let file = root.join("INBOX/cur/1800000300.1_1.host:2,S");
    write(
        &file,
        &message(
            &[
                AUTH_PASS,
                "Date: Tue, 24 Nov 2026 08:00:00 +0100",
                "From: \"Altinn\x1b[5m\" <noreply@altinn.no>",
                "Subject: En melding har blitt mottatt i Altinn \x1b[2J\x1b]0;pwned\x07 \u{9b}31m \u{202e}cba",
                "Content-Type: text/plain; charset=utf-8",
            ],
            "Hei. SANDNES KOMMUNE har mottatt en ny melding fra Skatte\x1b[31metaten.\x1b[0m\r\x1b[2K Logg deg inn i Altinn.\n"
                .as_bytes(),
        ),
    );
    let maildir = root.to_str().unwrap();
    let dangerous = |what: &str, text: &str| {
        for (c, name) in [
            ('\u{1b}', "ESC"),
            ('\u{7}', "BEL"),
            ('\u{9b}', "CSI"),
            ('\u{202e}', "RLO"),
        ] {
            assert!(!text.contains(c), "{name} in the {what}:\n{text:?}");
        }
    };

    let run = sandbox.run(&["--maildir", maildir, "scan"]);
    assert_code(&run, 0);
    assert!(
        run.stdout.contains("Altinn notifications: 1 of 1 messages"),
        "{}",
        run.stdout
    );
    assert!(!run.raw_stdout.contains(&0x1b) && !run.raw_stdout.contains(&0x07));
    dangerous("scan table", &run.stdout);
    dangerous("scan stderr", &run.stderr);

    let run = sandbox.run(&["--maildir", maildir, "scan", "--json"]);
    assert_code(&run, 0);
    assert!(!run.raw_stdout.contains(&0x1b) && !run.raw_stdout.contains(&0x07));
    let items = json_lines(&run.stdout);
    assert_eq!(items.len(), 1);
    assert!(items[0]["subject"].as_str().unwrap().contains("pwned"));

    let run = sandbox.run(&["explain", file.to_str().unwrap()]);
    assert_code(&run, 0);
    dangerous("explain output", &run.stdout);
    dangerous("explain stderr", &run.stderr);
}

// ----- explain -----------------------------------------------------------------------------

fn demo_file(rel: &str) -> PathBuf {
    let path = manifest_dir().join("assets/demo/Mail").join(rel);
    assert!(path.is_file(), "{} is gone from the demo", path.display());
    path
}

/// The rule names of the default configuration, in order.
fn default_rule_names() -> Vec<String> {
    let text = default_config_text();
    let mut names = Vec::new();
    let mut in_rule = false;
    for line in text.lines().map(str::trim) {
        if line == "[[rules]]" {
            in_rule = true;
        } else if in_rule && let Some(rest) = line.strip_prefix("name = ") {
            names.push(rest.trim_matches('"').to_string());
            in_rule = false;
        }
    }
    assert!(names.len() >= 2, "{names:?}");
    names
}

#[test]
fn explain_shows_the_verdict_and_every_rule() {
    let sandbox = BareSandbox::new();

    let phishing = demo_file("INBOX/cur/1795052825.40323_1.mailhost,U=1212:2,S");
    let run = sandbox.run(&["explain", phishing.to_str().unwrap()]);
    assert_code(&run, 0);
    let verdict = run
        .stdout
        .split_once("SUSPICIOUS")
        .unwrap_or_else(|| panic!("no SUSPICIOUS in:\n{}", run.stdout))
        .1;
    assert!(verdict.contains("altinn-varsel.com"), "{}", run.stdout);
    assert!(!run.stdout.contains("GENUINE"), "{}", run.stdout);
    // One verdict, stated once: no rule is "chosen" for a message that is skipped.
    assert!(!run.stdout.contains("MATCH, chosen"), "{}", run.stdout);
    assert_eq!(
        run.stdout.matches("Suggestion:").count(),
        1,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Suggestion: skip (rule: suspicious)"),
        "{}",
        run.stdout
    );

    let genuine = demo_file("INBOX/cur/1794812539.40272_1.mailhost,U=1201:2,S");
    let run = sandbox.run(&["explain", genuine.to_str().unwrap()]);
    assert_code(&run, 0);
    assert!(run.stdout.contains("GENUINE"), "{}", run.stdout);
    assert!(!run.stdout.contains("SUSPICIOUS"), "{}", run.stdout);
    let rules_part = run
        .stdout
        .split_once("Rules (first match wins)")
        .unwrap_or_else(|| panic!("no rule list in:\n{}", run.stdout))
        .1;
    let mut last = 0;
    for (i, name) in default_rule_names().iter().enumerate() {
        let needle = format!("{}. {name} ", i + 1);
        let at = rules_part
            .find(&needle)
            .unwrap_or_else(|| panic!("rule {needle:?} missing or out of order:\n{rules_part}"));
        assert!(at >= last, "rule {name} out of order:\n{rules_part}");
        last = at;
    }
    assert_eq!(
        rules_part.matches("MATCH, chosen").count(),
        1,
        "{rules_part}"
    );
    let chosen = rules_part
        .lines()
        .find(|l| l.contains("MATCH, chosen"))
        .unwrap();
    assert!(chosen.contains("archive-rest"), "{chosen}");

    let ordinary = demo_file("INBOX/cur/1794814807.40272_2.mailhost,U=1202:2,S");
    let run = sandbox.run(&["explain", ordinary.to_str().unwrap()]);
    assert_code(&run, 0);
    assert!(
        run.stdout
            .contains("Verdict: not an Altinn notification — never listed or touched."),
        "{}",
        run.stdout
    );
    // A colleague's mail gets no suggestion and no rule verdicts that contradict that.
    assert!(!run.stdout.contains("Suggestion"), "{}", run.stdout);
    assert!(!run.stdout.contains("MATCH"), "{}", run.stdout);

    let missing = sandbox.path().join("no-such-message.eml");
    let run = sandbox.run(&["explain", missing.to_str().unwrap()]);
    assert_code(&run, 1);
    assert!(
        run.stderr.contains(missing.to_str().unwrap()),
        "{}",
        run.stderr
    );
}

#[test]
fn norwegian_locale_gives_norwegian_table() {
    let sandbox = BareSandbox::new();
    let root = sandbox.path().join("Mail");
    make_maildir_folder(&root.join("INBOX"));
    write(
        &root.join("INBOX/cur/1800000400.1_1.host:2,S"),
        &genuine(
            "n1",
            "Tue, 24 Nov 2026 08:00:00 +0100",
            "En melding har blitt mottatt i Altinn",
            &newest_body("Skatteetaten"),
        ),
    );
    let run = support::run(sandbox.command("nb_NO.UTF-8").args([
        "--maildir",
        root.to_str().unwrap(),
        "scan",
    ]));
    assert_code(&run, 0);
    let header = run.stdout.lines().next().unwrap_or("");
    assert!(
        header.contains("Mottaker") && header.contains("Emne"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Altinn-varsler: 1 av 1 meldinger"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("arkiver"), "{}", run.stdout);
}

// ----- mail nobody on the project wrote ----------------------------------------------------

/// Two notifications and, between them, a genuine-looking one whose MIME structure (a
/// message/rfc822 part whose body is again message/rfc822 holding a multipart) makes
/// mail-parser 0.11.9 panic ("Invalid part ID, could not find multipart").
fn write_mime_parser_trap(inbox: &Path) -> PathBuf {
    let date = "Tue, 24 Nov 2026 08:00:00 +0100";
    let subject = "En melding har blitt mottatt i Altinn";
    write(
        &inbox.join("cur/1800000500.1_1.host:2,S"),
        &genuine("t1", date, subject, &newest_body("Skatteetaten")),
    );
    write(
        &inbox.join("cur/1800000502.1_3.host:2,S"),
        &genuine("t3", date, subject, &newest_body("Kartverket")),
    );
    let trap = inbox.join("cur/1800000501.1_2.host:2,S");
    write(
        &trap,
        &message(
            &[
                AUTH_PASS,
                &format!("Date: {date}"),
                GENUINE_FROM,
                &format!("Subject: {subject}"),
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"outer\"",
            ],
            b"--outer\nContent-Type: text/plain\n\nHei.\n\n--outer\nContent-Type: message/rfc822\n\n\
              From: a@b.example\nContent-Type: message/rfc822\n\n\
              From: c@d.example\nContent-Type: multipart/mixed; boundary=inner\n\n\
              --inner\nContent-Type: text/plain\n\nx\n--inner--\n--outer--\n",
        ),
    );
    trap
}

#[test]
fn a_message_that_crashes_the_mime_parser_is_reported_not_lost() {
    let sandbox = BareSandbox::new();
    let root = sandbox.path().join("Mail");
    let inbox = root.join("INBOX");
    make_maildir_folder(&inbox);
    let trap = write_mime_parser_trap(&inbox);
    let before = snapshot_hashed(&root);

    // One worker thread makes the loss deterministic: with more, whichever worker read
    // the trap loses everything it had read.
    let run = support::run(sandbox.command("C").env("ALTINN_SWEEP_THREADS", "1").args([
        "--maildir",
        root.to_str().unwrap(),
        "scan",
        "--json",
    ]));
    let listed = by_id(json_lines(&run.stdout));
    assert!(
        listed.contains_key("1800000500.1_1.host") && listed.contains_key("1800000502.1_3.host"),
        "the other notifications were lost: {listed:?}"
    );
    assert!(
        listed.contains_key("1800000501.1_2.host") || run.stderr.contains(trap.to_str().unwrap()),
        "the unparsable message is neither listed nor reported:\n{}",
        run.stderr
    );
    assert_no_panic(&run);

    let run = sandbox.run(&["explain", trap.to_str().unwrap()]);
    assert_no_panic(&run);
    assert!(matches!(run.code, Some(0 | 1)), "{run:?}");
    assert_eq!(snapshot_hashed(&root), before);
}

fn foreign_mail_copy(sandbox: &BareSandbox) -> PathBuf {
    let source = manifest_dir().join("../shared/foreign-mail");
    assert!(
        source.is_dir(),
        "{} is absent: this test needs the foreign-mail corpus beside the clone",
        source.display()
    );
    let root = sandbox.path().join("foreign");
    copy_tree(&source, &root);
    assert!(
        root.join("INBOX").is_dir(),
        "{} has no INBOX",
        source.display()
    );
    root
}

/// The message files of the foreign INBOX, sorted.
fn foreign_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["cur", "new"]
        .iter()
        .filter_map(|sub| std::fs::read_dir(root.join("INBOX").join(sub)).ok())
        .flatten()
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

/// Runs `explain` on every file, a few at a time; returns the runs that crashed (a signal,
/// a panic, an exit code other than 0 or 1).
fn explain_crashes(sandbox: &BareSandbox, files: &[PathBuf]) -> Vec<String> {
    let workers = std::thread::available_parallelism().map_or(4, |n| n.get().clamp(2, 16));
    let chunk = files.len().div_ceil(workers).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    // one process explains a whole chunk: a crash on any file shows as a
                    // signal/101 exit or a panic message naming where it happened
                    let mut args = vec!["explain"];
                    args.extend(part.iter().map(|f| f.to_str().unwrap()));
                    let run = sandbox.run(&args);
                    let mut bad = Vec::new();
                    if !matches!(run.code, Some(0 | 1)) || run.stderr.contains("panicked") {
                        bad.push(format!(
                            "{} files from {}: exit {:?}: {}",
                            part.len(),
                            part[0].display(),
                            run.code,
                            run.stderr.trim()
                        ));
                    }
                    bad
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker"))
            .collect()
    })
}

#[test]
#[ignore = "needs ../shared/foreign-mail beside the clone; .ci/run runs it"]
fn foreign_mail_is_never_listed_and_left_untouched() {
    let sandbox = BareSandbox::new();
    let root = foreign_mail_copy(&sandbox);
    let before = snapshot_hashed(&root);

    let run = scan_json_ok(&sandbox, &root);
    let items = json_lines(&run.stdout);
    let ids: Vec<&str> = items.iter().filter_map(|i| i["id"].as_str()).collect();
    assert!(
        ids.is_empty(),
        "foreign mail listed as notifications: {ids:?}"
    );
    let run = sandbox.run(&["--maildir", root.to_str().unwrap(), "scan"]);
    assert_code(&run, 0);
    assert!(
        run.stdout.contains("No Altinn notifications in the inbox."),
        "{}",
        run.stdout
    );

    assert_eq!(
        snapshot_hashed(&root),
        before,
        "the foreign mail was modified"
    );
}

#[test]
#[ignore = "needs ../shared/foreign-mail beside the clone; .ci/run runs it"]
fn explain_survives_every_foreign_message() {
    let sandbox = BareSandbox::new();
    let root = foreign_mail_copy(&sandbox);
    let before = snapshot_hashed(&root);
    let crashes = explain_crashes(&sandbox, &foreign_files(&root));
    assert!(
        crashes.is_empty(),
        "explain crashed on {} files:\n{}",
        crashes.len(),
        crashes.join("\n")
    );
    assert_eq!(
        snapshot_hashed(&root),
        before,
        "the foreign mail was modified"
    );
}

/// The language of the screens never reaches the facts: `scan --json` is the same under a
/// bokmål and an English locale except the rendered `reason`, and every doubt carries a
/// stable machine `kind` with its evidence in `detail`.
#[test]
fn scan_json_is_the_same_in_every_language_but_the_reason() {
    let sandbox = BareSandbox::new();
    let root = sandbox.path().join("Mail");
    copy_tree(&manifest_dir().join("assets/demo/Mail"), &root);
    let json_in = |locale: &str| {
        let run = support::run(sandbox.command(locale).args([
            "--maildir",
            root.to_str().unwrap(),
            "scan",
            "--json",
        ]));
        assert_code(&run, 0);
        json_lines(&run.stdout)
    };
    let nb = json_in("nb_NO.UTF-8");
    let en = json_in("en_US.UTF-8");
    assert_eq!(nb.len(), en.len());
    assert!(!nb.is_empty());
    let mut reasons_differ = 0;
    let mut doubts_seen = 0;
    for (mut n, mut e) in nb.into_iter().zip(en) {
        let (rn, re) = (n["reason"].take(), e["reason"].take());
        assert!(rn.is_string() && re.is_string(), "{rn} {re}");
        if rn != re {
            reasons_differ += 1;
        }
        assert_eq!(n, e, "scan --json differs between nb and en");
        for d in n["doubts"].as_array().unwrap() {
            doubts_seen += 1;
            let keys: Vec<&String> = d.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["detail", "kind"], "{d}");
            assert!(
                ["untrusted_sender", "dmarc_fail", "untrusted_link"]
                    .contains(&d["kind"].as_str().unwrap()),
                "{d}"
            );
        }
    }
    assert!(doubts_seen > 0, "the demo has imitations with doubts");
    assert!(
        reasons_differ > 0,
        "the suspicious reasons are rendered in each language"
    );
}

/// An Exchange mailbox synced by mbsync has no `Trash` but `Deleted Items` (or, in a
/// Norwegian tenant, `Slettede elementer`): config check says so and names the fix.
#[test]
fn config_check_warns_about_a_missing_trash_and_suggests_exchange_names() {
    let sandbox = BareSandbox::new();
    let root = sandbox.path().join("Mail");
    for folder in ["INBOX", "Altinn", "Deleted Items", "Slettede elementer"] {
        make_maildir_folder(&root.join(folder));
    }
    let run = sandbox.run(&["--maildir", root.to_str().unwrap(), "config", "check"]);
    assert_code(&run, 1);
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("the trash folder"))
        .unwrap_or_else(|| panic!("no warning about the trash folder:\n{}", run.stderr));
    assert!(
        warning.contains(&root.join("Trash").display().to_string())
            && warning.contains("mail.trash = \"Deleted Items\"")
            && warning.contains("mail.trash = \"Slettede elementer\""),
        "{warning}"
    );
    // With the trash there, no warning.
    make_maildir_folder(&root.join("Trash"));
    let run = sandbox.run(&["--maildir", root.to_str().unwrap(), "config", "check"]);
    assert_code(&run, 0);
    assert!(!run.stderr.contains("the trash folder"), "{}", run.stderr);
}
