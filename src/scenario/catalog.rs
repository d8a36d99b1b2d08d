//! What exists at a point of the scenario (brokers, topics with their partition
//! counts, producers, consumers) and the checking of every reference to them.
//! Topics are added as `topics[]` and then the script's `create_topic` entries are
//! read, so a reference sees exactly the topics that exist at its point of the
//! script. Lists keep document order, so messages list names as the scenario does.

use super::error::Problems;
use super::limits::{BROKERS_MAX, TOPICS_MAX};
use super::names::collision_key;
use super::path;
use super::reader::{found, quoted};
use crate::engine::action::NodeName;
use serde_json::Value;

struct Topic {
    name: String,
    /// The name as Kafka's metrics see it ([`collision_key`]).
    collision: String,
    /// `None` when its entry was invalid: its partitions are then not checked.
    partitions: Option<u32>,
    origin: String,
}

struct Client {
    id: String,
    origin: String,
    producer: bool,
}

/// A topic a reference resolved to.
pub struct TopicRef {
    pub name: String,
    pub partitions: Option<u32>,
}

/// The things a scenario defines, as far as its reader has got.
pub struct Catalog {
    /// `None` when `brokers` was invalid: broker ids are then not checked.
    brokers: Option<u32>,
    topics: Vec<Topic>,
    /// Topic names that a `create_topic` creates, with the first such entry's index.
    created: Vec<(String, usize)>,
    clients: Vec<Client>,
}

fn list_or(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_string()
    } else {
        items.join(", ")
    }
}

impl Catalog {
    pub fn new(brokers: Option<u32>, created: Vec<(String, usize)>) -> Self {
        Catalog {
            brokers,
            topics: Vec::new(),
            created,
            clients: Vec::new(),
        }
    }

    pub fn brokers(&self) -> Option<u32> {
        self.brokers
    }

    fn broker_range(&self) -> String {
        match self.brokers {
            Some(1) => "this cluster has only broker 1".to_string(),
            Some(n) => format!("this cluster has brokers 1..{n}"),
            None => format!("brokers are numbered 1 to at most {BROKERS_MAX}"),
        }
    }

    /// A reference to an existing broker, by id.
    pub fn broker(&self, problems: &mut Problems, path: &str, value: &Value) -> Option<u32> {
        let Some(id) = value.as_u64() else {
            let range = self.broker_range();
            problems.add(
                path,
                format!("{} is not a broker id ({range})", found(value)),
            );
            return None;
        };
        let count = self.brokers?;
        match u32::try_from(id) {
            Ok(id) if (1..=count).contains(&id) => Some(id),
            _ => {
                let range = self.broker_range();
                problems.add(path, format!("broker {id} does not exist ({range})"));
                None
            }
        }
    }

    fn topic_names(&self) -> String {
        let names: Vec<String> = self.topics.iter().map(|t| quoted(&t.name)).collect();
        list_or(&names, "there are no topics")
    }

    /// Adds the topic of the entry at `entry` (`topics[0]`, `script[4]`); it must be
    /// new, must not collide with another name, and must stay within [`TOPICS_MAX`]
    /// (a topic past the limit is not added, which bounds the work of every lookup).
    pub fn add_topic(
        &mut self,
        problems: &mut Problems,
        entry: &str,
        name: &str,
        partitions: Option<u32>,
    ) {
        let path = &path::key(entry, "name");
        if let Some(existing) = self.topics.iter().find(|t| t.name == name) {
            problems.add(
                path,
                format!(
                    "topic {} already exists (defined at {})",
                    quoted(name),
                    existing.origin
                ),
            );
            return;
        }
        if self.topics.len() >= TOPICS_MAX {
            problems.add(
                path,
                format!(
                    "topic {} is one too many: a scenario has at most {TOPICS_MAX} topics",
                    quoted(name)
                ),
            );
            return;
        }
        let collision = collision_key(name);
        if let Some(other) = self.topics.iter().find(|t| t.collision == collision) {
            problems.add(
                path,
                format!(
                    "topic {} collides with topic {} (defined at {}): Kafka refuses names that differ only in \".\" and \"_\"",
                    quoted(name),
                    quoted(&other.name),
                    other.origin
                ),
            );
        }
        self.topics.push(Topic {
            name: name.to_string(),
            collision,
            partitions,
            origin: entry.to_string(),
        });
    }

