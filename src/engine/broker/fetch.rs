//! Fetch requests on a leader (`Partition.fetchRecords`, `DelayedFetch`).
//! Followers read up to the LEO; consumers up to the HW (R-READ-1). For a follower
//! the leader first checks for divergence (R-EPOCH-3), reads the data and its
//! current HW, and only then records the follower's fetch offset (R-LOG-4), which
//! may expand the ISR (R-REPL-4) and move the HW (R-REPL-6). A fetch that finds
//! nothing waits up to `max_wait_ms` (`replica.fetch.wait.max.ms` for followers)
//! for data; a follower's wait is not cut short by an HW change, which is why a
//! follower learns a new HW up to half a second late.

use super::replica::Replica;
use super::{Broker, BrokerOut, BrokerTimer};
use crate::engine::error::KafkaError;
use crate::engine::ids::{NodeId, Tp};
use crate::engine::message::{
    FetchPartition, FetchRequest, FetchResponse, FetchedPartition, Fetcher, Payload,
};

/// A fetch waiting in the purgatory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParkedFetch {
    pub client: NodeId,
    pub request: FetchRequest,
}

fn error_for(tp: Tp, error: KafkaError, replica: Option<&Replica>) -> FetchedPartition {
    FetchedPartition {
        tp,
        error: Some(error),
        high_watermark: replica.map_or(0, |r| r.log.high_watermark()),
        log_start_offset: replica.map_or(0, |r| r.log.log_start_offset()),
        log_end_offset: replica.map_or(0, |r| r.log.log_end_offset()),
        diverging_epoch: None,
        batches: Vec::new(),
    }
}

/// Reads one partition for a fetcher, without changing any state.
fn read_partition(
    replica: Option<&Replica>,
    p: &FetchPartition,
    fetcher: Fetcher,
    max_bytes: u64,
) -> FetchedPartition {
    let Some(r) = replica else {
        return error_for(p.tp, KafkaError::NotLeaderOrFollower, None);
    };
    let Some(state) = r.leader_state() else {
        return error_for(p.tp, KafkaError::NotLeaderOrFollower, Some(r));
    };
    if p.current_leader_epoch < state.leader_epoch {
        return error_for(p.tp, KafkaError::FencedLeaderEpoch, Some(r));
    }
    if p.current_leader_epoch > state.leader_epoch {
        return error_for(p.tp, KafkaError::UnknownLeaderEpoch, Some(r));
    }
    let log = &r.log;
    let mut response = FetchedPartition {
        tp: p.tp,
        error: None,
        high_watermark: log.high_watermark(),
        log_start_offset: log.log_start_offset(),
        log_end_offset: log.log_end_offset(),
        diverging_epoch: None,
        batches: Vec::new(),
    };
    if let (Fetcher::Follower { .. }, Some(fetch_epoch)) = (fetcher, p.last_fetched_epoch) {
        // R-EPOCH-3: the leader's end of the fetcher's last epoch.
        match log
            .epochs()
            .end_offset_for(fetch_epoch, log.log_end_offset())
        {
            None => {
                response.error = Some(KafkaError::OffsetOutOfRange);
                return response;
            }
            Some((epoch, end_offset)) if epoch < fetch_epoch || end_offset < p.fetch_offset => {
                response.diverging_epoch = Some((epoch, end_offset));
                return response;
            }
            Some(_) => {}
        }
    }
    if p.fetch_offset > log.log_end_offset() || p.fetch_offset < log.log_start_offset() {
        response.error = Some(KafkaError::OffsetOutOfRange);
        return response;
    }
    let upper = match fetcher {
        Fetcher::Follower { .. } => log.log_end_offset(),
        Fetcher::Consumer { .. } => log.high_watermark(),
    };
    response.batches = log.read(p.fetch_offset, upper, max_bytes);
    response
}

fn worth_answering(partitions: &[FetchedPartition]) -> bool {
    partitions
        .iter()
        .any(|p| p.error.is_some() || p.diverging_epoch.is_some() || !p.batches.is_empty())
}

