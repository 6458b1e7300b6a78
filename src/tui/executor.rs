//! The TUI's [`Executor`] over [`actions::Actor`]: the same plans, moves, forwards and
//! journal as `apply` and `undo`, with the status texts in the clerk's language. `u` only
//! reaches back to what this session did, never to another clerk's work.

use super::app::{Executor, JournalPage, Undone};
use super::i18n::quote;
use crate::actions::{self, Actor, Outcome};
use crate::config::{Action, Config, is_placeholder_address};
use crate::i18n::Lang;
use crate::journal::{BadLine, Entry, Journal};
use crate::scan::Item;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// How long a key press waits for another process that is acting on the mailbox.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

/// Carries out the clerk's decisions with [`Actor`] and journals them in the data dir.
pub struct ActorExecutor {
    config: Config,
    data_dir: PathBuf,
    lang: Lang,
    /// The journal entries of this session's successful actions, oldest first; an entry
    /// leaves when it is undone.
    session: Vec<Entry>,
}

impl ActorExecutor {
    /// An executor on `config`'s mailbox whose journal (and lock) live in `data_dir`.
    pub fn new(config: Config, data_dir: &Path, lang: Lang) -> ActorExecutor {
        ActorExecutor {
            config,
            data_dir: data_dir.to_path_buf(),
            lang,
            session: Vec::new(),
        }
    }

    /// The journal file this executor writes.
    pub fn journal_path(&self) -> PathBuf {
        Journal::in_dir(&self.data_dir).path
    }

    fn actor(&self) -> Actor<'_> {
        Actor::new(&self.config, &self.data_dir)
    }

    fn l<'a>(&self, nb: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(nb, en)
    }

    fn lock_failed(&self, e: std::io::Error) -> String {
        if e.kind() == std::io::ErrorKind::WouldBlock {
            return self
                .l(
                    "en annen altinn-sweep arbeider med denne postkassen (f.eks. apply --yes); prøv igjen om litt",
                    "another altinn-sweep is acting on this mailbox (e.g. apply --yes); try again in a moment",
                )
                .to_string();
        }
        format!(
            "{} {}: {e}",
            self.l("kunne ikke ta låsen i", "cannot take the lock in"),
            self.data_dir.display()
        )
    }

    /// Undoes `target` (the newest entry of the session) under the lock, unless the
    /// journal says it was undone already.
    fn undo_entry(&self, target: &Entry) -> Result<UndoResult, String> {
        let actor = self.actor();
        let _lock = actor
            .lock_within(LOCK_PATIENCE)
            .map_err(|e| self.lock_failed(e))?;
        let (all, _bad) = actor.journal.read().map_err(|e| {
            format!(
                "{} {}: {e}",
                self.l("kan ikke lese journalen", "cannot read the journal"),
                actor.journal.path.display()
            )
        })?;
        if let Some(u) = all
            .iter()
            .find(|u| u.ok() && u.undoes.as_deref() == Some(target.entry.as_str()))
        {
            return Ok(UndoResult::AlreadyUndone(Box::new(u.clone())));
        }
        match actor.undo(target, &all) {
            Ok(e) if e.ok() => Ok(UndoResult::Done),
            Ok(e) => Ok(UndoResult::Failed(e.error.unwrap_or_default())),
            Err(e) => Err(e),
        }
    }
}

enum UndoResult {
    Done,
    /// Undone before (by `undo` on the command line, or another clerk): here is how.
    AlreadyUndone(Box<Entry>),
    /// The move back failed (journaled); it may work another time.
    Failed(String),
}

