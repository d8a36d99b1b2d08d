//! Every user-facing string of the UI, in one catalogue per language.
//!
//! A translation is a new [`Messages`] value, not a change to view code.
//! Kafka's own names (configs, error names, metric names) stay untranslated.

pub mod en_events;

/// The strings of one language.
pub struct Messages {
    pub app_title: &'static str,
    /// The virtual clock readout for an elapsed time in milliseconds.
    pub virtual_time: fn(elapsed_ms: u64) -> String,
    pub event_time: fn(at_ms: u64) -> String,
    pub play: &'static str,
    pub pause: &'static str,
    pub step: &'static str,
    pub speed: &'static str,
    pub transport_label: &'static str,
    pub keys_title: &'static str,
    pub keys: &'static [(&'static str, &'static str)],
    pub close: &'static str,
    pub producers_title: &'static str,
    pub cluster_title: &'static str,
    pub consumers_title: &'static str,
    pub numbers_title: &'static str,
    pub producer_kind: &'static str,
    pub idempotent: &'static str,
    pub send_every: fn(every_ms: u64) -> String,
    pub recent_records: &'static str,
    pub fate_pending: &'static str,
    pub fate_acked: fn(partition: &str, offset: Option<u64>) -> String,
    pub fate_sent: &'static str,
    pub fate_lost: &'static str,
    pub controller_title: &'static str,
    pub controller_summary: fn(metadata_offset: u64) -> String,
    pub fenced_brokers: fn(brokers: &[u32]) -> String,
    pub broker_name: fn(id: u32) -> String,
    pub broker_menu_label: fn(id: u32, state: &str) -> String,
    pub broker_online: &'static str,
    pub broker_registering: &'static str,
    pub broker_fenced: &'static str,
    pub broker_shutting_down: &'static str,
    pub broker_crashed: &'static str,
    pub broker_shut_down: &'static str,
    pub slow_by: fn(extra_ms: u64) -> String,
    pub fault_menu_label: fn(id: u32) -> String,
    pub fault_crash: &'static str,
    pub fault_shutdown: &'static str,
    pub fault_restart: &'static str,
    pub fault_isolate: &'static str,
    pub fault_slow: &'static str,
    pub fault_fast: &'static str,
    pub leader_epoch: fn(epoch: u32) -> String,
    pub follower: &'static str,
    pub in_isr: &'static str,
    pub out_of_isr: &'static str,
    pub log_cells_label: fn(log_start: u64, hw: u64, leo: u64) -> String,
    pub log_start: fn(offset: u64) -> String,
    pub hw: fn(offset: u64) -> String,
    pub leo: fn(offset: u64) -> String,
    pub leo_slot: &'static str,
    pub record_cell_title: fn(id: &str, offset: u64, epoch: u32) -> String,
    pub partition: &'static str,
    pub leader: &'static str,
    pub none: &'static str,
    pub no_consumers: &'static str,
    pub consumers_not_simulated: &'static str,
    pub legend_title: &'static str,
    pub legend_committed: &'static str,
    pub legend_uncommitted: &'static str,
    pub legend_leo: &'static str,
    pub legend_hw: &'static str,
    pub legend_segment: &'static str,
    pub legend_leader: &'static str,
    pub legend_red: &'static str,
    pub legend_grey: &'static str,
    pub simplification_note: &'static str,
}

/// English, the first catalogue.
pub const EN: Messages = Messages {
    app_title: "Kafka Playground",
    virtual_time: en_virtual_time,
    event_time: |at_ms| format!("{}.{:03} s", at_ms / 1_000, at_ms % 1_000),
    play: "Play",
    pause: "Pause",
    step: "Step to the next event",
    speed: "Speed",
    transport_label: "Playback",
    keys_title: "Keyboard shortcuts",
    keys: &[
        ("Space", "Play or pause"),
        ("→", "Step to the next event"),
        ("+", "Faster"),
        ("−", "Slower"),
        ("?", "Show or hide this list"),
        ("Esc", "Close a broker's menu"),
    ],
    close: "Close",
    producers_title: "Producers",
    cluster_title: "Cluster",
    consumers_title: "Consumer groups",
    numbers_title: "Numbers",
    producer_kind: "producer",
    idempotent: "idempotent",
    send_every: |every_ms| format!("1 record / {every_ms} ms"),
    recent_records: "Recent records",
    fate_pending: "pending",
    fate_acked: |partition, offset| match offset {
        Some(offset) => format!("acked {partition}@{offset}"),
        None => format!("acked on {partition}"),
    },
    fate_sent: "sent (acks=0, no answer)",
    fate_lost: "LOST",
    controller_title: "Controller",
    controller_summary: |offset| format!("KRaft · metadata offset {offset}"),
    fenced_brokers: |brokers| {
        let ids: Vec<String> = brokers.iter().map(u32::to_string).collect();
        format!("fenced: {}", ids.join(", "))
    },
    broker_name: |id| format!("Broker {id}"),
    broker_menu_label: |id, state| format!("Broker {id}, {state}: faults"),
    broker_online: "online",
    broker_registering: "registering",
    broker_fenced: "fenced",
    broker_shutting_down: "shutting down",
    broker_crashed: "crashed",
    broker_shut_down: "shut down",
    slow_by: |extra_ms| format!("slow +{extra_ms} ms"),
    fault_menu_label: |id| format!("Faults for broker {id}"),
    fault_crash: "⚡ Crash",
    fault_shutdown: "Controlled shutdown",
    fault_restart: "↻ Restart",
    fault_isolate: "✂ Isolate",
    fault_slow: "Make slow",
    fault_fast: "Back to normal speed",
    leader_epoch: |epoch| format!("leader · epoch {epoch}"),
    follower: "follower",
    in_isr: "in ISR",
    out_of_isr: "out of ISR",
    log_cells_label: |log_start, hw, leo| {
        format!("log: start {log_start}, high watermark {hw}, log end offset {leo}")
    },
    log_start: |offset| format!("log start {offset}"),
    hw: |offset| format!("HW {offset}"),
    leo: |offset| format!("LEO {offset}"),
    leo_slot: "LEO: the next offset to be written",
    record_cell_title: |id, offset, epoch| format!("{id} · offset {offset} · leader epoch {epoch}"),
    partition: "Partition",
    leader: "Leader",
    none: "none",
    no_consumers: "This scenario has no consumers.",
    consumers_not_simulated: "Consumers are not simulated yet: they appear here when the engine runs them.",
    legend_title: "Legend",
    legend_committed: "committed (below the high watermark)",
    legend_uncommitted: "appended, not yet committed",
    legend_leo: "LEO: the next offset to be written",
    legend_hw: "the thick line is the high watermark",
    legend_segment: "a dotted divider starts a segment; the dark underline is the active segment",
    legend_leader: "the partition leader and its leader epoch",
    legend_red: "red means loss or failure, nothing else",
    legend_grey: "grey is a crashed or stale broker",
    simplification_note: "Simplified: one process per broker with the KRaft controller apart; \
        every append is on disk at once (no page-cache loss); network latency is fixed per scenario.",
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
