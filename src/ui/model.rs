//! The playground's state, in one place, and the messages that change it (the
//! Elm architecture: model, update, view). No Yew here: the component in
//! `app.rs` only forwards frames and clicks as [`Msg`]s, so lessons and embed
//! mode drive play, pause, speed and actions through the same messages.

use std::collections::VecDeque;

use crate::engine::event::Event;
use crate::engine::ids::Tp;
use crate::engine::log::RecordId;
use crate::engine::vec_map::VecMap;
use crate::engine::Action;
use crate::engine::Cluster;
use crate::scenario::{self, Scenario};
use crate::session::Session;

use super::controls::{Controls, ControlsEdit};
use super::messages::en_events::{category, Category};
use super::speed::Speed;
use super::views::event_log::LogFilter;

/// How many of the controller's latest decisions its pill shows.
pub const DECISIONS_SHOWN: usize = 3;

/// How many notable events (controller decisions, faults, losses) the page
/// keeps for the timeline's markers, the controller and the inspector. They
/// outlive the session's recent events, which message traffic fills quickly.
pub const NOTABLE_KEPT: usize = 500;

/// Whether an event is kept among the notable ones.
fn is_notable(event: &Event) -> bool {
    matches!(
        category(event),
        Some(Category::Controller | Category::Faults | Category::Ledger)
    ) || matches!(
        event.kind,
        crate::engine::event::EventKind::Truncated { .. }
    )
}

/// What colours a record cell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorBy {
    #[default]
    Producer,
    Key,
}

/// Everything a user (or a lesson, or an embedding page) can ask of the playground.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// An animation frame: this much wall-clock time passed since the last one.
    Frame {
        wall_elapsed_ms: f64,
    },
    Play,
    Pause,
    TogglePlay,
    /// Run the engine to its next event, then pause.
    Step,
    SetSpeed(Speed),
    Faster,
    Slower,
    SetColorBy(ColorBy),
    /// Apply an action to the cluster at the moment shown (in the past: a fork).
    Act(Action),
    /// Time travel: show the cluster at this virtual time, paused.
    Seek(u64),
    /// Play at once to this virtual time, then pause (a link's moment, a resumed
    /// lesson, an embedding page's seek past what was simulated).
    RunTo(u64),
    /// Replace the session with a new scenario, paused at 0 (import, lessons, embeds).
    Load(Box<Scenario>),
    /// Open or close a broker's fault menu.
    SelectBroker(Option<u32>),
    ToggleHelp,
    EditControls(ControlsEdit),
    ShowHeartbeats(bool),
    /// Show only one category of events in the event log (`None`: all).
    FilterLog(LogFilter),
    /// Scroll a partition's logs: pin their window's end offset, or (`None`)
    /// follow the newest records again.
    PinLog {
        tp: Tp,
        end: Option<u64>,
    },
    /// Close whatever is open (the help, a broker's menu, the inspector).
    Dismiss,
    /// Open the inspector on a record, or close it.
    Inspect(Option<RecordId>),
    /// The system asks for reduced motion: messages no longer fly.
    SetReducedMotion(bool),
}

/// The playground: a session (a scenario plus the user's actions) played at a speed.
pub struct Playground {
    session: Session,
    pub playing: bool,
    pub speed: Speed,
    pub color_by: ColorBy,
    pub selected_broker: Option<u32>,
    pub help_open: bool,
    pub controls: Controls,
    pub show_heartbeats: bool,
    pub log_filter: LogFilter,
    pub inspected: Option<RecordId>,
    pinned_log_ends: VecMap<Tp, u64>,
    notable: VecDeque<Event>,
    /// The notable events up to this time are in `notable` (`None`: none yet).
    notable_until_ms: Option<u64>,
    pub reduced_motion: bool,
    /// The last action the engine refused, said plainly.
    pub notice: Option<String>,
    /// Virtual time owed to the engine, below one millisecond (slow speeds
    /// advance less than a millisecond per frame).
    owed_ms: f64,
}

/// The scenario the page opens with.
pub fn default_scenario() -> Scenario {
    // The file is part of the build and checked by a test below, so a parse
    // error here is a build defect, not user input.
    scenario::parse(include_str!("default_scenario.json"))
        .unwrap_or_else(|errors| panic!("the default scenario is invalid: {errors:?}"))
}

impl Playground {
    pub fn new(scenario: Scenario) -> Self {
        let mut playground = Playground {
            session: Session::new(scenario),
            playing: true,
            speed: Speed::default(),
            color_by: ColorBy::default(),
            selected_broker: None,
            help_open: false,
            controls: Controls::default(),
            show_heartbeats: false,
            log_filter: LogFilter::default(),
            inspected: None,
            pinned_log_ends: VecMap::new(),
            notable: VecDeque::new(),
            notable_until_ms: None,
            reduced_motion: false,
            notice: None,
            owed_ms: 0.0,
        };
        playground.collect_notable();
        playground
    }

