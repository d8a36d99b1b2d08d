//! The frame every config form shares: fields with Kafka's name, Kafka's default
//! and the validation message beside each, an Apply button enabled only when the
//! whole draft is a valid scenario, and a Discard button.

use std::rc::Rc;

use serde_json::Value;
use yew::{
    function_component, html, use_reducer, Callback, Event, Html, InputEvent, Properties,
    Reducible, TargetCast,
};

use super::alter::topic_alterations;
use super::draft::{Draft, Field, FieldKind, Messages, Section};
use super::messages::EN;
use super::{cluster, consumers, producers, topics};
use crate::engine::action::Action;
use crate::engine::config::ConfigType;
use crate::scenario::{self, Scenario, ScenarioError};

/// What every form takes: the scenario it edits, and where a valid result goes.
#[derive(Properties, PartialEq, Clone)]
pub struct FormProps {
    pub scenario: Scenario,
    pub on_apply: Callback<Scenario>,
    /// Where live changes go as actions (`kafka-configs --alter`), for the forms
    /// that offer them.
    #[prop_or_default]
    pub on_alter: Option<Callback<Action>>,
}

/// Which form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    Cluster,
    Topics,
    Producers,
    Consumers,
}

impl FormKind {
    /// The scenario's list this form edits, one section per item (`None`: the
    /// cluster form, which edits no list).
    fn list(self) -> Option<&'static str> {
        match self {
            FormKind::Cluster => None,
            FormKind::Topics => Some("topics"),
            FormKind::Producers => Some("producers"),
            FormKind::Consumers => Some("consumers"),
        }
    }

    /// The item "Add" appends to the list (`None`: no list, or nothing can be
    /// added now).
    fn new_item(self, scenario: &Scenario) -> Option<Value> {
        match self {
            FormKind::Cluster => None,
            FormKind::Topics => Some(topics::new_item(scenario)),
            FormKind::Producers => Some(producers::new_item(scenario)),
            FormKind::Consumers => consumers::new_item(scenario),
        }
    }

    /// The label of the Add button.
    fn add_label(self) -> &'static str {
        match self {
            FormKind::Cluster => "",
            FormKind::Topics => EN.add_topic,
            FormKind::Producers => EN.add_producer,
            FormKind::Consumers => EN.add_consumer,
        }
    }

    fn sections(self, scenario: &Scenario) -> Vec<Section> {
        match self {
            FormKind::Cluster => cluster::sections(scenario),
            FormKind::Topics => topics::sections(scenario),
            FormKind::Producers => producers::sections(scenario),
            FormKind::Consumers => consumers::sections(scenario),
        }
    }

    fn title(self) -> &'static str {
        match self {
            FormKind::Cluster => EN.cluster_form,
            FormKind::Topics => EN.topics_form,
            FormKind::Producers => EN.producers_form,
            FormKind::Consumers => EN.consumers_form,
        }
    }

    /// Prefix of element ids and test ids.
    fn id(self) -> &'static str {
        match self {
            FormKind::Cluster => "config-cluster",
            FormKind::Topics => "config-topics",
            FormKind::Producers => "config-producers",
            FormKind::Consumers => "config-consumers",
        }
    }
}

/// `scenario` with the draft's edits and one more item of this form's list, if
/// both are valid.
pub fn with_new_item(kind: FormKind, scenario: &Scenario, draft: &Draft) -> Option<Scenario> {
    let edited = draft.apply_to(scenario).ok()?;
    let (list, item) = (kind.list()?, kind.new_item(&edited)?);
    let mut doc = scenario::to_json(&edited);
    let items = doc
        .as_object_mut()?
        .entry(list)
        .or_insert(Value::Array(Vec::new()));
    items.as_array_mut()?.push(item);
    scenario::parse_value(&doc).ok()
}

