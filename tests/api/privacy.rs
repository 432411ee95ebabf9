//! Logs outlive the purge and are read by people who are not coordinators: the whole
//! story, logged at trace level as JSON, names no person and holds nothing anyone typed
//! or chose.

use std::time::Duration;

use serde_json::json;

use crate::helpers::*;

const HOUR: Duration = Duration::from_secs(3600);

/// Every Slack user ID this story uses, and the names the fake Slack gives them.
const PEOPLE: [&str; 12] = [
    "UPRIVREQ1",
    "UPRIVREQ2",
    "UPRIVREQ3",
    "UPRIVCOL1",
    "UPRIVCOL2",
    "UPRIVCOL3",
    "UPRIVCOL4",
    "USUPN1",
    "USUPN2",
    "UCOORD1",
    "UCOORD2",
    "ULEAD1",
];

async fn outreach_to(app: &TestApp, people: &[&str]) {
    app.interaction(json!({
        "type": "view_submission",
        "user": {"id": "ULEAD1", "team_id": TEAM},
        "team": {"id": TEAM},
        "view": {"id": "VOUT", "callback_id": "outreach", "private_metadata": "", "state": {"values": {
            "colleagues": {"colleagues": {"type": "multi_users_select", "selected_users": people}},
            "event_kind": {"event_kind": {"type": "static_select", "selected_option": {"value": "patient_death"}}},
            "leader_note": {"leader_note": {"type": "plain_text_input", "value": "leader-canary-7781"}},
        }}},
    }))
    .await;
}

#[tokio::test]
async fn the_whole_story_at_trace_level_logs_no_person_and_nothing_typed_or_chosen() {
    let app = spawn_app_with(|s| s.follow_up.requester_after = vec![HOUR, 2 * HOUR]).await;
    let canary = "typed-canary-4410";

    // A request, declined by the first supporter, accepted by the second.
    app.command("UPRIVREQ1", "/peer-support", "").await;
    app.command("UPRIVREQ1", "/peer-support", "status").await;
    let offer = app.request_and_offer("UPRIVREQ1", canary).await;
    let mark = app.fake.mark();
    app.click(&offer.to(), &offer, "Decline").await;
    let second = app
        .fake
        .wait_for(mark, 1, |c| c.method == "chat.postMessage" && c.buttons().contains(&"Accept".to_string()))
        .await
        .remove(0);
    // A forged click: someone else presses Accept on the offer.
    app.click("UPRIVCOL4", &second, "Accept").await;
    let mark = app.fake.mark();
    app.click(&second.to(), &second, "Accept").await;
    let assignment = app.fake.wait_message_with_button(mark, &second.to(), "Contact made").await;
    app.click(&second.to(), &assignment, "Contact made").await;

    // Check-ins answered each way.
    app.clock.advance(HOUR);
    app.run_due().await;
    let check_in = app.fake.wait_message_with_button(mark, "UPRIVREQ1", "I'm doing okay").await;
    app.click("UPRIVREQ1", &check_in, "I'm doing okay").await;
    app.click("UPRIVREQ1", &check_in, "Show me other resources").await;
    app.click("UPRIVREQ1", &check_in, "I'd like to talk again").await;
    app.click("UPRIVREQ1", &check_in, "Please stop checking in").await;

    // A safety concern, then the conversation closes it; the feedback question answered.
    app.click(&second.to(), &assignment, "I have a safety concern").await;
    let mark = app.fake.mark();
    app.click(&second.to(), &assignment, "Conversation happened").await;
    app.fake.wait_for(mark, 2, |c| c.method == "chat.update" && COORDINATORS.contains(&c.to().as_str())).await;
    app.run_due().await;
    let question = app.fake.wait_message_with_button(mark, "UPRIVREQ1", "Somewhat").await;
    app.click("UPRIVREQ1", &question, "Not really").await;

    // A request withdrawn, and one closed by a coordinator.
    app.request_and_offer("UPRIVREQ2", canary).await;
    let status = app.command("UPRIVREQ2", "/peer-support", "status").await.json::<serde_json::Value>().await.unwrap();
    let status_call =
        Call { method: "response".into(), args: json!({"channel": "UPRIVREQ2", "blocks": status["blocks"]}) };
    app.click("UPRIVREQ2", &status_call, "Withdraw my request").await;
    app.request_and_offer("UPRIVREQ3", canary).await;
    let alert = app
        .fake
        .wait_for(0, 1, |c| {
            c.to() == "UCOORD1" && c.text().contains("UPRIVREQ3") && c.buttons().contains(&"Close".into())
        })
        .await
        .remove(0);
    let mark = app.fake.mark();
    app.click("UCOORD1", &alert, "Close").await;
    app.fake.wait_for(mark, 1, |c| c.method == "chat.update").await;

    // A referral: one colleague says yes, one says no.
    for (colleague, answer) in [("UPRIVCOL1", "Yes, connect me"), ("UPRIVCOL2", "No, thank you")] {
        app.submit_request(
            "UPRIVREQ1",
            json!({
                "for_whom": {"type": "radio_buttons", "selected_option": {"value": "colleague"}},
                "colleague": {"type": "users_select", "selected_user": colleague},
                "checked_with_them": {"type": "checkboxes", "selected_options": [{"value": "checked"}]},
            }),
            "self",
        )
        .await;
        let ask = app.fake.wait_message_with_button(0, colleague, answer).await;
        app.click(colleague, &ask, answer).await;
    }

    // Outreach: yes, not now, ask again (which comes back).
    outreach_to(&app, &["UPRIVCOL1", "UPRIVCOL3", "UPRIVCOL4"]).await;
    for (colleague, answer) in
        [("UPRIVCOL1", "Yes, I'd like to talk"), ("UPRIVCOL3", "Not now"), ("UPRIVCOL4", "Ask me again in a few days")]
    {
        let dm = app.fake.wait_message_with_button(0, colleague, answer).await;
        app.click(colleague, &dm, answer).await;
    }
    let mark = app.fake.mark();
    app.clock.advance(4 * 24 * HOUR);
    app.run_due().await;
    app.fake.wait_for(mark, 1, |c| c.to() == "UPRIVCOL4" && c.text().contains("Checking in again")).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let logs = captured_logs();
    assert!(logs.lines().count() > 50, "the story was logged at trace level");
    assert!(logs.lines().all(|l| l.starts_with('{')), "every line is JSON");
    for person in PEOPLE {
        assert!(!logs.contains(person), "a log line names {person}");
    }
    for secret in [canary, "leader-canary-7781", "/response/", "Person\""] {
        assert!(!logs.contains(secret), "a log line holds {secret:?}");
    }
    // What people chose is not logged either: answers appear only as their kind.
    for choice in ["checkin_okay", "checkin_stop", "consent_yes", "consent_no", "outreach_not_now", "not_really"] {
        assert!(!logs.contains(choice), "a log line says what someone chose: {choice}");
    }
    assert!(logs.contains("checkin_answer") && logs.contains("not_your_offer"), "actions and refusals are named");
}
