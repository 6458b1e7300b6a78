//! The append-only journal (`journal.jsonl`): one JSON object per line, one `write` per
//! entry with O_APPEND, fsynced before an action is reported done. Reading skips (and
//! reports) a torn or damaged line; nothing is ever rewritten.

use chrono::Timelike;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::fs::{DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// When an entry was written: RFC 3339 with the writer's local offset.
pub type Timestamp = chrono::DateTime<chrono::FixedOffset>;

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Act {
    Archive,
    Delete,
    Forward,
    Skip,
    Undo,
    /// The daily check of the Altinn inbox (routine point 1).
    Check,
    /// A step of a notice's follow-up (routine point 3): see `step`, `to_whom`, `item`.
    Followup,
    /// A forward is about to be handed to the transport (written and fsynced before the
    /// send, so that a crash during the send leaves an unconfirmed forward, never an
    /// unknown one).
    Sending,
    /// The forward of the `intent` entry was handed over: a durable fact, written before the
    /// original is moved.
    Sent,
    /// Documents of an Altinn dialog were saved (which marked the dialog seen).
    #[serde(rename = "altinn-fetch")]
    AltinnFetch,
    /// An Altinn dialog got the `Archive` system label.
    #[serde(rename = "altinn-archive")]
    AltinnArchive,
    /// An Altinn dialog was opened in Arbeidsflate (or its address shown).
    #[serde(rename = "altinn-open")]
    AltinnOpen,
    /// The local copies of an Altinn dialog's documents were deleted.
    #[serde(rename = "altinn-clean")]
    AltinnClean,
}

impl Act {
    /// The rule action a suggestion names.
    pub fn of(action: &crate::config::Action) -> Act {
        use crate::config::Action;
        match action {
            Action::Archive => Act::Archive,
            Action::Delete => Act::Delete,
            Action::Forward(_) => Act::Forward,
            Action::Skip => Act::Skip,
        }
    }

    /// Archive, delete and forward move the message and can be undone.
    pub fn moves_mail(self) -> bool {
        matches!(self, Act::Archive | Act::Delete | Act::Forward)
    }
}

/// How an entry ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    Error,
    /// Not attempted: a policy said no (see the failure); nothing changed.
    Refused,
    /// A `sending` intent: its end is told by a later entry naming it as `intent`.
    Pending,
}

/// Where a follow-up item stands on the checklist ([`crate::followup`]); a journal entry
/// of a step records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// Archived in the mailbox, nothing done in Altinn yet.
    Open,
    /// The documents are saved on the PC.
    Fetched,
    /// The message is archived in Altinn.
    Archived,
    /// The documents went to the right person.
    Distributed,
    /// The local copies are deleted: finished.
    Done,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Open,
        Step::Fetched,
        Step::Archived,
        Step::Distributed,
        Step::Done,
    ];

    /// The name in JSON, the CLI and record messages.
    pub fn name(self) -> &'static str {
        match self {
            Step::Open => "open",
            Step::Fetched => "fetched",
            Step::Archived => "archived",
            Step::Distributed => "distributed",
            Step::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.name() == s)
    }

    /// The step before this one.
    pub fn previous(self) -> Step {
        match self {
            Step::Open | Step::Fetched => Step::Open,
            Step::Archived => Step::Fetched,
            Step::Distributed => Step::Archived,
            Step::Done => Step::Distributed,
        }
    }
}

/// How a forward was handed on (the transport's own vocabulary, recorded here).
pub use crate::transport::Transport;

/// Something the clerk must know about an entry. Stored as today's English text in the
/// `note` field (several joined by "; "), so older journals read back the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The forward was written to this Outbox file and not sent.
    WrittenToOutbox(PathBuf),
    /// Undo of a sent forward: the mail itself cannot be recalled.
    CannotRecall,
    /// Undo of a forward that only went to the Outbox.
    OnlyInOutbox,
    /// Forwarded, but another program moved the original out of the inbox meanwhile.
    OriginalMovedAway,
    /// The journal says this message was forwarded under this rule before (that entry):
    /// it was not sent again.
    AlreadySent { entry: String },
    /// Written by the next run: the process that sent the forward and moved the original
    /// was interrupted before it could journal the move.
    CompletedAfterInterruption,
    /// `altinn fetch`: `files` documents were saved (`complete`: all of them; else before
    /// a failure); fetching marked the dialog seen in Altinn.
    Saved { files: usize, complete: bool },
    /// `altinn clean`: `files` local copies were deleted.
    LocalCopiesDeleted { files: usize },
    /// Text this version does not know (a newer or hand-written journal).
    Other(String),
}

const OUTBOX_PREFIX: &str = "written to Outbox (";
const OUTBOX_SUFFIX: &str = "), not sent";
const CANNOT_RECALL: &str = "the forward was sent and cannot be recalled";
const ONLY_IN_OUTBOX: &str = "the forward was only written to Outbox, not sent";
const MOVED_AWAY: &str = "forwarded, but meanwhile another program moved the original out \
                          of the inbox: it was not moved by altinn-sweep";
const COMPLETED_LATER: &str =
    "journaled by a later run: the run that sent and moved it was interrupted first";
const ALREADY_SENT_PREFIX: &str = "already forwarded before (entry ";
const ALREADY_SENT_SUFFIX: &str = "): not sent again";
const SAVED_ALL: &str = " file(s) saved; the dialog is now marked seen in Altinn";
const SAVED_SOME: &str =
    " file(s) saved before the failure; the dialog is now marked seen in Altinn";
