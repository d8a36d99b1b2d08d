//! Classroom challenges (`kafka-playground/challenge@1`): a scenario, a goal said
//! in words and checked by the engine on the run, limits on what the student may
//! add, and hints. A solution is the challenge's scenario with the student's
//! actions added to its script, handed over as a file or a share link;
//! [`check`] verifies it and, when the goal is met, gives the completion code: the
//! solution's share link, which replays it. `kplay check-challenge` does the same
//! from the command line, so a teacher can grade a class by script. The format is
//! described in `docs/challenges.md`.
//!
//! API for the UI: [`Challenge::parse`] a file; let the student play
//! [`Challenge::scenario`] within [`Challenge::limits`]; check the session with
//! [`check`]; on [`Verdict::Solved`] show its `completion_code` (after `#` in the
//! page's URL).

mod check;
mod goal;
mod limits;
mod parse;

pub use check::{check, Verdict};
pub use goal::{Goal, GoalOutcome};
pub use limits::{Limits, ACTIONS_MAX_DEFAULT, RECORDS_MAX_DEFAULT};

use crate::scenario::{Scenario, ScenarioError};

/// The value of `format` that this version reads.
pub const FORMAT: &str = "kafka-playground/challenge@1";

/// Hints in one challenge.
pub const HINTS_MAX: usize = 10;

/// A problem in a challenge document, with its path (`goal.broker`, or
/// `challenge` for the whole document).
pub type ChallengeError = ScenarioError;

/// Which guarantee a challenge is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Acknowledged records stay.
    Durability,
    /// The topic keeps taking writes.
    Availability,
    /// Records stay in the order they were sent.
    Ordering,
    /// How often consumers process a record: at most once, at least once.
    Delivery,
}

/// A validated challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// Names the file (`static/challenges/ID.json`).
    pub id: String,
    pub title: String,
    pub area: Area,
    /// The goal in words, for the student.
    pub goal_text: String,
    /// Where the student starts.
    pub scenario: Scenario,
    /// The goal as the engine checks it.
    pub goal: Goal,
    pub limits: Limits,
    /// Hints, to show one at a time.
    pub hints: Vec<String>,
}
