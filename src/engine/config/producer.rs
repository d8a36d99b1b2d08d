//! Producer configs (`ProducerConfig`), Kafka 3.9 defaults, and the cross-checks the
//! client makes at construction: idempotence needs `acks=all` (R-IDEM-1) and
//! `delivery.timeout.ms ≥ linger.ms + request.timeout.ms` (R-PROD-1).

use super::def::{ConfigDef, ConfigMap, ConfigType, INT_MAX, LONG_MAX};

const fn int(name: &'static str, min: i64, default: &'static str, doc: &'static str) -> ConfigDef {
    ConfigDef {
        name,
        kind: ConfigType::Int { min, max: INT_MAX },
        default,
        doc,
    }
}

const fn long(name: &'static str, min: i64, default: &'static str, doc: &'static str) -> ConfigDef {
    ConfigDef {
        name,
        kind: ConfigType::Long { min, max: LONG_MAX },
        default,
        doc,
    }
}

/// Every producer config the playground models.
pub const PRODUCER_CONFIGS: &[ConfigDef] = &[
    ConfigDef {
        name: "acks",
        kind: ConfigType::Choice(&["all", "-1", "0", "1"]),
        default: "all",
        doc: "0: no response; 1: leader appended; all: every in-sync replica has it (R-ACK-*)",
    },
    ConfigDef {
        name: "enable.idempotence",
        kind: ConfigType::Bool,
        default: "true",
        doc: "Sequence numbers let the broker drop duplicate retries (R-IDEM-*)",
    },
    int(
        "retries",
        0,
        "2147483647",
        "How many times a failed batch is retried (R-PROD-2)",
    ),
    int(
        "request.timeout.ms",
        0,
        "30000",
        "Give up on a response after this long (R-PROD-3)",
    ),
    int(
        "delivery.timeout.ms",
        0,
        "120000",
        "Fail a record not acknowledged within this long (R-PROD-2)",
    ),
    long(
        "retry.backoff.ms",
        0,
        "100",
        "Wait before the first retry (R-PROD-1)",
    ),
    long(
        "retry.backoff.max.ms",
        0,
        "1000",
        "Largest retry wait; the wait doubles per attempt (R-PROD-1)",
    ),
    int(
        "max.in.flight.requests.per.connection",
        1,
        "5",
        "Unanswered requests allowed per broker (R-PROD-5)",
    ),
    long(
        "linger.ms",
        0,
        "0",
        "Wait this long for more records before sending a batch",
    ),
    int("batch.size", 0, "16384", "Largest batch in bytes"),
    int("max.request.size", 0, "1048576", "Largest request in bytes"),
    long(
        "metadata.max.age.ms",
        0,
        "300000",
        "Refresh metadata at least this often",
    ),
];

/// Which acknowledgement the producer asks for (R-ACK-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Acks {
    None,
    Leader,
    All,
}

impl Acks {
    /// Kafka's name for the setting: `0`, `1` or `all`.
    pub fn name(self) -> &'static str {
        match self {
            Acks::None => "0",
            Acks::Leader => "1",
            Acks::All => "all",
        }
    }
}

/// A producer's configs, resolved and cross-checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerConfig {
    pub map: ConfigMap,
    pub acks: Acks,
    /// Effective idempotence: off when defaulted but incompatible (R-IDEM-1).
    pub idempotence: bool,
    pub retries: u64,
    pub request_timeout_ms: u64,
    pub delivery_timeout_ms: u64,
    pub retry_backoff_ms: u64,
    pub retry_backoff_max_ms: u64,
    pub max_in_flight: usize,
    pub linger_ms: u64,
    pub batch_size: u64,
    pub max_request_size: u64,
    pub metadata_max_age_ms: u64,
}

fn unsigned(map: &ConfigMap, name: &str) -> u64 {
    u64::try_from(map.int(name)).unwrap_or(0)
}

