//! The Share and Embed buttons of the playground's toolbar, each opening its
//! panel for the current session.

use std::rc::Rc;

use yew::{function_component, html, use_state, Callback, Html, Properties};

use super::embed_panel::EmbedPanel;
use super::panel::SharePanel;
use crate::embed::{Content, FocusPartition};
use crate::scenario::Scenario;
use crate::share;
use crate::ui::guide_messages::EN_GUIDE;
use crate::ui::modes::fragment_at;

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    pub session: Rc<Scenario>,
    /// The moment shown.
    pub at_ms: u64,
    /// The page's address with the lesson or challenge it opens, without fragment.
    pub page_url: String,
    /// The lesson or challenge being played, for the embed snippet.
    pub content: Content,
}

#[derive(Clone, Copy, PartialEq)]
enum Open {
    Nothing,
    Share,
    Embed,
}

/// Every partition of the session's topics, for "show one partition".
fn partitions(session: &Scenario) -> Vec<FocusPartition> {
    session
        .spec
        .topics
        .iter()
        .flat_map(|topic| {
            (0..topic.partitions).map(|partition| FocusPartition {
                topic: topic.name.clone(),
                partition,
            })
        })
        .collect()
}

#[function_component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let t = &EN_GUIDE;
    let open = use_state(|| Open::Nothing);
    let toggle = |panel: Open| {
        let open = open.clone();
        Callback::from(move |_| {
            open.set(if *open == panel { Open::Nothing } else { panel });
        })
    };
    let panel = match *open {
        Open::Nothing => html! {},
        Open::Share => html! {
            <SharePanel session={props.session.clone()} at_ms={props.at_ms} page_url={props.page_url.clone()} />
        },
        Open::Embed => html! {
            <EmbedPanel page_url={props.page_url.clone()}
                        fragment={share::encode(&props.session).ok().map(|f| fragment_at(&f, props.at_ms))}
                        content={props.content.clone()}
                        partitions={partitions(&props.session)} />
        },
    };
    html! {
        <div class="share-bar">
            <button type="button" data-testid="share-button" aria-pressed={(*open == Open::Share).to_string()}
                    onclick={toggle(Open::Share)}>{ t.share_button }</button>
            <button type="button" data-testid="embed-button" aria-pressed={(*open == Open::Embed).to_string()}
                    onclick={toggle(Open::Embed)}>{ t.embed_button }</button>
            { panel }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    #[test]
    fn lists_every_partition_of_the_session() {
        let session = scenario::parse(
            r#"{"format": "kafka-playground/scenario@1", "brokers": 3,
                "topics": [{"name": "a", "partitions": 2, "replication_factor": 1},
                           {"name": "b-c", "partitions": 1, "replication_factor": 3}]}"#,
        )
        .unwrap();
        let names: Vec<String> = partitions(&session)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(names, ["a-0", "a-1", "b-c-0"]);
    }

    #[test]
    fn starts_with_both_panels_closed() {
        let props = ShareBarProps {
            session: Rc::new(
                scenario::parse(r#"{"format": "kafka-playground/scenario@1", "brokers": 1}"#)
                    .unwrap(),
            ),
            at_ms: 0,
            page_url: "https://play.example/".into(),
            content: Content::Playground,
        };
        let html = futures::executor::block_on(
            yew::LocalServerRenderer::<ShareBar>::with_props(props)
                .hydratable(false)
                .render(),
        );
        assert!(html.contains(">Share</button>"));
        assert!(html.contains(">Embed</button>"));
        assert!(!html.contains("share-panel") && !html.contains("embed-panel"));
    }
}
