//! `peer-support demo`: the real bot against a simulated Slack workspace on this
//! machine, with a page where a person acts as each role. The workspace ([`workspace`],
//! the same fake Slack the integration tests drive) implements the Web API calls the bot
//! makes and keeps what Slack would show (DMs, modals, Home tabs, private replies); the
//! page's clicks become real signed requests to the bot, shaped as Slack sends them
//! ([`payloads`]). A clock control moves the bot's clock forward and runs what is due.

pub mod payloads;
pub mod workspace;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, bail};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
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
use workspace::FakeSlack;

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

struct Demo {
    workspace: FakeSlack,
    /// Where the bot listens, and where this workspace answers.
    bot_url: Mutex<String>,
    secret: Secret,
    http: reqwest::Client,
    clock: Clock,
    /// The program's time zone: the page shows every time in it, as the bot reckons.
    timezone: chrono_tz::Tz,
    scheduler: Mutex<Option<Scheduler>>,
}

type Shared = Arc<Demo>;

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
    let workspace = FakeSlack::new(&base_url, TEAM);
    for p in PERSONAS {
        workspace.set_name(p.id, p.name);
    }
    let demo = Arc::new(Demo {
        timezone,
        workspace: workspace.clone(),
        bot_url: Mutex::default(),
        secret: secret.clone(),
        http: reqwest::Client::new(),
        clock: clock.clone(),
        scheduler: Mutex::new(None),
    });
    let router = Router::new()
        .route("/", get(|| async { Html(PAGE) }))
        .route("/ui/state", get(ui_state))
        .route("/ui/command", post(ui_command))
        .route("/ui/action", post(ui_action))
        .route("/ui/submit", post(ui_submit))
        .route("/ui/close", post(ui_close))
        .route("/ui/home", post(ui_home))
        .route("/ui/advance", post(ui_advance))
        .with_state(demo.clone())
        .merge(workspace.routes());
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

// ----- the page's side -----------------------------------------------------------------------

#[derive(Deserialize)]
struct Who {
    user: String,
}

async fn ui_state(State(demo): State<Shared>, Query(who): Query<Who>) -> Response {
    let ws = &demo.workspace;
    axum::Json(json!({
        "personas": PERSONAS,
        "messages": ws.messages_for(&who.user),
        "home": ws.home_of(&who.user),
        "modal": ws.modal_of(&who.user),
        "ephemerals": ws.ephemerals_for(&who.user, 3),
        "now": demo.clock.now().with_timezone(&demo.timezone).format("%a %b %-d, %H:%M").to_string(),
        "timezone": demo.timezone.name(),
    }))
    .into_response()
}

impl Demo {
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
        let payload = payloads::as_slack_sends(payload, TEAM);
        let body = serde_urlencoded::to_string([("payload", payload.to_string())])?;
        self.to_bot("/slack/interactions", body, "application/x-www-form-urlencoded").await
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
    let trigger = demo.workspace.issue_trigger(&form.user);
    let response_url = demo.workspace.new_response_url(&form.user, None);
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
            demo.workspace.keep_reply(&form.user, &reply);
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
        "trigger_id": demo.workspace.issue_trigger(&form.user),
        "actions": [form.action],
    });
    match form.surface.as_str() {
        "message" | "ephemeral" => {
            let ts = form.ts.clone().filter(|_| form.surface == "message");
            payload["channel"] = json!({"id": format!("D{}", form.user)});
            // An ephemeral message has a ts of its own, which the bot cannot edit.
            let at = form.ts.clone().unwrap_or_default();
            payload["container"] = json!({"type": "message", "channel_id": format!("D{}", form.user), "message_ts": at,
                       "is_ephemeral": form.surface == "ephemeral"});
            if let Some(ts) = &ts {
                payload["message"] = json!({"ts": ts});
            }
            payload["response_url"] = json!(demo.workspace.new_response_url(&form.user, ts));
        }
        "view" => {
            payload["container"] = json!({"type": "view", "view_id": form.view_id});
            let mut view = form
                .view_id
                .as_deref()
                .and_then(|id| demo.workspace.modal(&form.user, id))
                .map(|m| m.view)
                .unwrap_or_else(|| json!({"id": form.view_id, "type": "modal"}));
            view["state"] = json!({"values": form.state.unwrap_or(json!({}))});
            payload["view"] = view;
        }
        _ => {
            payload["container"] = json!({"type": "view", "view_id": "VHOME"});
            payload["view"] = demo.workspace.home_of(&form.user).unwrap_or(json!({"id": "VHOME", "type": "home"}));
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
    let Some(modal) = demo.workspace.modal(&form.user, &form.view_id) else {
        return (StatusCode::NOT_FOUND, "no such modal").into_response();
    };
    let mut view = modal.view;
    view["state"] = json!({"values": form.values});
    let payload = json!({
        "type": "view_submission",
        "user": {"id": form.user, "team_id": TEAM},
        "team": {"id": TEAM},
        "trigger_id": demo.workspace.issue_trigger(&form.user),
        "view": view,
    });
    done(
        async {
            let reply = demo.interaction(payload).await?;
            demo.workspace.submitted(&form.user, &form.view_id, &reply);
            Ok(())
        }
        .await,
    )
}

async fn ui_close(State(demo): State<Shared>, axum::Json(form): axum::Json<SubmitForm>) -> Response {
    demo.workspace.close_modal(&form.user, &form.view_id);
    done(Ok(()))
}

async fn ui_home(State(demo): State<Shared>, axum::Json(who): axum::Json<Who>) -> Response {
    let body = json!({"type": "event_callback", "team_id": TEAM, "event_id": "Ev1",
                      "event": {"type": "app_home_opened", "user": who.user, "tab": "home"}});
    let body = payloads::as_slack_sends(body, TEAM);
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
