//! Log retention (`UnifiedLog.deleteOldSegments`): deleting whole segments from
//! the start of a log, oldest first.
//!
//! - R-RET-3: one pass applies, in order, the log-start-offset breach, then (only
//!   when `cleanup.policy` includes `delete`) the size breach and the time breach.
//! - R-RET-4: each rule walks the segments oldest first and stops at the first
//!   segment that may not go: a segment goes only if the HW has passed its upper
//!   bound (the next segment's base offset, or the LEO for the active segment),
//!   the rule's predicate holds, and it is not the last segment while empty.
//! - R-RET-5: `now − largestTimestamp > retention.ms`, strictly.
//! - R-RET-6: while the log is larger than `retention.bytes` by at least the
//!   segment's size.
//! - R-RET-7: when every segment goes, a new empty segment is rolled at the LEO
//!   first; the log start offset becomes the LEO.
//! - R-RET-8 / R-LOG-5: the log start offset moves to the first remaining
//!   segment's base offset (the epoch cache is trimmed with it); a deleted
//!   segment stops being readable at once and its file is removed
//!   `file.delete.delay.ms` later.
//!
//! A pass costs the segments it deletes plus one: nothing here depends on how
//! many records were deleted before.

use super::{Log, Roll, RollReason, Segment};
use crate::engine::config::LogConfig;

/// Which retention rule deleted a segment (`SegmentDeletionReason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeletionReason {
    /// Every offset of the segment is below the log start offset (R-RET-3),
    /// e.g. a follower that took its leader's log start (R-LOG-3).
    LogStartOffset,
    /// `retention.bytes` (R-RET-6).
    Size,
    /// `retention.ms` (R-RET-5).
    Time,
}

impl DeletionReason {
    pub fn name(self) -> &'static str {
        match self {
            DeletionReason::LogStartOffset => "log start offset",
            DeletionReason::Size => "retention.bytes",
            DeletionReason::Time => "retention.ms",
        }
    }
}

/// A segment that retention removed, as the trace tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeletedSegment {
    pub base_offset: u64,
    /// The next segment's base offset (the LEO for the last one).
    pub end_offset: u64,
    pub records: u64,
    pub bytes: u64,
    pub largest_timestamp_ms: Option<u64>,
    pub reason: DeletionReason,
    /// When the file is removed from disk (`file.delete.delay.ms` later).
    pub file_deleted_at_ms: u64,
}

/// What one retention pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionOutcome {
    /// The roll of a new empty segment before every segment was deleted (R-RET-7).
    pub roll: Option<Roll>,
    pub deleted: Vec<DeletedSegment>,
    /// The log start offset before and after, when it moved.
    pub log_start_moved: Option<(u64, u64)>,
}

impl Log {
    /// `deleteOldSegments`: one retention pass at `now_ms` (R-RET-3..8).
    pub fn delete_old_segments(&mut self, config: &LogConfig, now_ms: u64) -> RetentionOutcome {
        let before = self.log_start_offset;
        let mut outcome = RetentionOutcome::default();
        let log_start = self.log_start_offset;
        self.delete_where(
            DeletionReason::LogStartOffset,
            config,
            now_ms,
            &mut outcome,
            |_, next| next.is_some_and(|n| n.base_offset <= log_start),
        );
        if config.cleanup_delete {
            if let Ok(limit) = u64::try_from(config.retention_bytes) {
                let size = self.size_bytes();
                if size >= limit {
                    let mut diff = size - limit;
                    self.delete_where(
                        DeletionReason::Size,
                        config,
                        now_ms,
                        &mut outcome,
                        |s, _| match diff.checked_sub(s.size_bytes) {
                            Some(rest) => {
                                diff = rest;
                                true
                            }
                            None => false,
                        },
                    );
                }
            }
            if let Ok(limit) = u64::try_from(config.retention_ms) {
                self.delete_where(
                    DeletionReason::Time,
                    config,
                    now_ms,
                    &mut outcome,
                    |s, _| now_ms.saturating_sub(s.retention_timestamp_ms()) > limit,
                );
            }
        }
        if self.log_start_offset != before {
            outcome.log_start_moved = Some((before, self.log_start_offset));
        }
        outcome
    }

