//! The lesson runner: given the cluster's events in order, which step is reached.
//! Pure: the UI feeds it the events it animates, the native tests the events of a
//! headless run, and both see the same steps at the same events.
//!
//! A step is reached by the first event matching its trigger that comes after the
//! previous step was reached (a step without a trigger is reached as soon as the
//! previous one is passed). One event reaches at most one step. A step with
//! `continue` holds the lesson until [`LessonProgress::press_continue`]: while it
//! holds, [`LessonProgress::observe`] answers [`Observed::Held`] and does not take
//! the event, so the UI stops the clock and feeds that event again after Continue.

use serde_json::Value;

use super::trigger::Trigger;
use super::Lesson;
use crate::engine::event::{Event, Names};

/// What one event did to the lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Observed {
    /// Nothing: the next step waits for another event (or all steps are done).
    Nothing,
    /// The event reached this step: show its caption (and focus).
    Reached(usize),
    /// The current step waits for Continue; the event was not taken.
    Held,
}

/// Where a student is in a lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonProgress {
    /// Each step's trigger and whether it waits for Continue.
    gates: Vec<(Option<Trigger>, bool)>,
    /// The last step reached.
    current: Option<usize>,
    /// The current step waits for Continue.
    holding: bool,
}

impl LessonProgress {
    /// A lesson at its start: a first step without a trigger is already reached.
    pub fn new(lesson: &Lesson) -> Self {
        let mut progress = LessonProgress {
            gates: lesson
                .steps
                .iter()
                .map(|s| (s.when.clone(), s.wait))
                .collect(),
            current: None,
            holding: false,
        };
        progress.reach_untriggered();
        progress
    }

    /// The step whose caption shows, if any yet.
    pub fn current(&self) -> Option<usize> {
        self.current
    }

    /// The current step waits for Continue.
    pub fn is_holding(&self) -> bool {
        self.holding
    }

    /// Every step was reached and passed: time for the variation.
    pub fn is_finished(&self) -> bool {
        !self.holding && self.current.is_some_and(|c| c + 1 == self.gates.len())
    }

    /// Feeds one engine event.
    pub fn observe(&mut self, event: &Event, names: &Names) -> Observed {
        if self.holding {
            return Observed::Held;
        }
        match self.next_trigger() {
            Some(t) if t.kind == event.kind.name() => self.observe_json(&event.to_json(names)),
            _ => Observed::Nothing,
        }
    }

    /// Feeds one event in its trace form (as `kplay run --trace` writes it).
    pub fn observe_json(&mut self, event: &Value) -> Observed {
        if self.holding {
            return Observed::Held;
        }
        match self.next_trigger() {
            Some(t) if t.matches(event) => {
                let next = self.current.map_or(0, |c| c + 1);
                self.reach(next);
                Observed::Reached(next)
            }
            _ => Observed::Nothing,
        }
    }

    /// The student pressed Continue. Returns the step that this reaches at once
    /// (the next one, when it has no trigger).
    pub fn press_continue(&mut self) -> Option<usize> {
        if !self.holding {
            return None;
        }
        self.holding = false;
        let before = self.current;
        self.reach_untriggered();
        self.current.filter(|_| self.current != before)
    }

    fn next_trigger(&self) -> Option<&Trigger> {
        let next = self.current.map_or(0, |c| c + 1);
        self.gates.get(next).and_then(|(t, _)| t.as_ref())
    }

    fn reach(&mut self, step: usize) {
        self.current = Some(step);
        self.holding = self.gates.get(step).is_some_and(|(_, wait)| *wait);
    }

    fn reach_untriggered(&mut self) {
        let next = self.current.map_or(0, |c| c + 1);
        if matches!(self.gates.get(next), Some((None, _))) && !self.holding {
            self.reach(next);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lesson(steps: Value) -> Lesson {
        let doc = json!({
            "format": "kafka-playground/lesson@1",
            "id": "t",
            "title": "T",
            "summary": "S",
            "scenario": {"format": "kafka-playground/scenario@1", "brokers": 3},
            "steps": steps,
            "variation": {"text": "Try it."}
        });
        Lesson::parse_value(&doc).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn crashed(broker: u32) -> Value {
        json!({"at_ms": 1, "kind": "broker_crashed", "broker": broker})
    }

    #[test]
    fn steps_are_reached_in_order_one_event_each() {
        let mut p = LessonProgress::new(&lesson(json!([
            {"caption": "a", "when": {"kind": "broker_crashed"}},
            {"caption": "b", "when": {"kind": "broker_crashed", "broker": 2}},
            {"caption": "c", "when": {"kind": "broker_crashed"}}
        ])));
        assert_eq!(p.current(), None);
        assert_eq!(p.observe_json(&crashed(2)), Observed::Reached(0));
        assert_eq!(p.observe_json(&crashed(1)), Observed::Nothing);
        assert_eq!(p.observe_json(&crashed(2)), Observed::Reached(1));
        assert!(!p.is_finished());
        assert_eq!(p.observe_json(&crashed(3)), Observed::Reached(2));
        assert!(p.is_finished());
        assert_eq!(p.observe_json(&crashed(3)), Observed::Nothing);
    }

    #[test]
    fn continue_holds_the_lesson_and_untriggered_steps_follow_it() {
        let mut p = LessonProgress::new(&lesson(json!([
            {"caption": "intro", "continue": true},
            {"caption": "then", "continue": true},
            {"caption": "crash", "when": {"kind": "broker_crashed"}, "continue": true}
        ])));
        assert_eq!((p.current(), p.is_holding()), (Some(0), true));
        assert_eq!(p.observe_json(&crashed(1)), Observed::Held);
        assert_eq!(p.press_continue(), Some(1));
        assert_eq!(p.press_continue(), None, "a trigger waits for its event");
        assert_eq!(p.observe_json(&crashed(1)), Observed::Reached(2));
        assert!(!p.is_finished(), "the last step waits for Continue");
        assert_eq!(p.press_continue(), None);
        assert!(p.is_finished());
    }
}
