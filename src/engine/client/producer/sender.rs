//! The producer's sender thread (`Sender`, `RecordAccumulator.drain`): sends ready
//! batches to partition leaders, at most `max.in.flight.requests.per.connection`
//! unanswered requests per broker; handles responses, client-side request
//! timeouts and disconnects (R-PROD-3); retries retriable errors with back-off
//! while `retries` and `delivery.timeout.ms` allow (R-PROD-2); keeps idempotent
//! batches in sequence order and handles OUT_OF_ORDER_SEQUENCE_NUMBER (R-IDEM-4).

use std::rc::Rc;

use super::{InFlightRequest, Producer, ProducerBatch, ProducerOut, ProducerTimer};
use crate::engine::config::Acks;
use crate::engine::error::KafkaError;
use crate::engine::event::EventKind;
use crate::engine::ids::NodeId;
use crate::engine::ledger::LedgerNote;
use crate::engine::log::{BatchData, ProducerStamp};
use crate::engine::message::{Payload, ProduceRequest, ProduceResponse};
use crate::engine::vec_map::VecMap;

impl Producer {
    fn in_flight_to(&self, broker: u32) -> usize {
        self.in_flight
            .values()
            .filter(|r| r.broker == broker)
            .count()
    }

    /// Sets the sender's wake-up at `at_ms` unless one is already due by then, so
    /// that at most one pending wake-up leads the others.
    pub fn schedule_wake(&mut self, at_ms: u64, out: &mut ProducerOut) {
        if at_ms <= out.now_ms {
            return;
        }
        if self
            .wake_at_ms
            .is_some_and(|w| w > out.now_ms && w <= at_ms)
        {
            return;
        }
        self.wake_at_ms = Some(at_ms);
        out.timer_at(at_ms, ProducerTimer::Wake);
    }

    /// The earliest delivery deadline of any batch (the oldest batch of each
    /// queue, and every batch in flight).
    fn earliest_deadline(&self) -> Option<u64> {
        let queued = self.queues.values().filter_map(|q| q.front());
        let flying = self.in_flight.values().flat_map(|r| r.batches.iter());
        queued
            .chain(flying)
            .map(|b| b.created_ms + self.config.delivery_timeout_ms)
            .min()
    }

    /// Sends every batch that is ready, as requests to the partitions' leaders.
    pub fn drain(&mut self, out: &mut ProducerOut) {
        self.expire_batches(out);
        if self.config.idempotence && self.producer_id.is_none() {
            self.refresh_metadata(out);
            return;
        }
        let now = out.now_ms;
        let mut wake_at: Option<u64> = None;
        loop {
            let mut requests: VecMap<u32, Vec<ProducerBatch>> = Default::default();
            let tps: Vec<_> = self.queues.keys().copied().collect();
            for tp in tps {
                let Some(front) = self.queues.get(&tp).and_then(|q| q.front()) else {
                    continue;
                };
                if front.retry_at_ms > now {
                    wake_at = Some(wake_at.map_or(front.retry_at_ms, |w| w.min(front.retry_at_ms)));
                    continue;
                }
                let lingering = front.attempts == 0
                    && now < front.created_ms + self.config.linger_ms
                    && front.size_bytes < self.config.batch_size
                    && self.queues.get(&tp).is_some_and(|q| q.len() == 1);
                if lingering {
                    let at = front.created_ms + self.config.linger_ms;
                    wake_at = Some(wake_at.map_or(at, |w| w.min(at)));
                    continue;
                }
                let Some(leader) = self.metadata.leader(tp) else {
                    self.metadata.stale = true;
                    continue;
                };
                let retry_waits_for_flight = self.config.idempotence
                    && front.attempts > 0
                    && self
                        .in_flight
                        .values()
                        .flat_map(|r| &r.batches)
                        .any(|b| b.tp == tp);
                if retry_waits_for_flight {
                    continue;
                }
                if !requests.contains_key(&leader)
                    && self.in_flight_to(leader) >= self.config.max_in_flight
                {
                    continue;
                }
                if let Some(batch) = self.queues.get_mut(&tp).and_then(|q| q.pop_front()) {
                    requests.entry(leader).or_default().push(batch);
                }
            }
            self.queues.retain(|_, q| !q.is_empty());
            if requests.is_empty() {
                break;
            }
            for (broker, batches) in requests {
                self.send_request(broker, batches, out);
            }
        }
        if self.metadata.stale {
            self.refresh_metadata(out);
        }
        let next = [wake_at, self.earliest_deadline()]
            .into_iter()
            .flatten()
            .min();
        if let Some(at) = next {
            self.schedule_wake(at, out);
        }
    }

