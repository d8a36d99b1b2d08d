//! The cluster: the only owner of the clock, the network and the random
//! generator, and the only interpreter of handlers' outboxes. It applies
//! [`Action`]s, steps through scheduled deliveries and timers, checks invariants
//! after every step, and collects events for the UI and the trace.

use std::collections::BTreeSet;

use super::action::{Action, ConfigTarget, NodeName};
use super::broker::{Broker, BrokerTimer, Process};
use super::client::consumer::{Consumer, ConsumerTimer};
use super::client::producer::{ProduceJob, Producer, ProducerTimer};
use super::config::BrokerConfig;
use super::controller::{Controller, ControllerTimer};
use super::event::{Event, EventKind, Names};
use super::group::view::GroupView;
use super::ids::{NodeId, Tp};
use super::invariants::Invariants;
use super::ledger::{Ledger, Recheck};
use super::log::RecordId;
use super::message::Message;
use super::metadata::MetadataDelta;
use super::network::{DropReason, Network};
use super::outbox::Outbox;
use super::spec::ClusterSpec;
use super::time::{Class, Scheduler};

/// A timer, addressed to the node that set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    Broker(BrokerTimer),
    Controller(ControllerTimer),
    Producer(ProducerTimer),
    Consumer(ConsumerTimer),
}

/// Everything that can be scheduled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Deliver(Box<Message>),
    /// A peer's connection reset reaches `to` (RST after a crash or a refused connection).
    Disconnect {
        to: NodeId,
        peer: NodeId,
        incarnation: u32,
    },
    Timer {
        node: NodeId,
        incarnation: u32,
        timer: Timer,
    },
    /// A scripted action.
    Action(Box<Action>),
}

/// An action that cannot be applied (the reference does not exist, the broker is
/// in the wrong state, or the feature is not built yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionError {
    pub message: String,
}

fn reject(message: impl Into<String>) -> ActionError {
    ActionError {
        message: message.into(),
    }
}

/// A violated invariant, at the time it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub at_ms: u64,
    pub message: String,
}

/// Bound on violations kept: one bug tends to repeat at every step.
const MAX_VIOLATIONS: usize = 100;

#[derive(Clone, Debug)]
pub struct Cluster {
    spec: ClusterSpec,
    scheduler: Scheduler<Item>,
    network: Network,
    controller: Controller,
    brokers: Vec<Broker>,
    producers: Vec<Producer>,
    consumers: Vec<Consumer>,
    ledger: Ledger,
    names: Names,
    trace: bool,
    events: Vec<Event>,
    invariants: Invariants,
    violations: Vec<Violation>,
}

