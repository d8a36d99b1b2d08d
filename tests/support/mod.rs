//! Shared helpers for scenario tests: run a scenario file from `tests/scenarios/`
//! and query its report and trace.
#![allow(dead_code)]

use serde_json::Value;

use kafka_playground::scenario::{self, run::run_to_json};

/// The report and trace of a scenario file.
pub struct Run {
    pub report: Value,
    pub trace: Vec<Value>,
}

pub fn run(file: &str) -> Run {
    let path = format!("{}/tests/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let parsed = scenario::parse(&text).unwrap_or_else(|errors| {
        panic!(
            "{path} is invalid: {}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        )
    });
    let mut report = run_to_json(&parsed, true);
    let trace = match report.get_mut("trace").map(Value::take) {
        Some(Value::Array(events)) => events,
        _ => Vec::new(),
    };
    let run = Run { report, trace };
    assert_eq!(
        run.report["violations"],
        Value::Array(vec![]),
        "{file}: invariant violations"
    );
    run
}

impl Run {
    /// Trace events of `kind` matching every `(field, value)` pair.
    pub fn events(&self, kind: &str, filter: &[(&str, Value)]) -> Vec<&Value> {
        self.trace
            .iter()
            .filter(|e| e["kind"] == kind && filter.iter().all(|(k, v)| &e[*k] == v))
            .collect()
    }

    /// The first such event; panics with the kind when there is none.
    pub fn first(&self, kind: &str, filter: &[(&str, Value)]) -> &Value {
        self.events(kind, filter)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no {kind} event matching {filter:?}"))
    }

    pub fn produced(&self, id: &str) -> &Value {
        self.report["produced"]
            .as_array()
            .and_then(|p| p.iter().find(|r| r["id"] == id))
            .unwrap_or_else(|| panic!("no produced record {id}"))
    }

    pub fn partition(&self, topic: &str, partition: u64) -> &Value {
        self.report["partitions"]
            .as_array()
            .and_then(|p| {
                p.iter()
                    .find(|x| x["topic"] == topic && x["partition"] == partition)
            })
            .unwrap_or_else(|| panic!("no partition {topic}-{partition}"))
    }

    /// The ids in a broker's log of a partition, in offset order.
    pub fn log_ids(&self, topic: &str, partition: u64, broker: u64) -> Vec<String> {
        let log = self.log(topic, partition, broker);
        log["records"]
            .as_array()
            .map(|r| {
                r.iter()
                    .map(|x| x["id"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn log(&self, topic: &str, partition: u64, broker: u64) -> &Value {
        self.partition(topic, partition)["logs"]
            .as_array()
            .and_then(|l| l.iter().find(|x| x["broker"] == broker))
            .unwrap_or_else(|| panic!("no log of {topic}-{partition} on broker {broker}"))
    }

    pub fn lost_ids(&self) -> Vec<String> {
        self.report["lost"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|x| x["id"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Asserts that `actual_ms` is `expected_ms` give or take the few milliseconds of
/// network latency the simulation adds to the scenario's idealised times.
pub fn at_about(actual: &Value, expected_ms: u64, what: &str) {
    let actual_ms = actual
        .as_u64()
        .unwrap_or_else(|| panic!("{what}: {actual} is not a time"));
    assert!(
        actual_ms >= expected_ms && actual_ms <= expected_ms + 10,
        "{what}: expected at {expected_ms} (+ latency), was at {actual_ms}"
    );
}

impl Run {
    /// A consumer's entry of the report.
    pub fn consumer(&self, id: &str) -> &Value {
        self.report["consumers"]
            .as_array()
            .and_then(|c| c.iter().find(|x| x["id"] == id))
            .unwrap_or_else(|| panic!("no consumer {id}"))
    }

    /// The offsets a consumer was handed on `topic`-`partition`, in order.
    pub fn consumed_offsets(&self, id: &str, topic: &str, partition: u64) -> Vec<u64> {
        self.consumer(id)["consumed"]
            .as_array()
            .map(|c| {
                c.iter()
                    .filter(|r| r["topic"] == topic && r["partition"] == partition)
                    .filter_map(|r| r["offset"].as_u64())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A group's entry of the report.
    pub fn group(&self, id: &str) -> &Value {
        self.report["groups"]
            .as_array()
            .and_then(|g| g.iter().find(|x| x["group"] == id))
            .unwrap_or_else(|| panic!("no group {id}"))
    }

    /// The group's committed offset of `topic`-`partition`, if any.
    pub fn committed(&self, group: &str, topic: &str, partition: u64) -> Option<u64> {
        self.group(group)["committed"]
            .as_array()?
            .iter()
            .find(|c| c["topic"] == topic && c["partition"] == partition)?["offset"]
            .as_u64()
    }

    /// Each member's assignment as `topic-partition` names, by consumer id.
    pub fn assignment(&self, group: &str) -> Vec<(String, Vec<String>)> {
        self.group(group)["members"]
            .as_array()
            .map(|m| {
                m.iter()
                    .map(|m| {
                        let tps = m["assignment"]
                            .as_array()
                            .map(|a| {
                                a.iter()
                                    .map(|tp| {
                                        format!(
                                            "{}-{}",
                                            tp["topic"].as_str().unwrap_or("?"),
                                            tp["partition"]
                                        )
                                    })
                                    .collect()
                            })
                            .unwrap_or_default();
                        (m["consumer"].as_str().unwrap_or("?").to_string(), tps)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}
