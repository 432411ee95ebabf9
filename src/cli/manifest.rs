//! The Slack app manifest: commands, interactivity, the Home tab, the one event, and
//! the three bot scopes the bot uses (no more).

use serde_json::{Value, json};

use crate::settings::{Settings, SlackMode};

/// Where the committed `manifest/manifest.json` points before `public_url` is set.
pub const PLACEHOLDER_URL: &str = "https://peer-support.example.org";

pub fn manifest(settings: &Settings) -> Value {
    let base = settings.server.public_url.trim_end_matches('/');
    let base = if base.is_empty() { PLACEHOLDER_URL } else { base };
    let socket = settings.slack.mode == SlackMode::Socket;
    let url = |path: &str| format!("{base}{path}");
    let command = |name: &str, description: &str, hint: &str| {
        let mut c = json!({ "command": name, "description": description, "usage_hint": hint, "should_escape": false });
        if !socket {
            c["url"] = json!(url("/slack/commands"));
        }
        c
    };
    let mut interactivity = json!({ "is_enabled": true });
    let mut events = json!({ "bot_events": ["app_home_opened"] });
    if !socket {
        interactivity["request_url"] = json!(url("/slack/interactions"));
        events["request_url"] = json!(url("/slack/events"));
    }
    json!({
        "display_information": {
            "name": settings.program.name,
            "description": "Confidential, one-on-one support from a trained colleague.",
            "background_color": "#2c5d63"
        },
        "features": {
            "app_home": { "home_tab_enabled": true, "messages_tab_enabled": true, "messages_tab_read_only_enabled": true },
            "bot_user": { "display_name": settings.program.name, "always_online": true },
            "slash_commands": [
                command("/peer-support", "Ask for a confidential conversation with a peer supporter", "[help | status | resources | team | nominate | pause | resume]"),
                command("/peer-outreach", "Offer support to the people involved in an event (leaders)", ""),
                command("/peer-admin", "Coordinator tools and program counts", "[stats YYYY-MM]"),
            ]
        },
        "oauth_config": { "scopes": { "bot": ["commands", "chat:write", "users:read"] } },
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": false,
            "socket_mode_enabled": socket,
            "token_rotation_enabled": false
        }
    })
}
