//! The event log: a readable line per engine event in Kafka's vocabulary,
//! newest first, filterable by category; each line jumps the timeline to its
//! moment. Only the last [`LINES_SHOWN`] matching lines are drawn. By default
//! it shows the key events (the controller's decisions, consumer groups, data
//! loss, faults) without the routine replication and acknowledgement lines.

use yew::{html, Callback, Html};

use crate::engine::event::Event;
use crate::engine::vec_map::VecMap;
use crate::engine::Cluster;
use crate::ui::messages::en_events::{category, describe, Category};
use crate::ui::messages::EN;
use crate::ui::model::Msg;

/// How many lines the log draws.
pub const LINES_SHOWN: usize = 60;

/// Which events the log lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFilter {
    /// Everything but routine replication and client lines.
    #[default]
    KeyEvents,
    All,
    Only(Category),
}

impl LogFilter {
    pub fn lists(self, category: Category) -> bool {
        match self {
            LogFilter::KeyEvents => !matches!(category, Category::Replication | Category::Clients),
            LogFilter::All => true,
            LogFilter::Only(only) => category == only,
        }
    }
}

pub fn event_log(
    cluster: &Cluster,
    events: &[Event],
    filter: LogFilter,
    send: &Callback<Msg>,
) -> Html {
    let names = cluster.names();
    let mut seen: VecMap<(u64, String), u32> = VecMap::new();
    let lines = events
        .iter()
        .rev()
        .filter(|e| category(e).is_some_and(|c| filter.lists(c)))
        .take(LINES_SHOWN)
        .filter_map(|e| describe(e, names).map(|(c, line)| (e.at_ms, c, line)))
        .map(|(at_ms, c, line)| {
            // A key per line, so a new event inserts one line instead of
            // rewriting all of them (identical lines at one moment are numbered).
            let count = seen.entry((at_ms, line.clone())).or_insert(0);
            *count += 1;
            let key = format!("{at_ms}-{count}-{line}");
            (key, at_ms, c, line)
        })
        .collect::<Vec<_>>();
    let chip = |label: &'static str, value: LogFilter| {
        let onclick = send.reform(move |_| Msg::FilterLog(value));
        html! {
            <button class="chip" aria-pressed={(filter == value).to_string()} {onclick}>{ label }</button>
        }
    };
    html! {
        <section class="event-log" aria-labelledby="event-log-title" data-testid="event-log">
            <header class="event-log-head">
                <h2 id="event-log-title" class="column-title">{ EN.event_log_title }</h2>
                <div class="chips" role="group" aria-label={EN.event_log_filter}>
                    { chip(EN.key_events, LogFilter::KeyEvents) }
                    { chip(EN.all, LogFilter::All) }
                    { for Category::ALL.into_iter().map(|c| chip(c.label(), LogFilter::Only(c))) }
                </div>
            </header>
            <ol class="event-lines">
                { for lines.into_iter().map(|(key, at_ms, c, line)| {
                    let onclick = send.reform(move |_| Msg::Seek(at_ms));
                    html! {
                        <li {key} class={format!("event-line cat-{}", c.label().to_lowercase())}>
                            <button {onclick} title={EN.jump_to_moment}>
                                <span class="time">{ (EN.event_time)(at_ms) }</span>
                                <span class="event-category">{ c.label() }</span>
                                <span class="event-text">{ line }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;
    use crate::ui::views::test_support::{markup, THREE_BROKERS};

    #[test]
    fn lists_the_crash_and_the_isr_shrink_and_filters_by_category() {
        let mut session = Session::new(crate::scenario::parse(THREE_BROKERS).expect("valid"));
        session.advance_to(59_000);
        let all = markup(event_log(
            session.cluster(),
            session.events(),
            LogFilter::All,
            &Callback::noop(),
        ));
        assert!(all.contains("Broker 3 crashed"), "{all}");
        assert!(all.contains("t-0 ISR [1,2,3] → [1,2]"), "{all}");
        assert!(all.contains("cat-replication"), "{all}");
        let key = markup(event_log(
            session.cluster(),
            session.events(),
            LogFilter::KeyEvents,
            &Callback::noop(),
        ));
        assert!(key.contains("Broker 3 crashed"), "{key}");
        assert!(key.contains("t-0 ISR [1,2,3] → [1,2]"), "{key}");
        assert!(!key.contains("cat-replication"), "{key}");
        assert!(!key.contains("cat-clients"), "{key}");
        let faults = markup(event_log(
            session.cluster(),
            session.events(),
            LogFilter::Only(Category::Faults),
            &Callback::noop(),
        ));
        assert!(faults.contains("Broker 3 crashed"), "{faults}");
        assert!(!faults.contains("ISR [1,2,3]"), "{faults}");
    }
}
