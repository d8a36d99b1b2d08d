//! Virtual time: the clock and the queue of everything scheduled to happen.
//! Times are milliseconds from 0. Entries at the same time run in the order they
//! were scheduled, except that scripted and user actions at a time run before
//! anything else at that time (a modelling choice, documented in the UI).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// When two entries share a time, the lower class runs first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Action = 0,
    Engine = 1,
}

#[derive(Clone, Debug)]
struct Entry<T> {
    at_ms: u64,
    class: Class,
    seq: u64,
    item: T,
}

impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl<T> Eq for Entry<T> {}

impl<T> Entry<T> {
    fn key(&self) -> (u64, Class, u64) {
        (self.at_ms, self.class, self.seq)
    }
}

impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Entry<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap is a max-heap: reverse so the earliest entry is on top.
        other.key().cmp(&self.key())
    }
}

/// The clock and a deterministic priority queue of scheduled items.
#[derive(Clone, Debug)]
pub struct Scheduler<T> {
    now_ms: u64,
    next_seq: u64,
    heap: BinaryHeap<Entry<T>>,
}

impl<T> Default for Scheduler<T> {
    fn default() -> Self {
        Scheduler {
            now_ms: 0,
            next_seq: 0,
            heap: BinaryHeap::new(),
        }
    }
}

impl<T> Scheduler<T> {
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    /// Schedules `item` at `at_ms` (never earlier than now).
    pub fn schedule(&mut self, at_ms: u64, class: Class, item: T) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Entry {
            at_ms: at_ms.max(self.now_ms),
            class,
            seq,
            item,
        });
    }

    /// The time of the next entry, if any.
    pub fn peek_ms(&self) -> Option<u64> {
        self.heap.peek().map(|e| e.at_ms)
    }

    /// Removes the next entry and advances the clock to its time.
    pub fn pop(&mut self) -> Option<T> {
        let entry = self.heap.pop()?;
        self.now_ms = entry.at_ms;
        Some(entry.item)
    }

    /// Moves the clock forward to `at_ms` without running anything.
    pub fn advance_to(&mut self, at_ms: u64) {
        self.now_ms = self.now_ms.max(at_ms);
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Every scheduled item, in no particular order (for views: what is in flight).
    pub fn items(&self) -> impl Iterator<Item = &T> {
        self.heap.iter().map(|e| &e.item)
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_class_then_insertion_order() {
        let mut s = Scheduler::default();
        s.schedule(10, Class::Engine, "engine-10-a");
        s.schedule(5, Class::Engine, "engine-5");
        s.schedule(10, Class::Action, "action-10");
        s.schedule(10, Class::Engine, "engine-10-b");
        let order: Vec<_> = std::iter::from_fn(|| s.pop()).collect();
        assert_eq!(
            order,
            vec!["engine-5", "action-10", "engine-10-a", "engine-10-b"]
        );
        assert_eq!(s.now_ms(), 10);
    }

    #[test]
    fn never_schedules_in_the_past() {
        let mut s = Scheduler::default();
        s.schedule(10, Class::Engine, 1);
        s.pop();
        s.schedule(3, Class::Engine, 2);
        assert_eq!(s.peek_ms(), Some(10));
    }
}
