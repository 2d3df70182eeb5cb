//! The one error type every call returns.

use std::fmt;

use serde::Deserialize;

/// How much of a body an error message quotes. The whole body is kept in
/// [`ApiError::body`]; messages only show its start.
const EXCERPT_CHARS: usize = 300;

/// Everything that can go wrong with a call.
///
/// Match on the variant to tell apart what the server said ([`Error::Api`]),
/// what happened on the way ([`Error::Transport`], [`Error::Timeout`]), an
/// answer this crate could not read ([`Error::Decode`]) and a mistake caught
/// before anything was sent ([`Error::InvalidRequest`], [`Error::Config`]).
/// The helpers ([`Error::status`], [`Error::is_not_found`], ...) answer the
/// common questions without a `match`.
///
/// No variant ever holds the API key, so `Debug` and `Display` are safe to
/// log.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server (or something in front of it) answered with a status
    /// other than 2xx.
    #[error(transparent)]
    Api(#[from] ApiError),

    /// The request could not be delivered or its answer could not be read
    /// off the connection: connection refused, DNS failure, TLS failure,
    /// reset connection, malformed HTTP.
    #[error("could not talk to the Wacht API: {message}{}", AfterAttempts(*attempts))]
    #[non_exhaustive]
    Transport {
        /// What went wrong, in words.
        message: String,
        /// How many attempts were made, retries included.
        attempts: u32,
        /// The underlying error from the HTTP stack.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// A time limit ran out before the answer was complete.
    #[error("the Wacht API did not answer in time: {message}{}", AfterAttempts(*attempts))]
    #[non_exhaustive]
    Timeout {
        /// Which limit ran out.
        message: String,
        /// How many attempts were made, retries included.
        attempts: u32,
    },

    /// The server answered 2xx, but the body was not what the operation
    /// returns.
    #[error(
        "could not decode the answer to {operation} (HTTP {status}): {source}; the body starts with {excerpt:?}"
    )]
    #[non_exhaustive]
    Decode {
        /// The operation, as `METHOD /path`.
        operation: String,
        /// The HTTP status of the answer.
        status: u16,
        /// The start of the body, as text.
        excerpt: String,
        /// How many attempts were made, retries included.
        attempts: u32,
        /// What the JSON decoder said.
        #[source]
        source: serde_json::Error,
    },

    /// A walk over every page stopped because the server made no progress:
    /// it said more items follow but sent an empty page, or sent the same
    /// page again.
    #[error("stopped walking the list: {0}")]
    Pagination(String),

    /// The request cannot be right (an empty id, a missing required value),
    /// so nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    InvalidRequest(String),

    /// The client could not be built from the settings given.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's answer, when it answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// `404`: the user, email, invitation or other object does not exist.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// `401`: the API key is missing, malformed or not accepted.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// `403`: the API key is valid but lacks the permission.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }

    /// `409`: the change conflicts with what exists (for example, the user
    /// already has an authenticator).
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(409)
    }

    /// `429`: the deployment's rate limit was hit; try again later.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(429)
    }

    /// `400` or `422`: the server rejected the values sent.
    pub fn is_rejected(&self) -> bool {
        matches!(self.api_error().map(|e| e.status), Some(400 | 422))
    }

    /// A 5xx answer: the server or a proxy in front of it failed.
    pub fn is_server_error(&self) -> bool {
        matches!(self.api_error().map(|e| e.status), Some(500..=599))
    }

    /// A time limit ran out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// The request could not be delivered or the answer not read off the
    /// connection.
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport { .. })
    }

    /// How many times the request was sent, retries included: 0 when it was
    /// refused before sending.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(api) => api.attempts,
            Error::Transport { attempts, .. } | Error::Timeout { attempts, .. } => *attempts,
            Error::Decode { attempts, .. } => *attempts,
            Error::Pagination(_) => 1,
            Error::InvalidRequest(_) | Error::Config(_) => 0,
        }
    }

    /// How long the server asked to wait before trying again, for a `429`
    /// or `503` that said so.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.api_error().and_then(|api| api.retry_after)
    }

    pub(crate) fn set_attempts(&mut self, n: u32) {
        match self {
            Error::Api(api) => api.attempts = n,
            Error::Transport { attempts, .. } | Error::Timeout { attempts, .. } => *attempts = n,
            _ => {}
        }
    }

    pub(crate) fn transport(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error::Transport {
            message: message.into(),
            attempts: 1,
            source: Some(Box::new(source)),
        }
    }

    /// A transport failure with no underlying error: an answer too large.
    pub(crate) fn oversized(message: impl Into<String>) -> Self {
        Error::Transport {
            message: message.into(),
            attempts: 1,
            source: None,
        }
    }

    /// Blanks out `secret` wherever a server echoed it into this error.
    pub(crate) fn redact(&mut self, secret: &str) {
        match self {
            Error::Api(api) => api.redact(secret),
            Error::Decode { excerpt, .. } => redact_in(excerpt, secret),
            _ => {}
        }
    }

    pub(crate) fn timeout(message: impl Into<String>) -> Self {
        Error::Timeout {
            message: message.into(),
            attempts: 1,
        }
    }

    pub(crate) fn decode(
        operation: String,
        status: u16,
        body: &[u8],
        attempts: u32,
        source: serde_json::Error,
    ) -> Self {
        Error::Decode {
            operation,
            status,
            excerpt: excerpt(body),
            attempts,
            source: without_values(source),
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidRequest(message.into())
    }
}

