//! The consumer client (`KafkaConsumer`) and the application loop around it.
//!
//! The application (scenario `consumers[]`) calls `poll()` every
//! `poll_every_ms` from its start, processes what it got at once, and, with
//! `commit_after_poll`, calls `commitSync()` after processing. A `poll()` that
//! finds nothing buffered waits until records arrive or the next poll is due
//! (the application's `poll(Duration.ofMillis(poll_every_ms))`). While the
//! application is blocked in `commitSync()` or `close()`, due polls are skipped.
//!
//! The parts: group membership with the coordinator (`membership.rs`,
//! R-GROUP-*, R-ASSIGN-3), positions and fetching (`fetcher.rs`, R-READ-1..4),
//! and offset commits (`commit.rs`, R-COMMIT-*).

pub mod commit;
pub mod fetcher;
pub mod membership;
pub mod validation;

use std::collections::VecDeque;
use std::rc::Rc;

use super::metadata::MetadataView;
use crate::engine::assignor::{rebalance_protocol, Assignor, RebalanceProtocol};
use crate::engine::config::ConsumerConfig;
use crate::engine::error::KafkaError;
use crate::engine::event::EventKind;
use crate::engine::group::event::GroupEvent;
use crate::engine::ids::{NodeId, Tp};
use crate::engine::log::RecordId;
use crate::engine::message::Payload;
use crate::engine::outbox::Outbox;
use crate::engine::spec::ConsumerSpec;
use crate::engine::vec_map::{VecMap, VecSet};

use commit::{AfterCommit, SyncCommit};
use membership::MemberState;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsumerTimer {
    /// The application's next `poll()`.
    Poll,
    /// The heartbeat thread's next heartbeat (`seq` ignores stale ones).
    Heartbeat {
        seq: u64,
    },
    /// `max.poll.interval.ms` since the last `poll()` (R-GROUP-5).
    PollTimeout,
    RequestTimeout {
        request_id: u64,
    },
    /// Try the blocked `commitSync()` again (R-COMMIT-2).
    CommitRetry,
    /// The application finished processing what its last `poll()` returned.
    ProcessingDone,
    /// `retry.backoff.ms` after a metadata or coordinator lookup: try again.
    Retry,
}

pub type ConsumerOut = Outbox<ConsumerTimer>;

/// Where the consumer process is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumerState {
    /// `start_at_ms` is null and no `start_consumer` yet.
    NotStarted,
    Running,
    /// `stop_consumer`: closed.
    Stopped,
    /// `kill_consumer`: the process died.
    Killed,
}

impl ConsumerState {
    pub fn name(self) -> &'static str {
        match self {
            ConsumerState::NotStarted => "not_started",
            ConsumerState::Running => "running",
            ConsumerState::Stopped => "stopped",
            ConsumerState::Killed => "killed",
        }
    }
}

/// A request waiting for its response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    Metadata,
    FindCoordinator,
    Join,
    Sync,
    Heartbeat,
    Commit { offsets: Vec<(Tp, u64)>, sync: bool },
    OffsetFetch,
    ListOffsets,
    Validation,
    Fetch,
}

/// A record handed to the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Consumed {
    pub tp: Tp,
    pub offset: u64,
    pub id: RecordId,
}