const DELETED: &str = " local file(s) deleted";

impl fmt::Display for Note {
    /// The journal's (English) text of the note.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::WrittenToOutbox(p) => {
                write!(f, "{OUTBOX_PREFIX}{}{OUTBOX_SUFFIX}", p.display())
            }
            Note::CannotRecall => f.write_str(CANNOT_RECALL),
            Note::OnlyInOutbox => f.write_str(ONLY_IN_OUTBOX),
            Note::OriginalMovedAway => f.write_str(MOVED_AWAY),
            Note::AlreadySent { entry } => {
                write!(f, "{ALREADY_SENT_PREFIX}{entry}{ALREADY_SENT_SUFFIX}")
            }
            Note::CompletedAfterInterruption => f.write_str(COMPLETED_LATER),
            Note::Saved { files, complete } => {
                write!(
                    f,
                    "{files}{}",
                    if *complete { SAVED_ALL } else { SAVED_SOME }
                )
            }
            Note::LocalCopiesDeleted { files } => write!(f, "{files}{DELETED}"),
            Note::Other(t) => f.write_str(t),
        }
    }
}

impl Note {
    /// Reads one note back from its journal text (the inverse of `Display`).
    pub fn from_text(t: &str) -> Note {
        if let Some(p) = t
            .strip_prefix(OUTBOX_PREFIX)
            .and_then(|r| r.strip_suffix(OUTBOX_SUFFIX))
        {
            return Note::WrittenToOutbox(PathBuf::from(p));
        }
        if let Some(e) = t
            .strip_prefix(ALREADY_SENT_PREFIX)
            .and_then(|r| r.strip_suffix(ALREADY_SENT_SUFFIX))
        {
            return Note::AlreadySent { entry: e.into() };
        }
        let count = |suffix: &str| t.strip_suffix(suffix).and_then(|n| n.parse().ok());
        if let Some(files) = count(SAVED_ALL) {
            return Note::Saved {
                files,
                complete: true,
            };
        }
        if let Some(files) = count(SAVED_SOME) {
            return Note::Saved {
                files,
                complete: false,
            };
        }
        if let Some(files) = count(DELETED) {
            return Note::LocalCopiesDeleted { files };
        }
        match t {
            CANNOT_RECALL => Note::CannotRecall,
            ONLY_IN_OUTBOX => Note::OnlyInOutbox,
            MOVED_AWAY => Note::OriginalMovedAway,
            COMPLETED_LATER => Note::CompletedAfterInterruption,
            _ => Note::Other(t.to_string()),
        }
    }
}

/// Why an action failed or was refused. Stored as English text in the `error` field, as
/// older journals have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Sent to `to`, but moving the original failed afterwards.
    MovedAfterSend { to: String, detail: String },
    /// A sync tool kept renaming the message; `sent` says whether the forward went out.
    KeptRenaming { attempts: usize, sent: bool },
    /// Refused: the forward address is a placeholder from the default configuration.
    PlaceholderAddress { address: String },
    /// Refused before anything was done: the folder the message would go to is missing.
    FolderMissing { folder: PathBuf },
    /// Refused: an earlier forward of this message (the `sending` entry) may have gone out;
    /// it is sent again only when the clerk asks explicitly.
    Unconfirmed { intent: String },
    /// The transport's deadline passed while it had the message (`detail` in its words):
    /// the forward may have gone out, so it is unconfirmed, never simply retried.
    MaybeSent { detail: String },
    /// Refused: the message file is not what the scan read (its size, modification time
    /// or Message-ID differ): the clerk should look at it again.
    ChangedSinceScan,
    /// Moved, but the folders could not be synced to disk afterwards (`detail`: why).
    NotSynced { folder: PathBuf, detail: String },
    /// The step, undo or check was done here, but its record message (how the roster
    /// shares it) could not be written to the records folder (`detail`: why).
    RecordNotWritten {
        of: RecordOf,
        folder: PathBuf,
        detail: String,
    },
    /// Refused by the transport: an address of the forward is not one plain email
    /// address (`forward.from`, or the rule's `to`).
    InvalidAddress(crate::config::AddressError),
    /// A follow-up item (or an undone step) could not be moved to `folder` (`detail`: the
    /// system's words).
    NotMoved { folder: PathBuf, detail: String },
    /// A local copy of an Altinn dialog's documents (or their folder, `path`) could not be
    /// saved or read (`detail`: the system's words).
    LocalCopy { path: PathBuf, detail: String },
    /// Deleting the local copies left `kept` entries of `folder` that are not plain files.
    Kept { folder: PathBuf, kept: usize },
    /// What the system or the transport reported, in its own words.
    Detail(String),
}

/// What a record message that could not be written was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordOf {
    Step,
    Undo,
    Check,
}

