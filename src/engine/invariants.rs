//! Invariants checked after every step. A violation is an engine bug: it is
//! reported (trace event and the report's `violations`), never swallowed.
//!
//! - On every replica: `logStartOffset ≤ HW ≤ LEO` (R-LOG-2, R-LOG-5).
//! - The controller's leader and partition epochs never go down (R-KRAFT-5).
//! - Two replicas never hold different records at the same offset and epoch.
//! - Every member of the current leader's ISR holds every committed record
//!   (R-ACK-6).

use std::collections::BTreeMap;

use super::broker::{Broker, Process};
use super::controller::Controller;
use super::event::Names;
use super::ids::Tp;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Invariants {
    epochs: BTreeMap<Tp, (u32, u32)>,
}

impl Invariants {
    /// Checks the partitions of `touched` brokers (all brokers when `None`) and
    /// the controller's epochs. Returns the violations found.
    pub fn check(
        &mut self,
        controller: &Controller,
        brokers: &[Broker],
        touched: Option<u32>,
        names: &Names,
    ) -> Vec<String> {
        let mut found = Vec::new();
        for (tp, reg) in &controller.image.partitions {
            let now = (reg.leader_epoch, reg.partition_epoch);
            if let Some(&before) = self.epochs.get(tp) {
                if now.0 < before.0 || now.1 < before.1 {
                    found.push(format!(
                        "{}: epochs went down from (leader {}, partition {}) to (leader {}, partition {})",
                        names.tp(*tp),
                        before.0,
                        before.1,
                        now.0,
                        now.1
                    ));
                }
            }
            self.epochs.insert(*tp, now);
        }
        for broker in brokers {
            if touched.is_some_and(|t| t != broker.id) {
                continue;
            }
            for (tp, replica) in &broker.replicas {
                let log = &replica.log;
                if !(log.log_start_offset() <= log.high_watermark()
                    && log.high_watermark() <= log.log_end_offset())
                {
                    found.push(format!(
                        "{} on broker {}: log start {} ≤ HW {} ≤ LEO {} does not hold",
                        names.tp(*tp),
                        broker.id,
                        log.log_start_offset(),
                        log.high_watermark(),
                        log.log_end_offset()
                    ));
                }
                if let Some(last) = log.last_batch() {
                    for other in brokers.iter().filter(|b| b.id != broker.id) {
                        let Some(theirs) = other
                            .replicas
                            .get(tp)
                            .and_then(|r| r.log.batch_at(last.base_offset))
                        else {
                            continue;
                        };
                        if std::rc::Rc::ptr_eq(&theirs.data, &last.data) {
                            continue;
                        }
                        let overlap = theirs.base_offset == last.base_offset
                            && theirs.leader_epoch() == last.leader_epoch();
                        // By offset: either replica's cleaner may have removed
                        // some of the batch's records (R-COMPACT-3).
                        let differ = last.records().any(|(offset, a)| {
                            theirs.record_at(offset).is_some_and(|b| a.id != b.id)
                        });
                        if overlap && differ {
                            found.push(format!(
                                "{}: brokers {} and {} hold different records at offset {} in epoch {}",
                                names.tp(*tp),
                                broker.id,
                                other.id,
                                last.base_offset,
                                last.leader_epoch()
                            ));
                        }
                    }
                }
            }
        }
        found.extend(committed_on_isr(controller, brokers, names));
        found
    }
}

/// R-ACK-6: each ISR member of the current leader holds the leader's committed records.
fn committed_on_isr(controller: &Controller, brokers: &[Broker], names: &Names) -> Vec<String> {
    let mut found = Vec::new();
    let by_id = |id: u32| brokers.iter().find(|b| b.id == id);
    for (tp, reg) in &controller.image.partitions {
        let Some(leader) = reg.leader.and_then(by_id) else {
            continue;
        };
        if leader.process != Process::Running {
            continue;
        }
        let Some(replica) = leader.replicas.get(tp) else {
            continue;
        };
        let Some(state) = replica.leader_state() else {
            continue;
        };
        if state.leader_epoch != reg.leader_epoch {
            continue;
        }
        let hw = replica.log.high_watermark();
        if hw == 0 || hw <= replica.log.log_start_offset() {
            continue;
        }
        let Some((committed, _)) = replica.log.record_at(hw - 1) else {
            continue;
        };
        for member in state.isr.iter().filter(|&&m| m != leader.id) {
            let Some(follower) = by_id(*member).and_then(|b| b.replicas.get(tp)) else {
                continue;
            };
            if follower.log.log_start_offset() >= hw {
                continue;
            }
            // A replica's cleaner may have compacted the record away: only a
            // different record, or a log that ends below the HW, is a violation.
            let holds = follower.log.log_end_offset() >= hw
                && follower
                    .log
                    .record_at(hw - 1)
                    .is_none_or(|(r, _)| r.id == committed.id);
            if !holds {
                found.push(format!(
                    "{}: ISR member {} lacks committed offset {} of leader {}",
                    names.tp(*tp),
                    member,
                    hw - 1,
                    leader.id
                ));
            }
        }
    }
    found
}
