//! The Share panel: the link that reproduces the session exactly (the session in
//! the URL's fragment, and the moment shown). A session too large for a link is
//! exported as a file instead (the session panel's Export).

use std::rc::Rc;

use yew::{function_component, html, Html, Properties};

use crate::scenario::Scenario;
use crate::share::{self, ShareError};
use crate::ui::guide_messages::EN_GUIDE;
use crate::ui::modes::fragment_at;

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub session: Rc<Scenario>,
    /// The moment shown: the link reopens the session there.
    pub at_ms: u64,
    /// The page's address (with the lesson or challenge it opens), without fragment.
    pub page_url: String,
}

/// The link of a session at a moment: the page's address, `#`, and the fragment.
pub fn share_url(page_url: &str, session: &Scenario, at_ms: u64) -> Result<String, ShareError> {
    share::encode(session).map(|fragment| format!("{page_url}#{}", fragment_at(&fragment, at_ms)))
}

#[function_component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    let t = &EN_GUIDE;
    let link = match share_url(&props.page_url, &props.session, props.at_ms) {
        Ok(url) => html! {
            <label class="share-link">
                { t.share_link_label }
                <input type="text" readonly=true data-testid="share-link" value={url} />
            </label>
        },
        Err(error) => html! {
            <p class="share-link-too-large" data-testid="share-link-error">
                { (t.share_error_detail)(&error) }{ " " }{ t.share_export_instead }
            </p>
        },
    };
    html! {
        <section class="share-panel" data-testid="share-panel">{ link }</section>
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
    fn the_link_reproduces_the_session_at_its_moment() {
        let url = share_url("https://play.example/kafka/", &session(), 2500).unwrap();
        assert!(url.starts_with("https://play.example/kafka/#s=1."));
        assert!(url.ends_with("&t=2500"));
        assert_eq!(share::decode(&url).as_ref(), Ok(&*session()));
    }

    #[test]
    fn offers_the_link() {
        let props = SharePanelProps {
            session: session(),
            at_ms: 0,
            page_url: "https://play.example/kafka/".into(),
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
    }
}
