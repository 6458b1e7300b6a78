//! The follow-up screen's words (routine point 3), the header's daily check and duty,
//! and opening Altinn: bokmål and English side by side.

use super::quote;
use crate::followup::Step;
use crate::i18n::Lang;

/// A step as the checklist names it.
pub fn step(lang: Lang, s: Step) -> &'static str {
    match s {
        Step::Open => lang.pick("ikke påbegynt", "not started"),
        Step::Fetched => lang.pick("hentet", "fetched"),
        Step::Archived => lang.pick("arkivert i Altinn", "archived in Altinn"),
        Step::Distributed => lang.pick("fordelt", "distributed"),
        Step::Done => lang.pick("lokale kopier slettet", "local copies deleted"),
    }
}

/// A step in the table's narrow column.
pub fn step_short(lang: Lang, s: Step) -> &'static str {
    match s {
        Step::Open => lang.pick("åpen", "open"),
        Step::Fetched => lang.pick("hentet", "fetched"),
        Step::Archived => lang.pick("arkivert", "archived"),
        Step::Distributed => lang.pick("fordelt", "distrib."),
        Step::Done => lang.pick("slettet", "deleted"),
    }
}

/// The checklist's line for a step: what it means in the routine.
pub fn step_line(lang: Lang, s: Step, to: Option<&str>) -> String {
    match (s, to) {
        (Step::Distributed, Some(to)) => match lang {
            Lang::Nb => format!("fordelt til {to}"),
            Lang::En => format!("distributed to {to}"),
        },
        (Step::Distributed, None) => lang.pick("fordelt til …", "distributed to …").into(),
        (s, _) => step(lang, s).into(),
    }
}

pub fn title(lang: Lang) -> &'static str {
    lang.pick("Oppfølging", "Follow-up")
}

pub fn overdue(lang: Lang) -> &'static str {
    lang.pick("forfalt", "overdue")
}

pub fn age(lang: Lang) -> &'static str {
    lang.pick("Alder", "Age")
}

pub fn party(lang: Lang) -> &'static str {
    lang.pick("Aktør", "Party")
}

pub fn checklist(lang: Lang) -> &'static str {
    lang.pick("Sjekkliste", "Checklist")
}

pub fn reading(lang: Lang) -> &'static str {
    lang.pick("Leser oppfølgingen …", "Reading the follow-up …")
}

pub fn empty(lang: Lang) -> &'static str {
    lang.pick(
        "Ingenting å følge opp. Varsler du arkiverer i køen kommer hit, med sjekklisten hent → arkiver i Altinn → fordel → slett lokale kopier.",
        "Nothing to follow up. Notifications you archive in the queue come here, with the checklist fetch → archive in Altinn → distribute → delete local copies.",
    )
}

pub fn no_match(lang: Lang) -> &'static str {
    lang.pick(
        "Ingen oppfølging passer søket.",
        "No follow-up matches the filter.",
    )
}

pub fn wait_for_step(lang: Lang) -> &'static str {
    lang.pick(
        "Vent til forrige steg er registrert",
        "Wait until the last step is recorded",
    )
}

pub fn recording(lang: Lang) -> &'static str {
    lang.pick("registrerer …", "recording …")
}

pub fn nothing_selected(lang: Lang) -> &'static str {
    lang.pick("Ingen oppfølging er valgt", "No follow-up item selected")
}

pub fn recipient_title(lang: Lang) -> &'static str {
    lang.pick("Fordelt til", "Distributed to")
}

pub fn recipient_hint(lang: Lang) -> &'static str {
    lang.pick(
        "↑/↓ velg blant tidligere og faste mottakere, eller skriv et navn",
        "↑/↓ choose among earlier and configured recipients, or type a name",
    )
}

pub fn recipient_needed(lang: Lang) -> &'static str {
    lang.pick(
        "Skriv hvem dokumentene gikk til",
        "Type to whom the documents went",
    )
}

pub fn whom_label(lang: Lang) -> &'static str {
    lang.pick("Til:", "To:")
}

pub fn no_org(lang: Lang) -> &'static str {
    lang.pick(
        "Varselet har ikke noe organisasjonsnummer: logg inn i Altinn og velg aktør selv",
        "The notification has no organisation number: log in to Altinn and choose the party yourself",
    )
}

pub fn nothing_to_undo(lang: Lang) -> &'static str {
    lang.pick(
        "Ingen oppfølgingssteg å angre i denne økta",
        "No follow-up step of this session to undo",
    )
}

