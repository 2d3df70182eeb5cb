//! What hangs off a user: emails, phones, social connections, memberships,
//! sessions, passkeys, authenticators, backup codes.

mod common;

use common::Stub;
use common::expected::*;
use serde_json::json;
use wacht_sync::Error;

/// The address in `user_email.json`.
const EMAIL_ID: &str = "6823547219085373442";
/// The number in `user_phone.json`.
const PHONE_ID: &str = "6823547219085373443";
/// The connection in `social_connections_page.json`.
const CONNECTION_ID: &str = "6823547219085373444";
/// The sign-in in `signins_page.json`.
const SIGNIN_ID: &str = "6823547219085373490";
/// The passkey in `passkeys_page.json`.
const PASSKEY_ID: &str = "6823547219085373500";
/// A base32 TOTP secret.
const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

#[test]
fn add_email_sends_the_address_with_the_verified_and_primary_flags() {
    let stub = Stub::fixture("user_email.json");

    let email = stub
        .client()
        .users()
        .add_email(ADA_ID, "ada@example.com")
        .verified(true)
        .primary(true)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("POST", "/users/6823547219085373441/emails", None);
    req.assert_common_headers();
    req.assert_json(json!({"email": "ada@example.com", "verified": true, "is_primary": true}));
    assert_eq!(email, ada_email());
}

#[test]
fn add_email_without_options_sends_only_the_address() {
    let stub = Stub::fixture("user_email.json");

    let email = stub
        .client()
        .users()
        .add_email(ADA_ID, "ada@example.com")
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("POST", "/users/6823547219085373441/emails", None);
    req.assert_common_headers();
    req.assert_json(json!({"email": "ada@example.com"}));
    assert_eq!(email, ada_email());
}

#[test]
fn add_email_with_an_empty_address_is_refused_before_sending() {
    let stub = Stub::fixture("user_email.json");

    let err = stub
        .client()
        .users()
        .add_email(ADA_ID, "")
        .send()
        .unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(m) if m == "the email address must not be empty"),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}

#[test]
fn update_email_sends_every_field_set() {
    let stub = Stub::fixture("user_email.json");

    let email = stub
        .client()
        .users()
        .update_email(ADA_ID, EMAIL_ID)
        .email("ada@example.com")
        .verified(true)
        .primary(true)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "PATCH",
        "/users/6823547219085373441/emails/6823547219085373442",
        None,
    );
    req.assert_common_headers();
    req.assert_json(json!({"email": "ada@example.com", "verified": true, "is_primary": true}));
    assert_eq!(email, ada_email());
}

#[test]
fn update_email_with_one_setter_sends_only_that_field() {
    let stub = Stub::fixture("user_email.json");

    let email = stub
        .client()
        .users()
        .update_email(ADA_ID, EMAIL_ID)
        .primary(true)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "PATCH",
        "/users/6823547219085373441/emails/6823547219085373442",
        None,
    );
    req.assert_common_headers();
    req.assert_json(json!({"is_primary": true}));
    assert_eq!(email, ada_email());
}

#[test]
fn update_email_with_an_empty_address_is_refused_before_sending() {
    let stub = Stub::fixture("user_email.json");

    let err = stub
        .client()
        .users()
        .update_email(ADA_ID, EMAIL_ID)
        .email("")
        .send()
        .unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(m) if m == "the email address must not be empty"),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}

#[test]
fn delete_email_sends_delete() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .delete_email(ADA_ID, EMAIL_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "DELETE",
        "/users/6823547219085373441/emails/6823547219085373442",
        None,
    );
    req.assert_common_headers();
    req.assert_no_body();
}

#[test]
fn make_email_primary_posts_without_a_body() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .make_email_primary(ADA_ID, EMAIL_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "POST",
        "/users/6823547219085373441/emails/6823547219085373442/make-primary",
        None,
    );
    req.assert_common_headers();
    req.assert_no_body();
}

#[test]
fn add_phone_sends_the_number_with_country_code_and_flags() {
    let stub = Stub::fixture("user_phone.json");

    let phone = stub
        .client()
        .users()
        .add_phone(ADA_ID, "+14155550142")
        .country_code("US")
        .verified(false)
        .primary(true)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("POST", "/users/6823547219085373441/phones", None);
    req.assert_common_headers();
    req.assert_json(json!({
        "phone_number": "+14155550142",
        "country_code": "US",
        "verified": false,
        "is_primary": true
    }));
    assert_eq!(phone, ada_phone());
}

