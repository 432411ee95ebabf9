//! `peer-support`: a Slack bot that runs a hospital's peer support program.
//!
//! # Layout
//! - [`choices`]: the enumerated choices a person makes, with their stored codes and words.
//! - [`ids`]: typed ids (a request's, an offer's, an assignment's, a person's).
//! - [`settings`]: typed, layered configuration (defaults, TOML, `PEER_SUPPORT__…`).
//! - [`slack`]: the edge. Signature checks, parsing into [`slack::inbound::Inbound`],
//!   the HTTP routes, the Web API client, and Block Kit views. Only this module knows Slack.
//! - [`domain`]: choices, matching, the business-time calendar and the request → offer →
//!   assignment state machine. It decides and returns typed notices; no HTTP, no JSON.
//! - [`i18n`]: the message catalogs (Fluent): every text a person sees, in English and
//!   Spanish, with a program's own overrides.
//! - [`store`]: SQLite, one file per table. No column holds text a person typed.
//! - [`scheduler`]: durable timed work (offer timeouts, SLA alerts), run when due.
//! - [`cli`]: the operator's commands (check-config, roster, manifest).
//! - [`demo`]: the bot against a simulated workspace, with a page to act as each role.
//! - [`app`]: wires it together and runs until stopped.

pub mod app;
pub mod choices;
pub mod cli;
pub mod clock;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod ids;
pub mod metrics;
pub mod scheduler;
pub mod settings;
pub mod slack;
pub mod stop;
pub mod store;
pub mod telemetry;
