//! Broker and controller configs (`server.properties`), with Kafka 3.9 defaults.
//! The scenario's `broker_config` applies to every broker and to the KRaft controller.
//! Topic-level defaults (`log.*`) are resolved per topic in [`super::topic`].

use super::def::{ConfigDef, ConfigMap, ConfigType, INT_MAX, LONG_MAX};

const fn int(name: &'static str, min: i64, default: &'static str, doc: &'static str) -> ConfigDef {
    ConfigDef {
        name,
        kind: ConfigType::Int { min, max: INT_MAX },
        default,
        doc,
    }
}

const fn long(name: &'static str, min: i64, default: &'static str, doc: &'static str) -> ConfigDef {
    ConfigDef {
        name,
        kind: ConfigType::Long { min, max: LONG_MAX },
        default,
        doc,
    }
}

const fn flag(name: &'static str, default: &'static str, doc: &'static str) -> ConfigDef {
    ConfigDef {
        name,
        kind: ConfigType::Bool,
        default,
        doc,
    }
}

pub const CLEANUP_POLICIES: &[&str] = &["delete", "compact"];

/// Every broker config the playground models.
pub const BROKER_CONFIGS: &[ConfigDef] = &[
    flag(
        "unclean.leader.election.enable",
        "false",
        "Elect an out-of-sync replica when no in-sync one is left (R-ELECT-2)",
    ),
    long(
        "replica.lag.time.max.ms",
        1,
        "30000",
        "A follower that has not caught up for this long leaves the ISR (R-REPL-2)",
    ),
    int(
        "replica.fetch.wait.max.ms",
        0,
        "500",
        "How long an idle follower fetch waits on the leader (R-REPL-8)",
    ),
    int(
        "replica.fetch.max.bytes",
        1,
        "1048576",
        "Bytes a follower fetches per partition per request (R-REPL-8)",
    ),
    int(
        "replica.fetch.backoff.ms",
        0,
        "1000",
        "Follower back-off after a fetch error",
    ),
    int(
        "replica.socket.timeout.ms",
        1,
        "30000",
        "Follower fetch request timeout",
    ),
    int(
        "broker.heartbeat.interval.ms",
        1,
        "2000",
        "Broker heartbeat period to the KRaft controller (R-KRAFT-1)",
    ),
    int(
        "broker.session.timeout.ms",
        1,
        "9000",
        "The controller fences a broker silent for longer (R-KRAFT-1)",
    ),
    flag(
        "auto.leader.rebalance.enable",
        "true",
        "Move leadership back to preferred leaders periodically (R-ELECT-4)",
    ),
    long(
        "leader.imbalance.check.interval.seconds",
        1,
        "300",
        "Period of the preferred leader election (R-ELECT-4)",
    ),
    long(
        "unclean.leader.election.interval.ms",
        1,
        "300000",
        "Internal: period of the controller's unclean election task (R-KRAFT-4)",
    ),
    int(
        "min.insync.replicas",
        1,
        "1",
        "Default minimum ISR size for acks=all (R-ACK-2)",
    ),
    int(
        "default.replication.factor",
        1,
        "1",
        "Replication factor of topics created without one (R-REPL-9)",
    ),
    int(
        "num.partitions",
        1,
        "1",
        "Partitions of topics created without a count (R-REPL-9)",
    ),
    long(
        "log.retention.ms",
        -1,
        "604800000",
        "Default retention.ms of topics (R-RET-5)",
    ),
    long(
        "log.retention.bytes",
        -1,
        "-1",
        "Default retention.bytes of topics (R-RET-6)",
    ),
    int(
        "log.segment.bytes",
        14,
        "1073741824",
        "Default segment.bytes of topics (R-RET-1)",
    ),
    long(
        "log.roll.ms",
        1,
        "604800000",
        "Default segment.ms of topics (R-RET-1)",
    ),
    long(
        "log.roll.jitter.ms",
        0,
        "0",
        "Default segment.jitter.ms of topics (R-RET-1b)",
    ),
    ConfigDef {
        name: "log.cleanup.policy",
        kind: ConfigType::List(CLEANUP_POLICIES),
        default: "delete",
        doc: "Default cleanup.policy of topics (R-RET-2, R-COMPACT)",
    },
    long(
        "log.retention.check.interval.ms",
        1,
        "300000",
        "Period of the retention task (R-RET-2)",
    ),
    long(
        "log.initial.task.delay.ms",
        0,
        "30000",
        "Internal: delay before the first retention check (R-RET-2)",
    ),
    long(
        "log.segment.delete.delay.ms",
        0,
        "60000",
        "Default file.delete.delay.ms of topics (R-RET-8)",
    ),
    long(
        "log.cleaner.backoff.ms",
        0,
        "15000",
        "Cleaner sleep when no log needs cleaning (R-COMPACT-1)",
    ),
    ConfigDef {
        name: "log.cleaner.min.cleanable.ratio",
        kind: ConfigType::Ratio,
        default: "0.5",
        doc: "Default min.cleanable.dirty.ratio of topics (R-COMPACT-1)",
    },
    long(
        "log.cleaner.delete.retention.ms",
        0,
        "86400000",
        "Default delete.retention.ms of topics (R-COMPACT-4)",
    ),
    long(
        "log.cleaner.min.compaction.lag.ms",
        0,
        "0",
        "Default min.compaction.lag.ms of topics (R-COMPACT-2)",
    ),
    long(
        "log.cleaner.max.compaction.lag.ms",
        1,
        "9223372036854775807",
        "Default max.compaction.lag.ms of topics (R-COMPACT-1)",
    ),
    int(
        "message.max.bytes",
        0,
        "1048588",
        "Default max.message.bytes of topics",
    ),
    int(
        "group.initial.rebalance.delay.ms",
        0,
        "3000",
        "Wait for more members before the first rebalance (R-GROUP-3)",
    ),
    int(
        "group.min.session.timeout.ms",
        0,
        "6000",
        "Smallest session.timeout.ms a consumer may use (R-GROUP-1)",
    ),
    int(
        "group.max.session.timeout.ms",
        0,
        "1800000",
        "Largest session.timeout.ms a consumer may use (R-GROUP-1)",
    ),
    int(
        "offsets.topic.num.partitions",
        1,
        "50",
        "Partitions of __consumer_offsets",
    ),
    int(
        "offsets.topic.replication.factor",
        1,
        "3",
        "Replication factor of __consumer_offsets (capped at the broker count)",
    ),
    int(
        "offsets.retention.minutes",
        1,
        "10080",
        "How long committed offsets of an empty group are kept",
    ),
];

