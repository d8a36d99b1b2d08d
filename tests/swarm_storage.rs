//! Swarm testing of log storage (after TigerBeetle's VOPR): for many seeds, a
//! random cluster whose topics have small segments, short retention and
//! compaction (`delete`, `compact`, `compact,delete`), keyed records with
//! tombstones, storage configs altered at run time, and random faults (crash,
//! restart, controlled shutdown, network cuts, slow brokers). Every run must
//! finish without a panic or an invariant violation, and every replica's log must
//! keep its structure (offsets strictly increasing, batches inside their
//! segments, sizes adding up, `logStartOffset ≤ HW ≤ LEO`, each key at most once
//! below the cleaner's checkpoint); two replicas never hold different records at
//! one offset and epoch below both HWs, whatever either cleaner removed; and
//! after the quiet end of the run every replica on a running, unfenced broker
//! has caught up with its leader. Runs in the safe configuration (RF 3,
//! `min.insync.replicas=2`, `acks=all`, unclean election off) must report no
//! acknowledged record lost: what retention or compaction removed is not lost.
//! A failure prints the seed and the scenario JSON that reproduces it.
//!
//! `SWARM_SEEDS` sets how many seeds each test runs (default 40; the long run is
//! `SWARM_SEEDS=2000 cargo test --release --test swarm_storage`).

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::{json, Value};

use kafka_playground::engine::ids::Tp;
use kafka_playground::engine::log::Log;
use kafka_playground::engine::rng::{Rng, Stream};
use kafka_playground::engine::Cluster;
use kafka_playground::scenario::{self, report::report, run::start};

fn seeds() -> u64 {
    std::env::var("SWARM_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Profile {
    Any,
    Safe,
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u64) as usize]
}

/// Storage configs of a topic: small segments, short retention, compaction.
fn storage_config(rng: &mut Rng) -> Value {
    let mut c = json!({
        "cleanup.policy": *pick(rng, &["delete", "compact", "compact,delete"]),
        "segment.bytes": rng.between(150, 3000),
    });
    if rng.chance(400_000) {
        c["segment.ms"] = json!(rng.between(1000, 30_000));
    }
    if rng.chance(300_000) {
        c["segment.jitter.ms"] = json!(rng.between(0, 10_000));
    }
    if rng.chance(700_000) {
        c["retention.ms"] = json!(rng.between(2000, 60_000));
    }
    if rng.chance(400_000) {
        c["retention.bytes"] = json!(rng.between(0, 6000));
    }
    c["delete.retention.ms"] = json!(rng.between(0, 30_000));
    c["min.cleanable.dirty.ratio"] = json!(*pick(rng, &["0.01", "0.2", "0.5", "0.9"]));
    if rng.chance(300_000) {
        c["min.compaction.lag.ms"] = json!(rng.between(0, 10_000));
    }
    if rng.chance(200_000) {
        c["max.compaction.lag.ms"] = json!(rng.between(1000, 20_000));
    }
    if rng.chance(300_000) {
        c["file.delete.delay.ms"] = json!(rng.between(0, 5000));
    }
    c
}

fn topics(rng: &mut Rng, profile: Profile, brokers: u64) -> Vec<Value> {
    (0..rng.between(1, 2))
        .map(|i| {
            let rf = match profile {
                Profile::Safe => 3,
                Profile::Any => rng.between(1, brokers.min(3)),
            };
            let mut config = storage_config(rng);
            config["min.insync.replicas"] = json!(match profile {
                Profile::Safe => 2,
                Profile::Any => rng.between(1, rf),
            });
            config["unclean.leader.election.enable"] =
                json!(profile == Profile::Any && rng.chance(200_000));
            json!({
                "name": format!("t{i}"),
                "partitions": rng.between(1, 2),
                "replication_factor": rf,
                "config": config
            })
        })
        .collect()
}

