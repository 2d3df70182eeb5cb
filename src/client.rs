//! The client, its configuration, and the handlers it hands out.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ureq::http::{HeaderValue, Uri};

use crate::error::Error;
use crate::resolve::CachingResolver;
use crate::resources::{Invitations, Users, Waitlist};

/// Where the hosted Wacht API lives.
pub const DEFAULT_BASE_URL: &str = "https://api.wacht.dev";

/// How long one call may take in all, unless the builder says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long opening a connection may take, unless the builder says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest answer body read, unless the builder says otherwise. Wacht's
/// largest answers (a page of 1,000 users is about 350 KB) are far below
/// this.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 8 * 1024 * 1024;

/// How many times a failed call is retried, unless the builder says
/// otherwise. See [`ClientBuilder::max_retries`] for what is retried.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The longest time limit honoured; longer ones (`Duration::MAX` for "no
/// limit") are cut to this, which no call will reach.
const LONGEST_TIMEOUT: Duration = Duration::from_secs(10 * 365 * 24 * 3600);

/// The environment variable [`Client::from_env`] reads the API key from.
pub const ENV_API_KEY: &str = "WACHT_API_KEY";

/// The environment variable [`Client::from_env`] reads a base URL from.
pub const ENV_API_URL: &str = "WACHT_API_URL";

const CRATE_USER_AGENT: &str = concat!("wacht-sync/", env!("CARGO_PKG_VERSION"));

/// A blocking client for the Wacht Platform API.
///
/// Cheap to clone: clones share one connection pool and one configuration,
/// and the client is `Send + Sync`, so one client can serve every thread of a
/// program.
///
/// ```no_run
/// let client = wacht_sync::Client::new("wk_live_...")?;
/// let page = client.users().list().search("ada").send()?;
/// for user in &page.data {
///     println!("{} {} <{:?}>", user.first_name, user.last_name, user.primary_email_address);
/// }
/// # Ok::<(), wacht_sync::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
    pub(crate) settings: CallSettings,
}

/// What may differ between clones of one client: the limits of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CallSettings {
    /// The deadline of a whole call, retries and their waits included.
    pub(crate) timeout: Duration,
    pub(crate) max_retries: u32,
}

pub(crate) struct Inner {
    pub(crate) agent: ureq::Agent,
    /// The base URL without a trailing `/`; paths start with one.
    pub(crate) base_url: String,
    /// `Bearer <key>`, marked sensitive so the HTTP stack never prints it.
    pub(crate) authorization: HeaderValue,
    /// The key alone, to blank it out of anything a server echoes back.
    pub(crate) api_key: Arc<str>,
    pub(crate) max_response_bytes: u64,
    /// The deadline the agent applies by itself, so the first attempt of a
    /// call with the default deadline needs no per-request configuration.
    pub(crate) agent_timeout: Duration,
}

impl Client {
    /// A client for the hosted API at [`DEFAULT_BASE_URL`] with default
    /// settings.
    ///
    /// Fails when the key is empty or cannot be sent in a header.
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Client::builder().api_key(api_key).build()
    }

    /// A builder for a client with other settings.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: the API key from
    /// `WACHT_API_KEY` (required) and the base URL from `WACHT_API_URL`
    /// (optional; the hosted API when unset or empty).
    ///
    /// The error names the variable that is missing or wrong.
    pub fn from_env() -> Result<Self, Error> {
        Client::from_lookup(|name| std::env::var(name).ok())
    }

    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let key = lookup(ENV_API_KEY)
            .filter(|k| !k.is_empty())
            .ok_or_else(|| Error::Config(format!("{ENV_API_KEY} is not set")))?;
        let named = |variable: &str, e: Error| match e {
            Error::Config(message) => Error::Config(format!("{variable}: {message}")),
            other => other,
        };
        authorization_header(Some(&key)).map_err(|e| named(ENV_API_KEY, e))?;

        let mut builder = Client::builder().api_key(key);
        if let Some(url) = lookup(ENV_API_URL).filter(|u| !u.is_empty()) {
            normalize_base_url(&url, false).map_err(|e| named(ENV_API_URL, e))?;
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// Users and everything that hangs off them: emails, phones, social
    /// connections, sessions, passkeys, authenticators, backup codes and
    /// memberships.
    pub fn users(&self) -> Users {
        Users::new(self.clone())
    }

    /// Invitations to sign up.
    pub fn invitations(&self) -> Invitations {
        Invitations::new(self.clone())
    }

    /// People waiting for access.
    pub fn waitlist(&self) -> Waitlist {
        Waitlist::new(self.clone())
    }

    /// The base URL requests go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A clone whose calls have another deadline (retries and their waits
    /// included). It shares the connection pool; this client is unchanged.
    ///
    /// ```no_run
    /// # let client = wacht_sync::Client::new("wk_test")?;
    /// use std::time::Duration;
    ///
    /// let quick = client.with_timeout(Duration::from_secs(3));
    /// let user = quick.users().get("6823547219085373441").send()?;
    /// # Ok::<(), wacht_sync::Error>(())
    /// ```
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        let mut client = self.clone();
        client.settings.timeout = timeout.min(LONGEST_TIMEOUT);
        client
    }

    /// A clone that retries at most `max_retries` times (0: never). It
    /// shares the connection pool; this client is unchanged.
    pub fn with_max_retries(&self, max_retries: u32) -> Client {
        let mut client = self.clone();
        client.settings.max_retries = max_retries;
        client
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_key", &"<redacted>")
            .field("timeout", &self.settings.timeout)
            .field("max_retries", &self.settings.max_retries)
            .finish_non_exhaustive()
    }
}

