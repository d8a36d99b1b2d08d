//! The simulated network: the only way messages move. Every message takes
//! `latency_ms` plus any extra delay of a slow broker at either end, links keep
//! FIFO order (as a TCP connection does), and cut links drop what they carry,
//! including messages already in flight when the cut happens.

use super::ids::NodeId;
use crate::engine::vec_map::{VecMap, VecSet};

/// Why a message never arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropReason {
    LinkCut,
    ReceiverDown,
    SenderCrashed,
    ReceiverRestarted,
}

impl DropReason {
    pub fn name(self) -> &'static str {
        match self {
            DropReason::LinkCut => "link cut",
            DropReason::ReceiverDown => "receiver down",
            DropReason::SenderCrashed => "sender crashed",
            DropReason::ReceiverRestarted => "receiver restarted",
        }
    }
}

fn link(a: NodeId, b: NodeId) -> (NodeId, NodeId) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    latency_ms: u64,
    cut: VecSet<(NodeId, NodeId)>,
    generation: VecMap<(NodeId, NodeId), u32>,
    slow: VecMap<u32, u64>,
    last_delivery: VecMap<(NodeId, NodeId), u64>,
    next_message_id: u64,
}

impl Network {
    pub fn new(latency_ms: u64) -> Self {
        Network {
            latency_ms,
            cut: VecSet::new(),
            generation: VecMap::new(),
            slow: VecMap::new(),
            last_delivery: VecMap::new(),
            next_message_id: 0,
        }
    }

    pub fn latency_ms(&self) -> u64 {
        self.latency_ms
    }

    pub fn is_cut(&self, a: NodeId, b: NodeId) -> bool {
        self.cut.contains(&link(a, b))
    }

    /// Every cut link, each once, in order.
    pub fn cut_links(&self) -> impl Iterator<Item = &(NodeId, NodeId)> {
        self.cut.iter()
    }

    pub fn extra_latency_ms(&self, broker: u32) -> u64 {
        self.slow.get(&broker).copied().unwrap_or(0)
    }

    /// Slow brokers and their extra delay.
    pub fn slow_brokers(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        self.slow.iter().map(|(b, ms)| (*b, *ms))
    }

    fn delay_ms(&self, from: NodeId, to: NodeId) -> u64 {
        let extra = |n: NodeId| n.broker().map_or(0, |b| self.extra_latency_ms(b));
        self.latency_ms + extra(from) + extra(to)
    }

    pub fn generation(&self, a: NodeId, b: NodeId) -> u32 {
        self.generation.get(&link(a, b)).copied().unwrap_or(0)
    }

    /// A new message id and the delivery time of a message sent now, keeping the
    /// link's FIFO order.
    pub fn route(&mut self, from: NodeId, to: NodeId, now_ms: u64) -> (u64, u64) {
        let id = self.next_message_id;
        self.next_message_id += 1;
        let earliest = now_ms + self.delay_ms(from, to);
        let last = self.last_delivery.entry((from, to)).or_insert(0);
        let at = earliest.max(*last);
        *last = at;
        (id, at)
    }

    /// Whether a message sent at link generation `generation` may be delivered now.
    pub fn may_deliver(&self, from: NodeId, to: NodeId, generation: u32) -> bool {
        !self.is_cut(from, to) && self.generation(from, to) == generation
    }

    pub fn cut_link(&mut self, a: NodeId, b: NodeId) {
        if a == b {
            return;
        }
        let key = link(a, b);
        if self.cut.insert(key) {
            *self.generation.entry(key).or_insert(0) += 1;
        }
    }

    /// Cuts every link between nodes on different sides (`partition_network`).
    pub fn partition(&mut self, sides: &[Vec<NodeId>]) {
        for (i, side) in sides.iter().enumerate() {
            for other in &sides[i + 1..] {
                for &a in side {
                    for &b in other {
                        self.cut_link(a, b);
                    }
                }
            }
        }
    }

    /// Cuts every link of `node` to the others (`isolate`).
    pub fn isolate(&mut self, node: NodeId, all: &[NodeId]) {
        for &other in all {
            self.cut_link(node, other);
        }
    }

    pub fn heal(&mut self) {
        self.cut.clear();
    }

    pub fn set_slow(&mut self, broker: u32, extra_latency_ms: u64) {
        if extra_latency_ms == 0 {
            self.slow.remove(&broker);
        } else {
            self.slow.insert(broker, extra_latency_ms);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_fifo_order_when_a_broker_speeds_up() {
        let mut net = Network::new(1);
        net.set_slow(2, 50);
        let (_, slow) = net.route(NodeId::Broker(1), NodeId::Broker(2), 0);
        net.set_slow(2, 0);
        let (_, fast) = net.route(NodeId::Broker(1), NodeId::Broker(2), 1);
        assert_eq!(slow, 51);
        assert_eq!(fast, 51, "a later message never overtakes on one link");
    }

    #[test]
    fn a_cut_drops_messages_in_flight_even_after_healing() {
        let mut net = Network::new(1);
        let (a, b) = (NodeId::Broker(1), NodeId::Controller);
        let generation = net.generation(a, b);
        net.partition(&[vec![a], vec![b, NodeId::Broker(2)]]);
        assert!(net.is_cut(b, a));
        assert!(!net.is_cut(b, NodeId::Broker(2)));
        net.heal();
        assert!(!net.may_deliver(a, b, generation));
        assert!(net.may_deliver(a, b, net.generation(a, b)));
    }
}
