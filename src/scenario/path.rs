//! JSON paths as errors write them, like jq: `topics[0].config."min.insync.replicas"`.
//! A key that is a plain identifier is written bare, any other key as a JSON string.
//! The empty path is the whole document.

use serde_json::Value;

/// The path of `key` inside the object at `parent`.
pub fn key(parent: &str, key: &str) -> String {
    let written = if is_identifier(key) {
        key.to_string()
    } else {
        Value::String(key.to_string()).to_string()
    };
    if parent.is_empty() {
        written
    } else {
        format!("{parent}.{written}")
    }
}

/// The path of item `i` of the array at `parent`.
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_are_bare_and_others_quoted() {
        assert_eq!(key("", "brokers"), "brokers");
        assert_eq!(
            key("topics[0]", "replication_factor"),
            "topics[0].replication_factor"
        );
        assert_eq!(
            key("topics[0].config", "min.insync.replicas"),
            "topics[0].config.\"min.insync.replicas\""
        );
        assert_eq!(key("network", "with space"), "network.\"with space\"");
        assert_eq!(key("", ""), "\"\"");
        assert_eq!(key("", "9lives"), "\"9lives\"");
        assert_eq!(key("", "quote\"d"), "\"quote\\\"d\"");
    }

    #[test]
    fn indexes_append_brackets() {
        assert_eq!(index("script", 3), "script[3]");
        assert_eq!(
            index(&index("topics[0].replica_assignment", 1), 2),
            "topics[0].replica_assignment[1][2]"
        );
    }
}
