//! Checking a solution: a scenario that is the challenge's, with the student's
//! actions added to its script. The cluster (everything but the script, title and
//! description) and `run_until_ms` must be the challenge's; the challenge's own
//! script entries must all be there, in order (added actions may come before,
//! between or after them); the added actions must respect the limits. Then the
//! solution runs and the goal is checked on its report. The completion code is
//! the solution's share link, which replays it.

use serde_json::Value;

use super::Challenge;
use crate::engine::action::TimedAction;
use crate::scenario::run::run_to_json;
use crate::scenario::write::op_name;
use crate::scenario::Scenario;
use crate::share;

/// The outcome of checking a solution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The goal is met: `why` says how; `completion_code` is the share-link
    /// fragment (`s=1.…`) of the solution.
    Solved {
        why: String,
        completion_code: String,
    },
    /// Not a solution: every reason, one sentence each.
    NotSolved { why: Vec<String> },
}

impl Verdict {
    pub fn is_solved(&self) -> bool {
        matches!(self, Verdict::Solved { .. })
    }
}

/// Checks `solution` against `challenge`.
pub fn check(challenge: &Challenge, solution: &Scenario) -> Verdict {
    let base = &challenge.scenario;
    let mut why = changed_cluster(base, solution);
    if solution.run_until_ms != base.run_until_ms {
        why.push(format!(
            "the solution runs until {} ms; the challenge runs until {} ms",
            solution.run_until_ms, base.run_until_ms
        ));
    }
    match added_actions(&base.script, &solution.script) {
        Ok(added) => why.extend(challenge.limits.broken_by(&added)),
        Err(missing) => why.push(missing),
    }
    if !why.is_empty() {
        return Verdict::NotSolved { why };
    }
    let trace = challenge.goal.needs_trace();
    let mut report = run_to_json(solution, trace);
    let events = match report.get_mut("trace").map(Value::take) {
        Some(Value::Array(events)) => events,
        _ => Vec::new(),
    };
    if report["violations"]
        .as_array()
        .is_some_and(|v| !v.is_empty())
    {
        return Verdict::NotSolved {
            why: vec![format!(
                "the run broke an engine invariant, a bug in Kafka Playground: {}",
                report["violations"]
            )],
        };
    }
    let outcome = challenge.goal.evaluate(solution, &report, &events);
    if !outcome.met {
        return Verdict::NotSolved {
            why: vec![outcome.why],
        };
    }
    match share::encode(solution) {
        Ok(completion_code) => Verdict::Solved {
            why: outcome.why,
            completion_code,
        },
        Err(error) => Verdict::NotSolved {
            why: vec![format!(
                "the goal is met, but no completion code can be made: {error}"
            )],
        },
    }
}

/// What the solution changed outside the script, one sentence each.
fn changed_cluster(base: &Scenario, solution: &Scenario) -> Vec<String> {
    let (a, b) = (&base.spec, &solution.spec);
    let parts = [
        ("seed", a.seed != b.seed),
        ("kafka_version", a.kafka_version != b.kafka_version),
        ("brokers", a.brokers != b.brokers),
        ("broker_config", a.broker_config != b.broker_config),
        ("network", a.latency_ms != b.latency_ms),
        ("topics", a.topics != b.topics),
        ("producers", a.producers != b.producers),
        ("consumers", a.consumers != b.consumers),
    ];
    parts
        .iter()
        .filter(|(_, changed)| *changed)
        .map(|(name, _)| {
            format!("the solution changes the challenge's {name}; only script actions may be added")
        })
        .collect()
}

/// The solution's entries that are not the challenge's own, when the challenge's
/// entries are all there in order; otherwise which one is missing.
fn added_actions(
    base: &[TimedAction],
    solution: &[TimedAction],
) -> Result<Vec<TimedAction>, String> {
    let mut added = Vec::new();
    let mut next = base.iter().enumerate().peekable();
    for entry in solution {
        match next.peek() {
            Some((_, own)) if *own == entry => {
                next.next();
            }
            _ => added.push(entry.clone()),
        }
    }
    match next.next() {
        None => Ok(added),
        Some((i, own)) => Err(format!(
            "the challenge's script[{i}] ({} at {} ms) is missing or changed; only actions may be added",
            op_name(&own.action),
            own.at_ms
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::action::Action;

    fn at(at_ms: u64, broker: u32) -> TimedAction {
        TimedAction {
            at_ms,
            action: Action::CrashBroker { broker },
        }
    }

    #[test]
    fn added_actions_may_come_anywhere_around_the_challenges_own() {
        let base = [at(10, 1), at(20, 2)];
        assert_eq!(
            added_actions(
                &base,
                &[at(5, 3), at(10, 1), at(15, 3), at(20, 2), at(20, 3)]
            ),
            Ok(vec![at(5, 3), at(15, 3), at(20, 3)])
        );
        assert_eq!(added_actions(&base, &base), Ok(vec![]));
        assert_eq!(
            added_actions(&base, &[at(10, 1), at(21, 2)]),
            Err("the challenge's script[1] (crash_broker at 20 ms) is missing or changed; only actions may be added".into())
        );
    }
}
