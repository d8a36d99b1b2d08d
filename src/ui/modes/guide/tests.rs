//! The guide driven as the page drives it (frames, clicks, host commands), with
//! the playground's real model and engine.

use serde_json::json;

use super::*;
use crate::lesson::Lesson;
use crate::scenario::run::run_to_json;
use crate::share;
use crate::ui::modes::fragment_at;

const PAGE: &str = "https://play.example/kafka/";

fn open(search: &str, hash: &str) -> (Guide, Playground) {
    Guide::from_address(search, hash, PAGE.to_string())
}

/// Frames of 16 ms of wall time until `done` (at most `frames`).
fn frames_until(
    guide: &mut Guide,
    playground: &mut Playground,
    frames: usize,
    done: impl Fn(&Guide, &Playground) -> bool,
) {
    for _ in 0..frames {
        if done(guide, playground) {
            return;
        }
        guide.frame(playground, 16.0);
    }
    assert!(done(guide, playground), "not done after {frames} frames");
}

/// The time of the first trace event of the lesson's run matching `pattern`.
fn first_event_ms(lesson: &Lesson, pattern: serde_json::Value) -> u64 {
    let report = run_to_json(&lesson.scenario, true);
    let mut problems = crate::scenario::error::Problems::rooted("test");
    let trigger = Trigger::read(&mut problems, "when", &pattern).expect("a trigger");
    report["trace"]
        .as_array()
        .and_then(|trace| trace.iter().find(|e| trigger.matches(e)))
        .and_then(|e| e["at_ms"].as_u64())
        .expect("the event happens")
}

fn holding(guide: &Guide) -> bool {
    guide.lesson.as_ref().is_some_and(LessonRun::is_holding)
}

fn step(guide: &Guide) -> Option<usize> {
    guide.lesson.as_ref().and_then(LessonRun::current)
}

#[test]
fn a_waiting_caption_stops_the_clock_at_its_event() {
    let (mut guide, mut playground) = open("?lesson=hw-and-leo&speed=100", "");
    assert_eq!(step(&guide), Some(0));
    assert!(
        holding(&guide) && !playground.playing,
        "the first caption waits"
    );
    guide.frame(&mut playground, 500.0);
    assert_eq!(playground.now_ms(), 0, "no time passes while it waits");

    guide.update(&mut playground, GuideMsg::Continue);
    assert!(playground.playing);
    frames_until(&mut guide, &mut playground, 1000, |g, _| holding(g));
    let lesson = lesson("hw-and-leo").unwrap();
    let appended_ms = first_event_ms(
        &lesson,
        json!({"kind": "records_appended", "broker": 1, "as_leader": true}),
    );
    assert_eq!(step(&guide), Some(1));
    assert_eq!(
        playground.now_ms(),
        appended_ms,
        "at 100×, a frame passes 1.6 s"
    );
    assert!(!playground.playing);
}

#[test]
fn a_caption_that_does_not_wait_holds_the_clock_for_a_beat() {
    let (mut guide, mut playground) = open("?lesson=idempotent-producer&speed=100", "");
    guide.update(&mut playground, GuideMsg::Continue);
    frames_until(&mut guide, &mut playground, 1000, |g, _| step(g) == Some(1));
    assert!(!holding(&guide));
    let at_ms = playground.now_ms();
    assert_eq!(guide.lesson.as_ref().unwrap().reached_at_ms(1), Some(at_ms));
    guide.frame(&mut playground, 16.0);
    assert_eq!(playground.now_ms(), at_ms, "the caption can be read");
    frames_until(&mut guide, &mut playground, 1000, |g, _| step(g) == Some(2));
    assert!(playground.now_ms() > at_ms);
}

#[test]
fn going_back_in_time_takes_the_lesson_back() {
    let (mut guide, mut playground) = open("?lesson=hw-and-leo&speed=100", "");
    for _ in 0..3 {
        guide.update(&mut playground, GuideMsg::Continue);
        frames_until(&mut guide, &mut playground, 1000, |g, _| holding(g));
    }
    assert_eq!(step(&guide), Some(3));
    guide.playground_msg(&mut playground, Msg::Seek(0));
    assert_eq!(step(&guide), Some(0));
    assert!(holding(&guide));
}

