//! Reading a scenario document: the header fields, then `topics`, `producers`,
//! `consumers`, the `script` and `run_until_ms`, collecting every problem.

use super::catalog::Catalog;
use super::clients::{consumers, producers};
use super::config::config_map;
use super::error::{Problems, ScenarioError, ROOT};
use super::json::parse_strict;
use super::limits::{BROKERS_MAX, LATENCY_MS_MAX, RUN_AFTER_LAST_MS, TIME_MS_MAX};
use super::reader::{found, quoted, whole, Fields};
use super::script::{created_topics, script};
use super::topic::topics;
use super::{Scenario, FORMAT};
use crate::engine::config::BROKER_CONFIGS;
use crate::engine::spec::{ClusterSpec, KafkaVersion};
use serde_json::Value;

const TOP_FIELDS: &[&str] = &[
    "format",
    "title",
    "description",
    "seed",
    "kafka_version",
    "brokers",
    "broker_config",
    "network",
    "topics",
    "producers",
    "consumers",
    "script",
    "run_until_ms",
];

/// Parses and validates a scenario document. Malformed JSON gives one error with
/// its line and column; otherwise every problem gives one error.
pub fn parse(text: &str) -> Result<Scenario, Vec<ScenarioError>> {
    match parse_strict(text) {
        Ok(value) => parse_value(&value),
        Err(message) => Err(vec![ScenarioError {
            path: ROOT.to_string(),
            message,
        }]),
    }
}

/// Validates a scenario document already read as JSON.
pub fn parse_value(value: &Value) -> Result<Scenario, Vec<ScenarioError>> {
    let mut problems = Problems::default();
    match read(&mut problems, value) {
        Some(scenario) if problems.count() == 0 => Ok(scenario),
        _ => Err(problems.into_vec()),
    }
}

fn read(problems: &mut Problems, value: &Value) -> Option<Scenario> {
    let f = Fields::of(problems, "", value, "a scenario (a JSON object)")?;
    f.reject_unknown(problems, TOP_FIELDS);
    format(problems, &f);
    let title = f.text_or(problems, "title", "");
    let description = f.text_or(problems, "description", "");
    let seed = f.whole(problems, "seed", 0, u64::MAX, Some(1));
    let kafka_version = kafka_version(problems, &f);
    let brokers = f
        .whole(problems, "brokers", 1, u64::from(BROKERS_MAX), None)
        .and_then(|n| u32::try_from(n).ok());
    let broker_config = config_map(
        problems,
        "broker_config",
        f.get("broker_config"),
        BROKER_CONFIGS,
        "broker",
    );
    let latency_ms = network(problems, &f);
    let mut catalog = Catalog::new(brokers, created_topics(f.get("script")));
    let topics = topics(problems, f.get("topics"), &mut catalog, &broker_config);
    let producers = producers(problems, f.get("producers"), &mut catalog);
    let consumers = consumers(problems, f.get("consumers"), &mut catalog);
    let (script, last_at_ms) = script(problems, f.get("script"), &mut catalog, &broker_config);
    let run_until_ms = run_until(problems, &f, last_at_ms);
    Some(Scenario {
        title: title?,
        description: description?,
        spec: ClusterSpec {
            seed: seed?,
            kafka_version: kafka_version?,
            brokers: brokers?,
            broker_config,
            latency_ms: latency_ms?,
            topics,
            producers,
            consumers,
        },
        script,
        run_until_ms: run_until_ms?,
    })
}

fn format(problems: &mut Problems, f: &Fields) {
    match f.required(problems, "format", &quoted(FORMAT)) {
        Some(Value::String(s)) if s == FORMAT => {}
        Some(other) => problems.add(
            "format",
            format!(
                "{} is not {} (the only format this version reads)",
                found(other),
                quoted(FORMAT)
            ),
        ),
        None => {}
    }
}

fn kafka_version(problems: &mut Problems, f: &Fields) -> Option<KafkaVersion> {
    let Some(value) = f.get("kafka_version") else {
        return Some(KafkaVersion::default());
    };
    let version = value.as_str().and_then(KafkaVersion::parse);
    if version.is_none() {
        let supported: Vec<String> = KafkaVersion::SUPPORTED.iter().map(|v| quoted(v)).collect();
        problems.add(
            "kafka_version",
            format!(
                "{} is not a supported Kafka version (supported: {})",
                found(value),
                supported.join(", ")
            ),
        );
    }
    version
}

fn network(problems: &mut Problems, f: &Fields) -> Option<u64> {
    let Some(value) = f.get("network") else {
        return Some(1);
    };
    let network = Fields::of(problems, "network", value, "an object with latency_ms")?;
    network.reject_unknown(problems, &["latency_ms"]);
    network.whole(problems, "latency_ms", 0, LATENCY_MS_MAX, Some(1))
}

