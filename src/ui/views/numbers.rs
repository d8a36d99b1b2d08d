//! The numbers a Kafka operator checks first, with Kafka's metric names:
//! `UnderReplicatedPartitions`, `OfflinePartitionsCount`, and per partition
//! its leader, LEO and high watermark.

use yew::{html, Html};

use crate::engine::group::view::GroupView;
use crate::engine::Cluster;
use crate::ui::messages::EN;

/// Partitions whose ISR is smaller than their replica set, and partitions
/// without a leader, as the controller's metadata says.
pub fn health_counts(cluster: &Cluster) -> (usize, usize) {
    let partitions = cluster.controller().image.partitions.values();
    let (mut under_replicated, mut offline) = (0, 0);
    for p in partitions {
        if p.leader.is_none() {
            offline += 1;
        } else if p.isr.len() < p.replicas.len() {
            under_replicated += 1;
        }
    }
    (under_replicated, offline)
}

/// An ISR as Kafka's tools print it: `[1,2,3]`.
fn isr_list(isr: &[u32]) -> String {
    let ids: Vec<String> = isr.iter().map(u32::to_string).collect();
    format!("[{}]", ids.join(","))
}

pub fn numbers_view(cluster: &Cluster, groups: &[GroupView]) -> Html {
    let (under_replicated, offline) = health_counts(cluster);
    let names = cluster.names();
    html! {
        <section class="numbers" aria-labelledby="numbers-title">
            <h2 id="numbers-title" class="column-title">{ EN.numbers_title }</h2>
            <dl class="metrics">
                <div class={if under_replicated > 0 { "metric warn" } else { "metric" }}>
                    <dt>{ "UnderReplicatedPartitions" }</dt>
                    <dd data-testid="under-replicated">{ under_replicated }</dd>
                </div>
                <div class={if offline > 0 { "metric bad" } else { "metric" }}>
                    <dt>{ "OfflinePartitionsCount" }</dt>
                    <dd data-testid="offline-partitions">{ offline }</dd>
                </div>
                { for groups.iter().map(|group| html! {
                    <div class="metric">
                        <dt>{ (EN.group_lag_metric)(&group.group) }</dt>
                        <dd data-testid={format!("lag-{}", group.group)}>{ super::consumers::total_lag(group) }</dd>
                    </div>
                }) }
            </dl>
            <table class="partition-table">
                <thead><tr>
                    <th scope="col">{ EN.partition }</th>
                    <th scope="col">{ EN.leader }</th>
                    <th scope="col">{ "ISR" }</th>
                    <th scope="col">{ "LEO" }</th>
                    <th scope="col">{ "HW" }</th>
                </tr></thead>
                <tbody>
                { for cluster.controller().image.partitions.values().filter(|p| !super::is_internal(cluster, p.tp.topic)).map(|p| {
                    let log = cluster.leader_log(p.tp).map(|(_, log)| log);
                    html! {
                        <tr data-testid={format!("numbers-{}", names.tp(p.tp))}>
                            <th scope="row">{ names.tp(p.tp) }</th>
                            <td>{ p.leader.map_or_else(|| EN.none.to_string(), |l| l.to_string()) }</td>
                            <td class="isr">{ isr_list(&p.isr) }</td>
                            <td>{ log.map_or_else(String::new, |l| l.log_end_offset().to_string()) }</td>
                            <td>{ log.map_or_else(String::new, |l| l.high_watermark().to_string()) }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::views::test_support::{cluster_at, markup, THREE_BROKERS};

    #[test]
    fn a_crashed_follower_makes_its_partition_under_replicated() {
        assert_eq!(health_counts(&cluster_at(THREE_BROKERS, 1000)), (0, 0));
        assert_eq!(health_counts(&cluster_at(THREE_BROKERS, 59_000)), (1, 0));
        let html = markup(numbers_view(&cluster_at(THREE_BROKERS, 59_000), &[]));
        assert!(
            html.contains(r#"<dd data-testid="under-replicated">1</dd>"#),
            "{html}"
        );
        assert!(html.contains(r#"<td class="isr">[1,2]</td>"#), "{html}");
    }
}
