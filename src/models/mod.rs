//! The objects the Wacht API returns.
//!
//! Field names are the server's own. Ids are opaque strings (see
//! [`crate::models`] notes below), timestamps are RFC 3339 strings in UTC
//! with up to microsecond fractions, kept as the server sent them so that no
//! precision is lost and no date crate is forced on the caller. Fields the
//! server may send as `null` or leave out are `Option`s; fields it adds in
//! the future are ignored.
//!
//! Every model is `Debug + Clone + PartialEq + Serialize + Deserialize`.
//! Secrets (OAuth tokens, invitation tokens, one-time-password URLs, backup
//! codes) are [`Secret`]s, which `Debug` does not print.

mod enums;
mod id;
mod secret;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use enums::{
    EntrySortKey, SchemaVersion, SecondFactorPolicy, SocialProvider, SortOrder, UserSortKey,
    VerificationStrategy,
};
pub(crate) use id::{id, optional_id};
pub use secret::Secret;

/// One page of a list.
///
/// The server sends `has_more`, and `limit` and `offset` when it feels like
/// it; it does not send `total`, although its published documents say so. A
/// proxy or a future server might, so every field but `data` is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items of this page, in the server's order.
    pub data: Vec<T>,
    /// Whether the server holds items after this page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_more: Option<bool>,
    /// How many items match in all, when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// The page size the server used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// How many items the server skipped before this page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

impl<T> Page<T> {
    /// Whether another page follows, as far as this page tells: `has_more`
    /// when the server sent it, otherwise `total` against the items seen so
    /// far, otherwise `false`.
    pub fn more_available(&self) -> bool {
        match (self.has_more, self.total) {
            (Some(more), _) => more,
            (None, Some(total)) => {
                let seen = self
                    .offset
                    .unwrap_or(0)
                    .saturating_add(self.data.len() as u64);
                !self.data.is_empty() && seen < total
            }
            (None, None) => false,
        }
    }
}

/// A user, as lists and `create` return it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// The user's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When the user was created (RFC 3339).
    pub created_at: String,
    /// When the user was last changed (RFC 3339).
    pub updated_at: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Username, when the deployment uses usernames.
    #[serde(default)]
    pub username: Option<String>,
    /// URL of the profile picture.
    pub profile_picture_url: String,
    /// The primary email address, if the user has one.
    #[serde(default)]
    pub primary_email_address: Option<String>,
    /// The primary phone number, if the user has one.
    #[serde(default)]
    pub primary_phone_number: Option<String>,
}

/// Everything about one user, as `get` and `update` return it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserDetails {
    /// The user's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When the user was created (RFC 3339).
    pub created_at: String,
    /// When the user was last changed (RFC 3339).
    pub updated_at: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Username, when the deployment uses usernames.
    #[serde(default)]
    pub username: Option<String>,
    /// URL of the profile picture.
    pub profile_picture_url: String,
    /// The primary email address, if the user has one.
    #[serde(default)]
    pub primary_email_address: Option<String>,
    /// The primary phone number, if the user has one.
    #[serde(default)]
    pub primary_phone_number: Option<String>,
    /// The layout version of the user record.
    pub schema_version: SchemaVersion,
    /// Whether the user is barred from signing in.
    pub disabled: bool,
    /// Whether the user must use a second factor.
    pub second_factor_policy: SecondFactorPolicy,
    /// The user's availability status, as the deployment defines it.
    pub availability: String,
    /// When the password was last reset (RFC 3339).
    #[serde(default)]
    pub last_password_reset_at: Option<String>,
    /// The organization membership the user is acting in.
    #[serde(default, deserialize_with = "optional_id")]
    pub active_organization_membership_id: Option<String>,
    /// The workspace membership the user is acting in.
    #[serde(default, deserialize_with = "optional_id")]
    pub active_workspace_membership_id: Option<String>,
    /// The deployment the user belongs to.
    #[serde(deserialize_with = "id")]
    pub deployment_id: String,
    /// Metadata the user's own sessions can read.
    #[serde(default)]
    pub public_metadata: Value,
    /// Metadata only the backend can read.
    #[serde(default)]
    pub private_metadata: Value,
    /// Id of the primary email address.
    #[serde(default, deserialize_with = "optional_id")]
    pub primary_email_address_id: Option<String>,
    /// Id of the primary phone number.
    #[serde(default, deserialize_with = "optional_id")]
    pub primary_phone_number_id: Option<String>,
    /// Every email address of the user.
    #[serde(default)]
    pub email_addresses: Vec<UserEmail>,
    /// Every phone number of the user.
    #[serde(default)]
    pub phone_numbers: Vec<UserPhone>,
    /// Every linked social account.
    #[serde(default)]
    pub social_connections: Vec<SocialConnection>,
    /// The segments the user is in.
    #[serde(default)]
    pub segments: Vec<Segment>,
    /// Whether the user has a password.
    pub has_password: bool,
    /// Whether the user has backup codes.
    pub has_backup_codes: bool,
}

