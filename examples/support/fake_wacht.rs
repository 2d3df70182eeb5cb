//! A small stand-in for the Wacht API on 127.0.0.1, so that examples run
//! without an account and change nothing real.
//!
//! It speaks just enough HTTP/1.1 for a client with a connection pool:
//! keep-alive, bodies with a `Content-Length`, one thread per connection.
//! Before answering it checks what the real server checks: the bearer key,
//! `multipart/form-data` on the two routes that demand it and JSON
//! everywhere else, required fields, the password rule. Every
//! user-management route answers with the crate's test fixtures, with the
//! ids from the path and the fields sent written in, so a walk through the
//! API reads like one. It stores nothing it is sent: a deleted email is
//! back on the next fetch.
//!
//! [`start`] serves the fixtures as they are. [`start_with`] can serve more
//! for the examples that need it ([`Options`]): a user list of any length,
//! made up a page at a time; a waitlist from several domains; and `429`
//! answers to invitations, as Wacht's rate limit sends them. Those lists
//! honour `offset`, `limit` and `search`.
//!
//! Use it from an example with
//! `#[path = "../support/fake_wacht.rs"] mod fake_wacht;`.

// Each example uses a different part of it.
#![allow(dead_code)]

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

use serde_json::{Map, Value, json};

/// The one API key the fake accepts.
pub const API_KEY: &str = "wk_test_local";

const MAX_HEAD_BYTES: u64 = 64 * 1024;
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Longer than a client pool keeps an idle connection, so the client lets
/// go first; a client that never does cannot hold a thread forever.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

const USERS_PAGE: &str = include_str!("../../tests/fixtures/users_page.json");
const USER: &str = include_str!("../../tests/fixtures/user.json");
const USER_DETAILS: &str = include_str!("../../tests/fixtures/user_details.json");
const USER_EMAIL: &str = include_str!("../../tests/fixtures/user_email.json");
const USER_PHONE: &str = include_str!("../../tests/fixtures/user_phone.json");
const SOCIAL_CONNECTIONS_PAGE: &str =
    include_str!("../../tests/fixtures/social_connections_page.json");
const ORGANIZATION_MEMBERSHIPS_PAGE: &str =
    include_str!("../../tests/fixtures/organization_memberships_page.json");
const WORKSPACE_MEMBERSHIPS_PAGE: &str =
    include_str!("../../tests/fixtures/workspace_memberships_page.json");
const SIGNINS_PAGE: &str = include_str!("../../tests/fixtures/signins_page.json");
const REVOKE_ALL: &str = include_str!("../../tests/fixtures/revoke_all.json");
const PASSKEYS_PAGE: &str = include_str!("../../tests/fixtures/passkeys_page.json");
const AUTHENTICATOR: &str = include_str!("../../tests/fixtures/authenticator.json");
const BACKUP_CODES: &str = include_str!("../../tests/fixtures/backup_codes.json");
const INVITATIONS_PAGE: &str = include_str!("../../tests/fixtures/invitations_page.json");
const INVITATION: &str = include_str!("../../tests/fixtures/invitation.json");
const WAITLIST_PAGE: &str = include_str!("../../tests/fixtures/waitlist_page.json");

/// The most items a synthetic list puts in one page, whatever `limit`
/// asks for: the fake's own guard, so that no request makes it build a
/// huge page. A client walking the list sees `has_more` and asks again.
const MAX_SYNTHETIC_PAGE: u64 = 1_000;

/// What the server serves beyond the fixtures. `Options::default()` is what
/// [`start`] serves.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Serve this many made-up users from `GET /users` instead of the
    /// fixture page. Each page is made from its `offset` and `limit` when
    /// asked for, so a list of millions costs no more memory than one page.
    pub users: Option<u64>,
    /// Serve a waitlist of a dozen entries from several domains (some
    /// chosen to look like `example.com` without being it) instead of the
    /// fixture page; approving any of them works.
    pub demo_waitlist: bool,
    /// Answer some `POST /invitations` with Wacht's `429`.
    pub rate_limit_invitations: Option<RateLimit>,
}

