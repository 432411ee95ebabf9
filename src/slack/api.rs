//! The Slack Web API client. Each method says whether it may be repeated: a 429 is
//! always waited out (Slack did nothing) while the call is still useful; a 5xx or a
//! network failure is retried only where repeating is harmless.

use super::proxy::Proxy;
use crate::clock::Clock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;
use slack_morphism::prelude::{
    SlackApiAppsConnectionOpenResponse, SlackApiAuthTestResponse, SlackApiChatPostEphemeralRequest,
    SlackApiChatPostMessageRequest, SlackApiChatUpdateRequest, SlackApiUsersInfoRequest, SlackApiUsersInfoResponse,
    SlackApiViewsOpenRequest, SlackApiViewsPublishRequest, SlackApiViewsUpdateRequest, SlackChannelId,
    SlackMessageAttachment, SlackMessageContent, SlackTriggerId, SlackTs, SlackUserId, SlackView, SlackViewId,
};

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

/// A message posted: where it lives, for later edits. Read from `chat.postMessage`'s
/// answer on its own rather than as slack-morphism's response, which also requires the
/// whole message echoed back: a post Slack delivered must never count as failed over a
/// field the bot does not read (it would be sent again).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
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

    /// Sends one of slack-morphism's request types.
    async fn call(&self, method: &'static str, body: &impl Serialize, repeat: Repeat) -> Result<Value, SlackError> {
        let body = serde_json::to_value(body).expect("Slack's request types serialize");
        self.call_body(method, Body::Json(body), repeat).await
    }

    /// Reads an answer as one of slack-morphism's response types.
    fn read<T: serde::de::DeserializeOwned>(method: &'static str, answer: Value) -> Result<T, SlackError> {
        serde_json::from_value(answer).map_err(|e| SlackError::Api { method, error: format!("unreadable answer: {e}") })
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
        let answer = self.call("auth.test", &serde_json::Map::new(), Repeat::Always).await?;
        let auth: SlackApiAuthTestResponse = Self::read("auth.test", answer)?;
        Ok(auth.team_id.0)
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
        if v.get("ok").and_then(Value::as_bool) != Some(true) {
            self.metrics.slack_error(method);
            let error = v.get("error").and_then(Value::as_str).unwrap_or("no url").to_string();
            return Err(SlackError::Api { method, error });
        }
        let opened: SlackApiAppsConnectionOpenResponse = Self::read(method, v).inspect_err(|_| {
            self.metrics.slack_error(method);
        })?;
        Ok(opened.url.0.to_string())
    }

    /// Posts a message (with its attachments, when it has any: an alert's state line).
    /// `channel` may be a user ID: Slack opens the DM. Never repeated after a 5xx, since
    /// Slack may have delivered it.
    pub async fn post_message(&self, channel: &str, content: SlackMessageContent) -> Result<Posted, SlackError> {
        let request = SlackApiChatPostMessageRequest::new(SlackChannelId(channel.to_string()), content);
        self.post(request).await
    }

    /// A reply in a thread; `broadcast` also shows it in the conversation; attachments
    /// carry an alert's state line when the reply is an alert (in a surge digest's thread).
    pub async fn post_reply(
        &self,
        channel: &str,
        thread_ts: &str,
        content: SlackMessageContent,
        broadcast: bool,
    ) -> Result<Posted, SlackError> {
        let request = SlackApiChatPostMessageRequest::new(SlackChannelId(channel.to_string()), content)
            .with_thread_ts(SlackTs(thread_ts.to_string()))
            .with_reply_broadcast(broadcast);
        self.post(request).await
    }

    async fn post(&self, request: SlackApiChatPostMessageRequest) -> Result<Posted, SlackError> {
        let request = request.with_unfurl_links(false);
        let answer = self.call("chat.postMessage", &request, Repeat::AfterRateLimit { deadline: None }).await?;
        Self::read("chat.postMessage", answer)
    }

    /// Changes only a message's attachments: Slack keeps the blocks an edit leaves out.
    pub async fn update_attachments(
        &self,
        channel: &str,
        ts: &str,
        text: &str,
        attachments: Vec<SlackMessageAttachment>,
    ) -> Result<(), SlackError> {
        let content = SlackMessageContent::new().with_text(text.to_string()).with_attachments(attachments);
        self.update_message(channel, ts, content).await
    }

    /// Edits a message: what `content` carries replaces what it had (attachments only
    /// when given; an empty list removes them).
    pub async fn update_message(
        &self,
        channel: &str,
        ts: &str,
        content: SlackMessageContent,
    ) -> Result<(), SlackError> {
        let request =
            SlackApiChatUpdateRequest::new(SlackChannelId(channel.to_string()), content, SlackTs(ts.to_string()));
        self.call("chat.update", &request, Repeat::Always).await.map(|_| ())
    }

    pub async fn post_ephemeral(
        &self,
        channel: &str,
        user: &str,
        content: SlackMessageContent,
    ) -> Result<(), SlackError> {
        let request = SlackApiChatPostEphemeralRequest::new(
            SlackChannelId(channel.to_string()),
            SlackUserId(user.to_string()),
            content,
        );
        self.call("chat.postEphemeral", &request, Repeat::AfterRateLimit { deadline: None }).await.map(|_| ())
    }

    /// Opens a modal. Its trigger lives three seconds, so a 429 is waited out only
    /// while the trigger is still good.
    pub async fn open_view(&self, trigger_id: &str, view: SlackView, received: Instant) -> Result<(), SlackError> {
        let deadline = received + Duration::from_millis(2_500);
        let request = SlackApiViewsOpenRequest::new(SlackTriggerId(trigger_id.to_string()), view);
        self.call("views.open", &request, Repeat::AfterRateLimit { deadline: Some(deadline) }).await.map(|_| ())
    }

    /// As [`SlackApi::open_view`], with a view already serialized (a cached modal).
    pub async fn open_view_raw(&self, trigger_id: &str, view: &RawValue, received: Instant) -> Result<(), SlackError> {
        let deadline = received + Duration::from_millis(2_500);
        let trigger = serde_json::to_string(trigger_id).expect("a string serializes");
        let body = Body::Raw(format!("{{\"trigger_id\":{trigger},\"view\":{}}}", view.get()));
        self.call_body("views.open", body, Repeat::AfterRateLimit { deadline: Some(deadline) }).await.map(|_| ())
    }

    pub async fn update_view(&self, view_id: &str, view: SlackView) -> Result<(), SlackError> {
        let request = SlackApiViewsUpdateRequest::new(view).with_view_id(SlackViewId(view_id.to_string()));
        self.call("views.update", &request, Repeat::Always).await.map(|_| ())
    }

    pub async fn publish_home(&self, user: &str, view: SlackView) -> Result<(), SlackError> {
        let request = SlackApiViewsPublishRequest::new(SlackUserId(user.to_string()), view);
        self.call("views.publish", &request, Repeat::Always).await.map(|_| ())
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
        let request = SlackApiUsersInfoRequest::new(SlackUserId(user.to_string())).with_include_locale(true);
        let answer = self.call("users.info", &request, repeat).await?;
        let u = Self::read::<SlackApiUsersInfoResponse>("users.info", answer)?.user;
        let given = |s: Option<String>| s.filter(|s| !s.is_empty());
        let info = UserInfo {
            name: given(u.profile.as_ref().and_then(|p| p.real_name.clone()))
                .or_else(|| given(u.real_name.clone()))
                .or_else(|| given(u.name.clone()))
                .unwrap_or_else(|| user.to_string()),
            tz: given(u.tz.clone()),
            locale: given(u.locale.as_ref().map(|l| l.0.clone())),
            deleted: u.deleted.unwrap_or(false),
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
    pub async fn respond(&self, response_url: &str, body: &impl Serialize) -> Result<(), SlackError> {
        let method = "response_url";
        let response = self
            .http
            .post(response_url)
            .json(body)
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
