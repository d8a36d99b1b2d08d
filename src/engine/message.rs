//! The requests and responses that travel through the simulated network, named
//! after Kafka's protocol APIs (Produce, Fetch, Metadata, InitProducerId,
//! BrokerRegistration, BrokerHeartbeat, AlterPartition, ListOffsets, and the
//! consumer group APIs of [`super::group::protocol`]).

use std::rc::Rc;

use super::config::Acks;
use super::error::KafkaError;
use super::group::protocol::{GroupRequest, GroupResponse};
use super::ids::Tp;
use super::log::{Batch, BatchData};
use super::metadata::{MetadataDelta, PartitionRegistration};

/// One partition of a Fetch request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchPartition {
    pub tp: Tp,
    pub fetch_offset: u64,
    /// The epoch of the fetcher's last batch (R-EPOCH-3); followers only.
    pub last_fetched_epoch: Option<u32>,
    pub current_leader_epoch: u32,
}

/// Who is fetching: a follower replica (reads up to the LEO) or a consumer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fetcher {
    Follower {
        broker: u32,
        broker_epoch: u64,
    },
    /// A consumer reads up to the HW, or the LSO with `read_committed` (R-READ-1).
    Consumer {
        read_committed: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchRequest {
    pub request_id: u64,
    pub fetcher: Fetcher,
    pub max_wait_ms: u64,
    pub max_bytes_per_partition: u64,
    pub partitions: Vec<FetchPartition>,
}

/// One partition of a Fetch response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedPartition {
    pub tp: Tp,
    pub error: Option<KafkaError>,
    pub high_watermark: u64,
    pub log_start_offset: u64,
    pub log_end_offset: u64,
    /// Where the fetcher's log diverges from the leader's (R-EPOCH-3).
    pub diverging_epoch: Option<(u32, u64)>,
    pub batches: Vec<Batch>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchResponse {
    pub request_id: u64,
    pub partitions: Vec<FetchedPartition>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProduceRequest {
    pub request_id: u64,
    pub acks: Acks,
    /// The producer's `request.timeout.ms`, used by the broker for acks=all (R-ACK-4).
    pub timeout_ms: u64,
    pub batches: Vec<(Tp, Rc<BatchData>)>,
}

/// One partition's outcome in a Produce response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProduceResult {
    pub tp: Tp,
    pub error: Option<KafkaError>,
    pub base_offset: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProduceResponse {
    pub request_id: u64,
    pub results: Vec<ProduceResult>,
}

/// A partition's leader as a client learns it from a Metadata response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionLeader {
    pub tp: Tp,
    pub leader: Option<u32>,
    pub leader_epoch: u32,
}

/// A Metadata response: topics with their partition counts and leaders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientMetadata {
    pub topics: Vec<(u32, Rc<str>, u32)>,
    pub partitions: Vec<PartitionLeader>,
    pub live_brokers: Vec<u32>,
}

/// Everything a message can carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    BrokerRegistration {
        incarnation: u32,
    },
    BrokerRegistrationResponse {
        result: Result<u64, KafkaError>,
    },
    BrokerHeartbeat {
        broker_epoch: u64,
        metadata_offset: u64,
        want_shutdown: bool,
    },
    BrokerHeartbeatResponse {
        error: Option<KafkaError>,
        fenced: bool,
        should_shutdown: bool,
        metadata: MetadataDelta,
    },
    /// A new metadata record batch, pushed to brokers as it is committed.
    MetadataPush(MetadataDelta),
    AlterPartition {
        tp: Tp,
        leader_epoch: u32,
        partition_epoch: u32,
        new_isr: Vec<u32>,
        broker_epoch: u64,
    },
    AlterPartitionResponse {
        tp: Tp,
        result: Result<PartitionRegistration, KafkaError>,
    },
    Fetch(FetchRequest),
    FetchResponse(FetchResponse),
    MetadataRequest {
        request_id: u64,
    },
    MetadataResponse {
        request_id: u64,
        metadata: Rc<ClientMetadata>,
    },
    InitProducerId {
        request_id: u64,
    },
    InitProducerIdResponse {
        request_id: u64,
        producer_id: u64,
        producer_epoch: u16,
    },
    Produce(ProduceRequest),
    ProduceResponse(ProduceResponse),
    /// A request to a group coordinator (or, FindCoordinator, to any broker).
    Group {
        request_id: u64,
        group: Rc<str>,
        request: GroupRequest,
    },
    GroupResponse {
        request_id: u64,
        response: GroupResponse,
    },
    /// `ListOffsets` on partition leaders (R-READ-2).
    ListOffsets {
        request_id: u64,
        read_committed: bool,
        partitions: Vec<(Tp, OffsetSpec)>,
    },
    ListOffsetsResponse {
        request_id: u64,
        results: Vec<(Tp, Result<u64, KafkaError>)>,
    },
    /// A consumer validates its position after a leader change (R-READ-5):
    /// the epoch of the last record it consumed, per partition.
    OffsetsForLeaderEpoch {
        request_id: u64,
        partitions: Vec<(Tp, u32)>,
    },
    /// The leader's end offset of each asked epoch: `(epoch, end offset)`.
    OffsetsForLeaderEpochResponse {
        request_id: u64,
        results: Vec<(Tp, EpochEndOffset)>,
    },
}

