//! Support for the supporters: their own check-ins, answered each way, and a training
//! date that stops offers, with word 30 days before and when it passes.

use std::time::Duration;

use serde_json::json;

use crate::helpers::*;

const DAY: Duration = Duration::from_secs(24 * 3600);
const CHECK_IN_BUTTONS: [&str; 3] = ["I'm doing fine", "I'd like to talk to someone", "Pause me for a while"];

fn check_ins_to(app: &TestApp, user: &str) -> Vec<Call> {
    app.fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "chat.postMessage" && c.to() == user && c.buttons() == CHECK_IN_BUTTONS)
        .collect()
}

fn pause_submission(user: &str, day: &str, metadata: &str) -> serde_json::Value {
    json!({
        "type": "view_submission",
        "user": {"id": user, "team_id": TEAM},
        "team": {"id": TEAM},
        "view": {"id": "VPAUSE", "callback_id": "supporter_care_pause", "private_metadata": metadata,
                 "state": {"values": {"pause_until": {"pause_until": {"type": "datepicker", "selected_date": day}}}}},
    })
}

#[tokio::test]
async fn each_supporter_is_checked_on_and_every_answer_does_what_it_says() {
    let app = spawn_app_with(|s| s.follow_up.supporter_check_in = DAY).await;
    // The clock starts when the bot first sees the roster: nothing yet.
    app.run_due().await;
    app.clock.advance(DAY - Duration::from_secs(60));
    app.run_due().await;
    assert!(check_ins_to(&app, "USUPN1").is_empty(), "nothing before its time");
    app.clock.advance(Duration::from_secs(61));
    app.run_due().await;
    app.run_due().await;
    for supporter in ["USUPN1", "USUPN2", "USUPD1"] {
        let sent = check_ins_to(&app, supporter);
        assert_eq!(sent.len(), 1, "{supporter} is asked once");
        assert!(sent[0].text().contains("test-crisis-1234"), "the crisis line is on it");
    }
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'supporter_checkins_sent'").await, 3);

    // "I'm doing fine": counted once; the DM shows the answer; a second press counts nothing.
    let fine = check_ins_to(&app, "USUPN1").remove(0);
    let mark = app.fake.mark();
    app.click("USUPN1", &fine, "I'm doing fine").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("I'm doing fine")).await;
    app.click("USUPN1", &fine, "I'm doing fine").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("already been answered")).await;
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'supporter_checkins_fine'").await, 1);

    // Someone who is not a supporter cannot answer for one.
    let talk = check_ins_to(&app, "USUPN2").remove(0);
    let mark = app.fake.mark();
    app.click("UREQ9", &talk, "I'd like to talk to someone").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.to() == "UREQ9").await;
    assert!(app.fake.since(mark).iter().all(|c| !c.text().contains("like to talk to someone.")));

    // "I'd like to talk to someone": every coordinator hears who, because supporters need support too.
    app.click("USUPN2", &talk, "I'd like to talk to someone").await;
    for coordinator in COORDINATORS {
        let told = app
            .fake
            .wait_for(mark, 1, |c| c.to() == coordinator && c.text().contains("they'd like to talk to someone"))
            .await;
        assert!(told[0].text().contains("<@USUPN2>"));
    }
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'supporter_checkins_talk'").await, 1);

    // "Pause me for a while": a form to choose the day; a past day is refused, changing nothing.
    let pause = check_ins_to(&app, "USUPD1").remove(0);
    let mark = app.fake.mark();
    app.click("USUPD1", &pause, "Pause me for a while").await;
    let modal = app.fake.wait_for(mark, 1, |c| c.method == "views.open").await.remove(0);
    assert_eq!(modal.args["view"]["callback_id"], "supporter_care_pause");
    let metadata = modal.args["view"]["private_metadata"].as_str().unwrap().to_string();
    let program = app.bot.program();
    let today = program.today(program.clock().now());
    let yesterday = (today - chrono::Days::new(1)).to_string();
    let reply = app.interaction(pause_submission("USUPD1", &yesterday, &metadata)).await;
    assert!(reply.text().await.unwrap().contains("from today on"));
    assert_eq!(app.count("SELECT COUNT(*) FROM supporters WHERE availability = 'paused'").await, 0);
    let until = (today + chrono::Days::new(10)).to_string();
    let reply = app.interaction(pause_submission("USUPD1", &until, &metadata)).await;
    assert_eq!(reply.text().await.unwrap(), "", "the form closes");
    let paused_until: i64 = sqlx::query_scalar(
        "SELECT paused_until_ms FROM supporters WHERE slack_user_id = 'USUPD1' AND availability = 'paused'",
    )
    .fetch_one(app.store().pool())
    .await
    .unwrap();
    let end = program.end_of_day(today + chrono::Days::new(10)).unwrap().timestamp_millis();
    assert_eq!(paused_until, end, "paused to the end of the chosen day");
    let updated =
        app.fake.wait_for(mark, 1, |c| c.method == "chat.update" && c.text().contains("Pause me for a while")).await;
    // The message the button was pressed on shows the answer.
    assert_eq!(updated[0].args["ts"], pause.args["_ts"]);
    assert_eq!(updated[0].to(), "USUPD1");
    // The same check-in cannot be answered again through a second form.
    let reply = app.interaction(pause_submission("USUPD1", &until, &metadata)).await;
    assert!(reply.text().await.unwrap().contains("already answered"));

    // The next round: asked again, except the supporter who is paused.
    app.clock.advance(DAY);
    app.run_due().await;
    assert_eq!(check_ins_to(&app, "USUPN1").len(), 2);
    assert_eq!(check_ins_to(&app, "USUPN2").len(), 2);
    assert_eq!(check_ins_to(&app, "USUPD1").len(), 1, "no question while paused");
    // Logs name actions, never the supporter or what they chose.
    let logs = captured_logs();
    assert!(logs.contains("supporter check-in answered"));
    assert!(!logs.contains("USUPN2") && !logs.contains("USUPD1"));
}

