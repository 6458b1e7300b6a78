//! Test servers on loopback for the Altinn client: a Dialogporten that serves the
//! end-user operations as the published contract describes them and validates every
//! request and every response it sends against it ([`super::openapi`]), and a
//! Maskinporten token endpoint that checks the JWT grant (signature with the test key,
//! `aud`, `iss`, `scope`, expiry, `authorization_details`). Faults (a status, a delay,
//! malformed JSON) can be queued per path.

use super::openapi::Contract;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const CLIENT_ID: &str = "0a1b2c3d-test-client";
pub const KEY_ID: &str = "altinn-sweep-test";
pub const ORG: &str = "964965137";
pub const NOTICE_ADDRESS: &str = "postmottak@sandnes.kommune.no";

pub fn fixture(name: &str) -> PathBuf {
    super::manifest_dir()
        .join("tests/fixtures/altinn")
        .join(name)
}

/// A request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn query_all(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// An answer.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Answer {
    pub fn json(status: u16, v: &Value) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: v.to_string().into_bytes(),
            delay: Duration::ZERO,
        }
    }

    pub fn problem(status: u16, title: &str) -> Answer {
        let mut a = Answer::json(
            status,
            &json!({"type": "about:blank", "title": title, "status": status}),
        );
        a.headers = vec![("Content-Type".into(), "application/problem+json".into())];
        a
    }

    pub fn empty(status: u16) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }
}

type Handler = dyn Fn(&Received) -> Answer + Send + Sync;

/// A small HTTP/1.1 server on 127.0.0.1: one thread per connection, one request per
/// connection (`Connection: close`). Stopped and joined on drop.
pub struct HttpServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl HttpServer {
    pub fn start(handler: Arc<Handler>) -> HttpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stop2 = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut workers = Vec::new();
            while !stop2.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let h = handler.clone();
                        let stop3 = stop2.clone();
                        workers.push(std::thread::spawn(move || serve(stream, &*h, &stop3)));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
            for w in workers {
                let _ = w.join();
            }
        });
        HttpServer {
            port,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(stream: TcpStream, handler: &Handler, stop: &AtomicBool) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() || line.is_empty() {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() {
            return;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (
            p.to_string(),
            url::form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ),
        None => (target.clone(), Vec::new()),
    };
    let req = Received {
        method,
        path,
        query,
        headers,
        body,
    };
    let answer = handler(&req);
    // A slow server: wait (in small steps, so that the test's end stops it).
    let until = std::time::Instant::now() + answer.delay;
    while std::time::Instant::now() < until && !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut out = stream;
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        answer.body.len()
    );
    for (n, v) in &answer.headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(&answer.body);
    let _ = out.flush();
}

/// A fault the next matching requests get instead of the normal answer.
#[derive(Debug, Clone)]
pub enum Fault {
    /// This status (with `Retry-After` seconds if given) and a problem body.
    Status(u16, Option<u64>),
    /// The normal answer, this much later.
    Delay(Duration),
    /// A 200 whose body is not JSON.
    Malformed,
}

/// Seeded dialogs and everything the server saw.
#[derive(Default)]
pub struct State {
    /// DialogListItem objects.
    pub dialogs: Vec<Value>,
    /// Activities (DialogActivity objects, with descriptions) per dialog id.
    pub activities: HashMap<String, Vec<Value>>,
    /// Attachments (DialogAttachment objects) per dialog id.
    pub attachments: HashMap<String, Vec<Value>>,
    /// Attachment bytes by URL path.
    pub files: HashMap<String, Vec<u8>>,
    pub parties: Value,
    pub max_parties: usize,
    /// Faults by path suffix, each used `count` times.
    pub faults: Vec<(String, Fault, usize)>,
    pub received: Vec<Received>,
    /// Contract violations in requests or responses.
    pub violations: Vec<String>,
    /// Dialogs whose details were read (which marks them seen).
    pub details_read: HashSet<String>,
    /// Tokens Maskinporten issued.
    pub tokens: Vec<String>,
    pub grants: Vec<Value>,
    pub party_counts: Vec<usize>,
}

