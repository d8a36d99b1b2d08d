//! The network map: every node (producers, the controller, brokers,
//! consumers) and every message in flight, drawn on its link at the fraction
//! of the way between its send and delivery times. A slow broker's messages
//! visibly crawl; a message on a cut link is drawn red and dropped when it
//! would have arrived. Heartbeats are hidden unless asked for.
//!
//! The nodes, links and drops are SVG markup; the messages are painted on a
//! canvas laid over it in the same coordinates (`flight_canvas.rs`), after
//! each render: a hundred moving SVG elements cost the browser more than a
//! frame's budget to diff, lay out and paint.

use yew::{html, Html, NodeRef};

use crate::engine::event::{Event, EventKind};
use crate::engine::group::protocol::{GroupRequest, GroupResponse};
use crate::engine::ids::NodeId;
use crate::engine::message::{Message, Payload};
use crate::engine::{sort, Cluster};
use crate::ui::messages::EN;
use crate::ui::model::Playground;

/// The map's coordinate space (SVG viewBox).
pub const WIDTH: f64 = 1000.0;
pub const HEIGHT: f64 = 130.0;
/// At most this many messages are drawn (the oldest first); the rest are counted.
pub const FLIGHTS_DRAWN: usize = 300;

/// How long (virtual ms) a dropped message's × stays where it was dropped.
pub const DROP_MARK_MS: u64 = 500;

/// How the map draws messages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapOptions {
    /// Virtual time, with the fraction of a millisecond the engine has not run yet.
    pub now_ms: f64,
    pub show_heartbeats: bool,
    /// `prefers-reduced-motion`: messages sit still at their link's middle.
    pub reduced_motion: bool,
}

impl MapOptions {
    /// The options the playground's state asks for.
    pub fn of(playground: &Playground) -> Self {
        MapOptions {
            now_ms: playground.draw_time_ms(),
            show_heartbeats: playground.show_heartbeats,
            reduced_motion: playground.reduced_motion,
        }
    }
}

/// A message in flight, where the map draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    /// The map's coordinates (SVG viewBox).
    pub x: f64,
    pub y: f64,
    /// What it looks like: [`glyph_class`].
    pub glyph: &'static str,
    /// On a cut link: it will be dropped.
    pub doomed: bool,
    /// Records it carries (a fetch response shows the count).
    pub records: usize,
}

/// A coordinate with one decimal, written with integer formatting only (float
/// formatting would add its code to the wasm for this alone).
pub fn coord(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let tenths = tenths.unsigned_abs();
    format!("{sign}{}.{}", tenths / 10, tenths % 10)
}

fn translate(x: f64, y: f64) -> String {
    format!("translate({} {})", coord(x), coord(y))
}

/// Where a node sits on the map.
pub fn position(cluster: &Cluster, node: NodeId) -> (f64, f64) {
    let spread = |i: u32, n: usize| {
        if n <= 1 {
            HEIGHT / 2.0
        } else {
            25.0 + f64::from(i) * (HEIGHT - 50.0) / (n - 1) as f64
        }
    };
    match node {
        NodeId::Controller => (WIDTH / 2.0, 22.0),
        NodeId::Broker(b) => {
            let n = cluster.brokers().len().max(1) as f64;
            (200.0 + (f64::from(b) - 0.5) * 600.0 / n, HEIGHT - 25.0)
        }
        NodeId::Producer(p) => (45.0, spread(p, cluster.producers().len())),
        NodeId::Consumer(c) => (WIDTH - 45.0, spread(c, cluster.names().consumers.len())),
    }
}

/// What a message looks like (visual language: filled envelope = produce,
/// white envelope with a check = ack, dot = fetch request, box of cells =
/// fetch response).
pub fn glyph_class(payload: &Payload) -> &'static str {
    match payload {
        Payload::Produce(_) => "produce",
        Payload::ProduceResponse(_) => "ack",
        Payload::Fetch(_) => "fetch",
        Payload::FetchResponse(_) => "fetch-response",
        _ if is_heartbeat(payload) => "heartbeat",
        Payload::Group {
            request: GroupRequest::OffsetCommit { .. },
            ..
        } => "commit",
        Payload::GroupResponse {
            response: GroupResponse::OffsetCommit(_),
            ..
        } => "ack",
        _ => "control",
    }
}

/// Broker heartbeats to the controller and consumer heartbeats to their
/// group coordinator: hidden unless asked for.
fn is_heartbeat(payload: &Payload) -> bool {
    matches!(
        payload,
        Payload::BrokerHeartbeat { .. }
            | Payload::BrokerHeartbeatResponse { .. }
            | Payload::Group {
                request: GroupRequest::Heartbeat { .. },
                ..
            }
            | Payload::GroupResponse {
                response: GroupResponse::Heartbeat(_),
                ..
            }
    )
}

/// The messages in flight to draw, oldest first, at most [`FLIGHTS_DRAWN`].
pub fn flights(cluster: &Cluster, options: MapOptions) -> Vec<Flight> {
    shown_messages(cluster, options)
        .into_iter()
        .take(FLIGHTS_DRAWN)
        .map(|m| flight(cluster, m, options))
        .collect()
}