const MOVED_AFTER_SEND: (&str, &str) = ("forwarded to ", ", but the original could not be moved: ");
const RENAMING: (&str, &str) = (
    "another program kept renaming the message (",
    " attempts); ",
);
const RENAMING_SENT: &str = "try again";
const RENAMING_UNSENT: &str = "nothing was sent";
const PLACEHOLDER: &str = " is a placeholder: set the real address in the configuration";
const FOLDER_MISSING: (&str, &str) = (
    "the folder ",
    " does not exist (create it, or let the sync tool create it); nothing was done",
);
const MAYBE_SENT: &str = " (the forward may have gone out: it is not sent again without --resend)";
const CHANGED: &str = "the message file changed since it was listed (size, time or Message-ID): look at it again; nothing was done";
const NOT_SYNCED: (&str, &str) = ("moved, but the folder ", " could not be synced: ");
const RECORD_STEP: &str = "the step is done, but its record could not be written to ";
const RECORD_UNDO: &str = "the notice is back, but the undo record could not be written to ";
const RECORD_CHECK: &str = "the check could not be shared: the record could not be written to ";
const NOT_MOVED: (&str, &str) = ("could not be moved to ", ": ");
const LOCAL_COPY: (&str, &str) = ("the local copy ", ": ");
const KEPT: &str = " item(s) could not be deleted and were kept";
const UNCONFIRMED: (&str, &str) = (
    "an earlier forward of this message may have been sent (entry ",
    " has no outcome): check with the recipient, then resend explicitly",
);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::MovedAfterSend { to, detail } => {
                write!(
                    f,
                    "{}{to}{}{detail}",
                    MOVED_AFTER_SEND.0, MOVED_AFTER_SEND.1
                )
            }
            Failure::KeptRenaming { attempts, sent } => write!(
                f,
                "{}{attempts}{}{}",
                RENAMING.0,
                RENAMING.1,
                if *sent {
                    RENAMING_SENT
                } else {
                    RENAMING_UNSENT
                }
            ),
            Failure::PlaceholderAddress { address } => write!(f, "{address}{PLACEHOLDER}"),
            Failure::FolderMissing { folder } => {
                write!(
                    f,
                    "{}{}{}",
                    FOLDER_MISSING.0,
                    folder.display(),
                    FOLDER_MISSING.1
                )
            }
            Failure::Unconfirmed { intent } => {
                write!(f, "{}{intent}{}", UNCONFIRMED.0, UNCONFIRMED.1)
            }
            Failure::MaybeSent { detail } => write!(f, "{detail}{MAYBE_SENT}"),
            Failure::ChangedSinceScan => f.write_str(CHANGED),
            Failure::NotSynced { folder, detail } => write!(
                f,
                "{}{}{}{detail}",
                NOT_SYNCED.0,
                folder.display(),
                NOT_SYNCED.1
            ),
            Failure::RecordNotWritten { of, folder, detail } => {
                let pre = match of {
                    RecordOf::Step => RECORD_STEP,
                    RecordOf::Undo => RECORD_UNDO,
                    RecordOf::Check => RECORD_CHECK,
                };
                write!(f, "{pre}{}: {detail}", folder.display())
            }
            Failure::InvalidAddress(e) => write!(f, "{e}"),
            Failure::NotMoved { folder, detail } => {
                write!(
                    f,
                    "{}{}{}{detail}",
                    NOT_MOVED.0,
                    folder.display(),
                    NOT_MOVED.1
                )
            }
            Failure::LocalCopy { path, detail } => {
                write!(
                    f,
                    "{}{}{}{detail}",
                    LOCAL_COPY.0,
                    path.display(),
                    LOCAL_COPY.1
                )
            }
            Failure::Kept { folder, kept } => write!(f, "{}: {kept}{KEPT}", folder.display()),
            Failure::Detail(t) => f.write_str(t),
        }
    }
}

/// An address problem read back from its text (the inverse of its `Display`): the
/// address as Rust quotes it, then the words of its kind. `None` for an address that
/// needed escapes to quote (it stays a `Detail`, in the same words).
fn address_error(t: &str) -> Option<crate::config::AddressError> {
    use crate::config::AddressError as A;
    let kinds: [fn(String) -> A; 4] = [A::Separators, A::NoAt, A::Local, A::Domain];
    kinds.into_iter().find_map(|kind| {
        let words = kind(String::new()).to_string();
        let quoted = t.strip_suffix(words.strip_prefix("\"\"")?)?;
        let address = quoted.strip_prefix('"')?.strip_suffix('"')?;
        (!address.contains(['"', '\\']) && format!("{address:?}") == quoted)
            .then(|| kind(address.to_string()))
    })
}

fn between<'a>(t: &'a str, (pre, post): (&str, &str)) -> Option<(&'a str, &'a str)> {
    t.strip_prefix(pre)?.split_once(post)
}

