//! A config form's draft: the raw text of every field the user edited, kept as
//! typed. Validation is the scenario format's own: the draft is written into the
//! scenario's JSON and read back with [`scenario::parse_value`], and each error is
//! shown beside the field at its path. So a form never duplicates a rule, an
//! invalid value never reaches the engine, and the rest of the form is never lost.

use serde_json::{Map, Value};

use crate::engine::config::ConfigDef;
use crate::engine::vec_map::VecMap;
use crate::scenario::{self, path, Scenario, ScenarioError};

/// One step into the scenario JSON: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Where a field's value lives in the scenario JSON (`topics`, 0, `partitions`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FieldPath(pub Vec<Step>);

impl FieldPath {
    pub fn key(key: &str) -> FieldPath {
        FieldPath(vec![Step::Key(key.into())])
    }

    pub fn then_key(&self, key: &str) -> FieldPath {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.into()));
        FieldPath(steps)
    }

    pub fn then_index(&self, i: usize) -> FieldPath {
        let mut steps = self.0.clone();
        steps.push(Step::Index(i));
        FieldPath(steps)
    }

    /// The path as validation errors write it: `topics[0].config."retention.ms"`.
    pub fn text(&self) -> String {
        self.0.iter().fold(String::new(), |out, step| match step {
            Step::Key(k) => path::key(&out, k),
            Step::Index(i) => path::index(&out, *i),
        })
    }

    /// The value at this path in `doc`, if present.
    fn get<'a>(&self, doc: &'a Value) -> Option<&'a Value> {
        self.0.iter().try_fold(doc, |value, step| match step {
            Step::Key(k) => value.get(k),
            Step::Index(i) => value.get(i),
        })
    }
}

/// How a field's text becomes JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A number when the text is one, else the text (which validation refuses).
    Number,
    Text,
    /// A list of names, written comma-separated.
    Names,
    /// A checkbox: `true` or `false`.
    Flag,
    /// A Kafka config: a whole number, else the text as typed (Kafka parses
    /// config strings); empty means "not set", so Kafka's default applies.
    Config(&'static ConfigDef),
}

impl FieldKind {
    /// The JSON for `text`, or `None` to leave the key out.
    pub fn to_json(self, text: &str) -> Option<Value> {
        match self {
            // A whole number too large for 64 bits stays text, so that its
            // message quotes it as typed rather than as a rounded float.
            FieldKind::Number => Some(match serde_json::from_str::<Value>(text.trim()) {
                Ok(Value::Number(n)) if !n.is_f64() || text.contains(['.', 'e', 'E']) => {
                    Value::Number(n)
                }
                _ => Value::String(text.to_string()),
            }),
            FieldKind::Text => Some(Value::String(text.to_string())),
            FieldKind::Names => Some(Value::Array(
                text.split(',')
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(|name| Value::String(name.into()))
                    .collect(),
            )),
            FieldKind::Flag => Some(Value::Bool(text == "true")),
            FieldKind::Config(_) if text.trim().is_empty() => None,
            // Whole numbers as numbers, so that messages quote them as typed.
            FieldKind::Config(_) => Some(match text.trim().parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => Value::String(text.to_string()),
            }),
        }
    }

    /// How a value found in the scenario JSON is shown in the field.
    fn display(self, value: Option<&Value>) -> String {
        match (self, value) {
            (_, None) => match self {
                FieldKind::Flag => "false".into(),
                _ => String::new(),
            },
            (_, Some(Value::String(s))) => s.clone(),
            (_, Some(Value::Array(items))) => items
                .iter()
                .map(|item| item.as_str().map_or_else(|| item.to_string(), String::from))
                .collect::<Vec<_>>()
                .join(", "),
            (_, Some(other)) => other.to_string(),
        }
    }
}

/// One field of a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub path: FieldPath,
    /// Kafka's config name or the scenario format's key.
    pub label: String,
    pub kind: FieldKind,
    /// Shown beside the field; for a config, Kafka's default.
    pub default: Option<String>,
    pub doc: String,
}

