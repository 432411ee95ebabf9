//! The surge benchmark: `cargo bench --bench surge`.
//!
//! The worst day: after a mass-casualty event a leader's outreach goes to 1,000
//! colleagues, then 300 of them press `Yes, I'd like to talk` and send the form within 60
//! seconds. The release binary runs against a fake Slack that enforces limits like
//! Slack's, answering 429 with `Retry-After`: `chat.postMessage` at about one post a
//! second per channel (bursts of 3) and 50 a second in all, `chat.update` at 50 a minute,
//! `views.open` and `users.info` at 100 a minute. It measures every acknowledgement, and
//! checks that every requester is told their request is in, supporters are offered no
//! more than their capacity, nothing owed is lost or doubled, and the coordinators get a
//! digest rather than a DM per request.
//!
//! Its fake Slack is its own, not the demo's workspace: it models Slack's rate limits
//! per method and per conversation, which no test needs, and keeps only counts.
//!
//! Environment: `SURGE_COLLEAGUES` (1000), `SURGE_YES` (300), `SURGE_SECONDS` (60),
//! `SURGE_OUT` (default `bench/surge.json`).

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use peer_support::settings::Secret;
use peer_support::slack::verify::sign;
use serde_json::{Value, json};

const SECRET: &str = "surge-signing-secret";
const COORDINATORS: [&str; 2] = ["UCOORD1", "UCOORD2"];
const SUPPORTERS: usize = 40;
const CAPACITY: usize = 3;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A token bucket: `burst` at once, refilled at `per_second`.
struct Bucket {
    tokens: f64,
    burst: f64,
    per_second: f64,
    at: Instant,
}

impl Bucket {
    fn new(burst: f64, per_second: f64) -> Self {
        Self { tokens: burst, burst, per_second, at: Instant::now() }
    }

    /// Takes a token, or says how long until one is there.
    fn take(&mut self) -> Result<(), Duration> {
        let now = Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.at).as_secs_f64() * self.per_second).min(self.burst);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - self.tokens) / self.per_second))
        }
    }
}

/// One accepted post.
#[derive(Clone)]
struct Post {
    channel: String,
    /// Empty for a top-level message.
    thread: String,
    text: String,
    blocks: String,
    at: Instant,
}

#[derive(Default)]
struct Fake {
    buckets: Mutex<HashMap<String, Bucket>>,
    posts: Mutex<Vec<Post>>,
    updates: Mutex<u64>,
    limited: Mutex<u64>,
    /// Calls made to a limit while its Retry-After was still running, by the kind of
    /// limit: the bot can honour a method's or a channel's; the workspace-wide post limit
    /// answers with the same 429, so it cannot tell that one apart.
    early: Mutex<HashMap<&'static str, u64>>,
    modals_opened: Mutex<u64>,
    waits: Mutex<HashMap<String, Instant>>,
    ts: Mutex<u64>,
}

impl Fake {
    /// Slack's answer to a call over a limit: 429 and when to come back.
    fn limit(&self, keys: &[(String, f64, f64)]) -> Option<Duration> {
        let mut buckets = self.buckets.lock().unwrap();
        let mut waits = self.waits.lock().unwrap();
        for (key, burst, rate) in keys {
            if let Some(until) = waits.get(key)
                && Instant::now() < *until
            {
                let kind = if key.starts_with("channel:") {
                    "per_channel_post_limit"
                } else if key == "chat.postMessage" {
                    "workspace_post_limit"
                } else {
                    "per_method_limit"
                };
                *self.early.lock().unwrap().entry(kind).or_default() += 1;
            }
            let bucket = buckets.entry(key.clone()).or_insert_with(|| Bucket::new(*burst, *rate));
            if let Err(wait) = bucket.take() {
                let wait = Duration::from_secs(wait.as_secs() + 1);
                waits.insert(key.clone(), Instant::now() + wait - Duration::from_millis(50));
                *self.limited.lock().unwrap() += 1;
                return Some(wait);
            }
        }
        None
    }
}

