//! A proxy set in the environment is not used for a loopback base URL. The
//! environment is process-wide, so this file holds a single test.

mod common;

use common::expected::ADA_ID;
use common::raw::{RawServer, json};
use common::{KEY, fixture};

#[test]
fn a_proxy_from_the_environment_never_sees_loopback_requests_or_the_key() {
    let proxy = RawServer::start(|_, _| json(502, ""));
    let server = RawServer::start(|_, _| json(200, &fixture("user_details.json")));
    // SAFETY: this test binary runs one test, so no other thread reads the
    // environment while it changes.
    unsafe {
        for name in [
            "HTTPS_PROXY",
            "HTTP_PROXY",
            "ALL_PROXY",
            "https_proxy",
            "http_proxy",
            "all_proxy",
        ] {
            std::env::set_var(name, proxy.base_url());
        }
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }

    let details = server.client().users().get(ADA_ID).send().unwrap();

    assert_eq!(details.id, ADA_ID);
    assert_eq!(server.request_count(), 1);
    assert_eq!(
        server.heads()[0].header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(proxy.connection_count(), 0);
}
