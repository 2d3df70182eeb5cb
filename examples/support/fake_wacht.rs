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
//! API reads like one. It keeps no state: a deleted email is back on the
//! next fetch.
//!
//! Use it from an example with
//! `#[path = "../support/fake_wacht.rs"] mod fake_wacht;`.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
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

/// A running fake server. It serves until the program ends.
#[derive(Debug)]
pub struct FakeWacht {
    addr: SocketAddr,
}

impl FakeWacht {
    /// `http://127.0.0.1:<port>`, ready for `ClientBuilder::base_url`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Starts the server on a port the OS picks.
pub fn start() -> io::Result<FakeWacht> {
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    let addr = listener.local_addr()?;
    thread::Builder::new()
        .name("fake-wacht".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                // Without a thread to spare, the connection is dropped and
                // the client sees a reset; the server itself carries on.
                let _ = thread::Builder::new().spawn(move || serve(stream));
            }
        })?;
    Ok(FakeWacht { addr })
}

/// What the server reads from a request.
struct Request {
    method: String,
    /// The path without the query, which every route ignores.
    path: String,
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

fn serve(stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);

    loop {
        let (answer, keep_alive) = match read_request(&mut reader) {
            Ok(Some(request)) => (answer(&request), request.keep_alive),
            // After a request that could not be read, where the next one
            // starts is unknown, so the connection ends with this answer.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => (Err(BAD_REQUEST), false),
            // The client closed the connection, went quiet or went away.
            Ok(None) | Err(_) => return,
        };
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
    let path = target.split_once('?').map_or(target, |(path, _)| path);

    let mut request = Request {
        method: method.to_owned(),
        path: path.to_owned(),
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
fn answer(request: &Request) -> Result<String, Failure> {
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
        ("GET", "/users") => Ok(USERS_PAGE.to_owned()),
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
            require(&fields, &["first_name", "last_name", "email_address"])?;
            echo(INVITATION, &ids, &fields)
        }
        ("DELETE", "/invitations/{id}") => void(),
        ("GET", "/waitlist") => Ok(WAITLIST_PAGE.to_owned()),
        ("POST", "/waitlist/{id}/approve") => approve(&ids),
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
fn approve(ids: &[String]) -> Result<String, Failure> {
    let [id] = ids else {
        return Err(NOT_FOUND);
    };
    let waitlist = parse(WAITLIST_PAGE)?;
    let entry = waitlist
        .get("data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
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
    Ok(Value::Object(invitation).to_string())
}

fn parse(fixture: &str) -> Result<Map<String, Value>, Failure> {
    match serde_json::from_str(fixture) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(Failure(500, "Something went wrong")),
    }
}
