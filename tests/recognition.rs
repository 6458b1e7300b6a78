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

// --- Mail as Exchange Online delivers it ------------------------------------------------

/// The subject tags an Exchange transport rule (or another gateway) puts before the
/// subject of external mail, one style per message in turn.
const TAG_STYLES: [&str; 6] = [
    "[EKSTERN] ",
    "EKSTERN: ",
    "[Ekstern e-post] ",
    "[EXTERNAL] ",
    "EXT: ",
    "[ekstern]  ",
];

const BANNER_TEXT: &str = "EKSTERN AVSENDER: Denne e-posten kommer fra utsiden av Sandnes kommune. Ikke klikk på lenker eller åpne vedlegg med mindre du kjenner avsenderen.";

/// A URL as Safe Links rewrites it.
fn safe_link(target: &str) -> String {
    let encoded: String = target
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!(
        "https://eur02.safelinks.protection.outlook.com/?url={encoded}&data=05%7C02%7Cpostmottak%40sandnes.kommune.no%7C8a1f%7C0%7C0%7C638%7CUnknown&sdata=Zm9vYmFy%3D&reserved=0"
    )
}

/// Decodes the character references an `href` may hold (numeric and the few named ones
/// the fixtures use).
fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match name {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "nbsp" => Some('\u{a0}'),
                _ => None,
            }
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

static URL_IN_TEXT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]]+"#).unwrap()
});

/// Outlook's non-breaking spaces: between two capitals (in names) and two digits (in
/// numbers).
static NAME_OR_NUMBER_SPACE: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(\p{Lu}|\d) (\p{Lu}|\d)").unwrap());

fn nbsp_in_names(text: &str, nbsp: &str) -> String {
    // twice: "9 6 4" overlaps
    let once = NAME_OR_NUMBER_SPACE.replace_all(text, format!("${{1}}{nbsp}${{2}}").as_str());
    NAME_OR_NUMBER_SPACE
        .replace_all(&once, format!("${{1}}{nbsp}${{2}}").as_str())
        .into_owned()
}

/// A text part as Exchange delivers it: the banner first, every URL behind Safe Links
/// (Outlook writes a link in text as `text<URL>`), non-breaking spaces in names and
/// numbers.
fn exchange_text(text: &str) -> String {
    let wrapped = URL_IN_TEXT.replace_all(text, |c: &regex::Captures| {
        let url = c[0].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let tail = &c[0][url.len()..];
        let target = if url.to_ascii_lowercase().starts_with("www.") {
            format!("http://{url}")
        } else {
            url.to_string()
        };
        format!("<{}>{tail}", safe_link(&target))
    });
    format!("{BANNER_TEXT}\n\n{}", nbsp_in_names(&wrapped, "\u{a0}"))
}

static HREF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"(?i)\b(href|action)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#).unwrap()
});

/// An HTML part as Exchange delivers it: a banner table first, Safe Links on every link
/// and every URL in the text, `&nbsp;` in names and numbers, Outlook's `MsoNormal`
/// paragraphs with `<o:p>`.
fn exchange_html(html: &str) -> String {
    let linked = HREF.replace_all(html, |c: &regex::Captures| {
        let raw = c.get(2).or(c.get(3)).or(c.get(4)).unwrap().as_str();
        let target = decode_entities(raw);
        if target.trim().to_ascii_lowercase().starts_with("mailto:") {
            return c[0].to_string();
        }
        format!(
            "{}=\"{}\"",
            &c[1],
            safe_link(target.trim()).replace('&', "&amp;")
        )
    });
    // Text between tags: wrap bare URLs, put &nbsp; into names and numbers.
    let mut out = String::new();
    let mut rest: &str = &linked;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        out.push_str(&nbsp_in_names(
            &URL_IN_TEXT.replace_all(text, |c: &regex::Captures| {
                safe_link(&decode_entities(&c[0])).replace('&', "&amp;")
            }),
            "&nbsp;",
        ));
        let close = rest[open..].find('>').map_or(rest.len(), |i| open + i + 1);
        out.push_str(&rest[open..close]);
        rest = &rest[close..];
    }
    out.push_str(&nbsp_in_names(rest, "&nbsp;"));
    let out = out
        .replace("<p>", "<p class=MsoNormal>")
        .replace("</p>", "<o:p></o:p></p>");
    let banner = format!(
        "<table class=MsoNormalTable border=0 cellpadding=0 style='background:#FFEB9C'><tr><td><p class=MsoNormal><b>EKSTERN AVSENDER:</b> {}<o:p></o:p></p></td></tr></table>",
        BANNER_TEXT.trim_start_matches("EKSTERN AVSENDER: ")
    );
    match out.to_ascii_lowercase().find("<body") {
        Some(i) => {
            let end = out[i..].find('>').map_or(out.len(), |j| i + j + 1);
            format!("{}{banner}{}", &out[..end], &out[end..])
        }
        None => format!("{banner}{out}"),
    }
}