impl Cluster {
    /// Builds the cluster of `spec` at time 0: brokers registered and unfenced,
    /// topics created with `leader = replicas[0]`, epoch 0, ISR = all replicas.
    /// With `trace`, every event is collected for [`Cluster::take_events`].
    pub fn new(spec: &ClusterSpec, trace: bool) -> Self {
        let broker_config = BrokerConfig::from_map(spec.broker_config.clone());
        let broker_ids: Vec<u32> = (1..=spec.brokers).collect();
        let mut cluster = Cluster {
            spec: spec.clone(),
            scheduler: Scheduler::default(),
            network: Network::new(spec.latency_ms),
            controller: Controller::new(broker_config.clone()),
            brokers: broker_ids
                .iter()
                .map(|&id| Broker::new(id, spec.broker_config.clone()).with_log_seed(spec.seed))
                .collect(),
            producers: spec
                .producers
                .iter()
                .enumerate()
                .map(|(i, p)| Producer::new(i as u32, &p.id, p.config.clone(), broker_ids.clone()))
                .collect(),
            consumers: spec
                .consumers
                .iter()
                .enumerate()
                .map(|(i, c)| Consumer::new(i as u32, c, broker_ids.clone()))
                .collect(),
            ledger: Ledger::default(),
            names: Names {
                topics: Vec::new(),
                producers: spec.producers.iter().map(|p| p.id.clone()).collect(),
                consumers: spec.consumers.iter().map(|c| c.id.clone()).collect(),
            },
            trace,
            events: Vec::new(),
            invariants: Invariants::default(),
            violations: Vec::new(),
        };
        let mut out = Outbox::new(0, trace);
        cluster.controller.start(&mut out);
        for &id in &broker_ids {
            cluster.controller.bootstrap_broker(id, &mut out);
        }
        for topic in &spec.topics {
            cluster.controller.create_topic(topic, false, &mut out);
        }
        if !spec.consumers.is_empty() {
            let offsets_topic = offsets_topic_spec(&broker_config, spec.brokers);
            cluster
                .controller
                .create_topic(&offsets_topic, true, &mut out);
        }
        out.sends.clear();
        cluster.flush(NodeId::Controller, out);
        cluster.refresh_topic_names();
        let image = MetadataDelta::Snapshot {
            end_offset: cluster.controller.metadata_end_offset(),
            image: std::rc::Rc::new(cluster.controller.image.clone()),
        };
        for i in 0..cluster.brokers.len() {
            let id = cluster.brokers[i].id;
            let epoch = cluster
                .controller
                .image
                .brokers
                .get(&id)
                .map_or(0, |b| b.epoch);
            let mut out = Outbox::new(0, trace);
            cluster.brokers[i].start_registered(epoch, &image, &mut out);
            cluster.flush(NodeId::Broker(id), out);
        }
        for i in 0..cluster.producers.len() {
            let mut out = Outbox::new(0, trace);
            cluster.producers[i].start(&mut out);
            cluster.flush(NodeId::Producer(i as u32), out);
        }
        for consumer in &spec.consumers {
            if let Some(at_ms) = consumer.start_at_ms {
                cluster.schedule_action(
                    at_ms,
                    Action::StartConsumer {
                        consumer: consumer.id.clone(),
                    },
                );
            }
        }
        cluster
    }

    pub fn spec(&self) -> &ClusterSpec {
        &self.spec
    }

    pub fn now_ms(&self) -> u64 {
        self.scheduler.now_ms()
    }

    pub fn brokers(&self) -> &[Broker] {
        &self.brokers
    }

    pub fn broker(&self, id: u32) -> Option<&Broker> {
        self.brokers.get(id.checked_sub(1)? as usize)
    }

    pub fn controller(&self) -> &Controller {
        &self.controller
    }

    pub fn producers(&self) -> &[Producer] {
        &self.producers
    }

    /// Every consumer client, in scenario order: its state, assignment,
    /// positions ([`Consumer::positions`]), consumer-side lag
    /// ([`Consumer::records_lag`]) and what it consumed.
    pub fn consumers(&self) -> &[Consumer] {
        &self.consumers
    }

    /// Every consumer group of the scenario, sorted by id, as its current
    /// coordinator (the leader of its `__consumer_offsets` partition) sees it.
    pub fn groups(&self) -> Vec<GroupView> {
        let ids: super::vec_map::VecSet<&str> = self
            .spec
            .consumers
            .iter()
            .map(|c| c.group.as_str())
            .collect();
        ids.into_iter().map(|g| self.group(g)).collect()
    }

