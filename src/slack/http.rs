//! HTTP mode: the axum routes. Every `/slack/*` request passes three gates in order:
//! size (413), signature (401), parsing (400). Only then does the bot see it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::limit::RequestBodyLimitLayer;

use super::bot::{Ack, Bot};
use super::inbound::{self, Inbound, ParseError};
use super::verify;
use crate::settings::Secret;

/// Slack never sends more; anything larger is refused before it is read.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone)]
pub struct HttpState {
    pub bot: Bot,
    pub signing_secret: Secret,
    /// False while Socket Mode has no connection (HTTP mode: always true).
    pub connected: Arc<AtomicBool>,
    next_request_id: Arc<AtomicU64>,
}

impl HttpState {
    pub fn new(bot: Bot, signing_secret: Secret, connected: Arc<AtomicBool>) -> Self {
        Self { bot, signing_secret, connected, next_request_id: Arc::default() }
    }
}

/// The routes. `slack_routes` is false in Socket Mode, where Slack never calls in;
/// `with_metrics` is false when `/metrics` has an address of its own.
pub fn router(state: HttpState, slack_routes: bool, with_metrics: bool) -> Router {
    let mut app = Router::new().route("/healthz", get(healthz));
    if with_metrics {
        app = app.route("/metrics", get(metrics));
    }
    if slack_routes {
        app = app
            .route("/slack/commands", post(commands))
            .route("/slack/interactions", post(interactions))
            .route("/slack/events", post(events))
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    }
    app.with_state(state)
}

/// `/metrics` alone, for `server.metrics_listen`.
pub fn metrics_router(state: HttpState) -> Router {
    Router::new().route("/metrics", get(metrics)).with_state(state)
}

async fn healthz(State(state): State<HttpState>) -> Response {
    let db = state.bot.program().store().is_healthy().await;
    let socket = state.connected.load(Ordering::Relaxed);
    match (db, socket) {
        (true, true) => (StatusCode::OK, "ok\n").into_response(),
        (false, _) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response(),
        (true, false) => (StatusCode::SERVICE_UNAVAILABLE, "not connected to Slack\n").into_response(),
    }
}

async fn metrics(State(state): State<HttpState>) -> Response {
    let program = state.bot.program();
    match state.bot.metrics().render(program.store(), program.clock().now_ms()).await {
        Ok(text) => ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "metrics unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "metrics unavailable\n").into_response()
        }
    }
}

async fn commands(State(state): State<HttpState>, headers: HeaderMap, body: Bytes) -> Response {
    gate(state, headers, body, "commands", inbound::parse_command).await
}

async fn interactions(State(state): State<HttpState>, headers: HeaderMap, body: Bytes) -> Response {
    gate(state, headers, body, "interactions", inbound::parse_interaction).await
}

async fn events(State(state): State<HttpState>, headers: HeaderMap, body: Bytes) -> Response {
    gate(state, headers, body, "events", inbound::parse_event).await
}

async fn gate(
    state: HttpState,
    headers: HeaderMap,
    body: Bytes,
    route: &'static str,
    parse: fn(&[u8]) -> Result<Inbound, ParseError>,
) -> Response {
    let received = Instant::now();
    let request_id = state.next_request_id.fetch_add(1, Ordering::Relaxed) + 1;
    let span = tracing::info_span!("slack", request_id, route);
    let _enter = span.enter();
    let header_str = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let now = chrono::Utc::now().timestamp();
    if let Err(e) = verify::verify(
        &state.signing_secret,
        header_str("x-slack-request-timestamp"),
        header_str("x-slack-signature"),
        &body,
        now,
    ) {
        tracing::warn!(reason = %e, "signature refused");
        return (StatusCode::UNAUTHORIZED, "invalid signature\n").into_response();
    }
    let inbound = match parse(&body) {
        Ok(inbound) => inbound,
        Err(e) => {
            tracing::warn!(reason = %e, bytes = body.len(), "malformed request");
            return (StatusCode::BAD_REQUEST, format!("malformed request: {e}\n")).into_response();
        }
    };
    drop(_enter);
    let ack = tracing::Instrument::instrument(state.bot.handle(inbound, received), span).await;
    match ack {
        Ack::Empty => StatusCode::OK.into_response(),
        Ack::Json(v) => axum::Json(v).into_response(),
        Ack::OtherWorkspace => (StatusCode::FORBIDDEN, "this app belongs to another workspace\n").into_response(),
    }
}
