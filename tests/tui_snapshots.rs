//! Snapshots of the TUI's screens, drawn on ratatui's `TestBackend` at 60×18, 80×24 and 120×40
//! from the demo mailbox, with a fixed date, clerk and mailbox (nothing from the clock or
//! the environment reaches the view). Review changes with `INSTA_UPDATE=always cargo test`
//! and read the `.snap` files before committing them.

use altinn_sweep::config::{Action, BUILT_IN, Config, DEFAULT_CONFIG};
use altinn_sweep::i18n::Lang;
use altinn_sweep::i18n::tui as i18n;
use altinn_sweep::journal::{Act, Entry, Failure, Note, Outcome, Transport};
use altinn_sweep::maildir::{MailFile, MailName, Sub};
use altinn_sweep::scan::{self, Item, Report};
use altinn_sweep::tui::app::{App, Command, JournalPage, Msg, Settings, update};
use altinn_sweep::tui::app::{Confirm, Effect, JobError, Mode};
use altinn_sweep::tui::{executor, keys, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use std::path::{Path, PathBuf};

fn config() -> Config {
    Config::parse(DEFAULT_CONFIG, BUILT_IN).expect("the default configuration is valid")
}

fn demo_report() -> Report {
    demo_report_with(&config())
}

fn demo_report_with(config: &Config) -> Report {
    let inbox = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/Mail/INBOX");
    scan::scan(&inbox, config, &|_, _| {}).expect("the demo inbox scans")
}

fn settings(lang: Lang) -> Settings {
    Settings {
        lang,
        today: "2026-11-26".into(),
        clerk: "kari".into(),
        mailbox: "~/Mail/INBOX".into(),
        notice: Some(i18n::demo_notice(lang).into()),
        demo: true,
        color: true,
    }
}

fn demo_app(lang: Lang) -> App {
    App::new(settings(lang)).with_report(demo_report())
}

fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    t.draw(|f| view::draw(f, app)).expect("draws");
    t
}

/// Tells the app the screen's geometry, as the event loop does before drawing.
fn resize(app: &mut App, w: u16, h: u16) {
    let v = view::viewport(app, w, h);
    let _ = update(app, Msg::Viewport(v));
}

/// One frame of `app` on a `w` × `h` screen.
fn render(app: &mut App, w: u16, h: u16) -> String {
    resize(app, w, h);
    draw(app, w, h).backend().to_string()
}

