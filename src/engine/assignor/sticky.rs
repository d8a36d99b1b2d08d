//! The sticky assignment shared by `StickyAssignor` and `CooperativeStickyAssignor`
//! (`AbstractStickyAssignor`, R-ASSIGN-3): balanced (partition counts differ by at most
//! one when every member has the same subscription) while keeping as many previously
//! owned partitions as possible.
//!
//! 1. Previously owned partitions are resolved ([`sticky_owned`](super::sticky_owned)):
//!    a partition claimed by two members stays with the higher generation.
//! 2. With identical subscriptions, `ConstrainedAssignmentBuilder`
//!    ([`sticky_constrained`](super::sticky_constrained)).
//! 3. Otherwise a general builder ([`sticky_general`](super::sticky_general)).
//!
//! The result also names the partitions changing owner, for `adjustAssignment`.

use crate::engine::vec_map::{VecMap, VecSet};

use super::sticky_owned::resolve_owned;
use super::{sticky_constrained, sticky_general};
use super::{GroupAssignment, MemberSubscription, TopicPartition};

/// A sticky assignment and the partitions in it that move from a previous owner,
/// partition → new owner (`partitionsTransferringOwnership`).
pub struct StickyAssignment {
    pub assignment: GroupAssignment,
    pub transferring_ownership: VecMap<TopicPartition, String>,
}

