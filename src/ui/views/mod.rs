//! The views: pure functions from engine state (and the playground's UI state)
//! to markup. Clicks become [`Msg`](super::model::Msg)s sent through a callback.

pub mod broker;
pub mod consumer_marks;
pub mod consumers;
pub mod control_panel;
pub mod controller;
pub mod event_log;
pub mod fault_menu;
pub mod flight_canvas;
pub mod help;
pub mod inspector;
pub mod legend;
pub mod log_window;
pub mod network_map;
pub mod numbers;
pub mod palette;
pub mod partition;
pub mod producers;
pub mod timeline;
pub mod toolbar;

#[cfg(test)]
pub mod test_support;

use yew::{html, Callback, Html, NodeRef, TargetCast};

use super::messages::EN;
use super::model::{ColorBy, Msg, Playground};
use broker::{broker_card, BrokerCardOptions};
use log_window::LogWindow;

/// Whether a topic is internal (`__consumer_offsets`): its logs are not drawn.
pub fn is_internal(cluster: &crate::engine::Cluster, topic: u32) -> bool {
    cluster
        .controller()
        .image
        .topic(topic)
        .is_some_and(|t| t.internal)
}

/// The whole page. The messages in flight are painted on `flight_canvas`
/// after the render ([`flight_canvas::draw`]).
pub fn page(playground: &Playground, send: &Callback<Msg>, flight_canvas: &NodeRef) -> Html {
    let cluster = playground.cluster();
    let windows: Vec<_> = cluster
        .controller()
        .image
        .partitions
        .keys()
        .filter(|tp| !is_internal(cluster, tp.topic))
        .map(|&tp| {
            (
                tp,
                LogWindow::of(cluster, tp, playground.pinned_log_end(tp)),
            )
        })
        .collect();
    // Computed once a frame: the consumer column, the numbers and the logs' markers share them.
    let groups = cluster.groups();
    let marks = consumer_marks::consumer_marks(cluster, &groups);
    let map_options = network_map::MapOptions::of(playground);
    let show_heartbeats = send.reform(|event: yew::Event| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        Msg::ShowHeartbeats(input.checked())
    });
    html! {
        <main class="app">
            { toolbar::toolbar(playground, send) }
            if let Some(notice) = &playground.notice {
                <p class="notice" role="status" data-testid="notice">{ notice }</p>
            }
            <div class="columns">
                { producers::producers_column(cluster, send) }
                <section class="column cluster" aria-labelledby="cluster-title">
                    <h2 id="cluster-title" class="column-title">{ EN.cluster_title }</h2>
                    { controller::controller_view(cluster, &playground.decisions()) }
                    { network_map::network_map(cluster, playground.events(), map_options, flight_canvas) }
                    <div class="view-options">
                        <label class="toggle">
                            <input type="checkbox" checked={playground.show_heartbeats}
                                onchange={show_heartbeats} data-testid="show-heartbeats" />
                            { EN.show_heartbeats }
                        </label>
                        { color_by_choice(playground.color_by, send) }
                    </div>
                    <div class="brokers">
                        { for cluster.brokers().iter().map(|broker| {
                            let options = BrokerCardOptions {
                                color_by: playground.color_by,
                                menu_open: playground.selected_broker == Some(broker.id),
                                windows: &windows,
                                marks: &marks,
                                send,
                            };
                            broker_card(cluster, broker, &options)
                        }) }
                    </div>
                </section>
                <div class="column side">
                    { consumers::consumers_column(cluster, &groups, send) }
                    { numbers::numbers_view(cluster, &groups) }
                </div>
            </div>
            { timeline::timeline(playground.session(), playground.notable(), send) }
            if let Some(id) = playground.inspected {
                { inspector::inspector(cluster, playground.notable(), id, send) }
            }
            <div class="panels" data-testid="panels">
                // The panels below the cluster: acting on it now; the config
                // forms, import/export, lessons and share panels join here.
                { control_panel::control_panel(cluster, &playground.controls, send) }
            </div>
            { event_log::event_log(cluster, playground.events(), playground.log_filter, send) }
            { legend::legend() }
            if playground.help_open {
                { help::help_overlay(send) }
            }
        </main>
    }
}

/// Colour record cells by producer or by key.
fn color_by_choice(color_by: ColorBy, send: &Callback<Msg>) -> Html {
    let option = |value: ColorBy, label: &'static str| {
        let onchange = send.reform(move |_| Msg::SetColorBy(value));
        html! {
            <label class="toggle">
                <input type="radio" name="color-by" checked={color_by == value} {onchange} />
                { label }
            </label>
        }
    };
    html! {
        <fieldset class="color-by" data-testid="color-by">
            <legend>{ EN.color_by }</legend>
            { option(ColorBy::Producer, EN.color_by_producer) }
            { option(ColorBy::Key, EN.color_by_key) }
        </fieldset>
    }
}
