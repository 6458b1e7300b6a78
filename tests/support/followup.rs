//! Follow-up test helpers (`followup_cli`, `roster_sync`, `week`): notices with a given
//! Date and recipient, a sandbox whose configuration knows an invented unit and a roster,
//! and runs of the binary at an injected "now" (`ALTINN_SWEEP_NOW`).

use super::mailgen::mime::{Cte, Part, build};
use super::{ConfigText, Run, Sandbox, run};
use serde_json::Value;
use std::path::PathBuf;

/// An invented unit (valid MOD11) added to the default configuration.
pub const HANA: (&str, &str) = ("Hana skole", "910000012");

pub fn notice(n: usize, date: &str, recipient: &str) -> Vec<u8> {
    let headers = [
        "From: Altinn <noreply@altinn.no>".to_string(),
        "To: postmottak@sandnes.kommune.no".to_string(),
        format!("Subject: En melding har blitt mottatt i Altinn ({n})"),
        format!("Date: {date}"),
        format!("Message-ID: <week-{n}@altinn.no>"),
    ];
    let body = Part::new(
        format!(
            "Hei. {recipient} har mottatt en ny melding fra Skatteetaten.\nReferanse: {n:06}\n"
        ),
        "plain",
    )
    .cte(Cte::EightBit);
    build(&headers, &body.into(), false)
}

pub fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.install_fake_sendmail();
    let config = ConfigText::for_sandbox(&sb).replace_text(
        "[forward]\n",
        &format!(
            "[[units]]\nname = \"{}\"\norg = \"{}\"\n\n[roster]\ntuesday = \"kari\"\n\n[forward]\n",
            HANA.0, HANA.1
        ),
    );
    sb.write_config(&config);
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    sb
}

/// Puts a notice into a folder as mbsync names it (with its UID), flags `S`.
pub fn put(sb: &Sandbox, folder: &str, n: usize, bytes: &[u8]) -> PathBuf {
    let p = sb
        .folder(folder)
        .join("cur")
        .join(format!("17330{n:05}.R{n}.pc,U={n}:2,S"));
    std::fs::write(&p, bytes).unwrap();
    p
}

pub fn at(sb: &Sandbox, now: &str, args: &[&str]) -> Run {
    run(sb.command(args).env("ALTINN_SWEEP_NOW", now))
}

pub fn items(r: &Run) -> Vec<Value> {
    r.stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}
