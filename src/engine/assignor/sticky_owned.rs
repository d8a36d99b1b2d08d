//! Which previously owned partitions a sticky assignor may keep (the ownership check in
//! `AbstractStickyAssignor.allSubscriptionsEqual`, R-ASSIGN-3). Each member reports the
//! partitions it owned and its generation. When two members claim the same partition,
//! the higher generation keeps it: the other claim is stale (that member missed a
//! rebalance). Two claims in the *same* generation are inconsistent and both dropped;
//! the partition then counts as "claimed by multiple previous owners" and any new owner
//! gets it only after the claimants have revoked it (cooperative-sticky).

use crate::engine::vec_map::{VecMap, VecSet};

use super::{MemberSubscription, TopicPartition};

/// Previously owned partitions after the generation rule.
pub struct OwnedPartitions {
    /// member id → the partitions it may keep, in its reported order.
    pub by_member: VecMap<String, Vec<TopicPartition>>,
    /// Partitions claimed by two members of the same generation: kept by neither.
    pub multiply_claimed: VecSet<TopicPartition>,
}

/// Kafka's `DEFAULT_GENERATION`, for a member that reports no generation.
const DEFAULT_GENERATION: i32 = -1;

/// Resolves the owned partitions of `members` (in member-id order), keeping only
/// partitions that exist and whose topic the member still subscribes to.
pub fn resolve_owned(
    partitions_per_topic: &VecMap<String, u32>,
    members: &VecMap<&str, &MemberSubscription>,
) -> OwnedPartitions {
    let generation = |member: &str| {
        members
            .get(member)
            .and_then(|m| m.generation)
            .unwrap_or(DEFAULT_GENERATION)
    };
    let mut by_member: VecMap<String, Vec<TopicPartition>> = VecMap::new();
    let mut last_claimant: VecMap<TopicPartition, &str> = VecMap::new();
    let mut multiply_claimed = VecSet::new();
    for (&member_id, member) in members {
        let mut kept = Vec::new();
        for partition in still_valid(member, partitions_per_topic) {
            let Some(&other) = last_claimant.get(&partition) else {
                last_claimant.insert(partition.clone(), member_id);
                kept.push(partition);
                continue;
            };
            if generation(member_id) < generation(other) {
                continue;
            }
            if generation(member_id) == generation(other) {
                multiply_claimed.insert(partition.clone());
            } else {
                kept.push(partition.clone());
            }
            if let Some(other_kept) = by_member.get_mut(other) {
                other_kept.retain(|p| p != &partition);
            }
            last_claimant.insert(partition, member_id);
        }
        by_member.insert(member_id.to_string(), kept);
    }
    // A later, higher-generation claim may have re-taken a doubly claimed partition;
    // the constrained builder still drops it ("still claimed as owned").
    for kept in by_member.values_mut() {
        kept.retain(|p| !multiply_claimed.contains(p));
    }
    OwnedPartitions {
        by_member,
        multiply_claimed,
    }
}

/// The member's owned partitions that still exist and that it still subscribes to,
/// without repeats, in its reported order.
fn still_valid(
    member: &MemberSubscription,
    partitions_per_topic: &VecMap<String, u32>,
) -> Vec<TopicPartition> {
    let mut seen = VecSet::new();
    member
        .owned
        .iter()
        .filter(|(topic, partition)| {
            member.topics.contains(topic)
                && partitions_per_topic
                    .get(topic)
                    .is_some_and(|&count| *partition < count)
        })
        .filter(|p| seen.insert((*p).clone()))
        .cloned()
        .collect()
}
