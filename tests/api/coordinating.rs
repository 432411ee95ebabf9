//! What the coordinators do with a request, told as stories: picking by hand, coordinator
//! mode, the alert that follows the request, a surge's digest, exclusions, the warm handoff.

use std::time::Duration;

use peer_support::settings::MatchingMode;
use serde_json::json;

use crate::helpers::*;

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
