//! Answers and inputs meant to break the client: absurd retry hints,
//! limits, ports, echoed secrets, forged log lines. Every server is started
//! here on 127.0.0.1, and every loop is bounded.

mod common;

use std::time::Duration;

use common::expected::ADA_ID;
use common::raw::{Answer, RawServer, json, respond};
use common::{KEY, fixture};
use wacht_sync::{Client, Error};

#[test]
fn a_huge_retry_hint_from_the_server_is_an_error_not_a_panic() {
    let huge_header = |status: u16, value: &'static str| {
        RawServer::start(move |_, _| {
            respond(
                status,
                &[("Content-Type", "application/json"), ("Retry-After", value)],
                r#"{"errors":[{"message":"nope","code":400}]}"#,
            )
        })
    };
    let servers = [
        huge_header(404, "18446744073709551615"),
        huge_header(429, "10000000000000000000"),
        huge_header(503, "Sun, 06 Nov 999999999999 08:49:37 GMT"),
        RawServer::start(|_, _| {
            json(
                429,
                r#"{"errors":[{"message":"Rate limit exceeded. Retry after 18446744073709551615 seconds","code":429}]}"#,
            )
        }),
    ];
    for server in &servers {
        let client = server.client();
        let outcome = std::thread::spawn(move || {
            client
                .invitations()
                .create("G", "H", "g@x.example")
                .send()
                .map(drop)
        })
        .join();
        let result = outcome.expect("the call panicked");
        assert!(matches!(result, Err(Error::Api(_))), "{result:?}");
        assert_eq!(server.request_count(), 1);
    }
}

#[test]
fn duration_max_as_a_limit_does_not_panic() {
    let server = RawServer::start(|_, _| json(200, &fixture("users_page.json")));
    let builders = [
        Client::builder().timeout(Duration::MAX),
        Client::builder().connect_timeout(Duration::MAX),
    ];
    for builder in builders {
        let base = server.base_url();
        let outcome = std::thread::spawn(move || {
            let client = builder.api_key(KEY).base_url(base).build()?;
            client.users().list().send().map(drop)
        })
        .join();
        let result = outcome.expect("the call panicked");
        assert!(
            result.is_ok() || matches!(result, Err(Error::Config(_))),
            "{result:?}"
        );
    }
    let client = server.client().with_timeout(Duration::MAX);
    let outcome = std::thread::spawn(move || client.users().list().send().map(drop)).join();
    assert!(outcome.expect("the call panicked").is_ok());
}

#[test]
fn a_base_url_with_a_port_that_does_not_exist_is_refused() {
    for url in [
        "http://127.0.0.1:99999",
        "http://127.0.0.1:65536",
        "http://127.0.0.1:-1",
        "http://[::1]x",
        "https://api.wacht.dev:70000",
    ] {
        let built = Client::builder().api_key(KEY).base_url(url).build();
        assert!(
            matches!(built, Err(Error::Config(_))),
            "{url} accepted: {built:?}"
        );
    }
}

#[test]
fn a_refused_base_url_is_not_quoted_with_its_credentials() {
    let secret = "wk_live_0123456789abcdef";
    for url in [
        format!("https://{secret}@api.wacht.dev"),
        format!("https://user:{secret}@api.wacht.dev"),
        format!("https://user:{secret} x@api.wacht.dev"),
    ] {
        let err = Client::builder()
            .api_key(KEY)
            .base_url(&url)
            .build()
            .unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains(secret), "{text}");
    }
}

