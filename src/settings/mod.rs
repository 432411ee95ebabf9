//! Typed, layered settings: built-in defaults, then a TOML file, then `PEER_SUPPORT__…`
//! environment variables; secrets may also come from files or systemd credentials
//! ([`secrets`]). Loading refuses keys it does not know ([`strict`]); validation names
//! the key and the variable that fixes it. Every problem is listed at once.

mod secrets;
mod strict;

pub use secrets::{SecretOrigin, SecretSource};
pub use strict::closest;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::Duration;

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize, Serializer};

/// The defaults, as an operator would write them. Every key of the contract is here.
pub const DEFAULTS_TOML: &str = r#"
[server]
listen = "127.0.0.1:3000"
public_url = ""
metrics_listen = ""

[slack]
mode = "http"
bot_token = ""
signing_secret = ""
app_token = ""
bot_token_file = ""
signing_secret_file = ""
app_token_file = ""
api_url = "https://slack.com/api/"
socket_heartbeat = "10s"
proxy_url = ""

[database]
url = "sqlite://peer-support.db"

[program]
name = "Peer Support"
timezone = "America/New_York"
coordinators = []
leaders = []
eligible = []
crisis_line = "If you are in crisis, call or text 988 (Suicide & Crisis Lifeline)."
safety_guidance = "If someone may be in danger right now, stay with them if you can and call 988 or your hospital's emergency number. A coordinator has been told and will contact you."
business_days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
business_hours = "08:00-17:00"
holidays = []
resources = []
departments = []
interests = []
default_locale = "en"
messages_dir = ""
backup_contact = ""

[matching]
mode = "auto"
offer_timeout = "4h"
reveal_on_accept = true

[sla]
match_within = "2days"
business_hours_only = true

[follow_up]
requester_after = ["3days", "14days"]
supporter_reminder_after = "2days"
ask_again_after = "3days"
supporter_check_in = "30days"

[surge]
after = 10
window = "15m"

[retention]
purge_closed_after = "30days"

[scheduler]
tick = "30s"
"#;

const ENV_PREFIX: &str = "PEER_SUPPORT";
const LIST_KEYS: &[&str] = &[
    "program.coordinators",
    "program.leaders",
    "program.eligible",
    "program.departments",
    "program.interests",
    "program.business_days",
    "program.holidays",
    "follow_up.requester_after",
];

