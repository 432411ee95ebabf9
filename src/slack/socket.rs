//! Socket Mode: for hospital networks with no inbound HTTPS. The bot opens a WebSocket
//! from `apps.connections.open`, acknowledges each envelope by its id, and hands the
//! payload to the same handler as HTTP mode. On a `disconnect` warning it opens a new
//! connection before the old one closes, and never keeps more than that one spare; a
//! dropped connection is replaced within seconds, and a half-open one (no message and
//! no pong for three heartbeats) is noticed and replaced; an envelope delivered twice
//! is acknowledged twice and handled once.

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::Message as WsMessage;

use super::bot::{Ack, Bot};
use super::inbound::{self, Inbound, ParseError};
use crate::settings::Secret;

/// The longest pause between connection attempts, well inside the 10 s promise.
const LONGEST_BACKOFF: Duration = Duration::from_secs(4);
/// Envelope ids remembered to recognise a redelivery.
const REMEMBERED: usize = 2048;

/// One WebSocket text message from Slack, read.
#[derive(Debug)]
pub enum Envelope {
    Hello,
    /// Slack will close this connection soon.
    Disconnect {
        reason: String,
    },
    /// Something to acknowledge by `id` and hand to the bot (or a payload that does not parse).
    Deliver {
        id: String,
        parsed: Result<Inbound, ParseError>,
    },
    /// Not JSON, or JSON with no envelope id: nothing to acknowledge.
    Unreadable,
}

/// Reads one message. Pure: it never logs what it reads.
pub fn read_envelope(text: &str) -> Envelope {
    let Ok(envelope) = serde_json::from_str::<Value>(text) else {
        return Envelope::Unreadable;
    };
    let kind = envelope.get("type").and_then(Value::as_str);
    match kind {
        Some("hello") => return Envelope::Hello,
        Some("disconnect") => {
            let reason = serde_json::from_value::<EnvelopeHead>(envelope.clone())
                .ok()
                .and_then(|d| d.reason)
                .unwrap_or_else(|| "unknown".to_string());
            return Envelope::Disconnect { reason: reason.chars().take(64).collect() };
        }
        _ => {}
    }
    // Only the envelope id is read here, so even a payload that does not parse is acknowledged.
    let Some(id) = serde_json::from_value::<EnvelopeHead>(envelope.clone()).ok().and_then(|e| e.envelope_id) else {
        return Envelope::Unreadable;
    };
    let payload = envelope.get("payload").cloned().unwrap_or(Value::Null);
    let parsed = match kind {
        Some("slash_commands") => inbound::command_from_json(&payload),
        Some("interactive") => inbound::interaction_from_json(payload),
        Some("events_api") => inbound::event_from_json(&payload),
        other => Ok(Inbound::Ignored { kind: other.unwrap_or("none").chars().take(64).collect() }),
    };
    Envelope::Deliver { id, parsed }
}

/// What a connection tells the supervisor.
#[derive(Debug)]
enum ConnectionEvent {
    /// Slack will close this connection soon: open another now.
    Refresh,
    /// This connection has ended.
    Closed,
}

/// Recently handled envelope ids.
#[derive(Default)]
struct Seen {
    order: VecDeque<String>,
    ids: HashSet<String>,
}

impl Seen {
    /// True the first time an id is seen.
    fn first_time(&mut self, id: &str) -> bool {
        if !self.ids.insert(id.to_string()) {
            return false;
        }
        self.order.push_back(id.to_string());
        if self.order.len() > REMEMBERED
            && let Some(old) = self.order.pop_front()
        {
            self.ids.remove(&old);
        }
        true
    }
}

#[derive(Clone)]
pub struct SocketMode {
    bot: Bot,
    app_token: Secret,
    /// Open connections; `/healthz` is unhealthy at zero.
    open: Arc<AtomicUsize>,
    /// Connections started and not yet ended (connecting or open): the supervisor opens
    /// another only when none is alive, so a refresh never leaves two behind.
    alive: Arc<AtomicUsize>,
    /// How often a quiet connection is pinged.
    heartbeat: Duration,
    connected: Arc<std::sync::atomic::AtomicBool>,
    seen: Arc<Mutex<Seen>>,
    /// Connections made so far (the first is not a reconnect).
    established: Arc<AtomicUsize>,
}

