//! The list builder shared by users, invitations and the waitlist.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use ureq::http::Method;

use crate::client::Client;
use crate::error::Error;
use crate::models::{EntrySortKey, Page, SortOrder, User, UserSortKey};
use crate::request::Request;

/// The page size the server uses when none is asked for.
pub const SERVER_DEFAULT_LIMIT: u64 = 10;

/// Lists users (`GET /users`). Made by [`Users::list`](crate::Users::list).
pub type ListUsers = List<User, UserSortKey>;

/// Lists invitations (`GET /invitations`). Made by
/// [`Invitations::list`](crate::Invitations::list).
pub type ListInvitations = List<crate::models::Invitation, EntrySortKey>;

/// Lists the waitlist (`GET /waitlist`). Made by
/// [`Waitlist::list`](crate::Waitlist::list).
pub type ListWaitlist = List<crate::models::WaitlistUser, EntrySortKey>;

/// A request for one page of a list; `T` is the item, `K` the sort key.
///
/// The server pages by `offset` and `limit`. [`List::page`] and
/// [`List::per_page`] are the same thing counted in pages, for callers of
/// the older page-based API; whichever of `page` and `offset` is called last
/// decides where the page starts.
#[must_use = "a list request does nothing until `.send()`"]
pub struct List<T, K> {
    client: Client,
    path: &'static str,
    start: Option<Start>,
    limit: Option<u64>,
    search: Option<String>,
    sort_key: Option<K>,
    sort_order: Option<SortOrder>,
    is_active: Option<bool>,
    item: PhantomData<fn() -> T>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Offset(u64),
    Page(u64),
}

impl<T: DeserializeOwned, K: SortKey> List<T, K> {
    pub(crate) fn new(client: Client, path: &'static str) -> Self {
        List {
            client,
            path,
            start: None,
            limit: None,
            search: None,
            sort_key: None,
            sort_order: None,
            is_active: None,
            item: PhantomData,
        }
    }

    /// Which page to fetch, counting from 1, with [`List::per_page`] items
    /// per page (the server's default of 10 when not set). Sent as
    /// `offset = (page - 1) * per_page`. Page 0 is an error.
    pub fn page(mut self, page: u64) -> Self {
        self.start = Some(Start::Page(page));
        self
    }

    /// How many items per page. The same as [`List::limit`]. The server's
    /// default is 10.
    pub fn per_page(self, per_page: u64) -> Self {
        self.limit(per_page)
    }

    /// How many items to skip before the page starts (`offset`). Default 0.
    pub fn offset(mut self, offset: u64) -> Self {
        self.start = Some(Start::Offset(offset));
        self
    }

    /// How many items at most in the page (`limit`). The server's default
    /// is 10.
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Only items matching this text (`search`); the server matches names
    /// and email addresses. Not set by default.
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }

    /// The field to sort by (`sort_key`). Not sent by default, and the
    /// server then uses its own order.
    pub fn sort_key(mut self, key: K) -> Self {
        self.sort_key = Some(key);
        self
    }

    /// The order (`sort_order`). Not sent by default, and the server then
    /// uses its own order.
    pub fn sort_order(mut self, order: SortOrder) -> Self {
        self.sort_order = Some(order);
        self
    }

    /// Fetches the page.
    pub fn send(self) -> Result<Page<T>, Error> {
        let (offset, limit) = self.window(SERVER_DEFAULT_LIMIT)?;
        let request = self.request_at(offset, limit);
        self.client.execute(request)?.json()
    }

    /// The `offset` and `limit` to send, from whichever of page, offset,
    /// per-page and limit were set; a page number without a size counts
    /// pages of `default_size`.
    pub(crate) fn window(&self, default_size: u64) -> Result<(Option<u64>, Option<u64>), Error> {
        match self.start {
            None => Ok((None, self.limit)),
            Some(Start::Offset(offset)) => Ok((Some(offset), self.limit)),
            Some(Start::Page(0)) => {
                Err(Error::invalid("pages count from 1; page 0 does not exist"))
            }
            Some(Start::Page(page)) => {
                // A page number means nothing without its size, so the size
                // is sent too.
                let per_page = self.limit.unwrap_or(default_size);
                let offset = (page - 1).checked_mul(per_page).ok_or_else(|| {
                    Error::invalid("page and per_page give an offset too large to send")
                })?;
                Ok((Some(offset), Some(per_page)))
            }
        }
    }

    pub(crate) fn request_at(&self, offset: Option<u64>, limit: Option<u64>) -> Request {
        let mut request = Request::new(Method::GET, self.path.to_owned());
        let query = &mut request.query;
        if let Some(offset) = offset {
            query.push(("offset", offset.to_string()));
        }
        if let Some(limit) = limit {
            query.push(("limit", limit.to_string()));
        }
        if let Some(search) = &self.search {
            query.push(("search", search.clone()));
        }
        if let Some(key) = self.sort_key {
            query.push(("sort_key", key.wire().to_owned()));
        }
        if let Some(order) = self.sort_order {
            query.push(("sort_order", order.as_str().to_owned()));
        }
        if let Some(active) = self.is_active {
            query.push(("is_active", active.to_string()));
        }
        request
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    pub(crate) fn limit_set(&self) -> Option<u64> {
        self.limit
    }
}

impl List<User, UserSortKey> {
    /// Sent as `is_active` for code written against the older Wacht API.
    ///
    /// **Today's server ignores it**: the user list holds signed-up users
    /// only (pending invitations and the waitlist are their own lists), and
    /// there is no active filter. To find disabled users, fetch details and
    /// read [`UserDetails::disabled`](crate::models::UserDetails::disabled).
    pub fn is_active(mut self, active: bool) -> Self {
        self.is_active = Some(active);
        self
    }
}

impl<T, K: std::fmt::Debug> std::fmt::Debug for List<T, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("List")
            .field("path", &self.path)
            .field("start", &self.start)
            .field("limit", &self.limit)
            .field("search", &self.search)
            .field("sort_key", &self.sort_key)
            .field("sort_order", &self.sort_order)
            .field("is_active", &self.is_active)
            .finish_non_exhaustive()
    }
}

/// A sort key of a list: [`UserSortKey`] or [`EntrySortKey`].
pub trait SortKey: Copy {
    /// The value as the server spells it.
    fn wire(self) -> &'static str;
}

impl SortKey for UserSortKey {
    fn wire(self) -> &'static str {
        self.as_str()
    }
}

impl SortKey for EntrySortKey {
    fn wire(self) -> &'static str {
        self.as_str()
    }
}
