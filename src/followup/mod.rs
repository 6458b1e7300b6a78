//! Follow-up of archived notices (routine point 3) and the daily check (point 1), kept
//! where the whole roster sees it: the mailbox. Every notice in the archive folder is an
//! open item; each step of the checklist (fetched → archived in Altinn → distributed →
//! local copies deleted) is a folder (`[followup]`), so a clerk at another PC — or in
//! Outlook — sees the same after a sync; the details (to whom, who, when) and the daily
//! checks are record messages ([`record`]). The local journal stays the audit trail of
//! what this PC did. Time comes from the caller (an injectable "now").

pub mod demo;
pub mod record;

use crate::acting::{ActError, Acting, NotUndoable, UndoError};
use crate::calendar;
use crate::config::Config;
/// The checklist's steps are journal vocabulary (entries record them), so they live in
/// `journal`, below this module.
pub use crate::journal::Step;
use crate::journal::{Act, Entry, Failure, Outcome, RecordOf, Timestamp};
use crate::maildir::{self, MailFile, Sub};
use crate::orgnr::OrgNr;
use crate::scan;
use record::{Kind, Record};
use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};

/// The party to represent in Altinn for an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub org: Option<OrgNr>,
}

/// One follow-up item: an archived notice and where it stands.
#[derive(Debug, Clone)]
pub struct Item {
    /// Stable across PCs: made from the notice's Message-ID (or its bytes).
    pub id: String,
    pub path: PathBuf,
    pub step: Step,
    pub party: Party,
    pub subject: String,
    /// When the notice arrived (its Date).
    pub arrived: Option<Timestamp>,
    /// Working days since it arrived.
    pub age_days: u32,
    pub overdue: bool,
    /// To whom it was distributed (from the records).
    pub distributed_to: Option<String>,
    /// Who did the last step, and when.
    pub last_by: Option<String>,
    pub last_at: Option<Timestamp>,
    /// When it reached `distributed` (from the records).
    pub distributed_at: Option<Timestamp>,
}