impl Executor for ActorExecutor {
    fn perform(&mut self, item: &Item, action: &Action) -> Result<String, String> {
        if let Some(to) = action.forward_to()
            && is_placeholder_address(to)
        {
            return Err(format!(
                "{to} {}",
                self.l(
                    "er en plassholder: sett riktig adresse i konfigurasjonen",
                    "is a placeholder: set the real address in the configuration"
                )
            ));
        }
        let outcome = {
            let actor = self.actor();
            let plan = actions::plan(item, action.clone(), &actor.folders, &self.config);
            // held for this one action only, so that `apply` elsewhere is not kept waiting
            let _lock = actor
                .lock_within(LOCK_PATIENCE)
                .map_err(|e| self.lock_failed(e))?;
            actor.perform(&plan)?
        };
        match outcome {
            Outcome::Gone => Err(self
                .l(
                    "allerede behandlet et annet sted (ikke lenger i innboksen); ingenting endret",
                    "already handled elsewhere (no longer in the inbox); nothing changed",
                )
                .into()),
            Outcome::Journaled(entry) if entry.ok() => {
                let note = entry
                    .note
                    .as_deref()
                    .map(|n| note_text(self.lang, n, entry.transport.as_deref()))
                    .unwrap_or_default();
                self.session.push(*entry);
                Ok(note)
            }
            Outcome::Journaled(entry) => Err(entry
                .error
                .unwrap_or_else(|| self.l("ukjent feil", "unknown error").into())),
        }
    }

    fn undo_last(&mut self) -> Result<Undone, String> {
        let Some(target) = self.session.last().cloned() else {
            return Err(self
                .l(
                    "ingenting å angre i denne økten (eldre: `altinn-sweep undo`)",
                    "nothing to undo in this session (older: `altinn-sweep undo`)",
                )
                .into());
        };
        let lang = self.lang;
        let id = target.id.clone().unwrap_or_default();
        let subject = quote(lang, target.subject.as_deref().unwrap_or(""));
        if target.action == "skip" {
            // nothing was moved: the notification only comes back to the queue
            self.session.pop();
            return Ok(Undone {
                id,
                skip: true,
                text: format!(
                    "{}: {subject}",
                    self.l(
                        "Angret: varselet er tilbake i køen",
                        "Undone: the notification is back in the queue"
                    )
                ),
            });
        }
        let result = self.undo_entry(&target);
        match result {
            Ok(UndoResult::Done) => {
                self.session.pop();
                // what the clerk must know first, as the status line may cut the end
                let text = match (target.forward_to.as_deref(), lang) {
                    (Some(_), Lang::Nb) if target.transport.as_deref() == Some("maildir") => {
                        format!(
                            "Angret: originalen er tilbake i innboksen (videresendingen i Outbox ble ikke sendt): {subject}"
                        )
                    }
                    (Some(_), Lang::En) if target.transport.as_deref() == Some("maildir") => {
                        format!(
                            "Undone: the original is back in the inbox (the forward in Outbox was not sent): {subject}"
                        )
                    }
                    (Some(to), Lang::Nb) => format!(
                        "Videresendingen til {to} er sendt og kan ikke kalles tilbake; originalen er tilbake i innboksen: {subject}"
                    ),
                    (Some(to), Lang::En) => format!(
                        "The forward to {to} was sent and cannot be recalled; the original is back in the inbox: {subject}"
                    ),
                    (None, Lang::Nb) => {
                        format!("Angret: varselet er tilbake i innboksen: {subject}")
                    }
                    (None, Lang::En) => {
                        format!("Undone: the notification is back in the inbox: {subject}")
                    }
                };
                Ok(Undone {
                    id,
                    skip: false,
                    text,
                })
            }
            Ok(UndoResult::AlreadyUndone(by)) => {
                self.session.pop();
                let time = by.ts.get(11..16).unwrap_or(&by.ts);
                Ok(Undone {
                    id,
                    skip: false,
                    text: match lang {
                        Lang::Nb => {
                            format!("{subject} var allerede angret (av {} kl. {time})", by.user)
                        }
                        Lang::En => {
                            format!("{subject} was already undone (by {} at {time})", by.user)
                        }
                    },
                })
            }
            // the move back failed and was journaled: it stays undoable
            Ok(UndoResult::Failed(e)) => Err(e),
            Err(e) => {
                // it cannot be undone (the message is no longer where the journal says):
                // the next `u` goes on to the action before it
                self.session.pop();
                Err(e)
            }
        }
    }

    fn register_daily_check(&mut self) -> Result<String, String> {
        let entry = self.actor().register_daily_check()?;
        Ok(entry.ts.get(11..16).unwrap_or(&entry.ts).to_string())
    }

