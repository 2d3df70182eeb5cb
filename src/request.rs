//! The one request pipeline: URL building, sending, reading, decoding and
//! error mapping. Every operation goes through [`Client::execute`].

use std::io;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;
use ureq::http::{self, Method, header};

use crate::client::Client;
use crate::error::{ApiError, Error};

/// A request body.
pub(crate) enum Body {
    Empty,
    Json(Vec<u8>),
    Multipart {
        content_type: String,
        bytes: Vec<u8>,
    },
}

impl Body {
    pub(crate) fn json(value: &impl Serialize) -> Result<Self, Error> {
        serde_json::to_vec(value)
            .map(Body::Json)
            .map_err(|e| Error::invalid(format!("the request body cannot be written as JSON: {e}")))
    }
}

/// A request ready to go, apart from the client.
pub(crate) struct Request {
    pub(crate) method: Method,
    /// Already percent-encoded, starting with `/`.
    pub(crate) path: String,
    /// Names and raw values; values are encoded when the URL is built.
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) body: Body,
}

impl Request {
    pub(crate) fn new(method: Method, path: String) -> Self {
        Request {
            method,
            path,
            query: Vec::new(),
            body: Body::Empty,
        }
    }

    pub(crate) fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    /// `METHOD /path`, for messages.
    fn describe(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// A 2xx answer, read in full.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    operation: String,
}

impl Reply {
    /// Decodes the body as the operation's result type.
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        serde_json::from_slice(&self.body)
            .map_err(|e| Error::decode(self.operation, self.status, &self.body, e))
    }

    /// Accepts the answers of an operation that returns nothing: Wacht's
    /// `{}`, and the `204`, empty body or `null` that proxies and newer
    /// servers send. Anything else is not what the operation answers and is
    /// reported, as any other body that cannot be read.
    pub(crate) fn void(self) -> Result<(), Error> {
        let text = self.body.trim_ascii();
        if self.status == 204 || text.is_empty() || text == b"null" {
            return Ok(());
        }
        match serde_json::from_slice::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(_)) => Ok(()),
            Ok(_) => {
                let e = <serde_json::Error as serde::de::Error>::custom(
                    "expected an empty answer or a JSON object",
                );
                Err(Error::decode(self.operation, self.status, &self.body, e))
            }
            Err(e) => Err(Error::decode(self.operation, self.status, &self.body, e)),
        }
    }
}

impl Client {
    /// Sends one request and reads the answer. A non-2xx status becomes
    /// [`Error::Api`]; failures on the way become transport or timeout
    /// errors.
    pub(crate) fn execute(&self, request: Request) -> Result<Reply, Error> {
        let inner = &self.inner;
        let url = build_url(&inner.base_url, &request.path, &request.query);
        let operation = request.describe();

        let builder = http::Request::builder()
            .method(request.method)
            .uri(url)
            .header(header::AUTHORIZATION, inner.authorization.clone());
        let built = match request.body {
            Body::Empty => builder.body(Vec::new()),
            Body::Json(bytes) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(bytes),
            Body::Multipart {
                content_type,
                bytes,
            } => builder
                .header(header::CONTENT_TYPE, content_type)
                .body(bytes),
        };
        // Every part was checked or encoded on the way in.
        let http_request =
            built.map_err(|e| Error::invalid(format!("{operation} cannot be sent: {e}")))?;

        let mut response = inner.agent.run(http_request).map_err(from_ureq)?;

        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .body_mut()
            .with_config()
            .limit(inner.max_response_bytes)
            .read_to_vec()
            .map_err(from_ureq)?;

        if (200..300).contains(&status) {
            Ok(Reply {
                status,
                body,
                operation,
            })
        } else {
            let location = location.filter(|_| (300..400).contains(&status));
            Err(Error::Api(ApiError::from_response(status, &body, location)))
        }
    }
}

fn from_ureq(e: ureq::Error) -> Error {
    match e {
        ureq::Error::Timeout(which) => Error::timeout(format!("{which} timeout reached")),
        ureq::Error::Io(io) if io.kind() == io::ErrorKind::TimedOut => {
            Error::timeout(io.to_string())
        }
        ureq::Error::Io(io) => {
            let what = match io.kind() {
                io::ErrorKind::ConnectionRefused => "connection refused",
                io::ErrorKind::ConnectionReset => "connection reset",
                io::ErrorKind::ConnectionAborted => "connection aborted",
                io::ErrorKind::UnexpectedEof => "the connection closed before the answer ended",
                _ => "I/O error",
            };
            Error::transport(what, io)
        }
        ureq::Error::HostNotFound => Error::transport("host not found", e),
        ureq::Error::BodyExceedsLimit(limit) => Error::transport(
            format!("the answer is larger than the {limit}-byte limit"),
            e,
        ),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => Error::transport("TLS failure", e),
        ureq::Error::Protocol(_) => Error::transport("malformed HTTP answer", e),
        other => Error::transport(other.to_string(), other),
    }
}