/// Snapshots `app` at 60×18, 80×24 and 120×40 as `<name>_60x18`, `<name>_80x24` and
/// `<name>_120x40`.
fn snap(name: &str, app: &mut App) {
    for (w, h) in [(60, 18), (80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

fn cmd(app: &mut App, c: Command) {
    let _ = update(app, Msg::Cmd(c));
}

fn select(app: &mut App, pred: impl Fn(&Item) -> bool) {
    cmd(app, Command::Top);
    for _ in 0..app.queue.visible().len() {
        if app.selected().is_some_and(&pred) {
            return;
        }
        cmd(app, Command::Down);
    }
    panic!("no such item in the demo mailbox");
}

fn subject_is(s: &'static str) -> impl Fn(&Item) -> bool {
    move |i| i.analysis.mail.subject.as_deref() == Some(s)
}

#[test]
fn queue() {
    snap("queue", &mut demo_app(Lang::Nb));
}

#[test]
fn queue_in_english() {
    snap("queue_en", &mut demo_app(Lang::En));
}

#[test]
fn detail_with_matched_text_scrolled() {
    let mut app = demo_app(Lang::Nb);
    select(
        &mut app,
        subject_is("Sykepengesøknad som ikke er sendt inn"),
    );
    cmd(&mut app, Command::Mark);
    select(&mut app, |i| {
        i.analysis.suggestion.rule == "customs-overview"
    });
    resize(&mut app, 80, 24);
    cmd(&mut app, Command::ToggleFocus);
    cmd(&mut app, Command::Down);
    snap("detail", &mut app);
}

#[test]
fn forward_prompt() {
    let mut app = demo_app(Lang::Nb);
    select(
        &mut app,
        subject_is("Sykepengesøknad som ikke er sendt inn"),
    );
    cmd(&mut app, Command::Forward);
    snap("forward_prompt", &mut app);
    cmd(&mut app, Command::ClearInput);
    for c in "lonn@".chars() {
        let _ = update(&mut app, Msg::Insert(c));
    }
    cmd(&mut app, Command::Submit);
    snap("forward_prompt_invalid", &mut app);
}

#[test]
fn confirmation_of_apply_all() {
    let mut app = demo_app(Lang::Nb);
    cmd(&mut app, Command::ApplyAll);
    snap("confirm_apply_all", &mut app);
}

#[test]
fn help() {
    let mut app = demo_app(Lang::Nb);
    cmd(&mut app, Command::Help);
    snap("help", &mut app);
    let mut app = demo_app(Lang::En);
    cmd(&mut app, Command::Help);
    snap("help_en", &mut app);
}

#[test]
fn journal() {
    let mut app = demo_app(Lang::Nb);
    let root = Path::new("/home/kari/Mail");
    let entries = vec![
        Entry {
            suggested: Some(Act::Archive),
            rule: Some("archive-rest".into()),
            subject: Some("En melding har blitt mottatt i Altinn".into()),
            from_path: Some(
                "/home/kari/Mail/INBOX/cur/1794812539.40272_1.mailhost,U=1201:2,S".into(),
            ),
            to_path: Some("/home/kari/Mail/Altinn/cur/1794812539.40272_1.mailhost:2,S".into()),
            ..journal_entry("e1", "08:02:11", Act::Archive)
        },
        Entry {
            suggested: Some(Act::Delete),
            rule: Some("sick-note".into()),
            subject: Some("Ny sykmelding i Altinn".into()),
            from_path: Some("/home/kari/Mail/INBOX/new/1795416315.40391_1.mailhost".into()),
            result: Outcome::Error,
            error: Some(Failure::Detail("Permission denied (os error 13)".into())),
            ..journal_entry("e2", "08:02:15", Act::Delete)
        },
        Entry {
            subject: Some("Altinn-innboksen sjekket".into()),
            ..journal_entry("e3", "08:03:40", Act::Check)
        },
    ];
    let _ = update(
        &mut app,
        Msg::JournalLoaded(Ok(JournalPage {
            entries: entries
                .iter()
                .map(|e| executor::journal_line(e, &entries))
                .collect(),
            daily_check: true,
            source: "/tmp/altinn-sweep-demo-1234/data/journal.jsonl".into(),
            mail_root: root.into(),
            warning: None,
        })),
    );
    snap("journal", &mut app);
}

fn journal_entry(id: &str, time: &str, action: Act) -> Entry {
    Entry {
        entry: id.into(),
        ts: chrono::DateTime::parse_from_rfc3339(&format!("2026-11-26T{time}.000+01:00"))
            .expect("a time"),
        ..Entry::new(action, "kari")
    }
}

/// The demo's own case: a forward written to the Outbox, then undone. Every word of the
/// popup is bokmål (the notes used to reach it in the library's English).
#[test]
fn journal_outbox_forward_undone_in_bokmal() {
    let mut app = demo_app(Lang::Nb);
    let root = Path::new("/home/kari/Mail");
    let forward = Entry {
        suggested: Some(Act::Forward),
        rule: Some("sick-pay-not-submitted".into()),
        subject: Some("Sykepengesøknad som ikke er sendt inn".into()),
        forward_to: Some("lonn@sandnes.kommune.no".into()),
        transport: Some(Transport::Maildir),
        note: vec![Note::WrittenToOutbox(
            "/home/kari/Mail/Outbox/new/18ed3f6b.1.altinn-sweep".into(),
        )],
        from_path: Some("/home/kari/Mail/INBOX/new/1795416455.40391_3.mailhost".into()),
        to_path: Some("/home/kari/Mail/Trash/new/1795416455.40391_3.mailhost:2,P".into()),
        ..journal_entry("e1", "08:10:00", Act::Forward)
    };
    let undo = Entry {
        undoes: Some("e1".into()),
        rule: forward.rule.clone(),
        subject: forward.subject.clone(),
        forward_to: forward.forward_to.clone(),
        note: vec![Note::OnlyInOutbox],
        from_path: forward.to_path.clone(),
        to_path: forward.from_path.clone(),
        ..journal_entry("e2", "08:10:30", Act::Undo)
    };
    let entries = vec![forward, undo];
    let page = JournalPage {
        entries: entries
            .iter()
            .map(|e| executor::journal_line(e, &entries))
            .collect(),
        daily_check: false,
        source: "/tmp/altinn-sweep-demo-1234/data/journal.jsonl".into(),
        mail_root: root.into(),
        warning: None,
    };
    let lines: Vec<String> = page
        .entries
        .iter()
        .map(|l| altinn_sweep::i18n::tui::journal_line(Lang::Nb, l, root))
        .collect();
    for english in ["forward", "undo", "Outbox, not", "written to", "sent"] {
        assert!(
            !lines.iter().any(|l| l.contains(english)),
            "English {english:?} in {lines:#?}"
        );
    }
    let _ = update(&mut app, Msg::JournalLoaded(Ok(page)));
    snap("journal_outbox_undo", &mut app);
}

#[test]
fn empty_queue() {
    let mut app = App::new(settings(Lang::Nb)).with_report(Report::default());
    app.daily_check = true;
    snap("empty_queue", &mut app);
}

#[test]
fn first_frame_while_reading() {
    let mut app = App::new(settings(Lang::Nb));
    let _ = update(
        &mut app,
        Msg::ScanProgress {
            done: 45_000,
            total: 100_000,
        },
    );
    snap("reading", &mut app);
}

#[test]
fn suspicious_item() {
    let mut app = demo_app(Lang::Nb);
    select(&mut app, |i| i.analysis.suspicious());
    snap("suspicious", &mut app);
    cmd(&mut app, Command::Perform);
    snap("suspicious_enter_explains", &mut app);
    cmd(&mut app, Command::Close);
    cmd(&mut app, Command::Archive);
    snap("suspicious_archive_asks", &mut app);
}

#[test]
fn error_in_status_line() {
    let mut app = demo_app(Lang::Nb);
    let id = app.selected().unwrap().file.name.unique.clone();
    let _ = update(
        &mut app,
        Msg::Performed {
            id,
            action: Action::Archive,
            outcome: Err(JobError::Failed(Failure::Detail(
                "mappen finnes ikke: /home/kari/Mail/Altinn/cur".into(),
            ))),
            batch: false,
        },
    );
    snap("error_status", &mut app);
}

/// A notification whose subject, names and body are full of terminal escape sequences,
/// control characters, bidi overrides and overlong text.
fn hostile_item() -> Item {
    let enc = |s: &str| {
        use base64::Engine;
        format!(
            "=?UTF-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(s)
        )
    };
    let subject = format!(
        "Du har mottatt en melding i Altinn {}",
        enc(
            "\u{1b}[2J\u{1b}[31mRØD\u{1b}[0m \u{1b}]0;pwned\u{7} \u{9b}6n \u{202e}txt.exe\u{202c} \r\nBcc: x@y.no"
        )
    );
    let body = format!(
        "Hei. {} har mottatt en ny melding fra \u{1b}[5mSkatteetaten\u{1b}[0m.\r\n\tTab\u{8}\u{8}back\u{7f}\n{}\n{}",
        "SANDNES KOMMUNE \u{1b}[1;1H\u{1b}[K",
        "x".repeat(500),
        "ord ".repeat(300)
    );
    let raw = format!(
        "From: =?UTF-8?B?{}?= <noreply@altinn.no>\r\nTo: post@sandnes.kommune.no\r\nSubject: {subject}\r\nDate: Thu, 26 Nov 2026 07:00:00 +0100\r\nMessage-ID: <x@altinn.no>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode("Altinn \u{1b}[8m")
        }
    );
    let mail = altinn_sweep::message::parse(raw.as_bytes()).expect("parses");
    let config = config();
    let claims = scan::claims_of(&mail, &config);
    Item {
        file: MailFile {
            path: PathBuf::from("/m/INBOX/cur/hostile:2,S"),
            sub: Sub::Cur,
            name: MailName {
                unique: "hostile".into(),
                flags: Some("S".into()),
            },
        },
        analysis: Box::new(scan::analyse(mail, claims, &config)),
    }
}

fn assert_inert(buf: &Buffer) {
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)),
            "a control character reached the screen: {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn subject_full_of_escape_sequences() {
    let report = Report {
        items: vec![hostile_item()],
        ..Default::default()
    };
    let mut app = App::new(settings(Lang::Nb)).with_report(report);
    for (w, h) in [(80, 24), (120, 40)] {
        let t = draw(&app, w, h);
        assert_inert(t.backend().buffer());
    }
    snap("escape_sequences", &mut app);
}

#[test]
fn tiny_window_asks_for_more_room() {
    let app = demo_app(Lang::Nb);
    let t = draw(&app, 40, 10);
    assert!(t.backend().to_string().contains("for lite"));
}

#[test]
fn actions_have_colour_and_no_color_has_none() {
    let mut app = demo_app(Lang::Nb);
    let t = draw(&app, 80, 24);
    let buf = t.backend().buffer();
    // the first row's suggestion (arkiver) is green; the text is there without colour too
    let row_text = |row: u16| -> String { (0..80).map(|x| buf[(x, row)].symbol()).collect() };
    let row = (0..24)
        .find(|&r| row_text(r).contains("11-16 08:02"))
        .expect("the first row of the queue");
    let line = row_text(row);
    let x = line.find("arkiver").expect("the action as text") as u16;
    let x = line[..x as usize].chars().count() as u16;
    assert_eq!(buf[(x, row)].fg, Color::Green);

    app.settings.color = false;
    let t = draw(&app, 80, 24);
    for cell in t.backend().buffer().content() {
        assert_eq!(cell.fg, Color::Reset, "colour with NO_COLOR");
        assert_eq!(cell.bg, Color::Reset, "colour with NO_COLOR");
    }
}

#[test]
fn detail_in_english() {
    let mut app = demo_app(Lang::En);
    select(&mut app, |i| {
        i.analysis.suggestion.rule == "customs-overview"
    });
    snap("detail_en", &mut app);
}

#[test]
fn confirmation_of_apply_all_under_a_filter_shows_its_scope() {
    for (lang, name) in [
        (Lang::Nb, "confirm_apply_filtered"),
        (Lang::En, "confirm_apply_filtered_en"),
    ] {
        // payroll's real address instead of the placeholder, as the demo has it
        let text = DEFAULT_CONFIG.replace("lonn@example.invalid", "lonn@sandnes.kommune.no");
        let config = Config::parse(&text, BUILT_IN).expect("valid");
        let mut app = App::new(settings(lang)).with_report(demo_report_with(&config));
        cmd(&mut app, Command::Filter);
        for c in "syke".chars() {
            let _ = update(&mut app, Msg::Insert(c));
        }
        cmd(&mut app, Command::Submit);
        cmd(&mut app, Command::ApplyAll);
        let text = render(&mut app, 80, 24);
        let (scope, to) = match lang {
            Lang::Nb => ("av 25 i køen, søk «syke»", "→ lonn@sandnes.kommune.no (1)"),
            Lang::En => (
                "of 25 in the queue, filter “syke”",
                "→ lonn@sandnes.kommune.no (1)",
            ),
        };
        assert!(text.contains(scope) && text.contains(to), "{text}");
        snap(name, &mut app);
    }
}

#[test]
fn empty_queue_in_english_knows_the_check_is_not_recorded() {
    let mut app = App::new(settings(Lang::En)).with_report(Report::default());
    assert!(render(&mut app, 80, 24).contains("is not recorded yet"));
    snap("empty_queue_en", &mut app);
}

#[test]
fn message_log_shows_messages_in_full_with_a_hint() {
    for (lang, name) in [(Lang::Nb, "log"), (Lang::En, "log_en")] {
        let mut app = demo_app(lang);
        let id = app.selected().unwrap().file.name.unique.clone();
        let _ = update(
            &mut app,
            Msg::Performed {
                id,
                action: Action::Forward("lonn@sandnes.kommune.no".into()),
                outcome: Err(JobError::Failed(Failure::Detail("sendmail-kommandoen \"sendmail\" ble ikke funnet (installer msmtp-mta eller sett forward.sendmail_command)".into()))),
                batch: false,
            },
        );
        cmd(&mut app, Command::Down);
        cmd(&mut app, Command::Log);
        let text = render(&mut app, 120, 40);
        assert!(text.contains("installer msmtp-mta eller sett"), "{text}");
        assert!(text.contains("config check"), "{text}");
        snap(name, &mut app);
    }
}

#[test]
fn skipped_items_can_be_shown_again() {
    let mut app = demo_app(Lang::Nb);
    let id = app.selected().unwrap().file.name.unique.clone();
    let _ = update(
        &mut app,
        Msg::Performed {
            id,
            action: Action::Skip,
            outcome: Ok(Vec::new()),
            batch: false,
        },
    );
    assert!(render(&mut app, 80, 24).contains("Kø 24 · 1 hoppet over (S viser)"));
    cmd(&mut app, Command::ToggleSkipped);
    let text = render(&mut app, 80, 24);
    assert!(text.contains("↷ hoppet over"), "{text}");
    snap("skipped_shown", &mut app);
}

/// `j` is "down" in the queue: in a question it must do nothing at all.
#[test]
fn j_in_every_dialog_does_nothing() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    let mut app = demo_app(Lang::Nb);
    cmd(&mut app, Command::ApplyAll);
    select(&mut app, |_| true); // no-op in a dialog: the mode stays
    let mut dialogs = vec![app.mode.clone()];
    let mut app2 = demo_app(Lang::Nb);
    select(&mut app2, |i| i.analysis.suspicious());
    cmd(&mut app2, Command::Archive);
    dialogs.push(app2.mode.clone());
    for mode in dialogs {
        assert!(matches!(mode, Mode::Confirm(_)), "{mode:?}");
        let mut app = demo_app(Lang::Nb);
        app.mode = mode.clone();
        let msg = keys::to_msg(&app, &j).expect("a key says something");
        let effects: Vec<Effect> = update(&mut app, msg);
        assert!(
            effects.is_empty(),
            "j did something in {mode:?}: {effects:?}"
        );
        assert_eq!(app.mode, mode, "j answered the question");
        assert!(
            app.status
                .as_ref()
                .is_some_and(|s| s.text.contains("ukjent tast")),
            "{:?}",
            app.status
        );
        if let Mode::Confirm(Confirm::Batch(_)) = mode {
            let y = KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE);
            let msg = keys::to_msg(&app, &y).unwrap();
            assert!(!update(&mut app, msg).is_empty(), "y answers yes");
        }
    }
}

