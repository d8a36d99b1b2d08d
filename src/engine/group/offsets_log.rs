//! How committed offsets are stored in `__consumer_offsets`: one record per
//! committed partition, key `group:topic-id:partition`, value the offset (the
//! next offset to read, R-READ-3). The topic is compacted, as Kafka's is, and a
//! coordinator that takes over a partition rebuilds its groups' offsets from its
//! replica of the log.
//!
//! Simplified: only offsets are written, not group metadata, so a new
//! coordinator starts each group Empty and its members rejoin after an
//! UNKNOWN_MEMBER_ID; the commit is answered after the leader's append, without
//! waiting for `offsets.commit.required.acks=-1` replication.

use std::rc::Rc;

use crate::engine::ids::Tp;
use crate::engine::log::{Log, Record, RecordId};
use crate::engine::vec_map::VecMap;

/// The pseudo producer of coordinator-written records (`internal#N`).
pub const INTERNAL_PRODUCER: u32 = u32::MAX;

pub fn commit_record(group: &str, tp: Tp, offset: u64, seq: u32, now_ms: u64) -> Record {
    Record {
        id: RecordId {
            producer: INTERNAL_PRODUCER,
            seq,
        },
        key: Some(format!("{group}:{}:{}", tp.topic, tp.partition).into()),
        value: Some(Rc::from(offset.to_string().as_str())),
        timestamp_ms: now_ms,
    }
}

fn parse(record: &Record) -> Option<(&str, Tp, u64)> {
    let key = record.key.as_deref()?;
    let mut parts = key.rsplitn(3, ':');
    let partition = parts.next()?.parse().ok()?;
    let topic = parts.next()?.parse().ok()?;
    let group = parts.next()?;
    let offset = record.value.as_deref()?.parse().ok()?;
    Some((group, Tp::new(topic, partition), offset))
}

/// The latest committed offset of every partition of `group` in `log`.
pub fn load(log: &Log, group: &str) -> VecMap<Tp, u64> {
    let mut committed = VecMap::new();
    for batch in log.batches() {
        for (_, record) in batch.records() {
            if let Some((g, tp, offset)) = parse(record) {
                if g == group {
                    committed.insert(tp, offset);
                }
            }
        }
    }
    committed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_record_reads_back() {
        let record = commit_record("g:1", Tp::new(3, 7), 42, 0, 5);
        assert_eq!(parse(&record), Some(("g:1", Tp::new(3, 7), 42)));
    }
}
