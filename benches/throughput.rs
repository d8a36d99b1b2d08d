//! The engine's throughput benchmark (`cargo bench --bench throughput`): the
//! scenario `benches/load.json` — 3 brokers, 6 partitions, RF 3, acks=all, one
//! million records, every message simulated — run natively, without a trace.
//! Prints wall time, simulated records per second and peak memory (VmHWM).
//! `cargo bench --bench throughput -- FILE.json` runs another scenario the same way;
//! `benches/load-consumers.json` adds a group of 10 consumers over 60 partitions,
//! to compare with its baseline `benches/load-60.json`.

use std::time::Instant;

use kafka_playground::scenario::{self, run::start};

fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    // `cargo test --all-targets` runs this file without `--bench`: check that the
    // scenario is valid, and leave the timing to `cargo bench`.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let path = std::env::args()
        .skip(1)
        .find(|a| a.ends_with(".json"))
        .unwrap_or_else(|| format!("{}/benches/load.json", env!("CARGO_MANIFEST_DIR")));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let parsed = scenario::parse(&text).unwrap_or_else(|e| panic!("{path}: {e:?}"));
    if !benchmarking {
        println!("{path}: valid; run `cargo bench --bench throughput` to time it");
        return;
    }
    let started = Instant::now();
    let mut cluster = start(&parsed, false);
    let mut steps = 0u64;
    while cluster
        .next_event_ms()
        .is_some_and(|t| t <= parsed.run_until_ms)
    {
        cluster.step();
        steps += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let records = cluster.ledger().len() as f64;
    let acked = cluster
        .ledger()
        .records()
        .filter(|r| r.status.name() == "acked")
        .count();
    println!("scenario: {path}");
    println!(
        "records: {records} produced, {acked} acked; steps: {steps}; violations: {}",
        cluster.violations().len()
    );
    println!(
        "wall: {elapsed:.3} s; throughput: {:.0} records/s; steps/s: {:.0}",
        records / elapsed,
        steps as f64 / elapsed
    );
    if !cluster.consumers().is_empty() {
        let consumed: u64 = cluster
            .consumers()
            .iter()
            .map(|c| c.consumed.len() as u64 + c.consumed_dropped)
            .sum();
        println!(
            "consumers: {}; records consumed: {consumed}",
            cluster.consumers().len()
        );
    }
    if let Some(kb) = peak_memory_kb() {
        println!("peak memory (VmHWM): {:.1} MiB", kb as f64 / 1024.0);
    }
}
