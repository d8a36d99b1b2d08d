//! Script operations: each op's fields, read into an [`Action`] with every reference
//! checked against what exists at that point of the script.

use super::catalog::{Catalog, TopicRef};
use super::config::config_map;
use super::error::Problems;
use super::limits::{LATENCY_MS_MAX, RECORDS_MAX, TIME_MS_MAX};
use super::path;
use super::reader::{array, found, quoted, Fields};
use super::topic::{topic_entry, TOPIC_FIELDS};
use crate::engine::action::{Action, ConfigTarget, ElectionType, NodeName, RecordValue};
use crate::engine::config::{ConfigMap, BROKER_CONFIGS, TOPIC_CONFIGS};
use serde_json::Value;

/// Every op and its fields (besides `at_ms` and `op`).
pub const OPS: &[(&str, &[&str])] = &[
    (
        "produce",
        &[
            "producer",
            "topic",
            "partition",
            "key",
            "value",
            "count",
            "every_ms",
        ],
    ),
    ("crash_broker", &["broker"]),
    ("restart_broker", &["broker"]),
    ("shutdown_broker", &["broker"]),
    ("partition_network", &["sides"]),
    ("isolate", &["node"]),
    ("heal_network", &[]),
    ("slow_broker", &["broker", "extra_latency_ms"]),
    ("start_consumer", &["consumer"]),
    ("stop_consumer", &["consumer", "commit_sync"]),
    ("kill_consumer", &["consumer"]),
    ("commit", &["consumer"]),
    ("seek", &["consumer", "topic", "partition", "offset"]),
    ("alter_config", &["topic", "broker", "config"]),
    ("create_topic", TOPIC_FIELDS),
    ("elect_leaders", &["topic", "partition", "election_type"]),
];

/// The largest offset (Kafka offsets are signed 64-bit).
const OFFSET_MAX: u64 = i64::MAX as u64;

/// Reads ops in script order, keeping what exists up to date.
pub struct OpReader<'a> {
    pub problems: &'a mut Problems,
    pub catalog: &'a mut Catalog,
    pub broker_config: &'a ConfigMap,
    /// Records the rest of the script may still produce (of [`RECORDS_MAX`]).
    pub records_left: u64,
}

