//! The guide's part of the page: the playground with, around it, the banner of
//! a link that could not be opened, the Share and Embed buttons, the lesson or
//! challenge panel (or that it is loading), the lesson and challenge lists, the
//! files that could not be loaded, or in embed mode the frame without chrome.

use std::rc::Rc;

use yew::{html, Callback, Html};

use super::{Guide, GuideMsg};
use crate::embed::EmbedOptions;
use crate::share;
use crate::ui::challenge::{ChallengeList, ChallengePanel};
use crate::ui::embed::{full_playground_url, EmbedFrame};
use crate::ui::guide_messages::EN_GUIDE;
use crate::ui::lessons::{load_place, LessonList, LessonPlayer, LessonRun};
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
        let lists = self.lists(send);
        let load_problems = self.load_problems_banner();
        let panel = self.panel(playground, send);
        let body = match panel {
            Some(panel) => html! {
                <div class="guide-layout"><div class="guide-main">{ page }</div>{ panel }</div>
            },
            None => page,
        };
        let session = playground.session().scenario();
        if self.options.embed {
            let fragment = share::encode(&session)
                .ok()
                .map(|f| fragment_at(&f, playground.now_ms()));
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
                    <div class={classes.join(" ")}>{ for banner }{ for load_problems }{ for focus }{ body }</div>
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
        html! {
            <>
                { for banner }
                { for problems }
                { for load_problems }
                <div class="guide-bar">
                    <ShareBar session={Rc::new(session)} page_url={share_url} at_ms={playground.now_ms()}
                              content={self.content()} />
                </div>
                { body }
                { for lists }
            </>
        }
    }

    /// The landing page's lessons and challenges, as far as they arrived.
    fn lists(&self, send: &Callback<GuideMsg>) -> Option<Html> {
        if self.mode != Mode::Playground {
            return None;
        }
        let (lessons, lessons_loading, _) = self.library.lessons.listing();
        let (challenges, challenges_loading, _) = self.library.challenges.listing();
        // Both lists show at once, so that neither moves the other under the pointer.
        let loading = lessons_loading || challenges_loading;
        let lessons = lessons
            .into_iter()
            .map(|lesson| {
                let saved = load_place(&lesson.id);
                (lesson, saved)
            })
            .collect::<Vec<_>>();
        Some(html! {
            <div class="landing">
                <LessonList lessons={Rc::new(lessons)} {loading}
                            on_open={send.reform(GuideMsg::OpenLesson)} />
                <ChallengeList challenges={Rc::new(challenges)} {loading}
                               on_open={send.reform(GuideMsg::OpenChallenge)} />
            </div>
        })
    }

    /// The files that could not be loaded or read: the one the address asked
    /// for, and on the landing page any of its lists.
    fn load_problems_banner(&self) -> Option<Html> {
        let mut problems = self.load_problems.clone();
        if self.mode == Mode::Playground {
            let listed = [
                self.library.lessons.listing().2,
                self.library.challenges.listing().2,
            ];
            for problem in listed.into_iter().flatten() {
                // The file the address asked for is already there.
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
        }
        (!problems.is_empty()).then(|| {
            html! {
                <div class="banner banner-error" role="alert" data-testid="load-problems">
                    <p>{ EN_GUIDE.load_problems }</p>
                    <ul>{ for problems.iter().map(|p| html! { <li>{ p }</li> }) }</ul>
                </div>
            }
        })
    }

    fn panel(&self, playground: &Playground, send: &Callback<GuideMsg>) -> Option<Html> {
        match &self.mode {
            Mode::Playground => None,
            Mode::Loading(_) => Some(html! {
                <aside class="guide-loading" role="status" data-testid="guide-loading">
                    <p>{ EN_GUIDE.loading }</p>
                </aside>
            }),
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
