//! Users themselves: list, create, get, update, delete, password.

mod common;

use common::expected::*;
use common::{Part, Stub};
use serde_json::json;
use wacht_sync::models::SecondFactorPolicy;
use wacht_sync::{Error, SortOrder, UserSortKey};

#[test]
fn list_sends_paging_search_and_the_legacy_active_flag() {
    let stub = Stub::fixture("users_page.json");

    let page = stub
        .client()
        .users()
        .list()
        .page(2)
        .per_page(25)
        .search("ada")
        .is_active(true)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "GET",
        "/users",
        Some("offset=25&limit=25&search=ada&is_active=true"),
    );
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(page, users_page());
}

#[test]
fn list_without_options_sends_no_query() {
    let stub = Stub::fixture("users_page_last.json");

    let page = stub.client().users().list().send().unwrap();

    stub.only_request().assert_route("GET", "/users", None);
    assert_eq!(page, users_page_last());
}

#[test]
fn list_sends_sort_values_in_the_servers_lowercase() {
    let stub = Stub::fixture("users_page_empty.json");

    let page = stub
        .client()
        .users()
        .list()
        .sort_key(UserSortKey::PhoneNumber)
        .sort_order(SortOrder::Desc)
        .offset(40)
        .limit(20)
        .send()
        .unwrap();

    stub.only_request().assert_route(
        "GET",
        "/users",
        Some("offset=40&limit=20&sort_key=phone_number&sort_order=desc"),
    );
    assert!(page.data.is_empty());
    assert_eq!(page.has_more, Some(false));
    assert_eq!((page.limit, page.offset, page.total), (None, None, None));
}

#[test]
fn list_page_without_per_page_uses_the_server_default_size() {
    let stub = Stub::fixture("users_page_empty.json");

    stub.client().users().list().page(3).send().unwrap();

    stub.only_request()
        .assert_route("GET", "/users", Some("offset=20&limit=10"));
}

#[test]
fn list_offset_after_page_wins() {
    let stub = Stub::fixture("users_page_empty.json");

    stub.client()
        .users()
        .list()
        .page(3)
        .offset(7)
        .send()
        .unwrap();

    stub.only_request()
        .assert_route("GET", "/users", Some("offset=7"));
}

#[test]
fn list_search_text_is_percent_encoded() {
    let stub = Stub::fixture("users_page_empty.json");

    stub.client()
        .users()
        .list()
        .search("a&b=c d+é")
        .send()
        .unwrap();

    stub.only_request()
        .assert_route("GET", "/users", Some("search=a%26b%3Dc%20d%2B%C3%A9"));
}

#[test]
fn list_page_zero_is_refused_before_sending() {
    let stub = Stub::fixture("users_page_empty.json");

    let err = stub.client().users().list().page(0).send().unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(m) if m.contains("pages count from 1")),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}

#[test]
fn list_accepts_total_without_has_more() {
    let body = json!({"data": [], "total": 42, "limit": 10, "offset": 40}).to_string();
    let stub = Stub::json(200, &body);

    let page = stub.client().users().list().send().unwrap();

    assert_eq!(page.total, Some(42));
    assert_eq!(page.has_more, None);
    assert!(!page.more_available());
}

#[test]
fn create_sends_multipart_with_every_field() {
    let stub = Stub::fixture("user.json");
    let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff];

    let user = stub
        .client()
        .users()
        .create("Ada", "Lovelace")
        .email_address("ada@example.com")
        .phone_number("+14155550142")
        .username("ada")
        .password("n3w-passw0rd")
        .skip_password_check(true)
        .profile_image(png.to_vec(), "ada.png", "image/png")
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("POST", "/users", None);
    req.assert_common_headers();
    assert_eq!(
        req.multipart(),
        vec![
            Part::text("first_name", "Ada"),
            Part::text("last_name", "Lovelace"),
            Part::text("email_address", "ada@example.com"),
            Part::text("phone_number", "+14155550142"),
            Part::text("username", "ada"),
            Part::text("password", "n3w-passw0rd"),
            Part::text("skip_password_check", "true"),
            Part::file("profile_image", "ada.png", "image/png", &png),
        ]
    );
    assert_eq!(user, ada());
}

#[test]
fn create_with_names_only_sends_two_parts() {
    let stub = Stub::fixture("user.json");

    stub.client()
        .users()
        .create("Ada", "Lovelace")
        .skip_password_check(false)
        .send()
        .unwrap();

    assert_eq!(
        stub.only_request().multipart(),
        vec![
            Part::text("first_name", "Ada"),
            Part::text("last_name", "Lovelace")
        ]
    );
}

