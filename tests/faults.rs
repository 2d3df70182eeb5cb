//! The crate against servers that misbehave: every scenario starts its own
//! server on 127.0.0.1 and asserts the exact outcome and how many requests
//! the server saw. Time bounds here only catch hangs; they measure nothing.

mod common;

use std::net::TcpListener;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::expected::*;
use common::raw::{Answer, RawServer, json, respond};
use common::{KEY, fixture};
use wacht_sync::{Client, Error};

/// Generous: a call that takes this long is hanging.
const HANG: Duration = Duration::from_secs(20);

fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn connection_refused_is_retried_for_every_method_then_reported() {
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .build()
        .unwrap();

    let get = client.users().get(ADA_ID).send().unwrap_err();
    let post = client.users().create("Ada", "Lovelace").send().unwrap_err();

    for err in [get, post] {
        assert!(err.is_transport(), "{err:?}");
        assert_eq!(err.attempts(), 3);
        assert_eq!(
            err.to_string(),
            "could not talk to the Wacht API: connection refused, after 3 attempts"
        );
    }
}

#[test]
fn retries_can_be_turned_off() {
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .max_retries(0)
        .build()
        .unwrap();

    let err = client.users().list().send().unwrap_err();

    assert_eq!(err.attempts(), 1);
    assert_eq!(
        err.to_string(),
        "could not talk to the Wacht API: connection refused"
    );
}

#[test]
fn a_reset_before_any_answer_is_retried_for_a_get() {
    let server = RawServer::resetting(b"");

    let err = server.client().users().get(ADA_ID).send().unwrap_err();

    assert!(err.is_transport(), "{err:?}");
    assert_eq!(err.attempts(), 3);
    assert_eq!(server.request_count(), 3);
}

