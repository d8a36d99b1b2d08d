//! The group coordinator hosted by a broker (`GroupCoordinator` in Kafka's
//! broker): it answers FindCoordinator with the leader of the group's
//! `__consumer_offsets` partition, and serves the groups of the offsets
//! partitions it leads. A broker that is not (or no longer) that leader answers
//! NOT_COORDINATOR and forgets the group, so coordination fails over with the
//! partition's leadership. Committed offsets are appended to the offsets
//! partition (`crate::engine::group::offsets_log`) and loaded from it.

use std::rc::Rc;

use super::{Broker, BrokerOut};
use crate::engine::assignor::offsets_partition;
use crate::engine::config::Acks;
use crate::engine::error::KafkaError;
use crate::engine::event::EventKind;
use crate::engine::group::classic::{ClassicGroup, GroupSettings};
use crate::engine::group::event::GroupEvent;
use crate::engine::group::offsets_log::{self, commit_record};
use crate::engine::group::protocol::{GroupRequest, GroupResponse};
use crate::engine::group::{GroupTimer, OFFSETS_TOPIC};
use crate::engine::ids::{NodeId, Tp};
use crate::engine::log::BatchData;
use crate::engine::message::Payload;

impl Broker {
    fn group_settings(&self) -> GroupSettings {
        GroupSettings {
            initial_delay_ms: self.config.group_initial_rebalance_delay_ms,
            min_session_timeout_ms: self.config.group_min_session_timeout_ms,
            max_session_timeout_ms: self.config.group_max_session_timeout_ms,
        }
    }

    /// The `__consumer_offsets` partition of `group`, per this broker's metadata.
    fn offsets_tp(&self, group: &str) -> Option<Tp> {
        let topic = self.metadata.image.topic_by_name(OFFSETS_TOPIC)?;
        Some(Tp::new(
            topic.id,
            offsets_partition(group, topic.partitions.max(1)),
        ))
    }

    /// Whether this broker leads the group's offsets partition.
    fn coordinates(&self, group: &str) -> Option<Tp> {
        let tp = self.offsets_tp(group)?;
        self.replicas.get(&tp)?.leader_state()?;
        Some(tp)
    }

    pub fn handle_group_request(
        &mut self,
        from: NodeId,
        request_id: u64,
        group: Rc<str>,
        request: GroupRequest,
        out: &mut BrokerOut,
    ) {
        let to = (from, request_id);
        if request == GroupRequest::FindCoordinator {
            let coordinator = self
                .offsets_tp(&group)
                .and_then(|tp| self.metadata.image.partitions.get(&tp)?.leader)
                .ok_or(KafkaError::CoordinatorNotAvailable);
            send(out, to, GroupResponse::FindCoordinator(coordinator));
            return;
        }
        let Some(offsets_tp) = self.coordinates(&group) else {
            self.groups.groups.remove(&group);
            send(out, to, not_coordinator(&request));
            return;
        };
        self.load_group(&group, offsets_tp, out);
        let settings = self.group_settings();
        let Some(g) = self.groups.groups.get_mut(&group) else {
            return;
        };
        match request {
            GroupRequest::FindCoordinator => {}
            GroupRequest::JoinGroup(join) => g.join(to, join, settings, out),
            GroupRequest::SyncGroup {
                member_id,
                generation,
                assignments,
            } => g.sync(to, member_id, generation, assignments, out),
            GroupRequest::Heartbeat {
                member_id,
                generation,
            } => g.heartbeat(to, member_id, generation, out),
            GroupRequest::LeaveGroup { member_id } => g.leave(to, member_id, settings, out),
            GroupRequest::OffsetCommit {
                member_id,
                generation,
                consumer,
                offsets,
            } => {
                let result = g.validate_commit(&member_id, generation);
                let response = match result {
                    Ok(()) => self.store_commit(&group, offsets_tp, consumer, offsets, out),
                    Err(e) => Err(e),
                };
                send(out, to, GroupResponse::OffsetCommit(response));
            }
            GroupRequest::OffsetFetch { partitions } => {
                let committed = partitions
                    .into_iter()
                    .map(|tp| (tp, g.committed.get(&tp).copied()))
                    .collect();
                send(out, to, GroupResponse::OffsetFetch(Ok(committed)));
            }
        }
    }