/// `scenario` with the draft's edits and item `index` of this form's list
/// removed: the scenario, or why it would be invalid (say, the script produces
/// to the topic removed). `None`: the form has no list, or the draft is invalid.
pub fn with_item_removed(
    kind: FormKind,
    scenario: &Scenario,
    draft: &Draft,
    index: usize,
) -> Option<Result<Scenario, Vec<ScenarioError>>> {
    let edited = draft.apply_to(scenario).ok()?;
    let list = kind.list()?;
    let mut doc = scenario::to_json(&edited);
    let items = doc.get_mut(list)?.as_array_mut()?;
    if index >= items.len() {
        return None;
    }
    items.remove(index);
    Some(scenario::parse_value(&doc))
}

/// The first of `prefix1`, `prefix2`, … that is not `taken`.
pub fn first_free(prefix: &str, taken: impl Fn(&str) -> bool) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|name| !taken(name))
        .unwrap_or_default()
}

/// Producer and consumer ids share one namespace.
pub fn client_id_taken(scenario: &Scenario, id: &str) -> bool {
    scenario.spec.producers.iter().any(|p| p.id == id)
        || scenario.spec.consumers.iter().any(|c| c.id == id)
}

#[derive(Properties, PartialEq, Clone)]
pub struct ConfigFormProps {
    pub kind: FormKind,
    pub scenario: Scenario,
    pub on_apply: Callback<Scenario>,
    #[prop_or_default]
    pub on_alter: Option<Callback<Action>>,
}

/// What changes a form's draft.
pub enum DraftChange {
    Edit(Field, String),
    Clear,
}

impl Reducible for Draft {
    type Action = DraftChange;

    /// Each change applies to the latest draft, so that two edits made before the
    /// form redraws both count.
    fn reduce(self: Rc<Self>, change: DraftChange) -> Rc<Self> {
        match change {
            DraftChange::Edit(field, text) => {
                let mut next = (*self).clone();
                next.edit(&field, text);
                Rc::new(next)
            }
            DraftChange::Clear => Rc::new(Draft::default()),
        }
    }
}

