//! Routine point 3 through Dialogporten, checked off on the follow-up checklist: the real
//! binary against the contract test server (tests/support/altinn.rs) on a Maildir in a
//! temp dir whose archive folder holds the notice of a seeded dialog, and the same
//! library functions over the demo's seeded dialogs (no credentials, no network).

mod support;

use chrono::{Duration as Age, Utc};
use serde_json::Value;
use std::path::{Path, PathBuf};
use support::altinn::{Altinn, NOTICE_ADDRESS, ORG, Seed, uuid_for};
use support::followup::{items, notice, put};
use support::{ConfigText, Sandbox};

fn sandbox(server: &Altinn) -> Sandbox {
    let sb = Sandbox::new();
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    let text = ConfigText::for_sandbox(&sb).0 + "\n" + &server.config_section(30);
    std::fs::write(sb.config_path(), text).unwrap();
    sb
}

/// A notice archived in the mailbox (an open follow-up item) and the dialog Altinn
/// emailed it for, with two documents; and a dialog of the same day that came without a
/// notice. Returns (dialog id, item id, the silent dialog's id).
fn item_and_dialog(server: &Altinn, sb: &Sandbox) -> (String, String, String) {
    let created = Utc::now() - Age::hours(2);
    let arrived = created + Age::seconds(90);
    let dialog = uuid_for("routine-dialog");
    let silent = uuid_for("routine-silent");
    {
        let mut st = server.state.lock().unwrap();
        st.seed(&Seed {
            id: dialog.clone(),
            org: ORG,
            sender: "Skatteetaten",
            title: "Vedtak om skatt",
            created,
            seen: false,
            attachments: 2,
            notice_to: Some(NOTICE_ADDRESS.into()),
        });
        st.seed(&Seed {
            id: silent.clone(),
            org: ORG,
            sender: "Skatteetaten",
            title: "Uten varsel",
            created: created - Age::minutes(20),
            seen: false,
            attachments: 0,
            notice_to: None,
        });
        st.attach(
            &dialog,
            &server.server.url(),
            &[
                ("vedtak.pdf", b"%PDF-1.7 vedtak"),
                ("vedlegg.pdf", b"%PDF-1.7 vedlegg"),
            ],
        );
    }
    put(
        sb,
        "Altinn",
        1,
        &notice(1, &arrived.to_rfc2822(), "SANDNES KOMMUNE"),
    );
    let list = items(&sb.run(&["followup", "--json"]));
    assert_eq!(list.len(), 1, "one open follow-up item");
    assert_eq!(list[0]["step"], "open");
    (dialog, list[0]["id"].as_str().unwrap().to_string(), silent)
}

fn step_of(sb: &Sandbox, item: &str) -> String {
    let r = sb.run(&["followup", "--json"]);
    r.expect_code(0, "followup --json");
    items(&r)
        .iter()
        .find(|i| i["id"] == item)
        .map_or("gone".into(), |i| i["step"].as_str().unwrap().to_string())
}

