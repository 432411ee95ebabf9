//! The three gates (size, signature, parsing), health, and Slack failing.

use peer_support::settings::Secret;
use peer_support::slack::verify::sign;
use serde_json::json;

use crate::helpers::*;

const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn forged_unsigned_stale_and_altered_requests_get_401_and_change_nothing() {
    let app = spawn_app().await;
    let body = app.command_body("UREQ1", "/peer-support", "");
    let now = chrono::Utc::now().timestamp();
    let secret = Secret::new(SIGNING_SECRET);
    let at = |t: i64| (t.to_string(), sign(&secret, &t.to_string(), &body));
    let (ts, good) = at(now);
    let (stale_ts, stale_sig) = at(now - 6 * 60);
    let (future_ts, future_sig) = at(now + 6 * 60);
    let other = sign(&Secret::new("not-the-secret"), &ts, &body);
    let mut altered = body.clone();
    altered.extend_from_slice(b"&text=status");
    let before = app.db_snapshot().await;
    let mark = app.fake.mark();
    // (what is wrong, body, timestamp header, signature header)
    type Case<'a> = (&'a str, Vec<u8>, Option<&'a str>, Option<&'a str>);
    let cases: Vec<Case> = vec![
        ("missing", body.clone(), None, None),
        ("no timestamp", body.clone(), None, Some(&good)),
        ("wrong", body.clone(), Some(&ts), Some("v0=0000000000000000000000000000000000000000000000000000000000000000")),
        ("other secret", body.clone(), Some(&ts), Some(&other)),
        ("stale", body.clone(), Some(&stale_ts), Some(&stale_sig)),
        ("future", body.clone(), Some(&future_ts), Some(&future_sig)),
        ("altered after signing", altered, Some(&ts), Some(&good)),
    ];
    for (name, body, ts, sig) in cases {
        for route in ["/slack/commands", "/slack/interactions", "/slack/events"] {
            let status = app.post_with(route, body.clone(), FORM, ts, sig).await.status();
            assert_eq!(status, 401, "{name} on {route}");
        }
    }
    // A correctly signed twin is accepted, so the 401s mean something.
    assert_eq!(app.post_with("/slack/commands", body, FORM, Some(&ts), Some(&good)).await.status(), 200);
    // The twin's own calls: its form, and the person's language to word it in.
    let later: Vec<_> =
        app.fake.since(mark).into_iter().filter(|c| c.method != "views.open" && c.method != "users.info").collect();
    assert!(later.is_empty(), "forged requests made Slack calls: {later:?}");
    assert_eq!(app.db_snapshot().await, before);
}

#[tokio::test]
async fn url_verification_echoes_the_challenge() {
    let app = spawn_app().await;
    let body = json!({"type": "url_verification", "challenge": "c-4f9a", "token": "x"}).to_string().into_bytes();
    let reply = app.post_signed("/slack/events", body, "application/json").await;
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.json::<serde_json::Value>().await.unwrap()["challenge"], "c-4f9a");
}

#[tokio::test]
async fn oversized_bodies_get_413_before_the_signature_is_read() {
    let app = spawn_app().await;
    let huge = vec![b'a'; 64 * 1024 + 1];
    for signed in [true, false] {
        let reply = if signed {
            app.post_signed("/slack/commands", huge.clone(), FORM).await
        } else {
            app.post_with("/slack/commands", huge.clone(), FORM, None, None).await
        };
        assert_eq!(reply.status(), 413);
    }
    // Just under the limit passes the size gate (and then fails parsing).
    let under = format!("text={}", "a".repeat(60 * 1024)).into_bytes();
    assert_eq!(app.post_signed("/slack/commands", under, FORM).await.status(), 400);
}