fn run_until(problems: &mut Problems, f: &Fields, last_at_ms: u64) -> Option<u64> {
    match f.get("run_until_ms") {
        Some(value) => {
            let run_until_ms = whole(problems, "run_until_ms", value, 0, TIME_MS_MAX)?;
            if run_until_ms < last_at_ms {
                problems.add(
                    "run_until_ms",
                    format!(
                        "{run_until_ms} is before the last script entry's at_ms {last_at_ms} (the run must reach every entry)"
                    ),
                );
                return None;
            }
            Some(run_until_ms)
        }
        None => {
            let default = last_at_ms + RUN_AFTER_LAST_MS;
            if default > TIME_MS_MAX {
                problems.add(
                    "run_until_ms",
                    format!(
                        "missing, and its default (the last at_ms {last_at_ms} + {RUN_AFTER_LAST_MS}) is more than {TIME_MS_MAX}; give a value from {last_at_ms} to {TIME_MS_MAX}"
                    ),
                );
                return None;
            }
            Some(default)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{doc_with, errors_of};
    use serde_json::json;

    #[test]
    fn defaults_fill_a_minimal_scenario() {
        let scenario = parse(r#"{"format": "kafka-playground/scenario@1", "brokers": 1}"#).unwrap();
        assert_eq!(scenario.title, "");
        assert_eq!(scenario.description, "");
        assert_eq!(scenario.spec, ClusterSpec::new(1));
        assert!(scenario.script.is_empty());
        assert_eq!(scenario.run_until_ms, 120_000);
    }

    #[test]
    fn malformed_json_is_one_error_at_the_root() {
        let errors = parse("{\"brokers\": 3,,}").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, "scenario");
        assert_eq!(
            errors[0].message,
            "malformed JSON at line 1, column 15: key must be a string"
        );
    }

    #[test]
    fn the_document_must_be_an_object_with_format_and_brokers() {
        assert_eq!(
            errors_of(json!([])),
            vec!["scenario: an array is not a scenario (a JSON object)"]
        );
        assert_eq!(
            errors_of(json!({"brokerz": 3, "format": "kafka-playground/scenario@2"})),
            vec![
                "brokerz: unknown key \"brokerz\" (allowed: format, title, description, seed, kafka_version, brokers, broker_config, network, topics, producers, consumers, script, run_until_ms)",
                "format: \"kafka-playground/scenario@2\" is not \"kafka-playground/scenario@1\" (the only format this version reads)",
                "brokers: missing; required: a whole number from 1 to 32",
            ]
        );
        assert_eq!(
            errors_of(json!({"brokers": 3})),
            vec!["format: missing; required: \"kafka-playground/scenario@1\""]
        );
    }

    #[test]
    fn header_fields_are_typed_and_bounded() {
        assert_eq!(
            errors_of(doc_with(json!({
                "title": 1, "seed": -1, "brokers": 33, "kafka_version": "3.8",
                "network": {"latency_ms": 60001, "jitter_ms": 1},
                "broker_config": {"unclean.leader.election.enable": "maybe"}
            }))),
            vec![
                "title: 1 is not a string",
                "seed: -1 is not a whole number from 0 to 18446744073709551615",
                "kafka_version: \"3.8\" is not a supported Kafka version (supported: \"3.9\")",
                "brokers: 33 is not a whole number from 1 to 32",
                "broker_config.\"unclean.leader.election.enable\": \"maybe\" is not a boolean (true or false)",
                "network.jitter_ms: unknown key \"jitter_ms\" (allowed: latency_ms)",
                "network.latency_ms: 60001 is not a whole number from 0 to 60000",
            ]
        );
        let scenario = parse_value(&doc_with(json!({
            "seed": u64::MAX, "network": {"latency_ms": 0}, "kafka_version": "3.9", "title": "t"
        })))
        .unwrap();
        assert_eq!(
            (scenario.spec.seed, scenario.spec.latency_ms),
            (u64::MAX, 0)
        );
        assert_eq!(scenario.title, "t");
    }

    #[test]
    fn run_until_defaults_after_the_last_entry_and_must_reach_it() {
        let script = json!([{"at_ms": 5000, "op": "heal_network"}]);
        let scenario = parse_value(&doc_with(json!({"script": script}))).unwrap();
        assert_eq!(scenario.run_until_ms, 125_000);
        assert_eq!(
            errors_of(doc_with(json!({"script": script, "run_until_ms": 4999}))),
            vec!["run_until_ms: 4999 is before the last script entry's at_ms 5000 (the run must reach every entry)"]
        );
        assert_eq!(
            errors_of(doc_with(json!({"script": [{"at_ms": 2_678_300_000u64, "op": "heal_network"}]}))),
            vec!["run_until_ms: missing, and its default (the last at_ms 2678300000 + 120000) is more than 2678400000; give a value from 2678300000 to 2678400000"]
        );
        assert_eq!(
            errors_of(doc_with(json!({"run_until_ms": 2_678_400_001u64}))),
            vec!["run_until_ms: 2678400001 is not a whole number from 0 to 2678400000"]
        );
    }
}