/// Bound on the consumed records kept per consumer (the report lists these).
pub const CONSUMED_MAX: usize = 200_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    pub index: u32,
    pub name: Rc<str>,
    pub group: Rc<str>,
    pub subscription: Vec<Rc<str>>,
    pub config: ConsumerConfig,
    pub poll_every_ms: u64,
    pub commit_after_poll: bool,
    pub processing_ms: u64,
    /// The application is processing records until then.
    pub busy_until_ms: u64,
    pub state: ConsumerState,
    /// Bumped when the process stops: its timers and responses are dropped.
    pub incarnation: u32,
    /// Bumped on a kill: what it had sent and not yet delivered is lost.
    pub crashes: u32,
    pub metadata: MetadataView,
    pub assignors: Vec<Assignor>,
    pub rebalance_protocol: RebalanceProtocol,
    // Group membership.
    pub coordinator: Option<u32>,
    /// The last FindCoordinator was sent then; lookups are `retry.backoff.ms` apart.
    last_lookup_ms: Option<u64>,
    /// The one pending [`ConsumerTimer::Retry`].
    retry_at_ms: Option<u64>,
    pub member_id: Option<Rc<str>>,
    pub generation: i32,
    pub member_state: MemberState,
    pub rejoin_needed: bool,
    pub group_leader: bool,
    pub assignment: Vec<Tp>,
    joins: u32,
    heartbeat_seq: u64,
    // Positions and fetching.
    pub positions: VecMap<Tp, u64>,
    /// Fetched records not yet handed over: offset, id, leader epoch.
    pub buffer: VecMap<Tp, VecDeque<(u64, RecordId, u32)>>,
    /// The leader epoch of the last record handed over (R-READ-5).
    pub position_epochs: VecMap<Tp, u32>,
    /// The partition leader epoch the consumer last read under.
    read_leader_epochs: VecMap<Tp, u32>,
    /// Partitions waiting for truncation detection, and those asked.
    validating: VecSet<Tp>,
    validations_in_flight: VecSet<Tp>,
    pub fetching: VecSet<Tp>,
    /// Partitions whose last fetch failed: not fetched again before the next
    /// metadata response (refreshes are `retry.backoff.ms` apart).
    awaiting_metadata: VecSet<Tp>,
    pub resolving: VecSet<Tp>,
    /// The HW each partition's last fetch reported (consumer `records-lag`).
    pub high_watermarks: VecMap<Tp, u64>,
    /// Why the ListOffsets in flight resets positions (for `offset_reset`).
    pending_reset_reason: &'static str,
    // The application.
    pub last_poll_ms: u64,
    pub next_auto_commit_ms: u64,
    /// A `poll()` is waiting for records.
    pub poll_waiting: bool,
    /// The application is blocked in `commitSync()` / `close()`.
    pub blocked: Option<SyncCommit>,
    pub requests: VecMap<u64, (u32, Pending)>,
    pub consumed: Vec<Consumed>,
    /// Records handed over but not kept (beyond [`CONSUMED_MAX`]).
    pub consumed_dropped: u64,
    pub errors_seen: Vec<KafkaError>,
    next_id: u64,
}

impl Consumer {
    pub fn new(index: u32, spec: &ConsumerSpec, brokers: Vec<u32>) -> Self {
        let assignors: Vec<Assignor> = spec
            .config
            .assignors
            .iter()
            .filter_map(|a| Assignor::from_name(a))
            .collect();
        Consumer {
            index,
            name: spec.id.as_str().into(),
            group: spec.group.as_str().into(),
            subscription: spec.subscribe.iter().map(|t| t.as_str().into()).collect(),
            config: spec.config.clone(),
            poll_every_ms: spec.poll_every_ms.max(1),
            commit_after_poll: spec.commit_after_poll,
            processing_ms: spec.processing_ms,
            busy_until_ms: 0,
            state: ConsumerState::NotStarted,
            incarnation: 0,
            crashes: 0,
            metadata: MetadataView::new(brokers),
            rebalance_protocol: rebalance_protocol(&assignors),
            assignors,
            coordinator: None,
            last_lookup_ms: None,
            retry_at_ms: None,
            member_id: None,
            generation: -1,
            member_state: MemberState::Unjoined,
            rejoin_needed: false,
            group_leader: false,
            assignment: Vec::new(),
            joins: 0,
            heartbeat_seq: 0,
            positions: VecMap::new(),
            buffer: VecMap::new(),
            position_epochs: VecMap::new(),
            read_leader_epochs: VecMap::new(),
            validating: VecSet::new(),
            validations_in_flight: VecSet::new(),
            fetching: VecSet::new(),
            awaiting_metadata: VecSet::new(),
            resolving: VecSet::new(),
            high_watermarks: VecMap::new(),
            pending_reset_reason: "",
            last_poll_ms: 0,
            next_auto_commit_ms: 0,
            poll_waiting: false,
            blocked: None,
            requests: VecMap::new(),
            consumed: Vec::new(),
            consumed_dropped: 0,
            errors_seen: Vec::new(),
            next_id: 0,
        }
    }

