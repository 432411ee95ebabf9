//! The core flow, told as stories: request, match, offer, accept, and everything that
//! can go sideways on the way.

use std::time::Duration;

use peer_support::settings::MatchingMode;
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
async fn when_no_candidate_remains_the_coordinators_can_assign_by_hand() {
    let app = spawn_app().await;
    let offer = app.request_and_offer("UREQ1", "exhausted").await;
    let mark = app.fake.mark();
    app.click("USUPN1", &offer, "Decline").await;
    let second = app.fake.wait_message_with_button(mark, "USUPN2", "Accept").await;
    app.click("USUPN2", &second, "Decline").await;
    let third = app.fake.wait_message_with_button(mark, "USUPD1", "Accept").await;
    app.click("USUPD1", &third, "Decline").await;
    let alert =
        app.fake.wait_for(mark, 2, |c| c.args["thread_ts"].is_string() && c.text().contains("No supporter")).await;
    assert_eq!(alert[0].args["reply_broadcast"], true);
    assert!(alert[0].text().contains("Assign to"));
    assert_eq!(app.count("SELECT exhausted FROM requests").await, 1);
    // A non-coordinator cannot use the picker.
    let picker = |user: &str, supporter: &str| {
        json!({"type": "block_actions", "user": {"id": user}, "team": {"id": TEAM}, "response_url": app.fake.response_url(user),
               "actions": [{"action_id": "request_assign_to", "block_id": "assign:1", "selected_user": supporter, "type": "users_select"}]})
    };
    let mark = app.fake.mark();
    app.interaction(picker("USUPN1", "USUPN2")).await;
    app.fake
        .wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("Only the program's coordinators"))
        .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE status = 'pending'").await, 0);
    // The coordinator assigns someone who declined earlier: an offer goes out.
    app.interaction(picker("UCOORD1", "USUPN2")).await;
    let manual = app.fake.wait_message_with_button(mark, "USUPN2", "Accept").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE status = 'pending' AND offered_by = 'UCOORD1'").await, 1);
    let mark = app.fake.mark();
    app.click("USUPN2", &manual, "Accept").await;
    app.fake.wait_for(mark, 1, |c| c.to() == "UREQ1" && c.text().contains("will reach out")).await;
}

