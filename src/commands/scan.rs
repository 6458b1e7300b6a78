//! `scan`: the pending notifications as an aligned table or JSON Lines. Changes nothing.

use super::{CliError, CmdResult, Context};
use altinn_sweep::i18n::cli;
use altinn_sweep::i18n::{self, Lang};
use altinn_sweep::journal::Act;
use altinn_sweep::maildir::Folders;
use altinn_sweep::maildir::MailFile;
use altinn_sweep::scan::{self, Analysis, RenderedItem, Report};
use altinn_sweep::text::{fit, inert};
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

pub fn run(ctx: &Context, json: bool) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let folders = Folders::new(&config.mail_root(), &config.mail);
    let cache_dir = ctx.cache_dir();
    let report = if json {
        // Each line's content is rendered by the scan's threads as it finds (or decodes)
        // each notification; only the file's fields are written here.
        let render = |a: &Analysis, buf: &mut Vec<u8>| JsonNotice::new(a, lang).render(buf);
        scan::scan_rendered(
            &folders.inbox,
            &config,
            cache_dir.as_deref(),
            &|_, _| {},
            &render,
        )
    } else {
        scan::scan_with(&folders.inbox, &config, cache_dir.as_deref(), &|_, _| {})
    }
    .map_err(CliError::Inbox)?;
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = if json {
        write_json_lines(&mut out, &report.rendered)
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

/// The notifications as JSON Lines, in order: each line the [`JsonFile`] fields of the
/// item's file, then the [`JsonNotice`] fields the scan rendered.
fn write_json_lines(out: &mut impl Write, items: &[RenderedItem]) -> io::Result<()> {
    let mut head = Vec::new();
    for item in items {
        if item.text.is_empty() {
            return Err(io::Error::other(format!(
                "{}: the notification could not be written as JSON",
                item.file.path.display()
            )));
        }
        head.clear();
        JsonFile::new(&item.file).render(&mut head);
        join_objects(out, &head, &item.text)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Two JSON objects written as one, the fields of `a` first: `{"x":1}` and `{"y":2}` make
/// `{"x":1,"y":2}`, the bytes serde_json writes for one object with all those fields.
fn join_objects(out: &mut impl Write, a: &[u8], b: &[u8]) -> io::Result<()> {
    let a = a.strip_suffix(b"}").unwrap_or(a);
    let b = b.strip_prefix(b"{").unwrap_or(b);
    out.write_all(a)?;
    if b != b"}" {
        out.write_all(b",")?;
    }
    out.write_all(b)
}

fn ignore_broken_pipe(e: io::Error) -> Result<(), CliError> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(CliError::Output(e))
    }
}

/// One notification as a JSON object: the documented `scan --json` fields, those of its
/// file first, then those of the notification. (The lines are written in two parts, the
/// second rendered by the scan; the tests check that they are this object.)
#[cfg(test)]
#[derive(serde::Serialize)]
pub struct JsonLine<'a> {
    #[serde(flatten)]
    file: JsonFile<'a>,
    #[serde(flatten)]
    notice: JsonNotice<'a>,
}

#[cfg(test)]
impl<'a> JsonLine<'a> {
    pub fn new(item: &'a scan::Item, lang: Lang) -> JsonLine<'a> {
        JsonLine {
            file: JsonFile::new(&item.file),
            notice: JsonNotice::new(&item.analysis, lang),
        }
    }
}

/// The fields of a line that come from the file: where it is and its flags.
#[derive(serde::Serialize)]
pub struct JsonFile<'a> {
    path: std::borrow::Cow<'a, str>,
    id: &'a str,
    folder_sub: altinn_sweep::maildir::Sub,
    flags: Option<&'a str>,
}

