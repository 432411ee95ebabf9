//! Outreach after an adverse event, and referrals with consent.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

const HOUR: Duration = Duration::from_secs(3600);

fn colleagues(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("UCOL{i:03}")).collect()
}

async fn start_outreach(app: &TestApp, leader: &str, people: &[String], note: Option<&str>) -> reqwest::Response {
    let mut values = json!({
        "colleagues": {"colleagues": {"type": "multi_users_select", "selected_users": people}},
        "event_kind": {"event_kind": {"type": "static_select", "selected_option": {"value": "patient_death"}}},
    });
    if let Some(note) = note {
        values["leader_note"] = json!({"leader_note": {"type": "plain_text_input", "value": note}});
    }
    app.interaction(json!({
        "type": "view_submission",
        "user": {"id": leader, "team_id": TEAM},
        "team": {"id": TEAM},
        "view": {"id": "VOUT", "callback_id": "outreach", "private_metadata": "", "state": {"values": values}},
    }))
    .await
}

async fn wait_delivered(app: &TestApp, people: &[String]) {
    for _ in 0..1000 {
        if people.iter().all(|p| !app.fake.delivered_to(p).is_empty()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let missing: Vec<_> = people.iter().filter(|p| app.fake.delivered_to(p).is_empty()).collect();
    panic!("not delivered to {missing:?}");
}

#[tokio::test]
async fn outreach_reaches_everyone_and_the_leader_learns_only_the_count() {
    let app = spawn_app().await;
    // /peer-outreach opens the modal for a leader.
    app.command("ULEAD1", "/peer-outreach", "").await;
    let modal = app.fake.wait_for(0, 1, |c| c.method == "views.open").await.remove(0);
    assert!(modal.text().contains("multi_users_select") && modal.text().contains("test-crisis-1234"));

    let people = colleagues(3);
    let canary = "leader-note-canary-5521";
    assert_eq!(start_outreach(&app, "ULEAD1", &people, Some(canary)).await.text().await.unwrap(), "");
    wait_delivered(&app, &people).await;
    let dm = app.fake.delivered_to("UCOL001").remove(0);
    assert_eq!(dm.buttons(), ["Yes, I'd like to talk", "Not now", "Ask me again in a few days"]);
    assert!(
        dm.text().contains(canary) && dm.text().contains("test-crisis-1234") && dm.text().contains("a patient death")
    );
    assert!(dm.text().contains("Touching base"));
    let told =
        app.fake.wait_for(0, 1, |c| c.to() == "ULEAD1" && c.text().contains("on its way to the 3 colleagues")).await;
    assert!(!told[0].text().contains("UCOL"));

    // One yes, one not now, one ask again.
    let mark = app.fake.mark();
    app.click("UCOL001", &dm, "Yes, I'd like to talk").await;
    let modal = app
        .fake
        .wait_for(mark, 1, |c| c.method == "views.open" && c.args["trigger_id"] == "trigger-UCOL001")
        .await
        .remove(0);
    let metadata = modal.args["view"]["private_metadata"].as_str().unwrap().to_string();
    assert!(metadata.starts_with("outreach:"), "the form carries the DM's one-time token");
    let yes = app.submission_payload(
        "UCOL001",
        json!({"contact": {"type": "radio_buttons", "selected_option": {"value": "slack"}}}),
        &metadata,
    );
    app.interaction(yes.clone()).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM requests WHERE requester = 'UCOL001' AND origin = 'outreach'").await, 1);
    let dm2 = app.fake.delivered_to("UCOL002").remove(0);
    app.click("UCOL002", &dm2, "Not now").await;
    let dm3 = app.fake.delivered_to("UCOL003").remove(0);
    app.click("UCOL003", &dm3, "Ask me again in a few days").await;
    app.fake.wait_for(mark, 2, |c| c.method == "response_url" && c.args["replace_original"] == true).await;
    // Pressing again, or sending the same form twice, counts nothing more.
    app.click("UCOL002", &dm2, "Not now").await;
    app.click("UCOL003", &dm2, "Not now").await;
    app.click("UCOL001", &dm, "Not now").await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let counts: Vec<(String, i64)> =
        sqlx::query_as("SELECT metric, value FROM monthly_counts WHERE metric LIKE 'outreach%' ORDER BY metric")
            .fetch_all(app.store().pool())
            .await
            .unwrap();
    let counts: Vec<(&str, i64)> = counts.iter().map(|(m, v)| (m.as_str(), *v)).collect();
    assert_eq!(
        counts,
        [("outreach_accepted", 1), ("outreach_ask_again", 1), ("outreach_not_now", 1), ("outreach_offered", 3)]
    );

    // "Ask me again" fires once, after follow_up.ask_again_after.
    let again = |app: &TestApp| {
        app.fake.delivered_to("UCOL003").iter().filter(|c| c.text().contains("Checking in again")).count()
    };
    app.clock.advance(3 * 24 * HOUR);
    app.run_due().await;
    assert_eq!(again(&app), 1);
    app.clock.advance(10 * 24 * HOUR);
    app.run_due().await;
    assert_eq!(again(&app), 1);

    // Nothing the leader was shown names anyone who answered, and the note is erased.
    let to_leader: Vec<_> = app.fake.calls().into_iter().filter(|c| c.to() == "ULEAD1").collect();
    assert!(to_leader.iter().all(|c| !c.text().contains("UCOL")), "{to_leader:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM deliveries").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM outreaches WHERE note IS NOT NULL").await, 0);
    // The bot checkpoints by itself: the raw files hold no copy of the note.
    app.settle().await;
    assert!(!contains(&app.db_bytes(), canary), "the leader's note outlived its delivery");
}

#[tokio::test]
async fn outreach_is_for_leaders_only() {
    let app = spawn_app().await;
    let reply: Value = app.command("UREQ1", "/peer-outreach", "").await.json().await.unwrap();
    assert!(reply.to_string().contains("Only the program's leaders"));
    let reply: Value = start_outreach(&app, "UREQ1", &colleagues(2), None).await.json().await.unwrap();
    assert_eq!(reply["response_action"], "errors");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(app.fake.calls_to("views.open").is_empty());
    assert_eq!(app.count("SELECT COUNT(*) FROM outreaches").await, 0);
    assert!(app.fake.calls().iter().all(|c| !c.to().starts_with("UCOL")));
}

#[tokio::test]
async fn someone_with_a_request_open_still_gets_the_dm_and_yes_creates_nothing_new() {
    let app = spawn_app().await;
    app.request_and_offer("UCOL001", "already open").await;
    let people = colleagues(2);
    start_outreach(&app, "ULEAD1", &people, None).await;
    let dm = app.fake.wait_message_with_button(0, "UCOL001", "Yes, I'd like to talk").await;
    let mark = app.fake.mark();
    app.click("UCOL001", &dm, "Yes, I'd like to talk").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("Withdraw my request")).await;
    assert!(app.fake.since(mark).iter().all(|c| c.method != "views.open"));
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 1);
}