    pub fn cluster(&self) -> &Cluster {
        self.session.cluster()
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The virtual time shown.
    pub fn now_ms(&self) -> u64 {
        self.session.view_ms()
    }

    /// The virtual time to draw at: the engine's time plus the fraction of a
    /// millisecond owed to it, so slow speeds still move messages smoothly.
    pub fn draw_time_ms(&self) -> f64 {
        self.now_ms() as f64 + self.owed_ms
    }

    /// Where the user scrolled a partition's logs to, if they did.
    pub fn pinned_log_end(&self, tp: Tp) -> Option<u64> {
        self.pinned_log_ends.get(&tp).copied()
    }

    /// The most recent engine events, oldest first (bounded by the session).
    pub fn events(&self) -> &[Event] {
        self.session.events()
    }

    /// Controller decisions, faults, truncations and losses of this timeline up
    /// to the moment shown, oldest first (bounded by [`NOTABLE_KEPT`]).
    pub fn notable(&self) -> &VecDeque<Event> {
        &self.notable
    }

    /// The controller's latest decisions (fencing, elections, ISR changes), newest first.
    pub fn decisions(&self) -> Vec<&Event> {
        self.notable
            .iter()
            .rev()
            .filter(|e| category(e) == Some(Category::Controller))
            .take(DECISIONS_SHOWN)
            .collect()
    }

    /// Brings the notable events up to the moment shown: forgets those after
    /// it (time travelled back) and adds the new ones from the session's
    /// recent events.
    fn collect_notable(&mut self) {
        let view = self.now_ms();
        while self.notable.back().is_some_and(|e| e.at_ms > view) {
            self.notable.pop_back();
        }
        let until = self.notable_until_ms.map(|t| t.min(view));
        let events = self.session.events();
        let first_new = events.partition_point(|e| until.is_some_and(|t| e.at_ms <= t));
        for event in events[first_new..].iter().filter(|e| is_notable(e)) {
            if self.notable.len() == NOTABLE_KEPT {
                self.notable.pop_front();
            }
            self.notable.push_back(event.clone());
        }
        self.notable_until_ms = Some(view);
    }

    /// Applies a message; returns whether the page must be redrawn.
    pub fn update(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::Frame { wall_elapsed_ms } => self.on_frame(wall_elapsed_ms),
            Msg::Play => self.set_playing(true),
            Msg::Pause => self.set_playing(false),
            Msg::TogglePlay => self.set_playing(!self.playing),
            Msg::Step => {
                self.playing = false;
                self.owed_ms = 0.0;
                self.session.step_event();
                self.collect_notable();
                true
            }
            Msg::SetSpeed(speed) => replace(&mut self.speed, speed),
            Msg::Faster => {
                let faster = self.speed.faster();
                replace(&mut self.speed, faster)
            }
            Msg::Slower => {
                let slower = self.speed.slower();
                replace(&mut self.speed, slower)
            }
            Msg::SetColorBy(color_by) => replace(&mut self.color_by, color_by),
            Msg::Act(action) => {
                self.selected_broker = None;
                match self.session.act(action) {
                    Ok(()) => {
                        self.notice = None;
                        // The action runs 1 ms after the moment shown: show its
                        // effect at once, even when paused.
                        self.session.advance_to(self.now_ms() + 1);
                        self.collect_notable();
                    }
                    Err(error) => self.notice = Some(error.to_string()),
                }
                true
            }
            Msg::Seek(at_ms) => {
                self.playing = false;
                self.owed_ms = 0.0;
                self.session.seek(at_ms);
                self.collect_notable();
                true
            }
            Msg::RunTo(at_ms) => {
                self.playing = false;
                self.owed_ms = 0.0;
                self.session.advance_to(at_ms);
                self.collect_notable();
                true
            }
            Msg::Load(scenario) => {
                self.session = Session::new(*scenario);
                self.notable.clear();
                self.notable_until_ms = None;
                self.collect_notable();
                self.pinned_log_ends.clear();
                self.inspected = None;
                self.playing = false;
                self.owed_ms = 0.0;
                self.notice = None;
                self.selected_broker = None;
                self.inspected = None;
                true
            }
            Msg::SelectBroker(broker) => replace(&mut self.selected_broker, broker),
            Msg::EditControls(edit) => {
                self.controls.edit(edit);
                true
            }
            Msg::ShowHeartbeats(show) => replace(&mut self.show_heartbeats, show),
            Msg::FilterLog(filter) => replace(&mut self.log_filter, filter),
            Msg::Inspect(id) => replace(&mut self.inspected, id),
            Msg::PinLog { tp, end } => {
                match end {
                    Some(end) => self.pinned_log_ends.insert(tp, end),
                    None => self.pinned_log_ends.remove(&tp),
                };
                true
            }
            Msg::Dismiss => {
                self.help_open = false;
                self.selected_broker = None;
                self.inspected = None;
                true
            }
            Msg::SetReducedMotion(reduced) => replace(&mut self.reduced_motion, reduced),
            Msg::ToggleHelp => {
                self.help_open = !self.help_open;
                true
            }
        }
    }

