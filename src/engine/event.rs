//! Engine events: everything that happens, timestamped, in Kafka's vocabulary.
//! The UI animates from them (a message's send and delivery times are both known
//! when it is sent), the event log prints them, and `kplay --trace` writes them.

use serde_json::{json, Map, Value};

use super::config::ConfigValue;
use super::error::KafkaError;
use super::ids::{NodeId, Tp};
use super::log::{CleanOutcome, DeletedSegment, RecordId};

/// How a leader was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElectionKind {
    /// First live in-sync replica in assignment order (R-ELECT-1).
    Clean,
    /// No in-sync replica was acceptable (R-ELECT-2).
    Unclean,
    /// Back to `replicas[0]` (R-ELECT-4).
    Preferred,
    /// Leadership moved off a broker in controlled shutdown (R-KRAFT-3).
    ControlledShutdown,
    /// No acceptable replica: the partition is offline (R-ELECT-3).
    Offline,
}

impl ElectionKind {
    pub fn name(self) -> &'static str {
        match self {
            ElectionKind::Clean => "clean",
            ElectionKind::Unclean => "unclean",
            ElectionKind::Preferred => "preferred",
            ElectionKind::ControlledShutdown => "controlled_shutdown",
            ElectionKind::Offline => "none",
        }
    }
}

/// A record's fate as the producer's application learns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    MessageSent {
        id: u64,
        from: NodeId,
        to: NodeId,
        api: &'static str,
        deliver_at_ms: u64,
        records: u32,
    },
    MessageDelivered {
        id: u64,
        from: NodeId,
        to: NodeId,
        api: &'static str,
    },
    MessageDropped {
        id: u64,
        from: NodeId,
        to: NodeId,
        api: &'static str,
        reason: &'static str,
    },
    BrokerCrashed {
        broker: u32,
    },
    BrokerStarted {
        broker: u32,
    },
    ControlledShutdownRequested {
        broker: u32,
    },
    BrokerShutDown {
        broker: u32,
    },
    BrokerRegistered {
        broker: u32,
        broker_epoch: u64,
    },
    BrokerRegistrationRefused {
        broker: u32,
        error: KafkaError,
    },
    BrokerFenced {
        broker: u32,
        reason: &'static str,
    },
    BrokerUnfenced {
        broker: u32,
    },
    LeaderElected {
        tp: Tp,
        leader: Option<u32>,
        previous: Option<u32>,
        leader_epoch: u32,
        isr: Vec<u32>,
        election: ElectionKind,
    },
    IsrChanged {
        tp: Tp,
        from: Vec<u32>,
        to: Vec<u32>,
        partition_epoch: u32,
        cause: &'static str,
    },
    IsrChangeProposed {
        tp: Tp,
        leader: u32,
        from: Vec<u32>,
        to: Vec<u32>,
    },
    IsrChangeRejected {
        tp: Tp,
        leader: u32,
        error: KafkaError,
    },
    BecameLeader {
        broker: u32,
        tp: Tp,
        leader_epoch: u32,
    },
    BecameFollower {
        broker: u32,
        tp: Tp,
        leader: Option<u32>,
        leader_epoch: u32,
    },
    RecordsAppended {
        broker: u32,
        tp: Tp,
        base_offset: u64,
        leader_epoch: u32,
        ids: Vec<RecordId>,
        as_leader: bool,
    },
    HighWatermarkAdvanced {
        broker: u32,
        tp: Tp,
        from: u64,
        to: u64,
    },
    LogStartOffsetAdvanced {
        broker: u32,
        tp: Tp,
        from: u64,
        to: u64,
    },
    Truncated {
        broker: u32,
        tp: Tp,
        from_offset: u64,
        to_offset: u64,
        removed: Vec<RecordId>,
        reason: &'static str,
    },
    SegmentRolled {
        broker: u32,
        tp: Tp,
        base_offset: u64,
        reason: &'static str,
    },
    /// Retention removed a segment (R-RET-4..8).
    SegmentDeleted {
        broker: u32,
        tp: Tp,
        segment: DeletedSegment,
    },
    /// The log cleaner compacted a log (R-COMPACT-*).
    LogCleaned {
        broker: u32,
        tp: Tp,
        dirty_ratio_ppm: u64,
        outcome: Box<CleanOutcome>,
    },
    RecordSent {
        producer: u32,
        id: RecordId,
        tp: Tp,
    },
    RecordAcked {
        id: RecordId,
        tp: Tp,
        offset: Option<u64>,
    },
    RecordFailed {
        id: RecordId,
        tp: Tp,
        error: KafkaError,
    },
    RequestFailed {
        producer: u32,
        ids: Vec<RecordId>,
        error: KafkaError,
        retry: bool,
    },
    RecordLost {
        id: RecordId,
        tp: Tp,
        offset: Option<u64>,
        cause: String,
    },
    NetworkPartitioned {
        sides: Vec<Vec<NodeId>>,
    },
    NodeIsolated {
        node: NodeId,
    },
    NetworkHealed,
    BrokerSlowed {
        broker: u32,
        extra_latency_ms: u64,
    },
    ConfigAltered {
        target: String,
        changes: Vec<(String, String)>,
    },
    TopicCreated {
        topic: u32,
    },
    ElectionRequested {
        tp: Tp,
        election_type: &'static str,
        error: Option<KafkaError>,
    },
    ActionRejected {
        message: String,
    },
    InvariantViolated {
        message: String,
    },
    /// Consumers and consumer groups.
    Group(super::group::event::GroupEvent),
}

