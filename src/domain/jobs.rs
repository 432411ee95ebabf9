//! Timed work as a typed enum: each job knows its kind, its payload (row ids only) and
//! the key that makes scheduling it twice a no-op. A stored job that does not parse is an
//! error with its kind, never a default.

use crate::ids::{AssignmentId, OfferId, RequestId};
use crate::store::jobs::NewJob;

/// One piece of timed work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// An unanswered offer passes to the next candidate.
    OfferTimeout { request_id: RequestId, offer_id: OfferId },
    /// A pending offer whose supporter left the roster: passed on at the next tick.
    OfferWithdraw { request_id: RequestId, offer_id: OfferId },
    /// Still unmatched past `sla.match_within`; then once each business day (`round`).
    MatchSla { request_id: RequestId, round: i64 },
    /// A check-in with the requester (`index` into `follow_up.requester_after`).
    CheckIn { request_id: RequestId, index: usize },
    /// A supporter who has not marked contact made: nudged (round 0), then the coordinators hear.
    SupporterReminder { request_id: RequestId, assignment_id: AssignmentId, round: i64 },
    /// "Was this helpful?" to the requester of a closed request.
    Feedback { request_id: RequestId },
    /// "Ask me again in a few days" after outreach.
    OutreachAgain { outreach_id: i64, recipient: String },
}

/// A stored job that cannot be run as it is.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JobError {
    #[error("unknown job kind {0}")]
    UnknownKind(String),
    #[error("malformed {0} job")]
    Malformed(&'static str),
}

pub mod kind {
    pub const OFFER_TIMEOUT: &str = "offer_timeout";
    pub const OFFER_WITHDRAW: &str = "offer_withdraw";
    pub const MATCH_SLA: &str = "match_sla";
    pub const CHECK_IN: &str = "check_in";
    pub const SUPPORTER_REMINDER: &str = "supporter_reminder";
    pub const FEEDBACK: &str = "feedback";
    pub const OUTREACH_AGAIN: &str = "outreach_again";
}

