//! The sticky assignment shared by `StickyAssignor` and `CooperativeStickyAssignor`
//! (`AbstractStickyAssignor`, R-ASSIGN-3): balanced (partition counts differ by at most
//! one when every member has the same subscription) while keeping as many previously
//! owned partitions as possible.
//!
//! 1. Previously owned partitions are resolved first: a partition claimed by two members
//!    stays with the higher generation; two claims in the same generation are both
//!    invalid ("multiple previous owners").
//! 2. With equal subscriptions (`ConstrainedAssignmentBuilder`), each member keeps the
//!    first `minQuota` (or `maxQuota`, while fewer than `P % C` members have it) of its
//!    owned partitions; the rest are dealt round-robin to the members below quota.
//! 3. Otherwise a general builder keeps owned partitions, gives each free partition to
//!    the least-loaded subscriber and then moves partitions to balance.
//!
//! The result also lists the partitions changing owner, for `adjustAssignment`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::member_order::sorted_topics;
use super::{GroupAssignment, MemberSubscription, TopicPartition};

/// A sticky assignment and the partitions in it that move from a previous owner,
/// partition → new owner (`partitionsTransferringOwnership`).
pub struct StickyAssignment {
    pub assignment: GroupAssignment,
    pub transferring_ownership: BTreeMap<TopicPartition, String>,
}

/// Previously owned partitions after the generation rule.
struct OwnedPartitions {
    /// member id → the partitions it validly owns, in its reported order.
    by_member: BTreeMap<String, Vec<TopicPartition>>,
    /// Partitions claimed by two members of the same generation: owned by neither.
    multiply_claimed: BTreeSet<TopicPartition>,
}

/// Computes the sticky assignment. Members are keyed (and, where Kafka iterates a hash
/// map, ordered) by `member_id`; a repeated `member_id` keeps its last entry.
pub fn assign(
    partitions_per_topic: &BTreeMap<String, u32>,
    members: &[MemberSubscription],
) -> StickyAssignment {
    let members: BTreeMap<&str, &MemberSubscription> =
        members.iter().map(|m| (m.member_id.as_str(), m)).collect();
    let owned = resolve_owned(partitions_per_topic, &members);
    let mut subscriptions = members
        .values()
        .map(|m| subscribed_topics(m, partitions_per_topic));
    let first = subscriptions.next();
    if subscriptions.all(|topics| Some(&topics) == first.as_ref()) {
        let topics = first.unwrap_or_default();
        constrained(&all_partitions(partitions_per_topic, &topics), owned)
    } else {
        general(partitions_per_topic, &members, owned)
    }
}

/// The member's subscribed topics that exist, as a set.
fn subscribed_topics(
    member: &MemberSubscription,
    partitions_per_topic: &BTreeMap<String, u32>,
) -> BTreeSet<String> {
    member
        .topics
        .iter()
        .filter(|t| partitions_per_topic.contains_key(*t))
        .cloned()
        .collect()
}

/// Every partition of `topics`, sorted by topic (Java string order) then partition.
fn all_partitions(
    partitions_per_topic: &BTreeMap<String, u32>,
    topics: &BTreeSet<String>,
) -> Vec<TopicPartition> {
    sorted_topics(topics)
        .into_iter()
        .flat_map(|t| (0..partitions_per_topic[t]).map(move |p| (t.clone(), p)))
        .collect()
}