#[tokio::test]
async fn every_dm_arrives_exactly_once_when_slack_rate_limits_every_fifth_call() {
    let app = spawn_app().await;
    app.fake.rate_limit_every(5);
    let people = colleagues(12);
    start_outreach(&app, "ULEAD1", &people, None).await;
    wait_delivered(&app, &people).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    for p in &people {
        assert_eq!(app.fake.delivered_to(p).len(), 1, "{p}");
    }
    let refused =
        app.fake.calls().iter().filter(|c| c.method == "chat.postMessage" && c.args.get("_ok").is_none()).count();
    assert!(refused >= 2, "the fake refused some calls ({refused})");
}

#[tokio::test]
async fn a_restart_half_way_through_a_fan_out_delivers_the_rest_exactly_once() {
    let app = spawn_app().await;
    app.fake.set_latency(15);
    let people = colleagues(50);
    start_outreach(&app, "ULEAD1", &people, Some("restart note")).await;
    for _ in 0..500 {
        if people.iter().filter(|p| !app.fake.delivered_to(p).is_empty()).count() >= 15 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let app = app.restart().await;
    let before_restart = people.iter().filter(|p| !app.fake.delivered_to(p).is_empty()).count();
    assert!((1..50).contains(&before_restart), "stopped half-way ({before_restart} sent)");
    wait_delivered(&app, &people).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    for p in &people {
        assert_eq!(app.fake.delivered_to(p).len(), 1, "{p}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM outreaches WHERE note IS NOT NULL").await, 0);
}

#[tokio::test]
async fn a_referral_with_consent_becomes_the_colleagues_own_request() {
    let app = spawn_app().await;
    let refer = |named: bool| {
        let mut checked = vec![json!({"value": "checked"})];
        if named {
            checked.push(json!({"value": "name_me"}));
        }
        json!({
            "for_whom": {"type": "radio_buttons", "selected_option": {"value": "colleague"}},
            "colleague": {"type": "users_select", "selected_user": "UCOL001"},
            "checked_with_them": {"type": "checkboxes", "selected_options": checked},
        })
    };
    app.submit_request("UREQ1", refer(true), "self").await;
    let ask = app.fake.wait_message_with_button(0, "UCOL001", "Yes, connect me").await;
    assert!(ask.text().contains("<@UREQ1>"), "the referrer asked to be named");
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
    let mark = app.fake.mark();
    app.click("UCOL001", &ask, "Yes, connect me").await;
    let modal = app.fake.wait_for(mark, 1, |c| c.method == "views.open").await.remove(0);
    assert!(!modal.text().contains("A colleague"), "the colleague's form is for themselves");
    let metadata = modal.args["view"]["private_metadata"].as_str().unwrap().to_string();
    // Nobody else can use this colleague's answer.
    let reply = app.click("UREQ1", &ask, "Yes, connect me").await;
    assert_eq!(reply.status(), 200);
    app.submit_request(
        "UCOL001",
        json!({
            "role": {"type": "static_select", "selected_option": {"value": "physician"}},
            "contact": {"type": "radio_buttons", "selected_option": {"value": "video"}},
        }),
        &metadata,
    )
    .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM requests WHERE requester = 'UCOL001' AND origin = 'referral' AND contact_pref = 'video'").await, 1);
    app.fake.wait_message_with_button(mark, "USUPD1", "Accept").await;
    // The consent DM now shows the answer instead of its buttons.
    let answered = app
        .fake
        .wait_for(mark, 1, |c| c.method == "chat.update" && c.to() == "UCOL001" && c.text().contains("You said yes"))
        .await
        .remove(0);
    assert!(answered.buttons().is_empty() && answered.text().contains("988"));
    assert_eq!(answered.args["ts"], ask.args["_ts"], "the message the button was pressed on");
    // The referrer heard only that the colleague was reached (and, pressing their
    // colleague's button, that it was not theirs to press).
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.to() == "UREQ1").await;
    let to_referrer: Vec<_> =
        app.fake.calls().into_iter().filter(|c| c.to() == "UREQ1" && c.method == "chat.postMessage").collect();
    assert_eq!(to_referrer.len(), 1);
    assert!(to_referrer[0].text().contains("sent them a private message"));
}