fn base64_lines(data: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(data);
    let mut out = String::new();
    for chunk in b64.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push_str("\r\n");
    }
    out
}

fn rfc2047(text: &str) -> String {
    use base64::Engine;
    if text.is_ascii() {
        text.to_string()
    } else {
        format!(
            "=?utf-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(text)
        )
    }
}

/// Microsoft's Authentication-Results for a message: what Exchange Online would find
/// for its From domain, given what the original's receiving server found.
fn microsoft_auth_results(from_domain: &str, original_failed: bool) -> String {
    let genuine = from_domain == "altinn.no" || from_domain.ends_with(".altinn.no");
    let (spf, dkim, dmarc, compauth) = if genuine && !original_failed {
        ("pass", "pass", "pass action=none", "pass reason=100")
    } else if genuine {
        ("fail", "none", "fail action=quarantine", "fail reason=000")
    } else {
        ("pass", "pass", "pass action=none", "pass reason=100")
    };
    format!(
        "Authentication-Results: spf={spf} (sender IP is 203.0.113.17)\r\n smtp.mailfrom={from_domain}; dkim={dkim} (signature was verified)\r\n header.d={from_domain};dmarc={dmarc}\r\n header.from={from_domain};compauth={compauth}\r\n"
    )
}

/// Any message as Exchange Online delivers it to a tenant with Safe Links, an external
/// sender tag (style `style`), a banner, Microsoft's Authentication-Results, CRLF and
/// Outlook's HTML.
fn as_exchange_delivers(raw: &[u8], style: usize) -> Vec<u8> {
    let msg = mail_parser::MessageParser::default()
        .parse(raw)
        .expect("a parsable message");
    let header_end = altinn_sweep::message::header_block(raw).map_or(raw.len(), <[u8]>::len);
    // The original's header fields, unfolded into (name, raw lines).
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in String::from_utf8_lossy(&raw[..header_end]).lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with([' ', '\t']) {
            if let Some(last) = fields.last_mut() {
                last.1.push_str("\r\n");
                last.1.push_str(line);
            }
        } else if let Some((name, _)) = line.split_once(':') {
            fields.push((name.trim().to_ascii_lowercase(), line.to_string()));
        }
    }
    let original_failed = fields.iter().any(|(n, v)| {
        n == "authentication-results"
            && altinn_sweep::authres::parse(v.split_once(':').unwrap().1).failed("dmarc")
    });
    let from_domain = msg
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address.as_deref())
        .and_then(|a| a.rsplit_once('@'))
        .map(|(_, d)| d.to_ascii_lowercase())
        .unwrap_or_default();
    let mut out = String::new();
    out.push_str(&microsoft_auth_results(&from_domain, original_failed));
    for (name, value) in &fields {
        let dropped = [
            "authentication-results",
            "subject",
            "content-type",
            "content-transfer-encoding",
            "mime-version",
        ];
        if !dropped.contains(&name.as_str()) {
            out.push_str(value);
            out.push_str("\r\n");
        }
    }
    if let Some(subject) = msg.subject() {
        out.push_str(&format!(
            "Subject: {}\r\n",
            rfc2047(&format!(
                "{}{subject}",
                TAG_STYLES[style % TAG_STYLES.len()]
            ))
        ));
    }
    out.push_str("MIME-Version: 1.0\r\n");
    let html = msg
        .html_bodies()
        .find(|p| p.is_text_html())
        .and_then(|p| p.text_contents())
        .map(exchange_html);
    let plain = msg
        .text_bodies()
        .find(|p| p.is_text() && !p.is_text_html())
        .and_then(|p| p.text_contents())
        .map(exchange_text);
    let part = |kind: &str, text: &str| {
        format!(
            "Content-Type: text/{kind}; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}",
            base64_lines(text.replace("\r\n", "\n").replace('\n', "\r\n").as_bytes())
        )
    };
    match (plain, html) {
        (Some(p), Some(h)) => {
            out.push_str(
                "Content-Type: multipart/alternative;\r\n\tboundary=\"_000_EXO_\"\r\n\r\n",
            );
            out.push_str(&format!(
                "--_000_EXO_\r\n{}--_000_EXO_\r\n{}--_000_EXO_--\r\n",
                part("plain", &p),
                part("html", &h)
            ));
        }
        (Some(p), None) => out.push_str(&part("plain", &p)),
        (None, Some(h)) => out.push_str(&part("html", &h)),
        (None, None) => out.push_str("Content-Type: text/plain; charset=\"utf-8\"\r\n\r\n"),
    }
    out.into_bytes()
}

