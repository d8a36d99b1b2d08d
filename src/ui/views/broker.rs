//! A broker card: its process and KRaft state (online, fenced, in controlled
//! shutdown, crashed, shut down), and every partition replica it hosts as a log.
//! Clicking the card's header opens its fault menu.

use yew::{html, Callback, Html};

use crate::engine::broker::{Broker, Lifecycle, Process};
use crate::engine::vec_map::VecMap;
use crate::engine::Cluster;
use crate::ui::messages::EN;
use crate::ui::model::{ColorBy, Msg};

use super::consumer_marks::ConsumerMarks;
use super::fault_menu::fault_menu;
use super::log_window::LogWindow;
use super::partition::partition_replica;

/// What the card says about the broker, most telling first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokerState {
    Online,
    Registering,
    Fenced,
    ShuttingDown,
    Crashed,
    ShutDown,
}

impl BrokerState {
    pub fn of(cluster: &Cluster, broker: &Broker) -> Self {
        match broker.process {
            Process::Crashed => return BrokerState::Crashed,
            Process::ShutDown => return BrokerState::ShutDown,
            Process::Running => {}
        }
        if matches!(broker.lifecycle, Lifecycle::ShuttingDown { .. }) {
            return BrokerState::ShuttingDown;
        }
        if matches!(broker.lifecycle, Lifecycle::Registering) {
            return BrokerState::Registering;
        }
        let fenced = cluster
            .controller()
            .image
            .brokers
            .get(&broker.id)
            .is_none_or(|b| b.fenced);
        if fenced {
            BrokerState::Fenced
        } else {
            BrokerState::Online
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BrokerState::Online => EN.broker_online,
            BrokerState::Registering => EN.broker_registering,
            BrokerState::Fenced => EN.broker_fenced,
            BrokerState::ShuttingDown => EN.broker_shutting_down,
            BrokerState::Crashed => EN.broker_crashed,
            BrokerState::ShutDown => EN.broker_shut_down,
        }
    }

    /// The stylesheet's class for this state.
    pub fn class(self) -> &'static str {
        match self {
            BrokerState::Online => "online",
            BrokerState::Registering => "registering",
            BrokerState::Fenced => "fenced",
            BrokerState::ShuttingDown => "shutting-down",
            BrokerState::Crashed => "crashed",
            BrokerState::ShutDown => "shut-down",
        }
    }
}

/// Everything a broker card needs besides the cluster.
pub struct BrokerCardOptions<'a> {
    pub color_by: ColorBy,
    pub menu_open: bool,
    /// The log window of each partition, shared by every broker.
    pub windows: &'a [(crate::engine::ids::Tp, LogWindow)],
    /// Consumer positions and committed offsets, per partition.
    pub marks: &'a VecMap<crate::engine::ids::Tp, ConsumerMarks>,
    pub send: &'a Callback<Msg>,
}

pub fn broker_card(cluster: &Cluster, broker: &Broker, options: &BrokerCardOptions) -> Html {
    let state = BrokerState::of(cluster, broker);
    let id = broker.id;
    let slow_ms = cluster.network().extra_latency_ms(id);
    let toggle = {
        let send = options.send.clone();
        let open = options.menu_open;
        Callback::from(move |_| send.emit(Msg::SelectBroker((!open).then_some(id))))
    };
    html! {
        <article class={format!("broker-card {}", state.class())}
            data-testid={format!("broker-{id}")} data-state={state.class()}>
            <header class="broker-head">
                <button class="broker-button" onclick={toggle}
                    aria-expanded={options.menu_open.to_string()}
                    aria-label={(EN.broker_menu_label)(id, state.label())}
                    data-testid={format!("broker-{id}-button")}>
                    <span class="state-dot" aria-hidden="true"></span>
                    <span class="broker-name">{ (EN.broker_name)(id) }</span>
                    <span class="broker-state">{ state.label() }</span>
                </button>
                if slow_ms > 0 {
                    <span class="badge slow">{ (EN.slow_by)(slow_ms) }</span>
                }
            </header>
            if options.menu_open {
                { fault_menu(cluster, broker, state, options.send) }
            }
            { for options.windows.iter().map(|(tp, window)| {
                partition_replica(
                    cluster,
                    broker,
                    *tp,
                    *window,
                    options.color_by,
                    options.marks.get(tp),
                    options.send,
                )
            }) }
        </article>
    }
}
