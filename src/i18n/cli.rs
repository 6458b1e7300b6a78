//! Norwegian bokmål and English texts of the command line (`commands/`): headings,
//! labels and sentences. Words for the core's facts are in `i18n.rs` and
//! `i18n/journal.rs`.

use super::Lang;

/// `1 notification` / `3 notifications` (and the bokmål forms).
pub fn notifications(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Nb, 1) => "1 varsel".into(),
        (Lang::Nb, n) => format!("{n} varsler"),
        (Lang::En, 1) => "1 notification".into(),
        (Lang::En, n) => format!("{n} notifications"),
    }
}

/// What the left-over notifications do: `stays`/`stay in the inbox …`.
pub fn stay_in_inbox(lang: Lang, n: usize) -> &'static str {
    match (lang, n) {
        (Lang::Nb, _) => "blir liggende i innboksen (mistenkelige eller forslag: hopp over).",
        (Lang::En, 1) => "stays in the inbox (suspicious or suggested skip).",
        (Lang::En, _) => "stay in the inbox (suspicious or suggested skip).",
    }
}

// Fixed labels and sentences (no values in them).

/// With `--rule`: how many stay because other rules suggest them.
pub fn stay_for_other_rules(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Nb, 1) => {
            "1 annet varsel blir liggende i innboksen (en annen regel enn --rule).".into()
        }
        (Lang::Nb, n) => {
            format!("{n} andre varsler blir liggende i innboksen (andre regler enn --rule).")
        }
        (Lang::En, 1) => {
            "1 other notification stays in the inbox (another rule than --rule).".into()
        }
        (Lang::En, n) => {
            format!("{n} other notifications stay in the inbox (other rules than --rule).")
        }
    }
}

pub fn days_without_check(lang: Lang) -> &'static str {
    lang.pick(
        "Arbeidsdager uten daglig sjekk",
        "Working days without the daily check",
    )
}

pub fn since(lang: Lang) -> &'static str {
    lang.pick("fra", "since")
}

/// Days as `2026-05-12, 2026-05-13`, or "none".
pub fn days(lang: Lang, days: &[chrono::NaiveDate]) -> String {
    if days.is_empty() {
        return lang.pick("ingen", "none").to_string();
    }
    days.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn waiting_for_lock(lang: Lang) -> &'static str {
    lang.pick(
        "Venter: en annen altinn-sweep arbeider med denne postkassen",
        "Waiting: another altinn-sweep is acting on this mailbox",
    )
}

pub fn nothing_to_do(lang: Lang) -> &'static str {
    lang.pick("Ingenting å gjøre.", "Nothing to do.")
}

pub fn will_be_refused(lang: Lang) -> &'static str {
    lang.pick("avvises", "refused")
}

pub fn dry_run_done(lang: Lang) -> &'static str {
    lang.pick(
        "Ingenting er endret. Kjør `apply --yes` for å utføre planen.",
        "Nothing was changed. Run `apply --yes` to carry out the plan.",
    )
}

pub fn refused(lang: Lang) -> &'static str {
    lang.pick("avvist", "refused")
}

pub fn error(lang: Lang) -> &'static str {
    lang.pick("feil", "error")
}

pub fn handled_elsewhere(lang: Lang) -> &'static str {
    lang.pick(
        "allerede håndtert et annet sted (ikke lenger i innboksen)",
        "already handled elsewhere (no longer in the inbox)",
    )
}

pub fn stopping_journal_unwritable(lang: Lang) -> &'static str {
    lang.pick(
        "Stopper: ingenting mer gjøres før journalen kan skrives.",
        "Stopping: nothing more is done until the journal can be written.",
    )
}

pub fn done(lang: Lang) -> &'static str {
    lang.pick("Utført", "Done")
}

pub fn failed(lang: Lang) -> &'static str {
    lang.pick("feilet", "failed")
}

pub fn already_handled(lang: Lang) -> &'static str {
    lang.pick("allerede håndtert", "already handled")
}

pub fn refused_hint(lang: Lang) -> &'static str {
    lang.pick(
        "Avviste handlinger er journalført; rett årsaken (se over) og kjør igjen. `--resend` sender en ubekreftet videresending på nytt.",
        "Refused actions are journaled; fix the cause (see above) and run again. `--resend` sends an unconfirmed forward again.",
    )
}