/// Dialogporten and Maskinporten on one loopback server: `/dialogporten/...` and
/// `/maskinporten/token`.
pub struct Altinn {
    pub server: HttpServer,
    pub state: Arc<Mutex<State>>,
}

pub const SERVER_PARTIES_MAX: usize = 3;

impl Altinn {
    pub fn start() -> Altinn {
        let contract = Arc::new(Contract::load());
        let state = Arc::new(Mutex::new(State {
            max_parties: SERVER_PARTIES_MAX,
            parties: sandnes_parties(),
            ..State::default()
        }));
        let port_cell: Arc<Mutex<u16>> = Arc::new(Mutex::new(0));
        let (s, c, p) = (state.clone(), contract.clone(), port_cell.clone());
        let server = HttpServer::start(Arc::new(move |req: &Received| {
            let port = *p.lock().unwrap();
            handle(req, &s, &c, port)
        }));
        *port_cell.lock().unwrap() = server.port;
        Altinn { server, state }
    }

    pub fn base_url(&self) -> String {
        format!("{}/dialogporten", self.server.url())
    }

    pub fn token_url(&self) -> String {
        format!("{}/maskinporten/token", self.server.url())
    }

    pub fn fault(&self, path_suffix: &str, fault: Fault, count: usize) {
        self.state
            .lock()
            .unwrap()
            .faults
            .push((path_suffix.into(), fault, count));
    }

    /// The `[altinn]` section for this server, with the test key.
    pub fn config_section(&self, timeout: u64) -> String {
        format!(
            "[altinn]\nenvironment = \"tt02\"\nclient_id = \"{CLIENT_ID}\"\nkey_file = {}\nkey_id = \"{KEY_ID}\"\norg = \"{ORG}\"\nscopes = [\"digdir:dialogporten\"]\nbase_url = \"{}\"\ntoken_url = \"{}\"\ntimeout_seconds = {timeout}\n",
            super::toml_path(&fixture("test-key.pem")),
            self.base_url(),
            self.token_url()
        )
    }

    /// Panics with every contract violation the server saw.
    pub fn assert_clean(&self) {
        let st = self.state.lock().unwrap();
        assert!(
            st.violations.is_empty(),
            "contract violations:\n{}",
            st.violations.join("\n")
        );
    }

    pub fn received(&self, path_suffix: &str) -> Vec<Received> {
        self.state
            .lock()
            .unwrap()
            .received
            .iter()
            .filter(|r| r.path.ends_with(path_suffix))
            .cloned()
            .collect()
    }

    pub fn set_revision(&self, id: &str, revision: &str) {
        let mut st = self.state.lock().unwrap();
        for d in st.dialogs.iter_mut().filter(|d| d["id"] == id) {
            d["endUserContext"]["revision"] = json!(revision);
        }
    }

