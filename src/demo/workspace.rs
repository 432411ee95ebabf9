//! The fake Slack: one simulated workspace that answers the Web API calls the bot makes
//! as Slack does (the same fields, the same errors) and keeps what Slack would show each
//! person: DMs and their edits, private replies, modals, Home tabs. The demo's page shows
//! it; the integration tests drive it, record every call, and script failures (429s,
//! 500s, a slow Slack, a deactivated account). Nothing here reaches the internet.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Serialize;
use serde_json::{Value, json};

mod answer;

/// The bot's own ids in the workspace.
pub const BOT_USER: &str = "UBOT";
pub const BOT_ID: &str = "B0PEER";

/// One call the bot made to Slack, as sent. Tests read it; markers the fake adds start
/// with `_` (`_ok`: Slack accepted it, `_ts`: where a post landed, `_at_ms`: when).
#[derive(Clone, Debug)]
pub struct Call {
    pub method: String,
    pub args: Value,
}

impl Call {
    /// Every string in the call, joined: what a person could possibly see.
    pub fn text(&self) -> String {
        self.args.to_string()
    }

    /// Who sees it: the channel or user it went to (a DM to U is channel U or DU).
    pub fn to(&self) -> String {
        let ch = self.args["channel"].as_str().or(self.args["user_id"].as_str()).unwrap_or_default();
        ch.strip_prefix('D').unwrap_or(ch).to_string()
    }

    pub fn blocks(&self) -> Vec<Value> {
        let b = if self.args.get("view").is_some() { &self.args["view"]["blocks"] } else { &self.args["blocks"] };
        b.as_array().cloned().unwrap_or_default()
    }