    fn send_request(
        &mut self,
        broker: u32,
        mut batches: Vec<ProducerBatch>,
        out: &mut ProducerOut,
    ) {
        let stamp_base = self.producer_id.filter(|_| self.config.idempotence);
        let mut payload = Vec::with_capacity(batches.len());
        for batch in &mut batches {
            let stamp = stamp_base.map(|(producer_id, producer_epoch)| {
                let base = *batch.base_sequence.get_or_insert_with(|| {
                    let next = self.sequences.entry(batch.tp).or_insert(0);
                    let base = *next;
                    *next = next.wrapping_add(batch.records.len() as u32) % (i32::MAX as u32 + 1);
                    base
                });
                ProducerStamp {
                    producer_id,
                    producer_epoch,
                    base_sequence: base,
                }
            });
            payload.push((
                batch.tp,
                Rc::new(BatchData::new(0, stamp, batch.records.clone())),
            ));
        }
        let request_id = self.fresh_id();
        out.send(
            NodeId::Broker(broker),
            Payload::Produce(ProduceRequest {
                request_id,
                acks: self.config.acks,
                timeout_ms: self.config.request_timeout_ms,
                batches: payload,
            }),
        );
        if self.config.acks == Acks::None {
            // R-ACK-3: the record is complete as soon as it is sent, offset −1.
            for batch in batches {
                for record in &batch.records {
                    let (id, tp) = (record.id, batch.tp);
                    out.note(LedgerNote::Acked {
                        id,
                        offset: None,
                        broker,
                    });
                    out.event(|| EventKind::RecordAcked {
                        id,
                        tp,
                        offset: None,
                    });
                }
            }
            return;
        }
        self.in_flight.insert(
            request_id,
            InFlightRequest {
                broker,
                sent_ms: out.now_ms,
                batches,
            },
        );
        out.timer_in(
            self.config.request_timeout_ms,
            ProducerTimer::RequestTimeout { request_id },
        );
    }

    pub fn on_produce_response(&mut self, response: ProduceResponse, out: &mut ProducerOut) {
        let Some(request) = self.in_flight.remove(&response.request_id) else {
            return;
        };
        for batch in request.batches {
            let result = response.results.iter().find(|r| r.tp == batch.tp);
            match result.map(|r| (r.error, r.base_offset)) {
                Some((None, Some(base_offset))) => {
                    self.complete(batch, base_offset, request.broker, out)
                }
                Some((Some(error), _)) => self.on_batch_error(batch, error, out),
                _ => self.on_batch_error(batch, KafkaError::NetworkException, out),
            }
        }
        self.drain(out);
    }

    fn complete(
        &mut self,
        batch: ProducerBatch,
        base_offset: u64,
        broker: u32,
        out: &mut ProducerOut,
    ) {
        if let Some(base) = batch.base_sequence {
            let last = (u64::from(base) + batch.records.len() as u64 - 1) as u32;
            self.acked_sequence.insert(batch.tp, last);
        }
        for (i, record) in batch.records.iter().enumerate() {
            let (id, tp, offset) = (record.id, batch.tp, base_offset + i as u64);
            out.note(LedgerNote::Acked {
                id,
                offset: Some(offset),
                broker,
            });
            out.event(|| EventKind::RecordAcked {
                id,
                tp,
                offset: Some(offset),
            });
        }
    }

    fn fail(&mut self, batch: &ProducerBatch, error: KafkaError, out: &mut ProducerOut) {
        for record in &batch.records {
            let (id, tp) = (record.id, batch.tp);
            out.note(LedgerNote::Failed { id, error });
            out.event(|| EventKind::RecordFailed { id, tp, error });
        }
    }

    /// R-IDEM-4 (gap) and UNKNOWN_PRODUCER_ID: bump the epoch locally and start
    /// every partition's sequences again from 0.
    fn bump_epoch(&mut self) {
        if let Some((pid, epoch)) = self.producer_id {
            self.producer_id = Some((pid, epoch.wrapping_add(1)));
        }
        self.sequences.clear();
        self.acked_sequence.clear();
        for batch in self.queues.values_mut().flatten() {
            batch.base_sequence = None;
        }
    }

