//! The KRaft controller (`QuorumController`, `ReplicationControlManager`,
//! `BrokerHeartbeatManager`): broker registration and sessions, fencing
//! (R-KRAFT-1/2), elections (R-ELECT-1..4, R-KRAFT-3/4), ISR changes through
//! AlterPartition (R-REPL-5), leader and partition epochs (R-KRAFT-5), topics and
//! configs. It writes every change to the metadata log and pushes it to brokers.
//!
//! Simplified: one controller, which never fails (a scenario can still cut it off
//! from other nodes).

pub mod election;

use std::collections::VecDeque;
use std::rc::Rc;

use super::action::ElectionType;
use super::config::{BrokerConfig, ConfigMap, ConfigValue, LogConfig, TOPIC_CONFIGS};
use super::error::KafkaError;
use super::event::{ElectionKind, EventKind};
use super::ids::{NodeId, Tp};
use super::ledger::LedgerNote;
use super::message::Payload;
use super::metadata::{
    BrokerRegistration, MetadataDelta, MetadataImage, MetadataRecord, PartitionRegistration,
    TopicRegistration,
};
use super::outbox::Outbox;
use super::spec::TopicSpec;
use crate::engine::vec_map::VecMap;

use crate::engine::sort;
use election::{elect_leader, isr_without, preferred_leader, round_robin_assignment};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ControllerTimer {
    /// Look for brokers whose session expired (R-KRAFT-1).
    SessionCheck,
    /// `leader.imbalance.check.interval.seconds` (R-ELECT-4).
    PreferredElection,
    /// `unclean.leader.election.interval.ms` (R-KRAFT-4).
    UncleanElection,
}

pub type ControllerOut = Outbox<ControllerTimer>;

/// Metadata records kept for brokers that are behind; older ones are served as a snapshot.
const RETAINED_RECORDS: usize = 4096;

#[derive(Clone, Debug, PartialEq, Eq)]
struct Session {
    last_contact_ms: u64,
    incarnation: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Controller {
    pub config: BrokerConfig,
    pub image: MetadataImage,
    log: VecDeque<Rc<MetadataRecord>>,
    log_start: u64,
    next_offset: u64,
    sessions: VecMap<u32, Session>,
}

fn with_change(
    reg: &PartitionRegistration,
    isr: Vec<u32>,
    leader: Option<u32>,
    recovering: bool,
) -> PartitionRegistration {
    let leader_changed = leader != reg.leader;
    PartitionRegistration {
        tp: reg.tp,
        replicas: reg.replicas.clone(),
        isr,
        leader,
        leader_epoch: reg.leader_epoch + u32::from(leader_changed),
        partition_epoch: reg.partition_epoch + 1,
        recovering,
    }
}

impl Controller {
    pub fn new(config: BrokerConfig) -> Self {
        Controller {
            config,
            image: MetadataImage::default(),
            log: VecDeque::new(),
            log_start: 0,
            next_offset: 0,
            sessions: VecMap::new(),
        }
    }

    pub fn metadata_end_offset(&self) -> u64 {
        self.next_offset
    }

    /// The first timers of a controller started at time 0.
    pub fn start(&mut self, out: &mut ControllerOut) {
        if self.config.auto_leader_rebalance {
            out.timer_in(
                self.config.leader_imbalance_check_interval_ms,
                ControllerTimer::PreferredElection,
            );
        }
        out.timer_in(
            self.config.unclean_election_interval_ms,
            ControllerTimer::UncleanElection,
        );
    }

    /// Registers brokers that are running at time 0, unfenced.
    pub fn bootstrap_broker(&mut self, id: u32, out: &mut ControllerOut) {
        let epoch = self.next_offset;
        self.write(
            vec![MetadataRecord::Broker(BrokerRegistration {
                id,
                epoch,
                fenced: false,
                in_controlled_shutdown: false,
            })],
            out,
        );
        self.sessions.insert(
            id,
            Session {
                last_contact_ms: out.now_ms,
                incarnation: 0,
            },
        );
        out.timer_in(
            self.config.session_timeout_ms + 1,
            ControllerTimer::SessionCheck,
        );
    }