impl<'a> JsonFile<'a> {
    pub fn new(file: &'a MailFile) -> JsonFile<'a> {
        JsonFile {
            path: altinn_sweep::maildir::path_text(&file.path).into(),
            id: &file.name.unique,
            folder_sub: file.sub,
            flags: file.name.flags.as_deref(),
        }
    }

    /// Appends the object to `buf`; nothing if it cannot be serialised.
    fn render(&self, buf: &mut Vec<u8>) {
        render(buf, self)
    }
}

/// Appends `value` as JSON to `buf`, or nothing where it cannot be serialised (which the
/// writer then reports). Into memory, the plain data of a line cannot fail.
fn render(buf: &mut Vec<u8>, value: &impl serde::Serialize) {
    let before = buf.len();
    if serde_json::to_writer(&mut *buf, value).is_err() {
        buf.truncate(before);
    }
}

/// The fields of a line that come from the notification: what it says and what the
/// rules suggest.
#[derive(serde::Serialize)]
pub struct JsonNotice<'a> {
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

impl<'a> JsonNotice<'a> {
    pub fn new(a: &'a Analysis, lang: Lang) -> JsonNotice<'a> {
        let m = &a.mail;
        JsonNotice {
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

    /// Appends the object to `buf`; nothing if it cannot be serialised.
    fn render(&self, buf: &mut Vec<u8>) {
        render(buf, self)
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

    /// The lines written from what the scan rendered (on its threads, from the cache on a
    /// restart) are the objects serde_json writes for each whole item: on the demo, on a
    /// first scan and on a restart from the cache, and without the cache.
    #[test]
    fn rendered_lines_are_the_whole_items_as_json() {
        let config = Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap();
        let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/Mail");
        let inbox = demo.join("INBOX");
        let report = scan::scan(&inbox, &config, &|_, _| {}).unwrap();
        assert!(report.items.len() > 3, "the demo has notifications");
        assert!(report.rendered.is_empty(), "nothing rendered unless asked");
        let mut expected = Vec::new();
        for item in &report.items {
            serde_json::to_writer(&mut expected, &JsonLine::new(item, Lang::Nb)).unwrap();
            expected.push(b'\n');
        }
        let render = |a: &Analysis, buf: &mut Vec<u8>| JsonNotice::new(a, Lang::Nb).render(buf);
        let cache = tempfile::tempdir().unwrap();
        for (run, cache_dir) in [None, Some(cache.path()), Some(cache.path())]
            .into_iter()
            .enumerate()
        {
            let rendered =
                scan::scan_rendered(&inbox, &config, cache_dir, &|_, _| {}, &render).unwrap();
            assert!(rendered.items.is_empty(), "rendered instead of kept");
            assert_eq!(
                rendered.from_cache > 0,
                run == 2,
                "the restart is from the cache"
            );
            let mut written = Vec::new();
            write_json_lines(&mut written, &rendered.rendered).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&written),
                String::from_utf8_lossy(&expected),
                "cache: {cache_dir:?}"
            );
        }
    }

    #[test]
    fn joined_objects_are_one_object() {
        let mut out = Vec::new();
        join_objects(&mut out, br#"{"a":1}"#, br#"{"b":[2],"c":"}"}"#).unwrap();
        assert_eq!(out, br#"{"a":1,"b":[2],"c":"}"}"#);
        out.clear();
        join_objects(&mut out, br#"{"a":1}"#, b"{}").unwrap();
        assert_eq!(out, br#"{"a":1}"#);
    }

    /// A notification the scan could not render is an error naming its file, not a line
    /// that is not JSON.
    #[test]
    fn an_empty_rendering_is_an_error_naming_the_file() {
        let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/Mail");
        let item = RenderedItem {
            file: MailFile::new(&demo, altinn_sweep::maildir::Sub::Cur, "1.a.host:2,S"),
            text: Box::new([]),
        };
        let e = write_json_lines(&mut Vec::new(), &[item]).unwrap_err();
        assert!(e.to_string().contains("1.a.host:2,S"), "{e}");
    }
}
