//! Writing a scenario as canonical JSON: required fields always, optional ones only
//! when they differ from their defaults, except `run_until_ms` (always written, so
//! that editing the script does not silently change where a run stops) and a
//! topic's `partitions` and `replication_factor` (always written, so that the
//! brokers' defaults do not change a topic). `parse(to_json(s)) == s` for every
//! valid scenario.

use super::{Scenario, FORMAT};
use crate::engine::action::{Action, ConfigTarget, NodeName, RecordValue, TimedAction};
use crate::engine::config::{ConfigMap, ConfigValue};
use crate::engine::spec::{ConsumerSpec, KafkaVersion, ProducerSpec, TopicSpec};
use serde_json::{json, Map, Value};

/// The scenario as canonical `kafka-playground/scenario@1` JSON.
pub fn to_json(s: &Scenario) -> Value {
    let spec = &s.spec;
    let mut doc = Map::new();
    doc.insert("format".into(), json!(FORMAT));
    put_if(&mut doc, "title", !s.title.is_empty(), || json!(s.title));
    put_if(&mut doc, "description", !s.description.is_empty(), || {
        json!(s.description)
    });
    put_if(&mut doc, "seed", spec.seed != 1, || json!(spec.seed));
    put_if(
        &mut doc,
        "kafka_version",
        spec.kafka_version != KafkaVersion::default(),
        || json!(spec.kafka_version.name()),
    );
    doc.insert("brokers".into(), json!(spec.brokers));
    put_config(&mut doc, "broker_config", &spec.broker_config);
    put_if(
        &mut doc,
        "network",
        spec.latency_ms != 1,
        || json!({"latency_ms": spec.latency_ms}),
    );
    put_list(&mut doc, "topics", spec.topics.iter().map(topic).collect());
    put_list(
        &mut doc,
        "producers",
        spec.producers.iter().map(producer).collect(),
    );
    put_list(
        &mut doc,
        "consumers",
        spec.consumers.iter().map(consumer).collect(),
    );
    put_list(&mut doc, "script", s.script.iter().map(entry).collect());
    doc.insert("run_until_ms".into(), json!(s.run_until_ms));
    Value::Object(doc)
}

fn put_if(doc: &mut Map<String, Value>, key: &str, present: bool, value: impl FnOnce() -> Value) {
    if present {
        doc.insert(key.into(), value());
    }
}

fn put_list(doc: &mut Map<String, Value>, key: &str, items: Vec<Value>) {
    if !items.is_empty() {
        doc.insert(key.into(), Value::Array(items));
    }
}

fn config_object<'k, 'v>(
    pairs: impl Iterator<Item = (&'k str, &'v ConfigValue)>,
) -> Map<String, Value> {
    let mut object = Map::new();
    for (name, value) in pairs {
        object.insert(name.to_string(), value.to_json());
    }
    object
}

fn put_config(doc: &mut Map<String, Value>, key: &str, map: &ConfigMap) {
    let config = config_object(map.explicit());
    if !config.is_empty() {
        doc.insert(key.into(), Value::Object(config));
    }
}

fn topic(t: &TopicSpec) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), json!(t.name));
    out.insert("partitions".into(), json!(t.partitions));
    out.insert("replication_factor".into(), json!(t.replication_factor));
    if let Some(assignment) = &t.replica_assignment {
        out.insert("replica_assignment".into(), json!(assignment));
    }
    put_config(&mut out, "config", &t.config);
    Value::Object(out)
}

fn producer(p: &ProducerSpec) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(p.id));
    put_config(&mut out, "config", &p.config.map);
    Value::Object(out)
}

fn consumer(c: &ConsumerSpec) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(c.id));
    out.insert("group".into(), json!(c.group));
    out.insert("subscribe".into(), json!(c.subscribe));
    put_config(&mut out, "config", &c.config.map);
    put_if(&mut out, "poll_every_ms", c.poll_every_ms != 1000, || {
        json!(c.poll_every_ms)
    });
    put_if(&mut out, "commit_after_poll", c.commit_after_poll, || {
        json!(true)
    });
    put_if(&mut out, "processing_ms", c.processing_ms != 0, || {
        json!(c.processing_ms)
    });
    put_if(&mut out, "start_at_ms", c.start_at_ms != Some(0), || {
        json!(c.start_at_ms)
    });
    Value::Object(out)
}

fn node(n: &NodeName) -> Value {
    match n {
        NodeName::Broker(id) => json!(id),
        NodeName::Controller => json!("controller"),
        NodeName::Client(id) => json!(id),
    }
}

fn entry(timed: &TimedAction) -> Value {
    let (op, fields) = op(&timed.action);
    let mut out = Map::new();
    out.insert("at_ms".into(), json!(timed.at_ms));
    out.insert("op".into(), json!(op));
    if let Value::Object(fields) = fields {
        out.extend(fields);
    }
    Value::Object(out)
}

/// The script op name of an action (`crash_broker`).
pub(crate) fn op_name(action: &Action) -> &'static str {
    op(action).0
}

