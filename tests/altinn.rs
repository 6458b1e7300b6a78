//! The Altinn inbox through Dialogporten, end to end: the real binary against test
//! servers on loopback (tests/support/altinn.rs) that check every request and response
//! against the published contract and every grant's signature and claims.

mod support;

use chrono::{Duration as Age, TimeZone, Utc};
use serde_json::Value;
use std::time::{Duration, Instant};
use support::altinn::{Altinn, Fault, NOTICE_ADDRESS, ORG, Seed, uuid_for};
use support::{ConfigText, Run, Sandbox, json_lines};

const BARNEVERN: &str = "973857673";
const RADHUSET: &str = "974733013";
const SKOLE: &str = "976734688";

fn sandbox(server: &Altinn, timeout: u64) -> Sandbox {
    let sb = Sandbox::new();
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    let text = ConfigText::for_sandbox(&sb).0 + "\n" + &server.config_section(timeout);
    std::fs::write(sb.config_path(), text).unwrap();
    sb
}

fn seed(server: &Altinn, n: usize, orgs: &[&'static str]) -> Vec<String> {
    let mut st = server.state.lock().unwrap();
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 8, 0, 0).unwrap();
    (0..n)
        .map(|i| {
            let id = uuid_for(&format!("dialog-{i}"));
            st.seed(&Seed {
                id: id.clone(),
                org: orgs[i % orgs.len()],
                sender: "Skatteetaten",
                title: &format!("Melding nr. {i}"),
                created: start + Age::minutes(i as i64 * 7),
                seen: i % 3 == 0,
                attachments: (i % 4) as i64,
                notice_to: None,
            });
            id
        })
        .collect()
}

fn journal_checks(sb: &Sandbox) -> Vec<Value> {
    sb.journal()
        .entries
        .into_iter()
        .filter(|e| e["action"] == "check")
        .collect()
}

#[test]
fn without_a_section_every_altinn_command_says_what_is_missing() {
    let sb = Sandbox::new();
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    sb.write_config(&ConfigText::for_sandbox(&sb));
    // a mailbox that is ready in every other way, so that the one line is about Altinn
    sb.install_fake_sendmail();
    let id = "0194a3c2-7f00-7000-8000-000000000001";
    for args in [
        vec!["altinn", "check"],
        vec!["altinn", "check", "--json"],
        vec!["altinn", "fetch", id],
        vec!["altinn", "archive", id],
        vec!["altinn", "open", id],
        vec!["config", "check", "--online"],
    ] {
        let run = sb.run(&args);
        run.expect_code(2, &args.join(" "));
        let line = run.stderr.trim_end();
        assert_eq!(line.lines().count(), 1, "{args:?}: {line}");
        assert!(
            line.contains("no [altinn] section") && line.contains("client_id"),
            "{args:?}: {line}"
        );
        if args[0] == "altinn" {
            assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        }
    }
    // Nothing else changed: the ordinary check still passes and says the feature is off.
    let run = sb.run(&["config", "check"]);
    run.expect_code(0, "config check");
    assert!(
        run.stdout.contains("off (no [altinn] section)"),
        "{}",
        run.stdout
    );
    assert!(!sb.journal_path().exists(), "nothing journaled");
}

