//! Users and what hangs off them: emails, phones, social connections,
//! sessions, passkeys, authenticators, backup codes, memberships.

use serde::Serialize;
use serde::de::DeserializeOwned;
use ureq::http::Method;

use crate::client::Client;
use crate::error::Error;
use crate::list::{List, ListUsers};
use crate::models::{
    Authenticator, BackupCodes, OrganizationMembership, Page, Passkey, RevokedSessions,
    SecondFactorPolicy, Secret, SignIn, SocialConnection, User, UserDetails, UserEmail, UserPhone,
    WorkspaceMembership,
};
use crate::multipart::{Form, ProfileImage};
use crate::request::{Call, Request, segment};

use super::{json_request, request, require, send_json};

/// Operations on users. Made by [`Client::users`].
#[derive(Debug, Clone)]
pub struct Users {
    client: Client,
}

/// `/users/{user_id}` followed by `rest`.
fn user_path(user_id: &str, rest: &str) -> Result<String, Error> {
    let mut path = String::with_capacity(8 + user_id.len() + rest.len());
    path.push_str("/users/");
    path.push_str(&segment("user_id", user_id)?);
    path.push_str(rest);
    Ok(path)
}

/// `/users/{user_id}/{collection}/{id}` followed by `rest`.
fn item_path(
    user_id: &str,
    collection: &str,
    what: &str,
    id: &str,
    rest: &str,
) -> Result<String, Error> {
    let mut path = user_path(user_id, "/")?;
    path.push_str(collection);
    path.push('/');
    path.push_str(&segment(what, id)?);
    path.push_str(rest);
    Ok(path)
}

impl Users {
    pub(crate) fn new(client: Client) -> Self {
        Users { client }
    }

    /// A call without a body whose answer is nothing.
    fn void(&self, method: Method, path: Result<String, Error>) -> Call<()> {
        Call::void(self.client.clone(), request(method, path))
    }

    /// A call without a body whose answer is decoded as `T`.
    fn json<T: DeserializeOwned>(&self, method: Method, path: Result<String, Error>) -> Call<T> {
        Call::json(self.client.clone(), request(method, path))
    }

    /// Lists users, a page at a time (`GET /users`).
    ///
    /// ```no_run
    /// # let client = wacht_sync::Client::new("wk_test")?;
    /// use wacht_sync::{SortOrder, UserSortKey};
    ///
    /// let page = client
    ///     .users()
    ///     .list()
    ///     .search("lovelace")
    ///     .sort_key(UserSortKey::CreatedAt)
    ///     .sort_order(SortOrder::Desc)
    ///     .per_page(50)
    ///     .send()?;
    /// println!("{} users, more: {}", page.data.len(), page.more_available());
    /// # Ok::<(), wacht_sync::Error>(())
    /// ```
    pub fn list(&self) -> ListUsers {
        List::new(self.client.clone(), "/users")
    }

    /// Creates a user (`POST /users`, sent as `multipart/form-data`).
    ///
    /// The deployment's sign-up settings decide what else is required
    /// (an email address, a password of some length); the server says so
    /// with a `400` naming the field.
    ///
    /// ```no_run
    /// # let client = wacht_sync::Client::new("wk_test")?;
    /// let user = client
    ///     .users()
    ///     .create("Ada", "Lovelace")
    ///     .email_address("ada@example.com")
    ///     .password("correct horse battery staple")
    ///     .send()?;
    /// println!("created {}", user.id);
    /// # Ok::<(), wacht_sync::Error>(())
    /// ```
    pub fn create(
        &self,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
    ) -> CreateUser {
        CreateUser {
            client: self.client.clone(),
            first_name: first_name.into(),
            last_name: last_name.into(),
            email_address: None,
            phone_number: None,
            username: None,
            password: None,
            skip_password_check: None,
            profile_image: None,
        }
    }

    /// Everything about one user (`GET /users/{user_id}/details`).
    pub fn get(&self, user_id: impl AsRef<str>) -> Call<UserDetails> {
        let path = user_path(user_id.as_ref(), "/details");
        self.json(Method::GET, path)
    }

