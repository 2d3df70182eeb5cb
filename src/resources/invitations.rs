//! Invitations to sign up.

use serde::Serialize;
use ureq::http::Method;

use crate::client::Client;
use crate::error::Error;
use crate::list::{List, ListInvitations};
use crate::models::Invitation;
use crate::request::{Call, segment};

use super::{json_request, request, require, send_json};

/// Operations on invitations. Made by [`Client::invitations`].
#[derive(Debug, Clone)]
pub struct Invitations {
    client: Client,
}

impl Invitations {
    pub(crate) fn new(client: Client) -> Self {
        Invitations { client }
    }

    /// Lists pending invitations, a page at a time (`GET /invitations`).
    pub fn list(&self) -> ListInvitations {
        List::new(self.client.clone(), "/invitations")
    }

    /// Invites someone to sign up (`POST /invitations`); the server emails
    /// them a link.
    ///
    /// ```no_run
    /// # let client = wacht_sync::Client::new("wk_test")?;
    /// let invitation = client
    ///     .invitations()
    ///     .create("Grace", "Hopper", "grace@example.com")
    ///     .expiry_days(7)
    ///     .send()?;
    /// println!("invited, link valid until {}", invitation.expiry);
    /// # Ok::<(), wacht_sync::Error>(())
    /// ```
    pub fn create(
        &self,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        email_address: impl Into<String>,
    ) -> CreateInvitation {
        CreateInvitation {
            client: self.client.clone(),
            body: InvitationBody {
                first_name: first_name.into(),
                last_name: last_name.into(),
                email_address: email_address.into(),
                expiry_days: None,
            },
        }
    }

    /// Withdraws an invitation (`DELETE /invitations/{invitation_id}`).
    pub fn delete(&self, invitation_id: impl AsRef<str>) -> Call<()> {
        let path =
            segment("invitation_id", invitation_id.as_ref()).map(|id| format!("/invitations/{id}"));
        Call::void(self.client.clone(), request(Method::DELETE, path))
    }
}

#[derive(Debug, Serialize)]
struct InvitationBody {
    first_name: String,
    last_name: String,
    email_address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiry_days: Option<u32>,
}

/// Invites someone. Made by [`Invitations::create`].
#[derive(Debug)]
#[must_use = "a request does nothing until `.send()`"]
pub struct CreateInvitation {
    client: Client,
    body: InvitationBody,
}

impl CreateInvitation {
    /// How many days the link works (`expiry_days`). Not sent by default;
    /// the deployment's own default applies.
    pub fn expiry_days(mut self, days: u32) -> Self {
        self.body.expiry_days = Some(days);
        self
    }

    /// Sends the invitation and returns it.
    pub fn send(self) -> Result<Invitation, Error> {
        require("first_name", &self.body.first_name)?;
        require("last_name", &self.body.last_name)?;
        require("email_address", &self.body.email_address)?;
        let request = json_request(Method::POST, Ok("/invitations".to_owned()), &self.body);
        send_json(&self.client, request)
    }
}