    /// The visible texts of its buttons.
    pub fn buttons(&self) -> Vec<String> {
        self.blocks()
            .iter()
            .filter(|b| b["type"] == "actions")
            .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
            .filter(|e| e["type"] == "button")
            .map(|e| e["text"]["text"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// The (action_id, value, block_id) of the button whose text is `text`.
    pub fn button(&self, text: &str) -> Option<(String, String, String)> {
        self.blocks().iter().filter(|b| b["type"] == "actions").find_map(|b| {
            b["elements"].as_array()?.iter().find(|e| e["text"]["text"] == text).map(|e| {
                (
                    e["action_id"].as_str().unwrap_or_default().to_string(),
                    e["value"].as_str().unwrap_or_default().to_string(),
                    b["block_id"].as_str().unwrap_or_default().to_string(),
                )
            })
        })
    }
}

/// How the fake answers the next call of a method.
#[derive(Clone, Debug)]
pub enum Scripted {
    Status(u16),
    RateLimited { retry_after_secs: u64 },
}

/// A message in a conversation, as the workspace keeps it.
#[derive(Clone, Debug, Serialize)]
pub struct Message {
    pub user: String,
    pub ts: String,
    pub thread_ts: Option<String>,
    pub text: String,
    pub blocks: Value,
    /// A coordinator's alert keeps its state line here; Slack keeps what an edit leaves out.
    pub attachments: Value,
}

/// An open modal.
#[derive(Clone, Debug, Serialize)]
pub struct Modal {
    pub id: String,
    pub view: Value,
    pub errors: Value,
}

/// What Slack would show each person.
#[derive(Default)]
struct Shown {
    messages: Vec<Message>,
    modals: HashMap<String, Vec<Modal>>,
    homes: HashMap<String, Value>,
    /// Private replies (ephemeral), newest last, per person.
    ephemerals: HashMap<String, Vec<Message>>,
    /// Triggers handed out with a delivery: whose, and whether one was used already.
    triggers: HashMap<String, (String, bool)>,
    /// response_url id → (person, message ts it belongs to, if any).
    response_urls: HashMap<String, (String, Option<String>)>,
}

#[derive(Default)]
struct FakeState {
    team: String,
    calls: Mutex<Vec<Call>>,
    shown: Mutex<Shown>,
    scripts: Mutex<HashMap<String, VecDeque<Scripted>>>,
    seq: AtomicU64,
    /// Milliseconds every Web API answer waits (like real Slack's round trip).
    latency_ms: AtomicU64,
    /// Every Nth chat.postMessage is answered 429 with Retry-After (0 = never).
    rate_limit_every: AtomicU64,
    post_count: AtomicU64,
    /// People whose Slack accounts are deactivated.
    deactivated: Mutex<Vec<String>>,
    /// People whose Slack language is set (else none is given, as for many accounts).
    locales: Mutex<HashMap<String, String>>,
    /// Display names (else "<id> Person").
    names: Mutex<HashMap<String, String>>,
    /// What apps.connections.open hands out (Socket Mode).
    socket_url: Mutex<Option<String>>,
}

/// The fake Slack. Cheap to clone; every clone is the same workspace.
#[derive(Clone)]
pub struct FakeSlack {
    /// Where it answers: `{base}/api/{method}` and `{base}/response/{id}`.
    pub base: String,
    state: Arc<FakeState>,
}

impl FakeSlack {
    /// A workspace answering at `base` once [`FakeSlack::routes`] is served there.
    pub fn new(base: &str, team: &str) -> Self {
        let state = FakeState { team: team.to_string(), ..FakeState::default() };
        Self { base: base.to_string(), state: Arc::new(state) }
    }

    /// A workspace on its own port on this machine.
    pub async fn start(team: &str) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let fake = Self::new(&format!("http://{}", listener.local_addr()?), team);
        let routes = fake.routes();
        tokio::spawn(async move {
            let _ = axum::serve(listener, routes).await;
        });
        Ok(fake)
    }

    /// The Web API and the response URLs.
    pub fn routes(&self) -> Router {
        Router::new()
            .route("/api/{method}", post(web_api))
            .route("/response/{id}", post(response_url))
            .with_state(self.clone())
    }

    pub fn team(&self) -> &str {
        &self.state.team
    }

    pub fn api_url(&self) -> String {
        format!("{}/api/", self.base)
    }

    /// A response URL for `id`: a person's id, or one handed out by [`FakeSlack::new_response_url`].
    pub fn response_url(&self, id: &str) -> String {
        format!("{}/response/{id}", self.base)
    }

    /// A response URL for a delivery from `user` (about the message `ts`, for a click).
    pub fn new_response_url(&self, user: &str, ts: Option<String>) -> String {
        let id = format!("r{}", self.next());
        self.shown().response_urls.insert(id.clone(), (user.to_string(), ts));
        self.response_url(&id)
    }

    /// A trigger for a delivery from `user`: good for one modal.
    pub fn issue_trigger(&self, user: &str) -> String {
        let trigger = format!("trigger-{user}-{}", self.next());
        self.shown().triggers.insert(trigger.clone(), (user.to_string(), false));
        trigger
    }

    pub fn set_name(&self, user: &str, name: &str) {
        self.state.names.lock().expect("names lock").insert(user.to_string(), name.to_string());
    }

    /// The next calls of `method` get these answers, in order, before normal service resumes.
    pub fn script(&self, method: &str, answers: Vec<Scripted>) {
        self.state.scripts.lock().expect("scripts lock").entry(method.to_string()).or_default().extend(answers);
    }

    /// Like [`FakeSlack::script`], for calls of `method` to one person only.
    pub fn script_for(&self, method: &str, user: &str, answers: Vec<Scripted>) {
        let mut scripts = self.state.scripts.lock().expect("scripts lock");
        scripts.entry(format!("{method} {user}")).or_default().extend(answers);
    }

    /// Normal service from now on.
    pub fn clear_scripts(&self) {
        self.state.scripts.lock().expect("scripts lock").clear();
    }

    pub fn set_socket_url(&self, url: &str) {
        *self.state.socket_url.lock().expect("socket lock") = Some(url.to_string());
    }

    pub fn deactivate(&self, user: &str) {
        self.state.deactivated.lock().expect("people lock").push(user.to_string());
    }

    /// Sets a person's Slack language, as users.info (with include_locale) reports it.
    pub fn set_locale(&self, user: &str, locale: &str) {
        self.state.locales.lock().expect("people lock").insert(user.to_string(), locale.to_string());
    }

    pub fn set_latency(&self, ms: u64) {
        self.state.latency_ms.store(ms, Ordering::SeqCst);
    }

    /// Answers every `n`th chat.postMessage with 429 and Retry-After: 1.
    pub fn rate_limit_every(&self, n: u64) {
        self.state.rate_limit_every.store(n, Ordering::SeqCst);
    }

    // ----- what was called ------------------------------------------------------------

    pub fn calls(&self) -> Vec<Call> {
        self.state.calls.lock().expect("calls lock").clone()
    }

    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls().into_iter().filter(|c| c.method == method).collect()
    }

    /// DMs Slack accepted (answered ok) to `user`.
    pub fn delivered_to(&self, user: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method == "chat.postMessage" && c.to() == user && c.args["_ok"] == true)
            .collect()
    }

