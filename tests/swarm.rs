//! Swarm testing (after TigerBeetle's VOPR): for many seeds, a random cluster,
//! random configs and a random fault schedule (crash, restart, controlled
//! shutdown, network cuts and heals, slow brokers) under a steady producer, with
//! small segments, short retention and compacted topics (`with_storage`). Every
//! run must finish without a panic or an invariant violation; runs in the safe
//! configuration (RF 3, `min.insync.replicas=2`, `acks=all`, unclean election
//! off) must lose no acknowledged record. Consumer groups read along
//! (`with_consumers`): random assignors and timeouts, slow polls, and random
//! kills, stops and restarts; a group whose members commit after processing
//! (`commit_after_poll`, no auto-commit) must never skip a record below its
//! committed offset. A failure prints the seed and the scenario JSON that
//! reproduces it (`kplay run repro.json`).
//!
//! `SWARM_SEEDS` sets how many seeds each test runs (default 60, a quick subset;
//! the full suite is `SWARM_SEEDS=5000 cargo test --release --test swarm`).

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::{json, Value};

use kafka_playground::engine::rng::{Rng, Stream};
use kafka_playground::scenario::{self, report::report, run::start};

fn seeds() -> u64 {
    std::env::var("SWARM_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60)
}

/// How a swarm run draws its configuration.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Profile {
    /// Anything goes: acks 0/1/all, any min ISR, unclean election on or off.
    Any,
    /// RF 3, min.insync.replicas=2, acks=all, unclean election off.
    Safe,
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u64) as usize]
}

fn topics(rng: &mut Rng, profile: Profile, brokers: u64) -> Vec<Value> {
    let count = rng.between(1, 2);
    (0..count)
        .map(|i| {
            let rf = match profile {
                Profile::Safe => 3,
                Profile::Any => rng.between(1, brokers.min(3)),
            };
            let min_isr = match profile {
                Profile::Safe => 2,
                Profile::Any => rng.between(1, rf),
            };
            let unclean = profile == Profile::Any && rng.chance(300_000);
            json!({
                "name": format!("t{i}"),
                "partitions": rng.between(1, 3),
                "replication_factor": rf,
                "config": { "min.insync.replicas": min_isr, "unclean.leader.election.enable": unclean }
            })
        })
        .collect()
}

fn producers(rng: &mut Rng, profile: Profile) -> Vec<Value> {
    let count = rng.between(1, 2);
    (0..count)
        .map(|i| {
            let acks = match profile {
                Profile::Safe => "all",
                Profile::Any => *pick(rng, &["0", "1", "all"]),
            };
            let mut config = json!({ "acks": acks });
            if acks == "all" && rng.chance(300_000) {
                config["enable.idempotence"] = json!(false);
            }
            if rng.chance(300_000) {
                config["max.in.flight.requests.per.connection"] = json!(rng.between(1, 5));
            }
            json!({ "id": format!("p{i}"), "config": config })
        })
        .collect()
}

/// A steady stream from every producer to every topic, for the first 40 s.
fn workload(rng: &mut Rng, producers: usize, topics: usize) -> Vec<Value> {
    let mut script = Vec::new();
    for p in 0..producers {
        for t in 0..topics {
            let every_ms = rng.between(20, 200);
            script.push(json!({
                "at_ms": rng.between(100, 2000), "op": "produce", "producer": format!("p{p}"),
                "topic": format!("t{t}"), "count": 40_000 / every_ms, "every_ms": every_ms
            }));
        }
    }
    script
}

/// Random faults between 1 s and 60 s, tracking which brokers are down so that
/// most actions are valid (some invalid ones are kept: they must be refused cleanly).
fn faults(rng: &mut Rng, brokers: u64, clients: &[String]) -> Vec<Value> {
    let mut down = vec![false; brokers as usize + 1];
    let mut script = Vec::new();
    let mut at = 1000;
    for _ in 0..rng.between(2, 12) {
        at += rng.between(100, 8000);
        let b = rng.between(1, brokers);
        let fault = match rng.below(8) {
            0 | 1 if !down[b as usize] => {
                down[b as usize] = true;
                json!({ "op": "crash_broker", "broker": b })
            }
            2 if !down[b as usize] => {
                down[b as usize] = true;
                json!({ "op": "shutdown_broker", "broker": b })
            }
            0..=2 => {
                down[b as usize] = false;
                json!({ "op": "restart_broker", "broker": b })
            }
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
            4 => {
                json!({ "op": "isolate", "node": if rng.chance(200_000) { json!("controller") } else { json!(b) } })
            }
            5 => json!({ "op": "heal_network" }),
            6 => {
                json!({ "op": "slow_broker", "broker": b, "extra_latency_ms": *pick(rng, &[0, 5, 50, 400]) })
            }
            _ => json!({ "op": "restart_broker", "broker": b }),
        };
        let mut entry = json!({ "at_ms": at });
        if let (Some(e), Some(f)) = (entry.as_object_mut(), fault.as_object()) {
            e.extend(f.clone());
        }
        script.push(entry);
    }
    if rng.chance(500_000) {
        at += rng.between(1000, 5000);
        script.push(json!({ "at_ms": at, "op": "heal_network" }));
        for b in 1..=brokers {
            if down[b as usize] {
                script.push(json!({ "at_ms": at, "op": "restart_broker", "broker": b }));
            }
        }
    }
    script
}

