//! The built-in challenges (`static/challenges/`), compiled into the page, in the
//! order of `index.json`.

use std::rc::Rc;

use crate::challenge::Challenge;
use crate::ui::built_in::{parse_all, parse_one, BuiltInFile};

/// Each challenge's id and file, in the order of `static/challenges/index.json`
/// (a test checks the two agree).
const FILES: &[BuiltInFile] = &[
    (
        "lose-an-acks1-record",
        include_str!("../../../static/challenges/lose-an-acks1-record.json"),
    ),
    (
        "lose-an-acks-all-record",
        include_str!("../../../static/challenges/lose-an-acks-all-record.json"),
    ),
    (
        "writable-while-broker-down",
        include_str!("../../../static/challenges/writable-while-broker-down.json"),
    ),
    (
        "reorder-records",
        include_str!("../../../static/challenges/reorder-records.json"),
    ),
    (
        "write-a-record-twice",
        include_str!("../../../static/challenges/write-a-record-twice.json"),
    ),
    (
        "process-a-record-twice",
        include_str!("../../../static/challenges/process-a-record-twice.json"),
    ),
];

/// Every built-in challenge, in order (one that does not parse is left out; the
/// native tests make sure none does).
pub fn challenges() -> Vec<Rc<Challenge>> {
    parse_all(FILES, Challenge::parse)
}

/// The built-in challenge with this id.
pub fn challenge(id: &str) -> Option<Rc<Challenge>> {
    parse_one(FILES, id, Challenge::parse)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::built_in::index_ids;

    #[test]
    fn every_challenge_of_the_index_is_built_in_in_its_order() {
        let listed = index_ids(
            include_str!("../../../static/challenges/index.json"),
            "challenges",
        );
        let built_in: Vec<&str> = FILES.iter().map(|(id, _)| *id).collect();
        assert_eq!(built_in, listed);
        let parsed: Vec<String> = challenges().iter().map(|c| c.id.clone()).collect();
        assert_eq!(
            parsed, listed,
            "every built-in challenge parses, its id names its file"
        );
        assert_eq!(challenge("reorder-records").unwrap().id, "reorder-records");
        assert_eq!(challenge("nope"), None);
    }
}
