//! Guided lessons in the page: the lesson list of the landing page, the lesson
//! panel (caption, Continue, variation), the lesson's progress as the simulation
//! plays ([`LessonRun`]), and the place saved in local storage so that a lesson
//! can be left and resumed. The lessons themselves are `static/lessons/*.json`
//! (see `docs/lessons.md` and [`crate::lesson`]).

mod driver;
mod list;
mod player;
mod prose;
mod run;
mod saved;

pub use driver::LessonPlay;
pub use list::{LessonList, LessonListProps};
pub use player::{LessonPlayer, LessonPlayerProps};
pub use prose::prose;
pub use run::LessonRun;
pub use saved::{forget_place, load_place, save_place, SavedLesson};
