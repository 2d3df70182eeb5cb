//! The one request pipeline: URL building, sending, reading, decoding and
//! error mapping. Every operation goes through [`Client::execute`].

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

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

    /// `METHOD /path`, for messages and log lines.
    fn describe(&self) -> Operation<'_> {
        Operation(&self.method, &self.path)
    }
}

/// `METHOD /path`, written only when a message or log line needs it.
struct Operation<'a>(&'a Method, &'a str);

impl std::fmt::Display for Operation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.0, self.1)
    }
}

/// A 2xx answer, read in full.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    method: Method,
    path: String,
    attempts: u32,
    /// The API key, kept out of any excerpt of the body.
    api_key: Arc<str>,
}

impl Reply {
    fn decode_error(self, source: serde_json::Error) -> Error {
        let operation = Operation(&self.method, &self.path).to_string();
        let mut error = Error::decode(operation, self.status, &self.body, self.attempts, source);
        error.redact(&self.api_key);
        error
    }

    /// Decodes the body as the operation's result type.
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| self.decode_error(e))
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
                Err(self.decode_error(e))
            }
            Err(e) => Err(self.decode_error(e)),
        }
    }
}

/// Whether a failed attempt may be made again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retry {
    /// The outcome would be the same, or the work may be done twice.
    Never,
    /// The request may have reached the server: only a request that is safe
    /// to repeat may go again.
    IfIdempotent,
    /// The request provably did not run (never connected, or refused
    /// before the operation ran).
    Always,
}

impl Client {
    /// Sends one request and reads the answer, retrying what is safe to
    /// retry within the call's deadline. A non-2xx status becomes
    /// [`Error::Api`]; failures on the way become transport or timeout
    /// errors. Every error carries the number of attempts made.
    pub(crate) fn execute(&self, request: Request) -> Result<Reply, Error> {
        let started = Instant::now();
        // A timeout too large to add (`Duration::MAX` for "no limit") is as
        // good as none.
        let deadline = started.checked_add(self.settings.timeout);
        let url = build_url(&self.inner.base_url, &request.path, &request.query);
        let operation = request.describe();
        // Every route of this API but POST is safe to repeat: GET reads,
        // DELETE removes what may already be gone, PATCH sets values.
        let idempotent = request.method != Method::POST;

        let mut attempt = 1;
        loop {
            // The agent applies the builder's timeout by itself; a call with
            // another deadline, or a retry with less time left, says so.
            let limit = match deadline {
                _ if attempt == 1 && self.settings.timeout == self.inner.agent_timeout => None,
                Some(deadline) => Some(deadline.saturating_duration_since(Instant::now())),
                None => Some(self.settings.timeout),
            };
            let outcome = self.attempt(&request, &url, limit);
            let (mut error, retry) = match outcome {
                Ok(reply) => {
                    log::debug!(
                        "{operation} -> {} in {:.1?}, {attempt} attempt(s)",
                        reply.status,
                        started.elapsed()
                    );
                    return Ok(Reply {
                        status: reply.status,
                        body: reply.body,
                        method: request.method,
                        path: request.path,
                        attempts: attempt,
                        api_key: Arc::clone(&self.inner.api_key),
                    });
                }
                Err(failure) => failure,
            };

            let may_retry = match retry {
                Retry::Always => true,
                Retry::IfIdempotent => idempotent,
                Retry::Never => false,
            };
            // The wait is worked out only for a retry that may happen: it
            // comes from the answer, and an absurd one must not matter.
            let wait = (may_retry && attempt <= self.settings.max_retries)
                .then(|| self.wait_before(attempt, &error))
                .filter(|wait| match (Instant::now().checked_add(*wait), deadline) {
                    (Some(resume), Some(deadline)) => resume < deadline,
                    (Some(_), None) => true,
                    (None, _) => false,
                });
            if let Some(wait) = wait {
                log::warn!(
                    "{operation}: {}; retry {attempt} of {} in {wait:.1?}",
                    reason(&error),
                    self.settings.max_retries
                );
                std::thread::sleep(wait);
                attempt += 1;
                continue;
            }

            error.set_attempts(attempt);
            log::debug!(
                "{operation} -> {} in {:.1?}, {attempt} attempt(s)",
                reason(&error),
                started.elapsed()
            );
            return Err(error);
        }
    }

    /// How long to wait before attempt `attempt + 1`: what the server asked
    /// for, else exponential backoff with jitter.
    fn wait_before(&self, attempt: u32, error: &Error) -> Duration {
        if let Some(asked) = error.retry_after() {
            return asked;
        }
        let exponential = BACKOFF_BASE.saturating_mul(1 << (attempt - 1).min(16));
        let capped = exponential.min(BACKOFF_CAP);
        // Between half and all of the step, so that clients failing together
        // do not retry together.
        capped / 2 + capped.mul_f64(random_fraction() / 2.0)
    }