/// An answer with a status other than 2xx.
///
/// Wacht puts its reasons in an envelope, `{"errors": [{"message", "code"}]}`;
/// they are in [`ApiError::messages`]. A body that is not that envelope (an
/// HTML page from a load balancer, plain text from a proxy) is kept as text
/// in [`ApiError::body`].
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// Every entry of the server's `errors` envelope, in order; empty when
    /// the body was not the envelope.
    pub messages: Vec<ApiMessage>,
    /// The body as text (lossily decoded) when it was not the envelope;
    /// `None` when it was. It is kept as sent; `Debug` and `Display` show it
    /// with the values of secret fields (tokens, codes) blanked.
    pub body: Option<String>,
    /// Where the server pointed, for a redirect status (this crate does not
    /// follow redirects, so the API key never travels anywhere else).
    pub location: Option<String>,
    /// How long the server asked to wait before trying again: from a
    /// `Retry-After` header, or from Wacht's `Retry after N seconds`.
    pub retry_after: Option<std::time::Duration>,
    /// How many times the request was sent, retries included.
    pub attempts: u32,
}

/// One entry of the server's `errors` envelope.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ApiMessage {
    /// The server's explanation, e.g. `"User not found"`.
    pub message: String,
    /// The code the server gave with it; Wacht repeats the HTTP status here.
    /// A code sent as text (`"429"`) or as a whole float (`429.0`) is read
    /// too; anything else is `None`, and the message is kept regardless.
    #[serde(default, deserialize_with = "lenient_code")]
    pub code: Option<i64>,
}

fn lenient_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| f as i64)
        }),
        serde_json::Value::String(text) => text.trim().parse().ok(),
        _ => None,
    })
}

impl ApiError {
    /// Reads an error answer: the envelope when the body is one, the raw
    /// text otherwise.
    pub(crate) fn from_response(status: u16, body: &[u8], location: Option<String>) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            errors: Vec<ApiMessage>,
        }

        let (messages, body) = match serde_json::from_slice::<Envelope>(body) {
            Ok(envelope) if !envelope.errors.is_empty() => (envelope.errors, None),
            _ => (Vec::new(), Some(String::from_utf8_lossy(body).into_owned())),
        };
        let retry_after = messages
            .iter()
            .find_map(|m| retry_after_message(&m.message));
        ApiError {
            status,
            messages,
            body,
            location,
            retry_after,
            attempts: 1,
        }
    }

    /// Blanks out `secret` wherever the server echoed it.
    pub(crate) fn redact(&mut self, secret: &str) {
        for m in &mut self.messages {
            redact_in(&mut m.message, secret);
        }
        if let Some(body) = &mut self.body {
            redact_in(body, secret);
        }
        if let Some(location) = &mut self.location {
            redact_in(location, secret);
        }
    }

    /// The first message of the envelope, if there was one.
    pub fn message(&self) -> Option<&str> {
        self.messages.first().map(|m| m.message.as_str())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.messages.is_empty() {
            for (i, m) in self.messages.iter().enumerate() {
                if i > 0 {
                    f.write_str("; ")?;
                }
                write_message(f, &m.message)?;
            }
            return write!(f, " (HTTP {}{})", self.status, AfterAttempts(self.attempts));
        }

        write!(f, "HTTP {}", self.status)?;
        if let Some(location) = &self.location {
            write!(f, " redirecting to {location:?} (not followed)")?;
        }
        match self.body.as_deref().map(str::trim) {
            Some(body) if !body.is_empty() => write!(f, ": {:?}", excerpt(body.as_bytes()))?,
            _ => f.write_str(" with an empty body")?,
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = self.body.as_deref().map(|b| excerpt(b.as_bytes()));
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("messages", &self.messages)
            .field("body", &body)
            .field("location", &self.location)
            .field("retry_after", &self.retry_after)
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// `, after N attempts` when the request was sent more than once.
struct AfterAttempts(u32);

impl fmt::Display for AfterAttempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 > 1 {
            write!(f, ", after {} attempts", self.0)
        } else {
            Ok(())
        }
    }
}

