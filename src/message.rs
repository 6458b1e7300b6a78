//! Raw message bytes to the fields the tool needs: a cheap header peek that decides whether a
//! message is worth a full parse, and the full parse (mail-parser) with the best body text.

use crate::text::collapse_whitespace;
use mail_parser::parsers::MessageStream;
use mail_parser::{Address, HeaderName, HeaderValue, MessageParser, MimeHeaders};
use std::sync::LazyLock;

/// Decodes the MIME structure and the headers the tool shows; every other header (the
/// many Received and X- lines of a real message) stays raw, which is much cheaper.
static FULL_PARSER: LazyLock<MessageParser> = LazyLock::new(|| {
    MessageParser::new()
        .with_minimal_headers()
        .header_id(HeaderName::MessageId)
});

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
    /// Link targets in HTML attachments and in attached messages (message/rfc822).
    pub attachment_links: Vec<String>,
    /// How many From fields the header has (a genuine message has one).
    pub from_fields: usize,
    /// The size of the message in bytes, as stored (the scan parses at most a limit of it).
    pub size: u64,
    /// The file as the scan saw it (`None` for a message not read from a Maildir file).
    pub stamp: Option<FileStamp>,
}

/// What a message file was when the scan read it: size and modification time, from the
/// fstat(2) of the open file. An action verifies the file still is this before it acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub size: u64,
    pub mtime_sec: i64,
    pub mtime_nsec: u32,
}

impl FileStamp {
    pub fn of(meta: &std::fs::Metadata) -> FileStamp {
        use std::os::unix::fs::MetadataExt;
        FileStamp {
            size: meta.len(),
            mtime_sec: meta.mtime(),
            mtime_nsec: u32::try_from(meta.mtime_nsec()).unwrap_or(0),
        }
    }
}

/// Returns the header block of `raw`: everything before the first empty line, or `None`
/// when `raw` ends before the header block does (the caller should read more).
pub fn header_block(raw: &[u8]) -> Option<&[u8]> {
    // The first empty line: "\n\n" or "\n\r\n" (SIMD substring search).
    let lf = memchr::memmem::find(raw, b"\n\n");
    let crlf = memchr::memmem::find(raw, b"\n\r\n");
    let end = match (lf, crlf) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return None,
    };
    Some(&raw[..end + 1])
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

/// The From and Subject fields of a header block as written (folded lines kept), before
/// any decoding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawFields {
    /// `From: ...` with its continuation lines, each ending in CRLF; empty if absent.
    pub from: Vec<u8>,
    /// `Subject: ...` likewise.
    pub subject: Vec<u8>,
}

impl RawFields {
    /// True when a field needs a real decoder to be read: RFC 2047 encoded words,
    /// quoted-pairs or 8-bit bytes. Otherwise its text is what it says.
    pub fn needs_decoding(field: &[u8]) -> bool {
        !field.is_ascii()
            || memchr::memchr_iter(b'=', field).any(|at| field.get(at + 1) == Some(&b'?'))
            || memchr::memchr(b'\\', field).is_some()
    }

    /// The unfolded value of a plain (ASCII, unencoded) field, without its name.
    pub fn plain_value(field: &[u8]) -> String {
        let text = String::from_utf8_lossy(field);
        let value = text.split_once(':').map_or("", |(_, v)| v);
        collapse_whitespace(value)
    }

    /// Both fields, decoded.
    pub fn decode(&self) -> HeaderPeek {
        let (from_addr, from_name) = self.decode_from();
        HeaderPeek {
            from_addr,
            from_name,
            subject: self.decode_subject(),
        }
    }

    /// The From field alone, decoded with mail-parser's address parser: (address,
    /// display name).
    pub fn decode_from(&self) -> (Option<String>, Option<String>) {
        if self.from.is_empty() {
            return (None, None);
        }
        guarded(
            || match MessageStream::new(field_value(&self.from)).parse_address() {
                HeaderValue::Address(a) => Some(first_address(Some(&a))),
                _ => None,
            },
        )
        .unwrap_or((None, None))
    }

    /// The Subject field alone, decoded with mail-parser (RFC 2047, unfolded).
    pub fn decode_subject(&self) -> Option<String> {
        if self.subject.is_empty() {
            return None;
        }
        guarded(
            || match MessageStream::new(field_value(&self.subject)).parse_unstructured() {
                HeaderValue::Text(t) => Some(collapse_whitespace(&t)),
                _ => None,
            },
        )
    }
}