fn producers(rng: &mut Rng, profile: Profile) -> Vec<Value> {
    (0..rng.between(1, 2))
        .map(|i| {
            let acks = match profile {
                Profile::Safe => "all",
                Profile::Any => *pick(rng, &["0", "1", "all"]),
            };
            let mut config = json!({ "acks": acks });
            if rng.chance(300_000) {
                config["linger.ms"] = json!(rng.between(1, 50));
            }
            json!({ "id": format!("p{i}"), "config": config })
        })
        .collect()
}

/// Keyed records (a few keys, so that compaction has work) and some tombstones,
/// over the first 60 s.
fn workload(rng: &mut Rng, producers: usize, topics: usize) -> Vec<Value> {
    let mut script = Vec::new();
    for _ in 0..rng.between(10, 40) {
        let tombstone = rng.chance(150_000);
        let every_ms = rng.between(5, 400);
        script.push(json!({
            "at_ms": rng.between(100, 60_000),
            "op": "produce",
            "producer": format!("p{}", rng.below(producers as u64)),
            "topic": format!("t{}", rng.below(topics as u64)),
            "key": format!("k{}", rng.below(12)),
            "value": if tombstone { Value::Null } else { json!(format!("v{}", rng.below(1000))) },
            "count": rng.between(1, 60),
            "every_ms": every_ms
        }));
    }
    script
}

/// Random faults and run-time config changes between 1 s and 90 s.
fn faults(rng: &mut Rng, brokers: u64, topics: usize, clients: &[String]) -> Vec<Value> {
    let mut down = vec![false; brokers as usize + 1];
    let mut script = Vec::new();
    let mut at = 1000;
    for _ in 0..rng.between(2, 12) {
        at += rng.between(100, 9000);
        let b = rng.between(1, brokers);
        let fault = match rng.below(9) {
            0 | 1 if !down[b as usize] => {
                down[b as usize] = true;
                json!({ "op": "crash_broker", "broker": b })
            }
            2 if !down[b as usize] => {
                down[b as usize] = true;
                json!({ "op": "shutdown_broker", "broker": b })
            }
            0..=2 if down[b as usize] => {
                down[b as usize] = false;
                json!({ "op": "restart_broker", "broker": b })
            }
            0..=2 => json!({ "op": "slow_broker", "broker": b, "extra_latency_ms": 0 }),
            3 => {
                let mut nodes: Vec<Value> = (1..=brokers).map(|x| json!(x)).collect();
                nodes.push(json!("controller"));
                nodes.extend(clients.iter().map(|c| json!(c)));
                let split = rng.between(1, nodes.len() as u64 - 1) as usize;
                let start = rng.below(nodes.len() as u64) as usize;
                nodes.rotate_left(start);
                let (left, right) = nodes.split_at(split);
                json!({ "op": "partition_network", "sides": [left, right] })
            }
            4 => json!({ "op": "heal_network" }),
            5 => {
                json!({ "op": "slow_broker", "broker": b, "extra_latency_ms": *pick(rng, &[0, 50, 400]) })
            }
            6 | 7 => json!({
                "op": "alter_config",
                "topic": format!("t{}", rng.below(topics as u64)),
                "config": storage_config(rng)
            }),
            _ => json!({
                "op": "alter_config",
                "broker": b,
                "config": { "log.cleaner.backoff.ms": rng.between(100, 20_000),
                            "log.retention.ms": rng.between(1000, 100_000) }
            }),
        };
        let mut entry = json!({ "at_ms": at });
        if let (Some(e), Some(f)) = (entry.as_object_mut(), fault.as_object()) {
            e.extend(f.clone());
        }
        script.push(entry);
    }
    at += rng.between(1000, 5000);
    script.push(json!({ "at_ms": at, "op": "heal_network" }));
    for b in 1..=brokers {
        if down[b as usize] {
            script.push(json!({ "at_ms": at, "op": "restart_broker", "broker": b }));
        }
    }
    script
}

