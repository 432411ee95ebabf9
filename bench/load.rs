//! The load benchmark: `cargo bench --bench load`.
//!
//! Runs the real `peer-support` binary against a fast fake Slack Web API (20 ms latency
//! like real Slack, an optional rate limit), and a bare server that only verifies the
//! signature and answers 200 (the same binary, re-executed with `--bare-server`). A
//! signed-request load generator drives each at fixed concurrency for a fixed time.
//! Everything shares the machine's cores, so the targets are ratios from one run.
//!
//! One file on purpose (it runs past 500 lines): the load generator, the bare server and
//! the fake Slack it measures against read together. That fake is a lean ledger, not the
//! demo's workspace (which keeps every call and screen): bookkeeping in the fake would
//! show up in the figures, since both share the machine's two cores with the bot.
//!
//! Environment: `BENCH_SECONDS` (per run, default 4), `BENCH_SLACK_LATENCY_MS` (20),
//! `BENCH_FANOUT` (1000 DMs), `BENCH_RATE_LIMIT` (50 calls/s during the fan-out),
//! `BENCH_OUT` (JSON file, default `bench/results.json`).

use std::collections::{HashMap, VecDeque};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use peer_support::settings::Secret;
use peer_support::slack::verify::{sign, verify};
use serde_json::{Value, json};

const SECRET: &str = "bench-signing-secret";
const SUPPORTERS: usize = 64;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

// ----- the fake Slack Web API ------------------------------------------------------------

#[derive(Default)]
struct Fake {
    latency_ms: AtomicU64,
    /// chat.postMessage calls allowed per second (0: no limit).
    rate_limit: AtomicU64,
    window: Mutex<VecDeque<Instant>>,
    calls: Mutex<HashMap<String, u64>>,
    /// Accepted DMs per recipient, views.open per trigger, chat.update per message.
    by_key: Mutex<HashMap<String, u64>>,
    /// When each 429 was answered, and when each accepted post came.
    limited_at: Mutex<Vec<Instant>>,
    posts_at: Mutex<Vec<Instant>>,
    ts: AtomicU64,
}

impl Fake {
    fn count(&self, method: &str) -> u64 {
        self.calls.lock().unwrap().get(method).copied().unwrap_or(0)
    }

    fn keyed(&self, prefix: &str) -> Vec<u64> {
        self.by_key.lock().unwrap().iter().filter(|(k, _)| k.starts_with(prefix)).map(|(_, v)| *v).collect()
    }

    fn reset(&self) {
        self.calls.lock().unwrap().clear();
        self.by_key.lock().unwrap().clear();
        self.limited_at.lock().unwrap().clear();
        self.posts_at.lock().unwrap().clear();
    }

    fn over_limit(&self) -> bool {
        let limit = self.rate_limit.load(Ordering::SeqCst);
        if limit == 0 {
            return false;
        }
        let now = Instant::now();
        let mut window = self.window.lock().unwrap();
        while window.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1)) {
            window.pop_front();
        }
        if window.len() as u64 >= limit {
            return true;
        }
        window.push_back(now);
        false
    }
}

