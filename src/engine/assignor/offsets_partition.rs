//! The `__consumer_offsets` partition that holds a group's metadata and offsets, whose
//! leader is the group's coordinator (`GroupMetadataManager.partitionFor`):
//! `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions`.

/// Java's `String.hashCode`: `h = 31 * h + c` over the UTF-16 code units, wrapping.
pub fn java_string_hash(text: &str) -> i32 {
    text.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    })
}

/// Kafka's `Utils.abs`: the absolute value, except `Integer.MIN_VALUE` maps to 0.
fn kafka_abs(n: i32) -> u32 {
    if n == i32::MIN {
        0
    } else {
        n.unsigned_abs()
    }
}

/// The `__consumer_offsets` partition of `group_id` when the topic has
/// `offsets_partitions` partitions (`offsets.topic.num.partitions`, default 50). Kafka
/// requires at least 1; 0 is treated as 1 so this never divides by zero.
pub fn offsets_partition(group_id: &str, offsets_partitions: u32) -> u32 {
    kafka_abs(java_string_hash(group_id)) % offsets_partitions.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Java hash codes computed by hand with `h = 31 * h + c`: "a" = 97, "ab" = 97·31 + 98
    /// = 3105; "group-a" (g=103 r=114 o=111 u=117 p=112 -=45 a=97) = 293427347, and
    /// "group-b" is one more.
    #[test]
    fn matches_java_string_hash_code() {
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("a"), 97);
        assert_eq!(java_string_hash("ab"), 3105);
        assert_eq!(java_string_hash("group-a"), 293_427_347);
        assert_eq!(java_string_hash("group-b"), 293_427_348);
        // Overflow wraps like Java's int: "my-group".hashCode() is negative.
        assert_eq!(java_string_hash("my-group"), -1_906_497_762);
    }

    #[test]
    fn known_partitions() {
        assert_eq!(offsets_partition("group-a", 50), 293_427_347 % 50);
        assert_eq!(offsets_partition("group-a", 50), 47);
        assert_eq!(offsets_partition("group-b", 50), 48);
        assert_eq!(offsets_partition("g", 50), 3);
        assert_eq!(offsets_partition("g", 0), 0);
    }

    /// A negative hash code is made positive with `Math.abs`, not by masking the sign bit:
    /// |−1906497762| % 50 = 12 (masking would give 36). "polygenelubricants".hashCode() is
    /// Integer.MIN_VALUE, which Utils.abs maps to 0.
    #[test]
    fn negative_and_min_value_hash_codes() {
        assert_eq!(offsets_partition("my-group", 50), 12);
        assert_eq!(java_string_hash("polygenelubricants"), i32::MIN);
        assert_eq!(offsets_partition("polygenelubricants", 50), 0);
    }
}
