//! Routine point 3 through Dialogporten, as the clerk does it: fetch a dialog's documents
//! (the attachments meant for systems, `consumerType` Api, saved as private files in the
//! download folder, never over an existing file), archive the dialog in Altinn (the
//! `Archive` system label, with the revision as `If-Match`), and delete the local copies.
//! The CLI (`altinn fetch | archive | clean`) and the TUI call these same functions, over
//! Dialogporten or the demo's seeded dialogs ([`Inbox`]).
//!
//! Every act is journaled (a failed one too). When the dialog belongs to an open
//! follow-up item (its notice was matched to the dialog by [`check`]'s matching), the act
//! also checks off that item's step through [`followup::advance`]: fetch → `fetched`,
//! archive → `archived`, clean → `done` only once the item is `distributed`.

use super::api::{Dialogs, Inbox};
use super::check::{self, Notice, Row};
use super::{AltinnError, party_org, valid_dialog_id};
use crate::actions::{ActError, Actor};
use crate::followup::{self, FollowupError, Item, Step};
use crate::journal::{Act, Entry, Failure, Note, Outcome, Timestamp};
use crate::maildir::write_new;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Fetching the documents reads the dialog's details, and Dialogporten marks a dialog
/// whose details are read as SEEN in Altinn, for everyone (the sender sees it too). A
/// screen says so before the clerk fetches.
pub const FETCH_MARKS_SEEN: bool = true;

/// See [`FETCH_MARKS_SEEN`].
pub fn fetch_marks_seen() -> bool {
    FETCH_MARKS_SEEN
}