#[tokio::test]
async fn malformed_signed_bodies_get_400_and_unknown_things_get_200() {
    let app = spawn_app().await;
    let before = app.db_snapshot().await;
    let mark = app.fake.mark();
    let cases: Vec<(&str, Vec<u8>, &str, u16)> = vec![
        ("/slack/commands", b"%%%=&&==%zz\x00\xff".to_vec(), FORM, 400),
        ("/slack/commands", b"text=hello".to_vec(), FORM, 400),
        ("/slack/interactions", b"foo=bar".to_vec(), FORM, 400),
        ("/slack/interactions", b"payload=%7Bnot-json".to_vec(), FORM, 400),
        (
            "/slack/interactions",
            format!("payload={}", urlencode(r#"{"type":"block_actions"}"#)).into_bytes(),
            FORM,
            400,
        ),
        ("/slack/interactions", format!("payload={}", urlencode(r#"{"no":"type"}"#)).into_bytes(), FORM, 400),
        ("/slack/events", b"{not json".to_vec(), "application/json", 400),
        // An event missing what Slack always sends is not Slack's; a whole one of a kind
        // the bot does not handle is taken and ignored.
        ("/slack/events", br#"{"type":"event_callback","event":{"type":"zzz"}}"#.to_vec(), "application/json", 400),
        (
            "/slack/events",
            as_slack_sends(json!({"type": "event_callback", "event": {"type": "zzz"}})).to_string().into_bytes(),
            "application/json",
            200,
        ),
        (
            "/slack/interactions",
            format!(
                "payload={}",
                urlencode(
                    &as_slack_sends(json!({"type": "block_actions", "user": {"id": "UREQ1"}, "team": {"id": TEAM},
                    "actions": [{"action_id": "nobody_knows", "value": "1"}]}))
                    .to_string()
                )
            )
            .into_bytes(),
            FORM,
            200,
        ),
    ];
    for (route, body, ctype, want) in cases {
        let reply = app.post_signed(route, body.clone(), ctype).await;
        assert_eq!(reply.status(), want, "{route} {:?}", String::from_utf8_lossy(&body));
    }
    assert!(app.fake.since(mark).is_empty(), "bad input made Slack calls: {:?}", app.fake.since(mark));
    // An unknown subcommand gets a private hint (in the program's language, so bad input
    // makes no Slack call at all), and nothing else.
    let reply = app.command("UREQ1", "/peer-support", "frobnicate").await;
    assert_eq!(reply.status(), 200);
    let hint = reply.json::<serde_json::Value>().await.unwrap();
    assert_eq!(hint["response_type"], "ephemeral");
    assert!(hint.to_string().contains("/peer-support help"));
    assert_eq!(app.db_snapshot().await, before);
    assert!(app.fake.since(mark).is_empty(), "bad input made Slack calls: {:?}", app.fake.since(mark));
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap()[2..].to_string()
}

#[tokio::test]
async fn a_request_from_another_workspace_is_refused() {
    let app = spawn_app().await;
    let before = app.db_snapshot().await;
    let mark = app.fake.mark();
    let body = serde_urlencoded::to_string([
        ("team_id", "T0OTHER"),
        ("channel_id", "DUREQ1"),
        ("user_id", "UREQ1"),
        ("command", "/peer-support"),
        ("text", ""),
        ("response_url", "https://hooks.slack.com/commands/T0OTHER/1/x"),
        ("trigger_id", "t"),
    ])
    .unwrap()
    .into_bytes();
    assert_eq!(app.post_signed("/slack/commands", body, FORM).await.status(), 403);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert!(app.fake.since(mark).is_empty());
    assert_eq!(app.db_snapshot().await, before);
}

#[tokio::test]
async fn healthz_follows_the_database() {
    let app = spawn_app().await;
    let health = |app: &TestApp| {
        let url = format!("{}/healthz", app.address);
        let client = app.client.clone();
        async move { client.get(url).send().await.unwrap().status() }
    };
    assert_eq!(health(&app).await, 200);
    app.store().close().await;
    assert_eq!(health(&app).await, 503);
}

#[tokio::test]
async fn metrics_are_prometheus_text_without_slack_ids() {
    let app = spawn_app().await;
    app.request_as_nurse("UREQ1", "metrics canary").await;
    app.fake.wait_for(0, 1, |c| c.method == "chat.postMessage" && c.to().starts_with("USUP")).await;
    let text = app.client.get(format!("{}/metrics", app.address)).send().await.unwrap().text().await.unwrap();
    for name in [
        "peer_support_requests_open",
        "peer_support_offers_pending 1",
        "peer_support_assignments_active 0",
        "peer_support_jobs_due",
        "peer_support_requests_total 1",
        "peer_support_offers_total{outcome=\"accepted\"} 0",
        "peer_support_slack_api_seconds_count{method=\"chat.postMessage\"}",
    ] {
        assert!(text.contains(name), "missing {name} in\n{text}");
    }
    for id in ["UREQ1", "USUP", "UCOORD"] {
        assert!(!text.contains(id), "{id} in metrics");
    }
}

#[tokio::test]
async fn slack_answering_429_is_retried_after_retry_after() {
    let app = spawn_app().await;
    app.fake.script("chat.postMessage", vec![Scripted::RateLimited { retry_after_secs: 1 }]);
    let started = std::time::Instant::now();
    app.request_as_nurse("UREQ1", "rate limited").await;
    // The first post (to the requester) is refused once, then delivered.
    let posts = app.fake.wait_for(0, 2, |c| c.method == "chat.postMessage" && c.to() == "UREQ1").await;
    assert!(started.elapsed() >= std::time::Duration::from_secs(1), "retried before Retry-After");
    assert_eq!(posts.len(), 2, "exactly one retry");
    assert_eq!(app.bot.metrics().slack_errors_for("chat.postMessage"), 0);
}

#[tokio::test]
async fn a_modal_whose_open_fails_with_500_is_not_repeated_and_the_person_is_told() {
    let app = spawn_app().await;
    app.fake.script("views.open", vec![Scripted::Status(500), Scripted::Status(500), Scripted::Status(500)]);
    let reply = app.command("UREQ1", "/peer-support", "").await;
    assert_eq!(reply.status(), 200);
    let told = app.fake.wait_for(0, 1, |c| c.method == "response_url" && c.text().contains("didn't open")).await;
    assert!(told[0].text().contains("test-crisis-1234"));
    assert_eq!(app.fake.calls_to("views.open").len(), 1, "views.open is not repeated after a 5xx");
    assert_eq!(app.bot.metrics().slack_errors_for("views.open"), 1);
    assert_eq!(app.client.get(format!("{}/healthz", app.address)).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn a_safe_call_failing_with_500_three_times_is_retried_and_gets_through() {
    let app = spawn_app().await;
    app.request_as_nurse("UREQ1", "five hundred").await;
    let offer = app.fake.wait_message_with_button(0, "USUPN1", "Accept").await;
    app.fake.script_for(
        "chat.update",
        "USUPN1",
        vec![Scripted::Status(500), Scripted::Status(500), Scripted::Status(500)],
    );
    let mark = app.fake.mark();
    assert_eq!(app.click("USUPN1", &offer, "Accept").await.status(), 200);
    let updates = app.fake.wait_for(mark, 4, |c| c.method == "chat.update" && c.to() == "USUPN1").await;
    assert_eq!(updates.len(), 4, "three failures, then success");
    // Slack keeps failing past the client's own tries: a clear error, no crash, and the
    // edits stay owed until Slack recovers.
    app.fake.script("chat.update", vec![Scripted::Status(500); 12]);
    let assignment = updates.last().unwrap().clone();
    let mark = app.fake.mark();
    app.click("USUPN1", &assignment, "Conversation happened").await;
    app.fake.wait_for(mark, 8, |c| c.method == "chat.update").await;
    app.settle().await;
    app.fake.clear_scripts();
    assert!(app.bot.metrics().slack_errors_for("chat.update") >= 1);
    assert!(captured_logs().contains("Slack call failed"));
    app.clock.advance(std::time::Duration::from_secs(10));
    app.settle().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM deliveries").await, 0, "every edit went out in the end");
    // The close's edits replace whole messages; the alerts' state-line edits (no blocks)
    // may still be finishing from the Accept.
    let edited = app
        .fake
        .since(mark)
        .into_iter()
        .filter(|c| c.method == "chat.update" && c.args["_ok"] == true && c.args.get("blocks").is_some())
        .count();
    assert_eq!(edited, 3, "the assignment and both alerts, once each");
    assert_eq!(app.client.get(format!("{}/healthz", app.address)).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn a_garbage_body_signed_as_text_gets_400_not_401() {
    let app = spawn_app().await;
    let body = b"%%%=&&==%zz\x00\xff".to_vec();
    let ts = chrono::Utc::now().timestamp().to_string();
    let sig = sign(&Secret::new(SIGNING_SECRET), &ts, String::from_utf8_lossy(&body).as_bytes());
    let reply = app.post_with("/slack/commands", body, FORM, Some(&ts), Some(&sig)).await;
    assert_eq!(reply.status(), 400);
}

#[tokio::test]
async fn metrics_can_live_on_an_address_of_their_own() {
    let app = spawn_app_with(|s| s.server.metrics_listen = "127.0.0.1:0".into()).await;
    let on_main = app.client.get(format!("{}/metrics", app.address)).send().await.unwrap();
    assert_eq!(on_main.status(), 404, "the address a proxy exposes does not serve metrics");
    let metrics = app.metrics_address.clone().expect("a metrics address");
    let text = app.client.get(format!("{metrics}/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("peer_support_requests_open"));
    assert_eq!(app.client.get(format!("{}/healthz", app.address)).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn after_a_429_every_caller_of_that_method_waits_not_only_the_one_told() {
    let app = spawn_app().await;
    // Slack answers one person's views.open with 429 and Retry-After: 1.
    app.fake.script("views.open", vec![Scripted::RateLimited { retry_after_secs: 1 }]);
    let mark = app.fake.mark();
    app.command("UREQ1", "/peer-support", "").await;
    let refused = app.fake.wait_for(mark, 1, |c| c.method == "views.open").await.remove(0);
    // Someone else asks a moment later: their modal waits for the same limit.
    app.command("UREQ2", "/peer-support", "").await;
    let opened = app.fake.wait_for(mark, 3, |c| c.method == "views.open").await;
    let refused_at = refused.args["_at_ms"].as_i64().unwrap();
    for later in &opened[1..] {
        let waited = later.args["_at_ms"].as_i64().unwrap() - refused_at;
        assert!(waited >= 900, "a views.open went out {waited} ms after the 429, inside its Retry-After");
    }
    assert_eq!(opened.len(), 3, "the refused call, then both modals");
}
