//! Config definitions: Kafka's config keys, their types, defaults and valid ranges,
//! and the validation of user-supplied values as Kafka validates them
//! (`ConfigDef.parseType` and its validators).
//!
//! A value may be written as a JSON string, number or boolean. Lists also accept a
//! JSON array. Ratios (`min.cleanable.dirty.ratio`) are kept as parts per million so
//! that no floating-point number takes part in a decision.

use serde_json::Value;

use crate::engine::vec_map::VecMap;

/// The type and valid range of one config.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigType {
    Bool,
    /// A 32-bit integer in `[min, max]`.
    Int {
        min: i64,
        max: i64,
    },
    /// A 64-bit integer in `[min, max]`.
    Long {
        min: i64,
        max: i64,
    },
    /// A decimal number in `[0, 1]`, stored in parts per million.
    Ratio,
    /// One of the listed strings (case-sensitive, as Kafka's `ValidString`).
    Choice(&'static [&'static str]),
    /// A comma-separated list whose items are each one of the listed names.
    List(&'static [&'static str]),
}

/// One config key: its Kafka name, type, default (as Kafka documents it) and a
/// one-line description for the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConfigDef {
    pub name: &'static str,
    pub kind: ConfigType,
    pub default: &'static str,
    pub doc: &'static str,
}

/// A validated config value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConfigValue {
    Bool(bool),
    Int(i64),
    /// Parts per million.
    Ratio(i64),
    Text(String),
    List(Vec<String>),
}

impl ConfigValue {
    /// The value as Kafka would print it (`kafka-configs --describe`).
    pub fn display(&self) -> String {
        match self {
            ConfigValue::Bool(b) => b.to_string(),
            ConfigValue::Int(i) => i.to_string(),
            ConfigValue::Ratio(ppm) => ratio_to_string(*ppm),
            ConfigValue::Text(s) => s.clone(),
            ConfigValue::List(items) => items.join(","),
        }
    }

    /// The value as JSON, in the form a scenario file writes it.
    pub fn to_json(&self) -> Value {
        match self {
            ConfigValue::Bool(b) => Value::Bool(*b),
            ConfigValue::Int(i) => Value::from(*i),
            ConfigValue::Ratio(ppm) => Value::String(ratio_to_string(*ppm)),
            ConfigValue::Text(s) => Value::String(s.clone()),
            ConfigValue::List(items) => Value::String(items.join(",")),
        }
    }
}