/// A rate limit on invitations that repeats: `accept` requests succeed,
/// then `refuse` requests get `429` with `Rate limit exceeded. Retry after
/// 1 seconds`, then it starts again.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    pub accept: u64,
    pub refuse: u64,
}

/// A running fake server. It serves until the program ends.
#[derive(Debug)]
pub struct FakeWacht {
    addr: SocketAddr,
    state: Arc<State>,
}

impl FakeWacht {
    /// `http://127.0.0.1:<port>`, ready for `ClientBuilder::base_url`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests the server has answered so far.
    pub fn requests_answered(&self) -> u64 {
        self.state.answered.load(Ordering::Relaxed)
    }
}

/// What every connection of one server shares.
#[derive(Debug)]
struct State {
    options: Options,
    answered: AtomicU64,
    invitations: AtomicU64,
}

/// Starts the server on a port the OS picks, serving the fixtures.
pub fn start() -> io::Result<FakeWacht> {
    start_with(Options::default())
}

/// Starts the server on a port the OS picks, serving what `options` say.
pub fn start_with(options: Options) -> io::Result<FakeWacht> {
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    let addr = listener.local_addr()?;
    let state = Arc::new(State {
        options,
        answered: AtomicU64::new(0),
        invitations: AtomicU64::new(0),
    });
    let shared = Arc::clone(&state);
    thread::Builder::new()
        .name("fake-wacht".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                // Without a thread to spare, the connection is dropped and
                // the client sees a reset; the server itself carries on.
                let _ = thread::Builder::new().spawn(move || serve(stream, &state));
            }
        })?;
    Ok(FakeWacht { addr, state })
}

/// What the server reads from a request.
struct Request {
    method: String,
    /// The path without the query.
    path: String,
    /// The query, still percent-encoded; only the lists of `start_with`
    /// read it.
    query: String,
    authorization: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
    keep_alive: bool,
}

/// An error answer: the status and the message of Wacht's envelope.
#[derive(Debug, Clone, Copy)]
struct Failure(u16, &'static str);

const BAD_REQUEST: Failure = Failure(400, "Bad request");
const NOT_FOUND: Failure = Failure(404, "Not found");
const INVALID_PAYLOAD: Failure = Failure(422, "Invalid request payload");
const SHORT_PASSWORD: Failure = Failure(400, "Password must be at least 8 characters");
const RATE_LIMITED: Failure = Failure(429, "Rate limit exceeded. Retry after 1 seconds");

fn serve(stream: TcpStream, state: &State) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);

    loop {
        let (answer, keep_alive) = match read_request(&mut reader) {
            Ok(Some(request)) => (answer(&request, state), request.keep_alive),
            // After a request that could not be read, where the next one
            // starts is unknown, so the connection ends with this answer.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => (Err(BAD_REQUEST), false),
            // The client closed the connection, went quiet or went away.
            Ok(None) | Err(_) => return,
        };
        // Counted before the client can see the answer, so that a count
        // read after the client finished includes it.
        state.answered.fetch_add(1, Ordering::Relaxed);
        if write_answer(&mut writer, answer, keep_alive).is_err() || !keep_alive {
            return;
        }
    }
}

fn malformed(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why)
}

/// The next request on the connection, `None` when the client closed it
/// between requests. A request that breaks the rules is an `InvalidData`
/// error; any other error means the connection is gone.
fn read_request(reader: &mut impl BufRead) -> io::Result<Option<Request>> {
    let Some(head) = read_head(reader)? else {
        return Ok(None);
    };
    let Some((request_line, headers)) = head.split_first() else {
        return Err(malformed("no request line"));
    };

    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed(
            "the request line is not `METHOD target HTTP/1.x`",
        ));
    };
    if !target.starts_with('/') || !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err(malformed("unsupported request target or version"));
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));

    let mut request = Request {
        method: method.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        authorization: None,
        content_type: None,
        body: Vec::new(),
        keep_alive: version == "HTTP/1.1",
    };
    let mut content_length = None;
    for line in headers {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| malformed("a header line without `:`"))?;
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "authorization" => request.authorization = Some(value.to_owned()),
            "content-type" => request.content_type = Some(value.to_owned()),
            "content-length" if content_length.is_none() => {
                let length = value.parse::<usize>();
                content_length = Some(length.map_err(|_| malformed("a bad Content-Length"))?);
            }
            "content-length" => return Err(malformed("two Content-Length headers")),
            "transfer-encoding" => return Err(malformed("only Content-Length bodies are read")),
            "connection"
                if value
                    .split(',')
                    .any(|t| t.trim().eq_ignore_ascii_case("close")) =>
            {
                request.keep_alive = false;
            }
            _ => {}
        }
    }

    let length = content_length.unwrap_or(0);
    if length > MAX_BODY_BYTES {
        return Err(malformed("the body is larger than 8 MiB"));
    }
    request.body = vec![0; length];
    reader.read_exact(&mut request.body)?;
    Ok(Some(request))
}

