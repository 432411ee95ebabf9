//! Support for the supporters: every `follow_up.supporter_check_in` each active supporter
//! is asked how the role is going (fine, would like to talk, pause me for a while), and a
//! training date on the roster stops offers once it has passed, with word to them and the
//! coordinators 30 days before and again when it does. Each step is one transaction with
//! the notices it owes, so nothing is sent twice or lost across a restart.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};

use super::{Flow, Program, Refusal};
use crate::domain::notice::{Notice, SupporterAnswer};
use crate::store::roster::TrainingNotice;

/// How long before a training date the supporter and the coordinators are told.
pub const TRAINING_WARNING_DAYS: u64 = 30;

/// What one pass of supporter care queued.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CareReport {
    pub check_ins: usize,
    pub training_notices: usize,
}

impl Program {
    /// At start: supporters the bot has not seen yet (on the roster from before this
    /// feature, or imported while it was down without a date) get their first check-in one
    /// interval from now.
    pub async fn start_supporter_care(&self) -> Result<(), crate::store::Error> {
        let every = chrono::Duration::from_std(self.settings.follow_up.supporter_check_in).unwrap_or_default();
        self.store.start_check_in_clocks((self.clock.now() + every).timestamp_millis()).await?;
        Ok(())
    }

    /// Sends the supporters' check-ins that are due and the word owed about training
    /// dates. Run by the scheduler on every tick; a second runner finds nothing left.
    pub async fn supporter_care(&self) -> Flow<CareReport> {
        let mut report = CareReport::default();
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let every = chrono::Duration::from_std(self.settings.follow_up.supporter_check_in).unwrap_or_default();
        // Clocks start when a supporter joins (add_supporters, roster import) or, for
        // anyone on the roster from before, when the bot starts: a tick only reads.
        let today = self.today(now);
        for s in self.store.check_ins_due(now_ms).await? {
            // Paused or out of training: no question this time, and the clock moves on.
            let active = !s.is_paused(now_ms) && !s.training_lapsed(today);
            let mut work = self.begin().await?;
            let next_ms = (now + every).timestamp_millis();
            if !self.store.advance_check_in(work.tx(), &s.slack_user_id, now_ms, next_ms, active).await? {
                continue;
            }
            if active {
                let month = self.month();
                self.store.bump_count(work.tx(), &month, "supporter_checkins_sent", 1).await?;
                work.tell(Notice::SupporterCheckIn { supporter: s.slack_user_id.clone() });
                report.check_ins += 1;
            }
            self.commit(work).await?;
        }
        let soon = today.checked_add_days(Days::new(TRAINING_WARNING_DAYS)).unwrap_or(today);
        for s in self.store.training_to_tell(today, soon).await? {
            let Some(until) = s.trained_until() else { continue };
            let ended = until < today;
            let notice = if ended { TrainingNotice::Ended } else { TrainingNotice::EndsSoon };
            let mut work = self.begin().await?;
            if !self.store.note_training_told(work.tx(), &s.slack_user_id, notice).await? {
                continue;
            }
            let supporter = s.slack_user_id.clone();
            work.tell(Notice::TrainingDate {
                recipient: supporter.clone(),
                supporter: supporter.clone(),
                until,
                ended,
            });
            for coordinator in self.coordinators_for_site(&s.site) {
                work.tell(Notice::TrainingDate {
                    recipient: coordinator.clone(),
                    supporter: supporter.clone(),
                    until,
                    ended,
                });
            }
            self.commit(work).await?;
            report.training_notices += 1;
        }
        if report != CareReport::default() {
            tracing::info!(
                check_ins = report.check_ins,
                training_notices = report.training_notices,
                "supporter care sent"
            );
        }
        Ok(report)
    }

    /// A supporter answers their own check-in, once. Only the person it was sent to can
    /// answer (it is their roster row); "would like to talk" tells the coordinators, and
    /// "pause me" pauses offers to the end of the chosen day.
    pub async fn answer_supporter_check_in(&self, clicker: &str, answer: SupporterAnswer) -> Flow {
        let mut work = self.begin().await?;
        let Some(me) = self.store.supporter_in(work.tx(), clicker).await? else {
            return Err(Refusal::NotOnRoster.into());
        };
        if !self.store.take_check_in(work.tx(), clicker).await? {
            return Err(Refusal::AlreadyDone.into());
        }
        let now_ms = work.now_ms();
        match answer {
            SupporterAnswer::Fine => {}
            SupporterAnswer::WouldLikeToTalk => {
                for coordinator in self.coordinators_for_site(&me.site) {
                    work.tell(Notice::SupporterWantsToTalk {
                        coordinator: coordinator.clone(),
                        supporter: clicker.to_string(),
                    });
                }
            }
            SupporterAnswer::Pause { until } => {
                let until_ms = self.end_of_day(until).map(|t| t.timestamp_millis());
                if until_ms.is_none_or(|u| u <= now_ms) {
                    return Err(Refusal::DateInThePast.into());
                }
                self.store.set_availability(work.tx(), clicker, true, until_ms, now_ms).await?;
            }
        }
        let month = self.month();
        self.store.bump_count(work.tx(), &month, answer.metric(), 1).await?;
        self.commit(work).await?;
        tracing::info!("supporter check-in answered");
        Ok(())
    }

    /// The last moment of a day in the program's time zone (a pause "until" that date).
    pub fn end_of_day(&self, day: NaiveDate) -> Option<DateTime<Utc>> {
        let end = day.and_hms_opt(23, 59, 59)?;
        self.calendar.timezone().from_local_datetime(&end).earliest().map(|t| t.with_timezone(&Utc))
    }
}