/// Why an act of point 3 was not done. Acts that reached Dialogporten or the disk are
/// journaled before the error is returned.
#[derive(Debug, thiserror::Error)]
pub enum RoutineError {
    #[error("{0:?} is not a dialog id (a UUID such as 0194a3c2-7f00-7000-8000-000000000001)")]
    NotADialogId(String),
    /// Dialogporten refused, failed or could not be reached; a 412 on archive is
    /// [`AltinnError::Conflict`], which names the dialog.
    #[error(transparent)]
    Altinn(#[from] AltinnError),
    /// A local copy could not be saved or deleted.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `clean` found no folder of saved documents for the dialog.
    #[error("{}: no local copies of dialog {dialog}", folder.display())]
    NoLocalCopies { dialog: String, folder: PathBuf },
    /// `clean` deleted what it could; these are not plain files and were left.
    #[error("{}: {} item(s) could not be deleted and were kept", folder.display(), kept.len())]
    Kept { folder: PathBuf, kept: Vec<PathBuf> },
    /// The journal cannot take entries (found before acting) or could not take this one.
    #[error(transparent)]
    Journal(#[from] ActError),
    /// The follow-up list could not be read.
    #[error(transparent)]
    Followup(#[from] FollowupError),
}

/// How the journal records an act of point 3 that was not done: Dialogporten's errors as
/// [`AltinnError`]'s conversion has them, the local copies' problems as typed failures
/// (worded in the reader's language where the journal is shown).
impl From<&RoutineError> for Failure {
    fn from(e: &RoutineError) -> Failure {
        match e {
            RoutineError::Altinn(a) => Failure::from(a),
            RoutineError::Io { path, source } => Failure::LocalCopy {
                path: path.clone(),
                detail: source.to_string(),
            },
            RoutineError::Kept { folder, kept } => Failure::Kept {
                folder: folder.clone(),
                kept: kept.len(),
            },
            other => Failure::Detail(other.to_string()),
        }
    }
}

/// What became of the follow-up item an act belongs to.
#[derive(Debug)]
pub enum CheckOff {
    /// No follow-up item was given for the dialog.
    NoItem,
    /// The item moved on: its `followup` journal entry. A move that failed is journaled
    /// too: check `entry.ok()`.
    Advanced(Box<Entry>),
    /// The item stays at `step`: it is there or further already, or (for `clean`) it is
    /// not distributed yet.
    Stays { item: String, step: Step },
    /// The act is done, but the step could not be checked off (the item is gone, the
    /// mailbox lock is busy, …): nothing moved.
    Failed { item: String, error: FollowupError },
}

/// The result of [`Routine::fetch`].
#[derive(Debug)]
pub struct Fetched {
    pub dialog: String,
    /// `<downloads>/<dialog id>`.
    pub folder: PathBuf,
    /// The files saved, in the order of the dialog's attachments.
    pub saved: Vec<PathBuf>,
    /// Attachments without a URL for systems (open the dialog in Arbeidsflate for them).
    pub without_api: usize,
    /// The `altinn-fetch` journal entry.
    pub entry: Entry,
    pub check_off: CheckOff,
}

/// The result of [`Routine::archive`].
#[derive(Debug)]
pub struct Archived {
    pub dialog: String,
    /// The dialog's revision after archiving, when the server tells it.
    pub revision: Option<String>,
    /// The `altinn-archive` journal entry.
    pub entry: Entry,
    pub check_off: CheckOff,
}

/// The result of [`Routine::clean`].
#[derive(Debug)]
pub struct Cleaned {
    pub dialog: String,
    pub folder: PathBuf,
    pub deleted: usize,
    /// The `altinn-clean` journal entry.
    pub entry: Entry,
    pub check_off: CheckOff,
}

/// A dialog as the clerk last saw it listed: what archiving needs (the revision for
/// `If-Match`) and what the journal names (title, party).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DialogRef {
    pub id: String,
    /// The end-user context's revision when listed; `None` archives without `If-Match`.
    pub revision: Option<String>,
    pub title: Option<String>,
    /// The party's org number (digits), or its URN.
    pub party: Option<String>,
}

impl From<&Row> for DialogRef {
    fn from(r: &Row) -> DialogRef {
        DialogRef {
            id: r.id.clone(),
            revision: r.revision.clone(),
            title: Some(r.title.clone()),
            party: Some(r.party.clone()),
        }
    }
}

/// An open follow-up item and the dialog its notice was matched to.
#[derive(Debug, Clone)]
pub struct Link {
    pub item: String,
    pub dialog: Row,
}

/// Where documents are saved by default: `altinn.download_folder` (`~` is the home
/// folder, a relative path is relative to the configuration file's folder).
pub fn download_folder(config: &crate::config::Config, a: &crate::config::AltinnConfig) -> PathBuf {
    config.resolve_path(&a.download_folder)
}

/// A dialog id as typed or pasted: trimmed, lower case, and a UUID (it goes into a path
/// and a URL).
pub fn dialog_id(raw: &str) -> Result<String, RoutineError> {
    let id = raw.trim().to_ascii_lowercase();
    if valid_dialog_id(&id) {
        Ok(id)
    } else {
        Err(RoutineError::NotADialogId(crate::text::inert(&id, true)))
    }
}

/// Point 3 on one mailbox: who acts (the actor, its journal and lock), where documents go,
/// and when.
pub struct Routine<'a> {
    pub actor: &'a Actor<'a>,
    /// A dialog's documents are saved in `<downloads>/<dialog id>/`.
    pub downloads: PathBuf,
    /// How long checking off a step waits for the mailbox lock. The lock is taken only
    /// around the step, never during a request to Altinn; the caller must not hold it.
    pub patience: Duration,
    /// The time of the acts and steps (an injectable clock).
    pub now: Timestamp,
}

impl<'a> Routine<'a> {
    pub fn new(
        actor: &'a Actor<'a>,
        downloads: PathBuf,
        patience: Duration,
        now: Timestamp,
    ) -> Routine<'a> {
        Routine {
            actor,
            downloads,
            patience,
            now,
        }
    }

