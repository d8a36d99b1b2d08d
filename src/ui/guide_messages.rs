//! The strings of lessons, challenges, share links and embedding: the part of the
//! message catalogue (see `messages.rs`) for the pages that guide, share and embed
//! the playground. A translation is a new [`GuideMessages`] value.

use crate::challenge::{Area, Limits};
use crate::lesson::Focus;
use crate::share::ShareError;

/// The guide strings of one language.
pub struct GuideMessages {
    pub lessons_heading: &'static str,
    pub lessons_intro: &'static str,
    /// A lesson not started yet.
    pub lesson_start: &'static str,
    /// A lesson left at a step (from 0) of so many.
    pub lesson_resume: fn(step: usize, steps: usize) -> String,
    pub lesson_done: &'static str,
    /// The step counter (step from 0).
    pub step_of: fn(step: usize, steps: usize) -> String,
    /// When the caption's event happened.
    pub reached_at: fn(at_ms: u64) -> String,
    pub continue_button: &'static str,
    pub restart: &'static str,
    pub leave: &'static str,
    /// Before the first step's event.
    pub waiting_for_first_step: &'static str,
    pub variation_heading: &'static str,
    pub try_variation: &'static str,
    /// What a step points at.
    pub look_at: fn(&Focus) -> String,
    pub challenges_heading: &'static str,
    pub challenges_intro: &'static str,
    pub area: fn(Area) -> &'static str,
    pub goal_heading: &'static str,
    pub limits_heading: &'static str,
    /// The limits, one sentence each.
    pub limits: fn(&Limits) -> Vec<String>,
    /// How many actions of their own the student took, of the most allowed.
    pub actions_taken: fn(taken: usize, max: u64) -> String,
    pub rules_broken: &'static str,
    /// The hint button, with how many hints are left.
    pub show_hint: fn(shown: usize, hints: usize) -> String,
    pub check_solution: &'static str,
    pub solved_heading: &'static str,
    pub completion_code_label: &'static str,
    pub not_solved_heading: &'static str,
    pub leave_challenge: &'static str,
    /// What kind of problem a link or session file has.
    pub share_error_headline: fn(&ShareError) -> &'static str,
    /// The problem in detail.
    pub share_error_detail: fn(&ShareError) -> String,
    pub opened_default_instead: &'static str,
    pub dismiss: &'static str,
    pub share_button: &'static str,
    pub share_link_label: &'static str,
    /// For a session too large for a link.
    pub share_export_instead: &'static str,
    pub embed_button: &'static str,
    pub embed_autoplay: &'static str,
    pub embed_locked: &'static str,
    pub embed_partition: &'static str,
    pub embed_all_partitions: &'static str,
    pub embed_snippet_label: &'static str,
    /// The iframe's accessible name.
    pub embed_frame_title: &'static str,
    /// The embed mode's link back to the full playground.
    pub open_full_playground: &'static str,
    /// While a lesson, a challenge or a list of them loads.
    pub loading: &'static str,
    /// Before the files that could not be loaded, one sentence each.
    pub load_problems: &'static str,
}

