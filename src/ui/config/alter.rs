//! Altering topic configs while the cluster runs, as `kafka-configs --alter
//! --entity-type topics` does: the topic form's draft, when it changes only
//! topic configs, becomes one `alter_config` action per topic, taken at the
//! moment shown (and recorded in the session like any other action).

use super::draft::{Draft, FieldKind, Step};
use crate::engine::action::{Action, ConfigTarget};
use crate::engine::config::ConfigValue;
use crate::engine::vec_map::VecMap;
use crate::scenario::Scenario;

/// The draft's topic config changes as actions, one per topic in topic order;
/// `None` when the draft is empty or invalid, edits anything but a topic config,
/// or clears one (`kafka-configs --delete-config` is not modelled).
pub fn topic_alterations(scenario: &Scenario, draft: &Draft) -> Option<Vec<Action>> {
    if draft.is_empty() || draft.apply_to(scenario).is_err() {
        return None;
    }
    let mut by_topic: VecMap<usize, Vec<(String, ConfigValue)>> = VecMap::new();
    for (path, kind, text) in draft.edits() {
        let FieldKind::Config(def) = kind else {
            return None;
        };
        let [Step::Key(list), Step::Index(topic), Step::Key(config), Step::Key(_)] =
            path.0.as_slice()
        else {
            return None;
        };
        if list != "topics" || config != "config" {
            return None;
        }
        let value = def.parse(&kind.to_json(text)?).ok()?;
        by_topic
            .entry(*topic)
            .or_default()
            .push((def.name.to_string(), value));
    }
    by_topic
        .into_iter()
        .map(|(topic, config)| {
            let name = scenario.spec.topics.get(topic)?.name.clone();
            Some(Action::AlterConfig {
                target: ConfigTarget::Topic(name),
                config,
            })
        })
        .collect()
}
