//! The produce path on a leader (`ReplicaManager.appendRecords`,
//! `Partition.appendRecordsToLeader`, `DelayedProduce`): checks before the append
//! (R-ACK-2, R-IDEM-3, RECORD_TOO_LARGE, INVALID_RECORD for keyless records on a
//! compacted topic), the append stamped with the leader epoch (R-LOG-1), and the
//! answer by acks: none (R-ACK-3), at once (acks=1), or when the HW passes the
//! batch (acks=all, R-ACK-4).

use std::rc::Rc;

use super::{Broker, BrokerOut, BrokerTimer};
use crate::engine::config::Acks;
use crate::engine::error::KafkaError;
use crate::engine::event::EventKind;
use crate::engine::ids::{NodeId, Tp};
use crate::engine::ledger::LedgerNote;
use crate::engine::log::BatchData;
use crate::engine::message::{Payload, ProduceRequest, ProduceResponse, ProduceResult};

use super::producer_state::SequenceCheck;

/// One partition of an acks=all request waiting for the HW.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DelayedEntry {
    pub tp: Tp,
    pub leader_epoch: u32,
    pub base_offset: Option<u64>,
    pub required_offset: u64,
    /// `None` while waiting; then the outcome.
    pub done: Option<Option<KafkaError>>,
}

/// An acks=all request in the produce purgatory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DelayedProduce {
    pub client: NodeId,
    pub request_id: u64,
    pub entries: Vec<DelayedEntry>,
}

pub(super) enum Appended {
    Rejected(KafkaError),
    /// Appended now, or found as a duplicate of an earlier append (R-IDEM-3).
    At {
        base_offset: u64,
        required_offset: u64,
        leader_epoch: u32,
    },
}