/// Reads Wacht's rate-limit message, `Rate limit exceeded. Retry after N
/// seconds`; the server sends no `Retry-After` header of its own.
fn retry_after_message(message: &str) -> Option<std::time::Duration> {
    let (_, rest) = message.split_once("Retry after ")?;
    let digits: &str = &rest[..rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len())];
    let seconds: u64 = digits.parse().ok()?;
    rest[digits.len()..]
        .trim_start()
        .starts_with("second")
        .then(|| std::time::Duration::from_secs(seconds))
}

/// Writes a server's message on one line, so that it cannot forge log
/// lines or drive a terminal: control characters are escaped, and a very
/// long message is cut like an excerpt.
fn write_message(f: &mut fmt::Formatter<'_>, message: &str) -> fmt::Result {
    for (i, c) in message.chars().enumerate() {
        if i == EXCERPT_CHARS {
            return f.write_str("…");
        }
        if c.is_control() || reorders_text(c) {
            write!(f, "{}", c.escape_default())?;
        } else {
            write!(f, "{c}")?;
        }
    }
    Ok(())
}

/// The JSON decoder quotes the value it could not use (`invalid type:
/// string "…", expected a boolean`); that value may be a token, a code or
/// a key a proxy echoed. The message keeps its words and position, not the
/// value.
fn without_values(source: serde_json::Error) -> serde_json::Error {
    let text = source.to_string();
    if !text.contains('"') {
        return source;
    }
    let mut cleaned = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find('"') {
        cleaned.push_str(&rest[..at]);
        cleaned.push_str("\"…\"");
        rest = quoted(&rest[at..]).map_or("", |(_, after)| after);
    }
    cleaned.push_str(rest);
    <serde_json::Error as serde::de::Error>::custom(cleaned)
}

/// Characters that break a line or reorder text on display without being
/// control characters: line and paragraph separators, bidirectional marks,
/// overrides and isolates, and the byte order mark.
fn reorders_text(c: char) -> bool {
    matches!(
        c,
        '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

fn redact_in(text: &mut String, secret: &str) {
    if !secret.is_empty() && text.contains(secret) {
        *text = text.replace(secret, "<redacted>");
    }
}

/// The first few hundred characters of a body, with runs of whitespace
/// folded so an HTML page reads on one line.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = redact_secret_fields(&String::from_utf8_lossy(body));
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if chars == EXCERPT_CHARS {
                out.push('…');
                return out;
            }
            out.push(c);
            chars += 1;
        }
    }
    out
}

/// Fields whose values are secrets in some answer: OAuth tokens,
/// invitation tokens, one-time-password URLs and backup codes. An excerpt
/// of a body that failed to decode must not quote them.
const SECRET_FIELDS: [&str; 6] = [
    "access_token",
    "refresh_token",
    "token",
    "otp_url",
    "backup_codes",
    "secret",
];