    /// R-PROD-2: retry if the error is retriable and retries and the delivery
    /// timeout allow; otherwise the application gets the error.
    fn on_batch_error(
        &mut self,
        mut batch: ProducerBatch,
        error: KafkaError,
        out: &mut ProducerOut,
    ) {
        for record in &batch.records {
            out.note(LedgerNote::ErrorSeen {
                id: record.id,
                error,
            });
        }
        if self.config.idempotence {
            match error {
                KafkaError::OutOfOrderSequenceNumber => {
                    let expected = self
                        .acked_sequence
                        .get(&batch.tp)
                        .map_or(0, |s| s.wrapping_add(1));
                    if batch.base_sequence == Some(expected) {
                        self.bump_epoch();
                        batch.base_sequence = None;
                    }
                }
                KafkaError::UnknownProducerId => {
                    self.bump_epoch();
                    batch.base_sequence = None;
                }
                _ => {}
            }
        }
        let now = out.now_ms;
        let can_retry = error.is_retriable()
            && u64::from(batch.attempts) < self.config.retries
            && now < batch.created_ms + self.config.delivery_timeout_ms;
        let (producer, ids) = (self.index, batch.ids());
        out.event(|| EventKind::RequestFailed {
            producer,
            ids,
            error,
            retry: can_retry,
        });
        if !can_retry {
            self.fail(&batch, error, out);
            return;
        }
        if error.invalidates_metadata() {
            self.metadata.stale = true;
        }
        batch.attempts += 1;
        batch.retry_at_ms = now + self.config.retry_backoff(batch.attempts);
        let tp = batch.tp;
        let queue = self.queues.entry(tp).or_default();
        if self.config.idempotence {
            // `insertInSequenceOrder`: retries go back in sequence order.
            let position = queue
                .iter()
                .position(|b| {
                    b.base_sequence
                        .is_none_or(|s| Some(s) > batch.base_sequence)
                })
                .unwrap_or(queue.len());
            queue.insert(position, batch);
        } else {
            // `reenqueue`: back at the front, behind nothing — later batches that
            // are already in flight can overtake it (R-PROD-5).
            queue.push_front(batch);
        }
    }

    /// Every request in flight to `broker` fails with `error` (R-PROD-3).
    pub fn fail_connection(&mut self, broker: u32, error: KafkaError, out: &mut ProducerOut) {
        let ids: Vec<u64> = self
            .in_flight
            .iter()
            .filter(|(_, r)| r.broker == broker)
            .map(|(id, _)| *id)
            .collect();
        for id in ids {
            if let Some(request) = self.in_flight.remove(&id) {
                for batch in request.batches {
                    self.on_batch_error(batch, error, out);
                }
            }
        }
        self.drain(out);
    }

    pub fn on_request_timeout(&mut self, request_id: u64, out: &mut ProducerOut) {
        let Some(broker) = self.in_flight.get(&request_id).map(|r| r.broker) else {
            return;
        };
        self.metadata.stale = true;
        self.fail_connection(broker, KafkaError::RequestTimedOut, out);
    }

    /// Batches older than `delivery.timeout.ms` fail, queued or in flight (R-PROD-2).
    fn expire_batches(&mut self, out: &mut ProducerOut) {
        let deadline = |b: &ProducerBatch| b.created_ms + self.config.delivery_timeout_ms;
        let now = out.now_ms;
        let mut expired = Vec::new();
        // Each queue is in creation order (retries go back in sequence order,
        // which is creation order), so expired batches are at the front.
        for queue in self.queues.values_mut() {
            while queue
                .front()
                .is_some_and(|b| now >= b.created_ms + self.config.delivery_timeout_ms)
            {
                expired.extend(queue.pop_front());
            }
        }
        for request in self.in_flight.values_mut() {
            let (gone, kept): (Vec<_>, Vec<_>) =
                request.batches.drain(..).partition(|b| now >= deadline(b));
            request.batches = kept;
            expired.extend(gone);
        }
        self.queues.retain(|_, q| !q.is_empty());
        for batch in expired {
            for record in &batch.records {
                out.note(LedgerNote::ErrorSeen {
                    id: record.id,
                    error: KafkaError::DeliveryTimeout,
                });
            }
            self.fail(&batch, KafkaError::DeliveryTimeout, out);
        }
    }
}

#[cfg(test)]
mod tests {
    //! S25: retrying with several requests in flight. The broker's answers are
    //! fed by hand, since the scenario injects an error no script op can cause.
    use super::super::{ProduceJob, Producer, ProducerOut};
    use crate::engine::action::RecordValue;
    use crate::engine::config::{ConfigMap, ProducerConfig, PRODUCER_CONFIGS};
    use crate::engine::error::KafkaError;
    use crate::engine::ids::{NodeId, Tp};
    use crate::engine::ledger::LedgerNote;
    use crate::engine::message::{
        ClientMetadata, PartitionLeader, Payload, ProduceResponse, ProduceResult,
    };
    use crate::engine::outbox::Outbox;
    use std::rc::Rc;

    const TP: Tp = Tp {
        topic: 0,
        partition: 0,
    };

