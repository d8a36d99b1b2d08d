//! Which offsets of a partition the page draws: a window of recent offsets
//! shared by every replica, so the same offset sits at the same x position on
//! every broker and replicas line up. Only the window is drawn, however long
//! the logs are. The window follows the newest offsets, or stays where the
//! user scrolled it (pinned at an end offset).

use crate::engine::ids::Tp;
use crate::engine::Cluster;

/// How many offsets a partition row shows (the LEO slot included).
pub const CELLS_SHOWN: u64 = 14;

/// How far one press of "older" or "newer" scrolls.
pub const SCROLL_STEP: u64 = CELLS_SHOWN / 2;

/// Offsets `first..end` of one partition, drawn on every broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogWindow {
    pub first: u64,
    pub end: u64,
    /// Whether the window shows the newest offsets (it follows new records).
    pub latest: bool,
}

impl LogWindow {
    /// The window ending at `pinned_end` or, if `None`, one past the largest
    /// log end offset of any replica (so the LEO slot shows).
    pub fn of(cluster: &Cluster, tp: Tp, pinned_end: Option<u64>) -> Self {
        let largest_leo = cluster
            .brokers()
            .iter()
            .filter_map(|b| b.replicas.get(&tp))
            .map(|r| r.log.log_end_offset())
            .max()
            .unwrap_or(0);
        let newest_end = largest_leo + 1;
        let end = pinned_end
            .unwrap_or(newest_end)
            .clamp(CELLS_SHOWN.min(newest_end), newest_end);
        LogWindow {
            first: end.saturating_sub(CELLS_SHOWN),
            end,
            latest: end == newest_end,
        }
    }

    /// The pinned end after scrolling towards older offsets, if there are any.
    pub fn older(self) -> Option<u64> {
        (self.first > 0).then(|| self.end.saturating_sub(SCROLL_STEP).max(CELLS_SHOWN))
    }

    /// The pinned end after scrolling towards newer offsets (`None`: follow the newest).
    pub fn newer(self) -> Option<u64> {
        Some(self.end + SCROLL_STEP)
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
        assert_eq!(LogWindow::of(&cluster, Tp::new(0, 0), None).offsets(), 0..1);
    }

    #[test]
    fn the_window_ends_after_the_largest_leo_and_can_move_back() {
        let cluster = cluster_at(THREE_BROKERS, 1000);
        let window = LogWindow::of(&cluster, Tp::new(0, 0), None);
        assert_eq!(window.offsets(), 0..4);
        assert!(window.latest);
        assert_eq!(
            window.older(),
            None,
            "a log shorter than the window does not scroll"
        );
        assert_eq!(
            LogWindow::of(&cluster, Tp::new(0, 0), Some(2)).offsets(),
            0..4,
            "a window never ends before it is full"
        );
    }

    #[test]
    fn a_pinned_window_stays_put_as_the_log_grows() {
        let cluster = cluster_at(super::super::test_support::STEADY, 20_000);
        let newest = LogWindow::of(&cluster, Tp::new(0, 0), None);
        assert!(newest.end > 3 * CELLS_SHOWN, "{newest:?}");
        let older = newest.older().expect("older offsets exist");
        assert_eq!(older, newest.end - SCROLL_STEP);
        let pinned = LogWindow::of(&cluster, Tp::new(0, 0), Some(older));
        assert_eq!(pinned.offsets(), older - CELLS_SHOWN..older);
        assert!(!pinned.latest);
        let later = cluster_at(super::super::test_support::STEADY, 30_000);
        assert_eq!(LogWindow::of(&later, Tp::new(0, 0), Some(older)), pinned);
    }
}
