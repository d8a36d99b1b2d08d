//! Section E of `shared/scenarios.md`: producer mechanics. S25 (an injected
//! NOT_ENOUGH_REPLICAS for one batch) cannot be written as a scenario file; it is
//! tested against the producer client in `src/engine/client/producer/sender.rs`.

mod support;

use serde_json::json;
use support::{at_about, run};

#[test]
fn s24_the_idempotent_producer_deduplicates_a_retry_after_a_lost_response() {
    let r = run("S24-idempotent-dedup.json");
    let append = r.first("records_appended", &[("broker", json!(1))]);
    assert_eq!(
        append["ids"],
        json!(["p#0", "p#1", "p#2"]),
        "one batch of three records"
    );
    let timeout = r.first("request_failed", &[("producer", json!("p"))]);
    assert_eq!(timeout["error"], "REQUEST_TIMED_OUT");
    at_about(&timeout["at_ms"], 31000, "request.timeout.ms after 1000");
    let acked = r.first("record_acked", &[("id", json!("p#0"))]);
    at_about(&acked["at_ms"], 31100, "the resend is answered at once");
    assert_eq!(acked["offset"], 0, "success with the original base offset");
    assert_eq!(
        r.events("records_appended", &[("broker", json!(1))]).len(),
        1,
        "nothing appended again"
    );
    assert_eq!(r.log_ids("t", 0, 1), vec!["p#0", "p#1", "p#2"]);
}

#[test]
fn s24_without_idempotence_the_resend_duplicates_the_batch() {
    let r = run("S24-not-idempotent-duplicates.json");
    assert_eq!(
        r.log_ids("t", 0, 1),
        vec!["p#0", "p#1", "p#2", "p#0", "p#1", "p#2"]
    );
    assert_eq!(r.report["duplicates"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        r.produced("p#0")["offset"],
        3,
        "the producer learns the second copy's offset"
    );
}

#[test]
fn s24_deduplication_survives_a_failover() {
    let r = run("S24-dedup-after-failover.json");
    for b in [2, 3] {
        assert_eq!(
            r.log_ids("t", 0, b),
            vec!["p#0", "p#1", "p#2"],
            "broker {b} replicated the batch"
        );
    }
    assert_eq!(r.first("leader_elected", &[])["leader"], 2);
    let acked = r.first("record_acked", &[("id", json!("p#0"))]);
    assert_eq!(
        acked["offset"], 0,
        "the new leader rebuilt the producer state"
    );
    assert!(r
        .events(
            "records_appended",
            &[("broker", json!(2)), ("as_leader", json!(true))]
        )
        .is_empty());
    assert!(r.report["duplicates"].as_array().is_some_and(Vec::is_empty));
}
