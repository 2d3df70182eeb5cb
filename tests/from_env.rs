//! `Client::from_env`. The environment is process-wide, so this file holds a
//! single test and runs as its own process.

mod common;

use common::{KEY, Stub};
use wacht_sync::{Client, DEFAULT_BASE_URL};

#[test]
fn from_env_reads_the_key_and_optional_url_and_names_what_is_missing() {
    let stub = Stub::fixture("users_page_empty.json");
    // SAFETY: this test binary runs one test, so no other thread reads the
    // environment while it changes.
    unsafe {
        std::env::remove_var("WACHT_API_KEY");
        std::env::remove_var("WACHT_API_URL");
    }
    assert_eq!(
        Client::from_env().unwrap_err().to_string(),
        "invalid client configuration: WACHT_API_KEY is not set"
    );

    unsafe { std::env::set_var("WACHT_API_KEY", KEY) };
    assert_eq!(Client::from_env().unwrap().base_url(), DEFAULT_BASE_URL);

    unsafe { std::env::set_var("WACHT_API_URL", format!("{}/", stub.server.base_url())) };
    let client = Client::from_env().unwrap();
    client.users().list().send().unwrap();
    let req = stub.only_request();
    req.assert_route("GET", "/users", None);
    req.assert_common_headers();

    unsafe { std::env::set_var("WACHT_API_URL", "ftp://example.invalid") };
    assert_eq!(
        Client::from_env().unwrap_err().to_string(),
        "invalid client configuration: WACHT_API_URL: base URL \"ftp://example.invalid\" must start with https:// or http://"
    );
}