    pub fn labels(&self, id: &str) -> Vec<String> {
        let st = self.state.lock().unwrap();
        st.dialogs
            .iter()
            .find(|d| d["id"] == id)
            .and_then(|d| d["endUserContext"]["systemLabels"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    }
}

/// Sandnes kommune with sub-units: two the centre follows up, one that fetches its own
/// mail (Barnevern), and a deleted one.
pub fn sandnes_parties() -> Value {
    let party = |org: &str, name: &str, subs: Vec<Value>, deleted: bool| {
        json!({
            "party": format!("urn:altinn:organization:identifier-no:{org}"),
            "partyUuid": uuid_for(org),
            "partyId": 50000000 + org[..6].parse::<i64>().unwrap() % 1000000,
            "partyType": "Organization",
            "isDeleted": deleted,
            "hasKeyRole": false,
            "isCurrentEndUser": false,
            "isMainAdministrator": false,
            "isAccessManager": false,
            "hasOnlyAccessToSubParties": false,
            "name": name,
            "dateOfBirth": null,
            "subParties": subs,
        })
    };
    json!({"authorizedParties": [party(ORG, "SANDNES KOMMUNE", vec![
        party("973857673", "SANDNES KOMMUNE BARNEVERN", vec![], false),
        party("974733013", "SANDNES KOMMUNE RÅDHUSET", vec![], false),
        party("976734688", "SANDNES KOMMUNE SKOLEETATEN", vec![], false),
        party("995491214", "SANDNES KOMMUNE GAMMEL ENHET", vec![], true),
    ], false)]})
}

/// A deterministic UUID (v7 layout) for a text: the one the demo's dialogs use.
pub use altinn_sweep::altinn::demo::id_for as uuid_for;

/// One seeded dialog.
pub struct Seed<'a> {
    pub id: String,
    pub org: &'a str,
    pub sender: &'a str,
    pub title: &'a str,
    pub created: chrono::DateTime<chrono::Utc>,
    pub seen: bool,
    pub attachments: i64,
    /// The address Altinn emailed a notice to (an Information activity), if any.
    pub notice_to: Option<String>,
}

fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn text(value: &str) -> Value {
    json!({"value": [{"value": value, "languageCode": "nb"}], "mediaType": "text/plain"})
}

impl State {
    pub fn seed(&mut self, s: &Seed) {
        let created = rfc3339(s.created);
        let mut latest = Value::Null;
        let mut acts = vec![json!({
            "id": uuid_for(&format!("{}-created", s.id)),
            "createdAt": created,
            "extendedType": null,
            "type": "DialogCreated",
            "transmissionId": null,
            "performedBy": {"actorType": "ServiceOwner", "actorName": s.sender, "actorId": null},
            "description": null,
        })];
        if let Some(to) = &s.notice_to {
            let act = json!({
                "id": uuid_for(&format!("{}-notice", s.id)),
                "createdAt": rfc3339(s.created + chrono::Duration::seconds(30)),
                "extendedType": null,
                "type": "Information",
                "transmissionId": null,
                "performedBy": {"actorType": "ServiceOwner", "actorName": "Altinn", "actorId": null},
                "description": [{"value": format!("Varsel om mottatt melding sendt til {to} på e-post."), "languageCode": "nb"}],
            });
            latest = act.clone();
            acts.push(act);
        }
        self.activities.insert(s.id.clone(), acts);
        self.dialogs.push(json!({
            "id": s.id,
            "org": "skd",
            "serviceResource": "urn:altinn:resource:skd-melding",
            "serviceResourceType": "Correspondence",
            "party": format!("urn:altinn:organization:identifier-no:{}", s.org),
            "progress": null,
            "guiAttachmentCount": s.attachments,
            "extendedStatus": null,
            "externalReference": null,
            "createdAt": created,
            "updatedAt": created,
            "contentUpdatedAt": created,
            "dueAt": null,
            "status": "NotApplicable",
            "hasUnopenedContent": !s.seen,
            "isApiOnly": false,
            "isContentSeen": s.seen,
            "fromServiceOwnerTransmissionsCount": 1,
            "fromPartyTransmissionsCount": 0,
            "latestActivity": latest,
            "content": {
                "title": text(s.title),
                "summary": text("Sammendrag"),
                "senderName": text(s.sender),
                "extendedStatus": null,
            },
            "seenSinceLastUpdate": [],
            "seenSinceLastContentUpdate": [],
            "endUserContext": {"revision": uuid_for(&format!("{}-rev", s.id)), "systemLabels": ["Default"]},
            "systemLabel": "Default",
            "process": null,
            "precedingProcess": null,
        }));
    }

