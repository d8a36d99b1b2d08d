//! The config forms: drafts validated by the scenario format, and the markup that
//! shows each message beside its field (server-side rendered).

use yew::Callback;

use super::draft::{Draft, Field, Messages, Section};
use super::form::{with_item_removed, with_new_item, FormKind, FormView, FormViewProps};
use super::{cluster, consumers, producers, topics};
use crate::engine::config::ConfigValue;
use crate::scenario::{self, Scenario};

const EXAMPLE: &str = include_str!("../../../tests/scenario_example.json");

fn example() -> Scenario {
    scenario::parse(EXAMPLE).expect("the example scenario is valid")
}

fn field(sections: &[Section], path: &str) -> Field {
    sections
        .iter()
        .flat_map(|s| s.fields.iter())
        .find(|f| f.path.text() == path)
        .unwrap_or_else(|| panic!("no field at {path}"))
        .clone()
}

const MIN_ISR: &str = "topics[0].config.\"min.insync.replicas\"";

#[test]
fn an_invalid_value_gets_the_scenario_formats_message_at_its_field() {
    let scenario = example();
    let sections = topics::sections(&scenario);
    let mut draft = Draft::default();
    draft.edit(&field(&sections, MIN_ISR), "two".into());
    let errors = draft.apply_to(&scenario).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, MIN_ISR);
    assert_eq!(errors[0].message, "\"two\" is not an integer");
}

#[test]
fn a_valid_draft_gives_the_edited_scenario_and_keeps_the_rest() {
    let scenario = example();
    let sections = producers::sections(&scenario);
    let mut draft = Draft::default();
    draft.edit(&field(&sections, "producers[1].config.acks"), "all".into());
    draft.edit(
        &field(&sections, "producers[1].config.\"linger.ms\""),
        "5".into(),
    );
    let edited = draft.apply_to(&scenario).expect("valid");
    let pb = &edited.spec.producers[1].config.map;
    assert_eq!(pb.get("acks"), ConfigValue::Text("all".into()));
    assert_eq!(pb.get("linger.ms"), ConfigValue::Int(5));
    assert_eq!(edited.script, scenario.script);
    assert_eq!(edited.spec.topics, scenario.spec.topics);
}

#[test]
fn an_empty_config_field_means_kafkas_default() {
    let scenario = example();
    let sections = topics::sections(&scenario);
    let mut draft = Draft::default();
    draft.edit(&field(&sections, MIN_ISR), "".into());
    let edited = draft.apply_to(&scenario).expect("valid");
    assert!(!edited.spec.topics[0].config.is_set("min.insync.replicas"));
}

#[test]
fn a_change_that_breaks_another_part_is_reported_there() {
    let scenario = example();
    let sections = cluster::sections(&scenario);
    let mut draft = Draft::default();
    draft.edit(&field(&sections, "brokers"), "2".into());
    let errors = draft.apply_to(&scenario).unwrap_err();
    assert!(errors.iter().all(|e| e.path != "brokers"));
    assert!(
        errors.iter().any(|e| e.path.starts_with("topics[0]")),
        "{errors:?}"
    );
}

#[test]
fn non_numbers_in_number_fields_are_refused() {
    let scenario = example();
    let sections = consumers::sections(&scenario);
    let mut draft = Draft::default();
    draft.edit(
        &field(&sections, "consumers[0].poll_every_ms"),
        "often".into(),
    );
    let errors = draft.apply_to(&scenario).unwrap_err();
    assert_eq!(errors[0].path, "consumers[0].poll_every_ms");
    assert!(
        errors[0].message.starts_with("\"often\" is not"),
        "{}",
        errors[0].message
    );
}

fn render(kind: FormKind, draft: Draft) -> String {
    render_with(kind, draft, false)
}

