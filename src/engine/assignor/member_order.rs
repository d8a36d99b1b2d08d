//! The order in which assignors consider members (`AbstractPartitionAssignor.MemberInfo`):
//! static members (with `group.instance.id`) first, ordered by that id, then dynamic
//! members ordered by `member.id` (R-ASSIGN-1). Strings compare like Java's
//! `String.compareTo`, by UTF-16 code units.

use std::cmp::Ordering;

use super::MemberSubscription;
use crate::engine::sort;

/// Java's `String.compareTo`: lexicographic over UTF-16 code units.
pub fn java_string_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `MemberInfo.compareTo`.
pub fn member_cmp(a: &MemberSubscription, b: &MemberSubscription) -> Ordering {
    match (&a.group_instance_id, &b.group_instance_id) {
        (Some(x), Some(y)) => java_string_cmp(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => java_string_cmp(&a.member_id, &b.member_id),
    }
}

/// The members in `MemberInfo` order; a repeated `member_id` keeps its last entry.
pub fn sorted_members(members: &[MemberSubscription]) -> Vec<&MemberSubscription> {
    let mut sorted: Vec<&MemberSubscription> = Vec::new();
    for member in members {
        sorted.retain(|m| m.member_id != member.member_id);
        sorted.push(member);
    }
    sort::sort_by(&mut sorted, |a, b| member_cmp(a, b));
    sorted
}

/// Topic names in Java `String` order (Kafka sorts topics in a `TreeSet<String>`).
pub fn sorted_topics<'a>(topics: impl IntoIterator<Item = &'a String>) -> Vec<&'a String> {
    let mut sorted: Vec<&String> = topics.into_iter().collect();
    sort::sort_by(&mut sorted, |a, b| java_string_cmp(a, b));
    sorted.dedup();
    sorted
}
