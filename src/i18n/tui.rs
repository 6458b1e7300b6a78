//! Norwegian bokmål and English texts of the TUI: screens, popups, status lines, the
//! executor's undo and journal texts. One function per message, both languages in it.
//! The one exception: key descriptions live in `tui/keys.rs`, beside the keys they
//! describe, so that the key table stays one table.

use super::Lang;
use crate::actions::{BatchPlan, BatchProgress};
use crate::config::Action;
use crate::text::inert;

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
    super::action(lang, a)
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

/// The scan's progress: `total` is 0 while the folder is still being listed (the reading
/// has started by then), and `done` 0 before the first thousand are read.
pub fn scan_progress(lang: Lang, done: usize, total: usize) -> String {
    if total == 0 && done == 0 {
        lang.pick("Leser innboksen …", "Reading the inbox …").into()
    } else if total == 0 {
        format!("{} {} …", lang.pick("Leser", "Reading"), count(lang, done))
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
        "→ `altinn-sweep config check --online` viser oppsettet, hvordan videresendinger sendes og om Altinn svarer; J viser dagens journal.",
        "→ `altinn-sweep config check --online` shows the configuration, how forwards are sent and whether Altinn answers; J shows today's journal.",
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

// Fixed labels and sentences (no values in them).

pub fn pending_label(lang: Lang) -> &'static str {
    lang.pick("Venter: ", "Pending: ")
}

pub fn suspicious(lang: Lang) -> &'static str {
    lang.pick("mistenkelig", "suspicious")
}

pub fn none(lang: Lang) -> &'static str {
    lang.pick("ingen", "none")
}

pub fn marked(lang: Lang) -> &'static str {
    lang.pick("merket", "marked")
}

pub fn queue(lang: Lang) -> &'static str {
    lang.pick("Kø", "Queue")
}

pub fn of(lang: Lang) -> &'static str {
    lang.pick("av", "of")
}

pub fn filter(lang: Lang) -> &'static str {
    lang.pick("søk", "filter")
}

pub fn skipped(lang: Lang) -> &'static str {
    lang.pick("hoppet over", "skipped")
}

pub fn skipped_shown_key(lang: Lang) -> &'static str {
    lang.pick("(vist, S skjuler)", "(shown, S hides)")
}

pub fn skipped_hidden_key(lang: Lang) -> &'static str {
    lang.pick("(S viser)", "(S shows)")
}

pub fn inbox_unreadable(lang: Lang) -> &'static str {
    lang.pick(
        "Innboksen kunne ikke leses.",
        "The inbox could not be read.",
    )
}

pub fn reading_inbox(lang: Lang) -> &'static str {
    lang.pick("Leser innboksen …", "Reading the inbox …")
}

pub fn no_filter_match(lang: Lang) -> &'static str {
    lang.pick(
        "Ingen treff. Esc fjerner søket.",
        "Nothing matches. Esc clears the filter.",
    )
}

pub fn date(lang: Lang) -> &'static str {
    lang.pick("Dato", "Date")
}

pub fn recipient(lang: Lang) -> &'static str {
    lang.pick("Mottaker", "Recipient")
}

pub fn subject(lang: Lang) -> &'static str {
    lang.pick("Emne", "Subject")
}

pub fn suggestion(lang: Lang) -> &'static str {
    lang.pick("Forslag", "Suggestion")
}

pub fn rule(lang: Lang) -> &'static str {
    lang.pick("Regel", "Rule")
}

pub fn filter_title(lang: Lang) -> &'static str {
    lang.pick("Søk", "Filter")
}

pub fn help_suggestions(lang: Lang) -> &'static str {
    lang.pick(
        "Forslagene kommer fra reglene i oppsettet (altinn-sweep config path). ⚠ = mistenkelig: ikke klikk på lenker, sjekk Altinn-innboksen direkte.",
        "Suggestions come from the rules in the configuration (altinn-sweep config path). ⚠ = suspicious: do not click links, check the Altinn inbox directly.",
    )
}

pub fn help_keys(lang: Lang) -> &'static str {
    lang.pick("Hjelp: taster", "Help: keys")
}

pub fn from_label(lang: Lang) -> &'static str {
    lang.pick("Fra:", "From:")
}

pub fn looks_like_altinn_but(lang: Lang) -> &'static str {
    lang.pick(
        "Det ser ut som et Altinn-varsel, men:",
        "It looks like an Altinn notification, but:",
    )
}

pub fn do_not_click(lang: Lang) -> &'static str {
    lang.pick(
        "Ikke klikk på lenker i e-posten. Logg inn i Altinn selv (altinn.no) og sjekk innboksen der. Enter gjør derfor ingenting med dette varselet: slett det (d) eller la det ligge (s). Arkivering og videresending krever en ekstra bekreftelse.",
        "Do not click links in the email. Log in to Altinn yourself (altinn.no) and check the inbox there. That is why Enter does nothing with this notification: delete it (d) or leave it (s). Archiving and forwarding ask for an extra confirmation.",
    )
}

pub fn suspicious_title(lang: Lang) -> &'static str {
    lang.pick("⚠ Mistenkelig", "⚠ Suspicious")
}

pub fn demo_journal(lang: Lang) -> &'static str {
    lang.pick(
        "demoens egen journal, ikke din",
        "the demo's own journal, not yours",
    )
}

