//! English lines for engine events, in Kafka's vocabulary ("Broker 3 fenced",
//! "orders-0 ISR [1,2,3] → [1,2]"). Message traffic is not described here: it
//! is drawn in flight instead.

use super::en_group_events::describe_group;
use crate::engine::event::{Event, EventKind, Names};
use crate::engine::group::event::GroupEvent;
use crate::engine::ids::NodeId;

/// The category an event is filed under in the event log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Controller,
    Replication,
    Clients,
    Groups,
    Ledger,
    Faults,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Controller,
        Category::Replication,
        Category::Clients,
        Category::Groups,
        Category::Ledger,
        Category::Faults,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::Controller => "Controller",
            Category::Replication => "Replication",
            Category::Clients => "Clients",
            Category::Groups => "Groups",
            Category::Ledger => "Ledger",
            Category::Faults => "Faults",
        }
    }
}

fn list(ids: &[u32]) -> String {
    let items: Vec<String> = ids.iter().map(u32::to_string).collect();
    format!("[{}]", items.join(","))
}

fn broker_or_none(broker: Option<u32>) -> String {
    broker.map_or_else(|| "none".to_string(), |b| b.to_string())
}

fn node(names: &Names, node: NodeId) -> String {
    match node {
        NodeId::Controller => "the controller".to_string(),
        NodeId::Broker(b) => format!("broker {b}"),
        other => names.node(other),
    }
}

/// The category of an event, or `None` if the event log does not list it;
/// cheaper than [`describe`] (no text is written).
pub fn category(event: &Event) -> Option<Category> {
    use Category::*;
    Some(match &event.kind {
        EventKind::MessageSent { .. }
        | EventKind::MessageDelivered { .. }
        | EventKind::IsrChangeProposed { .. }
        | EventKind::RecordSent { .. }
        | EventKind::BecameFollower { .. } => return None,
        EventKind::MessageDropped { .. }
        | EventKind::BrokerCrashed { .. }
        | EventKind::BrokerStarted { .. }
        | EventKind::BrokerShutDown { .. }
        | EventKind::NetworkPartitioned { .. }
        | EventKind::NodeIsolated { .. }
        | EventKind::NetworkHealed
        | EventKind::BrokerSlowed { .. }
        | EventKind::ActionRejected { .. } => Faults,
        EventKind::ControlledShutdownRequested { .. }
        | EventKind::BrokerRegistered { .. }
        | EventKind::BrokerRegistrationRefused { .. }
        | EventKind::BrokerFenced { .. }
        | EventKind::BrokerUnfenced { .. }
        | EventKind::LeaderElected { .. }
        | EventKind::IsrChanged { .. }
        | EventKind::IsrChangeRejected { .. }
        | EventKind::ConfigAltered { .. }
        | EventKind::TopicCreated { .. }
        | EventKind::ElectionRequested { .. } => Controller,
        EventKind::BecameLeader { .. }
        | EventKind::RecordsAppended { .. }
        | EventKind::HighWatermarkAdvanced { .. }
        | EventKind::LogStartOffsetAdvanced { .. }
        | EventKind::Truncated { .. }
        | EventKind::SegmentRolled { .. }
        | EventKind::SegmentDeleted { .. }
        | EventKind::LogCleaned { .. } => Replication,
        EventKind::RecordAcked { .. }
        | EventKind::RecordFailed { .. }
        | EventKind::RequestFailed { .. } => Clients,
        EventKind::RecordLost { .. } | EventKind::InvariantViolated { .. } => Ledger,
        EventKind::Group(GroupEvent::RecordsConsumed { .. }) => return None,
        EventKind::Group(_) => Groups,
    })
}