/// The form's markup; `alter`: given somewhere to send live changes.
fn render_with(kind: FormKind, draft: Draft, alter: bool) -> String {
    let props = move || FormViewProps {
        kind,
        scenario: example(),
        draft,
        on_edit: Callback::noop(),
        on_apply: Callback::noop(),
        on_add: Callback::noop(),
        on_remove: Callback::noop(),
        on_alter: alter.then(Callback::noop),
        on_reset: Callback::noop(),
    };
    futures::executor::block_on(
        yew::ServerRenderer::<FormView>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

#[test]
fn the_form_shows_the_message_beside_the_invalid_field() {
    let scenario = example();
    let mut draft = Draft::default();
    draft.edit(&field(&topics::sections(&scenario), MIN_ISR), "two".into());
    let html = render(FormKind::Topics, draft);
    let at = html
        .find(r#"data-field="topics[0].config.&quot;min.insync.replicas&quot;""#)
        .expect("the field");
    let field_html = &html[at..at + html[at..].find("</div>").unwrap()];
    assert!(field_html.contains("value=\"two\""), "{field_html}");
    assert!(field_html.contains("aria-invalid=\"true\""), "{field_html}");
    assert!(
        field_html.contains(r#"class="config-error">"two" is not an integer"#),
        "{field_html}"
    );
    assert!(field_html.contains("default: 1"), "{field_html}");
    assert!(html.contains(r#"<button type="submit" disabled="disabled">Apply"#));
}

#[test]
fn an_untouched_form_shows_values_and_kafkas_defaults() {
    let html = render(FormKind::Cluster, Draft::default());
    assert!(
        html.contains(">unclean.leader.election.enable</label>"),
        "{html}"
    );
    assert!(html.contains("default: false"));
    assert!(!html.contains("config-error"));
    assert!(html.contains("value=\"3\""), "brokers: {html}");
}

#[test]
fn an_out_of_range_number_is_quoted_as_typed() {
    let scenario = example();
    let mut draft = Draft::default();
    draft.edit(&field(&topics::sections(&scenario), MIN_ISR), "0".into());
    let errors = draft.apply_to(&scenario).unwrap_err();
    assert_eq!(
        errors[0].message,
        "0 is out of range: min.insync.replicas must be at least 1"
    );
}

#[test]
fn add_appends_a_valid_item_with_a_free_name() {
    let scenario = example();
    let none = Draft::default();
    let topics = with_new_item(FormKind::Topics, &scenario, &none).expect("valid");
    let added = &topics.spec.topics[1];
    assert_eq!(
        (
            added.name.as_str(),
            added.partitions,
            added.replication_factor
        ),
        ("topic-1", 3, 3)
    );
    let producers = with_new_item(FormKind::Producers, &scenario, &none).expect("valid");
    assert_eq!(producers.spec.producers[2].id, "p1");
    let consumers = with_new_item(FormKind::Consumers, &scenario, &none).expect("valid");
    let added = &consumers.spec.consumers[1];
    assert_eq!(
        (
            added.id.as_str(),
            added.group.as_str(),
            added.subscribe.clone()
        ),
        ("c2", "g1", vec!["orders".to_string()])
    );
    assert_eq!(consumers.script, scenario.script);
    assert_eq!(with_new_item(FormKind::Cluster, &scenario, &none), None);
}

#[test]
fn add_takes_the_draft_along_and_refuses_an_invalid_one() {
    let scenario = example();
    let sections = producers::sections(&scenario);
    let mut draft = Draft::default();
    draft.edit(
        &field(&sections, "producers[0].config.\"linger.ms\""),
        "7".into(),
    );
    let added = with_new_item(FormKind::Producers, &scenario, &draft).expect("valid");
    assert_eq!(added.spec.producers[0].config.map.int("linger.ms"), 7);
    assert_eq!(added.spec.producers.len(), 3);
    draft.edit(
        &field(&sections, "producers[0].config.\"linger.ms\""),
        "soon".into(),
    );
    assert_eq!(with_new_item(FormKind::Producers, &scenario, &draft), None);
}

#[test]
fn without_topics_there_is_no_consumer_to_add() {
    let scenario =
        scenario::parse(r#"{"format": "kafka-playground/scenario@1", "brokers": 1}"#).unwrap();
    assert_eq!(
        with_new_item(FormKind::Consumers, &scenario, &Draft::default()),
        None
    );
    let html = render(FormKind::Producers, Draft::default());
    assert!(html.contains(">Add producer</button>"), "{html}");
    let html = render(FormKind::Cluster, Draft::default());
    assert!(!html.contains(">Add"), "{html}");
}

#[test]
fn subscriptions_are_edited_as_a_comma_separated_list() {
    let scenario = with_new_item(FormKind::Topics, &example(), &Draft::default()).unwrap();
    let sections = consumers::sections(&scenario);
    let subscribe = field(&sections, "consumers[0].subscribe");
    let doc = scenario::to_json(&scenario);
    let mut draft = Draft::default();
    assert_eq!(draft.text_of(&subscribe, &doc), "orders");
    draft.edit(&subscribe, "orders, topic-1".into());
    let edited = draft.apply_to(&scenario).expect("valid");
    assert_eq!(
        edited.spec.consumers[0].subscribe,
        vec!["orders", "topic-1"]
    );
    draft.edit(&subscribe, "orders, nowhere".into());
    let errors = draft.apply_to(&scenario).unwrap_err();
    let messages = Messages::of(errors, &sections);
    assert!(messages.others.is_empty(), "{messages:?}");
    let message = &messages.by_field["consumers[0].subscribe"];
    assert!(message.contains("nowhere"), "{message}");
}

#[test]
fn the_title_names_the_scenario() {
    let scenario = example();
    let sections = cluster::sections(&scenario);
    let mut draft = Draft::default();
    draft.edit(&field(&sections, "title"), "My run".into());
    draft.edit(&field(&sections, "description"), "".into());
    let edited = draft.apply_to(&scenario).expect("valid");
    assert_eq!(edited.title, "My run");
    assert_eq!(edited.description, "");
}

#[test]
fn topic_config_edits_become_alter_config_actions() {
    use super::alter::topic_alterations;
    use crate::engine::action::{Action, ConfigTarget};

    let scenario = example();
    let sections = topics::sections(&scenario);
    let mut draft = Draft::default();
    assert_eq!(topic_alterations(&scenario, &draft), None);
    draft.edit(
        &field(&sections, "topics[0].config.\"retention.ms\""),
        "1000".into(),
    );
    draft.edit(&field(&sections, MIN_ISR), "2".into());
    assert_eq!(
        topic_alterations(&scenario, &draft),
        Some(vec![Action::AlterConfig {
            target: ConfigTarget::Topic("orders".into()),
            config: vec![
                ("min.insync.replicas".into(), ConfigValue::Int(2)),
                ("retention.ms".into(), ConfigValue::Int(1000)),
            ],
        }])
    );

    let mut invalid = draft.clone();
    invalid.edit(&field(&sections, MIN_ISR), "two".into());
    assert_eq!(topic_alterations(&scenario, &invalid), None);
    let mut cleared = draft.clone();
    cleared.edit(&field(&sections, MIN_ISR), "".into());
    assert_eq!(
        topic_alterations(&scenario, &cleared),
        None,
        "no --delete-config"
    );
    let mut structural = draft;
    structural.edit(&field(&sections, "topics[0].partitions"), "2".into());
    assert_eq!(topic_alterations(&scenario, &structural), None);
}

#[test]
fn only_a_form_given_somewhere_to_alter_offers_it() {
    let scenario = example();
    let mut draft = Draft::default();
    draft.edit(&field(&topics::sections(&scenario), MIN_ISR), "2".into());
    let with = render_with(FormKind::Topics, draft.clone(), true);
    assert!(with.contains(">Alter now</button>"), "{with}");
    assert!(
        !with.contains("disabled=\"disabled\" title=\"Change these"),
        "{with}"
    );
    let without = render_with(FormKind::Topics, draft, false);
    assert!(!without.contains("Alter now"));
}

#[test]
fn number_fields_quote_what_was_typed() {
    let scenario = example();
    let sections = cluster::sections(&scenario);
    let brokers = field(&sections, "brokers");
    let message = |text: &str| {
        let mut draft = Draft::default();
        draft.edit(&brokers, text.into());
        draft.apply_to(&scenario).unwrap_err()[0].message.clone()
    };
    assert!(message("99999999999999999999999").starts_with("\"99999999999999999999999\" is not"));
    assert!(
        message("1.5").starts_with("1.5 is not"),
        "{}",
        message("1.5")
    );
    assert!(message("-2").starts_with("-2 is not"), "{}", message("-2"));
    assert!(message("33").starts_with("33 is not"), "{}", message("33"));
}

#[test]
fn edits_made_before_a_redraw_all_count() {
    use super::form::DraftChange;
    use std::rc::Rc;
    use yew::Reducible;

    let sections = topics::sections(&example());
    let draft = Rc::new(Draft::default());
    let draft = draft.reduce(DraftChange::Edit(field(&sections, MIN_ISR), "2".into()));
    let draft = draft.reduce(DraftChange::Edit(
        field(&sections, "topics[0].partitions"),
        "4".into(),
    ));
    assert_eq!(draft.edits().count(), 2);
    assert!(draft.reduce(DraftChange::Clear).is_empty());
}

#[test]
fn an_item_is_removed_unless_something_refers_to_it() {
    let scenario = example();
    let none = Draft::default();
    let Some(Err(errors)) = with_item_removed(FormKind::Topics, &scenario, &none, 0) else {
        panic!("the script produces to orders");
    };
    assert!(errors[0].path.starts_with("script[") || errors[0].path.starts_with("consumers["));
    let added = with_new_item(FormKind::Producers, &scenario, &none).unwrap();
    let removed = with_item_removed(FormKind::Producers, &added, &none, 2)
        .unwrap()
        .expect("nothing refers to p1");
    assert_eq!(removed, scenario);
    let no_consumer = with_item_removed(FormKind::Consumers, &scenario, &none, 0)
        .unwrap()
        .expect("nothing refers to c1");
    assert!(no_consumer.spec.consumers.is_empty());
    assert_eq!(
        with_item_removed(FormKind::Cluster, &scenario, &none, 0),
        None
    );
    assert_eq!(
        with_item_removed(FormKind::Producers, &scenario, &none, 9),
        None
    );

    let html = render(FormKind::Topics, Draft::default());
    assert!(
        html.contains("aria-label=\"Remove Topic orders\""),
        "{html}"
    );
    assert!(html.contains("Cannot be removed: "), "{html}");
}
