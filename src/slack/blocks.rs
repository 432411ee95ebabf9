//! Small Block Kit builders, so views read as what a person sees.

use serde_json::{Value, json};

pub fn plain(text: &str) -> Value {
    json!({ "type": "plain_text", "text": text, "emoji": true })
}

pub fn mrkdwn(text: &str) -> Value {
    json!({ "type": "mrkdwn", "text": text })
}

pub fn header(text: &str) -> Value {
    json!({ "type": "header", "text": plain(text) })
}

pub fn section(text: &str) -> Value {
    json!({ "type": "section", "text": mrkdwn(text) })
}

pub fn context(text: &str) -> Value {
    json!({ "type": "context", "elements": [mrkdwn(text)] })
}

pub fn divider() -> Value {
    json!({ "type": "divider" })
}

/// A button; `style` is "primary", "danger" or empty.
pub fn button(text: &str, action_id: &str, value: &str, style: &str) -> Value {
    let mut b = json!({ "type": "button", "text": plain(text), "action_id": action_id, "value": value });
    if !style.is_empty() {
        b["style"] = json!(style);
    }
    b
}

pub fn actions(block_id: &str, elements: Vec<Value>) -> Value {
    json!({ "type": "actions", "block_id": block_id, "elements": elements })
}

pub fn option(text: &str, value: &str) -> Value {
    json!({ "text": plain(text), "value": value })
}

/// An input block; `block_id` is also the element's action_id.
pub fn input(block_id: &str, label: &str, mut element: Value, optional: bool, hint: Option<&str>) -> Value {
    element["action_id"] = json!(block_id);
    let mut block = json!({ "type": "input", "block_id": block_id, "label": plain(label), "element": element, "optional": optional });
    if let Some(hint) = hint {
        block["hint"] = plain(hint);
    }
    block
}

pub fn static_select(placeholder: &str, options: Vec<Value>) -> Value {
    json!({ "type": "static_select", "placeholder": plain(placeholder), "options": options })
}

pub fn radio(options: Vec<Value>) -> Value {
    json!({ "type": "radio_buttons", "options": options })
}

pub fn checkboxes(options: Vec<Value>) -> Value {
    json!({ "type": "checkboxes", "options": options })
}

pub fn user_select(placeholder: &str) -> Value {
    json!({ "type": "users_select", "placeholder": plain(placeholder) })
}

/// Slack's 75-character limit on option and button texts.
pub fn short(text: &str) -> String {
    if text.chars().count() <= 75 { text.to_string() } else { text.chars().take(74).collect::<String>() + "…" }
}

/// Escapes the three characters Slack's mrkdwn treats as control characters.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
