//! Builds the application from settings and runs it: the HTTP server (Slack routes in
//! HTTP mode, health and metrics always) and the scheduler, until asked to stop.

use crate::slack::proxy::Proxy;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::domain::calendar::Calendar;
use crate::domain::program::Program;
use crate::i18n::Catalog;
use crate::metrics::Metrics;
use crate::scheduler::Scheduler;
use crate::settings::{Settings, SlackMode};
use crate::slack::api::SlackApi;
use crate::slack::bot::Bot;
use crate::slack::http::{HttpState, metrics_router, router};
use crate::slack::socket::SocketMode;
use crate::store::Store;

/// How long a shutdown waits for acknowledged work to finish talking to Slack.
const DRAIN: Duration = Duration::from_secs(5);

pub struct Application {
    listener: TcpListener,
    /// `/metrics` on its own address, when `server.metrics_listen` is set.
    metrics_listener: Option<TcpListener>,
    bot: Bot,
    settings: Arc<Settings>,
    stop_tx: watch::Sender<bool>,
}

/// Stops a running application (tests, signals).
#[derive(Clone)]
pub struct StopHandle(watch::Sender<bool>);

impl StopHandle {
    pub fn stop(&self) {
        // send_replace: a stop sent before any loop has subscribed is kept, not dropped
        // (send fails, and forgets the value, while no receiver exists).
        self.0.send_replace(true);
    }
}

/// TLS for the Web API client: one process-level provider (see STACK-NOTES).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Application {
    /// Opens the database, checks the token with Slack, and binds the listener.
    pub async fn build(settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        install_crypto_provider();
        let settings = Arc::new(settings);
        let calendar =
            Calendar::new(settings.parse_calendar().map_err(anyhow::Error::msg)?, settings.sla.business_hours_only);
        let store = Store::open(&settings.database.url).await.context("opening the database")?;
        let metrics = Arc::new(Metrics::default());
        let proxy = Proxy::from_settings(&settings.slack.proxy_url).context("slack.proxy_url")?;
        let api = SlackApi::new(
            &settings.slack.api_url,
            settings.slack.bot_token.clone(),
            metrics.clone(),
            proxy,
            clock.clone(),
        );
        let messages_dir =
            (!settings.program.messages_dir.is_empty()).then(|| std::path::Path::new(&settings.program.messages_dir));
        let catalog = Arc::new(Catalog::load(&settings.program.default_locale, messages_dir)?);
        let program = Program::new(store, settings.clone(), calendar, clock);
        program.start_supporter_care().await?;
        let bot = Bot::new(program, api.clone(), settings.clone(), catalog, metrics);
        match api.auth_test().await {
            Ok(team) => {
                tracing::info!(team = %team, "connected to Slack");
                bot.set_team_id(team);
            }
            Err(e) if e.api_error().is_some() => bail!(
                "Slack refused slack.bot_token ({e}). Check PEER_SUPPORT__SLACK__BOT_TOKEN: it is the xoxb- token under OAuth & Permissions."
            ),
            Err(e) => {
                bail!("could not reach Slack at {} ({e}). Check slack.api_url and the network.", settings.slack.api_url)
            }
        }
        let listener = TcpListener::bind(&settings.server.listen)
            .await
            .with_context(|| format!("binding server.listen {}", settings.server.listen))?;
        let metrics_listener = match settings.server.metrics_listen.as_str() {
            "" => None,
            address => Some(
                TcpListener::bind(address).await.with_context(|| format!("binding server.metrics_listen {address}"))?,
            ),
        };
        let (stop_tx, _) = watch::channel(false);
        Ok(Self { listener, metrics_listener, bot, settings, stop_tx })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn port(&self) -> u16 {
        self.local_addr().port()
    }

    /// Where `/metrics` is served when it has its own address.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_listener.as_ref().and_then(|l| l.local_addr().ok())
    }

    pub fn bot(&self) -> Bot {
        self.bot.clone()
    }

    pub fn scheduler(&self) -> Scheduler {
        Scheduler::new(self.bot.program().clone(), self.bot.api().clone(), self.bot.deliverer().clone())
    }

    pub fn stop_handle(&self) -> StopHandle {
        StopHandle(self.stop_tx.clone())
    }

    /// Serves until the stop handle fires; scheduled jobs stay in the database.
    pub async fn run_until_stopped(mut self) -> anyhow::Result<()> {
        let socket_mode = self.settings.slack.mode == SlackMode::Socket;
        let connected = Arc::new(AtomicBool::new(!socket_mode));
        let state = HttpState::new(self.bot.clone(), self.settings.slack.signing_secret.clone(), connected.clone());
        let socket_task = socket_mode.then(|| {
            let socket = SocketMode::new(self.bot.clone(), self.settings.slack.app_token.clone(), connected)
                .with_heartbeat(self.settings.slack.socket_heartbeat);
            tokio::spawn(socket.run(self.stop_tx.subscribe()))
        });
        let app = router(state.clone(), !socket_mode, self.metrics_listener.is_none());
        let metrics_task = self.metrics_listener.take().map(|listener| {
            let mut stop = self.stop_tx.subscribe();
            tokio::spawn(async move {
                let serve = axum::serve(listener, metrics_router(state))
                    .with_graceful_shutdown(async move {
                        let _ = stop.wait_for(|stopped| *stopped).await;
                    })
                    .await;
                if let Err(e) = serve {
                    tracing::error!(error = %e, "metrics server stopped");
                }
            })
        });
        let scheduler = self.scheduler();
        let scheduler_task = tokio::spawn(scheduler.run(self.settings.scheduler.tick, self.stop_tx.subscribe()));
        let homes_task = tokio::spawn(self.bot.clone().publish_dirty_homes(self.stop_tx.subscribe()));
        // What a crash left owed is still queued: the worker's first pass sends it.
        let deliverer = self.bot.deliverer().clone();
        let outbox_task = tokio::spawn(deliverer.clone().run(self.stop_tx.subscribe()));
        let mut stop = self.stop_tx.subscribe();
        let outbox_stop = deliverer;
        tracing::info!(address = %self.local_addr(), mode = ?self.settings.slack.mode, "serving");
        axum::serve(self.listener, app)
            .with_graceful_shutdown(async move {
                let _ = stop.wait_for(|stopped| *stopped).await;
                outbox_stop.stop();
            })
            .await
            .context("HTTP server")?;
        let _ = scheduler_task.await;
        let _ = outbox_task.await;
        let _ = homes_task.await;
        if let Some(task) = metrics_task {
            let _ = task.await;
        }
        if let Some(task) = socket_task {
            let _ = task.await;
        }
        self.bot.drain(DRAIN).await;
        self.bot.program().store().close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}