/// English.
pub const EN_GUIDE: GuideMessages = GuideMessages {
    lessons_heading: "Lessons",
    lessons_intro: "Guided tours of how Kafka keeps (and loses) your records. Each plays a small cluster and explains what happens as it happens.",
    lesson_start: "Start",
    lesson_resume: |step, steps| format!("Resume at step {} of {steps}", step + 1),
    lesson_done: "Done · review",
    step_of: |step, steps| format!("Step {} of {steps}", step + 1),
    reached_at: |at_ms| format!("at t = {}.{:03} s", at_ms / 1000, at_ms % 1000),
    continue_button: "Continue",
    restart: "Restart",
    leave: "Leave lesson",
    waiting_for_first_step: "Press play: the first caption appears when its event happens.",
    variation_heading: "Now try a variation",
    try_variation: "Try it",
    look_at: en_look_at,
    challenges_heading: "Challenges",
    challenges_intro: "Break the cluster on purpose. Each challenge states a goal; the simulation checks it, and a solved challenge gives a completion code to hand in.",
    area: |area| match area {
        Area::Durability => "durability",
        Area::Availability => "availability",
        Area::Ordering => "ordering",
        Area::Delivery => "delivery semantics",
    },
    goal_heading: "Goal",
    limits_heading: "Rules",
    limits: en_limits,
    actions_taken: |taken, max| format!("Your actions so far: {taken} of at most {max}."),
    rules_broken: "Against the rules so far:",
    show_hint: |shown, hints| format!("Show a hint ({} of {hints})", shown + 1),
    check_solution: "Check my solution",
    solved_heading: "Solved!",
    completion_code_label: "Your completion code: a link that replays your solution. Hand it in; kplay check-challenge verifies it.",
    not_solved_heading: "Not solved yet",
    leave_challenge: "Leave challenge",
    share_error_headline: |error| match error {
        ShareError::NotALink => "This is not a Kafka Playground share link.",
        ShareError::UnknownVersion { .. } => {
            "This share link comes from another version of Kafka Playground."
        }
        ShareError::TooLarge { .. } => "This share link is too large to open.",
        ShareError::InvalidScenario(_) => "This share link holds a scenario that is not valid.",
        _ => "This share link is damaged.",
    },
    // The engine's English text (what kplay prints), with a capital letter.
    share_error_detail: |error| {
        let detail = error.to_string();
        let mut chars = detail.chars();
        match chars.next() {
            Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
            None => detail,
        }
    },
    opened_default_instead: "The playground opened with its default cluster instead.",
    dismiss: "Dismiss",
    share_button: "Share",
    share_link_label: "Link to this session (it replays exactly what you did):",
    share_export_instead: "Export the session as a file instead (Settings, Export).",
    embed_button: "Embed",
    embed_autoplay: "Start playing at once",
    embed_locked: "Lock the controls (readers can only play, pause and seek)",
    embed_partition: "Show only",
    embed_all_partitions: "every partition",
    embed_snippet_label: "Paste this into your page:",
    embed_frame_title: "Kafka Playground",
    open_full_playground: "Open in Kafka Playground ↗",
    loading: "Loading…",
    load_problems: "Some lessons or challenges could not be opened:",
};

fn en_limits(limits: &Limits) -> Vec<String> {
    let mut rules = Vec::new();
    if let Some(ops) = &limits.ops {
        rules.push(format!("Allowed actions: {}.", ops.join(", ")));
    }
    if let Some(faults) = limits.faults_max {
        rules.push(format!("At most {faults} failure(s)."));
    }
    rules.push(format!(
        "At most {} action(s) of your own.",
        limits.actions_max
    ));
    match limits.until_ms {
        Some(until_ms) => rules.push(format!(
            "Your actions happen between {} s and {} s.",
            seconds(limits.from_ms),
            seconds(until_ms)
        )),
        None if limits.from_ms > 0 => rules.push(format!(
            "Your actions happen after {} s.",
            seconds(limits.from_ms)
        )),
        None => {}
    }
    rules
}

fn seconds(ms: u64) -> String {
    if ms % 1000 == 0 {
        (ms / 1000).to_string()
    } else {
        format!("{}.{:03}", ms / 1000, ms % 1000)
    }
}

fn en_look_at(focus: &Focus) -> String {
    let what = match focus {
        Focus::Broker(id) => format!("broker {id}"),
        Focus::Partition { topic, partition } => format!("partition {topic}-{partition}"),
        Focus::Replica {
            topic,
            partition,
            broker,
        } => format!("broker {broker}'s replica of {topic}-{partition}"),
        Focus::Record(id) => format!("record {id}"),
        Focus::Producer(id) => format!("producer {id}"),
        Focus::Consumer(id) => format!("consumer {id}"),
        Focus::Group(id) => format!("group {id}"),
    };
    format!("Look at {what}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_one_for_people() {
        assert_eq!((EN_GUIDE.step_of)(0, 6), "Step 1 of 6");
        assert_eq!((EN_GUIDE.lesson_resume)(2, 6), "Resume at step 3 of 6");
        assert_eq!((EN_GUIDE.reached_at)(1100), "at t = 1.100 s");
    }

    #[test]
    fn states_a_challenge_s_rules() {
        let limits = Limits {
            ops: Some(vec!["crash_broker".into(), "heal_network".into()]),
            faults_max: Some(2),
            actions_max: 6,
            from_ms: 0,
            until_ms: Some(60_500),
            records_max: 0,
        };
        assert_eq!(
            (EN_GUIDE.limits)(&limits),
            [
                "Allowed actions: crash_broker, heal_network.",
                "At most 2 failure(s).",
                "At most 6 action(s) of your own.",
                "Your actions happen between 0 s and 60.500 s.",
            ]
        );
    }

    #[test]
    fn names_what_a_step_points_at() {
        let replica = Focus::Replica {
            topic: "t".into(),
            partition: 0,
            broker: 2,
        };
        assert_eq!(
            (EN_GUIDE.look_at)(&replica),
            "Look at broker 2's replica of t-0"
        );
        assert_eq!(
            (EN_GUIDE.look_at)(&Focus::Record("p#0".into())),
            "Look at record p#0"
        );
    }
}
