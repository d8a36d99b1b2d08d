//! Why a share link (or a session file) cannot be opened. Each variant carries what
//! the UI needs to say it in the user's language; `Display` is the English text
//! `kplay` prints.

use std::fmt;

use crate::scenario::ScenarioError;

/// Which size bound a link or file broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeLimit {
    /// The link's fragment (`s=1.` and the payload), in characters.
    Link,
    /// The scenario JSON, in bytes: decompressed from a link, or read from a file.
    Json,
}

/// A link or session file that cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// No `s=` parameter in the link's fragment.
    NotALink,
    /// An `s=` parameter whose version this build does not read.
    UnknownVersion { version: String },
    /// Bigger than a bound (`size` is at least `max + 1`; for a link's JSON,
    /// decompression stops at the bound, so `size` is not the full size).
    TooLarge {
        limit: SizeLimit,
        size: usize,
        max: usize,
    },
    /// The payload is not base64url: a character outside `A-Z a-z 0-9 - _` at this
    /// character position of the payload, or a length no encoding produces.
    BadBase64 { position: Option<usize> },
    /// The payload does not decompress (zlib), or fails its checksum: a link cut
    /// short or altered.
    BadDeflate,
    /// The decompressed payload is not UTF-8 text.
    NotText,
    /// The JSON is malformed or is not a valid scenario: every problem, with its path.
    InvalidScenario(Vec<ScenarioError>),
}

impl ShareError {
    /// The link was damaged on the way (copied in part, altered, or not one of ours).
    pub fn is_corrupt(&self) -> bool {
        matches!(
            self,
            ShareError::BadBase64 { .. }
                | ShareError::BadDeflate
                | ShareError::NotText
                | ShareError::InvalidScenario(_)
        )
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotALink => write!(
                f,
                "not a Kafka Playground share link: it has no \"s=\" part after the \"#\""
            ),
            ShareError::UnknownVersion { version } => write!(
                f,
                "the link is in share format version {version:?}, which this version of Kafka Playground cannot read (it reads version {})",
                super::VERSION
            ),
            ShareError::TooLarge { limit, size, max } => match limit {
                SizeLimit::Link => write!(
                    f,
                    "the link is too long: {size} characters after the \"#\", more than the {max} allowed"
                ),
                SizeLimit::Json => write!(
                    f,
                    "the scenario is too large: more than the {max} bytes of JSON allowed (at least {size})"
                ),
            },
            ShareError::BadBase64 {
                position: Some(position),
            } => write!(
                f,
                "the link is damaged: character {} of its data is not allowed in a share link",
                position + 1
            ),
            ShareError::BadBase64 { position: None } => write!(
                f,
                "the link is damaged: its data has a length no share link has (cut short?)"
            ),
            ShareError::BadDeflate => write!(
                f,
                "the link is damaged: its data does not decompress (cut short or altered?)"
            ),
            ShareError::NotText => write!(f, "the link is damaged: its data is not text"),
            ShareError::InvalidScenario(errors) => {
                write!(f, "the scenario is not valid: ")?;
                let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
                write!(f, "{}", shown.join("; "))
            }
        }
    }
}

impl std::error::Error for ShareError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_is_wrong() {
        assert_eq!(
            ShareError::UnknownVersion {
                version: "2".into()
            }
            .to_string(),
            "the link is in share format version \"2\", which this version of Kafka Playground cannot read (it reads version 1)"
        );
        assert_eq!(
            ShareError::TooLarge {
                limit: SizeLimit::Link,
                size: 40000,
                max: 32768
            }
            .to_string(),
            "the link is too long: 40000 characters after the \"#\", more than the 32768 allowed"
        );
        assert_eq!(
            ShareError::BadBase64 { position: Some(0) }.to_string(),
            "the link is damaged: character 1 of its data is not allowed in a share link"
        );
        let invalid = ShareError::InvalidScenario(vec![ScenarioError {
            path: "brokers".into(),
            message: "missing".into(),
        }]);
        assert_eq!(
            invalid.to_string(),
            "the scenario is not valid: brokers: missing"
        );
        assert!(invalid.is_corrupt());
        assert!(!ShareError::NotALink.is_corrupt());
    }
}
