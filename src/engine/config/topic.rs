//! Topic configs (`kafka-topics --config`, `kafka-configs --entity-type topics`).
//! A topic config that is not set falls back to the broker's `log.*` default, as in
//! Kafka's `LogConfig` (each broker resolves it with its own config).

use super::broker::CLEANUP_POLICIES;
use super::def::{ConfigDef, ConfigMap, ConfigType, INT_MAX, LONG_MAX};

const fn long(name: &'static str, min: i64, default: &'static str, doc: &'static str) -> ConfigDef {
    ConfigDef {
        name,
        kind: ConfigType::Long { min, max: LONG_MAX },
        default,
        doc,
    }
}

/// Every topic config the playground models.
pub const TOPIC_CONFIGS: &[ConfigDef] = &[
    ConfigDef {
        name: "min.insync.replicas",
        kind: ConfigType::Int {
            min: 1,
            max: INT_MAX,
        },
        default: "1",
        doc: "acks=all needs at least this many in-sync replicas (R-ACK-2, R-REPL-7)",
    },
    ConfigDef {
        name: "unclean.leader.election.enable",
        kind: ConfigType::Bool,
        default: "false",
        doc: "Elect an out-of-sync replica when no in-sync one is left (R-ELECT-2)",
    },
    ConfigDef {
        name: "cleanup.policy",
        kind: ConfigType::List(CLEANUP_POLICIES),
        default: "delete",
        doc: "delete: retention removes old segments; compact: keep the latest value per key",
    },
    long(
        "retention.ms",
        -1,
        "604800000",
        "Delete segments whose newest record is older (R-RET-5); -1: forever",
    ),
    long(
        "retention.bytes",
        -1,
        "-1",
        "Delete oldest segments while the log is larger (R-RET-6); -1: no limit",
    ),
    ConfigDef {
        name: "segment.bytes",
        kind: ConfigType::Int {
            min: 14,
            max: INT_MAX,
        },
        default: "1073741824",
        doc: "Roll a new segment when the active one would exceed this size (R-RET-1)",
    },
    long(
        "segment.ms",
        1,
        "604800000",
        "Roll when the active segment's records span longer (R-RET-1)",
    ),
    long(
        "segment.jitter.ms",
        0,
        "0",
        "Reduce segment.ms by a per-segment draw below this (R-RET-1b; 0: none)",
    ),
    ConfigDef {
        name: "segment.index.bytes",
        kind: ConfigType::Int {
            min: 4,
            max: INT_MAX,
        },
        default: "10485760",
        doc: "Index size; a full offset index rolls the segment (R-RET-1c)",
    },
    ConfigDef {
        name: "min.cleanable.dirty.ratio",
        kind: ConfigType::Ratio,
        default: "0.5",
        doc: "Compact only when dirty bytes / all bytes is greater (R-COMPACT-1)",
    },
    long(
        "delete.retention.ms",
        0,
        "86400000",
        "How long a tombstone survives after its first cleaning (R-COMPACT-4)",
    ),
    long(
        "min.compaction.lag.ms",
        0,
        "0",
        "Records younger than this are not compacted (R-COMPACT-2)",
    ),
    long(
        "max.compaction.lag.ms",
        1,
        "9223372036854775807",
        "Records older than this make the log due for cleaning (R-COMPACT-1)",
    ),
    ConfigDef {
        name: "max.message.bytes",
        kind: ConfigType::Int {
            min: 0,
            max: INT_MAX,
        },
        default: "1048588",
        doc: "Largest record batch the topic accepts (RECORD_TOO_LARGE)",
    },
    long(
        "file.delete.delay.ms",
        0,
        "60000",
        "Deleted segment files are removed from disk this much later (R-RET-8)",
    ),
];

/// The broker config each topic config falls back to.
const BROKER_FALLBACK: &[(&str, &str)] = &[
    ("min.insync.replicas", "min.insync.replicas"),
    (
        "unclean.leader.election.enable",
        "unclean.leader.election.enable",
    ),
    ("cleanup.policy", "log.cleanup.policy"),
    ("retention.ms", "log.retention.ms"),
    ("retention.bytes", "log.retention.bytes"),
    ("segment.bytes", "log.segment.bytes"),
    ("segment.ms", "log.roll.ms"),
    ("segment.jitter.ms", "log.roll.jitter.ms"),
    (
        "min.cleanable.dirty.ratio",
        "log.cleaner.min.cleanable.ratio",
    ),
    ("delete.retention.ms", "log.cleaner.delete.retention.ms"),
    ("min.compaction.lag.ms", "log.cleaner.min.compaction.lag.ms"),
    ("max.compaction.lag.ms", "log.cleaner.max.compaction.lag.ms"),
    ("max.message.bytes", "message.max.bytes"),
    ("file.delete.delay.ms", "log.segment.delete.delay.ms"),
];

