//! The exact values the fixtures in `tests/fixtures` decode into, written
//! out field by field.

use serde_json::json;
use wacht_sync::models::*;

pub const ADA_ID: &str = "6823547219085373441";
pub const DEPLOYMENT_ID: &str = "6801128654301687809";
const CREATED: &str = "2025-11-03T14:22:05.482913Z";
const UPDATED: &str = "2025-11-04T08:01:44.100276Z";

fn s(v: &str) -> String {
    v.to_owned()
}

/// `user.json`, and the first item of `users_page.json`.
pub fn ada() -> User {
    User {
        id: s(ADA_ID),
        created_at: s(CREATED),
        updated_at: s(UPDATED),
        first_name: s("Ada"),
        last_name: s("Lovelace"),
        username: Some(s("ada")),
        profile_picture_url: s("https://img.wacht.dev/u/6823547219085373441.png"),
        primary_email_address: Some(s("ada@example.com")),
        primary_phone_number: Some(s("+14155550142")),
    }
}

/// The second item of `users_page.json`.
pub fn grace() -> User {
    User {
        id: s("6823547219085373470"),
        created_at: s(CREATED),
        updated_at: s(UPDATED),
        first_name: s("Grace"),
        last_name: s("Hopper"),
        username: None,
        profile_picture_url: s("https://img.wacht.dev/u/6823547219085373470.png"),
        primary_email_address: Some(s("grace@example.com")),
        primary_phone_number: None,
    }
}

/// The only item of `users_page_last.json`.
pub fn alan() -> User {
    User {
        id: s("6823547219085373480"),
        created_at: s(CREATED),
        updated_at: s(UPDATED),
        first_name: s("Alan"),
        last_name: s("Turing"),
        username: Some(s("alan")),
        profile_picture_url: s("https://img.wacht.dev/u/6823547219085373480.png"),
        primary_email_address: None,
        primary_phone_number: Some(s("+447700900123")),
    }
}

/// `users_page.json`.
pub fn users_page() -> Page<User> {
    Page {
        data: vec![ada(), grace()],
        has_more: Some(true),
        total: None,
        limit: Some(2),
        offset: Some(0),
    }
}

/// `users_page_last.json`.
pub fn users_page_last() -> Page<User> {
    Page {
        data: vec![alan()],
        has_more: Some(false),
        total: None,
        limit: Some(2),
        offset: Some(2),
    }
}

/// `user_email.json`, and the first address in `user_details.json`.
pub fn ada_email() -> UserEmail {
    UserEmail {
        id: s("6823547219085373442"),
        created_at: s(CREATED),
        updated_at: s(UPDATED),
        deployment_id: s(DEPLOYMENT_ID),
        user_id: s(ADA_ID),
        email: s("ada@example.com"),
        is_primary: true,
        verified: true,
        verified_at: s(CREATED),
        verification_strategy: VerificationStrategy::Otp,
    }
}

/// `user_phone.json`, and the phone in `user_details.json`.
pub fn ada_phone() -> UserPhone {
    UserPhone {
        id: s("6823547219085373443"),
        created_at: s(CREATED),
        updated_at: s(UPDATED),
        user_id: s(ADA_ID),
        phone_number: s("+14155550142"),
        country_code: s("US"),
        verified: false,
        verified_at: s(CREATED),
    }
}

/// The connection in `social_connections_page.json` and `user_details.json`.
pub fn ada_github() -> SocialConnection {
    SocialConnection {
        id: s("6823547219085373444"),
        created_at: s(CREATED),
        updated_at: s(UPDATED),
        user_id: s(ADA_ID),
        user_email_address_id: s("6823547219085373442"),
        provider: SocialProvider::Github,
        email_address: s("ada@example.com"),
        access_token: Secret::new("gho_redacted_access_token"),
        refresh_token: Secret::new(""),
    }
}

