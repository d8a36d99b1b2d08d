//! The description of a cluster at time 0: brokers, topics and clients with their
//! configs. It is what a scenario's header validates into (`crate::scenario`), and
//! what [`crate::engine::Cluster::new`] builds a cluster from.

use super::config::{ConfigMap, ConsumerConfig, ProducerConfig, BROKER_CONFIGS};

/// Which Kafka release's behaviour to follow (R-VER). Only 3.9 (KRaft, strict
/// min-ISR, unclean election config honoured) is built.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KafkaVersion {
    #[default]
    V3_9,
}

impl KafkaVersion {
    pub const SUPPORTED: &'static [&'static str] = &["3.9"];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "3.9" => Some(KafkaVersion::V3_9),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            KafkaVersion::V3_9 => "3.9",
        }
    }
}

/// A topic to create: at time 0 (`topics[]`) or by `create_topic`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicSpec {
    pub name: String,
    pub partitions: u32,
    pub replication_factor: u32,
    /// One list of broker ids per partition, preferred leader first. `None` means
    /// Kafka's round-robin placement.
    pub replica_assignment: Option<Vec<Vec<u32>>>,
    /// Topic configs (`TOPIC_CONFIGS`) explicitly set.
    pub config: ConfigMap,
}

/// A producer client. Its id names its records (`pa#0`, `pa#1`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerSpec {
    pub id: String,
    pub config: ProducerConfig,
}

/// A consumer application: from `start_at_ms` it calls `poll()` every
/// `poll_every_ms`, processes what it got (for `processing_ms`), and, if `commit_after_poll`,
/// calls `commitSync()` after processing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerSpec {
    pub id: String,
    pub group: String,
    pub subscribe: Vec<String>,
    pub config: ConsumerConfig,
    pub poll_every_ms: u64,
    pub commit_after_poll: bool,
    /// How long the application processes the records of a `poll()` that
    /// returned some, before it commits (`commit_after_poll`) and polls again.
    /// An optional addition to the format (default 0: at once); it is what makes
    /// a slow consumer exceed `max.poll.interval.ms` (R-GROUP-5).
    pub processing_ms: u64,
    /// `None`: starts only on `start_consumer`.
    pub start_at_ms: Option<u64>,
}

/// Everything needed to build a cluster at time 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterSpec {
    pub seed: u64,
    pub kafka_version: KafkaVersion,
    /// Broker ids are `1..=brokers`.
    pub brokers: u32,
    /// Broker configs (`BROKER_CONFIGS`) explicitly set, for every broker and the controller.
    pub broker_config: ConfigMap,
    /// One-way delay of every message.
    pub latency_ms: u64,
    pub topics: Vec<TopicSpec>,
    pub producers: Vec<ProducerSpec>,
    pub consumers: Vec<ConsumerSpec>,
}

impl ClusterSpec {
    /// A cluster of `brokers` brokers with defaults and no topics or clients.
    pub fn new(brokers: u32) -> Self {
        ClusterSpec {
            seed: 1,
            kafka_version: KafkaVersion::V3_9,
            brokers,
            broker_config: ConfigMap::new(BROKER_CONFIGS),
            latency_ms: 1,
            topics: Vec::new(),
            producers: Vec::new(),
            consumers: Vec::new(),
        }
    }
}