#[test]
fn a_decode_error_does_not_quote_secrets() {
    let server = RawServer::start(|index, _| match index {
        0 => json(
            200,
            r#"{"id":null,"otp_url":"otpauth://totp/Example:ada?secret=JBSWY3DPEHPK3PXP&issuer=Example"}"#,
        ),
        _ => json(
            200,
            r#"{"id":"1","created_at":"t","updated_at":"t","deployment_id":"1","first_name":"G","last_name":"H","email_address":"g@x.example","token":"inv_9f2c51d0a7e84b6f","expiry":null}"#,
        ),
    });
    let client = server.client();

    let authenticator = client
        .users()
        .create_authenticator(ADA_ID, "MFRGGZDFMZTWQ2LK")
        .send()
        .unwrap_err();
    let invitation = client
        .invitations()
        .create("G", "H", "g@x.example")
        .send()
        .unwrap_err();

    for (err, secret) in [
        (authenticator, "JBSWY3DPEHPK3PXP"),
        (invitation, "inv_9f2c51d0a7e84b6f"),
    ] {
        let text = format!("{err} {err:?}");
        assert!(!text.contains(secret), "{text}");
    }
}

#[test]
fn an_answer_that_reflects_the_key_does_not_put_it_in_the_error() {
    // A debugging proxy or a misconfigured gateway that echoes the request.
    let server = RawServer::start(|_, head| {
        let auth = head.header("authorization").unwrap_or("").to_owned();
        json(
            401,
            &format!(
                r#"{{"errors":[{{"message":"Authentication failed for {auth}","code":401}}]}}"#
            ),
        )
    });
    let echo = RawServer::start(|_, head| {
        let auth = head.header("authorization").unwrap_or("").to_owned();
        respond(
            502,
            &[("Content-Type", "text/html")],
            &format!("<pre>Authorization: {auth}</pre>"),
        )
    });

    let enveloped = server.client().users().get(ADA_ID).send().unwrap_err();
    let html = echo
        .client()
        .with_max_retries(0)
        .users()
        .get(ADA_ID)
        .send()
        .unwrap_err();

    for err in [enveloped, html] {
        let text = format!("{err} {err:?}");
        assert!(!text.contains(KEY), "{text}");
    }
}

#[test]
fn a_key_that_cannot_be_sent_is_refused_when_building() {
    for key in ["wk_\u{e9}", "wk_\u{a0}", "wk inner", "wk\tinner"] {
        let built = Client::builder()
            .api_key(key)
            .base_url("http://127.0.0.1:9")
            .build();
        assert!(matches!(built, Err(Error::Config(_))), "{key:?} accepted");
    }
}

#[test]
fn server_messages_cannot_forge_log_lines() {
    let server = RawServer::start(|_, _| {
        json(
            400,
            r#"{"errors":[{"message":"bad\n2025-01-01T00:00:00Z INFO admin logged in\u001b[2J","code":400}]}"#,
        )
    });
    let err = server.client().users().get(ADA_ID).send().unwrap_err();
    let text = err.to_string();
    assert!(!text.contains('\n') && !text.contains('\x1b'), "{text:?}");
}

