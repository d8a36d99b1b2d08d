//! The consumers form: each consumer's group, how often its application polls
//! and whether it commits after each poll, and its configs (`enable.auto.commit`,
//! `auto.offset.reset`, `partition.assignment.strategy`, …) as `KafkaConsumer`
//! takes them.

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

/// The consumers form.
#[function_component]
pub fn ConsumersForm(props: &FormProps) -> Html {
    html! { <ConfigForm kind={FormKind::Consumers} scenario={props.scenario.clone()} on_apply={props.on_apply.clone()} /> }
}
