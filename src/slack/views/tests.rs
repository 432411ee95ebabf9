use super::*;
use serde_json::Value;

/// What Slack receives, as JSON.
fn json(of: &impl Serialize) -> Value {
    serde_json::to_value(of).unwrap()
}

fn buttons(m: &Message) -> Vec<String> {
    json(&m.blocks)
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "actions")
        .flat_map(|b| b["elements"].as_array().unwrap().iter())
        .filter(|e| e["type"] == "button")
        .map(|e| e["text"]["text"].as_str().unwrap().to_string())
        .collect::<Vec<_>>()
}

fn summary() -> RequestSummary {
    RequestSummary {
        request_id: 7,
        requester: "UREQ".into(),
        role: Some(Role::Nurse),
        department: "ICU".into(),
        site: "Main".into(),
        contact_pref: Some(ContactPref::Phone),
        good_times: vec![GoodTime::Mornings],
        preferences: vec![],
        debrief: None,
    }
}

/// Slack's limits on a message: 50 blocks, 3,000 characters a section, 75 a button.
fn within_slacks_limits(m: &Message) {
    let blocks = json(&m.blocks);
    let blocks = blocks.as_array().unwrap();
    assert!(blocks.len() <= 50, "{} blocks", blocks.len());
    for b in blocks {
        if let Some(t) = b["text"]["text"].as_str() {
            assert!(t.chars().count() <= 3000, "a section of {} characters", t.chars().count());
        }
        for e in b["elements"].as_array().into_iter().flatten() {
            if let Some(t) = e["text"]["text"].as_str() {
                assert!(t.chars().count() <= 75, "a button text of {} characters", t.chars().count());
            }
        }
    }
}

#[test]
fn the_longest_notes_fit_in_the_alert_and_the_outreach_dm() {
    let f = Fixture::new();
    let v = f.views();
    for note in [
        "&".repeat(REQUEST_NOTE_MAX),
        "<\n".repeat(REQUEST_NOTE_MAX / 2),
        "\u{1F49C}&".repeat(REQUEST_NOTE_MAX / 2),
        "x".repeat(60_000),
    ] {
        let details = PrivateDetails {
            topics: Topic::ALL.to_vec(),
            note: Some(crate::domain::notice::Private::new(note.clone())),
            event: Some(EventKind::MassCasualty),
            resent: false,
        };
        let alert = v.coordinator_alert(&summary(), &details, &MatchState::NoSupporter, &[]);
        within_slacks_limits(&alert);
        let dm = v.outreach_dm(1, Some(EventKind::PatientDeath), Some(&note), "t0ken");
        within_slacks_limits(&dm);
        if note.len() > 10_000 {
            assert!(json(&alert.blocks).to_string().contains("shortened"), "the coordinator is told it was cut");
        }
    }
}

#[test]
fn the_offer_hides_who_asked_until_accept() {
    let f = Fixture::new();
    let v = f.views();
    let offer = v.offer(3, &summary(), false, "4 hours");
    assert_eq!(buttons(&offer), ["Accept", "Decline"]);
    assert!(!json(&offer.blocks).to_string().contains("UREQ"));
    assert!(json(&v.offer(3, &summary(), true, "4 hours").blocks).to_string().contains("UREQ"));
    let assignment = v.assignment(4, &summary(), "Tuesday");
    assert_eq!(buttons(&assignment), ["Contact made", "Conversation happened", "I have a safety concern"]);
    assert!(json(&assignment.blocks).to_string().contains("<@UREQ>"));
}

#[test]
fn a_debrief_offer_names_the_team_never_who_asked() {
    let f = Fixture::new();
    let v = f.views();
    let debrief = RequestSummary {
        debrief: Some(DebriefSummary { size: Some(TeamSize::Large), when: Some(MeetWhen::Soon) }),
        ..summary()
    };
    for reveal in [false, true] {
        let offer = v.offer(3, &debrief, reveal, "4 hours");
        within_slacks_limits(&offer);
        assert_eq!(buttons(&offer), ["Accept", "Decline"]);
        let text = json(&offer.blocks).to_string();
        assert!(text.contains("ICU") && text.contains("11 to 20 people") && !text.contains("UREQ"));
    }
    let assignment = v.assignment(4, &debrief, "Tuesday");
    assert!(json(&assignment.blocks).to_string().contains("<@UREQ>"));
    assert_eq!(buttons(&assignment), ["Contact made", "Conversation happened", "I have a safety concern"]);
    let check_in = v.supporter_check_in();
    within_slacks_limits(&check_in);
    assert_eq!(buttons(&check_in), ["I'm doing fine", "I'd like to talk to someone", "Pause me for a while"]);
}