#[test]
fn the_check_pages_through_1000_and_more_dialogs_newest_first_and_marks_nothing_seen() {
    let server = Altinn::start();
    let ids = seed(&server, 2403, &[ORG, RADHUSET, SKOLE, BARNEVERN]);
    let sb = sandbox(&server, 30);
    let run = sb.run(&["altinn", "check", "--json"]);
    run.expect_code(0, "check --json");
    let rows = json_lines(&run.stdout);
    assert_eq!(rows.len(), 2403);
    let mut got: Vec<String> = rows
        .iter()
        .map(|r| r["id"].as_str().unwrap().into())
        .collect();
    let created: Vec<&str> = rows
        .iter()
        .map(|r| r["created_at"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(rows[0]["title"], "Melding nr. 2402");
    for r in &rows {
        for key in [
            "id",
            "party",
            "sender",
            "title",
            "created_at",
            "seen",
            "notice",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
        assert!(r["notice"].is_null());
    }
    let first = rows.iter().find(|r| r["title"] == "Melding nr. 5").unwrap();
    assert_eq!(first["party"], RADHUSET);
    assert_eq!(first["sender"], "Skatteetaten");
    assert_eq!(first["seen"], false);
    got.sort();
    let mut want = ids.clone();
    want.sort();
    assert_eq!(got, want, "every dialog once");
    // Four parties at most three a call: two batches, the first over two pages of 1000.
    let lists = server.received("/api/v1/enduser/dialogs");
    let counts: Vec<usize> = lists.iter().map(|r| r.query_all("party").len()).collect();
    assert!(counts.iter().all(|n| *n <= 3), "{counts:?}");
    assert!(
        lists
            .iter()
            .any(|r| !r.query_all("continuationToken").is_empty())
    );
    assert!(
        lists
            .iter()
            .all(|r| r.query_all("systemLabel") == ["Default"])
    );
    {
        let st = server.state.lock().unwrap();
        assert!(
            st.details_read.is_empty(),
            "the check read no dialog's details"
        );
        assert_eq!(st.tokens.len(), 1, "one token, cached for every call");
    }
    server.assert_clean();
    let checks = journal_checks(&sb);
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0]["user"], support::USER);
    assert_eq!(checks[0]["counts"]["dialogs"], 2403);
    assert_eq!(checks[0]["counts"]["parties"], 4);
    assert_eq!(checks[0]["counts"]["own_mail"], 2403 / 4);
    // the day's check is shared with the roster: a check record in the mailbox, which the
    // next clerk's `check --status` sees after a sync
    assert!(checks[0]["record"].is_string(), "{}", checks[0]);
    let status = sb.run(&["check", "--status"]);
    status.expect_code(0, "check --status");
    assert!(status.stdout.contains(support::USER), "{}", status.stdout);
    // Without notices in the mailbox these dialogs are older than the window: they are
    // listed as not matched rather than as "without a notice", and no activity is read.
    let c = &checks[0]["counts"];
    assert_eq!(
        c["older"].as_u64().unwrap() + c["without_notice"].as_u64().unwrap(),
        2403 - 2403 / 4
    );
    let unchecked = rows.iter().filter(|r| r["notice_checked"] == false).count();
    assert_eq!(unchecked as u64, c["older"].as_u64().unwrap() + 2403 / 4);
    if unchecked == rows.len() {
        assert!(server.received("/activities").is_empty());
    }
    let journal_text = std::fs::read_to_string(sb.journal_path()).unwrap();
    assert!(
        !journal_text.contains("test-token"),
        "no token in the journal"
    );
}

#[test]
fn config_check_online_fetches_a_token_with_each_kind_of_key_and_lists_the_parties() {
    let server = Altinn::start();
    let sb = sandbox(&server, 30);
    let run = sb.run(&["config", "check", "--online"]);
    run.expect_code(0, "config check --online");
    assert!(
        run.stdout.contains("token from Maskinporten: ok"),
        "{}",
        run.stdout
    );
    for (org, name) in [
        ("964 965 137", "SANDNES KOMMUNE"),
        ("973 857 673", "SANDNES KOMMUNE BARNEVERN"),
        ("976 734 688", "SANDNES KOMMUNE SKOLEETATEN"),
    ] {
        assert!(
            run.stdout.contains(&format!("{org}  {name}")),
            "{}",
            run.stdout
        );
    }
    assert!(
        !run.stdout.contains("GAMMEL ENHET"),
        "deleted parties are left out"
    );
    assert!(!run.stdout.contains("test-token") && !run.stderr.contains("test-token"));
    let config = std::fs::read_to_string(sb.config_path()).unwrap();
    let pem = support::toml_path(&support::altinn::fixture("test-key.pem"));
    for key_line in [
        format!(
            "key_file = {}",
            support::toml_path(&support::altinn::fixture("test-key.jwk"))
        ),
        format!(
            "key_file = {}",
            support::toml_path(&support::altinn::fixture("test-key-pkcs1.pem"))
        ),
        format!("key_command = [\"cat\", {pem}]"),
    ] {
        std::fs::write(
            sb.config_path(),
            config.replace(&format!("key_file = {pem}"), &key_line),
        )
        .unwrap();
        sb.run(&["config", "check", "--online"])
            .expect_code(0, &key_line);
    }
    assert_eq!(server.state.lock().unwrap().grants.len(), 4);
    server.assert_clean();
    // A key id Maskinporten does not know: refused, said so.
    std::fs::write(
        sb.config_path(),
        config.replace("key_id = \"altinn-sweep-test\"", "key_id = \"other\""),
    )
    .unwrap();
    let run = sb.run(&["config", "check", "--online"]);
    run.expect_code(1, "unknown kid");
    assert!(
        run.stderr
            .contains("Maskinporten refused the token (HTTP 400)"),
        "{}",
        run.stderr
    );
}

fn timed(sb: &Sandbox, args: &[&str]) -> (Run, Duration) {
    let t = Instant::now();
    let run = sb.run(args);
    (run, t.elapsed())
}

#[test]
fn http_errors_are_named_and_429_and_5xx_are_retried() {
    let server = Altinn::start();
    seed(&server, 5, &[ORG, RADHUSET]);
    let sb = sandbox(&server, 30);

    server.fault("/api/v1/enduser/dialogs", Fault::Status(403, None), 1);
    let run = sb.run(&["altinn", "check"]);
    run.expect_code(1, "403");
    assert!(
        run.stderr
            .contains("the system user lacks rights for 964 965 137, 973 857 673, 974 733 013"),
        "{}",
        run.stderr
    );

    server.fault("/api/v1/enduser/parties", Fault::Status(401, None), 2);
    let run = sb.run(&["altinn", "check"]);
    run.expect_code(1, "401");
    assert!(
        run.stderr.contains("did not accept the token (401)"),
        "{}",
        run.stderr
    );

    server.fault("/api/v1/enduser/parties", Fault::Status(429, Some(1)), 1);
    let before = server.received("/api/v1/enduser/parties").len();
    let (run, took) = timed(&sb, &["altinn", "check", "--json"]);
    run.expect_code(0, "429 then ok");
    assert_eq!(json_lines(&run.stdout).len(), 5);
    assert_eq!(server.received("/api/v1/enduser/parties").len(), before + 2);
    assert!(
        took >= Duration::from_secs(1),
        "Retry-After honoured: {took:?}"
    );

    server.fault("/api/v1/metadata/limits", Fault::Status(503, None), 2);
    sb.run(&["altinn", "check"])
        .expect_code(0, "two 503 then ok");

    server.fault("/api/v1/enduser/dialogs", Fault::Status(500, None), 10);
    let run = sb.run(&["altinn", "check"]);
    run.expect_code(1, "500 every time");
    assert!(run.stderr.contains("dialogs: HTTP 500"), "{}", run.stderr);
    server.state.lock().unwrap().faults.clear();

    server.fault("/api/v1/enduser/dialogs", Fault::Malformed, 1);
    let run = sb.run(&["altinn", "check"]);
    run.expect_code(1, "malformed");
    assert!(
        run.stderr
            .contains("dialogs: malformed JSON from the server"),
        "{}",
        run.stderr
    );

    let errors = sb.journal().errors().len();
    assert!(
        errors >= 4,
        "failed checks are journaled as errors: {errors}"
    );
    server.assert_clean();
}

#[test]
fn a_slow_server_meets_the_deadline() {
    let server = Altinn::start();
    seed(&server, 2, &[ORG]);
    let sb = sandbox(&server, 1);
    server.fault(
        "/api/v1/enduser/parties",
        Fault::Delay(Duration::from_secs(8)),
        5,
    );
    let (run, took) = timed(&sb, &["altinn", "check"]);
    run.expect_code(1, "slow");
    assert!(
        run.stderr.contains("parties: no answer within 1 s"),
        "{}",
        run.stderr
    );
    assert!(
        took < Duration::from_secs(5),
        "stopped at the deadline: {took:?}"
    );
}

#[test]
fn fetch_saves_the_api_attachments_and_archive_respects_the_revision() {
    let server = Altinn::start();
    let ids = seed(&server, 3, &[ORG]);
    let id = ids[1].clone();
    let base = server.server.url();
    server.state.lock().unwrap().attach(
        &id,
        &base,
        &[
            ("vedtak.pdf", b"%PDF-1.7 vedtak"),
            ("../../etc/brev.pdf", b"%PDF-1.7 brev"),
        ],
    );
    let sb = sandbox(&server, 30);
    sb.run(&["altinn", "check"]).expect_code(0, "check");
    let dest = sb.root.join("dokumenter");
    let run = sb.run(&["altinn", "fetch", &id, "--to", dest.to_str().unwrap()]);
    run.expect_code(0, "fetch");
    assert!(
        run.stderr.contains("marks it SEEN"),
        "warned first: {}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(dest.join(&id).join("vedtak.pdf")).unwrap(),
        b"%PDF-1.7 vedtak"
    );
    assert_eq!(
        std::fs::read(dest.join(&id).join("_.._etc_brev.pdf")).unwrap(),
        b"%PDF-1.7 brev",
        "a hostile name stays in the folder"
    );
    assert!(server.state.lock().unwrap().details_read.contains(&id));
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dest.join(&id)), 0o700);
        assert_eq!(mode(&dest.join(&id).join("vedtak.pdf")), 0o600);
        assert_eq!(mode(&sb.data_dir()), 0o700);
        assert_eq!(mode(&sb.data_dir().join("altinn-last-check.json")), 0o600);
    }
    let j = sb.journal();
    let fetched: Vec<&Value> = j
        .entries
        .iter()
        .filter(|e| e["action"] == "altinn-fetch")
        .collect();
    assert_eq!(fetched.len(), 1);
    assert_eq!(fetched[0]["dialog"], id.as_str());
    assert_eq!(fetched[0]["result"], "ok");

    // "Delete the local copies": the saved files and their folder go, nothing else.
    std::fs::write(dest.join("other.txt"), "stays").unwrap();
    let run = sb.run(&["altinn", "clean", &id, "--to", dest.to_str().unwrap()]);
    run.expect_code(0, "clean");
    assert!(
        run.stdout.starts_with("2 local copies deleted"),
        "{}",
        run.stdout
    );
    assert!(!dest.join(&id).exists());
    assert!(dest.join("other.txt").exists());
    sb.run(&["altinn", "clean", &id, "--to", dest.to_str().unwrap()])
        .expect_code(1, "nothing left to clean");
    assert_eq!(
        sb.journal()
            .entries
            .iter()
            .filter(|e| e["action"] == "altinn-clean")
            .count(),
        1
    );
    // Someone changes the dialog in Altinn after the check: archive says so.
    server.set_revision(&id, &uuid_for("changed"));
    let run = sb.run(&["altinn", "archive", &id]);
    run.expect_code(1, "412");
    assert!(
        run.stderr.contains("someone changed it") && run.stderr.contains("altinn check"),
        "{}",
        run.stderr
    );
    assert_eq!(server.labels(&id), ["Default"]);
    // After a new check the revision is current: archived.
    sb.run(&["altinn", "check"]).expect_code(0, "re-check");
    let run = sb.run(&["altinn", "archive", &id]);
    run.expect_code(0, "archive");
    assert_eq!(server.labels(&id), ["Archive"]);
    let puts = server.received("/context/systemlabels");
    assert_eq!(puts.len(), 2);
    assert!(puts.iter().all(|p| p.header("if-match").is_some()));
    // Gone from the next check (not Default any more).
    let run = sb.run(&["altinn", "check", "--json"]);
    assert!(
        json_lines(&run.stdout)
            .iter()
            .all(|r| r["id"] != id.as_str())
    );
    let j = sb.journal();
    let archives: Vec<&Value> = j
        .entries
        .iter()
        .filter(|e| e["action"] == "altinn-archive")
        .collect();
    assert_eq!(archives.len(), 2);
    assert_eq!(archives[0]["result"], "error");
    assert_eq!(archives[1]["result"], "ok");
    server.assert_clean();
    // An attachment on another host never gets the token.
    let other = ids[2].clone();
    let elsewhere = format!("http://localhost:{}", server.server.port);
    server
        .state
        .lock()
        .unwrap()
        .attach(&other, &elsewhere, &[("annet.pdf", b"%PDF other")]);
    let run = sb.run(&["altinn", "fetch", &other, "--to", dest.to_str().unwrap()]);
    run.expect_code(1, "attachment elsewhere");
    let asked = server.received("/content");
    let last = asked.last().unwrap();
    assert_eq!(
        last.header("host"),
        Some(elsewhere.trim_start_matches("http://"))
    );
    assert_eq!(
        last.header("authorization"),
        None,
        "no token to another host"
    );
    // A dialog the last check did not list is not archived blindly.
    let run = sb.run(&["altinn", "archive", &uuid_for("never-listed")]);
    run.expect_code(2, "unknown dialog");
}

