//! What the user has typed or chosen in the control panel (the record to
//! produce, the link to cut, the partition to elect a leader for), and the
//! [`Action`]s those choices make. Kept apart from the views so an invalid
//! choice never reaches the engine: every action is built here from valid
//! indices, or not at all.

use crate::engine::action::{ElectionType, NodeName, RecordValue};
use crate::engine::ids::Tp;
use crate::engine::{Action, Cluster};

/// How many records a burst sends, back to back.
pub const BURST_RECORDS: u32 = 10;
/// The steady rate's interval: 10 records a second.
pub const STEADY_EVERY_MS: u64 = 100;
/// How long a steady rate lasts: 60 s.
pub const STEADY_RECORDS: u32 = 600;

/// One field of the control panel changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ControlsEdit {
    Producer(usize),
    Topic(usize),
    Key(String),
    Value(String),
    LinkFrom(usize),
    LinkTo(usize),
    Partition(usize),
}

/// How many records one press of a produce button sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProduceAmount {
    One,
    Burst,
    Steady,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Controls {
    pub producer: usize,
    pub topic: usize,
    pub key: String,
    pub value: String,
    pub link_from: usize,
    pub link_to: usize,
    pub partition: usize,
}

impl Controls {
    pub fn edit(&mut self, edit: ControlsEdit) {
        match edit {
            ControlsEdit::Producer(i) => self.producer = i,
            ControlsEdit::Topic(i) => self.topic = i,
            ControlsEdit::Key(key) => self.key = key,
            ControlsEdit::Value(value) => self.value = value,
            ControlsEdit::LinkFrom(i) => self.link_from = i,
            ControlsEdit::LinkTo(i) => self.link_to = i,
            ControlsEdit::Partition(i) => self.partition = i,
        }
    }

    /// The produce action of the form, if the chosen producer and topic exist.
    pub fn produce(&self, cluster: &Cluster, amount: ProduceAmount) -> Option<Action> {
        let producer = cluster.names().producers.get(self.producer)?.clone();
        let topic = cluster.names().topics.get(self.topic)?.clone();
        let (count, every_ms) = match amount {
            ProduceAmount::One => (1, 0),
            ProduceAmount::Burst => (BURST_RECORDS, 0),
            ProduceAmount::Steady => (STEADY_RECORDS, STEADY_EVERY_MS),
        };
        Some(Action::Produce {
            producer,
            topic,
            partition: None,
            key: (!self.key.is_empty()).then(|| self.key.clone()),
            value: if self.value.is_empty() {
                RecordValue::RecordId
            } else {
                RecordValue::Text(self.value.clone())
            },
            count,
            every_ms,
        })
    }

    /// Cutting the link between the two chosen nodes, if they differ.
    pub fn cut_link(&self, cluster: &Cluster) -> Option<Action> {
        let nodes = network_nodes(cluster);
        let from = nodes.get(self.link_from)?.clone();
        let to = nodes.get(self.link_to)?.clone();
        (from != to).then(|| Action::PartitionNetwork {
            sides: vec![vec![from], vec![to]],
        })
    }

    /// A leader election for the chosen partition.
    pub fn elect(&self, cluster: &Cluster, election_type: ElectionType) -> Option<Action> {
        let tp = *partitions(cluster).get(self.partition)?;
        Some(Action::ElectLeaders {
            topic: cluster.names().topic(tp.topic).to_string(),
            partition: tp.partition,
            election_type,
        })
    }
}

/// Every node a link can be cut between: brokers, the controller, producers
/// and consumers, in that order.
pub fn network_nodes(cluster: &Cluster) -> Vec<NodeName> {
    let names = cluster.names();
    (1..=cluster.brokers().len() as u32)
        .map(NodeName::Broker)
        .chain(std::iter::once(NodeName::Controller))
        .chain(names.producers.iter().cloned().map(NodeName::Client))
        .chain(names.consumers.iter().cloned().map(NodeName::Client))
        .collect()
}

/// Every partition, in order.
pub fn partitions(cluster: &Cluster) -> Vec<Tp> {
    cluster
        .controller()
        .image
        .partitions
        .keys()
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::views::test_support::{cluster_at, THREE_BROKERS};

    #[test]
    fn produces_with_the_typed_key_and_value() {
        let cluster = cluster_at(THREE_BROKERS, 0);
        let mut controls = Controls::default();
        controls.edit(ControlsEdit::Key("user-42".into()));
        controls.edit(ControlsEdit::Value("hello".into()));
        let action = controls.produce(&cluster, ProduceAmount::Burst);
        assert_eq!(
            action,
            Some(Action::Produce {
                producer: "p".into(),
                topic: "t".into(),
                partition: None,
                key: Some("user-42".into()),
                value: RecordValue::Text("hello".into()),
                count: BURST_RECORDS,
                every_ms: 0,
            })
        );
    }

    #[test]
    fn an_empty_value_sends_the_record_id_and_a_missing_producer_nothing() {
        let cluster = cluster_at(THREE_BROKERS, 0);
        let mut controls = Controls::default();
        let Some(Action::Produce { value, key, .. }) =
            controls.produce(&cluster, ProduceAmount::One)
        else {
            panic!("a produce action");
        };
        assert_eq!((value, key), (RecordValue::RecordId, None));
        controls.edit(ControlsEdit::Producer(7));
        assert_eq!(controls.produce(&cluster, ProduceAmount::One), None);
    }

    #[test]
    fn cuts_only_between_two_different_nodes() {
        let cluster = cluster_at(THREE_BROKERS, 0);
        let mut controls = Controls::default();
        assert_eq!(controls.cut_link(&cluster), None);
        controls.edit(ControlsEdit::LinkTo(2));
        assert_eq!(
            controls.cut_link(&cluster),
            Some(Action::PartitionNetwork {
                sides: vec![vec![NodeName::Broker(1)], vec![NodeName::Broker(3)]]
            })
        );
    }
}
