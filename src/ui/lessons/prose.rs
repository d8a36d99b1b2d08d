//! Lesson and challenge text as HTML: plain text in which `backquoted` words are
//! code (config names, record values). Always text nodes, never parsed as HTML:
//! a shared lesson's words cannot inject markup.

use yew::{html, Html};

/// `text` with each `…` span as `<code>`.
pub fn prose(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part }</code> }
            } else {
                html! { { part } }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew::{function_component, Properties};

    #[derive(Properties, PartialEq)]
    struct Props {
        text: String,
    }

    #[function_component]
    fn Prose(props: &Props) -> Html {
        html! { <p>{ prose(&props.text) }</p> }
    }

    fn render(text: &str) -> String {
        let props = Props { text: text.into() };
        futures::executor::block_on(
            yew::LocalServerRenderer::<Prose>::with_props(props)
                .hydratable(false)
                .render(),
        )
    }

    #[test]
    fn backquotes_make_code_and_markup_stays_text() {
        assert_eq!(
            render("append `a` with acks=all"),
            "<p>append <code>a</code> with acks=all</p>"
        );
        assert_eq!(
            render("<b>bold</b> `<i>`"),
            "<p>&lt;b&gt;bold&lt;/b&gt; <code>&lt;i&gt;</code></p>"
        );
    }
}
