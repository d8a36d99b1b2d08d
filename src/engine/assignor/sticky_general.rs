//! The sticky assignment when members subscribe to different topics (R-ASSIGN-3,
//! `AbstractStickyAssignor.GeneralAssignmentBuilder`), and the partitions it moves
//! (`CooperativeStickyAssignor.computePartitionsTransferringOwnership`).
//!
//! Partitions are considered topic by topic, topics with the fewest potential consumers
//! first (then by name), each topic's partitions in order.
//! 1. Every valid owned partition stays with its owner.
//! 2. Each free partition goes to the least-loaded subscriber of its topic (ties: member id).
//! 3. Balancing passes: a partition whose owner has at least two more partitions than
//!    another subscriber of its topic moves to the least-loaded subscriber; passes
//!    repeat until one moves nothing.
//!
//! Simplification: Kafka's builder also prefers moving a partition back to an owner from
//! an older generation, swaps partitions of one topic to avoid move cycles
//! (`PartitionMovements`), and keeps the starting assignment if balancing does not lower
//! its balance score. Each move here lowers that score, so only the cycle avoidance and
//! the older-generation preference are missing.

use crate::engine::vec_map::{VecMap, VecSet};

use super::member_order::java_string_cmp;
use super::sticky::StickyAssignment;
use super::sticky_owned::OwnedPartitions;
use super::{GroupAssignment, MemberSubscription, TopicPartition};
use crate::engine::sort;

pub fn assign(
    partitions_per_topic: &VecMap<String, u32>,
    members: &VecMap<&str, &MemberSubscription>,
    owned: OwnedPartitions,
) -> StickyAssignment {
    let subscribers = subscribers_per_topic(partitions_per_topic, members);
    let mut topics: Vec<&String> = subscribers.keys().copied().collect();
    sort::sort_by(&mut topics, |a, b| {
        (subscribers[a].len().cmp(&subscribers[b].len())).then(java_string_cmp(a, b))
    });
    let sorted_partitions: Vec<TopicPartition> = topics
        .into_iter()
        .flat_map(|t| (0..partitions_per_topic[t]).map(move |p| (t.clone(), p)))
        .collect();

    let mut assignment = owned.by_member;
    let kept: VecSet<TopicPartition> = assignment.values().flatten().cloned().collect();
    for partition in sorted_partitions.iter().filter(|p| !kept.contains(*p)) {
        if let Some(member) = least_loaded(&assignment, &subscribers[&partition.0], None) {
            assignment
                .entry(member)
                .or_default()
                .push(partition.clone());
        }
    }

    // `performReassignments`. Only topics with two or more subscribers can move. Each
    // move lowers the sum of squared partition counts, so the passes end.
    let movable: Vec<&TopicPartition> = sorted_partitions
        .iter()
        .filter(|p| subscribers[&p.0].len() >= 2)
        .collect();
    let mut moved = true;
    while moved {
        moved = false;
        for &partition in &movable {
            if let Some((from, to)) = balancing_move(&assignment, &subscribers, partition) {
                if let Some(partitions) = assignment.get_mut(&from) {
                    partitions.retain(|p| p != partition);
                }
                assignment.entry(to).or_default().push(partition.clone());
                moved = true;
            }
        }
    }

    let transferring_ownership = transferring_ownership(&assignment, members);
    StickyAssignment {
        assignment,
        transferring_ownership,
    }
}

/// Each subscribed topic that exists → its subscribers, in Java string order of member id.
fn subscribers_per_topic<'a>(
    partitions_per_topic: &'a VecMap<String, u32>,
    members: &VecMap<&str, &MemberSubscription>,
) -> VecMap<&'a String, Vec<String>> {
    partitions_per_topic
        .keys()
        .filter_map(|topic| {
            let mut ids: Vec<String> = members
                .values()
                .filter(|m| m.topics.contains(topic))
                .map(|m| m.member_id.clone())
                .collect();
            sort::sort_by(&mut ids, |a, b| java_string_cmp(a, b));
            (!ids.is_empty()).then_some((topic, ids))
        })
        .collect()
}

/// The candidate with the fewest partitions, the first on a tie, other than `except`.
fn least_loaded(
    assignment: &GroupAssignment,
    candidates: &[String],
    except: Option<&String>,
) -> Option<String> {
    candidates
        .iter()
        .filter(|m| Some(*m) != except)
        .min_by_key(|m| assignment.get(*m).map_or(0, Vec::len))
        .cloned()
}

/// `(owner, new owner)` if the partition's owner has at least two more partitions than
/// the least-loaded other subscriber of its topic.
fn balancing_move(
    assignment: &GroupAssignment,
    subscribers: &VecMap<&String, Vec<String>>,
    partition: &TopicPartition,
) -> Option<(String, String)> {
    let (owner, partitions) = assignment.iter().find(|(_, ps)| ps.contains(partition))?;
    let target = least_loaded(assignment, subscribers.get(&partition.0)?, Some(owner))?;
    let target_load = assignment.get(&target).map_or(0, Vec::len);
    (partitions.len() > target_load + 1).then(|| (owner.clone(), target))
}

/// `computePartitionsTransferringOwnership`: partitions newly assigned to a member that
/// some member reported as owned and no longer gets.
fn transferring_ownership(
    assignment: &GroupAssignment,
    members: &VecMap<&str, &MemberSubscription>,
) -> VecMap<TopicPartition, String> {
    let reported = |member: &str| members.get(member).map_or(&[][..], |m| &m.owned[..]);
    let mut added = VecMap::new();
    let mut revoked = VecSet::new();
    for (member, partitions) in assignment {
        let owned = reported(member);
        for partition in partitions.iter().filter(|p| !owned.contains(p)) {
            added.insert(partition.clone(), member.clone());
        }
        revoked.extend(owned.iter().filter(|p| !partitions.contains(p)).cloned());
    }
    added.retain(|partition, _| revoked.contains(partition));
    added
}
