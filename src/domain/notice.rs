//! What the program decided to say, to whom. Each notice goes to one person (its lane);
//! the domain queues it in the transaction of the change that causes it, and the Slack
//! edge renders it as Block Kit and delivers it. Notices hold row ids and enumerated
//! choices only: what a person typed travels beside them, in memory (see [`super::relay`]).

use crate::ids::{AssignmentId, OfferId, RequestId};
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::choices::{ContactPref, EventKind, GoodTime, MeetWhen, Role, TeamSize, Topic};
use super::matching::{Candidate, Reason};

/// The answers people give to the bot's questions (they travel in notices too).
pub use super::answers::{CheckInAnswer, CheckInStage, FeedbackAnswer, OutreachAnswer, SupporterAnswer};

/// Text a person typed. It is relayed to the coordinators and nowhere else: it does not
/// print in logs or debug output, it cannot be serialized, and no store function takes it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Private(String);

impl Private {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }
    /// For rendering the coordinators' alert and the outreach DM only.
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub request_id: RequestId,
    pub requester: String,
    pub role: Option<Role>,
    pub department: String,
    pub site: String,
    pub contact_pref: Option<ContactPref>,
    pub good_times: Vec<GoodTime>,
    /// The stated supporter preferences.
    pub preferences: Vec<Preference>,
    /// A team debrief (for the unit in `department`), not one person's request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debrief: Option<DebriefSummary>,
}

/// One stated wish about the supporter, as the coordinators' alert tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Preference {
    Typed(Wish),
    /// In words, as notices queued by earlier versions carried it.
    Words(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "wish", rename_all = "snake_case")]
pub enum Wish {
    SameRole,
    Role {
        role: Role,
    },
    OutsideDepartment,
    OutsideSite,
    Gender {
        gender: super::choices::Gender,
    },
    Seniority {
        seniority: super::choices::Seniority,
    },
    /// A listed supporter asked for by name.
    Named {
        supporter: String,
        must: bool,
    },
    Interest {
        interest: String,
        must: bool,
    },
    /// Someone they would rather not talk with (never who).
    RatherNot,
    /// Supporters from the same event are held back (never who).
    SameEvent,
}

/// What a facilitator and the coordinators see of a team debrief: no attendee, no text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DebriefSummary {
    pub size: Option<TeamSize>,
    pub when: Option<MeetWhen>,
}

/// What only the coordinators see: the topics and the free text. Held in memory until
/// every coordinator's alert is posted; never written down.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrivateDetails {
    pub topics: Vec<Topic>,
    /// A team debrief's kind of event.
    pub event: Option<EventKind>,
    pub note: Option<Private>,
    /// The alert went out after a restart: the topics and the note could not come back.
    pub resent: bool,
}

/// Where matching stands, as the coordinators' alert tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum MatchState {
    /// Offered to a supporter (auto mode), with why they were chosen.
    Offered { supporter: String, reason: Reason },
    /// Coordinator mode: the top candidates, for a person to pick.
    Candidates { candidates: Vec<Candidate> },
    /// Nobody left who passes the filters.
    NoSupporter,
}

/// How a request ended, in the words of the edited alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    ConversationHappened,
    ClosedByCoordinator,
    Withdrawn,
}

/// Where a message the bot posted lives, for later edits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub channel: String,
    pub ts: String,
}

impl Location {
    pub fn of(channel: Option<String>, ts: Option<String>) -> Option<Self> {
        Some(Self { channel: channel?, ts: ts? })
    }
}

