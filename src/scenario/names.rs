//! Names: topic names as Kafka allows them (`Topic.validate`), producer and consumer
//! ids, and group ids.

use super::error::Problems;
use super::limits::{CLIENT_ID_LEN_MAX, NAME_LEN_MAX};
use super::reader::{found, quoted};
use serde_json::Value;

const LEGAL: &str = "a-z A-Z 0-9 . _ -";

fn legal_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// A legal name for a new topic: 1 to 249 characters from `[a-zA-Z0-9._-]`, not
/// `.` or `..`, and not starting with `__` (Kafka's internal topics).
pub fn topic_name(problems: &mut Problems, path: &str, value: &Value) -> Option<String> {
    let expected = format!("a topic name (1 to {NAME_LEN_MAX} characters from {LEGAL})");
    let Value::String(name) = value else {
        problems.add(path, format!("{} is not {expected}", found(value)));
        return None;
    };
    let problem = if name.is_empty() || name.chars().count() > NAME_LEN_MAX {
        Some(format!("{} is not {expected}", found(value)))
    } else if let Some(c) = name.chars().find(|c| !legal_char(*c)) {
        Some(format!(
            "{} is not {expected}: {} is not allowed",
            found(value),
            quoted(&c.to_string())
        ))
    } else if name == "." || name == ".." {
        Some(format!(
            "{} is not a legal topic name (Kafka forbids \".\" and \"..\")",
            quoted(name)
        ))
    } else if name.starts_with("__") {
        Some(format!(
            "{} is reserved: names starting with \"__\" are Kafka's internal topics",
            quoted(name)
        ))
    } else {
        None
    };
    match problem {
        Some(message) => {
            problems.add(path, message);
            None
        }
        None => Some(name.clone()),
    }
}

/// Two topic names collide when they differ only in `.` versus `_` (Kafka's metric
/// names cannot tell them apart, so it refuses the second).
pub fn collision_key(name: &str) -> String {
    name.replace('.', "_")
}

/// A producer or consumer id: 1 to 64 characters from `[a-zA-Z0-9._-]`, neither
/// `controller` nor all digits (network operations name the controller and brokers
/// that way).
pub fn client_id(problems: &mut Problems, path: &str, value: &Value) -> Option<String> {
    let expected = format!("a client id (1 to {CLIENT_ID_LEN_MAX} characters from {LEGAL})");
    let problem = match value {
        Value::String(id) if id.is_empty() || id.chars().count() > CLIENT_ID_LEN_MAX => {
            format!("{} is not {expected}", found(value))
        }
        Value::String(id) => match id.chars().find(|c| !legal_char(*c)) {
            Some(c) => format!(
                "{} is not {expected}: {} is not allowed",
                found(value),
                quoted(&c.to_string())
            ),
            None if id == "controller" => {
                "\"controller\" is reserved: network operations use it for the KRaft controller"
                    .to_string()
            }
            None if id.chars().all(|c| c.is_ascii_digit()) => format!(
                "{} is all digits, which network operations read as a broker id; use a name with a letter",
                quoted(id)
            ),
            None => return Some(id.clone()),
        },
        other => format!("{} is not {expected}", found(other)),
    };
    problems.add(path, problem);
    None
}

/// A consumer group id: a non-empty string of at most 249 characters.
pub fn group_id(problems: &mut Problems, path: &str, value: &Value) -> Option<String> {
    match value {
        Value::String(id) if !id.is_empty() && id.chars().count() <= NAME_LEN_MAX => {
            Some(id.clone())
        }
        other => {
            problems.add(
                path,
                format!(
                    "{} is not a group id (a string of 1 to {NAME_LEN_MAX} characters)",
                    found(other)
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn topic(value: Value) -> Result<String, String> {
        let mut p = Problems::default();
        topic_name(&mut p, "name", &value).ok_or_else(|| p.into_vec()[0].message.clone())
    }

    fn client(value: Value) -> Result<String, String> {
        let mut p = Problems::default();
        client_id(&mut p, "id", &value).ok_or_else(|| p.into_vec()[0].message.clone())
    }

    #[test]
    fn topic_names_follow_kafka() {
        assert_eq!(topic(json!("orders.v1_A-2")), Ok("orders.v1_A-2".into()));
        assert_eq!(topic(json!("x".repeat(249))), Ok("x".repeat(249)));
        let expected = "a topic name (1 to 249 characters from a-z A-Z 0-9 . _ -)";
        assert_eq!(topic(json!("")), Err(format!("\"\" is not {expected}")));
        assert!(topic(json!("x".repeat(250))).is_err());
        assert_eq!(
            topic(json!("my topic")),
            Err(format!(
                "\"my topic\" is not {expected}: \" \" is not allowed"
            ))
        );
        assert_eq!(
            topic(json!("ü")),
            Err(format!("\"ü\" is not {expected}: \"ü\" is not allowed"))
        );
        assert_eq!(
            topic(json!("..")),
            Err("\"..\" is not a legal topic name (Kafka forbids \".\" and \"..\")".into())
        );
        assert!(topic(json!(".")).is_err());
        assert_eq!(
            topic(json!("__consumer_offsets")),
            Err("\"__consumer_offsets\" is reserved: names starting with \"__\" are Kafka's internal topics".into())
        );
        assert_eq!(topic(json!(7)), Err(format!("7 is not {expected}")));
    }

    #[test]
    fn dots_and_underscores_collide() {
        assert_eq!(collision_key("a.b"), collision_key("a_b"));
        assert_ne!(collision_key("a.b"), collision_key("a-b"));
    }

    #[test]
    fn client_ids_exclude_controller_digits_and_odd_characters() {
        assert_eq!(client(json!("pa")), Ok("pa".into()));
        assert_eq!(client(json!("p1.x-y_z")), Ok("p1.x-y_z".into()));
        assert_eq!(
            client(json!("controller")),
            Err(
                "\"controller\" is reserved: network operations use it for the KRaft controller"
                    .into()
            )
        );
        assert_eq!(
            client(json!("12")),
            Err("\"12\" is all digits, which network operations read as a broker id; use a name with a letter".into())
        );
        assert_eq!(
            client(json!("p#1")),
            Err("\"p#1\" is not a client id (1 to 64 characters from a-z A-Z 0-9 . _ -): \"#\" is not allowed".into())
        );
        assert!(client(json!("")).is_err());
        assert!(client(json!("p".repeat(65))).is_err());
        assert!(client(json!(1)).is_err());
    }

    #[test]
    fn group_ids_are_non_empty_strings() {
        let mut p = Problems::default();
        assert_eq!(group_id(&mut p, "group", &json!("g 1")), Some("g 1".into()));
        assert_eq!(group_id(&mut p, "group", &json!("")), None);
        assert_eq!(group_id(&mut p, "group", &json!(null)), None);
        let errors = p.into_vec();
        assert_eq!(
            errors[0].to_string(),
            "group: \"\" is not a group id (a string of 1 to 249 characters)"
        );
        assert_eq!(errors.len(), 2);
    }
}
