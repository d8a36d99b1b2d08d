use kafka_playground::engine::action::{Action, RecordValue};
use kafka_playground::engine::config::{
    ConfigMap, ProducerConfig, PRODUCER_CONFIGS, TOPIC_CONFIGS,
};
use kafka_playground::engine::spec::{ProducerSpec, TopicSpec};
use kafka_playground::engine::{Cluster, ClusterSpec};

#[test]
fn smoke() {
    let mut spec = ClusterSpec::new(3);
    spec.topics.push(TopicSpec {
        name: "t".into(),
        partitions: 1,
        replication_factor: 3,
        replica_assignment: None,
        config: ConfigMap::new(TOPIC_CONFIGS),
    });
    spec.producers.push(ProducerSpec {
        id: "pa".into(),
        config: ProducerConfig::from_map(ConfigMap::new(PRODUCER_CONFIGS)).unwrap(),
    });
    let mut c = Cluster::new(&spec, true);
    c.schedule_action(
        1000,
        Action::Produce {
            producer: "pa".into(),
            topic: "t".into(),
            partition: None,
            key: None,
            value: RecordValue::RecordId,
            count: 1,
            every_ms: 0,
        },
    );
    c.schedule_action(5000, Action::CrashBroker { broker: 1 });
    c.schedule_action(
        6000,
        Action::Produce {
            producer: "pa".into(),
            topic: "t".into(),
            partition: None,
            key: None,
            value: RecordValue::RecordId,
            count: 1,
            every_ms: 0,
        },
    );
    c.run_until(20000);
    let names = c.names().clone();
    for e in c.take_events() {
        let j = e.to_json(&names);
        let k = j["kind"].as_str().unwrap().to_string();
        if k == "message_sent" || k == "message_delivered" {
            continue;
        }
        println!("{}", j);
    }
    for v in c.violations() {
        println!("VIOLATION {:?}", v);
    }
    for r in c.ledger().records() {
        println!("{:?}", r);
    }
}