#[test]
fn open_prints_the_arbeidsflate_address_when_no_browser_can_start() {
    let server = Altinn::start();
    let sb = sandbox(&server, 30);
    let id = uuid_for("open-me");
    let run = sb.run(&["altinn", "open", &id]);
    run.expect_code(0, "open");
    assert_eq!(
        run.stdout.trim(),
        format!("https://af.altinn.no/inbox/{id}")
    );
    assert!(
        run.stderr.contains("no browser could be started"),
        "{}",
        run.stderr
    );
    let run = sb.run(&["altinn", "open", "../../x"]);
    run.expect_code(2, "not an id");
    let j = sb.journal();
    let opens: Vec<_> = j
        .entries
        .iter()
        .filter(|e| e["action"] == "altinn-open")
        .collect();
    assert_eq!(opens.len(), 1);
    // the journal says why no browser started (no $BROWSER, no display)
    assert!(
        opens[0]["note"]
            .as_str()
            .is_some_and(|n| n.contains("no browser") && n.contains("$BROWSER")),
        "{:?}",
        opens[0]
    );
}

/// The demo's notices as the binary sees them (path, To, time, org, sender).
fn demo_notices(sb: &Sandbox) -> Vec<altinn_sweep::altinn::check::Notice> {
    let text = std::fs::read_to_string(sb.config_path()).unwrap();
    let config = altinn_sweep::config::Config::parse(&text, "test").unwrap();
    let report = altinn_sweep::scan::scan(&sb.folder("INBOX"), &config, &|_, _| {}).unwrap();
    report
        .items
        .iter()
        .filter_map(|i| altinn_sweep::altinn::check::Notice::from_item(i, &config))
        .collect()
}

