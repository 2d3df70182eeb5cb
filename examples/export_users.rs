//! Every user of a deployment to stdout, as CSV or as JSON Lines.
//!
//! ```text
//! cargo run --example export_users > users.csv
//! cargo run --example export_users -- --format jsonl --search ada | head
//! ```
//!
//! Options: `--format csv|jsonl` (default `csv`), `--search TEXT` (names
//! and email addresses), `--per-page N` (default 100).
//!
//! Without `WACHT_API_KEY` it exports 1,000 made-up users from a local fake
//! Wacht server. Progress shows on stderr while you watch; the count of
//! users exported is printed at the end either way.

#[path = "support/connect.rs"]
mod connect;
#[path = "support/fake_wacht.rs"]
mod fake_wacht;

use std::error::Error;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use wacht_sync::models::User;

const USAGE: &str = "usage: export_users [--format csv|jsonl] [--search TEXT] [--per-page N]";

/// The columns of the CSV, in order. JSON Lines carries every field.
const CSV_HEADER: [&str; 8] = [
    "id",
    "first_name",
    "last_name",
    "username",
    "primary_email_address",
    "primary_phone_number",
    "created_at",
    "updated_at",
];

/// How often the progress line is redrawn at most.
const REDRAW_EVERY: Duration = Duration::from_millis(250);

enum Format {
    Csv,
    JsonLines,
}

struct Args {
    format: Format,
    search: Option<String>,
    per_page: u64,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        // Whoever read stdout has stopped (`| head`): nothing is wrong, and
        // there is nothing left to do.
        Err(e) if is_broken_pipe(&*e) => ExitCode::SUCCESS,
        Err(e) => {
            // Not eprintln!, which panics when stderr is gone too.
            let _ = writeln!(io::stderr(), "error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    let client = connect::client(fake_wacht::Options {
        users: Some(1_000),
        ..Default::default()
    })?;

    let mut list = client.users().list().per_page(args.per_page);
    if let Some(search) = &args.search {
        list = list.search(search);
    }

    // Locked and buffered: one system call per 8 KiB, not per line. Every
    // write can fail (a full disk, a closed pipe), so none is a println!.
    let mut out = BufWriter::new(io::stdout().lock());
    let mut progress = Progress::new();
    if let Format::Csv = args.format {
        write_csv_record(&mut out, &CSV_HEADER)?;
    }
    let mut users = list.iter();
    while let Some(user) = users.next() {
        progress.pages = users.pages_fetched();
        let user = match user {
            Ok(user) => user,
            Err(e) => {
                // Keep what was exported before the failure.
                out.flush()?;
                progress.finish();
                return Err(e.into());
            }
        };
        match args.format {
            Format::Csv => write_csv_record(&mut out, &csv_fields(&user))?,
            Format::JsonLines => {
                serde_json::to_writer(&mut out, &user).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
            }
        }
        progress.user_done();
    }
    out.flush()?;
    progress.pages = users.pages_fetched();
    progress.finish();
    Ok(())
}

fn csv_fields(user: &User) -> [&str; 8] {
    [
        &user.id,
        &user.first_name,
        &user.last_name,
        user.username.as_deref().unwrap_or(""),
        user.primary_email_address.as_deref().unwrap_or(""),
        user.primary_phone_number.as_deref().unwrap_or(""),
        &user.created_at,
        &user.updated_at,
    ]
}

/// One CSV record, as RFC 4180 quotes it: a field holding a comma, a quote
/// or a line break goes in quotes, with its quotes doubled. Records end in
/// `\n`, which every CSV reader accepts.
fn write_csv_record(out: &mut impl Write, fields: &[&str]) -> io::Result<()> {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if field.contains([',', '"', '\n', '\r']) {
            write!(out, "\"{}\"", field.replace('"', "\"\""))?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\n")
}

/// Users, pages and users per second on stderr, redrawn in place, when a
/// person is watching stderr and stdout goes elsewhere (when both are the
/// terminal, the progress line would land between the records).
struct Progress {
    watched: bool,
    /// Pages fetched so far, as the walk reports them.
    pages: u64,
    started: Instant,
    drawn: Option<Instant>,
    users: u64,
}

impl Progress {
    fn new() -> Self {
        Progress {
            watched: io::stderr().is_terminal() && !io::stdout().is_terminal(),
            pages: 0,
            started: Instant::now(),
            drawn: None,
            users: 0,
        }
    }

    fn user_done(&mut self) {
        self.users += 1;
        let now = Instant::now();
        if !self.watched || self.drawn.is_some_and(|at| now - at < REDRAW_EVERY) {
            return;
        }
        self.drawn = Some(now);
        let rate = self.users as f64 / self.started.elapsed().as_secs_f64();
        // `\r` goes back to the start of the line, `ESC [K` clears the rest.
        let _ = write!(
            io::stderr(),
            "\r{}, {}, {rate:.0} users/s\x1b[K",
            plural(self.users, "user", "users"),
            plural(self.pages, "page", "pages"),
        );
    }

    fn finish(&self) {
        let mut stderr = io::stderr();
        if self.drawn.is_some() {
            let _ = write!(stderr, "\r\x1b[K");
        }
        let _ = writeln!(
            stderr,
            "exported {} in {}",
            plural(self.users, "user", "users"),
            plural(self.pages, "page", "pages"),
        );
    }
}

/// `1 user`, `2 users`.
fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        format: Format::Csv,
        search: None,
        per_page: 100,
    };
    let mut argv = std::env::args().skip(1);
    while let Some(arg) = argv.next() {
        let mut value = || argv.next().ok_or(format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--format" => {
                args.format = match value()?.as_str() {
                    "csv" => Format::Csv,
                    "jsonl" => Format::JsonLines,
                    other => return Err(format!("unknown format {other:?}\n{USAGE}")),
                }
            }
            "--search" => args.search = Some(value()?),
            "--per-page" => {
                args.per_page = value()?
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!("--per-page needs a number from 1\n{USAGE}"))?;
            }
            _ => return Err(format!("unknown argument {arg:?}\n{USAGE}")),
        }
    }
    Ok(args)
}

fn is_broken_pipe(e: &(dyn Error + 'static)) -> bool {
    e.downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
