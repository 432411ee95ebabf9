//! What Slack delivers, parsed into one typed enum. HTTP mode and Socket Mode both feed
//! these to the same handler. Parsing is pure; it never logs what a person typed.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

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

/// The values of a modal's inputs: `block_id → action_id → element state`.
#[derive(Clone, Default)]
pub struct FormState(HashMap<String, HashMap<String, Value>>);

impl FormState {
    fn from_value(values: Option<&Value>) -> Self {
        let parsed = values.cloned().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
        FormState(parsed)
    }

    fn element(&self, block: &str) -> Option<&Value> {
        self.0.get(block).and_then(|actions| actions.values().next())
    }

    /// A text input's value, trimmed; `None` when empty.
    pub fn text(&self, block: &str) -> Option<String> {
        let v = self.element(block)?.get("value")?.as_str()?.trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    /// A select's or radio's chosen value.
    pub fn option(&self, block: &str) -> Option<String> {
        self.element(block)?.get("selected_option")?.get("value")?.as_str().map(str::to_string)
    }

    /// Checkboxes' or a multi-select's chosen values.
    pub fn options(&self, block: &str) -> Vec<String> {
        self.element(block)
            .and_then(|e| e.get("selected_options"))
            .and_then(Value::as_array)
            .map(|opts| opts.iter().filter_map(|o| o.get("value")?.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }

    pub fn user(&self, block: &str) -> Option<String> {
        self.element(block)?.get("selected_user")?.as_str().map(str::to_string)
    }

    pub fn users(&self, block: &str) -> Vec<String> {
        self.element(block)
            .and_then(|e| e.get("selected_users"))
            .and_then(Value::as_array)
            .map(|u| u.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }

    pub fn date(&self, block: &str) -> Option<String> {
        self.element(block)?.get("selected_date")?.as_str().map(str::to_string)
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
}

fn form(body: &[u8]) -> Result<HashMap<String, String>, ParseError> {
    let text = std::str::from_utf8(body).map_err(|_| ParseError::NotAForm)?;
    serde_urlencoded::from_str(text).map_err(|_| ParseError::NotAForm)
}

fn non_empty(v: Option<&String>) -> Option<String> {
    v.filter(|s| !s.is_empty()).cloned()
}

/// A slash command's form body.
pub fn parse_command(body: &[u8]) -> Result<Inbound, ParseError> {
    let fields = form(body)?;
    let command = non_empty(fields.get("command")).ok_or(ParseError::MissingField("command"))?;
    let user_id = non_empty(fields.get("user_id")).ok_or(ParseError::MissingField("user_id"))?;
    Ok(Inbound::Command(command_from_fields(command, user_id, &fields)))
}

fn command_from_fields(command: String, user_id: String, fields: &HashMap<String, String>) -> SlashCommand {
    SlashCommand {
        command,
        text: fields.get("text").cloned().unwrap_or_default(),
        user_id,
        team_id: non_empty(fields.get("team_id")),
        trigger_id: non_empty(fields.get("trigger_id")),
        response_url: non_empty(fields.get("response_url")),
        channel_id: non_empty(fields.get("channel_id")),
    }
}

/// A slash command delivered as JSON (Socket Mode's envelope payload).
pub fn command_from_json(payload: &Value) -> Result<Inbound, ParseError> {
    let fields: HashMap<String, String> = payload
        .as_object()
        .ok_or(ParseError::PayloadNotJson)?
        .iter()
        .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
        .collect();
    let command = non_empty(fields.get("command")).ok_or(ParseError::MissingField("command"))?;
    let user_id = non_empty(fields.get("user_id")).ok_or(ParseError::MissingField("user_id"))?;
    Ok(Inbound::Command(command_from_fields(command, user_id, &fields)))
}

/// An interactivity form body (`payload=<json>`).
pub fn parse_interaction(body: &[u8]) -> Result<Inbound, ParseError> {
    let fields = form(body)?;
    let payload = fields.get("payload").ok_or(ParseError::MissingField("payload"))?;
    let payload: Value = serde_json::from_str(payload).map_err(|_| ParseError::PayloadNotJson)?;
    interaction_from_json(&payload)
}

fn str_at(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for key in path {
        cur = cur.get(key)?;
    }
    cur.as_str().filter(|s| !s.is_empty()).map(str::to_string)
}

fn view_ref(view: &Value) -> Option<ViewRef> {
    Some(ViewRef {
        id: str_at(view, &["id"])?,
        callback_id: str_at(view, &["callback_id"]).unwrap_or_default(),
        private_metadata: str_at(view, &["private_metadata"]).unwrap_or_default(),
        hash: str_at(view, &["hash"]),
        state: FormState::from_value(view.get("state").and_then(|s| s.get("values"))),
    })
}

/// An interactivity payload, already decoded from JSON.
pub fn interaction_from_json(payload: &Value) -> Result<Inbound, ParseError> {
    let kind = str_at(payload, &["type"]).ok_or(ParseError::PayloadLacks("type"))?;
    let user_id = str_at(payload, &["user", "id"]);
    let team_id = str_at(payload, &["team", "id"]).or_else(|| str_at(payload, &["user", "team_id"]));
    match kind.as_str() {
        "block_actions" => {
            let user_id = user_id.ok_or(ParseError::PayloadLacks("user.id"))?;
            let actions =
                payload.get("actions").and_then(Value::as_array).ok_or(ParseError::PayloadLacks("actions"))?;
            let Some(action) = actions.first() else {
                return Ok(Inbound::Ignored { kind: "block_actions without actions".into() });
            };
            Ok(Inbound::Action(Box::new(BlockAction {
                user_id,
                team_id,
                trigger_id: str_at(payload, &["trigger_id"]),
                response_url: str_at(payload, &["response_url"]),
                channel_id: str_at(payload, &["channel", "id"])
                    .or_else(|| str_at(payload, &["container", "channel_id"])),
                message_ts: str_at(payload, &["message", "ts"])
                    .or_else(|| str_at(payload, &["container", "message_ts"])),
                view: payload.get("view").and_then(view_ref),
                action_id: str_at(action, &["action_id"]).ok_or(ParseError::PayloadLacks("actions[0].action_id"))?,
                block_id: str_at(action, &["block_id"]).unwrap_or_default(),
                value: str_at(action, &["value"]),
                selected_user: str_at(action, &["selected_user"]),
                selected_option: str_at(action, &["selected_option", "value"]),
                selected_options: action
                    .get("selected_options")
                    .and_then(Value::as_array)
                    .map(|all| all.iter().filter_map(|o| o.get("value")?.as_str().map(str::to_string)).collect())
                    .unwrap_or_default(),
                selected_date: str_at(action, &["selected_date"]),
            })))
        }
        "view_submission" => {
            let user_id = user_id.ok_or(ParseError::PayloadLacks("user.id"))?;
            let view = payload.get("view").and_then(view_ref).ok_or(ParseError::PayloadLacks("view"))?;
            Ok(Inbound::Submission(ViewSubmission { user_id, team_id, view }))
        }
        other => Ok(Inbound::Ignored { kind: other.to_string() }),
    }
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
    let kind = str_at(v, &["type"]).ok_or(ParseError::PayloadLacks("type"))?;
    match kind.as_str() {
        "url_verification" => Ok(Inbound::UrlVerification {
            challenge: str_at(v, &["challenge"]).ok_or(ParseError::PayloadLacks("challenge"))?,
        }),
        "event_callback" => {
            let event = v.get("event").ok_or(ParseError::PayloadLacks("event"))?;
            let event_kind = str_at(event, &["type"]).unwrap_or_default();
            let team_id = str_at(v, &["team_id"]);
            match (event_kind.as_str(), str_at(event, &["user"])) {
                ("app_home_opened", Some(user)) => Ok(Inbound::Event(Event::AppHomeOpened { user, team_id })),
                _ => Ok(Inbound::Event(Event::Other { kind: event_kind })),
            }
        }
        other => Ok(Inbound::Ignored { kind: other.to_string() }),
    }
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
mod tests {
    use super::*;

    #[test]
    fn malformed_bodies_are_told_apart() {
        assert_eq!(parse_command(b"text=hello").unwrap_err(), ParseError::MissingField("command"));
        assert!(parse_command(b"%%%=&&==%zz\x00\xff").is_err());
        assert_eq!(parse_interaction(b"foo=bar").unwrap_err(), ParseError::MissingField("payload"));
        assert_eq!(parse_interaction(b"payload=%7Bnot-json").unwrap_err(), ParseError::PayloadNotJson);
        let no_user = format!("payload={}", urlencode(r#"{"type":"block_actions"}"#));
        assert_eq!(parse_interaction(no_user.as_bytes()).unwrap_err(), ParseError::PayloadLacks("user.id"));
        assert_eq!(parse_event(b"{not json").unwrap_err(), ParseError::EventNotJson);
    }

    fn urlencode(s: &str) -> String {
        serde_urlencoded::to_string([("x", s)]).unwrap()[2..].to_string()
    }

    #[test]
    fn a_button_click_carries_its_action_and_where_it_was() {
        let payload = r#"{"type":"block_actions","user":{"id":"U1","team_id":"T1"},"trigger_id":"t",
            "channel":{"id":"D1"},"message":{"ts":"1.2"},"response_url":"http://x/r",
            "actions":[{"action_id":"offer_accept","block_id":"b","value":"7"}]}"#;
        let body = format!("payload={}", urlencode(payload));
        let Inbound::Action(a) = parse_interaction(body.as_bytes()).unwrap() else { panic!() };
        assert_eq!(
            (a.action_id.as_str(), a.value.as_deref(), a.channel_id.as_deref()),
            ("offer_accept", Some("7"), Some("D1"))
        );
        assert_eq!(a.team_id.as_deref(), Some("T1"));
        assert_eq!(a.message_ts.as_deref(), Some("1.2"));
    }

    #[test]
    fn a_submission_exposes_its_values_by_block() {
        let payload = serde_json::json!({"type": "view_submission", "user": {"id": "U1"}, "team": {"id": "T1"},
        "view": {"id": "V1", "callback_id": "request", "state": {"values": {
            "note": {"note": {"type": "plain_text_input", "value": "  hello  "}},
            "times": {"times": {"type": "checkboxes", "selected_options": [{"value": "mornings"}]}},
            "contact": {"contact": {"type": "radio_buttons", "selected_option": {"value": "phone"}}}
        }}}});
        let Inbound::Submission(s) = interaction_from_json(&payload).unwrap() else { panic!() };
        assert_eq!(s.view.state.text("note").as_deref(), Some("hello"));
        assert_eq!(s.view.state.options("times"), vec!["mornings"]);
        assert_eq!(s.view.state.option("contact").as_deref(), Some("phone"));
        assert_eq!(s.view.state.option("missing"), None);
    }

    #[test]
    fn events_are_recognised() {
        let Inbound::UrlVerification { challenge } =
            parse_event(br#"{"type":"url_verification","challenge":"abc"}"#).unwrap()
        else {
            panic!()
        };
        assert_eq!(challenge, "abc");
        let home = br#"{"type":"event_callback","team_id":"T1","event":{"type":"app_home_opened","user":"U1"}}"#;
        assert!(matches!(parse_event(home).unwrap(), Inbound::Event(Event::AppHomeOpened { .. })));
        let other = br#"{"type":"event_callback","event":{"type":"zzz"}}"#;
        assert!(matches!(parse_event(other).unwrap(), Inbound::Event(Event::Other { .. })));
    }
}
