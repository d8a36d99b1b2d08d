//! A Kafka broker: its lifecycle with the KRaft controller (registration,
//! heartbeats, controlled shutdown; R-KRAFT-1, R-KRAFT-3), its copy of the cluster
//! metadata, and the replica manager that leads and follows partitions.
//!
//! The logs survive a crash (they are on disk); everything else is rebuilt when
//! the broker starts again. Simplified: every appended record is on disk (no
//! unflushed-write loss, row L8 of the loss matrix is not modelled), and the
//! on-disk high watermark is treated as written on every change.

pub mod coordinator;
pub mod fetch;
pub mod fetcher;
pub mod isr;
pub mod leader;
pub mod list_offsets;
pub mod log_manager;
pub mod produce;
pub mod producer_state;
pub mod replica;
pub mod replicas;

use std::rc::Rc;

use super::config::{BrokerConfig, ConfigMap, LogConfig};
use super::error::KafkaError;
use super::event::EventKind;
use super::ids::{NodeId, Tp};
use super::message::{ClientMetadata, PartitionLeader, Payload};
use super::metadata::{MetadataCache, MetadataDelta, MetadataRecord, PartitionRegistration};
use super::outbox::Outbox;
use crate::engine::vec_map::VecMap;

use fetch::ParkedFetch;
use fetcher::FetchSession;
use leader::LeaderState;
use produce::DelayedProduce;
use replica::{Replica, Role};
use replicas::Replicas;

/// Whether the broker process is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Process {
    Running,
    Crashed,
    ShutDown,
}

/// Where the broker is in its life with the controller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    Registering,
    Registered { broker_epoch: u64 },
    ShuttingDown { broker_epoch: u64 },
}

/// The broker's timers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BrokerTimer {
    Heartbeat,
    RegistrationRetry,
    /// The `isr-expiration` task (R-REPL-3).
    IsrExpiration,
    AlterPartitionRetry {
        tp: Tp,
    },
    FetchTimeout {
        leader: u32,
        request_id: u64,
    },
    FetchBackoff {
        leader: u32,
    },
    ParkedFetchExpiry {
        id: u64,
    },
    DelayedProduceExpiry {
        id: u64,
    },
    /// Stop even if the controller never answers a controlled shutdown.
    ShutdownTimeout,
    /// The `kafka-log-retention` task, with the period read at start (R-RET-2).
    LogRetention {
        period_ms: u64,
    },
    /// The log cleaner thread wakes up (R-COMPACT-1).
    LogCleaner,
    /// The group coordinator's timers.
    Group(super::group::GroupTimer),
}

pub type BrokerOut = Outbox<BrokerTimer>;

/// How long an AlterPartition may go unanswered before it is sent again.
/// Simplified: one fixed controller-request timeout.
pub const CONTROLLER_REQUEST_TIMEOUT_MS: u64 = 30_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broker {
    pub id: u32,
    pub process: Process,
    /// Bumped each time the process stops; stale timers and messages are dropped.
    pub incarnation: u32,
    /// Bumped on each crash: what it had sent and not yet delivered is lost.
    pub crashes: u32,
    pub started_at_ms: u64,
    /// The static configs every broker shares (`broker_config`).
    pub static_config: ConfigMap,
    /// Static configs plus this broker's dynamic ones, resolved.
    pub config: BrokerConfig,
    pub replicas: Replicas,
    pub lifecycle: Lifecycle,
    pub metadata: MetadataCache,
    pub fetchers: VecMap<u32, FetchSession>,
    pub parked_fetches: VecMap<u64, ParkedFetch>,
    pub delayed_produces: VecMap<u64, DelayedProduce>,
    /// The consumer groups this broker coordinates; rebuilt after a restart.
    pub groups: super::group::GroupCoordinator,
    /// Salt of the `segment.jitter.ms` draws, from the run's seed.
    pub log_seed: u64,
    next_id: u64,
}

impl Broker {
    pub fn new(id: u32, static_config: ConfigMap) -> Self {
        Broker {
            id,
            process: Process::Crashed,
            incarnation: 0,
            crashes: 0,
            started_at_ms: 0,
            config: BrokerConfig::from_map(static_config.clone()),
            static_config,
            replicas: Replicas::default(),
            lifecycle: Lifecycle::Registering,
            metadata: MetadataCache::default(),
            fetchers: VecMap::new(),
            parked_fetches: VecMap::new(),
            delayed_produces: VecMap::new(),
            groups: super::group::GroupCoordinator::default(),
            log_seed: 0,
            next_id: 0,
        }
    }