    fn group(&self, group: &str) -> GroupView {
        let image = &self.controller.image;
        let offsets_tp = image.topic_by_name(super::group::OFFSETS_TOPIC).map(|t| {
            Tp::new(
                t.id,
                super::assignor::offsets_partition(group, t.partitions.max(1)),
            )
        });
        let coordinator = offsets_tp.and_then(|tp| image.partitions.get(&tp)?.leader);
        let broker = coordinator
            .and_then(|b| self.broker(b))
            .filter(|b| b.is_running());
        let loaded = broker.and_then(|b| b.groups.groups.get(group));
        let in_log = match (offsets_tp, coordinator) {
            (Some(tp), Some(_)) => self
                .leader_log(tp)
                .map(|(_, log)| super::group::offsets_log::load(log, group))
                .unwrap_or_default(),
            _ => Default::default(),
        };
        GroupView::new(group.into(), coordinator, loaded, in_log, |tp| {
            self.leader_log(tp).map(|(_, log)| log.high_watermark())
        })
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn names(&self) -> &Names {
        &self.names
    }

    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Messages on the network now: sent and not yet delivered or dropped, in no
    /// particular order. A message whose link was cut since it was sent is
    /// still listed until its delivery time, when it is dropped.
    pub fn in_flight(&self) -> impl Iterator<Item = &Message> {
        self.scheduler.items().filter_map(|item| match item {
            Item::Deliver(message) => Some(&**message),
            _ => None,
        })
    }

    /// Events since the last call (empty unless built with `trace`).
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// The time of the next scheduled item.
    pub fn next_event_ms(&self) -> Option<u64> {
        self.scheduler.peek_ms()
    }

    /// Schedules an action at `at_ms` (a scenario's script).
    pub fn schedule_action(&mut self, at_ms: u64, action: Action) {
        self.scheduler
            .schedule(at_ms, Class::Action, Item::Action(Box::new(action)));
    }

    /// Runs the next scheduled item. Returns its time, or `None` if nothing is left.
    pub fn step(&mut self) -> Option<u64> {
        let item = self.scheduler.pop()?;
        self.dispatch(item);
        self.check_invariants();
        Some(self.now_ms())
    }

    /// Runs everything scheduled up to and including `until_ms`, then sets the clock there.
    pub fn run_until(&mut self, until_ms: u64) {
        while self.scheduler.peek_ms().is_some_and(|t| t <= until_ms) {
            self.step();
        }
        self.scheduler.advance_to(until_ms);
    }

    /// Checks the invariants on what the step may have changed (see [`Invariants`]).
    fn check_invariants(&mut self) {
        let changed: BTreeSet<Tp> = self
            .brokers
            .iter_mut()
            .flat_map(|b| b.replicas.take_changed())
            .collect();
        let found = self
            .invariants
            .check(&self.controller, &self.brokers, &changed, &self.names);
        for message in found {
            self.report_violation(message);
        }
    }

    fn report_violation(&mut self, message: String) {
        let at_ms = self.now_ms();
        if self.violations.len() < MAX_VIOLATIONS {
            self.violations.push(Violation {
                at_ms,
                message: message.clone(),
            });
        }
        if self.trace {
            self.events.push(Event {
                at_ms,
                kind: EventKind::InvariantViolated { message },
            });
        }
    }

    fn incarnation(&self, node: NodeId) -> u32 {
        match node {
            NodeId::Broker(b) => self.broker(b).map_or(0, |b| b.incarnation),
            NodeId::Consumer(c) => self.consumers.get(c as usize).map_or(0, |c| c.incarnation),
            _ => 0,
        }
    }

    fn crashes(&self, node: NodeId) -> u32 {
        match node {
            NodeId::Broker(b) => self.broker(b).map_or(0, |b| b.crashes),
            NodeId::Consumer(c) => self.consumers.get(c as usize).map_or(0, |c| c.crashes),
            _ => 0,
        }
    }

    fn is_up(&self, node: NodeId) -> bool {
        match node {
            NodeId::Broker(b) => self.broker(b).is_some_and(Broker::is_running),
            NodeId::Consumer(c) => self
                .consumers
                .get(c as usize)
                .is_some_and(Consumer::is_running),
            _ => true,
        }
    }

    fn all_nodes(&self) -> Vec<NodeId> {
        let mut nodes = vec![NodeId::Controller];
        nodes.extend(self.brokers.iter().map(|b| NodeId::Broker(b.id)));
        nodes.extend((0..self.producers.len() as u32).map(NodeId::Producer));
        nodes.extend((0..self.spec.consumers.len() as u32).map(NodeId::Consumer));
        nodes
    }

    fn emit(&mut self, kind: EventKind) {
        if self.trace {
            self.events.push(Event {
                at_ms: self.now_ms(),
                kind,
            });
        }
    }

    /// Handles one item.
    fn dispatch(&mut self, item: Item) {
        match item {
            Item::Deliver(message) => self.deliver(*message),
            Item::Disconnect {
                to,
                peer,
                incarnation,
            } => {
                if self.incarnation(to) == incarnation && self.is_up(to) {
                    self.on_disconnect(to, peer);
                }
            }
            Item::Timer {
                node,
                incarnation,
                timer,
            } => {
                if self.incarnation(node) == incarnation && self.is_up(node) {
                    self.on_timer(node, timer);
                }
            }
            Item::Action(action) => {
                if let Err(e) = self.apply(&action) {
                    self.emit(EventKind::ActionRejected { message: e.message });
                }
            }
        }
    }

    fn deliver(&mut self, message: Message) {
        let (from, to, id, api) = (message.from, message.to, message.id, message.payload.kind());
        let drop = if !self.network.may_deliver(from, to, message.link_generation) {
            Some(DropReason::LinkCut)
        } else if message.sender_crashes != self.crashes(from) {
            Some(DropReason::SenderCrashed)
        } else if !self.is_up(to) {
            Some(DropReason::ReceiverDown)
        } else if message.receiver_incarnation != self.incarnation(to) {
            Some(DropReason::ReceiverRestarted)
        } else {
            None
        };
        if let Some(reason) = drop {
            self.emit(EventKind::MessageDropped {
                id,
                from,
                to,
                api,
                reason: reason.name(),
            });
            // The sender learns of a refused connection when the peer is down.
            if reason == DropReason::ReceiverDown && self.is_up(from) {
                let at = self.now_ms() + self.network.latency_ms();
                let incarnation = self.incarnation(from);
                self.scheduler.schedule(
                    at,
                    Class::Engine,
                    Item::Disconnect {
                        to: from,
                        peer: to,
                        incarnation,
                    },
                );
            }
            return;
        }
        self.emit(EventKind::MessageDelivered { id, from, to, api });
        let now = self.now_ms();
        match to {
            NodeId::Controller => {
                let mut out = Outbox::new(now, self.trace);
                self.controller.handle(from, message.payload, &mut out);
                self.flush(to, out);
            }
            NodeId::Broker(b) => {
                let mut out = Outbox::new(now, self.trace);
                if let Some(broker) = self.brokers.get_mut(b as usize - 1) {
                    broker.handle(from, message.payload, &mut out);
                }
                self.flush(to, out);
                self.after_broker_step(b);
            }
            NodeId::Producer(p) => {
                let mut out = Outbox::new(now, self.trace);
                if let Some(producer) = self.producers.get_mut(p as usize) {
                    producer.handle(from, message.payload, &mut out);
                }
                self.flush(to, out);
            }
            NodeId::Consumer(c) => {
                let mut out = Outbox::new(now, self.trace);
                if let Some(consumer) = self.consumers.get_mut(c as usize) {
                    consumer.handle(from, message.payload, &mut out);
                }
                self.flush(to, out);
            }
        }
    }

    fn on_disconnect(&mut self, to: NodeId, peer: NodeId) {
        let now = self.now_ms();
        match to {
            NodeId::Broker(b) => {
                let mut out = Outbox::new(now, self.trace);
                if let Some(broker) = self.brokers.get_mut(b as usize - 1) {
                    broker.on_disconnected(peer, &mut out);
                }
                self.flush(to, out);
            }
            NodeId::Producer(p) => {
                let mut out = Outbox::new(now, self.trace);
                if let Some(producer) = self.producers.get_mut(p as usize) {
                    producer.on_disconnected(peer, &mut out);
                }
                self.flush(to, out);
            }
            NodeId::Consumer(c) => {
                let mut out = Outbox::new(now, self.trace);
                if let Some(consumer) = self.consumers.get_mut(c as usize) {
                    consumer.on_disconnected(peer, &mut out);
                }
                self.flush(to, out);
            }
            NodeId::Controller => {}
        }
    }

    fn on_timer(&mut self, node: NodeId, timer: Timer) {
        let now = self.now_ms();
        match (node, timer) {
            (NodeId::Broker(b), Timer::Broker(t)) => {
                let mut out = Outbox::new(now, self.trace);
                if let Some(broker) = self.brokers.get_mut(b as usize - 1) {
                    broker.on_timer(t, &mut out);
                }
                self.flush(node, out);
                self.after_broker_step(b);
            }
            (NodeId::Controller, Timer::Controller(t)) => {
                let mut out = Outbox::new(now, self.trace);
                self.controller.on_timer(t, &mut out);
                self.flush(node, out);
            }
            (NodeId::Producer(p), Timer::Producer(t)) => {
                let mut out = Outbox::new(now, self.trace);
                if let Some(producer) = self.producers.get_mut(p as usize) {
                    producer.on_timer(t, &mut out);
                }
                self.flush(node, out);
            }
            (NodeId::Consumer(c), Timer::Consumer(t)) => {
                let mut out = Outbox::new(now, self.trace);
                if let Some(consumer) = self.consumers.get_mut(c as usize) {
                    consumer.on_timer(t, &mut out);
                }
                self.flush(node, out);
            }
            _ => {}
        }
    }

    /// A broker that stopped during its step (end of a controlled shutdown)
    /// closes its connections: peers learn of it.
    fn after_broker_step(&mut self, b: u32) {
        // Handlers never run for a stopped broker, so a broker found shut down
        // right after its step has just stopped.
        if self
            .broker(b)
            .is_some_and(|br| br.process == Process::ShutDown)
        {
            self.notify_peers_of_stop(b);
        }
    }

    fn notify_peers_of_stop(&mut self, b: u32) {
        let node = NodeId::Broker(b);
        let now = self.now_ms();
        for peer in self.all_nodes() {
            if peer == node || self.network.is_cut(node, peer) || !self.is_up(peer) {
                continue;
            }
            let incarnation = self.incarnation(peer);
            let at = now + self.network.latency_ms() + self.network.extra_latency_ms(b);
            self.scheduler.schedule(
                at,
                Class::Engine,
                Item::Disconnect {
                    to: peer,
                    peer: node,
                    incarnation,
                },
            );
        }
    }

    /// Interprets a handler's outbox: messages into the network, timers into
    /// the schedule, notes into the ledger, events into the trace.
    fn flush<T: Into<Timer>>(&mut self, node: NodeId, mut out: Outbox<T>) {
        let now = self.now_ms();
        let incarnation = self.incarnation(node);
        for (to, payload) in out.sends.drain(..) {
            let (id, deliver_at_ms) = self.network.route(node, to, now);
            if self.trace {
                self.events.push(Event {
                    at_ms: now,
                    kind: EventKind::MessageSent {
                        id,
                        from: node,
                        to,
                        api: payload.kind(),
                        deliver_at_ms,
                        records: payload.record_count() as u32,
                    },
                });
            }
            let message = Message {
                id,
                from: node,
                to,
                sent_at_ms: now,
                deliver_at_ms,
                link_generation: self.network.generation(node, to),
                sender_crashes: self.crashes(node),
                receiver_incarnation: self.incarnation(to),
                payload,
            };
            self.scheduler.schedule(
                deliver_at_ms,
                Class::Engine,
                Item::Deliver(Box::new(message)),
            );
        }
        for (at, timer) in out.timers.drain(..) {
            self.scheduler.schedule(
                at,
                Class::Engine,
                Item::Timer {
                    node,
                    incarnation,
                    timer: timer.into(),
                },
            );
        }
        for kind in out.take_events() {
            self.events.push(Event { at_ms: now, kind });
        }
        let mut rechecks = Vec::new();
        for note in out.notes.drain(..) {
            match self.ledger.apply(note, now) {
                Recheck::Nothing => {}
                Recheck::Record(tp, id) => {
                    // Acknowledged by the current leader: it holds the record.
                    let leader = self
                        .controller
                        .image
                        .partitions
                        .get(&tp)
                        .and_then(|p| p.leader);
                    let acked_by = self.ledger.get(id).and_then(|r| r.acked_by);
                    if leader.is_some() && leader != acked_by {
                        rechecks.push((tp, Some(id)));
                    }
                }
                Recheck::Partition(tp) => {
                    if !rechecks.contains(&(tp, None)) {
                        rechecks.push((tp, None));
                    }
                }
            }
        }
        for (tp, only) in rechecks {
            self.detect_losses(tp, only);
        }
    }

    /// The current leader of `tp` per the controller, and its log.
    pub fn leader_log(&self, tp: Tp) -> Option<(u32, &super::log::Log)> {
        let leader = self.controller.image.partitions.get(&tp)?.leader?;
        let log = &self.broker(leader)?.replicas.get(&tp)?.log;
        Some((leader, log))
    }

    fn detect_losses(&mut self, tp: Tp, only: Option<RecordId>) {
        let leader = self
            .controller
            .image
            .partitions
            .get(&tp)
            .and_then(|p| p.leader);
        let Some(log) = leader
            .and_then(|l| self.brokers.get(l as usize - 1))
            .and_then(|b| b.replicas.get(&tp))
            .map(|r| &r.log)
        else {
            return;
        };
        let found = self
            .ledger
            .detect_losses(tp, only, leader.map(|l| (l, log)));
        for lost in found {
            self.emit(EventKind::RecordLost {
                id: lost.id,
                tp: lost.tp,
                offset: lost.offset,
                cause: lost.cause,
            });
        }
    }

    fn refresh_topic_names(&mut self) {
        self.names.topics = self
            .controller
            .image
            .topics
            .iter()
            .map(|t| t.name.to_string())
            .collect();
    }

    fn resolve_node(&self, name: &NodeName) -> Result<NodeId, ActionError> {
        match name {
            NodeName::Broker(b) => self
                .broker(*b)
                .map(|_| NodeId::Broker(*b))
                .ok_or_else(|| reject(format!("broker {b} does not exist"))),
            NodeName::Controller => Ok(NodeId::Controller),
            NodeName::Client(id) => {
                if let Some(i) = self.names.producers.iter().position(|p| p == id) {
                    Ok(NodeId::Producer(i as u32))
                } else if let Some(i) = self.names.consumers.iter().position(|c| c == id) {
                    Ok(NodeId::Consumer(i as u32))
                } else {
                    Err(reject(format!("no producer or consumer is named {id:?}")))
                }
            }
        }
    }

    fn broker_index(&self, broker: u32) -> Result<usize, ActionError> {
        self.broker(broker)
            .map(|_| broker as usize - 1)
            .ok_or_else(|| {
                reject(format!(
                    "broker {broker} does not exist (this cluster has brokers 1..{})",
                    self.brokers.len()
                ))
            })
    }

    fn topic_id(&self, name: &str) -> Result<u32, ActionError> {
        self.controller
            .image
            .topic_by_name(name)
            .map(|t| t.id)
            .ok_or_else(|| reject(format!("topic {name:?} does not exist")))
    }

    fn consumer_index(&self, name: &str) -> Result<usize, ActionError> {
        self.names
            .consumers
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| reject(format!("no consumer is named {name:?}")))
    }

