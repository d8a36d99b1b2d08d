//! The consumer's side of the group protocol (`AbstractCoordinator`,
//! `ConsumerCoordinator`): finding the coordinator, joining (the leader
//! computes the assignment with the group's assignor), syncing, the heartbeat
//! thread, LeaveGroup on close and on a poll timeout (R-GROUP-3..5), and the
//! eager (revoke everything before joining) or cooperative (revoke only what
//! moves, then rejoin at once) protocol (R-ASSIGN-3). Before a join it commits
//! with auto-commit on (R-COMMIT-1).

use crate::engine::vec_map::VecMap;
use std::rc::Rc;

use super::commit::AfterCommit;
use super::{Consumer, ConsumerOut, ConsumerTimer, Pending};
use crate::engine::assignor::{assign, Assignor, MemberSubscription, RebalanceProtocol};
use crate::engine::error::KafkaError;
use crate::engine::group::event::GroupEvent;
use crate::engine::group::protocol::{GroupRequest, GroupResponse, JoinRequest, JoinResult};
use crate::engine::ids::Tp;
use crate::engine::message::Payload;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberState {
    Unjoined,
    /// Committing before the join (`onJoinPrepare`).
    PreparingJoin,
    Joining,
    Syncing,
    Stable,
}

impl Consumer {
    /// Whether the consumer is a member of a generation (commits are allowed).
    pub fn in_group(&self) -> bool {
        self.member_id.is_some() && self.generation >= 0
    }

    pub(super) fn coordinator_unknown(&mut self) {
        self.coordinator = None;
    }

    fn group_request(
        &mut self,
        broker: u32,
        request: GroupRequest,
        pending: Pending,
        out: &mut ConsumerOut,
    ) {
        let request_id = self.fresh_id();
        let payload = Payload::Group {
            request_id,
            group: self.group.clone(),
            request,
        };
        self.request(broker, payload, pending, out);
    }

    /// `ensureActiveGroup`: find the coordinator, then join if needed.
    pub(super) fn ensure_active_group(&mut self, out: &mut ConsumerOut) {
        if !self.is_running() {
            return;
        }
        let Some(coordinator) = self.coordinator else {
            let finding = self
                .requests
                .values()
                .any(|(_, p)| *p == Pending::FindCoordinator);
            let next = self
                .last_lookup_ms
                .map_or(0, |t| t + self.config.retry_backoff_ms.max(1));
            if !finding && out.now_ms < next {
                self.retry_at(next, out);
                return;
            }
            if !finding {
                self.last_lookup_ms = Some(out.now_ms);
                if let Some(broker) = self.metadata.next_broker() {
                    self.group_request(
                        broker,
                        GroupRequest::FindCoordinator,
                        Pending::FindCoordinator,
                        out,
                    );
                }
            }
            return;
        };
        let _ = coordinator;
        let idle = matches!(
            self.member_state,
            MemberState::Unjoined | MemberState::Stable
        );
        if idle && (self.rejoin_needed || self.member_state == MemberState::Unjoined) {
            self.prepare_join(out);
        }
    }

    /// `onJoinPrepare`: partitions of a lost generation are lost (no commit);
    /// otherwise auto-commit first, then eager revokes everything.
    fn prepare_join(&mut self, out: &mut ConsumerOut) {
        self.rejoin_needed = false;
        if self.generation < 0 && !self.assignment.is_empty() {
            let (consumer, partitions) = (self.index, std::mem::take(&mut self.assignment));
            self.drop_partitions(&partitions);
            self.event(out, || GroupEvent::PartitionsLost {
                consumer,
                partitions,
            });
        }
        if self.config.enable_auto_commit && self.in_group() && !self.positions.is_empty() {
            self.member_state = MemberState::PreparingJoin;
            self.commit_sync(self.positions_to_commit(), AfterCommit::Join, out);
            return;
        }
        self.revoke_and_join(out);
    }

    /// After the pre-join commit: revoke (eager) and send JoinGroup.
    pub(super) fn revoke_and_join(&mut self, out: &mut ConsumerOut) {
        if self.rebalance_protocol == RebalanceProtocol::Eager && !self.assignment.is_empty() {
            let (consumer, partitions) = (self.index, std::mem::take(&mut self.assignment));
            self.drop_partitions(&partitions);
            self.event(out, || GroupEvent::PartitionsRevoked {
                consumer,
                partitions,
            });
        }
        self.send_join(out);
    }