fn entries(sb: &Sandbox, action: &str) -> Vec<Value> {
    sb.journal()
        .entries
        .into_iter()
        .filter(|e| e["action"] == action)
        .collect()
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn fetch_archive_and_clean_check_off_the_follow_up_item() {
    let server = Altinn::start();
    let sb = sandbox(&server);
    let (dialog, item, silent) = item_and_dialog(&server, &sb);
    sb.run(&["altinn", "check"]).expect_code(0, "check");
    let dest = sb.root.join("dokumenter");
    let to = dest.to_str().unwrap();

    // Fetch: the documents are in the folder, the item is at "fetched", and the journal
    // has the Altinn act and the step, both naming the item.
    let lists = server.received("/api/v1/enduser/dialogs").len();
    let run = sb.run(&["altinn", "fetch", &dialog, "--to", to]);
    run.expect_code(0, "fetch");
    assert!(run.stderr.contains("marks it SEEN"), "{}", run.stderr);
    assert_eq!(
        server.received("/api/v1/enduser/dialogs").len(),
        lists,
        "the last check's match named the item: no second listing"
    );
    assert!(
        run.stdout
            .contains(&format!("follow-up item {item}: fetched")),
        "{}",
        run.stdout
    );
    assert_eq!(files(&dest.join(&dialog)), ["vedlegg.pdf", "vedtak.pdf"]);
    assert_eq!(
        std::fs::read(dest.join(&dialog).join("vedtak.pdf")).unwrap(),
        b"%PDF-1.7 vedtak"
    );
    assert_eq!(step_of(&sb, &item), "fetched");
    let fetches = entries(&sb, "altinn-fetch");
    assert_eq!(fetches.len(), 1);
    assert_eq!(fetches[0]["dialog"], dialog.as_str());
    assert_eq!(fetches[0]["item"], item.as_str());
    assert_eq!(fetches[0]["result"], "ok");
    let steps = entries(&sb, "followup");
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0]["item"], item.as_str());
    assert_eq!(steps[0]["step"], "fetched");
    {
        let st = server.state.lock().unwrap();
        assert!(st.details_read.contains(&dialog));
        assert!(
            !st.details_read.contains(&silent),
            "finding the item read no other dialog"
        );
    }
    // The next check still pairs the dialog (fetched, not archived in Altinn yet) with
    // its notice, now in the fetched folder: it did not come "without a notice".
    let run = sb.run(&["altinn", "check", "--json"]);
    run.expect_code(0, "check after fetch");
    let rows = support::json_lines(&run.stdout);
    let row = rows.iter().find(|r| r["id"] == dialog.as_str()).unwrap();
    assert!(
        row["notice"].as_str().is_some_and(|p| p.contains("Hentet")),
        "{row}"
    );
    assert!(
        rows.iter()
            .any(|r| r["id"] == silent.as_str() && r["notice"].is_null())
    );
    // A second fetch never overwrites: the new copies get new names; the item stays.
    let run = sb.run(&["altinn", "fetch", &dialog, "--to", to]);
    run.expect_code(0, "fetch again");
    assert!(
        run.stdout
            .contains(&format!("follow-up item {item} stays at fetched")),
        "{}",
        run.stdout
    );
    assert_eq!(
        files(&dest.join(&dialog)),
        [
            "vedlegg (2).pdf",
            "vedlegg.pdf",
            "vedtak (2).pdf",
            "vedtak.pdf"
        ]
    );
    assert_eq!(entries(&sb, "followup").len(), 1);

    // Someone changes the dialog in Altinn after the check: 412, the error names the
    // dialog, the item stays at "fetched", nothing is checked off.
    let listed = server
        .state
        .lock()
        .unwrap()
        .dialogs
        .iter()
        .find(|d| d["id"] == dialog.as_str())
        .unwrap()["endUserContext"]["revision"]
        .as_str()
        .unwrap()
        .to_string();
    server.set_revision(&dialog, &uuid_for("changed"));
    let run = sb.run(&["altinn", "archive", &dialog]);
    run.expect_code(1, "412");
    assert!(
        run.stderr.contains(&dialog)
            && run.stderr.contains("«Vedtak om skatt»")
            && run.stderr.contains("someone changed it"),
        "{}",
        run.stderr
    );
    let puts = server.received("/context/systemlabels");
    assert_eq!(puts.len(), 1);
    assert_eq!(puts[0].header("if-match"), Some(listed.as_str()));
    assert_eq!(server.labels(&dialog), ["Default"]);
    assert_eq!(step_of(&sb, &item), "fetched");
    assert_eq!(entries(&sb, "followup").len(), 1, "nothing advanced");
    let archives = entries(&sb, "altinn-archive");
    assert_eq!(archives.len(), 1);
    assert_eq!(archives[0]["result"], "error");

    // After a new check: archived with the current revision as If-Match; the item is
    // at "archived in Altinn".
    sb.run(&["altinn", "check"]).expect_code(0, "check again");
    let run = sb.run(&["altinn", "archive", &dialog]);
    run.expect_code(0, "archive");
    assert!(
        run.stdout
            .contains(&format!("follow-up item {item}: archived in Altinn")),
        "{}",
        run.stdout
    );
    let puts = server.received("/context/systemlabels");
    assert_eq!(puts.len(), 2);
    assert_eq!(
        puts[1].header("if-match"),
        Some(uuid_for("changed").as_str())
    );
    assert_eq!(server.labels(&dialog), ["Archive"]);
    assert_eq!(step_of(&sb, &item), "archived");
    let steps = entries(&sb, "followup");
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1]["step"], "archived");
    let archives = entries(&sb, "altinn-archive");
    assert_eq!(archives[1]["result"], "ok");
    assert_eq!(archives[1]["item"], item.as_str());

    // Distributed (the clerk's own step), then "delete the local copies": files gone,
    // the item done.
    sb.run(&[
        "followup",
        "step",
        &item,
        "distributed",
        "--to",
        "Økonomiavdelingen",
    ])
    .expect_code(0, "distributed");
    let run = sb.run(&["altinn", "clean", &dialog, "--to", to]);
    run.expect_code(0, "clean");
    assert!(
        run.stdout.starts_with("4 local copies deleted"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("follow-up item {item}: done")),
        "{}",
        run.stdout
    );
    assert!(!dest.join(&dialog).exists());
    assert_eq!(
        step_of(&sb, &item),
        "gone",
        "done items leave the open list"
    );
    let steps = entries(&sb, "followup");
    assert_eq!(steps.last().unwrap()["step"], "done");
    assert_eq!(entries(&sb, "altinn-clean")[0]["item"], item.as_str());
    server.assert_clean();
}

