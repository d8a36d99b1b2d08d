//! Reading positions (R-READ-4..6): truncation detection after an unclean
//! leader change (KIP-320), and lag as `kafka-consumer-groups` and the
//! consumer's `records-lag` report it.

mod support;

use serde_json::json;
use support::run;

fn c(id: &str) -> (&'static str, serde_json::Value) {
    ("consumer", json!(id))
}

#[test]
fn after_an_unclean_election_the_consumer_seeks_to_the_divergence_point_not_to_latest() {
    let r = run("R-READ-5-truncation-detected.json");
    let first = r.first("records_consumed", &[c("c")]);
    assert_eq!(
        first["offsets"],
        json!([0, 1, 2, 3, 4, 5, 6, 7]),
        "read from broker 1"
    );
    let elected = r.first(
        "leader_elected",
        &[("topic", json!("t")), ("election", json!("unclean"))],
    );
    assert_eq!(
        (elected["at_ms"].clone(), elected["leader"].clone()),
        (json!(25000), json!(2))
    );
    // Broker 2's epoch 0 ends at 3: the position 8 is beyond it.
    let reset = r.first(
        "offset_reset",
        &[c("c"), ("reason", json!("log_truncation"))],
    );
    assert_eq!(
        (reset["at_ms"].clone(), reset["offset"].clone()),
        (json!(25000), json!(3))
    );
    let after = r.events("records_consumed", &[c("c")]);
    assert_eq!(after.len(), 2);
    assert_eq!(after[1]["offsets"], json!([3, 4]));
    assert_eq!(
        after[1]["ids"],
        json!(["q#0", "q#1"]),
        "the new leader's records at 3 and 4"
    );
    assert_eq!(r.consumer("c")["errors_seen"], json!([]));
}

#[test]
fn without_a_reset_policy_the_truncation_is_thrown_to_the_application() {
    let r = run("R-READ-5-truncation-none.json");
    let errors = r.events("consumer_error", &[c("c")]);
    let names: Vec<_> = errors
        .iter()
        .map(|e| (e["at_ms"].clone(), e["error"].clone()))
        .collect();
    assert_eq!(
        names,
        vec![
            (json!(12100), json!("NO_OFFSET_FOR_PARTITION")),
            (json!(25000), json!("LOG_TRUNCATION")),
        ]
    );
    assert_eq!(
        r.consumed_offsets("c", "t", 0),
        (0..8).collect::<Vec<_>>(),
        "nothing after the truncation"
    );
    assert_eq!(r.consumer("c")["positions"], json!([]), "waits for a seek");
}

#[test]
fn group_lag_is_hw_minus_committed_and_records_lag_is_hw_minus_position() {
    let r = run("R-READ-6-lag.json");
    assert_eq!(r.committed("g", "t", 0), Some(10));
    assert_eq!(
        r.group("g")["lag"],
        json!([{"topic": "t", "partition": 0, "lag": 5}])
    );
    let consumer = r.consumer("c");
    assert_eq!(
        consumer["positions"],
        json!([{"topic": "t", "partition": 0, "offset": 15}])
    );
    assert_eq!(
        consumer["records_lag"],
        json!([{"topic": "t", "partition": 0, "lag": 0}])
    );
}
