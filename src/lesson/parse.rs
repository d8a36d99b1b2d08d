//! Reading a lesson document (`kafka-playground/lesson@1`), collecting every
//! problem with its path, as the scenario parser does.

use serde_json::Value;

use super::expect::Expectation;
use super::focus::Focus;
use super::trigger::Trigger;
use super::variation::Variation;
use super::{Lesson, LessonError, Step, FORMAT, STEPS_MAX, TEXT_CHARS_MAX};
use crate::scenario::error::Problems;
use crate::scenario::json::parse_strict;
use crate::scenario::reader::{array, found, quoted, Fields};
use crate::scenario::refs::Refs;
use crate::scenario::{parse_value, Scenario};

const ROOT: &str = "lesson";

const FIELDS: &[&str] = &[
    "format",
    "id",
    "title",
    "summary",
    "scenario",
    "steps",
    "variation",
    "expect",
];

const STEP_FIELDS: &[&str] = &["caption", "when", "focus", "continue"];

impl Lesson {
    /// Parses and validates a lesson document.
    pub fn parse(text: &str) -> Result<Lesson, Vec<LessonError>> {
        match parse_strict(text) {
            Ok(value) => Lesson::parse_value(&value),
            Err(message) => Err(vec![LessonError {
                path: ROOT.to_string(),
                message,
            }]),
        }
    }

    /// Validates a lesson document already read as JSON.
    pub fn parse_value(value: &Value) -> Result<Lesson, Vec<LessonError>> {
        let mut problems = Problems::rooted(ROOT);
        match read(&mut problems, value) {
            Some(lesson) if problems.count() == 0 => Ok(lesson),
            _ => Err(problems.into_vec()),
        }
    }
}

fn read(problems: &mut Problems, value: &Value) -> Option<Lesson> {
    let f = Fields::of(problems, "", value, "a lesson (a JSON object)")?;
    f.reject_unknown(problems, FIELDS);
    format(problems, &f, FORMAT);
    let id = id(problems, &f);
    let title = prose(problems, &f, "title");
    let summary = prose(problems, &f, "summary");
    let scenario = embedded_scenario(problems, &f);
    let refs = scenario.as_ref().map(Refs::of);
    let steps = steps(problems, &f, refs.as_ref());
    let variation = f
        .required(problems, "variation", "a variation (an object with text)")
        .and_then(|v| Variation::read(problems, "variation", v, scenario.as_ref()));
    let expect = match (f.get("expect"), &refs) {
        (Some(list), Some(refs)) => expectations(problems, "expect", list, refs),
        _ => Vec::new(),
    };
    Some(Lesson {
        id: id?,
        title: title?,
        summary: summary?,
        scenario: scenario?,
        steps: steps?,
        variation: variation?,
        expect,
    })
}

/// Checks `format` against `expected` (the only one this version reads).
pub(crate) fn format(problems: &mut Problems, f: &Fields, expected: &str) {
    match f.required(problems, "format", &quoted(expected)) {
        Some(Value::String(s)) if s == expected => {}
        Some(other) => problems.add(
            "format",
            format!(
                "{} is not {} (the only format this version reads)",
                found(other),
                quoted(expected)
            ),
        ),
        None => {}
    }
}

/// A required id: 1 to 64 characters from `a-z 0-9 -` (it names the file and the
/// lesson's place in links and local storage).
pub(crate) fn id(problems: &mut Problems, f: &Fields) -> Option<String> {
    let expected = "an id (1 to 64 characters from a-z, 0-9 and -)";
    let value = f.required(problems, "id", expected)?;
    match value.as_str() {
        Some(s)
            if (1..=64).contains(&s.len())
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') =>
        {
            Some(s.to_string())
        }
        _ => {
            problems.add(&f.at("id"), format!("{} is not {expected}", found(value)));
            None
        }
    }
}

/// Required text for people: non-empty, at most [`TEXT_CHARS_MAX`] characters.
pub(crate) fn prose(problems: &mut Problems, f: &Fields, key: &str) -> Option<String> {
    let expected = format!("a non-empty string of at most {TEXT_CHARS_MAX} characters");
    let value = f.required(problems, key, &expected)?;
    match value.as_str() {
        Some(s) if !s.trim().is_empty() && s.chars().count() <= TEXT_CHARS_MAX => {
            Some(s.to_string())
        }
        _ => {
            problems.add(&f.at(key), format!("{} is not {expected}", found(value)));
            None
        }
    }
}

/// The required `scenario` field, validated; its errors are placed under `scenario`.
pub(crate) fn embedded_scenario(problems: &mut Problems, f: &Fields) -> Option<Scenario> {
    let value = f.required(
        problems,
        "scenario",
        "a scenario (kafka-playground/scenario@1)",
    )?;
    parse_value(value)
        .map_err(|errors| problems.add_embedded(&f.at("scenario"), errors))
        .ok()
}

/// A list of expected outcomes at `path`.
pub(crate) fn expectations(
    problems: &mut Problems,
    path: &str,
    list: &Value,
    refs: &Refs,
) -> Vec<Expectation> {
    let Some(items) = array(problems, path, list, "a list of expected outcomes") else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| Expectation::read(problems, &format!("{path}[{i}]"), item, refs))
        .collect()
}

fn steps(problems: &mut Problems, f: &Fields, refs: Option<&Refs>) -> Option<Vec<Step>> {
    let value = f.required(problems, "steps", "a list of steps")?;
    let items = array(problems, "steps", value, "a list of steps")?;
    if items.is_empty() || items.len() > STEPS_MAX {
        let message = format!("{} steps is not 1 to {STEPS_MAX}", items.len());
        problems.add("steps", message);
        return None;
    }
    let before = problems.count();
    let mut steps = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("steps[{i}]");
        let Some(s) = Fields::of(problems, &path, item, "a step (an object with a caption)") else {
            continue;
        };
        s.reject_unknown(problems, STEP_FIELDS);
        let caption = prose(problems, &s, "caption");
        let when = s
            .get("when")
            .map(|w| Trigger::read(problems, &s.at("when"), w));
        let focus = match (s.get("focus"), refs) {
            (Some(v), Some(refs)) => Focus::read(problems, &s.at("focus"), v, refs),
            _ => None,
        };
        let wait = s.flag(problems, "continue", false);
        let previous_waits = steps.last().is_none_or(|p: &Step| p.wait);
        if when.is_none() && !previous_waits {
            problems.add(
                &path,
                "has no \"when\", so it would replace the previous caption at once: give it a trigger, or give the previous step \"continue\": true",
            );
        }
        if let (Some(caption), Some(wait)) = (caption, wait) {
            steps.push(Step {
                caption,
                when: when.flatten(),
                focus,
                wait,
            });
        }
    }
    (problems.count() == before).then_some(steps)
}
