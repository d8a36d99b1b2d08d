//! The top bar: play/pause, step to the next event, the speed control
//! (0.1×–100×, log scale) and the virtual clock.

use yew::{html, Callback, Html, TargetCast};

use crate::ui::messages::EN;
use crate::ui::model::{Msg, Playground};
use crate::ui::speed::{Speed, SPEED_POSITION_MAX};

pub fn toolbar(playground: &Playground, send: &Callback<Msg>) -> Html {
    let toggle = send.reform(|_| Msg::TogglePlay);
    let step = send.reform(|_| Msg::Step);
    let help = send.reform(|_| Msg::ToggleHelp);
    let on_speed = send.reform(|event: yew::InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        Msg::SetSpeed(Speed::at_position(input.value().parse().unwrap_or(100)))
    });
    let (play_label, play_icon) = if playground.playing {
        (EN.pause, "❚❚")
    } else {
        (EN.play, "▶")
    };
    html! {
        <header class="toolbar">
            <h1 class="app-title" data-testid="app-title">{ EN.app_title }</h1>
            <div class="transport" role="group" aria-label={EN.transport_label}>
                <button class="round" onclick={toggle} aria-label={play_label} title={play_label}
                    data-testid="play-pause" aria-pressed={playground.playing.to_string()}>
                    { play_icon }
                </button>
                <button class="round" onclick={step} aria-label={EN.step} title={EN.step}
                    data-testid="step">{ "▶❙" }</button>
            </div>
            <label class="speed">
                <span class="small-title">{ EN.speed }</span>
                <input type="range" min="0" max={SPEED_POSITION_MAX.to_string()} step="1"
                    value={playground.speed.position().to_string()} oninput={on_speed}
                    aria-valuetext={playground.speed.label()} data-testid="speed" />
                <output class="speed-value" data-testid="speed-value">{ playground.speed.label() }</output>
            </label>
            <p class="virtual-clock" data-testid="virtual-clock" aria-live="off">
                { (EN.virtual_time)(playground.now_ms()) }
            </p>
            <button class="help-button" onclick={help} aria-label={EN.keys_title} title={EN.keys_title}>{ "?" }</button>
        </header>
    }
}