pub fn journal_file(lang: Lang) -> &'static str {
    lang.pick("journalfil", "journal file")
}

pub fn no_entries_today(lang: Lang) -> &'static str {
    lang.pick("Ingen oppføringer i dag.", "No entries today.")
}

pub fn todays_journal(lang: Lang) -> &'static str {
    lang.pick("Journal i dag", "Today's journal")
}

pub fn subject_label(lang: Lang) -> &'static str {
    lang.pick("Emne:", "Subject:")
}

pub fn forward_suspicious_warning(lang: Lang) -> &'static str {
    lang.pick(
        "⚠ MISTENKELIG: du blir spurt igjen før noe sendes",
        "⚠ SUSPICIOUS: you will be asked again before anything is sent",
    )
}

pub fn forward_to_outbox(lang: Lang) -> &'static str {
    lang.pick(
        "Videresendingen skrives til Outbox, ingenting sendes.",
        "The forward is written to Outbox, nothing is sent.",
    )
}

pub fn forward(lang: Lang) -> &'static str {
    lang.pick("Videresend", "Forward")
}

pub fn to_label(lang: Lang) -> &'static str {
    lang.pick("Til:", "To:")
}

pub fn confirm(lang: Lang) -> &'static str {
    lang.pick("Bekreft", "Confirm")
}

pub fn confirm_suspicious(lang: Lang) -> &'static str {
    lang.pick(
        "⚠ Dette varselet er MISTENKELIG",
        "⚠ This notification is SUSPICIOUS",
    )
}

pub fn suspicious_heading(lang: Lang) -> &'static str {
    lang.pick("Mistenkelig", "Suspicious")
}

pub fn in_the_notification(lang: Lang) -> &'static str {
    lang.pick("i varselet", "in the notification")
}

pub fn detail(lang: Lang) -> &'static str {
    lang.pick("Detaljer", "Detail")
}

pub fn tab_scrolls(lang: Lang) -> &'static str {
    lang.pick("(Tab ruller) ", "(Tab scrolls) ")
}

pub fn genuine(lang: Lang) -> &'static str {
    lang.pick(
        "✓ ekte (klarert avsender og lenker)",
        "✓ genuine (trusted sender and links)",
    )
}

pub fn from_field(lang: Lang) -> &'static str {
    lang.pick("Fra", "From")
}

pub fn sender(lang: Lang) -> &'static str {
    lang.pick("Avsender", "Sender")
}

pub fn rule_lower(lang: Lang) -> &'static str {
    lang.pick("regel", "rule")
}

pub fn suggests(lang: Lang) -> &'static str {
    lang.pick("Forslag", "Suggests")
}

pub fn reason(lang: Lang) -> &'static str {
    lang.pick("Grunn", "Reason")
}

pub fn matched(lang: Lang) -> &'static str {
    lang.pick("Treff", "Matched")
}

pub fn body(lang: Lang) -> &'static str {
    lang.pick(" Tekst ", " Body ")
}

pub fn text_cut(lang: Lang) -> &'static str {
    lang.pick(
        "(… resten av teksten vises ikke)",
        "(… the rest of the text is not shown)",
    )
}

pub fn altinn_inbox_checked(lang: Lang) -> &'static str {
    lang.pick("Altinn-innboksen sjekket", "Altinn inbox checked")
}

pub fn suggested(lang: Lang) -> &'static str {
    lang.pick("forslag", "suggested")
}

pub fn no_outcome(lang: Lang) -> &'static str {
    lang.pick("uten utfall", "no outcome")
}

pub fn refused(lang: Lang) -> &'static str {
    lang.pick("AVVIST", "REFUSED")
}

pub fn error(lang: Lang) -> &'static str {
    lang.pick("FEIL", "ERROR")
}

pub fn already_handled_elsewhere(lang: Lang) -> &'static str {
    lang.pick(
        "allerede behandlet et annet sted (ikke lenger i innboksen); ingenting endret",
        "already handled elsewhere (no longer in the inbox); nothing changed",
    )
}

pub fn unknown_error(lang: Lang) -> &'static str {
    lang.pick("ukjent feil", "unknown error")
}

pub fn nothing_to_undo_in_session(lang: Lang) -> &'static str {
    lang.pick(
        "ingenting å angre i denne økten (eldre: `altinn-sweep undo`)",
        "nothing to undo in this session (older: `altinn-sweep undo`)",
    )
}

pub fn undone_back_in_queue(lang: Lang) -> &'static str {
    lang.pick(
        "Angret: varselet er tilbake i køen",
        "Undone: the notification is back in the queue",
    )
}

pub fn cannot_read_journal(lang: Lang) -> &'static str {
    lang.pick("Kan ikke lese journalen", "Cannot read the journal")
}

/// The bulk dialog's last line: what stays in the inbox.
pub fn batch_left(lang: Lang, suspicious: usize, skip: usize) -> String {
    match lang {
        Lang::Nb => {
            format!("Blir liggende i innboksen: {suspicious} mistenkelige, {skip} hopp over")
        }
        Lang::En => format!("Left in the inbox: {suspicious} suspicious, {skip} skip"),
    }
}

/// Appended to [`batch_left`] when forwards lack a real address.
pub fn batch_placeholders(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Nb => format!(", {n} videresending(er) uten riktig adresse"),
        Lang::En => format!(", {n} forward(s) without a real address"),
    }
}

