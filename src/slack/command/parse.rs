//! Reading what Slack delivered as what the person asked for: pure, no I/O, and every
//! value checked (an id that does not parse, an option the form never offered, is nothing).

use chrono::NaiveDate;

use super::{Command, Origin, RosterAction};
use crate::domain::choices::{EventKind, MeetWhen, Role, TeamSize};
use crate::domain::notice::{CheckInAnswer, FeedbackAnswer, OutreachAnswer, Private, SupporterAnswer};
use crate::ids::{AssignmentId, OfferId, RequestId, UserId};
use crate::slack::forms;
use crate::slack::home::{Pages, home_action};
use crate::slack::inbound::{BlockAction, Event, Inbound, SlashCommand, ViewSubmission};
use crate::slack::views::{
    action, callback, care_field, debrief_field, handoff_field, nomination_field, outreach_field,
};

/// Reads one delivery.
pub fn parse(inbound: Inbound) -> (Origin, Command) {
    match inbound {
        Inbound::Command(c) => slash(c),
        Inbound::Action(a) => click(*a),
        Inbound::Submission(s) => submission(s),
        Inbound::Event(Event::AppHomeOpened { user, .. }) => {
            (Origin { user: user.into(), ..Default::default() }, Command::HomeOpened)
        }
        Inbound::Event(Event::Other { .. }) => (Origin::default(), Command::Ignored { kind: "event" }),
        Inbound::UrlVerification { challenge } => (Origin::default(), Command::UrlVerification { challenge }),
        Inbound::Ignored { .. } => (Origin::default(), Command::Ignored { kind: "delivery" }),
    }
}

fn slash(c: SlashCommand) -> (Origin, Command) {
    let mut words = c.text.split_whitespace();
    let first = words.next().map(str::to_ascii_lowercase);
    let command = match (c.command.as_str(), first.as_deref()) {
        ("/peer-support", None) => Command::AskForSupport { from_home: false },
        ("/peer-support", Some("help")) => Command::Help,
        ("/peer-support", Some("resources")) => Command::Resources,
        ("/peer-support", Some("status")) => Command::Status,
        ("/peer-support", Some("nominate")) => Command::OpenNomination { from_home: false },
        ("/peer-support", Some("team")) => Command::OpenDebriefForm { from_home: false },
        ("/peer-support", Some(word @ ("pause" | "resume"))) => {
            Command::SetAvailability { paused: word == "pause", until: None, from_home: false }
        }
        ("/peer-support", Some(_)) => Command::UnknownSubcommand,
        ("/peer-outreach", _) => Command::OpenOutreachForm { from_home: false },
        ("/peer-admin", None) => Command::OpenAdminTools,
        ("/peer-admin", Some("stats")) => match words.next() {
            None => Command::AdminStats { month: None },
            Some(m) if NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok() => {
                Command::AdminStats { month: Some(m.to_string()) }
            }
            Some(_) => Command::AdminStatsBadMonth,
        },
        ("/peer-admin", Some(_)) => Command::AdminUnknown,
        _ => Command::UnknownCommand,
    };
    let origin = Origin {
        user: c.user_id.into(),
        trigger_id: c.trigger_id,
        response_url: c.response_url,
        channel_id: c.channel_id,
        ..Default::default()
    };
    (origin, command)
}