/// A leader's answer for one partition of OffsetsForLeaderEpoch: the epoch
/// and where it ends (R-EPOCH-2), or an error.
pub type EpochEndOffset = Result<(u32, u64), KafkaError>;

/// Which offset ListOffsets asks for (R-READ-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetSpec {
    /// The log start offset.
    Earliest,
    /// The high watermark, or the last stable offset for `read_committed`.
    Latest,
}

impl Payload {
    /// The protocol API name, as the UI and the trace show it.
    pub fn kind(&self) -> &'static str {
        match self {
            Payload::BrokerRegistration { .. } => "BrokerRegistration",
            Payload::BrokerRegistrationResponse { .. } => "BrokerRegistrationResponse",
            Payload::BrokerHeartbeat { .. } => "BrokerHeartbeat",
            Payload::BrokerHeartbeatResponse { .. } => "BrokerHeartbeatResponse",
            Payload::MetadataPush(_) => "MetadataUpdate",
            Payload::AlterPartition { .. } => "AlterPartition",
            Payload::AlterPartitionResponse { .. } => "AlterPartitionResponse",
            Payload::Fetch(_) => "Fetch",
            Payload::FetchResponse(_) => "FetchResponse",
            Payload::MetadataRequest { .. } => "Metadata",
            Payload::MetadataResponse { .. } => "MetadataResponse",
            Payload::InitProducerId { .. } => "InitProducerId",
            Payload::InitProducerIdResponse { .. } => "InitProducerIdResponse",
            Payload::Produce(_) => "Produce",
            Payload::ProduceResponse(_) => "ProduceResponse",
            Payload::Group { request, .. } => request.api(),
            Payload::GroupResponse { response, .. } => response.api(),
            Payload::ListOffsets { .. } => "ListOffsets",
            Payload::ListOffsetsResponse { .. } => "ListOffsetsResponse",
            Payload::OffsetsForLeaderEpoch { .. } => "OffsetsForLeaderEpoch",
            Payload::OffsetsForLeaderEpochResponse { .. } => "OffsetsForLeaderEpochResponse",
        }
    }

    /// The records a message carries (produce requests and fetch responses).
    pub fn record_count(&self) -> usize {
        match self {
            Payload::Produce(p) => p.batches.iter().map(|(_, b)| b.records.len()).sum(),
            Payload::FetchResponse(f) => f
                .partitions
                .iter()
                .flat_map(|p| &p.batches)
                .map(|b| b.data.records.len())
                .sum(),
            _ => 0,
        }
    }
}

/// A message in flight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: u64,
    pub from: super::ids::NodeId,
    pub to: super::ids::NodeId,
    pub sent_at_ms: u64,
    pub deliver_at_ms: u64,
    /// The link's cut generation when sent: a cut while in flight drops it.
    pub link_generation: u32,
    /// How many times the sender had crashed when it sent this: a crash of the
    /// sender loses it (a graceful shutdown does not).
    pub sender_crashes: u32,
    /// The receiver's incarnation when sent: a receiver that restarted since
    /// never gets it.
    pub receiver_incarnation: u32,
    pub payload: Payload,
}