    /// Changes a user (`PATCH /users/{user_id}`, sent as
    /// `multipart/form-data`). Only the fields set are sent; the answer is
    /// the user's full details.
    ///
    /// ```no_run
    /// # let client = wacht_sync::Client::new("wk_test")?;
    /// let details = client
    ///     .users()
    ///     .update("6823547219085373441")
    ///     .disabled(true)
    ///     .public_metadata(serde_json::json!({"plan": "free"}))
    ///     .send()?;
    /// assert!(details.disabled);
    /// # Ok::<(), wacht_sync::Error>(())
    /// ```
    pub fn update(&self, user_id: impl AsRef<str>) -> UpdateUser {
        UpdateUser {
            client: self.client.clone(),
            path: user_path(user_id.as_ref(), ""),
            first_name: None,
            last_name: None,
            username: None,
            public_metadata: None,
            private_metadata: None,
            disabled: None,
            second_factor_policy: None,
            remove_profile_image: None,
            profile_image: None,
        }
    }

    /// Deletes a user (`DELETE /users/{user_id}`).
    pub fn delete(&self, user_id: impl AsRef<str>) -> Call<()> {
        let path = user_path(user_id.as_ref(), "");
        self.void(Method::DELETE, path)
    }

    /// Sets a new password (`PATCH /users/{user_id}/password`). The
    /// deployment's password rules apply unless
    /// [`UpdatePassword::skip_password_check`] is set.
    pub fn update_password(
        &self,
        user_id: impl AsRef<str>,
        new_password: impl Into<String>,
    ) -> UpdatePassword {
        UpdatePassword {
            client: self.client.clone(),
            path: user_path(user_id.as_ref(), "/password"),
            body: PasswordBody {
                new_password: Secret::new(new_password.into()),
                skip_password_check: None,
            },
        }
    }

    /// Removes the user's password, leaving other ways to sign in
    /// (`DELETE /users/{user_id}/password`).
    pub fn remove_password(&self, user_id: impl AsRef<str>) -> Call<()> {
        let path = user_path(user_id.as_ref(), "/password");
        self.void(Method::DELETE, path)
    }

    /// Adds an email address (`POST /users/{user_id}/emails`).
    pub fn add_email(&self, user_id: impl AsRef<str>, email: impl Into<String>) -> AddEmail {
        AddEmail {
            client: self.client.clone(),
            path: user_path(user_id.as_ref(), "/emails"),
            body: EmailBody {
                email: Some(email.into()),
                ..EmailBody::default()
            },
        }
    }

    /// Changes an email address
    /// (`PATCH /users/{user_id}/emails/{email_id}`). Only the fields set are
    /// sent.
    pub fn update_email(&self, user_id: impl AsRef<str>, email_id: impl AsRef<str>) -> UpdateEmail {
        UpdateEmail {
            client: self.client.clone(),
            path: item_path(
                user_id.as_ref(),
                "emails",
                "email_id",
                email_id.as_ref(),
                "",
            ),
            body: EmailBody::default(),
        }
    }

    /// Deletes an email address
    /// (`DELETE /users/{user_id}/emails/{email_id}`).
    pub fn delete_email(&self, user_id: impl AsRef<str>, email_id: impl AsRef<str>) -> Call<()> {
        let path = item_path(
            user_id.as_ref(),
            "emails",
            "email_id",
            email_id.as_ref(),
            "",
        );
        self.void(Method::DELETE, path)
    }

    /// Makes an email address the user's primary one
    /// (`POST /users/{user_id}/emails/{email_id}/make-primary`).
    pub fn make_email_primary(
        &self,
        user_id: impl AsRef<str>,
        email_id: impl AsRef<str>,
    ) -> Call<()> {
        let path = item_path(
            user_id.as_ref(),
            "emails",
            "email_id",
            email_id.as_ref(),
            "/make-primary",
        );
        self.void(Method::POST, path)
    }

    /// Adds a phone number (`POST /users/{user_id}/phones`).
    ///
    /// The server requires a `country_code` beside the number but does not
    /// check one against the other. Set it with [`AddPhone::country_code`];
    /// when it is not set, an empty `country_code` is sent, so the call
    /// succeeds with the arguments older clients passed and the phone is
    /// stored without a country.
    pub fn add_phone(&self, user_id: impl AsRef<str>, phone_number: impl Into<String>) -> AddPhone {
        AddPhone {
            client: self.client.clone(),
            path: user_path(user_id.as_ref(), "/phones"),
            body: AddPhoneBody {
                phone_number: phone_number.into(),
                country_code: String::new(),
                verified: None,
                is_primary: None,
            },
        }
    }

