//! Log compaction (`LogCleaner`, `LogCleanerManager`, `Cleaner.doClean`) for
//! topics whose `cleanup.policy` includes `compact`.
//!
//! - R-COMPACT-1: a log qualifies when its dirty ratio
//!   `cleanableBytes / (cleanBytes + cleanableBytes)` is strictly greater than
//!   `min.cleanable.dirty.ratio`, or when `max.compaction.lag.ms` is overdue.
//!   Ratios are compared by cross-multiplication: no float takes part.
//! - R-COMPACT-2: the cleanable range is `[firstDirtyOffset, firstUncleanable)`:
//!   from the cleaner's checkpoint (the log start the first time) to the base of
//!   the segment holding the smallest of the LSO (the HW, as there are no
//!   transactions), the active segment's base offset, and the first segment
//!   whose largest timestamp is within `min.compaction.lag.ms` of now. The active
//!   segment is never cleaned.
//! - R-COMPACT-3: an offset map `key → latest offset` is built over the dirty
//!   range; then every segment below its end is rewritten, grouped by their
//!   sizes before cleaning (`groupSegmentsBySize`). A record stays iff its offset
//!   is at least its key's entry (keys not in the map stay) and it has a value or
//!   is a tombstone still inside its delete horizon. Keyless records are dropped.
//!   Offsets never change; a batch keeps its base and last offsets.
//! - R-COMPACT-4: the first cleaning that keeps a tombstone stamps its batch with
//!   `deleteHorizonMs = now + delete.retention.ms`; a later cleaning at or after
//!   the horizon removes it.
//! - R-COMPACT-5: compaction never moves the log start offset.
//!
//! Simplified: the offset map is unbounded (Kafka's `log.cleaner.dedupe.buffer
//! .size` can make one pass cover only part of a very large dirty range), and a
//! cleaning takes no simulated time. Cost: a pass reads the segments it rewrites
//! (what compaction kept, plus the dirty range); records removed earlier cost
//! nothing.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasherDefault;
use std::rc::Rc;

use super::{Batch, Log, RecordId, Segment};
use crate::engine::config::LogConfig;

/// One million: ratios are in parts per million.
const PPM: u128 = 1_000_000;

/// The cleaner's offset map (`SkimpyOffsetMap`): key → latest offset. Only
/// looked up, never iterated, with a fixed-key hasher, so runs stay
/// deterministic.
type OffsetMap = HashMap<Rc<str>, u64, BuildHasherDefault<DefaultHasher>>;

/// A compacted log's cleanable range and sizes (`LogToClean`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogToClean {
    pub first_dirty_offset: u64,
    pub first_uncleanable_offset: u64,
    /// Bytes of the segments below the first dirty offset.
    pub clean_bytes: u64,
    /// Bytes of the segments in the cleanable range.
    pub cleanable_bytes: u64,
    /// `max.compaction.lag.ms` is overdue for a dirty segment.
    pub need_compaction_now: bool,
}

impl LogToClean {
    pub fn total_bytes(&self) -> u64 {
        self.clean_bytes + self.cleanable_bytes
    }

    /// The dirty ratio in parts per million, for display.
    pub fn ratio_ppm(&self) -> u64 {
        match self.total_bytes() {
            0 => 0,
            total => (u128::from(self.cleanable_bytes) * PPM / u128::from(total)) as u64,
        }
    }

    /// R-COMPACT-1: whether the cleaner may pick this log.
    pub fn qualifies(&self, min_cleanable_ratio_ppm: u64) -> bool {
        (self.need_compaction_now && self.cleanable_bytes > 0)
            || u128::from(self.cleanable_bytes) * PPM
                > u128::from(min_cleanable_ratio_ppm) * u128::from(self.total_bytes())
    }

    /// Whether this log's dirty ratio is strictly greater than `other`'s.
    pub fn dirtier_than(&self, other: &LogToClean) -> bool {
        u128::from(self.cleanable_bytes) * u128::from(other.total_bytes())
            > u128::from(other.cleanable_bytes) * u128::from(self.total_bytes())
    }
}

/// What one cleaning did, for the trace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CleanOutcome {
    pub first_dirty_offset: u64,
    /// The new checkpoint: one past the last offset of the dirty range.
    pub end_offset: u64,
    /// Every record removed, with its offset.
    pub removed: Vec<(u64, RecordId)>,
    /// Tombstones removed because their delete horizon had passed (also in `removed`).
    pub tombstones_removed: Vec<(u64, RecordId)>,
    /// Tombstones kept and stamped with a delete horizon for the first time.
    pub tombstones_stamped: Vec<(u64, RecordId)>,
    pub delete_horizon_ms: Option<u64>,
    pub segments_before: usize,
    pub segments_after: usize,
    pub bytes_before: u64,
    pub bytes_after: u64,
}

