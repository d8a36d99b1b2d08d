//! Property-based fuzzing of action sequences: whatever a person clicks, in any
//! order and at any time — including actions on brokers, topics and clients that
//! do not exist, or in the wrong state — the engine never panics and never breaks
//! an invariant. Invalid actions are refused with a message.

use proptest::prelude::*;

use kafka_playground::engine::action::{Action, ConfigTarget, ElectionType, NodeName, RecordValue};
use kafka_playground::engine::config::{
    ConfigMap, ConfigValue, ProducerConfig, PRODUCER_CONFIGS, TOPIC_CONFIGS,
};
use kafka_playground::engine::spec::{ConsumerSpec, ProducerSpec, TopicSpec};
use kafka_playground::engine::{Cluster, ClusterSpec};

fn spec(brokers: u32, rf: u32) -> ClusterSpec {
    let mut spec = ClusterSpec::new(brokers);
    spec.topics.push(TopicSpec {
        name: "t".into(),
        partitions: 2,
        replication_factor: rf.min(brokers),
        replica_assignment: None,
        config: ConfigMap::new(TOPIC_CONFIGS),
    });
    for (id, acks) in [("p", "all"), ("q", "1")] {
        let mut map = ConfigMap::new(PRODUCER_CONFIGS);
        let _ = map.set("acks", &serde_json::json!(acks));
        if let Ok(config) = ProducerConfig::from_map(map) {
            spec.producers.push(ProducerSpec {
                id: id.into(),
                config,
            });
        }
    }
    spec.consumers.push(ConsumerSpec {
        id: "c".into(),
        group: "g".into(),
        subscribe: vec!["t".into()],
        config: Default::default(),
        poll_every_ms: 500,
        commit_after_poll: true,
        processing_ms: 0,
        start_at_ms: None,
    });
    spec
}

fn node() -> impl Strategy<Value = NodeName> {
    prop_oneof![
        (0u32..6).prop_map(NodeName::Broker),
        Just(NodeName::Controller),
        prop::sample::select(vec!["p", "q", "c", "nobody"])
            .prop_map(|c| NodeName::Client(c.into())),
    ]
}

fn topic_name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["t", "u", "nope"]).prop_map(String::from)
}

fn action() -> impl Strategy<Value = Action> {
    let broker = 0u32..6;
    prop_oneof![
        (
            prop::sample::select(vec!["p", "q", "x"]),
            topic_name(),
            prop::option::of(0u32..4),
            prop::option::of("[a-c]{1,2}"),
            1u32..30,
            0u64..50
        )
            .prop_map(
                |(p, topic, partition, key, count, every_ms)| Action::Produce {
                    producer: p.into(),
                    topic,
                    partition,
                    key,
                    value: RecordValue::RecordId,
                    count,
                    every_ms,
                }
            ),
        broker
            .clone()
            .prop_map(|broker| Action::CrashBroker { broker }),
        broker
            .clone()
            .prop_map(|broker| Action::RestartBroker { broker }),
        broker
            .clone()
            .prop_map(|broker| Action::ShutdownBroker { broker }),
        prop::collection::vec(prop::collection::vec(node(), 1..3), 2..3)
            .prop_map(|sides| Action::PartitionNetwork { sides }),
        node().prop_map(|node| Action::Isolate { node }),
        Just(Action::HealNetwork),
        (
            broker.clone(),
            prop::sample::select(vec![0u64, 5, 100, 2000])
        )
            .prop_map(|(broker, extra_latency_ms)| Action::SlowBroker {
                broker,
                extra_latency_ms
            }),
        (topic_name(), 0u32..3, prop::bool::ANY).prop_map(|(topic, partition, unclean)| {
            Action::ElectLeaders {
                topic,
                partition,
                election_type: if unclean {
                    ElectionType::Unclean
                } else {
                    ElectionType::Preferred
                },
            }
        }),
        (topic_name(), 1i64..3, prop::bool::ANY).prop_map(|(topic, min_isr, unclean)| {
            Action::AlterConfig {
                target: ConfigTarget::Topic(topic),
                config: vec![
                    ("min.insync.replicas".into(), ConfigValue::Int(min_isr)),
                    (
                        "unclean.leader.election.enable".into(),
                        ConfigValue::Bool(unclean),
                    ),
                ],
            }
        }),
        (broker.clone(), 1000i64..40000).prop_map(|(b, lag)| Action::AlterConfig {
            target: ConfigTarget::Broker(b),
            config: vec![("replica.lag.time.max.ms".into(), ConfigValue::Int(lag))],
        }),
        topic_name().prop_map(|name| Action::CreateTopic(TopicSpec {
            name,
            partitions: 1,
            replication_factor: 1,
            replica_assignment: None,
            config: ConfigMap::new(TOPIC_CONFIGS),
        })),
        prop::sample::select(vec!["c", "p", "zz"])
            .prop_map(|c| Action::StartConsumer { consumer: c.into() }),
        (prop::sample::select(vec!["c", "zz"]), prop::bool::ANY).prop_map(|(c, commit_sync)| {
            Action::StopConsumer {
                consumer: c.into(),
                commit_sync,
            }
        }),
        prop::sample::select(vec!["c", "zz"])
            .prop_map(|c| Action::KillConsumer { consumer: c.into() }),
        prop::sample::select(vec!["c", "zz"]).prop_map(|c| Action::Commit { consumer: c.into() }),
        (topic_name(), 0u32..3, 0u64..100).prop_map(|(topic, partition, offset)| Action::Seek {
            consumer: "c".into(),
            topic,
            partition,
            offset
        }),
    ]
}

/// Far more scheduled items than any generated sequence needs (a few thousand):
/// running out means the engine spins at one moment (a livelock), not a slow run.
const STEP_BUDGET: u64 = 300_000;

/// `Cluster::run_until`, one item at a time, failing instead of spinning forever.
fn run_until_within_budget(
    cluster: &mut Cluster,
    until_ms: u64,
    budget: &mut u64,
) -> Result<(), String> {
    while cluster.next_event_ms().is_some_and(|t| t <= until_ms) {
        cluster.step();
        *budget = budget.checked_sub(1).ok_or_else(|| {
            format!(
                "livelock: step budget spent by {:?} ms",
                cluster.next_event_ms()
            )
        })?;
    }
    cluster.run_until(until_ms);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_action_sequence_runs_without_panic_or_violation(
        brokers in 1u32..5,
        rf in 1u32..4,
        steps in prop::collection::vec((0u64..6000, action()), 1..25),
    ) {
        let mut cluster = Cluster::new(&spec(brokers, rf), false);
        let mut budget = STEP_BUDGET;
        let mut at = 0;
        for (delay, action) in &steps {
            at += delay;
            run_until_within_budget(&mut cluster, at, &mut budget).map_err(TestCaseError::fail)?;
            // Refusals are fine; they carry a message for the person.
            if let Err(e) = cluster.apply(action) {
                prop_assert!(!e.message.is_empty());
            }
        }
        run_until_within_budget(&mut cluster, at + 60_000, &mut budget).map_err(TestCaseError::fail)?;
        prop_assert!(cluster.violations().is_empty(), "violations: {:?}", cluster.violations());
    }
}