/// The request line and header lines, `None` when the connection ended
/// before a request began.
fn read_head(reader: &mut impl BufRead) -> io::Result<Option<Vec<String>>> {
    let mut limited = reader.take(MAX_HEAD_BYTES);
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        limited.read_until(b'\n', &mut line)?;
        let Some(line) = line.strip_suffix(b"\n") else {
            return if limited.limit() == 0 {
                Err(malformed("the head is larger than 64 KiB"))
            } else if line.is_empty() && lines.is_empty() {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        };
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        match (line.is_empty(), lines.is_empty()) {
            // Blank lines before a request are allowed and skipped.
            (true, true) => continue,
            (true, false) => return Ok(Some(lines)),
            (false, _) => {
                let line = String::from_utf8(line.to_vec())
                    .map_err(|_| malformed("a head line that is not UTF-8"))?;
                lines.push(line);
            }
        }
    }
}

fn write_answer(
    writer: &mut impl Write,
    answer: Result<String, Failure>,
    keep_alive: bool,
) -> io::Result<()> {
    let (status, body) = match answer {
        Ok(body) => (200, body),
        Err(Failure(status, message)) => {
            let envelope = json!({"errors": [{"message": message, "code": status}]});
            (status, envelope.to_string())
        }
    };
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        _ => "Internal Server Error",
    };
    let connection = if keep_alive { "keep-alive" } else { "close" };

    // One write: a head and a body sent apart can wait on delayed ACKs.
    let message = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: {connection}\r\n\r\n{body}",
        body.len()
    );
    writer.write_all(message.as_bytes())?;
    writer.flush()
}