    /// Changes a phone number
    /// (`PATCH /users/{user_id}/phones/{phone_id}`). Only the fields set are
    /// sent.
    pub fn update_phone(&self, user_id: impl AsRef<str>, phone_id: impl AsRef<str>) -> UpdatePhone {
        UpdatePhone {
            client: self.client.clone(),
            path: item_path(
                user_id.as_ref(),
                "phones",
                "phone_id",
                phone_id.as_ref(),
                "",
            ),
            body: UpdatePhoneBody::default(),
        }
    }

    /// Deletes a phone number
    /// (`DELETE /users/{user_id}/phones/{phone_id}`).
    pub fn delete_phone(&self, user_id: impl AsRef<str>, phone_id: impl AsRef<str>) -> Call<()> {
        let path = item_path(
            user_id.as_ref(),
            "phones",
            "phone_id",
            phone_id.as_ref(),
            "",
        );
        self.void(Method::DELETE, path)
    }

    /// Makes a phone number the user's primary one
    /// (`POST /users/{user_id}/phones/{phone_id}/make-primary`).
    pub fn make_phone_primary(
        &self,
        user_id: impl AsRef<str>,
        phone_id: impl AsRef<str>,
    ) -> Call<()> {
        let path = item_path(
            user_id.as_ref(),
            "phones",
            "phone_id",
            phone_id.as_ref(),
            "/make-primary",
        );
        self.void(Method::POST, path)
    }

    /// The user's linked social accounts
    /// (`GET /users/{user_id}/social-connections`).
    pub fn social_connections(&self, user_id: impl AsRef<str>) -> Call<Page<SocialConnection>> {
        let path = user_path(user_id.as_ref(), "/social-connections");
        self.json(Method::GET, path)
    }

    /// Unlinks a social account
    /// (`DELETE /users/{user_id}/social-connections/{connection_id}`).
    pub fn delete_social_connection(
        &self,
        user_id: impl AsRef<str>,
        connection_id: impl AsRef<str>,
    ) -> Call<()> {
        let path = item_path(
            user_id.as_ref(),
            "social-connections",
            "connection_id",
            connection_id.as_ref(),
            "",
        );
        self.void(Method::DELETE, path)
    }

    /// The organizations the user belongs to
    /// (`GET /users/{user_id}/organization-memberships`).
    pub fn organization_memberships(
        &self,
        user_id: impl AsRef<str>,
    ) -> Call<Page<OrganizationMembership>> {
        let path = user_path(user_id.as_ref(), "/organization-memberships");
        self.json(Method::GET, path)
    }

    /// The workspaces the user belongs to
    /// (`GET /users/{user_id}/workspace-memberships`).
    pub fn workspace_memberships(
        &self,
        user_id: impl AsRef<str>,
    ) -> Call<Page<WorkspaceMembership>> {
        let path = user_path(user_id.as_ref(), "/workspace-memberships");
        self.json(Method::GET, path)
    }

    /// The user's sign-ins (`GET /users/{user_id}/sessions`).
    pub fn sessions(&self, user_id: impl AsRef<str>) -> ListSessions {
        ListSessions {
            client: self.client.clone(),
            path: user_path(user_id.as_ref(), "/sessions"),
            include_expired: None,
        }
    }

    /// Signs the user out of one sign-in
    /// (`POST /users/{user_id}/sessions/{signin_id}/revoke`).
    pub fn revoke_session(&self, user_id: impl AsRef<str>, signin_id: impl AsRef<str>) -> Call<()> {
        let path = item_path(
            user_id.as_ref(),
            "sessions",
            "signin_id",
            signin_id.as_ref(),
            "/revoke",
        );
        self.void(Method::POST, path)
    }

    /// Signs the user out everywhere
    /// (`POST /users/{user_id}/sessions/revoke-all`).
    pub fn revoke_all_sessions(&self, user_id: impl AsRef<str>) -> Call<RevokedSessions> {
        let path = user_path(user_id.as_ref(), "/sessions/revoke-all");
        self.json(Method::POST, path)
    }

    /// The user's passkeys (`GET /users/{user_id}/passkeys`).
    pub fn passkeys(&self, user_id: impl AsRef<str>) -> Call<Page<Passkey>> {
        let path = user_path(user_id.as_ref(), "/passkeys");
        self.json(Method::GET, path)
    }

