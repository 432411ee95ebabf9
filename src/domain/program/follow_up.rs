//! The timed jobs and what people answer to them: check-ins with the requester, the
//! supporter's reminder, the match escalation and the feedback question. A job runs in
//! one transaction with its own removal, so it is done exactly when its notices are queued.

use crate::ids::{AssignmentId, RequestId};
use std::time::Duration;

use super::{AnswerKind, Flow, Program, Refusal, Work, describe_wait};
use crate::clock::from_ms;
use crate::domain::jobs::Job;
use crate::domain::notice::{CheckInAnswer, CheckInStage, FeedbackAnswer, Notice, ThreadUpdate};
use crate::store::assignments::AssignmentStatus;
use crate::store::jobs::JobsOf;
use crate::store::offers::OfferEnd;
use crate::store::requests::{RequestKind, RequestStatus};

/// What a check-in answer led to, for the reply the person sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckInOutcome {
    /// Counted; nothing more to do.
    Noted,
    /// "I'd like to talk again" while their supporter is still assigned: the supporter was told.
    SupporterTold { supporter: String },
    /// "I'd like to talk again" after the request ended: a new request, preferring this
    /// supporter when they are still on the roster.
    AskAgain { prefer: Option<String> },
}

impl Program {
    /// Runs a due job: its work and its removal commit together. A job whose request
    /// has moved on decides afresh and does nothing.
    pub async fn run_job(&self, job_id: i64, job: &Job) -> Flow {
        let mut work = self.begin().await?;
        self.store.finish_job_in(work.tx(), job_id).await?;
        match job {
            Job::OfferTimeout { offer_id, .. } => {
                self.end_offer_and_pass_on(&mut work, *offer_id, OfferEnd::TimedOut).await?
            }
            Job::OfferWithdraw { offer_id, .. } => {
                self.end_offer_and_pass_on(&mut work, *offer_id, OfferEnd::Withdrawn).await?
            }
            Job::MatchSla { request_id, round } => self.match_overdue(&mut work, *request_id, *round).await?,
            Job::CheckIn { request_id, .. } => self.check_in(&mut work, *request_id).await?,
            Job::SupporterReminder { assignment_id, round, .. } => {
                self.supporter_reminder(&mut work, *assignment_id, *round).await?
            }
            Job::Feedback { request_id } => self.ask_feedback(&mut work, *request_id).await?,
            Job::OutreachAgain { outreach_id, recipient } => {
                self.outreach_again(&mut work, *outreach_id, recipient).await?
            }
        }
        self.commit(work).await
    }

    /// The check-ins with the requester and the reminder to the supporter, from Accept.
    pub(super) async fn schedule_follow_ups(
        &self,
        work: &mut Work,
        request_id: RequestId,
        assignment_id: AssignmentId,
    ) -> Flow {
        let follow_up = &self.settings.follow_up;
        let now = work.now;
        let mut planned: Vec<_> = follow_up
            .requester_after
            .iter()
            .enumerate()
            .map(|(index, after)| {
                Job::CheckIn { request_id, index }.at(self.calendar.add(now, *after).timestamp_millis())
            })
            .collect();
        let remind_at = self.calendar.add(now, follow_up.supporter_reminder_after).timestamp_millis();
        planned.push(Job::SupporterReminder { request_id, assignment_id, round: 0 }.at(remind_at));
        let now_ms = work.now_ms();
        self.store.schedule_all(work.tx(), &planned, now_ms).await?;
        Ok(())
    }

    /// A check-in: while the requester has a supporter, or after their conversation.
    async fn check_in(&self, work: &mut Work, request_id: RequestId) -> Flow {
        let Some(request) = self.store.request_in(work.tx(), request_id).await? else { return Ok(()) };
        if self.check_in_stage(request_id).await?.is_none() {
            return Ok(());
        }
        let month = self.month();
        self.store.bump_count(work.tx(), &month, "checkins_sent", 1).await?;
        work.tell(Notice::CheckIn { requester: request.requester, request_id });
        tracing::info!(request_id = request_id.0, "check-in due");
        Ok(())
    }

    /// Where a request stands for a check-in, or `None` when no check-in fits (it was
    /// withdrawn, closed without a conversation, or is waiting for a supporter again).
    pub async fn check_in_stage(&self, request_id: RequestId) -> Flow<Option<CheckInStage>> {
        let Some(request) = self.store.request(request_id).await? else { return Ok(None) };
        let last = self.store.last_assignment_of(request_id).await?;
        let debrief = request.kind == RequestKind::TeamDebrief;
        Ok(match (request.status, last) {
            (RequestStatus::Matched, Some(a)) if a.status == AssignmentStatus::Active => Some(match () {
                _ if debrief => CheckInStage::DebriefPlanned,
                _ if a.contact_made_ms.is_some() => CheckInStage::Contacted,
                _ => CheckInStage::NotYetContacted,
            }),
            (RequestStatus::Closed, Some(a)) if a.conversation_ms.is_some() => {
                Some(if debrief { CheckInStage::AfterDebrief } else { CheckInStage::Talked })
            }
            _ => None,
        })
    }