/// `user_details.json`.
pub fn ada_details() -> UserDetails {
    UserDetails {
        id: s(ADA_ID),
        created_at: s(CREATED),
        updated_at: s(UPDATED),
        first_name: s("Ada"),
        last_name: s("Lovelace"),
        username: Some(s("ada")),
        profile_picture_url: s("https://img.wacht.dev/u/6823547219085373441.png"),
        primary_email_address: Some(s("ada@example.com")),
        primary_phone_number: Some(s("+14155550142")),
        schema_version: SchemaVersion::V2,
        disabled: false,
        second_factor_policy: SecondFactorPolicy::Optional,
        availability: s("available"),
        last_password_reset_at: None,
        active_organization_membership_id: None,
        active_workspace_membership_id: None,
        deployment_id: s(DEPLOYMENT_ID),
        public_metadata: json!({"plan": "pro", "seats": 5}),
        private_metadata: json!({}),
        primary_email_address_id: Some(s("6823547219085373442")),
        primary_phone_number_id: Some(s("6823547219085373443")),
        email_addresses: vec![
            ada_email(),
            UserEmail {
                id: s("6823547219085373445"),
                email: s("ada@work.example"),
                is_primary: false,
                verification_strategy: VerificationStrategy::OauthGoogle,
                ..ada_email()
            },
        ],
        phone_numbers: vec![ada_phone()],
        social_connections: vec![ada_github()],
        segments: vec![Segment {
            id: Some(s("6811000000000000001")),
            created_at: Some(s(CREATED)),
            updated_at: Some(s(CREATED)),
            deleted_at: None,
            deployment_id: s(DEPLOYMENT_ID),
            name: s("beta-testers"),
            kind: s("user"),
        }],
        has_password: true,
        has_backup_codes: false,
    }
}

/// `invitation.json`, and the item of `invitations_page.json`.
pub fn grace_invitation() -> Invitation {
    Invitation {
        id: s("6823547219085373450"),
        created_at: s(CREATED),
        updated_at: s(CREATED),
        deployment_id: s(DEPLOYMENT_ID),
        first_name: s("Grace"),
        last_name: s("Hopper"),
        email_address: s("grace@example.com"),
        token: Secret::new("inv_9f2c51d0a7e84b6f"),
        expiry: s("2025-11-10T14:22:05.482913Z"),
    }
}

/// A page of the given items as the fixtures' one-page lists have it.
pub fn single_page<T>(data: Vec<T>) -> Page<T> {
    Page {
        data,
        has_more: Some(false),
        total: None,
        limit: Some(10),
        offset: Some(0),
    }
}

/// `waitlist_user.json`, and the first item of `waitlist_page.json`.
pub fn alan_waiting() -> WaitlistUser {
    WaitlistUser {
        id: s("6823547219085373460"),
        created_at: s(CREATED),
        updated_at: s(CREATED),
        deployment_id: s(DEPLOYMENT_ID),
        email_address: s("alan@example.com"),
        first_name: Some(s("Alan")),
        last_name: None,
    }
}

/// `waitlist_page.json`.
pub fn waitlist_page() -> Page<WaitlistUser> {
    single_page(vec![
        alan_waiting(),
        WaitlistUser {
            id: s("6823547219085373461"),
            email_address: s("edsger@example.com"),
            first_name: None,
            ..alan_waiting()
        },
    ])
}

/// The item of `signins_page.json`.
pub fn ada_signin() -> SignIn {
    SignIn {
        id: s("6823547219085373490"),
        created_at: s(CREATED),
        updated_at: s(UPDATED),
        session_id: s("6823547219085373491"),
        user_id: Some(s(ADA_ID)),
        active_organization_membership_id: None,
        active_workspace_membership_id: None,
        expires_at: s("2025-12-03T14:22:05Z"),
        last_active_at: s(UPDATED),
        ip_address: s("203.0.113.7"),
        browser: s("Firefox 132"),
        device: s("Linux"),
        city: s("Lisbon"),
        region: s("Lisbon"),
        region_code: s("11"),
        country: s("Portugal"),
        country_code: s("PT"),
    }
}