impl ProducerConfig {
    /// Resolves the configs, or returns every cross-check that fails as
    /// `(config name, message)`, as `KafkaProducer`'s constructor would throw them.
    pub fn from_map(map: ConfigMap) -> Result<Self, Vec<(&'static str, String)>> {
        let acks = match map.text("acks").as_str() {
            "0" => Acks::None,
            "1" => Acks::Leader,
            _ => Acks::All,
        };
        let retries = unsigned(&map, "retries");
        let max_in_flight = unsigned(&map, "max.in.flight.requests.per.connection") as usize;
        let mut errors = Vec::new();
        let compatible = acks == Acks::All && retries > 0 && max_in_flight <= 5;
        let idempotence = if map.is_set("enable.idempotence") {
            let wanted = map.bool("enable.idempotence");
            if wanted && !compatible {
                errors.push((
                    "enable.idempotence",
                    "true needs acks=all, retries > 0 and max.in.flight.requests.per.connection ≤ 5 (R-IDEM-1)"
                        .to_string(),
                ));
            }
            wanted
        } else {
            compatible
        };
        let linger_ms = unsigned(&map, "linger.ms");
        let request_timeout_ms = unsigned(&map, "request.timeout.ms");
        let mut delivery_timeout_ms = unsigned(&map, "delivery.timeout.ms");
        let floor = linger_ms.saturating_add(request_timeout_ms);
        if delivery_timeout_ms < floor {
            if map.is_set("delivery.timeout.ms") {
                errors.push((
                    "delivery.timeout.ms",
                    format!(
                        "{delivery_timeout_ms} must be at least linger.ms + request.timeout.ms = {floor} (R-PROD-1)"
                    ),
                ));
            } else {
                delivery_timeout_ms = floor;
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ProducerConfig {
            acks,
            idempotence,
            retries,
            request_timeout_ms,
            delivery_timeout_ms,
            retry_backoff_ms: unsigned(&map, "retry.backoff.ms"),
            retry_backoff_max_ms: unsigned(&map, "retry.backoff.max.ms"),
            max_in_flight,
            linger_ms,
            batch_size: unsigned(&map, "batch.size"),
            max_request_size: unsigned(&map, "max.request.size"),
            metadata_max_age_ms: unsigned(&map, "metadata.max.age.ms"),
            map,
        })
    }

    /// The wait before retry number `attempt` (1-based): `retry.backoff.ms` doubled
    /// per attempt up to `retry.backoff.max.ms`. Simplified: Kafka adds ±20% jitter
    /// (KIP-580); the playground leaves it out so runs are exact.
    pub fn retry_backoff(&self, attempt: u32) -> u64 {
        let shift = attempt.saturating_sub(1).min(20);
        let grown = self.retry_backoff_ms.saturating_mul(1u64 << shift);
        grown.min(self.retry_backoff_max_ms.max(self.retry_backoff_ms))
    }
}

impl Default for ProducerConfig {
    fn default() -> Self {
        ProducerConfig::from_map(ConfigMap::new(PRODUCER_CONFIGS))
            .expect("Kafka's default producer configs are consistent")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with(
        pairs: &[(&str, serde_json::Value)],
    ) -> Result<ProducerConfig, Vec<(&'static str, String)>> {
        let mut map = ConfigMap::new(PRODUCER_CONFIGS);
        for (k, v) in pairs {
            map.set(k, v).unwrap();
        }
        ProducerConfig::from_map(map)
    }

    #[test]
    fn defaults_are_idempotent_acks_all() {
        let config = ProducerConfig::default();
        assert_eq!(config.acks, Acks::All);
        assert!(config.idempotence);
        assert_eq!(config.delivery_timeout_ms, 120_000);
    }

    #[test]
    fn acks_1_silently_disables_default_idempotence() {
        let config = with(&[("acks", json!("1"))]).unwrap();
        assert!(!config.idempotence);
        let config = with(&[("acks", json!(-1))]).unwrap();
        assert_eq!(config.acks, Acks::All);
    }

    #[test]
    fn explicit_idempotence_with_acks_1_is_rejected() {
        let errors =
            with(&[("acks", json!("1")), ("enable.idempotence", json!(true))]).unwrap_err();
        assert_eq!(errors[0].0, "enable.idempotence");
    }

    #[test]
    fn delivery_timeout_is_raised_or_rejected() {
        let config = with(&[("request.timeout.ms", json!(200000))]).unwrap();
        assert_eq!(config.delivery_timeout_ms, 200_000);
        assert!(with(&[("delivery.timeout.ms", json!(1000))]).is_err());
    }

    #[test]
    fn backoff_doubles_to_the_maximum() {
        let config = ProducerConfig::default();
        let waits: Vec<u64> = (1..=6).map(|a| config.retry_backoff(a)).collect();
        assert_eq!(waits, vec![100, 200, 400, 800, 1000, 1000]);
    }
}
