//! Playing a lesson's session: the clock moves one event time at a time, each
//! time's events go to the lesson, and the clock stops at the event where a step
//! waits for Continue. Seeking back and resuming a saved place replay the
//! session from its start with a fresh lesson, pressing Continue at each hold up
//! to that point: the engine is deterministic, so the same steps are reached at
//! the same events.

use std::rc::Rc;

use super::run::LessonRun;
use super::saved::SavedLesson;
use crate::lesson::Lesson;
use crate::scenario::Scenario;
use crate::session::Session;

/// A lesson and its session, played together.
pub struct LessonPlay {
    pub session: Session,
    pub run: LessonRun,
}

impl LessonPlay {
    /// The lesson at its start.
    pub fn new(lesson: Rc<Lesson>) -> Self {
        let scenario = lesson.scenario.clone();
        LessonPlay::with_session(lesson, scenario)
    }

    /// The lesson's captions over another session of it (the lesson's scenario
    /// with the student's actions, from a share link or the playground).
    pub fn with_session(lesson: Rc<Lesson>, session: Scenario) -> Self {
        LessonPlay {
            session: Session::new(session),
            run: LessonRun::new(lesson),
        }
    }

    /// Plays toward `target_ms`; stops early at an event where the lesson holds.
    /// Returns the steps reached, in order.
    pub fn play_to(&mut self, target_ms: u64) -> Vec<usize> {
        let mut reached = Vec::new();
        while !self.run.is_holding() && self.session.view_ms() < target_ms {
            match self.next_time_ms() {
                Some(next) if next <= target_ms => {
                    reached.extend(self.step());
                }
                _ => self.session.advance_to(target_ms),
            }
        }
        reached
    }

    /// Plays toward `target_ms` until the next step is reached (or the lesson
    /// holds), as the page does: one caption at a time. Returns that step.
    pub fn play_to_step(&mut self, target_ms: u64) -> Option<usize> {
        if let Some(step) = self.run.observe_to_step([]) {
            return Some(step);
        }
        while !self.run.is_holding() && self.session.view_ms() < target_ms {
            match self.next_time_ms() {
                Some(next) if next <= target_ms => {
                    let events = self.step_events();
                    if let Some(step) = self.run.observe_to_step(events) {
                        return Some(step);
                    }
                }
                _ => self.session.advance_to(target_ms),
            }
        }
        None
    }

    /// Continue: the steps reached at once. The clock may move again.
    pub fn press_continue(&mut self) -> Vec<usize> {
        let mut reached: Vec<usize> = self.run.press_continue().into_iter().collect();
        reached.extend(self.run.observe([]));
        reached
    }

    /// The lesson over `session` replayed from its start to `target_ms`
    /// (pressing Continue at every hold before it): for time travel and links.
    pub fn replayed_to(lesson: Rc<Lesson>, session: Scenario, target_ms: u64) -> Self {
        let mut play = LessonPlay::with_session(lesson, session);
        while play.session.view_ms() < target_ms {
            play.play_to(target_ms);
            if play.run.is_holding() && play.session.view_ms() < target_ms {
                play.press_continue();
            } else if !play.run.is_holding() && play.next_time_ms().is_none() {
                break;
            }
        }
        play
    }

    /// The lesson replayed to a saved place: to the saved step, then (if that
    /// step does not hold) on to the saved time.
    pub fn resumed(lesson: Rc<Lesson>, saved: SavedLesson) -> Self {
        let mut play = LessonPlay::new(lesson);
        loop {
            if play.run.current().is_some_and(|c| c >= saved.step) {
                break;
            }
            if play.run.is_holding() {
                play.press_continue();
                continue;
            }
            if play.next_time_ms().is_none() {
                break;
            }
            play.step();
        }
        if !play.run.is_holding() {
            play.play_to(saved.at_ms);
        }
        play
    }

    /// The time of the next thing to happen (engine item or user action).
    fn next_time_ms(&self) -> Option<u64> {
        let view = self.session.view_ms();
        let next_user = self
            .session
            .user_actions()
            .iter()
            .map(|a| a.at_ms)
            .find(|&t| t > view);
        match (self.session.cluster().next_event_ms(), next_user) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
        .filter(|&t| t > view)
    }

    /// Runs the next event time and feeds its events to the lesson.
    fn step(&mut self) -> Vec<usize> {
        let events = self.step_events();
        self.run.observe(events)
    }

