//! What a person asked for, read from Slack's delivery: one typed [`Command`], with the
//! [`Origin`] that says who asked and where to answer. Parsing is pure and table-tested;
//! it decides nothing about who may do what (dispatch asks the domain, which checks the
//! database). Unknown or malformed values become [`Command::Ignored`], never a default id.

use crate::ids::{AssignmentId, OfferId, RequestId, UserId};
use chrono::NaiveDate;

use super::forms;
use super::home::{Pages, home_action};
use super::inbound::{BlockAction, Event, Inbound, SlashCommand, ViewRef, ViewSubmission};
use super::views::{action, callback, care_field, debrief_field, handoff_field, nomination_field, outreach_field};
use crate::domain::choices::{EventKind, MeetWhen, Role, TeamSize};
use crate::domain::notice::{CheckInAnswer, FeedbackAnswer, OutreachAnswer, Private, SupporterAnswer};
use crate::domain::request_form::RequestForm;
use crate::store::roster::RosterEntry;

/// Who asked, and where an answer to them can go.
#[derive(Clone, Default)]
pub struct Origin {
    pub user: UserId,
    pub trigger_id: Option<String>,
    pub response_url: Option<String>,
    pub channel_id: Option<String>,
    pub message_ts: Option<String>,
    /// The modal or Home tab a click came from.
    pub view: Option<ViewRef>,
}

impl std::fmt::Debug for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Origin").field("view", &self.view).finish_non_exhaustive()
    }
}

/// A coordinator's choice from a roster row's menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RosterAction {
    Edit,
    Pause,
    Resume,
    Remove,
}

/// Everything a person can ask the bot for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    // `/peer-support`
    /// Open the request form (the slash command, or the Home button).
    AskForSupport {
        from_home: bool,
    },
    Help,
    Resources,
    Status,
    /// A supporter pauses or resumes their offers (`until`: the last day of a pause).
    SetAvailability {
        paused: bool,
        until: Option<NaiveDate>,
        from_home: bool,
    },
    UnknownSubcommand,
    // `/peer-outreach`, `/peer-admin`
    OpenOutreachForm {
        from_home: bool,
    },
    OpenAdminTools,
    /// `/peer-admin stats [YYYY-MM]`; `None` is this month.
    AdminStats {
        month: Option<String>,
    },
    AdminStatsBadMonth,
    AdminUnknown,
    /// A slash command the manifest does not declare.
    UnknownCommand,
    // Clicks on messages
    AcceptOffer {
        offer_id: OfferId,
    },
    DeclineOffer {
        offer_id: OfferId,
    },
    ContactMade {
        assignment_id: AssignmentId,
    },
    ConversationHappened {
        assignment_id: AssignmentId,
    },
    SafetyConcern {
        assignment_id: AssignmentId,
    },
    Reassign {
        request_id: RequestId,
    },
    Close {
        request_id: RequestId,
    },
    Withdraw {
        request_id: RequestId,
    },
    /// `Offer to NAME`, the `Assign to` picker, or `Offer anyway` after the warning that
    /// the supporter was part of the same event (`anyway`).
    OfferTo {
        request_id: RequestId,
        supporter: UserId,
        anyway: bool,
    },
    ConsentYes {
        token: String,
    },
    /// `/peer-support team` or the Home button: the team debrief form.
    OpenDebriefForm {
        from_home: bool,
    },
    /// The team debrief form, sent. `unit` is the option value as the client sent it.
    SubmitDebrief {
        unit: Option<String>,
        event: Option<EventKind>,
        size: Option<TeamSize>,
        when: Option<MeetWhen>,
        note: Option<Private>,
    },
    /// A supporter answers their own check-in (fine, or would like to talk).
    SupporterCheckIn {
        answer: SupporterAnswer,
    },
    /// A supporter's own "Meet the supporters" entry: listed or not, or their interests.
    SetDirectoryEntry {
        listed: Option<bool>,
        interests: Option<Vec<String>>,
    },
    /// "Pause me for a while": the form to choose the day.
    OpenSupporterPause,
    /// The pause form, sent; `metadata` says where the check-in DM lives.
    SubmitSupporterPause {
        until: Option<NaiveDate>,
        metadata: String,
    },
    /// `/peer-support nominate` or the Home button: the nomination form.
    OpenNomination {
        from_home: bool,
    },
    /// The nomination form, sent.
    SubmitNomination {
        nominee: Option<UserId>,
        role: Option<Role>,
    },
    /// A coordinator's `Add supporter` on a nomination: the roster form, prefilled.
    AddNominee {
        nominee: UserId,
        role: Option<Role>,
    },
    /// `Connect to a resource`: open the handoff form.
    OpenHandoff {
        request_id: RequestId,
    },
    /// The handoff form, sent.
    SubmitHandoff {
        request_id: Option<RequestId>,
        resource: Option<usize>,
    },
    ConsentNo {
        token: String,
    },
    /// A check-in's buttons carry a one-time token, so an answer counts once.
    CheckIn {
        token: String,
        answer: CheckInAnswer,
    },
    Feedback {
        token: String,
        answer: FeedbackAnswer,
    },
    OutreachYes {
        token: String,
    },
    OutreachAnswer {
        token: String,
        answer: OutreachAnswer,
    },
    // Home tab
    HomeOpened,
    HomePage {
        pages: Pages,
    },
    OpenRosterForm,
    RosterMenu {
        action: RosterAction,
        supporter: UserId,
    },
    // Modal submissions
    /// The request form; `metadata` says what opened it (see `forms::request_source`).
    SubmitRequest {
        form: Box<RequestForm>,
        metadata: String,
    },
    SubmitOutreach {
        colleagues: Vec<UserId>,
        event: Option<EventKind>,
        note: Option<Private>,
    },
    /// The roster form, or the block to flag and what to say.
    SaveRosterEntry {
        entry: Result<RosterEntry, (&'static str, &'static str)>,
    },
    // Events
    UrlVerification {
        challenge: String,
    },
    /// Nothing the bot acts on: an unknown or stale action, an event or view it ignores.
    Ignored {
        kind: &'static str,
    },
}

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

