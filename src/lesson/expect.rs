//! Expected outcomes: facts about a run's final report that a lesson (or its
//! variation) promises, checked by the native tests. Each entry names one thing
//! in the report and the values some of its fields must have:
//!
//! | entry | fields |
//! |---|---|
//! | `{"lost": ["p#5"]}` | the ids in `lost`, in any order (`[]`: nothing lost) |
//! | `{"duplicates": ["p#5"]}` | the ids in `duplicates`, in any order |
//! | `{"record": "p#5", …}` | `status`, `offset`, `error`, `errors_seen`, `partition` of the produced record |
//! | `{"topic": "t", "partition": 0, …}` | `leader`, `leader_epoch`, `isr`, `replicas` |
//! | `{"topic": "t", "partition": 0, "broker": 2, …}` | broker 2's log: `ids` (record ids by offset), `log_start_offset`, `log_end_offset`, `high_watermark`, `segments` (`[[base_offset, next_offset], …]`) |
//! | `{"broker": 1, …}` | `state` |
//! | `{"consumer": "c1", …}` | `consumed` (record ids in order, repeats included), `errors_seen`, `state` |
//! | `{"group": "g", …}` | `state`, `generation`, `protocol`, `assignment` (`{"c1": ["t-0", …]}`), `committed` (`{"t-0": 10}`) |

use serde_json::{json, Map, Value};

use crate::engine::sort;
use crate::scenario::error::Problems;
use crate::scenario::reader::{array, quoted, text, whole, Fields};
use crate::scenario::refs::Refs;

/// What an expectation is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    Record(String),
    Partition {
        topic: String,
        partition: u32,
    },
    Log {
        topic: String,
        partition: u32,
        broker: u32,
    },
    Broker(u32),
    Consumer(String),
    Group(String),
}

/// One expected fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// Exactly these ids are lost.
    Lost(Vec<String>),
    /// Exactly these ids are duplicated.
    Duplicates(Vec<String>),
    /// These fields of one thing have these values.
    Fields {
        subject: Subject,
        fields: Vec<(String, Value)>,
    },
}

const RECORD_FIELDS: &[&str] = &["status", "offset", "error", "errors_seen", "partition"];
const PARTITION_FIELDS: &[&str] = &["leader", "leader_epoch", "isr", "replicas"];
const LOG_FIELDS: &[&str] = &[
    "ids",
    "log_start_offset",
    "log_end_offset",
    "high_watermark",
    "segments",
];
const BROKER_FIELDS: &[&str] = &["state"];
const CONSUMER_FIELDS: &[&str] = &["consumed", "errors_seen", "state"];
const GROUP_FIELDS: &[&str] = &["state", "generation", "protocol", "assignment", "committed"];

impl Expectation {
    /// Reads one expectation at `path`, checking what it names against `refs`.
    pub(crate) fn read(
        problems: &mut Problems,
        path: &str,
        value: &Value,
        refs: &Refs,
    ) -> Option<Expectation> {
        let expected =
            "an expected outcome (an object naming what it is about, see the lesson format)";
        let f = Fields::of(problems, path, value, expected)?;
        let before = problems.count();
        let out = if f.get("lost").is_some() || f.get("duplicates").is_some() {
            let key = if f.get("lost").is_some() {
                "lost"
            } else {
                "duplicates"
            };
            f.reject_unknown(problems, &[key]);
            let ids = ids(problems, &f, key, refs)?;
            Some(if key == "lost" {
                Expectation::Lost(ids)
            } else {
                Expectation::Duplicates(ids)
            })
        } else {
            let (subject, selectors, allowed) = subject(problems, &f, refs)?;
            let mut all: Vec<&str> = selectors.to_vec();
            all.extend_from_slice(allowed);
            f.reject_unknown(problems, &all);
            let fields: Vec<(String, Value)> = f
                .entries()
                .into_iter()
                .filter(|(k, _)| allowed.contains(k))
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            if fields.is_empty() && problems.count() == before {
                problems.add(
                    f.path(),
                    format!(
                        "expects nothing (give one or more of: {})",
                        allowed.join(", ")
                    ),
                );
            }
            Some(Expectation::Fields { subject, fields })
        };
        out.filter(|_| problems.count() == before)
    }