#[test]
fn add_phone_without_a_country_code_sends_an_empty_one_because_the_server_requires_it() {
    let stub = Stub::fixture("user_phone.json");

    let phone = stub
        .client()
        .users()
        .add_phone(ADA_ID, "+14155550142")
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("POST", "/users/6823547219085373441/phones", None);
    req.assert_common_headers();
    req.assert_json(json!({"phone_number": "+14155550142", "country_code": ""}));
    assert_eq!(phone, ada_phone());
}

#[test]
fn add_phone_with_an_empty_number_is_refused_before_sending() {
    let stub = Stub::fixture("user_phone.json");

    let err = stub
        .client()
        .users()
        .add_phone(ADA_ID, "")
        .country_code("US")
        .send()
        .unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(m) if m == "the phone number must not be empty"),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}

#[test]
fn update_phone_sends_every_field_set() {
    let stub = Stub::fixture("user_phone.json");

    let phone = stub
        .client()
        .users()
        .update_phone(ADA_ID, PHONE_ID)
        .phone_number("+14155550142")
        .country_code("US")
        .verified(false)
        .primary(true)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "PATCH",
        "/users/6823547219085373441/phones/6823547219085373443",
        None,
    );
    req.assert_common_headers();
    req.assert_json(json!({
        "phone_number": "+14155550142",
        "country_code": "US",
        "verified": false,
        "is_primary": true
    }));
    assert_eq!(phone, ada_phone());
}

#[test]
fn update_phone_with_one_setter_sends_only_that_field() {
    let stub = Stub::fixture("user_phone.json");

    let phone = stub
        .client()
        .users()
        .update_phone(ADA_ID, PHONE_ID)
        .country_code("US")
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "PATCH",
        "/users/6823547219085373441/phones/6823547219085373443",
        None,
    );
    req.assert_common_headers();
    req.assert_json(json!({"country_code": "US"}));
    assert_eq!(phone, ada_phone());
}

#[test]
fn delete_phone_sends_delete() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .delete_phone(ADA_ID, PHONE_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "DELETE",
        "/users/6823547219085373441/phones/6823547219085373443",
        None,
    );
    req.assert_common_headers();
    req.assert_no_body();
}

#[test]
fn make_phone_primary_posts_without_a_body() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .make_phone_primary(ADA_ID, PHONE_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "POST",
        "/users/6823547219085373441/phones/6823547219085373443/make-primary",
        None,
    );
    req.assert_common_headers();
    req.assert_no_body();
}

#[test]
fn social_connections_lists_the_linked_accounts() {
    let stub = Stub::fixture("social_connections_page.json");

    let page = stub
        .client()
        .users()
        .social_connections(ADA_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("GET", "/users/6823547219085373441/social-connections", None);
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(page, social_connections_page());
}

#[test]
fn delete_social_connection_sends_delete() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .delete_social_connection(ADA_ID, CONNECTION_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "DELETE",
        "/users/6823547219085373441/social-connections/6823547219085373444",
        None,
    );
    req.assert_common_headers();
    req.assert_no_body();
}

#[test]
fn organization_memberships_lists_the_users_organizations() {
    let stub = Stub::fixture("organization_memberships_page.json");

    let page = stub
        .client()
        .users()
        .organization_memberships(ADA_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "GET",
        "/users/6823547219085373441/organization-memberships",
        None,
    );
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(page, organization_memberships_page());
}

#[test]
fn workspace_memberships_lists_the_users_workspaces() {
    let stub = Stub::fixture("workspace_memberships_page.json");

    let page = stub
        .client()
        .users()
        .workspace_memberships(ADA_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "GET",
        "/users/6823547219085373441/workspace-memberships",
        None,
    );
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(page, workspace_memberships_page());
}

#[test]
fn sessions_with_include_expired_true_sends_it_in_the_query() {
    let stub = Stub::fixture("signins_page.json");

    let page = stub
        .client()
        .users()
        .sessions(ADA_ID)
        .include_expired(true)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "GET",
        "/users/6823547219085373441/sessions",
        Some("include_expired=true"),
    );
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(page, signins_page());
}

#[test]
fn sessions_with_include_expired_false_sends_it_in_the_query() {
    let stub = Stub::fixture("signins_page.json");

    let page = stub
        .client()
        .users()
        .sessions(ADA_ID)
        .include_expired(false)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "GET",
        "/users/6823547219085373441/sessions",
        Some("include_expired=false"),
    );
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(page, signins_page());
}

