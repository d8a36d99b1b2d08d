//! The record inspector: a record's id, key, value, partition, offset, leader
//! epoch, timestamp, which replicas hold it and its fate; for a lost record,
//! the chain of recent events that lost it (elections, truncations, the loss),
//! each jumping the timeline to its moment.

use yew::{html, Callback, Html};

use crate::engine::event::{Event, EventKind};
use crate::engine::ledger::{ProducedRecord, Status};
use crate::engine::log::RecordId;
use crate::engine::{sort, Cluster};
use crate::ui::messages::en_events::describe;
use crate::ui::messages::EN;
use crate::ui::model::Msg;

/// How far back from the leader's LEO an unacknowledged record is looked for.
const SEARCH_BACK_OFFSETS: u64 = 2_000;

/// Where a record is now: the offset it sits at and the brokers that hold it there.
pub fn holders(cluster: &Cluster, record: &ProducedRecord) -> (Option<u64>, Vec<u32>) {
    let Some(offset) = record.offset.or(record.placed_offset).or_else(|| {
        // Not acknowledged (pending, failed or acks=0): look for it on the leader.
        let (_, log) = cluster.leader_log(record.tp)?;
        let end = log.log_end_offset();
        let from = log
            .log_start_offset()
            .max(end.saturating_sub(SEARCH_BACK_OFFSETS));
        (from..end)
            .rev()
            .find(|&o| log.record_at(o).is_some_and(|(r, _)| r.id == record.id))
    }) else {
        return (None, Vec::new());
    };
    let brokers = cluster
        .brokers()
        .iter()
        .filter(|b| {
            b.replicas
                .get(&record.tp)
                .and_then(|r| r.log.record_at(offset))
                .is_some_and(|(r, _)| r.id == record.id)
        })
        .map(|b| b.id)
        .collect();
    (Some(offset), brokers)
}

/// The record's story as moments and lines: sent, acknowledged (from the
/// ledger), then the notable events that concern it: elections of its
/// partition, truncations that removed it, broker crashes, and its loss.
pub fn chain<'a>(
    cluster: &Cluster,
    notable: impl IntoIterator<Item = &'a Event>,
    record: &ProducedRecord,
) -> Vec<(u64, String)> {
    let names = cluster.names();
    let mut lines = vec![(
        record.sent_at_ms,
        (EN.record_sent_line)(&names.record(record.id), &names.tp(record.tp)),
    )];
    if let (Some(at_ms), Some(broker)) = (record.acked_at_ms, record.acked_by) {
        lines.push((at_ms, (EN.record_acked_line)(broker, record.offset)));
    }
    let concerning = notable
        .into_iter()
        .filter(|e| e.at_ms >= record.sent_at_ms)
        .filter(|e| match &e.kind {
            EventKind::RecordAcked { id, .. }
            | EventKind::RecordFailed { id, .. }
            | EventKind::RecordLost { id, .. } => *id == record.id,
            EventKind::LeaderElected { tp, .. } => *tp == record.tp,
            EventKind::Truncated { tp, removed, .. } => {
                *tp == record.tp && removed.contains(&record.id)
            }
            EventKind::BrokerCrashed { .. } => true,
            _ => false,
        })
        .filter_map(|e| describe(e, names).map(|(_, line)| (e.at_ms, line)));
    lines.extend(concerning);
    sort::sort_by_key(&mut lines, |(at_ms, _)| *at_ms);
    lines
}

