//! The cluster form: the scenario's title and description (the exported file is
//! named after the title), how many brokers, the seed of the run's randomness,
//! the network's latency, and the broker configs (`server.properties`), shared by
//! every broker and the controller.

use yew::{function_component, html, Html};

use super::draft::{Field, FieldKind, FieldPath, Section};
use super::form::{ConfigForm, FormKind, FormProps};
use super::messages::EN;
use crate::engine::config::BROKER_CONFIGS;
use crate::scenario::Scenario;

pub fn sections(_scenario: &Scenario) -> Vec<Section> {
    let broker_config = FieldPath::key("broker_config");
    vec![
        Section {
            title: EN.scenario.into(),
            fields: vec![
                Field::new(FieldPath::key("title"), "title", FieldKind::Text),
                Field::new(
                    FieldPath::key("description"),
                    "description",
                    FieldKind::Text,
                ),
            ],
        },
        Section {
            title: EN.cluster.into(),
            fields: vec![
                Field::new(FieldPath::key("brokers"), "brokers", FieldKind::Number),
                Field::new(FieldPath::key("seed"), "seed", FieldKind::Number).with_default("1"),
                Field::new(
                    FieldPath::key("network").then_key("latency_ms"),
                    "network.latency_ms",
                    FieldKind::Number,
                )
                .with_default("1"),
            ],
        },
        Section {
            title: EN.broker_configs.into(),
            fields: BROKER_CONFIGS
                .iter()
                .map(|def| Field::config(&broker_config, def))
                .collect(),
        },
    ]
}

/// The cluster form.
#[function_component]
pub fn ClusterForm(props: &FormProps) -> Html {
    html! { <ConfigForm kind={FormKind::Cluster} scenario={props.scenario.clone()} on_apply={props.on_apply.clone()} /> }
}
