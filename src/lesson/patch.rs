//! A suggested scenario change, as a JSON Patch (RFC 6902) restricted to `add`,
//! `replace` and `remove`, with JSON Pointers (RFC 6901) into the scenario's
//! canonical JSON ([`to_json`](crate::scenario::to_json)):
//! `{"op": "replace", "path": "/producers/0/config/acks", "value": "all"}`.

use serde_json::Value;

use crate::scenario::error::Problems;
use crate::scenario::reader::{found, quoted, text, Fields};

const OPS: &str = "\"add\", \"replace\" or \"remove\"";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchOp {
    Add,
    Replace,
    Remove,
}

/// One operation of a patch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub op: PatchOp,
    /// The JSON Pointer as written.
    pub path: String,
    /// `None` for `remove`.
    pub value: Option<Value>,
}

impl Change {
    /// Reads one operation at `path`.
    pub(crate) fn read(problems: &mut Problems, path: &str, value: &Value) -> Option<Change> {
        let f = Fields::of(problems, path, value, "a patch operation (op, path, value)")?;
        let op = match f.required(problems, "op", OPS)? {
            Value::String(s) if s == "add" => PatchOp::Add,
            Value::String(s) if s == "replace" => PatchOp::Replace,
            Value::String(s) if s == "remove" => PatchOp::Remove,
            other => {
                problems.add(&f.at("op"), format!("{} is not {OPS}", found(other)));
                return None;
            }
        };
        let allowed: &[&str] = match op {
            PatchOp::Remove => &["op", "path"],
            PatchOp::Add | PatchOp::Replace => &["op", "path", "value"],
        };
        f.reject_unknown(problems, allowed);
        let pointer = f.required(problems, "path", "a JSON Pointer")?;
        let pointer = text(problems, &f.at("path"), pointer)?;
        if tokens(pointer).is_none() {
            let message = format!(
                "{} is not a JSON Pointer (\"/key/0/…\", with \"~1\" for \"/\" and \"~0\" for \"~\")",
                quoted(pointer)
            );
            problems.add(&f.at("path"), message);
            return None;
        }
        let value = match op {
            PatchOp::Remove => None,
            PatchOp::Add | PatchOp::Replace => {
                Some(f.required(problems, "value", "a JSON value")?.clone())
            }
        };
        Some(Change {
            op,
            path: pointer.to_string(),
            value,
        })
    }

    /// Applies the operation to `doc`, or says why it does not apply.
    pub fn apply(&self, doc: &mut Value) -> Result<(), String> {
        let tokens = tokens(&self.path).unwrap_or_default();
        let Some((last, parents)) = tokens.split_last() else {
            return match (self.op, &self.value) {
                (PatchOp::Remove, _) | (_, None) => {
                    Err("the whole scenario cannot be removed".into())
                }
                (_, Some(value)) => {
                    *doc = value.clone();
                    Ok(())
                }
            };
        };
        let mut parent = doc;
        for token in parents {
            parent = child(parent, token).ok_or_else(|| self.missing())?;
        }
        match (self.op, parent) {
            (PatchOp::Add, Value::Object(map)) => {
                map.insert(last.clone(), self.value.clone().unwrap_or_default());
            }
            (PatchOp::Add, Value::Array(items)) => {
                let at = if last == "-" {
                    Some(items.len())
                } else {
                    index(last).filter(|i| *i <= items.len())
                };
                let at = at.ok_or_else(|| self.missing())?;
                items.insert(at, self.value.clone().unwrap_or_default());
            }
            (PatchOp::Replace, parent) => {
                let target = child(parent, last).ok_or_else(|| self.missing())?;
                *target = self.value.clone().unwrap_or_default();
            }
            (PatchOp::Remove, Value::Object(map)) => {
                map.remove(last).ok_or_else(|| self.missing())?;
            }
            (PatchOp::Remove, Value::Array(items)) => {
                let at = index(last)
                    .filter(|i| *i < items.len())
                    .ok_or_else(|| self.missing())?;
                items.remove(at);
            }
            _ => return Err(self.missing()),
        }
        Ok(())
    }

    fn missing(&self) -> String {
        format!("{} is not in the scenario", quoted(&self.path))
    }
}

/// The reference tokens of a pointer, unescaped; `None` when it is not a pointer.
fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/')
        .map(|token| {
            let mut out = String::with_capacity(token.len());
            let mut chars = token.chars();
            while let Some(c) = chars.next() {
                if c != '~' {
                    out.push(c);
                    continue;
                }
                match chars.next() {
                    Some('0') => out.push('~'),
                    Some('1') => out.push('/'),
                    _ => return None,
                }
            }
            Some(out)
        })
        .collect()
}