/// The demo notice with the longest body.
fn longest(app: &App) -> String {
    app.queue
        .items()
        .iter()
        .max_by_key(|i| i.analysis.mail.body.len())
        .map(|i| i.file.name.unique.clone())
        .expect("demo items")
}

#[test]
fn message_view_shows_headers_links_and_the_whole_body() {
    for (lang, name) in [(Lang::Nb, "pager"), (Lang::En, "pager_en")] {
        let mut app = demo_app(lang);
        let id = longest(&app);
        select(&mut app, |i| i.file.name.unique == id);
        cmd(&mut app, Command::View);
        let text = render(&mut app, 80, 24);
        let (from, body) = match lang {
            Lang::Nb => ("Fra:", "── Tekst"),
            Lang::En => ("From:", "── Body"),
        };
        assert!(text.contains(from) && text.contains(body), "{text}");
        assert!(text.contains(" 1–16 / 16 "), "the position: {text}");
        snap(name, &mut app);
        // Space pages down, G goes to the end; the last body line shows
        resize(&mut app, 80, 24);
        cmd(&mut app, Command::Bottom);
        let item = app.item_by_id(&id).unwrap();
        let last = item
            .analysis
            .mail
            .body
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap();
        let tail: String = last
            .trim()
            .chars()
            .rev()
            .take(12)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        assert!(
            render(&mut app, 80, 24).contains(tail.trim()),
            "the end of the body"
        );
    }
}

