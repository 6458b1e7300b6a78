//! Words for journal entries and for what the actions layer reports: the names of what
//! was done, notes, failures, refusals and why something cannot be undone. The library
//! keeps these as types (`journal::{Act, Note, Failure}`, `actions::*Error`); only here do
//! they become bokmål or English.

use super::Lang;
use crate::actions::{ActError, Holder, LockError, NotUndoable, UndoError};
use crate::journal::{Act, Failure, Note, RecordOf};

/// What was done, as the journal views name it (`arkiver`, `videresend`, ...).
pub fn act(lang: Lang, a: Act) -> &'static str {
    match lang {
        Lang::Nb => match a {
            Act::Archive => "arkiver",
            Act::Delete => "slett",
            Act::Forward => "videresend",
            Act::Skip => "hopp over",
            Act::Undo => "angre",
            Act::Check => "daglig sjekk",
            Act::Followup => "oppfølging",
            Act::Sending => "sender",
            Act::Sent => "sendt",
            Act::AltinnFetch => "hent fra Altinn",
            Act::AltinnArchive => "arkiver i Altinn",
            Act::AltinnOpen => "åpne i Altinn",
            Act::AltinnClean => "slett lokale kopier",
        },
        Lang::En => match a {
            Act::Archive => "archive",
            Act::Delete => "delete",
            Act::Forward => "forward",
            Act::Skip => "skip",
            Act::Undo => "undo",
            Act::Check => "daily check",
            Act::Followup => "follow-up",
            Act::Sending => "sending",
            Act::Sent => "sent",
            Act::AltinnFetch => "fetch from Altinn",
            Act::AltinnArchive => "archive in Altinn",
            Act::AltinnOpen => "open in Altinn",
            Act::AltinnClean => "delete local copies",
        },
    }
}

/// What a check through Dialogporten found, in a few words.
pub fn check_counts(lang: Lang, c: &crate::altinn::check::Counts) -> String {
    match lang {
        Lang::Nb => format!(
            "{} dialoger ({} uleste), {} uten varsel, {} varsler uten dialog, {} hos enheter med egen post{}",
            c.dialogs,
            c.unseen,
            c.without_notice,
            c.notices_without_dialog,
            c.own_mail,
            if c.older > 0 {
                format!(", {} eldre (ikke koblet)", c.older)
            } else {
                String::new()
            }
        ),
        Lang::En => format!(
            "{} dialogs ({} unseen), {} without a notice, {} notices without a dialog, {} of units with their own mail{}",
            c.dialogs,
            c.unseen,
            c.without_notice,
            c.notices_without_dialog,
            c.own_mail,
            if c.older > 0 {
                format!(", {} older (not matched)", c.older)
            } else {
                String::new()
            }
        ),
    }
}

/// A follow-up step as the clerk reads it.
pub fn step(lang: Lang, s: crate::followup::Step) -> &'static str {
    use crate::followup::Step;
    match (lang, s) {
        (Lang::Nb, Step::Open) => "åpen",
        (Lang::Nb, Step::Fetched) => "hentet",
        (Lang::Nb, Step::Archived) => "arkivert i Altinn",
        (Lang::Nb, Step::Distributed) => "fordelt",
        (Lang::Nb, Step::Done) => "ferdig",
        (Lang::En, Step::Open) => "open",
        (Lang::En, Step::Fetched) => "fetched",
        (Lang::En, Step::Archived) => "archived in Altinn",
        (Lang::En, Step::Distributed) => "distributed",
        (Lang::En, Step::Done) => "done",
    }
}

/// Why a follow-up step could not be done.
pub fn followup_error(lang: Lang, e: &crate::followup::FollowupError) -> String {
    use crate::followup::FollowupError as E;
    match (lang, e) {
        (Lang::Nb, E::UnknownItem(id)) => format!("ingen åpen oppfølgingssak har id {id}"),
        (Lang::Nb, E::NotForward { id, current }) => format!(
            "sak {id} står allerede på «{}» (angre går tilbake)",
            step(lang, *current)
        ),
        (Lang::Nb, E::NeedsRecipient) => "«fordelt» trenger --to: hvem dokumentene gikk til".into(),
        (Lang::Nb, E::Act(a)) => act_error(lang, a),
        (_, e) => e.to_string(),
    }
}