    /// Whether a topic exists at time 0 or is created by the script.
    pub fn topic_ever_exists(&self, name: &str) -> bool {
        self.topics.iter().any(|t| t.name == name) || self.created.iter().any(|(n, _)| n == name)
    }

    /// The message for a subscription to a topic that never exists.
    pub fn never_exists(&self, name: &str) -> String {
        format!(
            "topic {} neither exists at time 0 nor is created by the script (topics: {})",
            quoted(name),
            self.topic_names()
        )
    }

    /// A reference, made by script entry `entry` (if any), to a topic that exists there.
    pub fn topic(
        &self,
        problems: &mut Problems,
        path: &str,
        value: &Value,
        entry: usize,
    ) -> Option<TopicRef> {
        let Value::String(name) = value else {
            let names = self.topic_names();
            problems.add(
                path,
                format!("{} is not a topic name (topics: {names})", found(value)),
            );
            return None;
        };
        if let Some(topic) = self.topics.iter().find(|t| &t.name == name) {
            return Some(TopicRef {
                name: name.clone(),
                partitions: topic.partitions,
            });
        }
        let later = self.created.iter().find(|(n, i)| n == name && *i > entry);
        let message = match later {
            Some((_, i)) => format!(
                "topic {} does not exist yet (script[{i}] creates it later; topics now: {})",
                quoted(name),
                self.topic_names()
            ),
            None => format!(
                "topic {} does not exist (topics: {})",
                quoted(name),
                self.topic_names()
            ),
        };
        problems.add(path, message);
        None
    }

    /// A reference to a partition of `topic` (`None`: the topic reference failed).
    pub fn partition(
        &self,
        problems: &mut Problems,
        path: &str,
        value: &Value,
        topic: Option<&TopicRef>,
    ) -> Option<u32> {
        let known = topic.and_then(|t| t.partitions.map(|n| (t, n)));
        let range = |t: &TopicRef, n: u32| match n {
            1 => format!("topic {} has only partition 0", quoted(&t.name)),
            n => format!("topic {} has partitions 0..{}", quoted(&t.name), n - 1),
        };
        match (value.as_u64(), known) {
            (Some(i), Some((t, n))) => match u32::try_from(i) {
                Ok(i) if i < n => Some(i),
                _ => {
                    problems.add(
                        path,
                        format!("partition {i} does not exist ({})", range(t, n)),
                    );
                    None
                }
            },
            (Some(_), None) => None,
            (None, Some((t, n))) => {
                problems.add(
                    path,
                    format!(
                        "{} is not a partition number ({})",
                        found(value),
                        range(t, n)
                    ),
                );
                None
            }
            (None, None) => {
                problems.add(
                    path,
                    format!(
                        "{} is not a partition number (a whole number from 0)",
                        found(value)
                    ),
                );
                None
            }
        }
    }

    /// Adds the producer (`producer`) or consumer of the entry at `entry`
    /// (`producers[0]`); ids are unique across producers and consumers.
    pub fn add_client(&mut self, problems: &mut Problems, entry: &str, id: &str, producer: bool) {
        let path = &path::key(entry, "id");
        if let Some(existing) = self.clients.iter().find(|c| c.id == id) {
            let kind = if existing.producer {
                "producer"
            } else {
                "consumer"
            };
            problems.add(
                path,
                format!(
                    "{} is already the id of {kind} {}",
                    quoted(id),
                    existing.origin
                ),
            );
            return;
        }
        self.clients.push(Client {
            id: id.to_string(),
            origin: entry.to_string(),
            producer,
        });
    }