#[test]
fn message_view_searches_and_shows_the_source() {
    let mut app = demo_app(Lang::Nb);
    let id = longest(&app);
    select(&mut app, |i| i.file.name.unique == id);
    cmd(&mut app, Command::View);
    resize(&mut app, 80, 24);
    cmd(&mut app, Command::Filter);
    for c in "altinn".chars() {
        let _ = update(&mut app, Msg::Insert(c));
    }
    cmd(&mut app, Command::Submit);
    let first = render(&mut app, 80, 24);
    assert!(first.contains("«altinn»: treff 1 av"), "{first}");
    cmd(&mut app, Command::SearchNext);
    assert!(render(&mut app, 80, 24).contains("«altinn»: treff 2 av"));
    cmd(&mut app, Command::SearchPrev);
    assert!(render(&mut app, 80, 24).contains("«altinn»: treff 1 av"));
    snap("pager_search", &mut app);
    // r asks for the file; the loop reads it and sends it in
    let Mode::Pager(p) = &app.mode else { panic!() };
    assert_eq!(p.id, id);
    let effects = update(&mut app, Msg::Cmd(Command::Source));
    let [Effect::LoadSource { id: asked, path }] = &effects[..] else {
        panic!("{effects:?}")
    };
    let text = std::fs::read_to_string(path).expect("the demo message");
    let _ = update(
        &mut app,
        Msg::SourceLoaded {
            id: asked.clone(),
            text: Ok(text),
        },
    );
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("Kilde (slik filen er)") && screen.contains("Message-ID:"),
        "{screen}"
    );
    // Enter in the message view never acts
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    let msg = keys::to_msg(&app, &enter).unwrap();
    assert!(update(&mut app, msg).is_empty());
    cmd(&mut app, Command::Close);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn message_view_and_source_of_hostile_text_are_inert() {
    let report = Report {
        items: vec![hostile_item()],
        ..Default::default()
    };
    let mut app = App::new(settings(Lang::Nb)).with_report(report);
    cmd(&mut app, Command::View);
    for (w, h) in [(60, 18), (80, 24), (120, 40)] {
        resize(&mut app, w, h);
        assert_inert(draw(&app, w, h).backend().buffer());
    }
    // the raw source, escape sequences and all, as the loop would read it
    let raw =
        "Subject: \u{1b}[2J\u{1b}]0;pwned\u{7}\r\n\r\n\u{9b}6n \u{202e}txt.exe\u{202c}\tTab\r\n";
    let _ = update(&mut app, Msg::Cmd(Command::Source));
    let _ = update(
        &mut app,
        Msg::SourceLoaded {
            id: "hostile".into(),
            text: Ok(raw.into()),
        },
    );
    for (w, h) in [(60, 18), (80, 24), (120, 40)] {
        resize(&mut app, w, h);
        let t = draw(&app, w, h);
        assert_inert(t.backend().buffer());
        assert!(t.backend().to_string().contains("Kilde"));
    }
}

