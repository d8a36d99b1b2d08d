//! Challenge goals: a small closed set of facts about a run, each a pure function
//! of the scenario, its report and its trace. Written as `{"kind": …, …params}`:
//!
//! | kind | params | met when |
//! |---|---|---|
//! | `acked_record_lost` | `producer` (optional) | a record acknowledged to the producer (any, if not given) is in the report's `lost` |
//! | `no_acked_record_lost` | none | `lost` is empty |
//! | `writable_while_down` | `broker`, `producer` | the broker went down (crash or shutdown), the producer sent at least one record while it was down, and every record it sent while the broker was down was acknowledged before the broker started again |
//! | `duplicate_stored` | `producer` (optional) | a record (of that producer) is at two offsets of its partition's leader log (the report's `duplicates`) |
//! | `stored_out_of_order` | `producer` (optional) | in a partition's leader log, the first copies of one producer's records are not in the order it sent them |
//! | `consumed_twice` | `group`, `record` (optional) | the group's consumers, together, were handed one record (that record) twice or more |
//! | `all_of` | `goals`: a list of goals | every goal in the list is met |

use serde_json::Value;

use crate::scenario::error::Problems;
use crate::scenario::reader::{array, found, quoted, text, whole, Fields};
use crate::scenario::refs::Refs;
use crate::scenario::Scenario;

const KINDS: &[&str] = &[
    "acked_record_lost",
    "no_acked_record_lost",
    "writable_while_down",
    "duplicate_stored",
    "stored_out_of_order",
    "consumed_twice",
    "all_of",
];

/// A challenge's goal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Goal {
    AckedRecordLost {
        producer: Option<String>,
    },
    NoAckedRecordLost,
    WritableWhileDown {
        broker: u32,
        producer: String,
    },
    DuplicateStored {
        producer: Option<String>,
    },
    StoredOutOfOrder {
        producer: Option<String>,
    },
    ConsumedTwice {
        group: String,
        record: Option<String>,
    },
    AllOf(Vec<Goal>),
}

/// Whether a goal is met, and a sentence saying why (or why not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalOutcome {
    pub met: bool,
    pub why: String,
}

fn met(why: String) -> GoalOutcome {
    GoalOutcome { met: true, why }
}

fn unmet(why: String) -> GoalOutcome {
    GoalOutcome { met: false, why }
}

impl Goal {
    /// Reads a goal at `path`, checking its params against the scenario's names.
    pub(crate) fn read(
        problems: &mut Problems,
        path: &str,
        value: &Value,
        refs: &Refs,
    ) -> Option<Goal> {
        let f = Fields::of(
            problems,
            path,
            value,
            "a goal (an object with \"kind\" and its params)",
        )?;
        let kind = match f.required(problems, "kind", "a goal kind")? {
            Value::String(k) if KINDS.contains(&k.as_str()) => k.as_str(),
            other => {
                problems.add(
                    &f.at("kind"),
                    format!(
                        "{} is not a goal kind (kinds: {})",
                        found(other),
                        KINDS.join(", ")
                    ),
                );
                return None;
            }
        };
        let params: &[&str] = match kind {
            "acked_record_lost" | "duplicate_stored" | "stored_out_of_order" => {
                &["kind", "producer"]
            }
            "writable_while_down" => &["kind", "broker", "producer"],
            "consumed_twice" => &["kind", "group", "record"],
            "all_of" => &["kind", "goals"],
            _ => &["kind"],
        };
        f.reject_unknown(problems, params);
        let before = problems.count();
        let named =
            |problems: &mut Problems, key: &str, exists: &dyn Fn(&str) -> Result<(), String>| {
                let name = text(problems, &f.at(key), f.get(key)?)?;
                exists(name).map_err(|m| problems.add(&f.at(key), m)).ok()?;
                Some(name.to_string())
            };
        let required = |problems: &mut Problems, key: &str, what: &str| {
            if f.get(key).is_none() {
                problems.add(&f.at(key), format!("missing; required: {what}"));
            }
        };
        let producer = |problems: &mut Problems| named(problems, "producer", &|n| refs.producer(n));
        let goal = match kind {
            "acked_record_lost" => Goal::AckedRecordLost {
                producer: producer(problems),
            },
            "no_acked_record_lost" => Goal::NoAckedRecordLost,
            "duplicate_stored" => Goal::DuplicateStored {
                producer: producer(problems),
            },
            "stored_out_of_order" => Goal::StoredOutOfOrder {
                producer: producer(problems),
            },
            "writable_while_down" => {
                required(problems, "broker", "a broker id");
                required(problems, "producer", "a producer id");
                let broker = f
                    .get("broker")
                    .and_then(|b| whole(problems, &f.at("broker"), b, 1, u64::from(u32::MAX)))
                    .and_then(|b| {
                        refs.broker(b)
                            .map_err(|m| problems.add(&f.at("broker"), m))
                            .ok()
                    });
                let producer = producer(problems);
                Goal::WritableWhileDown {
                    broker: broker?,
                    producer: producer?,
                }
            }
            "consumed_twice" => {
                required(problems, "group", "a group id");
                let group = named(problems, "group", &|n| refs.group(n));
                let record = named(problems, "record", &|n| refs.record(n));
                Goal::ConsumedTwice {
                    group: group?,
                    record,
                }
            }
            _ => {
                required(problems, "goals", "a list of goals");
                let list = array(problems, &f.at("goals"), f.get("goals")?, "a list of goals")?;
                if list.is_empty() {
                    problems.add(
                        &f.at("goals"),
                        "an empty list is not a list of goals (at least one)",
                    );
                }
                let goals = list
                    .iter()
                    .enumerate()
                    .filter_map(|(i, g)| {
                        Goal::read(problems, &format!("{}[{i}]", f.at("goals")), g, refs)
                    })
                    .collect();
                Goal::AllOf(goals)
            }
        };
        (problems.count() == before).then_some(goal)
    }

