//! The program's clock: escalations, follow-ups, feedback and retention, driven by
//! moving the bot's clock and running what is due.

use std::time::Duration;

use serde_json::json;

use crate::helpers::*;

const HOUR: Duration = Duration::from_secs(3600);

fn check_ins_to(app: &TestApp, user: &str) -> Vec<Call> {
    app.fake
        .calls()
        .into_iter()
        .filter(|c| c.to() == user && c.buttons().contains(&"I'm doing okay".to_string()))
        .collect()
}

#[tokio::test]
async fn each_check_in_arrives_once_at_its_time() {
    let app = spawn_app_with(|s| s.follow_up.requester_after = vec![HOUR, 3 * HOUR]).await;
    app.matched("UREQ1").await;
    app.clock.advance(HOUR - Duration::from_secs(60));
    app.run_due().await;
    assert!(check_ins_to(&app, "UREQ1").is_empty(), "nothing before its time");
    app.clock.advance(Duration::from_secs(61));
    app.run_due().await;
    let first = check_ins_to(&app, "UREQ1");
    assert_eq!(first.len(), 1);
    assert_eq!(
        first[0].buttons(),
        ["I'm doing okay", "I'd like to talk again", "Show me other resources", "Please stop checking in"]
    );
    assert!(first[0].text().contains("test-crisis-1234"));
    app.run_due().await;
    assert_eq!(check_ins_to(&app, "UREQ1").len(), 1, "not twice");
    app.clock.advance(2 * HOUR);
    app.run_due().await;
    assert_eq!(check_ins_to(&app, "UREQ1").len(), 2);
    app.clock.advance(30 * 24 * HOUR);
    app.run_due().await;
    assert_eq!(check_ins_to(&app, "UREQ1").len(), 2, "silence sends nothing more than the schedule says");
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'checkins_sent'").await, 2);
}

#[tokio::test]
async fn please_stop_checking_in_cancels_the_rest() {
    let app = spawn_app_with(|s| s.follow_up.requester_after = vec![HOUR, 3 * HOUR]).await;
    app.matched("UREQ1").await;
    app.clock.advance(HOUR);
    app.run_due().await;
    let check_in = check_ins_to(&app, "UREQ1").remove(0);
    // Someone else cannot answer it.
    let mark = app.fake.mark();
    app.click("USUPN1", &check_in, "Please stop checking in").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.to() == "USUPN1").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'check_in'").await, 1);
    app.click("UREQ1", &check_in, "Please stop checking in").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("won't check in again")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'check_in'").await, 0);
    app.clock.advance(5 * HOUR);
    app.run_due().await;
    assert_eq!(check_ins_to(&app, "UREQ1").len(), 1);
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'checkins_answered'").await, 1);
}

#[tokio::test]
async fn talk_again_asks_the_same_supporter_and_resources_are_one_click_away() {
    let app = spawn_app_with(|s| s.follow_up.requester_after = vec![HOUR, 2 * HOUR]).await;
    app.matched("UREQ1").await;
    app.clock.advance(HOUR);
    app.run_due().await;
    let check_in = check_ins_to(&app, "UREQ1").remove(0);
    let mark = app.fake.mark();
    app.click("UREQ1", &check_in, "I'd like to talk again").await;
    app.fake.wait_for(mark, 1, |c| c.to() == "USUPN1" && c.text().contains("would like to talk again")).await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("<@USUPN1>")).await;
    app.clock.advance(HOUR);
    app.run_due().await;
    let second = check_ins_to(&app, "UREQ1").remove(1);
    app.click("UREQ1", &second, "Show me other resources").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("Other support")).await;
}

#[tokio::test]
async fn a_check_in_answer_counts_once_and_the_message_then_shows_it() {
    let app = spawn_app_with(|s| s.follow_up.requester_after = vec![HOUR]).await;
    app.matched("UREQ1").await;
    app.clock.advance(HOUR);
    app.run_due().await;
    let check_in = check_ins_to(&app, "UREQ1").remove(0);
    let mark = app.fake.mark();
    app.click("UREQ1", &check_in, "I'm doing okay").await;
    let replaced = app
        .fake
        .wait_for(mark, 1, |c| c.method == "response_url" && c.args["replace_original"] == true)
        .await
        .remove(0);
    assert!(replaced.text().contains("You answered") && replaced.text().contains("I'm doing okay"));
    assert!(replaced.buttons().is_empty(), "the answer replaces the buttons: {:?}", replaced.buttons());
    assert!(replaced.text().contains("988"), "the crisis line stays");
    // A client that had not refreshed presses again, and again with another answer.
    let mark = app.fake.mark();
    app.click("UREQ1", &check_in, "I'm doing okay").await;
    app.click("UREQ1", &check_in, "Please stop checking in").await;
    let told = app
        .fake
        .wait_for(mark, 2, |c| c.method == "response_url" && c.text().contains("already been answered or has closed"))
        .await;
    assert!(told.iter().all(|c| c.text().contains("/peer-support") && c.text().contains("988")), "{told:?}");
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'checkins_answered'").await, 1);
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'checkins_sent'").await, 1);
}

