//! One module per API resource. Each handler hands out one builder per
//! operation; every builder ends in `.send()`, which goes through the one
//! request pipeline in [`crate::request`].

mod invitations;
mod users;
mod waitlist;

use serde::Serialize;
use serde::de::DeserializeOwned;
use ureq::http::Method;

use crate::client::Client;
use crate::error::Error;
use crate::request::{Body, Request};

pub use invitations::{CreateInvitation, Invitations};
pub use users::{
    AddEmail, AddPhone, CreateAuthenticator, CreateUser, ListSessions, UpdateEmail, UpdatePassword,
    UpdatePhone, UpdateUser, Users,
};
pub use waitlist::Waitlist;

fn request(method: Method, path: Result<String, Error>) -> Result<Request, Error> {
    path.map(|path| Request::new(method, path))
}

fn json_request(
    method: Method,
    path: Result<String, Error>,
    body: &impl Serialize,
) -> Result<Request, Error> {
    Ok(Request::new(method, path?).body(Body::json(body)?))
}

/// Refuses a required text that is empty or only whitespace.
fn require(what: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        Err(Error::invalid(format!("{what} must not be empty")))
    } else {
        Ok(())
    }
}

/// Sends a prepared request and decodes a JSON answer.
fn send_json<T: DeserializeOwned>(
    client: &Client,
    request: Result<Request, Error>,
) -> Result<T, Error> {
    client.execute(request?)?.json()
}
