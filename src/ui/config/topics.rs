//! The topics form: each topic's name, partition count, replication factor and
//! topic configs (`kafka-topics --create --config`); its config changes can also
//! be made while the cluster runs (`kafka-configs --alter`, see [`super::alter`]).

use serde_json::{json, Value};
use yew::{function_component, html, Html};

use super::draft::{Field, FieldKind, FieldPath, Section};
use super::form::{ConfigForm, FormKind, FormProps};
use super::messages::EN;
use crate::engine::config::TOPIC_CONFIGS;
use crate::scenario::Scenario;

pub fn sections(scenario: &Scenario) -> Vec<Section> {
    let topics = FieldPath::key("topics");
    scenario
        .spec
        .topics
        .iter()
        .enumerate()
        .map(|(i, topic)| {
            let at = topics.then_index(i);
            let mut fields = vec![
                Field::new(at.then_key("name"), "name", FieldKind::Text),
                Field::new(at.then_key("partitions"), "partitions", FieldKind::Number),
                Field::new(
                    at.then_key("replication_factor"),
                    "replication_factor",
                    FieldKind::Number,
                ),
            ];
            let config = at.then_key("config");
            fields.extend(TOPIC_CONFIGS.iter().map(|def| Field::config(&config, def)));
            Section {
                title: (EN.topic)(&topic.name),
                fields,
            }
        })
        .collect()
}

/// A new topic for "Add topic": the first free name `topic-N`, three partitions,
/// and a replication factor of three, or the number of brokers when fewer.
pub fn new_item(scenario: &Scenario) -> Value {
    let taken = |name: &str| scenario.spec.topics.iter().any(|t| t.name == name);
    let name = super::form::first_free("topic-", taken);
    json!({
        "name": name,
        "partitions": 3,
        "replication_factor": scenario.spec.brokers.min(3),
    })
}

/// The topics form.
#[function_component]
pub fn TopicsForm(props: &FormProps) -> Html {
    html! {
        <ConfigForm kind={FormKind::Topics} scenario={props.scenario.clone()}
            on_apply={props.on_apply.clone()} on_alter={props.on_alter.clone()} />
    }
}
