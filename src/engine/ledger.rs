//! The record ledger: the fate of every produced record — pending, acknowledged
//! (where), failed (with which Kafka error), or sent with acks=0 — and every
//! acknowledged record that the partition's current leader no longer holds, with
//! a cause a student can follow (the loss matrix, §12 of the semantics).
//!
//! A record removed by retention (its offset is below the leader's log start) or
//! by compaction is not lost, and the report says which removed it; a record
//! found lost stays lost when retention or compaction later removes its offset.
//! Compaction is recognised from the leader's log and the ledger: the record's
//! offset holds nothing any more (the cleaner never changes what an offset
//! holds, R-COMPACT-3) and either a newer record with its key is still in the
//! log, or the newest acknowledged record with its key is a tombstone that is
//! gone too (deleted after its horizon, R-COMPACT-4). Simplified: a tombstone
//! whose send failed but which was appended anyway is not known to the ledger.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::config::Acks;
use super::error::KafkaError;
use super::event::ElectionKind;
use super::ids::Tp;
use super::log::{Log, RecordId};
use crate::engine::sort;
use crate::engine::vec_map::VecMap;

/// What a handler tells the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LedgerNote {
    /// The producer's application sent a record.
    Sent {
        id: RecordId,
        tp: Tp,
        key: Option<Rc<str>>,
        value: Option<Rc<str>>,
        acks: Acks,
    },
    /// An attempt to deliver the record got an error (retriable or not).
    ErrorSeen { id: RecordId, error: KafkaError },
    /// The producer got success from `broker` (acks=0: the request was sent).
    Acked {
        id: RecordId,
        offset: Option<u64>,
        broker: u32,
    },
    /// The producer's application got a final error.
    Failed { id: RecordId, error: KafkaError },
    /// A leader appended records of an acks=0 request (their offsets are
    /// otherwise unknown to the producer).
    PlacedWithoutAck {
        tp: Tp,
        base_offset: u64,
        ids: Vec<RecordId>,
    },
    /// The controller changed a partition's leader.
    LeaderChanged {
        tp: Tp,
        leader: Option<u32>,
        leader_epoch: u32,
        election: ElectionKind,
    },
    /// A replica removed records from the end of its log.
    Truncated {
        broker: u32,
        tp: Tp,
        removed: Vec<(u64, RecordId)>,
    },
}

/// A record's status as the report names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pending,
    Acked,
    Failed,
    /// acks=0: sent, no response expected.
    Sent,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Acked => "acked",
            Status::Failed => "failed",
            Status::Sent => "sent",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducedRecord {
    pub id: RecordId,
    pub tp: Tp,
    pub key: Option<Rc<str>>,
    pub value: Option<Rc<str>>,
    pub acks: Acks,
    pub sent_at_ms: u64,
    pub status: Status,
    /// The acknowledged offset (acks 1 or all).
    pub offset: Option<u64>,
    /// Where an acks=0 record was appended, if it was.
    pub placed_offset: Option<u64>,
    pub error: Option<KafkaError>,
    pub errors_seen: Vec<KafkaError>,
    pub acked_by: Option<u32>,
    pub acked_at_ms: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Election {
    at_ms: u64,
    leader: Option<u32>,
    leader_epoch: u32,
    kind: ElectionKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Truncation {
    at_ms: u64,
    broker: u32,
    removed: Vec<(u64, RecordId)>,
}

/// Why a record is no longer at its offset on the leader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Present,
    /// Below the leader's log start offset.
    Retention,
    /// Removed by the log cleaner (see the module docs).
    Compaction,
    Missing,
}

impl Presence {
    /// The report's `removed_by` for a record that is not lost but gone.
    pub fn removed_by(self) -> Option<&'static str> {
        match self {
            Presence::Retention => Some("retention"),
            Presence::Compaction => Some("compaction"),
            Presence::Present | Presence::Missing => None,
        }
    }
}

/// What loss checks need to know about a leader's log and a partition's
/// acknowledged records, each built once, and only when needed.
struct PartitionView<'a> {
    log: &'a Log,
    ids: OnceCell<BTreeSet<RecordId>>,
    /// The newest offset of each key in the log.
    newest_in_log: OnceCell<BTreeMap<Rc<str>, u64>>,
    /// The newest acknowledged record of each key: its offset and whether it
    /// is a tombstone.
    newest_acked: OnceCell<BTreeMap<Rc<str>, (u64, bool)>>,
}