#[test]
fn a_share_link_opens_its_session_paused_at_its_moment() {
    let lesson = lesson("election-order").unwrap();
    let fragment = fragment_at(&share::encode(&lesson.scenario).unwrap(), 1500);
    let (guide, playground) = open("", &format!("#{fragment}"));
    assert_eq!(playground.now_ms(), 1500);
    assert!(!playground.playing);
    assert_eq!(playground.session().base(), &lesson.scenario);
    assert_eq!(guide.banner, None);

    let at_start = share::encode(&lesson.scenario).unwrap();
    let (_, playground) = open("", &format!("#{at_start}"));
    assert!(
        playground.playing,
        "a link at its start plays, as the playground does"
    );
}

#[test]
fn a_broken_link_opens_the_default_playground_and_says_why() {
    let (guide, playground) = open("", "#s=1.broken");
    assert!(guide.banner.as_ref().is_some_and(ShareError::is_corrupt));
    assert_eq!(playground.session().base(), &default_scenario());
    assert!(playground.playing, "nothing broken: the playground runs");
}

#[test]
fn host_commands_drive_the_simulation() {
    let (mut guide, mut playground) = open("?embed", "");
    assert!(
        !playground.playing,
        "an embed starts paused unless it autoplays"
    );
    let lesson = lesson("acks1-clean-failover").unwrap();
    let command = |c| {
        GuideMsg::Host(Received::Command {
            command: c,
            id: Value::Null,
        })
    };

    guide.update(
        &mut playground,
        command(Command::Load(Box::new(lesson.scenario.clone()))),
    );
    assert_eq!(playground.session().base(), &lesson.scenario);
    assert_eq!(playground.now_ms(), 0);

    guide.update(&mut playground, command(Command::Seek { at_ms: 3000 }));
    assert_eq!(
        playground.now_ms(),
        3000,
        "past what was simulated: run there"
    );
    assert!(!playground.playing);

    let pattern = json!({"kind": "leader_elected", "previous_leader": 1});
    let mut problems = crate::scenario::error::Problems::rooted("test");
    let trigger = Trigger::read(&mut problems, "event", &pattern).unwrap();
    guide.update(&mut playground, command(Command::RunUntil(trigger)));
    assert!(playground.playing);
    frames_until(&mut guide, &mut playground, 10_000, |_, p| !p.playing);
    assert_eq!(playground.now_ms(), first_event_ms(&lesson, pattern));

    guide.update(&mut playground, command(Command::Seek { at_ms: 1000 }));
    assert_eq!(playground.now_ms(), 1000, "back in time");
}

#[test]
fn a_host_s_play_continues_a_waiting_caption() {
    let (mut guide, mut playground) = open("?embed&lesson=hw-and-leo", "");
    assert!(holding(&guide));
    let play = GuideMsg::Host(Received::Command {
        command: Command::Play,
        id: Value::Null,
    });
    guide.update(&mut playground, play);
    assert!(!holding(&guide));
    assert!(playground.playing);
    guide.frame(&mut playground, 16.0);
    assert!(playground.now_ms() > 0);
}

#[test]
fn a_challenge_is_checked_on_the_session() {
    let (mut guide, mut playground) = open("?challenge=reorder-records", "");
    assert!(matches!(guide.mode, Mode::Challenge(_)));
    guide.update(&mut playground, GuideMsg::CheckChallenge);
    assert!(guide.verdict.as_deref().is_some_and(|v| !v.is_solved()));
}

#[test]
fn leaving_a_lesson_returns_to_the_playground() {
    let (mut guide, mut playground) = open("?lesson=retention", "");
    guide.update(&mut playground, GuideMsg::LeaveLesson);
    assert_eq!(guide.mode, Mode::Playground);
    assert_eq!(guide.lesson, None);
    assert_eq!(playground.session().base(), &default_scenario());
}
