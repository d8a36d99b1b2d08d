//! Invariants checked after every step. A violation is an engine bug: it is
//! reported (trace event and the report's `violations`), never swallowed.
//!
//! - On every replica: `logStartOffset ≤ HW ≤ LEO` (R-LOG-2, R-LOG-5).
//! - The controller's leader and partition epochs never go down (R-KRAFT-5).
//! - Two replicas never hold different records at the same offset and epoch.
//! - Every member of the current leader's ISR holds every committed record
//!   (R-ACK-6).
//!
//! The checks are incremental: a partition's replica checks read only its
//! replicas, so they run for the partitions the brokers marked changed
//! ([`super::broker::replicas`]); the controller's image changes only by the
//! records it writes, so its epochs are checked, and the ISR check runs for every
//! partition, only when its metadata log grew. A violation that persists is
//! reported when the state that causes it is made, not again at every step.

use std::collections::{BTreeMap, BTreeSet};

use super::broker::{Broker, Process};
use super::controller::Controller;
use super::event::Names;
use super::ids::Tp;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Invariants {
    epochs: BTreeMap<Tp, (u32, u32)>,
    /// The controller's metadata end offset at the last check.
    metadata_checked_to: Option<u64>,
}

impl Invariants {
    /// Checks the partitions in `changed` (taken from the brokers' replicas) and,
    /// if the controller wrote metadata since the last check, its epochs and
    /// every partition's ISR. Returns the violations found.
    pub fn check(
        &mut self,
        controller: &Controller,
        brokers: &[Broker],
        changed: &BTreeSet<Tp>,
        names: &Names,
    ) -> Vec<String> {
        let mut found = Vec::new();
        let metadata_end = controller.metadata_end_offset();
        let metadata_changed = self.metadata_checked_to != Some(metadata_end);
        self.metadata_checked_to = Some(metadata_end);
        if metadata_changed {
            self.check_epochs(controller, names, &mut found);
        }
        for &tp in changed {
            check_replicas(tp, brokers, names, &mut found);
        }
        if metadata_changed {
            for &tp in controller.image.partitions.keys() {
                committed_on_isr(tp, controller, brokers, names, &mut found);
            }
        } else {
            for &tp in changed {
                committed_on_isr(tp, controller, brokers, names, &mut found);
            }
        }
        found
    }

    /// R-KRAFT-5: no partition's epochs went down since the last check.
    fn check_epochs(&mut self, controller: &Controller, names: &Names, found: &mut Vec<String>) {
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
    }
}

/// On every replica of `tp`: its offsets are in order, and its last batch holds
/// the same records as any other replica's batch at that offset and epoch.
fn check_replicas(tp: Tp, brokers: &[Broker], names: &Names, found: &mut Vec<String>) {
    for broker in brokers {
        let Some(replica) = broker.replicas.get(&tp) else {
            continue;
        };
        let log = &replica.log;
        if !(log.log_start_offset() <= log.high_watermark()
            && log.high_watermark() <= log.log_end_offset())
        {
            found.push(format!(
                "{} on broker {}: log start {} ≤ HW {} ≤ LEO {} does not hold",
                names.tp(tp),
                broker.id,
                log.log_start_offset(),
                log.high_watermark(),
                log.log_end_offset()
            ));
        }
        let Some(last) = log.last_batch() else {
            continue;
        };
        for other in brokers.iter().filter(|b| b.id != broker.id) {
            let Some(theirs) = other
                .replicas
                .get(&tp)
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
            let differ = last
                .records()
                .any(|(offset, a)| theirs.record_at(offset).is_some_and(|b| a.id != b.id));
            if overlap && differ {
                found.push(format!(
                    "{}: brokers {} and {} hold different records at offset {} in epoch {}",
                    names.tp(tp),
                    broker.id,
                    other.id,
                    last.base_offset,
                    last.leader_epoch()
                ));
            }
        }
    }
}

