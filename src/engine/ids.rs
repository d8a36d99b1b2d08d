//! Identifiers shared by every part of the engine: network nodes and partitions.

use std::fmt;

/// A node of the simulated network. Clients are numbered in the order the
/// scenario lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeId {
    Controller,
    Broker(u32),
    Producer(u32),
    Consumer(u32),
}

impl NodeId {
    pub fn broker(self) -> Option<u32> {
        match self {
            NodeId::Broker(b) => Some(b),
            _ => None,
        }
    }
}

/// A topic partition. Topics are numbered in creation order (the controller's
/// topic table), so a partition is two small integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tp {
    pub topic: u32,
    pub partition: u32,
}

impl Tp {
    pub fn new(topic: u32, partition: u32) -> Self {
        Tp { topic, partition }
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeId::Controller => write!(f, "controller"),
            NodeId::Broker(b) => write!(f, "broker {b}"),
            NodeId::Producer(p) => write!(f, "producer {p}"),
            NodeId::Consumer(c) => write!(f, "consumer {c}"),
        }
    }
}
