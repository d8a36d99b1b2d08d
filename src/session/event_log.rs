//! The recent engine events of the timeline being shown, for the event log:
//! bounded, the oldest dropped first.

use crate::engine::event::Event;

/// The most events shown.
pub const EVENTS_MAX: usize = 2_000;

/// Events in time order; [`EventLog::recent`] gives at most [`EVENTS_MAX`].
#[derive(Clone, Debug, Default)]
pub struct EventLog {
    /// Up to twice `EVENTS_MAX`, so that dropping old events is amortised.
    events: Vec<Event>,
}

impl EventLog {
    pub fn extend(&mut self, events: Vec<Event>) {
        self.events.extend(events);
        if self.events.len() > 2 * EVENTS_MAX {
            let excess = self.events.len() - EVENTS_MAX;
            self.events.drain(..excess);
        }
    }

    /// Forgets the events after `t_ms` (before replaying from a snapshot at `t_ms`).
    pub fn truncate_after(&mut self, t_ms: u64) {
        let keep = self.events.partition_point(|e| e.at_ms <= t_ms);
        self.events.truncate(keep);
    }

    pub fn clear(&mut self) {
        self.events.clear();
    }

    /// The most recent events, oldest first, at most [`EVENTS_MAX`].
    pub fn recent(&self) -> &[Event] {
        &self.events[self.events.len().saturating_sub(EVENTS_MAX)..]
    }
}
