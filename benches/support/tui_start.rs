//! The TUI's start for the scan bench: the real binary in a pseudo-terminal (portable-pty),
//! its output fed to a vt100 screen, timed from spawn to its first frame and to the
//! complete queue (the status line's "Read: …", which the scan's end writes), then quit
//! with Ctrl-C. What the clerk waits for each morning.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a start may take before the run counts as failed.
const DEADLINE: Duration = Duration::from_secs(120);

/// One start of the TUI on `root`: (first frame, complete queue). `cache`: the
/// classification cache's directory (`XDG_CACHE_HOME`), or none for `--no-cache`.
/// `home` holds the run's own configuration and data directories (empty: defaults).
pub fn start(
    bin: &str,
    root: &Path,
    cache: Option<&Path>,
    home: &Path,
) -> Result<(Duration, Duration), String> {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| format!("no pseudo-terminal: {e}"))?;
    let mut cmd = CommandBuilder::new(bin);
    if cache.is_none() {
        cmd.arg("--no-cache");
    }
    cmd.arg("--maildir");
    cmd.arg(root);
    cmd.env_clear();
    for (k, dir) in [
        ("HOME", "home"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("TMPDIR", "tmp"),
    ] {
        let p = home.join(dir);
        std::fs::create_dir_all(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        cmd.env(k, p);
    }
    if let Some(c) = cache {
        cmd.env("XDG_CACHE_HOME", c);
    }
    cmd.env("LANG", "C");
    cmd.env("TERM", "xterm-256color");
    cmd.env("USER", "bench");
    let started = Instant::now();
    let mut child = pty
        .slave
        .spawn_command(cmd)
        .map_err(|e| format!("the binary does not start: {e}"))?;
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().map_err(|e| e.to_string())?;
    let mut writer = pty.master.take_writer().map_err(|e| e.to_string())?;
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        NonZeroU16::new(40).expect("rows"),
        NonZeroU16::new(120).expect("cols"),
        0,
    )));
    let feed = screen.clone();
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            feed.lock().expect("screen").process(&buf[..n]);
        }
    });
    let shows = |text: &str| {
        screen
            .lock()
            .expect("screen")
            .screen()
            .contents()
            .contains(text)
    };
    let wait = |text: &str| -> Result<Duration, String> {
        while !shows(text) {
            if started.elapsed() > DEADLINE {
                return Err(format!("{text:?} not on screen after {DEADLINE:?}"));
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok(started.elapsed())
    };
    let timed = wait("altinn-sweep").and_then(|first| Ok((first, wait("Read: ")?)));
    let _ = writer.write_all(b"\x03").and_then(|_| writer.flush());
    let quit = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if quit.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(10))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break;
            }
        }
    }
    drop(writer);
    drop(pty.master);
    let _ = reading.join();
    timed
}