fn click(a: BlockAction) -> (Origin, Command) {
    let id = a.value.as_deref().and_then(|v| v.trim().parse::<i64>().ok());
    let token = a.value.clone().filter(|v| !v.is_empty());
    let ignored = Command::Ignored { kind: "action" };
    let command = match (a.action_id.as_str(), id, token) {
        // A button's value is the id of the row it acts on; which kind of row, its action says.
        (action::OFFER_ACCEPT, Some(id), _) => Command::AcceptOffer { offer_id: OfferId(id) },
        (action::OFFER_DECLINE, Some(id), _) => Command::DeclineOffer { offer_id: OfferId(id) },
        (action::CONTACT_MADE, Some(id), _) => Command::ContactMade { assignment_id: AssignmentId(id) },
        (action::CONVERSATION_HAPPENED, Some(id), _) => {
            Command::ConversationHappened { assignment_id: AssignmentId(id) }
        }
        (action::SAFETY_CONCERN, Some(id), _) => Command::SafetyConcern { assignment_id: AssignmentId(id) },
        (action::REASSIGN, Some(id), _) => Command::Reassign { request_id: RequestId(id) },
        (action::CLOSE, Some(id), _) => Command::Close { request_id: RequestId(id) },
        (action::WITHDRAW, Some(id), _) => Command::Withdraw { request_id: RequestId(id) },
        (action::CONNECT_RESOURCE, Some(id), _) => Command::OpenHandoff { request_id: RequestId(id) },
        (action::OFFER_TO, _, _) => match a.value.as_deref().and_then(|v| v.split_once(':')) {
            Some((request, rest)) => {
                let (supporter, anyway) = match rest.split_once(':') {
                    Some((supporter, "anyway")) => (supporter, true),
                    Some(_) => ("", false),
                    None => (rest, false),
                };
                match request.parse::<RequestId>() {
                    Ok(request_id) if !supporter.is_empty() => {
                        Command::OfferTo { request_id, supporter: supporter.into(), anyway }
                    }
                    _ => ignored,
                }
            }
            None => ignored,
        },
        (action::ASSIGN_TO, _, _) => {
            let request = a.block_id.strip_prefix("assign:").and_then(|r| r.parse::<RequestId>().ok());
            match (request, a.selected_user.clone()) {
                (Some(request_id), Some(supporter)) => {
                    Command::OfferTo { request_id, supporter: supporter.into(), anyway: false }
                }
                _ => ignored,
            }
        }
        (action::CONSENT_YES, _, Some(token)) => Command::ConsentYes { token },
        (action::CONSENT_NO, _, Some(token)) => Command::ConsentNo { token },
        (action::CHECKIN_OKAY, _, Some(token)) => Command::CheckIn { token, answer: CheckInAnswer::Okay },
        (action::CHECKIN_TALK_AGAIN, _, Some(token)) => Command::CheckIn { token, answer: CheckInAnswer::TalkAgain },
        (action::CHECKIN_RESOURCES, _, Some(token)) => Command::CheckIn { token, answer: CheckInAnswer::Resources },
        (action::CHECKIN_STOP, _, Some(token)) => Command::CheckIn { token, answer: CheckInAnswer::Stop },
        (action::FEEDBACK, _, Some(value)) => match value.split_once(':') {
            Some((token, answer)) => match FeedbackAnswer::from_code(answer) {
                Some(answer) => Command::Feedback { token: token.to_string(), answer },
                None => ignored,
            },
            None => ignored,
        },
        (action::OUTREACH_YES, _, Some(token)) => Command::OutreachYes { token },
        (action::OUTREACH_NOT_NOW, _, Some(token)) => Command::OutreachAnswer { token, answer: OutreachAnswer::NotNow },
        (action::OUTREACH_ASK_AGAIN, _, Some(token)) => {
            Command::OutreachAnswer { token, answer: OutreachAnswer::AskAgain }
        }
        (home_action::ASK, _, _) => Command::AskForSupport { from_home: true },
        (home_action::OUTREACH, _, _) => Command::OpenOutreachForm { from_home: true },
        (home_action::PAGE, _, _) => Command::HomePage { pages: Pages::parse(a.value.as_deref().unwrap_or("")) },
        (home_action::PAUSE, _, _) => Command::SetAvailability { paused: true, until: None, from_home: true },
        (home_action::RESUME, _, _) => Command::SetAvailability { paused: false, until: None, from_home: true },
        (home_action::PAUSE_UNTIL, _, _) => {
            match a.selected_date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
                Some(day) => Command::SetAvailability { paused: true, until: Some(day), from_home: true },
                None => ignored,
            }
        }
        (home_action::ROSTER_ADD, _, _) => Command::OpenRosterForm,
        (home_action::NOMINATE, _, _) => Command::OpenNomination { from_home: true },
        (home_action::DEBRIEF, _, _) => Command::OpenDebriefForm { from_home: true },
        (home_action::DIRECTORY_LISTED, _, Some(value)) => match value.as_str() {
            "yes" => Command::SetDirectoryEntry { listed: Some(true), interests: None },
            "no" => Command::SetDirectoryEntry { listed: Some(false), interests: None },
            _ => ignored,
        },
        (home_action::DIRECTORY_INTERESTS, _, _) => {
            Command::SetDirectoryEntry { listed: None, interests: Some(a.selected_options.clone()) }
        }
        (action::CARE_FINE, _, _) => Command::SupporterCheckIn { answer: SupporterAnswer::Fine },
        (action::CARE_TALK, _, _) => Command::SupporterCheckIn { answer: SupporterAnswer::WouldLikeToTalk },
        (action::CARE_PAUSE, _, _) => Command::OpenSupporterPause,
        (action::NOMINATION_ADD, _, Some(value)) => match value.split_once(':') {
            Some((nominee, role)) if crate::settings::is_slack_user_id(nominee) => {
                Command::AddNominee { nominee: nominee.into(), role: Role::from_code(role) }
            }
            _ => ignored,
        },
        (home_action::ROSTER_MENU, _, _) => match a.selected_option.as_deref().and_then(|v| v.split_once(':')) {
            Some((what, supporter)) => {
                let action = match what {
                    "edit" => Some(RosterAction::Edit),
                    "pause" => Some(RosterAction::Pause),
                    "resume" => Some(RosterAction::Resume),
                    "remove" => Some(RosterAction::Remove),
                    _ => None,
                };
                match action {
                    Some(action) => Command::RosterMenu { action, supporter: supporter.into() },
                    None => ignored,
                }
            }
            None => ignored,
        },
        _ => ignored,
    };
    let origin = Origin {
        user: a.user_id.into(),
        trigger_id: a.trigger_id,
        response_url: a.response_url,
        channel_id: a.channel_id,
        message_ts: a.message_ts,
        view: a.view,
    };
    (origin, command)
}

