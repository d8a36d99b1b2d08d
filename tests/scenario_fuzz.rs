//! Property-based fuzzing of the scenario reader (proptest; cargo-fuzz needs a
//! nightly toolchain). Whatever the input (arbitrary text, arbitrary JSON, or a valid
//! scenario with keys dropped, types changed and numbers made huge, negative or
//! fractional), `parse` returns without panicking, and then either every error has a
//! path and a message, or the scenario round-trips through `to_json`. Generated valid
//! scenarios are accepted and round-trip exactly, also through a share link
//! (`share::encode` then `share::decode`); and no text, damaged link or link made
//! of arbitrary data makes `share::decode` panic.

use kafka_playground::engine::action::{
    Action, ConfigTarget, ElectionType, NodeName, RecordValue, TimedAction,
};
use kafka_playground::engine::config::{
    ConfigDef, ConfigMap, ConsumerConfig, ProducerConfig, BROKER_CONFIGS, CONSUMER_CONFIGS,
    PRODUCER_CONFIGS, TOPIC_CONFIGS,
};
use kafka_playground::engine::spec::{ClusterSpec, ConsumerSpec, ProducerSpec, TopicSpec};
use kafka_playground::scenario::{parse, parse_value, to_json, Scenario, ScenarioError};
use kafka_playground::share::{self, ShareError};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Value};

const EXAMPLE: &str = include_str!("scenario_example.json");

/// The outcome of reading any input is well formed: errors with a path and a
/// message, or a scenario that `to_json` writes back exactly.
fn check_outcome(outcome: &Result<Scenario, Vec<ScenarioError>>) -> Result<(), TestCaseError> {
    match outcome {
        Ok(scenario) => {
            prop_assert_eq!(parse_value(&to_json(scenario)), Ok(scenario.clone()));
        }
        Err(errors) => {
            prop_assert!(!errors.is_empty());
            for error in errors {
                prop_assert!(!error.path.is_empty(), "{:?}", error);
                prop_assert!(!error.message.is_empty(), "{:?}", error);
            }
        }
    }
    Ok(())
}

// ---- arbitrary JSON --------------------------------------------------------------

/// Words a scenario uses, so that arbitrary JSON often looks almost right.
const WORDS: &[&str] = &[
    "format",
    "kafka-playground/scenario@1",
    "brokers",
    "topics",
    "producers",
    "consumers",
    "script",
    "name",
    "partitions",
    "replication_factor",
    "replica_assignment",
    "config",
    "id",
    "group",
    "subscribe",
    "at_ms",
    "op",
    "produce",
    "crash_broker",
    "partition_network",
    "sides",
    "create_topic",
    "alter_config",
    "seek",
    "broker",
    "topic",
    "partition",
    "orders",
    "pa",
    "c1",
    "controller",
    "acks",
    "all",
    "-1",
    "1",
    "3.9",
    "kafka_version",
    "min.insync.replicas",
    "enable.idempotence",
    "run_until_ms",
    "start_at_ms",
    "",
];

fn arb_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0u64..10).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec![
            json!(0),
            json!(-1),
            json!(1.5),
            json!(3.0),
            json!(1e300),
            json!(-1e300),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(4294967296_u64),
            json!(2_678_400_001_u64),
        ]),
    ]
}

fn arb_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        arb_number(),
        any::<String>().prop_map(Value::String),
        prop::sample::select(WORDS).prop_map(|w| Value::String(w.to_string())),
    ]
}

fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    arb_leaf().prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(arb_key(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

// ---- generated valid scenarios ---------------------------------------------------

/// Draws choices from a stream of random numbers (shrinkable by proptest).
struct Draw {
    numbers: Vec<u64>,
    next: usize,
}

impl Draw {
    fn below(&mut self, n: u64) -> u64 {
        let raw = self.numbers[self.next % self.numbers.len()];
        self.next += 1;
        if n == 0 {
            0
        } else {
            raw % n
        }
    }

    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize].clone()
    }

    /// `count` distinct items of `items`, in a random order.
    fn some<T: Clone>(&mut self, items: &[T], count: usize) -> Vec<T> {
        let mut pool = items.to_vec();
        for i in (1..pool.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            pool.swap(i, j);
        }
        pool.truncate(count);
        pool
    }
}

