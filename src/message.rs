//! Raw message bytes to the fields the tool needs: a cheap header peek that decides whether a
//! message is worth a full parse, and the full parse (mail-parser) with the best body text.

use mail_parser::{Address, MessageParser};
use std::sync::LazyLock;

/// The few header fields read from every message in a folder, before deciding whether it
/// could be a notification. Decoded (RFC 2047), unfolded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderPeek {
    pub from_addr: Option<String>,
    pub from_name: Option<String>,
    pub subject: Option<String>,
}

/// A fully parsed message: what the recogniser, the rules and the screens look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedMail {
    pub from_addr: Option<String>,
    pub from_name: Option<String>,
    pub to: Vec<String>,
    /// RFC 3339 with the offset the sender wrote.
    pub date: Option<String>,
    /// Seconds since the epoch (UTC), for sorting.
    pub timestamp: Option<i64>,
    pub subject: Option<String>,
    pub message_id: Option<String>,
    /// Raw, unfolded values of every `Authentication-Results` header.
    pub auth_results: Vec<String>,
    /// The best plain text of the body: text/plain, else text/html rendered to text.
    pub body: String,
    /// Every link target found in the body (HTML anchors and bare URLs in the text).
    pub links: Vec<String>,
}

/// Returns the header block of `raw`: everything before the first empty line, or `None`
/// when `raw` ends before the header block does (the caller should read more).
pub fn header_block(raw: &[u8]) -> Option<&[u8]> {
    let mut i = 0;
    while let Some(off) = memchr_nl(&raw[i..]) {
        let nl = i + off;
        let next = nl + 1;
        match raw.get(next) {
            Some(b'\n') => return Some(&raw[..next]),
            Some(b'\r') if raw.get(next + 1) == Some(&b'\n') => return Some(&raw[..next]),
            None => return None,
            _ => i = next,
        }
    }
    None
}

fn memchr_nl(s: &[u8]) -> Option<usize> {
    s.iter().position(|&b| b == b'\n')
}