/// Step 1: each member's owned partitions that still exist and that it still subscribes
/// to; a partition claimed twice goes to the higher generation (`None` counts as −1), and
/// a tie in generation invalidates both claims (`AbstractStickyAssignor` ownership check).
fn resolve_owned(
    partitions_per_topic: &BTreeMap<String, u32>,
    members: &BTreeMap<&str, &MemberSubscription>,
) -> OwnedPartitions {
    let generation = |member: &str| members[member].generation.unwrap_or(-1);
    let mut owner_of: BTreeMap<TopicPartition, &str> = BTreeMap::new();
    let mut multiply_claimed = BTreeSet::new();
    for (&member_id, member) in members {
        let subscribed = subscribed_topics(member, partitions_per_topic);
        let valid = member
            .owned
            .iter()
            .filter(|(t, p)| subscribed.contains(t) && *p < partitions_per_topic[t]);
        for partition in valid {
            match owner_of.get(partition) {
                None if !multiply_claimed.contains(partition) => {
                    owner_of.insert(partition.clone(), member_id);
                }
                None => {}
                Some(&other) if generation(member_id) > generation(other) => {
                    owner_of.insert(partition.clone(), member_id);
                }
                Some(&other) if generation(member_id) == generation(other) => {
                    owner_of.remove(partition);
                    multiply_claimed.insert(partition.clone());
                }
                Some(_) => {}
            }
        }
    }
    let by_member = members
        .iter()
        .map(|(&member_id, member)| {
            let valid: Vec<TopicPartition> = member
                .owned
                .iter()
                .filter(|p| owner_of.get(*p) == Some(&member_id))
                .cloned()
                .collect();
            (member_id.to_string(), dedup_keep_order(valid))
        })
        .collect();
    OwnedPartitions {
        by_member,
        multiply_claimed,
    }
}

fn dedup_keep_order(partitions: Vec<TopicPartition>) -> Vec<TopicPartition> {
    let mut seen = BTreeSet::new();
    partitions
        .into_iter()
        .filter(|p| seen.insert(p.clone()))
        .collect()
}