fn broker_values() -> Vec<(&'static str, Vec<Value>)> {
    vec![
        (
            "unclean.leader.election.enable",
            vec![json!(true), json!(false), json!("true")],
        ),
        (
            "replica.lag.time.max.ms",
            vec![json!(1), json!(30000), json!("10000")],
        ),
        (
            "log.cleaner.min.cleanable.ratio",
            vec![json!(0.25), json!("0.5"), json!(1), json!(0)],
        ),
        (
            "log.cleanup.policy",
            vec![
                json!("compact"),
                json!("delete,compact"),
                json!(["compact"]),
            ],
        ),
        ("num.partitions", vec![json!(1), json!(3)]),
        ("default.replication.factor", vec![json!(1), json!(3)]),
        (
            "group.initial.rebalance.delay.ms",
            vec![json!(0), json!(3000)],
        ),
        ("log.retention.ms", vec![json!(-1), json!(1000)]),
        ("message.max.bytes", vec![json!(0), json!(1000000)]),
    ]
}

fn topic_values() -> Vec<(&'static str, Vec<Value>)> {
    vec![
        ("min.insync.replicas", vec![json!(1), json!(2), json!("3")]),
        (
            "cleanup.policy",
            vec![json!("compact"), json!("compact,delete")],
        ),
        ("retention.ms", vec![json!(-1), json!(0), json!(604800000)]),
        ("retention.bytes", vec![json!(-1), json!(1024)]),
        ("segment.bytes", vec![json!(14), json!(1048576)]),
        (
            "min.cleanable.dirty.ratio",
            vec![json!("0.1"), json!(0.5), json!("0.000001")],
        ),
        (
            "max.compaction.lag.ms",
            vec![json!("9223372036854775807"), json!(1)],
        ),
        (
            "unclean.leader.election.enable",
            vec![json!(true), json!("FALSE")],
        ),
    ]
}

fn consumer_values() -> Vec<(&'static str, Vec<Value>)> {
    vec![
        ("enable.auto.commit", vec![json!(true), json!(false)]),
        (
            "auto.offset.reset",
            vec![json!("earliest"), json!("latest"), json!("none")],
        ),
        (
            "partition.assignment.strategy",
            vec![
                json!("range"),
                json!("org.apache.kafka.clients.consumer.RoundRobinAssignor, sticky"),
                json!(["cooperative-sticky"]),
            ],
        ),
        ("max.poll.records", vec![json!(1), json!(500)]),
        ("session.timeout.ms", vec![json!(6000), json!(45000)]),
        ("isolation.level", vec![json!("read_committed")]),
    ]
}

fn config(d: &mut Draw, defs: &'static [ConfigDef], values: &[(&str, Vec<Value>)]) -> ConfigMap {
    let mut map = ConfigMap::new(defs);
    for (key, choices) in values {
        if d.chance(3) {
            let value = d.pick(choices);
            map.set(key, &value).expect("generated configs are valid");
        }
    }
    map
}

fn producer_config(d: &mut Draw) -> ProducerConfig {
    let mut map = ConfigMap::new(PRODUCER_CONFIGS);
    let mut set = |key: &str, value: Value| map.set(key, &value).expect("valid producer config");
    let acks = d.pick(&[None, Some("all"), Some("-1"), Some("0"), Some("1")]);
    if let Some(acks) = acks {
        set("acks", json!(acks));
    }
    let idempotent_ok = matches!(acks, None | Some("all") | Some("-1"));
    if idempotent_ok && d.chance(2) {
        set("enable.idempotence", json!(d.chance(2)));
    } else if d.chance(3) {
        set("enable.idempotence", json!(false));
    }
    if d.chance(3) {
        set("linger.ms", json!(d.range(0, 100)));
    }
    if d.chance(3) {
        set("delivery.timeout.ms", json!(d.range(30_100, 300_000)));
    }
    if d.chance(3) {
        set(
            "max.in.flight.requests.per.connection",
            json!(d.range(1, 5)),
        );
    }
    ProducerConfig::from_map(map).expect("generated producer configs are consistent")
}

