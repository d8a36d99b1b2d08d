//! A topic entry, of `topics[]` or of a `create_topic` script entry: its name,
//! partition count, replication factor, optional replica assignment (one list of
//! distinct existing broker ids per partition, preferred leader first) and topic
//! configs. As with `kafka-topics --create`, a partition count or replication factor
//! left out comes from the replica assignment when one is given, else from the
//! brokers' `num.partitions` and `default.replication.factor` (R-REPL-9).

use super::catalog::Catalog;
use super::config::config_map;
use super::error::Problems;
use super::limits::PARTITIONS_MAX;
use super::names::topic_name;
use super::path;
use super::reader::{array, found, whole, Fields};
use crate::engine::config::{ConfigMap, TOPIC_CONFIGS};
use crate::engine::spec::TopicSpec;
use serde_json::Value;

/// The fields of a topic entry.
pub const TOPIC_FIELDS: &[&str] = &[
    "name",
    "partitions",
    "replication_factor",
    "replica_assignment",
    "config",
];

/// A topic entry, read as far as it is valid.
pub struct TopicEntry {
    /// The name, when it is a legal one.
    pub name: Option<String>,
    /// The partition count, when known.
    pub partitions: Option<u32>,
    /// The whole topic, when the entry is valid.
    pub spec: Option<TopicSpec>,
}

/// `topics[]`: the topics at time 0, each added to the catalog.
pub fn topics(
    problems: &mut Problems,
    value: Option<&Value>,
    catalog: &mut Catalog,
    broker_config: &ConfigMap,
) -> Vec<TopicSpec> {
    let mut topics = Vec::new();
    let Some(items) = value.and_then(|v| array(problems, "topics", v, "a list of topics")) else {
        return topics;
    };
    for (i, item) in items.iter().enumerate() {
        let entry_path = path::index("topics", i);
        let expected = "a topic (an object with name, partitions and replication_factor)";
        let Some(fields) = Fields::of(problems, &entry_path, item, expected) else {
            continue;
        };
        fields.reject_unknown(problems, TOPIC_FIELDS);
        let entry = topic_entry(problems, &fields, catalog, broker_config);
        if let Some(name) = &entry.name {
            catalog.add_topic(problems, &entry_path, name, entry.partitions);
        }
        topics.extend(entry.spec);
    }
    topics
}

/// Reads a topic entry's fields (the caller rejects unknown keys). `catalog` gives
/// the brokers; the caller adds the topic to it.
pub fn topic_entry(
    problems: &mut Problems,
    fields: &Fields,
    catalog: &Catalog,
    broker_config: &ConfigMap,
) -> TopicEntry {
    let before = problems.count();
    let name = fields
        .required(problems, "name", "a topic name")
        .and_then(|value| topic_name(problems, &fields.at("name"), value));
    let assignment = fields.get("replica_assignment");
    let partitions = partition_count(problems, fields, assignment, broker_config);
    let replication_factor =
        replication_factor(problems, fields, assignment, catalog, broker_config);
    let replica_assignment = assignment.map(|value| {
        let path = fields.at("replica_assignment");
        replica_assignment(
            problems,
            &path,
            value,
            partitions,
            replication_factor,
            catalog,
        )
    });
    let config = config_map(
        problems,
        &fields.at("config"),
        fields.get("config"),
        TOPIC_CONFIGS,
        "topic",
    );
    let spec = match (&name, partitions, replication_factor, replica_assignment) {
        (Some(name), Some(partitions), Some(replication_factor), assignment)
            if problems.count() == before =>
        {
            Some(TopicSpec {
                name: name.clone(),
                partitions,
                replication_factor,
                replica_assignment: assignment.flatten(),
                config,
            })
        }
        _ => None,
    };
    TopicEntry {
        name,
        partitions,
        spec,
    }
}

