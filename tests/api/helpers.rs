//! The test bench: the real application on port 0 with a temp SQLite file, a fake Slack
//! Web API in-process, signed requests exactly as Slack sends them, and captured logs.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use peer_support::app::{Application, StopHandle};
use peer_support::clock::Clock;
use peer_support::scheduler::Scheduler;
use peer_support::settings::{Secret, Settings};
use peer_support::slack::bot::Bot;
use peer_support::slack::verify::sign;
use peer_support::store::Store;
use serde_json::{Value, json};

pub const SIGNING_SECRET: &str = "test-signing-secret";
pub const TEAM: &str = "T0TEST";
pub const COORDINATORS: [&str; 2] = ["UCOORD1", "UCOORD2"];
pub const ROSTER: &str = "slack_user_id,role,department,specialty,site,gender,seniority,max_active\n\
USUPN1,nurse,ICU,,Main,woman,senior,2\n\
USUPN2,nurse,Surgery,,Main,man,mid,2\n\
USUPD1,physician,Medicine,,North,woman,senior,2\n";

// ----- captured logs ---------------------------------------------------------------------

#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn logs() -> &'static LogBuffer {
    static LOGS: OnceLock<LogBuffer> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = LogBuffer::default();
        let writer = buffer.clone();
        // As an operator would run it at its most talkative: every level, JSON lines.
        peer_support::telemetry::init_with("trace", true, false, move || writer.clone());
        buffer
    })
}

/// Everything every test app logged so far.
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&logs().0.lock().unwrap()).into_owned()
}

// ----- the fake Slack Web API ------------------------------------------------------------

// The same fake Slack the demo shows: it records every call, answers as Slack does, and
// takes scripted failures.
pub use peer_support::demo::workspace::{Call, FakeSlack, Scripted};
pub use peer_support::ids::{AssignmentId, OfferId, RequestId};

/// A fake Slack for the test workspace.
pub async fn fake_slack() -> FakeSlack {
    FakeSlack::start(TEAM).await.expect("the fake Slack listens")
}

/// A delivery as Slack sends it (see [`peer_support::demo::payloads::as_slack_sends`]).
pub fn as_slack_sends(payload: Value) -> Value {
    peer_support::demo::payloads::as_slack_sends(payload, TEAM)
}

// ----- the application under test ----------------------------------------------------------

pub struct TestApp {
    pub address: String,
    /// Where `/metrics` is served when `server.metrics_listen` is set.
    pub metrics_address: Option<String>,
    pub fake: FakeSlack,
    pub db_path: PathBuf,
    pub bot: Bot,
    pub scheduler: Scheduler,
    pub clock: Clock,
    pub client: reqwest::Client,
    stop: StopHandle,
    server: Option<tokio::task::JoinHandle<()>>,
    dir: Arc<tempfile::TempDir>,
    tweak: Arc<dyn Fn(&mut Settings) + Send + Sync>,
}