    pub fn is_running(&self) -> bool {
        self.state == ConsumerState::Running
    }

    fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn event(&self, out: &mut ConsumerOut, make: impl FnOnce() -> GroupEvent) {
        out.event(|| EventKind::Group(make()));
    }

    /// Sends a request and arms its `request.timeout.ms`.
    fn request(
        &mut self,
        broker: u32,
        payload: Payload,
        pending: Pending,
        out: &mut ConsumerOut,
    ) -> u64 {
        let request_id = match &payload {
            Payload::Group { request_id, .. }
            | Payload::ListOffsets { request_id, .. }
            | Payload::OffsetsForLeaderEpoch { request_id, .. }
            | Payload::MetadataRequest { request_id } => *request_id,
            Payload::Fetch(f) => f.request_id,
            _ => 0,
        };
        self.requests.insert(request_id, (broker, pending));
        out.send(NodeId::Broker(broker), payload);
        out.timer_in(
            self.config.request_timeout_ms,
            ConsumerTimer::RequestTimeout { request_id },
        );
        request_id
    }

    /// The application starts: it subscribes and polls from now on.
    pub fn start(&mut self, out: &mut ConsumerOut) {
        self.state = ConsumerState::Running;
        self.member_id = None;
        self.generation = -1;
        self.member_state = MemberState::Unjoined;
        self.coordinator = None;
        self.assignment.clear();
        self.positions.clear();
        self.buffer.clear();
        self.position_epochs.clear();
        self.read_leader_epochs.clear();
        self.validating.clear();
        self.validations_in_flight.clear();
        self.fetching.clear();
        self.resolving.clear();
        self.requests.clear();
        self.blocked = None;
        self.poll_waiting = false;
        self.busy_until_ms = 0;
        self.retry_at_ms = None;
        self.metadata = MetadataView::new(self.metadata.brokers.clone());
        let consumer = self.index;
        self.event(out, || GroupEvent::ConsumerStarted { consumer });
        self.refresh_metadata(out);
        self.poll(out);
    }

    /// `kill_consumer`: the process dies; nothing is committed or sent.
    pub fn kill(&mut self, out: &mut ConsumerOut) {
        self.state = ConsumerState::Killed;
        self.incarnation += 1;
        self.crashes += 1;
        let consumer = self.index;
        self.event(out, || GroupEvent::ConsumerKilled { consumer });
    }

    /// `stop_consumer`: `commitSync()` first when asked, then `close()`, which
    /// commits only with auto-commit on (R-COMMIT-1) and sends LeaveGroup.
    pub fn stop(&mut self, commit_sync: bool, out: &mut ConsumerOut) {
        let commit = commit_sync || self.config.enable_auto_commit;
        if commit && self.in_group() {
            self.commit_sync(self.positions_to_commit(), AfterCommit::Close, out);
        } else {
            self.close(out);
        }
    }

    /// The end of `close()`: LeaveGroup, and the process is gone.
    fn close(&mut self, out: &mut ConsumerOut) {
        self.leave_group("close", out);
        self.state = ConsumerState::Stopped;
        self.incarnation += 1;
        let consumer = self.index;
        self.event(out, || GroupEvent::ConsumerStopped { consumer });
    }

    /// The `commit` action: `commitSync()` of the current positions.
    pub fn commit_action(&mut self, out: &mut ConsumerOut) {
        if self.blocked.is_some() {
            return;
        }
        if !self.in_group() {
            self.surface(KafkaError::CommitFailed, None, out);
            return;
        }
        self.commit_sync(self.positions_to_commit(), AfterCommit::Nothing, out);
    }

    /// The `seek` action. Errors name what is wrong, for the action's rejection.
    pub fn seek(&mut self, tp: Tp, offset: u64) -> Result<(), String> {
        if !self.assignment.contains(&tp) {
            return Err("is not assigned that partition (seek needs a current assignment)".into());
        }
        self.positions.insert(tp, offset);
        self.position_epochs.remove(&tp);
        self.buffer.remove(&tp);
        self.resolving.remove(&tp);
        Ok(())
    }

