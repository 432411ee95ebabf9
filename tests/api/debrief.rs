//! Team debriefs: asked for by anyone, offered to facilitators with Accept and Decline on
//! the same cascade, timeout and SLA clock as one-on-one requests, and counted apart.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

const HOUR: Duration = Duration::from_secs(3600);

fn debrief_submission(app: &TestApp, user: &str, unit: &str, note: &str) -> Value {
    let mut payload = app.submission_payload(
        user,
        json!({
            "unit": {"type": "static_select", "selected_option": {"value": unit}},
            "event_kind": {"type": "static_select", "selected_option": {"value": "patient_death"}},
            "team_size": {"type": "static_select", "selected_option": {"value": "6_10"}},
            "meet_when": {"type": "static_select", "selected_option": {"value": "this_week"}},
            "note": {"type": "plain_text_input", "value": note},
        }),
        "",
    );
    payload["view"]["callback_id"] = json!("team_debrief");
    payload
}

fn offers_of_debrief(app: &TestApp, mark: usize) -> Vec<Call> {
    app.fake
        .since(mark)
        .into_iter()
        .filter(|c| c.method == "chat.postMessage" && c.text().contains("Can you lead a team debrief?"))
        .collect()
}

async fn with_facilitators() -> TestApp {
    let app = spawn_app_with(|s| s.follow_up.requester_after = vec![HOUR]).await;
    app.import_roster("slack_user_id,facilitator\nUSUPD1,true\nUSUPN2,yes\n").await;
    app
}

#[tokio::test]
async fn a_debrief_cascades_through_facilitators_and_the_asker_hears_who_leads_it() {
    let app = with_facilitators().await;
    let canary = format!("debrief-canary-{}", std::process::id());
    // The command and the Home button open the same short form.
    app.command("UREQ1", "/peer-support", "team").await;
    let modal = app.fake.wait_for(0, 1, |c| c.method == "views.open").await.remove(0);
    assert_eq!(modal.args["view"]["callback_id"], "team_debrief");
    for words in
        ["Which team or unit?", "About how many people", "When could the team meet?", "test-crisis-1234", "ICU"]
    {
        assert!(modal.text().contains(words), "the form lacks {words}");
    }

    let mark = app.fake.mark();
    let reply = app.interaction(debrief_submission(&app, "UREQ1", "ICU", &canary)).await;
    assert_eq!(reply.text().await.unwrap(), "", "a good submission closes the form");
    let received = app.fake.wait_for(mark, 1, |c| c.to() == "UREQ1" && c.text().contains("debrief is in")).await;
    assert!(received[0].text().contains("test-crisis-1234"));
    assert_eq!(received[0].buttons(), ["Withdraw request"]);
    // The coordinators see what it is, what happened and the note; nobody else does.
    for coordinator in COORDINATORS {
        let alert =
            app.fake.wait_for(mark, 1, |c| c.to() == coordinator && c.text().contains("Team debrief request")).await;
        let text = alert[0].text();
        assert!(text.contains(&canary) && text.contains("a patient death") && text.contains("6 to 10 people"));
    }
    // Offered to a facilitator only (the physician first, by ID), with no name and no note.
    let first = app.fake.wait_for(mark, 1, |c| c.text().contains("Can you lead a team debrief?")).await.remove(0);
    assert_eq!(first.to(), "USUPD1");
    assert_eq!(first.buttons(), ["Accept", "Decline"]);
    let text = first.text();
    assert!(text.contains("ICU") && text.contains("6 to 10 people") && text.contains("later this week"));
    assert!(!text.contains("UREQ1") && !text.contains(&canary) && !text.contains("patient death"));

    // Unanswered within the offer timeout: it passes on to the next facilitator.
    app.clock.advance(HOUR + Duration::from_secs(1));
    app.run_due().await;
    let second = app.fake.wait_for(mark, 2, |c| c.text().contains("Can you lead a team debrief?")).await.remove(1);
    assert_eq!(second.to(), "USUPN2");
    // The facilitator's Home tab shows it as a debrief, and who leads them; the coordinators'
    // queue says what it is.
    let home = crate::home::open_home(&app, "USUPN2").await;
    let text = home.text();
    assert!(text.contains("a team debrief. ICU, 6 to 10 people, later this week"), "{text}");
    assert!(text.contains("you can lead them") && !text.contains("UREQ1"));
    let queue = crate::home::open_home(&app, "UCOORD1").await;
    assert!(queue.text().contains("team debrief (ICU) for <@UREQ1>"), "{}", queue.text());
    // Someone else cannot answer it.
    let wrong = app.fake.mark();
    app.click("USUPN1", &second, "Accept").await;
    app.fake.wait_for(wrong, 1, |c| c.method == "response_url" && c.to() == "USUPN1").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM assignments").await, 0);

    // Accept: the asker hears who will lead it; the facilitator gets who asked, to arrange it.
    let accepted = app.fake.mark();
    app.click("USUPN2", &second, "Accept").await;
    app.click("USUPN2", &second, "Accept").await;
    let told = app
        .fake
        .wait_for(accepted, 1, |c| c.to() == "UREQ1" && c.text().contains("will lead your team's debrief"))
        .await;
    assert!(told[0].text().contains("<@USUPN2>") && told[0].text().contains("test-crisis-1234"));
    let assignment = app.fake.wait_message_with_button(accepted, "USUPN2", "Conversation happened").await;
    assert!(assignment.text().contains("<@UREQ1>") && !assignment.text().contains(&canary));
    assert_eq!(app.count("SELECT COUNT(*) FROM assignments").await, 1, "a double click accepts once");
    // The one-on-one never offered it to a supporter who does not lead debriefs.
    assert!(app.fake.calls().iter().all(|c| !(c.to() == "USUPN1" && c.text().contains("team debrief"))));

    // Counted apart from one-on-one requests; nothing typed is stored.
    for (sql, want) in [
        ("SELECT COALESCE(SUM(value), 0) FROM monthly_counts WHERE metric = 'debrief_requests'", 1),
        ("SELECT COALESCE(SUM(value), 0) FROM monthly_counts WHERE metric = 'debrief_matched'", 1),
        ("SELECT COALESCE(SUM(value), 0) FROM monthly_counts WHERE metric = 'debrief_offers_timed_out'", 1),
        ("SELECT COALESCE(SUM(value), 0) FROM monthly_counts WHERE metric IN ('requests', 'matched')", 0),
        ("SELECT COUNT(*) FROM requests WHERE kind = 'team_debrief' AND requester_department = 'ICU'", 1),
    ] {
        assert_eq!(app.count(sql).await, want, "{sql}");
    }
    assert!(!contains(&app.db_bytes(), &canary), "the note is never written down");

    // Asking for a team does not stop someone asking for themselves.
    let own = app.request_and_offer("UREQ1", "for me").await;
    assert!(own.to().starts_with("USUP"));

    // After the debrief, the asker is checked on in words that fit.
    let done = app.fake.mark();
    app.click("USUPN2", &assignment, "Conversation happened").await;
    app.settle().await;
    app.clock.advance(HOUR + Duration::from_secs(1));
    app.run_due().await;
    app.fake.wait_for(done, 1, |c| c.to() == "UREQ1" && c.text().contains("after your team's debrief")).await;
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'debrief_closed'").await, 1);
}

