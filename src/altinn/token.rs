//! The Maskinporten token for the organisation's system user: the private key (PEM or
//! JWK, from a file or a command), the JWT grant (RS256 with `kid`) and the access token,
//! cached in memory until shortly before it expires. Neither key nor token is ever
//! logged, journaled or put in an error message.

use super::AltinnError;
use super::http::{Http, Request};
use crate::config::{AltinnConfig, Config};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{self, RsaKeyPair};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A grant is valid this long (Maskinporten accepts at most 120 s).
const GRANT_LIFETIME: i64 = 100;
/// A cached token is renewed this long before it expires.
const RENEW_BEFORE: Duration = Duration::from_secs(60);

/// The client's private key, ready to sign.
pub struct Key {
    pair: RsaKeyPair,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(<private>)")
    }
}

impl Key {
    /// Reads a PEM (PKCS#8 `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`) or a JWK (`kty` RSA
    /// with the private parts).
    pub fn parse(text: &[u8]) -> Result<Key, AltinnError> {
        let trimmed = text.trim_ascii_start();
        let pair = if trimmed.starts_with(b"{") {
            from_jwk(trimmed)?
        } else {
            from_pem(trimmed)?
        };
        if pair.public().modulus_len() < 256 {
            return Err(AltinnError::Key(
                "the RSA key is shorter than 2048 bits; Maskinporten needs at least 2048".into(),
            ));
        }
        Ok(Key { pair })
    }

    /// Loads the key the configuration names: `key_file` or the output of `key_command`.
    pub fn load(config: &Config, a: &AltinnConfig) -> Result<Key, AltinnError> {
        if let Some(file) = &a.key_file {
            let path = config.resolve_path(file);
            let text = std::fs::read(&path).map_err(|e| {
                AltinnError::Key(format!("cannot read key_file {}: {e}", path.display()))
            })?;
            return Key::parse(&text).map_err(|e| match e {
                AltinnError::Key(m) => AltinnError::Key(format!("{}: {m}", path.display())),
                other => other,
            });
        }
        let Some((program, args)) = a.key_command.as_deref().and_then(|c| c.split_first()) else {
            return Err(AltinnError::Key(
                "give key_file or key_command in [altinn]".into(),
            ));
        };
        let limit = a.timeout();
        let out = crate::transport::run_with_deadline(
            std::process::Command::new(program).args(args),
            b"",
            limit,
        )
        .map_err(|e| {
            AltinnError::Key(match e {
                crate::transport::RunError::TimedOut => format!(
                    "key_command {program:?} did not finish within {} s and was stopped",
                    limit.as_secs()
                ),
                crate::transport::RunError::Start(e) | crate::transport::RunError::Io(e) => {
                    format!("key_command {program:?} could not be run: {e}")
                }
            })
        })?;
        if !out.status.success() {
            return Err(AltinnError::Key(format!(
                "key_command {program:?} failed ({})",
                out.status
            )));
        }
        Key::parse(&out.stdout).map_err(|e| match e {
            AltinnError::Key(m) => AltinnError::Key(format!("key_command {program:?}: {m}")),
            other => other,
        })
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, AltinnError> {
        let mut sig = vec![0; self.pair.public().modulus_len()];
        self.pair
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                message,
                &mut sig,
            )
            .map_err(|_| AltinnError::Key("signing the grant failed".into()))?;
        Ok(sig)
    }
}

fn from_pem(text: &[u8]) -> Result<RsaKeyPair, AltinnError> {
    use rustls_pki_types::PrivateKeyDer;
    use rustls_pki_types::pem::PemObject;
    let der = PrivateKeyDer::from_pem_slice(text).map_err(|_| {
        AltinnError::Key(
            "not a PEM private key (\"-----BEGIN PRIVATE KEY-----\" or \"-----BEGIN RSA PRIVATE KEY-----\") nor a JWK".into(),
        )
    })?;
    let pair = match &der {
        PrivateKeyDer::Pkcs8(k) => RsaKeyPair::from_pkcs8(k.secret_pkcs8_der()),
        PrivateKeyDer::Pkcs1(k) => RsaKeyPair::from_der(k.secret_pkcs1_der()),
        _ => {
            return Err(AltinnError::Key(
                "the PEM key is not an RSA key (Maskinporten grants here are RS256)".into(),
            ));
        }
    };
    pair.map_err(|e| AltinnError::Key(format!("the RSA key was rejected: {e}")))
}

