//! Starting the clerk's web browser on a trusted address (the Altinn party link built
//! from the configuration, never anything from a mail), with a deadline: the browser
//! program is spawned, waited for at most `deadline`, and reaped either way, so no
//! zombie is left behind. `$BROWSER` is honoured (the first of a `:`-separated list; `%s`
//! in it stands for the address), else `xdg-open` when there is a display. When nothing
//! can be started the caller shows the address for the clerk to copy.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a browser command gets to fail before it counts as started.
pub const DEADLINE: Duration = Duration::from_secs(2);

/// Why the browser could not be started.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BrowserError {
    #[error("no browser: $BROWSER is not set and there is no display for xdg-open")]
    NoBrowser,
    #[error("{program} could not be started: {reason}")]
    Spawn { program: String, reason: String },
    #[error("{program} failed ({status})")]
    Failed { program: String, status: String },
}

/// How the browser went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// The command finished in time and said it opened the address (xdg-open's way).
    Done { program: String },
    /// Still running at the deadline: a browser in the foreground. A thread reaps it.
    Running { program: String },
}

/// The command line to run for `url`: `$BROWSER` (first entry, `%s` replaced) or
/// `xdg-open url` with a display. `None` when there is neither.
pub fn command_for(url: &str, browser: Option<&str>, has_display: bool) -> Option<Vec<String>> {
    let chosen = browser
        .and_then(|b| b.split(':').map(str::trim).find(|s| !s.is_empty()))
        .map(str::to_string);
    let line = match chosen {
        Some(b) => b,
        None if has_display => "xdg-open".to_string(),
        None => return None,
    };
    let mut words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    if words.iter().any(|w| w.contains("%s")) {
        for w in &mut words {
            *w = w.replace("%s", url);
        }
    } else {
        words.push(url.to_string());
    }
    Some(words)
}

/// Starts the browser on `url` (from the environment, see [`command_for`]) and waits
/// at most `deadline` for it to fail.
pub fn open(url: &str, deadline: Duration) -> Result<Opened, BrowserError> {
    let has_display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let browser = std::env::var("BROWSER").ok();
    let words = command_for(url, browser.as_deref(), has_display).ok_or(BrowserError::NoBrowser)?;
    run(&words, deadline)
}

/// Runs `words` (program and arguments) with no terminal attached, waiting at most
/// `deadline`; a child still running then is waited for by a thread (never a zombie).
pub fn run(words: &[String], deadline: Duration) -> Result<Opened, BrowserError> {
    let Some((program, args)) = words.split_first() else {
        return Err(BrowserError::NoBrowser);
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| BrowserError::Spawn {
            program: program.clone(),
            reason: e.to_string(),
        })?;
    let until = Instant::now() + deadline;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => {
                return Ok(Opened::Done {
                    program: program.clone(),
                });
            }
            Ok(Some(status)) => {
                return Err(BrowserError::Failed {
                    program: program.clone(),
                    status: status.to_string(),
                });
            }
            Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(25)),
            Ok(None) => break,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(BrowserError::Spawn {
                    program: program.clone(),
                    reason: e.to_string(),
                });
            }
        }
    }
    // a browser that stays in the foreground: reaped when it ends
    let spawned = std::thread::Builder::new()
        .name("browser-reaper".into())
        .spawn(move || child.wait());
    if let Err(e) = spawned {
        // no thread to wait: this one must not leave a zombie either
        return Err(BrowserError::Spawn {
            program: program.clone(),
            reason: e.to_string(),
        });
    }
    Ok(Opened::Running {
        program: program.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://af.altinn.no/?party=964965137";

    #[test]
    fn browser_variable_wins_and_percent_s_takes_the_address() {
        assert_eq!(
            command_for(URL, Some("firefox --new-tab:chromium"), false),
            Some(vec!["firefox".into(), "--new-tab".into(), URL.into()])
        );
        assert_eq!(
            command_for(URL, Some("open -u %s"), true),
            Some(vec!["open".into(), "-u".into(), URL.into()])
        );
        assert_eq!(
            command_for(URL, None, true),
            Some(vec!["xdg-open".into(), URL.into()])
        );
        assert_eq!(command_for(URL, Some("  "), false), None);
        assert_eq!(command_for(URL, None, false), None);
    }

    #[test]
    fn a_failing_or_missing_browser_is_an_error_and_a_slow_one_is_reaped() {
        let w = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(matches!(
            run(&w(&["/nonexistent/browser", URL]), DEADLINE),
            Err(BrowserError::Spawn { .. })
        ));
        assert!(matches!(
            run(&w(&["false"]), DEADLINE),
            Err(BrowserError::Failed { .. })
        ));
        assert!(matches!(
            run(&w(&["true", URL]), DEADLINE),
            Ok(Opened::Done { .. })
        ));
        let started = Instant::now();
        let r = run(&w(&["sleep", "1"]), Duration::from_millis(100));
        assert!(matches!(r, Ok(Opened::Running { .. })), "{r:?}");
        assert!(
            started.elapsed() < Duration::from_millis(900),
            "the deadline holds"
        );
    }
}