/// The scenario of one swarm seed.
fn generate(seed: u64, profile: Profile) -> Value {
    let mut rng = Rng::new(seed, Stream::Faults);
    let brokers = match profile {
        Profile::Safe => rng.between(3, 5),
        Profile::Any => rng.between(1, 5),
    };
    let topics = topics(&mut rng, profile, brokers);
    let producers = producers(&mut rng, profile);
    let mut clients: Vec<String> = (0..producers.len()).map(|i| format!("p{i}")).collect();
    if rng.chance(500_000) {
        clients.push("g0c0".into());
    }
    let mut script = workload(&mut rng, producers.len(), topics.len());
    script.extend(faults(&mut rng, brokers, &clients));
    script.sort_by_key(|e| e["at_ms"].as_u64());
    let mut broker_config = json!({});
    if rng.chance(300_000) {
        broker_config["replica.lag.time.max.ms"] = json!(rng.between(2000, 30000));
    }
    let mut doc = json!({
        "format": "kafka-playground/scenario@1",
        "title": format!("swarm seed {seed}"),
        "seed": seed,
        "brokers": brokers,
        "broker_config": broker_config,
        "network": { "latency_ms": rng.between(0, 5) },
        "topics": topics,
        "producers": producers,
        "script": script,
        "run_until_ms": 120_000
    });
    with_storage(&mut doc, seed);
    with_consumers(&mut doc, seed);
    doc
}

/// Consumer groups on top of a generated scenario, from their own stream:
/// one or two groups of one to three consumers over every topic, with random
/// assignors, timeouts, poll loops (some slower than `max.poll.interval.ms`),
/// and kills, stops and restarts between 2 s and 90 s.
fn with_consumers(doc: &mut Value, seed: u64) {
    let mut rng = Rng::new(seed, Stream::Workload);
    let topics: Vec<Value> = doc["topics"]
        .as_array()
        .map(|t| t.iter().map(|t| t["name"].clone()).collect())
        .unwrap_or_default();
    let mut consumers = Vec::new();
    let mut script = Vec::new();
    for g in 0..rng.between(1, 2) {
        let careful = rng.chance(500_000);
        let strategy = *pick(
            &mut rng,
            &[
                "range",
                "roundrobin",
                "sticky",
                "cooperative-sticky",
                "range,cooperative-sticky",
            ],
        );
        for i in 0..rng.between(1, 3) {
            let id = format!("g{g}c{i}");
            let mut config = json!({
                "auto.offset.reset": "earliest",
                "partition.assignment.strategy": strategy,
                "session.timeout.ms": rng.between(6000, 45_000),
                "heartbeat.interval.ms": rng.between(500, 3000),
                "max.poll.interval.ms": rng.between(5000, 60_000),
                "max.poll.records": rng.between(1, 500),
            });
            if careful {
                config["enable.auto.commit"] = json!(false);
            }
            let slow = rng.chance(200_000);
            consumers.push(json!({
                "id": id, "group": format!("g{g}"), "subscribe": topics, "config": config,
                "poll_every_ms": rng.between(50, 2000),
                "commit_after_poll": careful || rng.chance(300_000),
                "processing_ms": if slow { rng.between(1000, 70_000) } else { 0 },
                "start_at_ms": rng.between(0, 5000),
            }));
            let mut running = true;
            let mut at = 2000;
            for _ in 0..rng.below(4) {
                at += rng.between(500, 20_000);
                let op = if running {
                    running = false;
                    match rng.below(3) {
                        0 => json!({ "op": "kill_consumer", "consumer": id }),
                        1 => {
                            json!({ "op": "stop_consumer", "consumer": id, "commit_sync": rng.chance(500_000) })
                        }
                        _ => {
                            running = true;
                            json!({ "op": "commit", "consumer": id })
                        }
                    }
                } else {
                    running = true;
                    json!({ "op": "start_consumer", "consumer": id })
                };
                let mut entry = json!({ "at_ms": at });
                if let (Some(e), Some(o)) = (entry.as_object_mut(), op.as_object()) {
                    e.extend(o.clone());
                }
                script.push(entry);
            }
        }
    }
    doc["consumers"] = Value::Array(consumers);
    if let Some(all) = doc["script"].as_array_mut() {
        all.extend(script);
        all.sort_by_key(|e| e["at_ms"].as_u64());
    }
}

