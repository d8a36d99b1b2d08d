//! The control panel: produce records (one, a burst, a steady rate) with an
//! editable key and value, cut and heal network links, and trigger preferred
//! or unclean leader elections (`kafka-leader-election`).

use yew::{html, Callback, Html, TargetCast};

use crate::engine::action::{ElectionType, NodeName};
use crate::engine::{Action, Cluster};
use crate::ui::controls::{network_nodes, partitions, Controls, ControlsEdit, ProduceAmount};
use crate::ui::messages::EN;
use crate::ui::model::Msg;

pub fn control_panel(cluster: &Cluster, controls: &Controls, send: &Callback<Msg>) -> Html {
    html! {
        <section class="control-panel" aria-labelledby="controls-title">
            <h2 id="controls-title" class="column-title">{ EN.controls_title }</h2>
            <div class="control-groups">
                { produce_group(cluster, controls, send) }
                { network_group(cluster, controls, send) }
                { election_group(cluster, controls, send) }
            </div>
        </section>
    }
}

fn edit_select(send: &Callback<Msg>, make: fn(usize) -> ControlsEdit) -> Callback<yew::Event> {
    send.reform(move |event: yew::Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        Msg::EditControls(make(select.selected_index().max(0) as usize))
    })
}

fn edit_text(send: &Callback<Msg>, make: fn(String) -> ControlsEdit) -> Callback<yew::InputEvent> {
    send.reform(move |event: yew::InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        Msg::EditControls(make(input.value()))
    })
}

fn options(labels: Vec<String>, selected: usize) -> Html {
    labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| html! { <option selected={i == selected}>{ label }</option> })
        .collect()
}

fn act_button(
    send: &Callback<Msg>,
    action: Option<Action>,
    label: &'static str,
    testid: &'static str,
) -> Html {
    let disabled = action.is_none();
    let send = send.clone();
    let onclick = Callback::from(move |_| {
        if let Some(action) = &action {
            send.emit(Msg::Act(action.clone()));
        }
    });
    html! { <button {onclick} {disabled} data-testid={testid}>{ label }</button> }
}

fn produce_group(cluster: &Cluster, controls: &Controls, send: &Callback<Msg>) -> Html {
    let names = cluster.names();
    html! {
        <fieldset class="control-group">
            <legend>{ EN.produce_title }</legend>
            <label>{ EN.producer }
                <select onchange={edit_select(send, ControlsEdit::Producer)} data-testid="produce-producer">
                    { options(names.producers.clone(), controls.producer) }
                </select>
            </label>
            <label>{ EN.topic }
                <select onchange={edit_select(send, ControlsEdit::Topic)}>
                    { options(names.topics.clone(), controls.topic) }
                </select>
            </label>
            <label>{ EN.key }
                <input type="text" value={controls.key.clone()} placeholder={EN.no_key}
                    oninput={edit_text(send, ControlsEdit::Key)} data-testid="produce-key" />
            </label>
            <label>{ EN.value }
                <input type="text" value={controls.value.clone()} placeholder={EN.value_is_id}
                    oninput={edit_text(send, ControlsEdit::Value)} data-testid="produce-value" />
            </label>
            <div class="buttons">
                { act_button(send, controls.produce(cluster, ProduceAmount::One), EN.send_one, "produce-one") }
                { act_button(send, controls.produce(cluster, ProduceAmount::Burst), EN.send_burst, "produce-burst") }
                { act_button(send, controls.produce(cluster, ProduceAmount::Steady), EN.send_steady, "produce-steady") }
            </div>
        </fieldset>
    }
}

fn node_label(node: &NodeName) -> String {
    match node {
        NodeName::Broker(b) => (EN.broker_name)(*b),
        NodeName::Controller => EN.controller_title.to_string(),
        NodeName::Client(id) => id.clone(),
    }
}

fn network_group(cluster: &Cluster, controls: &Controls, send: &Callback<Msg>) -> Html {
    let labels: Vec<String> = network_nodes(cluster).iter().map(node_label).collect();
    let cut: Vec<String> = cluster
        .network()
        .cut_links()
        .map(|(a, b)| (EN.link_cut)(&cluster.names().node(*a), &cluster.names().node(*b)))
        .collect();
    html! {
        <fieldset class="control-group">
            <legend>{ EN.network_title }</legend>
            <label>{ EN.link_from }
                <select onchange={edit_select(send, ControlsEdit::LinkFrom)} data-testid="link-from">
                    { options(labels.clone(), controls.link_from) }
                </select>
            </label>
            <label>{ EN.link_to }
                <select onchange={edit_select(send, ControlsEdit::LinkTo)} data-testid="link-to">
                    { options(labels, controls.link_to) }
                </select>
            </label>
            <div class="buttons">
                { act_button(send, controls.cut_link(cluster), EN.cut_link, "cut-link") }
                { act_button(send, (!cut.is_empty()).then_some(Action::HealNetwork), EN.heal_all, "heal") }
            </div>
            <ul class="cut-links" data-testid="cut-links">
                { for cut.into_iter().map(|line| html! { <li>{ line }</li> }) }
            </ul>
        </fieldset>
    }
}

fn election_group(cluster: &Cluster, controls: &Controls, send: &Callback<Msg>) -> Html {
    let labels: Vec<String> = partitions(cluster)
        .into_iter()
        .map(|tp| cluster.names().tp(tp))
        .collect();
    html! {
        <fieldset class="control-group">
            <legend>{ EN.elections_title }</legend>
            <label>{ EN.partition }
                <select onchange={edit_select(send, ControlsEdit::Partition)} data-testid="election-partition">
                    { options(labels, controls.partition) }
                </select>
            </label>
            <div class="buttons">
                { act_button(send, controls.elect(cluster, ElectionType::Preferred), EN.elect_preferred, "elect-preferred") }
                { act_button(send, controls.elect(cluster, ElectionType::Unclean), EN.elect_unclean, "elect-unclean") }
            </div>
        </fieldset>
    }
}
