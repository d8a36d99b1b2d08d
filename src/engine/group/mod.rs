//! Consumer groups on the broker side: the group coordinator of the classic
//! protocol (R-GROUP-*, R-COMMIT-2). A group's coordinator is the broker that
//! leads the group's `__consumer_offsets` partition, so it moves when that
//! broker dies (`crate::engine::broker::coordinator` hosts it).

pub mod classic;
pub mod event;
pub mod offsets_log;
pub mod protocol;
pub mod view;

use std::rc::Rc;

use crate::engine::vec_map::VecMap;

use classic::ClassicGroup;

/// The name of Kafka's internal offsets topic.
pub const OFFSETS_TOPIC: &str = "__consumer_offsets";

/// Timers of the group coordinator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupTimer {
    /// The initial rebalance delay or the rebalance timeout ends.
    JoinCheck { group: Rc<str> },
    /// A member's session may have expired.
    MemberExpiry { group: Rc<str>, member: Rc<str> },
}

/// The groups this broker coordinates (loaded from its offsets partitions).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupCoordinator {
    pub groups: VecMap<Rc<str>, ClassicGroup>,
}
