//! Norwegian bokmål and English texts of the TUI (key descriptions live in `keys.rs`,
//! beside the keys they describe).

use crate::config::Action;
use crate::i18n::{self as core, Lang};
use crate::tui::batch::{BatchPlan, BatchProgress};

/// Quotes mail-derived text: «…» in bokmål, “…” in English.
pub fn quote(lang: Lang, s: &str) -> String {
    match lang {
        Lang::Nb => format!("«{s}»"),
        Lang::En => format!("“{s}”"),
    }
}

/// `45 000` / `45,000`.
pub fn count(lang: Lang, n: usize) -> String {
    let digits = n.to_string();
    let sep = lang.pick(" ", ",");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// The action's name for the queue and header (`arkiver`, `slett`, ...).
pub fn action(lang: Lang, a: &Action) -> &'static str {
    core::action(lang, a)
}

pub fn suspicious_tag(lang: Lang) -> &'static str {
    lang.pick("⚠ MISTENKELIG", "⚠ SUSPICIOUS")
}

pub fn demo_notice(lang: Lang) -> &'static str {
    lang.pick(
        "demo: videresendinger skrives til Outbox, ingenting sendes",
        "demo: forwards are written to Outbox, nothing is sent",
    )
}

/// When the configured transport is `maildir`.
pub fn outbox_notice(lang: Lang) -> &'static str {
    lang.pick(
        "videresendinger skrives til Outbox, ingenting sendes (transport = \"maildir\")",
        "forwards are written to Outbox, nothing is sent (transport = \"maildir\")",
    )
}

fn past(lang: Lang, a: &Action) -> String {
    match (lang, a) {
        (Lang::Nb, Action::Archive) => "Arkivert".into(),
        (Lang::Nb, Action::Delete) => "Slettet (flyttet til papirkurven)".into(),
        (Lang::Nb, Action::Forward(to)) => format!("Videresendt til {to}"),
        (Lang::Nb, Action::Skip) => "Hoppet over (ligger fortsatt i innboksen)".into(),
        (Lang::En, Action::Archive) => "Archived".into(),
        (Lang::En, Action::Delete) => "Deleted (moved to Trash)".into(),
        (Lang::En, Action::Forward(to)) => format!("Forwarded to {to}"),
        (Lang::En, Action::Skip) => "Skipped (left in the inbox)".into(),
    }
}

fn infinitive(lang: Lang, a: &Action) -> &'static str {
    match (lang, a) {
        (Lang::Nb, Action::Archive) => "arkivere",
        (Lang::Nb, Action::Delete) => "slette",
        (Lang::Nb, Action::Forward(_)) => "videresende",
        (Lang::Nb, Action::Skip) => "hoppe over",
        (Lang::En, Action::Archive) => "archive",
        (Lang::En, Action::Delete) => "delete",
        (Lang::En, Action::Forward(_)) => "forward",
        (Lang::En, Action::Skip) => "skip",
    }
}

/// `Arkivert: «subject» (note)`.
pub fn done(lang: Lang, a: &Action, subject: &str, note: &str) -> String {
    let note = if note.is_empty() {
        String::new()
    } else {
        format!(" ({note})")
    };
    format!("{}{note}: {}", past(lang, a), quote(lang, subject))
}

pub fn failed(lang: Lang, a: &Action, subject: &str, error: &str) -> String {
    match lang {
        Lang::Nb => format!(
            "Kunne ikke {} {}: {error}. Varselet er fortsatt i køen.",
            infinitive(lang, a),
            quote(lang, subject)
        ),
        Lang::En => format!(
            "Could not {} {}: {error}. The notification is still in the queue.",
            infinitive(lang, a),
            quote(lang, subject)
        ),
    }
}

pub fn batch_summary(lang: Lang, b: &BatchProgress) -> String {
    let mut s = match lang {
        Lang::Nb => format!(
            "Ferdig: arkivert {}, slettet {}, videresendt {}; {} feil",
            b.archived, b.deleted, b.forwarded, b.failed
        ),
        Lang::En => format!(
            "Done: archived {}, deleted {}, forwarded {}; {} failed",
            b.archived, b.deleted, b.forwarded, b.failed
        ),
    };
    if b.done < b.total {
        s.push_str(&match lang {
            Lang::Nb => format!("; avbrutt, {} ikke utført", b.total - b.done),
            Lang::En => format!("; cancelled, {} not done", b.total - b.done),
        });
    }
    if let Some(e) = &b.last_error {
        s.push_str(&format!(" — {e}"));
    }
    s
}

