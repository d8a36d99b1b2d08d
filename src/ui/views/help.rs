//! The `?` overlay: every keyboard shortcut.

use yew::{html, Callback, Html};

use crate::ui::messages::EN;
use crate::ui::model::Msg;

pub fn help_overlay(send: &Callback<Msg>) -> Html {
    let close = send.reform(|_| Msg::ToggleHelp);
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="keys-title" data-testid="help">
            <div class="overlay-box">
                <h2 id="keys-title">{ EN.keys_title }</h2>
                <dl class="keys">
                    { for EN.keys.iter().map(|(key, what)| html! {
                        <div><dt><kbd>{ *key }</kbd></dt><dd>{ *what }</dd></div>
                    }) }
                </dl>
                <button onclick={close}>{ EN.close }</button>
            </div>
        </div>
    }
}