/// Something to tell one person (or to change in a message they have).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// The requester's confirmation that the request is in.
    RequestReceived { requester: String, match_by: DateTime<Utc> },
    /// One coordinator's DM about a new request. `details` names what is held in memory
    /// for it (topics and note); after a restart it is gone and the alert says so.
    /// In a surge, the alert goes in the digest's thread, and only when there are details
    /// (topics or a note) to show: the digest lists the request either way.
    CoordinatorAlert {
        coordinator: String,
        summary: RequestSummary,
        state: MatchState,
        details: Option<u64>,
        #[serde(default)]
        surge: bool,
    },
    /// A surge's digest for one coordinator: posted once, then edited as requests arrive.
    SurgeDigest { coordinator: String },
    /// An offer to a supporter, with Accept and Decline.
    Offer { offer_id: OfferId, supporter: String, summary: RequestSummary, reveal_requester: bool },
    /// The supporter's offer message becomes their assignment, with the requester's contact
    /// (posted anew when the offer's message is not known).
    Assignment { assignment_id: AssignmentId, offer_id: OfferId, supporter: String, summary: RequestSummary },
    /// The requester learns who will reach out, and by when.
    RequesterMatched { requester: String, supporter: String, contact_by: DateTime<Utc> },
    /// The person who asked for a team debrief: it is in, and when a facilitator is due.
    DebriefReceived { requester: String, request_id: RequestId, match_by: DateTime<Utc> },
    /// The person who asked for a team debrief learns who will lead it.
    DebriefMatched { requester: String, request_id: RequestId, facilitator: String },
    /// A supporter's own check-in: how is the role going for them.
    SupporterCheckIn { supporter: String },
    /// One coordinator hears that a supporter would like to talk to someone themselves.
    SupporterWantsToTalk { coordinator: String, supporter: String },
    /// A supporter's training date is 30 days away, or has passed (`ended`): told to the
    /// supporter (`recipient` is them) and to each coordinator.
    TrainingDate { recipient: String, supporter: String, until: chrono::NaiveDate, ended: bool },
    /// A reply in one coordinator's alert thread. `broadcast` also shows it in the DM.
    AlertThread { coordinator: String, request_id: RequestId, update: ThreadUpdate, broadcast: bool },
    /// The line at the foot of one coordinator's alert that says where the request stands
    /// now (its details above it are left as they are).
    AlertNow { coordinator: String, request_id: RequestId, now: AlertNow },
    /// One coordinator's alert is edited to drop the free text and the topics. `at` is
    /// where it was known to live when the request ended.
    ScrubAlert { coordinator: String, summary: RequestSummary, ending: Ending, at: Option<Location> },
    /// An offer message that no longer stands is edited to say so.
    OfferGone { supporter: String, offer_id: OfferId, why: OfferGoneWhy, at: Option<Location> },
    /// An assignment message that no longer stands is edited to say so.
    AssignmentEnded { supporter: String, assignment_id: AssignmentId, ending: Ending, at: Option<Location> },
    /// A supporter who let three offers pass is paused and told how to come back.
    SupporterPaused { supporter: String },
    /// One coordinator hears that a supporter raised a safety concern (no narrative).
    SafetyConcern { coordinator: String, request_id: RequestId, assignment_id: AssignmentId, supporter: String },
    /// The supporter who raised it gets the program's safety guidance.
    SafetyGuidance { supporter: String },
    /// A colleague was referred: ask them, privately, whether they would like to talk.
    ConsentAsk { colleague: String, referrer: Option<String> },
    /// The referrer learns only that the colleague was reached.
    ReferrerTold { referrer: String, colleague: String },
    /// A gentle check-in with the requester after Accept.
    CheckIn { requester: String, request_id: RequestId },
    /// A supporter who has not marked contact made is reminded, once.
    SupporterNudge {
        supporter: String,
        requester: String,
        #[serde(default)]
        request_id: Option<RequestId>,
    },
    /// A requester answered a check-in with "I'd like to talk again": their supporter hears.
    TalkAgain {
        supporter: String,
        requester: String,
        #[serde(default)]
        request_id: Option<RequestId>,
    },
    /// A warm handoff: the requester hears which resource their supporter suggests, how
    /// to reach it and why (`resource` is its place in `program.resources`).
    Handoff { requester: String, resource: usize },
    /// A colleague nominated someone as a peer supporter: one coordinator hears, with a
    /// way to add them. Nothing of it is kept but the month's count.
    Nomination { coordinator: String, nominee: String, nominator: String, role: Option<Role> },
    /// A message about a request that was purged is edited to name nobody.
    Redact { recipient: String, at: Location },
    /// After a request closes: "Was this helpful?", anonymous (its token is made when sent).
    Feedback { requester: String },
    /// A leader's outreach DM to one colleague (the leader's note is read when sent).
    OutreachDm { recipient: String, outreach_id: i64 },
    /// The leader learns the outreach is on its way, and to how many.
    OutreachOnItsWay { leader: String, count: usize },
    /// "Ask me again in a few days" has come due.
    OutreachAgain { recipient: String, outreach_id: i64, event: Option<EventKind> },
}

