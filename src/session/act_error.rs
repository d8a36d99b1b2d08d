//! Why a user's action was refused: the engine refuses it in the cluster's
//! current state, or the session with it would not be a valid scenario.

use std::fmt;

use crate::scenario::ScenarioError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActError {
    /// The engine refuses the action now (say, restarting a running broker).
    Refused(String),
    /// The session with this action breaks a bound of the scenario format.
    Invalid(Vec<ScenarioError>),
    /// The action would fall after the scenario format's last moment.
    TooLate { at_ms: u64 },
}

impl fmt::Display for ActError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActError::Refused(message) => write!(f, "{message}"),
            ActError::Invalid(errors) => {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                write!(f, "{}", lines.join("; "))
            }
            ActError::TooLate { at_ms } => write!(
                f,
                "{at_ms} ms is after the last moment a scenario may reach ({} ms)",
                crate::scenario::limits::TIME_MS_MAX
            ),
        }
    }
}