fn from_jwk(text: &[u8]) -> Result<RsaKeyPair, AltinnError> {
    let v: serde_json::Value = serde_json::from_slice(text)
        .map_err(|e| AltinnError::Key(format!("not a valid JWK (JSON): {e}")))?;
    if v.get("kty").and_then(|k| k.as_str()) != Some("RSA") {
        return Err(AltinnError::Key("the JWK is not an RSA key (kty)".into()));
    }
    let part = |name: &str| -> Result<Vec<u8>, AltinnError> {
        let s = v.get(name).and_then(|x| x.as_str()).ok_or_else(|| {
            AltinnError::Key(format!(
                "the JWK has no \"{name}\": it must be the private key, not the public one"
            ))
        })?;
        B64URL
            .decode(s.trim_end_matches('='))
            .map_err(|_| AltinnError::Key(format!("the JWK's \"{name}\" is not base64url")))
    };
    let components = ring::rsa::KeyPairComponents {
        public_key: ring::rsa::PublicKeyComponents {
            n: part("n")?,
            e: part("e")?,
        },
        d: part("d")?,
        p: part("p")?,
        q: part("q")?,
        dP: part("dp")?,
        dQ: part("dq")?,
        qInv: part("qi")?,
    };
    RsaKeyPair::from_components(&components)
        .map_err(|e| AltinnError::Key(format!("the JWK's RSA key was rejected: {e}")))
}

/// The grant's claims, as Maskinporten reads them.
pub fn grant_claims(a: &AltinnConfig, now: i64, jti: &str) -> serde_json::Value {
    serde_json::json!({
        "aud": a.audience(),
        "iss": a.client_id,
        "scope": a.scopes.join(" "),
        "iat": now,
        "exp": now + GRANT_LIFETIME,
        "jti": jti,
        "authorization_details": [{
            "type": "urn:altinn:systemuser",
            "systemuser_org": {
                "authority": "iso6523-actorid-upis",
                "ID": format!("0192:{}", a.org.digits()),
            }
        }]
    })
}

/// A signed grant (compact JWS, RS256, with the configured `kid`).
pub fn grant(key: &Key, a: &AltinnConfig, now: i64) -> Result<String, AltinnError> {
    let mut id = [0u8; 16];
    SystemRandom::new()
        .fill(&mut id)
        .map_err(|_| AltinnError::Key("no random numbers for the grant's jti".into()))?;
    let jti: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let header = serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": a.key_id});
    let input = format!(
        "{}.{}",
        B64URL.encode(header.to_string()),
        B64URL.encode(grant_claims(a, now, &jti).to_string())
    );
    let sig = key.sign(input.as_bytes())?;
    Ok(format!("{input}.{}", B64URL.encode(sig)))
}

/// An access token; `Debug` does not show it.
#[derive(Clone)]
pub struct AccessToken(String);

impl AccessToken {
    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessToken(<secret>)")
    }
}

#[derive(serde::Deserialize)]
struct TokenReply {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// Fetches tokens from Maskinporten and keeps the current one until shortly before it
/// expires.
pub struct Tokens {
    key: Key,
    config: AltinnConfig,
    cached: Mutex<Option<(AccessToken, Instant)>>,
}

impl Tokens {
    pub fn new(key: Key, config: AltinnConfig) -> Tokens {
        Tokens {
            key,
            config,
            cached: Mutex::new(None),
        }
    }

    /// The cached token, or a fresh one.
    pub fn get(&self, http: &Http) -> Result<AccessToken, AltinnError> {
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((token, renew_at)) = cached.as_ref()
            && Instant::now() < *renew_at
        {
            return Ok(token.clone());
        }
        let (token, lifetime) = self.fetch(http)?;
        let renew_at = Instant::now() + lifetime.saturating_sub(RENEW_BEFORE.min(lifetime / 2));
        *cached = Some((token.clone(), renew_at));
        Ok(token)
    }

    /// Forgets the cached token (after a 401, a fresh one may help once).
    pub fn forget(&self) {
        *self.cached.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Asks Maskinporten for a token. Each attempt (a retry after a 429 or 5xx
    /// included) carries a grant signed for that attempt: Maskinporten refuses a `jti`
    /// it has seen, and a replayed grant is what an attacker would send.
    fn fetch(&self, http: &Http) -> Result<(AccessToken, Duration), AltinnError> {
        let what = "Maskinporten token";
        let reply = http.send_each(&mut || {
            let assertion = grant(&self.key, &self.config, chrono::Utc::now().timestamp())?;
            let body = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .append_pair("assertion", &assertion)
                .finish();
            Ok(Request {
                what: what.into(),
                method: "POST",
                url: self.config.token_url(),
                headers: vec![
                    ("content-type", "application/x-www-form-urlencoded".into()),
                    ("accept", "application/json".into()),
                ],
                body: Some(body.into_bytes()),
            })
        })?;
        if reply.status != 200 {
            return Err(AltinnError::TokenRefused {
                status: reply.status,
                detail: reply.detail(),
            });
        }
        let parsed: TokenReply =
            serde_json::from_slice(&reply.body).map_err(|e| AltinnError::MalformedJson {
                what: what.into(),
                detail: e.to_string(),
            })?;
        if parsed.access_token.is_empty() {
            return Err(AltinnError::MalformedJson {
                what: what.into(),
                detail: "empty access_token".into(),
            });
        }
        let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(120));
        Ok((AccessToken(parsed.access_token), lifetime))
    }
}
