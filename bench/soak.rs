//! The crash soak: `cargo bench --bench soak`.
//!
//! Runs the release `peer-support` binary against a fake Slack that keeps a ledger of
//! every message it accepted, while requests are submitted, offers accepted and
//! check-ins fall due; kills the bot with SIGKILL at random moments and starts it again.
//! At the end it lets the bot finish, then compares what the database says was owed with
//! what the ledger shows was sent: lost must be 0, and a message sent twice is allowed
//! only in the crash window (a kill between Slack's answer and the bot recording it),
//! so duplicates can never exceed the kills times the rows in flight at once.
//! Its fake Slack is its own: a ledger keyed by what each message is about (the offer,
//! the check-in), which is what counting "exactly once" across kills needs; the demo's
//! workspace keeps screens, not that.
//!
//! Environment: `SOAK_KILLS` (default 12), `SOAK_OUT` (default `bench/soak.json`). The
//! integration tests run the same soak, shorter, against the debug binary.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use peer_support::settings::Secret;
use peer_support::slack::verify::sign;
use serde_json::{Value, json};

const SECRET: &str = "soak-signing-secret";
const COORDINATORS: [&str; 2] = ["UCOORDA", "UCOORDB"];
const SUPPORTERS: usize = 24;
/// Rows the bot's delivery sends at once: the most one kill can leave half-recorded.
const IN_FLIGHT: u64 = 8;

/// Every message Slack accepted, by what it was.
#[derive(Default)]
struct Ledger {
    sent: Mutex<HashMap<String, u64>>,
    /// Offers posted, with their supporter, not yet clicked by the soak.
    offers: Mutex<Vec<(u64, String)>>,
    ts: AtomicU64,
}

impl Ledger {
    fn count(&self, key: &str) -> u64 {
        self.sent.lock().unwrap().get(key).copied().unwrap_or(0)
    }
}