async fn fake_api(State(fake): State<Arc<Fake>>, Path(method): Path<String>, body: Bytes) -> Response {
    let latency = fake.latency_ms.load(Ordering::Relaxed);
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    // Only a few string fields matter; finding them is far cheaper than parsing the body.
    let arg = |key: &str| string_field(&body, key).unwrap_or_default();
    *fake.calls.lock().unwrap().entry(method.clone()).or_default() += 1;
    let ts = format!("1700000000.{:06}", fake.ts.fetch_add(1, Ordering::Relaxed));
    let body = match method.as_str() {
        "auth.test" => {
            json!({"ok": true, "url": "https://bench.slack.com/", "team": "Bench", "team_id": "TBENCH", "user_id": "UBOT"})
        }
        "chat.postMessage" => {
            if fake.over_limit() {
                fake.limited_at.lock().unwrap().push(Instant::now());
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    [("retry-after", "1")],
                    "{\"ok\":false,\"error\":\"ratelimited\"}",
                )
                    .into_response();
            }
            fake.posts_at.lock().unwrap().push(Instant::now());
            let channel = arg("channel");
            *fake.by_key.lock().unwrap().entry(format!("dm:{channel}")).or_default() += 1;
            json!({"ok": true, "channel": format!("D{channel}"), "ts": ts})
        }
        "chat.update" => {
            let key = format!("update:{}:{}", arg("channel"), arg("ts"));
            *fake.by_key.lock().unwrap().entry(key).or_default() += 1;
            json!({"ok": true})
        }
        "views.open" => {
            let trigger = arg("trigger_id");
            *fake.by_key.lock().unwrap().entry(format!("open:{trigger}")).or_default() += 1;
            json!({"ok": true, "view": {"id": "V1"}})
        }
        "conversations.open" => json!({"ok": true, "channel": {"id": "D1"}}),
        "users.info" => json!({"ok": true, "user": {"id": "U", "real_name": "Bench Person", "tz": "America/New_York"}}),
        _ => json!({"ok": true}),
    };
    axum::Json(body).into_response()
}

/// The first `"key":"value"` string in a JSON body (the bot writes these without spaces).
fn string_field(body: &[u8], key: &str) -> Option<String> {
    let needle = format!("\"{key}\":\"");
    let text = std::str::from_utf8(body).ok()?;
    let start = text.find(&needle)? + needle.len();
    let end = text[start..].find('"')? + start;
    Some(text[start..end].to_string())
}

async fn start_fake() -> (Arc<Fake>, String) {
    let fake = Arc::new(Fake::default());
    fake.latency_ms.store(env_u64("BENCH_SLACK_LATENCY_MS", 20), Ordering::SeqCst);
    let app = Router::new().route("/api/{method}", post(fake_api)).with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (fake, url)
}

// ----- the bare limit --------------------------------------------------------------------

/// The baseline: verify the signature over the raw body, answer 200.
fn run_bare_server(port: u16) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async move {
        let secret = Secret::new(SECRET);
        let handler = move |headers: HeaderMap, body: Bytes| {
            let secret = secret.clone();
            async move {
                let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
                let now = chrono::Utc::now().timestamp();
                match verify(&secret, h("x-slack-request-timestamp"), h("x-slack-signature"), &body, now) {
                    Ok(()) => StatusCode::OK,
                    Err(_) => StatusCode::UNAUTHORIZED,
                }
            }
        };
        let app =
            Router::new().route("/slack/commands", post(handler.clone())).route("/slack/interactions", post(handler));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        axum::serve(listener, app).await.unwrap();
    });
}

// ----- the load generator ----------------------------------------------------------------

#[derive(Clone, Debug, Default)]
struct RunResult {
    scenario: String,
    concurrency: usize,
    seconds: f64,
    ok: u64,
    errors: u64,
    latencies_us: Vec<u64>,
}

impl RunResult {
    fn throughput(&self) -> f64 {
        self.ok as f64 / self.seconds
    }
    fn percentile(&self, q: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return 0.0;
        }
        let i = ((self.latencies_us.len() as f64 - 1.0) * q).round() as usize;
        self.latencies_us[i] as f64 / 1000.0
    }
    fn max(&self) -> f64 {
        self.latencies_us.last().copied().unwrap_or(0) as f64 / 1000.0
    }
    fn json(&self) -> Value {
        json!({"scenario": self.scenario, "concurrency": self.concurrency, "seconds": self.seconds, "ok": self.ok,
               "errors": self.errors, "throughput_rps": self.throughput(), "p50_ms": self.percentile(0.5),
               "p99_ms": self.percentile(0.99), "max_ms": self.max()})
    }
}

