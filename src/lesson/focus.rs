//! What the UI highlights while a step's caption shows: one broker, a partition,
//! one replica of a partition (a broker's log of it), a record, or a client or
//! group. Written as an object whose keys say which:
//!
//! | focus | JSON |
//! |---|---|
//! | a broker | `{"broker": 2}` |
//! | a partition | `{"topic": "t", "partition": 0}` |
//! | a replica (broker 2's log of `t-0`) | `{"topic": "t", "partition": 0, "broker": 2}` |
//! | a record | `{"record": "p#0"}` |
//! | a producer, consumer or group | `{"producer": "p"}`, `{"consumer": "c1"}`, `{"group": "g"}` |

use serde_json::Value;

use crate::scenario::error::Problems;
use crate::scenario::reader::{text, whole, Fields};
use crate::scenario::refs::Refs;

const FOCUS_KEYS: &[&str] = &[
    "broker",
    "topic",
    "partition",
    "record",
    "producer",
    "consumer",
    "group",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    Broker(u32),
    Partition {
        topic: String,
        partition: u32,
    },
    Replica {
        topic: String,
        partition: u32,
        broker: u32,
    },
    Record(String),
    Producer(String),
    Consumer(String),
    Group(String),
}

impl Focus {
    /// Reads a focus at `path`, checking that what it names exists.
    pub(crate) fn read(
        problems: &mut Problems,
        path: &str,
        value: &Value,
        refs: &Refs,
    ) -> Option<Focus> {
        let expected = "a focus (an object naming a broker, a partition, a replica, a record, a producer, a consumer or a group)";
        let f = Fields::of(problems, path, value, expected)?;
        f.reject_unknown(problems, FOCUS_KEYS);
        let shape: Vec<&str> = FOCUS_KEYS
            .iter()
            .copied()
            .filter(|k| f.get(k).is_some())
            .collect();
        let before = problems.count();
        let focus = match shape.as_slice() {
            ["broker"] => broker(problems, &f, refs).map(Focus::Broker),
            ["topic", "partition"] => partition(problems, &f, refs)
                .map(|(topic, partition)| Focus::Partition { topic, partition }),
            ["broker", "topic", "partition"] => {
                let broker = broker(problems, &f, refs);
                let (topic, partition) = partition(problems, &f, refs)?;
                Some(Focus::Replica {
                    topic,
                    partition,
                    broker: broker?,
                })
            }
            ["record"] => name(problems, &f, "record", |n| refs.record(n)).map(Focus::Record),
            ["producer"] => {
                name(problems, &f, "producer", |n| refs.producer(n)).map(Focus::Producer)
            }
            ["consumer"] => {
                name(problems, &f, "consumer", |n| refs.consumer(n)).map(Focus::Consumer)
            }
            ["group"] => name(problems, &f, "group", |n| refs.group(n)).map(Focus::Group),
            _ => {
                problems.add(
                    f.path(),
                    "these keys do not make a focus (one of: broker; topic and partition; topic, partition and broker; record; producer; consumer; group)",
                );
                None
            }
        };
        focus.filter(|_| problems.count() == before)
    }
}

fn broker(problems: &mut Problems, f: &Fields, refs: &Refs) -> Option<u32> {
    let id = whole(
        problems,
        &f.at("broker"),
        f.get("broker")?,
        1,
        u64::from(u32::MAX),
    )?;
    refs.broker(id)
        .map_err(|message| problems.add(&f.at("broker"), message))
        .ok()
}

fn partition(problems: &mut Problems, f: &Fields, refs: &Refs) -> Option<(String, u32)> {
    let topic = text(problems, &f.at("topic"), f.get("topic")?);
    let number = whole(
        problems,
        &f.at("partition"),
        f.get("partition")?,
        0,
        u64::from(u32::MAX),
    );
    let (topic, number) = (topic?, number?);
    if let Err(message) = refs.topic(topic) {
        problems.add(&f.at("topic"), message);
        return None;
    }
    let partition = refs
        .partition(topic, number)
        .map_err(|message| problems.add(&f.at("partition"), message))
        .ok()?;
    Some((topic.to_string(), partition))
}

fn name(
    problems: &mut Problems,
    f: &Fields,
    key: &str,
    exists: impl Fn(&str) -> Result<(), String>,
) -> Option<String> {
    let name = text(problems, &f.at(key), f.get(key)?)?;
    match exists(name) {
        Ok(()) => Some(name.to_string()),
        Err(message) => {
            problems.add(&f.at(key), message);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{doc_with, parse_value};
    use serde_json::json;

    fn read(value: Value) -> Result<Focus, Vec<String>> {
        let doc = doc_with(json!({
            "topics": [{"name": "t", "partitions": 2, "replication_factor": 3}],
            "producers": [{"id": "p"}],
            "consumers": [{"id": "c1", "group": "g", "subscribe": ["t"]}]
        }));
        let refs = Refs::of(&parse_value(&doc).unwrap());
        let mut problems = Problems::rooted("lesson");
        let focus = Focus::read(&mut problems, "steps[1].focus", &value, &refs);
        let errors: Vec<String> = problems
            .into_vec()
            .iter()
            .map(ToString::to_string)
            .collect();
        focus.filter(|_| errors.is_empty()).ok_or(errors)
    }

    #[test]
    fn every_shape_reads() {
        assert_eq!(read(json!({"broker": 2})), Ok(Focus::Broker(2)));
        assert_eq!(
            read(json!({"topic": "t", "partition": 1})),
            Ok(Focus::Partition {
                topic: "t".into(),
                partition: 1
            })
        );
        assert_eq!(
            read(json!({"topic": "t", "partition": 0, "broker": 3})),
            Ok(Focus::Replica {
                topic: "t".into(),
                partition: 0,
                broker: 3
            })
        );
        assert_eq!(
            read(json!({"record": "p#4"})),
            Ok(Focus::Record("p#4".into()))
        );
        assert_eq!(
            read(json!({"producer": "p"})),
            Ok(Focus::Producer("p".into()))
        );
        assert_eq!(
            read(json!({"consumer": "c1"})),
            Ok(Focus::Consumer("c1".into()))
        );
        assert_eq!(read(json!({"group": "g"})), Ok(Focus::Group("g".into())));
    }

    #[test]
    fn what_does_not_exist_or_fit_is_explained() {
        assert_eq!(
            read(json!({"broker": 4})),
            Err(vec![
                "steps[1].focus.broker: broker 4 does not exist (this cluster has brokers 1..3)"
                    .into()
            ])
        );
        assert_eq!(
            read(json!({"topic": "t", "partition": 2})),
            Err(vec!["steps[1].focus.partition: partition 2 does not exist (topic \"t\" has partitions 0..1)".into()])
        );
        assert_eq!(
            read(json!({"topic": "u", "partition": 0})),
            Err(vec![
                "steps[1].focus.topic: topic \"u\" does not exist (topics: \"t\")".into()
            ])
        );
        assert_eq!(
            read(json!({"broker": 1, "record": "p#1"})),
            Err(vec!["steps[1].focus: these keys do not make a focus (one of: broker; topic and partition; topic, partition and broker; record; producer; consumer; group)".into()])
        );
        assert_eq!(
            read(json!({"group": "h", "colour": "red"})),
            Err(vec![
                "steps[1].focus.colour: unknown key \"colour\" (allowed: broker, topic, partition, record, producer, consumer, group)".into(),
                "steps[1].focus.group: group \"h\" does not exist (groups: \"g\")".into(),
            ])
        );
    }
}
