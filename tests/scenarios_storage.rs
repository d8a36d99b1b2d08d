//! Section A of `shared/scenarios.md`: segments, retention and compaction (S01,
//! S02, S03, S05). Times in the text are idealised; an append happens `latency_ms`
//! (1 ms) after the send, while retention checks and cleaner wake-ups run on the
//! broker's own clock, at exact times.
//!
//! S01 item 4 and S05 item 5 are about consumers, which the engine does not have
//! yet: they are tested here at the broker, with the consumer Fetch that a
//! consumer would send (an application-level consumer test belongs to the
//! consumer issue).

mod support;

use kafka_playground::engine::broker::BrokerOut;
use kafka_playground::engine::error::KafkaError;
use kafka_playground::engine::ids::{NodeId, Tp};
use kafka_playground::engine::message::{
    FetchPartition, FetchRequest, FetchedPartition, Fetcher, Payload,
};
use kafka_playground::engine::Cluster;
use kafka_playground::scenario::{self, run::start};
use serde_json::{json, Value};
use support::{at_about, run, Run};

fn scenario_text(file: &str) -> String {
    let path = format!("{}/tests/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The cluster of a scenario file, run up to `until_ms`.
fn cluster_at(file: &str, until_ms: u64) -> Cluster {
    let parsed = scenario::parse(&scenario_text(file)).unwrap_or_else(|e| panic!("{file}: {e:?}"));
    let mut cluster = start(&parsed, false);
    cluster.run_until(until_ms);
    assert!(
        cluster.violations().is_empty(),
        "{:?}",
        cluster.violations()
    );
    cluster
}

/// A scenario file with changes made to its JSON, run as `support::run` does.
fn run_changed(file: &str, change: impl FnOnce(&mut Value)) -> Run {
    let mut doc: Value = serde_json::from_str(&scenario_text(file)).expect("JSON");
    change(&mut doc);
    let parsed = scenario::parse_value(&doc).unwrap_or_else(|e| panic!("{file}: {e:?}"));
    let mut report = scenario::run::run_to_json(&parsed, true);
    let trace = match report.get_mut("trace").map(Value::take) {
        Some(Value::Array(events)) => events,
        _ => Vec::new(),
    };
    assert_eq!(report["violations"], json!([]), "{file}: violations");
    Run { report, trace }
}

fn tp(cluster: &Cluster, topic: &str) -> Tp {
    let id = cluster
        .controller()
        .image
        .topic_by_name(topic)
        .map(|t| t.id)
        .expect("topic");
    Tp::new(id, 0)
}

/// What a read_uncommitted consumer's Fetch at `offset` gets from `broker` now.
fn consumer_fetch(cluster: &Cluster, broker: u32, topic: &str, offset: u64) -> FetchedPartition {
    let tp = tp(cluster, topic);
    let mut broker = cluster.broker(broker).expect("broker").clone();
    let mut out = BrokerOut::new(cluster.now_ms(), false);
    let request = FetchRequest {
        request_id: 1,
        fetcher: Fetcher::Consumer {
            read_committed: false,
        },
        max_wait_ms: 0,
        max_bytes_per_partition: 1 << 20,
        partitions: vec![FetchPartition {
            tp,
            fetch_offset: offset,
            last_fetched_epoch: None,
            current_leader_epoch: 0,
        }],
    };
    broker.handle(NodeId::Consumer(0), Payload::Fetch(request), &mut out);
    out.sends
        .into_iter()
        .find_map(|(_, payload)| match payload {
            Payload::FetchResponse(mut r) => r.partitions.pop(),
            _ => None,
        })
        .expect("a fetch response")
}

/// The (offset, key, value) of every record a fetch returned.
fn fetched(p: &FetchedPartition) -> Vec<(u64, Option<String>, Option<String>)> {
    p.batches
        .iter()
        .flat_map(|b| b.records())
        .map(|(o, r)| {
            (
                o,
                r.key.as_deref().map(str::to_string),
                r.value.as_deref().map(str::to_string),
            )
        })
        .collect()
}

fn offsets(p: &FetchedPartition) -> Vec<u64> {
    fetched(p).into_iter().map(|(o, _, _)| o).collect()
}

/// `(base_offset, next_offset, records, bytes)` of each segment of a report log.
fn segments(log: &Value) -> Vec<(u64, u64, u64, u64)> {
    log["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| {
            let n = |k: &str| s[k].as_u64().unwrap_or(u64::MAX);
            (n("base_offset"), n("next_offset"), n("records"), n("bytes"))
        })
        .collect()
}

fn record_offsets(log: &Value) -> Vec<u64> {
    log["records"]
        .as_array()
        .expect("records")
        .iter()
        .filter_map(|r| r["offset"].as_u64())
        .collect()
}

fn times(events: &[&Value]) -> Vec<u64> {
    events.iter().filter_map(|e| e["at_ms"].as_u64()).collect()
}

const S01: &str = "S01-retention-largest-timestamp.json";
const S02: &str = "S02-idle-partition-loses-active-segment.json";

#[test]
fn s01_segments_after_the_appends_hold_three_records_each() {
    let r = run(S01);
    // r3 rolls: 300 > 300 − 100 (R-RET-1a). Nothing else rolls.
    let rolls = r.events("segment_rolled", &[]);
    assert_eq!(rolls.len(), 1);
    assert_eq!(rolls[0]["base_offset"], 3);
    assert_eq!(rolls[0]["reason"], "segment.bytes");
    at_about(&rolls[0]["at_ms"], 4000, "r3's append");
    let cluster = cluster_at(S01, 69_999);
    let log = &cluster.broker(1).expect("broker").replicas[&tp(&cluster, "t")].log;
    let layout: Vec<(u64, u64, u64, u64)> = log
        .segments()
        .iter()
        .map(|s| {
            (
                s.base_offset,
                s.next_offset(),
                s.record_count(),
                s.size_bytes,
            )
        })
        .collect();
    assert_eq!(layout, vec![(0, 3, 3, 300), (3, 5, 2, 200)]);
    assert_eq!(
        (
            log.log_end_offset(),
            log.high_watermark(),
            log.log_start_offset()
        ),
        (5, 5, 0)
    );
}

#[test]
fn s01_at_the_70000_check_seg0_goes_by_its_largest_timestamp_and_r3_stays_with_r4() {
    let r = run(S01);
    // The checks at 30000..60000 delete nothing: 60000 − 3000 is not > 60000.
    let deleted = r.events("segment_deleted", &[]);
    assert_eq!(deleted.len(), 1, "only seg0, and only once");
    let seg0 = deleted[0];
    assert_eq!(seg0["at_ms"], 70000, "the check after 63000, not before");
    assert_eq!(
        (seg0["base_offset"].as_u64(), seg0["end_offset"].as_u64()),
        (Some(0), Some(3))
    );
    assert_eq!(seg0["largest_timestamp_ms"], 3000);
    assert_eq!(seg0["reason"], "retention.ms");
    let start = r.first("log_start_offset_advanced", &[]);
    assert_eq!(
        (start["at_ms"].as_u64(), start["to"].as_u64()),
        (Some(70000), Some(3))
    );
    // seg1 (largest timestamp 65000) stays, and r3 (timestamp 4000) with it.
    let log = r.log("t", 0, 1);
    assert_eq!(log["log_start_offset"], 3);
    assert_eq!(segments(log), vec![(3, 5, 2, 200)]);
    assert_eq!(r.log_ids("t", 0, 1), vec!["p#3", "p#4"]);
    assert_eq!(log["records"][0]["timestamp_ms"], 4000);
    assert_eq!(log["segments"][0]["largest_timestamp_ms"], 65000);
    // Retention removed r0..r2: the ledger says so and calls nothing lost.
    for id in ["p#0", "p#1", "p#2"] {
        assert_eq!(r.produced(id)["removed_by"], "retention", "{id}");
    }
    assert!(r.produced("p#3").get("removed_by").is_none());
    assert!(r.lost_ids().is_empty());
}

#[test]
fn s01_retention_checks_start_after_the_initial_delay_and_repeat_every_interval() {
    // With retention.ms=1000 everything before r4 has expired by 5001, but the
    // first check is at log.initial.task.delay.ms=30000; r4 (65000) goes at 70000.
    let r = run_changed(S01, |doc| {
        doc["topics"][0]["config"]["retention.ms"] = json!(1000)
    });
    let deleted = r.events("segment_deleted", &[]);
    let at: Vec<(u64, u64)> = deleted
        .iter()
        .map(|e| {
            (
                e["at_ms"].as_u64().unwrap_or(0),
                e["base_offset"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(at, vec![(30000, 0), (30000, 3), (70000, 4)]);
}

#[test]
fn s01_a_fetch_below_the_log_start_is_out_of_range_from_70000_on() {
    // S01 item 4: the consumer's fetch at 0 at 71000.
    let cluster = cluster_at(S01, 71_000);
    let response = consumer_fetch(&cluster, 1, "t", 0);
    assert_eq!(response.error, Some(KafkaError::OffsetOutOfRange));
    // What the consumer resets to: earliest is the log start, latest the HW (R-READ-4).
    assert_eq!((response.log_start_offset, response.high_watermark), (3, 5));
    assert_eq!(offsets(&consumer_fetch(&cluster, 1, "t", 3)), vec![3, 4]);
    // S01 item 5: seg0 cannot be read from 70000 on; its file goes at 130000.
    let at_check = cluster_at(S01, 70_000);
    assert_eq!(
        consumer_fetch(&at_check, 1, "t", 0).error,
        Some(KafkaError::OffsetOutOfRange)
    );
    let before = cluster_at(S01, 69_999);
    assert_eq!(
        offsets(&consumer_fetch(&before, 1, "t", 0)),
        vec![0, 1, 2, 3, 4]
    );
    let r = run(S01);
    assert_eq!(
        r.first("segment_deleted", &[])["file_deleted_at_ms"],
        130000
    );
}

#[test]
fn s02_an_idle_partition_rolls_a_new_segment_and_deletes_the_active_one() {
    let r = run(S02);
    let deleted = r.events("segment_deleted", &[]);
    assert_eq!(
        times(&deleted),
        vec![70000, 130000],
        "nothing at the 80000..120000 checks"
    );
    let seg1 = deleted[1];
    assert_eq!(
        (seg1["base_offset"].as_u64(), seg1["end_offset"].as_u64()),
        (Some(3), Some(5))
    );
    assert_eq!(seg1["largest_timestamp_ms"], 65000);
    // Kafka first rolls a new empty segment at the LEO (R-RET-7), then deletes seg1.
    let roll = r.first("segment_rolled", &[("reason", json!("retention"))]);
    assert_eq!(
        (roll["at_ms"].as_u64(), roll["base_offset"].as_u64()),
        (Some(130000), Some(5))
    );
    let roll_index = r.trace.iter().position(|e| e == roll);
    let delete_index = r.trace.iter().position(|e| e == seg1);
    assert!(roll_index < delete_index, "rolled before deleting");
    let start = r.events("log_start_offset_advanced", &[]);
    assert_eq!(start[1]["to"], 5);
    // logStartOffset = 5 = LEO: the log is empty…
    let cluster = cluster_at(S02, 130_000);
    let log = &cluster.broker(1).expect("broker").replicas[&tp(&cluster, "t")].log;
    assert_eq!((log.log_start_offset(), log.log_end_offset()), (5, 5));
    assert_eq!(log.segments().len(), 1);
    assert!(log.segments()[0].is_empty() && log.segments()[0].base_offset == 5);
    assert!(consumer_fetch(&cluster, 1, "t", 5).batches.is_empty());
    // …but offsets continue from 5.
    assert_eq!(r.produced("p#5")["offset"], 5);
    assert_eq!(record_offsets(r.log("t", 0, 1)), vec![5]);
    assert!(r.lost_ids().is_empty());
    assert_eq!(r.produced("p#4")["removed_by"], "retention");
}

#[test]
fn s02_a_follower_that_has_not_fetched_r4_holds_the_active_segment_back() {
    let r = run("S02-counter-follower-behind.json");
    assert_eq!(
        r.partition("t", 0)["isr"],
        json!([1, 2, 3]),
        "broker 3 stays in the ISR"
    );
    let leader = r.log("t", 0, 1);
    assert_eq!(
        (
            leader["high_watermark"].as_u64(),
            leader["log_end_offset"].as_u64()
        ),
        (Some(4), Some(5))
    );
    // seg0 went at 70000 (its upper bound 3 ≤ HW 4); seg1 is kept at 130000.
    let deleted = r.events("segment_deleted", &[("broker", json!(1))]);
    assert_eq!(times(&deleted), vec![70000]);
    assert_eq!(segments(leader), vec![(3, 5, 2, 200)]);
    assert_eq!(leader["log_start_offset"], 3);
    assert!(r
        .events(
            "segment_rolled",
            &[("broker", json!(1)), ("reason", json!("retention"))]
        )
        .is_empty());
}

#[test]
fn s03_segment_ms_rolls_only_on_append_by_record_timestamps() {
    let file = "S03-segment-ms-rolls-on-append.json";
    let r = run(file);
    // r1 joins seg0 (14000 ≤ 20000); from 15000 to 50000 nothing rolls.
    let rolls = r.events("segment_rolled", &[]);
    assert_eq!(rolls.len(), 1);
    at_about(&rolls[0]["at_ms"], 50000, "r2's append");
    assert_eq!(rolls[0]["base_offset"], 2);
    assert_eq!(rolls[0]["reason"], "segment.ms");
    let idle = cluster_at(file, 49_999);
    let log = &idle.broker(1).expect("broker").replicas[&tp(&idle, "t")].log;
    assert_eq!(log.segments().len(), 1, "idle time alone does not roll");
    assert_eq!(log.segments()[0].record_count(), 2);
    let rolled = cluster_at(file, 50_001);
    let log = &rolled.broker(1).expect("broker").replicas[&tp(&rolled, "t")].log;
    let layout: Vec<(u64, u64)> = log
        .segments()
        .iter()
        .map(|s| (s.base_offset, s.next_offset()))
        .collect();
    assert_eq!(layout, vec![(0, 2), (2, 3)]);
    // seg0 is closed and retention measures it by 15000: with retention.ms=40000
    // it goes at the 60000 check (55000 − 15000 is not > 40000).
    let deleted = r.first("segment_deleted", &[]);
    assert_eq!(deleted["at_ms"], 60000);
    assert_eq!(deleted["largest_timestamp_ms"], 15000);
    assert_eq!(
        (
            deleted["base_offset"].as_u64(),
            deleted["end_offset"].as_u64()
        ),
        (Some(0), Some(2))
    );
    assert_eq!(r.log_ids("t", 0, 1), vec!["p#2"]);
}

const S05: &str = "S05-compaction.json";

#[test]
fn s05_the_cleaner_at_15000_keeps_the_latest_value_per_key_and_stamps_the_tombstone() {
    let r = run(S05);
    let cleanings = r.events("log_cleaned", &[]);
    assert_eq!(
        times(&cleanings),
        vec![15000, 45000],
        "nothing at 0 and 30000"
    );
    let first = cleanings[0];
    // Dirty range [0, min(LSO 7, active base 6)) = 600 bytes of 600: ratio 1.0.
    assert_eq!(first["first_dirty_offset"], 0);
    assert_eq!(first["end_offset"], 6);
    assert_eq!(first["dirty_ratio"], "1.0");
    assert_eq!(first["removed_offsets"], json!([0, 1, 2]));
    assert_eq!(first["tombstones_stamped"], json!(["p#4"]));
    assert_eq!(first["delete_horizon_ms"], 25000);
    // seg0 remains as an empty cleaned segment; offset 6 is untouched.
    let cluster = cluster_at(S05, 15_000);
    let log = &cluster.broker(1).expect("broker").replicas[&tp(&cluster, "t")].log;
    let layout: Vec<(u64, u64)> = log
        .segments()
        .iter()
        .map(|s| (s.base_offset, s.record_count()))
        .collect();
    assert_eq!(layout, vec![(0, 0), (3, 3), (6, 1)]);
    assert_eq!(
        log.log_start_offset(),
        0,
        "compaction never moves the log start"
    );
    // A read from offset 0 returns 3, 4, 5, 6.
    let read = consumer_fetch(&cluster, 1, "t", 0);
    assert_eq!(read.error, None);
    assert_eq!(offsets(&read), vec![3, 4, 5, 6]);
}

#[test]
fn s05_the_tombstone_outlives_its_horizon_until_a_cleaning_that_qualifies() {
    let r = run(S05);
    // At 30000 the dirty range [6, 6) is empty: the tombstone is still there.
    let cluster = cluster_at(S05, 30_000);
    let read = fetched(&consumer_fetch(&cluster, 1, "t", 0));
    assert!(read.contains(&(4, Some("k1".into()), None)), "{read:?}");
    // At 45000: dirty [6, 12) = 600 bytes against 300 clean, 0.67 > 0.5.
    let second = r.events("log_cleaned", &[])[1];
    assert_eq!(second["at_ms"], 45000);
    assert_eq!(second["first_dirty_offset"], 6);
    assert_eq!(second["end_offset"], 12);
    assert_eq!(second["dirty_ratio"], "0.666666");
    assert_eq!(second["tombstones_removed"], json!(["p#4"]));
    assert_eq!(second["removed_offsets"], json!([4]));
    // Offsets 3, 5, 6..11, plus 12 in the active segment.
    let log = r.log("t", 0, 1);
    assert_eq!(record_offsets(log), vec![3, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert_eq!(segments(log).last().map(|s| (s.0, s.2)), Some((12, 1)));
    // Compaction removed k1's records and the tombstone: none of them is lost.
    for id in ["p#0", "p#1", "p#2", "p#4"] {
        assert_eq!(r.produced(id)["removed_by"], "compaction", "{id}");
    }
    assert!(r.lost_ids().is_empty());
}

#[test]
fn s05_consumers_see_the_tombstone_between_15000_and_45000_and_never_k1_after() {
    for t in [15_000, 30_000, 44_999] {
        let cluster = cluster_at(S05, t);
        let keys: Vec<(u64, Option<String>)> = fetched(&consumer_fetch(&cluster, 1, "t", 0))
            .into_iter()
            .filter(|(_, k, _)| k.as_deref() == Some("k1"))
            .map(|(o, _, v)| (o, v))
            .collect();
        assert_eq!(
            keys,
            vec![(4, None)],
            "at {t} k1 reads as its tombstone only"
        );
    }
    for t in [45_000, 50_000] {
        let cluster = cluster_at(S05, t);
        let read = fetched(&consumer_fetch(&cluster, 1, "t", 0));
        assert!(
            read.iter().all(|(_, k, _)| k.as_deref() != Some("k1")),
            "at {t}: {read:?}"
        );
        assert_eq!(read.first().map(|(o, _, _)| *o), Some(3));
    }
}

#[test]
fn s05_one_dirty_segment_at_ratio_one_half_is_not_cleaned_and_the_tombstone_stays() {
    let r = run("S05-dirty-ratio-gate.json");
    assert_eq!(
        times(&r.events("log_cleaned", &[])),
        vec![15000],
        "300/600 is not > 0.5"
    );
    let log = r.log("t", 0, 1);
    assert!(
        log["records"]
            .as_array()
            .is_some_and(|rs| rs.iter().any(|x| x["key"] == "k1" && x["value"].is_null())),
        "the tombstone stays at 120000"
    );
    assert_eq!(record_offsets(log), vec![3, 4, 5, 6, 7, 8, 9]);
}

#[test]
fn r_ret_8_a_follower_takes_the_leaders_log_start_and_deletes_below_it() {
    let r = run("S01-follower-takes-log-start.json");
    let leader = r.first("segment_deleted", &[("broker", json!(1))]);
    assert_eq!(
        (leader["at_ms"].as_u64(), leader["reason"].as_str()),
        (Some(70000), Some("retention.ms"))
    );
    // The follower's next fetch response carries log start 3 (R-LOG-3)…
    let start = r.first("log_start_offset_advanced", &[("broker", json!(2))]);
    let at = start["at_ms"].as_u64().unwrap_or(0);
    assert!((70000..=70510).contains(&at), "learned at {at}");
    assert_eq!(start["to"], 3);
    // …and its own next pass deletes seg0 by the log-start rule (R-RET-3).
    let follower = r.first("segment_deleted", &[("broker", json!(2))]);
    assert_eq!(follower["at_ms"], 80000);
    assert_eq!(follower["reason"], "log start offset");
    assert_eq!(segments(r.log("t", 0, 2)), vec![(3, 5, 2, 200)]);
}

#[test]
fn altered_topic_configs_take_effect_at_the_next_pass_or_append() {
    // retention.ms shortened at 75000: seg0 goes at the next check, 80000.
    let r = run_changed(S01, |doc| {
        doc["topics"][0]["config"]["retention.ms"] = json!(600000);
        doc["script"].as_array_mut().expect("script").push(json!(
            { "at_ms": 75000, "op": "alter_config", "topic": "t", "config": { "retention.ms": 60000 } }));
        doc["run_until_ms"] = json!(90000);
    });
    assert_eq!(times(&r.events("segment_deleted", &[])), vec![80000]);
    // segment.bytes lowered at 2500: r2 (3000) rolls, 200 > 200 − 100.
    let r = run_changed(S01, |doc| {
        doc["script"].as_array_mut().expect("script").insert(2, json!(
            { "at_ms": 2500, "op": "alter_config", "topic": "t", "config": { "segment.bytes": 200 } }));
    });
    let bases: Vec<u64> = r
        .events("segment_rolled", &[])
        .iter()
        .filter_map(|e| e["base_offset"].as_u64())
        .collect();
    assert_eq!(bases, vec![2, 4]);
    // cleanup.policy switched to compact at 10000: the cleaner takes the log at
    // its next wake-up (15000), and retention no longer runs over it.
    let r = run_changed(S05, |doc| {
        doc["topics"][0]["config"]["cleanup.policy"] = json!("delete");
        doc["topics"][0]["config"]["retention.ms"] = json!(1000);
        doc["script"].as_array_mut().expect("script").insert(7, json!(
            { "at_ms": 10000, "op": "alter_config", "topic": "t", "config": { "cleanup.policy": "compact" } }));
    });
    assert!(r.events("segment_deleted", &[]).is_empty());
    assert_eq!(r.events("log_cleaned", &[])[0]["at_ms"], 15000);
}

#[test]
fn a_lost_record_stays_lost_when_retention_later_deletes_its_offset() {
    // S12: x (p1#5) is acknowledged at offset 5 and lost at the failover. With a
    // 20 s retention every segment of the new leader expires by the end: y at
    // offset 5 goes by retention, x stays lost.
    let r = run_changed("S12-acks1-lost-on-clean-failover.json", |doc| {
        doc["topics"][0]["config"]["retention.ms"] = json!(20000);
        doc["broker_config"] = json!({ "log.retention.check.interval.ms": 5000 });
        doc["run_until_ms"] = json!(80000);
    });
    let deleted = r.events("segment_deleted", &[("broker", json!(2))]);
    assert!(deleted.last().and_then(|e| e["at_ms"].as_u64()) > Some(50000));
    assert_eq!(r.log("t", 0, 2)["log_start_offset"], 6);
    assert_eq!(r.lost_ids(), vec!["p1#5"]);
    assert!(r.produced("p1#5").get("removed_by").is_none());
    assert_eq!(r.produced("p1#6")["removed_by"], "retention");
    assert_eq!(r.produced("p1#0")["removed_by"], "retention");
}