/// Why a follow-up step could not be done.
#[derive(Debug, thiserror::Error)]
pub enum FollowupError {
    #[error("no open follow-up item has the id {0}")]
    UnknownItem(String),
    #[error("item {id} is already at {} (undo goes back)", current.name())]
    NotForward { id: String, current: Step },
    #[error("\"distributed\" needs --to: to whom the documents went")]
    NeedsRecipient,
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Act(#[from] ActError),
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> FollowupError + '_ {
    move |source| FollowupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The folders of the checklist, resolved under the mail root.
#[derive(Debug, Clone)]
pub struct Store {
    /// `open` is the archive folder.
    pub folders: Vec<(Step, PathBuf)>,
    /// `None`: a finished item stays where it is.
    pub done: Option<PathBuf>,
    pub records: PathBuf,
}

impl Store {
    pub fn new(config: &Config) -> Store {
        let root = config.mail_root();
        let f =
            |name: &str| maildir::folder_path(&root, config.mail.layout, name, &config.mail.inbox);
        let fu = &config.followup;
        Store {
            folders: vec![
                (Step::Open, f(&config.mail.archive)),
                (Step::Fetched, f(&fu.fetched_folder)),
                (Step::Archived, f(&fu.archived_folder)),
                (Step::Distributed, f(&fu.distributed_folder)),
            ],
            done: (!fu.done_folder.is_empty()).then(|| f(&fu.done_folder)),
            records: f(&fu.records_folder),
        }
    }

    fn folder(&self, step: Step) -> Option<&Path> {
        match step {
            Step::Done => self.done.as_deref(),
            s => self
                .folders
                .iter()
                .find(|(x, _)| *x == s)
                .map(|(_, p)| p.as_path()),
        }
    }
}

/// An item's id: 12 hex digits of FNV-1a over its Message-ID (else its bytes), the same
/// on every PC whatever file name the sync tool gave it.
pub fn item_id(message_id: Option<&str>, raw: &[u8]) -> String {
    let bytes = match message_id {
        Some(m) if !m.trim().is_empty() => m.trim().as_bytes(),
        _ => raw,
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

/// The shared state: every record of the mailbox, with the undone ones taken out.
#[derive(Debug, Default)]
pub struct Shared {
    /// Records in force, oldest first.
    pub records: Vec<Record>,
}

impl Shared {
    pub fn read(store: &Store) -> Result<Shared, FollowupError> {
        let all = record::read_all(&store.records).map_err(io_at(&store.records))?;
        let cancelled: BTreeSet<String> = all
            .iter()
            .filter(|r| r.kind == Kind::Undo)
            .filter_map(|r| r.cancels.clone())
            .collect();
        Ok(Shared {
            records: all
                .into_iter()
                .filter(|r| r.kind != Kind::Undo && !cancelled.contains(&r.id))
                .collect(),
        })
    }

    /// The step records of an item, oldest first.
    fn of_item<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Record> + 'a {
        self.records
            .iter()
            .filter(move |r| r.kind == Kind::Step && r.item.as_deref() == Some(id))
    }

    /// The daily checks, oldest first.
    pub fn checks(&self) -> impl Iterator<Item = &Record> {
        self.records.iter().filter(|r| r.kind == Kind::Check)
    }

    /// The recipients used before, most recent first, each once.
    pub fn recipients_used(&self) -> Vec<String> {
        let mut seen = Vec::new();
        for r in self.records.iter().rev() {
            if let Some(to) = &r.to
                && !seen.contains(to)
            {
                seen.push(to.clone());
            }
        }
        seen
    }
}

/// The whole follow-up list: items in every step (finished ones included), oldest first,
/// and the files that could not be read.
#[derive(Debug, Default)]
pub struct Listing {
    pub items: Vec<Item>,
    pub warnings: Vec<Warning>,
    pub shared: Shared,
}

/// A file in the follow-up folders that is left out of the list, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    pub problem: Problem,
}

/// Why a file is left out of the follow-up list: facts, worded by `i18n::cli`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not readable, or not an email.
    Unreadable(scan::Unreadable),
    /// A second copy of item `id`, which is at `step` in `other`.
    SecondCopy {
        id: String,
        step: Step,
        other: PathBuf,
    },
}

impl Listing {
    /// The open items (not done), overdue first, then oldest first.
    pub fn open(&self) -> Vec<&Item> {
        let mut v: Vec<&Item> = self.items.iter().filter(|i| i.step != Step::Done).collect();
        v.sort_by(|a, b| {
            b.overdue
                .cmp(&a.overdue)
                .then_with(|| a.arrived.cmp(&b.arrived))
                .then_with(|| a.id.cmp(&b.id))
        });
        v
    }
}

/// Reads the follow-up list from the mailbox as it is `now`.
pub fn list(config: &Config, now: Timestamp) -> Result<Listing, FollowupError> {
    let store = Store::new(config);
    let shared = Shared::read(&store)?;
    let mut listing = Listing::default();
    let mut folders: Vec<(Step, &Path)> = store
        .folders
        .iter()
        .map(|(s, p)| (*s, p.as_path()))
        .collect();
    if let Some(d) = &store.done {
        folders.push((Step::Done, d));
    }
    let today = now.date_naive();
    for (step, folder) in folders {
        if !folder.join("cur").is_dir() && !folder.join("new").is_dir() {
            continue;
        }
        for file in maildir::list(folder).map_err(io_at(folder))? {
            let raw = match maildir::read_message(&file.path, false) {
                Ok(r) => r,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => {
                    listing.warnings.push(Warning {
                        path: file.path.clone(),
                        problem: Problem::Unreadable(scan::Unreadable::Read(e.to_string())),
                    });
                    continue;
                }
            };
            let analysis = match scan::classify_bytes(raw.clone(), config) {
                scan::Outcome::Notification(a) => a,
                scan::Outcome::NotAltinn => continue, // not a notice: no follow-up
                scan::Outcome::Unreadable(m) => {
                    listing.warnings.push(Warning {
                        path: file.path.clone(),
                        problem: Problem::Unreadable(m),
                    });
                    continue;
                }
            };
            let id = item_id(analysis.mail.message_id.as_deref(), &raw);
            let org = analysis
                .unit
                .as_ref()
                .map(|(_, o)| *o)
                .or(analysis.extracted.recipient_org);
            let party = Party {
                name: analysis.recipient_label(false),
                org,
            };
            let arrived = analysis
                .mail
                .date
                .as_deref()
                .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok());
            let steps: Vec<&Record> = shared.of_item(&id).collect();
            let latest = steps.last().copied();
            let mut step_now = step;
            if store.done.is_none() && latest.and_then(|r| r.step) == Some(Step::Done) {
                step_now = Step::Done;
            }
            let distributed = steps
                .iter()
                .rev()
                .find(|r| r.step == Some(Step::Distributed));
            let age_days = arrived.map_or(0, |a| {
                calendar::working_days_between(a.with_timezone(&now.timezone()).date_naive(), today)
            });
            listing.items.push(Item {
                id: id.clone(),
                path: file.path.clone(),
                step: step_now,
                party,
                subject: analysis.mail.subject.clone().unwrap_or_default(),
                arrived,
                age_days,
                overdue: step_now != Step::Done && age_days > config.followup.overdue_after_days,
                distributed_to: distributed
                    .filter(|_| step_now >= Step::Distributed)
                    .and_then(|r| r.to.clone()),
                last_by: latest.map(|r| r.by.clone()),
                last_at: latest.map(|r| r.at),
                distributed_at: distributed
                    .filter(|_| step_now >= Step::Distributed)
                    .map(|r| r.at),
            });
        }
    }
    // Two clerks who moved the same notice before syncing leave a copy in two step
    // folders: the item is where it got furthest; the other copy is named.
    listing
        .items
        .sort_by(|a, b| a.id.cmp(&b.id).then_with(|| b.step.cmp(&a.step)));
    let mut kept: Vec<Item> = Vec::with_capacity(listing.items.len());
    for item in std::mem::take(&mut listing.items) {
        match kept.last() {
            Some(k) if k.id == item.id => listing.warnings.push(Warning {
                path: item.path.clone(),
                problem: Problem::SecondCopy {
                    id: item.id.clone(),
                    step: k.step,
                    other: k.path.clone(),
                },
            }),
            _ => kept.push(item),
        }
    }
    listing.items = kept;
    listing
        .items
        .sort_by(|a, b| a.arrived.cmp(&b.arrived).then_with(|| a.id.cmp(&b.id)));
    listing.shared = shared;
    Ok(listing)
}

