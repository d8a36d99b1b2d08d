//! The root component: owns the [`Playground`], redraws it on every animation
//! frame (wall time × speed becomes virtual time), maps keys to messages, and
//! fetches the files the guide asks for.

use gloo::events::{EventListener, EventListenerOptions};
use gloo::render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::JsCast;
use yew::{html, Callback, Component, Context, Html, NodeRef};

use super::clock::FrameClock;
use super::library::fetch_text;
use super::model::{Msg, Playground};
use super::modes::{Guide, GuideMsg};
use super::session_panel::SessionPanel;
use super::views::network_map::{flights, MapOptions};
use super::views::{flight_canvas, page};

/// What the component receives: the playground's messages, and frames.
pub enum AppMsg {
    /// An animation frame fired at this `DOMHighResTimeStamp` (ms).
    Frame(f64),
    Playground(Msg),
    /// Lessons, challenges, share links and embedding ([`Guide`]).
    Guide(GuideMsg),
}

pub struct App {
    playground: Playground,
    clock: FrameClock,
    send: Callback<Msg>,
    /// The pending animation frame; dropping the component cancels it.
    frame: Option<AnimationFrame>,
    /// The page's keyboard shortcuts; dropping the component removes them.
    keys: Option<EventListener>,
    /// What the page's address opened, and everything around the playground.
    guide: Guide,
    guide_send: Callback<GuideMsg>,
    /// The network map's canvas, where the messages in flight are painted.
    flight_canvas: NodeRef,
}

impl Component for App {
    type Message = AppMsg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let (mut guide, playground) = Guide::open();
        fetch_for(&mut guide, ctx);
        Self {
            playground,
            guide,
            guide_send: ctx.link().callback(AppMsg::Guide),
            clock: FrameClock::default(),
            send: ctx.link().callback(AppMsg::Playground),
            frame: None,
            keys: None,
            flight_canvas: NodeRef::default(),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        match msg {
            AppMsg::Frame(timestamp_ms) => {
                let wall_elapsed_ms = self.clock.elapsed_since_last(timestamp_ms);
                self.frame = Some(next_frame(ctx));
                self.guide.frame(&mut self.playground, wall_elapsed_ms)
            }
            AppMsg::Playground(msg) => self.guide.playground_msg(&mut self.playground, msg),
            AppMsg::Guide(msg) => {
                let changed = self.guide.update(&mut self.playground, msg);
                fetch_for(&mut self.guide, ctx);
                changed
            }
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if let Some(canvas) = self.flight_canvas.cast::<web_sys::HtmlCanvasElement>() {
            let options = MapOptions::of(&self.playground);
            flight_canvas::draw(&canvas, &flights(self.playground.cluster(), options));
        }
        // Frames and keys start only once the app is in a browser page, never
        // during server-side rendering.
        if first_render {
            self.send
                .emit(Msg::SetReducedMotion(prefers_reduced_motion()));
            self.frame = Some(next_frame(ctx));
            self.keys = Some(listen_to_keys(self.send.clone()));
            self.guide.start(self.guide_send.clone());
        }
    }

    fn view(&self, _ctx: &Context<Self>) -> Html {
        // The session panel (config forms, scenario export and import) is the
        // `session` branch's: src/ui/session_panel.rs.
        let load = |scenario| Msg::Load(Box::new(scenario));
        let page = html! {
            <>
                { page(&self.playground, &self.send, &self.flight_canvas) }
                <SessionPanel
                    scenario={self.playground.session().scenario()}
                    on_apply={self.send.reform(load)}
                    on_import={self.send.reform(load)}
                    on_act={self.send.reform(Msg::Act)}
                />
            </>
        };
        self.guide.view(&self.playground, page, &self.guide_send)
    }
}

/// Fetches the files the guide asked for; each arrives as a guide message.
fn fetch_for(guide: &mut Guide, ctx: &Context<App>) {
    for (wanted, url) in guide.take_to_fetch() {
        let arrived = ctx
            .link()
            .callback(move |fetched| AppMsg::Guide(GuideMsg::Fetched(wanted.clone(), fetched)));
        fetch_text(url, arrived);
    }
}

fn prefers_reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

fn next_frame(ctx: &Context<App>) -> AnimationFrame {
    let link = ctx.link().clone();
    request_animation_frame(move |timestamp_ms| link.send_message(AppMsg::Frame(timestamp_ms)))
}

/// Space plays or pauses, → steps, + and − change the speed, ? shows the keys.
/// Keys typed into a form field stay there.
fn listen_to_keys(send: Callback<Msg>) -> EventListener {
    let document = gloo::utils::document();
    let options = EventListenerOptions::enable_prevent_default();
    EventListener::new_with_options(&document, "keydown", options, move |event| {
        let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if event.ctrl_key() || event.meta_key() || event.alt_key() || typing_in_a_field(event) {
            return;
        }
        let msg = match event.key().as_str() {
            // Space on a focused button presses that button.
            " " if on_a_button(event) => return,
            " " => Msg::TogglePlay,
            "ArrowRight" => Msg::Step,
            "+" | "=" => Msg::Faster,
            "-" | "_" => Msg::Slower,
            "?" => Msg::ToggleHelp,
            "Escape" => Msg::Dismiss,
            _ => return,
        };
        event.prevent_default();
        send.emit(msg);
    })
}

fn target_element(event: &web_sys::KeyboardEvent) -> Option<web_sys::Element> {
    event.target()?.dyn_into::<web_sys::Element>().ok()
}

fn typing_in_a_field(event: &web_sys::KeyboardEvent) -> bool {
    target_element(event).is_some_and(|element| {
        matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || element
                .closest("[contenteditable]")
                .ok()
                .flatten()
                .is_some()
    })
}

fn on_a_button(event: &web_sys::KeyboardEvent) -> bool {
    target_element(event)
        .is_some_and(|element| matches!(element.tag_name().as_str(), "BUTTON" | "SUMMARY" | "A"))
}
