//! Time travel, forks and export of a session, checked against runs that never
//! travelled: the report JSON of `kplay` is the state digest.

use serde_json::Value;

use super::snapshots::SNAPSHOTS_MAX;
use super::*;
use crate::engine::action::RecordValue;
use crate::scenario::report::report;

const EXAMPLE: &str = include_str!("../../tests/scenario_example.json");

fn example() -> Session {
    Session::from_text(EXAMPLE).expect("the example scenario is valid")
}

/// Plays like the UI: frames of `frame_ms` up to `until_ms`.
fn play(session: &mut Session, until_ms: u64, frame_ms: u64) {
    while session.view_ms() < until_ms {
        session.advance_to((session.view_ms() + frame_ms).min(until_ms));
    }
}

fn state(session: &Session) -> Value {
    report(session.cluster())
}

fn produce(producer: &str, count: u32) -> Action {
    Action::Produce {
        producer: producer.into(),
        topic: "orders".into(),
        partition: None,
        key: Some("k".into()),
        value: RecordValue::RecordId,
        count,
        every_ms: 50,
    }
}

#[test]
fn playing_in_frames_or_in_one_jump_gives_the_same_state() {
    let mut frames = example();
    play(&mut frames, 30_000, 16);
    let mut jump = example();
    jump.advance_to(30_000);
    assert_eq!(frames.view_ms(), 30_000);
    assert_eq!(state(&frames), state(&jump));
    assert_eq!(frames.events(), jump.events());
}

#[test]
fn seeking_back_then_forward_gives_the_state_of_never_seeking() {
    let mut travelled = example();
    play(&mut travelled, 20_000, 100);
    travelled.seek(3_500);
    assert_eq!(travelled.view_ms(), 3_500);
    assert_eq!(travelled.head_ms(), 20_000);
    let mut straight = example();
    straight.advance_to(3_500);
    assert_eq!(state(&travelled), state(&straight));
    // The event log is that of never having seeked (fewer than EVENTS_MAX here).
    assert!(straight.events().len() < EVENTS_MAX);
    assert_eq!(travelled.events(), straight.events());

    travelled.seek(17_000);
    straight.advance_to(17_000);
    assert_eq!(state(&travelled), state(&straight));
    travelled.seek(20_000);
    straight.advance_to(20_000);
    assert_eq!(state(&travelled), state(&straight));
    assert_eq!(travelled.events().last(), straight.events().last());
}

#[test]
fn seeking_never_passes_the_head() {
    let mut session = example();
    session.advance_to(2_000);
    session.seek(9_000);
    assert_eq!(session.view_ms(), 2_000);
}

#[test]
fn acting_in_the_past_forks_a_new_future() {
    let mut session = example();
    session.advance_to(3_000);
    session.act(Action::CrashBroker { broker: 2 }).unwrap();
    session.advance_to(12_000);
    assert_eq!(session.user_actions().len(), 1);
    assert_eq!(session.user_actions()[0].at_ms, 3_001);

    session.seek(2_000);
    session.act(produce("pb", 3)).unwrap();
    assert_eq!(session.head_ms(), 2_000);
    assert_eq!(session.view_ms(), 2_000);
    let times: Vec<u64> = session.user_actions().iter().map(|a| a.at_ms).collect();
    assert_eq!(times, vec![2_001]);

    // The crash of broker 2 is gone from the new future.
    session.advance_to(12_000);
    let broker_2 = session.cluster().broker(2).unwrap();
    assert!(broker_2.is_running());
}

#[test]
fn acting_live_keeps_earlier_actions() {
    let mut session = example();
    session.advance_to(2_000);
    session.act(produce("pb", 1)).unwrap();
    session.act(produce("pa", 1)).unwrap();
    assert_eq!(session.user_actions().len(), 2);
    assert_eq!(session.head_ms(), 2_000);
}

#[test]
fn a_refused_action_changes_nothing() {
    let mut session = example();
    session.advance_to(2_000);
    let refused = session.act(Action::RestartBroker { broker: 1 });
    assert!(matches!(refused, Err(ActError::Refused(m)) if m.contains("already running")));
    let unknown = session.act(produce("nobody", 1));
    assert!(matches!(unknown, Err(ActError::Refused(_))));
    assert!(session.user_actions().is_empty());
}

#[test]
fn an_action_over_a_scenario_bound_is_refused() {
    let mut session = example();
    session.advance_to(1_000);
    let too_many = produce("pa", u32::MAX);
    let Err(ActError::Invalid(errors)) = session.act(too_many) else {
        panic!("over the records bound");
    };
    assert!(errors[0].path.starts_with("script["));
    assert!(session.user_actions().is_empty());
}

/// A session with user actions live, in the past (a fork) and at the time of a
/// scripted action, played in frames to `until_ms`.
fn eventful_session(until_ms: u64) -> Session {
    let mut session = example();
    play(&mut session, 2_500, 16);
    session.act(produce("pb", 4)).unwrap();
    play(&mut session, 9_000, 16);
    session.act(Action::CrashBroker { broker: 1 }).unwrap();
    play(&mut session, 15_000, 16);
    session.seek(4_999);
    // Recorded at 5000, with the scripted crash of broker 3.
    session.act(produce("pb", 2)).unwrap();
    play(&mut session, 20_000, 33);
    session.act(Action::CrashBroker { broker: 1 }).unwrap();
    play(&mut session, until_ms, 100);
    session
}

