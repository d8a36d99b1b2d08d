//! The library's files read from `static/` (native tests): what the page fetches
//! in a browser, so that the tests use the real lessons and challenges.

use std::path::PathBuf;
use std::rc::Rc;

use super::{Library, Lookup, Wanted};
use crate::challenge::Challenge;
use crate::lesson::Lesson;

/// The text of a file, as the page's fetch gives it (`Err`: why not).
pub fn fetch(library: &Library, wanted: &Wanted) -> Result<String, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("static")
        .join(library.url(wanted));
    std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))
}

/// A library asked for things by `ask` until everything it asked for, read from
/// disk, arrived: as the page has it once every fetch answered.
pub fn served(ask: impl Fn(&mut Library)) -> Library {
    let mut library = Library::default();
    loop {
        ask(&mut library);
        let wanted = library.take_to_fetch();
        if wanted.is_empty() {
            return library;
        }
        for wanted in wanted {
            let text = fetch(&library, &wanted);
            library.receive(&wanted, text);
        }
    }
}

/// Every lesson, in the order of its index.
pub fn lessons() -> Vec<Rc<Lesson>> {
    served(|library| library.lessons.want_all())
        .lessons
        .listing()
        .0
}

/// The lesson `id`.
pub fn lesson(id: &str) -> Rc<Lesson> {
    found(id, served(|library| drop(library.lesson(id))).lesson(id))
}

/// Every challenge, in the order of its index.
pub fn challenges() -> Vec<Rc<Challenge>> {
    served(|library| library.challenges.want_all())
        .challenges
        .listing()
        .0
}

/// The challenge `id`.
pub fn challenge(id: &str) -> Rc<Challenge> {
    found(
        id,
        served(|library| drop(library.challenge(id))).challenge(id),
    )
}

fn found<T>(id: &str, lookup: Lookup<T>) -> Rc<T> {
    match lookup {
        Lookup::Found(file) => file,
        _ => panic!("{id} is not in static/ or does not parse"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids `static/DIR/index.json` lists under `key`.
    fn index_ids(dir: &str, key: &str) -> Vec<String> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("static")
            .join(dir)
            .join("index.json");
        let index: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        serde_json::from_value(index[key].clone()).unwrap()
    }

    #[test]
    fn every_file_of_each_index_loads_in_its_order() {
        let library = served(Library::want_lists);
        let (lessons, loading, problems) = library.lessons.listing();
        assert!(!loading && problems.is_empty(), "{problems:?}");
        let ids: Vec<String> = lessons.iter().map(|l| l.id.clone()).collect();
        assert_eq!(
            ids,
            index_ids("lessons", "lessons"),
            "every listed lesson parses, its id names its file"
        );
        let (challenges, loading, problems) = library.challenges.listing();
        assert!(!loading && problems.is_empty(), "{problems:?}");
        let ids: Vec<String> = challenges.iter().map(|c| c.id.clone()).collect();
        assert_eq!(
            ids,
            index_ids("challenges", "challenges"),
            "every listed challenge parses, its id names its file"
        );
    }
}
