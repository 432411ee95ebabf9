//! One program across several sites: each site's coordinators hear of its requests and
//! look after its queue and counts; program-wide coordinators see everything with a line
//! per site; a site may list who may ask there; "someone at another site" is honoured.

use serde_json::{Value, json};

use crate::helpers::*;
use peer_support::settings::Site;

const MAIN_COORDINATOR: &str = "USITEM1";
const NORTH_COORDINATOR: &str = "USITEN1";

async fn two_sites() -> TestApp {
    spawn_app_with(|s| {
        s.program.sites = vec![
            Site { name: "Main".into(), coordinators: vec![MAIN_COORDINATOR.into()], ..Default::default() },
            Site {
                name: "North".into(),
                coordinators: vec![NORTH_COORDINATOR.into()],
                eligible: vec!["UREQN1".into()],
                timezone: "America/Los_Angeles".into(),
            },
        ];
    })
    .await
}

fn request_at(app: &TestApp, user: &str, site: &str, wishes: &[&str]) -> Value {
    let mut payload = app.nurse_request_payload(user, "site note");
    let values = &mut payload["view"]["state"]["values"];
    values["site"]["site"]["selected_option"]["value"] = json!(site);
    let wishes: Vec<Value> = wishes.iter().map(|w| json!({ "value": w })).collect();
    values["preferences"] = json!({ "preferences": { "type": "checkboxes", "selected_options": wishes } });
    payload
}

fn alerts_to(app: &TestApp, coordinator: &str, requester: &str) -> Vec<Call> {
    app.fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "chat.postMessage" && c.to() == coordinator && c.text().contains(requester))
        .filter(|c| c.buttons().contains(&"Close".to_string()))
        .collect()
}

#[tokio::test]
async fn a_sites_requests_go_to_its_coordinators_and_stay_in_their_hands() {
    let app = two_sites().await;
    let mark = app.fake.mark();
    assert_eq!(app.interaction(request_at(&app, "UREQ1", "Main", &[])).await.text().await.unwrap(), "");
    app.fake.wait_for(mark, 3, |c| c.method == "chat.postMessage" && c.buttons().contains(&"Close".to_string())).await;
    // The program's coordinators and Main's hear; North's does not.
    for coordinator in ["UCOORD1", "UCOORD2", MAIN_COORDINATOR] {
        assert_eq!(alerts_to(&app, coordinator, "UREQ1").len(), 1, "{coordinator}");
    }
    assert!(alerts_to(&app, NORTH_COORDINATOR, "UREQ1").is_empty());
    let alert = alerts_to(&app, MAIN_COORDINATOR, "UREQ1").remove(0);

    // North's coordinator cannot close Main's request; nothing changes.
    let wrong = app.fake.mark();
    app.click(NORTH_COORDINATOR, &alert, "Close").await;
    app.fake.wait_for(wrong, 1, |c| c.method == "response_url" && c.text().contains("another site")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM requests WHERE status = 'closed'").await, 0);
    assert!(captured_logs().contains("other_site"));

    // Main's coordinator reassigns it, and the thread reaches them like everyone else.
    let reassigned = app.fake.mark();
    app.click(MAIN_COORDINATOR, &alert, "Reassign").await;
    app.fake.wait_for(reassigned, 1, |c| c.to() == MAIN_COORDINATOR && c.args["thread_ts"].is_string()).await;

    // Each Home shows what its coordinator looks after.
    let north_home = crate::home::open_home(&app, NORTH_COORDINATOR).await;
    let text = north_home.text();
    assert!(text.contains("This month at North") && text.contains("Queue* (0 open)"), "{text}");
    assert!(!text.contains("<@UREQ1>") && !text.contains("Add supporter"), "no other site's queue, no roster");
    let main_home = crate::home::open_home(&app, MAIN_COORDINATOR).await;
    assert!(main_home.text().contains("Queue* (1 open)") && main_home.text().contains("<@UREQ1>"));
    let program_home = crate::home::open_home(&app, "UCOORD1").await;
    let text = program_home.text();
    assert!(text.contains("By site") && text.contains("*Main*: fewer than 5 requests"), "{text}");
    assert!(text.contains("*North*: 0 requests") && text.contains("Add supporter"));

    // The stats follow the same lines, small counts suppressed in every cell.
    let reply: Value = app.command(MAIN_COORDINATOR, "/peer-admin", "stats").await.json().await.unwrap();
    let text = reply.to_string();
    assert!(text.contains("For Main only") && text.contains("Requests: *fewer than 5*"), "{text}");
    let reply: Value = app.command("UCOORD1", "/peer-admin", "stats").await.json().await.unwrap();
    assert!(reply.to_string().contains("By site"));
    assert_eq!(app.count("SELECT value FROM monthly_counts WHERE metric = 'site:Main:requests'").await, 1);
    // A site's coordinator cannot change the roster.
    let roster = app.fake.mark();
    app.interaction(json!({
        "type": "block_actions", "user": {"id": MAIN_COORDINATOR}, "team": {"id": TEAM},
        "trigger_id": "trigger-x", "response_url": app.fake.response_url(MAIN_COORDINATOR),
        "actions": [{"action_id": "roster_add", "block_id": "roster_tools", "value": "add", "type": "button"}],
    }))
    .await;
    app.fake
        .wait_for(roster, 1, |c| c.method == "response_url" && c.text().contains("Only the program's coordinators"))
        .await;
    assert!(app.fake.since(roster).iter().all(|c| c.method != "views.open"));
}

#[tokio::test]
async fn a_site_lists_who_may_ask_there_and_another_site_is_a_wish_honoured() {
    let app = two_sites().await;
    // North lists who may ask there: someone else is refused and nothing is stored.
    let reply: Value = app.interaction(request_at(&app, "UREQ9", "North", &[])).await.json().await.unwrap();
    assert_eq!(reply["response_action"], "errors", "{reply}");
    assert!(reply.to_string().contains("test-crisis-1234"));
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
    // Someone on North's list may; North's coordinator hears.
    let mark = app.fake.mark();
    assert_eq!(app.interaction(request_at(&app, "UREQN1", "North", &[])).await.text().await.unwrap(), "");
    app.fake.wait_for(mark, 1, |c| c.to() == NORTH_COORDINATOR && c.text().contains("UREQN1")).await;
    // Its offer goes out before the next request is looked at.
    app.fake.wait_for(mark, 1, |c| c.buttons().contains(&"Accept".to_string())).await;
    app.settle().await;

    // "Someone at another site": a Main nurse is offered to North's supporter, not Main's.
    let mark = app.fake.mark();
    assert_eq!(app.interaction(request_at(&app, "UREQ2", "Main", &["outside_site"])).await.text().await.unwrap(), "");
    let offer =
        app.fake.wait_for(mark, 1, |c| c.buttons().contains(&"Accept".to_string()) && c.to().starts_with("USUP")).await;
    assert_eq!(offer[0].to(), "USUPD1", "the only supporter at another site");
    let alert = app.fake.wait_for(mark, 1, |c| c.to() == MAIN_COORDINATOR && c.text().contains("UREQ2")).await;
    assert!(alert[0].text().contains("at another site"));
    // The form offers the wish only because the program has several sites.
    app.command("UREQ3", "/peer-support", "").await;
    let modal = app.fake.wait_for(mark, 1, |c| c.method == "views.open").await.remove(0);
    assert!(modal.text().contains("Someone at another site"));
}