fn ratio_to_string(ppm: i64) -> String {
    let whole = ppm / 1_000_000;
    let frac = ppm % 1_000_000;
    if frac == 0 {
        return format!("{whole}.0");
    }
    let digits = format!("{frac:06}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Accepted aliases for assignor class names, mapped to the short names.
const ASSIGNOR_CLASSES: &[(&str, &str)] = &[
    ("org.apache.kafka.clients.consumer.RangeAssignor", "range"),
    (
        "org.apache.kafka.clients.consumer.RoundRobinAssignor",
        "roundrobin",
    ),
    ("org.apache.kafka.clients.consumer.StickyAssignor", "sticky"),
    (
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
        "cooperative-sticky",
    ),
];

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn parse_integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
}

/// Parses a decimal in `[0, 1]` into parts per million without floating point.
fn parse_ratio(text: &str) -> Option<i64> {
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || !all_digits(whole) || !all_digits(frac) {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    if whole > 1 {
        return Some(i64::MAX);
    }
    let mut ppm = whole * 1_000_000;
    let mut scale = 100_000;
    for c in frac.chars() {
        let digit = i64::from(c.to_digit(10)?);
        ppm += digit * scale;
        scale /= 10;
        if scale == 0 {
            break;
        }
    }
    Some(ppm)
}

impl ConfigDef {
    /// Validates `value` for this config. The error names what was found and what
    /// is allowed; the caller prefixes it with the JSON path.
    pub fn parse(&self, value: &Value) -> Result<ConfigValue, String> {
        let found = describe(value);
        match self.kind {
            ConfigType::Bool => match value {
                Value::Bool(b) => Ok(ConfigValue::Bool(*b)),
                Value::String(s) if s.trim().eq_ignore_ascii_case("true") => {
                    Ok(ConfigValue::Bool(true))
                }
                Value::String(s) if s.trim().eq_ignore_ascii_case("false") => {
                    Ok(ConfigValue::Bool(false))
                }
                _ => Err(format!("{found} is not a boolean (true or false)")),
            },
            ConfigType::Int { min, max } | ConfigType::Long { min, max } => {
                let n = parse_integer(value).ok_or_else(|| match value {
                    Value::Number(_) => format!("{found} is not a whole number"),
                    _ => format!("{found} is not an integer"),
                })?;
                if n < min || n > max {
                    return Err(format!(
                        "{found} is out of range: {} must be {}",
                        self.name,
                        range_text(min, max)
                    ));
                }
                Ok(ConfigValue::Int(n))
            }
            ConfigType::Ratio => {
                let ppm = as_text(value)
                    .and_then(|t| parse_ratio(&t))
                    .ok_or_else(|| format!("{found} is not a number"))?;
                if ppm > 1_000_000 {
                    return Err(format!(
                        "{found} is out of range: {} must be between 0 and 1",
                        self.name
                    ));
                }
                Ok(ConfigValue::Ratio(ppm))
            }
            ConfigType::Choice(allowed) => {
                let text = as_text(value)
                    .ok_or_else(|| format!("{found} is not one of {}", allowed.join(", ")))?;
                if allowed.contains(&text.as_str()) {
                    Ok(ConfigValue::Text(text))
                } else {
                    Err(format!("{found} is not one of {}", allowed.join(", ")))
                }
            }
            ConfigType::List(allowed) => {
                let items: Vec<String> = match value {
                    Value::Array(items) => items
                        .iter()
                        .map(|v| as_text(v).ok_or_else(|| describe(v)))
                        .collect::<Result<_, _>>()
                        .map_err(|bad| format!("{bad} is not a list item"))?,
                    other => as_text(other)
                        .ok_or_else(|| format!("{found} is not a list"))?
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                };
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    let short = ASSIGNOR_CLASSES
                        .iter()
                        .find(|(class, _)| *class == item)
                        .map(|(_, short)| short.to_string())
                        .unwrap_or(item);
                    if !allowed.contains(&short.as_str()) {
                        return Err(format!("{short:?} is not one of {}", allowed.join(", ")));
                    }
                    if !out.contains(&short) {
                        out.push(short);
                    }
                }
                if out.is_empty() {
                    return Err(format!("{found} is an empty list"));
                }
                Ok(ConfigValue::List(out))
            }
        }
    }

    /// The default value, parsed. Defaults are compile-time constants, checked by a test.
    pub fn default_value(&self) -> ConfigValue {
        self.parse(&Value::String(self.default.to_string()))
            .unwrap_or(ConfigValue::Text(self.default.to_string()))
    }
}

fn range_text(min: i64, max: i64) -> String {
    let unbounded = |n: i64| n == i64::MAX || n == i64::from(i32::MAX);
    if unbounded(max) {
        format!("at least {min}")
    } else {
        format!("between {min} and {max}")
    }
}

/// A set of explicitly given configs, validated against one table of definitions.
/// Keys not given fall back to their defaults; [`ConfigMap::is_set`] tells the two
/// apart where Kafka does (e.g. `enable.idempotence`, R-IDEM-1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigMap {
    defs: &'static [ConfigDef],
    values: VecMap<&'static str, ConfigValue>,
}

impl ConfigMap {
    pub fn new(defs: &'static [ConfigDef]) -> Self {
        ConfigMap {
            defs,
            values: VecMap::new(),
        }
    }

    pub fn defs(&self) -> &'static [ConfigDef] {
        self.defs
    }

    pub fn def(&self, name: &str) -> Option<&'static ConfigDef> {
        self.defs.iter().find(|d| d.name == name)
    }

    /// Validates and sets one key. Errors name the key when it is unknown.
    pub fn set(&mut self, name: &str, value: &Value) -> Result<(), String> {
        let def = self.def(name).ok_or_else(|| unknown_key(name, self.defs))?;
        let parsed = def.parse(value)?;
        self.values.insert(def.name, parsed);
        Ok(())
    }

    /// Sets one key to an already validated value (from [`ConfigDef::parse`]).
    pub fn insert(&mut self, name: &str, value: ConfigValue) -> Result<(), String> {
        let def = self.def(name).ok_or_else(|| unknown_key(name, self.defs))?;
        self.values.insert(def.name, value);
        Ok(())
    }

    /// Removes an explicit setting, so that the default applies again.
    pub fn unset(&mut self, name: &str) {
        self.values.remove(name);
    }

    pub fn is_set(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// The explicitly set keys, in name order.
    pub fn explicit(&self) -> impl Iterator<Item = (&'static str, &ConfigValue)> {
        self.values.iter().map(|(k, v)| (*k, v))
    }

    /// The value of a key: the explicit one, else the default.
    pub fn get(&self, name: &str) -> ConfigValue {
        match self.values.get(name) {
            Some(v) => v.clone(),
            None => self
                .def(name)
                .map(ConfigDef::default_value)
                .unwrap_or(ConfigValue::Int(0)),
        }
    }

    pub fn int(&self, name: &str) -> i64 {
        match self.get(name) {
            ConfigValue::Int(i) | ConfigValue::Ratio(i) => i,
            ConfigValue::Bool(b) => i64::from(b),
            _ => 0,
        }
    }

    pub fn bool(&self, name: &str) -> bool {
        matches!(self.get(name), ConfigValue::Bool(true))
    }

    pub fn text(&self, name: &str) -> String {
        self.get(name).display()
    }

    pub fn list(&self, name: &str) -> Vec<String> {
        match self.get(name) {
            ConfigValue::List(items) => items,
            other => vec![other.display()],
        }
    }
}

