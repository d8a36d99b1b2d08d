//! Reading typed values out of JSON, recording a problem for anything else. Every
//! message has the shape `{found} is not {expected}` or `missing; required:
//! {expected}`, so that it names what was found and what is allowed. A reader that
//! returns `None` has recorded a problem.

use super::error::Problems;
use super::path;
use crate::engine::sort;
use serde_json::{Map, Value};

/// How a found value is named in messages: scalars as JSON (long strings cut short),
/// arrays and objects by their kind.
pub fn found(value: &Value) -> String {
    const SHOWN_CHARS_MAX: usize = 60;
    match value {
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
        Value::String(s) if s.chars().count() > SHOWN_CHARS_MAX => {
            let cut: String = s.chars().take(SHOWN_CHARS_MAX).collect();
            format!("{}…", Value::String(cut))
        }
        other => other.to_string(),
    }
}

/// A string written as JSON: `"orders"`.
pub fn quoted(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// `a whole number from {min} to {max}`.
pub fn whole_range(min: u64, max: u64) -> String {
    format!("a whole number from {min} to {max}")
}

/// A whole number in `min..=max`. Floats, negative numbers and non-numbers are errors.
pub fn whole(
    problems: &mut Problems,
    path: &str,
    value: &Value,
    min: u64,
    max: u64,
) -> Option<u64> {
    match value.as_u64() {
        Some(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            problems.add(
                path,
                format!("{} is not {}", found(value), whole_range(min, max)),
            );
            None
        }
    }
}

/// A string.
pub fn text<'a>(problems: &mut Problems, path: &str, value: &'a Value) -> Option<&'a str> {
    match value {
        Value::String(s) => Some(s),
        other => {
            problems.add(path, format!("{} is not a string", found(other)));
            None
        }
    }
}

/// An array; `expected` names what it should hold.
pub fn array<'a>(
    problems: &mut Problems,
    path: &str,
    value: &'a Value,
    expected: &str,
) -> Option<&'a [Value]> {
    match value {
        Value::Array(items) => Some(items),
        other => {
            problems.add(path, format!("{} is not {expected}", found(other)));
            None
        }
    }
}