impl SocketMode {
    pub fn new(bot: Bot, app_token: Secret, connected: Arc<std::sync::atomic::AtomicBool>) -> Self {
        Self {
            bot,
            app_token,
            open: Arc::default(),
            alive: Arc::default(),
            heartbeat: Duration::from_secs(10),
            connected,
            seen: Arc::default(),
            established: Arc::default(),
        }
    }

    pub fn with_heartbeat(mut self, heartbeat: Duration) -> Self {
        self.heartbeat = heartbeat.max(Duration::from_millis(10));
        self
    }

    /// Keeps at least one connection open until `stop`.
    pub async fn run(self, stop: watch::Receiver<bool>) {
        let (events, mut inbox) = mpsc::channel(16);
        self.spawn_connection(events.clone(), stop.clone());
        let mut stopping = stop.clone();
        loop {
            tokio::select! {
                _ = crate::stop::until_stopped(&mut stopping) => break,
                event = inbox.recv() => match event {
                    // One replacement for the warned connection, not one per warning.
                    Some(ConnectionEvent::Refresh) if self.alive.load(Ordering::SeqCst) <= 1 => {
                        self.spawn_connection(events.clone(), stop.clone())
                    }
                    Some(ConnectionEvent::Refresh) => {}
                    Some(ConnectionEvent::Closed) if self.alive.load(Ordering::SeqCst) == 0 && !*stop.borrow() => {
                        self.spawn_connection(events.clone(), stop.clone())
                    }
                    Some(ConnectionEvent::Closed) => {}
                    None => break,
                },
            }
        }
        tracing::info!("socket mode stopped");
    }