#[test]
fn an_exported_session_replays_the_same_run() {
    let session = eventful_session(60_000);
    let exported = session.scenario();
    let times: Vec<u64> = exported.script.iter().map(|e| e.at_ms).collect();
    assert_eq!(times, vec![1_000, 2_501, 5_000, 5_000, 20_001, 40_000]);
    assert_eq!(exported.run_until_ms, 120_000);

    let text = serde_json::to_string_pretty(&scenario::to_json(&exported)).unwrap();
    let mut reimported = Session::from_text(&text).expect("the export is valid");
    assert_eq!(reimported.scenario(), exported);
    reimported.advance_to(60_000);
    assert_eq!(state(&reimported), state(&session));

    // And kplay, running the exported file to the head, reports the same state.
    let mut at_head = exported.clone();
    at_head.run_until_ms = 60_000;
    assert_eq!(run::run_to_json(&at_head, false), state(&session));
}

#[test]
fn the_export_reaches_the_head_in_whole_minutes() {
    let mut session = eventful_session(150_000);
    assert_eq!(session.scenario().run_until_ms, 180_000);
    let exported = session.scenario();
    session.advance_to(179_000);
    assert_eq!(
        session.scenario(),
        exported,
        "the same while within the minute"
    );
}

#[test]
fn sessions_are_deterministic() {
    let a = eventful_session(30_000);
    let b = eventful_session(30_000);
    assert_eq!(state(&a), state(&b));
    assert_eq!(a.events(), b.events());
}

#[test]
fn stepping_goes_event_by_event() {
    let mut session = example();
    let mut last = session.view_ms();
    for _ in 0..50 {
        let t = session.step_event().expect("the cluster keeps working");
        assert!(t > last);
        assert_eq!(session.view_ms(), t);
        assert!(session.events().iter().all(|e| e.at_ms <= t));
        last = t;
    }
}

#[test]
fn stepping_stops_at_a_user_action() {
    let mut session = example();
    session.advance_to(1_500);
    session.act(Action::CrashBroker { broker: 2 }).unwrap();
    assert_eq!(session.step_event(), Some(1_501));
    assert!(!session.cluster().broker(2).unwrap().is_running());
}

#[test]
fn snapshots_stay_bounded_over_a_long_run() {
    // Brokers alone: a long run with little traffic.
    let mut session = Session::from_text(
        r#"{"format": "kafka-playground/scenario@1", "brokers": 3,
            "topics": [{"name": "t", "partitions": 1, "replication_factor": 3}]}"#,
    )
    .unwrap();
    session.advance_to(2_000_000);
    assert!(session.snapshot_count() <= SNAPSHOTS_MAX);
    assert!(session.snapshot_count() >= SNAPSHOTS_MAX / 2);
    // 2000 s over at most 64 snapshots: the interval grew from 4 s to 32 s.
    assert_eq!(session.snapshot_interval_ms(), 32_000);
    let before = state(&session);
    session.seek(1_000_000);
    session.seek(2_000_000);
    assert_eq!(state(&session), before);
}

#[test]
fn the_event_log_is_bounded() {
    let mut session = example();
    session.advance_to(300_000);
    assert!(session.events().len() <= EVENTS_MAX);
    assert!(session
        .events()
        .windows(2)
        .all(|w| w[0].at_ms <= w[1].at_ms));
}

/// Many kinds of action, taken live right after engine events (where the order
/// within a millisecond matters) and after a fork.
#[test]
fn every_kind_of_action_replays_the_same_from_the_export() {
    use crate::engine::action::{ConfigTarget, ElectionType, NodeName};
    use crate::engine::config::ConfigValue;

    let mut session = example();
    let actions = [
        Action::SlowBroker {
            broker: 2,
            extra_latency_ms: 30,
        },
        produce("pb", 5),
        Action::Isolate {
            node: NodeName::Broker(1),
        },
        Action::HealNetwork,
        Action::AlterConfig {
            target: ConfigTarget::Topic("orders".into()),
            config: vec![("min.insync.replicas".into(), ConfigValue::Int(2))],
        },
        Action::ShutdownBroker { broker: 2 },
        Action::RestartBroker { broker: 2 },
        Action::ElectLeaders {
            topic: "orders".into(),
            partition: 0,
            election_type: ElectionType::Preferred,
        },
        Action::StopConsumer {
            consumer: "c1".into(),
            commit_sync: true,
        },
        Action::StartConsumer {
            consumer: "c1".into(),
        },
    ];
    let mut accepted = 0;
    for (i, action) in actions.into_iter().enumerate() {
        play(&mut session, 1_000 + 4_000 * i as u64, 40);
        for _ in 0..3 {
            session.step_event();
        }
        // One may be refused (say, a restart while the broker is still shutting
        // down): refused ones change nothing.
        accepted += usize::from(session.act(action).is_ok());
    }
    assert!(accepted >= 8, "{accepted}");
    play(&mut session, 60_000, 250);
    session.seek(45_000);
    session.act(Action::CrashBroker { broker: 3 }).unwrap();
    play(&mut session, 70_000, 500);
    assert_eq!(session.user_actions().len(), accepted + 1);

    let mut exported = session.scenario();
    exported.run_until_ms = session.head_ms();
    assert_eq!(run::run_to_json(&exported, false), state(&session));
}
