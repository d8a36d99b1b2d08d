//! One consumer group on its coordinator, classic protocol (`ClassicGroup`,
//! `GroupMetadataManager`): members, generations, the leader, the chosen
//! assignor, and the state machine Empty → PreparingRebalance →
//! CompletingRebalance → Stable (R-GROUP-2..5), with the initial rebalance delay
//! of a new group (R-GROUP-3), session expiry (R-GROUP-4), LeaveGroup
//! (R-GROUP-5) and the generation checks of offset commits (R-COMMIT-2).
//!
//! Simplified: any JoinGroup while Stable starts a rebalance (Kafka skips it for
//! a follower rejoining with unchanged metadata).

use std::rc::Rc;

use super::protocol::{GroupResponse, JoinRequest, JoinResult, JoinedMember};
use super::GroupTimer;
use crate::engine::assignor::{select_assignor, Assignor};
use crate::engine::broker::{BrokerOut, BrokerTimer};
use crate::engine::error::KafkaError;
use crate::engine::event::EventKind;
use crate::engine::group::event::GroupEvent;
use crate::engine::ids::{NodeId, Tp};
use crate::engine::message::Payload;
use crate::engine::vec_map::VecMap;

/// `ClassicGroupState` (R-GROUP-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}

impl GroupState {
    pub fn name(self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
        }
    }
}

/// A request waiting for the join or the sync to complete.
pub type Waiting = Option<(NodeId, u64)>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: Rc<str>,
    pub consumer: u32,
    /// Order of arrival: the first member to join becomes leader (R-GROUP-3).
    pub joined_seq: u64,
    pub assignors: Vec<Rc<str>>,
    pub topics: Vec<Rc<str>>,
    pub owned: Vec<Tp>,
    pub member_generation: i32,
    pub session_timeout_ms: u64,
    pub rebalance_timeout_ms: u64,
    pub awaiting_join: Waiting,
    pub awaiting_sync: Waiting,
    pub assignment: Vec<Tp>,
    /// When the session expires unless heard from again (R-GROUP-4).
    pub expires_at_ms: u64,
}

/// The initial rebalance delay of a group coming from Empty (`InitialDelayedJoin`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitialDelay {
    pub remaining_ms: u64,
    pub new_members: bool,
    /// 3.9's legacy coordinator extends the delay only for a brand-new group.
    pub extensible: bool,
}

/// Broker settings the group needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupSettings {
    pub initial_delay_ms: u64,
    pub min_session_timeout_ms: u64,
    pub max_session_timeout_ms: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassicGroup {
    pub id: Rc<str>,
    pub state: GroupState,
    pub generation: i32,
    pub protocol: Option<Rc<str>>,
    pub leader: Option<Rc<str>>,
    pub members: VecMap<Rc<str>, Member>,
    /// Committed offsets: the next offset to read (R-READ-3).
    pub committed: VecMap<Tp, u64>,
    pub initial_delay: Option<InitialDelay>,
    /// The pending join check (initial delay or rebalance timeout).
    pub join_check_at_ms: Option<u64>,
    next_seq: u64,
}

fn reply(out: &mut BrokerOut, to: (NodeId, u64), response: GroupResponse) {
    out.send(
        to.0,
        Payload::GroupResponse {
            request_id: to.1,
            response,
        },
    );
}

impl ClassicGroup {
    pub fn new(id: Rc<str>, committed: VecMap<Tp, u64>) -> Self {
        ClassicGroup {
            id,
            state: GroupState::Empty,
            generation: 0,
            protocol: None,
            leader: None,
            members: VecMap::new(),
            committed,
            initial_delay: None,
            join_check_at_ms: None,
            next_seq: 0,
        }
    }

    fn event(&self, out: &mut BrokerOut, make: impl FnOnce() -> GroupEvent) {
        out.event(|| EventKind::Group(make()));
    }

    fn set_state(&mut self, to: GroupState, out: &mut BrokerOut) {
        let (group, from, generation) = (self.id.clone(), self.state.name(), self.generation);
        self.state = to;
        self.event(out, || GroupEvent::GroupStateChanged {
            group,
            from,
            to: to.name(),
            generation,
        });
    }

    fn touch(&mut self, member: &Rc<str>, out: &mut BrokerOut) {
        let group = self.id.clone();
        if let Some(m) = self.members.get_mut(member) {
            m.expires_at_ms = out.now_ms + m.session_timeout_ms;
            out.timer_at(
                m.expires_at_ms,
                BrokerTimer::Group(GroupTimer::MemberExpiry {
                    group,
                    member: member.clone(),
                }),
            );
        }
    }

