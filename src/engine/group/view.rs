//! What `kafka-consumer-groups --describe` shows of a group, read from its
//! current coordinator: state, generation, protocol, members with their
//! assignments, committed offsets, and lag = HW − committed offset (R-READ-6).

use std::rc::Rc;

use super::classic::{ClassicGroup, GroupState};
use crate::engine::ids::Tp;
use crate::engine::vec_map::VecMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberView {
    pub member_id: Rc<str>,
    /// The consumer (scenario index).
    pub consumer: u32,
    pub assignment: Vec<Tp>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupView {
    pub group: Rc<str>,
    /// The broker coordinating the group, if its offsets partition has a leader.
    pub coordinator: Option<u32>,
    pub state: GroupState,
    pub generation: i32,
    pub protocol: Option<Rc<str>>,
    pub members: Vec<MemberView>,
    pub committed: VecMap<Tp, u64>,
    /// High watermark minus committed offset, for partitions with a commit.
    pub lag: VecMap<Tp, u64>,
}

impl GroupView {
    /// The view of `group` as loaded on `coordinator` (`None`: not loaded there,
    /// so Empty with the offsets found in the log), with `high_watermark` of
    /// each partition per its leader.
    pub fn new(
        group: Rc<str>,
        coordinator: Option<u32>,
        loaded: Option<&ClassicGroup>,
        committed_in_log: VecMap<Tp, u64>,
        high_watermark: impl Fn(Tp) -> Option<u64>,
    ) -> Self {
        let committed = loaded.map_or(committed_in_log, |g| g.committed.clone());
        let lag = committed
            .iter()
            .filter_map(|(tp, c)| Some((*tp, high_watermark(*tp)?.saturating_sub(*c))))
            .collect();
        GroupView {
            group,
            coordinator,
            state: loaded.map_or(GroupState::Empty, |g| g.state),
            generation: loaded.map_or(0, |g| g.generation),
            protocol: loaded.and_then(|g| g.protocol.clone()),
            members: loaded
                .map(|g| {
                    g.members
                        .values()
                        .map(|m| MemberView {
                            member_id: m.id.clone(),
                            consumer: m.consumer,
                            assignment: m.assignment.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            committed,
            lag,
        }
    }
}