    /// Checks the expectation against a report; the error says what differs.
    pub fn check(&self, report: &Value) -> Result<(), String> {
        match self {
            Expectation::Lost(want) => same_ids("lost", want, &report["lost"]),
            Expectation::Duplicates(want) => same_ids("duplicates", want, &report["duplicates"]),
            Expectation::Fields { subject, fields } => {
                let (name, found) = find(subject, report);
                let found = found.ok_or_else(|| format!("{name} is not in the report"))?;
                let wrong: Vec<String> = fields
                    .iter()
                    .filter_map(|(field, want)| {
                        let have = derived(subject, field, found);
                        (have != *want).then(|| format!("{field} is {have}, expected {want}"))
                    })
                    .collect();
                if wrong.is_empty() {
                    Ok(())
                } else {
                    Err(format!("{name}: {}", wrong.join("; ")))
                }
            }
        }
    }
}

/// Every failed expectation, as `expect[i]: what differs`.
pub fn failures(path: &str, expect: &[Expectation], report: &Value) -> Vec<String> {
    expect
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            e.check(report)
                .err()
                .map(|why| format!("{path}[{i}]: {why}"))
        })
        .collect()
}

type Shape = (Subject, &'static [&'static str], &'static [&'static str]);

fn subject(problems: &mut Problems, f: &Fields, refs: &Refs) -> Option<Shape> {
    let name = |problems: &mut Problems, key: &str, exists: &dyn Fn(&str) -> Result<(), String>| {
        let name = text(problems, &f.at(key), f.get(key)?)?;
        exists(name).map_err(|m| problems.add(&f.at(key), m)).ok()?;
        Some(name.to_string())
    };
    let broker = |problems: &mut Problems| {
        let id = whole(
            problems,
            &f.at("broker"),
            f.get("broker")?,
            1,
            u64::from(u32::MAX),
        )?;
        refs.broker(id)
            .map_err(|m| problems.add(&f.at("broker"), m))
            .ok()
    };
    if f.get("record").is_some() {
        let id = name(problems, "record", &|n| refs.record(n))?;
        return Some((Subject::Record(id), &["record"], RECORD_FIELDS));
    }
    if f.get("topic").is_some() || f.get("partition").is_some() {
        let topic = name(problems, "topic", &|n| refs.topic(n));
        let Some(number) = f.get("partition") else {
            problems.add(&f.at("partition"), "missing; required: a partition number");
            return None;
        };
        let number = whole(problems, &f.at("partition"), number, 0, u64::from(u32::MAX));
        let (topic, number) = (topic?, number?);
        let partition = refs
            .partition(&topic, number)
            .map_err(|m| problems.add(&f.at("partition"), m))
            .ok()?;
        return if f.get("broker").is_some() {
            let broker = broker(problems)?;
            Some((
                Subject::Log {
                    topic,
                    partition,
                    broker,
                },
                &["topic", "partition", "broker"],
                LOG_FIELDS,
            ))
        } else {
            Some((
                Subject::Partition { topic, partition },
                &["topic", "partition"],
                PARTITION_FIELDS,
            ))
        };
    }
    if f.get("broker").is_some() {
        return Some((
            Subject::Broker(broker(problems)?),
            &["broker"],
            BROKER_FIELDS,
        ));
    }
    if f.get("consumer").is_some() {
        let id = name(problems, "consumer", &|n| refs.consumer(n))?;
        return Some((Subject::Consumer(id), &["consumer"], CONSUMER_FIELDS));
    }
    if f.get("group").is_some() {
        let id = name(problems, "group", &|n| refs.group(n))?;
        return Some((Subject::Group(id), &["group"], GROUP_FIELDS));
    }
    problems.add(
        f.path(),
        "names nothing to expect (one of: lost; duplicates; record; topic and partition; topic, partition and broker; broker; consumer; group)",
    );
    None
}

fn ids(problems: &mut Problems, f: &Fields, key: &str, refs: &Refs) -> Option<Vec<String>> {
    let items = array(problems, &f.at(key), f.get(key)?, "a list of record ids")?;
    let mut ids = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("{}[{i}]", f.at(key));
        let Some(id) = text(problems, &path, item) else {
            continue;
        };
        match refs.record(id) {
            Ok(()) => ids.push(id.to_string()),
            Err(message) => problems.add(&path, message),
        }
    }
    Some(ids)
}