/// A form with its draft: edits are kept as typed until applied or discarded.
#[function_component]
pub fn ConfigForm(props: &ConfigFormProps) -> Html {
    let draft = use_reducer(Draft::default);
    let on_edit = {
        let draft = draft.dispatcher();
        Callback::from(move |(field, text): (Field, String)| {
            draft.dispatch(DraftChange::Edit(field, text));
        })
    };
    let on_apply = {
        let draft = draft.clone();
        let apply = props.on_apply.clone();
        let scenario = props.scenario.clone();
        Callback::from(move |()| {
            if let Ok(valid) = draft.apply_to(&scenario) {
                draft.dispatch(DraftChange::Clear);
                apply.emit(valid);
            }
        })
    };
    let on_add = {
        let draft = draft.clone();
        let apply = props.on_apply.clone();
        let scenario = props.scenario.clone();
        let kind = props.kind;
        Callback::from(move |()| {
            if let Some(added) = with_new_item(kind, &scenario, &draft) {
                draft.dispatch(DraftChange::Clear);
                apply.emit(added);
            }
        })
    };
    let on_remove = {
        let draft = draft.clone();
        let apply = props.on_apply.clone();
        let scenario = props.scenario.clone();
        let kind = props.kind;
        Callback::from(move |index: usize| {
            if let Some(Ok(removed)) = with_item_removed(kind, &scenario, &draft, index) {
                draft.dispatch(DraftChange::Clear);
                apply.emit(removed);
            }
        })
    };
    let on_alter = props.on_alter.clone().map(|alter| {
        let draft = draft.clone();
        let scenario = props.scenario.clone();
        Callback::from(move |()| {
            if let Some(actions) = topic_alterations(&scenario, &draft) {
                draft.dispatch(DraftChange::Clear);
                for action in actions {
                    alter.emit(action);
                }
            }
        })
    });
    let on_reset = {
        let draft = draft.clone();
        Callback::from(move |()| draft.dispatch(DraftChange::Clear))
    };
    html! {
        <FormView
            kind={props.kind}
            scenario={props.scenario.clone()}
            draft={(*draft).clone()}
            {on_edit}
            {on_apply}
            {on_add}
            {on_remove}
            {on_alter}
            {on_reset}
        />
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct FormViewProps {
    pub kind: FormKind,
    pub scenario: Scenario,
    pub draft: Draft,
    pub on_edit: Callback<(Field, String)>,
    pub on_apply: Callback<()>,
    /// Applies the draft with one more topic, producer or consumer.
    pub on_add: Callback<()>,
    /// Applies the draft without the topic, producer or consumer at this index.
    pub on_remove: Callback<usize>,
    /// Alters the topics' configs now; `None`: the form does not offer it.
    #[prop_or_default]
    pub on_alter: Option<Callback<()>>,
    pub on_reset: Callback<()>,
}

/// The markup of a form for a draft.
#[function_component]
pub fn FormView(props: &FormViewProps) -> Html {
    let kind = props.kind;
    let sections = kind.sections(&props.scenario);
    let doc = scenario::to_json(&props.scenario);
    let messages = match props.draft.apply_to(&props.scenario) {
        Ok(_) => Messages::default(),
        Err(errors) => Messages::of(errors, &sections),
    };
    let valid = messages.by_field.is_empty() && messages.others.is_empty();
    let mut index = 0;
    let sections_html: Html = sections
        .iter()
        .enumerate()
        .map(|(item, section)| {
            let fields: Html = section
                .fields
                .iter()
                .map(|field| {
                    index += 1;
                    let id = format!("{}-{index}", kind.id());
                    let text = props.draft.text_of(field, &doc);
                    let error = messages.by_field.get(&field.path.text()).cloned();
                    field_view(field, &id, text, error, &props.on_edit)
                })
                .collect();
            let remove = remove_view(props, item, &section.title);
            html! {
                <fieldset class="config-section">
                    <legend>{ &section.title }</legend>
                    { fields }
                    { remove }
                </fieldset>
            }
        })
        .collect();
    let others: Html = if messages.others.is_empty() {
        Html::default()
    } else {
        html! {
            <div class="config-other-errors" role="alert">
                <p>{ EN.other_problems }</p>
                <ul>
                    { for messages.others.iter().map(|e| html! { <li><code>{ &e.path }</code>{ ": " }{ &e.message }</li> }) }
                </ul>
            </div>
        }
    };
    let on_submit = {
        let apply = props.on_apply.clone();
        Callback::from(move |e: yew::SubmitEvent| {
            e.prevent_default();
            apply.emit(());
        })
    };
    let on_reset = props.on_reset.reform(|_: yew::MouseEvent| ());
    let can_add = kind.new_item(&props.scenario).is_some();
    let add_enabled = can_add && with_new_item(kind, &props.scenario, &props.draft).is_some();
    let on_add = props.on_add.reform(|_: yew::MouseEvent| ());
    let alter = props.on_alter.as_ref().map(|alter| {
        let enabled = topic_alterations(&props.scenario, &props.draft).is_some();
        (alter.reform(|_: yew::MouseEvent| ()), enabled)
    });
    html! {
        <form class="config-form" data-testid={kind.id()} aria-label={kind.title()} onsubmit={on_submit} novalidate=true>
            <h2>{ kind.title() }</h2>
            if sections.is_empty() {
                <p class="config-empty">{ EN.nothing_to_configure }</p>
            } else {
                { sections_html }
            }
            { others }
            <p class="config-note">{ EN.applies_from_zero }</p>
            <div class="config-buttons">
                <button type="submit" disabled={!valid || props.draft.is_empty()}>{ EN.apply }</button>
                <button type="button" onclick={on_reset} disabled={props.draft.is_empty()}>{ EN.reset }</button>
                if can_add {
                    <button type="button" onclick={on_add} disabled={!add_enabled}>{ kind.add_label() }</button>
                }
                if let Some((onclick, enabled)) = alter {
                    <button type="button" {onclick} disabled={!enabled} title={EN.alter_now_doc}>{ EN.alter_now }</button>
                }
            </div>
        </form>
    }
}

/// The Remove button of a list item's section, disabled with the reason when
/// removing it would break the scenario; nothing for the cluster form.
fn remove_view(props: &FormViewProps, item: usize, title: &str) -> Html {
    let Some(removed) = with_item_removed(props.kind, &props.scenario, &props.draft, item) else {
        return Html::default();
    };
    let reason = removed.err().map(|errors| {
        let first = errors
            .first()
            .map_or_else(String::new, |e| format!("{}: {}", e.path, e.message));
        (EN.cannot_remove)(&first)
    });
    let reason_id = format!("{}-remove-{item}", props.kind.id());
    let onclick = props.on_remove.reform(move |_: yew::MouseEvent| item);
    html! {
        <div class="config-remove">
            <button type="button" {onclick} disabled={reason.is_some()}
                aria-label={(EN.remove_named)(title)}
                aria-describedby={reason.as_ref().map(|_| reason_id.clone())}>
                { EN.remove }
            </button>
            if let Some(reason) = reason {
                <span class="config-default" id={reason_id}>{ reason }</span>
            }
        </div>
    }
}

/// One field: label (Kafka's name), input, default, and its message if invalid.
fn field_view(
    field: &Field,
    id: &str,
    text: String,
    error: Option<String>,
    on_edit: &Callback<(Field, String)>,
) -> Html {
    let error_id = format!("{id}-error");
    let invalid = error.is_some();
    let described = invalid.then(|| error_id.clone());
    let input = match field.kind {
        FieldKind::Flag => {
            let field = field.clone();
            let on_edit = on_edit.clone();
            let onchange = Callback::from(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                on_edit.emit((field.clone(), input.checked().to_string()));
            });
            html! {
                <input type="checkbox" id={id.to_string()} checked={text == "true"} {onchange}
                    aria-invalid={invalid.to_string()} aria-describedby={described} />
            }
        }
        FieldKind::Config(def) => match def.kind {
            ConfigType::Bool => choice(field, id, &text, &["true", "false"], def.default, on_edit),
            ConfigType::Choice(options) => choice(field, id, &text, options, def.default, on_edit),
            _ => text_input(field, id, text, invalid, described, on_edit),
        },
        _ => text_input(field, id, text, invalid, described, on_edit),
    };
    html! {
        <div class={if invalid { "config-field invalid" } else { "config-field" }} data-field={field.path.text()}>
            <label for={id.to_string()} title={(!field.doc.is_empty()).then(|| field.doc.clone())}>{ &field.label }</label>
            { input }
            if let Some(default) = &field.default {
                <span class="config-default">{ (EN.default_is)(default) }</span>
            }
            if let Some(message) = error {
                <p class="config-error" id={error_id} role="alert">{ message }</p>
            }
        </div>
    }
}

fn text_input(
    field: &Field,
    id: &str,
    text: String,
    invalid: bool,
    described: Option<String>,
    on_edit: &Callback<(Field, String)>,
) -> Html {
    let field = field.clone();
    let placeholder = field.default.clone();
    let on_edit = on_edit.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        on_edit.emit((field.clone(), input.value()));
    });
    html! {
        <input type="text" id={id.to_string()} value={text} {placeholder} {oninput}
            aria-invalid={invalid.to_string()} aria-describedby={described} />
    }
}

/// A `<select>` for a boolean or a choice: an empty option leaves the config unset.
fn choice(
    field: &Field,
    id: &str,
    text: &str,
    options: &'static [&'static str],
    default: &'static str,
    on_edit: &Callback<(Field, String)>,
) -> Html {
    let field = field.clone();
    let on_edit = on_edit.clone();
    let onchange = Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        on_edit.emit((field.clone(), select.value()));
    });
    html! {
        <select id={id.to_string()} {onchange}>
            <option value="" selected={text.is_empty()}>{ (EN.use_default)(default) }</option>
            { for options.iter().map(|o| html! { <option value={*o} selected={text == *o}>{ *o }</option> }) }
        </select>
    }
}
