//! Every user-facing string of the UI, in one catalogue per language.
//!
//! A translation is a new [`Messages`] value, not a change to view code.
//! Kafka's own names (configs, error names) stay untranslated and do not live here.

/// The strings of one language.
pub struct Messages {
    pub app_title: &'static str,
    /// The virtual clock readout for an elapsed time in milliseconds.
    pub virtual_time: fn(elapsed_ms: u64) -> String,
}

/// English, the first catalogue.
pub const EN: Messages = Messages {
    app_title: "Kafka Playground",
    virtual_time: en_virtual_time,
};

fn en_virtual_time(elapsed_ms: u64) -> String {
    format!("t = {}.{:03} s", elapsed_ms / 1_000, elapsed_ms % 1_000)
}

#[cfg(test)]
mod tests {
    use super::EN;

    #[test]
    fn virtual_time_shows_seconds_with_three_decimals() {
        assert_eq!((EN.virtual_time)(0), "t = 0.000 s");
        assert_eq!((EN.virtual_time)(1_234), "t = 1.234 s");
        assert_eq!((EN.virtual_time)(61_005), "t = 61.005 s");
    }
}