/// The category and line of an event, or `None` for message traffic and other
/// events the event log does not list.
pub fn describe(event: &Event, names: &Names) -> Option<(Category, String)> {
    let category = category(event)?;
    let line = match &event.kind {
        EventKind::MessageSent { .. }
        | EventKind::MessageDelivered { .. }
        | EventKind::IsrChangeProposed { .. }
        | EventKind::RecordSent { .. }
        | EventKind::BecameFollower { .. } => return None,
        EventKind::MessageDropped {
            from,
            to,
            api,
            reason,
            ..
        } => format!(
            "{api} from {} to {} dropped ({reason})",
            node(names, *from),
            node(names, *to)
        ),
        EventKind::BrokerCrashed { broker } => format!("Broker {broker} crashed"),
        EventKind::BrokerStarted { broker } => format!("Broker {broker} started"),
        EventKind::ControlledShutdownRequested { broker } => {
            format!("Broker {broker} asked for a controlled shutdown")
        }
        EventKind::BrokerShutDown { broker } => format!("Broker {broker} shut down"),
        EventKind::BrokerRegistered {
            broker,
            broker_epoch,
        } => format!("Broker {broker} registered (broker epoch {broker_epoch})"),
        EventKind::BrokerRegistrationRefused { broker, error } => {
            format!("Broker {broker} registration refused: {}", error.name())
        }
        EventKind::BrokerFenced { broker, reason } => {
            format!("Broker {broker} fenced ({reason})")
        }
        EventKind::BrokerUnfenced { broker } => format!("Broker {broker} unfenced"),
        EventKind::LeaderElected {
            tp,
            leader,
            previous,
            leader_epoch,
            isr,
            election,
        } => format!(
            "{} leader {} → {} (epoch {leader_epoch}, {} election, ISR {})",
            names.tp(*tp),
            broker_or_none(*previous),
            broker_or_none(*leader),
            election.name(),
            list(isr)
        ),
        EventKind::IsrChanged {
            tp,
            from,
            to,
            cause,
            ..
        } => format!(
            "{} ISR {} → {} ({cause})",
            names.tp(*tp),
            list(from),
            list(to)
        ),
        EventKind::IsrChangeRejected { tp, leader, error } => format!(
            "{} ISR change by broker {leader} rejected: {}",
            names.tp(*tp),
            error.name()
        ),
        EventKind::BecameLeader {
            broker,
            tp,
            leader_epoch,
        } => format!(
            "Broker {broker} leads {} (epoch {leader_epoch})",
            names.tp(*tp)
        ),
        EventKind::RecordsAppended {
            broker,
            tp,
            base_offset,
            ids,
            as_leader,
            ..
        } => format!(
            "Broker {broker} appended {} record{} to {} at offset {base_offset}{}",
            ids.len(),
            if ids.len() == 1 { "" } else { "s" },
            names.tp(*tp),
            if *as_leader { " (leader)" } else { "" }
        ),
        EventKind::HighWatermarkAdvanced {
            broker,
            tp,
            from,
            to,
        } => format!("Broker {broker} {} HW {from} → {to}", names.tp(*tp)),
        EventKind::LogStartOffsetAdvanced {
            broker,
            tp,
            from,
            to,
        } => format!("Broker {broker} {} log start {from} → {to}", names.tp(*tp)),
        EventKind::Truncated {
            broker,
            tp,
            from_offset,
            to_offset,
            removed,
            reason,
        } => format!(
            "Broker {broker} truncated {} from {from_offset} to {to_offset} \
                 ({} record{} removed, {reason})",
            names.tp(*tp),
            removed.len(),
            if removed.len() == 1 { "" } else { "s" }
        ),
        EventKind::SegmentRolled {
            broker,
            tp,
            base_offset,
            reason,
        } => format!(
            "Broker {broker} {} rolled a segment at {base_offset} ({reason})",
            names.tp(*tp)
        ),
        EventKind::SegmentDeleted {
            broker,
            tp,
            segment,
        } => format!(
            "Broker {broker} {} deleted segment {}..{} by retention",
            names.tp(*tp),
            segment.base_offset,
            segment.end_offset
        ),
        EventKind::LogCleaned {
            broker,
            tp,
            outcome,
            ..
        } => format!(
            "Broker {broker} {} compacted: {} record{} removed",
            names.tp(*tp),
            outcome.removed.len(),
            if outcome.removed.len() == 1 { "" } else { "s" }
        ),
        EventKind::RecordAcked { id, tp, offset } => match offset {
            Some(offset) => format!("{} acked at {}@{offset}", names.record(*id), names.tp(*tp)),
            None => format!("{} acked on {}", names.record(*id), names.tp(*tp)),
        },
        EventKind::RecordFailed { id, tp, error } => format!(
            "{} failed on {}: {}",
            names.record(*id),
            names.tp(*tp),
            error.name()
        ),
        EventKind::RequestFailed {
            producer,
            ids,
            error,
            retry,
        } => format!(
            "{} produce of {} record{} failed: {}{}",
            names.node(NodeId::Producer(*producer)),
            ids.len(),
            if ids.len() == 1 { "" } else { "s" },
            error.name(),
            if *retry { ", retrying" } else { "" }
        ),
        EventKind::RecordLost { id, tp, cause, .. } => {
            format!("{} LOST on {}: {cause}", names.record(*id), names.tp(*tp))
        }
        EventKind::NetworkPartitioned { sides } => format!(
            "Network partitioned: {}",
            sides
                .iter()
                .map(|side| side
                    .iter()
                    .map(|n| node(names, *n))
                    .collect::<Vec<_>>()
                    .join(", "))
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        EventKind::NodeIsolated { node: n } => format!("{} isolated", node(names, *n)),
        EventKind::NetworkHealed => "Network healed".to_string(),
        EventKind::BrokerSlowed {
            broker,
            extra_latency_ms,
        } => {
            if *extra_latency_ms == 0 {
                format!("Broker {broker} back to normal speed")
            } else {
                format!("Broker {broker} slowed by {extra_latency_ms} ms per message")
            }
        }
        EventKind::ConfigAltered { target, changes } => format!(
            "Config of {target} altered: {}",
            changes
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        EventKind::TopicCreated { topic } => {
            format!("Topic {} created", names.topic(*topic))
        }
        EventKind::ElectionRequested {
            tp,
            election_type,
            error,
        } => match error {
            Some(error) => format!(
                "{election_type} election for {} refused: {}",
                names.tp(*tp),
                error.name()
            ),
            None => format!("{election_type} election requested for {}", names.tp(*tp)),
        },
        EventKind::ActionRejected { message } => format!("Action refused: {message}"),
        EventKind::InvariantViolated { message } => {
            format!("Invariant violated (a simulator bug): {message}")
        }
        EventKind::Group(group_event) => describe_group(group_event, names)?,
    };
    Some((category, line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::event::ElectionKind;
    use crate::engine::ids::Tp;

    fn names() -> Names {
        Names {
            topics: vec!["orders".into()],
            producers: vec!["p1".into()],
            consumers: Vec::new(),
        }
    }

    #[test]
    fn isr_changes_read_like_kafka() {
        let event = Event {
            at_ms: 12,
            kind: EventKind::IsrChanged {
                tp: Tp::new(0, 0),
                from: vec![1, 2, 3],
                to: vec![1, 2],
                partition_epoch: 4,
                cause: "replica.lag.time.max.ms",
            },
        };
        let (category, line) = describe(&event, &names()).expect("listed");
        assert_eq!(category, Category::Controller);
        assert_eq!(
            line,
            "orders-0 ISR [1,2,3] → [1,2] (replica.lag.time.max.ms)"
        );
    }

    #[test]
    fn elections_name_the_old_and_new_leader_and_epoch() {
        let event = Event {
            at_ms: 12,
            kind: EventKind::LeaderElected {
                tp: Tp::new(0, 0),
                leader: Some(2),
                previous: Some(1),
                leader_epoch: 1,
                isr: vec![2, 3],
                election: ElectionKind::Clean,
            },
        };
        let (_, line) = describe(&event, &names()).expect("listed");
        assert_eq!(
            line,
            "orders-0 leader 1 → 2 (epoch 1, clean election, ISR [2,3])"
        );
    }

    #[test]
    fn message_traffic_is_not_listed() {
        let event = Event {
            at_ms: 1,
            kind: EventKind::MessageDelivered {
                id: 1,
                from: NodeId::Broker(1),
                to: NodeId::Broker(2),
                api: "Fetch",
            },
        };
        assert_eq!(describe(&event, &names()), None);
    }
}
