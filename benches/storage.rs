//! Storage benchmark: the cost of appends, retention and compaction over long
//! runs, and the memory they hold.
//!
//!     cargo bench --bench storage              # both workloads, each in its own process
//!     cargo bench --bench storage -- compacted # one of them
//!     cargo bench --bench storage -- retained
//!
//! - `compacted`: a `cleanup.policy=compact` partition (`segment.bytes` 1 MiB,
//!   the other configs at their defaults) takes 2,000,000 updates of 100,000
//!   keys (uniformly drawn from a seeded generator, 1% tombstones) at 1000
//!   updates per simulated second; the cleaner thread wakes every
//!   `log.cleaner.backoff.ms`.
//! - `retained`: a `cleanup.policy=delete` partition with `retention.ms` one hour
//!   and `segment.bytes` 1 MiB takes 50 records per simulated second for a week
//!   (30,240,000 records); the retention task runs every
//!   `log.retention.check.interval.ms` (5 min) after `log.initial.task.delay.ms`.
//!
//! Each record is its own 100-byte batch (as in the scenarios), with freshly
//! allocated key and value strings. The broker's own retention task and cleaner
//! thread (`broker::log_manager`) run at the times their timers ask for; the
//! partition is a single replica, so its HW follows its LEO, and there is no
//! network, producer or ledger: this measures storage alone.
//!
//! Printed: wall time, time per append, the cost of the retention and cleaner
//! passes (first and last, to show it does not grow with what was already
//! removed), what the log holds at the end, and memory: the resident set at
//! intervals and its peak (`VmHWM` from `/proc/self/status`).

use std::process::Command;
use std::rc::Rc;
use std::time::{Duration, Instant};

use kafka_playground::engine::broker::{Broker, BrokerOut, BrokerTimer};
use kafka_playground::engine::config::{ConfigMap, LogConfig, BROKER_CONFIGS, TOPIC_CONFIGS};
use kafka_playground::engine::ids::Tp;
use kafka_playground::engine::log::{BatchData, Record, RecordId};
use kafka_playground::engine::rng::{Rng, Stream};

const HOUR_MS: u64 = 3_600_000;
const MIB: u64 = 1 << 20;

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn mib(kb: u64) -> String {
    format!("{:.1} MiB", kb as f64 / 1024.0)
}

/// A broker with one partition whose topic config is `topic`.
fn broker_with(topic: &[(&str, serde_json::Value)]) -> (Broker, Tp) {
    let mut broker = Broker::new(1, ConfigMap::new(BROKER_CONFIGS));
    let mut topic_config = ConfigMap::new(TOPIC_CONFIGS);
    for (k, v) in topic {
        topic_config.set(k, v).expect("valid topic config");
    }
    let config = LogConfig::resolve(&topic_config, &broker.config.map);
    let tp = Tp::new(0, 0);
    let replica = broker.new_replica(tp, config, 0);
    broker.replicas.insert(tp, replica);
    (broker, tp)
}

/// The broker's log tasks, fired at the times their timers ask for.
struct Tasks {
    retention_at: u64,
    retention_period: u64,
    cleaner_at: u64,
    retention: Stats,
    /// Cleaner wake-ups that found nothing to clean.
    idle: Stats,
    /// Cleaner wake-ups that cleaned the log.
    cleanings: Stats,
    /// Each cleaning's time per record in the log before it.
    ns_per_record: Vec<u64>,
}

#[derive(Default)]
struct Stats {
    runs: u64,
    total: Duration,
    first: Option<Duration>,
    last: Duration,
    max: Duration,
    each_ms: Vec<u128>,
}

impl Stats {
    fn add(&mut self, took: Duration) {
        self.runs += 1;
        self.total += took;
        self.first.get_or_insert(took);
        self.last = took;
        self.max = self.max.max(took);
        self.each_ms.push(took.as_millis());
    }

    fn line(&self, what: &str) -> String {
        format!(
            "{what}: {} passes, {:?} in all; first {:?}, last {:?}, longest {:?}",
            self.runs,
            self.total,
            self.first.unwrap_or_default(),
            self.last,
            self.max
        )
    }
}

