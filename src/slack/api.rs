//! The Slack Web API client. Each method says whether it may be repeated: a 429 is
//! always waited out (Slack did nothing) while the call is still useful; a 5xx or a
//! network failure is retried only where repeating is harmless.

use super::proxy::Proxy;
use crate::clock::Clock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::metrics::Metrics;
use crate::settings::Secret;

/// How long a `users.info` answer is trusted.
const USER_INFO_FRESH: Duration = Duration::from_secs(3600);
/// Past this many cached people, stale answers are dropped before another is kept (and,
/// when all are fresh, the older half). Each person's language is read from here.
const USER_INFO_KEPT: usize = 4_000;
/// How many times a call is tried in all.
const MAX_ATTEMPTS: u32 = 4;
/// The first pause before retrying a failure that may be repeated; doubles each time.
const BACKOFF: Duration = Duration::from_millis(200);
/// A Retry-After longer than this is not waited for inside a request.
const LONGEST_WAIT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum SlackError {
    #[error("{method}: Slack answered {error}")]
    Api { method: &'static str, error: String },
    #[error("{method}: HTTP {status}")]
    Http { method: &'static str, status: u16 },
    #[error("{method}: rate limited, retry after {retry_after:?}")]
    RateLimited { method: &'static str, retry_after: Duration },
    #[error("{method}: {source}")]
    Network { method: &'static str, source: reqwest::Error },
}

impl SlackError {
    /// A 429 whose wait did not fit: the caller may schedule a later try.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            SlackError::RateLimited { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    pub fn api_error(&self) -> Option<&str> {
        match self {
            SlackError::Api { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// What may be repeated when Slack fails.
#[derive(Clone, Copy, Debug)]
enum Repeat {
    /// Only after a 429 (Slack did not act), and only before `deadline`.
    AfterRateLimit { deadline: Option<Instant> },
    /// Also after a 5xx or a network failure: the call is idempotent.
    Always,
}

/// A request body: built as JSON, or already serialized.
enum Body {
    Json(Value),
    Raw(String),
}

/// A message posted: where it lives, for later edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posted {
    pub channel: String,
    pub ts: String,
}

/// What the bot knows of a person from `users.info`.
#[derive(Clone, Debug, Default)]
pub struct UserInfo {
    pub name: String,
    pub tz: Option<String>,
    /// Their Slack language ("es-LA"), for the catalog.
    pub locale: Option<String>,
    pub deleted: bool,
}

#[derive(Clone)]
pub struct SlackApi {
    http: reqwest::Client,
    base: String,
    token: Secret,
    metrics: Arc<Metrics>,
    /// `users.info` answers, with when each was asked.
    names: Arc<Mutex<HashMap<String, (Instant, UserInfo)>>>,
    proxy: Arc<Proxy>,
    /// After a 429, when each limit lets calls through again: Slack's limits are per
    /// method (and for posts, per channel), so every caller waits, not only the one told.
    paused_until: Arc<Mutex<HashMap<String, i64>>>,
    /// The program's clock, so a long pause is counted in the time the outbox counts in.
    clock: Clock,
}

impl SlackApi {
    pub fn new(base: &str, token: Secret, metrics: Arc<Metrics>, proxy: Proxy, clock: Clock) -> Self {
        let mut builder = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .pool_max_idle_per_host(16);
        // The proxy decides for reqwest too, so HTTPS_PROXY and slack.proxy_url agree.
        builder = match proxy.for_reqwest() {
            Ok(Some(p)) => builder.proxy(p),
            _ => builder.no_proxy(),
        };
        let http = builder.build().expect("the HTTP client builds with a process-level TLS provider installed");
        Self {
            http,
            base: base.to_string(),
            token,
            metrics,
            names: Arc::default(),
            proxy: Arc::new(proxy),
            paused_until: Arc::default(),
            clock,
        }
    }

    /// The outbound proxy (the WebSocket tunnels through it too).
    pub fn proxy(&self) -> &Proxy {
        &self.proxy
    }

    async fn call(&self, method: &'static str, body: Value, repeat: Repeat) -> Result<Value, SlackError> {
        self.call_body(method, Body::Json(body), repeat).await
    }

    async fn call_body(&self, method: &'static str, body: Body, repeat: Repeat) -> Result<Value, SlackError> {
        let mut attempt = 0;
        let limit = rate_limit_key(method, &body);
        loop {
            attempt += 1;
            // A limit Slack already reported holds for this call too: a short wait is
            // waited out here, a long one goes back to the caller (the outbox reschedules).
            let paused = self.paused_until.lock().expect("pause lock").get(&limit).copied();
            let remaining = paused.map(|until| until - self.clock.now_ms()).filter(|ms| *ms > 0);
            if let Some(ms) = remaining {
                let wait = Duration::from_millis(ms as u64);
                let past_deadline = match repeat {
                    Repeat::AfterRateLimit { deadline: Some(d) } => Instant::now() + wait >= d,
                    _ => false,
                };
                if past_deadline || wait > LONGEST_WAIT {
                    return Err(SlackError::RateLimited { method, retry_after: wait });
                }
                tokio::time::sleep(wait).await;
            }
            let started = Instant::now();
            let result = self.call_once(method, &body).await;
            if let Err(SlackError::RateLimited { retry_after, .. }) = &result {
                let now_ms = self.clock.now_ms();
                let until = now_ms + retry_after.as_millis() as i64;
                let mut pauses = self.paused_until.lock().expect("pause lock");
                pauses.retain(|_, u| *u > now_ms);
                let entry = pauses.entry(limit.clone()).or_insert(until);
                *entry = (*entry).max(until);
            }
            self.metrics.slack_latency(method, started.elapsed());
            let err = match result {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            let wait = match (&err, repeat) {
                (SlackError::RateLimited { retry_after, .. }, Repeat::AfterRateLimit { deadline }) => {
                    let fits = deadline.is_none_or(|d| Instant::now() + *retry_after < d);
                    (fits && *retry_after <= LONGEST_WAIT).then_some(*retry_after)
                }
                (SlackError::RateLimited { retry_after, .. }, Repeat::Always) => {
                    (*retry_after <= LONGEST_WAIT).then_some(*retry_after)
                }
                (SlackError::Http { status, .. }, Repeat::Always) if *status >= 500 => {
                    Some(BACKOFF * 2u32.pow(attempt - 1))
                }
                (SlackError::Network { .. }, Repeat::Always) => Some(BACKOFF * 2u32.pow(attempt - 1)),
                _ => None,
            };
            match wait {
                Some(wait) if attempt < MAX_ATTEMPTS => {
                    tracing::info!(method, attempt, wait_ms = wait.as_millis() as u64, error = %err, "retrying Slack call");
                    tokio::time::sleep(wait).await;
                }
                _ => {
                    self.metrics.slack_error(method);
                    tracing::warn!(method, attempt, error = %err, "Slack call failed");
                    return Err(err);
                }
            }
        }
    }

    async fn call_once(&self, method: &'static str, body: &Body) -> Result<Value, SlackError> {
        let url = format!("{}{}", self.base, method);
        let request = self.http.post(url).bearer_auth(self.token.expose());
        // users.info takes form arguments only; the rest take JSON.
        let request = match body {
            Body::Json(body) if method == "users.info" => request.form(body),
            Body::Json(body) => request.json(body),
            Body::Raw(text) => request.header("content-type", "application/json; charset=utf-8").body(text.clone()),
        };
        let response =
            request.send().await.map_err(|source| SlackError::Network { method, source: source.without_url() })?;
        let status = response.status();
        if status.as_u16() == 429 {
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(1);
            return Err(SlackError::RateLimited { method, retry_after: Duration::from_secs(retry_after) });
        }
        if !status.is_success() {
            return Err(SlackError::Http { method, status: status.as_u16() });
        }
        let value: Value =
            response.json().await.map_err(|source| SlackError::Network { method, source: source.without_url() })?;
        if value.get("ok").and_then(Value::as_bool) == Some(true) {
            Ok(value)
        } else {
            let error = value.get("error").and_then(Value::as_str).unwrap_or("unknown_error").to_string();
            Err(SlackError::Api { method, error })
        }
    }

    /// The workspace this token belongs to.
    pub async fn auth_test(&self) -> Result<String, SlackError> {
        let v = self.call("auth.test", json!({}), Repeat::Always).await?;
        v.get("team_id")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or(SlackError::Api { method: "auth.test", error: "no team_id".into() })
    }

    /// A Socket Mode WebSocket URL, from `apps.connections.open` with the app-level token.
    pub async fn open_socket_url(&self, app_token: &Secret) -> Result<String, SlackError> {
        let method = "apps.connections.open";
        let response = self
            .http
            .post(format!("{}{method}", self.base))
            .bearer_auth(app_token.expose())
            .send()
            .await
            .map_err(|source| SlackError::Network { method, source: source.without_url() })?;
        if !response.status().is_success() {
            self.metrics.slack_error(method);
            return Err(SlackError::Http { method, status: response.status().as_u16() });
        }
        let v: Value =
            response.json().await.map_err(|source| SlackError::Network { method, source: source.without_url() })?;
        match (v.get("ok").and_then(Value::as_bool), v.get("url").and_then(Value::as_str)) {
            (Some(true), Some(url)) => Ok(url.to_string()),
            _ => {
                self.metrics.slack_error(method);
                let error = v.get("error").and_then(Value::as_str).unwrap_or("no url").to_string();
                Err(SlackError::Api { method, error })
            }
        }
    }

    /// Posts a message. `channel` may be a user ID: Slack opens the DM. Never repeated
    /// after a 5xx, since Slack may have delivered it.
    pub async fn post_message(&self, channel: &str, text: &str, blocks: Value) -> Result<Posted, SlackError> {
        self.post(json!({ "channel": channel, "text": text, "blocks": blocks, "unfurl_links": false })).await
    }

    /// A reply in a thread; `broadcast` also shows it in the conversation; `attachments`
    /// carry an alert's state line when the reply is an alert (in a surge digest's thread).
    pub async fn post_reply(&self, channel: &str, thread_ts: &str, m: Reply<'_>) -> Result<Posted, SlackError> {
        self.post(json!({ "channel": channel, "thread_ts": thread_ts, "text": m.text, "blocks": m.blocks,
                          "attachments": m.attachments, "reply_broadcast": m.broadcast, "unfurl_links": false }))
            .await
    }

    async fn post(&self, body: Value) -> Result<Posted, SlackError> {
        let v = self.call("chat.postMessage", body, Repeat::AfterRateLimit { deadline: None }).await?;
        Ok(Posted {
            channel: v.get("channel").and_then(Value::as_str).unwrap_or_default().to_string(),
            ts: v.get("ts").and_then(Value::as_str).unwrap_or_default().to_string(),
        })
    }

    /// Posts a message with its attachments (an alert's state line).
    pub async fn post_with_attachments(
        &self,
        channel: &str,
        text: &str,
        blocks: Value,
        attachments: Value,
    ) -> Result<Posted, SlackError> {
        self.post(json!({ "channel": channel, "text": text, "blocks": blocks, "attachments": attachments,
                          "unfurl_links": false }))
            .await
    }

    /// Changes only a message's attachments: Slack keeps the blocks an edit leaves out.
    pub async fn update_attachments(
        &self,
        channel: &str,
        ts: &str,
        text: &str,
        attachments: Value,
    ) -> Result<(), SlackError> {
        self.call(
            "chat.update",
            json!({ "channel": channel, "ts": ts, "text": text, "attachments": attachments }),
            Repeat::Always,
        )
        .await
        .map(|_| ())
    }

    /// Replaces a message's blocks and attachments.
    pub async fn replace_message(
        &self,
        channel: &str,
        ts: &str,
        text: &str,
        blocks: Value,
        attachments: Value,
    ) -> Result<(), SlackError> {
        self.call(
            "chat.update",
            json!({ "channel": channel, "ts": ts, "text": text, "blocks": blocks, "attachments": attachments }),
            Repeat::Always,
        )
        .await
        .map(|_| ())
    }

    pub async fn update_message(&self, channel: &str, ts: &str, text: &str, blocks: Value) -> Result<(), SlackError> {
        self.call(
            "chat.update",
            json!({ "channel": channel, "ts": ts, "text": text, "blocks": blocks }),
            Repeat::Always,
        )
        .await
        .map(|_| ())
    }

    pub async fn post_ephemeral(&self, channel: &str, user: &str, text: &str, blocks: Value) -> Result<(), SlackError> {
        self.call(
            "chat.postEphemeral",
            json!({ "channel": channel, "user": user, "text": text, "blocks": blocks }),
            Repeat::AfterRateLimit { deadline: None },
        )
        .await
        .map(|_| ())
    }

    /// Opens a modal. Its trigger lives three seconds, so a 429 is waited out only
    /// while the trigger is still good.
    pub async fn open_view(&self, trigger_id: &str, view: Value, received: Instant) -> Result<(), SlackError> {
        let deadline = received + Duration::from_millis(2_500);
        self.call(
            "views.open",
            json!({ "trigger_id": trigger_id, "view": view }),
            Repeat::AfterRateLimit { deadline: Some(deadline) },
        )
        .await
        .map(|_| ())
    }

    /// As [`SlackApi::open_view`], with a view already serialized (a cached modal).
    pub async fn open_view_raw(&self, trigger_id: &str, view: &RawValue, received: Instant) -> Result<(), SlackError> {
        let deadline = received + Duration::from_millis(2_500);
        let trigger = serde_json::to_string(trigger_id).expect("a string serializes");
        let body = Body::Raw(format!("{{\"trigger_id\":{trigger},\"view\":{}}}", view.get()));
        self.call_body("views.open", body, Repeat::AfterRateLimit { deadline: Some(deadline) }).await.map(|_| ())
    }

    pub async fn update_view(&self, view_id: &str, view: Value) -> Result<(), SlackError> {
        self.call("views.update", json!({ "view_id": view_id, "view": view }), Repeat::Always).await.map(|_| ())
    }

    pub async fn publish_home(&self, user: &str, view: Value) -> Result<(), SlackError> {
        self.call("views.publish", json!({ "user_id": user, "view": view }), Repeat::Always).await.map(|_| ())
    }

    /// A person's name, time zone and whether their account is active, cached for an
    /// hour: a change in Slack shows within that time.
    pub async fn user_info(&self, user: &str) -> Result<UserInfo, SlackError> {
        if let Some((looked_up, info)) = self.names.lock().expect("names lock").get(user)
            && looked_up.elapsed() < USER_INFO_FRESH
        {
            return Ok(info.clone());
        }
        self.user_info_fresh(user).await
    }

    /// The same, asked of Slack now (before an offer, so a deactivated supporter is not offered).
    pub async fn user_info_fresh(&self, user: &str) -> Result<UserInfo, SlackError> {
        self.ask_user_info(user, Repeat::Always).await
    }

    /// A person's Slack language, from the cache or one try: never waits for a rate limit,
    /// so a message owed does not wait for the words it is said in (`None`: not known).
    pub async fn user_locale(&self, user: &str) -> Option<String> {
        if let Some((looked_up, info)) = self.names.lock().expect("names lock").get(user)
            && looked_up.elapsed() < USER_INFO_FRESH
        {
            return info.locale.clone();
        }
        let now = Repeat::AfterRateLimit { deadline: Some(Instant::now()) };
        self.ask_user_info(user, now).await.ok().and_then(|info| info.locale)
    }

    async fn ask_user_info(&self, user: &str, repeat: Repeat) -> Result<UserInfo, SlackError> {
        let v = self.call("users.info", json!({ "user": user, "include_locale": true }), repeat).await?;
        let u = v.get("user").cloned().unwrap_or_default();
        let text = |path: &[&str]| {
            let mut cur = &u;
            for p in path {
                cur = cur.get(p).unwrap_or(&Value::Null);
            }
            cur.as_str().filter(|s| !s.is_empty()).map(str::to_string)
        };
        let info = UserInfo {
            name: text(&["profile", "real_name"])
                .or_else(|| text(&["real_name"]))
                .or_else(|| text(&["name"]))
                .unwrap_or_else(|| user.to_string()),
            tz: text(&["tz"]),
            locale: text(&["locale"]),
            deleted: u.get("deleted").and_then(Value::as_bool).unwrap_or(false),
        };
        let mut names = self.names.lock().expect("names lock");
        if names.len() >= USER_INFO_KEPT {
            names.retain(|_, (looked_up, _)| looked_up.elapsed() < USER_INFO_FRESH);
        }
        // Still full of fresh answers: the older half goes, so a crowd of new people costs
        // one sweep now and then rather than one on every look-up.
        if names.len() >= USER_INFO_KEPT {
            let mut ages: Vec<Instant> = names.values().map(|(looked_up, _)| *looked_up).collect();
            let middle = ages.len() / 2;
            let (_, cut, _) = ages.select_nth_unstable(middle);
            let cut = *cut;
            names.retain(|_, (looked_up, _)| *looked_up > cut);
        }
        names.insert(user.to_string(), (Instant::now(), info.clone()));
        Ok(info)
    }

    /// A person's display name, or their ID when Slack cannot say.
    pub async fn name_of(&self, user: &str) -> String {
        self.user_info(user).await.map(|i| i.name).unwrap_or_else(|_| user.to_string())
    }

    /// Answers through a slash command's or a click's `response_url` (not a Web API call).
    pub async fn respond(&self, response_url: &str, body: Value) -> Result<(), SlackError> {
        let method = "response_url";
        let response = self
            .http
            .post(response_url)
            .json(&body)
            .send()
            .await
            .map_err(|source| SlackError::Network { method, source: source.without_url() })?;
        if response.status().is_success() {
            Ok(())
        } else {
            self.metrics.slack_error(method);
            Err(SlackError::Http { method, status: response.status().as_u16() })
        }
    }
}

/// Which of Slack's limits a call counts against: posts are limited per channel, other
/// methods per workspace.
fn rate_limit_key(method: &str, body: &Body) -> String {
    match body {
        Body::Json(v) if method == "chat.postMessage" => {
            format!("{method}:{}", v.get("channel").and_then(Value::as_str).unwrap_or_default())
        }
        _ => method.to_string(),
    }
}

/// What a thread reply carries.
pub struct Reply<'a> {
    pub text: &'a str,
    pub blocks: Value,
    pub attachments: Value,
    pub broadcast: bool,
}
