//! Import and export of a session as a scenario file (`shared/scenario-format.md`):
//! Export downloads the session (its scenario with the user's actions as script
//! entries, [`crate::session::Session::scenario`]) as JSON; Import reads a file
//! the user picks (or a saved share link, as [`read_session`] does) into the
//! scenario of a new session. A bad file shows every problem (field and message)
//! and the current session is kept.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use gloo::file::{Blob, File, ObjectUrl};
use wasm_bindgen::JsCast;
use yew::{
    function_component, html, use_mut_ref, use_state, Callback, Event, Html, MouseEvent,
    Properties, TargetCast,
};

use super::config::messages::EN;
use crate::scenario::{self, Scenario};
use crate::share::{read_session, ShareError};

/// The scenario as the text of a file, in canonical form.
pub fn export_text(scenario: &Scenario) -> String {
    let json = scenario::to_json(scenario);
    // Serialising a `serde_json::Value` to a string cannot fail.
    serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"
}

/// A file name from the scenario's title: lower-case letters, digits and dashes.
pub fn file_name(scenario: &Scenario) -> String {
    let mut slug = String::new();
    for c in scenario.title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    if slug.is_empty() {
        "kafka-playground-scenario.json".into()
    } else {
        format!("{slug}.json")
    }
}

/// What to show for a file that cannot be opened: one line per problem, with
/// the field's path when the scenario is invalid.
pub fn problems(error: &ShareError) -> Vec<(String, String)> {
    match error {
        ShareError::InvalidScenario(errors) => errors
            .iter()
            .map(|e| (e.path.clone(), e.message.clone()))
            .collect(),
        other => vec![(String::new(), other.to_string())],
    }
}

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    /// Called on click: the session's scenario (computed only then).
    pub scenario: Callback<(), Scenario>,
}

/// A button that downloads the session as a scenario JSON file.
#[function_component]
pub fn ExportButton(props: &ExportProps) -> Html {
    // The last download's object URL, kept until the next one (dropping revokes it).
    let url: Rc<RefCell<Option<ObjectUrl>>> = use_mut_ref(|| None);
    let get = props.scenario.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        let scenario = get.emit(());
        let blob =
            Blob::new_with_options(export_text(&scenario).as_str(), Some("application/json"));
        let object_url = ObjectUrl::from(blob);
        download(&object_url, &file_name(&scenario));
        *url.borrow_mut() = Some(object_url);
    });
    html! {
        <button type="button" class="export-button" data-testid="export-scenario" {onclick}>
            { EN.export }
        </button>
    }
}

/// Clicks a temporary `<a download>` for `url`.
fn download(url: &ObjectUrl, name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(anchor) = document.create_element("a") else {
        return;
    };
    let ok =
        anchor.set_attribute("href", url).is_ok() && anchor.set_attribute("download", name).is_ok();
    if let (true, Ok(anchor)) = (ok, anchor.dyn_into::<web_sys::HtmlElement>()) {
        anchor.click();
    }
}

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    /// The scenario of a valid file, to start a new session from.
    pub on_import: Callback<Scenario>,
}

/// A file picker that opens a scenario file (or a saved share link) as a new
/// session; a bad file's problems are listed and nothing else changes.
#[function_component]
pub fn ImportButton(props: &ImportProps) -> Html {
    let problems_state = use_state(Vec::<(String, String)>::new);
    let status = use_state(String::new);
    // The read in progress; dropping it cancels the read.
    let reader: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);
    let onchange = {
        let problems_state = problems_state.clone();
        let status = status.clone();
        let on_import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let problems_state = problems_state.clone();
            let status = status.clone();
            let on_import = on_import.clone();
            let read =
                gloo::file::callbacks::read_as_text(&File::from(file), move |text| match text {
                    Err(_) => {
                        problems_state.set(vec![(String::new(), EN.unreadable_file.into())]);
                        status.set(String::new());
                    }
                    Ok(text) => match read_session(&text) {
                        Ok(scenario) => {
                            problems_state.set(Vec::new());
                            status.set((EN.imported)(&scenario.title));
                            on_import.emit(scenario);
                        }
                        Err(error) => {
                            problems_state.set(problems(&error));
                            status.set(String::new());
                        }
                    },
                });
            *reader.borrow_mut() = Some(read);
        })
    };
    html! {
        <div class="import">
            <label class="import-button">
                { EN.import }
                <input type="file" accept=".json,application/json,text/plain" data-testid="import-scenario" {onchange} />
            </label>
            if !status.is_empty() {
                <p class="import-status" role="status">{ (*status).clone() }</p>
            }
            <ImportProblems problems={(*problems_state).clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ImportProblemsProps {
    pub problems: Vec<(String, String)>,
}

/// The problems of a file that could not be opened.
#[function_component]
pub fn ImportProblems(props: &ImportProblemsProps) -> Html {
    if props.problems.is_empty() {
        return Html::default();
    }
    html! {
        <div class="import-problems" role="alert" data-testid="import-problems">
            <p>{ EN.import_failed }</p>
            <ul>
                { for props.problems.iter().map(|(path, message)| html! {
                    <li>
                        if !path.is_empty() { <code>{ path }</code>{ ": " } }
                        { message }
                    </li>
                }) }
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../tests/scenario_example.json");

    #[test]
    fn the_exported_text_reads_back_as_the_same_scenario() {
        let scenario = scenario::parse(EXAMPLE).unwrap();
        assert_eq!(read_session(&export_text(&scenario)), Ok(scenario));
    }

    #[test]
    fn file_names_come_from_the_title() {
        let mut scenario = scenario::parse(EXAMPLE).unwrap();
        assert_eq!(
            file_name(&scenario),
            "unclean-election-acks-1-loses-acks-all-survives.json"
        );
        scenario.title = "  ".into();
        assert_eq!(file_name(&scenario), "kafka-playground-scenario.json");
    }

    #[test]
    fn a_bad_file_lists_each_problem_with_its_field() {
        let text = r#"{"format": "kafka-playground/scenario@1", "brokers": 0, "seed": "x"}"#;
        let error = read_session(text).unwrap_err();
        let listed = problems(&error);
        assert!(
            listed.iter().any(|(path, _)| path == "brokers"),
            "{listed:?}"
        );
        assert!(listed.iter().any(|(path, _)| path == "seed"), "{listed:?}");

        let html = futures::executor::block_on(
            yew::ServerRenderer::<ImportProblems>::with_props(move || ImportProblemsProps {
                problems: listed,
            })
            .hydratable(false)
            .render(),
        );
        assert!(html.contains("<code>brokers</code>: 0 is not"), "{html}");
        assert!(html.contains(EN.import_failed));
    }
}
