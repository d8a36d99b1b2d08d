//! What the page opens, from its address: the options of the query
//! (`?embed&lesson=…`, see [`crate::embed::EmbedOptions`]) and the session of the
//! fragment (`#s=1.…&t=…`). Every problem (an unreadable option, a link that
//! cannot be opened) is collected for the page to say, and the page still opens:
//! the playground with its default cluster at worst. A lesson or challenge asked
//! for is fetched first (see [`crate::ui::library`]): the guide opens it when it
//! arrives.

use std::rc::Rc;

use crate::challenge::Challenge;
use crate::embed::{Content, EmbedOptions, OptionProblem};
use crate::lesson::Lesson;
use crate::scenario::limits::TIME_MS_MAX;
use crate::scenario::Scenario;
use crate::share::ShareError;
use crate::ui::share::session_in_fragment;

/// The fragment parameter that holds the moment shown (virtual ms), next to the
/// session's `s=`: a link reopens the session at the moment it was shared.
pub const AT_PARAM: &str = "t";

/// What the page shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    /// The playground (and, outside embed mode, the lesson and challenge lists).
    Playground,
    Lesson(Rc<Lesson>),
    Challenge(Rc<Challenge>),
    /// The lesson or challenge of the page's address, until its file arrives.
    Loading(Content),
}

/// The page as its address asks for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Opening {
    /// With the lesson or challenge asked for (`content`).
    pub options: EmbedOptions,
    /// The session of a share link, replacing the mode's own scenario.
    pub session: Option<Scenario>,
    /// The moment to show (`t=` of the fragment, else 0).
    pub at_ms: u64,
    /// The share link could not be opened.
    pub link_error: Option<ShareError>,
    /// Options that could not be read.
    pub option_problems: Vec<OptionProblem>,
}

impl Opening {
    /// Reads `location.search` and `location.hash`.
    pub fn read(search: &str, hash: &str) -> Opening {
        let (options, option_problems) = EmbedOptions::parse(search);
        let (session, link_error) = match session_in_fragment(hash) {
            None => (None, None),
            Some(Ok(session)) => (Some(session), None),
            Some(Err(error)) => (None, Some(error)),
        };
        let at_ms = session.as_ref().map_or(0, |_| moment(hash));
        Opening {
            options,
            session,
            at_ms,
            link_error,
            option_problems,
        }
    }
}

/// The `t=` of the fragment: a whole number of ms, else 0.
fn moment(hash: &str) -> u64 {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    fragment
        .split('&')
        .find_map(|part| part.strip_prefix(AT_PARAM)?.strip_prefix('='))
        .and_then(|t| t.parse::<u64>().ok())
        .map_or(0, |t| t.min(TIME_MS_MAX))
}

/// The fragment of a share link that reopens `session_fragment` (`s=1.…`) at
/// `at_ms`.
pub fn fragment_at(session_fragment: &str, at_ms: u64) -> String {
    if at_ms == 0 {
        session_fragment.to_string()
    } else {
        format!("{session_fragment}&{AT_PARAM}={at_ms}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;
    use crate::share;

    #[test]
    fn no_address_opens_the_playground() {
        let opening = Opening::read("", "");
        assert_eq!(opening.options.content, Content::Playground);
        assert_eq!(opening.session, None);
        assert_eq!(opening.link_error, None);
        assert!(opening.option_problems.is_empty());
    }

    #[test]
    fn names_the_lesson_or_the_challenge_asked_for() {
        let opening = Opening::read("?lesson=election-order", "");
        assert_eq!(
            opening.options.content,
            Content::Lesson("election-order".to_string())
        );
        let opening = Opening::read("?embed&challenge=reorder-records", "");
        assert_eq!(
            opening.options.content,
            Content::Challenge("reorder-records".to_string())
        );
        assert!(opening.options.embed);
    }

    #[test]
    fn a_share_link_opens_its_session_at_its_moment() {
        let session =
            scenario::parse(r#"{"format": "kafka-playground/scenario@1", "brokers": 2}"#).unwrap();
        let fragment = fragment_at(&share::encode(&session).unwrap(), 4321);
        let opening = Opening::read("", &format!("#{fragment}"));
        assert_eq!(opening.session, Some(session));
        assert_eq!(opening.at_ms, 4321);
        assert_eq!(
            Opening::read("", "#s=1.AAAA&t=99").at_ms,
            0,
            "no session, no moment"
        );
    }

    #[test]
    fn a_broken_link_opens_the_default_with_its_error() {
        let opening = Opening::read("", "#s=1.not-a-link");
        assert_eq!(opening.options.content, Content::Playground);
        assert_eq!(opening.session, None);
        assert!(opening.link_error.is_some_and(|e| e.is_corrupt()));
        let opening = Opening::read("", "#s=3.abc");
        assert!(matches!(
            opening.link_error,
            Some(ShareError::UnknownVersion { .. })
        ));
    }
}