    /// Arms the single retry timer (`retry.backoff.ms` back-off).
    fn retry_at(&mut self, at_ms: u64, out: &mut ConsumerOut) {
        if self
            .retry_at_ms
            .is_some_and(|t| t >= out.now_ms && t <= at_ms)
        {
            return;
        }
        self.retry_at_ms = Some(at_ms);
        out.timer_at(at_ms, ConsumerTimer::Retry);
    }

    /// Processing is over: `commitSync()` with `commit_after_poll`.
    fn after_processing(&mut self, out: &mut ConsumerOut) {
        if self.commit_after_poll {
            self.commit_sync(self.positions_to_commit(), AfterCommit::Nothing, out);
        }
    }

    /// An error the application sees (thrown from `poll()` or `commitSync()`).
    fn surface(&mut self, error: KafkaError, tp: Option<Tp>, out: &mut ConsumerOut) {
        self.errors_seen.push(error);
        let consumer = self.index;
        self.event(out, || GroupEvent::ConsumerError {
            consumer,
            error,
            tp,
        });
    }

    /// The application calls `poll()`.
    fn poll(&mut self, out: &mut ConsumerOut) {
        out.timer_in(self.poll_every_ms, ConsumerTimer::Poll);
        if self.blocked.is_some() || out.now_ms < self.busy_until_ms {
            return;
        }
        self.last_poll_ms = out.now_ms;
        out.timer_in(self.config.max_poll_interval_ms, ConsumerTimer::PollTimeout);
        self.ensure_active_group(out);
        if self.member_state == MemberState::Stable
            && self.config.enable_auto_commit
            && out.now_ms >= self.next_auto_commit_ms
        {
            self.next_auto_commit_ms = out.now_ms + self.config.auto_commit_interval_ms;
            self.commit_async(self.positions_to_commit(), out);
        }
        self.poll_waiting = true;
        self.hand_over(out);
        self.send_fetches(out);
    }

    pub fn handle(&mut self, from: NodeId, payload: Payload, out: &mut ConsumerOut) {
        let Some(broker) = from.broker() else {
            return;
        };
        let request_id = match &payload {
            Payload::MetadataResponse { request_id, .. }
            | Payload::GroupResponse { request_id, .. }
            | Payload::ListOffsetsResponse { request_id, .. }
            | Payload::OffsetsForLeaderEpochResponse { request_id, .. } => *request_id,
            Payload::FetchResponse(response) => response.request_id,
            _ => return,
        };
        let Some((_, pending)) = self.requests.remove(&request_id) else {
            return;
        };
        match payload {
            Payload::MetadataResponse { metadata, .. } => {
                self.metadata.in_flight = None;
                self.metadata.unreachable.remove(&broker);
                self.metadata.update(&metadata, out.now_ms);
                self.awaiting_metadata.clear();
                self.ensure_active_group(out);
                self.send_fetches(out);
            }
            Payload::GroupResponse { response, .. } => {
                self.on_group_response(broker, pending, response, out)
            }
            Payload::ListOffsetsResponse { results, .. } => self.on_list_offsets(results, out),
            Payload::OffsetsForLeaderEpochResponse { results, .. } => {
                self.on_validation(results, out)
            }
            Payload::FetchResponse(response) => self.on_fetch_response(response, out),
            _ => {}
        }
    }