pub fn batch_progress(lang: Lang, b: &BatchProgress) -> String {
    format!(
        "{} {} / {}  (Esc {})",
        lang.pick("Utfører", "Applying"),
        count(lang, b.done),
        count(lang, b.total),
        lang.pick("stopper", "stops")
    )
}

pub fn scan_progress(lang: Lang, done: usize, total: usize) -> String {
    if total == 0 {
        lang.pick("Leser innboksen …", "Reading the inbox …").into()
    } else {
        format!(
            "{} {} / {}",
            lang.pick("Leser", "Reading"),
            count(lang, done),
            count(lang, total)
        )
    }
}

pub fn scan_finished(lang: Lang, items: usize, messages: usize, unreadable: usize) -> String {
    let mut s = match lang {
        Lang::Nb => format!(
            "Lest: {} Altinn-varsler blant {} meldinger",
            count(lang, items),
            count(lang, messages)
        ),
        Lang::En => format!(
            "Read: {} Altinn notifications among {} messages",
            count(lang, items),
            count(lang, messages)
        ),
    };
    if unreadable > 0 {
        s.push_str(&match lang {
            Lang::Nb => format!("; {unreadable} filer kunne ikke leses (se `altinn-sweep scan`)"),
            Lang::En => format!("; {unreadable} files could not be read (see `altinn-sweep scan`)"),
        });
    }
    s
}

pub fn scan_failed(lang: Lang, e: &str) -> String {
    format!(
        "{}: {e}",
        lang.pick("Kan ikke lese innboksen", "Cannot read the inbox")
    )
}

pub fn arrived(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Nb if n == 1 => "1 nytt varsel kom inn".into(),
        Lang::Nb => format!("{n} nye varsler kom inn"),
        Lang::En if n == 1 => "1 new notification arrived".into(),
        Lang::En => format!("{n} new notifications arrived"),
    }
}

pub fn gone_elsewhere(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Nb => format!("{n} varsler ble flyttet fra innboksen av noen andre"),
        Lang::En => format!("{n} notifications were moved out of the inbox elsewhere"),
    }
}

pub fn undo_failed(lang: Lang, e: &str) -> String {
    format!("{}: {e}", lang.pick("Kunne ikke angre", "Could not undo"))
}

pub fn daily_check_done(lang: Lang, note: &str) -> String {
    let s = lang
        .pick(
            "Altinn-innboksen sjekket: registrert i journalen",
            "Altinn inbox checked: recorded in the journal",
        )
        .to_string();
    if note.is_empty() {
        s
    } else {
        format!("{s} ({note})")
    }
}

pub fn daily_check_failed(lang: Lang, e: &str) -> String {
    format!(
        "{}: {e}",
        lang.pick(
            "Kunne ikke registrere sjekken av Altinn-innboksen",
            "Could not record the Altinn inbox check"
        )
    )
}

pub fn daily_check_already(lang: Lang) -> &'static str {
    lang.pick(
        "Sjekken av Altinn-innboksen er allerede registrert i dag",
        "Today's check of the Altinn inbox is already recorded",
    )
}

/// Header: the daily check.
pub fn daily_check_header(lang: Lang, done: bool) -> &'static str {
    match (lang, done) {
        (Lang::Nb, true) => "✓ Altinn-innboksen sjekket i dag",
        (Lang::Nb, false) => "✗ Altinn-innboksen ikke sjekket (c)",
        (Lang::En, true) => "✓ Altinn inbox checked today",
        (Lang::En, false) => "✗ Altinn inbox not checked (c)",
    }
}

pub fn nothing_selected(lang: Lang) -> &'static str {
    lang.pick("Ingen varsel er valgt", "No notification selected")
}

pub fn wait_for_batch(lang: Lang) -> &'static str {
    lang.pick(
        "Vent til forslagene er utført (Esc stopper)",
        "Wait until the suggestions are applied (Esc stops)",
    )
}

