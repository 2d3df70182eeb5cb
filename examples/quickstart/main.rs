//! A first tour of the client: one line per call, each showing what came
//! back.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! Without `WACHT_API_KEY` it starts a fake Wacht server on 127.0.0.1 and
//! walks through creating and changing a user, their emails and phones,
//! invitations and the waitlist. With `WACHT_API_KEY` (and optionally
//! `WACHT_API_URL`) it talks to that deployment instead, and only reads:
//! the first page of users and of the waitlist.

#[path = "../support/fake_wacht.rs"]
mod fake_wacht;

use std::error::Error;

use wacht_sync::{Client, ENV_API_KEY};

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // Display, not Debug: the crate's errors lead with the server's
            // own words.
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    if std::env::var_os(ENV_API_KEY).is_some_and(|key| !key.is_empty()) {
        return look_around(&Client::from_env()?);
    }

    let server = fake_wacht::start()?;
    let client = Client::builder()
        .api_key(fake_wacht::API_KEY)
        .base_url(server.base_url())
        .build()?;
    println!(
        "Talking to a local fake Wacht server at {} (set {ENV_API_KEY} to use the real API)",
        client.base_url()
    );
    walk(&client)
}

/// Reads a real deployment and changes nothing.
fn look_around(client: &Client) -> Result<(), Box<dyn Error>> {
    println!(
        "Talking to {} ({ENV_API_KEY} is set; read-only)",
        client.base_url()
    );

    let users = client.users().list().page(1).per_page(10).send()?;
    println!(
        "listed {}{}: {}",
        count(users.data.len(), "user", "users"),
        more_note(users.more_available()),
        few(&users.data, |u| format!("{} {}", u.first_name, u.last_name)),
    );

    let waitlist = client.waitlist().list().page(1).per_page(10).send()?;
    println!(
        "listed {}{}: {}",
        count(waitlist.data.len(), "waitlist entry", "waitlist entries"),
        more_note(waitlist.more_available()),
        few(&waitlist.data, |w| w.email_address.clone()),
    );
    Ok(())
}

/// Every kind of change, against the fake server.
fn walk(client: &Client) -> Result<(), Box<dyn Error>> {
    let users = client.users();

    let user = users
        .create("Ada", "Lovelace")
        .email_address("ada@example.com")
        .password("correct horse battery staple")
        .send()?;
    println!(
        "created user {} {} {}",
        user.id, user.first_name, user.last_name
    );

    let page = users.list().page(1).per_page(10).send()?;
    println!(
        "listed {}{}: {}",
        count(page.data.len(), "user", "users"),
        more_note(page.more_available()),
        few(&page.data, |u| format!("{} {}", u.first_name, u.last_name)),
    );

    let details = users.get(&user.id).send()?;
    println!(
        "fetched details of {}: {}, {}, {}, segments: {}",
        details.id,
        count(details.email_addresses.len(), "email", "emails"),
        count(details.phone_numbers.len(), "phone", "phones"),
        count(
            details.social_connections.len(),
            "social connection",
            "social connections"
        ),
        few(&details.segments, |s| s.name.clone()),
    );

    let updated = users
        .update(&user.id)
        .first_name("Augusta Ada")
        .disabled(false)
        .send()?;
    println!(
        "updated user {}: now {} {}, disabled: {}",
        updated.id, updated.first_name, updated.last_name, updated.disabled
    );

    let email = users
        .add_email(&user.id, "ada@analytical-engine.example")
        .send()?;
    println!("added email {} ({})", email.email, email.id);
    let email = users
        .update_email(&user.id, &email.id)
        .primary(true)
        .verified(true)
        .send()?;
    println!(
        "updated email {}: primary: {}, verified: {}",
        email.id, email.is_primary, email.verified
    );
    users.delete_email(&user.id, &email.id).send()?;
    println!("deleted email {}", email.id);

    let phone = users
        .add_phone(&user.id, "+14155550199")
        .country_code("US")
        .send()?;
    println!(
        "added phone {} ({}, {})",
        phone.phone_number, phone.country_code, phone.id
    );
    let phone = users
        .update_phone(&user.id, &phone.id)
        .verified(true)
        .send()?;
    println!("updated phone {}: verified: {}", phone.id, phone.verified);
    users.delete_phone(&user.id, &phone.id).send()?;
    println!("deleted phone {}", phone.id);

    users
        .update_password(&user.id, "a longer passphrase than before")
        .send()?;
    println!("changed the password of user {}", user.id);

    let connection = details
        .social_connections
        .first()
        .ok_or("the user has no social connection to remove")?;
    users
        .delete_social_connection(&user.id, &connection.id)
        .send()?;
    println!(
        "removed the {} connection {} ({})",
        connection.provider, connection.id, connection.email_address
    );

    let invitation = client
        .invitations()
        .create("Grace", "Hopper", "grace@example.com")
        .expiry_days(7)
        .send()?;
    println!(
        "invited {} {} <{}>, link valid until {}",
        invitation.first_name, invitation.last_name, invitation.email_address, invitation.expiry
    );

    let invitations = client.invitations().list().send()?;
    println!(
        "listed {}: {}",
        count(
            invitations.data.len(),
            "pending invitation",
            "pending invitations"
        ),
        few(&invitations.data, |i| i.email_address.clone()),
    );

    let waitlist = client.waitlist().list().send()?;
    println!(
        "listed {}: {}",
        count(waitlist.data.len(), "waitlist entry", "waitlist entries"),
        few(&waitlist.data, |w| w.email_address.clone()),
    );
    let entry = waitlist.data.first().ok_or("the waitlist is empty")?;
    // Approving does not make a user: it sends an invitation.
    let invitation = client.waitlist().approve(&entry.id).send()?;
    println!(
        "approved {} from the waitlist: invitation {} valid until {}",
        invitation.email_address, invitation.id, invitation.expiry
    );

    Ok(())
}

/// Up to three items, then how many more.
fn few<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
    const SHOWN: usize = 3;
    if items.is_empty() {
        return "none".to_owned();
    }
    let mut text = items
        .iter()
        .take(SHOWN)
        .map(show)
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    text
}

/// `1 user`, `2 users`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn more_note(more: bool) -> &'static str {
    if more { " (more on later pages)" } else { "" }
}