fn partition_count(
    problems: &mut Problems,
    fields: &Fields,
    assignment: Option<&Value>,
    broker_config: &ConfigMap,
) -> Option<u32> {
    let path = fields.at("partitions");
    match (fields.get("partitions"), assignment) {
        (Some(value), _) => whole(problems, &path, value, 1, u64::from(PARTITIONS_MAX))
            .and_then(|n| u32::try_from(n).ok()),
        (None, Some(Value::Array(lists))) => match u32::try_from(lists.len()) {
            Ok(n) if (1..=PARTITIONS_MAX).contains(&n) => Some(n),
            _ => {
                problems.add(
                    &fields.at("replica_assignment"),
                    format!(
                        "{} partition lists is not 1 to {PARTITIONS_MAX} of them (one list of broker ids per partition)",
                        lists.len()
                    ),
                );
                None
            }
        },
        (None, Some(_)) => None,
        (None, None) => {
            let default = broker_config.int("num.partitions");
            match u32::try_from(default) {
                Ok(n) if (1..=PARTITIONS_MAX).contains(&n) => Some(n),
                _ => {
                    problems.add(
                        &path,
                        format!(
                            "missing, and the brokers' num.partitions = {default} is more than {PARTITIONS_MAX}"
                        ),
                    );
                    None
                }
            }
        }
    }
}

fn replication_factor(
    problems: &mut Problems,
    fields: &Fields,
    assignment: Option<&Value>,
    catalog: &Catalog,
    broker_config: &ConfigMap,
) -> Option<u32> {
    let path = fields.at("replication_factor");
    let max = catalog.brokers();
    let fits = |n: u64| n >= 1 && max.is_none_or(|max| n <= u64::from(max));
    match (fields.get("replication_factor"), assignment) {
        (Some(value), _) => match value.as_u64() {
            Some(n) if fits(n) => u32::try_from(n).ok(),
            _ => {
                let allowed = match max {
                    Some(max) => format!("a whole number from 1 to {max} (the number of brokers)"),
                    None => "a whole number from 1 to the number of brokers".to_string(),
                };
                problems.add(&path, format!("{} is not {allowed}", found(value)));
                None
            }
        },
        (None, Some(Value::Array(lists))) => match lists.first() {
            Some(Value::Array(first)) if !first.is_empty() => u32::try_from(first.len()).ok(),
            _ => None,
        },
        (None, Some(_)) => None,
        (None, None) => {
            let default = broker_config.int("default.replication.factor");
            match u64::try_from(default) {
                Ok(n) if fits(n) => u32::try_from(n).ok(),
                _ => {
                    let brokers = max.map(|m| m.to_string()).unwrap_or_default();
                    problems.add(
                        &path,
                        format!(
                            "missing, and the brokers' default.replication.factor = {default} is more than the {brokers} brokers"
                        ),
                    );
                    None
                }
            }
        }
    }
}

fn replica_assignment(
    problems: &mut Problems,
    path: &str,
    value: &Value,
    partitions: Option<u32>,
    replication_factor: Option<u32>,
    catalog: &Catalog,
) -> Option<Vec<Vec<u32>>> {
    let before = problems.count();
    let expected = "a replica assignment (one list of broker ids per partition)";
    let lists = array(problems, path, value, expected)?;
    if let Some(n) = partitions {
        if lists.len() != n as usize {
            problems.add(
                path,
                format!(
                    "{} lists is not one per partition (partitions: {n})",
                    lists.len()
                ),
            );
        }
    }
    let mut assignment = Vec::with_capacity(lists.len());
    for (i, list) in lists.iter().enumerate() {
        let list_path = path::index(path, i);
        let Some(ids) = array(problems, &list_path, list, "a list of broker ids") else {
            continue;
        };
        match replication_factor {
            Some(rf) if ids.len() != rf as usize => problems.add(
                &list_path,
                format!(
                    "{} broker ids is not replication_factor = {rf} of them",
                    ids.len()
                ),
            ),
            None if ids.is_empty() => problems.add(
                &list_path,
                "an empty list is not a list of broker ids (at least one)",
            ),
            _ => {}
        }
        let mut replicas = Vec::with_capacity(ids.len());
        for (j, id) in ids.iter().enumerate() {
            let id_path = path::index(&list_path, j);
            let Some(broker) = catalog.broker(problems, &id_path, id) else {
                continue;
            };
            if replicas.contains(&broker) {
                problems.add(
                    &id_path,
                    format!("broker {broker} is listed twice (a partition's replicas are distinct brokers)"),
                );
            } else {
                replicas.push(broker);
            }
        }
        assignment.push(replicas);
    }
    (problems.count() == before).then_some(assignment)
}

