//! A scripted HTTP/1.1 server on 127.0.0.1 for misbehaviour that httpmock
//! cannot produce: resets, short bodies, silence, trickles.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use wacht_sync::Client;

use super::KEY;

/// What a script does with one request.
pub enum Answer {
    /// Write these bytes and keep the connection for the next request.
    Bytes(Vec<u8>),
    /// Write these bytes, then close the connection (FIN).
    BytesThenClose(Vec<u8>),
    /// Say nothing until the client goes away.
    Silence,
    /// Send headers announcing a large body, then one byte every `every`
    /// for at most `for_at_most`.
    Trickle {
        every: Duration,
        for_at_most: Duration,
    },
}

/// A complete response with a JSON body.
pub fn json(status: u16, body: &str) -> Answer {
    respond(status, &[("Content-Type", "application/json")], body)
}

/// A complete response with extra headers.
pub fn respond(status: u16, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut out = format!(
        "HTTP/1.1 {status} Status\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    Answer::Bytes(out.into_bytes())
}

/// The request line and headers of one request, as received.
#[derive(Debug, Clone)]
pub struct Head {
    pub request_line: String,
    pub headers: Vec<(String, String)>,
}

impl Head {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

type Script = dyn Fn(usize, &Head) -> Answer + Send + Sync;

/// A server answering each request with what `script(index, head)` says;
/// `index` counts requests from 0 across connections.
pub struct RawServer {
    pub addr: SocketAddr,
    heads: Arc<Mutex<Vec<Head>>>,
    connections: Arc<Mutex<usize>>,
}

impl RawServer {
    pub fn start(script: impl Fn(usize, &Head) -> Answer + Send + Sync + 'static) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        let heads = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(0));
        let script: Arc<Script> = Arc::new(script);

        let (h, c) = (Arc::clone(&heads), Arc::clone(&connections));
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                *c.lock().unwrap() += 1;
                let (h, script) = (Arc::clone(&h), Arc::clone(&script));
                thread::spawn(move || serve(stream, &h, &*script));
            }
        });
        RawServer {
            addr,
            heads,
            connections,
        }
    }

    /// A server that resets every connection: it waits for the request to
    /// arrive, writes `first` (nothing, or the start of an answer), and
    /// closes with the request still unread, which makes the kernel send
    /// RST instead of FIN. Each connection counts as one request.
    pub fn resetting(first: &'static [u8]) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        let heads = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(0));

        let (h, c) = (Arc::clone(&heads), Arc::clone(&connections));
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                *c.lock().unwrap() += 1;
                let mut peeked = [0u8; 1];
                if stream.peek(&mut peeked).unwrap_or(0) == 0 {
                    continue;
                }
                h.lock().unwrap().push(Head {
                    request_line: String::from("(unread)"),
                    headers: Vec::new(),
                });
                let _ = stream.write_all(first);
                drop(stream);
            }
        });
        RawServer {
            addr,
            heads,
            connections,
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client for this server with the test key.
    pub fn client(&self) -> Client {
        Client::builder()
            .api_key(KEY)
            .base_url(self.base_url())
            .build()
            .unwrap()
    }

    /// Every request head received, in order.
    pub fn heads(&self) -> Vec<Head> {
        self.heads.lock().unwrap().clone()
    }

    pub fn request_count(&self) -> usize {
        self.heads.lock().unwrap().len()
    }

    pub fn connection_count(&self) -> usize {
        *self.connections.lock().unwrap()
    }
}

fn serve(stream: TcpStream, heads: &Mutex<Vec<Head>>, script: &Script) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let Some(head) = read_head(&mut reader) else {
            return;
        };
        let length: usize = head
            .header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let index = {
            let mut all = heads.lock().unwrap();
            all.push(head.clone());
            all.len() - 1
        };

        match script(index, &head) {
            Answer::Bytes(bytes) => {
                if writer.write_all(&bytes).is_err() {
                    return;
                }
            }
            Answer::BytesThenClose(bytes) => {
                let _ = writer.write_all(&bytes);
                return;
            }
            Answer::Silence => {
                // Wait for the client to hang up (a read of 0 or an error).
                let mut buf = [0u8; 64];
                let _ = writer.set_read_timeout(Some(Duration::from_secs(30)));
                let _ = writer.read(&mut buf);
                return;
            }
            Answer::Trickle { every, for_at_most } => {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n[";
                if writer.write_all(head.as_bytes()).is_err() {
                    return;
                }
                let rounds = for_at_most.as_millis() / every.as_millis().max(1);
                for _ in 0..rounds {
                    thread::sleep(every);
                    if writer.write_all(b" ").is_err() {
                        return;
                    }
                }
                return;
            }
        }
    }
}

fn read_head(reader: &mut BufReader<TcpStream>) -> Option<Head> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).ok()? == 0 {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    Some(Head {
        request_line: request_line.trim_end().to_owned(),
        headers,
    })
}
