//! Files built into the page (lessons, challenges): each an id and its text, in
//! the order of their folder's `index.json`, parsed when asked for.

use std::rc::Rc;

/// A built-in file: its id (the file name without `.json`) and its text.
pub type BuiltInFile = (&'static str, &'static str);

/// Every file that parses, in order (the native tests make sure all do).
pub fn parse_all<T, E>(files: &[BuiltInFile], parse: impl Fn(&str) -> Result<T, E>) -> Vec<Rc<T>> {
    files
        .iter()
        .filter_map(|(_, text)| parse(text).ok())
        .map(Rc::new)
        .collect()
}

/// The file with this id, parsed.
pub fn parse_one<T, E>(
    files: &[BuiltInFile],
    id: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Option<Rc<T>> {
    let (_, text) = files.iter().find(|(file_id, _)| *file_id == id)?;
    parse(text).ok().map(Rc::new)
}

/// The ids an `index.json` lists under `key`, for the tests that check a
/// catalogue against its index.
#[cfg(test)]
pub fn index_ids(index_json: &str, key: &str) -> Vec<String> {
    let index: serde_json::Value = serde_json::from_str(index_json).unwrap();
    index[key]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|id| id.as_str().map(str::to_string))
        .collect()
}
