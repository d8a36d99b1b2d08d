//! The follower side of replication (`ReplicaFetcherThread`,
//! `AbstractFetcherThread`): one fetch session per leader broker, fetching every
//! partition led there at its LEO with its last fetched epoch (R-REPL-8,
//! R-EPOCH-3); truncating where the leader says the logs diverge (R-EPOCH-4) or
//! when out of range (R-EPOCH-5); appending what arrives; and taking the leader's
//! HW and log start offset (R-LOG-3).

use super::{Broker, BrokerOut, BrokerTimer};
use crate::engine::error::KafkaError;
use crate::engine::event::EventKind;
use crate::engine::ids::{NodeId, Tp};
use crate::engine::ledger::LedgerNote;
use crate::engine::message::{
    FetchPartition, FetchRequest, FetchResponse, FetchedPartition, Fetcher, Payload,
};
use crate::engine::vec_map::VecMap;

/// A fetch request waiting for its response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlightFetch {
    pub request_id: u64,
    /// The leader epoch each partition was fetched in.
    pub epochs: Vec<(Tp, u32)>,
}

/// The partitions this broker follows from one leader broker.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FetchSession {
    pub partitions: VecMap<Tp, u32>,
    pub in_flight: Option<InFlightFetch>,
    pub backoff_until_ms: Option<u64>,
}

impl Broker {
    pub fn add_to_fetcher(&mut self, leader: u32, tp: Tp, leader_epoch: u32, out: &mut BrokerOut) {
        self.fetchers
            .entry(leader)
            .or_default()
            .partitions
            .insert(tp, leader_epoch);
        self.maybe_send_fetch(leader, out);
    }

    pub fn remove_from_fetchers(&mut self, tp: Tp) {
        for session in self.fetchers.values_mut() {
            session.partitions.remove(&tp);
        }
    }

    /// Sends the session's next fetch if none is in flight and it is not backing off.
    pub fn maybe_send_fetch(&mut self, leader: u32, out: &mut BrokerOut) {
        let Some(broker_epoch) = self.broker_epoch() else {
            return;
        };
        let request_id = self.fresh_id();
        let Some(session) = self.fetchers.get_mut(&leader) else {
            return;
        };
        if session.in_flight.is_some()
            || session.backoff_until_ms.is_some()
            || session.partitions.is_empty()
        {
            return;
        }
        let mut partitions = Vec::with_capacity(session.partitions.len());
        let mut epochs = Vec::with_capacity(session.partitions.len());
        for (&tp, &epoch) in &session.partitions {
            let Some(replica) = self.replicas.get(&tp) else {
                continue;
            };
            partitions.push(FetchPartition {
                tp,
                fetch_offset: replica.log.log_end_offset(),
                last_fetched_epoch: replica.log.latest_epoch(),
                current_leader_epoch: epoch,
            });
            epochs.push((tp, epoch));
        }
        session.in_flight = Some(InFlightFetch { request_id, epochs });
        out.send(
            NodeId::Broker(leader),
            Payload::Fetch(FetchRequest {
                request_id,
                fetcher: Fetcher::Follower {
                    broker: self.id,
                    broker_epoch,
                },
                max_wait_ms: self.config.replica_fetch_wait_max_ms,
                max_bytes_per_partition: self.config.replica_fetch_max_bytes,
                partitions,
            }),
        );
        out.timer_in(
            self.config.replica_socket_timeout_ms,
            BrokerTimer::FetchTimeout { leader, request_id },
        );
    }

    fn back_off(&mut self, leader: u32, out: &mut BrokerOut) {
        let backoff = self.config.replica_fetch_backoff_ms;
        if let Some(session) = self.fetchers.get_mut(&leader) {
            session.in_flight = None;
            session.backoff_until_ms = Some(out.now_ms + backoff);
            out.timer_in(backoff, BrokerTimer::FetchBackoff { leader });
        }
    }

    pub fn on_fetch_timeout(&mut self, leader: u32, request_id: u64, out: &mut BrokerOut) {
        let timed_out = self
            .fetchers
            .get(&leader)
            .and_then(|s| s.in_flight.as_ref())
            .is_some_and(|f| f.request_id == request_id);
        if timed_out {
            self.back_off(leader, out);
        }
    }

    pub fn on_fetch_connection_lost(&mut self, leader: u32, out: &mut BrokerOut) {
        if self
            .fetchers
            .get(&leader)
            .is_some_and(|s| s.in_flight.is_some())
        {
            self.back_off(leader, out);
        }
    }

    pub fn on_fetch_response(&mut self, leader: u32, response: FetchResponse, out: &mut BrokerOut) {
        let Some(session) = self.fetchers.get_mut(&leader) else {
            return;
        };
        let Some(in_flight) = session
            .in_flight
            .take_if(|f| f.request_id == response.request_id)
        else {
            return;
        };
        let mut failed = false;
        for fetched in response.partitions {
            let sent_epoch = in_flight
                .epochs
                .iter()
                .find(|(tp, _)| *tp == fetched.tp)
                .map(|(_, e)| *e);
            let current = self
                .fetchers
                .get(&leader)
                .and_then(|s| s.partitions.get(&fetched.tp))
                .copied();
            if sent_epoch.is_none() || sent_epoch != current {
                continue;
            }
            failed |= !self.process_fetched(fetched, out);
        }
        if failed {
            self.back_off(leader, out);
        } else {
            self.maybe_send_fetch(leader, out);
        }
    }

