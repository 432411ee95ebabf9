//! Slack's limits on what it will show, checked on the JSON a message or view becomes.
//! Slack refuses a whole message or view over any of them (`invalid_blocks`), so the
//! tests render every view the bot can produce and check each against these.

use serde_json::Value;

/// Where blocks are shown: the limits on their number differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    Message,
    Modal,
    Home,
}

/// Everything in `blocks` (a message's blocks, or a whole view) that Slack would refuse,
/// in words. Empty when Slack takes it.
pub fn problems(surface: Surface, shown: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let blocks = match surface {
        Surface::Message => shown,
        Surface::Modal | Surface::Home => &shown["blocks"],
    };
    let count = blocks.as_array().map_or(0, Vec::len);
    let most = if surface == Surface::Message { 50 } else { 100 };
    if count > most {
        found.push(format!("{count} blocks (at most {most})"));
    }
    if surface == Surface::Modal {
        for key in ["title", "submit", "close"] {
            too_long(&mut found, &format!("modal {key}"), &shown[key]["text"], 24);
        }
        too_long(&mut found, "private_metadata", &shown["private_metadata"], 3000);
    }
    walk(&mut found, blocks);
    found
}

fn text_len(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

fn too_long(found: &mut Vec<String>, what: &str, v: &Value, most: usize) {
    let n = text_len(v);
    if n > most {
        found.push(format!("{what} of {n} characters (at most {most})"));
    }
}

fn too_many(found: &mut Vec<String>, what: &str, v: &Value, most: usize) {
    let n = v.as_array().map_or(0, Vec::len);
    if n > most {
        found.push(format!("{n} {what} (at most {most})"));
    }
}

fn walk(found: &mut Vec<String>, v: &Value) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| walk(found, i)),
        Value::Object(o) => {
            check(found, v, o.get("type").and_then(Value::as_str).unwrap_or_default());
            o.values().for_each(|i| walk(found, i));
        }
        _ => {}
    }
}

/// One block, element or composition object.
fn check(found: &mut Vec<String>, v: &Value, kind: &str) {
    too_long(found, "block_id", &v["block_id"], 255);
    too_long(found, "action_id", &v["action_id"], 255);
    too_long(found, "placeholder", &v["placeholder"]["text"], 150);
    match kind {
        "section" => too_long(found, "section text", &v["text"]["text"], 3000),
        "header" => too_long(found, "header", &v["text"]["text"], 150),
        "context" => too_many(found, "context elements", &v["elements"], 10),
        "actions" => too_many(found, "elements in an actions block", &v["elements"], 25),
        "input" => {
            too_long(found, "input label", &v["label"]["text"], 2000);
            too_long(found, "input hint", &v["hint"]["text"], 2000);
        }
        "button" => {
            too_long(found, "button text", &v["text"]["text"], 75);
            too_long(found, "button value", &v["value"], 2000);
        }
        "plain_text_input" if v["max_length"].as_u64().is_some_and(|n| n > 3000) => {
            found.push("a text box longer than 3000".into());
        }
        "checkboxes" | "radio_buttons" => too_many(found, &format!("{kind} options"), &v["options"], 10),
        "overflow" => too_many(found, "overflow options", &v["options"], 5),
        "static_select" | "multi_static_select" => {
            too_many(found, "options", &v["options"], 100);
            too_many(found, "option groups", &v["option_groups"], 100);
        }
        _ => {}
    }
    // An option or an option group.
    if v.get("value").is_some() && v["text"].is_object() && kind.is_empty() {
        too_long(found, "option text", &v["text"]["text"], 75);
        too_long(found, "option value", &v["value"], 150);
    }
    if v.get("options").is_some() && v["label"].is_object() && kind.is_empty() {
        too_long(found, "option group label", &v["label"]["text"], 75);
        too_many(found, "options in a group", &v["options"], 100);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_limit_is_noticed() {
        let long = "x".repeat(76);
        let button = json!([{"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": long}}]}]);
        assert_eq!(problems(Surface::Message, &button), ["button text of 76 characters (at most 75)"]);
        let options: Vec<Value> =
            (0..11).map(|i| json!({"text": {"type": "plain_text", "text": "o"}, "value": i.to_string()})).collect();
        let checks = json!([{"type": "input", "label": {"type": "plain_text", "text": "L"}, "element": {"type": "checkboxes", "options": options}}]);
        assert_eq!(problems(Surface::Message, &checks), ["11 checkboxes options (at most 10)"]);
        let many: Vec<Value> = (0..51).map(|_| json!({"type": "divider"})).collect();
        assert_eq!(problems(Surface::Message, &json!(many)), ["51 blocks (at most 50)"]);
        assert!(problems(Surface::Home, &json!({"type": "home", "blocks": many})).is_empty());
        let modal = json!({"type": "modal", "title": {"type": "plain_text", "text": "a title far too long for slack"}, "blocks": []});
        assert_eq!(problems(Surface::Modal, &modal), ["modal title of 30 characters (at most 24)"]);
        let section = json!([{"type": "section", "text": {"type": "mrkdwn", "text": "y".repeat(3001)}}]);
        assert_eq!(problems(Surface::Message, &section).len(), 1);
    }
}
