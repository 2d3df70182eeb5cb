//! Enum-like strings from the server.
//!
//! Wacht adds values over time (new social providers, new verification
//! strategies). Each enum here keeps a value it does not know in `Other`
//! instead of failing to decode the whole object.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The value as the server spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = std::borrow::Cow::<'de, str>::deserialize(d)?;
                Ok($name::from(value.as_ref()))
            }
        }
    };
}

open_enum! {
    /// How an email address was verified.
    VerificationStrategy {
        /// A one-time code sent to the address.
        Otp => "otp",
        /// Signing in with Google.
        OauthGoogle => "oauth_google",
        /// Signing in with GitHub.
        OauthGithub => "oauth_github",
        /// Signing in with Microsoft.
        OauthMicrosoft => "oauth_microsoft",
        /// Signing in with Facebook.
        OauthFacebook => "oauth_facebook",
        /// Signing in with LinkedIn.
        OauthLinkedin => "oauth_linkedin",
        /// Signing in with Discord.
        OauthDiscord => "oauth_discord",
        /// Signing in with Apple.
        OauthApple => "oauth_apple",
    }
}

open_enum! {
    /// The identity provider behind a social connection.
    SocialProvider {
        /// X (formerly Twitter).
        X => "x_oauth",
        /// GitHub.
        Github => "github_oauth",
        /// GitLab.
        Gitlab => "gitlab_oauth",
        /// Google.
        Google => "google_oauth",
        /// Facebook.
        Facebook => "facebook_oauth",
        /// Microsoft.
        Microsoft => "microsoft_oauth",
        /// LinkedIn.
        Linkedin => "linkedin_oauth",
        /// Discord.
        Discord => "discord_oauth",
        /// Apple.
        Apple => "apple_oauth",
    }
}

open_enum! {
    /// Whether a user must use a second factor when signing in.
    SecondFactorPolicy {
        /// No second factor.
        None => "none",
        /// The user may set one up.
        Optional => "optional",
        /// The user must use one.
        Enforced => "enforced",
    }
}

open_enum! {
    /// The version of the user record's layout on the server.
    SchemaVersion {
        /// The first layout.
        V1 => "v1",
        /// The current layout.
        V2 => "v2",
    }
}

/// The order of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// Smallest first (`asc`).
    Asc,
    /// Largest first (`desc`).
    Desc,
}

impl SortOrder {
    /// The value as the server spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }
}

/// The field a list of users is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UserSortKey {
    /// When the user was created (`created_at`).
    CreatedAt,
    /// The username (`username`).
    Username,
    /// The primary email address (`email`).
    Email,
    /// The primary phone number (`phone_number`).
    PhoneNumber,
}

impl UserSortKey {
    /// The value as the server spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            UserSortKey::CreatedAt => "created_at",
            UserSortKey::Username => "username",
            UserSortKey::Email => "email",
            UserSortKey::PhoneNumber => "phone_number",
        }
    }
}

/// The field a list of invitations or waitlist entries is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EntrySortKey {
    /// When the entry was created (`created_at`).
    CreatedAt,
    /// The email address (`email`).
    Email,
}

impl EntrySortKey {
    /// The value as the server spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            EntrySortKey::CreatedAt => "created_at",
            EntrySortKey::Email => "email",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_decode_to_their_variant() {
        let p: SocialProvider = serde_json::from_str(r#""github_oauth""#).unwrap();
        assert_eq!(p, SocialProvider::Github);
        let s: VerificationStrategy = serde_json::from_str(r#""oauth_apple""#).unwrap();
        assert_eq!(s, VerificationStrategy::OauthApple);
    }

    #[test]
    fn unknown_values_are_kept_and_written_back_unchanged() {
        let p: SocialProvider = serde_json::from_str(r#""mastodon_oauth""#).unwrap();
        assert_eq!(p, SocialProvider::Other("mastodon_oauth".into()));
        assert_eq!(serde_json::to_string(&p).unwrap(), r#""mastodon_oauth""#);
        assert_eq!(p.to_string(), "mastodon_oauth");
    }

    #[test]
    fn escaped_strings_decode() {
        let v: SchemaVersion = serde_json::from_str(r#""v\u0032""#).unwrap();
        assert_eq!(v, SchemaVersion::V2);
    }

    #[test]
    fn non_strings_are_refused() {
        assert!(serde_json::from_str::<SecondFactorPolicy>("1").is_err());
    }
}
