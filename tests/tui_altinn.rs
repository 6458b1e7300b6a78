//! The TUI's Altinn screen against the Dialogporten and Maskinporten test servers on
//! loopback (tests/support/altinn.rs, which check every request and response against the
//! contract): the executor's check (the one the screen runs on its worker thread) lists
//! the dialogs and records the day's check as `altinn check` does; 401, 403 and a slow
//! server come back as the clerk's words, journaled as failed checks, never a crash.

mod support;

use altinn_sweep::i18n::Lang;
use altinn_sweep::i18n::tui::job_error;
use altinn_sweep::tui::app::Executor;
use altinn_sweep::tui::executor::ActorExecutor;
use chrono::{Duration as Age, TimeZone, Utc};
use std::time::{Duration, Instant};
use support::altinn::{Altinn, Fault, ORG, Seed, uuid_for};
use support::{ConfigText, Sandbox};

fn executor(server: &Altinn, timeout: u64) -> (Sandbox, ActorExecutor) {
    let sb = Sandbox::new();
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    let text = ConfigText::for_sandbox(&sb).0 + "\n" + &server.config_section(timeout);
    std::fs::write(sb.config_path(), text).unwrap();
    let config = altinn_sweep::config::load(Some(&sb.config_path()), None).expect("the config");
    let exec = ActorExecutor::new(config, &sb.data_dir());
    (sb, exec)
}

fn seed(server: &Altinn, n: usize) {
    let mut st = server.state.lock().unwrap();
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap();
    for i in 0..n {
        st.seed(&Seed {
            id: uuid_for(&format!("tui-{i}")),
            org: ORG,
            sender: "Skatteetaten",
            title: &format!("Melding nr. {i}"),
            created: start + Age::minutes(i as i64 * 7),
            seen: false,
            attachments: 1,
            notice_to: None,
        });
    }
}

fn checks(sb: &Sandbox) -> Vec<serde_json::Value> {
    sb.journal()
        .entries
        .into_iter()
        .filter(|e| e["action"] == "check")
        .collect()
}

#[test]
fn the_screens_check_lists_the_dialogs_and_is_the_days_check() {
    let server = Altinn::start();
    seed(&server, 3);
    let (sb, mut exec) = executor(&server, 30);
    let report = exec.altinn_check().expect("the check runs");
    assert!(!report.demo);
    let titles: Vec<&str> = report
        .outcome
        .rows
        .iter()
        .map(|r| r.title.as_str())
        .collect();
    assert_eq!(titles, ["Melding nr. 2", "Melding nr. 1", "Melding nr. 0"]);
    assert!(
        report.outcome.rows.iter().all(|r| !r.seen),
        "nothing marked seen"
    );
    let c = checks(&sb);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["result"], "ok");
    assert_eq!(c[0]["counts"]["dialogs"], 3);
    // the check never reads a dialog's details (that would mark it seen)
    let all = server.received("");
    assert!(
        all.iter()
            .any(|r| r.path.ends_with("/api/v1/enduser/dialogs"))
    );
    let details: Vec<&str> = all
        .iter()
        .filter_map(|r| r.path.split("/api/v1/enduser/dialogs/").nth(1))
        .filter(|rest| !rest.contains('/'))
        .collect();
    assert!(details.is_empty(), "dialog details read: {details:?}");
    server.assert_clean();
}

#[test]
fn refusals_and_a_slow_server_are_told_in_the_clerks_language() {
    let server = Altinn::start();
    seed(&server, 2);
    let (sb, mut exec) = executor(&server, 30);

    server.fault("/api/v1/enduser/dialogs", Fault::Status(403, None), 1);
    let e = job_error(Lang::Nb, &exec.altinn_check().unwrap_err());
    assert!(
        e.contains("systembrukeren mangler rettigheter for 964 965 137"),
        "{e}"
    );

    server.fault("/api/v1/enduser/parties", Fault::Status(401, None), 2);
    let e = job_error(Lang::Nb, &exec.altinn_check().unwrap_err());
    assert!(e.contains("Dialogporten godtok ikke tokenet (401)"), "{e}");

    let c = checks(&sb);
    assert_eq!(c.len(), 2, "each failed check is journaled");
    assert!(c.iter().all(|e| e["result"] == "error"), "{c:?}");

    let (_sb, mut exec) = executor(&server, 1);
    server.fault(
        "/api/v1/enduser/parties",
        Fault::Delay(Duration::from_secs(8)),
        5,
    );
    let start = Instant::now();
    let e = job_error(Lang::En, &exec.altinn_check().unwrap_err());
    assert!(e.contains("parties: no answer within 1 s"), "{e}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}