#[test]
fn sessions_without_options_sends_no_query() {
    let stub = Stub::fixture("signins_page.json");

    let page = stub.client().users().sessions(ADA_ID).send().unwrap();

    let req = stub.only_request();
    req.assert_route("GET", "/users/6823547219085373441/sessions", None);
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(page, signins_page());
}

#[test]
fn revoke_session_posts_without_a_body() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .revoke_session(ADA_ID, SIGNIN_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "POST",
        "/users/6823547219085373441/sessions/6823547219085373490/revoke",
        None,
    );
    req.assert_common_headers();
    req.assert_no_body();
}

#[test]
fn revoke_all_sessions_returns_how_many_were_revoked() {
    let stub = Stub::fixture("revoke_all.json");

    let revoked = stub
        .client()
        .users()
        .revoke_all_sessions(ADA_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "POST",
        "/users/6823547219085373441/sessions/revoke-all",
        None,
    );
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(revoked, revoked_sessions());
}

#[test]
fn passkeys_lists_the_users_passkeys() {
    let stub = Stub::fixture("passkeys_page.json");

    let page = stub.client().users().passkeys(ADA_ID).send().unwrap();

    let req = stub.only_request();
    req.assert_route("GET", "/users/6823547219085373441/passkeys", None);
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(page, passkeys_page());
}

#[test]
fn rename_passkey_sends_the_new_name() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .rename_passkey(ADA_ID, PASSKEY_ID, "YubiKey 5C (backup)")
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "PATCH",
        "/users/6823547219085373441/passkeys/6823547219085373500",
        None,
    );
    req.assert_common_headers();
    req.assert_json(json!({"name": "YubiKey 5C (backup)"}));
}

#[test]
fn rename_passkey_with_an_empty_name_is_refused_before_sending() {
    let stub = Stub::fixture("void.json");

    let err = stub
        .client()
        .users()
        .rename_passkey(ADA_ID, PASSKEY_ID, "")
        .send()
        .unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(m) if m == "the passkey name must not be empty"),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}

#[test]
fn delete_passkey_sends_delete() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .delete_passkey(ADA_ID, PASSKEY_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "DELETE",
        "/users/6823547219085373441/passkeys/6823547219085373500",
        None,
    );
    req.assert_common_headers();
    req.assert_no_body();
}

#[test]
fn create_authenticator_sends_the_secret_and_account_name() {
    let stub = Stub::fixture("authenticator.json");

    let created = stub
        .client()
        .users()
        .create_authenticator(ADA_ID, TOTP_SECRET)
        .account_name("ada@example.com")
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("POST", "/users/6823547219085373441/authenticators", None);
    req.assert_common_headers();
    req.assert_json(json!({"secret": TOTP_SECRET, "account_name": "ada@example.com"}));
    assert_eq!(created, authenticator());
}

#[test]
fn create_authenticator_without_account_name_sends_only_the_secret() {
    let stub = Stub::fixture("authenticator.json");

    let created = stub
        .client()
        .users()
        .create_authenticator(ADA_ID, TOTP_SECRET)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("POST", "/users/6823547219085373441/authenticators", None);
    req.assert_common_headers();
    req.assert_json(json!({"secret": TOTP_SECRET}));
    assert_eq!(created, authenticator());
}

#[test]
fn create_authenticator_with_an_empty_secret_is_refused_before_sending() {
    let stub = Stub::fixture("authenticator.json");

    let err = stub
        .client()
        .users()
        .create_authenticator(ADA_ID, "")
        .account_name("ada@example.com")
        .send()
        .unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(m) if m == "the authenticator secret must not be empty"),
        "{err}"
    );
    assert!(stub.requests().is_empty());
}

#[test]
fn delete_authenticator_sends_delete() {
    let stub = Stub::fixture("void.json");

    stub.client()
        .users()
        .delete_authenticator(ADA_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route("DELETE", "/users/6823547219085373441/authenticators", None);
    req.assert_common_headers();
    req.assert_no_body();
}

#[test]
fn regenerate_backup_codes_posts_without_a_body_and_returns_the_new_codes() {
    let stub = Stub::fixture("backup_codes.json");

    let codes = stub
        .client()
        .users()
        .regenerate_backup_codes(ADA_ID)
        .send()
        .unwrap();

    let req = stub.only_request();
    req.assert_route(
        "POST",
        "/users/6823547219085373441/backup-codes/regenerate",
        None,
    );
    req.assert_common_headers();
    req.assert_no_body();
    assert_eq!(codes, backup_codes());
}
