//! Consumer configs (`ConsumerConfig`), Kafka 3.9 defaults (R-GROUP-1, R-READ-4).

use super::def::{ConfigDef, ConfigMap, ConfigType, INT_MAX};

const fn int(name: &'static str, min: i64, default: &'static str, doc: &'static str) -> ConfigDef {
    ConfigDef {
        name,
        kind: ConfigType::Int { min, max: INT_MAX },
        default,
        doc,
    }
}

pub const ASSIGNORS: &[&str] = &["range", "roundrobin", "sticky", "cooperative-sticky"];

/// Every consumer config the playground models.
pub const CONSUMER_CONFIGS: &[ConfigDef] = &[
    ConfigDef {
        name: "enable.auto.commit",
        kind: ConfigType::Bool,
        default: "true",
        doc: "Commit positions inside poll() every auto.commit.interval.ms (R-COMMIT-1)",
    },
    int(
        "auto.commit.interval.ms",
        0,
        "5000",
        "Auto-commit period (R-COMMIT-1)",
    ),
    ConfigDef {
        name: "auto.offset.reset",
        kind: ConfigType::Choice(&["latest", "earliest", "none"]),
        default: "latest",
        doc: "Where to start without a committed offset or when out of range (R-READ-4)",
    },
    int(
        "session.timeout.ms",
        1,
        "45000",
        "The coordinator removes a member silent for longer (R-GROUP-4)",
    ),
    int(
        "heartbeat.interval.ms",
        1,
        "3000",
        "Heartbeat period to the group coordinator (R-GROUP-1)",
    ),
    int(
        "max.poll.interval.ms",
        1,
        "300000",
        "Leave the group when poll() is not called for longer (R-GROUP-5)",
    ),
    int(
        "max.poll.records",
        1,
        "500",
        "Most records one poll() returns (R-READ-1)",
    ),
    ConfigDef {
        name: "partition.assignment.strategy",
        kind: ConfigType::List(ASSIGNORS),
        default: "range,cooperative-sticky",
        doc: "Assignors in order of preference (R-ASSIGN-*)",
    },
    ConfigDef {
        name: "isolation.level",
        kind: ConfigType::Choice(&["read_uncommitted", "read_committed"]),
        default: "read_uncommitted",
        doc: "Read up to the high watermark, or the last stable offset (R-READ-1)",
    },
    int(
        "fetch.min.bytes",
        0,
        "1",
        "A fetch waits until this many bytes are available",
    ),
    int(
        "fetch.max.wait.ms",
        0,
        "500",
        "Longest wait for fetch.min.bytes",
    ),
    int(
        "max.partition.fetch.bytes",
        0,
        "1048576",
        "Bytes fetched per partition per request",
    ),
    int(
        "default.api.timeout.ms",
        0,
        "60000",
        "commitSync() retries until this runs out (R-COMMIT-2)",
    ),
    int(
        "request.timeout.ms",
        0,
        "30000",
        "Give up on a response after this long",
    ),
    int(
        "retry.backoff.ms",
        0,
        "100",
        "Wait before retrying a failed request",
    ),
];

/// Where a consumer starts without a usable committed offset (R-READ-4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetReset {
    Latest,
    Earliest,
    None,
}

/// A consumer's configs, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerConfig {
    pub map: ConfigMap,
    pub enable_auto_commit: bool,
    pub auto_commit_interval_ms: u64,
    pub auto_offset_reset: OffsetReset,
    pub session_timeout_ms: u64,
    pub heartbeat_interval_ms: u64,
    pub max_poll_interval_ms: u64,
    pub max_poll_records: usize,
    pub assignors: Vec<String>,
    pub read_committed: bool,
    pub fetch_max_wait_ms: u64,
    pub max_partition_fetch_bytes: u64,
    pub default_api_timeout_ms: u64,
    pub request_timeout_ms: u64,
    pub retry_backoff_ms: u64,
}

fn unsigned(map: &ConfigMap, name: &str) -> u64 {
    u64::try_from(map.int(name)).unwrap_or(0)
}

impl ConsumerConfig {
    pub fn from_map(map: ConfigMap) -> Self {
        ConsumerConfig {
            enable_auto_commit: map.bool("enable.auto.commit"),
            auto_commit_interval_ms: unsigned(&map, "auto.commit.interval.ms"),
            auto_offset_reset: match map.text("auto.offset.reset").as_str() {
                "earliest" => OffsetReset::Earliest,
                "none" => OffsetReset::None,
                _ => OffsetReset::Latest,
            },
            session_timeout_ms: unsigned(&map, "session.timeout.ms"),
            heartbeat_interval_ms: unsigned(&map, "heartbeat.interval.ms"),
            max_poll_interval_ms: unsigned(&map, "max.poll.interval.ms"),
            max_poll_records: unsigned(&map, "max.poll.records") as usize,
            assignors: map.list("partition.assignment.strategy"),
            read_committed: map.text("isolation.level") == "read_committed",
            fetch_max_wait_ms: unsigned(&map, "fetch.max.wait.ms"),
            max_partition_fetch_bytes: unsigned(&map, "max.partition.fetch.bytes"),
            default_api_timeout_ms: unsigned(&map, "default.api.timeout.ms"),
            request_timeout_ms: unsigned(&map, "request.timeout.ms"),
            retry_backoff_ms: unsigned(&map, "retry.backoff.ms"),
            map,
        }
    }
}

impl Default for ConsumerConfig {
    fn default() -> Self {
        ConsumerConfig::from_map(ConfigMap::new(CONSUMER_CONFIGS))
    }
}
