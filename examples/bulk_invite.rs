//! Invites everyone listed in a CSV file: first name, last name, email
//! address, one person a line.
//!
//! ```text
//! cargo run --example bulk_invite -- examples/data/invites.csv
//! cargo run --example bulk_invite -- people.csv --expiry-days 14
//! ```
//!
//! A first line whose third column is titled `email`, `e-mail`, `email
//! address` or `email_address` (in any case) is taken for a header; a byte
//! order mark at the start of the file is dropped.
//! Bad lines (a wrong number of columns, an empty field, an address without
//! `@` or with spaces) are reported with their line numbers and skipped;
//! nothing is sent for them. When Wacht's rate limit still refuses an
//! invitation after the client's own retries, the example waits as long as
//! the server asks and tries that person again. It ends with a summary and
//! exits with 1 if any invitation failed.
//!
//! Without `WACHT_API_KEY` it invites into a local fake Wacht server that
//! refuses three invitations in a row after every four, as a rate limit
//! does.

#[path = "support/connect.rs"]
mod connect;
#[path = "support/fake_wacht.rs"]
mod fake_wacht;

use std::error::Error;
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use wacht_sync::Client;
use wacht_sync::models::Invitation;

const USAGE: &str = "usage: bulk_invite FILE.csv [--expiry-days N]";

/// How many times one person is tried again after a `429`.
const RATE_LIMIT_TRIES: u32 = 5;
/// The wait when a `429` does not say how long.
const DEFAULT_WAIT: Duration = Duration::from_secs(2);
/// The longest wait this script accepts; a server asking for more gets a
/// failure instead.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// A good line of the file.
struct Invitee {
    line: usize,
    first_name: String,
    last_name: String,
    email: String,
}

fn main() -> ExitCode {
    connect::exit_code(run())
}

/// Whether every good line was invited.
fn run() -> Result<bool, Box<dyn Error>> {
    let (path, expiry_days) = parse_args()?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;

    // Every line is checked before anything is sent.
    let mut invitees = Vec::new();
    let mut skipped = 0;
    for (line, result) in read_invitees(&text) {
        match result {
            Ok(invitee) => invitees.push(invitee),
            Err(why) => {
                skipped += 1;
                eprintln!("line {line}: skipped: {why}");
            }
        }
    }

    let client = connect::client(fake_wacht::Options {
        rate_limit_invitations: Some(fake_wacht::RateLimit {
            accept: 4,
            refuse: 3,
        }),
        ..Default::default()
    })?;
    let (mut invited, mut failed) = (0, 0);
    for invitee in &invitees {
        match invite(&client, invitee, expiry_days) {
            Ok(invitation) => {
                invited += 1;
                connect::report(format_args!(
                    "line {}: invited {} {} <{}> (invitation {})",
                    invitee.line,
                    invitation.first_name,
                    invitation.last_name,
                    invitation.email_address,
                    invitation.id
                ));
            }
            Err(e) => {
                failed += 1;
                // Display leads with the server's own message.
                eprintln!(
                    "line {}: failed to invite <{}>: {e}",
                    invitee.line, invitee.email
                );
            }
        }
    }

    connect::report(format_args!(
        "invited {invited}, skipped {skipped}, failed {failed}"
    ));
    Ok(failed == 0)
}

/// Invites one person. The client already retries a `429` within its
/// deadline; when that was not enough, this waits as long as the server
/// asked and tries again, a few times at most. Trying again is safe: a
/// `429` comes from the rate limit, before the invitation is made.
fn invite(
    client: &Client,
    invitee: &Invitee,
    expiry_days: Option<u32>,
) -> Result<Invitation, wacht_sync::Error> {
    let mut tries = 0;
    loop {
        let mut request =
            client
                .invitations()
                .create(&invitee.first_name, &invitee.last_name, &invitee.email);
        if let Some(days) = expiry_days {
            request = request.expiry_days(days);
        }
        match request.send() {
            Err(e) if e.is_rate_limited() && tries < RATE_LIMIT_TRIES => {
                let wait = e.retry_after().unwrap_or(DEFAULT_WAIT);
                if wait > MAX_WAIT {
                    return Err(e);
                }
                tries += 1;
                connect::report(format_args!(
                    "line {}: {e}; waiting {wait:?}, then trying again ({tries} of {RATE_LIMIT_TRIES})",
                    invitee.line
                ));
                thread::sleep(wait);
            }
            result => return result,
        }
    }
}

/// Each non-blank line after the optional header, with its line number: an
/// invitee, or why the line cannot be one.
fn read_invitees(text: &str) -> Vec<(usize, Result<Invitee, String>)> {
    // Spreadsheets often save UTF-8 with a byte order mark first.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line))
        .filter(|(_, line)| !line.trim().is_empty())
        .peekable();
    let header = lines.peek().and_then(|(_, line)| split_csv_line(line));
    // Only a column title counts as a header: a first line that is merely a
    // bad row is reported like any other.
    let is_title = |third: &String| {
        let title = third.to_ascii_lowercase();
        ["email", "e-mail", "email address", "email_address"].contains(&title.as_str())
    };
    if header.is_some_and(|fields| fields.get(2).is_some_and(is_title)) {
        lines.next();
    }
    lines
        .map(|(number, line)| {
            let fields = split_csv_line(line).ok_or("a quote is not closed".to_owned());
            (number, fields.and_then(|fields| invitee(number, fields)))
        })
        .collect()
}

/// Checks one line's fields.
fn invitee(line: usize, fields: Vec<String>) -> Result<Invitee, String> {
    let [first_name, last_name, email] = <[String; 3]>::try_from(fields).map_err(|fields| {
        format!(
            "expected 3 columns (first name, last name, email address), found {}",
            fields.len()
        )
    })?;
    for (value, name) in [
        (&first_name, "first name"),
        (&last_name, "last name"),
        (&email, "email address"),
    ] {
        if value.is_empty() {
            return Err(format!("the {name} is empty"));
        }
        if value.chars().any(char::is_control) {
            return Err(format!("the {name} {value:?} holds control characters"));
        }
    }
    if email.chars().any(char::is_whitespace) {
        return Err(format!("the email address {email:?} contains a space"));
    }
    match email.rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {}
        _ => return Err(format!("{email:?} is not an email address (name@domain)")),
    }
    Ok(Invitee {
        line,
        first_name,
        last_name,
        email,
    })
}

/// The fields of one CSV line, trimmed: commas separate them, double quotes
/// may enclose one that holds a comma, `""` is a quote inside quotes.
/// `None` when a quote is left open (a field cannot span lines here).
fn split_csv_line(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    (!quoted).then(|| fields.iter().map(|f| f.trim().to_owned()).collect())
}

fn parse_args() -> Result<(String, Option<u32>), String> {
    let mut path = None;
    let mut expiry_days = None;
    let mut argv = std::env::args().skip(1);
    while let Some(arg) = argv.next() {
        match arg.as_str() {
            "--expiry-days" => {
                let days = argv.next().and_then(|n| n.parse().ok());
                expiry_days = Some(days.ok_or(format!("--expiry-days needs a number\n{USAGE}"))?);
            }
            _ if arg.starts_with("--") || path.is_some() => {
                return Err(format!("unexpected argument {arg:?}\n{USAGE}"));
            }
            _ => path = Some(arg),
        }
    }
    Ok((path.ok_or(USAGE)?, expiry_days))
}