/// What one request of a scenario is: path, form body.
type MakeBody = Arc<dyn Fn(u64) -> (&'static str, String) + Send + Sync>;

async fn drive(base: &str, scenario: &str, concurrency: usize, seconds: f64, make: MakeBody) -> RunResult {
    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build().unwrap();
    let counter = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let client = client.clone();
        let base = base.to_string();
        let counter = counter.clone();
        let make = make.clone();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut errors, mut latencies) = (0u64, 0u64, Vec::new());
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let (path, body) = make(n);
                let ts = chrono::Utc::now().timestamp().to_string();
                let signature = sign(&Secret::new(SECRET), &ts, body.as_bytes());
                let sent = Instant::now();
                let reply = client
                    .post(format!("{base}{path}"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("x-slack-request-timestamp", ts)
                    .header("x-slack-signature", signature)
                    .body(body)
                    .send()
                    .await;
                let took = sent.elapsed().as_micros() as u64;
                match reply {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        ok += 1;
                        latencies.push(took);
                    }
                    _ => errors += 1,
                }
            }
            (ok, errors, latencies)
        }));
    }
    let mut result = RunResult { scenario: scenario.into(), concurrency, ..Default::default() };
    for t in tasks {
        let (ok, errors, latencies) = t.await.unwrap();
        result.ok += ok;
        result.errors += errors;
        result.latencies_us.extend(latencies);
    }
    result.seconds = started.elapsed().as_secs_f64();
    result.latencies_us.sort_unstable();
    result
}

fn command_body(n: u64) -> (&'static str, String) {
    let body = serde_urlencoded::to_string([
        ("team_id", "TBENCH"),
        ("channel_id", &format!("DUREQ{n}")),
        ("user_id", &format!("UREQ{n}")),
        ("command", "/peer-support"),
        ("text", ""),
        ("trigger_id", &format!("trig-{n}")),
        ("response_url", "http://127.0.0.1:9/none"),
    ])
    .unwrap();
    ("/slack/commands", body)
}

/// Accept on seeded offer `offer_base + n` by its supporter.
fn accept_body(offer: u64) -> (&'static str, String) {
    let supporter = format!("USUP{:04}", offer as usize % SUPPORTERS);
    let payload = json!({
        "type": "block_actions", "user": {"id": supporter}, "team": {"id": "TBENCH"},
        "channel": {"id": format!("D{supporter}")}, "message": {"ts": format!("1.{offer}")},
        "actions": [{"action_id": "offer_accept", "block_id": format!("offer:{offer}"), "value": offer.to_string(), "type": "button"}],
    });
    let payload = peer_support::demo::payloads::as_slack_sends(payload, "TBENCH");
    ("/slack/interactions", serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap())
}

// ----- the bot ------------------------------------------------------------------------------

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn write_config(dir: &std::path::Path, port: u16, api_url: &str, db: &str) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            r#"[server]
listen = "127.0.0.1:{port}"
public_url = "https://peer-support.bench.test"
[slack]
bot_token = "xoxb-bench"
signing_secret = "{SECRET}"
api_url = "{api_url}"
[database]
url = "sqlite://{db}"
[program]
coordinators = ["UCOORD1"]
leaders = ["ULEAD1"]
[sla]
business_hours_only = false
[matching]
offer_timeout = "100days"
[scheduler]
tick = "1s"
"#
        ),
    )
    .unwrap();
    // The config holds the signing secret: owner-only, as check-config asks.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

fn start_bot(config: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_peer-support"))
        .args(["serve", "--config"])
        .arg(config)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the peer-support binary runs")
}

