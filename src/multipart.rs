//! `multipart/form-data` bodies, which Wacht requires for creating and
//! updating users (JSON is refused on those two routes).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Error;
use crate::request::Body;

/// A file to upload as a user's profile image.
#[derive(Clone, PartialEq, Eq)]
pub struct ProfileImage {
    pub(crate) bytes: Vec<u8>,
    pub(crate) file_name: String,
    pub(crate) content_type: String,
}

impl ProfileImage {
    /// The image's bytes, the file name to report and its media type, such
    /// as `image/png`.
    pub fn new(
        bytes: impl Into<Vec<u8>>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
    ) -> Self {
        ProfileImage {
            bytes: bytes.into(),
            file_name: file_name.into(),
            content_type: content_type.into(),
        }
    }
}

impl std::fmt::Debug for ProfileImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileImage")
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// Text fields and at most one file, in the order they were added.
#[derive(Default)]
pub(crate) struct Form {
    texts: Vec<(&'static str, String)>,
    file: Option<(&'static str, ProfileImage)>,
}

impl Form {
    pub(crate) fn text(&mut self, name: &'static str, value: impl Into<String>) {
        self.texts.push((name, value.into()));
    }

    pub(crate) fn opt_text(&mut self, name: &'static str, value: Option<impl Into<String>>) {
        if let Some(value) = value {
            self.text(name, value);
        }
    }

    pub(crate) fn flag(&mut self, name: &'static str, value: Option<bool>) {
        if let Some(value) = value {
            self.text(name, if value { "true" } else { "false" });
        }
    }

    pub(crate) fn file(&mut self, name: &'static str, image: Option<ProfileImage>) {
        self.file = image.map(|image| (name, image));
    }

    /// Writes the body, with a boundary that occurs in none of the parts.
    pub(crate) fn into_body(self) -> Result<Body, Error> {
        if let Some((_, image)) = &self.file {
            let content_type = image.content_type.trim();
            if content_type.is_empty() || content_type.chars().any(char::is_control) {
                return Err(Error::invalid(
                    "the profile image needs a media type such as image/png, on one line",
                ));
            }
        }

        let boundary = loop {
            let candidate = new_boundary();
            if !self.contains(candidate.as_bytes()) {
                break candidate;
            }
        };

        let mut out = Vec::with_capacity(self.size_hint() + boundary.len() * 8);
        for (name, value) in &self.texts {
            part_head(&mut out, &boundary, name);
            out.extend_from_slice(b"\r\n\r\n");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        if let Some((name, image)) = &self.file {
            part_head(&mut out, &boundary, name);
            out.extend_from_slice(b"; filename=\"");
            quote_into(&mut out, &image.file_name);
            out.extend_from_slice(b"\"\r\nContent-Type: ");
            out.extend_from_slice(image.content_type.trim().as_bytes());
            out.extend_from_slice(b"\r\n\r\n");
            out.extend_from_slice(&image.bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"--\r\n");

        Ok(Body::Multipart {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            bytes: out,
        })
    }

    fn contains(&self, needle: &[u8]) -> bool {
        let found = |hay: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
        self.texts.iter().any(|(_, v)| found(v.as_bytes()))
            || self
                .file
                .as_ref()
                .is_some_and(|(_, image)| found(&image.bytes) || found(image.file_name.as_bytes()))
    }

    fn size_hint(&self) -> usize {
        let texts: usize = self.texts.iter().map(|(n, v)| n.len() + v.len() + 64).sum();
        texts + self.file.as_ref().map_or(0, |(_, i)| i.bytes.len() + 128)
    }
}

fn part_head(out: &mut Vec<u8>, boundary: &str, name: &str) {
    out.extend_from_slice(b"--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
    out.extend_from_slice(name.as_bytes());
    out.push(b'"');
}

/// Writes a file name inside quotes the way browsers do: `"`, CR and LF
/// percent-encoded, so the name cannot end the header early.
fn quote_into(out: &mut Vec<u8>, name: &str) {
    for &b in name.as_bytes() {
        match b {
            b'"' => out.extend_from_slice(b"%22"),
            b'\r' => out.extend_from_slice(b"%0D"),
            b'\n' => out.extend_from_slice(b"%0A"),
            _ => out.push(b),
        }
    }
}

/// A boundary unlikely to occur anywhere: a per-process random seed mixed
/// with a counter. The caller still checks the parts for it.
fn new_boundary() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("wacht-sync-{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(form: Form) -> (String, Vec<u8>) {
        match form.into_body().unwrap() {
            Body::Multipart {
                content_type,
                bytes,
            } => (content_type, bytes),
            _ => unreachable!("a form always makes a multipart body"),
        }
    }

    #[test]
    fn parts_are_written_in_order_with_the_file_last() {
        let mut form = Form::default();
        form.text("first_name", "Ada");
        form.flag("disabled", Some(false));
        form.file(
            "profile_image",
            Some(ProfileImage::new(vec![0, 1], "a\"b.png", "image/png")),
        );
        let (content_type, bytes) = body_of(form);

        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"first_name\"\r\n\r\nAda\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"disabled\"\r\n\r\nfalse\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"profile_image\"; filename=\"a%22b.png\"\r\n\
             Content-Type: image/png\r\n\r\n\u{0}\u{1}\r\n--{b}--\r\n",
            b = boundary
        );
        assert_eq!(String::from_utf8(bytes).unwrap(), expected);
    }

    #[test]
    fn a_boundary_found_in_any_part_is_detected() {
        let mut form = Form::default();
        form.text("first_name", "x--wacht-sync-1y");
        form.file(
            "profile_image",
            Some(ProfileImage::new(
                *b"..wacht-sync-2..",
                "f-3.png",
                "image/png",
            )),
        );
        assert!(form.contains(b"wacht-sync-1"));
        assert!(form.contains(b"wacht-sync-2"));
        assert!(form.contains(b"f-3"));
        assert!(!form.contains(b"wacht-sync-4"));
    }

    #[test]
    fn a_media_type_on_two_lines_is_refused() {
        let mut form = Form::default();
        form.file(
            "profile_image",
            Some(ProfileImage::new(vec![1], "a.png", "image/png\r\nX: y")),
        );
        assert!(matches!(form.into_body(), Err(Error::InvalidRequest(_))));
    }
}
