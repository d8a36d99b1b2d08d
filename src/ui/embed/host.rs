//! The page's side of the `postMessage` protocol (`docs/embedding.md`): listens
//! for commands from the host page, drops those from origins the author did not
//! allow, and posts events to the host page. The protocol itself (parsing,
//! validation, event JSON) is [`crate::embed`]; this is only the browser glue.

use gloo::events::EventListener;
use gloo::utils::format::JsValueSerdeExt;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::MessageEvent;
use yew::Callback;

use crate::embed::{origin_allowed, Command, Outgoing, Received};

/// The connection to the host page; dropping it stops listening.
pub struct HostChannel {
    allowed_origin: Option<String>,
    _listener: EventListener,
}

impl HostChannel {
    /// Listens for commands, when the page runs inside a frame (otherwise there
    /// is no host page and `None`). Each command, or each refused command, goes
    /// to `on_message`; messages that are not commands, or come from another
    /// origin than `allowed_origin`, are dropped.
    pub fn listen(allowed_origin: Option<String>, on_message: Callback<Received>) -> Option<Self> {
        let window = gloo::utils::window();
        let parent = window.parent().ok().flatten()?;
        if parent == window {
            return None;
        }
        let allowed = allowed_origin.clone();
        let listener = EventListener::new(&window, "message", move |event| {
            let Some(event) = event.dyn_ref::<MessageEvent>() else {
                return;
            };
            if !origin_allowed(allowed.as_deref(), &event.origin()) {
                return;
            }
            let received = Command::parse(&message_text(&event.data()));
            if received != Received::NotOurs {
                on_message.emit(received);
            }
        });
        Some(HostChannel {
            allowed_origin,
            _listener: listener,
        })
    }

    /// Posts an event to the host page (only to the allowed origin, if set).
    pub fn post(&self, message: &Outgoing) {
        let window = gloo::utils::window();
        let Some(parent) = window.parent().ok().flatten() else {
            return;
        };
        let Ok(value) = JsValue::from_serde(&message.to_json()) else {
            return;
        };
        let target = self.allowed_origin.as_deref().unwrap_or("*");
        // A host page that went away (or moved to another origin) cannot be told.
        let _ = parent.post_message(&value, target);
    }
}

/// A message's data as JSON text: a string as it is, anything else as JSON.
fn message_text(data: &JsValue) -> String {
    data.as_string().unwrap_or_else(|| {
        data.into_serde::<serde_json::Value>()
            .map(|value| value.to_string())
            .unwrap_or_default()
    })
}