    /// One attempt: send, read the whole answer, map failures. `limit` is
    /// the time this attempt may take, when it differs from the agent's own.
    fn attempt(
        &self,
        request: &Request,
        url: &str,
        limit: Option<Duration>,
    ) -> Result<RawReply, (Error, Retry)> {
        let inner = &self.inner;
        let builder = http::Request::builder()
            .method(request.method.clone())
            .uri(url)
            .header(header::AUTHORIZATION, inner.authorization.clone());
        let mut response = match &request.body {
            // A GET or DELETE without a body carries no body headers at
            // all; a POST without one says `Content-Length: 0` (rather
            // than an empty chunked body, which some proxies refuse).
            Body::Empty if matches!(request.method, Method::GET | Method::DELETE) => {
                self.run(builder.body(()), limit)
            }
            Body::Empty => self.run(builder.body(&[][..]), limit),
            Body::Json(bytes) => self.run(
                builder
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(&bytes[..]),
                limit,
            ),
            Body::Multipart {
                content_type,
                bytes,
            } => self.run(
                builder
                    .header(header::CONTENT_TYPE, content_type.as_str())
                    .body(&bytes[..]),
                limit,
            ),
        }?;

        let status = response.status().as_u16();
        let headers = response.headers();
        let location = header_text(headers, header::LOCATION);
        let retry_after = header_text(headers, header::RETRY_AFTER);
        let success = (200..300).contains(&status);
        let (body, complete) = read_capped(response.body_mut(), inner.max_response_bytes)?;

        if success {
            if !complete {
                let limit = inner.max_response_bytes;
                let message = format!("the answer is larger than the {limit}-byte limit");
                return Err((Error::oversized(message), Retry::Never));
            }
            return Ok(RawReply { status, body });
        }
        // An error answer over the cap still tells its status; its start is
        // all that is kept.
        let location = location.filter(|_| (300..400).contains(&status));
        let mut api = ApiError::from_response(status, &body, location);
        api.redact(&inner.api_key);
        if let Some(asked) = retry_after.as_deref().and_then(parse_retry_after) {
            api.retry_after = Some(asked);
        }
        let retry = match status {
            // Wacht's gateway refuses before the operation runs.
            429 => Retry::Always,
            502..=504 => Retry::IfIdempotent,
            _ => Retry::Never,
        };
        Err((Error::Api(api), retry))
    }

    fn run<B: ureq::AsSendBody>(
        &self,
        built: http::Result<http::Request<B>>,
        limit: Option<Duration>,
    ) -> Result<http::Response<ureq::Body>, (Error, Retry)> {
        // Every part was checked or encoded on the way in, so this only
        // fails on a bug; it is still an error, not a panic.
        let mut request = built.map_err(|e| {
            let message = format!("the request cannot be built: {e}");
            (Error::invalid(message), Retry::Never)
        })?;
        if let Some(limit) = limit {
            // Configuring a request copies the agent's whole configuration,
            // so it is done only when the limit differs from the agent's.
            let agent = &self.inner.agent;
            request = agent
                .configure_request(request)
                .timeout_global(Some(limit))
                .build();
        }
        self.inner.agent.run(request).map_err(from_ureq)
    }
}

