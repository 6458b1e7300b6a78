//! Record messages: the small mails in the follow-up records folder that carry what a
//! folder cannot (to whom, who, when; the daily check), so that every clerk's tool reads
//! the same facts after a sync. A record is a plain text mail (readable in Outlook too)
//! whose last body line is the record as JSON. It is written tmp/ → new/ and never
//! changed; an undo is a new record that cancels an earlier one.

use super::Step;
use crate::journal::Timestamp;
use crate::maildir;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

/// The header that marks a record message.
pub const HEADER: &str = "X-Altinn-Sweep-Record";

/// What a record says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A follow-up item reached `step`.
    Step,
    /// The record `cancels` is undone.
    Undo,
    /// The daily check of the Altinn inbox was done.
    Check,
}

/// One record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Its own id (also in its Message-ID).
    pub id: String,
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    /// For `distributed`: to whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The clerk.
    pub by: String,
    #[serde(with = "ts")]
    pub at: Timestamp,
    /// The check's remark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For `undo`: the record it cancels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancels: Option<String>,
    /// The notice's subject, for a reader in a mail client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

mod ts {
    use crate::journal::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::Millis, false))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let s = String::deserialize(d)?;
        chrono::DateTime::parse_from_rfc3339(&s).map_err(serde::de::Error::custom)
    }
}

impl Record {
    /// A fresh record of `kind` by `by` at `at`.
    pub fn new(kind: Kind, by: &str, at: Timestamp) -> Record {
        Record {
            id: format!(
                "{}.{}",
                at.format("%Y%m%dT%H%M%S%3f"),
                maildir::unique_token()
            ),
            kind,
            item: None,
            step: None,
            to: None,
            by: by.to_string(),
            at,
            note: None,
            cancels: None,
            subject: None,
        }
    }

    /// The record as a mail: `from` is the document centre's address.
    pub fn to_mail(&self, from: &str) -> Vec<u8> {
        let what = match self.kind {
            Kind::Step => format!(
                "follow-up {} -> {}",
                self.item.as_deref().unwrap_or("?"),
                self.step.map_or("?", Step::name)
            ),
            Kind::Undo => format!("follow-up {} undone", self.item.as_deref().unwrap_or("?")),
            Kind::Check => "daily check of the Altinn inbox".to_string(),
        };
        let mut human = match self.kind {
            Kind::Step => format!(
                "Oppfølging / follow-up: {} er nå / is now: {}",
                self.item.as_deref().unwrap_or("?"),
                self.step.map_or("?", Step::name)
            ),
            Kind::Undo => format!(
                "Angret / undone: {}",
                self.cancels.as_deref().unwrap_or("?")
            ),
            Kind::Check => {
                "Daglig sjekk av Altinn-innboksen / daily check of the Altinn inbox".to_string()
            }
        };
        if let Some(to) = &self.to {
            human.push_str(&format!("\nFordelt til / distributed to: {to}"));
        }
        if let Some(n) = &self.note {
            human.push_str(&format!("\nMerknad / note: {n}"));
        }
        human.push_str(&format!(
            "\nAv / by: {} {}",
            self.by,
            self.at.format("%Y-%m-%d %H:%M")
        ));
        let json = serde_json::to_string(self).unwrap_or_default();
        let domain = from.rsplit_once('@').map_or("localhost", |(_, d)| d);
        format!(
            "From: altinn-sweep <{from}>\nTo: <{from}>\nSubject: altinn-sweep: {what}\n\
             Date: {}\nMessage-ID: <{}@{domain}>\nMIME-Version: 1.0\n\
             Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\
             {HEADER}: 1\n\n{human}\n\n{json}\n",
            self.at.to_rfc2822(),
            self.id
        )
        .into_bytes()
    }