struct Pool {
    brokers: u32,
    /// Topic names and partition counts existing so far.
    topics: Vec<(String, u32)>,
    producers: Vec<String>,
    consumers: Vec<String>,
}

fn topic_spec(d: &mut Draw, name: String, brokers: u32) -> TopicSpec {
    let partitions = d.range(1, 4) as u32;
    let replication_factor = d.range(1, u64::from(brokers)) as u32;
    let ids: Vec<u32> = (1..=brokers).collect();
    let replica_assignment = d.chance(2).then(|| {
        (0..partitions)
            .map(|_| d.some(&ids, replication_factor as usize))
            .collect()
    });
    TopicSpec {
        name,
        partitions,
        replication_factor,
        replica_assignment,
        config: config(d, TOPIC_CONFIGS, &topic_values()),
    }
}

fn node(d: &mut Draw, pool: &Pool) -> NodeName {
    let mut nodes: Vec<NodeName> = (1..=pool.brokers).map(NodeName::Broker).collect();
    nodes.push(NodeName::Controller);
    nodes.extend(
        pool.producers
            .iter()
            .chain(&pool.consumers)
            .cloned()
            .map(NodeName::Client),
    );
    d.pick(&nodes)
}

fn action(d: &mut Draw, pool: &mut Pool, created: &mut usize) -> Action {
    let broker = |d: &mut Draw| d.range(1, u64::from(pool.brokers)) as u32;
    match d.below(16) {
        0 if !pool.producers.is_empty() && !pool.topics.is_empty() => {
            let (topic, partitions) = d.pick(&pool.topics);
            Action::Produce {
                producer: d.pick(&pool.producers),
                topic,
                partition: d.chance(2).then(|| d.below(u64::from(partitions)) as u32),
                key: d.chance(2).then(|| d.pick(&["k", "", "ключ"]).to_string()),
                value: d.pick(&[
                    RecordValue::RecordId,
                    RecordValue::Tombstone,
                    RecordValue::Text("v".into()),
                    RecordValue::Text(String::new()),
                ]),
                count: d.range(1, 1000) as u32,
                every_ms: d.pick(&[0, 1, 100, 86_400_000]),
            }
        }
        1 => Action::CrashBroker { broker: broker(d) },
        2 => Action::RestartBroker { broker: broker(d) },
        3 => Action::ShutdownBroker { broker: broker(d) },
        4 => {
            let mut nodes: Vec<NodeName> = Vec::new();
            for _ in 0..d.range(2, 6) {
                let n = node(d, pool);
                if !nodes.contains(&n) {
                    nodes.push(n);
                }
            }
            if nodes.len() < 2 {
                return Action::HealNetwork;
            }
            let split = d.range(1, nodes.len() as u64 - 1) as usize;
            let right = nodes.split_off(split);
            Action::PartitionNetwork {
                sides: vec![nodes, right],
            }
        }
        5 => Action::Isolate {
            node: node(d, pool),
        },
        6 => Action::SlowBroker {
            broker: broker(d),
            extra_latency_ms: d.pick(&[0, 1, 60_000]),
        },
        7 if !pool.consumers.is_empty() => Action::StartConsumer {
            consumer: d.pick(&pool.consumers),
        },
        8 if !pool.consumers.is_empty() => Action::StopConsumer {
            consumer: d.pick(&pool.consumers),
            commit_sync: d.chance(2),
        },
        9 if !pool.consumers.is_empty() => Action::KillConsumer {
            consumer: d.pick(&pool.consumers),
        },
        10 if !pool.consumers.is_empty() => Action::Commit {
            consumer: d.pick(&pool.consumers),
        },
        11 if !pool.consumers.is_empty() && !pool.topics.is_empty() => {
            let (topic, partitions) = d.pick(&pool.topics);
            Action::Seek {
                consumer: d.pick(&pool.consumers),
                topic,
                partition: d.below(u64::from(partitions)) as u32,
                offset: d.pick(&[0, 5, i64::MAX as u64]),
            }
        }
        12 if !pool.topics.is_empty() && d.chance(2) => {
            let (topic, _) = d.pick(&pool.topics);
            let map = config(d, TOPIC_CONFIGS, &topic_values());
            Action::AlterConfig {
                target: ConfigTarget::Topic(topic),
                config: map
                    .explicit()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            }
        }
        12 => {
            let map = config(d, BROKER_CONFIGS, &broker_values());
            Action::AlterConfig {
                target: ConfigTarget::Broker(broker(d)),
                config: map
                    .explicit()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            }
        }
        13 => {
            let name = format!("new-{created}");
            *created += 1;
            let spec = topic_spec(d, name, pool.brokers);
            pool.topics.push((spec.name.clone(), spec.partitions));
            Action::CreateTopic(spec)
        }
        14 if !pool.topics.is_empty() => {
            let (topic, partitions) = d.pick(&pool.topics);
            Action::ElectLeaders {
                topic,
                partition: d.below(u64::from(partitions)) as u32,
                election_type: d.pick(&[ElectionType::Preferred, ElectionType::Unclean]),
            }
        }
        _ => Action::HealNetwork,
    }
}

