//! The consumer groups column: each group as its coordinator sees it (state,
//! generation, coordinator, members and their assignments), its consumers
//! with what can be done to them (start, stop with or without a final commit,
//! kill), and per partition the position, the committed offset and the lag
//! (HW − committed, R-READ-6), as `kafka-consumer-groups --describe` shows.

use yew::{html, Callback, Html};

use crate::engine::client::consumer::{Consumer, ConsumerState};
use crate::engine::group::view::GroupView;
use crate::engine::{sort, Action, Cluster};
use crate::ui::messages::EN;
use crate::ui::model::Msg;

/// The column, given the groups as [`Cluster::groups`] describes them.
pub fn consumers_column(cluster: &Cluster, groups: &[GroupView], send: &Callback<Msg>) -> Html {
    html! {
        <section class="column consumers" aria-labelledby="consumers-title">
            <h2 id="consumers-title" class="column-title">{ EN.consumers_title }</h2>
            if groups.is_empty() {
                <p class="muted">{ EN.no_consumers }</p>
            }
            { for groups.iter().map(|group| group_card(cluster, group, send)) }
        </section>
    }
}

/// The total lag of a group: the sum over its partitions of HW − committed.
pub fn total_lag(group: &GroupView) -> u64 {
    group.lag.values().sum()
}

