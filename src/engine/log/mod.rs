//! A replica's log (`UnifiedLog` over `LocalLog`): segments of record batches with
//! the offsets that matter — log start offset, high watermark (HW) and log end
//! offset (LEO) — and the leader-epoch cache.
//!
//! Rules: R-LOG-1 (offsets assigned by the leader), R-LOG-2 (HW clamped to
//! `[logStartOffset, LEO]`, never down on a leader), R-LOG-5 (log start only up),
//! R-RET-1 (rolling on append only), R-EPOCH-1 (epoch cache). Retention
//! (`retention.rs`, R-RET-2..8) and compaction (`cleaner.rs`, R-COMPACT-*) work
//! on the same segments.
//!
//! `segment.jitter.ms` (R-RET-1b): Kafka draws each segment's jitter at random
//! when the segment is created. The playground derives it from a pure hash of the
//! log's seed (the run's seed, broker and partition) and the segment's base
//! offset, so runs replay exactly; it is evaluated against the config in force at
//! the roll check rather than the one at segment creation.

pub mod cleaner;
pub mod epoch_cache;
pub mod record;
pub mod retention;
pub mod segment;

use std::collections::VecDeque;
use std::rc::Rc;

pub use cleaner::{CleanOutcome, LogToClean};
pub use epoch_cache::EpochCache;
pub use record::{Batch, BatchData, CleanedOffsets, ProducerStamp, Record, RecordId};
pub use retention::{DeletedSegment, DeletionReason, RetentionOutcome};
pub use segment::Segment;

use super::config::LogConfig;

/// A replica's log. The last segment is the active one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Log {
    segments: VecDeque<Segment>,
    log_start_offset: u64,
    log_end_offset: u64,
    high_watermark: u64,
    epochs: EpochCache,
    /// The log cleaner's checkpoint (`cleaner-offset-checkpoint`): the first
    /// offset not yet cleaned (R-COMPACT-2). `None` until the first cleaning.
    cleaner_checkpoint: Option<u64>,
    /// Salt of this log's `segment.jitter.ms` draws.
    roll_jitter_seed: u64,
}

/// What a roll check decided, for the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RollReason {
    Size,
    Time,
    IndexFull,
    OffsetOverflow,
    /// Retention deletes every segment: a new empty one is rolled at the LEO
    /// first (R-RET-7).
    Retention,
}

impl RollReason {
    pub fn name(self) -> &'static str {
        match self {
            RollReason::Size => "segment.bytes",
            RollReason::Time => "segment.ms",
            RollReason::IndexFull => "segment.index.bytes",
            RollReason::OffsetOverflow => "relative offset overflow",
            RollReason::Retention => "retention",
        }
    }
}

/// A segment roll that an append caused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Roll {
    pub new_base_offset: u64,
    pub reason: RollReason,
}

impl Log {
    pub fn new(created_ms: u64) -> Self {
        let mut segments = VecDeque::new();
        segments.push_back(Segment::new(0, created_ms));
        Log {
            segments,
            log_start_offset: 0,
            log_end_offset: 0,
            high_watermark: 0,
            epochs: EpochCache::default(),
            cleaner_checkpoint: None,
            roll_jitter_seed: 0,
        }
    }

    /// Salts this log's `segment.jitter.ms` draws (see the module docs).
    pub fn set_roll_jitter_seed(&mut self, seed: u64) {
        self.roll_jitter_seed = seed;
    }

    /// The jitter of the segment based at `base_offset`: a draw in
    /// `[0, min(segment.jitter.ms, segment.ms))` (`LogConfig.randomSegmentJitter`).
    fn roll_jitter_ms(&self, base_offset: u64, config: &LogConfig) -> u64 {
        let bound = config.segment_jitter_ms.min(config.segment_ms);
        if bound == 0 {
            return 0;
        }
        mix(self.roll_jitter_seed ^ mix(base_offset)) % bound
    }

    /// The cleaner's checkpoint: the first offset not yet cleaned (R-COMPACT-2).
    pub fn cleaner_checkpoint(&self) -> Option<u64> {
        self.cleaner_checkpoint
    }

    pub fn log_start_offset(&self) -> u64 {
        self.log_start_offset
    }

    pub fn log_end_offset(&self) -> u64 {
        self.log_end_offset
    }