fn generate(seed: u64, profile: Profile) -> Value {
    let mut rng = Rng::new(seed, Stream::Faults);
    let brokers = match profile {
        Profile::Safe => rng.between(3, 4),
        Profile::Any => rng.between(1, 4),
    };
    let topics = topics(&mut rng, profile, brokers);
    let producers = producers(&mut rng, profile);
    let clients: Vec<String> = (0..producers.len()).map(|i| format!("p{i}")).collect();
    let mut script = workload(&mut rng, producers.len(), topics.len());
    script.extend(faults(&mut rng, brokers, topics.len(), &clients));
    script.sort_by_key(|e| e["at_ms"].as_u64());
    json!({
        "format": "kafka-playground/scenario@1",
        "title": format!("storage swarm seed {seed}"),
        "seed": seed,
        "brokers": brokers,
        "broker_config": {
            "log.retention.check.interval.ms": rng.between(1000, 20_000),
            "log.initial.task.delay.ms": rng.between(0, 10_000),
            "log.cleaner.backoff.ms": rng.between(500, 15_000)
        },
        "network": { "latency_ms": rng.between(0, 5) },
        "topics": topics,
        "producers": producers,
        "script": script,
        "run_until_ms": 150_000
    })
}

/// The structure every replica's log keeps. Returns what is wrong.
fn log_problems(log: &Log) -> Vec<String> {
    let mut problems = Vec::new();
    let (start, hw, leo) = (
        log.log_start_offset(),
        log.high_watermark(),
        log.log_end_offset(),
    );
    if !(start <= hw && hw <= leo) {
        problems.push(format!("log start {start} ≤ HW {hw} ≤ LEO {leo}"));
    }
    let segments = log.segments();
    let mut last: Option<u64> = None;
    for (i, segment) in segments.iter().enumerate() {
        let upper = segments.get(i + 1).map_or(leo, |n| n.base_offset);
        if segment.base_offset > upper {
            problems.push(format!("segment {} out of order", segment.base_offset));
        }
        let bytes: u64 = segment.batches.iter().map(|b| b.size_bytes).sum();
        if bytes != segment.size_bytes {
            problems.push(format!("segment {} size", segment.base_offset));
        }
        for batch in &segment.batches {
            if batch.base_offset < segment.base_offset || batch.next_offset() > upper {
                problems.push(format!("batch {} outside its segment", batch.base_offset));
            }
            for (offset, _) in batch.records() {
                if last.is_some_and(|l| offset <= l) {
                    problems.push(format!("offset {offset} after {last:?}"));
                }
                last = Some(offset);
            }
        }
    }
    if let Some(checkpoint) = log.cleaner_checkpoint().filter(|c| *c >= start) {
        let mut keys = BTreeSet::new();
        for batch in log.batches() {
            for (offset, record) in batch.records() {
                if offset >= start && offset < checkpoint {
                    if let Some(key) = &record.key {
                        if !keys.insert(key.clone()) {
                            problems.push(format!("key {key} twice below the checkpoint"));
                        }
                    }
                }
            }
        }
    }
    problems
}

