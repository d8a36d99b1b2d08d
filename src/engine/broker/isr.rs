//! The leader's high watermark and ISR maintenance on a broker: HW advance
//! (R-REPL-6/7), ISR shrink by lag (R-REPL-3), expansion (R-REPL-4), and the
//! AlterPartition round trip with the controller (R-REPL-5).

use super::leader::{Eligibility, PendingIsr};
use super::{Broker, BrokerOut, BrokerTimer, CONTROLLER_REQUEST_TIMEOUT_MS};
use crate::engine::error::KafkaError;
use crate::engine::event::EventKind;
use crate::engine::ids::{NodeId, Tp};
use crate::engine::message::Payload;
use crate::engine::metadata::{MetadataImage, PartitionRegistration};

/// ISR eligibility from this broker's metadata (R-REPL-4, KRaft).
struct FromMetadata<'a>(&'a MetadataImage);

impl Eligibility for FromMetadata<'_> {
    fn is_isr_eligible(&self, broker: u32, fetch_broker_epoch: Option<u64>) -> bool {
        self.0
            .brokers
            .get(&broker)
            .is_some_and(|b| b.is_active() && fetch_broker_epoch == Some(b.epoch))
    }
}

impl Broker {
    /// R-REPL-6/7: raises the leader's HW if it can, then completes what waited on it.
    pub fn maybe_increment_high_watermark(&mut self, tp: Tp, out: &mut BrokerOut) {
        let lag_max = self.config.replica_lag_time_max_ms;
        let me = self.id;
        let Some(replica) = self.replicas.get_mut(&tp) else {
            return;
        };
        let Some(state) = replica.leader_state() else {
            return;
        };
        let min_isr = replica.config.effective_min_isr(state.replicas.len());
        let eligibility = FromMetadata(&self.metadata.image);
        let current = replica.log.high_watermark();
        let candidate = state.high_watermark_candidate(
            replica.log.log_end_offset(),
            current,
            out.now_ms,
            lag_max,
            min_isr,
            &eligibility,
        );
        if let Some(hw) = candidate {
            if replica.log.maybe_increment_high_watermark(hw) {
                let to = replica.log.high_watermark();
                out.event(|| EventKind::HighWatermarkAdvanced {
                    broker: me,
                    tp,
                    from: current,
                    to,
                });
                self.check_delayed_produces(tp, out);
                self.wake_consumer_fetches(tp, out);
            }
        }
    }

    /// The controller committed an ISR for a partition this broker leads in the
    /// same epoch: adopt it, drop any pending change, recompute the HW.
    pub fn apply_committed_isr(
        &mut self,
        tp: Tp,
        reg: &PartitionRegistration,
        out: &mut BrokerOut,
    ) {
        let Some(state) = self
            .replicas
            .get_mut(&tp)
            .and_then(|r| r.leader_state_mut())
        else {
            return;
        };
        if reg.partition_epoch <= state.partition_epoch {
            return;
        }
        state.isr = reg.isr.clone();
        state.partition_epoch = reg.partition_epoch;
        state.pending = None;
        self.maybe_increment_high_watermark(tp, out);
        self.check_delayed_produces(tp, out);
    }

    fn send_alter_partition(&mut self, tp: Tp, out: &mut BrokerOut) {
        let Some(broker_epoch) = self.broker_epoch() else {
            return;
        };
        let Some(state) = self
            .replicas
            .get_mut(&tp)
            .and_then(|r| r.leader_state_mut())
        else {
            return;
        };
        let Some(pending) = &state.pending else {
            return;
        };
        state.pending_sent_ms = out.now_ms;
        out.send(
            NodeId::Controller,
            Payload::AlterPartition {
                tp,
                leader_epoch: state.leader_epoch,
                partition_epoch: state.partition_epoch,
                new_isr: pending.proposed().to_vec(),
                broker_epoch,
            },
        );
        out.timer_in(
            CONTROLLER_REQUEST_TIMEOUT_MS,
            BrokerTimer::AlterPartitionRetry { tp },
        );
    }

    fn propose_isr(&mut self, tp: Tp, pending: PendingIsr, out: &mut BrokerOut) {
        let me = self.id;
        let Some(state) = self
            .replicas
            .get_mut(&tp)
            .and_then(|r| r.leader_state_mut())
        else {
            return;
        };
        let (from, to) = (state.isr.clone(), pending.proposed().to_vec());
        state.pending = Some(pending);
        out.event(|| EventKind::IsrChangeProposed {
            tp,
            leader: me,
            from,
            to,
        });
        self.send_alter_partition(tp, out);
    }

    /// An unanswered AlterPartition is sent again.
    pub fn resend_alter_partition(&mut self, tp: Tp, out: &mut BrokerOut) {
        let due = self
            .replicas
            .get(&tp)
            .and_then(|r| r.leader_state())
            .is_some_and(|s| {
                s.pending.is_some()
                    && out.now_ms >= s.pending_sent_ms + CONTROLLER_REQUEST_TIMEOUT_MS
            });
        if due {
            self.send_alter_partition(tp, out);
        }
    }

    /// The `isr-expiration` task (R-REPL-3): every led partition drops followers
    /// that are not caught up, unless a change is already in flight.
    pub fn shrink_isrs(&mut self, out: &mut BrokerOut) {
        let lag_max = self.config.replica_lag_time_max_ms;
        let mut proposals = Vec::new();
        for (tp, replica) in &self.replicas {
            let Some(state) = replica.leader_state() else {
                continue;
            };
            if state.pending.is_some() {
                continue;
            }
            let out_of_sync = state.out_of_sync(replica.log.log_end_offset(), out.now_ms, lag_max);
            if !out_of_sync.is_empty() {
                let proposed: Vec<u32> = state
                    .isr
                    .iter()
                    .copied()
                    .filter(|r| !out_of_sync.contains(r))
                    .collect();
                proposals.push((*tp, proposed));
            }
        }
        for (tp, proposed) in proposals {
            self.propose_isr(tp, PendingIsr::Shrink { proposed }, out);
        }
    }

    /// R-REPL-4: after a follower's fetch, propose it for the ISR if it qualifies.
    pub fn maybe_expand_isr(&mut self, tp: Tp, follower: u32, out: &mut BrokerOut) {
        let Some(replica) = self.replicas.get(&tp) else {
            return;
        };
        let Some(state) = replica.leader_state() else {
            return;
        };
        let eligibility = FromMetadata(&self.metadata.image);
        if state.should_expand(follower, replica.log.high_watermark(), &eligibility) {
            let mut proposed = state.isr.clone();
            proposed.push(follower);
            self.propose_isr(
                tp,
                PendingIsr::Expand {
                    replica: follower,
                    proposed,
                },
                out,
            );
        }
    }

    pub fn on_alter_partition_response(
        &mut self,
        tp: Tp,
        result: Result<PartitionRegistration, KafkaError>,
        out: &mut BrokerOut,
    ) {
        let me = self.id;
        let Some(state) = self
            .replicas
            .get_mut(&tp)
            .and_then(|r| r.leader_state_mut())
        else {
            return;
        };
        match result {
            Ok(reg) if reg.leader_epoch == state.leader_epoch => {
                self.apply_committed_isr(tp, &reg, out);
            }
            Ok(_) => {}
            Err(error) => {
                state.pending = None;
                out.event(|| EventKind::IsrChangeRejected {
                    tp,
                    leader: me,
                    error,
                });
            }
        }
    }
}
