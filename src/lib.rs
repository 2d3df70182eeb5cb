//! A blocking client for the Wacht Platform API's user management: no async
//! runtime, one [`Client`], one builder per operation, `.send()`.
//!
//! ```no_run
//! use wacht_sync::Client;
//!
//! let client = Client::from_env()?; // WACHT_API_KEY, optionally WACHT_API_URL
//!
//! let user = client
//!     .users()
//!     .create("Ada", "Lovelace")
//!     .email_address("ada@example.com")
//!     .send()?;
//! client
//!     .users()
//!     .add_phone(&user.id, "+14155550142")
//!     .country_code("US")
//!     .send()?;
//!
//! let page = client.users().list().search("ada").per_page(25).send()?;
//! for user in &page.data {
//!     println!("{} {} {}", user.id, user.first_name, user.last_name);
//! }
//! # Ok::<(), wacht_sync::Error>(())
//! ```
//!
//! # Authentication
//!
//! Every request carries `Authorization: Bearer <api key>`. Build the client
//! with [`Client::new`], [`Client::builder`] or [`Client::from_env`]. The key
//! is never printed: not by `Debug` of the client or its builder, not in any
//! error.
//!
//! # Operations
//!
//! [`Client::users`], [`Client::invitations`] and [`Client::waitlist`] hand
//! out small handlers; each method on them returns a builder. Required values
//! are arguments, optional ones are setters, and `.send()` performs the call.
//! Ids are opaque strings; each is percent-encoded as one path segment, and an
//! empty id is an [`Error::InvalidRequest`] before anything is sent.
//!
//! What goes on the wire follows what the Wacht server really accepts, which
//! differs in places from its published documents: users are created and
//! updated with `multipart/form-data`, lists page by `offset` and `limit`
//! (`.page()` and `.per_page()` are translated), a phone needs a
//! `country_code`, and updating a user returns [`UserDetails`].
//!
//! # Pagination
//!
//! Lists answer a page at a time (`offset` and `limit`; the server's default
//! page holds 10). `.send()` fetches one page. `.iter()` walks every item,
//! fetching the next page only when the previous one is used up, so memory
//! holds one page however long the list; `.pages()` walks whole pages. A
//! failed fetch is one `Err` item, after which the walk ends, and a server
//! that stops making progress ends it with [`Error::Pagination`] instead of
//! looping forever.
//!
//! ```no_run
//! # let client = wacht_sync::Client::new("wk_test")?;
//! let mut count = 0;
//! for user in client.users().list().per_page(100).iter() {
//!     let user = user?;
//!     count += 1;
//!     if user.primary_email_address.is_none() {
//!         println!("{} has no email address", user.id);
//!     }
//! }
//! println!("{count} users");
//! # Ok::<(), wacht_sync::Error>(())
//! ```
//!
//! # Errors
//!
//! Every call returns `Result<T, wacht_sync::Error>`. [`Error::Api`] carries
//! the status and every message of Wacht's `{"errors": [...]}` envelope, or
//! the raw text when something in front of the server answered (an HTML
//! `502`). Transport failures, timeouts and bodies that could not be decoded
//! have their own variants, with the status and the start of the body where
//! there was one.
//!
//! ```no_run
//! # let client = wacht_sync::Client::new("wk_test")?;
//! match client.users().get("6823547219085373441").send() {
//!     Ok(user) => println!("{} has {} emails", user.id, user.email_addresses.len()),
//!     Err(e) if e.is_not_found() => println!("no such user"),
//!     Err(e) => return Err(e),
//! }
//! # Ok::<(), wacht_sync::Error>(())
//! ```
//!
//! # Timeouts and retries
//!
//! A call takes at most 30 seconds in all, retries and their waits included,
//! and opening a connection at most 10 ([`ClientBuilder::timeout`],
//! [`ClientBuilder::connect_timeout`], [`Client::with_timeout`]). Answers
//! larger than 8 MiB are refused ([`ClientBuilder::max_response_bytes`]).
//!
//! Failed calls are retried twice at most ([`ClientBuilder::max_retries`]),
//! and only when that cannot do the work twice: connection failures that
//! never reached the server and `429` for every operation; `502`, `503`,
//! `504`, dropped connections and read timeouts only for `GET`, `DELETE` and
//! `PATCH`. A `POST` that may have reached the server is never repeated.
//! Waits back off exponentially with jitter and follow `Retry-After` and
//! Wacht's own `Retry after N seconds`.
//!
//! # Security
//!
//! This crate never prints or logs the API key. (ureq's own `trace` output,
//! target `ureq_proto`, dumps raw request bytes, key included: keep that
//! level off outside a debugging session.) Plain `http://` is refused except
//! to loopback (or with [`ClientBuilder::allow_insecure_http`]), redirects
//! are reported rather than followed, and TLS certificates are always
//! checked.
//!
//! # Logging
//!
//! Through the [`log`](https://docs.rs/log) facade: one `debug` line per call
//! (method, path, status, elapsed, attempts) and one `warn` line per retry.
//! Never headers, bodies, query values or the key.
//!
//! # Testing your code
//!
//! Point [`ClientBuilder::base_url`] at a local fake server; a path prefix is
//! kept. The crate's own tests do exactly that with `httpmock`.

#![deny(missing_docs)]

mod client;
mod error;
mod list;
pub mod models;
mod multipart;
mod pagination;
mod request;
mod resolve;
mod resources;

pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, ENV_API_KEY, ENV_API_URL,
};
pub use error::{ApiError, ApiMessage, Error};
pub use list::{List, ListInvitations, ListUsers, ListWaitlist, SERVER_DEFAULT_LIMIT, SortKey};
pub use models::{
    EntrySortKey, Invitation, Page, Secret, SortOrder, User, UserDetails, UserSortKey, WaitlistUser,
};
pub use multipart::ProfileImage;
pub use pagination::{Items, ListItem, Pages, WALK_PAGE_SIZE};
pub use request::Call;
pub use resources::{
    AddEmail, AddPhone, CreateAuthenticator, CreateInvitation, CreateUser, Invitations,
    ListSessions, UpdateEmail, UpdatePassword, UpdatePhone, UpdateUser, Users, Waitlist,
};

// The README's examples are compiled as doc tests, so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;

/// The JSON crate the models use for metadata ([`serde_json::Value`]), so
/// callers can write `wacht_sync::serde_json::json!` without a dependency of
/// their own.
pub use serde_json;

/// The result type of every call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