/// Moves the item `id` on to `step` (`to` says to whom for `distributed`): its notice goes
/// to the step's folder (flags kept, sync tags dropped, nothing overwritten), a record
/// says who did it and when, and the journal gets a `followup` entry. The caller holds the
/// mailbox lock.
pub fn advance(
    actor: &impl Acting,
    id: &str,
    step: Step,
    to: Option<&str>,
    now: Timestamp,
) -> Result<Entry, FollowupError> {
    let config = actor.config();
    let listing = list(config, now)?;
    let item = listing
        .items
        .iter()
        .find(|i| i.id == id && i.step != Step::Done)
        .ok_or_else(|| FollowupError::UnknownItem(id.to_string()))?;
    if step <= item.step {
        return Err(FollowupError::NotForward {
            id: id.to_string(),
            current: item.step,
        });
    }
    let to = to.map(str::trim).filter(|t| !t.is_empty());
    if step == Step::Distributed && to.is_none() {
        return Err(FollowupError::NeedsRecipient);
    }
    actor.preflight()?;
    let store = Store::new(config);
    let mut entry = Entry::new(Act::Followup, actor.user());
    entry.ts = now;
    entry.item = Some(item.id.clone());
    entry.step = Some(step);
    entry.to_whom = to.map(str::to_string);
    entry.subject = Some(item.subject.clone());
    entry.recipient_org = item.party.org.map(|o| o.digits());
    let file_name = item
        .path
        .file_name()
        .map(|n| maildir::name_text(n).into_owned())
        .unwrap_or_default();
    entry.id = Some(maildir::parse_name(&file_name).unique);
    entry.from_path = Some(maildir::path_text(&item.path));
    if let Some(folder) = store.folder(step) {
        record::ensure_folder(folder).map_err(io_at(folder))?;
        let sub = sub_of(&item.path).unwrap_or(Sub::Cur);
        let name = maildir::parse_name(&file_name);
        let target = maildir::name_in_other_folder(&name, None);
        match maildir::move_file(&item.path, folder, sub, &target) {
            Ok(p) => entry.to_path = Some(maildir::path_text(&p)),
            Err(e) => {
                let why = Failure::NotMoved {
                    folder: folder.to_path_buf(),
                    detail: e.to_string(),
                };
                entry.fail(Outcome::Error, why);
                append(actor, &entry)?;
                return Ok(entry);
            }
        }
    }
    let mut rec = Record::new(Kind::Step, actor.user(), now);
    rec.item = Some(item.id.clone());
    rec.step = Some(step);
    rec.to = entry.to_whom.clone();
    rec.subject = Some(item.subject.clone());
    write_record(config, &mut entry, &rec, RecordOf::Step);
    append(actor, &entry)?;
    Ok(entry)
}