pub fn not_started(lang: Lang) -> &'static str {
    lang.pick("Ingen steg gjort ennå", "No step done yet")
}

pub fn arrived(lang: Lang) -> &'static str {
    lang.pick("Mottatt", "Arrived")
}

/// `3 virkedager` / `3 working days`.
pub fn working_days(lang: Lang, n: u32) -> String {
    match (lang, n) {
        (Lang::Nb, 1) => "1 virkedag".into(),
        (Lang::Nb, n) => format!("{n} virkedager"),
        (Lang::En, 1) => "1 working day".into(),
        (Lang::En, n) => format!("{n} working days"),
    }
}

/// The table's title: ` Oppfølging 5 · 2 forfalt `.
pub fn table_title(lang: Lang, open: usize, overdue: usize) -> String {
    let mut s = format!(" {} {open} ", title(lang));
    if overdue > 0 {
        s.push_str(&format!("· ⚠ {overdue} {} ", self::overdue(lang)));
    }
    s
}

/// Who did the last step, and when.
pub fn last_step(lang: Lang, s: Step, by: &str, when: &str) -> String {
    match lang {
        Lang::Nb => format!("Sist: {} av {by} {when}", step(lang, s)),
        Lang::En => format!("Last: {} by {by} {when}", step(lang, s)),
    }
}

/// The status after a step was recorded.
pub fn stepped(lang: Lang, s: Step, subject: &str) -> String {
    let q = quote(lang, subject);
    match (lang, s) {
        (Lang::Nb, Step::Done) => format!("Ferdig: {q} er ute av oppfølgingen"),
        (Lang::En, Step::Done) => format!("Finished: {q} leaves the follow-up"),
        (Lang::Nb, s) => format!("Registrert: {q} er nå {}", step(lang, s)),
        (Lang::En, s) => format!("Recorded: {q} is now {}", step(lang, s)),
    }
}

pub fn step_failed(lang: Lang, s: Step, error: &str) -> String {
    match lang {
        Lang::Nb => format!("«{}» ble ikke registrert: {error}", step(lang, s)),
        Lang::En => format!("“{}” was not recorded: {error}", step(lang, s)),
    }
}

/// The item is at `current` already: steps only go forward (undo goes back).
pub fn already_at(lang: Lang, current: Step) -> String {
    match lang {
        Lang::Nb => format!("Allerede {} (u angrer siste steg)", step(lang, current)),
        Lang::En => format!("Already {} (u undoes the last step)", step(lang, current)),
    }
}

pub fn undone(lang: Lang, subject: &str, back_to: Step) -> String {
    let q = quote(lang, subject);
    match lang {
        Lang::Nb => format!("Angret, tilbake til «{}»: {q}", step(lang, back_to)),
        Lang::En => format!("Undone, back at “{}”: {q}", step(lang, back_to)),
    }
}

pub fn undo_failed(lang: Lang, error: &str) -> String {
    match lang {
        Lang::Nb => format!("Kunne ikke angre steget: {error}"),
        Lang::En => format!("Could not undo the step: {error}"),
    }
}

pub fn load_failed(lang: Lang, error: &str) -> String {
    match lang {
        Lang::Nb => format!("Kunne ikke lese oppfølgingen: {error}"),
        Lang::En => format!("Could not read the follow-up: {error}"),
    }
}

/// A notice that names only an org number the register does not know.
pub fn unknown_unit(lang: Lang, org: &str) -> String {
    match lang {
        Lang::Nb => format!("ukjent enhet {org}"),
        Lang::En => format!("unknown unit {org}"),
    }
}

/// The header's daily check: `✓ sjekket 08:12 ola`.
pub fn checked(lang: Lang, time: &str, by: &str) -> String {
    match lang {
        Lang::Nb => format!("✓ sjekket {time} {by}"),
        Lang::En => format!("✓ checked {time} {by}"),
    }
}

/// The header's duty: `vakt kari`.
pub fn on_duty(lang: Lang, who: &str) -> String {
    match lang {
        Lang::Nb => format!("vakt {who}"),
        Lang::En => format!("on duty {who}"),
    }
}

