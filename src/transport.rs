//! Forwarding: building the forward (the original attached unchanged as message/rfc822)
//! and delivering it by a sendmail-compatible command, SMTP (lettre), or into an Outbox
//! folder (for the demo and tests: written, not sent).

use crate::config::{ForwardConfig, SmtpAuth, SmtpSecurity, TransportKind};
use crate::maildir;
use base64::Engine;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The parts of a forward that vary per message.
#[derive(Debug, Clone)]
pub struct Forward<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub original: &'a [u8],
    pub original_subject: &'a str,
    pub original_message_id: Option<&'a str>,
    pub subject_prefix: &'a str,
    pub body: &'a str,
}

/// Builds the forward: a multipart/mixed message with a short text and the original
/// attached byte for byte. Lines end in LF (the local convention); SMTP delivery converts.
pub fn build(f: &Forward, date: &str, message_id: &str) -> Vec<u8> {
    let mut boundary = format!("altinn-sweep-{}", unique_token());
    while contains(f.original, boundary.as_bytes()) {
        boundary.push('x');
    }
    let mut m = Vec::with_capacity(f.original.len() + 2048);
    let subject = format!("{}{}", f.subject_prefix, f.original_subject);
    let _ = write!(
        m,
        "From: {}\nTo: {}\nDate: {date}\nMessage-ID: {message_id}\nSubject: {}\n",
        f.from,
        f.to,
        encode_header(&subject)
    );
    if let Some(id) = f.original_message_id {
        let id = id.trim_matches(['<', '>']);
        if !id.is_empty() && !id.contains(['\r', '\n']) {
            let _ = write!(m, "References: <{id}>\nIn-Reply-To: <{id}>\n");
        }
    }
    let _ = write!(
        m,
        "MIME-Version: 1.0\nX-Mailer: altinn-sweep {}\nContent-Type: multipart/mixed; boundary=\"{boundary}\"\n\n\
         This is a forwarded message in MIME format.\n\n--{boundary}\n\
         Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{}\n\n--{boundary}\n\
         Content-Type: message/rfc822\nContent-Disposition: attachment; filename=\"original.eml\"\n\
         Content-Transfer-Encoding: 8bit\n\n",
        env!("CARGO_PKG_VERSION"),
        f.body.trim_end()
    );
    m.extend_from_slice(f.original);
    // The line break before a boundary belongs to the boundary (RFC 2046): this one keeps
    // the original's own last line break inside the attachment.
    m.push(b'\n');
    let _ = writeln!(m, "--{boundary}--");
    m
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A token unique enough for boundaries and Message-IDs: time, pid and a counter.
pub fn unique_token() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{nanos:x}.{}.{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// RFC 2047 B-encoding for non-ASCII header text, in chunks that keep lines short.
fn encode_header(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.is_ascii() {
        return clean;
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in clean.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    words.push(chunk);
    words
        .iter()
        .map(|w| {
            format!(
                "=?UTF-8?B?{}?=",
                base64::engine::general_purpose::STANDARD.encode(w)
            )
        })
        .collect::<Vec<_>>()
        .join("\n ")
}

/// LF → CRLF (bare LF only), as SMTP requires.
pub fn to_crlf(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 30);
    let mut prev = 0u8;
    for &b in data {
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        prev = b;
    }
    out
}

/// How a forward was delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent(&'static str),
    /// Written to the Outbox folder: NOT sent.
    WrittenToOutbox(PathBuf),
}

impl Delivery {
    /// The transport's name for the journal.
    pub fn transport(&self) -> &'static str {
        match self {
            Delivery::Sent(t) => t,
            Delivery::WrittenToOutbox(_) => "maildir",
        }
    }
}

