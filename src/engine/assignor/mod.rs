//! Kafka's consumer-group partition assignors (`partition.assignment.strategy`):
//! `range`, `roundrobin`, `sticky` and `cooperative-sticky`, the choice of the rebalance
//! protocol a consumer runs (EAGER or COOPERATIVE) and the group coordinator's choice of
//! the one assignor every member supports.
//!
//! In Kafka the group *leader* (a consumer) runs the assignor chosen by the coordinator
//! and sends the result in SyncGroup; this module is that computation, pure and
//! deterministic (R-ASSIGN-1..3). It has no dependency on the cluster model.

mod cooperative;
mod member_order;
mod offsets_partition;
mod protocol;
mod range;
mod round_robin;
mod sticky;
mod sticky_constrained;
mod sticky_general;
mod sticky_owned;
#[cfg(test)]
mod test_support;

use crate::engine::sort;
use crate::engine::vec_map::VecMap;

pub use offsets_partition::offsets_partition;
pub use protocol::{rebalance_protocol, select_assignor, RebalanceProtocol};

/// A partition of a topic: `(topic, partition index)`, Kafka's `TopicPartition`.
pub type TopicPartition = (String, u32);

/// The assignment a leader computes: member id → its partitions, sorted. Every member
/// given to [`assign`] appears, possibly with no partitions.
pub type GroupAssignment = VecMap<String, Vec<TopicPartition>>;

/// One of Kafka's built-in `ConsumerPartitionAssignor`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Assignor {
    /// `RangeAssignor` (R-ASSIGN-1).
    Range,
    /// `RoundRobinAssignor` (R-ASSIGN-2).
    RoundRobin,
    /// `StickyAssignor` (R-ASSIGN-3), eager.
    Sticky,
    /// `CooperativeStickyAssignor` (R-ASSIGN-3), incremental.
    CooperativeSticky,
}

impl Assignor {
    /// Every assignor, in declaration order.
    pub const ALL: [Assignor; 4] = [
        Assignor::Range,
        Assignor::RoundRobin,
        Assignor::Sticky,
        Assignor::CooperativeSticky,
    ];

    /// The protocol name the assignor registers in JoinGroup (`ConsumerPartitionAssignor.name()`).
    pub fn name(self) -> &'static str {
        match self {
            Assignor::Range => "range",
            Assignor::RoundRobin => "roundrobin",
            Assignor::Sticky => "sticky",
            Assignor::CooperativeSticky => "cooperative-sticky",
        }
    }

    /// The assignor with this protocol name, or `None` if the name is not one of
    /// `range`, `roundrobin`, `sticky`, `cooperative-sticky`.
    pub fn from_name(name: &str) -> Option<Assignor> {
        Assignor::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The rebalance protocols the assignor supports (`supportedProtocols()`): only
    /// `cooperative-sticky` supports COOPERATIVE as well as EAGER.
    pub fn supported_protocols(self) -> &'static [RebalanceProtocol] {
        match self {
            Assignor::CooperativeSticky => {
                &[RebalanceProtocol::Eager, RebalanceProtocol::Cooperative]
            }
            Assignor::Range | Assignor::RoundRobin | Assignor::Sticky => {
                &[RebalanceProtocol::Eager]
            }
        }
    }
}

/// What one member sent in its JoinGroup subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberSubscription {
    pub member_id: String,
    /// `group.instance.id` of a static member; it orders members before `member_id` (R-ASSIGN-1).
    pub group_instance_id: Option<String>,
    /// The subscribed topics. Topics absent from `partitions_per_topic` are ignored.
    pub topics: Vec<String>,
    /// The partitions the member owned in its last generation; only the sticky assignors
    /// use it. They keep the lowest ones (by partition number, then topic) up to the
    /// member's quota. What Kafka sends: `sticky` reports its previous assignment (in its
    /// user data) even under EAGER, where it has already revoked everything;
    /// `cooperative-sticky` reports the partitions it still owns when joining (none under
    /// EAGER, since they were all revoked before the join).
    pub owned: Vec<TopicPartition>,
    /// The generation those owned partitions come from (`None` = never in a generation,
    /// Kafka's `DEFAULT_GENERATION` −1). When two members claim a partition, the higher
    /// generation wins (sticky assignors only).
    pub generation: Option<i32>,
}

/// The assignment computed by the group leader with `assignor`, member id → partitions
/// (sorted). Only partitions of topics in `partitions_per_topic` (topic → partition
/// count) that some member subscribes to are assigned, each to exactly one subscriber.
/// For `CooperativeSticky`, partitions that change owner are left out
/// (`CooperativeStickyAssignor.adjustAssignment`) so the old owner revokes them first and
/// a follow-up rebalance hands them out (R-ASSIGN-3).
///
/// Members are identified by `member_id`; if two entries share one, the later wins.
pub fn assign(
    assignor: Assignor,
    partitions_per_topic: &VecMap<String, u32>,
    members: &[MemberSubscription],
) -> GroupAssignment {
    let mut assignment = match assignor {
        Assignor::Range => range::assign(partitions_per_topic, members),
        Assignor::RoundRobin => round_robin::assign(partitions_per_topic, members),
        Assignor::Sticky => sticky::assign(partitions_per_topic, members).assignment,
        Assignor::CooperativeSticky => {
            let sticky = sticky::assign(partitions_per_topic, members);
            cooperative::adjust_assignment(sticky.assignment, &sticky.transferring_ownership)
        }
    };
    for partitions in assignment.values_mut() {
        sort::sort(partitions);
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No members, unknown topics, zero partitions, stale owned partitions and repeated
    /// member ids give an empty or partial assignment, never a panic.
    #[test]
    fn odd_input_is_handled() {
        let layout = VecMap::from([("t".to_string(), 2), ("empty".to_string(), 0)]);
        let ghost = MemberSubscription {
            member_id: "m".to_string(),
            group_instance_id: None,
            topics: vec!["missing".to_string(), "empty".to_string()],
            owned: vec![("t".to_string(), 7), ("missing".to_string(), 0)],
            generation: Some(3),
        };
        let real = MemberSubscription {
            topics: vec!["t".to_string()],
            ..ghost.clone()
        };
        for assignor in Assignor::ALL {
            assert!(assign(assignor, &layout, &[]).is_empty());
            let only_ghost = assign(assignor, &layout, std::slice::from_ref(&ghost));
            assert_eq!(only_ghost, VecMap::from([("m".to_string(), Vec::new())]));
            // The later entry for "m" wins and subscribes to t.
            let repeated = assign(assignor, &layout, &[ghost.clone(), real.clone()]);
            let both = vec![("t".to_string(), 0), ("t".to_string(), 1)];
            assert_eq!(
                repeated,
                VecMap::from([("m".to_string(), both)]),
                "{assignor:?}"
            );
        }
    }
}
