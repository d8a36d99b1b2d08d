//! The guide around the playground: the mode the page's address opened (a
//! lesson, a challenge, free play, embed mode), lessons played with their
//! captions (the clock stops at the event a waiting caption talks about),
//! challenge checks, share links, and the host page's `postMessage` commands and
//! events. Lessons and challenges are fetched from the site when needed (its
//! [`Library`]): the page hands the guide each file as it arrives
//! ([`GuideMsg::Fetched`]). The playground itself (model, views, clock) is [`crate::ui::model`];
//! the guide drives it only through its [`Msg`]s. What the guide draws is in
//! `guide/view.rs`.

use std::rc::Rc;

use serde_json::Value;
use yew::Callback;

use super::opening::{Mode, Opening};
use crate::challenge::{self, Verdict};
use crate::embed::{Command, Content, EmbedOptions, OptionProblem, Outgoing, Received};
use crate::lesson::Trigger;
use crate::scenario::Scenario;
use crate::session::EVENTS_MAX;
use crate::share::ShareError;
use crate::ui::embed::HostChannel;
use crate::ui::lessons::{forget_place, load_place, save_place, LessonPlay, LessonRun};
use crate::ui::library::{Library, Lookup, Wanted};
use crate::ui::model::{default_scenario, Msg, Playground};

/// What the guide's own controls ask.
#[derive(Clone, Debug, PartialEq)]
pub enum GuideMsg {
    OpenLesson(String),
    Continue,
    RestartLesson,
    LeaveLesson,
    TryVariation,
    OpenChallenge(String),
    CheckChallenge,
    LeaveChallenge,
    DismissBanner,
    /// A message from the host page.
    Host(Received),
    /// A file of the library arrived (its text), or could not be fetched (why).
    Fetched(Wanted, Result<String, String>),
}

/// The guide's state.
pub struct Guide {
    options: EmbedOptions,
    mode: Mode,
    /// The lesson being played (in lesson mode, until its variation is loaded).
    lesson: Option<LessonRun>,
    /// The virtual time up to which events were looked at (lesson, run_until).
    /// (`None`: none yet, not even those at 0.)
    seen_ms: Option<u64>,
    verdict: Option<Rc<Verdict>>,
    banner: Option<ShareError>,
    option_problems: Vec<OptionProblem>,
    host: Option<HostChannel>,
    /// A host page's `run_until`: stop at the next event matching it.
    run_until: Option<Trigger>,
    /// The page's address without query and fragment.
    page_url: String,
    /// What the host page was last told: playing, and the time if paused.
    told: Option<(bool, u64)>,
    /// Wall-clock time the clock still stands at the event of a caption just
    /// shown (one that does not wait for Continue), so that it can be read.
    beat_left_ms: f64,
    /// The lessons and challenges fetched so far.
    library: Library,
    /// The page's address, while the lesson or challenge it asks for loads.
    awaited: Option<Opening>,
    /// Files that could not be loaded or read, one sentence each.
    load_problems: Vec<String>,
    /// The page runs (see [`Guide::start`]).
    started: bool,
}

/// How long the clock stands at the event of a caption that does not wait for
/// Continue, in wall-clock ms, at any speed.
const CAPTION_BEAT_MS: f64 = 600.0;

impl Guide {
    /// The guide for the page's address, and the playground it opens.
    pub fn open() -> (Guide, Playground) {
        let location = gloo::utils::window().location();
        let search = location.search().unwrap_or_default();
        let hash = location.hash().unwrap_or_default();
        let href = location.href().unwrap_or_default();
        let page_url = href
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_string();
        Guide::from_address(&search, &hash, page_url)
    }