#[tokio::test]
async fn a_check_in_says_where_the_request_stands() {
    let app = spawn_app_with(|s| s.follow_up.requester_after = vec![HOUR, 2 * HOUR, 3 * HOUR]).await;
    let assignment = app.matched("UREQ1").await;
    app.clock.advance(HOUR);
    app.run_due().await;
    // Not yet contacted: nothing about a conversation that has not happened.
    let first = check_ins_to(&app, "UREQ1").remove(0);
    assert!(first.text().contains("will be in touch soon"), "{}", first.text());
    assert!(!first.text().contains("after your conversation"));
    app.click("USUPN1", &assignment, "Contact made").await;
    app.settle().await;
    app.clock.advance(HOUR);
    app.run_due().await;
    let second = check_ins_to(&app, "UREQ1").remove(1);
    assert!(second.text().contains("has been in touch"), "{}", second.text());
    app.click("USUPN1", &assignment, "Conversation happened").await;
    app.settle().await;
    app.clock.advance(HOUR);
    app.run_due().await;
    let third = check_ins_to(&app, "UREQ1").remove(2);
    assert!(third.text().contains("after your conversation"), "{}", third.text());
}

#[tokio::test]
async fn after_a_conversation_only_the_check_in_follows_and_nothing_follows_a_withdrawal() {
    let app = spawn_app_with(|s| s.follow_up.requester_after = vec![HOUR]).await;
    // Closed by the conversation: the check-in still comes, in words that fit.
    let assignment = app.matched("UREQ1").await;
    app.click("USUPN1", &assignment, "Conversation happened").await;
    // Withdrawn while offered.
    app.request_and_offer("UREQ2", "withdrawn").await;
    let status = app.command("UREQ2", "/peer-support", "status").await.json::<serde_json::Value>().await.unwrap();
    let status_call =
        Call { method: "response".into(), args: serde_json::json!({"channel": "UREQ2", "blocks": status["blocks"]}) };
    app.click("UREQ2", &status_call, "Withdraw my request").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mark = app.fake.mark();
    app.clock.advance(10 * 24 * HOUR);
    assert_eq!(app.run_due().await.ran, 2, "the closed request's feedback question and its check-in");
    app.settle().await;
    let sent: Vec<_> = app
        .fake
        .since(mark)
        .into_iter()
        .filter(|c| c.method == "chat.postMessage" && !c.text().contains("Was this helpful?"))
        .filter(|c| c.to() == "UREQ1" || c.to() == "UREQ2" || c.to() == "USUPN1")
        .collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].to(), "UREQ1");
    assert!(sent[0].text().contains("after your conversation"), "{}", sent[0].text());
}

#[tokio::test]
async fn a_check_in_due_at_night_waits_for_the_morning() {
    let app = spawn_app_with(|s| {
        s.sla.business_hours_only = true;
        s.follow_up.requester_after = vec![HOUR];
    })
    .await;
    // Tuesday 10:00 in New York: Accept; the check-in is due at 11:00.
    app.clock_to_new_york("2030-03-05 10:00");
    app.matched("UREQ1").await;
    // The bot was down until 22:00: the check-in waits until Wednesday 08:00.
    app.clock_to_new_york("2030-03-05 22:00");
    app.run_due().await;
    assert!(check_ins_to(&app, "UREQ1").is_empty(), "no message at night");
    app.clock_to_new_york("2030-03-06 07:59");
    app.run_due().await;
    assert!(check_ins_to(&app, "UREQ1").is_empty());
    app.clock_to_new_york("2030-03-06 08:00");
    app.run_due().await;
    assert_eq!(check_ins_to(&app, "UREQ1").len(), 1);
}

