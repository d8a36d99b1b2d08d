//! Step triggers: a pattern matched against engine events in their trace form
//! (`{"at_ms": …, "kind": …, …fields}`). `{"kind": "leader_elected", "leader": 2}`
//! matches an event of that kind whose `leader` field equals 2; a filter
//! `{"contains": X}` matches a list field holding X (`"ids": {"contains": "p#5"}`).
//! Every named field must equal (or contain) its value; fields not named are free.

use serde_json::Value;

use super::event_kinds::{fields_of, EVENT_KINDS};
use crate::scenario::error::Problems;
use crate::scenario::reader::{found, quoted, Fields};

/// What one field of the event must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    Equals(Value),
    /// The field is a list holding this value.
    Contains(Value),
}

/// An event pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trigger {
    /// The event kind, e.g. `leader_elected`.
    pub kind: String,
    /// Field filters, by field name.
    pub filters: Vec<(String, Filter)>,
}

impl Trigger {
    /// Whether the event (trace form) matches.
    pub fn matches(&self, event: &Value) -> bool {
        event.get("kind").and_then(Value::as_str) == Some(&self.kind)
            && self
                .filters
                .iter()
                .all(|(field, filter)| match (filter, event.get(field)) {
                    (Filter::Equals(want), Some(have)) => want == have,
                    (Filter::Contains(want), Some(Value::Array(items))) => items.contains(want),
                    _ => false,
                })
    }

    /// Reads a trigger at `path`.
    pub(crate) fn read(problems: &mut Problems, path: &str, value: &Value) -> Option<Trigger> {
        let expected = "an event pattern (an object with \"kind\" and field filters)";
        let f = Fields::of(problems, path, value, expected)?;
        let kind = match f.required(problems, "kind", "an event kind")? {
            Value::String(kind) if fields_of(kind).is_some() => kind.clone(),
            other => {
                let kinds: Vec<&str> = EVENT_KINDS.iter().map(|(k, _)| *k).collect();
                problems.add(
                    &f.at("kind"),
                    format!(
                        "{} is not an event kind (kinds: {})",
                        found(other),
                        kinds.join(", ")
                    ),
                );
                return None;
            }
        };
        let fields = fields_of(&kind).unwrap_or_default();
        let mut filters = Vec::new();
        let before = problems.count();
        for (name, want) in f.entries() {
            if name == "kind" {
                continue;
            }
            if !fields.contains(&name) {
                let message = format!(
                    "{} is not a field of {kind} events (its fields: {})",
                    quoted(name),
                    if fields.is_empty() {
                        "none".to_string()
                    } else {
                        fields.join(", ")
                    }
                );
                problems.add(&f.at(name), message);
                continue;
            }
            let filter = match want {
                Value::Object(map) => match (map.len(), map.get("contains")) {
                    (1, Some(item)) => Filter::Contains(item.clone()),
                    _ => {
                        let message = "an object is not a filter (a JSON value the field must equal, or {\"contains\": value} for a list field)";
                        problems.add(&f.at(name), message);
                        continue;
                    }
                },
                other => Filter::Equals(other.clone()),
            };
            filters.push((name.to_string(), filter));
        }
        (problems.count() == before).then_some(Trigger { kind, filters })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: Value) -> Result<Trigger, Vec<String>> {
        let mut problems = Problems::rooted("lesson");
        let trigger = Trigger::read(&mut problems, "steps[0].when", &value);
        let errors: Vec<String> = problems
            .into_vec()
            .iter()
            .map(ToString::to_string)
            .collect();
        trigger.filter(|_| errors.is_empty()).ok_or(errors)
    }

    #[test]
    fn matches_kind_and_every_filter() {
        let t = read(json!({"kind": "leader_elected", "leader": 2, "isr": [2, 3]})).unwrap();
        let event = json!({"at_ms": 1, "kind": "leader_elected", "leader": 2, "isr": [2, 3], "leader_epoch": 1});
        assert!(t.matches(&event));
        assert!(!t.matches(&json!({"kind": "leader_elected", "leader": 3, "isr": [2, 3]})));
        assert!(!t.matches(&json!({"kind": "isr_changed", "leader": 2, "isr": [2, 3]})));
        assert!(!t.matches(&json!({"kind": "leader_elected", "isr": [2, 3]})));
    }

    #[test]
    fn contains_matches_a_list_member() {
        let t = read(json!({"kind": "records_appended", "ids": {"contains": "p#5"}})).unwrap();
        assert!(t.matches(&json!({"kind": "records_appended", "ids": ["p#4", "p#5"]})));
        assert!(!t.matches(&json!({"kind": "records_appended", "ids": ["p#4"]})));
        assert!(!t.matches(&json!({"kind": "records_appended", "ids": "p#5"})));
    }

    #[test]
    fn bad_patterns_are_explained() {
        assert_eq!(
            read(json!({"kind": "leader_elect", "leader": 2})).unwrap_err()[0]
                .split(" (kinds:")
                .next(),
            Some("steps[0].when.kind: \"leader_elect\" is not an event kind")
        );
        assert_eq!(
            read(json!({"kind": "broker_crashed", "leader": 2, "broker": {"x": 1}})).unwrap_err(),
            vec![
                "steps[0].when.broker: an object is not a filter (a JSON value the field must equal, or {\"contains\": value} for a list field)",
                "steps[0].when.leader: \"leader\" is not a field of broker_crashed events (its fields: broker)",
            ]
        );
        assert_eq!(
            read(json!({"leader": 2})).unwrap_err(),
            vec!["steps[0].when.kind: missing; required: an event kind"]
        );
        assert_eq!(
            read(json!("leader_elected")).unwrap_err(),
            vec!["steps[0].when: \"leader_elected\" is not an event pattern (an object with \"kind\" and field filters)"]
        );
    }
}
