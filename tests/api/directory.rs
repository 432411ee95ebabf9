//! "Meet the supporters": supporters opt in and choose their areas of interest; everyone's
//! Home lists them; a request may ask for one by name or for an interest, as a wish or a
//! must, and matching honours it.

use serde_json::{Value, json};

use crate::helpers::*;

async fn with_directory() -> TestApp {
    let app = spawn_app_with(|s| {
        s.program.interests = vec!["Litigation".into(), "Bereavement".into(), "Residency".into()];
    })
    .await;
    app.import_roster("slack_user_id,interests,listed\nUSUPD1,Litigation,true\nUSUPN2,Bereavement;Residency,true\n")
        .await;
    app
}

fn home_click(user: &str, action_id: &str, extra: Value) -> Value {
    let mut action = json!({"action_id": action_id, "block_id": "home_directory"});
    for (k, v) in extra.as_object().unwrap() {
        action[k] = v.clone();
    }
    json!({
        "type": "block_actions", "user": {"id": user, "team_id": TEAM}, "team": {"id": TEAM},
        "trigger_id": format!("trigger-{user}"), "view": {"id": "VHOME", "type": "home"},
        "actions": [action],
    })
}

fn asking(app: &TestApp, user: &str, supporter: Option<&str>, interest: Option<&str>, must: bool) -> Value {
    let mut payload = app.nurse_request_payload(user, "directory note");
    let values = &mut payload["view"]["state"]["values"];
    if let Some(s) = supporter {
        values["ask_supporter"] = json!({"ask_supporter": {"type": "static_select", "selected_option": {"value": s}}});
    }
    if let Some(i) = interest {
        values["ask_interest"] = json!({"ask_interest": {"type": "static_select", "selected_option": {"value": i}}});
    }
    let strength = if must { "must" } else { "wish" };
    values["ask_must"] = json!({"ask_must": {"type": "radio_buttons", "selected_option": {"value": strength}}});
    payload
}

async fn first_offer(app: &TestApp, mark: usize) -> Call {
    app.fake
        .wait_for(mark, 1, |c| c.method == "chat.postMessage" && c.buttons() == ["Accept", "Decline"])
        .await
        .remove(0)
}

#[tokio::test]
async fn everyone_meets_the_listed_supporters_and_supporters_choose_how_they_appear() {
    let app = with_directory().await;
    let home = crate::home::open_home(&app, "UREQ1").await;
    let text = home.text();
    assert!(text.contains("Meet the supporters"), "{text}");
    assert!(text.contains("<@USUPD1> · Physician · North · _Litigation_"), "{text}");
    assert!(text.contains("<@USUPN2>") && text.contains("_Bereavement, Residency_"));
    assert!(!text.contains("<@USUPN1>"), "not listed, not shown");

    // USUPN1 lists themselves and picks their interests; an unknown one is dropped.
    let mine = crate::home::open_home(&app, "USUPN1").await;
    assert!(mine.text().contains("not listed") && mine.buttons().contains(&"List me in Meet the supporters".into()));
    app.interaction(home_click("USUPN1", "directory_listed", json!({"type": "button", "value": "yes"}))).await;
    let picked = json!({"type": "multi_static_select",
        "selected_options": [{"value": "Residency"}, {"value": "Astrology"}]});
    app.interaction(home_click("USUPN1", "directory_interests", picked)).await;
    let row: (String, bool) = sqlx::query_as("SELECT interests, listed FROM supporters WHERE slack_user_id = 'USUPN1'")
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    assert_eq!(row, ("Residency".to_string(), true));
    let home = crate::home::open_home(&app, "UREQ1").await;
    assert!(home.text().contains("<@USUPN1> · Nurse · Main · _Residency_"), "{}", home.text());
    // Someone not on the roster cannot list themselves.
    let mark = app.fake.mark();
    app.interaction(home_click("UREQ1", "directory_listed", json!({"type": "button", "value": "yes"}))).await;
    app.fake.wait_for(mark, 1, |c| c.method == "chat.postEphemeral" || c.method == "chat.postMessage").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'UREQ1'").await, 0);

    // The form offers them by name, and the interests, with wish or must.
    app.command("UREQ1", "/peer-support", "").await;
    let modal = app.fake.wait_for(0, 1, |c| c.method == "views.open").await.remove(0);
    let text = modal.text();
    assert!(text.contains("USUPD1 Person · Physician · North") && text.contains("Someone with an interest in"));
    assert!(text.contains("A must: only them") && text.contains("USUPN1 Person · Nurse · Main"), "{text}");
}

#[tokio::test]
async fn an_interest_or_a_named_supporter_is_honoured_as_a_wish_or_a_must() {
    let app = with_directory().await;
    // A wish for an interest: the physician with it is offered before the nurses.
    let mark = app.fake.mark();
    app.interaction(asking(&app, "UREQ1", None, Some("Litigation"), false)).await;
    assert_eq!(first_offer(&app, mark).await.to(), "USUPD1");
    let alert = app.fake.wait_for(mark, 1, |c| c.to() == "UCOORD1" && c.text().contains("UREQ1")).await;
    assert!(alert[0].text().contains("someone with an interest in litigation (a wish)"), "{}", alert[0].text());

    // A must for a named supporter: only them; when they decline, nobody else is asked.
    let mark = app.fake.mark();
    app.interaction(asking(&app, "UREQ2", Some("USUPN2"), None, true)).await;
    let offer = first_offer(&app, mark).await;
    assert_eq!(offer.to(), "USUPN2");
    let declined = app.fake.mark();
    app.click("USUPN2", &offer, "Decline").await;
    app.fake.wait_for(declined, 1, |c| c.to() == "UCOORD1" && c.text().contains("No supporter")).await;
    assert!(app.fake.since(declined).iter().all(|c| c.buttons() != ["Accept", "Decline"]), "nobody else is offered");

    // A supporter who is not listed cannot be asked for by a forged form: matching goes on as usual.
    let mark = app.fake.mark();
    app.interaction(asking(&app, "UREQ3", Some("USUPN1"), None, true)).await;
    let offer = first_offer(&app, mark).await;
    assert_eq!(offer.to(), "USUPN1", "the usual first choice for a nurse, not because they were named");
    let stored: (Option<String>, bool) =
        sqlx::query_as("SELECT preferred_supporter, wish_must FROM requests WHERE requester = 'UREQ3'")
            .fetch_one(app.store().pool())
            .await
            .unwrap();
    assert_eq!(stored, (None, false));
}