#[tokio::test]
async fn in_coordinator_mode_nothing_is_offered_until_a_coordinator_picks() {
    let app = spawn_app_with(|s| s.matching.mode = MatchingMode::Coordinator).await;
    app.request_as_nurse("UREQ1", "coordinator mode").await;
    let alert = app
        .fake
        .wait_for(0, 2, |c| COORDINATORS.contains(&c.to().as_str()) && c.text().contains("Best matches"))
        .await
        .remove(0);
    let buttons = alert.buttons();
    assert!(buttons.contains(&"Offer to USUPN1 Person".to_string()), "{buttons:?}");
    assert!(buttons.len() >= 3 + 2);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM offers").await, 0);
    let mark = app.fake.mark();
    app.click("UCOORD2", &alert, "Offer to USUPN2 Person").await;
    app.fake.wait_message_with_button(mark, "USUPN2", "Accept").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE supporter = 'USUPN2' AND offered_by = 'UCOORD2'").await, 1);
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
async fn people_outside_the_program_get_resources_and_the_crisis_line_instead_of_the_form() {
    let app = spawn_app_with(|s| {
        s.program.eligible = vec!["UREQ1".into()];
        s.program.resources = vec![peer_support::settings::Resource {
            name: "Employee Assistance (test-eap)".into(),
            contact: "555-0100".into(),
        }];
    })
    .await;
    let reply = app.command("UOUTSIDE", "/peer-support", "").await.json::<serde_json::Value>().await.unwrap();
    assert_eq!(reply["response_type"], "ephemeral");
    let text = reply.to_string();
    assert!(text.contains("test-eap") && text.contains("test-crisis-1234"));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(app.fake.calls_to("views.open").is_empty());
    app.command("UREQ1", "/peer-support", "").await;
    app.fake.wait_for(0, 1, |c| c.method == "views.open").await;
}

#[tokio::test]
async fn the_modal_asks_again_when_a_colleague_is_chosen_without_checking() {
    let app = spawn_app().await;
    let before = app.db_snapshot().await;
    let reply = app
        .submit_request(
            "UREQ1",
            json!({
                "for_whom": {"type": "radio_buttons", "selected_option": {"value": "colleague"}},
                "colleague": {"type": "users_select", "selected_user": "UCOL1"},
                "contact": {"type": "radio_buttons", "selected_option": {"value": "phone"}},
            }),
            "self",
        )
        .await;
    let body = reply.json::<serde_json::Value>().await.unwrap();
    assert_eq!(body["response_action"], "errors");
    assert!(body["errors"]["checked_with_them"].as_str().unwrap().contains("check with your colleague"));
    assert_eq!(app.db_snapshot().await, before);
    // Checked: the colleague is asked privately; no request exists until they say yes.
    let mark = app.fake.mark();
    let reply = app
        .submit_request(
            "UREQ1",
            json!({
                "for_whom": {"type": "radio_buttons", "selected_option": {"value": "colleague"}},
                "colleague": {"type": "users_select", "selected_user": "UCOL1"},
                "checked_with_them": {"type": "checkboxes", "selected_options": [{"value": "checked"}]},
            }),
            "self",
        )
        .await;
    assert_eq!(reply.text().await.unwrap(), "");
    let ask = app.fake.wait_message_with_button(mark, "UCOL1", "Yes, connect me").await;
    assert!(ask.text().contains("test-crisis-1234") && !ask.text().contains("UREQ1"));
    app.fake.wait_for(mark, 1, |c| c.to() == "UREQ1" && c.text().contains("private message")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
}

#[tokio::test]
async fn a_forged_option_value_is_never_stored() {
    let app = spawn_app().await;
    let forged = "forged-department-text-9931";
    app.submit_request(
        "UREQ1",
        json!({
            "department": {"type": "static_select", "selected_option": {"value": forged}},
            "site": {"type": "static_select", "selected_option": {"value": forged}},
            "contact": {"type": "radio_buttons", "selected_option": {"value": "phone"}},
        }),
        "self",
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests WHERE requester_department = '' AND requester_site = ''").await,
        1
    );
    app.store().checkpoint().await.unwrap();
    assert!(!contains(&app.db_bytes(), forged));
}

#[tokio::test]
async fn a_second_request_while_one_is_open_is_refused_inline() {
    let app = spawn_app().await;
    app.request_and_offer("UREQ1", "first").await;
    let body = app.request_as_nurse("UREQ1", "second").await.json::<serde_json::Value>().await.unwrap();
    assert_eq!(body["response_action"], "errors");
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 1);
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

#[tokio::test]
async fn a_coordinator_cannot_offer_a_request_to_the_person_who_asked() {
    let app = spawn_app().await;
    // A supporter asks for support themselves; every other supporter declines.
    let offer = app.request_and_offer("USUPN2", "a supporter asks").await;
    assert_ne!(offer.to(), "USUPN2", "matching never offers someone their own request");
    let picker = json!({"type": "block_actions", "user": {"id": "UCOORD1"}, "team": {"id": TEAM},
        "response_url": app.fake.response_url("UCOORD1"),
        "actions": [{"action_id": "request_assign_to", "block_id": "assign:1", "selected_user": "USUPN2", "type": "users_select"}]});
    let mark = app.fake.mark();
    app.interaction(picker).await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("the person who asked")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE supporter = 'USUPN2'").await, 0);
}

#[tokio::test]
async fn eligibility_is_checked_when_the_form_is_sent_whatever_opened_it() {
    let app = spawn_app_with(|s| s.program.eligible = vec!["UREQ1".into()]).await;
    // A form sent by someone the program does not list, as if a consent or outreach yes had opened it.
    for metadata in ["self", "referral:forged", "outreach:forged", "again:USUPN1"] {
        let reply = app.interaction(app.nurse_request_payload("UOUTSIDE", "not listed")).await;
        let _ = metadata;
        let body: serde_json::Value = reply.json().await.unwrap();
        assert_eq!(body["response_action"], "errors", "{body}");
        assert!(body.to_string().contains("support you can reach today"), "{body}");
        assert!(body.to_string().contains("test-crisis-1234"), "{body}");
        let forged = app.submission_payload(
            "UOUTSIDE",
            json!({"contact": {"type": "radio_buttons", "selected_option": {"value": "phone"}}}),
            metadata,
        );
        let body: serde_json::Value = app.interaction(forged).await.json().await.unwrap();
        assert_eq!(body["response_action"], "errors", "{metadata}: {body}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
    // Someone listed can still ask.
    app.request_and_offer("UREQ1", "listed").await;
}

#[tokio::test]
async fn the_alert_says_where_the_request_stands_now_and_keeps_what_they_wrote() {
    let app = spawn_app().await;
    app.request_as_nurse("UREQ1", "the words stay").await;
    let offer = app.fake.wait_message_with_button(0, "USUPN1", "Accept").await;
    let alert = app.fake.wait_message_with_button(0, "UCOORD1", "Close").await;
    assert!(alert.args["attachments"].to_string().contains("Offered to <@USUPN1>"), "{}", alert.text());
    assert!(!alert.args["blocks"].to_string().contains("Offered to"), "the state lives in the line that changes");
    let mark = app.fake.mark();
    app.click("USUPN1", &offer, "Accept").await;
    app.settle().await;
    let edits =
        app.fake.wait_for(mark, 2, |c| c.method == "chat.update" && COORDINATORS.contains(&c.to().as_str())).await;
    for edit in edits {
        let now = edit.args["attachments"].to_string();
        assert!(now.contains("accepted") && now.contains("<@USUPN1>"), "{now}");
        // Without blocks, Slack keeps the alert's blocks, and the note in them.
        assert!(edit.args.get("blocks").is_none(), "{}", edit.text());
    }
}

#[tokio::test]
async fn every_refusal_a_requester_can_meet_shows_the_way_on_and_the_crisis_line() {
    let app = spawn_app_with(|s| {
        s.program.eligible = ["UREQ1", "UREQ2", "UCOL001"].iter().map(|u| u.to_string()).collect();
    })
    .await;
    let way_on = |c: &Call| c.text().contains("/peer-support") && c.text().contains("988");
    // Not on the program's list.
    let reply = app.command("UOUTSIDER", "/peer-support", "").await.text().await.unwrap();
    assert!(reply.contains("988"), "{reply}");
    // Someone else's request: not theirs to withdraw.
    app.request_and_offer("UREQ1", "refusals").await;
    let status = app.command("UREQ1", "/peer-support", "status").await.json::<serde_json::Value>().await.unwrap();
    let status_call = Call { method: "response".into(), args: json!({"channel": "UREQ1", "blocks": status["blocks"]}) };
    let mark = app.fake.mark();
    app.click("UREQ2", &status_call, "Withdraw my request").await;
    let told = app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.to() == "UREQ2").await.remove(0);
    assert!(told.text().contains("meant for someone else") && way_on(&told), "{}", told.text());
    // A request already gone.
    app.click("UREQ1", &status_call, "Withdraw my request").await;
    app.settle().await;
    let mark = app.fake.mark();
    app.click("UREQ1", &status_call, "Withdraw my request").await;
    let told = app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.to() == "UREQ1").await.remove(0);
    assert!(told.text().contains("already been closed or withdrawn") && way_on(&told), "{}", told.text());
    // A colleague referred while their own request is open.
    app.request_and_offer("UCOL001", "already open").await;
    let refer = json!({
        "for_whom": {"type": "radio_buttons", "selected_option": {"value": "colleague"}},
        "colleague": {"type": "users_select", "selected_user": "UCOL001"},
        "checked_with_them": {"type": "checkboxes", "selected_options": [{"value": "checked"}]},
    });
    app.submit_request("UREQ2", refer, "self").await;
    let ask = app.fake.wait_message_with_button(0, "UCOL001", "Yes, connect me").await;
    let mark = app.fake.mark();
    app.click("UCOL001", &ask, "Yes, connect me").await;
    let told = app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.to() == "UCOL001").await.remove(0);
    assert!(told.text().contains("already have a request open") && way_on(&told), "{}", told.text());
    assert!(told.text().contains("/peer-support status"));
}

#[tokio::test]
async fn the_forms_departments_come_from_the_program_and_the_roster() {
    let app = spawn_app_with(|s| {
        s.program.departments = vec!["ICU".into(), "Emergency".into()];
        s.program.sites = vec![peer_support::settings::Site { name: "North Campus".into(), ..Default::default() }];
    })
    .await;
    let mark = app.fake.mark();
    app.command("UREQ1", "/peer-support", "").await;
    let modal = app.fake.wait_for(mark, 1, |c| c.method == "views.open").await.remove(0);
    let blocks = modal.args["view"]["blocks"].to_string();
    for choice in ["ICU", "Emergency", "North Campus"] {
        assert!(blocks.contains(&format!("\"value\":\"{choice}\"")), "{choice} missing: {blocks}");
    }
    // ICU has no supporter on the roster, yet a nurse there can say so.
    app.submit_request(
        "UREQ1",
        json!({
            "role": {"type": "static_select", "selected_option": {"value": "nurse"}},
            "department": {"type": "static_select", "selected_option": {"value": "ICU"}},
            "site": {"type": "static_select", "selected_option": {"value": "North Campus"}},
            "contact": {"type": "radio_buttons", "selected_option": {"value": "phone"}},
        }),
        "self",
    )
    .await;
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM requests WHERE requester_department = 'ICU' AND requester_site = 'North Campus'"
        )
        .await,
        1
    );
    // A forged value the form never offered is not stored.
    app.submit_request(
        "UREQ2",
        json!({
            "role": {"type": "static_select", "selected_option": {"value": "nurse"}},
            "department": {"type": "static_select", "selected_option": {"value": "Made Up"}},
            "contact": {"type": "radio_buttons", "selected_option": {"value": "phone"}},
        }),
        "self",
    )
    .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM requests WHERE requester_department = 'Made Up'").await, 0);
}

