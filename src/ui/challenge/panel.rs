//! The challenge panel beside the cluster: the goal in words, the rules (the
//! challenge's limits), hints one at a time, and the check. When the goal is met
//! it shows the completion code: the link that replays the student's solution.

use std::rc::Rc;

use yew::{function_component, html, use_state, Callback, Html, Properties};

use crate::challenge::{Challenge, Verdict};
use crate::ui::guide_messages::EN_GUIDE;
use crate::ui::lessons::prose;

#[derive(Properties, PartialEq)]
pub struct ChallengePanelProps {
    pub challenge: Rc<Challenge>,
    /// How many actions the student added so far.
    pub actions_taken: usize,
    /// How those actions break the challenge's limits, one sentence each.
    pub broken_rules: Vec<String>,
    /// The last check of the student's session, if any.
    pub verdict: Option<Rc<Verdict>>,
    /// The page's address without its fragment: the completion code is this,
    /// `#`, and the code.
    pub page_url: String,
    pub on_check: Callback<()>,
    pub on_leave: Callback<()>,
}

#[function_component]
pub fn ChallengePanel(props: &ChallengePanelProps) -> Html {
    let t = &EN_GUIDE;
    let challenge = &props.challenge;
    let hints_shown = use_state(|| 0_usize);
    let show_hint = {
        let hints_shown = hints_shown.clone();
        Callback::from(move |_| hints_shown.set(*hints_shown + 1))
    };
    let verdict = props.verdict.as_deref().map(|verdict| match verdict {
        Verdict::Solved {
            why,
            completion_code,
        } => {
            let url = format!("{}#{completion_code}", props.page_url);
            html! {
                <section class="challenge-verdict solved" data-testid="challenge-solved">
                    <h3>{ t.solved_heading }</h3>
                    <p>{ why }</p>
                    <label>
                        { t.completion_code_label }
                        <input type="text" readonly=true class="challenge-code"
                               data-testid="challenge-code" value={url} />
                    </label>
                </section>
            }
        }
        Verdict::NotSolved { why } => html! {
            <section class="challenge-verdict not-solved" data-testid="challenge-not-solved">
                <h3>{ t.not_solved_heading }</h3>
                <ul>{ for why.iter().map(|reason| html! { <li>{ reason }</li> }) }</ul>
            </section>
        },
    });
    html! {
        <aside class="challenge-panel" data-testid="challenge-panel" data-challenge={challenge.id.clone()}>
            <h2>{ &challenge.title }</h2>
            <p class="challenge-area">{ (t.area)(challenge.area) }</p>
            <h3>{ t.goal_heading }</h3>
            <p class="challenge-goal" data-testid="challenge-goal">{ prose(&challenge.goal_text) }</p>
            <h3>{ t.limits_heading }</h3>
            <ul class="challenge-limits">
                { for (t.limits)(&challenge.limits).into_iter().map(|rule| html! { <li>{ rule }</li> }) }
            </ul>
            <p class="challenge-actions" data-testid="challenge-actions">
                { (t.actions_taken)(props.actions_taken, challenge.limits.actions_max) }
            </p>
            if !props.broken_rules.is_empty() {
                <div class="challenge-broken" role="status" data-testid="challenge-broken">
                    { t.rules_broken }
                    <ul>{ for props.broken_rules.iter().map(|rule| html! { <li>{ rule }</li> }) }</ul>
                </div>
            }
            <ol class="challenge-hints" data-testid="challenge-hints">
                { for challenge.hints.iter().take(*hints_shown).map(|hint| html! { <li>{ prose(hint) }</li> }) }
            </ol>
            if *hints_shown < challenge.hints.len() {
                <button type="button" data-testid="challenge-hint" onclick={show_hint}>
                    { (t.show_hint)(*hints_shown, challenge.hints.len()) }
                </button>
            }
            <button type="button" class="challenge-check" data-testid="challenge-check"
                    onclick={props.on_check.reform(|_| ())}>{ t.check_solution }</button>
            { for verdict }
            <button type="button" data-testid="challenge-leave"
                    onclick={props.on_leave.reform(|_| ())}>{ t.leave_challenge }</button>
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::library::on_disk;

    fn render(verdict: Option<Verdict>) -> String {
        render_with(verdict, 0, Vec::new())
    }

    fn render_with(
        verdict: Option<Verdict>,
        actions_taken: usize,
        broken_rules: Vec<String>,
    ) -> String {
        let props = ChallengePanelProps {
            challenge: on_disk::challenge("reorder-records"),
            actions_taken,
            broken_rules,
            verdict: verdict.map(Rc::new),
            page_url: "https://play.example/kafka/".into(),
            on_check: Callback::noop(),
            on_leave: Callback::noop(),
        };
        futures::executor::block_on(
            yew::LocalServerRenderer::<ChallengePanel>::with_props(props)
                .hydratable(false)
                .render(),
        )
    }

    #[test]
    fn states_the_goal_the_rules_and_offers_the_first_hint() {
        let html = render(None);
        assert!(
            html.contains("Get two of its records stored in the partition in the opposite order")
        );
        assert!(html.contains("Allowed actions: partition_network, isolate, heal_network."));
        assert!(html.contains("At most 1 failure(s)."));
        assert!(html.contains(">ordering<"));
        assert!(html.contains("Show a hint (1 of "), "{html}");
        assert!(!html.contains("challenge-solved"));
    }

    #[test]
    fn counts_the_student_s_actions_and_says_which_rules_they_break() {
        let html = render(None);
        assert!(html.contains("Your actions so far: 0 of at most 2."));
        assert!(!html.contains("challenge-broken"));
        let broken = vec!["crash_broker at 5001 ms is not allowed (allowed: partition_network, isolate, heal_network)".to_string()];
        let html = render_with(None, 1, broken);
        assert!(html.contains("Your actions so far: 1 of at most 2."));
        assert!(html.contains("Against the rules so far:"));
        assert!(html.contains("<li>crash_broker at 5001 ms is not allowed"));
    }

    #[test]
    fn a_solved_challenge_shows_its_completion_code() {
        let html = render(Some(Verdict::Solved {
            why: "p#3 is stored before p#2".into(),
            completion_code: "s=1.eJyrVg".into(),
        }));
        assert!(html.contains("Solved!"));
        assert!(
            html.contains(r#"value="https://play.example/kafka/#s=1.eJyrVg""#),
            "{html}"
        );
    }

    #[test]
    fn an_unsolved_check_says_why() {
        let html = render(Some(Verdict::NotSolved {
            why: vec!["no record of p is stored out of order".into()],
        }));
        assert!(html.contains("Not solved yet"));
        assert!(html.contains("<li>no record of p is stored out of order</li>"));
    }
}
