//! The playback speed: how many virtual milliseconds pass per wall-clock
//! millisecond, from 0.1× to 100× on a logarithmic scale.
//!
//! The speed is kept as a whole-number position on the slider (0..=300, each
//! 100 steps a factor of ten), so keyboard steps and the slider agree exactly.

/// Slider positions: 0 is 0.1×, 100 is 1×, 200 is 10×, 300 is 100×.
pub const SPEED_POSITION_MAX: u32 = 300;
const POSITION_OF_1X: u32 = 100;
/// One keyboard step (`+` / `−`): about a doubling.
const KEY_STEP: u32 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Speed {
    position: u32,
}

impl Default for Speed {
    fn default() -> Self {
        Speed {
            position: POSITION_OF_1X,
        }
    }
}

impl Speed {
    /// A speed at a slider position; positions past the end are clamped.
    pub fn at_position(position: u32) -> Self {
        Speed {
            position: position.min(SPEED_POSITION_MAX),
        }
    }

    pub fn position(self) -> u32 {
        self.position
    }

    /// Virtual milliseconds per wall-clock millisecond.
    pub fn factor(self) -> f64 {
        10f64.powf(self.position as f64 / 100.0 - 1.0)
    }

    pub fn faster(self) -> Self {
        Speed::at_position(self.position.saturating_add(KEY_STEP))
    }

    pub fn slower(self) -> Self {
        Speed::at_position(self.position.saturating_sub(KEY_STEP))
    }

    /// The speed as the control shows it: `0.1×`, `1×`, `1.6×`, `32×`.
    pub fn label(self) -> String {
        // Integer formatting only: float formatting would add its code to the wasm.
        let tenths = (self.factor() * 10.0).round() as u64;
        if tenths >= 100 || (tenths >= 10 && tenths % 10 == 0) {
            format!("{}×", (tenths + 5) / 10)
        } else {
            format!("{}.{}×", tenths / 10, tenths % 10)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_a_tenth_to_a_hundred_times() {
        assert!((Speed::at_position(0).factor() - 0.1).abs() < 1e-9);
        assert!((Speed::default().factor() - 1.0).abs() < 1e-9);
        assert!((Speed::at_position(999).factor() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn key_steps_stop_at_the_ends() {
        assert_eq!(Speed::at_position(290).faster().position(), 300);
        assert_eq!(Speed::at_position(10).slower().position(), 0);
        assert!(Speed::default().faster().factor() > 1.9);
    }

    #[test]
    fn labels_read_like_the_control() {
        assert_eq!(Speed::at_position(0).label(), "0.1×");
        assert_eq!(Speed::default().label(), "1×");
        assert_eq!(Speed::at_position(300).label(), "100×");
        assert_eq!(Speed::at_position(130).label(), "2×");
        assert_eq!(Speed::at_position(120).label(), "1.6×");
        assert_eq!(Speed::at_position(250).label(), "32×");
    }
}