    fn running_consumer(&self, name: &str) -> Result<usize, ActionError> {
        let i = self.consumer_index(name)?;
        if !self.consumers[i].is_running() {
            return Err(reject(format!("consumer {name:?} is not running")));
        }
        Ok(i)
    }

    /// Runs a consumer handler at the current time and interprets its outbox.
    fn with_consumer(
        &mut self,
        i: usize,
        run: impl FnOnce(&mut Consumer, &mut Outbox<ConsumerTimer>),
    ) {
        let mut out = Outbox::new(self.now_ms(), self.trace);
        run(&mut self.consumers[i], &mut out);
        self.flush(NodeId::Consumer(i as u32), out);
    }

    /// Applies an action at the current time.
    pub fn apply(&mut self, action: &Action) -> Result<(), ActionError> {
        let now = self.now_ms();
        match action {
            Action::Produce {
                producer,
                topic,
                partition,
                key,
                value,
                count,
                every_ms,
            } => {
                let index = self
                    .names
                    .producers
                    .iter()
                    .position(|p| p == producer)
                    .ok_or_else(|| reject(format!("no producer is named {producer:?}")))?;
                let topic_id = self.topic_id(topic)?;
                if let (Some(p), Some(t)) = (partition, self.controller.image.topic(topic_id)) {
                    if *p >= t.partitions {
                        return Err(reject(format!(
                            "topic {topic:?} has partitions 0..{}",
                            t.partitions - 1
                        )));
                    }
                }
                let job = ProduceJob {
                    topic: topic.clone(),
                    partition: *partition,
                    key: key.as_deref().map(Into::into),
                    value: value.clone(),
                    remaining: *count,
                    every_ms: *every_ms,
                };
                let mut out = Outbox::new(now, self.trace);
                self.producers[index].add_job(job, &mut out);
                self.flush(NodeId::Producer(index as u32), out);
            }
            Action::CrashBroker { broker } => {
                let i = self.broker_index(*broker)?;
                if !self.brokers[i].is_running() {
                    return Err(reject(format!("broker {broker} is not running")));
                }
                self.brokers[i].stop(Process::Crashed);
                self.emit(EventKind::BrokerCrashed { broker: *broker });
                self.notify_peers_of_stop(*broker);
            }
            Action::RestartBroker { broker } => {
                let i = self.broker_index(*broker)?;
                if self.brokers[i].is_running() {
                    return Err(reject(format!("broker {broker} is already running")));
                }
                let mut out = Outbox::new(now, self.trace);
                self.brokers[i].start(&mut out);
                self.flush(NodeId::Broker(*broker), out);
            }
            Action::ShutdownBroker { broker } => {
                let i = self.broker_index(*broker)?;
                if !self.brokers[i].is_running() {
                    return Err(reject(format!("broker {broker} is not running")));
                }
                let mut out = Outbox::new(now, self.trace);
                self.brokers[i].begin_controlled_shutdown(&mut out);
                self.flush(NodeId::Broker(*broker), out);
                self.after_broker_step(*broker);
            }
            Action::PartitionNetwork { sides } => {
                let sides: Vec<Vec<NodeId>> = sides
                    .iter()
                    .map(|side| {
                        side.iter()
                            .map(|n| self.resolve_node(n))
                            .collect::<Result<_, _>>()
                    })
                    .collect::<Result<_, _>>()?;
                self.network.partition(&sides);
                self.emit(EventKind::NetworkPartitioned { sides });
            }
            Action::Isolate { node } => {
                let node = self.resolve_node(node)?;
                let all = self.all_nodes();
                self.network.isolate(node, &all);
                self.emit(EventKind::NodeIsolated { node });
            }
            Action::HealNetwork => {
                self.network.heal();
                self.emit(EventKind::NetworkHealed);
            }
            Action::SlowBroker {
                broker,
                extra_latency_ms,
            } => {
                self.broker_index(*broker)?;
                self.network.set_slow(*broker, *extra_latency_ms);
                self.emit(EventKind::BrokerSlowed {
                    broker: *broker,
                    extra_latency_ms: *extra_latency_ms,
                });
            }
            Action::AlterConfig { target, config } => {
                let mut out = Outbox::new(now, self.trace);
                let label = match target {
                    ConfigTarget::Topic(name) => {
                        let id = self.topic_id(name)?;
                        self.controller.alter_topic_config(id, config, &mut out);
                        format!("topic {name}")
                    }
                    ConfigTarget::Broker(b) => {
                        self.broker_index(*b)?;
                        self.controller.alter_broker_config(*b, config, &mut out);
                        format!("broker {b}")
                    }
                };
                self.flush(NodeId::Controller, out);
                self.emit(EventKind::ConfigAltered {
                    target: label,
                    changes: config
                        .iter()
                        .map(|(k, v)| (k.clone(), v.display()))
                        .collect(),
                });
            }
            Action::CreateTopic(spec) => {
                if self.controller.image.topic_by_name(&spec.name).is_some() {
                    return Err(reject(format!("topic {:?} already exists", spec.name)));
                }
                let mut out = Outbox::new(now, self.trace);
                self.controller.create_topic(spec, false, &mut out);
                self.refresh_topic_names();
                self.flush(NodeId::Controller, out);
            }
            Action::ElectLeaders {
                topic,
                partition,
                election_type,
            } => {
                let tp = Tp::new(self.topic_id(topic)?, *partition);
                let mut out = Outbox::new(now, self.trace);
                let result = self.controller.elect_leaders(tp, *election_type, &mut out);
                self.flush(NodeId::Controller, out);
                self.emit(EventKind::ElectionRequested {
                    tp,
                    election_type: election_type.name(),
                    error: result.err(),
                });
            }
            Action::StartConsumer { consumer } => {
                let i = self.consumer_index(consumer)?;
                if self.consumers[i].is_running() {
                    return Err(reject(format!("consumer {consumer:?} is already running")));
                }
                self.with_consumer(i, |c, out| c.start(out));
            }
            Action::StopConsumer {
                consumer,
                commit_sync,
            } => {
                let i = self.running_consumer(consumer)?;
                self.with_consumer(i, |c, out| c.stop(*commit_sync, out));
            }
            Action::KillConsumer { consumer } => {
                let i = self.running_consumer(consumer)?;
                self.with_consumer(i, |c, out| c.kill(out));
            }
            Action::Commit { consumer } => {
                let i = self.running_consumer(consumer)?;
                self.with_consumer(i, |c, out| c.commit_action(out));
            }
            Action::Seek {
                consumer,
                topic,
                partition,
                offset,
            } => {
                let i = self.running_consumer(consumer)?;
                let tp = Tp::new(self.topic_id(topic)?, *partition);
                self.consumers[i]
                    .seek(tp, *offset)
                    .map_err(|e| reject(format!("consumer {consumer:?} {e}")))?;
            }
        }
        Ok(())
    }
}

