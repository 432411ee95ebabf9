//! The Home tab for each role, coordinator tools, and program reports.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

pub async fn open_home(app: &TestApp, user: &str) -> Call {
    // Let earlier deliveries finish, so the publish read after the mark is this one.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let mark = app.fake.mark();
    let body = json!({
        "type": "event_callback", "team_id": TEAM, "event_id": "Ev1",
        "event": {"type": "app_home_opened", "user": user, "channel": format!("D{user}"), "tab": "home"},
    });
    let body = as_slack_sends(body);
    let reply = app.post_signed("/slack/events", body.to_string().into_bytes(), "application/json").await;
    assert_eq!(reply.status(), 200);
    app.fake.wait_home(mark, user).await
}

fn overflow_options(home: &Call) -> Vec<String> {
    home.blocks()
        .iter()
        .filter_map(|b| b["accessory"]["options"].as_array().cloned())
        .flatten()
        .map(|o| o["value"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn a_requester_sees_how_to_ask_then_where_their_request_stands() {
    let app = spawn_app().await;
    let home = open_home(&app, "UREQ1").await;
    assert_eq!(home.args["view"]["type"], "home");
    assert_eq!(home.buttons(), ["Ask for support", "Request a team debrief", "Nominate a supporter"]);
    assert!(home.text().contains("test-crisis-1234"));
    assert!(!home.text().contains("As a supporter") && !home.text().contains("Coordinator"));
    let offer = app.request_and_offer("UREQ1", "home").await;
    let home = open_home(&app, "UREQ1").await;
    assert!(home.text().contains("Waiting for a match"));
    assert_eq!(
        home.buttons(),
        ["Ask for support", "Withdraw my request", "Request a team debrief", "Nominate a supporter"]
    );
    // Asking again while a request is open shows where it stands instead of a form.
    let mark = app.fake.mark();
    app.click("UREQ1", &home, "Ask for support").await;
    app.fake.wait_for(mark, 1, |c| c.to() == "UREQ1" && c.text().contains("Withdraw my request")).await;
    assert!(!app.fake.since(mark).iter().any(|c| c.method == "views.open"));
    app.click("USUPN1", &offer, "Accept").await;
    let home = open_home(&app, "UREQ1").await;
    assert!(home.text().contains("<@USUPN1> will reach out"));
    // The Home tab's button opens the form.
    let home = open_home(&app, "UREQ2").await;
    let mark = app.fake.mark();
    app.click("UREQ2", &home, "Ask for support").await;
    app.fake.wait_for(mark, 1, |c| c.method == "views.open" && c.args["trigger_id"] == "trigger-UREQ2").await;
}

#[tokio::test]
async fn a_supporter_sees_availability_offers_and_assignments() {
    let app = spawn_app().await;
    let offer = app.request_and_offer("UREQ1", "supporter home").await;
    let home = open_home(&app, "USUPN1").await;
    let text = home.text();
    assert!(text.contains("As a supporter") && text.contains("Available") && text.contains("1 of 2"));
    assert_eq!(
        home.buttons(),
        [
            "Ask for support",
            "Request a team debrief",
            "Nominate a supporter",
            "List me in Meet the supporters",
            "Pause offers",
            "Accept",
            "Decline"
        ]
    );
    assert!(home.text().contains("test-crisis-1234"));
    assert!(!text.contains("UREQ1"), "a pending offer does not say who asked");
    // Accept from the Home tab works like the DM's button.
    let mark = app.fake.mark();
    app.click("USUPN1", &home, "Accept").await;
    app.fake.wait_for(mark, 1, |c| c.to() == "UREQ1" && c.text().contains("will reach out")).await;
    let home = open_home(&app, "USUPN1").await;
    assert!(home.text().contains("<@UREQ1>"));
    assert!(home.buttons().ends_with(&[
        "Contact made".into(),
        "Conversation happened".into(),
        "I have a safety concern".into()
    ]));
    let _ = offer;
    // Pause from the Home tab: never offered while paused.
    app.click("USUPN1", &home, "Pause offers").await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'USUPN1' AND availability = 'paused'").await,
        1
    );
    let home = open_home(&app, "USUPN1").await;
    assert!(home.text().contains("Paused") && home.buttons().contains(&"Resume offers".to_string()));
    let mark = app.fake.mark();
    app.request_as_nurse("UREQ2", "while paused").await;
    app.fake.wait_message_with_button(mark, "USUPN2", "Accept").await;
    assert!(!app.fake.since(mark).iter().any(|c| c.method == "chat.postMessage" && c.to() == "USUPN1"));
}

#[tokio::test]
async fn a_coordinator_sees_the_queue_the_roster_and_this_months_counts() {
    let app = spawn_app().await;
    app.request_and_offer("UREQ1", "queue").await;
    let home = open_home(&app, "UCOORD1").await;
    let text = home.text();
    assert!(
        text.contains("Coordinator")
            && text.contains("Queue")
            && text.contains("#1")
            && text.contains("offered to <@USUPN1>")
    );
    assert!(text.contains("waiting") && text.contains("we aim to match within 2 days"), "{text}");
    assert!(text.contains("fewer than 5 requests"), "small counts are suppressed: {text}");
    assert!(home.buttons().contains(&"Reassign".to_string()) && home.buttons().contains(&"Add supporter".to_string()));
    assert!(overflow_options(&home).contains(&"remove:USUPD1".to_string()));
    assert!(!text.contains("queue canary"), "the queue shows no free text");
}

#[tokio::test]
async fn someone_with_several_roles_sees_every_section() {
    let app = spawn_app_with(|s| {
        s.program.coordinators.push("USUPN1".into());
        s.program.leaders.push("USUPN1".into());
    })
    .await;
    let home = open_home(&app, "USUPN1").await;
    let text = home.text();
    for section in ["Ask for support", "As a supporter", "Coordinator", "Start outreach"] {
        assert!(text.contains(section), "missing {section}");
    }
    let mark = app.fake.mark();
    app.click("USUPN1", &home, "Start outreach").await;
    app.fake.wait_for(mark, 1, |c| c.method == "views.open" && c.text().contains("Colleagues involved")).await;
    let leader_only = open_home(&app, "ULEAD1").await;
    assert!(leader_only.text().contains("Start outreach") && !leader_only.text().contains("Coordinator"));
}

#[tokio::test]
async fn home_tabs_are_republished_when_something_changes_for_their_people() {
    let app = spawn_app().await;
    for user in ["UREQ1", "USUPN1", "UCOORD1", "UCOORD2"] {
        open_home(&app, user).await;
    }
    let mark = app.fake.mark();
    let offer = app.request_and_offer("UREQ1", "publish").await;
    for user in ["UREQ1", "USUPN1", "UCOORD1", "UCOORD2"] {
        app.fake.wait_home(mark, user).await;
    }
    // Someone who never opened the Home tab is not published to.
    assert!(!app.fake.since(mark).iter().any(|c| c.method == "views.publish" && c.to() == "USUPN2"));
    let mark = app.fake.mark();
    app.click("USUPN1", &offer, "Accept").await;
    let requester = app
        .fake
        .wait_for(mark, 1, |c| c.method == "views.publish" && c.to() == "UREQ1" && c.text().contains("will reach out"))
        .await;
    assert!(!requester.is_empty());
    app.fake
        .wait_for(mark, 1, |c| {
            c.method == "views.publish" && c.to() == "UCOORD2" && c.text().contains("no contact yet")
        })
        .await;
    // After a restart the Home tab is rebuilt from the database.
    let app = app.restart().await;
    let home = open_home(&app, "UREQ1").await;
    assert!(home.text().contains("<@USUPN1> will reach out"));
}

#[tokio::test]
async fn coordinators_add_edit_pause_and_remove_supporters_and_nobody_else_can() {
    let app = spawn_app().await;
    let entry = |user: &str, who: &str, max: &str| {
        json!({
            "type": "view_submission", "user": {"id": user}, "team": {"id": TEAM},
            "view": {"id": "VROSTER", "callback_id": "roster_entry", "state": {"values": {
                "supporter": {"supporter": {"type": "users_select", "selected_user": who}},
                "role": {"role": {"type": "static_select", "selected_option": {"value": "pharmacist"}}},
                "site": {"site": {"type": "plain_text_input", "value": "North"}},
                "max_active": {"max_active": {"type": "number_input", "value": max}},
            }}},
        })
    };
    // Someone else cannot add.
    let reply: Value = app.interaction(entry("UREQ1", "UNEW1", "2")).await.json().await.unwrap();
    assert_eq!(reply["response_action"], "errors");
    assert_eq!(app.count("SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'UNEW1'").await, 0);
    // A bad capacity is pointed out.
    let reply: Value = app.interaction(entry("UCOORD1", "UNEW1", "0")).await.json().await.unwrap();
    assert!(reply["errors"]["max_active"].is_string());
    // The coordinator adds, then edits.
    assert_eq!(app.interaction(entry("UCOORD1", "UNEW1", "2")).await.text().await.unwrap(), "");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'UNEW1' AND role = 'pharmacist' AND site = 'North'"
        )
        .await,
        1
    );
    app.interaction(entry("UCOORD1", "UNEW1", "4")).await;
    assert_eq!(app.count("SELECT max_active FROM supporters WHERE slack_user_id = 'UNEW1'").await, 4);
    // The Home tab's menu: pause, resume, remove; refused for others.
    let home = open_home(&app, "UCOORD1").await;
    let menu = |user: &str, value: &str| {
        json!({"type": "block_actions", "user": {"id": user}, "team": {"id": TEAM},
               "view": {"id": "VHOME", "type": "home"},
               "actions": [{"action_id": "roster_menu", "block_id": "roster:UNEW1", "type": "overflow", "selected_option": {"value": value}}]})
    };
    assert!(overflow_options(&home).contains(&"pause:UNEW1".to_string()));
    app.interaction(menu("USUPN1", "remove:UNEW1")).await;
    app.fake.wait_for(0, 1, |c| c.to() == "USUPN1" && c.text().contains("Only the program's coordinators")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'UNEW1'").await, 1);
    app.interaction(menu("UCOORD1", "pause:UNEW1")).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'UNEW1' AND availability = 'paused'").await,
        1
    );
    app.interaction(menu("UCOORD1", "resume:UNEW1")).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'UNEW1' AND availability = 'available'").await,
        1
    );
    app.interaction(menu("UCOORD1", "remove:UNEW1")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'UNEW1'").await, 0);
    // Edit opens the form filled in.
    let mark = app.fake.mark();
    app.interaction(json!({"type": "block_actions", "user": {"id": "UCOORD1"}, "team": {"id": TEAM}, "trigger_id": "trigger-UCOORD1",
        "actions": [{"action_id": "roster_menu", "block_id": "roster:USUPN1", "type": "overflow", "selected_option": {"value": "edit:USUPN1"}}]}))
        .await;
    let form = app.fake.wait_for(mark, 1, |c| c.method == "views.open").await.remove(0);
    assert_eq!(form.args["view"]["blocks"][0]["element"]["initial_user"], "USUPN1");
}