#[test]
fn create_with_an_empty_name_is_refused_before_sending() {
    let stub = Stub::fixture("user.json");

    let err = stub.client().users().create("Ada", " ").send().unwrap_err();

    assert_eq!(
        err.to_string(),
        "invalid request, nothing was sent: last_name must not be empty"
    );
    assert!(stub.requests().is_empty());
}

#[test]
fn create_reports_the_servers_sign_up_rule() {
    let body = json!({"errors": [{"message": "Email address is required", "code": 400}]});
    let stub = Stub::json(400, &body.to_string());

    let err = stub
        .client()
        .users()
        .create("Ada", "Lovelace")
        .send()
        .unwrap_err();

    assert_eq!(err.status(), Some(400));
    assert!(err.is_rejected());
    assert_eq!(err.to_string(), "Email address is required (HTTP 400)");
}

#[test]
fn get_fetches_details() {
    let stub = Stub::fixture("user_details.json");

    let details = stub.client().users().get(ADA_ID).send().unwrap();

    let req = stub.only_request();
    req.assert_route("GET", "/users/6823547219085373441/details", None);
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(details, ada_details());
}

#[test]
fn update_sends_multipart_with_every_field() {
    let stub = Stub::fixture("user_details.json");

    let details = stub
        .client()
        .users()
        .update(ADA_ID)
        .first_name("Ada")
        .last_name("King")
        .username("countess")
        .public_metadata(json!({"plan": "pro", "seats": 5}))
        .private_metadata(json!({"crm": "A-17"}))
        .disabled(false)
        .second_factor_policy(SecondFactorPolicy::Enforced)
        .remove_profile_image()
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("PATCH", "/users/6823547219085373441", None);
    req.assert_common_headers();
    assert_eq!(
        req.multipart(),
        vec![
            Part::text("first_name", "Ada"),
            Part::text("last_name", "King"),
            Part::text("username", "countess"),
            Part::text("public_metadata", r#"{"plan":"pro","seats":5}"#),
            Part::text("private_metadata", r#"{"crm":"A-17"}"#),
            Part::text("disabled", "false"),
            Part::text("second_factor_policy", "enforced"),
            Part::text("remove_profile_image", "true"),
        ]
    );
    assert_eq!(details, ada_details());
}

#[test]
fn update_uploads_a_profile_image() {
    let stub = Stub::fixture("user_details.json");

    stub.client()
        .users()
        .update(ADA_ID)
        .disabled(true)
        .profile_image(b"GIF89a".to_vec(), "face \"1\".gif", "image/gif")
        .send()
        .unwrap();

    assert_eq!(
        stub.only_request().multipart(),
        vec![
            Part::text("disabled", "true"),
            Part::file("profile_image", "face %221%22.gif", "image/gif", b"GIF89a"),
        ]
    );
}

#[test]
fn update_with_an_empty_name_is_refused_because_the_server_would_ignore_it() {
    let stub = Stub::fixture("user_details.json");

    let err = stub
        .client()
        .users()
        .update(ADA_ID)
        .first_name("")
        .send()
        .unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(m) if m.contains("ignores empty values")),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}

#[test]
fn delete_sends_delete_and_accepts_an_empty_object() {
    let stub = Stub::fixture("void.json");

    stub.client().users().delete(ADA_ID).send().unwrap();

    let req = stub.only_request();
    req.assert_route("DELETE", "/users/6823547219085373441", None);
    req.assert_common_headers();
    req.assert_no_body();
}

#[test]
fn update_password_sends_the_servers_field_names() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .update_password(ADA_ID, "n3w-passw0rd")
        .skip_password_check(true)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("PATCH", "/users/6823547219085373441/password", None);
    req.assert_common_headers();
    req.assert_json(json!({"new_password": "n3w-passw0rd", "skip_password_check": true}));
}

#[test]
fn update_password_without_options_sends_only_the_password() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .update_password(ADA_ID, "n3w-passw0rd")
        .send()
        .unwrap();

    stub.only_request()
        .assert_json(json!({"new_password": "n3w-passw0rd"}));
}

#[test]
fn update_password_builder_debug_hides_the_password() {
    let stub = Stub::fixture("void.json");

    let builder = stub
        .client()
        .users()
        .update_password(ADA_ID, "n3w-passw0rd");

    let printed = format!("{builder:?}");
    assert!(!printed.contains("n3w-passw0rd"), "{printed}");
    assert!(printed.contains("<redacted>"), "{printed}");
}

#[test]
fn remove_password_sends_delete() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .remove_password(ADA_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("DELETE", "/users/6823547219085373441/password", None);
    req.assert_common_headers();
    req.assert_no_body();
}