/// The suspicious-confirmation question: forward it (to whom) or archive it anyway?
pub fn suspicious_question(lang: Lang, action: &Action) -> String {
    match (lang, action) {
        (Lang::Nb, Action::Forward(to)) => {
            format!("Vil du likevel videresende det til {}?", inert(to, true))
        }
        (Lang::En, Action::Forward(to)) => format!("Forward it to {} anyway?", inert(to, true)),
        (Lang::Nb, _) => "Vil du likevel arkivere det?".into(),
        (Lang::En, _) => "Archive it anyway?".into(),
    }
}

/// Shown instead of the screen when the terminal is smaller than `w` × `h`.
/// The screens' names in the tab row, one function a screen (the TUI picks by its
/// `Screen`); `short` where 60 columns must hold all four.
pub fn queue_tab(lang: Lang) -> &'static str {
    lang.pick("Kø", "Queue")
}

pub fn followup_tab(lang: Lang, short: bool) -> &'static str {
    match short {
        false => lang.pick("Oppfølging", "Follow-up"),
        true => lang.pick("Oppfølg.", "Follow-up"),
    }
}

/// The same word in both languages.
pub fn altinn_tab() -> &'static str {
    "Altinn"
}

pub fn stats_tab(lang: Lang, short: bool) -> &'static str {
    match short {
        false => lang.pick("Statistikk", "Statistics"),
        true => lang.pick("Stat.", "Stats"),
    }
}

pub fn too_small(lang: Lang, w: u16, h: u16) -> String {
    match lang {
        Lang::Nb => format!("Vinduet er for lite: minst {w} × {h} tegn"),
        Lang::En => format!("The window is too small: at least {w} × {h}"),
    }
}

/// A rule condition's field as the detail pane names it (unknown fields as they are).
pub fn field_name(lang: Lang, f: &str) -> String {
    match (lang, f) {
        (Lang::Nb, "subject") => "emne".into(),
        (Lang::Nb, "body") => "tekst".into(),
        (Lang::Nb, "text") => "emne/tekst".into(),
        (Lang::Nb, "from") => "fra".into(),
        (Lang::Nb, "recipient_org") => "mottakers org.nr.".into(),
        (Lang::Nb, "recipient_name") => "mottakers navn".into(),
        (Lang::En, "recipient_org") => "recipient org".into(),
        (Lang::En, "recipient_name") => "recipient name".into(),
        (_, other) => other.to_string(),
    }
}

/// The inbox cannot be watched (`error`), so it is read again every minute.
pub fn not_watching(lang: Lang, error: &str) -> String {
    match lang {
        Lang::Nb => {
            format!("Følger ikke med på innboksen ({error}); leser den på nytt hvert minutt")
        }
        Lang::En => format!("Not watching the inbox ({error}); reading it again every minute"),
    }
}

/// An undo is done: what came back, and (for a forward) that the forward was not sent
/// (Outbox) or cannot be recalled. `subject` is already quoted.
pub fn undone(lang: Lang, forward_to: Option<&str>, outbox: bool, subject: &str) -> String {
    match (forward_to, lang) {
        (Some(_), Lang::Nb) if outbox => format!(
            "Angret: originalen er tilbake i innboksen (videresendingen i Outbox ble ikke sendt): {subject}"
        ),
        (Some(_), Lang::En) if outbox => format!(
            "Undone: the original is back in the inbox (the forward in Outbox was not sent): {subject}"
        ),
        (Some(to), Lang::Nb) => format!(
            "Videresendingen til {to} er sendt og kan ikke kalles tilbake; originalen er tilbake i innboksen: {subject}"
        ),
        (Some(to), Lang::En) => format!(
            "The forward to {to} was sent and cannot be recalled; the original is back in the inbox: {subject}"
        ),
        (None, Lang::Nb) => format!("Angret: varselet er tilbake i innboksen: {subject}"),
        (None, Lang::En) => format!("Undone: the notification is back in the inbox: {subject}"),
    }
}

/// Someone (`user`, at `time`) undid it first. `subject` is already quoted.
pub fn already_undone(lang: Lang, subject: &str, user: &str, time: &str) -> String {
    match lang {
        Lang::Nb => format!("{subject} var allerede angret (av {user} kl. {time})"),
        Lang::En => format!("{subject} was already undone (by {user} at {time})"),
    }
}