async fn fake_api(State(fake): State<Arc<Fake>>, Path(method): Path<String>, body: Bytes) -> Response {
    tokio::time::sleep(Duration::from_millis(20)).await;
    let args: Value = serde_json::from_slice(&body).unwrap_or_else(|_| {
        let form: HashMap<String, String> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
        json!(form)
    });
    let text = |k: &str| args[k].as_str().unwrap_or_default().to_string();
    let limits: Vec<(String, f64, f64)> = match method.as_str() {
        "chat.postMessage" => vec![
            ("chat.postMessage".into(), 50.0, 50.0),
            (format!("channel:{}", text("channel").trim_start_matches('D')), 3.0, 1.0),
        ],
        "chat.update" => vec![("chat.update".into(), 50.0, 50.0 / 60.0)],
        "views.open" | "users.info" => vec![(method.clone(), 100.0, 100.0 / 60.0)],
        _ => vec![],
    };
    if let Some(wait) = fake.limit(&limits) {
        let retry = wait.as_secs().to_string();
        return (StatusCode::TOO_MANY_REQUESTS, [("retry-after", retry)], "{\"ok\":false,\"error\":\"ratelimited\"}")
            .into_response();
    }
    let ts = {
        let mut n = fake.ts.lock().unwrap();
        *n += 1;
        format!("1700000000.{:06}", *n)
    };
    let answer = match method.as_str() {
        "auth.test" => {
            json!({"ok": true, "url": "https://surge.slack.com/", "team": "Surge", "team_id": "TSURGE", "user_id": "UBOT"})
        }
        "chat.postMessage" => {
            let channel = text("channel").trim_start_matches('D').to_string();
            fake.posts.lock().unwrap().push(Post {
                channel: channel.clone(),
                thread: text("thread_ts"),
                text: text("text"),
                blocks: args["blocks"].to_string(),
                at: Instant::now(),
            });
            json!({"ok": true, "channel": format!("D{channel}"), "ts": ts})
        }
        "chat.update" => {
            *fake.updates.lock().unwrap() += 1;
            json!({"ok": true, "channel": text("channel"), "ts": text("ts")})
        }
        "views.open" => {
            *fake.modals_opened.lock().unwrap() += 1;
            json!({"ok": true, "view": {"id": "V1"}})
        }
        "users.info" => {
            json!({"ok": true, "user": {"id": text("user"), "real_name": "Colleague", "tz": "America/New_York"}})
        }
        _ => json!({"ok": true}),
    };
    axum::Json(answer).into_response()
}

/// The `value` of the button labelled `label` in a message's blocks.
fn button_value(blocks: &str, label: &str) -> Option<String> {
    let blocks: Value = serde_json::from_str(blocks).ok()?;
    blocks
        .as_array()?
        .iter()
        .filter_map(|b| b["elements"].as_array())
        .flatten()
        .find_map(|e| (e["text"]["text"] == label).then(|| e["value"].as_str().unwrap_or_default().to_string()))
}

