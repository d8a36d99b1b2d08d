//! The consumers form: each consumer's group and the topics it subscribes to
//! (comma-separated), how often its application polls
//! and whether it commits after each poll, and its configs (`enable.auto.commit`,
//! `auto.offset.reset`, `partition.assignment.strategy`, …) as `KafkaConsumer`
//! takes them.

use serde_json::{json, Value};
use yew::{function_component, html, Html};

use super::draft::{Field, FieldKind, FieldPath, Section};
use super::form::{ConfigForm, FormKind, FormProps};
use super::messages::EN;
use crate::engine::config::CONSUMER_CONFIGS;
use crate::scenario::Scenario;

pub fn sections(scenario: &Scenario) -> Vec<Section> {
    let consumers = FieldPath::key("consumers");
    scenario
        .spec
        .consumers
        .iter()
        .enumerate()
        .map(|(i, consumer)| {
            let at = consumers.then_index(i);
            let mut fields = vec![
                Field::new(at.then_key("group"), "group.id", FieldKind::Text),
                Field::new(at.then_key("subscribe"), "subscribe", FieldKind::Names),
                Field::new(
                    at.then_key("poll_every_ms"),
                    "poll_every_ms",
                    FieldKind::Number,
                )
                .with_default("1000"),
                Field::new(
                    at.then_key("commit_after_poll"),
                    "commit_after_poll",
                    FieldKind::Flag,
                )
                .with_default("false"),
            ];
            let config = at.then_key("config");
            fields.extend(
                CONSUMER_CONFIGS
                    .iter()
                    .map(|def| Field::config(&config, def)),
            );
            Section {
                title: (EN.consumer)(&consumer.id),
                fields,
            }
        })
        .collect()
}

/// A new consumer for "Add consumer": the first free id `cN`, in the group of
/// the first consumer (else `group-1`), subscribed to the first topic, polling
/// from the start. Without a topic there is nothing to subscribe to: `None`.
pub fn new_item(scenario: &Scenario) -> Option<Value> {
    let topic = scenario.spec.topics.first()?;
    let group = scenario
        .spec
        .consumers
        .first()
        .map_or_else(|| "group-1".to_string(), |c| c.group.clone());
    Some(json!({
        "id": super::form::first_free("c", |id| super::form::client_id_taken(scenario, id)),
        "group": group,
        "subscribe": [topic.name],
    }))
}

/// The consumers form.
#[function_component]
pub fn ConsumersForm(props: &FormProps) -> Html {
    html! { <ConfigForm kind={FormKind::Consumers} scenario={props.scenario.clone()} on_apply={props.on_apply.clone()} /> }
}
