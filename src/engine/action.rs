//! Actions: everything a person or a script can do to the cluster. The scenario
//! script ops (`crate::scenario`) and every UI control map onto this one vocabulary,
//! so that `seed + spec + timed actions` replays any session exactly.

use super::config::ConfigValue;
use super::spec::TopicSpec;

/// A network endpoint named in network operations.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeName {
    Broker(u32),
    Controller,
    /// A producer or consumer, by its id.
    Client(String),
}

/// The value of a produced record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordValue {
    /// The default: the record's own id (`pa#3`).
    RecordId,
    Text(String),
    /// `null`: a tombstone (R-COMPACT-4).
    Tombstone,
}

/// What `alter_config` changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigTarget {
    Topic(String),
    Broker(u32),
}

/// `kafka-leader-election --election-type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElectionType {
    Preferred,
    Unclean,
}

impl ElectionType {
    pub fn name(self) -> &'static str {
        match self {
            ElectionType::Preferred => "preferred",
            ElectionType::Unclean => "unclean",
        }
    }
}

/// One action, applied at the cluster's current time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The producer's application sends `count` records, one every `every_ms`.
    Produce {
        producer: String,
        topic: String,
        partition: Option<u32>,
        key: Option<String>,
        value: RecordValue,
        count: u32,
        every_ms: u64,
    },
    /// The broker process dies at once; in-flight messages to and from it are lost.
    CrashBroker {
        broker: u32,
    },
    /// A crashed or shut-down broker starts again with its log as it was on disk.
    RestartBroker {
        broker: u32,
    },
    /// Controlled shutdown (R-KRAFT-3).
    ShutdownBroker {
        broker: u32,
    },
    /// Cut every link between nodes on different sides.
    PartitionNetwork {
        sides: Vec<Vec<NodeName>>,
    },
    /// Cut every link of one node.
    Isolate {
        node: NodeName,
    },
    /// Restore every cut link.
    HealNetwork,
    /// Delay every message to or from the broker by that much more (0 restores).
    SlowBroker {
        broker: u32,
        extra_latency_ms: u64,
    },
    StartConsumer {
        consumer: String,
    },
    StopConsumer {
        consumer: String,
        commit_sync: bool,
    },
    KillConsumer {
        consumer: String,
    },
    Commit {
        consumer: String,
    },
    Seek {
        consumer: String,
        topic: String,
        partition: u32,
        offset: u64,
    },
    /// `kafka-configs --alter`; the values are already validated.
    AlterConfig {
        target: ConfigTarget,
        config: Vec<(String, ConfigValue)>,
    },
    /// `kafka-topics --create`.
    CreateTopic(TopicSpec),
    /// `kafka-leader-election`.
    ElectLeaders {
        topic: String,
        partition: u32,
        election_type: ElectionType,
    },
}

/// An action at a point of virtual time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimedAction {
    pub at_ms: u64,
    pub action: Action,
}
