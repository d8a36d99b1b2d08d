//! Every built-in challenge (`static/challenges/`): it parses, the index lists it,
//! its reference solution (`tests/challenges/ID.solution.json`) solves it and gives
//! a completion code that replays the solution, and its non-solution
//! (`ID.not-solution.json`) does not. `kplay check-challenge` gives the same
//! verdicts with exit codes 0, 1 and 2, from files and from share links.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kafka_playground::challenge::{check, Challenge, Verdict};
use kafka_playground::scenario::{self, Scenario};
use kafka_playground::share;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn challenge_path(id: &str) -> PathBuf {
    root().join(format!("static/challenges/{id}.json"))
}

fn solution_path(id: &str, kind: &str) -> PathBuf {
    root().join(format!("tests/challenges/{id}.{kind}.json"))
}

fn load(id: &str) -> Challenge {
    let text = std::fs::read_to_string(challenge_path(id)).expect("challenge file");
    let challenge = Challenge::parse(&text).unwrap_or_else(|errors| {
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("{id}.json is invalid:\n{}", shown.join("\n"))
    });
    assert_eq!(challenge.id, id, "{id}.json: the id names the file");
    challenge
}

fn solution(id: &str, kind: &str) -> Scenario {
    let text = std::fs::read_to_string(solution_path(id, kind)).expect("solution file");
    scenario::parse(&text).unwrap_or_else(|e| panic!("{id}.{kind}.json is invalid: {e:?}"))
}

/// The reference solution solves the challenge, and its completion code opens
/// as the same solution; the non-solution does not solve it.
fn check_challenge(id: &str) {
    let challenge = load(id);
    match check(&challenge, &solution(id, "solution")) {
        Verdict::Solved {
            completion_code, ..
        } => assert_eq!(
            share::decode(&completion_code),
            Ok(solution(id, "solution")),
            "{id}: the completion code replays the solution"
        ),
        Verdict::NotSolved { why } => panic!("{id}: the reference solution fails: {why:?}"),
    }
    let verdict = check(&challenge, &solution(id, "not-solution"));
    assert!(!verdict.is_solved(), "{id}: the non-solution solves it");
    assert!(
        !check(&challenge, &challenge.scenario).is_solved(),
        "{id}: doing nothing solves it"
    );
}

fn kplay(args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kplay"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("kplay runs");
    if let (Some(text), Some(mut input)) = (stdin, child.stdin.take()) {
        input.write_all(text.as_bytes()).expect("stdin");
    }
    child.wait_with_output().expect("kplay output")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_index_lists_every_challenge_file_once_and_they_cover_four_areas() {
    let index: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("static/challenges/index.json")).expect("index"),
    )
    .expect("JSON");
    assert_eq!(index["format"], "kafka-playground/challenge-index@1");
    let ids: Vec<String> = index["challenges"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|id| id.as_str().expect("an id").to_string())
        .collect();
    let mut files: Vec<String> = std::fs::read_dir(root().join("static/challenges"))
        .expect("static/challenges")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name != "index.json")
        .collect();
    files.sort();
    let mut listed: Vec<String> = ids.iter().map(|id| format!("{id}.json")).collect();
    listed.sort();
    assert_eq!(files, listed);
    assert!(ids.len() >= 6);
    let mut areas: Vec<String> = ids
        .iter()
        .map(|id| format!("{:?}", load(id).area))
        .collect();
    areas.sort();
    areas.dedup();
    assert_eq!(
        areas,
        ["Availability", "Delivery", "Durability", "Ordering"]
    );
}

#[test]
fn lose_an_acks1_record() {
    check_challenge("lose-an-acks1-record");
}

#[test]
fn lose_an_acks_all_record() {
    check_challenge("lose-an-acks-all-record");
}

#[test]
fn writable_while_broker_down() {
    check_challenge("writable-while-broker-down");
}

#[test]
fn reorder_records() {
    check_challenge("reorder-records");
}

#[test]
fn write_a_record_twice() {
    check_challenge("write-a-record-twice");
}

#[test]
fn process_a_record_twice() {
    check_challenge("process-a-record-twice");
}

#[test]
fn a_solution_that_breaks_the_rules_is_not_solved_and_says_why() {
    let challenge = load("lose-an-acks1-record");
    let mut cheat = solution("lose-an-acks1-record", "solution");
    cheat.spec.brokers = 4;
    cheat.script.retain(|a| a.at_ms != 5000);
    cheat
        .script
        .push(kafka_playground::engine::action::TimedAction {
            at_ms: 70000,
            action: kafka_playground::engine::action::Action::ElectLeaders {
                topic: "t".into(),
                partition: 0,
                election_type: kafka_playground::engine::action::ElectionType::Unclean,
            },
        });
    let Verdict::NotSolved { why } = check(&challenge, &cheat) else {
        panic!("a changed cluster solves it");
    };
    assert_eq!(
        why,
        vec![
            "the solution changes the challenge's brokers; only script actions may be added",
            "the challenge's script[0] (produce at 5000 ms) is missing or changed; only actions may be added",
        ]
    );
    let mut late = solution("lose-an-acks1-record", "solution");
    late.script
        .push(kafka_playground::engine::action::TimedAction {
            at_ms: 70000,
            action: kafka_playground::engine::action::Action::ElectLeaders {
                topic: "t".into(),
                partition: 0,
                election_type: kafka_playground::engine::action::ElectionType::Unclean,
            },
        });
    let Verdict::NotSolved { why } = check(&challenge, &late) else {
        panic!("a forbidden op solves it");
    };
    assert_eq!(
        why,
        vec![
            "elect_leaders at 70000 ms is not allowed (allowed: crash_broker, restart_broker, partition_network, isolate, heal_network)",
            "elect_leaders at 70000 ms is outside the allowed time (0 ms to 60000)",
        ]
    );
}

#[test]
fn kplay_check_challenge_grades_files_and_links() {
    let id = "write-a-record-twice";
    let challenge = challenge_path(id);
    let challenge = challenge.to_str().expect("path");
    let good = solution_path(id, "solution");
    let out = kplay(
        &["check-challenge", challenge, good.to_str().expect("path")],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(
            "solved: Write a record twice\np#0 is stored twice\ncompletion code: #s=1."
        ),
        "{stdout}"
    );
    let code = stdout
        .lines()
        .last()
        .and_then(|l| l.strip_prefix("completion code: "))
        .expect("a code");
    let url = format!("https://example.org/kafka/{code}");
    let again = kplay(&["check-challenge", challenge, &url], None);
    assert_eq!(
        again.status.code(),
        Some(0),
        "the completion code is a solution"
    );
    let piped = kplay(&["check-challenge", challenge, "-"], Some(code));
    assert_eq!(piped.status.code(), Some(0), "{}", text(&piped.stderr));

    let bad = solution_path(id, "not-solution");
    let out = kplay(
        &["check-challenge", challenge, bad.to_str().expect("path")],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "not solved: Write a record twice\n- no record of \"p\" is stored twice\n"
    );

    let out = kplay(&["check-challenge", challenge, "#s=1.broken!"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: solution: the link is damaged: character 7 of its data is not allowed in a share link\n"
    );
    let out = kplay(
        &["check-challenge", good.to_str().expect("path"), challenge],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("error: format: \"kafka-playground/scenario@1\" is not \"kafka-playground/challenge@1\""),
        "{}",
        text(&out.stderr)
    );
    let out = kplay(&["check-challenge", challenge], None);
    assert_eq!(out.status.code(), Some(2));
}
