//! Where each secret comes from. A secret can be set in the environment, read from a file
//! named by its `…_file` key, read from systemd's `$CREDENTIALS_DIRECTORY`, or written in
//! the config file, in that order of precedence. `check-config` says which, never what.

use std::collections::HashMap;
use std::fmt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::{Secret, Settings, env_var_for};

/// Where one secret came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretSource {
    Unset,
    /// Written in the config file.
    ConfigFile(PathBuf),
    /// An environment variable.
    Environment(String),
    /// The file its `…_file` key names.
    File(PathBuf),
    /// A systemd credential (`LoadCredential=`).
    Credential(PathBuf),
}

/// A secret's key and where its value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretOrigin {
    pub key: &'static str,
    pub source: SecretSource,
}

impl fmt::Display for SecretOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            SecretSource::Unset => write!(f, "{}: not set", self.key),
            SecretSource::ConfigFile(p) => write!(f, "{}: from the config file {}", self.key, p.display()),
            SecretSource::Environment(var) => write!(f, "{}: from the environment ({var})", self.key),
            SecretSource::File(p) => write!(f, "{}: from the file {}", self.key, p.display()),
            SecretSource::Credential(p) => write!(f, "{}: from the systemd credential {}", self.key, p.display()),
        }
    }
}

/// One secret: its key, its `…_file` key, and its credential's name.
struct Slot {
    key: &'static str,
    file_key: &'static str,
    credential: &'static str,
}

const SLOTS: [Slot; 3] = [
    Slot { key: "slack.bot_token", file_key: "slack.bot_token_file", credential: "bot_token" },
    Slot { key: "slack.signing_secret", file_key: "slack.signing_secret_file", credential: "signing_secret" },
    Slot { key: "slack.app_token", file_key: "slack.app_token_file", credential: "app_token" },
];

/// What resolving the secrets found.
#[derive(Default)]
pub struct Resolved {
    pub origins: Vec<SecretOrigin>,
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
}

/// Fills each secret from the highest-precedence place that holds it.
pub fn resolve(settings: &mut Settings, env: &HashMap<String, String>, config_file: Option<&Path>) -> Resolved {
    let mut resolved = Resolved::default();
    let credentials = env.get("CREDENTIALS_DIRECTORY").filter(|d| !d.is_empty()).map(PathBuf::from);
    for slot in &SLOTS {
        let (value, file) = match slot.credential {
            "bot_token" => (&mut settings.slack.bot_token, settings.slack.bot_token_file.clone()),
            "signing_secret" => (&mut settings.slack.signing_secret, settings.slack.signing_secret_file.clone()),
            _ => (&mut settings.slack.app_token, settings.slack.app_token_file.clone()),
        };
        let var = env_var_for(slot.key);
        let source = if env.get(&var).is_some_and(|v| !v.is_empty()) {
            SecretSource::Environment(var)
        } else if !file.is_empty() {
            if !value.is_empty() {
                resolved.problems.push(format!(
                    "{} and {} are both set: keep one (the file keeps the secret out of the config)",
                    slot.key, slot.file_key
                ));
            }
            let path = PathBuf::from(&file);
            match read_secret(&path) {
                Ok(secret) => {
                    *value = secret;
                    warn_if_others_can_read(&path, slot.key, &mut resolved.warnings);
                    SecretSource::File(path)
                }
                Err(e) => {
                    resolved.problems.push(format!("{} names {file}, which could not be read: {e}", slot.file_key));
                    SecretSource::Unset
                }
            }
        } else if let Some(path) = credentials.as_ref().map(|d| d.join(slot.credential)).filter(|p| p.exists()) {
            match read_secret(&path) {
                Ok(secret) => {
                    *value = secret;
                    SecretSource::Credential(path)
                }
                Err(e) => {
                    resolved.problems.push(format!("the credential {} could not be read: {e}", path.display()));
                    SecretSource::Unset
                }
            }
        } else if !value.is_empty() {
            match config_file {
                Some(path) => {
                    warn_if_others_can_read(path, slot.key, &mut resolved.warnings);
                    SecretSource::ConfigFile(path.to_path_buf())
                }
                None => SecretSource::Unset,
            }
        } else {
            SecretSource::Unset
        };
        resolved.origins.push(SecretOrigin { key: slot.key, source });
    }
    resolved
}

/// A secret file's contents, without the trailing newline an editor or `echo` adds.
fn read_secret(path: &Path) -> std::io::Result<Secret> {
    let text = std::fs::read_to_string(path)?;
    Ok(Secret::new(text.trim_end_matches(['\n', '\r'])))
}

fn warn_if_others_can_read(path: &Path, key: &str, warnings: &mut Vec<String>) {
    let Ok(meta) = std::fs::metadata(path) else { return };
    if meta.permissions().mode() & 0o004 != 0 {
        let shown = path.display();
        let warning = format!(
            "{shown} holds {key} and every user on this machine can read it: chmod 600 {shown}, or use a systemd credential"
        );
        if !warnings.contains(&warning) {
            warnings.push(warning);
        }
    }
}