pub fn cancelled(lang: Lang) -> &'static str {
    lang.pick("Avbrutt: ingenting endret", "Cancelled: nothing changed")
}

pub fn item_gone(lang: Lang) -> &'static str {
    lang.pick(
        "Varselet er ikke lenger i innboksen: ingenting endret",
        "The notification is no longer in the inbox: nothing changed",
    )
}

pub fn invalid_address(lang: Lang, e: &str) -> String {
    format!("{}: {e}", lang.pick("Ugyldig adresse", "Invalid address"))
}

pub fn placeholder_address(lang: Lang, addr: &str) -> String {
    match lang {
        Lang::Nb => format!(
            "{addr} er en plassholder fra standardoppsettet: skriv inn riktig adresse (og rett den i config.toml)"
        ),
        Lang::En => format!(
            "{addr} is a placeholder from the default configuration: type the real address (and fix it in config.toml)"
        ),
    }
}

pub fn nothing_to_apply(lang: Lang, plan: &BatchPlan) -> String {
    match lang {
        Lang::Nb => format!(
            "Ingen forslag å utføre ({} mistenkelige, {} hopp over, {} uten riktig adresse blir liggende)",
            plan.suspicious, plan.skip, plan.placeholder
        ),
        Lang::En => format!(
            "No suggestions to apply ({} suspicious, {} skip, {} without a real address stay)",
            plan.suspicious, plan.skip, plan.placeholder
        ),
    }
}

/// `Videresender` / `Forwarding`: an action under way.
fn progressive(lang: Lang, a: &Action) -> &'static str {
    match (lang, a) {
        (Lang::Nb, Action::Archive) => "Arkiverer",
        (Lang::Nb, Action::Delete) => "Sletter",
        (Lang::Nb, Action::Forward(_)) => "Videresender",
        (Lang::Nb, Action::Skip) => "Hopper over",
        (Lang::En, Action::Archive) => "Archiving",
        (Lang::En, Action::Delete) => "Deleting",
        (Lang::En, Action::Forward(_)) => "Forwarding",
        (Lang::En, Action::Skip) => "Skipping",
    }
}

/// The status line's right side while an action runs: `Videresender «…» … 3 s`.
pub fn working(lang: Lang, a: &Action, subject: &str, secs: u64, waiting: bool) -> String {
    let how = match (lang, waiting) {
        (Lang::Nb, true) => "(Esc: ikke vent)",
        (Lang::Nb, false) => "(i bakgrunnen)",
        (Lang::En, true) => "(Esc: stop waiting)",
        (Lang::En, false) => "(in the background)",
    };
    format!(
        "{} {} … {secs} s {how}",
        progressive(lang, a),
        quote(lang, subject)
    )
}

pub fn wait_for_action(lang: Lang) -> &'static str {
    lang.pick(
        "Vent til handlingen er ferdig, eller trykk Esc for ikke å vente",
        "Wait until the action is done, or press Esc to stop waiting",
    )
}

pub fn stopped_waiting(lang: Lang) -> &'static str {
    lang.pick(
        "Venter ikke lenger: handlingen gjøres ferdig i bakgrunnen, og svaret kommer her",
        "No longer waiting: the action finishes in the background and its result shows here",
    )
}

pub fn quit_after_action(lang: Lang) -> &'static str {
    lang.pick(
        "Avslutter når handlingen er ferdig; q eller Ctrl-C igjen: avslutt nå (avbryter den)",
        "Quitting when the action is done; q or Ctrl-C again: quit now (stops it)",
    )
}

/// Printed on the way out when the clerk quit while an action was running.
pub fn abandoned(lang: Lang) -> &'static str {
    lang.pick(
        "altinn-sweep: avsluttet mens en handling pågikk; den ble avbrutt og er kanskje ikke journalført (se `altinn-sweep journal`)",
        "altinn-sweep: quit while an action was running; it was stopped and may not be journaled (see `altinn-sweep journal`)",
    )
}

pub fn unknown_key(lang: Lang) -> &'static str {
    lang.pick(
        "ukjent tast – trykk ? for hjelp",
        "unknown key – press ? for help",
    )
}

