//! Invitations (list, create, delete) and the waitlist (list, approve).

mod common;

use common::Stub;
use common::expected::*;
use serde_json::json;
use wacht_sync::{EntrySortKey, Error, SortOrder};

/// The invitation in `invitation.json`.
const INVITATION_ID: &str = "6823547219085373450";
/// The first entry of `waitlist_page.json`.
const WAITLIST_USER_ID: &str = "6823547219085373460";

#[test]
fn invitations_list_sends_paging_search_and_sort_in_the_servers_spelling() {
    let stub = Stub::fixture("invitations_page.json");

    let page = stub
        .client()
        .invitations()
        .list()
        .page(2)
        .per_page(25)
        .search("grace")
        .sort_key(EntrySortKey::Email)
        .sort_order(SortOrder::Asc)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "GET",
        "/invitations",
        Some("offset=25&limit=25&search=grace&sort_key=email&sort_order=asc"),
    );
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(page, invitations_page());
}

#[test]
fn invitations_list_without_options_sends_no_query() {
    let stub = Stub::fixture("invitations_page.json");

    let page = stub.client().invitations().list().send().unwrap();

    let req = stub.only_request();
    req.assert_route("GET", "/invitations", None);
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(page, invitations_page());
}

#[test]
fn invitations_create_sends_names_email_and_expiry_days() {
    let stub = Stub::fixture("invitation.json");

    let invitation = stub
        .client()
        .invitations()
        .create("Grace", "Hopper", "grace@example.com")
        .expiry_days(7)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("POST", "/invitations", None);
    req.assert_common_headers();
    req.assert_json(json!({
        "first_name": "Grace",
        "last_name": "Hopper",
        "email_address": "grace@example.com",
        "expiry_days": 7
    }));
    assert_eq!(invitation, grace_invitation());
}

#[test]
fn invitations_create_without_expiry_days_leaves_the_key_out() {
    let stub = Stub::fixture("invitation.json");

    let invitation = stub
        .client()
        .invitations()
        .create("Grace", "Hopper", "grace@example.com")
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("POST", "/invitations", None);
    req.assert_common_headers();
    req.assert_json(json!({
        "first_name": "Grace",
        "last_name": "Hopper",
        "email_address": "grace@example.com"
    }));
    assert_eq!(invitation, grace_invitation());
}

#[test]
fn invitations_create_with_an_empty_first_name_is_refused_before_sending() {
    let stub = Stub::fixture("invitation.json");

    let err = stub
        .client()
        .invitations()
        .create("", "Hopper", "grace@example.com")
        .send()
        .unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(m) if m == "first_name must not be empty"),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}

#[test]
fn invitations_create_with_an_empty_last_name_is_refused_before_sending() {
    let stub = Stub::fixture("invitation.json");

    let err = stub
        .client()
        .invitations()
        .create("Grace", "", "grace@example.com")
        .send()
        .unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(m) if m == "last_name must not be empty"),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}

#[test]
fn invitations_create_with_an_empty_email_address_is_refused_before_sending() {
    let stub = Stub::fixture("invitation.json");

    let err = stub
        .client()
        .invitations()
        .create("Grace", "Hopper", "")
        .send()
        .unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(m) if m == "email_address must not be empty"),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}

#[test]
fn invitations_delete_sends_delete() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .invitations()
        .delete(INVITATION_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("DELETE", "/invitations/6823547219085373450", None);
    req.assert_common_headers();
    req.assert_no_body();
}

#[test]
fn invitations_delete_with_an_empty_id_is_refused_before_sending() {
    let stub = Stub::fixture("void.json");

    let err = stub.client().invitations().delete("").send().unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(m) if m == "invitation_id must not be empty"),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}

#[test]
fn waitlist_list_without_options_sends_no_query() {
    let stub = Stub::fixture("waitlist_page.json");

    let page = stub.client().waitlist().list().send().unwrap();

    let req = stub.only_request();
    req.assert_route("GET", "/waitlist", None);
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(page, waitlist_page());
}

#[test]
fn waitlist_list_sends_offset_limit_search_and_sort() {
    let stub = Stub::fixture("waitlist_page.json");

    let page = stub
        .client()
        .waitlist()
        .list()
        .offset(10)
        .limit(5)
        .search("alan")
        .sort_key(EntrySortKey::CreatedAt)
        .sort_order(SortOrder::Desc)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "GET",
        "/waitlist",
        Some("offset=10&limit=5&search=alan&sort_key=created_at&sort_order=desc"),
    );
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(page, waitlist_page());
}

#[test]
fn waitlist_approve_posts_without_a_body_and_returns_an_invitation() {
    let stub = Stub::fixture("invitation.json");

    let invitation = stub
        .client()
        .waitlist()
        .approve(WAITLIST_USER_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("POST", "/waitlist/6823547219085373460/approve", None);
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(invitation, grace_invitation());
}

#[test]
fn waitlist_approve_with_an_empty_id_is_refused_before_sending() {
    let stub = Stub::fixture("invitation.json");

    let err = stub.client().waitlist().approve("").send().unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(m) if m == "waitlist_user_id must not be empty"),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}