/// An event at its time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub at_ms: u64,
    pub kind: EventKind,
}

/// Names for the numbers events carry: topics, producers, consumers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    pub topics: Vec<String>,
    pub producers: Vec<String>,
    pub consumers: Vec<String>,
}

impl Names {
    pub fn topic(&self, id: u32) -> &str {
        self.topics
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("?")
    }

    /// `orders-0`.
    pub fn tp(&self, tp: Tp) -> String {
        format!("{}-{}", self.topic(tp.topic), tp.partition)
    }

    /// `pa#3`.
    pub fn record(&self, id: RecordId) -> String {
        let producer = self
            .producers
            .get(id.producer as usize)
            .map(String::as_str)
            .unwrap_or("internal");
        format!("{producer}#{}", id.seq)
    }

    /// A node as a scenario names it: broker id, `controller`, or client id.
    pub fn node(&self, node: NodeId) -> String {
        match node {
            NodeId::Controller => "controller".to_string(),
            NodeId::Broker(b) => b.to_string(),
            NodeId::Producer(p) => self.producers.get(p as usize).cloned().unwrap_or_default(),
            NodeId::Consumer(c) => self.consumers.get(c as usize).cloned().unwrap_or_default(),
        }
    }

    fn node_json(&self, node: NodeId) -> Value {
        match node {
            NodeId::Broker(b) => json!(b),
            other => json!(self.node(other)),
        }
    }
}

fn insert_tp(obj: &mut Map<String, Value>, names: &Names, tp: Tp) {
    obj.insert("topic".into(), json!(names.topic(tp.topic)));
    obj.insert("partition".into(), json!(tp.partition));
}