#[tokio::test]
async fn in_a_surge_coordinators_get_one_digest_they_can_act_from() {
    let app = spawn_app_with(|s| s.surge.after = 2).await;
    let without_note = |role: &str| {
        json!({
            "role": {"type": "static_select", "selected_option": {"value": role}},
            "contact": {"type": "radio_buttons", "selected_option": {"value": "phone"}},
        })
    };
    // Two requests: each its own alert, as always.
    app.submit_request("UREQ1", without_note("nurse"), "self").await;
    app.submit_request("UREQ2", without_note("nurse"), "self").await;
    app.settle().await;
    // Past two within the window: a surge. One request carries a note that only the
    // coordinators may read.
    for (user, role) in [("UREQ3", "nurse"), ("UREQ4", "pharmacist"), ("UREQ5", "physician"), ("UREQ6", "nurse")] {
        app.submit_request(user, without_note(role), "self").await;
    }
    app.request_as_nurse("UREQ7", "surge canary").await;
    app.settle().await;
    for coordinator in COORDINATORS {
        let top_level: Vec<Call> = app
            .fake
            .calls()
            .into_iter()
            .filter(|c| c.method == "chat.postMessage" && c.to() == coordinator && c.args.get("thread_ts").is_none())
            .collect();
        assert_eq!(top_level.len(), 3, "two alerts and one digest, not seven DMs: {top_level:?}");
        let digest = &top_level[2];
        let digest_ts = digest.args["_ts"].as_str().unwrap().to_string();
        // The digest is edited as requests arrive, and ends up counting every request of
        // the window (the two before the surge too).
        let latest = app
            .fake
            .calls()
            .into_iter()
            .rfind(|c| c.method == "chat.update" && c.args["ts"] == digest_ts.as_str())
            .map(|c| c.text())
            .unwrap_or_else(|| digest.text());
        assert!(latest.contains("Many requests at once: 7 since"), "{latest}");
        assert!(latest.contains("waiting for a coordinator to choose a supporter"), "{latest}");
        assert!(latest.contains("Assign to") && latest.contains("request_close"), "{latest}");
        // The one with a note has its alert in the digest's thread; the others have none.
        let in_thread: Vec<Call> = app
            .fake
            .calls()
            .into_iter()
            .filter(|c| c.method == "chat.postMessage" && c.args["thread_ts"] == digest_ts.as_str())
            .collect();
        assert_eq!(in_thread.len(), 1, "{in_thread:?}");
        assert!(in_thread[0].text().contains("surge canary") && in_thread[0].text().contains("<@UREQ7>"));
    }
    // Every requester was told their request is in.
    for n in 1..=7 {
        let user = format!("UREQ{n}");
        app.fake.wait_for(0, 1, |c| c.to() == user && c.text().contains("Your request is in")).await;
    }
    // The surge over, a request has its own alert again.
    app.clock.advance(Duration::from_secs(3600));
    let mark = app.fake.mark();
    app.submit_request("UREQ8", without_note("nurse"), "self").await;
    app.settle().await;
    let alerts = app
        .fake
        .wait_for(mark, 2, |c| c.method == "chat.postMessage" && c.text().contains("Peer support request #8"))
        .await;
    assert_eq!(alerts.len(), 2);
}

