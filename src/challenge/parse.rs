//! Reading a challenge document (`kafka-playground/challenge@1`), collecting every
//! problem with its path.

use serde_json::Value;

use super::goal::Goal;
use super::limits::Limits;
use super::{Area, Challenge, ChallengeError, FORMAT, HINTS_MAX};
use crate::lesson::{embedded_scenario, format, id, prose, TEXT_CHARS_MAX};
use crate::scenario::error::Problems;
use crate::scenario::json::parse_strict;
use crate::scenario::reader::{array, found, Fields};
use crate::scenario::refs::Refs;

const ROOT: &str = "challenge";

const FIELDS: &[&str] = &[
    "format",
    "id",
    "title",
    "area",
    "goal_text",
    "scenario",
    "goal",
    "limits",
    "hints",
];

impl Challenge {
    /// Parses and validates a challenge document.
    pub fn parse(text: &str) -> Result<Challenge, Vec<ChallengeError>> {
        match parse_strict(text) {
            Ok(value) => Challenge::parse_value(&value),
            Err(message) => Err(vec![ChallengeError {
                path: ROOT.to_string(),
                message,
            }]),
        }
    }

    /// Validates a challenge document already read as JSON.
    pub fn parse_value(value: &Value) -> Result<Challenge, Vec<ChallengeError>> {
        let mut problems = Problems::rooted(ROOT);
        match read(&mut problems, value) {
            Some(challenge) if problems.count() == 0 => Ok(challenge),
            _ => Err(problems.into_vec()),
        }
    }
}

fn read(problems: &mut Problems, value: &Value) -> Option<Challenge> {
    let f = Fields::of(problems, "", value, "a challenge (a JSON object)")?;
    f.reject_unknown(problems, FIELDS);
    format(problems, &f, FORMAT);
    let id = id(problems, &f);
    let title = prose(problems, &f, "title");
    let area = area(problems, &f);
    let goal_text = prose(problems, &f, "goal_text");
    let scenario = embedded_scenario(problems, &f);
    let goal = match (f.required(problems, "goal", "a goal"), &scenario) {
        (Some(goal), Some(scenario)) => Goal::read(problems, "goal", goal, &Refs::of(scenario)),
        _ => None,
    };
    let limits = Limits::read(problems, "limits", f.get("limits"));
    let hints = hints(problems, &f);
    Some(Challenge {
        id: id?,
        title: title?,
        area: area?,
        goal_text: goal_text?,
        scenario: scenario?,
        goal: goal?,
        limits: limits?,
        hints: hints?,
    })
}

fn area(problems: &mut Problems, f: &Fields) -> Option<Area> {
    let expected = "\"durability\", \"availability\", \"ordering\" or \"delivery\"";
    let value = f.required(problems, "area", expected)?;
    let area = match value.as_str() {
        Some("durability") => Area::Durability,
        Some("availability") => Area::Availability,
        Some("ordering") => Area::Ordering,
        Some("delivery") => Area::Delivery,
        _ => {
            problems.add(&f.at("area"), format!("{} is not {expected}", found(value)));
            return None;
        }
    };
    Some(area)
}

fn hints(problems: &mut Problems, f: &Fields) -> Option<Vec<String>> {
    let Some(value) = f.get("hints") else {
        return Some(Vec::new());
    };
    let items = array(problems, &f.at("hints"), value, "a list of hints")?;
    if items.len() > HINTS_MAX {
        problems.add(
            &f.at("hints"),
            format!("{} hints is more than {HINTS_MAX}", items.len()),
        );
        return None;
    }
    let before = problems.count();
    let expected = format!("a hint (a non-empty string of at most {TEXT_CHARS_MAX} characters)");
    let hints = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item.as_str() {
            Some(s) if !s.trim().is_empty() && s.chars().count() <= TEXT_CHARS_MAX => {
                Some(s.to_string())
            }
            _ => {
                problems.add(
                    &format!("{}[{i}]", f.at("hints")),
                    format!("{} is not {expected}", found(item)),
                );
                None
            }
        })
        .collect();
    (problems.count() == before).then_some(hints)
}