#[test]
fn an_action_under_way_shows_in_the_footer() {
    for (lang, name, text) in [
        (Lang::Nb, "working", "Videresender «Sykepengesøknad"),
        (Lang::En, "working_en", "Forwarding “Sykepengesøknad"),
    ] {
        let text_cfg = DEFAULT_CONFIG.replace("lonn@example.invalid", "lonn@sandnes.kommune.no");
        let config = Config::parse(&text_cfg, BUILT_IN).expect("valid");
        let mut app = App::new(settings(lang)).with_report(demo_report_with(&config));
        select(
            &mut app,
            subject_is("Sykepengesøknad som ikke er sendt inn"),
        );
        let effects = update(&mut app, Msg::Cmd(Command::Perform));
        assert!(matches!(&effects[..], [Effect::Perform { .. }]));
        let _ = update(&mut app, Msg::Elapsed(12));
        let screen = render(&mut app, 120, 40);
        assert!(screen.contains(text) && screen.contains("12 s"), "{screen}");
        snap(name, &mut app);
    }
}

// The Altinn screen (`3`) and the statistics screen (`4`).

/// The daily check over the demo's seeded dialogs (as `altinn-sweep demo` runs it), at a
/// fixed time of day.
fn altinn_report(config: &Config) -> altinn_sweep::tui::app::AltinnReport {
    use altinn_sweep::altinn::{check, demo::Demo};
    let notices: Vec<check::Notice> = demo_report_with(config)
        .items
        .iter()
        .filter_map(|i| check::Notice::from_item(i, config))
        .collect();
    let subjects = notices
        .iter()
        .map(|n| (n.path.clone(), n.subject.clone()))
        .collect();
    let seeded = Demo::seeded(config, &notices);
    let outcome = check::run(&seeded, config, notices).expect("the demo's check runs");
    altinn_sweep::tui::app::AltinnReport {
        outcome,
        subjects,
        demo: true,
        at: "08:30".into(),
        warnings: vec![],
    }
}

fn altinn_app(lang: Lang) -> App {
    let mut app = demo_app(lang);
    cmd(&mut app, Command::Show(Screen::Altinn));
    let _ = update(
        &mut app,
        Msg::AltinnChecked(Ok(Box::new(altinn_report(&config())))),
    );
    app
}

use altinn_sweep::tui::app::Screen;

#[test]
fn altinn_screen() {
    let mut app = altinn_app(Lang::Nb);
    let screen = render(&mut app, 80, 24);
    // the routine's order: the dialogs without a notice first, selected, in the detail
    assert!(screen.contains("UTEN VARSEL"), "{screen}");
    assert!(screen.contains("kom uten varsel"), "{screen}");
    snap("altinn", &mut app);
}

#[test]
fn altinn_screen_in_english() {
    snap("altinn_en", &mut altinn_app(Lang::En));
}