#[tokio::test]
async fn the_requesters_own_time_zone_decides_what_night_is() {
    // The program keeps Tokyo hours; the requester is in New York (the fake's users.info).
    let app = spawn_app_with(|s| {
        s.sla.business_hours_only = true;
        s.program.timezone = "Asia/Tokyo".into();
        s.follow_up.requester_after = vec![HOUR];
    })
    .await;
    // Tokyo Wednesday 09:00 is New York Tuesday 19:00.
    app.clock_to_new_york("2030-03-05 19:00");
    app.matched("UREQ1").await;
    app.clock.advance(HOUR);
    app.run_due().await;
    assert!(check_ins_to(&app, "UREQ1").is_empty(), "20:00 in New York is night for the requester");
    app.clock_to_new_york("2030-03-06 08:00");
    app.run_due().await;
    assert_eq!(check_ins_to(&app, "UREQ1").len(), 1);
}

#[tokio::test]
async fn an_unmatched_request_alerts_the_coordinators_once_then_daily() {
    let app = spawn_app_with(|s| {
        s.sla.match_within = HOUR;
        s.matching.offer_timeout = 100 * 24 * HOUR;
    })
    .await;
    app.request_and_offer("UREQ1", "sla").await;
    let overdue = |app: &TestApp| app.fake.calls().into_iter().filter(|c| c.text().contains("still waiting")).count();
    app.clock.advance(HOUR - Duration::from_secs(60));
    app.run_due().await;
    assert_eq!(overdue(&app), 0);
    app.clock.advance(Duration::from_secs(60));
    app.run_due().await;
    assert_eq!(overdue(&app), 2, "once, to each coordinator's thread");
    let alert = app.fake.calls().into_iter().find(|c| c.text().contains("still waiting")).unwrap();
    assert_eq!(alert.args["reply_broadcast"], true);
    app.run_due().await;
    assert_eq!(overdue(&app), 2);
    app.clock.advance(24 * HOUR);
    app.run_due().await;
    assert_eq!(overdue(&app), 4, "again the next day");
    // Once matched, no more.
    let offer = app
        .fake
        .calls()
        .into_iter()
        .find(|c| c.to() == "USUPN1" && c.buttons().contains(&"Accept".to_string()))
        .unwrap();
    app.click("USUPN1", &offer, "Accept").await;
    app.fake.wait_for(0, 1, |c| c.to() == "UREQ1" && c.text().contains("will reach out")).await;
    app.clock.advance(5 * 24 * HOUR);
    app.run_due().await;
    assert_eq!(overdue(&app), 4);
}

#[tokio::test]
async fn a_supporter_without_contact_is_nudged_once_then_the_coordinators_are_told() {
    let app = spawn_app_with(|s| s.follow_up.supporter_reminder_after = HOUR).await;
    app.matched("UREQ1").await;
    let nudges = |app: &TestApp| {
        app.fake.calls().into_iter().filter(|c| c.to() == "USUPN1" && c.text().contains("gentle reminder")).count()
    };
    let told = |app: &TestApp| {
        app.fake.calls().into_iter().filter(|c| c.text().contains("hasn't marked contact made")).count()
    };
    app.clock.advance(HOUR);
    app.run_due().await;
    assert_eq!((nudges(&app), told(&app)), (1, 0));
    app.clock.advance(HOUR);
    app.run_due().await;
    assert_eq!((nudges(&app), told(&app)), (1, 2));
    let escalation = app.fake.calls().into_iter().find(|c| c.text().contains("hasn't marked contact made")).unwrap();
    assert!(escalation.buttons().contains(&"Reassign".to_string()));
    app.clock.advance(10 * HOUR);
    app.run_due().await;
    assert_eq!((nudges(&app), told(&app)), (1, 2));
}

#[tokio::test]
async fn contact_made_in_time_means_no_reminder() {
    let app = spawn_app_with(|s| s.follow_up.supporter_reminder_after = HOUR).await;
    let assignment = app.matched("UREQ1").await;
    let mark = app.fake.mark();
    app.click("USUPN1", &assignment, "Contact made").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url").await;
    app.clock.advance(3 * HOUR);
    app.run_due().await;
    assert!(
        !app.fake.calls().iter().any(|c| c.text().contains("gentle reminder") || c.text().contains("hasn't marked"))
    );
}

#[tokio::test]
async fn a_request_closed_at_night_asks_for_feedback_in_the_morning() {
    let app = spawn_app_with(|s| s.sla.business_hours_only = true).await;
    app.clock_to_new_york("2030-03-05 10:00");
    let assignment = app.matched("UREQ1").await;
    app.clock_to_new_york("2030-03-05 23:00");
    let mark = app.fake.mark();
    app.click("USUPN1", &assignment, "Conversation happened").await;
    app.fake.wait_for(mark, 2, |c| c.method == "chat.update" && COORDINATORS.contains(&c.to().as_str())).await;
    app.run_due().await;
    assert!(!app.fake.since(mark).iter().any(|c| c.text().contains("Was this helpful?")));
    app.clock_to_new_york("2030-03-06 08:00");
    app.run_due().await;
    let asked =
        app.fake.since(mark).iter().filter(|c| c.to() == "UREQ1" && c.text().contains("Was this helpful?")).count();
    assert_eq!(asked, 1);
}

