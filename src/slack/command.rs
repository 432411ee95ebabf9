//! What a person asked for, read from Slack's delivery: one typed [`Command`], with the
//! [`Origin`] that says who asked and where to answer. Parsing is pure and table-tested;
//! it decides nothing about who may do what (dispatch asks the domain, which checks the
//! database). Unknown or malformed values become [`Command::Ignored`], never a default id.

use crate::ids::{AssignmentId, OfferId, RequestId, UserId};
use chrono::NaiveDate;

use super::home::{Pages, home_action};
use super::inbound::ViewRef;
use super::views::action;
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

mod parse;
pub use parse::parse;

#[cfg(test)]
mod tests;
