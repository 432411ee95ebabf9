//! Structured logs. Lines name rows and actions (request 12, offer 31, `offer_accept`),
//! never a Slack user ID, a name, a `response_url`, or anything a person chose or typed.
//! `RUST_LOG` filters; `PEER_SUPPORT_LOG_FORMAT=json` switches to JSON.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// Libraries whose debug and trace output can carry message bytes, headers or URLs
/// (a WebSocket frame, an HTTP body, a `response_url`): held at `info` whatever
/// `RUST_LOG` says, so turning logging up never turns privacy down.
const HELD_AT_INFO: &[&str] = &[
    "hyper",
    "hyper_util",
    "h2",
    "reqwest",
    "rustls",
    "tungstenite",
    "tokio_tungstenite",
    "tower",
    "tower_http",
    "axum",
    "want",
    "mio",
];

/// The filter for `spec` (a `RUST_LOG` value), with the libraries above held at `info`
/// and sqlx at `warn`.
pub fn filter(spec: &str) -> EnvFilter {
    let mut filter = EnvFilter::try_new(spec).unwrap_or_else(|_| EnvFilter::new("info"));
    for target in HELD_AT_INFO {
        filter = filter.add_directive(format!("{target}=info").parse().expect("a valid directive"));
    }
    filter.add_directive("sqlx=warn".parse().expect("a valid directive"))
}

/// Logs to standard error, as `RUST_LOG` and `PEER_SUPPORT_LOG_FORMAT` say.
pub fn init() {
    let spec = std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into());
    let json = std::env::var("PEER_SUPPORT_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    // Colour only for a person at a terminal; log files and collectors get plain text.
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
    init_with(&spec, json, colour, std::io::stderr);
}

/// Logs to `writer` (the test bench captures them this way).
pub fn init_with<W>(spec: &str, json: bool, colour: bool, writer: W)
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter(spec))
        .with_writer(writer)
        .with_target(false)
        .with_ansi(colour);
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}