    /// Appends records to the metadata log, applies them, and pushes them to brokers.
    fn write(&mut self, records: Vec<MetadataRecord>, out: &mut ControllerOut) {
        if records.is_empty() {
            return;
        }
        let base_offset = self.next_offset;
        let records: Vec<Rc<MetadataRecord>> = records.into_iter().map(Rc::new).collect();
        for r in &records {
            self.image.apply(r);
            self.log.push_back(r.clone());
            self.next_offset += 1;
        }
        while self.log.len() > RETAINED_RECORDS {
            self.log.pop_front();
            self.log_start += 1;
        }
        for &broker in self.image.brokers.keys() {
            out.send(
                NodeId::Broker(broker),
                Payload::MetadataPush(MetadataDelta::Records {
                    base_offset,
                    records: records.clone(),
                }),
            );
        }
    }

    /// What a broker that has read up to `from_offset` is missing.
    pub fn delta_since(&self, from_offset: u64) -> MetadataDelta {
        if from_offset < self.log_start {
            return MetadataDelta::Snapshot {
                end_offset: self.next_offset,
                image: Rc::new(self.image.clone()),
            };
        }
        let skip = (from_offset - self.log_start) as usize;
        MetadataDelta::Records {
            base_offset: from_offset,
            records: self.log.iter().skip(skip).cloned().collect(),
        }
    }

    fn log_config(&self, topic: u32) -> LogConfig {
        let empty = ConfigMap::new(TOPIC_CONFIGS);
        let topic_config = self.image.topic(topic).map(|t| &t.config).unwrap_or(&empty);
        LogConfig::resolve(topic_config, &self.config.map)
    }

    fn unclean_allowed(&self, topic: u32) -> bool {
        self.log_config(topic).unclean_leader_election
    }

    pub fn handle(&mut self, from: NodeId, payload: Payload, out: &mut ControllerOut) {
        let Some(broker) = from.broker() else {
            return;
        };
        match payload {
            Payload::BrokerRegistration { incarnation } => {
                self.on_registration(broker, incarnation, out)
            }
            Payload::BrokerHeartbeat {
                broker_epoch,
                metadata_offset,
                want_shutdown,
            } => self.on_heartbeat(broker, broker_epoch, metadata_offset, want_shutdown, out),
            Payload::AlterPartition {
                tp,
                leader_epoch,
                partition_epoch,
                new_isr,
                broker_epoch,
            } => {
                let result = self.alter_partition(
                    broker,
                    tp,
                    leader_epoch,
                    partition_epoch,
                    new_isr,
                    broker_epoch,
                    out,
                );
                out.send(from, Payload::AlterPartitionResponse { tp, result });
            }
            _ => {}
        }
    }

    /// A starting broker registers; while its previous session is still valid the
    /// registration is refused (R-KRAFT-3, quick restart).
    fn on_registration(&mut self, broker: u32, incarnation: u32, out: &mut ControllerOut) {
        let fenced = self.image.brokers.get(&broker).is_none_or(|b| b.fenced);
        let same_process = self
            .sessions
            .get(&broker)
            .is_some_and(|s| s.incarnation == incarnation);
        // A repeat from the process already registered (its retry crossed our
        // answer) gets the same registration back.
        if let (true, Some(reg)) = (same_process, self.image.brokers.get(&broker)) {
            let epoch = reg.epoch;
            out.send(
                NodeId::Broker(broker),
                Payload::BrokerRegistrationResponse { result: Ok(epoch) },
            );
            return;
        }
        if !fenced && !same_process {
            let error = KafkaError::DuplicateBrokerRegistration;
            out.event(|| EventKind::BrokerRegistrationRefused { broker, error });
            out.send(
                NodeId::Broker(broker),
                Payload::BrokerRegistrationResponse { result: Err(error) },
            );
            return;
        }
        let epoch = self.next_offset;
        self.sessions.insert(
            broker,
            Session {
                last_contact_ms: out.now_ms,
                incarnation,
            },
        );
        self.write(
            vec![MetadataRecord::Broker(BrokerRegistration {
                id: broker,
                epoch,
                fenced: true,
                in_controlled_shutdown: false,
            })],
            out,
        );
        out.event(|| EventKind::BrokerRegistered {
            broker,
            broker_epoch: epoch,
        });
        out.timer_in(
            self.config.session_timeout_ms + 1,
            ControllerTimer::SessionCheck,
        );
        out.send(
            NodeId::Broker(broker),
            Payload::BrokerRegistrationResponse { result: Ok(epoch) },
        );
    }