async fn wait_healthy(client: &reqwest::Client, base: &str, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return Some(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    None
}

fn peak_rss_kb(pid: u32) -> u64 {
    status_kb(pid, "VmHWM:")
}

/// Resident memory now.
fn rss_kb(pid: u32) -> u64 {
    status_kb(pid, "VmRSS:")
}

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).map(|l| l.to_string()))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// Pending offers to accept: one request, offer and timeout job each, with message refs.
async fn seed_offers(db: &str, count: usize) {
    let store = peer_support::store::Store::open(&format!("sqlite://{db}")).await.unwrap();
    let mut tx = store.begin_write().await.unwrap();
    for s in 0..SUPPORTERS {
        sqlx::query("INSERT INTO supporters (slack_user_id, role, max_active, created_ms, updated_ms) VALUES (?, 'nurse', 50, 0, 0)")
            .bind(format!("USUP{s:04}"))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    let now = chrono::Utc::now().timestamp_millis();
    for i in 1..=count as i64 {
        sqlx::query(
            "INSERT INTO requests (id, requester, origin, contact_pref, created_ms) VALUES (?, ?, 'self', 'phone', ?)",
        )
        .bind(i)
        .bind(format!("UASK{i}"))
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
        let supporter = format!("USUP{:04}", i as usize % SUPPORTERS);
        sqlx::query(
            "INSERT INTO offers (id, request_id, supporter, offered_ms, channel, message_ts) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(i)
        .bind(i)
        .bind(&supporter)
        .bind(now)
        .bind(format!("D{supporter}"))
        .bind(format!("1.{i}"))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    store.close().await;
}

async fn settle(fake: &Fake, method: &str, want: u64) -> u64 {
    for _ in 0..600 {
        if fake.count(method) >= want {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    fake.count(method)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--bare-server") {
        run_bare_server(args[i + 1].parse().unwrap());
        return;
    }
    if args.iter().any(|a| a == "--list") {
        return; // `cargo bench -- --list`: nothing to list.
    }
    peer_support::app::install_crypto_provider();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(run());
}

async fn run() {
    let seconds = env_u64("BENCH_SECONDS", 4) as f64;
    let concurrencies = [1usize, 16, 64];
    let (fake, api_url) = start_fake().await;
    let dir = tempfile::tempdir().unwrap();
    let client = reqwest::Client::new();
    let mut results: Vec<RunResult> = Vec::new();
    let mut checks: Vec<(String, bool, String)> = Vec::new();

    // Start to healthy, with migrations on a fresh database (median of five).
    let mut starts = Vec::new();
    for i in 0..5 {
        let port = free_port();
        let db = dir.path().join(format!("start-{i}.db"));
        let config = write_config(dir.path(), port, &api_url, db.to_str().unwrap());
        let mut bot = start_bot(&config);
        let took = wait_healthy(&client, &format!("http://127.0.0.1:{port}"), Duration::from_secs(10)).await;
        starts.push(took.unwrap_or(Duration::from_secs(10)));
        let _ = bot.kill();
        let _ = bot.wait();
    }
    starts.sort();
    let start_ms = starts[2].as_secs_f64() * 1000.0;

    // The bare limit, in its own process.
    let bare_port = free_port();
    let mut bare =
        Command::new(std::env::current_exe().unwrap()).args(["--bare-server", &bare_port.to_string()]).spawn().unwrap();
    let bare_base = format!("http://127.0.0.1:{bare_port}");
    while client.post(format!("{bare_base}/slack/commands")).send().await.is_err() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    // The bot, with offers seeded for the Accept runs.
    let port = free_port();
    let db = dir.path().join("bench.db");
    let seeded = 200_000;
    seed_offers(db.to_str().unwrap(), seeded).await;
    let config = write_config(dir.path(), port, &api_url, db.to_str().unwrap());
    let mut bot = start_bot(&config);
    let base = format!("http://127.0.0.1:{port}");
    wait_healthy(&client, &base, Duration::from_secs(30)).await.expect("the bot starts");
    // Idle: started, healthy, its database open, nothing asked of it yet.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle_kb = rss_kb(bot.id());

    for &c in &concurrencies {
        results.push(drive(&bare_base, "bare limit", c, seconds, Arc::new(command_body)).await);
    }
    for &c in &concurrencies {
        fake.reset();
        let offset = 1_000_000 * c as u64;
        let make: MakeBody = Arc::new(move |n| command_body(offset + n));
        let r = drive(&base, "slash command", c, seconds, make).await;
        let opened = settle(&fake, "views.open", r.ok).await;
        let duplicated = fake.keyed("open:").iter().filter(|n| **n > 1).count();
        checks.push((
            format!("slash x{c}: every acknowledged command opened one modal"),
            opened == r.ok && duplicated == 0,
            format!("{} acks, {opened} views.open, {duplicated} duplicated", r.ok),
        ));
        results.push(r);
    }
    let next_offer = Arc::new(AtomicUsize::new(1));
    for &c in &concurrencies {
        fake.reset();
        let first = next_offer.load(Ordering::SeqCst) as u64;
        let counter = next_offer.clone();
        let make: MakeBody = Arc::new(move |_| accept_body(counter.fetch_add(1, Ordering::SeqCst) as u64));
        let r = drive(&base, "accept click", c, seconds, make).await;
        let used = next_offer.load(Ordering::SeqCst) as u64 - first;
        assert!(used < seeded as u64, "seed more offers");
        let updates = settle(&fake, "chat.update", r.ok).await;
        let duplicated = fake.keyed("update:").iter().filter(|n| **n > 1).count();
        let assignments = sqlx_count(db.to_str().unwrap(), "SELECT COUNT(*) FROM assignments").await;
        checks.push((
            format!("accept x{c}: every acknowledged Accept made one chat.update"),
            updates == r.ok && duplicated == 0,
            format!("{} acks, {updates} chat.update, {duplicated} duplicated, {assignments} assignments in all", r.ok),
        ));
        results.push(r);
    }
    let rss_kb = peak_rss_kb(bot.id());
    let _ = bot.kill();
    let _ = bot.wait();
    let _ = bare.kill();
    let _ = bare.wait();

    // The fan-out: one outreach to many colleagues through a rate-limited Slack.
    let fanout = env_u64("BENCH_FANOUT", 1000) as usize;
    let limit = env_u64("BENCH_RATE_LIMIT", 50);
    let port = free_port();
    let db = dir.path().join("fanout.db");
    let config = write_config(dir.path(), port, &api_url, db.to_str().unwrap());
    let mut bot = start_bot(&config);
    let base = format!("http://127.0.0.1:{port}");
    wait_healthy(&client, &base, Duration::from_secs(10)).await.expect("the bot starts");
    fake.reset();
    fake.rate_limit.store(limit, Ordering::SeqCst);
    let colleagues: Vec<String> = (0..fanout).map(|i| format!("UCOL{i:05}")).collect();
    let payload = json!({
        "type": "view_submission", "user": {"id": "ULEAD1"}, "team": {"id": "TBENCH"},
        "view": {"id": "V1", "callback_id": "outreach", "state": {"values": {
            "colleagues": {"colleagues": {"type": "multi_users_select", "selected_users": colleagues}}}}},
    });
    let payload = peer_support::demo::payloads::as_slack_sends(payload, "TBENCH");
    let body = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
    let ts = chrono::Utc::now().timestamp().to_string();
    let started = Instant::now();
    let reply = client
        .post(format!("{base}/slack/interactions"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-slack-request-timestamp", &ts)
        .header("x-slack-signature", sign(&Secret::new(SECRET), &ts, body.as_bytes()))
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(reply.status().is_success(), "outreach submission: {}", reply.status());
    let delivered = |fake: &Fake| fake.keyed("dm:UCOL").len();
    while delivered(&fake) < fanout && started.elapsed() < Duration::from_secs(120) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let fanout_secs = started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let per_person = fake.keyed("dm:UCOL");
    let exactly_once = per_person.len() == fanout && per_person.iter().all(|n| *n == 1);
    let limited = fake.limited_at.lock().unwrap().clone();
    let posts = fake.posts_at.lock().unwrap().clone();
    // A 429 is ignored when a post is accepted before its Retry-After (1 s) has passed,
    // from a bot that sends one DM at a time.
    let ignored = limited
        .iter()
        .filter(|t| posts.iter().any(|p| *p > **t && p.duration_since(**t) < Duration::from_millis(950)))
        .count();
    let _ = bot.kill();
    let _ = bot.wait();
    let floor = fanout as f64 / limit as f64;

    // The table.
    let bare_at =
        |c: usize| results.iter().find(|r| r.scenario == "bare limit" && r.concurrency == c).unwrap().throughput();
    println!(
        "\n{:<14} {:>4} {:>10} {:>9} {:>9} {:>9} {:>7}",
        "scenario", "conc", "req/s", "p50 ms", "p99 ms", "max ms", "errors"
    );
    for r in &results {
        println!(
            "{:<14} {:>4} {:>10.0} {:>9.2} {:>9.2} {:>9.2} {:>7}",
            r.scenario,
            r.concurrency,
            r.throughput(),
            r.percentile(0.5),
            r.percentile(0.99),
            r.max(),
            r.errors
        );
    }
    let at64 = |s: &str| results.iter().find(|r| r.scenario == s && r.concurrency == 64).unwrap().clone();
    let (slash, accept) = (at64("slash command"), at64("accept click"));
    let slash_ratio = slash.throughput() / bare_at(64);
    let accept_ratio = accept.throughput() / bare_at(64);
    println!();
    let targets = vec![
        ("slash commands at 64: >= 50% of the bare limit", slash_ratio >= 0.5, format!("{:.0}%", slash_ratio * 100.0)),
        (
            "Accept clicks at 64: >= 25% of the bare limit",
            accept_ratio >= 0.25,
            format!("{:.0}%", accept_ratio * 100.0),
        ),
        ("slash ack p99 at 64 < 10 ms", slash.percentile(0.99) < 10.0, format!("{:.2} ms", slash.percentile(0.99))),
        ("Accept ack p99 at 64 < 10 ms", accept.percentile(0.99) < 10.0, format!("{:.2} ms", accept.percentile(0.99))),
        ("peak resident memory under load < 28 MB", rss_kb < 28 * 1024, format!("{:.1} MB", rss_kb as f64 / 1024.0)),
        ("idle resident memory < 15 MB", idle_kb < 15 * 1024, format!("{:.1} MB", idle_kb as f64 / 1024.0)),
        ("start to healthy, migrations applied, < 50 ms", start_ms < 50.0, format!("{start_ms:.1} ms")),
        (
            "1,000-DM fan-out within 1.1x of the rate-limit floor",
            fanout_secs <= floor * 1.1,
            format!("{fanout_secs:.1} s (floor {floor:.0} s, {:.2}x)", fanout_secs / floor),
        ),
        (
            "every DM delivered exactly once",
            exactly_once,
            format!("{} of {fanout} people, each once", per_person.len()),
        ),
        ("no 429 ignored", ignored == 0, format!("{} answered 429, {ignored} ignored", limited.len())),
    ];
    let all: Vec<(String, bool, String)> =
        targets.into_iter().map(|(a, b, c)| (a.to_string(), b, c)).chain(checks).collect();
    for (what, met, value) in &all {
        println!("{} {what}: {value}", if *met { "MET " } else { "MISS" });
    }
    let out = std::env::var("BENCH_OUT")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/bench/results.json").into());
    let report = json!({
        "date": chrono::Utc::now().to_rfc3339(),
        "machine": machine(),
        "settings": {"seconds": seconds, "slack_latency_ms": env_u64("BENCH_SLACK_LATENCY_MS", 20), "fanout": fanout, "rate_limit": limit},
        "runs": results.iter().map(RunResult::json).collect::<Vec<_>>(),
        "ratios": {"slash_vs_bare_64": slash_ratio, "accept_vs_bare_64": accept_ratio},
        "peak_rss_kb": rss_kb,
        "idle_rss_kb": idle_kb,
        "start_to_healthy_ms": start_ms,
        "fanout": {"dms": fanout, "seconds": fanout_secs, "floor_seconds": floor, "rate_limited": limited.len(), "ignored_429": ignored, "exactly_once": exactly_once},
        "targets": all.iter().map(|(w, m, v)| json!({"target": w, "met": m, "value": v})).collect::<Vec<_>>(),
    });
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    println!("\nraw numbers: {out}");
}

async fn sqlx_count(db: &str, sql: &'static str) -> i64 {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{db}")).await.unwrap();
    let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap_or(0);
    pool.close().await;
    n
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    format!("{cores} cores, {cpu}")
}
