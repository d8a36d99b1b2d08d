//! The requests and responses of the classic consumer group protocol
//! (FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit,
//! OffsetFetch), as a consumer and its group coordinator exchange them.
//!
//! Simplified: a member id is chosen by the client (`client.id-N`, N counting the
//! consumer's fresh joins) instead of `client.id-UUID` handed out by the
//! coordinator (KIP-394's MEMBER_ID_REQUIRED round trip is skipped), so that
//! member ids, and the Range order that depends on them (R-ASSIGN-1), are
//! deterministic.

use std::rc::Rc;

use crate::engine::error::KafkaError;
use crate::engine::ids::Tp;

/// What a member tells the group when it joins: its assignors in order of
/// preference, its subscription and the partitions it owns (cooperative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinRequest {
    pub member_id: Rc<str>,
    /// The consumer (scenario index) behind the member, for events and reports.
    pub consumer: u32,
    pub generation: i32,
    pub assignors: Vec<Rc<str>>,
    pub topics: Vec<Rc<str>>,
    pub owned: Vec<Tp>,
    pub session_timeout_ms: u64,
    /// `max.poll.interval.ms` (R-GROUP-3).
    pub rebalance_timeout_ms: u64,
}

/// A member as the group leader sees it in its JoinGroup response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinedMember {
    pub member_id: Rc<str>,
    pub topics: Vec<Rc<str>>,
    pub owned: Vec<Tp>,
    pub generation: i32,
}

/// A successful JoinGroup response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinResult {
    pub generation: i32,
    /// The assignor the group chose.
    pub protocol: Rc<str>,
    pub leader: Rc<str>,
    /// Every member, for the leader only (it computes the assignment).
    pub members: Vec<JoinedMember>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupRequest {
    FindCoordinator,
    JoinGroup(JoinRequest),
    SyncGroup {
        member_id: Rc<str>,
        generation: i32,
        /// The leader's assignment; empty from other members.
        assignments: Vec<(Rc<str>, Vec<Tp>)>,
    },
    Heartbeat {
        member_id: Rc<str>,
        generation: i32,
    },
    LeaveGroup {
        member_id: Rc<str>,
    },
    OffsetCommit {
        member_id: Rc<str>,
        generation: i32,
        consumer: u32,
        offsets: Vec<(Tp, u64)>,
    },
    OffsetFetch {
        partitions: Vec<Tp>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupResponse {
    FindCoordinator(Result<u32, KafkaError>),
    JoinGroup(Result<JoinResult, KafkaError>),
    SyncGroup(Result<Vec<Tp>, KafkaError>),
    Heartbeat(Option<KafkaError>),
    LeaveGroup(Option<KafkaError>),
    OffsetCommit(Result<Vec<(Tp, u64)>, KafkaError>),
    /// The committed offset of each asked partition, `None` without a commit.
    OffsetFetch(Result<Vec<(Tp, Option<u64>)>, KafkaError>),
}

impl GroupRequest {
    pub fn api(&self) -> &'static str {
        match self {
            GroupRequest::FindCoordinator => "FindCoordinator",
            GroupRequest::JoinGroup(_) => "JoinGroup",
            GroupRequest::SyncGroup { .. } => "SyncGroup",
            GroupRequest::Heartbeat { .. } => "Heartbeat",
            GroupRequest::LeaveGroup { .. } => "LeaveGroup",
            GroupRequest::OffsetCommit { .. } => "OffsetCommit",
            GroupRequest::OffsetFetch { .. } => "OffsetFetch",
        }
    }
}

impl GroupResponse {
    pub fn api(&self) -> &'static str {
        match self {
            GroupResponse::FindCoordinator(_) => "FindCoordinatorResponse",
            GroupResponse::JoinGroup(_) => "JoinGroupResponse",
            GroupResponse::SyncGroup(_) => "SyncGroupResponse",
            GroupResponse::Heartbeat(_) => "HeartbeatResponse",
            GroupResponse::LeaveGroup(_) => "LeaveGroupResponse",
            GroupResponse::OffsetCommit(_) => "OffsetCommitResponse",
            GroupResponse::OffsetFetch(_) => "OffsetFetchResponse",
        }
    }
}
