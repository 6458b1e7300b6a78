//! Background reading of the inbox for the TUI: the full scan (with progress) and the
//! incremental refresh after a change, which lists the folder and classifies only the
//! files it has not seen, so that new mail shows up quickly on a 100 000-message inbox.

use super::app::{JobError, Msg, Refresh};
use crate::config::Config;
use crate::maildir;
use crate::scan::{self, Outcome};
use std::path::Path;

/// Runs a full scan and reports through `send`: progress now and then, then the result.
pub fn full_scan(
    inbox: &Path,
    config: &Config,
    cache_dir: Option<&Path>,
    send: &(dyn Fn(Msg) + Sync),
) {
    let progress = |done, total| send(Msg::ScanProgress { done, total });
    // `listed` are the names the scan itself listed (and so classified), from its one pass
    // over the folder: anything arriving later is picked up by the next refresh.
    match scan::scan_listed(inbox, config, cache_dir, &progress) {
        Ok(mut report) => {
            let listed = report.listed.take().unwrap_or_default();
            send(Msg::ScanDone { report, listed })
        }
        Err(e) => send(Msg::ScanFailed(JobError::Inbox(e))),
    }
}

/// Lists the inbox and classifies the files whose unique name is not known (see
/// [`RefreshInput`](crate::tui::app::queue::RefreshInput)); of the
/// names in `asked` (the queue's items), where their files are now. The listing is
/// one buffer of names, and only the asked-about files and new notifications become
/// [`MailFile`](crate::maildir::MailFile)s: at 100 000 messages a file each cost a
/// refresh 110–130 ms.
pub fn refresh(
    inbox: &Path,
    config: &Config,
    start: &crate::tui::app::queue::RefreshInput,
    asked: std::sync::Arc<crate::scan::NameSet>,
) -> std::io::Result<Refresh> {
    let names = maildir::Names::read(inbox)?;
    let mut out = Refresh::default();
    out.seen.listed =
        crate::scan::NameSet::with_capacity_and_hasher(names.len(), Default::default());
    let mut buf = Vec::new();
    for i in 0..names.len() {
        let (sub, name, _) = names.get(i);
        let unique = maildir::unique_of(name);
        let known = start.known.contains(unique) && !start.forgotten.contains(unique);
        let (new, wanted) = (!known, asked.contains(unique));
        if new || wanted {
            let file = maildir::MailFile::new(inbox, sub, name);
            if new {
                match scan::classify_file(&file.path, config, &mut buf) {
                    Outcome::Notification(a) => out.new_items.push(scan::Item {
                        file: file.clone(),
                        analysis: a,
                    }),
                    Outcome::Unreadable(_) => out.unreadable += 1,
                    Outcome::NotAltinn => {}
                }
            }
            if wanted {
                out.seen.files.insert(unique.to_string(), file);
            }
        }
        out.seen.listed.insert(unique.to_string());
    }
    out.seen.asked = asked;
    out.seen.forgotten_until = start.mark;
    Ok(out)
}

/// The most of a message file the message view reads for its source.
const MAX_SOURCE: u64 = 2 << 20;

/// A message file's text as it is (invalid UTF-8 replaced), for the message view.
pub fn read_source(path: &Path) -> Result<String, JobError> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_SOURCE).read_to_end(&mut buf))
        .map_err(|source| JobError::ReadFile {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BUILT_IN, DEFAULT_CONFIG};

    /// A refresh reads what is not known, and what is known but forgotten: a real folder
    /// of three demo notifications, one of them new, one forgotten.
    #[test]
    fn a_refresh_reads_the_new_and_the_forgotten_names() {
        let config = Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap();
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/Mail/INBOX/cur");
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("INBOX");
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(inbox.join(sub)).unwrap();
        }
        let names = [
            "1794812539.40272_1.mailhost,U=1201:2,S",
            "1794816912.40272_3.mailhost,U=1203:2,S",
            "1794819935.40272_4.mailhost,U=1204:2,S",
        ];
        for n in names {
            std::fs::copy(demo.join(n), inbox.join("cur").join(n)).unwrap();
        }
        let unique = |n: &str| maildir::unique_of(n).to_string();
        let start = crate::tui::app::queue::RefreshInput {
            known: std::sync::Arc::new([unique(names[0]), unique(names[1])].into_iter().collect()),
            forgotten: [unique(names[1])].into_iter().collect(),
            mark: 7,
        };
        let r = refresh(&inbox, &config, &start, Default::default()).unwrap();
        let mut read: Vec<_> = r
            .new_items
            .iter()
            .map(|i| i.file.name.unique.clone())
            .collect();
        read.sort();
        assert_eq!(read, [unique(names[1]), unique(names[2])]);
        assert_eq!(r.seen.listed.len(), 3);
        assert_eq!(r.seen.forgotten_until, 7);
    }
}