#[cfg(test)]
mod tests {
    use crate::scenario::{doc_with, errors_of, parse_value};
    use serde_json::json;

    fn topic_errors(topic: serde_json::Value) -> Vec<String> {
        errors_of(doc_with(json!({ "topics": [topic] })))
    }

    #[test]
    fn counts_default_from_the_assignment_or_the_brokers() {
        let doc = doc_with(json!({
            "broker_config": {"num.partitions": 3, "default.replication.factor": 2},
            "topics": [{"name": "a"}, {"name": "b", "replica_assignment": [[2, 1, 3]]}]
        }));
        let scenario = parse_value(&doc).unwrap();
        let shape: Vec<(u32, u32)> = scenario
            .spec
            .topics
            .iter()
            .map(|t| (t.partitions, t.replication_factor))
            .collect();
        assert_eq!(shape, vec![(3, 2), (1, 3)]);
        assert_eq!(scenario.spec.topics[0].replica_assignment, None);
        assert_eq!(
            scenario.spec.topics[1].replica_assignment,
            Some(vec![vec![2, 1, 3]])
        );
    }

    #[test]
    fn counts_are_bounded() {
        assert_eq!(
            topic_errors(json!({"name": "t", "partitions": 0, "replication_factor": 4})),
            vec![
                "topics[0].partitions: 0 is not a whole number from 1 to 256",
                "topics[0].replication_factor: 4 is not a whole number from 1 to 3 (the number of brokers)",
            ]
        );
        assert_eq!(
            topic_errors(json!({"name": "t", "partitions": 1.5})),
            vec!["topics[0].partitions: 1.5 is not a whole number from 1 to 256"]
        );
        assert_eq!(
            errors_of(doc_with(json!({
                "broker_config": {"default.replication.factor": 4},
                "topics": [{"name": "t"}]
            }))),
            vec!["topics[0].replication_factor: missing, and the brokers' default.replication.factor = 4 is more than the 3 brokers"]
        );
    }

    #[test]
    fn assignments_need_one_list_of_distinct_existing_brokers_per_partition() {
        assert_eq!(
            topic_errors(json!({
                "name": "t", "partitions": 2, "replication_factor": 2,
                "replica_assignment": [[1, 2], [3, 3], [1, 7], [1], "x"]
            })),
            vec![
                "topics[0].replica_assignment: 5 lists is not one per partition (partitions: 2)",
                "topics[0].replica_assignment[1][1]: broker 3 is listed twice (a partition's replicas are distinct brokers)",
                "topics[0].replica_assignment[2][1]: broker 7 does not exist (this cluster has brokers 1..3)",
                "topics[0].replica_assignment[3]: 1 broker ids is not replication_factor = 2 of them",
                "topics[0].replica_assignment[4]: \"x\" is not a list of broker ids",
            ]
        );
        assert_eq!(
            topic_errors(json!({"name": "t", "replica_assignment": []})),
            vec!["topics[0].replica_assignment: 0 partition lists is not 1 to 256 of them (one list of broker ids per partition)"]
        );
        assert_eq!(
            topic_errors(json!({"name": "t", "replica_assignment": [[]]})),
            vec!["topics[0].replica_assignment[0]: an empty list is not a list of broker ids (at least one)"]
        );
        assert_eq!(
            topic_errors(json!({"name": "t", "replica_assignment": {"0": [1]}})),
            vec!["topics[0].replica_assignment: an object is not a replica assignment (one list of broker ids per partition)"]
        );
    }

    #[test]
    fn names_configs_and_keys_are_checked() {
        assert_eq!(
            topic_errors(json!({"partitions": 1, "config": {"min.insync.replicas": "two"}, "colour": 1})),
            vec![
                "topics[0].colour: unknown key \"colour\" (allowed: name, partitions, replication_factor, replica_assignment, config)",
                "topics[0].name: missing; required: a topic name",
                "topics[0].config.\"min.insync.replicas\": \"two\" is not an integer",
            ]
        );
    }
}
