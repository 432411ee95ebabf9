//! Socket Mode: a fake Socket Mode server hands out WebSocket URLs through the fake
//! `apps.connections.open`, pushes envelopes, and records the bot's acks.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message as WsMessage;

use crate::helpers::*;

#[derive(Default)]
struct SocketState {
    /// Open connections, oldest first: a sender to each one's writer.
    connections: Mutex<Vec<(usize, mpsc::UnboundedSender<WsMessage>)>>,
    acks: Mutex<Vec<Value>>,
    accepted: AtomicUsize,
    next_envelope: AtomicU64,
    /// Like a connection whose far end vanished: nothing read, nothing sent, no pong.
    frozen: std::sync::atomic::AtomicBool,
}

#[derive(Clone)]
struct FakeSocket {
    url: String,
    state: Arc<SocketState>,
}

impl FakeSocket {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("ws://{}/link", listener.local_addr().unwrap());
        let state = Arc::new(SocketState::default());
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    let Ok(socket) = tokio_tungstenite::accept_async(tcp).await else { return };
                    let number = state.accepted.fetch_add(1, Ordering::SeqCst) + 1;
                    let (mut sink, mut stream) = socket.split();
                    let (tx, mut rx) = mpsc::unbounded_channel::<WsMessage>();
                    let _ = tx
                        .send(WsMessage::Text(json!({"type": "hello", "num_connections": number}).to_string().into()));
                    state.connections.lock().unwrap().push((number, tx));
                    let writer = tokio::spawn(async move {
                        while let Some(m) = rx.recv().await {
                            let close = matches!(m, WsMessage::Close(_));
                            if sink.send(m).await.is_err() || close {
                                break;
                            }
                        }
                    });
                    while let Some(Ok(m)) = stream.next().await {
                        if state.frozen.load(Ordering::SeqCst) {
                            // Half-open: keep the socket, answer nothing.
                            std::future::pending::<()>().await;
                        }
                        if let WsMessage::Text(text) = m
                            && let Ok(ack) = serde_json::from_str::<Value>(&text)
                        {
                            state.acks.lock().unwrap().push(ack);
                        }
                    }
                    state.connections.lock().unwrap().retain(|(n, _)| *n != number);
                    writer.abort();
                });
            }
        });
        Self { url, state }
    }

    fn accepted(&self) -> usize {
        self.state.accepted.load(Ordering::SeqCst)
    }

    fn open(&self) -> usize {
        self.state.connections.lock().unwrap().len()
    }

    async fn wait_connections(&self, total: usize) {
        for _ in 0..1000 {
            if self.accepted() >= total && self.open() > 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the bot made {} connection(s), not {total}", self.accepted());
    }

    /// Sends an envelope on the newest connection; returns its id.
    fn push(&self, kind: &str, payload: Value) -> String {
        let id = format!("env-{}", self.state.next_envelope.fetch_add(1, Ordering::SeqCst) + 1);
        self.push_with_id(&id, kind, payload);
        id
    }

    fn push_with_id(&self, id: &str, kind: &str, payload: Value) {
        let envelope = json!({"envelope_id": id, "type": kind, "payload": as_slack_sends(payload), "accepts_response_payload": true, "retry_attempt": 0});
        let connections = self.state.connections.lock().unwrap();
        let (_, tx) = connections.last().expect("a connection");
        tx.send(WsMessage::Text(envelope.to_string().into())).unwrap();
    }

    /// Tells the newest connection that Slack will close it soon.
    fn warn_disconnect(&self) {
        let connections = self.state.connections.lock().unwrap();
        let (_, tx) = connections.last().expect("a connection");
        tx.send(WsMessage::Text(json!({"type": "disconnect", "reason": "refresh_requested"}).to_string().into()))
            .unwrap();
    }

    /// Every open connection stops answering (pings included), as if its far end vanished.
    fn freeze(&self) {
        self.state.frozen.store(true, Ordering::SeqCst);
    }

    /// Closes the oldest open connection, as Slack does after its warning or on a fault.
    fn close_oldest(&self) {
        let connections = self.state.connections.lock().unwrap();
        let (_, tx) = connections.first().expect("a connection");
        tx.send(WsMessage::Close(None)).unwrap();
    }

    async fn wait_acks(&self, id: &str, count: usize) -> Vec<Value> {
        for _ in 0..500 {
            let acks: Vec<Value> =
                self.state.acks.lock().unwrap().iter().filter(|a| a["envelope_id"] == id).cloned().collect();
            if acks.len() >= count {
                return acks;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("envelope {id} was not acknowledged {count} time(s)");
    }
}

async fn socket_app() -> (TestApp, FakeSocket) {
    socket_app_with_heartbeat(Duration::from_secs(10)).await
}

async fn socket_app_with_heartbeat(heartbeat: Duration) -> (TestApp, FakeSocket) {
    let server = FakeSocket::start().await;
    let fake = fake_slack().await;
    fake.set_socket_url(&server.url);
    let app = spawn_app_on(fake, move |s| {
        s.slack.mode = peer_support::settings::SlackMode::Socket;
        s.slack.app_token = peer_support::settings::Secret::new("xapp-1-test");
        s.slack.signing_secret = peer_support::settings::Secret::new("");
        s.slack.socket_heartbeat = heartbeat;
    })
    .await;
    server.wait_connections(1).await;
    (app, server)
}

async fn healthz(app: &TestApp) -> u16 {
    app.client.get(format!("{}/healthz", app.address)).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn the_whole_request_flow_runs_over_socket_mode() {
    let (app, server) = socket_app().await;
    assert_eq!(healthz(&app).await, 200);
    // No Slack routes over HTTP in Socket Mode.
    assert_eq!(
        app.post_signed("/slack/commands", b"x=1".to_vec(), "application/x-www-form-urlencoded").await.status(),
        404
    );
    // A command's reply rides on its ack.
    let id = server.push("slash_commands", app.command_payload("UREQ1", "/peer-support", "help"));
    let ack = server.wait_acks(&id, 1).await.remove(0);
    assert!(ack["payload"].to_string().contains("/peer-support status"));
    let id = server.push("slash_commands", app.command_payload("UREQ1", "/peer-support", ""));
    server.wait_acks(&id, 1).await;
    app.fake.wait_for(0, 1, |c| c.method == "views.open").await;
    let id = server.push("interactive", app.nurse_request_payload("UREQ1", "socket canary"));
    assert!(server.wait_acks(&id, 1).await[0].get("payload").is_none(), "a good submission closes the modal");
    let offer = app.fake.wait_message_with_button(0, "USUPN1", "Accept").await;
    let id = server.push("interactive", app.button_payload("USUPN1", &offer, "Accept"));
    server.wait_acks(&id, 1).await;
    app.fake.wait_for(0, 1, |c| c.to() == "UREQ1" && c.text().contains("will reach out")).await;
    // Events come the same way.
    let mark = app.fake.mark();
    let id = server.push(
        "events_api",
        json!({"type": "event_callback", "team_id": TEAM, "event": {"type": "app_home_opened", "user": "UREQ1"}}),
    );
    server.wait_acks(&id, 1).await;
    app.fake.wait_home(mark, "UREQ1").await;
}

#[tokio::test]
async fn a_disconnect_warning_opens_a_new_connection_before_the_old_one_closes() {
    let (app, server) = socket_app().await;
    app.request_and_offer_over(&server).await;
    server.warn_disconnect();
    server.wait_connections(2).await;
    assert_eq!(server.open(), 2, "both connections are open during the refresh");
    server.close_oldest();
    for _ in 0..100 {
        if server.open() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(healthz(&app).await, 200);
    // The flow goes on over the new connection.
    let offer = app.fake.wait_message_with_button(0, "USUPN1", "Accept").await;
    let id = server.push("interactive", app.button_payload("USUPN1", &offer, "Accept"));
    server.wait_acks(&id, 1).await;
    app.fake.wait_for(0, 1, |c| c.to() == "UREQ1" && c.text().contains("will reach out")).await;
    let metrics = app.client.get(format!("{}/metrics", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("peer_support_socket_reconnects_total 1"), "{metrics}");
}

#[tokio::test]
async fn a_warned_connection_that_closes_before_its_replacement_connects_leaves_exactly_one() {
    let (app, server) = socket_app().await;
    // The warning and the close arrive together: the replacement is still connecting.
    server.warn_disconnect();
    server.close_oldest();
    server.wait_connections(2).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(server.accepted(), 2, "one replacement, not two");
    assert_eq!(server.open(), 1);
    assert_eq!(healthz(&app).await, 200);
}

#[tokio::test]
async fn a_half_open_connection_is_noticed_and_replaced() {
    // A heartbeat of 100 ms: silence for 300 ms means the far end is gone.
    let (app, server) = socket_app_with_heartbeat(Duration::from_millis(100)).await;
    let started = Instant::now();
    server.freeze();
    for _ in 0..300 {
        if server.accepted() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(server.accepted(), 2, "the silent connection was replaced");
    assert!(started.elapsed() < Duration::from_secs(2), "noticed after {:?}", started.elapsed());
    assert!(captured_logs().contains("no message and no pong"));
    drop(app);
}

#[tokio::test]
async fn a_dropped_connection_is_replaced_within_seconds() {
    let (app, server) = socket_app().await;
    let started = Instant::now();
    server.close_oldest();
    server.wait_connections(2).await;
    assert!(started.elapsed() < Duration::from_secs(10), "reconnected after {:?}", started.elapsed());
    assert_eq!(healthz(&app).await, 200);
    let id = server.push("slash_commands", app.command_payload("UREQ1", "/peer-support", "resources"));
    server.wait_acks(&id, 1).await;
}

#[tokio::test]
async fn an_envelope_delivered_twice_is_acknowledged_twice_and_handled_once() {
    let (app, server) = socket_app().await;
    let payload = app.nurse_request_payload("UREQ1", "twice");
    server.push_with_id("env-same", "interactive", payload.clone());
    server.wait_acks("env-same", 1).await;
    server.push_with_id("env-same", "interactive", payload);
    server.wait_acks("env-same", 2).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 1);
    let offers = app
        .fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "chat.postMessage" && c.buttons().contains(&"Accept".to_string()))
        .count();
    assert_eq!(offers, 1);
}

#[tokio::test]
async fn healthz_is_unhealthy_until_a_socket_is_connected() {
    let server = FakeSocket::start().await;
    let fake = fake_slack().await;
    // Slack cannot hand out a URL for the first tries.
    fake.script("apps.connections.open", vec![Scripted::Status(500), Scripted::Status(500), Scripted::Status(500)]);
    fake.set_socket_url(&server.url);
    let app = spawn_app_on(fake, |s| {
        s.slack.mode = peer_support::settings::SlackMode::Socket;
        s.slack.app_token = peer_support::settings::Secret::new("xapp-1-test");
    })
    .await;
    assert_eq!(healthz(&app).await, 503);
    server.wait_connections(1).await;
    assert_eq!(healthz(&app).await, 200);
}

impl TestApp {
    /// A nurse's request over Socket Mode, up to the offer.
    async fn request_and_offer_over(&self, server: &FakeSocket) {
        let id = server.push("interactive", self.nurse_request_payload("UREQ1", "over socket"));
        server.wait_acks(&id, 1).await;
        self.fake.wait_message_with_button(0, "USUPN1", "Accept").await;
    }
}

/// A CONNECT proxy like a hospital's: it tunnels what it is asked to, and notes each
/// request's first line (CONNECT for the WebSocket, an absolute URL for plain HTTP).
async fn proxy_stub() -> (String, Arc<Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if client.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let text = String::from_utf8_lossy(&head).to_string();
                let first = text.lines().next().unwrap_or_default().to_string();
                log.lock().unwrap().push(first.clone());
                let mut words = first.split_whitespace();
                let (method, target) = (words.next().unwrap_or_default(), words.next().unwrap_or_default());
                let authority = if method == "CONNECT" {
                    target.to_string()
                } else {
                    target.trim_start_matches("http://").split('/').next().unwrap_or_default().to_string()
                };
                let Ok(mut upstream) = tokio::net::TcpStream::connect(&authority).await else { return };
                if method == "CONNECT" {
                    client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").await.unwrap();
                } else {
                    upstream.write_all(&head).await.unwrap();
                }
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    (url, seen)
}

#[tokio::test]
async fn behind_a_proxy_both_the_web_api_and_the_websocket_go_through_it() {
    let (proxy, seen) = proxy_stub().await;
    let server = FakeSocket::start().await;
    let fake = fake_slack().await;
    fake.set_socket_url(&server.url);
    let socket_authority = server.url.trim_start_matches("ws://").split('/').next().unwrap().to_string();
    let app = spawn_app_on(fake, move |s| {
        s.slack.mode = peer_support::settings::SlackMode::Socket;
        s.slack.app_token = peer_support::settings::Secret::new("xapp-1-test");
        s.slack.signing_secret = peer_support::settings::Secret::new("");
        s.slack.proxy_url = proxy.clone();
    })
    .await;
    server.wait_connections(1).await;
    let id = server.push("slash_commands", app.command_payload("UREQ1", "/peer-support", "help"));
    server.wait_acks(&id, 1).await;
    let lines = seen.lock().unwrap().clone();
    assert!(lines.contains(&format!("CONNECT {socket_authority} HTTP/1.1")), "the WebSocket tunnelled: {lines:?}");
    assert!(
        lines.iter().any(|l| l.starts_with("POST http://") && l.contains("/api/")),
        "the Web API went through the proxy: {lines:?}"
    );
}

#[test]
fn a_proxy_that_refuses_the_tunnel_is_a_clear_error() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut client, _) = listener.accept().await.unwrap();
            let mut buffer = [0u8; 512];
            let _ = client.read(&mut buffer).await;
            client.write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\n\r\n").await.unwrap();
        });
        let proxy = peer_support::slack::proxy::Proxy::new(Some(&format!("http://{address}")), "").unwrap();
        let error = proxy.connect("wss-primary.slack.com", 443).await.unwrap_err().to_string();
        assert!(error.contains("refused the tunnel (HTTP 407)"), "{error}");
    });
}