    pub fn high_watermark(&self) -> u64 {
        self.high_watermark
    }

    pub fn epochs(&self) -> &EpochCache {
        &self.epochs
    }

    pub fn segments(&self) -> &VecDeque<Segment> {
        &self.segments
    }

    /// Mutable access for retention and compaction (`log::retention`, `log::cleaner`).
    pub fn segments_mut(&mut self) -> &mut VecDeque<Segment> {
        &mut self.segments
    }

    pub fn size_bytes(&self) -> u64 {
        self.segments.iter().map(|s| s.size_bytes).sum()
    }

    /// The epoch of the last appended batch as the epoch cache knows it; sent as
    /// `lastFetchedEpoch` by followers (R-EPOCH-3).
    pub fn latest_epoch(&self) -> Option<u32> {
        self.epochs.latest_epoch()
    }

    /// Sets the HW, clamped to `[logStartOffset, LEO]` (R-LOG-2). Returns whether it changed.
    pub fn set_high_watermark(&mut self, hw: u64) -> bool {
        let clamped = hw.clamp(self.log_start_offset, self.log_end_offset);
        let changed = clamped != self.high_watermark;
        self.high_watermark = clamped;
        changed
    }

    /// Raises the HW only (leaders, R-LOG-2). Returns whether it moved.
    pub fn maybe_increment_high_watermark(&mut self, hw: u64) -> bool {
        if hw > self.high_watermark {
            self.set_high_watermark(hw)
        } else {
            false
        }
    }

    /// Records a new leader epoch starting at the LEO (R-ELECT-5).
    pub fn assign_epoch(&mut self, epoch: u32) {
        self.epochs.assign(epoch, self.log_end_offset);
    }

    /// R-RET-1: whether the active segment must roll before appending `batch`.
    fn roll_reason(
        &self,
        batch: &BatchData,
        size: u64,
        now_ms: u64,
        config: &LogConfig,
    ) -> Option<RollReason> {
        let active = self.segments.back()?;
        if active.is_empty() {
            return None;
        }
        let max_segment_ms = if config.cleanup_compact {
            config.segment_ms.min(config.max_compaction_lag_ms)
        } else {
            config.segment_ms
        };
        let jitter_ms = self.roll_jitter_ms(active.base_offset, config);
        let waited = match active.first_batch_timestamp_ms {
            Some(first) => batch.max_timestamp_ms().saturating_sub(first),
            None => now_ms.saturating_sub(active.created_ms),
        };
        if active.size_bytes > config.segment_bytes.saturating_sub(size) {
            Some(RollReason::Size)
        } else if waited > max_segment_ms.saturating_sub(jitter_ms) {
            Some(RollReason::Time)
        } else if active.index_full(config.segment_index_bytes) {
            Some(RollReason::IndexFull)
        } else if self.log_end_offset + batch.offset_count() - 1 - active.base_offset
            > i32::MAX as u64
        {
            Some(RollReason::OffsetOverflow)
        } else {
            None
        }
    }

    fn append_batch(&mut self, batch: Batch, now_ms: u64, config: &LogConfig) -> Option<Roll> {
        let roll = self
            .roll_reason(&batch.data, batch.size_bytes, now_ms, config)
            .map(|reason| {
                self.segments
                    .push_back(Segment::new(batch.base_offset, now_ms));
                Roll {
                    new_base_offset: batch.base_offset,
                    reason,
                }
            });
        self.epochs.assign(batch.leader_epoch(), batch.base_offset);
        self.log_end_offset = batch.next_offset();
        if let Some(active) = self.segments.back_mut() {
            active.push(batch, now_ms);
        }
        roll
    }

    /// Appends as leader: the batch gets offsets from the LEO (R-LOG-1).
    /// Returns the placed batch and the roll it caused, if any.
    pub fn append_as_leader(
        &mut self,
        data: Rc<BatchData>,
        now_ms: u64,
        config: &LogConfig,
    ) -> (Batch, Option<Roll>) {
        let batch = Batch::new(self.log_end_offset, data);
        let roll = self.append_batch(batch.clone(), now_ms, config);
        (batch, roll)
    }