    fn send_join(&mut self, out: &mut ConsumerOut) {
        let Some(coordinator) = self.coordinator else {
            self.member_state = MemberState::Unjoined;
            self.ensure_active_group(out);
            return;
        };
        let member_id = match &self.member_id {
            Some(id) => id.clone(),
            None => {
                self.joins += 1;
                let id: Rc<str> = format!("{}-{}", self.name, self.joins).into();
                self.member_id = Some(id.clone());
                id
            }
        };
        self.member_state = MemberState::Joining;
        let join = JoinRequest {
            member_id,
            consumer: self.index,
            generation: self.generation,
            assignors: self.assignors.iter().map(|a| Rc::from(a.name())).collect(),
            topics: self.subscription.clone(),
            owned: self.assignment.clone(),
            session_timeout_ms: self.config.session_timeout_ms,
            rebalance_timeout_ms: self.config.max_poll_interval_ms,
        };
        self.group_request(
            coordinator,
            GroupRequest::JoinGroup(join),
            Pending::Join,
            out,
        );
    }

    /// Forgets the member id and generation (UNKNOWN_MEMBER_ID, leaving).
    fn reset_member(&mut self) {
        self.member_id = None;
        self.generation = -1;
        self.member_state = MemberState::Unjoined;
        self.group_leader = false;
        self.heartbeat_seq += 1;
    }

    pub(super) fn on_group_response(
        &mut self,
        broker: u32,
        pending: Pending,
        response: GroupResponse,
        out: &mut ConsumerOut,
    ) {
        match response {
            GroupResponse::FindCoordinator(result) => match result {
                Ok(coordinator) => {
                    self.coordinator = Some(coordinator);
                    self.ensure_active_group(out);
                    self.resolve_positions(out);
                }
                Err(_) => {
                    self.metadata.mark_unreachable(broker);
                }
            },
            GroupResponse::JoinGroup(result) => self.on_join_response(result, out),
            GroupResponse::SyncGroup(result) => self.on_sync_response(result, out),
            GroupResponse::Heartbeat(error) => self.on_heartbeat_response(error, out),
            GroupResponse::LeaveGroup(_) => {}
            GroupResponse::OffsetCommit(result) => {
                if let Pending::Commit { offsets, sync } = pending {
                    self.on_commit_response(result, &offsets, sync, out);
                }
            }
            GroupResponse::OffsetFetch(result) => self.on_offset_fetch(result, out),
        }
    }

    fn on_join_response(&mut self, result: Result<JoinResult, KafkaError>, out: &mut ConsumerOut) {
        if self.member_state != MemberState::Joining {
            return;
        }
        match result {
            Ok(joined) => {
                self.generation = joined.generation;
                self.member_state = MemberState::Syncing;
                let me = self.member_id.clone().unwrap_or_else(|| "".into());
                self.group_leader = joined.leader == me;
                let assignments = if self.group_leader {
                    self.compute_assignment(&joined)
                } else {
                    Vec::new()
                };
                if let Some(coordinator) = self.coordinator {
                    let request = GroupRequest::SyncGroup {
                        member_id: me,
                        generation: joined.generation,
                        assignments,
                    };
                    self.group_request(coordinator, request, Pending::Sync, out);
                }
            }
            Err(error) => self.on_group_error(error, out),
        }
    }

    /// The leader's assignment with the group's assignor.
    fn compute_assignment(&self, joined: &JoinResult) -> Vec<(Rc<str>, Vec<Tp>)> {
        let assignor = Assignor::from_name(&joined.protocol).unwrap_or(Assignor::Range);
        let mut partitions: VecMap<String, u32> = VecMap::new();
        let name_of = |tp: &Tp| -> Option<(String, u32)> {
            let (name, _) = self
                .metadata
                .topics
                .iter()
                .find(|(_, (id, _))| *id == tp.topic)?;
            Some((name.to_string(), tp.partition))
        };
        let members: Vec<MemberSubscription> = joined
            .members
            .iter()
            .map(|m| {
                for topic in &m.topics {
                    if let Some((_, n)) = self.metadata.topic(topic) {
                        partitions.insert(topic.to_string(), n);
                    }
                }
                MemberSubscription {
                    member_id: m.member_id.to_string(),
                    group_instance_id: None,
                    topics: m.topics.iter().map(|t| t.to_string()).collect(),
                    owned: m.owned.iter().filter_map(name_of).collect(),
                    generation: (m.generation >= 0).then_some(m.generation),
                }
            })
            .collect();
        assign(assignor, &partitions, &members)
            .into_iter()
            .map(|(member, tps)| {
                let tps = tps
                    .into_iter()
                    .filter_map(|(topic, p)| Some(Tp::new(self.metadata.topic(&topic)?.0, p)))
                    .collect();
                (Rc::from(member.as_str()), tps)
            })
            .collect()
    }