/// What a posted message was, from its text and buttons (the soak's own vocabulary).
fn key_of(method: &str, args: &Value) -> Option<String> {
    let channel = args["channel"].as_str().unwrap_or_default().trim_start_matches('D').to_string();
    let text = args["text"].as_str().unwrap_or_default();
    let buttons: Vec<(String, String)> = args["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| b["type"] == "actions")
        .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
        .map(|e| {
            (
                e["text"]["text"].as_str().unwrap_or_default().to_string(),
                e["value"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let button = |label: &str| buttons.iter().find(|(t, _)| t == label).map(|(_, v)| v.clone());
    if method == "chat.update" {
        return None;
    }
    if let Some(thread) = args["thread_ts"].as_str() {
        return Some(format!("reply:{channel}:{thread}:{text}"));
    }
    if let Some(offer) = button("Accept") {
        return Some(format!("offer:{offer}"));
    }
    if let Some(request) = text.strip_prefix("Peer support request #") {
        let id: String = request.chars().take_while(char::is_ascii_digit).collect();
        return Some(format!("alert:{channel}:{id}"));
    }
    // A check-in's buttons carry a one-time token; each requester here has one request.
    if button("I'm doing okay").is_some() {
        return Some(format!("checkin:{channel}"));
    }
    if text.contains("will reach out") {
        return Some(format!("matched:{channel}"));
    }
    Some(format!("dm:{channel}:{text}"))
}

async fn fake_api(State(ledger): State<Arc<Ledger>>, Path(method): Path<String>, body: Bytes) -> Response {
    tokio::time::sleep(Duration::from_millis(15)).await;
    let args: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let ts = format!("1700000000.{:06}", ledger.ts.fetch_add(1, Ordering::SeqCst) + 1);
    let answer = match method.as_str() {
        "auth.test" => {
            json!({"ok": true, "url": "https://soak.slack.com/", "team": "Soak", "team_id": "TSOAK", "user_id": "UBOT"})
        }
        "chat.postMessage" | "chat.update" => {
            if let Some(key) = key_of(&method, &args) {
                if let Some(offer) = key.strip_prefix("offer:") {
                    let supporter = args["channel"].as_str().unwrap_or_default().to_string();
                    ledger.offers.lock().unwrap().push((offer.parse().unwrap_or(0), supporter));
                }
                *ledger.sent.lock().unwrap().entry(key).or_default() += 1;
            }
            let channel = args["channel"].as_str().unwrap_or_default();
            json!({"ok": true, "channel": format!("D{}", channel.trim_start_matches('D')), "ts": ts})
        }
        "users.info" => json!({"ok": true, "user": {"id": "U", "real_name": "Soak Person", "tz": "America/New_York"}}),
        _ => json!({"ok": true}),
    };
    axum::Json(answer).into_response()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start_bot(config: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_peer-support"))
        .args(["serve", "--config"])
        .arg(config)
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the peer-support binary runs")
}

async fn wait_healthy(client: &reqwest::Client, base: &str) {
    for _ in 0..2000 {
        if client.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("the bot did not become healthy");
}

async fn signed(client: &reqwest::Client, base: &str, payload: Value) -> bool {
    let payload = peer_support::demo::payloads::as_slack_sends(payload, "TSOAK");
    let body = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
    let ts = chrono::Utc::now().timestamp().to_string();
    let signature = sign(&Secret::new(SECRET), &ts, body.as_bytes());
    client
        .post(format!("{base}/slack/interactions"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-slack-request-timestamp", ts)
        .header("x-slack-signature", signature)
        .body(body)
        .timeout(Duration::from_secs(3))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
}

fn request_form(requester: &str) -> Value {
    json!({
        "type": "view_submission", "user": {"id": requester}, "team": {"id": "TSOAK"},
        "view": {"id": "VREQ", "callback_id": "request", "private_metadata": "self", "state": {"values": {
            "role": {"role": {"type": "static_select", "selected_option": {"value": "nurse"}}},
            "contact": {"contact": {"type": "radio_buttons", "selected_option": {"value": "phone"}}},
            "note": {"note": {"type": "plain_text_input", "value": "soak-typed-canary"}},
        }}},
    })
}

fn accept_click(offer: u64, supporter: &str) -> Value {
    json!({
        "type": "block_actions", "user": {"id": supporter}, "team": {"id": "TSOAK"},
        "channel": {"id": format!("D{supporter}")},
        "actions": [{"action_id": "offer_accept", "block_id": format!("offer:{offer}"), "value": offer.to_string(), "type": "button"}],
    })
}

/// A small, repeatable stream of random numbers (no crate needed for a soak's timing).
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below.max(1)
    }
}

async fn rows(db: &str, sql: &'static str) -> Vec<(i64, String)> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{db}")).await.unwrap();
    let rows = sqlx::query_as(sql).fetch_all(&pool).await.unwrap();
    pool.close().await;
    rows
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    peer_support::app::install_crypto_provider();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let kills: u64 = std::env::var("SOAK_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(12);
    let report = runtime.block_on(run_soak(kills));
    let out = std::env::var("SOAK_OUT").unwrap_or_else(|_| "bench/soak.json".into());
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap()).unwrap();
}

/// Kills the bot `kills` times under load; returns the figures, having asserted that
/// nothing owed was lost, duplicates stayed in the crash window, and no typed text was stored.
pub async fn run_soak(kills: u64) -> Value {
    let ledger = Arc::new(Ledger::default());
    let app = Router::new().route("/api/{method}", post(fake_api)).with_state(ledger.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api_url = format!("http://{}/api/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soak.db").display().to_string();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let config = dir.path().join("config.toml");
    let coordinators = COORDINATORS.map(|c| format!("\"{c}\"")).join(", ");
    // The ledger counts one alert per request for each coordinator, so no surge digest here.
    std::fs::write(
        &config,
        format!(
            "[server]\nlisten = \"127.0.0.1:{port}\"\n[slack]\nbot_token = \"xoxb-soak\"\nsigning_secret = \"{SECRET}\"\n\
             api_url = \"{api_url}\"\n[database]\nurl = \"sqlite://{db}\"\n[program]\ncoordinators = [{coordinators}]\n\
             [sla]\nbusiness_hours_only = false\nmatch_within = \"100days\"\n[matching]\noffer_timeout = \"100days\"\n\
             [follow_up]\nrequester_after = [\"2s\"]\nsupporter_reminder_after = \"100days\"\n[scheduler]\ntick = \"200ms\"\n\
             [surge]\nafter = 1000000\n"
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let roster: String =
        std::iter::once("slack_user_id,role,department,specialty,site,gender,seniority,max_active".to_string())
            .chain((0..SUPPORTERS).map(|s| format!("USOAK{s:03},nurse,,,,,,50")))
            .collect::<Vec<_>>()
            .join("\n");
    let csv = dir.path().join("roster.csv");
    std::fs::write(&csv, roster).unwrap();
    let imported = Command::new(env!("CARGO_BIN_EXE_peer-support"))
        .args(["roster", "import"])
        .arg(&csv)
        .arg("--config")
        .arg(&config)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(imported.success(), "the roster imports");

    let client = reqwest::Client::new();
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let mut next_requester = 0u64;
    let started = Instant::now();
    for round in 0..kills {
        let mut bot = start_bot(&config);
        wait_healthy(&client, &base).await;
        // Work arrives while the bot runs: new requests, and Accept on offers it posted.
        let until = Instant::now() + Duration::from_millis(300 + dice.next(1200));
        while Instant::now() < until {
            next_requester += 1;
            let requester = format!("USOAKREQ{next_requester:04}");
            let (c, s) = (client.clone(), base.clone());
            tokio::spawn(async move { signed(&c, &s, request_form(&requester)).await });
            let offers: Vec<(u64, String)> = ledger.offers.lock().unwrap().drain(..).collect();
            for (offer, supporter) in offers {
                let (c, s) = (client.clone(), base.clone());
                tokio::spawn(async move { signed(&c, &s, accept_click(offer, &supporter)).await });
            }
            tokio::time::sleep(Duration::from_millis(40 + dice.next(60))).await;
        }
        // SIGKILL: no drain, no goodbye.
        bot.kill().unwrap();
        bot.wait().unwrap();
        println!("round {round}: killed after {next_requester} requests so far");
    }
    // A last run to finish what is owed; then a graceful stop.
    let mut bot = start_bot(&config);
    wait_healthy(&client, &base).await;
    let offers: Vec<(u64, String)> = ledger.offers.lock().unwrap().drain(..).collect();
    for (offer, supporter) in offers {
        signed(&client, &base, accept_click(offer, &supporter)).await;
    }
    for _ in 0..600 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let owed = rows(&db, "SELECT COUNT(*), '' FROM deliveries").await[0].0;
        let jobs = rows(&db, "SELECT COUNT(*), '' FROM jobs WHERE kind = 'check_in'").await[0].0;
        if owed == 0 && jobs == 0 {
            break;
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = Command::new("kill").args(["-TERM", &bot.id().to_string()]).status();
    bot.wait().unwrap();

    // What the database says was owed, against what Slack accepted.
    let requests = rows(&db, "SELECT id, requester FROM requests").await;
    let offers = rows(&db, "SELECT id, supporter FROM offers WHERE status IN ('pending', 'accepted')").await;
    let matched = rows(&db, "SELECT request_id, supporter FROM assignments").await;
    let mut owed: Vec<String> = Vec::new();
    for (id, requester) in &requests {
        owed.push(format!("dm-received:{requester}"));
        for c in COORDINATORS {
            owed.push(format!("alert:{c}:{id}"));
        }
    }
    owed.extend(offers.iter().map(|(id, _)| format!("offer:{id}")));
    let by_request: HashMap<i64, String> = requests.iter().cloned().collect();
    for (request, _) in &matched {
        let requester = &by_request[request];
        owed.push(format!("matched:{requester}"));
        owed.push(format!("checkin:{requester}"));
    }
    let sent = ledger.sent.lock().unwrap().clone();
    let received = |requester: &str| {
        sent.iter().filter(|(k, _)| k.starts_with(&format!("dm:{requester}:"))).map(|(_, n)| *n).sum::<u64>()
    };
    let count_of = |key: &str| match key.strip_prefix("dm-received:") {
        Some(requester) => received(requester),
        None => ledger.count(key),
    };
    let lost: Vec<&String> = owed.iter().filter(|k| count_of(k) == 0).collect();
    let duplicated: u64 = owed.iter().map(|k| count_of(k).saturating_sub(1)).sum();
    let typed_stored = std::fs::read(&db).unwrap().windows(17).any(|w| w == b"soak-typed-canary");
    let report = json!({
        "kills": kills,
        "requests": requests.len(),
        "owed": owed.len(),
        "sent": owed.iter().map(|k| count_of(k)).sum::<u64>(),
        "duplicated": duplicated,
        "duplicate_bound": kills * IN_FLIGHT,
        "lost": lost.len(),
        "typed_text_stored": typed_stored,
        "seconds": started.elapsed().as_secs_f64(),
    });
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
    assert!(lost.is_empty(), "owed but never sent: {lost:?}");
    assert!(duplicated <= kills * IN_FLIGHT, "more duplicates than the crash window allows");
    assert!(!typed_stored, "typed text reached the database");
    report
}
