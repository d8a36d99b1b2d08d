//! The producers form: each producer's configs (`acks`, `enable.idempotence`,
//! `retries`, `delivery.timeout.ms`, `linger.ms`, …), as `KafkaProducer` takes them.

use serde_json::{json, Value};
use yew::{function_component, html, Html};

use super::draft::{Field, FieldPath, Section};
use super::form::{ConfigForm, FormKind, FormProps};
use super::messages::EN;
use crate::engine::config::PRODUCER_CONFIGS;
use crate::scenario::Scenario;

pub fn sections(scenario: &Scenario) -> Vec<Section> {
    let producers = FieldPath::key("producers");
    scenario
        .spec
        .producers
        .iter()
        .enumerate()
        .map(|(i, producer)| {
            let config = producers.then_index(i).then_key("config");
            Section {
                title: (EN.producer)(&producer.id),
                fields: PRODUCER_CONFIGS
                    .iter()
                    .map(|def| Field::config(&config, def))
                    .collect(),
            }
        })
        .collect()
}

/// A new producer for "Add producer": the first free id `pN`, Kafka's defaults.
pub fn new_item(scenario: &Scenario) -> Value {
    json!({ "id": super::form::first_free("p", |id| super::form::client_id_taken(scenario, id)) })
}

/// The producers form.
#[function_component]
pub fn ProducersForm(props: &FormProps) -> Html {
    html! { <ConfigForm kind={FormKind::Producers} scenario={props.scenario.clone()} on_apply={props.on_apply.clone()} /> }
}
