//! `scan`: the pending notifications as an aligned table or JSON Lines. Changes nothing.

use super::{CliError, CmdResult, Context};
use altinn_sweep::i18n::cli;
use altinn_sweep::i18n::{self, Lang};
use altinn_sweep::journal::Act;
use altinn_sweep::maildir::Folders;
use altinn_sweep::scan::{self, Item, Report};
use altinn_sweep::text::{fit, inert};
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

pub fn run(ctx: &Context, json: bool) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let folders = Folders::new(&config.mail_root(), &config.mail);
    let report = scan::scan_with(
        &folders.inbox,
        &config,
        ctx.cache_dir().as_deref(),
        &|_, _| {},
    )
    .map_err(CliError::Inbox)?;
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = if json {
        write_json_lines(&mut out, &report.items, lang)
    } else {
        write_table(&mut out, &report, lang)
    };
    written
        .and_then(|_| out.flush())
        .or_else(ignore_broken_pipe)?;
    super::print_warnings(&report, lang);
    // The process ends after this command: freeing every string of a large folder's
    // report one by one would cost a tenth of a restart from the cache.
    std::mem::forget(report);
    Ok(ExitCode::SUCCESS)
}

/// The notifications as JSON Lines, in order. A long list is serialised in chunks on two
/// threads (10 000 lines take a sixth of a restart from the cache), each chunk written as
/// soon as it and those before it are done. Two buffers per thread are reused throughout:
/// a buffer of all 8 MB of output would cost more in fresh pages than the writing itself.
fn write_json_lines(out: &mut impl Write, items: &[Item], lang: Lang) -> io::Result<()> {
    fn lines(items: &[Item], lang: Lang, buf: &mut Vec<u8>) -> io::Result<()> {
        buf.clear();
        for item in items {
            serde_json::to_writer(&mut *buf, &JsonLine::new(item, lang))
                .map_err(io::Error::other)?;
            buf.push(b'\n');
        }
        Ok(())
    }
    const CHUNK: usize = 256;
    let mut buf = Vec::new();
    if items.len() <= CHUNK {
        lines(items, lang, &mut buf)?;
        return out.write_all(&buf);
    }
    // The other thread serialises the odd chunks and hands each over; this one the even
    // ones, writing them and the other's in turn and handing the other's buffers back.
    let (ready, take) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(1);
    let (give_back, spare) = std::sync::mpsc::channel::<Vec<u8>>();
    for _ in 0..2 {
        let _ = give_back.send(Vec::new());
    }
    std::thread::scope(|s| {
        // Owned here, so that an early return (a write error) ends the other thread's
        // waiting before the scope waits for it.
        let (take, give_back) = (take, give_back);
        s.spawn(move || {
            for chunk in items.chunks(CHUNK).skip(1).step_by(2) {
                let Ok(mut buf) = spare.recv() else { return };
                let done = lines(chunk, lang, &mut buf).map(|_| buf);
                if ready.send(done).is_err() {
                    return; // the writer stopped
                }
            }
        });
        for (k, chunk) in items.chunks(CHUNK).enumerate() {
            if k % 2 == 0 {
                lines(chunk, lang, &mut buf)?;
                out.write_all(&buf)?;
            } else {
                let theirs = take
                    .recv()
                    .map_err(|_| io::Error::other("a JSON writer failed unexpectedly"))??;
                out.write_all(&theirs)?;
                let _ = give_back.send(theirs);
            }
        }
        Ok(())
    })
}

fn ignore_broken_pipe(e: io::Error) -> Result<(), CliError> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(CliError::Output(e))
    }
}

/// One notification as a JSON object: the documented `scan --json` fields.
#[derive(serde::Serialize)]
pub struct JsonLine<'a> {
    path: std::borrow::Cow<'a, str>,
    id: &'a str,
    folder_sub: altinn_sweep::maildir::Sub,
    flags: Option<&'a str>,
    message_id: Option<&'a str>,
    date: Option<&'a str>,
    from: String,
    from_address: Option<&'a str>,
    subject: Option<&'a str>,
    recipient_org: Option<String>,
    recipient_name: Option<&'a str>,
    recipient_unit: Option<&'a str>,
    sender: Option<&'a str>,
    rule: &'a str,
    action: &'static str,
    forward_to: Option<&'a str>,
    suspicious: bool,
    doubts: &'a [altinn_sweep::notification::Doubt],
    notes: &'a [altinn_sweep::notification::Note],
    subject_tags: &'a [String],
    /// Rendered in the display language; everything else is the same in every language.
    reason: String,
    matched: &'a [altinn_sweep::rules::Match],
}