    /// As [`Guide::open`], from the address's parts (native tests).
    pub fn from_address(search: &str, hash: &str, page_url: String) -> (Guide, Playground) {
        let opening = Opening::read(search, hash);
        let scenario = opening.session.clone().unwrap_or_else(default_scenario);
        let mut playground = Playground::new(scenario);
        playground.update(Msg::Pause);
        let mut guide = Guide {
            options: opening.options.clone(),
            mode: Mode::Loading(opening.options.content.clone()),
            lesson: None,
            seen_ms: None,
            verdict: None,
            banner: opening.link_error.clone(),
            option_problems: opening.option_problems.clone(),
            host: None,
            run_until: None,
            page_url,
            told: None,
            beat_left_ms: 0.0,
            library: Library::default(),
            awaited: Some(opening),
            load_problems: Vec::new(),
            started: false,
        };
        guide.open_awaited(&mut playground);
        guide.want_lists();
        (guide, playground)
    }

    /// Opens what the page's address asks for once it is there: a lesson or a
    /// challenge when its file arrived, else the playground, saying why.
    fn open_awaited(&mut self, playground: &mut Playground) {
        let Some(content) = self.awaited.as_ref().map(|o| o.options.content.clone()) else {
            return;
        };
        let mode = match &content {
            Content::Playground => Some(Mode::Playground),
            Content::Lesson(id) => {
                let lookup = self.library.lesson(id);
                self.mode_for(lookup, "lesson", id, Mode::Lesson)
            }
            Content::Challenge(id) => {
                let lookup = self.library.challenge(id);
                self.mode_for(lookup, "challenge", id, Mode::Challenge)
            }
        };
        if let Some(mode) = mode {
            if let Some(opening) = self.awaited.take() {
                self.begin(playground, &opening, mode);
            }
        }
    }

    /// The mode that shows what `lookup` found (`None`: not there yet); the
    /// playground, noting why, if it cannot be had.
    fn mode_for<T>(
        &mut self,
        lookup: Lookup<T>,
        name: &str,
        id: &str,
        mode: fn(Rc<T>) -> Mode,
    ) -> Option<Mode> {
        match lookup {
            Lookup::Loading => None,
            Lookup::Found(found) => Some(mode(found)),
            Lookup::NotListed => {
                self.option_problems.push(OptionProblem {
                    name: name.to_string(),
                    value: id.to_string(),
                    allowed: if name == "lesson" {
                        "the id of a built-in lesson"
                    } else {
                        "the id of a built-in challenge"
                    },
                });
                Some(Mode::Playground)
            }
            Lookup::Failed(why) => {
                self.load_problems.push(why);
                Some(Mode::Playground)
            }
        }
    }

    /// Shows `mode` as the page's address asked (its session and moment).
    fn begin(&mut self, playground: &mut Playground, opening: &Opening, mode: Mode) {
        if opening.session.is_none() {
            match &mode {
                Mode::Lesson(lesson) => self.load(playground, lesson.scenario.clone()),
                Mode::Challenge(challenge) => self.load(playground, challenge.scenario.clone()),
                Mode::Playground | Mode::Loading(_) => {}
            }
        }
        if let Mode::Lesson(lesson) = &mode {
            self.lesson = Some(LessonRun::new(lesson.clone()));
        }
        self.mode = mode;
        if opening.at_ms > 0 {
            self.run_to(playground, opening.at_ms);
        }
        // An embed plays only with autoplay; a lesson not while its caption
        // waits; a link shared at a moment opens paused there, as it was; a
        // challenge waits for the student.
        let holding = self.lesson.as_ref().is_some_and(LessonRun::is_holding);
        let starts_playing = !holding
            && if self.options.embed {
                self.options.autoplay
            } else {
                opening.at_ms == 0 && !matches!(self.mode, Mode::Challenge(_))
            };
        if starts_playing {
            playground.update(Msg::Play);
        }
        if self.started {
            self.announce();
        }
    }

    /// Starts listening to the host page (in a frame); tells it the page is
    /// ready once what the address asks for is shown.
    pub fn start(&mut self, send: Callback<GuideMsg>) {
        self.host = HostChannel::listen(
            self.options.allowed_origin.clone(),
            send.reform(GuideMsg::Host),
        );
        self.started = true;
        if self.awaited.is_none() {
            self.announce();
        }
    }