    fn on_sync_response(&mut self, result: Result<Vec<Tp>, KafkaError>, out: &mut ConsumerOut) {
        if self.member_state != MemberState::Syncing {
            return;
        }
        let assignment = match result {
            Ok(a) => a,
            Err(error) => return self.on_group_error(error, out),
        };
        let revoked: Vec<Tp> = self
            .assignment
            .iter()
            .filter(|tp| !assignment.contains(tp))
            .copied()
            .collect();
        let added: Vec<Tp> = assignment
            .iter()
            .filter(|tp| !self.assignment.contains(tp))
            .copied()
            .collect();
        let consumer = self.index;
        if !revoked.is_empty() {
            self.drop_partitions(&revoked);
            let partitions = revoked.clone();
            self.event(out, || GroupEvent::PartitionsRevoked {
                consumer,
                partitions,
            });
        }
        self.assignment = assignment.clone();
        self.member_state = MemberState::Stable;
        let generation = self.generation;
        self.event(out, || GroupEvent::PartitionsAssigned {
            consumer,
            generation,
            partitions: added,
            assignment,
        });
        // R-COMMIT-1: the auto-commit timer restarts with a new assignment.
        self.next_auto_commit_ms = out.now_ms + self.config.auto_commit_interval_ms;
        self.heartbeat_seq += 1;
        out.timer_in(
            self.config.heartbeat_interval_ms,
            ConsumerTimer::Heartbeat {
                seq: self.heartbeat_seq,
            },
        );
        self.resolve_positions(out);
        if !revoked.is_empty() {
            // R-ASSIGN-3: cooperative revocation is followed by a rejoin at once.
            self.rejoin_needed = true;
            self.ensure_active_group(out);
        }
        self.send_fetches(out);
    }

    /// Errors of JoinGroup, SyncGroup and Heartbeat.
    fn on_group_error(&mut self, error: KafkaError, out: &mut ConsumerOut) {
        match error {
            KafkaError::UnknownMemberId => {
                self.reset_member();
                self.rejoin_needed = true;
            }
            KafkaError::IllegalGeneration => {
                self.generation = -1;
                self.member_state = MemberState::Unjoined;
                self.rejoin_needed = true;
            }
            KafkaError::RebalanceInProgress => {
                self.member_state = MemberState::Unjoined;
                self.rejoin_needed = true;
            }
            KafkaError::NotCoordinator | KafkaError::CoordinatorNotAvailable => {
                self.coordinator_unknown();
                if self.member_state != MemberState::Stable {
                    self.member_state = MemberState::Unjoined;
                }
            }
            other => {
                self.member_state = MemberState::Unjoined;
                self.surface(other, None, out);
                return;
            }
        }
        if self.member_state == MemberState::Unjoined {
            self.ensure_active_group(out);
        }
    }

    /// The heartbeat thread (R-GROUP-4): every `heartbeat.interval.ms` while Stable.
    pub(super) fn send_heartbeat(&mut self, out: &mut ConsumerOut) {
        if self.member_state != MemberState::Stable {
            return;
        }
        out.timer_in(
            self.config.heartbeat_interval_ms,
            ConsumerTimer::Heartbeat {
                seq: self.heartbeat_seq,
            },
        );
        let (Some(coordinator), Some(member_id)) = (self.coordinator, self.member_id.clone())
        else {
            self.ensure_active_group(out);
            return;
        };
        let request = GroupRequest::Heartbeat {
            member_id,
            generation: self.generation,
        };
        self.group_request(coordinator, request, Pending::Heartbeat, out);
    }

    fn on_heartbeat_response(&mut self, error: Option<KafkaError>, out: &mut ConsumerOut) {
        let Some(error) = error else {
            return;
        };
        if self.member_state != MemberState::Stable {
            return;
        }
        match error {
            // Rejoin on the next poll() (R-GROUP-4).
            KafkaError::RebalanceInProgress => self.rejoin_needed = true,
            KafkaError::UnknownMemberId => {
                self.reset_member();
                self.rejoin_needed = true;
            }
            KafkaError::IllegalGeneration => {
                self.generation = -1;
                self.member_state = MemberState::Unjoined;
                self.rejoin_needed = true;
            }
            _ => self.on_group_error(error, out),
        }
    }

    /// LeaveGroup, when the consumer is a member.
    pub(super) fn leave_group(&mut self, reason: &'static str, out: &mut ConsumerOut) {
        if let (Some(coordinator), Some(member_id)) = (self.coordinator, self.member_id.clone()) {
            let request = GroupRequest::LeaveGroup {
                member_id: member_id.clone(),
            };
            self.group_request(coordinator, request, Pending::Heartbeat, out);
            let consumer = self.index;
            self.event(out, || GroupEvent::LeftGroup {
                consumer,
                member: member_id,
                reason,
            });
        }
        self.reset_member();
    }

    /// R-GROUP-5: `poll()` was not called within `max.poll.interval.ms`; the
    /// heartbeat thread leaves the group. The partitions are lost at the next poll.
    pub(super) fn on_poll_timeout(&mut self, out: &mut ConsumerOut) {
        self.leave_group("max.poll.interval.ms", out);
        self.rejoin_needed = true;
    }
}
