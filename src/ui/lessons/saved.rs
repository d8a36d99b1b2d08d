//! Where a student is in each lesson, kept in the browser's local storage so that
//! a lesson left can be resumed: the step reached and the virtual time. Resuming
//! replays the lesson's session to that point (the engine is deterministic, so
//! it is the same point); see [`super::run::LessonRun::resume`].

use serde::{Deserialize, Serialize};

/// A lesson's saved place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedLesson {
    /// The step whose caption shows.
    pub step: usize,
    /// The virtual time reached.
    pub at_ms: u64,
    /// The student saw every step.
    pub finished: bool,
}

/// The local storage key of a lesson's place.
pub fn key(lesson_id: &str) -> String {
    format!("kafka-playground/lesson/{lesson_id}")
}

/// The saved place of a lesson, if any (anything unreadable counts as none).
pub fn load_place(lesson_id: &str) -> Option<SavedLesson> {
    storage::load(&key(lesson_id))
}

/// Saves a lesson's place. Storage may be full or disabled (private browsing):
/// the lesson then simply starts over next time.
pub fn save_place(lesson_id: &str, saved: SavedLesson) {
    storage::save(&key(lesson_id), saved);
}

/// Forgets a lesson's place (Restart).
pub fn forget_place(lesson_id: &str) {
    storage::forget(&key(lesson_id));
}

/// The browser's local storage.
#[cfg(target_arch = "wasm32")]
mod storage {
    use gloo::storage::{LocalStorage, Storage};

    use super::SavedLesson;

    pub fn load(key: &str) -> Option<SavedLesson> {
        LocalStorage::get(key).ok()
    }

    pub fn save(key: &str, saved: SavedLesson) {
        let _ = LocalStorage::set(key, saved);
    }

    pub fn forget(key: &str) {
        LocalStorage::delete(key);
    }
}

/// Outside a browser (the native tests) there is no local storage: nothing is
/// kept, as in a browser whose storage is disabled.
#[cfg(not(target_arch = "wasm32"))]
mod storage {
    use super::SavedLesson;

    pub fn load(_key: &str) -> Option<SavedLesson> {
        None
    }

    pub fn save(_key: &str, _saved: SavedLesson) {}

    pub fn forget(_key: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_form_is_small_json_under_a_key_per_lesson() {
        let saved = SavedLesson {
            step: 3,
            at_ms: 2345,
            finished: false,
        };
        let text = serde_json::to_string(&saved).unwrap();
        assert_eq!(text, r#"{"step":3,"at_ms":2345,"finished":false}"#);
        assert_eq!(serde_json::from_str::<SavedLesson>(&text).unwrap(), saved);
        assert_eq!(key("hw-and-leo"), "kafka-playground/lesson/hw-and-leo");
    }
}
