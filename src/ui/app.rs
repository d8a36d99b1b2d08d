//! The root component: the title and the virtual clock, redrawn on every
//! animation frame.

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::{html, Component, Context, Html};

use super::clock::VirtualClock;
use super::messages::EN;

pub enum Msg {
    /// An animation frame fired at this `DOMHighResTimeStamp` (ms).
    Frame(f64),
}

pub struct App {
    clock: VirtualClock,
    /// The pending animation frame; dropping the component cancels it.
    frame: Option<AnimationFrame>,
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(_ctx: &Context<Self>) -> Self {
        Self {
            clock: VirtualClock::default(),
            frame: None,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        match msg {
            Msg::Frame(timestamp_ms) => {
                let before_ms = self.clock.elapsed_ms();
                self.clock.on_frame(timestamp_ms);
                self.frame = Some(next_frame(ctx));
                self.clock.elapsed_ms() != before_ms
            }
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        // Frames start only once the app is in a browser page, never during
        // server-side rendering (used by the native tests below).
        if first_render {
            self.frame = Some(next_frame(ctx));
        }
    }

    fn view(&self, _ctx: &Context<Self>) -> Html {
        html! {
            <main class="app">
                <h1 class="app-title" data-testid="app-title">{ EN.app_title }</h1>
                <p class="virtual-clock" data-testid="virtual-clock">
                    { (EN.virtual_time)(self.clock.elapsed_ms()) }
                </p>
            </main>
        }
    }
}

fn next_frame(ctx: &Context<App>) -> AnimationFrame {
    let link = ctx.link().clone();
    request_animation_frame(move |timestamp_ms| link.send_message(Msg::Frame(timestamp_ms)))
}

#[cfg(test)]
mod tests {
    use super::App;

    #[test]
    fn renders_the_title_and_a_clock_at_zero() {
        let html = futures::executor::block_on(
            yew::ServerRenderer::<App>::new().hydratable(false).render(),
        );
        assert_eq!(
            html,
            concat!(
                r#"<main class="app">"#,
                r#"<h1 data-testid="app-title" class="app-title">Kafka Playground</h1>"#,
                r#"<p data-testid="virtual-clock" class="virtual-clock">t = 0.000 s</p>"#,
                "</main>",
            )
        );
    }
}