impl OpReader<'_> {
    /// The action of script entry `entry` (whose fields are `f`), when valid.
    pub fn action(&mut self, op: &str, f: &Fields, entry: usize) -> Option<Action> {
        let before = self.problems.count();
        let action = match op {
            "produce" => self.produce(f, entry),
            "crash_broker" => self
                .broker(f, "broker")
                .map(|broker| Action::CrashBroker { broker }),
            "restart_broker" => self
                .broker(f, "broker")
                .map(|broker| Action::RestartBroker { broker }),
            "shutdown_broker" => self
                .broker(f, "broker")
                .map(|broker| Action::ShutdownBroker { broker }),
            "partition_network" => self.partition_network(f),
            "isolate" => self.node(f, "node").map(|node| Action::Isolate { node }),
            "heal_network" => Some(Action::HealNetwork),
            "slow_broker" => {
                let broker = self.broker(f, "broker");
                let extra = f.whole(self.problems, "extra_latency_ms", 0, LATENCY_MS_MAX, None);
                broker
                    .zip(extra)
                    .map(|(broker, extra_latency_ms)| Action::SlowBroker {
                        broker,
                        extra_latency_ms,
                    })
            }
            "start_consumer" => self
                .consumer(f)
                .map(|consumer| Action::StartConsumer { consumer }),
            "stop_consumer" => {
                let consumer = self.consumer(f);
                let commit_sync = f.flag(self.problems, "commit_sync", false);
                consumer
                    .zip(commit_sync)
                    .map(|(consumer, commit_sync)| Action::StopConsumer {
                        consumer,
                        commit_sync,
                    })
            }
            "kill_consumer" => self
                .consumer(f)
                .map(|consumer| Action::KillConsumer { consumer }),
            "commit" => self.consumer(f).map(|consumer| Action::Commit { consumer }),
            "seek" => self.seek(f, entry),
            "alter_config" => self.alter_config(f, entry),
            "create_topic" => self.create_topic(f),
            "elect_leaders" => self.elect_leaders(f, entry),
            _ => None,
        };
        action.filter(|_| self.problems.count() == before)
    }

    fn broker(&mut self, f: &Fields, key: &str) -> Option<u32> {
        let value = f.required(self.problems, key, "a broker id")?;
        self.catalog.broker(self.problems, &f.at(key), value)
    }

    fn node(&mut self, f: &Fields, key: &str) -> Option<NodeName> {
        let expected = "a node name (a broker id, \"controller\", or a client id)";
        let value = f.required(self.problems, key, expected)?;
        self.catalog.node(self.problems, &f.at(key), value)
    }

    fn client(&mut self, f: &Fields, key: &str, producer: bool) -> Option<String> {
        let expected = if producer {
            "a producer id"
        } else {
            "a consumer id"
        };
        let value = f.required(self.problems, key, expected)?;
        self.catalog
            .client(self.problems, &f.at(key), value, producer)
    }

    fn consumer(&mut self, f: &Fields) -> Option<String> {
        self.client(f, "consumer", false)
    }

    fn topic(&mut self, f: &Fields, entry: usize) -> Option<TopicRef> {
        let value = f.required(self.problems, "topic", "a topic name")?;
        self.catalog
            .topic(self.problems, &f.at("topic"), value, entry)
    }

    fn partition(&mut self, f: &Fields, topic: Option<&TopicRef>) -> Option<u32> {
        let value = f.required(self.problems, "partition", "a partition number")?;
        self.catalog
            .partition(self.problems, &f.at("partition"), value, topic)
    }

    fn produce(&mut self, f: &Fields, entry: usize) -> Option<Action> {
        let producer = self.client(f, "producer", true);
        let topic = self.topic(f, entry);
        let partition = match f.get("partition") {
            None => Some(None),
            Some(_) => self.partition(f, topic.as_ref()).map(Some),
        };
        let key = match f.get("key") {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(key)) => Some(Some(key.clone())),
            Some(other) => {
                let message = format!(
                    "{} is not a record key (a string, or null for none)",
                    found(other)
                );
                self.problems.add(&f.at("key"), message);
                None
            }
        };
        let value = match f.get("value") {
            None => Some(RecordValue::RecordId),
            Some(Value::Null) => Some(RecordValue::Tombstone),
            Some(Value::String(text)) => Some(RecordValue::Text(text.clone())),
            Some(other) => {
                let message = format!(
                    "{} is not a record value (a string, or null for a tombstone)",
                    found(other)
                );
                self.problems.add(&f.at("value"), message);
                None
            }
        };
        let count = f.whole(self.problems, "count", 1, RECORDS_MAX, Some(1));
        if let Some(count) = count {
            if count > self.records_left {
                let message = format!(
                    "{count} records is more than the {} left of the {RECORDS_MAX} records a script may produce",
                    self.records_left
                );
                self.problems.add(&f.at("count"), message);
            } else {
                self.records_left -= count;
            }
        }
        let every_ms = f.whole(self.problems, "every_ms", 0, TIME_MS_MAX, Some(0));
        let (Some(producer), Some(topic), Some(partition), Some(key), Some(value)) =
            (producer, topic, partition, key, value)
        else {
            return None;
        };
        Some(Action::Produce {
            producer,
            topic: topic.name,
            partition,
            key,
            value,
            count: u32::try_from(count?).ok()?,
            every_ms: every_ms?,
        })
    }

    fn partition_network(&mut self, f: &Fields) -> Option<Action> {
        let expected = "a list of at least two sides, each a list of node names";
        let value = f.required(self.problems, "sides", expected)?;
        let sides_path = f.at("sides");
        let sides = array(self.problems, &sides_path, value, expected)?;
        if sides.len() < 2 {
            let message = format!(
                "{} sides is not at least two (a network partition separates sides)",
                sides.len()
            );
            self.problems.add(&sides_path, message);
        }
        let mut seen: Vec<(NodeName, usize)> = Vec::new();
        let mut out = Vec::with_capacity(sides.len());
        for (i, side) in sides.iter().enumerate() {
            let side_path = path::index(&sides_path, i);
            let Some(nodes) = array(self.problems, &side_path, side, "a list of node names") else {
                continue;
            };
            if nodes.is_empty() {
                self.problems.add(
                    &side_path,
                    "an empty list is not a side (at least one node name)",
                );
            }
            let mut names = Vec::with_capacity(nodes.len());
            for (j, node) in nodes.iter().enumerate() {
                let node_path = path::index(&side_path, j);
                let Some(name) = self.catalog.node(self.problems, &node_path, node) else {
                    continue;
                };
                if let Some((_, k)) = seen.iter().find(|(n, _)| *n == name) {
                    let message = format!("node {} is already on side {k}", found(node));
                    self.problems.add(&node_path, message);
                } else {
                    seen.push((name.clone(), i));
                    names.push(name);
                }
            }
            out.push(names);
        }
        Some(Action::PartitionNetwork { sides: out })
    }

    fn seek(&mut self, f: &Fields, entry: usize) -> Option<Action> {
        let consumer = self.consumer(f);
        let topic = self.topic(f, entry);
        let partition = self.partition(f, topic.as_ref());
        let offset = f.whole(self.problems, "offset", 0, OFFSET_MAX, None);
        let (Some(consumer), Some(topic), Some(partition), Some(offset)) =
            (consumer, topic, partition, offset)
        else {
            return None;
        };
        Some(Action::Seek {
            consumer,
            topic: topic.name,
            partition,
            offset,
        })
    }

    fn alter_config(&mut self, f: &Fields, entry: usize) -> Option<Action> {
        let (target, defs, kind) = match (f.get("topic"), f.get("broker")) {
            (Some(_), Some(_)) => {
                let message =
                    "has both \"topic\" and \"broker\"; alter_config takes exactly one of them";
                self.problems.add(f.path(), message);
                return None;
            }
            (None, None) => {
                let message =
                    "missing \"topic\" or \"broker\"; alter_config takes exactly one of them";
                self.problems.add(f.path(), message);
                return None;
            }
            (Some(_), None) => (
                self.topic(f, entry).map(|t| ConfigTarget::Topic(t.name)),
                TOPIC_CONFIGS,
                "topic",
            ),
            (None, Some(_)) => (
                self.broker(f, "broker").map(ConfigTarget::Broker),
                BROKER_CONFIGS,
                "broker",
            ),
        };
        let expected = format!("an object of {kind} configs by Kafka name");
        let value = f.required(self.problems, "config", &expected)?;
        let map = config_map(self.problems, &f.at("config"), Some(value), defs, kind);
        let config = map
            .explicit()
            .map(|(name, value)| (name.to_string(), value.clone()))
            .collect();
        Some(Action::AlterConfig {
            target: target?,
            config,
        })
    }

    fn create_topic(&mut self, f: &Fields) -> Option<Action> {
        let topic = topic_entry(self.problems, f, self.catalog, self.broker_config);
        if let Some(name) = &topic.name {
            self.catalog
                .add_topic(self.problems, f.path(), name, topic.partitions);
        }
        topic.spec.map(Action::CreateTopic)
    }

    fn elect_leaders(&mut self, f: &Fields, entry: usize) -> Option<Action> {
        let topic = self.topic(f, entry);
        let partition = self.partition(f, topic.as_ref());
        let expected = "\"preferred\" or \"unclean\"";
        let election_type = match f.required(self.problems, "election_type", expected)? {
            Value::String(s) if s == "preferred" => Some(ElectionType::Preferred),
            Value::String(s) if s == "unclean" => Some(ElectionType::Unclean),
            other => {
                let message = format!("{} is not {expected}", found(other));
                self.problems.add(&f.at("election_type"), message);
                None
            }
        };
        Some(Action::ElectLeaders {
            topic: topic?.name,
            partition: partition?,
            election_type: election_type?,
        })
    }
}

