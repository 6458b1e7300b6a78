//! Dialogs seeded from a mailbox's notices, so the check can be shown without
//! credentials or network: most notices get a dialog with Altinn's notice activity, every
//! fourth gets none (a notice without a dialog), two dialogs arrive without a notice, and
//! one is for a unit that fetches its own mail.

use super::AltinnError;
use super::api::{
    Activity, Attachment, AttachmentUrl, ContentSummary, ContentValue, Dialog, DialogItem, Dialogs,
    EndUserContext, Inbox, Localization, Party,
};
use super::check::{NOTICE_PREFIX, Notice};
use crate::config::Config;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

/// Where the demo's documents "are": never fetched over a network, only looked up here.
pub const DEMO_ATTACHMENT_BASE: &str = "https://demo.altinn-sweep.invalid/attachments/";

/// The seeded inbox. Fetching and archiving work on it as on Dialogporten (details mark
/// a dialog seen, archiving takes it out of the list and checks the revision), in memory.
#[derive(Debug, Default)]
pub struct Demo {
    pub parties: Vec<Party>,
    pub dialogs: Vec<DialogItem>,
    pub activities: HashMap<String, Vec<Activity>>,
    acted: Mutex<Acted>,
}

/// What the clerk did to the demo's dialogs.
#[derive(Debug, Clone, Default)]
struct Acted {
    seen: HashSet<String>,
    archived: HashSet<String>,
    /// Revisions after an archive.
    revisions: HashMap<String, String>,
}

impl Clone for Demo {
    fn clone(&self) -> Demo {
        Demo {
            parties: self.parties.clone(),
            dialogs: self.dialogs.clone(),
            activities: self.activities.clone(),
            acted: Mutex::new(self.acted().clone()),
        }
    }
}

