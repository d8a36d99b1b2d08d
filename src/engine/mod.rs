//! The simulation engine: a deterministic discrete-event model of a Kafka 3.9 KRaft
//! cluster. Pure Rust, no web dependency. Time is virtual milliseconds; every random
//! choice comes from one seeded generator; nothing iterates a hash map.

pub mod action;
pub mod assignor;
pub mod broker;
pub mod client;
pub mod cluster;
pub mod config;
pub mod controller;
pub mod error;
pub mod event;
pub mod group;
pub mod ids;
pub mod invariants;
pub mod ledger;
pub mod log;
pub mod message;
pub mod metadata;
pub mod network;
pub mod outbox;
pub mod rng;
pub mod sort;
pub mod spec;
pub mod time;
pub mod vec_map;

pub use action::Action;
pub use cluster::Cluster;
pub use spec::ClusterSpec;
