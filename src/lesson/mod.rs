//! Guided lessons (`kafka-playground/lesson@1`): a scenario plus narration.
//! Captions appear when the engine reaches the event they talk about, not at fixed
//! times; a step may ask the student to press Continue, and may point the UI at
//! what to look at; a last step asks the student to try a variation. The lesson
//! promises outcomes of its run (and of the variation's), which the native tests
//! check. The format is described in `docs/lessons.md`.
//!
//! API for the UI: [`Lesson::parse`] a file, run [`Lesson::scenario`] and feed
//! every event to a [`LessonProgress`] ([`LessonProgress::observe`]); show
//! `lesson.steps[i]` when it answers [`Observed::Reached`]`(i)`, stop the clock on
//! [`Observed::Held`] until the student presses Continue
//! ([`LessonProgress::press_continue`]), and show [`Lesson::variation`] when
//! [`LessonProgress::is_finished`]. Resuming a lesson is replaying its session
//! to the saved time with a fresh `LessonProgress`, pressing Continue at each hold:
//! the engine is deterministic, so the same steps are reached.

mod event_kinds;
mod expect;
mod focus;
mod parse;
mod patch;
mod progress;
mod trigger;
mod variation;

pub use event_kinds::{fields_of, EVENT_KINDS};
pub use expect::{failures, Expectation, Subject};
pub use focus::Focus;
pub use patch::{Change, PatchOp};
pub use progress::{LessonProgress, Observed};
pub use trigger::{Filter, Trigger};
pub use variation::Variation;

pub(crate) use parse::{embedded_scenario, format, id, prose};

use crate::scenario::{Scenario, ScenarioError};

/// The value of `format` that this version reads.
pub const FORMAT: &str = "kafka-playground/lesson@1";

/// Steps in one lesson.
pub const STEPS_MAX: usize = 50;

/// Characters in one text for people (a caption, a summary, a hint).
pub const TEXT_CHARS_MAX: usize = 2000;

/// A problem in a lesson document: its path (`steps[2].when.kind`, or `lesson`
/// for the whole document) and what is wrong, as for scenarios.
pub type LessonError = ScenarioError;

/// A validated lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// Names the file (`static/lessons/ID.json`) and the lesson in local storage.
    pub id: String,
    pub title: String,
    /// One or two sentences for the lesson list.
    pub summary: String,
    pub scenario: Scenario,
    pub steps: Vec<Step>,
    pub variation: Variation,
    /// What the run ends with.
    pub expect: Vec<Expectation>,
}

/// One caption and when it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub caption: String,
    /// The event that shows the caption; `None`: right after the previous step.
    pub when: Option<Trigger>,
    /// What the UI highlights meanwhile.
    pub focus: Option<Focus>,
    /// The lesson holds on this step until the student presses Continue
    /// (JSON `"continue": true`).
    pub wait: bool,
}
