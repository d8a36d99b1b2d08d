//! The report (`kafka-playground/report@1`): the end state of a run and what
//! happened to every record, as `shared/scenario-format.md` specifies. Arrays are
//! sorted so that reports diff cleanly: brokers by id, partitions by topic then
//! partition, logs by broker, produced by send time then producer (in scenario
//! order) then record number.
//!
//! Additions to the format (optional fields, as the format allows): each log's
//! `leader_epochs`, its leader-epoch cache as `[epoch, start offset]` pairs; each
//! consumer's `records_lag`, the consumer metric (HW of its last fetch minus its
//! position, R-READ-6), beside the group's `lag` (HW minus committed offset).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::engine::broker::{Broker, Process};
use crate::engine::event::Names;
use crate::engine::ids::{NodeId, Tp};
use crate::engine::ledger::ProducedRecord;
use crate::engine::log::{Log, RecordId};
use crate::engine::sort;
use crate::engine::vec_map::VecSet;
use crate::engine::Cluster;

pub const REPORT_FORMAT: &str = "kafka-playground/report@1";

fn broker_state(broker: &Broker, fenced: bool) -> &'static str {
    match broker.process {
        Process::Crashed => "crashed",
        Process::ShutDown => "shut_down",
        Process::Running if fenced => "fenced",
        Process::Running => "running",
    }
}

fn log_json(broker: u32, log: &Log, names: &Names) -> Value {
    let segments: Vec<Value> = log
        .segments()
        .iter()
        .map(|s| {
            json!({
                "base_offset": s.base_offset,
                "next_offset": s.next_offset(),
                "records": s.record_count(),
                "bytes": s.size_bytes,
                "largest_timestamp_ms": s.largest_timestamp_ms,
            })
        })
        .collect();
    let records: Vec<Value> = log
        .batches()
        .flat_map(|b| {
            b.records()
                .map(move |(offset, r)| (offset, b.leader_epoch(), r))
        })
        .map(|(offset, epoch, r)| {
            json!({
                "offset": offset,
                "leader_epoch": epoch,
                "id": names.record(r.id),
                "key": r.key.as_deref(),
                "value": r.value.as_deref(),
                "timestamp_ms": r.timestamp_ms,
            })
        })
        .collect();
    json!({
        "broker": broker,
        "log_start_offset": log.log_start_offset(),
        "log_end_offset": log.log_end_offset(),
        "high_watermark": log.high_watermark(),
        "leader_epochs": log.epochs().entries(),
        "segments": segments,
        "records": records,
    })
}

/// A produced record; `removed_by` (`retention` or `compaction`) only for an
/// acknowledged record that one of them removed from the leader's log.
fn produced_json(r: &ProducedRecord, removed_by: Option<&str>, names: &Names) -> Value {
    let mut entry = json!({
        "id": names.record(r.id),
        "producer": names.node(crate::engine::ids::NodeId::Producer(r.id.producer)),
        "topic": names.topic(r.tp.topic),
        "partition": r.tp.partition,
        "key": r.key.as_deref(),
        "value": r.value.as_deref(),
        "sent_at_ms": r.sent_at_ms,
        "status": r.status.name(),
        "offset": r.offset,
        "error": r.error.map(|e| e.name()),
        "errors_seen": r.errors_seen.iter().map(|e| e.name()).collect::<Vec<_>>(),
    });
    if let (Some(by), Value::Object(map)) = (removed_by, &mut entry) {
        map.insert("removed_by".into(), json!(by));
    }
    entry
}

/// The report of the cluster's current state.
fn tp_json(names: &Names, tp: Tp) -> Value {
    json!({ "topic": names.topic(tp.topic), "partition": tp.partition })
}

/// `groups[]`: members by consumer id, committed offsets and lag (R-READ-6).
fn groups_json(cluster: &Cluster) -> Value {
    let names = cluster.names();
    cluster
        .groups()
        .iter()
        .map(|g| {
            let mut members: Vec<(String, Vec<Value>)> = g
                .members
                .iter()
                .map(|m| {
                    let assignment = m.assignment.iter().map(|tp| tp_json(names, *tp)).collect();
                    (names.node(NodeId::Consumer(m.consumer)), assignment)
                })
                .collect();
            sort::sort_by(&mut members, |a, b| a.0.cmp(&b.0));
            let members: Vec<Value> = members
                .into_iter()
                .map(|(c, a)| json!({ "consumer": c, "assignment": a }))
                .collect();
            let committed: Vec<Value> = g
                .committed
                .iter()
                .map(|(tp, o)| {
                    json!({ "topic": names.topic(tp.topic), "partition": tp.partition, "offset": o })
                })
                .collect();
            let lag: Vec<Value> = g
                .lag
                .iter()
                .map(|(tp, l)| {
                    json!({ "topic": names.topic(tp.topic), "partition": tp.partition, "lag": l })
                })
                .collect();
            json!({
                "group": &*g.group,
                "state": g.state.name(),
                "generation": g.generation,
                "protocol": g.protocol.as_deref(),
                "members": members,
                "committed": committed,
                "lag": lag,
            })
        })
        .collect()
}