    /// The rebalance timeout: the largest member `max.poll.interval.ms`.
    fn rebalance_timeout_ms(&self) -> u64 {
        self.members
            .values()
            .map(|m| m.rebalance_timeout_ms)
            .max()
            .unwrap_or(0)
    }

    /// R-GROUP-3: the assignor the members vote for
    /// ([`crate::engine::assignor::select_assignor`]), with `extra` as one more member.
    fn select_protocol(&self, extra: Option<&[Rc<str>]>) -> Option<Rc<str>> {
        let parse = |names: &[Rc<str>]| -> Vec<Assignor> {
            names
                .iter()
                .filter_map(|n| Assignor::from_name(n))
                .collect()
        };
        let mut strategies: Vec<Vec<Assignor>> =
            self.members.values().map(|m| parse(&m.assignors)).collect();
        if let Some(extra) = extra {
            strategies.push(parse(extra));
        }
        select_assignor(&strategies).map(|a| Rc::from(a.name()))
    }

    pub fn join(
        &mut self,
        from: (NodeId, u64),
        request: JoinRequest,
        settings: GroupSettings,
        out: &mut BrokerOut,
    ) {
        if request.session_timeout_ms < settings.min_session_timeout_ms
            || request.session_timeout_ms > settings.max_session_timeout_ms
        {
            reply(
                out,
                from,
                GroupResponse::JoinGroup(Err(KafkaError::InvalidSessionTimeout)),
            );
            return;
        }
        let known = self.members.contains_key(&request.member_id);
        let shares_protocol = self.select_protocol(Some(&request.assignors)).is_some();
        if !shares_protocol {
            reply(
                out,
                from,
                GroupResponse::JoinGroup(Err(KafkaError::InconsistentGroupProtocol)),
            );
            return;
        }
        if !known {
            self.next_seq += 1;
            let member = Member {
                id: request.member_id.clone(),
                consumer: request.consumer,
                joined_seq: self.next_seq,
                assignors: Vec::new(),
                topics: Vec::new(),
                owned: Vec::new(),
                member_generation: -1,
                session_timeout_ms: request.session_timeout_ms,
                rebalance_timeout_ms: request.rebalance_timeout_ms,
                awaiting_join: None,
                awaiting_sync: None,
                assignment: Vec::new(),
                expires_at_ms: 0,
            };
            self.members.insert(request.member_id.clone(), member);
            if let Some(delay) = &mut self.initial_delay {
                delay.new_members = true;
            }
            let (group, member, consumer) =
                (self.id.clone(), request.member_id.clone(), request.consumer);
            self.event(out, || GroupEvent::MemberJoined {
                group,
                member,
                consumer,
            });
        }
        if let Some(m) = self.members.get_mut(&request.member_id) {
            m.assignors = request.assignors;
            m.topics = request.topics;
            m.owned = request.owned;
            m.member_generation = request.generation;
            m.session_timeout_ms = request.session_timeout_ms;
            m.rebalance_timeout_ms = request.rebalance_timeout_ms;
            m.awaiting_join = Some(from);
        }
        self.touch(&request.member_id, out);
        match self.state {
            GroupState::PreparingRebalance => self.try_complete_join(out),
            _ => self.prepare_rebalance(settings, out),
        }
    }

    /// Starts a rebalance (`prepareRebalance`).
    pub fn prepare_rebalance(&mut self, settings: GroupSettings, out: &mut BrokerOut) {
        if self.state == GroupState::CompletingRebalance {
            for m in self.members.values_mut() {
                if let Some(waiting) = m.awaiting_sync.take() {
                    reply(
                        out,
                        waiting,
                        GroupResponse::SyncGroup(Err(KafkaError::RebalanceInProgress)),
                    );
                }
            }
        }
        let was_empty = self.state == GroupState::Empty;
        self.set_state(GroupState::PreparingRebalance, out);
        let group = self.id.clone();
        if was_empty {
            let delay = settings.initial_delay_ms;
            self.initial_delay = Some(InitialDelay {
                remaining_ms: self.rebalance_timeout_ms().saturating_sub(delay),
                new_members: false,
                extensible: self.generation == 0,
            });
            let check_at_ms = out.now_ms + delay;
            self.join_check_at_ms = Some(check_at_ms);
            out.timer_at(
                check_at_ms,
                BrokerTimer::Group(GroupTimer::JoinCheck { group }),
            );
            let group = self.id.clone();
            self.event(out, || GroupEvent::GroupJoinDelayed {
                group,
                check_at_ms,
                extended: false,
            });
        } else {
            self.initial_delay = None;
            let at = out.now_ms + self.rebalance_timeout_ms();
            self.join_check_at_ms = Some(at);
            out.timer_at(at, BrokerTimer::Group(GroupTimer::JoinCheck { group }));
            self.try_complete_join(out);
        }
    }

