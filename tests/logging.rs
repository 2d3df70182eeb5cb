//! What the crate logs through the `log` facade. The logger is process-wide,
//! so this file holds a single test and runs as its own process.

mod common;

use std::sync::Mutex;

use common::expected::ADA_ID;
use common::raw::{RawServer, json};
use common::{KEY, fixture};

struct Capture(Mutex<Vec<(log::Level, String)>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }

    fn log(&self, record: &log::Record) {
        if record.target().starts_with("wacht_sync") {
            let line = record.args().to_string();
            self.0.lock().unwrap().push((record.level(), line));
        }
    }

    fn flush(&self) {}
}

static CAPTURE: Capture = Capture(Mutex::new(Vec::new()));

#[test]
fn one_debug_line_per_call_a_warn_per_retry_and_no_secrets() {
    log::set_logger(&CAPTURE).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let server = RawServer::start(|index, _| match index {
        0 => json(503, ""),
        1 => json(200, &fixture("users_page.json")),
        _ => json(400, &fixture("error_400.json")),
    });
    let client = server.client();

    client
        .users()
        .list()
        .search("secret-search-text")
        .send()
        .unwrap();
    let _ = client
        .users()
        .update_password(ADA_ID, "hunter2-password")
        .send();

    let lines = CAPTURE.0.lock().unwrap().clone();
    let expected = [
        (
            log::Level::Warn,
            String::from("GET /users: HTTP 503; retry 1 of 2 in "),
        ),
        (log::Level::Debug, String::from("GET /users -> 200 in ")),
        (
            log::Level::Debug,
            format!("PATCH /users/{ADA_ID}/password -> HTTP 400 in "),
        ),
    ];
    assert_eq!(lines.len(), expected.len(), "{lines:#?}");
    for ((level, line), (want_level, start)) in lines.iter().zip(&expected) {
        assert_eq!(level, want_level, "{line}");
        assert!(
            line.starts_with(start.as_str()),
            "{line:?} should start with {start:?}"
        );
    }
    assert!(lines[1].1.ends_with(", 2 attempt(s)"), "{}", lines[1].1);
    assert!(lines[2].1.ends_with(", 1 attempt(s)"), "{}", lines[2].1);
    for (_, line) in &lines {
        assert!(!line.contains(KEY), "{line}");
        assert!(!line.contains("secret-search-text"), "{line}");
        assert!(!line.contains("hunter2"), "{line}");
        assert!(!line.contains("Bad request"), "{line}");
    }
}
