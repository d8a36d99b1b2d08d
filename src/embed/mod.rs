//! Embedding the playground in another page (a blog post, a tutorial site): the
//! options an author writes in the iframe's URL query, the `postMessage` protocol
//! between the host page and the playground, and the iframe snippet the Embed
//! button offers. Pure Rust with no web dependency: the UI reads `location.search`
//! and `message` events and hands their text here. The protocol is documented for
//! authors in `docs/embedding.md`.
//!
//! - [`EmbedOptions::parse`] reads the query: `?embed&autoplay&controls=locked&partition=t-0&lesson=ID&origin=https://blog.example`.
//! - [`Command::parse`] reads a message from the host page (`{"command": "play"}`), typed
//!   and validated; messages without a `command` key are not ours and are ignored.
//! - With an `origin` option, [`origin_allowed`] says no to messages from any other origin
//!   (they are ignored).
//! - [`Outgoing`] is what the playground tells the host page (ready, state changed,
//!   lesson step reached, event reached, error), as JSON.
//! - [`snippet`] writes the `<iframe>` HTML for the current session and options.

mod command;
mod options;
mod origin;
mod outgoing;
mod query;
mod snippet;

pub use command::{Command, CommandError, Received};
pub use options::{Content, EmbedOptions, FocusPartition, OptionProblem, SPEED_MAX};
pub use origin::{origin_allowed, parse_origin};
pub use outgoing::Outgoing;
pub use snippet::{snippet, FrameSize};

/// The protocol version, sent in the `ready` event.
pub const PROTOCOL_VERSION: u32 = 1;

/// The `source` of every message the playground posts, so a host page can tell
/// them from other messages.
pub const SOURCE: &str = "kafka-playground";