    /// Tells the host page the page is ready, and the lesson's step shown; its
    /// state follows.
    fn announce(&mut self) {
        self.post(Outgoing::Ready);
        self.told = None;
        if let Some(step) = self.lesson.as_ref().and_then(LessonRun::current) {
            let at_ms = self
                .lesson
                .as_ref()
                .and_then(|r| r.reached_at_ms(step))
                .unwrap_or(0);
            self.lesson_step_reached(step, at_ms);
        }
    }

    /// The landing page's lists need every lesson and challenge.
    fn want_lists(&mut self) {
        if self.mode == Mode::Playground && !self.options.embed {
            self.library.want_lists();
        }
    }

    /// The files asked for since the last call, each with its address, for the
    /// page to fetch and hand back as [`GuideMsg::Fetched`].
    pub fn take_to_fetch(&mut self) -> Vec<(Wanted, String)> {
        self.library
            .take_to_fetch()
            .into_iter()
            .map(|wanted| {
                let url = self.library.url(&wanted);
                (wanted, url)
            })
            .collect()
    }

    /// An animation frame: plays (faster with `?speed=`), then looks at the new
    /// events. Returns whether to redraw.
    pub fn frame(&mut self, playground: &mut Playground, wall_elapsed_ms: f64) -> bool {
        if self.beat_left_ms > 0.0 {
            self.beat_left_ms -= wall_elapsed_ms;
            return false;
        }
        let speed = f64::from(self.options.speed);
        let changed = playground.update(Msg::Frame {
            wall_elapsed_ms: wall_elapsed_ms * speed,
        });
        self.after(playground);
        changed
    }

    /// A message for the playground (its own controls): time travel and a new
    /// session catch the lesson up; anything else is played as usual.
    pub fn playground_msg(&mut self, playground: &mut Playground, msg: Msg) -> bool {
        let jump = matches!(msg, Msg::Seek(_) | Msg::Load(_) | Msg::RunTo(_));
        let changed = playground.update(msg);
        if jump {
            self.catch_up(playground);
        }
        self.after(playground);
        changed
    }

    /// After the playground changed: feeds the new events to the lesson and to a
    /// host's `run_until`, stops the clock where either says so, catches the
    /// lesson up after time travel, and tells the host page what changed.
    pub fn after(&mut self, playground: &mut Playground) {
        if self.lesson.is_some() {
            if self.seen_ms.is_some_and(|seen| playground.now_ms() < seen) {
                self.catch_up(playground);
            } else if !self.events_cover(playground) {
                self.replay_lesson(playground, self.seen_ms.unwrap_or(0));
            }
        }
        let now = playground.now_ms();
        let seen = self.seen_ms;
        // Only a lesson or a host's run_until looks at the events.
        let watching = self.lesson.is_some() || self.run_until.is_some();
        let names = playground.cluster().names();
        let events: Vec<Value> = playground
            .events()
            .iter()
            .filter(|e| watching && seen.is_none_or(|seen| e.at_ms > seen) && e.at_ms <= now)
            .map(|e| e.to_json(names))
            .collect();
        // A host's run_until stops at the first matching event.
        let mut stop_at: Option<u64> = None;
        let mut play_on = playground.playing;
        if let Some(trigger) = &self.run_until {
            if let Some(event) = events.iter().find(|e| trigger.matches(e)) {
                stop_at = event["at_ms"].as_u64();
                play_on = false;
                self.run_until = None;
                self.post(Outgoing::EventReached {
                    trace_event: event.clone(),
                });
            }
        }
        // The lesson sees the events up to there, one step at a time: a step
        // reached stops the clock at its event for a frame, so that its caption
        // shows; one that waits for Continue stops it until then.
        if let Some(run) = &mut self.lesson {
            let until = stop_at.unwrap_or(now);
            let fed = events
                .into_iter()
                .filter(|e| e["at_ms"].as_u64().is_some_and(|t| t <= until));
            if let Some(step) = run.observe_to_step(fed) {
                let at_ms = run.reached_at_ms(step).unwrap_or(until);
                if run.is_holding() {
                    play_on = false;
                } else {
                    self.beat_left_ms = CAPTION_BEAT_MS;
                }
                run.forget_held_after(at_ms);
                stop_at = Some(at_ms);
                self.lesson_step_reached(step, at_ms);
            } else if run.is_holding() {
                // A caption waits for Continue: the clock does not move.
                let seen = seen.unwrap_or(0);
                run.forget_held_after(seen);
                stop_at = Some(seen);
                play_on = false;
            }
        }
        if let Some(at_ms) = stop_at {
            self.stop_at(playground, at_ms);
            if play_on {
                playground.update(Msg::Play);
            }
        } else {
            self.seen_ms = Some(seen.map_or(now, |seen| seen.max(now)));
        }
        let end_ms = playground.session().scenario().run_until_ms;
        if self.run_until.is_some() && playground.now_ms() >= end_ms {
            self.run_until = None;
            playground.update(Msg::Pause);
            self.post(Outgoing::Error {
                message: format!("no matching event before the end of the session ({end_ms} ms)"),
                id: Value::Null,
            });
        }
        self.tell_state(playground);
    }