#[test]
fn the_demo_notices_are_matched_to_their_dialogs() {
    let server = Altinn::start();
    let sb = sandbox(&server, 30);
    support::copy_tree(
        &support::manifest_dir().join("assets/demo/Mail"),
        &sb.mail(),
    );
    let notices = demo_notices(&sb);
    assert!(
        notices.len() >= 6,
        "the demo has notices: {}",
        notices.len()
    );
    let followed: Vec<_> = notices
        .iter()
        .filter(|n| !n.own_mail && n.ts.is_some())
        .collect();
    let own: Vec<_> = notices
        .iter()
        .filter(|n| n.own_mail && n.ts.is_some())
        .collect();
    assert!(
        followed.len() >= 4 && !own.is_empty(),
        "{} / {}",
        followed.len(),
        own.len()
    );
    let matched: Vec<_> = followed.iter().take(followed.len() - 1).collect();
    let left = followed.last().unwrap();
    let mut expect = Vec::new();
    {
        let mut st = server.state.lock().unwrap();
        for (i, n) in matched.iter().enumerate() {
            let at = Utc.timestamp_opt(n.ts.unwrap(), 0).unwrap() - Age::seconds(90);
            let id = uuid_for(&format!("demo-{i}"));
            st.seed(&Seed {
                id: id.clone(),
                org: if n.org.is_some_and(|o| o.digits() == RADHUSET) {
                    RADHUSET
                } else {
                    ORG
                },
                sender: n.sender.as_deref().unwrap_or("Skatteetaten"),
                title: &n.subject,
                created: at,
                seen: false,
                attachments: 1,
                notice_to: Some(
                    n.to.first()
                        .cloned()
                        .unwrap_or_else(|| NOTICE_ADDRESS.into()),
                ),
            });
            expect.push((id, n.path.clone()));
        }
        // Two dialogs that came without a notice, one of them to a sub-unit.
        let newest = Utc
            .timestamp_opt(followed.iter().filter_map(|n| n.ts).max().unwrap(), 0)
            .unwrap();
        for (k, org) in [(0, ORG), (1, SKOLE)] {
            st.seed(&Seed {
                id: uuid_for(&format!("silent-{k}")),
                org,
                sender: "Statens vegvesen",
                title: "Vedtak uten varsel",
                created: newest - Age::hours(3 + k),
                seen: false,
                attachments: 2,
                notice_to: None,
            });
        }
        // A dialog for Barnevern, which fetches its own mail.
        st.seed(&Seed {
            id: uuid_for("barnevern"),
            org: BARNEVERN,
            sender: "Statsforvalteren",
            title: "Til Barnevern",
            created: newest - Age::hours(1),
            seen: false,
            attachments: 0,
            notice_to: None,
        });
    }
    let run = sb.run(&["altinn", "check", "--json"]);
    run.expect_code(0, "check --json");
    let rows = json_lines(&run.stdout);
    let by_id: std::collections::HashMap<&str, &Value> = rows
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r))
        .collect();
    for (id, path) in &expect {
        assert_eq!(
            by_id[id.as_str()]["notice"].as_str(),
            Some(path.to_str().unwrap()),
            "dialog {id}"
        );
    }
    for k in 0..2 {
        let silent = by_id[uuid_for(&format!("silent-{k}")).as_str()];
        assert!(silent["notice"].is_null());
        assert_eq!(silent["notice_checked"], true);
        assert_eq!(silent["notified"], false);
    }
    assert_eq!(by_id[uuid_for("barnevern").as_str()]["own_mail"], true);
    assert!(
        run.stderr.contains(left.path.to_str().unwrap()),
        "the notice without a dialog is named: {}",
        run.stderr
    );
    // The table puts the silent dialogs first and the own-mail unit apart.
    let run = sb.run(&["altinn", "check"]);
    run.expect_code(0, "check");
    let out = &run.stdout;
    let without = out.find("WITHOUT A NOTICE").unwrap();
    let with = out.find("With a notice").unwrap();
    let orphans = out.find("Notices without a dialog").unwrap();
    let own_at = out.find("Units that fetch their own mail").unwrap();
    assert!(
        without < with && with < orphans && orphans < own_at,
        "{out}"
    );
    assert!(out[without..with].contains("Vedtak uten varsel"), "{out}");
    assert!(
        out[without..with].contains("976 734 688 SANDNES KOMMUNE SKOLEETATEN"),
        "{out}"
    );
    assert!(
        out[orphans..own_at].contains(left.path.to_str().unwrap()),
        "{out}"
    );
    assert!(out[own_at..].contains("Til Barnevern"), "{out}");
    assert!(!out[..own_at].contains("Til Barnevern"), "{out}");
    let shown = sb.run(&["journal", "--since", "2000-01-01"]);
    shown.expect_code(0, "journal");
    assert!(
        shown.stdout.contains(&format!(
            "{n} dialogs ({n} unseen), 2 without a notice, 1 notices without a dialog, 1 of units with their own mail",
            n = rows.len()
        )),
        "{}",
        shown.stdout
    );
    let checks = journal_checks(&sb);
    let c = &checks.last().unwrap()["counts"];
    assert_eq!(c["without_notice"], 2);
    assert_eq!(c["notices_without_dialog"], 1);
    assert_eq!(c["own_mail"], 1);
    assert!(server.state.lock().unwrap().details_read.is_empty());
    server.assert_clean();
}