    /// Whether the run (its scenario, report and trace) meets the goal.
    pub fn evaluate(&self, scenario: &Scenario, report: &Value, trace: &[Value]) -> GoalOutcome {
        match self {
            Goal::AckedRecordLost { producer } => {
                let lost = ids_of(&report["lost"], producer.as_deref());
                match lost.first() {
                    Some(id) => {
                        let cause = list(&report["lost"])
                            .iter()
                            .find(|l| l["id"] == id.as_str())
                            .and_then(|l| l["cause"].as_str())
                            .unwrap_or("")
                            .to_string();
                        met(format!("{id} was acknowledged and is lost: {cause}"))
                    }
                    None => unmet(format!("no record {}acknowledged was lost", by(producer))),
                }
            }
            Goal::NoAckedRecordLost => {
                let lost = ids_of(&report["lost"], None);
                if lost.is_empty() {
                    met("no acknowledged record was lost".into())
                } else {
                    unmet(format!(
                        "acknowledged records were lost: {}",
                        lost.join(", ")
                    ))
                }
            }
            Goal::DuplicateStored { producer } => {
                match ids_of(&report["duplicates"], producer.as_deref()).first() {
                    Some(id) => met(format!("{id} is stored twice")),
                    None => unmet(format!("no record {}is stored twice", by(producer))),
                }
            }
            Goal::StoredOutOfOrder { producer } => out_of_order(report, producer.as_deref()),
            Goal::WritableWhileDown { broker, producer } => {
                writable_while_down(report, trace, *broker, producer)
            }
            Goal::ConsumedTwice { group, record } => {
                consumed_twice(scenario, report, group, record.as_deref())
            }
            Goal::AllOf(goals) => {
                let outcomes: Vec<GoalOutcome> = goals
                    .iter()
                    .map(|g| g.evaluate(scenario, report, trace))
                    .collect();
                let why: Vec<String> = outcomes.iter().map(|o| o.why.clone()).collect();
                GoalOutcome {
                    met: outcomes.iter().all(|o| o.met),
                    why: why.join("; "),
                }
            }
        }
    }

    /// The goal needs the run's trace (not only its report).
    pub fn needs_trace(&self) -> bool {
        match self {
            Goal::WritableWhileDown { .. } => true,
            Goal::AllOf(goals) => goals.iter().any(Goal::needs_trace),
            _ => false,
        }
    }
}

fn by(producer: &Option<String>) -> String {
    producer
        .as_ref()
        .map_or(String::new(), |p| format!("of {} ", quoted(p)))
}

fn list(value: &Value) -> &[Value] {
    value.as_array().map_or(&[], Vec::as_slice)
}

/// The producer of a record id `p#3`.
fn producer_of(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(p, _)| p)
}

fn number_of(id: &str) -> u64 {
    id.rsplit_once('#')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(0)
}

/// The ids in a list of report entries, of one producer if given.
fn ids_of(entries: &Value, producer: Option<&str>) -> Vec<String> {
    list(entries)
        .iter()
        .filter_map(|e| e["id"].as_str())
        .filter(|id| producer.is_none_or(|p| producer_of(id) == p))
        .map(str::to_string)
        .collect()
}

