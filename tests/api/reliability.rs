//! What the bot owes goes out even when Slack is slow or failing, or the bot restarts:
//! the races the durable outbox exists for.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

async fn withdraw(app: &TestApp, requester: &str) {
    let status: Value = app.command(requester, "/peer-support", "status").await.json().await.unwrap();
    let status_call =
        Call { method: "response".into(), args: json!({"channel": requester, "blocks": status["blocks"]}) };
    app.click(requester, &status_call, "Withdraw my request").await;
}

#[tokio::test]
async fn a_withdraw_while_the_offer_and_alerts_are_on_their_way_changes_them_once_they_land() {
    let app = spawn_app().await;
    let canary = "in-flight-canary-3319";
    // Everyone's language is known already (users.info, cached), so that what follows is
    // only the messages themselves.
    for person in ["UREQ1", "USUPN1", COORDINATORS[0], COORDINATORS[1]] {
        app.bot.api().user_info(person).await.unwrap();
    }
    // Every Slack answer takes 600 ms: the offer and both alerts are in flight when the
    // requester withdraws, so their message ids are not known yet.
    app.fake.set_latency(600);
    let mark = app.fake.mark();
    app.request_as_nurse("UREQ1", canary).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    withdraw(&app, "UREQ1").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0, "withdrawn and deleted at once");
    app.fake.set_latency(0);
    let offer = app.fake.wait_message_with_button(mark, "USUPN1", "Accept").await;
    let edited = app
        .fake
        .wait_for(mark, 1, |c| c.method == "chat.update" && c.to() == "USUPN1" && c.args["ts"] == offer.args["_ts"])
        .await
        .remove(0);
    assert!(edited.buttons().is_empty() && edited.text().contains("no longer needed"), "{}", edited.text());
    for coordinator in COORDINATORS {
        let alert = app
            .fake
            .wait_for(mark, 1, |c| c.method == "chat.postMessage" && c.to() == coordinator && c.text().contains(canary))
            .await
            .remove(0);
        let scrubbed = app
            .fake
            .wait_for(mark, 1, |c| {
                c.method == "chat.update" && c.to() == coordinator && c.args["ts"] == alert.args["_ts"]
            })
            .await
            .remove(0);
        assert!(!scrubbed.text().contains(canary) && scrubbed.buttons().is_empty(), "{}", scrubbed.text());
    }
    app.settle().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM deliveries").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM alerts").await, 0, "nothing kept of a withdrawn request");
}

#[tokio::test]
async fn the_edit_that_removes_the_note_survives_slack_failing_and_a_restart() {
    let app = spawn_app().await;
    let canary = "scrub-canary-5150";
    let offer = app.request_and_offer("UREQ1", canary).await;
    app.settle().await;
    let alerts = app.fake.wait_for(0, 2, |c| c.method == "chat.postMessage" && c.text().contains(canary)).await;
    // Slack answers every edit with 500 until the bot has stopped.
    app.fake.script("chat.update", vec![Scripted::Status(500); 40]);
    let mark = app.fake.mark();
    app.click("UCOORD1", &alerts[0], "Close").await;
    app.fake.wait_for(mark, 4, |c| c.method == "chat.update").await;
    app.settle().await;
    assert!(app.count("SELECT COUNT(*) FROM deliveries").await >= 2, "the edits are still owed");
    let app = app.restart().await;
    app.fake.clear_scripts();
    let mark = app.fake.mark();
    app.clock.advance(Duration::from_secs(60));
    app.settle().await;
    for alert in &alerts {
        let scrubbed = app
            .fake
            .wait_for(mark, 1, |c| {
                c.method == "chat.update" && c.args["_ok"] == true && c.args["ts"] == alert.args["_ts"]
            })
            .await
            .remove(0);
        assert!(!scrubbed.text().contains(canary));
    }
    let gone = app
        .fake
        .wait_for(mark, 1, |c| c.method == "chat.update" && c.args["_ok"] == true && c.args["ts"] == offer.args["_ts"])
        .await
        .remove(0);
    assert!(gone.text().contains("no longer needed"));
    assert_eq!(app.count("SELECT COUNT(*) FROM deliveries").await, 0);
}

