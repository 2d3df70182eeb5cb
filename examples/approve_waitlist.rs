//! Approves everyone on the waitlist whose email address is at one domain.
//!
//! ```text
//! cargo run --example approve_waitlist -- example.com --dry-run
//! cargo run --example approve_waitlist -- example.com
//! ```
//!
//! The domain is the part of the address after its last `@`, compared
//! without regard to case and in full: `example.com` matches
//! `ada@Example.COM`, not `ada@notexample.com`, `ada@example.com.evil` or
//! `ada@sub.example.com`. Approving sends each person an invitation;
//! `--dry-run` prints who would be approved and sends nothing. It exits
//! with 1 if any approval failed.
//!
//! Without `WACHT_API_KEY` it works on a local fake Wacht server with a
//! waitlist of a dozen people from several domains.

#[path = "support/connect.rs"]
mod connect;
#[path = "support/fake_wacht.rs"]
mod fake_wacht;

use std::error::Error;
use std::process::ExitCode;

const USAGE: &str = "usage: approve_waitlist DOMAIN [--dry-run]";

fn main() -> ExitCode {
    connect::exit_code(run())
}

/// Whether every approval went through.
fn run() -> Result<bool, Box<dyn Error>> {
    let (domain, dry_run) = parse_args()?;
    let client = connect::client(fake_wacht::Options {
        demo_waitlist: true,
        ..Default::default()
    })?;

    // The whole waitlist is read before anything is approved: approving may
    // take an entry off the list, which would move the entries after it to
    // lower offsets, and a walk still under way would skip some of them.
    let mut waiting = 0;
    let mut matching = Vec::new();
    for entry in client.waitlist().list().iter() {
        let entry = entry?;
        waiting += 1;
        if is_at_domain(&entry.email_address, &domain) {
            matching.push(entry);
        }
    }

    let (mut approved, mut failed) = (0, 0);
    for entry in &matching {
        if dry_run {
            connect::report(format_args!(
                "would approve {} (waitlist entry {})",
                entry.email_address, entry.id
            ));
            continue;
        }
        match client.waitlist().approve(&entry.id).send() {
            Ok(invitation) => {
                approved += 1;
                connect::report(format_args!(
                    "approved {}: invitation {} valid until {}",
                    entry.email_address, invitation.id, invitation.expiry
                ));
            }
            Err(e) => {
                failed += 1;
                eprintln!(
                    "could not approve {} (waitlist entry {}): {e}",
                    entry.email_address, entry.id
                );
            }
        }
    }

    let found = format!("{waiting} on the waitlist, {} at {domain}", matching.len());
    if dry_run {
        connect::report(format_args!("{found}: nothing sent (--dry-run)"));
    } else {
        connect::report(format_args!(
            "{found}: approved {approved}, failed {failed}"
        ));
    }
    Ok(failed == 0)
}

/// Whether the part of `email` after its last `@` is `domain`, in any case.
/// The last `@`, because a quoted name may hold one:
/// `"ada@example.com"@evil.test` is at `evil.test`.
fn is_at_domain(email: &str, domain: &str) -> bool {
    email
        .rsplit_once('@')
        .is_some_and(|(_, at)| at.eq_ignore_ascii_case(domain))
}

fn parse_args() -> Result<(String, bool), String> {
    let mut domain = None;
    let mut dry_run = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--dry-run" => dry_run = true,
            _ if arg.starts_with('-') || domain.is_some() => {
                return Err(format!("unexpected argument {arg:?}\n{USAGE}"));
            }
            _ => domain = Some(arg),
        }
    }
    let domain = domain.ok_or(USAGE)?;
    if domain.is_empty() || domain.contains('@') || domain.contains(char::is_whitespace) {
        return Err(format!(
            "{domain:?} is not a domain; give it without @, e.g. example.com\n{USAGE}"
        ));
    }
    Ok((domain, dry_run))
}
