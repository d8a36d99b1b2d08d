//! Offset lookups of consumers on a partition leader. ListOffsets (R-READ-2):
//! EARLIEST is the log start offset, LATEST the high watermark (the last stable
//! offset for `read_committed`; with no transactions modelled the two are
//! equal). OffsetsForLeaderEpoch: the end offset of an epoch (R-READ-5).

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

    /// OffsetsForLeaderEpoch from a consumer (R-READ-5, KIP-320): the
    /// leader's end offset of each epoch (R-EPOCH-2).
    pub fn handle_offsets_for_leader_epoch(
        &mut self,
        from: NodeId,
        request_id: u64,
        partitions: Vec<(Tp, u32)>,
        out: &mut BrokerOut,
    ) {
        let results = partitions
            .into_iter()
            .map(|(tp, epoch)| {
                let end = self
                    .replicas
                    .get(&tp)
                    .filter(|r| r.leader_state().is_some())
                    .ok_or(KafkaError::NotLeaderOrFollower)
                    .and_then(|r| {
                        r.log
                            .epochs()
                            .end_offset_for(epoch, r.log.log_end_offset())
                            .ok_or(KafkaError::OffsetOutOfRange)
                    });
                (tp, end)
            })
            .collect();
        out.send(
            from,
            Payload::OffsetsForLeaderEpochResponse {
                request_id,
                results,
            },
        );
    }
}
