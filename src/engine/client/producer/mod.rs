//! The producer client (`KafkaProducer`): the application's `send()` (records get
//! their id and partition, R-PROD-4), the record accumulator that groups them into
//! batches, and the sender (`sender.rs`) that ships batches to partition leaders,
//! retries, and completes each record's future (R-PROD-1..5, R-IDEM-*).

pub mod sender;

use std::collections::VecDeque;
use std::rc::Rc;

use super::metadata::MetadataView;
use super::partitioner::partition_for_key;
use crate::engine::action::RecordValue;
use crate::engine::config::ProducerConfig;
use crate::engine::event::EventKind;
use crate::engine::ids::{NodeId, Tp};
use crate::engine::ledger::LedgerNote;
use crate::engine::log::{Record, RecordId};
use crate::engine::message::Payload;
use crate::engine::outbox::Outbox;
use crate::engine::vec_map::VecMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProducerTimer {
    /// The application's next `send()` of a produce job.
    AppSend {
        job: u64,
    },
    /// Something may be ready to send (linger, retry backoff, delivery timeout).
    Wake,
    RequestTimeout {
        request_id: u64,
    },
    MetadataTimeout {
        request_id: u64,
    },
    /// `metadata.max.age.ms`.
    MetadataRefresh,
}

pub type ProducerOut = Outbox<ProducerTimer>;

/// A `produce` action in progress: `remaining` records still to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProduceJob {
    pub topic: String,
    pub partition: Option<u32>,
    pub key: Option<Rc<str>>,
    pub value: RecordValue,
    pub remaining: u32,
    pub every_ms: u64,
}

/// A batch in the accumulator or in flight (`ProducerBatch`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerBatch {
    pub tp: Tp,
    pub records: Vec<Record>,
    pub size_bytes: u64,
    pub created_ms: u64,
    pub attempts: u32,
    /// Assigned at the first send by an idempotent producer (R-IDEM-2).
    pub base_sequence: Option<u32>,
    /// Not sent again before this time (retry back-off).
    pub retry_at_ms: u64,
}

impl ProducerBatch {
    pub fn ids(&self) -> Vec<RecordId> {
        self.records.iter().map(|r| r.id).collect()
    }
}

/// A request waiting for its response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlightRequest {
    pub broker: u32,
    pub sent_ms: u64,
    pub batches: Vec<ProducerBatch>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Producer {
    pub index: u32,
    /// The scenario's id for this producer; record ids are `name#N`.
    pub name: Rc<str>,
    pub config: ProducerConfig,
    pub metadata: MetadataView,
    /// `(producer id, epoch)` once InitProducerId answered (idempotent producers).
    pub producer_id: Option<(u64, u16)>,
    pub init_in_flight: Option<(u64, u32)>,
    pub jobs: VecMap<u64, ProduceJob>,
    /// Records sent by the application while no metadata was known.
    pub waiting: Vec<(Record, String, Option<u32>)>,
    pub queues: VecMap<Tp, VecDeque<ProducerBatch>>,
    pub in_flight: VecMap<u64, InFlightRequest>,
    /// Next sequence per partition (R-IDEM-2).
    pub sequences: VecMap<Tp, u32>,
    /// Last acknowledged sequence per partition.
    pub acked_sequence: VecMap<Tp, u32>,
    round_robin: VecMap<u32, u32>,
    /// The sender's pending wake-up, if any.
    wake_at_ms: Option<u64>,
    next_record: u32,
    next_id: u64,
}

/// Bytes a record adds to a batch: its v2 size, as the accumulator estimates it.
fn estimate_size(record: &Record) -> u64 {
    crate::engine::log::record::record_size(record, 0, 0)
}

impl Producer {
    pub fn new(index: u32, name: &str, config: ProducerConfig, brokers: Vec<u32>) -> Self {
        Producer {
            index,
            name: name.into(),
            config,
            metadata: MetadataView::new(brokers),
            producer_id: None,
            init_in_flight: None,
            jobs: VecMap::new(),
            waiting: Vec::new(),
            queues: VecMap::new(),
            in_flight: VecMap::new(),
            sequences: VecMap::new(),
            acked_sequence: VecMap::new(),
            round_robin: VecMap::new(),
            wake_at_ms: None,
            next_record: 0,
            next_id: 0,
        }
    }

    fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Client start-up: fetch metadata, and a producer id when idempotent.
    pub fn start(&mut self, out: &mut ProducerOut) {
        self.refresh_metadata(out);
        out.timer_in(
            self.config.metadata_max_age_ms,
            ProducerTimer::MetadataRefresh,
        );
    }

    /// The `produce` action: the application starts sending records.
    pub fn add_job(&mut self, job: ProduceJob, out: &mut ProducerOut) {
        let id = self.fresh_id();
        self.jobs.insert(id, job);
        self.run_job(id, out);
    }

    /// Sends the job's records due now (all of them when `every_ms` is 0).
    fn run_job(&mut self, id: u64, out: &mut ProducerOut) {
        let Some(mut job) = self.jobs.remove(&id) else {
            return;
        };
        while job.remaining > 0 {
            job.remaining -= 1;
            self.send_record(&job, out);
            if job.every_ms > 0 {
                break;
            }
        }
        if job.remaining > 0 {
            out.timer_in(job.every_ms, ProducerTimer::AppSend { job: id });
            self.jobs.insert(id, job);
        }
        self.drain(out);
    }

    /// `KafkaProducer.send()`: the record gets its id and goes to the accumulator.
    fn send_record(&mut self, job: &ProduceJob, out: &mut ProducerOut) {
        let id = RecordId {
            producer: self.index,
            seq: self.next_record,
        };
        self.next_record += 1;
        let value = match &job.value {
            RecordValue::RecordId => Some(Rc::from(format!("{}#{}", self.name, id.seq).as_str())),
            RecordValue::Text(t) => Some(Rc::from(t.as_str())),
            RecordValue::Tombstone => None,
        };
        let record = Record {
            id,
            key: job.key.clone(),
            value,
            timestamp_ms: out.now_ms,
        };
        if let Some(record) = self.place(record, &job.topic, job.partition, out) {
            self.waiting
                .push((record, job.topic.clone(), job.partition));
            self.metadata.stale = true;
            self.refresh_metadata(out);
        }
    }

    /// Gives the record a partition and adds it to a batch, or hands it back
    /// when the topic is not known yet (`send()` waits for metadata).
    fn place(
        &mut self,
        record: Record,
        topic: &str,
        partition: Option<u32>,
        out: &mut ProducerOut,
    ) -> Option<Record> {
        let Some((topic_id, partitions)) = self.metadata.topic(topic) else {
            return Some(record);
        };
        let partition = partition.unwrap_or_else(|| match &record.key {
            Some(key) => partition_for_key(key, partitions),
            None => {
                let next = self.round_robin.entry(topic_id).or_insert(0);
                let p = *next % partitions.max(1);
                *next = next.wrapping_add(1);
                p
            }
        });
        let tp = Tp::new(topic_id, partition);
        let (id, producer) = (record.id, self.index);
        out.note(LedgerNote::Sent {
            id,
            tp,
            key: record.key.clone(),
            value: record.value.clone(),
            acks: self.config.acks,
        });
        out.event(|| EventKind::RecordSent { producer, id, tp });
        self.append_to_batch(tp, record, out.now_ms);
        None
    }

    /// Records that waited for metadata are placed once their topic is known.
    fn place_waiting(&mut self, out: &mut ProducerOut) {
        for (record, topic, partition) in std::mem::take(&mut self.waiting) {
            if let Some(record) = self.place(record, &topic, partition, out) {
                self.waiting.push((record, topic, partition));
            }
        }
        if !self.waiting.is_empty() {
            self.metadata.stale = true;
            self.refresh_metadata(out);
        }
    }

    fn append_to_batch(&mut self, tp: Tp, record: Record, now_ms: u64) {
        let size = estimate_size(&record);
        let batch_size = self.config.batch_size;
        let queue = self.queues.entry(tp).or_default();
        if let Some(last) = queue.back_mut() {
            let open = last.attempts == 0 && last.base_sequence.is_none();
            if open && last.size_bytes + size <= batch_size.max(size) {
                last.records.push(record);
                last.size_bytes += size;
                return;
            }
        }
        queue.push_back(ProducerBatch {
            tp,
            records: vec![record],
            size_bytes: size,
            created_ms: now_ms,
            attempts: 0,
            base_sequence: None,
            retry_at_ms: 0,
        });
    }

