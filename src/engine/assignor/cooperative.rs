//! `CooperativeStickyAssignor.adjustAssignment` (R-ASSIGN-3): the sticky assignment minus
//! every partition that changes owner. The old owner sees the partition missing from its
//! assignment, revokes it and rejoins at once; the follow-up rebalance hands it to the new
//! owner. A partition is therefore never owned by two consumers at the same time.

use std::collections::BTreeMap;

use super::{GroupAssignment, TopicPartition};

/// Removes each partition in `transferring_ownership` (partition → its new owner) from
/// the new owner's assignment.
pub fn adjust_assignment(
    mut assignment: GroupAssignment,
    transferring_ownership: &BTreeMap<TopicPartition, String>,
) -> GroupAssignment {
    for (partition, new_owner) in transferring_ownership {
        if let Some(partitions) = assignment.get_mut(new_owner) {
            partitions.retain(|p| p != partition);
        }
    }
    assignment
}
