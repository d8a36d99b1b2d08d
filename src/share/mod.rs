//! Share links: a whole session (a lesson, a free play, a challenge solution) in
//! the fragment of a URL, so that opening the link replays it exactly. A session is
//! a [`Scenario`](crate::scenario::Scenario) whose script holds everything that
//! happened, the user's own actions included; the engine is deterministic, so the
//! scenario is the session.
//!
//! # The link format, version 1
//!
//! ```text
//! https://HOST/PATH/#s=1.PAYLOAD
//!                    │ │ └ base64url (RFC 4648 §5, no padding) of
//!                    │ │   zlib (RFC 1950: deflate with an Adler-32 checksum) of
//!                    │ │   the canonical kafka-playground/scenario@1 JSON
//!                    │ └── share format version: 1 carries kafka-playground/scenario@1
//!                    └──── the parameter that holds the session
//! ```
//!
//! - The fragment is a list of `name=value` parameters separated by `&`. `s` holds
//!   the session; other parameters are ignored, so later versions may add optional
//!   ones (a lesson step, a challenge id) without breaking older links.
//! - Versioning: the number before the first `.` names the encoding of what
//!   follows. Version `N` always carries `kafka-playground/scenario@N` JSON through
//!   zlib and base64url; a new scenario format or a new encoding takes the next
//!   number, and a reader that does not know a number says so
//!   ([`ShareError::UnknownVersion`]) rather than guessing. This build reads and
//!   writes version [`VERSION`].
//! - The canonical JSON is [`scenario::to_json`](crate::scenario::to_json) with
//!   sorted keys and no whitespace ([`canonical_json`]): the same session always
//!   gives the same link.
//! - Bounds: the fragment (`s=1.` and the payload) is at most [`LINK_CHARS_MAX`]
//!   characters, and the JSON at most [`JSON_BYTES_MAX`] bytes. Decompression
//!   stops at that bound, so a small link that inflates to gigabytes (a
//!   decompression bomb) costs nothing. A session too large for a link is refused by
//!   [`encode`]; download it as a file instead.
//! - Decoding never panics. A link that is not one ([`ShareError::NotALink`]),
//!   from an unknown version, too large, or damaged (bad base64url, data that does not
//!   decompress or fails its checksum, not UTF-8, or not a valid scenario, with every validation error and its path)
//!   gives a typed [`ShareError`]; the UI shows it and opens the playground empty.
//! - Opening a link only ever runs the simulation: the payload is data, validated
//!   by the scenario parser, with every count and time bounded by
//!   [`scenario::limits`](crate::scenario::limits). Its text fields (title,
//!   description, ids) are shown as text, never as HTML.
//!
//! A downloaded session file is the same scenario written as JSON;
//! [`read_session`] reads either form.
//!
//! # API for the UI
//!
//! ```
//! use kafka_playground::{scenario, share};
//! let session = scenario::parse(r#"{"format": "kafka-playground/scenario@1", "brokers": 3}"#).unwrap();
//! let fragment = share::encode(&session).unwrap(); // "s=1.…": put it after "#"
//! assert_eq!(share::decode(&format!("https://example.org/#{fragment}")), Ok(session));
//! assert!(share::decode("#s=9.abc").is_err());
//! ```

mod base64url;
mod error;
mod link;
mod session;

pub use error::{ShareError, SizeLimit};
pub use link::{canonical_json, decode, encode};
pub use session::read_session;

/// The fragment parameter that holds a session.
pub const PARAM: &str = "s";

/// The share format version this build reads and writes.
pub const VERSION: &str = "1";

/// The longest fragment (`s=1.` and the payload), in characters: far more than
/// any lesson needs (a few hundred), and within what browsers and chat tools
/// keep of a URL.
pub const LINK_CHARS_MAX: usize = 32 * 1024;

/// The largest scenario JSON, in bytes, from a link (after decompression) or a file.
pub const JSON_BYTES_MAX: usize = 1024 * 1024;
