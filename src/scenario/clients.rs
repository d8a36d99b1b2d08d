//! `producers[]` and `consumers[]`: client ids, their Kafka configs (with the
//! producer's construction-time cross-checks, R-IDEM-1 and R-PROD-1), and each
//! consumer's application loop (`poll_every_ms`, `commit_after_poll`, `start_at_ms`).

use super::catalog::Catalog;
use super::config::config_map;
use super::error::Problems;
use super::limits::{CONSUMERS_MAX, PRODUCERS_MAX, TIME_MS_MAX};
use super::names::{client_id, group_id};
use super::path;
use super::reader::{array, found, quoted, whole, Fields};
use crate::engine::config::{ConsumerConfig, ProducerConfig, CONSUMER_CONFIGS, PRODUCER_CONFIGS};
use crate::engine::spec::{ConsumerSpec, ProducerSpec};
use serde_json::Value;

const PRODUCER_FIELDS: &[&str] = &["id", "config"];

const CONSUMER_FIELDS: &[&str] = &[
    "id",
    "group",
    "subscribe",
    "config",
    "poll_every_ms",
    "commit_after_poll",
    "start_at_ms",
    "processing_ms",
];

/// The entries of the list at `key` (absent: none), within `max`.
fn entries<'a>(
    problems: &mut Problems,
    key: &str,
    value: Option<&'a Value>,
    max: usize,
) -> &'a [Value] {
    let expected = format!("a list of {key}");
    let Some(items) = value.and_then(|v| array(problems, key, v, &expected)) else {
        return &[];
    };
    if items.len() > max {
        let message = format!(
            "{} {key} is more than the {max} a scenario may have",
            items.len()
        );
        problems.add(key, message);
    }
    items
}

/// Reads an entry's id and adds it to the catalog.
fn id(
    problems: &mut Problems,
    f: &Fields,
    catalog: &mut Catalog,
    producer: bool,
) -> Option<String> {
    let value = f.required(problems, "id", "a client id")?;
    let id = client_id(problems, &f.at("id"), value)?;
    catalog.add_client(problems, f.path(), &id, producer);
    Some(id)
}

/// `producers[]`, adding each id to the catalog.
pub fn producers(
    problems: &mut Problems,
    value: Option<&Value>,
    catalog: &mut Catalog,
) -> Vec<ProducerSpec> {
    let mut producers = Vec::new();
    for (i, entry) in entries(problems, "producers", value, PRODUCERS_MAX)
        .iter()
        .enumerate()
    {
        let entry_path = path::index("producers", i);
        let expected = "a producer (an object with id and config)";
        let Some(f) = Fields::of(problems, &entry_path, entry, expected) else {
            continue;
        };
        f.reject_unknown(problems, PRODUCER_FIELDS);
        let id = id(problems, &f, catalog, true);
        let config_path = f.at("config");
        let before = problems.count();
        let map = config_map(
            problems,
            &config_path,
            f.get("config"),
            PRODUCER_CONFIGS,
            "producer",
        );
        if problems.count() != before {
            continue;
        }
        match ProducerConfig::from_map(map) {
            Ok(config) => {
                if let Some(id) = id {
                    producers.push(ProducerSpec { id, config });
                }
            }
            Err(failures) => {
                for (key, message) in failures {
                    problems.add(&path::key(&config_path, key), message);
                }
            }
        }
    }
    producers
}

