//! The page's modes: the playground (with the lesson and challenge lists), a
//! lesson, a challenge, and any of them in embed mode; chosen by the page's
//! address ([`Opening`]).

mod guide;
mod opening;

pub use guide::{Guide, GuideMsg};
pub use opening::{fragment_at, Mode, Opening, AT_PARAM};