    /// Appends a batch copied from the leader, keeping its offsets and epoch.
    /// A batch that starts below the LEO is ignored (returns `false`, `None`).
    /// One may start above it: the leader's cleaner removed the batches between
    /// (R-COMPACT-3), and the LEO jumps the gap, as Kafka's follower append
    /// accepts any first offset at or above its LEO.
    pub fn append_as_follower(
        &mut self,
        batch: Batch,
        now_ms: u64,
        config: &LogConfig,
    ) -> (bool, Option<Roll>) {
        if batch.base_offset < self.log_end_offset {
            return (false, None);
        }
        (true, self.append_batch(batch, now_ms, config))
    }

    /// The batches holding offsets in `[from, upper)`, at least one batch if any, then
    /// up to `max_bytes` (Kafka returns at least one batch even if it is larger).
    pub fn read(&self, from: u64, upper: u64, max_bytes: u64) -> Vec<Batch> {
        let mut out = Vec::new();
        if from >= upper {
            return out;
        }
        let mut bytes = 0;
        let start_segment = self
            .segments
            .partition_point(|s| s.next_offset() <= from && s.base_offset <= from);
        for segment in self.segments.iter().skip(start_segment) {
            for batch in &segment.batches[segment.batch_index_from(from)..] {
                if batch.base_offset >= upper {
                    return out;
                }
                if !out.is_empty() && bytes + batch.size_bytes > max_bytes {
                    return out;
                }
                bytes += batch.size_bytes;
                match batch.prefix_below(upper) {
                    Some(part) if part.next_offset() < batch.next_offset() => {
                        out.push(part);
                        return out;
                    }
                    _ => out.push(batch.clone()),
                }
            }
        }
        out
    }

    /// The batch holding `offset`, if it is still in the log.
    pub fn batch_at(&self, offset: u64) -> Option<&Batch> {
        let i = self.segments.partition_point(|s| s.base_offset <= offset);
        let segment = self.segments.get(i.checked_sub(1)?)?;
        let batch = segment.batches.get(segment.batch_index_from(offset))?;
        (batch.base_offset <= offset && offset < batch.next_offset()).then_some(batch)
    }

    /// The record at `offset` and its leader epoch, if it is still in the log.
    pub fn record_at(&self, offset: u64) -> Option<(&Record, u32)> {
        let batch = self.batch_at(offset)?;
        Some((batch.record_at(offset)?, batch.leader_epoch()))
    }

    /// The last batch, if the log holds any.
    pub fn last_batch(&self) -> Option<&Batch> {
        self.segments.iter().rev().find_map(|s| s.batches.last())
    }

    /// Every batch, oldest first.
    pub fn batches(&self) -> impl Iterator<Item = &Batch> {
        self.segments.iter().flat_map(|s| s.batches.iter())
    }

    /// Removes every record at or above `offset` and returns the removed batches
    /// (R-EPOCH-4). The HW is clamped; the epoch cache is trimmed from the end.
    /// As in `UnifiedLog.truncateTo`, a target below the first segment restarts
    /// the log there, and a target below the log start offset lowers it: a
    /// follower whose retention deleted everything can still follow a leader
    /// elected uncleanly with a shorter log.
    pub fn truncate_to(&mut self, offset: u64, now_ms: u64) -> Vec<Batch> {
        if offset >= self.log_end_offset {
            // As `UnifiedLog.truncateTo`: the epoch cache is trimmed anyway, since
            // a replica that was leader may hold an entry for an epoch in which it
            // appended nothing before another leader was elected.
            self.epochs.truncate_from_end(self.log_end_offset);
            return Vec::new();
        }
        if self
            .segments
            .front()
            .is_some_and(|s| s.base_offset > offset)
        {
            return self.truncate_fully_and_start_at(offset, now_ms);
        }
        self.log_start_offset = self.log_start_offset.min(offset);
        let mut removed = Vec::new();
        while self.segments.len() > 1
            && self
                .segments
                .back()
                .is_some_and(|s| s.base_offset >= offset)
        {
            if let Some(segment) = self.segments.pop_back() {
                removed.splice(0..0, segment.batches);
            }
        }
        if let Some(active) = self.segments.back_mut() {
            let keep_from = active.batch_index_from(offset);
            let mut tail: Vec<Batch> = active.batches.drain(keep_from..).collect();
            if let Some(first) = tail.first().filter(|b| b.base_offset < offset).cloned() {
                tail.remove(0);
                if let Some(prefix) = first.prefix_below(offset) {
                    active.batches.push(prefix);
                }
                if let Some(rest) = first.suffix_from(offset) {
                    tail.insert(0, rest);
                }
            }
            active.recompute();
            removed.splice(0..0, tail);
        }
        self.log_end_offset = offset;
        self.high_watermark = self.high_watermark.min(offset);
        self.epochs.truncate_from_end(offset);
        // `LogCleanerManager.maybeTruncateCheckpoint`.
        self.cleaner_checkpoint = self.cleaner_checkpoint.map(|c| c.min(offset));
        removed
    }

