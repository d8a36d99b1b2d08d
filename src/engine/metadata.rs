//! Cluster metadata as the KRaft controller records it (`__cluster_metadata`):
//! broker registrations, topics, partition registrations (leader, leader epoch,
//! ISR, partition epoch) and configs. The controller owns the authoritative image
//! and log; each broker keeps a copy it catches up by offset.
//!
//! Simplified: the metadata log is replicated by the controller pushing each new
//! record batch to every registered broker, with heartbeat responses carrying
//! whatever a broker missed — the effect of KRaft brokers long-polling the log.

use std::rc::Rc;

use super::config::ConfigMap;
use super::ids::Tp;
use crate::engine::vec_map::VecMap;

/// A broker's registration as the controller sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerRegistration {
    pub id: u32,
    /// The broker epoch: the metadata offset of its registration record.
    pub epoch: u64,
    pub fenced: bool,
    pub in_controlled_shutdown: bool,
}

impl BrokerRegistration {
    /// "Active" in KRaft: registered, unfenced and not shutting down (R-ELECT-1).
    pub fn is_active(&self) -> bool {
        !self.fenced && !self.in_controlled_shutdown
    }
}

/// A partition's replicas, ISR and leadership (`PartitionRegistration`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionRegistration {
    pub tp: Tp,
    /// Assignment order; `replicas[0]` is the preferred leader.
    pub replicas: Vec<u32>,
    pub isr: Vec<u32>,
    pub leader: Option<u32>,
    pub leader_epoch: u32,
    pub partition_epoch: u32,
    /// Set by an unclean election (R-ELECT-2).
    pub recovering: bool,
}

/// A topic's name and partition count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicRegistration {
    pub id: u32,
    pub name: Rc<str>,
    pub partitions: u32,
    pub internal: bool,
    /// Topic configs explicitly set.
    pub config: ConfigMap,
}

/// One record of the metadata log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetadataRecord {
    Broker(BrokerRegistration),
    Topic(TopicRegistration),
    Partition(PartitionRegistration),
    /// A per-broker dynamic config change (`kafka-configs --entity-type brokers`).
    BrokerConfig {
        broker: u32,
        config: ConfigMap,
    },
}

/// The state the metadata log describes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetadataImage {
    pub brokers: VecMap<u32, BrokerRegistration>,
    pub topics: Vec<TopicRegistration>,
    pub partitions: VecMap<Tp, PartitionRegistration>,
    pub broker_configs: VecMap<u32, ConfigMap>,
}

impl MetadataImage {
    pub fn apply(&mut self, record: &MetadataRecord) {
        match record {
            MetadataRecord::Broker(b) => {
                self.brokers.insert(b.id, b.clone());
            }
            MetadataRecord::Topic(t) => {
                let id = t.id as usize;
                if id < self.topics.len() {
                    self.topics[id] = t.clone();
                } else {
                    self.topics.push(t.clone());
                }
            }
            MetadataRecord::Partition(p) => {
                self.partitions.insert(p.tp, p.clone());
            }
            MetadataRecord::BrokerConfig { broker, config } => {
                self.broker_configs.insert(*broker, config.clone());
            }
        }
    }

    pub fn is_active(&self, broker: u32) -> bool {
        self.brokers
            .get(&broker)
            .is_some_and(BrokerRegistration::is_active)
    }

    pub fn topic(&self, id: u32) -> Option<&TopicRegistration> {
        self.topics.get(id as usize)
    }

    pub fn topic_by_name(&self, name: &str) -> Option<&TopicRegistration> {
        self.topics.iter().find(|t| &*t.name == name)
    }
}

/// What the controller sends a broker so it catches up: the records from
/// `base_offset`, or a whole image when the broker is too far behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetadataDelta {
    Records {
        base_offset: u64,
        records: Vec<Rc<MetadataRecord>>,
    },
    Snapshot {
        end_offset: u64,
        image: Rc<MetadataImage>,
    },
}

impl MetadataDelta {
    pub fn is_empty(&self) -> bool {
        matches!(self, MetadataDelta::Records { records, .. } if records.is_empty())
    }
}

/// A broker's copy of the metadata and how far it has read the log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetadataCache {
    pub image: MetadataImage,
    /// The next metadata offset to apply.
    pub next_offset: u64,
}

impl MetadataCache {
    /// Applies what `delta` adds. Returns the records applied (a snapshot counts as
    /// all of its partitions changing), or `None` if the delta leaves a gap.
    pub fn catch_up(&mut self, delta: &MetadataDelta) -> Option<Vec<Rc<MetadataRecord>>> {
        match delta {
            MetadataDelta::Records {
                base_offset,
                records,
            } => {
                if *base_offset > self.next_offset {
                    return None;
                }
                let skip = (self.next_offset - base_offset) as usize;
                let fresh: Vec<Rc<MetadataRecord>> = records.iter().skip(skip).cloned().collect();
                for r in &fresh {
                    self.image.apply(r);
                }
                self.next_offset += fresh.len() as u64;
                Some(fresh)
            }
            MetadataDelta::Snapshot { end_offset, image } => {
                if *end_offset <= self.next_offset {
                    return Some(Vec::new());
                }
                self.image = (**image).clone();
                self.next_offset = *end_offset;
                let mut changed: Vec<Rc<MetadataRecord>> = Vec::new();
                changed.extend(
                    self.image
                        .topics
                        .iter()
                        .map(|t| Rc::new(MetadataRecord::Topic(t.clone()))),
                );
                changed.extend(
                    self.image
                        .brokers
                        .values()
                        .map(|b| Rc::new(MetadataRecord::Broker(b.clone()))),
                );
                changed.extend(
                    self.image
                        .partitions
                        .values()
                        .map(|p| Rc::new(MetadataRecord::Partition(p.clone()))),
                );
                Some(changed)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broker(id: u32, fenced: bool) -> Rc<MetadataRecord> {
        Rc::new(MetadataRecord::Broker(BrokerRegistration {
            id,
            epoch: 0,
            fenced,
            in_controlled_shutdown: false,
        }))
    }

    #[test]
    fn catching_up_skips_what_was_applied_and_refuses_gaps() {
        let mut cache = MetadataCache::default();
        let first = MetadataDelta::Records {
            base_offset: 0,
            records: vec![broker(1, true), broker(2, true)],
        };
        assert_eq!(cache.catch_up(&first).map(|r| r.len()), Some(2));
        let overlapping = MetadataDelta::Records {
            base_offset: 1,
            records: vec![broker(2, true), broker(1, false)],
        };
        assert_eq!(cache.catch_up(&overlapping).map(|r| r.len()), Some(1));
        assert!(cache.image.is_active(1));
        let gap = MetadataDelta::Records {
            base_offset: 9,
            records: vec![broker(3, false)],
        };
        assert!(cache.catch_up(&gap).is_none());
        assert_eq!(cache.next_offset, 3);
    }
}
