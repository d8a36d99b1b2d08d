//! Positions and fetching (`Fetcher`, `SubscriptionState`, `OffsetFetcher`):
//! a newly assigned partition starts at the group's committed offset, or, with
//! none, where `auto.offset.reset` says (R-READ-4, via ListOffsets, R-READ-2);
//! fetches go to each partition's leader and read up to the HW (or LSO,
//! R-READ-1); `poll()` hands over at most `max.poll.records` records and moves
//! the positions past them (R-READ-3). OFFSET_OUT_OF_RANGE resets the position
//! by the same policy; with `none` the application sees the error.

use super::{Consumed, Consumer, ConsumerOut, Pending, CONSUMED_MAX};
use crate::engine::config::OffsetReset;
use crate::engine::error::KafkaError;
use crate::engine::group::event::GroupEvent;
use crate::engine::group::protocol::GroupRequest;
use crate::engine::ids::Tp;
use crate::engine::message::{
    FetchPartition, FetchRequest, FetchResponse, Fetcher, OffsetSpec, Payload,
};
use crate::engine::vec_map::VecMap;

impl Consumer {
    /// Forgets everything about partitions leaving the assignment.
    pub(super) fn drop_partitions(&mut self, partitions: &[Tp]) {
        for tp in partitions {
            self.positions.remove(tp);
            self.buffer.remove(tp);
            self.resolving.remove(tp);
            self.position_epochs.remove(tp);
            self.read_leader_epochs.remove(tp);
            self.validating.remove(tp);
        }
    }

    /// Asks the coordinator for the committed offsets of assigned partitions
    /// that have no position yet.
    pub(super) fn resolve_positions(&mut self, out: &mut ConsumerOut) {
        if !self.is_running() || self.member_state != super::MemberState::Stable {
            return;
        }
        let missing: Vec<Tp> = self
            .assignment
            .iter()
            .filter(|tp| !self.positions.contains_key(tp) && !self.resolving.contains(tp))
            .copied()
            .collect();
        let Some(coordinator) = self.coordinator else {
            return;
        };
        if missing.is_empty() {
            return;
        }
        self.resolving.extend(missing.iter().copied());
        let request_id = self.fresh_id();
        let payload = Payload::Group {
            request_id,
            group: self.group.clone(),
            request: GroupRequest::OffsetFetch {
                partitions: missing,
            },
        };
        self.request(coordinator, payload, Pending::OffsetFetch, out);
    }

    pub(super) fn on_offset_fetch(
        &mut self,
        result: Result<Vec<(Tp, Option<u64>)>, KafkaError>,
        out: &mut ConsumerOut,
    ) {
        let committed = match result {
            Ok(c) => c,
            Err(_) => {
                self.resolving.clear();
                self.coordinator_unknown();
                self.ensure_active_group(out);
                return;
            }
        };
        let mut reset = Vec::new();
        for (tp, offset) in committed {
            if !self.resolving.remove(&tp) || !self.assignment.contains(&tp) {
                continue;
            }
            match offset {
                Some(offset) => {
                    self.positions.insert(tp, offset);
                }
                None => reset.push(tp),
            }
        }
        self.reset_positions(reset, "no_committed_offset", out);
        self.send_fetches(out);
    }

    /// R-READ-4: the reset policy for partitions without a usable offset.
    pub(super) fn reset_positions(
        &mut self,
        partitions: Vec<Tp>,
        reason: &'static str,
        out: &mut ConsumerOut,
    ) {
        let spec = match self.config.auto_offset_reset {
            OffsetReset::Earliest => OffsetSpec::Earliest,
            OffsetReset::Latest => OffsetSpec::Latest,
            OffsetReset::None => {
                let error = if reason == "out_of_range" {
                    KafkaError::OffsetOutOfRange
                } else {
                    KafkaError::NoOffsetForPartition
                };
                for tp in partitions {
                    self.surface(error, Some(tp), out);
                }
                return;
            }
        };
        let mut by_leader: VecMap<u32, Vec<(Tp, OffsetSpec)>> = VecMap::new();
        for tp in partitions {
            match self.metadata.leader(tp) {
                Some(leader) => {
                    self.resolving.insert(tp);
                    by_leader.entry(leader).or_default().push((tp, spec));
                }
                None => self.metadata.stale = true,
            }
        }
        self.pending_reset_reason = reason;
        for (leader, partitions) in by_leader {
            let request_id = self.fresh_id();
            let payload = Payload::ListOffsets {
                request_id,
                read_committed: self.config.read_committed,
                partitions,
            };
            self.request(leader, payload, Pending::ListOffsets, out);
        }
        if self.metadata.stale {
            self.refresh_metadata(out);
        }
    }

    pub(super) fn on_list_offsets(
        &mut self,
        results: Vec<(Tp, Result<u64, KafkaError>)>,
        out: &mut ConsumerOut,
    ) {
        let reason = self.pending_reset_reason;
        for (tp, result) in results {
            if !self.resolving.remove(&tp) || !self.assignment.contains(&tp) {
                continue;
            }
            match result {
                Ok(offset) => {
                    self.positions.insert(tp, offset);
                    let consumer = self.index;
                    self.event(out, || GroupEvent::OffsetReset {
                        consumer,
                        tp,
                        offset,
                        reason,
                    });
                }
                Err(_) => self.metadata.stale = true,
            }
        }
        if self.metadata.stale {
            self.refresh_metadata(out);
        }
        self.send_fetches(out);
    }

