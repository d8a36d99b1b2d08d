//! One replica of a partition on a broker: its log and producer state (on disk,
//! surviving a crash) and its current role (in memory).

use super::leader::LeaderState;
use super::producer_state::ProducerStateTable;
use crate::engine::config::LogConfig;
use crate::engine::log::Log;

/// What this replica is doing now, as this broker's metadata says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Not leading or following: the broker has just started, or the replica is
    /// not in the latest metadata.
    Offline,
    Leader(Box<LeaderState>),
    Follower {
        leader: Option<u32>,
        leader_epoch: u32,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replica {
    pub log: Log,
    pub producers: ProducerStateTable,
    /// The topic's effective log config on this broker.
    pub config: LogConfig,
    pub role: Role,
}

impl Replica {
    pub fn new(config: LogConfig, now_ms: u64) -> Self {
        Replica {
            log: Log::new(now_ms),
            producers: ProducerStateTable::default(),
            config,
            role: Role::Offline,
        }
    }

    pub fn leader_state(&self) -> Option<&LeaderState> {
        match &self.role {
            Role::Leader(state) => Some(state),
            _ => None,
        }
    }

    pub fn leader_state_mut(&mut self) -> Option<&mut LeaderState> {
        match &mut self.role {
            Role::Leader(state) => Some(state),
            _ => None,
        }
    }

    pub fn leader_epoch(&self) -> Option<u32> {
        match &self.role {
            Role::Leader(state) => Some(state.leader_epoch),
            Role::Follower { leader_epoch, .. } => Some(*leader_epoch),
            Role::Offline => None,
        }
    }
}