/// `consumers[]`: state, positions, consumed records in order, errors seen.
fn consumers_json(cluster: &Cluster) -> Value {
    let names = cluster.names();
    cluster
        .consumers()
        .iter()
        .map(|c| {
            let positions: Vec<Value> = c
                .positions
                .iter()
                .map(|(tp, o)| {
                    json!({ "topic": names.topic(tp.topic), "partition": tp.partition, "offset": o })
                })
                .collect();
            let consumed: Vec<Value> = c
                .consumed
                .iter()
                .map(|r| {
                    json!({
                        "topic": names.topic(r.tp.topic),
                        "partition": r.tp.partition,
                        "offset": r.offset,
                        "id": names.record(r.id),
                    })
                })
                .collect();
            let errors: Vec<&str> = c.errors_seen.iter().map(|e| e.name()).collect();
            let records_lag: Vec<Value> = c
                .records_lag()
                .iter()
                .map(|(tp, l)| {
                    json!({ "topic": names.topic(tp.topic), "partition": tp.partition, "lag": l })
                })
                .collect();
            json!({
                "id": &*c.name,
                "state": c.state.name(),
                "positions": positions,
                "consumed": consumed,
                "errors_seen": errors,
                "records_lag": records_lag,
            })
        })
        .collect()
}

pub fn report(cluster: &Cluster) -> Value {
    let names = cluster.names();
    let image = &cluster.controller().image;
    let brokers: Vec<Value> = cluster
        .brokers()
        .iter()
        .map(|b| {
            let fenced = image.brokers.get(&b.id).is_none_or(|r| r.fenced);
            json!({ "id": b.id, "state": broker_state(b, fenced) })
        })
        .collect();
    let partitions: Vec<Value> = image
        .partitions
        .values()
        .filter(|p| image.topic(p.tp.topic).is_some_and(|t| !t.internal))
        .map(|p| {
            let logs: Vec<Value> = p
                .replicas
                .iter()
                .copied()
                .collect::<VecSet<u32>>()
                .into_iter()
                .filter_map(|b| {
                    let log = &cluster.broker(b)?.replicas.get(&p.tp)?.log;
                    Some(log_json(b, log, names))
                })
                .collect();
            json!({
                "topic": names.topic(p.tp.topic),
                "partition": p.tp.partition,
                "replicas": p.replicas,
                "leader": p.leader,
                "leader_epoch": p.leader_epoch,
                "isr": p.isr,
                "logs": logs,
            })
        })
        .collect();
    let mut produced: Vec<&ProducedRecord> = cluster.ledger().records().collect();
    sort::sort_by_key(&mut produced, |r| (r.sent_at_ms, r.id));
    let removed = cluster
        .ledger()
        .removed_records(|tp| cluster.leader_log(tp));
    let produced: Vec<Value> = produced
        .iter()
        .map(|r| {
            let removed_by = removed.get(&r.id).and_then(|p| p.removed_by());
            produced_json(r, removed_by, names)
        })
        .collect();
    let lost: Vec<Value> = cluster
        .ledger()
        .lost_records(|tp| cluster.leader_log(tp))
        .into_iter()
        .map(|l| {
            json!({
                "id": names.record(l.id),
                "topic": names.topic(l.tp.topic),
                "partition": l.tp.partition,
                "offset": l.offset,
                "cause": l.cause,
            })
        })
        .collect();
    let mut duplicates = Vec::new();
    for tp in image.partitions.keys() {
        let Some((_, log)) = cluster.leader_log(*tp) else {
            continue;
        };
        let mut offsets: BTreeMap<RecordId, Vec<u64>> = BTreeMap::new();
        for batch in log.batches() {
            for (offset, record) in batch.records() {
                offsets.entry(record.id).or_default().push(offset);
            }
        }
        for (id, offsets) in offsets.into_iter().filter(|(_, o)| o.len() > 1) {
            duplicates.push(json!({
                "id": names.record(id),
                "topic": names.topic(tp.topic),
                "partition": tp.partition,
                "offsets": offsets,
            }));
        }
    }
    let violations: Vec<Value> = cluster
        .violations()
        .iter()
        .map(|v| json!({ "at_ms": v.at_ms, "message": v.message }))
        .collect();
    json!({
        "format": REPORT_FORMAT,
        "time_ms": cluster.now_ms(),
        "brokers": brokers,
        "partitions": partitions,
        "produced": produced,
        "lost": lost,
        "duplicates": duplicates,
        "groups": groups_json(cluster),
        "consumers": consumers_json(cluster),
        "violations": violations,
    })
}
