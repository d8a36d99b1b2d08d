//! The built-in lessons (`static/lessons/`), compiled into the page so that a
//! lesson opens without a network request, in the order of `index.json`.

use std::rc::Rc;

use crate::lesson::Lesson;
use crate::ui::built_in::{parse_all, parse_one, BuiltInFile};

/// Each lesson's id and file, in the order of `static/lessons/index.json`
/// (a test checks the two agree).
const FILES: &[BuiltInFile] = &[
    (
        "hw-and-leo",
        include_str!("../../../static/lessons/hw-and-leo.json"),
    ),
    (
        "retention",
        include_str!("../../../static/lessons/retention.json"),
    ),
    (
        "election-order",
        include_str!("../../../static/lessons/election-order.json"),
    ),
    (
        "acks1-clean-failover",
        include_str!("../../../static/lessons/acks1-clean-failover.json"),
    ),
    (
        "unclean-election",
        include_str!("../../../static/lessons/unclean-election.json"),
    ),
    (
        "min-insync-replicas",
        include_str!("../../../static/lessons/min-insync-replicas.json"),
    ),
    (
        "idempotent-producer",
        include_str!("../../../static/lessons/idempotent-producer.json"),
    ),
    (
        "commit-on-shutdown",
        include_str!("../../../static/lessons/commit-on-shutdown.json"),
    ),
    (
        "compaction",
        include_str!("../../../static/lessons/compaction.json"),
    ),
    (
        "rebalancing",
        include_str!("../../../static/lessons/rebalancing.json"),
    ),
];

/// Every built-in lesson, in order. A file that does not parse is left out (the
/// native tests make sure none does).
pub fn lessons() -> Vec<Rc<Lesson>> {
    parse_all(FILES, Lesson::parse)
}

/// The built-in lesson with this id.
pub fn lesson(id: &str) -> Option<Rc<Lesson>> {
    parse_one(FILES, id, Lesson::parse)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::built_in::index_ids;

    #[test]
    fn every_lesson_of_the_index_is_built_in_in_its_order() {
        let listed = index_ids(
            include_str!("../../../static/lessons/index.json"),
            "lessons",
        );
        let built_in: Vec<&str> = FILES.iter().map(|(id, _)| *id).collect();
        assert_eq!(built_in, listed);
        let parsed: Vec<String> = lessons().iter().map(|l| l.id.clone()).collect();
        assert_eq!(
            parsed, listed,
            "every built-in lesson parses, its id names its file"
        );
    }

    #[test]
    fn finds_a_lesson_by_id() {
        assert_eq!(lesson("election-order").unwrap().id, "election-order");
        assert_eq!(lesson("no-such-lesson"), None);
    }
}
