//! The core flow, told as stories: request, match, offer, accept, and everything that
//! can go sideways on the way.

use std::time::Duration;

use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn a_request_is_matched_offered_accepted_and_the_free_text_stays_with_the_coordinators() {
    let app = spawn_app().await;
    let canary = format!("canary-{}", std::process::id());
    // The slash command opens the modal on its trigger, after an immediate ack.
    let reply = app.command("UREQ1", "/peer-support", "").await;
    assert_eq!(reply.status(), 200);
    let modal = app.fake.wait_for(0, 1, |c| c.method == "views.open").await.remove(0);
    assert_eq!(modal.args["trigger_id"], "trigger-UREQ1");
    let modal_text = modal.text();
    for words in [
        "Myself",
        "A colleague",
        "I have checked with them",
        "Your role",
        "test-crisis-1234",
        "Anything the coordinator should know",
    ] {
        assert!(modal_text.contains(words), "modal lacks {words}");
    }
    // The department and site choices are the roster's values.
    assert!(modal_text.contains("Surgery") && modal_text.contains("North"));

    let offer = app.request_and_offer("UREQ1", &canary).await;
    // A nurse asked: a nurse at the same site is offered (ICU nurse, fewest active, first by ID).
    assert_eq!(offer.to(), "USUPN1");
    assert_eq!(offer.buttons(), ["Accept", "Decline"]);
    assert!(
        !offer.text().contains(&canary) && !offer.text().contains("UREQ1") && !offer.text().contains("patient death")
    );
    assert!(offer.text().contains("Nurse") && offer.text().contains("A phone call"));

    // Both coordinators get the alert with the free text, the topic and why this supporter.
    let alerts = app
        .fake
        .wait_for(0, 2, |c| {
            c.method == "chat.postMessage" && COORDINATORS.contains(&c.to().as_str()) && c.text().contains("UREQ1")
        })
        .await;
    for alert in &alerts {
        assert!(alert.text().contains(&canary));
        assert!(alert.text().contains("A patient death"));
        assert!(alert.text().contains("same role: nurse; same site; 0 active"));
        assert_eq!(alert.buttons(), ["Reassign", "Close"]);
    }
    // The requester is told it's in, with the crisis line.
    let received = app.fake.wait_for(0, 1, |c| c.method == "chat.postMessage" && c.to() == "UREQ1").await;
    assert!(received[0].text().contains("test-crisis-1234"));

    let mark = app.fake.mark();
    assert_eq!(app.click("USUPN1", &offer, "Accept").await.status(), 200);
    let assignment = app.fake.wait_message_with_button(mark, "USUPN1", "Contact made").await;
    assert_eq!(assignment.method, "chat.update");
    assert_eq!(assignment.buttons(), ["Contact made", "Conversation happened", "I have a safety concern"]);
    assert!(assignment.text().contains("<@UREQ1>") && !assignment.text().contains(&canary));
    let notice = app.fake.wait_for(mark, 1, |c| c.method == "chat.postMessage" && c.to() == "UREQ1").await.remove(0);
    assert!(notice.text().contains("will reach out") && notice.text().contains("<@USUPN1>"));
    assert!(notice.text().contains("test-crisis-1234"));
    let replies =
        app.fake.wait_for(mark, 2, |c| c.method == "chat.postMessage" && c.args["thread_ts"].is_string()).await;
    assert!(replies.iter().all(|r| r.text().contains("accepted") && !r.text().contains(&canary)));

    assert_eq!(app.count("SELECT COUNT(*) FROM assignments WHERE status = 'active' AND supporter = 'USUPN1'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM requests WHERE status = 'matched'").await, 1);

    // Contact made, then the conversation: the request closes and the alerts lose the text.
    let mark = app.fake.mark();
    app.click("USUPN1", &assignment, "Contact made").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("Contact made is noted")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM assignments WHERE contact_made_ms IS NOT NULL").await, 1);
    let mark = app.fake.mark();
    app.click("USUPN1", &assignment, "Conversation happened").await;
    let scrubbed =
        app.fake.wait_for(mark, 2, |c| c.method == "chat.update" && COORDINATORS.contains(&c.to().as_str())).await;
    assert!(
        scrubbed
            .iter()
            .all(|c| !c.text().contains(&canary) && !c.text().contains("patient death") && c.buttons().is_empty())
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM requests WHERE status = 'closed'").await, 1);

    // The canary is nowhere but in the coordinators' Slack messages.
    app.store().checkpoint().await.unwrap();
    assert!(!contains(&app.db_bytes(), &canary), "free text reached the database files");
    assert!(!captured_logs().contains(&canary), "free text reached the logs");
    let elsewhere: Vec<_> = app
        .fake
        .calls()
        .into_iter()
        .filter(|c| c.text().contains(&canary) && !COORDINATORS.contains(&c.to().as_str()))
        .collect();
    assert!(elsewhere.is_empty(), "free text shown to someone else: {elsewhere:?}");
}

#[tokio::test]
async fn a_decline_passes_the_request_to_the_next_candidate_at_once() {
    let app = spawn_app().await;
    let offer = app.request_and_offer("UREQ1", "decline").await;
    assert_eq!(offer.to(), "USUPN1");
    let mark = app.fake.mark();
    app.click("USUPN1", &offer, "Decline").await;
    let next = app.fake.wait_message_with_button(mark, "USUPN2", "Accept").await;
    assert!(next.text().contains("Nurse"));
    let edited = app.fake.wait_for(mark, 1, |c| c.method == "chat.update" && c.to() == "USUPN1").await;
    assert!(edited[0].text().contains("asked someone else"));
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE status = 'declined'").await, 1);
    // A second Decline of the same offer changes nothing.
    let before = app.db_snapshot().await;
    app.click("USUPN1", &offer, "Decline").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("no longer available")).await;
    assert_eq!(app.db_snapshot().await, before);
}

