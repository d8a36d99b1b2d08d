//! `RoundRobinAssignor` (R-ASSIGN-2): all subscribed partitions, sorted by topic then
//! partition, are dealt one at a time over the members in `MemberInfo` order, in a
//! circle that skips members not subscribed to the partition's topic.

use crate::engine::vec_map::VecMap;

use super::member_order::{sorted_members, sorted_topics};
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
    let subscribed = members.iter().flat_map(|m| m.topics.iter());
    let topics = sorted_topics(subscribed.filter(|t| partitions_per_topic.contains_key(*t)));
    let mut next_member = 0;
    for topic in topics {
        for partition in 0..partitions_per_topic[topic] {
            // The topic has at least one subscriber, so this finds one within a full circle.
            let Some(offset) = (0..members.len()).find(|k| {
                members[(next_member + k) % members.len()]
                    .topics
                    .contains(topic)
            }) else {
                continue;
            };
            let chosen = (next_member + offset) % members.len();
            if let Some(partitions) = assignment.get_mut(&members[chosen].member_id) {
                partitions.push((topic.clone(), partition));
            }
            next_member = chosen + 1;
        }
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{member, topics, tps};
    use super::super::{assign, Assignor};

    /// RoundRobinAssignor javadoc, first example: C0, C1 on t0, t1 with 3 partitions each.
    #[test]
    fn javadoc_identical_subscriptions() {
        let members = [member("C0", &["t0", "t1"]), member("C1", &["t0", "t1"])];
        let result = assign(
            Assignor::RoundRobin,
            &topics(&[("t0", 3), ("t1", 3)]),
            &members,
        );
        assert_eq!(result["C0"], tps(&[("t0", 0), ("t0", 2), ("t1", 1)]));
        assert_eq!(result["C1"], tps(&[("t0", 1), ("t1", 0), ("t1", 2)]));
    }

    /// RoundRobinAssignor javadoc, second example: t0 has 1 partition, t1 2, t2 3;
    /// C0 subscribes t0, C1 t0+t1, C2 t0+t1+t2.
    #[test]
    fn javadoc_different_subscriptions() {
        let members = [
            member("C0", &["t0"]),
            member("C1", &["t0", "t1"]),
            member("C2", &["t0", "t1", "t2"]),
        ];
        let layout = topics(&[("t0", 1), ("t1", 2), ("t2", 3)]);
        let result = assign(Assignor::RoundRobin, &layout, &members);
        assert_eq!(result["C0"], tps(&[("t0", 0)]));
        assert_eq!(result["C1"], tps(&[("t1", 0)]));
        assert_eq!(
            result["C2"],
            tps(&[("t1", 1), ("t2", 0), ("t2", 1), ("t2", 2)])
        );
    }

    /// S27's layout under roundrobin: 6 partitions over 3 members deal p0..p5 in turn.
    #[test]
    fn single_topic_deals_in_turn() {
        let members = [
            member("m-1", &["t"]),
            member("m-2", &["t"]),
            member("m-3", &["t"]),
        ];
        let result = assign(Assignor::RoundRobin, &topics(&[("t", 6)]), &members);
        assert_eq!(result["m-1"], tps(&[("t", 0), ("t", 3)]));
        assert_eq!(result["m-2"], tps(&[("t", 1), ("t", 4)]));
        assert_eq!(result["m-3"], tps(&[("t", 2), ("t", 5)]));
    }
}