pub fn config_file_missing(lang: Lang) -> &'static str {
    lang.pick(
        "(filen finnes ikke ennå: den innebygde standarden brukes; `altinn-sweep init` skriver den)",
        "(the file does not exist yet: the built-in default is used; `altinn-sweep init` writes it)",
    )
}

pub fn config_file_exists(lang: Lang) -> &'static str {
    lang.pick(
        "finnes allerede; rediger den, eller bruk `init --force` for å erstatte den med standarden",
        "already exists; edit it, or use `init --force` to replace it with the default",
    )
}

pub fn wrote(lang: Lang) -> &'static str {
    lang.pick("skrev", "wrote")
}

pub fn init_next_step(lang: Lang) -> &'static str {
    lang.pick(
        "rediger mail.root, forward.from og Lønns adresse (regel sick-pay-not-submitted), og kjør så `altinn-sweep config check`",
        "edit mail.root, forward.from and the payroll address (rule sick-pay-not-submitted), then run `altinn-sweep config check`",
    )
}

pub fn configuration(lang: Lang) -> &'static str {
    lang.pick("konfigurasjon", "configuration")
}

pub fn not_a_maildir(lang: Lang) -> &'static str {
    lang.pick(
        "IKKE EN MAILDIR-MAPPE (mangler cur/ og new/)",
        "NOT A MAILDIR FOLDER (no cur/ or new/)",
    )
}

pub fn missing(lang: Lang) -> &'static str {
    lang.pick("MANGLER", "MISSING")
}

pub fn mail_root_label(lang: Lang) -> &'static str {
    lang.pick("e-postrot:    ", "mail root:    ")
}

pub fn inbox_label(lang: Lang) -> &'static str {
    lang.pick("innboks:      ", "inbox:        ")
}

pub fn archive_label(lang: Lang) -> &'static str {
    lang.pick("arkiv:        ", "archive:      ")
}

pub fn trash_label(lang: Lang) -> &'static str {
    lang.pick("papirkurv:    ", "trash:        ")
}

pub fn journal_label(lang: Lang) -> &'static str {
    lang.pick("journal:      ", "journal:      ")
}

pub fn language_label(lang: Lang) -> &'static str {
    lang.pick("språk:        ", "language:     ")
}

pub fn units_label(lang: Lang) -> &'static str {
    lang.pick("enheter:      ", "units:        ")
}

pub fn own_mail(lang: Lang) -> &'static str {
    lang.pick(" (henter egen post)", " (own mail)")
}

pub fn rules(lang: Lang) -> &'static str {
    lang.pick("regler:", "rules:")
}

pub fn transport_label(lang: Lang) -> &'static str {
    lang.pick("sending:      ", "transport:    ")
}

pub fn altinn_label(lang: Lang) -> &'static str {
    lang.pick("altinn:       ", "altinn:       ")
}

pub fn altinn_off(lang: Lang) -> &'static str {
    lang.pick("av (ingen [altinn]-seksjon)", "off (no [altinn] section)")
}

pub fn sendmail_not_on_path(lang: Lang) -> &'static str {
    lang.pick(
        "finnes ikke på PATH: videresendinger vil feile (installer f.eks. msmtp-mta, eller sett forward.sendmail_command)",
        "is not on PATH: forwards would fail (install e.g. msmtp-mta, or set forward.sendmail_command)",
    )
}

pub fn mailbox_not_ready(lang: Lang) -> &'static str {
    lang.pick(
        "Postkassen er ikke klar: en mappe over mangler (la synkroniseringen opprette den, eller rett navnet).",
        "The mailbox is not ready: a folder above is missing (let the sync tool create it, or fix the name).",
    )
}

pub fn warning(lang: Lang) -> &'static str {
    lang.pick("advarsel", "warning")
}

pub fn or(lang: Lang) -> &'static str {
    lang.pick(" eller ", " or ")
}

pub fn the_trash_folder(lang: Lang) -> &'static str {
    lang.pick("papirkurven", "the trash folder")
}

pub fn trash_missing(lang: Lang) -> &'static str {
    lang.pick(
        "finnes ikke: sletting og videresending vil feile.",
        "does not exist: delete and forward would fail.",
    )
}