#[tokio::test]
async fn a_post_whose_outcome_is_unknown_is_sent_again_rather_than_lost() {
    let app = spawn_app().await;
    // The requester's confirmation meets a 500: Slack may or may not have posted it.
    app.fake.script_for("chat.postMessage", "UREQ1", vec![Scripted::Status(500)]);
    app.request_as_nurse("UREQ1", "unknown outcome").await;
    app.settle().await;
    app.clock.advance(Duration::from_secs(5));
    app.settle().await;
    let delivered = app.fake.delivered_to("UREQ1");
    assert_eq!(delivered.len(), 1, "tried again until Slack confirmed");
    assert_eq!(app.count("SELECT COUNT(*) FROM deliveries").await, 0);
}

#[tokio::test]
async fn a_persons_messages_keep_their_order_when_one_must_wait() {
    let app = spawn_app().await;
    let assignment = app.matched("UREQ1").await;
    app.settle().await;
    // The supporter's next message is rate limited for a while; the edit queued after it waits.
    app.fake.script_for("chat.postMessage", "USUPN1", vec![Scripted::RateLimited { retry_after_secs: 60 }]);
    let mark = app.fake.mark();
    app.click("USUPN1", &assignment, "I have a safety concern").await;
    app.settle().await;
    app.click("USUPN1", &assignment, "Conversation happened").await;
    app.settle().await;
    let to_supporter = |app: &TestApp| -> Vec<String> {
        app.fake
            .since(mark)
            .into_iter()
            .filter(|c| c.to() == "USUPN1" && c.method.starts_with("chat.") && c.args["_ok"] == true)
            .map(|c| c.method)
            .collect()
    };
    assert!(to_supporter(&app).is_empty(), "nothing overtakes the waiting guidance");
    app.clock.advance(Duration::from_secs(61));
    app.settle().await;
    app.settle().await;
    assert_eq!(to_supporter(&app), ["chat.postMessage", "chat.update"], "guidance first, then the edit");
}

#[tokio::test]
async fn the_database_file_is_made_owner_only_at_every_start() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app().await;
    std::fs::set_permissions(&app.db_path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let app = app.restart().await;
    let mode = std::fs::metadata(&app.db_path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(captured_logs().contains("made owner-only"));
}

#[tokio::test]
async fn a_withdrawn_request_leaves_no_trace_in_the_raw_files() {
    let app = spawn_app().await;
    app.request_and_offer("UWDRAW7X", "gone").await;
    app.settle().await;
    withdraw(&app, "UWDRAW7X").await;
    app.fake
        .wait_for(0, 1, |c| c.method == "response_url" && c.to() == "UWDRAW7X" && c.text().contains("withdrawn"))
        .await;
    app.settle().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM deliveries").await, 0);
    assert!(!contains(&app.db_bytes(), "UWDRAW7X"), "the requester's ID is still in the database files");
}

#[tokio::test]
async fn an_outreach_note_is_erased_by_the_purge_a_day_later_whatever_happened() {
    let app = spawn_app().await;
    // Slack refuses the DMs for good: the note would otherwise wait for a delivery that never comes.
    app.fake.script("chat.postMessage", vec![Scripted::Status(500); 200]);
    app.interaction(json!({
        "type": "view_submission", "user": {"id": "ULEAD1"}, "team": {"id": TEAM},
        "view": {"id": "VOUT", "callback_id": "outreach", "private_metadata": "", "state": {"values": {
            "colleagues": {"colleagues": {"type": "multi_users_select", "selected_users": ["UCOL001", "UCOL002"]}},
            "leader_note": {"leader_note": {"type": "plain_text_input", "value": "stuck-note-canary-991"}},
        }}},
    }))
    .await;
    app.settle().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM outreaches WHERE note IS NOT NULL").await, 1);
    app.clock.advance(Duration::from_secs(25 * 3600));
    let purged = app.bot.program().purge().await.unwrap();
    assert_eq!(purged.outreach_notes, 1);
    assert!(!contains(&app.db_bytes(), "stuck-note-canary-991"));
}

#[tokio::test]
async fn a_stop_that_comes_before_the_service_starts_still_stops_it() {
    // The stop is sent before the service's loops subscribe to it: they must still end,
    // or a restart would wait for ever.
    let fake = fake_slack().await;
    let dir = tempfile::tempdir().unwrap();
    let settings = test_settings(&fake, &dir.path().join("early-stop.db"));
    let app = peer_support::app::Application::build(settings, peer_support::clock::Clock::system()).await.unwrap();
    app.stop_handle().stop();
    let stopped = tokio::time::timeout(Duration::from_secs(10), app.run_until_stopped()).await;
    assert!(stopped.is_ok(), "the service did not stop");
}

#[tokio::test]
async fn a_supporter_deactivated_after_their_first_offer_is_not_offered_again() {
    let app = spawn_app().await;
    // USUPN1 is looked up (and cached) when their first offer goes out.
    let first = app.request_and_offer("UREQ1", "first").await;
    assert_eq!(first.to(), "USUPN1");
    app.click("USUPN1", &first, "Decline").await;
    app.settle().await;
    // Their account is deactivated; the next request that would go to them checks afresh.
    app.fake.deactivate("USUPN1");
    app.bot.program().set_availability("USUPN2", "USUPN2", true, None).await.unwrap();
    let mark = app.fake.mark();
    app.request_as_nurse("UREQ2", "second").await;
    app.settle().await;
    app.settle().await;
    assert!(app.fake.since(mark).iter().all(|c| !(c.to() == "USUPN1" && c.button("Accept").is_some())));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'USUPN1' AND availability = 'paused'").await,
        1
    );
}