/// Writes `rec` to the records folder and notes it on `entry`: its id, or a failure that
/// says the record (of a step or a check) could not be written.
fn write_record(config: &Config, entry: &mut Entry, rec: &Record, of: RecordOf) {
    let store = Store::new(config);
    match record::write(&store.records, rec, &config.forward.from) {
        Ok(_) => entry.record = Some(rec.id.clone()),
        Err(e) => entry.fail(
            Outcome::Error,
            Failure::RecordNotWritten {
                of,
                folder: store.records.clone(),
                detail: e.to_string(),
            },
        ),
    }
}

fn append(actor: &impl Acting, entry: &Entry) -> Result<(), ActError> {
    actor
        .journal()
        .append(entry)
        .map_err(|source| ActError::Journal {
            entry: Box::new(entry.clone()),
            path: actor.journal().path.clone(),
            source,
        })
}

/// Undoes a `followup` entry: the notice goes back to the folder it came from and a record
/// cancels the step's record, so every clerk sees the step undone. Journaled as `undo`.
pub fn undo(actor: &impl Acting, target: &Entry, now: Timestamp) -> Result<Entry, UndoError> {
    let config = actor.config();
    let store = Store::new(config);
    let mut entry = Entry::new(Act::Undo, actor.user());
    entry.ts = now;
    entry.undoes = Some(target.entry.clone());
    entry.item = target.item.clone();
    entry.step = target.step.map(Step::previous);
    entry.id = target.id.clone();
    entry.subject = target.subject.clone();
    entry.recipient_org = target.recipient_org.clone();
    if let (Some(from), Some(to)) = (&target.from_path, &target.to_path) {
        let (from, to) = (maildir::text_path(from), maildir::text_path(to));
        let root = config.mail_root();
        for p in [&from, &to] {
            if !p.starts_with(&root)
                || p.components()
                    .any(|c| matches!(c, std::path::Component::ParentDir))
            {
                return Err(NotUndoable::OutsideMailRoot(p.clone()).into());
            }
        }
        let (Some(orig_folder), Some(orig_sub)) = (folder_of(&from), sub_of(&from)) else {
            return Err(NotUndoable::NotInMaildir(from).into());
        };
        let Some(now_folder) = folder_of(&to) else {
            return Err(NotUndoable::NotInMaildir(to).into());
        };
        let unique = maildir::parse_name(&file_name(&to)).unique;
        let current = if to.is_file() {
            Some(MailFile {
                path: to.clone(),
                sub: sub_of(&to).unwrap_or(Sub::Cur),
                name: maildir::parse_name(&file_name(&to)),
            })
        } else {
            maildir::find_by_unique(&now_folder, &unique).map_err(|source| ActError::Folder {
                path: now_folder.clone(),
                source,
            })?
        };
        let Some(current) = current else {
            return Err(NotUndoable::NoLongerThere(now_folder).into());
        };
        let back = maildir::name_in_other_folder(&current.name, None);
        entry.from_path = Some(maildir::path_text(&current.path));
        match maildir::move_file(&current.path, &orig_folder, orig_sub, &back) {
            Ok(p) => entry.to_path = Some(maildir::path_text(&p)),
            Err(e) => {
                let why = Failure::NotMoved {
                    folder: orig_folder.clone(),
                    detail: e.to_string(),
                };
                entry.fail(Outcome::Error, why)
            }
        }
    }
    if entry.ok()
        && let Some(cancels) = &target.record
    {
        let mut rec = Record::new(Kind::Undo, actor.user(), now);
        rec.item = target.item.clone();
        rec.cancels = Some(cancels.clone());
        match record::write(&store.records, &rec, &config.forward.from) {
            Ok(_) => entry.record = Some(rec.id),
            Err(e) => entry.fail(
                Outcome::Error,
                Failure::RecordNotWritten {
                    of: RecordOf::Undo,
                    folder: store.records.clone(),
                    detail: e.to_string(),
                },
            ),
        }
    }
    append(actor, &entry)?;
    Ok(entry)
}