/// Settings for a [`Client`]. Start with [`Client::builder`].
///
/// ```
/// use std::time::Duration;
///
/// let client = wacht_sync::Client::builder()
///     .api_key("wk_test_123")
///     .base_url("https://wacht-proxy.example.com/api/")
///     .timeout(Duration::from_secs(10))
///     .user_agent("nightly-export/2.1")
///     .build()?;
/// assert_eq!(client.base_url(), "https://wacht-proxy.example.com/api");
/// # Ok::<(), wacht_sync::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: Option<String>,
    max_response_bytes: u64,
    max_retries: u32,
    allow_insecure_http: bool,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_retries: DEFAULT_MAX_RETRIES,
            allow_insecure_http: false,
        }
    }
}

impl ClientBuilder {
    /// The API key, sent as `Authorization: Bearer <key>`. Required.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Where to send requests. Defaults to [`DEFAULT_BASE_URL`].
    ///
    /// A path prefix is kept (`https://proxy.example/wacht` sends
    /// `GET /wacht/users`), and a trailing `/` makes no difference. A plain
    /// `http://` URL is accepted only for a loopback host (`localhost`,
    /// `127.0.0.0/8`, `[::1]`), unless
    /// [`ClientBuilder::allow_insecure_http`] says otherwise: anywhere else
    /// the API key would cross the network in clear text.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// How long one call may take from start to finish: every attempt,
    /// every wait between attempts and reading the answer. Defaults to
    /// [`DEFAULT_TIMEOUT`] (30 s). [`Client::with_timeout`] changes it for
    /// some calls only.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout.min(LONGEST_TIMEOUT);
        self
    }

    /// How long looking up the host may take, and then opening the
    /// connection (TCP, TLS), each. Defaults to [`DEFAULT_CONNECT_TIMEOUT`]
    /// (10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout.min(LONGEST_TIMEOUT);
        self
    }

    /// Names your program in the `User-Agent` header, before this crate's
    /// own name and version: `nightly-export/2.1 wacht-sync/0.1.0`. Without
    /// it the header is `wacht-sync/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The largest answer body the client reads; a larger one is an error
    /// instead of a memory spike. Defaults to
    /// [`DEFAULT_MAX_RESPONSE_BYTES`] (8 MiB).
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// How many times a failed call is retried; 0 turns retries off.
    /// Defaults to [`DEFAULT_MAX_RETRIES`] (2, so at most 3 attempts).
    ///
    /// Only what cannot do the same work twice is retried:
    /// - a connection that provably never reached the server (refused,
    ///   host not found, TLS handshake failed, connect timed out), for every
    ///   operation;
    /// - `429 Too Many Requests`, for every operation: Wacht refuses before
    ///   the operation runs;
    /// - `502`, `503`, `504`, a dropped connection or a timed-out read, only
    ///   for operations that are safe to repeat: reads (`GET`), deletions
    ///   (`DELETE`) and updates that set values (`PATCH`). A `POST` (create a
    ///   user, invite, add an email or phone, approve, revoke, regenerate
    ///   codes) may have done its work before the failure and is never
    ///   repeated.
    ///
    /// Waits grow exponentially from 250 ms with random jitter, up to 8 s. A
    /// `Retry-After` header (seconds or an HTTP date) decides the wait when
    /// present, and so does Wacht's own `Retry after N seconds` message. No
    /// wait reaches past the call's deadline: a retry that would is not
    /// made. [`Client::with_max_retries`] changes it for some calls only.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Accepts a plain `http://` base URL on a host other than loopback.
    /// Off by default, because the API key would travel unencrypted; turn it
    /// on only for a trusted network, such as a sidecar proxy. There is no
    /// switch to turn off TLS certificate checks for `https://`.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// Fails with [`Error::Config`] when the key is missing or empty, holds
    /// a line break or another character a header cannot carry, or the base
    /// URL is not an absolute `https` URL (or `http` on loopback, see
    /// [`ClientBuilder::base_url`]).
    pub fn build(self) -> Result<Client, Error> {
        let (authorization, api_key) = authorization_header(self.api_key.as_deref())?;
        let base_url = normalize_base_url(&self.base_url, self.allow_insecure_http)?;
        let loopback = base_url
            .parse::<Uri>()
            .ok()
            .and_then(|uri| uri.host().map(is_loopback))
            .unwrap_or(false);
        let user_agent = match &self.user_agent {
            Some(prefix) if !prefix.trim().is_empty() => {
                format!("{} {CRATE_USER_AGENT}", prefix.trim())
            }
            _ => CRATE_USER_AGENT.to_owned(),
        };
        if user_agent.len() > 256
            || !user_agent
                .bytes()
                .all(|b| b == b' ' || b.is_ascii_graphic())
        {
            return Err(Error::Config(
                "the user agent must be at most 256 characters of visible ASCII and spaces".into(),
            ));
        }

        let mut config = ureq::Agent::config_builder()
            // Status codes are ours to read: an error answer has a body
            // worth keeping.
            .http_status_as_error(false)
            // A redirect would be followed without the key (ureq drops it),
            // which only turns a clear answer into a confusing 401. Report
            // the redirect instead.
            .max_redirects(0)
            .timeout_global(Some(self.timeout))
            // The connect timeout covers the name lookup too: ureq times
            // the two apart, and a hanging resolver is the likelier stall.
            .timeout_resolve(Some(self.connect_timeout))
            .timeout_connect(Some(self.connect_timeout))
            .user_agent(user_agent)
            .accept("application/json");
        if loopback {
            // A proxy from the environment (HTTPS_PROXY, ALL_PROXY, ...) is
            // for reaching other machines; sending a loopback request there
            // would hand the key to the proxy, in clear text over http.
            config = config.proxy(None);
        }
        let config = config.build();

        Ok(Client {
            inner: Arc::new(Inner {
                agent: ureq::Agent::with_parts(
                    config,
                    ureq::unversioned::transport::DefaultConnector::new(),
                    CachingResolver::default(),
                ),
                base_url,
                authorization,
                api_key,
                max_response_bytes: self.max_response_bytes,
                agent_timeout: self.timeout,
            }),
            settings: CallSettings {
                timeout: self.timeout,
                max_retries: self.max_retries,
            },
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.api_key.as_ref().map(|_| "<redacted>");
        f.debug_struct("ClientBuilder")
            .field("api_key", &key)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_retries", &self.max_retries)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

/// Checks the key; the `Authorization` value and the key as sent.
fn authorization_header(api_key: Option<&str>) -> Result<(HeaderValue, Arc<str>), Error> {
    let key = api_key.ok_or_else(|| Error::Config("no API key was given".into()))?;
    if key.trim().is_empty() {
        return Err(Error::Config("the API key is empty".into()));
    }
    // A line break could end the header and start another one; it is refused
    // rather than cleaned up, even at the end (a key read from a file), so a
    // mangled key is noticed. Spaces and tabs around a pasted key are never
    // part of it. The key itself is never quoted in a message.
    if key.contains(['\r', '\n']) {
        return Err(Error::Config(
            "the API key contains a line break (CR or LF); trim it before passing it in".into(),
        ));
    }
    let key = key.trim_matches([' ', '\t']);
    // Wacht keys are visible ASCII; anything else (an accented letter, a
    // space inside) was never a key and could not be sent as one.
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::Config(
            "the API key holds characters that cannot be sent in a header".into(),
        ));
    }
    let mut value = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| {
        Error::Config("the API key holds characters that cannot be sent in a header".into())
    })?;
    value.set_sensitive(true);
    Ok((value, Arc::from(key)))
}

