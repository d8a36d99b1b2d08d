//! The trace's event kinds and the fields each carries (besides `at_ms` and
//! `kind`), as [`Event::to_json`](crate::engine::event::Event::to_json) writes
//! them: what a trigger may name. `tests/lessons.rs` checks this list against every
//! event that the scenario, lesson and challenge files produce.

/// Every kind, with its fields.
pub const EVENT_KINDS: &[(&str, &[&str])] = &[
    (
        "message_sent",
        &["id", "from", "to", "api", "deliver_at_ms", "records"],
    ),
    ("message_delivered", &["id", "from", "to", "api"]),
    ("message_dropped", &["id", "from", "to", "api", "reason"]),
    ("broker_crashed", &["broker"]),
    ("broker_started", &["broker"]),
    ("controlled_shutdown_requested", &["broker"]),
    ("broker_shut_down", &["broker"]),
    ("broker_registered", &["broker", "broker_epoch"]),
    ("broker_registration_refused", &["broker", "error"]),
    ("broker_fenced", &["broker", "reason"]),
    ("broker_unfenced", &["broker"]),
    (
        "leader_elected",
        &[
            "topic",
            "partition",
            "leader",
            "previous_leader",
            "leader_epoch",
            "isr",
            "election",
        ],
    ),
    (
        "isr_changed",
        &[
            "topic",
            "partition",
            "from",
            "to",
            "partition_epoch",
            "cause",
        ],
    ),
    (
        "isr_change_proposed",
        &["topic", "partition", "leader", "from", "to"],
    ),
    (
        "isr_change_rejected",
        &["topic", "partition", "leader", "error"],
    ),
    (
        "became_leader",
        &["broker", "topic", "partition", "leader_epoch"],
    ),
    (
        "became_follower",
        &["broker", "topic", "partition", "leader", "leader_epoch"],
    ),
    (
        "records_appended",
        &[
            "broker",
            "topic",
            "partition",
            "base_offset",
            "leader_epoch",
            "ids",
            "as_leader",
        ],
    ),
    (
        "high_watermark_advanced",
        &["broker", "topic", "partition", "from", "to"],
    ),
    (
        "log_start_offset_advanced",
        &["broker", "topic", "partition", "from", "to"],
    ),
    (
        "truncated",
        &[
            "broker",
            "topic",
            "partition",
            "from_offset",
            "to_offset",
            "removed",
            "reason",
        ],
    ),
    (
        "segment_rolled",
        &["broker", "topic", "partition", "base_offset", "reason"],
    ),
    (
        "segment_deleted",
        &[
            "broker",
            "topic",
            "partition",
            "base_offset",
            "end_offset",
            "records",
            "bytes",
            "largest_timestamp_ms",
            "reason",
            "file_deleted_at_ms",
        ],
    ),
    (
        "log_cleaned",
        &[
            "broker",
            "topic",
            "partition",
            "first_dirty_offset",
            "end_offset",
            "dirty_ratio",
            "removed",
            "removed_offsets",
            "tombstones_removed",
            "tombstones_stamped",
            "delete_horizon_ms",
            "segments_before",
            "segments_after",
            "bytes_before",
            "bytes_after",
        ],
    ),
    ("record_sent", &["producer", "id", "topic", "partition"]),
    ("record_acked", &["id", "topic", "partition", "offset"]),
    ("record_failed", &["id", "topic", "partition", "error"]),
    ("request_failed", &["producer", "ids", "error", "retry"]),
    (
        "record_lost",
        &["id", "topic", "partition", "offset", "cause"],
    ),
    ("network_partitioned", &["sides"]),
    ("node_isolated", &["node"]),
    ("network_healed", &[]),
    ("broker_slowed", &["broker", "extra_latency_ms"]),
    ("config_altered", &["target", "config"]),
    ("topic_created", &["topic"]),
    (
        "election_requested",
        &["topic", "partition", "election_type", "error"],
    ),
    ("action_rejected", &["message"]),
    ("invariant_violated", &["message"]),
    (
        "group_state_changed",
        &["group", "from", "to", "generation"],
    ),
    ("group_join_delayed", &["group", "check_at_ms", "extended"]),
    ("member_joined", &["group", "member", "consumer"]),
    ("member_removed", &["group", "member", "consumer", "reason"]),
    (
        "group_rebalanced",
        &["group", "generation", "protocol", "leader", "members"],
    ),
    (
        "offset_committed",
        &["group", "consumer", "topic", "partition", "offset"],
    ),
    (
        "group_coordinator_loaded",
        &["broker", "partition", "groups"],
    ),
    ("consumer_started", &["consumer"]),
    ("consumer_stopped", &["consumer"]),
    ("consumer_killed", &["consumer"]),
    (
        "partitions_assigned",
        &["consumer", "generation", "partitions", "assignment"],
    ),
    ("partitions_revoked", &["consumer", "partitions"]),
    ("partitions_lost", &["consumer", "partitions"]),
    (
        "records_consumed",
        &["consumer", "topic", "partition", "offsets", "ids"],
    ),
    (
        "consumer_error",
        &["consumer", "error", "topic", "partition"],
    ),
    (
        "offset_reset",
        &["consumer", "topic", "partition", "offset", "reason"],
    ),
    ("left_group", &["consumer", "member", "reason"]),
];

/// The fields of events of `kind`, or `None` for a kind the trace never has.
pub fn fields_of(kind: &str) -> Option<&'static [&'static str]> {
    EVENT_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, fields)| *fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_listed_once() {
        for (i, (kind, _)) in EVENT_KINDS.iter().enumerate() {
            assert!(
                EVENT_KINDS[..i].iter().all(|(k, _)| k != kind),
                "{kind} twice"
            );
        }
        assert_eq!(fields_of("network_healed"), Some(&[][..]));
        assert_eq!(fields_of("nope"), None);
    }
}
