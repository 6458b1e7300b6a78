//! Snapshots of the TUI's screens, drawn on ratatui's `TestBackend` at 80×24 and 120×40
//! from the demo mailbox, with a fixed date, clerk and mailbox (nothing from the clock or
//! the environment reaches the view). Review changes with `INSTA_UPDATE=always cargo test`
//! and read the `.snap` files before committing them.

use altinn_sweep::config::{Action, BUILT_IN, Config, DEFAULT_CONFIG};
use altinn_sweep::i18n::Lang;
use altinn_sweep::journal::Entry;
use altinn_sweep::maildir::{MailFile, MailName, Sub};
use altinn_sweep::scan::{self, Item, Report};
use altinn_sweep::tui::app::{App, Command, JournalPage, Msg, Settings, update};
use altinn_sweep::tui::{executor, i18n, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use std::path::{Path, PathBuf};

fn config() -> Config {
    Config::parse(DEFAULT_CONFIG, BUILT_IN).expect("the default configuration is valid")
}

fn demo_report() -> Report {
    let inbox = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/Mail/INBOX");
    scan::scan(&inbox, &config(), &|_, _| {}).expect("the demo inbox scans")
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

fn render(app: &App, w: u16, h: u16) -> String {
    // twice: the first frame tells the app its geometry (page size, detail length)
    draw(app, w, h);
    draw(app, w, h).backend().to_string()
}

/// Snapshots `app` at 80×24 and 120×40 as `<name>_80x24` and `<name>_120x40`.
fn snap(name: &str, app: &App) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

fn cmd(app: &mut App, c: Command) {
    let _ = update(app, Msg::Cmd(c));
}

fn select(app: &mut App, pred: impl Fn(&Item) -> bool) {
    cmd(app, Command::Top);
    for _ in 0..app.visible.len() {
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
    snap("queue", &demo_app(Lang::Nb));
}

#[test]
fn queue_in_english() {
    snap("queue_en", &demo_app(Lang::En));
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
    draw(&app, 80, 24);
    cmd(&mut app, Command::ToggleFocus);
    cmd(&mut app, Command::Down);
    snap("detail", &app);
}

#[test]
fn forward_prompt() {
    let mut app = demo_app(Lang::Nb);
    select(
        &mut app,
        subject_is("Sykepengesøknad som ikke er sendt inn"),
    );
    cmd(&mut app, Command::Forward);
    snap("forward_prompt", &app);
    cmd(&mut app, Command::ClearInput);
    for c in "lonn@".chars() {
        let _ = update(&mut app, Msg::Insert(c));
    }
    cmd(&mut app, Command::Submit);
    snap("forward_prompt_invalid", &app);
}

#[test]
fn confirmation_of_apply_all() {
    let mut app = demo_app(Lang::Nb);
    cmd(&mut app, Command::ApplyAll);
    snap("confirm_apply_all", &app);
}

#[test]
fn help() {
    let mut app = demo_app(Lang::Nb);
    cmd(&mut app, Command::Help);
    snap("help", &app);
    let mut app = demo_app(Lang::En);
    cmd(&mut app, Command::Help);
    snap("help_en", &app);
}

#[test]
fn journal() {
    let mut app = demo_app(Lang::Nb);
    let entry = |id: &str, time: &str, action: &str| Entry {
        entry: id.into(),
        ts: format!("2026-11-26T{time}.000+01:00"),
        user: "kari".into(),
        action: action.into(),
        result: "ok".into(),
        ..Default::default()
    };
    let root = Path::new("/home/kari/Mail");
    let entries = vec![
        Entry {
            suggested: Some("archive".into()),
            rule: Some("archive-rest".into()),
            subject: Some("En melding har blitt mottatt i Altinn".into()),
            from_path: Some(
                "/home/kari/Mail/INBOX/cur/1794812539.40272_1.mailhost,U=1201:2,S".into(),
            ),
            to_path: Some("/home/kari/Mail/Altinn/cur/1794812539.40272_1.mailhost:2,S".into()),
            ..entry("e1", "08:02:11", "archive")
        },
        Entry {
            suggested: Some("delete".into()),
            rule: Some("sick-note".into()),
            subject: Some("Ny sykmelding i Altinn".into()),
            from_path: Some("/home/kari/Mail/INBOX/new/1795416315.40391_1.mailhost".into()),
            result: "error".into(),
            error: Some("Permission denied (os error 13)".into()),
            ..entry("e2", "08:02:15", "delete")
        },
        Entry {
            subject: Some("Altinn-innboksen sjekket".into()),
            ..entry("e3", "08:03:40", "check")
        },
    ];
    let lines = entries
        .iter()
        .map(|e| executor::entry_line(Lang::Nb, e, &entries, root))
        .collect();
    let _ = update(
        &mut app,
        Msg::JournalLoaded(JournalPage {
            lines,
            daily_check: true,
            source: "/tmp/altinn-sweep-demo-1234/data/journal.jsonl".into(),
            warning: None,
        }),
    );
    snap("journal", &app);
}

#[test]
fn empty_queue() {
    let mut app = App::new(settings(Lang::Nb)).with_report(Report::default());
    app.daily_check = true;
    snap("empty_queue", &app);
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
    snap("reading", &app);
}

#[test]
fn suspicious_item() {
    let mut app = demo_app(Lang::Nb);
    select(&mut app, |i| i.analysis.suspicious());
    snap("suspicious", &app);
    cmd(&mut app, Command::Perform);
    snap("suspicious_enter_explains", &app);
    cmd(&mut app, Command::Close);
    cmd(&mut app, Command::Archive);
    snap("suspicious_archive_asks", &app);
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
            outcome: Err("mappen finnes ikke: /home/kari/Mail/Altinn/cur".into()),
            batch: false,
        },
    );
    snap("error_status", &app);
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
        analysis: scan::analyse(mail, claims, &config),
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
    let app = App::new(settings(Lang::Nb)).with_report(report);
    for (w, h) in [(80, 24), (120, 40)] {
        let t = draw(&app, w, h);
        assert_inert(t.backend().buffer());
    }
    snap("escape_sequences", &app);
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
    let row = 5;
    let line: String = (0..80).map(|x| buf[(x, row)].symbol()).collect();
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