#[tokio::test]
async fn an_unanswered_offer_times_out_once_and_passes_on() {
    let app = spawn_app().await;
    let offer = app.request_and_offer("UREQ1", "timeout").await;
    assert_eq!(app.run_due().await.ran, 0, "nothing is due yet");
    app.clock.advance(Duration::from_secs(3601));
    let mark = app.fake.mark();
    assert_eq!(app.run_due().await.ran, 1);
    app.fake.wait_message_with_button(mark, "USUPN2", "Accept").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE status = 'timed_out'").await, 1);
    assert_eq!(app.count("SELECT missed_offers FROM supporters WHERE slack_user_id = 'USUPN1'").await, 1);
    // Running again does nothing more; Accept on the expired offer is "no longer available".
    assert_eq!(app.run_due().await.ran, 0);
    app.late_accept_is_no_longer_available("USUPN1", &offer).await;
}

#[tokio::test]
async fn a_withdrawn_request_is_counted_deleted_and_its_offer_is_no_longer_available() {
    let app = spawn_app().await;
    let offer = app.request_and_offer("UREQ1", "withdraw").await;
    let status = app.command("UREQ1", "/peer-support", "status").await.json::<serde_json::Value>().await.unwrap();
    assert!(status.to_string().contains("Withdraw my request"));
    let status_call = Call { method: "response".into(), args: json!({"channel": "UREQ1", "blocks": status["blocks"]}) };
    // Only the requester may withdraw.
    let mark = app.fake.mark();
    app.click("USUPN1", &status_call, "Withdraw my request").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("meant for someone else")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 1);
    app.click("UREQ1", &status_call, "Withdraw my request").await;
    app.fake
        .wait_for(mark, 1, |c| c.method == "chat.update" && c.to() == "USUPN1" && c.text().contains("no longer needed"))
        .await;
    app.fake
        .wait_for(mark, 2, |c| {
            c.method == "chat.update" && COORDINATORS.contains(&c.to().as_str()) && c.text().contains("Withdrawn")
        })
        .await;
    for table in ["requests", "offers", "jobs", "alerts"] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(app.store().pool())
            .await
            .unwrap();
        assert_eq!(n, 0, "{table} still holds rows");
    }
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'withdrawn'").await, 1);
    app.late_accept_is_no_longer_available("USUPN1", &offer).await;
}

#[tokio::test]
async fn clicks_by_the_wrong_person_change_nothing_and_say_who_may() {
    let app = spawn_app().await;
    let offer = app.request_and_offer("UREQ1", "wrong person").await;
    let alert =
        app.fake.wait_for(0, 1, |c| c.to() == "UCOORD1" && c.buttons().contains(&"Close".to_string())).await.remove(0);
    app.settle().await;
    let before = app.db_snapshot().await;
    let mark = app.fake.mark();
    app.click("USUPN2", &offer, "Accept").await;
    app.fake
        .wait_for(mark, 1, |c| {
            c.method == "response_url" && c.to() == "USUPN2" && c.text().contains("another supporter")
        })
        .await;
    for button in ["Close", "Reassign"] {
        app.click("UREQ1", &alert, button).await;
    }
    app.fake
        .wait_for(mark, 2, |c| {
            c.method == "response_url" && c.to() == "UREQ1" && c.text().contains("Only the program's coordinators")
        })
        .await;
    assert_eq!(app.db_snapshot().await, before);
    // The offered supporter accepts; someone else's assignment buttons are refused too.
    app.click("USUPN1", &offer, "Accept").await;
    let assignment = app.fake.wait_message_with_button(mark, "USUPN1", "Contact made").await;
    let before = app.db_snapshot().await;
    let mark = app.fake.mark();
    app.click("USUPN2", &assignment, "Conversation happened").await;
    app.fake
        .wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("Only the supporter on this assignment"))
        .await;
    assert_eq!(app.db_snapshot().await, before);
}

