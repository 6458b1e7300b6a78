//! Opening a trusted URL (an Arbeidsflate link the tool built itself, never one from an
//! email) in the clerk's browser: `$BROWSER` when set, else `xdg-open` (`open` on macOS),
//! with no terminal attached, a deadline, and the process always reaped. When none
//! starts, the caller shows the URL to copy.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long the starter may take before it is given up (and killed).
pub const DEADLINE: Duration = Duration::from_secs(5);

/// The program that opens a URL here.
fn opener() -> String {
    match std::env::var("BROWSER") {
        Ok(b) if !b.trim().is_empty() => b.trim().to_string(),
        _ if cfg!(target_os = "macos") => "open".into(),
        _ => "xdg-open".into(),
    }
}

/// Starts the browser on `url` and waits for the starter to hand over (at most
/// `deadline`). `Err` says why nothing opened (in the starter's or the OS's words).
pub fn open(url: &str, deadline: Duration) -> Result<(), String> {
    let program = opener();
    let mut child = Command::new(&program)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("{program}: {status}")),
            Ok(None) if start.elapsed() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{program}: no answer within {} s",
                    deadline.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(25)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{program}: {e}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_starter_fails_and_a_hanging_one_is_killed_and_reaped() {
        // one test, as both change the environment of this process
        // SAFETY: no other test of this crate reads or writes BROWSER.
        unsafe { std::env::set_var("BROWSER", "/nonexistent/browser") };
        assert!(open("https://af.altinn.no/inbox/x", DEADLINE).is_err());
        unsafe { std::env::set_var("BROWSER", "sleep") };
        let start = Instant::now();
        // `sleep <url>` fails at once (not a number); `sleep` with a long number hangs
        assert!(open("https://af.altinn.no/inbox/x", DEADLINE).is_err());
        unsafe { std::env::set_var("BROWSER", "true") };
        assert_eq!(open("x", DEADLINE), Ok(()));
        unsafe { std::env::set_var("BROWSER", "sleep") };
        let err = open("30", Duration::from_millis(200)).unwrap_err();
        assert!(err.contains("no answer"), "{err}");
        assert!(start.elapsed() < Duration::from_secs(5));
        unsafe { std::env::remove_var("BROWSER") };
    }
}
