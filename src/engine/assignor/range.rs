//! `RangeAssignor` (R-ASSIGN-1): per topic, the partitions in numeric order are cut into
//! contiguous ranges over the topic's subscribers in `MemberInfo` order; with `P`
//! partitions and `C` subscribers each gets `P / C` and the first `P % C` get one more.
//!
//! Simplification: Kafka 3.5+ can also match replica racks with `client.rack`; the
//! simulator has no racks, which is Kafka's behaviour when no rack is configured.

use crate::engine::vec_map::VecMap;

use super::member_order::sorted_members;
use super::{GroupAssignment, MemberSubscription};

pub fn assign(
    partitions_per_topic: &VecMap<String, u32>,
    members: &[MemberSubscription],
) -> GroupAssignment {
    let members = sorted_members(members);
    let mut assignment: GroupAssignment = members
        .iter()
        .map(|m| (m.member_id.clone(), Vec::new()))
        .collect();
    for (topic, &partition_count) in partitions_per_topic {
        let subscribers: Vec<&str> = members
            .iter()
            .filter(|m| m.topics.contains(topic))
            .map(|m| m.member_id.as_str())
            .collect();
        if subscribers.is_empty() {
            continue;
        }
        let consumers = subscribers.len() as u32;
        let per_consumer = partition_count / consumers;
        let with_extra = partition_count % consumers;
        for (index, member_id) in (0u32..).zip(subscribers) {
            let start = per_consumer * index + index.min(with_extra);
            let length = per_consumer + u32::from(index < with_extra);
            let partitions = assignment.entry(member_id.to_string()).or_default();
            partitions.extend((start..start + length).map(|p| (topic.clone(), p)));
        }
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{member, topics, tps};
    use super::super::{assign, Assignor};

    /// RangeAssignor javadoc: C0, C1 subscribed to t0, t1 with 3 partitions each.
    #[test]
    fn javadoc_example_two_topics_three_partitions() {
        let members = [member("C0", &["t0", "t1"]), member("C1", &["t0", "t1"])];
        let result = assign(Assignor::Range, &topics(&[("t0", 3), ("t1", 3)]), &members);
        assert_eq!(
            result["C0"],
            tps(&[("t0", 0), ("t0", 1), ("t1", 0), ("t1", 1)])
        );
        assert_eq!(result["C1"], tps(&[("t0", 2), ("t1", 2)]));
    }

    /// S27: 6 partitions over m-1 < m-2 < m-3 → two each; 7 → the first gets three.
    #[test]
    fn s27_three_members() {
        let members = [
            member("m-2", &["t"]),
            member("m-1", &["t"]),
            member("m-3", &["t"]),
        ];
        let six = assign(Assignor::Range, &topics(&[("t", 6)]), &members);
        assert_eq!(six["m-1"], tps(&[("t", 0), ("t", 1)]));
        assert_eq!(six["m-2"], tps(&[("t", 2), ("t", 3)]));
        assert_eq!(six["m-3"], tps(&[("t", 4), ("t", 5)]));
        let seven = assign(Assignor::Range, &topics(&[("t", 7)]), &members);
        assert_eq!(seven["m-1"], tps(&[("t", 0), ("t", 1), ("t", 2)]));
        assert_eq!(seven["m-2"], tps(&[("t", 3), ("t", 4)]));
        assert_eq!(seven["m-3"], tps(&[("t", 5), ("t", 6)]));
    }

    /// S27 generation 2: C4 (m-4) joins; 6 / 4 = 1 remainder 2.
    #[test]
    fn s27_fourth_member_joins() {
        let members = [
            member("m-1", &["t"]),
            member("m-2", &["t"]),
            member("m-3", &["t"]),
            member("m-4", &["t"]),
        ];
        let result = assign(Assignor::Range, &topics(&[("t", 6)]), &members);
        assert_eq!(result["m-1"], tps(&[("t", 0), ("t", 1)]));
        assert_eq!(result["m-2"], tps(&[("t", 2), ("t", 3)]));
        assert_eq!(result["m-3"], tps(&[("t", 4)]));
        assert_eq!(result["m-4"], tps(&[("t", 5)]));
    }

    /// Static members sort by group.instance.id, before dynamic members.
    #[test]
    fn static_members_order_by_instance_id_first() {
        let mut a = member("a", &["t"]);
        a.group_instance_id = Some("z".to_string());
        let mut b = member("b", &["t"]);
        b.group_instance_id = Some("y".to_string());
        let c = member("0", &["t"]);
        let result = assign(Assignor::Range, &topics(&[("t", 3)]), &[a, b, c]);
        assert_eq!(result["b"], tps(&[("t", 0)]));
        assert_eq!(result["a"], tps(&[("t", 1)]));
        assert_eq!(result["0"], tps(&[("t", 2)]));
    }

    /// Only a topic's subscribers share it; more members than partitions leaves some empty.
    #[test]
    fn per_topic_subscribers_only() {
        let members = [
            member("A", &["t0"]),
            member("B", &["t0", "t1"]),
            member("C", &["t0"]),
        ];
        let result = assign(Assignor::Range, &topics(&[("t0", 2), ("t1", 2)]), &members);
        assert_eq!(result["A"], tps(&[("t0", 0)]));
        assert_eq!(result["B"], tps(&[("t0", 1), ("t1", 0), ("t1", 1)]));
        assert_eq!(result["C"], tps(&[]));
    }
}