async fn signed(client: &reqwest::Client, base: &str, path: &str, body: String) -> (u16, f64) {
    let ts = chrono::Utc::now().timestamp().to_string();
    let started = Instant::now();
    let reply = client
        .post(format!("{base}{path}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-slack-request-timestamp", &ts)
        .header("x-slack-signature", sign(&Secret::new(SECRET), &ts, body.as_bytes()))
        .body(body)
        .send()
        .await
        .unwrap();
    let status = reply.status().as_u16();
    let _ = reply.bytes().await;
    (status, started.elapsed().as_secs_f64() * 1000.0)
}

fn payload(p: &Value) -> String {
    let p = peer_support::demo::payloads::as_slack_sends(p.clone(), "TSURGE");
    serde_urlencoded::to_string([("payload", p.to_string())]).unwrap()
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    peer_support::app::install_crypto_provider();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let report = runtime.block_on(run());
    let out = std::env::var("SURGE_OUT").unwrap_or_else(|_| "bench/surge.json".into());
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
}

async fn run() -> Value {
    let colleagues_n = env_u64("SURGE_COLLEAGUES", 1000) as usize;
    let yes_n = env_u64("SURGE_YES", 300) as usize;
    let window = env_u64("SURGE_SECONDS", 60) as f64;
    let fake = Arc::new(Fake::default());
    let app = Router::new().route("/api/{method}", post(fake_api)).with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api_url = format!("http://{}/api/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("surge.db").display().to_string();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let config = dir.path().join("config.toml");
    let coordinators = COORDINATORS.map(|c| format!("\"{c}\"")).join(", ");
    std::fs::write(
        &config,
        format!(
            "[server]\nlisten = \"127.0.0.1:{port}\"\npublic_url = \"https://peer-support.bench.test\"\n[slack]\nbot_token = \"xoxb-surge\"\nsigning_secret = \"{SECRET}\"\n\
             api_url = \"{api_url}\"\n[database]\nurl = \"sqlite://{db}\"\n[program]\ncoordinators = [{coordinators}]\n\
             leaders = [\"ULEAD1\"]\n[sla]\nbusiness_hours_only = false\n[scheduler]\ntick = \"1s\"\n"
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let roster: String = std::iter::once("slack_user_id,role,max_active".to_string())
        .chain((0..SUPPORTERS).map(|s| format!("USUP{s:03},nurse,{CAPACITY}")))
        .collect::<Vec<_>>()
        .join("\n");
    let csv = dir.path().join("roster.csv");
    std::fs::write(&csv, roster).unwrap();
    let imported = Command::new(env!("CARGO_BIN_EXE_peer-support"))
        .args(["roster", "import"])
        .arg(&csv)
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let mut bot = Command::new(env!("CARGO_BIN_EXE_peer-support"))
        .args(["serve", "--config"])
        .arg(&config)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let started = Instant::now();
    while !client.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
        assert!(started.elapsed() < Duration::from_secs(30), "the bot starts");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // The leader's outreach to every colleague.
    let colleagues: Vec<String> = (0..colleagues_n).map(|i| format!("UCOL{i:05}")).collect();
    let outreach = json!({
        "type": "view_submission", "user": {"id": "ULEAD1"}, "team": {"id": "TSURGE"},
        "view": {"id": "V1", "callback_id": "outreach", "state": {"values": {
            "colleagues": {"colleagues": {"type": "multi_users_select", "selected_users": colleagues}}}}},
    });
    let fanout_started = Instant::now();
    let (status, _) = signed(&client, &base, "/slack/interactions", payload(&outreach)).await;
    assert_eq!(status, 200, "the outreach is accepted");
    let tokens = loop {
        let posts = fake.posts.lock().unwrap().clone();
        let tokens: HashMap<String, String> = posts
            .iter()
            .filter(|p| p.channel.starts_with("UCOL"))
            .filter_map(|p| button_value(&p.blocks, "Yes, I'd like to talk").map(|t| (p.channel.clone(), t)))
            .collect();
        if tokens.len() >= colleagues_n || fanout_started.elapsed() > Duration::from_secs(180) {
            break tokens;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let fanout_secs = fanout_started.elapsed().as_secs_f64();

    // 300 say yes within the minute: the click, then the form.
    let yes: Vec<(String, String)> = colleagues.iter().take(yes_n).map(|c| (c.clone(), tokens[c].clone())).collect();
    let surge_started = Instant::now();
    let mut tasks = Vec::new();
    for (i, (colleague, token)) in yes.into_iter().enumerate() {
        let (client, base) = (client.clone(), base.clone());
        let at = Duration::from_secs_f64(window * i as f64 / yes_n as f64);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(tokio::time::Instant::from_std(surge_started + at)).await;
            let click = json!({
                "type": "block_actions", "user": {"id": colleague}, "team": {"id": "TSURGE"},
                "trigger_id": format!("trigger-{colleague}"), "channel": {"id": format!("D{colleague}")},
                "container": {"type": "message", "channel_id": format!("D{colleague}"), "message_ts": "1.1"},
                "actions": [{"action_id": "outreach_yes", "block_id": "outreach", "value": token, "type": "button"}],
            });
            let clicked = signed(&client, &base, "/slack/interactions", payload(&click)).await;
            let submit = json!({
                "type": "view_submission", "user": {"id": colleague}, "team": {"id": "TSURGE"},
                "view": {"id": "V2", "callback_id": "request", "private_metadata": format!("outreach:{token}"),
                    "state": {"values": {
                        "role": {"role": {"type": "static_select", "selected_option": {"value": "nurse"}}},
                        "contact": {"contact": {"type": "radio_buttons", "selected_option": {"value": "phone"}}}}}},
            });
            let submitted = signed(&client, &base, "/slack/interactions", payload(&submit)).await;
            (clicked, submitted)
        }));
    }
    let mut acks = Vec::new();
    let mut failed = 0;
    for t in tasks {
        let ((s1, l1), (s2, l2)) = t.await.unwrap();
        failed += usize::from(s1 != 200) + usize::from(s2 != 200);
        acks.extend([l1, l2]);
    }
    acks.sort_by(|a, b| a.total_cmp(b));

    // Wait until every requester has heard, then until nothing more is owed.
    let told = |fake: &Fake| {
        let posts = fake.posts.lock().unwrap();
        let mut heard: HashMap<String, usize> = HashMap::new();
        for p in posts.iter() {
            if p.channel.starts_with("UCOL") && p.text.contains("Your request is in") {
                *heard.entry(p.channel.clone()).or_default() += 1;
            }
        }
        heard
    };
    let drain_started = Instant::now();
    while told(&fake).len() < yes_n && drain_started.elapsed() < Duration::from_secs(600) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{db}")).await.unwrap();
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.unwrap() }
    };
    while count("SELECT COUNT(*) FROM deliveries").await > 0 && drain_started.elapsed() < Duration::from_secs(900) {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let all_delivered_secs = surge_started.elapsed().as_secs_f64();
    let owed_left = count("SELECT COUNT(*) FROM deliveries").await;
    let requests = count("SELECT COUNT(*) FROM requests").await;
    let offers = count("SELECT COUNT(*) FROM offers WHERE status IN ('pending', 'accepted')").await;
    let max_per_supporter =
        count("SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM offers WHERE status = 'pending' GROUP BY supporter)")
            .await;
    let heard = told(&fake);
    let doubled = heard.values().filter(|n| **n > 1).count();
    let posts = fake.posts.lock().unwrap().clone();
    let to_coordinator = |top_level: bool| {
        COORDINATORS
            .iter()
            .map(|c| posts.iter().filter(|p| p.channel == *c && (p.thread.is_empty() == top_level)).count())
            .max()
            .unwrap_or(0)
    };
    let offer_posts =
        posts.iter().filter(|p| p.channel.starts_with("USUP") && p.blocks.contains("offer_accept")).count();
    // The floor: the busiest channel at one post a second, or every post at 50 a second.
    let surge_posts: Vec<_> = posts.iter().filter(|p| p.at >= surge_started).collect();
    let mut per_channel: HashMap<&str, usize> = HashMap::new();
    for p in &surge_posts {
        *per_channel.entry(p.channel.as_str()).or_default() += 1;
    }
    let busiest = per_channel.values().copied().max().unwrap_or(0);
    let floor = (busiest.saturating_sub(3) as f64).max(surge_posts.len() as f64 / 50.0).max(window);
    let _ = bot.kill();
    let _ = bot.wait();
    let report = json!({
        "settings": {"colleagues": colleagues_n, "yes": yes_n, "within_seconds": window, "supporters": SUPPORTERS,
                     "capacity_each": CAPACITY, "limits": "chat.postMessage 1/s per channel (burst 3) and 50/s; chat.update 50/min; views.open 100/min"},
        "fanout_seconds": fanout_secs,
        "acks": acks.len(), "ack_failures": failed,
        "ack_p50_ms": percentile(&acks, 0.5), "ack_p99_ms": percentile(&acks, 0.99), "ack_max_ms": acks.last().copied().unwrap_or(0.0),
        "requests": requests, "requesters_told": heard.len(), "told_twice": doubled,
        "offers_standing": offers, "offer_posts": offer_posts, "supporter_capacity": SUPPORTERS * CAPACITY,
        "max_pending_offers_per_supporter": max_per_supporter,
        "coordinator_top_level_posts": to_coordinator(true), "coordinator_thread_posts": to_coordinator(false),
        "chat_update_calls": *fake.updates.lock().unwrap(),
        "answered_429": *fake.limited.lock().unwrap(), "calls_before_retry_after": *fake.early.lock().unwrap(),
        "modals_opened": *fake.modals_opened.lock().unwrap(),
        "owed_left": owed_left,
        "delivered_all_seconds": all_delivered_secs, "rate_limit_floor_seconds": floor,
    });
    assert_eq!(failed, 0, "every ack is a 200");
    assert!(percentile(&acks, 1.0) < 3000.0, "every acknowledgement under 3 s");
    assert_eq!(heard.len(), yes_n, "every requester is told their request is in");
    assert_eq!(doubled, 0, "nobody is told twice");
    assert_eq!(owed_left, 0, "nothing owed is left");
    assert!(offers as usize <= SUPPORTERS * CAPACITY, "no more offers than the supporters can carry");
    report
}