#[tokio::test]
async fn removing_a_supporter_passes_their_pending_offer_on() {
    let app = spawn_app().await;
    app.request_and_offer("UREQ1", "removed").await;
    let mark = app.fake.mark();
    app.interaction(json!({"type": "block_actions", "user": {"id": "UCOORD1"}, "team": {"id": TEAM},
        "actions": [{"action_id": "roster_menu", "block_id": "roster:USUPN1", "type": "overflow", "selected_option": {"value": "remove:USUPN1"}}]}))
        .await;
    app.fake.wait_message_with_button(mark, "USUPN2", "Accept").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE status = 'withdrawn'").await, 1);
}

#[tokio::test]
async fn a_supporter_whose_slack_account_is_deactivated_is_paused_and_passed_over() {
    let app = spawn_app().await;
    app.fake.deactivate("USUPN1");
    let mark = app.fake.mark();
    app.request_as_nurse("UREQ1", "deactivated").await;
    app.fake.wait_message_with_button(mark, "USUPN2", "Accept").await;
    assert!(!app.fake.since(mark).iter().any(|c| c.method == "chat.postMessage" && c.to() == "USUPN1"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'USUPN1' AND availability = 'paused'").await,
        1
    );
}

#[tokio::test]
async fn peer_admin_is_for_coordinators_and_its_stats_suppress_small_counts() {
    let app = spawn_app().await;
    let reply: Value = app.command("UREQ1", "/peer-admin", "stats").await.json().await.unwrap();
    assert!(reply.to_string().contains("Only the program's coordinators"));
    for i in 0..6 {
        app.request_and_offer(&format!("UREQ{i}"), "stats").await;
    }
    let month = app.bot.program().calendar().month_of(app.clock.now());
    let reply: Value = app.command("UCOORD1", "/peer-admin", &format!("stats {month}")).await.json().await.unwrap();
    let text = reply.to_string();
    assert_eq!(reply["response_type"], "ephemeral");
    assert!(text.contains("Requests: *6*"), "{text}");
    assert!(text.contains("Offers declined: *0*"));
    let reply: Value = app.command("UCOORD1", "/peer-admin", "stats 1999-01").await.json().await.unwrap();
    assert!(reply.to_string().contains("Requests: *0*"));
    let reply: Value = app.command("UCOORD1", "/peer-admin", "stats soon").await.json().await.unwrap();
    assert!(reply.to_string().contains("YYYY-MM"));
    // A small month: "fewer than 5".
    let store = app.store();
    let mut tx = store.begin_write().await.unwrap();
    store.bump_count(&mut tx, "2026-01", "requests", 3).await.unwrap();
    tx.commit().await.unwrap();
    let reply: Value = app.command("UCOORD1", "/peer-admin", "stats 2026-01").await.json().await.unwrap();
    assert!(reply.to_string().contains("Requests: *fewer than 5*"));
    // The bare command opens the coordinator's tools.
    let mark = app.fake.mark();
    app.command("UCOORD1", "/peer-admin", "").await;
    let modal = app.fake.wait_for(mark, 1, |c| c.method == "views.open").await.remove(0);
    assert!(modal.text().contains("Queue") && modal.text().contains("Add supporter"));
}

#[tokio::test]
async fn the_report_command_prints_csv_with_small_counts_suppressed() {
    let app = spawn_app().await;
    let store = app.store();
    let mut tx = store.begin_write().await.unwrap();
    for (metric, n) in [("requests", 12), ("matched", 3), ("time_to_match:under_1h", 2), ("time_to_match:under_4h", 4)]
    {
        store.bump_count(&mut tx, "2026-10", metric, n).await.unwrap();
    }
    tx.commit().await.unwrap();
    store.checkpoint().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.toml"), format!("[database]\nurl = \"sqlite://{}\"\n", app.db_path.display()))
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_peer-support"))
        .args(["report", "--month", "2026-10", "--format", "csv", "--config", "c.toml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{csv}{}", String::from_utf8_lossy(&out.stderr));
    assert!(csv.starts_with("month,metric,value\n"));
    assert!(csv.contains("2026-10,requests,12\n"));
    assert!(csv.contains("2026-10,matched,fewer than 5\n"));
    assert!(csv.contains("2026-10,time_to_match_median,under 4 hours\n"), "{csv}");
    assert!(!csv.contains('U'), "no Slack ID in a report");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_peer-support"))
        .args(["report", "--month", "2026-10", "--format", "json", "--config", "c.toml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["metrics"]["requests"]["value"], 12);
    assert_eq!(json["metrics"]["matched"], serde_json::json!({"value": null, "suppressed": true}));
    assert_eq!(json["metrics"]["time_to_match_median"]["bucket"], "under_4h");
}

#[tokio::test]
async fn a_long_queue_pages_with_next_and_previous() {
    let app = spawn_app_with(|s| s.matching.mode = peer_support::settings::MatchingMode::Coordinator).await;
    for i in 0..10 {
        let reply = app.request_as_nurse(&format!("UREQ{i:02}"), "paging").await;
        assert_eq!(reply.status(), 200);
    }
    let home = open_home(&app, "UCOORD1").await;
    assert!(home.text().contains("#8") && !home.text().contains("#9"));
    assert!(home.buttons().contains(&"Next".to_string()) && !home.buttons().contains(&"Previous".to_string()));
    assert!(home.blocks().len() <= 100);
    let mark = app.fake.mark();
    app.click("UCOORD1", &home, "Next").await;
    let next = app.fake.wait_home(mark, "UCOORD1").await;
    assert!(next.text().contains("#9") && next.text().contains("#10") && !next.text().contains("*#1*"));
    assert!(next.buttons().contains(&"Previous".to_string()));
}

#[tokio::test]
async fn the_coordinators_tools_redraw_after_an_action_taken_in_them() {
    let app = spawn_app().await;
    app.request_and_offer("UREQ1", "admin").await;
    let mark = app.fake.mark();
    app.command("UCOORD1", "/peer-admin", "").await;
    let modal = app.fake.wait_for(mark, 1, |c| c.method == "views.open").await.remove(0);
    assert!(modal.text().contains("offered to <@USUPN1>"));
    let (action_id, value, block_id) = modal.button("Close").unwrap();
    let mark = app.fake.mark();
    app.interaction(json!({
        "type": "block_actions", "user": {"id": "UCOORD1"}, "team": {"id": TEAM}, "trigger_id": "trigger-UCOORD1",
        "view": {"id": "VADMIN", "callback_id": "admin", "type": "modal"},
        "actions": [{"action_id": action_id, "block_id": block_id, "value": value, "type": "button"}],
    }))
    .await;
    let redrawn = app.fake.wait_for(mark, 1, |c| c.method == "views.update" && c.args["view_id"] == "VADMIN").await;
    assert!(redrawn[0].text().contains("(0 open)"), "{}", redrawn[0].text());
}

#[tokio::test]
async fn roster_remove_on_the_command_line_passes_pending_offers_on_at_the_next_tick() {
    let app = spawn_app().await;
    app.request_and_offer("UREQ1", "cli remove").await;
    let removal = peer_support::cli::roster::remove(app.store(), "USUPN1", app.clock.now_ms()).await.unwrap();
    assert_eq!((removal.removed, removal.offers_passed_on), (true, 1));
    let mark = app.fake.mark();
    assert_eq!(app.run_due().await.ran, 1);
    app.fake.wait_message_with_button(mark, "USUPN2", "Accept").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM offers WHERE status = 'withdrawn'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'USUPN1'").await, 0);
}

#[tokio::test]
async fn a_colleague_nominates_a_supporter_and_a_coordinator_adds_them_from_the_dm() {
    let app = spawn_app().await;
    let mark = app.fake.mark();
    app.command("UREQ1", "/peer-support", "nominate").await;
    let form = app.fake.wait_for(mark, 1, |c| c.method == "views.open").await.remove(0);
    assert!(form.text().contains("Nominate a supporter"));
    let mut submit = app.submission_payload(
        "UREQ1",
        json!({
            "nominee": {"type": "users_select", "selected_user": "UNEW1"},
            "nominee_role": {"type": "static_select", "selected_option": {"value": "pharmacist"}},
        }),
        "",
    );
    submit["view"]["callback_id"] = json!("nominate");
    let reply: Value = app.interaction(submit.clone()).await.json().await.unwrap();
    assert_eq!(reply["response_action"], "update", "the form thanks them");
    app.settle().await;
    let dm = app.fake.wait_message_with_button(mark, "UCOORD1", "Add supporter").await;
    assert!(dm.text().contains("<@UNEW1>") && dm.text().contains("pharmacist"), "{}", dm.text());
    app.fake.wait_message_with_button(mark, "UCOORD2", "Add supporter").await;
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'nominations'").await, 1);
    // Nothing else is kept: once the DMs are out, the files hold no trace of who.
    assert_eq!(app.count("SELECT COUNT(*) FROM deliveries").await, 0);
    assert!(!contains(&app.db_bytes(), "UNEW1"), "the nominee is still in the database files");
    // `Add supporter` opens the roster form filled in; only a coordinator may press it.
    let mark = app.fake.mark();
    app.click("UREQ1", &dm, "Add supporter").await;
    app.fake.wait_for(mark, 1, |c| c.method == "response_url" && c.to() == "UREQ1").await;
    app.click("UCOORD1", &dm, "Add supporter").await;
    let roster_form = app.fake.wait_for(mark, 1, |c| c.method == "views.open").await.remove(0);
    let view = roster_form.args["view"].to_string();
    assert!(view.contains("\"initial_user\":\"UNEW1\"") && view.contains("pharmacist"), "{view}");
    // Someone already on the roster is not nominated twice.
    submit["view"]["state"]["values"]["nominee"]["nominee"]["selected_user"] = json!("USUPN1");
    let reply: Value = app.interaction(submit).await.json().await.unwrap();
    assert!(reply["errors"]["nominee"].as_str().unwrap().contains("already a peer supporter"), "{reply}");
}