/// The queue's reminder while today's check is not recorded (who is on duty is in the
/// header's first line); `missed`: working days of the last weeks without a check.
pub fn reminder(lang: Lang, missed: usize) -> String {
    let mut s = lang
        .pick(
            "⚠ Ingen Altinn-sjekk i dag ennå: sjekk, trykk så c",
            "⚠ No Altinn check today yet: check, then press c",
        )
        .to_string();
    if missed > 0 {
        s.push_str(&match lang {
            Lang::Nb => format!(" · {} uten sjekk", working_days(lang, missed as u32)),
            Lang::En => format!(" · {} missed", working_days(lang, missed as u32)),
        });
    }
    s
}

/// Why a step was recorded by hand rather than through Altinn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithoutAltinn {
    /// No `[altinn]` section.
    NotConfigured,
    /// No dialog in Altinn matches the item's notice.
    NoDialog,
    /// `x`: the dialog is known, but no documents were saved for it on this PC.
    NoLocalCopies,
}

/// Said after the status of a step recorded by hand.
pub fn without_altinn(lang: Lang, why: WithoutAltinn) -> &'static str {
    match why {
        WithoutAltinn::NotConfigured => lang.pick(
            "registrert uten Altinn: Altinn er ikke satt opp ([altinn] mangler)",
            "recorded without Altinn: Altinn is not set up ([altinn] is missing)",
        ),
        WithoutAltinn::NoDialog => lang.pick(
            "registrert uten Altinn: fant ingen melding i Altinn for varselet",
            "recorded without Altinn: no dialog in Altinn found for the notice",
        ),
        WithoutAltinn::NoLocalCopies => lang.pick(
            "registrert uten Altinn: ingen lokale kopier å slette",
            "recorded without Altinn: no local copies to delete",
        ),
    }
}

/// The question before fetching: its title.
pub fn fetch_title(lang: Lang) -> &'static str {
    lang.pick(
        "Hent dokumentene fra Altinn",
        "Fetch the documents from Altinn",
    )
}

/// The question before fetching: where the documents go, and what Altinn will show.
pub fn fetch_question(lang: Lang, folder: &str) -> Vec<String> {
    match lang {
        Lang::Nb => vec![
            "Dokumentene lagres i".into(),
            format!("  {folder}"),
            String::new(),
            "Henting markerer meldingen som SETT i Altinn, for alle (også for avsenderen).".into(),
            String::new(),
            "Hente nå?".into(),
        ],
        Lang::En => vec![
            "The documents are saved in".into(),
            format!("  {folder}"),
            String::new(),
            "Fetching marks the message as SEEN in Altinn, for everyone (the sender too).".into(),
            String::new(),
            "Fetch now?".into(),
        ],
    }
}

/// While the item's dialog is looked for in Altinn.
pub fn finding_dialog(lang: Lang) -> &'static str {
    lang.pick(
        "ser etter meldingen i Altinn …",
        "looking for the dialog in Altinn …",
    )
}

/// After a fetch: how many files went where (and how many only Arbeidsflate shows).
pub fn fetched(lang: Lang, n: usize, folder: &str, without_api: usize) -> String {
    let mut s = match lang {
        Lang::Nb => format!("{n} dokument(er) lagret i {folder}, meldingen er nå sett i Altinn"),
        Lang::En => format!("{n} document(s) saved in {folder}, the dialog is now seen in Altinn"),
    };
    if without_api > 0 {
        s.push_str(&match lang {
            Lang::Nb => format!(" ({without_api} vedlegg kan bare åpnes i Arbeidsflate: o)"),
            Lang::En => format!(" ({without_api} attachment(s) only open in Arbeidsflate: o)"),
        });
    }
    s
}

pub fn archived_in_altinn(lang: Lang) -> &'static str {
    lang.pick(
        "arkivert i Altinn (systemetikett Arkiv)",
        "archived in Altinn (the Archive system label)",
    )
}

/// After `x`: how many local files were deleted, from where.
pub fn cleaned(lang: Lang, n: usize, folder: &str) -> String {
    match lang {
        Lang::Nb => format!("{n} lokal(e) fil(er) slettet fra {folder}"),
        Lang::En => format!("{n} local file(s) deleted from {folder}"),
    }
}

/// The act is done, but the item stays at `s` (closed only once distributed).
pub fn stays_at(lang: Lang, s: Step) -> String {
    match lang {
        Lang::Nb => format!(
            "oppfølgingen blir stående som «{}» (lukkes først når den er fordelt)",
            step(lang, s)
        ),
        Lang::En => format!(
            "the item stays “{}” (closed only once distributed)",
            step(lang, s)
        ),
    }
}