/// Settings for tests: wall time, short timeouts, the test roster's world.
pub fn test_settings(fake: &FakeSlack, db_path: &std::path::Path) -> Settings {
    let mut s = Settings::load_with_env(None, Some(HashMap::new())).unwrap();
    s.server.listen = "127.0.0.1:0".into();
    s.slack.bot_token = Secret::new("xoxb-test");
    s.slack.signing_secret = Secret::new(SIGNING_SECRET);
    s.slack.api_url = fake.api_url();
    s.database.url = format!("sqlite://{}", db_path.display());
    s.program.coordinators = COORDINATORS.iter().map(|c| c.to_string()).collect();
    s.program.leaders = vec!["ULEAD1".into()];
    s.program.crisis_line = "Crisis line: call or text 988 (test-crisis-1234)".into();
    s.sla.business_hours_only = false;
    s.matching.offer_timeout = Duration::from_secs(3600);
    // The bench drives the scheduler itself.
    s.scheduler.tick = Duration::from_secs(3600);
    s
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(tweak: impl Fn(&mut Settings) + Send + Sync + 'static) -> TestApp {
    spawn_app_on(fake_slack().await, tweak).await
}

/// The app against a fake Slack prepared beforehand (Socket Mode, scripted failures).
pub async fn spawn_app_on(fake: FakeSlack, tweak: impl Fn(&mut Settings) + Send + Sync + 'static) -> TestApp {
    logs();
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let tweak: Arc<dyn Fn(&mut Settings) + Send + Sync> = Arc::new(tweak);
    let db_path = dir.path().join("peer-support.db");
    let app = start(fake, db_path, dir, tweak, Clock::system()).await;
    app.import_roster(ROSTER).await;
    app
}

/// The app on an existing database file (a restored backup, say), with the test roster's world.
pub async fn spawn_app_on_file(fake: FakeSlack, db_path: PathBuf) -> TestApp {
    logs();
    let dir = Arc::new(tempfile::tempdir().unwrap());
    start(fake, db_path, dir, Arc::new(|_: &mut Settings| {}), Clock::system()).await
}

async fn start(
    fake: FakeSlack,
    db_path: PathBuf,
    dir: Arc<tempfile::TempDir>,
    tweak: Arc<dyn Fn(&mut Settings) + Send + Sync>,
    clock: Clock,
) -> TestApp {
    let mut settings = test_settings(&fake, &db_path);
    tweak(&mut settings);
    let app = Application::build(settings, clock.clone()).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_address = app.metrics_addr().map(|a| format!("http://{a}"));
    let bot = app.bot();
    let scheduler = app.scheduler();
    let stop = app.stop_handle();
    let server = tokio::spawn(async move { app.run_until_stopped().await.unwrap() });
    TestApp {
        address,
        metrics_address,
        fake,
        db_path,
        bot,
        scheduler,
        clock,
        client: reqwest::Client::new(),
        stop,
        server: Some(server),
        dir,
        tweak,
    }
}

impl TestApp {
    pub fn store(&self) -> &Store {
        self.bot.program().store()
    }

    pub async fn import_roster(&self, csv: &str) {
        let entries = peer_support::cli::roster::parse_roster(csv).unwrap();
        self.bot.program().add_supporters(&entries).await.unwrap();
    }

    /// Stops the app (as SIGTERM would) and starts a new one on the same database and fake.
    pub async fn restart(mut self) -> TestApp {
        self.stop.stop();
        if let Some(server) = self.server.take() {
            server.await.unwrap();
        }
        start(self.fake.clone(), self.db_path.clone(), self.dir.clone(), self.tweak.clone(), self.clock.clone()).await
    }

    // ----- signed requests -------------------------------------------------------------

    pub async fn post_signed(&self, path: &str, body: Vec<u8>, content_type: &str) -> reqwest::Response {
        let ts = chrono::Utc::now().timestamp().to_string();
        // As Slack's SDKs sign: the body as text (for a body that is not UTF-8, its lossy decoding).
        let signature = sign(&Secret::new(SIGNING_SECRET), &ts, String::from_utf8_lossy(&body).as_bytes());
        self.post_with(path, body, content_type, Some(&ts), Some(&signature)).await
    }

    pub async fn post_with(
        &self,
        path: &str,
        body: Vec<u8>,
        content_type: &str,
        ts: Option<&str>,
        sig: Option<&str>,
    ) -> reqwest::Response {
        let mut request =
            self.client.post(format!("{}{path}", self.address)).header("content-type", content_type).body(body);
        if let Some(ts) = ts {
            request = request.header("x-slack-request-timestamp", ts);
        }
        if let Some(sig) = sig {
            request = request.header("x-slack-signature", sig);
        }
        request.send().await.unwrap()
    }

    pub fn command_body(&self, user: &str, command: &str, text: &str) -> Vec<u8> {
        serde_urlencoded::to_string([
            ("token", "legacy"),
            ("team_id", TEAM),
            ("channel_id", &format!("D{user}")),
            ("user_id", user),
            ("command", command),
            ("text", text),
            ("response_url", &self.fake.response_url(user)),
            ("trigger_id", &format!("trigger-{user}")),
        ])
        .unwrap()
        .into_bytes()
    }

    /// A slash command as Socket Mode carries it (the same fields, as JSON).
    pub fn command_payload(&self, user: &str, command: &str, text: &str) -> Value {
        let fields: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&self.command_body(user, command, text)).unwrap();
        Value::Object(fields.into_iter().map(|(k, v)| (k, Value::String(v))).collect())
    }

    pub async fn command(&self, user: &str, command: &str, text: &str) -> reqwest::Response {
        let body = self.command_body(user, command, text);
        self.post_signed("/slack/commands", body, "application/x-www-form-urlencoded").await
    }

    pub async fn interaction(&self, payload: Value) -> reqwest::Response {
        let payload = as_slack_sends(payload);
        let body = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap().into_bytes();
        self.post_signed("/slack/interactions", body, "application/x-www-form-urlencoded").await
    }

    /// `user` presses the button `text` on the message `call` put on screen.
    pub async fn click(&self, user: &str, call: &Call, text: &str) -> reqwest::Response {
        let (action_id, value, block_id) =
            call.button(text).unwrap_or_else(|| panic!("no button {text:?}; buttons are {:?}", call.buttons()));
        self.click_action(user, &action_id, &value, &block_id, call).await
    }

    pub async fn click_action(
        &self,
        user: &str,
        action_id: &str,
        value: &str,
        block_id: &str,
        call: &Call,
    ) -> reqwest::Response {
        self.interaction(self.click_payload(user, action_id, value, block_id, call)).await
    }

    /// The block_actions payload for pressing a button of `call`'s message.
    pub fn click_payload(&self, user: &str, action_id: &str, value: &str, block_id: &str, call: &Call) -> Value {
        let channel = format!("D{}", call.to());
        // Where the message landed (a post) or already was (an edit).
        let ts = call.args["ts"].as_str().or(call.args["_ts"].as_str()).unwrap_or("1700000000.000001").to_string();
        as_slack_sends(json!({
            "type": "block_actions",
            "user": {"id": user, "team_id": TEAM},
            "team": {"id": TEAM},
            "trigger_id": format!("trigger-{user}"),
            "channel": {"id": channel},
            "container": {"type": "message", "channel_id": channel, "message_ts": ts},
            "message": {"type": "message", "ts": ts, "text": call.args["text"]},
            "response_url": self.fake.response_url(user),
            "actions": [{"action_id": action_id, "block_id": block_id, "value": value, "type": "button"}],
        }))
    }

    /// The block_actions payload for pressing the button `text` of `call`'s message.
    pub fn button_payload(&self, user: &str, call: &Call, text: &str) -> Value {
        let (action_id, value, block_id) = call.button(text).unwrap_or_else(|| panic!("no button {text:?}"));
        self.click_payload(user, &action_id, &value, &block_id, call)
    }

    /// Submits the request modal with `values` (block id → element state).
    pub async fn submit_request(&self, user: &str, values: Value, metadata: &str) -> reqwest::Response {
        self.interaction(self.submission_payload(user, values, metadata)).await
    }

    /// The view_submission payload of the request modal.
    pub fn submission_payload(&self, user: &str, values: Value, metadata: &str) -> Value {
        let state: serde_json::Map<String, Value> = values
            .as_object()
            .unwrap()
            .iter()
            .map(|(block, element)| (block.clone(), json!({ block.clone(): element })))
            .collect();
        as_slack_sends(json!({
            "type": "view_submission",
            "user": {"id": user, "team_id": TEAM},
            "team": {"id": TEAM},
            "view": {"id": "VREQ", "callback_id": "request", "private_metadata": metadata, "state": {"values": state}},
        }))
    }

    /// A typical request for oneself: a nurse, by phone, with `note` as the free text.
    pub async fn request_as_nurse(&self, user: &str, note: &str) -> reqwest::Response {
        self.interaction(self.nurse_request_payload(user, note)).await
    }

    pub fn nurse_request_payload(&self, user: &str, note: &str) -> Value {
        self.submission_payload(
            user,
            json!({
                "for_whom": {"type": "radio_buttons", "selected_option": {"value": "myself"}},
                "role": {"type": "static_select", "selected_option": {"value": "nurse"}},
                "site": {"type": "static_select", "selected_option": {"value": "Main"}},
                "topics": {"type": "checkboxes", "selected_options": [{"value": "patient_death"}]},
                "contact": {"type": "radio_buttons", "selected_option": {"value": "phone"}},
                "good_times": {"type": "checkboxes", "selected_options": [{"value": "mornings"}]},
                "note": {"type": "plain_text_input", "value": note},
            }),
            "self",
        )
    }

    /// The requester asks as a nurse; returns the offer the first supporter received.
    pub async fn request_and_offer(&self, requester: &str, note: &str) -> Call {
        let mark = self.fake.mark();
        let reply = self.request_as_nurse(requester, note).await;
        assert_eq!(reply.status(), 200);
        assert_eq!(reply.text().await.unwrap(), "", "a good submission closes the modal");
        self.fake
            .wait_for(mark, 1, |c| {
                c.method == "chat.postMessage"
                    && c.to().starts_with("USUP")
                    && c.buttons().contains(&"Accept".to_string())
            })
            .await
            .remove(0)
    }

    /// `supporter` presses Accept on an offer that is gone: told so, and nothing is assigned.
    pub async fn late_accept_is_no_longer_available(&self, supporter: &str, offer: &Call) {
        let mark = self.fake.mark();
        self.click(supporter, offer, "Accept").await;
        self.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("no longer available")).await;
        assert_eq!(self.count("SELECT COUNT(*) FROM assignments").await, 0);
    }

    /// Request, offer, Accept; returns the supporter's assignment message.
    pub async fn matched(&self, requester: &str) -> Call {
        let offer = self.request_and_offer(requester, "matched").await;
        let mark = self.fake.mark();
        self.click(&offer.to(), &offer, "Accept").await;
        self.fake.wait_message_with_button(mark, &offer.to(), "Contact made").await
    }

    /// Moves the bot's clock forward to a wall-clock moment in New York.
    pub fn clock_to_new_york(&self, local: &str) {
        use chrono::TimeZone;
        let local = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").unwrap();
        let target = chrono_tz::America::New_York.from_local_datetime(&local).unwrap().with_timezone(&chrono::Utc);
        let now = self.clock.now();
        assert!(target > now, "tests move the clock forward only");
        // The clock moves in whole milliseconds: land just after the target, never before.
        self.clock.advance((target - now).to_std().unwrap() + Duration::from_millis(1));
    }

    /// Waits for the delivery pass in flight, then sends everything due now: afterwards
    /// every owed message that Slack accepts has been sent.
    pub async fn settle(&self) {
        self.bot.deliverer().deliver_due().await;
    }

    /// Runs the scheduler once, as a tick would.
    pub async fn run_due(&self) -> peer_support::scheduler::RunReport {
        self.scheduler.run_due().await
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar::<_, i64>(sql).fetch_one(self.store().pool()).await.unwrap()
    }

    /// The bytes of the SQLite file and its journals, for scanning.
    pub fn db_bytes(&self) -> Vec<u8> {
        let mut all = Vec::new();
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let path = PathBuf::from(format!("{}{suffix}", self.db_path.display()));
            if let Ok(bytes) = std::fs::read(path) {
                all.extend(bytes);
            }
        }
        all
    }

    /// Every row of every table, as text (to show that nothing changed).
    pub async fn db_snapshot(&self) -> String {
        let mut out = String::new();
        for table in ["supporters", "requests", "offers", "assignments", "alerts", "jobs", "monthly_counts"] {
            let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(self.store().pool())
                .await
                .unwrap();
            out.push_str(&format!("{table}={count};"));
        }
        out.push_str(&format!("{:?}", self.store().all_jobs().await.unwrap()));
        out.push_str(&format!("{:?}", self.store().list_supporters().await.unwrap()));
        out.push_str(&format!("{:?}", self.store().unclosed_requests().await.unwrap()));
        out.push_str(&format!(
            "{:?}",
            self.store().counts_for_month(&self.bot.program().calendar().month_of(self.clock.now())).await.unwrap()
        ));
        out
    }
}

/// True when `haystack` contains `needle`.
pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}
