//! The operator's commands, run as the built binary.

use std::process::Command;

fn peer_support(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_peer-support"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .envs(std::env::vars().filter(|(k, _)| !k.starts_with("PEER_SUPPORT__")))
        .output()
        .unwrap()
}

fn text(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

const GOOD: &str = r#"
[server]
public_url = "https://peer-support.hospital.org"
[slack]
bot_token = "xoxb-123-secret-token"
signing_secret = "very-secret-signing"
[program]
coordinators = ["UCOORD1"]
"#;

#[test]
fn check_config_accepts_a_good_file_and_redacts_its_secrets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.toml"), GOOD).unwrap();
    let out = peer_support(dir.path(), &["check-config", "--config", "good.toml"]);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("[redacted]") && !said.contains("very-secret-signing") && !said.contains("secret-token"));
    assert!(said.contains("UCOORD1"));
}

#[test]
fn check_config_names_every_problem_and_its_variable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.toml"), "[program]\ntimezone = \"Mars/Olympus\"\nbusiness_hours = \"9-5\"\n")
        .unwrap();
    let out = peer_support(dir.path(), &["check-config", "--config", "bad.toml"]);
    assert!(!out.status.success());
    let said = text(&out);
    for fragment in [
        "slack.signing_secret is empty: set PEER_SUPPORT__SLACK__SIGNING_SECRET",
        "PEER_SUPPORT__SLACK__BOT_TOKEN",
        "program.coordinators",
        "program.timezone",
    ] {
        assert!(said.contains(fragment), "missing {fragment:?} in {said}");
    }
    // A file that is not TOML, and a file that is not there.
    std::fs::write(dir.path().join("broken.toml"), "[slack\nmode = ").unwrap();
    let out = peer_support(dir.path(), &["check-config", "--config", "broken.toml"]);
    assert!(!out.status.success() && text(&out).contains("configuration"));
    let out = peer_support(dir.path(), &["--config", "missing.toml", "check-config"]);
    assert!(!out.status.success() && text(&out).contains("missing.toml"));
}

