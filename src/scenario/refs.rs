//! What a scenario names, for documents that point into one (lesson captions,
//! expected outcomes, challenge goals): its brokers, topics and partitions
//! (those at time 0 and those the script creates), producers, consumers and groups.
//! Each check returns a message in the scenario parser's style when the thing does
//! not exist.

use super::reader::quoted;
use super::Scenario;
use crate::engine::action::Action;

/// The names of one scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refs {
    brokers: u32,
    /// Every topic and its partition count, in scenario order.
    topics: Vec<(String, u32)>,
    producers: Vec<String>,
    consumers: Vec<String>,
    groups: Vec<String>,
}

fn listed(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quoted(i)).collect();
    if quoted.is_empty() {
        "none".to_string()
    } else {
        quoted.join(", ")
    }
}

impl Refs {
    pub fn of(scenario: &Scenario) -> Self {
        let spec = &scenario.spec;
        let mut topics: Vec<(String, u32)> = spec
            .topics
            .iter()
            .map(|t| (t.name.clone(), t.partitions))
            .collect();
        for entry in &scenario.script {
            if let Action::CreateTopic(t) = &entry.action {
                topics.push((t.name.clone(), t.partitions));
            }
        }
        let mut groups: Vec<String> = Vec::new();
        for c in &spec.consumers {
            if !groups.contains(&c.group) {
                groups.push(c.group.clone());
            }
        }
        Refs {
            brokers: spec.brokers,
            topics,
            producers: spec.producers.iter().map(|p| p.id.clone()).collect(),
            consumers: spec.consumers.iter().map(|c| c.id.clone()).collect(),
            groups,
        }
    }

    pub fn broker(&self, id: u64) -> Result<u32, String> {
        u32::try_from(id)
            .ok()
            .filter(|id| (1..=self.brokers).contains(id))
            .ok_or_else(|| {
                format!(
                    "broker {id} does not exist (this cluster has brokers 1..{})",
                    self.brokers
                )
            })
    }

    pub fn topic(&self, name: &str) -> Result<(), String> {
        self.partitions(name).map(|_| ())
    }

    fn partitions(&self, name: &str) -> Result<u32, String> {
        self.topics
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| *p)
            .ok_or_else(|| {
                let names: Vec<String> = self.topics.iter().map(|(n, _)| n.clone()).collect();
                format!(
                    "topic {} does not exist (topics: {})",
                    quoted(name),
                    listed(&names)
                )
            })
    }

    pub fn partition(&self, topic: &str, partition: u64) -> Result<u32, String> {
        let count = self.partitions(topic)?;
        u32::try_from(partition)
            .ok()
            .filter(|p| *p < count)
            .ok_or_else(|| {
                format!(
                    "partition {partition} does not exist (topic {} has partitions 0..{})",
                    quoted(topic),
                    count - 1
                )
            })
    }

    pub fn producer(&self, id: &str) -> Result<(), String> {
        Self::member("producer", &self.producers, id)
    }

    pub fn consumer(&self, id: &str) -> Result<(), String> {
        Self::member("consumer", &self.consumers, id)
    }

    pub fn group(&self, id: &str) -> Result<(), String> {
        Self::member("group", &self.groups, id)
    }

    /// A record id `PRODUCER#N` of one of the scenario's producers.
    pub fn record(&self, id: &str) -> Result<(), String> {
        let shape = || {
            format!(
                "{} is not a record id (PRODUCER#N: a producer id, \"#\", a record number from 0)",
                quoted(id)
            )
        };
        let (producer, number) = id.rsplit_once('#').ok_or_else(shape)?;
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(shape());
        }
        self.producer(producer)
            .map_err(|e| format!("record {}: {e}", quoted(id)))
    }

    fn member(what: &str, all: &[String], id: &str) -> Result<(), String> {
        if all.iter().any(|x| x == id) {
            Ok(())
        } else {
            Err(format!(
                "{what} {} does not exist ({what}s: {})",
                quoted(id),
                listed(all)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{doc_with, parse_value};
    use serde_json::json;

    fn refs() -> Refs {
        let doc = doc_with(json!({
            "topics": [{"name": "t", "partitions": 2, "replication_factor": 1}],
            "producers": [{"id": "p"}],
            "consumers": [{"id": "c1", "group": "g", "subscribe": ["t"]},
                          {"id": "c2", "group": "g", "subscribe": ["t"]}],
            "script": [{"at_ms": 0, "op": "create_topic", "name": "u", "partitions": 1, "replication_factor": 1}]
        }));
        Refs::of(&parse_value(&doc).unwrap())
    }

    #[test]
    fn names_that_exist_are_found() {
        let r = refs();
        assert_eq!(r.broker(3), Ok(3));
        assert_eq!(r.partition("t", 1), Ok(1));
        assert_eq!(r.partition("u", 0), Ok(0));
        assert_eq!(r.producer("p"), Ok(()));
        assert_eq!(r.consumer("c2"), Ok(()));
        assert_eq!(r.group("g"), Ok(()));
        assert_eq!(r.record("p#12"), Ok(()));
    }

    #[test]
    fn missing_names_are_explained() {
        let r = refs();
        assert_eq!(
            r.broker(4),
            Err("broker 4 does not exist (this cluster has brokers 1..3)".into())
        );
        assert_eq!(
            r.topic("x"),
            Err("topic \"x\" does not exist (topics: \"t\", \"u\")".into())
        );
        assert_eq!(
            r.partition("t", 2),
            Err("partition 2 does not exist (topic \"t\" has partitions 0..1)".into())
        );
        assert_eq!(
            r.group("h"),
            Err("group \"h\" does not exist (groups: \"g\")".into())
        );
        assert_eq!(
            r.record("q#1"),
            Err("record \"q#1\": producer \"q\" does not exist (producers: \"p\")".into())
        );
        assert_eq!(
            r.record("p#x"),
            Err("\"p#x\" is not a record id (PRODUCER#N: a producer id, \"#\", a record number from 0)".into())
        );
    }
}
