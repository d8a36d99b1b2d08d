//! The timeline: a scrubber over the whole run (0 to the furthest moment
//! simulated). Dragging it shows the cluster at that moment (the session seeks
//! from its snapshots); acting there forks a new future. Markers show
//! elections (◆), ISR changes (■), data loss (●) and faults (▼) among the
//! notable events.

use std::collections::VecDeque;

use yew::{html, Callback, Html, TargetCast};

use crate::engine::event::{Event, EventKind};
use crate::engine::vec_map::VecSet;
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

/// `left: P%` for a moment on a run of `head_ms`, in hundredths of a percent
/// (integer formatting only).
fn percent_left(at_ms: u64, head_ms: u64) -> String {
    let hundredths = u128::from(at_ms) * 10_000 / u128::from(head_ms.max(1));
    format!("left: {}.{:02}%", hundredths / 100, hundredths % 100)
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
    // One marker per kind and moment (they are the list's keys).
    let mut drawn = VecSet::new();
    markers.retain(|(at_ms, class, _)| drawn.insert((*at_ms, *class)));
    html! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title" class="column-title">{ EN.timeline_title }</h2>
            <div class="timeline-track">
                <div class="markers" aria-hidden="true">
                    { for markers.into_iter().map(|(at_ms, class, symbol)| html! {
                        <span key={format!("{at_ms}-{class}")} class={format!("marker {class}")}
                            style={percent_left(at_ms, head)}>{ symbol }</span>
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Action;
    use crate::ui::model::{default_scenario, Msg, Playground};
    use crate::ui::views::test_support::markup;

    #[test]
    fn marks_the_crash_and_the_elections_it_caused_once_per_moment() {
        let mut playground = Playground::new(default_scenario());
        playground.update(Msg::Act(Action::CrashBroker { broker: 1 }));
        for _ in 0..200 {
            playground.update(Msg::Frame {
                wall_elapsed_ms: 100.0,
            });
        }
        let html = markup(timeline(
            playground.session(),
            playground.notable(),
            &Callback::noop(),
        ));
        assert_eq!(html.matches("marker fault").count(), 1, "{html}");
        assert!(html.contains("marker election"), "{html}");
        assert!(html.contains(r#"max="20001""#), "{html}");
        assert!(html.contains(r#"value="20001""#), "{html}");
    }
}