/// Replaces the value of every secret field in a JSON text, whole or cut
/// short, with `"<redacted>"`. Works on the text, so it also covers a body
/// that is not valid JSON.
fn redact_secret_fields(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('"') {
        let (before, from_quote) = rest.split_at(at);
        out.push_str(before);
        let Some((key, after_key)) = quoted(from_quote) else {
            out.push_str(from_quote);
            return out;
        };
        out.push_str(&from_quote[..from_quote.len() - after_key.len()]);
        rest = after_key;
        // An escaped key (`"tok\u0065n"`) is the same key to a JSON reader.
        let unescaped = key
            .contains('\\')
            .then(|| serde_json::from_str::<String>(&format!("\"{key}\"")).ok())
            .flatten();
        let is_secret = SECRET_FIELDS.contains(&unescaped.as_deref().unwrap_or(key));
        let spaced = rest.trim_start();
        if !is_secret || !spaced.starts_with(':') {
            continue;
        }
        let value = spaced[1..].trim_start();
        out.push_str(&rest[..rest.len() - value.len()]);
        out.push_str("\"<redacted>\"");
        rest = match value.as_bytes().first() {
            Some(b'"') => quoted(value).map_or("", |(_, after)| after),
            // An array (backup codes): up to its end, or the end of the text.
            Some(b'[') => after_array(value),
            _ => value.find([',', '}', ']']).map_or("", |end| &value[end..]),
        };
    }
    out.push_str(rest);
    out
}

/// What follows the array at the start of `text`, skipping over strings so
/// that a `]` inside one does not end it; `""` when the text ends first.
fn after_array(text: &str) -> &str {
    let mut depth = 0usize;
    let mut rest = text;
    while let Some(at) = rest.find(['[', ']', '"']) {
        match rest.as_bytes()[at] {
            b'"' => match quoted(&rest[at..]) {
                Some((_, after)) => {
                    rest = after;
                    continue;
                }
                None => return "",
            },
            b'[' => depth += 1,
            _ => {
                depth -= 1;
                if depth == 0 {
                    return &rest[at + 1..];
                }
            }
        }
        rest = &rest[at + 1..];
    }
    ""
}

