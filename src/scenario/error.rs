//! Validation errors: one per problem, each naming the JSON path, what was found
//! and what is allowed.

use std::fmt;

/// One problem in a scenario document. Displays as `{path}: {message}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// Where, written like jq: `script[3].broker`, `topics[0].config."retention.ms"`,
    /// or `scenario` for the whole document.
    pub path: String,
    /// What was found and what is allowed.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ScenarioError {}

/// The path of the whole document.
pub const ROOT: &str = "scenario";

/// The problems found so far, in document order.
#[derive(Debug)]
pub(crate) struct Problems {
    list: Vec<ScenarioError>,
    /// The path of the whole document.
    root: &'static str,
}

impl Default for Problems {
    fn default() -> Self {
        Problems::rooted(ROOT)
    }
}

impl Problems {
    /// No problems yet, in a document whose whole is named `root` (`lesson`, …).
    pub fn rooted(root: &'static str) -> Self {
        Problems {
            list: Vec::new(),
            root,
        }
    }

    /// Records a problem at `path` (the empty path is the whole document).
    pub fn add(&mut self, path: &str, message: impl Into<String>) {
        let path = if path.is_empty() { self.root } else { path };
        self.list.push(ScenarioError {
            path: path.to_string(),
            message: message.into(),
        });
    }

    pub fn count(&self) -> usize {
        self.list.len()
    }

    pub fn into_vec(self) -> Vec<ScenarioError> {
        self.list
    }

    /// Records the errors of a document embedded at `path` (their paths are
    /// relative to it, the embedded document's own root being `scenario`).
    pub fn add_embedded(&mut self, path: &str, errors: Vec<ScenarioError>) {
        for error in errors {
            let full = if error.path == ROOT {
                path.to_string()
            } else {
                format!("{path}.{}", error.path)
            };
            self.add(&full, error.message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_path_then_message() {
        let error = ScenarioError {
            path: "script[3].broker".into(),
            message: "broker 7 does not exist (this cluster has brokers 1..3)".into(),
        };
        assert_eq!(
            error.to_string(),
            "script[3].broker: broker 7 does not exist (this cluster has brokers 1..3)"
        );
    }

    #[test]
    fn the_empty_path_is_the_whole_document() {
        let mut problems = Problems::default();
        problems.add("", "bad");
        problems.add("brokers", "worse");
        assert_eq!(problems.count(), 2);
        let paths: Vec<String> = problems.into_vec().into_iter().map(|e| e.path).collect();
        assert_eq!(paths, vec!["scenario", "brokers"]);
    }

    #[test]
    fn embedded_errors_are_placed_under_their_path() {
        let mut problems = Problems::rooted("lesson");
        problems.add("", "bad");
        let error = |path: &str| ScenarioError {
            path: path.into(),
            message: "m".into(),
        };
        problems.add_embedded(
            "variation.scenario",
            vec![error("scenario"), error("topics[0].name"), error("\"x y\"")],
        );
        let paths: Vec<String> = problems.into_vec().into_iter().map(|e| e.path).collect();
        assert_eq!(
            paths,
            vec![
                "lesson",
                "variation.scenario",
                "variation.scenario.topics[0].name",
                "variation.scenario.\"x y\""
            ]
        );
    }
}
