//! The message shown when a share link or an uploaded session cannot be opened:
//! what kind of problem it is, the details, and that the playground opened
//! without it. Dismissable; never blocks the page.

use yew::{function_component, html, Callback, Html, Properties};

use crate::share::ShareError;
use crate::ui::guide_messages::EN_GUIDE;

#[derive(Properties, PartialEq)]
pub struct ShareErrorBannerProps {
    pub error: ShareError,
    pub on_dismiss: Callback<()>,
}

#[function_component]
pub fn ShareErrorBanner(props: &ShareErrorBannerProps) -> Html {
    let t = &EN_GUIDE;
    html! {
        <div class="banner banner-error" role="alert" data-testid="share-error">
            <p>
                <strong>{ (t.share_error_headline)(&props.error) }</strong>
                { " " }{ (t.share_error_detail)(&props.error) }
                { " " }{ t.opened_default_instead }
            </p>
            <button type="button" data-testid="share-error-dismiss"
                    onclick={props.on_dismiss.reform(|_| ())}>{ t.dismiss }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::SizeLimit;

    fn render(error: ShareError) -> String {
        let props = ShareErrorBannerProps {
            error,
            on_dismiss: Callback::noop(),
        };
        futures::executor::block_on(
            yew::LocalServerRenderer::<ShareErrorBanner>::with_props(props)
                .hydratable(false)
                .render(),
        )
    }

    #[test]
    fn says_what_kind_of_problem_and_that_the_default_opened() {
        let damaged = render(ShareError::BadDeflate);
        assert!(damaged.contains("This share link is damaged."), "{damaged}");
        assert!(damaged.contains("does not decompress"));
        assert!(damaged.contains("The playground opened with its default cluster instead."));
        let newer = render(ShareError::UnknownVersion {
            version: "7".into(),
        });
        assert!(newer.contains("This share link comes from another version of Kafka Playground."));
        let large = render(ShareError::TooLarge {
            limit: SizeLimit::Link,
            size: 40_000,
            max: 32_768,
        });
        assert!(large.contains("This share link is too large to open."));
        assert!(large.contains("40000 characters"));
    }
}
