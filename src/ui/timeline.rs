//! The timeline scrubber: time travel over the whole run. Dragging it shows the
//! cluster at that moment (the session replays from its nearest snapshot);
//! acting while in the past forks a new future from there.

use yew::{
    function_component, html, Callback, Html, InputEvent, MouseEvent, Properties, TargetCast,
};

use super::config::messages::EN;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The moment shown.
    pub view_ms: u64,
    /// The furthest moment simulated.
    pub head_ms: u64,
    /// The user picked a moment (at most `head_ms`).
    pub on_seek: Callback<u64>,
}

/// Seconds with three decimals, as the virtual clock shows them.
fn seconds(ms: u64) -> String {
    format!("{}.{:03} s", ms / 1_000, ms % 1_000)
}

#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let head_ms = props.head_ms;
    let oninput = props.on_seek.reform(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input
            .value()
            .parse::<u64>()
            .map_or(head_ms, |t| t.min(head_ms))
    });
    let to_live = props.on_seek.reform(move |_: MouseEvent| head_ms);
    let in_past = props.view_ms < head_ms;
    html! {
        <div class={if in_past { "timeline in-past" } else { "timeline" }} data-testid="timeline">
            <label for="timeline-scrubber">{ EN.timeline }</label>
            <input type="range" id="timeline-scrubber" data-testid="timeline-scrubber"
                min="0" max={head_ms.to_string()} step="1" value={props.view_ms.to_string()}
                aria-valuetext={(EN.timeline_position)(&seconds(props.view_ms), &seconds(head_ms))}
                {oninput} />
            <output class="timeline-readout" data-testid="timeline-readout">
                { (EN.timeline_position)(&seconds(props.view_ms), &seconds(head_ms)) }
            </output>
            if in_past {
                <button type="button" data-testid="timeline-live" onclick={to_live}>{ EN.back_to_live }</button>
                <p class="timeline-note" role="status">{ EN.acting_forks }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(view_ms: u64, head_ms: u64) -> String {
        futures::executor::block_on(
            yew::ServerRenderer::<Timeline>::with_props(move || TimelineProps {
                view_ms,
                head_ms,
                on_seek: Callback::noop(),
            })
            .hydratable(false)
            .render(),
        )
    }

    #[test]
    fn live_the_scrubber_is_at_the_head() {
        let html = render(12_500, 12_500);
        assert!(html.contains(r#"max="12500""#), "{html}");
        assert!(html.contains(r#"value="12500""#), "{html}");
        assert!(html.contains("12.500 s of 12.500 s"), "{html}");
        assert!(!html.contains("timeline-live"));
    }

    #[test]
    fn in_the_past_it_offers_the_way_back_and_warns_of_forks() {
        let html = render(3_000, 12_500);
        assert!(html.contains("3.000 s of 12.500 s"), "{html}");
        assert!(html.contains("timeline-live"));
        assert!(html.contains(EN.acting_forks));
    }
}