#[test]
fn clean_before_distributed_deletes_the_files_and_the_step_stays() {
    let server = Altinn::start();
    let sb = sandbox(&server);
    let (dialog, item, _) = item_and_dialog(&server, &sb);
    let dest = sb.root.join("dokumenter");
    let to = dest.to_str().unwrap();
    sb.run(&["altinn", "fetch", &dialog, "--to", to])
        .expect_code(0, "fetch");
    let run = sb.run(&["altinn", "clean", &dialog, "--to", to]);
    run.expect_code(0, "clean");
    assert!(!dest.join(&dialog).exists(), "the files are deleted");
    assert!(
        run.stdout.contains(&format!(
            "follow-up item {item} stays at fetched (is closed only once the documents are distributed)"
        )),
        "{}",
        run.stdout
    );
    assert_eq!(step_of(&sb, &item), "fetched");
    let steps = entries(&sb, "followup");
    assert_eq!(steps.len(), 1, "only the fetch's step");
    // In bokmål too, the warning before the fetch included.
    let nb = |args: &[&str]| {
        support::run(
            sb.command(args)
                .env("LANG", "nb_NO.UTF-8")
                .env("LC_ALL", "nb_NO.UTF-8"),
        )
    };
    let run = nb(&["altinn", "fetch", &dialog, "--to", to]);
    run.expect_code(0, "fetch in bokmål");
    assert!(
        run.stderr.contains("merker den som SETT i Altinn"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("2 dokument(er) lagret i"),
        "{}",
        run.stdout
    );
    let run = nb(&["altinn", "clean", &dialog, "--to", to]);
    run.expect_code(0, "clean in bokmål");
    assert!(
        run.stdout
            .contains(&format!("oppfølgingssak {item} blir stående på hentet")),
        "{}",
        run.stdout
    );
}

#[test]
fn an_item_finds_its_dialog_and_a_dialog_without_a_notice_has_no_item() {
    use altinn_sweep::actions::Actor;
    use altinn_sweep::altinn::routine::Routine;
    let server = Altinn::start();
    let sb = sandbox(&server);
    let (dialog, item, silent) = item_and_dialog(&server, &sb);
    let config = config_of(&sb);
    let client = client_of(&sb);
    let actor = Actor::new(&config, &sb.data_dir());
    let r = Routine::new(
        &actor,
        sb.root.join("dokumenter"),
        std::time::Duration::from_secs(2),
        altinn_sweep::journal::now(),
    );
    let found = r.dialog_for_item(&client, &item).unwrap().unwrap();
    assert_eq!(found.id, dialog);
    assert_eq!(found.title.as_deref(), Some("Vedtak om skatt"));
    assert!(found.revision.is_some(), "the revision to archive with");
    assert_eq!(
        r.item_for_dialog(Some(&client), &dialog)
            .unwrap()
            .map(|i| i.id),
        Some(item.clone())
    );
    assert!(r.item_for_dialog(Some(&client), &silent).unwrap().is_none());
    assert!(
        r.dialog_for_item(&client, "000000000000")
            .unwrap()
            .is_none()
    );
    assert!(
        server.state.lock().unwrap().details_read.is_empty(),
        "finding marks nothing seen"
    );
    server.assert_clean();
}

fn config_of(sb: &Sandbox) -> altinn_sweep::config::Config {
    let text = std::fs::read_to_string(sb.config_path()).unwrap();
    let mut config = altinn_sweep::config::Config::parse(&text, "test").unwrap();
    config.source = Some(sb.config_path());
    config
}

fn client_of(sb: &Sandbox) -> altinn_sweep::altinn::api::Client {
    let config = config_of(sb);
    let a = config.altinn.clone().unwrap();
    altinn_sweep::altinn::api::Client::from_config(&config, &a).unwrap()
}

/// The demo's seeded dialogs go through the same functions: no credentials, no
/// network, documents written into a temp folder, the checklist advanced.
#[test]
fn the_demo_fetches_and_archives_through_the_same_seam() {
    use altinn_sweep::actions::Actor;
    use altinn_sweep::altinn::AltinnError;
    use altinn_sweep::altinn::api::Dialogs;
    use altinn_sweep::altinn::check::Notice;
    use altinn_sweep::altinn::demo::Demo;
    use altinn_sweep::altinn::routine::{CheckOff, Routine, RoutineError};
    let sb = Sandbox::new();
    sb.write_config(&ConfigText::for_sandbox(&sb));
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    let arrived = Utc::now() - Age::hours(3);
    put(
        &sb,
        "Altinn",
        7,
        &notice(7, &arrived.to_rfc2822(), "SANDNES KOMMUNE"),
    );
    let config = config_of(&sb);
    // The demo seeds its dialogs from the mailbox's notices, the archived one included.
    let mut notices = Vec::new();
    for folder in ["INBOX", "Altinn"] {
        let report = altinn_sweep::scan::scan(&sb.folder(folder), &config, &|_, _| {}).unwrap();
        notices.extend(
            report
                .items
                .iter()
                .filter_map(|i| Notice::from_item(i, &config)),
        );
    }
    assert_eq!(notices.len(), 1);
    let demo = Demo::seeded(&config, &notices);
    // The sandbox is a temp dir: the demo writes nowhere else.
    let downloads: PathBuf = sb.root.join("demo-dokumenter");
    let actor = Actor::new(&config, &sb.data_dir());
    let r = Routine::new(
        &actor,
        downloads.clone(),
        std::time::Duration::from_secs(2),
        altinn_sweep::journal::now(),
    );
    let listing = altinn_sweep::followup::list(&config, altinn_sweep::journal::now()).unwrap();
    let item = listing.items[0].id.clone();
    let dialog = r.dialog_for_item(&demo, &item).unwrap().expect("matched");
    let fetched = r.fetch(&demo, &dialog.id, Some(&item)).unwrap();
    assert_eq!(fetched.saved.len(), 1);
    let text = std::fs::read_to_string(&fetched.saved[0]).unwrap();
    assert!(text.starts_with("DEMO"), "{text}");
    assert!(fetched.saved[0].starts_with(downloads.join(&dialog.id)));
    assert!(matches!(&fetched.check_off, CheckOff::Advanced(e) if e.ok()));
    // Seen now, in the demo's listing as in Altinn.
    let parties: Vec<String> = demo
        .parties()
        .unwrap()
        .into_iter()
        .map(|p| p.party)
        .collect();
    let listed = demo.dialogs(&parties, 20).unwrap();
    assert!(
        listed
            .iter()
            .any(|d| d.id == dialog.id && d.is_content_seen)
    );
    // A stale revision is a conflict that names the dialog; nothing is checked off.
    let mut stale = dialog.clone();
    stale.revision = Some(uuid_for("stale"));
    match r.archive(&demo, &stale, Some(&item)) {
        Err(RoutineError::Altinn(AltinnError::Conflict { id })) => assert_eq!(id, dialog.id),
        other => panic!("a conflict, not {other:?}"),
    }
    let archived = r.archive(&demo, &dialog, Some(&item)).unwrap();
    assert!(matches!(&archived.check_off, CheckOff::Advanced(e) if e.ok()));
    assert!(
        demo.dialogs(&parties, 20)
            .unwrap()
            .iter()
            .all(|d| d.id != dialog.id),
        "archived: out of the list"
    );
    let cleaned = r.clean(&dialog.id, Some(&item)).unwrap();
    assert_eq!(cleaned.deleted, 1);
    assert!(matches!(
        cleaned.check_off,
        CheckOff::Stays {
            step: altinn_sweep::followup::Step::Archived,
            ..
        }
    ));
    let listing = altinn_sweep::followup::list(&config, altinn_sweep::journal::now()).unwrap();
    assert_eq!(
        listing.items[0].step,
        altinn_sweep::followup::Step::Archived
    );
    let j = sb.journal();
    let acts: Vec<&str> = j
        .entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        acts,
        [
            "altinn-fetch",
            "followup",
            "altinn-archive",
            "altinn-archive",
            "followup",
            "altinn-clean"
        ]
    );
}