#[tokio::test]
async fn a_double_accept_and_two_concurrent_accepts_make_one_assignment() {
    let app = spawn_app().await;
    let offer = app.request_and_offer("UREQ1", "double").await;
    let (a, b) = tokio::join!(app.click("USUPN1", &offer, "Accept"), app.click("USUPN1", &offer, "Accept"));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    let mark = 0;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("no longer available")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM assignments").await, 1);
    let notices = app.fake.wait_for(mark, 1, |c| c.to() == "UREQ1" && c.text().contains("will reach out")).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        app.fake
            .calls()
            .iter()
            .filter(|c| c.method == "chat.postMessage" && c.to() == "UREQ1" && c.text().contains("will reach out"))
            .count(),
        1,
        "{notices:?}"
    );
    // A third, later click is also told it is no longer available.
    let mark = app.fake.mark();
    app.click("USUPN1", &offer, "Accept").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("no longer available")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM assignments").await, 1);
}

#[tokio::test]
async fn two_supporters_racing_for_requests_cannot_both_win_one() {
    let app = spawn_app().await;
    let offer = app.request_and_offer("UREQ1", "race").await;
    // USUPN2 forges a click on USUPN1's offer at the same moment USUPN1 accepts.
    let (a, b) = tokio::join!(app.click("USUPN1", &offer, "Accept"), app.click("USUPN2", &offer, "Accept"));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM assignments WHERE supporter = 'USUPN1'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM assignments").await, 1);
}

#[tokio::test]
async fn a_restart_with_an_offer_pending_still_times_it_out_exactly_once() {
    let app = spawn_app().await;
    app.request_and_offer("UREQ1", "restart").await;
    let app = app.restart().await;
    app.clock.advance(Duration::from_secs(3601));
    let mark = app.fake.mark();
    let (first, second) = tokio::join!(app.run_due(), app.run_due());
    assert_eq!(first.ran + second.ran, 1, "the timeout runs once across concurrent runners");
    app.fake.wait_message_with_button(mark, "USUPN2", "Accept").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE status = 'timed_out'").await, 1);
    assert_eq!(app.run_due().await.ran, 0);
    let offers_to_n2 = app
        .fake
        .since(mark)
        .iter()
        .filter(|c| c.method == "chat.postMessage" && c.to() == "USUPN2" && c.buttons().contains(&"Accept".to_string()))
        .count();
    assert_eq!(offers_to_n2, 1);
}

#[tokio::test]
async fn a_restart_sends_what_a_crash_left_unsent_and_nothing_twice() {
    let app = spawn_app().await;
    let canary = "crash-canary-7781";
    // Slack fails every post, so all the request owes is still queued when the bot stops.
    app.fake.script("chat.postMessage", vec![Scripted::Status(500); 4]);
    let mark = app.fake.mark();
    app.request_as_nurse("UREQ1", canary).await;
    app.fake.wait_for(mark, 4, |c| c.method == "chat.postMessage").await;
    app.settle().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM deliveries").await, 4, "received, offer, two alerts");
    let app = app.restart().await;
    let mark = app.fake.mark();
    app.clock.advance(Duration::from_secs(5));
    app.settle().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM deliveries").await, 0);
    app.fake.wait_for(mark, 1, |c| c.to() == "UREQ1" && c.text().contains("test-crisis-1234")).await;
    let offer = app.fake.wait_message_with_button(mark, "USUPN1", "Accept").await;
    let alerts = app
        .fake
        .wait_for(mark, 2, |c| {
            COORDINATORS.contains(&c.to().as_str()) && c.text().contains("Sent again after a restart")
        })
        .await;
    assert!(
        alerts.iter().all(|a| !a.text().contains(canary)),
        "the free text was never stored, so it cannot come back"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE message_ts IS NOT NULL").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM alerts").await, 2);
    // The re-sent offer works, and another restart sends nothing again.
    let mark = app.fake.mark();
    let app = app.restart().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(app.fake.since(mark).iter().all(|c| c.method != "chat.postMessage"), "nothing re-sent twice");
    app.click("USUPN1", &offer, "Accept").await;
    app.fake.wait_for(mark, 1, |c| c.to() == "UREQ1" && c.text().contains("will reach out")).await;
}