#[test]
fn a_reset_before_any_answer_is_not_retried_for_a_create() {
    let server = RawServer::resetting(b"");

    let err = server
        .client()
        .users()
        .create("Ada", "Lovelace")
        .send()
        .unwrap_err();

    assert!(err.is_transport(), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_reset_half_way_through_the_body_is_a_transport_error() {
    let server = RawServer::resetting(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"id\":\"68235",
    );

    let err = server
        .client()
        .with_max_retries(0)
        .users()
        .get(ADA_ID)
        .send()
        .unwrap_err();

    assert!(err.is_transport(), "{err:?}");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_body_shorter_than_its_content_length_is_a_transport_error() {
    let server = RawServer::start(|_, _| {
        Answer::BytesThenClose(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"data\":[]}".to_vec(),
        )
    });

    let err = server.client().users().list().send().unwrap_err();

    assert!(err.is_transport(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "could not talk to the Wacht API: the connection closed before the answer ended, after 3 attempts"
    );
    assert_eq!(server.request_count(), 3);
}

#[test]
fn headers_that_never_arrive_time_out_at_the_deadline() {
    let server = RawServer::start(|_, _| Answer::Silence);
    let started = Instant::now();

    let err = server
        .client()
        .with_timeout(Duration::from_millis(400))
        .users()
        .get(ADA_ID)
        .send()
        .unwrap_err();

    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.request_count(), 1);
    assert!(started.elapsed() < HANG);
}

#[test]
fn a_body_that_trickles_forever_stops_at_the_deadline() {
    let server = RawServer::start(|_, _| Answer::Trickle {
        every: Duration::from_millis(20),
        for_at_most: Duration::from_secs(15),
    });
    let started = Instant::now();

    let err = server
        .client()
        .with_timeout(Duration::from_millis(500))
        .users()
        .list()
        .send()
        .unwrap_err();

    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < HANG);
}

#[test]
fn a_body_over_the_cap_is_an_error_not_a_memory_spike() {
    let big = format!("{{\"data\":[],\"padding\":\"{}\"}}", "x".repeat(64 * 1024));
    let server = RawServer::start(move |_, _| json(200, &big));
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .max_response_bytes(16 * 1024)
        .build()
        .unwrap();

    let err = client.users().list().send().unwrap_err();

    assert!(err.is_transport(), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert!(
        err.to_string().contains("larger than the 16384-byte limit"),
        "{err}"
    );
    assert_eq!(server.request_count(), 1);
}

#[test]
fn an_html_bad_gateway_on_a_get_is_retried_then_reported_with_its_text() {
    let page = fixture("error_502.html");
    let server =
        RawServer::start(move |_, _| respond(502, &[("Content-Type", "text/html")], &page));

    let err = server.client().users().list().send().unwrap_err();

    let api = err.api_error().expect("an API error");
    assert_eq!(api.status, 502);
    assert_eq!(api.attempts, 3);
    assert!(
        api.body
            .as_deref()
            .unwrap()
            .contains("<h1>502 Bad Gateway</h1>")
    );
    assert!(err.to_string().ends_with("(after 3 attempts)"), "{err}");
    assert_eq!(server.request_count(), 3);
}

#[test]
fn a_200_that_is_not_json_is_a_decode_error_and_not_retried() {
    let server = RawServer::start(|_, _| respond(200, &[("Content-Type", "text/plain")], "OK"));

    let err = server.client().users().get(ADA_ID).send().unwrap_err();

    assert!(
        matches!(&err, Error::Decode { status: 200, excerpt, .. } if excerpt == "OK"),
        "{err:?}"
    );
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_200_with_an_empty_body_for_an_object_is_a_decode_error() {
    let server = RawServer::start(|_, _| json(200, ""));

    let err = server
        .client()
        .waitlist()
        .approve("6823547219085373460")
        .send()
        .unwrap_err();

    assert!(matches!(&err, Error::Decode { status: 200, .. }), "{err:?}");
    assert_eq!(server.request_count(), 1);
}

/// `429` first, then the fixture; returns the error-free result, the
/// server, and how long the call took.
fn rate_limited_once(
    headers: &'static [(&'static str, &'static str)],
    message: &'static str,
) -> (RawServer, Duration) {
    let server = RawServer::start(move |index, _| {
        if index == 0 {
            let body = format!(r#"{{"errors":[{{"message":"{message}","code":429}}]}}"#);
            let mut all = vec![("Content-Type", "application/json")];
            all.extend_from_slice(headers);
            respond(429, &all, &body)
        } else {
            json(200, &fixture("invitation.json"))
        }
    });
    let started = Instant::now();

    let invitation = server
        .client()
        .invitations()
        .create("Grace", "Hopper", "grace@example.com")
        .send()
        .unwrap();

    assert_eq!(invitation, grace_invitation());
    (server, started.elapsed())
}

#[test]
fn a_429_with_retry_after_seconds_is_retried_after_that_wait_even_for_a_post() {
    let (server, took) = rate_limited_once(&[("Retry-After", "1")], "Rate limit exceeded");

    assert_eq!(server.request_count(), 2);
    assert!(took >= Duration::from_secs(1), "waited only {took:?}");
    assert!(took < HANG);
}

#[test]
fn a_429_with_retry_after_as_an_http_date_is_retried_at_that_time() {
    let at = SystemTime::now() + Duration::from_secs(2);
    let date: &'static str = Box::leak(http_date(at).into_boxed_str());
    let headers: &'static [(&str, &str)] =
        Box::leak(vec![("Retry-After", date)].into_boxed_slice());

    let (server, took) = rate_limited_once(headers, "Rate limit exceeded");

    assert_eq!(server.request_count(), 2);
    // The date has whole seconds, so the wait is between one and two.
    assert!(took >= Duration::from_secs(1), "waited only {took:?}");
    assert!(took < HANG);
}

#[test]
fn a_429_with_only_wachts_message_waits_as_the_message_says() {
    let (server, took) = rate_limited_once(&[], "Rate limit exceeded. Retry after 1 seconds");

    assert_eq!(server.request_count(), 2);
    assert!(took >= Duration::from_secs(1), "waited only {took:?}");
}

#[test]
fn a_429_asking_for_more_than_the_deadline_allows_is_returned_at_once() {
    let server = RawServer::start(|_, _| {
        respond(
            429,
            &[("Retry-After", "60")],
            r#"{"errors":[{"message":"Rate limit exceeded","code":429}]}"#,
        )
    });
    let started = Instant::now();

    let err = server
        .client()
        .with_timeout(Duration::from_secs(5))
        .users()
        .list()
        .send()
        .unwrap_err();

    assert!(err.is_rate_limited());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(60)));
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.request_count(), 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_503_twice_then_200_succeeds_on_the_third_request() {
    let server = RawServer::start(|index, _| {
        if index < 2 {
            json(503, &fixture("error_500.json"))
        } else {
            json(200, &fixture("user_details.json"))
        }
    });

    let details = server.client().users().get(ADA_ID).send().unwrap();

    assert_eq!(details, ada_details());
    assert_eq!(server.request_count(), 3);
    // Retries reuse the kept-alive connection.
    assert_eq!(server.connection_count(), 1);
}

#[test]
fn a_503_on_a_patch_that_sets_values_is_retried() {
    let server = RawServer::start(|index, _| {
        if index == 0 {
            json(503, "")
        } else {
            json(200, &fixture("user_email.json"))
        }
    });

    let email = server
        .client()
        .users()
        .update_email(ADA_ID, "6823547219085373442")
        .primary(true)
        .send()
        .unwrap();

    assert_eq!(email, ada_email());
    assert_eq!(server.request_count(), 2);
}

#[test]
fn a_500_on_create_user_fails_after_exactly_one_request() {
    let server = RawServer::start(|_, _| json(500, &fixture("error_500.json")));

    let err = server
        .client()
        .users()
        .create("Ada", "Lovelace")
        .send()
        .unwrap_err();

    assert!(err.is_server_error());
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.to_string(), "Something went wrong (HTTP 500)");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_503_on_any_post_is_never_retried() {
    let server = RawServer::start(|_, _| json(503, &fixture("error_500.json")));
    let client = server.client();

    let errors = [
        client
            .users()
            .create("Ada", "Lovelace")
            .send()
            .map(drop)
            .unwrap_err(),
        client
            .invitations()
            .create("G", "H", "g@x.example")
            .send()
            .map(drop)
            .unwrap_err(),
        client
            .users()
            .add_email(ADA_ID, "a@x.example")
            .send()
            .map(drop)
            .unwrap_err(),
        client
            .users()
            .add_phone(ADA_ID, "+1")
            .send()
            .map(drop)
            .unwrap_err(),
        client
            .waitlist()
            .approve("6823547219085373460")
            .send()
            .map(drop)
            .unwrap_err(),
        client
            .users()
            .revoke_all_sessions(ADA_ID)
            .send()
            .map(drop)
            .unwrap_err(),
        client
            .users()
            .regenerate_backup_codes(ADA_ID)
            .send()
            .map(drop)
            .unwrap_err(),
    ];

    assert!(
        errors
            .iter()
            .all(|e| e.status() == Some(503) && e.attempts() == 1)
    );
    assert_eq!(server.request_count(), errors.len());
}

#[test]
fn a_4xx_other_than_429_is_never_retried() {
    let server = RawServer::start(|_, _| json(404, &fixture("error_404.json")));

    let err = server.client().users().get(ADA_ID).send().unwrap_err();

    assert!(err.is_not_found());
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_hostile_id_reaches_the_server_as_one_encoded_segment() {
    let server = RawServer::start(|_, _| json(200, &fixture("user_details.json")));

    server
        .client()
        .users()
        .get("../a/b?c=1#d%2F é\u{0}")
        .send()
        .unwrap();

    let heads = server.heads();
    assert_eq!(
        heads[0].request_line,
        "GET /users/%2E%2E%2Fa%2Fb%3Fc%3D1%23d%252F%20%C3%A9%00/details HTTP/1.1"
    );
}

#[test]
fn the_key_goes_only_to_the_base_url() {
    let server = RawServer::start(|_, _| json(200, &fixture("user_details.json")));

    server.client().users().get(ADA_ID).send().unwrap();

    let heads = server.heads();
    assert_eq!(
        heads[0].header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(
        heads[0].header("host"),
        Some(server.addr.to_string().as_str())
    );
}

/// An IMF-fixdate for a moment, as a server would send it.
fn http_date(at: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = at.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since the epoch (proleptic Gregorian).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[test]
fn the_test_date_formatter_matches_a_known_date() {
    let at = UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
}

#[test]
fn with_timeout_can_give_a_call_longer_than_the_clients_default() {
    let server = RawServer::start(|_, _| {
        std::thread::sleep(Duration::from_millis(800));
        json(200, &fixture("user_details.json"))
    });
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let impatient = client.users().get(ADA_ID).send().unwrap_err();
    let patient = client
        .with_timeout(Duration::from_secs(10))
        .users()
        .get(ADA_ID)
        .send();

    assert!(impatient.is_timeout(), "{impatient:?}");
    assert_eq!(
        impatient.to_string(),
        "the Wacht API did not answer in time: the call took longer than its deadline"
    );
    assert_eq!(patient.unwrap(), ada_details());
}

#[test]
fn a_decode_error_after_a_retry_counts_both_attempts() {
    let server = RawServer::start(|index, _| {
        if index == 0 {
            json(503, "")
        } else {
            respond(
                200,
                &[("Content-Type", "text/html")],
                "<html>maintenance</html>",
            )
        }
    });

    let err = server.client().users().get(ADA_ID).send().unwrap_err();

    assert!(matches!(err, Error::Decode { attempts: 2, .. }), "{err:?}");
    assert_eq!(err.attempts(), 2);
    assert_eq!(server.request_count(), 2);
}

#[test]
fn a_post_without_a_body_says_content_length_zero() {
    let server = RawServer::start(|_, _| json(200, &fixture("invitation.json")));

    server
        .client()
        .waitlist()
        .approve("6823547219085373460")
        .send()
        .unwrap();

    let head = &server.heads()[0];
    assert_eq!(
        head.request_line,
        "POST /waitlist/6823547219085373460/approve HTTP/1.1"
    );
    assert_eq!(head.header("content-length"), Some("0"));
    assert_eq!(head.header("transfer-encoding"), None);
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_get_carries_no_body_headers() {
    let server = RawServer::start(|_, _| json(200, &fixture("user_details.json")));

    server.client().users().get(ADA_ID).send().unwrap();

    let head = &server.heads()[0];
    assert_eq!(head.header("content-length"), None);
    assert_eq!(head.header("transfer-encoding"), None);
    assert_eq!(head.header("content-type"), None);
}
