//! Truncation detection after a leader change (R-READ-5, KIP-320). When the
//! metadata shows a new leader epoch for a partition the consumer has read, it
//! stops fetching it and asks the new leader, with OffsetsForLeaderEpoch, where
//! the epoch of its last consumed record ends. An end offset below the position
//! means the log was truncated under it: with a reset policy the position moves
//! to that end offset (the divergence point, not latest); with `none` the
//! application sees LOG_TRUNCATION and the partition is not fetched until it
//! seeks.

use super::{Consumer, ConsumerOut, Pending};
use crate::engine::config::OffsetReset;
use crate::engine::error::KafkaError;
use crate::engine::group::event::GroupEvent;
use crate::engine::ids::Tp;
use crate::engine::message::{EpochEndOffset, Payload};
use crate::engine::vec_map::VecMap;

impl Consumer {
    /// Whether `tp` may be fetched now; starts its validation when the leader
    /// epoch moved since the consumer last read it.
    pub(super) fn position_validated(&mut self, tp: Tp) -> bool {
        if self.validating.contains(&tp) {
            return false;
        }
        let current = self.metadata.leader_epoch(tp);
        let Some(&read_under) = self.read_leader_epochs.get(&tp) else {
            self.read_leader_epochs.insert(tp, current);
            return true;
        };
        if read_under >= current || !self.position_epochs.contains_key(&tp) {
            self.read_leader_epochs.insert(tp, current);
            return true;
        }
        self.validating.insert(tp);
        false
    }

    /// Sends OffsetsForLeaderEpoch for the partitions waiting for validation.
    pub(super) fn send_validations(&mut self, out: &mut ConsumerOut) {
        let mut by_leader: VecMap<u32, Vec<(Tp, u32)>> = VecMap::new();
        for tp in &self.validating {
            let (Some(leader), Some(epoch)) =
                (self.metadata.leader(*tp), self.position_epochs.get(tp))
            else {
                continue;
            };
            if !self.validations_in_flight.contains(tp) {
                by_leader.entry(leader).or_default().push((*tp, *epoch));
            }
        }
        for (leader, partitions) in by_leader {
            self.validations_in_flight
                .extend(partitions.iter().map(|(tp, _)| *tp));
            let request_id = self.fresh_id();
            let payload = Payload::OffsetsForLeaderEpoch {
                request_id,
                partitions,
            };
            self.request(leader, payload, Pending::Validation, out);
        }
    }

    pub(super) fn on_validation(
        &mut self,
        results: Vec<(Tp, EpochEndOffset)>,
        out: &mut ConsumerOut,
    ) {
        for (tp, result) in results {
            self.validations_in_flight.remove(&tp);
            let end_offset = match result {
                Ok((_, end_offset)) => end_offset,
                // No end offset for that epoch: reset by the policy.
                Err(KafkaError::OffsetOutOfRange) => {
                    self.validating.remove(&tp);
                    self.read_leader_epochs.remove(&tp);
                    self.position_epochs.remove(&tp);
                    self.positions.remove(&tp);
                    self.reset_positions(vec![tp], "out_of_range", out);
                    continue;
                }
                Err(_) => {
                    self.metadata.stale = true;
                    continue;
                }
            };
            self.validating.remove(&tp);
            self.read_leader_epochs
                .insert(tp, self.metadata.leader_epoch(tp));
            let Some(&position) = self.positions.get(&tp) else {
                continue;
            };
            if end_offset >= position {
                continue;
            }
            self.buffer.remove(&tp);
            if self.config.auto_offset_reset == OffsetReset::None {
                // The partition waits for the application to seek().
                self.positions.remove(&tp);
                self.surface(KafkaError::LogTruncation, Some(tp), out);
                continue;
            }
            self.positions.insert(tp, end_offset);
            self.position_epochs.remove(&tp);
            let consumer = self.index;
            self.event(out, || GroupEvent::OffsetReset {
                consumer,
                tp,
                offset: end_offset,
                reason: "log_truncation",
            });
        }
        if self.metadata.stale {
            self.refresh_metadata(out);
        }
        self.send_fetches(out);
    }
}
