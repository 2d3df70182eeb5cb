//! What the client adds on top of the work no client can avoid.
//!
//! ```text
//! cargo bench --bench overhead
//! ```
//!
//! A keep-alive HTTP/1.1 responder runs in a child process (so its CPU time
//! is not counted) on 127.0.0.1 and answers from prebuilt bytes. Each figure
//! is measured against a floor in the same run: the same request bytes
//! written to a raw `TcpStream`, the same response read, the body decoded by
//! `serde_json::from_slice` into the same model type. Rounds of the client
//! and of the floor alternate, and the table shows medians.
//!
//! 1. `users().get(id)` over a reused connection: calls per second (wall)
//!    and CPU time per call (user + system of this process).
//! 2. A 1,000-user list page: MB/s decoded.
//! 3. Walking 100,000 users in pages of 100 against walking 1,000: peak
//!    resident memory of each walk, each in a fresh child process.
//! 4. Creating a user (multipart): calls per second and CPU per call.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use wacht_sync::Client;
use wacht_sync::models::{Page, User, UserDetails};

const KEY: &str = "wk_bench_0123456789abcdef";
const USER_ID: &str = "6823547219085373441";
const USER_DETAILS: &str = include_str!("../tests/fixtures/user_details.json");
const USER: &str = include_str!("../tests/fixtures/user.json");
const ROUNDS: usize = 9;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--responder") => return responder(),
        Some("--walk") => return walk(args[2].parse().unwrap(), &args[3]),
        _ => {}
    }
    // `cargo bench -- get list` runs only those figures; `cargo bench`
    // itself passes `--bench`, which selects nothing.
    let chosen: Vec<&str> = args[1..]
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| chosen.is_empty() || chosen.contains(&name);

    let server = Responder::start();
    let base = server.base_url.clone();
    let client = Client::builder()
        .api_key(KEY)
        .base_url(&base)
        .build()
        .expect("client");

    println!("wacht-sync overhead benchmark ({} rounds, medians)", ROUNDS);
    println!("machine: {}", machine());
    println!();
    println!("| figure | client | floor | ratio | target |");
    println!("| --- | --- | --- | --- | --- |");

    let mut raw = RawClient::connect(&server.addr);

    if wanted("get") {
        get_figures(&client, &mut raw, &base);
    }
    if wanted("list") {
        list_figure(&client, &mut raw, &base);
    }
    if wanted("create") {
        create_figures(&client, &mut raw, &base);
    }
    if wanted("walk") {
        walk_figure(&base);
    }
    println!();
    println!("ratios: client cost over floor cost (lower is better; 1.00 = no overhead)");
}

/// 1. `users().get(id)` over a reused connection.
fn get_figures(client: &Client, raw: &mut RawClient, base: &str) {
    let get_request = raw_request("GET", &format!("/users/{USER_ID}/details"), base, None);
    let ((client_rate, client_cpu), (floor_rate, floor_cpu)) = measure(
        5_000,
        || {
            let details = client.users().get(USER_ID).send().expect("get");
            std::hint::black_box(details);
        },
        || {
            let body = raw.exchange(&get_request);
            let details: UserDetails = serde_json::from_slice(body).expect("decode");
            std::hint::black_box(details);
        },
    );
    row(
        "get user: calls/s (wall)",
        client_rate,
        floor_rate,
        floor_rate / client_rate,
        1.15,
        "x wall",
    );
    row_cpu("get user: CPU µs/call", client_cpu, floor_cpu, 1.30);
}

/// 2. Decoding a 1,000-user page.
fn list_figure(client: &Client, raw: &mut RawClient, base: &str) {
    let list_request = raw_request("GET", "/users?limit=1000", base, None);
    let page_bytes = list_page(0, 1_000, 1_000).len() as f64;
    let ((client_rate, _), (floor_rate, _)) = measure(
        60,
        || {
            let page = client.users().list().limit(1000).send().expect("list");
            assert_eq!(page.data.len(), 1000);
            std::hint::black_box(page);
        },
        || {
            let body = raw.exchange(&list_request);
            let page: Page<User> = serde_json::from_slice(body).expect("decode");
            std::hint::black_box(page);
        },
    );
    let mb = |rate: f64| rate * page_bytes / 1e6;
    row(
        "list 1,000 users: MB/s",
        mb(client_rate),
        mb(floor_rate),
        floor_rate / client_rate,
        1.10,
        "x time",
    );
}