    /// Stops the clock at `at_ms` (at or before the moment shown).
    fn stop_at(&mut self, playground: &mut Playground, at_ms: u64) {
        if at_ms < playground.now_ms() {
            playground.update(Msg::Seek(at_ms));
        } else {
            playground.update(Msg::Pause);
        }
        self.seen_ms = Some(at_ms);
    }

    /// Whether the playground's event log still holds every event after
    /// `seen_ms`: it is bounded, and a frame at a high speed may pass more.
    fn events_cover(&self, playground: &Playground) -> bool {
        let events = playground.events();
        events.len() < EVENTS_MAX
            || events
                .first()
                .zip(self.seen_ms)
                .is_none_or(|(oldest, seen)| oldest.at_ms <= seen.saturating_add(1))
    }

    /// After a jump (time travel, a link's moment, a host's seek): the lesson as
    /// it stands at the moment shown, replayed from the start pressing Continue
    /// at each hold on the way.
    fn catch_up(&mut self, playground: &Playground) {
        if let Some(run) = &self.lesson {
            let scenario = playground.session().scenario();
            let play = LessonPlay::replayed_to(run.lesson().clone(), scenario, playground.now_ms());
            self.lesson = Some(play.run);
        }
        self.seen_ms = Some(playground.now_ms());
    }

    /// When the events since `from_ms` are no longer all in the playground's log:
    /// replays the lesson to `from_ms` (where the student was), then plays on
    /// toward the moment shown, stopping at the next step as the page does.
    fn replay_lesson(&mut self, playground: &mut Playground, from_ms: u64) {
        let Some(run) = &self.lesson else {
            return;
        };
        let scenario = playground.session().scenario();
        let mut play = LessonPlay::replayed_to(run.lesson().clone(), scenario, from_ms);
        let step = play.play_to_step(playground.now_ms());
        let stopped_ms = play.session.view_ms();
        let holds = play.run.is_holding();
        self.lesson = Some(play.run);
        if let Some(step) = step {
            self.lesson_step_reached(step, stopped_ms);
        }
        let playing = playground.playing;
        self.stop_at(playground, stopped_ms);
        if playing && !holds {
            playground.update(Msg::Play);
        }
    }

