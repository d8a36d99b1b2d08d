//! Records and record batches, and their size in Kafka's v2 on-disk format
//! (`DefaultRecordBatch`, `DefaultRecord`): a 61-byte batch header, then per record
//! a varint length, an attributes byte, varint timestamp and offset deltas, the key
//! and value each with a varint length (−1 for null), and a varint header count.
//! These sizes drive `segment.bytes`, `retention.bytes` and the dirty ratio
//! exactly as Kafka's would for records without headers.

use std::rc::Rc;

/// The identity of a produced record: which producer sent it and its number in
/// that producer's send order (`pa#3`). A retry keeps the id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordId {
    pub producer: u32,
    pub seq: u32,
}

/// One record as stored in a log. The value `None` is a tombstone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub id: RecordId,
    pub key: Option<Rc<str>>,
    pub value: Option<Rc<str>>,
    pub timestamp_ms: u64,
}

/// Producer identity carried by a batch for idempotence (R-IDEM-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProducerStamp {
    pub producer_id: u64,
    pub producer_epoch: u16,
    pub base_sequence: u32,
}

/// The immutable content of a batch, shared by every replica that holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchData {
    /// The leader epoch stamped by the leader that appended it (R-LOG-1).
    pub leader_epoch: u32,
    pub producer: Option<ProducerStamp>,
    /// Shared: a leader stamping its epoch, and every replica, reuse one copy.
    pub records: Rc<[Record]>,
    /// Set by the log cleaner on the first cleaning that keeps a tombstone (R-COMPACT-4).
    pub delete_horizon_ms: Option<u64>,
}

impl BatchData {
    pub fn new(
        leader_epoch: u32,
        producer: Option<ProducerStamp>,
        records: impl Into<Rc<[Record]>>,
    ) -> Self {
        BatchData {
            leader_epoch,
            producer,
            records: records.into(),
            delete_horizon_ms: None,
        }
    }

    pub fn max_timestamp_ms(&self) -> u64 {
        self.records
            .iter()
            .map(|r| r.timestamp_ms)
            .max()
            .unwrap_or(0)
    }

    pub fn first_timestamp_ms(&self) -> u64 {
        self.records.first().map(|r| r.timestamp_ms).unwrap_or(0)
    }

    /// The batch's size in bytes in Kafka's v2 format.
    pub fn size_bytes(&self) -> u64 {
        let base_ts = self.first_timestamp_ms();
        let body: u64 = self
            .records
            .iter()
            .enumerate()
            .map(|(delta, r)| record_size(r, r.timestamp_ms.saturating_sub(base_ts), delta as u64))
            .sum();
        BATCH_HEADER_BYTES + body
    }
}

/// `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`.
pub const BATCH_HEADER_BYTES: u64 = 61;

/// Bytes of a zig-zag varint.
fn varint_len(value: i64) -> u64 {
    let mut v = ((value << 1) ^ (value >> 63)) as u64;
    let mut bytes = 1;
    while v >= 0x80 {
        v >>= 7;
        bytes += 1;
    }
    bytes
}

fn field_len(field: &Option<Rc<str>>) -> u64 {
    match field {
        Some(s) => varint_len(s.len() as i64) + s.len() as u64,
        None => varint_len(-1),
    }
}

/// One record's bytes in a batch: its body plus the varint length prefix.
pub fn record_size(record: &Record, timestamp_delta: u64, offset_delta: u64) -> u64 {
    let body = 1 // attributes
        + varint_len(timestamp_delta as i64)
        + varint_len(offset_delta as i64)
        + field_len(&record.key)
        + field_len(&record.value)
        + varint_len(0); // header count
    varint_len(body as i64) + body
}

/// A batch placed at an offset in a log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub base_offset: u64,
    pub data: Rc<BatchData>,
    /// Cached `data.size_bytes()`.
    pub size_bytes: u64,
}

impl Batch {
    pub fn new(base_offset: u64, data: Rc<BatchData>) -> Self {
        let size_bytes = data.size_bytes();
        Batch {
            base_offset,
            data,
            size_bytes,
        }
    }

    pub fn last_offset(&self) -> u64 {
        self.base_offset + self.data.records.len() as u64 - 1
    }

    /// One past the last offset.
    pub fn next_offset(&self) -> u64 {
        self.base_offset + self.data.records.len() as u64
    }

    pub fn leader_epoch(&self) -> u32 {
        self.data.leader_epoch
    }

    /// The records with their offsets.
    pub fn records(&self) -> impl Iterator<Item = (u64, &Record)> {
        self.data
            .records
            .iter()
            .enumerate()
            .map(move |(i, r)| (self.base_offset + i as u64, r))
    }

    /// The part of this batch below `offset`, or `None` if nothing is below it.
    /// Simplified: Kafka truncates at batch boundaries; the playground's batches
    /// can be cut inside, which only matters for multi-record batches.
    pub fn prefix_below(&self, offset: u64) -> Option<Batch> {
        if offset <= self.base_offset {
            return None;
        }
        if offset >= self.next_offset() {
            return Some(self.clone());
        }
        let keep = (offset - self.base_offset) as usize;
        let mut data = (*self.data).clone();
        data.records = data.records[..keep].into();
        Some(Batch::new(self.base_offset, Rc::new(data)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(value: &str) -> Record {
        Record {
            id: RecordId {
                producer: 0,
                seq: 0,
            },
            key: None,
            value: Some(value.into()),
            timestamp_ms: 1000,
        }
    }

    #[test]
    fn a_single_record_batch_with_a_32_byte_value_is_100_bytes() {
        let data = BatchData::new(0, None, vec![record(&"x".repeat(32))]);
        assert_eq!(data.size_bytes(), 100);
    }

    #[test]
    fn sizes_follow_the_v2_format() {
        // 61 header + (length 1 + attrs 1 + ts 1 + offset 1 + key -1 1 + value len 1 + 4 + headers 1)
        let data = BatchData::new(0, None, vec![record("pa#0")]);
        assert_eq!(data.size_bytes(), 61 + 1 + 10);
        let mut tombstone = record("");
        tombstone.value = None;
        tombstone.key = Some("k1".into());
        let data = BatchData::new(0, None, vec![tombstone]);
        assert_eq!(data.size_bytes(), 61 + 1 + (1 + 1 + 1 + 3 + 1 + 1));
        assert_eq!(varint_len(64), 2);
        assert_eq!(varint_len(-1), 1);
    }

    #[test]
    fn a_batch_can_be_cut_inside() {
        let data = BatchData::new(2, None, vec![record("a"), record("b"), record("c")]);
        let batch = Batch::new(10, Rc::new(data));
        assert_eq!(batch.last_offset(), 12);
        let cut = batch.prefix_below(12).unwrap();
        assert_eq!(cut.next_offset(), 12);
        assert!(batch.prefix_below(10).is_none());
        assert_eq!(cut.leader_epoch(), 2);
    }
}
