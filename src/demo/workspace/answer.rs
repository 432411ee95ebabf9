//! Slack's answer to each Web API call the bot makes, with what the call changes on
//! people's screens: the same fields Slack sends, and its refusals.

use serde_json::{Value, json};

use super::{BOT_ID, BOT_USER, FakeSlack, Message, Modal, user_of_channel};
use crate::slack::limits::{self, Surface};

impl FakeSlack {
    /// Slack's answer to one call, with what it changes on people's screens.
    pub(super) fn answer(&self, method: &str, args: &Value, ts: &str) -> Value {
        let text = |k: &str| args[k].as_str().unwrap_or_default().to_string();
        let team = &self.state.team;
        // Like Slack, blocks over its limits are refused whole.
        let refused = match method {
            "chat.postMessage" | "chat.update" | "chat.postEphemeral" => {
                let mut found = limits::problems(Surface::Message, &args["blocks"]);
                for attachment in args["attachments"].as_array().into_iter().flatten() {
                    found.extend(limits::problems(Surface::Message, &attachment["blocks"]));
                }
                found
            }
            "views.open" | "views.update" => limits::problems(Surface::Modal, &args["view"]),
            "views.publish" => limits::problems(Surface::Home, &args["view"]),
            _ => vec![],
        };
        if !refused.is_empty() {
            return json!({"ok": false, "error": "invalid_blocks", "errors": refused});
        }
        match method {
            "auth.test" => json!({
                "ok": true, "url": format!("https://{}.slack.com/", team.to_lowercase()), "team": "Peer Support",
                "user": "peer-support", "team_id": team, "user_id": BOT_USER, "bot_id": BOT_ID,
            }),
            "apps.connections.open" => match self.state.socket_url.lock().expect("socket lock").clone() {
                Some(url) => json!({"ok": true, "url": url}),
                None => json!({"ok": false, "error": "not_allowed_token_type"}),
            },
            "chat.postMessage" => {
                let channel = text("channel");
                if channel.is_empty() {
                    return json!({"ok": false, "error": "channel_not_found"});
                }
                let user = user_of_channel(&channel);
                let message = Message {
                    user: user.clone(),
                    ts: ts.to_string(),
                    thread_ts: args["thread_ts"].as_str().map(str::to_string),
                    text: text("text"),
                    blocks: args["blocks"].clone(),
                    attachments: args["attachments"].clone(),
                };
                self.shown().messages.push(message);
                let dm =
                    if channel.starts_with('U') || channel.starts_with('W') { format!("D{user}") } else { channel };
                json!({"ok": true, "channel": dm, "ts": ts, "message": {
                    "type": "message", "ts": ts, "user": BOT_USER, "bot_id": BOT_ID,
                    "text": args["text"], "blocks": args["blocks"],
                }})
            }
            "chat.update" => {
                let (user, at) = (user_of_channel(&text("channel")), text("ts"));
                let mut shown = self.shown();
                // Like Slack: what the edit leaves out stays as it was. A message this
                // workspace never saw (a test's made-up one) is edited into nothing.
                if let Some(m) = shown.messages.iter_mut().find(|m| m.user == user && m.ts == at) {
                    if args.get("text").is_some() {
                        m.text = text("text");
                    }
                    if args.get("blocks").is_some() {
                        m.blocks = args["blocks"].clone();
                    }
                    if args.get("attachments").is_some() {
                        m.attachments = args["attachments"].clone();
                    }
                }
                json!({"ok": true, "channel": args["channel"], "ts": args["ts"], "text": args["text"]})
            }
            "chat.postEphemeral" => {
                let user = text("user");
                let message_ts = ts.to_string();
                self.shown().ephemerals.entry(user.clone()).or_default().push(Message {
                    user,
                    ts: message_ts.clone(),
                    thread_ts: None,
                    text: text("text"),
                    blocks: args["blocks"].clone(),
                    attachments: Value::Null,
                });
                json!({"ok": true, "message_ts": message_ts})
            }
            "views.open" => {
                let trigger = text("trigger_id");
                let mut shown = self.shown();
                let owner = match shown.triggers.get_mut(&trigger) {
                    Some((_, true)) => return json!({"ok": false, "error": "expired_trigger_id"}),
                    Some((user, used)) => {
                        *used = true;
                        Some(user.clone())
                    }
                    // A trigger this workspace did not hand out (a test's): the modal opens for no one.
                    None => None,
                };
                let id = format!("V{}", self.next());
                let view = stateful(&args["view"], &id, team);
                if let Some(user) = owner {
                    shown.modals.entry(user).or_default().push(Modal {
                        id: id.clone(),
                        view: view.clone(),
                        errors: json!({}),
                    });
                }
                json!({"ok": true, "view": view})
            }
            "views.update" => {
                let id = text("view_id");
                let view = stateful(&args["view"], &id, team);
                let mut shown = self.shown();
                if let Some(m) = shown.modals.values_mut().flat_map(|stack| stack.iter_mut()).find(|m| m.id == id) {
                    m.view = view.clone();
                }
                json!({"ok": true, "view": view})
            }
            "views.publish" => {
                let view = stateful(&args["view"], "VHOME", team);
                self.shown().homes.insert(text("user_id"), view.clone());
                json!({"ok": true, "view": view})
            }
            "users.info" => {
                let user = text("user");
                let deleted = self.state.deactivated.lock().expect("people lock").contains(&user);
                let locale = self.state.locales.lock().expect("people lock").get(&user).cloned();
                let name = self.state.names.lock().expect("names lock").get(&user).cloned();
                let name = name.unwrap_or_else(|| format!("{user} Person"));
                json!({"ok": true, "user": {
                    "id": user, "team_id": team, "name": user.to_lowercase(), "real_name": name,
                    "profile": {"real_name": name}, "tz": "America/New_York", "deleted": deleted, "locale": locale,
                }})
            }
            _ => json!({"ok": true}),
        }
    }
}

/// A view as Slack answers with it: the one sent, with its id, team, hash and empty state.
fn stateful(view: &Value, id: &str, team: &str) -> Value {
    let mut view = view.clone();
    if let Some(v) = view.as_object_mut() {
        v.insert("id".into(), json!(id));
        v.insert("team_id".into(), json!(team));
        v.insert("hash".into(), json!(format!("{id}.hash")));
        v.entry("state").or_insert(json!({"values": {}}));
    }
    view
}