    fn producer(idempotent: bool) -> Producer {
        let mut map = ConfigMap::new(PRODUCER_CONFIGS);
        map.set("enable.idempotence", &serde_json::json!(idempotent))
            .unwrap();
        let config = ProducerConfig::from_map(map).unwrap();
        let mut p = Producer::new(0, "p", config, vec![1]);
        let mut out: ProducerOut = Outbox::new(0, false);
        p.start(&mut out);
        let (metadata_id, _) = p.metadata.in_flight.unwrap();
        let metadata = Rc::new(ClientMetadata {
            topics: vec![(0, "t".into(), 1)],
            partitions: vec![PartitionLeader {
                tp: TP,
                leader: Some(1),
                leader_epoch: 0,
            }],
            live_brokers: vec![1],
        });
        p.handle(
            NodeId::Broker(1),
            Payload::MetadataResponse {
                request_id: metadata_id,
                metadata,
            },
            &mut out,
        );
        if let Some((init_id, _)) = p.init_in_flight {
            let response = Payload::InitProducerIdResponse {
                request_id: init_id,
                producer_id: 1000,
                producer_epoch: 0,
            };
            p.handle(NodeId::Broker(1), response, &mut out);
        }
        // Sequences 0..9 were acknowledged at offsets 0..9.
        p.sequences.insert(TP, 10);
        p.acked_sequence.insert(TP, 9);
        p
    }

    /// Sends one record now; returns the request id it went out in.
    fn send(p: &mut Producer, now: u64) -> u64 {
        let mut out: ProducerOut = Outbox::new(now, false);
        let job = ProduceJob {
            topic: "t".into(),
            partition: Some(0),
            key: None,
            value: RecordValue::RecordId,
            remaining: 1,
            every_ms: 0,
        };
        p.add_job(job, &mut out);
        *p.in_flight.keys().max().unwrap()
    }

    fn answer(
        p: &mut Producer,
        now: u64,
        request_id: u64,
        result: Result<u64, KafkaError>,
    ) -> Vec<LedgerNote> {
        let mut out: ProducerOut = Outbox::new(now, false);
        let (error, base_offset) = match result {
            Ok(offset) => (None, Some(offset)),
            Err(e) => (Some(e), None),
        };
        let response = ProduceResponse {
            request_id,
            results: vec![ProduceResult {
                tp: TP,
                error,
                base_offset,
            }],
        };
        p.handle(
            NodeId::Broker(1),
            Payload::ProduceResponse(response),
            &mut out,
        );
        out.notes
    }

    fn wake(p: &mut Producer, now: u64) -> Vec<u64> {
        let mut out: ProducerOut = Outbox::new(now, false);
        p.drain(&mut out);
        out.sends
            .iter()
            .filter_map(|(_, payload)| match payload {
                Payload::Produce(r) => Some(r.request_id),
                _ => None,
            })
            .collect()
    }

    fn acked(notes: &[LedgerNote]) -> Vec<(u32, u64)> {
        notes
            .iter()
            .filter_map(|n| match n {
                LedgerNote::Acked {
                    id,
                    offset: Some(o),
                    ..
                } => Some((id.seq, *o)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn s25_out_of_order_sequence_keeps_order_without_an_epoch_bump() {
        let mut p = producer(true);
        let b10 = send(&mut p, 1000);
        let b11 = send(&mut p, 1000);
        assert_ne!(b10, b11, "two requests in flight");
        answer(&mut p, 1002, b10, Err(KafkaError::NotEnoughReplicas));
        answer(&mut p, 1003, b11, Err(KafkaError::OutOfOrderSequenceNumber));
        assert_eq!(
            p.producer_id,
            Some((1000, 0)),
            "no epoch bump: B11 was not the next expected"
        );
        let queued: Vec<Option<u32>> = p.queues[&TP].iter().map(|b| b.base_sequence).collect();
        assert_eq!(
            queued,
            vec![Some(10), Some(11)],
            "retries in sequence order"
        );
        let first = wake(&mut p, 1200);
        assert_eq!(first.len(), 1, "B11 waits while B10 is in flight");
        let notes = answer(&mut p, 1202, first[0], Ok(10));
        let second = *p.in_flight.keys().max().unwrap();
        assert_ne!(second, first[0], "B11 is sent once B10 is answered");
        let more = answer(&mut p, 1204, second, Ok(11));
        assert_eq!(
            [acked(&notes), acked(&more)].concat(),
            vec![(0, 10), (1, 11)],
            "10→B10, 11→B11"
        );
    }

    #[test]
    fn s25_without_idempotence_the_retry_lands_after_the_later_batch() {
        let mut p = producer(false);
        let b10 = send(&mut p, 1000);
        let b11 = send(&mut p, 1000);
        answer(&mut p, 1002, b10, Err(KafkaError::NotEnoughReplicas));
        let b11_notes = answer(&mut p, 1003, b11, Ok(10));
        let retry = wake(&mut p, 1200);
        let b10_notes = answer(&mut p, 1202, retry[0], Ok(11));
        assert_eq!(acked(&b11_notes), vec![(1, 10)]);
        assert_eq!(
            acked(&b10_notes),
            vec![(0, 11)],
            "the records are reordered (R-PROD-5)"
        );
    }
}