    /// Gives a dialog `n` attachments, each with a Gui and an Api URL on this server.
    pub fn attach(&mut self, id: &str, base: &str, files: &[(&str, &[u8])]) {
        let mut list = Vec::new();
        for (name, bytes) in files {
            let aid = uuid_for(&format!("{id}-{name}"));
            let path = format!("/dialogporten/api/v1/enduser/attachments/{aid}/content");
            self.files.insert(path.clone(), bytes.to_vec());
            list.push(json!({
                "id": aid,
                "displayName": [{"value": name, "languageCode": "nb"}],
                "name": name,
                "urls": [
                    {"id": uuid_for(&format!("{aid}-gui")), "url": format!("https://af.altinn.no/attachment/{aid}"), "mediaType": "application/pdf", "consumerType": "Gui"},
                    {"id": uuid_for(&format!("{aid}-api")), "url": format!("{base}{path}"), "mediaType": "application/pdf", "consumerType": "Api"},
                ],
                "expiresAt": null,
            }));
        }
        self.attachments.insert(id.into(), list);
    }
}

fn handle(req: &Received, state: &Mutex<State>, contract: &Contract, port: u16) -> Answer {
    let mut st = state.lock().unwrap();
    st.received.push(req.clone());
    let mut delay = Duration::ZERO;
    if let Some(i) = st
        .faults
        .iter()
        .position(|(p, _, n)| *n > 0 && req.path.ends_with(p.as_str()))
    {
        st.faults[i].2 -= 1;
        match st.faults[i].1.clone() {
            Fault::Status(code, retry) => {
                let mut a = Answer::problem(code, "injected fault");
                if code == 401 || code == 403 {
                    a = Answer::empty(code);
                }
                if let Some(r) = retry {
                    a.headers.push(("Retry-After".into(), r.to_string()));
                }
                return a;
            }
            Fault::Malformed => {
                return Answer {
                    status: 200,
                    headers: vec![("Content-Type".into(), "application/json".into())],
                    body: b"{\"items\": [ {\"id\": ".to_vec(),
                    delay: Duration::ZERO,
                };
            }
            Fault::Delay(d) => delay = d,
        }
    }
    let mut answer = if req.path == "/maskinporten/token" {
        token(req, &mut st, port)
    } else if let Some(api) = req.path.strip_prefix("/dialogporten") {
        dialogporten(req, api, &mut st, contract, port)
    } else {
        Answer::empty(404)
    };
    answer.delay = delay;
    answer
}

fn token(req: &Received, st: &mut State, port: u16) -> Answer {
    let refuse = |st: &mut State, why: String| {
        st.violations.push(format!("token: {why}"));
        Answer::json(
            400,
            &json!({"error": "invalid_grant", "error_description": why}),
        )
    };
    if req.method != "POST"
        || req.header("content-type") != Some("application/x-www-form-urlencoded")
    {
        return refuse(st, "not a form POST".into());
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(&req.body)
        .into_owned()
        .collect();
    if form.get("grant_type").map(String::as_str)
        != Some("urn:ietf:params:oauth:grant-type:jwt-bearer")
    {
        return refuse(st, "grant_type".into());
    }
    let Some(assertion) = form.get("assertion") else {
        return refuse(st, "no assertion".into());
    };
    match verify_grant(assertion, port) {
        Ok(claims) => {
            let token = format!("test-token-{}", st.tokens.len() + 1);
            st.tokens.push(token.clone());
            st.grants.push(claims);
            Answer::json(
                200,
                &json!({"access_token": token, "token_type": "Bearer", "expires_in": 120, "scope": "digdir:dialogporten"}),
            )
        }
        Err(why) => refuse(st, why),
    }
}

/// Checks a grant as Maskinporten does; returns its claims.
pub fn verify_grant(jwt: &str, port: u16) -> Result<Value, String> {
    let parts: Vec<&str> = jwt.split('.').collect();
    if parts.len() != 3 {
        return Err("not a compact JWS".into());
    }
    let dec = |s: &str| B64URL.decode(s).map_err(|e| format!("base64url: {e}"));
    let header: Value = serde_json::from_slice(&dec(parts[0])?).map_err(|e| e.to_string())?;
    let claims: Value = serde_json::from_slice(&dec(parts[1])?).map_err(|e| e.to_string())?;
    if header["alg"] != "RS256" || header["kid"] != KEY_ID {
        return Err(format!("header {header}"));
    }
    let jwk: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("test-key.public.jwk")).unwrap())
            .unwrap();
    let public = ring::signature::RsaPublicKeyComponents {
        n: B64URL.decode(jwk["n"].as_str().unwrap()).unwrap(),
        e: B64URL.decode(jwk["e"].as_str().unwrap()).unwrap(),
    };
    public
        .verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            format!("{}.{}", parts[0], parts[1]).as_bytes(),
            &dec(parts[2])?,
        )
        .map_err(|_| "bad signature".to_string())?;
    let now = chrono::Utc::now().timestamp();
    let aud = format!("http://127.0.0.1:{port}/maskinporten/");
    if claims["aud"] != aud.as_str() {
        return Err(format!("aud {} is not {aud}", claims["aud"]));
    }
    if claims["iss"] != CLIENT_ID {
        return Err(format!("iss {}", claims["iss"]));
    }
    if claims["scope"] != "digdir:dialogporten" {
        return Err(format!("scope {}", claims["scope"]));
    }
    let (iat, exp) = (
        claims["iat"].as_i64().unwrap_or(0),
        claims["exp"].as_i64().unwrap_or(0),
    );
    if exp <= now || iat > now + 10 || exp - iat > 120 {
        return Err(format!("iat {iat} / exp {exp} at {now}"));
    }
    if claims["jti"].as_str().is_none_or(str::is_empty) {
        return Err("no jti".into());
    }
    let want = json!([{"type": "urn:altinn:systemuser", "systemuser_org": {"authority": "iso6523-actorid-upis", "ID": format!("0192:{ORG}")}}]);
    if claims["authorization_details"] != want {
        return Err(format!(
            "authorization_details {}",
            claims["authorization_details"]
        ));
    }
    Ok(claims)
}