    fn on_heartbeat(
        &mut self,
        broker: u32,
        broker_epoch: u64,
        metadata_offset: u64,
        want_shutdown: bool,
        out: &mut ControllerOut,
    ) {
        let Some(reg) = self.image.brokers.get(&broker).cloned() else {
            return;
        };
        if reg.epoch != broker_epoch || !self.sessions.contains_key(&broker) {
            out.send(
                NodeId::Broker(broker),
                Payload::BrokerHeartbeatResponse {
                    error: Some(KafkaError::StaleBrokerEpoch),
                    fenced: true,
                    should_shutdown: false,
                    metadata: self.delta_since(metadata_offset),
                },
            );
            return;
        }
        if let Some(session) = self.sessions.get_mut(&broker) {
            session.last_contact_ms = out.now_ms;
        }
        out.timer_in(
            self.config.session_timeout_ms + 1,
            ControllerTimer::SessionCheck,
        );
        let mut should_shutdown = false;
        if want_shutdown {
            if !reg.in_controlled_shutdown && !reg.fenced {
                self.remove_broker(broker, true, out);
            }
            let leads_nothing = self
                .image
                .partitions
                .values()
                .all(|p| p.leader != Some(broker));
            if leads_nothing {
                should_shutdown = true;
                self.fence(broker, "controlled shutdown complete", out);
            }
        } else if reg.fenced && metadata_offset > reg.epoch {
            self.unfence(broker, out);
        }
        let fenced = self.image.brokers.get(&broker).is_none_or(|b| b.fenced);
        out.send(
            NodeId::Broker(broker),
            Payload::BrokerHeartbeatResponse {
                error: None,
                fenced,
                should_shutdown,
                metadata: self.delta_since(metadata_offset),
            },
        );
    }

    /// R-KRAFT-1: fence every broker whose session expired, oldest contact first
    /// (ties by broker id).
    pub fn check_sessions(&mut self, out: &mut ControllerOut) {
        let timeout = self.config.session_timeout_ms;
        let mut stale: Vec<(u64, u32)> = self
            .sessions
            .iter()
            .filter(|(id, s)| {
                out.now_ms > s.last_contact_ms + timeout
                    && self.image.brokers.get(id).is_some_and(|b| !b.fenced)
            })
            .map(|(id, s)| (s.last_contact_ms, *id))
            .collect();
        sort::sort(&mut stale);
        for (_, broker) in stale {
            self.fence(broker, "session timed out", out);
        }
    }

    /// R-KRAFT-2: fence a broker, removing it from every ISR and moving its
    /// leaderships, in one batch of metadata records.
    fn fence(&mut self, broker: u32, reason: &'static str, out: &mut ControllerOut) {
        let Some(mut reg) = self.image.brokers.get(&broker).cloned() else {
            return;
        };
        if reg.fenced {
            return;
        }
        reg.fenced = true;
        reg.in_controlled_shutdown = false;
        self.write(vec![MetadataRecord::Broker(reg)], out);
        out.event(|| EventKind::BrokerFenced { broker, reason });
        self.remove_broker(broker, false, out);
    }

