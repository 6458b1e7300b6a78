//! `followup`, `followup step`, `undo` of a step, `followup open`, `followup recipients`
//! and `check` through the real binary on a Maildir in a temp dir, with the injectable
//! clock (`ALTINN_SWEEP_NOW`): ages in working days, overdue first, each step moves the
//! notice into its folder under DESIGN.md's name rules, is journaled with who and when,
//! and is shared as a record message; undo puts it back.

mod support;

use serde_json::Value;
use std::path::Path;
use support::USER;
use support::followup::{HANA, at, items, notice, put, sandbox};

fn files_in(folder: &Path) -> Vec<String> {
    let mut v: Vec<String> = ["new", "cur"]
        .iter()
        .flat_map(|s| std::fs::read_dir(folder.join(s)).into_iter().flatten())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const TUESDAY: &str = "2026-12-01T10:00:00+01:00";

#[test]
fn the_checklist_from_archived_to_done_through_the_cli() {
    let sb = sandbox();
    // Thursday, Monday, Tuesday morning
    put(
        &sb,
        "Altinn",
        1,
        &notice(1, "Thu, 26 Nov 2026 08:00:00 +0100", "SANDNES KOMMUNE"),
    );
    put(
        &sb,
        "Altinn",
        2,
        &notice(2, "Mon, 30 Nov 2026 09:00:00 +0100", "SANDNES KOMMUNE"),
    );
    put(
        &sb,
        "Altinn",
        3,
        &notice(3, "Tue, 1 Dec 2026 07:30:00 +0100", "Hana skole"),
    );
    // a non-Altinn mail in the archive folder is no follow-up item
    std::fs::write(
        sb.folder("Altinn/cur/other:2,S"),
        b"From: a@b.no\nSubject: lunsj\n\nhei\n",
    )
    .unwrap();

    let r = at(&sb, TUESDAY, &["followup", "--json"]);
    r.expect_code(0, "followup --json");
    let list = items(&r);
    assert_eq!(list.len(), 3, "{}", r.stdout);
    // overdue first: Thursday's is 3 working days old (Fri, Mon, Tue) > 2
    assert_eq!(list[0]["age_days"], 3);
    assert_eq!(list[0]["overdue"], true);
    assert_eq!(list[0]["step"], "open");
    assert_eq!(list[0]["party"], "Sandnes kommune");
    assert_eq!(list[0]["party_org"], "964965137");
    assert_eq!(list[1]["age_days"], 1);
    assert_eq!(list[2]["age_days"], 0);
    assert_eq!(list[2]["party"], HANA.0);
    assert_eq!(
        list[2]["altinn_url"],
        format!("https://af.altinn.no/?party={}", HANA.1)
    );
    for i in &list {
        assert_eq!(i["id"].as_str().unwrap().len(), 12);
        assert!(Path::new(i["path"].as_str().unwrap()).is_file());
    }
    let a = list[0]["id"].as_str().unwrap().to_string();
    let c = list[2]["id"].as_str().unwrap().to_string();

    let over = at(&sb, TUESDAY, &["followup", "--overdue", "--json"]);
    assert_eq!(items(&over).len(), 1);
    let table = at(&sb, TUESDAY, &["followup"]);
    let first = table.stdout.lines().nth(1).unwrap();
    assert!(
        first.starts_with("! ") && first.contains(&a),
        "{}",
        table.stdout
    );
    let csv = at(&sb, TUESDAY, &["followup", "--format", "csv"]);
    assert!(csv.stdout.starts_with("id,step,age_days,overdue,party"));
    assert_eq!(csv.stdout.lines().count(), 4);

    // fetched: the notice moves to Altinn/Hentet, flags kept, the UID dropped
    at(&sb, TUESDAY, &["followup", "step", &a, "fetched"]).expect_code(0, "fetched");
    assert_eq!(
        files_in(&sb.folder("Altinn/Hentet")),
        ["1733000001.R1.pc:2,S"]
    );
    // distributed needs to whom
    let r = at(&sb, TUESDAY, &["followup", "step", &a, "distributed"]);
    r.expect_code(1, "distributed without --to");
    assert!(r.stderr.contains("--to"), "{}", r.stderr);
    let later = "2026-12-01T11:30:00+01:00";
    at(
        &sb,
        later,
        &[
            "followup",
            "step",
            &a,
            "distributed",
            "--to",
            "Økonomiavdelingen",
        ],
    )
    .expect_code(0, "distributed");
    assert_eq!(
        files_in(&sb.folder("Altinn/Fordelt")),
        ["1733000001.R1.pc:2,S"]
    );
    let list = items(&at(&sb, later, &["followup", "--json"]));
    let item = list.iter().find(|i| i["id"] == a.as_str()).unwrap();
    assert_eq!(item["step"], "distributed");
    assert_eq!(item["distributed_to"], "Økonomiavdelingen");
    assert_eq!(item["last_by"], USER);
    // going back is undo's job
    let r = at(&sb, later, &["followup", "step", &a, "fetched"]);
    r.expect_code(1, "a step back");
    // recipients: the one used before, then the configured list
    let rec = at(&sb, later, &["followup", "recipients"]);
    assert_eq!(
        rec.stdout.lines().collect::<Vec<_>>(),
        [
            "Økonomiavdelingen",
            "Registrert i 360",
            "Personalavdelingen"
        ]
    );

    // the journal has who, when and what
    let j = sb.journal();
    let steps: Vec<&Value> = j
        .entries
        .iter()
        .filter(|e| e["action"] == "followup")
        .collect();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1]["step"], "distributed");
    assert_eq!(steps[1]["to_whom"], "Økonomiavdelingen");
    assert_eq!(steps[1]["user"], USER);
    assert_eq!(steps[1]["item"], a.as_str());
    assert!(
        steps[1]["ts"]
            .as_str()
            .unwrap()
            .starts_with("2026-12-01T11:30:00")
    );

    // undo the last step: back in Hentet, nobody named as recipient
    sb.run(&["undo"]).expect_code(0, "undo");
    assert_eq!(
        files_in(&sb.folder("Altinn/Hentet")),
        ["1733000001.R1.pc:2,S"]
    );
    assert!(files_in(&sb.folder("Altinn/Fordelt")).is_empty());
    let list = items(&at(&sb, later, &["followup", "--json"]));
    let item = list.iter().find(|i| i["id"] == a.as_str()).unwrap();
    assert_eq!(item["step"], "fetched");
    assert_eq!(item["distributed_to"], Value::Null);

    // done: the item leaves the list; the notice is in the done folder
    at(&sb, later, &["followup", "step", &a, "done"]).expect_code(0, "done");
    assert_eq!(
        files_in(&sb.folder("Altinn/Ferdig")),
        ["1733000001.R1.pc:2,S"]
    );
    let list = items(&at(&sb, later, &["followup", "--json"]));
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|i| i["id"] != a.as_str()));

    // Altinn for the right party: a trusted address, printed when no browser can start
    let r = at(&sb, later, &["followup", "open", &c]);
    r.expect_code(0, "open");
    assert!(
        r.stdout
            .contains(&format!("https://af.altinn.no/?party={}", HANA.1)),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("no browser could be started"));

    // the records folder holds one record per step and one for the undo, none in tmp/
    let recs = files_in(&sb.folder("Altinn/Oppfolging"));
    assert_eq!(recs.len(), 4, "{recs:?}");
    assert_eq!(
        std::fs::read_dir(sb.folder("Altinn/Oppfolging/tmp"))
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn the_daily_check_is_recorded_with_who_when_and_a_note() {
    let sb = sandbox();
    let r = at(&sb, TUESDAY, &["check", "--status"]);
    r.expect_code(0, "status");
    assert!(
        r.stdout.contains("On duty 2026-12-01: kari"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Daily check today: not done yet"));
    at(
        &sb,
        TUESDAY,
        &["check", "--note", "3 meldinger uten varsel"],
    )
    .expect_code(0, "check");
    let r = at(&sb, "2026-12-01T15:00:00+01:00", &["check", "--status"]);
    assert!(
        r.stdout.contains(&format!(
            "Daily check today: done by {USER} 10:00 (3 meldinger uten varsel)"
        )),
        "{}",
        r.stdout
    );
    let j = sb.journal();
    let check = j.entries.iter().find(|e| e["action"] == "check").unwrap();
    assert_eq!(check["remark"], "3 meldinger uten varsel");
    assert!(check["record"].is_string());
}

#[test]
fn the_journal_names_the_working_days_without_a_check() {
    let sb = sandbox();
    // checked on Monday (by this PC) only
    at(&sb, "2026-11-30T08:05:00+01:00", &["check"]).expect_code(0, "check");
    let r = at(
        &sb,
        "2026-12-02T09:00:00+01:00",
        &["journal", "--since", "2026-11-26"],
    );
    r.expect_code(0, "journal");
    // Thu 26, Fri 27 and Tue 1 have no check; the weekend does not count, today is not over
    assert!(
        r.stdout
            .contains("Working days without the daily check: 2026-11-26, 2026-11-27, 2026-12-01\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("daily check"), "{}", r.stdout);
}

#[test]
fn a_notice_moved_by_two_clerks_before_a_sync_is_one_item_where_it_got_furthest() {
    let sb = sandbox();
    let bytes = notice(7, "Mon, 30 Nov 2026 09:00:00 +0100", "SANDNES KOMMUNE");
    put(&sb, "Altinn", 7, &bytes);
    support::make_maildir_folder(&sb.folder("Altinn/Arkivert"));
    put(&sb, "Altinn/Arkivert", 8, &bytes);
    let r = at(&sb, TUESDAY, &["followup", "--json"]);
    r.expect_code(0, "followup");
    let list = items(&r);
    assert_eq!(list.len(), 1, "{}", r.stdout);
    assert_eq!(list[0]["step"], "archived");
    assert!(
        r.stderr.contains("a second copy of follow-up item"),
        "{}",
        r.stderr
    );
}