/// Every message in flight the map shows (heartbeats only if asked), oldest first.
fn shown_messages(cluster: &Cluster, options: MapOptions) -> Vec<&Message> {
    let mut shown: Vec<&Message> = cluster
        .in_flight()
        .filter(|m| is_shown(m, options))
        .collect();
    sort::sort_by_key(&mut shown, |m| m.id);
    shown
}

fn is_shown(message: &Message, options: MapOptions) -> bool {
    options.show_heartbeats || !is_heartbeat(&message.payload)
}

/// The map; the messages in flight are painted on `flight_canvas` after the
/// render (`flight_canvas::draw` with [`flights`]).
pub fn network_map(
    cluster: &Cluster,
    events: &[Event],
    options: MapOptions,
    flight_canvas: &NodeRef,
) -> Html {
    let in_flight = cluster.in_flight().filter(|m| is_shown(m, options)).count();
    let hidden = in_flight.saturating_sub(FLIGHTS_DRAWN);
    let names = cluster.names();
    let mut nodes: Vec<(NodeId, String)> =
        vec![(NodeId::Controller, EN.controller_short.to_string())];
    nodes.extend(
        cluster
            .brokers()
            .iter()
            .map(|b| (NodeId::Broker(b.id), (EN.broker_short)(b.id))),
    );
    nodes.extend(
        (0..names.producers.len() as u32)
            .map(|i| (NodeId::Producer(i), names.node(NodeId::Producer(i)))),
    );
    nodes.extend(
        (0..names.consumers.len() as u32)
            .map(|i| (NodeId::Consumer(i), names.node(NodeId::Consumer(i)))),
    );
    html! {
        <figure class="network-map" data-testid="network-map" data-in-flight={in_flight.to_string()}>
            <div class="map-stage">
            <svg viewBox={format!("0 0 {} {}", coord(WIDTH), coord(HEIGHT))} role="img" aria-label={(EN.network_map_label)(in_flight)}>
                { for cluster.brokers().iter().map(|b| heartbeat_line(cluster, b.id)) }
                { for cluster.network().cut_links().map(|(a, b)| {
                    let (x1, y1) = position(cluster, *a);
                    let (x2, y2) = position(cluster, *b);
                    html! { <line class="cut-link" x1={coord(x1)} y1={coord(y1)} x2={coord(x2)} y2={coord(y2)} /> }
                }) }
                { for nodes.iter().map(|(node, label)| {
                    let (x, y) = position(cluster, *node);
                    let down = node.broker().and_then(|b| cluster.broker(b)).is_some_and(|b| !b.is_running());
                    let slow = node.broker().is_some_and(|b| cluster.network().extra_latency_ms(b) > 0);
                    let class = match (down, slow) {
                        (true, _) => "node down",
                        (false, true) => "node slow",
                        _ => "node",
                    };
                    html! {
                        <g class={class} transform={translate(x, y)}>
                            <rect x="-22" y="-12" width="44" height="24" rx="12" />
                            <text text-anchor="middle" dy="4">{ label.clone() }</text>
                        </g>
                    }
                }) }
                { for recent_drops(events, cluster.now_ms()).map(|(from, to, api, reason)| {
                    let (x1, y1) = position(cluster, from);
                    let (x2, y2) = position(cluster, to);
                    let (x, y) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
                    html! {
                        <g class="dropped" transform={translate(x, y)}>
                            <title>{ (EN.dropped_here)(api, reason) }</title>
                            <path d="M-5 -5 L5 5 M5 -5 L-5 5" />
                        </g>
                    }
                }) }
            </svg>
            <canvas class="flights" ref={flight_canvas.clone()} aria-hidden="true"
                data-testid="flight-canvas"></canvas>
            </div>
            <figcaption class="simplification">{ EN.map_simplification }</figcaption>
            if hidden > 0 {
                <figcaption class="muted">{ (EN.flights_hidden)(hidden) }</figcaption>
            }
        </figure>
    }
}

/// The line between a broker and the controller that carries its heartbeats:
/// dashed when the broker is silent (not running, or the link is cut).
fn heartbeat_line(cluster: &Cluster, broker: u32) -> Html {
    let (x1, y1) = position(cluster, NodeId::Broker(broker));
    let (x2, y2) = position(cluster, NodeId::Controller);
    let running = cluster.broker(broker).is_some_and(|b| b.is_running());
    let cut = cluster
        .network()
        .is_cut(NodeId::Broker(broker), NodeId::Controller);
    let class = if running && !cut {
        "heartbeat-line"
    } else {
        "heartbeat-line silent"
    };
    html! {
        <line class={class} x1={coord(x1)} y1={coord(y1)} x2={coord(x2)} y2={coord(y2)} />
    }
}