    pub fn mark(&self) -> usize {
        self.state.calls.lock().expect("calls lock").len()
    }

    pub fn since(&self, mark: usize) -> Vec<Call> {
        self.calls().into_iter().skip(mark).collect()
    }

    /// Waits (up to 5 s) until `count` calls after `mark` match `pred`; returns them.
    /// Panics with what was seen otherwise (it is for tests).
    pub async fn wait_for(&self, mark: usize, count: usize, pred: impl Fn(&Call) -> bool) -> Vec<Call> {
        for _ in 0..500 {
            let found: Vec<Call> = self.since(mark).into_iter().filter(|c| pred(c)).collect();
            if found.len() >= count {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let seen: Vec<String> = self.since(mark).iter().map(|c| format!("{} -> {}", c.method, c.to())).collect();
        panic!("expected {count} matching Slack call(s); saw {seen:?}");
    }

    /// The one message posted (or updated) to `user` that has a button `button`.
    pub async fn wait_message_with_button(&self, mark: usize, user: &str, button: &str) -> Call {
        self.wait_for(mark, 1, |c| {
            (c.method == "chat.postMessage" || c.method == "chat.update")
                && c.to() == user
                && c.buttons().iter().any(|b| b == button)
        })
        .await
        .remove(0)
    }

    /// The next Home tab published for `user` after `mark`.
    pub async fn wait_home(&self, mark: usize, user: &str) -> Call {
        self.wait_for(mark, 1, |c| c.method == "views.publish" && c.to() == user).await.remove(0)
    }

    // ----- what a person sees -----------------------------------------------------------

    /// `user`'s DMs, oldest first.
    pub fn messages_for(&self, user: &str) -> Vec<Message> {
        self.shown().messages.iter().filter(|m| m.user == user).cloned().collect()
    }

    /// `user`'s newest private replies, newest first.
    pub fn ephemerals_for(&self, user: &str, newest: usize) -> Vec<Message> {
        self.shown().ephemerals.get(user).map(|e| e.iter().rev().take(newest).cloned().collect()).unwrap_or_default()
    }

    pub fn home_of(&self, user: &str) -> Option<Value> {
        self.shown().homes.get(user).cloned()
    }

    /// The modal on top of `user`'s screen.
    pub fn modal_of(&self, user: &str) -> Option<Modal> {
        self.shown().modals.get(user).and_then(|s| s.last()).cloned()
    }

    /// An open modal of `user`'s, by id.
    pub fn modal(&self, user: &str, view_id: &str) -> Option<Modal> {
        self.shown().modals.get(user).and_then(|s| s.iter().find(|m| m.id == view_id)).cloned()
    }

    /// After a submission: Slack shows the errors under the fields, or closes the modal.
    pub fn submitted(&self, user: &str, view_id: &str, answer: &Value) {
        let mut shown = self.shown();
        let stack = shown.modals.entry(user.to_string()).or_default();
        if answer["response_action"] == "errors" {
            if let Some(m) = stack.iter_mut().find(|m| m.id == view_id) {
                m.errors = answer["errors"].clone();
            }
        } else {
            stack.retain(|m| m.id != view_id);
        }
    }

    pub fn close_modal(&self, user: &str, view_id: &str) {
        self.shown().modals.entry(user.to_string()).or_default().retain(|m| m.id != view_id);
    }

    /// A private reply that came back in an HTTP answer (it shows only to `user`).
    pub fn keep_reply(&self, user: &str, reply: &Value) {
        if reply.get("text").is_some() || reply.get("blocks").is_some() {
            let ts = self.next().to_string();
            self.shown().ephemerals.entry(user.to_string()).or_default().push(Message {
                user: user.to_string(),
                ts,
                thread_ts: None,
                text: reply["text"].as_str().unwrap_or_default().to_string(),
                blocks: reply["blocks"].clone(),
                attachments: Value::Null,
            });
        }
    }

    fn shown(&self) -> std::sync::MutexGuard<'_, Shown> {
        self.state.shown.lock().expect("workspace lock")
    }

    fn next(&self) -> u64 {
        self.state.seq.fetch_add(1, Ordering::SeqCst) + 1
    }
}

fn user_of_channel(channel: &str) -> String {
    channel.strip_prefix('D').filter(|u| u.starts_with('U') || u.starts_with('W')).unwrap_or(channel).to_string()
}

fn rate_limited(retry_after_secs: u64) -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [("retry-after", retry_after_secs.to_string())],
        axum::Json(json!({"ok": false, "error": "ratelimited"})),
    )
        .into_response()
}