/// Delivers a built forward with the configured transport.
pub fn deliver(
    cfg: &ForwardConfig,
    outbox: &Path,
    from: &str,
    to: &str,
    message: &[u8],
) -> Result<Delivery, String> {
    match cfg.transport {
        TransportKind::Sendmail => {
            sendmail(&cfg.sendmail_command, message).map(|_| Delivery::Sent("sendmail"))
        }
        TransportKind::Smtp => smtp(cfg, from, to, message).map(|_| Delivery::Sent("smtp")),
        TransportKind::Maildir => write_outbox(outbox, message)
            .map(Delivery::WrittenToOutbox)
            .map_err(|e| {
                format!(
                    "cannot write to the Outbox folder {}: {e}",
                    outbox.display()
                )
            }),
    }
}

/// Runs the sendmail-compatible command (looked up on PATH, no shell), message on stdin.
fn sendmail(command: &[String], message: &[u8]) -> Result<(), String> {
    let Some((program, args)) = command.split_first() else {
        return Err("forward.sendmail_command is empty".into());
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                format!("{program:?} was not found on PATH (install msmtp-mta or set forward.sendmail_command)")
            } else {
                format!("cannot start {program:?}: {e}")
            }
        })?;
    let written = child.stdin.take().map(|mut stdin| stdin.write_all(message));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("{program:?} failed: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
    if !out.status.success() {
        return Err(format!(
            "{program:?} exited with {}: {}",
            out.status,
            if stderr.is_empty() {
                "(no message)"
            } else {
                &stderr
            }
        ));
    }
    if let Some(Err(e)) = written {
        return Err(format!("{program:?} did not take the whole message: {e}"));
    }
    Ok(())
}

fn smtp(cfg: &ForwardConfig, from: &str, to: &str, message: &[u8]) -> Result<(), String> {
    use lettre::address::Envelope;
    use lettre::transport::smtp::authentication::{Credentials, Mechanism};
    use lettre::transport::smtp::client::{Tls, TlsParameters};
    use lettre::{SmtpTransport, Transport};
    let s = cfg
        .smtp
        .as_ref()
        .ok_or("forward.transport is \"smtp\" but there is no [forward.smtp] section")?;
    let tls_params =
        || TlsParameters::new(s.host.clone()).map_err(|e| format!("TLS setup for {}: {e}", s.host));
    let tls = match s.security {
        SmtpSecurity::Starttls => Tls::Required(tls_params()?),
        SmtpSecurity::Tls => Tls::Wrapper(tls_params()?),
        SmtpSecurity::None => Tls::None,
    };
    let mut builder = SmtpTransport::builder_dangerous(s.host.clone())
        .port(s.port)
        .tls(tls)
        .timeout(Some(Duration::from_secs(s.timeout_seconds)));
    match (s.auth, &s.username) {
        (SmtpAuth::Xoauth2, Some(user)) => {
            // The token is fetched before connecting: a failing helper means nothing is sent.
            builder = builder
                .authentication(vec![Mechanism::Xoauth2])
                .credentials(Credentials::new(user.clone(), smtp_token(s)?));
        }
        (SmtpAuth::Xoauth2, None) => {
            return Err("forward.smtp.auth = \"xoauth2\" needs username".into());
        }
        (SmtpAuth::Password, Some(user)) => {
            builder = builder.credentials(Credentials::new(user.clone(), smtp_password(s)?));
        }
        (SmtpAuth::Password, None) => {}
    }
    let envelope = Envelope::new(
        Some(
            from.parse()
                .map_err(|e| format!("From address {from:?}: {e}"))?,
        ),
        vec![to.parse().map_err(|e| format!("To address {to:?}: {e}"))?],
    )
    .map_err(|e| format!("envelope: {e}"))?;
    builder
        .build()
        .send_raw(&envelope, &to_crlf(message))
        .map(|_| ())
        .map_err(|e| format!("SMTP {}:{}: {e}", s.host, s.port))
}

