//! A replica's log (`UnifiedLog` over `LocalLog`): segments of record batches with
//! the offsets that matter — log start offset, high watermark (HW) and log end
//! offset (LEO) — and the leader-epoch cache.
//!
//! Rules: R-LOG-1 (offsets assigned by the leader), R-LOG-2 (HW clamped to
//! `[logStartOffset, LEO]`, never down on a leader), R-LOG-5 (log start only up),
//! R-RET-1 (rolling on append only), R-EPOCH-1 (epoch cache).

pub mod epoch_cache;
pub mod record;
pub mod segment;

use std::collections::VecDeque;
use std::rc::Rc;

pub use epoch_cache::EpochCache;
pub use record::{Batch, BatchData, ProducerStamp, Record, RecordId};
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
}

/// What a roll check decided, for the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RollReason {
    Size,
    Time,
    IndexFull,
    OffsetOverflow,
}

impl RollReason {
    pub fn name(self) -> &'static str {
        match self {
            RollReason::Size => "segment.bytes",
            RollReason::Time => "segment.ms",
            RollReason::IndexFull => "segment.index.bytes",
            RollReason::OffsetOverflow => "relative offset overflow",
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
        }
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
        jitter_ms: u64,
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
        } else if self.log_end_offset + batch.records.len() as u64 - active.base_offset
            > i32::MAX as u64
        {
            Some(RollReason::OffsetOverflow)
        } else {
            None
        }
    }

    fn append_batch(
        &mut self,
        batch: Batch,
        now_ms: u64,
        config: &LogConfig,
        jitter_ms: u64,
    ) -> Option<Roll> {
        let roll = self
            .roll_reason(&batch.data, batch.size_bytes, now_ms, config, jitter_ms)
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
            active.push(batch);
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
        jitter_ms: u64,
    ) -> (Batch, Option<Roll>) {
        let batch = Batch::new(self.log_end_offset, data);
        let roll = self.append_batch(batch.clone(), now_ms, config, jitter_ms);
        (batch, roll)
    }

    /// Appends a batch copied from the leader, keeping its offsets and epoch.
    /// A batch that does not start at the LEO is ignored (returns `None`, `false`).
    pub fn append_as_follower(
        &mut self,
        batch: Batch,
        now_ms: u64,
        config: &LogConfig,
        jitter_ms: u64,
    ) -> (bool, Option<Roll>) {
        if batch.base_offset != self.log_end_offset {
            return (false, None);
        }
        (true, self.append_batch(batch, now_ms, config, jitter_ms))
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
        let record = batch
            .data
            .records
            .get((offset - batch.base_offset) as usize)?;
        Some((record, batch.leader_epoch()))
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
    pub fn truncate_to(&mut self, offset: u64, now_ms: u64) -> Vec<Batch> {
        if offset >= self.log_end_offset {
            // As `UnifiedLog.truncateTo`: the epoch cache is trimmed anyway, since
            // a replica that was leader may hold an entry for an epoch in which it
            // appended nothing before another leader was elected.
            self.epochs.truncate_from_end(self.log_end_offset);
            return Vec::new();
        }
        if offset < self.log_start_offset {
            return self.truncate_fully_and_start_at(offset.max(self.log_start_offset), now_ms);
        }
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
            if let Some(first) = tail.first() {
                if let Some(prefix) = first.prefix_below(offset) {
                    active.batches.push(prefix);
                    let rest = tail.remove(0);
                    let cut = (offset - rest.base_offset) as usize;
                    let mut data = (*rest.data).clone();
                    data.records = data.records[cut..].into();
                    tail.insert(0, Batch::new(offset, Rc::new(data)));
                }
            }
            active.recompute();
            removed.splice(0..0, tail);
        }
        self.log_end_offset = offset;
        self.high_watermark = self.high_watermark.min(offset);
        self.epochs.truncate_from_end(offset);
        removed
    }

    /// Empties the log and restarts it at `offset` (R-EPOCH-5, and retention of
    /// the whole log). Returns the removed batches.
    pub fn truncate_fully_and_start_at(&mut self, offset: u64, now_ms: u64) -> Vec<Batch> {
        let removed: Vec<Batch> = self.segments.drain(..).flat_map(|s| s.batches).collect();
        self.segments.push_back(Segment::new(offset, now_ms));
        self.log_start_offset = offset;
        self.log_end_offset = offset;
        self.high_watermark = offset;
        self.epochs = EpochCache::default();
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
            log.append_as_leader(data(0, i as u32, ts), ts, &c, 0);
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
        log.append_as_leader(data(0, 0, 1000), 1000, &c, 0);
        let (_, roll) = log.append_as_leader(data(0, 1, 15000), 15000, &c, 0);
        assert!(roll.is_none());
        let (_, roll) = log.append_as_leader(data(0, 2, 50000), 50000, &c, 0);
        assert_eq!(roll.map(|r| r.reason), Some(RollReason::Time));
        assert_eq!(log.segments()[1].base_offset, 2);
    }

    #[test]
    fn reads_respect_the_upper_bound() {
        let c = config(300);
        let mut log = Log::new(0);
        for i in 0..5 {
            log.append_as_leader(data(0, i, 1000), 1000, &c, 0);
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
            log.append_as_leader(data(0, i, 1000), 1000, &c, 0);
        }
        log.append_as_leader(data(1, 5, 1000), 1000, &c, 0);
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
    fn truncating_at_the_end_drops_an_epoch_with_no_records() {
        let c = config(1 << 30);
        let mut log = Log::new(0);
        log.append_as_leader(data(0, 0, 10), 10, &c, 0);
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
        let (batch, _) = leader.append_as_leader(data(3, 0, 10), 10, &c, 0);
        let mut follower = Log::new(0);
        assert!(follower.append_as_follower(batch.clone(), 11, &c, 0).0);
        assert!(
            !follower.append_as_follower(batch, 11, &c, 0).0,
            "not at the LEO"
        );
        assert_eq!(follower.latest_epoch(), Some(3));
    }
}