/// The item of `passkeys_page.json`.
pub fn ada_passkey() -> Passkey {
    Passkey {
        id: s("6823547219085373500"),
        created_at: Some(s(CREATED)),
        updated_at: None,
        user_id: s(ADA_ID),
        name: s("YubiKey 5C"),
        sign_count: 41,
        transports: Some(vec![s("usb"), s("nfc")]),
        last_used_at: Some(s(UPDATED)),
        backed_up: Some(false),
        device_type: Some(s("single_device")),
    }
}

fn role(id: &str, name: &str) -> Role {
    Role {
        id: s(id),
        created_at: s(CREATED),
        updated_at: s(CREATED),
        name: s(name),
        permissions: vec![s("org:read"), s("org:members:write")],
        is_deployment_level: true,
    }
}

/// The item of `organization_memberships_page.json`.
pub fn ada_organization_membership() -> OrganizationMembership {
    OrganizationMembership {
        id: s("6823547219085373510"),
        created_at: s(CREATED),
        updated_at: s(CREATED),
        organization_id: s("6823547219085373511"),
        user_id: s(ADA_ID),
        public_metadata: json!({}),
        roles: vec![role("6823547219085373512", "admin")],
        organization: Organization {
            id: s("6823547219085373511"),
            created_at: s(CREATED),
            updated_at: s(UPDATED),
            name: s("Analytical Engines Ltd"),
            image_url: s(""),
            description: s(""),
            member_count: 12,
            public_metadata: json!({}),
            private_metadata: json!({}),
        },
    }
}

/// The item of `workspace_memberships_page.json`.
pub fn ada_workspace_membership() -> WorkspaceMembership {
    WorkspaceMembership {
        id: s("6823547219085373520"),
        created_at: s(CREATED),
        updated_at: s(CREATED),
        workspace_id: s("6823547219085373521"),
        organization_id: s("6823547219085373511"),
        organization_membership_id: s("6823547219085373510"),
        user_id: s(ADA_ID),
        public_metadata: json!({}),
        roles: vec![role("6823547219085373522", "member")],
        workspace: Workspace {
            id: s("6823547219085373521"),
            created_at: s(CREATED),
            updated_at: s(UPDATED),
            name: s("Research"),
            image_url: s(""),
            description: s(""),
            member_count: 12,
            public_metadata: json!({}),
            private_metadata: json!({}),
        },
    }
}

/// `authenticator.json`.
pub fn authenticator() -> Authenticator {
    Authenticator {
        id: s("6823547219085373530"),
        otp_url: Secret::new(
            "otpauth://totp/Example:ada%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example",
        ),
    }
}

/// `backup_codes.json`.
pub fn backup_codes() -> BackupCodes {
    BackupCodes {
        backup_codes: vec![
            Secret::new("k3vq-7p2m"),
            Secret::new("x9rd-4hcw"),
            Secret::new("m2tf-8zne"),
        ],
    }
}

/// `social_connections_page.json`.
pub fn social_connections_page() -> Page<SocialConnection> {
    single_page(vec![ada_github()])
}

/// `organization_memberships_page.json`.
pub fn organization_memberships_page() -> Page<OrganizationMembership> {
    single_page(vec![ada_organization_membership()])
}

/// `workspace_memberships_page.json`.
pub fn workspace_memberships_page() -> Page<WorkspaceMembership> {
    single_page(vec![ada_workspace_membership()])
}

/// `signins_page.json`.
pub fn signins_page() -> Page<SignIn> {
    single_page(vec![ada_signin()])
}

/// `passkeys_page.json`.
pub fn passkeys_page() -> Page<Passkey> {
    single_page(vec![ada_passkey()])
}

/// `invitations_page.json`.
pub fn invitations_page() -> Page<Invitation> {
    single_page(vec![grace_invitation()])
}

/// `revoke_all.json`.
pub fn revoked_sessions() -> RevokedSessions {
    RevokedSessions { revoked: 3 }
}