/// The journal has `n` damaged lines; the first is `line` with `problem`.
pub fn damaged_lines(lang: Lang, source: &str, n: usize, line: usize, problem: &str) -> String {
    match lang {
        Lang::Nb => format!(
            "Journalen {source} har {n} skadde linjer som hoppes over (linje {line}: {problem})"
        ),
        Lang::En => {
            format!("The journal {source} has {n} damaged lines, skipped (line {line}: {problem})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text with values in it exists in both languages, with sample values.
    #[test]
    fn every_text_with_values_in_both_languages() {
        let fwd = Action::Forward("lonn@example.no".into());
        let plan = BatchPlan {
            archive: 2,
            forward: 1,
            suspicious: 1,
            skip: 3,
            placeholder: 1,
            listed: 7,
            total: 9,
            filter: "lønn".into(),
            ..BatchPlan::default()
        };
        let progress = BatchProgress {
            total: 4,
            done: 2,
            archived: 1,
            failed: 1,
            last_error: Some("disk full".into()),
            ..BatchProgress::default()
        };
        let both = |f: &dyn Fn(Lang) -> String| (f(Lang::Nb), f(Lang::En));
        let texts: Vec<(&str, (String, String))> = vec![
            ("quote", both(&|l| quote(l, "Emne"))),
            ("count", both(&|l| count(l, 45_000))),
            ("done", both(&|l| done(l, &fwd, "Emne", "merk"))),
            (
                "failed",
                both(&|l| failed(l, &Action::Archive, "Emne", "disk full")),
            ),
            ("batch_summary", both(&|l| batch_summary(l, &progress))),
            ("batch_progress", both(&|l| batch_progress(l, &progress))),
            ("scan_progress", both(&|l| scan_progress(l, 3, 10))),
            (
                "scan_progress_listing",
                both(&|l| scan_progress(l, 3000, 0)),
            ),
            ("scan_finished", both(&|l| scan_finished(l, 3, 10, 1))),
            ("scan_failed", both(&|l| scan_failed(l, "no such folder"))),
            ("arrived", both(&|l| arrived(l, 2))),
            ("gone_elsewhere", both(&|l| gone_elsewhere(l, 2))),
            ("undo_failed", both(&|l| undo_failed(l, "busy"))),
            ("daily_check_done", both(&|l| daily_check_done(l, "08:00"))),
            (
                "daily_check_failed",
                both(&|l| daily_check_failed(l, "busy")),
            ),
            (
                "daily_check_header",
                both(&|l| daily_check_header(l, true).into()),
            ),
            ("invalid_address", both(&|l| invalid_address(l, "bad"))),
            (
                "placeholder_address",
                both(&|l| placeholder_address(l, "x@example.invalid")),
            ),
            ("nothing_to_apply", both(&|l| nothing_to_apply(l, &plan))),
            ("working", both(&|l| working(l, &fwd, "Emne", 3, true))),
            ("skipped_shown", both(&|l| skipped_shown(l, true, 2))),
            ("enter_does", both(&|l| enter_does(l, None).into())),
            ("empty_queue", both(&|l| empty_queue(l, false).into())),
            ("log_title", both(&|l| log_title(l, 2))),
            ("batch_question", both(&|l| batch_question(l, &plan))),
            ("batch_scope", both(&|l| batch_scope(l, &plan, "lønn"))),
            (
                "daily_check_short",
                both(&|l| daily_check_short(l, false).into()),
            ),
            ("pager_labels", both(&|l| pager_labels(l).join("|"))),
            ("pager_links", both(&|l| pager_links(l, true).into())),
            ("pager_raw_failed", both(&|l| pager_raw_failed(l, "gone"))),
            ("pager_hits", both(&|l| pager_hits(l, "lønn", Some(1), 3))),
            ("batch_left", both(&|l| batch_left(l, 1, 2))),
            ("batch_placeholders", both(&|l| batch_placeholders(l, 1))),
            (
                "suspicious_question",
                both(&|l| suspicious_question(l, &fwd)),
            ),
            ("too_small", both(&|l| too_small(l, 60, 18))),
            (
                "screen_name",
                both(&|l| [queue_tab(l), followup_tab(l, false), stats_tab(l, false)].join("|")),
            ),
            ("field_name", both(&|l| field_name(l, "recipient_org"))),
            (
                "not_watching",
                both(&|l| not_watching(l, "too many watches")),
            ),
            (
                "undone",
                both(&|l| undone(l, Some("lonn@example.no"), true, "«Emne»")),
            ),
            (
                "already_undone",
                both(&|l| already_undone(l, "«Emne»", "kari", "08:00")),
            ),
            (
                "damaged_lines",
                both(&|l| damaged_lines(l, "journal.jsonl", 2, 7, "bad json")),
            ),
        ];
        for (name, (nb, en)) in texts {
            assert!(
                !nb.trim().is_empty() && !en.trim().is_empty(),
                "{name} is empty"
            );
            assert_ne!(nb, en, "{name} is not translated");
        }
        // the same in both languages: a bare number, and a field the TUI does not translate
        assert_eq!(count(Lang::Nb, 7), count(Lang::En, 7));
        assert_eq!(field_name(Lang::Nb, "xyz"), field_name(Lang::En, "xyz"));
    }

    /// Every fixed text exists in both languages, and the two differ except where the
    /// word is the same in both (listed in `same`).
    #[test]
    fn every_fixed_text_in_both_languages() {
        let same: &[&str] = &[];
        use crate::i18n::Text;
        let all: &[(&str, Text)] = &[
            ("suspicious_tag", suspicious_tag),
            ("demo_notice", demo_notice),
            ("outbox_notice", outbox_notice),
            ("daily_check_already", daily_check_already),
            ("nothing_selected", nothing_selected),
            ("wait_for_batch", wait_for_batch),
            ("cancelled", cancelled),
            ("item_gone", item_gone),
            ("wait_for_action", wait_for_action),
            ("stopped_waiting", stopped_waiting),
            ("quit_after_action", quit_after_action),
            ("abandoned", abandoned),
            ("unknown_key", unknown_key),
            ("rescanning", rescanning),
            ("skipped_tag", skipped_tag),
            ("log_empty", log_empty),
            ("log_fix_hint", log_fix_hint),
            ("pager_body", pager_body),
            ("pager_source", pager_source),
            ("pager_title", pager_title),
            ("pager_loading", pager_loading),
            ("yes", yes),
            ("no", no),
            ("undo_waits", undo_waits),
            ("already_running", already_running),
            ("wait_for_running", wait_for_running),
            ("pending_label", pending_label),
            ("suspicious", suspicious),
            ("none", none),
            ("marked", marked),
            ("queue", queue),
            ("of", of),
            ("filter", filter),
            ("skipped", skipped),
            ("skipped_shown_key", skipped_shown_key),
            ("skipped_hidden_key", skipped_hidden_key),
            ("inbox_unreadable", inbox_unreadable),
            ("reading_inbox", reading_inbox),
            ("no_filter_match", no_filter_match),
            ("date", date),
            ("recipient", recipient),
            ("subject", subject),
            ("suggestion", suggestion),
            ("rule", rule),
            ("filter_title", filter_title),
            ("help_suggestions", help_suggestions),
            ("help_keys", help_keys),
            ("from_label", from_label),
            ("looks_like_altinn_but", looks_like_altinn_but),
            ("do_not_click", do_not_click),
            ("suspicious_title", suspicious_title),
            ("demo_journal", demo_journal),
            ("journal_file", journal_file),
            ("no_entries_today", no_entries_today),
            ("todays_journal", todays_journal),
            ("subject_label", subject_label),
            ("forward_suspicious_warning", forward_suspicious_warning),
            ("forward_to_outbox", forward_to_outbox),
            ("forward", forward),
            ("to_label", to_label),
            ("confirm", confirm),
            ("confirm_suspicious", confirm_suspicious),
            ("suspicious_heading", suspicious_heading),
            ("in_the_notification", in_the_notification),
            ("detail", detail),
            ("tab_scrolls", tab_scrolls),
            ("genuine", genuine),
            ("from_field", from_field),
            ("sender", sender),
            ("rule_lower", rule_lower),
            ("suggests", suggests),
            ("reason", reason),
            ("matched", matched),
            ("body", body),
            ("text_cut", text_cut),
            ("altinn_inbox_checked", altinn_inbox_checked),
            ("suggested", suggested),
            ("no_outcome", no_outcome),
            ("refused", refused),
            ("error", error),
            ("already_handled_elsewhere", already_handled_elsewhere),
            ("unknown_error", unknown_error),
            ("nothing_to_undo_in_session", nothing_to_undo_in_session),
            ("undone_back_in_queue", undone_back_in_queue),
            ("cannot_read_journal", cannot_read_journal),
        ];
        crate::i18n::assert_both_languages(all, same);
    }
}

/// The follow-up screen, the header's daily check and duty, opening Altinn.
pub mod followup;
// The Altinn and statistics screens (`3`, `4`).

/// An error of Maskinporten or Dialogporten, for the Altinn screen. `what` (the request)
/// and the server's own details stay as they came.
pub fn altinn_error(lang: Lang, e: &crate::altinn::AltinnError) -> String {
    use crate::altinn::AltinnError as E;
    let clean = |s: &str| crate::text::inert(s, true);
    match (lang, e) {
        (Lang::Nb, E::Key(d)) => format!("Maskinporten-nøkkelen: {}", clean(d)),
        (Lang::En, E::Key(d)) => format!("the Maskinporten key: {}", clean(d)),
        (Lang::Nb, E::Unreachable { what, host, detail }) => {
            format!(
                "{what}: får ikke kontakt med {}: {}",
                clean(host),
                clean(detail)
            )
        }
        (Lang::En, E::Unreachable { what, host, detail }) => {
            format!("{what}: cannot reach {}: {}", clean(host), clean(detail))
        }
        (Lang::Nb, E::Timeout { what, secs }) => {
            format!("{what}: fikk ikke svar innen {secs} s (tjeneren er treg eller utilgjengelig)")
        }
        (Lang::En, E::Timeout { what, secs }) => {
            format!("{what}: no answer within {secs} s (the server is slow or unreachable)")
        }
        (Lang::Nb, E::TokenRefused { status, detail }) => format!(
            "Maskinporten avviste tokenet (HTTP {status}): {}",
            clean(detail)
        ),
        (Lang::En, E::TokenRefused { status, detail }) => format!(
            "Maskinporten refused the token (HTTP {status}): {}",
            clean(detail)
        ),
        (Lang::Nb, E::Unauthorized { what }) => format!(
            "{what}: Dialogporten godtok ikke tokenet (401): sjekk client_id, key_id, scopes og systembrukeren"
        ),
        (Lang::En, E::Unauthorized { what }) => format!(
            "{what}: Dialogporten did not accept the token (401): check client_id, key_id, the scopes and the system user"
        ),
        (Lang::Nb, E::Forbidden { what, party }) => format!(
            "{what}: systembrukeren mangler rettigheter for {} (403)",
            clean(party)
        ),
        (Lang::En, E::Forbidden { what, party }) => format!(
            "{what}: the system user lacks rights for {} (403)",
            clean(party)
        ),
        (Lang::Nb, E::NotFound { what }) => {
            format!("{what}: finnes ikke (404): slettet, eller ikke synlig for systembrukeren")
        }
        (Lang::En, E::NotFound { what }) => {
            format!("{what}: not found (404): deleted, or not visible to the system user")
        }
        (Lang::Nb, E::Conflict { id }) => format!(
            "dialog {}: endret i Altinn siden den ble listet (412); sjekk på nytt før du arkiverer",
            clean(id)
        ),
        (Lang::En, E::Conflict { id }) => format!(
            "dialog {}: changed in Altinn since it was listed (412); check again before archiving",
            clean(id)
        ),
        (
            _,
            E::Status {
                what,
                status,
                detail,
            },
        ) => {
            let mut s = format!("{what}: HTTP {status}");
            if !detail.is_empty() {
                s.push_str(": ");
                s.push_str(&clean(detail));
            }
            s
        }
        (Lang::Nb, E::MalformedJson { what, detail }) => {
            format!(
                "{what}: tjeneren svarte med ugyldig JSON: {}",
                clean(detail)
            )
        }
        (Lang::En, E::MalformedJson { what, detail }) => {
            format!("{what}: malformed JSON from the server: {}", clean(detail))
        }
        (_, E::Io { path, detail }) => format!("{}: {}", clean(path), clean(detail)),
    }
}

/// A folder of notices could not be read for the check.
pub fn altinn_notices_unreadable(lang: Lang, folder: &str, error: &str) -> String {
    match lang {
        Lang::Nb => {
            format!("{folder}: varslene kan ikke leses; de blir ikke koblet til dialoger ({error})")
        }
        Lang::En => {
            format!("{folder}: cannot read the notices; they are not matched to dialogs ({error})")
        }
    }
}

/// The status line's own sentence (it stands alone there, so it starts with a capital).
pub fn altinn_check_not_recorded(lang: Lang) -> &'static str {
    lang.pick(
        "Sjekken ble ikke registrert i journalen",
        "The check was not recorded in the journal",
    )
}

pub fn altinn_checking(lang: Lang) -> &'static str {
    lang.pick("Sjekker Altinn-innboksen …", "Checking the Altinn inbox …")
}

/// The summary line over the Altinn screen's list.
pub fn altinn_summary(
    lang: Lang,
    counts: &crate::altinn::check::Counts,
    at: &str,
    demo: bool,
) -> String {
    let demo = if demo { "DEMO · " } else { "" };
    match lang {
        Lang::Nb => format!(
            "{demo}Sjekket {at} · {} dialoger ikke arkivert ({} uleste) · {} uten varsel · {} parter",
            counts.dialogs, counts.unseen, counts.without_notice, counts.parties
        ),
        Lang::En => format!(
            "{demo}Checked {at} · {} dialogs not archived ({} unseen) · {} without a notice · {} parties",
            counts.dialogs, counts.unseen, counts.without_notice, counts.parties
        ),
    }
}

/// A section's heading over its lines (`short` where the screen is narrow).
pub fn altinn_section(
    lang: Lang,
    s: crate::altinn::check::Section,
    n: usize,
    short: bool,
) -> String {
    use crate::altinn::check::Section as S;
    let title = match (s, short) {
        (S::WithoutNotice, false) => lang.pick(
            "UTEN VARSEL – kom ikke som e-post (rutinen pkt. 1)",
            "WITHOUT A NOTICE – no email came for these (routine point 1)",
        ),
        (S::WithoutNotice, true) => lang.pick("UTEN VARSEL (pkt. 1)", "WITHOUT A NOTICE (point 1)"),
        (S::WithNotice, _) => lang.pick("Med varsel", "With a notice"),
        (S::Older, false) => lang.pick(
            "Eldre enn varslene i postkassen (ikke koblet mot varsler)",
            "Older than the notices in the mailbox (not matched)",
        ),
        (S::Older, true) => lang.pick("Eldre (ikke koblet)", "Older (not matched)"),
        (S::NoticesWithoutDialog, false) => lang.pick(
            "Varsler uten dialog (slettet, eller ikke synlig for systembrukeren)",
            "Notices without a dialog (deleted, or not visible to the system user)",
        ),
        (S::NoticesWithoutDialog, true) => {
            lang.pick("Varsler uten dialog", "Notices without a dialog")
        }
        (S::OwnMail, false) => lang.pick(
            "Enheter som henter egen post (følges ikke opp her)",
            "Units that fetch their own mail (not followed up here)",
        ),
        (S::OwnMail, true) => lang.pick("Henter egen post", "Fetch their own mail"),
    };
    format!("{title} ({n})")
}

/// The words of the Altinn screen's list and detail.
pub fn altinn_word(lang: Lang, w: AltinnWord) -> &'static str {
    use AltinnWord as W;
    match w {
        W::Seen => lang.pick("sett", "seen"),
        W::Unseen => lang.pick("ULEST", "UNSEEN"),
        W::Attachment => lang.pick("vedlegg", "attachment"),
        W::Attachments => lang.pick("vedlegg", "attachments"),
        W::Party => lang.pick("Part", "Party"),
        W::Sender => lang.pick("Avsender", "Sender"),
        W::Title => lang.pick("Tittel", "Title"),
        W::Created => lang.pick("Opprettet", "Created"),
        W::Updated => lang.pick("endret", "updated"),
        W::Notice => lang.pick("Varsel", "Notice"),
        W::NoNotice => lang.pick(
            "kom uten varsel – ingen e-post om denne",
            "arrived without a notice – no email came for it",
        ),
        W::NotMatched => lang.pick(
            "eldre enn varslene i postkassen: ikke koblet",
            "older than the notices in the mailbox: not matched",
        ),
        W::NoticeWithoutDialog => lang.pick(
            "varsel uten dialog: slettet i Altinn, eller ikke synlig for systembrukeren",
            "notice without a dialog: deleted in Altinn, or not visible to the system user",
        ),
        W::OwnMail => lang.pick(
            "enheten henter egen post: følges ikke opp her",
            "the unit fetches its own mail: not followed up here",
        ),
        W::Empty => lang.pick(
            "Ingen dialoger som ikke er arkivert, og ingen varsler uten dialog.",
            "No dialogs that are not archived, and no notices without a dialog.",
        ),
        W::NoMatch => lang.pick("Ingenting passer til søket.", "Nothing matches the search."),
        W::NotRun => lang.pick(
            "Trykk r for å sjekke Altinn-innboksen.",
            "Press r to check the Altinn inbox.",
        ),
        W::CannotCheck => lang.pick(
            "Kan ikke sjekke Altinn-innboksen",
            "Cannot check the Altinn inbox",
        ),
        W::Filter => lang.pick("søk", "search"),
    }
}