    fn journal_today(&self) -> JournalPage {
        let journal = Journal::in_dir(&self.data_dir);
        let source = journal.path.display().to_string();
        match journal.read() {
            Ok((entries, bad)) => today_page(
                self.lang,
                &entries,
                &bad,
                chrono::Local::now().date_naive(),
                &self.config.mail_root(),
                source,
            ),
            Err(e) => JournalPage {
                warning: Some(format!(
                    "{} {source}: {e}",
                    self.l("Kan ikke lese journalen", "Cannot read the journal")
                )),
                source,
                ..Default::default()
            },
        }
    }
}

/// The local date of an RFC 3339 time stamp (its own date if it cannot be parsed).
fn local_date(ts: &str) -> Option<NaiveDate> {
    match chrono::DateTime::parse_from_rfc3339(ts) {
        Ok(t) => Some(t.with_timezone(&chrono::Local).date_naive()),
        Err(_) => ts
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    }
}

/// The `J` popup for `today` from the journal's entries and its damaged lines.
pub fn today_page(
    lang: Lang,
    entries: &[Entry],
    bad: &[BadLine],
    today: NaiveDate,
    mail_root: &Path,
    source: String,
) -> JournalPage {
    let todays: Vec<&Entry> = entries
        .iter()
        .filter(|e| local_date(&e.ts) == Some(today))
        .collect();
    let warning = bad.first().map(|first| match lang {
        Lang::Nb => format!(
            "Journalen {source} har {} skadde linjer som hoppes over (linje {}: {})",
            bad.len(),
            first.line,
            first.problem
        ),
        Lang::En => format!(
            "The journal {source} has {} damaged lines, skipped (line {}: {})",
            bad.len(),
            first.line,
            first.problem
        ),
    });
    JournalPage {
        lines: todays
            .iter()
            .map(|e| entry_line(lang, e, entries, mail_root))
            .collect(),
        daily_check: todays.iter().any(|e| e.action == "check" && e.ok()),
        source,
        warning,
    }
}

/// One journal entry as a line of the `J` popup: time, clerk, what was done (and what was
/// suggested, by which rule), the subject, the folders the message went from and to, and
/// the result.
pub fn entry_line(lang: Lang, e: &Entry, all: &[Entry], mail_root: &Path) -> String {
    let time = e.ts.get(11..19).unwrap_or(&e.ts);
    let mut parts = vec![time.to_string(), e.user.clone()];
    let undone = e
        .undoes
        .as_deref()
        .and_then(|id| all.iter().find(|t| t.entry == id));
    match e.action.as_str() {
        "check" => {
            parts.push(
                lang.pick("Altinn-innboksen sjekket", "Altinn inbox checked")
                    .into(),
            );
            if !e.ok() {
                parts.push(failure(lang, e));
            }
            return parts.join("  ");
        }
        "undo" => parts.push(match undone {
            Some(t) => format!("undo {}", t.action),
            None => "undo".into(),
        }),
        "forward" => parts.push(format!(
            "forward → {}",
            e.forward_to.as_deref().unwrap_or("?")
        )),
        other => parts.push(other.to_string()),
    }
    if e.action != "undo"
        && let Some(rule) = &e.rule
    {
        parts.push(match &e.suggested {
            Some(s) if *s != e.action => format!(
                "({} {s}, {} {rule})",
                lang.pick("forslag", "suggested"),
                lang.pick("regel", "rule")
            ),
            _ => format!("({} {rule})", lang.pick("regel", "rule")),
        });
    }
    parts.push(quote(lang, e.subject.as_deref().unwrap_or("")));
    // the folders only: the file names are in the journal file (`altinn-sweep journal`)
    let folder = |p: &str| {
        let p = Path::new(p);
        let dir = p.parent().and_then(Path::parent).unwrap_or(p);
        dir.strip_prefix(mail_root)
            .unwrap_or(dir)
            .display()
            .to_string()
    };
    match (&e.from_path, &e.to_path) {
        (Some(from), Some(to)) => parts.push(format!("{} → {}", folder(from), folder(to))),
        // a skip, or a failure: where the message stayed
        (Some(from), None) => parts.push(folder(from)),
        _ => {}
    }
    if e.ok() {
        parts.push("ok".into());
    } else {
        parts.push(failure(lang, e));
    }
    if let Some(note) = &e.note {
        // an undone forward that only went to the Outbox was never sent
        let transport = undone.map_or(e.transport.as_deref(), |t| t.transport.as_deref());
        parts.push(format!("({})", note_text(lang, note, transport)));
    }
    parts.join("  ")
}

