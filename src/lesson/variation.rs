//! A lesson's last step: it asks the student to try a variation, in words, and may
//! suggest the change as a patch of the lesson's scenario (the UI's "Try it"
//! loads [`Variation::scenario`]), with the outcomes the changed run shows.

use serde_json::Value;

use super::expect::Expectation;
use super::patch::Change;
use crate::scenario::error::Problems;
use crate::scenario::reader::{array, Fields};
use crate::scenario::refs::Refs;
use crate::scenario::{parse_value, to_json, Scenario};

/// The "try a variation" step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variation {
    /// What to try, and what to look for.
    pub text: String,
    /// The suggested change (empty: the text alone).
    pub change: Vec<Change>,
    /// The lesson's scenario with the change applied (`None` without a change).
    pub scenario: Option<Scenario>,
    /// What the changed run shows (only with a change).
    pub expect: Vec<Expectation>,
}

impl Variation {
    /// Reads the variation at `path` of a lesson whose scenario is `base`.
    pub(crate) fn read(
        problems: &mut Problems,
        path: &str,
        value: &Value,
        base: Option<&Scenario>,
    ) -> Option<Variation> {
        let expected = "a variation (an object with text, and optionally change and expect)";
        let f = Fields::of(problems, path, value, expected)?;
        f.reject_unknown(problems, &["text", "change", "expect"]);
        let before = problems.count();
        let text = super::parse::prose(problems, &f, "text");
        let mut change = Vec::new();
        if let Some(list) = f.get("change") {
            let ops = array(
                problems,
                &f.at("change"),
                list,
                "a list of patch operations",
            )?;
            for (i, op) in ops.iter().enumerate() {
                change.extend(Change::read(
                    problems,
                    &format!("{}[{i}]", f.at("change")),
                    op,
                ));
            }
        }
        let scenario = match (base, change.is_empty()) {
            (Some(base), false) if problems.count() == before => {
                changed(problems, &f.at("change"), base, &change)
            }
            _ => None,
        };
        let mut expect = Vec::new();
        if let Some(list) = f.get("expect") {
            if change.is_empty() {
                problems.add(
                    &f.at("expect"),
                    "expects outcomes of a change, but there is no change",
                );
            } else if let Some(changed) = &scenario {
                let refs = Refs::of(changed);
                expect = super::parse::expectations(problems, &f.at("expect"), list, &refs);
            }
        }
        let variation = Variation {
            text: text?,
            change,
            scenario,
            expect,
        };
        (problems.count() == before).then_some(variation)
    }
}

/// `base` with `change` applied, validated as a scenario.
fn changed(
    problems: &mut Problems,
    path: &str,
    base: &Scenario,
    change: &[Change],
) -> Option<Scenario> {
    let mut doc = to_json(base);
    for (i, op) in change.iter().enumerate() {
        if let Err(message) = op.apply(&mut doc) {
            problems.add(&format!("{path}[{i}].path"), message);
            return None;
        }
    }
    match parse_value(&doc) {
        Ok(scenario) => Some(scenario),
        Err(errors) => {
            for error in errors {
                problems.add(path, format!("the changed scenario is not valid: {error}"));
            }
            None
        }
    }
}
