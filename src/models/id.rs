//! Identifiers: 64-bit integers that Wacht sends as JSON strings.
//!
//! They are larger than 2^53, so a JavaScript-style float would round them.
//! The server sends strings; a proxy or an older server may send bare
//! numbers. Both become the same `String`, digit for digit.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

struct IdVisitor;

impl<'de> Visitor<'de> for IdVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id as a string or an integer")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        // serde_json only hands over a float for an integer that does not
        // fit 64 bits (or one written with a fraction or exponent): its
        // digits are already lost, so refuse rather than invent an id.
        Err(E::custom(format_args!(
            "id {v} is not a 64-bit integer; its digits cannot be kept"
        )))
    }
}

/// Deserializes an id given as a string or an integer.
pub(crate) fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(IdVisitor)
}

/// Deserializes an id that may be `null` or absent.
pub(crate) fn optional_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Optional;

    impl<'de> Visitor<'de> for Optional {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an id as a string or an integer, or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            id(d).map(Some)
        }
    }

    d.deserialize_option(Optional)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Holder {
        #[serde(deserialize_with = "super::id")]
        id: String,
        #[serde(default, deserialize_with = "super::optional_id")]
        other: Option<String>,
    }

    fn parse(json: &str) -> Result<Holder, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn string_ids_are_kept_as_they_are() {
        let h = parse(r#"{"id":"6823547219085373441","other":"7"}"#).unwrap();
        assert_eq!(h.id, "6823547219085373441");
        assert_eq!(h.other.as_deref(), Some("7"));
    }

    #[test]
    fn numeric_ids_above_2_pow_53_keep_every_digit() {
        let h = parse(r#"{"id":6823547219085373441,"other":18446744073709551615}"#).unwrap();
        assert_eq!(h.id, "6823547219085373441");
        assert_eq!(h.other.as_deref(), Some("18446744073709551615"));
    }

    #[test]
    fn negative_numeric_ids_are_kept() {
        assert_eq!(parse(r#"{"id":-42}"#).unwrap().id, "-42");
    }

    #[test]
    fn optional_ids_accept_null_and_absence() {
        assert_eq!(parse(r#"{"id":"1","other":null}"#).unwrap().other, None);
        assert_eq!(parse(r#"{"id":"1"}"#).unwrap().other, None);
    }

    #[test]
    fn ids_that_would_lose_digits_are_refused() {
        let err = parse(r#"{"id":68235472190853734410000}"#).unwrap_err();
        assert!(err.to_string().contains("cannot be kept"), "{err}");
        assert!(parse(r#"{"id":1.5}"#).is_err());
    }

    #[test]
    fn other_json_types_are_refused() {
        assert!(parse(r#"{"id":true}"#).is_err());
        assert!(parse(r#"{"id":null}"#).is_err());
        assert!(parse(r#"{"id":{}}"#).is_err());
    }
}
