//! The virtual clock shown on the page, advanced by animation frames.
//!
//! Time is kept in whole milliseconds, so the value shown never depends on
//! float formatting. Until the engine's own clock drives the page, the virtual
//! clock runs at real speed from the first animation frame.

/// Elapsed virtual time since the first animation frame.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct VirtualClock {
    origin_ms: Option<u64>,
    elapsed_ms: u64,
}

impl VirtualClock {
    /// Advances the clock to an animation frame's timestamp
    /// (`DOMHighResTimeStamp`, milliseconds since the page started).
    ///
    /// The clock never runs backwards: an earlier timestamp leaves it where it is.
    pub fn on_frame(&mut self, timestamp_ms: f64) {
        // `as` saturates: a negative or NaN timestamp counts as 0.
        let frame_ms = timestamp_ms as u64;
        let origin_ms = *self.origin_ms.get_or_insert(frame_ms);
        self.elapsed_ms = self.elapsed_ms.max(frame_ms.saturating_sub(origin_ms));
    }

    pub fn elapsed_ms(&self) -> u64 {
        self.elapsed_ms
    }
}

#[cfg(test)]
mod tests {
    use super::VirtualClock;

    #[test]
    fn starts_at_zero_on_the_first_frame() {
        let mut clock = VirtualClock::default();
        assert_eq!(clock.elapsed_ms(), 0);
        clock.on_frame(5_000.7);
        assert_eq!(clock.elapsed_ms(), 0);
    }

    #[test]
    fn advances_by_the_time_between_frames() {
        let mut clock = VirtualClock::default();
        clock.on_frame(1_000.0);
        clock.on_frame(1_016.6);
        assert_eq!(clock.elapsed_ms(), 16);
        clock.on_frame(3_234.9);
        assert_eq!(clock.elapsed_ms(), 2_234);
    }

    #[test]
    fn never_runs_backwards() {
        let mut clock = VirtualClock::default();
        clock.on_frame(100.0);
        clock.on_frame(400.0);
        clock.on_frame(200.0);
        assert_eq!(clock.elapsed_ms(), 300);
        clock.on_frame(f64::NAN);
        assert_eq!(clock.elapsed_ms(), 300);
    }
}
