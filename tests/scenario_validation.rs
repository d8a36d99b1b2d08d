//! `kplay` on bad and good scenarios: the exit status and the exact lines it prints.
//! Each bad scenario is the spec's example with one thing broken, so each test shows
//! the one error that thing causes.

use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const EXAMPLE: &str = include_str!("scenario_example.json");

struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn kplay(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kplay"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kplay starts");
    if let Some(mut input) = child.stdin.take() {
        // kplay may exit before reading stdin (usage errors); a broken pipe is fine.
        let _ = input.write_all(stdin.as_bytes());
    }
    let output = child.wait_with_output().expect("kplay finishes");
    Output {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `kplay check -` on `doc`.
fn check(doc: &str) -> Output {
    kplay(&["check", "-"], doc)
}

/// Asserts that `kplay check -` rejects `doc` with exactly these errors.
fn assert_invalid(doc: &str, expected: &[&str]) {
    let out = check(doc);
    let lines: Vec<String> = expected.iter().map(|e| format!("error: {e}\n")).collect();
    assert_eq!(out.stderr, lines.concat());
    assert_eq!(out.stdout, "");
    assert_eq!(out.code, Some(2));
}

fn example() -> Value {
    serde_json::from_str(EXAMPLE).expect("the spec's example is JSON")
}

/// The spec's example with `change` applied.
fn example_with(change: impl FnOnce(&mut Value)) -> String {
    let mut doc = example();
    change(&mut doc);
    doc.to_string()
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("kplay-test-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("temp file written");
    path
}

#[test]
fn the_spec_example_is_valid_from_a_file_and_from_stdin() {
    let path = temp_file("example.json", EXAMPLE);
    let from_file = kplay(&["check", &path.to_string_lossy()], "");
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        (
            from_file.code,
            from_file.stdout.as_str(),
            from_file.stderr.as_str()
        ),
        (Some(0), "ok\n", "")
    );
    let from_stdin = check(EXAMPLE);
    assert_eq!(
        (
            from_stdin.code,
            from_stdin.stdout.as_str(),
            from_stdin.stderr.as_str()
        ),
        (Some(0), "ok\n", "")
    );
}

#[test]
fn run_prints_the_report_as_json_and_a_newline() {
    for args in [
        &["run", "-"][..],
        &["run", "-", "--trace"],
        &["run", "--trace", "-"],
    ] {
        let out = kplay(args, EXAMPLE);
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr, "");
        assert!(out.stdout.ends_with("}\n"), "{}", out.stdout);
        let report: Value = serde_json::from_str(&out.stdout).expect("the report is JSON");
        assert_eq!(report["format"], json!("kafka-playground/report@1"));
    }
}

#[test]
fn run_rejects_an_invalid_scenario_like_check() {
    let out = kplay(&["run", "-"], "{}");
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "error: format: missing; required: \"kafka-playground/scenario@1\"\n\
         error: brokers: missing; required: a whole number from 1 to 32\n"
    );
}

#[test]
fn the_spec_error_examples_are_printed_as_written() {
    let doc = example_with(|doc| {
        doc["topics"][0]["config"]["min.insync.replicas"] = json!("two");
        let script = doc["script"].as_array_mut().expect("script");
        script.push(json!({ "at_ms": 40000, "op": "crash_broker", "broker": 7 }));
    });
    assert_invalid(
        &doc,
        &[
            "topics[0].config.\"min.insync.replicas\": \"two\" is not an integer",
            "script[3].broker: broker 7 does not exist (this cluster has brokers 1..3)",
        ],
    );
}

#[test]
fn malformed_json_is_one_error_with_line_and_column() {
    assert_invalid(
        "{\n  \"format\": \"kafka-playground/scenario@1\",\n  \"brokers\": 3,\n}\n",
        &["scenario: malformed JSON at line 4, column 1: trailing comma"],
    );
    assert_invalid(
        "",
        &["scenario: malformed JSON at line 1, column 0: EOF while parsing a value"],
    );
    assert_invalid(
        "{\"brokers\": 3, \"brokers\": 4}",
        &["scenario: malformed JSON at line 1, column 24: the key \"brokers\" is given twice in one object"],
    );
}

#[test]
fn an_unknown_top_level_key_is_named_with_the_allowed_keys() {
    let doc = example_with(|doc| doc["run_until"] = json!(5));
    assert_invalid(
        &doc,
        &["run_until: unknown key \"run_until\" (allowed: format, title, description, seed, kafka_version, brokers, broker_config, network, topics, producers, consumers, script, run_until_ms)"],
    );
}