pub fn exchange_trash_found(lang: Lang) -> &'static str {
    lang.pick(
        "E-postroten har papirkurven til Exchange/Outlook: sett",
        "The mail root has Exchange/Outlook's trash folder: set",
    )
}

pub fn file(lang: Lang) -> &'static str {
    lang.pick("Fil", "File")
}

pub fn tag_removed(lang: Lang) -> &'static str {
    lang.pick("merkelapp fjernet", "tag removed")
}

pub fn subject_as_read(lang: Lang) -> &'static str {
    lang.pick("emnet som ble lest", "subject as read")
}

pub fn links(lang: Lang) -> &'static str {
    lang.pick("Lenker", "Links")
}

pub fn in_an_attachment(lang: Lang) -> &'static str {
    lang.pick("i vedlegg", "in an attachment")
}

pub fn gateway_banner(lang: Lang) -> &'static str {
    lang.pick(
        "Banner fra e-postsystemet (ikke en del av varselet)",
        "Banner of the mail gateway (not part of the notification)",
    )
}

pub fn body_text(lang: Lang) -> &'static str {
    lang.pick("Brødtekst", "Body text")
}

pub fn recognition(lang: Lang) -> &'static str {
    lang.pick("Gjenkjenning", "Recognition")
}

pub fn no_claim(lang: Lang) -> &'static str {
    lang.pick(
        "Gir seg ikke ut for å være fra Altinn (avsender og emne).",
        "Does not claim to be from Altinn (sender and subject).",
    )
}

pub fn verdict(lang: Lang) -> &'static str {
    lang.pick("Dom", "Verdict")
}

pub fn not_a_notification(lang: Lang) -> &'static str {
    lang.pick(
        "ikke et Altinn-varsel — blir aldri listet eller rørt.",
        "not an Altinn notification — never listed or touched.",
    )
}

pub fn claims_to_be_altinn(lang: Lang) -> &'static str {
    lang.pick("gir seg ut for å være Altinn", "claims to be Altinn")
}

pub fn genuine(lang: Lang) -> &'static str {
    lang.pick(
        "EKTE: klarert avsenderdomene, ingen dmarc=fail eller compauth=fail, alle lenker til klarerte domener.",
        "GENUINE: trusted sender domain, no dmarc=fail or compauth=fail, every link to a trusted domain.",
    )
}

pub fn suspicious(lang: Lang) -> &'static str {
    lang.pick("MISTENKELIG:", "SUSPICIOUS:")
}

pub fn extracted(lang: Lang) -> &'static str {
    lang.pick("Uttrekk", "Extracted")
}

pub fn unit(lang: Lang) -> &'static str {
    lang.pick("enhet", "unit")
}

pub fn rules_not_applied(lang: Lang) -> &'static str {
    lang.pick(
        "Regler: brukes ikke — en mistenkelig melding blir alltid hoppet over.",
        "Rules: not applied — a suspicious message is always skipped.",
    )
}

pub fn suggestion(lang: Lang) -> &'static str {
    lang.pick("Forslag", "Suggestion")
}

pub fn rule(lang: Lang) -> &'static str {
    lang.pick("regel", "rule")
}

pub fn rules_heading(lang: Lang) -> &'static str {
    lang.pick("Regler (første treff vinner)", "Rules (first match wins)")
}

pub fn match_chosen(lang: Lang) -> &'static str {
    lang.pick("TREFF, velges", "MATCH, chosen")
}

pub fn match_too_late(lang: Lang) -> &'static str {
    lang.pick("treff (for sent)", "match (too late)")
}

pub fn no_condition(lang: Lang) -> &'static str {
    lang.pick(
        "(ingen betingelse: treffer alt)",
        "(no condition: matches everything)",
    )
}

pub fn no_match(lang: Lang) -> &'static str {
    lang.pick("ingen treff", "no match")
}

pub fn no_entries_in_period(lang: Lang) -> &'static str {
    lang.pick(
        "ingen oppføringer i journalen for den perioden; journal",
        "no journal entries in that period; journal",
    )
}

pub fn time(lang: Lang) -> &'static str {
    lang.pick("tid", "time")
}

pub fn user(lang: Lang) -> &'static str {
    lang.pick("bruker", "user")
}