    fn set_playing(&mut self, playing: bool) -> bool {
        self.owed_ms = 0.0;
        replace(&mut self.playing, playing)
    }

    fn on_frame(&mut self, wall_elapsed_ms: f64) -> bool {
        if !self.playing || wall_elapsed_ms <= 0.0 {
            return false;
        }
        self.owed_ms += wall_elapsed_ms * self.speed.factor();
        let whole_ms = self.owed_ms.floor();
        if whole_ms < 1.0 {
            return false;
        }
        self.owed_ms -= whole_ms;
        let target = self.now_ms().saturating_add(whole_ms as u64);
        self.session.advance_to(target);
        self.collect_notable();
        true
    }
}

/// Sets `slot` to `value`; returns whether it changed.
fn replace<T: PartialEq>(slot: &mut T, value: T) -> bool {
    if *slot == value {
        return false;
    }
    *slot = value;
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::event::EventKind;

    #[test]
    fn run_to_plays_at_once_to_a_moment_and_pauses_there() {
        let mut playground = Playground::new(default_scenario());
        playground.update(Msg::RunTo(2500));
        assert_eq!(playground.now_ms(), 2500);
        assert!(!playground.playing);
        assert_eq!(playground.session().head_ms(), 2500);
    }

    #[test]
    fn the_default_scenario_is_valid_and_starts_at_zero() {
        let playground = Playground::new(default_scenario());
        assert_eq!(playground.now_ms(), 0);
        assert!(playground.playing);
        assert_eq!(playground.cluster().brokers().len(), 3);
    }

    #[test]
    fn frames_advance_virtual_time_by_wall_time_times_speed() {
        let mut playground = Playground::new(default_scenario());
        playground.update(Msg::Frame {
            wall_elapsed_ms: 16.0,
        });
        assert_eq!(playground.now_ms(), 16);
        playground.update(Msg::SetSpeed(Speed::at_position(0)));
        for _ in 0..5 {
            playground.update(Msg::Frame {
                wall_elapsed_ms: 2.0,
            });
        }
        assert_eq!(playground.now_ms(), 17, "0.1× for 10 ms of wall time");
    }

    #[test]
    fn a_paused_playground_stays_put_until_stepped() {
        let mut playground = Playground::new(default_scenario());
        playground.update(Msg::Pause);
        playground.update(Msg::Frame {
            wall_elapsed_ms: 50.0,
        });
        assert_eq!(playground.now_ms(), 0);
        playground.update(Msg::Step);
        assert!(!playground.playing);
        assert!(
            !playground.events().is_empty(),
            "a step runs one engine event"
        );
    }

    #[test]
    fn a_refused_action_is_shown_not_applied() {
        let mut playground = Playground::new(default_scenario());
        playground.update(Msg::Act(Action::RestartBroker { broker: 1 }));
        assert_eq!(
            playground.notice.as_deref(),
            Some("broker 1 is already running")
        );
        playground.update(Msg::Act(Action::CrashBroker { broker: 1 }));
        assert_eq!(playground.notice, None);
        assert!(!playground.cluster().brokers()[0].is_running());
    }

    #[test]
    fn seeking_back_shows_the_earlier_cluster_and_acting_there_forks() {
        let mut playground = Playground::new(default_scenario());
        playground.update(Msg::Act(Action::CrashBroker { broker: 3 }));
        for _ in 0..200 {
            playground.update(Msg::Frame {
                wall_elapsed_ms: 50.0,
            });
        }
        assert_eq!(playground.now_ms(), 10_001);
        let crashes = |p: &Playground| {
            p.notable()
                .iter()
                .filter(|e| matches!(e.kind, EventKind::BrokerCrashed { broker: 3 }))
                .count()
        };
        assert_eq!(crashes(&playground), 1);
        playground.update(Msg::Seek(0));
        assert_eq!(playground.now_ms(), 0);
        assert!(!playground.playing);
        assert!(playground.cluster().brokers()[2].is_running());
        assert!(
            playground.notable().iter().all(|e| e.at_ms == 0),
            "the crash of broker 3 is in the future now"
        );
        playground.update(Msg::Act(Action::CrashBroker { broker: 1 }));
        assert_eq!(playground.session().head_ms(), 1, "the old future is gone");
        assert!(!playground.cluster().brokers()[0].is_running());
        assert!(playground.cluster().brokers()[2].is_running());
    }
}
