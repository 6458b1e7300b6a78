//! The daily check (routine point 1) done by the tool: every dialog of the organisation
//! and its sub-units that is not archived or binned, and which of them arrived without a
//! notification email. A notice is matched to its dialog by the activity Altinn writes
//! when it emails one ("Varsel om mottatt melding sendt til <address> på e-post."), the
//! party, the sender and the time.

use super::AltinnError;
use super::api::{self, DialogItem, Dialogs, Party};
use crate::config::Config;
use crate::orgnr::OrgNr;
use std::path::PathBuf;

/// The words of the activity that says a notification email was sent.
pub const NOTICE_PREFIX: &str = "Varsel om mottatt melding sendt til ";
const NOTICE_SUFFIX: &str = " på e-post";
/// Notices this much older than the newest one are not matched (nor their dialogs
/// looked up).
pub const MATCH_WINDOW_SECS: i64 = 30 * 24 * 3600;
/// A notice email arrives within this long of the activity that says it was sent.
const MAX_DELAY_SECS: i64 = 6 * 3600;

/// The address in a notice activity's description.
pub fn notice_address(description: &str) -> Option<String> {
    let rest = description.trim().strip_prefix(NOTICE_PREFIX)?;
    let addr = rest.split(NOTICE_SUFFIX).next()?.trim();
    (addr.contains('@') && !addr.contains(char::is_whitespace)).then(|| addr.to_lowercase())
}

/// A notification email from the mailbox.
#[derive(Debug, Clone)]
pub struct Notice {
    pub path: PathBuf,
    /// The To addresses, lower case.
    pub to: Vec<String>,
    pub org: Option<OrgNr>,
    pub sender: Option<String>,
    /// Seconds since the epoch (the Date header).
    pub ts: Option<i64>,
    pub subject: String,
    /// The unit fetches its own mail (routine point 2): listed apart.
    pub own_mail: bool,
}

impl Notice {
    /// A notice from a scanned notification; `None` for a suspicious one (an imitation
    /// is not Altinn's notice).
    pub fn from_item(item: &crate::scan::Item, config: &Config) -> Option<Notice> {
        Notice::from_analysis(&item.file.path, &item.analysis, config)
    }

    /// The same for a notice read on its own (a follow-up item's file at `path`).
    pub fn from_analysis(
        path: &std::path::Path,
        a: &crate::scan::Analysis,
        config: &Config,
    ) -> Option<Notice> {
        if a.suspicious() {
            return None;
        }
        let unit = a.unit_in(config);
        Some(Notice {
            path: path.to_path_buf(),
            to: a.mail.to.iter().map(|t| t.to_lowercase()).collect(),
            org: unit.map(|u| u.org).or(a.extracted.recipient_org),
            sender: a.extracted.sender.clone(),
            ts: a.mail.timestamp,
            subject: a.mail.subject.clone().unwrap_or_default(),
            own_mail: unit.is_some_and(|u| u.fetches_own_mail),
        })
    }
}

/// Altinn's word that it emailed a notice for a dialog.
#[derive(Debug, Clone)]
pub struct NoticeSent {
    pub dialog: String,
    pub address: String,
    pub ts: Option<i64>,
}

/// One dialog as the check shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    pub id: String,
    /// The party's org number (digits), or its URN when it is not an organisation.
    pub party: String,
    pub party_name: String,
    pub sender: String,
    pub title: String,
    pub created_at: String,
    pub updated_at: String,
    pub seen: bool,
    pub attachments: i64,
    /// The unit fetches its own mail: not the document centre's to follow up.
    pub own_mail: bool,
    /// Altinn says it emailed a notice for it.
    pub notified: bool,
    /// The matched notification email.
    pub notice: Option<PathBuf>,
    /// Whether the dialog was matched against the notices at all: dialogs older than
    /// the notices looked at ([`MATCH_WINDOW_SECS`]) are not, so "no notice" says
    /// nothing about them.
    pub notice_checked: bool,
    /// The end-user context's revision (for archiving with If-Match).
    pub revision: Option<String>,
    pub url: String,
    #[serde(skip)]
    pub org: Option<OrgNr>,
    #[serde(skip)]
    pub created_ts: i64,
}

