//! What Slack delivers, parsed into one typed enum. HTTP mode and Socket Mode both feed
//! these to the same handler. Parsing is pure; it never logs what a person typed.

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;
use serde_json::Value;
use slack_morphism::prelude::{
    SlackCommandEvent, SlackEventCallbackBody, SlackInteractionActionContainer, SlackInteractionBlockActionsEvent,
    SlackInteractionViewSubmissionEvent, SlackPushEvent, SlackStatefulView, SlackView, SlackViewState,
    SlackViewStateValue,
};

/// One delivery from Slack.
#[derive(Clone, Debug)]
pub enum Inbound {
    Command(SlashCommand),
    Action(Box<BlockAction>),
    Submission(ViewSubmission),
    Event(Event),
    UrlVerification {
        challenge: String,
    },
    /// A well-formed delivery the bot has nothing to do with (view_closed, shortcuts…).
    Ignored {
        kind: String,
    },
}

#[derive(Clone)]
pub struct SlashCommand {
    pub command: String,
    /// The words after the command. May hold what a person typed: never logged.
    pub text: String,
    pub user_id: String,
    pub team_id: Option<String>,
    pub trigger_id: Option<String>,
    pub response_url: Option<String>,
    pub channel_id: Option<String>,
}

/// A click (or a pick) in a message, a modal or the Home tab.
#[derive(Clone)]
pub struct BlockAction {
    pub user_id: String,
    pub team_id: Option<String>,
    pub trigger_id: Option<String>,
    pub response_url: Option<String>,
    pub channel_id: Option<String>,
    pub message_ts: Option<String>,
    /// The modal or Home tab it came from, if any.
    pub view: Option<ViewRef>,
    pub action_id: String,
    pub block_id: String,
    pub value: Option<String>,
    pub selected_user: Option<String>,
    pub selected_option: Option<String>,
    /// A multi-select's choices (empty when none, or not a multi-select).
    pub selected_options: Vec<String>,
    pub selected_date: Option<String>,
}

#[derive(Clone)]
pub struct ViewRef {
    pub id: String,
    pub callback_id: String,
    pub private_metadata: String,
    pub hash: Option<String>,
    pub state: FormState,
}

#[derive(Clone)]
pub struct ViewSubmission {
    pub user_id: String,
    pub team_id: Option<String>,
    pub view: ViewRef,
}

#[derive(Clone)]
pub enum Event {
    AppHomeOpened { user: String, team_id: Option<String> },
    Other { kind: String },
}

/// The values of a modal's inputs, as Slack's view state: `block_id → element state`
/// (each input block holds one element).
#[derive(Clone, Default)]
pub struct FormState(HashMap<String, SlackViewStateValue>);

impl FormState {
    fn from_state(state: Option<SlackViewState>) -> Self {
        let values = state.map(|s| s.values).unwrap_or_default();
        FormState(
            values
                .into_iter()
                .filter_map(|(block, actions)| actions.into_values().next().map(|value| (block.0, value)))
                .collect(),
        )
    }

    fn element(&self, block: &str) -> Option<&SlackViewStateValue> {
        self.0.get(block)
    }

    /// A text input's value, trimmed; `None` when empty.
    pub fn text(&self, block: &str) -> Option<String> {
        let v = self.element(block)?.value.as_deref()?.trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    /// A select's or radio's chosen value.
    pub fn option(&self, block: &str) -> Option<String> {
        self.element(block)?.selected_option.as_ref().map(|o| o.value.clone())
    }

    /// Checkboxes' or a multi-select's chosen values.
    pub fn options(&self, block: &str) -> Vec<String> {
        self.element(block)
            .and_then(|e| e.selected_options.as_ref())
            .map(|opts| opts.iter().map(|o| o.value.clone()).collect())
            .unwrap_or_default()
    }

    pub fn user(&self, block: &str) -> Option<String> {
        self.element(block)?.selected_user.as_ref().map(|u| u.0.clone())
    }

    pub fn users(&self, block: &str) -> Vec<String> {
        self.element(block)
            .and_then(|e| e.selected_users.as_ref())
            .map(|u| u.iter().map(|x| x.0.clone()).collect())
            .unwrap_or_default()
    }

    pub fn date(&self, block: &str) -> Option<String> {
        self.element(block)?.selected_date.clone()
    }
}

// Debug output of what Slack delivered names only its kind and the bot's own ids: the
// people in it, what they typed or chose, and response URLs never reach a log or a panic.

impl fmt::Debug for SlashCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SlashCommand")
            .field("command", &self.command)
            .field("text", &format_args!("({} chars)", self.text.chars().count()))
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for BlockAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockAction")
            .field("action_id", &self.action_id)
            .field("view", &self.view)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for ViewRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ViewRef").field("callback_id", &self.callback_id).finish_non_exhaustive()
    }
}

impl fmt::Debug for ViewSubmission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ViewSubmission").field("view", &self.view).finish_non_exhaustive()
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::AppHomeOpened { .. } => f.write_str("AppHomeOpened"),
            Event::Other { kind } => f.debug_struct("Other").field("kind", kind).finish(),
        }
    }
}