/// A value that must never be printed or logged.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"[redacted]\"" })
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if self.0.is_empty() { "" } else { "[redacted]" })
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Settings {
    pub server: ServerSettings,
    pub slack: SlackSettings,
    pub database: DatabaseSettings,
    pub program: ProgramSettings,
    pub matching: MatchingSettings,
    pub sla: SlaSettings,
    pub follow_up: FollowUpSettings,
    pub surge: SurgeSettings,
    pub retention: RetentionSettings,
    pub scheduler: SchedulerSettings,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct ServerSettings {
    pub listen: String,
    pub public_url: String,
    /// When set, `/metrics` is served here only, so a proxy that exposes `listen` to
    /// Slack does not expose it.
    #[serde(default)]
    pub metrics_listen: String,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SlackMode {
    Http,
    Socket,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct SlackSettings {
    pub mode: SlackMode,
    pub bot_token: Secret,
    pub signing_secret: Secret,
    pub app_token: Secret,
    /// Files holding the secrets (a trailing newline is ignored).
    #[serde(default)]
    pub bot_token_file: String,
    #[serde(default)]
    pub signing_secret_file: String,
    #[serde(default)]
    pub app_token_file: String,
    pub api_url: String,
    /// Socket Mode: how often a quiet connection is pinged; one silent for three of these
    /// (no message, no pong) is taken for half-open and replaced.
    #[serde(with = "humantime_serde", default = "default_heartbeat")]
    pub socket_heartbeat: Duration,
    /// An http:// proxy for the Web API and the WebSocket alike; empty means HTTPS_PROXY
    /// and NO_PROXY from the environment, if set.
    #[serde(default)]
    pub proxy_url: String,
}

fn default_heartbeat() -> Duration {
    Duration::from_secs(10)
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct DatabaseSettings {
    pub url: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Resource {
    pub name: String,
    pub contact: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct ProgramSettings {
    pub name: String,
    pub timezone: String,
    pub coordinators: Vec<String>,
    pub leaders: Vec<String>,
    pub eligible: Vec<String>,
    pub crisis_line: String,
    pub safety_guidance: String,
    pub business_days: Vec<String>,
    pub business_hours: String,
    pub holidays: Vec<String>,
    pub resources: Vec<Resource>,
    /// A 24/7 number shown to a supporter who raises a safety concern (when set).
    #[serde(default)]
    pub backup_contact: String,
    /// The departments a person can choose on the request form (the roster's are added).
    #[serde(default)]
    pub departments: Vec<String>,
    /// Areas of interest supporters may list ("Meet the supporters") and requesters may
    /// ask for: litigation, bereavement, medical error, residency, work and family.
    #[serde(default)]
    pub interests: Vec<String>,
    /// The language for anyone whose Slack locale the catalog does not have.
    pub default_locale: String,
    /// A directory of `LOCALE.ftl` files overriding the bot's words ("" for none).
    pub messages_dir: String,
    /// The program's sites (the roster's are added to the form's choices), each with its
    /// own coordinators and, optionally, who may ask there and its time zone.
    #[serde(default)]
    pub sites: Vec<Site>,
}

/// One site of a program that runs across several hospitals.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub name: String,
    /// The site's own coordinators: its requests, queue and counts.
    #[serde(default)]
    pub coordinators: Vec<String>,
    /// Who may ask at this site; empty means the program's rule.
    #[serde(default)]
    pub eligible: Vec<String>,
    /// The site's IANA time zone; empty means `program.timezone`.
    #[serde(default)]
    pub timezone: String,
}

impl ProgramSettings {
    /// The configured site of this name (names match without regard to case).
    pub fn site(&self, name: &str) -> Option<&Site> {
        (!name.is_empty()).then(|| self.sites.iter().find(|s| s.name.eq_ignore_ascii_case(name))).flatten()
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MatchingMode {
    /// Offer the best match at once.
    Auto,
    /// A coordinator picks from the top candidates.
    Coordinator,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct MatchingSettings {
    pub mode: MatchingMode,
    #[serde(with = "humantime_serde")]
    pub offer_timeout: Duration,
    pub reveal_on_accept: bool,
}

/// Many requests at once: past `after` requests within `window`, coordinators get one
/// digest they can act from instead of a DM per request.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct SurgeSettings {
    pub after: u32,
    #[serde(with = "humantime_serde")]
    pub window: Duration,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct SlaSettings {
    #[serde(with = "humantime_serde")]
    pub match_within: Duration,
    pub business_hours_only: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct FollowUpSettings {
    #[serde(with = "humantime_list")]
    pub requester_after: Vec<Duration>,
    #[serde(with = "humantime_serde")]
    pub supporter_reminder_after: Duration,
    #[serde(with = "humantime_serde")]
    pub ask_again_after: Duration,
    /// How often each active supporter is asked how the role is going for them.
    #[serde(with = "humantime_serde")]
    pub supporter_check_in: Duration,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct RetentionSettings {
    #[serde(with = "humantime_serde")]
    pub purge_closed_after: Duration,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct SchedulerSettings {
    #[serde(with = "humantime_serde")]
    pub tick: Duration,
}

mod humantime_list {
    use serde::{Deserialize, Deserializer, Serializer, ser::SerializeSeq};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(list: &[Duration], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(list.len()))?;
        for d in list {
            seq.serialize_element(&humantime::format_duration(*d).to_string())?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Duration>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|s| humantime::parse_duration(s.trim()).map_err(serde::de::Error::custom))
            .collect()
    }
}

/// Why the settings cannot be used; each line names a key and how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("could not read {path}: {reason}")]
    File { path: String, reason: String },
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
}

/// Settings as loaded, with where each secret came from and what deserves a warning.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub settings: Settings,
    pub secrets: Vec<SecretOrigin>,
    pub warnings: Vec<String>,
}

/// The environment variable that sets `key` (`slack.bot_token` → `PEER_SUPPORT__SLACK__BOT_TOKEN`).
pub fn env_var_for(key: &str) -> String {
    format!("{ENV_PREFIX}__{}", key.replace('.', "__").to_uppercase())
}

impl Settings {
    /// Defaults, then `file`, then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, SettingsError> {
        Self::load_with_env(file, None)
    }

    /// As [`Settings::load`], with `env` standing in for the process environment (tests).
    pub fn load_with_env(file: Option<&Path>, env: Option<HashMap<String, String>>) -> Result<Self, SettingsError> {
        Self::load_checked(file, env).map(|loaded| loaded.settings)
    }

    /// Loads, refusing unknown keys and variables, and resolves the secrets. Every
    /// problem found is in the error, not only the first.
    pub fn load_checked(file: Option<&Path>, env: Option<HashMap<String, String>>) -> Result<Loaded, SettingsError> {
        use config::{Config, Environment, File, FileFormat};
        let env: HashMap<String, String> = env.unwrap_or_else(|| std::env::vars().collect());
        let mut problems = strict::unknown_in_env(&env);
        let mut builder = Config::builder().add_source(File::from_str(DEFAULTS_TOML, FileFormat::Toml));
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| SettingsError::File { path: path.display().to_string(), reason: e.to_string() })?;
            match text.parse::<toml::Table>() {
                Ok(table) => problems.extend(strict::unknown_in_file(&table)),
                Err(e) => {
                    problems.push(format!("{}: {}", path.display(), e.to_string().trim_end()));
                    return Err(SettingsError::Invalid(problems));
                }
            }
            builder = builder.add_source(File::from_str(&text, FileFormat::Toml));
        }
        let mut environment = Environment::with_prefix(ENV_PREFIX)
            .prefix_separator("__")
            .separator("__")
            .list_separator(",")
            .try_parsing(true);
        for key in LIST_KEYS {
            environment = environment.with_list_parse_key(key);
        }
        let prefixed: HashMap<String, String> =
            env.iter().filter(|(k, _)| k.starts_with(ENV_PREFIX)).map(|(k, v)| (k.clone(), v.clone())).collect();
        environment = environment.source(Some(prefixed.into_iter().collect()));
        let mut settings: Settings = match builder.add_source(environment).build().and_then(|c| c.try_deserialize()) {
            Ok(settings) => settings,
            Err(e) => {
                problems.push(format!("configuration: {e}"));
                return Err(SettingsError::Invalid(problems));
            }
        };
        let resolved = secrets::resolve(&mut settings, &env, file);
        problems.extend(resolved.problems);
        if !problems.is_empty() {
            return Err(SettingsError::Invalid(problems));
        }
        Ok(Loaded { settings: settings.normalized(), secrets: resolved.origins, warnings: resolved.warnings })
    }

    fn normalized(mut self) -> Self {
        if !self.slack.api_url.ends_with('/') {
            self.slack.api_url.push('/');
        }
        self
    }

    /// Everything `serve` needs, checked at once, so an operator fixes all in one go.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let mut problems = Vec::new();
        // "slack.signing_secret is empty: set PEER_SUPPORT__SLACK__SIGNING_SECRET (where to find it)"
        let mut need = |key: &str, problem: &str| {
            let (problem, hint) = match problem.split_once(" (") {
                Some((p, h)) => (p.to_string(), format!(" ({h}")),
                None => (problem.to_string(), String::new()),
            };
            problems.push(format!("{key} {problem}: set {}{hint}", env_var_for(key)));
        };
        if self.slack.bot_token.is_empty() {
            need("slack.bot_token", "is empty (the xoxb- token from OAuth & Permissions)");
        } else if !self.slack.bot_token.expose().starts_with("xoxb-") {
            need("slack.bot_token", "is not a bot token (it starts with xoxb-)");
        }
        match self.slack.mode {
            SlackMode::Http => {
                if self.slack.signing_secret.is_empty() {
                    need("slack.signing_secret", "is empty (Basic Information > Signing Secret)");
                }
            }
            SlackMode::Socket => {
                if self.slack.app_token.is_empty() {
                    need(
                        "slack.app_token",
                        "is empty in socket mode (an xapp- app-level token with connections:write)",
                    );
                } else if !self.slack.app_token.expose().starts_with("xapp-") {
                    need("slack.app_token", "is not an app-level token (it starts with xapp-)");
                }
            }
        }
        for (key, secret) in [
            ("slack.bot_token", &self.slack.bot_token),
            ("slack.signing_secret", &self.slack.signing_secret),
            ("slack.app_token", &self.slack.app_token),
        ] {
            if is_placeholder(secret.expose()) {
                need(key, "still holds the example's placeholder (put the real value in, or use the _file key)");
            }
        }
        if self.program.business_days.is_empty() {
            need("program.business_days", "is empty (list the days that count, like [\"Mon\", \"Tue\"])");
        }
        if self.program.coordinators.is_empty() {
            need("program.coordinators", "is empty (at least one coordinator's Slack user ID, like U012ABCDEF)");
        }
        for (key, ids) in [
            ("program.coordinators", &self.program.coordinators),
            ("program.leaders", &self.program.leaders),
            ("program.eligible", &self.program.eligible),
        ] {
            for id in ids.iter().filter(|id| !is_slack_user_id(id)) {
                need(key, &format!("holds {id:?}, which is not a Slack user ID (like U012ABCDEF)"));
            }
            if ids.iter().any(|id| id == EXAMPLE_USER_ID) {
                need(key, &format!("still holds the example ID {EXAMPLE_USER_ID} (a real member ID from Slack)"));
            }
        }
        for interest in &self.program.interests {
            if interest.trim().is_empty() || interest.contains(';') || interest.chars().count() > 60 {
                need(
                    "program.interests",
                    &format!("holds {interest:?} (each is a short name, up to 60 characters, without ';')"),
                );
            }
        }
        let mut seen_sites = std::collections::HashSet::new();
        for site in &self.program.sites {
            let key = format!("program.sites ({:?})", site.name);
            if site.name.trim().is_empty() {
                need("program.sites", "has a site with no name");
            } else if !seen_sites.insert(site.name.to_lowercase()) {
                need(&key, "appears twice");
            }
            for (field, ids) in [("coordinators", &site.coordinators), ("eligible", &site.eligible)] {
                for id in ids.iter().filter(|id| !is_slack_user_id(id)) {
                    need(&key, &format!("{field} holds {id:?}, which is not a Slack user ID (like U012ABCDEF)"));
                }
            }
            if !site.timezone.is_empty() && site.timezone.parse::<Tz>().is_err() {
                need(&key, &format!("timezone {:?} is not an IANA time zone like America/Chicago", site.timezone));
            }
        }
        match reqwest::Url::parse(&self.slack.api_url) {
            Ok(url) if url.scheme() == "https" => {}
            // Plain HTTP would carry the bot token in the clear: only to this machine (a fake).
            Ok(url) if url.scheme() == "http" && is_loopback_host(&url) => {}
            Ok(url) if url.scheme() == "http" => {
                need("slack.api_url", "uses plain http to another machine (use https; http is for 127.0.0.1 only)")
            }
            _ => need("slack.api_url", "is not an http(s) URL"),
        }
        if !self.server.metrics_listen.is_empty() && self.server.metrics_listen.parse::<std::net::SocketAddr>().is_err()
        {
            need("server.metrics_listen", "is not an address like 127.0.0.1:9464");
        }
        if self.server.listen.parse::<std::net::SocketAddr>().is_err() {
            need("server.listen", "is not an address like 127.0.0.1:3000");
        }
        for (key, d) in [
            ("matching.offer_timeout", self.matching.offer_timeout),
            ("sla.match_within", self.sla.match_within),
            ("scheduler.tick", self.scheduler.tick),
            ("retention.purge_closed_after", self.retention.purge_closed_after),
            ("follow_up.supporter_reminder_after", self.follow_up.supporter_reminder_after),
            ("follow_up.ask_again_after", self.follow_up.ask_again_after),
            ("follow_up.supporter_check_in", self.follow_up.supporter_check_in),
        ] {
            if d.is_zero() {
                need(key, "is zero (use a duration such as \"4h\" or \"2days\")");
            }
        }
        if self.database.url.trim().is_empty() {
            need("database.url", "is empty (for example sqlite://peer-support.db)");
        }
        if let Err(e) = self.parse_calendar() {
            problems.push(e);
        }
        if problems.is_empty() { Ok(()) } else { Err(SettingsError::Invalid(problems)) }
    }

    /// What a deployment needs beyond what `serve` needs: `check-config` reports these
    /// too (a bot can run without them, but its manifest and its Slack app cannot).
    pub fn deploy_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.slack.mode == SlackMode::Http {
            if self.server.public_url.trim().is_empty() {
                problems.push(format!(
                    "server.public_url is empty in HTTP mode (the https address Slack reaches, used by `manifest`): set {}",
                    env_var_for("server.public_url")
                ));
            } else if is_placeholder_url(&self.server.public_url) {
                problems.push(format!(
                    "server.public_url still holds the example's address: set {}",
                    env_var_for("server.public_url")
                ));
            }
        }
        problems
    }

    /// The program's calendar settings, parsed; the error names the key.
    pub fn parse_calendar(&self) -> Result<CalendarSettings, String> {
        let p = &self.program;
        let timezone: Tz = p.timezone.parse().map_err(|_| {
            format!(
                "program.timezone {:?} is not an IANA time zone like America/New_York: set {}",
                p.timezone,
                env_var_for("program.timezone")
            )
        })?;
        let mut business_days = Vec::new();
        for day in &p.business_days {
            business_days.push(day.parse::<Weekday>().map_err(|_| {
                format!(
                    "program.business_days holds {day:?}, not a weekday like Mon: set {}",
                    env_var_for("program.business_days")
                )
            })?);
        }
        let hours_error = || {
            format!(
                "program.business_hours {:?} is not a range like 08:00-17:00: set {}",
                p.business_hours,
                env_var_for("program.business_hours")
            )
        };
        let (open, close) = p.business_hours.split_once('-').ok_or_else(hours_error)?;
        let open = NaiveTime::parse_from_str(open.trim(), "%H:%M").map_err(|_| hours_error())?;
        let close = NaiveTime::parse_from_str(close.trim(), "%H:%M").map_err(|_| hours_error())?;
        if open >= close {
            return Err(hours_error());
        }
        let mut holidays = Vec::new();
        for day in &p.holidays {
            holidays.push(NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").map_err(|_| {
                format!(
                    "program.holidays holds {day:?}, not a date like 2026-12-25: set {}",
                    env_var_for("program.holidays")
                )
            })?);
        }
        Ok(CalendarSettings { timezone, business_days, open, close, holidays })
    }

    /// The configuration as TOML with secrets redacted (what `check-config` prints).
    pub fn redacted_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# could not render: {e}"))
    }
}

