//! The waitlist: people who asked for access.

use ureq::http::Method;

use crate::client::Client;
use crate::list::{List, ListWaitlist};
use crate::models::Invitation;
use crate::request::{Call, segment};

use super::request;

/// Operations on the waitlist. Made by [`Client::waitlist`].
#[derive(Debug, Clone)]
pub struct Waitlist {
    client: Client,
}

impl Waitlist {
    pub(crate) fn new(client: Client) -> Self {
        Waitlist { client }
    }

    /// Lists waitlist entries, a page at a time (`GET /waitlist`).
    pub fn list(&self) -> ListWaitlist {
        List::new(self.client.clone(), "/waitlist")
    }

    /// Lets someone in (`POST /waitlist/{waitlist_user_id}/approve`). The
    /// server turns the entry into an invitation and returns that, not a
    /// user: the person becomes a user when they accept it.
    pub fn approve(&self, waitlist_user_id: impl AsRef<str>) -> Call<Invitation> {
        let path = segment("waitlist_user_id", waitlist_user_id.as_ref())
            .map(|id| format!("/waitlist/{id}/approve"));
        Call::json(self.client.clone(), request(Method::POST, path))
    }
}