#[test]
fn unknown_nested_keys_are_named_with_the_allowed_keys() {
    let doc = example_with(|doc| {
        doc["network"]["latency"] = json!(5);
        doc["topics"][0]["partiton"] = json!(1);
        doc["consumers"][0]["poll_ms"] = json!(1);
    });
    assert_invalid(
        &doc,
        &[
            "network.latency: unknown key \"latency\" (allowed: latency_ms)",
            "topics[0].partiton: unknown key \"partiton\" (allowed: name, partitions, replication_factor, replica_assignment, config)",
            "consumers[0].poll_ms: unknown key \"poll_ms\" (allowed: id, group, subscribe, config, poll_every_ms, commit_after_poll, start_at_ms, processing_ms)",
        ],
    );
}

#[test]
fn wrong_types_are_named_with_what_is_allowed() {
    let doc = example_with(|doc| {
        doc["brokers"] = json!("3");
        doc["title"] = json!(["a"]);
        doc["consumers"][0]["commit_after_poll"] = json!("yes");
    });
    assert_invalid(
        &doc,
        &[
            "title: an array is not a string",
            "brokers: \"3\" is not a whole number from 1 to 32",
            "consumers[0].commit_after_poll: \"yes\" is not true or false",
        ],
    );
}

#[test]
fn out_of_range_floats_and_negatives_are_errors() {
    let doc = example_with(|doc| {
        doc["seed"] = json!(-7);
        doc["network"]["latency_ms"] = json!(0.5);
        doc["topics"][0]["replication_factor"] = json!(4);
        doc["script"][0]["count"] = json!(1e20);
        doc["run_until_ms"] = json!(3_000_000_000_u64);
    });
    assert_invalid(
        &doc,
        &[
            "seed: -7 is not a whole number from 0 to 18446744073709551615",
            "network.latency_ms: 0.5 is not a whole number from 0 to 60000",
            "topics[0].replication_factor: 4 is not a whole number from 1 to 3 (the number of brokers)",
            "script[0].count: 1e+20 is not a whole number from 1 to 10000000",
            "run_until_ms: 3000000000 is not a whole number from 0 to 2678400000",
        ],
    );
}

#[test]
fn an_unknown_broker_is_an_error() {
    let doc = example_with(|doc| {
        doc["topics"][0]["replica_assignment"] = json!([[1, 2, 4]]);
        doc["script"][2]["broker"] = json!(0);
    });
    assert_invalid(
        &doc,
        &[
            "topics[0].replica_assignment[0][2]: broker 4 does not exist (this cluster has brokers 1..3)",
            "script[2].broker: broker 0 does not exist (this cluster has brokers 1..3)",
        ],
    );
}

#[test]
fn an_unknown_topic_is_an_error() {
    let doc = example_with(|doc| {
        doc["consumers"][0]["subscribe"] = json!(["orders", "payments"]);
        doc["script"][0]["topic"] = json!("order");
    });
    assert_invalid(
        &doc,
        &[
            "consumers[0].subscribe[1]: topic \"payments\" neither exists at time 0 nor is created by the script (topics: \"orders\")",
            "script[0].topic: topic \"order\" does not exist (topics: \"orders\")",
        ],
    );
}

#[test]
fn a_partition_out_of_range_is_an_error() {
    let doc = example_with(|doc| doc["script"][0]["partition"] = json!(1));
    assert_invalid(
        &doc,
        &["script[0].partition: partition 1 does not exist (topic \"orders\" has only partition 0)"],
    );
}

#[test]
fn time_going_backwards_is_an_error() {
    let doc = example_with(|doc| doc["script"][2]["at_ms"] = json!(4999));
    assert_invalid(
        &doc,
        &["script[2].at_ms: 4999 is before the previous entry's at_ms 5000 (times must not go backwards)"],
    );
}

#[test]
fn a_bad_config_value_is_an_error() {
    let doc = example_with(|doc| {
        doc["broker_config"]["unclean.leader.election.enable"] = json!("yes");
        doc["producers"][1]["config"]["acks"] = json!(2);
        doc["consumers"][0]["config"]["auto.offset.reset"] = json!("smallest");
    });
    assert_invalid(
        &doc,
        &[
            "broker_config.\"unclean.leader.election.enable\": \"yes\" is not a boolean (true or false)",
            "producers[1].config.acks: 2 is not one of all, -1, 0, 1",
            "consumers[0].config.\"auto.offset.reset\": \"smallest\" is not one of latest, earliest, none",
        ],
    );
}

