//! A log segment (`LogSegment`): the batches from a base offset, with the size and
//! timestamps that decide rolling (R-RET-1) and retention (R-RET-4..6).
//!
//! A cleaned segment (R-COMPACT-3) may hold fewer offsets than its range: its
//! batches can have gaps, and it can even be empty, so the segment's offset range
//! ends at the next segment's base offset, not at its last record.

use super::record::Batch;

/// Kafka's `index.interval.bytes`: an offset index entry per this many bytes.
pub const INDEX_INTERVAL_BYTES: u64 = 4096;
/// Bytes per offset index entry (time index entries are 12, checked alongside).
const OFFSET_INDEX_ENTRY_BYTES: u64 = 8;
const TIME_INDEX_ENTRY_BYTES: u64 = 12;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub base_offset: u64,
    pub batches: Vec<Batch>,
    pub size_bytes: u64,
    /// The largest record timestamp (R-RET-5); `None` while the segment is empty.
    pub largest_timestamp_ms: Option<u64>,
    /// The first batch's (largest) timestamp, the reference for `segment.ms`
    /// (R-RET-1b; `LogSegment.rollingBasedTimestamp`).
    pub first_batch_timestamp_ms: Option<u64>,
    /// When the segment file was created: the reference for `segment.ms` while
    /// the segment has no timestamp (R-RET-1b).
    pub created_ms: u64,
    /// The file's modification time: the last append, or for a cleaned segment
    /// the last modification of the segments it replaced. Retention falls back
    /// on it when the segment has no record (R-RET-5).
    pub last_modified_ms: u64,
    /// Offset index entries written so far, and bytes since the last one.
    pub index_entries: u64,
    bytes_since_index_entry: u64,
}

impl Segment {
    pub fn new(base_offset: u64, created_ms: u64) -> Self {
        Segment {
            base_offset,
            batches: Vec::new(),
            size_bytes: 0,
            largest_timestamp_ms: None,
            first_batch_timestamp_ms: None,
            created_ms,
            last_modified_ms: created_ms,
            index_entries: 0,
            bytes_since_index_entry: 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.batches.is_empty()
    }

    /// One past the last offset held, or the base offset when empty.
    pub fn next_offset(&self) -> u64 {
        self.batches
            .last()
            .map(Batch::next_offset)
            .unwrap_or(self.base_offset)
    }

    pub fn record_count(&self) -> u64 {
        self.batches
            .iter()
            .map(|b| b.data.records.len() as u64)
            .sum()
    }

    /// The timestamp retention measures: the largest record timestamp, or the
    /// file's modification time when there is none (R-RET-5).
    pub fn retention_timestamp_ms(&self) -> u64 {
        self.largest_timestamp_ms.unwrap_or(self.last_modified_ms)
    }

    /// Bytes of the offset index (8 per entry), as the cleaner groups segments.
    pub fn offset_index_bytes(&self) -> u64 {
        self.index_entries * OFFSET_INDEX_ENTRY_BYTES
    }

    /// Bytes of the time index (12 per entry).
    pub fn time_index_bytes(&self) -> u64 {
        self.index_entries * TIME_INDEX_ENTRY_BYTES
    }

    /// Whether the offset or time index is full (R-RET-1c).
    pub fn index_full(&self, segment_index_bytes: u64) -> bool {
        let max_offset_entries = segment_index_bytes / OFFSET_INDEX_ENTRY_BYTES;
        let max_time_entries = segment_index_bytes / TIME_INDEX_ENTRY_BYTES;
        self.index_entries >= max_offset_entries.min(max_time_entries)
    }

    /// Appends a batch at `now_ms`.
    pub fn push(&mut self, batch: Batch, now_ms: u64) {
        self.last_modified_ms = self.last_modified_ms.max(now_ms);
        if self.bytes_since_index_entry > INDEX_INTERVAL_BYTES {
            self.index_entries += 1;
            self.bytes_since_index_entry = 0;
        }
        let max_ts = batch.data.max_timestamp_ms();
        self.largest_timestamp_ms =
            Some(self.largest_timestamp_ms.map_or(max_ts, |t| t.max(max_ts)));
        if self.first_batch_timestamp_ms.is_none() {
            self.first_batch_timestamp_ms = Some(max_ts);
        }
        self.size_bytes += batch.size_bytes;
        self.bytes_since_index_entry += batch.size_bytes;
        self.batches.push(batch);
    }

    /// Recomputes size and timestamps after batches were removed from the end.
    pub fn recompute(&mut self) {
        self.size_bytes = self.batches.iter().map(|b| b.size_bytes).sum();
        self.largest_timestamp_ms = self.batches.iter().map(|b| b.data.max_timestamp_ms()).max();
        self.first_batch_timestamp_ms = self.batches.first().map(|b| b.data.max_timestamp_ms());
    }

    /// The index of the batch holding `offset`, or of the first batch after it.
    pub fn batch_index_from(&self, offset: u64) -> usize {
        self.batches.partition_point(|b| b.next_offset() <= offset)
    }
}