impl EventKind {
    /// The trace `kind`, in snake case.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::MessageSent { .. } => "message_sent",
            EventKind::MessageDelivered { .. } => "message_delivered",
            EventKind::MessageDropped { .. } => "message_dropped",
            EventKind::BrokerCrashed { .. } => "broker_crashed",
            EventKind::BrokerStarted { .. } => "broker_started",
            EventKind::ControlledShutdownRequested { .. } => "controlled_shutdown_requested",
            EventKind::BrokerShutDown { .. } => "broker_shut_down",
            EventKind::BrokerRegistered { .. } => "broker_registered",
            EventKind::BrokerRegistrationRefused { .. } => "broker_registration_refused",
            EventKind::BrokerFenced { .. } => "broker_fenced",
            EventKind::BrokerUnfenced { .. } => "broker_unfenced",
            EventKind::LeaderElected { .. } => "leader_elected",
            EventKind::IsrChanged { .. } => "isr_changed",
            EventKind::IsrChangeProposed { .. } => "isr_change_proposed",
            EventKind::IsrChangeRejected { .. } => "isr_change_rejected",
            EventKind::BecameLeader { .. } => "became_leader",
            EventKind::BecameFollower { .. } => "became_follower",
            EventKind::RecordsAppended { .. } => "records_appended",
            EventKind::HighWatermarkAdvanced { .. } => "high_watermark_advanced",
            EventKind::LogStartOffsetAdvanced { .. } => "log_start_offset_advanced",
            EventKind::Truncated { .. } => "truncated",
            EventKind::SegmentRolled { .. } => "segment_rolled",
            EventKind::SegmentDeleted { .. } => "segment_deleted",
            EventKind::LogCleaned { .. } => "log_cleaned",
            EventKind::RecordSent { .. } => "record_sent",
            EventKind::RecordAcked { .. } => "record_acked",
            EventKind::RecordFailed { .. } => "record_failed",
            EventKind::RequestFailed { .. } => "request_failed",
            EventKind::RecordLost { .. } => "record_lost",
            EventKind::NetworkPartitioned { .. } => "network_partitioned",
            EventKind::NodeIsolated { .. } => "node_isolated",
            EventKind::NetworkHealed => "network_healed",
            EventKind::BrokerSlowed { .. } => "broker_slowed",
            EventKind::ConfigAltered { .. } => "config_altered",
            EventKind::TopicCreated { .. } => "topic_created",
            EventKind::ElectionRequested { .. } => "election_requested",
            EventKind::ActionRejected { .. } => "action_rejected",
            EventKind::InvariantViolated { .. } => "invariant_violated",
            EventKind::Group(e) => e.name(),
        }
    }
}