/// The words [`altinn_word`] has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AltinnWord {
    Seen,
    Unseen,
    Attachment,
    Attachments,
    Party,
    Sender,
    Title,
    Created,
    Updated,
    Notice,
    NoNotice,
    NotMatched,
    NoticeWithoutDialog,
    OwnMail,
    Empty,
    NoMatch,
    NotRun,
    CannotCheck,
    Filter,
}

impl AltinnWord {
    pub const ALL: [AltinnWord; 19] = [
        AltinnWord::Seen,
        AltinnWord::Unseen,
        AltinnWord::Attachment,
        AltinnWord::Attachments,
        AltinnWord::Party,
        AltinnWord::Sender,
        AltinnWord::Title,
        AltinnWord::Created,
        AltinnWord::Updated,
        AltinnWord::Notice,
        AltinnWord::NoNotice,
        AltinnWord::NotMatched,
        AltinnWord::NoticeWithoutDialog,
        AltinnWord::OwnMail,
        AltinnWord::Empty,
        AltinnWord::NoMatch,
        AltinnWord::NotRun,
        AltinnWord::CannotCheck,
        AltinnWord::Filter,
    ];
}

/// The browser started with the dialog's page.
pub fn browser_opened(lang: Lang, url: &str) -> String {
    match lang {
        Lang::Nb => format!("Åpnet i nettleseren: {url}"),
        Lang::En => format!("Opened in the browser: {url}"),
    }
}

