//! What a challenge allows the student to add to its script: which ops, how many
//! actions and faults, when, and how many records their `produce` actions send.
//! Faults are `crash_broker`, `shutdown_broker`, `partition_network`, `isolate`,
//! `slow_broker` and `kill_consumer`; repairs (`restart_broker`, `heal_network`)
//! and everything else are not.
//!
//! ```json
//! "limits": { "ops": ["crash_broker", "restart_broker"], "faults_max": 2,
//!             "actions_max": 6, "from_ms": 10000, "until_ms": 60000, "records_max": 0 }
//! ```
//!
//! Every field is optional: `ops` defaults to every op, `faults_max` to no bound
//! beyond `actions_max`, which defaults to [`ACTIONS_MAX_DEFAULT`]; the window
//! defaults to the whole run; `records_max` to [`RECORDS_MAX_DEFAULT`].

use serde_json::Value;

use crate::engine::action::{Action, TimedAction};
use crate::scenario::error::Problems;
use crate::scenario::limits::{SCRIPT_ENTRIES_MAX, TIME_MS_MAX};
use crate::scenario::op::OPS;
use crate::scenario::reader::{array, found, Fields};
use crate::scenario::write::op_name;

/// Added actions when `actions_max` is not given.
pub const ACTIONS_MAX_DEFAULT: u64 = 20;

/// Records the added `produce` actions may send when `records_max` is not given.
pub const RECORDS_MAX_DEFAULT: u64 = 100;

const FAULTS: &[&str] = &[
    "crash_broker",
    "shutdown_broker",
    "partition_network",
    "isolate",
    "slow_broker",
    "kill_consumer",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The ops the student may use; `None`: every op.
    pub ops: Option<Vec<String>>,
    pub faults_max: Option<u64>,
    pub actions_max: u64,
    pub from_ms: u64,
    /// `None`: until the run stops.
    pub until_ms: Option<u64>,
    pub records_max: u64,
}

impl Limits {
    /// Reads `limits` (absent: the defaults).
    pub(crate) fn read(
        problems: &mut Problems,
        path: &str,
        value: Option<&Value>,
    ) -> Option<Limits> {
        let Some(value) = value else {
            return Some(Limits {
                ops: None,
                faults_max: None,
                actions_max: ACTIONS_MAX_DEFAULT,
                from_ms: 0,
                until_ms: None,
                records_max: RECORDS_MAX_DEFAULT,
            });
        };
        let f = Fields::of(problems, path, value, "limits (an object)")?;
        f.reject_unknown(
            problems,
            &[
                "ops",
                "faults_max",
                "actions_max",
                "from_ms",
                "until_ms",
                "records_max",
            ],
        );
        let max = SCRIPT_ENTRIES_MAX as u64;
        let ops = match f.get("ops") {
            None => Some(None),
            Some(list) => ops(problems, &f.at("ops"), list).map(Some),
        };
        let faults_max = match f.get("faults_max") {
            None => Some(None),
            Some(_) => f.whole(problems, "faults_max", 0, max, None).map(Some),
        };
        let actions_max = f.whole(problems, "actions_max", 0, max, Some(ACTIONS_MAX_DEFAULT));
        let from_ms = f.whole(problems, "from_ms", 0, TIME_MS_MAX, Some(0));
        let until_ms = match f.get("until_ms") {
            None => Some(None),
            Some(_) => f
                .whole(problems, "until_ms", 0, TIME_MS_MAX, None)
                .map(Some),
        };
        let records_max = f.whole(problems, "records_max", 0, max, Some(RECORDS_MAX_DEFAULT));
        if let (Some(from), Some(Some(until))) = (from_ms, until_ms) {
            if until < from {
                problems.add(
                    &f.at("until_ms"),
                    format!("{until} is before from_ms {from}"),
                );
                return None;
            }
        }
        Some(Limits {
            ops: ops?,
            faults_max: faults_max?,
            actions_max: actions_max?,
            from_ms: from_ms?,
            until_ms: until_ms?,
            records_max: records_max?,
        })
    }

    /// Every way the added actions break the limits, one sentence each.
    pub fn broken_by(&self, added: &[TimedAction]) -> Vec<String> {
        let mut broken = Vec::new();
        if added.len() as u64 > self.actions_max {
            broken.push(format!(
                "{} actions were added; at most {} are allowed",
                added.len(),
                self.actions_max
            ));
        }
        let faults = added
            .iter()
            .filter(|a| FAULTS.contains(&op_name(&a.action)))
            .count() as u64;
        if let Some(max) = self.faults_max.filter(|max| faults > *max) {
            broken.push(format!(
                "{faults} faults were added; at most {max} are allowed"
            ));
        }
        let mut records: u64 = 0;
        for a in added {
            let op = op_name(&a.action);
            if let Some(ops) = self.ops.as_ref().filter(|ops| !ops.iter().any(|o| o == op)) {
                broken.push(format!(
                    "{op} at {} ms is not allowed (allowed: {})",
                    a.at_ms,
                    ops.join(", ")
                ));
            }
            let until = self.until_ms.map_or(String::new(), |u| format!(" to {u}"));
            if a.at_ms < self.from_ms || self.until_ms.is_some_and(|u| a.at_ms > u) {
                broken.push(format!(
                    "{op} at {} ms is outside the allowed time ({} ms{until})",
                    a.at_ms, self.from_ms
                ));
            }
            if let Action::Produce { count, .. } = &a.action {
                records += u64::from(*count);
            }
        }
        if records > self.records_max {
            broken.push(format!(
                "the added actions produce {records} records; at most {} are allowed",
                self.records_max
            ));
        }
        broken
    }
}

fn ops(problems: &mut Problems, path: &str, list: &Value) -> Option<Vec<String>> {
    let items = array(problems, path, list, "a list of op names")?;
    let before = problems.count();
    let mut ops = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item
            .as_str()
            .filter(|op| OPS.iter().any(|(name, _)| name == op))
        {
            Some(op) => ops.push(op.to_string()),
            None => {
                let names: Vec<&str> = OPS.iter().map(|(name, _)| *name).collect();
                problems.add(
                    &format!("{path}[{i}]"),
                    format!("{} is not an op (ops: {})", found(item), names.join(", ")),
                );
            }
        }
    }
    (problems.count() == before).then_some(ops)
}