#[tokio::test]
async fn someone_the_requester_would_rather_not_talk_with_is_never_offered_and_never_told() {
    let app = spawn_app().await;
    // A nurse would rather not talk with USUPN1, the best match otherwise.
    app.submit_request(
        "UREQ1",
        json!({
            "role": {"type": "static_select", "selected_option": {"value": "nurse"}},
            "site": {"type": "static_select", "selected_option": {"value": "Main"}},
            "contact": {"type": "radio_buttons", "selected_option": {"value": "phone"}},
            "rather_not": {"type": "multi_users_select", "selected_users": ["USUPN1"]},
        }),
        "self",
    )
    .await;
    let offer = app.fake.wait_message_with_button(0, "USUPN2", "Accept").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM request_exclusions").await, 1);
    // Declined by the other nurse: the request passes on, never to USUPN1.
    app.click("USUPN2", &offer, "Decline").await;
    app.settle().await;
    app.run_due().await;
    app.settle().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE supporter = 'USUPN1'").await, 0);
    // The coordinators see that someone was named, never who.
    let alert = app.fake.wait_message_with_button(0, "UCOORD1", "Close").await;
    assert!(alert.text().contains("not someone they named (kept private)"), "{}", alert.text());
    for call in app.fake.calls() {
        if COORDINATORS.contains(&call.to().as_str()) || call.to() == "USUPN2" || call.to() == "UREQ1" {
            assert!(!call.text().contains("USUPN1"), "the excluded person is named: {}", call.text());
        }
    }
    // And the one excluded hears nothing at all.
    assert!(app.fake.calls().iter().all(|c| c.to() != "USUPN1"), "USUPN1 was told something");
    // A coordinator's Assign to cannot pick them, and is not told why.
    let mark = app.fake.mark();
    let assign = app.click_payload("UCOORD1", "request_assign_to", "", "assign:1", &alert);
    let mut assign = assign;
    assign["actions"][0]["selected_user"] = json!("USUPN1");
    assign["actions"][0]["type"] = json!("users_select");
    app.interaction(assign).await;
    let told = app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.to() == "UCOORD1").await.remove(0);
    assert!(told.text().contains("can't go to that supporter"), "{}", told.text());
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE supporter = 'USUPN1'").await, 0);
    // Withdrawn: the list goes with the request.
    let status = app.command("UREQ1", "/peer-support", "status").await.json::<serde_json::Value>().await.unwrap();
    let status_call = Call { method: "response".into(), args: json!({"channel": "UREQ1", "blocks": status["blocks"]}) };
    app.click("UREQ1", &status_call, "Withdraw my request").await;
    app.settle().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM request_exclusions").await, 0);
}