#[test]
fn every_language_fits_slacks_limits_and_keeps_the_crisis_line() {
    let f = Fixture::new();
    for locale in ["en", "es"] {
        let v = f.views_in(locale);
        let debrief = RequestSummary {
            debrief: Some(DebriefSummary { size: Some(TeamSize::VeryLarge), when: Some(MeetWhen::Flexible) }),
            ..summary()
        };
        let offering_help = [
            v.request_received("tomorrow"),
            v.check_in(CheckInStage::NotYetContacted, "t"),
            v.supporter_check_in(),
            v.consent_ask(None, "t"),
            v.outreach_dm(1, Some(EventKind::MassCasualty), None, "t"),
            v.resources(),
            v.help(),
            v.debrief_received(3, "tomorrow"),
        ];
        for m in offering_help.iter() {
            within_slacks_limits(m);
            let crisis = escape(&f.settings.program.crisis_line);
            assert!(json(&m.blocks).to_string().contains(&crisis), "{locale}: {}", m.text);
        }
        for m in [v.offer(3, &debrief, false, "4h"), v.assignment(4, &summary(), "x"), v.feedback("t")] {
            within_slacks_limits(&m);
        }
        for modal in [
            v.request_modal(&[], &["A".into(), "B".into()], &FormDirectory::default(), true, "self"),
            v.debrief_modal(&[]),
            v.nomination_modal(),
            v.outreach_modal(),
            v.supporter_pause_modal("", "2027-01-01"),
        ] {
            let modal = json(&modal);
            for key in ["title", "submit", "close"] {
                if let Some(t) = modal[key]["text"].as_str() {
                    assert!(t.chars().count() <= 24, "{locale}: modal {key} {t:?}");
                }
            }
            assert!(modal["blocks"].as_array().unwrap().len() <= 100);
        }
    }
    // Spanish is Spanish: the words change, the ids behind the buttons do not.
    let es = f.views_in("es-MX");
    let check_in = es.check_in(CheckInStage::Talked, "t");
    assert_eq!(buttons(&check_in)[0], "Estoy bien");
    assert!(json(&check_in.blocks).to_string().contains(action::CHECKIN_OKAY));
}

#[test]
fn messages_that_offer_help_show_the_crisis_line() {
    let f = Fixture::new();
    let v = f.views();
    let crisis = &escape(&f.settings.program.crisis_line);
    for m in [
        v.request_received("Tuesday"),
        v.requester_matched("US", None, "Tuesday"),
        v.resources(),
        v.not_eligible(),
        v.consent_ask(None, "t0ken"),
        v.help(),
    ] {
        assert!(json(&m.blocks).to_string().contains(crisis.as_str()), "{}", m.text);
    }
    let form = v.request_modal(&[], &[], &FormDirectory::default(), true, "");
    assert!(json(&form).to_string().contains(crisis.as_str()));
}

#[test]
fn the_scrubbed_alert_keeps_no_details() {
    let f = Fixture::new();
    let v = f.views();
    let m = v.scrubbed_alert(&summary(), Ending::ClosedByCoordinator);
    let text = json(&m.blocks).to_string();
    assert!(!text.contains("ICU") && !text.contains("Phone") && !text.contains("Nurse"));
}

#[test]
fn a_long_list_of_departments_is_grouped_and_nothing_is_cut() {
    let names: Vec<String> = (0..250).map(|i| format!("Department {i:03}")).collect();
    let select = json(&choice_select(&names, "Choose", "Prefer not to say", "Or"));
    let groups = select["option_groups"].as_array().expect("grouped beyond 100");
    assert!(groups.len() <= 100);
    let mut shown = Vec::new();
    for g in groups {
        let options = g["options"].as_array().unwrap();
        assert!(!options.is_empty() && options.len() <= 100);
        assert!(g["label"]["text"].as_str().unwrap().chars().count() <= 75);
        shown.extend(options.iter().map(|o| o["value"].as_str().unwrap().to_string()));
    }
    for name in &names {
        assert!(shown.contains(name), "{name} was cut");
    }
    assert!(shown.contains(&PREFER_NOT_TO_SAY.to_string()));
    let few = json(&choice_select(&names[..5], "Choose", "Prefer not to say", "Or"));
    assert_eq!(few["options"].as_array().unwrap().len(), 6, "a short list stays one list");
}
