//! Builders shared by the assignors' unit tests: members, topic partition
//! counts and partition lists written briefly.

use crate::engine::vec_map::VecMap;

use super::MemberSubscription;

/// A member with no owned partitions, subscribed to `topics`.
pub fn member(id: &str, topics: &[&str]) -> MemberSubscription {
    MemberSubscription {
        member_id: id.to_string(),
        group_instance_id: None,
        topics: topics.iter().map(|t| t.to_string()).collect(),
        owned: Vec::new(),
        generation: None,
    }
}

/// Topic partitions from `(topic, partition)` pairs.
pub fn tps(list: &[(&str, u32)]) -> Vec<(String, u32)> {
    list.iter().map(|&(t, p)| (t.to_string(), p)).collect()
}

/// Partition counts from `(topic, partitions)` pairs.
pub fn topics(list: &[(&str, u32)]) -> VecMap<String, u32> {
    list.iter().map(|&(t, n)| (t.to_string(), n)).collect()
}