/// Serves one Dialogporten request, checking it and the answer against the contract.
fn dialogporten(
    req: &Received,
    api: &str,
    st: &mut State,
    contract: &Contract,
    port: u16,
) -> Answer {
    // Attachment content is not an operation of the contract: a plain download.
    if let Some(bytes) = st.files.get(req.path.as_str()).cloned() {
        if !authorised(req, st) {
            return Answer::empty(401);
        }
        return Answer {
            status: 200,
            headers: vec![("Content-Type".into(), "application/pdf".into())],
            body: bytes,
            delay: Duration::ZERO,
        };
    }
    let Some((op, bound)) = contract.operation(&req.method, api) else {
        st.violations
            .push(format!("{} {api}: no such operation", req.method));
        return Answer::empty(404);
    };
    let op = op.clone();
    let mut errors = Vec::new();
    let params = op["parameters"].as_array().cloned().unwrap_or_default();
    for (name, value) in &bound {
        if let Some(p) = params.iter().find(|p| p["name"] == name.as_str()) {
            errors.extend(contract.validate_param(&p["schema"], value, &format!("path {name}")));
        }
    }
    for (name, value) in &req.query {
        match params
            .iter()
            .find(|p| p["in"] == "query" && p["name"] == name.as_str())
        {
            Some(p) => errors.extend(contract.validate_param(
                &p["schema"],
                value,
                &format!("query {name}"),
            )),
            None => errors.push(format!("query {name}: not a parameter of the operation")),
        }
    }
    for p in params.iter().filter(|p| p["in"] == "header") {
        let name = p["name"].as_str().unwrap_or("").to_ascii_lowercase();
        if let Some(v) = req.header(&name) {
            errors.extend(contract.validate_param(&p["schema"], v, &format!("header {name}")));
        }
    }
    if let Some(body) = op.get("requestBody") {
        let schema = &body["content"]["application/json"]["schema"];
        if !req
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/json"))
        {
            errors.push("the body is not sent as application/json".into());
        }
        match serde_json::from_slice::<Value>(&req.body) {
            Ok(v) => errors.extend(contract.validate(schema, &v, "body")),
            Err(e) => errors.push(format!("body: not JSON: {e}")),
        }
    } else if !req.body.is_empty() {
        errors.push("a body where the operation has none".into());
    }
    if req
        .header("accept")
        .is_some_and(|a| !a.contains("json") && a != "*/*")
    {
        errors.push(format!("accept {:?}", req.header("accept")));
    }
    if !errors.is_empty() {
        st.violations.extend(
            errors
                .iter()
                .map(|e| format!("request {} {api}: {e}", req.method)),
        );
        return Answer::problem(400, "invalid request");
    }
    if !authorised(req, st) {
        return Answer::empty(401);
    }
    let answer = route(req, api, &bound, st, port);
    // The answer must be one the contract lists, with a body its schema allows.
    let status = answer.status.to_string();
    match op["responses"].get(&status) {
        None => st.violations.push(format!(
            "response {} {api}: status {status} not in the contract",
            req.method
        )),
        Some(r) => {
            if let Some(schema) = r["content"]
                .get("application/json")
                .or_else(|| r["content"].get("application/problem+json"))
                .map(|c| &c["schema"])
            {
                match serde_json::from_slice::<Value>(&answer.body) {
                    Ok(v) => {
                        let errs = contract.validate(schema, &v, "response");
                        st.violations.extend(
                            errs.into_iter()
                                .map(|e| format!("response {} {api}: {e}", req.method)),
                        );
                    }
                    Err(e) => st
                        .violations
                        .push(format!("response {} {api}: not JSON: {e}", req.method)),
                }
            }
        }
    }
    answer
}