/// Broker configs resolved into typed fields, read on hot paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerConfig {
    pub map: ConfigMap,
    pub unclean_leader_election: bool,
    pub replica_lag_time_max_ms: u64,
    pub replica_fetch_wait_max_ms: u64,
    pub replica_fetch_max_bytes: u64,
    pub replica_fetch_backoff_ms: u64,
    pub replica_socket_timeout_ms: u64,
    pub heartbeat_interval_ms: u64,
    pub session_timeout_ms: u64,
    pub auto_leader_rebalance: bool,
    pub leader_imbalance_check_interval_ms: u64,
    pub unclean_election_interval_ms: u64,
    pub retention_check_interval_ms: u64,
    pub initial_task_delay_ms: u64,
    pub cleaner_backoff_ms: u64,
    pub group_initial_rebalance_delay_ms: u64,
    pub group_min_session_timeout_ms: u64,
    pub group_max_session_timeout_ms: u64,
    pub offsets_topic_partitions: u32,
    pub offsets_topic_replication_factor: u32,
}

fn ms(map: &ConfigMap, name: &str) -> u64 {
    u64::try_from(map.int(name)).unwrap_or(0)
}

impl BrokerConfig {
    pub fn from_map(map: ConfigMap) -> Self {
        BrokerConfig {
            unclean_leader_election: map.bool("unclean.leader.election.enable"),
            replica_lag_time_max_ms: ms(&map, "replica.lag.time.max.ms"),
            replica_fetch_wait_max_ms: ms(&map, "replica.fetch.wait.max.ms"),
            replica_fetch_max_bytes: ms(&map, "replica.fetch.max.bytes"),
            replica_fetch_backoff_ms: ms(&map, "replica.fetch.backoff.ms"),
            replica_socket_timeout_ms: ms(&map, "replica.socket.timeout.ms"),
            heartbeat_interval_ms: ms(&map, "broker.heartbeat.interval.ms"),
            session_timeout_ms: ms(&map, "broker.session.timeout.ms"),
            auto_leader_rebalance: map.bool("auto.leader.rebalance.enable"),
            leader_imbalance_check_interval_ms: ms(&map, "leader.imbalance.check.interval.seconds")
                .saturating_mul(1000),
            unclean_election_interval_ms: ms(&map, "unclean.leader.election.interval.ms"),
            retention_check_interval_ms: ms(&map, "log.retention.check.interval.ms"),
            initial_task_delay_ms: ms(&map, "log.initial.task.delay.ms"),
            cleaner_backoff_ms: ms(&map, "log.cleaner.backoff.ms"),
            group_initial_rebalance_delay_ms: ms(&map, "group.initial.rebalance.delay.ms"),
            group_min_session_timeout_ms: ms(&map, "group.min.session.timeout.ms"),
            group_max_session_timeout_ms: ms(&map, "group.max.session.timeout.ms"),
            offsets_topic_partitions: u32::try_from(map.int("offsets.topic.num.partitions"))
                .unwrap_or(1),
            offsets_topic_replication_factor: u32::try_from(
                map.int("offsets.topic.replication.factor"),
            )
            .unwrap_or(1),
            map,
        }
    }
}

impl Default for BrokerConfig {
    fn default() -> Self {
        BrokerConfig::from_map(ConfigMap::new(BROKER_CONFIGS))
    }
}
