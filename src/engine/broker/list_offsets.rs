//! ListOffsets on a partition leader (R-READ-2): EARLIEST is the log start
//! offset, LATEST the high watermark (the last stable offset for
//! `read_committed`; with no transactions modelled the two are equal).

use super::{Broker, BrokerOut};
use crate::engine::error::KafkaError;
use crate::engine::ids::{NodeId, Tp};
use crate::engine::message::{OffsetSpec, Payload};

impl Broker {
    pub fn handle_list_offsets(
        &mut self,
        from: NodeId,
        request_id: u64,
        partitions: Vec<(Tp, OffsetSpec)>,
        out: &mut BrokerOut,
    ) {
        let results = partitions
            .into_iter()
            .map(|(tp, spec)| {
                let offset = self
                    .replicas
                    .get(&tp)
                    .filter(|r| r.leader_state().is_some())
                    .map(|r| match spec {
                        OffsetSpec::Earliest => r.log.log_start_offset(),
                        OffsetSpec::Latest => r.log.high_watermark(),
                    })
                    .ok_or(KafkaError::NotLeaderOrFollower);
                (tp, offset)
            })
            .collect();
        out.send(
            from,
            Payload::ListOffsetsResponse {
                request_id,
                results,
            },
        );
    }
}