#[test]
fn altinn_screen_matched_dialog_and_own_mail() {
    let mut app = altinn_app(Lang::En);
    resize(&mut app, 80, 24);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Down);
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("Notice: “"),
        "a matched notice names its subject:\n{screen}"
    );
    cmd(&mut app, Command::Bottom);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("fetch their own mail"), "{screen}");
    snap("altinn_bottom_en", &mut app);
}

#[test]
fn altinn_screen_without_the_section_says_what_is_missing() {
    let mut app = demo_app(Lang::En);
    cmd(&mut app, Command::Show(Screen::Altinn));
    assert!(render(&mut app, 60, 18).contains("Checking the Altinn inbox"));
    let why = JobError::NoAltinnSection {
        config_file: "(built in)".into(),
    };
    let _ = update(&mut app, Msg::AltinnChecked(Err(why)));
    let screen = render(&mut app, 60, 18);
    assert!(screen.contains("Cannot check the Altinn inbox"), "{screen}");
    assert!(screen.contains("no [altinn] section"), "{screen}");
}

/// Four weeks of figures, the same every time.
fn sample_stats() -> altinn_sweep::stats::Stats {
    use altinn_sweep::stats::{Day, Durations, Followups, PerUnit, Stats};
    use chrono::{Datelike, Days, NaiveDate};
    let to = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let from = to - Days::new(27);
    let per_day = (0..28u64)
        .map(|i| {
            let date = from + Days::new(i);
            let weekend = date.weekday().number_from_monday() > 5;
            let n = |k: u64| {
                if weekend {
                    0
                } else {
                    ((i * 7 + k * 3) % 6) as usize
                }
            };
            Day {
                date,
                archive: n(1) + 2 * usize::from(!weekend),
                delete: n(2) / 2,
                forward: n(3) / 3,
                skip: n(4) / 4,
            }
        })
        .collect();
    let names = [
        ("Sandnes kommune", "964965137"),
        ("Bygg og eiendom", "974553880"),
        ("Skole", "973857789"),
        ("Helse og velferd", "996958515"),
    ];
    let per_unit = (0..10)
        .map(|i| PerUnit {
            unit: format!("{} {}", names[i % 4].0, i + 1),
            org: Some(names[i % 4].1.into()),
            notices: 40 - i * 3,
        })
        .collect();
    Stats {
        from,
        to,
        per_day,
        per_unit,
        to_distributed: Durations {
            count: 12,
            median_hours: Some(5.5),
            p90_hours: Some(30.25),
        },
        followups: Followups {
            open: 7,
            overdue: 2,
            by_step: [
                ("open", 3),
                ("fetched", 2),
                ("archived", 1),
                ("distributed", 1),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        },
        days_without_check: vec![
            NaiveDate::from_ymd_opt(2026, 11, 13).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        ],
    }
}

fn stats_app(lang: Lang, color: bool) -> App {
    let mut app = App::new(Settings {
        color,
        ..settings(lang)
    })
    .with_report(demo_report());
    cmd(&mut app, Command::Show(Screen::Stats));
    let _ = update(&mut app, Msg::StatsLoaded(Ok(Box::new(sample_stats()))));
    app
}

// ---- the follow-up screen (routine point 3) ----

/// Demo notices placed in the follow-up's step folders of a real Maildir, with records
/// (by kari and ola, at fixed times) as `followup::advance` writes them; `checked`: ola
/// recorded today's daily check at 08:12. Listed by the library at a fixed "now".
fn followup_app(lang: Lang, checked: bool) -> App {
    use altinn_sweep::followup::{self, Step, record};
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = dir.path().join("Mail");
    let text = format!("{DEFAULT_CONFIG}\n[roster]\nthursday = \"kari\"\nfriday = \"ola\"\n");
    let mut config = Config::parse(&text, BUILT_IN).expect("valid");
    config.mail.root = root.to_string_lossy().into_owned();
    config.mail.layout = altinn_sweep::config::Layout::Verbatim;
    let inbox = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/Mail/INBOX");
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).expect("a time");
    let now = at("2026-11-26T10:30:00+01:00");
    // (notice, folder, the steps recorded: step, by, when, to whom)
    type Steps<'a> = &'a [(Step, &'a str, &'a str, Option<&'a str>)];
    let placed: [(&str, &str, Steps); 7] = [
        ("1795597205", "Altinn", &[]),
        ("1794812539", "Altinn", &[]),
        (
            "1795003845",
            "Altinn/Hentet",
            &[(Step::Fetched, "ola", "2026-11-19T09:10:00+01:00", None)],
        ),
        (
            "1794902408",
            "Altinn/Arkivert",
            &[
                (Step::Fetched, "kari", "2026-11-17T10:00:00+01:00", None),
                (Step::Archived, "kari", "2026-11-17T10:05:00+01:00", None),
            ],
        ),
        (
            "1795674605",
            "Altinn/Arkivert",
            &[(Step::Archived, "kari", "2026-11-26T09:40:00+01:00", None)],
        ),
        (
            "1795420925",
            "Altinn/Fordelt",
            &[(
                Step::Distributed,
                "ola",
                "2026-11-24T14:00:00+01:00",
                Some("Økonomiavdelingen"),
            )],
        ),
        (
            "1795504805",
            "Altinn/Ferdig",
            &[(Step::Done, "ola", "2026-11-25T11:00:00+01:00", None)],
        ),
    ];
    let records = root.join("Altinn/Oppfolging");
    for (prefix, folder, steps) in placed {
        let src = ["cur", "new"]
            .iter()
            .flat_map(|s| std::fs::read_dir(inbox.join(s)).expect("demo inbox"))
            .map(|e| e.expect("entry").path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .expect("the demo notice");
        let to = root.join(folder);
        record::ensure_folder(&to).expect("folder");
        let name = src
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(",U=", ",X=");
        std::fs::copy(&src, to.join("cur").join(name)).expect("copied");
        let raw = std::fs::read(&src).expect("read");
        let analysis = match scan::classify_bytes(raw.clone(), &config) {
            scan::Outcome::Notification(a) => a,
            _ => panic!("{prefix} is a notification"),
        };
        let id = followup::item_id(analysis.mail.message_id.as_deref(), &raw);
        for (step, by, when, whom) in steps {
            let mut r = record::Record::new(record::Kind::Step, by, at(when));
            r.item = Some(id.clone());
            r.step = Some(*step);
            r.to = whom.map(str::to_string);
            record::write(&records, &r, "d@sandnes.kommune.no").expect("record");
        }
    }
    if checked {
        let r = record::Record::new(record::Kind::Check, "ola", at("2026-11-26T08:12:00+01:00"));
        record::write(&records, &r, "d@sandnes.kommune.no").expect("record");
    }
    let listing = followup::list(&config, now).expect("listed");
    let page = executor::followup_page(&config, &listing, &[], now);
    let mut app = App::new(settings(lang)).with_report(demo_report());
    cmd(
        &mut app,
        Command::Show(altinn_sweep::tui::app::Screen::Followup),
    );
    let _ = update(&mut app, Msg::FollowupLoaded(Ok(page)));
    app
}

#[test]
fn stats_screen() {
    let mut app = stats_app(Lang::Nb, true);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("median 5.5 t"), "{screen}");
    assert!(
        screen.contains("A arkiver  S slett  V videresend  H hopp over"),
        "{screen}"
    );
    snap("stats", &mut app);
}

#[test]
fn stats_screen_in_english() {
    snap("stats_en", &mut stats_app(Lang::En, true));
}

#[test]
fn stats_screen_scrolls_to_the_parts_that_do_not_fit() {
    let mut app = stats_app(Lang::En, true);
    resize(&mut app, 60, 18);
    let top = render(&mut app, 60, 18);
    assert!(
        top.contains("Statistics") && !top.contains("Per unit"),
        "{top}"
    );
    for _ in 0..5 {
        cmd(&mut app, Command::Down);
    }
    let bottom = render(&mut app, 60, 18);
    assert!(bottom.contains("Per unit (top 10)"), "{bottom}");
    assert!(
        bottom.contains("Sandnes kommune 1 (964 965 137)"),
        "{bottom}"
    );
    snap("stats_scrolled_en", &mut app);
}

#[test]
fn stats_chart_tells_the_actions_apart_without_colour() {
    let mut app = stats_app(Lang::Nb, false);
    resize(&mut app, 120, 40);
    let t = draw(&app, 120, 40);
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset, "colour with NO_COLOR");
        assert_eq!(cell.bg, Color::Reset, "colour with NO_COLOR");
    }
    // every day's bars carry their action's letter underneath
    let text = t.backend().to_string();
    assert!(text.contains("ASVH ASVH ASVH"), "{text}");
}

