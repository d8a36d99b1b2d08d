//! Where consumers stand on a partition's log: each consumer's position (▲,
//! the next offset it reads) and each group's committed offset (●, where the
//! group resumes), drawn on the leader's cells (visual language).

use crate::engine::group::view::GroupView;
use crate::engine::ids::Tp;
use crate::engine::vec_map::VecMap;
use crate::engine::Cluster;

/// The consumer markers of one partition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsumerMarks {
    pub positions: Vec<u64>,
    pub committed: Vec<u64>,
}

/// The markers of every partition some consumer or group has a position or a
/// commit on.
pub fn consumer_marks(cluster: &Cluster, groups: &[GroupView]) -> VecMap<Tp, ConsumerMarks> {
    let mut marks: VecMap<Tp, ConsumerMarks> = VecMap::new();
    for consumer in cluster.consumers() {
        for (tp, position) in &consumer.positions {
            marks.entry(*tp).or_default().positions.push(*position);
        }
    }
    for group in groups {
        for (tp, committed) in &group.committed {
            marks.entry(*tp).or_default().committed.push(*committed);
        }
    }
    marks
}
