//! English lines for consumer-group events, in Kafka's vocabulary: the group
//! coordinator's state changes and generations, assignments and revocations
//! (R-GROUP-*, R-ASSIGN-*), commits (R-COMMIT-*) and what consumers read.
//! Heartbeats and fetches are message traffic, drawn in flight instead.

use crate::engine::event::Names;
use crate::engine::group::event::GroupEvent;
use crate::engine::ids::{NodeId, Tp};

fn consumer(names: &Names, c: u32) -> String {
    names.node(NodeId::Consumer(c))
}

fn partitions(names: &Names, tps: &[Tp]) -> String {
    let items: Vec<String> = tps.iter().map(|tp| names.tp(*tp)).collect();
    format!("[{}]", items.join(", "))
}

/// The event log's line for a group event, or `None` for the ones it leaves out
/// (each batch of consumed records is shown on the consumer, not in the log).
pub fn describe_group(event: &GroupEvent, names: &Names) -> Option<String> {
    Some(match event {
        GroupEvent::GroupStateChanged {
            group,
            from,
            to,
            generation,
        } => format!("Group {group}: {from} → {to} (generation {generation})"),
        GroupEvent::GroupJoinDelayed {
            group,
            check_at_ms,
            extended,
        } => {
            let verb = if *extended { "extended" } else { "started" };
            format!(
                "Group {group}: initial rebalance delay {verb}, joins checked at {}.{:03} s",
                check_at_ms / 1000,
                check_at_ms % 1000
            )
        }
        GroupEvent::MemberJoined {
            group,
            member,
            consumer: c,
        } => format!("{} joined group {group} as {member}", consumer(names, *c)),
        GroupEvent::MemberRemoved {
            group,
            member,
            consumer: c,
            reason,
        } => format!(
            "Group {group} removed {member} ({}): {reason}",
            consumer(names, *c)
        ),
        GroupEvent::GroupRebalanced {
            group,
            generation,
            protocol,
            leader,
            members,
        } => {
            let members: Vec<String> = members.iter().map(|c| consumer(names, *c)).collect();
            format!(
                "Group {group} rebalanced: generation {generation}, assignor {}, leader {}, members [{}]",
                protocol.as_deref().unwrap_or("none"),
                leader.as_deref().unwrap_or("none"),
                members.join(", ")
            )
        }
        GroupEvent::OffsetCommitted {
            group,
            consumer: c,
            tp,
            offset,
        } => format!(
            "{} committed {} offset {offset} for group {group}",
            consumer(names, *c),
            names.tp(*tp)
        ),
        GroupEvent::GroupCoordinatorLoaded {
            broker,
            partition,
            groups,
        } => format!(
            "Broker {broker} leads __consumer_offsets-{partition}: group coordinator of [{}]",
            groups
                .iter()
                .map(|g| g.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        GroupEvent::ConsumerStarted { consumer: c } => {
            format!("{} started", consumer(names, *c))
        }
        GroupEvent::ConsumerStopped { consumer: c } => {
            format!("{} closed", consumer(names, *c))
        }
        GroupEvent::ConsumerKilled { consumer: c } => {
            format!("{} killed (no LeaveGroup, no commit)", consumer(names, *c))
        }
        GroupEvent::PartitionsAssigned {
            consumer: c,
            generation,
            partitions: added,
            assignment,
        } => format!(
            "{} assigned {} in generation {generation}; now owns {}",
            consumer(names, *c),
            partitions(names, added),
            partitions(names, assignment)
        ),
        GroupEvent::PartitionsRevoked {
            consumer: c,
            partitions: revoked,
        } => format!(
            "{} revoked {}",
            consumer(names, *c),
            partitions(names, revoked)
        ),
        GroupEvent::PartitionsLost {
            consumer: c,
            partitions: lost,
        } => format!(
            "{} lost {} (no longer a member)",
            consumer(names, *c),
            partitions(names, lost)
        ),
        GroupEvent::RecordsConsumed { .. } => return None,
        GroupEvent::ConsumerError {
            consumer: c,
            error,
            tp,
        } => match tp {
            Some(tp) => format!(
                "{} got {} on {}",
                consumer(names, *c),
                error.name(),
                names.tp(*tp)
            ),
            None => format!("{} got {}", consumer(names, *c), error.name()),
        },
        GroupEvent::OffsetReset {
            consumer: c,
            tp,
            offset,
            reason,
        } => format!(
            "{} reset {} to offset {offset}: {reason}",
            consumer(names, *c),
            names.tp(*tp)
        ),
        GroupEvent::LeftGroup {
            consumer: c,
            member,
            reason,
        } => format!(
            "{} ({member}) left the group: {reason}",
            consumer(names, *c)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error::KafkaError;

    fn names() -> Names {
        Names {
            topics: vec!["orders".into()],
            producers: vec![],
            consumers: vec!["c1".into(), "c2".into()],
        }
    }

    #[test]
    fn a_rebalance_names_generation_assignor_leader_and_members() {
        let line = describe_group(
            &GroupEvent::GroupRebalanced {
                group: "g".into(),
                generation: 2,
                protocol: Some("range".into()),
                leader: Some("c1-1".into()),
                members: vec![0, 1],
            },
            &names(),
        );
        assert_eq!(
            line.as_deref(),
            Some("Group g rebalanced: generation 2, assignor range, leader c1-1, members [c1, c2]")
        );
    }

    #[test]
    fn commits_and_errors_use_kafka_names() {
        let commit = describe_group(
            &GroupEvent::OffsetCommitted {
                group: "g".into(),
                consumer: 1,
                tp: Tp::new(0, 2),
                offset: 7,
            },
            &names(),
        );
        assert_eq!(
            commit.as_deref(),
            Some("c2 committed orders-2 offset 7 for group g")
        );
        let error = describe_group(
            &GroupEvent::ConsumerError {
                consumer: 0,
                error: KafkaError::NotLeaderOrFollower,
                tp: None,
            },
            &names(),
        );
        assert_eq!(error.as_deref(), Some("c1 got NOT_LEADER_OR_FOLLOWER"));
    }

    #[test]
    fn consumed_batches_stay_out_of_the_log() {
        let consumed = GroupEvent::RecordsConsumed {
            consumer: 0,
            tp: Tp::new(0, 0),
            offsets: vec![0, 1],
            ids: vec![],
        };
        assert_eq!(describe_group(&consumed, &names()), None);
    }
}
