//! Which offsets of a partition the page draws: a window of recent offsets
//! shared by every replica, so the same offset sits at the same x position on
//! every broker and replicas line up. Only the window is drawn, however long
//! the logs are.

use crate::engine::ids::Tp;
use crate::engine::Cluster;

/// How many offsets a partition row shows (the LEO slot included).
pub const CELLS_SHOWN: u64 = 14;

/// Offsets `first..end` of one partition, drawn on every broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogWindow {
    pub first: u64,
    pub end: u64,
}

impl LogWindow {
    /// The window ending one past the largest log end offset of any replica
    /// (so the LEO slot shows), moved `back` offsets towards the start.
    pub fn of(cluster: &Cluster, tp: Tp, back: u64) -> Self {
        let largest_leo = cluster
            .brokers()
            .iter()
            .filter_map(|b| b.replicas.get(&tp))
            .map(|r| r.log.log_end_offset())
            .max()
            .unwrap_or(0);
        let end = (largest_leo + 1)
            .saturating_sub(back)
            .max(CELLS_SHOWN.min(largest_leo + 1));
        LogWindow {
            first: end.saturating_sub(CELLS_SHOWN),
            end,
        }
    }

    pub fn offsets(self) -> std::ops::Range<u64> {
        self.first..self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::views::test_support::{cluster_at, THREE_BROKERS};

    #[test]
    fn a_new_log_shows_only_its_leo_slot() {
        let cluster = cluster_at(THREE_BROKERS, 0);
        assert_eq!(LogWindow::of(&cluster, Tp::new(0, 0), 0).offsets(), 0..1);
    }

    #[test]
    fn the_window_ends_after_the_largest_leo_and_can_move_back() {
        let cluster = cluster_at(THREE_BROKERS, 1000);
        assert_eq!(LogWindow::of(&cluster, Tp::new(0, 0), 0).offsets(), 0..4);
        assert_eq!(
            LogWindow::of(&cluster, Tp::new(0, 0), 2).offsets(),
            0..4,
            "a log shorter than the window does not scroll"
        );
    }
}