impl Command {
    /// Whether answering it (in the ack, or with words built before it) needs the
    /// person's language. Commands that only open a form, or act and then settle after
    /// the ack, look it up there instead.
    pub fn words_before_ack(&self) -> bool {
        !matches!(
            self,
            Command::AskForSupport { .. }
                | Command::OpenDebriefForm { .. }
                | Command::OpenOutreachForm { .. }
                | Command::OpenAdminTools
                | Command::OpenNomination { .. }
                | Command::OpenHandoff { .. }
                | Command::OpenRosterForm
                | Command::OpenSupporterPause
                | Command::AddNominee { .. }
                | Command::RosterMenu { .. }
                | Command::AcceptOffer { .. }
                | Command::DeclineOffer { .. }
                | Command::ConversationHappened { .. }
                | Command::SafetyConcern { .. }
                | Command::Reassign { .. }
                | Command::Close { .. }
                | Command::SetDirectoryEntry { .. }
                | Command::ConsentYes { .. }
                | Command::OutreachYes { .. }
                | Command::SubmitRequest { .. }
                | Command::HomeOpened
                | Command::HomePage { .. }
                | Command::UrlVerification { .. }
                | Command::Ignored { .. }
                // Bad input makes no Slack call: the hint comes in the program's language.
                | Command::UnknownSubcommand
                | Command::UnknownCommand
        )
    }

    /// A short name for logs: answers a person gives about themselves are named only by
    /// their kind, so logs never say what anyone chose.
    pub fn label(&self) -> &'static str {
        match self {
            Command::AskForSupport { .. } => "ask_for_support",
            Command::Help => "help",
            Command::Resources => "resources",
            Command::Status => "status",
            Command::SetAvailability { .. } => "supporter_availability",
            Command::UnknownSubcommand => "unknown_subcommand",
            Command::OpenOutreachForm { .. } => "open_outreach_form",
            Command::OpenAdminTools => "open_admin_tools",
            Command::AdminStats { .. } | Command::AdminStatsBadMonth => "admin_stats",
            Command::AdminUnknown => "admin_unknown",
            Command::UnknownCommand => "unknown_command",
            Command::AcceptOffer { .. } => action::OFFER_ACCEPT,
            Command::DeclineOffer { .. } => action::OFFER_DECLINE,
            Command::ContactMade { .. } => action::CONTACT_MADE,
            Command::ConversationHappened { .. } => action::CONVERSATION_HAPPENED,
            Command::SafetyConcern { .. } => action::SAFETY_CONCERN,
            Command::Reassign { .. } => action::REASSIGN,
            Command::Close { .. } => action::CLOSE,
            Command::Withdraw { .. } => action::WITHDRAW,
            Command::OfferTo { .. } => action::OFFER_TO,
            Command::ConsentYes { .. } | Command::ConsentNo { .. } => "consent_answer",
            Command::CheckIn { .. } => "checkin_answer",
            Command::Feedback { .. } => "feedback_answer",
            Command::OutreachYes { .. } | Command::OutreachAnswer { .. } => "outreach_answer",
            Command::HomeOpened => "home_opened",
            Command::HomePage { .. } => home_action::PAGE,
            Command::OpenRosterForm => home_action::ROSTER_ADD,
            Command::RosterMenu { .. } => home_action::ROSTER_MENU,
            Command::SubmitRequest { .. } => "submit_request",
            Command::SubmitOutreach { .. } => "submit_outreach",
            Command::SaveRosterEntry { .. } => "save_roster_entry",
            Command::OpenHandoff { .. } => "open_handoff",
            Command::OpenNomination { .. } => "open_nomination",
            Command::OpenDebriefForm { .. } => "open_team_debrief",
            Command::SubmitDebrief { .. } => "team_debrief",
            Command::SupporterCheckIn { .. } | Command::SubmitSupporterPause { .. } => "supporter_checkin_answer",
            Command::OpenSupporterPause => "open_supporter_pause",
            Command::SetDirectoryEntry { .. } => "directory_entry",
            Command::SubmitNomination { .. } => "nomination",
            Command::AddNominee { .. } => "add_nominee",
            Command::SubmitHandoff { .. } => "handoff",
            Command::UrlVerification { .. } => "url_verification",
            Command::Ignored { kind } => kind,
        }
    }
}

#[cfg(test)]
mod tests {
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
            (
                action::FEEDBACK,
                "t0k:somewhat",
                Command::Feedback { token: "t0k".into(), answer: FeedbackAnswer::Somewhat },
            ),
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
}