impl From<UserDetails> for User {
    fn from(d: UserDetails) -> Self {
        User {
            id: d.id,
            created_at: d.created_at,
            updated_at: d.updated_at,
            first_name: d.first_name,
            last_name: d.last_name,
            username: d.username,
            profile_picture_url: d.profile_picture_url,
            primary_email_address: d.primary_email_address,
            primary_phone_number: d.primary_phone_number,
        }
    }
}

/// An email address of a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserEmail {
    /// The email address's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When it was added (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
    /// The deployment it belongs to.
    #[serde(deserialize_with = "id")]
    pub deployment_id: String,
    /// The user it belongs to.
    #[serde(deserialize_with = "id")]
    pub user_id: String,
    /// The address.
    pub email: String,
    /// Whether it is the user's primary address.
    pub is_primary: bool,
    /// Whether it is verified.
    pub verified: bool,
    /// When it was verified (RFC 3339).
    pub verified_at: String,
    /// How it was verified.
    pub verification_strategy: VerificationStrategy,
}

/// A phone number of a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserPhone {
    /// The phone number's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When it was added (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
    /// The user it belongs to.
    #[serde(deserialize_with = "id")]
    pub user_id: String,
    /// The number.
    pub phone_number: String,
    /// The country code stored with it (empty when none was given).
    pub country_code: String,
    /// Whether it is verified.
    pub verified: bool,
    /// When it was verified (RFC 3339).
    pub verified_at: String,
}

/// An account at an identity provider linked to a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SocialConnection {
    /// The connection's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When it was linked (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
    /// The user it belongs to.
    #[serde(deserialize_with = "id")]
    pub user_id: String,
    /// The email address it was linked through.
    #[serde(deserialize_with = "id")]
    pub user_email_address_id: String,
    /// The identity provider.
    pub provider: SocialProvider,
    /// The address the provider reported.
    pub email_address: String,
    /// The provider's access token.
    pub access_token: Secret,
    /// The provider's refresh token (empty when the provider gave none).
    pub refresh_token: Secret,
}

/// A segment (a named group) a user belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// The segment's id.
    #[serde(default, deserialize_with = "optional_id")]
    pub id: Option<String>,
    /// When it was created (RFC 3339).
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last changed (RFC 3339).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// When it was deleted (RFC 3339).
    #[serde(default)]
    pub deleted_at: Option<String>,
    /// The deployment it belongs to.
    #[serde(deserialize_with = "id")]
    pub deployment_id: String,
    /// Its name.
    pub name: String,
    /// What it groups (the server's `type` field), e.g. `user`.
    #[serde(rename = "type")]
    pub kind: String,
}

/// An invitation to sign up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invitation {
    /// The invitation's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
    /// The deployment it belongs to.
    #[serde(deserialize_with = "id")]
    pub deployment_id: String,
    /// First name of the person invited.
    pub first_name: String,
    /// Last name of the person invited.
    pub last_name: String,
    /// Where the invitation was sent.
    pub email_address: String,
    /// The token in the invitation link.
    pub token: Secret,
    /// When the invitation stops working (RFC 3339).
    pub expiry: String,
}

/// Someone waiting for access.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitlistUser {
    /// The entry's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When they joined the waitlist (RFC 3339).
    pub created_at: String,
    /// When the entry was last changed (RFC 3339).
    pub updated_at: String,
    /// The deployment it belongs to.
    #[serde(deserialize_with = "id")]
    pub deployment_id: String,
    /// Their email address.
    pub email_address: String,
    /// First name, if they gave one.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name, if they gave one.
    #[serde(default)]
    pub last_name: Option<String>,
}

/// A sign-in: one signed-in device or browser of a user's session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignIn {
    /// The sign-in's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When it started (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
    /// The session it belongs to.
    #[serde(deserialize_with = "id")]
    pub session_id: String,
    /// The user signed in.
    #[serde(default, deserialize_with = "optional_id")]
    pub user_id: Option<String>,
    /// The organization membership in use.
    #[serde(default, deserialize_with = "optional_id")]
    pub active_organization_membership_id: Option<String>,
    /// The workspace membership in use.
    #[serde(default, deserialize_with = "optional_id")]
    pub active_workspace_membership_id: Option<String>,
    /// When it expires (RFC 3339).
    pub expires_at: String,
    /// When it was last used (RFC 3339).
    pub last_active_at: String,
    /// The IP address it was last used from.
    pub ip_address: String,
    /// The browser.
    pub browser: String,
    /// The device.
    pub device: String,
    /// City, from the IP address.
    pub city: String,
    /// Region, from the IP address.
    pub region: String,
    /// Region code, from the IP address.
    pub region_code: String,
    /// Country, from the IP address.
    pub country: String,
    /// Country code, from the IP address.
    pub country_code: String,
}