impl Tasks {
    fn start(broker: &Broker) -> Self {
        let mut out = BrokerOut::new(0, false);
        broker.start_log_tasks(&mut out);
        let mut tasks = Tasks {
            retention_at: u64::MAX,
            retention_period: 0,
            cleaner_at: u64::MAX,
            retention: Stats::default(),
            idle: Stats::default(),
            cleanings: Stats::default(),
            ns_per_record: Vec::new(),
        };
        tasks.take(out);
        tasks
    }

    fn take(&mut self, out: BrokerOut) {
        for (at, timer) in out.timers {
            match timer {
                BrokerTimer::LogRetention { period_ms } => {
                    self.retention_at = at;
                    self.retention_period = period_ms;
                }
                BrokerTimer::LogCleaner => self.cleaner_at = at,
                _ => {}
            }
        }
    }

    /// Runs every task due at or before `now_ms`.
    fn run_until(&mut self, broker: &mut Broker, tp: Tp, now_ms: u64) {
        loop {
            let at = self.retention_at.min(self.cleaner_at);
            if at > now_ms {
                return;
            }
            let mut out = BrokerOut::new(at, false);
            // Counted outside the timing, and only where there is cleaning to time.
            let replica = &broker.replicas[&tp];
            let records: u64 = if replica.config.cleanup_compact && self.cleaner_at == at {
                replica
                    .log
                    .segments()
                    .iter()
                    .map(|s| s.record_count())
                    .sum()
            } else {
                0
            };
            let started = Instant::now();
            if self.retention_at == at {
                broker.run_log_retention(self.retention_period, &mut out);
                self.retention.add(started.elapsed());
            } else {
                let checkpoint = |b: &Broker| b.replicas[&tp].log.cleaner_checkpoint();
                let before = checkpoint(broker);
                broker.run_log_cleaner(&mut out);
                if checkpoint(broker) == before {
                    self.idle.add(started.elapsed());
                } else {
                    let took = started.elapsed();
                    self.cleanings.add(took);
                    self.ns_per_record
                        .push(took.as_nanos() as u64 / records.max(1));
                }
            }
            self.take(out);
        }
    }
}

fn append(broker: &mut Broker, tp: Tp, record: Record, now_ms: u64) {
    let Some(replica) = broker.replicas.get_mut(&tp) else {
        return;
    };
    let data = Rc::new(BatchData::new(0, None, vec![record]));
    replica.log.append_as_leader(data, now_ms, &replica.config);
    let leo = replica.log.log_end_offset();
    replica.log.set_high_watermark(leo);
}

fn describe(broker: &Broker, tp: Tp) -> String {
    let log = &broker.replicas[&tp].log;
    let records: u64 = log.segments().iter().map(|s| s.record_count()).sum();
    format!(
        "log: start {} end {}, {} segments, {} records, {} bytes",
        log.log_start_offset(),
        log.log_end_offset(),
        log.segments().len(),
        records,
        log.size_bytes()
    )
}