pub fn rescanning(lang: Lang) -> &'static str {
    lang.pick("Leser innboksen på nytt …", "Reading the inbox again …")
}

pub fn skipped_shown(lang: Lang, shown: bool, n: usize) -> String {
    match (lang, shown) {
        (Lang::Nb, true) => format!("Viser de {n} du har hoppet over (S skjuler dem)"),
        (Lang::Nb, false) => format!("Skjuler de {n} du har hoppet over (S viser dem)"),
        (Lang::En, true) => format!("Showing the {n} you skipped (S hides them)"),
        (Lang::En, false) => format!("Hiding the {n} you skipped (S shows them)"),
    }
}

/// The queue's tag for an item skipped this session (shown with `S`).
pub fn skipped_tag(lang: Lang) -> &'static str {
    lang.pick("↷ hoppet over", "↷ skipped")
}

/// What Enter does to the selected item, for the footer.
pub fn enter_does(lang: Lang, item: Option<&crate::scan::Item>) -> &'static str {
    match item {
        None => lang.pick("utfør", "apply"),
        Some(i) if i.analysis.suspicious() => lang.pick("forklar", "explain"),
        Some(i) => match &i.analysis.suggestion.action {
            Action::Forward(to) if crate::config::is_placeholder_address(to) => {
                lang.pick("videresend …", "forward …")
            }
            a => action(lang, a),
        },
    }
}

/// The empty queue's words, which know whether today's check is recorded.
pub fn empty_queue(lang: Lang, daily_check: bool) -> &'static str {
    match (lang, daily_check) {
        (Lang::Nb, true) => {
            "Ingen ventende Altinn-varsler i innboksen. Dagens sjekk av Altinn-innboksen er registrert."
        }
        (Lang::Nb, false) => {
            "Ingen ventende Altinn-varsler i innboksen. Dagens sjekk av Altinn-innboksen er ikke registrert ennå: sjekk innboksen i Altinn og trykk c."
        }
        (Lang::En, true) => {
            "No pending Altinn notifications in the inbox. Today's check of the Altinn inbox is recorded."
        }
        (Lang::En, false) => {
            "No pending Altinn notifications in the inbox. Today's check of the Altinn inbox is not recorded yet: check the inbox in Altinn and press c."
        }
    }
}

pub fn log_title(lang: Lang, n: usize) -> String {
    format!("{} ({n})", lang.pick("Meldingslogg", "Message log"))
}

pub fn log_empty(lang: Lang) -> &'static str {
    lang.pick("Ingen meldinger ennå.", "No messages yet.")
}

/// Under an error in the log: where to look next.
pub fn log_fix_hint(lang: Lang) -> &'static str {
    lang.pick(
        "→ `altinn-sweep config check` viser oppsettet og hvordan videresendinger sendes; J viser dagens journal.",
        "→ `altinn-sweep config check` shows the configuration and how forwards are sent; J shows today's journal.",
    )
}

/// The question of `A`'s confirmation.
pub fn batch_question(lang: Lang, plan: &BatchPlan) -> String {
    let n = plan.actions.len();
    match (lang, plan.marked) {
        (Lang::Nb, true) => format!("Utføre forslagene for de {n} merkede varslene?"),
        (Lang::Nb, false) if n == 1 => "Utføre forslaget for 1 varsel?".into(),
        (Lang::Nb, false) => format!("Utføre forslagene for {n} varsler?"),
        (Lang::En, false) if n == 1 => "Apply the suggestion of 1 notification?".into(),
        (Lang::En, true) => format!("Apply the suggestions of the {n} marked notifications?"),
        (Lang::En, false) => format!("Apply the suggestions of {n} notifications?"),
    }
}