/// Offsets below a careful group's committed offset, still in the leader's log,
/// that no member of the group was ever handed.
fn skipped_below_committed(doc: &Value, report: &Value) -> Vec<String> {
    let mut skipped = Vec::new();
    for group in report["groups"].as_array().into_iter().flatten() {
        let members: Vec<&Value> = doc["consumers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["group"] == group["group"])
            .collect();
        let careful = members.iter().all(|c| {
            c["commit_after_poll"] == json!(true)
                && c["config"]["enable.auto.commit"] == json!(false)
        });
        if !careful {
            continue;
        }
        for commit in group["committed"].as_array().into_iter().flatten() {
            let (topic, partition) = (&commit["topic"], &commit["partition"]);
            let committed = commit["offset"].as_u64().unwrap_or(0);
            let consumed: Vec<u64> = report["consumers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|c| members.iter().any(|m| m["id"] == c["id"]))
                .flat_map(|c| c["consumed"].as_array().cloned().unwrap_or_default())
                .filter(|r| &r["topic"] == topic && &r["partition"] == partition)
                .filter_map(|r| r["offset"].as_u64())
                .collect();
            let Some(p) = report["partitions"].as_array().and_then(|p| {
                p.iter()
                    .find(|p| &p["topic"] == topic && &p["partition"] == partition)
            }) else {
                continue;
            };
            let leader_log = p["logs"]
                .as_array()
                .and_then(|logs| logs.iter().find(|l| l["broker"] == p["leader"]));
            for record in leader_log
                .and_then(|l| l["records"].as_array())
                .into_iter()
                .flatten()
            {
                let offset = record["offset"].as_u64().unwrap_or(0);
                if offset < committed && !consumed.contains(&offset) {
                    skipped.push(format!(
                        "{}: {topic}-{partition} offset {offset}",
                        group["group"]
                    ));
                }
            }
        }
    }
    skipped
}

/// Log storage on top of a generated scenario, drawn from its own stream so
/// that the rest of a seed's scenario does not change: small segments, short
/// retention and compaction on most topics, keys on most produces (a compacted
/// topic refuses keyless records), and the brokers' retention and cleaner
/// schedules.
fn with_storage(doc: &mut Value, seed: u64) {
    let mut rng = Rng::new(seed, Stream::Log);
    for topic in doc["topics"].as_array_mut().into_iter().flatten() {
        if !rng.chance(700_000) {
            continue;
        }
        let config = &mut topic["config"];
        config["segment.bytes"] = json!(rng.between(200, 4000));
        config["cleanup.policy"] = json!(*pick(&mut rng, &["delete", "compact", "compact,delete"]));
        if rng.chance(600_000) {
            config["retention.ms"] = json!(rng.between(5000, 60_000));
        }
        if rng.chance(300_000) {
            config["retention.bytes"] = json!(rng.between(500, 8000));
        }
        config["delete.retention.ms"] = json!(rng.between(0, 20_000));
        config["min.cleanable.dirty.ratio"] = json!(*pick(&mut rng, &["0.1", "0.5"]));
    }
    for entry in doc["script"].as_array_mut().into_iter().flatten() {
        if entry["op"] == "produce" && rng.chance(700_000) {
            entry["key"] = json!(format!("k{}", rng.below(20)));
        }
    }
    let broker_config = &mut doc["broker_config"];
    broker_config["log.retention.check.interval.ms"] = json!(rng.between(2000, 30_000));
    broker_config["log.initial.task.delay.ms"] = json!(rng.between(0, 30_000));
    broker_config["log.cleaner.backoff.ms"] = json!(rng.between(1000, 15_000));
}

/// Runs one seed; returns the failure, with everything needed to reproduce it.
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
        report(&cluster)
    }));
    let report = outcome.map_err(|_| format!("seed {seed}: panicked\n{}", repro()))?;
    if report["violations"] != json!([]) {
        return Err(format!(
            "seed {seed}: violations {}\n{}",
            report["violations"],
            repro()
        ));
    }
    let skipped = skipped_below_committed(&doc, &report);
    if !skipped.is_empty() {
        return Err(format!(
            "seed {seed}: records skipped below a committed offset {skipped:?}\n{}",
            repro()
        ));
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
fn any_configuration_never_panics_or_breaks_an_invariant() {
    swarm(Profile::Any, 0);
}

#[test]
fn the_safe_configuration_never_loses_an_acknowledged_record() {
    swarm(Profile::Safe, 1_000_000);
}

#[test]
fn a_seed_generates_the_same_scenario_every_time() {
    assert_eq!(generate(42, Profile::Any), generate(42, Profile::Any));
    assert_ne!(generate(42, Profile::Any), generate(43, Profile::Any));
}
