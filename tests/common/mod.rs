//! Shared test support: a local httpmock server that answers every request
//! with one canned response and records exactly what it received, the
//! fixtures, and the values the fixtures must decode into.

#![allow(dead_code)]

pub mod expected;
pub mod raw;

use std::sync::{Arc, Mutex};

use httpmock::HttpMockRequest;
use httpmock::prelude::*;
use wacht_sync::Client;

/// The key every test client uses; tests check it reaches the wire and
/// nothing else.
pub const KEY: &str = "wk_test_5ecr3t_K3y";

/// `User-Agent` the crate sends by default.
pub const USER_AGENT: &str = concat!("wacht-sync/", env!("CARGO_PKG_VERSION"));

/// A fixture's text, from `tests/fixtures`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// What the server received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// The path as sent, still percent-encoded.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    fn from(req: &HttpMockRequest) -> Self {
        let uri = req.uri();
        let path_and_query = uri
            .path_and_query()
            .map(|pq| pq.as_str().to_owned())
            .unwrap_or_default();
        let (path, query) = match path_and_query.split_once('?') {
            Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
            None => (path_and_query, None),
        };
        Seen {
            method: req.method_str().to_owned(),
            path,
            query,
            headers: req.headers_vec().clone(),
            body: req.body_vec(),
        }
    }

    /// Every value of a header, compared by name without case.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The one value of a header; panics if it is missing or repeated.
    pub fn header(&self, name: &str) -> &str {
        match self.header_values(name).as_slice() {
            [one] => one,
            other => panic!("header {name}: expected one value, got {other:?}"),
        }
    }

    /// Asserts the method, path and query.
    pub fn assert_route(&self, method: &str, path: &str, query: Option<&str>) {
        assert_eq!(self.method, method, "method");
        assert_eq!(self.path, path, "path");
        assert_eq!(self.query.as_deref(), query, "query");
    }

    /// Asserts the headers every request carries: the key, JSON accepted,
    /// the crate's user agent.
    pub fn assert_common_headers(&self) {
        assert_eq!(self.header("authorization"), format!("Bearer {KEY}"));
        assert_eq!(self.header("accept"), "application/json");
        assert_eq!(self.header("user-agent"), USER_AGENT);
    }

    /// Asserts a request without a body and without a content type.
    pub fn assert_no_body(&self) {
        assert!(
            self.body.is_empty(),
            "body: {:?}",
            String::from_utf8_lossy(&self.body)
        );
        assert!(
            self.header_values("content-type").is_empty(),
            "content-type sent"
        );
    }

    /// Asserts a JSON body equal to `expected` (as JSON values, so key order
    /// does not matter but every key and value does).
    pub fn assert_json(&self, expected: serde_json::Value) {
        assert_eq!(self.header("content-type"), "application/json");
        let got: serde_json::Value = serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", self.body));
        assert_eq!(got, expected);
    }

    /// Parses a `multipart/form-data` body into its parts, in order.
    pub fn multipart(&self) -> Vec<Part> {
        let content_type = self.header("content-type");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap_or_else(|| panic!("not multipart: {content_type}"));
        parse_multipart(&self.body, boundary)
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

impl Part {
    pub fn text(name: &str, value: &str) -> Part {
        Part {
            name: name.into(),
            file_name: None,
            content_type: None,
            data: value.as_bytes().to_vec(),
        }
    }

    pub fn file(name: &str, file_name: &str, content_type: &str, data: &[u8]) -> Part {
        Part {
            name: name.into(),
            file_name: Some(file_name.into()),
            content_type: Some(content_type.into()),
            data: data.to_vec(),
        }
    }
}

/// A strict reader of the multipart layout RFC 7578 describes: every
/// delimiter, header line and CRLF must be where it belongs.
fn parse_multipart(body: &[u8], boundary: &str) -> Vec<Part> {
    let delimiter = format!("--{boundary}");
    let closing = format!("--{boundary}--\r\n");
    assert!(
        body.ends_with(closing.as_bytes()),
        "body does not end with the closing delimiter"
    );
    let body = &body[..body.len() - closing.len()];

    let separator = format!("\r\n{delimiter}");
    let mut rest = body
        .strip_prefix(delimiter.as_bytes())
        .expect("body starts with the delimiter");
    let mut parts = Vec::new();
    if rest.is_empty() {
        return parts;
    }
    loop {
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after a delimiter");
        let header_end = find(rest, b"\r\n\r\n").expect("part headers end with a blank line");
        let headers = std::str::from_utf8(&rest[..header_end]).expect("headers are UTF-8");
        let after_headers = &rest[header_end + 4..];
        let (data, next) = match find(after_headers, separator.as_bytes()) {
            Some(at) => (
                &after_headers[..at],
                Some(&after_headers[at + separator.len()..]),
            ),
            None => (
                after_headers
                    .strip_suffix(b"\r\n")
                    .expect("last part ends with CRLF"),
                None,
            ),
        };

        let mut part = Part {
            name: String::new(),
            file_name: None,
            content_type: None,
            data: data.to_vec(),
        };
        for line in headers.split("\r\n") {
            let (name, value) = line.split_once(": ").expect("header line");
            match name.to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    let params = value
                        .strip_prefix("form-data; ")
                        .expect("form-data disposition");
                    for param in params.split("; ") {
                        let (k, v) = param.split_once('=').expect("name=value");
                        let v = v
                            .strip_prefix('"')
                            .and_then(|v| v.strip_suffix('"'))
                            .expect("quoted");
                        match k {
                            "name" => part.name = v.to_owned(),
                            "filename" => part.file_name = Some(v.to_owned()),
                            other => panic!("unexpected parameter {other}"),
                        }
                    }
                }
                "content-type" => part.content_type = Some(value.to_owned()),
                other => panic!("unexpected part header {other}"),
            }
        }
        parts.push(part);

        match next {
            Some(n) => rest = n,
            None => return parts,
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A local server that answers every request with one response and records
/// every request.
pub struct Stub {
    pub server: MockServer,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Stub {
    /// Answers with `status` and `body` (as `application/json`).
    pub fn json(status: u16, body: &str) -> Stub {
        Stub::with(status, body, "application/json")
    }

    /// Answers with a fixture from `tests/fixtures`, status 200.
    pub fn fixture(name: &str) -> Stub {
        Stub::json(200, &fixture(name))
    }

    /// Answers with `status`, `body` and the given content type.
    pub fn with(status: u16, body: &str, content_type: &str) -> Stub {
        let server = MockServer::start();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorder = Arc::clone(&seen);
        let body = body.to_owned();
        let content_type = content_type.to_owned();
        server.mock(move |when, then| {
            when.is_true(move |req| {
                recorder.lock().unwrap().push(Seen::from(req));
                true
            });
            then.status(status)
                .header("content-type", content_type)
                .body(body);
        });
        Stub { server, seen }
    }

    /// A client for this server with the test key.
    pub fn client(&self) -> Client {
        self.client_with_base(&self.server.base_url())
    }

    /// A client with another base URL (which should still point here).
    pub fn client_with_base(&self, base_url: &str) -> Client {
        Client::builder()
            .api_key(KEY)
            .base_url(base_url)
            .build()
            .expect("test client")
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The one request received; panics if there were none or several.
    pub fn only_request(&self) -> Seen {
        let seen = self.requests();
        assert_eq!(seen.len(), 1, "expected exactly one request, got {seen:#?}");
        seen.into_iter().next().unwrap()
    }
}
