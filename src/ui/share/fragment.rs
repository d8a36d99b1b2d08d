//! Opening the page with a share link: the session in the URL's fragment
//! (`#s=1.…`), if the fragment carries one. A fragment without an `s=` parameter
//! is not a share link (the page may use fragments for other things) and opens
//! the playground as usual; a fragment with one that cannot be read gives the
//! error, which the page shows while opening the default playground.

use crate::scenario::Scenario;
use crate::share::{self, ShareError, PARAM};

/// The session of the page's fragment (`location.hash`, with or without `#`):
/// `None` when it holds no `s=` parameter.
pub fn session_in_fragment(hash: &str) -> Option<Result<Scenario, ShareError>> {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    let prefix = format!("{PARAM}=");
    fragment
        .split('&')
        .any(|part| part.starts_with(&prefix))
        .then(|| share::decode(fragment))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    #[test]
    fn no_session_without_an_s_parameter() {
        assert_eq!(session_in_fragment(""), None);
        assert_eq!(session_in_fragment("#"), None);
        assert_eq!(session_in_fragment("#lessons"), None);
        assert_eq!(session_in_fragment("#step=3&x=1"), None);
    }

    #[test]
    fn reads_the_session_or_says_why_not() {
        let session =
            scenario::parse(r#"{"format": "kafka-playground/scenario@1", "brokers": 2}"#).unwrap();
        let fragment = share::encode(&session).unwrap();
        assert_eq!(
            session_in_fragment(&format!("#{fragment}")),
            Some(Ok(session))
        );
        assert_eq!(
            session_in_fragment("#s=2.abc"),
            Some(Err(ShareError::UnknownVersion {
                version: "2".into()
            }))
        );
        let corrupt = session_in_fragment(&format!("#{}", &fragment[..fragment.len() - 4]));
        assert!(matches!(corrupt, Some(Err(e)) if e.is_corrupt()));
    }
}
