//! Raw RFC 5322 / MIME construction: charsets, RFC 2047 encoded words, text parts in
//! quoted-printable (the `quoted_printable` crate), base64 (the `base64` crate), 8bit or
//! 7bit, multiparts, and whole messages with LF or CRLF line ends. Everything is
//! deterministic: nothing depends on the clock or on randomness.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// `text` in `charset` (`utf-8`, `iso-8859-1` or `us-ascii`, any case). Panics on a
/// character the charset cannot hold: a generated message must say what was intended.
pub fn encode_charset(text: &str, charset: &str) -> Vec<u8> {
    match charset.to_ascii_lowercase().as_str() {
        "utf-8" => text.as_bytes().to_vec(),
        "iso-8859-1" | "latin1" => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or_else(|_| panic!("{c:?} in {charset}")))
            .collect(),
        "us-ascii" => {
            assert!(text.is_ascii(), "non-ASCII text in us-ascii: {text:?}");
            text.as_bytes().to_vec()
        }
        other => panic!("unknown charset {other}"),
    }
}

/// Standard base64 of `data`, no line breaks.
pub fn base64(data: &[u8]) -> String {
    STANDARD.encode(data)
}

/// Base64 body encoding: lines of 76 characters, each ending in `\n`.
pub fn base64_lines(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 4 / 3 + data.len() / 57 + 4);
    for chunk in data.chunks(57) {
        out.extend_from_slice(STANDARD.encode(chunk).as_bytes());
        out.push(b'\n');
    }
    out
}

/// Quoted-printable (RFC 2045) of text with `\n` line ends, soft line breaks at 76
/// columns, `\n` line ends in the result.
pub fn quoted_printable(data: &[u8]) -> Vec<u8> {
    let mut crlf = Vec::with_capacity(data.len() + data.len() / 32);
    for &b in data {
        if b == b'\n' {
            crlf.push(b'\r');
        }
        crlf.push(b);
    }
    let encoded = quoted_printable::encode(&crlf);
    let mut out = Vec::with_capacity(encoded.len());
    let mut i = 0;
    while i < encoded.len() {
        if encoded[i] == b'\r' && encoded.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(encoded[i]);
        i += 1;
    }
    out
}

/// RFC 2047 encoded words for `text` (`b`: base64, else Q), each at most `maxlen`
/// characters long, split between characters so no multi-byte character is cut; spaces
/// are encoded inside the words.
pub fn encoded_words(text: &str, charset: &str, b: bool, maxlen: usize) -> Vec<String> {
    let prefix = format!("=?{charset}?{}?", if b { "B" } else { "Q" });
    let chunk = |s: &str| -> String {
        let raw = encode_charset(s, charset);
        if b {
            return base64(&raw);
        }
        let mut out = String::new();
        for byte in raw {
            match byte {
                b' ' => out.push('_'),
                b if b.is_ascii_alphanumeric() || b"!*+-/".contains(&b) => out.push(b as char),
                b => out.push_str(&format!("={b:02X}")),
            }
        }
        out
    };
    let word = |s: &str| format!("{prefix}{}?=", chunk(s));
    let mut words = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        let mut next = cur.clone();
        next.push(ch);
        if !cur.is_empty() && word(&next).len() > maxlen {
            words.push(word(&cur));
            cur = ch.to_string();
        } else {
            cur = next;
        }
    }
    if !cur.is_empty() {
        words.push(word(&cur));
    }
    words
}

/// A header value of encoded words of at most 66 characters, folded with `\n `
/// (decoders drop the folding between encoded words).
pub fn encoded_header(text: &str, charset: &str, b: bool) -> String {
    encoded_words(text, charset, b, 66).join("\n ")
}

/// A Content-Transfer-Encoding of a text part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cte {
    QuotedPrintable,
    Base64,
    EightBit,
    SevenBit,
}

impl Cte {
    pub fn name(self) -> &'static str {
        match self {
            Cte::QuotedPrintable => "quoted-printable",
            Cte::Base64 => "base64",
            Cte::EightBit => "8bit",
            Cte::SevenBit => "7bit",
        }
    }

    /// The body of a part: `data` encoded, ending in a line break.
    pub fn encode(self, data: &[u8]) -> Vec<u8> {
        let mut body = match self {
            Cte::QuotedPrintable => quoted_printable(data),
            Cte::Base64 => base64_lines(data),
            Cte::SevenBit => {
                assert!(data.is_ascii(), "8-bit data in a 7bit part");
                data.to_vec()
            }
            Cte::EightBit => data.to_vec(),
        };
        if !body.ends_with(b"\n") {
            body.push(b'\n');
        }
        body
    }
}