    /// Removes `broker` from ISRs and elects new leaders where it led. With
    /// `controlled`, it first marks the broker as shutting down (R-KRAFT-3).
    fn remove_broker(&mut self, broker: u32, controlled: bool, out: &mut ControllerOut) {
        let mut records = Vec::new();
        if controlled {
            if let Some(mut reg) = self.image.brokers.get(&broker).cloned() {
                reg.in_controlled_shutdown = true;
                records.push(MetadataRecord::Broker(reg.clone()));
                self.image.apply(&MetadataRecord::Broker(reg));
            }
        }
        let affected: Vec<PartitionRegistration> = self
            .image
            .partitions
            .values()
            .filter(|p| p.isr.contains(&broker) || p.leader == Some(broker))
            .cloned()
            .collect();
        let cause = if controlled {
            "controlled shutdown"
        } else {
            "broker fenced"
        };
        for p in affected {
            let isr = isr_without(&p.isr, broker);
            let (leader, kind, recovering) = if p.leader == Some(broker) {
                let unclean = self.unclean_allowed(p.tp.topic);
                match elect_leader(
                    &p.replicas,
                    &isr,
                    |b| b != broker && self.image.is_active(b),
                    unclean,
                ) {
                    Some((l, ElectionKind::Unclean)) => (Some(l), ElectionKind::Unclean, true),
                    Some((l, _)) if controlled => {
                        (Some(l), ElectionKind::ControlledShutdown, p.recovering)
                    }
                    Some((l, k)) => (Some(l), k, p.recovering),
                    None => (None, ElectionKind::Offline, p.recovering),
                }
            } else {
                (p.leader, ElectionKind::Clean, p.recovering)
            };
            let isr = if kind == ElectionKind::Unclean {
                leader.into_iter().collect()
            } else {
                isr
            };
            let new = with_change(&p, isr, leader, recovering);
            self.announce(&p, &new, kind, cause, out);
            records.push(MetadataRecord::Partition(new));
        }
        self.write(records, out);
    }

    /// Trace events and ledger notes for a partition change.
    fn announce(
        &self,
        old: &PartitionRegistration,
        new: &PartitionRegistration,
        kind: ElectionKind,
        cause: &'static str,
        out: &mut ControllerOut,
    ) {
        let tp = new.tp;
        if old.isr != new.isr {
            let (from, to, partition_epoch) =
                (old.isr.clone(), new.isr.clone(), new.partition_epoch);
            out.event(|| EventKind::IsrChanged {
                tp,
                from,
                to,
                partition_epoch,
                cause,
            });
        }
        if old.leader != new.leader || old.leader_epoch != new.leader_epoch {
            let (leader, previous, leader_epoch, isr) =
                (new.leader, old.leader, new.leader_epoch, new.isr.clone());
            out.event(|| EventKind::LeaderElected {
                tp,
                leader,
                previous,
                leader_epoch,
                isr,
                election: kind,
            });
            out.note(LedgerNote::LeaderChanged {
                tp,
                leader,
                leader_epoch,
                election: kind,
            });
        }
    }

    /// R-KRAFT-3: unfence a caught-up broker, then elect leaders for the leaderless
    /// partitions it can lead.
    fn unfence(&mut self, broker: u32, out: &mut ControllerOut) {
        let Some(mut reg) = self.image.brokers.get(&broker).cloned() else {
            return;
        };
        reg.fenced = false;
        reg.in_controlled_shutdown = false;
        self.write(vec![MetadataRecord::Broker(reg)], out);
        out.event(|| EventKind::BrokerUnfenced { broker });
        self.elect_offline_partitions(|p| p.replicas.contains(&broker), out);
    }

    /// Elects a leader, clean or (where allowed) unclean, for each leaderless
    /// partition that `filter` selects.
    fn elect_offline_partitions(
        &mut self,
        filter: impl Fn(&PartitionRegistration) -> bool,
        out: &mut ControllerOut,
    ) {
        let offline: Vec<PartitionRegistration> = self
            .image
            .partitions
            .values()
            .filter(|p| p.leader.is_none() && filter(p))
            .cloned()
            .collect();
        let mut records = Vec::new();
        for p in offline {
            let unclean = self.unclean_allowed(p.tp.topic);
            if let Some((leader, kind)) =
                elect_leader(&p.replicas, &p.isr, |b| self.image.is_active(b), unclean)
            {
                let unclean = kind == ElectionKind::Unclean;
                let isr = if unclean { vec![leader] } else { p.isr.clone() };
                let new = with_change(&p, isr, Some(leader), unclean || p.recovering);
                self.announce(&p, &new, kind, "election", out);
                records.push(MetadataRecord::Partition(new));
            }
        }
        self.write(records, out);
    }

