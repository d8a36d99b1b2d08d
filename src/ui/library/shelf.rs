//! One kind of file of the library (lessons, or challenges): its index, read
//! when it arrives, and each file it lists, parsed when it arrives.

use std::rc::Rc;

use serde_json::Value;

use crate::scenario::ScenarioError;

/// What became of a file asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Status<T> {
    /// Asked for, not arrived yet.
    Loading,
    Loaded(T),
    /// Why it cannot be used, naming the file.
    Failed(String),
}

/// Where an id stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup<T> {
    /// Its index or its file is on the way.
    Loading,
    Found(Rc<T>),
    /// The index does not list it.
    NotListed,
    /// The index or the file could not be loaded or read: why.
    Failed(String),
}

/// The files of one folder (`lessons/`, `challenges/`).
pub struct Shelf<T> {
    /// The folder, relative to the page.
    dir: &'static str,
    /// The key of the index that lists the ids (`lessons`, `challenges`).
    key: &'static str,
    parse: fn(&str) -> Result<T, Vec<ScenarioError>>,
    index: Option<Status<Vec<String>>>,
    /// Each file asked for, by id (a few dozen at most: a list is enough).
    files: Vec<(String, Status<Rc<T>>)>,
    /// Asked for and not yet handed to the page to fetch: `None` is the index.
    to_fetch: Vec<Option<String>>,
}

impl<T> Shelf<T> {
    pub fn new(
        dir: &'static str,
        key: &'static str,
        parse: fn(&str) -> Result<T, Vec<ScenarioError>>,
    ) -> Shelf<T> {
        Shelf {
            dir,
            key,
            parse,
            index: None,
            files: Vec::new(),
            to_fetch: Vec::new(),
        }
    }

    /// The address of the index (`None`) or of a file, relative to the page.
    pub fn url(&self, file: Option<&str>) -> String {
        match file {
            None => format!("{}/index.json", self.dir),
            Some(id) => format!("{}/{id}.json", self.dir),
        }
    }

    /// Where `id` stands; asks for its index or its file if need be.
    pub fn lookup(&mut self, id: &str) -> Lookup<T> {
        let listed = match &self.index {
            None => {
                self.want_index();
                return Lookup::Loading;
            }
            Some(Status::Loading) => return Lookup::Loading,
            Some(Status::Failed(why)) => return Lookup::Failed(why.clone()),
            Some(Status::Loaded(ids)) => ids.iter().any(|listed| listed == id),
        };
        if !listed {
            return Lookup::NotListed;
        }
        match self.file(id) {
            None => {
                self.want_file(id);
                Lookup::Loading
            }
            Some(Status::Loading) => Lookup::Loading,
            Some(Status::Loaded(file)) => Lookup::Found(file.clone()),
            Some(Status::Failed(why)) => Lookup::Failed(why.clone()),
        }
    }

    /// Asks for the index and, once it is there, every file it lists.
    pub fn want_all(&mut self) {
        match &self.index {
            None => self.want_index(),
            Some(Status::Loaded(ids)) => {
                for id in ids.clone() {
                    if self.file(&id).is_none() {
                        self.want_file(&id);
                    }
                }
            }
            Some(_) => {}
        }
    }

    fn want_index(&mut self) {
        self.index = Some(Status::Loading);
        self.to_fetch.push(None);
    }

    fn want_file(&mut self, id: &str) {
        self.files.push((id.to_string(), Status::Loading));
        self.to_fetch.push(Some(id.to_string()));
    }

    /// What was asked for since the last call, for the page to fetch.
    pub fn take_to_fetch(&mut self) -> Vec<Option<String>> {
        std::mem::take(&mut self.to_fetch)
    }

    fn file(&self, id: &str) -> Option<&Status<Rc<T>>> {
        self.files
            .iter()
            .find(|(file, _)| file == id)
            .map(|(_, status)| status)
    }

    /// The index (`None`) or a file arrived, or could not be fetched (`Err`:
    /// why, e.g. `HTTP 404 Not Found`).
    pub fn receive(&mut self, file: Option<&str>, fetched: Result<String, String>) {
        let url = self.url(file);
        let not_loaded = |why| format!("{url} could not be loaded: {why}");
        match file {
            None => {
                self.index = Some(match fetched {
                    Ok(text) => read_index(&url, self.key, &text),
                    Err(why) => Status::Failed(not_loaded(why)),
                });
            }
            Some(id) => {
                let status = match fetched.map(|text| (self.parse)(&text)) {
                    Ok(Ok(parsed)) => Status::Loaded(Rc::new(parsed)),
                    Ok(Err(problems)) => Status::Failed(format!(
                        "{url} could not be read: {}",
                        problems
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    )),
                    Err(why) => Status::Failed(not_loaded(why)),
                };
                match self.files.iter_mut().find(|(file, _)| file == id) {
                    Some((_, stored)) => *stored = status,
                    None => self.files.push((id.to_string(), status)),
                }
            }
        }
    }