    /// Renames a passkey
    /// (`PATCH /users/{user_id}/passkeys/{passkey_id}`). An empty name is
    /// refused before sending.
    pub fn rename_passkey(
        &self,
        user_id: impl AsRef<str>,
        passkey_id: impl AsRef<str>,
        name: impl Into<String>,
    ) -> Call<()> {
        #[derive(Serialize)]
        struct Rename {
            name: String,
        }

        let name = name.into();
        let path = item_path(
            user_id.as_ref(),
            "passkeys",
            "passkey_id",
            passkey_id.as_ref(),
            "",
        );
        let request = require("the passkey name", &name)
            .and_then(|()| json_request(Method::PATCH, path, &Rename { name }));
        Call::void(self.client.clone(), request)
    }

    /// Deletes a passkey
    /// (`DELETE /users/{user_id}/passkeys/{passkey_id}`).
    pub fn delete_passkey(
        &self,
        user_id: impl AsRef<str>,
        passkey_id: impl AsRef<str>,
    ) -> Call<()> {
        let path = item_path(
            user_id.as_ref(),
            "passkeys",
            "passkey_id",
            passkey_id.as_ref(),
            "",
        );
        self.void(Method::DELETE, path)
    }

    /// Sets up a TOTP authenticator from a base32 secret
    /// (`POST /users/{user_id}/authenticators`). A user has at most one:
    /// the server answers `409` ([`Error::is_conflict`]) if one exists.
    pub fn create_authenticator(
        &self,
        user_id: impl AsRef<str>,
        secret: impl Into<String>,
    ) -> CreateAuthenticator {
        CreateAuthenticator {
            client: self.client.clone(),
            path: user_path(user_id.as_ref(), "/authenticators"),
            body: AuthenticatorBody {
                secret: Secret::new(secret.into()),
                account_name: None,
            },
        }
    }

    /// Removes the user's authenticator
    /// (`DELETE /users/{user_id}/authenticators`).
    pub fn delete_authenticator(&self, user_id: impl AsRef<str>) -> Call<()> {
        let path = user_path(user_id.as_ref(), "/authenticators");
        self.void(Method::DELETE, path)
    }

    /// Replaces the user's backup codes with new ones
    /// (`POST /users/{user_id}/backup-codes/regenerate`).
    pub fn regenerate_backup_codes(&self, user_id: impl AsRef<str>) -> Call<BackupCodes> {
        let path = user_path(user_id.as_ref(), "/backup-codes/regenerate");
        self.json(Method::POST, path)
    }
}

/// Creates a user. Made by [`Users::create`].
#[derive(Debug)]
#[must_use = "a request does nothing until `.send()`"]
pub struct CreateUser {
    client: Client,
    first_name: String,
    last_name: String,
    email_address: Option<String>,
    phone_number: Option<String>,
    username: Option<String>,
    password: Option<Secret>,
    skip_password_check: Option<bool>,
    profile_image: Option<ProfileImage>,
}

impl CreateUser {
    /// The user's email address (`email_address`). Required when the
    /// deployment signs users up by email. Not sent by default.
    pub fn email_address(mut self, email: impl Into<String>) -> Self {
        self.email_address = Some(email.into());
        self
    }

    /// The user's phone number (`phone_number`), in international form.
    /// Not sent by default.
    pub fn phone_number(mut self, phone: impl Into<String>) -> Self {
        self.phone_number = Some(phone.into());
        self
    }

    /// The username (`username`), for deployments that use them. Not sent
    /// by default.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// The initial password (`password`), checked against the deployment's
    /// password rules unless [`CreateUser::skip_password_check`] is set. Not
    /// sent by default.
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(Secret::new(password.into()));
        self
    }

    /// Whether the server should skip its password rules
    /// (`skip_password_check`), e.g. when importing users. Off by default;
    /// only `true` is sent.
    pub fn skip_password_check(mut self, skip: bool) -> Self {
        self.skip_password_check = Some(skip);
        self
    }

    /// A profile image to upload (`profile_image`): the bytes, a file name
    /// and a media type such as `image/png`. None by default.
    pub fn profile_image(
        mut self,
        bytes: impl Into<Vec<u8>>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
    ) -> Self {
        self.profile_image = Some(ProfileImage::new(bytes, file_name, content_type));
        self
    }

    /// Creates the user and returns it.
    pub fn send(self) -> Result<User, Error> {
        require("first_name", &self.first_name)?;
        require("last_name", &self.last_name)?;

        let mut form = Form::default();
        form.text("first_name", self.first_name);
        form.text("last_name", self.last_name);
        form.opt_text("email_address", self.email_address);
        form.opt_text("phone_number", self.phone_number);
        form.opt_text("username", self.username);
        form.opt_text("password", self.password.as_ref().map(Secret::expose));
        // The server only looks for the text `true`; `false` is the same as
        // leaving the part out.
        form.flag(
            "skip_password_check",
            self.skip_password_check.filter(|skip| *skip),
        );
        form.file("profile_image", self.profile_image);

        let request = Request::new(Method::POST, "/users".to_owned()).body(form.into_body()?);
        send_json(&self.client, Ok(request))
    }
}