fn normalize_base_url(raw: &str, allow_insecure_http: bool) -> Result<String, Error> {
    let trimmed = raw.trim();
    // A URL with credentials in it is not repeated in a message.
    let shown = if trimmed.contains('@') {
        String::from("(not shown: it holds credentials)")
    } else {
        format!("{trimmed:?}")
    };
    let bad = |why: &str| Error::Config(format!("base URL {shown} {why}"));

    let uri: Uri = trimmed.parse().map_err(|_| bad("is not a valid URL"))?;
    match uri.scheme_str() {
        Some("https") | Some("http") => {}
        Some(_) => return Err(bad("must start with https:// or http://")),
        None => return Err(bad("must be absolute, starting with https://")),
    }
    let authority = uri.authority().ok_or_else(|| bad("has no host"))?;
    if authority.host().is_empty() {
        return Err(bad("has no host"));
    }
    if authority.as_str().contains('@') {
        return Err(bad("must not carry credentials; use the API key"));
    }
    // A port that is not a number from 1 to 65535 would quietly become the
    // scheme's default port, sending the key somewhere else than meant.
    let port_ok = match authority.as_str().strip_prefix(authority.host()) {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix(':')
            .is_some_and(|port| port.parse::<u16>().is_ok_and(|p| p > 0)),
        None => false,
    };
    if !port_ok {
        return Err(bad("has a port that is not a number from 1 to 65535"));
    }
    if uri.query().is_some() || trimmed.contains('#') {
        return Err(bad("must not have a query or fragment"));
    }
    if uri.scheme_str() == Some("http") && !allow_insecure_http && !is_loopback(authority.host()) {
        return Err(bad(
            "uses plain http to a host that is not loopback, which would send the API key \
             unencrypted; use https:// or allow_insecure_http(true)",
        ));
    }

    Ok(trimmed.trim_end_matches('/').to_owned())
}

