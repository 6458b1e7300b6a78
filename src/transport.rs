//! Forwarding: building the forward (the original attached unchanged as message/rfc822)
//! and delivering it by a sendmail-compatible command, SMTP (lettre), or into an Outbox
//! folder (for the demo and tests: written, not sent).

use crate::config::{ForwardConfig, SmtpAuth, SmtpSecurity, TransportKind};
use crate::maildir;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How a forward was handed on, as the journal records it (`"transport"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Sendmail,
    Smtp,
    /// Written to the Outbox folder: NOT sent.
    Maildir,
}

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
    let mut boundary = format!("altinn-sweep-{}", maildir::unique_token());
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
    /// Handed to sendmail or an SMTP server.
    Sent(Transport),
    /// Written to the Outbox folder: NOT sent.
    WrittenToOutbox(PathBuf),
}

impl Delivery {
    /// The transport, as the journal records it.
    pub fn transport(&self) -> Transport {
        match self {
            Delivery::Sent(t) => *t,
            Delivery::WrittenToOutbox(_) => Transport::Maildir,
        }
    }
}

/// Why a forward was not delivered. Whether it may still have gone out decides whether it
/// may simply be retried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Nothing was handed over (refused, not started, failed before taking the message);
    /// the words are the transport's or the program's own.
    #[error("{0}")]
    NotSent(String),
    /// The deadline passed while the program or server had the message: it may have gone
    /// out. Sent again only when the clerk asks.
    #[error("{0}")]
    MaybeSent(String),
    /// Nothing was handed over: the address the forward goes to is not one plain email
    /// address.
    #[error(transparent)]
    Address(#[from] crate::config::AddressError),
}

impl From<String> for SendError {
    fn from(why: String) -> SendError {
        SendError::NotSent(why)
    }
}

impl From<&str> for SendError {
    fn from(why: &str) -> SendError {
        SendError::NotSent(why.to_string())
    }
}

impl SendError {
    /// The forward may have gone out despite the failure.
    pub fn maybe_sent(&self) -> bool {
        matches!(self, SendError::MaybeSent(_))
    }
}

/// Delivers a built forward with the configured transport.
pub fn deliver(
    cfg: &ForwardConfig,
    outbox: &Path,
    from: &str,
    to: &str,
    message: &[u8],
) -> Result<Delivery, SendError> {
    match cfg.transport {
        TransportKind::Sendmail => sendmail(&cfg.sendmail_command, message, cfg.timeout())
            .map(|_| Delivery::Sent(Transport::Sendmail)),
        TransportKind::Smtp => {
            smtp(cfg, from, to, message).map(|_| Delivery::Sent(Transport::Smtp))
        }
        TransportKind::Maildir => write_outbox(outbox, message)
            .map(Delivery::WrittenToOutbox)
            .map_err(|e| {
                SendError::NotSent(format!(
                    "cannot write to the Outbox folder {}: {e}",
                    outbox.display()
                ))
            }),
    }
}

/// Runs the sendmail-compatible command (looked up on PATH, no shell), message on stdin,
/// for at most `forward.timeout_seconds`.
fn sendmail(command: &[String], message: &[u8], limit: Duration) -> Result<(), SendError> {
    let Some((program, args)) = command.split_first() else {
        return Err("forward.sendmail_command is empty".into());
    };
    let done = run_with_deadline(Command::new(program).args(args), message, limit).map_err(
        |e| match e {
            RunError::Start(e) if e.kind() == io::ErrorKind::NotFound => SendError::NotSent(format!(
                "{program:?} was not found on PATH (install msmtp-mta or set forward.sendmail_command)"
            )),
            RunError::Start(e) => SendError::NotSent(format!("cannot start {program:?}: {e}")),
            RunError::TimedOut => SendError::MaybeSent(format!(
                "{program:?} did not finish within {} s (forward.timeout_seconds) and was stopped: it may have sent the forward before that",
                limit.as_secs()
            )),
            RunError::Io(e) => SendError::NotSent(format!("{program:?} failed: {e}")),
        },
    )?;
    let said = done.said();
    if !done.status.success() {
        return Err(format!(
            "{program:?} exited with {}: {}",
            done.status,
            if said.is_empty() {
                "(no message)"
            } else {
                &said
            }
        )
        .into());
    }
    if let Some(e) = done.input_error {
        let why = if e.kind() == io::ErrorKind::BrokenPipe {
            "broken pipe".to_string()
        } else {
            e.to_string()
        };
        return Err(format!(
            "{program:?} did not take the whole message ({why}): the forward counts as not sent{}",
            if said.is_empty() {
                String::new()
            } else {
                format!(": {said}")
            }
        )
        .into());
    }
    Ok(())
}

/// How much of a program's stdout and stderr is kept for its error message; the rest is
/// read and dropped, so that a chatty program never blocks on a full pipe.
const KEEP_OUTPUT: usize = 16 * 1024;

/// What a program run by [`run_with_deadline`] left behind.
#[derive(Debug)]
pub(crate) struct Finished {
    pub(crate) status: std::process::ExitStatus,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
    /// Why the input could not be written in full (the program exited or closed its
    /// stdin before reading all of it: "Broken pipe").
    input_error: Option<io::Error>,
}

impl Finished {
    /// What the program said: stderr, else stdout (some sendmails report there), trimmed.
    fn said(&self) -> String {
        let text = if self.stderr.iter().any(|b| !b.is_ascii_whitespace()) {
            &self.stderr
        } else {
            &self.stdout
        };
        String::from_utf8_lossy(text).trim().to_string()
    }
}

#[derive(Debug)]
pub(crate) enum RunError {
    Start(io::Error),
    /// The deadline passed: the program and everything it started were killed and reaped.
    TimedOut,
    Io(io::Error),
}

/// Kills a child's whole process group (a `sh -c` and the programs it started) and reaps
/// the child, unless disarmed once the child has been reaped normally.
struct KillOnDrop<'a>(Option<&'a mut std::process::Child>);

impl Drop for KillOnDrop<'_> {
    fn drop(&mut self) {
        if let Some(child) = self.0.take() {
            // SAFETY: killpg only sends a signal. The child has not been reaped yet (we
            // disarm after reaping), so its pid, which is also its process group id, is
            // still ours and cannot have been reused.
            unsafe {
                libc::killpg(child.id() as libc::pid_t, libc::SIGKILL);
            }
            let _ = child.wait();
        }
    }
}

fn set_nonblocking(fd: std::os::fd::RawFd) -> io::Result<()> {
    // SAFETY: fcntl on a descriptor we own, with flags read from it just before.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags < 0 || libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Reads what is available without blocking into `keep` (up to [`KEEP_OUTPUT`]); false
/// once the pipe is at its end (or broken), so that the caller stops polling it.
fn drain(pipe: &mut impl io::Read, keep: &mut Vec<u8>) -> bool {
    let mut buf = [0u8; 8192];
    loop {
        match pipe.read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => {
                let room = KEEP_OUTPUT.saturating_sub(keep.len());
                keep.extend_from_slice(&buf[..n.min(room)]);
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return true,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Runs `cmd` in a process group of its own with `input` on its stdin, reading its stdout
/// and stderr while writing (a program that echoes its input to stderr, like `msmtp -d`,
/// cannot deadlock us), for at most `limit`. At the deadline the whole group is killed
/// and reaped. A program that exits without reading all of its input is not an error
/// here: [`Finished::input_error`] says so, and the process is never killed by SIGPIPE
/// (main leaves SIGPIPE ignored, as Rust does: the write fails with EPIPE instead).
pub(crate) fn run_with_deadline(
    cmd: &mut Command,
    input: &[u8],
    limit: Duration,
) -> Result<Finished, RunError> {
    use std::os::fd::AsRawFd;
    use std::os::unix::process::CommandExt;
    let deadline = Instant::now() + limit;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(RunError::Start)?;
    let mut stdin = child.stdin.take();
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let mut guard = KillOnDrop(Some(&mut child));
    for fd in [
        stdin.as_ref().map(|p| p.as_raw_fd()),
        stdout.as_ref().map(|p| p.as_raw_fd()),
        stderr.as_ref().map(|p| p.as_raw_fd()),
    ]
    .into_iter()
    .flatten()
    {
        set_nonblocking(fd).map_err(RunError::Io)?;
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut written = 0;
    let mut input_error = None;
    if input.is_empty() {
        stdin = None; // EOF at once
    }
    let status = loop {
        let running = guard.0.as_mut().map(|c| c.try_wait());
        let exited = match running {
            Some(Ok(s)) => s,
            Some(Err(e)) => return Err(RunError::Io(e)),
            None => None,
        };
        if let Some(status) = exited {
            // What it wrote before exiting is in the pipes; a pipe still open now is held
            // by a program it left behind, which we do not wait for.
            if let Some(p) = stdout.as_mut() {
                drain(p, &mut out);
            }
            if let Some(p) = stderr.as_mut() {
                drain(p, &mut err);
            }
            if stdin.is_some() && written < input.len() {
                input_error = Some(io::Error::from(io::ErrorKind::BrokenPipe));
            }
            break status;
        }
        let now = Instant::now();
        if now >= deadline {
            drop(guard); // kills the group and reaps the child
            return Err(RunError::TimedOut);
        }
        let mut fds = Vec::with_capacity(3);
        if let Some(p) = &stdin {
            fds.push(libc::pollfd {
                fd: p.as_raw_fd(),
                events: libc::POLLOUT,
                revents: 0,
            });
        }
        for fd in [
            stdout.as_ref().map(|p| p.as_raw_fd()),
            stderr.as_ref().map(|p| p.as_raw_fd()),
        ]
        .into_iter()
        .flatten()
        {
            fds.push(libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            });
        }
        // Short waits: the child's exit is noticed by try_wait, not by poll.
        let wait = (deadline - now).min(Duration::from_millis(20)).as_millis() as libc::c_int;
        // SAFETY: `fds` is a valid array of pollfd of the given length.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, wait) };
        if rc < 0 {
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(RunError::Io(e));
            }
            continue;
        }
        if let Some(p) = stdin.as_mut() {
            match p.write(&input[written..]) {
                Ok(n) => written += n,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                    ) => {}
                Err(e) => {
                    input_error = Some(e);
                    stdin = None;
                }
            }
            if written == input.len() {
                stdin = None; // closing it is the end of the message
            }
        }
        if stdout.as_mut().is_some_and(|p| !drain(p, &mut out)) {
            stdout = None;
        }
        if stderr.as_mut().is_some_and(|p| !drain(p, &mut err)) {
            stderr = None;
        }
    };
    guard.0 = None; // reaped by try_wait
    Ok(Finished {
        status,
        stdout: out,
        stderr: err,
        input_error,
    })
}

fn smtp(cfg: &ForwardConfig, from: &str, to: &str, message: &[u8]) -> Result<(), SendError> {
    use lettre::address::Envelope;
    use lettre::transport::smtp::authentication::{Credentials, Mechanism};
    use lettre::transport::smtp::client::{Tls, TlsParameters};
    use lettre::{SmtpTransport, Transport};
    let s = cfg
        .smtp
        .as_ref()
        .ok_or("forward.transport is \"smtp\" but there is no [forward.smtp] section")?;
    let limit = Duration::from_secs(s.timeout_seconds);
    let tls_params =
        || TlsParameters::new(s.host.clone()).map_err(|e| format!("TLS setup for {}: {e}", s.host));
    let tls = match s.security {
        SmtpSecurity::Starttls => Tls::Required(tls_params()?),
        SmtpSecurity::Tls => Tls::Wrapper(tls_params()?),
        SmtpSecurity::None => Tls::None,
    };
    // The password or token is fetched before connecting: a failing helper means nothing
    // is sent.
    let (credentials, xoauth2) = match (s.auth, &s.username) {
        (SmtpAuth::Xoauth2, Some(user)) => (
            Some(Credentials::new(
                user.clone(),
                smtp_token(s, cfg.timeout())?,
            )),
            true,
        ),
        (SmtpAuth::Xoauth2, None) => {
            return Err("forward.smtp.auth = \"xoauth2\" needs username".into());
        }
        (SmtpAuth::Password, Some(user)) => (
            Some(Credentials::new(
                user.clone(),
                smtp_password(s, cfg.timeout())?,
            )),
            false,
        ),
        (SmtpAuth::Password, None) => (None, false),
    };
    let envelope = Envelope::new(
        Some(
            from.parse()
                .map_err(|e| format!("From address {from:?}: {e}"))?,
        ),
        vec![to.parse().map_err(|e| format!("To address {to:?}: {e}"))?],
    )
    .map_err(|e| format!("envelope: {e}"))?;
    let data = to_crlf(message);
    let server = format!("{}:{}", s.host, s.port);
    let did_not_answer = || {
        format!(
            "the SMTP server did not answer within {} s ({server}, forward.smtp.timeout_seconds)",
            limit.as_secs()
        )
    };
    // lettre's timeout bounds each read and write; the relay bounds the whole exchange,
    // from name resolution to the last answer (the password command has its own limit).
    let deadline = Instant::now() + limit;
    let result = through_relay(&s.host, s.port, deadline, |relay| {
        let mut builder = SmtpTransport::builder_dangerous(relay.ip().to_string())
            .port(relay.port())
            .tls(tls)
            .timeout(Some(limit));
        if let Some(c) = credentials {
            builder = builder.credentials(c);
        }
        if xoauth2 {
            builder = builder.authentication(vec![Mechanism::Xoauth2]);
        }
        builder.build().send_raw(&envelope, &data).map(|_| ())
    });
    match result {
        Ok(Ok(())) => Ok(()),
        Err(RelayError::TimedOut) => Err(SendError::MaybeSent(did_not_answer())),
        Err(RelayError::Connect(e)) => Err(format!("SMTP {server}: cannot connect: {e}").into()),
        Ok(Err(_)) if Instant::now() >= deadline => Err(SendError::MaybeSent(did_not_answer())),
        Ok(Err(e)) if timed_out(&e) => Err(SendError::MaybeSent(did_not_answer())),
        Ok(Err(e)) => Err(format!("SMTP {server}: {e}").into()),
    }
}

/// True when an SMTP error comes from a read or write timeout: a socket timeout reads as
/// "Resource temporarily unavailable" (EAGAIN), which tells the clerk nothing.
fn timed_out(e: &lettre::transport::smtp::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(err) = source {
        if let Some(io_err) = err.downcast_ref::<io::Error>() {
            return matches!(
                io_err.kind(),
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
            );
        }
        source = err.source();
    }
    false
}

#[derive(Debug)]
enum RelayError {
    /// The deadline passed: every socket was shut down.
    TimedOut,
    Connect(io::Error),
}

/// Connects to `host:port` and runs `exchange` through a relay on loopback, so that at the
/// deadline this function can cut the exchange off by shutting the sockets down (the SMTP
/// client owns its socket and only bounds each read or write, which a server answering a
/// byte at a time never hits). The relay serves one connection. Should another local
/// program connect to it first, it would only reach the SMTP server as it could directly:
/// the client's own connection would never be served, so it sends nothing.
fn through_relay<T: Send>(
    host: &str,
    port: u16,
    deadline: Instant,
    exchange: impl FnOnce(std::net::SocketAddr) -> T + Send,
) -> Result<T, RelayError> {
    use std::net::{Shutdown, TcpListener, TcpStream, ToSocketAddrs};
    use std::sync::mpsc;
    let remaining = || deadline.saturating_duration_since(Instant::now());
    // Name resolution cannot be interrupted: it runs aside and is given up at the deadline.
    let (tx, rx) = mpsc::channel();
    let target = (host.to_string(), port);
    std::thread::spawn(move || {
        let _ = tx.send(target.to_socket_addrs().map(|a| a.collect::<Vec<_>>()));
    });
    let addrs = match rx.recv_timeout(remaining()) {
        Ok(r) => r.map_err(RelayError::Connect)?,
        Err(_) => return Err(RelayError::TimedOut),
    };
    let mut upstream = None;
    let mut last = io::Error::new(io::ErrorKind::NotFound, "the host name has no address");
    for addr in addrs {
        if remaining().is_zero() {
            return Err(RelayError::TimedOut);
        }
        match TcpStream::connect_timeout(&addr, remaining()) {
            Ok(s) => {
                upstream = Some(s);
                break;
            }
            Err(e) if e.kind() == io::ErrorKind::TimedOut => return Err(RelayError::TimedOut),
            Err(e) => last = e,
        }
    }
    let upstream = upstream.ok_or(RelayError::Connect(last))?;
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(RelayError::Connect)?;
    let local = listener.local_addr().map_err(RelayError::Connect)?;
    listener
        .set_nonblocking(true)
        .map_err(RelayError::Connect)?;
    let shut = |s: &TcpStream| {
        let _ = s.shutdown(Shutdown::Both);
    };
    std::thread::scope(|scope| {
        let (done_tx, done_rx) = mpsc::channel();
        scope.spawn(move || {
            let _ = done_tx.send(exchange(local));
        });
        // Accept the client's connection, or give up when it finished without one.
        let client = loop {
            match listener.accept() {
                Ok((c, _)) => break Some(c),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(_) => break None,
            }
            match done_rx.recv_timeout(remaining().min(Duration::from_millis(5))) {
                Ok(result) => {
                    shut(&upstream);
                    return Ok(result);
                }
                Err(mpsc::RecvTimeoutError::Timeout) if remaining().is_zero() => break None,
                Err(_) => {}
            }
        };
        drop(listener); // a client still connecting is refused
        let Some(client) = client else {
            shut(&upstream);
            // The client, if still waiting, fails on the closed listener at once.
            return match done_rx.recv() {
                Ok(_) if remaining().is_zero() => Err(RelayError::TimedOut),
                Ok(result) => Ok(result),
                Err(_) => Err(RelayError::TimedOut),
            };
        };
        let _ = client.set_nonblocking(false);
        let pipes = [
            (upstream.try_clone(), client.try_clone()),
            (client.try_clone(), upstream.try_clone()),
        ];
        for (from, to) in pipes {
            if let (Ok(mut from), Ok(mut to)) = (from, to) {
                scope.spawn(move || {
                    let _ = io::copy(&mut from, &mut to);
                    let _ = to.shutdown(Shutdown::Write);
                });
            }
        }
        let outcome = match done_rx.recv_timeout(remaining()) {
            Ok(result) => Ok(result),
            Err(_) => Err(RelayError::TimedOut),
        };
        // Ends the copies and, at the deadline, the client's blocked read or write.
        shut(&upstream);
        shut(&client);
        outcome
    })
}

/// The SMTP password: from the environment variable, else the password command's first
/// output line (the command gets `limit` to answer). Never logged, never journaled.
fn smtp_password(s: &crate::config::SmtpConfig, limit: Duration) -> Result<String, SendError> {
    if let Some(var) = &s.password_env
        && let Ok(p) = std::env::var(var)
    {
        return Ok(p);
    }
    if let Some((program, args)) = s.password_command.as_deref().and_then(|c| c.split_first()) {
        let out =
            run_with_deadline(Command::new(program).args(args), b"", limit).map_err(
                |e| match e {
                    RunError::TimedOut => format!(
                        "password_command {program:?} did not answer within {} s and was stopped",
                        limit.as_secs()
                    ),
                    RunError::Start(e) | RunError::Io(e) => {
                        format!("password_command {program:?}: {e}")
                    }
                },
            )?;
        if !out.status.success() {
            return Err(format!("password_command {program:?} exited with {}", out.status).into());
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
    ).into())
}

/// The OAuth2 access token for SASL XOAUTH2: the first line of `token_command`'s output
/// (a token helper such as oama), run without a shell within `limit`. Never logged.
fn smtp_token(s: &crate::config::SmtpConfig, limit: Duration) -> Result<String, SendError> {
    let Some((program, args)) = s.token_command.as_deref().and_then(|c| c.split_first()) else {
        return Err("forward.smtp.auth = \"xoauth2\" needs token_command".into());
    };
    let out = run_with_deadline(Command::new(program).args(args), b"", limit).map_err(|e| {
        match e {
            RunError::TimedOut => format!(
                "token_command {program:?} did not answer within {} s and was stopped; nothing was sent",
                limit.as_secs()
            ),
            RunError::Start(e) | RunError::Io(e) => {
                format!("token_command {program:?} could not be run: {e}; nothing was sent")
            }
        }
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
        )
        .into());
    }
    let token = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    if token.is_empty() {
        return Err(
            format!("token_command {program:?} printed no access token; nothing was sent").into(),
        );
    }
    Ok(token)
}

/// Delivers into a Maildir folder the standard way: write to tmp/, fsync, rename to new/.
pub fn write_outbox(folder: &Path, message: &[u8]) -> io::Result<PathBuf> {
    for sub in ["tmp", "new", "cur"] {
        std::fs::create_dir_all(folder.join(sub))?;
    }
    let name = format!("{}.altinn-sweep", maildir::unique_token());
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

    const SECOND: Duration = Duration::from_secs(1);

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
    fn a_program_is_stopped_at_its_deadline_and_one_that_reads_nothing_is_a_broken_pipe() {
        let start = Instant::now();
        let r = run_with_deadline(
            Command::new("sh").args(["-c", "sleep 600"]),
            b"",
            Duration::from_millis(300),
        );
        assert!(matches!(r, Err(RunError::TimedOut)), "{r:?}");
        assert!(start.elapsed() < Duration::from_secs(5));
        let big = vec![b'x'; 1 << 20];
        let done =
            run_with_deadline(&mut Command::new("true"), &big, SECOND * 10).expect("true runs");
        assert!(done.status.success());
        assert_eq!(
            done.input_error.map(|e| e.kind()),
            Some(io::ErrorKind::BrokenPipe)
        );
        let echoed = run_with_deadline(
            Command::new("sh").args(["-c", "tee /dev/stderr"]),
            &big,
            SECOND * 20,
        )
        .expect("tee runs");
        assert!(echoed.status.success() && echoed.input_error.is_none());
        assert_eq!(echoed.stdout.len(), KEEP_OUTPUT, "only the head is kept");
    }

    #[test]
    fn missing_sendmail_is_named() {
        let e = sendmail(&["/nonexistent/sendmail".into()], b"x", SECOND).unwrap_err();
        assert!(
            matches!(&e, SendError::NotSent(t) if t.contains("not found")),
            "{e}"
        );
        let e = sendmail(
            &["sh".into(), "-c".into(), "echo refused >&2; exit 3".into()],
            b"x",
            SECOND,
        )
        .unwrap_err();
        assert!(
            matches!(&e, SendError::NotSent(t) if t.contains("refused") && t.contains('3')),
            "{e}"
        );
        let e = sendmail(&["sh".into(), "-c".into(), "sleep 5".into()], b"x", SECOND).unwrap_err();
        assert!(e.maybe_sent(), "a deadline may pass after the send: {e}");
    }
}