/// The OAuth2 access token: the first output line of `token_command`. Never logged,
/// never journaled; a failing command is reported with its exit status and the last line
/// of its stderr (never its output, which may hold a token).
fn smtp_token(s: &crate::config::SmtpConfig) -> Result<String, String> {
    let Some((program, args)) = s.token_command.as_deref().and_then(|c| c.split_first()) else {
        return Err("forward.smtp.auth = \"xoauth2\" needs token_command".into());
    };
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            format!("token_command {program:?} could not be run: {e}; nothing was sent")
        })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(format!(
            "token_command {program:?} failed ({}){}; nothing was sent",
            out.status,
            if last.is_empty() {
                String::new()
            } else {
                format!(": {}", crate::text::inert(last.trim(), true))
            }
        ));
    }
    let token = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    if token.is_empty() {
        return Err(format!(
            "token_command {program:?} printed no access token; nothing was sent"
        ));
    }
    Ok(token)
}

/// The SMTP password: from the environment variable, else the password command's first
/// output line. Never logged, never journaled.
fn smtp_password(s: &crate::config::SmtpConfig) -> Result<String, String> {
    if let Some(var) = &s.password_env
        && let Ok(p) = std::env::var(var)
    {
        return Ok(p);
    }
    if let Some((program, args)) = s.password_command.as_deref().and_then(|c| c.split_first()) {
        let out = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("password_command {program:?}: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "password_command {program:?} exited with {}",
                out.status
            ));
        }
        return Ok(String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_string());
    }
    Err(format!(
        "SMTP login as {:?} needs a password: set the environment variable {} or forward.smtp.password_command",
        s.username.as_deref().unwrap_or(""),
        s.password_env.as_deref().unwrap_or("(password_env)")
    ))
}

/// Delivers into a Maildir folder the standard way: write to tmp/, fsync, rename to new/.
pub fn write_outbox(folder: &Path, message: &[u8]) -> io::Result<PathBuf> {
    for sub in ["tmp", "new", "cur"] {
        std::fs::create_dir_all(folder.join(sub))?;
    }
    let name = format!("{}.altinn-sweep", unique_token());
    let tmp = folder.join("tmp").join(&name);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)?;
    if let Err(e) = f.write_all(message).and_then(|_| f.sync_all()) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let dest = folder.join("new").join(&name);
    std::fs::rename(&tmp, &dest)?;
    maildir::sync_dir(&folder.join("new"))?;
    Ok(dest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_attaches_the_original_unchanged() {
        let original = b"From: Altinn <noreply@altinn.no>\r\nSubject: Sykepenges=C3=B8knad\r\nMessage-ID: <abc@altinn.no>\r\n\r\nbody\r\n";
        let f = Forward {
            from: "dok@sandnes.kommune.no",
            to: "lonn@sandnes.kommune.no",
            original,
            original_subject: "Sykepengesøknad som ikke er sendt inn",
            original_message_id: Some("<abc@altinn.no>"),
            subject_prefix: "VS: ",
            body: "Videresendt.",
        };
        let m = build(
            &f,
            "Thu, 26 Nov 2026 08:00:00 +0100",
            "<x@sandnes.kommune.no>",
        );
        let parsed = mail_parser::MessageParser::default().parse(&m).unwrap();
        assert_eq!(
            parsed.subject(),
            Some("VS: Sykepengesøknad som ikke er sendt inn")
        );
        assert_eq!(
            parsed.to().unwrap().first().unwrap().address(),
            Some("lonn@sandnes.kommune.no")
        );
        assert_eq!(parsed.references().as_text(), Some("abc@altinn.no"));
        let att = parsed.attachment(0).unwrap();
        assert!(att.is_message());
        assert_eq!(att.contents(), &original[..]);
    }

    #[test]
    fn crlf_conversion_leaves_existing_crlf() {
        assert_eq!(to_crlf(b"a\nb\r\nc"), b"a\r\nb\r\nc");
    }

    #[test]
    fn missing_sendmail_is_named() {
        let e = sendmail(&["/nonexistent/sendmail".into()], b"x").unwrap_err();
        assert!(e.contains("not found"), "{e}");
        let e = sendmail(
            &["sh".into(), "-c".into(), "echo refused >&2; exit 3".into()],
            b"x",
        )
        .unwrap_err();
        assert!(e.contains("refused") && e.contains("3"), "{e}");
    }
}