#[test]
fn the_demo_check_needs_no_credentials_and_shows_every_part() {
    let sb = Sandbox::new();
    sb.write_config(&ConfigText::for_sandbox(&sb));
    support::copy_tree(
        &support::manifest_dir().join("assets/demo/Mail"),
        &sb.mail(),
    );
    let run = sb.run(&["altinn", "check", "--demo", "--json"]);
    run.expect_code(0, "check --demo --json");
    assert!(run.stderr.contains("DEMO:"), "{}", run.stderr);
    let rows = json_lines(&run.stdout);
    let silent: Vec<&Value> = rows
        .iter()
        .filter(|r| r["notice"].is_null() && r["own_mail"] == false)
        .collect();
    assert_eq!(silent.len(), 2, "two dialogs came without a notice");
    assert!(rows.iter().filter(|r| !r["notice"].is_null()).count() >= 10);
    assert!(rows.iter().any(|r| r["own_mail"] == true));
    assert!(
        run.stderr.contains("notice without a dialog"),
        "{}",
        run.stderr
    );
    assert!(!sb.journal_path().exists(), "a demo is not the day's check");
}

#[test]
fn the_test_servers_refuse_what_the_contract_and_maskinporten_refuse() {
    use support::openapi::Contract;
    let c = Contract::load();
    let item = serde_json::json!({"$ref": "#/components/schemas/DialogListItem"});
    let ok = serde_json::json!({"id": uuid_for("x"), "isContentSeen": true, "dueAt": null});
    assert!(c.validate(&item, &ok, "item").is_empty());
    for bad in [
        serde_json::json!({"id": "not-a-uuid"}),
        serde_json::json!({"isContentSeen": "no"}),
        serde_json::json!({"createdAt": "yesterday"}),
        serde_json::json!({"unknownField": 1}),
        serde_json::json!({"endUserContext": {"systemLabels": ["Archived"]}}),
    ] {
        assert!(!c.validate(&item, &bad, "item").is_empty(), "{bad}");
    }

    // A request outside the contract is a violation the tests would see.
    let server = Altinn::start();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", server.server.port)).unwrap();
    use std::io::{Read, Write};
    write!(
        s,
        "GET /dialogporten/api/v1/enduser/dialogs?party=urn:altinn:organization:identifier-no:{ORG}&limit=abc&bogus=1 HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let v = server.state.lock().unwrap().violations.clone();
    assert!(v.iter().any(|e| e.contains("query limit")), "{v:?}");
    assert!(v.iter().any(|e| e.contains("query bogus")), "{v:?}");

    // Maskinporten: an expired grant and a forged signature are refused.
    let sb = sandbox(&server, 30);
    let text = std::fs::read_to_string(sb.config_path()).unwrap();
    let config = altinn_sweep::config::Config::parse(&text, "t").unwrap();
    let a = config.altinn.clone().unwrap();
    let key = altinn_sweep::altinn::token::Key::load(&config, &a).unwrap();
    let now = Utc::now().timestamp();
    let port = server.server.port;
    let fresh = altinn_sweep::altinn::token::grant(&key, &a, now).unwrap();
    let claims = support::altinn::verify_grant(&fresh, port).unwrap();
    assert_eq!(claims["iss"], support::altinn::CLIENT_ID);
    let old = altinn_sweep::altinn::token::grant(&key, &a, now - 600).unwrap();
    assert!(
        support::altinn::verify_grant(&old, port)
            .unwrap_err()
            .contains("exp")
    );
    let mut forged = fresh.clone();
    let body_at = forged.find('.').unwrap() + 1;
    forged.replace_range(
        body_at..body_at + 1,
        if &fresh[body_at..body_at + 1] == "e" {
            "f"
        } else {
            "e"
        },
    );
    assert!(support::altinn::verify_grant(&forged, port).is_err());
}

/// The claims of the grant a token request carried (not verified: a faulted request
/// never reached the server's check).
fn grant_claims(req: &support::altinn::Received) -> Value {
    use base64::Engine;
    let form: std::collections::HashMap<String, String> = url::form_urlencoded::parse(&req.body)
        .into_owned()
        .collect();
    let jwt = &form["assertion"];
    let claims = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap(),
    )
    .unwrap()
}