fn same_ids(what: &str, want: &[String], have: &Value) -> Result<(), String> {
    let mut have: Vec<&str> = have
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["id"].as_str()).collect())
        .unwrap_or_default();
    sort::sort(&mut have);
    let mut want: Vec<&str> = want.iter().map(String::as_str).collect();
    sort::sort(&mut want);
    if have == want {
        Ok(())
    } else {
        Err(format!(
            "{what} is {}, expected {}",
            json!(have),
            json!(want)
        ))
    }
}

fn find_in(list: &Value, matches: impl Fn(&Value) -> bool) -> Option<&Value> {
    list.as_array()?.iter().find(|item| matches(item))
}

/// How the subject is named in messages, and its object in the report.
fn find<'a>(subject: &Subject, report: &'a Value) -> (String, Option<&'a Value>) {
    let partition = |topic: &str, p: u32| {
        find_in(&report["partitions"], |x| {
            x["topic"] == topic && x["partition"] == p
        })
    };
    match subject {
        Subject::Record(id) => (
            format!("record {id}"),
            find_in(&report["produced"], |x| x["id"] == id.as_str()),
        ),
        Subject::Partition {
            topic,
            partition: p,
        } => (format!("partition {topic}-{p}"), partition(topic, *p)),
        Subject::Log {
            topic,
            partition: p,
            broker,
        } => (
            format!("broker {broker}'s log of {topic}-{p}"),
            partition(topic, *p).and_then(|x| find_in(&x["logs"], |l| l["broker"] == *broker)),
        ),
        Subject::Broker(id) => (
            format!("broker {id}"),
            find_in(&report["brokers"], |x| x["id"] == *id),
        ),
        Subject::Consumer(id) => (
            format!("consumer {}", quoted(id)),
            find_in(&report["consumers"], |x| x["id"] == id.as_str()),
        ),
        Subject::Group(id) => (
            format!("group {}", quoted(id)),
            find_in(&report["groups"], |x| x["group"] == id.as_str()),
        ),
    }
}

fn tp_name(entry: &Value) -> String {
    format!(
        "{}-{}",
        entry["topic"].as_str().unwrap_or("?"),
        entry["partition"]
    )
}