    pub fn is_running(&self) -> bool {
        self.process == Process::Running
    }

    pub fn broker_epoch(&self) -> Option<u64> {
        match self.lifecycle {
            Lifecycle::Registered { broker_epoch } | Lifecycle::ShuttingDown { broker_epoch } => {
                Some(broker_epoch)
            }
            Lifecycle::Registering => None,
        }
    }

    fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Sends a BrokerRegistration, and sends it again every heartbeat interval
    /// until one is accepted (it may be refused, or lost in a cut network).
    fn register(&mut self, out: &mut BrokerOut) {
        self.lifecycle = Lifecycle::Registering;
        let incarnation = self.incarnation;
        out.send(
            NodeId::Controller,
            Payload::BrokerRegistration { incarnation },
        );
        out.timer_in(
            self.config.heartbeat_interval_ms,
            BrokerTimer::RegistrationRetry,
        );
    }

    /// Starts the process: logs are loaded from disk, everything else is new.
    pub fn start(&mut self, out: &mut BrokerOut) {
        self.process = Process::Running;
        self.started_at_ms = out.now_ms;
        self.lifecycle = Lifecycle::Registering;
        self.metadata = MetadataCache::default();
        self.fetchers.clear();
        self.parked_fetches.clear();
        self.delayed_produces.clear();
        self.groups = super::group::GroupCoordinator::default();
        for replica in self.replicas.values_mut() {
            replica.role = Role::Offline;
        }
        self.register(out);
        out.timer_in(self.config.heartbeat_interval_ms, BrokerTimer::Heartbeat);
        out.timer_in(
            self.config.replica_lag_time_max_ms / 2,
            BrokerTimer::IsrExpiration,
        );
        self.start_log_tasks(out);
        let broker = self.id;
        out.event(|| EventKind::BrokerStarted { broker });
    }

    /// Starts a broker that is already registered and caught up at time 0, as
    /// the scenario's cluster is: the controller's image is its metadata.
    pub fn start_registered(
        &mut self,
        broker_epoch: u64,
        metadata: &MetadataDelta,
        out: &mut BrokerOut,
    ) {
        self.process = Process::Running;
        self.started_at_ms = out.now_ms;
        self.lifecycle = Lifecycle::Registered { broker_epoch };
        out.timer_in(self.config.heartbeat_interval_ms, BrokerTimer::Heartbeat);
        out.timer_in(
            self.config.replica_lag_time_max_ms / 2,
            BrokerTimer::IsrExpiration,
        );
        self.start_log_tasks(out);
        self.apply_metadata(metadata, out);
    }

    /// The process stops (crash or end of a controlled shutdown).
    pub fn stop(&mut self, how: Process) {
        self.process = how;
        self.incarnation += 1;
        if how == Process::Crashed {
            self.crashes += 1;
        }
        self.fetchers.clear();
        self.parked_fetches.clear();
        self.delayed_produces.clear();
        self.groups = super::group::GroupCoordinator::default();
        for replica in self.replicas.values_mut() {
            replica.role = Role::Offline;
        }
    }

    /// `shutdown_broker`: ask the controller to move leadership away (R-KRAFT-3).
    pub fn begin_controlled_shutdown(&mut self, out: &mut BrokerOut) {
        let broker = self.id;
        out.event(|| EventKind::ControlledShutdownRequested { broker });
        match self.lifecycle {
            Lifecycle::Registered { broker_epoch } | Lifecycle::ShuttingDown { broker_epoch } => {
                self.lifecycle = Lifecycle::ShuttingDown { broker_epoch };
                self.send_heartbeat(out);
                out.timer_in(self.config.session_timeout_ms, BrokerTimer::ShutdownTimeout);
            }
            Lifecycle::Registering => self.finish_shutdown(out),
        }
    }

    fn finish_shutdown(&mut self, out: &mut BrokerOut) {
        let broker = self.id;
        out.event(|| EventKind::BrokerShutDown { broker });
        self.stop(Process::ShutDown);
    }