impl Log {
    /// The segments whose base offset lies in `[floor(from), to)`, as indexes
    /// (`LocalLog.segments(from, to)`).
    fn segment_range(&self, from: u64, to: u64) -> std::ops::Range<usize> {
        let end = self.segments.partition_point(|s| s.base_offset < to);
        let floor = self
            .segments
            .partition_point(|s| s.base_offset <= from)
            .saturating_sub(1);
        floor.min(end)..end
    }

    fn bytes_of(&self, range: std::ops::Range<usize>) -> u64 {
        self.segments.range(range).map(|s| s.size_bytes).sum()
    }

    /// `cleanableOffsets`, `calculateCleanableBytes` and `maxCompactionDelay`:
    /// the range the cleaner would clean now and its sizes (R-COMPACT-1, 2).
    /// `None` for an empty log.
    pub fn cleanable(&self, config: &LogConfig, now_ms: u64) -> Option<LogToClean> {
        let active_base = self.segments.back()?.base_offset;
        let first_dirty = match self.cleaner_checkpoint {
            Some(c) if (self.log_start_offset..=self.log_end_offset).contains(&c) => c,
            _ => self.log_start_offset,
        };
        // Segments from the one holding `first_dirty` up to the active one.
        let dirty_non_active = self.segment_range(first_dirty, active_base);
        let lagging = (config.min_compaction_lag_ms > 0)
            .then(|| {
                self.segments
                    .range(dirty_non_active.clone())
                    .find(|s| {
                        s.retention_timestamp_ms()
                            .saturating_add(config.min_compaction_lag_ms)
                            > now_ms
                    })
                    .map(|s| s.base_offset)
            })
            .flatten();
        let uncleanable = [Some(self.high_watermark), Some(active_base), lagging]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(active_base);
        let first_uncleanable = match self.segment_range(uncleanable, active_base) {
            r if r.is_empty() => active_base,
            r => self.segments[r.start].base_offset,
        };
        let clean_bytes = self.bytes_of(0..self.segment_range(first_dirty, first_dirty).end);
        let cleanable_bytes = self
            .bytes_of(self.segment_range(first_dirty.min(first_uncleanable), first_uncleanable));
        let earliest_dirty = self
            .segments
            .range(dirty_non_active)
            .filter_map(|s| s.first_batch_timestamp_ms)
            .filter(|&t| t > 0)
            .min();
        let need_compaction_now =
            earliest_dirty.is_some_and(|t| t.saturating_add(config.max_compaction_lag_ms) < now_ms);
        let to_clean = LogToClean {
            first_dirty_offset: first_dirty,
            first_uncleanable_offset: first_uncleanable,
            clean_bytes,
            cleanable_bytes,
            need_compaction_now,
        };
        (to_clean.total_bytes() > 0).then_some(to_clean)
    }

    /// `Cleaner.doClean`: compacts everything below the end of the dirty range
    /// (R-COMPACT-3, 4) and moves the checkpoint there.
    pub fn clean(
        &mut self,
        to_clean: &LogToClean,
        config: &LogConfig,
        now_ms: u64,
    ) -> CleanOutcome {
        let first_dirty = to_clean.first_dirty_offset;
        let mut outcome = CleanOutcome {
            first_dirty_offset: first_dirty,
            end_offset: first_dirty,
            segments_before: self.segments.len(),
            segments_after: self.segments.len(),
            ..CleanOutcome::default()
        };
        let dirty = self.segment_range(first_dirty, to_clean.first_uncleanable_offset);
        let mut map = OffsetMap::default();
        let mut latest: Option<u64> = None;
        for segment in self.segments.range(dirty) {
            for batch in &segment.batches {
                for (offset, record) in batch.records() {
                    if let (Some(key), true) = (&record.key, offset >= first_dirty) {
                        map.insert(key.clone(), offset);
                    }
                }
                if batch.last_offset() >= first_dirty {
                    latest = latest.max(Some(batch.last_offset()));
                }
            }
        }
        let Some(latest) = latest else {
            return outcome;
        };
        let end_offset = latest + 1;
        let count = self
            .segments
            .partition_point(|s| s.base_offset < end_offset);
        let groups = group_by_size(
            self.segments.range(..count),
            config,
            to_clean.first_uncleanable_offset,
        );
        let old: Vec<Segment> = self.segments.drain(..count).collect();
        outcome.bytes_before = old.iter().map(|s| s.size_bytes).sum();
        let horizon = now_ms.saturating_add(config.delete_retention_ms);
        let mut cleaned: VecDeque<Segment> = VecDeque::with_capacity(groups.len());
        let mut sources = old.into_iter();
        for group_len in groups {
            let group: Vec<Segment> = sources.by_ref().take(group_len).collect();
            let Some(first) = group.first() else {
                continue;
            };
            let mut segment = Segment::new(first.base_offset, now_ms);
            let last_modified = group.last().map_or(now_ms, |s| s.last_modified_ms);
            for batch in group.into_iter().flat_map(|s| s.batches) {
                if let Some(kept) = clean_batch(&batch, &map, latest, now_ms, horizon, &mut outcome)
                {
                    segment.push(kept, now_ms);
                }
            }
            segment.last_modified_ms = last_modified;
            cleaned.push_back(segment);
        }
        outcome.bytes_after = cleaned.iter().map(|s| s.size_bytes).sum();
        for segment in cleaned.into_iter().rev() {
            self.segments.push_front(segment);
        }
        outcome.segments_after = self.segments.len();
        outcome.end_offset = end_offset;
        outcome.delete_horizon_ms = (!outcome.tombstones_stamped.is_empty()).then_some(horizon);
        self.cleaner_checkpoint = Some(end_offset);
        outcome
    }
}

