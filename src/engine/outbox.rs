//! Effects a handler asks for. Handlers are pure state machines: they read their
//! own state and a message or timer, change their state, and write messages to
//! send, timers to set, trace events and ledger notes here. The cluster is the
//! only interpreter of an outbox (design: stateright's `Out`, raft-rs's `Ready`).

use super::event::EventKind;
use super::ids::NodeId;
use super::ledger::LedgerNote;
use super::message::Payload;

pub struct Outbox<T> {
    pub now_ms: u64,
    pub sends: Vec<(NodeId, Payload)>,
    pub timers: Vec<(u64, T)>,
    pub notes: Vec<LedgerNote>,
    events: Option<Vec<EventKind>>,
}

impl<T> Outbox<T> {
    pub fn new(now_ms: u64, trace: bool) -> Self {
        Outbox {
            now_ms,
            sends: Vec::new(),
            timers: Vec::new(),
            notes: Vec::new(),
            events: trace.then(Vec::new),
        }
    }

    pub fn send(&mut self, to: NodeId, payload: Payload) {
        self.sends.push((to, payload));
    }

    /// Sets a timer `delay_ms` from now.
    pub fn timer_in(&mut self, delay_ms: u64, timer: T) {
        self.timers
            .push((self.now_ms.saturating_add(delay_ms), timer));
    }

    /// Sets a timer at an absolute time.
    pub fn timer_at(&mut self, at_ms: u64, timer: T) {
        self.timers.push((at_ms, timer));
    }

    /// Records a trace event; the closure runs only when tracing is on.
    pub fn event(&mut self, make: impl FnOnce() -> EventKind) {
        if let Some(events) = &mut self.events {
            events.push(make());
        }
    }

    pub fn note(&mut self, note: LedgerNote) {
        self.notes.push(note);
    }

    pub fn take_events(&mut self) -> Vec<EventKind> {
        self.events.as_mut().map(std::mem::take).unwrap_or_default()
    }
}
