//! One replica of a partition on a broker, drawn as its log: a cell per offset
//! in the shared window, segments, the log start offset, the high watermark
//! (committed cells solid, uncommitted hatched, R-REPL-6), the LEO slot, the
//! leader with its leader epoch, and whether the replica is in the ISR.

use yew::{html, Callback, Html};

use crate::engine::broker::Broker;
use crate::engine::ids::Tp;
use crate::engine::log::Log;
use crate::engine::Cluster;
use crate::ui::messages::EN;
use crate::ui::model::{ColorBy, Msg};

use super::consumer_marks::ConsumerMarks;
use super::log_window::LogWindow;
use super::palette::record_class;

/// The partition `tp` as broker `broker` holds it, or nothing if it holds no replica.
pub fn partition_replica(
    cluster: &Cluster,
    broker: &Broker,
    tp: Tp,
    window: LogWindow,
    color_by: ColorBy,
    marks: Option<&ConsumerMarks>,
    send: &Callback<Msg>,
) -> Html {
    let Some(replica) = broker.replicas.get(&tp) else {
        return Html::default();
    };
    let registration = cluster.controller().image.partitions.get(&tp);
    let is_leader = registration.is_some_and(|p| p.leader == Some(broker.id));
    let in_isr = registration.is_some_and(|p| p.isr.contains(&broker.id));
    // Consumers read from the leader: their markers go on its log.
    let marks = marks.filter(|_| is_leader);
    let role = if is_leader {
        let epoch = registration.map_or(0, |p| p.leader_epoch);
        html! { <span class="badge leader" data-testid="leader-badge">{ (EN.leader_epoch)(epoch) }</span> }
    } else {
        html! { <span class="badge follower">{ EN.follower }</span> }
    };
    let isr = if in_isr {
        html! { <span class="badge in-isr">{ EN.in_isr }</span> }
    } else {
        html! { <span class="badge out-of-isr">{ EN.out_of_isr }</span> }
    };
    let log = &replica.log;
    let name = cluster.names().tp(tp);
    let stale = !broker.is_running();
    html! {
        <section class={classes(&["replica", if stale { "stale" } else { "" }, if in_isr { "" } else { "out-of-isr" }])}
            data-testid={format!("replica-{}-b{}", name, broker.id)}
            data-hw={log.high_watermark().to_string()}
            data-leo={log.log_end_offset().to_string()}
            data-in-isr={in_isr.to_string()}
            data-leader={is_leader.to_string()}>
            <header class="replica-head">
                <span class="tp-name">{ name }</span>
                { role }
                { isr }
            </header>
            <ol class="cells" aria-label={(EN.log_cells_label)(log.log_start_offset(), log.high_watermark(), log.log_end_offset())}>
                { for window.offsets().map(|offset| cell(cluster, log, offset, color_by, marks, send)) }
            </ol>
            <p class="log-numbers">
                <span>{ (EN.log_start)(log.log_start_offset()) }</span>
                <span class="hw-label">{ (EN.hw)(log.high_watermark()) }</span>
                <span>{ (EN.leo)(log.log_end_offset()) }</span>
                { scroll_buttons(tp, window, send) }
            </p>
        </section>
    }
}

/// Older / newer / newest: scrolls this partition's window on every broker.
fn scroll_buttons(tp: Tp, window: LogWindow, send: &Callback<Msg>) -> Html {
    let pin = |end: Option<u64>| send.reform(move |_| Msg::PinLog { tp, end });
    html! {
        <span class="log-scroll">
            <button class="tiny" onclick={pin(window.older())} disabled={window.older().is_none()}
                aria-label={EN.log_older} title={EN.log_older}>{ "◀" }</button>
            <button class="tiny" onclick={pin(window.newer())} disabled={window.latest}
                aria-label={EN.log_newer} title={EN.log_newer}>{ "▶" }</button>
            if !window.latest {
                <button class="tiny" onclick={pin(None)} aria-label={EN.log_newest} title={EN.log_newest}>{ "⇥" }</button>
            }
        </span>
    }
}

