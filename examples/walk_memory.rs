//! Shows that walking a list with `.iter()` takes the same memory for
//! 100,000 users as for 1,000: one page is held at a time.
//!
//! ```text
//! cargo run --release --example walk_memory
//! ```
//!
//! Each walk runs in a child process of its own (this program again, with
//! `--child`), so that each peak resident set size (`VmHWM` in
//! `/proc/self/status`, so Linux only) belongs to one walk alone. The users
//! come from a local fake Wacht server in the parent that makes each page
//! up when asked, so the server's memory is not counted either. This one
//! never talks to a real deployment, `WACHT_API_KEY` or not: a walk of
//! 100,000 users would be a load test of your deployment.

#[path = "support/fake_wacht.rs"]
mod fake_wacht;

use std::error::Error;
use std::io::Read;
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use wacht_sync::Client;

/// The walks, in users.
const WALKS: [u64; 2] = [1_000, 100_000];
const PER_PAGE: u64 = 100;
/// A walk that takes longer than this is stopped and reported.
const CHILD_TIME_LIMIT: Duration = Duration::from_secs(50);

/// What a child reports about its walk.
struct Walk {
    users: u64,
    pages: u64,
    seconds: f64,
    peak_kib: u64,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [] => parent(),
        [flag, base_url, users] if flag == "--child" => child(base_url, users),
        _ => Err("usage: walk_memory (the --child form is for its own use)".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parent() -> Result<(), Box<dyn Error>> {
    let exe = std::env::current_exe()?;
    println!(
        "Walking made-up users from a local fake Wacht server, {PER_PAGE} a page, \
         each walk in a process of its own"
    );

    let mut walks = Vec::new();
    for users in WALKS {
        let server = fake_wacht::start_with(fake_wacht::Options {
            users: Some(users),
            ..Default::default()
        })?;
        let report = run_child(&exe, &server.base_url(), users)?;
        let mut fields = report.split_whitespace().map(str::parse::<f64>);
        let (Some(Ok(seconds)), Some(Ok(peak_kib)), None) =
            (fields.next(), fields.next(), fields.next())
        else {
            return Err(format!("the child reported {report:?}").into());
        };
        walks.push(Walk {
            users,
            // Every request the server answered was a page of the walk.
            pages: server.requests_answered(),
            seconds,
            peak_kib: peak_kib as u64,
        });
    }

    println!();
    println!(
        "{:>9}  {:>6}  {:>7}  {:>14}",
        "users", "pages", "seconds", "peak RSS (MiB)"
    );
    for walk in &walks {
        println!(
            "{:>9}  {:>6}  {:>7.2}  {:>14.1}",
            thousands(walk.users),
            thousands(walk.pages),
            walk.seconds,
            walk.peak_kib as f64 / 1024.0
        );
    }
    let [small, large] = &walks[..] else {
        unreachable!("two walks")
    };
    println!(
        "\npeak RSS of the {}-user walk / the {}-user walk: {:.2}",
        thousands(large.users),
        thousands(small.users),
        large.peak_kib as f64 / small.peak_kib as f64
    );
    Ok(())
}

/// Runs one walk in a child process and returns what it printed.
fn run_child(exe: &std::path::Path, base_url: &str, users: u64) -> Result<String, Box<dyn Error>> {
    let mut child = Command::new(exe)
        .args(["--child", base_url, &users.to_string()])
        .stdout(Stdio::piped())
        .spawn()?;

    // The child prints one short line, well under what a pipe holds, so
    // waiting for it before reading cannot block it.
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > CHILD_TIME_LIMIT {
            child.kill()?;
            child.wait()?;
            return Err(format!("the walk of {users} users took over {CHILD_TIME_LIMIT:?}").into());
        }
        thread::sleep(Duration::from_millis(10));
    };
    let mut report = String::new();
    if let Some(mut stdout) = child.stdout.take() {
        stdout.read_to_string(&mut report)?;
    }
    if !status.success() {
        return Err(format!("the walk of {users} users failed ({status})").into());
    }
    Ok(report)
}

/// The walk itself: every user, then the seconds it took and the process's
/// peak resident set size in KiB, on one line.
fn child(base_url: &str, users: &str) -> Result<(), Box<dyn Error>> {
    let expected: u64 = users.parse()?;
    let client = Client::builder()
        .api_key(fake_wacht::API_KEY)
        .base_url(base_url)
        .build()?;

    let started = Instant::now();
    let mut walked = 0;
    // One more than expected at most: a server that sends too many is a
    // failure to report, not a walk without end.
    let limit = usize::try_from(expected)?.saturating_add(1);
    for user in client.users().list().per_page(PER_PAGE).iter().take(limit) {
        user?;
        walked += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    if walked != expected {
        return Err(format!("walked {walked} users, expected {expected}").into());
    }

    println!("{seconds} {}", peak_rss_kib()?);
    Ok(())
}

/// `VmHWM` of `/proc/self/status`: the most memory this process has had
/// resident at once, in KiB.
fn peak_rss_kib() -> Result<u64, Box<dyn Error>> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("peak RSS needs Linux's /proc/self/status: {e}"))?;
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .ok_or("no VmHWM in /proc/self/status")?;
    let kib = line.trim().trim_end_matches("kB").trim().parse()?;
    Ok(kib)
}

/// `100000` as `100,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
