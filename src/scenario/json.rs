//! Reading the document's text as JSON. Stricter than `serde_json::from_str` in one
//! way: a key given twice in one object is an error (with its line and column)
//! instead of the last value silently winning. Nesting is bounded by serde_json's
//! recursion limit, so no input can overflow the stack.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Parses `text` as one JSON value. On failure, the message says where:
/// `malformed JSON at line 3, column 5: expected `,` or `}``.
pub fn parse_strict(text: &str) -> Result<Value, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = StrictValue::deserialize(&mut de).and_then(|StrictValue(value)| {
        de.end()?;
        Ok(value)
    });
    parsed.map_err(|error| malformed(&error))
}

fn malformed(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let what = full.strip_suffix(&suffix).unwrap_or(&full);
    format!(
        "malformed JSON at line {}, column {}: {what}",
        error.line(),
        error.column()
    )
}

struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = StrictValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: Error>(self, b: bool) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::Bool(b)))
    }

    fn visit_i64<E: Error>(self, n: i64) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::from(n)))
    }

    fn visit_u64<E: Error>(self, n: u64) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::from(n)))
    }

    fn visit_f64<E: Error>(self, n: f64) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::from(n)))
    }

    fn visit_str<E: Error>(self, s: &str) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::String(s.to_string())))
    }

    fn visit_string<E: Error>(self, s: String) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::String(s)))
    }

    fn visit_unit<E: Error>(self) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StrictValue, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(StrictValue(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<StrictValue, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(A::Error::custom(format!(
                    "the key {} is given twice in one object",
                    Value::String(key)
                )));
            }
            let StrictValue(value) = access.next_value()?;
            map.insert(key, value);
        }
        Ok(StrictValue(Value::Object(map)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_like_serde_json() {
        let text = r#"{"a": [1, -2, 2.5, "x", true, null, {"b": {}}], "c": 18446744073709551615}"#;
        assert_eq!(parse_strict(text), Ok(serde_json::from_str(text).unwrap()));
        assert_eq!(parse_strict(" 7 "), Ok(json!(7)));
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        assert_eq!(
            parse_strict("{\n  \"a\": 1,\n}"),
            Err("malformed JSON at line 3, column 1: trailing comma".to_string())
        );
        assert_eq!(
            parse_strict(""),
            Err("malformed JSON at line 1, column 0: EOF while parsing a value".to_string())
        );
        assert_eq!(
            parse_strict("{} {}"),
            Err("malformed JSON at line 1, column 4: trailing characters".to_string())
        );
    }

    #[test]
    fn a_key_given_twice_is_an_error() {
        let error = parse_strict("{\"seed\": 1,\n \"seed\": 2}").unwrap_err();
        assert!(
            error.starts_with("malformed JSON at line 2, column "),
            "{error}"
        );
        assert!(
            error.ends_with(": the key \"seed\" is given twice in one object"),
            "{error}"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(100_000);
        let error = parse_strict(&text).unwrap_err();
        assert!(error.contains("recursion limit exceeded"), "{error}");
    }
}
