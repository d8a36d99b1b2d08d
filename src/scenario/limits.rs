//! Bounds on everything a scenario can ask for, so that no scenario asks for
//! unbounded work. They are far above what a lesson needs: the playground draws
//! every broker, partition and record.

/// Brokers in a cluster (ids `1..=BROKERS_MAX`).
pub const BROKERS_MAX: u32 = 32;

/// Topics: those at time 0 and those `create_topic` makes, together.
pub const TOPICS_MAX: usize = 64;

/// Partitions of one topic.
pub const PARTITIONS_MAX: u32 = 256;

/// Producers in a scenario.
pub const PRODUCERS_MAX: usize = 64;

/// Consumers in a scenario.
pub const CONSUMERS_MAX: usize = 64;

/// Entries in `script`.
pub const SCRIPT_ENTRIES_MAX: usize = 10_000;

/// Records produced by the whole script (the sum of every `produce.count`):
/// enough for the one-million-record load benchmark, ten times over.
pub const RECORDS_MAX: u64 = 10_000_000;

/// `network.latency_ms` and `slow_broker.extra_latency_ms`: one virtual minute.
pub const LATENCY_MS_MAX: u64 = 60_000;

/// Every time: `at_ms`, `run_until_ms`, `every_ms`, `poll_every_ms`, `start_at_ms`.
/// Thirty-one virtual days, enough to watch the default seven-day retention act:
/// periodic work (heartbeats, polls, fetches) makes idle time cost events, so run
/// length is bounded like everything else.
pub const TIME_MS_MAX: u64 = 2_678_400_000;

/// What `run_until_ms` adds to the last `at_ms` when it is left out.
pub const RUN_AFTER_LAST_MS: u64 = 120_000;

/// Characters in a producer or consumer id.
pub const CLIENT_ID_LEN_MAX: usize = 64;

/// Characters in a topic name (Kafka's limit) and in a group id.
pub const NAME_LEN_MAX: usize = 249;
