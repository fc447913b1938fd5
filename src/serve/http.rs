//! The HTTP loop (tiny_http): the embedded page and its scripts, the API, and the access rules.
//!
//! Why: the editor must work with no internet connection and be safe on a planner's machine. The
//! page, its script and style and the vendored Leaflet are compiled into the binary; the server
//! binds 127.0.0.1 unless told otherwise; bound elsewhere, every request must carry the random
//! token printed at start (`?token=` or the `X-Catchment-Token` header). Requests are served one at
//! a time, so edits never race.

use super::api::{App, Reply};
use std::io::Read;

const INDEX_HTML: &str = include_str!("../../assets/serve/index.html");
const APP_JS: &str = include_str!("../../assets/serve/app.js");
const APP_CSS: &str = include_str!("../../assets/serve/app.css");
const LEAFLET_JS: &str = include_str!("../../assets/vendor/leaflet/leaflet.js");
const LEAFLET_CSS: &str = include_str!("../../assets/vendor/leaflet/leaflet.css");
const LEAFLET_LICENSE: &str = include_str!("../../assets/vendor/leaflet/LICENSE");
/// Largest request body read.
const MAX_BODY_BYTES: u64 = 4 << 20;

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("cannot listen on {addr}: {message}")]
    Bind { addr: String, message: String },
}

/// A bound server and its address.
pub struct Listener {
    pub server: tiny_http::Server,
    /// `host:port` actually bound (port 0 resolved).
    pub addr: String,
    /// Required on every request when set.
    pub token: Option<String>,
}

/// Bind `host:port` (port 0: any free port).
pub fn bind(host: &str, port: u16, token: Option<String>) -> Result<Listener, HttpError> {
    let addr = format!("{host}:{port}");
    let server = tiny_http::Server::http(&addr).map_err(|e| HttpError::Bind {
        addr: addr.clone(),
        message: e.to_string(),
    })?;
    let addr = match server.server_addr().to_ip() {
        Some(a) => a.to_string(),
        None => addr,
    };
    Ok(Listener {
        server,
        addr,
        token,
    })
}

impl Listener {
    /// The page's URL (with the token when one is needed).
    pub fn url(&self) -> String {
        match &self.token {
            Some(t) => format!("http://{}/?token={t}", self.addr),
            None => format!("http://{}/", self.addr),
        }
    }

    /// Serve requests until the process ends.
    pub fn run(&self, app: &mut App) {
        for request in self.server.incoming_requests() {
            self.answer(app, request);
        }
    }

    fn answer(&self, app: &mut App, mut request: tiny_http::Request) {
        let url = request.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
        let method = request.method().as_str().to_string();
        let reply = if !self.allowed(&request, query) {
            json_reply(
                401,
                r#"{"error":"a valid token is required","field":"token"}"#,
            )
        } else if path.starts_with("/api/") {
            let mut body = Vec::new();
            let read = request
                .as_reader()
                .take(MAX_BODY_BYTES)
                .read_to_end(&mut body);
            match read {
                Ok(_) => {
                    let r = app.handle(&method, path, &body);
                    json_reply(r.status, &r.body)
                }
                Err(e) => json_reply(
                    400,
                    &serde_json::json!({"error": format!("cannot read the body: {e}"), "field": "body"})
                        .to_string(),
                ),
            }
        } else {
            self.asset(path)
        };
        // A client that went away is not the server's problem.
        let _ = request.respond(reply);
    }

    /// Without a token: only requests addressed to this machine (no DNS rebinding); with one: the
    /// token must match.
    fn allowed(&self, request: &tiny_http::Request, query: &str) -> bool {
        let header = |name: &'static str| {
            request
                .headers()
                .iter()
                .find(|h| h.field.equiv(name))
                .map(|h| h.value.as_str().to_string())
        };
        match &self.token {
            Some(t) => {
                let from_query = query
                    .split('&')
                    .filter_map(|kv| kv.split_once('='))
                    .any(|(k, v)| k == "token" && v == t);
                from_query || header("X-Catchment-Token").as_deref() == Some(t.as_str())
            }
            None => header("Host").is_none_or(|h| {
                let host = h.rsplit_once(':').map_or(h.as_str(), |(host, _)| host);
                matches!(host, "127.0.0.1" | "localhost" | "[::1]")
            }),
        }
    }

    fn asset(&self, path: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let token = self.token.as_deref().unwrap_or("");
        let (body, kind) = match path {
            "/" | "/index.html" => (INDEX_HTML.replace("__TOKEN__", token), "text/html"),
            "/assets/app.js" => (APP_JS.to_string(), "text/javascript"),
            "/assets/app.css" => (APP_CSS.to_string(), "text/css"),
            "/assets/leaflet.js" => (LEAFLET_JS.to_string(), "text/javascript"),
            "/assets/leaflet.css" => (LEAFLET_CSS.to_string(), "text/css"),
            "/assets/LEAFLET-LICENSE.txt" => (LEAFLET_LICENSE.to_string(), "text/plain"),
            _ => {
                let r = Reply {
                    status: 404,
                    body: serde_json::json!({"error": format!("no page {path}"), "field": null})
                        .to_string(),
                };
                return json_reply(r.status, &r.body);
            }
        };
        with_type(tiny_http::Response::from_string(body), kind)
    }
}

fn with_type(
    r: tiny_http::Response<std::io::Cursor<Vec<u8>>>,
    kind: &str,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let value = format!("{kind}; charset=utf-8");
    let mut r = r;
    if let Ok(h) = tiny_http::Header::from_bytes("Content-Type", value.as_bytes()) {
        r = r.with_header(h);
    }
    if let Ok(h) = tiny_http::Header::from_bytes("Cache-Control", "no-store") {
        r = r.with_header(h);
    }
    r
}

fn json_reply(status: u16, body: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    with_type(
        tiny_http::Response::from_string(body).with_status_code(status),
        "application/json",
    )
}

/// A random token (128 bits from the OS, hex).
pub fn random_token() -> String {
    let mut bytes = [0u8; 16];
    let from_os = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if from_os.is_err() {
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