/// 4. Creating a user, multipart.
fn create_figures(client: &Client, raw: &mut RawClient, base: &str) {
    let (boundary, form) = create_form();
    let create_request = raw_request(
        "POST",
        "/users",
        base,
        Some((&format!("multipart/form-data; boundary={boundary}"), &form)),
    );
    let ((client_rate, client_cpu), (floor_rate, floor_cpu)) = measure(
        5_000,
        || {
            let user = client
                .users()
                .create("Ada", "Lovelace")
                .email_address("ada@example.com")
                .password("correct horse battery staple")
                .send()
                .expect("create");
            std::hint::black_box(user);
        },
        || {
            let body = raw.exchange(&create_request);
            let user: User = serde_json::from_slice(body).expect("decode");
            std::hint::black_box(user);
        },
    );
    row(
        "create user: calls/s (wall)",
        client_rate,
        floor_rate,
        floor_rate / client_rate,
        1.25,
        "x wall",
    );
    row_cpu("create user: CPU µs/call", client_cpu, floor_cpu, f64::NAN);
}

/// 3. Peak memory of long walks, each in its own process.
fn walk_figure(base: &str) {
    let small = walk_in_child(1_000, base);
    let large = walk_in_child(100_000, base);
    println!(
        "| walk 100,000 users (client) vs 1,000 (floor): peak RSS | {:.1} MiB | {:.1} MiB | {:.2} | <= 1.50 x |",
        large as f64 / 1024.0,
        small as f64 / 1024.0,
        large as f64 / small as f64
    );
}

/// Rates and CPU costs of one side, in calls per second and CPU µs per call.
struct Side {
    rates: Vec<f64>,
    cpus: Vec<f64>,
}

impl Side {
    fn round(&mut self, calls: usize, call: &mut impl FnMut()) {
        let cpu_before = cpu_time();
        let started = Instant::now();
        for _ in 0..calls {
            call();
        }
        let wall = started.elapsed();
        let cpu = cpu_time() - cpu_before;
        self.rates.push(calls as f64 / wall.as_secs_f64());
        self.cpus.push(cpu.as_secs_f64() * 1e6 / calls as f64);
    }

    fn medians(self) -> (f64, f64) {
        (median(self.rates), median(self.cpus))
    }
}

