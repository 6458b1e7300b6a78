//! One blocking HTTP client (ureq with rustls) for Maskinporten and Dialogporten: a
//! deadline on the whole request, retries included; retries with backoff on 429 and 5xx
//! that honour `Retry-After`; bodies read in full and bounded.

use super::AltinnError;
use std::time::{Duration, Instant};

/// Attempts after the first one for a 429, a 5xx or a dropped connection.
const RETRIES: u32 = 4;
/// The first pause between attempts; it doubles each time, up to `MAX_BACKOFF`.
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(4);
/// The largest answer read (a document); larger ones are an error, not a full disk.
pub const MAX_BODY: u64 = 256 * 1024 * 1024;

/// A request: what it is for (named in errors), method, URL, headers and body.
#[derive(Clone)]
pub struct Request {
    pub what: String,
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Vec<u8>>,
}

impl Request {
    pub fn get(what: impl Into<String>, url: String) -> Request {
        Request {
            what: what.into(),
            method: "GET",
            url,
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Request {
        self.headers.push((name, value.into()));
        self
    }
}

/// An answer read in full.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text for an error message: the problem's `title`/`detail` of a
    /// problem+json answer, else the first line, made inert and short.
    pub fn detail(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
            let pick = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
            let parts: Vec<String> = ["error", "error_description", "title", "detail"]
                .iter()
                .map(|k| pick(k))
                .filter(|s| !s.is_empty())
                .collect();
            if !parts.is_empty() {
                return short(&parts.join(": "));
            }
        }
        short(text.lines().next().unwrap_or(""))
    }
}

fn short(s: &str) -> String {
    let s = crate::text::inert(s.trim(), true);
    match s.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// The client. Cheap to share by reference; keeps connections alive between calls.
pub struct Http {
    agent: ureq::Agent,
    limit: Duration,
}

impl Http {
    /// A client whose every request (retries included) ends within `limit`.
    pub fn new(limit: Duration) -> Http {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(concat!("altinn-sweep/", env!("CARGO_PKG_VERSION")))
            .timeout_global(Some(limit))
            .max_redirects(5)
            .build()
            .into();
        Http { agent, limit }
    }

    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// Sends `req`, retrying 429/5xx and dropped connections with backoff (or as long as
    /// `Retry-After` says) while the deadline allows. The last answer is returned as it
    /// is, whatever its status: the caller names what it means.
    pub fn send(&self, req: &Request) -> Result<Reply, AltinnError> {
        self.send_each(&mut || Ok(req.clone()))
    }

    /// Like [`Http::send`], but every attempt sends a request `make` builds anew: a
    /// signed grant is made for each attempt (new `jti`, `iat`, `exp`), so that a retry
    /// never sends the same signed JWT twice. `make` is called before each attempt; an
    /// error from it ends the request.
    pub fn send_each(
        &self,
        make: &mut dyn FnMut() -> Result<Request, AltinnError>,
    ) -> Result<Reply, AltinnError> {
        let deadline = Instant::now() + self.limit;
        let mut attempt = 0;
        loop {
            let req = make()?;
            let host = url::Url::parse(&req.url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_else(|| req.url.clone());
            let timeout = || AltinnError::Timeout {
                what: req.what.clone(),
                secs: self.limit.as_secs(),
            };
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(timeout());
            }
            let pause = match self.once(&req, remaining) {
                Ok(reply) => {
                    let retryable = reply.status == 429 || (500..600).contains(&reply.status);
                    if !retryable || attempt >= RETRIES {
                        return Ok(reply);
                    }
                    let wait = retry_after(&reply).unwrap_or_else(|| backoff(attempt));
                    if Instant::now() + wait >= deadline {
                        // Waiting would pass the deadline: report what the server said.
                        return Ok(reply);
                    }
                    wait
                }
                Err(ureq::Error::Timeout(_)) => return Err(timeout()),
                Err(e) if attempt < RETRIES && transient(&e) => backoff(attempt),
                Err(e) => {
                    return Err(AltinnError::Unreachable {
                        what: req.what.clone(),
                        host,
                        detail: short(&e.to_string()),
                    });
                }
            };
            if Instant::now() + pause >= deadline {
                return Err(timeout());
            }
            std::thread::sleep(pause);
            attempt += 1;
        }
    }

    fn once(&self, req: &Request, remaining: Duration) -> Result<Reply, ureq::Error> {
        let mut builder = ureq::http::Request::builder()
            .method(req.method)
            .uri(&req.url);
        for (name, value) in &req.headers {
            builder = builder.header(*name, value);
        }
        let request = builder
            .body(req.body.clone().unwrap_or_default())
            .map_err(ureq::Error::Http)?;
        let request = self
            .agent
            .configure_request(request)
            .timeout_global(Some(remaining))
            .build();
        let mut response = self.agent.run(request)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()?;
        Ok(Reply {
            status,
            headers,
            body,
        })
    }
}

/// A dropped or refused connection may be a restarting server: worth another attempt.
fn transient(e: &ureq::Error) -> bool {
    matches!(
        e,
        ureq::Error::Io(_) | ureq::Error::ConnectionFailed | ureq::Error::Protocol(_)
    )
}

fn backoff(attempt: u32) -> Duration {
    FIRST_BACKOFF
        .saturating_mul(1 << attempt.min(16))
        .min(MAX_BACKOFF)
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(reply: &Reply) -> Option<Duration> {
    let v = reply.header("retry-after")?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = (when.timestamp() - chrono::Utc::now().timestamp()).max(0);
    Some(Duration::from_secs(secs as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(h: &str) -> Reply {
        Reply {
            status: 429,
            headers: vec![("retry-after".into(), h.into())],
            body: Vec::new(),
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after(&reply("3")), Some(Duration::from_secs(3)));
        assert_eq!(
            retry_after(&reply("Wed, 21 Oct 2015 07:28:00 GMT")),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&reply("soon")), None);
        assert_eq!(backoff(0), FIRST_BACKOFF);
        assert_eq!(backoff(10), MAX_BACKOFF);
    }

    #[test]
    fn problem_details_are_shown_short_and_inert() {
        let r = Reply {
            status: 403,
            headers: vec![],
            body: br#"{"title":"Forbidden","detail":"no \u001b[31maccess"}"#.to_vec(),
        };
        let d = r.detail();
        assert!(d.starts_with("Forbidden: no "), "{d}");
        assert!(!d.contains('\u{1b}'), "{d}");
    }
}
