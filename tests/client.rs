//! The client itself: base URLs, ids in paths, headers, secrecy of the key,
//! sharing across threads.

mod common;

use common::expected::*;
use common::{KEY, Stub, USER_AGENT};
use wacht_sync::{Client, Error};

#[test]
fn a_base_url_prefix_is_kept_with_or_without_a_trailing_slash() {
    for suffix in ["/wacht", "/wacht/", "/wacht//"] {
        let stub = Stub::fixture("user_details.json");
        let base = format!("{}{suffix}", stub.server.base_url());

        stub.client_with_base(&base)
            .users()
            .get(ADA_ID)
            .send()
            .unwrap();

        stub.only_request()
            .assert_route("GET", "/wacht/users/6823547219085373441/details", None);
    }
}

#[test]
fn a_base_url_without_prefix_but_with_a_slash_adds_no_double_slash() {
    let stub = Stub::fixture("users_page_empty.json");
    let base = format!("{}/", stub.server.base_url());

    stub.client_with_base(&base)
        .users()
        .list()
        .per_page(5)
        .send()
        .unwrap();

    stub.only_request()
        .assert_route("GET", "/users", Some("limit=5"));
}

#[test]
fn ids_are_sent_as_one_encoded_segment() {
    let cases = [
        ("a/b?c#d", "/users/a%2Fb%3Fc%23d/details"),
        ("..", "/users/%2E%2E/details"),
        ("100%", "/users/100%25/details"),
        ("é 1", "/users/%C3%A9%201/details"),
    ];
    for (id, path) in cases {
        let stub = Stub::fixture("user_details.json");

        stub.client().users().get(id).send().unwrap();

        stub.only_request().assert_route("GET", path, None);
    }
}

#[test]
fn both_ids_of_a_nested_route_are_encoded() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .delete_email("1/2", "../3")
        .send()
        .unwrap();

    stub.only_request()
        .assert_route("DELETE", "/users/1%2F2/emails/%2E%2E%2F3", None);
}

#[test]
fn empty_ids_are_refused_before_anything_is_sent() {
    let stub = Stub::fixture("void.json");
    let users = stub.client().users();

    let errors = [
        users.get("").send().map(drop).unwrap_err(),
        users.delete("").send().unwrap_err(),
        users
            .update("")
            .disabled(true)
            .send()
            .map(drop)
            .unwrap_err(),
        users.delete_email(ADA_ID, "").send().unwrap_err(),
        users
            .update_phone("", "1")
            .primary(true)
            .send()
            .map(drop)
            .unwrap_err(),
        users.sessions("").send().map(drop).unwrap_err(),
        stub.client().invitations().delete("").send().unwrap_err(),
        stub.client()
            .waitlist()
            .approve("")
            .send()
            .map(drop)
            .unwrap_err(),
    ];

    let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        messages,
        [
            "user_id",
            "user_id",
            "user_id",
            "email_id",
            "user_id",
            "user_id",
            "invitation_id",
            "waitlist_user_id",
        ]
        .map(|what| format!("invalid request, nothing was sent: {what} must not be empty"))
    );
    assert!(errors.iter().all(|e| matches!(e, Error::InvalidRequest(_))));
    assert!(stub.requests().is_empty());
}

#[test]
fn a_custom_user_agent_comes_before_the_crates_own() {
    let stub = Stub::fixture("users_page_empty.json");
    let client = Client::builder()
        .api_key(KEY)
        .base_url(stub.server.base_url())
        .user_agent("nightly-export/2.1")
        .build()
        .unwrap();

    client.users().list().send().unwrap();

    let req = stub.only_request();
    assert_eq!(
        req.header("user-agent"),
        format!("nightly-export/2.1 {USER_AGENT}")
    );
    assert_eq!(req.header("authorization"), format!("Bearer {KEY}"));
}

#[test]
fn spaces_and_tabs_around_the_key_are_not_sent() {
    let stub = Stub::fixture("users_page_empty.json");
    let client = Client::builder()
        .api_key(format!("  {KEY}\t"))
        .base_url(stub.server.base_url())
        .build()
        .unwrap();

    client.users().list().send().unwrap();

    assert_eq!(
        stub.only_request().header("authorization"),
        format!("Bearer {KEY}")
    );
}

#[test]
fn the_key_appears_in_no_debug_output() {
    let stub = Stub::json(404, &common::fixture("error_404.json"));
    let client = stub.client();
    let builder = Client::builder()
        .api_key(KEY)
        .base_url(stub.server.base_url());
    let api_error = client.users().get(ADA_ID).send().unwrap_err();
    let invalid = client.users().get("").send().unwrap_err();
    let config = Client::builder()
        .api_key(format!("{KEY}\r\n"))
        .build()
        .unwrap_err();
    let users = client.users();
    let call = client.users().get(ADA_ID);
    let list = client.users().list();

    for printed in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{builder:?}"),
        format!("{api_error:?} {api_error}"),
        format!("{invalid:?} {invalid}"),
        format!("{config:?} {config}"),
        format!("{users:?} {call:?} {list:?}"),
    ] {
        assert!(!printed.contains(KEY), "{printed}");
        assert!(!printed.contains("5ecr3t"), "{printed}");
    }
    assert!(format!("{client:?}").contains("<redacted>"));
    assert!(format!("{builder:?}").contains("<redacted>"));
}

#[test]
fn builder_refuses_bad_settings_with_clear_errors() {
    let cases = [
        (
            Client::builder().build(),
            "invalid client configuration: no API key was given",
        ),
        (
            Client::builder().api_key("").build(),
            "invalid client configuration: the API key is empty",
        ),
        (
            Client::builder().api_key("wk\r\nx").build(),
            "invalid client configuration: the API key contains a line break (CR or LF); trim it before passing it in",
        ),
        (
            Client::builder().api_key("wk\u{1}x").build(),
            "invalid client configuration: the API key holds characters that cannot be sent in a header",
        ),
        (
            Client::builder()
                .api_key("wk")
                .base_url("api.wacht.dev")
                .build(),
            "invalid client configuration: base URL \"api.wacht.dev\" must be absolute, starting with https://",
        ),
        (
            Client::builder()
                .api_key("wk")
                .base_url("ht tp://x")
                .build(),
            "invalid client configuration: base URL \"ht tp://x\" is not a valid URL",
        ),
    ];
    for (result, message) in cases {
        assert_eq!(result.unwrap_err().to_string(), message);
    }
}

#[test]
fn clones_and_threads_share_one_client() {
    fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync_clone::<Client>();

    let stub = Stub::fixture("user_details.json");
    let client = stub.client();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || client.users().get(ADA_ID).send().unwrap())
        })
        .collect();

    for handle in handles {
        assert_eq!(handle.join().unwrap(), ada_details());
    }
    assert_eq!(stub.requests().len(), 4);
}