/// What the batch covers: `Gjelder: 3 av 22 i køen, søk «melding»`.
pub fn batch_scope(lang: Lang, plan: &BatchPlan, filter: &str) -> String {
    let (listed, total) = (plan.listed, plan.total);
    if plan.marked {
        let marked = plan.actions.len() + plan.suspicious + plan.skip + plan.placeholder;
        return match lang {
            Lang::Nb => format!("Gjelder: de {marked} merkede av {total} i køen"),
            Lang::En => format!("Covers: the {marked} marked of {total} in the queue"),
        };
    }
    match (lang, plan.filter.is_empty()) {
        (Lang::Nb, true) => format!("Gjelder: alle {listed} i køen"),
        (Lang::Nb, false) => format!(
            "Gjelder: {listed} av {total} i køen, søk {}",
            quote(lang, filter)
        ),
        (Lang::En, true) => format!("Covers: all {listed} in the queue"),
        (Lang::En, false) => format!(
            "Covers: {listed} of {total} in the queue, filter {}",
            quote(lang, filter)
        ),
    }
}

/// Header, on a narrow screen: the daily check in few words.
pub fn daily_check_short(lang: Lang, done: bool) -> &'static str {
    match (lang, done) {
        (Lang::Nb, true) => "✓ sjekket i dag",
        (Lang::Nb, false) => "✗ ikke sjekket (c)",
        (Lang::En, true) => "✓ checked today",
        (Lang::En, false) => "✗ not checked (c)",
    }
}

/// The pager's header labels: from, to, date, subject, message id.
pub fn pager_labels(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Nb => ["Fra", "Til", "Dato", "Emne", "Meldings-ID"],
        Lang::En => ["From", "To", "Date", "Subject", "Message-ID"],
    }
}

pub fn pager_links(lang: Lang, suspicious: bool) -> &'static str {
    match (lang, suspicious) {
        (Lang::Nb, false) => "Lenker (der de faktisk går)",
        (Lang::Nb, true) => "Lenker (der de faktisk går) – MISTENKELIG: ikke åpne dem",
        (Lang::En, false) => "Links (where they really go)",
        (Lang::En, true) => "Links (where they really go) – SUSPICIOUS: do not open them",
    }
}

pub fn pager_body(lang: Lang) -> &'static str {
    lang.pick("Tekst", "Body")
}

pub fn pager_source(lang: Lang) -> &'static str {
    lang.pick("Kilde (slik filen er)", "Source (the file as it is)")
}

pub fn pager_title(lang: Lang) -> &'static str {
    lang.pick("Melding", "Message")
}

pub fn pager_loading(lang: Lang) -> &'static str {
    lang.pick("Leser kilden …", "Reading the source …")
}

pub fn pager_raw_failed(lang: Lang, e: &str) -> String {
    format!(
        "{}: {e}",
        lang.pick("Kan ikke lese kilden", "Cannot read the source")
    )
}

/// The pager's search line: `«x»: treff 2 av 5 (n/N)`.
pub fn pager_hits(lang: Lang, query: &str, at: Option<usize>, n: usize) -> String {
    match (lang, n, at) {
        (Lang::Nb, 0, _) => format!("{}: ingen treff", quote(lang, query)),
        (Lang::En, 0, _) => format!("{}: not found", quote(lang, query)),
        (Lang::Nb, _, Some(i)) => format!("{}: treff {} av {n} (n/N)", quote(lang, query), i + 1),
        (Lang::Nb, _, None) => format!("{}: {n} treff (n/N)", quote(lang, query)),
        (Lang::En, _, Some(i)) => format!("{}: match {} of {n} (n/N)", quote(lang, query), i + 1),
        (Lang::En, _, None) => format!("{}: {n} matches (n/N)", quote(lang, query)),
    }
}

/// The buttons of a question.
pub fn yes(lang: Lang) -> &'static str {
    lang.pick("Ja", "Yes")
}

pub fn no(lang: Lang) -> &'static str {
    lang.pick("Nei", "No")
}

pub fn undo_waits(lang: Lang) -> &'static str {
    lang.pick(
        "Angre venter til handlingen som pågår er ferdig (ellers ville den blitt angret)",
        "Undo waits until the running action is done (else that is what it would undo)",
    )
}

pub fn already_running(lang: Lang) -> &'static str {
    lang.pick(
        "En handling på dette varselet pågår allerede",
        "An action on this notification is already under way",
    )
}

pub fn wait_for_running(lang: Lang) -> &'static str {
    lang.pick(
        "Vent til handlingen som pågår er ferdig",
        "Wait until the running action is done",
    )
}
