//! Outreach after an adverse event: one DM per colleague, their answers counted and
//! told to no one, and "ask me again" once.

use super::{Flow, MAX_OUTREACH, Program, Refusal, Work};
use crate::domain::choices::EventKind;
use crate::domain::jobs::Job;
use crate::domain::notice::{Notice, OutreachAnswer, Private};
use crate::settings::is_slack_user_id;

/// What a one-time answer token belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerKind {
    /// A referred colleague's "would you like to talk?".
    Consent,
    /// An outreach DM after an event.
    Outreach,
    /// A check-in with a requester.
    CheckIn,
}

impl AnswerKind {
    pub fn code(self) -> &'static str {
        match self {
            AnswerKind::Consent => "consent",
            AnswerKind::Outreach => "outreach",
            AnswerKind::CheckIn => "check_in",
        }
    }
}

impl Program {
    /// Checks that `clicker` may still answer the DM behind `token` (nothing is used up:
    /// a yes opens the form, and the token is used when the form is sent).
    pub async fn may_answer(&self, token: &str, kind: AnswerKind, clicker: &str) -> Flow {
        match self.store.answer_token(token).await? {
            Some(t) if t.kind == kind.code() && t.recipient == clicker => Ok(()),
            Some(_) => Err(Refusal::NotYourRequest.into()),
            None => Err(Refusal::AlreadyDone.into()),
        }
    }

    /// "No, thank you" to a referral: counted once, told to no one.
    pub async fn decline_consent(&self, token: &str, clicker: &str) -> Flow {
        let mut work = self.begin().await?;
        if self.store.take_answer_token(work.tx(), token, AnswerKind::Consent.code(), clicker).await?.is_none() {
            return Err(self.why_not_answerable(token).await?.into());
        }
        let month = self.month();
        self.store.bump_count(work.tx(), &month, "referrals_declined", 1).await?;
        self.commit(work).await
    }

    /// Why a token cannot be used by this person: someone else's, or already answered.
    pub(super) async fn why_not_answerable(&self, token: &str) -> Flow<Refusal> {
        Ok(match self.store.answer_token(token).await? {
            Some(_) => Refusal::NotYourRequest,
            None => Refusal::AlreadyDone,
        })
    }

    /// A leader's outreach: one queued DM per colleague. Returns how many it goes to.
    pub async fn start_outreach(
        &self,
        leader: &str,
        colleagues: &[String],
        event: Option<EventKind>,
        note: Option<&Private>,
    ) -> Flow<usize> {
        if !self.is_leader(leader) {
            return Err(Refusal::LeadersOnly.into());
        }
        let mut recipients: Vec<String> = Vec::new();
        for c in colleagues.iter().filter(|c| is_slack_user_id(c)) {
            if !recipients.contains(c) {
                recipients.push(c.clone());
            }
        }
        recipients.truncate(MAX_OUTREACH);
        let count = recipients.len();
        let mut work = self.begin().await?;
        let now_ms = work.now_ms();
        let event_code = event.map(|e| e.code()).unwrap_or_default();
        let id = self.store.insert_outreach(work.tx(), event_code, note.map(|n| n.reveal()), count, now_ms).await?;
        let month = self.month();
        self.store.bump_count(work.tx(), &month, "outreach_offered", count as i64).await?;
        // A request that comes from this outreach is never offered to a supporter who was
        // part of the same event.
        self.store.remember_outreach_supporters(work.tx(), id, &recipients, now_ms).await?;
        for recipient in recipients {
            work.tell(Notice::OutreachDm { recipient, outreach_id: id });
        }
        work.tell(Notice::OutreachOnItsWay { leader: leader.to_string(), count });
        self.commit(work).await?;
        tracing::info!(outreach_id = id, colleagues = count, "outreach started");
        Ok(count)
    }

    /// A colleague's answer to an outreach DM: counted once, never told to anyone.
    pub async fn answer_outreach(&self, token: &str, user: &str, answer: OutreachAnswer) -> Flow {
        let mut work = self.begin().await?;
        let Some(answered) = self.store.take_answer_token(work.tx(), token, AnswerKind::Outreach.code(), user).await?
        else {
            return Err(self.why_not_answerable(token).await?.into());
        };
        let Some(outreach_id) = answered.outreach_id else {
            tracing::error!("an outreach answer token without its outreach");
            return Err(Refusal::AlreadyDone.into());
        };
        let metric = match answer {
            OutreachAnswer::NotNow => "outreach_not_now",
            OutreachAnswer::AskAgain => "outreach_ask_again",
        };
        if answer == OutreachAnswer::AskAgain {
            let due = self.calendar.add(work.now, self.settings.follow_up.ask_again_after);
            let job = Job::OutreachAgain { outreach_id, recipient: user.to_string() };
            let now_ms = work.now_ms();
            if !self.store.schedule(work.tx(), &job.at(due.timestamp_millis()), now_ms).await? {
                return Err(Refusal::AlreadyDone.into());
            }
        }
        let month = self.month();
        self.store.bump_count(work.tx(), &month, metric, 1).await?;
        self.commit(work).await
    }

    /// The ask-again job: one more gentle DM, with no third.
    pub(super) async fn outreach_again(&self, work: &mut Work, outreach_id: i64, recipient: &str) -> Flow {
        let event = self.store.outreach(outreach_id).await?.and_then(|o| EventKind::from_code(&o.event_kind));
        work.tell(Notice::OutreachAgain { recipient: recipient.to_string(), outreach_id, event });
        Ok(())
    }
}