/// A JSON object being validated, with its path.
pub struct Fields<'a> {
    path: String,
    map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    /// `value` as an object; `expected` names what it should be.
    pub fn of(
        problems: &mut Problems,
        path: &str,
        value: &'a Value,
        expected: &str,
    ) -> Option<Self> {
        match value {
            Value::Object(map) => Some(Fields {
                path: path.to_string(),
                map,
            }),
            other => {
                problems.add(path, format!("{} is not {expected}", found(other)));
                None
            }
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path of one of this object's keys.
    pub fn at(&self, key: &str) -> String {
        path::key(&self.path, key)
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    /// Every key and value, by key.
    pub fn entries(&self) -> Vec<(&'a str, &'a Value)> {
        let mut entries: Vec<(&str, &Value)> =
            self.map.iter().map(|(k, v)| (k.as_str(), v)).collect();
        sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
        entries
    }

    /// The keys not in `allowed`, by key.
    pub fn unknown_keys(&self, allowed: &[&str]) -> Vec<&'a str> {
        self.entries()
            .into_iter()
            .map(|(key, _)| key)
            .filter(|key| !allowed.contains(key))
            .collect()
    }

    /// Records every key not in `allowed` as unknown.
    pub fn reject_unknown(&self, problems: &mut Problems, allowed: &[&str]) {
        for key in self.unknown_keys(allowed) {
            problems.add(
                &self.at(key),
                format!(
                    "unknown key {} (allowed: {})",
                    quoted(key),
                    allowed.join(", ")
                ),
            );
        }
    }

    /// A required key's value; `expected` names what it should be.
    pub fn required(
        &self,
        problems: &mut Problems,
        key: &str,
        expected: &str,
    ) -> Option<&'a Value> {
        let value = self.map.get(key);
        if value.is_none() {
            problems.add(&self.at(key), format!("missing; required: {expected}"));
        }
        value
    }

    /// A whole number in `min..=max`; `default` when absent, required when `None`.
    pub fn whole(
        &self,
        problems: &mut Problems,
        key: &str,
        min: u64,
        max: u64,
        default: Option<u64>,
    ) -> Option<u64> {
        match (self.map.get(key), default) {
            (Some(value), _) => whole(problems, &self.at(key), value, min, max),
            (None, Some(default)) => Some(default),
            (None, None) => {
                problems.add(
                    &self.at(key),
                    format!("missing; required: {}", whole_range(min, max)),
                );
                None
            }
        }
    }

    /// A string, or `default` when absent.
    pub fn text_or(&self, problems: &mut Problems, key: &str, default: &str) -> Option<String> {
        match self.map.get(key) {
            Some(value) => text(problems, &self.at(key), value).map(str::to_string),
            None => Some(default.to_string()),
        }
    }

    /// `true` or `false`, or `default` when absent.
    pub fn flag(&self, problems: &mut Problems, key: &str, default: bool) -> Option<bool> {
        match self.map.get(key) {
            None => Some(default),
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                problems.add(
                    &self.at(key),
                    format!("{} is not true or false", found(other)),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(problems: Problems) -> Vec<String> {
        problems
            .into_vec()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn found_values_are_named_briefly() {
        assert_eq!(found(&json!("two")), "\"two\"");
        assert_eq!(found(&json!(1.5)), "1.5");
        assert_eq!(found(&json!(null)), "null");
        assert_eq!(found(&json!([1])), "an array");
        assert_eq!(found(&json!({})), "an object");
        let long = "x".repeat(100);
        assert_eq!(found(&json!(long)), format!("\"{}\"…", "x".repeat(60)));
    }

    #[test]
    fn whole_numbers_reject_floats_negatives_strings_and_range() {
        let mut p = Problems::default();
        assert_eq!(whole(&mut p, "n", &json!(3), 1, 32), Some(3));
        assert_eq!(whole(&mut p, "n", &json!(3.0), 1, 32), None);
        assert_eq!(whole(&mut p, "n", &json!(-1), 0, 32), None);
        assert_eq!(whole(&mut p, "n", &json!("3"), 1, 32), None);
        assert_eq!(whole(&mut p, "n", &json!(33), 1, 32), None);
        assert_eq!(whole(&mut p, "n", &json!(1e300), 1, 32), None);
        assert_eq!(
            messages(p),
            vec![
                "n: 3.0 is not a whole number from 1 to 32",
                "n: -1 is not a whole number from 0 to 32",
                "n: \"3\" is not a whole number from 1 to 32",
                "n: 33 is not a whole number from 1 to 32",
                "n: 1e+300 is not a whole number from 1 to 32",
            ]
        );
    }

    #[test]
    fn fields_report_missing_unknown_and_wrong_types() {
        let value = json!({"a": 1, "zz": 2, "b": "x", "flag": 1, "name": 5});
        let mut p = Problems::default();
        let fields = Fields::of(&mut p, "topics[0]", &value, "an object").unwrap();
        fields.reject_unknown(&mut p, &["a", "b", "flag", "name"]);
        assert_eq!(fields.whole(&mut p, "a", 0, 9, None), Some(1));
        assert_eq!(fields.whole(&mut p, "c", 0, 9, Some(4)), Some(4));
        assert_eq!(fields.whole(&mut p, "d", 0, 9, None), None);
        assert_eq!(fields.text_or(&mut p, "b", ""), Some("x".to_string()));
        assert_eq!(fields.text_or(&mut p, "name", ""), None);
        assert_eq!(fields.flag(&mut p, "flag", false), None);
        assert_eq!(fields.flag(&mut p, "other", true), Some(true));
        assert!(fields.required(&mut p, "e", "a string").is_none());
        assert!(Fields::of(&mut p, "network", &json!([]), "an object with latency_ms").is_none());
        assert_eq!(
            messages(p),
            vec![
                "topics[0].zz: unknown key \"zz\" (allowed: a, b, flag, name)",
                "topics[0].d: missing; required: a whole number from 0 to 9",
                "topics[0].name: 5 is not a string",
                "topics[0].flag: 1 is not true or false",
                "topics[0].e: missing; required: a string",
                "network: an array is not an object with latency_ms",
            ]
        );
    }

    #[test]
    fn arrays_and_text_name_what_they_expect() {
        let mut p = Problems::default();
        assert!(array(&mut p, "script", &json!({}), "a list of actions").is_none());
        assert_eq!(
            array(&mut p, "script", &json!([1]), "x").map(<[Value]>::len),
            Some(1)
        );
        assert!(text(&mut p, "title", &json!(null)).is_none());
        assert_eq!(
            messages(p),
            vec![
                "script: an object is not a list of actions",
                "title: null is not a string",
            ]
        );
    }
}
