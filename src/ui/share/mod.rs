//! Share links and session files in the page: the session in the URL's fragment
//! when the page opens (with a clear message when it cannot be read), the Share
//! panel (the link, download and upload of the session file), and the Embed
//! panel (the iframe snippet). The formats are [`crate::share`] and
//! [`crate::embed`].

mod banner;
mod bar;
mod embed_panel;
mod fragment;
mod panel;

pub use banner::{ShareErrorBanner, ShareErrorBannerProps};
pub use bar::{ShareBar, ShareBarProps};
pub use embed_panel::{EmbedPanel, EmbedPanelProps};
pub use fragment::session_in_fragment;
pub use panel::{share_url, SharePanel, SharePanelProps};