/// The body of a successful answer, or the failure to send instead.
fn answer(request: &Request, state: &State) -> Result<String, Failure> {
    match request
        .authorization
        .as_deref()
        .and_then(|h| h.strip_prefix("Bearer "))
    {
        None => return Err(Failure(401, "Authorization header must be Bearer token")),
        Some(key) if key != API_KEY => return Err(Failure(401, "Authentication failed")),
        Some(_) => {}
    }

    let (route, ids) = route_of(&request.path);
    let route = (request.method.as_str(), route.as_str());
    let multipart = matches!(route, ("POST", "/users") | ("PATCH", "/users/{id}"));
    let fields = fields(request, multipart)?;
    let void = || Ok("{}".to_owned());

    match route {
        ("GET", "/users") => match state.options.users {
            Some(total) => Ok(synthetic_users(total, &list_query(&request.query)?)),
            None => Ok(USERS_PAGE.to_owned()),
        },
        ("POST", "/users") => {
            require(&fields, &["first_name", "last_name"])?;
            check_password(&fields, "password")?;
            // The form says `email_address`; the user shows it as primary.
            let mut fields = fields;
            for (sent, shown) in [
                ("email_address", "primary_email_address"),
                ("phone_number", "primary_phone_number"),
            ] {
                if let Some(value) = fields.remove(sent) {
                    fields.insert(shown.to_owned(), value);
                }
            }
            echo(USER, &ids, &fields)
        }
        ("GET", "/users/{id}/details") => echo(USER_DETAILS, &ids, &fields),
        ("PATCH", "/users/{id}") => echo(USER_DETAILS, &ids, &fields),
        ("DELETE", "/users/{id}") => void(),
        ("PATCH", "/users/{id}/password") => {
            require(&fields, &["new_password"])?;
            check_password(&fields, "new_password")?;
            void()
        }
        ("DELETE", "/users/{id}/password") => void(),
        ("POST", "/users/{id}/emails") => {
            require(&fields, &["email"])?;
            echo(USER_EMAIL, &ids, &fields)
        }
        ("PATCH", "/users/{id}/emails/{id}") => echo(USER_EMAIL, &ids, &fields),
        ("DELETE", "/users/{id}/emails/{id}") => void(),
        ("POST", "/users/{id}/emails/{id}/make-primary") => void(),
        ("POST", "/users/{id}/phones") => {
            // Unlike its published documents, the server needs both.
            require(&fields, &["phone_number", "country_code"])?;
            echo(USER_PHONE, &ids, &fields)
        }
        ("PATCH", "/users/{id}/phones/{id}") => echo(USER_PHONE, &ids, &fields),
        ("DELETE", "/users/{id}/phones/{id}") => void(),
        ("POST", "/users/{id}/phones/{id}/make-primary") => void(),
        ("GET", "/users/{id}/social-connections") => Ok(SOCIAL_CONNECTIONS_PAGE.to_owned()),
        ("DELETE", "/users/{id}/social-connections/{id}") => void(),
        ("GET", "/users/{id}/organization-memberships") => {
            Ok(ORGANIZATION_MEMBERSHIPS_PAGE.to_owned())
        }
        ("GET", "/users/{id}/workspace-memberships") => Ok(WORKSPACE_MEMBERSHIPS_PAGE.to_owned()),
        ("GET", "/users/{id}/sessions") => Ok(SIGNINS_PAGE.to_owned()),
        ("POST", "/users/{id}/sessions/{id}/revoke") => void(),
        ("POST", "/users/{id}/sessions/revoke-all") => Ok(REVOKE_ALL.to_owned()),
        ("GET", "/users/{id}/passkeys") => Ok(PASSKEYS_PAGE.to_owned()),
        ("PATCH", "/users/{id}/passkeys/{id}") => {
            require(&fields, &["name"])?;
            void()
        }
        ("DELETE", "/users/{id}/passkeys/{id}") => void(),
        ("POST", "/users/{id}/authenticators") => {
            require(&fields, &["secret"])?;
            Ok(AUTHENTICATOR.to_owned())
        }
        ("DELETE", "/users/{id}/authenticators") => void(),
        ("POST", "/users/{id}/backup-codes/regenerate") => Ok(BACKUP_CODES.to_owned()),
        ("GET", "/invitations") => Ok(INVITATIONS_PAGE.to_owned()),
        ("POST", "/invitations") => {
            // Counted before anything else: the rate limit is the gateway's.
            let n = state.invitations.fetch_add(1, Ordering::Relaxed);
            if let Some(RateLimit { accept, refuse }) = state.options.rate_limit_invitations {
                if refuse > 0 && n % (accept + refuse) >= accept {
                    return Err(RATE_LIMITED);
                }
            }
            require(&fields, &["first_name", "last_name", "email_address"])?;
            // A new id for each invitation; the first is the fixture's own.
            let id = 6823547219085373450 + n;
            echo(INVITATION, &[id.to_string()], &fields)
        }
        ("DELETE", "/invitations/{id}") => void(),
        ("GET", "/waitlist") if state.options.demo_waitlist => {
            let query = list_query(&request.query)?;
            let fields = ["email_address", "first_name", "last_name"];
            let entries = demo_waitlist().filter(|entry| matches_search(entry, &fields, &query));
            Ok(page(entries.skip(to_usize(query.offset)), &query))
        }
        ("GET", "/waitlist") => Ok(WAITLIST_PAGE.to_owned()),
        ("POST", "/waitlist/{id}/approve") if state.options.demo_waitlist => {
            let mut invitation = approve(&ids, demo_waitlist())?;
            // Each entry its own invitation, numbered after it.
            let id = ids[0].parse::<u64>().map_err(|_| NOT_FOUND)? + 1_000;
            invitation.insert("id".to_owned(), Value::from(id.to_string()));
            Ok(Value::Object(invitation).to_string())
        }
        ("POST", "/waitlist/{id}/approve") => {
            let waitlist = parse(WAITLIST_PAGE)?;
            let entries = waitlist.get("data").and_then(Value::as_array);
            let invitation = approve(&ids, entries.into_iter().flatten().cloned())?;
            Ok(Value::Object(invitation).to_string())
        }
        _ => Err(NOT_FOUND),
    }
}