fn authorised(req: &Received, st: &State) -> bool {
    req.header("authorization")
        .and_then(|a| a.strip_prefix("Bearer "))
        .is_some_and(|t| st.tokens.iter().any(|k| k == t))
}

fn route(
    req: &Received,
    api: &str,
    bound: &[(String, String)],
    st: &mut State,
    _port: u16,
) -> Answer {
    let id = bound
        .iter()
        .find(|(n, _)| n == "dialogId")
        .map(|(_, v)| v.clone());
    let find = |st: &State, id: &str| st.dialogs.iter().position(|d| d["id"] == id);
    match (req.method.as_str(), api) {
        ("GET", "/api/v1/metadata/limits") => Answer::json(
            200,
            &json!({
                "endUserSearch": {"maxPartyFilterValues": st.max_parties, "maxServiceResourceFilterValues": 20, "maxOrgFilterValues": 20, "maxExtendedStatusFilterValues": 20},
                "serviceOwnerSearch": {"maxPartyFilterValues": 20, "maxServiceResourceFilterValues": 20, "maxExtendedStatusFilterValues": 20},
            }),
        ),
        ("GET", "/api/v1/enduser/parties") => Answer::json(200, &st.parties.clone()),
        ("GET", "/api/v1/enduser/dialogs") => list(req, st),
        ("PUT", _) if api.ends_with("/context/systemlabels") => {
            let id = id.unwrap_or_default();
            let Some(i) = find(st, &id) else {
                return Answer::problem(404, "not found");
            };
            let current = st.dialogs[i]["endUserContext"]["revision"].clone();
            if let Some(want) = req.header("if-match")
                && current != want
            {
                return Answer::problem(412, "revision mismatch");
            }
            let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
            let mut labels: Vec<Value> = body["addLabels"].as_array().cloned().unwrap_or_default();
            labels.retain(|l| l != "Default");
            let rev = uuid_for(&format!("{id}-{}", st.received.len()));
            st.dialogs[i]["endUserContext"] = json!({"revision": rev, "systemLabels": labels});
            let mut a = Answer::empty(204);
            a.headers.push(("Etag".into(), rev));
            a
        }
        ("GET", _) if bound.iter().any(|(n, _)| n == "activityId") => {
            let id = id.unwrap_or_default();
            let aid = &bound.iter().find(|(n, _)| n == "activityId").unwrap().1;
            match st
                .activities
                .get(&id)
                .and_then(|l| l.iter().find(|a| a["id"] == aid.as_str()))
            {
                Some(a) => Answer::json(200, &details_activity(a)),
                None => Answer::problem(404, "not found"),
            }
        }
        ("GET", _) if api.ends_with("/activities") => {
            let id = id.unwrap_or_default();
            match st.activities.get(&id) {
                Some(list) => Answer::json(
                    200,
                    &Value::Array(
                        list.iter()
                            .map(|a| {
                                json!({"id": a["id"], "createdAt": a["createdAt"], "extendedType": a["extendedType"], "type": a["type"], "transmissionId": a["transmissionId"]})
                            })
                            .collect(),
                    ),
                ),
                None => Answer::problem(404, "not found"),
            }
        }
        ("GET", _) if id.is_some() => {
            let id = id.unwrap();
            let Some(i) = find(st, &id) else {
                return Answer::problem(404, "not found");
            };
            st.details_read.insert(id.clone());
            st.dialogs[i]["isContentSeen"] = json!(true);
            let d = st.dialogs[i].clone();
            let acts: Vec<Value> = st.activities.get(&id).cloned().unwrap_or_default();
            Answer::json(
                200,
                &json!({
                    "id": d["id"], "revision": uuid_for(&format!("{id}-dialog-rev")), "org": d["org"],
                    "serviceResource": d["serviceResource"], "serviceResourceType": d["serviceResourceType"],
                    "party": d["party"], "progress": null, "extendedStatus": null, "externalReference": null,
                    "dueAt": null, "expiresAt": null, "createdAt": d["createdAt"], "updatedAt": d["updatedAt"],
                    "contentUpdatedAt": d["contentUpdatedAt"], "status": d["status"],
                    "hasUnopenedContent": false, "isApiOnly": false, "isContentSeen": true,
                    "fromServiceOwnerTransmissionsCount": 1, "fromPartyTransmissionsCount": 0,
                    "content": {"title": d["content"]["title"], "summary": d["content"]["summary"], "senderName": d["content"]["senderName"], "additionalInfo": null, "extendedStatus": null, "mainContentReference": null},
                    "dialogToken": "dialog-token",
                    "attachments": st.attachments.get(&id).cloned().unwrap_or_default(),
                    "transmissions": [], "guiActions": [], "apiActions": [],
                    "activities": acts,
                    "seenSinceLastUpdate": [], "seenSinceLastContentUpdate": [],
                    "endUserContext": d["endUserContext"],
                    "systemLabel": "Default", "process": null, "precedingProcess": null,
                }),
            )
        }
        _ => Answer::problem(404, "not served by the test server"),
    }
}

