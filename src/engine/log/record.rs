//! Records and record batches, and their size in Kafka's v2 on-disk format
//! (`DefaultRecordBatch`, `DefaultRecord`): a 61-byte batch header, then per record
//! a varint length, an attributes byte, varint timestamp and offset deltas, the key
//! and value each with a varint length (−1 for null), and a varint header count.
//! These sizes drive `segment.bytes`, `retention.bytes` and the dirty ratio
//! exactly as Kafka's would for uncompressed records without headers.
//!
//! Worked sizes (varints are zig-zag: a length up to 63 takes one byte, up to
//! 8191 two):
//!
//! | one-record batch | bytes |
//! |---|---|
//! | no key, 32-byte value (the scenarios' "100-byte record") | 61 + 1 + 38 = 100 |
//! | 2-byte key, 30-byte value | 100 |
//! | 2-byte key, tombstone (null value) | 70 |
//! | 2-byte key, 59-byte value (body 67 ≥ 64: two-byte length) | 130 |
//! | no key, value `p#0` (a produce op's default value) | 71 |
//!
//! A batch of n records pays the 61-byte header once; each further record adds
//! its own body and length (its timestamp and offset deltas may take more bytes).
//!
//! A batch rewritten by the log cleaner keeps its base and last offsets, and each
//! remaining record keeps its offset delta (R-COMPACT-3: offsets never change and
//! are never reused); [`CleanedOffsets`] records that layout. Simplified: a batch
//! left with no record is dropped, where Kafka keeps the last batch of each live
//! idempotent producer as an empty batch (`BatchRetention.RETAIN_EMPTY`) so that
//! producer state can be rebuilt from the log; the playground keeps producer
//! state beside the log instead.

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
    /// `None` while the records sit at offset deltas 0, 1, 2, …; set when the
    /// cleaner removed some of them.
    pub cleaned: Option<CleanedOffsets>,
}

/// The offsets of a batch the cleaner rewrote: each remaining record's offset
/// delta (strictly increasing) and the original batch's last offset delta.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanedOffsets {
    pub deltas: Vec<u32>,
    pub last_delta: u32,
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
            cleaned: None,
        }
    }

    /// The offset delta of the `index`th record.
    pub fn offset_delta(&self, index: usize) -> u64 {
        match &self.cleaned {
            Some(c) => c.deltas.get(index).map_or(index as u64, |d| u64::from(*d)),
            None => index as u64,
        }
    }

    /// How many offsets the batch spans (`lastOffsetDelta + 1`), which is also
    /// how many sequence numbers it used (R-IDEM-2); at least one.
    pub fn offset_count(&self) -> u64 {
        match &self.cleaned {
            Some(c) => u64::from(c.last_delta) + 1,
            None => (self.records.len() as u64).max(1),
        }
    }

    /// The records kept by `keep(offset delta, record)`, at their offsets, with
    /// the batch's offset span, epoch and producer unchanged (`MemoryRecords
    /// .filterTo`). `None` when no record is kept.
    pub fn retain(&self, mut keep: impl FnMut(u64, &Record) -> bool) -> Option<BatchData> {
        let mut records = Vec::new();
        let mut deltas = Vec::new();
        for (i, record) in self.records.iter().enumerate() {
            let delta = self.offset_delta(i);
            if keep(delta, record) {
                records.push(record.clone());
                deltas.push(u32::try_from(delta).unwrap_or(u32::MAX));
            }
        }
        if records.is_empty() {
            return None;
        }
        let contiguous = deltas.iter().enumerate().all(|(i, d)| *d as usize == i)
            && deltas.len() as u64 == self.offset_count();
        let last_delta = u32::try_from(self.offset_count() - 1).unwrap_or(u32::MAX);
        Some(BatchData {
            leader_epoch: self.leader_epoch,
            producer: self.producer,
            records: records.into(),
            delete_horizon_ms: self.delete_horizon_ms,
            cleaned: (!contiguous).then_some(CleanedOffsets { deltas, last_delta }),
        })
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
            .map(|(i, r)| {
                record_size(
                    r,
                    r.timestamp_ms.saturating_sub(base_ts),
                    self.offset_delta(i),
                )
            })
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
        self.next_offset() - 1
    }

    /// One past the last offset.
    pub fn next_offset(&self) -> u64 {
        self.base_offset + self.data.offset_count()
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
            .map(move |(i, r)| (self.base_offset + self.data.offset_delta(i), r))
    }

    /// The record at `offset`, if this batch still holds it.
    pub fn record_at(&self, offset: u64) -> Option<&Record> {
        let delta = offset.checked_sub(self.base_offset)?;
        match &self.data.cleaned {
            None => self.data.records.get(usize::try_from(delta).ok()?),
            Some(c) => {
                let delta = u32::try_from(delta).ok()?;
                let i = c.deltas.binary_search(&delta).ok()?;
                self.data.records.get(i)
            }
        }
    }

    /// The part of this batch below `offset`, or `None` if no record is below it.
    /// Simplified: Kafka truncates at batch boundaries; the playground's batches
    /// can be cut inside, which only matters for multi-record batches.
    pub fn prefix_below(&self, offset: u64) -> Option<Batch> {
        if offset <= self.base_offset {
            return None;
        }
        if offset >= self.next_offset() {
            return Some(self.clone());
        }
        self.cut(self.base_offset, offset)
    }

    /// The part of this batch at and above `offset` as a batch starting there,
    /// or `None` if nothing is (the counterpart of [`Batch::prefix_below`]).
    pub fn suffix_from(&self, offset: u64) -> Option<Batch> {
        if offset <= self.base_offset {
            return Some(self.clone());
        }
        if offset >= self.next_offset() {
            return None;
        }
        self.cut(offset, self.next_offset())
    }

    /// The offsets `[from, to)` of this batch as a batch based at `from`, or
    /// `None` if no record is left in them.
    fn cut(&self, from: u64, to: u64) -> Option<Batch> {
        let shift = from - self.base_offset;
        let end = to - self.base_offset;
        let mut data = self.data.retain(|delta, _| (shift..end).contains(&delta))?;
        let deltas: Vec<u32> = (0..data.records.len())
            .map(|i| u32::try_from(data.offset_delta(i) - shift).unwrap_or(u32::MAX))
            .collect();
        let contiguous = deltas.iter().enumerate().all(|(i, d)| *d as usize == i)
            && deltas.len() as u64 == to - from;
        let last_delta = u32::try_from(to - from - 1).unwrap_or(u32::MAX);
        data.cleaned = (!contiguous).then_some(CleanedOffsets { deltas, last_delta });
        Some(Batch::new(from, Rc::new(data)))
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
    fn the_documented_sizes_hold() {
        let one = |key: Option<&str>, value: Option<String>| {
            let mut r = record("");
            r.key = key.map(Into::into);
            r.value = value.map(Into::into);
            BatchData::new(0, None, vec![r]).size_bytes()
        };
        assert_eq!(one(None, Some("x".repeat(32))), 100);
        assert_eq!(one(Some("k1"), Some("x".repeat(30))), 100);
        assert_eq!(one(Some("k1"), None), 70);
        assert_eq!(one(Some("k1"), Some("x".repeat(59))), 130);
        assert_eq!(one(None, Some("p#0".into())), 71);
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