/// A field's value as an expectation writes it (some are condensed from the report).
fn derived(subject: &Subject, field: &str, found: &Value) -> Value {
    let list = |key: &str| found[key].as_array().cloned().unwrap_or_default();
    match (subject, field) {
        (Subject::Log { .. }, "ids") | (Subject::Consumer(_), "consumed") => {
            let key = if field == "ids" {
                "records"
            } else {
                "consumed"
            };
            list(key).iter().map(|r| r["id"].clone()).collect()
        }
        (Subject::Log { .. }, "segments") => list("segments")
            .iter()
            .map(|s| json!([s["base_offset"], s["next_offset"]]))
            .collect(),
        (Subject::Group(_), "assignment") => {
            let members: Map<String, Value> = list("members")
                .iter()
                .map(|m| {
                    let tps: Vec<String> = m["assignment"]
                        .as_array()
                        .map(|a| a.iter().map(tp_name).collect())
                        .unwrap_or_default();
                    (
                        m["consumer"].as_str().unwrap_or("?").to_string(),
                        json!(tps),
                    )
                })
                .collect();
            Value::Object(members)
        }
        (Subject::Group(_), "committed") => Value::Object(
            list("committed")
                .iter()
                .map(|c| (tp_name(c), c["offset"].clone()))
                .collect(),
        ),
        _ => found[field].clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{doc_with, parse_value};

    fn refs() -> Refs {
        let doc = doc_with(json!({
            "topics": [{"name": "t", "partitions": 1, "replication_factor": 3}],
            "producers": [{"id": "p"}],
            "consumers": [{"id": "c1", "group": "g", "subscribe": ["t"]}]
        }));
        Refs::of(&parse_value(&doc).unwrap())
    }

    fn read(value: Value) -> Result<Expectation, Vec<String>> {
        let mut problems = Problems::rooted("lesson");
        let e = Expectation::read(&mut problems, "expect[0]", &value, &refs());
        let errors: Vec<String> = problems
            .into_vec()
            .iter()
            .map(ToString::to_string)
            .collect();
        e.filter(|_| errors.is_empty()).ok_or(errors)
    }

    fn report() -> Value {
        json!({
            "brokers": [{"id": 1, "state": "crashed"}],
            "partitions": [{"topic": "t", "partition": 0, "leader": 2, "leader_epoch": 1, "isr": [2, 3],
                "logs": [{"broker": 2, "log_start_offset": 0, "log_end_offset": 2, "high_watermark": 2,
                          "segments": [{"base_offset": 0, "next_offset": 2, "records": 2, "bytes": 200}],
                          "records": [{"offset": 0, "id": "p#0"}, {"offset": 1, "id": "p#2"}]}]}],
            "produced": [{"id": "p#1", "status": "acked", "offset": 1}],
            "lost": [{"id": "p#1"}],
            "duplicates": [],
            "groups": [{"group": "g", "generation": 2,
                        "members": [{"consumer": "c1", "assignment": [{"topic": "t", "partition": 0}]}],
                        "committed": [{"topic": "t", "partition": 0, "offset": 2}]}],
            "consumers": [{"id": "c1", "consumed": [{"id": "p#0"}, {"id": "p#0"}]}]
        })
    }

    fn check(value: Value) -> Result<(), String> {
        read(value).map_err(|e| e.join("; "))?.check(&report())
    }

    #[test]
    fn facts_that_hold_pass() {
        for e in [
            json!({"lost": ["p#1"]}),
            json!({"duplicates": []}),
            json!({"record": "p#1", "status": "acked", "offset": 1}),
            json!({"topic": "t", "partition": 0, "leader": 2, "isr": [2, 3]}),
            json!({"topic": "t", "partition": 0, "broker": 2, "ids": ["p#0", "p#2"], "segments": [[0, 2]], "high_watermark": 2}),
            json!({"broker": 1, "state": "crashed"}),
            json!({"consumer": "c1", "consumed": ["p#0", "p#0"]}),
            json!({"group": "g", "generation": 2, "assignment": {"c1": ["t-0"]}, "committed": {"t-0": 2}}),
        ] {
            assert_eq!(check(e.clone()), Ok(()), "{e}");
        }
    }

    #[test]
    fn facts_that_do_not_hold_say_what_differs() {
        assert_eq!(
            check(json!({"lost": []})),
            Err("lost is [\"p#1\"], expected []".into())
        );
        assert_eq!(
            check(json!({"topic": "t", "partition": 0, "leader": 1, "leader_epoch": 1})),
            Err("partition t-0: leader is 2, expected 1".into())
        );
        assert_eq!(
            check(json!({"topic": "t", "partition": 0, "broker": 3, "ids": []})),
            Err("broker 3's log of t-0 is not in the report".into())
        );
        let failed = failures(
            "expect",
            &[read(json!({"broker": 1, "state": "running"})).unwrap()],
            &report(),
        );
        assert_eq!(
            failed,
            vec!["expect[0]: broker 1: state is \"crashed\", expected \"running\""]
        );
    }

    #[test]
    fn malformed_expectations_are_explained() {
        assert_eq!(
            read(json!({"topic": "t", "partition": 0, "ids": []})),
            Err(vec!["expect[0].ids: unknown key \"ids\" (allowed: topic, partition, leader, leader_epoch, isr, replicas)".into()])
        );
        assert_eq!(
            read(json!({"lost": ["q#1", 3]})),
            Err(vec![
                "expect[0].lost[0]: record \"q#1\": producer \"q\" does not exist (producers: \"p\")".into(),
                "expect[0].lost[1]: 3 is not a string".into(),
            ])
        );
        assert_eq!(
            read(json!({"broker": 1})),
            Err(vec![
                "expect[0]: expects nothing (give one or more of: state)".into()
            ])
        );
        assert_eq!(
            read(json!({"colour": 1})),
            Err(vec!["expect[0]: names nothing to expect (one of: lost; duplicates; record; topic and partition; topic, partition and broker; broker; consumer; group)".into()])
        );
        assert_eq!(
            read(json!({"topic": "t"})),
            Err(vec![
                "expect[0].partition: missing; required: a partition number".into()
            ])
        );
    }
}
