//! What the caller gets when the server, the network or the body goes wrong.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::expected::*;
use common::{KEY, Stub, fixture};
use wacht_sync::models::{SocialProvider, VerificationStrategy};
use wacht_sync::{Client, Error};

fn api_error(err: &Error) -> &wacht_sync::ApiError {
    err.api_error()
        .unwrap_or_else(|| panic!("expected an API error, got {err:?}"))
}

#[test]
fn not_found_carries_the_envelope_message() {
    let stub = Stub::json(404, &fixture("error_404.json"));

    let err = stub.client().users().get(ADA_ID).send().unwrap_err();

    assert!(err.is_not_found());
    assert_eq!(err.status(), Some(404));
    let api = api_error(&err);
    assert_eq!(api.message(), Some("User not found"));
    assert_eq!(api.messages.len(), 1);
    assert_eq!(api.messages[0].code, Some(404));
    assert_eq!(api.body, None);
    assert_eq!(err.to_string(), "User not found (HTTP 404)");
}

#[test]
fn unprocessable_payload_is_a_rejection() {
    let stub = Stub::json(422, &fixture("error_422.json"));

    let err = stub
        .client()
        .users()
        .add_email(ADA_ID, "ada@x.example")
        .send()
        .unwrap_err();

    assert!(err.is_rejected());
    assert!(!err.is_not_found());
    assert_eq!(err.to_string(), "Invalid request payload (HTTP 422)");
}

#[test]
fn status_helpers_tell_the_common_cases_apart() {
    type Helper = fn(&Error) -> bool;
    let cases: [(u16, &str, Helper); 5] = [
        (401, "error_401.json", Error::is_unauthorized),
        (403, "error_403.json", Error::is_forbidden),
        (409, "error_409.json", Error::is_conflict),
        (429, "error_429.json", Error::is_rate_limited),
        (500, "error_500.json", Error::is_server_error),
    ];
    for (status, file, helper) in cases {
        let stub = Stub::json(status, &fixture(file));

        let client = stub.client().with_max_retries(0);
        let err = client
            .users()
            .delete_authenticator(ADA_ID)
            .send()
            .unwrap_err();

        assert_eq!(err.status(), Some(status));
        assert!(helper(&err), "{status}: {err:?}");
        assert!(!err.is_not_found() && !err.is_timeout() && !err.is_transport());
        assert_eq!(err.attempts(), 1);
    }
}

#[test]
fn every_message_of_the_envelope_is_kept() {
    let body = r#"{"errors":[{"message":"Email address is required","code":400},{"message":"Password must be at least 8 characters"}]}"#;
    let stub = Stub::json(400, body);

    let err = stub
        .client()
        .users()
        .create("Ada", "Lovelace")
        .send()
        .unwrap_err();

    let api = api_error(&err);
    assert_eq!(api.messages.len(), 2);
    assert_eq!(api.messages[0].message, "Email address is required");
    assert_eq!(api.messages[0].code, Some(400));
    assert_eq!(
        api.messages[1].message,
        "Password must be at least 8 characters"
    );
    assert_eq!(api.messages[1].code, None);
    assert_eq!(
        err.to_string(),
        "Email address is required; Password must be at least 8 characters (HTTP 400)"
    );
}

#[test]
fn an_html_bad_gateway_keeps_the_page_text() {
    let page = fixture("error_502.html");
    let stub = Stub::with(502, &page, "text/html");

    let err = stub
        .client()
        .with_max_retries(0)
        .users()
        .list()
        .send()
        .unwrap_err();

    assert!(err.is_server_error());
    let api = api_error(&err);
    assert_eq!(api.status, 502);
    assert!(api.messages.is_empty());
    assert_eq!(api.body.as_deref(), Some(page.as_str()));
    assert_eq!(
        err.to_string(),
        "HTTP 502: \"<html><head><title>502 Bad Gateway</title></head> <body><center><h1>502 Bad Gateway</h1></center></body></html>\""
    );
}

#[test]
fn an_error_status_with_an_empty_body_says_so() {
    let stub = Stub::with(503, "", "text/plain");

    let err = stub
        .client()
        .with_max_retries(0)
        .waitlist()
        .list()
        .send()
        .unwrap_err();

    assert_eq!(err.to_string(), "HTTP 503 with an empty body");
    assert_eq!(api_error(&err).body.as_deref(), Some(""));
}