impl Event {
    /// The event as a trace entry: `at_ms`, `kind`, then its fields.
    pub fn to_json(&self, names: &Names) -> Value {
        let mut o = Map::new();
        o.insert("at_ms".into(), json!(self.at_ms));
        o.insert("kind".into(), json!(self.kind.name()));
        let ids = |ids: &[RecordId]| -> Value {
            ids.iter()
                .map(|i| names.record(*i))
                .collect::<Vec<_>>()
                .into()
        };
        match &self.kind {
            EventKind::MessageSent {
                id,
                from,
                to,
                api,
                deliver_at_ms,
                records,
            } => {
                o.insert("id".into(), json!(id));
                o.insert("from".into(), names.node_json(*from));
                o.insert("to".into(), names.node_json(*to));
                o.insert("api".into(), json!(api));
                o.insert("deliver_at_ms".into(), json!(deliver_at_ms));
                o.insert("records".into(), json!(records));
            }
            EventKind::MessageDelivered { id, from, to, api } => {
                o.insert("id".into(), json!(id));
                o.insert("from".into(), names.node_json(*from));
                o.insert("to".into(), names.node_json(*to));
                o.insert("api".into(), json!(api));
            }
            EventKind::MessageDropped {
                id,
                from,
                to,
                api,
                reason,
            } => {
                o.insert("id".into(), json!(id));
                o.insert("from".into(), names.node_json(*from));
                o.insert("to".into(), names.node_json(*to));
                o.insert("api".into(), json!(api));
                o.insert("reason".into(), json!(reason));
            }
            EventKind::BrokerCrashed { broker }
            | EventKind::BrokerStarted { broker }
            | EventKind::ControlledShutdownRequested { broker }
            | EventKind::BrokerShutDown { broker }
            | EventKind::BrokerUnfenced { broker } => {
                o.insert("broker".into(), json!(broker));
            }
            EventKind::BrokerRegistered {
                broker,
                broker_epoch,
            } => {
                o.insert("broker".into(), json!(broker));
                o.insert("broker_epoch".into(), json!(broker_epoch));
            }
            EventKind::BrokerRegistrationRefused { broker, error } => {
                o.insert("broker".into(), json!(broker));
                o.insert("error".into(), json!(error.name()));
            }
            EventKind::BrokerFenced { broker, reason } => {
                o.insert("broker".into(), json!(broker));
                o.insert("reason".into(), json!(reason));
            }
            EventKind::LeaderElected {
                tp,
                leader,
                previous,
                leader_epoch,
                isr,
                election,
            } => {
                insert_tp(&mut o, names, *tp);
                o.insert("leader".into(), json!(leader));
                o.insert("previous_leader".into(), json!(previous));
                o.insert("leader_epoch".into(), json!(leader_epoch));
                o.insert("isr".into(), json!(isr));
                o.insert("election".into(), json!(election.name()));
            }
            EventKind::IsrChanged {
                tp,
                from,
                to,
                partition_epoch,
                cause,
            } => {
                insert_tp(&mut o, names, *tp);
                o.insert("from".into(), json!(from));
                o.insert("to".into(), json!(to));
                o.insert("partition_epoch".into(), json!(partition_epoch));
                o.insert("cause".into(), json!(cause));
            }
            EventKind::IsrChangeProposed {
                tp,
                leader,
                from,
                to,
            } => {
                insert_tp(&mut o, names, *tp);
                o.insert("leader".into(), json!(leader));
                o.insert("from".into(), json!(from));
                o.insert("to".into(), json!(to));
            }
            EventKind::IsrChangeRejected { tp, leader, error } => {
                insert_tp(&mut o, names, *tp);
                o.insert("leader".into(), json!(leader));
                o.insert("error".into(), json!(error.name()));
            }
            EventKind::BecameLeader {
                broker,
                tp,
                leader_epoch,
            } => {
                o.insert("broker".into(), json!(broker));
                insert_tp(&mut o, names, *tp);
                o.insert("leader_epoch".into(), json!(leader_epoch));
            }
            EventKind::BecameFollower {
                broker,
                tp,
                leader,
                leader_epoch,
            } => {
                o.insert("broker".into(), json!(broker));
                insert_tp(&mut o, names, *tp);
                o.insert("leader".into(), json!(leader));
                o.insert("leader_epoch".into(), json!(leader_epoch));
            }
            EventKind::RecordsAppended {
                broker,
                tp,
                base_offset,
                leader_epoch,
                ids: records,
                as_leader,
            } => {
                o.insert("broker".into(), json!(broker));
                insert_tp(&mut o, names, *tp);
                o.insert("base_offset".into(), json!(base_offset));
                o.insert("leader_epoch".into(), json!(leader_epoch));
                o.insert("ids".into(), ids(records));
                o.insert("as_leader".into(), json!(as_leader));
            }
            EventKind::HighWatermarkAdvanced {
                broker,
                tp,
                from,
                to,
            }
            | EventKind::LogStartOffsetAdvanced {
                broker,
                tp,
                from,
                to,
            } => {
                o.insert("broker".into(), json!(broker));
                insert_tp(&mut o, names, *tp);
                o.insert("from".into(), json!(from));
                o.insert("to".into(), json!(to));
            }
            EventKind::Truncated {
                broker,
                tp,
                from_offset,
                to_offset,
                removed,
                reason,
            } => {
                o.insert("broker".into(), json!(broker));
                insert_tp(&mut o, names, *tp);
                o.insert("from_offset".into(), json!(from_offset));
                o.insert("to_offset".into(), json!(to_offset));
                o.insert("removed".into(), ids(removed));
                o.insert("reason".into(), json!(reason));
            }
            EventKind::SegmentRolled {
                broker,
                tp,
                base_offset,
                reason,
            } => {
                o.insert("broker".into(), json!(broker));
                insert_tp(&mut o, names, *tp);
                o.insert("base_offset".into(), json!(base_offset));
                o.insert("reason".into(), json!(reason));
            }
            EventKind::SegmentDeleted {
                broker,
                tp,
                segment: s,
            } => {
                o.insert("broker".into(), json!(broker));
                insert_tp(&mut o, names, *tp);
                o.insert("base_offset".into(), json!(s.base_offset));
                o.insert("end_offset".into(), json!(s.end_offset));
                o.insert("records".into(), json!(s.records));
                o.insert("bytes".into(), json!(s.bytes));
                o.insert("largest_timestamp_ms".into(), json!(s.largest_timestamp_ms));
                o.insert("reason".into(), json!(s.reason.name()));
                o.insert("file_deleted_at_ms".into(), json!(s.file_deleted_at_ms));
            }
            EventKind::LogCleaned {
                broker,
                tp,
                dirty_ratio_ppm,
                outcome: c,
            } => {
                let ids = |list: &[(u64, RecordId)]| -> Value {
                    list.iter()
                        .map(|(_, id)| names.record(*id))
                        .collect::<Vec<_>>()
                        .into()
                };
                let ratio = i64::try_from(*dirty_ratio_ppm).unwrap_or(i64::MAX);
                o.insert("broker".into(), json!(broker));
                insert_tp(&mut o, names, *tp);
                o.insert("first_dirty_offset".into(), json!(c.first_dirty_offset));
                o.insert("end_offset".into(), json!(c.end_offset));
                o.insert(
                    "dirty_ratio".into(),
                    json!(ConfigValue::Ratio(ratio).display()),
                );
                o.insert("removed".into(), ids(&c.removed));
                let offsets: Vec<u64> = c.removed.iter().map(|(o, _)| *o).collect();
                o.insert("removed_offsets".into(), json!(offsets));
                o.insert("tombstones_removed".into(), ids(&c.tombstones_removed));
                o.insert("tombstones_stamped".into(), ids(&c.tombstones_stamped));
                o.insert("delete_horizon_ms".into(), json!(c.delete_horizon_ms));
                o.insert("segments_before".into(), json!(c.segments_before));
                o.insert("segments_after".into(), json!(c.segments_after));
                o.insert("bytes_before".into(), json!(c.bytes_before));
                o.insert("bytes_after".into(), json!(c.bytes_after));
            }
            EventKind::RecordSent { producer, id, tp } => {
                o.insert(
                    "producer".into(),
                    json!(names.node(NodeId::Producer(*producer))),
                );
                o.insert("id".into(), json!(names.record(*id)));
                insert_tp(&mut o, names, *tp);
            }
            EventKind::RecordAcked { id, tp, offset } => {
                o.insert("id".into(), json!(names.record(*id)));
                insert_tp(&mut o, names, *tp);
                o.insert("offset".into(), json!(offset));
            }
            EventKind::RecordFailed { id, tp, error } => {
                o.insert("id".into(), json!(names.record(*id)));
                insert_tp(&mut o, names, *tp);
                o.insert("error".into(), json!(error.name()));
            }
            EventKind::RequestFailed {
                producer,
                ids: records,
                error,
                retry,
            } => {
                o.insert(
                    "producer".into(),
                    json!(names.node(NodeId::Producer(*producer))),
                );
                o.insert("ids".into(), ids(records));
                o.insert("error".into(), json!(error.name()));
                o.insert("retry".into(), json!(retry));
            }
            EventKind::RecordLost {
                id,
                tp,
                offset,
                cause,
            } => {
                o.insert("id".into(), json!(names.record(*id)));
                insert_tp(&mut o, names, *tp);
                o.insert("offset".into(), json!(offset));
                o.insert("cause".into(), json!(cause));
            }
            EventKind::NetworkPartitioned { sides } => {
                let sides: Vec<Vec<Value>> = sides
                    .iter()
                    .map(|s| s.iter().map(|n| names.node_json(*n)).collect())
                    .collect();
                o.insert("sides".into(), json!(sides));
            }
            EventKind::NodeIsolated { node } => {
                o.insert("node".into(), names.node_json(*node));
            }
            EventKind::NetworkHealed => {}
            EventKind::BrokerSlowed {
                broker,
                extra_latency_ms,
            } => {
                o.insert("broker".into(), json!(broker));
                o.insert("extra_latency_ms".into(), json!(extra_latency_ms));
            }
            EventKind::ConfigAltered { target, changes } => {
                o.insert("target".into(), json!(target));
                let mut config = Map::new();
                for (name, value) in changes {
                    config.insert(name.clone(), json!(value));
                }
                o.insert("config".into(), Value::Object(config));
            }
            EventKind::TopicCreated { topic } => {
                o.insert("topic".into(), json!(names.topic(*topic)));
            }
            EventKind::ElectionRequested {
                tp,
                election_type,
                error,
            } => {
                insert_tp(&mut o, names, *tp);
                o.insert("election_type".into(), json!(election_type));
                o.insert("error".into(), json!(error.map(KafkaError::name)));
            }
            EventKind::ActionRejected { message } | EventKind::InvariantViolated { message } => {
                o.insert("message".into(), json!(message));
            }
            EventKind::Group(e) => e.fill(&mut o, names),
        }
        Value::Object(o)
    }
}