fn out_of_order(report: &Value, producer: Option<&str>) -> GoalOutcome {
    for partition in list(&report["partitions"]) {
        let Some(leader) = partition["leader"].as_u64() else {
            continue;
        };
        let Some(log) = list(&partition["logs"])
            .iter()
            .find(|l| l["broker"] == leader)
        else {
            continue;
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut last: Vec<(&str, u64, u64)> = Vec::new();
        for record in list(&log["records"]) {
            let (Some(id), Some(offset)) = (record["id"].as_str(), record["offset"].as_u64())
            else {
                continue;
            };
            if seen.contains(&id) || producer.is_some_and(|p| producer_of(id) != p) {
                continue;
            }
            seen.push(id);
            let who = producer_of(id);
            let n = number_of(id);
            if let Some((before, _, at)) = last
                .iter()
                .find(|(b, m, _)| producer_of(b) == who && *m > n)
            {
                return met(format!(
                    "in {}-{}, {id} (sent earlier) is at offset {offset}, after {before} at offset {at}",
                    partition["topic"].as_str().unwrap_or("?"),
                    partition["partition"]
                ));
            }
            last.retain(|(b, _, _)| producer_of(b) != who);
            last.push((id, n, offset));
        }
    }
    unmet(format!(
        "every partition's leader log holds {} records in the order they were sent",
        producer.map_or("each producer's".to_string(), |p| format!(
            "{}'s",
            quoted(p)
        ))
    ))
}

fn writable_while_down(
    report: &Value,
    trace: &[Value],
    broker: u32,
    producer: &str,
) -> GoalOutcome {
    let mut downtimes: Vec<(u64, Option<u64>)> = Vec::new();
    for event in trace {
        let at = event["at_ms"].as_u64().unwrap_or(0);
        let kind = event["kind"].as_str().unwrap_or("");
        if event["broker"] != broker {
            continue;
        }
        match kind {
            "broker_crashed" | "broker_shut_down"
                if downtimes.last().is_none_or(|(_, end)| end.is_some()) =>
            {
                downtimes.push((at, None));
            }
            "broker_started" => {
                if let Some((_, end @ None)) = downtimes.last_mut() {
                    *end = Some(at);
                }
            }
            _ => {}
        }
    }
    if downtimes.is_empty() {
        return unmet(format!("broker {broker} was never down"));
    }
    let acked_at = |id: &str| {
        trace
            .iter()
            .find(|e| e["kind"] == "record_acked" && e["id"] == id)
            .and_then(|e| e["at_ms"].as_u64())
    };
    let mut sent = 0;
    for record in list(&report["produced"]) {
        let (Some(id), Some(at)) = (record["id"].as_str(), record["sent_at_ms"].as_u64()) else {
            continue;
        };
        if record["producer"] != producer {
            continue;
        }
        let Some((_, end)) = downtimes
            .iter()
            .find(|(start, end)| at >= *start && end.is_none_or(|e| at < e))
        else {
            continue;
        };
        sent += 1;
        let in_time = acked_at(id).is_some_and(|a| end.is_none_or(|e| a < e));
        if !in_time {
            let status = record["status"].as_str().unwrap_or("?");
            let error = record["error"]
                .as_str()
                .map_or(String::new(), |e| format!(" ({e})"));
            return unmet(format!(
                "{id}, sent at {at} ms while broker {broker} was down, was not acknowledged before it came back: {status}{error}"
            ));
        }
    }
    if sent == 0 {
        return unmet(format!(
            "{} sent no record while broker {broker} was down",
            quoted(producer)
        ));
    }
    met(format!(
        "all {sent} records {} sent while broker {broker} was down were acknowledged",
        quoted(producer)
    ))
}

fn consumed_twice(
    scenario: &Scenario,
    report: &Value,
    group: &str,
    record: Option<&str>,
) -> GoalOutcome {
    let members: Vec<&str> = scenario
        .spec
        .consumers
        .iter()
        .filter(|c| c.group == group)
        .map(|c| c.id.as_str())
        .collect();
    let mut counts: Vec<(&str, Vec<&str>)> = Vec::new();
    for consumer in list(&report["consumers"]) {
        let Some(id) = consumer["id"].as_str().filter(|id| members.contains(id)) else {
            continue;
        };
        for entry in list(&consumer["consumed"]) {
            let Some(record_id) = entry["id"].as_str() else {
                continue;
            };
            match counts.iter_mut().find(|(r, _)| *r == record_id) {
                Some((_, by)) => by.push(id),
                None => counts.push((record_id, vec![id])),
            }
        }
    }
    let twice = counts
        .iter()
        .find(|(r, by)| by.len() >= 2 && record.is_none_or(|x| x == *r));
    match twice {
        Some((r, by)) => met(format!(
            "group {} processed {r} {} times (by {})",
            quoted(group),
            by.len(),
            by.join(", ")
        )),
        None => unmet(format!(
            "group {} processed {} at most once",
            quoted(group),
            record.map_or("every record".to_string(), |r| r.to_string())
        )),
    }
}