    /// R-ELECT-4 for every partition whose preferred leader can lead.
    fn elect_preferred_leaders(&mut self, out: &mut ControllerOut) {
        let candidates: Vec<PartitionRegistration> =
            self.image.partitions.values().cloned().collect();
        let mut records = Vec::new();
        for p in candidates {
            if let Some(preferred) =
                preferred_leader(&p.replicas, &p.isr, |b| self.image.is_active(b))
            {
                if p.leader != Some(preferred) {
                    let new = with_change(&p, p.isr.clone(), Some(preferred), p.recovering);
                    self.announce(
                        &p,
                        &new,
                        ElectionKind::Preferred,
                        "preferred leader election",
                        out,
                    );
                    records.push(MetadataRecord::Partition(new));
                }
            }
        }
        self.write(records, out);
    }

    pub fn on_timer(&mut self, timer: ControllerTimer, out: &mut ControllerOut) {
        match timer {
            ControllerTimer::SessionCheck => self.check_sessions(out),
            ControllerTimer::PreferredElection => {
                if self.config.auto_leader_rebalance {
                    self.elect_preferred_leaders(out);
                    out.timer_in(
                        self.config.leader_imbalance_check_interval_ms,
                        ControllerTimer::PreferredElection,
                    );
                }
            }
            ControllerTimer::UncleanElection => {
                let unclean_topics: Vec<u32> = self
                    .image
                    .topics
                    .iter()
                    .map(|t| t.id)
                    .filter(|&t| self.unclean_allowed(t))
                    .collect();
                self.elect_offline_partitions(|p| unclean_topics.contains(&p.tp.topic), out);
                out.timer_in(
                    self.config.unclean_election_interval_ms,
                    ControllerTimer::UncleanElection,
                );
            }
        }
    }

    /// R-REPL-5: the leader proposes a new ISR; the controller checks it and commits it.
    #[allow(clippy::too_many_arguments)]
    fn alter_partition(
        &mut self,
        leader: u32,
        tp: Tp,
        leader_epoch: u32,
        partition_epoch: u32,
        new_isr: Vec<u32>,
        broker_epoch: u64,
        out: &mut ControllerOut,
    ) -> Result<PartitionRegistration, KafkaError> {
        let reg = self
            .image
            .partitions
            .get(&tp)
            .cloned()
            .ok_or(KafkaError::UnknownTopicOrPartition)?;
        if self
            .image
            .brokers
            .get(&leader)
            .is_none_or(|b| b.epoch != broker_epoch)
        {
            return Err(KafkaError::StaleBrokerEpoch);
        }
        if reg.leader != Some(leader) {
            return Err(KafkaError::NotLeaderOrFollower);
        }
        if leader_epoch != reg.leader_epoch {
            return Err(KafkaError::FencedLeaderEpoch);
        }
        if partition_epoch != reg.partition_epoch {
            return Err(KafkaError::InvalidUpdateVersion);
        }
        let added_ineligible = new_isr.iter().any(|r| {
            !reg.isr.contains(r) && (!reg.replicas.contains(r) || !self.image.is_active(*r))
        });
        if added_ineligible || !new_isr.contains(&leader) {
            return Err(KafkaError::IneligibleReplica);
        }
        let new = with_change(&reg, new_isr, reg.leader, false);
        self.announce(&reg, &new, ElectionKind::Clean, "AlterPartition", out);
        self.write(vec![MetadataRecord::Partition(new.clone())], out);
        Ok(new)
    }