async fn web_api(
    State(fake): State<FakeSlack>,
    Path(method): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let state = &fake.state;
    let is_json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"));
    let args: Value = if is_json {
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    } else {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
        Value::Object(pairs.into_iter().map(|(k, v)| (k, Value::String(v))).collect())
    };
    let latency = state.latency_ms.load(Ordering::SeqCst);
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let record = |args: Value| state.calls.lock().expect("calls lock").push(Call { method: method.clone(), args });
    let every = state.rate_limit_every.load(Ordering::SeqCst);
    if method == "chat.postMessage"
        && every > 0
        && (state.post_count.fetch_add(1, Ordering::SeqCst) + 1).is_multiple_of(every)
    {
        record(args);
        return rate_limited(1);
    }
    let to = args["channel"].as_str().or(args["user"].as_str()).unwrap_or_default();
    let to = to.strip_prefix('D').unwrap_or(to);
    let scripted = {
        let mut scripts = state.scripts.lock().expect("scripts lock");
        let personal = scripts.get_mut(&format!("{method} {to}")).and_then(|q| q.pop_front());
        personal.or_else(|| scripts.get_mut(&method).and_then(|q| q.pop_front()))
    };
    let ts = format!("1700000000.{:06}", fake.next());
    let mut recorded = args.clone();
    recorded["_at_ms"] = json!(chrono::Utc::now().timestamp_millis());
    match scripted {
        Some(Scripted::Status(code)) => {
            record(recorded);
            return (StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), "scripted failure")
                .into_response();
        }
        Some(Scripted::RateLimited { retry_after_secs }) => {
            record(recorded);
            return rate_limited(retry_after_secs);
        }
        None => {}
    }
    let answer = fake.answer(&method, &args, &ts);
    if answer["ok"] == true && method.starts_with("chat.") {
        recorded["_ok"] = json!(true);
        if method == "chat.postMessage" {
            recorded["_ts"] = json!(ts);
        }
    }
    record(recorded);
    axum::Json(answer).into_response()
}

async fn response_url(State(fake): State<FakeSlack>, Path(id): Path<String>, body: Bytes) -> Response {
    let mut args: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let (user, ts) = fake.shown().response_urls.get(&id).cloned().unwrap_or((id, None));
    args["channel"] = json!(user);
    fake.state.calls.lock().expect("calls lock").push(Call { method: "response_url".into(), args: args.clone() });
    let text = args["text"].as_str().unwrap_or_default().to_string();
    let mut shown = fake.shown();
    if args["replace_original"] == true
        && let Some(ts) = ts
        && let Some(m) = shown.messages.iter_mut().find(|m| m.user == user && m.ts == ts)
    {
        m.text = text;
        m.blocks = args["blocks"].clone();
        m.attachments = Value::Null;
        return axum::Json(json!({"ok": true})).into_response();
    }
    drop(shown);
    fake.keep_reply(&user, &args);
    axum::Json(json!({"ok": true})).into_response()
}