/// A note in the clerk's language (an Outbox file's path is left to the journal file).
pub fn note(lang: Lang, n: &Note) -> String {
    match lang {
        Lang::Nb => match n {
            Note::WrittenToOutbox(_) => "skrevet til Outbox, ikke sendt".into(),
            Note::CannotRecall => "videresendingen er sendt og kan ikke kalles tilbake".into(),
            Note::OnlyInOutbox => "videresendingen ligger i Outbox, den ble ikke sendt".into(),
            Note::OriginalMovedAway => "videresendt, men et annet program flyttet originalen ut \
                                        av innboksen imens: altinn-sweep flyttet den ikke"
                .into(),
            Note::AlreadySent { entry } => {
                format!("allerede videresendt før (oppføring {entry}): ikke sendt på nytt")
            }
            Note::CompletedAfterInterruption => "journalført av en senere kjøring: kjøringen \
                                                 som sendte og flyttet den, ble avbrutt først"
                .into(),
            Note::Saved {
                files,
                complete: true,
            } => format!("{files} fil(er) lagret; dialogen er nå merket som sett i Altinn"),
            Note::Saved {
                files,
                complete: false,
            } => format!(
                "{files} fil(er) lagret før feilen; dialogen er nå merket som sett i Altinn"
            ),
            Note::LocalCopiesDeleted { files } => format!("{files} lokale fil(er) slettet"),
            Note::Other(t) => t.clone(),
        },
        Lang::En => match n {
            Note::WrittenToOutbox(_) => "written to Outbox, not sent".into(),
            Note::CannotRecall => "the forward was sent and cannot be recalled".into(),
            Note::OnlyInOutbox => "the forward is in Outbox, it was not sent".into(),
            Note::OriginalMovedAway => "forwarded, but meanwhile another program moved the \
                                        original out of the inbox: altinn-sweep did not move it"
                .into(),
            Note::AlreadySent { entry } => {
                format!("already forwarded before (entry {entry}): not sent again")
            }
            Note::CompletedAfterInterruption => "journaled by a later run: the run that sent \
                                                 and moved it was interrupted first"
                .into(),
            n @ (Note::Saved { .. } | Note::LocalCopiesDeleted { .. }) => n.to_string(),
            Note::Other(t) => t.clone(),
        },
    }
}