    fn client_ids(&self, producer: bool) -> Vec<String> {
        self.clients
            .iter()
            .filter(|c| c.producer == producer)
            .map(|c| quoted(&c.id))
            .collect()
    }

    /// A reference to an existing producer (`producer`) or consumer.
    pub fn client(
        &self,
        problems: &mut Problems,
        path: &str,
        value: &Value,
        producer: bool,
    ) -> Option<String> {
        let kind = if producer { "producer" } else { "consumer" };
        let known = list_or(&self.client_ids(producer), &format!("there are no {kind}s"));
        match value {
            Value::String(id)
                if self
                    .clients
                    .iter()
                    .any(|c| &c.id == id && c.producer == producer) =>
            {
                Some(id.clone())
            }
            Value::String(id) => {
                problems.add(
                    path,
                    format!("{kind} {} does not exist ({kind}s: {known})", quoted(id)),
                );
                None
            }
            other => {
                problems.add(
                    path,
                    format!("{} is not a {kind} id ({kind}s: {known})", found(other)),
                );
                None
            }
        }
    }

    /// A node of a network operation: a broker id (a number), `"controller"`, or a
    /// producer or consumer id.
    pub fn node(&self, problems: &mut Problems, path: &str, value: &Value) -> Option<NodeName> {
        match value {
            Value::Number(_) => self.broker(problems, path, value).map(NodeName::Broker),
            Value::String(s) if s == "controller" => Some(NodeName::Controller),
            Value::String(s) if self.clients.iter().any(|c| &c.id == s) => {
                Some(NodeName::Client(s.clone()))
            }
            other => {
                let ids: Vec<String> = self.clients.iter().map(|c| quoted(&c.id)).collect();
                let brokers = match self.brokers {
                    Some(n) => format!("broker ids 1..{n} as numbers"),
                    None => "broker ids as numbers".to_string(),
                };
                problems.add(
                    path,
                    format!(
                        "{} is not a node (nodes: {brokers}, \"controller\", client ids: {})",
                        found(other),
                        list_or(&ids, "none")
                    ),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn catalog() -> Catalog {
        let mut p = Problems::default();
        let mut c = Catalog::new(Some(3), vec![("later".to_string(), 5)]);
        c.add_topic(&mut p, "topics[0]", "orders", Some(2));
        c.add_client(&mut p, "producers[0]", "pa", true);
        c.add_client(&mut p, "consumers[0]", "c1", false);
        assert_eq!(p.count(), 0);
        c
    }

    fn first_error(f: impl FnOnce(&mut Problems)) -> String {
        let mut p = Problems::default();
        f(&mut p);
        p.into_vec()
            .first()
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    #[test]
    fn brokers_must_exist() {
        let c = catalog();
        let mut p = Problems::default();
        assert_eq!(c.broker(&mut p, "b", &json!(3)), Some(3));
        assert_eq!(
            first_error(|p| {
                c.broker(p, "script[3].broker", &json!(7));
            }),
            "script[3].broker: broker 7 does not exist (this cluster has brokers 1..3)"
        );
        assert_eq!(
            first_error(|p| {
                c.broker(p, "b", &json!(0));
            }),
            "b: broker 0 does not exist (this cluster has brokers 1..3)"
        );
        assert_eq!(
            first_error(|p| {
                c.broker(p, "b", &json!("1"));
            }),
            "b: \"1\" is not a broker id (this cluster has brokers 1..3)"
        );
        let one = Catalog::new(Some(1), Vec::new());
        assert_eq!(
            first_error(|p| {
                one.broker(p, "b", &json!(2));
            }),
            "b: broker 2 does not exist (this cluster has only broker 1)"
        );
    }

    #[test]
    fn topics_must_exist_at_that_point() {
        let c = catalog();
        assert_eq!(
            first_error(|p| {
                c.topic(p, "t", &json!("later"), 2);
            }),
            "t: topic \"later\" does not exist yet (script[5] creates it later; topics now: \"orders\")"
        );
        assert_eq!(
            first_error(|p| {
                c.topic(p, "t", &json!("nope"), 2);
            }),
            "t: topic \"nope\" does not exist (topics: \"orders\")"
        );
        assert!(c.topic_ever_exists("later") && c.topic_ever_exists("orders"));
        assert!(!c.topic_ever_exists("nope"));
    }

    #[test]
    fn partitions_must_be_within_the_topic() {
        let c = catalog();
        let mut p = Problems::default();
        let topic = c.topic(&mut p, "t", &json!("orders"), 0);
        assert_eq!(c.partition(&mut p, "p", &json!(1), topic.as_ref()), Some(1));
        assert_eq!(
            first_error(|p| {
                c.partition(p, "p", &json!(2), topic.as_ref());
            }),
            "p: partition 2 does not exist (topic \"orders\" has partitions 0..1)"
        );
        assert_eq!(
            first_error(|p| {
                c.partition(p, "p", &json!(-1), topic.as_ref());
            }),
            "p: -1 is not a partition number (topic \"orders\" has partitions 0..1)"
        );
    }

    #[test]
    fn duplicate_and_colliding_topics_are_refused() {
        let mut c = catalog();
        assert_eq!(
            first_error(|p| c.add_topic(p, "topics[1]", "orders", Some(1))),
            "topics[1].name: topic \"orders\" already exists (defined at topics[0])"
        );
        c.add_topic(&mut Problems::default(), "topics[1]", "a.b", Some(1));
        assert_eq!(
            first_error(|p| c.add_topic(p, "topics[2]", "a_b", Some(1))),
            "topics[2].name: topic \"a_b\" collides with topic \"a.b\" (defined at topics[1]): Kafka refuses names that differ only in \".\" and \"_\""
        );
    }

    #[test]
    fn topics_past_the_limit_are_refused_and_not_added() {
        let mut c = Catalog::new(Some(1), Vec::new());
        let mut p = Problems::default();
        for i in 0..=TOPICS_MAX {
            c.add_topic(&mut p, &format!("script[{i}]"), &format!("t{i}"), Some(1));
        }
        let errors: Vec<String> = p.into_vec().iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            vec![
                "script[64].name: topic \"t64\" is one too many: a scenario has at most 64 topics"
            ]
        );
        assert!(!c.topic_ever_exists("t64"));
        assert!(c.topic_ever_exists("t63"));
    }

    #[test]
    fn clients_are_unique_and_referenced_by_kind() {
        let mut c = catalog();
        assert_eq!(
            first_error(|p| c.add_client(p, "consumers[1]", "pa", false)),
            "consumers[1].id: \"pa\" is already the id of producer producers[0]"
        );
        assert_eq!(
            first_error(|p| {
                c.client(p, "x", &json!("c1"), true);
            }),
            "x: producer \"c1\" does not exist (producers: \"pa\")"
        );
        let mut p = Problems::default();
        assert_eq!(
            c.client(&mut p, "x", &json!("c1"), false),
            Some("c1".into())
        );
    }

    #[test]
    fn nodes_are_brokers_controller_or_clients() {
        let c = catalog();
        let mut p = Problems::default();
        assert_eq!(c.node(&mut p, "n", &json!(2)), Some(NodeName::Broker(2)));
        assert_eq!(
            c.node(&mut p, "n", &json!("controller")),
            Some(NodeName::Controller)
        );
        assert_eq!(
            c.node(&mut p, "n", &json!("c1")),
            Some(NodeName::Client("c1".into()))
        );
        assert_eq!(p.count(), 0);
        assert_eq!(
            first_error(|p| {
                c.node(p, "n", &json!("2"));
            }),
            "n: \"2\" is not a node (nodes: broker ids 1..3 as numbers, \"controller\", client ids: \"pa\", \"c1\")"
        );
    }
}