impl Row {
    pub fn new(d: &DialogItem, parties: &[Party], config: &Config) -> Row {
        let org = super::party_org(&d.party);
        let party_name = parties
            .iter()
            .find(|p| p.party == d.party)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let own_mail =
            org.is_some_and(|o| config.all_units().any(|u| u.org == o && u.fetches_own_mail));
        Row {
            id: d.id.clone(),
            party: org.map_or_else(|| d.party.clone(), |o| o.digits()),
            party_name,
            sender: d.sender().to_string(),
            title: d.title().to_string(),
            created_at: d.created_at.clone(),
            updated_at: d.updated_at.clone(),
            seen: d.is_content_seen,
            attachments: d.gui_attachment_count.unwrap_or(0),
            own_mail,
            notified: false,
            notice: None,
            notice_checked: false,
            revision: d.revision().map(str::to_string),
            url: super::arbeidsflate_url(&d.id),
            org,
            created_ts: d.created_ts(),
        }
    }
}

/// Counts for the journal and the summary line: defined with the journal entry that
/// records them (so the journal imports nothing above it).
pub use crate::journal::Counts;

/// The check's result.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub parties: Vec<Party>,
    pub rows: Vec<Row>,
    /// Notices (of units the centre follows up) no dialog answers to: deleted, or not
    /// visible to the system user.
    pub notices_without_dialog: Vec<Notice>,
    /// The same for units that fetch their own mail.
    pub own_mail_notices_without_dialog: Vec<Notice>,
    /// How many notices were considered (within the window).
    pub notices: usize,
}

impl Outcome {
    pub fn counts(&self) -> Counts {
        Counts {
            parties: self.parties.len(),
            dialogs: self.rows.len(),
            unseen: self.rows.iter().filter(|r| !r.seen).count(),
            without_notice: self
                .rows
                .iter()
                .filter(|r| !r.own_mail && r.notice_checked && r.notice.is_none())
                .count(),
            notices_without_dialog: self.notices_without_dialog.len(),
            own_mail: self.rows.iter().filter(|r| r.own_mail).count(),
            older: self
                .rows
                .iter()
                .filter(|r| !r.own_mail && !r.notice_checked)
                .count(),
        }
    }
}

/// The parts of the check's result, in the routine's order (the Altinn screen lists
/// them so): dialogs without a notice first, what routine point 1 is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// Dialogs of followed-up units matched against the notices, with none.
    WithoutNotice,
    WithNotice,
    /// Dialogs older than the notices looked at: not matched.
    Older,
    /// Notices no dialog answers to (deleted, or not visible to the system user).
    NoticesWithoutDialog,
    /// Dialogs and notices of units that fetch their own mail.
    OwnMail,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::WithoutNotice,
        Section::WithNotice,
        Section::Older,
        Section::NoticesWithoutDialog,
        Section::OwnMail,
    ];
}

/// The section a dialog belongs in.
pub fn section_of(row: &Row) -> Section {
    if row.own_mail {
        Section::OwnMail
    } else if !row.notice_checked {
        Section::Older
    } else if row.notice.is_none() {
        Section::WithoutNotice
    } else {
        Section::WithNotice
    }
}

/// The folders whose notices the check matches: the inbox, the archive folder (open
/// follow-up items) and the follow-up step folder of fetched items, whose dialogs are
/// not archived in Altinn yet (so a dialog fetched through the tool keeps its notice).
/// Notices of later steps are left out: their dialogs are archived in Altinn.
pub fn notice_folders(config: &Config) -> Vec<PathBuf> {
    let folders = crate::maildir::Folders::new(&config.mail_root(), &config.mail);
    let store = crate::followup::Store::new(config);
    let fetched = store
        .folders
        .iter()
        .find(|(s, _)| *s == crate::followup::Step::Fetched)
        .map(|(_, p)| p.clone());
    let mut out = vec![folders.inbox, folders.archive];
    out.extend(fetched.filter(|f| !out.contains(f)));
    out
}