/// The path with each numeric segment (an id) written as `{id}`, and the
/// ids in order.
fn route_of(path: &str) -> (String, Vec<String>) {
    let mut ids = Vec::new();
    let segments: Vec<&str> = path
        .split('/')
        .map(|segment| {
            if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
                ids.push(segment.to_owned());
                "{id}"
            } else {
                segment
            }
        })
        .collect();
    (segments.join("/"), ids)
}

/// The fields of the body: the text parts of a multipart form or the
/// members of a JSON object. Which of the two a route takes is fixed, and
/// the other is refused, as the real server does.
fn fields(request: &Request, multipart: bool) -> Result<Map<String, Value>, Failure> {
    let content_type = request.content_type.as_deref().unwrap_or("");
    let media_type = content_type.split(';').next().unwrap_or("").trim();

    if multipart {
        if !media_type.eq_ignore_ascii_case("multipart/form-data") {
            return Err(BAD_REQUEST);
        }
        return form_fields(content_type, &request.body);
    }
    if request.body.is_empty() {
        return Ok(Map::new());
    }
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Err(BAD_REQUEST);
    }
    match serde_json::from_slice(&request.body) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(INVALID_PAYLOAD),
        Err(_) => Err(BAD_REQUEST),
    }
}

/// The text parts of a `multipart/form-data` body, each as a JSON string.
/// File parts are skipped: nothing here shows an image.
fn form_fields(content_type: &str, body: &[u8]) -> Result<Map<String, Value>, Failure> {
    let boundary = content_type
        .split(';')
        .find_map(|param| param.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"'))
        .filter(|b| !b.is_empty())
        .ok_or(BAD_REQUEST)?;
    // Only file bytes can be invalid UTF-8, and file parts are skipped, so
    // the lossy text keeps every boundary and text part as sent.
    let text = String::from_utf8_lossy(body);

    let delimiter = format!("--{boundary}");

    let mut fields = Map::new();
    let mut sections = text.split(delimiter.as_str()).skip(1);
    loop {
        let section = sections.next().ok_or(BAD_REQUEST)?;
        if section.starts_with("--") {
            return Ok(fields);
        }
        let part = section.strip_prefix("\r\n").ok_or(BAD_REQUEST)?;
        let (head, value) = part.split_once("\r\n\r\n").ok_or(BAD_REQUEST)?;
        let value = value.strip_suffix("\r\n").ok_or(BAD_REQUEST)?;
        if head.contains("filename=") {
            continue;
        }
        let name = head
            .split_once("name=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(name, _)| name)
            .ok_or(BAD_REQUEST)?;
        fields.insert(name.to_owned(), Value::String(value.to_owned()));
    }
}

/// Refuses a body that lacks one of `names`, as the server's decoder does.
fn require(fields: &Map<String, Value>, names: &[&str]) -> Result<(), Failure> {
    if names.iter().all(|name| fields.contains_key(*name)) {
        Ok(())
    } else {
        Err(INVALID_PAYLOAD)
    }
}

/// The deployment's password rule, which `skip_password_check` turns off.
fn check_password(fields: &Map<String, Value>, name: &str) -> Result<(), Failure> {
    let skip = fields
        .get("skip_password_check")
        .is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true"));
    match fields.get(name).and_then(Value::as_str) {
        Some(password) if !skip && password.chars().count() < 8 => Err(SHORT_PASSWORD),
        _ => Ok(()),
    }
}

/// A fixture object with the ids from the path and the fields sent written
/// over its own, so that answers read as if the input had been stored.
/// Fields the object does not have are left out.
fn echo(fixture: &str, ids: &[String], fields: &Map<String, Value>) -> Result<String, Failure> {
    let mut object = parse(fixture)?;

    // In `/users/{id}/emails/{id}` the first id is the owner's, when the
    // object names one, and the last is the object's own.
    let mut ids = ids.iter();
    if object.contains_key("user_id") {
        if let Some(user_id) = ids.next() {
            object.insert("user_id".into(), Value::from(user_id.as_str()));
        }
    }
    if let Some(id) = ids.next_back() {
        object.insert("id".into(), Value::from(id.as_str()));
    }

    for (name, value) in fields {
        let Some(slot) = object.get_mut(name) else {
            continue;
        };
        // A form carries only text: booleans and metadata arrive spelled out.
        *slot = match (&*slot, value) {
            (Value::Bool(_), Value::String(text)) => {
                Value::Bool(text.parse().map_err(|_| BAD_REQUEST)?)
            }
            (Value::Object(_), Value::String(text)) => {
                serde_json::from_str(text).map_err(|_| BAD_REQUEST)?
            }
            _ => value.clone(),
        };
    }
    Ok(Value::Object(object).to_string())
}

/// The invitation a waitlist entry turns into: the entry's name and
/// address on the invitation fixture.
fn approve(
    ids: &[String],
    mut waitlist: impl Iterator<Item = Value>,
) -> Result<Map<String, Value>, Failure> {
    let [id] = ids else {
        return Err(NOT_FOUND);
    };
    let entry = waitlist
        .find(|entry| entry["id"] == id.as_str())
        .ok_or(NOT_FOUND)?;

    let mut invitation = parse(INVITATION)?;
    for name in ["first_name", "last_name", "email_address"] {
        // The entry's names are optional; the invitation's are not.
        let value = match &entry[name] {
            Value::Null => Value::from(""),
            value => value.clone(),
        };
        invitation.insert(name.to_owned(), value);
    }
    Ok(invitation)
}

fn parse(fixture: &str) -> Result<Map<String, Value>, Failure> {
    match serde_json::from_str(fixture) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(Failure(500, "Something went wrong")),
    }
}

/// What a list request asks for, from its query.
struct ListQuery {
    offset: u64,
    limit: u64,
    /// Lowercased, for matching without regard to case.
    search: Option<String>,
}

/// Reads `offset`, `limit` and `search`; other parameters are ignored, as
/// the server ignores them. A number that is not one is refused with
/// `400`, as the server's query decoder refuses it.
fn list_query(query: &str) -> Result<ListQuery, Failure> {
    let mut list = ListQuery {
        offset: 0,
        limit: 10,
        search: None,
    };
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value)?;
        match name {
            "offset" => list.offset = value.parse().map_err(|_| BAD_REQUEST)?,
            "limit" => list.limit = value.parse().map_err(|_| BAD_REQUEST)?,
            "search" if !value.is_empty() => list.search = Some(value.to_lowercase()),
            _ => {}
        }
    }
    list.limit = list.limit.min(MAX_SYNTHETIC_PAGE);
    Ok(list)
}