#[tokio::test]
async fn a_warm_handoff_names_the_resource_to_the_requester_and_is_counted() {
    let app = spawn_app_with(|s| {
        s.program.resources = vec![peer_support::settings::Resource {
            name: "Employee Assistance Program".into(),
            contact: "Call 555-0100, any time".into(),
        }];
        s.program.backup_contact = "Nursing supervisor, 555-0199".into();
    })
    .await;
    let assignment = app.matched("UREQ1").await;
    assert!(assignment.buttons().contains(&"Connect to a resource".to_string()), "{:?}", assignment.buttons());
    let alert = app.fake.wait_message_with_button(0, "UCOORD1", "Connect to a resource").await;
    // Only the assigned supporter or a coordinator may hand off.
    let mark = app.fake.mark();
    app.click("USUPN2", &assignment, "Connect to a resource").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.to() == "USUPN2").await;
    assert!(app.fake.since(mark).iter().all(|c| c.method != "views.open"), "no form for someone else");
    app.click("USUPN1", &assignment, "Connect to a resource").await;
    let form = app.fake.wait_for(mark, 1, |c| c.method == "views.open").await.remove(0);
    assert!(form.text().contains("Employee Assistance Program"));
    let metadata = form.args["view"]["private_metadata"].as_str().unwrap().to_string();
    let mut submit = app.submission_payload(
        "USUPN1",
        json!({"resource": {"type": "static_select", "selected_option": {"value": "0"}}}),
        &metadata,
    );
    submit["view"]["callback_id"] = json!("handoff");
    assert_eq!(app.interaction(submit).await.status(), 200);
    app.settle().await;
    let dm = app
        .fake
        .wait_for(mark, 1, |c| c.to() == "UREQ1" && c.text().contains("Employee Assistance Program"))
        .await
        .remove(0);
    assert!(dm.text().contains("555-0100") && dm.text().contains("988"), "{}", dm.text());
    assert!(!dm.text().contains("USUPN1"), "the DM does not need to name anyone");
    assert_eq!(
        app.count("SELECT value FROM monthly_counts WHERE metric = 'handoff:Employee Assistance Program'").await,
        1
    );
    // A coordinator can hand off from the alert too.
    app.click("UCOORD1", &alert, "Connect to a resource").await;
    app.fake.wait_for(mark, 2, |c| c.method == "views.open").await;
    // A safety concern shows the program's backup contact.
    app.click("USUPN1", &assignment, "I have a safety concern").await;
    app.fake.wait_for(mark, 1, |c| c.to() == "USUPN1" && c.text().contains("Nursing supervisor, 555-0199")).await;
}