#[test]
fn an_unreadable_success_body_is_a_decode_error_with_status_and_excerpt() {
    let stub = Stub::with(200, "<html>maintenance</html>", "text/html");

    let err = stub.client().users().get(ADA_ID).send().unwrap_err();

    match &err {
        Error::Decode {
            operation,
            status,
            excerpt,
            ..
        } => {
            assert_eq!(operation, "GET /users/6823547219085373441/details");
            assert_eq!(*status, 200);
            assert_eq!(excerpt, "<html>maintenance</html>");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
    assert!(
        err.to_string().starts_with(
            "could not decode the answer to GET /users/6823547219085373441/details (HTTP 200): expected value"
        ),
        "{err}"
    );
}

#[test]
fn an_empty_success_body_for_an_object_is_a_decode_error() {
    let stub = Stub::with(200, "", "application/json");

    let err = stub
        .client()
        .invitations()
        .create("Grace", "Hopper", "g@x.example")
        .send()
        .unwrap_err();

    assert!(
        matches!(err, Error::Decode { status: 200, ref excerpt, .. } if excerpt.is_empty()),
        "{err:?}"
    );
}

#[test]
fn a_success_body_missing_a_required_field_names_it() {
    let stub = Stub::json(200, r#"{"id":"1","created_at":"x"}"#);

    let err = stub
        .client()
        .invitations()
        .create("Grace", "Hopper", "g@x.example")
        .send()
        .unwrap_err();

    assert!(
        err.to_string().contains("missing field `updated_at`"),
        "{err}"
    );
}

#[test]
fn void_operations_accept_no_content_empty_and_null_bodies() {
    for (status, body) in [(204, ""), (200, ""), (200, "null"), (200, "{}")] {
        let stub = Stub::with(status, body, "application/json");

        let result = stub
            .client()
            .users()
            .delete_email(ADA_ID, "6823547219085373445")
            .send();

        assert!(result.is_ok(), "{status} {body:?}: {result:?}");
        stub.only_request().assert_route(
            "DELETE",
            "/users/6823547219085373441/emails/6823547219085373445",
            None,
        );
    }
}

#[test]
fn unknown_fields_and_enum_values_decode() {
    let mut details: serde_json::Value =
        serde_json::from_str(&fixture("user_details.json")).unwrap();
    details["favourite_colour"] = "teal".into();
    details["schema_version"] = "v3".into();
    details["second_factor_policy"] = "passkey_only".into();
    details["email_addresses"][0]["verification_strategy"] = "oauth_mastodon".into();
    details["email_addresses"][0]["labels"] = serde_json::json!(["home"]);
    details["social_connections"][0]["provider"] = "mastodon_oauth".into();
    let stub = Stub::json(200, &details.to_string());

    let got = stub.client().users().get(ADA_ID).send().unwrap();

    assert_eq!(got.schema_version.as_str(), "v3");
    assert_eq!(got.second_factor_policy.as_str(), "passkey_only");
    assert_eq!(
        got.email_addresses[0].verification_strategy,
        VerificationStrategy::Other("oauth_mastodon".into())
    );
    assert_eq!(
        got.social_connections[0].provider,
        SocialProvider::Other("mastodon_oauth".into())
    );
    assert_eq!(got.email_addresses[1], ada_details().email_addresses[1]);
}

#[test]
fn numeric_ids_above_2_pow_53_keep_every_digit() {
    let body = r#"{"id":6823547219085373441,"created_at":"2025-11-03T14:22:05.482913Z",
        "updated_at":"2025-11-04T08:01:44.100276Z","first_name":"Ada","last_name":"Lovelace",
        "username":"ada","profile_picture_url":"https://img.wacht.dev/u/6823547219085373441.png",
        "primary_email_address":"ada@example.com","primary_phone_number":"+14155550142"}"#;
    let stub = Stub::json(200, body);

    let user = stub
        .client()
        .users()
        .create("Ada", "Lovelace")
        .send()
        .unwrap();

    assert_eq!(user, ada());
}

#[test]
fn a_refused_connection_is_a_transport_error() {
    // Bind, learn the port, close: nothing listens there any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();

    let err = client.users().list().send().unwrap_err();

    assert!(err.is_transport(), "{err:?}");
    assert_eq!(err.status(), None);
    assert!(
        err.to_string()
            .starts_with("could not talk to the Wacht API: connection refused"),
        "{err}"
    );
}

#[test]
fn a_server_that_never_answers_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let holder = std::thread::spawn(move || {
        // Read the request, then say nothing until the client gives up.
        let (mut socket, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        let _ = socket.read(&mut buf);
        let _ = socket.read(&mut buf);
    });
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://{addr}"))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();

    let err = client.users().get(ADA_ID).send().unwrap_err();

    assert!(err.is_timeout(), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("the Wacht API did not answer in time"),
        "{err}"
    );
    // Only a guard against a hang, not a measurement.
    assert!(started.elapsed() < Duration::from_secs(20));
    drop(client);
    holder.join().unwrap();
}

#[test]
fn a_redirect_is_reported_not_followed() {
    let elsewhere = Stub::fixture("user_details.json");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let target = format!("{}/users/{ADA_ID}/details", elsewhere.server.base_url());
    let redirector = std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        let _ = socket.read(&mut buf);
        let answer = format!(
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: {target}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        socket.write_all(answer.as_bytes()).unwrap();
    });
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();

    let err = client.users().get(ADA_ID).send().unwrap_err();

    redirector.join().unwrap();
    let api = api_error(&err);
    assert_eq!(api.status, 307);
    let expected_location = format!("{}/users/{ADA_ID}/details", elsewhere.server.base_url());
    assert_eq!(api.location.as_deref(), Some(expected_location.as_str()));
    assert!(err.to_string().contains("not followed"), "{err}");
    assert!(
        elsewhere.requests().is_empty(),
        "the redirect target was contacted"
    );
}
