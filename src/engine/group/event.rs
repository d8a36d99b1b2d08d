//! Trace events of consumers and consumer groups: group states, members joining
//! and leaving, generations, commits, assignments and consumed records. Field
//! names are those `crate::lesson::event_kinds` lists.

use std::rc::Rc;

use serde_json::{json, Map, Value};

use crate::engine::error::KafkaError;
use crate::engine::event::Names;
use crate::engine::ids::{NodeId, Tp};
use crate::engine::log::RecordId;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupEvent {
    GroupStateChanged {
        group: Rc<str>,
        from: &'static str,
        to: &'static str,
        generation: i32,
    },
    /// The initial rebalance delay (R-GROUP-3): the join is checked at `check_at_ms`.
    GroupJoinDelayed {
        group: Rc<str>,
        check_at_ms: u64,
        extended: bool,
    },
    MemberJoined {
        group: Rc<str>,
        member: Rc<str>,
        consumer: u32,
    },
    MemberRemoved {
        group: Rc<str>,
        member: Rc<str>,
        consumer: u32,
        reason: &'static str,
    },
    /// A join completed: a new generation.
    GroupRebalanced {
        group: Rc<str>,
        generation: i32,
        protocol: Option<Rc<str>>,
        leader: Option<Rc<str>>,
        members: Vec<u32>,
    },
    OffsetCommitted {
        group: Rc<str>,
        consumer: u32,
        tp: Tp,
        offset: u64,
    },
    GroupCoordinatorLoaded {
        broker: u32,
        partition: u32,
        groups: Vec<Rc<str>>,
    },
    ConsumerStarted {
        consumer: u32,
    },
    ConsumerStopped {
        consumer: u32,
    },
    ConsumerKilled {
        consumer: u32,
    },
    PartitionsAssigned {
        consumer: u32,
        generation: i32,
        /// Newly added partitions.
        partitions: Vec<Tp>,
        /// The whole assignment.
        assignment: Vec<Tp>,
    },
    PartitionsRevoked {
        consumer: u32,
        partitions: Vec<Tp>,
    },
    PartitionsLost {
        consumer: u32,
        partitions: Vec<Tp>,
    },
    RecordsConsumed {
        consumer: u32,
        tp: Tp,
        offsets: Vec<u64>,
        ids: Vec<RecordId>,
    },
    ConsumerError {
        consumer: u32,
        error: KafkaError,
        tp: Option<Tp>,
    },
    OffsetReset {
        consumer: u32,
        tp: Tp,
        offset: u64,
        reason: &'static str,
    },
    LeftGroup {
        consumer: u32,
        member: Rc<str>,
        reason: &'static str,
    },
}

fn tps(names: &Names, tps: &[Tp]) -> Value {
    tps.iter().map(|tp| json!(names.tp(*tp))).collect()
}

