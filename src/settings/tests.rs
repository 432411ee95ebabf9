use super::*;

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn defaults_load_and_name_every_missing_secret() {
    let s = Settings::load_with_env(None, Some(env(&[]))).unwrap();
    assert_eq!(s.matching.offer_timeout, Duration::from_secs(4 * 3600));
    assert_eq!(s.follow_up.requester_after.len(), 2);
    let err = s.validate().unwrap_err().to_string();
    assert!(err.contains("slack.signing_secret is empty"), "{err}");
    assert!(err.contains("set PEER_SUPPORT__SLACK__SIGNING_SECRET"), "{err}");
    assert!(err.contains("set PEER_SUPPORT__SLACK__BOT_TOKEN"), "{err}");
    assert!(err.contains("program.coordinators"), "{err}");
}

#[test]
fn environment_overrides_file_and_parses_lists() {
    let s = Settings::load_with_env(
        None,
        Some(env(&[
            ("PEER_SUPPORT__SLACK__BOT_TOKEN", "xoxb-1"),
            ("PEER_SUPPORT__SLACK__SIGNING_SECRET", "s3cret"),
            ("PEER_SUPPORT__PROGRAM__COORDINATORS", "U0001,U0002"),
            ("PEER_SUPPORT__MATCHING__OFFER_TIMEOUT", "3s"),
            ("PEER_SUPPORT__SLA__BUSINESS_HOURS_ONLY", "false"),
        ])),
    )
    .unwrap();
    assert_eq!(s.program.coordinators, vec!["U0001", "U0002"]);
    assert_eq!(s.matching.offer_timeout, Duration::from_secs(3));
    assert!(!s.sla.business_hours_only);
    s.validate().unwrap();
}

#[test]
fn a_secret_file_loses_its_trailing_newline_and_the_environment_wins() {
    let dir = std::env::temp_dir().join(format!("peer-support-secret-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("token"), "xoxb-file-1\r\n").unwrap();
    std::fs::write(dir.join("signing_secret"), "from-credential\n").unwrap();
    let path = dir.join("token").display().to_string();
    let loaded = Settings::load_checked(
        None,
        Some(env(&[
            ("PEER_SUPPORT__SLACK__BOT_TOKEN_FILE", &path),
            ("PEER_SUPPORT__SLACK__APP_TOKEN", "xapp-env"),
            ("CREDENTIALS_DIRECTORY", &dir.display().to_string()),
        ])),
    )
    .unwrap();
    assert_eq!(loaded.settings.slack.bot_token.expose(), "xoxb-file-1");
    assert_eq!(loaded.settings.slack.signing_secret.expose(), "from-credential");
    assert_eq!(loaded.settings.slack.app_token.expose(), "xapp-env");
    let sources: Vec<_> = loaded.secrets.iter().map(|o| o.source.clone()).collect();
    assert_eq!(
        sources,
        vec![
            SecretSource::File(dir.join("token")),
            SecretSource::Credential(dir.join("signing_secret")),
            SecretSource::Environment("PEER_SUPPORT__SLACK__APP_TOKEN".into()),
        ]
    );
    let missing = Settings::load_checked(None, Some(env(&[("PEER_SUPPORT__SLACK__BOT_TOKEN_FILE", "/no/such/file")])));
    let Err(SettingsError::Invalid(problems)) = missing else { panic!("a missing secret file is a problem") };
    assert!(problems[0].contains("slack.bot_token_file names /no/such/file"), "{problems:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn secrets_never_print() {
    let s = Settings::load_with_env(None, Some(env(&[("PEER_SUPPORT__SLACK__SIGNING_SECRET", "very-secret-value")])))
        .unwrap();
    assert!(!format!("{s:?}").contains("very-secret-value"));
    assert!(!s.redacted_toml().contains("very-secret-value"));
    assert!(s.redacted_toml().contains("[redacted]"));
}

#[test]
fn a_sites_coordinators_and_time_zone_are_checked() {
    let mut s = Settings::load_with_env(None, Some(env(&[]))).unwrap();
    s.program.sites = vec![
        Site { name: "North".into(), coordinators: vec!["not-an-id".into()], ..Default::default() },
        Site { name: "north".into(), timezone: "Mars/Olympus".into(), ..Default::default() },
    ];
    let err = s.validate().unwrap_err().to_string();
    assert!(err.contains("program.sites (\"North\") coordinators holds \"not-an-id\""), "{err}");
    assert!(err.contains("program.sites (\"north\") appears twice"), "{err}");
    assert!(err.contains("timezone \"Mars/Olympus\" is not an IANA time zone"), "{err}");
    assert_eq!(s.program.site("NORTH").map(|x| x.name.as_str()), Some("North"));
    assert!(s.program.site("").is_none());
}

#[test]
fn a_bad_calendar_names_its_key() {
    let s =
        Settings::load_with_env(None, Some(env(&[("PEER_SUPPORT__PROGRAM__BUSINESS_HOURS", "17:00-08:00")]))).unwrap();
    let err = s.parse_calendar().unwrap_err();
    assert!(err.contains("program.business_hours"), "{err}");
}

#[test]
fn plain_http_to_slack_is_refused_but_a_local_fake_is_fine() {
    let with_url = |url: &str| {
        let mut s = Settings::load_with_env(None, Some(env(&[]))).unwrap();
        s.slack.api_url = url.into();
        match s.validate() {
            Err(SettingsError::Invalid(problems)) => problems.iter().any(|p| p.starts_with("slack.api_url")),
            _ => false,
        }
    };
    assert!(with_url("http://slack.example.org/api/"));
    assert!(with_url("http://10.0.0.5/api/"));
    assert!(with_url("ftp://127.0.0.1/"));
    assert!(!with_url("https://slack.com/api/"));
    assert!(!with_url("http://127.0.0.1:9000/api/"));
    assert!(!with_url("http://localhost:9000/api/"));
    assert!(!with_url("http://[::1]:9000/api/"));
}

#[test]
fn slack_user_ids_are_recognised() {
    assert!(is_slack_user_id("U012ABCDEF"));
    assert!(is_slack_user_id("W0ABC"));
    assert!(!is_slack_user_id("u012"));
    assert!(!is_slack_user_id("C012ABC"));
    assert!(!is_slack_user_id("U01 2"));
}
