//! `Authentication-Results` (RFC 8601) read as the list of method results it is, in the
//! forms real receivers write: Postfix/OpenDMARC and Google (`authserv-id; method=result
//! …; …`) and Microsoft (no authserv-id, no space after `;`, comments everywhere).
//! Comments are not results: `(… dmarc=fail …)` inside parentheses says nothing.

/// One `method=result` of the header, with its properties (`header.from=altinn.no`,
/// `action=none`, `reason=100`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodResult {
    /// Lower case, without a version: `dmarc`, `spf`, `dkim`, `compauth`, `arc`.
    pub method: String,
    /// Lower case: `pass`, `fail`, `none`, `softfail`, …
    pub result: String,
    pub properties: Vec<(String, String)>,
}

/// A parsed header: the authserv-id when there is one, and every method result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthResults {
    pub authserv_id: Option<String>,
    pub methods: Vec<MethodResult>,
}

impl AuthResults {
    /// True when a result of `method` (lower case) is `fail`.
    pub fn failed(&self, method: &str) -> bool {
        self.methods
            .iter()
            .any(|m| m.method == method && m.result == "fail")
    }
}

/// Parses the value of one `Authentication-Results` header (unfolded or not).
pub fn parse(value: &str) -> AuthResults {
    let mut out = AuthResults::default();
    for (i, segment) in split_statements(&strip_comments(value))
        .into_iter()
        .enumerate()
    {
        let mut words = segment.split_whitespace();
        let Some(first) = words.next() else { continue };
        let Some((method, result)) = first.split_once('=') else {
            if i == 0 && !first.eq_ignore_ascii_case("none") {
                out.authserv_id = Some(first.to_string());
            }
            continue;
        };
        let method = method.split('/').next().unwrap_or("").trim();
        if method.is_empty() || method.contains('.') {
            continue; // a property without its method: not a result
        }
        let properties = words
            .filter_map(|w| w.split_once('='))
            .map(|(k, v)| (k.to_ascii_lowercase(), unquote(v).to_string()))
            .collect();
        out.methods.push(MethodResult {
            method: method.to_ascii_lowercase(),
            result: unquote(result).to_ascii_lowercase(),
            properties,
        });
    }
    out
}

fn unquote(s: &str) -> &str {
    s.trim().trim_matches('"')
}

/// The value with every (nested) comment replaced by a space; quoted strings are kept.
fn strip_comments(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut depth = 0u32;
    let mut quoted = false;
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            escaped = false;
            if depth == 0 {
                out.push(c);
            }
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                if depth == 0 {
                    out.push(c);
                }
            }
            '"' if depth == 0 => {
                quoted = !quoted;
                out.push(c);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(' ');
                }
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Splits at the `;` outside quoted strings.
fn split_statements(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ';' if !quoted => out.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    out.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(value: &str) -> Vec<(String, String)> {
        parse(value)
            .methods
            .into_iter()
            .map(|m| (m.method, m.result))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn microsoft_form_without_authserv_id_or_spaces() {
        let pass = "spf=pass (sender IP is 203.0.113.17) smtp.mailfrom=altinn.no; dkim=pass (signature was verified) header.d=altinn.no;dmarc=pass action=none header.from=altinn.no;compauth=pass reason=100";
        let p = parse(pass);
        assert_eq!(p.authserv_id, None);
        assert_eq!(
            results(pass),
            pairs(&[
                ("spf", "pass"),
                ("dkim", "pass"),
                ("dmarc", "pass"),
                ("compauth", "pass")
            ])
        );
        assert!(!p.failed("dmarc") && !p.failed("compauth"));
        let spoof = "spf=fail (sender IP is 198.51.100.9) smtp.mailfrom=altinn.no; dkim=none (message not signed) header.d=none;dmarc=fail action=quarantine header.from=altinn.no;compauth=fail reason=000";
        let p = parse(spoof);
        assert!(p.failed("dmarc") && p.failed("compauth"));
        // compauth alone (DMARC "none" policy, implicit authentication failed)
        let implicit = "spf=none (sender IP is 198.51.100.9) smtp.mailfrom=evil.example; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=altinn.no;compauth=fail reason=601";
        let p = parse(implicit);
        assert!(!p.failed("dmarc") && p.failed("compauth"));
    }

    #[test]
    fn google_form() {
        let v = "mx.google.com; dkim=pass header.i=@altinn.no header.s=selector1 header.b=AbCd; spf=pass (google.com: domain of noreply@altinn.no designates 203.0.113.17 as permitted sender) smtp.mailfrom=noreply@altinn.no; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=altinn.no";
        let p = parse(v);
        assert_eq!(p.authserv_id.as_deref(), Some("mx.google.com"));
        assert_eq!(
            results(v),
            pairs(&[("dkim", "pass"), ("spf", "pass"), ("dmarc", "pass")])
        );
        let fail = "mx.google.com;       dmarc=fail (p=REJECT sp=REJECT dis=QUARANTINE) header.from=altinn.no";
        assert!(parse(fail).failed("dmarc"));
        // ARC's comment mentions results of an earlier hop: they are no results here
        let arc = "mx.google.com; arc=pass (i=1 spf=pass spfdomain=x dmarc=fail fromdomain=altinn.no); dmarc=pass header.from=altinn.no";
        assert!(!parse(arc).failed("dmarc"));
    }

    #[test]
    fn postfix_opendmarc_and_spamassassin_forms() {
        let v = "mx.sandnes.kommune.no; dmarc=fail (p=reject dis=none) header.from=altinn.no";
        let p = parse(v);
        assert_eq!(p.authserv_id.as_deref(), Some("mx.sandnes.kommune.no"));
        assert!(p.failed("dmarc"));
        let v = "mx.sandnes.kommune.no 1; spf=pass smtp.mailfrom=altinn.no; dkim=pass (2048-bit key; unprotected) header.d=altinn.no header.i=@altinn.no header.b=\"Ab;Cd\"; dmarc=pass header.from=altinn.no";
        let p = parse(v);
        assert!(!p.failed("dmarc"));
        assert_eq!(
            results(v),
            pairs(&[("spf", "pass"), ("dkim", "pass"), ("dmarc", "pass")])
        );
        assert_eq!(parse("mx.example; none").methods, vec![]);
        assert!(parse("mx; DMARC=FAIL header.from=altinn.no").failed("dmarc"));
        assert!(parse("mx; dmarc/1=fail").failed("dmarc"));
    }
}
