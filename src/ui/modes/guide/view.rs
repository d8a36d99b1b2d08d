//! The guide's part of the page: the playground with, around it, the banner of
//! a link that could not be opened, the Share and Embed buttons, the lesson or
//! challenge panel, the lesson and challenge lists, or in embed mode the frame
//! without chrome.

use std::rc::Rc;

use yew::{html, Callback, Html};

use super::{Guide, GuideMsg};
use crate::embed::EmbedOptions;
use crate::share;
use crate::ui::challenge::{challenges, ChallengeList, ChallengePanel};
use crate::ui::embed::{full_playground_url, EmbedFrame};
use crate::ui::lessons::{lessons, load_place, LessonList, LessonPlayer, LessonRun};
use crate::ui::model::Playground;
use crate::ui::modes::{fragment_at, Mode};
use crate::ui::share::{ShareBar, ShareErrorBanner};

impl Guide {
    /// The page: the playground's `page`, with the guide around it.
    pub fn view(&self, playground: &Playground, page: Html, send: &Callback<GuideMsg>) -> Html {
        let banner = self.banner.clone().map(|error| {
            html! {
                <ShareErrorBanner {error} on_dismiss={send.reform(|_| GuideMsg::DismissBanner)} />
            }
        });
        let problems = (!self.option_problems.is_empty()).then(|| html! {
            <div class="banner banner-notice" role="status" data-testid="option-problems">
                <ul>{ for self.option_problems.iter().map(|p| html! { <li>{ p.to_string() }</li> }) }</ul>
            </div>
        });
        let panel = self.panel(playground, send);
        let body = match panel {
            Some(panel) => html! {
                <div class="guide-layout"><div class="guide-main">{ page }</div>{ panel }</div>
            },
            None => page,
        };
        let session = playground.session().scenario();
        let fragment = share::encode(&session)
            .ok()
            .map(|f| fragment_at(&f, playground.now_ms()));
        if self.options.embed {
            let full_url = full_playground_url(
                &self.page_url,
                &EmbedOptions {
                    content: self.content(),
                    ..self.options.clone()
                },
                fragment.as_deref(),
            );
            let mut classes = vec!["embedded"];
            if self.options.locked {
                classes.push("locked");
            }
            let focus = self.options.partition.as_ref().map(|p| {
                // Topic names are in Kafka's alphabet (checked when read), safe in CSS.
                let style = format!(
                    ".embedded .replica:not([data-testid^=\"replica-{p}-b\"]) {{ display: none; }}"
                );
                html! { <style>{ style }</style> }
            });
            return html! {
                <EmbedFrame {full_url}>
                    <div class={classes.join(" ")}>{ for banner }{ for focus }{ body }</div>
                </EmbedFrame>
            };
        }
        let share_url = {
            let query = EmbedOptions {
                content: self.content(),
                ..EmbedOptions::default()
            }
            .to_query();
            if query.is_empty() {
                self.page_url.clone()
            } else {
                format!("{}?{query}", self.page_url)
            }
        };
        let lists = (self.mode == Mode::Playground).then(|| html! {
            <div class="landing">
                <LessonList lessons={Rc::new(lessons().into_iter().map(|l| { let saved = load_place(&l.id); (l, saved) }).collect::<Vec<_>>())}
                            on_open={send.reform(GuideMsg::OpenLesson)} />
                <ChallengeList challenges={Rc::new(challenges())} on_open={send.reform(GuideMsg::OpenChallenge)} />
            </div>
        });
        html! {
            <>
                { for banner }
                { for problems }
                <div class="guide-bar">
                    <ShareBar session={Rc::new(session)} page_url={share_url} at_ms={playground.now_ms()}
                              content={self.content()} />
                </div>
                { body }
                { for lists }
            </>
        }
    }

    fn panel(&self, playground: &Playground, send: &Callback<GuideMsg>) -> Option<Html> {
        match &self.mode {
            Mode::Playground => None,
            Mode::Lesson(lesson) => {
                let run = self.lesson.as_ref();
                let step = run.and_then(LessonRun::current);
                Some(html! {
                    <LessonPlayer lesson={lesson.clone()} step={step}
                        reached_at_ms={step.and_then(|s| run?.reached_at_ms(s))}
                        holding={run.is_some_and(LessonRun::is_holding)}
                        finished={run.is_none_or(LessonRun::is_finished)}
                        on_continue={send.reform(|()| GuideMsg::Continue)}
                        on_restart={send.reform(|()| GuideMsg::RestartLesson)}
                        on_leave={send.reform(|()| GuideMsg::LeaveLesson)}
                        on_try_variation={send.reform(|()| GuideMsg::TryVariation)} />
                })
            }
            Mode::Challenge(challenge) => Some(html! {
                <ChallengePanel challenge={challenge.clone()} verdict={self.verdict.clone()}
                    actions_taken={playground.session().user_actions().len()}
                    broken_rules={challenge.limits.broken_by(playground.session().user_actions())}
                    page_url={format!("{}?challenge={}", self.page_url, challenge.id)}
                    on_check={send.reform(|()| GuideMsg::CheckChallenge)}
                    on_leave={send.reform(|()| GuideMsg::LeaveChallenge)} />
            }),
        }
    }
}