#[test]
fn altinn_screen_makes_what_altinn_says_inert() {
    let mut report = altinn_report(&config());
    let evil = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}x\r\ny";
    for r in report.outcome.rows.iter_mut() {
        r.title = format!("T{evil}");
        r.sender = format!("S{evil}");
        r.party_name = format!("P{evil}");
        r.url = format!("https://af.altinn.no/inbox/{evil}");
    }
    for n in report.outcome.notices_without_dialog.iter_mut() {
        n.subject = format!("N{evil}");
    }
    let mut app = demo_app(Lang::En);
    cmd(&mut app, Command::Show(Screen::Altinn));
    let _ = update(&mut app, Msg::AltinnChecked(Ok(Box::new(report))));
    for (w, h) in [(60, 18), (120, 40)] {
        resize(&mut app, w, h);
        let t = draw(&app, w, h);
        for cell in t.backend().buffer().content() {
            assert!(
                !cell
                    .symbol()
                    .chars()
                    .any(|c| c.is_control() || c == '\u{202e}'),
                "a control character reached the screen: {:?}",
                cell.symbol()
            );
        }
        assert!(t.backend().to_string().contains("T␛]0;pwned"));
    }
    // `o` opens only an address the tool built from a well-formed dialog id
    let e = update(&mut app, Msg::Cmd(Command::OpenInBrowser));
    assert!(
        e.iter()
            .all(|e| matches!(e, Effect::OpenBrowser(u) if !u.contains('\u{1b}'))),
        "{e:?}"
    );
}

#[test]
fn followup_screen_in_bokmal_with_the_check_done() {
    let mut app = followup_app(Lang::Nb, true);
    assert_eq!(
        app.followup.rows().len(),
        6,
        "the finished one has left the list"
    );
    assert!(app.status.is_none(), "no reminder: ola checked today");
    snap("followup", &mut app);
}