pub fn inspector<'a>(
    cluster: &Cluster,
    notable: impl IntoIterator<Item = &'a Event>,
    id: RecordId,
    send: &Callback<Msg>,
) -> Html {
    let names = cluster.names();
    let close = send.reform(|_| Msg::Inspect(None));
    let Some(record) = cluster.ledger().get(id) else {
        return Html::default();
    };
    let (offset, brokers) = holders(cluster, record);
    // The record as a broker holding it stores it (every copy has the same
    // epoch and timestamp), even if only a crashed leader that acknowledged it
    // alone still does. A lost record's offset may hold another record now.
    let stored = offset.and_then(|o| {
        brokers
            .iter()
            .filter_map(|&b| cluster.broker(b)?.replicas.get(&record.tp))
            .find_map(|replica| replica.log.record_at(o).filter(|(r, _)| r.id == id))
    });
    let loss = cluster.ledger().loss_cause(id);
    let fate = match (loss, record.status) {
        (Some(_), _) => EN.fate_lost.to_string(),
        (None, Status::Acked) => (EN.fate_acked)(&names.tp(record.tp), record.offset),
        (None, Status::Pending) => EN.fate_pending.to_string(),
        (None, Status::Sent) => EN.fate_sent.to_string(),
        (None, Status::Failed) => record
            .error
            .map_or_else(String::new, |e| e.name().to_string()),
    };
    let text = |value: &Option<std::rc::Rc<str>>| {
        value
            .as_deref()
            .map_or_else(|| EN.null.to_string(), str::to_string)
    };
    let chain = chain(cluster, notable, record);
    html! {
        <aside class={if loss.is_some() { "inspector lost" } else { "inspector" }}
            aria-labelledby="inspector-title" data-testid="inspector">
            <header class="inspector-head">
                if loss.is_some() {
                    <span class="badge lost">{ EN.fate_lost }</span>
                }
                <h2 id="inspector-title">{ names.record(id) }</h2>
                <button class="close" onclick={close} aria-label={EN.close}>{ "×" }</button>
            </header>
            <dl class="record-facts">
                <div><dt>{ EN.key }</dt><dd>{ text(&record.key) }</dd></div>
                <div><dt>{ EN.value }</dt><dd>{ text(&record.value) }</dd></div>
                <div><dt>{ EN.partition }</dt><dd>{ names.tp(record.tp) }</dd></div>
                <div><dt>{ EN.offset }</dt><dd data-testid="inspector-offset">{ offset.map_or_else(|| EN.none.to_string(), |o| o.to_string()) }</dd></div>
                <div><dt>{ EN.leader_epoch_label }</dt><dd>{ stored.map_or_else(|| EN.none.to_string(), |(_, epoch)| epoch.to_string()) }</dd></div>
                <div><dt>{ EN.timestamp }</dt><dd>{ stored.map_or(record.sent_at_ms, |(r, _)| r.timestamp_ms) }{ " ms" }</dd></div>
                <div><dt>{ "acks" }</dt><dd>{ record.acks.name() }</dd></div>
                <div><dt>{ EN.held_by }</dt><dd data-testid="inspector-holders">{ format!("{brokers:?}") }</dd></div>
                <div><dt>{ EN.fate }</dt><dd data-testid="inspector-fate">{ fate }</dd></div>
            </dl>
            if let Some(cause) = loss {
                <p class="loss-cause">{ cause }</p>
            }
            <h3 class="small-title">{ if loss.is_some() { EN.why_lost } else { EN.what_happened } }</h3>
            <ol class="chain" data-testid="inspector-chain">
                    { for chain.into_iter().map(|(at_ms, line)| {
                        let onclick = send.reform(move |_| Msg::Seek(at_ms));
                        html! {
                            <li><button {onclick}><span class="time">{ (EN.event_time)(at_ms) }</span><span>{ line }</span></button></li>
                        }
                    }) }
            </ol>
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;
    use crate::ui::views::test_support::{markup, THREE_BROKERS};

    #[test]
    fn a_committed_record_is_held_by_every_replica_until_one_crashes() {
        let mut session = Session::new(crate::scenario::parse(THREE_BROKERS).expect("valid"));
        session.advance_to(1000);
        let id = RecordId {
            producer: 0,
            seq: 1,
        };
        let record = session
            .cluster()
            .ledger()
            .get(id)
            .expect("p#1 sent")
            .clone();
        assert_eq!(
            holders(session.cluster(), &record),
            (Some(1), vec![1, 2, 3])
        );
        let html = markup(inspector(
            session.cluster(),
            session.events(),
            id,
            &Callback::noop(),
        ));
        assert!(html.contains("acked t-0@1"), "{html}");
        assert!(
            html.contains(r#"data-testid="inspector-holders">[1, 2, 3]"#),
            "{html}"
        );
        session.advance_to(59_000);
        let late = session
            .cluster()
            .ledger()
            .get(RecordId {
                producer: 0,
                seq: 3,
            })
            .expect("p#3")
            .clone();
        assert_eq!(holders(session.cluster(), &late), (Some(3), vec![1, 2]));
    }
}

#[cfg(test)]
mod loss_tests {
    use super::*;
    use crate::ui::model::{Msg as PlaygroundMsg, Playground};
    use crate::ui::views::test_support::markup;

    /// S12 (acks=1, clean failover) played in the page, 100 ms frames, up to `ms`.
    fn s12_at(ms: u64) -> Playground {
        let scenario = crate::scenario::parse(include_str!(
            "../../../tests/scenarios/S12-acks1-lost-on-clean-failover.json"
        ))
        .expect("valid");
        let mut playground = Playground::new(scenario);
        for _ in 0..ms / 100 {
            playground.update(PlaygroundMsg::Frame {
                wall_elapsed_ms: 100.0,
            });
        }
        assert_eq!(playground.now_ms(), ms);
        playground
    }

    /// p1#5: acknowledged by broker 1 alone, which then crashes.
    const P1_5: RecordId = RecordId {
        producer: 0,
        seq: 5,
    };

    #[test]
    fn a_lost_record_shows_its_cause_and_the_chain_of_events_that_lost_it() {
        let playground = s12_at(50_000);
        let id = P1_5;
        let html = markup(inspector(
            playground.cluster(),
            playground.notable(),
            id,
            &Callback::noop(),
        ));
        assert!(html.contains(r#"class="inspector lost""#), "{html}");
        assert!(html.contains("truncated on broker 1 at 40006"), "{html}");
        let chain_at = |text: &str| html.find(text).unwrap_or_else(|| panic!("{text}: {html}"));
        let sent = chain_at("p1#5 sent to t-0");
        let acked = chain_at("acknowledged by broker 1 at offset 5");
        let crashed = chain_at("Broker 1 crashed");
        let elected = chain_at("t-0 leader 1 → 2");
        let truncated = chain_at("Broker 1 truncated t-0");
        let lost = chain_at("p1#5 LOST on t-0");
        assert!(
            sent < acked && acked < crashed && crashed < elected,
            "{html}"
        );
        assert!(elected < lost && lost < truncated, "{html}");
        assert!(
            html.contains("<dt>Leader epoch</dt><dd>none</dd>"),
            "{html}"
        );
    }

    #[test]
    fn a_record_only_a_crashed_broker_holds_shows_its_epoch_from_that_copy() {
        // Broker 1 crashed at 20,503 ms holding p1#5 alone; it restarts at 40,000.
        let playground = s12_at(30_000);
        let id = P1_5;
        let cluster = playground.cluster();
        let record = cluster.ledger().get(id).expect("p1#5 sent");
        assert_eq!(holders(cluster, record), (Some(5), vec![1]));
        let html = markup(inspector(
            cluster,
            playground.notable(),
            id,
            &Callback::noop(),
        ));
        assert!(html.contains("<dt>Leader epoch</dt><dd>0</dd>"), "{html}");
    }
}
