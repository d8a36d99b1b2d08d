//! Delivery semantics of consumer groups (R-COMMIT-3): with auto-commit (or a
//! commit after processing) a crash makes the successor process again exactly
//! what was consumed since the last commit, and skips nothing (at-least-once);
//! committing before processing skips what was in progress (at-most-once).

mod support;

use serde_json::json;
use support::run;

fn c(id: &str) -> (&'static str, serde_json::Value) {
    ("consumer", json!(id))
}

/// Offsets consumed by both c1 and c2, and offsets below the HW consumed by neither.
fn repeated_and_skipped(r: &support::Run, hw: u64) -> (Vec<u64>, Vec<u64>) {
    let c1 = r.consumed_offsets("c1", "t", 0);
    let c2 = r.consumed_offsets("c2", "t", 0);
    let repeated = c1.iter().copied().filter(|o| c2.contains(o)).collect();
    let skipped = (0..hw)
        .filter(|o| !c1.contains(o) && !c2.contains(o))
        .collect();
    (repeated, skipped)
}

#[test]
fn auto_commit_and_a_crash_repeat_exactly_what_followed_the_last_commit() {
    let r = run("delivery-at-least-once-auto-commit.json");
    let commits = r.events("offset_committed", &[c("c1")]);
    assert_eq!(commits.len(), 1, "one auto-commit, inside the poll at 8000");
    assert_eq!(
        (commits[0]["at_ms"].clone(), commits[0]["offset"].clone()),
        (json!(8000), json!(10))
    );
    assert_eq!(
        r.consumed_offsets("c1", "t", 0),
        (0..20).collect::<Vec<_>>()
    );
    let removed = r.first("member_removed", &[c("c1")]);
    assert_eq!(
        removed["at_ms"], 19000,
        "last heartbeat 9000 + session.timeout.ms 10000"
    );
    let (repeated, skipped) = repeated_and_skipped(&r, 20);
    assert_eq!(
        repeated,
        (10..20).collect::<Vec<_>>(),
        "10..19 processed twice"
    );
    assert!(skipped.is_empty(), "nothing skipped");
}

#[test]
fn committing_after_processing_repeats_the_batch_a_crash_interrupted() {
    let r = run("delivery-at-least-once-commit-after.json");
    assert!(
        r.events("offset_committed", &[c("c1")]).is_empty(),
        "killed at 4000, before processing ended at 5000"
    );
    let (repeated, skipped) = repeated_and_skipped(&r, 10);
    assert_eq!(repeated, (0..10).collect::<Vec<_>>());
    assert!(skipped.is_empty());
}

#[test]
fn committing_before_processing_skips_the_batch_a_crash_interrupted() {
    let r = run("delivery-at-most-once-commit-first.json");
    let commit = r.first("offset_committed", &[c("c1")]);
    assert_eq!(
        (commit["at_ms"].clone(), commit["offset"].clone()),
        (json!(3001), json!(10))
    );
    let handed = r.first("records_consumed", &[c("c1")]);
    assert_eq!(handed["at_ms"], 3000);
    assert_eq!(handed["offsets"], json!([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    assert_eq!(
        r.first("consumer_killed", &[c("c1")])["at_ms"],
        4000,
        "mid-processing (until 5000)"
    );
    assert_eq!(r.first("partitions_assigned", &[c("c2")])["at_ms"], 13000);
    assert!(
        r.consumed_offsets("c2", "t", 0).is_empty(),
        "c2 starts at 10"
    );
    // c1 was handed 0..9 but died processing them; nobody processes them again.
    let (repeated, _) = repeated_and_skipped(&r, 10);
    assert!(repeated.is_empty());
    assert_eq!(
        r.consumer("c2")["positions"],
        json!([{"topic": "t", "partition": 0, "offset": 10}])
    );
}