impl Failure {
    /// Reads a failure back from its journal text (the inverse of `Display`).
    pub fn from_text(t: &str) -> Failure {
        if let Some((to, detail)) = between(t, MOVED_AFTER_SEND) {
            return Failure::MovedAfterSend {
                to: to.into(),
                detail: detail.into(),
            };
        }
        if let Some((n, rest)) = between(t, RENAMING)
            && let Ok(attempts) = n.parse()
            && (rest == RENAMING_SENT || rest == RENAMING_UNSENT)
        {
            return Failure::KeptRenaming {
                attempts,
                sent: rest == RENAMING_SENT,
            };
        }
        if let Some(address) = t.strip_suffix(PLACEHOLDER) {
            return Failure::PlaceholderAddress {
                address: address.into(),
            };
        }
        if let Some((folder, "")) = between(t, FOLDER_MISSING) {
            return Failure::FolderMissing {
                folder: folder.into(),
            };
        }
        if let Some((intent, "")) = between(t, UNCONFIRMED) {
            return Failure::Unconfirmed {
                intent: intent.into(),
            };
        }
        if let Some(detail) = t.strip_suffix(MAYBE_SENT) {
            return Failure::MaybeSent {
                detail: detail.into(),
            };
        }
        if t == CHANGED {
            return Failure::ChangedSinceScan;
        }
        if let Some((folder, detail)) = between(t, NOT_SYNCED) {
            return Failure::NotSynced {
                folder: folder.into(),
                detail: detail.into(),
            };
        }
        for (pre, of) in [
            (RECORD_STEP, RecordOf::Step),
            (RECORD_UNDO, RecordOf::Undo),
            (RECORD_CHECK, RecordOf::Check),
        ] {
            if let Some((folder, detail)) = between(t, (pre, ": ")) {
                return Failure::RecordNotWritten {
                    of,
                    folder: folder.into(),
                    detail: detail.into(),
                };
            }
        }
        if let Some(e) = address_error(t) {
            return Failure::InvalidAddress(e);
        }
        if let Some((folder, detail)) = between(t, NOT_MOVED) {
            return Failure::NotMoved {
                folder: folder.into(),
                detail: detail.into(),
            };
        }
        if let Some((path, detail)) = between(t, LOCAL_COPY) {
            return Failure::LocalCopy {
                path: path.into(),
                detail: detail.into(),
            };
        }
        if let Some((folder, n)) = t.strip_suffix(KEPT).and_then(|r| r.rsplit_once(": "))
            && let Ok(kept) = n.parse()
        {
            return Failure::Kept {
                folder: folder.into(),
                kept,
            };
        }
        Failure::Detail(t.to_string())
    }
}

/// The counts of a daily check through Dialogporten (`altinn::check`), for the journal
/// and the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    pub parties: usize,
    pub dialogs: usize,
    pub unseen: usize,
    /// Dialogs of units the centre follows up that arrived without a notice (among
    /// those matched against the notices).
    pub without_notice: usize,
    pub notices_without_dialog: usize,
    /// Dialogs of units that fetch their own mail.
    pub own_mail: usize,
    /// Dialogs of followed-up units older than the notices looked at: not matched.
    #[serde(default)]
    pub older: usize,
}

/// One journal line. The JSON field names and values are those of every earlier version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// This entry's own id (for `undo --entry`).
    pub entry: String,
    #[serde(with = "rfc3339")]
    pub ts: Timestamp,
    pub user: String,
    pub action: Act,
    /// What the rules suggested (the clerk may have overridden it).
    pub suggested: Option<Act>,
    pub rule: Option<String>,
    /// The message's unique name (the maildir file name before `:2,`).
    pub id: Option<String>,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub recipient_org: Option<String>,
    pub from_path: Option<String>,
    pub to_path: Option<String>,
    pub forward_to: Option<String>,
    /// How a forward was handed on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<Transport>,
    /// For `undo`: the entry it reverses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<String>,
    /// For `sent` and the final `forward`: the `sending` entry they conclude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
    /// For Altinn actions: the dialog's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog: Option<String>,
    /// For a check done through Dialogporten: what it found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
    /// For `followup`: the follow-up item (its id, the same on every clerk's PC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// For `followup`: the step the item reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    /// For `followup` to `distributed`: to whom the documents went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_whom: Option<String>,
    /// For `followup` and `check`: the record message shared through the mailbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// For `check`: the clerk's own remark ("3 meldinger uten varsel").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// What the clerk must know about it.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "notes_out",
        deserialize_with = "notes_in"
    )]
    pub note: Vec<Note>,
    pub result: Outcome,
    #[serde(serialize_with = "failure_out", deserialize_with = "failure_in")]
    pub error: Option<Failure>,
}

impl Entry {
    /// A fresh entry of `action` by `user`, now, `ok` until told otherwise.
    pub fn new(action: Act, user: &str) -> Entry {
        Entry {
            entry: new_entry_id(),
            ts: now(),
            user: user.to_string(),
            action,
            suggested: None,
            rule: None,
            id: None,
            message_id: None,
            subject: None,
            recipient_org: None,
            from_path: None,
            to_path: None,
            forward_to: None,
            transport: None,
            undoes: None,
            intent: None,
            dialog: None,
            counts: None,
            item: None,
            step: None,
            to_whom: None,
            record: None,
            remark: None,
            note: Vec::new(),
            result: Outcome::Ok,
            error: None,
        }
    }

    pub fn ok(&self) -> bool {
        self.result == Outcome::Ok
    }

    /// Marks the entry failed (or refused) for `why`.
    pub fn fail(&mut self, result: Outcome, why: Failure) {
        self.result = result;
        self.error = Some(why);
    }

    /// The `sending` entry this one belongs to (itself for a `sending` entry).
    fn entry_intent(&self) -> &str {
        match self.action {
            Act::Sending => &self.entry,
            _ => self.intent.as_deref().unwrap_or(&self.entry),
        }
    }

    /// The calendar day it was written on, on the writer's own clock (the date part of
    /// `ts` as written), so that every reader puts an entry on the same day.
    pub fn local_date(&self) -> chrono::NaiveDate {
        self.ts.date_naive()
    }
}

mod rfc3339 {
    use super::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::Millis, false))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let s = String::deserialize(d)?;
        chrono::DateTime::parse_from_rfc3339(&s)
            .map_err(|e| serde::de::Error::custom(format!("ts {s:?}: {e}")))
    }
}

/// Notes are joined with this in the `note` field.
const NOTE_SEPARATOR: &str = "; ";

fn notes_out<S: Serializer>(notes: &[Note], s: S) -> Result<S::Ok, S::Error> {
    let text: Vec<String> = notes.iter().map(Note::to_string).collect();
    s.serialize_str(&text.join(NOTE_SEPARATOR))
}