/// The value of a raw `Name: value` field (with its line breaks), as mail-parser's field
/// parsers take it.
fn field_value(field: &[u8]) -> &[u8] {
    memchr::memchr(b':', field).map_or(field, |i| &field[i + 1..])
}

/// Finds From and Subject in a header block without parsing the rest of it.
pub fn raw_fields(block: &[u8]) -> RawFields {
    let (from, subject) = field_starts(block);
    RawFields {
        from: from.map_or_else(Vec::new, |at| field_lines(block, at)),
        subject: subject.map_or_else(Vec::new, |at| field_lines(block, at)),
    }
}

/// From and Subject as [`raw_fields`] finds them in the header block, taken from `head`,
/// the first bytes of a message (the header's end may or may not be among them): `Some`
/// only when both fields come before the header's end and are whole in `head`, that is
/// when the line after each has begun and does not continue it.
pub fn leading_fields(head: &[u8]) -> Option<RawFields> {
    let (from, subject) = field_starts(head);
    let (from, subject) = (from?, subject?);
    let whole = |at| field_end(head, at) < head.len();
    (whole(from) && whole(subject)).then(|| RawFields {
        from: field_lines(head, from),
        subject: field_lines(head, subject),
    })
}

/// Where the first From and the first Subject field start in a header block, or in the
/// first bytes of a message: the walk stops at the first empty line, where
/// [`header_block`] ends the header.
fn field_starts(block: &[u8]) -> (Option<usize>, Option<usize>) {
    // Field names are case-insensitive: only lines that start with an f or an s are
    // compared, found line by line with SIMD (a real header block has a hundred lines),
    // without a lower-cased copy of the block.
    let (mut from, mut subject) = (None, None);
    let mut start = 0;
    while start < block.len() && (from.is_none() || subject.is_none()) {
        let line = &block[start..];
        match line[0] {
            b'f' | b'F' if from.is_none() && starts_with_ci(line, b"from:") => from = Some(start),
            b's' | b'S' if subject.is_none() && starts_with_ci(line, b"subject:") => {
                subject = Some(start)
            }
            // (the first line is never the header's end: `header_block` looks for one
            // after a line break)
            b'\n' if start > 0 => break,
            b'\r' if start > 0 && line.get(1) == Some(&b'\n') => break,
            _ => {}
        }
        start = memchr::memchr(b'\n', line).map_or(block.len(), |i| start + i + 1);
    }
    (from, subject)
}

/// The lines of the field that starts at `start` (its own and its continuations): each
/// line's start and the end of its text, before the line break.
fn field_line_spans(block: &[u8], start: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut next = Some(start);
    std::iter::from_fn(move || {
        let line = next?;
        let nl = memchr::memchr(b'\n', &block[line..]).map_or(block.len(), |i| line + i);
        next = matches!(block.get(nl + 1), Some(b' ' | b'\t')).then_some(nl + 1);
        Some((line, nl))
    })
}

/// Where the field that starts at `start` ends: just after its last line break (one past
/// the block when its last line has none).
fn field_end(block: &[u8], start: usize) -> usize {
    field_line_spans(block, start)
        .last()
        .map_or(start, |(_, nl)| nl + 1)
}

/// The field that starts at `start` with its continuation lines, each ending in CRLF.
fn field_lines(block: &[u8], start: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    for (line, nl) in field_line_spans(block, start) {
        out.extend_from_slice(trim_cr(&block[line..nl]));
        out.extend_from_slice(b"\r\n");
    }
    out
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
        .map(collapse_whitespace)
        .filter(|n| !n.is_empty());
    (address, name)
}

/// Header fields that the full parse uses; the rest (a real message carries dozens of
/// Received, DKIM and X-MS-Exchange lines) are left out of it.
const USED_FIELDS: [&[u8]; 11] = [
    b"from:",
    b"to:",
    b"date:",
    b"subject:",
    b"message-id:",
    b"mime-version:",
    b"content-type:",
    b"content-transfer-encoding:",
    b"content-disposition:",
    b"authentication-results:",
    b"references:",
];