#[tokio::test]
async fn a_debrief_nobody_can_lead_goes_to_the_coordinators_and_bad_input_changes_nothing() {
    let app = spawn_app_with(|s| s.sla.match_within = Duration::from_secs(2 * 3600)).await;
    // A unit the form did not offer is refused, and nothing is stored.
    let reply = app.interaction(debrief_submission(&app, "UREQ1", "<script>", "x")).await;
    let body: Value = reply.json().await.unwrap();
    assert_eq!(body["response_action"], "errors");
    assert!(body["errors"]["unit"].as_str().unwrap().contains("Choose the team"));
    let mut no_size = debrief_submission(&app, "UREQ1", "ICU", "x");
    no_size["view"]["state"]["values"].as_object_mut().unwrap().remove("team_size");
    let body: Value = app.interaction(no_size).await.json().await.unwrap();
    assert!(body["errors"]["team_size"].is_string());
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);

    // No facilitator on the roster: the coordinators are told there is no one, with the picker.
    let mark = app.fake.mark();
    let reply = app.interaction(debrief_submission(&app, "UREQ1", "Surgery", "")).await;
    assert_eq!(reply.text().await.unwrap(), "");
    let alert = app.fake.wait_for(mark, 1, |c| c.to() == "UCOORD1" && c.text().contains("Team debrief request")).await;
    assert!(alert[0].text().contains("No supporter available"), "{}", alert[0].text());
    assert!(offers_of_debrief(&app, 0).is_empty());
    // And the SLA clock runs as for anyone: past it, the coordinators hear it is still waiting.
    app.clock.advance(2 * HOUR + Duration::from_secs(1));
    app.run_due().await;
    app.fake.wait_for(mark, 1, |c| c.to() == "UCOORD1" && c.text().contains("waiting")).await;

    // The Home tab offers the same form.
    let home = app.fake.mark();
    app.interaction(json!({
        "type": "block_actions", "user": {"id": "UREQ2", "team_id": TEAM}, "team": {"id": TEAM},
        "trigger_id": "trigger-UREQ2",
        "view": {"id": "VHOME", "type": "home"},
        "actions": [{"action_id": "home_team_debrief", "block_id": "home_requester", "value": "debrief", "type": "button"}],
    }))
    .await;
    let modal = app.fake.wait_for(home, 1, |c| c.method == "views.open").await.remove(0);
    assert_eq!(modal.args["view"]["callback_id"], "team_debrief");
}