/// The fields of `op`, or `None` when it is not an op.
pub fn op_fields(op: &str) -> Option<&'static [&'static str]> {
    OPS.iter()
        .find(|(name, _)| *name == op)
        .map(|(_, fields)| *fields)
}

/// The message for a value of `op` that is not an op.
pub fn not_an_op(value: &Value) -> String {
    let names: Vec<&str> = OPS.iter().map(|(name, _)| *name).collect();
    format!("{} is not an op (ops: {})", found(value), names.join(", "))
}

/// The message for a field that does not belong to `op`.
pub fn not_a_field(key: &str, op: &str, fields: &[&str]) -> String {
    let mut all = vec!["at_ms", "op"];
    all.extend_from_slice(fields);
    format!(
        "field {} does not belong to op {} (its fields: {})",
        quoted(key),
        quoted(op),
        all.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use crate::engine::action::{Action, ConfigTarget, ElectionType, NodeName, RecordValue};
    use crate::engine::config::ConfigValue;
    use crate::scenario::{doc_with, errors_of, parse_value};
    use serde_json::{json, Value};

    fn with_script(script: Value) -> Value {
        doc_with(json!({
            "topics": [{"name": "orders", "partitions": 2, "replication_factor": 3}],
            "producers": [{"id": "pa"}],
            "consumers": [{"id": "c1", "group": "g", "subscribe": ["orders"]}],
            "script": script
        }))
    }

    fn actions(script: Value) -> Vec<Action> {
        match parse_value(&with_script(script)) {
            Ok(scenario) => scenario.script.into_iter().map(|t| t.action).collect(),
            Err(errors) => panic!("{errors:?}"),
        }
    }

    fn errors(script: Value) -> Vec<String> {
        errors_of(with_script(script))
    }

    #[test]
    fn produce_defaults_and_values() {
        assert_eq!(
            actions(json!([
                {"at_ms": 0, "op": "produce", "producer": "pa", "topic": "orders"},
                {"at_ms": 0, "op": "produce", "producer": "pa", "topic": "orders", "partition": 1,
                 "key": "k", "value": null, "count": 3, "every_ms": 10},
                {"at_ms": 0, "op": "produce", "producer": "pa", "topic": "orders", "key": null, "value": "v"}
            ])),
            vec![
                Action::Produce {
                    producer: "pa".into(),
                    topic: "orders".into(),
                    partition: None,
                    key: None,
                    value: RecordValue::RecordId,
                    count: 1,
                    every_ms: 0
                },
                Action::Produce {
                    producer: "pa".into(),
                    topic: "orders".into(),
                    partition: Some(1),
                    key: Some("k".into()),
                    value: RecordValue::Tombstone,
                    count: 3,
                    every_ms: 10
                },
                Action::Produce {
                    producer: "pa".into(),
                    topic: "orders".into(),
                    partition: None,
                    key: None,
                    value: RecordValue::Text("v".into()),
                    count: 1,
                    every_ms: 0
                },
            ]
        );
    }

    #[test]
    fn produce_checks_every_field() {
        assert_eq!(
            errors(json!([
                {"at_ms": 0, "op": "produce", "producer": "px", "topic": "nope", "partition": 0},
                {"at_ms": 0, "op": "produce", "producer": "c1", "topic": "orders", "partition": 2,
                 "key": 5, "value": {}, "count": 0, "every_ms": -1},
                {"at_ms": 0, "op": "produce", "topic": "orders", "count": 2.5}
            ])),
            vec![
                "script[0].producer: producer \"px\" does not exist (producers: \"pa\")",
                "script[0].topic: topic \"nope\" does not exist (topics: \"orders\")",
                "script[1].producer: producer \"c1\" does not exist (producers: \"pa\")",
                "script[1].partition: partition 2 does not exist (topic \"orders\" has partitions 0..1)",
                "script[1].key: 5 is not a record key (a string, or null for none)",
                "script[1].value: an object is not a record value (a string, or null for a tombstone)",
                "script[1].count: 0 is not a whole number from 1 to 10000000",
                "script[1].every_ms: -1 is not a whole number from 0 to 2678400000",
                "script[2].producer: missing; required: a producer id",
                "script[2].count: 2.5 is not a whole number from 1 to 10000000",
            ]
        );
    }

    #[test]
    fn the_whole_script_produces_a_bounded_number_of_records() {
        let entry = json!({"at_ms": 0, "op": "produce", "producer": "pa", "topic": "orders", "count": 6_000_000});
        assert_eq!(
            errors(json!([entry, entry])),
            vec!["script[1].count: 6000000 records is more than the 4000000 left of the 10000000 records a script may produce"]
        );
    }

    #[test]
    fn broker_ops_need_an_existing_broker() {
        assert_eq!(
            actions(json!([
                {"at_ms": 0, "op": "crash_broker", "broker": 1},
                {"at_ms": 0, "op": "shutdown_broker", "broker": 2},
                {"at_ms": 0, "op": "restart_broker", "broker": 3},
                {"at_ms": 0, "op": "slow_broker", "broker": 3, "extra_latency_ms": 0}
            ])),
            vec![
                Action::CrashBroker { broker: 1 },
                Action::ShutdownBroker { broker: 2 },
                Action::RestartBroker { broker: 3 },
                Action::SlowBroker {
                    broker: 3,
                    extra_latency_ms: 0
                },
            ]
        );
        assert_eq!(
            errors(json!([
                {"at_ms": 0, "op": "crash_broker", "broker": 7},
                {"at_ms": 0, "op": "restart_broker"},
                {"at_ms": 0, "op": "slow_broker", "broker": 1, "extra_latency_ms": -5}
            ])),
            vec![
                "script[0].broker: broker 7 does not exist (this cluster has brokers 1..3)",
                "script[1].broker: missing; required: a broker id",
                "script[2].extra_latency_ms: -5 is not a whole number from 0 to 60000",
            ]
        );
    }

    #[test]
    fn network_ops_name_existing_nodes() {
        assert_eq!(
            actions(json!([
                {"at_ms": 0, "op": "partition_network", "sides": [[1, "pa"], [2, 3, "controller", "c1"]]},
                {"at_ms": 0, "op": "isolate", "node": "controller"},
                {"at_ms": 0, "op": "heal_network"}
            ])),
            vec![
                Action::PartitionNetwork {
                    sides: vec![
                        vec![NodeName::Broker(1), NodeName::Client("pa".into())],
                        vec![
                            NodeName::Broker(2),
                            NodeName::Broker(3),
                            NodeName::Controller,
                            NodeName::Client("c1".into())
                        ],
                    ]
                },
                Action::Isolate {
                    node: NodeName::Controller
                },
                Action::HealNetwork,
            ]
        );
        assert_eq!(
            errors(json!([
                {"at_ms": 0, "op": "partition_network", "sides": [[1, 2]]},
                {"at_ms": 0, "op": "partition_network", "sides": [[1, 4], [], [1, "zz"], 3]},
                {"at_ms": 0, "op": "isolate", "node": 9}
            ])),
            vec![
                "script[0].sides: 1 sides is not at least two (a network partition separates sides)",
                "script[1].sides[0][1]: broker 4 does not exist (this cluster has brokers 1..3)",
                "script[1].sides[1]: an empty list is not a side (at least one node name)",
                "script[1].sides[2][0]: node 1 is already on side 0",
                "script[1].sides[2][1]: \"zz\" is not a node (nodes: broker ids 1..3 as numbers, \"controller\", client ids: \"pa\", \"c1\")",
                "script[1].sides[3]: 3 is not a list of node names",
                "script[2].node: broker 9 does not exist (this cluster has brokers 1..3)",
            ]
        );
    }

    #[test]
    fn consumer_ops_name_an_existing_consumer() {
        assert_eq!(
            actions(json!([
                {"at_ms": 0, "op": "start_consumer", "consumer": "c1"},
                {"at_ms": 0, "op": "commit", "consumer": "c1"},
                {"at_ms": 0, "op": "seek", "consumer": "c1", "topic": "orders", "partition": 1, "offset": 0},
                {"at_ms": 0, "op": "stop_consumer", "consumer": "c1"},
                {"at_ms": 0, "op": "stop_consumer", "consumer": "c1", "commit_sync": true},
                {"at_ms": 0, "op": "kill_consumer", "consumer": "c1"}
            ])),
            vec![
                Action::StartConsumer {
                    consumer: "c1".into()
                },
                Action::Commit {
                    consumer: "c1".into()
                },
                Action::Seek {
                    consumer: "c1".into(),
                    topic: "orders".into(),
                    partition: 1,
                    offset: 0
                },
                Action::StopConsumer {
                    consumer: "c1".into(),
                    commit_sync: false
                },
                Action::StopConsumer {
                    consumer: "c1".into(),
                    commit_sync: true
                },
                Action::KillConsumer {
                    consumer: "c1".into()
                },
            ]
        );
        assert_eq!(
            errors(json!([
                {"at_ms": 0, "op": "kill_consumer", "consumer": "pa"},
                {"at_ms": 0, "op": "stop_consumer", "consumer": "c1", "commit_sync": 1},
                {"at_ms": 0, "op": "seek", "consumer": "c1", "topic": "orders", "partition": 0, "offset": -1},
                {"at_ms": 0, "op": "seek", "consumer": "c1", "topic": "orders", "offset": 1.5}
            ])),
            vec![
                "script[0].consumer: consumer \"pa\" does not exist (consumers: \"c1\")",
                "script[1].commit_sync: 1 is not true or false",
                "script[2].offset: -1 is not a whole number from 0 to 9223372036854775807",
                "script[3].partition: missing; required: a partition number",
                "script[3].offset: 1.5 is not a whole number from 0 to 9223372036854775807",
            ]
        );
    }

    #[test]
    fn alter_config_takes_one_target_and_a_valid_config() {
        assert_eq!(
            actions(json!([
                {"at_ms": 0, "op": "alter_config", "topic": "orders", "config": {"retention.ms": "1000", "min.insync.replicas": 2}},
                {"at_ms": 0, "op": "alter_config", "broker": 2, "config": {"unclean.leader.election.enable": true}}
            ])),
            vec![
                Action::AlterConfig {
                    target: ConfigTarget::Topic("orders".into()),
                    config: vec![
                        ("min.insync.replicas".into(), ConfigValue::Int(2)),
                        ("retention.ms".into(), ConfigValue::Int(1000)),
                    ]
                },
                Action::AlterConfig {
                    target: ConfigTarget::Broker(2),
                    config: vec![(
                        "unclean.leader.election.enable".into(),
                        ConfigValue::Bool(true)
                    )]
                },
            ]
        );
        let mut found = errors(json!([
            {"at_ms": 0, "op": "alter_config", "topic": "orders", "broker": 1, "config": {}},
            {"at_ms": 0, "op": "alter_config", "config": {}},
            {"at_ms": 0, "op": "alter_config", "topic": "orders", "config": {"min.insync.replicas": "two"}},
            {"at_ms": 0, "op": "alter_config", "broker": 4},
            {"at_ms": 0, "op": "alter_config", "broker": 1, "config": {"retention.ms": 1}}
        ]));
        let unknown = found.pop().unwrap_or_default();
        assert!(
            unknown.starts_with(
                "script[4].config.\"retention.ms\": unknown or unsupported config \"retention.ms\""
            ),
            "{unknown}"
        );
        assert_eq!(
            found,
            vec![
                "script[0]: has both \"topic\" and \"broker\"; alter_config takes exactly one of them",
                "script[1]: missing \"topic\" or \"broker\"; alter_config takes exactly one of them",
                "script[2].config.\"min.insync.replicas\": \"two\" is not an integer",
                "script[3].broker: broker 4 does not exist (this cluster has brokers 1..3)",
                "script[3].config: missing; required: an object of broker configs by Kafka name",
            ]
        );
    }

    #[test]
    fn create_topic_makes_a_new_topic_usable_afterwards() {
        let created = actions(json!([
            {"at_ms": 0, "op": "create_topic", "name": "audit", "partitions": 3, "replication_factor": 2,
             "config": {"cleanup.policy": "compact"}},
            {"at_ms": 1, "op": "produce", "producer": "pa", "topic": "audit", "partition": 2}
        ]));
        match &created[0] {
            Action::CreateTopic(spec) => {
                assert_eq!(
                    (spec.name.as_str(), spec.partitions, spec.replication_factor),
                    ("audit", 3, 2)
                );
                assert!(spec.config.is_set("cleanup.policy"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            errors(json!([
                {"at_ms": 0, "op": "produce", "producer": "pa", "topic": "audit"},
                {"at_ms": 1, "op": "create_topic", "name": "audit", "partitions": 1, "replication_factor": 1},
                {"at_ms": 2, "op": "create_topic", "name": "orders", "partitions": 1, "replication_factor": 1},
                {"at_ms": 3, "op": "create_topic", "name": "__x", "partitions": 0, "count": 1}
            ])),
            vec![
                "script[0].topic: topic \"audit\" does not exist yet (script[1] creates it later; topics now: \"orders\")",
                "script[2].name: topic \"orders\" already exists (defined at topics[0])",
                "script[3].count: field \"count\" does not belong to op \"create_topic\" (its fields: at_ms, op, name, partitions, replication_factor, replica_assignment, config)",
                "script[3].name: \"__x\" is reserved: names starting with \"__\" are Kafka's internal topics",
                "script[3].partitions: 0 is not a whole number from 1 to 256",
            ]
        );
    }

    #[test]
    fn elect_leaders_takes_a_partition_and_an_election_type() {
        assert_eq!(
            actions(json!([
                {"at_ms": 0, "op": "elect_leaders", "topic": "orders", "partition": 0, "election_type": "preferred"},
                {"at_ms": 0, "op": "elect_leaders", "topic": "orders", "partition": 1, "election_type": "unclean"}
            ])),
            vec![
                Action::ElectLeaders {
                    topic: "orders".into(),
                    partition: 0,
                    election_type: ElectionType::Preferred
                },
                Action::ElectLeaders {
                    topic: "orders".into(),
                    partition: 1,
                    election_type: ElectionType::Unclean
                },
            ]
        );
        assert_eq!(
            errors(json!([
                {"at_ms": 0, "op": "elect_leaders", "topic": "orders", "partition": 5, "election_type": "random"}
            ])),
            vec![
                "script[0].partition: partition 5 does not exist (topic \"orders\" has partitions 0..1)",
                "script[0].election_type: \"random\" is not \"preferred\" or \"unclean\"",
            ]
        );
    }
}