/// A single `text/*` leaf.
#[derive(Debug, Clone)]
pub struct Part {
    /// What a reader sees once it is decoded.
    pub text: String,
    /// `plain`, `html`, `calendar`, …
    pub subtype: &'static str,
    pub charset: &'static str,
    pub cte: Cte,
    /// `charset="utf-8"` rather than `charset=utf-8`.
    pub quote_charset: bool,
    /// Appended to the Content-Type value, e.g. `; method=REQUEST`.
    pub params: String,
    pub extra_headers: Vec<String>,
}

impl Part {
    /// A UTF-8 quoted-printable `text/SUBTYPE` part.
    pub fn new(text: impl Into<String>, subtype: &'static str) -> Part {
        Part {
            text: text.into(),
            subtype,
            charset: "utf-8",
            cte: Cte::QuotedPrintable,
            quote_charset: false,
            params: String::new(),
            extra_headers: Vec::new(),
        }
    }

    pub fn charset(mut self, charset: &'static str) -> Part {
        self.charset = charset;
        self
    }

    pub fn cte(mut self, cte: Cte) -> Part {
        self.cte = cte;
        self
    }

    pub fn params(mut self, params: &str) -> Part {
        self.params = params.to_string();
        self
    }

    fn render(&self) -> (Vec<String>, Vec<u8>) {
        let cs = if self.quote_charset {
            format!("\"{}\"", self.charset)
        } else {
            self.charset.to_string()
        };
        let mut headers = vec![
            format!(
                "Content-Type: text/{}; charset={cs}{}",
                self.subtype, self.params
            ),
            format!("Content-Transfer-Encoding: {}", self.cte.name()),
        ];
        headers.extend(self.extra_headers.iter().cloned());
        let body = self.cte.encode(&encode_charset(&self.text, self.charset));
        (headers, body)
    }
}

/// A `multipart/*` entity.
#[derive(Debug, Clone)]
pub struct Multipart {
    pub subtype: &'static str,
    pub boundary: String,
    pub parts: Vec<Entity>,
    pub preamble: Option<String>,
}

/// A message body: one text part or a multipart.
#[derive(Debug, Clone)]
pub enum Entity {
    Part(Part),
    Multipart(Multipart),
}

impl From<Part> for Entity {
    fn from(p: Part) -> Entity {
        Entity::Part(p)
    }
}

impl From<Multipart> for Entity {
    fn from(m: Multipart) -> Entity {
        Entity::Multipart(m)
    }
}

/// `multipart/SUBTYPE` with the usual preamble.
pub fn multipart(subtype: &'static str, boundary: &str, parts: Vec<Entity>) -> Entity {
    Entity::Multipart(Multipart {
        subtype,
        boundary: boundary.to_string(),
        parts,
        preamble: Some("This is a multi-part message in MIME format.".into()),
    })
}

impl Entity {
    /// Its own header lines (folded with `\n\t`) and its encoded body.
    pub fn render(&self) -> (Vec<String>, Vec<u8>) {
        match self {
            Entity::Part(p) => p.render(),
            Entity::Multipart(m) => {
                let headers = vec![format!(
                    "Content-Type: multipart/{};\n\tboundary=\"{}\"",
                    m.subtype, m.boundary
                )];
                let mut body = Vec::new();
                if let Some(pre) = &m.preamble {
                    body.extend_from_slice(pre.as_bytes());
                    body.extend_from_slice(b"\n\n");
                }
                for p in &m.parts {
                    let (ph, pb) = p.render();
                    body.extend_from_slice(format!("--{}\n", m.boundary).as_bytes());
                    body.extend_from_slice(ph.join("\n").as_bytes());
                    body.extend_from_slice(b"\n\n");
                    body.extend_from_slice(&pb);
                }
                body.extend_from_slice(format!("--{}--\n", m.boundary).as_bytes());
                (headers, body)
            }
        }
    }

    /// The text leaves, in order.
    pub fn leaves(&self) -> Vec<&Part> {
        match self {
            Entity::Part(p) => vec![p],
            Entity::Multipart(m) => m.parts.iter().flat_map(Entity::leaves).collect(),
        }
    }
}

/// A whole message: `headers` (already encoded `Name: value` lines, folds allowed; raw
/// 8-bit text only where a test wants it), then
/// `MIME-Version: 1.0` and the entity's own headers, a blank line and its body. With
/// `crlf` every line ends in CRLF.
pub fn build(headers: &[String], entity: &Entity, crlf: bool) -> Vec<u8> {
    let (eh, body) = entity.render();
    let mut head: Vec<&str> = headers.iter().map(String::as_str).collect();
    head.push("MIME-Version: 1.0");
    head.extend(eh.iter().map(String::as_str));
    let mut raw = (head.join("\n") + "\n\n").into_bytes();
    raw.extend_from_slice(&body);
    if crlf {
        assert!(
            !raw.contains(&b'\r'),
            "a CR in a message to be written with CRLF"
        );
        let mut out = Vec::with_capacity(raw.len() + raw.len() / 40);
        for b in raw {
            if b == b'\n' {
                out.push(b'\r');
            }
            out.push(b);
        }
        raw = out;
    }
    raw
}
