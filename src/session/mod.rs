//! A playground session: a scenario plus the actions the user took, at the times
//! they took them. The engine is deterministic, so the cluster at any moment is a
//! pure function of the session; [`Session`] keeps the moment being shown, the
//! furthest moment simulated (the head), and [`snapshots`] for time travel.
//!
//! Time. The cluster "at `t`" has run everything scheduled at or before `t`
//! (engine steps, scripted actions) and its clock reads `t`. An action the user
//! takes while `t` is shown is recorded at `t + 1`: like a scripted action, it runs
//! before anything else at that millisecond (a modelling choice of the engine's
//! scheduler). Recording it one millisecond on keeps what the user has already
//! seen at `t` unchanged, and makes the session replay exactly: [`Session::scenario`]
//! writes the user's actions as script entries at those times, and the exported
//! scenario, run by `kplay` or re-imported, goes through the same states. (An
//! action applied with `Cluster::apply` once the items at `t` have run would not
//! replay: the same action scripted at `t` runs before them. So the session never
//! applies one directly: it schedules each user action, just before its time, as
//! the script's are; `every_kind_of_action_replays_the_same_from_the_export`
//! checks it.)
//!
//! Forks. Acting while an earlier moment is shown discards the old future: the
//! user's actions after that moment and the snapshots after it.
//!
//! Cost. A seek copies the nearest earlier snapshot and replays at most one
//! snapshot interval ([`Session::snapshot_interval_ms`], 4 s of virtual time at the
//! start, doubling each time the bounded set of snapshots is thinned out; see
//! [`snapshots`]). With 100,000 records in the logs a copy takes about 30 ms
//! natively, so snapshots are rare enough there (tens of seconds of virtual time
//! apart) not to disturb playback.

mod act_error;
mod event_log;
pub mod snapshots;

use crate::engine::action::{Action, TimedAction};
use crate::engine::event::Event;
use crate::engine::Cluster;
use crate::scenario::limits::TIME_MS_MAX;
use crate::scenario::{self, run, Scenario};
use crate::share::{read_session, ShareError};

pub use act_error::ActError;
pub use event_log::{EventLog, EVENTS_MAX};
use snapshots::Snapshots;

/// A scenario, the user's timed actions, and the cluster at the moment shown.
#[derive(Clone, Debug)]
pub struct Session {
    base: Scenario,
    /// The user's actions, by time; equal times in the order taken.
    user: Vec<TimedAction>,
    /// The cluster at `view_ms` (its clock).
    cluster: Cluster,
    head_ms: u64,
    snapshots: Snapshots,
    log: EventLog,
}

impl Session {
    /// A session at time 0 of `scenario`, with its script scheduled.
    pub fn new(scenario: Scenario) -> Session {
        let mut cluster = run::start(&scenario, true);
        let mut log = EventLog::default();
        run_engine(&mut cluster, 0, &mut log);
        let snapshots = Snapshots::new(&cluster);
        Session {
            base: scenario,
            user: Vec::new(),
            cluster,
            head_ms: 0,
            snapshots,
            log,
        }
    }

    /// A session from a scenario JSON file or a share link.
    pub fn from_text(text: &str) -> Result<Session, ShareError> {
        read_session(text).map(Session::new)
    }

    /// The furthest moment simulated in this timeline.
    pub fn head_ms(&self) -> u64 {
        self.head_ms
    }

    /// The moment shown (`== head_ms` when live).
    pub fn view_ms(&self) -> u64 {
        self.cluster.now_ms()
    }

    /// The cluster at [`Session::view_ms`].
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// The scenario the session started from, without the user's actions.
    pub fn base(&self) -> &Scenario {
        &self.base
    }

    /// The user's actions in this timeline, by time.
    pub fn user_actions(&self) -> &[TimedAction] {
        &self.user
    }

    /// Play: moves the view forward to `t_ms` (capped at the scenario format's
    /// time bound), running the engine past the head if needed. An earlier `t_ms`
    /// is ignored (use [`Session::seek`]).
    pub fn advance_to(&mut self, t_ms: u64) {
        let target = t_ms.min(TIME_MS_MAX);
        if target <= self.view_ms() {
            return;
        }
        while self.snapshots.next_due_ms() <= target {
            let due = self.snapshots.next_due_ms();
            run_with_user(&mut self.cluster, due, &self.user, &mut self.log);
            self.snapshots.push(due, &self.cluster);
        }
        run_with_user(&mut self.cluster, target, &self.user, &mut self.log);
        self.head_ms = self.head_ms.max(target);
    }

    /// Moves the view to the time of the next engine item or user action, and runs
    /// everything at that time. Returns the new view time, or `None` when nothing
    /// is left to happen (or the time bound is reached).
    pub fn step_event(&mut self) -> Option<u64> {
        let view = self.view_ms();
        let next_user = self.user.iter().map(|a| a.at_ms).find(|&t| t > view);
        let next = match (self.cluster.next_event_ms(), next_user) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        if next > TIME_MS_MAX || next <= view {
            return None;
        }
        self.advance_to(next);
        Some(next)
    }