/// A topic's effective log config: its own settings over the broker's defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogConfig {
    pub min_insync_replicas: u32,
    pub unclean_leader_election: bool,
    pub cleanup_delete: bool,
    pub cleanup_compact: bool,
    /// `-1` means unlimited.
    pub retention_ms: i64,
    /// `-1` means unlimited.
    pub retention_bytes: i64,
    pub segment_bytes: u64,
    pub segment_ms: u64,
    pub segment_jitter_ms: u64,
    pub segment_index_bytes: u64,
    pub min_cleanable_dirty_ratio_ppm: u64,
    pub delete_retention_ms: u64,
    pub min_compaction_lag_ms: u64,
    pub max_compaction_lag_ms: u64,
    pub max_message_bytes: u64,
    pub file_delete_delay_ms: u64,
}

impl LogConfig {
    /// Resolves each key from the topic's own configs, else the broker's default.
    pub fn resolve(topic: &ConfigMap, broker: &ConfigMap) -> Self {
        let int = |name: &str| -> i64 {
            if topic.is_set(name) {
                return topic.int(name);
            }
            match BROKER_FALLBACK.iter().find(|(t, _)| *t == name) {
                Some((_, b)) => broker.int(b),
                None => topic.int(name),
            }
        };
        let unsigned = |name: &str| u64::try_from(int(name)).unwrap_or(0);
        let policy = if topic.is_set("cleanup.policy") {
            topic.list("cleanup.policy")
        } else {
            broker.list("log.cleanup.policy")
        };
        let unclean = if topic.is_set("unclean.leader.election.enable") {
            topic.bool("unclean.leader.election.enable")
        } else {
            broker.bool("unclean.leader.election.enable")
        };
        LogConfig {
            min_insync_replicas: u32::try_from(int("min.insync.replicas")).unwrap_or(1),
            unclean_leader_election: unclean,
            cleanup_delete: policy.iter().any(|p| p == "delete"),
            cleanup_compact: policy.iter().any(|p| p == "compact"),
            retention_ms: int("retention.ms"),
            retention_bytes: int("retention.bytes"),
            segment_bytes: unsigned("segment.bytes"),
            segment_ms: unsigned("segment.ms"),
            segment_jitter_ms: unsigned("segment.jitter.ms"),
            segment_index_bytes: unsigned("segment.index.bytes"),
            min_cleanable_dirty_ratio_ppm: unsigned("min.cleanable.dirty.ratio"),
            delete_retention_ms: unsigned("delete.retention.ms"),
            min_compaction_lag_ms: unsigned("min.compaction.lag.ms"),
            max_compaction_lag_ms: unsigned("max.compaction.lag.ms"),
            max_message_bytes: unsigned("max.message.bytes"),
            file_delete_delay_ms: unsigned("file.delete.delay.ms"),
        }
    }

    /// `min(min.insync.replicas, replication factor)` (R-REPL-7).
    pub fn effective_min_isr(&self, replication_factor: usize) -> usize {
        (self.min_insync_replicas as usize).min(replication_factor)
    }
}

#[cfg(test)]
mod tests {
    use super::super::broker::BROKER_CONFIGS;
    use super::*;
    use serde_json::json;

    #[test]
    fn topic_settings_override_broker_defaults() {
        let mut broker = ConfigMap::new(BROKER_CONFIGS);
        broker.set("log.retention.ms", &json!(1000)).unwrap();
        broker.set("min.insync.replicas", &json!(2)).unwrap();
        let mut topic = ConfigMap::new(TOPIC_CONFIGS);
        let resolved = LogConfig::resolve(&topic, &broker);
        assert_eq!(resolved.retention_ms, 1000);
        assert_eq!(resolved.min_insync_replicas, 2);
        topic.set("retention.ms", &json!(-1)).unwrap();
        topic
            .set("cleanup.policy", &json!("compact,delete"))
            .unwrap();
        let resolved = LogConfig::resolve(&topic, &broker);
        assert_eq!(resolved.retention_ms, -1);
        assert!(resolved.cleanup_compact && resolved.cleanup_delete);
        assert_eq!(resolved.effective_min_isr(1), 1);
    }
}
