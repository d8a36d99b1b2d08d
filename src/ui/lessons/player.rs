//! The lesson panel beside the cluster: the caption of the step reached, when its
//! event happened, what to look at, a Continue button while the step waits for
//! the student, and at the end the variation to try.

use std::rc::Rc;

use yew::{function_component, html, Callback, Html, Properties};

use super::prose::prose;
use crate::lesson::Lesson;
use crate::ui::guide_messages::EN_GUIDE;

#[derive(Properties, PartialEq)]
pub struct LessonPlayerProps {
    pub lesson: Rc<Lesson>,
    /// The step whose caption shows (none before the first step's event).
    pub step: Option<usize>,
    /// When that step's event happened.
    pub reached_at_ms: Option<u64>,
    /// The step waits for Continue.
    pub holding: bool,
    /// Every step was seen: show the variation.
    pub finished: bool,
    pub on_continue: Callback<()>,
    pub on_restart: Callback<()>,
    pub on_leave: Callback<()>,
    /// Loads the variation's scenario (offered only when the variation has one).
    pub on_try_variation: Callback<()>,
}

#[function_component]
pub fn LessonPlayer(props: &LessonPlayerProps) -> Html {
    let t = &EN_GUIDE;
    let lesson = &props.lesson;
    let steps = lesson.steps.len();
    let step = props.step.and_then(|i| Some((i, lesson.steps.get(i)?)));
    let caption = match step {
        Some((i, step)) => html! {
            <div class="lesson-step">
                <p class="lesson-step-count" data-testid="lesson-step-count">
                    { (t.step_of)(i, steps) }
                    { for props.reached_at_ms.map(|at_ms| html! {
                        <span class="lesson-reached-at">{ " · " }{ (t.reached_at)(at_ms) }</span>
                    }) }
                </p>
                <p class="lesson-caption" data-testid="lesson-caption" data-step={i.to_string()}
                   data-at-ms={props.reached_at_ms.map(|t| t.to_string())}>
                    { prose(&step.caption) }
                </p>
                { for step.focus.as_ref().map(|focus| html! {
                    <p class="lesson-focus" data-testid="lesson-focus">{ (t.look_at)(focus) }</p>
                }) }
            </div>
        },
        None => html! {
            <p class="lesson-caption lesson-waiting" data-testid="lesson-caption">
                { t.waiting_for_first_step }
            </p>
        },
    };
    let on_continue = props.on_continue.reform(|_| ());
    let on_restart = props.on_restart.reform(|_| ());
    let on_leave = props.on_leave.reform(|_| ());
    let on_try = props.on_try_variation.reform(|_| ());
    html! {
        <aside class="lesson-player" data-testid="lesson-player" data-lesson={lesson.id.clone()}>
            <h2 class="lesson-player-title">{ &lesson.title }</h2>
            { caption }
            if props.holding {
                <button type="button" class="lesson-continue" data-testid="lesson-continue"
                        onclick={on_continue}>{ t.continue_button }</button>
            }
            if props.finished {
                <section class="lesson-variation" data-testid="lesson-variation">
                    <h3>{ t.variation_heading }</h3>
                    <p>{ prose(&lesson.variation.text) }</p>
                    if lesson.variation.scenario.is_some() {
                        <button type="button" data-testid="lesson-try-variation"
                                onclick={on_try}>{ t.try_variation }</button>
                    }
                </section>
            }
            <footer class="lesson-player-actions">
                <button type="button" data-testid="lesson-restart" onclick={on_restart}>{ t.restart }</button>
                <button type="button" data-testid="lesson-leave" onclick={on_leave}>{ t.leave }</button>
            </footer>
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::library::on_disk;

    fn render(step: Option<usize>, holding: bool, finished: bool) -> String {
        let props = LessonPlayerProps {
            lesson: on_disk::lesson("hw-and-leo"),
            step,
            reached_at_ms: step.map(|_| 1100),
            holding,
            finished,
            on_continue: Callback::noop(),
            on_restart: Callback::noop(),
            on_leave: Callback::noop(),
            on_try_variation: Callback::noop(),
        };
        futures::executor::block_on(
            yew::LocalServerRenderer::<LessonPlayer>::with_props(props)
                .hydratable(false)
                .render(),
        )
    }

    #[test]
    fn shows_the_caption_of_the_step_reached_and_continue_while_it_holds() {
        let html = render(Some(1), true, false);
        assert!(html.contains(">Step 2 of 6<"), "{html}");
        assert!(html.contains(" · at t = 1.100 s"), "{html}");
        assert!(html.contains(r#"data-step="1""#));
        assert!(
            html.contains("The leader appended <code>a</code> at offset 0."),
            "{html}"
        );
        assert!(
            html.contains("Look at broker 1&#x27;s replica of t-0")
                || html.contains("Look at broker 1's replica of t-0"),
            "{html}"
        );
        assert!(html.contains(r#"data-testid="lesson-continue""#));
        assert!(!html.contains("lesson-variation"));
    }

    #[test]
    fn before_the_first_event_it_says_what_to_do() {
        let html = render(None, false, false);
        assert!(html.contains("Press play"));
        assert!(!html.contains("lesson-continue"));
    }

    #[test]
    fn at_the_end_it_offers_the_variation() {
        let html = render(Some(5), false, true);
        assert!(html.contains("Step 6 of 6"));
        assert!(html.contains("Now try a variation"));
        assert!(html.contains("What if the leader dies in that half second"));
        assert!(html.contains(r#"data-testid="lesson-try-variation""#));
        assert!(!html.contains("lesson-continue"));
    }
}
