//! Whether the settings can run the bot: every problem at once, each naming its key and
//! the variable that fixes it; and what a hospital deployment should not ship with.

use super::*;

impl Settings {
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
