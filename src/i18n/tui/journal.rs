//! The `J` popup's words: today's journal entries and what went wrong reading them. The
//! executor hands over the entries as facts ([`JournalLine`], [`JournalWarning`]); they
//! are defined here so that wording them needs no import of `tui` (as `JobError`).

use super::super::{Lang, journal as words};
use super::{damaged_lines, quote};
use crate::journal::{self, Act, Entry, Transport};
use std::path::Path;

/// One entry of today's journal, with the entry it undoes (if it is an undo and that
/// entry is in the journal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalLine {
    pub entry: Entry,
    pub undone: Option<Entry>,
}

/// What went wrong reading the journal for the popup (`source` is the page's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalWarning {
    /// `count` damaged lines were skipped; the first is `line` (`problem`: the JSON
    /// parser's words).
    Damaged {
        count: usize,
        line: usize,
        problem: String,
    },
    /// The file could not be read (`detail`: the system's words).
    Unreadable { detail: String },
}

/// The status line's words for a [`JournalWarning`] about the journal at `source`.
pub fn journal_warning(lang: Lang, source: &str, w: &JournalWarning) -> String {
    match w {
        JournalWarning::Damaged {
            count,
            line,
            problem,
        } => damaged_lines(lang, source, *count, *line, problem),
        JournalWarning::Unreadable { detail } => {
            format!("{} {source}: {detail}", super::cannot_read_journal(lang))
        }
    }
}

/// One journal entry as a line of the `J` popup: time, clerk, what was done (and what was
/// suggested, by which rule), the subject, the folders the message went from and to
/// (relative to `mail_root`), and the result.
pub fn journal_line(lang: Lang, line: &JournalLine, mail_root: &Path) -> String {
    let (e, undone) = (&line.entry, line.undone.as_ref());
    let time = e.ts.format("%H:%M:%S").to_string();
    let mut parts = vec![time, e.user.clone()];
    match e.action {
        Act::Check => {
            parts.push(super::altinn_inbox_checked(lang).into());
            if !e.ok() {
                parts.push(failure(lang, e));
            }
            return parts.join("  ");
        }
        Act::Undo => parts.push(match undone {
            Some(t) => format!(
                "{} {}",
                words::act(lang, Act::Undo),
                words::act(lang, t.action)
            ),
            None => words::act(lang, Act::Undo).into(),
        }),
        Act::Forward | Act::Sending | Act::Sent => parts.push(format!(
            "{} → {}",
            words::act(lang, e.action),
            e.forward_to.as_deref().unwrap_or("?")
        )),
        other => parts.push(words::act(lang, other).into()),
    }
    if e.action != Act::Undo
        && let Some(rule) = &e.rule
    {
        parts.push(match e.suggested {
            Some(s) if s != e.action => format!(
                "({} {}, {} {rule})",
                super::suggested(lang),
                words::act(lang, s),
                super::rule_lower(lang)
            ),
            _ => format!("({} {rule})", super::rule_lower(lang)),
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
    match e.result {
        journal::Outcome::Ok => parts.push("ok".into()),
        journal::Outcome::Pending => parts.push(super::no_outcome(lang).into()),
        _ => parts.push(failure(lang, e)),
    }
    if !e.note.is_empty() {
        // an undone forward that only went to the Outbox was never sent
        let outbox = undone.is_some_and(|t| t.transport == Some(Transport::Maildir));
        let notes: Vec<String> = e
            .note
            .iter()
            .map(|n| match n {
                journal::Note::CannotRecall if outbox => {
                    words::note(lang, &journal::Note::OnlyInOutbox)
                }
                n => words::note(lang, n),
            })
            .collect();
        parts.push(format!("({})", notes.join("; ")));
    }
    parts.join("  ")
}

fn failure(lang: Lang, e: &Entry) -> String {
    let label = match e.result {
        journal::Outcome::Refused => super::refused(lang),
        _ => super::error(lang),
    };
    format!(
        "{label}: {}",
        e.error
            .as_ref()
            .map_or_else(|| "?".into(), |f| words::failure(lang, f))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{Failure, Note, Outcome};

    fn at(id: &str, action: Act) -> Entry {
        Entry {
            entry: id.into(),
            ts: chrono::DateTime::parse_from_rfc3339("2026-11-26T08:10:00.000+01:00").unwrap(),
            ..Entry::new(action, "kari")
        }
    }

    /// Every warning and every kind of line the popup shows is worded in both languages,
    /// and the bokmål is not the English left untranslated.
    #[test]
    fn the_popup_words_every_line_and_warning_in_both_languages() {
        let forward = Entry {
            forward_to: Some("lonn@x.no".into()),
            transport: Some(Transport::Maildir),
            subject: Some("S".into()),
            ..at("e1", Act::Forward)
        };
        let lines = [
            JournalLine {
                entry: Entry {
                    rule: Some("archive-rest".into()),
                    suggested: Some(Act::Delete),
                    from_path: Some("/m/INBOX/cur/x".into()),
                    to_path: Some("/m/Altinn/cur/x".into()),
                    ..at("e0", Act::Archive)
                },
                undone: None,
            },
            JournalLine {
                entry: forward.clone(),
                undone: None,
            },
            JournalLine {
                entry: Entry {
                    undoes: Some("e1".into()),
                    note: vec![Note::CannotRecall],
                    ..at("e2", Act::Undo)
                },
                undone: Some(forward),
            },
            JournalLine {
                entry: Entry {
                    result: Outcome::Refused,
                    error: Some(Failure::ChangedSinceScan),
                    ..at("e3", Act::Delete)
                },
                undone: None,
            },
            JournalLine {
                entry: Entry {
                    result: Outcome::Pending,
                    ..at("e4", Act::Sending)
                },
                undone: None,
            },
            JournalLine {
                entry: Entry {
                    result: Outcome::Error,
                    error: Some(Failure::Detail("HTTP 500".into())),
                    ..at("e5", Act::Check)
                },
                undone: None,
            },
        ];
        for l in &lines {
            let root = Path::new("/m");
            let (nb, en) = (
                journal_line(Lang::Nb, l, root),
                journal_line(Lang::En, l, root),
            );
            assert!(nb.starts_with("08:10:00  kari  "), "{nb}");
            assert_ne!(nb, en, "{l:?}");
        }
        assert!(
            journal_line(Lang::Nb, &lines[2], Path::new("/m"))
                .ends_with("(videresendingen ligger i Outbox, den ble ikke sendt)"),
            "an undone Outbox forward was never sent"
        );
        for w in [
            JournalWarning::Damaged {
                count: 2,
                line: 7,
                problem: "EOF".into(),
            },
            JournalWarning::Unreadable {
                detail: "Permission denied (os error 13)".into(),
            },
        ] {
            let (nb, en) = (
                journal_warning(Lang::Nb, "/d/j.jsonl", &w),
                journal_warning(Lang::En, "/d/j.jsonl", &w),
            );
            assert!(nb.contains("/d/j.jsonl") && en.contains("/d/j.jsonl"));
            assert_ne!(nb, en, "{w:?}");
        }
    }
}
