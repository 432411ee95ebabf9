//! Everything that reads untrusted bytes, fed random and half-valid input: signature
//! headers, form bodies, interaction and event JSON (view submissions among them), Socket
//! Mode envelopes and roster CSV. Nothing panics, and only a correct signature passes.
//! The same readers are cargo-fuzz targets under `fuzz/` for longer runs; a crash found
//! there becomes a case here.

use peer_support::cli::roster::parse_roster;
use peer_support::settings::Secret;
use peer_support::slack::inbound::{parse_command, parse_event, parse_interaction};
use peer_support::slack::socket::{Envelope, read_envelope};
use peer_support::slack::verify::{sign, verify};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Any JSON value, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,24}".prop_map(Value::String),
        prop::sample::select(vec!["block_actions", "view_submission", "request", "U123ABC", "checkin_okay", "1"])
            .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "type",
                    "user",
                    "id",
                    "team",
                    "actions",
                    "action_id",
                    "value",
                    "view",
                    "callback_id",
                    "state",
                    "values",
                    "selected_option",
                    "selected_users",
                    "private_metadata",
                    "event",
                    "challenge",
                    "container",
                    "message_ts",
                    "trigger_id",
                    "response_url",
                    "block_id",
                ])
                .prop_map(str::to_string),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// An interaction payload: the right outline, anything inside.
fn interaction() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["block_actions", "view_submission", "view_closed", "shortcut", ""]),
        json_value(),
        json_value(),
        json_value(),
    )
        .prop_map(|(kind, user, actions, view)| {
            json!({"type": kind, "user": user, "team": {"id": "T1"}, "actions": actions, "view": view})
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn signature_checks_never_panic_and_pass_only_the_right_signature(
        ts in ".{0,24}",
        signature in ".{0,80}",
        body in prop::collection::vec(any::<u8>(), 0..512),
        now in any::<i64>(),
    ) {
        let secret = Secret::new("fuzz-secret");
        let _ = verify(&secret, Some(&ts), Some(&signature), &body, now);
        let _ = verify(&secret, None, Some(&signature), &body, now);
        // The right signature at the right time passes; one changed byte does not.
        let now = 1_700_000_000;
        let right = sign(&secret, &now.to_string(), String::from_utf8_lossy(&body).as_bytes());
        prop_assert!(verify(&secret, Some(&now.to_string()), Some(&right), &body, now).is_ok());
        let mut wrong = right.into_bytes();
        let last = wrong.len() - 1;
        wrong[last] = if wrong[last] == b'0' { b'1' } else { b'0' };
        let wrong = String::from_utf8(wrong).unwrap();
        prop_assert!(verify(&secret, Some(&now.to_string()), Some(&wrong), &body, now).is_err());
    }

    #[test]
    fn form_bodies_never_panic(body in prop::collection::vec(any::<u8>(), 0..1024)) {
        let _ = parse_command(&body);
        let _ = parse_interaction(&body);
        let _ = parse_event(&body);
    }

    #[test]
    fn slash_command_forms_with_any_fields_never_panic(
        fields in prop::collection::vec((prop::sample::select(vec!["command", "user_id", "text", "team_id", "trigger_id", "response_url", "x"]), ".{0,40}"), 0..8)
    ) {
        let body = serde_urlencoded::to_string(&fields).unwrap();
        let _ = parse_command(body.as_bytes());
    }

    #[test]
    fn interaction_payloads_never_panic(payload in interaction()) {
        let body = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
        let _ = parse_interaction(body.as_bytes());
    }

    #[test]
    fn event_bodies_never_panic(event in json_value(), kind in prop::sample::select(vec!["event_callback", "url_verification", "app_rate_limited", ""])) {
        let body = json!({"type": kind, "team_id": "T1", "event": event, "challenge": "c"}).to_string();
        let _ = parse_event(body.as_bytes());
    }

    #[test]
    fn socket_envelopes_never_panic(
        kind in prop::sample::select(vec!["hello", "disconnect", "slash_commands", "interactive", "events_api", "other"]),
        id in prop::option::of(".{0,20}"),
        payload in json_value(),
        raw in ".{0,200}",
    ) {
        let _ = read_envelope(&raw);
        let mut envelope = json!({"type": kind, "payload": payload});
        if let Some(id) = id {
            envelope["envelope_id"] = json!(id);
        }
        if let Envelope::Deliver { id: read, .. } = read_envelope(&envelope.to_string()) {
            prop_assert_eq!(Some(read.as_str()), envelope["envelope_id"].as_str());
        }
    }

    #[test]
    fn roster_files_never_panic(
        rows in prop::collection::vec(prop::collection::vec(".{0,12}", 0..10), 0..8),
        raw in ".{0,300}",
    ) {
        let _ = parse_roster(&raw);
        let header = "slack_user_id,role,department,specialty,site,gender,seniority,max_active";
        let body: Vec<String> = rows.iter().map(|r| r.join(",")).collect();
        let _ = parse_roster(&format!("{header}\n{}", body.join("\n")));
    }
}