    /// One fetch per leader for positioned partitions with nothing buffered
    /// and no fetch in flight.
    pub(super) fn send_fetches(&mut self, out: &mut ConsumerOut) {
        if !self.is_running() || self.member_state == super::MemberState::Unjoined {
            return;
        }
        let mut by_leader: VecMap<u32, Vec<FetchPartition>> = VecMap::new();
        let positions: Vec<(Tp, u64)> = self.positions.iter().map(|(t, p)| (*t, *p)).collect();
        for (tp, position) in positions {
            let idle =
                !self.fetching.contains(&tp) && self.buffer.get(&tp).is_none_or(|b| b.is_empty());
            if !idle || self.awaiting_metadata.contains(&tp) || !self.position_validated(tp) {
                continue;
            }
            let Some(leader) = self.metadata.leader(tp) else {
                // No leader known: look again (refreshes are rate-limited).
                self.metadata.stale = true;
                continue;
            };
            {
                by_leader.entry(leader).or_default().push(FetchPartition {
                    tp,
                    fetch_offset: position,
                    last_fetched_epoch: None,
                    current_leader_epoch: self.metadata.leader_epoch(tp),
                });
            }
        }
        for (leader, partitions) in by_leader {
            self.fetching.extend(partitions.iter().map(|p| p.tp));
            let request_id = self.fresh_id();
            let request = FetchRequest {
                request_id,
                fetcher: Fetcher::Consumer {
                    read_committed: self.config.read_committed,
                },
                max_wait_ms: self.config.fetch_max_wait_ms,
                max_bytes_per_partition: self.config.max_partition_fetch_bytes,
                partitions,
            };
            self.request(leader, Payload::Fetch(request), Pending::Fetch, out);
        }
        self.send_validations(out);
        if self.metadata.stale {
            self.refresh_metadata(out);
        }
    }

    pub(super) fn on_fetch_response(&mut self, response: FetchResponse, out: &mut ConsumerOut) {
        let mut out_of_range = Vec::new();
        for p in response.partitions {
            self.fetching.remove(&p.tp);
            let Some(&position) = self.positions.get(&p.tp) else {
                continue;
            };
            match p.error {
                None => {
                    self.high_watermarks.insert(p.tp, p.high_watermark);
                    let buffer = self.buffer.entry(p.tp).or_default();
                    let start = buffer.back().map_or(position, |(o, _, _)| o + 1);
                    for batch in &p.batches {
                        let epoch = batch.leader_epoch();
                        for (offset, record) in batch.records() {
                            if offset >= start {
                                buffer.push_back((offset, record.id, epoch));
                            }
                        }
                    }
                }
                Some(KafkaError::OffsetOutOfRange) => {
                    self.positions.remove(&p.tp);
                    out_of_range.push(p.tp);
                }
                Some(_) => {
                    self.awaiting_metadata.insert(p.tp);
                    self.metadata.stale = true;
                }
            }
        }
        self.reset_positions(out_of_range, "out_of_range", out);
        if self.metadata.stale {
            self.refresh_metadata(out);
        }
        self.hand_over(out);
        self.send_fetches(out);
    }

    /// A waiting `poll()` returns what is buffered, at most `max.poll.records`,
    /// and the application processes it (and commits, with `commit_after_poll`).
    pub(super) fn hand_over(&mut self, out: &mut ConsumerOut) {
        if !self.poll_waiting || self.blocked.is_some() || !self.is_running() {
            return;
        }
        // Out of its generation a member hands nothing over; an eager member
        // about to rejoin neither. A cooperative one keeps consuming what it
        // owns during a rebalance (R-ASSIGN-3).
        let eager = self.rebalance_protocol == crate::engine::assignor::RebalanceProtocol::Eager;
        if self.generation < 0 || (eager && self.rejoin_needed) {
            return;
        }
        let mut budget = self.config.max_poll_records.max(1);
        let tps: Vec<Tp> = self.buffer.keys().copied().collect();
        let mut handed = false;
        for tp in tps {
            let Some(buffer) = self.buffer.get_mut(&tp) else {
                continue;
            };
            let mut offsets = Vec::new();
            let mut ids = Vec::new();
            let mut last_epoch = None;
            while budget > 0 {
                let Some((offset, id, epoch)) = buffer.pop_front() else {
                    break;
                };
                budget -= 1;
                offsets.push(offset);
                ids.push(id);
                last_epoch = Some(epoch);
            }
            if let Some(epoch) = last_epoch {
                self.position_epochs.insert(tp, epoch);
            }
            if offsets.is_empty() {
                continue;
            }
            handed = true;
            if let Some(last) = offsets.last() {
                self.positions.insert(tp, last + 1);
            }
            for (offset, id) in offsets.iter().zip(&ids) {
                if self.consumed.len() < CONSUMED_MAX {
                    self.consumed.push(Consumed {
                        tp,
                        offset: *offset,
                        id: *id,
                    });
                } else {
                    self.consumed_dropped += 1;
                }
            }
            let consumer = self.index;
            self.event(out, || GroupEvent::RecordsConsumed {
                consumer,
                tp,
                offsets,
                ids,
            });
        }
        if handed {
            self.poll_waiting = false;
            if self.processing_ms > 0 {
                self.busy_until_ms = out.now_ms + self.processing_ms;
                out.timer_at(self.busy_until_ms, super::ConsumerTimer::ProcessingDone);
            } else {
                self.after_processing(out);
            }
        }
    }
}