/// The calendar part of the settings, parsed into types.
#[derive(Clone, Debug)]
pub struct CalendarSettings {
    pub timezone: Tz,
    pub business_days: Vec<Weekday>,
    pub open: NaiveTime,
    pub close: NaiveTime,
    pub holidays: Vec<NaiveDate>,
}

/// The member ID the README and the example config use.
const EXAMPLE_USER_ID: &str = "U012ABCDEF";

/// A value left as the example wrote it ("xoxb-...", "...", "your-token").
fn is_placeholder(value: &str) -> bool {
    let lower = value.to_lowercase();
    value.contains("...") || lower.contains("your") || lower.contains("changeme") || lower.contains("xxxx")
}

fn is_placeholder_url(url: &str) -> bool {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .is_some_and(|host| host.ends_with(".example") || host.contains("example.com") || host.contains("example.org"))
}

/// Slack user IDs start with U or W and hold upper-case letters and digits.
pub fn is_slack_user_id(id: &str) -> bool {
    id.len() >= 3
        && id.len() <= 21
        && (id.starts_with('U') || id.starts_with('W'))
        && id.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// True for localhost and the loopback addresses (127.0.0.0/8, ::1).
fn is_loopback_host(url: &reqwest::Url) -> bool {
    match url.host_str() {
        Some(host) if host.eq_ignore_ascii_case("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

#[cfg(test)]
mod tests;