/// Parses a message whose header block is the first `header_len` bytes, giving mail-parser
/// only the header fields the tool uses (the same result as [`parse`], for less work).
pub fn parse_used(raw: &[u8], header_len: usize) -> Option<ParsedMail> {
    let (block, body) = raw.split_at(header_len.min(raw.len()));
    let mut reduced = Vec::with_capacity(1024 + body.len());
    let mut keep = false;
    let mut start = 0;
    while start < block.len() {
        let end = memchr::memchr(b'\n', &block[start..]).map_or(block.len(), |i| start + i + 1);
        let line = &block[start..end];
        match line.first().map(u8::to_ascii_lowercase) {
            Some(b' ' | b'\t') => {} // a continuation line goes with its field
            // only the first letters of the used fields can start one
            Some(b'f' | b't' | b'd' | b's' | b'm' | b'c' | b'a' | b'r') => {
                keep = USED_FIELDS.iter().any(|f| starts_with_ci(line, f));
            }
            _ => keep = false,
        }
        if keep {
            reduced.extend_from_slice(line);
        }
        start = end;
    }
    reduced.extend_from_slice(body);
    parse(&reduced).map(|mut m| {
        m.size = raw.len() as u64;
        m
    })
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while this thread runs mail-parser inside [`guarded`]: a panic hook can stay
/// quiet about a panic that is caught and reported as an unreadable message.
pub fn in_guarded_parse() -> bool {
    GUARDED.with(|g| g.get())
}

/// Runs `f`, turning a panic inside it into `None`. mail-parser can panic on some
/// deeply nested MIME structures; a broken email must never crash the scan.
fn guarded<T>(f: impl FnOnce() -> Option<T>) -> Option<T> {
    GUARDED.with(|g| g.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    result.ok().flatten()
}

/// Parses a whole message. `None` when mail-parser finds no message in `raw` or fails on it.
pub fn parse(raw: &[u8]) -> Option<ParsedMail> {
    guarded(|| parse_unguarded(raw))
}

fn parse_unguarded(raw: &[u8]) -> Option<ParsedMail> {
    let msg = FULL_PARSER.parse(raw)?;
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
        .map(|(_, value)| collapse_whitespace(value))
        .collect();
    let from_fields = msg
        .headers_raw()
        .filter(|(name, _)| name.eq_ignore_ascii_case("From"))
        .count();
    let mut attachment_links = Vec::new();
    for part in msg.attachments() {
        attached_links(part, 0, &mut attachment_links);
    }

    let mut links = Vec::new();
    // Every link of an HTML part counts, even when the plain alternative is shown: the
    // HTML is what a mail client displays.
    let html = msg
        .html_bodies()
        .find(|p| p.is_text_html())
        .and_then(|p| p.text_contents());
    let plain = msg
        .text_bodies()
        .find(|p| p.is_text() && !p.is_text_html())
        .and_then(|p| p.text_contents());
    // The HTML is read for its text when there is no plain part, and for its links
    // whenever it could hold one.
    let html = html
        .filter(|h| plain.is_none() || html_may_link(h))
        .map(read_html);
    if let Some(html) = &html {
        for l in &html.links {
            if !links.contains(l) {
                links.push(l.clone());
            }
        }
        collect_bare_urls(&html.text, &mut links);
    }
    let body = match (plain, html) {
        (Some(text), _) => text.to_string(),
        (None, Some(html)) => html.text,
        (None, None) => String::new(),
    };
    collect_bare_urls(&body, &mut links);

    Some(ParsedMail {
        from_addr,
        from_name,
        to,
        date: msg.date().map(|d| d.to_rfc3339()),
        timestamp: msg.date().map(|d| d.to_timestamp()),
        subject: msg.subject().map(collapse_whitespace),
        message_id: msg.message_id().map(str::to_string),
        auth_results,
        body,
        links,
        attachment_links,
        from_fields,
        size: raw.len() as u64,
        stamp: None,
    })
}

/// Collects the links of an attachment a mail client could open in a browser: an HTML
/// file, or an attached message (its bodies and its own attachments, a few levels deep).
fn attached_links(part: &mail_parser::MessagePart, depth: u8, out: &mut Vec<String>) {
    if let Some(inner) = part.message() {
        if depth >= 3 {
            return;
        }
        for p in inner.html_bodies().chain(inner.text_bodies()) {
            attached_links(p, depth + 1, out);
        }
        for p in inner.attachments() {
            attached_links(p, depth + 1, out);
        }
        return;
    }
    let named_html = part.attachment_name().is_some_and(|n| {
        let n = n.to_ascii_lowercase();
        n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".xhtml")
    });
    let mut push = |l: &str| {
        if !out.iter().any(|o| o == l) {
            out.push(l.to_string());
        }
    };
    if part.is_text_html() || named_html {
        let html = String::from_utf8_lossy(part.contents());
        let content = read_html(&html);
        for l in &content.links {
            push(l);
        }
        let mut bare = Vec::new();
        collect_bare_urls(&content.text, &mut bare);
        bare.iter().for_each(|l| push(l));
    } else if part.is_text() && depth > 0 {
        let mut bare = Vec::new();
        collect_bare_urls(&String::from_utf8_lossy(part.contents()), &mut bare);
        bare.iter().for_each(|l| push(l));
    }
}

/// False only when `html` certainly holds no link: no attribute that carries one, no URL
/// in the text, and no character reference that could spell one.
fn html_may_link(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    [
        "href", "action", "://", "www.", "&#", "&colon", "&sol", "&period",
    ]
    .iter()
    .any(|needle| memchr::memmem::find(lower.as_bytes(), needle.as_bytes()).is_some())
}

/// What one pass of html5ever's tokenizer finds in an HTML body.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct HtmlContent {
    /// The visible text: block elements start new lines, white space is collapsed,
    /// `<head>`, `<script>` and `<style>` are left out.
    pub text: String,
    /// Link targets (entity-decoded by the tokenizer): `<a href>`, `<area href>`,
    /// `<form action>`.
    pub links: Vec<String>,
}

