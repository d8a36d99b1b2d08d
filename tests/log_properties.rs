//! Property tests of the segmented log (R-LOG, R-RET, R-COMPACT): random appends
//! (multi-record batches, out-of-order timestamps, tombstones), commits, retention
//! passes, cleanings and truncations, checked against a model of every record
//! ever appended.
//!
//! After every step: offsets strictly increase, each batch lies inside its
//! segment, sizes add up, `logStartOffset ≤ HW ≤ LEO`, no record changes its
//! offset, and a record is missing only where retention (below the log start) or
//! the cleaner (a newer record with its key, or a tombstone past its horizon)
//! removed it. Below the cleaner's checkpoint each key appears at most once, and
//! reading the whole log gives each key its latest value, unless that is a
//! tombstone the cleaner deleted.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use kafka_playground::engine::config::{ConfigMap, LogConfig, BROKER_CONFIGS, TOPIC_CONFIGS};
use kafka_playground::engine::log::{BatchData, DeletionReason, Log, Record, RecordId};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    /// A batch of records `(key, tombstone, timestamp skew)`, `dt` ms later.
    Append {
        records: Vec<(u8, bool, u64)>,
        dt: u64,
    },
    /// The HW moves `n`/4 of the way to the LEO.
    Commit {
        n: u8,
    },
    Retention {
        dt: u64,
    },
    /// A cleaner pass; `force` cleans even below the dirty ratio.
    Clean {
        dt: u64,
        force: bool,
    },
    /// A follower's truncation to somewhere in `[HW, LEO]`.
    Truncate {
        back: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (
            prop::collection::vec((0u8..6, prop::bool::weighted(0.2), 0u64..3000), 1..4),
            0u64..4000
        )
            .prop_map(|(records, dt)| Op::Append { records, dt }),
        3 => (1u8..=4).prop_map(|n| Op::Commit { n }),
        2 => (0u64..20_000).prop_map(|dt| Op::Retention { dt }),
        2 => (0u64..20_000, any::<bool>()).prop_map(|(dt, force)| Op::Clean { dt, force }),
        1 => (0u8..4).prop_map(|back| Op::Truncate { back }),
    ]
}

#[derive(Clone, Debug)]
struct Setup {
    segment_bytes: u64,
    segment_ms: u64,
    retention_ms: i64,
    retention_bytes: i64,
    compact: bool,
    delete: bool,
    delete_retention_ms: u64,
    min_lag_ms: u64,
    ratio_ppm: u64,
}

fn setup() -> impl Strategy<Value = Setup> {
    (
        60u64..1500,
        prop_oneof![Just(604_800_000u64), 1000u64..60_000],
        prop_oneof![Just(-1i64), 1000i64..120_000],
        prop_oneof![Just(-1i64), 0i64..4000],
        0u8..3,
        0u64..30_000,
        prop_oneof![Just(0u64), 0u64..20_000],
        0u64..=1_000_000,
    )
        .prop_map(
            |(
                segment_bytes,
                segment_ms,
                retention_ms,
                retention_bytes,
                policy,
                delete_retention_ms,
                min_lag_ms,
                ratio_ppm,
            )| Setup {
                segment_bytes,
                segment_ms,
                retention_ms,
                retention_bytes,
                compact: policy != 0,
                delete: policy != 1,
                delete_retention_ms,
                min_lag_ms,
                ratio_ppm,
            },
        )
}

fn config(s: &Setup) -> LogConfig {
    let mut c = LogConfig::resolve(
        &ConfigMap::new(TOPIC_CONFIGS),
        &ConfigMap::new(BROKER_CONFIGS),
    );
    c.segment_bytes = s.segment_bytes;
    c.segment_ms = s.segment_ms;
    c.retention_ms = s.retention_ms;
    c.retention_bytes = s.retention_bytes;
    c.cleanup_compact = s.compact;
    c.cleanup_delete = s.delete;
    c.delete_retention_ms = s.delete_retention_ms;
    c.min_compaction_lag_ms = s.min_lag_ms;
    c.min_cleanable_dirty_ratio_ppm = s.ratio_ppm;
    c
}

/// A record as the model remembers it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Model {
    offset: u64,
    seq: u32,
    key: Rc<str>,
    tombstone: bool,
}

struct World {
    log: Log,
    config: LogConfig,
    now: u64,
    /// Every record appended and not truncated, by offset.
    appended: BTreeMap<u64, Model>,
    /// Tombstones stamped by the cleaner, with their horizon.
    horizons: BTreeMap<u64, u64>,
    /// Tombstones the cleaner deleted.
    deleted_tombstones: BTreeSet<u64>,
    next_seq: u32,
}

/// `(offset, seq)` of every record in the log.
fn contents(log: &Log) -> Vec<(u64, u32)> {
    log.batches()
        .flat_map(|b| b.records().map(|(o, r)| (o, r.id.seq)).collect::<Vec<_>>())
        .collect()
}

