use super::*;
use serde_json::json;

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap()[2..].to_string()
}

/// A click as Slack sends it, from a DM.
fn click() -> Value {
    json!({"type": "block_actions", "api_app_id": "A1", "team": {"id": "T1", "domain": "h"},
        "user": {"id": "U1", "team_id": "T1", "name": "u1"}, "trigger_id": "t",
        "container": {"type": "message", "message_ts": "1.2", "channel_id": "D1", "is_ephemeral": false},
        "channel": {"id": "D1", "name": "directmessage"},
        "message": {"type": "message", "ts": "1.2", "text": "An offer", "blocks": []},
        "response_url": "https://hooks.slack.com/actions/T1/1/x", "state": {"values": {}},
        "actions": [{"type": "button", "action_id": "offer_accept", "block_id": "b", "value": "7",
                     "text": {"type": "plain_text", "text": "Accept"}, "action_ts": "1.3"}]})
}

#[test]
fn malformed_bodies_are_told_apart() {
    let missing = parse_command(b"text=hello").unwrap_err();
    assert!(matches!(missing, ParseError::NotSlackShaped { what: "slash command", .. }), "{missing:?}");
    assert!(parse_command(b"%%%=&&==%zz\x00\xff").is_err());
    assert_eq!(parse_interaction(b"foo=bar").unwrap_err(), ParseError::MissingField("payload"));
    assert_eq!(parse_interaction(b"payload=%7Bnot-json").unwrap_err(), ParseError::PayloadNotJson);
    let no_user = format!("payload={}", urlencode(r#"{"type":"block_actions"}"#));
    assert_eq!(parse_interaction(no_user.as_bytes()).unwrap_err(), ParseError::PayloadLacks("user.id"));
    assert_eq!(parse_event(b"{not json").unwrap_err(), ParseError::EventNotJson);
}

#[test]
fn a_payload_of_the_wrong_shape_is_refused_without_repeating_its_values() {
    let mut payload = click();
    payload["actions"][0]["value"] = json!({"typed": "my private words"});
    let e = interaction_from_json(payload.clone()).unwrap_err();
    assert!(!e.to_string().contains("private"), "{e}");
    payload = click();
    payload.as_object_mut().unwrap().remove("team");
    assert_eq!(
        interaction_from_json(payload.clone()).unwrap_err().to_string(),
        "block_actions is not as Slack sends it: missing field team"
    );
}

#[test]
fn a_slash_command_is_read_as_slack_sends_it() {
    let body = serde_urlencoded::to_string([
        ("token", "x"),
        ("team_id", "T1"),
        ("team_domain", "h"),
        ("channel_id", "D1"),
        ("user_id", "U1"),
        ("command", "/peer-support"),
        ("text", "team"),
        ("api_app_id", "A1"),
        ("response_url", "https://hooks.slack.com/commands/T1/1/x"),
        ("trigger_id", "t1"),
    ])
    .unwrap();
    let Inbound::Command(c) = parse_command(body.as_bytes()).unwrap() else { panic!() };
    assert_eq!((c.command.as_str(), c.text.as_str(), c.user_id.as_str()), ("/peer-support", "team", "U1"));
    assert_eq!((c.team_id.as_deref(), c.trigger_id.as_deref()), (Some("T1"), Some("t1")));
    let fields: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap();
    assert!(matches!(command_from_json(&json!(fields)).unwrap(), Inbound::Command(_)));
}

#[test]
fn a_button_click_carries_its_action_and_where_it_was() {
    let body = format!("payload={}", urlencode(&click().to_string()));
    let Inbound::Action(a) = parse_interaction(body.as_bytes()).unwrap() else { panic!() };
    assert_eq!(
        (a.action_id.as_str(), a.value.as_deref(), a.channel_id.as_deref()),
        ("offer_accept", Some("7"), Some("D1"))
    );
    assert_eq!(a.team_id.as_deref(), Some("T1"));
    assert_eq!(a.message_ts.as_deref(), Some("1.2"));
}

#[test]
fn a_pick_on_the_home_tab_carries_the_person_or_day_chosen() {
    let mut payload = click();
    let obj = payload.as_object_mut().unwrap();
    for k in ["channel", "message", "response_url"] {
        obj.remove(k);
    }
    payload["container"] = json!({"type": "view", "view_id": "VH"});
    payload["view"] = json!({"type": "home", "id": "VH", "team_id": "T1", "hash": "h", "blocks": [],
                             "state": {"values": {}}});
    payload["actions"] = json!([{"type": "users_select", "action_id": "request_assign_to", "block_id": "assign:3",
                                 "selected_user": "U9", "action_ts": "1"}]);
    let Inbound::Action(a) = interaction_from_json(payload.clone()).unwrap() else { panic!() };
    assert_eq!((a.selected_user.as_deref(), a.view.as_ref().map(|v| v.id.as_str())), (Some("U9"), Some("VH")));
    payload["actions"] = json!([{"type": "datepicker", "action_id": "supporter_pause_until", "block_id": "b",
                                 "selected_date": "2027-01-02", "action_ts": "1"}]);
    let Inbound::Action(a) = interaction_from_json(payload.clone()).unwrap() else { panic!() };
    assert_eq!(a.selected_date.as_deref(), Some("2027-01-02"));
}

#[test]
fn a_submission_exposes_its_values_by_block() {
    let option = |v: &str| json!({"text": {"type": "plain_text", "text": v}, "value": v});
    let payload = json!({"type": "view_submission", "api_app_id": "A1", "team": {"id": "T1"},
    "user": {"id": "U1", "team_id": "T1"}, "trigger_id": "t",
    "view": {"type": "modal", "id": "V1", "team_id": "T1", "hash": "h", "callback_id": "request",
             "private_metadata": "self", "title": {"type": "plain_text", "text": "Ask"}, "blocks": [],
             "state": {"values": {
        "note": {"note": {"type": "plain_text_input", "value": "  hello  "}},
        "times": {"times": {"type": "checkboxes", "selected_options": [option("mornings")]}},
        "contact": {"contact": {"type": "radio_buttons", "selected_option": option("phone")}},
        "who": {"who": {"type": "users_select", "selected_user": "U2"}},
        "until": {"until": {"type": "datepicker", "selected_date": "2027-01-02"}}
    }}}});
    let Inbound::Submission(s) = interaction_from_json(payload.clone()).unwrap() else { panic!() };
    assert_eq!((s.view.callback_id.as_str(), s.view.private_metadata.as_str()), ("request", "self"));
    assert_eq!(s.view.state.text("note").as_deref(), Some("hello"));
    assert_eq!(s.view.state.options("times"), vec!["mornings"]);
    assert_eq!(s.view.state.option("contact").as_deref(), Some("phone"));
    assert_eq!(s.view.state.user("who").as_deref(), Some("U2"));
    assert_eq!(s.view.state.date("until").as_deref(), Some("2027-01-02"));
    assert_eq!(s.view.state.option("missing"), None);
}

#[test]
fn events_are_recognised() {
    let Inbound::UrlVerification { challenge } =
        parse_event(br#"{"token":"x","type":"url_verification","challenge":"abc"}"#).unwrap()
    else {
        panic!()
    };
    assert_eq!(challenge, "abc");
    let callback = |event: Value| {
        json!({"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": "Ev1",
               "event_time": 1700000000, "event": event})
        .to_string()
    };
    let home = callback(json!({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}));
    assert!(matches!(parse_event(home.as_bytes()).unwrap(), Inbound::Event(Event::AppHomeOpened { .. })));
    let other = callback(json!({"type": "zzz"}));
    assert!(matches!(parse_event(other.as_bytes()).unwrap(), Inbound::Event(Event::Other { .. })));
    assert!(matches!(parse_event(br#"{"type":"app_rate_limited"}"#).unwrap(), Inbound::Ignored { .. }));
}
