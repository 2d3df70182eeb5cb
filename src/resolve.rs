//! Host name lookups for the connection pool.
//!
//! ureq looks the host up before every request, pooled connection or not,
//! and with a deadline set it does so on a freshly spawned thread. For a
//! client that makes many small calls to one host that is a thread and a
//! DNS query per call. This resolver answers an IP address and `localhost`
//! at once and keeps a looked-up name for a short while, so only the first
//! call (and one every [`FRESH_FOR`]) pays for the lookup.

use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a looked-up address is used before the name is looked up again.
/// Short enough that a DNS change (a failover) is followed within a minute.
const FRESH_FOR: Duration = Duration::from_secs(30);

#[derive(Debug, Default)]
pub(crate) struct CachingResolver {
    lookup: DefaultResolver,
    /// The last name looked up (`host:port`), when, and what it gave. A
    /// client talks to one host, so one entry is enough.
    last: Mutex<Option<(String, Instant, ResolvedSocketAddrs)>>,
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let authority = uri.authority().ok_or(ureq::Error::HostNotFound)?;
        let port = authority
            .port_u16()
            .or(match uri.scheme_str() {
                Some("https") => Some(443),
                Some("http") => Some(80),
                _ => None,
            })
            .ok_or(ureq::Error::HostNotFound)?;
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');

        if let Ok(ip) = host.parse::<IpAddr>() {
            let mut addrs = self.empty();
            addrs.push(SocketAddr::new(ip, port));
            return Ok(addrs);
        }

        // `localhost` is this machine by definition (RFC 6761): it is never
        // asked of a resolver, which could answer otherwise, since a
        // loopback base URL may use plain http and skips any proxy.
        if host.eq_ignore_ascii_case("localhost") {
            let mut addrs = self.empty();
            addrs.push(SocketAddr::new(IpAddr::from([127, 0, 0, 1]), port));
            addrs.push(SocketAddr::new(
                IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
                port,
            ));
            return Ok(addrs);
        }

        let key = format!("{host}:{port}");
        if let Some((name, at, addrs)) = &*self.last.lock().unwrap_or_else(|e| e.into_inner()) {
            if *name == key && at.elapsed() < FRESH_FOR {
                return Ok(addrs.clone());
            }
        }
        // ureq reports a failed lookup as a bare I/O error; it is a host
        // that was not found, and nothing was sent.
        let addrs = self
            .lookup
            .resolve(uri, config, timeout)
            .map_err(|e| match e {
                ureq::Error::Io(_) => ureq::Error::HostNotFound,
                other => other,
            })?;
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((key, Instant::now(), addrs.clone()));
        Ok(addrs)
    }
}