fn submission(s: ViewSubmission) -> (Origin, Command) {
    let origin = Origin { user: s.user_id.as_str().into(), view: Some(s.view.clone()), ..Default::default() };
    let command = match s.view.callback_id.as_str() {
        callback::REQUEST => Command::SubmitRequest {
            form: Box::new(forms::request_form(&s.view)),
            metadata: s.view.private_metadata.clone(),
        },
        callback::ROSTER_ENTRY => Command::SaveRosterEntry { entry: forms::roster_entry(&s.view) },
        callback::NOMINATE => Command::SubmitNomination {
            nominee: s
                .view
                .state
                .user(nomination_field::NOMINEE)
                .filter(|u| crate::settings::is_slack_user_id(u))
                .map(UserId::from),
            role: s.view.state.option(nomination_field::ROLE).and_then(|r| Role::from_code(&r)),
        },
        callback::DEBRIEF => {
            let state = &s.view.state;
            Command::SubmitDebrief {
                unit: state.option(debrief_field::UNIT),
                event: state.option(debrief_field::EVENT).and_then(|e| EventKind::from_code(&e)),
                size: state.option(debrief_field::SIZE).and_then(|x| TeamSize::from_code(&x)),
                when: state.option(debrief_field::WHEN).and_then(|w| MeetWhen::from_code(&w)),
                note: state.text(debrief_field::NOTE).map(Private::new),
            }
        }
        callback::SUPPORTER_PAUSE => Command::SubmitSupporterPause {
            until: s.view.state.date(care_field::UNTIL).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            metadata: s.view.private_metadata.clone(),
        },
        callback::HANDOFF => Command::SubmitHandoff {
            request_id: s.view.private_metadata.parse().ok(),
            resource: s.view.state.option(handoff_field::RESOURCE).and_then(|r| r.parse().ok()),
        },
        callback::OUTREACH => {
            let state = &s.view.state;
            Command::SubmitOutreach {
                colleagues: state.users(outreach_field::COLLEAGUES).into_iter().map(UserId::from).collect(),
                event: state.option(outreach_field::EVENT).and_then(|e| EventKind::from_code(&e)),
                note: state.text(outreach_field::NOTE).map(Private::new),
            }
        }
        _ => Command::Ignored { kind: "view" },
    };
    (origin, command)
}