impl Broker {
    pub(super) fn append_for_client(
        &mut self,
        tp: Tp,
        data: &Rc<BatchData>,
        acks: Acks,
        out: &mut BrokerOut,
    ) -> Appended {
        let me = self.id;
        let Some(replica) = self.replicas.get_mut(&tp) else {
            return Appended::Rejected(KafkaError::NotLeaderOrFollower);
        };
        let Some(state) = replica.leader_state() else {
            return Appended::Rejected(KafkaError::NotLeaderOrFollower);
        };
        let leader_epoch = state.leader_epoch;
        if data.size_bytes() > replica.config.max_message_bytes {
            return Appended::Rejected(KafkaError::RecordTooLarge);
        }
        if replica.config.cleanup_compact && data.records.iter().any(|r| r.key.is_none()) {
            return Appended::Rejected(KafkaError::InvalidRecord);
        }
        let min_isr = replica.config.effective_min_isr(state.replicas.len());
        if acks == Acks::All && state.isr.len() < min_isr {
            return Appended::Rejected(KafkaError::NotEnoughReplicas);
        }
        let count = data.records.len() as u64;
        if let Some(stamp) = &data.producer {
            match replica.producers.check(stamp, data.records.len()) {
                SequenceCheck::Append => {}
                SequenceCheck::Duplicate { base_offset } => {
                    return Appended::At {
                        base_offset,
                        required_offset: base_offset + count,
                        leader_epoch,
                    }
                }
                SequenceCheck::Reject(error) => return Appended::Rejected(error),
            }
        }
        let mut stamped = (**data).clone();
        stamped.leader_epoch = leader_epoch;
        let config = replica.config.clone();
        let (batch, roll) = replica
            .log
            .append_as_leader(Rc::new(stamped), out.now_ms, &config);
        if let Some(stamp) = &data.producer {
            replica
                .producers
                .record(stamp, data.records.len(), batch.base_offset);
        }
        let base_offset = batch.base_offset;
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
            base_offset,
            leader_epoch,
            ids: batch.data.records.iter().map(|r| r.id).collect(),
            as_leader: true,
        });
        if acks == Acks::None {
            out.note(LedgerNote::PlacedWithoutAck {
                tp,
                base_offset,
                ids: batch.data.records.iter().map(|r| r.id).collect(),
            });
        }
        self.wake_parked_fetches(tp, out);
        self.maybe_increment_high_watermark(tp, out);
        Appended::At {
            base_offset,
            required_offset: base_offset + count,
            leader_epoch,
        }
    }

    pub fn handle_produce(&mut self, from: NodeId, request: ProduceRequest, out: &mut BrokerOut) {
        let mut entries = Vec::with_capacity(request.batches.len());
        for (tp, data) in &request.batches {
            let entry = match self.append_for_client(*tp, data, request.acks, out) {
                Appended::Rejected(error) => DelayedEntry {
                    tp: *tp,
                    leader_epoch: 0,
                    base_offset: None,
                    required_offset: 0,
                    done: Some(Some(error)),
                },
                Appended::At {
                    base_offset,
                    required_offset,
                    leader_epoch,
                } => DelayedEntry {
                    tp: *tp,
                    leader_epoch,
                    base_offset: Some(base_offset),
                    required_offset,
                    done: (request.acks != Acks::All).then_some(None),
                },
            };
            entries.push(entry);
        }
        match request.acks {
            Acks::None => {}
            Acks::Leader => respond(from, request.request_id, &entries, out),
            Acks::All => {
                let mut delayed = DelayedProduce {
                    client: from,
                    request_id: request.request_id,
                    entries,
                };
                if self.try_complete(&mut delayed) {
                    respond(from, request.request_id, &delayed.entries, out);
                } else {
                    let id = self.fresh_id();
                    self.delayed_produces.insert(id, delayed);
                    out.timer_in(request.timeout_ms, BrokerTimer::DelayedProduceExpiry { id });
                }
            }
        }
    }

    /// R-ACK-4: settles every entry that can be settled; true when all are.
    fn try_complete(&self, delayed: &mut DelayedProduce) -> bool {
        for entry in delayed.entries.iter_mut().filter(|e| e.done.is_none()) {
            let Some(replica) = self.replicas.get(&entry.tp) else {
                entry.done = Some(Some(KafkaError::NotLeaderOrFollower));
                continue;
            };
            match replica.leader_state() {
                Some(state) if state.leader_epoch == entry.leader_epoch => {
                    if replica.log.high_watermark() >= entry.required_offset {
                        let min_isr = replica.config.effective_min_isr(state.replicas.len());
                        entry.done = Some(if state.maximal_isr().len() >= min_isr {
                            None
                        } else {
                            Some(KafkaError::NotEnoughReplicasAfterAppend)
                        });
                    }
                }
                _ => entry.done = Some(Some(KafkaError::NotLeaderOrFollower)),
            }
        }
        delayed.entries.iter().all(|e| e.done.is_some())
    }

    /// Completes the delayed produces on `tp` that can complete now.
    pub fn check_delayed_produces(&mut self, tp: Tp, out: &mut BrokerOut) {
        let waiting: Vec<u64> = self
            .delayed_produces
            .iter()
            .filter(|(_, d)| d.entries.iter().any(|e| e.tp == tp && e.done.is_none()))
            .map(|(id, _)| *id)
            .collect();
        for id in waiting {
            let Some(mut delayed) = self.delayed_produces.remove(&id) else {
                continue;
            };
            if self.try_complete(&mut delayed) {
                respond(delayed.client, delayed.request_id, &delayed.entries, out);
            } else {
                self.delayed_produces.insert(id, delayed);
            }
        }
    }

    /// Leadership of `tp` moved: waiting requests answer NOT_LEADER_OR_FOLLOWER.
    pub fn fail_delayed_produces(&mut self, tp: Tp, out: &mut BrokerOut) {
        self.check_delayed_produces(tp, out);
    }

    /// The request timeout passed: what is still waiting gets REQUEST_TIMED_OUT;
    /// the records stay in the leader's log (R-ACK-4).
    pub fn expire_delayed_produce(&mut self, id: u64, out: &mut BrokerOut) {
        let Some(mut delayed) = self.delayed_produces.remove(&id) else {
            return;
        };
        self.try_complete(&mut delayed);
        for entry in delayed.entries.iter_mut().filter(|e| e.done.is_none()) {
            entry.done = Some(Some(KafkaError::RequestTimedOut));
        }
        respond(delayed.client, delayed.request_id, &delayed.entries, out);
    }
}

fn respond(client: NodeId, request_id: u64, entries: &[DelayedEntry], out: &mut BrokerOut) {
    let results = entries
        .iter()
        .map(|e| {
            let error = e.done.flatten();
            ProduceResult {
                tp: e.tp,
                error,
                base_offset: if error.is_none() { e.base_offset } else { None },
            }
        })
        .collect();
    out.send(
        client,
        Payload::ProduceResponse(ProduceResponse {
            request_id,
            results,
        }),
    );
}