pub fn action(lang: Lang) -> &'static str {
    lang.pick("handling", "action")
}

pub fn result(lang: Lang) -> &'static str {
    lang.pick("utfall", "result")
}

pub fn subject(lang: Lang) -> &'static str {
    lang.pick("emne", "subject")
}

pub fn entry(lang: Lang) -> &'static str {
    lang.pick("oppføring", "entry")
}

pub fn to(lang: Lang) -> &'static str {
    lang.pick("til", "to")
}

pub fn pending(lang: Lang) -> &'static str {
    lang.pick("åpen", "pending")
}

pub fn nothing_to_undo(lang: Lang) -> &'static str {
    lang.pick("ingenting å angre", "nothing to undo")
}

pub fn undone(lang: Lang) -> &'static str {
    lang.pick("angret", "undone")
}

pub fn is_back_in(lang: Lang) -> &'static str {
    lang.pick("er tilbake i", "is back in")
}

pub fn note(lang: Lang) -> &'static str {
    lang.pick("merk", "note")
}

pub fn undo_error_of(lang: Lang) -> &'static str {
    lang.pick("feil ved angring av", "error: undo of")
}

pub fn no_notifications(lang: Lang) -> &'static str {
    lang.pick(
        "Ingen Altinn-varsler i innboksen.",
        "No Altinn notifications in the inbox.",
    )
}

pub fn date(lang: Lang) -> &'static str {
    lang.pick("Dato", "Date")
}

pub fn recipient(lang: Lang) -> &'static str {
    lang.pick("Mottaker", "Recipient")
}

pub fn subject_heading(lang: Lang) -> &'static str {
    lang.pick("Emne", "Subject")
}

pub fn rule_heading(lang: Lang) -> &'static str {
    lang.pick("Regel", "Rule")
}

pub fn altinn_notifications(lang: Lang) -> &'static str {
    lang.pick("Altinn-varsler", "Altinn notifications")
}

pub fn of(lang: Lang) -> &'static str {
    lang.pick("av", "of")
}

pub fn messages(lang: Lang) -> &'static str {
    lang.pick("meldinger", "messages")
}

pub fn suspicious_count(lang: Lang) -> &'static str {
    lang.pick("mistenkelige", "suspicious")
}

pub fn suspicious_legend(lang: Lang) -> &'static str {
    lang.pick(
        "(! = ikke rør, sjekk Altinn direkte)",
        "(! = do not act, check Altinn directly)",
    )
}

pub fn unreadable_files(lang: Lang) -> &'static str {
    lang.pick("Filer som ikke kunne leses", "Files that could not be read")
}

pub fn see_stderr(lang: Lang) -> &'static str {
    lang.pick("(se stderr).", "(see stderr).")
}

pub fn demo_mailbox_kept(lang: Lang) -> &'static str {
    lang.pick("Demo-postkassen ligger i", "The demo mailbox is kept in")
}