/// Rounds of `calls` calls, the client's and the floor's alternating so
/// that both see the same machine; medians of each.
fn measure(
    calls: usize,
    mut client: impl FnMut(),
    mut floor: impl FnMut(),
) -> ((f64, f64), (f64, f64)) {
    for _ in 0..calls / 10 {
        client();
        floor();
    }
    let new_side = || Side {
        rates: Vec::with_capacity(ROUNDS),
        cpus: Vec::with_capacity(ROUNDS),
    };
    let (mut c, mut f) = (new_side(), new_side());
    for _ in 0..ROUNDS {
        c.round(calls, &mut client);
        f.round(calls, &mut floor);
    }
    (c.medians(), f.medians())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn row(name: &str, client: f64, floor: f64, ratio: f64, target: f64, unit: &str) {
    println!("| {name} | {client:.0} | {floor:.0} | {ratio:.2} | <= {target:.2} {unit} |");
}

fn row_cpu(name: &str, client: f64, floor: f64, target: f64) {
    let target = if target.is_nan() {
        String::from("-")
    } else {
        format!("<= {target:.2} x CPU")
    };
    println!(
        "| {name} | {client:.1} | {floor:.1} | {:.2} | {target} |",
        client / floor
    );
}

/// User plus system time of this process.
fn cpu_time() -> Duration {
    #[repr(C)]
    struct Timeval {
        sec: i64,
        usec: i64,
    }
    #[repr(C)]
    struct Rusage {
        user: Timeval,
        system: Timeval,
        rest: [i64; 14],
    }
    unsafe extern "C" {
        fn getrusage(who: i32, usage: *mut Rusage) -> i32;
    }
    let mut usage = Rusage {
        user: Timeval { sec: 0, usec: 0 },
        system: Timeval { sec: 0, usec: 0 },
        rest: [0; 14],
    };
    // SAFETY: RUSAGE_SELF (0) fills the struct, whose layout matches the C
    // one on 64-bit Linux.
    let rc = unsafe { getrusage(0, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    let micros = |t: &Timeval| t.sec as u64 * 1_000_000 + t.usec as u64;
    Duration::from_micros(micros(&usage.user) + micros(&usage.system))
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| String::from("unknown CPU"));
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {cores} cores")
}

/// The request bytes the crate sends, written by hand for the floor.
fn raw_request(method: &str, path: &str, base: &str, body: Option<(&str, &[u8])>) -> Vec<u8> {
    let host = base.trim_start_matches("http://");
    let mut out = format!(
        "{method} {path} HTTP/1.1\r\nhost: {host}\r\nuser-agent: wacht-sync/{}\r\naccept: application/json\r\nauthorization: Bearer {KEY}\r\n",
        env!("CARGO_PKG_VERSION")
    )
    .into_bytes();
    match body {
        Some((content_type, bytes)) => {
            out.extend_from_slice(
                format!(
                    "content-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
                    bytes.len()
                )
                .as_bytes(),
            );
            out.extend_from_slice(bytes);
        }
        None => out.extend_from_slice(b"\r\n"),
    }
    out
}

/// The multipart form `create` sends for the benchmark's user.
fn create_form() -> (String, Vec<u8>) {
    let boundary = "wacht-sync-0123456789abcdef";
    let mut form = Vec::new();
    for (name, value) in [
        ("first_name", "Ada"),
        ("last_name", "Lovelace"),
        ("email_address", "ada@example.com"),
        ("password", "correct horse battery staple"),
    ] {
        form.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    form.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (boundary.to_owned(), form)
}

/// The floor's client: one connection, one reused buffer.
struct RawClient {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    body: Vec<u8>,
    line: String,
}

impl RawClient {
    fn connect(addr: &str) -> RawClient {
        let stream = TcpStream::connect(addr).expect("connect");
        stream.set_nodelay(true).unwrap();
        RawClient {
            reader: BufReader::new(stream.try_clone().unwrap()),
            writer: stream,
            body: Vec::new(),
            line: String::new(),
        }
    }

    /// Writes a request and reads the answer's body.
    fn exchange(&mut self, request: &[u8]) -> &[u8] {
        self.writer.write_all(request).expect("write");
        let mut length = 0;
        loop {
            self.line.clear();
            self.reader.read_line(&mut self.line).expect("read head");
            let line = self.line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().expect("length");
                }
            }
        }
        self.body.resize(length, 0);
        self.reader.read_exact(&mut self.body).expect("read body");
        &self.body
    }
}

/// The responder child process.
struct Responder {
    child: Child,
    addr: String,
    base_url: String,
}

impl Responder {
    fn start() -> Responder {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .arg("--responder")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the responder");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("responder address");
        let addr = line.trim().to_owned();
        Responder {
            child,
            base_url: format!("http://{addr}"),
            addr,
        }
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn responder() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    println!("{}", listener.local_addr().unwrap());
    std::io::stdout().flush().unwrap();

    let details = response(USER_DETAILS.as_bytes());
    let created = response(USER.as_bytes());
    let thousand = response(&list_page(0, 1_000, 1_000));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { return };
        let (details, created, thousand) = (details.clone(), created.clone(), thousand.clone());
        std::thread::spawn(move || serve(stream, &details, &created, &thousand));
    }
}

fn serve(stream: TcpStream, details: &[u8], created: &[u8], thousand: &[u8]) {
    stream.set_nodelay(true).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let request_line = line.trim_end().to_owned();
        let mut length = 0;
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        body.resize(length, 0);
        if reader.read_exact(&mut body).is_err() {
            return;
        }

        let path = request_line.split(' ').nth(1).unwrap_or("");
        let written = if request_line.starts_with("POST /users ") {
            writer.write_all(created)
        } else if path.ends_with("/details") {
            writer.write_all(details)
        } else if path == "/users?limit=1000" {
            writer.write_all(thousand)
        } else if let Some(query) = path.strip_prefix("/users?") {
            // A walk: `offset=N&limit=M&search=total%3DT` pages through a
            // list of T users.
            let number = |name: &str| {
                query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix(name))
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0)
            };
            let total = number("search=total%3D");
            writer.write_all(&response(&list_page(
                number("offset="),
                number("limit="),
                total,
            )))
        } else {
            writer.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
        };
        if written.is_err() {
            return;
        }
    }
}

fn response(body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A page of synthetic users from `offset`, at most `limit`, of `total`.
fn list_page(offset: u64, limit: u64, total: u64) -> Vec<u8> {
    let template: serde_json::Value = serde_json::from_str(USER).unwrap();
    let end = (offset + limit).min(total);
    let data: Vec<serde_json::Value> = (offset..end)
        .map(|n| {
            let mut user = template.clone();
            user["id"] = (6_823_547_219_085_373_441u64 + n).to_string().into();
            user["first_name"] = format!("User{n}").into();
            user
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "data": data,
        "has_more": end < total,
        "limit": limit,
        "offset": offset,
    }))
    .unwrap()
}

/// Runs a walk of `users` in a child process; its peak RSS in KiB.
fn walk_in_child(users: u64, base: &str) -> u64 {
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--walk", &users.to_string(), base])
        .output()
        .expect("walk child");
    assert!(output.status.success(), "walk child failed: {output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// The child side: walk every user, then print VmHWM in KiB.
fn walk(users: u64, base: &str) {
    // The responder learns the list's length from the search text.
    let client = Client::builder()
        .api_key(KEY)
        .base_url(base)
        .build()
        .unwrap();
    let mut seen = 0u64;
    let list = client
        .users()
        .list()
        .per_page(100)
        .search(format!("total={users}"));
    for user in list.iter() {
        std::hint::black_box(user.expect("walk"));
        seen += 1;
    }
    assert_eq!(seen, users);
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap();
    println!("{hwm}");
}
