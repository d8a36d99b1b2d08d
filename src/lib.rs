//! Kafka Playground: a deterministic simulation of an Apache Kafka cluster.
//!
//! - [`embed`]: embedding in other pages: URL options, the postMessage protocol, the iframe snippet.
//! - [`engine`]: the cluster simulation itself, pure Rust with no web dependency.
//! - [`scenario`]: the public scenario and report JSON format and its validation.
//! - [`session`]: a playground session: time travel, forks, export as a scenario.
//! - [`share`]: share links: a whole session in a URL fragment, and session files.
//! - [`lesson`]: guided lessons: a scenario plus captions triggered by engine events.
//! - [`challenge`]: classroom challenges: a goal checked on the run, and solutions.
//! - [`ui`]: the Yew user interface that animates the engine in the browser.

pub mod challenge;
pub mod embed;
pub mod engine;
pub mod lesson;
pub mod scenario;
pub mod session;
pub mod share;
pub mod ui;
