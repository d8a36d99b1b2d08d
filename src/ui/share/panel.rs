//! The Share panel: the link that reproduces the session exactly (the session in
//! the URL's fragment), the same session as a JSON file to download, and a file
//! (or a text file holding a link) to upload. A session too large for a link is
//! offered as a file only.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::{read_as_text, FileReader};
use gloo::file::Blob;
use web_sys::HtmlInputElement;
use yew::{function_component, html, use_mut_ref, Callback, Event, Html, Properties, TargetCast};

use crate::embed::percent_encode;
use crate::scenario::Scenario;
use crate::share::{self, ShareError, SizeLimit, JSON_BYTES_MAX};
use crate::ui::guide_messages::EN_GUIDE;
use crate::ui::modes::fragment_at;

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub session: Rc<Scenario>,
    /// The moment shown: the link reopens the session there.
    pub at_ms: u64,
    /// The page's address without its fragment.
    pub page_url: String,
    /// The text of an uploaded file, or why it could not be read.
    pub on_upload: Callback<Result<String, ShareError>>,
}

/// The link of a session at a moment: the page's address, `#`, and the fragment.
pub fn share_url(page_url: &str, session: &Scenario, at_ms: u64) -> Result<String, ShareError> {
    share::encode(session).map(|fragment| format!("{page_url}#{}", fragment_at(&fragment, at_ms)))
}

/// A `data:` URL of the session file, for a download link.
fn download_href(session: &Scenario) -> String {
    let json = serde_json::to_string_pretty(&crate::scenario::to_json(session))
        .unwrap_or_else(|_| share::canonical_json(session));
    format!(
        "data:application/json;charset=utf-8,{}",
        percent_encode(&json)
    )
}

#[function_component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    let t = &EN_GUIDE;
    let reader: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);
    let on_change = {
        let on_upload = props.on_upload.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let blob = Blob::from(file);
            // Text files only; a link file is far smaller than a JSON file may be.
            let size = usize::try_from(blob.size()).unwrap_or(usize::MAX);
            if size > JSON_BYTES_MAX {
                on_upload.emit(Err(ShareError::TooLarge {
                    limit: SizeLimit::Json,
                    size,
                    max: JSON_BYTES_MAX,
                }));
                return;
            }
            let on_upload = on_upload.clone();
            *reader.borrow_mut() = Some(read_as_text(&blob, move |text| {
                on_upload.emit(text.map_err(|_| ShareError::NotText));
            }));
            input.set_value("");
        })
    };
    let link = match share_url(&props.page_url, &props.session, props.at_ms) {
        Ok(url) => html! {
            <label class="share-link">
                { t.share_link_label }
                <input type="text" readonly=true data-testid="share-link" value={url} />
            </label>
        },
        Err(error) => html! {
            <p class="share-link-too-large" data-testid="share-link-error">
                { (t.share_error_detail)(&error) }{ " " }{ t.share_download_instead }
            </p>
        },
    };
    html! {
        <section class="share-panel" data-testid="share-panel">
            { link }
            <a class="share-download" data-testid="share-download" download="kafka-playground-session.json"
               href={download_href(&props.session)}>{ t.share_download }</a>
            <label class="share-upload">
                { t.share_upload }
                <input type="file" accept=".json,.txt,application/json,text/plain"
                       data-testid="share-upload" onchange={on_change} />
            </label>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    fn session() -> Rc<Scenario> {
        Rc::new(
            scenario::parse(
                r#"{"format": "kafka-playground/scenario@1", "brokers": 3, "title": "Mine"}"#,
            )
            .unwrap(),
        )
    }

    #[test]
    fn the_link_reproduces_the_session() {
        let url = share_url("https://play.example/kafka/", &session(), 2500).unwrap();
        assert!(url.starts_with("https://play.example/kafka/#s=1."));
        assert!(url.ends_with("&t=2500"));
        assert_eq!(share::decode(&url).as_ref(), Ok(&*session()));
    }

    #[test]
    fn offers_the_link_a_download_and_an_upload() {
        let props = SharePanelProps {
            session: session(),
            at_ms: 0,
            page_url: "https://play.example/kafka/".into(),
            on_upload: Callback::noop(),
        };
        let html = futures::executor::block_on(
            yew::LocalServerRenderer::<SharePanel>::with_props(props)
                .hydratable(false)
                .render(),
        );
        assert!(
            html.contains(r#"<input value="https://play.example/kafka/#s=1."#),
            "{html}"
        );
        assert!(
            html.contains(r#"href="data:application/json;charset=utf-8,%7B%0A"#),
            "{html}"
        );
        assert!(html.contains(r#"type="file""#));
    }
}
