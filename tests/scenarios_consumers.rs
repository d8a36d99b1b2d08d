//! Section F of `shared/scenarios.md`: consumer groups and offsets (S30, S31).
//! The scenario files set `latency_ms` 0 so that times are exactly those of the
//! text.

mod support;

use serde_json::json;
use support::{run, Run};

fn c(id: &str) -> (&'static str, serde_json::Value) {
    ("consumer", json!(id))
}

/// The common start of S30: the join completes at 3000 after the initial
/// delay, and the poll at 3000 returns 0..9 to c1 (position 10).
fn c1_reads_everything_at_3000(r: &Run) {
    let delayed = r.first("group_join_delayed", &[("group", json!("g"))]);
    assert_eq!(delayed["at_ms"], 0);
    assert_eq!(delayed["check_at_ms"], 3000);
    let gen1 = r.first("group_rebalanced", &[("generation", json!(1))]);
    assert_eq!(gen1["at_ms"], 3000);
    assert_eq!(gen1["members"], json!(["c1"]));
    let read = r.first("records_consumed", &[c("c1")]);
    assert_eq!(read["at_ms"], 3000);
    assert_eq!(read["offsets"], json!([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    assert_eq!(
        r.consumed_offsets("c1", "t", 0),
        (0..10).collect::<Vec<_>>()
    );
}

/// c2 is assigned t-0 at `at_ms` in generation `generation`.
fn c2_assigned_at(r: &Run, at_ms: u64, generation: i64) {
    let assigned = r.first("partitions_assigned", &[c("c2")]);
    assert_eq!(assigned["at_ms"], at_ms, "c2 assigned at {at_ms}");
    assert_eq!(assigned["generation"], generation);
    assert_eq!(assigned["assignment"], json!(["t-0"]));
}

#[test]
fn s30a_close_commits_10_and_leaves_so_c2_starts_at_10_after_the_delay() {
    let r = run("S30-A-close-commits.json");
    c1_reads_everything_at_3000(&r);
    let commit = r.first("offset_committed", &[c("c1")]);
    assert_eq!(
        (commit["at_ms"].clone(), commit["offset"].clone()),
        (json!(4000), json!(10))
    );
    let left = r.first("member_removed", &[c("c1")]);
    assert_eq!(
        (left["at_ms"].clone(), left["reason"].clone()),
        (json!(4000), json!("left"))
    );
    let empty = r.first("group_state_changed", &[("to", json!("Empty"))]);
    assert_eq!(
        (empty["at_ms"].clone(), empty["generation"].clone()),
        (json!(4000), json!(2))
    );
    c2_assigned_at(&r, 13000, 3);
    assert!(
        r.consumed_offsets("c2", "t", 0).is_empty(),
        "c2 starts at 10"
    );
    assert_eq!(
        r.consumer("c2")["positions"],
        json!([{"topic": "t", "partition": 0, "offset": 10}])
    );
    assert_eq!(r.consumer("c1")["state"], "stopped");
}

#[test]
fn s30b_a_killed_consumer_commits_nothing_and_is_removed_at_48000() {
    let r = run("S30-B-killed-commits-nothing.json");
    c1_reads_everything_at_3000(&r);
    assert!(
        r.events("offset_committed", &[c("c1")]).is_empty(),
        "nothing committed"
    );
    assert_eq!(r.first("member_joined", &[c("c2")])["at_ms"], 10000);
    let removed = r.first("member_removed", &[c("c1")]);
    assert_eq!(removed["at_ms"], 48000, "session expiry 3000 + 45000");
    assert_eq!(removed["reason"], "session_timeout");
    c2_assigned_at(&r, 48000, 2);
    let reset = r.first("offset_reset", &[c("c2")]);
    assert_eq!(
        (reset["offset"].clone(), reset["reason"].clone()),
        (json!(0), json!("no_committed_offset"))
    );
    assert_eq!(
        r.consumed_offsets("c2", "t", 0),
        (0..10).collect::<Vec<_>>(),
        "0..9 processed again"
    );
    assert_eq!(r.consumer("c1")["state"], "killed");
}

#[test]
fn s30b_under_latest_the_successor_starts_at_10() {
    let r = run("S30-B-killed-latest.json");
    c2_assigned_at(&r, 48000, 2);
    assert_eq!(r.first("offset_reset", &[c("c2")])["offset"], 10);
    assert!(r.consumed_offsets("c2", "t", 0).is_empty());
}

#[test]
fn s30c_close_without_auto_commit_commits_nothing_but_leaves() {
    let r = run("S30-C-close-without-commit.json");
    c1_reads_everything_at_3000(&r);
    assert!(r.events("offset_committed", &[c("c1")]).is_empty());
    assert_eq!(r.first("member_removed", &[c("c1")])["at_ms"], 4000);
    c2_assigned_at(&r, 13000, 3);
    let reset = r.first("offset_reset", &[c("c2")]);
    assert_eq!(
        (reset["at_ms"].clone(), reset["offset"].clone()),
        (json!(13000), json!(0))
    );
    assert_eq!(
        r.consumed_offsets("c2", "t", 0),
        (0..10).collect::<Vec<_>>()
    );
}

#[test]
fn s30d_commit_sync_then_close_commits_10() {
    let r = run("S30-D-commit-sync-then-close.json");
    c1_reads_everything_at_3000(&r);
    let commit = r.first("offset_committed", &[c("c1")]);
    assert_eq!(
        (commit["at_ms"].clone(), commit["offset"].clone()),
        (json!(4000), json!(10))
    );
    c2_assigned_at(&r, 13000, 3);
    assert!(
        r.events("offset_reset", &[c("c2")]).is_empty(),
        "c2 starts at the commit"
    );
    assert!(r.consumed_offsets("c2", "t", 0).is_empty());
}

#[test]
fn s30e_committing_the_last_processed_offset_processes_record_9_twice() {
    let r = run("S30-E-commit-last-processed.json");
    c1_reads_everything_at_3000(&r);
    assert_eq!(r.first("offset_committed", &[c("c1")])["offset"], 9);
    c2_assigned_at(&r, 13000, 3);
    assert_eq!(r.consumed_offsets("c2", "t", 0), vec![9], "record 9 twice");
    let twice: Vec<_> = ["c1", "c2"]
        .iter()
        .flat_map(|id| r.consumed_offsets(id, "t", 0))
        .filter(|o| *o == 9)
        .collect();
    assert_eq!(twice.len(), 2);
}

#[test]
fn s31_a_poll_loop_slower_than_max_poll_interval_leaves_the_group() {
    let r = run("S31-max-poll-interval.json");
    let gen1 = r.first("group_rebalanced", &[("generation", json!(1))]);
    assert_eq!(gen1["members"], json!(["c1", "c2"]));
    let polled = r.first("records_consumed", &[c("c1")]);
    assert_eq!(
        (polled["at_ms"].clone(), polled["offsets"].clone()),
        (json!(10000), json!([0, 1, 2]))
    );
    // 1. At 10000 + 300000 the heartbeat thread sends LeaveGroup.
    let left = r.first("left_group", &[c("c1")]);
    assert_eq!(
        (left["at_ms"].clone(), left["reason"].clone()),
        (json!(310000), json!("max.poll.interval.ms"))
    );
    // 2. Generation 2 gives c2 both partitions; c2 reprocesses c1's batch.
    let gen2 = r.first("group_rebalanced", &[("generation", json!(2))]);
    assert_eq!(gen2["members"], json!(["c2"]));
    let at = gen2["at_ms"].as_u64().unwrap_or(0);
    assert!(
        (310000..=313000).contains(&at),
        "c2 rejoins after its next heartbeat, at {at}"
    );
    let c2_gen2 = r.first("partitions_assigned", &[c("c2"), ("generation", json!(2))]);
    assert_eq!(c2_gen2["assignment"], json!(["t-0", "t-1"]));
    assert_eq!(
        r.consumed_offsets("c2", "t", 0),
        vec![0, 1, 2],
        "the in-progress batch again"
    );
    // 3. At 320000 c1's commitSync() fails.
    let failed = r.first("consumer_error", &[c("c1")]);
    assert_eq!(
        (failed["at_ms"].clone(), failed["error"].clone()),
        (json!(320000), json!("COMMIT_FAILED"))
    );
    assert_eq!(r.consumer("c1")["errors_seen"], json!(["COMMIT_FAILED"]));
    // 4. c1's next poll rejoins; generation 3 splits the partitions again.
    assert_eq!(
        r.first("member_joined", &[("member", json!("c1-2"))])["at_ms"],
        320000
    );
    let gen3 = r.first("group_rebalanced", &[("generation", json!(3))]);
    assert_eq!(gen3["members"], json!(["c1", "c2"]));
    assert_eq!(
        r.assignment("g"),
        vec![
            ("c1".to_string(), vec!["t-0".to_string()]),
            ("c2".to_string(), vec!["t-1".to_string()])
        ]
    );
}
