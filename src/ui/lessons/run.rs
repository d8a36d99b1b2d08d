//! A lesson being played: which caption shows, when each step was reached, and
//! the events held back while a step waits for Continue. Pure: the playground
//! steps the simulation and hands over each step's events (in trace form); the
//! lesson says which steps they reach and whether the clock must stop. Built on
//! [`LessonProgress`], which the native lesson tests drive the same way.

use std::collections::VecDeque;
use std::rc::Rc;

use serde_json::Value;

use super::saved::SavedLesson;
use crate::lesson::{Lesson, LessonProgress, Observed};

/// Events held back while a step waits for Continue: the rest of one engine step's
/// events (the playground stops stepping as soon as the lesson holds). Beyond
/// this, events are dropped, so a lesson fed without stopping stays bounded.
const HELD_EVENTS_MAX: usize = 4096;

/// A lesson in play.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonRun {
    lesson: Rc<Lesson>,
    progress: LessonProgress,
    held: VecDeque<Value>,
    /// The virtual time each step was reached at.
    reached_at_ms: Vec<Option<u64>>,
}

impl LessonRun {
    /// The lesson at its start (at virtual time 0).
    pub fn new(lesson: Rc<Lesson>) -> Self {
        let progress = LessonProgress::new(&lesson);
        let mut reached_at_ms = vec![None; lesson.steps.len()];
        if let Some(first) = progress.current() {
            reached_at_ms[first] = Some(0);
        }
        LessonRun {
            lesson,
            progress,
            held: VecDeque::new(),
            reached_at_ms,
        }
    }

    pub fn lesson(&self) -> &Rc<Lesson> {
        &self.lesson
    }

    /// The step whose caption shows.
    pub fn current(&self) -> Option<usize> {
        self.progress.current()
    }

    /// The current step waits for Continue: the clock must not move.
    pub fn is_holding(&self) -> bool {
        self.progress.is_holding()
    }

    /// Every step was seen: show the variation.
    pub fn is_finished(&self) -> bool {
        self.progress.is_finished()
    }

    /// When a step was reached, if it was.
    pub fn reached_at_ms(&self, step: usize) -> Option<u64> {
        self.reached_at_ms.get(step).copied().flatten()
    }

    /// Feeds the events of one or more engine steps, in order (trace form, with
    /// `at_ms`). Returns the steps they reach. Once a step holds, the remaining
    /// events wait for Continue.
    pub fn observe(&mut self, events: impl IntoIterator<Item = Value>) -> Vec<usize> {
        self.queue(events);
        self.feed_held(false)
    }

    /// As [`LessonRun::observe`], but stops after the first step reached (the
    /// remaining events wait for the next call), so that the page shows every
    /// caption, even two reached at the same moment.
    pub fn observe_to_step(&mut self, events: impl IntoIterator<Item = Value>) -> Option<usize> {
        self.queue(events);
        self.feed_held(true).pop()
    }

    /// Forgets the waiting events after `at_ms`: the page went back to `at_ms`
    /// and will show them again.
    pub fn forget_held_after(&mut self, at_ms: u64) {
        self.held.retain(|e| {
            e.get("at_ms")
                .and_then(Value::as_u64)
                .is_some_and(|t| t <= at_ms)
        });
    }

    /// The student pressed Continue: returns the step reached at once (an
    /// untriggered next step, or the first one the waiting events reach).
    pub fn press_continue(&mut self) -> Option<usize> {
        // An untriggered step follows at once, at the time of the step before.
        let at_ms = self.current_time_ms();
        match self.progress.press_continue() {
            Some(step) => {
                self.reached_at_ms[step] = Some(at_ms);
                Some(step)
            }
            None => self.feed_held(true).pop(),
        }
    }

    /// The place to save at virtual time `at_ms`.
    pub fn saved(&self, at_ms: u64) -> SavedLesson {
        SavedLesson {
            step: self.current().unwrap_or(0),
            at_ms,
            finished: self.is_finished(),
        }
    }

    fn current_time_ms(&self) -> u64 {
        self.current()
            .and_then(|c| self.reached_at_ms(c))
            .unwrap_or(0)
    }

