//! The Embed panel: the `<iframe>` snippet for the current session, with the
//! author's choices (start playing or paused, locked controls, one partition).
//! See `docs/embedding.md`.

use web_sys::HtmlInputElement;
use yew::{function_component, html, use_state, Callback, Event, Html, Properties, TargetCast};

use crate::embed::{snippet, Content, EmbedOptions, FocusPartition, FrameSize};
use crate::ui::guide_messages::EN_GUIDE;

#[derive(Properties, PartialEq)]
pub struct EmbedPanelProps {
    /// The page's address without query or fragment.
    pub page_url: String,
    /// The session's share-link fragment (`s=1.…`); `None` for a lesson or a
    /// challenge opened by id, or a session too large for a link.
    pub fragment: Option<String>,
    /// A lesson or challenge the iframe opens.
    pub content: Content,
    /// The session's partitions, for "show one partition".
    pub partitions: Vec<FocusPartition>,
}

#[function_component]
pub fn EmbedPanel(props: &EmbedPanelProps) -> Html {
    let t = &EN_GUIDE;
    let autoplay = use_state(|| false);
    let locked = use_state(|| false);
    let partition = use_state(|| None::<usize>);
    let options = EmbedOptions {
        embed: true,
        autoplay: *autoplay,
        locked: *locked,
        partition: partition.and_then(|i| props.partitions.get(i).cloned()),
        content: props.content.clone(),
        ..EmbedOptions::default()
    };
    let html_snippet = snippet(
        &props.page_url,
        &options,
        props.fragment.as_deref(),
        FrameSize::default(),
        t.embed_frame_title,
    );
    let toggle = |state: yew::UseStateHandle<bool>| {
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            state.set(input.checked());
        })
    };
    let choose_partition = {
        let partition = partition.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            partition.set(input.value().parse::<usize>().ok());
        })
    };
    html! {
        <section class="embed-panel" data-testid="embed-panel">
            <label>
                <input type="checkbox" data-testid="embed-autoplay" checked={*autoplay}
                       onchange={toggle(autoplay.clone())} />
                { t.embed_autoplay }
            </label>
            <label>
                <input type="checkbox" data-testid="embed-locked" checked={*locked}
                       onchange={toggle(locked.clone())} />
                { t.embed_locked }
            </label>
            if !props.partitions.is_empty() {
                <label>
                    { t.embed_partition }
                    <select data-testid="embed-partition" onchange={choose_partition}>
                        <option value="" selected={partition.is_none()}>{ t.embed_all_partitions }</option>
                        { for props.partitions.iter().enumerate().map(|(i, p)| html! {
                            <option value={i.to_string()} selected={*partition == Some(i)}>{ p.to_string() }</option>
                        }) }
                    </select>
                </label>
            }
            <label class="embed-snippet">
                { t.embed_snippet_label }
                <textarea readonly=true rows="4" data-testid="embed-snippet" value={html_snippet} />
            </label>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_embeds_the_session() {
        let props = EmbedPanelProps {
            page_url: "https://play.example/kafka/".into(),
            fragment: Some("s=1.abc".into()),
            content: Content::Playground,
            partitions: vec![FocusPartition {
                topic: "t".into(),
                partition: 0,
            }],
        };
        let html = futures::executor::block_on(
            yew::LocalServerRenderer::<EmbedPanel>::with_props(props)
                .hydratable(false)
                .render(),
        );
        assert!(
            html.contains(r#"&lt;iframe src="https://play.example/kafka/?embed#s=1.abc""#),
            "{html}"
        );
        assert!(html.contains(">t-0</option>"));
    }
}
