//! `peer-support demo`: the real bot against a simulated Slack workspace on this
//! machine, with a page where a person acts as each role. The workspace implements the
//! Web API calls the bot makes and keeps what Slack would show (DMs, modals, Home tabs,
//! private replies); the page's clicks become real signed requests to the bot. A clock
//! control moves the bot's clock forward and runs what is due.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, bail};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use crate::app::Application;
use crate::clock::Clock;
use crate::scheduler::Scheduler;
use crate::settings::{Resource, Secret, Settings};
use crate::slack::verify::sign;

const PAGE: &str = include_str!("page.html");
const TEAM: &str = "TDEMO";

/// Someone in the demo workspace.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Persona {
    pub id: &'static str,
    pub name: &'static str,
    pub about: &'static str,
}

pub const PERSONAS: &[Persona] = &[
    Persona { id: "UREQ1", name: "Riley Chen", about: "ICU nurse, asking for support" },
    Persona { id: "UCOORD1", name: "Casey Morgan", about: "Coordinator" },
    Persona { id: "UCOORD2", name: "Drew Patel", about: "Coordinator" },
    Persona { id: "ULEAD1", name: "Jordan Ellis", about: "Nurse manager, leader" },
    Persona { id: "USUPN1", name: "Alex Rivera", about: "Supporter, nurse, Surgery" },
    Persona { id: "USUPN2", name: "Sam Okafor", about: "Supporter, nurse, Emergency" },
    Persona { id: "USUPD1", name: "Dr. Lee Park", about: "Supporter, physician" },
    Persona { id: "USUPR1", name: "Kim Novak", about: "Supporter, resident" },
    Persona { id: "USUPP1", name: "Pat Quinn", about: "Supporter, pharmacist" },
    Persona { id: "UCOL1", name: "Taylor Brooks", about: "Colleague (for referrals and outreach)" },
];

const ROSTER: &str = "slack_user_id,role,department,specialty,site,gender,seniority,max_active
USUPN1,nurse,Surgery,,Main,woman,senior,2
USUPN2,nurse,Emergency,,North,man,mid,2
USUPD1,physician,Medicine,,Main,woman,senior,2
USUPR1,resident,Medicine,,Main,nonbinary,early,1
USUPP1,pharmacist,Pharmacy,,North,man,mid,2
";

/// A message in a DM, as the workspace keeps it.
#[derive(Clone, Debug, serde::Serialize)]
struct Message {
    user: String,
    ts: String,
    thread_ts: Option<String>,
    text: String,
    blocks: Value,
    /// A coordinator's alert keeps its state line here; Slack keeps what an edit leaves out.
    #[serde(default)]
    attachments: Value,
}

#[derive(Clone, Debug, serde::Serialize)]
struct Modal {
    id: String,
    view: Value,
    errors: Value,
}

/// What Slack would show each person.
#[derive(Default)]
struct Workspace {
    messages: Vec<Message>,
    modals: HashMap<String, Vec<Modal>>,
    homes: HashMap<String, Value>,
    /// Private replies (ephemeral), newest last, per person.
    ephemerals: HashMap<String, Vec<Message>>,
    triggers: HashMap<String, String>,
    /// response_url id → (person, message ts it belongs to, if any).
    response_urls: HashMap<String, (String, Option<String>)>,
    seq: u64,
}

impl Workspace {
    fn next(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }
}

struct Demo {
    workspace: Mutex<Workspace>,
    /// Where the bot listens, and where this workspace answers.
    bot_url: Mutex<String>,
    base_url: String,
    secret: Secret,
    http: reqwest::Client,
    clock: Clock,
    /// The program's time zone: the page shows every time in it, as the bot reckons.
    timezone: chrono_tz::Tz,
    scheduler: Mutex<Option<Scheduler>>,
}

type Shared = Arc<Demo>;

fn user_of_channel(channel: &str) -> String {
    channel.strip_prefix('D').filter(|u| u.starts_with('U') || u.starts_with('W')).unwrap_or(channel).to_string()
}