#[test]
fn an_envelope_with_a_textual_code_keeps_its_message_and_retry_hint() {
    let server = RawServer::start(|index, _| {
        if index == 0 {
            json(
                429,
                r#"{"errors":[{"message":"Rate limit exceeded. Retry after 1 seconds","code":"429"}]}"#,
            )
        } else {
            json(
                400,
                r#"{"errors":[{"message":"Bad request","code":400.0}]}"#,
            )
        }
    });
    let err = server
        .client()
        .with_max_retries(0)
        .users()
        .list()
        .send()
        .unwrap_err();
    assert_eq!(
        err.api_error().unwrap().message(),
        Some("Rate limit exceeded. Retry after 1 seconds")
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
    let err = server.client().users().list().send().unwrap_err();
    assert_eq!(err.api_error().unwrap().message(), Some("Bad request"));
}

#[test]
fn an_error_answer_over_the_cap_keeps_its_status() {
    let page = "x".repeat(64 * 1024);
    let server =
        RawServer::start(move |_, _| respond(503, &[("Content-Type", "text/html")], &page));
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .max_response_bytes(16 * 1024)
        .build()
        .unwrap();
    let err = client.users().list().send().unwrap_err();
    assert_eq!(err.status(), Some(503), "{err}");
    assert_eq!(server.request_count(), 3, "a 503 on a GET is retried");
}

#[test]
fn requests_without_a_body_send_no_content_length() {
    let server = RawServer::start(|_, _| json(200, &fixture("users_page.json")));
    server.client().users().list().send().unwrap();
    assert_eq!(server.heads()[0].header("content-length"), None);
}

#[test]
fn debug_of_an_update_does_not_print_private_metadata() {
    let client = Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let update = client
        .users()
        .update(ADA_ID)
        .private_metadata(serde_json::json!({"stripe_customer_secret": "cs_live_zzz"}));
    assert!(!format!("{update:?}").contains("cs_live_zzz"));
}

#[test]
fn a_lying_huge_content_length_with_no_cap_is_an_error_not_a_panic() {
    let server = RawServer::start(|_, _| {
        Answer::BytesThenClose(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 18446744073709551615\r\n\r\n{}"
                .to_vec(),
        )
    });
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .max_response_bytes(u64::MAX)
        .max_retries(0)
        .build()
        .unwrap();
    let outcome = std::thread::spawn(move || client.users().list().send().map(drop)).join();
    let result = outcome.expect("the call panicked (capacity overflow)");
    assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
}

#[test]
fn a_lying_terabyte_content_length_does_not_abort_the_process() {
    const NAME: &str = "a_lying_terabyte_content_length_does_not_abort_the_process";
    if std::env::var_os("WACHT_TEST_CHILD").is_some() {
        let server = RawServer::start(|_, _| {
            Answer::BytesThenClose(
                b"HTTP/1.1 200 OK\r\nContent-Length: 1099511627776\r\n\r\n{}".to_vec(),
            )
        });
        let client = Client::builder()
            .api_key(KEY)
            .base_url(server.base_url())
            .max_response_bytes(u64::MAX)
            .max_retries(0)
            .build()
            .unwrap();
        assert!(client.users().list().send().is_err());
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", NAME])
        .env("WACHT_TEST_CHILD", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "child died: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_key_echoed_into_a_mistyped_field_is_not_in_the_decode_error() {
    let server = RawServer::start(|_, head| {
        let auth = head.header("authorization").unwrap_or("").to_owned();
        json(200, &format!(r#"{{"data":[],"has_more":"{auth}"}}"#))
    });
    let err = server
        .client()
        .with_max_retries(0)
        .users()
        .list()
        .send()
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let text = format!("{err}\n{err:?}");
    assert!(!text.contains(KEY), "{text}");
}

#[test]
fn backup_codes_sent_as_one_string_are_not_quoted_by_the_decode_error() {
    let server = RawServer::start(|_, _| json(200, r#"{"backup_codes":"k3vq-7p2m x9rd-4kfs"}"#));
    let err = server
        .client()
        .with_max_retries(0)
        .users()
        .regenerate_backup_codes("1")
        .send()
        .unwrap_err();
    let text = format!("{err}\n{err:?}");
    assert!(!text.contains("k3vq-7p2m"), "{text}");
}

#[test]
fn a_server_ignoring_the_offset_and_reordering_is_stopped_quickly() {
    let server = RawServer::start(|index, _| {
        if index >= 1000 {
            return json(200, r#"{"data":[],"has_more":false}"#);
        }
        let mut ids: Vec<u64> = (0..100).collect();
        let mut s = (index as u64 + 1).wrapping_mul(0x9E3779B97F4A7C15);
        for i in (1..ids.len()).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            ids.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let data: Vec<_> = ids
            .iter()
            .map(|n| wacht_sync::models::User {
                id: (6823547219085373441 + n).to_string(),
                ..common::expected::ada()
            })
            .collect();
        json(
            200,
            &serde_json::json!({"data": data, "has_more": true}).to_string(),
        )
    });
    let items = server
        .client()
        .with_max_retries(0)
        .users()
        .list()
        .iter()
        .take(200_000)
        .filter(Result::is_ok)
        .count();
    assert!(
        items <= 200,
        "{items} items (the same 100 users, reshuffled) from {} requests",
        server.request_count()
    );
}

#[test]
fn an_error_answer_holding_a_secret_field_does_not_show_it_in_debug() {
    let server = RawServer::start(|_, _| {
        json(
            409,
            r#"{"invitation":{"id":"1","token":"inv_9f2c51d0a7e84b6f"}}"#,
        )
    });
    let err = server
        .client()
        .invitations()
        .create("G", "H", "g@x.example")
        .send()
        .unwrap_err();
    assert!(!format!("{err}").contains("inv_9f2c51d0a7e84b6f"));
    assert!(
        !format!("{err:?}").contains("inv_9f2c51d0a7e84b6f"),
        "{err:?}"
    );
}

#[test]
fn more_available_with_a_huge_offset_from_the_server_does_not_panic() {
    let page: wacht_sync::models::Page<serde_json::Value> =
        serde_json::from_str(r#"{"data":[{"id":"1"}],"total":5,"offset":18446744073709551615}"#)
            .unwrap();
    let more = std::panic::catch_unwind(|| page.more_available());
    assert_eq!(more.ok(), Some(false));
}

#[test]
fn a_walk_never_asks_for_the_same_offset_twice() {
    let server = RawServer::start(|index, _| {
        let user = wacht_sync::models::User {
            id: index.to_string(),
            ..common::expected::ada()
        };
        let more = index < 5; // bounded
        json(
            200,
            &serde_json::json!({"data": [user], "has_more": more}).to_string(),
        )
    });
    let _ = server
        .client()
        .with_max_retries(0)
        .users()
        .list()
        .offset(u64::MAX)
        .per_page(1)
        .iter()
        .take(20)
        .count();
    let lines: Vec<String> = server.heads().into_iter().map(|h| h.request_line).collect();
    let mut unique = lines.clone();
    unique.dedup();
    assert_eq!(lines, unique);
}

#[test]
fn a_page_number_whose_offset_does_not_fit_is_refused() {
    let server = RawServer::start(|_, _| json(200, r#"{"data":[],"has_more":false}"#));
    let got = server
        .client()
        .users()
        .list()
        .page(u64::MAX)
        .per_page(2)
        .send();
    assert!(
        matches!(got, Err(Error::InvalidRequest(_))),
        "{got:?} {:?}",
        server.heads()
    );
    assert_eq!(server.request_count(), 0);
}

#[test]
fn escaped_keys_and_brackets_in_codes_do_not_uncover_secrets() {
    for body in [
        r#"{"tok\u0065n":"inv_SECRET","backup_codes":5}"#,
        r#"{"backup_codes":["ab]cd","inv_SECRET"],"x":}"#,
    ] {
        let server = RawServer::start(move |_, _| json(200, body));
        let err = server
            .client()
            .with_max_retries(0)
            .users()
            .regenerate_backup_codes("1")
            .send()
            .unwrap_err();
        assert!(!err.to_string().contains("inv_SECRET"), "{err}");
    }
}

#[test]
fn server_messages_cannot_split_or_reorder_a_log_line() {
    let server = RawServer::start(|_, _| {
        json(
            400,
            r#"{"errors":[{"message":"bad\u2028INFO admin logged in\u202egnp.exe","code":400}]}"#,
        )
    });
    let shown = server
        .client()
        .users()
        .get("1")
        .send()
        .unwrap_err()
        .to_string();
    for c in ['\u{2028}', '\u{202e}'] {
        assert!(!shown.contains(c), "{c:?} written raw: {shown:?}");
    }
}

#[test]
fn an_ipv4_mapped_loopback_literal_is_loopback() {
    let server = RawServer::start(|_, _| json(200, r#"{"data":[],"has_more":false}"#));
    let base = format!("http://[::ffff:127.0.0.1]:{}", server.addr.port());
    let client = Client::builder().api_key(KEY).base_url(&base).build();
    assert!(client.is_ok(), "{client:?}");
    client.unwrap().users().list().send().unwrap();
}