impl Job {
    pub fn kind(&self) -> &'static str {
        match self {
            Job::OfferTimeout { .. } => kind::OFFER_TIMEOUT,
            Job::OfferWithdraw { .. } => kind::OFFER_WITHDRAW,
            Job::MatchSla { .. } => kind::MATCH_SLA,
            Job::CheckIn { .. } => kind::CHECK_IN,
            Job::SupporterReminder { .. } => kind::SUPPORTER_REMINDER,
            Job::Feedback { .. } => kind::FEEDBACK,
            Job::OutreachAgain { .. } => kind::OUTREACH_AGAIN,
        }
    }

    /// The key that makes scheduling the same job twice a no-op. An offer's withdrawal
    /// keeps its timeout's key: it is the same job, turned.
    pub fn dedupe_key(&self) -> String {
        match self {
            Job::OfferTimeout { offer_id, .. } | Job::OfferWithdraw { offer_id, .. } => {
                format!("{}:{offer_id}", kind::OFFER_TIMEOUT)
            }
            Job::MatchSla { request_id, round } => format!("{}:{request_id}:{round}", kind::MATCH_SLA),
            Job::CheckIn { request_id, index } => format!("{}:{request_id}:{index}", kind::CHECK_IN),
            Job::SupporterReminder { assignment_id, round, .. } => {
                format!("{}:{assignment_id}:{round}", kind::SUPPORTER_REMINDER)
            }
            Job::Feedback { request_id } => format!("{}:{request_id}", kind::FEEDBACK),
            Job::OutreachAgain { outreach_id, recipient } => {
                format!("{}:{outreach_id}:{recipient}", kind::OUTREACH_AGAIN)
            }
        }
    }

    pub fn request_id(&self) -> Option<RequestId> {
        match self {
            Job::OfferTimeout { request_id, .. }
            | Job::OfferWithdraw { request_id, .. }
            | Job::MatchSla { request_id, .. }
            | Job::CheckIn { request_id, .. }
            | Job::SupporterReminder { request_id, .. }
            | Job::Feedback { request_id } => Some(*request_id),
            Job::OutreachAgain { .. } => None,
        }
    }

    /// The stored payload (the formats earlier versions wrote, so their jobs still run).
    fn payload(&self) -> String {
        match self {
            Job::OfferTimeout { offer_id, .. } | Job::OfferWithdraw { offer_id, .. } => offer_id.to_string(),
            Job::MatchSla { round, .. } => round.to_string(),
            Job::CheckIn { index, .. } => index.to_string(),
            Job::SupporterReminder { assignment_id, round, .. } => format!("{assignment_id}:{round}"),
            Job::Feedback { .. } => String::new(),
            Job::OutreachAgain { outreach_id, recipient } => format!("{outreach_id}:{recipient}"),
        }
    }

    /// The row to schedule, due at `due_ms`.
    pub fn at(&self, due_ms: i64) -> NewJob {
        NewJob {
            kind: self.kind(),
            dedupe_key: self.dedupe_key(),
            request_id: self.request_id(),
            payload: self.payload(),
            due_ms,
        }
    }

    /// Reads a stored job back.
    pub fn parse(kind: &str, payload: &str, request_id: Option<RequestId>) -> Result<Job, JobError> {
        let malformed = |k: &'static str| JobError::Malformed(k);
        let payload = payload.trim();
        let id = |k: &'static str| payload.parse::<i64>().map_err(|_| malformed(k));
        let request = |k: &'static str| request_id.ok_or(malformed(k));
        let pair = |k: &'static str| payload.split_once(':').ok_or(malformed(k));
        Ok(match kind {
            kind::OFFER_TIMEOUT => Job::OfferTimeout {
                request_id: request(kind::OFFER_TIMEOUT)?,
                offer_id: OfferId(id(kind::OFFER_TIMEOUT)?),
            },
            kind::OFFER_WITHDRAW => Job::OfferWithdraw {
                request_id: request(kind::OFFER_WITHDRAW)?,
                offer_id: OfferId(id(kind::OFFER_WITHDRAW)?),
            },
            // The first round was once stored as "{}".
            kind::MATCH_SLA => Job::MatchSla {
                request_id: request(kind::MATCH_SLA)?,
                round: if payload == "{}" { 0 } else { id(kind::MATCH_SLA)? },
            },
            kind::CHECK_IN => Job::CheckIn {
                request_id: request(kind::CHECK_IN)?,
                index: payload.parse().map_err(|_| malformed(kind::CHECK_IN))?,
            },
            kind::SUPPORTER_REMINDER => {
                let (assignment, round) = pair(kind::SUPPORTER_REMINDER)?;
                Job::SupporterReminder {
                    request_id: request(kind::SUPPORTER_REMINDER)?,
                    assignment_id: assignment.parse().map_err(|_| malformed(kind::SUPPORTER_REMINDER))?,
                    round: round.parse().map_err(|_| malformed(kind::SUPPORTER_REMINDER))?,
                }
            }
            kind::FEEDBACK => Job::Feedback { request_id: request(kind::FEEDBACK)? },
            kind::OUTREACH_AGAIN => {
                let (outreach, recipient) = pair(kind::OUTREACH_AGAIN)?;
                if recipient.is_empty() {
                    return Err(malformed(kind::OUTREACH_AGAIN));
                }
                Job::OutreachAgain {
                    outreach_id: outreach.parse().map_err(|_| malformed(kind::OUTREACH_AGAIN))?,
                    recipient: recipient.to_string(),
                }
            }
            other => return Err(JobError::UnknownKind(other.chars().take(40).collect())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_reads_back_as_it_was_written() {
        let jobs = [
            Job::OfferTimeout { request_id: RequestId(1), offer_id: OfferId(2) },
            Job::OfferWithdraw { request_id: RequestId(1), offer_id: OfferId(2) },
            Job::MatchSla { request_id: RequestId(3), round: 4 },
            Job::CheckIn { request_id: RequestId(5), index: 1 },
            Job::SupporterReminder { request_id: RequestId(6), assignment_id: AssignmentId(7), round: 1 },
            Job::Feedback { request_id: RequestId(8) },
            Job::OutreachAgain { outreach_id: 9, recipient: "U1".into() },
        ];
        for job in jobs {
            let row = job.at(0);
            assert_eq!(Job::parse(row.kind, &row.payload, row.request_id), Ok(job));
        }
    }

    #[test]
    fn earlier_payloads_still_parse() {
        assert_eq!(
            Job::parse("match_sla", "{}", Some(RequestId(3))),
            Ok(Job::MatchSla { request_id: RequestId(3), round: 0 })
        );
    }

    #[test]
    fn a_malformed_job_is_an_error_not_id_zero() {
        assert_eq!(
            Job::parse("supporter_reminder", "x:1", Some(RequestId(1))),
            Err(JobError::Malformed("supporter_reminder"))
        );
        assert_eq!(Job::parse("offer_timeout", "", Some(RequestId(1))), Err(JobError::Malformed("offer_timeout")));
        assert_eq!(Job::parse("check_in", "0", None), Err(JobError::Malformed("check_in")));
        assert!(matches!(Job::parse("nope", "", None), Err(JobError::UnknownKind(_))));
    }
}
