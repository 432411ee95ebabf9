//! Deliveries as Slack sends them. A hand-written payload (a test's, the demo page's)
//! names what matters to it; Slack always sends more, and the bot reads Slack's payloads
//! with slack-morphism's types, which require it. [`as_slack_sends`] adds what is
//! missing and changes nothing that is there.

use serde_json::{Value, json};

/// The app id Slack puts in every delivery.
pub const APP_ID: &str = "A0PEER";

/// A delivery as Slack sends it: what Slack always includes and a test's hand-written
/// payload leaves out is added (the app, the team, a trigger, the container, the view's
/// own fields, element types and option texts). What the test wrote stays as it is.
pub fn as_slack_sends(mut payload: Value, team: &str) -> Value {
    let Some(obj) = payload.as_object_mut() else { return payload };
    let kind = obj.get("type").and_then(Value::as_str).unwrap_or_default().to_string();
    match kind.as_str() {
        "block_actions" | "view_submission" => {
            obj.entry("api_app_id").or_insert(json!(APP_ID));
            obj.entry("team").or_insert(json!({"id": team}));
            let user = obj.get("user").and_then(|u| u.get("id")).and_then(Value::as_str).unwrap_or("U").to_string();
            obj.entry("trigger_id").or_insert(json!(format!("trigger-{user}")));
            if let Some(view) = obj.get_mut("view") {
                complete_view(view, team);
            }
            if kind == "block_actions" {
                if !obj.contains_key("container") {
                    let container = match obj.get("view") {
                        Some(view) => json!({"type": "view", "view_id": view["id"]}),
                        None => json!({
                            "type": "message",
                            "message_ts": obj.get("message").and_then(|m| m.get("ts")).cloned().unwrap_or(json!("1700000000.000001")),
                            "channel_id": obj.get("channel").and_then(|c| c.get("id")).cloned().unwrap_or(Value::Null),
                        }),
                    };
                    obj.insert("container".into(), container);
                }
                if let Some(actions) = obj.get_mut("actions").and_then(Value::as_array_mut) {
                    actions.iter_mut().for_each(|a| complete_element(a, "button"));
                }
            }
        }
        "event_callback" => {
            obj.entry("api_app_id").or_insert(json!(APP_ID));
            obj.entry("team_id").or_insert(json!(team));
            obj.entry("event_id").or_insert(json!("Ev0TEST"));
            obj.entry("event_time").or_insert(json!(1_700_000_000));
            if let Some(event) = obj.get_mut("event").and_then(Value::as_object_mut)
                && event.get("type").and_then(Value::as_str) == Some("app_home_opened")
            {
                let user = event.get("user").and_then(Value::as_str).unwrap_or("U").to_string();
                event.entry("channel").or_insert(json!(format!("D{user}")));
            }
        }
        _ => {}
    }
    payload
}

fn complete_view(view: &mut Value, team: &str) {
    let Some(obj) = view.as_object_mut() else { return };
    obj.entry("id").or_insert(json!("V0TEST"));
    let home = obj.get("id").and_then(Value::as_str) == Some("VHOME");
    obj.entry("type").or_insert(json!(if home { "home" } else { "modal" }));
    if obj.get("type").and_then(Value::as_str) == Some("modal") {
        obj.entry("title").or_insert(json!({"type": "plain_text", "text": "Peer support"}));
    }
    obj.entry("blocks").or_insert(json!([]));
    obj.entry("team_id").or_insert(json!(team));
    obj.entry("hash").or_insert(json!("1700000000.hash"));
    let state = obj.entry("state").or_insert(json!({"values": {}}));
    if let Some(blocks) = state.get_mut("values").and_then(Value::as_object_mut) {
        for actions in blocks.values_mut().filter_map(Value::as_object_mut) {
            actions.values_mut().for_each(|e| complete_element(e, "plain_text_input"));
        }
    }
}

/// An element's type, and the text of its chosen options, when a test gave only values.
fn complete_element(element: &mut Value, plain: &str) {
    let Some(obj) = element.as_object_mut() else { return };
    if !obj.contains_key("type") {
        let kind = if obj.contains_key("selected_user") {
            "users_select"
        } else if obj.contains_key("selected_users") {
            "multi_users_select"
        } else if obj.contains_key("selected_date") {
            "datepicker"
        } else if obj.contains_key("selected_options") {
            "checkboxes"
        } else if obj.contains_key("selected_option") {
            "static_select"
        } else {
            plain
        };
        obj.insert("type".into(), json!(kind));
    }
    let with_text = |option: &mut Value| {
        if let Some(o) = option.as_object_mut()
            && !o.contains_key("text")
        {
            let value = o.get("value").and_then(Value::as_str).unwrap_or_default().to_string();
            o.insert("text".into(), json!({"type": "plain_text", "text": value}));
        }
    };
    if let Some(option) = obj.get_mut("selected_option") {
        with_text(option);
    }
    if let Some(options) = obj.get_mut("selected_options").and_then(Value::as_array_mut) {
        options.iter_mut().for_each(with_text);
    }
}