    /// Time travel: shows the cluster at `t_ms` (at most the head), from the
    /// nearest earlier snapshot plus replay.
    pub fn seek(&mut self, t_ms: u64) {
        let target = t_ms.min(self.head_ms);
        let view = self.view_ms();
        if target == view {
            return;
        }
        if target < view {
            let (snap_ms, snapshot) = self.snapshots.at_or_before(target);
            self.cluster = snapshot.clone();
            self.log.truncate_after(snap_ms);
        } else {
            // Forward past a snapshot: replay from the last one before the target
            // (so that the event log holds what led to it), not from the view.
            let (snap_ms, snapshot) = self.snapshots.at_or_before(target - 1);
            if snap_ms > view {
                self.cluster = snapshot.clone();
                self.log.clear();
            }
        }
        self.advance_to(target);
    }

    /// The user acts at the moment shown: `action` is recorded at `view_ms + 1`
    /// (see the module doc). When the view is in the past, the future after it is
    /// discarded first (a fork). An action the engine would refuse now, or that
    /// would make the session an invalid scenario (over a bound), is refused and
    /// changes nothing.
    pub fn act(&mut self, action: Action) -> Result<(), ActError> {
        let view = self.view_ms();
        let at_ms = view + 1;
        if at_ms > TIME_MS_MAX {
            return Err(ActError::TooLate { at_ms });
        }
        self.cluster
            .clone()
            .apply(&action)
            .map_err(|e| ActError::Refused(e.message))?;
        let forks = view < self.head_ms;
        let mut user = self.user.clone();
        if forks {
            user.retain(|a| a.at_ms <= view);
        }
        user.push(TimedAction { at_ms, action });
        let head_ms = if forks { view } else { self.head_ms };
        let candidate = export(&self.base, &user, head_ms);
        scenario::parse_value(&scenario::to_json(&candidate)).map_err(ActError::Invalid)?;
        self.user = user;
        if forks {
            self.snapshots.discard_after(view);
            self.head_ms = view;
        }
        Ok(())
    }

    /// The recent engine events up to `view_ms`, oldest first: at most
    /// [`EVENTS_MAX`]. After a seek forward past a snapshot they start at that
    /// snapshot; otherwise they are the last ones of the timeline.
    /// Each carries its time (`Event::at_ms`).
    pub fn events(&self) -> &[Event] {
        self.log.recent()
    }

    /// The session as a scenario: the user's actions added to the script as timed
    /// entries, `run_until_ms` reaching the head (rounded up to a whole virtual
    /// minute, so that the scenario stays the same while the run plays on). Export it (`scenario::to_json`)
    /// or share it; re-importing it replays the same run.
    pub fn scenario(&self) -> Scenario {
        export(&self.base, &self.user, self.head_ms)
    }

    /// How much virtual time a seek replays at most.
    pub fn snapshot_interval_ms(&self) -> u64 {
        self.snapshots.interval_ms()
    }

    /// How many snapshots are held (at most [`snapshots::SNAPSHOTS_MAX`]).
    pub fn snapshot_count(&self) -> usize {
        self.snapshots.len()
    }
}

/// `base` with `user` merged into its script (at equal times, the base's entries
/// first: they were scheduled first) and a `run_until_ms` reaching `head_ms`.
fn export(base: &Scenario, user: &[TimedAction], head_ms: u64) -> Scenario {
    const MINUTE_MS: u64 = 60_000;
    let mut script = Vec::with_capacity(base.script.len() + user.len());
    let mut user_iter = user.iter().peekable();
    for entry in &base.script {
        while let Some(u) = user_iter.next_if(|u| u.at_ms < entry.at_ms) {
            script.push(u.clone());
        }
        script.push(entry.clone());
    }
    script.extend(user_iter.cloned());
    let last_at_ms = script.last().map_or(0, |e| e.at_ms);
    Scenario {
        run_until_ms: base
            .run_until_ms
            .max(head_ms.div_ceil(MINUTE_MS) * MINUTE_MS)
            .max(last_at_ms)
            .min(TIME_MS_MAX),
        script,
        ..base.clone()
    }
}

/// Runs `cluster` (at its clock) to `until_ms`, scheduling each user action just
/// before its time, so that it runs after the scripted actions of that time, as
/// in the exported script.
fn run_with_user(cluster: &mut Cluster, until_ms: u64, user: &[TimedAction], log: &mut EventLog) {
    let now = cluster.now_ms();
    let first = user.partition_point(|a| a.at_ms <= now);
    for action in user[first..].iter().take_while(|a| a.at_ms <= until_ms) {
        run_engine(cluster, action.at_ms.saturating_sub(1), log);
        cluster.schedule_action(action.at_ms, action.action.clone());
    }
    run_engine(cluster, until_ms, log);
}

/// Runs everything scheduled up to `until_ms`, collecting the events.
fn run_engine(cluster: &mut Cluster, until_ms: u64, log: &mut EventLog) {
    while cluster.next_event_ms().is_some_and(|t| t <= until_ms) {
        cluster.step();
        log.extend(cluster.take_events());
    }
    cluster.run_until(until_ms);
}

#[cfg(test)]
mod tests;