/// `shouldRetainRecord` and `MemoryRecords.filterTo` for one batch: the batch
/// to keep (the same one when nothing changes), or `None` when no record stays.
fn clean_batch(
    batch: &Batch,
    map: &OffsetMap,
    latest: u64,
    now_ms: u64,
    horizon: u64,
    outcome: &mut CleanOutcome,
) -> Option<Batch> {
    let data = &batch.data;
    let inside_horizon = data.delete_horizon_ms.is_none_or(|h| now_ms < h);
    let mut keep = Vec::with_capacity(data.records.len());
    let mut kept_tombstones = Vec::new();
    for (offset, record) in batch.records() {
        let retain = offset > latest
            || record.key.as_ref().is_some_and(|key| {
                let latest_for_key = map.get(key).is_none_or(|&found| offset >= found);
                latest_for_key && (record.value.is_some() || inside_horizon)
            });
        match (retain, record.value.is_none()) {
            (true, true) => kept_tombstones.push((offset, record.id)),
            (true, false) => {}
            (false, tombstone) => {
                outcome.removed.push((offset, record.id));
                if tombstone && !inside_horizon {
                    outcome.tombstones_removed.push((offset, record.id));
                }
            }
        }
        keep.push(retain);
    }
    let stamp = !kept_tombstones.is_empty() && data.delete_horizon_ms.is_none();
    if keep.iter().all(|k| *k) && !stamp {
        return Some(batch.clone());
    }
    let mut flags = keep.into_iter();
    let mut kept = data.retain(|_, _| flags.next().unwrap_or(false))?;
    if stamp {
        kept.delete_horizon_ms = Some(horizon);
        outcome.tombstones_stamped.extend(kept_tombstones);
    }
    Some(Batch::new(batch.base_offset, Rc::new(kept)))
}

