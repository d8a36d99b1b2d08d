//! Test helpers for the views: clusters from scenario text, and server-side
//! rendering of a view's markup to a string.

use yew::{function_component, Html, LocalServerRenderer, Properties};

use crate::engine::Cluster;
use crate::scenario;

/// The cluster of a scenario document, run to `until_ms`.
pub fn cluster_at(scenario_json: &str, until_ms: u64) -> Cluster {
    let scenario = scenario::parse(scenario_json).expect("a valid test scenario");
    let mut cluster = scenario::run::start(&scenario, false);
    cluster.run_until(until_ms);
    cluster
}

/// One topic `t` on brokers 1..=3, replicated to all three, producer `p` (acks=all).
pub const THREE_BROKERS: &str = r#"{
  "format": "kafka-playground/scenario@1",
  "brokers": 3,
  "topics": [{ "name": "t", "partitions": 1, "replication_factor": 3, "replica_assignment": [[1, 2, 3]] }],
  "producers": [{ "id": "p", "config": { "acks": "all" } }],
  "script": [
    { "at_ms": 100, "op": "produce", "producer": "p", "topic": "t", "count": 3, "every_ms": 10 },
    { "at_ms": 2000, "op": "crash_broker", "broker": 3 },
    { "at_ms": 2100, "op": "produce", "producer": "p", "topic": "t", "value": "late" }
  ],
  "run_until_ms": 60000
}"#;

/// One partition on one broker, and a producer sending 10 records a second.
pub const STEADY: &str = r#"{
  "format": "kafka-playground/scenario@1",
  "brokers": 1,
  "topics": [{ "name": "t", "partitions": 1, "replication_factor": 1 }],
  "producers": [{ "id": "p", "config": { "acks": "1" } }],
  "script": [
    { "at_ms": 0, "op": "produce", "producer": "p", "topic": "t", "count": 100000, "every_ms": 100 }
  ],
  "run_until_ms": 60000
}"#;

#[derive(Properties, PartialEq)]
struct ShowProps {
    html: Html,
}

#[function_component]
fn Show(props: &ShowProps) -> Html {
    props.html.clone()
}

/// The markup of `html`, as the server renderer writes it.
pub fn markup(html: Html) -> String {
    futures::executor::block_on(
        LocalServerRenderer::<Show>::with_props(ShowProps { html })
            .hydratable(false)
            .render(),
    )
}
