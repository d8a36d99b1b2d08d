//! Running a validated scenario: build the cluster, schedule the script, run to
//! `run_until_ms`, and write the report (with the trace when asked).

use serde_json::Value;

use super::report::report;
use super::Scenario;
use crate::engine::Cluster;

/// Builds the cluster of `scenario` with its script scheduled, at time 0.
pub fn start(scenario: &Scenario, trace: bool) -> Cluster {
    let mut cluster = Cluster::new(&scenario.spec, trace);
    for entry in &scenario.script {
        cluster.schedule_action(entry.at_ms, entry.action.clone());
    }
    cluster
}

/// Runs `scenario` and returns its report (`kafka-playground/report@1`), with
/// every engine event under `trace` when `trace` is set.
pub fn run_to_json(scenario: &Scenario, trace: bool) -> Value {
    let mut cluster = start(scenario, trace);
    let mut events = Vec::new();
    while cluster
        .next_event_ms()
        .is_some_and(|t| t <= scenario.run_until_ms)
    {
        cluster.step();
        if trace {
            events.extend(cluster.take_events());
        }
    }
    cluster.run_until(scenario.run_until_ms);
    let mut out = report(&cluster);
    if trace {
        events.extend(cluster.take_events());
        let names = cluster.names();
        let trace: Vec<Value> = events.iter().map(|e| e.to_json(names)).collect();
        if let Value::Object(map) = &mut out {
            map.insert("trace".into(), Value::Array(trace));
        }
    }
    out
}