fn failure(lang: Lang, e: &Entry) -> String {
    format!(
        "{}: {}",
        lang.pick("FEIL", "ERROR"),
        e.error.as_deref().unwrap_or("?")
    )
}

/// The library's note on an entry in the clerk's language (the path of an Outbox file is
/// left to the journal).
fn note_text(lang: Lang, note: &str, transport: Option<&str>) -> String {
    if note.starts_with("written to Outbox") {
        lang.pick(
            "skrevet til Outbox, ikke sendt",
            "written to Outbox, not sent",
        )
        .into()
    } else if note == "the forward was sent and cannot be recalled" {
        if transport == Some("maildir") {
            lang.pick(
                "videresendingen ligger i Outbox, den ble ikke sendt",
                "the forward is in Outbox, it was not sent",
            )
            .into()
        } else {
            lang.pick(
                "videresendingen er sendt og kan ikke kalles tilbake",
                "the forward was sent and cannot be recalled",
            )
            .into()
        }
    } else {
        note.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BUILT_IN, DEFAULT_CONFIG, Layout, TransportKind};

    fn copy_tree(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                copy_tree(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    /// A copy of the demo mailbox with forwards to its Outbox, and its scanned items.
    fn demo(dir: &Path) -> (Config, Vec<Item>) {
        let root = dir.join("Mail");
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/Mail"),
            &root,
        );
        let text = DEFAULT_CONFIG
            .replace("dokumentsenteret@example.invalid", "dok@sandnes.kommune.no")
            .replace("lonn@example.invalid", "lonn@sandnes.kommune.no");
        let mut config = Config::parse(&text, BUILT_IN).unwrap();
        config.mail.root = root.to_string_lossy().into_owned();
        config.mail.layout = Layout::Verbatim;
        config.forward.transport = TransportKind::Maildir;
        let report = crate::scan::scan(&root.join("INBOX"), &config, &|_, _| {})
            .expect("the demo inbox scans");
        (config, report.items)
    }

    fn by_rule<'a>(items: &'a [Item], rule: &str, n: usize) -> &'a Item {
        items
            .iter()
            .filter(|i| i.analysis.suggestion.rule == rule)
            .nth(n)
            .expect("such an item in the demo")
    }

    #[test]
    fn undo_reaches_back_only_to_this_sessions_own_actions() {
        let dir = tempfile::tempdir().unwrap();
        let (config, items) = demo(dir.path());
        let data = dir.path().join("data");
        let mut exec = ActorExecutor::new(config.clone(), &data, Lang::Nb);
        let (mine, theirs, skipped) = (
            by_rule(&items, "archive-rest", 0),
            by_rule(&items, "archive-rest", 1),
            by_rule(&items, "archive-rest", 2),
        );
        assert_eq!(exec.perform(mine, &Action::Archive), Ok(String::new()));
        assert!(!mine.file.path.exists());
        // another clerk (another process, same journal) archives one meanwhile
        let other = Actor::new(&config, &data);
        let plan = actions::plan(theirs, Action::Archive, &other.folders, &config);
        assert!(matches!(other.perform(&plan), Ok(Outcome::Journaled(e)) if e.ok()));
        assert_eq!(exec.perform(skipped, &Action::Skip), Ok(String::new()));
        assert!(skipped.file.path.exists(), "a skip moves nothing");

        let undone = exec.undo_last().unwrap();
        assert_eq!(
            (undone.id.as_str(), undone.skip),
            (skipped.file.name.unique.as_str(), true)
        );
        let undone = exec.undo_last().unwrap();
        assert_eq!(
            (undone.id.as_str(), undone.skip),
            (mine.file.name.unique.as_str(), false)
        );
        assert!(
            undone
                .text
                .starts_with("Angret: varselet er tilbake i innboksen"),
            "{}",
            undone.text
        );
        let err = exec.undo_last().unwrap_err();
        assert!(err.starts_with("ingenting å angre"), "{err}");
        assert!(
            !theirs.file.path.exists(),
            "the other clerk's archive stays"
        );

        let (entries, bad) = Journal::in_dir(&data).read().unwrap();
        assert!(bad.is_empty());
        let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["archive", "archive", "skip", "undo"]);
        assert_eq!(
            entries[3].undoes.as_deref(),
            Some(entries[0].entry.as_str())
        );
        let back = PathBuf::from(entries[3].to_path.as_deref().unwrap());
        assert!(back.starts_with(dir.path().join("Mail/INBOX")) && back.is_file());
    }

    #[test]
    fn undoing_a_sent_forward_says_it_cannot_be_recalled() {
        let dir = tempfile::tempdir().unwrap();
        let (mut config, items) = demo(dir.path());
        config.forward.transport = TransportKind::Sendmail;
        config.forward.sendmail_command = ["sh", "-c", "cat >/dev/null"].map(String::from).into();
        let mut exec = ActorExecutor::new(config, &dir.path().join("data"), Lang::En);
        let fwd = by_rule(&items, "sick-pay-not-submitted", 0);
        let to = Action::Forward("lonn@sandnes.kommune.no".into());
        assert_eq!(exec.perform(fwd, &to), Ok(String::new()));
        let undone = exec.undo_last().unwrap();
        assert!(
            undone.text.starts_with(
                "The forward to lonn@sandnes.kommune.no was sent and cannot be recalled; the original is back in the inbox"
            ),
            "{}",
            undone.text
        );
        let page = exec.journal_today();
        assert!(
            page.lines[1].ends_with("ok  (the forward was sent and cannot be recalled)"),
            "{}",
            page.lines[1]
        );
    }

    #[test]
    fn forwards_gone_messages_checks_and_the_journal_page() {
        let dir = tempfile::tempdir().unwrap();
        let (config, items) = demo(dir.path());
        let data = dir.path().join("data");
        let mut exec = ActorExecutor::new(config.clone(), &data, Lang::Nb);

        let fwd = by_rule(&items, "sick-pay-not-submitted", 0);
        let to = Action::Forward("lonn@sandnes.kommune.no".into());
        assert_eq!(
            exec.perform(fwd, &to),
            Ok("skrevet til Outbox, ikke sendt".into())
        );
        let undone = exec.undo_last().unwrap();
        assert!(
            undone
                .text
                .starts_with("Angret: originalen er tilbake i innboksen (videresendingen i Outbox ble ikke sendt)"),
            "{}",
            undone.text
        );

        // a placeholder address is refused before anything happens
        let err = exec
            .perform(fwd, &Action::Forward("lonn@example.invalid".into()))
            .unwrap_err();
        assert!(err.contains("plassholder"), "{err}");

        // moved away by someone else since the scan: nothing happens, nothing journaled
        let gone = by_rule(&items, "sick-note", 0);
        std::fs::rename(&gone.file.path, dir.path().join("elsewhere")).unwrap();
        let err = exec.perform(gone, &Action::Delete).unwrap_err();
        assert!(err.starts_with("allerede behandlet et annet sted"), "{err}");

        // undone by `altinn-sweep undo` meanwhile: `u` says so and moves on
        let item = by_rule(&items, "archive-rest", 0);
        exec.perform(item, &Action::Archive).unwrap();
        let actor = Actor::new(&config, &data);
        let (all, _) = actor.journal.read().unwrap();
        actor.undo(all.last().unwrap(), &all).unwrap();
        let undone = exec.undo_last().unwrap();
        assert!(
            undone.text.contains("var allerede angret"),
            "{}",
            undone.text
        );

        assert!(!exec.journal_today().daily_check);
        exec.register_daily_check().unwrap();
        let page = exec.journal_today();
        assert!(page.daily_check);
        assert_eq!(page.warning, None);
        assert_eq!(page.lines.len(), 5, "{:#?}", page.lines);
        assert!(page.lines[0].contains("forward → lonn@sandnes.kommune.no"));
        assert!(page.lines[1].contains("undo forward"));
        assert!(page.lines[4].contains("Altinn-innboksen sjekket"));

        // a torn line is reported, never fatal
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(exec.journal_path())
            .unwrap();
        f.write_all(b"{\"entry\":\"torn").unwrap();
        let page = exec.journal_today();
        assert_eq!(page.lines.len(), 5);
        assert!(
            page.warning
                .as_deref()
                .is_some_and(|w| w.contains("1 skadde linjer")),
            "{:?}",
            page.warning
        );
    }

    fn entry(id: &str, ts: &str, action: &str) -> Entry {
        Entry {
            entry: id.into(),
            ts: ts.into(),
            user: "kari".into(),
            action: action.into(),
            result: "ok".into(),
            ..Default::default()
        }
    }

    #[test]
    fn lines_show_what_was_done_and_where_it_went() {
        let root = Path::new("/m");
        let archive = Entry {
            suggested: Some("archive".into()),
            rule: Some("archive-rest".into()),
            subject: Some("En melding".into()),
            id: Some("x,U=1".into()),
            from_path: Some("/m/INBOX/cur/x,U=1:2,S".into()),
            to_path: Some("/m/Altinn/cur/x:2,S".into()),
            ..entry("e1", "2026-11-26T08:02:11.000+01:00", "archive")
        };
        let forward = Entry {
            suggested: Some("delete".into()),
            rule: Some("sick-note".into()),
            forward_to: Some("lonn@sandnes.kommune.no".into()),
            transport: Some("maildir".into()),
            note: Some("written to Outbox (/m/Outbox/new/1), not sent".into()),
            subject: Some("Sykmelding".into()),
            ..entry("e2", "2026-11-26T08:03:00.000+01:00", "forward")
        };
        let undo = Entry {
            undoes: Some("e2".into()),
            note: Some("the forward was sent and cannot be recalled".into()),
            subject: Some("Sykmelding".into()),
            ..entry("e3", "2026-11-26T08:04:00.000+01:00", "undo")
        };
        let failed = Entry {
            result: "error".into(),
            error: Some("Permission denied (os error 13)".into()),
            rule: Some("sick-note".into()),
            suggested: Some("delete".into()),
            subject: Some("Ny".into()),
            from_path: Some("/m/INBOX/new/y".into()),
            ..entry("e4", "2026-11-26T08:05:00.000+01:00", "delete")
        };
        let all = vec![archive, forward, undo, failed];
        let lines: Vec<String> = all
            .iter()
            .map(|e| entry_line(Lang::Nb, e, &all, root))
            .collect();
        assert_eq!(
            lines,
            [
                "08:02:11  kari  archive  (regel archive-rest)  «En melding»  INBOX → Altinn  ok",
                "08:03:00  kari  forward → lonn@sandnes.kommune.no  (forslag delete, regel sick-note)  «Sykmelding»  ok  (skrevet til Outbox, ikke sendt)",
                "08:04:00  kari  undo forward  «Sykmelding»  ok  (videresendingen ligger i Outbox, den ble ikke sendt)",
                "08:05:00  kari  delete  (regel sick-note)  «Ny»  INBOX  FEIL: Permission denied (os error 13)",
            ]
        );
    }

    #[test]
    fn the_page_has_only_today_and_reports_damage() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let entries = vec![
            entry("old", "2026-11-20T12:00:00.000+01:00", "check"),
            entry("a", "2026-11-26T12:00:00.000+01:00", "skip"),
        ];
        let bad = vec![BadLine {
            line: 2,
            problem: "EOF while parsing".into(),
        }];
        let page = today_page(
            Lang::En,
            &entries,
            &bad,
            today,
            Path::new("/m"),
            "j.jsonl".into(),
        );
        assert_eq!(page.lines.len(), 1);
        assert!(!page.daily_check, "an old check is not today's");
        assert_eq!(
            page.warning.as_deref(),
            Some("The journal j.jsonl has 1 damaged lines, skipped (line 2: EOF while parsing)")
        );
        let entries = vec![entry("c", "2026-11-26T12:00:00.000+01:00", "check")];
        let page = today_page(Lang::Nb, &entries, &[], today, Path::new("/m"), "j".into());
        assert!(page.daily_check);
        assert_eq!(page.lines, ["12:00:00  kari  Altinn-innboksen sjekket"]);
        assert_eq!(page.warning, None);
    }
}
