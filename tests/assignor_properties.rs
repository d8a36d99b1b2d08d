//! Properties of the consumer-group partition assignors (R-ASSIGN-1..3) over random
//! topic layouts, subscriptions and previous ownership: every subscribed partition goes
//! to exactly one subscriber; sticky assignments are balanced and keep owned partitions
//! up to the quota; cooperative-sticky never hands a partition to a new owner in the
//! generation it is taken from the old one; the result does not depend on member order.

use std::collections::BTreeSet;

use proptest::prelude::*;

use kafka_playground::engine::assignor::{
    assign, rebalance_protocol, select_assignor, Assignor, MemberSubscription, RebalanceProtocol,
    TopicPartition,
};
use kafka_playground::engine::vec_map::VecMap;

const TOPICS: [&str; 3] = ["orders", "payments", "t"];

/// A random group: partition counts per topic, and for each member the topics it
/// subscribes to (a bit mask over `TOPICS`).
#[derive(Debug, Clone)]
struct Group {
    partitions_per_topic: VecMap<String, u32>,
    members: Vec<MemberSubscription>,
}

fn member(index: usize, topics: Vec<String>) -> MemberSubscription {
    MemberSubscription {
        member_id: format!("m-{index}"),
        group_instance_id: None,
        topics,
        owned: Vec::new(),
        generation: None,
    }
}

fn topics_of(mask: u8) -> Vec<String> {
    (0..TOPICS.len())
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| TOPICS[i].to_string())
        .collect()
}

/// Groups whose members subscribe to arbitrary non-empty topic sets.
fn any_group() -> impl Strategy<Value = Group> {
    (
        prop::collection::vec(0u32..8, TOPICS.len()),
        prop::collection::vec(1u8..8, 1..7),
    )
        .prop_map(|(counts, masks)| Group {
            partitions_per_topic: TOPICS.iter().map(|t| t.to_string()).zip(counts).collect(),
            members: masks
                .into_iter()
                .enumerate()
                .map(|(i, mask)| member(i, topics_of(mask)))
                .collect(),
        })
}

/// Groups whose members all subscribe to the same topics.
fn equal_group() -> impl Strategy<Value = Group> {
    (
        prop::collection::vec(0u32..10, TOPICS.len()),
        1u8..8,
        1usize..7,
    )
        .prop_map(|(counts, mask, size)| Group {
            partitions_per_topic: TOPICS.iter().map(|t| t.to_string()).zip(counts).collect(),
            members: (0..size).map(|i| member(i, topics_of(mask))).collect(),
        })
}

/// Gives each member the partitions `owners` picks for it (`owners[k]` is the owner of
/// the k-th partition, modulo one more than the member count: that value means none),
/// keeping only partitions of topics the member subscribes to, all in `generation`.
fn with_previous_owners(group: &mut Group, owners: &[usize], generation: i32) {
    let partitions = all_partitions(&group.partitions_per_topic);
    let slots = group.members.len() + 1;
    for (partition, &choice) in partitions.iter().zip(owners.iter().cycle()) {
        if let Some(member) = group.members.get_mut(choice % slots) {
            if member.topics.contains(&partition.0) {
                member.owned.push(partition.clone());
            }
        }
    }
    for member in &mut group.members {
        member.generation = Some(generation);
    }
}

fn all_partitions(partitions_per_topic: &VecMap<String, u32>) -> Vec<TopicPartition> {
    partitions_per_topic
        .iter()
        .flat_map(|(t, &n)| (0..n).map(move |p| (t.clone(), p)))
        .collect()
}

/// The partitions some member subscribes to.
fn subscribed_partitions(group: &Group) -> BTreeSet<TopicPartition> {
    all_partitions(&group.partitions_per_topic)
        .into_iter()
        .filter(|(t, _)| group.members.iter().any(|m| m.topics.contains(t)))
        .collect()
}

/// Every partition appears at most once and only with a subscriber of its topic;
/// returns the partitions assigned.
fn assert_valid(
    group: &Group,
    result: &VecMap<String, Vec<TopicPartition>>,
) -> Result<BTreeSet<TopicPartition>, TestCaseError> {
    let mut seen = BTreeSet::new();
    prop_assert_eq!(
        result.len(),
        group.members.len(),
        "every member is in the result"
    );
    for member in &group.members {
        let partitions = &result[&member.member_id];
        let mut sorted = partitions.clone();
        sorted.sort();
        prop_assert_eq!(
            partitions,
            &sorted,
            "partitions of {} are sorted",
            member.member_id
        );
        for partition in partitions {
            prop_assert!(
                member.topics.contains(&partition.0),
                "{partition:?} to a non-subscriber"
            );
            prop_assert!(
                seen.insert(partition.clone()),
                "{partition:?} assigned twice"
            );
        }
    }
    Ok(seen)
}

