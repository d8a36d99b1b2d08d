//! Snapshots of the cluster for time travel: a copy of the whole [`Cluster`] at
//! fixed points of virtual time, so that showing any earlier moment costs one
//! copy plus the replay of at most one interval.
//!
//! Memory stays bounded over long runs: when more than [`SNAPSHOTS_MAX`] are held,
//! every other one is dropped and the interval doubles. After `n` thinnings the
//! interval is `INTERVAL_MS_START * 2^n`, which bounds the replay of a seek; a run
//! of one virtual hour keeps snapshots 64 s apart (thinned four times).

use crate::engine::Cluster;

/// The interval between snapshots at the start of a run (virtual milliseconds).
pub const INTERVAL_MS_START: u64 = 4_000;

/// The most snapshots held at once.
pub const SNAPSHOTS_MAX: usize = 64;

/// Snapshots of one timeline, by time. A snapshot at `t` is the cluster with
/// everything scheduled at or before `t` run (see [`super::Session`]).
#[derive(Clone, Debug)]
pub struct Snapshots {
    interval_ms: u64,
    /// In increasing time; times are multiples of `interval_ms`; the first is at 0.
    taken: Vec<(u64, Cluster)>,
}

impl Snapshots {
    /// Starts with the cluster at time 0.
    pub fn new(start: &Cluster) -> Snapshots {
        Snapshots {
            interval_ms: INTERVAL_MS_START,
            taken: vec![(0, start.clone())],
        }
    }

    pub fn interval_ms(&self) -> u64 {
        self.interval_ms
    }

    pub fn len(&self) -> usize {
        self.taken.len()
    }

    pub fn is_empty(&self) -> bool {
        self.taken.is_empty()
    }

    /// The next time a snapshot is due: the first multiple of the interval after
    /// the latest snapshot.
    pub fn next_due_ms(&self) -> u64 {
        let last = self.taken.last().map_or(0, |(t, _)| *t);
        (last / self.interval_ms + 1) * self.interval_ms
    }

    /// Keeps `cluster` as the snapshot at `at_ms` (a time returned by
    /// [`Snapshots::next_due_ms`]), thinning out when over the bound.
    pub fn push(&mut self, at_ms: u64, cluster: &Cluster) {
        self.taken.push((at_ms, cluster.clone()));
        while self.taken.len() > SNAPSHOTS_MAX {
            self.interval_ms *= 2;
            let interval = self.interval_ms;
            self.taken.retain(|(t, _)| t % interval == 0);
        }
    }

    /// The latest snapshot at or before `t_ms`, with its time.
    pub fn at_or_before(&self, t_ms: u64) -> (u64, &Cluster) {
        let i = self.taken.partition_point(|(t, _)| *t <= t_ms);
        // The snapshot at 0 is never dropped, so `i >= 1`.
        let (t, cluster) = &self.taken[i.max(1) - 1];
        (*t, cluster)
    }

    /// Drops the snapshots after `t_ms`: a fork makes them another timeline.
    pub fn discard_after(&mut self, t_ms: u64) {
        self.taken.retain(|(t, _)| *t <= t_ms);
    }
}
