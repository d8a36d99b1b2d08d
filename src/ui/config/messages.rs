//! The user-facing strings of the config forms and of session import/export, in
//! one catalogue per language (Kafka's config names stay untranslated and are not
//! here).

/// The strings of one language.
pub struct ConfigMessages {
    /// The session panel's title.
    pub settings: &'static str,
    pub scenario: &'static str,
    pub cluster: &'static str,
    pub broker_configs: &'static str,
    pub topic: fn(&str) -> String,
    pub producer: fn(&str) -> String,
    pub consumer: fn(&str) -> String,
    pub cluster_form: &'static str,
    pub topics_form: &'static str,
    pub producers_form: &'static str,
    pub consumers_form: &'static str,
    pub nothing_to_configure: &'static str,
    /// Beside a field: its default.
    pub default_is: fn(&str) -> String,
    /// The choice that leaves a config unset.
    pub use_default: fn(&str) -> String,
    pub apply: &'static str,
    pub reset: &'static str,
    pub alter_now: &'static str,
    pub remove: &'static str,
    /// The accessible name of a Remove button: what it removes.
    pub remove_named: fn(&str) -> String,
    /// Why an item cannot be removed: the first problem it would cause.
    pub cannot_remove: fn(&str) -> String,
    pub alter_now_doc: &'static str,
    pub add_topic: &'static str,
    pub add_producer: &'static str,
    pub add_consumer: &'static str,
    /// What applying does, and the simplification it makes.
    pub applies_from_zero: &'static str,
    pub other_problems: &'static str,
    pub export: &'static str,
    pub import: &'static str,
    pub import_failed: &'static str,
    pub imported: fn(&str) -> String,
    pub unreadable_file: &'static str,
}

/// English.
pub const EN: ConfigMessages = ConfigMessages {
    settings: "Settings and scenario file",
    scenario: "Scenario",
    cluster: "Cluster",
    broker_configs: "Broker configs (every broker and the controller)",
    topic: |name| format!("Topic {name}"),
    producer: |id| format!("Producer {id}"),
    consumer: |id| format!("Consumer {id}"),
    cluster_form: "Cluster settings",
    topics_form: "Topics",
    producers_form: "Producers",
    consumers_form: "Consumers",
    nothing_to_configure: "None in this scenario.",
    default_is: |default| format!("default: {default}"),
    use_default: |default| format!("(default: {default})"),
    apply: "Apply",
    reset: "Discard changes",
    alter_now: "Alter now",
    remove: "Remove",
    remove_named: |title| format!("Remove {title}"),
    cannot_remove: |problem| format!("Cannot be removed: {problem}"),
    alter_now_doc: "Change these topic configs at the moment shown, as kafka-configs --alter does; the run goes on",
    add_topic: "Add topic",
    add_producer: "Add producer",
    add_consumer: "Add consumer",
    applies_from_zero: "These are the settings at time 0. Simplification: Apply restarts the run with them and replays your actions; a topic's configs can also be altered now, as kafka-configs --alter does.",
    other_problems: "These changes break other parts of the scenario:",
    export: "Export scenario",
    import: "Import scenario",
    import_failed: "This file cannot be opened; the current session is kept.",
    imported: |title| format!("Imported “{title}”."),
    unreadable_file: "The file could not be read as text.",
};