impl Field {
    pub fn new(path: FieldPath, label: &str, kind: FieldKind) -> Field {
        Field {
            path,
            label: label.into(),
            kind,
            default: None,
            doc: String::new(),
        }
    }

    /// The field of a Kafka config in the config object at `object`.
    pub fn config(object: &FieldPath, def: &'static ConfigDef) -> Field {
        Field {
            path: object.then_key(def.name),
            label: def.name.into(),
            kind: FieldKind::Config(def),
            default: Some(def.default.into()),
            doc: def.doc.into(),
        }
    }

    pub fn with_default(mut self, default: &str) -> Field {
        self.default = Some(default.into());
        self
    }
}

/// A titled group of fields (one topic, one producer, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub fields: Vec<Field>,
}

/// The edited fields' raw text, by path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    edits: VecMap<FieldPath, (FieldKind, String)>,
}

impl Draft {
    pub fn edit(&mut self, field: &Field, text: String) {
        self.edits.insert(field.path.clone(), (field.kind, text));
    }

    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// The edited fields: path, kind and text as typed.
    pub fn edits(&self) -> impl Iterator<Item = (&FieldPath, FieldKind, &str)> {
        self.edits
            .iter()
            .map(|(path, (kind, text))| (path, *kind, text.as_str()))
    }

    /// The text the field shows: as edited, else its value in `scenario`.
    pub fn text_of(&self, field: &Field, doc: &Value) -> String {
        match self.edits.get(&field.path) {
            Some((_, text)) => text.clone(),
            None => field.kind.display(field.path.get(doc)),
        }
    }

    /// `scenario` with the edits, validated as a scenario file is.
    pub fn apply_to(&self, scenario: &Scenario) -> Result<Scenario, Vec<ScenarioError>> {
        let mut doc = scenario::to_json(scenario);
        for (path, (kind, text)) in &self.edits {
            set(&mut doc, &path.0, kind.to_json(text));
        }
        scenario::parse_value(&doc)
    }
}

/// Sets (or, with `None`, removes) the value at `steps`, making missing objects.
fn set(doc: &mut Value, steps: &[Step], value: Option<Value>) {
    let Some((last, parents)) = steps.split_last() else {
        return;
    };
    let mut at = doc;
    for step in parents {
        let next = match step {
            Step::Key(k) => {
                if !at.is_object() {
                    *at = Value::Object(Map::new());
                }
                at.as_object_mut()
                    .map(|o| o.entry(k.clone()).or_insert(Value::Object(Map::new())))
            }
            Step::Index(i) => at.get_mut(i),
        };
        // A field outside the scenario (it changed under the form) sets nothing.
        let Some(next) = next else {
            return;
        };
        at = next;
    }
    match (last, value) {
        (Step::Key(k), Some(v)) => {
            if let Some(o) = at.as_object_mut() {
                o.insert(k.clone(), v);
            }
        }
        (Step::Key(k), None) => {
            if let Some(o) = at.as_object_mut() {
                o.remove(k);
            }
        }
        (Step::Index(i), v) => {
            if let Some(slot) = at.get_mut(i) {
                *slot = v.unwrap_or(Value::Null);
            }
        }
    }
}

/// The validation messages of a form: those at a field's path (or at an item of
/// a list field), by the field's path text, and the others (a rule across
/// fields, reported elsewhere in the document).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Messages {
    pub by_field: VecMap<String, String>,
    pub others: Vec<ScenarioError>,
}

impl Messages {
    pub fn of(errors: Vec<ScenarioError>, sections: &[Section]) -> Messages {
        let mut messages = Messages::default();
        let paths: Vec<String> = sections
            .iter()
            .flat_map(|s| s.fields.iter().map(|f| f.path.text()))
            .collect();
        for error in errors {
            // An item of a list field (`subscribe[1]`) belongs to the field.
            let field = paths.iter().find(|p| {
                error.path == **p
                    || error
                        .path
                        .strip_prefix(p.as_str())
                        .is_some_and(|rest| rest.starts_with('['))
            });
            match field {
                Some(path) if !messages.by_field.contains_key(path) => {
                    messages.by_field.insert(path.clone(), error.message);
                }
                _ => messages.others.push(error),
            }
        }
        messages
    }
}
