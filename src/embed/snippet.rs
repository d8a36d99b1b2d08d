//! The Embed button's snippet: an `<iframe>` that opens the current session (its
//! share link in the fragment) in embed mode with the chosen options, ready to
//! paste into a blog post.

use super::options::EmbedOptions;

/// The iframe's size in CSS pixels; the playground fits whatever it is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameSize {
    pub width: u32,
    pub height: u32,
}

impl Default for FrameSize {
    fn default() -> Self {
        FrameSize {
            width: 720,
            height: 480,
        }
    }
}

/// The iframe HTML. `page` is the playground's address (its query and fragment
/// are dropped); `fragment` the session's share link fragment (`s=1.…`), if any;
/// `title` the iframe's accessible name. Embed mode is always on.
pub fn snippet(
    page: &str,
    options: &EmbedOptions,
    fragment: Option<&str>,
    size: FrameSize,
    title: &str,
) -> String {
    let base = page.split(['?', '#']).next().unwrap_or_default();
    let options = EmbedOptions {
        embed: true,
        ..options.clone()
    };
    let mut src = format!("{base}?{}", options.to_query());
    if let Some(fragment) = fragment {
        src.push('#');
        src.push_str(fragment);
    }
    format!(
        r#"<iframe src="{}" width="{}" height="{}" title="{}" style="border: 0" loading="lazy"></iframe>"#,
        attribute(&src),
        size.width,
        size.height,
        attribute(title)
    )
}

/// `text` safe inside a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::options::Content;

    #[test]
    fn opens_the_session_in_embed_mode_with_the_options() {
        let options = EmbedOptions {
            autoplay: true,
            locked: true,
            content: Content::Lesson("hw-and-leo".into()),
            ..EmbedOptions::default()
        };
        assert_eq!(
            snippet(
                "https://play.example/kafka/?speed=3#s=1.old",
                &options,
                Some("s=1.eJyrVg"),
                FrameSize::default(),
                "Kafka Playground"
            ),
            r#"<iframe src="https://play.example/kafka/?embed&amp;autoplay&amp;controls=locked&amp;lesson=hw-and-leo#s=1.eJyrVg" width="720" height="480" title="Kafka Playground" style="border: 0" loading="lazy"></iframe>"#
        );
    }

    #[test]
    fn escapes_what_html_would_read() {
        let html = snippet(
            "https://play.example/\"><script>",
            &EmbedOptions::default(),
            None,
            FrameSize {
                width: 300,
                height: 200,
            },
            "A \"quoted\" <title>",
        );
        assert_eq!(
            html,
            r#"<iframe src="https://play.example/&quot;&gt;&lt;script&gt;?embed" width="300" height="200" title="A &quot;quoted&quot; &lt;title&gt;" style="border: 0" loading="lazy"></iframe>"#
        );
    }
}
