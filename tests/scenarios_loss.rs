//! Section C of `shared/scenarios.md`: acknowledgements and data loss.

mod support;

use serde_json::json;
use support::{at_about, run};

#[test]
fn s12_acks_1_loses_a_record_on_a_clean_failover() {
    let r = run("S12-acks1-lost-on-clean-failover.json");
    let x = r.produced("p1#5");
    assert_eq!(
        (
            x["value"].as_str(),
            x["status"].as_str(),
            x["offset"].as_u64()
        ),
        (Some("x"), Some("acked"), Some(5))
    );
    // Broker 1 held x above its HW until it crashed: no consumer could have read it.
    assert!(r
        .events(
            "high_watermark_advanced",
            &[("broker", json!(1)), ("to", json!(6))]
        )
        .iter()
        .all(|e| e["at_ms"].as_u64() > Some(40000)));
    let elected = r.first("leader_elected", &[("previous_leader", json!(1))]);
    at_about(&elected["at_ms"], 29000, "F = 20000 + 9000");
    assert_eq!(
        (elected["leader"].as_u64(), elected["leader_epoch"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(elected["isr"], json!([2, 3]));
    let y = r.produced("p1#6");
    assert_eq!(
        (y["value"].as_str(), y["offset"].as_u64()),
        (Some("y"), Some(5)),
        "y takes offset 5 on broker 2"
    );
    let truncated = r.first("truncated", &[("broker", json!(1))]);
    assert_eq!(
        (
            truncated["from_offset"].as_u64(),
            truncated["to_offset"].as_u64()
        ),
        (Some(6), Some(5))
    );
    assert_eq!(truncated["reason"], "diverging epoch");
    for b in [1, 2, 3] {
        assert_eq!(
            r.log_ids("t", 0, b)[5],
            "p1#6",
            "broker {b} ends with y at offset 5"
        );
    }
    assert_eq!(r.lost_ids(), vec!["p1#5"]);
    let cause = r.report["lost"][0]["cause"].as_str().unwrap_or("");
    assert!(cause.starts_with("acked by broker 1 (acks=1)"), "{cause}");
    assert!(
        cause.contains("broker 2 became leader (clean election)"),
        "{cause}"
    );
    assert!(cause.contains("truncated on broker 1"), "{cause}");
}

#[test]
fn s12_acks_all_retries_onto_the_new_leader_without_loss_or_duplicate() {
    let r = run("S12-acks-all-survives.json");
    let a = r.produced("pa#5");
    assert_eq!(
        (a["status"].as_str(), a["offset"].as_u64()),
        (Some("acked"), Some(5))
    );
    assert_eq!(a["errors_seen"][0], "NETWORK_EXCEPTION");
    assert!(r.first("record_acked", &[("id", json!("pa#5"))])["at_ms"].as_u64() > Some(29000));
    assert!(r.lost_ids().is_empty());
    assert!(r.report["duplicates"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn s13_unclean_election_keeps_acks_all_through_a_retry_and_loses_acks_1() {
    let r = run("S13-unclean-election.json");
    let shrink = r.first("isr_changed", &[("to", json!([1, 2]))]);
    at_about(&shrink["at_ms"], 13000, "broker 3 fenced: F = 4000 + 9000");
    let b = r.produced("pb#0");
    assert_eq!(
        (b["status"].as_str(), b["offset"].as_u64()),
        (Some("acked"), Some(6))
    );
    // At 29000: broker 1 fenced → leader 2 (clean, epoch 1); broker 2 fenced →
    // the ISR stays [2], no leader, epoch 2.
    let elections: Vec<_> = r
        .events("leader_elected", &[])
        .into_iter()
        .cloned()
        .collect();
    let summary: Vec<(Option<u64>, u64, String)> = elections
        .iter()
        .map(|e| {
            (
                e["leader"].as_u64(),
                e["leader_epoch"].as_u64().unwrap_or(0),
                e["election"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (Some(2), 1, "clean".into()),
            (None, 2, "none".into()),
            (Some(3), 3, "unclean".into())
        ]
    );
    at_about(&elections[0]["at_ms"], 29000, "broker 1 fenced");
    at_about(&elections[1]["at_ms"], 29000, "broker 2 fenced");
    assert_eq!(
        elections[1]["isr"],
        json!([2]),
        "the last ISR member is kept (R-ELECT-3)"
    );
    at_about(
        &elections[2]["at_ms"],
        40000,
        "broker 3 unfenced after its restart",
    );
    assert_eq!(elections[2]["isr"], json!([3]));
    let a = r.produced("pa#5");
    assert_eq!(
        (a["status"].as_str(), a["offset"].as_u64()),
        (Some("acked"), Some(5))
    );
    assert!(a["errors_seen"]
        .as_array()
        .is_some_and(|e| e.iter().all(|x| x == "NETWORK_EXCEPTION")));
    assert_eq!(r.lost_ids(), vec!["pb#0"]);
    let cause = r.report["lost"][0]["cause"].as_str().unwrap_or("");
    assert!(cause.contains("broker 3 elected uncleanly"), "{cause}");
    // At 60000 broker 1 truncates from 7 to 5; broker 2 has nothing to truncate.
    let t = r.first("truncated", &[("broker", json!(1))]);
    assert_eq!(
        (t["from_offset"].as_u64(), t["to_offset"].as_u64()),
        (Some(7), Some(5))
    );
    assert!(r.events("truncated", &[("broker", json!(2))]).is_empty());
    let expected = vec!["pa#0", "pa#1", "pa#2", "pa#3", "pa#4", "pa#5"];
    for broker in [1, 2, 3] {
        assert_eq!(r.log_ids("t", 0, broker), expected, "broker {broker}");
    }
}

#[test]
fn s13_with_min_isr_2_the_retry_waits_for_a_second_replica() {
    let r = run("S13-min-isr-2.json");
    let a = r.produced("pa#5");
    assert_eq!(a["status"], "acked");
    assert!(a["errors_seen"]
        .as_array()
        .is_some_and(|e| e.iter().any(|x| x == "NOT_ENOUGH_REPLICAS")));
    let acked_at = r.first("record_acked", &[("id", json!("pa#5"))])["at_ms"]
        .as_u64()
        .unwrap_or(0);
    assert!(
        acked_at > 60000,
        "acknowledged only after a second replica rejoined (at {acked_at})"
    );
    assert_eq!(r.lost_ids(), vec!["pb#0"], "only the acks=1 record is lost");
}

#[test]
fn s15_default_configuration_goes_offline_and_loses_nothing() {
    let r = run("S15-jepsen-replay.json");
    at_about(
        &r.first("isr_changed", &[("to", json!([1]))])["at_ms"],
        45000,
        "ISR [1]",
    );
    let a = r.produced("p#5");
    assert_eq!(a["errors_seen"], json!(["REQUEST_TIMED_OUT"]));
    at_about(
        &r.first("record_acked", &[("id", json!("p#5"))])["at_ms"],
        45000,
        "a acknowledged",
    );
    for id in ["p#6", "p#7"] {
        at_about(
            &r.first("record_acked", &[("id", json!(id))])["at_ms"],
            50000,
            "acknowledged at once",
        );
    }
    let offline = r.first("leader_elected", &[("previous_leader", json!(1))]);
    at_about(&offline["at_ms"], 69000, "F = 60000 + 9000");
    assert_eq!(
        (offline["leader"].clone(), offline["isr"].clone()),
        (json!(null), json!([1]))
    );
    assert!(r.lost_ids().is_empty());
}

#[test]
fn s15_the_jepsen_configuration_loses_acknowledged_acks_all_records() {
    let r = run("S15-jepsen-unclean.json");
    let elected = r.first("leader_elected", &[("election", json!("unclean"))]);
    assert_eq!(
        (elected["leader"].as_u64(), elected["leader_epoch"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(elected["isr"], json!([2]));
    assert_eq!(r.log("t", 0, 2)["log_end_offset"], 5);
    assert_eq!(r.lost_ids(), vec!["p#5", "p#6", "p#7"]);
    for lost in r.report["lost"].as_array().into_iter().flatten() {
        assert!(lost["cause"].as_str().unwrap_or("").contains("(acks=all)"));
    }
}

#[test]
fn s15_min_isr_2_freezes_the_hw_and_nothing_acknowledged_is_lost() {
    let r = run("S15-min-isr-2.json");
    // From 45000 the HW is frozen: broker 1 never acknowledges a.
    assert!(r
        .events(
            "high_watermark_advanced",
            &[("broker", json!(1)), ("to", json!(6))]
        )
        .is_empty());
    for id in ["p#6", "p#7"] {
        assert_eq!(
            r.produced(id)["errors_seen"][0],
            "NOT_ENOUGH_REPLICAS",
            "{id}"
        );
    }
    for id in ["p#5", "p#6", "p#7"] {
        assert_eq!(
            r.produced(id)["status"],
            "acked",
            "{id} succeeds after the unclean election"
        );
        let broker = r.first("record_acked", &[("id", json!(id))])["at_ms"].as_u64();
        assert!(broker > Some(69000));
    }
    assert!(r.lost_ids().is_empty());
}

#[test]
fn s17_below_min_isr_the_hw_freezes_and_the_producer_times_out() {
    let r = run("S17-timeout-not-after-append.json");
    let a = r.first(
        "records_appended",
        &[("broker", json!(1)), ("ids", json!(["p#0"]))],
    );
    assert_eq!(a["base_offset"], 5, "appended while the ISR had 3 members");
    let shrink = r.first("isr_changed", &[("to", json!([1]))]);
    // The last caught-up fetch landed within (9500, 10000], so the 20000 check
    // finds it just over replica.lag.time.max.ms.
    at_about(&shrink["at_ms"], 20000, "shrink at the 20000 check");
    let produced = r.produced("p#0");
    assert_eq!(
        (produced["status"].as_str(), produced["error"].as_str()),
        (Some("failed"), Some("REQUEST_TIMED_OUT"))
    );
    at_about(
        &r.first("record_failed", &[("id", json!("p#0"))])["at_ms"],
        42000,
        "timeout",
    );
    assert!(r
        .events(
            "high_watermark_advanced",
            &[("broker", json!(1)), ("to", json!(6))]
        )
        .iter()
        .all(|e| e["at_ms"].as_u64() > Some(60000)));
    let c = r.produced("p#1");
    assert_eq!(c["error"], "NOT_ENOUGH_REPLICAS");
    assert!(
        !r.log_ids("t", 0, 1).contains(&"p#1".to_string()),
        "rejected without an append"
    );
    // After the heal the followers rejoin and `a` becomes visible although its
    // producer saw a failure.
    let hw6 = r.first(
        "high_watermark_advanced",
        &[("broker", json!(1)), ("to", json!(6))],
    );
    assert!(hw6["at_ms"].as_u64() > Some(60000));
    assert_eq!(r.log("t", 0, 1)["high_watermark"], 6);
}

#[test]
fn s18_a_zombie_leader_acks_acks_1_writes_that_are_lost() {
    let r = run("S18-zombie-leader.json");
    let elected = r.first("leader_elected", &[("previous_leader", json!(1))]);
    at_about(&elected["at_ms"], 19000, "F = 10000 + 9000");
    assert_eq!(
        (elected["leader"].as_u64(), elected["leader_epoch"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(r.produced("pb#0")["status"], "acked");
    at_about(
        &r.first("record_acked", &[("id", json!("pb#0"))])["at_ms"],
        12000,
        "the zombie acknowledges b",
    );
    // The zombie's shrink at 45000 never commits: proposed, never changed.
    let proposed = r.first("isr_change_proposed", &[("leader", json!(1))]);
    at_about(&proposed["at_ms"], 45000, "zombie ISR shrink");
    assert!(r.events("isr_changed", &[("to", json!([1]))]).is_empty());
    assert!(
        r.events(
            "high_watermark_advanced",
            &[("broker", json!(1)), ("to", json!(6))]
        )
        .iter()
        .all(|e| e["at_ms"].as_u64() > Some(60000)),
        "the zombie's HW stays 5 while cut off"
    );
    // At 60000 the zombie learns epoch 1 and truncates to 5.
    let t = r.first("truncated", &[("broker", json!(1))]);
    assert!(t["at_ms"].as_u64() > Some(60000));
    assert_eq!(t["to_offset"], 5);
    assert_eq!(r.lost_ids(), vec!["pb#0"]);
    let a = r.produced("pa#5");
    assert_eq!(
        (a["status"].as_str(), a["offset"].as_u64()),
        (Some("acked"), Some(5))
    );
    assert_eq!(r.log_ids("t", 0, 2)[5], "pa#5", "a was re-sent to broker 2");
}