/// Storage checks over the final state of every replica.
fn storage_problems(cluster: &Cluster) -> Vec<String> {
    let mut problems = Vec::new();
    let mut by_tp: BTreeMap<Tp, Vec<(u32, &Log)>> = BTreeMap::new();
    for broker in cluster.brokers() {
        for (tp, replica) in &broker.replicas {
            for p in log_problems(&replica.log) {
                problems.push(format!("{tp:?} on broker {}: {p}", broker.id));
            }
            by_tp
                .entry(*tp)
                .or_default()
                .push((broker.id, &replica.log));
        }
    }
    // Liveness after the quiet end of the run (faults and produces stop by about
    // 100 s, the run ends at 150 s): every replica on a running, unfenced broker
    // has caught up with its leader, even across gaps the leader's cleaner left.
    let image = &cluster.controller().image;
    for (tp, reg) in &image.partitions {
        let Some((leader, leader_log)) = cluster.leader_log(*tp) else {
            continue;
        };
        for b in &reg.replicas {
            let unfenced = image.brokers.get(b).is_some_and(|r| !r.fenced);
            let Some(broker) = cluster.broker(*b).filter(|x| x.is_running() && unfenced) else {
                continue;
            };
            let leo = broker.replicas.get(tp).map(|r| r.log.log_end_offset());
            if leo != Some(leader_log.log_end_offset()) {
                problems.push(format!(
                    "{tp:?}: broker {b} ends at {leo:?}, leader {leader} at {}",
                    leader_log.log_end_offset()
                ));
            }
        }
    }
    for (tp, logs) in by_tp {
        for (i, (a, log_a)) in logs.iter().enumerate() {
            for (b, log_b) in &logs[i + 1..] {
                let below = log_a.high_watermark().min(log_b.high_watermark());
                for batch in log_a.batches() {
                    let epoch = batch.leader_epoch();
                    for (offset, record) in batch.records().filter(|(o, _)| *o < below) {
                        let differ = log_b
                            .record_at(offset)
                            .is_some_and(|(r, e)| e == epoch && r.id != record.id);
                        if differ {
                            problems.push(format!(
                                "{tp:?}: brokers {a} and {b} differ at offset {offset}, epoch {epoch}"
                            ));
                        }
                    }
                }
            }
        }
    }
    problems
}

fn check(seed: u64, profile: Profile) -> Result<(), String> {
    let doc = generate(seed, profile);
    let repro = || serde_json::to_string_pretty(&doc).unwrap_or_default();
    let parsed = scenario::parse_value(&doc).map_err(|e| {
        format!(
            "seed {seed}: generated an invalid scenario: {e:?}\n{}",
            repro()
        )
    })?;
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut cluster = start(&parsed, false);
        cluster.run_until(parsed.run_until_ms);
        (report(&cluster), storage_problems(&cluster))
    }));
    let (report, problems) = outcome.map_err(|_| format!("seed {seed}: panicked\n{}", repro()))?;
    if report["violations"] != json!([]) {
        return Err(format!(
            "seed {seed}: violations {}\n{}",
            report["violations"],
            repro()
        ));
    }
    if !problems.is_empty() {
        return Err(format!("seed {seed}: {}\n{}", problems.join("; "), repro()));
    }
    if profile == Profile::Safe && report["lost"] != json!([]) {
        return Err(format!(
            "seed {seed}: safe configuration lost {}\n{}",
            report["lost"],
            repro()
        ));
    }
    Ok(())
}

fn swarm(profile: Profile, offset: u64) {
    let failures: Vec<String> = (offset..offset + seeds())
        .filter_map(|seed| check(seed, profile).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing seeds:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn storage_under_faults_never_panics_or_breaks_an_invariant() {
    swarm(Profile::Any, 0);
}

#[test]
fn the_safe_configuration_loses_nothing_that_retention_or_compaction_did_not_remove() {
    swarm(Profile::Safe, 1_000_000);
}

#[test]
fn a_storage_run_replays_to_the_same_report() {
    for seed in 0..3 {
        let parsed = scenario::parse_value(&generate(seed, Profile::Any)).expect("valid");
        let run = || {
            let mut cluster = start(&parsed, false);
            cluster.run_until(parsed.run_until_ms);
            report(&cluster)
        };
        assert_eq!(run(), run(), "seed {seed}");
    }
}

#[test]
#[ignore]
fn debug_one_seed() {
    let seed: u64 = std::env::var("SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let profile = if std::env::var("SAFE").is_ok() {
        Profile::Safe
    } else {
        Profile::Any
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&generate(seed, profile)).unwrap_or_default()
    );
}
