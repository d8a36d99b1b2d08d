//! Reading a session that a person hands over: a downloaded scenario file or a
//! share link, told apart by their first character.

use super::error::{ShareError, SizeLimit};
use super::link::decode;
use super::JSON_BYTES_MAX;
use crate::scenario::{self, Scenario};

/// The scenario in `text`: a scenario JSON file (text starting with `{`, after
/// whitespace and a byte-order mark) or a share link (anything else).
pub fn read_session(text: &str) -> Result<Scenario, ShareError> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if !text.starts_with('{') {
        return decode(text);
    }
    if text.len() > JSON_BYTES_MAX {
        return Err(ShareError::TooLarge {
            limit: SizeLimit::Json,
            size: text.len(),
            max: JSON_BYTES_MAX,
        });
    }
    scenario::parse(text).map_err(ShareError::InvalidScenario)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::encode;

    const EXAMPLE: &str = include_str!("../../tests/scenario_example.json");

    #[test]
    fn files_and_links_give_the_same_scenario() {
        let scenario = scenario::parse(EXAMPLE).unwrap();
        assert_eq!(read_session(EXAMPLE), Ok(scenario.clone()));
        assert_eq!(
            read_session(&format!("\u{feff}\n{EXAMPLE}")),
            Ok(scenario.clone())
        );
        let link = encode(&scenario).unwrap();
        assert_eq!(read_session(&format!("  #{link}\n")), Ok(scenario));
    }

    #[test]
    fn a_bad_file_names_its_problems() {
        let Err(ShareError::InvalidScenario(errors)) = read_session("{\"brokers\": 1}") else {
            panic!("an invalid file");
        };
        assert_eq!(errors[0].path, "format");
        assert_eq!(read_session("hello"), Err(ShareError::NotALink));
    }

    #[test]
    fn a_huge_file_is_refused() {
        let huge = format!("{{\"title\": \"{}\"}}", "x".repeat(JSON_BYTES_MAX));
        assert!(matches!(
            read_session(&huge),
            Err(ShareError::TooLarge {
                limit: SizeLimit::Json,
                ..
            })
        ));
    }
}