    fn queue(&mut self, events: impl IntoIterator<Item = Value>) {
        self.held.extend(events);
        self.held.truncate(HELD_EVENTS_MAX);
    }

    /// Feeds the waiting events until the lesson holds (or, with `one_step`,
    /// until a step is reached).
    fn feed_held(&mut self, one_step: bool) -> Vec<usize> {
        let mut reached = Vec::new();
        while let Some(event) = self.held.pop_front() {
            match self.progress.observe_json(&event) {
                Observed::Held => {
                    self.held.push_front(event);
                    break;
                }
                Observed::Reached(step) => {
                    self.reached_at_ms[step] = event.get("at_ms").and_then(Value::as_u64);
                    reached.push(step);
                    if one_step {
                        break;
                    }
                }
                Observed::Nothing => {}
            }
        }
        reached
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run_of(steps: Value) -> LessonRun {
        let doc = json!({
            "format": "kafka-playground/lesson@1",
            "id": "t",
            "title": "T",
            "summary": "S",
            "scenario": {"format": "kafka-playground/scenario@1", "brokers": 3},
            "steps": steps,
            "variation": {"text": "Try it."}
        });
        LessonRun::new(Rc::new(Lesson::parse(&doc.to_string()).unwrap()))
    }

    fn crashed(at_ms: u64, broker: u32) -> Value {
        json!({"at_ms": at_ms, "kind": "broker_crashed", "broker": broker})
    }

    #[test]
    fn a_hold_keeps_the_rest_of_the_events_until_continue() {
        let mut run = run_of(json!([
            {"caption": "intro", "continue": true},
            {"caption": "first", "when": {"kind": "broker_crashed"}, "continue": true},
            {"caption": "second", "when": {"kind": "broker_crashed", "broker": 3}, "continue": true},
            {"caption": "end"}
        ]));
        assert_eq!(run.current(), Some(0));
        assert_eq!(run.reached_at_ms(0), Some(0));
        let events = [crashed(100, 1), crashed(100, 3), crashed(200, 2)];
        assert_eq!(run.observe(events), Vec::<usize>::new());
        assert!(run.is_holding());
        assert_eq!(run.press_continue(), Some(1));
        assert_eq!(run.reached_at_ms(1), Some(100));
        assert_eq!(run.reached_at_ms(2), None, "held back, not lost");
        assert_eq!(run.press_continue(), Some(2));
        assert_eq!(run.reached_at_ms(2), Some(100));
        assert!(!run.is_finished());
        assert_eq!(run.press_continue(), Some(3));
        assert_eq!(run.reached_at_ms(3), Some(100));
        assert!(run.is_finished());
        assert_eq!(
            run.saved(150),
            SavedLesson {
                step: 3,
                at_ms: 150,
                finished: true
            }
        );
    }

    #[test]
    fn an_untriggered_step_after_continue_shows_at_the_time_of_the_step_before() {
        let mut run = run_of(json!([
            {"caption": "crash", "when": {"kind": "broker_crashed"}, "continue": true},
            {"caption": "explain"}
        ]));
        assert_eq!(run.current(), None);
        assert_eq!(run.observe([crashed(700, 2)]), vec![0]);
        assert_eq!(run.press_continue(), Some(1));
        assert_eq!(run.reached_at_ms(1), Some(700));
    }

    #[test]
    fn one_step_at_a_time_keeps_the_rest_for_the_next_call() {
        let mut run = run_of(json!([
            {"caption": "a", "when": {"kind": "broker_crashed", "broker": 1}},
            {"caption": "b", "when": {"kind": "broker_crashed", "broker": 2}},
            {"caption": "c", "when": {"kind": "broker_crashed", "broker": 3}}
        ]));
        let events = [crashed(100, 1), crashed(100, 2), crashed(300, 3)];
        assert_eq!(run.observe_to_step(events), Some(0));
        assert_eq!(run.observe_to_step([]), Some(1));
        run.forget_held_after(200);
        assert_eq!(run.observe_to_step([]), None, "the page shows 300 again");
        assert_eq!(run.observe_to_step([crashed(300, 3)]), Some(2));
        assert_eq!(run.reached_at_ms(2), Some(300));
    }
}