impl GroupEvent {
    pub fn name(&self) -> &'static str {
        match self {
            GroupEvent::GroupStateChanged { .. } => "group_state_changed",
            GroupEvent::GroupJoinDelayed { .. } => "group_join_delayed",
            GroupEvent::MemberJoined { .. } => "member_joined",
            GroupEvent::MemberRemoved { .. } => "member_removed",
            GroupEvent::GroupRebalanced { .. } => "group_rebalanced",
            GroupEvent::OffsetCommitted { .. } => "offset_committed",
            GroupEvent::GroupCoordinatorLoaded { .. } => "group_coordinator_loaded",
            GroupEvent::ConsumerStarted { .. } => "consumer_started",
            GroupEvent::ConsumerStopped { .. } => "consumer_stopped",
            GroupEvent::ConsumerKilled { .. } => "consumer_killed",
            GroupEvent::PartitionsAssigned { .. } => "partitions_assigned",
            GroupEvent::PartitionsRevoked { .. } => "partitions_revoked",
            GroupEvent::PartitionsLost { .. } => "partitions_lost",
            GroupEvent::RecordsConsumed { .. } => "records_consumed",
            GroupEvent::ConsumerError { .. } => "consumer_error",
            GroupEvent::OffsetReset { .. } => "offset_reset",
            GroupEvent::LeftGroup { .. } => "left_group",
        }
    }

    /// Adds the event's fields to a trace entry.
    pub fn fill(&self, o: &mut Map<String, Value>, names: &Names) {
        let consumer = |c: u32| json!(names.node(NodeId::Consumer(c)));
        let mut put = |k: &str, v: Value| {
            o.insert(k.into(), v);
        };
        match self {
            GroupEvent::GroupStateChanged {
                group,
                from,
                to,
                generation,
            } => {
                put("group", json!(&**group));
                put("from", json!(from));
                put("to", json!(to));
                put("generation", json!(generation));
            }
            GroupEvent::GroupJoinDelayed {
                group,
                check_at_ms,
                extended,
            } => {
                put("group", json!(&**group));
                put("check_at_ms", json!(check_at_ms));
                put("extended", json!(extended));
            }
            GroupEvent::MemberJoined {
                group,
                member,
                consumer: c,
            } => {
                put("group", json!(&**group));
                put("member", json!(&**member));
                put("consumer", consumer(*c));
            }
            GroupEvent::MemberRemoved {
                group,
                member,
                consumer: c,
                reason,
            } => {
                put("group", json!(&**group));
                put("member", json!(&**member));
                put("consumer", consumer(*c));
                put("reason", json!(reason));
            }
            GroupEvent::GroupRebalanced {
                group,
                generation,
                protocol,
                leader,
                members,
            } => {
                put("group", json!(&**group));
                put("generation", json!(generation));
                put("protocol", json!(protocol.as_deref()));
                put("leader", json!(leader.as_deref()));
                let members: Vec<Value> = members.iter().map(|c| consumer(*c)).collect();
                put("members", Value::Array(members));
            }
            GroupEvent::OffsetCommitted {
                group,
                consumer: c,
                tp,
                offset,
            } => {
                put("group", json!(&**group));
                put("consumer", consumer(*c));
                put("topic", json!(names.topic(tp.topic)));
                put("partition", json!(tp.partition));
                put("offset", json!(offset));
            }
            GroupEvent::GroupCoordinatorLoaded {
                broker,
                partition,
                groups,
            } => {
                put("broker", json!(broker));
                put("partition", json!(partition));
                let groups: Vec<&str> = groups.iter().map(|g| &**g).collect();
                put("groups", json!(groups));
            }
            GroupEvent::ConsumerStarted { consumer: c }
            | GroupEvent::ConsumerStopped { consumer: c }
            | GroupEvent::ConsumerKilled { consumer: c } => put("consumer", consumer(*c)),
            GroupEvent::PartitionsAssigned {
                consumer: c,
                generation,
                partitions,
                assignment,
            } => {
                put("consumer", consumer(*c));
                put("generation", json!(generation));
                put("partitions", tps(names, partitions));
                put("assignment", tps(names, assignment));
            }
            GroupEvent::PartitionsRevoked {
                consumer: c,
                partitions,
            }
            | GroupEvent::PartitionsLost {
                consumer: c,
                partitions,
            } => {
                put("consumer", consumer(*c));
                put("partitions", tps(names, partitions));
            }
            GroupEvent::RecordsConsumed {
                consumer: c,
                tp,
                offsets,
                ids,
            } => {
                put("consumer", consumer(*c));
                put("topic", json!(names.topic(tp.topic)));
                put("partition", json!(tp.partition));
                put("offsets", json!(offsets));
                let ids: Vec<String> = ids.iter().map(|i| names.record(*i)).collect();
                put("ids", json!(ids));
            }
            GroupEvent::ConsumerError {
                consumer: c,
                error,
                tp,
            } => {
                put("consumer", consumer(*c));
                put("error", json!(error.name()));
                put(
                    "topic",
                    json!(tp.map(|tp| names.topic(tp.topic).to_string())),
                );
                put("partition", json!(tp.map(|tp| tp.partition)));
            }
            GroupEvent::OffsetReset {
                consumer: c,
                tp,
                offset,
                reason,
            } => {
                put("consumer", consumer(*c));
                put("topic", json!(names.topic(tp.topic)));
                put("partition", json!(tp.partition));
                put("offset", json!(offset));
                put("reason", json!(reason));
            }
            GroupEvent::LeftGroup {
                consumer: c,
                member,
                reason,
            } => {
                put("consumer", consumer(*c));
                put("member", json!(&**member));
                put("reason", json!(reason));
            }
        }
    }
}