#[test]
fn a_retried_token_request_signs_a_fresh_grant() {
    let server = Altinn::start();
    let sb = sandbox(&server, 30);
    server.fault("/maskinporten/token", Fault::Status(500, None), 1);
    sb.run(&["config", "check", "--online"])
        .expect_code(0, "a 500, then a token");
    let asked = server.received("/maskinporten/token");
    assert_eq!(asked.len(), 2, "one retry after the 500");
    let (first, second) = (grant_claims(&asked[0]), grant_claims(&asked[1]));
    assert_ne!(first["jti"], second["jti"], "a new jti for the retry");
    assert_ne!(
        asked[0].body, asked[1].body,
        "never the same signed grant twice"
    );
    assert!(second["iat"].as_i64() >= first["iat"].as_i64());
    assert!(second["exp"].as_i64() >= first["exp"].as_i64());
    // The retry's grant is one Maskinporten accepts, and it was the one that got the token.
    assert_eq!(server.state.lock().unwrap().grants.len(), 1);
    assert_eq!(server.state.lock().unwrap().grants[0]["jti"], second["jti"]);
    server.assert_clean();
}

/// The `altinn` commands' errors are typed and worded at the edge, in the language the
/// configuration names: a word that is no dialog id and a dialog the last check did not
/// list are usage errors (2); no local copies, a dialog changed in Altinn (its title
/// named) and a refused check are failures (1). Nothing is archived by any of them.
#[test]
fn altinn_errors_in_bokmal_and_english() {
    let server = Altinn::start();
    let ids = seed(&server, 2, &[ORG]);
    let id = ids[1].clone();
    for (language, words) in [
        (
            "nb",
            [
                "\"ikke-en-id\" er ikke en dialog-id",
                "ikke i siste sjekk; kjør `altinn-sweep altinn check` først (eller gi --revision)",
                "ingen lokale kopier av denne dialogen",
                "noen har endret den i Altinn siden den ble listet (412)",
                "systembrukeren mangler rettigheter for 964 965 137",
            ],
        ),
        (
            "en",
            [
                "\"ikke-en-id\" is not a dialog id",
                "not in the last check; run `altinn-sweep altinn check` first (or give --revision)",
                "no local copies of this dialog",
                "someone changed it in Altinn since it was listed (412)",
                "the system user lacks rights for 964 965 137",
            ],
        ),
    ] {
        let sb = Sandbox::new();
        sb.make_folders(&["INBOX", "Altinn", "Trash"]);
        let text = ConfigText::for_sandbox(&sb)
            .set("language = ", &format!("language = \"{language}\""))
            .0
            + "\n"
            + &server.config_section(30);
        std::fs::write(sb.config_path(), text).unwrap();
        let error_line = |run: &Run| {
            run.stderr
                .lines()
                .find(|l| l.starts_with("altinn-sweep: "))
                .unwrap_or_else(|| panic!("{language}: no error line in {:?}", run.stderr))
                .to_string()
        };
        let [not_an_id, not_listed, no_copies, changed, forbidden] = words;

        let run = sb.run(&["altinn", "fetch", "ikke-en-id"]);
        run.expect_code(2, &format!("{language}: not a dialog id"));
        assert!(
            error_line(&run).contains(not_an_id),
            "{language}: {}",
            run.stderr
        );

        let never = uuid_for("never-listed");
        let run = sb.run(&["altinn", "archive", &never]);
        run.expect_code(2, &format!("{language}: not in the last check"));
        assert_eq!(
            error_line(&run),
            format!("altinn-sweep: {never}: {not_listed}"),
            "{language}"
        );

        let dest = sb.root.join("dokumenter");
        let run = sb.run(&["altinn", "clean", &id, "--to", dest.to_str().unwrap()]);
        run.expect_code(1, &format!("{language}: no local copies"));
        assert_eq!(
            error_line(&run),
            format!("altinn-sweep: {}: {no_copies}", dest.join(&id).display()),
            "{language}"
        );

        sb.run(&["altinn", "check"])
            .expect_code(0, &format!("{language}: check"));
        server.set_revision(&id, &uuid_for(&format!("changed-{language}")));
        let run = sb.run(&["altinn", "archive", &id]);
        run.expect_code(1, &format!("{language}: 412"));
        let line = error_line(&run);
        assert!(
            line.contains(changed) && line.ends_with("(«Melding nr. 1»)"),
            "{language}: {line}"
        );
        assert_eq!(server.labels(&id), ["Default"], "{language}: not archived");

        server.fault("/api/v1/enduser/dialogs", Fault::Status(403, None), 1);
        let run = sb.run(&["altinn", "check"]);
        run.expect_code(1, &format!("{language}: 403"));
        assert!(
            error_line(&run).contains(forbidden),
            "{language}: {}",
            run.stderr
        );
    }
    server.assert_clean();
}