impl Broker {
    /// Reads every partition of a fetch. On the first pass for a follower the
    /// follower's fetch state is updated after each partition's read (R-LOG-4).
    fn read_fetch(
        &mut self,
        request: &FetchRequest,
        first_pass: bool,
        out: &mut BrokerOut,
    ) -> Vec<FetchedPartition> {
        let mut partitions = Vec::with_capacity(request.partitions.len());
        for p in &request.partitions {
            let read = read_partition(
                self.replicas.get(&p.tp),
                p,
                request.fetcher,
                request.max_bytes_per_partition,
            );
            let clean = read.error.is_none() && read.diverging_epoch.is_none();
            partitions.push(read);
            if let (
                true,
                true,
                Fetcher::Follower {
                    broker,
                    broker_epoch,
                },
            ) = (first_pass, clean, request.fetcher)
            {
                self.record_follower_fetch(p.tp, broker, p.fetch_offset, broker_epoch, out);
            }
        }
        partitions
    }

    /// R-REPL-1, then R-REPL-4 and R-REPL-6 for this follower.
    fn record_follower_fetch(
        &mut self,
        tp: Tp,
        follower: u32,
        fetch_offset: u64,
        broker_epoch: u64,
        out: &mut BrokerOut,
    ) {
        let Some(replica) = self.replicas.get_mut(&tp) else {
            return;
        };
        let leader_leo = replica.log.log_end_offset();
        let Some(state) = replica.leader_state_mut() else {
            return;
        };
        state.update_follower_fetch(
            follower,
            fetch_offset,
            leader_leo,
            out.now_ms,
            Some(broker_epoch),
        );
        self.maybe_expand_isr(tp, follower, out);
        self.maybe_increment_high_watermark(tp, out);
    }

    pub fn handle_fetch(&mut self, from: NodeId, request: FetchRequest, out: &mut BrokerOut) {
        let partitions = self.read_fetch(&request, true, out);
        if worth_answering(&partitions) || request.max_wait_ms == 0 {
            out.send(
                from,
                Payload::FetchResponse(FetchResponse {
                    request_id: request.request_id,
                    partitions,
                }),
            );
            return;
        }
        let id = self.fresh_id();
        out.timer_in(request.max_wait_ms, BrokerTimer::ParkedFetchExpiry { id });
        self.parked_fetches.insert(
            id,
            ParkedFetch {
                client: from,
                request,
            },
        );
    }

    /// Answers a parked fetch with what there is now.
    pub fn complete_parked_fetch(&mut self, id: u64, out: &mut BrokerOut) {
        let Some(parked) = self.parked_fetches.remove(&id) else {
            return;
        };
        let partitions = self.read_fetch(&parked.request, false, out);
        out.send(
            parked.client,
            Payload::FetchResponse(FetchResponse {
                request_id: parked.request.request_id,
                partitions,
            }),
        );
    }

    fn wake(&mut self, tp: Tp, followers: bool, consumers: bool, out: &mut BrokerOut) {
        let woken: Vec<u64> = self
            .parked_fetches
            .iter()
            .filter(|(_, f)| {
                let kind_matches = match f.request.fetcher {
                    Fetcher::Follower { .. } => followers,
                    Fetcher::Consumer { .. } => consumers,
                };
                kind_matches && f.request.partitions.iter().any(|p| p.tp == tp)
            })
            .map(|(id, _)| *id)
            .collect();
        for id in woken {
            let Some(parked) = self.parked_fetches.get(&id) else {
                continue;
            };
            let request = parked.request.clone();
            if worth_answering(&self.read_fetch(&request, false, out)) {
                self.complete_parked_fetch(id, out);
            }
        }
    }

    /// New data or a role change on `tp`: parked fetches that can answer do.
    pub fn wake_parked_fetches(&mut self, tp: Tp, out: &mut BrokerOut) {
        self.wake(tp, true, true, out);
    }

    /// The HW of `tp` moved: parked consumer fetches may now have data.
    pub fn wake_consumer_fetches(&mut self, tp: Tp, out: &mut BrokerOut) {
        self.wake(tp, false, true, out);
    }
}
