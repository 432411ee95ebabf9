use super::*;
use crate::slack::inbound::{parse_command, parse_interaction};

fn slash_text(command: &str, text: &str) -> Command {
    let body = serde_urlencoded::to_string([
        ("team_id", "T1"),
        ("channel_id", "D1"),
        ("user_id", "U1"),
        ("command", command),
        ("text", text),
        ("response_url", "https://hooks.slack.com/commands/T1/1/x"),
        ("trigger_id", "t1"),
    ])
    .unwrap();
    parse(parse_command(body.as_bytes()).unwrap()).1
}

fn clicked(action_id: &str, value: &str) -> Command {
    let payload = serde_json::json!({"type": "block_actions", "api_app_id": "A1", "team": {"id": "T1"},
        "user": {"id": "U1"}, "trigger_id": "t1", "container": {"type": "message", "message_ts": "1.2"},
        "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button"}]});
    let body = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
    parse(parse_interaction(body.as_bytes()).unwrap()).1
}

#[test]
fn slash_commands_read_as_what_was_asked() {
    let cases = [
        ("/peer-support", "", Command::AskForSupport { from_home: false }),
        ("/peer-support", "  HELP ", Command::Help),
        ("/peer-support", "resources", Command::Resources),
        ("/peer-support", "status", Command::Status),
        ("/peer-support", "pause", Command::SetAvailability { paused: true, until: None, from_home: false }),
        ("/peer-support", "resume", Command::SetAvailability { paused: false, until: None, from_home: false }),
        ("/peer-support", "frobnicate my day", Command::UnknownSubcommand),
        ("/peer-support", "team", Command::OpenDebriefForm { from_home: false }),
        ("/peer-support", "nominate", Command::OpenNomination { from_home: false }),
        ("/peer-outreach", "", Command::OpenOutreachForm { from_home: false }),
        ("/peer-admin", "", Command::OpenAdminTools),
        ("/peer-admin", "stats", Command::AdminStats { month: None }),
        ("/peer-admin", "stats 2026-11", Command::AdminStats { month: Some("2026-11".into()) }),
        ("/peer-admin", "stats November", Command::AdminStatsBadMonth),
        ("/peer-admin", "roster", Command::AdminUnknown),
        ("/other", "", Command::UnknownCommand),
    ];
    for (command, text, want) in cases {
        assert_eq!(slash_text(command, text), want, "{command} {text:?}");
    }
}

#[test]
fn clicks_read_as_typed_commands_and_bad_values_as_nothing() {
    let cases = [
        (action::OFFER_ACCEPT, "31", Command::AcceptOffer { offer_id: OfferId(31) }),
        (action::OFFER_ACCEPT, "thirty-one", Command::Ignored { kind: "action" }),
        (action::OFFER_DECLINE, "", Command::Ignored { kind: "action" }),
        (action::WITHDRAW, "12", Command::Withdraw { request_id: RequestId(12) }),
        (
            action::OFFER_TO,
            "12:U2",
            Command::OfferTo { request_id: RequestId(12), supporter: "U2".into(), anyway: false },
        ),
        (
            action::OFFER_TO,
            "12:U2:anyway",
            Command::OfferTo { request_id: RequestId(12), supporter: "U2".into(), anyway: true },
        ),
        (action::OFFER_TO, "12:U2:maybe", Command::Ignored { kind: "action" }),
        (action::OFFER_TO, "x:U2", Command::Ignored { kind: "action" }),
        (action::CHECKIN_STOP, "t0k", Command::CheckIn { token: "t0k".into(), answer: CheckInAnswer::Stop }),
        (action::FEEDBACK, "t0k:somewhat", Command::Feedback { token: "t0k".into(), answer: FeedbackAnswer::Somewhat }),
        (action::FEEDBACK, "t0k:maybe", Command::Ignored { kind: "action" }),
        (action::CONSENT_NO, "t0k", Command::ConsentNo { token: "t0k".into() }),
        (action::CONSENT_YES, "", Command::Ignored { kind: "action" }),
        (
            action::OUTREACH_ASK_AGAIN,
            "t0k",
            Command::OutreachAnswer { token: "t0k".into(), answer: OutreachAnswer::AskAgain },
        ),
        (home_action::ASK, "", Command::AskForSupport { from_home: true }),
        (home_action::DEBRIEF, "debrief", Command::OpenDebriefForm { from_home: true }),
        (action::CARE_FINE, "", Command::SupporterCheckIn { answer: SupporterAnswer::Fine }),
        (action::CARE_TALK, "", Command::SupporterCheckIn { answer: SupporterAnswer::WouldLikeToTalk }),
        (action::CARE_PAUSE, "", Command::OpenSupporterPause),
        ("no_such_action", "1", Command::Ignored { kind: "action" }),
    ];
    for (action_id, value, want) in cases {
        assert_eq!(clicked(action_id, value), want, "{action_id} {value:?}");
    }
}

#[test]
fn a_first_time_persons_ack_waits_for_slack_only_when_it_carries_words() {
    // Opening the form and pressing Accept answer after the ack: no language look-up first.
    assert!(!slash_text("/peer-support", "").words_before_ack());
    assert!(!clicked(action::OFFER_ACCEPT, "31").words_before_ack());
    // Help is the ack itself, in the person's words.
    assert!(slash_text("/peer-support", "help").words_before_ack());
    assert!(clicked(action::CONTACT_MADE, "4").words_before_ack());
}

#[test]
fn answers_are_labelled_by_their_kind_only() {
    assert_eq!(clicked(action::CHECKIN_OKAY, "1").label(), "checkin_answer");
    assert_eq!(clicked(action::CONSENT_NO, "t").label(), "consent_answer");
    assert_eq!(clicked(action::OUTREACH_YES, "t").label(), "outreach_answer");
    assert_eq!(clicked(action::OFFER_ACCEPT, "1").label(), "offer_accept");
    assert_eq!(clicked(action::CARE_TALK, "").label(), "supporter_checkin_answer");
    assert_eq!(clicked(action::CARE_FINE, "").label(), "supporter_checkin_answer");
}
