//! A week played through the real binary with the injectable clock (`ALTINN_SWEEP_NOW`),
//! PTY-free: Monday 11 May 2026 to Monday 18 May, across Ascension Day (Thursday 14 May)
//! and a weekend. Notices arrive and are applied, the checklist is done for some and not
//! for others, Wednesday has no daily check. `followup` and `stats` say exactly that.

mod support;

use serde_json::Value;
use support::followup::{at, items, notice, put, sandbox};
use support::{Kind, notification};

fn id_of(list: &[Value], n: usize) -> String {
    list.iter()
        .find(|i| i["subject"].as_str().unwrap().ends_with(&format!("({n})")))
        .unwrap_or_else(|| panic!("notice {n} is not listed: {list:?}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_week_across_a_weekend_and_a_public_holiday() {
    let sb = sandbox();
    let ok = |now: &str, args: &[&str]| {
        at(&sb, now, args).expect_code(0, &format!("{now} {args:?}"));
    };
    // Monday 11 May: two notices and a sick note; the check, then apply
    put(
        &sb,
        "INBOX",
        1,
        &notice(
            1,
            "Mon, 11 May 2026 08:00:00 +0200",
            "SANDNES KOMMUNE (964965137)",
        ),
    );
    put(
        &sb,
        "INBOX",
        2,
        &notice(
            2,
            "Mon, 11 May 2026 08:30:00 +0200",
            "Hana skole (910000012)",
        ),
    );
    put(&sb, "INBOX", 90, &notification(90, Kind::SickNote));
    ok("2026-05-11T08:50:00+02:00", &["check"]);
    ok("2026-05-11T09:00:00+02:00", &["apply", "--yes"]);
    let list = items(&at(
        &sb,
        "2026-05-11T09:01:00+02:00",
        &["followup", "--json"],
    ));
    let (n1, n2) = (id_of(&list, 1), id_of(&list, 2));
    ok(
        "2026-05-11T10:00:00+02:00",
        &["followup", "step", &n1, "fetched"],
    );
    ok(
        "2026-05-11T14:00:00+02:00",
        &[
            "followup",
            "step",
            &n1,
            "distributed",
            "--to",
            "Økonomiavdelingen",
        ],
    );
    // Tuesday 12 May: one notice; the check; notice 2 fetched
    put(
        &sb,
        "INBOX",
        3,
        &notice(
            3,
            "Tue, 12 May 2026 08:00:00 +0200",
            "SANDNES KOMMUNE (964965137)",
        ),
    );
    ok(
        "2026-05-12T08:40:00+02:00",
        &["check", "--note", "1 melding uten varsel"],
    );
    ok("2026-05-12T08:45:00+02:00", &["apply", "--yes"]);
    ok(
        "2026-05-12T09:00:00+02:00",
        &["followup", "step", &n2, "fetched"],
    );
    let list = items(&at(
        &sb,
        "2026-05-12T09:01:00+02:00",
        &["followup", "--json"],
    ));
    let n3 = id_of(&list, 3);
    // Wednesday 13 May: no daily check; one notice; notice 3 distributed, notice 1 done
    put(
        &sb,
        "INBOX",
        4,
        &notice(
            4,
            "Wed, 13 May 2026 08:00:00 +0200",
            "Hana skole (910000012)",
        ),
    );
    ok("2026-05-13T09:00:00+02:00", &["apply", "--yes"]);
    ok(
        "2026-05-13T09:30:00+02:00",
        &["followup", "step", &n1, "done"],
    );
    ok(
        "2026-05-13T12:00:00+02:00",
        &[
            "followup",
            "step",
            &n3,
            "distributed",
            "--to",
            "Registrert i 360",
        ],
    );
    // Thursday 14 May is Ascension Day; Friday 15 May: the check only
    ok("2026-05-15T08:30:00+02:00", &["check"]);

    // Monday 18 May, 10:00
    let monday = "2026-05-18T10:00:00+02:00";
    let r = at(&sb, monday, &["followup", "--json"]);
    r.expect_code(0, "followup");
    let list = items(&r);
    let row = |i: &Value| {
        (
            i["subject"]
                .as_str()
                .unwrap()
                .rsplit(' ')
                .next()
                .unwrap()
                .to_string(),
            i["step"].as_str().unwrap().to_string(),
            i["age_days"].as_u64().unwrap(),
            i["overdue"].as_bool().unwrap(),
            i["party"].as_str().unwrap().to_string(),
        )
    };
    // Overdue first. Notice 2 (Mon): Tue, Wed, Fri, Mon = 4 working days. Notice 3 (Tue):
    // 3. Notice 4 (Wed): Fri and Mon = 2, not overdue — five calendar days, but Ascension
    // Day and the weekend do not count. Notice 1 is done and gone.
    assert_eq!(
        list.iter().map(row).collect::<Vec<_>>(),
        [
            ("(2)".into(), "fetched".into(), 4, true, "Hana skole".into()),
            (
                "(3)".into(),
                "distributed".into(),
                3,
                true,
                "Sandnes kommune".into()
            ),
            ("(4)".into(), "open".into(), 2, false, "Hana skole".into()),
        ]
    );
    assert_eq!(list[1]["distributed_to"], "Registrert i 360");

    let r = at(&sb, monday, &["stats", "--format", "json", "--weeks", "2"]);
    r.expect_code(0, "stats json");
    let s: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(s["from"], "2026-05-05");
    assert_eq!(s["to"], "2026-05-18");
    let busy: Vec<(String, u64, u64, u64, u64)> = s["per_day"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            ["archive", "delete", "forward", "skip"]
                .iter()
                .any(|k| d[*k].as_u64().unwrap() > 0)
        })
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                d["archive"].as_u64().unwrap(),
                d["delete"].as_u64().unwrap(),
                d["forward"].as_u64().unwrap(),
                d["skip"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        busy,
        [
            ("2026-05-11".into(), 2, 1, 0, 0),
            ("2026-05-12".into(), 1, 0, 0, 0),
            ("2026-05-13".into(), 1, 0, 0, 0),
        ]
    );
    assert_eq!(s["per_day"].as_array().unwrap().len(), 14);
    let units: Vec<(String, u64)> = s["per_unit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["unit"].as_str().unwrap().into(),
                u["notices"].as_u64().unwrap(),
            )
        })
        .collect();
    // the sick note names no number: its unit is unknown ("?"); ties by name
    assert_eq!(
        units,
        [
            ("Hana skole".into(), 2),
            ("Sandnes kommune".into(), 2),
            ("?".into(), 1)
        ]
    );
    // arrival to distributed: notice 1 in 6 h, notice 3 in 28 h
    assert_eq!(s["to_distributed"]["count"], 2);
    assert_eq!(s["to_distributed"]["median_hours"], 17.0);
    assert_eq!(s["to_distributed"]["p90_hours"], 28.0);
    assert_eq!(s["followups"]["open"], 3);
    assert_eq!(s["followups"]["overdue"], 2);
    assert_eq!(s["followups"]["by_step"]["open"], 1);
    assert_eq!(s["followups"]["by_step"]["fetched"], 1);
    assert_eq!(s["followups"]["by_step"]["archived"], 0);
    assert_eq!(s["followups"]["by_step"]["distributed"], 1);
    // no check on 5–8 May (before the week) and on Wednesday 13 May; Thursday 14 is a
    // holiday, the weekend does not count, today is not over
    assert_eq!(
        s["days_without_check"],
        serde_json::json!([
            "2026-05-05",
            "2026-05-06",
            "2026-05-07",
            "2026-05-08",
            "2026-05-13"
        ])
    );

    let table = at(&sb, monday, &["stats", "--weeks", "2"]);
    table.expect_code(0, "stats table");
    for line in [
        "Statistics 2026-05-05 – 2026-05-18",
        "Mon 2026-05-11         2         1           0          0  3",
        "From arrival to distributed: 2 items, median 17.0 h, 90th percentile 28.0 h",
        "Open follow-ups: 3 (overdue: 2), archived 0, distributed 1, fetched 1, open 1",
        "Working days without the daily check: 2026-05-05, 2026-05-06, 2026-05-07, 2026-05-08, 2026-05-13",
    ] {
        assert!(table.stdout.contains(line), "{line:?} in\n{}", table.stdout);
    }
    let csv = at(&sb, monday, &["stats", "--format", "csv", "--weeks", "2"]);
    assert!(csv.stdout.contains("per_day,2026-05-11,archive,2\n"));
    assert!(
        csv.stdout
            .contains("days_without_check,2026-05-13,missing,1\n")
    );

    let j = at(&sb, monday, &["journal", "--since", "2026-05-11"]);
    assert!(
        j.stdout
            .contains("Working days without the daily check: 2026-05-13\n"),
        "{}",
        j.stdout
    );
    let st = at(&sb, monday, &["check", "--status"]);
    assert!(st.stdout.contains("Daily check today: not done yet"));
}