impl<'a> PartitionView<'a> {
    fn new(log: &'a Log) -> Self {
        PartitionView {
            log,
            ids: OnceCell::new(),
            newest_in_log: OnceCell::new(),
            newest_acked: OnceCell::new(),
        }
    }

    fn ids(&self) -> &BTreeSet<RecordId> {
        self.ids.get_or_init(|| {
            let mut ids = BTreeSet::new();
            ids.extend(
                self.log
                    .batches()
                    .flat_map(|b| b.records())
                    .map(|(_, r)| r.id),
            );
            ids
        })
    }

    fn newest_in_log(&self) -> &BTreeMap<Rc<str>, u64> {
        self.newest_in_log.get_or_init(|| {
            let mut newest = BTreeMap::new();
            for (offset, record) in self.log.batches().flat_map(|b| b.records()) {
                if let Some(key) = &record.key {
                    newest.insert(key.clone(), offset);
                }
            }
            newest
        })
    }
}

/// What a note asks to check for losses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recheck {
    Nothing,
    /// A newly acknowledged record: is it already gone from the leader?
    Record(Tp, RecordId),
    /// The leader changed: check every acknowledged record of the partition.
    Partition(Tp),
}

/// A lost record, as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lost {
    pub id: RecordId,
    pub tp: Tp,
    pub offset: Option<u64>,
    pub cause: String,
}

/// How many elections and truncations are remembered per partition for causes.
const HISTORY_PER_PARTITION: usize = 256;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    /// Per producer, indexed by the record's number.
    records: Vec<Vec<ProducedRecord>>,
    /// Acknowledged records per partition, for loss checks.
    acked: VecMap<Tp, Vec<RecordId>>,
    elections: VecMap<Tp, Vec<Election>>,
    truncations: VecMap<Tp, Vec<Truncation>>,
    /// Records found lost so far, with their cause and the leader that lacked
    /// them last (the report recomputes which are lost from the final state).
    lost: BTreeMap<RecordId, (String, u32)>,
}

fn push_bounded<T>(list: &mut Vec<T>, item: T) {
    if list.len() >= HISTORY_PER_PARTITION {
        list.remove(0);
    }
    list.push(item);
}

impl Ledger {
    pub fn get(&self, id: RecordId) -> Option<&ProducedRecord> {
        self.records.get(id.producer as usize)?.get(id.seq as usize)
    }

    fn get_mut(&mut self, id: RecordId) -> Option<&mut ProducedRecord> {
        self.records
            .get_mut(id.producer as usize)?
            .get_mut(id.seq as usize)
    }

    /// Every record, in send order per producer.
    pub fn records(&self) -> impl Iterator<Item = &ProducedRecord> {
        self.records.iter().flatten()
    }

