//! Config objects (`broker_config`, `topics[].config`, `producers[].config`,
//! `consumers[].config`, `alter_config.config`): each key is validated as Kafka
//! validates it, against its table in [`crate::engine::config`]. An unknown key is
//! an error naming it and listing the supported ones.

use super::error::Problems;
use super::reader::Fields;
use crate::engine::config::def::unknown_key;
use crate::engine::config::{ConfigDef, ConfigMap};
use serde_json::Value;

/// Validates the config object at `path` (absent: no explicit configs) against
/// `defs`, whose kind (`broker`, `topic`, …) names them in messages. Keys that fail
/// are recorded as problems and left out of the map.
pub fn config_map(
    problems: &mut Problems,
    path: &str,
    value: Option<&Value>,
    defs: &'static [ConfigDef],
    kind: &str,
) -> ConfigMap {
    let mut map = ConfigMap::new(defs);
    let Some(value) = value else {
        return map;
    };
    let expected = format!("an object of {kind} configs by Kafka name");
    let Some(fields) = Fields::of(problems, path, value, &expected) else {
        return map;
    };
    for (key, value) in fields.entries() {
        if map.def(key).is_none() {
            let names: Vec<&str> = defs.iter().map(|d| d.name).collect();
            problems.add(
                &fields.at(key),
                format!(
                    "{}; supported {kind} configs: {}",
                    unknown_key(key, defs),
                    names.join(", ")
                ),
            );
        } else if let Err(message) = map.set(key, value) {
            problems.add(&fields.at(key), message);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::{ConfigValue, BROKER_CONFIGS, TOPIC_CONFIGS};
    use serde_json::json;

    fn check(value: Value) -> (ConfigMap, Vec<String>) {
        let mut problems = Problems::default();
        let map = config_map(
            &mut problems,
            "topics[0].config",
            Some(&value),
            TOPIC_CONFIGS,
            "topic",
        );
        let messages = problems
            .into_vec()
            .iter()
            .map(ToString::to_string)
            .collect();
        (map, messages)
    }

    #[test]
    fn valid_values_are_stored() {
        let (map, errors) = check(json!({"min.insync.replicas": "2", "cleanup.policy": "compact"}));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(map.get("min.insync.replicas"), ConfigValue::Int(2));
        assert!(map.is_set("cleanup.policy"));
    }

    #[test]
    fn every_bad_value_is_reported_with_its_quoted_key() {
        let (map, errors) = check(json!({"min.insync.replicas": "two", "retention.ms": -2}));
        assert!(!map.is_set("min.insync.replicas"));
        assert_eq!(
            errors,
            vec![
                "topics[0].config.\"min.insync.replicas\": \"two\" is not an integer",
                "topics[0].config.\"retention.ms\": -2 is out of range: retention.ms must be at least -1",
            ]
        );
    }

    #[test]
    fn unknown_keys_list_the_supported_ones() {
        let (_, errors) = check(json!({"colour": "blue"}));
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with(
                "topics[0].config.colour: unknown or unsupported config \"colour\"; supported topic configs: min.insync.replicas, unclean.leader.election.enable,"
            ),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn absent_is_empty_and_a_non_object_is_an_error() {
        let mut problems = Problems::default();
        let map = config_map(
            &mut problems,
            "broker_config",
            None,
            BROKER_CONFIGS,
            "broker",
        );
        assert_eq!(map.explicit().count(), 0);
        config_map(
            &mut problems,
            "broker_config",
            Some(&json!([])),
            BROKER_CONFIGS,
            "broker",
        );
        let errors = problems.into_vec();
        assert_eq!(
            errors[0].to_string(),
            "broker_config: an array is not an object of broker configs by Kafka name"
        );
    }
}
