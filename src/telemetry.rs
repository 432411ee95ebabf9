//! Structured logs. Lines carry Slack IDs and row ids, never a request body or text a
//! person typed. `RUST_LOG` filters; `PEER_SUPPORT_LOG_FORMAT=json` switches to JSON.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let json = std::env::var("PEER_SUPPORT_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    // Colour only for a person at a terminal; log files and collectors get plain text.
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(colour);
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}