/// Changes a user. Made by [`Users::update`].
#[must_use = "a request does nothing until `.send()`"]
pub struct UpdateUser {
    client: Client,
    path: Result<String, Error>,
    first_name: Option<String>,
    last_name: Option<String>,
    username: Option<String>,
    public_metadata: Option<serde_json::Value>,
    private_metadata: Option<serde_json::Value>,
    disabled: Option<bool>,
    second_factor_policy: Option<SecondFactorPolicy>,
    remove_profile_image: Option<bool>,
    profile_image: Option<ProfileImage>,
}

impl std::fmt::Debug for UpdateUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Private metadata is the backend's own data: shown only as present.
        let private = self.private_metadata.as_ref().map(|_| "<redacted>");
        f.debug_struct("UpdateUser")
            .field("path", &self.path)
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("username", &self.username)
            .field("public_metadata", &self.public_metadata)
            .field("private_metadata", &private)
            .field("disabled", &self.disabled)
            .field("second_factor_policy", &self.second_factor_policy)
            .field("remove_profile_image", &self.remove_profile_image)
            .field("profile_image", &self.profile_image)
            .finish_non_exhaustive()
    }
}

impl UpdateUser {
    /// A new first name (`first_name`). The server ignores empty values, so
    /// an empty name is refused before sending. Unchanged by default.
    pub fn first_name(mut self, name: impl Into<String>) -> Self {
        self.first_name = Some(name.into());
        self
    }

    /// A new last name (`last_name`). Empty is refused, as for
    /// [`UpdateUser::first_name`]. Unchanged by default.
    pub fn last_name(mut self, name: impl Into<String>) -> Self {
        self.last_name = Some(name.into());
        self
    }

    /// A new username (`username`). Empty is refused, as for
    /// [`UpdateUser::first_name`]. Unchanged by default.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// Replaces the public metadata (`public_metadata`, sent as JSON text).
    /// Unchanged by default.
    pub fn public_metadata(mut self, metadata: serde_json::Value) -> Self {
        self.public_metadata = Some(metadata);
        self
    }

    /// Replaces the private metadata (`private_metadata`, sent as JSON
    /// text). Unchanged by default.
    pub fn private_metadata(mut self, metadata: serde_json::Value) -> Self {
        self.private_metadata = Some(metadata);
        self
    }

    /// Bars the user from signing in (`true`) or lets them again (`false`)
    /// (`disabled`). Unchanged by default.
    pub fn disabled(mut self, disabled: bool) -> Self {
        self.disabled = Some(disabled);
        self
    }

    /// Whether the user must use a second factor (`second_factor_policy`).
    /// Unchanged by default.
    pub fn second_factor_policy(mut self, policy: SecondFactorPolicy) -> Self {
        self.second_factor_policy = Some(policy);
        self
    }

    /// Removes the profile image (`remove_profile_image=true`). Unchanged by
    /// default.
    pub fn remove_profile_image(mut self) -> Self {
        self.remove_profile_image = Some(true);
        self
    }

    /// Uploads a new profile image (`profile_image`): the bytes, a file name
    /// and a media type such as `image/png`. Unchanged by default.
    pub fn profile_image(
        mut self,
        bytes: impl Into<Vec<u8>>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
    ) -> Self {
        self.profile_image = Some(ProfileImage::new(bytes, file_name, content_type));
        self
    }