fn index(token: &str) -> Option<usize> {
    let canonical = token == "0" || !token.starts_with('0');
    token
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| token.parse().ok())
        .flatten()
        .filter(|_| canonical)
}

fn child<'a>(value: &'a mut Value, token: &str) -> Option<&'a mut Value> {
    match value {
        Value::Object(map) => map.get_mut(token),
        Value::Array(items) => items.get_mut(index(token)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(value: Value) -> Result<Change, Vec<String>> {
        let mut problems = Problems::rooted("lesson");
        let change = Change::read(&mut problems, "variation.change[0]", &value);
        let errors: Vec<String> = problems
            .into_vec()
            .iter()
            .map(ToString::to_string)
            .collect();
        change.filter(|_| errors.is_empty()).ok_or(errors)
    }

    fn applied(doc: Value, op: Value) -> Result<Value, String> {
        let mut doc = doc;
        change(op).map_err(|e| e.join("; "))?.apply(&mut doc)?;
        Ok(doc)
    }

    #[test]
    fn add_replace_and_remove_follow_rfc_6902() {
        let doc = json!({"a": {"b/c": 1, "~": 2}, "list": [1, 2]});
        assert_eq!(
            applied(
                doc.clone(),
                json!({"op": "replace", "path": "/a/b~1c", "value": 5})
            ),
            Ok(json!({"a": {"b/c": 5, "~": 2}, "list": [1, 2]}))
        );
        assert_eq!(
            applied(doc.clone(), json!({"op": "remove", "path": "/a/~0"})),
            Ok(json!({"a": {"b/c": 1}, "list": [1, 2]}))
        );
        assert_eq!(
            applied(
                doc.clone(),
                json!({"op": "add", "path": "/list/-", "value": 3})
            ),
            Ok(json!({"a": {"b/c": 1, "~": 2}, "list": [1, 2, 3]}))
        );
        assert_eq!(
            applied(
                doc.clone(),
                json!({"op": "add", "path": "/list/0", "value": 0})
            ),
            Ok(json!({"a": {"b/c": 1, "~": 2}, "list": [0, 1, 2]}))
        );
        assert_eq!(
            applied(
                doc.clone(),
                json!({"op": "add", "path": "/a/new", "value": null})
            ),
            Ok(json!({"a": {"b/c": 1, "~": 2, "new": null}, "list": [1, 2]}))
        );
        assert_eq!(
            applied(doc.clone(), json!({"op": "remove", "path": "/list/1"})),
            Ok(json!({"a": {"b/c": 1, "~": 2}, "list": [1]}))
        );
    }

    #[test]
    fn paths_that_are_not_there_are_refused() {
        let doc = json!({"a": {"b": 1}, "list": [1]});
        for op in [
            json!({"op": "replace", "path": "/a/c", "value": 1}),
            json!({"op": "remove", "path": "/list/1"}),
            json!({"op": "add", "path": "/list/2", "value": 1}),
            json!({"op": "add", "path": "/list/01", "value": 1}),
            json!({"op": "add", "path": "/x/y", "value": 1}),
            json!({"op": "add", "path": "/a/b/c", "value": 1}),
        ] {
            let path = op["path"].as_str().unwrap_or("").to_string();
            assert_eq!(
                applied(doc.clone(), op),
                Err(format!("\"{path}\" is not in the scenario"))
            );
        }
    }

    #[test]
    fn malformed_operations_are_explained() {
        assert_eq!(
            change(json!({"op": "move", "path": "/a"})),
            Err(vec![
                "variation.change[0].op: \"move\" is not \"add\", \"replace\" or \"remove\"".into()
            ])
        );
        assert_eq!(
            change(json!({"op": "replace", "path": "a/b", "value": 1})),
            Err(vec!["variation.change[0].path: \"a/b\" is not a JSON Pointer (\"/key/0/…\", with \"~1\" for \"/\" and \"~0\" for \"~\")".into()])
        );
        assert_eq!(
            change(json!({"op": "remove", "path": "/a~2", "value": 1})),
            Err(vec![
                "variation.change[0].value: unknown key \"value\" (allowed: op, path)".into(),
                "variation.change[0].path: \"/a~2\" is not a JSON Pointer (\"/key/0/…\", with \"~1\" for \"/\" and \"~0\" for \"~\")".into(),
            ])
        );
        assert_eq!(
            change(json!({"op": "add", "path": "/a"})),
            Err(vec![
                "variation.change[0].value: missing; required: a JSON value".into()
            ])
        );
    }
}