#[tokio::test]
async fn a_referral_without_consent_leaves_nothing_and_the_referrer_never_learns_the_answer() {
    let app = spawn_app().await;
    app.submit_request(
        "UREQ1",
        json!({
            "for_whom": {"type": "radio_buttons", "selected_option": {"value": "colleague"}},
            "colleague": {"type": "users_select", "selected_user": "UCOL001"},
            "checked_with_them": {"type": "checkboxes", "selected_options": [{"value": "checked"}]},
        }),
        "self",
    )
    .await;
    let ask = app.fake.wait_message_with_button(0, "UCOL001", "No, thank you").await;
    assert!(!ask.text().contains("UREQ1"), "the referrer is not named unless they chose to be");
    let mark = app.fake.mark();
    app.click("UCOL001", &ask, "No, thank you").await;
    app.fake
        .wait_for(mark, 1, |c| {
            c.method == "response_url"
                && c.to() == "UCOL001"
                && c.args["replace_original"] == true
                && c.text().contains("Nothing more will happen")
        })
        .await;
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'referrals_declined'").await, 1);
    app.click("UCOL001", &ask, "No, thank you").await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'referrals_declined'").await, 1, "once");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
    let to_referrer: Vec<_> = app.fake.calls().into_iter().filter(|c| c.to() == "UREQ1").collect();
    assert_eq!(to_referrer.len(), 1, "only that the colleague was reached: {to_referrer:?}");
    assert!(to_referrer[0].text().contains("sent them a private message"));
}

