//! Embed mode's frame around the playground: no page chrome, the playground
//! fills the iframe, and one small link opens the same session in the full
//! playground (in a new tab, so the reader keeps the blog post).

use yew::{function_component, html, Children, Html, Properties};

use crate::embed::EmbedOptions;
use crate::ui::guide_messages::EN_GUIDE;

#[derive(Properties, PartialEq)]
pub struct EmbedFrameProps {
    /// The full playground's address for the same session.
    pub full_url: String,
    pub children: Children,
}

/// The address of the full playground showing what an embed shows: the same
/// page and session, without embed mode and the embed-only options.
pub fn full_playground_url(
    page_url: &str,
    options: &EmbedOptions,
    fragment: Option<&str>,
) -> String {
    let full = EmbedOptions {
        embed: false,
        locked: false,
        partition: None,
        allowed_origin: None,
        ..options.clone()
    };
    let query = full.to_query();
    let mut url = page_url.to_string();
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    if let Some(fragment) = fragment {
        url.push('#');
        url.push_str(fragment);
    }
    url
}

#[function_component]
pub fn EmbedFrame(props: &EmbedFrameProps) -> Html {
    html! {
        <div class="embed-frame" data-testid="embed-frame">
            { props.children.clone() }
            <a class="embed-open-full" data-testid="embed-open-full" href={props.full_url.clone()}
               target="_blank" rel="noopener">{ EN_GUIDE.open_full_playground }</a>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::{Content, FocusPartition};

    #[test]
    fn the_link_back_keeps_the_session_and_drops_embed_only_options() {
        let options = EmbedOptions {
            embed: true,
            autoplay: true,
            locked: true,
            partition: Some(FocusPartition {
                topic: "t".into(),
                partition: 0,
            }),
            content: Content::Lesson("hw-and-leo".into()),
            allowed_origin: Some("https://blog.example".into()),
            speed: 1,
        };
        assert_eq!(
            full_playground_url("https://play.example/kafka/", &options, Some("s=1.abc")),
            "https://play.example/kafka/?autoplay&lesson=hw-and-leo#s=1.abc"
        );
        assert_eq!(
            full_playground_url("https://play.example/", &EmbedOptions::default(), None),
            "https://play.example/"
        );
    }

    #[test]
    fn wraps_the_playground_with_a_link_back() {
        let props = EmbedFrameProps {
            full_url: "https://play.example/#s=1.abc".into(),
            children: Children::new(vec![yew::html! { <p>{ "cluster" }</p> }]),
        };
        let html = futures::executor::block_on(
            yew::LocalServerRenderer::<EmbedFrame>::with_props(props)
                .hydratable(false)
                .render(),
        );
        assert!(html.contains("<p>cluster</p>"));
        assert!(html.contains(r#"href="https://play.example/#s=1.abc""#));
        assert!(html.contains(r#"target="_blank""#));
    }
}