impl From<ConsumerTimer> for Timer {
    fn from(t: ConsumerTimer) -> Self {
        Timer::Consumer(t)
    }
}

/// `__consumer_offsets` as Kafka creates it: `offsets.topic.num.partitions`
/// partitions, compacted. Simplified: created at time 0 when the scenario has
/// consumers (Kafka creates it on the first FindCoordinator), with a replication
/// factor of `offsets.topic.replication.factor` capped at the broker count
/// (Kafka refuses to create it until enough brokers are up).
fn offsets_topic_spec(config: &BrokerConfig, brokers: u32) -> super::spec::TopicSpec {
    let mut topic_config = super::config::ConfigMap::new(super::config::TOPIC_CONFIGS);
    let _ = topic_config.set("cleanup.policy", &serde_json::json!("compact"));
    super::spec::TopicSpec {
        name: super::group::OFFSETS_TOPIC.to_string(),
        partitions: config.offsets_topic_partitions.max(1),
        replication_factor: config
            .offsets_topic_replication_factor
            .clamp(1, brokers.max(1)),
        replica_assignment: None,
        config: topic_config,
    }
}

impl From<BrokerTimer> for Timer {
    fn from(t: BrokerTimer) -> Self {
        Timer::Broker(t)
    }
}

impl From<ControllerTimer> for Timer {
    fn from(t: ControllerTimer) -> Self {
        Timer::Controller(t)
    }
}

impl From<ProducerTimer> for Timer {
    fn from(t: ProducerTimer) -> Self {
        Timer::Producer(t)
    }
}
