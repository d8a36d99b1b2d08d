//! The challenge list of the landing page.

use std::rc::Rc;

use yew::{function_component, html, Callback, Html, Properties};

use crate::challenge::Challenge;
use crate::ui::guide_messages::EN_GUIDE;

#[derive(Properties, PartialEq)]
pub struct ChallengeListProps {
    pub challenges: Rc<Vec<Rc<Challenge>>>,
    /// Opens a challenge, by id.
    pub on_open: Callback<String>,
}

#[function_component]
pub fn ChallengeList(props: &ChallengeListProps) -> Html {
    let t = &EN_GUIDE;
    html! {
        <section class="challenge-list" data-testid="challenge-list">
            <h2>{ t.challenges_heading }</h2>
            <p class="challenge-list-intro">{ t.challenges_intro }</p>
            <ol>
                { for props.challenges.iter().map(|challenge| {
                    let id = challenge.id.clone();
                    let open = props.on_open.reform(move |_| id.clone());
                    html! {
                        <li class="challenge-item" data-testid={format!("challenge-{}", challenge.id)}>
                            <button type="button" class="challenge-open" onclick={open}>
                                <span class="challenge-title">{ &challenge.title }</span>
                                <span class="challenge-area">{ (t.area)(challenge.area) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::challenge::catalog;

    #[test]
    fn lists_every_challenge_with_its_area() {
        let challenges = catalog::challenges();
        let count = challenges.len();
        let props = ChallengeListProps {
            challenges: Rc::new(challenges),
            on_open: Callback::noop(),
        };
        let html = futures::executor::block_on(
            yew::LocalServerRenderer::<ChallengeList>::with_props(props)
                .hydratable(false)
                .render(),
        );
        assert_eq!(html.matches(r#"class="challenge-item""#).count(), count);
        assert!(html.contains(r#"data-testid="challenge-reorder-records""#));
        for area in [
            "durability",
            "availability",
            "ordering",
            "delivery semantics",
        ] {
            assert!(html.contains(&format!(">{area}<")), "{area}");
        }
    }
}