    pub fn len(&self) -> usize {
        self.records.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cause of a record found lost while running.
    pub fn loss_cause(&self, id: RecordId) -> Option<&str> {
        self.lost.get(&id).map(|(cause, _)| cause.as_str())
    }

    /// Applies a note. Returns what should be checked for losses now.
    pub fn apply(&mut self, note: LedgerNote, now_ms: u64) -> Recheck {
        match note {
            LedgerNote::Sent {
                id,
                tp,
                key,
                value,
                acks,
            } => {
                let producer = id.producer as usize;
                if self.records.len() <= producer {
                    self.records.resize_with(producer + 1, Vec::new);
                }
                self.records[producer].push(ProducedRecord {
                    id,
                    tp,
                    key,
                    value,
                    acks,
                    sent_at_ms: now_ms,
                    status: Status::Pending,
                    offset: None,
                    placed_offset: None,
                    error: None,
                    errors_seen: Vec::new(),
                    acked_by: None,
                    acked_at_ms: None,
                });
                Recheck::Nothing
            }
            LedgerNote::ErrorSeen { id, error } => {
                if let Some(r) = self.get_mut(id) {
                    r.errors_seen.push(error);
                }
                Recheck::Nothing
            }
            LedgerNote::Acked { id, offset, broker } => {
                let Some(r) = self.get_mut(id) else {
                    return Recheck::Nothing;
                };
                if r.status != Status::Pending {
                    return Recheck::Nothing;
                }
                r.status = if r.acks == Acks::None {
                    Status::Sent
                } else {
                    Status::Acked
                };
                r.offset = offset;
                r.acked_by = Some(broker);
                r.acked_at_ms = Some(now_ms);
                let tp = r.tp;
                self.acked.entry(tp).or_default().push(id);
                Recheck::Record(tp, id)
            }
            LedgerNote::Failed { id, error } => {
                if let Some(r) = self.get_mut(id) {
                    if r.status == Status::Pending {
                        r.status = Status::Failed;
                        r.error = Some(error);
                    }
                }
                Recheck::Nothing
            }
            LedgerNote::PlacedWithoutAck {
                base_offset, ids, ..
            } => {
                for (i, id) in ids.into_iter().enumerate() {
                    if let Some(r) = self.get_mut(id) {
                        r.placed_offset.get_or_insert(base_offset + i as u64);
                    }
                }
                Recheck::Nothing
            }
            LedgerNote::LeaderChanged {
                tp,
                leader,
                leader_epoch,
                election,
            } => {
                let history = self.elections.entry(tp).or_default();
                push_bounded(
                    history,
                    Election {
                        at_ms: now_ms,
                        leader,
                        leader_epoch,
                        kind: election,
                    },
                );
                Recheck::Partition(tp)
            }
            LedgerNote::Truncated {
                broker,
                tp,
                removed,
            } => {
                for (_, id) in &removed {
                    if let Some((cause, _)) = self.lost.get_mut(id) {
                        cause.push_str(&format!("; truncated on broker {broker} at {now_ms}"));
                    }
                }
                push_bounded(
                    self.truncations.entry(tp).or_default(),
                    Truncation {
                        at_ms: now_ms,
                        broker,
                        removed,
                    },
                );
                Recheck::Nothing
            }
        }
    }

    /// The newest acknowledged record of each key of `tp`.
    fn newest_acked(&self, tp: Tp) -> BTreeMap<Rc<str>, (u64, bool)> {
        let mut newest: BTreeMap<Rc<str>, (u64, bool)> = BTreeMap::new();
        for record in self
            .acked
            .get(&tp)
            .into_iter()
            .flatten()
            .filter_map(|id| self.get(*id))
        {
            let (Some(key), Some(offset)) = (&record.key, record.offset.or(record.placed_offset))
            else {
                continue;
            };
            if newest.get(key).is_none_or(|(o, _)| *o < offset) {
                newest.insert(key.clone(), (offset, record.value.is_none()));
            }
        }
        newest
    }

    /// Whether the leader's log still holds `record` (R-RET, R-COMPACT exclusions).
    fn presence(&self, record: &ProducedRecord, view: &PartitionView) -> Presence {
        let log = view.log;
        let Some(offset) = record.offset.or(record.placed_offset) else {
            return if view.ids().contains(&record.id) {
                Presence::Present
            } else {
                Presence::Missing
            };
        };
        if offset < log.log_start_offset() {
            return Presence::Retention;
        }
        match log.record_at(offset) {
            Some((r, _)) if r.id == record.id => Presence::Present,
            Some(_) => Presence::Missing,
            None if offset < log.log_end_offset() => {
                let Some(key) = &record.key else {
                    return Presence::Missing;
                };
                let superseded = view.newest_in_log().get(key).is_some_and(|o| *o > offset);
                let newest = view
                    .newest_acked
                    .get_or_init(|| self.newest_acked(record.tp))
                    .get(key)
                    .copied();
                // The key's newest record is a tombstone the cleaner removed too.
                let deleted_key = newest.is_some_and(|(o, tombstone)| {
                    tombstone
                        && o >= offset
                        && o < log.log_end_offset()
                        && log.record_at(o).is_none()
                });
                if superseded || deleted_key {
                    Presence::Compaction
                } else {
                    Presence::Missing
                }
            }
            None => Presence::Missing,
        }
    }

    /// How the record was acknowledged: the first part of a loss's cause.
    fn acknowledgement(record: &ProducedRecord) -> String {
        let mut text = match (record.acks, record.acked_by, record.acked_at_ms) {
            (Acks::None, Some(b), Some(at)) => {
                format!("sent with acks=0 to broker {b} at {at}, no response expected")
            }
            (acks, Some(b), Some(at)) => {
                format!("acked by broker {b} (acks={}) at {at}", acks.name())
            }
            _ => "never acknowledged".to_string(),
        };
        if record.acks == Acks::None && record.placed_offset.is_none() {
            text.push_str("; no leader ever appended it");
        }
        text
    }

    /// "; broker L became leader … without it", for the latest election of `leader`.
    fn election_without(&self, record: &ProducedRecord, leader: u32) -> String {
        let acked_at = record.acked_at_ms.unwrap_or(0);
        let election = self.elections.get(&record.tp).and_then(|history| {
            history
                .iter()
                .rev()
                .find(|e| e.at_ms >= acked_at && e.leader == Some(leader))
        });
        let Some(e) = election else {
            return format!("; broker {leader}, the leader, does not have it");
        };
        let how = match e.kind {
            ElectionKind::Unclean => "elected uncleanly".to_string(),
            other => format!(
                "became leader ({} election)",
                other.name().replace('_', " ")
            ),
        };
        format!(
            "; broker {leader} {how} at {} (epoch {}) without it",
            e.at_ms, e.leader_epoch
        )
    }

    /// The sentence that explains a loss first seen with `leader` leading.
    fn cause(&self, record: &ProducedRecord, leader: u32) -> String {
        let mut cause = Self::acknowledgement(record);
        cause.push_str(&self.election_without(record, leader));
        for t in self.truncations.get(&record.tp).into_iter().flatten() {
            if t.removed.iter().any(|(_, id)| *id == record.id) {
                cause.push_str(&format!(
                    "; truncated on broker {} at {}",
                    t.broker, t.at_ms
                ));
            }
        }
        cause
    }

    /// Checks acknowledged records of `tp` (all, or only `only`) against its
    /// current leader's log and returns those newly found lost. A record already
    /// lost that a new leader also lacks gets that election added to its cause.
    /// With no leader, nothing is lost yet.
    pub fn detect_losses(
        &mut self,
        tp: Tp,
        only: Option<RecordId>,
        leader: Option<(u32, &Log)>,
    ) -> Vec<Lost> {
        let Some((leader_id, log)) = leader else {
            return Vec::new();
        };
        let ids = match only {
            Some(id) => vec![id],
            None => self.acked.get(&tp).cloned().unwrap_or_default(),
        };
        let view = PartitionView::new(log);
        let mut found = Vec::new();
        for id in ids {
            let Some(record) = self.get(id) else { continue };
            match self.presence(record, &view) {
                Presence::Present => {
                    self.lost.remove(&id);
                    continue;
                }
                // Retention or compaction later removing the offset of a record
                // already lost does not make it less lost.
                Presence::Retention | Presence::Compaction => continue,
                Presence::Missing => {}
            }
            match self.lost.get(&id) {
                None => {
                    let cause = self.cause(record, leader_id);
                    found.push(Lost {
                        id,
                        tp,
                        offset: record.offset,
                        cause: cause.clone(),
                    });
                    self.lost.insert(id, (cause, leader_id));
                }
                Some((_, last_leader)) if *last_leader != leader_id => {
                    let more = self.election_without(record, leader_id);
                    if let Some((cause, last)) = self.lost.get_mut(&id) {
                        cause.push_str(&more);
                        *last = leader_id;
                    }
                }
                Some(_) => {}
            }
        }
        found
    }

    /// The report's `lost`: acknowledged records gone from their partition's
    /// current leader, computed from the final state.
    pub fn lost_records<'a>(&self, leader_log: impl Fn(Tp) -> Option<(u32, &'a Log)>) -> Vec<Lost> {
        let mut out = Vec::new();
        for (tp, ids) in &self.acked {
            let Some((leader, log)) = leader_log(*tp) else {
                continue;
            };
            let view = PartitionView::new(log);
            for id in ids {
                let Some(record) = self.get(*id) else {
                    continue;
                };
                let presence = self.presence(record, &view);
                let known_lost = self.lost.contains_key(id) && presence != Presence::Present;
                if presence == Presence::Missing || known_lost {
                    let cause = self
                        .lost
                        .get(id)
                        .map(|(cause, _)| cause.clone())
                        .unwrap_or_else(|| self.cause(record, leader));
                    out.push(Lost {
                        id: *id,
                        tp: *tp,
                        offset: record.offset,
                        cause,
                    });
                }
            }
        }
        sort::sort_by_key(&mut out, |l| (l.tp, l.offset, l.id));
        out
    }

    /// Acknowledged records that retention or compaction removed from their
    /// partition's current leader, and which of the two did (the report's
    /// `removed_by`).
    pub fn removed_records<'a>(
        &self,
        leader_log: impl Fn(Tp) -> Option<(u32, &'a Log)>,
    ) -> BTreeMap<RecordId, Presence> {
        let mut out = BTreeMap::new();
        for (tp, ids) in &self.acked {
            let Some((_, log)) = leader_log(*tp) else {
                continue;
            };
            let view = PartitionView::new(log);
            for record in ids.iter().filter_map(|id| self.get(*id)) {
                let presence = self.presence(record, &view);
                if presence.removed_by().is_some() && !self.lost.contains_key(&record.id) {
                    out.insert(record.id, presence);
                }
            }
        }
        out
    }
}
