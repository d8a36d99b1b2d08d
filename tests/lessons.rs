//! Every built-in lesson (`static/lessons/`): it parses, the index lists it, each
//! step's trigger is reached in order in a real run (fed event by event, as the UI
//! feeds them, pressing Continue at each hold), and the outcomes it promises, for
//! its run and for its variation's, hold.

use std::path::{Path, PathBuf};

use kafka_playground::lesson::{failures, Lesson, LessonProgress, Observed};
use kafka_playground::scenario::report::report;
use kafka_playground::scenario::run::{run_to_json, start};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("static/lessons")
}

fn index() -> Vec<String> {
    let text = std::fs::read_to_string(dir().join("index.json")).expect("index.json");
    let index: Value = serde_json::from_str(&text).expect("index.json is JSON");
    assert_eq!(index["format"], "kafka-playground/lesson-index@1");
    index["lessons"]
        .as_array()
        .expect("a list of lesson ids")
        .iter()
        .map(|id| id.as_str().expect("an id").to_string())
        .collect()
}

fn load(id: &str) -> Lesson {
    let path = dir().join(format!("{id}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let lesson = Lesson::parse(&text).unwrap_or_else(|errors| {
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("{id}.json is invalid:\n{}", shown.join("\n"))
    });
    assert_eq!(lesson.id, id, "{id}.json: the id names the file");
    lesson
}

/// Runs the lesson's scenario as the UI does and returns, for each step, the
/// time it was reached, and the final report.
fn play(lesson: &Lesson) -> (Vec<Option<u64>>, Value) {
    let scenario = &lesson.scenario;
    let mut cluster = start(scenario, true);
    let mut progress = LessonProgress::new(lesson);
    let mut reached: Vec<Option<u64>> = vec![None; lesson.steps.len()];
    if let Some(first) = progress.current() {
        reached[first] = Some(0);
    }
    let mut feed = |cluster: &mut kafka_playground::engine::Cluster,
                    reached: &mut Vec<Option<u64>>| {
        for event in cluster.take_events() {
            loop {
                match progress.observe(&event, cluster.names()) {
                    Observed::Held => {
                        if let Some(step) = progress.press_continue() {
                            reached[step] = Some(event.at_ms);
                        }
                    }
                    Observed::Reached(step) => {
                        reached[step] = Some(event.at_ms);
                        break;
                    }
                    Observed::Nothing => break,
                }
            }
        }
    };
    while cluster
        .next_event_ms()
        .is_some_and(|t| t <= scenario.run_until_ms)
    {
        cluster.step();
        feed(&mut cluster, &mut reached);
    }
    cluster.run_until(scenario.run_until_ms);
    feed(&mut cluster, &mut reached);
    (reached, report(&cluster))
}

fn check(id: &str) {
    let lesson = load(id);
    let (reached, report) = play(&lesson);
    for (i, at) in reached.iter().enumerate() {
        assert!(
            at.is_some(),
            "{id}: step {i} is never reached (when: {:?}); steps reached at {reached:?}",
            lesson.steps[i].when
        );
    }
    assert_eq!(
        report["violations"],
        Value::Array(vec![]),
        "{id}: violations"
    );
    let failed = failures("expect", &lesson.expect, &report);
    assert!(failed.is_empty(), "{id}:\n{}", failed.join("\n"));
    if let Some(varied) = &lesson.variation.scenario {
        let report = run_to_json(varied, false);
        assert_eq!(
            report["violations"],
            Value::Array(vec![]),
            "{id} variation: violations"
        );
        let failed = failures("variation.expect", &lesson.variation.expect, &report);
        assert!(failed.is_empty(), "{id} variation:\n{}", failed.join("\n"));
    }
}

#[test]
fn the_index_lists_every_lesson_file_once() {
    let ids = index();
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .expect("static/lessons")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name != "index.json")
        .collect();
    files.sort();
    let mut listed: Vec<String> = ids.iter().map(|id| format!("{id}.json")).collect();
    listed.sort();
    assert_eq!(files, listed);
    assert!(ids.len() >= 10, "at least ten lessons: {ids:?}");
}

#[test]
fn hw_and_leo() {
    check("hw-and-leo");
}

#[test]
fn election_order() {
    check("election-order");
}

#[test]
fn acks1_clean_failover() {
    check("acks1-clean-failover");
}

#[test]
fn unclean_election() {
    check("unclean-election");
}

#[test]
fn min_insync_replicas() {
    check("min-insync-replicas");
}

#[test]
fn idempotent_producer() {
    check("idempotent-producer");
}

#[test]
fn retention() {
    check("retention");
}

#[test]
fn compaction() {
    check("compaction");
}

#[test]
fn commit_on_shutdown() {
    check("commit-on-shutdown");
}

#[test]
fn rebalancing() {
    check("rebalancing");
}

#[test]
fn every_lesson_parses() {
    for id in index() {
        load(&id);
    }
}

/// Every event that the scenario files and the lessons produce has a kind and
/// fields that the trigger catalogue knows, so that no trigger can name a field
/// the trace does not have, or miss one it has.
#[test]
fn the_trigger_catalogue_knows_every_event_the_engine_emits() {
    let mut scenarios: Vec<kafka_playground::scenario::Scenario> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios"))
            .expect("tests/scenarios")
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .filter_map(|text| kafka_playground::scenario::parse(&text).ok())
            .collect();
    scenarios.extend(index().iter().map(|id| load(id).scenario));
    for scenario in &scenarios {
        let report = run_to_json(scenario, true);
        for event in report["trace"].as_array().expect("a trace") {
            let kind = event["kind"].as_str().expect("a kind");
            let fields = kafka_playground::lesson::fields_of(kind).unwrap_or_else(|| {
                panic!("{}: kind {kind} is not in the catalogue", scenario.title)
            });
            let mut have: Vec<&str> = event
                .as_object()
                .expect("an object")
                .keys()
                .map(String::as_str)
                .filter(|k| *k != "at_ms" && *k != "kind")
                .collect();
            have.sort_unstable();
            let mut known: Vec<&str> = fields.to_vec();
            known.sort_unstable();
            assert_eq!(have, known, "{}: fields of {kind}", scenario.title);
        }
    }
}
