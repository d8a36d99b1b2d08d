//! The in-app legend: the visual language (shared/ui/visual-language.md) as
//! the page draws it, with the same classes as the real views.

use yew::{html, Html};

use crate::ui::messages::EN;

pub fn legend() -> Html {
    let cell = |class: &str, text: &'static str| {
        html! {
            <li><span class={format!("cell legend-cell {class}")} aria-hidden="true"></span>{ text }</li>
        }
    };
    html! {
        <details class="legend" data-testid="legend">
            <summary>{ EN.legend_title }</summary>
            <ul class="legend-items">
                { cell("committed c0", EN.legend_committed) }
                { cell("uncommitted c0", EN.legend_uncommitted) }
                { cell("leo", EN.legend_leo) }
                { cell("hw committed c1", EN.legend_hw) }
                { cell("segment-start committed c1", EN.legend_segment) }
                <li><span class="badge leader">{ (EN.leader_epoch)(2) }</span>{ EN.legend_leader }</li>
                <li><span class="badge in-isr">{ EN.in_isr }</span>{ " " }<span class="badge out-of-isr">{ EN.out_of_isr }</span></li>
                <li><span class="legend-dot loss" aria-hidden="true"></span>{ EN.legend_red }</li>
                <li><span class="legend-dot stale" aria-hidden="true"></span>{ EN.legend_grey }</li>
            </ul>
            <p class="simplification">{ EN.simplification_note }</p>
        </details>
    }
}