    /// Completes the join once every known member has rejoined (`DelayedJoin`).
    fn try_complete_join(&mut self, out: &mut BrokerOut) {
        let all_joined = self.members.values().all(|m| m.awaiting_join.is_some());
        if self.state == GroupState::PreparingRebalance
            && self.initial_delay.is_none()
            && all_joined
        {
            self.complete_join(out);
        }
    }

    /// The join check timer: the initial delay ran out (extend it if members
    /// arrived, R-GROUP-3), or the rebalance timeout did.
    pub fn on_join_check(&mut self, settings: GroupSettings, out: &mut BrokerOut) {
        if self.join_check_at_ms != Some(out.now_ms) || self.state != GroupState::PreparingRebalance
        {
            return;
        }
        if let Some(delay) = self.initial_delay.take() {
            if delay.extensible && delay.new_members && delay.remaining_ms > 0 {
                let step = settings.initial_delay_ms.min(delay.remaining_ms);
                self.initial_delay = Some(InitialDelay {
                    remaining_ms: delay.remaining_ms - step,
                    new_members: false,
                    extensible: true,
                });
                let check_at_ms = out.now_ms + step;
                self.join_check_at_ms = Some(check_at_ms);
                let group = self.id.clone();
                out.timer_at(
                    check_at_ms,
                    BrokerTimer::Group(GroupTimer::JoinCheck {
                        group: group.clone(),
                    }),
                );
                self.event(out, || GroupEvent::GroupJoinDelayed {
                    group,
                    check_at_ms,
                    extended: true,
                });
                return;
            }
        }
        self.complete_join(out);
    }

    fn remove_member(&mut self, member: &Rc<str>, reason: &'static str, out: &mut BrokerOut) {
        let Some(m) = self.members.remove(member) else {
            return;
        };
        if self.leader.as_ref() == Some(member) {
            self.leader = None;
        }
        let (group, consumer) = (self.id.clone(), m.consumer);
        self.event(out, || GroupEvent::MemberRemoved {
            group,
            member: m.id.clone(),
            consumer,
            reason,
        });
    }

    /// `onCompleteJoin`: members that did not rejoin are removed, the generation
    /// goes up, and every joined member gets its response (the leader with all
    /// members' subscriptions).
    fn complete_join(&mut self, out: &mut BrokerOut) {
        self.join_check_at_ms = None;
        self.initial_delay = None;
        let missing: Vec<Rc<str>> = self
            .members
            .values()
            .filter(|m| m.awaiting_join.is_none())
            .map(|m| m.id.clone())
            .collect();
        for id in missing {
            self.remove_member(&id, "rebalance_timeout", out);
        }
        self.generation += 1;
        if self.members.is_empty() {
            self.protocol = None;
            self.leader = None;
            self.set_state(GroupState::Empty, out);
        } else {
            self.protocol = self.select_protocol(None);
            let still_leader = self
                .leader
                .as_ref()
                .is_some_and(|l| self.members.contains_key(l));
            if !still_leader {
                self.leader = self
                    .members
                    .values()
                    .min_by_key(|m| m.joined_seq)
                    .map(|m| m.id.clone());
            }
            self.set_state(GroupState::CompletingRebalance, out);
            let leader = self.leader.clone().unwrap_or_else(|| "".into());
            let protocol = self.protocol.clone().unwrap_or_else(|| "".into());
            let all: Vec<JoinedMember> = self
                .members
                .values()
                .map(|m| JoinedMember {
                    member_id: m.id.clone(),
                    topics: m.topics.clone(),
                    owned: m.owned.clone(),
                    generation: m.member_generation,
                })
                .collect();
            let ids: Vec<Rc<str>> = self.members.keys().cloned().collect();
            for id in ids {
                let Some(waiting) = self
                    .members
                    .get_mut(&id)
                    .and_then(|m| m.awaiting_join.take())
                else {
                    continue;
                };
                let result = JoinResult {
                    generation: self.generation,
                    protocol: protocol.clone(),
                    leader: leader.clone(),
                    members: if id == leader {
                        all.clone()
                    } else {
                        Vec::new()
                    },
                };
                reply(out, waiting, GroupResponse::JoinGroup(Ok(result)));
                self.touch(&id, out);
            }
        }
        let (group, generation, protocol, leader) = (
            self.id.clone(),
            self.generation,
            self.protocol.clone(),
            self.leader.clone(),
        );
        let members: Vec<u32> = self.members.values().map(|m| m.consumer).collect();
        self.event(out, || GroupEvent::GroupRebalanced {
            group,
            generation,
            protocol,
            leader,
            members,
        });
    }