/// Joins base URL, path and query. The base has no trailing `/` and the path
/// starts with one, so no `//` is ever produced.
fn build_url(base: &str, path: &str, query: &[(&'static str, String)]) -> String {
    let mut url = String::with_capacity(base.len() + path.len() + 16 * query.len());
    url.push_str(base);
    url.push_str(path);
    for (i, (name, value)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(name);
        url.push('=');
        encode_into(&mut url, value);
    }
    url
}

/// Percent-encodes an id as exactly one path segment.
///
/// Everything but ASCII letters, digits, `-`, `_` and `~` is encoded, `.`
/// included, so that an id such as `..` cannot become a dot-segment that a
/// server or proxy would resolve into another route. An empty id would
/// silently address the parent collection (`DELETE /users/` instead of one
/// user), so it is refused before anything is sent.
pub(crate) fn segment(what: &str, id: &str) -> Result<String, Error> {
    if id.is_empty() {
        return Err(Error::invalid(format!("{what} must not be empty")));
    }
    let mut out = String::with_capacity(id.len());
    encode_into(&mut out, id);
    Ok(out)
}

fn encode_into(out: &mut String, raw: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in raw.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        }
    }
}

/// A call with nothing left to set: `.send()` is all there is.
///
/// Returned by operations that take no options, such as
/// `client.users().get(id)` or `client.users().delete_email(id, email_id)`.
/// Checks such as an empty id happened when it was made; their error comes
/// out of `send`, before anything goes on the wire.
#[must_use = "a call does nothing until `.send()`"]
pub struct Call<T> {
    client: Client,
    request: Result<Request, Error>,
    decode: fn(Reply) -> Result<T, Error>,
    output: PhantomData<fn() -> T>,
}

impl<T> Call<T> {
    pub(crate) fn new(
        client: Client,
        request: Result<Request, Error>,
        decode: fn(Reply) -> Result<T, Error>,
    ) -> Self {
        Call {
            client,
            request,
            decode,
            output: PhantomData,
        }
    }

    /// Sends the request and decodes the answer.
    pub fn send(self) -> Result<T, Error> {
        let reply = self.client.execute(self.request?)?;
        (self.decode)(reply)
    }
}

impl<T: DeserializeOwned> Call<T> {
    pub(crate) fn json(client: Client, request: Result<Request, Error>) -> Self {
        Call::new(client, request, Reply::json)
    }
}

impl Call<()> {
    pub(crate) fn void(client: Client, request: Result<Request, Error>) -> Self {
        Call::new(client, request, Reply::void)
    }
}

impl<T> std::fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("Call");
        match &self.request {
            Ok(r) => s.field("method", &r.method).field("path", &r.path),
            Err(e) => s.field("error", e),
        };
        s.finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cannot_change_the_route() {
        assert_eq!(
            segment("id", "6823547219085373441").unwrap(),
            "6823547219085373441"
        );
        assert_eq!(segment("id", "a/b?c#d").unwrap(), "a%2Fb%3Fc%23d");
        assert_eq!(segment("id", "..").unwrap(), "%2E%2E");
        assert_eq!(segment("id", "50%").unwrap(), "50%25");
        assert_eq!(segment("id", "é 1").unwrap(), "%C3%A9%201");
    }

    #[test]
    fn empty_segments_are_refused() {
        let err = segment("user_id", "").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request, nothing was sent: user_id must not be empty"
        );
    }

    #[test]
    fn urls_join_without_double_slashes_and_encode_query_values() {
        let q = vec![
            ("offset", "10".to_owned()),
            ("search", "ada l&x=1".to_owned()),
        ];
        assert_eq!(
            build_url("http://h/p", "/users", &q),
            "http://h/p/users?offset=10&search=ada%20l%26x%3D1"
        );
        assert_eq!(build_url("http://h", "/users", &[]), "http://h/users");
    }

    fn reply(status: u16, body: &[u8]) -> Reply {
        Reply {
            status,
            body: body.to_vec(),
            operation: "DELETE /users/1".into(),
        }
    }

    #[test]
    fn void_accepts_what_servers_and_proxies_send_for_nothing() {
        for (status, body) in [
            (200, &b"{}"[..]),
            (200, b""),
            (200, b"  null \n"),
            (204, b""),
            (200, b"{\"deleted\":true}"),
        ] {
            assert!(reply(status, body).void().is_ok(), "{status} {body:?}");
        }
    }

    #[test]
    fn void_reports_bodies_that_are_not_an_object() {
        for body in [&b"<html>oops</html>"[..], b"[1]", b"\"ok\""] {
            let err = reply(200, body).void().unwrap_err();
            assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
        }
    }
}