/// Messages dropped in the last [`DROP_MARK_MS`] (heartbeats included: a
/// dropped heartbeat is how fencing starts).
fn recent_drops(
    events: &[Event],
    now_ms: u64,
) -> impl Iterator<Item = (NodeId, NodeId, &'static str, &'static str)> + '_ {
    events
        .iter()
        .rev()
        .take_while(move |e| e.at_ms + DROP_MARK_MS >= now_ms)
        .filter_map(|e| match e.kind {
            EventKind::MessageDropped {
                from,
                to,
                api,
                reason,
                ..
            } => Some((from, to, api, reason)),
            _ => None,
        })
}

fn flight(cluster: &Cluster, message: &Message, options: MapOptions) -> Flight {
    let (x1, y1) = position(cluster, message.from);
    let (x2, y2) = position(cluster, message.to);
    let span = message
        .deliver_at_ms
        .saturating_sub(message.sent_at_ms)
        .max(1) as f64;
    let fraction = if options.reduced_motion {
        0.5
    } else {
        ((options.now_ms - message.sent_at_ms as f64) / span).clamp(0.0, 1.0)
    };
    Flight {
        x: x1 + (x2 - x1) * fraction,
        y: y1 + (y2 - y1) * fraction,
        glyph: glyph_class(&message.payload),
        doomed: !cluster
            .network()
            .may_deliver(message.from, message.to, message.link_generation),
        records: message.payload.record_count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::views::test_support::{cluster_at, markup, THREE_BROKERS};

    fn options(now_ms: f64) -> MapOptions {
        MapOptions {
            now_ms,
            show_heartbeats: false,
            reduced_motion: false,
        }
    }

    #[test]
    fn coordinates_have_one_decimal() {
        assert_eq!(coord(12.345), "12.3");
        assert_eq!(coord(-0.26), "-0.3");
        assert_eq!(coord(1000.0), "1000.0");
    }

    #[test]
    fn draws_every_message_in_flight_but_heartbeats() {
        let mut cluster = cluster_at(THREE_BROKERS, 0);
        while !cluster
            .in_flight()
            .any(|m| matches!(m.payload, Payload::Produce(_)))
        {
            cluster.step().expect("the produce is sent");
        }
        let shown = cluster
            .in_flight()
            .filter(|m| !is_heartbeat(&m.payload))
            .count();
        let now = cluster.now_ms() as f64;
        let html = markup(network_map(
            &cluster,
            &[],
            options(now),
            &NodeRef::default(),
        ));
        assert!(
            html.contains(&format!(r#"data-in-flight="{shown}""#)),
            "{html}"
        );
        assert!(html.contains(r#"data-testid="flight-canvas""#), "{html}");
        let drawn = flights(&cluster, options(now));
        assert_eq!(drawn.len(), shown);
        assert!(drawn.iter().any(|f| f.glyph == "produce"), "{drawn:?}");
        assert!(drawn.iter().all(|f| f.glyph != "heartbeat"), "{drawn:?}");
        let with_heartbeats = MapOptions {
            show_heartbeats: true,
            ..options(now)
        };
        assert_eq!(
            flights(&cluster, with_heartbeats).len(),
            cluster.in_flight().count()
        );
    }

    #[test]
    fn a_message_moves_from_sender_to_receiver_with_time() {
        let mut cluster = cluster_at(THREE_BROKERS, 0);
        while !cluster.in_flight().any(|m| m.deliver_at_ms > m.sent_at_ms) {
            cluster.step().expect("something is sent");
        }
        let message = cluster
            .in_flight()
            .find(|m| m.deliver_at_ms > m.sent_at_ms)
            .expect("a message in flight")
            .clone();
        let at = |now_ms: f64| {
            let f = flight(&cluster, &message, options(now_ms));
            (f.x, f.y)
        };
        let (sent, delivered) = (message.sent_at_ms as f64, message.deliver_at_ms as f64);
        assert_eq!(at(sent), position(&cluster, message.from));
        assert_eq!(at(delivered), position(&cluster, message.to));
        let (x1, y1) = position(&cluster, message.from);
        let (x2, y2) = position(&cluster, message.to);
        let (x, y) = at((sent + delivered) / 2.0);
        assert!((x - (x1 + x2) / 2.0).abs() < 1e-9, "{x}");
        assert!((y - (y1 + y2) / 2.0).abs() < 1e-9, "{y}");
    }

    #[test]
    fn with_reduced_motion_a_message_sits_at_its_link_middle() {
        let mut cluster = cluster_at(THREE_BROKERS, 0);
        while cluster.in_flight().next().is_none() {
            cluster.step().expect("something is sent");
        }
        let message = cluster.in_flight().next().expect("a message").clone();
        let still = MapOptions {
            reduced_motion: true,
            ..options(message.sent_at_ms as f64)
        };
        let f = flight(&cluster, &message, still);
        let (x1, y1) = position(&cluster, message.from);
        let (x2, y2) = position(&cluster, message.to);
        assert!((f.x - (x1 + x2) / 2.0).abs() < 1e-9, "{f:?}");
        assert!((f.y - (y1 + y2) / 2.0).abs() < 1e-9, "{f:?}");
    }
}
