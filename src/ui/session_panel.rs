//! The session panel: the scenario's settings (the config forms) and its file
//! (export and import), folded away until opened.

use yew::{function_component, html, use_state, Callback, Event, Html, Properties, TargetCast};

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
    let scenario = props.scenario.clone();
    let export = Callback::from(move |()| scenario.clone());
    html! {
        <details class="session-panel" data-testid="session-panel" open={props.open} {ontoggle}>
            <summary>{ EN.settings }</summary>
            if *opened {
                <div class="session-panel-body">
                    <div class="session-files">
                        <ExportButton scenario={export} />
                        <ImportButton on_import={props.on_import.clone()} />
                    </div>
                    <ClusterForm scenario={props.scenario.clone()} on_apply={props.on_apply.clone()} />
                    <TopicsForm scenario={props.scenario.clone()} on_apply={props.on_apply.clone()} on_alter={Some(props.on_act.clone())} />
                    <ProducersForm scenario={props.scenario.clone()} on_apply={props.on_apply.clone()} />
                    <ConsumersForm scenario={props.scenario.clone()} on_apply={props.on_apply.clone()} />
                </div>
            }
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    #[test]
    fn the_panel_holds_every_form_and_the_file_buttons() {
        let html = futures::executor::block_on(
            yew::ServerRenderer::<SessionPanel>::with_props(|| SessionPanelProps {
                scenario: scenario::parse(include_str!("../../tests/scenario_example.json"))
                    .unwrap(),
                on_apply: Callback::noop(),
                on_import: Callback::noop(),
                on_act: Callback::noop(),
                open: true,
            })
            .hydratable(false)
            .render(),
        );
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
        let html = futures::executor::block_on(
            yew::ServerRenderer::<SessionPanel>::with_props(|| SessionPanelProps {
                scenario: scenario::parse(include_str!("../../tests/scenario_example.json"))
                    .unwrap(),
                on_apply: Callback::noop(),
                on_import: Callback::noop(),
                on_act: Callback::noop(),
                open: false,
            })
            .hydratable(false)
            .render(),
        );
        assert!(html.contains("Settings and scenario file"));
        assert!(!html.contains("config-cluster"));
        assert!(!html.contains(" open"), "{html}");
    }
}