    /// The files loaded so far, in the order of the index; whether some are
    /// still on the way; and why any could not be used.
    pub fn listing(&self) -> (Vec<Rc<T>>, bool, Vec<String>) {
        let mut loaded = Vec::new();
        let mut loading = false;
        let mut problems = Vec::new();
        match &self.index {
            None | Some(Status::Loading) => loading = true,
            Some(Status::Failed(why)) => problems.push(why.clone()),
            Some(Status::Loaded(ids)) => {
                for id in ids {
                    match self.file(id) {
                        None | Some(Status::Loading) => loading = true,
                        Some(Status::Loaded(file)) => loaded.push(file.clone()),
                        Some(Status::Failed(why)) => problems.push(why.clone()),
                    }
                }
            }
        }
        (loaded, loading, problems)
    }
}

/// The ids an index lists under `key` (`{"format": …, "lessons": ["id", …]}`).
/// An id must be one a file can be named by: 1 to 64 of a-z, 0-9 and -.
fn read_index(url: &str, key: &str, text: &str) -> Status<Vec<String>> {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => return Status::Failed(format!("{url} could not be read: {error}")),
    };
    let ids: Option<Vec<String>> = value[key].as_array().and_then(|list| {
        list.iter()
            .map(|id| id.as_str().filter(|id| is_file_id(id)).map(str::to_string))
            .collect()
    });
    match ids {
        Some(ids) => Status::Loaded(ids),
        None => Status::Failed(format!(
            "{url} could not be read: {key} is not a list of ids (1 to 64 characters from a-z, 0-9 and -)"
        )),
    }
}

fn is_file_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::error::ROOT;

    /// A shelf of "files" whose text is their id in capitals, unless it is `bad`.
    fn things() -> Shelf<String> {
        Shelf::new("things", "things", |text| {
            if text == "bad" {
                Err(vec![ScenarioError {
                    path: ROOT.to_string(),
                    message: "is bad".to_string(),
                }])
            } else {
                Ok(text.to_uppercase())
            }
        })
    }

    fn index() -> Result<String, String> {
        Ok(r#"{"format": "x", "things": ["a", "b"]}"#.to_string())
    }

    #[test]
    fn an_id_is_found_once_its_index_then_its_file_arrived() {
        let mut shelf = things();
        assert_eq!(shelf.lookup("a"), Lookup::Loading);
        assert_eq!(shelf.take_to_fetch(), vec![None]);
        assert_eq!(shelf.url(None), "things/index.json");
        shelf.receive(None, index());
        assert_eq!(shelf.lookup("a"), Lookup::Loading);
        assert_eq!(shelf.lookup("a"), Lookup::Loading, "asked for once");
        assert_eq!(shelf.take_to_fetch(), vec![Some("a".to_string())]);
        assert_eq!(shelf.url(Some("a")), "things/a.json");
        shelf.receive(Some("a"), Ok("text".to_string()));
        assert_eq!(
            shelf.lookup("a"),
            Lookup::Found(Rc::new("TEXT".to_string()))
        );
        assert_eq!(shelf.lookup("c"), Lookup::NotListed);
        assert_eq!(shelf.take_to_fetch(), Vec::<Option<String>>::new());
    }

    #[test]
    fn a_failure_names_the_file_and_why() {
        let mut shelf = things();
        shelf.lookup("a");
        shelf.receive(None, Err("HTTP 404 Not Found".to_string()));
        assert_eq!(
            shelf.lookup("a"),
            Lookup::Failed("things/index.json could not be loaded: HTTP 404 Not Found".to_string())
        );

        let mut shelf = things();
        shelf.receive(None, index());
        shelf.want_all();
        shelf.receive(Some("a"), Ok("bad".to_string()));
        assert_eq!(
            shelf.lookup("a"),
            Lookup::Failed("things/a.json could not be read: scenario: is bad".to_string())
        );
    }

    #[test]
    fn an_index_that_is_not_a_list_of_ids_fails() {
        for text in ["not json", r#"{"things": "a"}"#, r#"{"things": ["../a"]}"#] {
            let mut shelf = things();
            shelf.receive(None, Ok(text.to_string()));
            assert!(
                matches!(shelf.lookup("a"), Lookup::Failed(why) if why.starts_with("things/index.json could not be read: ")),
                "{text}"
            );
        }
    }

    #[test]
    fn the_listing_holds_what_arrived_in_the_order_of_the_index() {
        let mut shelf = things();
        shelf.want_all();
        assert_eq!(shelf.listing(), (vec![], true, vec![]));
        shelf.receive(None, index());
        shelf.want_all();
        assert_eq!(
            shelf.take_to_fetch(),
            vec![None, Some("a".to_string()), Some("b".to_string())]
        );
        shelf.receive(Some("b"), Ok("b".to_string()));
        assert_eq!(
            shelf.listing(),
            (vec![Rc::new("B".to_string())], true, vec![])
        );
        shelf.receive(Some("a"), Err("HTTP 500 Internal Server Error".to_string()));
        assert_eq!(
            shelf.listing(),
            (
                vec![Rc::new("B".to_string())],
                false,
                vec![
                    "things/a.json could not be loaded: HTTP 500 Internal Server Error".to_string()
                ]
            )
        );
    }
}