/// True when `head` starts like an email: a header field name (printable ASCII without
/// spaces or colons) followed by a colon, or an mbox `From ` line.
pub fn looks_like_mail(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    if head.starts_with(b"From ") {
        return true;
    }
    let name_len = head
        .iter()
        .take_while(|&&b| b > 32 && b < 127 && b != b':')
        .count();
    // RFC 5322's obsolete syntax allows white space between the name and the colon
    let gap = head[name_len..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    name_len > 0 && head.get(name_len + gap) == Some(&b':')
}

/// Reads From and Subject out of a header block without parsing the rest of it.
pub fn peek_headers(block: &[u8]) -> HeaderPeek {
    let mut wanted: Vec<u8> = Vec::with_capacity(256);
    let mut lines = block.split(|&b| b == b'\n').peekable();
    let mut seen_from = false;
    let mut seen_subject = false;
    while let Some(line) = lines.next() {
        let is_from = !seen_from && starts_with_ci(line, b"from:");
        let is_subject = !seen_subject && starts_with_ci(line, b"subject:");
        if !(is_from || is_subject) {
            continue;
        }
        seen_from |= is_from;
        seen_subject |= is_subject;
        wanted.extend_from_slice(trim_cr(line));
        while let Some(cont) = lines.next_if(|l| matches!(l.first(), Some(b' ' | b'\t'))) {
            wanted.extend_from_slice(b"\r\n");
            wanted.extend_from_slice(trim_cr(cont));
        }
        wanted.extend_from_slice(b"\r\n");
        if seen_from && seen_subject {
            break;
        }
    }
    if wanted.is_empty() {
        return HeaderPeek::default();
    }
    wanted.extend_from_slice(b"\r\n");
    let Some(msg) = MessageParser::default().parse_headers(&wanted) else {
        return HeaderPeek::default();
    };
    let (from_addr, from_name) = first_address(msg.from());
    HeaderPeek {
        from_addr,
        from_name,
        subject: msg.subject().map(clean_header_text),
    }
}

fn starts_with_ci(line: &[u8], prefix: &[u8]) -> bool {
    line.len() >= prefix.len() && line[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn first_address(addr: Option<&Address>) -> (Option<String>, Option<String>) {
    let Some(first) = addr.and_then(|a| a.first()) else {
        return (None, None);
    };
    let address = first
        .address
        .as_deref()
        .map(|a| a.trim().to_ascii_lowercase())
        .filter(|a| !a.is_empty());
    let name = first
        .name
        .as_deref()
        .map(clean_header_text)
        .filter(|n| !n.is_empty());
    (address, name)
}

/// Collapses runs of whitespace (a folded header keeps its line break otherwise).
fn clean_header_text(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses a whole message. `None` only when mail-parser finds no message at all in `raw`.
pub fn parse(raw: &[u8]) -> Option<ParsedMail> {
    let msg = MessageParser::default().parse(raw)?;
    let (from_addr, from_name) = first_address(msg.from());
    let to = msg
        .to()
        .map(|a| {
            a.iter()
                .filter_map(|a| a.address.as_deref().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let auth_results = msg
        .headers_raw()
        .filter(|(name, _)| name.eq_ignore_ascii_case("Authentication-Results"))
        .map(|(_, value)| clean_header_text(value))
        .collect();

    let mut links = Vec::new();
    let body = if let Some(text) = msg
        .text_bodies()
        .next()
        .filter(|p| p.is_text() && !p.is_text_html())
    {
        let text = text.text_contents().unwrap_or_default().to_string();
        collect_bare_urls(&text, &mut links);
        text
    } else if let Some(html) = msg.html_bodies().next().and_then(|p| p.text_contents()) {
        render_html(html, &mut links)
    } else {
        String::new()
    };
    // Links in an HTML alternative count too, even when the plain part is shown.
    if let Some(html) = msg
        .html_bodies()
        .find(|p| p.is_text_html())
        .and_then(|p| p.text_contents())
    {
        let mut html_links = Vec::new();
        render_html(html, &mut html_links);
        for l in html_links {
            if !links.contains(&l) {
                links.push(l);
            }
        }
    }

    Some(ParsedMail {
        from_addr,
        from_name,
        to,
        date: msg.date().map(|d| d.to_rfc3339()),
        timestamp: msg.date().map(|d| d.to_timestamp()),
        subject: msg.subject().map(clean_header_text),
        message_id: msg.message_id().map(str::to_string),
        auth_results,
        body,
        links,
    })
}

/// Renders HTML to plain text with html2text and collects the anchors' targets.
fn render_html(html: &str, links: &mut Vec<String>) -> String {
    let lines = match html2text::config::rich()
        .link_footnotes(false)
        .lines_from_read(html.as_bytes(), 400)
    {
        Ok(lines) => lines,
        // html2text refuses only pathological input (e.g. nesting too deep); fall back
        // to the raw text so that nothing is hidden from the recogniser.
        Err(_) => {
            collect_bare_urls(html, links);
            return html.to_string();
        }
    };
    let mut text = String::with_capacity(html.len() / 2);
    for line in &lines {
        for ts in line.tagged_strings() {
            text.push_str(&ts.s);
            for tag in &ts.tag {
                if let html2text::render::RichAnnotation::Link(url) = tag
                    && !links.contains(url)
                {
                    links.push(url.clone());
                }
            }
        }
        text.push('\n');
    }
    collect_bare_urls(&text, links);
    text
}

static BARE_URL: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"(?i)\b(?:(?:https?|ftp)://|www\.)[^\s<>"'()\[\]]+"#).expect("valid regex")
});

fn collect_bare_urls(text: &str, links: &mut Vec<String>) {
    for m in BARE_URL.find_iter(text) {
        let url = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
        if !links.iter().any(|l| l == url) {
            links.push(url.to_string());
        }
    }
}

/// The host part of a link, lower-cased; `None` for links without one (mailto:, tel:,
/// fragments, relative paths).
pub fn link_host(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = if let Some(pos) = url.find("://") {
        let scheme = &url[..pos];
        if !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        {
            return None;
        }
        &url[pos + 3..]
    } else if url.len() >= 4 && url[..4].eq_ignore_ascii_case("www.") {
        url
    } else {
        url.strip_prefix("//")?
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(stripped) = host_port.strip_prefix('[') {
        stripped.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_block_ends_at_first_empty_line() {
        assert_eq!(header_block(b"A: b\r\n\r\nbody"), Some(&b"A: b\r\n"[..]));
        assert_eq!(header_block(b"A: b\n\nbody"), Some(&b"A: b\n"[..]));
        assert_eq!(header_block(b"A: b\nC: d\n"), None);
    }

    #[test]
    fn peek_decodes_folded_and_encoded_fields() {
        let raw = b"Received: x\r\nSubject: =?iso-8859-1?Q?Ny_s=F8knad_om?=\r\n =?iso-8859-1?Q?_sykepenger?=\r\nFrom: \"Altinn\"\r\n <noreply@Altinn.no>\r\n\r\n";
        let p = peek_headers(header_block(raw).unwrap());
        assert_eq!(p.subject.as_deref(), Some("Ny søknad om sykepenger"));
        assert_eq!(p.from_addr.as_deref(), Some("noreply@altinn.no"));
        assert_eq!(p.from_name.as_deref(), Some("Altinn"));
    }

    #[test]
    fn peek_without_fields_is_empty() {
        assert_eq!(peek_headers(b"X-Foo: bar\n"), HeaderPeek::default());
    }

    #[test]
    fn looks_like_mail_rejects_binary() {
        assert!(looks_like_mail(b"Return-Path: <a@b>\n"));
        assert!(looks_like_mail(b"From foo@bar Mon Jan  1 00:00:00 2024\n"));
        assert!(!looks_like_mail(b"\x00\x01\x02PK"));
        assert!(!looks_like_mail(b"hello world\n"));
        assert!(looks_like_mail(b"Fro :uMmlti Sender <a@b>\n"));
    }

    #[test]
    fn html_body_is_rendered_and_links_collected() {
        let raw = b"From: a@altinn.no\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hei <b>SANDNES KOMMUNE</b></p><p><a href=\"https://www.altinn.no/ui/MessageBox?O=964965137\">Logg inn</a></p>";
        let m = parse(raw).unwrap();
        assert!(m.body.contains("Hei SANDNES KOMMUNE"), "{}", m.body);
        assert_eq!(
            m.links,
            vec!["https://www.altinn.no/ui/MessageBox?O=964965137"]
        );
    }

    #[test]
    fn hosts_of_links() {
        assert_eq!(
            link_host("https://altinn.no.example.org/login").as_deref(),
            Some("altinn.no.example.org")
        );
        assert_eq!(
            link_host("https://user@evil.com:8443/x").as_deref(),
            Some("evil.com")
        );
        assert_eq!(
            link_host("HTTP://WWW.ALTINN.NO.").as_deref(),
            Some("www.altinn.no")
        );
        assert_eq!(
            link_host("www.nav.no/sykmelding").as_deref(),
            Some("www.nav.no")
        );
        assert_eq!(link_host("mailto:a@b.no"), None);
        assert_eq!(link_host("#top"), None);
    }
}