/// `scale` divides the sizes: 1 for the benchmark, more for a quick check.
fn compacted(scale: u64) {
    let keys: u64 = 100_000 / scale;
    let updates: u64 = 2_000_000 / scale;
    const EVERY_US: u64 = 1000; // 1000 updates per simulated second
    let (mut broker, tp) = broker_with(&[
        ("cleanup.policy", "compact".into()),
        ("segment.bytes", MIB.into()),
    ]);
    let mut tasks = Tasks::start(&broker);
    let mut rng = Rng::new(7, Stream::Workload);
    let started = Instant::now();
    let mut appending = Duration::ZERO;
    for i in 0..updates {
        let now = 1 + i * EVERY_US / 1000;
        tasks.run_until(&mut broker, tp, now);
        let key = format!("key-{:06}", rng.below(keys));
        let value = (!rng.chance(10_000)).then(|| format!("value-{i:026}").into());
        let record = Record {
            id: RecordId {
                producer: 0,
                seq: i as u32,
            },
            key: Some(key.into()),
            value,
            timestamp_ms: now,
        };
        let t = Instant::now();
        append(&mut broker, tp, record, now);
        appending += t.elapsed();
        if (i + 1) % 500_000 == 0 {
            println!(
                "  {:>9} updates: RSS {}, {}",
                i + 1,
                mib(status_kb("VmRSS:")),
                describe(&broker, tp)
            );
        }
    }
    // One more cleaner wake-up after the last update's segment closes.
    let end = 1 + updates * EVERY_US / 1000;
    tasks.run_until(&mut broker, tp, end + 60_000);
    let wall = started.elapsed();
    println!(
        "compacted: {keys} keys, {updates} updates in {:?} wall",
        wall
    );
    println!(
        "  appends: {:?} in all, {:.0} ns each",
        appending,
        appending.as_nanos() as f64 / updates as f64
    );
    println!(
        "  {}",
        tasks.cleanings.line("cleaner wake-ups that cleaned")
    );
    println!("    each cleaning (ms): {:?}", tasks.cleanings.each_ms);
    println!(
        "    each cleaning per record in the log (ns): {:?}",
        tasks.ns_per_record
    );
    println!(
        "  {}",
        tasks.idle.line("cleaner wake-ups with nothing to clean")
    );
    println!("  end {}", describe(&broker, tp));
    println!("  peak RSS (VmHWM) {}", mib(status_kb("VmHWM:")));
}

fn retained(scale: u64) {
    const PER_SECOND: u64 = 50;
    let week_ms: u64 = 7 * 24 * HOUR_MS / scale;
    let (mut broker, tp) = broker_with(&[
        ("retention.ms", HOUR_MS.into()),
        ("segment.bytes", MIB.into()),
    ]);
    let mut tasks = Tasks::start(&broker);
    let started = Instant::now();
    let mut appending = Duration::ZERO;
    let total = week_ms / 1000 * PER_SECOND;
    for i in 0..total {
        let now = i * 1000 / PER_SECOND;
        tasks.run_until(&mut broker, tp, now);
        let record = Record {
            id: RecordId {
                producer: 0,
                seq: i as u32,
            },
            key: None,
            value: Some(format!("value-{i:026}").into()),
            timestamp_ms: now,
        };
        let t = Instant::now();
        append(&mut broker, tp, record, now);
        appending += t.elapsed();
        if i > 0 && now % (24 * HOUR_MS) == 0 {
            println!(
                "  day {}: RSS {}, {}",
                now / (24 * HOUR_MS),
                mib(status_kb("VmRSS:")),
                describe(&broker, tp)
            );
        }
    }
    tasks.run_until(&mut broker, tp, week_ms);
    let wall = started.elapsed();
    println!(
        "retained: {total} records over {} simulated hours in {:?} wall",
        week_ms / HOUR_MS,
        wall
    );
    println!(
        "  appends: {:?} in all, {:.0} ns each",
        appending,
        appending.as_nanos() as f64 / total as f64
    );
    println!("  {}", tasks.retention.line("retention"));
    println!("  end {}", describe(&broker, tp));
    println!("  peak RSS (VmHWM) {}", mib(status_kb("VmHWM:")));
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let wants = |w: &str| args.iter().any(|a| a == w);
    if !wants("--bench") {
        // `cargo test --all-targets` runs benches without `--bench`: a quick
        // check at 1/100 of the sizes; `cargo bench` times the real thing.
        compacted(100);
        retained(100);
    } else if wants("compacted") {
        compacted(1);
    } else if wants("retained") {
        retained(1);
    } else {
        // Each workload in its own process, so that each peak RSS is its own.
        let me = std::env::current_exe().expect("own path");
        for workload in ["compacted", "retained"] {
            let status = Command::new(&me)
                .args(["--bench", workload])
                .status()
                .expect("run");
            assert!(status.success(), "{workload} failed");
        }
    }
}
