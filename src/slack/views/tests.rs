use super::*;
use crate::ids::{AssignmentId, OfferId, RequestId};
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
        request_id: RequestId(7),
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

/// Slack's limits on a message (see [`crate::slack::limits`]).
fn within_slacks_limits(m: &Message) {
    let found = crate::slack::limits::problems(crate::slack::limits::Surface::Message, &json(&m.blocks));
    assert!(found.is_empty(), "{:?}: {found:?}", m.text);
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
    let offer = v.offer(OfferId(3), &summary(), false, "4 hours");
    assert_eq!(buttons(&offer), ["Accept", "Decline"]);
    assert!(!json(&offer.blocks).to_string().contains("UREQ"));
    assert!(json(&v.offer(OfferId(3), &summary(), true, "4 hours").blocks).to_string().contains("UREQ"));
    let assignment = v.assignment(AssignmentId(4), &summary(), "Tuesday");
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
        let offer = v.offer(OfferId(3), &debrief, reveal, "4 hours");
        within_slacks_limits(&offer);
        assert_eq!(buttons(&offer), ["Accept", "Decline"]);
        let text = json(&offer.blocks).to_string();
        assert!(text.contains("ICU") && text.contains("11 to 20 people") && !text.contains("UREQ"));
    }
    let assignment = v.assignment(AssignmentId(4), &debrief, "Tuesday");
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
            v.debrief_received(RequestId(3), "tomorrow"),
        ];
        for m in offering_help.iter() {
            within_slacks_limits(m);
            let crisis = escape(&f.settings.program.crisis_line);
            assert!(json(&m.blocks).to_string().contains(&crisis), "{locale}: {}", m.text);
        }
        for m in [
            v.offer(OfferId(3), &debrief, false, "4h"),
            v.assignment(AssignmentId(4), &summary(), "x"),
            v.feedback("t"),
        ] {
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

/// Every message and modal the views can produce, with the longest words the program
/// allows, in each language: Slack takes each one (75-character buttons and options,
/// 3,000 characters a section, 50 blocks a message, 100 a view, 100 options, 24 for a
/// modal's title). The Home tab is checked the same way in the integration tests.
#[test]
fn every_view_the_bot_can_produce_is_within_slacks_limits() {
    use crate::domain::notice::{CheckInAnswer, FeedbackAnswer, SupporterAnswer};
    use crate::slack::limits::{Surface, problems};
    let mut f = Fixture::new();
    // A program with long names everywhere it has names.
    f.settings.program.name = "N".repeat(200);
    f.settings.program.crisis_line = "Crisis line: call or text 988, any hour, any day ".repeat(4);
    f.settings.program.resources = (0..12)
        .map(|i| crate::settings::Resource {
            name: format!("Resource {i} {}", "r".repeat(90)),
            contact: "c".repeat(200),
        })
        .collect();
    let long = "L".repeat(120);
    let many_names: Vec<String> = (0..250).map(|i| format!("{i:03} {}", "d".repeat(100))).collect();
    let candidates: Vec<Candidate> = (0..5)
        .map(|i| Candidate {
            supporter: format!("USUP{i}"),
            reason: Reason::Parts(vec![Why::SameRole { role: Role::Nurse }, Why::SameSite, Why::Active { count: 1 }]),
        })
        .collect();
    let names: Vec<(String, String)> = candidates.iter().map(|c| (c.supporter.clone(), "P".repeat(100))).collect();
    let report =
        crate::domain::report::Report::from_counts("2026-11", &[("requests".into(), 12), ("matched".into(), 3)]);
    let stats = crate::domain::program::Stats {
        report: report.clone(),
        by_site: (0..10).map(|i| (format!("Site {i}"), report.clone())).collect(),
    };
    let surge = SurgeSummary {
        total: 300,
        offered: 10,
        matched: 5,
        closed: 1,
        waiting_total: 200,
        waiting: (0..20)
            .map(|i| crate::store::surges::WaitingRequest {
                id: i,
                requester_role: "nurse".into(),
                requester_department: long.clone(),
            })
            .collect(),
    };
    let refusals = [
        Refusal::NoLongerAvailable,
        Refusal::NotYourOffer,
        Refusal::NotYourAssignment,
        Refusal::CoordinatorsOnly,
        Refusal::LeadersOnly,
        Refusal::NotYourRequest,
        Refusal::AlreadyDone,
        Refusal::AlreadyOpen,
        Refusal::NotOnRoster,
        Refusal::RequestGone,
        Refusal::NotEligible,
        Refusal::OwnRequest,
        Refusal::CannotOffer,
        Refusal::AlreadyOnRoster,
        Refusal::DateInThePast,
        Refusal::TrainingLapsed,
        Refusal::OtherSite,
        Refusal::SameEvent,
    ];
    let reason = Reason::Parts(vec![Why::AskedFor, Why::Interest { interest: long.clone() }]);
    let updates = [
        ThreadUpdate::Offered { supporter: "U1".into(), reason: reason.clone(), by: Some("UC".into()) },
        ThreadUpdate::Declined { supporter: "U1".into() },
        ThreadUpdate::TimedOut { supporter: "U1".into() },
        ThreadUpdate::LeftRoster { supporter: "U1".into() },
        ThreadUpdate::Accepted { supporter: "U1".into() },
        ThreadUpdate::ContactMade { supporter: "U1".into() },
        ThreadUpdate::NoSupporter,
        ThreadUpdate::Candidates { candidates: candidates.clone() },
        ThreadUpdate::Reassigned { by: "UC".into(), supporter: "U1".into() },
        ThreadUpdate::Reassigned { by: "UC".into(), supporter: String::new() },
        ThreadUpdate::Closed { by: Some("UC".into()) },
        ThreadUpdate::Closed { by: None },
        ThreadUpdate::Withdrawn,
        ThreadUpdate::StillWaiting { waited: "3 days".into(), waited_secs: Some(260_000) },
        ThreadUpdate::NoContactYet { supporter: "U1".into() },
    ];
    let nows = [
        AlertNow::Offered { supporter: "U1".into(), reason: reason.clone() },
        AlertNow::Accepted { supporter: "U1".into() },
        AlertNow::Contacted { supporter: "U1".into() },
        AlertNow::Choosing,
        AlertNow::NoSupporter,
        AlertNow::Reassigning,
    ];
    let debrief = RequestSummary {
        department: long.clone(),
        debrief: Some(DebriefSummary { size: Some(TeamSize::VeryLarge), when: Some(MeetWhen::Flexible) }),
        ..summary()
    };
    let details = PrivateDetails {
        topics: Topic::ALL.to_vec(),
        note: Some(crate::domain::notice::Private::new("&<>".repeat(2000))),
        event: Some(EventKind::MassCasualty),
        resent: true,
    };
    let supporter = crate::store::roster::Supporter::new("USUP1", "nurse");
    let directory = FormDirectory {
        supporters: (0..150).map(|i| (format!("U{i}"), format!("{i} {}", "s".repeat(100)))).collect(),
        interests: (0..150).map(|i| format!("{i} {}", "i".repeat(100))).collect(),
    };
    for locale in ["en", "es"] {
        let v = f.views_in(locale);
        let mut messages = vec![
            v.request_received(&long),
            v.debrief_received(RequestId(3), &long),
            v.requester_matched("U1", Some(ContactPref::Phone), &long),
            v.debrief_matched("U1"),
            v.offer(OfferId(3), &summary(), false, &long),
            v.offer(OfferId(3), &debrief, true, &long),
            v.assignment(AssignmentId(4), &summary(), &long),
            v.assignment(AssignmentId(4), &debrief, &long),
            v.supporter_nudge("U1"),
            v.supporter_check_in(),
            v.supporter_paused(),
            v.supporter_wants_to_talk("U1"),
            v.training_date("2027-01-01", true),
            v.training_date("2027-01-01", false),
            v.training_date_to_coordinator("U1", "2027-01-01", true),
            v.safety_alert(RequestId(1), AssignmentId(2), "U1"),
            v.safety_guidance(),
            v.same_event_warning(RequestId(1), "U1"),
            v.consent_ask(Some("U2"), "t"),
            v.consent_ask(None, "t"),
            v.consent_declined(),
            v.said_yes(),
            v.referrer_told("U3"),
            v.outreach_dm(1, Some(EventKind::PatientDeath), Some(&"o".repeat(1500)), "t"),
            v.outreach_again(Some(EventKind::PatientDeath), "t"),
            v.outreach_not_now(),
            v.outreach_ask_again_later(&long),
            v.outreach_on_its_way(1000),
            v.feedback("t"),
            v.feedback_thanks(),
            v.talk_again_requested("U1"),
            v.talk_again_to_supporter("U2"),
            v.nomination("U1", "U2", Some(Role::Physician)),
            v.report(&report),
            v.stats(&stats, &CoordinatorScope::All),
            v.stats(&stats, &CoordinatorScope::Sites(vec![long.clone(); 3])),
            v.surge_digest(&surge, &long),
            v.scrubbed_alert(&summary(), Ending::Withdrawn),
            v.coordinator_alert(
                &summary(),
                &details,
                &MatchState::Candidates { candidates: candidates.clone() },
                &names,
            ),
            v.coordinator_alert(&debrief, &details, &MatchState::NoSupporter, &names),
            v.resources(),
            v.help(),
            v.not_eligible(),
            v.not_a_supporter(),
            v.modal_failed(),
            v.something_went_wrong(),
            v.requester_went_wrong(),
            v.unknown_subcommand(),
            v.status_none(),
            v.status_open(RequestId(1), Some("U1"), true),
            v.withdrawn(),
            v.redacted(),
            v.availability(true),
            v.check_in_already_answered(),
        ];
        messages.extend(refusals.iter().flat_map(|r| [v.refusal(r), v.requester_refusal(r)]));
        messages.extend(updates.iter().map(|u| v.thread_update(RequestId(1), u, &names)));
        messages.extend(nows.iter().map(|n| v.alert_now(RequestId(1), n)));
        for stage in [
            CheckInStage::NotYetContacted,
            CheckInStage::Contacted,
            CheckInStage::Talked,
            CheckInStage::DebriefPlanned,
            CheckInStage::AfterDebrief,
        ] {
            messages.push(v.check_in(stage, "t"));
        }
        for answer in [CheckInAnswer::Okay, CheckInAnswer::TalkAgain, CheckInAnswer::Resources, CheckInAnswer::Stop] {
            messages.push(v.check_in_answered(answer));
        }
        for answer in [
            SupporterAnswer::Fine,
            SupporterAnswer::WouldLikeToTalk,
            SupporterAnswer::Pause { until: chrono::NaiveDate::from_ymd_opt(2027, 1, 2).unwrap() },
        ] {
            messages.push(v.supporter_check_in_answered(answer, Some("2027-01-02")));
        }
        for ending in [Ending::ConversationHappened, Ending::ClosedByCoordinator, Ending::Withdrawn] {
            messages.push(v.assignment_ended(ending));
        }
        for why in
            [OfferGoneWhy::Declined, OfferGoneWhy::TimedOut, OfferGoneWhy::PassedOn, OfferGoneWhy::NoLongerNeeded]
        {
            messages.push(v.offer_gone(why));
        }
        messages.extend((0..12).filter_map(|i| v.handoff(i)));
        let _ = FeedbackAnswer::ALL;
        for m in &messages {
            let found = problems(Surface::Message, &json(&m.blocks));
            assert!(found.is_empty(), "{locale}: {:?}: {found:?}", m.text);
            for attachment in &m.attachments {
                let found = problems(Surface::Message, &json(&attachment.blocks));
                assert!(found.is_empty(), "{locale}: {:?}: {found:?}", m.text);
            }
        }
        let modals = [
            v.request_modal(&many_names, &many_names, &directory, true, &"m".repeat(200)),
            v.request_modal(&[], &[], &FormDirectory::default(), false, "self"),
            v.debrief_modal(&many_names),
            v.nomination_modal(),
            v.nomination_thanks(),
            v.outreach_modal(),
            v.supporter_pause_modal("x", "2027-01-01"),
            v.roster_modal(None),
            v.roster_modal(Some(&supporter)),
            v.roster_modal_for_nominee("U1", Some(Role::Nurse)),
            v.handoff_modal(RequestId(1)),
            v.admin_modal((0..150).map(|_| divider()).collect()),
        ];
        for modal in &modals {
            let found = problems(Surface::Modal, &json(modal));
            assert!(found.is_empty(), "{locale}: {found:?}");
        }
    }
}