    /// Saves the dialog's documents (attachments with a URL for systems) in
    /// `<downloads>/<id>/` (0700; files 0600, a name taken gets ` (2)`, nothing is
    /// overwritten). READING THE DETAILS MARKS THE DIALOG SEEN ([`FETCH_MARKS_SEEN`]).
    /// Journaled as `altinn-fetch`; with `item`, that item moves on to `fetched`.
    pub fn fetch(
        &self,
        inbox: &dyn Inbox,
        dialog: &str,
        item: Option<&str>,
    ) -> Result<Fetched, RoutineError> {
        let id = dialog_id(dialog)?;
        self.actor.preflight()?;
        let folder = self.downloads.join(&id);
        let mut entry = self.entry(Act::AltinnFetch, &id, item);
        entry.to_path = Some(folder.to_string_lossy().into_owned());
        let details = match inbox.dialog(&id) {
            Ok(d) => d,
            Err(e) => return Err(self.failed(entry, e.into())),
        };
        entry.recipient_org = party_org(&details.party).map(|o| o.digits());
        entry.subject = details
            .content
            .as_ref()
            .and_then(|c| c.title.as_ref())
            .and_then(|t| t.text())
            .map(str::to_string);
        if let Err(source) = private_folder(&folder) {
            let e = RoutineError::Io {
                path: folder.clone(),
                source,
            };
            return Err(self.failed(entry, e));
        }
        let mut saved = Vec::new();
        let mut without_api = 0;
        for att in details.attachments.as_deref().unwrap_or_default() {
            let Some(url) = att.api_url() else {
                without_api += 1;
                continue;
            };
            let name = unique_name(&folder, &att.file_name());
            let path = folder.join(&name);
            let written = inbox
                .download(&url.url, &format!("attachment {name}"))
                .map_err(RoutineError::from)
                .and_then(|bytes| {
                    write_new(&path, &bytes, PRIVATE_MODE).map_err(|source| RoutineError::Io {
                        path: path.clone(),
                        source,
                    })
                });
            if let Err(e) = written {
                entry.note.push(saved_note(saved.len(), false));
                return Err(self.failed(entry, e));
            }
            saved.push(path);
        }
        entry.note.push(saved_note(saved.len(), true));
        self.append(&entry)?;
        let check_off = self.check_off(item, Step::Fetched, None);
        Ok(Fetched {
            dialog: id,
            folder,
            saved,
            without_api,
            entry,
            check_off,
        })
    }

    /// Archives the dialog in Altinn: the `Archive` system label, with the revision the
    /// clerk saw as `If-Match`, so that a dialog someone changed since is not archived
    /// unseen ([`AltinnError::Conflict`], journaled, nothing checked off). Journaled as
    /// `altinn-archive`; with `item`, that item moves on to `archived`.
    pub fn archive(
        &self,
        inbox: &dyn Inbox,
        dialog: &DialogRef,
        item: Option<&str>,
    ) -> Result<Archived, RoutineError> {
        let id = dialog_id(&dialog.id)?;
        self.actor.preflight()?;
        let mut entry = self.entry(Act::AltinnArchive, &id, item);
        entry.subject = dialog.title.clone().filter(|t| !t.is_empty());
        entry.recipient_org = dialog.party.clone().filter(|p| !p.is_empty());
        let revision = match inbox.archive(&id, dialog.revision.as_deref()) {
            Ok(r) => r,
            Err(e) => return Err(self.failed(entry, e.into())),
        };
        self.append(&entry)?;
        let check_off = self.check_off(item, Step::Archived, None);
        Ok(Archived {
            dialog: id,
            revision,
            entry,
            check_off,
        })
    }