    /// Handles the guide's own messages. Returns whether to redraw.
    pub fn update(&mut self, playground: &mut Playground, msg: GuideMsg) -> bool {
        match msg {
            GuideMsg::OpenLesson(id) => {
                if let Lookup::Found(lesson) = self.library.lesson(&id) {
                    self.save_lesson_place(playground.now_ms());
                    self.mode = Mode::Lesson(lesson.clone());
                    self.verdict = None;
                    self.load(playground, lesson.scenario.clone());
                    match load_place(&id) {
                        Some(saved) if !saved.finished => {
                            let play = LessonPlay::resumed(lesson, saved);
                            playground.update(Msg::RunTo(play.session.view_ms()));
                            self.lesson = Some(play.run);
                            self.seen_ms = Some(playground.now_ms());
                        }
                        _ => self.lesson = Some(LessonRun::new(lesson)),
                    }
                    self.set_address();
                    self.play_unless_holding(playground);
                }
            }
            GuideMsg::Continue => {
                if let Some(run) = &mut self.lesson {
                    if let Some(step) = run.press_continue() {
                        let at_ms = run.reached_at_ms(step).unwrap_or(playground.now_ms());
                        self.lesson_step_reached(step, at_ms);
                    }
                    self.play_unless_holding(playground);
                }
            }
            GuideMsg::RestartLesson => {
                if let Mode::Lesson(lesson) = &self.mode {
                    forget_place(&lesson.id);
                    let lesson = lesson.clone();
                    self.load(playground, lesson.scenario.clone());
                    self.lesson = Some(LessonRun::new(lesson));
                    self.play_unless_holding(playground);
                }
            }
            GuideMsg::LeaveLesson | GuideMsg::LeaveChallenge => {
                self.save_lesson_place(playground.now_ms());
                self.mode = Mode::Playground;
                self.lesson = None;
                self.verdict = None;
                self.load(playground, default_scenario());
                self.set_address();
                playground.update(Msg::Play);
            }
            GuideMsg::TryVariation => {
                if let Mode::Lesson(lesson) = &self.mode {
                    if let Some(varied) = lesson.variation.scenario.clone() {
                        // The captions were about the lesson's run; the variation
                        // is played freely, its text still shown.
                        self.save_lesson_place(playground.now_ms());
                        self.lesson = None;
                        self.load(playground, varied);
                        playground.update(Msg::Play);
                    }
                }
            }
            GuideMsg::OpenChallenge(id) => {
                if let Lookup::Found(challenge) = self.library.challenge(&id) {
                    self.save_lesson_place(playground.now_ms());
                    self.lesson = None;
                    self.verdict = None;
                    self.load(playground, challenge.scenario.clone());
                    self.mode = Mode::Challenge(challenge);
                    self.set_address();
                }
            }
            GuideMsg::CheckChallenge => {
                if let Mode::Challenge(challenge) = &self.mode {
                    let solution = playground.session().scenario();
                    self.verdict = Some(Rc::new(challenge::check(challenge, &solution)));
                }
            }
            GuideMsg::DismissBanner => self.banner = None,
            GuideMsg::Host(Received::Command { command, .. }) => self.obey(playground, command),
            GuideMsg::Host(Received::Refused { error, id }) => self.post(Outgoing::Error {
                message: error.to_string(),
                id,
            }),
            GuideMsg::Host(Received::NotOurs) => return false,
            GuideMsg::Fetched(wanted, fetched) => {
                self.library.receive(&wanted, fetched);
                self.open_awaited(playground);
            }
        }
        self.want_lists();
        self.tell_state(playground);
        true
    }

    /// Obeys a host page's command.
    fn obey(&mut self, playground: &mut Playground, command: Command) {
        match command {
            Command::Load(scenario) => {
                // The host's session replaces what the address asked for.
                if self.awaited.take().is_some() {
                    self.announce();
                }
                self.lesson = None;
                self.verdict = None;
                self.mode = Mode::Playground;
                self.load(playground, *scenario);
            }
            Command::Play => {
                // A caption waiting for Continue is continued: play means go on.
                if self.lesson.as_ref().is_some_and(LessonRun::is_holding) {
                    self.update(playground, GuideMsg::Continue);
                }
                playground.update(Msg::Play);
            }
            Command::Pause => {
                playground.update(Msg::Pause);
            }
            Command::Seek { at_ms } => {
                let end_ms = playground.session().scenario().run_until_ms;
                let at_ms = at_ms.min(end_ms);
                if at_ms <= playground.session().head_ms() {
                    playground.update(Msg::Seek(at_ms));
                    self.catch_up(playground);
                } else {
                    self.run_to(playground, at_ms);
                }
            }
            Command::RunUntil(trigger) => {
                self.run_until = Some(trigger);
                playground.update(Msg::Play);
            }
        }
    }