/// `consumers[]`, adding each id to the catalog, whose topics must already hold
/// `topics[]`.
pub fn consumers(
    problems: &mut Problems,
    value: Option<&Value>,
    catalog: &mut Catalog,
) -> Vec<ConsumerSpec> {
    let mut consumers = Vec::new();
    for (i, entry) in entries(problems, "consumers", value, CONSUMERS_MAX)
        .iter()
        .enumerate()
    {
        let entry_path = path::index("consumers", i);
        let expected = "a consumer (an object with id, group and subscribe)";
        let Some(f) = Fields::of(problems, &entry_path, entry, expected) else {
            continue;
        };
        f.reject_unknown(problems, CONSUMER_FIELDS);
        let before = problems.count();
        let id = id(problems, &f, catalog, false);
        let group = f
            .required(problems, "group", "a group id")
            .and_then(|v| group_id(problems, &f.at("group"), v));
        let subscribe = subscribe(problems, &f, catalog);
        let map = config_map(
            problems,
            &f.at("config"),
            f.get("config"),
            CONSUMER_CONFIGS,
            "consumer",
        );
        let poll_every_ms = f.whole(problems, "poll_every_ms", 1, TIME_MS_MAX, Some(1000));
        let commit_after_poll = f.flag(problems, "commit_after_poll", false);
        let processing_ms = f.whole(problems, "processing_ms", 0, TIME_MS_MAX, Some(0));
        let start_at_ms = match f.get("start_at_ms") {
            None => Some(Some(0)),
            Some(Value::Null) => Some(None),
            Some(value) => whole(problems, &f.at("start_at_ms"), value, 0, TIME_MS_MAX).map(Some),
        };
        if let (
            Some(id),
            Some(group),
            Some(subscribe),
            Some(poll_every_ms),
            Some(commit_after_poll),
            Some(start_at_ms),
        ) = (
            id,
            group,
            subscribe,
            poll_every_ms,
            commit_after_poll,
            start_at_ms,
        ) {
            if problems.count() == before {
                consumers.push(ConsumerSpec {
                    id,
                    group,
                    subscribe,
                    config: ConsumerConfig::from_map(map),
                    poll_every_ms,
                    commit_after_poll,
                    processing_ms: processing_ms.unwrap_or(0),
                    start_at_ms,
                });
            }
        }
    }
    consumers
}

/// `subscribe`: a non-empty list of distinct topics that exist at time 0 or that the
/// script creates.
fn subscribe(problems: &mut Problems, f: &Fields, catalog: &Catalog) -> Option<Vec<String>> {
    let expected = "a non-empty list of topic names";
    let value = f.required(problems, "subscribe", expected)?;
    let list_path = f.at("subscribe");
    let items = array(problems, &list_path, value, expected)?;
    if items.is_empty() {
        problems.add(&list_path, format!("an empty list is not {expected}"));
        return None;
    }
    let before = problems.count();
    let mut topics: Vec<String> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = path::index(&list_path, i);
        match item {
            Value::String(name) if topics.contains(name) => {
                problems.add(
                    &item_path,
                    format!("topic {} is listed twice", quoted(name)),
                );
            }
            Value::String(name) if catalog.topic_ever_exists(name) => topics.push(name.clone()),
            Value::String(name) => problems.add(&item_path, catalog.never_exists(name)),
            other => problems.add(&item_path, format!("{} is not a topic name", found(other))),
        }
    }
    (problems.count() == before).then_some(topics)
}

#[cfg(test)]
mod tests {
    use crate::scenario::{doc_with, errors_of, parse_value};
    use serde_json::json;

    fn client_errors(clients: serde_json::Value) -> Vec<String> {
        let mut doc = doc_with(json!({"topics": [{"name": "orders"}]}));
        if let (Some(doc), serde_json::Value::Object(clients)) = (doc.as_object_mut(), clients) {
            doc.extend(clients);
        }
        errors_of(doc)
    }

    #[test]
    fn consumer_defaults() {
        let doc = doc_with(json!({
            "topics": [{"name": "orders"}],
            "consumers": [
                {"id": "c1", "group": "g", "subscribe": ["orders"]},
                {"id": "c2", "group": "g", "subscribe": ["orders"], "start_at_ms": null,
                 "poll_every_ms": 5, "commit_after_poll": true}
            ]
        }));
        let consumers = parse_value(&doc).unwrap().spec.consumers;
        assert_eq!(consumers[0].poll_every_ms, 1000);
        assert!(!consumers[0].commit_after_poll);
        assert_eq!(consumers[0].start_at_ms, Some(0));
        assert_eq!(consumers[1].start_at_ms, None);
        assert_eq!(
            (consumers[1].poll_every_ms, consumers[1].commit_after_poll),
            (5, true)
        );
    }

