//! `apply`, `undo` and `journal` through the real binary on copies of the demo mailbox and
//! of the independent variants corpus: the plan changes nothing; `apply --yes` archives,
//! deletes and forwards exactly what the rules say, under the Maildir names DESIGN.md
//! prescribes, journals one `ok` entry per action and leaves suspicious and non-Altinn mail
//! alone; undo puts mail back; the journal can be read as a table, JSON Lines and CSV.

mod support;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use support::{
    CLERK, ConfigText, PAYROLL, Sandbox, USER, abs, attached_original, by_id, copy_tree,
    decoded_subject, header, json_lines, messages, name_in_other_folder, read_tsv, sandbox_with,
    snapshot_exact, tmp_leftovers,
};

/// One message of a corpus and what EXPECTED.tsv says about it.
#[derive(Debug, Clone)]
struct Case {
    /// Path relative to the mail root, e.g. `INBOX/cur/NAME`.
    rel: PathBuf,
    bytes: Vec<u8>,
    listed: bool,
    /// archive, delete, forward, skip, or `-` (not a notification).
    action: String,
    rule: String,
    /// `None` for `-`.
    recipient_org: Option<String>,
}

impl Case {
    fn sub(&self) -> String {
        self.rel
            .components()
            .nth(1)
            .expect("FOLDER/SUB/NAME")
            .as_os_str()
            .to_string_lossy()
            .into_owned()
    }

    fn file_name(&self) -> String {
        self.rel
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned()
    }

    fn unique(&self) -> String {
        let n = self.file_name();
        n.split(":2,").next().unwrap_or(&n).to_string()
    }

    /// The folder it must go to and the flag added, or `None` if it must stay.
    fn target(&self) -> Option<(&'static str, Option<char>)> {
        match self.action.as_str() {
            "archive" => Some(("Altinn", None)),
            "delete" => Some(("Trash", None)),
            "forward" => Some(("Trash", Some('P'))),
            _ => None,
        }
    }

    fn target_rel(&self) -> PathBuf {
        match self.target() {
            Some((folder, add)) => Path::new(folder)
                .join(self.sub())
                .join(name_in_other_folder(&self.file_name(), add)),
            None => self.rel.clone(),
        }
    }
}

fn case_from_row(mail: &Path, rel: PathBuf, row: &BTreeMap<String, String>) -> Case {
    let org = row["recipient_org"].clone();
    Case {
        bytes: std::fs::read(mail.join(&rel)).expect("read a corpus message"),
        rel,
        listed: row["listed"] == "yes",
        action: row["action"].clone(),
        rule: row["rule"].clone(),
        recipient_org: (org != "-").then_some(org),
    }
}

/// A copy of the demo mailbox in the sandbox, with what EXPECTED.tsv says of each file.
fn demo_mailbox(sb: &Sandbox) -> Vec<Case> {
    let demo = support::manifest_dir().join("assets/demo");
    copy_tree(&demo.join("Mail"), &sb.mail());
    read_tsv(&demo.join("EXPECTED.tsv"))
        .iter()
        .map(|row| case_from_row(&sb.mail(), PathBuf::from(&row["file"]), row))
        .collect()
}

/// The variants corpus as an mbsync-style inbox: every fourth message in `new/` without
/// flags, the others in `cur/` with `:2,S`, `,FMD5=` + `:2,RS` (offlineimap) or `:2,`.
fn variants_mailbox(sb: &Sandbox) -> Vec<Case> {
    let dir = support::manifest_dir().join("tests/fixtures/variants");
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    read_tsv(&dir.join("EXPECTED.tsv"))
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let n = i + 1;
            let unique = format!("1801000000.{n}_1.variants,U={n}");
            let rel = match n % 4 {
                0 => PathBuf::from(format!("INBOX/new/{unique}")),
                1 => PathBuf::from(format!("INBOX/cur/{unique}:2,S")),
                2 => PathBuf::from(format!("INBOX/cur/{unique},FMD5=0a1b2c3d:2,SR")),
                _ => PathBuf::from(format!("INBOX/cur/1801000000.{n}_1.variants:2,")),
            };
            std::fs::copy(dir.join(&row["file"]), sb.mail().join(&rel)).expect("copy a variant");
            case_from_row(&sb.mail(), rel, row)
        })
        .collect()
}