/// Reads a body up to `cap` bytes; whether it ended within them.
///
/// Reads straight into a vector sized from `Content-Length` plus one byte,
/// so a body of the announced length takes no copy, no regrowth and no
/// extra probe to see its end.
fn read_capped(body: &mut ureq::Body, cap: u64) -> Result<(Vec<u8>, bool), (Error, Retry)> {
    use std::io::Read;

    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    // The announced length is the server's word: it sizes the first read
    // only up to a modest amount, so a lie cannot make a huge allocation.
    const FIRST_READ_MAX: usize = 1024 * 1024;
    let announced = body
        .content_length()
        .map_or(8 * 1024, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let mut out = vec![0u8; announced.min(cap).min(FIRST_READ_MAX).saturating_add(1)];
    let mut filled = 0;
    let mut reader = body.with_config().limit(u64::MAX).reader();
    loop {
        if filled == out.len() {
            if filled > cap {
                out.truncate(cap);
                return Ok((out, false));
            }
            let grown = filled
                .saturating_mul(2)
                .max(8 * 1024)
                .min(cap.saturating_add(1));
            out.resize(grown, 0);
        }
        match reader.read(&mut out[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(from_io(e)),
        }
    }
    if filled > cap {
        out.truncate(cap);
        return Ok((out, false));
    }
    out.truncate(filled);
    Ok((out, true))
}

/// The first wait between attempts; it doubles each time.
const BACKOFF_BASE: Duration = Duration::from_millis(250);

/// The longest wait the backoff picks by itself.
const BACKOFF_CAP: Duration = Duration::from_secs(8);

struct RawReply {
    status: u16,
    body: Vec<u8>,
}

fn header_text(headers: &http::HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// What went wrong, for a log line: never a body, header or query value.
fn reason(error: &Error) -> String {
    match error {
        Error::Api(api) => format!("HTTP {}", api.status),
        Error::Transport { message, .. } | Error::Timeout { message, .. } => message.clone(),
        Error::Decode { status, .. } => format!("HTTP {status}, undecodable body"),
        Error::InvalidRequest(_) | Error::Config(_) | Error::Pagination(_) => {
            "invalid request".to_owned()
        }
    }
}

/// A number in `[0, 1)`, random enough for jitter, without a dependency.
fn random_fraction() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Reads a `Retry-After` value: delay seconds, or an HTTP date
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), turned into a wait from now. A date in
/// the past means no wait.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// Seconds since the Unix epoch of an IMF-fixdate, the only form a server
/// may send (RFC 9110, 5.6.7).
fn parse_http_date(value: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut fields = value.split_ascii_whitespace();
    let _weekday = fields.next()?.strip_suffix(',')?;
    let day: u64 = fields.next()?.parse().ok()?;
    let month_name = fields.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u64 + 1;
    let year: u64 = fields.next()?.parse().ok()?;
    let mut clock = fields.next()?.split(':').map(|n| n.parse::<u64>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if fields.next()? != "GMT" || fields.next().is_some() || clock.next().is_some() {
        return None;
    }
    if !(1..=31).contains(&day)
        || !(1970..=9999).contains(&year)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }

    // Days from the epoch to the civil date (proleptic Gregorian).
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let year_of_era = y % 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Maps an I/O error from reading a body, which may carry one of ureq's.
fn from_io(e: io::Error) -> (Error, Retry) {
    if e.get_ref().is_some_and(|inner| inner.is::<ureq::Error>()) {
        if let Some(Ok(inner)) = e.into_inner().map(|inner| inner.downcast::<ureq::Error>()) {
            return from_ureq(*inner);
        }
        return (
            Error::oversized("the answer could not be read"),
            Retry::Never,
        );
    }
    from_ureq(ureq::Error::Io(e))
}

fn from_ureq(e: ureq::Error) -> (Error, Retry) {
    use ureq::Timeout as T;

    match e {
        ureq::Error::Timeout(T::Resolve) => (
            Error::timeout("looking up the host took longer than the connect timeout"),
            Retry::Always,
        ),
        ureq::Error::Timeout(T::Connect) => (
            Error::timeout("connecting took longer than the connect timeout"),
            Retry::Always,
        ),
        ureq::Error::Timeout(_) => (
            Error::timeout("the call took longer than its deadline"),
            Retry::IfIdempotent,
        ),
        ureq::Error::Io(io) if io.kind() == io::ErrorKind::TimedOut => {
            (Error::timeout(io.to_string()), Retry::IfIdempotent)
        }
        ureq::Error::Io(io) if io.kind() == io::ErrorKind::ConnectionRefused => {
            (Error::transport("connection refused", io), Retry::Always)
        }
        ureq::Error::Io(io) => {
            let what = match io.kind() {
                io::ErrorKind::ConnectionReset => "connection reset",
                io::ErrorKind::ConnectionAborted => "connection aborted",
                io::ErrorKind::BrokenPipe => "connection closed while sending",
                io::ErrorKind::UnexpectedEof => "the connection closed before the answer ended",
                _ => "I/O error",
            };
            (Error::transport(what, io), Retry::IfIdempotent)
        }
        ureq::Error::HostNotFound => (Error::transport("host not found", e), Retry::Always),
        ureq::Error::ConnectionFailed => (Error::transport("could not connect", e), Retry::Always),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => {
            (Error::transport("TLS failure", e), Retry::Always)
        }
        ureq::Error::BodyExceedsLimit(limit) => (
            Error::transport(
                format!("the answer is larger than the {limit}-byte limit"),
                e,
            ),
            Retry::Never,
        ),
        ureq::Error::Protocol(_) => (
            Error::transport("malformed HTTP answer", e),
            Retry::IfIdempotent,
        ),
        other => (Error::transport(other.to_string(), other), Retry::Never),
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
            method: Method::DELETE,
            path: "/users/1".into(),
            attempts: 1,
            api_key: Arc::from("wk_test"),
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }

    #[test]
    fn http_dates_convert_to_epoch_seconds() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2028 23:59:59 GMT"),
            Some(1_835_481_599)
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"), None);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49 GMT"), None);
        assert_eq!(
            parse_http_date("Sun, 06 Nov 999999999999 08:49:37 GMT"),
            None
        );
    }

    #[test]
    fn jitter_stays_in_range() {
        for _ in 0..1000 {
            let f = random_fraction();
            assert!((0.0..1.0).contains(&f), "{f}");
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
