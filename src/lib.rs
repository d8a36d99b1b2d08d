//! Kafka Playground: a deterministic simulation of an Apache Kafka cluster.
//!
//! - [`engine`]: the cluster simulation itself, pure Rust with no web dependency.
//! - [`scenario`]: the public scenario and report JSON format and its validation.
//! - [`ui`]: the Yew user interface that animates the engine in the browser.

pub mod engine;
pub mod lesson;
pub mod scenario;
pub mod share;
pub mod ui;
