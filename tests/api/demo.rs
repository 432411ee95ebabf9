//! `peer-support demo`: the real bot against the simulated workspace, driven through the
//! page's own endpoints; and, with Chromium, through the page itself.

use std::time::Duration;

use serde_json::{Value, json};

struct Page {
    base: String,
    client: reqwest::Client,
}

impl Page {
    async fn start() -> (Page, peer_support::demo::Running) {
        let running = peer_support::demo::start("127.0.0.1:0".parse().unwrap()).await.unwrap();
        (Page { base: format!("http://{}", running.addr), client: reqwest::Client::new() }, running)
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        let r = self.client.post(format!("{}{path}", self.base)).json(&body).send().await.unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap_or(Value::Null)
    }

    async fn state(&self, user: &str) -> Value {
        self.client.get(format!("{}/ui/state?user={user}", self.base)).send().await.unwrap().json().await.unwrap()
    }

    /// Waits until `user`'s view holds `text`; returns the state.
    async fn wait_for(&self, user: &str, text: &str) -> Value {
        for _ in 0..200 {
            let state = self.state(user).await;
            if state.to_string().contains(text) {
                return state;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("{user} never saw {text:?}: {}", self.state(user).await);
    }
}

/// The (message ts, action) of the button `text` in `user`'s messages.
fn button(state: &Value, text: &str) -> (String, Value) {
    for m in state["messages"].as_array().unwrap() {
        for b in m["blocks"].as_array().cloned().unwrap_or_default() {
            for e in b["elements"].as_array().cloned().unwrap_or_default() {
                if e["type"] == "button" && e["text"]["text"] == text {
                    let action = json!({"action_id": e["action_id"], "block_id": b["block_id"], "value": e["value"], "type": "button"});
                    return (m["ts"].as_str().unwrap().to_string(), action);
                }
            }
        }
    }
    panic!("no button {text:?}");
}

#[tokio::test]
async fn the_demo_runs_the_whole_lifecycle_without_slack() {
    let (page, running) = Page::start().await;
    let html = page.client.get(&page.base).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("peer-support demo"));
    // Riley asks for support through the form.
    page.post("/ui/command", json!({"user": "UREQ1", "text": "/peer-support"})).await;
    let state = page.wait_for("UREQ1", "Anything the coordinator should know").await;
    let view_id = state["modal"]["id"].as_str().unwrap().to_string();
    page.post(
        "/ui/submit",
        json!({"user": "UREQ1", "view_id": view_id, "values": {
            "role": {"role": {"type": "static_select", "selected_option": {"value": "nurse"}}},
            "contact": {"contact": {"type": "radio_buttons", "selected_option": {"value": "phone"}}},
            "note": {"note": {"type": "plain_text_input", "value": "a hard week"}}}}),
    )
    .await;
    assert!(page.state("UREQ1").await["modal"].is_null(), "the form closes");
    // The coordinators see it; a nurse supporter is offered it and accepts.
    page.wait_for("UCOORD1", "a hard week").await;
    let offer = page.wait_for("USUPN1", "Accept").await;
    let (ts, accept) = button(&offer, "Accept");
    page.post("/ui/action", json!({"user": "USUPN1", "surface": "message", "ts": ts, "action": accept})).await;
    page.wait_for("UREQ1", "will reach out").await;
    page.wait_for("USUPN1", "Contact made").await;
    // The alert now says so, and still holds what Riley wrote; times are in the program's zone.
    let alert = page.wait_for("UCOORD1", "*Now:* Matched:").await;
    assert!(alert.to_string().contains("a hard week"), "the state line changed, the note stayed");
    assert_eq!(alert["timezone"], "America/New_York");
    // Three days later, a gentle check-in.
    let ran = page.post("/ui/advance", json!({"seconds": 3 * 86_400})).await;
    assert!(ran["ran"].as_u64().unwrap() >= 1);
    page.wait_for("UREQ1", "I'm doing okay").await;
    // The Home tab, for a coordinator.
    page.post("/ui/home", json!({"user": "UCOORD1"})).await;
    page.wait_for("UCOORD1", "Queue").await;
    running.stop().await;
}

#[tokio::test]
async fn the_demo_serves_this_machine_only() {
    let err = peer_support::demo::run("0.0.0.0:0".parse().unwrap()).await.unwrap_err();
    assert!(err.to_string().contains("this machine only"));
}

/// The fake Slack the demo shows and the tests drive answers as Slack does: blocks over
/// Slack's limits are refused whole (so every test checks every message against them),
/// a trigger opens one modal, and an edit keeps what it leaves out.
#[tokio::test]
async fn the_fake_slack_refuses_what_slack_would_refuse() {
    let fake = crate::helpers::fake_slack().await;
    let client = reqwest::Client::new();
    let call = |method: &str, body: Value| {
        let request = client.post(format!("{}{method}", fake.api_url())).json(&body);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let dividers: Vec<Value> = (0..51).map(|_| json!({"type": "divider"})).collect();
    let refused = call("chat.postMessage", json!({"channel": "U1", "text": "t", "blocks": dividers})).await;
    assert_eq!((refused["ok"].clone(), refused["error"].clone()), (json!(false), json!("invalid_blocks")));
    let long_button = json!([{"type": "actions", "elements": [{"type": "button", "action_id": "a",
        "text": {"type": "plain_text", "text": "b".repeat(76)}}]}]);
    let refused = call("chat.postMessage", json!({"channel": "U1", "text": "t", "blocks": long_button})).await;
    assert_eq!(refused["error"], "invalid_blocks");
    assert!(fake.messages_for("U1").is_empty(), "nothing refused is shown");

    let posted = call("chat.postMessage", json!({"channel": "U1", "text": "first", "blocks": []})).await;
    assert_eq!(posted["channel"], "DU1");
    assert_eq!(posted["message"]["text"], "first");
    let edited = call("chat.update", json!({"channel": "DU1", "ts": posted["ts"], "text": "second"})).await;
    assert_eq!(edited["ok"], true);
    assert_eq!(fake.messages_for("U1")[0].text, "second");

    let trigger = fake.issue_trigger("U1");
    let modal = json!({"type": "modal", "title": {"type": "plain_text", "text": "T"}, "blocks": []});
    let opened = call("views.open", json!({"trigger_id": trigger, "view": modal})).await;
    assert!(opened["view"]["id"].is_string() && opened["view"]["hash"].is_string());
    assert_eq!(fake.modal_of("U1").unwrap().id, opened["view"]["id"].as_str().unwrap());
    let again = call("views.open", json!({"trigger_id": trigger, "view": modal})).await;
    assert_eq!(again["error"], "expired_trigger_id");
}