#[tokio::test]
async fn a_training_date_warns_thirty_days_before_and_stops_offers_once_it_passes() {
    let app = spawn_app_with(|s| s.follow_up.supporter_check_in = 400 * DAY).await;
    let program = app.bot.program();
    let today = program.today(program.clock().now());
    let last_day = today + chrono::Days::new(40);
    app.import_roster(&format!("slack_user_id,trained_until\nUSUPN1,{last_day}\n")).await;
    app.run_due().await;
    let told = |app: &TestApp, to: &str, words: &str| {
        app.fake.calls().into_iter().filter(|c| c.to() == to && c.text().contains(words)).count()
    };
    assert_eq!(told(&app, "USUPN1", "training"), 0, "40 days ahead: nothing yet");

    app.clock.advance(11 * DAY);
    app.run_due().await;
    app.run_due().await;
    let date_words = last_day.format("%B %-d, %Y").to_string();
    assert_eq!(told(&app, "USUPN1", "Your peer supporter training runs until"), 1);
    assert!(app.fake.calls().iter().any(|c| c.to() == "USUPN1" && c.text().contains(&date_words)));
    for coordinator in COORDINATORS {
        assert_eq!(told(&app, coordinator, "<@USUPN1>'s peer supporter training runs until"), 1);
    }
    // Still trained: a nurse's request goes to them first, as before.
    let offer = app.request_and_offer("UREQ1", "before").await;
    assert_eq!(offer.to(), "USUPN1");
    app.click("USUPN1", &offer, "Decline").await;
    app.settle().await;

    app.clock.advance(30 * DAY);
    app.run_due().await;
    app.run_due().await;
    assert_eq!(told(&app, "USUPN1", "has passed, so new requests are paused"), 1);
    for coordinator in COORDINATORS {
        assert_eq!(told(&app, coordinator, "<@USUPN1>'s peer supporter training date"), 1);
    }
    // Their Home tab and the coordinators' roster say so.
    let home = crate::home::open_home(&app, "USUPN1").await;
    assert!(home.text().contains(&format!("ended {date_words}")), "{}", home.text());
    let roster = crate::home::open_home(&app, "UCOORD1").await;
    assert!(roster.text().contains("training ended"));
    // Lapsed: never offered, and a coordinator's pick is refused with the reason.
    let offer = app.request_and_offer("UREQ2", "after").await;
    assert_eq!(offer.to(), "USUPN2", "the lapsed supporter is passed over");
    let alert = app
        .fake
        .calls()
        .into_iter()
        .find(|c| c.to() == "UCOORD1" && c.text().contains("UREQ2") && c.method == "chat.postMessage")
        .unwrap();
    let request_id: i64 = sqlx::query_scalar("SELECT id FROM requests WHERE requester = 'UREQ2'")
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    let mark = app.fake.mark();
    app.click_action("UCOORD1", "request_offer_to", &format!("{request_id}:USUPN1"), "x", &alert).await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.text().contains("training date has passed")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE supporter = 'USUPN1' AND status = 'pending'").await, 0);

    // Renewed: a later date on the roster, and they can be offered again; word starts over.
    let renewed = today + chrono::Days::new(400);
    app.import_roster(&format!("slack_user_id,trained_until\nUSUPN1,{renewed}\n")).await;
    assert_eq!(app.count("SELECT training_notice FROM supporters WHERE slack_user_id = 'USUPN1'").await, 0);
    let mark = app.fake.mark();
    app.click_action("UCOORD1", "request_offer_to", &format!("{request_id}:USUPN1"), "x", &alert).await;
    app.fake.wait_for(mark, 1, |c| c.to() == "USUPN1" && c.buttons().contains(&"Accept".to_string())).await;
}