/// No browser could start: the address to copy (first, so a narrow status line keeps
/// it).
pub fn browser_failed(lang: Lang, url: &str, why: &str) -> String {
    match lang {
        Lang::Nb => format!("Kopier adressen: {url} (ingen nettleser startet: {why})"),
        Lang::En => format!("Copy the address: {url} (no browser started: {why})"),
    }
}

pub fn no_dialog_selected(lang: Lang) -> &'static str {
    lang.pick(
        "Velg en dialog (et varsel uten dialog har ingen side i Altinn)",
        "Select a dialog (a notice without a dialog has no page in Altinn)",
    )
}

pub fn altinn_already_checking(lang: Lang) -> &'static str {
    lang.pick("Sjekken kjører allerede.", "The check is running already.")
}

/// The check finished: for the status line.
pub fn altinn_checked(lang: Lang, without_notice: usize) -> String {
    match lang {
        Lang::Nb => format!(
            "Altinn-innboksen er sjekket og dagens sjekk registrert: {without_notice} uten varsel"
        ),
        Lang::En => format!(
            "The Altinn inbox is checked and today's check recorded: {without_notice} without a notice"
        ),
    }
}

// the statistics screen

pub fn stats_loading(lang: Lang) -> &'static str {
    lang.pick("Regner ut statistikken …", "Computing the statistics …")
}