impl<'a> JsonLine<'a> {
    pub fn new(item: &'a Item, lang: Lang) -> JsonLine<'a> {
        let a = &item.analysis;
        let m = &a.mail;
        JsonLine {
            path: altinn_sweep::maildir::path_text(&item.file.path).into(),
            id: &item.file.name.unique,
            folder_sub: item.file.sub,
            flags: item.file.name.flags.as_deref(),
            message_id: m.message_id.as_deref(),
            date: m.date.as_deref(),
            from: a.from_display(),
            from_address: m.from_addr.as_deref(),
            subject: m.subject.as_deref(),
            recipient_org: a.extracted.recipient_org.map(|o| o.digits()),
            recipient_name: a.extracted.recipient_name.as_deref(),
            recipient_unit: a.unit.as_ref().map(|(name, _)| name.as_str()),
            sender: a.extracted.sender.as_deref(),
            rule: &a.suggestion.rule,
            action: a.suggestion.action.name(),
            forward_to: a.suggestion.action.forward_to(),
            suspicious: a.suspicious(),
            doubts: &a.doubts,
            notes: &a.notes,
            subject_tags: &a.subject_tags,
            reason: i18n::reason(lang, a),
            matched: &a.suggestion.matched,
        }
    }
}

fn write_table(out: &mut impl Write, report: &Report, lang: Lang) -> io::Result<()> {
    const W: [usize; 4] = [16, 28, 48, 13];
    if report.items.is_empty() {
        writeln!(out, "{}", cli::no_notifications(lang))?;
    } else {
        let head = [
            cli::date(lang),
            cli::recipient(lang),
            cli::subject_heading(lang),
            cli::suggestion(lang),
        ];
        for (h, w) in head.iter().zip(W) {
            write!(out, "{}  ", fit(h, w, true))?;
        }
        writeln!(out, "{}", cli::rule_heading(lang))?;
        for item in &report.items {
            let a = &item.analysis;
            let mut action = i18n::action(lang, &a.suggestion.action).to_string();
            if a.suspicious() {
                action = format!("! {action}");
            }
            let cells = [
                altinn_sweep::text::short_date(a.mail.date.as_deref(), false),
                inert(&a.recipient_label(true), true),
                inert(a.mail.subject.as_deref().unwrap_or(""), true),
                action,
            ];
            for (c, w) in cells.iter().zip(W) {
                write!(out, "{}  ", fit(c, w, true))?;
            }
            writeln!(out, "{}", a.suggestion.rule)?;
        }
    }
    writeln!(out)?;
    let count = |act: Act| {
        report
            .items
            .iter()
            .filter(|i| Act::of(&i.analysis.suggestion.action) == act)
            .count()
    };
    let suspicious = report
        .items
        .iter()
        .filter(|i| i.analysis.suspicious())
        .count();
    let counts = [Act::Archive, Act::Delete, Act::Forward, Act::Skip]
        .into_iter()
        .map(|a| format!("{} {}", i18n::journal::act(lang, a), count(a)))
        .collect::<Vec<_>>()
        .join(", ");
    writeln!(
        out,
        "{}: {} {} {} {} — {counts}; {} {suspicious} {}.",
        cli::altinn_notifications(lang),
        report.items.len(),
        cli::of(lang),
        report.messages,
        cli::messages(lang),
        cli::suspicious_count(lang),
        cli::suspicious_legend(lang),
    )?;
    if !report.warnings.is_empty() {
        writeln!(
            out,
            "{}: {} {}",
            cli::unreadable_files(lang),
            report.warnings.len(),
            cli::see_stderr(lang)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use altinn_sweep::config::{BUILT_IN, Config, DEFAULT_CONFIG};
    use altinn_sweep::maildir::{MailFile, Sub};

    /// Above the halving threshold the two-thread writer gives the lines one thread
    /// writes, in the list's order.
    #[test]
    fn json_lines_in_two_halves_are_the_lines_in_order() {
        let config = Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap();
        let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/Mail");
        let report = scan::scan(&demo.join("INBOX"), &config, &|_, _| {}).unwrap();
        let one = report.items.first().expect("the demo has notifications");
        let items: Vec<Item> = (0..2501)
            .map(|i| Item {
                file: MailFile::new(&demo, Sub::Cur, &format!("17000{i:05}.M1P1.host:2,S")),
                analysis: one.analysis.clone(),
            })
            .collect();
        let mut halves = Vec::new();
        write_json_lines(&mut halves, &items, Lang::Nb).unwrap();
        let mut serial = Vec::new();
        for item in &items {
            serde_json::to_writer(&mut serial, &JsonLine::new(item, Lang::Nb)).unwrap();
            serial.push(b'\n');
        }
        assert_eq!(halves.len(), serial.len());
        assert!(halves == serial, "the same bytes in the same order");
        assert_eq!(halves.iter().filter(|&&b| b == b'\n').count(), 2501);
    }
}