impl World {
    fn apply(&mut self, op: &Op) -> Result<(), TestCaseError> {
        match op {
            Op::Append { records, dt } => {
                self.now += dt;
                let base = self.log.log_end_offset();
                let mut batch = Vec::new();
                for (i, (key, tombstone, skew)) in records.iter().enumerate() {
                    let seq = self.next_seq;
                    self.next_seq += 1;
                    let key: Rc<str> = format!("k{key}").into();
                    batch.push(Record {
                        id: RecordId { producer: 0, seq },
                        key: Some(key.clone()),
                        value: (!tombstone).then(|| format!("v{seq}").into()),
                        timestamp_ms: self.now.saturating_sub(*skew),
                    });
                    let offset = base + i as u64;
                    let tombstone = *tombstone;
                    self.appended.insert(
                        offset,
                        Model {
                            offset,
                            seq,
                            key,
                            tombstone,
                        },
                    );
                }
                let data = Rc::new(BatchData::new(0, None, batch));
                let (placed, _) = self.log.append_as_leader(data, self.now, &self.config);
                prop_assert_eq!(placed.base_offset, base);
            }
            Op::Commit { n } => {
                let (hw, leo) = (self.log.high_watermark(), self.log.log_end_offset());
                self.log
                    .maybe_increment_high_watermark(hw + (leo - hw) * u64::from(*n) / 4);
            }
            Op::Retention { dt } => {
                self.now += dt;
                let before_start = self.log.log_start_offset();
                let hw = self.log.high_watermark();
                let outcome = self.log.delete_old_segments(&self.config, self.now);
                for d in &outcome.deleted {
                    prop_assert!(d.end_offset <= hw, "deleted past the HW: {d:?}");
                    match d.reason {
                        DeletionReason::Time => {
                            let limit = u64::try_from(self.config.retention_ms).unwrap_or(u64::MAX);
                            if let Some(ts) = d.largest_timestamp_ms {
                                prop_assert!(self.now - ts.min(self.now) > limit, "{d:?}");
                            }
                        }
                        DeletionReason::LogStartOffset => {
                            prop_assert!(d.end_offset <= before_start)
                        }
                        DeletionReason::Size => {}
                    }
                }
                // A pass leaves nothing that another pass at once would delete.
                let again = self.log.delete_old_segments(&self.config, self.now);
                prop_assert!(again.deleted.is_empty(), "not a fixpoint: {again:?}");
            }
            Op::Clean { dt, force } => {
                self.now += dt;
                let Some(to_clean) = self.log.cleanable(&self.config, self.now) else {
                    return Ok(());
                };
                prop_assert!(
                    to_clean.first_uncleanable_offset
                        <= self.log.segments().back().map_or(0, |s| s.base_offset),
                    "the active segment is never cleanable"
                );
                if !(*force || to_clean.qualifies(self.config.min_cleanable_dirty_ratio_ppm))
                    || !self.config.cleanup_compact
                {
                    return Ok(());
                }
                let before: BTreeSet<(u64, u32)> = contents(&self.log).into_iter().collect();
                let start = self.log.log_start_offset();
                let outcome = self.log.clean(&to_clean, &self.config, self.now);
                prop_assert_eq!(self.log.log_start_offset(), start, "R-COMPACT-5");
                let after: BTreeSet<(u64, u32)> = contents(&self.log).into_iter().collect();
                let gone: BTreeSet<(u64, u32)> = before.difference(&after).copied().collect();
                let reported: BTreeSet<(u64, u32)> =
                    outcome.removed.iter().map(|(o, id)| (*o, id.seq)).collect();
                prop_assert_eq!(&gone, &reported);
                prop_assert!(after.is_subset(&before));
                for (offset, _) in &outcome.tombstones_stamped {
                    self.horizons
                        .insert(*offset, self.now + self.config.delete_retention_ms);
                }
                for (offset, _) in &outcome.tombstones_removed {
                    let horizon = self.horizons.get(offset).copied();
                    prop_assert!(
                        horizon.is_some_and(|h| h <= self.now),
                        "tombstone {offset} removed at {} before its horizon {horizon:?}",
                        self.now
                    );
                    self.deleted_tombstones.insert(*offset);
                }
            }
            Op::Truncate { back } => {
                let (hw, leo) = (self.log.high_watermark(), self.log.log_end_offset());
                let to = leo.saturating_sub(u64::from(*back)).max(hw);
                let removed = self.log.truncate_to(to, self.now);
                let removed: Vec<u64> = removed
                    .iter()
                    .flat_map(|b| b.records().map(|(o, _)| o).collect::<Vec<_>>())
                    .collect();
                prop_assert!(removed.iter().all(|o| *o >= to));
                self.appended.retain(|o, _| *o < to);
                self.horizons.retain(|o, _| *o < to);
                self.deleted_tombstones.retain(|o| *o < to);
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), TestCaseError> {
        let log = &self.log;
        let (start, hw, leo) = (
            log.log_start_offset(),
            log.high_watermark(),
            log.log_end_offset(),
        );
        prop_assert!(start <= hw && hw <= leo, "{start} ≤ {hw} ≤ {leo}");
        let segments = log.segments();
        prop_assert!(!segments.is_empty());
        prop_assert!(
            segments[0].base_offset <= start,
            "the first segment holds the log start"
        );
        let mut last: Option<u64> = None;
        for (i, segment) in segments.iter().enumerate() {
            let upper = segments.get(i + 1).map_or(leo, |n| n.base_offset);
            prop_assert!(segment.base_offset <= upper, "segments in order");
            prop_assert_eq!(
                segment.size_bytes,
                segment.batches.iter().map(|b| b.size_bytes).sum::<u64>()
            );
            prop_assert!(
                segment.size_bytes <= self.config.segment_bytes || segment.batches.len() <= 1,
                "segment {} holds {} bytes",
                segment.base_offset,
                segment.size_bytes
            );
            for batch in &segment.batches {
                prop_assert_eq!(batch.size_bytes, batch.data.size_bytes());
                prop_assert!(!batch.data.records.is_empty());
                prop_assert!(batch.base_offset >= segment.base_offset);
                prop_assert!(batch.next_offset() <= upper, "batch inside its segment");
                for (offset, record) in batch.records() {
                    prop_assert!(last.is_none_or(|l| offset > l), "offsets strictly increase");
                    prop_assert!(offset >= batch.base_offset && offset < batch.next_offset());
                    last = Some(offset);
                    let model = self.appended.get(&offset);
                    prop_assert!(
                        model.is_some_and(|m| m.seq == record.id.seq),
                        "offset {offset} holds seq {} instead of {model:?}",
                        record.id.seq
                    );
                    prop_assert!(offset >= start, "a readable record below the log start");
                }
            }
        }
        let present: BTreeMap<u64, u32> = contents(log).into_iter().collect();
        let checkpoint = log.cleaner_checkpoint().unwrap_or(0);
        for (offset, m) in self.appended.range(start..) {
            if present.contains_key(offset) {
                continue;
            }
            // Missing: only the cleaner may have removed it.
            prop_assert!(
                self.config.cleanup_compact,
                "offset {offset} vanished without compaction"
            );
            prop_assert!(
                *offset < checkpoint,
                "offset {offset} vanished above the checkpoint {checkpoint}"
            );
            let superseded = self
                .appended
                .range(offset + 1..checkpoint)
                .any(|(_, n)| n.key == m.key);
            let deleted_tombstone = m.tombstone && self.deleted_tombstones.contains(offset);
            prop_assert!(
                superseded || deleted_tombstone,
                "offset {offset} ({m:?}) removed without cause"
            );
        }
        if let Some(checkpoint) = log.cleaner_checkpoint().filter(|c| *c >= start) {
            // Below the checkpoint each key appears at most once: its latest record.
            let mut seen = BTreeSet::new();
            for (offset, _) in present.range(start..checkpoint) {
                let key = &self.appended[offset].key;
                prop_assert!(
                    seen.insert(key.clone()),
                    "key {key} twice below the checkpoint"
                );
            }
        }
        if self.config.cleanup_compact {
            // The latest value of each key, as a reader from the log start sees it.
            let mut latest_model: BTreeMap<Rc<str>, &Model> = BTreeMap::new();
            for m in self.appended.range(start..).map(|(_, m)| m) {
                latest_model.insert(m.key.clone(), m);
            }
            let mut latest_log: BTreeMap<Rc<str>, u64> = BTreeMap::new();
            for offset in present.keys() {
                latest_log.insert(self.appended[offset].key.clone(), *offset);
            }
            for (key, m) in &latest_model {
                if self.deleted_tombstones.contains(&m.offset) {
                    prop_assert!(
                        !latest_log.contains_key(key),
                        "{key} outlived its deleted tombstone"
                    );
                } else {
                    prop_assert_eq!(latest_log.get(key), Some(&m.offset), "latest of {}", key);
                }
            }
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn segments_offsets_retention_and_compaction_hold_their_invariants(
        setup in setup(),
        ops in prop::collection::vec(op(), 1..80),
    ) {
        let mut world = World {
            log: Log::new(0),
            config: config(&setup),
            now: 0,
            appended: BTreeMap::new(),
            horizons: BTreeMap::new(),
            deleted_tombstones: BTreeSet::new(),
            next_seq: 0,
        };
        for op in &ops {
            world.apply(op)?;
            world.check()?;
        }
    }
}
