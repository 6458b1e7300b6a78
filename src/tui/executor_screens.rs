//! What the executor does for the statistics and Altinn screens (called from
//! [`super::executor::ActorExecutor`] on the executor's thread): the same library calls as
//! `altinn-sweep stats` and `altinn-sweep altinn check`, with typed errors that the
//! screens word.

use super::app::altinn::CheckWarning;
use super::app::stats::WEEKS;
use super::app::{AltinnReport, JobError};
use crate::altinn::api::Client;
use crate::altinn::check::{self, Notice};
use crate::altinn::demo::Demo;
use crate::altinn::http::Http;
use crate::altinn::token::{Key, Tokens};
use crate::config::{BUILT_IN, Config};
use crate::followup;
use crate::journal::{self, Entry, Journal};
use crate::maildir::Folders;
use crate::stats::{self, Stats};
use std::path::Path;

/// The figures of the last [`WEEKS`] weeks up to now, as `altinn-sweep stats` computes
/// them.
/// `demo`: the demo's invented history ([`super::demo_history`]) counts too.
pub fn stats(config: &Config, data_dir: &Path, demo: bool) -> Result<Stats, JobError> {
    let now = journal::now();
    let listing = followup::list(config, now)?;
    let journal = Journal::in_dir(data_dir);
    let (mut entries, _) = journal.read().map_err(|source| JobError::ReadJournal {
        path: journal.path.clone(),
        source,
    })?;
    if demo {
        let mut all = super::demo_history::history(config, now, WEEKS);
        all.append(&mut entries);
        entries = all;
    }
    let checks = followup::checks_by_day(&listing.shared, &entries);
    Ok(stats::compute(
        config, &entries, &listing, &checks, now, WEEKS,
    ))
}

/// The notification emails of the inbox and the Altinn folder (as `altinn check` reads
/// them), and a warning per folder that could not be read.
pub(super) fn mailbox_notices(config: &Config) -> (Vec<Notice>, Vec<CheckWarning>) {
    let folders = Folders::new(&config.mail_root(), &config.mail);
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for folder in [&folders.inbox, &folders.archive] {
        if !folder.exists() {
            continue;
        }
        match crate::scan::scan(folder, config, &|_, _| {}) {
            Ok(report) => out.extend(
                report
                    .items
                    .iter()
                    .filter_map(|i| Notice::from_item(i, config)),
            ),
            Err(e) => warnings.push(CheckWarning::NoticesUnreadable {
                folder: folder.clone(),
                error: e.to_string(),
            }),
        }
    }
    (out, warnings)
}

/// The daily check through Dialogporten (or, in the demo, over dialogs seeded from the
/// mailbox's notices), recorded in the journal in `data_dir` as `altinn check` records it.
pub fn altinn_check(
    config: &Config,
    data_dir: &Path,
    demo: bool,
) -> Result<AltinnReport, JobError> {
    let altinn = match &config.altinn {
        _ if demo => None,
        Some(a) => Some(a),
        None => {
            let config_file = config
                .source
                .as_ref()
                .map_or(BUILT_IN.to_string(), |p| p.display().to_string());
            return Err(JobError::NoAltinnSection { config_file });
        }
    };
    let (notices, mut warnings) = mailbox_notices(config);
    let subjects = notices
        .iter()
        .map(|n| (n.path.clone(), n.subject.clone()))
        .collect();
    let result = match altinn {
        None => check::run(&Demo::seeded(config, &notices), config, notices),
        Some(a) => {
            let key = Key::load(config, a)?;
            let client = Client::new(
                Http::new(a.timeout()),
                a.base_url(),
                Tokens::new(key, a.clone()),
            );
            check::run(&client, config, notices)
        }
    };
    let mut entry = Entry::altinn_check(
        &journal::current_user(),
        result
            .as_ref()
            .map(check::Outcome::counts)
            .map_err(journal::Failure::from),
    );
    // the day's check, shared with the roster through the mailbox like `c`
    crate::followup::share_check(config, &mut entry);
    let journal = Journal::in_dir(data_dir);
    let recorded = journal.append(&entry);
    let mut outcome = result?;
    // the view shows times as they come: in the clerk's own time zone
    for r in &mut outcome.rows {
        r.created_at = local(&r.created_at);
        r.updated_at = local(&r.updated_at);
    }
    if let Err(e) = recorded {
        warnings.push(CheckWarning::NotRecorded {
            journal: journal.path.clone(),
            error: e.to_string(),
        });
    }
    Ok(AltinnReport {
        outcome,
        subjects,
        demo,
        at: entry.ts.format("%H:%M").to_string(),
        warnings,
    })
}

/// An RFC 3339 time in the local time zone (as it came when it is not one).
fn local(t: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| d.with_timezone(&chrono::Local).to_rfc3339())
        .unwrap_or_else(|_| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{DEFAULT_CONFIG, Layout};
    use crate::journal::Act;
    use crate::tui::executor::tests::copy_tree;

    /// The default configuration on a private copy of the demo mailbox: the check writes
    /// its shared record into the mailbox, never into the repository's assets.
    fn demo_config(dir: &Path) -> Config {
        let root = dir.join("Mail");
        copy_tree(
            Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo/Mail")),
            &root,
        );
        let mut c = Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap();
        c.mail.root = root.to_string_lossy().into_owned();
        c.mail.layout = Layout::Verbatim;
        c
    }

    #[test]
    fn without_the_section_the_check_says_what_is_missing_and_records_nothing() {
        let data = tempfile::tempdir().unwrap();
        let mail = tempfile::tempdir().unwrap();
        let e = altinn_check(&demo_config(mail.path()), data.path(), false).unwrap_err();
        assert!(matches!(e, JobError::NoAltinnSection { .. }), "{e:?}");
        let e = crate::i18n::tui::job_error(crate::i18n::Lang::Nb, &e);
        assert!(e.contains("ingen [altinn]-seksjon"), "{e}");
        assert!(!Journal::in_dir(data.path()).path.exists());
    }

    #[test]
    fn the_demo_check_is_recorded_as_the_days_check_with_its_counts() {
        let data = tempfile::tempdir().unwrap();
        let mail = tempfile::tempdir().unwrap();
        let config = demo_config(mail.path());
        let r = altinn_check(&config, data.path(), true).unwrap();
        let counts = r.outcome.counts();
        assert_eq!(counts.without_notice, 2);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let (entries, _) = Journal::in_dir(data.path()).read().unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].action, Act::Check);
        assert_eq!(entries[0].counts, Some(counts));
        // shared with the roster: a check record in the mailbox
        assert!(entries[0].record.is_some(), "{:?}", entries[0]);
        assert!(
            std::fs::read_dir(Path::new(&config.mail.root).join("Altinn/Oppfolging/new"))
                .unwrap()
                .count()
                == 1
        );
        // the statistics see it: today is not a day without the check
        let s = stats(&config, data.path(), false).unwrap();
        let today = journal::now().date_naive();
        assert!(!s.days_without_check.contains(&today));
        // and the demo's invented history fills the weeks before
        let demo = stats(&config, data.path(), true).unwrap();
        assert!(demo.per_day.iter().map(|d| d.total()).sum::<usize>() > 40);
        assert!(!demo.per_unit.is_empty());
    }
}