    #[test]
    fn producer_configs_are_validated_then_cross_checked() {
        assert_eq!(
            client_errors(json!({"producers": [
                {"id": "pa", "config": {"acks": "1", "enable.idempotence": true}},
                {"id": "pb", "config": {"acks": "2"}},
                {"id": "pc", "config": {"delivery.timeout.ms": 1000}}
            ]})),
            vec![
                "producers[0].config.\"enable.idempotence\": true needs acks=all, retries > 0 and max.in.flight.requests.per.connection ≤ 5 (R-IDEM-1)",
                "producers[1].config.acks: \"2\" is not one of all, -1, 0, 1",
                "producers[2].config.\"delivery.timeout.ms\": 1000 must be at least linger.ms + request.timeout.ms = 30000 (R-PROD-1)",
            ]
        );
    }

    #[test]
    fn ids_are_unique_across_producers_and_consumers() {
        assert_eq!(
            client_errors(json!({
                "producers": [{"id": "pa"}, {"id": "pa"}, {"id": "controller"}],
                "consumers": [{"id": "pa", "group": "g", "subscribe": ["orders"]},
                              {"id": "7", "group": "g", "subscribe": ["orders"]}]
            })),
            vec![
                "producers[1].id: \"pa\" is already the id of producer producers[0]",
                "producers[2].id: \"controller\" is reserved: network operations use it for the KRaft controller",
                "consumers[0].id: \"pa\" is already the id of producer producers[0]",
                "consumers[1].id: \"7\" is all digits, which network operations read as a broker id; use a name with a letter",
            ]
        );
    }

    #[test]
    fn consumers_need_a_group_and_existing_topics() {
        assert_eq!(
            client_errors(json!({
                "consumers": [
                    {"id": "c1", "subscribe": []},
                    {"id": "c2", "group": "", "subscribe": ["orders", "orders", "nope", 3]},
                    {"id": "c3", "group": "g", "subscribe": ["later"], "poll_every_ms": 0,
                     "start_at_ms": -5, "commit_after_poll": "yes", "config": {"max.poll.records": 0}}
                ],
                "script": [{"at_ms": 10, "op": "create_topic", "name": "later"}]
            })),
            vec![
                "consumers[0].group: missing; required: a group id",
                "consumers[0].subscribe: an empty list is not a non-empty list of topic names",
                "consumers[1].group: \"\" is not a group id (a string of 1 to 249 characters)",
                "consumers[1].subscribe[1]: topic \"orders\" is listed twice",
                "consumers[1].subscribe[2]: topic \"nope\" neither exists at time 0 nor is created by the script (topics: \"orders\")",
                "consumers[1].subscribe[3]: 3 is not a topic name",
                "consumers[2].config.\"max.poll.records\": 0 is out of range: max.poll.records must be at least 1",
                "consumers[2].poll_every_ms: 0 is not a whole number from 1 to 2678400000",
                "consumers[2].commit_after_poll: \"yes\" is not true or false",
                "consumers[2].start_at_ms: -5 is not a whole number from 0 to 2678400000",
            ]
        );
    }

    #[test]
    fn client_lists_are_bounded() {
        let many: Vec<serde_json::Value> =
            (0..65).map(|i| json!({"id": format!("p{i}")})).collect();
        assert_eq!(
            client_errors(json!({"producers": many})),
            vec!["producers: 65 producers is more than the 64 a scenario may have"]
        );
        assert_eq!(
            client_errors(json!({"consumers": {}})),
            vec!["consumers: an object is not a list of consumers"]
        );
    }
}
