//! Maildir folders under a mail root: where each folder is for a layout, message file names
//! (unique part and `:2,FLAGS`), and listing the messages of a folder.

use crate::config::{Layout, MailConfig};
use std::io;
use std::path::{Path, PathBuf};

/// The folder path of `name` under `root` for a layout. The inbox of a Maildir++ tree is
/// the root itself.
pub fn folder_path(root: &Path, layout: Layout, name: &str, inbox: &str) -> PathBuf {
    match layout {
        Layout::Verbatim => root.join(name),
        Layout::MaildirPlusPlus if name == inbox => root.to_path_buf(),
        Layout::MaildirPlusPlus => root.join(format!(".{}", name.replace('/', "."))),
    }
}

/// The three folders the tool works with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    pub inbox: PathBuf,
    pub archive: PathBuf,
    pub trash: PathBuf,
}

impl Folders {
    pub fn new(root: &Path, mail: &MailConfig) -> Folders {
        let f = |name: &str| folder_path(root, mail.layout, name, &mail.inbox);
        Folders {
            inbox: f(&mail.inbox),
            archive: f(&mail.archive),
            trash: f(&mail.trash),
        }
    }
}

/// `new/` (not yet seen by a mail client) or `cur/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sub {
    New,
    Cur,
}

impl Sub {
    pub fn dir_name(self) -> &'static str {
        match self {
            Sub::New => "new",
            Sub::Cur => "cur",
        }
    }
}

/// A message file's name split into its unique part and its flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailName {
    /// Everything before the info separator (`:2,`), e.g. `1732.123_1.host,U=17`.
    pub unique: String,
    /// The flag letters after `:2,`, e.g. `RS`; `None` when the name has no info part.
    pub flags: Option<String>,
}

/// Splits a file name at its info part. mbsync may be set to use `;` or `!` instead of `:`
/// (for file systems without colons), so all three are accepted.
pub fn parse_name(file_name: &str) -> MailName {
    for sep in [":2,", ";2,", "!2,"] {
        if let Some(pos) = file_name.rfind(sep) {
            return MailName {
                unique: file_name[..pos].to_string(),
                flags: Some(file_name[pos + sep.len()..].to_string()),
            };
        }
    }
    MailName {
        unique: file_name.to_string(),
        flags: None,
    }
}

/// True when the flags mark the message as trashed (T): it counts as deleted.
pub fn is_trashed(flags: Option<&str>) -> bool {
    flags.is_some_and(|f| f.contains('T'))
}

/// One message file found in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailFile {
    pub path: PathBuf,
    pub sub: Sub,
    pub name: MailName,
}

/// Lists the messages of a folder: files in `new/` and `cur/`, no dot-files, no trashed
/// messages. `tmp/` is never read. A folder without `cur/` and `new/` is an error that
/// names it; a missing `new/` or `cur/` alone is tolerated.
pub fn list(folder: &Path) -> io::Result<Vec<MailFile>> {
    let mut out = Vec::new();
    let mut found_any = false;
    for sub in [Sub::New, Sub::Cur] {
        let dir = folder.join(sub.dir_name());
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", dir.display()))),
        };
        found_any = true;
        for entry in entries {
            let entry =
                entry.map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
            let file_name = entry.file_name();
            let Some(file_name) = file_name.to_str() else {
                continue; // not a name any Maildir tool writes
            };
            if file_name.starts_with('.') {
                continue;
            }
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let name = parse_name(file_name);
            if is_trashed(name.flags.as_deref()) {
                continue;
            }
            out.push(MailFile {
                path: entry.path(),
                sub,
                name,
            });
        }
    }
    if !found_any {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "{} is not a Maildir folder (it has no cur/ or new/)",
                folder.display()
            ),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_unique_and_flags() {
        let n = parse_name("1732605000.123_1.host,U=17:2,RS");
        assert_eq!(n.unique, "1732605000.123_1.host,U=17");
        assert_eq!(n.flags.as_deref(), Some("RS"));
        let n = parse_name("1732605000.123_2.host,U=18");
        assert_eq!(n.flags, None);
        assert_eq!(parse_name("x;2,S").flags.as_deref(), Some("S"));
        assert_eq!(parse_name("x:2,").flags.as_deref(), Some(""));
        assert!(is_trashed(Some("ST")));
        assert!(!is_trashed(Some("FRS")));
        assert!(!is_trashed(None));
    }

    #[test]
    fn folder_paths_per_layout() {
        let root = Path::new("/m");
        assert_eq!(
            folder_path(root, Layout::Verbatim, "Altinn", "INBOX"),
            Path::new("/m/Altinn")
        );
        assert_eq!(
            folder_path(root, Layout::MaildirPlusPlus, "INBOX", "INBOX"),
            Path::new("/m")
        );
        assert_eq!(
            folder_path(root, Layout::MaildirPlusPlus, "Altinn", "INBOX"),
            Path::new("/m/.Altinn")
        );
        assert_eq!(
            folder_path(root, Layout::MaildirPlusPlus, "Arkiv/Altinn", "INBOX"),
            Path::new("/m/.Arkiv.Altinn")
        );
    }

    #[test]
    fn listing_skips_tmp_dotfiles_and_trashed() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        for f in ["cur/a:2,S", "cur/b:2,ST", "cur/.hidden", "new/c", "tmp/d"] {
            std::fs::write(dir.path().join(f), "Subject: x\n\n").unwrap();
        }
        let mut names: Vec<_> = list(dir.path())
            .unwrap()
            .into_iter()
            .map(|m| m.name.unique)
            .collect();
        names.sort();
        assert_eq!(names, ["a", "c"]);
        assert!(list(&dir.path().join("nope")).is_err());
    }
}
