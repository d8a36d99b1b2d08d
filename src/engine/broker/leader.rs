//! A partition leader's view of its followers and the decisions it takes from it:
//! follower fetch state (R-REPL-1), caught-up (R-REPL-2), ISR shrink (R-REPL-3)
//! and expansion (R-REPL-4), proposed through AlterPartition (R-REPL-5), and the
//! high watermark (R-REPL-6, strict min-ISR R-REPL-7).

use crate::engine::vec_map::VecMap;

/// What the leader knows of one follower (`Replica` / `ReplicaState`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowerState {
    /// The follower's LEO, learned from its fetch offset; unknown after a leader change.
    pub log_end_offset: Option<u64>,
    pub last_fetch_leader_log_end_offset: u64,
    pub last_fetch_time_ms: u64,
    /// `None`: never caught up in this leader's epoch (Kafka's 0, "long ago").
    pub last_caught_up_time_ms: Option<u64>,
    /// The broker epoch sent with its last fetch.
    pub broker_epoch: Option<u64>,
}

/// An ISR change sent to the controller and not yet answered (R-REPL-5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PendingIsr {
    /// The maximal ISR already includes `replica`.
    Expand { replica: u32, proposed: Vec<u32> },
    /// The maximal ISR stays the old ISR until the controller commits.
    Shrink { proposed: Vec<u32> },
}

impl PendingIsr {
    pub fn proposed(&self) -> &[u32] {
        match self {
            PendingIsr::Expand { proposed, .. } | PendingIsr::Shrink { proposed } => proposed,
        }
    }
}

/// The leader's state for one partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaderState {
    pub leader_epoch: u32,
    pub partition_epoch: u32,
    /// Assignment order.
    pub replicas: Vec<u32>,
    /// The last ISR the controller committed.
    pub isr: Vec<u32>,
    pub pending: Option<PendingIsr>,
    /// When the pending change was last sent, to resend if unanswered.
    pub pending_sent_ms: u64,
    pub followers: VecMap<u32, FollowerState>,
    /// The LEO when this replica became leader in this epoch (R-REPL-4, R-ELECT-5).
    pub epoch_start_offset: u64,
}

/// How the leader tells whether a follower may be in the ISR (R-REPL-4, KRaft):
/// unfenced, not shutting down, and fetching with its registered broker epoch.
pub trait Eligibility {
    fn is_isr_eligible(&self, broker: u32, fetch_broker_epoch: Option<u64>) -> bool;
}

impl LeaderState {
    /// `Partition.makeLeader` (R-ELECT-5): followers in the ISR are treated as
    /// caught up now; on a change of leader their LEOs become unknown.
    pub fn new(
        leader: u32,
        leader_epoch: u32,
        partition_epoch: u32,
        replicas: Vec<u32>,
        isr: Vec<u32>,
        epoch_start_offset: u64,
        now_ms: u64,
    ) -> Self {
        let followers = replicas
            .iter()
            .filter(|&&r| r != leader)
            .map(|&r| {
                let caught_up = isr.contains(&r).then_some(now_ms);
                (
                    r,
                    FollowerState {
                        log_end_offset: None,
                        last_fetch_leader_log_end_offset: 0,
                        last_fetch_time_ms: 0,
                        last_caught_up_time_ms: caught_up,
                        broker_epoch: None,
                    },
                )
            })
            .collect();
        LeaderState {
            leader_epoch,
            partition_epoch,
            replicas,
            isr,
            pending: None,
            pending_sent_ms: 0,
            followers,
            epoch_start_offset,
        }
    }

    /// The ISR used for the HW: committed ISR plus a replica being added (R-REPL-5).
    pub fn maximal_isr(&self) -> Vec<u32> {
        let mut isr = self.isr.clone();
        if let Some(PendingIsr::Expand { replica, .. }) = &self.pending {
            if !isr.contains(replica) {
                isr.push(*replica);
            }
        }
        isr
    }

    /// R-REPL-1: a follower fetched at `fetch_offset` (its LEO).
    pub fn update_follower_fetch(
        &mut self,
        follower: u32,
        fetch_offset: u64,
        leader_leo: u64,
        now_ms: u64,
        broker_epoch: Option<u64>,
    ) {
        let Some(state) = self.followers.get_mut(&follower) else {
            return;
        };
        if fetch_offset >= leader_leo {
            state.last_caught_up_time_ms = Some(now_ms);
        } else if fetch_offset >= state.last_fetch_leader_log_end_offset {
            let previous_fetch = state.last_fetch_time_ms;
            state.last_caught_up_time_ms = Some(
                state
                    .last_caught_up_time_ms
                    .map_or(previous_fetch, |t| t.max(previous_fetch)),
            );
        }
        state.log_end_offset = Some(fetch_offset);
        state.last_fetch_leader_log_end_offset = leader_leo;
        state.last_fetch_time_ms = now_ms;
        state.broker_epoch = broker_epoch;
    }

    /// R-REPL-2.
    pub fn is_caught_up(
        &self,
        follower: u32,
        leader_leo: u64,
        now_ms: u64,
        lag_max_ms: u64,
    ) -> bool {
        self.followers.get(&follower).is_some_and(|s| {
            s.log_end_offset == Some(leader_leo)
                || s.last_caught_up_time_ms
                    .is_some_and(|t| now_ms.saturating_sub(t) <= lag_max_ms)
        })
    }