/// A passkey (WebAuthn credential) of a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passkey {
    /// The passkey's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When it was registered (RFC 3339).
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last changed (RFC 3339).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The user it belongs to.
    #[serde(deserialize_with = "id")]
    pub user_id: String,
    /// The name the user gave it.
    pub name: String,
    /// The authenticator's signature counter.
    pub sign_count: i64,
    /// How the browser reaches it (`usb`, `nfc`, `internal`, ...).
    #[serde(default)]
    pub transports: Option<Vec<String>>,
    /// When it was last used (RFC 3339).
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// Whether it is backed up (synced) by its provider.
    #[serde(default)]
    pub backed_up: Option<bool>,
    /// `single_device` or `multi_device`.
    #[serde(default)]
    pub device_type: Option<String>,
}

/// A role held through a membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// The role's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
    /// Its name.
    pub name: String,
    /// The permissions it grants.
    #[serde(default)]
    pub permissions: Vec<String>,
    /// Whether it is defined for the whole deployment.
    pub is_deployment_level: bool,
}

/// An organization, as a membership shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// The organization's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
    /// Its name.
    pub name: String,
    /// URL of its image (may be empty).
    pub image_url: String,
    /// Its description (may be empty).
    pub description: String,
    /// How many members it has.
    pub member_count: i64,
    /// Public metadata.
    #[serde(default)]
    pub public_metadata: Value,
    /// Private metadata.
    #[serde(default)]
    pub private_metadata: Value,
}

/// A workspace, as a membership shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    /// The workspace's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
    /// Its name.
    pub name: String,
    /// URL of its image (may be empty).
    pub image_url: String,
    /// Its description (may be empty).
    pub description: String,
    /// How many members it has.
    pub member_count: i64,
    /// Public metadata.
    #[serde(default)]
    pub public_metadata: Value,
    /// Private metadata.
    #[serde(default)]
    pub private_metadata: Value,
}

/// A user's membership of an organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationMembership {
    /// The membership's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
    /// The organization.
    #[serde(deserialize_with = "id")]
    pub organization_id: String,
    /// The member.
    #[serde(deserialize_with = "id")]
    pub user_id: String,
    /// Public metadata of the membership.
    #[serde(default)]
    pub public_metadata: Value,
    /// The roles held.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The organization itself.
    pub organization: Organization,
}

/// A user's membership of a workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceMembership {
    /// The membership's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
    /// The workspace.
    #[serde(deserialize_with = "id")]
    pub workspace_id: String,
    /// The organization the workspace belongs to.
    #[serde(deserialize_with = "id")]
    pub organization_id: String,
    /// The organization membership this one hangs off.
    #[serde(deserialize_with = "id")]
    pub organization_membership_id: String,
    /// The member.
    #[serde(deserialize_with = "id")]
    pub user_id: String,
    /// Public metadata of the membership.
    #[serde(default)]
    pub public_metadata: Value,
    /// The roles held.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The workspace itself.
    pub workspace: Workspace,
}

/// A newly created TOTP authenticator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Authenticator {
    /// The authenticator's id.
    #[serde(deserialize_with = "id")]
    pub id: String,
    /// The `otpauth://` URL for an authenticator app; it holds the secret.
    pub otp_url: Secret,
}

/// A fresh set of backup codes; the old ones stop working.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupCodes {
    /// The codes, each usable once.
    pub backup_codes: Vec<Secret>,
}

/// The outcome of revoking all of a user's sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevokedSessions {
    /// How many sign-ins were revoked.
    pub revoked: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(has_more: Option<bool>, total: Option<u64>, offset: u64, len: usize) -> Page<u8> {
        Page {
            data: vec![0; len],
            has_more,
            total,
            limit: None,
            offset: Some(offset),
        }
    }

    #[test]
    fn has_more_decides_when_present() {
        assert!(page(Some(true), Some(0), 0, 0).more_available());
        assert!(!page(Some(false), Some(100), 0, 10).more_available());
    }

    #[test]
    fn total_decides_without_has_more() {
        assert!(page(None, Some(25), 10, 10).more_available());
        assert!(!page(None, Some(20), 10, 10).more_available());
        assert!(!page(None, Some(25), 10, 0).more_available());
    }

    #[test]
    fn neither_means_no_more() {
        assert!(!page(None, None, 0, 10).more_available());
    }

    #[test]
    fn secrets_do_not_show_in_debug() {
        let codes = BackupCodes {
            backup_codes: vec![Secret::new("k3vq-7p2m")],
        };
        assert_eq!(
            format!("{codes:?}"),
            "BackupCodes { backup_codes: [<redacted>] }"
        );
    }
}