    /// Empties the log and restarts it at `offset` (R-EPOCH-5, and truncation
    /// below the first segment). Returns the removed batches.
    pub fn truncate_fully_and_start_at(&mut self, offset: u64, now_ms: u64) -> Vec<Batch> {
        let removed: Vec<Batch> = self.segments.drain(..).flat_map(|s| s.batches).collect();
        self.segments.push_back(Segment::new(offset, now_ms));
        self.log_start_offset = offset;
        self.log_end_offset = offset;
        self.high_watermark = offset;
        self.epochs = EpochCache::default();
        self.cleaner_checkpoint = None;
        removed
    }

    /// Raises the log start offset (R-LOG-5): never down, never above the HW.
    /// Trims the epoch cache from the start. Returns whether it moved.
    pub fn maybe_increment_log_start_offset(&mut self, offset: u64) -> bool {
        let target = offset.min(self.high_watermark);
        if target <= self.log_start_offset {
            return false;
        }
        self.log_start_offset = target;
        self.epochs.truncate_from_start(target);
        true
    }
}

#[cfg(test)]
impl Log {
    /// Sets the HW without the clamp of [`Log::set_high_watermark`]: a corrupt
    /// log, for the invariant checker's tests.
    pub(crate) fn force_high_watermark(&mut self, hw: u64) {
        self.high_watermark = hw;
    }
}