/// Step 2, `ConstrainedAssignmentBuilder`: every member subscribes to `partitions`.
fn constrained(partitions: &[TopicPartition], owned: OwnedPartitions) -> StickyAssignment {
    let members = owned.by_member.len();
    let mut assignment: GroupAssignment = BTreeMap::new();
    let mut transferring_ownership = BTreeMap::new();
    if members == 0 {
        return StickyAssignment {
            assignment,
            transferring_ownership,
        };
    }
    let min_quota = partitions.len() / members;
    let max_quota = partitions.len().div_ceil(members);
    let expected_at_max = partitions.len() % members;
    let mut current_at_max = 0;
    let mut under_min: Vec<String> = Vec::new();
    let mut exactly_min: VecDeque<String> = VecDeque::new();
    let mut revoked: BTreeSet<TopicPartition> = BTreeSet::new();

    // Keep owned partitions up to the quota (members in member-id order; Kafka iterates
    // a hash map here, which may hand the maxQuota slots to different members).
    for (member, owned_partitions) in owned.by_member {
        let keep = if owned_partitions.len() < min_quota {
            under_min.push(member.clone());
            owned_partitions.len()
        } else if owned_partitions.len() >= max_quota && current_at_max < expected_at_max {
            current_at_max += 1;
            if current_at_max == expected_at_max {
                exactly_min.clear();
            }
            max_quota
        } else {
            if current_at_max < expected_at_max {
                exactly_min.push_back(member.clone());
            }
            min_quota
        };
        revoked.extend(owned_partitions[keep..].iter().cloned());
        assignment.insert(member, owned_partitions[..keep].to_vec());
    }

    let assigned: BTreeSet<&TopicPartition> = assignment.values().flatten().collect();
    let unassigned: Vec<TopicPartition> = partitions
        .iter()
        .filter(|p| !assigned.contains(p))
        .cloned()
        .collect();
    under_min.sort();
    exactly_min.make_contiguous().sort();

    // Deal the rest round-robin: first to members under minQuota, then up to maxQuota.
    let mut cursor = 0;
    for partition in unassigned {
        let member = if cursor < under_min.len() {
            cursor += 1;
            under_min[cursor - 1].clone()
        } else if !under_min.is_empty() {
            cursor = 1;
            under_min[0].clone()
        } else if let Some(member) = exactly_min.pop_front() {
            member
        } else {
            // Unreachable with exact quotas (Kafka throws IllegalStateException); keep
            // every partition assigned by giving it to the least-loaded member.
            least_loaded(&assignment)
        };
        let partitions = assignment.entry(member.clone()).or_default();
        partitions.push(partition.clone());
        let count = partitions.len();
        if revoked.contains(&partition) || owned.multiply_claimed.contains(&partition) {
            transferring_ownership.insert(partition, member.clone());
        }
        if count == min_quota && cursor > 0 && under_min.get(cursor - 1) == Some(&member) {
            cursor -= 1;
            under_min.remove(cursor);
            if current_at_max < expected_at_max {
                exactly_min.push_back(member);
            }
        } else if count == max_quota {
            current_at_max += 1;
        }
    }
    StickyAssignment {
        assignment,
        transferring_ownership,
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

/// Step 3, for unequal subscriptions. Simplification of Kafka's
/// `GeneralAssignmentBuilder` (which searches reassignments scored by balance and
/// stickiness): keep valid owned partitions; give each free partition, those with the
/// fewest possible consumers first, to the least-loaded subscriber; then, while a
/// partition's owner has at least two more partitions than another subscriber of its
/// topic, move it there.
fn general(
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
    let previous_owner: BTreeMap<TopicPartition, String> = owned
        .by_member
        .iter()
        .flat_map(|(m, ps)| ps.iter().map(move |p| (p.clone(), m.clone())))
        .collect();
    let mut assignment = owned.by_member;

    let mut free: Vec<TopicPartition> = subscribers
        .iter()
        .filter(|(_, ids)| !ids.is_empty())
        .flat_map(|(&t, _)| (0..partitions_per_topic[t]).map(move |p| (t.clone(), p)))
        .filter(|p| !previous_owner.contains_key(p))
        .collect();
    free.sort_by_key(|(t, p)| (subscribers[t].len(), t.clone(), *p));
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

    // Each move lowers the sum of squared counts, so this loop ends.
    while let Some((from, to, partition)) = find_balancing_move(&assignment, &subscribers) {
        if let Some(partitions) = assignment.get_mut(&from) {
            partitions.retain(|p| p != &partition);
        }
        assignment.entry(to).or_default().push(partition);
    }

    let transferring_ownership = assignment
        .iter()
        .flat_map(|(m, ps)| ps.iter().map(move |p| (p.clone(), m.clone())))
        .filter(|(p, m)| {
            previous_owner.get(p).is_some_and(|prev| prev != m)
                || owned.multiply_claimed.contains(p)
        })
        .collect();
    StickyAssignment {
        assignment,
        transferring_ownership,
    }
}

/// The most-loaded member's last partition that another subscriber of its topic with at
/// least two fewer partitions can take, with that least-loaded subscriber.
fn find_balancing_move(
    assignment: &GroupAssignment,
    subscribers: &BTreeMap<&String, Vec<String>>,
) -> Option<(String, String, TopicPartition)> {
    let load = |m: &String| assignment.get(m).map_or(0, Vec::len);
    let mut by_load: Vec<(&String, &Vec<TopicPartition>)> = assignment.iter().collect();
    by_load.sort_by_key(|(m, ps)| (std::cmp::Reverse(ps.len()), (*m).clone()));
    for (from, partitions) in by_load {
        for partition in partitions.iter().rev() {
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

#[cfg(test)]
mod tests {
    use super::super::{assign, Assignor, MemberSubscription, TopicPartition};
    use std::collections::BTreeMap;

    fn tps(topic: &str, list: &[u32]) -> Vec<TopicPartition> {
        list.iter().map(|&p| (topic.to_string(), p)).collect()
    }

    fn member(id: &str, owned: &[u32], generation: Option<i32>) -> MemberSubscription {
        MemberSubscription {
            member_id: id.to_string(),
            group_instance_id: None,
            topics: vec!["t".to_string()],
            owned: tps("t", owned),
            generation,
        }
    }

    fn six() -> BTreeMap<String, u32> {
        BTreeMap::from([("t".to_string(), 6)])
    }

    /// S28 with eager sticky: C1 keeps {p0,p1}, C2 keeps {p3,p4}; C3 gets p2 and p5 at once.
    #[test]
    fn s28_sticky_moves_partitions_in_one_rebalance() {
        let members = [
            member("C1", &[0, 1, 2], Some(1)),
            member("C2", &[3, 4, 5], Some(1)),
            member("C3", &[], None),
        ];
        let result = assign(Assignor::Sticky, &six(), &members);
        assert_eq!(result["C1"], tps("t", &[0, 1]));
        assert_eq!(result["C2"], tps("t", &[3, 4]));
        assert_eq!(result["C3"], tps("t", &[2, 5]));
    }

    /// S28: cooperative-sticky leaves p2 and p5 out of gen 2; gen 3 gives them to C3.
    #[test]
    fn s28_cooperative_two_phases() {
        let gen2 = assign(
            Assignor::CooperativeSticky,
            &six(),
            &[
                member("C1", &[0, 1, 2], Some(1)),
                member("C2", &[3, 4, 5], Some(1)),
                member("C3", &[], None),
            ],
        );
        assert_eq!(gen2["C1"], tps("t", &[0, 1]));
        assert_eq!(gen2["C2"], tps("t", &[3, 4]));
        assert_eq!(gen2["C3"], tps("t", &[]));
        let gen3 = assign(
            Assignor::CooperativeSticky,
            &six(),
            &[
                member("C1", &[0, 1], Some(2)),
                member("C2", &[3, 4], Some(2)),
                member("C3", &[], Some(2)),
            ],
        );
        assert_eq!(gen3["C1"], tps("t", &[0, 1]));
        assert_eq!(gen3["C2"], tps("t", &[3, 4]));
        assert_eq!(gen3["C3"], tps("t", &[2, 5]));
    }

    /// A member keeps the *first* partitions of its owned list, in the order it reports.
    #[test]
    fn keeps_prefix_of_owned_list() {
        let members = [
            member("A", &[5, 4, 3, 2, 1, 0], Some(1)),
            member("B", &[], None),
        ];
        let result = assign(Assignor::Sticky, &six(), &members);
        assert_eq!(result["A"], tps("t", &[3, 4, 5]));
        assert_eq!(result["B"], tps("t", &[0, 1, 2]));
    }

    /// Two claims on p0: the higher generation keeps it, the stale claim is dropped.
    #[test]
    fn higher_generation_wins_a_doubly_claimed_partition() {
        let layout = BTreeMap::from([("t".to_string(), 2)]);
        let members = [member("A", &[0], Some(1)), member("B", &[0], Some(2))];
        let result = assign(Assignor::CooperativeSticky, &layout, &members);
        assert_eq!(result["B"], tps("t", &[0]));
        assert_eq!(result["A"], tps("t", &[1]));
        // Same generation: neither keeps p0, and cooperative holds it back this round.
        let tied = [member("A", &[0], Some(2)), member("B", &[0, 1], Some(2))];
        let result = assign(Assignor::CooperativeSticky, &layout, &tied);
        assert!(result
            .values()
            .all(|ps| !ps.contains(&("t".to_string(), 0))));
        assert_eq!(result["B"], tps("t", &[1]));
    }

    /// Unequal subscriptions: each partition goes to a subscriber, owned ones stay put.
    #[test]
    fn general_case_keeps_owned_and_respects_subscriptions() {
        let layout = BTreeMap::from([("a".to_string(), 2), ("b".to_string(), 2)]);
        let x = MemberSubscription {
            member_id: "X".to_string(),
            group_instance_id: None,
            topics: vec!["a".to_string(), "b".to_string()],
            owned: vec![("b".to_string(), 0)],
            generation: Some(1),
        };
        let y = MemberSubscription {
            member_id: "Y".to_string(),
            group_instance_id: None,
            topics: vec!["a".to_string()],
            owned: Vec::new(),
            generation: None,
        };
        let result = assign(Assignor::Sticky, &layout, &[x, y]);
        assert_eq!(result["X"].len(), 2);
        assert_eq!(result["Y"].len(), 2);
        assert!(result["X"].contains(&("b".to_string(), 0)));
        assert!(result["Y"].iter().all(|(t, _)| t == "a"));
    }
}