/// R-ACK-6: each ISR member of `tp`'s current leader holds the leader's committed records.
fn committed_on_isr(
    tp: Tp,
    controller: &Controller,
    brokers: &[Broker],
    names: &Names,
    found: &mut Vec<String>,
) {
    let by_id = |id: u32| brokers.iter().find(|b| b.id == id);
    let Some(reg) = controller.image.partitions.get(&tp) else {
        return;
    };
    let Some(leader) = reg.leader.and_then(by_id) else {
        return;
    };
    if leader.process != Process::Running {
        return;
    }
    let Some(replica) = leader.replicas.get(&tp) else {
        return;
    };
    let Some(state) = replica.leader_state() else {
        return;
    };
    if state.leader_epoch != reg.leader_epoch {
        return;
    }
    let hw = replica.log.high_watermark();
    if hw == 0 || hw <= replica.log.log_start_offset() {
        return;
    }
    let Some((committed, _)) = replica.log.record_at(hw - 1) else {
        return;
    };
    for member in state.isr.iter().filter(|&&m| m != leader.id) {
        let Some(follower) = by_id(*member).and_then(|b| b.replicas.get(&tp)) else {
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
                names.tp(tp),
                member,
                hw - 1,
                leader.id
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::engine::broker::BrokerOut;
    use crate::engine::config::{BrokerConfig, ConfigMap, BROKER_CONFIGS, TOPIC_CONFIGS};
    use crate::engine::controller::ControllerOut;
    use crate::engine::log::{BatchData, Record, RecordId};
    use crate::engine::metadata::MetadataDelta;
    use crate::engine::spec::TopicSpec;

    const TP: Tp = Tp {
        topic: 0,
        partition: 0,
    };

    /// Three running brokers holding `t-0` (leader 1, ISR 1, 2, 3) as the
    /// controller created it, checked once.
    struct Fixture {
        controller: Controller,
        brokers: Vec<Broker>,
        names: Names,
        invariants: Invariants,
    }

    impl Fixture {
        fn new() -> Self {
            let config = ConfigMap::new(BROKER_CONFIGS);
            let mut controller = Controller::new(BrokerConfig::from_map(config.clone()));
            let mut out = ControllerOut::new(0, false);
            for id in 1..=3 {
                controller.bootstrap_broker(id, &mut out);
            }
            let topic = TopicSpec {
                name: "t".into(),
                partitions: 1,
                replication_factor: 3,
                replica_assignment: Some(vec![vec![1, 2, 3]]),
                config: ConfigMap::new(TOPIC_CONFIGS),
            };
            controller.create_topic(&topic, false, &mut out);
            let image = MetadataDelta::Snapshot {
                end_offset: controller.metadata_end_offset(),
                image: Rc::new(controller.image.clone()),
            };
            let brokers = (1..=3)
                .map(|id| {
                    let mut broker = Broker::new(id, config.clone());
                    let epoch = controller.image.brokers[&id].epoch;
                    broker.start_registered(epoch, &image, &mut BrokerOut::new(0, false));
                    broker
                })
                .collect();
            let names = Names {
                topics: vec!["t".into()],
                producers: vec!["pa".into()],
                consumers: Vec::new(),
            };
            let mut fixture = Fixture {
                controller,
                brokers,
                names,
                invariants: Invariants::default(),
            };
            assert_eq!(fixture.check(), Vec::<String>::new());
            fixture
        }

        /// Checks what the brokers marked changed since the last check.
        fn check(&mut self) -> Vec<String> {
            let changed: BTreeSet<Tp> = self
                .brokers
                .iter_mut()
                .flat_map(|b| b.replicas.take_changed())
                .collect();
            self.invariants
                .check(&self.controller, &self.brokers, &changed, &self.names)
        }

        fn log_mut(&mut self, broker: u32) -> &mut crate::engine::log::Log {
            let replica = self.brokers[broker as usize - 1].replicas.get_mut(&TP);
            &mut replica.expect("every broker holds t-0").log
        }

        /// Appends the record `pa#seq` to broker `broker`'s log as leader, in epoch 0.
        fn append(&mut self, broker: u32, seq: u32) -> crate::engine::log::Batch {
            let record = Record {
                id: RecordId { producer: 0, seq },
                key: None,
                value: Some("v".into()),
                timestamp_ms: 0,
            };
            let data = Rc::new(BatchData::new(0, None, vec![record]));
            let config = self.brokers[0].replicas[&TP].config.clone();
            self.log_mut(broker).append_as_leader(data, 0, &config).0
        }

        /// The leader appends `pa#0`, broker 2 copies it, and the HW moves past it.
        fn replicate_first_record_to_broker_2(&mut self) {
            let batch = self.append(1, 0);
            let config = self.brokers[0].replicas[&TP].config.clone();
            self.log_mut(2).append_as_follower(batch, 0, &config);
            self.log_mut(1).set_high_watermark(1);
        }
    }

    #[test]
    fn replicated_and_committed_records_violate_nothing() {
        let mut fixture = Fixture::new();
        fixture.replicate_first_record_to_broker_2();
        let batch = fixture.brokers[0].replicas[&TP].log.batch_at(0).cloned();
        let config = fixture.brokers[0].replicas[&TP].config.clone();
        fixture.log_mut(3).append_as_follower(
            batch.expect("the leader holds offset 0"),
            0,
            &config,
        );
        assert_eq!(fixture.check(), Vec::<String>::new());
    }

    #[test]
    fn offsets_out_of_order_are_reported() {
        let mut fixture = Fixture::new();
        fixture.log_mut(2).force_high_watermark(3);
        assert_eq!(
            fixture.check(),
            ["t-0 on broker 2: log start 0 ≤ HW 3 ≤ LEO 0 does not hold"]
        );
    }

    #[test]
    fn different_records_at_one_offset_and_epoch_are_reported() {
        let mut fixture = Fixture::new();
        fixture.append(1, 0);
        fixture.append(3, 7);
        assert_eq!(
            fixture.check(),
            [
                "t-0: brokers 1 and 3 hold different records at offset 0 in epoch 0",
                "t-0: brokers 3 and 1 hold different records at offset 0 in epoch 0",
            ]
        );
    }

    #[test]
    fn an_isr_member_without_a_committed_record_is_reported() {
        let mut fixture = Fixture::new();
        fixture.replicate_first_record_to_broker_2();
        assert_eq!(
            fixture.check(),
            ["t-0: ISR member 3 lacks committed offset 0 of leader 1"]
        );
    }

    #[test]
    fn epochs_going_down_are_reported() {
        let mut fixture = Fixture::new();
        let reg = fixture.controller.image.partitions.get_mut(&TP);
        let reg = reg.expect("the controller registered t-0");
        (reg.leader_epoch, reg.partition_epoch) = (4, 5);
        // The image changes only by records the controller writes: one more
        // makes the checker look at it again.
        fixture
            .controller
            .bootstrap_broker(4, &mut ControllerOut::new(0, false));
        assert_eq!(fixture.check(), Vec::<String>::new());
        let reg = fixture.controller.image.partitions.get_mut(&TP);
        reg.expect("the controller registered t-0").leader_epoch = 3;
        fixture
            .controller
            .bootstrap_broker(5, &mut ControllerOut::new(0, false));
        assert_eq!(
            fixture.check(),
            ["t-0: epochs went down from (leader 4, partition 5) to (leader 3, partition 5)"]
        );
    }

    #[test]
    fn a_partition_is_rechecked_when_a_broker_or_the_controller_changes_it() {
        let mut fixture = Fixture::new();
        fixture.replicate_first_record_to_broker_2();
        let violation = "t-0: ISR member 3 lacks committed offset 0 of leader 1";
        assert_eq!(fixture.check(), [violation]);
        // Reading the logs (a consumer's fetch) changes nothing to re-check.
        let read = fixture.brokers[0].replicas[&TP].log.read(0, 1, u64::MAX);
        assert_eq!(read.len(), 1);
        assert_eq!(fixture.check(), Vec::<String>::new());
        // A broker's mutable access to the follower's replica marks it changed.
        fixture.log_mut(3);
        assert_eq!(fixture.check(), [violation]);
        // A controller write re-checks every partition's ISR.
        fixture
            .controller
            .bootstrap_broker(4, &mut ControllerOut::new(0, false));
        assert_eq!(fixture.check(), [violation]);
    }
}
