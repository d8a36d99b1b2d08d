//! The session panel: the scenario's settings (the config forms) and its file
//! (export and import), folded away until opened.

use yew::{
    function_component, hook, html, use_memo, use_mut_ref, use_state, Callback, Event, Html,
    Properties, TargetCast,
};

use super::config::messages::EN;
use super::config::{ClusterForm, ConsumersForm, ProducersForm, TopicsForm};
use super::file_io::{ExportButton, ImportButton};
use crate::engine::action::Action;
use crate::scenario::Scenario;

#[derive(Properties, PartialEq)]
pub struct SessionPanelProps {
    /// The session as a scenario (with the user's actions in its script).
    pub scenario: Scenario,
    /// A valid scenario with new settings: the run restarts with it.
    pub on_apply: Callback<Scenario>,
    /// The scenario of a file the user imported: a new session starts from it.
    pub on_import: Callback<Scenario>,
    /// A live change (`kafka-configs --alter`), taken at the moment shown.
    pub on_act: Callback<Action>,
    /// Open from the start.
    #[prop_or_default]
    pub open: bool,
}

/// The panel. Its content is built when first opened (the page starts faster),
/// then kept, closed or open, so that no draft is lost by folding it.
#[function_component]
pub fn SessionPanel(props: &SessionPanelProps) -> Html {
    let opened = use_state(|| props.open);
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::Element = e.target_unchecked_into();
            if details.has_attribute("open") {
                opened.set(true);
            }
        })
    };
    let on_apply = use_stable(&props.on_apply);
    let on_import = use_stable(&props.on_import);
    let on_act = use_stable(&props.on_act);
    let export = {
        let latest = use_mut_ref(|| props.scenario.clone());
        latest.borrow_mut().clone_from(&props.scenario);
        use_stable(&Callback::from(move |()| latest.borrow().clone()))
    };
    html! {
        <details class="session-panel" data-testid="session-panel" open={props.open} {ontoggle}>
            <summary>{ EN.settings }</summary>
            if *opened {
                <div class="session-panel-body">
                    <div class="session-files">
                        <ExportButton scenario={export} />
                        <ImportButton {on_import} />
                    </div>
                    <ClusterForm scenario={props.scenario.clone()} on_apply={on_apply.clone()} />
                    <TopicsForm scenario={props.scenario.clone()} on_apply={on_apply.clone()} on_alter={Some(on_act)} />
                    <ProducersForm scenario={props.scenario.clone()} on_apply={on_apply.clone()} />
                    <ConsumersForm scenario={props.scenario.clone()} {on_apply} />
                </div>
            }
        </details>
    }
}

/// A callback that stays the same from render to render and calls the latest
/// `callback` given. The page passes new callbacks on every animation frame; the
/// forms compare their props, and with stable callbacks they redraw only when
/// the scenario changes.
#[hook]
fn use_stable<IN: 'static, OUT: 'static>(callback: &Callback<IN, OUT>) -> Callback<IN, OUT> {
    let latest = use_mut_ref(|| callback.clone());
    *latest.borrow_mut() = callback.clone();
    let stable = use_memo((), move |()| {
        Callback::from(move |value: IN| {
            // Cloned out first: emitting may render this component again.
            let callback = latest.borrow().clone();
            callback.emit(value)
        })
    });
    (*stable).clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    /// The panel's markup for the example scenario, open or folded.
    fn render(open: bool) -> String {
        futures::executor::block_on(
            yew::ServerRenderer::<SessionPanel>::with_props(move || SessionPanelProps {
                scenario: scenario::parse(include_str!("../../tests/scenario_example.json"))
                    .unwrap(),
                on_apply: Callback::noop(),
                on_import: Callback::noop(),
                on_act: Callback::noop(),
                open,
            })
            .hydratable(false)
            .render(),
        )
    }

    #[test]
    fn the_panel_holds_every_form_and_the_file_buttons() {
        let html = render(true);
        for id in [
            "config-cluster",
            "config-topics",
            "config-producers",
            "config-consumers",
            "export-scenario",
            "import-scenario",
        ] {
            assert!(html.contains(&format!("data-testid=\"{id}\"")), "{id}");
        }
        assert!(html.contains("<legend>Producer pb</legend>"));
        assert!(html.contains("<legend>Consumer c1</legend>"));
    }

    #[test]
    fn closed_the_panel_builds_no_form_yet() {
        let html = render(false);
        assert!(html.contains("Settings and scenario file"));
        assert!(!html.contains("config-cluster"));
        assert!(!html.contains(" open"), "{html}");
    }
}
