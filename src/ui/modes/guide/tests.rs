//! The guide driven as the page drives it (frames, clicks, host commands), with
//! the playground's real model and engine.

use serde_json::json;

use super::*;
use crate::lesson::Lesson;
use crate::scenario::run::run_to_json;
use crate::share;
use crate::ui::library::on_disk::{self, lesson};
use crate::ui::modes::fragment_at;

const PAGE: &str = "https://play.example/kafka/";

/// The page at this address, once every file it fetched arrived.
fn open(search: &str, hash: &str) -> (Guide, Playground) {
    let (mut guide, mut playground) = Guide::from_address(search, hash, PAGE.to_string());
    serve(&mut guide, &mut playground);
    (guide, playground)
}

/// Hands the guide every file it asks for, read from `static/`, as the page's
/// fetches would.
fn serve(guide: &mut Guide, playground: &mut Playground) {
    loop {
        let wanted = guide.take_to_fetch();
        if wanted.is_empty() {
            return;
        }
        for (wanted, _) in wanted {
            let text = on_disk::fetch(&guide.library, &wanted);
            guide.update(playground, GuideMsg::Fetched(wanted, text));
        }
    }
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
    let lesson = lesson("hw-and-leo");
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
    let lesson = lesson("election-order");
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
    let lesson = lesson("acks1-clean-failover");
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

#[test]
fn opens_a_lesson_or_a_challenge_by_id() {
    let (guide, playground) = open("?lesson=election-order", "");
    assert!(matches!(&guide.mode, Mode::Lesson(l) if l.id == "election-order"));
    assert_eq!(
        playground.session().base(),
        &lesson("election-order").scenario
    );
    let (guide, playground) = open("?embed&challenge=reorder-records", "");
    assert!(matches!(&guide.mode, Mode::Challenge(c) if c.id == "reorder-records"));
    assert_eq!(
        playground.session().base(),
        &on_disk::challenge("reorder-records").scenario
    );
}

#[test]
fn a_lesson_shows_loading_until_its_file_arrives() {
    let (mut guide, mut playground) =
        Guide::from_address("?lesson=hw-and-leo", "", PAGE.to_string());
    let content = Content::Lesson("hw-and-leo".to_string());
    assert_eq!(guide.mode, Mode::Loading(content.clone()));
    assert!(!playground.playing, "nothing plays while the lesson loads");
    let asked: Vec<String> = guide
        .take_to_fetch()
        .into_iter()
        .map(|(_, url)| url)
        .collect();
    assert_eq!(asked, ["lessons/index.json"]);
    assert_eq!(guide.content(), content, "the address keeps the lesson");

    let index = Wanted {
        kind: crate::ui::library::Kind::Lesson,
        file: None,
    };
    let text = on_disk::fetch(&guide.library, &index);
    guide.update(&mut playground, GuideMsg::Fetched(index, text));
    assert_eq!(guide.mode, Mode::Loading(content));
    let mut asked = guide.take_to_fetch();
    assert_eq!(asked.len(), 1);
    let (file, url) = asked.remove(0);
    assert_eq!(url, "lessons/hw-and-leo.json");
    assert!(!playground.playing);

    let text = on_disk::fetch(&guide.library, &file);
    guide.update(&mut playground, GuideMsg::Fetched(file, text));
    assert!(matches!(&guide.mode, Mode::Lesson(l) if l.id == "hw-and-leo"));
    assert_eq!(step(&guide), Some(0));
}

#[test]
fn a_lesson_that_cannot_be_loaded_opens_the_playground_and_says_why() {
    let (mut guide, mut playground) =
        Guide::from_address("?lesson=hw-and-leo", "", PAGE.to_string());
    for _ in 0..2 {
        for (wanted, _) in guide.take_to_fetch() {
            let fetched = match wanted.file {
                None => on_disk::fetch(&guide.library, &wanted),
                Some(_) => Err("HTTP 404 Not Found".to_string()),
            };
            guide.update(&mut playground, GuideMsg::Fetched(wanted, fetched));
        }
    }
    assert_eq!(guide.mode, Mode::Playground);
    assert_eq!(
        guide.load_problems,
        ["lessons/hw-and-leo.json could not be loaded: HTTP 404 Not Found"]
    );
    assert!(playground.playing, "the playground runs as it would");
}

#[test]
fn an_unknown_id_opens_the_playground_and_says_so() {
    let (guide, _) = open("?lesson=no-such-lesson", "");
    assert_eq!(guide.mode, Mode::Playground);
    assert_eq!(
        guide.option_problems[0].to_string(),
        "the page address has lesson=\"no-such-lesson\", which is ignored (lesson takes the id of a built-in lesson)"
    );
    let (guide, _) = open("?challenge=no-such-challenge", "");
    assert_eq!(guide.mode, Mode::Playground);
    assert!(guide.option_problems[0]
        .to_string()
        .ends_with("(challenge takes the id of a built-in challenge)"));
}

#[test]
fn the_landing_page_fetches_every_lesson_and_challenge() {
    let (guide, _) = open("", "");
    let (lessons, loading, problems) = guide.library.lessons.listing();
    assert!(!loading && problems.is_empty());
    assert_eq!(lessons, on_disk::lessons());
    let (challenges, loading, problems) = guide.library.challenges.listing();
    assert!(!loading && problems.is_empty());
    assert_eq!(challenges, on_disk::challenges());

    let (guide, _) = open("?embed", "");
    assert!(
        guide.library.lessons.listing().1,
        "an embed has no lists: nothing fetched"
    );
}
