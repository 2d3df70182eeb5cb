//! Walking every page of a list, lazily, one page in memory at a time.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::iter::FusedIterator;

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::list::{List, SortKey};
use crate::models::{Invitation, Page, User, WaitlistUser};

/// The page size a walk asks for when the caller set none. The server's own
/// default is 10; 100 makes a tenth of the round trips for a long list while
/// a page of users stays around 30 KB.
pub const WALK_PAGE_SIZE: u64 = 100;

/// An item of a list that can be walked. Its id lets a walk notice a server
/// that serves the same page again instead of the next one.
pub trait ListItem: DeserializeOwned {
    /// The item's id.
    fn id(&self) -> &str;
}

impl ListItem for User {
    fn id(&self) -> &str {
        &self.id
    }
}

impl ListItem for Invitation {
    fn id(&self) -> &str {
        &self.id
    }
}

impl ListItem for WaitlistUser {
    fn id(&self) -> &str {
        &self.id
    }
}

impl<T: ListItem, K: SortKey> List<T, K> {
    /// Every page from where this request starts to the end of the list,
    /// fetched one at a time as the iterator is advanced.
    ///
    /// Pages hold [`List::per_page`] (or [`List::limit`]) items, or
    /// [`WALK_PAGE_SIZE`] when neither was set. The walk ends when the
    /// server says no more follow (`has_more: false`), when a page is empty,
    /// or, for a server that does not send `has_more`, when a page is
    /// shorter than asked or `total` is reached. A failed fetch (after the
    /// client's retries) is yielded as one `Err`, and the walk ends there.
    /// So does a server that makes no progress: `has_more: true` with an
    /// empty page, or a page it has sent before (however many pages ago).
    /// Memory holds one page, plus eight bytes per page fetched to
    /// recognise a repeat.
    ///
    /// ```no_run
    /// # let client = wacht_sync::Client::new("wk_test")?;
    /// for page in client.invitations().list().per_page(50).pages() {
    ///     let page = page?;
    ///     println!("{} invitations from offset {:?}", page.data.len(), page.offset);
    /// }
    /// # Ok::<(), wacht_sync::Error>(())
    /// ```
    pub fn pages(self) -> Pages<T, K> {
        // A page number counts pages of the walk's own size.
        let (start, pending) = match self.window(WALK_PAGE_SIZE) {
            Ok((offset, _)) if self.limit_set() == Some(0) => (
                offset,
                Some(Error::invalid("a walk needs a page size of at least 1")),
            ),
            Ok((offset, _)) => (offset, None),
            Err(e) => (None, Some(e)),
        };
        let limit = self.limit_set().unwrap_or(WALK_PAGE_SIZE);
        Pages {
            list: self,
            next_offset: Some(start.unwrap_or(0)),
            limit,
            pending,
            seen: HashSet::new(),
            fetched: 0,
        }
    }

    /// Every item from where this request starts to the end of the list,
    /// fetching the next page only when the previous one is used up. See
    /// [`List::pages`] for when the walk ends.
    ///
    /// ```no_run
    /// # let client = wacht_sync::Client::new("wk_test")?;
    /// for user in client.users().list().search("ada").per_page(100).iter() {
    ///     let user = user?;
    ///     println!("{} {} {}", user.id, user.first_name, user.last_name);
    /// }
    /// # Ok::<(), wacht_sync::Error>(())
    /// ```
    pub fn iter(self) -> Items<T, K> {
        Items {
            pages: self.pages(),
            current: Vec::new().into_iter(),
        }
    }
}

/// The pages of a list, fetched lazily. Made by [`List::pages`].
#[must_use = "iterators do nothing until advanced"]
pub struct Pages<T, K> {
    list: List<T, K>,
    /// Where the next page starts; `None` once the walk is over.
    next_offset: Option<u64>,
    limit: u64,
    /// An error to yield before anything else (a bad request, or no
    /// progress noticed after the last page).
    pending: Option<Error>,
    /// A fingerprint of every page seen (the set of its ids, in any order):
    /// a page seen before means the server is going round in circles. Eight bytes a page, so a walk of a million items in pages
    /// of 100 keeps 80 KB of them.
    seen: HashSet<u64>,
    fetched: u64,
}

impl<T, K> Pages<T, K> {
    /// How many pages have been fetched so far.
    pub fn fetched(&self) -> u64 {
        self.fetched
    }
}

impl<T, K> Items<T, K> {
    /// How many pages have been fetched so far (the walk fetches the next
    /// one only when the items of the previous one are used up).
    pub fn pages_fetched(&self) -> u64 {
        self.pages.fetched
    }
}

impl<T: ListItem, K: SortKey> Pages<T, K> {
    /// Where the page after `page` (fetched at `offset`) starts, if one
    /// follows.
    fn after(&self, offset: u64, page: &Page<T>) -> Option<u64> {
        let len = page.data.len() as u64;
        let more = match (page.has_more, page.total) {
            (Some(more), _) => more,
            (None, Some(total)) => offset.saturating_add(len) < total,
            // A server may cap the page size below what was asked; the
            // limit it reports is the one a full page has.
            (None, None) => len >= page.limit.unwrap_or(self.limit).min(self.limit),
        };
        // An offset past u64::MAX cannot be asked for: the walk ends.
        (more && len > 0).then(|| offset.checked_add(len)).flatten()
    }
}

impl<T: ListItem, K: SortKey> Iterator for Pages<T, K> {
    type Item = Result<Page<T>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(error) = self.pending.take() {
            self.next_offset = None;
            return Some(Err(error));
        }
        let offset = self.next_offset.take()?;

        let request = self.list.request_at(Some(offset), Some(self.limit));
        let page: Page<T> = match self.list.client().execute(request).and_then(|r| r.json()) {
            Ok(page) => page,
            Err(error) => return Some(Err(error)),
        };
        self.fetched += 1;

        if page.data.is_empty() && page.has_more == Some(true) {
            return Some(Err(Error::Pagination(format!(
                "the server said more items follow offset {offset} but sent an empty page"
            ))));
        }
        if !page.data.is_empty() {
            // The set of ids, whatever their order: a server that ignores
            // the offset and sorts unstably sends the same set reshuffled.
            let set = page.data.iter().fold(page.data.len() as u64, |acc, item| {
                let mut h = DefaultHasher::new();
                item.id().hash(&mut h);
                acc.wrapping_add(h.finish())
            });
            if !self.seen.insert(set) {
                return Some(Err(Error::Pagination(format!(
                    "the server sent a page it had sent before for offset {offset}: it ignores the offset, or the list changed during the walk"
                ))));
            }
        }

        self.next_offset = self.after(offset, &page);
        Some(Ok(page))
    }
}

impl<T: ListItem, K: SortKey> FusedIterator for Pages<T, K> {}

/// The items of a list, fetched a page at a time. Made by [`List::iter`].
#[must_use = "iterators do nothing until advanced"]
pub struct Items<T, K> {
    pages: Pages<T, K>,
    current: std::vec::IntoIter<T>,
}

impl<T: ListItem, K: SortKey> Iterator for Items<T, K> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.current.next() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(page) => self.current = page.data.into_iter(),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

impl<T: ListItem, K: SortKey> FusedIterator for Items<T, K> {}

impl<T, K> std::fmt::Debug for Pages<T, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("next_offset", &self.next_offset)
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

impl<T, K> std::fmt::Debug for Items<T, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.current.len())
            .finish()
    }
}
