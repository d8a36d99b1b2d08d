//! Offset commits (R-COMMIT-1..3, R-READ-3): the committed offset is the
//! position, the next offset to read. `commitSync()` blocks the application and
//! retries retriable errors until `default.api.timeout.ms` runs out; a stale
//! generation or unknown member surfaces as COMMIT_FAILED
//! (`CommitFailedException`). Auto-commit is asynchronous, fires only inside
//! `poll()`, and is not retried.

use super::membership::MemberState;
use super::{Consumer, ConsumerOut, ConsumerTimer, Pending};
use crate::engine::error::KafkaError;
use crate::engine::group::protocol::GroupRequest;
use crate::engine::ids::Tp;

/// What the application does once its `commitSync()` returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterCommit {
    Nothing,
    /// `close()`: LeaveGroup and stop.
    Close,
    /// `onJoinPrepare`: revoke and join.
    Join,
}

/// A blocked `commitSync()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncCommit {
    pub offsets: Vec<(Tp, u64)>,
    pub then: AfterCommit,
    pub deadline_ms: u64,
    pub in_flight: bool,
}

impl Consumer {
    /// Every assigned partition's position (R-READ-3).
    pub fn positions_to_commit(&self) -> Vec<(Tp, u64)> {
        self.assignment
            .iter()
            .filter_map(|tp| Some((*tp, *self.positions.get(tp)?)))
            .collect()
    }

    fn send_commit(&mut self, offsets: Vec<(Tp, u64)>, sync: bool, out: &mut ConsumerOut) -> bool {
        let (Some(coordinator), Some(member_id)) = (self.coordinator, self.member_id.clone())
        else {
            return false;
        };
        let request = GroupRequest::OffsetCommit {
            member_id,
            generation: self.generation,
            consumer: self.index,
            offsets: offsets.clone(),
        };
        self.group_request_commit(coordinator, request, Pending::Commit { offsets, sync }, out);
        true
    }

    fn group_request_commit(
        &mut self,
        coordinator: u32,
        request: GroupRequest,
        pending: Pending,
        out: &mut ConsumerOut,
    ) {
        let request_id = self.fresh_id();
        let payload = crate::engine::message::Payload::Group {
            request_id,
            group: self.group.clone(),
            request,
        };
        self.request(coordinator, payload, pending, out);
    }

    /// Auto-commit (asynchronous, no retry).
    pub(super) fn commit_async(&mut self, offsets: Vec<(Tp, u64)>, out: &mut ConsumerOut) {
        if !offsets.is_empty() {
            self.send_commit(offsets, false, out);
        }
    }

    /// `commitSync(offsets)`: the application blocks until it returns.
    pub(super) fn commit_sync(
        &mut self,
        offsets: Vec<(Tp, u64)>,
        then: AfterCommit,
        out: &mut ConsumerOut,
    ) {
        if !self.in_group() {
            // Not a member of an active generation: CommitFailedException
            // without a request (R-GROUP-5).
            if then == AfterCommit::Nothing {
                self.surface(KafkaError::CommitFailed, None, out);
            }
            self.after_commit(then, out);
            return;
        }
        if offsets.is_empty() {
            self.after_commit(then, out);
            return;
        }
        self.blocked = Some(SyncCommit {
            offsets,
            then,
            deadline_ms: out.now_ms + self.config.default_api_timeout_ms,
            in_flight: false,
        });
        self.retry_sync_commit(out);
    }

    /// Sends the blocked commit, or waits for a coordinator.
    pub(super) fn retry_sync_commit(&mut self, out: &mut ConsumerOut) {
        let Some(blocked) = self.blocked.clone() else {
            return;
        };
        if blocked.in_flight {
            return;
        }
        if out.now_ms >= blocked.deadline_ms {
            self.on_sync_commit_result(Err(KafkaError::RequestTimedOut), &blocked.offsets, out);
            return;
        }
        if self.send_commit(blocked.offsets.clone(), true, out) {
            if let Some(b) = &mut self.blocked {
                b.in_flight = true;
            }
        } else {
            self.ensure_active_group(out);
            out.timer_in(
                self.config.retry_backoff_ms.max(1),
                ConsumerTimer::CommitRetry,
            );
        }
    }

    pub(super) fn on_commit_response(
        &mut self,
        result: Result<Vec<(Tp, u64)>, KafkaError>,
        offsets: &[(Tp, u64)],
        sync: bool,
        out: &mut ConsumerOut,
    ) {
        if let Err(KafkaError::NotCoordinator | KafkaError::CoordinatorNotAvailable) = result {
            self.coordinator_unknown();
        }
        if sync {
            self.on_sync_commit_result(result.map(|_| ()), offsets, out);
        } else if let Err(e @ (KafkaError::UnknownMemberId | KafkaError::IllegalGeneration)) =
            result
        {
            self.on_commit_fenced(e);
        }
    }

    /// A stale generation or unknown member: rejoin at the next poll.
    fn on_commit_fenced(&mut self, error: KafkaError) {
        if error == KafkaError::UnknownMemberId {
            self.member_id = None;
        }
        self.generation = -1;
        if self.member_state == MemberState::Stable {
            self.member_state = MemberState::Unjoined;
        }
        self.rejoin_needed = true;
    }

    pub(super) fn on_sync_commit_result(
        &mut self,
        result: Result<(), KafkaError>,
        offsets: &[(Tp, u64)],
        out: &mut ConsumerOut,
    ) {
        let Some(blocked) = self.blocked.clone() else {
            return;
        };
        if blocked.offsets != offsets {
            return;
        }
        match result {
            Ok(()) => {}
            Err(e) if e.is_retriable() || e == KafkaError::NetworkException => {
                if let Some(b) = &mut self.blocked {
                    b.in_flight = false;
                }
                if out.now_ms < blocked.deadline_ms {
                    out.timer_in(
                        self.config.retry_backoff_ms.max(1),
                        ConsumerTimer::CommitRetry,
                    );
                    return;
                }
                self.surface(KafkaError::RequestTimedOut, None, out);
            }
            Err(e @ (KafkaError::UnknownMemberId | KafkaError::IllegalGeneration)) => {
                self.on_commit_fenced(e);
                self.surface(KafkaError::CommitFailed, None, out);
            }
            Err(e) => self.surface(e, None, out),
        }
        self.blocked = None;
        self.after_commit(blocked.then, out);
    }

    fn after_commit(&mut self, then: AfterCommit, out: &mut ConsumerOut) {
        match then {
            AfterCommit::Nothing => {}
            AfterCommit::Close => self.close(out),
            AfterCommit::Join => {
                if self.member_state == MemberState::PreparingJoin {
                    self.revoke_and_join(out);
                } else {
                    self.ensure_active_group(out);
                }
            }
        }
    }
}