/// A pinned 64-bit mixing function (SplitMix64's finaliser): a pure hash for
/// the `segment.jitter.ms` draws.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::{ConfigMap, BROKER_CONFIGS, TOPIC_CONFIGS};

    fn config(segment_bytes: u64) -> LogConfig {
        let mut c = LogConfig::resolve(
            &ConfigMap::new(TOPIC_CONFIGS),
            &ConfigMap::new(BROKER_CONFIGS),
        );
        c.segment_bytes = segment_bytes;
        c
    }

    fn data(epoch: u32, seq: u32, ts: u64) -> Rc<BatchData> {
        Rc::new(BatchData::new(
            epoch,
            None,
            vec![Record {
                id: RecordId { producer: 0, seq },
                key: None,
                value: Some("x".repeat(32).into()),
                timestamp_ms: ts,
            }],
        ))
    }

    #[test]
    fn rolls_by_size_as_in_s01() {
        let c = config(300);
        let mut log = Log::new(0);
        for (i, ts) in [1000, 2000, 3000, 4000, 65000].into_iter().enumerate() {
            log.append_as_leader(data(0, i as u32, ts), ts, &c);
        }
        let bases: Vec<u64> = log.segments().iter().map(|s| s.base_offset).collect();
        assert_eq!(bases, vec![0, 3]);
        assert_eq!(log.segments()[0].record_count(), 3);
        assert_eq!(log.log_end_offset(), 5);
    }

    #[test]
    fn rolls_by_time_only_on_append_as_in_s03() {
        let mut c = config(1 << 30);
        c.segment_ms = 20_000;
        let mut log = Log::new(0);
        log.append_as_leader(data(0, 0, 1000), 1000, &c);
        let (_, roll) = log.append_as_leader(data(0, 1, 15000), 15000, &c);
        assert!(roll.is_none());
        let (_, roll) = log.append_as_leader(data(0, 2, 50000), 50000, &c);
        assert_eq!(roll.map(|r| r.reason), Some(RollReason::Time));
        assert_eq!(log.segments()[1].base_offset, 2);
    }

    #[test]
    fn segment_jitter_is_a_deterministic_draw_below_the_bound() {
        let mut c = config(1 << 30);
        c.segment_ms = 10_000;
        c.segment_jitter_ms = 4_000;
        let draws = |seed: u64, c: &LogConfig| {
            let mut log = Log::new(0);
            log.set_roll_jitter_seed(seed);
            (0..8)
                .map(|base| log.roll_jitter_ms(base, c))
                .collect::<Vec<_>>()
        };
        assert_eq!(draws(7, &c), draws(7, &c), "same seed, same jitter");
        assert_ne!(draws(7, &c), draws(8, &c));
        assert!(draws(7, &c).iter().all(|j| *j < 4_000));
        c.segment_jitter_ms = 0;
        assert!(draws(7, &c).iter().all(|j| *j == 0));
        // A segment rolls once its records span more than segment.ms − jitter.
        c.segment_jitter_ms = 10_000;
        let mut log = Log::new(0);
        log.set_roll_jitter_seed(7);
        let jitter = log.roll_jitter_ms(0, &c);
        log.append_as_leader(data(0, 0, 0), 0, &c);
        let (_, roll) = log.append_as_leader(data(0, 1, 10_000 - jitter), 1, &c);
        assert!(roll.is_none(), "not more than segment.ms − jitter");
        let (_, roll) = log.append_as_leader(data(0, 2, 10_001 - jitter), 2, &c);
        assert_eq!(roll.map(|r| r.reason), Some(RollReason::Time));
    }

    #[test]
    fn reads_respect_the_upper_bound() {
        let c = config(300);
        let mut log = Log::new(0);
        for i in 0..5 {
            log.append_as_leader(data(0, i, 1000), 1000, &c);
        }
        let got: Vec<u64> = log
            .read(1, 4, u64::MAX)
            .iter()
            .map(|b| b.base_offset)
            .collect();
        assert_eq!(got, vec![1, 2, 3]);
        assert!(log.read(4, 4, u64::MAX).is_empty());
        assert_eq!(log.read(0, 5, 1).len(), 1, "at least one batch");
        assert_eq!(log.record_at(4).map(|(r, _)| r.id.seq), Some(4));
    }

    #[test]
    fn truncation_removes_the_tail_and_trims_epochs() {
        let c = config(300);
        let mut log = Log::new(0);
        for i in 0..5 {
            log.append_as_leader(data(0, i, 1000), 1000, &c);
        }
        log.append_as_leader(data(1, 5, 1000), 1000, &c);
        log.set_high_watermark(4);
        let removed = log.truncate_to(3, 2000);
        assert_eq!(
            removed.iter().map(|b| b.base_offset).collect::<Vec<_>>(),
            vec![3, 4, 5]
        );
        assert_eq!(log.log_end_offset(), 3);
        assert_eq!(log.high_watermark(), 3);
        assert_eq!(log.epochs().entries(), &[(0, 0)]);
        assert_eq!(log.segments().len(), 1);
    }

    #[test]
    fn truncating_below_the_log_start_restarts_the_log_there() {
        let mut c = config(300);
        c.retention_ms = 0;
        let mut log = Log::new(0);
        for i in 0..5 {
            log.append_as_leader(data(0, i, 1000), 1000, &c);
        }
        log.set_high_watermark(5);
        log.delete_old_segments(&c, 5000);
        assert_eq!((log.log_start_offset(), log.log_end_offset()), (5, 5));
        log.truncate_to(2, 6000);
        assert_eq!((log.log_start_offset(), log.log_end_offset()), (2, 2));
        assert_eq!(log.high_watermark(), 2);
        assert_eq!(log.segments()[0].base_offset, 2);
    }

    #[test]
    fn truncating_at_the_end_drops_an_epoch_with_no_records() {
        let c = config(1 << 30);
        let mut log = Log::new(0);
        log.append_as_leader(data(0, 0, 10), 10, &c);
        // Elected for epoch 1, then deposed before appending anything.
        log.assign_epoch(1);
        assert!(log.truncate_to(1, 20).is_empty());
        assert_eq!(
            log.latest_epoch(),
            Some(0),
            "epoch 1 started at the LEO and is gone"
        );
    }

    #[test]
    fn follower_appends_keep_offsets() {
        let c = config(1 << 30);
        let mut leader = Log::new(0);
        let (batch, _) = leader.append_as_leader(data(3, 0, 10), 10, &c);
        let mut follower = Log::new(0);
        assert!(follower.append_as_follower(batch.clone(), 11, &c).0);
        assert!(
            !follower.append_as_follower(batch, 11, &c).0,
            "below the LEO"
        );
        assert_eq!(follower.latest_epoch(), Some(3));
    }
}