/// The fields a clerk's decision rests on.
const CLASSIFICATION: [&str; 7] = [
    "suspicious",
    "action",
    "rule",
    "recipient_org",
    "recipient_name",
    "recipient_unit",
    "sender",
];

/// Copies every message of `from` (a mail root's INBOX or a flat fixture folder) into a
/// fresh INBOX/cur under `root`, each passed through `transform`.
fn inbox_of(root: &Path, files: &[PathBuf], transform: impl Fn(&[u8], usize) -> Vec<u8>) {
    make_maildir_folder(&root.join("INBOX"));
    for (i, file) in files.iter().enumerate() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        // keep the demo's own maildir names (flags and all); fixtures get one
        let name = if name.contains(":2,") {
            name
        } else {
            format!("18001{i:05}.{}.host:2,S", name.trim_end_matches(".eml"))
        };
        let sub = if file.parent().is_some_and(|p| p.ends_with("new")) {
            "new"
        } else {
            "cur"
        };
        let raw = std::fs::read(file).unwrap();
        std::fs::write(root.join("INBOX").join(sub).join(name), transform(&raw, i)).unwrap();
    }
}

/// Scans the original and the Exchange-delivered copy of `files` and compares what each
/// message became.
fn same_as_exchange_delivers(
    files: &[PathBuf],
) -> (HashMap<String, Value>, HashMap<String, Value>) {
    let sandbox = BareSandbox::new();
    let original = sandbox.path().join("Original");
    let exchange = sandbox.path().join("Exchange");
    inbox_of(&original, files, |raw, _| raw.to_vec());
    inbox_of(&exchange, files, as_exchange_delivers);
    let (_, before) = scan_json(&sandbox, &original);
    let (_, after) = scan_json(&sandbox, &exchange);
    let mut problems = Vec::new();
    for id in before.keys().chain(after.keys()) {
        match (before.get(id), after.get(id)) {
            (Some(b), Some(a)) => {
                for field in CLASSIFICATION {
                    if b[field] != a[field] {
                        problems.push(format!(
                            "{id}: {field} was {} but is {} as Exchange delivers it\n    doubts: {}",
                            b[field], a[field], a["doubts"]
                        ));
                    }
                }
            }
            (Some(_), None) => problems.push(format!("{id}: no longer listed")),
            (None, Some(a)) => {
                problems.push(format!("{id}: listed only as Exchange delivers it: {a}"))
            }
            (None, None) => {}
        }
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    (before, after)
}

#[test]
fn every_variant_is_classified_the_same_as_exchange_online_delivers_it() {
    let dir = support::manifest_dir().join("tests/fixtures/variants");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    assert!(files.len() >= 70);
    let (before, after) = same_as_exchange_delivers(&files);
    // Every listed one is there, the spoofs still suspicious, and the tags were removed
    // but the subject is shown as it is.
    assert!(before.len() >= 65, "{}", before.len());
    let suspicious = after.values().filter(|v| v["suspicious"] == true).count();
    assert!(suspicious >= 10, "{suspicious}");
    for v in after.values() {
        if v["subject"].is_string() {
            let tags = v["subject_tags"].as_array().unwrap();
            assert_eq!(tags.len(), 1, "{v}");
            assert!(
                v["subject"]
                    .as_str()
                    .unwrap()
                    .starts_with(tags[0].as_str().unwrap()),
                "{v}"
            );
        }
    }
}

#[test]
fn every_demo_message_is_classified_the_same_as_exchange_online_delivers_it() {
    let inbox = support::manifest_dir().join("assets/demo/Mail/INBOX");
    let mut files: Vec<PathBuf> = ["cur", "new"]
        .iter()
        .flat_map(|sub| std::fs::read_dir(inbox.join(sub)).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (before, _) = same_as_exchange_delivers(&files);
    assert!(before.len() >= 20);
}

/// A plain-text sick-note notice from Altinn's real address with `extra` header lines
/// and `subject`, its one link `link`.
fn plain_notice(id: &str, subject: &str, from: &str, extra: &[&str], link: &str) -> Vec<u8> {
    let mut h = String::new();
    for line in extra {
        h.push_str(line);
        h.push_str("\r\n");
    }
    format!(
        "{h}Date: Thu, 26 Nov 2026 09:00:00 +0100\r\nFrom: {from}\r\nTo: postmottak@sandnes.kommune.no\r\nSubject: {}\r\nMessage-ID: <{id}@altinn.no>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nEn ansatt hos SANDNES KOMMUNE (orgnr 964965137) har sendt inn en ny sykmelding.\r\nLogg inn p\u{e5} {link} for \u{e5} se sykmeldingen.\r\nVennlig hilsen Nav.\r\n",
        rfc2047(subject)
    )
    .into_bytes()
}

const ALTINN: &str = "Altinn <noreply@altinn.no>";
const MS_PASS: &str = "Authentication-Results: spf=pass (sender IP is 203.0.113.17) smtp.mailfrom=altinn.no; dkim=pass (signature was verified) header.d=altinn.no;dmarc=pass action=none header.from=altinn.no;compauth=pass reason=100";

#[test]
fn proofpoint_and_mimecast_wrapped_links() {
    let v2 = "https://urldefense.proofpoint.com/v2/url?u=https-3A__www.altinn.no_ui_MessageBox-3FO-3D964965137&d=DwMFaQ&c=euGZstcaTDllvimEN8b7jXrwqOf-v5A_CdpgnVfiiMM&r=abc&m=def&s=ghi&e=";
    let v2_evil = "https://urldefense.proofpoint.com/v2/url?u=https-3A__altinn-2Dlogin.example_sykmelding&d=DwMFaQ&c=x&r=y&m=z&s=w&e=";
    let v3 = "https://urldefense.com/v3/__https://www.altinn.no/ui/MessageBox*O*964965137__;Pz0!!ABCDEFG!hijklmn$";
    let v3_evil =
        "https://urldefense.com/v3/__https://altinn.no.evil.example/login__;!!ABCDEFG!hijklmn$";
    let mimecast = "https://protect-eu.mimecast.com/s/7gQ2CpZ1xYzAbCdEfGhIj?domain=altinn.no";
    let sandbox = BareSandbox::new();
    let messages: Vec<(String, Vec<u8>)> = [
        ("v2", v2),
        ("v2evil", v2_evil),
        ("v3", v3),
        ("v3evil", v3_evil),
        ("mimecast", mimecast),
    ]
    .iter()
    .map(|(stem, link)| {
        (
            stem.to_string(),
            plain_notice(
                stem,
                "Ny sykmelding for en av dine ansatte",
                ALTINN,
                &[MS_PASS],
                link,
            ),
        )
    })
    .collect();
    let root = mail_root(&sandbox, &messages);
    let (_, items) = scan_json(&sandbox, &root);
    for (stem, suspicious) in [
        ("v2", false),
        ("v2evil", true),
        ("v3", false),
        ("v3evil", true),
    ] {
        let v = item(&items, stem);
        assert_eq!(v["suspicious"], suspicious, "{stem}: {v}");
        if !suspicious {
            assert_eq!(v["rule"], "sick-note", "{stem}");
        }
    }
    let evil = item(&items, "v3evil");
    assert!(
        evil["doubts"][0]["detail"]
            .as_str()
            .unwrap()
            .ends_with("→ https://altinn.no.evil.example/login"),
        "{evil}"
    );
    // Mimecast is not configured: its link leads to an unknown host.
    assert_eq!(item(&items, "mimecast")["suspicious"], true);

    // Configured as an opaque wrapper, the link neither proves nor disproves: the other
    // checks decide (here: all good), and explain says so.
    let config = sandbox.path().join("opaque.toml");
    let text = support::default_config_text().replace(
        "link_wrappers = [\n",
        "link_wrappers = [\n  { host = \"protect-eu.mimecast.com\", kind = \"opaque\" },\n",
    );
    assert!(
        text.contains("mimecast"),
        "the default config has a link_wrappers list"
    );
    std::fs::write(&config, text).unwrap();
    let run = sandbox.run(&[
        "--config",
        config.to_str().unwrap(),
        "--maildir",
        root.to_str().unwrap(),
        "scan",
        "--json",
    ]);
    let items = by_id(json_lines(&run.stdout));
    let v = item(&items, "mimecast");
    assert_eq!(v["suspicious"], false, "{v}");
    assert_eq!(v["rule"], "sick-note");
    let file = std::fs::read_dir(root.join("INBOX/cur"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(".mimecast."))
        .unwrap();
    let run = sandbox.run(&[
        "--config",
        config.to_str().unwrap(),
        "explain",
        file.to_str().unwrap(),
    ]);
    assert!(
        run.stdout
            .contains("opaque wrapper (protect-eu.mimecast.com)")
            && run.stdout.contains("the other checks decide"),
        "{}",
        run.stdout
    );
    let v3file = std::fs::read_dir(root.join("INBOX/cur"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(".v3."))
        .unwrap();
    let run = sandbox.run(&["explain", v3file.to_str().unwrap()]);
    assert!(
        run.stdout.contains(
            "urldefense.com → https://www.altinn.no/ui/MessageBox?O=964965137  [trusted]"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn subject_tags_are_removed_but_a_colleagues_prefix_is_no_tag() {
    let link = "https://www.altinn.no/";
    let colleague = "Kari Nordmann <kari.nordmann@sandnes.kommune.no>";
    let sandbox = BareSandbox::new();
    let mut messages = Vec::new();
    for (i, tag) in TAG_STYLES.iter().enumerate() {
        messages.push((
            format!("tag{i}"),
            plain_notice(
                &format!("tag{i}"),
                &format!("{tag}Ny sykmelding for en av dine ansatte"),
                ALTINN,
                &[MS_PASS],
                link,
            ),
        ));
    }
    messages.push((
        "twotags".into(),
        plain_notice(
            "twotags",
            "[EXTERNAL] [EKSTERN] Ny søknad om sykepenger",
            ALTINN,
            &[MS_PASS],
            link,
        ),
    ));
    for (i, prefix) in [
        "VS: ",
        "SV: ",
        "Fwd: ",
        "Automatisk svar: ",
        "VS: [EKSTERN] ",
    ]
    .iter()
    .enumerate()
    {
        messages.push((
            format!("colleague{i}"),
            plain_notice(
                &format!("colleague{i}"),
                &format!("{prefix}Ny sykmelding for en av dine ansatte"),
                colleague,
                &[],
                link,
            ),
        ));
    }
    let root = mail_root(&sandbox, &messages);
    let (_, items) = scan_json(&sandbox, &root);
    for (i, tag) in TAG_STYLES.iter().enumerate() {
        let v = item(&items, &format!("tag{i}"));
        assert_eq!(
            (v["suspicious"].as_bool(), v["rule"].as_str()),
            (Some(false), Some("sick-note")),
            "{v}"
        );
        assert_eq!(v["action"], "delete");
        assert_eq!(
            v["subject"],
            format!("{tag}Ny sykmelding for en av dine ansatte")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert_eq!(v["subject_tags"][0], tag.trim(), "{v}");
    }
    let v = item(&items, "twotags");
    assert_eq!(v["rule"], "sick-pay-application", "{v}");
    assert_eq!(
        v["subject_tags"],
        serde_json::json!(["[EXTERNAL]", "[EKSTERN]"])
    );
    for i in 0..5 {
        assert!(
            !items
                .keys()
                .any(|id| id.contains(&format!(".colleague{i}."))),
            "a colleague's mail is listed: {items:?}"
        );
    }
    // explain shows what was removed
    let file = std::fs::read_dir(root.join("INBOX/cur"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(".tag0."))
        .unwrap();
    let run = sandbox.run(&["explain", file.to_str().unwrap()]);
    assert!(
        run.stdout.contains("tag removed: [\"[EKSTERN]\"]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("subject as read: Ny sykmelding"),
        "{}",
        run.stdout
    );
}

#[test]
fn authentication_results_as_receivers_write_them() {
    let link = "https://www.altinn.no/";
    let cases: [(&str, &[&str], bool); 7] = [
        ("mspass", &[MS_PASS], false),
        (
            "mscompauth",
            &[
                "Authentication-Results: spf=none (sender IP is 198.51.100.9) smtp.mailfrom=evil.example; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=altinn.no;compauth=fail reason=601",
            ],
            true,
        ),
        (
            "msdmarc",
            &[
                "Authentication-Results: spf=fail (sender IP is 198.51.100.9) smtp.mailfrom=altinn.no; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=altinn.no;compauth=none reason=451",
            ],
            true,
        ),
        (
            // a forged pass added by the sender below the receiver's verdict changes nothing
            "forgedpass",
            &[
                "Authentication-Results: mx.sandnes.kommune.no; dmarc=fail (p=reject dis=none) header.from=altinn.no",
                "Authentication-Results: mx.altinn.no; spf=pass; dkim=pass; dmarc=pass header.from=altinn.no",
            ],
            true,
        ),
        (
            "google",
            &[
                "Authentication-Results: mx.google.com;\r\n       dkim=pass header.i=@altinn.no header.s=s1 header.b=AbC;\r\n       spf=pass (google.com: domain of noreply@altinn.no designates 203.0.113.17 as permitted sender) smtp.mailfrom=noreply@altinn.no;\r\n       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=altinn.no",
            ],
            false,
        ),
        (
            // a comment is no result
            "arccomment",
            &[
                "Authentication-Results: mx.google.com; arc=pass (i=1 spf=pass dmarc=fail fromdomain=altinn.no); dmarc=pass header.from=altinn.no",
            ],
            false,
        ),
        ("none", &[], false),
    ];
    let sandbox = BareSandbox::new();
    let messages: Vec<(String, Vec<u8>)> = cases
        .iter()
        .map(|(stem, headers, _)| {
            (
                stem.to_string(),
                plain_notice(
                    stem,
                    "Ny sykmelding for en av dine ansatte",
                    ALTINN,
                    headers,
                    link,
                ),
            )
        })
        .collect();
    let root = mail_root(&sandbox, &messages);
    let (_, items) = scan_json(&sandbox, &root);
    for (stem, _, suspicious) in cases {
        let v = item(&items, stem);
        assert_eq!(v["suspicious"], suspicious, "{stem}: {v}");
    }
    assert_eq!(
        item(&items, "mscompauth")["doubts"][0]["kind"],
        "compauth_fail"
    );
    assert_eq!(item(&items, "msdmarc")["doubts"][0]["kind"], "dmarc_fail");
}

#[test]
fn a_number_in_the_senders_text_is_a_note_not_the_recipient() {
    let demo = support::manifest_dir().join("assets/demo/Mail");
    let sandbox = BareSandbox::new();
    let (_, items) = scan_json(&sandbox, &demo);
    let v = items
        .values()
        .find(|v| v["id"].as_str().unwrap().starts_with("1795420925.40391_5"))
        .expect("the demo's PPT case");
    assert_eq!(v["recipient_name"], "SANDNES KOMMUNE");
    assert_eq!(v["recipient_unit"], "Sandnes kommune");
    assert_eq!(v["recipient_org"], Value::Null);
    assert_eq!(
        (v["action"].as_str(), v["rule"].as_str()),
        (Some("archive"), Some("archive-rest"))
    );
    assert_eq!(
        v["notes"],
        serde_json::json!([{"kind": "other_number_in_text", "detail": "973857789 (PPT)"}])
    );
    let reason = v["reason"].as_str().unwrap();
    assert!(
        reason.contains("973 857 789 (PPT)") && reason.contains("SANDNES KOMMUNE"),
        "{reason}"
    );
}
