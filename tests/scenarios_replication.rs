//! Section B of `shared/scenarios.md`: replication, the high watermark and the ISR.
//! Times in the text are idealised; the simulation adds `latency_ms` (1 ms) per
//! hop, so timing assertions allow a few milliseconds (see `support::at_about`).

mod support;

use serde_json::json;
use support::{at_about, run};

#[test]
fn s06_hw_advances_after_the_second_fetch_round_and_followers_learn_it_a_fetch_later() {
    let r = run("S06-hw-and-follower-lag.json");
    let append = r.first("records_appended", &[("broker", json!(1))]);
    at_about(&append["at_ms"], 1000, "leader append");
    assert_eq!(append["base_offset"], 0);
    // Round 1 copies the record to both followers.
    for b in [2, 3] {
        let copy = r.first("records_appended", &[("broker", json!(b))]);
        assert!(
            copy["at_ms"].as_u64() > append["at_ms"].as_u64(),
            "broker {b} copies after the append"
        );
    }
    // Round 2: the leader's HW becomes 1 only after both followers fetched again.
    let hw = r.first("high_watermark_advanced", &[("broker", json!(1))]);
    assert_eq!((hw["from"].as_u64(), hw["to"].as_u64()), (Some(0), Some(1)));
    let round_two: Vec<u64> = r
        .events(
            "message_delivered",
            &[("api", json!("Fetch")), ("to", json!(1))],
        )
        .iter()
        .filter_map(|e| e["at_ms"].as_u64())
        .filter(|&t| t > 1001 && t <= hw["at_ms"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(
        round_two.len(),
        2,
        "both followers' second fetches precede the HW advance"
    );
    let acked = r.first("record_acked", &[("id", json!("p#0"))]);
    assert_eq!(acked["offset"], 0);
    assert!(
        acked["at_ms"].as_u64() > hw["at_ms"].as_u64(),
        "acks=all completes when the HW passes the record"
    );
    // Round 3 is an idle fetch parked up to replica.fetch.wait.max.ms: the
    // followers keep HW 0 for about half a second while the leader has HW 1.
    for b in [2, 3] {
        let learned = r.first("high_watermark_advanced", &[("broker", json!(b))]);
        let lag = learned["at_ms"].as_u64().unwrap_or(0) - hw["at_ms"].as_u64().unwrap_or(0);
        assert!(
            (495..=510).contains(&lag),
            "broker {b} learned HW 1 {lag} ms after the leader"
        );
        assert_eq!(learned["to"], 1);
    }
}

#[test]
fn s06_the_new_leader_keeps_the_record_its_hw_had_not_reached() {
    let r = run("S06-leader-dies-between-rounds.json");
    let elected = r.first("leader_elected", &[("leader", json!(2))]);
    assert_eq!(elected["leader_epoch"], 1);
    assert_eq!(r.log_ids("t", 0, 2), vec!["p#0"]);
    assert!(
        r.lost_ids().is_empty(),
        "nothing is lost under epoch-based truncation"
    );
}

#[test]
fn s07_the_idempotent_retry_is_deduplicated_and_answered_when_the_isr_shrinks() {
    let r = run("S07-follower-cut-off-idempotent.json");
    let a = r.first(
        "records_appended",
        &[("broker", json!(1)), ("ids", json!(["p#5"]))],
    );
    assert_eq!(a["base_offset"], 5);
    let timeout = r.first("request_failed", &[("ids", json!(["p#5"]))]);
    assert_eq!(timeout["error"], "REQUEST_TIMED_OUT");
    at_about(&timeout["at_ms"], 42000, "request.timeout.ms after 12000");
    // No shrink at the 15000 and 30000 checks; at 45000 the ISR becomes [1].
    let shrink = r.first("isr_changed", &[("to", json!([1]))]);
    at_about(&shrink["at_ms"], 45000, "ISR shrink");
    let acked = r.first("record_acked", &[("id", json!("p#5"))]);
    at_about(&acked["at_ms"], 45000, "acknowledgement after the shrink");
    assert_eq!(acked["offset"], 5);
    assert_eq!(
        r.log_ids("t", 0, 1)
            .iter()
            .filter(|id| *id == "p#5")
            .count(),
        1,
        "one copy of a"
    );
    assert!(r.report["duplicates"].as_array().is_some_and(Vec::is_empty));
    // After the heal broker 2 catches up and rejoins the ISR (R-REPL-4). A request
    // lost in the cut is noticed only at replica.socket.timeout.ms, so this takes
    // up to 31 s in the simulation.
    let rejoin = r.first("isr_changed", &[("to", json!([1, 2]))]);
    let at = rejoin["at_ms"].as_u64().unwrap_or(0);
    assert!((60000..=91000).contains(&at), "rejoined at {at}");
    assert_eq!(r.partition("t", 0)["isr"], json!([1, 2]));
}

#[test]
fn s07_without_idempotence_the_retry_appends_a_duplicate_and_consumers_read_it_twice() {
    let r = run("S07-follower-cut-off-not-idempotent.json");
    let retry = r.events(
        "records_appended",
        &[("broker", json!(1)), ("ids", json!(["p#5"]))],
    );
    assert_eq!(retry.len(), 2);
    at_about(&retry[1]["at_ms"], 42100, "the retry is appended");
    assert_eq!(retry[1]["base_offset"], 6);
    assert_eq!(
        r.report["duplicates"],
        json!([{"id": "p#5", "topic": "t", "partition": 0, "offsets": [5, 6]}])
    );
    let log = r.log("t", 0, 1);
    assert_eq!(log["high_watermark"], 7, "both copies are committed");
}

#[test]
fn s08_a_crashed_follower_leaves_the_isr_when_fenced_not_by_lag() {
    let r = run("S08-crashed-follower-fenced.json");
    let fenced = r.first("broker_fenced", &[("broker", json!(3))]);
    at_about(&fenced["at_ms"], 19000, "F = 10000 + 9000");
    let isr = r.first("isr_changed", &[("to", json!([1, 2]))]);
    assert_eq!(isr["cause"], "broker fenced");
    assert_eq!(isr["partition_epoch"], 1);
    assert!(
        r.events("leader_elected", &[]).is_empty(),
        "the leader epoch is unchanged"
    );
    let acked = r.first("record_acked", &[("id", json!("p#5"))]);
    at_about(&acked["at_ms"], 19000, "acknowledged at the fence");
    assert_eq!(acked["offset"], 5);
    // Until then the HW stayed 5: no acknowledgement before the fence.
    assert!(acked["at_ms"].as_u64() >= fenced["at_ms"].as_u64());
    assert_eq!(r.partition("t", 0)["leader_epoch"], 0);
}

#[test]
fn s10_the_first_live_isr_replica_in_assignment_order_leads() {
    let r = run("S10-election-in-assignment-order.json");
    let elected = r.first("leader_elected", &[("previous_leader", json!(3))]);
    at_about(&elected["at_ms"], 19000, "F = 10000 + 9000");
    assert_eq!(elected["leader"], 1, "first of [3,1,2] live and in the ISR");
    assert_eq!(elected["leader_epoch"], 1);
    assert_eq!(elected["isr"], json!([1, 2]));
    // Producers get NETWORK_EXCEPTION and retry until the new leader is known.
    let during = r.produced("p#5");
    assert_eq!(during["status"], "acked");
    assert!(during["errors_seen"]
        .as_array()
        .is_some_and(|e| !e.is_empty() && e.iter().all(|x| x == "NETWORK_EXCEPTION")));
    // Broker 3 rejoins as a follower; at the preferred-leader check it leads again.
    let rejoin = r.first("isr_changed", &[("to", json!([1, 2, 3]))]);
    assert!(rejoin["at_ms"].as_u64() > Some(40000));
    let preferred = r.first("leader_elected", &[("election", json!("preferred"))]);
    at_about(
        &preferred["at_ms"],
        300000,
        "leader.imbalance.check.interval.seconds",
    );
    assert_eq!(
        (
            preferred["leader"].as_u64(),
            preferred["leader_epoch"].as_u64()
        ),
        (Some(3), Some(2))
    );
}

#[test]
fn s10_with_broker_1_out_of_the_isr_broker_2_leads() {
    let r = run("S10-variation-b1-out-of-isr.json");
    assert_eq!(
        r.first("isr_changed", &[("to", json!([3, 2]))])["cause"],
        "AlterPartition"
    );
    let elected = r.first("leader_elected", &[("previous_leader", json!(3))]);
    assert_eq!(elected["leader"], 2);
}