impl Notice {
    /// Who it goes to: notices to one person are delivered in the order they were queued.
    pub fn recipient(&self) -> &str {
        match self {
            Notice::RequestReceived { requester, .. }
            | Notice::RequesterMatched { requester, .. }
            | Notice::DebriefReceived { requester, .. }
            | Notice::DebriefMatched { requester, .. }
            | Notice::CheckIn { requester, .. }
            | Notice::Feedback { requester }
            | Notice::Handoff { requester, .. } => requester,
            Notice::Nomination { coordinator, .. }
            | Notice::SupporterWantsToTalk { coordinator, .. }
            | Notice::CoordinatorAlert { coordinator, .. }
            | Notice::AlertThread { coordinator, .. }
            | Notice::AlertNow { coordinator, .. }
            | Notice::SurgeDigest { coordinator }
            | Notice::ScrubAlert { coordinator, .. }
            | Notice::SafetyConcern { coordinator, .. } => coordinator,
            Notice::Offer { supporter, .. }
            | Notice::Assignment { supporter, .. }
            | Notice::OfferGone { supporter, .. }
            | Notice::AssignmentEnded { supporter, .. }
            | Notice::SupporterPaused { supporter }
            | Notice::SupporterCheckIn { supporter }
            | Notice::SafetyGuidance { supporter }
            | Notice::SupporterNudge { supporter, .. }
            | Notice::TalkAgain { supporter, .. } => supporter,
            Notice::ConsentAsk { colleague, .. } => colleague,
            Notice::ReferrerTold { referrer, .. } => referrer,
            Notice::OutreachDm { recipient, .. }
            | Notice::TrainingDate { recipient, .. }
            | Notice::OutreachAgain { recipient, .. }
            | Notice::Redact { recipient, .. } => recipient,
            Notice::OutreachOnItsWay { leader, .. } => leader,
        }
    }

    /// The request it is about, if any.
    pub fn request_id(&self) -> Option<RequestId> {
        match self {
            Notice::CoordinatorAlert { summary, .. }
            | Notice::Offer { summary, .. }
            | Notice::Assignment { summary, .. }
            | Notice::ScrubAlert { summary, .. } => Some(summary.request_id),
            Notice::AlertThread { request_id, .. }
            | Notice::AlertNow { request_id, .. }
            | Notice::SafetyConcern { request_id, .. }
            | Notice::DebriefReceived { request_id, .. }
            | Notice::DebriefMatched { request_id, .. }
            | Notice::CheckIn { request_id, .. } => Some(*request_id),
            _ => None,
        }
    }

    /// The outreach it belongs to, if any.
    pub fn outreach_id(&self) -> Option<i64> {
        match self {
            Notice::OutreachDm { outreach_id, .. } => Some(*outreach_id),
            _ => None,
        }
    }

    /// The people whose view of the program this notice changes (for their Home tab).
    pub fn people(&self) -> Vec<&str> {
        match self {
            Notice::RequestReceived { requester, .. } | Notice::DebriefReceived { requester, .. } => vec![requester],
            Notice::DebriefMatched { requester, facilitator, .. } => vec![requester, facilitator],
            Notice::SupporterCheckIn { supporter } => vec![supporter],
            Notice::CoordinatorAlert { summary, .. } => vec![&summary.requester],
            Notice::Offer { supporter, summary, .. } => vec![supporter, &summary.requester],
            Notice::Assignment { supporter, .. } => vec![supporter],
            Notice::RequesterMatched { requester, supporter, .. } => vec![requester, supporter],
            Notice::ScrubAlert { summary, .. } => vec![&summary.requester],
            Notice::SupporterPaused { supporter } => vec![supporter],
            _ => vec![],
        }
    }

