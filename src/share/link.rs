//! Encoding a session into a link fragment and back (the format is in the module
//! documentation of [`crate::share`]).

use miniz_oxide::deflate::compress_to_vec_zlib;
use miniz_oxide::inflate::{decompress_to_vec_zlib_with_limit, TINFLStatus};

use super::base64url::{self, Base64Error};
use super::error::{ShareError, SizeLimit};
use super::{JSON_BYTES_MAX, LINK_CHARS_MAX, PARAM, VERSION};
use crate::scenario::{self, Scenario};

/// Deflate level: the smallest output; scenarios are small, so time does not matter.
const LEVEL: u8 = 9;

/// The fragment that reproduces `scenario` (without the `#`): `s=1.` and the
/// payload. Fails only when the scenario is too large for a link.
pub fn encode(scenario: &Scenario) -> Result<String, ShareError> {
    let json = canonical_json(scenario);
    if json.len() > JSON_BYTES_MAX {
        return Err(ShareError::TooLarge {
            limit: SizeLimit::Json,
            size: json.len(),
            max: JSON_BYTES_MAX,
        });
    }
    let payload = base64url::encode(&compress_to_vec_zlib(json.as_bytes(), LEVEL));
    let fragment = format!("{PARAM}={VERSION}.{payload}");
    if fragment.len() > LINK_CHARS_MAX {
        return Err(ShareError::TooLarge {
            limit: SizeLimit::Link,
            size: fragment.len(),
            max: LINK_CHARS_MAX,
        });
    }
    Ok(fragment)
}

/// The canonical JSON text of a scenario: [`scenario::to_json`] with object keys
/// sorted and no whitespace, so the same scenario always gives the same link.
pub fn canonical_json(scenario: &Scenario) -> String {
    scenario::to_json(scenario).to_string()
}

