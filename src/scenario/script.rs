//! The script: entries `{at_ms, op, …the op's fields}` applied in order. Times never
//! go backwards (equal times keep their order), an entry has exactly its op's fields,
//! and every reference must exist at that point of the script.

use super::catalog::Catalog;
use super::error::Problems;
use super::limits::{RECORDS_MAX, SCRIPT_ENTRIES_MAX, TIME_MS_MAX, TOPICS_MAX};
use super::op::{not_a_field, not_an_op, op_fields, OpReader};
use super::path;
use super::reader::{array, Fields};
use crate::engine::action::TimedAction;
use crate::engine::config::ConfigMap;
use serde_json::Value;

const EXPECTED: &str = "a list of script entries";

/// The names of the topics that `create_topic` entries create, each with the index
/// of the first entry that creates it, read before the script is checked (so that a
/// consumer may subscribe to a topic the script creates later). At most
/// [`TOPICS_MAX`] names are kept: a script creating more is invalid anyway.
pub fn created_topics(script: Option<&Value>) -> Vec<(String, usize)> {
    let mut created: Vec<(String, usize)> = Vec::new();
    let Some(Value::Array(entries)) = script else {
        return created;
    };
    for (i, entry) in entries.iter().enumerate().take(SCRIPT_ENTRIES_MAX) {
        if entry.get("op").and_then(Value::as_str) != Some("create_topic") {
            continue;
        }
        if let Some(name) = entry.get("name").and_then(Value::as_str) {
            if !created.iter().any(|(n, _)| n == name) && created.len() < TOPICS_MAX {
                created.push((name.to_string(), i));
            }
        }
    }
    created
}

/// The validated script and the time of its last entry (0 when empty).
pub fn script(
    problems: &mut Problems,
    value: Option<&Value>,
    catalog: &mut Catalog,
    broker_config: &ConfigMap,
) -> (Vec<TimedAction>, u64) {
    let mut actions = Vec::new();
    let mut last_at_ms = 0;
    let Some(entries) = value.and_then(|v| array(problems, "script", v, EXPECTED)) else {
        return (actions, last_at_ms);
    };
    if entries.len() > SCRIPT_ENTRIES_MAX {
        let message = format!(
            "{} entries is more than the {SCRIPT_ENTRIES_MAX} a script may have",
            entries.len()
        );
        problems.add("script", message);
        return (actions, last_at_ms);
    }
    let mut ops = OpReader {
        problems,
        catalog,
        broker_config,
        records_left: RECORDS_MAX,
    };
    for (i, entry) in entries.iter().enumerate() {
        let entry_path = path::index("script", i);
        let expected = "a script entry (an object with at_ms, op and the op's fields)";
        let Some(fields) = Fields::of(ops.problems, &entry_path, entry, expected) else {
            continue;
        };
        let at_ms = fields.whole(ops.problems, "at_ms", 0, TIME_MS_MAX, None);
        if let Some(at) = at_ms {
            if at < last_at_ms {
                let message = format!(
                    "{at} is before the previous entry's at_ms {last_at_ms} (times must not go backwards)"
                );
                ops.problems.add(&fields.at("at_ms"), message);
            }
            last_at_ms = last_at_ms.max(at);
        }
        let Some(op_value) = fields.required(ops.problems, "op", "an op name") else {
            continue;
        };
        let Some((op, op_fields)) = op_value.as_str().and_then(|op| Some((op, op_fields(op)?)))
        else {
            ops.problems.add(&fields.at("op"), not_an_op(op_value));
            continue;
        };
        let mut allowed = vec!["at_ms", "op"];
        allowed.extend_from_slice(op_fields);
        for key in fields.unknown_keys(&allowed) {
            ops.problems
                .add(&fields.at(key), not_a_field(key, op, op_fields));
        }
        if let (Some(action), Some(at_ms)) = (ops.action(op, &fields, i), at_ms) {
            actions.push(TimedAction { at_ms, action });
        }
    }
    (actions, last_at_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{doc_with, errors_of, parse_value};
    use serde_json::json;

    fn script_errors(script: Value) -> Vec<String> {
        errors_of(doc_with(json!({
            "topics": [{"name": "orders", "partitions": 2, "replication_factor": 3}],
            "producers": [{"id": "pa"}],
            "consumers": [{"id": "c1", "group": "g", "subscribe": ["orders"]}],
            "script": script
        })))
    }

    #[test]
    fn created_topics_are_found_before_checking() {
        let script = json!([
            {"at_ms": 0, "op": "heal_network"},
            {"at_ms": 1, "op": "create_topic", "name": "b"},
            {"at_ms": 2, "op": "create_topic", "name": "b"},
            {"at_ms": 3, "op": "create_topic", "name": 5}
        ]);
        assert_eq!(created_topics(Some(&script)), vec![("b".to_string(), 1)]);
        assert!(created_topics(Some(&json!({}))).is_empty());
    }

    #[test]
    fn times_never_go_backwards_and_equal_times_keep_their_order() {
        assert_eq!(
            script_errors(json!([
                {"at_ms": 1000, "op": "crash_broker", "broker": 1},
                {"at_ms": 500, "op": "restart_broker", "broker": 1}
            ])),
            vec!["script[1].at_ms: 500 is before the previous entry's at_ms 1000 (times must not go backwards)"]
        );
        let scenario = parse_value(&doc_with(json!({"script": [
            {"at_ms": 5, "op": "crash_broker", "broker": 2},
            {"at_ms": 5, "op": "crash_broker", "broker": 1}
        ]})))
        .unwrap();
        let brokers: Vec<String> = scenario
            .script
            .iter()
            .map(|a| format!("{:?}", a.action))
            .collect();
        assert_eq!(
            brokers,
            vec!["CrashBroker { broker: 2 }", "CrashBroker { broker: 1 }"]
        );
    }

    #[test]
    fn entries_need_a_time_and_a_known_op() {
        assert_eq!(
            script_errors(json!([
                {"op": "heal_network"},
                {"at_ms": -1, "op": "crash"},
                {"at_ms": 1.5},
                7
            ])),
            vec![
                "script[0].at_ms: missing; required: a whole number from 0 to 2678400000",
                "script[1].at_ms: -1 is not a whole number from 0 to 2678400000",
                "script[1].op: \"crash\" is not an op (ops: produce, crash_broker, restart_broker, shutdown_broker, partition_network, isolate, heal_network, slow_broker, start_consumer, stop_consumer, kill_consumer, commit, seek, alter_config, create_topic, elect_leaders)",
                "script[2].at_ms: 1.5 is not a whole number from 0 to 2678400000",
                "script[2].op: missing; required: an op name",
                "script[3]: 7 is not a script entry (an object with at_ms, op and the op's fields)",
            ]
        );
        assert_eq!(
            script_errors(json!({"at_ms": 0})),
            vec!["script: an object is not a list of script entries"]
        );
    }

    #[test]
    fn fields_that_do_not_belong_to_the_op_are_errors() {
        assert_eq!(
            script_errors(json!([{"at_ms": 0, "op": "crash_broker", "broker": 1, "partition": 0}])),
            vec!["script[0].partition: field \"partition\" does not belong to op \"crash_broker\" (its fields: at_ms, op, broker)"]
        );
    }

    #[test]
    fn the_script_is_bounded() {
        let entries: Vec<Value> = (0..=SCRIPT_ENTRIES_MAX)
            .map(|_| json!({"at_ms": 0, "op": "heal_network"}))
            .collect();
        assert_eq!(
            script_errors(Value::Array(entries)),
            vec!["script: 10001 entries is more than the 10000 a script may have"]
        );
    }
}