    /// Deletes the local copies of the dialog's documents: the regular files and links
    /// (as links) directly in `<downloads>/<id>/`, then the folder; anything else is left
    /// and named ([`RoutineError::Kept`]). Journaled as `altinn-clean`; with `item`, that
    /// item is `done` if it was `distributed`, else it stays where it is.
    pub fn clean(&self, dialog: &str, item: Option<&str>) -> Result<Cleaned, RoutineError> {
        let id = dialog_id(dialog)?;
        let folder = self.downloads.join(&id);
        let listing = match std::fs::read_dir(&folder) {
            Ok(l) => l,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(RoutineError::NoLocalCopies { dialog: id, folder });
            }
            Err(source) => {
                self.actor.preflight()?;
                let entry = self.clean_entry(&id, &folder, item);
                return Err(self.failed(
                    entry,
                    RoutineError::Io {
                        path: folder,
                        source,
                    },
                ));
            }
        };
        self.actor.preflight()?;
        let mut entry = self.clean_entry(&id, &folder, item);
        let mut deleted = 0;
        let mut kept = Vec::new();
        for found in listing.flatten() {
            let path = found.path();
            let removable = std::fs::symlink_metadata(&path)
                .is_ok_and(|m| m.file_type().is_file() || m.file_type().is_symlink());
            if removable && std::fs::remove_file(&path).is_ok() {
                deleted += 1;
            } else {
                kept.push(path);
            }
        }
        if kept.is_empty() {
            let _ = std::fs::remove_dir(&folder);
        }
        entry.note.push(Note::LocalCopiesDeleted { files: deleted });
        if !kept.is_empty() {
            return Err(self.failed(entry, RoutineError::Kept { folder, kept }));
        }
        self.append(&entry)?;
        let check_off = self.check_off(item, Step::Done, Some(Step::Distributed));
        Ok(Cleaned {
            dialog: id,
            folder,
            deleted,
            entry,
            check_off,
        })
    }

    /// The open follow-up item a dialog belongs to: the one an earlier Altinn act of this
    /// PC's journal named with the dialog, else (with `inbox`) the item whose notice
    /// [`Routine::links`] matches to the dialog. `None` when neither finds one.
    pub fn item_for_dialog(
        &self,
        inbox: Option<&dyn Dialogs>,
        dialog: &str,
    ) -> Result<Option<Item>, RoutineError> {
        let id = dialog_id(dialog)?;
        let listing = followup::list(self.actor.config, self.now)?;
        let open = |item: &str| {
            listing
                .items
                .iter()
                .find(|i| i.id == item && i.step != Step::Done)
                .cloned()
        };
        if let Some(item) = self
            .journaled_links()?
            .into_iter()
            .find(|(_, d)| *d == id)
            .and_then(|(i, _)| open(&i))
        {
            return Ok(Some(item));
        }
        let Some(inbox) = inbox else {
            return Ok(None);
        };
        Ok(self
            .links_in(inbox, &listing)?
            .into_iter()
            .find(|l| l.dialog.id == id)
            .and_then(|l| open(&l.item)))
    }

    /// The open follow-up item whose notice is the file `notice` (as the daily check
    /// matched it to a dialog: `check::Row::notice`), found again by its unique name if a
    /// sync renamed it or a step moved it since. `None` when no open item is that notice.
    pub fn item_for_notice(&self, notice: &Path) -> Result<Option<Item>, RoutineError> {
        let unique = |p: &Path| {
            let name = crate::maildir::parse_name(&crate::maildir::file_name_text(p));
            crate::maildir::strip_sync_tags(&name.unique)
        };
        let wanted = unique(notice);
        let listing = followup::list(self.actor.config, self.now)?;
        Ok(listing
            .items
            .into_iter()
            .filter(|i| i.step != Step::Done)
            .find(|i| i.path == notice || unique(&i.path) == wanted))
    }

    /// The dialog of a follow-up item, for "fetch" or "archive in Altinn" on the item:
    /// the dialog its notice is matched to among those not yet archived in Altinn (with
    /// the revision listed now), else the dialog an earlier Altinn act of this PC's
    /// journal named with the item (no revision: look at it again before archiving).
    /// `None` when neither finds one.
    pub fn dialog_for_item(
        &self,
        inbox: &dyn Dialogs,
        item: &str,
    ) -> Result<Option<DialogRef>, RoutineError> {
        let listing = followup::list(self.actor.config, self.now)?;
        if let Some(l) = self
            .links_in(inbox, &listing)?
            .into_iter()
            .find(|l| l.item == item)
        {
            return Ok(Some(DialogRef::from(&l.dialog)));
        }
        Ok(self
            .journaled_links()?
            .into_iter()
            .find(|(i, _)| i == item)
            .map(|(_, d)| DialogRef {
                id: d,
                ..DialogRef::default()
            }))
    }

    /// Every open follow-up item whose notice the check's matching pairs with a dialog not
    /// yet archived in Altinn. The notices of the inbox take part too (so that a dialog
    /// goes to the notice that fits it best, as in the daily check); only the items'
    /// pairs are returned. Reads no dialog's details (marks nothing seen).
    pub fn links(&self, inbox: &dyn Dialogs) -> Result<Vec<Link>, RoutineError> {
        let listing = followup::list(self.actor.config, self.now)?;
        self.links_in(inbox, &listing)
    }

    fn links_in(
        &self,
        inbox: &dyn Dialogs,
        listing: &followup::Listing,
    ) -> Result<Vec<Link>, RoutineError> {
        let config = self.actor.config;
        let items: Vec<(&Item, Notice)> = listing
            .items
            .iter()
            .filter(|i| i.step != Step::Done)
            .filter_map(|i| Some((i, item_notice(i, config)?)))
            .collect();
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let mut notices: Vec<Notice> = items.iter().map(|(_, n)| n.clone()).collect();
        let inbox_folder = crate::maildir::Folders::new(&config.mail_root(), &config.mail).inbox;
        if inbox_folder.exists()
            && let Ok(report) = crate::scan::scan(&inbox_folder, config, &|_, _| {})
        {
            notices.extend(
                report
                    .items
                    .iter()
                    .filter_map(|i| Notice::from_item(i, config)),
            );
        }
        let outcome = check::run(inbox, config, notices)?;
        Ok(outcome
            .rows
            .into_iter()
            .filter_map(|row| {
                let (item, _) = items
                    .iter()
                    .find(|(_, n)| row.notice.as_ref() == Some(&n.path))?;
                Some(Link {
                    item: item.id.clone(),
                    dialog: row,
                })
            })
            .collect())
    }

    /// (item, dialog) pairs of this PC's successful Altinn acts, newest first.
    fn journaled_links(&self) -> Result<Vec<(String, String)>, RoutineError> {
        let (all, _) = self.actor.read_journal()?;
        Ok(all
            .iter()
            .rev()
            .filter(|e| {
                e.ok()
                    && matches!(
                        e.action,
                        Act::AltinnFetch | Act::AltinnArchive | Act::AltinnClean
                    )
            })
            .filter_map(|e| Some((e.item.clone()?, e.dialog.clone()?)))
            .collect())
    }

    fn entry(&self, act: Act, dialog: &str, item: Option<&str>) -> Entry {
        let mut entry = Entry::new(act, &self.actor.user);
        entry.ts = self.now;
        entry.dialog = Some(dialog.to_string());
        entry.item = item.map(str::to_string);
        entry
    }

    fn clean_entry(&self, dialog: &str, folder: &Path, item: Option<&str>) -> Entry {
        let mut entry = self.entry(Act::AltinnClean, dialog, item);
        entry.from_path = Some(folder.to_string_lossy().into_owned());
        entry
    }

    fn append(&self, entry: &Entry) -> Result<(), ActError> {
        self.actor
            .journal
            .append(entry)
            .map_err(|source| ActError::Journal {
                entry: Box::new(entry.clone()),
                path: self.actor.journal.path.clone(),
                source,
            })
    }

    /// Journals the failed act, then gives its error (or the journal's, if that failed).
    fn failed(&self, mut entry: Entry, e: RoutineError) -> RoutineError {
        entry.fail(Outcome::Error, Failure::from(&e));
        match self.append(&entry) {
            Ok(()) => e,
            Err(j) => j.into(),
        }
    }

    /// Moves `item` on to `step` after an act; with `only_from`, only from that step.
    fn check_off(&self, item: Option<&str>, step: Step, only_from: Option<Step>) -> CheckOff {
        let Some(item) = item else {
            return CheckOff::NoItem;
        };
        let failed = |error: FollowupError| CheckOff::Failed {
            item: item.to_string(),
            error,
        };
        let _lock = match self.actor.lock_within(self.patience, &mut |_| {}) {
            Ok(l) => l,
            Err(e) => return failed(FollowupError::Act(ActError::Lock(e))),
        };
        let listing = match followup::list(self.actor.config, self.now) {
            Ok(l) => l,
            Err(e) => return failed(e),
        };
        let Some(current) = listing
            .items
            .iter()
            .find(|i| i.id == item && i.step != Step::Done)
            .map(|i| i.step)
        else {
            return failed(FollowupError::UnknownItem(item.to_string()));
        };
        if current >= step || only_from.is_some_and(|from| current != from) {
            return CheckOff::Stays {
                item: item.to_string(),
                step: current,
            };
        }
        match followup::advance(self.actor, item, step, None, self.now) {
            Ok(entry) => CheckOff::Advanced(Box::new(entry)),
            Err(e) => failed(e),
        }
    }
}