/// The act in Altinn is done, but the checklist step could not be recorded.
pub fn not_checked_off(lang: Lang, done: &str, error: &str) -> String {
    match lang {
        Lang::Nb => format!("{done}, men steget ble ikke krysset av: {error}"),
        Lang::En => format!("{done}, but the step was not checked off: {error}"),
    }
}

/// The dialog's revision is not known: archiving without `If-Match` is refused.
pub fn no_revision(lang: Lang) -> &'static str {
    lang.pick(
        "revisjonen til meldingen i Altinn er ukjent, så den arkiveres ikke blindt: kjør Altinn-sjekken (4) og prøv igjen",
        "the dialog's revision in Altinn is unknown, so it is not archived blindly: run the Altinn check (4) and try again",
    )
}

/// 412 on archive: someone changed the dialog since it was listed.
pub fn archive_conflict(lang: Lang) -> &'static str {
    lang.pick(
        "meldingen er endret i Altinn siden den ble listet; ikke arkivert. Se på den igjen (o) og trykk a på nytt",
        "the dialog changed in Altinn since it was listed; not archived. Look at it again (o) and press a again",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_with_values_in_both_languages() {
        let both = |f: &dyn Fn(Lang) -> String| (f(Lang::Nb), f(Lang::En));
        let texts: Vec<(&str, (String, String))> = vec![
            ("step", both(&|l| Step::ALL.map(|s| step(l, s)).join("|"))),
            (
                "step_short",
                both(&|l| Step::ALL.map(|s| step_short(l, s)).join("|")),
            ),
            (
                "step_line",
                both(&|l| {
                    Step::ALL
                        .map(|s| step_line(l, s, Some("Økonomi")))
                        .join("|")
                }),
            ),
            (
                "step_line_none",
                both(&|l| step_line(l, Step::Distributed, None)),
            ),
            (
                "working_days",
                both(&|l| working_days(l, 3) + &working_days(l, 1)),
            ),
            ("table_title", both(&|l| table_title(l, 5, 2))),
            (
                "last_step",
                both(&|l| last_step(l, Step::Archived, "kari", "09:30")),
            ),
            ("stepped", both(&|l| stepped(l, Step::Fetched, "Emne"))),
            ("stepped_done", both(&|l| stepped(l, Step::Done, "Emne"))),
            (
                "step_failed",
                both(&|l| step_failed(l, Step::Fetched, "busy")),
            ),
            ("already_at", both(&|l| already_at(l, Step::Fetched))),
            ("undone", both(&|l| undone(l, "Emne", Step::Open))),
            ("undo_failed", both(&|l| undo_failed(l, "busy"))),
            ("load_failed", both(&|l| load_failed(l, "busy"))),
            ("checked", both(&|l| checked(l, "08:12", "ola"))),
            ("on_duty", both(&|l| on_duty(l, "kari"))),
            ("unknown_unit", both(&|l| unknown_unit(l, "123 456 785"))),
            ("reminder", both(&|l| reminder(l, 2))),
        ];
        for (name, (nb, en)) in texts {
            assert!(
                !nb.trim().is_empty() && !en.trim().is_empty(),
                "{name} is empty"
            );
            assert_ne!(nb, en, "{name} is not translated");
        }
    }

    #[test]
    fn every_fixed_text_in_both_languages() {
        use crate::i18n::Text;
        let all: &[(&str, Text)] = &[
            ("title", title),
            ("overdue", overdue),
            ("age", age),
            ("party", party),
            ("checklist", checklist),
            ("reading", reading),
            ("empty", empty),
            ("no_match", no_match),
            ("wait_for_step", wait_for_step),
            ("recording", recording),
            ("nothing_selected", nothing_selected),
            ("recipient_title", recipient_title),
            ("recipient_hint", recipient_hint),
            ("recipient_needed", recipient_needed),
            ("whom_label", whom_label),
            ("no_org", no_org),
            ("nothing_to_undo", nothing_to_undo),
            ("not_started", not_started),
            ("arrived", arrived),
            ("fetch_title", fetch_title),
            ("finding_dialog", finding_dialog),
            ("archived_in_altinn", archived_in_altinn),
            ("no_revision", no_revision),
            ("archive_conflict", archive_conflict),
        ];
        crate::i18n::assert_both_languages(all, &[]);
    }
}
