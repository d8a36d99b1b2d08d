//! The consumer groups column. The engine does not simulate consumers yet
//! (issue 5); until it does, the column lists the scenario's consumers and
//! says so.

use yew::{html, Html};

use crate::engine::Cluster;
use crate::ui::messages::EN;

pub fn consumers_column(cluster: &Cluster) -> Html {
    let consumers = &cluster.spec().consumers;
    html! {
        <section class="column consumers" aria-labelledby="consumers-title">
            <h2 id="consumers-title" class="column-title">{ EN.consumers_title }</h2>
            if consumers.is_empty() {
                <p class="muted">{ EN.no_consumers }</p>
            } else {
                <ul class="consumer-list">
                    { for consumers.iter().map(|c| html! {
                        <li>{ format!("{} · {}", c.id, c.group) }</li>
                    }) }
                </ul>
                <p class="simplification">{ EN.consumers_not_simulated }</p>
            }
        </section>
    }
}