    /// Removes records at and above `offset`, telling the trace and the ledger.
    fn truncate(&mut self, tp: Tp, offset: u64, reason: &'static str, out: &mut BrokerOut) {
        let me = self.id;
        let Some(replica) = self.replicas.get_mut(&tp) else {
            return;
        };
        let from_offset = replica.log.log_end_offset();
        let removed = replica.log.truncate_to(offset, out.now_ms);
        replica.producers.truncate(offset);
        if removed.is_empty() {
            return;
        }
        let removed: Vec<(u64, crate::engine::log::RecordId)> = removed
            .iter()
            .flat_map(|b| b.records().map(|(o, r)| (o, r.id)))
            .collect();
        let to_offset = replica.log.log_end_offset();
        let ids: Vec<_> = removed.iter().map(|(_, id)| *id).collect();
        out.event(|| EventKind::Truncated {
            broker: me,
            tp,
            from_offset,
            to_offset,
            removed: ids,
            reason,
        });
        out.note(LedgerNote::Truncated {
            broker: me,
            tp,
            removed,
        });
    }

    /// Applies one partition of a fetch response. Returns false on an error that
    /// should make the session back off.
    fn process_fetched(&mut self, fetched: FetchedPartition, out: &mut BrokerOut) -> bool {
        let tp = fetched.tp;
        let me = self.id;
        let Some(replica) = self.replicas.get(&tp) else {
            return true;
        };
        let own_leo = replica.log.log_end_offset();
        match fetched.error {
            Some(KafkaError::OffsetOutOfRange) => {
                // R-EPOCH-5.
                if own_leo > fetched.log_end_offset {
                    self.truncate(
                        tp,
                        fetched.log_end_offset,
                        "out of range: above the leader's LEO",
                        out,
                    );
                    return true;
                }
                if own_leo < fetched.log_start_offset {
                    if let Some(replica) = self.replicas.get_mut(&tp) {
                        let removed = replica
                            .log
                            .truncate_fully_and_start_at(fetched.log_start_offset, out.now_ms);
                        replica.producers.clear();
                        if !removed.is_empty() {
                            let removed: Vec<_> = removed
                                .iter()
                                .flat_map(|b| b.records().map(|(o, r)| (o, r.id)))
                                .collect();
                            out.note(LedgerNote::Truncated {
                                broker: me,
                                tp,
                                removed,
                            });
                        }
                    }
                    return true;
                }
                return false;
            }
            Some(_) => return false,
            None => {}
        }
        if let Some((epoch, end_offset)) = fetched.diverging_epoch {
            // R-EPOCH-4: where our own log ends for that epoch.
            let target = match replica.log.epochs().end_offset_for(epoch, own_leo) {
                None => end_offset.min(own_leo),
                Some((own_epoch, own_end)) if own_epoch != epoch => own_end.min(own_leo),
                Some((_, own_end)) => own_end.min(end_offset).min(own_leo),
            };
            self.truncate(tp, target, "diverging epoch", out);
            return true;
        }
        let Some(replica) = self.replicas.get_mut(&tp) else {
            return true;
        };
        let config = replica.config.clone();
        for batch in fetched.batches {
            let (appended, roll) =
                replica
                    .log
                    .append_as_follower(batch.clone(), out.now_ms, &config);
            if !appended {
                break;
            }
            if let Some(stamp) = &batch.data.producer {
                // A cleaned batch keeps its offset span, hence its sequences.
                let count = batch.data.offset_count() as usize;
                replica.producers.record(stamp, count, batch.base_offset);
            }
            if let Some(roll) = roll {
                out.event(|| EventKind::SegmentRolled {
                    broker: me,
                    tp,
                    base_offset: roll.new_base_offset,
                    reason: roll.reason.name(),
                });
            }
            out.event(|| EventKind::RecordsAppended {
                broker: me,
                tp,
                base_offset: batch.base_offset,
                leader_epoch: batch.leader_epoch(),
                ids: batch.data.records.iter().map(|r| r.id).collect(),
                as_leader: false,
            });
        }
        let old_hw = replica.log.high_watermark();
        let new_hw = fetched.high_watermark.min(replica.log.log_end_offset());
        if replica.log.set_high_watermark(new_hw) && replica.log.high_watermark() > old_hw {
            let to = replica.log.high_watermark();
            out.event(|| EventKind::HighWatermarkAdvanced {
                broker: me,
                tp,
                from: old_hw,
                to,
            });
        }
        let old_start = replica.log.log_start_offset();
        if replica
            .log
            .maybe_increment_log_start_offset(fetched.log_start_offset)
        {
            let to = replica.log.log_start_offset();
            out.event(|| EventKind::LogStartOffsetAdvanced {
                broker: me,
                tp,
                from: old_start,
                to,
            });
        }
        true
    }
}
