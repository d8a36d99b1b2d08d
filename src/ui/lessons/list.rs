//! The lesson list of the landing page: every built-in lesson, its summary, and
//! where the student left it (from local storage); "Loading…" while some are
//! still on the way (the list shows once complete, so that nothing moves
//! under the pointer).

use std::rc::Rc;

use yew::{function_component, html, Callback, Html, Properties};

use super::saved::SavedLesson;
use crate::lesson::Lesson;
use crate::ui::guide_messages::EN_GUIDE;

#[derive(Properties, PartialEq)]
pub struct LessonListProps {
    /// Each lesson with its saved place, if any.
    pub lessons: Rc<Vec<(Rc<Lesson>, Option<SavedLesson>)>>,
    /// Some lessons are still on the way: none is shown yet.
    pub loading: bool,
    /// Opens a lesson, by id.
    pub on_open: Callback<String>,
}

#[function_component]
pub fn LessonList(props: &LessonListProps) -> Html {
    let t = &EN_GUIDE;
    html! {
        <section class="lesson-list" data-testid="lesson-list">
            <h2>{ t.lessons_heading }</h2>
            <p class="lesson-list-intro">{ t.lessons_intro }</p>
            if props.loading {
                <p class="list-loading" role="status" data-testid="lesson-list-loading">{ t.loading }</p>
            } else {
                <ol>
                    { for props.lessons.iter().map(|(lesson, saved)| {
                        let id = lesson.id.clone();
                        let open = props.on_open.reform(move |_| id.clone());
                        let status = match saved {
                            None => t.lesson_start.to_string(),
                            Some(saved) if saved.finished => t.lesson_done.to_string(),
                            Some(saved) => (t.lesson_resume)(saved.step, lesson.steps.len()),
                        };
                        html! {
                            <li class="lesson-item" data-testid={format!("lesson-{}", lesson.id)}>
                                <button type="button" class="lesson-open" onclick={open}>
                                    <span class="lesson-title">{ &lesson.title }</span>
                                    <span class="lesson-status">{ status }</span>
                                </button>
                                <p class="lesson-summary">{ &lesson.summary }</p>
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::library::on_disk;

    fn render(lessons: Vec<(Rc<Lesson>, Option<SavedLesson>)>, loading: bool) -> String {
        let props = LessonListProps {
            lessons: Rc::new(lessons),
            loading,
            on_open: Callback::noop(),
        };
        futures::executor::block_on(
            yew::LocalServerRenderer::<LessonList>::with_props(props)
                .hydratable(false)
                .render(),
        )
    }

    #[test]
    fn lists_every_lesson_with_where_the_student_left_it() {
        let lessons = on_disk::lessons();
        let count = lessons.len();
        let mut entries: Vec<(Rc<Lesson>, Option<SavedLesson>)> =
            lessons.into_iter().map(|l| (l, None)).collect();
        entries[1].1 = Some(SavedLesson {
            step: 2,
            at_ms: 4000,
            finished: false,
        });
        entries[2].1 = Some(SavedLesson {
            step: 5,
            at_ms: 9000,
            finished: true,
        });
        let steps = entries[1].0.steps.len();
        let title = entries[0].0.title.clone();
        let html = render(entries, false);
        assert_eq!(html.matches(r#"class="lesson-item""#).count(), count);
        assert!(html.contains(&title));
        assert!(html.contains(r#"data-testid="lesson-hw-and-leo""#));
        assert!(html.contains(&format!("Resume at step 3 of {steps}")));
        assert!(html.contains("Done · review"));
        assert_eq!(html.matches(">Start<").count(), count - 2);
        assert!(!html.contains("Loading…"));
    }

    #[test]
    fn says_when_lessons_are_still_loading() {
        let html = render(vec![], true);
        assert!(html.contains(r#"data-testid="lesson-list-loading""#));
        assert!(html.contains("Loading…"));
    }
}
