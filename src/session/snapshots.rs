//! Snapshots of the cluster for time travel: a copy of the whole [`Cluster`] at
//! fixed points of virtual time, so that showing any earlier moment costs one
//! copy plus the replay of at most one interval.
//!
//! Memory stays bounded over long runs. A copy costs memory in proportion to the
//! records produced so far (the ledger and the logs hold every one), so both the
//! number of snapshots ([`SNAPSHOTS_MAX`]) and the records they hold together
//! ([`RECORDS_IN_SNAPSHOTS_MAX`]; a record costs roughly 250 bytes a copy) are
//! bounded: when either is passed, every other snapshot is dropped and the
//! interval doubles. The interval, and so the replay a seek costs, grows with the
//! run: an idle hour keeps snapshots 64 s apart; 100,000 records produced over
//! 500 s keep about eight snapshots, 64 s apart (about 100 MB).

use crate::engine::Cluster;

/// The interval between snapshots at the start of a run (virtual milliseconds).
pub const INTERVAL_MS_START: u64 = 4_000;

/// The most snapshots held at once.
pub const SNAPSHOTS_MAX: usize = 64;

/// The most records held by all snapshots together (each counts the records
/// produced up to its time).
pub const RECORDS_IN_SNAPSHOTS_MAX: usize = 600_000;

/// Snapshots of one timeline, by time. A snapshot at `t` is the cluster with
/// everything scheduled at or before `t` run (see [`super::Session`]).
#[derive(Clone, Debug)]
pub struct Snapshots {
    interval_ms: u64,
    max_count: usize,
    max_records: usize,
    /// In increasing time, at every multiple of `interval_ms` up to the last;
    /// with each, the records it holds.
    taken: Vec<(u64, Cluster, usize)>,
}

impl Snapshots {
    /// Starts with the cluster at time 0, with the default bounds.
    pub fn new(start: &Cluster) -> Snapshots {
        Snapshots::with_bounds(start, SNAPSHOTS_MAX, RECORDS_IN_SNAPSHOTS_MAX)
    }

    /// Starts with the cluster at time 0, holding at most `max_count` snapshots
    /// and `max_records` records in them (beyond the one at time 0).
    pub fn with_bounds(start: &Cluster, max_count: usize, max_records: usize) -> Snapshots {
        Snapshots {
            interval_ms: INTERVAL_MS_START,
            max_count,
            max_records,
            taken: vec![(0, start.clone(), start.ledger().len())],
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

    /// The records held by all snapshots together.
    pub fn records(&self) -> usize {
        self.taken.iter().map(|(_, _, records)| records).sum()
    }

    /// The next time a snapshot is due: the first multiple of the interval after
    /// the latest snapshot.
    pub fn next_due_ms(&self) -> u64 {
        let last = self.taken.last().map_or(0, |(t, _, _)| *t);
        (last / self.interval_ms + 1) * self.interval_ms
    }

    /// Keeps `cluster` as the snapshot at `at_ms` (a time returned by
    /// [`Snapshots::next_due_ms`]), thinning out when over a bound.
    pub fn push(&mut self, at_ms: u64, cluster: &Cluster) {
        self.taken
            .push((at_ms, cluster.clone(), cluster.ledger().len()));
        while self.taken.len() > 1
            && (self.taken.len() > self.max_count || self.records() > self.max_records)
        {
            self.interval_ms *= 2;
            let interval = self.interval_ms;
            self.taken.retain(|(t, _, _)| t % interval == 0);
        }
    }

    /// The latest snapshot at or before `t_ms`, with its time.
    pub fn at_or_before(&self, t_ms: u64) -> (u64, &Cluster) {
        let i = self.taken.partition_point(|(t, _, _)| *t <= t_ms);
        // The snapshot at 0 is never dropped, so `i >= 1`.
        let (t, cluster, _) = &self.taken[i.max(1) - 1];
        (*t, cluster)
    }

    /// Drops the snapshots after `t_ms`: a fork makes them another timeline.
    pub fn discard_after(&mut self, t_ms: u64) {
        self.taken.retain(|(t, _, _)| *t <= t_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{self, run};

    /// A cluster producing 100 records a second from 0.1 s.
    fn producing() -> Cluster {
        let scenario = scenario::parse(
            r#"{"format": "kafka-playground/scenario@1", "brokers": 3,
                "topics": [{"name": "t", "partitions": 2, "replication_factor": 3}],
                "producers": [{"id": "p"}],
                "script": [{"at_ms": 100, "op": "produce", "producer": "p", "topic": "t",
                            "count": 100000, "every_ms": 10}]}"#,
        )
        .unwrap();
        run::start(&scenario, false)
    }

    fn take_all(snapshots: &mut Snapshots, cluster: &mut Cluster, until_ms: u64) {
        while snapshots.next_due_ms() <= until_ms {
            let due = snapshots.next_due_ms();
            cluster.run_until(due);
            snapshots.push(due, cluster);
        }
    }

    #[test]
    fn the_records_held_stay_under_the_bound() {
        let mut cluster = producing();
        let mut snapshots = Snapshots::with_bounds(&cluster, 64, 20_000);
        take_all(&mut snapshots, &mut cluster, 120_000);
        assert!(cluster.ledger().len() > 5_000);
        assert!(snapshots.records() <= 20_000, "{}", snapshots.records());
        assert!(snapshots.interval_ms() > INTERVAL_MS_START);
        // Still one at every multiple of the interval up to the latest.
        let times: Vec<u64> = snapshots.taken.iter().map(|(t, _, _)| *t).collect();
        let interval = snapshots.interval_ms();
        assert!(times
            .iter()
            .enumerate()
            .all(|(i, t)| *t == i as u64 * interval));
        assert!(snapshots.next_due_ms() > cluster.now_ms());
    }

    #[test]
    fn the_count_stays_under_the_bound() {
        let mut cluster = producing();
        let mut snapshots = Snapshots::with_bounds(&cluster, 8, usize::MAX);
        take_all(&mut snapshots, &mut cluster, 100_000);
        assert!(snapshots.len() <= 8);
        assert!(snapshots.len() >= 4);
        assert_eq!(
            snapshots.at_or_before(99_999).0 % snapshots.interval_ms(),
            0
        );
        assert!(100_000 - snapshots.at_or_before(100_000).0 < snapshots.interval_ms());
    }
}
