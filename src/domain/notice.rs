//! What the program decided to say, to whom. The Slack edge renders each notice as
//! Block Kit and delivers it; the domain never sees Slack.

use std::fmt;

use chrono::{DateTime, Utc};

use super::choices::{ContactPref, EventKind, GoodTime, Role, Topic};
use super::matching::Candidate;

/// Text a person typed. It is relayed to the coordinators and nowhere else: it does not
/// print in logs or debug output, and no store function takes it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Private(String);

impl Private {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }
    /// For rendering the coordinators' alert only.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Private {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Private({} chars)", self.0.chars().count())
    }
}

/// What a supporter or coordinator may see of a request (no topic, no free text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestSummary {
    pub request_id: i64,
    pub requester: String,
    pub role: Option<Role>,
    pub department: String,
    pub site: String,
    pub contact_pref: Option<ContactPref>,
    pub good_times: Vec<GoodTime>,
    /// The stated supporter preferences, in words.
    pub preferences: Vec<String>,
}

/// What only the coordinators see: the topics and the free text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrivateDetails {
    pub topics: Vec<Topic>,
    pub note: Option<Private>,
    /// Sent again after a restart: the topics and the note could not come back.
    pub resent: bool,
}

/// Where matching stands, as the coordinators' alert tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchState {
    /// Offered to a supporter (auto mode), with why they were chosen.
    Offered { supporter: String, reason: String },
    /// Coordinator mode: the top candidates, for a person to pick.
    Candidates(Vec<Candidate>),
    /// Nobody left who passes the filters.
    NoSupporter,
}

/// How a request ended, in the words of the edited alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    ConversationHappened,
    ClosedByCoordinator,
    Withdrawn,
}

/// Something to tell someone.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The requester's confirmation that the request is in.
    RequestReceived { requester: String, match_by: DateTime<Utc> },
    /// Each coordinator's DM about a new request.
    CoordinatorAlert { summary: RequestSummary, details: PrivateDetails, state: MatchState },
    /// An offer to a supporter, with Accept and Decline.
    Offer { offer_id: i64, supporter: String, summary: RequestSummary, reveal_requester: bool },
    /// The supporter's offer message becomes their assignment, with the requester's contact.
    Assignment {
        assignment_id: i64,
        supporter: String,
        summary: RequestSummary,
        offer_message: Option<(String, String)>,
    },
    /// The requester learns who will reach out, and by when.
    RequesterMatched { requester: String, supporter: String, contact_by: DateTime<Utc> },
    /// A reply in the coordinators' alert thread. `broadcast` also shows it in the DM.
    AlertThread { request_id: i64, update: ThreadUpdate, broadcast: bool },
    /// The coordinators' alerts are edited to drop the free text and the topics.
    ScrubAlerts { alerts: Vec<(String, String)>, summary: RequestSummary, ending: Ending },
    /// An offer message that no longer stands is edited to say so.
    OfferGone { channel: String, ts: String, why: OfferGoneWhy },
    /// An assignment message that no longer stands is edited to say so.
    AssignmentEnded { channel: String, ts: String, request_id: i64, ending: Ending },
    /// A supporter who let three offers pass is paused and told how to come back.
    SupporterPaused { supporter: String },
    /// The coordinators hear that a supporter raised a safety concern (no narrative).
    SafetyConcern { request_id: i64, assignment_id: i64, supporter: String },
    /// The supporter who raised it gets the program's safety guidance.
    SafetyGuidance { supporter: String },
    /// A colleague was referred: ask them, privately, whether they would like to talk.
    ConsentAsk { colleague: String, referrer: Option<String> },
    /// A gentle check-in with the requester after Accept.
    CheckIn { requester: String, request_id: i64 },
    /// A supporter who has not marked contact made is reminded, once.
    SupporterNudge { supporter: String, requester: String },
    /// After a request closes: "Was this helpful?", anonymous (the token links to nothing).
    Feedback { requester: String, token: String },
    /// "Ask me again in a few days" has come due.
    OutreachAgain { recipient: String, event: Option<EventKind> },
}

impl Notice {
    /// The people whose view of the program this notice changes (for their Home tab).
    pub fn people(&self) -> Vec<&str> {
        match self {
            Notice::RequestReceived { requester, .. } => vec![requester],
            Notice::CoordinatorAlert { summary, .. } => vec![&summary.requester],
            Notice::Offer { supporter, summary, .. } => vec![supporter, &summary.requester],
            Notice::Assignment { supporter, .. } => vec![supporter],
            Notice::RequesterMatched { requester, supporter, .. } => vec![requester, supporter],
            Notice::ScrubAlerts { summary, .. } => vec![&summary.requester],
            Notice::SupporterPaused { supporter } => vec![supporter],
            _ => vec![],
        }
    }
}

/// A colleague's answer to an outreach DM (a yes opens the request form instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutreachAnswer {
    NotNow,
    AskAgain,
}

/// A requester's answer to a check-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckInAnswer {
    Okay,
    TalkAgain,
    Resources,
    Stop,
}

/// An answer to "Was this helpful?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedbackAnswer {
    Yes,
    Somewhat,
    NotReally,
}

impl FeedbackAnswer {
    pub const ALL: [FeedbackAnswer; 3] = [FeedbackAnswer::Yes, FeedbackAnswer::Somewhat, FeedbackAnswer::NotReally];

    pub fn code(self) -> &'static str {
        match self {
            FeedbackAnswer::Yes => "yes",
            FeedbackAnswer::Somewhat => "somewhat",
            FeedbackAnswer::NotReally => "not_really",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// A change posted in the alert's thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ThreadUpdate {
    Offered {
        supporter: String,
        reason: String,
        by: Option<String>,
    },
    Declined {
        supporter: String,
    },
    TimedOut {
        supporter: String,
    },
    LeftRoster {
        supporter: String,
    },
    Accepted {
        supporter: String,
    },
    ContactMade {
        supporter: String,
    },
    NoSupporter,
    /// Coordinator mode: the next candidates to pick from.
    Candidates(Vec<Candidate>),
    Reassigned {
        by: String,
        supporter: String,
    },
    Closed {
        by: Option<String>,
    },
    Withdrawn,
    StillWaiting {
        waited: String,
    },
    NoContactYet {
        supporter: String,
    },
}

/// Why an offer message no longer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferGoneWhy {
    Declined,
    TimedOut,
    /// Passed to someone else by the program (the supporter left the roster).
    PassedOn,
    NoLongerNeeded,
}
