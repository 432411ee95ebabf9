//! The answers people give to the bot's questions: a requester's to a check-in, a
//! supporter's to their own, a colleague's to an outreach, anyone's to "Was this
//! helpful?"; and where a request stands when a check-in asks.

/// Where a request stands when a check-in goes out, so that its words fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckInStage {
    /// Matched, and the supporter has not marked contact made yet.
    NotYetContacted,
    /// The supporter has been in touch.
    Contacted,
    /// The conversation happened (the request is closed).
    Talked,
    /// A team debrief with its facilitator; it has not happened yet.
    DebriefPlanned,
    /// The team debrief happened.
    AfterDebrief,
}

/// A supporter's answer to their own check-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SupporterAnswer {
    Fine,
    WouldLikeToTalk,
    /// Pause offers until the end of this day (program time zone).
    Pause {
        until: chrono::NaiveDate,
    },
}

impl SupporterAnswer {
    /// The count it adds to the month.
    pub fn metric(self) -> &'static str {
        match self {
            SupporterAnswer::Fine => "supporter_checkins_fine",
            SupporterAnswer::WouldLikeToTalk => "supporter_checkins_talk",
            SupporterAnswer::Pause { .. } => "supporter_checkins_pause",
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