    fn send_heartbeat(&mut self, out: &mut BrokerOut) {
        if let Some(broker_epoch) = self.broker_epoch() {
            out.send(
                NodeId::Controller,
                Payload::BrokerHeartbeat {
                    broker_epoch,
                    metadata_offset: self.metadata.next_offset,
                    want_shutdown: matches!(self.lifecycle, Lifecycle::ShuttingDown { .. }),
                },
            );
        }
    }

    /// Handles a message. Returns nothing: effects go to `out`.
    pub fn handle(&mut self, from: NodeId, payload: Payload, out: &mut BrokerOut) {
        match payload {
            Payload::BrokerRegistrationResponse { result } => {
                self.on_registration_response(result, out)
            }
            Payload::BrokerHeartbeatResponse {
                error,
                fenced,
                should_shutdown,
                metadata,
            } => self.on_heartbeat_response(error, fenced, should_shutdown, &metadata, out),
            Payload::MetadataPush(delta) => self.apply_metadata(&delta, out),
            Payload::AlterPartitionResponse { tp, result } => {
                self.on_alter_partition_response(tp, result, out)
            }
            Payload::Fetch(request) => self.handle_fetch(from, request, out),
            Payload::FetchResponse(response) => {
                if let Some(leader) = from.broker() {
                    self.on_fetch_response(leader, response, out);
                }
            }
            Payload::MetadataRequest { request_id } => {
                let metadata = Rc::new(self.client_metadata());
                out.send(
                    from,
                    Payload::MetadataResponse {
                        request_id,
                        metadata,
                    },
                );
            }
            Payload::InitProducerId { request_id } => {
                // Simplified: producer ids are allocated per client (1000 + its
                // index) instead of in blocks from the controller.
                if let NodeId::Producer(p) = from {
                    out.send(
                        from,
                        Payload::InitProducerIdResponse {
                            request_id,
                            producer_id: 1000 + u64::from(p),
                            producer_epoch: 0,
                        },
                    );
                }
            }
            Payload::Produce(request) => self.handle_produce(from, request, out),
            Payload::Group {
                request_id,
                group,
                request,
            } => self.handle_group_request(from, request_id, group, request, out),
            Payload::ListOffsets {
                request_id,
                partitions,
                ..
            } => self.handle_list_offsets(from, request_id, partitions, out),
            Payload::OffsetsForLeaderEpoch {
                request_id,
                partitions,
            } => self.handle_offsets_for_leader_epoch(from, request_id, partitions, out),
            _ => {}
        }
    }

    /// A peer's connection was reset: it crashed or refused the connection.
    pub fn on_disconnected(&mut self, peer: NodeId, out: &mut BrokerOut) {
        if let Some(leader) = peer.broker() {
            self.on_fetch_connection_lost(leader, out);
        }
    }

    pub fn on_timer(&mut self, timer: BrokerTimer, out: &mut BrokerOut) {
        match timer {
            BrokerTimer::Heartbeat => {
                self.send_heartbeat(out);
                out.timer_in(self.config.heartbeat_interval_ms, BrokerTimer::Heartbeat);
            }
            BrokerTimer::RegistrationRetry => {
                if self.lifecycle == Lifecycle::Registering {
                    self.register(out);
                }
            }
            BrokerTimer::IsrExpiration => {
                self.shrink_isrs(out);
                out.timer_in(
                    self.config.replica_lag_time_max_ms / 2,
                    BrokerTimer::IsrExpiration,
                );
            }
            BrokerTimer::AlterPartitionRetry { tp } => self.resend_alter_partition(tp, out),
            BrokerTimer::FetchTimeout { leader, request_id } => {
                self.on_fetch_timeout(leader, request_id, out)
            }
            BrokerTimer::FetchBackoff { leader } => {
                if let Some(session) = self.fetchers.get_mut(&leader) {
                    session.backoff_until_ms = None;
                }
                self.maybe_send_fetch(leader, out);
            }
            BrokerTimer::ParkedFetchExpiry { id } => self.complete_parked_fetch(id, out),
            BrokerTimer::DelayedProduceExpiry { id } => self.expire_delayed_produce(id, out),
            BrokerTimer::ShutdownTimeout => {
                if matches!(self.lifecycle, Lifecycle::ShuttingDown { .. }) {
                    self.finish_shutdown(out);
                }
            }
            BrokerTimer::LogRetention { period_ms } => self.run_log_retention(period_ms, out),
            BrokerTimer::LogCleaner => self.run_log_cleaner(out),
            BrokerTimer::Group(timer) => self.on_group_timer(timer, out),
        }
    }

