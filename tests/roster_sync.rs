//! Follow-up state shared by the roster, for real: two clerks, each with a Maildir of their
//! own, synced by mbsync through one Dovecot IMAP server on loopback (started here, as an
//! unprivileged-port server with its own configuration in a temp dir). Clerk A completes
//! two steps and records the daily check; both sync; clerk B's `followup --json` and
//! `check --status` show what A did, with A's name.

mod support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};
use support::Sandbox;
use support::followup::{HANA, at, items, notice, put, sandbox};

/// The Dovecot server; stopped (SIGTERM, then waited for) when dropped.
struct Dovecot {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_dovecot(dir: &Path) -> Dovecot {
    let srv = dir.join("srv");
    for d in ["run", "state", "srv"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    // SAFETY: geteuid cannot fail.
    let euid = unsafe { libc::geteuid() };
    // Dovecot never gives mail access to uid 0: as root the mail belongs to nobody;
    // otherwise everything runs as the user who runs the test.
    let users = if euid == 0 {
        std::os::unix::fs::chown(&srv, Some(65534), Some(65534)).unwrap();
        "mail_uid = 65534\nmail_gid = 65534\n".to_string()
    } else {
        let user = std::env::var("USER").unwrap_or_else(|_| "nobody".into());
        // SAFETY: getegid cannot fail.
        let egid = unsafe { libc::getegid() };
        format!(
            "mail_uid = {euid}\nmail_gid = {egid}\ndefault_internal_user = {user}\n\
             default_login_user = {user}\ndefault_internal_group = {egid}\n"
        )
    };
    let port = free_port();
    let log = dir.join("dovecot.log");
    let d = dir.display();
    let conf = format!(
        "base_dir = {d}/run\nstate_dir = {d}/state\nlog_path = {}\nprotocols = imap\n\
         listen = 127.0.0.1\nssl = no\ndisable_plaintext_auth = no\n\
         auth_mechanisms = plain login\n\
         mail_location = maildir:{d}/srv/%u:LAYOUT=fs:INBOX={d}/srv/%u/INBOX\n\
         first_valid_uid = 1\n{users}\
         passdb {{\n  driver = static\n  args = password=secret\n}}\n\
         userdb {{\n  driver = static\n  args = home={d}/srv/%u\n}}\n\
         service imap-login {{\n  chroot =\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n  inet_listener imaps {{\n    port = 0\n  }}\n}}\n\
         service anvil {{\n  chroot =\n}}\n",
        log.display()
    );
    let conf_path = dir.join("dovecot.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let child = Command::new("dovecot")
        .arg("-F")
        .arg("-c")
        .arg(&conf_path)
        .spawn()
        .expect("dovecot runs (Debian's dovecot-imapd; .ci/run installs it)");
    let server = Dovecot { child, port, log };
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "dovecot did not listen on {port}: {}",
            std::fs::read_to_string(&server.log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// Syncs a clerk's mail root with the server: every folder, both ways, creating folders
/// and propagating moves (expunges) both ways, as a document centre's mbsync would.
fn sync(sb: &Sandbox, server: &Dovecot) {
    let mail = sb.mail();
    let rc = sb.root.join("mbsyncrc");
    std::fs::write(
        &rc,
        format!(
            "IMAPAccount srv\nHost 127.0.0.1\nPort {}\nUser team\nPass secret\nSSLType None\nAuthMechs LOGIN\n\n\
             IMAPStore remote\nAccount srv\n\n\
             MaildirStore local\nPath {m}/\nInbox {m}/INBOX\nSubFolders Verbatim\n\n\
             Channel team\nFar :remote:\nNear :local:\nPatterns *\nCreate Both\nExpunge Both\nSyncState *\n",
            server.port,
            m = mail.display()
        ),
    )
    .unwrap();
    let out = Command::new("mbsync")
        .arg("-q")
        .arg("-c")
        .arg(&rc)
        .arg("-a")
        .env("HOME", sb.root.join("home"))
        .output()
        .expect("mbsync runs (Debian's isync; .ci/run installs it)");
    assert!(
        out.status.success(),
        "mbsync failed: {}\n{}\n--- dovecot log\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(&server.log).unwrap_or_default()
    );
}

fn as_clerk(sb: &Sandbox, who: &str, now: &str, args: &[&str]) -> support::Run {
    support::run(
        sb.command(args)
            .env("USER", who)
            .env("ALTINN_SWEEP_NOW", now),
    )
}

#[test]
#[ignore = "needs dovecot and mbsync; .ci/run installs them"]
fn two_clerks_see_the_same_follow_up_after_a_sync() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_dovecot(dir.path());
    let a = sandbox();
    let b = sandbox();
    put(
        &a,
        "Altinn",
        1,
        &notice(1, "Thu, 26 Nov 2026 08:00:00 +0100", "SANDNES KOMMUNE"),
    );
    put(
        &a,
        "Altinn",
        2,
        &notice(2, "Mon, 30 Nov 2026 09:00:00 +0100", "Hana skole"),
    );
    sync(&a, &server);
    sync(&b, &server);
    let now = "2026-12-01T09:00:00+01:00";
    let before = items(&at(&b, now, &["followup", "--json"]));
    assert_eq!(before.len(), 2, "B sees both notices after the first sync");
    assert!(before.iter().all(|i| i["step"] == "open"));
    let first = before[0]["id"].as_str().unwrap().to_string();
    let second = before[1]["id"].as_str().unwrap().to_string();
    assert_eq!(before[1]["party"], HANA.0);

    // clerk A (kari): two steps and the daily check
    as_clerk(&a, "kari", now, &["followup", "step", &first, "fetched"])
        .expect_code(0, "A: fetched");
    as_clerk(
        &a,
        "kari",
        "2026-12-01T09:20:00+01:00",
        &[
            "followup",
            "step",
            &second,
            "distributed",
            "--to",
            "Rektor Hana skole",
        ],
    )
    .expect_code(0, "A: distributed");
    as_clerk(
        &a,
        "kari",
        "2026-12-01T08:15:00+01:00",
        &["check", "--note", "2 uten varsel"],
    )
    .expect_code(0, "A: check");
    sync(&a, &server);
    sync(&b, &server);

    // clerk B (ola) sees it all, with A's name
    let later = "2026-12-01T12:00:00+01:00";
    let r = as_clerk(&b, "ola", later, &["followup", "--json"]);
    r.expect_code(0, "B: followup");
    let after = items(&r);
    assert_eq!(after.len(), 2, "{}", r.stdout);
    let get = |id: &str| after.iter().find(|i| i["id"] == id).unwrap().clone();
    let f = get(&first);
    assert_eq!(f["step"], "fetched");
    assert_eq!(f["last_by"], "kari");
    assert!(
        f["path"].as_str().unwrap().contains("/Altinn/Hentet/"),
        "B's copy is in the fetched folder: {f}"
    );
    let s = get(&second);
    assert_eq!(s["step"], "distributed");
    assert_eq!(s["distributed_to"], "Rektor Hana skole");
    assert_eq!(s["last_by"], "kari");
    // the first is 3 working days old (Fri, Mon, Tue): overdue, listed first
    assert_eq!(after[0]["id"], first.as_str());
    assert_eq!(after[0]["overdue"], true);

    let st = as_clerk(&b, "ola", later, &["check", "--status"]);
    assert!(
        st.stdout
            .contains("Daily check today: done by kari 08:15 (2 uten varsel)"),
        "{}",
        st.stdout
    );
    assert!(
        st.stdout.contains("On duty 2026-12-01: kari"),
        "{}",
        st.stdout
    );
    // "distributed to" offers what A used
    let rec = as_clerk(&b, "ola", later, &["followup", "recipients"]);
    assert_eq!(rec.stdout.lines().next(), Some("Rektor Hana skole"));
    // B's own journal has none of A's steps: it is A's PC's audit trail
    assert!(b.journal().entries.is_empty());
    drop(server);
}