/// A stable UUID-shaped id (v7 layout) for a seed text: the demo's dialogs, and the
/// Dialogporten the integration tests run, name what they seed with it.
pub fn id_for(seed: &str) -> String {
    let mut h = DefaultHasher::new();
    seed.hash(&mut h);
    let a = h.finish();
    "demo".hash(&mut h);
    let b = h.finish();
    format!(
        "{:08x}-{:04x}-7{:03x}-8{:03x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        a as u16 & 0xfff,
        (b >> 48) as u16 & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

fn text(v: &str) -> Option<ContentValue> {
    Some(ContentValue {
        value: Some(vec![Localization {
            language_code: "nb".into(),
            value: v.into(),
        }]),
    })
}

fn time(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Demo {
    /// Seeds dialogs for the notices of `config`'s organisation and units.
    pub fn seeded(config: &Config, notices: &[Notice]) -> Demo {
        let mut demo = Demo::default();
        let urn = |o: crate::orgnr::OrgNr| super::party_urn(o);
        let party = |name: &str, org| Party {
            party: urn(org),
            name: name.to_uppercase(),
            party_type: "Organization".into(),
            is_deleted: false,
            sub_parties: None,
        };
        let mut main = party(&config.organisation.name, config.organisation.org);
        main.sub_parties = Some(
            config
                .units
                .iter()
                .map(|u| party(&format!("{} {}", config.organisation.name, u.name), u.org))
                .collect(),
        );
        demo.parties.push(main);
        let known = |o: Option<crate::orgnr::OrgNr>| {
            o.filter(|o| config.all_units().any(|u| u.org == *o))
                .unwrap_or(config.organisation.org)
        };
        let mut dated: Vec<&Notice> = notices.iter().filter(|n| n.ts.is_some()).collect();
        dated.sort_by_key(|n| n.ts);
        let newest = dated
            .last()
            .and_then(|n| n.ts)
            .unwrap_or_else(|| chrono::Utc::now().timestamp());
        for (i, n) in dated.iter().enumerate() {
            if i % 4 == 3 {
                continue; // a notice whose dialog is gone
            }
            let ts = n.ts.unwrap_or(newest);
            let to = n.to.first().cloned().unwrap_or_default();
            // seeded by the notice's unique name: the same ids wherever the mailbox is
            // and whichever folder or flags the notice has now
            let seed = n
                .path
                .file_name()
                .map(|f| crate::maildir::parse_name(&crate::maildir::name_text(f)).unique)
                .unwrap_or_else(|| n.path.to_string_lossy().into_owned());
            demo.add(
                &seed,
                known(n.org),
                n.sender.as_deref().unwrap_or("Altinn"),
                &n.subject,
                ts - 120,
                Some((to, ts - 60)),
            );
        }
        let org = config.organisation.org;
        demo.add(
            "silent-1",
            org,
            "Statens vegvesen",
            "Vedtak om tilskudd",
            newest - 3 * 3600,
            None,
        );
        demo.add(
            "silent-2",
            org,
            "Arbeidstilsynet",
            "Varsel om tilsyn",
            newest - 5 * 3600,
            None,
        );
        if let Some(own) = config.units.iter().find(|u| u.fetches_own_mail) {
            demo.add(
                "own-mail",
                own.org,
                "Statsforvalteren",
                &format!("Melding til {}", own.name),
                newest - 2 * 3600,
                None,
            );
        }
        demo.dialogs
            .sort_by_key(|d| std::cmp::Reverse(d.created_ts()));
        demo
    }

    fn add(
        &mut self,
        seed: &str,
        org: crate::orgnr::OrgNr,
        sender: &str,
        title: &str,
        created: i64,
        notice: Option<(String, i64)>,
    ) {
        let id = id_for(seed);
        let mut acts = vec![Activity {
            id: id_for(&format!("{seed}/created")),
            kind: Some("DialogCreated".into()),
            created_at: Some(time(created)),
            description: None,
        }];
        if let Some((to, at)) = notice {
            acts.push(Activity {
                id: id_for(&format!("{seed}/notice")),
                kind: Some("Information".into()),
                created_at: Some(time(at)),
                description: Some(vec![Localization {
                    language_code: "nb".into(),
                    value: format!("{NOTICE_PREFIX}{to} på e-post."),
                }]),
            });
        }
        self.dialogs.push(DialogItem {
            id: id.clone(),
            org: "digdir".into(),
            party: super::party_urn(org),
            service_resource: "urn:altinn:resource:demo".into(),
            created_at: time(created),
            updated_at: time(created),
            is_content_seen: false,
            gui_attachment_count: Some(1),
            content: Some(ContentSummary {
                title: text(title),
                sender_name: text(sender),
                summary: None,
            }),
            end_user_context: Some(EndUserContext {
                revision: Some(id_for(&format!("{seed}/revision"))),
                system_labels: Some(vec!["Default".into()]),
            }),
            latest_activity: acts.last().cloned(),
        });
        self.activities.insert(id, acts);
    }
}

impl Demo {
    fn acted(&self) -> std::sync::MutexGuard<'_, Acted> {
        self.acted.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn item(&self, id: &str) -> Result<&DialogItem, AltinnError> {
        self.dialogs
            .iter()
            .find(|d| d.id == id)
            .ok_or_else(|| AltinnError::NotFound {
                what: format!("dialog {id}"),
            })
    }

    /// The one document of a demo dialog: its name and a short text made from the dialog.
    fn document(d: &DialogItem) -> (String, Vec<u8>) {
        let name = format!("{}.txt", d.title());
        let text = format!(
            "DEMO – not a document from Altinn\n\n{}\n{}\n{}\n",
            d.title(),
            d.sender(),
            d.created_at
        );
        (name, text.into_bytes())
    }

    fn revision(&self, d: &DialogItem) -> Option<String> {
        self.acted()
            .revisions
            .get(&d.id)
            .cloned()
            .or_else(|| d.revision().map(str::to_string))
    }
}

impl Inbox for Demo {
    fn dialog(&self, id: &str) -> Result<Dialog, AltinnError> {
        let d = self.item(id)?;
        self.acted().seen.insert(id.to_string());
        let (name, _) = Demo::document(d);
        Ok(Dialog {
            id: d.id.clone(),
            party: d.party.clone(),
            org: d.org.clone(),
            attachments: Some(vec![Attachment {
                id: id_for(&format!("{id}/attachment")),
                display_name: None,
                name: Some(name),
                urls: Some(vec![AttachmentUrl {
                    url: format!("{DEMO_ATTACHMENT_BASE}{id}"),
                    media_type: Some("text/plain".into()),
                    consumer_type: Some("Api".into()),
                }]),
            }]),
            end_user_context: Some(EndUserContext {
                revision: self.revision(d),
                system_labels: Some(vec![
                    if self.acted().archived.contains(id) {
                        "Archive"
                    } else {
                        "Default"
                    }
                    .into(),
                ]),
            }),
            content: d.content.clone(),
        })
    }

    fn download(&self, url: &str, what: &str) -> Result<Vec<u8>, AltinnError> {
        let d = url
            .strip_prefix(DEMO_ATTACHMENT_BASE)
            .and_then(|id| self.item(id).ok())
            .ok_or_else(|| AltinnError::NotFound { what: what.into() })?;
        Ok(Demo::document(d).1)
    }

    fn archive(&self, id: &str, revision: Option<&str>) -> Result<Option<String>, AltinnError> {
        let d = self.item(id)?;
        if let Some(want) = revision
            && self.revision(d).as_deref() != Some(want)
        {
            return Err(AltinnError::Conflict { id: id.into() });
        }
        let mut acted = self.acted();
        acted.archived.insert(id.to_string());
        let next = id_for(&format!("{id}/archived"));
        acted.revisions.insert(id.to_string(), next.clone());
        Ok(Some(next))
    }
}

impl Dialogs for Demo {
    fn parties(&self) -> Result<Vec<Party>, AltinnError> {
        let mut out = Vec::new();
        for p in &self.parties {
            let mut p = p.clone();
            let subs = p.sub_parties.take().unwrap_or_default();
            out.push(p);
            out.extend(subs);
        }
        Ok(out)
    }

    fn max_parties(&self) -> Result<usize, AltinnError> {
        Ok(super::api::DEFAULT_MAX_PARTIES)
    }

    fn dialogs(&self, parties: &[String], _: usize) -> Result<Vec<DialogItem>, AltinnError> {
        let acted = self.acted();
        Ok(self
            .dialogs
            .iter()
            .filter(|d| parties.contains(&d.party) && !acted.archived.contains(&d.id))
            .map(|d| {
                let mut d = d.clone();
                d.is_content_seen |= acted.seen.contains(&d.id);
                d
            })
            .collect())
    }

    fn activities(&self, id: &str) -> Result<Vec<Activity>, AltinnError> {
        Ok(self.activities.get(id).cloned().unwrap_or_default())
    }

    fn activity(&self, id: &str, activity: &str) -> Result<Activity, AltinnError> {
        self.activities
            .get(id)
            .and_then(|l| l.iter().find(|a| a.id == activity))
            .cloned()
            .ok_or_else(|| AltinnError::NotFound {
                what: format!("activity {activity}"),
            })
    }
}
