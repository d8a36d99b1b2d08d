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
        self.held.extend(events);
        self.held.truncate(HELD_EVENTS_MAX);
        self.feed_held()
    }

    /// The student pressed Continue: returns the steps reached at once (an
    /// untriggered next step, and any the held events reach).
    pub fn press_continue(&mut self) -> Vec<usize> {
        let mut reached: Vec<usize> = Vec::new();
        // An untriggered step follows at once, at the time of the step before.
        let at_ms = self.current_time_ms();
        if let Some(step) = self.progress.press_continue() {
            self.reached_at_ms[step] = Some(at_ms);
            reached.push(step);
        }
        reached.extend(self.feed_held());
        reached
    }

    /// Replays toward a saved place: feeds the events, pressing Continue at every
    /// hold before the saved step. Returns true once the saved step is reached
    /// (the remaining events stay held if it holds).
    pub fn catch_up(&mut self, saved: SavedLesson, events: Vec<Value>) -> bool {
        self.held.extend(events);
        self.held.truncate(HELD_EVENTS_MAX);
        loop {
            self.feed_held();
            let arrived = self.current().is_some_and(|c| c >= saved.step);
            if arrived || !self.is_holding() {
                return arrived;
            }
            self.press_continue();
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

    fn feed_held(&mut self) -> Vec<usize> {
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
    use crate::ui::lessons::catalog;
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
        assert_eq!(run.press_continue(), vec![1]);
        assert_eq!(run.reached_at_ms(1), Some(100));
        assert_eq!(run.reached_at_ms(2), None, "held back, not lost");
        assert_eq!(run.press_continue(), vec![2]);
        assert_eq!(run.reached_at_ms(2), Some(100));
        assert!(!run.is_finished());
        assert_eq!(run.press_continue(), vec![3]);
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
        assert_eq!(run.press_continue(), vec![1]);
        assert_eq!(run.reached_at_ms(1), Some(700));
    }

    #[test]
    fn catching_up_presses_continue_until_the_saved_step() {
        let lesson = catalog::lesson("hw-and-leo").unwrap();
        let mut run = LessonRun::new(lesson.clone());
        let saved = SavedLesson {
            step: 2,
            at_ms: 1200,
            finished: false,
        };
        let append = |broker: u32, as_leader: bool| {
            json!({"at_ms": 1100, "kind": "records_appended", "broker": broker, "as_leader": as_leader,
                   "topic": "t", "partition": 0, "ids": ["p#0"], "base_offset": 0, "last_offset": 0})
        };
        assert!(!run.catch_up(saved, vec![append(1, true)]));
        assert_eq!(run.current(), Some(1));
        assert!(run.catch_up(saved, vec![append(2, false), append(3, false)]));
        assert_eq!(run.current(), Some(2));
        assert!(run.is_holding(), "the saved step waits for Continue again");
    }
}