#[test]
fn followup_screen_in_english_reminds_of_the_check() {
    let mut app = followup_app(Lang::En, false);
    cmd(&mut app, Command::Down);
    cmd(&mut app, Command::Down);
    let text = render(&mut app, 80, 24);
    assert!(text.contains("✗ Altinn inbox not checked (c)"), "{text}");
    cmd(
        &mut app,
        Command::Show(altinn_sweep::tui::app::Screen::Queue),
    );
    let queue = render(&mut app, 80, 24);
    assert!(queue.contains("No Altinn check today yet"), "{queue}");
    insta::assert_snapshot!("queue_reminds_of_the_check_80x24", queue);
    cmd(
        &mut app,
        Command::Show(altinn_sweep::tui::app::Screen::Followup),
    );
    assert!(text.contains("on duty kari"), "{text}");
    snap("followup_en", &mut app);
}

#[test]
fn followup_distributed_prompt_offers_earlier_and_configured_recipients() {
    let mut app = followup_app(Lang::Nb, true);
    // an archived item: "fordelt" asks to whom
    cmd(&mut app, Command::Top);
    while app
        .followup
        .selected()
        .is_some_and(|r| r.item.step != altinn_sweep::followup::Step::Archived)
    {
        cmd(&mut app, Command::Down);
    }
    cmd(
        &mut app,
        Command::FollowupStep(altinn_sweep::followup::Step::Distributed),
    );
    cmd(&mut app, Command::Down);
    snap("followup_recipient", &mut app);
}

#[test]
fn followup_overdue_keeps_its_mark_without_colour() {
    let mut app = followup_app(Lang::En, true);
    app.settings.color = false;
    resize(&mut app, 80, 24);
    let t = draw(&app, 80, 24);
    let buf = t.backend().buffer();
    let mut marks = 0;
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if c.symbol() == view::OVERDUE_MARK {
                marks += 1;
            }
            assert!(
                c.fg == Color::Reset && c.bg == Color::Reset,
                "NO_COLOR: no colour at {x},{y}"
            );
        }
    }
    assert!(
        marks >= 4,
        "each overdue row (and the title) has the mark: {marks}"
    );
}

#[test]
fn queue_names_the_unit_never_a_bare_number() {
    // a notice that names only an org number: one the register knows shows the unit's
    // name; one it does not know says so
    let mut report = demo_report();
    let template = report
        .items
        .iter()
        .position(|i| i.analysis.extracted.recipient_org.is_some())
        .expect("a demo notice with an org number");
    let mut known = report.items[template].clone();
    known.analysis.extracted.recipient_name = None;
    known.analysis.extracted.recipient_org = "973857673".parse().ok();
    let config = config();
    known.analysis.unit = config
        .resolve_unit(known.analysis.extracted.recipient_org, None)
        .map(|u| (u.name.clone(), u.org));
    known.analysis.mail.subject = Some("Melding til en kjent enhet".into());
    known.file.name.unique = "known-unit".into();
    let mut unknown = known.clone();
    unknown.analysis.extracted.recipient_org = "123456785".parse().ok();
    unknown.analysis.unit = None;
    unknown.analysis.mail.subject = Some("Melding til en ukjent enhet".into());
    unknown.file.name.unique = "unknown-unit".into();
    report.items = vec![known, unknown];
    let mut app = App::new(settings(Lang::Nb)).with_report(report);
    let text = render(&mut app, 80, 24);
    assert!(text.contains("Barnevern"), "{text}");
    assert!(text.contains("ukjent enhet 123 456 785"), "{text}");
    insta::assert_snapshot!("queue_unit_names_80x24", text);
}

/// `h` on a follow-up item whose dialog is found in Altinn: before anything is fetched,
/// the question names the folder and says that fetching marks the message SEEN for
/// everyone; Enter alone answers no.
#[test]
fn followup_fetch_question_says_where_and_that_it_marks_seen() {
    use altinn_sweep::altinn::routine::DialogRef;
    use altinn_sweep::followup::Step;
    use altinn_sweep::tui::app::DialogLookup;
    let mut app = followup_app(Lang::Nb, true);
    cmd(&mut app, Command::Top);
    while app
        .followup
        .selected()
        .is_some_and(|r| r.item.step != Step::Open)
    {
        cmd(&mut app, Command::Down);
    }
    let item = app.followup.selected().expect("an open item").item.clone();
    let effects = update(&mut app, Msg::Cmd(Command::FollowupStep(Step::Fetched)));
    assert!(
        matches!(&effects[..], [Effect::FindDialog(i)] if i.id == item.id),
        "{effects:?}"
    );
    let id = "0194a3c2-7f00-7000-8000-000000000001";
    let effects = update(
        &mut app,
        Msg::FollowupDialog {
            item: Box::new(item),
            lookup: Ok(DialogLookup::Found {
                dialog: DialogRef {
                    id: id.into(),
                    revision: Some("r1".into()),
                    title: None,
                    party: None,
                },
                folder: format!("/home/kari/Altinn-dokumenter/{id}"),
            }),
        },
    );
    assert!(effects.is_empty(), "nothing is fetched before the yes");
    assert!(matches!(app.mode, Mode::Confirm(Confirm::Fetch { .. })));
    let text = render(&mut app, 80, 24);
    assert!(
        text.contains("markerer meldingen som SETT i Altinn"),
        "{text}"
    );
    snap("followup_fetch_question", &mut app);
}
