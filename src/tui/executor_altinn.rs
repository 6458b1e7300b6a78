//! Routine point 3 through Altinn for [`ActorExecutor`]: the follow-up screen's `h`
//! (after the clerk's yes), `a` and `x` on an item whose dialog is found are done with
//! [`Routine`] over Dialogporten or, in the demo, the seeded dialogs; otherwise the step
//! is recorded by hand and the status line says why.

use super::{ActorExecutor, LOCK_PATIENCE};
use crate::altinn::api::{Client, Inbox};
use crate::altinn::demo::Demo;
use crate::altinn::http::Http;
use crate::altinn::routine::{self, CheckOff, DialogRef, Routine, RoutineError};
use crate::altinn::token::{Key, Tokens};
use crate::followup::{self, Step};
use crate::i18n::tui::followup::WithoutAltinn;
use crate::journal;
use crate::tui::worker::{AltinnDone, DialogLookup, JobError};
use std::path::PathBuf;

/// What the executor keeps of Altinn between key presses.
#[derive(Default)]
pub(super) struct AltinnState {
    /// Dialogporten (a client that keeps its token), or the demo's seeded dialogs (which
    /// remember what was fetched and archived).
    inbox: Option<Box<dyn Inbox + Send>>,
    /// (item, dialog) as last matched, so that a key press does not list every dialog
    /// again; `None` until needed, and after an archive (the listing changed).
    links: Option<Vec<(String, DialogRef)>>,
}

/// How a follow-up step went.
pub(super) enum Through {
    /// Done in Altinn (or on the saved files) and checked off: what was done.
    Altinn(AltinnDone),
    /// To be recorded by hand, for this reason.
    ByHand(WithoutAltinn),
    /// A step Altinn has no part in ("distributed").
    NotAltinn,
}

/// The (item, dialog) pairs as listed now, if listed, and the item's dialog if found.
type Found = (Option<DialogRef>, Option<Vec<(String, DialogRef)>>);

impl ActorExecutor {
    /// Where fetched documents go (the demo: beside its mailbox, in its temp folder), or
    /// why Altinn is not used.
    fn downloads(&self) -> Result<PathBuf, WithoutAltinn> {
        if self.demo {
            let base = self.data_dir.parent().unwrap_or(&self.data_dir);
            return Ok(base.join("Altinn-dokumenter"));
        }
        match &self.config.altinn {
            Some(a) => Ok(routine::download_folder(&self.config, a)),
            None => Err(WithoutAltinn::NotConfigured),
        }
    }

    fn inbox(&mut self) -> Result<&(dyn Inbox + Send), JobError> {
        if self.altinn.inbox.is_none() {
            let inbox: Box<dyn Inbox + Send> = match &self.config.altinn {
                _ if self.demo => {
                    let (notices, _) =
                        super::super::executor_screens::mailbox_notices(&self.config);
                    Box::new(Demo::seeded(&self.config, &notices))
                }
                Some(a) => {
                    let key = Key::load(&self.config, a)?;
                    Box::new(Client::new(
                        Http::new(a.timeout()),
                        a.base_url(),
                        Tokens::new(key, a.clone()),
                    ))
                }
                None => return Err(JobError::WithoutAltinn(WithoutAltinn::NotConfigured)),
            };
            self.altinn.inbox = Some(inbox);
        }
        Ok(self.altinn.inbox.as_deref().expect("set above"))
    }

