//! The scenario JSON format, version 1 (`kafka-playground/scenario@1`), as specified
//! in `shared/scenario-format.md`: [`parse`] validates a document into a
//! [`Scenario`] (a [`ClusterSpec`] plus a timed script of
//! [`Action`](crate::engine::action::Action)s), and
//! [`to_json`] writes a scenario back as canonical JSON, so that
//! `parse(to_json(s)) == s`.
//!
//! Validation collects every problem, one [`ScenarioError`] each, in document order.
//! An error's `path` is written like jq's: `script[3].broker`,
//! `topics[0].config."min.insync.replicas"` (keys that are not plain identifiers are
//! quoted as JSON strings; the whole document is `scenario`). Its message names what
//! was found and what is allowed. Malformed JSON gives one error with its line and
//! column.
//!
//! Choices the spec leaves open, made here:
//!
//! - A key given twice in one JSON object is malformed JSON (rather than the last
//!   one silently winning, which would hide a config typed twice).
//! - Every count and time is bounded so that no scenario can ask for unbounded work
//!   (constants in [`limits`]): at most 32 brokers; 64 topics (at time 0 and created
//!   by the script together) of at most 256 partitions each; 64 producers and 64
//!   consumers; 10000 script entries; 10000000 records produced by the whole script;
//!   latencies (`network.latency_ms`, `slow_broker.extra_latency_ms`) up to 60000;
//!   every time (`at_ms`, `run_until_ms`, `every_ms`, `poll_every_ms`, `start_at_ms`)
//!   up to 2678400000 (31 virtual days); offsets up to 2^63 - 1.
//! - `topics[].partitions` and `replication_factor` may be left out, as with
//!   `kafka-topics --create`: they then come from `replica_assignment` when it is
//!   given, else from the brokers' `num.partitions` and `default.replication.factor`
//!   (R-REPL-9). When both a count and an assignment are given they must agree.
//! - Topic names follow Kafka's rules (`[a-zA-Z0-9._-]`, 1 to 249 characters, not
//!   `.` or `..`); names starting with `__` are reserved for Kafka's internal topics,
//!   and two names that differ only in `.` versus `_` collide, as Kafka refuses them.
//! - Producer and consumer ids are 1 to 64 characters from `[a-zA-Z0-9._-]` (so that
//!   a record id `pa#3` reads one way), are unique across producers and consumers,
//!   and may be neither `controller` nor all digits, since network operations name
//!   brokers by number and the controller by that word. Group ids are non-empty, at
//!   most 249 characters.
//! - In network operations a broker is written as a JSON number; the string `"1"`
//!   is not a node name. `partition_network` needs at least two non-empty sides, and a
//!   node may be on one side only.
//! - `produce.count` is at least 1. An `alter_config` `config` object may be empty.
//!   A topic listed twice in `subscribe` is an error.
//! - `null` is not "absent": it is allowed only where the spec gives it a meaning
//!   (`produce.key`, `produce.value`, `consumers[].start_at_ms`).
//! - `run_until_ms` left out defaults to the last `at_ms` + 120000; when that default
//!   would pass one day it must be given.

mod catalog;
mod clients;
mod config;
pub(crate) mod error;
pub(crate) mod json;
pub mod limits;
mod names;
pub(crate) mod op;
mod parse;
pub(crate) mod path;
pub(crate) mod reader;
pub mod refs;
pub mod report;
pub mod run;
mod script;
mod topic;
pub(crate) mod write;

use crate::engine::action::TimedAction;
use crate::engine::spec::ClusterSpec;

pub use error::ScenarioError;
pub use parse::{parse, parse_value};
pub use write::to_json;

/// The value of `format` that this version reads and writes.
pub const FORMAT: &str = "kafka-playground/scenario@1";

/// A validated scenario: a cluster at time 0 and what happens to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub title: String,
    pub description: String,
    pub spec: ClusterSpec,
    /// In the order applied: by `at_ms`, entries with equal times as listed.
    pub script: Vec<TimedAction>,
    /// Where the run stops.
    pub run_until_ms: u64,
}

/// Test helper: the errors of an invalid scenario document, as `kplay` prints them
/// (without the `error: ` prefix).
#[cfg(test)]
pub(crate) fn errors_of(doc: serde_json::Value) -> Vec<String> {
    match parse_value(&doc) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// Test helper: a valid minimal document (`brokers: 3`) with `extra` keys merged in.
#[cfg(test)]
pub(crate) fn doc_with(extra: serde_json::Value) -> serde_json::Value {
    let mut doc = serde_json::json!({ "format": FORMAT, "brokers": 3 });
    if let (Some(doc), serde_json::Value::Object(extra)) = (doc.as_object_mut(), extra) {
        doc.extend(extra);
    }
    doc
}