    pub fn on_timer(&mut self, timer: ConsumerTimer, out: &mut ConsumerOut) {
        match timer {
            ConsumerTimer::Poll => self.poll(out),
            ConsumerTimer::Heartbeat { seq } => {
                if seq == self.heartbeat_seq {
                    self.send_heartbeat(out);
                }
            }
            ConsumerTimer::PollTimeout => {
                let due = self.last_poll_ms + self.config.max_poll_interval_ms;
                if out.now_ms >= due && self.member_id.is_some() && self.blocked.is_none() {
                    self.on_poll_timeout(out);
                }
            }
            ConsumerTimer::RequestTimeout { request_id } => {
                if let Some((broker, pending)) = self.requests.remove(&request_id) {
                    self.on_request_failed(broker, pending, KafkaError::RequestTimedOut, out);
                }
            }
            ConsumerTimer::CommitRetry => self.retry_sync_commit(out),
            ConsumerTimer::Retry => {
                if self.retry_at_ms == Some(out.now_ms) && self.is_running() {
                    self.retry_at_ms = None;
                    if self.metadata.stale {
                        self.refresh_metadata(out);
                    }
                    self.ensure_active_group(out);
                    self.send_fetches(out);
                }
            }
            ConsumerTimer::ProcessingDone => {
                if self.busy_until_ms == out.now_ms {
                    self.after_processing(out);
                }
            }
        }
    }

    /// A broker's connection was reset: its requests fail.
    pub fn on_disconnected(&mut self, peer: NodeId, out: &mut ConsumerOut) {
        let Some(broker) = peer.broker() else {
            return;
        };
        self.metadata.mark_unreachable(broker);
        let failed: Vec<u64> = self
            .requests
            .iter()
            .filter(|(_, (b, _))| *b == broker)
            .map(|(id, _)| *id)
            .collect();
        for id in failed {
            if let Some((b, pending)) = self.requests.remove(&id) {
                self.on_request_failed(b, pending, KafkaError::NetworkException, out);
            }
        }
    }

    fn on_request_failed(
        &mut self,
        broker: u32,
        pending: Pending,
        error: KafkaError,
        out: &mut ConsumerOut,
    ) {
        match pending {
            Pending::Metadata => {
                self.metadata.mark_unreachable(broker);
                self.refresh_metadata(out);
            }
            Pending::Fetch | Pending::ListOffsets | Pending::OffsetFetch | Pending::Validation => {
                let led: Vec<Tp> = self
                    .positions
                    .keys()
                    .filter(|tp| self.metadata.leader(**tp) == Some(broker))
                    .copied()
                    .collect();
                self.awaiting_metadata.extend(led);
                self.metadata.stale = true;
                self.fetching.clear();
                self.resolving.clear();
                self.validations_in_flight.clear();
                self.refresh_metadata(out);
            }
            Pending::Commit { offsets, sync } => {
                self.coordinator_unknown();
                if sync {
                    self.on_sync_commit_result(Err(error), &offsets, out);
                }
            }
            Pending::FindCoordinator | Pending::Join | Pending::Sync | Pending::Heartbeat => {
                self.coordinator_unknown();
                if matches!(
                    self.member_state,
                    MemberState::Joining | MemberState::Syncing
                ) {
                    self.member_state = MemberState::Unjoined;
                }
                self.ensure_active_group(out);
            }
        }
    }

    /// Asks a broker for metadata if none is in flight.
    fn refresh_metadata(&mut self, out: &mut ConsumerOut) {
        if self.metadata.in_flight.is_some() {
            return;
        }
        // Refreshes are at least `retry.backoff.ms` apart, as in the Java client.
        if let Some(last) = self.metadata.last_request_ms {
            let next = last + self.config.retry_backoff_ms.max(1);
            if out.now_ms < next {
                self.retry_at(next, out);
                return;
            }
        }
        self.metadata.last_request_ms = Some(out.now_ms);
        let Some(broker) = self.metadata.next_broker() else {
            return;
        };
        let request_id = self.fresh_id();
        self.metadata.in_flight = Some((request_id, broker));
        self.request(
            broker,
            Payload::MetadataRequest { request_id },
            Pending::Metadata,
            out,
        );
    }

    /// The records-lag of each assigned partition (R-READ-6): the HW of its
    /// last fetch minus the position.
    pub fn records_lag(&self) -> Vec<(Tp, u64)> {
        self.positions
            .iter()
            .filter_map(|(tp, pos)| {
                let hw = self.high_watermarks.get(tp)?;
                Some((*tp, hw.saturating_sub(*pos)))
            })
            .collect()
    }
}