/// All notes of an entry, joined.
pub fn notes(lang: Lang, ns: &[Note]) -> String {
    ns.iter()
        .map(|n| note(lang, n))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why an action failed or was refused.
pub fn failure(lang: Lang, f: &Failure) -> String {
    match lang {
        Lang::Nb => match f {
            Failure::MovedAfterSend { to, detail } => {
                format!("videresendt til {to}, men originalen kunne ikke flyttes: {detail}")
            }
            Failure::KeptRenaming { attempts, sent } => format!(
                "et annet program endret navnet på meldingen hele tiden ({attempts} forsøk); {}",
                if *sent {
                    "videresendingen er sendt, prøv igjen"
                } else {
                    "ingenting ble sendt"
                }
            ),
            Failure::PlaceholderAddress { address } => {
                format!("{address} er en plassholder: sett riktig adresse i konfigurasjonen")
            }
            Failure::FolderMissing { folder } => format!(
                "mappen {} finnes ikke (opprett den, eller la synkroniseringen gjøre det); ingenting ble gjort",
                folder.display()
            ),
            Failure::Unconfirmed { intent } => format!(
                "en tidligere videresending av denne meldingen kan ha blitt sendt (oppføring {intent} har ikke noe utfall): sjekk med mottakeren, og send på nytt bare med vilje"
            ),
            Failure::MaybeSent { detail } => format!(
                "{detail} (videresendingen kan ha gått ut: den sendes ikke på nytt uten --resend)"
            ),
            Failure::ChangedSinceScan => "meldingsfila er endret siden den ble listet (størrelse, tid eller Message-ID): se på den på nytt; ingenting ble gjort".into(),
            Failure::NotSynced { folder, detail } => format!(
                "flyttet, men mappen {} kunne ikke skrives ferdig til disk: {detail}",
                folder.display()
            ),
            Failure::RecordNotWritten { of, folder, detail } => format!(
                "{}, men registreringen som deler det, kunne ikke skrives til {}: {detail}",
                match of {
                    RecordOf::Step => "steget er gjort",
                    RecordOf::Undo => "varselet er tilbake",
                    RecordOf::Check => "sjekken er registrert her",
                },
                folder.display()
            ),
            Failure::InvalidAddress(e) => super::address(lang, e),
            Failure::NotMoved { folder, detail } => {
                format!("kunne ikke flyttes til {}: {detail}", folder.display())
            }
            Failure::LocalCopy { path, detail } => {
                format!("den lokale kopien {}: {detail}", path.display())
            }
            Failure::Kept { folder, kept } => format!(
                "{}: {kept} ting kunne ikke slettes og ble beholdt",
                folder.display()
            ),
            Failure::Detail(t) => t.clone(),
        },
        Lang::En => f.to_string(),
    }
}

/// Who holds the mailbox lock: `pid 4242, user kari, since 09:14:03`.
pub fn holder(lang: Lang, h: &Holder) -> String {
    match lang {
        Lang::Nb => format!("pid {}, bruker {}, siden {}", h.pid, h.user, h.since),
        Lang::En => h.to_string(),
    }
}

/// Why the lock could not be had.
pub fn lock(lang: Lang, e: &LockError) -> String {
    match (lang, e) {
        (Lang::Nb, LockError::Busy { holder: h, waited }) => format!(
            "en annen altinn-sweep arbeider med denne postkassen ({}); ga opp etter {} s",
            h.as_ref()
                .map_or_else(|| "ukjent hvem".to_string(), |h| holder(lang, h)),
            waited.as_secs()
        ),
        (Lang::Nb, LockError::Io { path, source }) => {
            format!("kan ikke ta låsen {}: {source}", path.display())
        }
        (Lang::En, e) => e.to_string(),
    }
}

/// Why the actions layer could not go on.
pub fn act_error(lang: Lang, e: &ActError) -> String {
    match (lang, e) {
        (Lang::Nb, ActError::Folder { path, source }) => {
            format!("kan ikke lese mappen {}: {source}", path.display())
        }
        (
            Lang::Nb,
            ActError::Journal {
                entry,
                path,
                source,
            },
        ) => format!(
            "{} av {} {}, men journalen {} kunne ikke skrives: {source}",
            act(Lang::Nb, entry.action),
            entry.id.as_deref().unwrap_or("?"),
            match entry.result {
                crate::journal::Outcome::Ok => "ble utført",
                crate::journal::Outcome::Pending => "skulle til å starte (ingenting ble sendt)",
                crate::journal::Outcome::Refused => "ble avvist",
                crate::journal::Outcome::Error => "feilet",
            },
            path.display()
        ),
        (Lang::Nb, ActError::ReadJournal { path, source }) => {
            format!("kan ikke lese journalen {}: {source}", path.display())
        }
        (Lang::Nb, ActError::JournalUnusable { path, source }) => format!(
            "journalen {} kan ikke skrives, så ingenting blir gjort: {source}",
            path.display()
        ),
        (_, ActError::Lock(l)) => lock(lang, l),
        (Lang::En, e) => e.to_string(),
    }
}

/// Why an entry cannot be undone.
pub fn not_undoable(lang: Lang, e: &NotUndoable) -> String {
    match (lang, e) {
        (Lang::Nb, NotUndoable::NotAnAction(id)) => {
            format!("oppføring {id} er ikke en handling som kan angres")
        }
        (Lang::Nb, NotUndoable::AlreadyUndone { target, by }) => format!(
            "oppføring {target} er allerede angret (av {} kl. {})",
            by.user,
            by.ts.format("%H:%M")
        ),
        (Lang::Nb, NotUndoable::NoDestination) => {
            "oppføringen sier ikke hvor meldingen ble flyttet".into()
        }
        (Lang::Nb, NotUndoable::NotInMaildir(p)) => {
            format!("{}: ikke en sti i en Maildir-mappe", p.display())
        }
        (Lang::Nb, NotUndoable::OutsideMailRoot(p)) => format!(
            "{}: utenfor e-postroten; angre flytter ingenting der",
            p.display()
        ),
        (Lang::Nb, NotUndoable::NoLongerThere(f)) => format!(
            "meldingen er ikke lenger i {} (flyttet eller slettet av noen andre): ingenting å angre",
            f.display()
        ),
        (Lang::En, e) => e.to_string(),
    }
}

pub fn undo_error(lang: Lang, e: &UndoError) -> String {
    match e {
        UndoError::Not(n) => not_undoable(lang, n),
        UndoError::Act(a) => act_error(lang, a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every note and failure has words in both languages, and the bokmål ones are not
    /// the English text left untranslated (only mail-derived and system text may be).
    #[test]
    fn every_note_and_failure_is_worded_in_both_languages() {
        let notes = crate::journal::example_notes();
        for n in &notes {
            let (nb, en) = (note(Lang::Nb, n), note(Lang::En, n));
            assert!(!nb.is_empty() && !en.is_empty());
            assert_ne!(nb, en, "{n:?}");
        }
        let failures = crate::journal::example_failures();
        for f in &failures {
            assert_ne!(failure(Lang::Nb, f), failure(Lang::En, f), "{f:?}");
        }
        for a in [
            Act::Archive,
            Act::Delete,
            Act::Forward,
            Act::Skip,
            Act::Undo,
            Act::Check,
            Act::Sending,
            Act::Sent,
        ] {
            assert!(!act(Lang::Nb, a).is_empty() && !act(Lang::En, a).is_empty());
        }
    }
}