pub fn stats_failed(lang: Lang) -> &'static str {
    lang.pick(
        "Statistikken kan ikke regnes ut",
        "Cannot compute the statistics",
    )
}

/// The period the figures cover.
pub fn stats_period(lang: Lang, from: &str, to: &str, weeks: u64) -> String {
    match lang {
        Lang::Nb => format!("Statistikk {from} – {to} ({weeks} uker)"),
        Lang::En => format!("Statistics {from} – {to} ({weeks} weeks)"),
    }
}

/// From arrival to "distributed".
pub fn stats_durations(lang: Lang, count: usize, median: &str, p90: &str) -> String {
    match lang {
        Lang::Nb => {
            format!("Mottatt → fordelt: median {median} t, 90. persentil {p90} t ({count} saker)")
        }
        Lang::En => format!(
            "Arrival → distributed: median {median} h, 90th percentile {p90} h ({count} items)"
        ),
    }
}

pub fn stats_followups(lang: Lang, open: usize, overdue: usize, steps: &str) -> String {
    let steps = if steps.is_empty() {
        String::new()
    } else {
        format!(" ({steps})")
    };
    match lang {
        Lang::Nb => format!("Oppfølging: {open} åpne, {overdue} forfalt{steps}"),
        Lang::En => format!("Follow-up: {open} open, {overdue} overdue{steps}"),
    }
}