/// `groupSegmentsBySize`: consecutive segments whose sizes before cleaning, and
/// index sizes, fit in one segment, and whose offsets fit relative to the
/// group's base. Returns the length of each group.
fn group_by_size<'a>(
    segments: impl Iterator<Item = &'a Segment>,
    config: &LogConfig,
    first_uncleanable_offset: u64,
) -> Vec<usize> {
    let segments: Vec<&Segment> = segments.collect();
    let mut groups = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        let first = segments[i];
        let (mut size, mut index, mut time_index) = (
            first.size_bytes,
            first.offset_index_bytes(),
            first.time_index_bytes(),
        );
        let mut len = 1;
        while let Some(next) = segments.get(i + len) {
            let next_end = segments
                .get(i + len + 1)
                .map_or(first_uncleanable_offset, |s| s.base_offset);
            let fits = size + next.size_bytes <= config.segment_bytes
                && index + next.offset_index_bytes() <= config.segment_index_bytes
                && time_index + next.time_index_bytes() <= config.segment_index_bytes
                && (next.size_bytes == 0
                    || next_end.saturating_sub(1).saturating_sub(first.base_offset)
                        <= i32::MAX as u64);
            if !fits {
                break;
            }
            size += next.size_bytes;
            index += next.offset_index_bytes();
            time_index += next.time_index_bytes();
            len += 1;
        }
        groups.push(len);
        i += len;
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::{ConfigMap, BROKER_CONFIGS, TOPIC_CONFIGS};
    use crate::engine::log::{BatchData, Record};

    fn config() -> LogConfig {
        let mut c = LogConfig::resolve(
            &ConfigMap::new(TOPIC_CONFIGS),
            &ConfigMap::new(BROKER_CONFIGS),
        );
        c.cleanup_compact = true;
        c.cleanup_delete = false;
        c.segment_bytes = 300;
        c.delete_retention_ms = 10_000;
        c
    }

    fn record(seq: u32, key: Option<&str>, value: Option<&str>, ts: u64) -> Record {
        Record {
            id: RecordId { producer: 0, seq },
            key: key.map(Into::into),
            value: value.map(Into::into),
            timestamp_ms: ts,
        }
    }

    /// Appends one batch as leader and commits it.
    fn append(log: &mut Log, records: Vec<Record>, c: &LogConfig) {
        let ts = records.iter().map(|r| r.timestamp_ms).max().unwrap_or(0);
        log.append_as_leader(Rc::new(BatchData::new(0, None, records)), ts, c);
        let leo = log.log_end_offset();
        log.set_high_watermark(leo);
    }

    fn offsets(log: &Log) -> Vec<u64> {
        log.batches()
            .flat_map(|b| b.records().map(|(o, _)| o).collect::<Vec<_>>())
            .collect()
    }

    /// S05's first seven records, 100 bytes each but the 70-byte tombstone and
    /// the 130-byte `k2=e`.
    fn s05() -> (Log, LogConfig) {
        let c = config();
        let mut log = Log::new(0);
        let v30 = "v".repeat(30);
        let v59 = "v".repeat(59);
        let rows: [(&str, Option<&str>); 7] = [
            ("k1", Some(&v30)),
            ("k2", Some(&v30)),
            ("k1", Some(&v30)),
            ("k3", Some(&v30)),
            ("k1", None),
            ("k2", Some(&v59)),
            ("k4", Some(&v30)),
        ];
        for (seq, (key, value)) in rows.into_iter().enumerate() {
            let ts = 1000 * (seq as u64 + 1);
            append(&mut log, vec![record(seq as u32, Some(key), value, ts)], &c);
        }
        (log, c)
    }

    #[test]
    fn s05_first_cleaning() {
        let (mut log, c) = s05();
        let to_clean = log.cleanable(&c, 15_000).expect("cleanable");
        assert_eq!(
            (
                to_clean.first_dirty_offset,
                to_clean.first_uncleanable_offset
            ),
            (0, 6)
        );
        assert_eq!((to_clean.clean_bytes, to_clean.cleanable_bytes), (0, 600));
        assert!(to_clean.qualifies(c.min_cleanable_dirty_ratio_ppm));
        let outcome = log.clean(&to_clean, &c, 15_000);
        let removed: Vec<u64> = outcome.removed.iter().map(|(o, _)| *o).collect();
        assert_eq!(removed, vec![0, 1, 2]);
        assert_eq!(outcome.tombstones_stamped.len(), 1);
        assert_eq!(outcome.delete_horizon_ms, Some(25_000));
        assert_eq!(log.cleaner_checkpoint(), Some(6));
        assert_eq!(offsets(&log), vec![3, 4, 5, 6]);
        assert_eq!(log.segments()[0].size_bytes, 0, "an empty cleaned segment");
        assert_eq!(log.log_start_offset(), 0);
        // Nothing is dirty now; a read from a removed offset finds the next record.
        let again = log.cleanable(&c, 30_000).expect("not empty");
        assert_eq!(again.cleanable_bytes, 0);
        assert!(!again.qualifies(c.min_cleanable_dirty_ratio_ppm));
        assert_eq!(log.read(1, 7, u64::MAX)[0].base_offset, 3);
    }

    #[test]
    fn the_dirty_ratio_gate_is_strict() {
        let (mut log, c) = s05();
        let first = log.cleanable(&c, 15_000).expect("cleanable");
        log.clean(&first, &c, 15_000);
        let v30 = "v".repeat(30);
        for (seq, key) in [(7, "k5"), (8, "k6"), (9, "k7")] {
            append(
                &mut log,
                vec![record(seq, Some(key), Some(&v30), 31_000)],
                &c,
            );
        }
        let to_clean = log.cleanable(&c, 45_000).expect("cleanable");
        assert_eq!((to_clean.clean_bytes, to_clean.cleanable_bytes), (300, 300));
        assert_eq!(to_clean.ratio_ppm(), 500_000);
        assert!(!to_clean.qualifies(500_000), "0.5 is not > 0.5");
        assert!(to_clean.qualifies(499_999));
    }

    #[test]
    fn min_compaction_lag_keeps_recent_segments_dirty_and_max_lag_forces_a_cleaning() {
        let (log, mut c) = s05();
        c.min_compaction_lag_ms = 10_000;
        // At 15000 seg0 (largest 3000) is old enough, seg1 (largest 6000) is not.
        let to_clean = log.cleanable(&c, 15_000).expect("cleanable");
        assert_eq!(to_clean.first_uncleanable_offset, 3);
        assert_eq!(to_clean.cleanable_bytes, 300);
        c.min_compaction_lag_ms = 0;
        c.min_cleanable_dirty_ratio_ppm = 1_000_000;
        assert!(!log
            .cleanable(&c, 15_000)
            .expect("cleanable")
            .qualifies(1_000_000));
        c.max_compaction_lag_ms = 5_000;
        let due = log.cleanable(&c, 15_000).expect("cleanable");
        assert!(
            due.need_compaction_now,
            "seg0's first batch (1000) is 14 s old"
        );
        assert!(due.qualifies(1_000_000));
    }

    #[test]
    fn a_cleaned_batch_keeps_its_offsets_and_its_span() {
        let c = config();
        let mut log = Log::new(0);
        let batch = vec![
            record(0, Some("a"), Some("1"), 1000),
            record(1, Some("b"), Some("1"), 1000),
            record(2, Some("a"), Some("2"), 1000),
            record(3, None, Some("keyless"), 1000),
        ];
        append(&mut log, batch, &c);
        append(&mut log, vec![record(4, Some("b"), Some("2"), 2000)], &c);
        // Roll so that both batches are below the active segment.
        let mut small = c.clone();
        small.segment_bytes = 1;
        append(
            &mut log,
            vec![record(5, Some("c"), Some("1"), 3000)],
            &small,
        );
        let to_clean = log.cleanable(&c, 5000).expect("cleanable");
        assert_eq!(to_clean.first_uncleanable_offset, 5);
        let outcome = log.clean(&to_clean, &c, 5000);
        let removed: Vec<u64> = outcome.removed.iter().map(|(o, _)| *o).collect();
        assert_eq!(removed, vec![0, 1, 3], "superseded, and keyless");
        assert_eq!(offsets(&log), vec![2, 4, 5]);
        let first = log.batch_at(2).expect("batch");
        assert_eq!(
            (first.base_offset, first.next_offset()),
            (0, 4),
            "span kept"
        );
        assert_eq!(first.data.offset_count(), 4);
        assert!(log.record_at(1).is_none());
        assert_eq!(log.record_at(2).map(|(r, _)| r.id.seq), Some(2));
        // 61 + one record at offset delta 2: same size as a record at delta 0.
        assert_eq!(first.size_bytes, 61 + 9);
        assert_eq!(log.log_end_offset(), 6);
        // A follower copying the cleaned batch keeps its offsets and span.
        let mut follower = Log::new(0);
        for batch in log.read(0, 6, u64::MAX) {
            assert!(follower.append_as_follower(batch, 6000, &c).0);
        }
        assert_eq!(offsets(&follower), vec![2, 4, 5]);
        assert_eq!(follower.log_end_offset(), 6);
        // Truncating inside the cleaned batch cuts by offset; the checkpoint follows.
        let removed = log.truncate_to(3, 7000);
        let ids: Vec<u64> = removed
            .iter()
            .flat_map(|b| b.records().map(|(o, _)| o))
            .collect();
        assert_eq!(ids, vec![4, 5]);
        assert_eq!(offsets(&log), vec![2]);
        assert_eq!(log.cleaner_checkpoint(), Some(3));
    }

    #[test]
    fn segments_are_grouped_by_their_sizes_before_cleaning() {
        let (mut log, c) = s05();
        let first = log.cleanable(&c, 15_000).expect("cleanable");
        log.clean(&first, &c, 15_000);
        let v30 = "v".repeat(30);
        for seq in 7..13 {
            let key = format!("k{}", seq - 2);
            append(
                &mut log,
                vec![record(seq, Some(&key), Some(&v30), 31_000)],
                &c,
            );
        }
        let to_clean = log.cleanable(&c, 45_000).expect("cleanable");
        let outcome = log.clean(&to_clean, &c, 45_000);
        assert_eq!(outcome.tombstones_removed.len(), 1, "past its horizon");
        let bases: Vec<u64> = log.segments().iter().map(|s| s.base_offset).collect();
        assert_eq!(bases, vec![0, 6, 9, 12], "seg0 (empty) and seg1 merged");
        assert_eq!(offsets(&log), vec![3, 5, 6, 7, 8, 9, 10, 11, 12]);
        assert_eq!(log.segments()[0].last_modified_ms, 6000);
    }
}