fn group_card(cluster: &Cluster, group: &GroupView, send: &Callback<Msg>) -> Html {
    let names = cluster.names();
    let consumers = cluster
        .consumers()
        .iter()
        .filter(|c| *c.group == *group.group);
    let mut partitions: Vec<_> = group.committed.keys().copied().collect();
    for consumer in cluster
        .consumers()
        .iter()
        .filter(|c| *c.group == *group.group)
    {
        partitions.extend(consumer.positions.keys().copied());
    }
    sort::sort(&mut partitions);
    partitions.dedup();
    let position = |tp| {
        cluster
            .consumers()
            .iter()
            .filter(|c| *c.group == *group.group)
            .find_map(|c| c.positions.get(&tp).copied())
    };
    let offset = |o: Option<u64>| o.map_or_else(|| "–".to_string(), |o| o.to_string());
    html! {
        <article class="group-card" data-testid={format!("group-{}", group.group)}>
            <header class="group-head">
                <span class="group-name">{ group.group.to_string() }</span>
                <span class="muted">{ EN.consumer_group }</span>
                <span class={format!("badge group-state {}", group.state.name().to_lowercase())}
                    data-testid="group-state">{ group.state.name() }</span>
            </header>
            <p class="muted">{ (EN.group_summary)(group.generation, group.coordinator, group.protocol.as_deref()) }</p>
            <h3 class="small-title">{ EN.members }</h3>
            <ul class="consumer-list">
                { for consumers.map(|c| consumer_row(cluster, group, c, send)) }
            </ul>
            <h3 class="small-title">{ EN.offsets }</h3>
            <table class="offsets-table">
                <thead><tr>
                    <th scope="col">{ EN.partition }</th>
                    <th scope="col" title={EN.position_title}>{ "▲" }</th>
                    <th scope="col" title={EN.committed_title}>{ "●" }</th>
                    <th scope="col">{ EN.lag }</th>
                </tr></thead>
                <tbody>
                    { for partitions.into_iter().map(|tp| html! {
                        <tr key={names.tp(tp)} data-testid={format!("offsets-{}", names.tp(tp))}>
                            <th scope="row">{ names.tp(tp) }</th>
                            <td>{ offset(position(tp)) }</td>
                            <td>{ offset(group.committed.get(&tp).copied()) }</td>
                            <td>{ offset(group.lag.get(&tp).copied()) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <p class="total-lag">
                <span>{ EN.total_lag }</span>
                <strong data-testid="total-lag">{ total_lag(group) }</strong>
            </p>
        </article>
    }
}

/// A consumer, its assignment, and what can be done to its application:
/// start it, stop it (`close()`, with or without a final `commitSync()`), or
/// kill its process.
fn consumer_row(
    cluster: &Cluster,
    group: &GroupView,
    consumer: &Consumer,
    send: &Callback<Msg>,
) -> Html {
    let names = cluster.names();
    let name = consumer.name.to_string();
    let assignment: Vec<String> = group
        .members
        .iter()
        .find(|m| m.consumer == consumer.index)
        .map(|m| m.assignment.iter().map(|tp| names.tp(*tp)).collect())
        .unwrap_or_default();
    let running = consumer.state == ConsumerState::Running;
    let mut actions = Vec::new();
    if running {
        actions.push((
            EN.consumer_stop_commit,
            Action::StopConsumer {
                consumer: name.clone(),
                commit_sync: true,
            },
        ));
        actions.push((
            EN.consumer_stop,
            Action::StopConsumer {
                consumer: name.clone(),
                commit_sync: false,
            },
        ));
        actions.push((
            EN.consumer_kill,
            Action::KillConsumer {
                consumer: name.clone(),
            },
        ));
    } else {
        actions.push((
            EN.consumer_start,
            Action::StartConsumer {
                consumer: name.clone(),
            },
        ));
    }
    html! {
        <li class={format!("consumer {}", consumer.state.name())} data-testid={format!("consumer-{name}")}
            data-state={consumer.state.name()}>
            <span class="consumer-name">
                { name.clone() }
                <span class="muted">{ (EN.consumer_state)(consumer.state.name()) }</span>
            </span>
            if !assignment.is_empty() {
                <span class="badges">
                    { for assignment.into_iter().map(|tp| html! { <span class="badge config">{ tp }</span> }) }
                </span>
            }
            <span class="buttons" role="group" aria-label={(EN.consumer_actions_label)(&name)}>
                { for actions.into_iter().map(|(label, action)| {
                    let onclick = send.reform(move |_| Msg::Act(action.clone()));
                    html! { <button class="small" {onclick}>{ label }</button> }
                }) }
            </span>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::views::test_support::{cluster_at, markup};

    const GROUP: &str = r#"{
      "format": "kafka-playground/scenario@1",
      "brokers": 3,
      "broker_config": { "offsets.topic.num.partitions": 1 },
      "topics": [{ "name": "t", "partitions": 2, "replication_factor": 3 }],
      "producers": [{ "id": "p" }],
      "consumers": [
        { "id": "c1", "group": "g", "subscribe": ["t"], "commit_after_poll": true,
          "config": { "auto.offset.reset": "earliest" } },
        { "id": "c2", "group": "g", "subscribe": ["t"], "commit_after_poll": true,
          "config": { "auto.offset.reset": "earliest" } }
      ],
      "script": [
        { "at_ms": 100, "op": "produce", "producer": "p", "topic": "t", "count": 20, "every_ms": 10 }
      ],
      "run_until_ms": 60000
    }"#;

    #[test]
    fn shows_a_stable_group_with_its_members_offsets_and_lag() {
        let cluster = cluster_at(GROUP, 30_000);
        let group = &cluster.groups()[0];
        let html = markup(consumers_column(
            &cluster,
            &cluster.groups(),
            &Callback::noop(),
        ));
        assert!(
            html.contains(r#"class="badge group-state stable">Stable<"#),
            "{html}"
        );
        assert!(html.contains(r#"data-testid="consumer-c1""#), "{html}");
        assert!(html.contains(r#"data-testid="consumer-c2""#), "{html}");
        assert!(
            html.contains("<span class=\"badge config\">t-0</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"badge config\">t-1</span>"),
            "{html}"
        );
        assert_eq!(total_lag(group), group.lag.values().sum::<u64>());
        assert!(
            html.contains(&format!(r#"data-testid="total-lag">{}<"#, total_lag(group))),
            "{html}"
        );
        assert_eq!(
            group.committed.values().sum::<u64>(),
            20,
            "everything consumed is committed"
        );
    }
}