#[tokio::test]
async fn a_database_from_a_newer_release_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    let url = format!("sqlite://{}", path.display());
    let store = peer_support::store::Store::open(&url).await.unwrap();
    // As a newer release would leave it: one more migration than this binary knows.
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99999, 'from the future', 1, x'00', 0)",
    )
    .execute(store.writer())
    .await
    .unwrap();
    store.checkpoint().await.unwrap();
    store.close().await;
    let before = std::fs::read(&path).unwrap();
    let refused = peer_support::store::Store::open(&url).await.unwrap_err().to_string();
    assert!(refused.contains("newer peer-support") && refused.contains("99999"), "{refused}");
    assert!(refused.contains("Nothing was changed"), "{refused}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file was changed");
}

#[tokio::test]
async fn a_backup_taken_while_the_bot_runs_opens_whole_and_resumes_what_was_pending() {
    use std::os::unix::fs::PermissionsExt;
    // The check-in falls due in half an hour, before the pending offer's hour is up.
    let app = spawn_app_with(|s| s.follow_up.requester_after = vec![Duration::from_secs(1800)]).await;
    app.matched("UREQ1").await;
    let offer = app.request_and_offer("UREQ2", "pending at backup").await;
    app.settle().await;
    let backup = app.db_path.with_file_name("backup.db");
    app.store().backup_to(&backup).await.unwrap();
    // Never over an existing file.
    assert!(app.store().backup_to(&backup).await.is_err());
    assert_eq!(std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o600);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", backup.display())).await.unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await.unwrap();
    assert_eq!(check, "ok");
    pool.close().await;

    // A bot started on the copy goes on: the check-in falls due, the offer can be accepted.
    let restored = spawn_app_on_file(app.fake.clone(), backup).await;
    let mark = restored.fake.mark();
    restored.clock.advance(Duration::from_secs(1801));
    restored.run_due().await;
    restored.fake.wait_message_with_button(mark, "UREQ1", "I'm doing okay").await;
    restored.click(&offer.to(), &offer, "Accept").await;
    restored.fake.wait_for(mark, 1, |c| c.to() == "UREQ2" && c.text().contains("will reach out")).await;
}
