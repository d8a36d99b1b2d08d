//! Kafka's configs: names, types, defaults and validation, for brokers, topics,
//! producers and consumers. Every name is Kafka's own; every default is Kafka 3.9's.

pub mod broker;
pub mod consumer;
pub mod def;
pub mod producer;
pub mod topic;

pub use broker::{BrokerConfig, BROKER_CONFIGS};
pub use consumer::{ConsumerConfig, OffsetReset, CONSUMER_CONFIGS};
pub use def::{ConfigDef, ConfigMap, ConfigType, ConfigValue};
pub use producer::{Acks, ProducerConfig, PRODUCER_CONFIGS};
pub use topic::{LogConfig, TOPIC_CONFIGS};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_parses_under_its_own_definition() {
        for table in [
            BROKER_CONFIGS,
            TOPIC_CONFIGS,
            PRODUCER_CONFIGS,
            CONSUMER_CONFIGS,
        ] {
            for def in table {
                let parsed = def.parse(&serde_json::Value::String(def.default.into()));
                assert!(parsed.is_ok(), "{}: {:?}", def.name, parsed);
            }
        }
    }
}