    /// Round 0 nudges the supporter; round 1 tells the coordinators. Nothing once contact
    /// is made or the assignment ended.
    async fn supporter_reminder(&self, work: &mut Work, assignment_id: AssignmentId, round: i64) -> Flow {
        let Some(a) = self.store.assignment_in(work.tx(), assignment_id).await? else { return Ok(()) };
        if a.status != AssignmentStatus::Active || a.contact_made_ms.is_some() {
            return Ok(());
        }
        if round == 0 {
            let due = self.calendar.add(work.now, self.settings.follow_up.supporter_reminder_after);
            let next = Job::SupporterReminder { request_id: a.request_id, assignment_id, round: 1 };
            let now_ms = work.now_ms();
            self.store.schedule(work.tx(), &next.at(due.timestamp_millis()), now_ms).await?;
            let Some(request) = self.store.request_in(work.tx(), a.request_id).await? else { return Ok(()) };
            work.tell(Notice::SupporterNudge {
                supporter: a.supporter,
                requester: request.requester,
                request_id: Some(a.request_id),
            });
            return Ok(());
        }
        self.tell_thread(work, a.request_id, ThreadUpdate::NoContactYet { supporter: a.supporter }, true).await?;
        Ok(())
    }

    /// Still unmatched past `sla.match_within`: the coordinators hear, then once each
    /// business day until it is matched or closed.
    async fn match_overdue(&self, work: &mut Work, request_id: RequestId, round: i64) -> Flow {
        let Some(request) = self.store.request_in(work.tx(), request_id).await? else { return Ok(()) };
        if request.status != RequestStatus::Open {
            return Ok(());
        }
        let calendar = self.calendar_for_site(&request.requester_site);
        let waited = calendar.elapsed(from_ms(request.created_ms), work.now);
        let next = calendar.add(work.now, Duration::from_secs(86_400));
        let now_ms = work.now_ms();
        let job = Job::MatchSla { request_id, round: round + 1 };
        self.store.schedule(work.tx(), &job.at(next.timestamp_millis()), now_ms).await?;
        let update = ThreadUpdate::StillWaiting {
            waited: describe_wait(waited, &calendar),
            waited_secs: Some(waited.as_secs()),
        };
        self.tell_thread(work, request_id, update, true).await?;
        Ok(())
    }

    /// One anonymous question to the requester of a closed request.
    async fn ask_feedback(&self, work: &mut Work, request_id: RequestId) -> Flow {
        let Some(request) = self.store.request_in(work.tx(), request_id).await? else { return Ok(()) };
        work.tell(Notice::Feedback { requester: request.requester });
        Ok(())
    }

    /// The requester answers a check-in, once: the token behind its buttons is used up.
    /// A request purged since still counts the answer, and "talk again" opens a new one.
    pub async fn answer_check_in(&self, token: &str, clicker: &str, answer: CheckInAnswer) -> Flow<CheckInOutcome> {
        let mut work = self.begin().await?;
        let Some(taken) = self.store.take_answer_token(work.tx(), token, AnswerKind::CheckIn.code(), clicker).await?
        else {
            return Err(self.why_not_answerable(token).await?.into());
        };
        // A check-in's token always names its request; one that does not is refused, not read as 0.
        let Some(request_id) = taken.request_id else { return Err(Refusal::RequestGone.into()) };
        let month = self.month();
        self.store.bump_count(work.tx(), &month, "checkins_answered", 1).await?;
        let mut outcome = CheckInOutcome::Noted;
        match answer {
            CheckInAnswer::Stop => {
                self.store
                    .cancel_request_jobs(work.tx(), request_id, JobsOf::Kind(crate::domain::jobs::kind::CHECK_IN))
                    .await?
            }
            CheckInAnswer::TalkAgain => {
                let active = self.store.active_assignment_in(work.tx(), request_id).await?;
                outcome = match active {
                    Some(a) => {
                        work.tell(Notice::TalkAgain {
                            supporter: a.supporter.clone(),
                            requester: clicker.to_string(),
                            request_id: Some(request_id),
                        });
                        CheckInOutcome::SupporterTold { supporter: a.supporter }
                    }
                    None => {
                        let last = self.store.last_supporter_of(request_id).await?;
                        let on_roster = match &last {
                            Some(s) => self.store.supporter(s).await?.is_some(),
                            None => false,
                        };
                        CheckInOutcome::AskAgain { prefer: last.filter(|_| on_roster) }
                    }
                };
            }
            CheckInAnswer::Okay | CheckInAnswer::Resources => {}
        }
        self.commit(work).await?;
        tracing::info!(request_id = request_id.0, "check-in answered");
        Ok(outcome)
    }

    /// An answer to "Was this helpful?": counted once per question, linked to no one.
    pub async fn answer_feedback(&self, token: &str, answer: FeedbackAnswer) -> Flow {
        let mut work = self.begin().await?;
        if !self.store.take_feedback_token(work.tx(), token).await? {
            return Err(Refusal::AlreadyDone.into());
        }
        let month = self.month();
        self.store.bump_count(work.tx(), &month, &format!("feedback_{}", answer.code()), 1).await?;
        self.commit(work).await
    }
}