    fn on_registration_response(&mut self, result: Result<u64, KafkaError>, out: &mut BrokerOut) {
        if self.lifecycle != Lifecycle::Registering {
            return;
        }
        let broker = self.id;
        match result {
            Ok(broker_epoch) => {
                self.lifecycle = Lifecycle::Registered { broker_epoch };
                self.send_heartbeat(out);
            }
            Err(error) => {
                // The retry timer armed by `register` sends it again.
                out.event(|| EventKind::BrokerRegistrationRefused { broker, error });
            }
        }
    }

    fn on_heartbeat_response(
        &mut self,
        error: Option<KafkaError>,
        fenced: bool,
        should_shutdown: bool,
        metadata: &MetadataDelta,
        out: &mut BrokerOut,
    ) {
        if error == Some(KafkaError::StaleBrokerEpoch) {
            // The controller no longer knows this registration: register again.
            self.register(out);
            return;
        }
        let caught_up_before = self.metadata.next_offset;
        self.apply_metadata(metadata, out);
        if should_shutdown && matches!(self.lifecycle, Lifecycle::ShuttingDown { .. }) {
            self.finish_shutdown(out);
            return;
        }
        // While fenced at start-up, report progress at once instead of waiting
        // for the next interval (Kafka heartbeats every 10 ms until caught up).
        if fenced && self.metadata.next_offset > caught_up_before {
            self.send_heartbeat(out);
        }
    }

    /// What clients learn from a Metadata request: this broker's cached view.
    pub fn client_metadata(&self) -> ClientMetadata {
        let image = &self.metadata.image;
        ClientMetadata {
            topics: image
                .topics
                .iter()
                .map(|t| (t.id, t.name.clone(), t.partitions))
                .collect(),
            partitions: image
                .partitions
                .values()
                .map(|p| PartitionLeader {
                    tp: p.tp,
                    leader: p.leader,
                    leader_epoch: p.leader_epoch,
                })
                .collect(),
            live_brokers: image
                .brokers
                .values()
                .filter(|b| !b.fenced)
                .map(|b| b.id)
                .collect(),
        }
    }

    /// The topic's effective config on this broker.
    fn log_config(&self, topic: u32) -> LogConfig {
        let empty = ConfigMap::new(super::config::TOPIC_CONFIGS);
        let topic_config = self
            .metadata
            .image
            .topic(topic)
            .map(|t| &t.config)
            .unwrap_or(&empty);
        LogConfig::resolve(topic_config, &self.config.map)
    }

    /// Applies what the controller sent and acts on each change.
    pub fn apply_metadata(&mut self, delta: &MetadataDelta, out: &mut BrokerOut) {
        let Some(records) = self.metadata.catch_up(delta) else {
            return;
        };
        // Act on each partition's latest registration only, as Kafka applies a
        // metadata delta: a broker catching up never passes through stale roles.
        let mut changed: Vec<Tp> = Vec::new();
        for record in records {
            match &*record {
                MetadataRecord::Partition(reg) => {
                    if !changed.contains(&reg.tp) {
                        changed.push(reg.tp);
                    }
                }
                MetadataRecord::Topic(topic) => {
                    let id = topic.id;
                    let config = self.log_config(id);
                    for (_, replica) in self
                        .replicas
                        .range_mut(Tp::new(id, 0)..=Tp::new(id, u32::MAX))
                    {
                        replica.config = config.clone();
                    }
                }
                MetadataRecord::BrokerConfig { broker, config } if *broker == self.id => {
                    let mut merged = self.static_config.clone();
                    for (k, v) in config.explicit() {
                        let _ = merged.insert(k, v.clone());
                    }
                    self.config = BrokerConfig::from_map(merged);
                    let topics: Vec<u32> = self.replicas.keys().map(|tp| tp.topic).collect();
                    for topic in topics {
                        let config = self.log_config(topic);
                        for (_, replica) in self
                            .replicas
                            .range_mut(Tp::new(topic, 0)..=Tp::new(topic, u32::MAX))
                        {
                            replica.config = config.clone();
                        }
                    }
                }
                MetadataRecord::Broker(_) | MetadataRecord::BrokerConfig { .. } => {
                    // Eligibility of followers may have changed (R-REPL-6).
                    let led: Vec<Tp> = self
                        .replicas
                        .iter()
                        .filter(|(_, r)| matches!(r.role, Role::Leader(_)))
                        .map(|(tp, _)| *tp)
                        .collect();
                    for tp in led {
                        self.maybe_increment_high_watermark(tp, out);
                    }
                }
            }
        }
        for tp in changed {
            if let Some(reg) = self.metadata.image.partitions.get(&tp).cloned() {
                self.on_partition_change(&reg, out);
            }
        }
    }