fn assert_balanced(result: &VecMap<String, Vec<TopicPartition>>) -> Result<(), TestCaseError> {
    let counts: Vec<usize> = result.values().map(Vec::len).collect();
    let (min, max) = (counts.iter().min(), counts.iter().max());
    if let (Some(min), Some(max)) = (min, max) {
        prop_assert!(max - min <= 1, "unbalanced counts {counts:?}");
    }
    Ok(())
}

/// The group one generation later: each member reports what it was assigned.
fn next_generation(
    group: &Group,
    result: &VecMap<String, Vec<TopicPartition>>,
    generation: i32,
) -> Group {
    let mut next = group.clone();
    for member in &mut next.members {
        member.owned = result[&member.member_id].clone();
        member.generation = Some(generation);
    }
    next
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// R-ASSIGN-1..3: each subscribed partition goes to exactly one subscriber (range,
    /// roundrobin, sticky) whatever the subscriptions and previous ownership.
    #[test]
    fn every_subscribed_partition_assigned_exactly_once(
        mut group in any_group(),
        owners in prop::collection::vec(0usize..8, 1..30),
    ) {
        with_previous_owners(&mut group, &owners, 1);
        for assignor in [Assignor::Range, Assignor::RoundRobin, Assignor::Sticky] {
            let result = assign(assignor, &group.partitions_per_topic, &group.members);
            let assigned = assert_valid(&group, &result)?;
            prop_assert_eq!(&assigned, &subscribed_partitions(&group), "{:?}", assignor);
        }
    }

    /// Cooperative-sticky may hold partitions back for a generation; with equal
    /// subscriptions the next generation (members reporting what they got) assigns every
    /// one exactly once.
    #[test]
    fn cooperative_sticky_assigns_everything_after_the_follow_up_rebalance(
        mut group in equal_group(),
        owners in prop::collection::vec(0usize..8, 1..30),
    ) {
        with_previous_owners(&mut group, &owners, 1);
        let first = assign(Assignor::CooperativeSticky, &group.partitions_per_topic, &group.members);
        assert_valid(&group, &first)?;
        let next = next_generation(&group, &first, 2);
        let second = assign(Assignor::CooperativeSticky, &next.partitions_per_topic, &next.members);
        let assigned = assert_valid(&next, &second)?;
        prop_assert_eq!(assigned, subscribed_partitions(&next));
    }

    /// With different subscriptions, balancing may take a few more cooperative rounds,
    /// but the group settles with every partition assigned exactly once.
    #[test]
    fn cooperative_sticky_settles_for_any_subscriptions(
        mut group in any_group(),
        owners in prop::collection::vec(0usize..8, 1..30),
    ) {
        with_previous_owners(&mut group, &owners, 1);
        let mut settled = false;
        for generation in 2..8 {
            let result = assign(Assignor::CooperativeSticky, &group.partitions_per_topic, &group.members);
            let assigned = assert_valid(&group, &result)?;
            if assigned == subscribed_partitions(&group) {
                settled = true;
                break;
            }
            group = next_generation(&group, &result, generation);
        }
        prop_assert!(settled, "still holding partitions back after 6 rebalances");
    }

    /// R-ASSIGN-3: with equal subscriptions the sticky assignment is balanced (counts
    /// differ by at most one), from any previous ownership; cooperative-sticky is once
    /// its follow-up rebalance has run.
    #[test]
    fn sticky_is_balanced_for_equal_subscriptions(
        mut group in equal_group(),
        owners in prop::collection::vec(0usize..8, 1..30),
    ) {
        with_previous_owners(&mut group, &owners, 3);
        let sticky = assign(Assignor::Sticky, &group.partitions_per_topic, &group.members);
        assert_balanced(&sticky)?;
        let first = assign(Assignor::CooperativeSticky, &group.partitions_per_topic, &group.members);
        let next = next_generation(&group, &first, 4);
        let second = assign(Assignor::CooperativeSticky, &next.partitions_per_topic, &next.members);
        assert_balanced(&second)?;
    }

    /// R-ASSIGN-3: when a member joins or leaves a balanced group, every remaining
    /// member keeps its lowest owned partitions (by partition, then topic) up to the
    /// new minQuota.
    #[test]
    fn sticky_keeps_owned_partitions_up_to_quota_on_join_and_leave(
        group in equal_group(),
        joins in any::<bool>(),
        leaving in 0usize..6,
    ) {
        let before = assign(Assignor::Sticky, &group.partitions_per_topic, &group.members);
        let mut next = next_generation(&group, &before, 1);
        if joins {
            let topics = group.members[0].topics.clone();
            next.members.push(member(99, topics));
        } else if next.members.len() > 1 {
            next.members.remove(leaving % next.members.len());
        }
        let total = subscribed_partitions(&next).len();
        let min_quota = total / next.members.len();
        for assignor in [Assignor::Sticky, Assignor::CooperativeSticky] {
            let after = assign(assignor, &next.partitions_per_topic, &next.members);
            for member in &next.members {
                let mut owned = member.owned.clone();
                owned.sort_by(|(ta, pa), (tb, pb)| pa.cmp(pb).then(ta.cmp(tb)));
                let keep = owned.len().min(min_quota);
                for partition in &owned[..keep] {
                    prop_assert!(
                        after[&member.member_id].contains(partition),
                        "{:?}: {} lost {:?}", assignor, member.member_id, partition
                    );
                }
            }
        }
    }

    /// R-ASSIGN-3: cooperative-sticky never gives a partition to a member while another
    /// member (with a valid claim) still owns it: the owner must revoke it first.
    #[test]
    fn cooperative_sticky_never_moves_a_partition_in_one_generation(
        mut group in any_group(),
        owners in prop::collection::vec(0usize..8, 1..30),
    ) {
        with_previous_owners(&mut group, &owners, 5);
        let result = assign(Assignor::CooperativeSticky, &group.partitions_per_topic, &group.members);
        for member in &group.members {
            for partition in &result[&member.member_id] {
                let other_owner = group
                    .members
                    .iter()
                    .find(|m| m.member_id != member.member_id && m.owned.contains(partition));
                prop_assert!(
                    other_owner.is_none(),
                    "{:?} given to {} while {:?} owns it", partition, member.member_id,
                    other_owner.map(|m| &m.member_id)
                );
            }
        }
    }

    /// Deterministic: the members' order in the request does not change the result.
    #[test]
    fn member_order_does_not_matter(
        mut group in any_group(),
        owners in prop::collection::vec(0usize..8, 1..30),
        rotation in 0usize..6,
    ) {
        with_previous_owners(&mut group, &owners, 2);
        let mut rotated = group.members.clone();
        let len = rotated.len();
        rotated.rotate_left(rotation % len);
        for assignor in Assignor::ALL {
            let a = assign(assignor, &group.partitions_per_topic, &group.members);
            let b = assign(assignor, &group.partitions_per_topic, &rotated);
            prop_assert_eq!(a, b, "{:?}", assignor);
        }
    }

    /// R-ASSIGN-3: a consumer runs COOPERATIVE only if every configured assignor
    /// supports it (only cooperative-sticky does); the coordinator picks an assignor
    /// every member lists, the one most members put first.
    #[test]
    fn protocol_and_assignor_choice(
        lists in prop::collection::vec(prop::collection::vec(0usize..4, 1..4), 1..6),
    ) {
        let lists: Vec<Vec<Assignor>> = lists
            .into_iter()
            .map(|l| {
                let mut unique = Vec::new();
                for i in l {
                    if !unique.contains(&Assignor::ALL[i]) {
                        unique.push(Assignor::ALL[i]);
                    }
                }
                unique
            })
            .collect();
        for list in &lists {
            let cooperative = list.iter().all(|a| *a == Assignor::CooperativeSticky);
            let expected = if cooperative { RebalanceProtocol::Cooperative } else { RebalanceProtocol::Eager };
            prop_assert_eq!(rebalance_protocol(list), expected);
        }
        let common: Vec<Assignor> = Assignor::ALL
            .into_iter()
            .filter(|a| lists.iter().all(|l| l.contains(a)))
            .collect();
        match select_assignor(&lists) {
            None => prop_assert!(common.is_empty()),
            Some(chosen) => {
                prop_assert!(common.contains(&chosen));
                let votes = |a: Assignor| lists
                    .iter()
                    .filter(|l| l.iter().find(|x| common.contains(x)) == Some(&a))
                    .count();
                prop_assert!(common.iter().all(|&other| votes(other) <= votes(chosen)));
            }
        }
    }
}