fn scenario(numbers: Vec<u64>, title: String, description: String, seed: u64) -> Scenario {
    let mut d = Draw { numbers, next: 0 };
    let brokers = d.range(1, 5) as u32;
    let mut spec = ClusterSpec::new(brokers);
    spec.seed = seed;
    spec.latency_ms = d.pick(&[0, 1, 5, 60_000]);
    spec.broker_config = config(&mut d, BROKER_CONFIGS, &broker_values());
    let names = ["orders", "audit.log", "user_events", "T-1", "x"];
    let count = d.below(5) as usize;
    for name in d.some(&names, count) {
        spec.topics
            .push(topic_spec(&mut d, name.to_string(), brokers));
    }
    let ids = ["pa", "p.b-1_Z", "writer"];
    let count = d.below(4) as usize;
    for id in d.some(&ids, count) {
        spec.producers.push(ProducerSpec {
            id: id.to_string(),
            config: producer_config(&mut d),
        });
    }
    let topic_names: Vec<String> = spec.topics.iter().map(|t| t.name.clone()).collect();
    if !topic_names.is_empty() {
        let ids = ["c1", "reader", "c-2"];
        let count = d.below(4) as usize;
        for id in d.some(&ids, count) {
            let subscribed = d.range(1, topic_names.len() as u64) as usize;
            spec.consumers.push(ConsumerSpec {
                id: id.to_string(),
                group: d.pick(&["g1", "g2", "a group, with spaces"]).to_string(),
                subscribe: d.some(&topic_names, subscribed),
                config: ConsumerConfig::from_map(config(
                    &mut d,
                    CONSUMER_CONFIGS,
                    &consumer_values(),
                )),
                poll_every_ms: d.pick(&[1, 1000, 86_400_000]),
                commit_after_poll: d.chance(2),
                processing_ms: d.pick(&[0, 1, 400_000]),
                start_at_ms: d.pick(&[None, Some(0), Some(1), Some(86_400_000)]),
            });
        }
    }
    let mut pool = Pool {
        brokers,
        topics: spec
            .topics
            .iter()
            .map(|t| (t.name.clone(), t.partitions))
            .collect(),
        producers: spec.producers.iter().map(|p| p.id.clone()).collect(),
        consumers: spec.consumers.iter().map(|c| c.id.clone()).collect(),
    };
    let mut script = Vec::new();
    let mut at_ms = 0;
    let mut created = 0;
    for _ in 0..d.below(13) {
        at_ms += d.pick(&[0, 0, 1, 100, 5000]);
        script.push(TimedAction {
            at_ms,
            action: action(&mut d, &mut pool, &mut created),
        });
    }
    let run_until_ms = at_ms + d.pick(&[0, 1, 120_000, 500_000]);
    Scenario {
        title,
        description,
        spec,
        script,
        run_until_ms,
    }
}

