//! The faults a user can inject into one broker, offered as the broker's state
//! allows: crash, controlled shutdown (R-KRAFT-3), restart, isolate from the
//! network, make slow (and fast again).

use yew::{html, Callback, Html};

use crate::engine::action::NodeName;
use crate::engine::broker::Broker;
use crate::engine::{Action, Cluster};
use crate::ui::messages::EN;
use crate::ui::model::Msg;

use super::broker::BrokerState;

/// Extra one-way delay added by "make slow". Simplified: one fixed delay.
pub const SLOW_EXTRA_LATENCY_MS: u64 = 400;

pub fn fault_menu(
    cluster: &Cluster,
    broker: &Broker,
    state: BrokerState,
    send: &Callback<Msg>,
) -> Html {
    let id = broker.id;
    let running = broker.is_running();
    let slow = cluster.network().extra_latency_ms(id) > 0;
    let mut items: Vec<(&'static str, &'static str, Action)> = Vec::new();
    if running {
        items.push(("crash", EN.fault_crash, Action::CrashBroker { broker: id }));
        if state != BrokerState::ShuttingDown {
            items.push((
                "shutdown",
                EN.fault_shutdown,
                Action::ShutdownBroker { broker: id },
            ));
        }
    } else {
        items.push((
            "restart",
            EN.fault_restart,
            Action::RestartBroker { broker: id },
        ));
    }
    items.push((
        "isolate",
        EN.fault_isolate,
        Action::Isolate {
            node: NodeName::Broker(id),
        },
    ));
    items.push(if slow {
        (
            "fast",
            EN.fault_fast,
            Action::SlowBroker {
                broker: id,
                extra_latency_ms: 0,
            },
        )
    } else {
        (
            "slow",
            EN.fault_slow,
            Action::SlowBroker {
                broker: id,
                extra_latency_ms: SLOW_EXTRA_LATENCY_MS,
            },
        )
    });
    html! {
        <div class="fault-menu" role="group" aria-label={(EN.fault_menu_label)(id)}>
            { for items.into_iter().map(|(key, label, action)| {
                let send = send.clone();
                let onclick = Callback::from(move |_| send.emit(Msg::Act(action.clone())));
                html! {
                    <button class={format!("fault {key}")} {onclick}
                        data-testid={format!("broker-{id}-{key}")}>{ label }</button>
                }
            }) }
        </div>
    }
}
