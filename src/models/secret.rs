use std::fmt;

use serde::{Deserialize, Serialize};

/// A string that must not end up in logs: OAuth tokens, invitation tokens,
/// one-time-password URLs, backup codes, passwords.
///
/// `Debug` prints `<redacted>` (or `""` for an empty value, which gives
/// nothing away). Read the value on purpose with [`Secret::expose`].
/// Serialization writes the real value, so a model can be stored and read
/// back.
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself. Take care where it goes.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is the empty string (the server sends `""` for a
    /// token it does not have).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("\"\"")
        } else {
            f.write_str("<redacted>")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_hides_the_value() {
        let s = Secret::new("gho_abc123");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Secret::default()), "\"\"");
        assert_eq!(s.expose(), "gho_abc123");
    }

    #[test]
    fn serde_round_trips_the_plain_string() {
        let s: Secret = serde_json::from_str(r#""inv_9f2c""#).unwrap();
        assert_eq!(s.expose(), "inv_9f2c");
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""inv_9f2c""#);
    }
}