#[tokio::test]
async fn a_safety_concern_reaches_every_coordinator_and_the_supporter_gets_guidance() {
    let app =
        spawn_app_with(|s| s.program.safety_guidance = "Stay with them; call 988 (test-guidance-55).".into()).await;
    let assignment = app.matched("UREQ1").await;
    let mark = app.fake.mark();
    app.click("USUPN1", &assignment, "I have a safety concern").await;
    let urgent = app
        .fake
        .wait_for(mark, 2, |c| COORDINATORS.contains(&c.to().as_str()) && c.text().contains("Safety concern"))
        .await;
    assert!(urgent.iter().all(|c| c.text().contains("<@USUPN1>") && c.args["thread_ts"].is_null()));
    let guidance = app.fake.wait_for(mark, 1, |c| c.to() == "USUPN1" && c.text().contains("test-guidance-55")).await;
    assert!(guidance[0].text().contains("test-crisis-1234"));
    // Only the assigned supporter can raise it.
    let mark = app.fake.mark();
    app.click("USUPN2", &assignment, "I have a safety concern").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.to() == "USUPN2").await;
    assert!(!app.fake.since(mark).iter().any(|c| c.text().contains("Safety concern")));
}

#[tokio::test]
async fn three_missed_offers_in_a_row_pause_a_supporter_who_is_then_never_offered() {
    let app = spawn_app().await;
    for other in ["USUPN2", "USUPD1"] {
        app.bot.program().set_availability(other, other, true, None).await.unwrap();
    }
    for (i, requester) in ["UREQ1", "UREQ2", "UREQ3"].into_iter().enumerate() {
        let offer = app.request_and_offer(requester, "missed").await;
        assert_eq!(offer.to(), "USUPN1");
        app.clock.advance(HOUR + Duration::from_secs(1));
        app.run_due().await;
        assert_eq!(
            app.count("SELECT missed_offers FROM supporters WHERE slack_user_id = 'USUPN1'").await,
            if i < 2 { i as i64 + 1 } else { 0 }
        );
    }
    app.fake
        .wait_for(0, 1, |c| {
            c.to() == "USUPN1" && c.text().contains("paused new offers") && c.text().contains("/peer-support resume")
        })
        .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'USUPN1' AND availability = 'paused'").await,
        1
    );
    let mark = app.fake.mark();
    app.request_as_nurse("UREQ4", "after pause").await;
    app.fake.wait_for(mark, 2, |c| COORDINATORS.contains(&c.to().as_str()) && c.text().contains("No supporter")).await;
    assert!(!app.fake.since(mark).iter().any(|c| c.to() == "USUPN1"));
    // They come back when ready.
    let reply = app.command("USUPN1", "/peer-support", "resume").await.json::<serde_json::Value>().await.unwrap();
    assert!(reply.to_string().contains("available for offers again"));
    assert_eq!(app.count("SELECT COUNT(*) FROM supporters WHERE availability = 'available'").await, 1);
}