/// The error for a key that is not in the table.
pub fn unknown_key(name: &str, defs: &[ConfigDef]) -> String {
    let mut close: Vec<&str> = defs
        .iter()
        .map(|d| d.name)
        .filter(|n| {
            let stem = |s: &str| s.split('.').next_back().unwrap_or("").to_string();
            n.contains(name) || name.contains(n) || stem(n) == stem(name)
        })
        .collect();
    close.truncate(3);
    if close.is_empty() {
        format!("unknown or unsupported config {name:?}")
    } else {
        format!(
            "unknown or unsupported config {name:?} (did you mean {}?)",
            close.join(", ")
        )
    }
}

pub const INT_MAX: i64 = i32::MAX as i64;
pub const LONG_MAX: i64 = i64::MAX;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DEF: ConfigDef = ConfigDef {
        name: "min.insync.replicas",
        kind: ConfigType::Int {
            min: 1,
            max: INT_MAX,
        },
        default: "1",
        doc: "",
    };

    #[test]
    fn integers_accept_numbers_and_numeric_strings() {
        assert_eq!(DEF.parse(&json!(2)), Ok(ConfigValue::Int(2)));
        assert_eq!(DEF.parse(&json!("3")), Ok(ConfigValue::Int(3)));
        assert_eq!(
            DEF.parse(&json!("two")),
            Err("\"two\" is not an integer".to_string())
        );
        assert_eq!(
            DEF.parse(&json!(0)),
            Err("0 is out of range: min.insync.replicas must be at least 1".to_string())
        );
        assert_eq!(
            DEF.parse(&json!(1.5)),
            Err("1.5 is not a whole number".to_string())
        );
    }

    #[test]
    fn ratios_are_parts_per_million() {
        let def = ConfigDef {
            name: "min.cleanable.dirty.ratio",
            kind: ConfigType::Ratio,
            default: "0.5",
            doc: "",
        };
        assert_eq!(def.parse(&json!(0.5)), Ok(ConfigValue::Ratio(500_000)));
        assert_eq!(def.parse(&json!("0.125")), Ok(ConfigValue::Ratio(125_000)));
        assert_eq!(def.parse(&json!(1)), Ok(ConfigValue::Ratio(1_000_000)));
        assert!(def.parse(&json!(1.5)).is_err());
        assert!(def.parse(&json!("half")).is_err());
        assert_eq!(ConfigValue::Ratio(500_000).display(), "0.5");
    }

    #[test]
    fn lists_accept_class_names_and_arrays() {
        let def = ConfigDef {
            name: "partition.assignment.strategy",
            kind: ConfigType::List(&["range", "roundrobin", "sticky", "cooperative-sticky"]),
            default: "range,cooperative-sticky",
            doc: "",
        };
        assert_eq!(
            def.parse(&json!(
                "org.apache.kafka.clients.consumer.RangeAssignor, cooperative-sticky"
            )),
            Ok(ConfigValue::List(vec![
                "range".into(),
                "cooperative-sticky".into()
            ]))
        );
        assert_eq!(
            def.parse(&json!(["sticky"])),
            Ok(ConfigValue::List(vec!["sticky".into()]))
        );
        assert!(def.parse(&json!("fastest")).is_err());
    }

    #[test]
    fn booleans_accept_strings_case_insensitively() {
        let def = ConfigDef {
            name: "x",
            kind: ConfigType::Bool,
            default: "false",
            doc: "",
        };
        assert_eq!(def.parse(&json!("TRUE")), Ok(ConfigValue::Bool(true)));
        assert_eq!(def.parse(&json!(false)), Ok(ConfigValue::Bool(false)));
        assert!(def.parse(&json!(1)).is_err());
    }
}
