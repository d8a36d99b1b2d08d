//! A client's view of the cluster metadata (`Metadata`, `MetadataCache` in the
//! Java client): topics, partition leaders, and which broker to ask next. Clients
//! bootstrap from every broker and ask one that is not known to be unreachable.

use std::rc::Rc;

use crate::engine::ids::Tp;
use crate::engine::message::ClientMetadata;
use crate::engine::vec_map::{VecMap, VecSet};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetadataView {
    pub topics: VecMap<Rc<str>, (u32, u32)>,
    pub leaders: VecMap<Tp, (Option<u32>, u32)>,
    /// The bootstrap list: every broker.
    pub brokers: Vec<u32>,
    /// Brokers whose connection failed recently; skipped when choosing.
    pub unreachable: VecSet<u32>,
    /// The Metadata request in flight: `(request id, broker)`.
    pub in_flight: Option<(u64, u32)>,
    /// Set when an error says the leaders may have moved.
    pub stale: bool,
    pub updated_at_ms: Option<u64>,
    /// When the last Metadata request was sent.
    pub last_request_ms: Option<u64>,
    cursor: usize,
}

impl MetadataView {
    pub fn new(brokers: Vec<u32>) -> Self {
        MetadataView {
            brokers,
            stale: true,
            ..MetadataView::default()
        }
    }

    /// The broker to ask next: round robin over the reachable ones (all, when
    /// none is known reachable).
    pub fn next_broker(&mut self) -> Option<u32> {
        let n = self.brokers.len();
        if n == 0 {
            return None;
        }
        for step in 0..n {
            let candidate = self.brokers[(self.cursor + step) % n];
            if !self.unreachable.contains(&candidate) {
                self.cursor = (self.cursor + step + 1) % n;
                return Some(candidate);
            }
        }
        self.unreachable.clear();
        let candidate = self.brokers[self.cursor % n];
        self.cursor = (self.cursor + 1) % n;
        Some(candidate)
    }

    pub fn update(&mut self, metadata: &ClientMetadata, now_ms: u64) {
        self.topics.clear();
        self.topics.extend(
            metadata
                .topics
                .iter()
                .map(|(id, name, n)| (name.clone(), (*id, *n))),
        );
        self.leaders.clear();
        self.leaders.extend(
            metadata
                .partitions
                .iter()
                .map(|p| (p.tp, (p.leader, p.leader_epoch))),
        );
        self.stale = false;
        self.updated_at_ms = Some(now_ms);
    }

    pub fn leader(&self, tp: Tp) -> Option<u32> {
        self.leaders.get(&tp).and_then(|(l, _)| *l)
    }

    pub fn leader_epoch(&self, tp: Tp) -> u32 {
        self.leaders.get(&tp).map_or(0, |(_, e)| *e)
    }

    pub fn topic(&self, name: &str) -> Option<(u32, u32)> {
        self.topics.get(name).copied()
    }

    /// The connection to `broker` failed.
    pub fn mark_unreachable(&mut self, broker: u32) {
        self.unreachable.insert(broker);
        self.stale = true;
        if self.in_flight.is_some_and(|(_, b)| b == broker) {
            self.in_flight = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_unreachable_brokers_and_rotates() {
        let mut view = MetadataView::new(vec![1, 2, 3]);
        assert_eq!(view.next_broker(), Some(1));
        view.mark_unreachable(2);
        assert_eq!(view.next_broker(), Some(3));
        assert_eq!(view.next_broker(), Some(1));
        view.mark_unreachable(1);
        view.mark_unreachable(3);
        assert!(
            view.next_broker().is_some(),
            "all unreachable: try again anyway"
        );
    }
}
