//! The broker's idempotent-producer state for one partition (`ProducerStateManager`,
//! R-IDEM-3): per producer id, its epoch and the metadata of its last 5 batches, so
//! that a retried batch is recognised as a duplicate and a gap is refused.
//! Followers rebuild it from the batches they replicate.
//!
//! Simplified: after truncation, entries above the truncation point are removed
//! (Kafka reloads the state from a snapshot and the log, with the same result
//! except for batches that had already left the five-batch window).

use std::collections::VecDeque;

use crate::engine::error::KafkaError;
use crate::engine::log::ProducerStamp;
use crate::engine::vec_map::VecMap;

/// `ProducerStateEntry.NUM_BATCHES_TO_RETAIN`.
pub const BATCHES_TO_RETAIN: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct BatchMeta {
    first_seq: u32,
    last_seq: u32,
    first_offset: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    epoch: u16,
    batches: VecDeque<BatchMeta>,
}

/// What the checks decide for an incoming batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SequenceCheck {
    Append,
    /// Already appended: answer with the original offset, append nothing.
    Duplicate {
        base_offset: u64,
    },
    Reject(KafkaError),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerStateTable {
    producers: VecMap<u64, Entry>,
}

fn last_seq(stamp: &ProducerStamp, count: usize) -> u32 {
    // Sequences wrap after i32::MAX back to 0 (R-IDEM-2).
    ((u64::from(stamp.base_sequence) + count as u64 - 1) % (i32::MAX as u64 + 1)) as u32
}

fn next_seq(seq: u32) -> u32 {
    if seq == i32::MAX as u32 {
        0
    } else {
        seq + 1
    }
}

impl ProducerStateTable {
    /// R-IDEM-3, in Kafka's order: duplicate, then epoch, then sequence.
    pub fn check(&self, stamp: &ProducerStamp, count: usize) -> SequenceCheck {
        let Some(entry) = self.producers.get(&stamp.producer_id) else {
            return SequenceCheck::Append;
        };
        let last = last_seq(stamp, count);
        if stamp.producer_epoch == entry.epoch {
            if let Some(dup) = entry
                .batches
                .iter()
                .find(|b| b.first_seq == stamp.base_sequence && b.last_seq == last)
            {
                return SequenceCheck::Duplicate {
                    base_offset: dup.first_offset,
                };
            }
        }
        if stamp.producer_epoch < entry.epoch {
            return SequenceCheck::Reject(KafkaError::InvalidProducerEpoch);
        }
        let in_sequence = if stamp.producer_epoch > entry.epoch {
            stamp.base_sequence == 0
        } else {
            entry
                .batches
                .back()
                .is_none_or(|b| next_seq(b.last_seq) == stamp.base_sequence)
        };
        if in_sequence {
            SequenceCheck::Append
        } else {
            SequenceCheck::Reject(KafkaError::OutOfOrderSequenceNumber)
        }
    }

    /// Records an appended batch (leader or follower).
    pub fn record(&mut self, stamp: &ProducerStamp, count: usize, first_offset: u64) {
        let entry = self.producers.entry(stamp.producer_id).or_insert(Entry {
            epoch: stamp.producer_epoch,
            batches: VecDeque::new(),
        });
        if stamp.producer_epoch != entry.epoch {
            entry.epoch = stamp.producer_epoch;
            entry.batches.clear();
        }
        entry.batches.push_back(BatchMeta {
            first_seq: stamp.base_sequence,
            last_seq: last_seq(stamp, count),
            first_offset,
        });
        while entry.batches.len() > BATCHES_TO_RETAIN {
            entry.batches.pop_front();
        }
    }

    /// Forgets batches at or above `offset` (log truncation).
    pub fn truncate(&mut self, offset: u64) {
        for entry in self.producers.values_mut() {
            entry.batches.retain(|b| b.first_offset < offset);
        }
        self.producers.retain(|_, e| !e.batches.is_empty());
    }

    pub fn clear(&mut self) {
        self.producers.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(epoch: u16, seq: u32) -> ProducerStamp {
        ProducerStamp {
            producer_id: 1000,
            producer_epoch: epoch,
            base_sequence: seq,
        }
    }

    #[test]
    fn a_retry_of_a_recent_batch_is_a_duplicate() {
        let mut t = ProducerStateTable::default();
        assert_eq!(t.check(&stamp(0, 0), 3), SequenceCheck::Append);
        t.record(&stamp(0, 0), 3, 0);
        assert_eq!(
            t.check(&stamp(0, 0), 3),
            SequenceCheck::Duplicate { base_offset: 0 }
        );
        assert_eq!(t.check(&stamp(0, 3), 1), SequenceCheck::Append);
    }

    #[test]
    fn gaps_and_old_epochs_are_refused() {
        let mut t = ProducerStateTable::default();
        t.record(&stamp(1, 0), 1, 0);
        assert_eq!(
            t.check(&stamp(1, 2), 1),
            SequenceCheck::Reject(KafkaError::OutOfOrderSequenceNumber)
        );
        assert_eq!(
            t.check(&stamp(0, 1), 1),
            SequenceCheck::Reject(KafkaError::InvalidProducerEpoch)
        );
        assert_eq!(
            t.check(&stamp(2, 0), 1),
            SequenceCheck::Append,
            "new epoch starts at 0"
        );
        assert_eq!(
            t.check(&stamp(2, 5), 1),
            SequenceCheck::Reject(KafkaError::OutOfOrderSequenceNumber)
        );
    }

    #[test]
    fn only_the_last_five_batches_are_kept() {
        let mut t = ProducerStateTable::default();
        for seq in 0..6 {
            t.record(&stamp(0, seq), 1, u64::from(seq));
        }
        assert_eq!(
            t.check(&stamp(0, 0), 1),
            SequenceCheck::Reject(KafkaError::OutOfOrderSequenceNumber)
        );
        assert_eq!(
            t.check(&stamp(0, 1), 1),
            SequenceCheck::Duplicate { base_offset: 1 }
        );
    }

    #[test]
    fn truncation_forgets_removed_batches_and_unknown_producers_accept_anything() {
        let mut t = ProducerStateTable::default();
        t.record(&stamp(0, 0), 1, 5);
        t.truncate(5);
        assert_eq!(t.check(&stamp(0, 7), 1), SequenceCheck::Append);
    }
}