/// Records the daily check of the Altinn inbox: a `check` entry in the journal and a check
/// record in the mailbox, both with who, when and the optional remark.
pub fn register_check(
    actor: &impl Acting,
    remark: Option<&str>,
    now: Timestamp,
) -> Result<Entry, ActError> {
    let remark = remark.map(str::trim).filter(|r| !r.is_empty());
    let mut entry = Entry::new(Act::Check, actor.user());
    entry.ts = now;
    entry.remark = remark.map(str::to_string);
    share_check(actor.config(), &mut entry);
    append(actor, &entry)?;
    Ok(entry)
}

/// Shares a daily check that `entry` (a `check` entry, e.g. the Altinn check's) records:
/// when the entry is a success, a check record goes to the mailbox so that every clerk
/// sees the day as checked after a sync, as with [`register_check`]. A record that cannot
/// be written makes the entry an error that says so. The caller appends the entry.
pub fn share_check(config: &Config, entry: &mut Entry) {
    if !entry.ok() || entry.action != Act::Check {
        return;
    }
    let mut rec = Record::new(Kind::Check, &entry.user, entry.ts);
    rec.note = entry.remark.clone();
    write_record(config, entry, &rec, RecordOf::Check);
}

/// The daily checks known: from the mailbox's records and this PC's journal, by day
/// (who and when of the first check that day, with its remark).
pub fn checks_by_day(
    shared: &Shared,
    journal: &[Entry],
) -> HashMap<chrono::NaiveDate, (String, Timestamp, Option<String>)> {
    let mut by_day: HashMap<chrono::NaiveDate, (String, Timestamp, Option<String>)> =
        HashMap::new();
    let from_records = shared
        .checks()
        .map(|r| (r.by.clone(), r.at, r.note.clone()));
    let from_journal = journal
        .iter()
        .filter(|e| e.action == Act::Check && e.ok())
        .map(|e| (e.user.clone(), e.ts, e.remark.clone()));
    for (by, at, note) in from_records.chain(from_journal) {
        let day = at.date_naive();
        match by_day.get(&day) {
            Some((_, t, _)) if *t <= at => {}
            _ => {
                by_day.insert(day, (by, at, note));
            }
        }
    }
    by_day
}

/// How far back the days without a daily check are counted: four weeks.
pub const CHECK_LOOK_BACK_DAYS: u64 = 28;

/// The days without a daily check as the queue's reminder counts them: from the first
/// check recorded (before it the routine was not kept with this tool, so there is nothing
/// to remind of), at most [`CHECK_LOOK_BACK_DAYS`] back, up to yesterday. (`check
/// --status` and `stats` report every working day of their period without a check.) Returns where the count starts and
/// the working days missed (none while no check was ever recorded).
pub fn missed_checks(
    checks: &HashMap<chrono::NaiveDate, (String, Timestamp, Option<String>)>,
    today: chrono::NaiveDate,
) -> (chrono::NaiveDate, Vec<chrono::NaiveDate>) {
    let window = today
        .checked_sub_days(chrono::Days::new(CHECK_LOOK_BACK_DAYS))
        .unwrap_or(today);
    match checks.keys().min() {
        Some(first) => {
            let from = (*first).max(window);
            (from, days_without_check(checks, from, today))
        }
        None => (window, Vec::new()),
    }
}

/// Working days from `from` up to the day before `today` with no daily check (today is
/// not over yet).
pub fn days_without_check(
    checks: &HashMap<chrono::NaiveDate, (String, Timestamp, Option<String>)>,
    from: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Vec<chrono::NaiveDate> {
    let Some(yesterday) = today.pred_opt() else {
        return Vec::new();
    };
    calendar::working_days_in(from, yesterday)
        .into_iter()
        .filter(|d| !checks.contains_key(d))
        .collect()
}

/// The recipients offered for "distributed to": those used before (most recent first),
/// then the configured list, each once.
pub fn recipient_choices(config: &Config, shared: &Shared) -> Vec<String> {
    let mut out = shared.recipients_used();
    for r in &config.followup.recipients {
        if !out.contains(r) {
            out.push(r.clone());
        }
    }
    out
}

use maildir::{file_name_text as file_name, folder_of, sub_of};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_step_names_round_trip() {
        let a = item_id(Some("<abc@altinn.no>"), b"x");
        assert_eq!(a, item_id(Some(" <abc@altinn.no> "), b"y"));
        assert_eq!(a.len(), 12);
        assert_ne!(item_id(None, b"x"), item_id(None, b"y"));
        for s in Step::ALL {
            assert_eq!(Step::parse(s.name()), Some(s));
        }
        assert!(Step::Open < Step::Fetched && Step::Distributed < Step::Done);
    }
}
