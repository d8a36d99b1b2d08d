//! The KRaft controller: which brokers it sees as active or fenced, and its
//! latest decisions (fencing, elections, ISR changes) as they happen.

use yew::{html, Html};

use crate::engine::event::Event;
use crate::engine::Cluster;
use crate::ui::messages::en_events::describe;
use crate::ui::messages::EN;

/// The controller pill, with its latest `decisions` (newest first).
pub fn controller_view(cluster: &Cluster, decisions: &[&Event]) -> Html {
    let image = &cluster.controller().image;
    let fenced: Vec<u32> = image
        .brokers
        .values()
        .filter(|b| b.fenced)
        .map(|b| b.id)
        .collect();
    let names = cluster.names();
    let decisions: Vec<(u64, String)> = decisions
        .iter()
        .filter_map(|e| describe(e, names).map(|(_, line)| (e.at_ms, line)))
        .collect();
    html! {
        <section class="controller" data-testid="controller" aria-label={EN.controller_title}>
            <p class="controller-head">
                <span class="controller-name">{ EN.controller_title }</span>
                <span class="muted">{ (EN.controller_summary)(cluster.controller().metadata_end_offset()) }</span>
                if !fenced.is_empty() {
                    <span class="badge out-of-isr" data-testid="fenced-brokers">{ (EN.fenced_brokers)(&fenced) }</span>
                }
            </p>
            <ul class="decisions">
                { for decisions.into_iter().map(|(at_ms, line)| html! {
                    <li><span class="time">{ (EN.event_time)(at_ms) }</span>{ " " }{ line }</li>
                }) }
            </ul>
        </section>
    }
}
