//! The real SMTP server the SMTP tests send to: `tests/support/smtp_sink.py` (aiosmtpd) on
//! loopback, started by the test and stopped when dropped, and the Python that runs it.
//! `transports` uses it plain, `smtp_xoauth2` in its XOAUTH2 mode.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A Python that has aiosmtpd: `ALTINN_SWEEP_TEST_PYTHON`, `python3` on PATH (pyenv's on
/// the CI machine, where `.ci/run` pip-installs aiosmtpd), or Debian's `/usr/bin/python3`
/// (python3-aiosmtpd).
pub fn python_with_aiosmtpd() -> Option<String> {
    let mut candidates: Vec<String> = std::env::var("ALTINN_SWEEP_TEST_PYTHON")
        .into_iter()
        .collect();
    candidates.extend([
        "python3".into(),
        "/usr/bin/python3".into(),
        "/usr/local/bin/python3".into(),
    ]);
    candidates.into_iter().find(|py| {
        Command::new(py)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// The Python for the SMTP tests (ignored by default): asked to run, they fail, never
/// pass, without one.
pub fn smtp_python() -> String {
    python_with_aiosmtpd().unwrap_or_else(|| {
        panic!(
            "this test needs a python3 with aiosmtpd (`python3 -m pip install aiosmtpd` or \
             `apt-get install python3-aiosmtpd`; .ci/run installs it)"
        )
    })
}

/// The SMTP server of `smtp_sink.py`, stopped (stdin closed, then killed) when dropped.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: PathBuf,
}

impl SmtpSink {
    /// Starts the sink with [`smtp_python`], saving what it receives in `dir`; it stops
    /// by itself after 120 s. `xoauth2`: the user and token it requires (SASL XOAUTH2).
    pub fn start(dir: &Path, xoauth2: Option<(&str, &str)>) -> SmtpSink {
        std::fs::create_dir_all(dir).expect("the sink's folder");
        let script = super::manifest_dir().join("tests/support/smtp_sink.py");
        let mut cmd = Command::new(smtp_python());
        cmd.arg(&script).arg(dir).arg("120");
        if let Some((user, token)) = xoauth2 {
            cmd.args([user, token]);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP sink");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("read the port");
        let port = first
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("the SMTP sink did not start: {first:?}")
            });
        SmtpSink {
            child,
            port,
            dir: dir.to_path_buf(),
        }
    }

    /// Received messages: (envelope JSON, message bytes as received), in order.
    pub fn received(&self) -> Vec<(Value, Vec<u8>)> {
        super::eml_files(&self.dir)
            .into_iter()
            .map(|p| {
                let env = std::fs::read_to_string(p.with_extension("json")).expect("envelope");
                (
                    serde_json::from_str(&env).expect("envelope JSON"),
                    std::fs::read(&p).expect("message"),
                )
            })
            .collect()
    }

    /// How many messages it received.
    pub fn received_count(&self) -> usize {
        super::eml_files(&self.dir).len()
    }

    /// The SASL strings the server received (XOAUTH2 mode), decoded.
    pub fn sasl(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join("auth.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).expect("auth.jsonl line")["sasl"]
                    .as_str()
                    .expect("a sasl string")
                    .to_string()
            })
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