fn details_activity(a: &Value) -> Value {
    a.clone()
}

/// `GET /dialogs`: party (repeated, at most `max_parties`), systemLabel, orderBy, limit,
/// continuationToken (an offset into the same filter's result).
fn list(req: &Received, st: &mut State) -> Answer {
    let parties = req.query_all("party");
    st.party_counts.push(parties.len());
    if parties.is_empty() || parties.len() > st.max_parties {
        st.violations.push(format!(
            "dialogs: {} party values (1 to {} allowed)",
            parties.len(),
            st.max_parties
        ));
        return Answer::problem(422, "too many or no party values");
    }
    let labels = req.query_all("systemLabel");
    let limit: usize = req
        .query_all("limit")
        .first()
        .and_then(|l| l.parse().ok())
        .unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        st.violations.push(format!("dialogs: limit {limit}"));
        return Answer::problem(422, "limit");
    }
    let filter_key = format!("{parties:?}{labels:?}");
    let offset = match req.query_all("continuationToken").first() {
        Some(t) => match t
            .strip_prefix("ct.")
            .and_then(|r| r.split_once('.'))
            .filter(|(_, k)| *k == B64URL.encode(&filter_key))
            .and_then(|(o, _)| o.parse::<usize>().ok())
        {
            Some(o) => o,
            None => {
                st.violations.push(format!(
                    "dialogs: a continuationToken the server never gave: {t}"
                ));
                return Answer::problem(422, "bad continuationToken");
            }
        },
        None => 0,
    };
    let mut hits: Vec<&Value> = st
        .dialogs
        .iter()
        .filter(|d| parties.iter().any(|p| d["party"] == *p))
        .filter(|d| {
            labels.is_empty()
                || d["endUserContext"]["systemLabels"]
                    .as_array()
                    .is_some_and(|l| l.iter().any(|x| labels.iter().any(|w| x == w)))
        })
        .collect();
    hits.sort_by(|a, b| {
        b["createdAt"]
            .as_str()
            .cmp(&a["createdAt"].as_str())
            .then_with(|| b["id"].as_str().cmp(&a["id"].as_str()))
    });
    let page: Vec<Value> = hits
        .iter()
        .skip(offset)
        .take(limit)
        .map(|v| (*v).clone())
        .collect();
    let next = offset + page.len();
    let more = next < hits.len();
    Answer::json(
        200,
        &json!({
            "items": page,
            "hasNextPage": more,
            "continuationToken": if more { Value::String(format!("ct.{next}.{}", B64URL.encode(&filter_key))) } else { Value::Null },
            "orderBy": "createdat_desc,id_desc",
        }),
    )
}
