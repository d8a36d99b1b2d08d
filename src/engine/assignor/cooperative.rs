//! `CooperativeStickyAssignor.adjustAssignment` (R-ASSIGN-3): the sticky assignment minus
//! every partition that changes owner. The old owner sees the partition missing from its
//! assignment, revokes it and rejoins at once; the follow-up rebalance hands it to the new
//! owner. A partition is therefore never owned by two consumers at the same time.

use crate::engine::vec_map::VecMap;

use super::{GroupAssignment, TopicPartition};

/// Removes each partition in `transferring_ownership` (partition → its new owner) from
/// the new owner's assignment.
pub fn adjust_assignment(
    mut assignment: GroupAssignment,
    transferring_ownership: &VecMap<TopicPartition, String>,
) -> GroupAssignment {
    for (partition, new_owner) in transferring_ownership {
        if let Some(partitions) = assignment.get_mut(new_owner) {
            partitions.retain(|p| p != partition);
        }
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_partitions_changing_owner_from_their_new_owner() {
        let p = |n: u32| ("t".to_string(), n);
        let assignment: GroupAssignment = VecMap::from([
            ("A".to_string(), vec![p(0), p(1)]),
            ("B".to_string(), vec![p(2), p(3)]),
        ]);
        let moving = VecMap::from([(p(3), "B".to_string())]);
        let adjusted = adjust_assignment(assignment, &moving);
        assert_eq!(adjusted["A"], vec![p(0), p(1)]);
        assert_eq!(adjusted["B"], vec![p(2)]);
    }
}