/// Splits a JSON string at the start of `text` (which begins with `"`):
/// its raw contents and what follows the closing quote. `None` when the
/// text ends inside the string.
fn quoted(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some((&text[1..i], &text[i + 1..])),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_messages_lead_the_display() {
        let body = br#"{"errors":[{"message":"Email address is required","code":400},{"message":"Password must be at least 8 characters","code":400}]}"#;
        let err = ApiError::from_response(400, body, None);
        assert_eq!(
            err.to_string(),
            "Email address is required; Password must be at least 8 characters (HTTP 400)"
        );
        assert_eq!(err.body, None);
    }

    #[test]
    fn an_empty_envelope_keeps_the_body_text() {
        let err = ApiError::from_response(500, br#"{"errors":[]}"#, None);
        assert!(err.messages.is_empty());
        assert_eq!(err.body.as_deref(), Some(r#"{"errors":[]}"#));
    }

    #[test]
    fn wachts_rate_limit_message_gives_the_wait() {
        let body =
            br#"{"errors":[{"message":"Rate limit exceeded. Retry after 2 seconds","code":429}]}"#;
        let err = ApiError::from_response(429, body, None);
        assert_eq!(err.retry_after, Some(std::time::Duration::from_secs(2)));
        assert_eq!(
            retry_after_message("Retry after 1 second"),
            Some(std::time::Duration::from_secs(1))
        );
        assert_eq!(retry_after_message("Retry after soon"), None);
        assert_eq!(retry_after_message("Retry after 5 minutes"), None);
        assert_eq!(retry_after_message("Rate limit exceeded"), None);
    }

    #[test]
    fn attempts_show_only_when_there_were_retries() {
        let mut err = ApiError::from_response(503, b"", None);
        assert_eq!(err.to_string(), "HTTP 503 with an empty body");
        err.attempts = 3;
        assert_eq!(
            err.to_string(),
            "HTTP 503 with an empty body (after 3 attempts)"
        );
        let mut limited =
            ApiError::from_response(429, br#"{"errors":[{"message":"Slow down"}]}"#, None);
        limited.attempts = 2;
        assert_eq!(
            limited.to_string(),
            "Slow down (HTTP 429, after 2 attempts)"
        );
    }

    #[test]
    fn excerpt_folds_whitespace_and_stops_at_the_limit() {
        assert_eq!(
            excerpt(b"<h1>\n  Bad   Gateway</h1>\n"),
            "<h1> Bad Gateway</h1>"
        );
        let long = "x".repeat(EXCERPT_CHARS + 10);
        let cut = excerpt(long.as_bytes());
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn excerpts_do_not_quote_secret_fields() {
        let body = r#"{"id":null,"otp_url":"otpauth://totp/x?secret=JBSW","token" : "inv_9f2c","backup_codes":["k3vq","x9rd"],"access_token":"gho_1","name":"ok"}"#;
        assert_eq!(
            excerpt(body.as_bytes()),
            r#"{"id":null,"otp_url":"<redacted>","token" : "<redacted>","backup_codes":"<redacted>","access_token":"<redacted>","name":"ok"}"#
        );
    }

    #[test]
    fn secret_fields_cut_short_are_still_redacted() {
        assert_eq!(excerpt(br#"{"token":"inv_9f"#), r#"{"token":"<redacted>""#);
        assert_eq!(
            excerpt(br#"{"backup_codes":["k3vq","#),
            r#"{"backup_codes":"<redacted>""#
        );
        assert_eq!(excerpt(br#"{"tok"#), r#"{"tok"#);
        assert_eq!(excerpt(br#"{"a"token":"x"}"#), r#"{"a"token":"x"}"#);
    }

    #[test]
    fn messages_are_written_on_one_line() {
        let body = "{\"errors\":[{\"message\":\"bad\\nINFO admin\\u001b[2J\"}]}";
        let err = ApiError::from_response(400, body.as_bytes(), None);
        assert_eq!(err.to_string(), "bad\\nINFO admin\\u{1b}[2J (HTTP 400)");
    }

    #[test]
    fn codes_sent_as_text_or_float_are_read() {
        let body = br#"{"errors":[{"message":"a","code":"429"},{"message":"b","code":400.0},{"message":"c","code":true}]}"#;
        let err = ApiError::from_response(429, body, None);
        let codes: Vec<_> = err.messages.iter().map(|m| m.code).collect();
        assert_eq!(codes, [Some(429), Some(400), None]);
    }

    #[test]
    fn escaped_keys_and_brackets_inside_codes_do_not_uncover_secrets() {
        let cut = br#"{"tok\u0065n":"inv_SECRET","backup_codes":["ab]cd","inv_SECRET2"],"x":"#;
        let shown = excerpt(cut);
        assert!(!shown.contains("inv_SECRET"), "{shown}");
        assert!(shown.ends_with(r#","x":"#), "{shown}");
        let whole = br#"{"tok\u0065n":"inv_SECRET","nested":[{"access_token":"gho_1"}]}"#;
        assert_eq!(
            excerpt(whole),
            r#"{"tok\u0065n":"<redacted>","nested":[{"access_token":"<redacted>"}]}"#
        );
    }

    #[test]
    fn decoder_messages_do_not_quote_values() {
        let source = serde_json::from_str::<bool>(r#""Bearer wk_live_1""#).unwrap_err();
        let cleaned = without_values(source);
        assert_eq!(
            cleaned.to_string(),
            "invalid type: string \"…\", expected a boolean at line 1 column 18"
        );
    }

    #[test]
    fn messages_cannot_reorder_or_split_a_line() {
        let body = r#"{"errors":[{"message":"a\u2028b\u202ec"}]}"#;
        let err = ApiError::from_response(400, body.as_bytes(), None);
        assert_eq!(err.to_string(), "a\\u{2028}b\\u{202e}c (HTTP 400)");
    }

    #[test]
    fn debug_of_an_error_answer_blanks_secret_fields() {
        let err = ApiError::from_response(409, br#"{"invitation":{"token":"inv_9f2c"}}"#, None);
        let shown = format!("{err:?}");
        assert!(!shown.contains("inv_9f2c"), "{shown}");
        assert_eq!(
            err.body.as_deref(),
            Some(r#"{"invitation":{"token":"inv_9f2c"}}"#)
        );
    }

    #[test]
    fn excerpt_survives_invalid_utf8() {
        assert_eq!(excerpt(&[0x66, 0xff, 0x6f]), "f\u{fffd}o");
    }
}
