//! The request form, told as stories: who may send it, what it asks again, what it
//! refuses, and where its choices come from. Bad input changes nothing.

use std::time::Duration;

use serde_json::json;

use crate::helpers::*;

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