    /// Asks a broker for metadata if none is in flight.
    pub fn refresh_metadata(&mut self, out: &mut ProducerOut) {
        if self.metadata.in_flight.is_some() {
            return;
        }
        // Refreshes are at least `retry.backoff.ms` apart, as in the Java client.
        if let Some(last) = self.metadata.last_request_ms {
            let next = last + self.config.retry_backoff_ms.max(1);
            if out.now_ms < next {
                self.schedule_wake(next, out);
                return;
            }
        }
        let Some(broker) = self.metadata.next_broker() else {
            return;
        };
        self.metadata.last_request_ms = Some(out.now_ms);
        let request_id = self.fresh_id();
        self.metadata.in_flight = Some((request_id, broker));
        out.send(
            NodeId::Broker(broker),
            Payload::MetadataRequest { request_id },
        );
        out.timer_in(
            self.config.request_timeout_ms,
            ProducerTimer::MetadataTimeout { request_id },
        );
        if self.config.idempotence && self.producer_id.is_none() && self.init_in_flight.is_none() {
            let init_id = self.fresh_id();
            self.init_in_flight = Some((init_id, broker));
            out.send(
                NodeId::Broker(broker),
                Payload::InitProducerId {
                    request_id: init_id,
                },
            );
        }
    }

    pub fn handle(&mut self, from: NodeId, payload: Payload, out: &mut ProducerOut) {
        let Some(broker) = from.broker() else {
            return;
        };
        match payload {
            Payload::MetadataResponse {
                request_id,
                metadata,
            } if self
                .metadata
                .in_flight
                .is_some_and(|(id, _)| id == request_id) =>
            {
                self.metadata.in_flight = None;
                self.metadata.unreachable.remove(&broker);
                self.metadata.update(&metadata, out.now_ms);
                self.place_waiting(out);
                self.drain(out);
            }
            Payload::InitProducerIdResponse {
                request_id,
                producer_id,
                producer_epoch,
            } if self.init_in_flight.is_some_and(|(id, _)| id == request_id) => {
                self.init_in_flight = None;
                self.producer_id = Some((producer_id, producer_epoch));
                self.drain(out);
            }
            Payload::ProduceResponse(response) => self.on_produce_response(response, out),
            _ => {}
        }
    }

    pub fn on_timer(&mut self, timer: ProducerTimer, out: &mut ProducerOut) {
        match timer {
            ProducerTimer::AppSend { job } => self.run_job(job, out),
            ProducerTimer::Wake => {
                if self.wake_at_ms == Some(out.now_ms) {
                    self.wake_at_ms = None;
                }
                self.drain(out);
            }
            ProducerTimer::RequestTimeout { request_id } => {
                self.on_request_timeout(request_id, out)
            }
            ProducerTimer::MetadataTimeout { request_id } => {
                if let Some((id, broker)) = self.metadata.in_flight {
                    if id == request_id {
                        self.metadata.mark_unreachable(broker);
                        if self.init_in_flight.is_some_and(|(_, b)| b == broker) {
                            self.init_in_flight = None;
                        }
                        self.refresh_metadata(out);
                    }
                }
            }
            ProducerTimer::MetadataRefresh => {
                self.metadata.stale = true;
                self.refresh_metadata(out);
                out.timer_in(
                    self.config.metadata_max_age_ms,
                    ProducerTimer::MetadataRefresh,
                );
            }
        }
    }

    /// A broker's connection was reset (crash, refused connection).
    pub fn on_disconnected(&mut self, peer: NodeId, out: &mut ProducerOut) {
        let Some(broker) = peer.broker() else {
            return;
        };
        self.metadata.mark_unreachable(broker);
        if self.init_in_flight.is_some_and(|(_, b)| b == broker) {
            self.init_in_flight = None;
        }
        self.fail_connection(
            broker,
            crate::engine::error::KafkaError::NetworkException,
            out,
        );
        self.refresh_metadata(out);
    }

    /// Records not yet completed, for the UI.
    pub fn pending_records(&self) -> usize {
        let queued: usize = self
            .queues
            .values()
            .flatten()
            .map(|b| b.records.len())
            .sum();
        let flying: usize = self
            .in_flight
            .values()
            .flat_map(|r| &r.batches)
            .map(|b| b.records.len())
            .sum();
        queued + flying + self.waiting.len()
    }
}
