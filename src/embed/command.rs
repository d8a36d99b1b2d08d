//! Commands from the host page, received with `postMessage`: the message's data
//! is a JSON object (or its text) with a `command` key and, optionally, an `id`
//! that the playground echoes in its answer:
//!
//! | command | fields | does |
//! |---|---|---|
//! | `load` | `scenario` (a scenario object) or `link` (a share link) | replaces the session, paused at 0 |
//! | `play` | | plays (in a lesson, continues a caption that waits) |
//! | `pause` | | pauses |
//! | `seek` | `at_ms` | moves to that virtual time, paused |
//! | `run_until` | `event`: an event pattern, as a lesson trigger (`{"kind": "leader_elected", "leader": 2}`) | plays until the next matching event, then pauses there |
//!
//! Messages that are not objects with a `command` key are not for the playground
//! and are ignored without an answer (browsers and extensions post their own).
//! Every other problem is answered with an `error` event naming the field.
//! A command only ever drives the simulation; a loaded scenario is validated like
//! a file, with every count and time bounded.

use std::fmt;

use serde_json::Value;

use crate::lesson::Trigger;
use crate::scenario::error::Problems;
use crate::scenario::reader::{found, quoted, text, Fields};
use crate::scenario::{self, limits::TIME_MS_MAX, Scenario, ScenarioError};
use crate::share::{self, ShareError, JSON_BYTES_MAX};

/// The command names, for messages.
const COMMANDS: &[&str] = &["load", "play", "pause", "seek", "run_until"];

/// A valid command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Load(Box<Scenario>),
    Play,
    Pause,
    Seek { at_ms: u64 },
    RunUntil(Trigger),
}

/// Why a command cannot be obeyed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    /// The message or its scenario is malformed: every problem, with its path
    /// (`message.at_ms`, `scenario.brokers`…).
    Invalid(Vec<ScenarioError>),
    /// The `link` of a `load` cannot be opened.
    Link(ShareError),
    /// The message is larger than a scenario file may be.
    TooLarge { size: usize },
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Invalid(errors) => {
                let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
                write!(f, "{}", shown.join("; "))
            }
            CommandError::Link(error) => write!(f, "link: {error}"),
            CommandError::TooLarge { size } => write!(
                f,
                "the message is {size} bytes of JSON, more than the {JSON_BYTES_MAX} allowed"
            ),
        }
    }
}

/// What a message is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Received {
    /// Not a command: ignore it.
    NotOurs,
    /// A command, with the message's `id` (`Value::Null` when it has none).
    Command { command: Command, id: Value },
    /// A command that cannot be obeyed: answer with the error and the `id`.
    Refused { error: CommandError, id: Value },
}

impl Command {
    /// Reads a message's data as JSON text (the UI stringifies an object).
    pub fn parse(data: &str) -> Received {
        if data.len() > JSON_BYTES_MAX + 1024 {
            // Only a command is that large (a `load`); anything else is not ours.
            return if data.contains("\"command\"") {
                Received::Refused {
                    error: CommandError::TooLarge { size: data.len() },
                    id: Value::Null,
                }
            } else {
                Received::NotOurs
            };
        }
        let message = match serde_json::from_str::<Value>(data) {
            Ok(message) if message.get("command").is_some() => message,
            _ => return Received::NotOurs,
        };
        let id = match message.get("id") {
            None => Value::Null,
            Some(id @ (Value::String(_) | Value::Number(_))) => id.clone(),
            Some(other) => {
                let message = format!("{} is not a string or a number", found(other));
                return Received::Refused {
                    error: CommandError::Invalid(vec![ScenarioError {
                        path: "message.id".into(),
                        message,
                    }]),
                    id: Value::Null,
                };
            }
        };
        match read(&message) {
            Ok(command) => Received::Command { command, id },
            Err(error) => Received::Refused { error, id },
        }
    }
}

fn read(message: &Value) -> Result<Command, CommandError> {
    let mut problems = Problems::rooted("message");
    let command = match Fields::of(&mut problems, "message", message, "a command object") {
        Some(f) => read_fields(&mut problems, &f)?,
        None => None,
    };
    match command {
        Some(command) if problems.count() == 0 => Ok(command),
        _ => Err(CommandError::Invalid(problems.into_vec())),
    }
}

/// The command, `None` (with its problems recorded) if it is not valid.
fn read_fields(problems: &mut Problems, f: &Fields) -> Result<Option<Command>, CommandError> {
    let name = f.get("command").and_then(Value::as_str).unwrap_or_default();
    let allowed: &[&str] = match name {
        "load" => &["command", "id", "scenario", "link"],
        "play" | "pause" => &["command", "id"],
        "seek" => &["command", "id", "at_ms"],
        "run_until" => &["command", "id", "event"],
        _ => {
            let shown = f.get("command").map(found).unwrap_or_default();
            let names: Vec<String> = COMMANDS.iter().map(|c| quoted(c)).collect();
            let message = format!("{shown} is not a command (commands: {})", names.join(", "));
            problems.add(&f.at("command"), message);
            return Ok(None);
        }
    };
    f.reject_unknown(problems, allowed);
    Ok(match name {
        "load" => load(problems, f)?,
        "play" => Some(Command::Play),
        "pause" => Some(Command::Pause),
        "seek" => f
            .whole(problems, "at_ms", 0, TIME_MS_MAX, None)
            .map(|at_ms| Command::Seek { at_ms }),
        _ => match f.get("event") {
            Some(event) => Trigger::read(problems, &f.at("event"), event).map(Command::RunUntil),
            None => {
                problems.add(
                    &f.at("event"),
                    "missing; required: an event pattern such as {\"kind\": \"leader_elected\"}",
                );
                None
            }
        },
    })
}

