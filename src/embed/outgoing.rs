//! What the playground tells the host page, with `postMessage` to its parent:
//! JSON objects with `"source": "kafka-playground"` and an `event` naming what
//! happened.
//!
//! | event | fields | sent when |
//! |---|---|---|
//! | `ready` | `version` | the playground has loaded and listens for commands |
//! | `state_changed` | `at_ms`, `playing`, `run_until_ms` | it played, paused, seeked or loaded a session |
//! | `lesson_step` | `lesson`, `step` (from 0), `steps`, `caption` | a lesson reached a step |
//! | `event_reached` | `trace_event` (as `kplay run --trace` writes it) | a `run_until` found its event |
//! | `error` | `message`, `id` | a command could not be obeyed (`id`: the command's) |

use serde_json::{json, Value};

use super::{PROTOCOL_VERSION, SOURCE};

/// One message to the host page.
#[derive(Clone, Debug, PartialEq)]
pub enum Outgoing {
    Ready,
    StateChanged {
        at_ms: u64,
        playing: bool,
        run_until_ms: u64,
    },
    LessonStep {
        lesson: String,
        step: usize,
        steps: usize,
        caption: String,
    },
    EventReached {
        trace_event: Value,
    },
    Error {
        message: String,
        id: Value,
    },
}

impl Outgoing {
    /// The message as posted.
    pub fn to_json(&self) -> Value {
        let mut message = match self {
            Outgoing::Ready => json!({"event": "ready", "version": PROTOCOL_VERSION}),
            Outgoing::StateChanged {
                at_ms,
                playing,
                run_until_ms,
            } => json!({
                "event": "state_changed",
                "at_ms": at_ms,
                "playing": playing,
                "run_until_ms": run_until_ms,
            }),
            Outgoing::LessonStep {
                lesson,
                step,
                steps,
                caption,
            } => json!({
                "event": "lesson_step",
                "lesson": lesson,
                "step": step,
                "steps": steps,
                "caption": caption,
            }),
            Outgoing::EventReached { trace_event } => {
                json!({"event": "event_reached", "trace_event": trace_event})
            }
            Outgoing::Error { message, id } => {
                json!({"event": "error", "message": message, "id": id})
            }
        };
        message["source"] = json!(SOURCE);
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_names_its_source_and_event() {
        assert_eq!(
            Outgoing::Ready.to_json(),
            json!({"source": "kafka-playground", "event": "ready", "version": 1})
        );
        assert_eq!(
            Outgoing::StateChanged {
                at_ms: 1500,
                playing: true,
                run_until_ms: 5000
            }
            .to_json(),
            json!({"source": "kafka-playground", "event": "state_changed", "at_ms": 1500, "playing": true, "run_until_ms": 5000})
        );
        assert_eq!(
            Outgoing::LessonStep {
                lesson: "hw-and-leo".into(),
                step: 2,
                steps: 6,
                caption: "Fetch round 1".into()
            }
            .to_json(),
            json!({"source": "kafka-playground", "event": "lesson_step", "lesson": "hw-and-leo", "step": 2, "steps": 6, "caption": "Fetch round 1"})
        );
        let trace_event = json!({"at_ms": 9000, "kind": "broker_fenced", "broker": 1});
        assert_eq!(
            Outgoing::EventReached {
                trace_event: trace_event.clone()
            }
            .to_json(),
            json!({"source": "kafka-playground", "event": "event_reached", "trace_event": trace_event})
        );
        assert_eq!(
            Outgoing::Error {
                message: "message.at_ms: missing".into(),
                id: json!(4)
            }
            .to_json(),
            json!({"source": "kafka-playground", "event": "error", "message": "message.at_ms: missing", "id": 4})
        );
    }
}
