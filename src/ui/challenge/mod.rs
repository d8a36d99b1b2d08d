//! Classroom challenges in the page: the challenge list of the landing page and
//! the challenge panel (goal, rules, hints, check, completion code). The
//! challenges are `static/challenges/*.json` (see `docs/challenges.md` and
//! [`crate::challenge`]); the check is [`crate::challenge::check`], the same as
//! `kplay check-challenge`.

mod list;
mod panel;

pub use list::{ChallengeList, ChallengeListProps};
pub use panel::{ChallengePanel, ChallengePanelProps};
