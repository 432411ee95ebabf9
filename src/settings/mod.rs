//! Typed, layered settings: built-in defaults, then a TOML file, then `PEER_SUPPORT__…`
//! environment variables; secrets may also come from files or systemd credentials
//! ([`secrets`]). Loading refuses keys it does not know ([`strict`]); validation names
//! the key and the variable that fixes it. Every problem is listed at once.

mod secrets;
mod strict;
mod validate;
pub use validate::is_slack_user_id;

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

#[cfg(test)]
mod tests;