    /// `ReplicaManager.applyDelta` for one partition: become leader or follower.
    fn on_partition_change(&mut self, reg: &PartitionRegistration, out: &mut BrokerOut) {
        if !reg.replicas.contains(&self.id) {
            return;
        }
        let tp = reg.tp;
        if !self.replicas.contains_key(&tp) {
            let config = self.log_config(tp.topic);
            let replica = self.new_replica(tp, config, out.now_ms);
            self.replicas.insert(tp, replica);
        }
        if reg.leader == Some(self.id) {
            let same_epoch = self
                .replicas
                .get(&tp)
                .and_then(Replica::leader_state)
                .is_some_and(|s| s.leader_epoch == reg.leader_epoch);
            if same_epoch {
                self.apply_committed_isr(tp, reg, out);
            } else {
                self.make_leader(reg, out);
            }
        } else {
            self.make_follower(reg, out);
        }
    }

    /// `Partition.makeLeader` (R-ELECT-5).
    fn make_leader(&mut self, reg: &PartitionRegistration, out: &mut BrokerOut) {
        let tp = reg.tp;
        let now = out.now_ms;
        let me = self.id;
        self.remove_from_fetchers(tp);
        let Some(replica) = self.replicas.get_mut(&tp) else {
            return;
        };
        replica.log.assign_epoch(reg.leader_epoch);
        let start = replica.log.log_end_offset();
        replica.role = Role::Leader(Box::new(LeaderState::new(
            me,
            reg.leader_epoch,
            reg.partition_epoch,
            reg.replicas.clone(),
            reg.isr.clone(),
            start,
            now,
        )));
        let leader_epoch = reg.leader_epoch;
        out.event(|| EventKind::BecameLeader {
            broker: me,
            tp,
            leader_epoch,
        });
        self.fail_delayed_produces(tp, out);
        self.wake_parked_fetches(tp, out);
        self.maybe_increment_high_watermark(tp, out);
    }

    /// `Partition.makeFollower`: fetch from the new leader, truncating as it says.
    fn make_follower(&mut self, reg: &PartitionRegistration, out: &mut BrokerOut) {
        let tp = reg.tp;
        let me = self.id;
        let Some(replica) = self.replicas.get_mut(&tp) else {
            return;
        };
        let unchanged = matches!(replica.role, Role::Follower { leader, leader_epoch }
            if leader == reg.leader && leader_epoch == reg.leader_epoch);
        if unchanged {
            return;
        }
        let was_leader = matches!(replica.role, Role::Leader(_));
        replica.role = Role::Follower {
            leader: reg.leader,
            leader_epoch: reg.leader_epoch,
        };
        let (leader, leader_epoch) = (reg.leader, reg.leader_epoch);
        out.event(|| EventKind::BecameFollower {
            broker: me,
            tp,
            leader,
            leader_epoch,
        });
        if was_leader {
            self.fail_delayed_produces(tp, out);
        }
        self.wake_parked_fetches(tp, out);
        self.remove_from_fetchers(tp);
        if let Some(leader) = reg.leader {
            self.add_to_fetcher(leader, tp, reg.leader_epoch, out);
        }
    }

    /// A new id for a request this broker sends or parks.
    pub fn fresh_id(&mut self) -> u64 {
        self.next_id()
    }
}