    /// `deletableSegments` + `deleteSegments` for one rule. The predicate sees a
    /// segment and the next one, and is asked only while the HW has passed the
    /// segment (R-RET-4), as Kafka evaluates it.
    fn delete_where(
        &mut self,
        reason: DeletionReason,
        config: &LogConfig,
        now_ms: u64,
        outcome: &mut RetentionOutcome,
        mut predicate: impl FnMut(&Segment, Option<&Segment>) -> bool,
    ) {
        let mut count = 0;
        while let Some(segment) = self.segments.get(count) {
            let next = self.segments.get(count + 1);
            let upper = next.map_or(self.log_end_offset, |n| n.base_offset);
            let last_and_empty = next.is_none() && segment.is_empty();
            if self.high_watermark >= upper && predicate(segment, next) && !last_and_empty {
                count += 1;
            } else {
                break;
            }
        }
        if count == 0 {
            return;
        }
        if count == self.segments.len() {
            // R-RET-7: there must always be a segment.
            let leo = self.log_end_offset;
            self.segments.push_back(Segment::new(leo, now_ms));
            outcome.roll = Some(Roll {
                new_base_offset: leo,
                reason: RollReason::Retention,
            });
        }
        for _ in 0..count {
            let Some(segment) = self.segments.pop_front() else {
                break;
            };
            let end_offset = self
                .segments
                .front()
                .map_or(self.log_end_offset, |n| n.base_offset);
            outcome.deleted.push(DeletedSegment {
                base_offset: segment.base_offset,
                end_offset,
                records: segment.record_count(),
                bytes: segment.size_bytes,
                largest_timestamp_ms: segment.largest_timestamp_ms,
                reason,
                file_deleted_at_ms: now_ms.saturating_add(config.file_delete_delay_ms),
            });
        }
        if let Some(first) = self.segments.front().map(|s| s.base_offset) {
            self.maybe_increment_log_start_offset(first);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::engine::config::{ConfigMap, BROKER_CONFIGS, TOPIC_CONFIGS};
    use crate::engine::log::{BatchData, Record, RecordId};

    fn config() -> LogConfig {
        let mut c = LogConfig::resolve(
            &ConfigMap::new(TOPIC_CONFIGS),
            &ConfigMap::new(BROKER_CONFIGS),
        );
        c.segment_bytes = 300;
        c.retention_ms = 60_000;
        c
    }

    fn append(log: &mut Log, seq: u32, ts: u64, c: &LogConfig) {
        let data = BatchData::new(
            0,
            None,
            vec![Record {
                id: RecordId { producer: 0, seq },
                key: None,
                value: Some("x".repeat(32).into()),
                timestamp_ms: ts,
            }],
        );
        log.append_as_leader(Rc::new(data), ts, c);
        let leo = log.log_end_offset();
        log.set_high_watermark(leo);
    }

    /// S01 and S02 at the log level.
    fn s01() -> (Log, LogConfig) {
        let c = config();
        let mut log = Log::new(0);
        for (seq, ts) in [1000, 2000, 3000, 4000, 65000].into_iter().enumerate() {
            append(&mut log, seq as u32, ts, &c);
        }
        (log, c)
    }

    #[test]
    fn time_retention_measures_the_largest_timestamp_strictly() {
        let (mut log, c) = s01();
        for now in [30_000, 40_000, 50_000, 60_000] {
            assert!(log.delete_old_segments(&c, now).deleted.is_empty(), "{now}");
        }
        let outcome = log.delete_old_segments(&c, 63_000);
        assert!(outcome.deleted.is_empty(), "63000 − 3000 is not > 60000");
        let outcome = log.delete_old_segments(&c, 70_000);
        assert_eq!(outcome.deleted.len(), 1);
        let seg0 = &outcome.deleted[0];
        assert_eq!((seg0.base_offset, seg0.end_offset, seg0.records), (0, 3, 3));
        assert_eq!(seg0.reason, DeletionReason::Time);
        assert_eq!(seg0.file_deleted_at_ms, 130_000);
        assert_eq!(outcome.log_start_moved, Some((0, 3)));
        assert_eq!(log.log_start_offset(), 3);
        assert!(outcome.roll.is_none());
    }

    #[test]
    fn an_expired_active_segment_is_rolled_and_deleted() {
        let (mut log, c) = s01();
        log.delete_old_segments(&c, 70_000);
        assert!(log.delete_old_segments(&c, 120_000).deleted.is_empty());
        let outcome = log.delete_old_segments(&c, 130_000);
        assert_eq!(
            outcome.roll,
            Some(Roll {
                new_base_offset: 5,
                reason: RollReason::Retention
            })
        );
        assert_eq!(outcome.deleted[0].base_offset, 3);
        assert_eq!(log.log_start_offset(), 5);
        assert_eq!(log.log_end_offset(), 5);
        assert_eq!(log.segments().len(), 1);
        assert!(log.segments()[0].is_empty());
        assert!(
            log.delete_old_segments(&c, 500_000).deleted.is_empty(),
            "an empty last segment stays"
        );
    }

    #[test]
    fn nothing_at_or_above_the_high_watermark_is_deleted() {
        let (mut log, c) = s01();
        log.delete_old_segments(&c, 70_000);
        assert!(!log.set_high_watermark(5));
        let mut lagging = log.clone();
        lagging.high_watermark = 4;
        assert!(lagging.delete_old_segments(&c, 130_000).deleted.is_empty());
        assert_eq!(lagging.log_start_offset(), 3);
    }

    #[test]
    fn size_retention_deletes_whole_segments_and_stops_at_the_first_that_may_not_go() {
        let mut c = config();
        c.retention_ms = -1;
        c.retention_bytes = 250;
        let mut log = Log::new(0);
        for seq in 0..7 {
            append(&mut log, seq, 1000, &c);
        }
        // Segments of 300, 300 and 100 bytes: 700 − 250 = 450 ≥ 300 deletes the
        // first; 150 < 300 keeps the second.
        let outcome = log.delete_old_segments(&c, 1000);
        let bases: Vec<u64> = outcome.deleted.iter().map(|d| d.base_offset).collect();
        assert_eq!(bases, vec![0]);
        assert_eq!(outcome.deleted[0].reason, DeletionReason::Size);
        assert_eq!(log.size_bytes(), 400);
    }

    #[test]
    fn a_follower_deletes_segments_below_the_log_start_it_took_from_its_leader() {
        let mut c = config();
        c.cleanup_delete = false;
        c.cleanup_compact = true;
        let (mut log, _) = s01();
        assert!(log.maybe_increment_log_start_offset(4));
        let outcome = log.delete_old_segments(&c, 0);
        assert_eq!(outcome.deleted.len(), 1);
        assert_eq!(outcome.deleted[0].reason, DeletionReason::LogStartOffset);
        assert_eq!(log.log_start_offset(), 4, "it never goes down");
    }
}
