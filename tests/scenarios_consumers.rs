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

fn names(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn s27_the_first_join_waits_for_the_initial_delay_then_range_assigns() {
    let r = run("S27-initial-delay-and-range.json");
    // 1. c1's join: PreparingRebalance with the check due at 3000.
    let delays = r.events("group_join_delayed", &[("group", json!("g"))]);
    let checks: Vec<(u64, u64)> = delays
        .iter()
        .map(|e| {
            (
                e["at_ms"].as_u64().unwrap_or(0),
                e["check_at_ms"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    // 2. c2 arrived before 3000, so 6000; c3 before 6000, so 9000.
    assert_eq!(checks, vec![(0, 3000), (3000, 6000), (6000, 9000)]);
    // 3. Generation 1 at 9000, leader c1, protocol range.
    let gen1 = r.first("group_rebalanced", &[("generation", json!(1))]);
    assert_eq!(gen1["at_ms"], 9000);
    assert_eq!(gen1["leader"], "c1-1");
    assert_eq!(gen1["protocol"], "range");
    // 4. Two partitions each.
    for (consumer, expected) in [
        ("c1", ["t-0", "t-1"]),
        ("c2", ["t-2", "t-3"]),
        ("c3", ["t-4", "t-5"]),
    ] {
        let assigned = r.first(
            "partitions_assigned",
            &[c(consumer), ("generation", json!(1))],
        );
        assert_eq!(names(&assigned["assignment"]), expected, "{consumer}");
        assert_eq!(assigned["at_ms"], 9000);
    }
    // 5. c4 at 20000: PreparingRebalance at once, no initial delay.
    let preparing = r.events(
        "group_state_changed",
        &[("to", json!("PreparingRebalance"))],
    );
    assert_eq!(preparing.len(), 2);
    assert_eq!(preparing[1]["at_ms"], 20000);
    assert_eq!(delays.len(), 3, "no delay for a group that is not Empty");
    // 6. The others learn it from a heartbeat within 3000 ms, commit, revoke all, rejoin.
    for consumer in ["c1", "c2", "c3"] {
        let revoked = r.first("partitions_revoked", &[c(consumer)]);
        let at = revoked["at_ms"].as_u64().unwrap_or(0);
        assert!((20000..=23000).contains(&at), "{consumer} revoked at {at}");
        assert_eq!(names(&revoked["partitions"]).len(), 2);
        let committed_before = r
            .events("offset_committed", &[c(consumer)])
            .iter()
            .any(|e| e["at_ms"] == revoked["at_ms"]);
        assert!(committed_before, "{consumer} auto-commits before revoking");
    }
    // 7. Generation 2: c1 {p0,p1}, c2 {p2,p3}, c3 {p4}, c4 {p5}.
    let gen2 = r.first("group_rebalanced", &[("generation", json!(2))]);
    assert_eq!(gen2["protocol"], "range");
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        r.assignment("g"),
        vec![
            ("c1".to_string(), s(&["t-0", "t-1"])),
            ("c2".to_string(), s(&["t-2", "t-3"])),
            ("c3".to_string(), s(&["t-4"])),
            ("c4".to_string(), s(&["t-5"])),
        ]
    );
    assert_eq!(r.group("g")["generation"], 2);
    assert_eq!(r.group("g")["state"], "Stable");
}

#[test]
fn s27_with_seven_partitions_the_first_member_gets_three() {
    let r = run("S27-range-seven-partitions.json");
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        r.assignment("g"),
        vec![
            ("c1".to_string(), s(&["t-0", "t-1", "t-2"])),
            ("c2".to_string(), s(&["t-3", "t-4"])),
            ("c3".to_string(), s(&["t-5", "t-6"])),
        ]
    );
}

#[test]
fn s28_cooperative_sticky_moves_only_what_changes_owner_in_two_rebalances() {
    let r = run("S28-cooperative-sticky.json");
    let gen1 = r.first("group_rebalanced", &[("generation", json!(1))]);
    assert_eq!(gen1["protocol"], "cooperative-sticky");
    let owned: Vec<Vec<String>> = ["c1", "c2"]
        .iter()
        .map(|id| {
            names(&r.first("partitions_assigned", &[c(id), ("generation", json!(1))])["assignment"])
        })
        .collect();
    assert!(
        owned.iter().all(|o| o.len() == 3),
        "three each in generation 1: {owned:?}"
    );
    // Rebalance 1 (gen 2): quota 2; each keeps its first two and gives up the third,
    // which is removed from gen 2 entirely: c3 gets nothing.
    let mut revoked_total = Vec::new();
    for (i, id) in ["c1", "c2"].iter().enumerate() {
        let gen2 = r.first("partitions_assigned", &[c(id), ("generation", json!(2))]);
        assert_eq!(
            names(&gen2["assignment"]),
            owned[i][..2].to_vec(),
            "{id} keeps its first two"
        );
        assert_eq!(gen2["partitions"], json!([]), "{id} gains nothing");
        let revoked = r.first("partitions_revoked", &[c(id)]);
        assert_eq!(
            names(&revoked["partitions"]),
            owned[i][2..].to_vec(),
            "{id} revokes only the third"
        );
        assert_eq!(revoked["at_ms"], gen2["at_ms"]);
        revoked_total.extend(owned[i][2..].to_vec());
        // Kept partitions are never revoked.
        assert_eq!(r.events("partitions_revoked", &[c(id)]).len(), 1);
    }
    let c3_gen2 = r.first("partitions_assigned", &[c("c3"), ("generation", json!(2))]);
    assert_eq!(c3_gen2["assignment"], json!([]));
    // 2. c1 and c2 rejoin at once: the group is PreparingRebalance when gen 2 completes.
    let gen2_at = c3_gen2["at_ms"].clone();
    let rejoin = r.events(
        "group_state_changed",
        &[
            ("to", json!("PreparingRebalance")),
            ("generation", json!(2)),
        ],
    );
    assert_eq!(rejoin.len(), 1);
    assert_eq!(rejoin[0]["at_ms"], gen2_at, "rejoined at once");
    // Rebalance 2 (gen 3): c3 gets what was revoked.
    let c3_gen3 = r.first("partitions_assigned", &[c("c3"), ("generation", json!(3))]);
    revoked_total.sort();
    assert_eq!(names(&c3_gen3["assignment"]), revoked_total);
    assert_eq!(r.group("g")["generation"], 3);
    // c1 keeps consuming t-0 while the second rebalance is in progress.
    let (from, to) = (
        gen2_at.as_u64().unwrap_or(0),
        c3_gen3["at_ms"].as_u64().unwrap_or(0),
    );
    let during = r
        .events("records_consumed", &[c("c1"), ("partition", json!(0))])
        .iter()
        .filter(|e| e["at_ms"].as_u64().is_some_and(|t| t > from && t < to))
        .count();
    assert!(during > 0, "c1 consumed t-0 between {from} and {to}");
}