fn notes_in<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Note>, D::Error> {
    let text = Option::<String>::deserialize(d)?.unwrap_or_default();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    // Split only where each piece is a note this version knows, so that a foreign text
    // with "; " in it stays whole.
    let parts: Vec<Note> = text.split(NOTE_SEPARATOR).map(Note::from_text).collect();
    if parts.len() > 1 && parts.iter().any(|n| matches!(n, Note::Other(_))) {
        return Ok(vec![Note::from_text(&text)]);
    }
    Ok(parts)
}

fn failure_out<S: Serializer>(f: &Option<Failure>, s: S) -> Result<S::Ok, S::Error> {
    match f {
        Some(f) => s.serialize_str(&f.to_string()),
        None => s.serialize_none(),
    }
}

fn failure_in<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Failure>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(|t| Failure::from_text(&t)))
}

/// Whether a message has been forwarded before (by Message-ID, else unique name, and rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForwardRecord<'a> {
    NeverSent,
    /// Handed to a transport: this entry says so.
    Sent(&'a Entry),
    /// A `sending` intent with no outcome: a crash during the send. It may have gone out.
    Unconfirmed(&'a Entry),
}

/// What the journal says about forwarding the message `key` (its Message-ID, else its
/// unique name) under `rule`.
pub fn forward_record<'a>(all: &'a [Entry], key: &str, rule: &str) -> ForwardRecord<'a> {
    let same = |e: &Entry| {
        e.rule.as_deref() == Some(rule)
            && (e.message_id.as_deref() == Some(key)
                || (e.message_id.is_none() && e.id.as_deref() == Some(key)))
    };
    // A transport was recorded only once the forward had been handed over.
    if let Some(sent) = all
        .iter()
        .find(|e| same(e) && e.transport.is_some() && matches!(e.action, Act::Sent | Act::Forward))
    {
        return ForwardRecord::Sent(sent);
    }
    // An error that says the forward may have gone out does not conclude its intent.
    let concluded = |intent: &Entry| {
        all.iter().any(|e| {
            e.intent.as_deref() == Some(intent.entry.as_str())
                && !matches!(e.error, Some(Failure::MaybeSent { .. }))
        })
    };
    match all
        .iter()
        .find(|e| same(e) && e.action == Act::Sending && !concluded(e))
    {
        Some(open) => ForwardRecord::Unconfirmed(open),
        None => ForwardRecord::NeverSent,
    }
}

/// `sent` entries that no final `forward` entry concludes: the process was interrupted
/// between handing the forward over and journaling the move of its original.
pub fn open_sends(all: &[Entry]) -> Vec<&Entry> {
    all.iter()
        .filter(|e| e.action == Act::Sent)
        .filter(|sent| {
            !all.iter()
                .any(|f| f.action == Act::Forward && f.intent.is_some() && f.intent == sent.intent)
        })
        .collect()
}

/// The entry that undid `target`, if any.
pub fn undone_by<'a>(all: &'a [Entry], target: &Entry) -> Option<&'a Entry> {
    all.iter()
        .find(|u| u.ok() && u.undoes.as_deref() == Some(target.entry.as_str()))
}

/// The entries written on the days `from..=to` (see [`Entry::local_date`]).
pub fn between_days(
    entries: Vec<Entry>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Vec<Entry> {
    entries
        .into_iter()
        .filter(|e| (from..=to).contains(&e.local_date()))
        .collect()
}

/// Steps of a forward (`sending`, `sent`) that a later entry concluded: the clerk's views
/// show the conclusion only.
pub fn is_concluded_step(e: &Entry, all: &[Entry]) -> bool {
    matches!(e.action, Act::Sending | Act::Sent)
        && all.iter().any(|later| {
            later.action == Act::Forward && later.intent.as_deref() == Some(e.entry_intent())
        })
}

/// A line that could not be read back (e.g. torn by a crash mid-write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub problem: String,
}

/// The journal file.
#[derive(Debug, Clone)]
pub struct Journal {
    pub path: PathBuf,
}

impl Journal {
    /// The journal in a data directory (`$XDG_DATA_HOME/altinn-sweep`).
    pub fn in_dir(data_dir: &Path) -> Journal {
        Journal {
            path: data_dir.join("journal.jsonl"),
        }
    }

    /// Appends one entry: a single write of one line on an O_APPEND file (mode 0600, in a
    /// directory created 0700), then fsync. Concurrent writers never interleave lines.
    pub fn append(&self, entry: &Entry) -> io::Result<()> {
        self.append_all(std::slice::from_ref(entry))
    }

    /// Appends several entries in one write and one fsync (group commit for a batch whose
    /// moves are already durable).
    pub fn append_all(&self, entries: &[Entry]) -> io::Result<()> {
        let mut lines = Vec::new();
        for e in entries {
            serde_json::to_writer(&mut lines, e).map_err(io::Error::other)?;
            lines.push(b'\n');
        }
        let (mut f, len) = self.open_for_append()?;
        // A torn last line from a crash must not swallow this entry: start on a new line.
        if ends_without_newline(&mut f, len)? {
            lines.insert(0, b'\n');
        }
        f.write_all(&lines)?;
        f.sync_all()
    }

