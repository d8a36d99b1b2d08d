//! The producers column: each producer client with its `acks` and
//! `enable.idempotence` settings, its steady sends, and the fate of its most
//! recent records (pending, acked at an offset, failed with Kafka's error
//! name, or lost).

use yew::{html, Callback, Html};

use crate::engine::client::producer::Producer;
use crate::engine::ledger::{Ledger, ProducedRecord, Status};
use crate::engine::log::RecordId;
use crate::engine::Cluster;
use crate::ui::messages::EN;
use crate::ui::model::Msg;

use super::palette::producer_class;

/// How many of a producer's records the card lists.
pub const RECENT_RECORDS: u32 = 5;

pub fn producers_column(cluster: &Cluster, send: &Callback<Msg>) -> Html {
    html! {
        <section class="column producers" aria-labelledby="producers-title">
            <h2 id="producers-title" class="column-title">{ EN.producers_title }</h2>
            { for cluster.producers().iter().map(|p| producer_card(cluster, p, send)) }
        </section>
    }
}

fn producer_card(cluster: &Cluster, producer: &Producer, send: &Callback<Msg>) -> Html {
    let ledger = cluster.ledger();
    let sent = records_sent(ledger, producer.index);
    let recent = (sent.saturating_sub(RECENT_RECORDS)..sent)
        .rev()
        .filter_map(|seq| {
            ledger.get(RecordId {
                producer: producer.index,
                seq,
            })
        });
    let every_ms = producer
        .jobs
        .values()
        .filter(|job| job.remaining > 0 && job.every_ms > 0)
        .map(|job| job.every_ms)
        .min();
    let config = &producer.config;
    html! {
        <article class="producer-card" data-testid={format!("producer-{}", producer.name)}>
            <header class="producer-head">
                <span class={format!("swatch {}", producer_class(producer.index))} aria-hidden="true"></span>
                <span class="producer-name">{ producer.name.to_string() }</span>
                <span class="muted">{ EN.producer_kind }</span>
            </header>
            <p class="badges">
                <span class="badge config">{ format!("acks={}", config.acks.name()) }</span>
                if config.idempotence {
                    <span class="badge config">{ EN.idempotent }</span>
                }
                if let Some(every_ms) = every_ms {
                    <span class="badge config">{ (EN.send_every)(every_ms) }</span>
                }
            </p>
            <h3 class="small-title">{ EN.recent_records }</h3>
            <ul class="fates">
                { for recent.map(|record| fate_row(cluster, record, send)) }
            </ul>
        </article>
    }
}

/// How many records producer `producer` has sent: record numbers are dense
/// from 0, so the count is found by bisection in the ledger.
pub fn records_sent(ledger: &Ledger, producer: u32) -> u32 {
    let (mut low, mut high) = (0u32, u32::MAX);
    while low < high {
        let mid = low + (high - low) / 2;
        if ledger.get(RecordId { producer, seq: mid }).is_some() {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}

fn fate_row(cluster: &Cluster, record: &ProducedRecord, send: &Callback<Msg>) -> Html {
    let lost = cluster.ledger().loss_cause(record.id).is_some();
    let (class, fate) = if lost {
        ("lost", EN.fate_lost.to_string())
    } else {
        match record.status {
            Status::Pending => ("pending", EN.fate_pending.to_string()),
            Status::Acked => (
                "acked",
                (EN.fate_acked)(&cluster.names().tp(record.tp), record.offset),
            ),
            Status::Sent => ("sent", EN.fate_sent.to_string()),
            Status::Failed => (
                "failed",
                record
                    .error
                    .map_or_else(String::new, |e| e.name().to_string()),
            ),
        }
    };
    let id = cluster.names().record(record.id);
    let record_id = record.id;
    let onclick = send.reform(move |_| Msg::Inspect(Some(record_id)));
    html! {
        <li key={id.clone()} class={format!("fate {class}")} data-record={id.clone()}>
            <button class="fate-button" {onclick} aria-label={(EN.inspect_record)(&id)}>
                <span class="fate-id">{ id }</span>
                <span class="fate-text">{ fate }</span>
            </button>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::views::test_support::{cluster_at, markup, THREE_BROKERS};

    #[test]
    fn counts_the_records_each_producer_sent() {
        assert_eq!(records_sent(cluster_at(THREE_BROKERS, 0).ledger(), 0), 0);
        assert_eq!(records_sent(cluster_at(THREE_BROKERS, 1000).ledger(), 0), 3);
        assert_eq!(records_sent(cluster_at(THREE_BROKERS, 1000).ledger(), 1), 0);
    }

    #[test]
    fn lists_recent_records_newest_first_with_their_fate() {
        let html = markup(producers_column(
            &cluster_at(THREE_BROKERS, 1000),
            &Callback::noop(),
        ));
        assert!(html.contains("acks=all"), "{html}");
        let newest = html.find("p#2").expect("p#2 listed");
        let oldest = html.find("p#0").expect("p#0 listed");
        assert!(newest < oldest, "{html}");
        assert!(html.contains("acked t-0@0"), "{html}");
        assert!(html.contains("acked t-0@2"), "{html}");
    }
}