    /// Sends the changes and returns the user's details as they are now.
    pub fn send(self) -> Result<UserDetails, Error> {
        let path = self.path?;
        for (what, value) in [
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
            ("username", &self.username),
        ] {
            if let Some(value) = value {
                require(what, value).map_err(|_| {
                    Error::invalid(format!(
                        "{what} must not be empty: the server ignores empty values, so it would stay unchanged"
                    ))
                })?;
            }
        }

        let mut form = Form::default();
        form.opt_text("first_name", self.first_name);
        form.opt_text("last_name", self.last_name);
        form.opt_text("username", self.username);
        form.opt_text(
            "public_metadata",
            self.public_metadata.map(|v| v.to_string()),
        );
        form.opt_text(
            "private_metadata",
            self.private_metadata.map(|v| v.to_string()),
        );
        form.flag("disabled", self.disabled);
        form.opt_text(
            "second_factor_policy",
            self.second_factor_policy
                .as_ref()
                .map(SecondFactorPolicy::as_str),
        );
        form.flag("remove_profile_image", self.remove_profile_image);
        form.file("profile_image", self.profile_image);

        let request = Request::new(Method::PATCH, path).body(form.into_body()?);
        send_json(&self.client, Ok(request))
    }
}

#[derive(Debug, Serialize)]
struct PasswordBody {
    new_password: Secret,
    #[serde(skip_serializing_if = "Option::is_none")]
    skip_password_check: Option<bool>,
}

/// Sets a user's password. Made by [`Users::update_password`].
#[derive(Debug)]
#[must_use = "a request does nothing until `.send()`"]
pub struct UpdatePassword {
    client: Client,
    path: Result<String, Error>,
    body: PasswordBody,
}

impl UpdatePassword {
    /// Whether the server should skip its password rules
    /// (`skip_password_check`). Not sent by default, and the rules apply.
    pub fn skip_password_check(mut self, skip: bool) -> Self {
        self.body.skip_password_check = Some(skip);
        self
    }

    /// Sets the password.
    pub fn send(self) -> Result<(), Error> {
        require("the new password", self.body.new_password.expose())?;
        let request = json_request(Method::PATCH, self.path, &self.body)?;
        self.client.execute(request)?.void()
    }
}

#[derive(Debug, Default, Serialize)]
struct EmailBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_primary: Option<bool>,
}

/// Adds an email address. Made by [`Users::add_email`].
#[derive(Debug)]
#[must_use = "a request does nothing until `.send()`"]
pub struct AddEmail {
    client: Client,
    path: Result<String, Error>,
    body: EmailBody,
}

impl AddEmail {
    /// Whether the address counts as verified (`verified`). Not sent by
    /// default; the server then treats it as unverified.
    pub fn verified(mut self, verified: bool) -> Self {
        self.body.verified = Some(verified);
        self
    }

    /// Whether it becomes the primary address (`is_primary`). Not sent by
    /// default; the server then leaves the primary address as it is.
    pub fn primary(mut self, primary: bool) -> Self {
        self.body.is_primary = Some(primary);
        self
    }

    /// Adds the address and returns it.
    pub fn send(self) -> Result<UserEmail, Error> {
        require(
            "the email address",
            self.body.email.as_deref().unwrap_or(""),
        )?;
        send_json(
            &self.client,
            json_request(Method::POST, self.path, &self.body),
        )
    }
}

/// Changes an email address. Made by [`Users::update_email`].
#[derive(Debug)]
#[must_use = "a request does nothing until `.send()`"]
pub struct UpdateEmail {
    client: Client,
    path: Result<String, Error>,
    body: EmailBody,
}

impl UpdateEmail {
    /// A new address (`email`). Unchanged by default.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.body.email = Some(email.into());
        self
    }

    /// Marks the address verified or not (`verified`). Unchanged by default.
    pub fn verified(mut self, verified: bool) -> Self {
        self.body.verified = Some(verified);
        self
    }

    /// Makes it the primary address, or not (`is_primary`). Unchanged by
    /// default.
    pub fn primary(mut self, primary: bool) -> Self {
        self.body.is_primary = Some(primary);
        self
    }

    /// Sends the changes and returns the address as it is now.
    pub fn send(self) -> Result<UserEmail, Error> {
        if let Some(email) = &self.body.email {
            require("the email address", email)?;
        }
        send_json(
            &self.client,
            json_request(Method::PATCH, self.path, &self.body),
        )
    }
}

#[derive(Debug, Serialize)]
struct AddPhoneBody {
    phone_number: String,
    country_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_primary: Option<bool>,
}

/// Adds a phone number. Made by [`Users::add_phone`].
#[derive(Debug)]
#[must_use = "a request does nothing until `.send()`"]
pub struct AddPhone {
    client: Client,
    path: Result<String, Error>,
    body: AddPhoneBody,
}