/// The scenario of a share link: a whole URL, its fragment with or without the
/// `#`, or the fragment's `s=` parameter alone. Surrounding whitespace is ignored.
pub fn decode(link: &str) -> Result<Scenario, ShareError> {
    let link = link.trim();
    let fragment = link.split_once('#').map_or(link, |(_, f)| f);
    let size = fragment.chars().count();
    if size > LINK_CHARS_MAX {
        return Err(ShareError::TooLarge {
            limit: SizeLimit::Link,
            size,
            max: LINK_CHARS_MAX,
        });
    }
    let value = fragment
        .split('&')
        .find_map(|part| part.strip_prefix(PARAM)?.strip_prefix('='))
        .ok_or(ShareError::NotALink)?;
    let (version, payload) = value.split_once('.').unwrap_or((value, ""));
    if version != VERSION {
        return Err(ShareError::UnknownVersion {
            version: version.chars().take(16).collect(),
        });
    }
    let compressed = base64url::decode(payload).map_err(|e| match e {
        Base64Error::Character { position, .. } => ShareError::BadBase64 {
            position: Some(position),
        },
        Base64Error::Length => ShareError::BadBase64 { position: None },
    })?;
    let json = decompress_to_vec_zlib_with_limit(&compressed, JSON_BYTES_MAX).map_err(|e| {
        if e.status == TINFLStatus::HasMoreOutput {
            ShareError::TooLarge {
                limit: SizeLimit::Json,
                size: JSON_BYTES_MAX + 1,
                max: JSON_BYTES_MAX,
            }
        } else {
            ShareError::BadDeflate
        }
    })?;
    let text = String::from_utf8(json).map_err(|_| ShareError::NotText)?;
    scenario::parse(&text).map_err(ShareError::InvalidScenario)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse;

    const EXAMPLE: &str = include_str!("../../tests/scenario_example.json");

    fn example() -> Scenario {
        parse(EXAMPLE).unwrap()
    }

    fn fragment_of(json: &[u8]) -> String {
        format!(
            "s=1.{}",
            base64url::encode(&compress_to_vec_zlib(json, LEVEL))
        )
    }

    #[test]
    fn a_link_reproduces_the_scenario() {
        let link = encode(&example()).unwrap();
        assert!(link.starts_with("s=1."), "{link}");
        assert_eq!(decode(&link), Ok(example()));
        assert_eq!(decode(&format!("#{link}")), Ok(example()));
        let url = format!("https://example.org/kafka/?embed#{link}&future=1\n");
        assert_eq!(decode(&url), Ok(example()));
    }

    #[test]
    fn the_same_scenario_always_gives_the_same_link() {
        let reparsed = parse(&canonical_json(&example())).unwrap();
        assert_eq!(encode(&reparsed), encode(&example()));
    }

    #[test]
    fn a_link_is_much_smaller_than_the_json() {
        let link = encode(&example()).unwrap();
        assert!(link.len() < canonical_json(&example()).len(), "{link}");
    }

    #[test]
    fn links_without_a_scenario_are_not_links() {
        for text in ["", "#", "https://example.org/kafka/", "#x=1&y=2", "s1.abc"] {
            assert_eq!(decode(text), Err(ShareError::NotALink), "{text:?}");
        }
    }

    #[test]
    fn unknown_versions_are_named() {
        assert_eq!(
            decode("#s=2.abc"),
            Err(ShareError::UnknownVersion {
                version: "2".into()
            })
        );
        assert_eq!(
            decode("#s=abc"),
            Err(ShareError::UnknownVersion {
                version: "abc".into()
            })
        );
    }

    #[test]
    fn damaged_links_say_how() {
        let link = encode(&example()).unwrap();
        assert_eq!(
            decode("s=1.ab+c"),
            Err(ShareError::BadBase64 { position: Some(2) })
        );
        assert_eq!(
            decode("s=1.abcde"),
            Err(ShareError::BadBase64 { position: None })
        );
        let cut = &link[..link.len() - 8];
        assert_eq!(decode(cut), Err(ShareError::BadDeflate));
        let mut altered = link.clone();
        let middle = link.len() / 2;
        let changed = if &link[middle..=middle] == "A" {
            "B"
        } else {
            "A"
        };
        altered.replace_range(middle..=middle, changed);
        assert_eq!(
            decode(&altered),
            Err(ShareError::BadDeflate),
            "the checksum fails"
        );
        assert_eq!(
            decode(&fragment_of(&[0xff, 0xfe])),
            Err(ShareError::NotText)
        );
        let Err(ShareError::InvalidScenario(errors)) = decode(&fragment_of(b"{\"brokers\": 0}"))
        else {
            panic!("an invalid scenario");
        };
        assert_eq!(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            vec![
                "format: missing; required: \"kafka-playground/scenario@1\"",
                "brokers: 0 is not a whole number from 1 to 32",
            ]
        );
    }

    #[test]
    fn a_long_link_is_refused_before_any_work() {
        let long = format!("#s=1.{}", "A".repeat(LINK_CHARS_MAX));
        assert_eq!(
            decode(&long),
            Err(ShareError::TooLarge {
                limit: SizeLimit::Link,
                size: LINK_CHARS_MAX + 4,
                max: LINK_CHARS_MAX
            })
        );
    }

    #[test]
    fn a_decompression_bomb_stops_at_the_bound() {
        let bomb = vec![b' '; JSON_BYTES_MAX * 4];
        let link = fragment_of(&bomb);
        assert!(link.len() < LINK_CHARS_MAX, "a small link: {}", link.len());
        assert!(matches!(
            decode(&link),
            Err(ShareError::TooLarge {
                limit: SizeLimit::Json,
                ..
            })
        ));
    }

    #[test]
    fn a_scenario_too_large_for_a_link_is_refused_when_encoding() {
        let mut scenario = example();
        scenario.description = (0..200_000u32)
            .map(|i| char::from_u32(0x4e00 + (i * 7919) % 20000).unwrap_or('x'))
            .collect();
        assert!(matches!(
            encode(&scenario),
            Err(ShareError::TooLarge {
                limit: SizeLimit::Link,
                ..
            })
        ));
    }
}