/// The working days without the daily check (`days` listed, or "none").
pub fn stats_no_check(lang: Lang, n: usize, days: &str) -> String {
    match (lang, n) {
        (Lang::Nb, 0) => "Dager uten daglig sjekk: ingen".into(),
        (Lang::En, 0) => "Days without the daily check: none".into(),
        (Lang::Nb, _) => format!("Dager uten daglig sjekk: {n} ({days})"),
        (Lang::En, _) => format!("Days without the daily check: {n} ({days})"),
    }
}

pub fn stats_chart_title(lang: Lang) -> &'static str {
    lang.pick("Varsler per dag og handling", "Notices per day by action")
}

pub fn stats_sparkline_title(lang: Lang, total: usize, days: usize) -> String {
    match lang {
        Lang::Nb => format!("Alle varsler per dag, {days} dager: {total}"),
        Lang::En => format!("All notices per day, {days} days: {total}"),
    }
}

pub fn stats_units_title(lang: Lang) -> &'static str {
    lang.pick("Per enhet (topp 10)", "Per unit (top 10)")
}

pub fn stats_nothing(lang: Lang) -> &'static str {
    lang.pick(
        "Ingen varsler behandlet i perioden.",
        "No notices handled in the period.",
    )
}

#[cfg(test)]
mod screens_tests {
    use super::*;
    use crate::altinn::AltinnError as E;
    use crate::altinn::check::Section;

    #[test]
    fn the_altinn_and_statistics_screens_speak_both_languages() {
        let both = |f: &dyn Fn(Lang) -> String| (f(Lang::Nb), f(Lang::En));
        let counts = crate::altinn::check::Counts::default();
        let mut texts: Vec<(String, (String, String))> = vec![
            (
                "unreadable".into(),
                both(&|l| altinn_notices_unreadable(l, "INBOX", "e")),
            ),
            (
                "not_recorded".into(),
                both(&|l| altinn_check_not_recorded(l).into()),
            ),
            ("checking".into(), both(&|l| altinn_checking(l).into())),
            (
                "summary".into(),
                both(&|l| altinn_summary(l, &counts, "08:00", true)),
            ),
            (
                "opened".into(),
                both(&|l| browser_opened(l, "https://af.altinn.no/inbox/x")),
            ),
            (
                "browser_failed".into(),
                both(&|l| browser_failed(l, "https://x", "e")),
            ),
            ("no_dialog".into(), both(&|l| no_dialog_selected(l).into())),
            (
                "already".into(),
                both(&|l| altinn_already_checking(l).into()),
            ),
            ("checked".into(), both(&|l| altinn_checked(l, 2))),
            ("stats_loading".into(), both(&|l| stats_loading(l).into())),
            ("stats_failed".into(), both(&|l| stats_failed(l).into())),
            ("period".into(), both(&|l| stats_period(l, "a", "b", 4))),
            (
                "durations".into(),
                both(&|l| stats_durations(l, 3, "1.0", "2.0")),
            ),
            ("followups".into(), both(&|l| stats_followups(l, 3, 1, "x"))),
            ("no_check0".into(), both(&|l| stats_no_check(l, 0, ""))),
            ("no_check".into(), both(&|l| stats_no_check(l, 2, "x"))),
            ("chart".into(), both(&|l| stats_chart_title(l).into())),
            ("spark".into(), both(&|l| stats_sparkline_title(l, 3, 28))),
            ("units".into(), both(&|l| stats_units_title(l).into())),
            ("nothing".into(), both(&|l| stats_nothing(l).into())),
        ];
        for s in Section::ALL {
            for short in [false, true] {
                texts.push((format!("{s:?}"), both(&|l| altinn_section(l, s, 2, short))));
            }
        }
        for w in AltinnWord::ALL {
            texts.push((format!("{w:?}"), both(&|l| altinn_word(l, w).into())));
        }
        let errors = [
            E::Key("bad".into()),
            E::Unreachable {
                what: "parties".into(),
                host: "h".into(),
                detail: "d".into(),
            },
            E::Timeout {
                what: "parties".into(),
                secs: 3,
            },
            E::TokenRefused {
                status: 400,
                detail: "d".into(),
            },
            E::Unauthorized {
                what: "parties".into(),
            },
            E::Forbidden {
                what: "dialogs".into(),
                party: "p".into(),
            },
            E::NotFound { what: "x".into() },
            E::Conflict { id: "x".into() },
            E::MalformedJson {
                what: "x".into(),
                detail: "d".into(),
            },
        ];
        for e in &errors {
            texts.push((format!("{e:?}"), both(&|l| altinn_error(l, e))));
        }
        for (name, (nb, en)) in texts {
            assert!(
                !nb.trim().is_empty() && !en.trim().is_empty(),
                "{name} is empty"
            );
            assert_ne!(nb, en, "{name} is not translated");
        }
    }
}

/// Why an executor job failed ([`JobError`]) and its words ([`job_error`]).
pub mod job;
pub use job::{AltinnDone, JobError, altinn_done, job_error};
/// The `J` popup: today's journal entries, worded.
pub mod journal;
pub use journal::{JournalLine, JournalWarning, journal_line, journal_warning};
