//! Walking every page: the requests a walk makes, in order, and what the
//! caller gets, including from servers that never stop.

mod common;

use std::sync::{Arc, Mutex};

use common::expected::*;
use common::{KEY, fixture};
use httpmock::prelude::*;
use serde_json::{Value, json};
use wacht_sync::models::User;
use wacht_sync::{Client, Error, WALK_PAGE_SIZE};

/// A server that answers each listed query string with its body, and
/// records the query strings of every request in order.
struct Pager {
    server: MockServer,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Pager {
    fn new(path: &str, answers: Vec<(&str, u16, Value)>) -> Pager {
        let server = MockServer::start();
        let seen = Arc::new(Mutex::new(Vec::new()));
        for (query, status, body) in answers {
            let (query, recorder) = (query.to_owned(), Arc::clone(&seen));
            server.mock(|when, then| {
                when.method(GET).path(path).is_true(move |req| {
                    let got = req.uri().query().unwrap_or("").to_owned();
                    let hit = got == query;
                    if hit {
                        recorder.lock().unwrap().push(got);
                    }
                    hit
                });
                then.status(status)
                    .header("content-type", "application/json")
                    .body(body.to_string());
            });
        }
        Pager { server, seen }
    }

    fn client(&self) -> Client {
        Client::builder()
            .api_key(KEY)
            .base_url(self.server.base_url())
            .max_retries(0)
            .build()
            .unwrap()
    }

    fn queries(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn user(n: u64) -> User {
    User {
        id: (6823547219085373441 + n).to_string(),
        first_name: format!("User{n}"),
        ..ada()
    }
}

fn page(users: &[User], has_more: Option<bool>) -> Value {
    let mut body = json!({ "data": users });
    if let Some(more) = has_more {
        body["has_more"] = json!(more);
    }
    body
}

fn users(range: std::ops::Range<u64>) -> Vec<User> {
    range.map(user).collect()
}

#[test]
fn a_three_page_walk_asks_for_each_page_once_and_yields_every_item_in_order() {
    let pager = Pager::new(
        "/users",
        vec![
            (
                "offset=0&limit=2&search=ada",
                200,
                page(&users(0..2), Some(true)),
            ),
            (
                "offset=2&limit=2&search=ada",
                200,
                page(&users(2..4), Some(true)),
            ),
            (
                "offset=4&limit=2&search=ada",
                200,
                page(&users(4..5), Some(false)),
            ),
        ],
    );

    let walked: Vec<User> = pager
        .client()
        .users()
        .list()
        .search("ada")
        .per_page(2)
        .iter()
        .collect::<Result<_, _>>()
        .unwrap();

    assert_eq!(walked, users(0..5));
    assert_eq!(
        pager.queries(),
        [
            "offset=0&limit=2&search=ada",
            "offset=2&limit=2&search=ada",
            "offset=4&limit=2&search=ada"
        ]
    );
}

#[test]
fn pages_yields_whole_pages_as_the_server_sent_them() {
    let pager = Pager::new(
        "/users",
        vec![
            (
                "offset=0&limit=2",
                200,
                serde_json::from_str(&fixture("users_page.json")).unwrap(),
            ),
            (
                "offset=2&limit=2",
                200,
                serde_json::from_str(&fixture("users_page_last.json")).unwrap(),
            ),
        ],
    );

    let pages: Vec<_> = pager
        .client()
        .users()
        .list()
        .limit(2)
        .pages()
        .collect::<Result<_, _>>()
        .unwrap();

    assert_eq!(pages, vec![users_page(), users_page_last()]);
    assert_eq!(pager.queries(), ["offset=0&limit=2", "offset=2&limit=2"]);
}

#[test]
fn a_walk_without_a_size_asks_for_the_walk_page_size_from_where_the_request_starts() {
    let query = format!("offset=30&limit={WALK_PAGE_SIZE}");
    let pager = Pager::new(
        "/invitations",
        vec![(
            &query,
            200,
            serde_json::from_str(&fixture("invitations_page.json")).unwrap(),
        )],
    );

    let walked: Vec<_> = pager
        .client()
        .invitations()
        .list()
        .offset(30)
        .iter()
        .collect::<Result<_, _>>()
        .unwrap();

    assert_eq!(walked, vec![grace_invitation()]);
    assert_eq!(pager.queries(), [query]);
}

#[test]
fn an_empty_list_yields_nothing_after_one_request() {
    let pager = Pager::new(
        "/waitlist",
        vec![(
            "offset=0&limit=100",
            200,
            json!({"data": [], "has_more": false}),
        )],
    );

    let walked: Vec<_> = pager.client().waitlist().list().iter().collect();

    assert!(walked.is_empty());
    assert_eq!(pager.queries(), ["offset=0&limit=100"]);
}

#[test]
fn has_more_with_an_empty_page_ends_with_a_clear_error() {
    let pager = Pager::new(
        "/users",
        vec![
            ("offset=0&limit=2", 200, page(&users(0..2), Some(true))),
            ("offset=2&limit=2", 200, page(&[], Some(true))),
        ],
    );

    let walked: Vec<_> = pager.client().users().list().per_page(2).iter().collect();

    assert_eq!(walked.len(), 3);
    assert_eq!(walked[0].as_ref().unwrap(), &user(0));
    assert_eq!(walked[1].as_ref().unwrap(), &user(1));
    let err = walked[2].as_ref().unwrap_err();
    assert!(matches!(err, Error::Pagination(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "stopped walking the list: the server said more items follow offset 2 but sent an empty page"
    );
    assert_eq!(pager.queries(), ["offset=0&limit=2", "offset=2&limit=2"]);
}

#[test]
fn a_server_repeating_the_same_page_ends_with_a_clear_error() {
    let same = page(&users(0..2), Some(true));
    let pager = Pager::new(
        "/users",
        vec![
            ("offset=0&limit=2", 200, same.clone()),
            ("offset=2&limit=2", 200, same),
        ],
    );

    let walked: Vec<_> = pager.client().users().list().per_page(2).iter().collect();

    assert_eq!(walked.len(), 3);
    assert!(walked[..2].iter().all(Result::is_ok));
    assert_eq!(
        walked[2].as_ref().unwrap_err().to_string(),
        "stopped walking the list: the server sent a page it had sent before for offset 2: it ignores the offset, or the list changed during the walk"
    );
    assert_eq!(pager.queries(), ["offset=0&limit=2", "offset=2&limit=2"]);
}

#[test]
fn a_failure_on_page_two_yields_page_one_then_one_error_then_ends() {
    let pager = Pager::new(
        "/users",
        vec![
            ("offset=0&limit=2", 200, page(&users(0..2), Some(true))),
            (
                "offset=2&limit=2",
                500,
                serde_json::from_str(&fixture("error_500.json")).unwrap(),
            ),
        ],
    );

    let mut walk = pager.client().users().list().per_page(2).iter();

    assert_eq!(walk.next().unwrap().unwrap(), user(0));
    assert_eq!(walk.next().unwrap().unwrap(), user(1));
    let err = walk.next().unwrap().unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(walk.next().is_none());
    assert!(walk.next().is_none());
    assert_eq!(pager.queries(), ["offset=0&limit=2", "offset=2&limit=2"]);
}

#[test]
fn total_without_has_more_ends_the_walk_when_reached() {
    let pager = Pager::new(
        "/users",
        vec![
            (
                "offset=0&limit=2",
                200,
                json!({"data": users(0..2), "total": 3}),
            ),
            (
                "offset=2&limit=2",
                200,
                json!({"data": users(2..3), "total": 3}),
            ),
        ],
    );

    let walked: Vec<User> = pager
        .client()
        .users()
        .list()
        .per_page(2)
        .iter()
        .collect::<Result<_, _>>()
        .unwrap();

    assert_eq!(walked, users(0..3));
    assert_eq!(pager.queries(), ["offset=0&limit=2", "offset=2&limit=2"]);
}

#[test]
fn without_has_more_or_total_a_short_page_is_the_last() {
    let pager = Pager::new(
        "/users",
        vec![
            ("offset=0&limit=2", 200, page(&users(0..2), None)),
            ("offset=2&limit=2", 200, page(&users(2..3), None)),
        ],
    );

    let walked: Vec<User> = pager
        .client()
        .users()
        .list()
        .per_page(2)
        .iter()
        .collect::<Result<_, _>>()
        .unwrap();

    assert_eq!(walked, users(0..3));
    assert_eq!(pager.queries(), ["offset=0&limit=2", "offset=2&limit=2"]);
}

#[test]
fn a_server_that_caps_the_page_size_is_followed_to_the_end() {
    // Asked for 3, the server sends 2 at a time and says so in `limit`.
    let pager = Pager::new(
        "/users",
        vec![
            (
                "offset=0&limit=3",
                200,
                json!({"data": users(0..2), "limit": 2}),
            ),
            (
                "offset=2&limit=3",
                200,
                json!({"data": users(2..4), "limit": 2}),
            ),
            ("offset=4&limit=3", 200, json!({"data": [], "limit": 2})),
        ],
    );

    let walked: Vec<User> = pager
        .client()
        .users()
        .list()
        .per_page(3)
        .iter()
        .collect::<Result<_, _>>()
        .unwrap();

    assert_eq!(walked, users(0..4));
    assert_eq!(
        pager.queries(),
        ["offset=0&limit=3", "offset=2&limit=3", "offset=4&limit=3"]
    );
}

#[test]
fn a_walk_with_page_zero_or_size_zero_fails_before_sending() {
    let pager = Pager::new("/users", vec![]);

    let zero_page: Vec<_> = pager.client().users().list().page(0).iter().collect();
    let zero_size: Vec<_> = pager.client().users().list().limit(0).pages().collect();

    assert!(
        matches!(zero_page.as_slice(), [Err(Error::InvalidRequest(_))]),
        "{zero_page:?}"
    );
    assert!(
        matches!(zero_size.as_slice(), [Err(Error::InvalidRequest(_))]),
        "{zero_size:?}"
    );
    assert!(pager.queries().is_empty());
}

#[test]
fn nothing_is_fetched_until_the_iterator_is_advanced() {
    let pager = Pager::new(
        "/users",
        vec![("offset=0&limit=100", 200, page(&users(0..1), Some(false)))],
    );

    let walk = pager.client().users().list().iter();
    assert!(pager.queries().is_empty());

    assert_eq!(walk.count(), 1);
    assert_eq!(pager.queries().len(), 1);
}

#[test]
fn the_walk_counts_the_pages_it_fetched() {
    let pager = Pager::new(
        "/users",
        vec![
            ("offset=0&limit=2", 200, page(&users(0..2), Some(true))),
            ("offset=2&limit=2", 200, page(&users(2..3), Some(false))),
        ],
    );
    let mut walk = pager.client().users().list().per_page(2).iter();
    assert_eq!(walk.pages_fetched(), 0);

    walk.next().unwrap().unwrap();
    assert_eq!(walk.pages_fetched(), 1);
    walk.next().unwrap().unwrap();
    walk.next().unwrap().unwrap();
    assert_eq!(walk.pages_fetched(), 2);
    assert!(walk.next().is_none());
    assert_eq!(walk.pages_fetched(), 2);
}

#[test]
fn a_server_cycling_through_two_pages_ends_with_a_clear_error() {
    let (a, b) = (
        page(&users(0..2), Some(true)),
        page(&users(2..4), Some(true)),
    );
    let pager = Pager::new(
        "/users",
        vec![
            ("offset=0&limit=2", 200, a.clone()),
            ("offset=2&limit=2", 200, b.clone()),
            ("offset=4&limit=2", 200, a),
            ("offset=6&limit=2", 200, b),
        ],
    );

    let walked: Vec<_> = pager.client().users().list().per_page(2).iter().collect();

    assert_eq!(walked.len(), 5);
    assert!(walked[..4].iter().all(Result::is_ok));
    assert_eq!(
        walked[4].as_ref().unwrap_err().to_string(),
        "stopped walking the list: the server sent a page it had sent before for offset 4: it ignores the offset, or the list changed during the walk"
    );
    assert_eq!(
        pager.queries(),
        ["offset=0&limit=2", "offset=2&limit=2", "offset=4&limit=2"]
    );
}

#[test]
fn a_walk_from_a_page_number_counts_pages_of_the_walks_own_size() {
    let pager = Pager::new(
        "/users",
        vec![
            ("offset=100&limit=100", 200, page(&users(0..1), Some(false))),
            ("offset=20&limit=10", 200, page(&users(1..2), Some(false))),
        ],
    );

    let by_walk_size: Vec<User> = pager
        .client()
        .users()
        .list()
        .page(2)
        .iter()
        .collect::<Result<_, _>>()
        .unwrap();
    let by_given_size: Vec<User> = pager
        .client()
        .users()
        .list()
        .page(3)
        .per_page(10)
        .iter()
        .collect::<Result<_, _>>()
        .unwrap();

    assert_eq!(by_walk_size, users(0..1));
    assert_eq!(by_given_size, users(1..2));
    assert_eq!(
        pager.queries(),
        ["offset=100&limit=100", "offset=20&limit=10"]
    );
}