    /// A short name for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Notice::RequestReceived { .. } => "request_received",
            Notice::CoordinatorAlert { .. } => "coordinator_alert",
            Notice::Offer { .. } => "offer",
            Notice::Assignment { .. } => "assignment",
            Notice::RequesterMatched { .. } => "requester_matched",
            Notice::DebriefReceived { .. } => "debrief_received",
            Notice::DebriefMatched { .. } => "debrief_matched",
            Notice::SupporterCheckIn { .. } => "supporter_check_in",
            Notice::SupporterWantsToTalk { .. } => "supporter_wants_to_talk",
            Notice::TrainingDate { .. } => "training_date",
            Notice::AlertThread { .. } => "alert_thread",
            Notice::AlertNow { .. } => "alert_now",
            Notice::SurgeDigest { .. } => "surge_digest",
            Notice::ScrubAlert { .. } => "scrub_alert",
            Notice::OfferGone { .. } => "offer_gone",
            Notice::AssignmentEnded { .. } => "assignment_ended",
            Notice::SupporterPaused { .. } => "supporter_paused",
            Notice::SafetyConcern { .. } => "safety_concern",
            Notice::SafetyGuidance { .. } => "safety_guidance",
            Notice::ConsentAsk { .. } => "consent_ask",
            Notice::ReferrerTold { .. } => "referrer_told",
            Notice::CheckIn { .. } => "check_in",
            Notice::SupporterNudge { .. } => "supporter_nudge",
            Notice::Redact { .. } => "redact",
            Notice::Handoff { .. } => "handoff",
            Notice::Nomination { .. } => "nomination",
            Notice::TalkAgain { .. } => "talk_again",
            Notice::Feedback { .. } => "feedback",
            Notice::OutreachDm { .. } => "outreach_dm",
            Notice::OutreachOnItsWay { .. } => "outreach_on_its_way",
            Notice::OutreachAgain { .. } => "outreach_again",
        }
    }
}

/// A change posted in the alert's thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "update", rename_all = "snake_case")]
pub enum ThreadUpdate {
    Offered {
        supporter: String,
        reason: Reason,
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
    Candidates {
        candidates: Vec<Candidate>,
    },
    Reassigned {
        by: String,
        supporter: String,
    },
    Closed {
        by: Option<String>,
    },
    Withdrawn,
    StillWaiting {
        /// In words, as earlier versions queued it.
        waited: String,
        #[serde(default)]
        waited_secs: Option<u64>,
    },
    NoContactYet {
        supporter: String,
    },
}

/// Where a request stands, as the foot of its alert says it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "now", rename_all = "snake_case")]
pub enum AlertNow {
    Offered {
        supporter: String,
        reason: Reason,
    },
    Accepted {
        supporter: String,
    },
    Contacted {
        supporter: String,
    },
    /// Coordinator mode: the candidates wait for a coordinator to choose.
    Choosing,
    NoSupporter,
    Reassigning,
}

impl AlertNow {
    /// The state line an update to the thread moves the alert to, if it moves it.
    pub fn after(update: &ThreadUpdate) -> Option<Self> {
        Some(match update {
            ThreadUpdate::Offered { supporter, reason, .. } => {
                AlertNow::Offered { supporter: supporter.clone(), reason: reason.clone() }
            }
            ThreadUpdate::Accepted { supporter } => AlertNow::Accepted { supporter: supporter.clone() },
            ThreadUpdate::ContactMade { supporter } => AlertNow::Contacted { supporter: supporter.clone() },
            ThreadUpdate::Candidates { .. } => AlertNow::Choosing,
            ThreadUpdate::NoSupporter => AlertNow::NoSupporter,
            ThreadUpdate::Reassigned { .. } => AlertNow::Reassigning,
            _ => return None,
        })
    }

    /// The state line of a new alert.
    pub fn of(state: &MatchState) -> Self {
        match state {
            MatchState::Offered { supporter, reason } => {
                AlertNow::Offered { supporter: supporter.clone(), reason: reason.clone() }
            }
            MatchState::Candidates { .. } => AlertNow::Choosing,
            MatchState::NoSupporter => AlertNow::NoSupporter,
        }
    }
}

/// Why an offer message no longer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferGoneWhy {
    Declined,
    TimedOut,
    /// Passed to someone else by the program (the supporter left the roster).
    PassedOn,
    NoLongerNeeded,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_survives_the_outbox_as_json() {
        let notice = Notice::AlertThread {
            coordinator: "UC".into(),
            request_id: RequestId(7),
            update: ThreadUpdate::Candidates {
                candidates: vec![Candidate { supporter: "US".into(), reason: Reason::Words("same role".into()) }],
            },
            broadcast: true,
        };
        let json = serde_json::to_string(&notice).unwrap();
        assert!(json.contains(r#""kind":"alert_thread""#), "{json}");
        assert_eq!(serde_json::from_str::<Notice>(&json).unwrap(), notice);
    }

    #[test]
    fn a_malformed_notice_is_an_error_not_a_default() {
        assert!(serde_json::from_str::<Notice>(r#"{"kind":"check_in","requester":"U1"}"#).is_err());
        assert!(serde_json::from_str::<Notice>(r#"{"kind":"no_such_thing"}"#).is_err());
    }
}
