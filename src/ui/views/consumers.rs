//! The consumer groups column. The engine does not simulate consumers yet
//! (issue 5); until it does, the column lists the scenario's consumers and
//! says so.

use yew::{html, Callback, Html};

use crate::engine::{Action, Cluster};
use crate::ui::messages::EN;
use crate::ui::model::Msg;

pub fn consumers_column(cluster: &Cluster, send: &Callback<Msg>) -> Html {
    let consumers = &cluster.spec().consumers;
    html! {
        <section class="column consumers" aria-labelledby="consumers-title">
            <h2 id="consumers-title" class="column-title">{ EN.consumers_title }</h2>
            if consumers.is_empty() {
                <p class="muted">{ EN.no_consumers }</p>
            } else {
                <ul class="consumer-list">
                    { for consumers.iter().map(|c| consumer_row(&c.id, &c.group, send)) }
                </ul>
                <p class="simplification">{ EN.consumers_not_simulated }</p>
            }
        </section>
    }
}

/// A consumer and what can be done to its application: start it, stop it
/// (`close()`, with or without a final `commitSync()`), or kill its process.
fn consumer_row(id: &str, group: &str, send: &Callback<Msg>) -> Html {
    let consumer = id.to_string();
    let actions = [
        (
            EN.consumer_start,
            Action::StartConsumer {
                consumer: consumer.clone(),
            },
        ),
        (
            EN.consumer_stop_commit,
            Action::StopConsumer {
                consumer: consumer.clone(),
                commit_sync: true,
            },
        ),
        (
            EN.consumer_stop,
            Action::StopConsumer {
                consumer: consumer.clone(),
                commit_sync: false,
            },
        ),
        (EN.consumer_kill, Action::KillConsumer { consumer }),
    ];
    html! {
        <li class="consumer">
            <span class="consumer-name">{ format!("{id} · {group}") }</span>
            <span class="buttons" role="group" aria-label={(EN.consumer_actions_label)(id)}>
                { for actions.into_iter().map(|(label, action)| {
                    let onclick = send.reform(move |_| Msg::Act(action.clone()));
                    html! { <button class="small" {onclick}>{ label }</button> }
                }) }
            </span>
        </li>
    }
}