/// The cell at `offset`: a record (committed or not), the LEO slot, or a gap
/// (before the log start, or removed by compaction).
fn cell(
    cluster: &Cluster,
    log: &Log,
    offset: u64,
    color_by: ColorBy,
    marks: Option<&ConsumerMarks>,
    send: &Callback<Msg>,
) -> Html {
    let active_base = log.segments().back().map_or(0, |s| s.base_offset);
    let segment_start = offset > log.log_start_offset()
        && log
            .segments()
            .binary_search_by_key(&offset, |s| s.base_offset)
            .is_ok();
    let mut class = vec!["cell"];
    if marks.is_some_and(|m| m.positions.contains(&offset)) {
        class.push("consumer-position");
    }
    if marks.is_some_and(|m| m.committed.contains(&offset)) {
        class.push("consumer-committed");
    }
    if offset == log.high_watermark() {
        class.push("hw");
    }
    if segment_start {
        class.push("segment-start");
    }
    if offset >= active_base && offset < log.log_end_offset() {
        class.push("active-segment");
    }
    let number = html! { <span class="offset">{ offset }</span> };
    if offset == log.log_end_offset() {
        class.push("leo");
        return html! { <li key={offset} class={classes(&class)} title={EN.leo_slot}>{ number }</li> };
    }
    let record = (offset >= log.log_start_offset())
        .then(|| log.record_at(offset))
        .flatten();
    let Some((record, epoch)) = record else {
        class.push("gap");
        return html! { <li key={offset} class={classes(&class)}>{ number }</li> };
    };
    let accent = record_class(record, color_by);
    class.push(if offset < log.high_watermark() {
        "committed"
    } else {
        "uncommitted"
    });
    class.push(&accent);
    let id = cluster.names().record(record.id);
    let title = (EN.record_cell_title)(&id, offset, epoch);
    let record_id = record.id;
    let onclick = send.reform(move |_| Msg::Inspect(Some(record_id)));
    html! {
        <li key={offset} class={classes(&class)} title={title.clone()} data-record={id.clone()}>
            <button class="cell-button" aria-label={title} {onclick}>{ record.id.seq }</button>
            { number }
        </li>
    }
}

fn classes(names: &[&str]) -> String {
    names
        .iter()
        .filter(|n| !n.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::views::test_support::{cluster_at, markup, THREE_BROKERS};

    fn replica_markup(until_ms: u64, broker: u32) -> String {
        let cluster = cluster_at(THREE_BROKERS, until_ms);
        let tp = Tp::new(0, 0);
        let window = LogWindow::of(&cluster, tp, None);
        let broker = cluster.broker(broker).expect("broker exists");
        markup(partition_replica(
            &cluster,
            broker,
            tp,
            window,
            ColorBy::Producer,
            None,
            &Callback::noop(),
        ))
    }

    #[test]
    fn the_leader_shows_its_epoch_hw_leo_and_committed_cells() {
        let html = replica_markup(1000, 1);
        assert!(html.contains(r#"data-hw="3""#), "{html}");
        assert!(html.contains(r#"data-leo="3""#), "{html}");
        assert!(html.contains("leader · epoch 0"), "{html}");
        assert!(html.contains(r#"data-in-isr="true""#), "{html}");
        assert_eq!(
            html.matches("committed").count() - html.matches("uncommitted").count(),
            3
        );
        assert!(html.contains(r#"data-record="p#0""#), "{html}");
        assert!(
            html.contains("cell hw leo"),
            "the HW line sits at the LEO slot: {html}"
        );
    }

    #[test]
    fn a_crashed_follower_drops_out_of_the_isr_and_looks_stale() {
        let html = replica_markup(59_000, 3);
        assert!(html.contains(r#"data-in-isr="false""#), "{html}");
        assert!(html.contains("out of ISR"), "{html}");
        assert!(
            html.contains(r#"class="replica stale out-of-isr""#),
            "{html}"
        );
        assert!(html.contains("follower"), "{html}");
    }

    #[test]
    fn a_record_above_the_hw_is_uncommitted() {
        let mut cluster = cluster_at(THREE_BROKERS, 0);
        let tp = Tp::new(0, 0);
        let leader_log = |c: &Cluster| c.broker(1).expect("broker 1").replicas[&tp].log.clone();
        while leader_log(&cluster).log_end_offset() == leader_log(&cluster).high_watermark() {
            cluster
                .step()
                .expect("the produce appends before the run ends");
        }
        let log = leader_log(&cluster);
        let window = LogWindow::of(&cluster, tp, None);
        let broker = cluster.broker(1).expect("broker 1");
        let html = markup(partition_replica(
            &cluster,
            broker,
            tp,
            window,
            ColorBy::Producer,
            None,
            &Callback::noop(),
        ));
        let uncommitted = (log.log_end_offset() - log.high_watermark()) as usize;
        assert_eq!(html.matches("uncommitted").count(), uncommitted, "{html}");
    }
}
