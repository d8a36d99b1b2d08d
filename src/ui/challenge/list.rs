//! The challenge list of the landing page; "Loading…" while some challenges are
//! still on the way (the list shows once complete, so that nothing moves
//! under the pointer).

use std::rc::Rc;

use yew::{function_component, html, Callback, Html, Properties};

use crate::challenge::Challenge;
use crate::ui::guide_messages::EN_GUIDE;

#[derive(Properties, PartialEq)]
pub struct ChallengeListProps {
    pub challenges: Rc<Vec<Rc<Challenge>>>,
    /// Some challenges are still on the way: none is shown yet.
    pub loading: bool,
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
            if props.loading {
                <p class="list-loading" role="status" data-testid="challenge-list-loading">{ t.loading }</p>
            } else {
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
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::library::on_disk;

    fn render(challenges: Vec<Rc<Challenge>>, loading: bool) -> String {
        let props = ChallengeListProps {
            challenges: Rc::new(challenges),
            loading,
            on_open: Callback::noop(),
        };
        futures::executor::block_on(
            yew::LocalServerRenderer::<ChallengeList>::with_props(props)
                .hydratable(false)
                .render(),
        )
    }

    #[test]
    fn lists_every_challenge_with_its_area() {
        let challenges = on_disk::challenges();
        let count = challenges.len();
        let html = render(challenges, false);
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

    #[test]
    fn says_when_challenges_are_still_loading() {
        let html = render(vec![], true);
        assert!(html.contains(r#"data-testid="challenge-list-loading""#));
        assert!(html.contains("Loading…"));
    }
}