fn arb_scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(any::<u64>(), 1..400),
        prop_oneof![Just(String::new()), any::<String>()],
        prop_oneof![Just(String::new()), any::<String>()],
        prop_oneof![Just(1u64), any::<u64>()],
    )
        .prop_map(|(numbers, title, description, seed)| scenario(numbers, title, description, seed))
}

// ---- mutations ---------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Mutation {
    Remove,
    Replace(Value),
    AddKey(String, Value),
    Duplicate,
}

fn arb_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Remove),
        arb_leaf().prop_map(Mutation::Replace),
        arb_json().prop_map(Mutation::Replace),
        (arb_key(), arb_leaf()).prop_map(|(k, v)| Mutation::AddKey(k, v)),
        Just(Mutation::Duplicate),
    ]
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Item(usize),
}

/// Every path in `value` (the root is the empty path).
fn paths(value: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                here.push(Step::Key(k.clone()));
                paths(v, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                here.push(Step::Item(i));
                paths(v, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn apply(doc: &mut Value, path: &[Step], mutation: &Mutation) {
    let Some((last, parent_path)) = path.split_last() else {
        if let Mutation::Replace(v) = mutation {
            *doc = v.clone();
        }
        return;
    };
    let mut parent = &mut *doc;
    for step in parent_path {
        parent = match (step, parent) {
            (Step::Key(k), Value::Object(map)) => map.get_mut(k).expect("path exists"),
            (Step::Item(i), Value::Array(items)) => &mut items[*i],
            _ => return,
        };
    }
    match (parent, last, mutation) {
        (Value::Object(map), Step::Key(k), Mutation::Remove) => {
            map.remove(k);
        }
        (Value::Array(items), Step::Item(i), Mutation::Remove) => {
            items.remove(*i);
        }
        (Value::Array(items), Step::Item(i), Mutation::Duplicate) => {
            let copy = items[*i].clone();
            items.insert(*i, copy);
        }
        (Value::Object(map), Step::Key(k), Mutation::Duplicate) => {
            let copy = map[k].clone();
            map.insert(format!("{k}2"), copy);
        }
        (Value::Object(map), Step::Key(k), Mutation::Replace(v)) => {
            map.insert(k.clone(), v.clone());
        }
        (Value::Array(items), Step::Item(i), Mutation::Replace(v)) => items[*i] = v.clone(),
        (Value::Object(map), Step::Key(k), Mutation::AddKey(key, v)) => {
            if let Some(Value::Object(inner)) = map.get_mut(k) {
                inner.insert(key.clone(), v.clone());
            } else {
                map.insert(key.clone(), v.clone());
            }
        }
        (Value::Array(items), Step::Item(i), Mutation::AddKey(key, v)) => {
            if let Value::Object(inner) = &mut items[*i] {
                inner.insert(key.clone(), v.clone());
            }
        }
        _ => {}
    }
}

fn mutated(mut doc: Value, mutations: &[(Index, Mutation)]) -> Value {
    for (at, mutation) in mutations {
        let mut all = Vec::new();
        paths(&doc, &mut Vec::new(), &mut all);
        let path = at.get(&all).clone();
        apply(&mut doc, &path, mutation);
    }
    doc
}

fn example() -> Value {
    serde_json::from_str(EXAMPLE).expect("the spec's example is JSON")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        check_outcome(&parse(&text))?;
    }

    #[test]
    fn arbitrary_json_text_never_panics(value in arb_json()) {
        check_outcome(&parse(&value.to_string()))?;
        check_outcome(&parse_value(&value))?;
    }

    #[test]
    fn arbitrary_json_in_any_top_level_field_never_panics(key in arb_key(), value in arb_json()) {
        let mut doc = json!({"format": "kafka-playground/scenario@1", "brokers": 3});
        if let Some(map) = doc.as_object_mut() {
            map.insert(key, value);
        }
        check_outcome(&parse_value(&doc))?;
    }

    #[test]
    fn mutated_spec_example_never_panics(
        mutations in prop::collection::vec((any::<Index>(), arb_mutation()), 1..5)
    ) {
        let doc = mutated(example(), &mutations);
        check_outcome(&parse_value(&doc))?;
        check_outcome(&parse(&doc.to_string()))?;
    }

    #[test]
    fn mutated_generated_scenarios_never_panic(
        scenario in arb_scenario(),
        mutations in prop::collection::vec((any::<Index>(), arb_mutation()), 1..5)
    ) {
        let doc = mutated(to_json(&scenario), &mutations);
        check_outcome(&parse_value(&doc))?;
    }

    #[test]
    fn generated_scenarios_round_trip(scenario in arb_scenario()) {
        let doc = to_json(&scenario);
        prop_assert_eq!(parse_value(&doc), Ok(scenario.clone()));
        let pretty = serde_json::to_string_pretty(&doc).expect("JSON text");
        prop_assert_eq!(parse(&pretty), Ok(scenario.clone()));
        prop_assert_eq!(to_json(&scenario), doc);
    }

    #[test]
    fn generated_scenarios_round_trip_through_a_share_link(scenario in arb_scenario()) {
        match share::encode(&scenario) {
            Ok(link) => prop_assert_eq!(share::decode(&link), Ok(scenario)),
            Err(error) => prop_assert!(
                matches!(error, ShareError::TooLarge { .. }),
                "encoding fails only for size: {}", error
            ),
        }
    }

    #[test]
    fn arbitrary_text_never_panics_as_a_share_link(text in ".{0,300}", prefix in "(#?s=1\\.)?") {
        let _ = share::decode(&format!("{prefix}{text}"));
        let _ = share::read_session(&text);
    }

    #[test]
    fn damaged_share_links_never_panic_and_never_open(
        scenario in arb_scenario(),
        cut in any::<Index>(),
        flip in any::<Index>(),
        with in "[A-Za-z0-9_-]",
    ) {
        let Ok(link) = share::encode(&scenario) else { return Ok(()) };
        let cut_at = 4 + cut.index(link.len() - 4);
        let _ = share::decode(&link[..cut_at]);
        let at = 4 + flip.index(link.len() - 4);
        let mut damaged = link;
        damaged.replace_range(at..=at, &with);
        let _ = share::decode(&damaged);
    }

    #[test]
    fn arbitrary_payloads_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let payload: String = bytes
            .iter()
            .map(|b| char::from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[usize::from(b % 64)]))
            .collect();
        let _ = share::decode(&format!("s=1.{payload}"));
    }
}

#[test]
fn the_spec_example_round_trips() {
    let scenario = parse(EXAMPLE).expect("the spec's example is valid");
    assert_eq!(parse_value(&to_json(&scenario)), Ok(scenario));
}

#[test]
fn a_mutation_changes_the_document() {
    let doc = example();
    let mut all = Vec::new();
    paths(&doc, &mut Vec::new(), &mut all);
    let brokers = vec![Step::Key("brokers".into())];
    let mut removed = doc.clone();
    apply(&mut removed, &brokers, &Mutation::Remove);
    assert_eq!(removed.get("brokers"), None);
    let mut replaced = doc.clone();
    apply(&mut replaced, &brokers, &Mutation::Replace(json!(-1.5)));
    assert_eq!(replaced["brokers"], json!(-1.5));
    assert!(all.len() > 50, "{}", all.len());
}
