//! The sticky assignment when members subscribe to different topics (R-ASSIGN-3), and
//! the partitions it moves (`CooperativeStickyAssignor.computePartitionsTransferringOwnership`).
//!
//! Simplification of Kafka's `GeneralAssignmentBuilder`, which searches reassignments
//! scored by balance and stickiness: here every valid owned partition stays put; each
//! free partition, those with the fewest possible consumers first, goes to the
//! least-loaded subscriber of its topic; then, while a member has at least two more
//! partitions than another subscriber of one of its partitions' topics, that partition
//! moves. Every partition still goes to exactly one subscriber.

use std::collections::{BTreeMap, BTreeSet};

use super::member_order::java_string_cmp;
use super::sticky::StickyAssignment;
use super::sticky_owned::OwnedPartitions;
use super::{GroupAssignment, MemberSubscription, TopicPartition};

pub fn assign(
    partitions_per_topic: &BTreeMap<String, u32>,
    members: &BTreeMap<&str, &MemberSubscription>,
    owned: OwnedPartitions,
) -> StickyAssignment {
    let subscribers: BTreeMap<&String, Vec<String>> = partitions_per_topic
        .keys()
        .map(|topic| {
            let ids = members
                .values()
                .filter(|m| m.topics.contains(topic))
                .map(|m| m.member_id.clone())
                .collect();
            (topic, ids)
        })
        .collect();
    let mut assignment = owned.by_member;
    let kept: BTreeSet<TopicPartition> = assignment.values().flatten().cloned().collect();

    let mut free: Vec<TopicPartition> = subscribers
        .iter()
        .filter(|(_, ids)| !ids.is_empty())
        .flat_map(|(&t, _)| (0..partitions_per_topic[t]).map(move |p| (t.clone(), p)))
        .filter(|p| !kept.contains(p))
        .collect();
    free.sort_by(|(ta, pa), (tb, pb)| {
        (subscribers[ta].len().cmp(&subscribers[tb].len()))
            .then(java_string_cmp(ta, tb))
            .then(pa.cmp(pb))
    });
    for partition in free {
        let load = |m: &String| assignment.get(m).map_or(0, Vec::len);
        if let Some(member) = subscribers[&partition.0]
            .iter()
            .min_by_key(|m| load(m))
            .cloned()
        {
            assignment.entry(member).or_default().push(partition);
        }
    }

    // Each move lowers the sum of squared partition counts, so this loop ends.
    while let Some((from, to, partition)) = find_balancing_move(&assignment, &subscribers, &kept) {
        if let Some(partitions) = assignment.get_mut(&from) {
            partitions.retain(|p| p != &partition);
        }
        assignment.entry(to).or_default().push(partition);
    }

    let transferring_ownership = transferring_ownership(&assignment, members);
    StickyAssignment {
        assignment,
        transferring_ownership,
    }
}

/// A partition that another subscriber of its topic with at least two fewer partitions
/// can take, with the least-loaded such subscriber: from the most-loaded member first,
/// and newly given partitions before previously owned (`kept`) ones, to stay sticky.
fn find_balancing_move(
    assignment: &GroupAssignment,
    subscribers: &BTreeMap<&String, Vec<String>>,
    kept: &BTreeSet<TopicPartition>,
) -> Option<(String, String, TopicPartition)> {
    let load = |m: &String| assignment.get(m).map_or(0, Vec::len);
    let mut by_load: Vec<(&String, &Vec<TopicPartition>)> = assignment.iter().collect();
    by_load.sort_by_key(|(_, partitions)| std::cmp::Reverse(partitions.len()));
    for (from, partitions) in by_load {
        let (owned, new): (Vec<&TopicPartition>, Vec<&TopicPartition>) =
            partitions.iter().rev().partition(|p| kept.contains(*p));
        for partition in new.into_iter().chain(owned) {
            let target = subscribers
                .get(&partition.0)
                .into_iter()
                .flatten()
                .filter(|m| load(m) + 1 < partitions.len())
                .min_by_key(|m| load(m));
            if let Some(to) = target {
                return Some((from.clone(), to.clone(), partition.clone()));
            }
        }
    }
    None
}

/// `computePartitionsTransferringOwnership`: partitions newly assigned to a member that
/// some member reported as owned and no longer gets.
fn transferring_ownership(
    assignment: &GroupAssignment,
    members: &BTreeMap<&str, &MemberSubscription>,
) -> BTreeMap<TopicPartition, String> {
    let reported = |member: &str| members.get(member).map_or(&[][..], |m| &m.owned[..]);
    let mut added = BTreeMap::new();
    let mut revoked = BTreeSet::new();
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