#[test]
fn the_unedited_example_and_misspellings_fail_with_every_problem_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml");
    let out = peer_support(dir.path(), &["check-config", "--config", example]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out);
    for fragment in [
        "slack.bot_token still holds the example's placeholder",
        "slack.signing_secret still holds the example's placeholder",
        "program.coordinators still holds the example ID U012ABCDEF",
        "server.public_url still holds the example's address",
    ] {
        assert!(said.contains(fragment), "missing {fragment:?} in {said}");
    }
    std::fs::write(
        dir.path().join("typos.toml"),
        "[slak]\nmode = \"http\"\n[slack]\nbot_tokn = \"xoxb-1\"\n[program]\nbusiness_days = []\ncoordinators = [\"UCOORD1\"]\n",
    )
    .unwrap();
    let out = peer_support(dir.path(), &["check-config", "--config", "typos.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out);
    assert!(said.contains("slak is not a section the bot knows (did you mean slack?)"), "{said}");
    assert!(said.contains("slack.bot_tokn is not a key the bot knows (did you mean slack.bot_token?)"), "{said}");
    // With the typos fixed, what is left is listed in one go.
    std::fs::write(dir.path().join("empty_days.toml"), "[slack]\nmode = \"http\"\n[program]\nbusiness_days = []\n")
        .unwrap();
    let out = peer_support(dir.path(), &["check-config", "--config", "empty_days.toml"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1));
    for fragment in
        ["program.business_days is empty", "server.public_url is empty in HTTP mode", "slack.bot_token is empty"]
    {
        assert!(said.contains(fragment), "missing {fragment:?} in {said}");
    }
    // A variable that sets nothing is named too.
    let out = Command::new(env!("CARGO_BIN_EXE_peer-support"))
        .args(["check-config", "--config", "empty_days.toml"])
        .current_dir(dir.path())
        .envs(std::env::vars().filter(|(k, _)| !k.starts_with("PEER_SUPPORT__")))
        .env("PEER_SUPPORT__SLACK__SIGNING_SECRT", "x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("did you mean PEER_SUPPORT__SLACK__SIGNING_SECRET?"), "{}", text(&out));
}

#[test]
fn secrets_come_from_files_and_credentials_and_check_config_says_where_never_what() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let credentials = dir.path().join("creds");
    std::fs::create_dir(&credentials).unwrap();
    std::fs::write(dir.path().join("bot_token"), "xoxb-from-a-file-123\n").unwrap();
    std::fs::set_permissions(dir.path().join("bot_token"), std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(credentials.join("signing_secret"), "signing-from-systemd\n").unwrap();
    std::fs::write(
        dir.path().join("c.toml"),
        "[server]\npublic_url = \"https://peer.hospital.org\"\n[slack]\nbot_token_file = \"bot_token\"\n[program]\ncoordinators = [\"UCOORD1\"]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_peer-support"))
        .args(["check-config", "--config", "c.toml"])
        .current_dir(dir.path())
        .envs(std::env::vars().filter(|(k, _)| !k.starts_with("PEER_SUPPORT__")))
        .env("CREDENTIALS_DIRECTORY", &credentials)
        .output()
        .unwrap();
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("slack.bot_token: from the file bot_token"), "{said}");
    assert!(said.contains("slack.signing_secret: from the systemd credential"), "{said}");
    assert!(said.contains("slack.app_token: not set"), "{said}");
    assert!(!said.contains("xoxb-from-a-file") && !said.contains("signing-from-systemd"), "{said}");
    // A secret written into a config file everyone can read earns a warning.
    std::fs::write(dir.path().join("open.toml"), GOOD).unwrap();
    std::fs::set_permissions(dir.path().join("open.toml"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let said = text(&peer_support(dir.path(), &["check-config", "--config", "open.toml"]));
    assert!(
        said.contains("warning: open.toml holds slack.bot_token and every user on this machine can read it"),
        "{said}"
    );
    assert!(said.contains("slack.bot_token: from the config file open.toml"), "{said}");
    std::fs::set_permissions(dir.path().join("open.toml"), std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(!text(&peer_support(dir.path(), &["check-config", "--config", "open.toml"])).contains("warning"));
}

#[test]
fn serve_without_credentials_names_each_setting_and_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = peer_support(dir.path(), &["serve"]);
    assert_eq!(out.status.code(), Some(2));
    let said = text(&out);
    assert!(said.contains("PEER_SUPPORT__SLACK__BOT_TOKEN") && said.contains("PEER_SUPPORT__SLACK__SIGNING_SECRET"));
    assert!(said.contains("manifest"));
}

const HEADER: &str = "slack_user_id,role,department,specialty,site,gender,seniority,max_active\n";

#[test]
fn roster_import_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.toml"), "[database]\nurl = \"sqlite://roster.db\"\n").unwrap();
    std::fs::write(
        dir.path().join("good.csv"),
        format!("{HEADER}U0001,nurse,ICU,,Main,,senior,3\nU0002,physician,,,,,,\n"),
    )
    .unwrap();
    let out = peer_support(dir.path(), &["roster", "import", "good.csv", "--config", "c.toml", "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!dir.path().join("roster.db").exists(), "a dry run creates nothing");
    let out = peer_support(dir.path(), &["--config", "c.toml", "roster", "import", "good.csv"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("2 added, 0 updated"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("roster.db")).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the database is readable by others: {mode:o}");
    }
    // A mixed file: one good row, two bad; nothing changes and each bad line is named.
    std::fs::write(
        dir.path().join("mixed.csv"),
        format!("{HEADER}U0001,nurse,ICU,,Main,,senior,4\nnot-an-id,nurse,,,,,,2\nU0003,surgeon,,,,,,0\n"),
    )
    .unwrap();
    let out = peer_support(dir.path(), &["--config", "c.toml", "roster", "import", "mixed.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out);
    assert!(said.contains("line 3") && said.contains("line 4") && !said.contains("line 2:"), "{said}");
    assert!(said.contains("surgeon") && said.contains("max_active"));
    let list = text(&peer_support(dir.path(), &["--config", "c.toml", "roster", "list"]));
    assert!(list.contains("2 supporter(s)") && list.contains("U0001") && !list.contains("U0003"));
    assert!(list.lines().any(|l| l.starts_with("U0001") && l.contains(" 3 ")), "U0001 kept its capacity: {list}");
    // A broken file: wrong header.
    std::fs::write(dir.path().join("broken.csv"), "id;role\nU1;nurse\n").unwrap();
    let out = peer_support(dir.path(), &["--config", "c.toml", "roster", "import", "broken.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("header"));
    // Update, then remove.
    std::fs::write(
        dir.path().join("update.csv"),
        format!("{HEADER}U0001,nurse,ICU,,Main,,senior,5\nU0004,staff,,,,,,1\n"),
    )
    .unwrap();
    let out = peer_support(dir.path(), &["--config", "c.toml", "roster", "import", "update.csv"]);
    assert!(text(&out).contains("1 added, 1 updated"), "{}", text(&out));
    let out = peer_support(dir.path(), &["--config", "c.toml", "roster", "remove", "U0004"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = peer_support(dir.path(), &["--config", "c.toml", "roster", "remove", "U0004"]);
    assert!(!out.status.success());
    // A file with only some columns changes only those; the rest stay as they were.
    std::fs::write(dir.path().join("sites.csv"), "slack_user_id,site\nU0001,North\n").unwrap();
    let out = peer_support(dir.path(), &["--config", "c.toml", "roster", "import", "sites.csv"]);
    assert!(text(&out).contains("0 added, 1 updated"), "{}", text(&out));
    let exported = text(&peer_support(dir.path(), &["--config", "c.toml", "roster", "export"]));
    assert!(exported.starts_with(&HEADER.replace('\n', ",facilitator,trained_until,interests,listed\n")), "{exported}");
    assert!(exported.contains("U0001,nurse,ICU,,North,,senior,5,false,,,false\n"), "{exported}");
    // The export, edited, imports back.
    std::fs::write(dir.path().join("edited.csv"), exported.replace(",senior,5", ",mid,4")).unwrap();
    let out = peer_support(dir.path(), &["--config", "c.toml", "roster", "import", "edited.csv"]);
    assert!(out.status.success() && text(&out).contains("0 added, 2 updated"), "{}", text(&out));
    let again = text(&peer_support(dir.path(), &["--config", "c.toml", "roster", "export"]));
    assert!(again.contains("U0001,nurse,ICU,,North,,mid,4,false,,,false\n"), "{again}");
    assert_eq!(again.lines().count(), exported.lines().count());
}

#[test]
fn the_manifest_follows_the_mode_and_the_public_url() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("http.toml"), "[server]\npublic_url = \"https://bot.hospital.example/\"\n").unwrap();
    let out = peer_support(dir.path(), &["manifest", "--config", "http.toml"]);
    let manifest: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(manifest["settings"]["interactivity"]["request_url"], "https://bot.hospital.example/slack/interactions");
    assert_eq!(manifest["settings"]["socket_mode_enabled"], false);
    assert_eq!(manifest["oauth_config"]["scopes"]["bot"], serde_json::json!(["commands", "chat:write", "users:read"]));
    std::fs::write(dir.path().join("socket.toml"), "[slack]\nmode = \"socket\"\n").unwrap();
    let out = peer_support(dir.path(), &["manifest", "--config", "socket.toml"]);
    let manifest: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(manifest["settings"]["socket_mode_enabled"], true);
    assert!(manifest["settings"]["interactivity"].get("request_url").is_none());
    assert!(manifest["features"]["slash_commands"][0].get("url").is_none());
}

#[test]
fn the_committed_manifest_is_the_generated_one() {
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/manifest/manifest.json")).unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = peer_support(dir.path(), &["manifest"]);
    let generated: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(committed, generated, "regenerate with: cargo run -q -- manifest > manifest/manifest.json");
}

#[test]
fn purge_prints_what_it_removed_as_counts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("c.toml"),
        "[database]\nurl = \"sqlite://p.db\"\n[retention]\npurge_closed_after = \"1h\"\n",
    )
    .unwrap();
    let out = peer_support(dir.path(), &["purge", "--config", "c.toml"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("purged 0 closed request(s) older than 1h"), "{}", text(&out));
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let dir = tempfile::tempdir().unwrap();
    let out = peer_support(dir.path(), &["--version"]);
    assert!(out.status.success());
    let said = text(&out);
    let commit = Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).output().unwrap();
    let commit = String::from_utf8_lossy(&commit.stdout).trim().to_string();
    assert!(said.starts_with(&format!("peer-support {}", env!("CARGO_PKG_VERSION"))), "{said}");
    if !commit.is_empty() {
        assert!(said.contains(&commit), "{said} should name {commit}");
    }
}

#[test]
fn backup_writes_an_owner_only_copy_and_never_overwrites() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let config = format!("{GOOD}\n[database]\nurl = \"sqlite://{}/live.db\"\n", dir.path().display());
    std::fs::write(dir.path().join("c.toml"), config).unwrap();
    let out = peer_support(dir.path(), &["backup", "copy.db", "--config", "c.toml"]);
    assert!(out.status.success(), "{}", text(&out));
    let copy = dir.path().join("copy.db");
    assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    let before = std::fs::read(&copy).unwrap();
    let again = peer_support(dir.path(), &["backup", "copy.db", "--config", "c.toml"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again).contains("already exists"), "{}", text(&again));
    assert_eq!(std::fs::read(&copy).unwrap(), before, "the existing file was not touched");
}

#[test]
fn check_config_names_the_file_and_line_of_a_bad_wording_override() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("words")).unwrap();
    std::fs::write(
        dir.path().join("words/en.ftl"),
        "# our words\nwithdrawn = Your request is withdrawn.\nno-such-thing = Hello\nrequest-received-next = By { $when }.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("c.toml"), format!("{GOOD}messages_dir = \"words\"\n")).unwrap();
    let out = peer_support(dir.path(), &["check-config", "--config", "c.toml"]);
    assert!(!out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("words/en.ftl:3: no-such-thing is not a message the bot has"), "{said}");
    assert!(said.contains("words/en.ftl:4: request-received-next has no variable $when"), "{said}");
    assert!(said.contains("words/en.ftl:4: request-received-next leaves out $by_day"), "{said}");
    assert!(!said.contains(":2:"), "a good override is not a problem: {said}");
    // A language the bot does not have, as the default.
    std::fs::write(dir.path().join("fr.toml"), format!("{GOOD}default_locale = \"fr\"\n")).unwrap();
    let out = peer_support(dir.path(), &["check-config", "--config", "fr.toml"]);
    assert!(!out.status.success() && text(&out).contains("program.default_locale \"fr\""), "{}", text(&out));
}
