//! The choice every example makes first: the deployment named by
//! `WACHT_API_KEY` (and `WACHT_API_URL`) when the key is set, otherwise a
//! local fake Wacht server on 127.0.0.1.
//!
//! Use it from an example with
//! `#[path = "support/connect.rs"] mod connect;`, next to
//! `#[path = "support/fake_wacht.rs"] mod fake_wacht;`.

use std::error::Error;

use wacht_sync::{Client, ENV_API_KEY};

use crate::fake_wacht;

/// A client for the real API when `WACHT_API_KEY` is set, otherwise for a
/// fake server started with `fake`. Says which on stderr, so that stdout
/// stays the example's own.
pub fn client(fake: fake_wacht::Options) -> Result<Client, Box<dyn Error>> {
    if std::env::var_os(ENV_API_KEY).is_some_and(|key| !key.is_empty()) {
        let client = Client::from_env()?;
        eprintln!("Talking to {} ({ENV_API_KEY} is set)", client.base_url());
        return Ok(client);
    }

    // The server runs on its own thread until the program ends.
    let server = fake_wacht::start_with(fake)?;
    let client = Client::builder()
        .api_key(fake_wacht::API_KEY)
        .base_url(server.base_url())
        .build()?;
    eprintln!(
        "Talking to a local fake Wacht server at {} (set {ENV_API_KEY} to use the real API)",
        client.base_url()
    );
    Ok(client)
}

/// Prints one line of the example's report on stdout. A reader that went
/// away (`| head -1`) must not stop a batch half way, as `println!` would
/// with a panic: the work goes on, and lines nobody reads are dropped.
#[allow(dead_code)] // export_users writes its stdout itself
pub fn report(line: std::fmt::Arguments<'_>) {
    use std::io::Write;

    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// The exit code of a script whose run says whether every piece of work
/// went through: failure when one did not, or when the run stopped with an
/// error, which is printed first.
#[allow(dead_code)] // export_users has an exit rule of its own
pub fn exit_code(outcome: Result<bool, Box<dyn Error>>) -> std::process::ExitCode {
    match outcome {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