    /// Loads a group this broker has not served yet from its offsets partition.
    fn load_group(&mut self, group: &Rc<str>, offsets_tp: Tp, out: &mut BrokerOut) {
        if self.groups.groups.contains_key(group) {
            return;
        }
        let committed = self
            .replicas
            .get(&offsets_tp)
            .map(|r| offsets_log::load(&r.log, group))
            .unwrap_or_default();
        self.groups
            .groups
            .insert(group.clone(), ClassicGroup::new(group.clone(), committed));
        let (broker, partition, groups) = (self.id, offsets_tp.partition, vec![group.clone()]);
        out.event(|| {
            EventKind::Group(GroupEvent::GroupCoordinatorLoaded {
                broker,
                partition,
                groups,
            })
        });
    }

    /// Appends the commit to the offsets partition, then applies it.
    fn store_commit(
        &mut self,
        group: &Rc<str>,
        offsets_tp: Tp,
        consumer: u32,
        offsets: Vec<(Tp, u64)>,
        out: &mut BrokerOut,
    ) -> Result<Vec<(Tp, u64)>, KafkaError> {
        let leo = self
            .replicas
            .get(&offsets_tp)
            .map_or(0, |r| r.log.log_end_offset());
        let records: Vec<_> = offsets
            .iter()
            .enumerate()
            .map(|(i, (tp, offset))| {
                let seq = u32::try_from(leo + i as u64).unwrap_or(u32::MAX);
                commit_record(group, *tp, *offset, seq, out.now_ms)
            })
            .collect();
        if !records.is_empty() {
            let data = Rc::new(BatchData::new(0, None, records));
            if let super::produce::Appended::Rejected(e) =
                self.append_for_client(offsets_tp, &data, Acks::Leader, out)
            {
                return Err(e);
            }
        }
        if let Some(g) = self.groups.groups.get_mut(group) {
            for (tp, offset) in &offsets {
                g.committed.insert(*tp, *offset);
                let (group, tp, offset) = (group.clone(), *tp, *offset);
                out.event(|| {
                    EventKind::Group(GroupEvent::OffsetCommitted {
                        group,
                        consumer,
                        tp,
                        offset,
                    })
                });
            }
        }
        Ok(offsets)
    }

    pub fn on_group_timer(&mut self, timer: GroupTimer, out: &mut BrokerOut) {
        let group = match &timer {
            GroupTimer::JoinCheck { group } | GroupTimer::MemberExpiry { group, .. } => {
                group.clone()
            }
        };
        if self.coordinates(&group).is_none() {
            self.groups.groups.remove(&group);
            return;
        }
        let settings = self.group_settings();
        let Some(g) = self.groups.groups.get_mut(&group) else {
            return;
        };
        match timer {
            GroupTimer::JoinCheck { .. } => g.on_join_check(settings, out),
            GroupTimer::MemberExpiry { member, .. } => g.on_member_expiry(&member, settings, out),
        }
    }
}

fn send(out: &mut BrokerOut, to: (NodeId, u64), response: GroupResponse) {
    out.send(
        to.0,
        Payload::GroupResponse {
            request_id: to.1,
            response,
        },
    );
}

/// NOT_COORDINATOR in the response shape of `request`.
fn not_coordinator(request: &GroupRequest) -> GroupResponse {
    let e = KafkaError::NotCoordinator;
    match request {
        GroupRequest::FindCoordinator => GroupResponse::FindCoordinator(Err(e)),
        GroupRequest::JoinGroup(_) => GroupResponse::JoinGroup(Err(e)),
        GroupRequest::SyncGroup { .. } => GroupResponse::SyncGroup(Err(e)),
        GroupRequest::Heartbeat { .. } => GroupResponse::Heartbeat(Some(e)),
        GroupRequest::LeaveGroup { .. } => GroupResponse::LeaveGroup(Some(e)),
        GroupRequest::OffsetCommit { .. } => GroupResponse::OffsetCommit(Err(e)),
        GroupRequest::OffsetFetch { .. } => GroupResponse::OffsetFetch(Err(e)),
    }
}
