//! Links judged as a browser would follow them: every link is parsed with the WHATWG URL
//! standard (the `url` crate, as browsers do: tabs and newlines inside a URL are dropped,
//! backslashes are slashes, `https:host` and `/\host` reach `host`), relative forms are
//! resolved against a base that no trusted host owns, and only an http(s) URL on a trusted
//! host is trusted.

use crate::notification::domain_is_trusted;
use std::sync::LazyLock;
use url::{Host, Url};

/// Relative links are resolved against this base, as a webmail page would resolve them
/// against its own address: a host that is never trusted, so that a relative link (which
/// leaves the message for wherever the mail client lives) is never taken for Altinn's.
static BASE: LazyLock<Url> =
    LazyLock::new(|| Url::parse("https://mail-client.invalid/message/").expect("valid base"));

/// What following a link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    /// An http(s) URL on a trusted host.
    Trusted(Url),
    /// Goes nowhere outside the message: `mailto:`, `tel:`, `sms:`, a fragment, nothing.
    Harmless,
    /// Anywhere else: an untrusted host, another scheme (`javascript:`, `data:`), a
    /// relative link; `None` when it is no URL at all.
    Untrusted(Option<Url>),
}

impl Judgement {
    pub fn is_trusted(&self) -> bool {
        !matches!(self, Judgement::Untrusted(_))
    }
}

/// Parses a link as a browser parses an `href` (entities already decoded), resolving
/// relative and scheme-relative forms against [`BASE`]. A bare `www.` link from text is
/// read as `http://www.…`, as mail clients linkify it.
pub fn resolve(link: &str) -> Result<Url, url::ParseError> {
    let trimmed = link.trim_matches(|c: char| c <= ' ');
    if trimmed.len() >= 4 && trimmed[..4].eq_ignore_ascii_case("www.") {
        return Url::parse(&format!("http://{trimmed}"));
    }
    Url::options().base_url(Some(&BASE)).parse(trimmed)
}

/// Judges one link against the trusted link domains.
pub fn judge(link: &str, trusted: &[String]) -> Judgement {
    // The URL standard removes tabs and newlines anywhere and C0 controls and spaces at
    // the ends before parsing: "#top" spelled with a tab is still a fragment.
    let cleaned: String = link
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.is_empty() || cleaned.starts_with('#') {
        return Judgement::Harmless;
    }
    let Ok(url) = resolve(link) else {
        return Judgement::Untrusted(None);
    };
    match url.scheme() {
        "mailto" | "tel" | "sms" => Judgement::Harmless,
        "http" | "https" => match url.host() {
            Some(Host::Domain(d)) if domain_is_trusted(d, trusted) => Judgement::Trusted(url),
            _ => Judgement::Untrusted(Some(url)),
        },
        _ => Judgement::Untrusted(Some(url)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trusted() -> Vec<String> {
        vec!["altinn.no".into(), "nav.no".into()]
    }

    fn host_of(link: &str) -> Option<String> {
        match judge(link, &trusted()) {
            Judgement::Trusted(u) | Judgement::Untrusted(Some(u)) => {
                u.host_str().map(str::to_string)
            }
            _ => None,
        }
    }

    /// The links of issue 8 that were judged trusted in a real sick-pay notice: each is
    /// followed by a browser to evil.example (or runs script).
    #[test]
    fn the_hostile_corpus_is_untrusted() {
        for link in [
            "ht\ttps://evil.example/login",
            "ht\ntps://evil.example/login",
            "ht\r\ntps://evil.example/login",
            "https:/\t/evil.example/login",
            "https:evil.example/login",
            "https:/evil.example/login",
            "/\\evil.example/login",
            "\\\\evil.example/login",
            "//evil.example/login",
            "java\tscript:alert(1)",
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "login.html",
            "/ui/MessageBox",
            "ftp://altinn.no/x",
        ] {
            assert!(!judge(link, &trusted()).is_trusted(), "trusted: {link:?}");
        }
        assert_eq!(
            host_of("ht\ttps://evil.example/login").as_deref(),
            Some("evil.example")
        );
        assert_eq!(
            host_of("https:/\t/evil.example/login").as_deref(),
            Some("evil.example")
        );
        assert_eq!(
            host_of("/\\evil.example/login").as_deref(),
            Some("evil.example")
        );
    }

    /// WHATWG URL test cases that decide which host a link reaches.
    #[test]
    fn hosts_as_the_url_standard_reads_them() {
        let cases = [
            (
                "https://altinn.no@evil.example/",
                Some("evil.example"),
                false,
            ),
            (
                "https://altinn.no:443@evil.example/",
                Some("evil.example"),
                false,
            ),
            (
                "https://evil.example\\@altinn.no/",
                Some("evil.example"),
                false,
            ),
            ("https://altinn.no\\@evil.example/", Some("altinn.no"), true),
            ("https:\\\\evil.example\\login", Some("evil.example"), false),
            (
                "https://altinn.no%2eevil.example/",
                Some("altinn.no.evil.example"),
                false,
            ),
            ("https://ALTINN.NO./x", Some("altinn.no."), true),
            ("https://ａｌｔｉｎｎ.no/", Some("altinn.no"), true),
            (
                "https://altinn.no.example.org/",
                Some("altinn.no.example.org"),
                false,
            ),
            ("https://xn--ltinn-3ve.no/", Some("xn--ltinn-3ve.no"), false),
            ("https://аltinn.no/", Some("xn--ltinn-3ve.no"), false), // Cyrillic а
            ("https://0x7f.1/", Some("127.0.0.1"), false),
            ("https://[::1]/", Some("[::1]"), false),
            (
                "https://www.altinn.no/ui/MessageBox?O=964965137",
                Some("www.altinn.no"),
                true,
            ),
            ("HTTPS://WWW.NAV.NO", Some("www.nav.no"), true),
            ("www.nav.no/sykmelding", Some("www.nav.no"), true),
            ("https://varsel.altinn.no#x", Some("varsel.altinn.no"), true),
        ];
        for (link, host, ok) in cases {
            assert_eq!(host_of(link).as_deref(), host, "{link:?}");
            assert_eq!(judge(link, &trusted()).is_trusted(), ok, "{link:?}");
        }
        for bad in [
            "https://altinn.no%00.evil/",
            "https://exa mple.org/",
            "http://[1::2::3]/",
        ] {
            assert_eq!(
                judge(bad, &trusted()),
                Judgement::Untrusted(None),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn links_that_stay_in_the_message_are_harmless() {
        for link in [
            "#top",
            "#\ttop",
            "",
            "  ",
            "mailto:a@b.no",
            "tel:+4712345678",
        ] {
            assert_eq!(judge(link, &trusted()), Judgement::Harmless, "{link:?}");
        }
    }
}