/// Computes the sticky assignment. Members are keyed by `member_id` and, where Kafka
/// iterates a hash map of members, taken in `member_id` order (a deterministic
/// simplification); a repeated `member_id` keeps its last entry.
pub fn assign(
    partitions_per_topic: &VecMap<String, u32>,
    members: &[MemberSubscription],
) -> StickyAssignment {
    // Built with `extend` (one insert at a time), not `collect()`: a collected
    // VecMap or VecSet brings its own copy of the standard sort (wasm size).
    let mut by_id: VecMap<&str, &MemberSubscription> = VecMap::new();
    by_id.extend(members.iter().map(|m| (m.member_id.as_str(), m)));
    let members = by_id;
    let owned = resolve_owned(partitions_per_topic, &members);
    // `allSubscriptionsEqual` compares the subscribed topic sets as sent.
    let mut subscriptions = members.values().map(|m| {
        let mut topics = VecSet::new();
        topics.extend(m.topics.iter());
        topics
    });
    let first = subscriptions.next().unwrap_or_default();
    if subscriptions.all(|topics| topics == first) {
        sticky_constrained::assign(partitions_per_topic, &first, owned)
    } else {
        sticky_general::assign(partitions_per_topic, &members, owned)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{assign, Assignor, MemberSubscription, TopicPartition};
    use crate::engine::vec_map::VecMap;

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

    fn six() -> VecMap<String, u32> {
        VecMap::from([("t".to_string(), 6)])
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

    fn subscriber(id: &str, topics: &[&str], owned: &[(&str, u32)]) -> MemberSubscription {
        MemberSubscription {
            member_id: id.to_string(),
            group_instance_id: None,
            topics: topics.iter().map(|t| t.to_string()).collect(),
            owned: owned.iter().map(|&(t, p)| (t.to_string(), p)).collect(),
            generation: Some(1),
        }
    }

    fn named(list: &[(&str, u32)]) -> Vec<TopicPartition> {
        let mut partitions: Vec<TopicPartition> =
            list.iter().map(|&(t, p)| (t.to_string(), p)).collect();
        partitions.sort();
        partitions
    }

    /// StickyAssignor javadoc, example 1: C0..C2 on t0..t3 with 2 partitions each get
    /// the same assignment as roundrobin. When C1 leaves, C0 and C2 keep everything they
    /// had and share C1's partitions (roundrobin would reshuffle). The javadoc predates
    /// the constrained builder and lists C0 getting t2p0; today's round-robin fill over
    /// [C0, C2] gives C0 t0p1 and C2 t2p0, t3p1.
    #[test]
    fn javadoc_example_one_member_leaves() {
        let layout: VecMap<String, u32> = ["t0", "t1", "t2", "t3"]
            .iter()
            .map(|t| (t.to_string(), 2))
            .collect();
        let all = ["t0", "t1", "t2", "t3"];
        let fresh = [
            subscriber("C0", &all, &[]),
            subscriber("C1", &all, &[]),
            subscriber("C2", &all, &[]),
        ];
        let result = assign(Assignor::Sticky, &layout, &fresh);
        assert_eq!(result["C0"], named(&[("t0", 0), ("t1", 1), ("t3", 0)]));
        assert_eq!(result["C1"], named(&[("t0", 1), ("t2", 0), ("t3", 1)]));
        assert_eq!(result["C2"], named(&[("t1", 0), ("t2", 1)]));
        assert_eq!(result, assign(Assignor::RoundRobin, &layout, &fresh));

        let after = [
            subscriber("C0", &all, &[("t0", 0), ("t1", 1), ("t3", 0)]),
            subscriber("C2", &all, &[("t1", 0), ("t2", 1)]),
        ];
        let result = assign(Assignor::Sticky, &layout, &after);
        assert_eq!(
            result["C0"],
            named(&[("t0", 0), ("t0", 1), ("t1", 1), ("t3", 0)])
        );
        assert_eq!(
            result["C2"],
            named(&[("t1", 0), ("t2", 0), ("t2", 1), ("t3", 1)])
        );
    }

    /// StickyAssignor javadoc, example 2 (different subscriptions): t0, t1, t2 with 1, 2,
    /// 3 partitions; C0 on t0, C1 on t0+t1, C2 on all. Then C0 leaves and only t0p0 moves.
    #[test]
    fn javadoc_example_two_unequal_subscriptions() {
        let layout: VecMap<String, u32> = [("t0", 1), ("t1", 2), ("t2", 3)]
            .iter()
            .map(|&(t, n)| (t.to_string(), n))
            .collect();
        let fresh = [
            subscriber("C0", &["t0"], &[]),
            subscriber("C1", &["t0", "t1"], &[]),
            subscriber("C2", &["t0", "t1", "t2"], &[]),
        ];
        let result = assign(Assignor::Sticky, &layout, &fresh);
        assert_eq!(result["C0"], named(&[("t0", 0)]));
        assert_eq!(result["C1"], named(&[("t1", 0), ("t1", 1)]));
        assert_eq!(result["C2"], named(&[("t2", 0), ("t2", 1), ("t2", 2)]));

        let after = [
            subscriber("C1", &["t0", "t1"], &[("t1", 0), ("t1", 1)]),
            subscriber(
                "C2",
                &["t0", "t1", "t2"],
                &[("t2", 0), ("t2", 1), ("t2", 2)],
            ),
        ];
        let result = assign(Assignor::Sticky, &layout, &after);
        assert_eq!(result["C1"], named(&[("t0", 0), ("t1", 0), ("t1", 1)]));
        assert_eq!(result["C2"], named(&[("t2", 0), ("t2", 1), ("t2", 2)]));
    }

    /// A member keeps the first partitions of its owned list sorted by partition number
    /// then topic, whatever order it reported them in.
    #[test]
    fn keeps_lowest_owned_partitions_first() {
        let members = [
            member("A", &[5, 4, 3, 2, 1, 0], Some(1)),
            member("B", &[], None),
        ];
        let result = assign(Assignor::Sticky, &six(), &members);
        assert_eq!(result["A"], tps("t", &[0, 1, 2]));
        assert_eq!(result["B"], tps("t", &[3, 4, 5]));

        let layout = VecMap::from([("a".to_string(), 2), ("b".to_string(), 2)]);
        let both = |id: &str, owned: Vec<TopicPartition>| MemberSubscription {
            member_id: id.to_string(),
            group_instance_id: None,
            topics: vec!["a".to_string(), "b".to_string()],
            owned,
            generation: Some(1),
        };
        let all = [("b", 1), ("a", 1), ("b", 0), ("a", 0)];
        let owned: Vec<TopicPartition> = all.iter().map(|&(t, p)| (t.to_string(), p)).collect();
        let result = assign(
            Assignor::Sticky,
            &layout,
            &[both("X", owned), both("Y", Vec::new())],
        );
        // Sorted by partition then topic: a-0, b-0, a-1, b-1; X keeps the first two.
        assert_eq!(
            result["X"],
            vec![("a".to_string(), 0), ("b".to_string(), 0)]
        );
        assert_eq!(
            result["Y"],
            vec![("a".to_string(), 1), ("b".to_string(), 1)]
        );
    }

    /// Two claims on p0: the higher generation keeps it, the stale claim is dropped.
    #[test]
    fn higher_generation_wins_a_doubly_claimed_partition() {
        let layout = VecMap::from([("t".to_string(), 2)]);
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
        let layout = VecMap::from([("a".to_string(), 2), ("b".to_string(), 2)]);
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