/// `scan --json`, by unique name.
fn scan_by_id(sb: &Sandbox) -> HashMap<String, Value> {
    let run = sb.run(&["scan", "--json"]);
    run.expect_code(0, "scan --json");
    by_id(json_lines(&run.stdout))
}

/// The whole of "Done when" for one corpus: plan, apply, files, forwards, journal, rescan.
fn check_apply_on_corpus(sb: &Sandbox, cases: &[Case]) {
    sb.install_fake_sendmail();
    sb.write_config(&ConfigText::for_sandbox(sb));
    let scanned = scan_by_id(sb);
    let acted: Vec<&Case> = cases.iter().filter(|c| c.target().is_some()).collect();
    assert!(
        acted.iter().any(|c| c.action == "forward"),
        "the corpus has a forward case"
    );

    // `apply` without --yes: the plan, and not one byte, name or mode changed anywhere.
    let before = snapshot_exact(&sb.root);
    let plan = sb.run(&["apply"]);
    plan.expect_code(0, "apply (plan only)");
    assert!(
        plan.stdout.contains("Nothing was changed"),
        "{}",
        plan.stdout
    );
    assert!(
        snapshot_exact(&sb.root) == before,
        "`apply` without --yes changed files (or created the journal)"
    );
    for c in &acted {
        let target = abs(sb, &c.target_rel());
        assert!(
            plan.stdout.contains(&target),
            "the plan shows {target} for {}:\n{}",
            c.rel.display(),
            plan.stdout
        );
    }

    // `apply --yes`
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(0, "apply --yes");
    for action in ["archive", "delete", "forward"] {
        let n = acted.iter().filter(|c| c.action == action).count();
        assert!(
            run.stdout.contains(&format!("{action} {n}")),
            "summary counts {n} × {action}:\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("failed 0"), "{}", run.stdout);

    // Every message is where it must be, byte for byte, and nowhere else.
    let after = messages(&sb.mail());
    for c in cases {
        let at = c.target_rel();
        assert_eq!(
            after.get(&at).map(Vec::as_slice),
            Some(c.bytes.as_slice()),
            "{} ({} by {}) must be at {}",
            c.rel.display(),
            c.action,
            c.rule,
            at.display()
        );
        if at != c.rel {
            assert!(
                !after.contains_key(&c.rel),
                "{} left behind",
                c.rel.display()
            );
        }
    }
    assert_eq!(
        after.len(),
        cases.len(),
        "no message more or less: {:#?}",
        after.keys().collect::<Vec<_>>()
    );
    assert!(tmp_leftovers(&sb.mail()).is_empty());

    // Forwards went through the sendmail command with the original attached unchanged.
    let sent = sb.sent();
    let forwards: Vec<&&Case> = acted.iter().filter(|c| c.action == "forward").collect();
    assert_eq!(sent.len(), forwards.len(), "one sendmail call per forward");
    for c in &forwards {
        let s = sent
            .iter()
            .find(|s| attached_original(&s.message).as_deref() == Some(c.bytes.as_slice()))
            .unwrap_or_else(|| {
                panic!(
                    "no forward carries {} byte for byte as message/rfc822",
                    c.rel.display()
                )
            });
        assert_eq!(s.args, ["-t", "-oi"], "sendmail's arguments");
        assert_eq!(header(&s.message, "To").as_deref(), Some(PAYROLL));
        assert_eq!(header(&s.message, "From").as_deref(), Some(CLERK));
        assert!(header(&s.message, "Date").is_some());
        assert!(
            header(&s.message, "Message-ID").is_some_and(|m| m.ends_with("@sandnes.kommune.no>"))
        );
        let original_subject = decoded_subject(&c.bytes).expect("the original has a subject");
        assert_eq!(
            decoded_subject(&s.message),
            Some(format!("VS: {original_subject}"))
        );
        let mid = scanned[&c.unique()]["message_id"]
            .as_str()
            .expect("a Message-ID")
            .trim_matches(['<', '>'])
            .to_string();
        assert_eq!(header(&s.message, "References"), Some(format!("<{mid}>")));
    }

    // The journal: one ok entry per action, with the facts right; before each forward's
    // entry, its `sending` intent and the `sent` fact that the send succeeded.
    let journal = sb.journal();
    assert!(journal.bad.is_empty(), "{:?}", journal.bad);
    let steps = &journal.steps;
    let forwards: Vec<&Value> = journal
        .entries
        .iter()
        .filter(|e| e["action"] == "forward")
        .collect();
    assert_eq!(steps.len(), 2 * forwards.len(), "{steps:#?}");
    for f in &forwards {
        let intent = f["intent"].as_str().expect("a forward names its intent");
        let of_it: Vec<(&Value, &Value)> = steps
            .iter()
            .filter(|s| s["entry"] == intent || s["intent"] == intent)
            .map(|s| (&s["action"], &s["result"]))
            .collect();
        assert_eq!(
            of_it,
            [
                (&Value::from("sending"), &Value::from("pending")),
                (&Value::from("sent"), &Value::from("ok"))
            ]
        );
    }
    let all_ids = journal.entries.len() + steps.len();
    assert_eq!(
        journal.entries.len(),
        acted.len(),
        "one entry per action and nothing else"
    );
    let entry_ids: BTreeSet<&str> = journal
        .entries
        .iter()
        .map(|e| e["entry"].as_str().expect("an entry id"))
        .collect();
    assert_eq!(
        entry_ids.len(),
        journal.entries.len(),
        "entry ids are unique"
    );
    let every_id: BTreeSet<String> = journal
        .entries
        .iter()
        .chain(steps)
        .map(|e| e["entry"].as_str().expect("an entry id").to_string())
        .collect();
    assert_eq!(every_id.len(), all_ids, "the steps' ids are unique too");
    for c in &acted {
        let es = journal.for_id(&c.unique());
        assert_eq!(es.len(), 1, "one journal entry for {}", c.rel.display());
        let e = es[0];
        let s = &scanned[&c.unique()];
        assert_eq!(e["result"], "ok");
        assert_eq!(e["error"], Value::Null);
        assert_eq!(e["action"], c.action.as_str());
        assert_eq!(e["suggested"], c.action.as_str());
        assert_eq!(e["rule"], c.rule.as_str());
        assert_eq!(e["user"], USER);
        assert_eq!(e["message_id"], s["message_id"]);
        assert_eq!(e["subject"], s["subject"]);
        assert_eq!(e["recipient_org"], s["recipient_org"]);
        if let Some(org) = &c.recipient_org {
            assert_eq!(e["recipient_org"], org.as_str());
        }
        assert_eq!(e["from_path"], abs(sb, &c.rel).as_str());
        assert_eq!(e["to_path"], abs(sb, &c.target_rel()).as_str());
        if c.action == "forward" {
            assert_eq!(e["forward_to"], PAYROLL);
            assert_eq!(e["transport"], "sendmail");
        } else {
            assert_eq!(e["forward_to"], Value::Null);
        }
        let ts = e["ts"].as_str().expect("ts");
        assert!(
            chrono::DateTime::parse_from_rfc3339(ts).is_ok(),
            "ts is RFC 3339 with an offset: {ts}"
        );
    }
    let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode(&sb.journal_path()), 0o600, "journal file mode");
    assert_eq!(mode(&sb.data_dir()), 0o700, "journal folder mode");

    // A second scan lists only what was skipped: the suspicious notifications.
    let left: BTreeSet<String> = scan_by_id(sb).into_keys().collect();
    let skipped: BTreeSet<String> = cases
        .iter()
        .filter(|c| c.listed && c.target().is_none())
        .map(Case::unique)
        .collect();
    assert_eq!(left, skipped);
    assert!(!skipped.is_empty());
}

#[test]
fn demo_mailbox_plan_changes_nothing_and_apply_does_what_the_routine_says() {
    let sb = Sandbox::new();
    let cases = demo_mailbox(&sb);
    check_apply_on_corpus(&sb, &cases);
}

#[test]
fn variants_corpus_plan_changes_nothing_and_apply_does_what_the_routine_says() {
    let sb = Sandbox::new();
    let cases = variants_mailbox(&sb);
    check_apply_on_corpus(&sb, &cases);
}

#[test]
fn rule_filter_limits_apply_to_those_rules() {
    let sb = Sandbox::new();
    let cases = demo_mailbox(&sb);
    sb.install_fake_sendmail();
    sb.write_config(&ConfigText::for_sandbox(&sb));
    let unknown = sb.run(&["apply", "--yes", "--rule", "no-such-rule"]);
    unknown.expect_code(2, "apply --rule with an unknown name");
    assert!(
        unknown.stderr.contains("no-such-rule"),
        "{}",
        unknown.stderr
    );

    let run = sb.run(&[
        "apply",
        "--yes",
        "--rule",
        "sick-note",
        "--rule",
        "customs-overview",
    ]);
    run.expect_code(0, "apply --yes --rule sick-note --rule customs-overview");
    // Everything else stays, and the counts say so.
    let listed = cases.iter().filter(|c| c.listed).count();
    let chosen = cases
        .iter()
        .filter(|c| c.rule == "sick-note" || c.rule == "customs-overview")
        .count();
    assert!(
        run.stdout.contains(&format!(
            "{} other notifications stay in the inbox (other rules than --rule).",
            listed - chosen
        )),
        "{}",
        run.stdout
    );
    // without --rule, what stays is what the batch leaves out: the suspicious ones
    let all = sb.run(&["apply"]);
    let suspicious = cases.iter().filter(|c| c.rule == "suspicious").count();
    assert!(
        all.stdout.contains(&format!(
            "{suspicious} notifications stay in the inbox (suspicious or suggested skip)."
        )),
        "{}",
        all.stdout
    );
    let after = messages(&sb.mail());
    for c in &cases {
        let chosen = c.rule == "sick-note" || c.rule == "customs-overview";
        let at = if chosen {
            c.target_rel()
        } else {
            c.rel.clone()
        };
        assert_eq!(
            after.get(&at).map(Vec::as_slice),
            Some(c.bytes.as_slice()),
            "{} ({})",
            c.rel.display(),
            c.rule
        );
    }
    let journal = sb.journal();
    let chosen = cases
        .iter()
        .filter(|c| c.rule == "sick-note" || c.rule == "customs-overview")
        .count();
    assert_eq!(journal.entries.len(), chosen);
    assert!(sb.sent().is_empty(), "nothing forwarded");
}

#[test]
fn undo_restores_forwards_and_archives_and_says_a_forward_cannot_be_recalled() {
    let sb = Sandbox::new();
    let cases = demo_mailbox(&sb);
    sb.install_fake_sendmail();
    sb.write_config(&ConfigText::for_sandbox(&sb));

    // The forward, then `undo --last 1`.
    let forward = cases
        .iter()
        .find(|c| c.action == "forward")
        .expect("the demo has a forward case");
    sb.run(&["apply", "--yes", "--rule", "sick-pay-not-submitted"])
        .expect_code(0, "apply the forward");
    assert_eq!(sb.sent().len(), 1);
    let fwd_entry = sb.journal().entries.last().expect("an entry").clone();
    assert_eq!(fwd_entry["action"], "forward");

    let undo = sb.run(&["undo", "--last", "1"]);
    undo.expect_code(0, "undo --last 1 of a forward");
    assert!(
        undo.stdout.contains("cannot be recalled") && undo.stdout.contains(PAYROLL),
        "undo says the forward to payroll was sent and cannot be recalled:\n{}",
        undo.stdout
    );
    // Back in the inbox, same sub-folder, without the P flag and the old UID tag.
    let back = Path::new("INBOX")
        .join(forward.sub())
        .join(name_in_other_folder(&forward.file_name(), None));
    let after = messages(&sb.mail());
    assert_eq!(
        after.get(&back).map(Vec::as_slice),
        Some(forward.bytes.as_slice())
    );
    assert!(!after.contains_key(&forward.target_rel()));
    assert_eq!(sb.sent().len(), 1, "undo sends nothing");
    let j = sb.journal();
    let u = j.entries.last().expect("the undo entry");
    assert_eq!(u["action"], "undo");
    assert_eq!(u["result"], "ok");
    assert_eq!(u["undoes"], fwd_entry["entry"]);
    assert_eq!(u["user"], USER);
    assert_eq!(u["from_path"], fwd_entry["to_path"]);
    assert_eq!(u["to_path"], abs(&sb, &back).as_str());
    assert!(
        u["note"]
            .as_str()
            .is_some_and(|n| n.contains("cannot be recalled"))
    );
    // The restored message is a pending notification again.
    let rescan = scan_by_id(&sb);
    assert_eq!(
        rescan[&forward.unique().replace(",U=1219", "")]["action"],
        "forward"
    );

    // Archives, then undo the last one, then the same entry again.
    sb.run(&["apply", "--yes", "--rule", "archive-rest"])
        .expect_code(0, "apply the archives");
    let j = sb.journal();
    let last_archive = j.entries.last().expect("an entry").clone();
    assert_eq!(last_archive["action"], "archive");
    let undo = sb.run(&["undo", "--last", "1"]);
    undo.expect_code(0, "undo --last 1 of an archive");
    let from = PathBuf::from(last_archive["from_path"].as_str().expect("from_path"));
    let archived = PathBuf::from(last_archive["to_path"].as_str().expect("to_path"));
    let case = cases
        .iter()
        .find(|c| sb.mail().join(&c.rel) == from)
        .expect("the archived case");
    let restored = from
        .parent()
        .expect("the sub-folder")
        .join(name_in_other_folder(&case.file_name(), None));
    assert_eq!(
        std::fs::read(&restored).ok().as_deref(),
        Some(case.bytes.as_slice()),
        "{} is back",
        restored.display()
    );
    assert!(!archived.exists());
    let j = sb.journal();
    let u = j.entries.last().expect("the undo entry");
    assert_eq!(u["undoes"], last_archive["entry"]);
    assert_eq!(u["to_path"], restored.display().to_string().as_str());
    assert_eq!(
        u["note"],
        Value::Null,
        "only a forward gets the recall note"
    );

    let again = sb.run(&[
        "undo",
        "--entry",
        last_archive["entry"].as_str().expect("an entry id"),
    ]);
    again.expect_code(1, "undo of an entry already undone");
    assert!(
        again.stderr.contains("already been undone"),
        "{}",
        again.stderr
    );

    // `undo --last 3` takes the three newest actions not yet undone.
    let undo = sb.run(&["undo", "--last", "3"]);
    undo.expect_code(0, "undo --last 3");
    let j = sb.journal();
    let undone: Vec<&Value> = j.entries.iter().filter(|e| e["action"] == "undo").collect();
    assert_eq!(undone.len(), 5);
    let undone_ids: BTreeSet<&str> = undone
        .iter()
        .map(|e| e["undoes"].as_str().expect("undoes"))
        .collect();
    assert_eq!(undone_ids.len(), 5, "no entry undone twice");

    // An archive whose message someone else moved on: a clear error, nothing changes.
    let victim = j
        .entries
        .iter()
        .rev()
        .find(|e| e["action"] == "archive" && !undone_ids.contains(e["entry"].as_str().unwrap()))
        .expect("an archive not undone")
        .clone();
    let at = PathBuf::from(victim["to_path"].as_str().expect("to_path"));
    sb.make_folders(&["Elsewhere"]);
    let elsewhere = sb
        .folder("Elsewhere/cur")
        .join(at.file_name().expect("a name"));
    std::fs::rename(&at, &elsewhere).expect("move it away");
    let before = messages(&sb.mail());
    let gone = sb.run(&["undo", "--entry", victim["entry"].as_str().unwrap()]);
    gone.expect_code(1, "undo of a message moved away");
    assert!(gone.stderr.contains("no longer in"), "{}", gone.stderr);
    assert!(
        messages(&sb.mail()) == before,
        "a failed undo changes nothing"
    );
}

/// A hand-written journal line (the journal is the audit trail: any tool may read it).
fn line(entry: &str, ts: &str, action: &str, subject: &str) -> String {
    serde_json::json!({
        "entry": entry, "ts": ts, "user": "kari", "action": action,
        "suggested": action, "rule": "archive-rest", "id": format!("id-{entry}"),
        "message_id": format!("{entry}@altinn.no"), "subject": subject,
        "recipient_org": "964965137", "from_path": "/m/INBOX/cur/x:2,S",
        "to_path": "/m/Altinn/cur/x:2,S", "forward_to": null, "result": "ok", "error": null,
    })
    .to_string()
}

/// Splits CSV text into records (RFC 4180 quoting, fields may hold line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[test]
fn journal_as_table_json_and_csv_with_date_filters() {
    let generated = support::generate(3, |_| support::Kind::Archive);
    let sb = sandbox_with(&generated);

    // Older entries by another clerk, then today's from a real run.
    std::fs::create_dir_all(sb.data_dir()).expect("data dir");
    let tricky = "Komma, \"sitat\" og\nlinjeskift";
    let old = [
        line("a1", "2026-01-05T08:00:00.000+01:00", "archive", "Januar 5"),
        line("a2", "2026-01-06T23:59:59.000+01:00", "delete", tricky),
        line(
            "a3",
            "2026-02-01T00:00:00.000+01:00",
            "archive",
            "Februar 1",
        ),
    ];
    std::fs::write(sb.journal_path(), old.join("\n") + "\n").expect("write the journal");
    sb.run(&["apply", "--yes"]).expect_code(0, "apply --yes");
    let today = chrono::Utc::now().date_naive().to_string();

    let ids = |run: &support::Run| -> Vec<String> {
        json_lines(&run.stdout)
            .iter()
            .map(|e| e["entry"].as_str().expect("entry").to_string())
            .collect()
    };

    // No dates: today's entries only.
    let run = sb.run(&["journal", "--format", "json"]);
    run.expect_code(0, "journal --format json");
    let todays = json_lines(&run.stdout);
    assert_eq!(todays.len(), 3, "{}", run.stdout);
    assert!(
        todays
            .iter()
            .all(|e| e["ts"].as_str().unwrap().starts_with(&today)
                && e["user"] == USER
                && e["action"] == "archive")
    );

    for (args, want) in [
        (
            vec!["--since", "2026-01-06", "--until", "2026-01-31"],
            vec!["a2"],
        ),
        (
            vec!["--since", "2026-01-05", "--until", "2026-01-06"],
            vec!["a1", "a2"],
        ),
        (vec!["--until", "2026-01-05"], vec!["a1"]),
        (
            vec!["--since", "2026-01-01", "--until", "2026-02-01"],
            vec!["a1", "a2", "a3"],
        ),
    ] {
        let mut full = vec!["journal", "--format", "json"];
        full.extend(&args);
        let run = sb.run(&full);
        run.expect_code(0, &format!("{full:?}"));
        assert_eq!(ids(&run), want, "{full:?}");
    }
    let since_feb = sb.run(&["journal", "--format", "json", "--since", "2026-02-01"]);
    assert_eq!(ids(&since_feb).len(), 4, "Feb 1 and today's three");

    // JSON Lines keep every field as written.
    let run = sb.run(&[
        "journal",
        "--format",
        "json",
        "--since",
        "2026-01-06",
        "--until",
        "2026-01-06",
    ]);
    let e = &json_lines(&run.stdout)[0];
    let written: Value = serde_json::from_str(&old[1]).unwrap();
    for k in [
        "entry",
        "ts",
        "user",
        "action",
        "rule",
        "id",
        "message_id",
        "subject",
        "recipient_org",
        "from_path",
        "to_path",
        "result",
    ] {
        assert_eq!(e[k], written[k], "field {k}");
    }

    // CSV: a header, one record per entry, quoting that survives commas, quotes, newlines.
    let run = sb.run(&["journal", "--format", "csv", "--since", "2026-01-01"]);
    run.expect_code(0, "journal --format csv");
    let records = parse_csv(&run.stdout);
    let head = &records[0];
    for col in [
        "ts",
        "user",
        "action",
        "rule",
        "id",
        "message_id",
        "subject",
        "recipient_org",
        "from_path",
        "to_path",
        "forward_to",
        "result",
        "error",
    ] {
        assert!(head.iter().any(|h| h == col), "CSV column {col}: {head:?}");
    }
    assert_eq!(records.len(), 1 + 6, "{}", run.stdout);
    assert!(records.iter().all(|r| r.len() == head.len()), "{records:?}");
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let a2 = records
        .iter()
        .find(|r| r[col("id")] == "id-a2")
        .expect("a2 in the CSV");
    assert_eq!(a2[col("subject")], tricky);
    assert_eq!(a2[col("user")], "kari");
    assert_eq!(a2[col("action")], "delete");

    // Table: one line per entry with who, what, result and where to.
    let run = sb.run(&["journal"]);
    run.expect_code(0, "journal");
    let rows: Vec<&str> = run.stdout.lines().filter(|l| l.contains(USER)).collect();
    assert_eq!(rows.len(), 3, "{}", run.stdout);
    for r in rows {
        assert!(
            r.contains("archive")
                && r.contains("ok")
                && r.contains(&sb.folder("Altinn").display().to_string()),
            "{r}"
        );
    }
    let run = sb.run(&["journal", "--since", "2025-01-01", "--until", "2025-12-31"]);
    run.expect_code(0, "journal of an empty period");
    assert!(run.stdout.contains("no journal entries"), "{}", run.stdout);

    // Bad dates and formats are usage errors (exit 2) that name the option.
    for (args, names) in [
        (vec!["journal", "--since", "2026-02-30"], "--since"),
        (vec!["journal", "--until", "26.11.2026"], "--until"),
        (vec!["journal", "--since", "yesterday"], "--since"),
        (vec!["journal", "--format", "xml"], "--format"),
    ] {
        let run = sb.run(&args);
        run.expect_code(2, &format!("{args:?}"));
        assert!(run.stderr.contains(names), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_file_already_in_the_target_folder_is_never_overwritten() {
    let generated = support::generate(4, |i| {
        if i == 4 {
            support::Kind::Suspicious
        } else {
            support::Kind::Archive
        }
    });
    let sb = sandbox_with(&generated);
    let m = &generated[0];
    let taken = sb.mail().join(m.target_rel());
    std::fs::write(&taken, "another message with the same name").expect("write");

    sb.run(&["apply", "--yes"]).expect_code(0, "apply --yes");
    assert_eq!(
        std::fs::read_to_string(&taken).expect("still there"),
        "another message with the same name"
    );
    let sub_dir = taken.parent().expect("sub-folder");
    let copies: Vec<PathBuf> = std::fs::read_dir(sub_dir)
        .expect("read")
        .map(|e| e.expect("entry").path())
        .filter(|p| std::fs::read(p).ok().as_deref() == Some(m.bytes.as_slice()))
        .collect();
    assert_eq!(copies.len(), 1, "the message arrived once: {copies:?}");
    let name = copies[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let flags = |n: &str| n.split(":2,").nth(1).map(str::to_string);
    assert_ne!(copies[0], taken);
    assert_eq!(flags(&name), flags(&m.file_name), "flags kept: {name}");
    let j = sb.journal();
    let e = j.for_id(m.unique());
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["to_path"], copies[0].display().to_string().as_str());
    assert!(!sb.mail().join(m.inbox_rel()).exists());
}