/// The notice of a follow-up item, read again from its file (`None` if it cannot be
/// read or is no longer a genuine notice).
fn item_notice(item: &Item, config: &crate::config::Config) -> Option<Notice> {
    let raw = crate::maildir::read_message(&item.path, false).ok()?;
    match crate::scan::classify_bytes(raw, config) {
        crate::scan::Outcome::Notification(a) => Notice::from_analysis(&item.path, &a, config),
        _ => None,
    }
}

fn saved_note(n: usize, all: bool) -> Note {
    Note::Saved {
        files: n,
        complete: all,
    }
}

/// Creates `folder` (and its parents) and makes it private (0700).
fn private_folder(folder: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(folder)?;
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))
}

/// `name`, or `name (2)`, `name (3)`… when a file of that name exists.
fn unique_name(folder: &Path, name: &str) -> String {
    if std::fs::symlink_metadata(folder.join(name)).is_err() {
        return name.to_string();
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (name.to_string(), String::new()),
    };
    (2..)
        .map(|i| format!("{stem} ({i}){ext}"))
        .find(|n| std::fs::symlink_metadata(folder.join(n)).is_err())
        .unwrap_or_else(|| name.to_string())
}

/// What the routine saves (documents, the last check's dialogs) is the municipality's
/// mail: only its owner may read it.
pub const PRIVATE_MODE: u32 = 0o600;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialog_ids_are_uuids_and_names_are_never_reused() {
        assert_eq!(
            dialog_id(" 0194A3C2-7F00-7000-8000-000000000001\n").unwrap(),
            "0194a3c2-7f00-7000-8000-000000000001"
        );
        assert!(matches!(
            dialog_id("../../etc"),
            Err(RoutineError::NotADialogId(_))
        ));
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(unique_name(dir.path(), "a.pdf"), "a.pdf");
        write_new(&dir.path().join("a.pdf"), b"1", PRIVATE_MODE).unwrap();
        assert_eq!(unique_name(dir.path(), "a.pdf"), "a (2).pdf");
        assert!(write_new(&dir.path().join("a.pdf"), b"2", PRIVATE_MODE).is_err());
        assert_eq!(std::fs::read(dir.path().join("a.pdf")).unwrap(), b"1");
        std::os::unix::fs::symlink("/nonexistent", dir.path().join("b")).unwrap();
        assert_eq!(unique_name(dir.path(), "b"), "b (2)");
        assert!(fetch_marks_seen());
    }
}
