//! Embed mode in the page: the frame without chrome and its link back to the
//! full playground, and the `postMessage` channel to the host page. The options
//! and the protocol are [`crate::embed`]; `docs/embedding.md` documents them.

mod frame;
mod host;

pub use frame::{full_playground_url, EmbedFrame, EmbedFrameProps};
pub use host::HostChannel;
