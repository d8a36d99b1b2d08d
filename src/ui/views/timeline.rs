//! The timeline: a scrubber over the whole run (0 to the furthest moment
//! simulated). Dragging it shows the cluster at that moment (the session seeks
//! from its snapshots); acting there forks a new future. Markers show
//! elections (◆), ISR changes (■), data loss (●) and faults (▼) among the
//! notable events.

use std::collections::VecDeque;

use yew::{html, Callback, Html, TargetCast};

use crate::engine::event::{Event, EventKind};
use crate::session::Session;
use crate::ui::messages::EN;
use crate::ui::model::Msg;

/// At most this many markers are drawn (the latest).
pub const MARKERS_SHOWN: usize = 80;

/// The marker of an event, if it gets one: its class and symbol.
pub fn marker(event: &Event) -> Option<(&'static str, &'static str)> {
    Some(match event.kind {
        EventKind::LeaderElected { .. } => ("election", "◆"),
        EventKind::IsrChanged { .. } => ("isr", "■"),
        EventKind::RecordLost { .. } => ("loss", "●"),
        EventKind::BrokerCrashed { .. }
        | EventKind::BrokerShutDown { .. }
        | EventKind::NetworkPartitioned { .. }
        | EventKind::NodeIsolated { .. }
        | EventKind::BrokerSlowed { .. } => ("fault", "▼"),
        _ => return None,
    })
}

pub fn timeline(session: &Session, notable: &VecDeque<Event>, send: &Callback<Msg>) -> Html {
    let head = session.head_ms().max(1);
    let view = session.view_ms();
    let on_input = send.reform(|event: yew::InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        Msg::Seek(input.value().parse().unwrap_or(0))
    });
    let mut markers: Vec<(u64, &'static str, &'static str)> = notable
        .iter()
        .rev()
        .filter_map(|e| marker(e).map(|(class, symbol)| (e.at_ms, class, symbol)))
        .take(MARKERS_SHOWN)
        .collect();
    markers.dedup_by_key(|(at_ms, class, _)| (*at_ms, *class));
    html! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title" class="column-title">{ EN.timeline_title }</h2>
            <div class="timeline-track">
                <div class="markers" aria-hidden="true">
                    { for markers.into_iter().map(|(at_ms, class, symbol)| html! {
                        <span class={format!("marker {class}")}
                            style={format!("left: {:.2}%", at_ms as f64 * 100.0 / head as f64)}>{ symbol }</span>
                    }) }
                </div>
                <input type="range" min="0" max={head.to_string()} step="1" value={view.to_string()}
                    oninput={on_input} aria-label={EN.timeline_title}
                    aria-valuetext={(EN.virtual_time)(view)} data-testid="timeline" />
            </div>
            <p class="timeline-ends muted">
                <span>{ "0 s" }</span>
                <span data-testid="timeline-head">{ (EN.timeline_head)(session.head_ms(), view < session.head_ms()) }</span>
            </p>
        </section>
    }
}