    /// Runs `act` with a [`Routine`] over this executor's journal and download folder,
    /// and the inbox when `with_inbox` (made on first use). Which error wins: no Altinn
    /// (no download folder) first, then the inbox (the key), then the act's own.
    fn with_routine<T>(
        &mut self,
        with_inbox: bool,
        act: impl FnOnce(&Routine<'_>, Option<&(dyn Inbox + Send)>) -> Result<T, RoutineError>,
    ) -> Result<T, JobError> {
        let downloads = self.downloads().map_err(JobError::WithoutAltinn)?;
        if with_inbox {
            self.inbox()?;
        }
        let actor = self.actor();
        let r = Routine::new(&actor, downloads, LOCK_PATIENCE, journal::now());
        Ok(act(&r, self.altinn.inbox.as_deref())?)
    }

    /// The item's dialog: as last matched, else matched now (the journal's earlier Altinn
    /// acts on the item count too), else why the step goes without Altinn.
    pub(super) fn lookup(&mut self, item: &followup::Item) -> Result<DialogLookup, JobError> {
        let found = self.lookup_once(item)?;
        if self.demo && matches!(found, DialogLookup::Without(WithoutAltinn::NoDialog)) {
            // The demo's dialogs are seeded from the notices where they were: one archived
            // in the queue since has a new path, and a dialog only in a new seeding.
            self.altinn.inbox = None;
            self.altinn.links = None;
            return self.lookup_once(item);
        }
        Ok(found)
    }

    fn lookup_once(&mut self, item: &followup::Item) -> Result<DialogLookup, JobError> {
        let downloads = match self.downloads() {
            Ok(d) => d,
            Err(why) => return Ok(DialogLookup::Without(why)),
        };
        let cached = self.altinn.links.as_ref().map(|links| {
            links
                .iter()
                .find(|(i, _)| *i == item.id)
                .map(|(_, d)| d.clone())
        });
        let (found, links): Found = match cached {
            Some(Some(d)) => (Some(d), None),
            cached => self.with_routine(true, |r, inbox| {
                let inbox = inbox.expect("asked for");
                let mut links = None;
                let mut found = None;
                if cached.is_none() {
                    let listed: Vec<(String, DialogRef)> = r
                        .links(inbox)?
                        .iter()
                        .map(|l| (l.item.clone(), DialogRef::from(&l.dialog)))
                        .collect();
                    found = listed
                        .iter()
                        .find(|(i, _)| *i == item.id)
                        .map(|(_, d)| d.clone());
                    links = Some(listed);
                }
                if found.is_none() {
                    // archived in Altinn since (named in this PC's journal), or arrived
                    // since the last listing
                    found = r.dialog_for_item(inbox, &item.id)?;
                }
                Ok((found, links))
            })?,
        };
        if links.is_some() {
            self.altinn.links = links;
        }
        Ok(match found {
            Some(dialog) => DialogLookup::Found {
                folder: downloads.join(&dialog.id).display().to_string(),
                dialog,
            },
            None => DialogLookup::Without(WithoutAltinn::NoDialog),
        })
    }

    /// `y` on the question: fetch the documents, check off "fetched".
    pub(super) fn fetch(
        &mut self,
        item: &followup::Item,
        dialog: &DialogRef,
    ) -> Result<AltinnDone, JobError> {
        let done = self.with_routine(true, |r, inbox| {
            r.fetch(inbox.expect("asked for"), &dialog.id, Some(&item.id))
        })?;
        let what = AltinnDone::Fetched {
            saved: done.saved.len(),
            folder: done.folder,
            without_api: done.without_api,
        };
        self.checked_off(done.check_off, what)
    }

    /// `a`, `x` and (after "no dialog") `h`: through Altinn when the dialog is found,
    /// else by hand with the reason.
    pub(super) fn altinn_step(
        &mut self,
        item: &followup::Item,
        step: Step,
    ) -> Result<Through, JobError> {
        match step {
            Step::Fetched => Ok(Through::ByHand(match self.downloads() {
                Err(why) => why,
                // the screen asked and the clerk said yes only when the dialog was found
                Ok(_) => WithoutAltinn::NoDialog,
            })),
            Step::Archived | Step::Done => match self.lookup(item)? {
                DialogLookup::Without(why) => Ok(Through::ByHand(why)),
                DialogLookup::Found { dialog, .. } if step == Step::Archived => {
                    self.archive(item, &dialog)
                }
                DialogLookup::Found { dialog, .. } => self.clean(item, &dialog),
            },
            _ => Ok(Through::NotAltinn),
        }
    }

    fn archive(&mut self, item: &followup::Item, dialog: &DialogRef) -> Result<Through, JobError> {
        // never archive a dialog the clerk has not seen as it is now
        if dialog.revision.is_none() {
            return Err(JobError::NoRevision);
        }
        let result = self.with_routine(true, |r, inbox| {
            r.archive(inbox.expect("asked for"), dialog, Some(&item.id))
        });
        // archived, or changed by someone: list again next time
        self.altinn.links = None;
        let done = result?;
        self.checked_off(done.check_off, AltinnDone::Archived)
            .map(Through::Altinn)
    }

    /// `x`: deletes the local copies; recorded by hand (`NoLocalCopies`) when there were
    /// none.
    fn clean(&mut self, item: &followup::Item, dialog: &DialogRef) -> Result<Through, JobError> {
        let done = match self.with_routine(false, |r, _| r.clean(&dialog.id, Some(&item.id))) {
            Err(JobError::Routine(RoutineError::NoLocalCopies { .. })) => {
                return Ok(Through::ByHand(WithoutAltinn::NoLocalCopies));
            }
            r => r?,
        };
        let what = AltinnDone::Cleaned {
            deleted: done.deleted,
            folder: done.folder,
        };
        self.checked_off(done.check_off, what).map(Through::Altinn)
    }

    /// Whether the act's step was checked off: `Ok(done)` when it was (the entry joins
    /// this session's undoable steps), else what was done and why the step was not.
    fn checked_off(&mut self, c: CheckOff, done: AltinnDone) -> Result<AltinnDone, JobError> {
        match c {
            CheckOff::NoItem => Ok(done),
            CheckOff::Advanced(entry) if entry.ok() => {
                self.followup_session.push(*entry);
                Ok(done)
            }
            CheckOff::Advanced(entry) => Err(JobError::NotCheckedOff {
                done,
                why: Box::new(super::failed(entry.error)),
            }),
            CheckOff::Stays { step, .. } => Err(JobError::Stays { done, step }),
            CheckOff::Failed { error, .. } => Err(JobError::NotCheckedOff {
                done,
                why: Box::new(JobError::Followup(error)),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BUILT_IN, DEFAULT_CONFIG, Layout, TransportKind};
    use crate::i18n::Lang;
    use crate::i18n::tui::job_error;
    use crate::journal::{Act, Journal, Outcome};
    use crate::tui::executor::tests::copy_tree;
    use crate::tui::worker::Executor;
    use crate::tui::worker::StepDone;
    use std::path::Path;

    /// The demo's mailbox and follow-up in `dir`, an executor on it, and an open item
    /// whose seeded dialog is found (its links now cached).
    fn demo(dir: &Path) -> (ActorExecutor, followup::Item, DialogRef) {
        let root = dir.join("Mail");
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/Mail"),
            &root,
        );
        let mut config = crate::config::Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap();
        config.mail.root = root.to_string_lossy().into_owned();
        config.mail.layout = Layout::Verbatim;
        config.forward.transport = TransportKind::Maildir;
        followup::demo::seed(&config, journal::now()).unwrap();
        let mut exec = ActorExecutor::new(config.clone(), &dir.join("data")).for_demo();
        let listing = followup::list(&config, journal::now()).unwrap();
        for item in listing.open() {
            if item.step == Step::Open
                && let Ok(DialogLookup::Found { dialog, .. }) = exec.lookup(item)
            {
                return (exec, item.clone(), dialog);
            }
        }
        panic!("no open demo item with a dialog");
    }

    fn archives(exec: &ActorExecutor) -> Vec<Outcome> {
        let (all, _) = Journal::in_dir(&exec.data_dir).read().unwrap_or_default();
        all.iter()
            .filter(|e| e.action == Act::AltinnArchive)
            .map(|e| e.result)
            .collect()
    }

    fn cache(exec: &mut ActorExecutor, item: &str, revision: Option<&str>) {
        for (i, d) in exec.altinn.links.as_mut().expect("cached").iter_mut() {
            if i == item {
                d.revision = revision.map(str::to_string);
            }
        }
    }

    #[test]
    fn archive_refuses_an_unknown_revision_and_a_conflict_says_check_again() {
        let dir = tempfile::tempdir().unwrap();
        let (mut exec, item, dialog) = demo(dir.path());
        assert!(dialog.revision.is_some(), "listed with its revision");

        // a revision nobody knows: refused, nothing sent, nothing journaled
        cache(&mut exec, &item.id, None);
        let err = exec.followup_step(&item, Step::Archived, None).unwrap_err();
        assert!(matches!(err, JobError::NoRevision), "{err:?}");
        let err = job_error(Lang::En, &err);
        assert!(
            err.starts_with("the dialog's revision in Altinn is unknown"),
            "{err}"
        );
        assert!(archives(&exec).is_empty());

        // changed in Altinn since it was listed: 412, journaled as failed, step not taken
        cache(
            &mut exec,
            &item.id,
            Some("0194a3c2-7f00-7000-8000-00000000dead"),
        );
        let err = job_error(
            Lang::En,
            &exec.followup_step(&item, Step::Archived, None).unwrap_err(),
        );
        assert!(
            err.starts_with("the dialog changed in Altinn since it was listed"),
            "{err}"
        );
        assert_eq!(archives(&exec), [Outcome::Error]);
        assert!(exec.altinn.links.is_none(), "listed again on the next key");
        assert!(exec.followup_session.is_empty());

        // the next `a` lists again, with the revision as it is now
        let done = exec.followup_step(&item, Step::Archived, None).unwrap();
        assert_eq!(done, StepDone::Altinn(AltinnDone::Archived));
        assert_eq!(archives(&exec), [Outcome::Error, Outcome::Ok]);
        assert_eq!(exec.followup_session.len(), 1);
        assert_eq!(exec.followup_session[0].step, Some(Step::Archived));
    }

    #[test]
    fn x_without_local_copies_is_recorded_by_hand_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let (mut exec, item, _) = demo(dir.path());
        let done = exec.followup_step(&item, Step::Done, None).unwrap();
        assert_eq!(done, StepDone::ByHand(WithoutAltinn::NoLocalCopies));
        assert_eq!(
            crate::i18n::tui::followup::without_altinn(Lang::En, WithoutAltinn::NoLocalCopies),
            "recorded without Altinn: no local copies to delete"
        );
        let (all, _) = Journal::in_dir(&exec.data_dir).read().unwrap();
        assert!(!all.iter().any(|e| e.action == Act::AltinnClean));
    }
}