impl AddPhone {
    /// The country of the number, as the deployment records it, e.g. `US`
    /// (`country_code`). Sent as an empty string when not set, because the
    /// server requires the field.
    pub fn country_code(mut self, country_code: impl Into<String>) -> Self {
        self.body.country_code = country_code.into();
        self
    }

    /// Whether the number counts as verified (`verified`). Not sent by
    /// default; the server then treats it as unverified.
    pub fn verified(mut self, verified: bool) -> Self {
        self.body.verified = Some(verified);
        self
    }

    /// Whether it becomes the primary number (`is_primary`). Not sent by
    /// default; the server then leaves the primary number as it is.
    pub fn primary(mut self, primary: bool) -> Self {
        self.body.is_primary = Some(primary);
        self
    }

    /// Adds the number and returns it.
    pub fn send(self) -> Result<UserPhone, Error> {
        require("the phone number", &self.body.phone_number)?;
        send_json(
            &self.client,
            json_request(Method::POST, self.path, &self.body),
        )
    }
}

#[derive(Debug, Default, Serialize)]
struct UpdatePhoneBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_primary: Option<bool>,
}

/// Changes a phone number. Made by [`Users::update_phone`].
#[derive(Debug)]
#[must_use = "a request does nothing until `.send()`"]
pub struct UpdatePhone {
    client: Client,
    path: Result<String, Error>,
    body: UpdatePhoneBody,
}

impl UpdatePhone {
    /// A new number (`phone_number`). Unchanged by default.
    pub fn phone_number(mut self, phone_number: impl Into<String>) -> Self {
        self.body.phone_number = Some(phone_number.into());
        self
    }

    /// A new country code (`country_code`). Unchanged by default.
    pub fn country_code(mut self, country_code: impl Into<String>) -> Self {
        self.body.country_code = Some(country_code.into());
        self
    }

    /// Marks the number verified or not (`verified`). Unchanged by default.
    pub fn verified(mut self, verified: bool) -> Self {
        self.body.verified = Some(verified);
        self
    }

    /// Makes it the primary number, or not (`is_primary`). Unchanged by
    /// default.
    pub fn primary(mut self, primary: bool) -> Self {
        self.body.is_primary = Some(primary);
        self
    }

    /// Sends the changes and returns the number as it is now.
    pub fn send(self) -> Result<UserPhone, Error> {
        if let Some(number) = &self.body.phone_number {
            require("the phone number", number)?;
        }
        send_json(
            &self.client,
            json_request(Method::PATCH, self.path, &self.body),
        )
    }
}

/// Lists a user's sign-ins. Made by [`Users::sessions`].
#[derive(Debug)]
#[must_use = "a request does nothing until `.send()`"]
pub struct ListSessions {
    client: Client,
    path: Result<String, Error>,
    include_expired: Option<bool>,
}

impl ListSessions {
    /// Whether expired sign-ins are listed too (`include_expired`). Not
    /// sent by default; the server then lists only live ones.
    pub fn include_expired(mut self, include: bool) -> Self {
        self.include_expired = Some(include);
        self
    }

    /// Fetches the sign-ins.
    pub fn send(self) -> Result<Page<SignIn>, Error> {
        let mut request = Request::new(Method::GET, self.path?);
        if let Some(include) = self.include_expired {
            request.query.push(("include_expired", include.to_string()));
        }
        send_json(&self.client, Ok(request))
    }
}

#[derive(Debug, Serialize)]
struct AuthenticatorBody {
    secret: Secret,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_name: Option<String>,
}

/// Sets up a TOTP authenticator. Made by [`Users::create_authenticator`].
#[derive(Debug)]
#[must_use = "a request does nothing until `.send()`"]
pub struct CreateAuthenticator {
    client: Client,
    path: Result<String, Error>,
    body: AuthenticatorBody,
}

impl CreateAuthenticator {
    /// The account name an authenticator app shows (`account_name`). Not
    /// sent by default; the server then picks one.
    pub fn account_name(mut self, name: impl Into<String>) -> Self {
        self.body.account_name = Some(name.into());
        self
    }

    /// Creates the authenticator and returns its id and `otpauth://` URL.
    pub fn send(self) -> Result<Authenticator, Error> {
        require("the authenticator secret", self.body.secret.expose())?;
        send_json(
            &self.client,
            json_request(Method::POST, self.path, &self.body),
        )
    }
}