    /// Replaces the session, paused at 0.
    fn load(&mut self, playground: &mut Playground, scenario: Scenario) {
        playground.update(Msg::Load(Box::new(scenario)));
        self.seen_ms = None;
        self.run_until = None;
    }

    /// Jumps forward to `at_ms` (a link's moment, a host's seek past what was
    /// simulated), paused there, the lesson caught up.
    fn run_to(&mut self, playground: &mut Playground, at_ms: u64) {
        playground.update(Msg::RunTo(at_ms));
        self.catch_up(playground);
    }

    fn play_unless_holding(&self, playground: &mut Playground) {
        if !self.lesson.as_ref().is_some_and(LessonRun::is_holding) {
            playground.update(Msg::Play);
        }
    }

    fn lesson_step_reached(&mut self, step: usize, at_ms: u64) {
        let Some(run) = &self.lesson else {
            return;
        };
        let lesson = run.lesson().clone();
        self.save_lesson_place(at_ms);
        self.post(Outgoing::LessonStep {
            lesson: lesson.id.clone(),
            step,
            steps: lesson.steps.len(),
            caption: lesson
                .steps
                .get(step)
                .map(|s| s.caption.clone())
                .unwrap_or_default(),
        });
    }

    fn save_lesson_place(&self, at_ms: u64) {
        if let Some(run) = &self.lesson {
            save_place(&run.lesson().id, run.saved(at_ms));
        }
    }

    fn tell_state(&mut self, playground: &Playground) {
        // Nothing before the page is ready (see `announce`).
        if self.awaited.is_some() {
            return;
        }
        let state = (
            playground.playing,
            if playground.playing {
                0
            } else {
                playground.now_ms()
            },
        );
        if self.told == Some(state) {
            return;
        }
        self.told = Some(state);
        self.post(Outgoing::StateChanged {
            at_ms: playground.now_ms(),
            playing: playground.playing,
            run_until_ms: playground.session().scenario().run_until_ms,
        });
    }

    fn post(&self, message: Outgoing) {
        if let Some(host) = &self.host {
            host.post(&message);
        }
    }

    /// The lesson or challenge shown, as an option of the page's address.
    fn content(&self) -> Content {
        match &self.mode {
            Mode::Playground => Content::Playground,
            Mode::Lesson(lesson) => Content::Lesson(lesson.id.clone()),
            Mode::Challenge(challenge) => Content::Challenge(challenge.id.clone()),
            Mode::Loading(content) => content.clone(),
        }
    }

    /// The address for what is shown (so a reload opens it again).
    fn set_address(&self) {
        let query = EmbedOptions {
            content: self.content(),
            ..self.options.clone()
        }
        .to_query();
        let url = if query.is_empty() {
            self.page_url.clone()
        } else {
            format!("{}?{query}", self.page_url)
        };
        replace_address(&url);
    }
}

/// Replaces the page's address without reloading (the browser's history).
#[cfg(target_arch = "wasm32")]
fn replace_address(url: &str) {
    if let Ok(history) = gloo::utils::window().history() {
        // A refused address (another origin) leaves the old one: harmless.
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// Outside a browser (the native tests) there is no address to change.
#[cfg(not(target_arch = "wasm32"))]
fn replace_address(_url: &str) {}

#[cfg(test)]
mod tests;
mod view;