    /// Runs the next event time; its events, in trace form.
    fn step_events(&mut self) -> Vec<serde_json::Value> {
        let before = self.session.view_ms();
        if self.session.step_event().is_none() {
            return Vec::new();
        }
        let names = self.session.cluster().names();
        self.session
            .events()
            .iter()
            .filter(|e| e.at_ms > before)
            .map(|e| e.to_json(names))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Trigger;
    use crate::scenario::run::run_to_json;
    use crate::ui::library::on_disk;
    use serde_json::Value;

    /// When each step should show, found independently of the lesson runner:
    /// the first trace event after the previous step that matches the step's
    /// trigger (an untriggered step shows with the step before it).
    fn expected_times(lesson: &Lesson) -> Vec<Option<u64>> {
        let report = run_to_json(&lesson.scenario, true);
        let trace = report["trace"].as_array().cloned().unwrap_or_default();
        let mut times = Vec::new();
        let mut from = 0;
        let mut last: Option<u64> = Some(0);
        for step in &lesson.steps {
            let time = match &step.when {
                None => last,
                Some(trigger) => next_match(trigger, &trace, &mut from),
            };
            times.push(time);
            last = time;
        }
        times
    }

    fn next_match(trigger: &Trigger, trace: &[Value], from: &mut usize) -> Option<u64> {
        let found = trace[*from..].iter().position(|e| trigger.matches(e))?;
        let event = &trace[*from + found];
        *from += found + 1;
        event["at_ms"].as_u64()
    }

    /// Plays a lesson as the page does, in frames of `frame_ms`, pressing
    /// Continue whenever it holds.
    fn play_through(lesson: Rc<Lesson>, frame_ms: u64) -> LessonPlay {
        let end = lesson.scenario.run_until_ms;
        let mut play = LessonPlay::new(lesson);
        let mut t = 0;
        while t < end || play.run.is_holding() {
            if play.run.is_holding() {
                play.press_continue();
                continue;
            }
            t = (t + frame_ms).min(end);
            play.play_to(t);
        }
        play
    }

    #[test]
    fn every_caption_shows_at_its_event_and_the_clock_stops_there() {
        for lesson in on_disk::lessons() {
            let expected = expected_times(&lesson);
            let play = play_through(lesson.clone(), 250);
            let shown: Vec<Option<u64>> = (0..lesson.steps.len())
                .map(|i| play.run.reached_at_ms(i))
                .collect();
            assert_eq!(shown, expected, "{}", lesson.id);
            assert!(play.run.is_finished(), "{}", lesson.id);
        }
    }

    #[test]
    fn a_hold_stops_the_clock_at_the_event() {
        let lesson = on_disk::lesson("hw-and-leo");
        let mut play = LessonPlay::new(lesson.clone());
        assert!(
            play.run.is_holding(),
            "the first caption waits for Continue"
        );
        play.play_to(3000);
        assert_eq!(play.session.view_ms(), 0);
        play.press_continue();
        assert_eq!(play.play_to(3000), vec![1]);
        let appended_at = expected_times(&lesson)[1].unwrap();
        assert_eq!(play.session.view_ms(), appended_at);
    }

    #[test]
    fn one_step_at_a_time_shows_every_caption_at_its_event() {
        for lesson in on_disk::lessons() {
            let expected = expected_times(&lesson);
            let end = lesson.scenario.run_until_ms;
            let mut play = LessonPlay::new(lesson.clone());
            let mut shown = vec![play.run.current()];
            while !play.run.is_finished() {
                if play.run.is_holding() {
                    shown.push(play.run.press_continue());
                    continue;
                }
                let step = play.play_to_step(end);
                assert!(
                    step.is_some() || play.run.is_holding(),
                    "{}: stuck",
                    lesson.id
                );
                if let Some(step) = step {
                    assert_eq!(
                        play.session.view_ms(),
                        expected[step].unwrap(),
                        "{} step {step}",
                        lesson.id
                    );
                }
                shown.push(step);
            }
            let shown: Vec<usize> = shown.into_iter().flatten().collect();
            let all: Vec<usize> = (0..lesson.steps.len()).collect();
            assert_eq!(
                shown, all,
                "{}: every caption shows, one at a time",
                lesson.id
            );
        }
    }

    #[test]
    fn seeking_back_and_resuming_reach_the_same_place() {
        let lesson = on_disk::lesson("hw-and-leo");
        let full = play_through(lesson.clone(), 100);
        let replayed = LessonPlay::replayed_to(lesson.clone(), lesson.scenario.clone(), 1500);
        assert_eq!(replayed.session.view_ms(), 1500);
        let step = replayed.run.current().unwrap();
        assert!(full.run.reached_at_ms(step).unwrap() <= 1500);
        assert!(full
            .run
            .reached_at_ms(step + 1)
            .is_none_or(|t| t > 1500 || replayed.run.is_holding()));
        let saved = replayed.run.saved(replayed.session.view_ms());
        let resumed = LessonPlay::resumed(lesson, saved);
        assert_eq!(resumed.run.current(), replayed.run.current());
        assert_eq!(resumed.session.view_ms(), replayed.session.view_ms());
        assert_eq!(resumed.run.is_holding(), replayed.run.is_holding());
    }
}
