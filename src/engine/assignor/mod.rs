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

use std::collections::BTreeMap;

pub use offsets_partition::offsets_partition;
pub use protocol::{rebalance_protocol, select_assignor, RebalanceProtocol};

/// A partition of a topic: `(topic, partition index)`, Kafka's `TopicPartition`.
pub type TopicPartition = (String, u32);

/// The assignment a leader computes: member id → its partitions, sorted. Every member
/// given to [`assign`] appears, possibly with no partitions.
pub type GroupAssignment = BTreeMap<String, Vec<TopicPartition>>;

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
    /// The partitions the member owned in its last generation, in the order it reports
    /// them (the sticky assignors keep a prefix of this list). Range and roundrobin ignore it.
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
    partitions_per_topic: &BTreeMap<String, u32>,
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
        partitions.sort();
    }
    assignment
}