/// Whether a URL host names this machine: `localhost`, `127.0.0.0/8` or
/// `[::1]`.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || match host.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V6(v6)) => {
                v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
            }
            Ok(ip) => ip.is_loopback(),
            Err(_) => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_lose_trailing_slashes_and_keep_prefixes() {
        for (given, kept) in [
            ("https://api.wacht.dev", "https://api.wacht.dev"),
            ("https://api.wacht.dev/", "https://api.wacht.dev"),
            (
                "http://127.0.0.1:8080/wacht/",
                "http://127.0.0.1:8080/wacht",
            ),
            ("https://proxy.example/a/b//", "https://proxy.example/a/b"),
        ] {
            assert_eq!(normalize_base_url(given, false).unwrap(), kept, "{given}");
        }
    }

    #[test]
    fn base_urls_that_cannot_work_are_refused() {
        for bad in [
            "",
            "api.wacht.dev",
            "ftp://api.wacht.dev",
            "https://",
            "https://api.wacht.dev/?x=1",
            "https://api.wacht.dev/#top",
            "https://user:pw@api.wacht.dev",
            "https://api wacht.dev",
        ] {
            let err = normalize_base_url(bad, false).unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{bad}: {err:?}");
        }
    }

    #[test]
    fn plain_http_is_for_loopback_unless_allowed() {
        for local in [
            "http://localhost:8080",
            "http://127.0.0.1",
            "http://127.1.2.3:9/x",
            "http://[::1]:80",
            "http://[::ffff:127.0.0.1]:8080",
        ] {
            assert!(normalize_base_url(local, false).is_ok(), "{local}");
        }
        for remote in ["http://api.wacht.dev", "http://10.0.0.5", "http://[::2]"] {
            let err = normalize_base_url(remote, false).unwrap_err().to_string();
            assert!(
                err.contains("unencrypted") && err.contains("allow_insecure_http"),
                "{err}"
            );
            assert!(normalize_base_url(remote, true).is_ok(), "{remote}");
        }
    }

    #[test]
    fn keys_that_cannot_be_a_header_are_refused_without_quoting_them() {
        for (key, why) in [
            ("wk_1\r\nX-Evil: 1", "line break"),
            ("wk_\n2", "line break"),
            ("wk_3\r", "line break"),
            ("wk_\u{7f}4", "cannot be sent in a header"),
            ("wk_\u{0}5", "cannot be sent in a header"),
        ] {
            let err = Client::new(key).unwrap_err();
            let text = format!("{err} {err:?}");
            assert!(text.contains(why), "{text}");
            assert!(!text.contains("wk_"), "{text}");
        }
        assert!(matches!(Client::new("  "), Err(Error::Config(m)) if m.contains("empty")));
        assert!(
            matches!(Client::builder().build(), Err(Error::Config(m)) if m.contains("no API key"))
        );
    }

    #[test]
    fn from_lookup_names_the_missing_variable() {
        let err = Client::from_lookup(|_| None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid client configuration: WACHT_API_KEY is not set"
        );
    }

    #[test]
    fn from_lookup_uses_the_url_when_given_and_the_default_when_empty() {
        let with_url = Client::from_lookup(|name| match name {
            ENV_API_KEY => Some("wk_1".into()),
            ENV_API_URL => Some("http://127.0.0.1:9/prefix/".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(with_url.base_url(), "http://127.0.0.1:9/prefix");

        let empty_url = Client::from_lookup(|name| match name {
            ENV_API_KEY => Some("wk_1".into()),
            _ => Some(String::new()),
        })
        .unwrap();
        assert_eq!(empty_url.base_url(), DEFAULT_BASE_URL);
    }

    #[test]
    fn from_lookup_says_which_variable_is_wrong() {
        let err = Client::from_lookup(|name| match name {
            ENV_API_KEY => Some("wk_1".into()),
            _ => Some("not a url".into()),
        })
        .unwrap_err();
        let text = err.to_string();
        assert_eq!(
            text,
            "invalid client configuration: WACHT_API_URL: base URL \"not a url\" is not a valid URL"
        );
    }
}