    /// R-REPL-6 and R-REPL-7: the new HW, if it should move above `current_hw`.
    pub fn high_watermark_candidate(
        &self,
        leader_leo: u64,
        current_hw: u64,
        now_ms: u64,
        lag_max_ms: u64,
        effective_min_isr: usize,
        eligibility: &impl Eligibility,
    ) -> Option<u64> {
        if self.isr.len() < effective_min_isr {
            return None;
        }
        let maximal = self.maximal_isr();
        let mut candidate = leader_leo;
        for (&id, state) in &self.followers {
            let holds_back = maximal.contains(&id)
                || (self.is_caught_up(id, leader_leo, now_ms, lag_max_ms)
                    && eligibility.is_isr_eligible(id, state.broker_epoch));
            if !holds_back {
                continue;
            }
            match state.log_end_offset {
                Some(leo) if leo < candidate => candidate = leo,
                Some(_) => {}
                None => return None,
            }
        }
        (candidate > current_hw).then_some(candidate)
    }

    /// R-REPL-4: whether `follower` should be proposed for the ISR now.
    pub fn should_expand(
        &self,
        follower: u32,
        high_watermark: u64,
        eligibility: &impl Eligibility,
    ) -> bool {
        if self.pending.is_some() || self.isr.contains(&follower) {
            return false;
        }
        let Some(state) = self.followers.get(&follower) else {
            return false;
        };
        let Some(leo) = state.log_end_offset else {
            return false;
        };
        leo >= high_watermark
            && leo >= self.epoch_start_offset
            && eligibility.is_isr_eligible(follower, state.broker_epoch)
    }

    /// R-REPL-3: ISR followers that are not caught up.
    pub fn out_of_sync(&self, leader_leo: u64, now_ms: u64, lag_max_ms: u64) -> Vec<u32> {
        self.isr
            .iter()
            .copied()
            .filter(|&r| {
                self.followers.contains_key(&r)
                    && !self.is_caught_up(r, leader_leo, now_ms, lag_max_ms)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct AllEligible;
    impl Eligibility for AllEligible {
        fn is_isr_eligible(&self, _: u32, _: Option<u64>) -> bool {
            true
        }
    }

    fn leader() -> LeaderState {
        LeaderState::new(1, 0, 0, vec![1, 2, 3], vec![1, 2, 3], 0, 0)
    }

    #[test]
    fn the_hw_needs_every_isr_follower_s06() {
        let mut l = leader();
        // Leader appended `a`: LEO 1. Round 1: both fetch at 0.
        l.update_follower_fetch(2, 0, 1, 1001, None);
        l.update_follower_fetch(3, 0, 1, 1001, None);
        assert_eq!(
            l.high_watermark_candidate(1, 0, 1001, 30_000, 1, &AllEligible),
            None
        );
        // Round 2: B2 at 1, HW still 0; B3 at 1, HW 1.
        l.update_follower_fetch(2, 1, 1, 1002, None);
        assert_eq!(
            l.high_watermark_candidate(1, 0, 1002, 30_000, 1, &AllEligible),
            None
        );
        l.update_follower_fetch(3, 1, 1, 1002, None);
        assert_eq!(
            l.high_watermark_candidate(1, 0, 1002, 30_000, 1, &AllEligible),
            Some(1)
        );
    }

    #[test]
    fn strict_min_isr_freezes_the_hw() {
        let mut l = LeaderState::new(1, 0, 0, vec![1, 2, 3], vec![1], 0, 0);
        assert_eq!(
            l.high_watermark_candidate(5, 0, 0, 30_000, 2, &AllEligible),
            None
        );
        l.isr = vec![1, 2];
        l.update_follower_fetch(2, 5, 5, 10, None);
        assert_eq!(
            l.high_watermark_candidate(5, 0, 10, 30_000, 2, &AllEligible),
            Some(5)
        );
    }

    #[test]
    fn a_follower_leaves_after_the_lag_time_s07() {
        let mut l = LeaderState::new(1, 0, 0, vec![1, 2], vec![1, 2], 0, 0);
        l.update_follower_fetch(2, 5, 5, 10_000, None);
        // `a` appended at 12000: leader LEO 6, no more fetches.
        assert!(l.out_of_sync(6, 30_000, 30_000).is_empty());
        assert!(l.out_of_sync(6, 40_000, 30_000).is_empty());
        assert_eq!(l.out_of_sync(6, 45_000, 30_000), vec![2]);
        // Without new records the follower's LEO equals the leader's: never removed.
        assert!(l.out_of_sync(5, 90_000, 30_000).is_empty());
    }

    #[test]
    fn expansion_needs_hw_and_epoch_start() {
        let mut l = LeaderState::new(1, 1, 0, vec![1, 2], vec![1], 5, 0);
        l.update_follower_fetch(2, 4, 6, 10, None);
        assert!(
            !l.should_expand(2, 4, &AllEligible),
            "below the epoch start offset"
        );
        l.update_follower_fetch(2, 6, 6, 11, None);
        assert!(l.should_expand(2, 6, &AllEligible));
        l.pending = Some(PendingIsr::Expand {
            replica: 2,
            proposed: vec![1, 2],
        });
        assert_eq!(l.maximal_isr(), vec![1, 2]);
        assert!(
            !l.should_expand(2, 6, &AllEligible),
            "a change is in flight"
        );
    }
}