    fn spawn_connection(&self, events: mpsc::Sender<ConnectionEvent>, stop: watch::Receiver<bool>) {
        let this = self.clone();
        self.alive.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            this.connection(&events, stop).await;
            this.alive.fetch_sub(1, Ordering::SeqCst);
            let _ = events.send(ConnectionEvent::Closed).await;
        });
    }

    /// One connection: opened (retrying with backoff), read until it ends.
    async fn connection(&self, events: &mpsc::Sender<ConnectionEvent>, mut stop: watch::Receiver<bool>) {
        let mut backoff = Duration::from_millis(250);
        let socket = loop {
            if *stop.borrow() {
                return;
            }
            match self.connect().await {
                Ok(socket) => break socket,
                Err(e) => {
                    tracing::warn!(error = %e, wait_ms = backoff.as_millis() as u64, "socket mode: could not connect");
                    tokio::select! {
                        _ = tokio::time::sleep(backoff) => {}
                        _ = crate::stop::until_stopped(&mut stop) => return,
                    }
                    backoff = (backoff * 2).min(LONGEST_BACKOFF);
                }
            }
        };
        if self.established.fetch_add(1, Ordering::SeqCst) > 0 {
            self.bot.metrics().socket_reconnects.fetch_add(1, Ordering::Relaxed);
        }
        self.open.fetch_add(1, Ordering::SeqCst);
        self.connected.store(true, Ordering::SeqCst);
        tracing::info!("socket mode connected");
        let (mut sink, mut stream) = socket.split();
        let mut refreshed = false;
        let mut last_heard = Instant::now();
        let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + self.heartbeat, self.heartbeat);
        heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let message = tokio::select! {
                m = stream.next() => m,
                _ = heartbeat.tick() => {
                    let quiet = last_heard.elapsed();
                    if quiet >= self.heartbeat * 3 {
                        tracing::warn!(quiet_ms = quiet.as_millis() as u64, "socket mode: no message and no pong; replacing the connection");
                        break;
                    }
                    if quiet >= self.heartbeat && sink.send(WsMessage::Ping(Vec::new().into())).await.is_err() {
                        break;
                    }
                    continue;
                }
                _ = crate::stop::until_stopped(&mut stop) => break,
            };
            last_heard = Instant::now();
            let text = match message {
                Some(Ok(WsMessage::Text(text))) => text.to_string(),
                Some(Ok(WsMessage::Ping(data))) => {
                    let _ = sink.send(WsMessage::Pong(data)).await;
                    continue;
                }
                Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => continue,
            };
            match read_envelope(&text) {
                Envelope::Hello => {}
                Envelope::Unreadable => tracing::warn!(bytes = text.len(), "socket mode: an unreadable message"),
                Envelope::Disconnect { reason } => {
                    tracing::info!(reason = %reason, "socket mode: disconnect warning; opening a new connection");
                    if !refreshed {
                        refreshed = true;
                        let _ = events.send(ConnectionEvent::Refresh).await;
                    }
                }
                Envelope::Deliver { id, parsed } => {
                    let ack = self.envelope(&id, parsed).await;
                    if sink.send(WsMessage::Text(ack.to_string().into())).await.is_err() {
                        break;
                    }
                }
            }
        }
        // A half-open peer may never answer the close; do not wait on it.
        let _ = tokio::time::timeout(Duration::from_secs(1), sink.close()).await;
        let still_open = self.open.fetch_sub(1, Ordering::SeqCst) - 1;
        self.connected.store(still_open > 0, Ordering::SeqCst);
        tracing::info!(still_open, "socket mode connection closed");
    }

    async fn connect(
        &self,
    ) -> anyhow::Result<tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>>
    {
        let url = self.bot.api().open_socket_url(&self.app_token).await?;
        let parsed =
            reqwest::Url::parse(&url).map_err(|_| anyhow::anyhow!("Slack gave a WebSocket URL that is not a URL"))?;
        let host = parsed.host_str().ok_or_else(|| anyhow::anyhow!("the WebSocket URL has no host"))?.to_string();
        let port = parsed.port_or_known_default().unwrap_or(443);
        let handshake = async {
            // Through the hospital's proxy when there is one, as the Web API goes.
            let stream = self.bot.api().proxy().connect(&host, port).await?;
            let (socket, _) = tokio_tungstenite::client_async_tls(url.as_str(), stream).await?;
            anyhow::Ok(socket)
        };
        tokio::time::timeout(Duration::from_secs(5), handshake)
            .await
            .map_err(|_| anyhow::anyhow!("WebSocket handshake timed out"))?
    }

    /// Handles one envelope; returns the ack to send.
    async fn envelope(&self, id: &str, parsed: Result<Inbound, ParseError>) -> Value {
        let received = Instant::now();
        let first = self.seen.lock().expect("seen lock").first_time(id);
        if !first {
            tracing::info!("socket mode: redelivered envelope acknowledged again, not handled");
            return acknowledge(id, None);
        }
        let ack = match parsed {
            Ok(inbound) => self.bot.handle(inbound, received).await,
            Err(e) => {
                tracing::warn!(reason = %e, "socket mode: malformed payload");
                Ack::Empty
            }
        };
        match ack {
            Ack::Json(payload) => acknowledge(id, Some(payload)),
            Ack::Empty | Ack::OtherWorkspace => acknowledge(id, None),
        }
    }
}

/// An envelope's acknowledgement, with the answer (a reply, a modal's errors) when there is one.
fn acknowledge(id: &str, payload: Option<Value>) -> Value {
    serde_json::to_value(Acknowledgement { envelope_id: id, payload }).expect("an acknowledgement serializes")
}

// The envelope around a payload, and its acknowledgement, are read and written here:
// slack-morphism's Socket Mode envelope types are reachable only with its hyper
// feature, which this project leaves off. The payloads inside are its types (see
// `inbound`).

/// What an envelope says of itself.
#[derive(Deserialize)]
struct EnvelopeHead {
    envelope_id: Option<String>,
    /// Why Slack will close the connection (`disconnect` only).
    reason: Option<String>,
}

#[derive(Serialize)]
struct Acknowledgement<'a> {
    envelope_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_envelope_id_is_handled_once_and_old_ids_are_forgotten() {
        let mut seen = Seen::default();
        assert!(seen.first_time("a"));
        assert!(!seen.first_time("a"));
        for i in 0..REMEMBERED {
            seen.first_time(&i.to_string());
        }
        assert!(seen.first_time("a"), "forgotten after {REMEMBERED} newer ids");
        assert!(seen.order.len() <= REMEMBERED + 1);
    }
}
