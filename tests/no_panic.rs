//! Every fixture, cut short at every byte and with random bytes flipped,
//! decodes to `Ok` or `Err`: never a panic. The decoding is the crate's own
//! (its models and the pipeline's handling of error and empty answers).

mod common;

use common::raw::{RawServer, json};
use common::{KEY, fixture};
use serde::de::DeserializeOwned;
use wacht_sync::Client;
use wacht_sync::models::*;

/// Decodes bytes as one model type; whether that worked.
type Decode = fn(&[u8]) -> bool;

/// Every fixture with the type it is read as.
fn decoders() -> Vec<(&'static str, Decode)> {
    /// Decodes as `T`; whether it worked.
    fn as_type<T: DeserializeOwned>(bytes: &[u8]) -> bool {
        serde_json::from_slice::<T>(bytes).is_ok()
    }
    vec![
        ("authenticator.json", as_type::<Authenticator>),
        ("backup_codes.json", as_type::<BackupCodes>),
        ("invitation.json", as_type::<Invitation>),
        ("invitations_page.json", as_type::<Page<Invitation>>),
        (
            "organization_memberships_page.json",
            as_type::<Page<OrganizationMembership>>,
        ),
        ("passkeys_page.json", as_type::<Page<Passkey>>),
        ("revoke_all.json", as_type::<RevokedSessions>),
        ("signins_page.json", as_type::<Page<SignIn>>),
        (
            "social_connections_page.json",
            as_type::<Page<SocialConnection>>,
        ),
        ("user.json", as_type::<User>),
        ("user_details.json", as_type::<UserDetails>),
        ("user_email.json", as_type::<UserEmail>),
        ("user_phone.json", as_type::<UserPhone>),
        ("users_page.json", as_type::<Page<User>>),
        ("users_page_empty.json", as_type::<Page<User>>),
        ("users_page_last.json", as_type::<Page<User>>),
        ("waitlist_page.json", as_type::<Page<WaitlistUser>>),
        ("waitlist_user.json", as_type::<WaitlistUser>),
        (
            "workspace_memberships_page.json",
            as_type::<Page<WorkspaceMembership>>,
        ),
    ]
}

/// A small deterministic generator, so a failure can be reproduced.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn every_fixture_decodes_intact() {
    for (name, decode) in decoders() {
        assert!(decode(fixture(name).as_bytes()), "{name}");
    }
}

#[test]
fn fixtures_cut_short_at_every_byte_never_panic() {
    for (name, decode) in decoders() {
        let bytes = fixture(name).into_bytes();
        for end in 0..bytes.len() {
            decode(&bytes[..end]);
        }
        assert!(decode(&bytes), "{name} whole");
    }
}

#[test]
fn fixtures_with_flipped_bytes_never_panic() {
    let mut rng = XorShift(0x5eed_1234_abcd_ef01);
    for (name, decode) in decoders() {
        let original = fixture(name).into_bytes();
        for _ in 0..300 {
            let mut bytes = original.clone();
            for _ in 0..1 + rng.next() % 4 {
                let at = (rng.next() % bytes.len() as u64) as usize;
                bytes[at] = rng.next() as u8;
            }
            decode(&bytes);
        }
    }
}

#[test]
fn mangled_answers_through_the_client_are_errors_or_values_never_panics() {
    // Error envelopes and bodies cut short, served with various statuses,
    // through the whole pipeline (envelope parsing, void handling, decoding).
    let mut rng = XorShift(0x0dd_ba11);
    let mut cases = Vec::new();
    for name in [
        "error_404.json",
        "error_429.json",
        "void.json",
        "revoke_all.json",
        "error_502.html",
    ] {
        let text = fixture(name);
        for _ in 0..6 {
            let end = (rng.next() % (text.len() as u64 + 1)) as usize;
            let status = [200, 204, 400, 404, 409, 500][(rng.next() % 6) as usize];
            cases.push((
                status,
                String::from_utf8_lossy(&text.as_bytes()[..end]).into_owned(),
            ));
        }
    }
    let served = cases.clone();
    let server = RawServer::start(move |index, _| {
        // Two calls per case: both get the same answer.
        let (status, body) = &served[(index / 2) % served.len()];
        json(*status, body)
    });
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .max_retries(0)
        .build()
        .unwrap();

    for (status, _) in &cases {
        let void = client.users().delete(common::expected::ADA_ID).send();
        let counted = client
            .users()
            .revoke_all_sessions(common::expected::ADA_ID)
            .send();
        if *status >= 400 {
            assert!(void.is_err() && counted.is_err(), "status {status}");
        }
    }
    assert_eq!(server.request_count(), cases.len() * 2);
}