    /// Reads a record back from a mail: the header must mark it and the last JSON line of
    /// the body must parse. Line ends may be CRLF (as IMAP delivers them).
    pub fn from_mail(raw: &[u8]) -> Option<Record> {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text
            .split_once("\n\n")
            .or_else(|| text.split_once("\r\n\r\n"))?;
        let marked = head.lines().any(|l| {
            l.to_ascii_lowercase()
                .starts_with(&HEADER.to_ascii_lowercase())
        });
        if !marked {
            return None;
        }
        body.lines()
            .rev()
            .map(|l| l.trim_end_matches('\r').trim())
            .find(|l| l.starts_with('{'))
            .and_then(|l| serde_json::from_str(l).ok())
    }
}

/// Writes `record` into the Maildir `folder` (created if missing): into tmp/, fsynced,
/// then linked into new/ under a name that is never taken (nothing is overwritten).
pub fn write(folder: &Path, record: &Record, from: &str) -> io::Result<PathBuf> {
    ensure_folder(folder)?;
    let mail = record.to_mail(from);
    let host = hostname();
    let name = format!(
        "{}.{}.{host}",
        record.at.timestamp(),
        maildir::unique_token()
    );
    let tmp = folder.join("tmp").join(&name);
    maildir::write_new(&tmp, &mail, 0o666)?;
    let dest = folder.join("new").join(&name);
    // link(2) fails rather than overwrite; then the tmp name goes
    let linked = std::fs::hard_link(&tmp, &dest);
    let _ = std::fs::remove_file(&tmp);
    linked?;
    maildir::sync_dir(&folder.join("new"))?;
    Ok(dest)
}

/// Reads every record in `folder` (none when it does not exist); other mail is ignored.
pub fn read_all(folder: &Path) -> io::Result<Vec<Record>> {
    if !folder.join("cur").is_dir() && !folder.join("new").is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for m in maildir::list(folder)? {
        match maildir::read_message(&m.path, false) {
            Ok(raw) => out.extend(Record::from_mail(&raw)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {} // moved by a sync meanwhile
            Err(e) => return Err(e),
        }
    }
    out.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

/// Creates a Maildir folder (`cur`, `new`, `tmp`) if it is missing: the sync tool then
/// creates it on the server (mbsync `Create Both`).
pub fn ensure_folder(folder: &Path) -> io::Result<()> {
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(folder.join(sub))?;
    }
    Ok(())
}

fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname writes at most buf.len() bytes into buf.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    let name = if rc == 0 {
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        String::from_utf8_lossy(&buf[..end]).into_owned()
    } else {
        "localhost".into()
    };
    // '/' and ':' would break a Maildir name
    name.replace(['/', ':'], "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_from_its_mail_also_with_crlf() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T09:30:00.000+01:00").unwrap();
        let mut r = Record::new(Kind::Step, "kari", at);
        r.item = Some("a1b2c3d4e5f6".into());
        r.step = Some(Step::Distributed);
        r.to = Some("Økonomiavdelingen".into());
        let mail = r.to_mail("dokumentsenteret@sandnes.kommune.no");
        assert_eq!(Record::from_mail(&mail), Some(r.clone()));
        let crlf = String::from_utf8(mail).unwrap().replace('\n', "\r\n");
        assert_eq!(Record::from_mail(crlf.as_bytes()), Some(r));
        assert_eq!(Record::from_mail(b"Subject: x\n\n{\"id\":\"1\"}\n"), None);
    }

    #[test]
    fn records_are_written_through_tmp_and_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("Altinn/Oppfolging");
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T09:30:00.000+01:00").unwrap();
        let a = Record::new(Kind::Check, "kari", at);
        let b = Record::new(Kind::Check, "ola", at);
        let pa = write(&folder, &a, "d@x.no").unwrap();
        let pb = write(&folder, &b, "d@x.no").unwrap();
        assert_ne!(pa, pb);
        assert!(pa.starts_with(folder.join("new")));
        assert_eq!(std::fs::read_dir(folder.join("tmp")).unwrap().count(), 0);
        let back = read_all(&folder).unwrap();
        assert_eq!(back.len(), 2);
        assert!(back.contains(&a) && back.contains(&b));
    }
}