fn load(problems: &mut Problems, f: &Fields) -> Result<Option<Command>, CommandError> {
    let load = |scenario| Some(Command::Load(Box::new(scenario)));
    match (f.get("scenario"), f.get("link")) {
        (Some(doc), None) => match scenario::parse_value(doc) {
            Ok(scenario) => Ok(load(scenario)),
            Err(errors) => {
                problems.add_embedded(&f.at("scenario"), errors);
                Ok(None)
            }
        },
        (None, Some(link)) => match text(problems, &f.at("link"), link) {
            Some(link) => share::decode(link).map(load).map_err(CommandError::Link),
            None => Ok(None),
        },
        _ => {
            problems.add(
                f.path(),
                "a load command has either \"scenario\" (a scenario object) or \"link\" (a share link), not both",
            );
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Filter;
    use serde_json::json;

    fn command(message: Value) -> Command {
        match Command::parse(&message.to_string()) {
            Received::Command { command, .. } => command,
            other => panic!("{message}: {other:?}"),
        }
    }

    fn refused(message: Value) -> (String, Value) {
        match Command::parse(&message.to_string()) {
            Received::Refused { error, id } => (error.to_string(), id),
            other => panic!("{message}: {other:?}"),
        }
    }

    const SCENARIO: &str = r#"{"format": "kafka-playground/scenario@1", "brokers": 3}"#;

    #[test]
    fn reads_every_command() {
        assert_eq!(command(json!({"command": "play"})), Command::Play);
        assert_eq!(
            command(json!({"command": "pause", "id": 7})),
            Command::Pause
        );
        assert_eq!(
            command(json!({"command": "seek", "at_ms": 5000})),
            Command::Seek { at_ms: 5000 }
        );
        assert_eq!(
            command(
                json!({"command": "run_until", "event": {"kind": "leader_elected", "leader": 2}})
            ),
            Command::RunUntil(Trigger {
                kind: "leader_elected".into(),
                filters: vec![("leader".into(), Filter::Equals(json!(2)))],
            })
        );
        let scenario = scenario::parse(SCENARIO).unwrap();
        let doc: Value = serde_json::from_str(SCENARIO).unwrap();
        assert_eq!(
            command(json!({"command": "load", "scenario": doc})),
            Command::Load(Box::new(scenario.clone()))
        );
        let link = share::encode(&scenario).unwrap();
        assert_eq!(
            command(json!({"command": "load", "link": format!("https://x.example/#{link}")})),
            Command::Load(Box::new(scenario))
        );
    }

    #[test]
    fn echoes_the_id() {
        assert_eq!(
            Command::parse(r#"{"command": "play", "id": "a1"}"#),
            Received::Command {
                command: Command::Play,
                id: json!("a1")
            }
        );
        assert_eq!(refused(json!({"command": "fly", "id": 3})).1, json!(3));
    }

    #[test]
    fn other_messages_are_not_ours() {
        for data in [
            "",
            "hello",
            "42",
            "[1, 2]",
            r#"{"type": "webpackOk"}"#,
            r#"{"source": "react-devtools", "payload": {}}"#,
        ] {
            assert_eq!(Command::parse(data), Received::NotOurs, "{data:?}");
        }
    }

    #[test]
    fn explains_what_is_wrong_with_a_command() {
        assert_eq!(
            refused(json!({"command": "fly"})).0,
            r#"message.command: "fly" is not a command (commands: "load", "play", "pause", "seek", "run_until")"#
        );
        assert_eq!(
            refused(json!({"command": "seek", "at_ms": -1})).0,
            "message.at_ms: -1 is not a whole number from 0 to 2678400000"
        );
        assert_eq!(
            refused(json!({"command": "play", "speed": 2})).0,
            "message.speed: unknown key \"speed\" (allowed: command, id)"
        );
        assert!(
            refused(json!({"command": "run_until", "event": {"kind": "exploded"}}))
                .0
                .starts_with("message.event.kind: \"exploded\" is not an event kind")
        );
        assert_eq!(
            refused(json!({"command": "run_until"})).0,
            "message.event: missing; required: an event pattern such as {\"kind\": \"leader_elected\"}"
        );
        assert_eq!(
            refused(json!({"command": "load", "scenario": {"format": "kafka-playground/scenario@1", "brokers": 0}})).0,
            "message.scenario.brokers: 0 is not a whole number from 1 to 32"
        );
        assert!(refused(json!({"command": "load", "link": "#s=9.abc"}))
            .0
            .starts_with("link: the link is in share format version \"9\""));
        assert!(refused(json!({"command": "load"})).0.contains("either"));
        assert_eq!(
            refused(json!({"command": "play", "id": [1]})),
            (
                "message.id: an array is not a string or a number".into(),
                Value::Null
            )
        );
    }

    #[test]
    fn a_message_larger_than_a_scenario_file_is_refused_unread() {
        let huge = format!(
            r#"{{"command": "load", "link": "{}"}}"#,
            "A".repeat(JSON_BYTES_MAX + 2000)
        );
        assert!(matches!(
            Command::parse(&huge),
            Received::Refused {
                error: CommandError::TooLarge { .. },
                ..
            }
        ));
    }
}