    /// Checks a member id and generation (`validateMember`).
    fn validate(&self, member: &Rc<str>, generation: i32) -> Result<(), KafkaError> {
        if !self.members.contains_key(member) {
            return Err(KafkaError::UnknownMemberId);
        }
        if generation != self.generation {
            return Err(KafkaError::IllegalGeneration);
        }
        Ok(())
    }

    pub fn sync(
        &mut self,
        from: (NodeId, u64),
        member: Rc<str>,
        generation: i32,
        assignments: Vec<(Rc<str>, Vec<Tp>)>,
        out: &mut BrokerOut,
    ) {
        if let Err(e) = self.validate(&member, generation) {
            reply(out, from, GroupResponse::SyncGroup(Err(e)));
            return;
        }
        self.touch(&member, out);
        match self.state {
            GroupState::PreparingRebalance => reply(
                out,
                from,
                GroupResponse::SyncGroup(Err(KafkaError::RebalanceInProgress)),
            ),
            GroupState::Stable => {
                let assignment = self.members[&member].assignment.clone();
                reply(out, from, GroupResponse::SyncGroup(Ok(assignment)));
            }
            GroupState::CompletingRebalance => {
                if let Some(m) = self.members.get_mut(&member) {
                    m.awaiting_sync = Some(from);
                }
                if self.leader.as_ref() == Some(&member) {
                    for m in self.members.values_mut() {
                        m.assignment = assignments
                            .iter()
                            .find(|(id, _)| *id == m.id)
                            .map(|(_, a)| a.clone())
                            .unwrap_or_default();
                    }
                    self.set_state(GroupState::Stable, out);
                    for m in self.members.values_mut() {
                        if let Some(waiting) = m.awaiting_sync.take() {
                            reply(
                                out,
                                waiting,
                                GroupResponse::SyncGroup(Ok(m.assignment.clone())),
                            );
                        }
                    }
                }
            }
            GroupState::Empty | GroupState::Dead => reply(
                out,
                from,
                GroupResponse::SyncGroup(Err(KafkaError::UnknownMemberId)),
            ),
        }
    }

    pub fn heartbeat(
        &mut self,
        from: (NodeId, u64),
        member: Rc<str>,
        generation: i32,
        out: &mut BrokerOut,
    ) {
        let result = self.validate(&member, generation).and_then(|()| {
            self.touch(&member, out);
            match self.state {
                GroupState::PreparingRebalance => Err(KafkaError::RebalanceInProgress),
                _ => Ok(()),
            }
        });
        reply(out, from, GroupResponse::Heartbeat(result.err()));
    }

    /// LeaveGroup (R-GROUP-5): the member goes and a rebalance starts.
    pub fn leave(
        &mut self,
        from: (NodeId, u64),
        member: Rc<str>,
        settings: GroupSettings,
        out: &mut BrokerOut,
    ) {
        if !self.members.contains_key(&member) {
            reply(
                out,
                from,
                GroupResponse::LeaveGroup(Some(KafkaError::UnknownMemberId)),
            );
            return;
        }
        reply(out, from, GroupResponse::LeaveGroup(None));
        self.remove_member(&member, "left", out);
        self.after_removal(settings, out);
    }

    fn after_removal(&mut self, settings: GroupSettings, out: &mut BrokerOut) {
        match self.state {
            GroupState::Stable | GroupState::CompletingRebalance => {
                self.prepare_rebalance(settings, out)
            }
            GroupState::PreparingRebalance => self.try_complete_join(out),
            GroupState::Empty | GroupState::Dead => {}
        }
    }

    /// A member's session timer fired (R-GROUP-4). Members waiting for a join
    /// or sync response are not expired.
    pub fn on_member_expiry(
        &mut self,
        member: &Rc<str>,
        settings: GroupSettings,
        out: &mut BrokerOut,
    ) {
        let expired = self.members.get(member).is_some_and(|m| {
            m.expires_at_ms == out.now_ms && m.awaiting_join.is_none() && m.awaiting_sync.is_none()
        });
        if expired {
            self.remove_member(member, "session_timeout", out);
            self.after_removal(settings, out);
        }
    }

    /// R-GROUP-2, R-COMMIT-2: may this member commit now?
    pub fn validate_commit(&self, member: &Rc<str>, generation: i32) -> Result<(), KafkaError> {
        if generation < 0 && member.is_empty() && self.state == GroupState::Empty {
            return Ok(());
        }
        self.validate(member, generation)?;
        match self.state {
            GroupState::CompletingRebalance => Err(KafkaError::RebalanceInProgress),
            _ => Ok(()),
        }
    }
}
