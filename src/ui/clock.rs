//! Wall-clock time between animation frames: the UI's only use of the wall
//! clock. The playground turns it into virtual time (× the speed); the engine
//! never sees it.

/// The longest wall-clock gap one frame may account for. A tab in the
/// background gets no frames; when it comes back the simulation resumes where
/// it was instead of jumping ahead by minutes.
pub const MAX_FRAME_GAP_MS: f64 = 100.0;

/// Turns animation-frame timestamps into the wall time elapsed since the last one.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FrameClock {
    last_frame_ms: Option<f64>,
}

impl FrameClock {
    /// The wall milliseconds since the previous frame (0 on the first frame,
    /// never negative, at most [`MAX_FRAME_GAP_MS`]), given this frame's
    /// `DOMHighResTimeStamp`.
    pub fn elapsed_since_last(&mut self, timestamp_ms: f64) -> f64 {
        if !timestamp_ms.is_finite() {
            return 0.0;
        }
        let elapsed = match self.last_frame_ms {
            Some(last) if timestamp_ms > last => (timestamp_ms - last).min(MAX_FRAME_GAP_MS),
            Some(_) => 0.0,
            None => 0.0,
        };
        if self.last_frame_ms.is_none_or(|last| timestamp_ms > last) {
            self.last_frame_ms = Some(timestamp_ms);
        }
        elapsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_frame_counts_nothing() {
        let mut clock = FrameClock::default();
        assert_eq!(clock.elapsed_since_last(5_000.7), 0.0);
    }

    #[test]
    fn counts_the_time_between_frames() {
        let mut clock = FrameClock::default();
        clock.elapsed_since_last(1_000.0);
        assert!((clock.elapsed_since_last(1_016.5) - 16.5).abs() < 1e-9);
    }

    #[test]
    fn never_runs_backwards_and_caps_long_gaps() {
        let mut clock = FrameClock::default();
        clock.elapsed_since_last(400.0);
        assert_eq!(clock.elapsed_since_last(200.0), 0.0);
        assert_eq!(clock.elapsed_since_last(f64::NAN), 0.0);
        assert_eq!(clock.elapsed_since_last(60_000.0), MAX_FRAME_GAP_MS);
    }
}