/// The notices the check matches and where its window starts: [`MATCH_WINDOW_SECS`]
/// before the newest notice (before now when there is none); older notices are left out.
pub fn in_window(mut notices: Vec<Notice>, now: i64) -> (Vec<Notice>, i64) {
    let newest = notices.iter().filter_map(|n| n.ts).max().unwrap_or(now);
    let start = newest - MATCH_WINDOW_SECS;
    notices.retain(|n| n.ts.is_none_or(|t| t >= start));
    (notices, start)
}

/// Runs the check: parties, their dialogs, the notice activities of the dialogs in the
/// notices' window, and the matching. Never reads a dialog's details (never marks seen).
pub fn run(
    client: &dyn Dialogs,
    config: &Config,
    notices: Vec<Notice>,
) -> Result<Outcome, AltinnError> {
    let parties = client.parties()?;
    let max = client.max_parties()?;
    let urns: Vec<String> = parties.iter().map(|p| p.party.clone()).collect();
    let dialogs = if urns.is_empty() {
        Vec::new()
    } else {
        client.dialogs(&urns, max)?
    };
    let (notices, start) = in_window(notices, chrono::Utc::now().timestamp());
    // A dialog a day older than the window may still have its notice inside it.
    let checked = |d: &DialogItem| d.created_ts() >= start - 24 * 3600;
    let mut sent = Vec::new();
    for d in dialogs.iter().filter(|d| checked(d)) {
        sent.extend(notices_sent(client, d)?);
    }
    let mut rows: Vec<Row> = dialogs
        .iter()
        .map(|d| Row {
            notice_checked: checked(d),
            ..Row::new(d, &parties, config)
        })
        .collect();
    let unmatched = match_notices(&mut rows, &sent, &notices);
    let (own, followed): (Vec<Notice>, Vec<Notice>) = unmatched
        .into_iter()
        .map(|i| notices[i].clone())
        .partition(|n| n.own_mail);
    Ok(Outcome {
        parties,
        rows,
        notices_without_dialog: followed,
        own_mail_notices_without_dialog: own,
        notices: notices.len(),
    })
}

/// What Altinn says it emailed for one dialog: from the latest activity when that is
/// the notice, else from the activity list and each `Information` activity.
fn notices_sent(client: &dyn Dialogs, d: &DialogItem) -> Result<Vec<NoticeSent>, AltinnError> {
    let from = |a: &api::Activity| -> Option<NoticeSent> {
        let text = api::localized(a.description.as_deref()?)?;
        Some(NoticeSent {
            dialog: d.id.clone(),
            address: notice_address(text)?,
            ts: a.created_at.as_deref().and_then(api::timestamp),
        })
    };
    let mut out = Vec::new();
    let latest = d.latest_activity.as_ref().and_then(from);
    for a in client.activities(&d.id)? {
        if a.kind.as_deref() != Some("Information") {
            continue;
        }
        if let Some(l) = &latest
            && d.latest_activity.as_ref().is_some_and(|x| x.id == a.id)
        {
            out.push(l.clone());
            continue;
        }
        if let Some(n) = from(&client.activity(&d.id, &a.id)?) {
            out.push(n);
        }
    }
    Ok(out)
}