    /// Checks, before anything is done, that entries can be appended: the folder exists
    /// (made 0700) and the journal is a plain file (made 0600), not a symbolic link or a
    /// device. A full disk is only found by writing.
    pub fn preflight(&self) -> io::Result<()> {
        self.open_for_append().map(drop)
    }

    /// Opens the journal for appending (and reading its last byte), with its length.
    fn open_for_append(&self) -> io::Result<(std::fs::File, u64)> {
        if let Some(dir) = self.path.parent() {
            if dir.is_dir() {
                tighten(dir, 0o700)?;
            } else {
                DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
            }
        }
        // A symlink planted in place of the journal is refused, never followed.
        let f = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&self.path)
            .map_err(|e| nofollow_error(&self.path, e))?;
        let meta = f.metadata()?;
        if !meta.is_file() {
            return Err(io::Error::other(format!(
                "{} is not a regular file",
                self.path.display()
            )));
        }
        if meta.permissions().mode() & 0o777 != 0o600 {
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        Ok((f, meta.len()))
    }

    /// Reads every entry; damaged lines are skipped and reported, never fatal.
    pub fn read(&self) -> io::Result<(Vec<Entry>, Vec<BadLine>)> {
        let opened = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&self.path)
            .and_then(|mut f| {
                let mut d = Vec::new();
                io::Read::read_to_end(&mut f, &mut d).map(|_| d)
            });
        let data = match opened {
            Ok(d) => d,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
            Err(e) => return Err(nofollow_error(&self.path, e)),
        };
        let mut entries = Vec::new();
        let mut bad = Vec::new();
        for (i, line) in data.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Entry>(line) {
                Ok(e) => entries.push(e),
                Err(e) => bad.push(BadLine {
                    line: i + 1,
                    problem: e.to_string(),
                }),
            }
        }
        Ok((entries, bad))
    }
}

fn ends_without_newline(f: &mut std::fs::File, len: u64) -> io::Result<bool> {
    use std::os::unix::fs::FileExt;
    if len == 0 {
        return Ok(false);
    }
    let mut last = [0u8; 1];
    f.read_exact_at(&mut last, len - 1)?;
    Ok(last[0] != b'\n')
}

