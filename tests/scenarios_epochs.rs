//! Section D of `shared/scenarios.md`: leader epochs and truncation. S19 and S20
//! contrast the LEGACY (truncate to the HW, before 0.11) and ZooKeeper modes with
//! epoch mode; only the 3.9 KRaft baseline is built, so they are not expressible
//! yet. S21's 2.0+ (KIP-279) outcome is the baseline's.

mod support;

use serde_json::json;
use support::run;

#[test]
fn s21_the_floor_epoch_answer_truncates_to_the_right_offset() {
    let r = run("S21-kip279-fast-double-failover.json");
    // Epoch 1 on broker 2; epoch 2 on broker 3, which never saw epoch 1.
    let elections: Vec<(u64, u64)> = r
        .events("leader_elected", &[])
        .iter()
        .map(|e| {
            (
                e["leader"].as_u64().unwrap_or(0),
                e["leader_epoch"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(elections, vec![(2, 1), (3, 2)]);
    assert!(r
        .events(
            "became_follower",
            &[("broker", json!(3)), ("leader_epoch", json!(1))]
        )
        .is_empty());
    assert_eq!(
        r.log("t", 0, 3)["leader_epochs"],
        json!([[0, 0], [2, 3]]),
        "broker 3's cache"
    );
    // Broker 2 held n1 and n2 in epoch 1 and truncates to 1 (min(1, 3)).
    let t = r.first("truncated", &[("broker", json!(2))]);
    assert_eq!(
        (t["from_offset"].as_u64(), t["to_offset"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(t["removed"], json!(["p#3", "p#4"]));
    for broker in [1, 2, 3] {
        let values: Vec<String> = r.log("t", 0, broker)["records"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|x| x["value"].as_str().unwrap_or("").to_string())
            .collect();
        assert_eq!(
            values,
            vec!["m0", "m1", "m2", "x"],
            "broker {broker}: the logs are consistent"
        );
    }
    assert_eq!(r.produced("q#0")["offset"], 3, "x is written at 3");
    for id in ["p#1", "p#2"] {
        assert_eq!(
            r.produced(id)["error"],
            "NOT_LEADER_OR_FOLLOWER",
            "{id} was never acknowledged"
        );
    }
}