#[tokio::test]
async fn a_request_from_an_outreach_is_never_offered_to_a_supporter_from_the_same_event() {
    let app = spawn_app().await;
    // USUPN1, a supporter, was part of the event; so was the colleague who says yes.
    let people = vec!["UCOL001".to_string(), "USUPN1".to_string()];
    start_outreach(&app, "ULEAD1", &people, None).await;
    wait_delivered(&app, &people).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM outreach_supporters WHERE supporter = 'USUPN1'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM outreach_supporters").await, 1, "only roster members are kept");
    let dm = app.fake.delivered_to("UCOL001").remove(0);
    let mark = app.fake.mark();
    app.click("UCOL001", &dm, "Yes, I'd like to talk").await;
    let modal = app.fake.wait_for(mark, 1, |c| c.method == "views.open").await.remove(0);
    let metadata = modal.args["view"]["private_metadata"].as_str().unwrap().to_string();
    let mut yes = app.nurse_request_payload("UCOL001", "same event");
    yes["view"]["private_metadata"] = json!(metadata);
    app.interaction(yes).await;
    // A nurse at Main: USUPN1 would be first, but was part of the event; USUPN2 is offered.
    let offer = app
        .fake
        .wait_for(mark, 1, |c| c.method == "chat.postMessage" && c.buttons() == ["Accept", "Decline"])
        .await
        .remove(0);
    assert_eq!(offer.to(), "USUPN2");
    let alert = app.fake.wait_for(mark, 1, |c| c.to() == "UCOORD1" && c.text().contains("UCOL001")).await.remove(0);
    assert!(alert.text().contains("not a supporter from the same event") && !alert.text().contains("USUPN1"));
    let request_id: i64 = sqlx::query_scalar("SELECT id FROM requests WHERE requester = 'UCOL001'")
        .fetch_one(app.store().pool())
        .await
        .unwrap();

    // A coordinator may still choose them, after a warning.
    let mark = app.fake.mark();
    app.click_action("UCOORD1", "request_offer_to", &format!("{request_id}:USUPN1"), "x", &alert).await;
    let warning =
        app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("same event")).await.remove(0);
    assert_eq!(warning.buttons(), ["Offer anyway"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE supporter = 'USUPN1'").await, 0, "nothing yet");
    app.click("UCOORD1", &warning, "Offer anyway").await;
    app.fake.wait_for(mark, 1, |c| c.to() == "USUPN1" && c.buttons() == ["Accept", "Decline"]).await;

    // The request's exclusions go with it; who was a supporter among the recipients goes
    // with the outreach's buttons, at the purge.
    app.bot.program().withdraw(RequestId(request_id), "UCOL001").await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM request_exclusions").await, 0);
    app.clock.advance(std::time::Duration::from_secs(31 * 24 * 3600));
    app.bot.program().purge().await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM outreach_supporters").await, 0);
}