/// Reads HTML with html5ever's tokenizer (a complete, spec-following HTML tokenizer:
/// entities, malformed markup and all) into its text and its links.
pub fn read_html(html: &str) -> HtmlContent {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{
        BufferQueue, CharacterTokens, EndTag, StartTag, TagToken, Token, TokenSink,
        TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    use std::cell::{Cell, RefCell};

    /// Elements whose text is not shown.
    const HIDDEN: [&str; 5] = ["head", "script", "style", "title", "template"];
    /// Elements that start a new line.
    const BLOCKS: [&str; 22] = [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "table",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "hr",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "td",
    ];

    #[derive(Default)]
    struct Sink {
        out: RefCell<HtmlContent>,
        hidden: Cell<u32>,
    }
    impl Sink {
        fn newline(&self) {
            let mut out = self.out.borrow_mut();
            while out.text.ends_with(' ') {
                out.text.pop();
            }
            if !out.text.is_empty() && !out.text.ends_with('\n') {
                out.text.push('\n');
            }
        }
    }
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            match token {
                TagToken(tag) => {
                    let name: &str = &tag.name;
                    if HIDDEN.contains(&name) {
                        let depth = self.hidden.get();
                        match tag.kind {
                            StartTag if !tag.self_closing => self.hidden.set(depth + 1),
                            EndTag => self.hidden.set(depth.saturating_sub(1)),
                            StartTag => {}
                        }
                    }
                    if BLOCKS.contains(&name) {
                        self.newline();
                    }
                    let attr = match (tag.kind, name) {
                        (StartTag, "a" | "area") => "href",
                        (StartTag, "form") => "action",
                        _ => return TokenSinkResult::Continue,
                    };
                    for a in &tag.attrs {
                        if &*a.name.local == attr {
                            let link = a.value.trim();
                            let mut out = self.out.borrow_mut();
                            if !link.is_empty() && !out.links.iter().any(|l| l == link) {
                                out.links.push(link.to_string());
                            }
                        }
                    }
                }
                CharacterTokens(t) if self.hidden.get() == 0 => {
                    let mut out = self.out.borrow_mut();
                    let mut first = true;
                    for word in t.split(char::is_whitespace) {
                        if !first && !out.text.is_empty() && !out.text.ends_with([' ', '\n']) {
                            out.text.push(' ');
                        }
                        first = false;
                        out.text.push_str(word);
                    }
                }
                _ => {}
            }
            TokenSinkResult::Continue
        }
    }

    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tok = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let _ = tok.feed(&input);
    tok.end();
    let mut content = tok.sink.out.take();
    let trimmed = content.text.trim_end().len();
    content.text.truncate(trimmed);
    content
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
        let p = raw_fields(header_block(raw).unwrap()).decode();
        assert_eq!(p.subject.as_deref(), Some("Ny søknad om sykepenger"));
        assert_eq!(p.from_addr.as_deref(), Some("noreply@altinn.no"));
        assert_eq!(p.from_name.as_deref(), Some("Altinn"));
    }

    #[test]
    fn peek_without_fields_is_empty() {
        assert_eq!(raw_fields(b"X-Foo: bar\n").decode(), HeaderPeek::default());
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
    fn leading_fields_are_the_header_blocks_fields_or_none() {
        let messages: [&[u8]; 8] = [
            b"Received: from x\r\n by y\r\nFrom: Altinn\r\n <noreply@altinn.no>\r\nX: 1\r\nSubject: Ny\r\n\tmelding\r\nDate: z\r\n\r\nbody\r\n",
            b"subject: a\nfrom: b\n\nbody\n",
            // the fields after the header's end are the body's text, not fields
            b"From: a@example.org\nX: 1\n\nSubject: Ny melding i Altinn\nFrom: noreply@altinn.no\n",
            b"From: a@example.org\r\nX: 1\r\n\r\nSubject: x\r\n\r\n",
            // the first From and Subject count
            b"FROM: a@example.org\nSUBJECT: x\nFrom: noreply@altinn.no\nSubject: y\n\n",
            // a lone CR is not a line break, "\n\r\n" and "\n\n" end the header
            b"From: a\rSubject: b\nSubject: c\n\r\nFrom: d\n",
            // no Subject at all
            b"From: a@example.org\nX: 1\n\nbody\n",
            // a header that reaches the end of the file
            b"From: a@example.org\nSubject: x",
        ];
        for m in messages {
            let whole = raw_fields(header_block(m).unwrap_or(m));
            for end in 0..=m.len() {
                if let Some(early) = leading_fields(&m[..end]) {
                    assert_eq!(
                        early,
                        whole,
                        "{:?} cut at {end}",
                        String::from_utf8_lossy(m)
                    );
                }
            }
        }
        // decided as soon as both fields are whole, before the header's end
        let m = b"From: a\nSubject: b\n c\nX: 1\nY: 2\n\n";
        assert_eq!(leading_fields(&m[..19]), None, "Subject may continue");
        assert_eq!(
            leading_fields(&m[..23]),
            Some(RawFields {
                from: b"From: a\r\n".to_vec(),
                subject: b"Subject: b\r\n c\r\n".to_vec(),
            })
        );
        assert_eq!(leading_fields(b"From: a\nX: 1\n\nSubject: b\nY: 2\n"), None);
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
    fn a_message_that_makes_mail_parser_panic_is_none() {
        let raw = b"From: Altinn <noreply@altinn.no>\nSubject: x\nContent-Type: multipart/mixed; boundary=\"outer\"\n\n--outer\nContent-Type: text/plain\n\nHei.\n\n--outer\nContent-Type: message/rfc822\n\nFrom: a@b.example\nContent-Type: message/rfc822\n\nFrom: c@d.example\nContent-Type: multipart/mixed; boundary=inner\n\n--inner\nContent-Type: text/plain\n\nx\n--inner--\n--outer--\n";
        assert_eq!(parse(raw), None);
        assert!(!in_guarded_parse());
    }

    #[test]
    fn parse_used_equals_parse() {
        let raw = b"Received: from x\r\n by y\r\nFrom: Altinn <noreply@altinn.no>\r\nX-MS-Foo: bar\r\nSubject: =?utf-8?Q?Melding_motteke_i_Altinn?=\r\nAuthentication-Results: mx;\r\n dmarc=pass\r\nContent-Type: text/html\r\n\r\n<a href=\"https://&#97;ltinn.no.example.org/\">x</a> Hei.\r\n";
        let header_len = header_block(raw).unwrap().len();
        let full = parse(raw).unwrap();
        assert_eq!(parse_used(raw, header_len).unwrap(), full);
        assert_eq!(full.auth_results, ["mx; dmarc=pass"]);
        assert_eq!(
            full.links,
            ["https://altinn.no.example.org/"],
            "entities in links are decoded"
        );
    }

    #[test]
    fn html_is_read_into_lines_and_links() {
        let c = read_html(
            "<html><head><title>T</title><style>p{color:red}</style></head><body>\
             <p>Hei <b>SANDNES&nbsp;KOMMUNE</b>,</p><p>du har  mottatt<br>en melding.</p>\
             <script>var x='https://evil.example';</script>\
             <a href=' https://www.altinn.no/ui '>Altinn</a><form action=\"https://x.example/login\"></form></body></html>",
        );
        assert_eq!(
            c.text,
            "Hei SANDNES KOMMUNE,\ndu har mottatt\nen melding.\nAltinn"
        );
        assert_eq!(
            c.links,
            ["https://www.altinn.no/ui", "https://x.example/login"]
        );
    }

    #[test]
    fn html_without_links_is_recognised_cheaply() {
        assert!(!html_may_link("<p>Hei SANDNES&nbsp;KOMMUNE</p>"));
        assert!(html_may_link("<A HREF=x>"));
        assert!(html_may_link("<p>h&#116;tps&colon;&sol;&sol;evil</p>"));
        assert!(html_may_link("<form ACTION=y>"));
        assert!(html_may_link("see https://x"));
    }
}