    /// `kafka-leader-election` (the ElectLeaders API).
    pub fn elect_leaders(
        &mut self,
        tp: Tp,
        election_type: ElectionType,
        out: &mut ControllerOut,
    ) -> Result<(), KafkaError> {
        let p = self
            .image
            .partitions
            .get(&tp)
            .cloned()
            .ok_or(KafkaError::UnknownTopicOrPartition)?;
        let (leader, kind) = match election_type {
            ElectionType::Preferred => {
                let preferred = *p
                    .replicas
                    .first()
                    .ok_or(KafkaError::PreferredLeaderNotAvailable)?;
                if p.leader == Some(preferred) {
                    return Err(KafkaError::ElectionNotNeeded);
                }
                let leader = preferred_leader(&p.replicas, &p.isr, |b| self.image.is_active(b))
                    .ok_or(KafkaError::PreferredLeaderNotAvailable)?;
                (leader, ElectionKind::Preferred)
            }
            ElectionType::Unclean => {
                if p.leader.is_some() {
                    return Err(KafkaError::ElectionNotNeeded);
                }
                elect_leader(&p.replicas, &p.isr, |b| self.image.is_active(b), true)
                    .ok_or(KafkaError::EligibleLeadersNotAvailable)?
            }
        };
        let unclean = kind == ElectionKind::Unclean;
        let isr = if unclean { vec![leader] } else { p.isr.clone() };
        let new = with_change(&p, isr, Some(leader), unclean || p.recovering);
        self.announce(&p, &new, kind, "leader election requested", out);
        self.write(vec![MetadataRecord::Partition(new)], out);
        Ok(())
    }

    /// `kafka-topics --create`: registers the topic and its partitions, leader
    /// `replicas[0]`, epoch 0, ISR = all replicas. Returns the topic id.
    pub fn create_topic(
        &mut self,
        spec: &TopicSpec,
        internal: bool,
        out: &mut ControllerOut,
    ) -> u32 {
        let id = self.image.topics.len() as u32;
        let brokers: Vec<u32> = self.image.brokers.keys().copied().collect();
        let assignment = spec.replica_assignment.clone().unwrap_or_else(|| {
            round_robin_assignment(&brokers, spec.partitions, spec.replication_factor)
        });
        let mut records = vec![MetadataRecord::Topic(TopicRegistration {
            id,
            name: spec.name.as_str().into(),
            partitions: spec.partitions,
            internal,
            config: spec.config.clone(),
        })];
        for (partition, replicas) in assignment.into_iter().enumerate() {
            let tp = Tp::new(id, partition as u32);
            let leader = replicas
                .iter()
                .copied()
                .find(|&b| self.image.is_active(b))
                .or(replicas.first().copied());
            records.push(MetadataRecord::Partition(PartitionRegistration {
                tp,
                isr: replicas.clone(),
                replicas,
                leader,
                leader_epoch: 0,
                partition_epoch: 0,
                recovering: false,
            }));
        }
        self.write(records, out);
        out.event(|| EventKind::TopicCreated { topic: id });
        id
    }

    /// `kafka-configs --alter --entity-type topics`.
    pub fn alter_topic_config(
        &mut self,
        topic: u32,
        changes: &[(String, ConfigValue)],
        out: &mut ControllerOut,
    ) {
        let Some(mut t) = self.image.topic(topic).cloned() else {
            return;
        };
        for (k, v) in changes {
            let _ = t.config.insert(k, v.clone());
        }
        self.write(vec![MetadataRecord::Topic(t)], out);
        // A topic that now allows unclean election gets one at once (R-KRAFT-4).
        if self.unclean_allowed(topic) {
            self.elect_offline_partitions(|p| p.tp.topic == topic, out);
        }
    }

    /// `kafka-configs --alter --entity-type brokers --entity-name N`.
    pub fn alter_broker_config(
        &mut self,
        broker: u32,
        changes: &[(String, ConfigValue)],
        out: &mut ControllerOut,
    ) {
        let mut config = self
            .image
            .broker_configs
            .get(&broker)
            .cloned()
            .unwrap_or_else(|| ConfigMap::new(super::config::BROKER_CONFIGS));
        for (k, v) in changes {
            let _ = config.insert(k, v.clone());
        }
        self.write(vec![MetadataRecord::BrokerConfig { broker, config }], out);
    }
}