#[tokio::test]
async fn feedback_is_asked_once_counted_once_and_linked_to_no_one() {
    let app = spawn_app().await;
    let assignment = app.matched("UREQ1").await;
    let mark = app.fake.mark();
    app.click("USUPN1", &assignment, "Conversation happened").await;
    app.fake.wait_for(mark, 2, |c| c.method == "chat.update" && COORDINATORS.contains(&c.to().as_str())).await;
    assert_eq!(app.run_due().await.ran, 1);
    let question = app.fake.wait_message_with_button(mark, "UREQ1", "Somewhat").await;
    assert_eq!(question.buttons(), ["Yes", "Somewhat", "Not really"]);
    let (a, b) = tokio::join!(app.click("UREQ1", &question, "Yes"), app.click("UREQ1", &question, "Yes"));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    app.fake.wait_for(mark, 2, |c| c.method == "response_url" && c.text().contains("isn't linked to you")).await;
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'feedback_yes'").await, 1);
    // The count's table has no column that could name a person or a request.
    let columns: Vec<(i64, String, String, i64, Option<String>, i64)> =
        sqlx::query_as("PRAGMA table_info(monthly_counts)").fetch_all(app.store().pool()).await.unwrap();
    let names: Vec<&str> = columns.iter().map(|c| c.1.as_str()).collect();
    assert_eq!(names, ["month", "metric", "value"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM feedback_tokens").await, 0);
}

#[tokio::test]
async fn a_purge_leaves_only_counts_and_no_trace_of_the_people() {
    let app = spawn_app_with(|s| s.retention.purge_closed_after = 24 * HOUR).await;
    let assignment = app.matched("UREQ7PURGE").await;
    app.click("USUPN1", &assignment, "Conversation happened").await;
    app.fake.wait_for(0, 2, |c| c.method == "chat.update" && COORDINATORS.contains(&c.to().as_str())).await;
    app.run_due().await;
    app.fake.wait_for(0, 1, |c| c.to() == "UREQ7PURGE" && c.buttons().contains(&"Yes".to_string())).await;
    assert_eq!(app.bot.program().purge().await.unwrap().requests, 0, "not before the retention period");
    app.clock.advance(25 * HOUR);
    let purged = app.bot.program().purge().await.unwrap();
    assert_eq!((purged.requests, purged.offers, purged.assignments), (1, 1, 1));
    for table in ["requests", "offers", "assignments", "alerts", "jobs"] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(app.store().pool())
            .await
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
    assert!(app.count("SELECT COUNT(*) FROM monthly_counts").await > 0, "counts remain");
    assert_eq!(app.count("SELECT COUNT(*) FROM supporters").await, 3, "the roster keeps supporters");
    assert!(!contains(&app.db_bytes(), "UREQ7PURGE"), "the requester's ID is still in the database file");
}

#[tokio::test]
async fn a_purge_edits_the_bots_own_messages_about_the_request_to_name_nobody() {
    let app = spawn_app_with(|s| s.retention.purge_closed_after = 24 * HOUR).await;
    let assignment = app.matched("UREQ7PURGE").await;
    app.click("USUPN1", &assignment, "Conversation happened").await;
    app.settle().await;
    // Every message about the request that names someone: the offer (now the
    // assignment), both alerts, and the thread replies that name the supporter.
    let naming: Vec<String> = app
        .fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "chat.postMessage" && c.args["_ok"] == true && c.to() != "UREQ7PURGE")
        .filter(|c| c.text().contains("UREQ7PURGE") || c.text().contains("USUPN1"))
        .map(|c| c.args["_ts"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(naming.len(), 5, "one offer, two alerts, two replies: {naming:?}");
    app.clock.advance(25 * HOUR);
    let mark = app.fake.mark();
    app.bot.program().purge().await.unwrap();
    app.settle().await;
    let edits = app.fake.since(mark);
    for ts in &naming {
        let edit = edits
            .iter()
            .find(|c| c.method == "chat.update" && c.args["ts"] == ts.as_str())
            .unwrap_or_else(|| panic!("no edit of the message at {ts}"));
        assert!(edit.text().contains("Nothing about it is kept"));
        let shown = format!("{} {}", edit.args["text"], edit.args["blocks"]);
        assert!(!shown.contains("UREQ7PURGE") && !shown.contains("USUPN1"), "{shown}");
        assert_eq!(edit.args["attachments"], json!([]), "the alert's state line goes too");
    }
    let edited: Vec<_> = edits.iter().filter(|c| c.method == "chat.update").map(|c| c.args["ts"].to_string()).collect();
    let distinct: std::collections::HashSet<_> = edited.iter().collect();
    assert_eq!(edited.len(), distinct.len(), "each message once, though the offer became the assignment");
    assert_eq!(app.count("SELECT COUNT(*) FROM message_trail").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM deliveries").await, 0);
}

#[tokio::test]
async fn a_restart_in_the_middle_of_a_schedule_loses_and_doubles_nothing() {
    let app = spawn_app_with(|s| s.follow_up.requester_after = vec![HOUR, 2 * HOUR]).await;
    app.matched("UREQ1").await;
    app.clock.advance(HOUR);
    app.run_due().await;
    assert_eq!(check_ins_to(&app, "UREQ1").len(), 1);
    let app = app.restart().await;
    app.run_due().await;
    assert_eq!(check_ins_to(&app, "UREQ1").len(), 1, "nothing repeated after the restart");
    app.clock.advance(HOUR);
    let (a, b) = tokio::join!(app.run_due(), app.run_due());
    assert!(a.ran + b.ran >= 1);
    assert_eq!(check_ins_to(&app, "UREQ1").len(), 2, "the second check-in, once");
}