/// Runs the demo until Ctrl-C.
pub async fn run(listen: SocketAddr) -> anyhow::Result<()> {
    if !listen.ip().is_loopback() {
        bail!("the demo serves this machine only: use a 127.0.0.1 address (you gave {listen})");
    }
    let running = start(listen).await?;
    println!("peer-support demo is running: open http://{}/", running.addr);
    println!("Everything stays on this machine, in a temporary database. Ctrl-C to stop.");
    crate::app::shutdown_signal().await;
    running.stop().await;
    Ok(())
}

/// A running demo: the page's address, and how to stop it.
pub struct Running {
    pub addr: SocketAddr,
    stop: crate::app::StopHandle,
    done: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops the bot and removes the temporary database.
    pub async fn stop(self) {
        self.stop.stop();
        let _ = self.done.await;
    }
}

/// Starts the workspace and the bot.
pub async fn start(listen: SocketAddr) -> anyhow::Result<Running> {
    crate::app::install_crypto_provider();
    let listener = TcpListener::bind(listen).await.with_context(|| format!("binding {listen}"))?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://{addr}");
    let secret = Secret::new(format!("demo-{}", std::process::id()));
    // The bot, with a temporary database that goes when the demo does.
    let dir = tempfile_dir()?;
    let mut settings = Settings::load_with_env(None, Some(HashMap::new())).map_err(anyhow::Error::msg)?;
    settings.server.listen = "127.0.0.1:0".into();
    settings.slack.bot_token = Secret::new("xoxb-demo");
    settings.slack.signing_secret = secret.clone();
    settings.slack.api_url = format!("{base_url}/api/");
    settings.database.url = format!("sqlite://{}", dir.join("demo.db").display());
    settings.program.name = "Demo Hospital Peer Support".into();
    settings.program.coordinators = vec!["UCOORD1".into(), "UCOORD2".into()];
    settings.program.leaders = vec!["ULEAD1".into()];
    settings.program.resources = vec![
        Resource { name: "Employee Assistance Program".into(), contact: "555-0100, any time".into() },
        Resource { name: "Chaplaincy".into(), contact: "page 4321".into() },
    ];
    settings.sla.business_hours_only = false;
    settings.scheduler.tick = Duration::from_secs(1);
    let clock = Clock::system();
    let timezone: chrono_tz::Tz = settings.program.timezone.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let demo = Arc::new(Demo {
        timezone,
        workspace: Mutex::default(),
        bot_url: Mutex::default(),
        base_url: base_url.clone(),
        secret: secret.clone(),
        http: reqwest::Client::new(),
        clock: clock.clone(),
        scheduler: Mutex::new(None),
    });
    let router = Router::new()
        .route("/", get(|| async { Html(PAGE) }))
        .route("/api/{method}", post(web_api))
        .route("/response/{id}", post(response_url))
        .route("/ui/state", get(ui_state))
        .route("/ui/command", post(ui_command))
        .route("/ui/action", post(ui_action))
        .route("/ui/submit", post(ui_submit))
        .route("/ui/close", post(ui_close))
        .route("/ui/home", post(ui_home))
        .route("/ui/advance", post(ui_advance))
        .with_state(demo.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });

    let app = Application::build(settings, clock).await?;
    let entries = crate::cli::roster::parse_roster(ROSTER).map_err(|e| anyhow::anyhow!("{e}"))?;
    app.bot().program().add_supporters(&entries).await?;
    *demo.bot_url.lock().expect("lock") = format!("http://127.0.0.1:{}", app.port());
    *demo.scheduler.lock().expect("lock") = Some(app.scheduler());
    let stop = app.stop_handle();
    let done = tokio::spawn(async move {
        let _ = app.run_until_stopped().await;
        let _ = std::fs::remove_dir_all(&dir);
    });
    Ok(Running { addr, stop, done })
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    static STARTED: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("peer-support-demo-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

// ----- the simulated Web API -----------------------------------------------------------------

async fn web_api(State(demo): State<Shared>, Path(method): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let is_json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"));
    let args: Value = if is_json {
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    } else {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
        Value::Object(pairs.into_iter().map(|(k, v)| (k, Value::String(v))).collect())
    };
    let text = |k: &str| args[k].as_str().unwrap_or_default().to_string();
    let mut ws = demo.workspace.lock().expect("workspace lock");
    let answer = match method.as_str() {
        "auth.test" => {
            json!({"ok": true, "url": "https://test.slack.com/", "team": "Test", "user": "peer-support", "team_id": TEAM, "user_id": "UBOT"})
        }
        "chat.postMessage" => {
            let user = user_of_channel(&text("channel"));
            let ts = format!("{}.{:06}", demo.clock.now().timestamp(), ws.next());
            let thread_ts = args["thread_ts"].as_str().map(str::to_string);
            ws.messages.push(Message {
                user: user.clone(),
                ts: ts.clone(),
                thread_ts,
                text: text("text"),
                blocks: args["blocks"].clone(),
                attachments: args["attachments"].clone(),
            });
            json!({"ok": true, "channel": format!("D{user}"), "ts": ts})
        }
        "chat.update" => {
            let (user, ts) = (user_of_channel(&text("channel")), text("ts"));
            match ws.messages.iter_mut().find(|m| m.user == user && m.ts == ts) {
                Some(m) => {
                    // Like Slack: what the edit leaves out stays as it was.
                    if args.get("text").is_some() {
                        m.text = text("text");
                    }
                    if args.get("blocks").is_some() {
                        m.blocks = args["blocks"].clone();
                    }
                    if args.get("attachments").is_some() {
                        m.attachments = args["attachments"].clone();
                    }
                    json!({"ok": true, "channel": format!("D{user}"), "ts": ts})
                }
                None => json!({"ok": false, "error": "message_not_found"}),
            }
        }
        "chat.postEphemeral" => {
            let user = text("user");
            let n = ws.next();
            ws.ephemerals.entry(user.clone()).or_default().push(Message {
                user,
                ts: n.to_string(),
                thread_ts: None,
                text: text("text"),
                blocks: args["blocks"].clone(),
                attachments: Value::Null,
            });
            json!({"ok": true})
        }
        "views.open" => match ws.triggers.remove(&text("trigger_id")) {
            Some(user) => {
                let id = format!("V{}", ws.next());
                ws.modals.entry(user).or_default().push(Modal {
                    id: id.clone(),
                    view: args["view"].clone(),
                    errors: json!({}),
                });
                json!({"ok": true, "view": {"id": id}})
            }
            None => json!({"ok": false, "error": "expired_trigger_id"}),
        },
        "views.update" => {
            let id = text("view_id");
            let found = ws.modals.values_mut().flat_map(|stack| stack.iter_mut()).find(|m| m.id == id);
            match found {
                Some(m) => {
                    m.view = args["view"].clone();
                    json!({"ok": true, "view": {"id": id}})
                }
                None => json!({"ok": false, "error": "not_found"}),
            }
        }
        "views.publish" => {
            ws.homes.insert(text("user_id"), args["view"].clone());
            json!({"ok": true, "view": {"id": "VHOME"}})
        }
        "users.info" => {
            let id = text("user");
            let name = PERSONAS.iter().find(|p| p.id == id).map(|p| p.name).unwrap_or("Someone");
            json!({"ok": true, "user": {"id": id, "real_name": name, "tz": "America/New_York", "deleted": false}})
        }
        _ => json!({"ok": true}),
    };
    axum::Json(answer).into_response()
}

async fn response_url(State(demo): State<Shared>, Path(id): Path<String>, body: Bytes) -> Response {
    let args: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut ws = demo.workspace.lock().expect("workspace lock");
    let Some((user, ts)) = ws.response_urls.get(&id).cloned() else {
        return (StatusCode::NOT_FOUND, "no such response_url").into_response();
    };
    let text = args["text"].as_str().unwrap_or_default().to_string();
    if args["replace_original"] == true
        && let Some(ts) = ts
        && let Some(m) = ws.messages.iter_mut().find(|m| m.user == user && m.ts == ts)
    {
        m.text = text;
        m.blocks = args["blocks"].clone();
        m.attachments = Value::Null;
        return axum::Json(json!({"ok": true})).into_response();
    }
    let n = ws.next();
    ws.ephemerals.entry(user.clone()).or_default().push(Message {
        user,
        ts: n.to_string(),
        thread_ts: None,
        text,
        blocks: args["blocks"].clone(),
        attachments: Value::Null,
    });
    axum::Json(json!({"ok": true})).into_response()
}

// ----- the page's side -----------------------------------------------------------------------

#[derive(Deserialize)]
struct Who {
    user: String,
}

async fn ui_state(State(demo): State<Shared>, Query(who): Query<Who>) -> Response {
    let ws = demo.workspace.lock().expect("workspace lock");
    let messages: Vec<&Message> = ws.messages.iter().filter(|m| m.user == who.user).collect();
    let ephemerals: Vec<&Message> =
        ws.ephemerals.get(&who.user).map(|e| e.iter().rev().take(3).collect()).unwrap_or_default();
    axum::Json(json!({
        "personas": PERSONAS,
        "messages": messages,
        "home": ws.homes.get(&who.user),
        "modal": ws.modals.get(&who.user).and_then(|s| s.last()),
        "ephemerals": ephemerals,
        "now": demo.clock.now().with_timezone(&demo.timezone).format("%a %b %-d, %H:%M").to_string(),
        "timezone": demo.timezone.name(),
    }))
    .into_response()
}

impl Demo {
    fn trigger(&self, user: &str) -> String {
        let mut ws = self.workspace.lock().expect("workspace lock");
        let trigger = format!("trigger-{}", ws.next());
        ws.triggers.insert(trigger.clone(), user.to_string());
        trigger
    }

    fn response_url(&self, user: &str, ts: Option<String>) -> String {
        let mut ws = self.workspace.lock().expect("workspace lock");
        let id = format!("r{}", ws.next());
        ws.response_urls.insert(id.clone(), (user.to_string(), ts));
        format!("{}/response/{id}", self.base_url)
    }

    /// Signs `body` as Slack would and posts it to the bot; returns the bot's answer.
    async fn to_bot(&self, path: &str, body: String, content_type: &str) -> anyhow::Result<Value> {
        let ts = chrono::Utc::now().timestamp().to_string();
        let signature = sign(&self.secret, &ts, body.as_bytes());
        let url = format!("{}{path}", self.bot_url.lock().expect("lock"));
        let reply = self
            .http
            .post(url)
            .header("content-type", content_type)
            .header("x-slack-request-timestamp", ts)
            .header("x-slack-signature", signature)
            .body(body)
            .send()
            .await?;
        let text = reply.text().await?;
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn interaction(&self, payload: Value) -> anyhow::Result<Value> {
        let body = serde_urlencoded::to_string([("payload", payload.to_string())])?;
        self.to_bot("/slack/interactions", body, "application/x-www-form-urlencoded").await
    }

    fn keep_ephemeral(&self, user: &str, reply: &Value) {
        if reply.get("text").is_some() || reply.get("blocks").is_some() {
            let mut ws = self.workspace.lock().expect("workspace lock");
            let n = ws.next();
            ws.ephemerals.entry(user.to_string()).or_default().push(Message {
                user: user.to_string(),
                ts: n.to_string(),
                thread_ts: None,
                text: reply["text"].as_str().unwrap_or_default().to_string(),
                blocks: reply["blocks"].clone(),
                attachments: Value::Null,
            });
        }
    }
}

fn done(result: anyhow::Result<()>) -> Response {
    match result {
        Ok(()) => axum::Json(json!({"ok": true})).into_response(),
        Err(e) => (StatusCode::BAD_GATEWAY, format!("{e:#}")).into_response(),
    }
}

#[derive(Deserialize)]
struct CommandForm {
    user: String,
    text: String,
}

async fn ui_command(State(demo): State<Shared>, axum::Json(form): axum::Json<CommandForm>) -> Response {
    let mut words = form.text.trim().splitn(2, ' ');
    let command = words.next().unwrap_or("/peer-support").to_string();
    let rest = words.next().unwrap_or("").to_string();
    let trigger = demo.trigger(&form.user);
    let response_url = demo.response_url(&form.user, None);
    let body = serde_urlencoded::to_string([
        ("team_id", TEAM),
        ("user_id", &form.user),
        ("channel_id", &format!("D{}", form.user)),
        ("command", &command),
        ("text", &rest),
        ("trigger_id", &trigger),
        ("response_url", &response_url),
    ])
    .unwrap_or_default();
    done(
        async {
            let reply = demo.to_bot("/slack/commands", body, "application/x-www-form-urlencoded").await?;
            demo.keep_ephemeral(&form.user, &reply);
            Ok(())
        }
        .await,
    )
}

#[derive(Deserialize)]
struct ActionForm {
    user: String,
    /// "message", "home", "view" or "ephemeral".
    surface: String,
    #[serde(default)]
    ts: Option<String>,
    #[serde(default)]
    view_id: Option<String>,
    action: Value,
    #[serde(default)]
    state: Option<Value>,
}

async fn ui_action(State(demo): State<Shared>, axum::Json(form): axum::Json<ActionForm>) -> Response {
    let mut payload = json!({
        "type": "block_actions",
        "user": {"id": form.user, "team_id": TEAM},
        "team": {"id": TEAM},
        "trigger_id": demo.trigger(&form.user),
        "actions": [form.action],
    });
    match form.surface.as_str() {
        "message" | "ephemeral" => {
            let ts = form.ts.clone().filter(|_| form.surface == "message");
            payload["channel"] = json!({"id": format!("D{}", form.user)});
            payload["container"] =
                json!({"type": "message", "channel_id": format!("D{}", form.user), "message_ts": ts});
            if let Some(ts) = &ts {
                payload["message"] = json!({"ts": ts});
            }
            payload["response_url"] = json!(demo.response_url(&form.user, ts));
        }
        "view" => {
            payload["container"] = json!({"type": "view", "view_id": form.view_id});
            payload["view"] =
                json!({"id": form.view_id, "type": "modal", "state": {"values": form.state.unwrap_or(json!({}))}});
        }
        _ => {
            payload["container"] = json!({"type": "view", "view_id": "VHOME"});
            payload["view"] = json!({"id": "VHOME", "type": "home"});
        }
    }
    done(demo.interaction(payload).await.map(|_| ()))
}

#[derive(Deserialize)]
struct SubmitForm {
    user: String,
    view_id: String,
    values: Value,
}

async fn ui_submit(State(demo): State<Shared>, axum::Json(form): axum::Json<SubmitForm>) -> Response {
    let view = {
        let ws = demo.workspace.lock().expect("workspace lock");
        ws.modals.get(&form.user).and_then(|s| s.iter().find(|m| m.id == form.view_id)).map(|m| m.view.clone())
    };
    let Some(view) = view else { return (StatusCode::NOT_FOUND, "no such modal").into_response() };
    let payload = json!({
        "type": "view_submission",
        "user": {"id": form.user, "team_id": TEAM},
        "team": {"id": TEAM},
        "trigger_id": demo.trigger(&form.user),
        "view": {"id": form.view_id, "callback_id": view["callback_id"], "private_metadata": view["private_metadata"],
                 "state": {"values": form.values}},
    });
    done(
        async {
            let reply = demo.interaction(payload).await?;
            let mut ws = demo.workspace.lock().expect("workspace lock");
            let stack = ws.modals.entry(form.user.clone()).or_default();
            if reply["response_action"] == "errors" {
                if let Some(m) = stack.iter_mut().find(|m| m.id == form.view_id) {
                    m.errors = reply["errors"].clone();
                }
            } else {
                stack.retain(|m| m.id != form.view_id);
            }
            Ok(())
        }
        .await,
    )
}

async fn ui_close(State(demo): State<Shared>, axum::Json(form): axum::Json<SubmitForm>) -> Response {
    demo.workspace
        .lock()
        .expect("workspace lock")
        .modals
        .entry(form.user)
        .or_default()
        .retain(|m| m.id != form.view_id);
    done(Ok(()))
}

async fn ui_home(State(demo): State<Shared>, axum::Json(who): axum::Json<Who>) -> Response {
    let body = json!({"type": "event_callback", "team_id": TEAM, "event_id": "Ev1",
                      "event": {"type": "app_home_opened", "user": who.user, "tab": "home"}});
    done(demo.to_bot("/slack/events", body.to_string(), "application/json").await.map(|_| ()))
}

#[derive(Deserialize)]
struct Advance {
    seconds: u64,
}

/// Moves the clock forward and runs whatever fell due.
async fn ui_advance(State(demo): State<Shared>, axum::Json(by): axum::Json<Advance>) -> Response {
    demo.clock.advance(Duration::from_secs(by.seconds));
    let scheduler = demo.scheduler.lock().expect("lock").clone();
    let ran = match scheduler {
        Some(s) => s.run_due().await.ran,
        None => 0,
    };
    axum::Json(json!({"ok": true, "ran": ran})).into_response()
}