pub fn demo_journal(lang: Lang) -> &'static str {
    lang.pick(
        "Demoens egen journal (ikke din)",
        "The demo's own journal (not yours)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_texts_in_both_languages() {
        for n in [1, 3] {
            assert_ne!(notifications(Lang::Nb, n), notifications(Lang::En, n));
            assert_ne!(stay_in_inbox(Lang::Nb, n), stay_in_inbox(Lang::En, n));
        }
        assert_eq!(notifications(Lang::Nb, 1), "1 varsel");
        assert_eq!(notifications(Lang::En, 3), "3 notifications");
    }

    /// Every fixed text exists in both languages, and the two differ except where the
    /// word is the same in both (listed in `same`).
    #[test]
    fn every_fixed_text_in_both_languages() {
        let same: &[&str] = &["journal_label", "altinn_label"];
        use crate::i18n::Text;
        let all: &[(&str, Text)] = &[
            ("days_without_check", days_without_check),
            ("since", since),
            ("waiting_for_lock", waiting_for_lock),
            ("nothing_to_do", nothing_to_do),
            ("will_be_refused", will_be_refused),
            ("dry_run_done", dry_run_done),
            ("refused", refused),
            ("error", error),
            ("handled_elsewhere", handled_elsewhere),
            ("stopping_journal_unwritable", stopping_journal_unwritable),
            ("done", done),
            ("failed", failed),
            ("already_handled", already_handled),
            ("refused_hint", refused_hint),
            ("config_file_missing", config_file_missing),
            ("config_file_exists", config_file_exists),
            ("wrote", wrote),
            ("init_next_step", init_next_step),
            ("configuration", configuration),
            ("not_a_maildir", not_a_maildir),
            ("missing", missing),
            ("mail_root_label", mail_root_label),
            ("inbox_label", inbox_label),
            ("archive_label", archive_label),
            ("trash_label", trash_label),
            ("journal_label", journal_label),
            ("transport_label", transport_label),
            ("altinn_label", altinn_label),
            ("altinn_off", altinn_off),
            ("sendmail_not_on_path", sendmail_not_on_path),
            ("mailbox_not_ready", mailbox_not_ready),
            ("language_label", language_label),
            ("units_label", units_label),
            ("own_mail", own_mail),
            ("rules", rules),
            ("warning", warning),
            ("or", or),
            ("the_trash_folder", the_trash_folder),
            ("trash_missing", trash_missing),
            ("exchange_trash_found", exchange_trash_found),
            ("file", file),
            ("tag_removed", tag_removed),
            ("subject_as_read", subject_as_read),
            ("links", links),
            ("in_an_attachment", in_an_attachment),
            ("gateway_banner", gateway_banner),
            ("body_text", body_text),
            ("recognition", recognition),
            ("no_claim", no_claim),
            ("verdict", verdict),
            ("not_a_notification", not_a_notification),
            ("claims_to_be_altinn", claims_to_be_altinn),
            ("genuine", genuine),
            ("suspicious", suspicious),
            ("extracted", extracted),
            ("unit", unit),
            ("rules_not_applied", rules_not_applied),
            ("suggestion", suggestion),
            ("rule", rule),
            ("rules_heading", rules_heading),
            ("match_chosen", match_chosen),
            ("match_too_late", match_too_late),
            ("no_condition", no_condition),
            ("no_match", no_match),
            ("no_entries_in_period", no_entries_in_period),
            ("time", time),
            ("user", user),
            ("action", action),
            ("result", result),
            ("subject", subject),
            ("entry", entry),
            ("to", to),
            ("pending", pending),
            ("nothing_to_undo", nothing_to_undo),
            ("undone", undone),
            ("is_back_in", is_back_in),
            ("note", note),
            ("undo_error_of", undo_error_of),
            ("no_notifications", no_notifications),
            ("date", date),
            ("recipient", recipient),
            ("subject_heading", subject_heading),
            ("rule_heading", rule_heading),
            ("altinn_notifications", altinn_notifications),
            ("of", of),
            ("messages", messages),
            ("suspicious_count", suspicious_count),
            ("suspicious_legend", suspicious_legend),
            ("unreadable_files", unreadable_files),
            ("see_stderr", see_stderr),
            ("demo_mailbox_kept", demo_mailbox_kept),
            ("demo_journal", demo_journal),
        ];
        crate::i18n::assert_both_languages(all, same);
    }
}

// the Altinn section, shared with the TUI's Altinn screen

/// `config_file: …`: the one line every place that needs the `[altinn]` section says
/// when it is missing.
pub fn no_altinn_section(lang: Lang, config_file: &str) -> String {
    let why = match lang {
        Lang::Nb => {
            "ingen [altinn]-seksjon: Altinn-innboksen krever environment, client_id, key_file eller key_command, key_id og org (se README, «Altinn-innboksen»)"
        }
        Lang::En => {
            "no [altinn] section: the Altinn inbox needs environment, client_id, key_file or key_command, key_id and org (see the README, \"The Altinn inbox\")"
        }
    };
    format!("{config_file}: {why}")
}

#[cfg(test)]
mod altinn_section_tests {
    use super::*;

    #[test]
    fn the_missing_section_is_worded_in_both_languages() {
        let (nb, en) = (
            no_altinn_section(Lang::Nb, "c.toml"),
            no_altinn_section(Lang::En, "c.toml"),
        );
        assert!(nb.starts_with("c.toml: ") && en.starts_with("c.toml: "));
        assert_ne!(nb, en);
    }
}