#[test]
fn idempotence_needs_acks_all() {
    let doc = example_with(|doc| doc["producers"][1]["config"]["enable.idempotence"] = json!(true));
    assert_invalid(
        &doc,
        &["producers[1].config.\"enable.idempotence\": true needs acks=all, retries > 0 and max.in.flight.requests.per.connection ≤ 5 (R-IDEM-1)"],
    );
}

#[test]
fn a_field_that_does_not_belong_to_the_op_is_an_error() {
    let doc = example_with(|doc| doc["script"][1]["topic"] = json!("orders"));
    assert_invalid(
        &doc,
        &["script[1].topic: field \"topic\" does not belong to op \"crash_broker\" (its fields: at_ms, op, broker)"],
    );
}

#[test]
fn an_unsupported_kafka_version_lists_the_supported_ones() {
    let doc = example_with(|doc| doc["kafka_version"] = json!("2.8"));
    assert_invalid(
        &doc,
        &["kafka_version: \"2.8\" is not a supported Kafka version (supported: \"3.9\")"],
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let doc = example_with(|doc| {
        doc["format"] = json!("kafka-playground/scenario@2");
        doc["script"][0]["producer"] = json!("pz");
        doc["script"][1]["broker"] = json!(9);
    });
    assert_invalid(
        &doc,
        &[
            "format: \"kafka-playground/scenario@2\" is not \"kafka-playground/scenario@1\" (the only format this version reads)",
            "script[0].producer: producer \"pz\" does not exist (producers: \"pa\", \"pb\")",
            "script[1].broker: broker 9 does not exist (this cluster has brokers 1..3)",
        ],
    );
}

#[test]
fn an_unreadable_file_names_the_path_and_the_os_error() {
    let missing = std::env::temp_dir().join("kplay-test-no-such-file.json");
    let out = kplay(&["check", &missing.to_string_lossy()], "");
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr,
        format!(
            "error: cannot read {}: No such file or directory (os error 2)\n",
            missing.display()
        )
    );
    let not_utf8 = temp_file("latin1.json", "");
    std::fs::write(&not_utf8, b"{\"title\": \"caf\xe9\"}").expect("written");
    let out = kplay(&["check", &not_utf8.to_string_lossy()], "");
    let _ = std::fs::remove_file(&not_utf8);
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr,
        format!(
            "error: cannot read {}: stream did not contain valid UTF-8\n",
            not_utf8.display()
        )
    );
}

#[test]
fn help_prints_the_usage_and_succeeds() {
    for flag in ["--help", "-h", "help"] {
        let out = kplay(&[flag], "");
        assert_eq!(out.code, Some(0), "{flag}");
        assert!(
            out.stdout.starts_with("kplay: run and check"),
            "{}",
            out.stdout
        );
        assert!(out.stdout.contains("kplay check SCENARIO.json"));
        assert_eq!(out.stderr, "");
    }
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let hint = "run \"kplay --help\" for usage\n";
    let cases: &[(&[&str], &str)] = &[
        (&[], "error: missing command (run, check, check-challenge or help)\n"),
        (&["frobnicate"], "error: unknown command \"frobnicate\" (commands: run, check, check-challenge, help)\n"),
        (&["check"], "error: check needs a scenario file (or - for standard input)\n"),
        (&["check", "a.json", "b.json"], "error: check takes one scenario file, got: \"a.json\" \"b.json\"\n"),
        (&["check", "--trace"], "error: check takes one scenario file, got: \"--trace\"\n"),
        (&["run"], "error: run needs a scenario file (or - for standard input)\n"),
        (&["run", "x.json", "--verbose"], "error: run takes one scenario file and an optional --trace, got: \"x.json\" \"--verbose\"\n"),
        (&["help", "me"], "error: help takes no arguments\n"),
        (&["check-challenge", "c.json"], "error: check-challenge takes a challenge file and a solution (a file, a share link, or -), got: \"c.json\"\n"),
    ];
    for (args, message) in cases {
        let out = kplay(args, "");
        assert_eq!(out.code, Some(2), "{args:?}");
        assert_eq!(out.stderr, format!("{message}{hint}"), "{args:?}");
        assert_eq!(out.stdout, "", "{args:?}");
    }
}
