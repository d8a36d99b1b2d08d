//! `AbstractStickyAssignor.ConstrainedAssignmentBuilder` (R-ASSIGN-3): the sticky
//! assignment when every member subscribes to the same topics. With `P` partitions and
//! `C` members, `minQuota = P / C`, `maxQuota = ceil(P / C)`, and exactly `P % C`
//! members end with `maxQuota`.
//!
//! 1. Each member's owned partitions, sorted by partition number then topic, are kept:
//!    all of them if fewer than `minQuota`; the first `maxQuota` if it owns that many and
//!    fewer than `P % C` members have `maxQuota` yet; otherwise the first `minQuota`.
//!    The rest are revoked.
//! 2. The free partitions (sorted by topic, then partition) are dealt round-robin, in
//!    member-id order, to members under `minQuota`, then one each to members at
//!    `minQuota` until `P % C` members have `maxQuota`.
//!
//! Simplifications: no rack-aware step (the simulator has no racks, as when
//! `client.rack` is unset), and members are visited in member-id order in step 1 where
//! Kafka iterates a hash map.

use std::collections::VecDeque;

use crate::engine::vec_map::{VecMap, VecSet};

use super::member_order::{java_string_cmp, sorted_topics};
use super::sticky::StickyAssignment;
use super::sticky_owned::OwnedPartitions;
use super::{GroupAssignment, TopicPartition};
use crate::engine::sort;

/// Assigns every partition of `topics` (the common subscription) to the members of `owned`.
pub fn assign(
    partitions_per_topic: &VecMap<String, u32>,
    topics: &VecSet<&String>,
    owned: OwnedPartitions,
) -> StickyAssignment {
    let partitions: Vec<TopicPartition> = sorted_topics(topics.iter().copied())
        .into_iter()
        .filter_map(|t| partitions_per_topic.get(t).map(|&count| (t, count)))
        .flat_map(|(t, count)| (0..count).map(move |p| (t.clone(), p)))
        .collect();
    if owned.by_member.is_empty() {
        return StickyAssignment {
            assignment: VecMap::new(),
            transferring_ownership: VecMap::new(),
        };
    }
    let mut builder = Builder::new(partitions.len(), owned.by_member.len());
    builder.assign_owned(owned.by_member);
    let assigned: VecSet<&TopicPartition> = builder.assignment.values().flatten().collect();
    let unassigned: Vec<TopicPartition> = partitions
        .iter()
        .filter(|p| !assigned.contains(p))
        .cloned()
        .collect();
    builder.assign_round_robin(unassigned, &owned.multiply_claimed);
    StickyAssignment {
        assignment: builder.assignment,
        transferring_ownership: builder.transferring_ownership,
    }
}

struct Builder {
    min_quota: usize,
    max_quota: usize,
    /// Members that must end with `max_quota` (`P % C`).
    expected_at_max: usize,
    /// Members given `max_quota` of their owned partitions so far.
    current_at_max: usize,
    /// Members below `min_quota`, in member-id order.
    under_min: Vec<String>,
    /// Members at exactly `min_quota` that may still take one more.
    exactly_min: VecDeque<String>,
    revoked: VecSet<TopicPartition>,
    assignment: GroupAssignment,
    transferring_ownership: VecMap<TopicPartition, String>,
}

impl Builder {
    /// `members` is at least 1.
    fn new(partitions: usize, members: usize) -> Builder {
        Builder {
            min_quota: partitions / members,
            max_quota: partitions.div_ceil(members),
            expected_at_max: partitions % members,
            current_at_max: 0,
            under_min: Vec::new(),
            exactly_min: VecDeque::new(),
            revoked: VecSet::new(),
            assignment: VecMap::new(),
            transferring_ownership: VecMap::new(),
        }
    }

    /// Step 1: keep owned partitions up to the member's quota, revoke the rest.
    fn assign_owned(&mut self, owned: VecMap<String, Vec<TopicPartition>>) {
        for (member, mut partitions) in owned {
            sort::sort_by(&mut partitions, |(ta, pa), (tb, pb)| {
                pa.cmp(pb).then(java_string_cmp(ta, tb))
            });
            let keep = if partitions.len() < self.min_quota {
                self.under_min.push(member.clone());
                partitions.len()
            } else if partitions.len() >= self.max_quota
                && self.current_at_max < self.expected_at_max
            {
                self.current_at_max += 1;
                if self.current_at_max == self.expected_at_max {
                    self.exactly_min.clear();
                }
                self.max_quota
            } else {
                if self.current_at_max < self.expected_at_max {
                    self.exactly_min.push_back(member.clone());
                }
                self.min_quota
            };
            self.revoked.extend(partitions.drain(keep..));
            self.assignment.insert(member, partitions);
        }
        sort::sort_by(&mut self.under_min, |a, b| java_string_cmp(a, b));
        sort::sort_by(self.exactly_min.make_contiguous(), |a, b| {
            java_string_cmp(a, b)
        });
    }

    /// Step 2: deal the free partitions round-robin (`assignRoundRobin`).
    fn assign_round_robin(
        &mut self,
        unassigned: Vec<TopicPartition>,
        multiply_claimed: &VecSet<TopicPartition>,
    ) {
        let mut cursor = 0;
        for partition in unassigned {
            let from_under_min;
            let member = if cursor < self.under_min.len() {
                cursor += 1;
                from_under_min = true;
                self.under_min[cursor - 1].clone()
            } else if !self.under_min.is_empty() {
                cursor = 1;
                from_under_min = true;
                self.under_min[0].clone()
            } else if let Some(member) = self.exactly_min.pop_front() {
                from_under_min = false;
                member
            } else {
                // Unreachable: the quotas add up to the partition count (Kafka throws
                // IllegalStateException here). Never leave a partition unassigned.
                from_under_min = false;
                least_loaded(&self.assignment)
            };
            if self.revoked.contains(&partition) || multiply_claimed.contains(&partition) {
                self.transferring_ownership
                    .insert(partition.clone(), member.clone());
            }
            let partitions = self.assignment.entry(member.clone()).or_default();
            partitions.push(partition);
            let count = partitions.len();
            if count == self.min_quota && from_under_min {
                cursor -= 1;
                self.under_min.remove(cursor);
                self.exactly_min.push_back(member);
            }
        }
    }
}

/// The member with the fewest partitions (the first in member-id order on a tie).
fn least_loaded(assignment: &GroupAssignment) -> String {
    assignment
        .iter()
        .min_by_key(|(_, partitions)| partitions.len())
        .map(|(member, _)| member.clone())
        .unwrap_or_default()
}
