//! The simulation engine: a deterministic discrete-event model of a Kafka 3.9 KRaft
//! cluster. Pure Rust, no web dependency. Time is virtual milliseconds; every random
//! choice comes from one seeded generator; nothing iterates a hash map.

pub mod action;
pub mod config;
pub mod spec;