fn fold(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The same sender, as far as the words tell: one name contains the other.
fn same_sender(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// Matches notices to dialogs. A notice fits a notice activity when it went to the
/// address the activity names, for the dialog's party, no earlier than a few minutes
/// before the activity and within hours after it. Activities are taken in the order they
/// happened, each taking the earliest fitting notice not yet taken (Altinn sends them in
/// that order), one with the dialog's sender before one without. A dialog with several
/// notice activities (a reminder) takes a notice for each; the first is shown. Sets
/// `notified` and `notice` on the rows and returns the indexes of the notices no dialog
/// took.
pub fn match_notices(rows: &mut [Row], sent: &[NoticeSent], notices: &[Notice]) -> Vec<usize> {
    const SKEW_SECS: i64 = 5 * 60;
    let mut order: Vec<(i64, usize, &NoticeSent)> = Vec::new();
    for s in sent {
        if let Some(ri) = rows.iter().position(|r| r.id == s.dialog) {
            rows[ri].notified = true;
            order.push((s.ts.unwrap_or(rows[ri].created_ts), ri, s));
        }
    }
    order.sort_by_key(|(when, ri, _)| (*when, *ri));
    let mut used = vec![false; notices.len()];
    for (when, ri, s) in order {
        let row = &rows[ri];
        let best = notices
            .iter()
            .enumerate()
            .filter(|(ni, n)| !used[*ni] && n.to.contains(&s.address))
            .filter(|(_, n)| match (n.org, row.org) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            })
            .filter(|(_, n)| {
                n.ts.is_none_or(|t| t >= when - SKEW_SECS && t <= when + MAX_DELAY_SECS)
            })
            .min_by_key(|(_, n)| {
                let other_sender = n
                    .sender
                    .as_deref()
                    .is_some_and(|ns| !same_sender(ns, &row.sender));
                (other_sender, n.ts.unwrap_or(i64::MAX))
            })
            .map(|(ni, _)| ni);
        if let Some(ni) = best {
            used[ni] = true;
            if rows[ri].notice.is_none() {
                rows[ri].notice = Some(notices[ni].path.clone());
            }
        }
    }
    (0..notices.len()).filter(|i| !used[*i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_activity_names_the_address() {
        assert_eq!(
            notice_address(
                "Varsel om mottatt melding sendt til Postmottak@Sandnes.kommune.no på e-post."
            ),
            Some("postmottak@sandnes.kommune.no".into())
        );
        assert_eq!(
            notice_address("Varsel om mottatt melding sendt til 4790000000 på SMS."),
            None
        );
        assert_eq!(notice_address("Dialogen ble opprettet"), None);
    }

    fn row(id: &str, org: &str, sender: &str, ts: i64) -> Row {
        Row {
            id: id.into(),
            party: org.into(),
            party_name: String::new(),
            sender: sender.into(),
            title: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
            seen: false,
            attachments: 0,
            own_mail: false,
            notified: false,
            notice: None,
            notice_checked: true,
            revision: None,
            url: String::new(),
            org: org.parse().ok(),
            created_ts: ts,
        }
    }

    fn notice(path: &str, org: &str, sender: &str, ts: i64) -> Notice {
        Notice {
            path: path.into(),
            to: vec!["post@sandnes.kommune.no".into()],
            org: org.parse().ok(),
            sender: Some(sender.into()),
            ts: Some(ts),
            subject: String::new(),
            own_mail: false,
        }
    }

    #[test]
    fn notices_go_to_the_dialog_of_their_party_and_time() {
        let mut rows = vec![
            row("a", "964965137", "Skatteetaten", 1000),
            row("b", "973857673", "Skatteetaten", 1000),
            row("c", "964965137", "NAV", 1000),
        ];
        let sent: Vec<NoticeSent> = ["a", "b"]
            .iter()
            .map(|d| NoticeSent {
                dialog: d.to_string(),
                address: "post@sandnes.kommune.no".into(),
                ts: Some(1010),
            })
            .collect();
        let notices = vec![
            notice("n-b", "973857673", "Skatteetaten", 1100),
            notice("n-a", "964965137", "Skatteetaten", 1200),
            notice("n-late", "964965137", "Skatteetaten", 1000 + 7 * 3600),
        ];
        let unmatched = match_notices(&mut rows, &sent, &notices);
        assert_eq!(rows[0].notice.as_deref(), Some(std::path::Path::new("n-a")));
        assert_eq!(rows[1].notice.as_deref(), Some(std::path::Path::new("n-b")));
        assert_eq!(rows[2].notice, None);
        assert!(!rows[2].notified);
        assert_eq!(unmatched, vec![2]);
    }
}