/// `%40` to `@` and `+` to a space, as a form-encoded query spells them.
fn percent_decode(text: &str) -> Result<String, Failure> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.bytes();
    while let Some(b) = rest.next() {
        bytes.push(match b {
            b'+' => b' ',
            b'%' => {
                let digit = |b: Option<u8>| b.and_then(|b| char::from(b).to_digit(16));
                match (digit(rest.next()), digit(rest.next())) {
                    (Some(hi), Some(lo)) => (hi * 16 + lo) as u8,
                    _ => return Err(BAD_REQUEST),
                }
            }
            b => b,
        });
    }
    String::from_utf8(bytes).map_err(|_| BAD_REQUEST)
}

/// Whether one of `fields` of `item` contains the search text, when there
/// is one.
fn matches_search(item: &Value, fields: &[&str], query: &ListQuery) -> bool {
    let Some(search) = &query.search else {
        return true;
    };
    fields.iter().any(|field| {
        item[*field]
            .as_str()
            .is_some_and(|text| text.to_lowercase().contains(search.as_str()))
    })
}

/// One page of a list whose items start at the page's offset: at most
/// `limit` of them, and whether more follow.
fn page(items: impl Iterator<Item = Value>, query: &ListQuery) -> String {
    let limit = to_usize(query.limit);
    let mut data: Vec<Value> = items.take(limit.saturating_add(1)).collect();
    let has_more = data.len() > limit;
    data.truncate(limit);
    json!({"data": data, "has_more": has_more, "limit": query.limit, "offset": query.offset})
        .to_string()
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A page of `total` made-up users. Without a search only the page's own
/// users are made; a search looks at every user before the page, one at a
/// time, so it is slow on a long list but never holds more than a page.
fn synthetic_users(total: u64, query: &ListQuery) -> String {
    let fields = [
        "first_name",
        "last_name",
        "username",
        "primary_email_address",
    ];
    match query.search {
        None => page((query.offset.min(total)..total).map(synthetic_user), query),
        Some(_) => {
            let found = (0..total)
                .map(synthetic_user)
                .filter(|user| matches_search(user, &fields, query));
            page(found.skip(to_usize(query.offset)), query)
        }
    }
}

/// User number `n` of a synthetic list, always the same for the same `n`.
/// A few names carry a comma, quotes or a line break, as real data does.
fn synthetic_user(n: u64) -> Value {
    const FIRST: [&str; 8] = [
        "Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Margaret", "Radia",
    ];
    const LAST: [&str; 7] = [
        "Lovelace",
        "Hopper",
        "Turing",
        "Dijkstra",
        "Liskov, PhD",
        "Thompson \"ken\"",
        "Hamilton\nApollo",
    ];
    const DOMAINS: [&str; 3] = ["example.com", "example.org", "mail.example"];

    let first = FIRST[(n % 8) as usize];
    let last = LAST[(n / 8 % 7) as usize];
    let id = 7_000_000_000_000_000_000 + n;
    let stamp = format!(
        "2025-11-{:02}T{:02}:{:02}:{:02}.000000Z",
        1 + n / 86_400 % 28,
        n / 3_600 % 24,
        n / 60 % 60,
        n % 60
    );
    json!({
        "id": id.to_string(),
        "created_at": stamp,
        "updated_at": stamp,
        "first_name": first,
        "last_name": last,
        "username": (n % 3 != 0).then(|| format!("{}{n}", first.to_lowercase())),
        "profile_picture_url": format!("https://img.wacht.dev/u/{id}.png"),
        "primary_email_address": format!(
            "{}.{n}@{}", first.to_lowercase(), DOMAINS[(n % 3) as usize]
        ),
        "primary_phone_number": (n % 2 == 0).then(|| format!("+1415555{:04}", n % 10_000)),
    })
}

/// The demo waitlist: entries from several domains, some of them only
/// looking like `example.com`.
fn demo_waitlist() -> impl Iterator<Item = Value> {
    const ENTRIES: [(&str, Option<&str>, Option<&str>); 12] = [
        ("alan@example.com", Some("Alan"), Some("Kay")),
        ("grace@example.org", Some("Grace"), None),
        ("EDSGER@EXAMPLE.COM", None, None),
        ("barbara@notexample.com", Some("Barbara"), Some("Liskov")),
        ("ken@example.com.evil", Some("Ken"), None),
        ("margaret@sub.example.com", Some("Margaret"), None),
        ("\"mallory@example.com\"@evil.test", Some("Mallory"), None),
        ("radia@Example.Com", Some("Radia"), Some("Perlman")),
        ("dennis@example.co", Some("Dennis"), None),
        ("frances@mail.example", Some("Frances"), Some("Allen")),
        ("john@example.com", Some("John"), Some("Backus")),
        ("example.com@localhost", None, None),
    ];
    ENTRIES
        .into_iter()
        .enumerate()
        .map(|(i, (email, first, last))| {
            json!({
                "id": (6823547219085375001_u64 + i as u64).to_string(),
                "created_at": "2025-11-03T14:22:05.482913Z",
                "updated_at": "2025-11-03T14:22:05.482913Z",
                "deployment_id": "6801128654301687809",
                "email_address": email,
                "first_name": first,
                "last_name": last,
            })
        })
}