/// Takes group and other permissions away from a folder of ours that has them.
fn tighten(dir: &Path, mode: u32) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(dir)?;
    // SAFETY: geteuid cannot fail.
    let mine = std::os::unix::fs::MetadataExt::uid(&meta) == unsafe { libc::geteuid() };
    if mine && meta.is_dir() && meta.permissions().mode() & 0o777 != mode {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// ELOOP from O_NOFOLLOW in words.
fn nofollow_error(path: &Path, e: io::Error) -> io::Error {
    if e.raw_os_error() == Some(libc::ELOOP) {
        io::Error::other(format!(
            "{} is a symbolic link: the journal must be a plain file",
            path.display()
        ))
    } else {
        e
    }
}

/// The clerk's name: `$USER`, else `$LOGNAME`, else the login name of the uid, else the
/// numeric uid.
pub fn current_user() -> String {
    ["USER", "LOGNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_else(login_name)
}

fn login_name() -> String {
    // SAFETY: getuid cannot fail; getpwuid_r writes only into the buffers we pass and the
    // name pointer it returns points into `buf`, which outlives its use here.
    unsafe {
        let uid = libc::getuid();
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 1024];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc == 0 && !result.is_null() && !pwd.pw_name.is_null() {
            let name = std::ffi::CStr::from_ptr(pwd.pw_name)
                .to_string_lossy()
                .into_owned();
            if !name.is_empty() {
                return name;
            }
        }
        format!("uid {uid}")
    }
}

/// The environment variable that sets the clock (RFC 3339): the injectable "now" with
/// which tests and demos play a week through. Unset (or not a time) means the real clock.
pub const NOW_VAR: &str = "ALTINN_SWEEP_NOW";

/// Now, with the local offset, to the millisecond (as the journal keeps it); the time in
/// [`NOW_VAR`] when that is set.
pub fn now() -> Timestamp {
    if let Some(t) = std::env::var(NOW_VAR)
        .ok()
        .and_then(|v| chrono::DateTime::parse_from_rfc3339(&v).ok())
    {
        return t;
    }
    let t = chrono::Local::now().fixed_offset();
    let ms = t.timestamp_subsec_millis();
    t.with_nanosecond(ms * 1_000_000).unwrap_or(t)
}

/// A fresh entry id: time, process and a counter, unique across concurrent processes.
pub fn new_entry_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{}-{}-{}",
        chrono::Local::now().format("%Y%m%dT%H%M%S%3f"),
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// The entry that records a daily check done through Dialogporten (`altinn check`, the
/// TUI's Altinn screen) as the day's check: what it found, or why it could not run (the
/// failure as the journal records it; `altinn::AltinnError` converts into one). Shared by
/// the CLI and the TUI so both record it alike.
impl Entry {
    pub fn altinn_check(user: &str, result: Result<Counts, Failure>) -> Entry {
        let mut entry = Entry::new(Act::Check, user);
        match result {
            Ok(counts) => entry.counts = Some(counts),
            Err(why) => entry.fail(Outcome::Error, why),
        }
        entry
    }
}

/// One of every kind of note and failure the journal words (not the raw-text `Other` and
/// `Detail`), for the tests of their round trip and of their wording in both languages.
#[cfg(test)]
pub(crate) fn example_notes() -> Vec<Note> {
    vec![
        Note::WrittenToOutbox("/m/Outbox/new/1.x".into()),
        Note::CannotRecall,
        Note::OnlyInOutbox,
        Note::OriginalMovedAway,
        Note::AlreadySent {
            entry: "20261201T1-2-3".into(),
        },
        Note::CompletedAfterInterruption,
        Note::Saved {
            files: 2,
            complete: true,
        },
        Note::Saved {
            files: 0,
            complete: false,
        },
        Note::LocalCopiesDeleted { files: 3 },
    ]
}

/// See [`example_notes`].
#[cfg(test)]
pub(crate) fn example_failures() -> Vec<Failure> {
    use crate::config::AddressError;
    vec![
        Failure::MovedAfterSend {
            to: "lonn@x.no".into(),
            detail: "Permission denied (os error 13)".into(),
        },
        Failure::KeptRenaming {
            attempts: 8,
            sent: true,
        },
        Failure::KeptRenaming {
            attempts: 8,
            sent: false,
        },
        Failure::PlaceholderAddress {
            address: "lonn@example.invalid".into(),
        },
        Failure::FolderMissing {
            folder: "/m/Trash".into(),
        },
        Failure::Unconfirmed {
            intent: "20261201T1-2-3".into(),
        },
        Failure::MaybeSent {
            detail: "the SMTP server did not answer within 30 s".into(),
        },
        Failure::ChangedSinceScan,
        Failure::NotSynced {
            folder: "/m/Archive".into(),
            detail: "Input/output error (os error 5)".into(),
        },
        Failure::RecordNotWritten {
            of: RecordOf::Step,
            folder: "/m/Altinn/Oppfolging".into(),
            detail: "No space left on device (os error 28)".into(),
        },
        Failure::RecordNotWritten {
            of: RecordOf::Undo,
            folder: "/m/Altinn/Oppfolging".into(),
            detail: "x".into(),
        },
        Failure::RecordNotWritten {
            of: RecordOf::Check,
            folder: "/m/Altinn/Oppfolging".into(),
            detail: "x".into(),
        },
        Failure::InvalidAddress(AddressError::Separators("a b@x.no".into())),
        Failure::InvalidAddress(AddressError::NoAt("lonn".into())),
        Failure::InvalidAddress(AddressError::Local("@x.no".into())),
        Failure::InvalidAddress(AddressError::Domain("lonn@x".into())),
        Failure::NotMoved {
            folder: "/m/Altinn/Hentet".into(),
            detail: "Permission denied (os error 13)".into(),
        },
        Failure::LocalCopy {
            path: "/d/0194a3c2-7f00-7000-8000-000000000001/vedtak.pdf".into(),
            detail: "No space left on device (os error 28)".into(),
        },
        Failure::Kept {
            folder: "/d/0194a3c2: 7f00".into(),
            kept: 2,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AddressError;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn append_read_and_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(&dir.path().join("data/altinn-sweep"));
        let e = Entry::new(Act::Archive, "ola");
        j.append(&e).unwrap();
        let mode = std::fs::metadata(&j.path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dmode = std::fs::metadata(j.path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dmode, 0o700);
        // a crash mid-write leaves a torn line
        let mut f = OpenOptions::new().append(true).open(&j.path).unwrap();
        f.write_all(b"{\"entry\":\"x\",\"ts\":\"20").unwrap();
        let e2 = Entry {
            action: Act::Delete,
            ..e.clone()
        };
        j.append(&e2).unwrap();
        let (entries, bad) = j.read().unwrap();
        assert_eq!(entries, vec![e, e2]);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, 2);
        let raw = std::fs::read_to_string(&j.path).unwrap();
        assert!(
            raw.contains("{\"entry\":\"x\",\"ts\":\"20\n"),
            "the torn line is kept as it was"
        );
    }

    /// A journal written by release 0.1.0 (demo mailbox: apply, undo of archives, of a sent
    /// and of an Outbox forward, a forward whose move failed, a daily check).
    const OLD: &str = include_str!("../tests/fixtures/journal/written-by-0.1.0.jsonl");

    #[test]
    fn a_journal_of_the_previous_release_reads_into_types_and_writes_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal {
            path: dir.path().join("old.jsonl"),
        };
        std::fs::write(&j.path, OLD).unwrap();
        let (entries, bad) = j.read().unwrap();
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(entries.len(), OLD.lines().count());
        let count = |a: Act| entries.iter().filter(|e| e.action == a).count();
        assert_eq!(
            [
                Act::Archive,
                Act::Delete,
                Act::Forward,
                Act::Undo,
                Act::Check
            ]
            .map(count),
            [13, 8, 3, 5, 1]
        );
        let notes: Vec<&Note> = entries.iter().flat_map(|e| &e.note).collect();
        assert!(notes.contains(&&Note::CannotRecall));
        assert!(notes.contains(&&Note::OnlyInOutbox));
        assert!(notes.iter().any(
            |n| matches!(n, Note::WrittenToOutbox(p) if p.starts_with("/tmp/jfix/Mail/Outbox/new"))
        ));
        assert!(
            !notes.iter().any(|n| matches!(n, Note::Other(_))),
            "{notes:?}"
        );
        let failed: Vec<&Entry> = entries.iter().filter(|e| !e.ok()).collect();
        assert_eq!(failed.len(), 1);
        assert!(matches!(
            &failed[0].error,
            Some(Failure::MovedAfterSend { to, detail })
                if to == "lonn@sandnes.kommune.no" && detail.contains("does not exist")
        ));
        assert_eq!(failed[0].transport, Some(Transport::Maildir));
        // Written back, every line is the same JSON value as before.
        for (line, e) in OLD.lines().zip(&entries) {
            let before: serde_json::Value = serde_json::from_str(line).unwrap();
            let after = serde_json::to_value(e).unwrap();
            assert_eq!(before, after);
        }
    }

    /// A check through Dialogporten that could not run is journaled with the error in
    /// the journal's words, in the `error` field as before the failure was typed, and
    /// reads back as the same failure.
    #[test]
    fn a_failed_altinn_check_is_journaled_with_its_error_as_before() {
        let e = crate::altinn::AltinnError::Timeout {
            what: "parties".into(),
            secs: 30,
        };
        let entry = Entry::altinn_check("kari", Err(Failure::from(&e)));
        assert_eq!(entry.result, Outcome::Error);
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["action"], "check");
        assert_eq!(json["result"], "error");
        assert_eq!(
            json["error"],
            "parties: no answer within 30 s (the server is slow or unreachable)"
        );
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(dir.path());
        j.append(&entry).unwrap();
        let counts = Counts {
            dialogs: 3,
            ..Counts::default()
        };
        j.append(&Entry::altinn_check("kari", Ok(counts))).unwrap();
        let (back, bad) = j.read().unwrap();
        assert!(bad.is_empty());
        assert_eq!(back[0], entry);
        assert_eq!(back[1].counts, Some(counts));
        assert!(back[1].ok());
    }

    #[test]
    fn notes_and_failures_read_back_as_they_were_written() {
        let mut notes = example_notes();
        notes.push(Note::Other("a note; from a newer version".into()));
        for n in &notes {
            assert_eq!(&Note::from_text(&n.to_string()), n);
        }
        // the text earlier versions wrote for them, read typed
        assert_eq!(
            Note::from_text("2 file(s) saved; the dialog is now marked seen in Altinn"),
            notes[6]
        );
        assert_eq!(
            Note::from_text("3 local file(s) deleted"),
            Note::LocalCopiesDeleted { files: 3 }
        );
        let mut e = Entry::new(Act::Forward, "kari");
        e.note = vec![notes[0].clone(), notes[3].clone()];
        let back: Entry = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(back, e);
        e.note = vec![notes[5].clone()];
        let back: Entry = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(
            back.note, e.note,
            "foreign text with the separator stays whole"
        );
        let mut failures = example_failures();
        failures.push(Failure::Detail("sendmail exited with status 75".into()));
        for f in failures {
            assert_eq!(Failure::from_text(&f.to_string()), f);
        }
        // The words are those the error had when the journal stored it as text.
        assert_eq!(
            Failure::InvalidAddress(AddressError::NoAt("lonn".into())).to_string(),
            AddressError::NoAt("lonn".into()).to_string()
        );
        // An address that needed escapes stays text, in the same words.
        let odd = AddressError::Separators("a\"b".into()).to_string();
        assert_eq!(Failure::from_text(&odd), Failure::Detail(odd.clone()));
    }

    fn forward_step(act: Act, key: &str, intent: Option<&str>) -> Entry {
        let mut e = Entry::new(act, "kari");
        e.rule = Some("sick-pay-not-submitted".into());
        e.message_id = Some(key.into());
        e.intent = intent.map(str::to_string);
        e
    }

    #[test]
    fn the_journal_knows_whether_a_forward_went_out() {
        let rule = "sick-pay-not-submitted";
        assert_eq!(forward_record(&[], "m1", rule), ForwardRecord::NeverSent);
        // a crash during the send: the intent stands alone
        let sending = forward_step(Act::Sending, "m1", None);
        let all = vec![sending.clone()];
        assert_eq!(
            forward_record(&all, "m1", rule),
            ForwardRecord::Unconfirmed(&all[0])
        );
        assert_eq!(
            forward_record(&all, "m1", "other-rule"),
            ForwardRecord::NeverSent
        );
        // the send failed: concluded, nothing went out
        let mut failed = forward_step(Act::Forward, "m1", Some(&sending.entry));
        failed.fail(Outcome::Error, Failure::Detail("exit 75".into()));
        let all = vec![sending.clone(), failed];
        assert_eq!(forward_record(&all, "m1", rule), ForwardRecord::NeverSent);
        // the transport's deadline passed while it had the message: unconfirmed
        let mut timed_out = forward_step(Act::Forward, "m1", Some(&sending.entry));
        timed_out.fail(
            Outcome::Error,
            Failure::MaybeSent {
                detail: "sendmail did not finish within 60 s".into(),
            },
        );
        let all = vec![sending.clone(), timed_out];
        assert_eq!(
            forward_record(&all, "m1", rule),
            ForwardRecord::Unconfirmed(&all[0])
        );
        // sent, then the move failed: it went out
        let mut sent = forward_step(Act::Sent, "m1", Some(&sending.entry));
        sent.transport = Some(Transport::Smtp);
        let all = vec![sending.clone(), sent];
        assert_eq!(
            forward_record(&all, "m1", rule),
            ForwardRecord::Sent(&all[1])
        );
        assert!(!is_concluded_step(&all[0], &all), "no final entry yet");
        // an older journal: only the final forward entry with its transport
        let mut old = forward_step(Act::Forward, "m2", None);
        old.transport = Some(Transport::Sendmail);
        let all = vec![old];
        assert_eq!(
            forward_record(&all, "m2", rule),
            ForwardRecord::Sent(&all[0])
        );
    }
}