impl fmt::Debug for FormState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FormState({} inputs)", self.0.len())
    }
}

/// Why a signed body could not be understood (answered 400, logged without the body).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("body is not a form")]
    NotAForm,
    #[error("form lacks {0}")]
    MissingField(&'static str),
    #[error("payload is not JSON")]
    PayloadNotJson,
    #[error("payload lacks {0}")]
    PayloadLacks(&'static str),
    #[error("event body is not a JSON object")]
    EventNotJson,
    /// Not the shape of Slack's type for it. `reason` names a missing field at most:
    /// never a value, which could be what a person typed.
    #[error("{what} is not as Slack sends it: {reason}")]
    NotSlackShaped { what: &'static str, reason: String },
}

impl ParseError {
    fn shape(what: &'static str, error: impl std::fmt::Display) -> Self {
        let message = error.to_string();
        let reason = match message.strip_prefix("missing field `").and_then(|rest| rest.split_once('`')) {
            Some((field, _)) => format!("missing field {field}"),
            None => "a field of the wrong kind".to_string(),
        };
        ParseError::NotSlackShaped { what, reason }
    }
}

fn form(body: &[u8]) -> Result<&str, ParseError> {
    std::str::from_utf8(body).map_err(|_| ParseError::NotAForm)
}

fn non_empty(v: impl Into<String>) -> Option<String> {
    let v = v.into();
    (!v.is_empty()).then_some(v)
}

/// A slash command's form body.
pub fn parse_command(body: &[u8]) -> Result<Inbound, ParseError> {
    let text = form(body)?;
    // A body that is not a form at all is told apart from a form missing a field.
    serde_urlencoded::from_str::<Vec<(String, String)>>(text).map_err(|_| ParseError::NotAForm)?;
    let command: SlackCommandEvent =
        serde_urlencoded::from_str(text).map_err(|e| ParseError::shape("slash command", e))?;
    slash_command(command)
}

/// A slash command delivered as JSON (Socket Mode's envelope payload).
pub fn command_from_json(payload: &Value) -> Result<Inbound, ParseError> {
    if !payload.is_object() {
        return Err(ParseError::PayloadNotJson);
    }
    let command: SlackCommandEvent =
        serde_json::from_value(payload.clone()).map_err(|e| ParseError::shape("slash command", e))?;
    slash_command(command)
}

fn slash_command(c: SlackCommandEvent) -> Result<Inbound, ParseError> {
    let command = non_empty(c.command.0).ok_or(ParseError::MissingField("command"))?;
    let user_id = non_empty(c.user_id.0).ok_or(ParseError::MissingField("user_id"))?;
    Ok(Inbound::Command(SlashCommand {
        command,
        text: c.text.unwrap_or_default(),
        user_id,
        team_id: non_empty(c.team_id.0),
        trigger_id: non_empty(c.trigger_id.0),
        response_url: non_empty(c.response_url.0.to_string()),
        channel_id: non_empty(c.channel_id.0),
    }))
}

/// An interactivity form body (`payload=<json>`).
pub fn parse_interaction(body: &[u8]) -> Result<Inbound, ParseError> {
    let fields: HashMap<String, String> = serde_urlencoded::from_str(form(body)?).map_err(|_| ParseError::NotAForm)?;
    let payload = fields.get("payload").ok_or(ParseError::MissingField("payload"))?;
    let payload: Value = serde_json::from_str(payload).map_err(|_| ParseError::PayloadNotJson)?;
    interaction_from_json(payload)
}

fn view_ref(view: SlackStatefulView) -> ViewRef {
    let (callback_id, private_metadata) = match view.view {
        SlackView::Modal(m) => (m.callback_id.map(|c| c.0), m.private_metadata),
        SlackView::Home(h) => (h.callback_id.map(|c| c.0), h.private_metadata),
    };
    ViewRef {
        id: view.state_params.id.0,
        callback_id: callback_id.unwrap_or_default(),
        private_metadata: private_metadata.unwrap_or_default(),
        hash: non_empty(view.state_params.hash),
        state: FormState::from_state(view.state_params.state),
    }
}

/// What a picked element carries that slack-morphism's action type leaves out: the
/// person a user picker chose and the day a date picker chose.
#[derive(Default, Deserialize)]
struct PickedExtras {
    selected_user: Option<String>,
    selected_date: Option<String>,
}

/// An interactivity payload, already decoded from JSON.
pub fn interaction_from_json(mut payload: Value) -> Result<Inbound, ParseError> {
    let kind = payload.get("type").and_then(Value::as_str).ok_or(ParseError::PayloadLacks("type"))?.to_string();
    if payload.get("user").and_then(|u| u.get("id")).and_then(Value::as_str).is_none_or(str::is_empty)
        && matches!(kind.as_str(), "block_actions" | "view_submission")
    {
        return Err(ParseError::PayloadLacks("user.id"));
    }
    match kind.as_str() {
        "block_actions" => {
            // The view a click came from is read once, with its id, hash and state (the
            // event's own type for it carries none of them).
            let view = payload.as_object_mut().and_then(|o| o.remove("view"));
            let extras = match payload.get("actions").and_then(|a| a.get(0)) {
                // From a copy of the one action: reading it in place (serde over `&Value`)
                // costs the release binary half a megabyte of code.
                Some(action) => serde_json::from_value::<PickedExtras>(action.clone())
                    .map_err(|e| ParseError::shape("block_actions", e))?,
                None => PickedExtras::default(),
            };
            let event: SlackInteractionBlockActionsEvent =
                serde_json::from_value(payload).map_err(|e| ParseError::shape("block_actions", e))?;
            let view = match view {
                Some(v) => Some(view_ref(serde_json::from_value(v).map_err(|e| ParseError::shape("view", e))?)),
                None => None,
            };
            block_action(event, view, extras)
        }
        "view_submission" => {
            let event: SlackInteractionViewSubmissionEvent =
                serde_json::from_value(payload).map_err(|e| ParseError::shape("view_submission", e))?;
            Ok(Inbound::Submission(ViewSubmission {
                user_id: event.user.id.0,
                team_id: Some(event.team.id.0),
                view: view_ref(event.view),
            }))
        }
        other => Ok(Inbound::Ignored { kind: other.chars().take(64).collect() }),
    }
}

fn block_action(
    event: SlackInteractionBlockActionsEvent,
    view: Option<ViewRef>,
    extras: PickedExtras,
) -> Result<Inbound, ParseError> {
    let user = event.user.ok_or(ParseError::PayloadLacks("user.id"))?;
    let Some(action) = event.actions.and_then(|a| a.into_iter().next()) else {
        return Ok(Inbound::Ignored { kind: "block_actions without actions".into() });
    };
    let (container_channel, container_ts, ephemeral) = match event.container {
        SlackInteractionActionContainer::Message(m) => {
            (m.channel_id.map(|c| c.0), Some(m.message_ts.0), m.is_ephemeral == Some(true))
        }
        _ => (None, None, false),
    };
    // An ephemeral message cannot be edited through the Web API: its ts is of no use.
    let message_ts = if ephemeral { None } else { event.message.map(|m| m.origin.ts.0).or(container_ts) };
    Ok(Inbound::Action(Box::new(BlockAction {
        user_id: user.id.0,
        team_id: Some(event.team.id.0).or(user.team_id.map(|t| t.0)),
        trigger_id: non_empty(event.trigger_id.0),
        response_url: event.response_url.map(|u| u.0.to_string()),
        channel_id: event.channel.map(|c| c.id.0).or(container_channel).and_then(non_empty),
        message_ts: message_ts.and_then(non_empty),
        view,
        action_id: action.action_id.0,
        block_id: action.block_id.map(|b| b.0).unwrap_or_default(),
        value: action.value.and_then(non_empty),
        selected_user: extras.selected_user.and_then(non_empty),
        selected_option: action.selected_option.map(|o| o.value),
        selected_options: action.selected_options.unwrap_or_default().into_iter().map(|o| o.value).collect(),
        selected_date: extras.selected_date.and_then(non_empty),
    })))
}

/// An Events API body (JSON).
pub fn parse_event(body: &[u8]) -> Result<Inbound, ParseError> {
    let v: Value = serde_json::from_slice(body).map_err(|_| ParseError::EventNotJson)?;
    event_from_json(&v)
}

pub fn event_from_json(v: &Value) -> Result<Inbound, ParseError> {
    if !v.is_object() {
        return Err(ParseError::EventNotJson);
    }
    let kind = v.get("type").and_then(Value::as_str).ok_or(ParseError::PayloadLacks("type"))?;
    if !matches!(kind, "url_verification" | "event_callback") {
        return Ok(Inbound::Ignored { kind: kind.chars().take(64).collect() });
    }
    let event: SlackPushEvent = serde_json::from_value(v.clone()).map_err(|e| ParseError::shape(kind_name(kind), e))?;
    match event {
        SlackPushEvent::UrlVerification(u) => Ok(Inbound::UrlVerification { challenge: u.challenge }),
        SlackPushEvent::EventCallback(callback) => Ok(Inbound::Event(match callback.event {
            SlackEventCallbackBody::AppHomeOpened(home) => {
                Event::AppHomeOpened { user: home.user.0, team_id: non_empty(callback.team_id.0) }
            }
            _ => Event::Other { kind: v["event"]["type"].as_str().unwrap_or_default().chars().take(64).collect() },
        })),
        SlackPushEvent::AppRateLimited(_) => Ok(Inbound::Ignored { kind: "app_rate_limited".into() }),
    }
}

fn kind_name(kind: &str) -> &'static str {
    if kind == "url_verification" { "url_verification" } else { "event_callback" }
}

impl Inbound {
    /// The workspace the delivery claims to come from, when it says.
    pub fn team_id(&self) -> Option<&str> {
        match self {
            Inbound::Command(c) => c.team_id.as_deref(),
            Inbound::Action(a) => a.team_id.as_deref(),
            Inbound::Submission(s) => s.team_id.as_deref(),
            Inbound::Event(Event::AppHomeOpened { team_id, .. }) => team_id.as_deref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
