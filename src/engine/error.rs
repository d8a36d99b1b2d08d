//! Kafka's error codes, by their Kafka names. These are responses inside the
//! simulation (what a client or broker sees), never failures of the engine.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum KafkaError {
    NotLeaderOrFollower,
    NotEnoughReplicas,
    NotEnoughReplicasAfterAppend,
    RequestTimedOut,
    NetworkException,
    OutOfOrderSequenceNumber,
    InvalidProducerEpoch,
    UnknownProducerId,
    RecordTooLarge,
    InvalidRecord,
    FencedLeaderEpoch,
    UnknownLeaderEpoch,
    OffsetOutOfRange,
    OffsetNotAvailable,
    UnknownTopicOrPartition,
    LeaderNotAvailable,
    /// The client's `TimeoutException` when `delivery.timeout.ms` expires.
    DeliveryTimeout,
    DuplicateBrokerRegistration,
    StaleBrokerEpoch,
    InvalidUpdateVersion,
    IneligibleReplica,
    ElectionNotNeeded,
    PreferredLeaderNotAvailable,
    EligibleLeadersNotAvailable,
    CoordinatorNotAvailable,
    NotCoordinator,
    CoordinatorLoadInProgress,
    RebalanceInProgress,
    IllegalGeneration,
    UnknownMemberId,
    CommitFailed,
    InvalidSessionTimeout,
    NoOffsetForPartition,
    LogTruncation,
    InconsistentGroupProtocol,
}

impl KafkaError {
    /// The name Kafka uses (`NOT_ENOUGH_REPLICAS`).
    pub fn name(self) -> &'static str {
        match self {
            KafkaError::NotLeaderOrFollower => "NOT_LEADER_OR_FOLLOWER",
            KafkaError::NotEnoughReplicas => "NOT_ENOUGH_REPLICAS",
            KafkaError::NotEnoughReplicasAfterAppend => "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
            KafkaError::RequestTimedOut => "REQUEST_TIMED_OUT",
            KafkaError::NetworkException => "NETWORK_EXCEPTION",
            KafkaError::OutOfOrderSequenceNumber => "OUT_OF_ORDER_SEQUENCE_NUMBER",
            KafkaError::InvalidProducerEpoch => "INVALID_PRODUCER_EPOCH",
            KafkaError::UnknownProducerId => "UNKNOWN_PRODUCER_ID",
            KafkaError::RecordTooLarge => "RECORD_TOO_LARGE",
            KafkaError::InvalidRecord => "INVALID_RECORD",
            KafkaError::FencedLeaderEpoch => "FENCED_LEADER_EPOCH",
            KafkaError::UnknownLeaderEpoch => "UNKNOWN_LEADER_EPOCH",
            KafkaError::OffsetOutOfRange => "OFFSET_OUT_OF_RANGE",
            KafkaError::OffsetNotAvailable => "OFFSET_NOT_AVAILABLE",
            KafkaError::UnknownTopicOrPartition => "UNKNOWN_TOPIC_OR_PARTITION",
            KafkaError::LeaderNotAvailable => "LEADER_NOT_AVAILABLE",
            KafkaError::DeliveryTimeout => "DELIVERY_TIMEOUT",
            KafkaError::DuplicateBrokerRegistration => "DUPLICATE_BROKER_REGISTRATION",
            KafkaError::StaleBrokerEpoch => "STALE_BROKER_EPOCH",
            KafkaError::InvalidUpdateVersion => "INVALID_UPDATE_VERSION",
            KafkaError::IneligibleReplica => "INELIGIBLE_REPLICA",
            KafkaError::ElectionNotNeeded => "ELECTION_NOT_NEEDED",
            KafkaError::PreferredLeaderNotAvailable => "PREFERRED_LEADER_NOT_AVAILABLE",
            KafkaError::EligibleLeadersNotAvailable => "ELIGIBLE_LEADERS_NOT_AVAILABLE",
            KafkaError::CoordinatorNotAvailable => "COORDINATOR_NOT_AVAILABLE",
            KafkaError::NotCoordinator => "NOT_COORDINATOR",
            KafkaError::CoordinatorLoadInProgress => "COORDINATOR_LOAD_IN_PROGRESS",
            KafkaError::RebalanceInProgress => "REBALANCE_IN_PROGRESS",
            KafkaError::IllegalGeneration => "ILLEGAL_GENERATION",
            KafkaError::UnknownMemberId => "UNKNOWN_MEMBER_ID",
            KafkaError::CommitFailed => "COMMIT_FAILED",
            KafkaError::InvalidSessionTimeout => "INVALID_SESSION_TIMEOUT",
            KafkaError::NoOffsetForPartition => "NO_OFFSET_FOR_PARTITION",
            KafkaError::LogTruncation => "LOG_TRUNCATION",
            KafkaError::InconsistentGroupProtocol => "INCONSISTENT_GROUP_PROTOCOL",
        }
    }

    /// Whether the producer retries it (R-PROD-2).
    pub fn is_retriable(self) -> bool {
        matches!(
            self,
            KafkaError::NotLeaderOrFollower
                | KafkaError::NotEnoughReplicas
                | KafkaError::NotEnoughReplicasAfterAppend
                | KafkaError::RequestTimedOut
                | KafkaError::NetworkException
                | KafkaError::OutOfOrderSequenceNumber
                | KafkaError::UnknownProducerId
                | KafkaError::FencedLeaderEpoch
                | KafkaError::UnknownLeaderEpoch
                | KafkaError::UnknownTopicOrPartition
                | KafkaError::LeaderNotAvailable
                | KafkaError::CoordinatorNotAvailable
                | KafkaError::NotCoordinator
                | KafkaError::CoordinatorLoadInProgress
        )
    }

    /// Whether the client should refresh metadata (R-PROD-3).
    pub fn invalidates_metadata(self) -> bool {
        matches!(
            self,
            KafkaError::NotLeaderOrFollower
                | KafkaError::NetworkException
                | KafkaError::RequestTimedOut
                | KafkaError::FencedLeaderEpoch
                | KafkaError::UnknownLeaderEpoch
                | KafkaError::UnknownTopicOrPartition
                | KafkaError::LeaderNotAvailable
        )
    }
}