/// The op name and its fields.
fn op(action: &Action) -> (&'static str, Value) {
    match action {
        Action::Produce {
            producer,
            topic,
            partition,
            key,
            value,
            count,
            every_ms,
        } => {
            let mut out = Map::new();
            out.insert("producer".into(), json!(producer));
            out.insert("topic".into(), json!(topic));
            if let Some(partition) = partition {
                out.insert("partition".into(), json!(partition));
            }
            if let Some(key) = key {
                out.insert("key".into(), json!(key));
            }
            match value {
                RecordValue::RecordId => {}
                RecordValue::Text(text) => {
                    out.insert("value".into(), json!(text));
                }
                RecordValue::Tombstone => {
                    out.insert("value".into(), Value::Null);
                }
            }
            put_if(&mut out, "count", *count != 1, || json!(count));
            put_if(&mut out, "every_ms", *every_ms != 0, || json!(every_ms));
            ("produce", Value::Object(out))
        }
        Action::CrashBroker { broker } => ("crash_broker", json!({ "broker": broker })),
        Action::RestartBroker { broker } => ("restart_broker", json!({ "broker": broker })),
        Action::ShutdownBroker { broker } => ("shutdown_broker", json!({ "broker": broker })),
        Action::PartitionNetwork { sides } => {
            let sides: Vec<Vec<Value>> = sides
                .iter()
                .map(|side| side.iter().map(node).collect())
                .collect();
            ("partition_network", json!({ "sides": sides }))
        }
        Action::Isolate { node: n } => ("isolate", json!({ "node": node(n) })),
        Action::HealNetwork => ("heal_network", json!({})),
        Action::SlowBroker {
            broker,
            extra_latency_ms,
        } => (
            "slow_broker",
            json!({ "broker": broker, "extra_latency_ms": extra_latency_ms }),
        ),
        Action::StartConsumer { consumer } => ("start_consumer", json!({ "consumer": consumer })),
        Action::StopConsumer {
            consumer,
            commit_sync,
        } => {
            let mut out = Map::new();
            out.insert("consumer".into(), json!(consumer));
            put_if(&mut out, "commit_sync", *commit_sync, || json!(true));
            ("stop_consumer", Value::Object(out))
        }
        Action::KillConsumer { consumer } => ("kill_consumer", json!({ "consumer": consumer })),
        Action::Commit { consumer } => ("commit", json!({ "consumer": consumer })),
        Action::Seek {
            consumer,
            topic,
            partition,
            offset,
        } => (
            "seek",
            json!({ "consumer": consumer, "topic": topic, "partition": partition, "offset": offset }),
        ),
        Action::AlterConfig { target, config } => {
            let mut out = Map::new();
            match target {
                ConfigTarget::Topic(topic) => out.insert("topic".into(), json!(topic)),
                ConfigTarget::Broker(broker) => out.insert("broker".into(), json!(broker)),
            };
            let config = config_object(config.iter().map(|(name, value)| (name.as_str(), value)));
            out.insert("config".into(), Value::Object(config));
            ("alter_config", Value::Object(out))
        }
        Action::CreateTopic(spec) => ("create_topic", topic(spec)),
        Action::ElectLeaders {
            topic,
            partition,
            election_type,
        } => (
            "elect_leaders",
            json!({ "topic": topic, "partition": partition, "election_type": election_type.name() }),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::{doc_with, parse, parse_value, to_json};
    use serde_json::json;

    const SPEC_EXAMPLE: &str = include_str!("../../tests/scenario_example.json");

    #[test]
    fn the_spec_example_round_trips() {
        let scenario = parse(SPEC_EXAMPLE).unwrap();
        let written = to_json(&scenario);
        assert_eq!(parse_value(&written), Ok(scenario.clone()));
        assert_eq!(
            written["topics"][0]["config"],
            json!({"min.insync.replicas": 1, "retention.ms": 604800000})
        );
        assert_eq!(written["consumers"][0]["commit_after_poll"], json!(true));
        assert_eq!(written["consumers"][0].get("start_at_ms"), None);
        assert_eq!(written["script"][0]["count"], json!(5));
    }

    #[test]
    fn defaults_are_left_out_and_the_rest_written() {
        let doc = doc_with(json!({
            "topics": [{"name": "t", "config": {"min.cleanable.dirty.ratio": 0.25}}],
            "producers": [{"id": "p", "config": {"acks": -1}}],
            "consumers": [{"id": "c", "group": "g", "subscribe": ["t", "u"], "start_at_ms": null}],
            "script": [
                {"at_ms": 0, "op": "produce", "producer": "p", "topic": "t", "key": "k", "value": null},
                {"at_ms": 1, "op": "create_topic", "name": "u", "replica_assignment": [[3, 1]]},
                {"at_ms": 2, "op": "alter_config", "broker": 2, "config": {"log.cleanup.policy": "compact,delete"}},
                {"at_ms": 3, "op": "partition_network", "sides": [[1, "controller"], ["p", "c", 2]]},
                {"at_ms": 3, "op": "stop_consumer", "consumer": "c"}
            ]
        }));
        let scenario = parse_value(&doc).unwrap();
        let written = to_json(&scenario);
        assert_eq!(
            written,
            json!({
                "format": "kafka-playground/scenario@1",
                "brokers": 3,
                "topics": [{"name": "t", "partitions": 1, "replication_factor": 1,
                            "config": {"min.cleanable.dirty.ratio": "0.25"}}],
                "producers": [{"id": "p", "config": {"acks": "-1"}}],
                "consumers": [{"id": "c", "group": "g", "subscribe": ["t", "u"], "start_at_ms": null}],
                "script": [
                    {"at_ms": 0, "op": "produce", "producer": "p", "topic": "t", "key": "k", "value": null},
                    {"at_ms": 1, "op": "create_topic", "name": "u", "partitions": 1, "replication_factor": 2,
                     "replica_assignment": [[3, 1]]},
                    {"at_ms": 2, "op": "alter_config", "broker": 2, "config": {"log.cleanup.policy": "compact,delete"}},
                    {"at_ms": 3, "op": "partition_network", "sides": [[1, "controller"], ["p", "c", 2]]},
                    {"at_ms": 3, "op": "stop_consumer", "consumer": "c"}
                ],
                "run_until_ms": 120003
            })
        );
        assert_eq!(parse_value(&written), Ok(scenario));
    }
}
