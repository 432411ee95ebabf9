//! Timed work: every tick, due jobs are claimed (each by one runner), run against the
//! current state, and finished; a failure is retried later. `run_due` is public so
//! tests and the demo drive time instead of waiting for it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::watch;

use crate::domain::program::{Flow, jobs};
use crate::slack::bot::Bot;
use crate::store::jobs::JobRow;

/// How long a claimed job stays invisible to other runners.
const LEASE: Duration = Duration::from_secs(60);
/// Jobs claimed in one go.
const BATCH: i64 = 50;
/// A job that keeps failing is given up after this many tries.
const MAX_ATTEMPTS: i64 = 8;

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunReport {
    pub ran: usize,
    pub failed: usize,
}

#[derive(Clone)]
pub struct Scheduler {
    bot: Bot,
}

impl Scheduler {
    pub fn new(bot: Bot) -> Self {
        Self { bot }
    }

    /// Runs every job that is due now, then returns what it did.
    pub async fn run_due(&self) -> RunReport {
        let mut report = RunReport::default();
        loop {
            let store = self.bot.program().store();
            let now_ms = self.bot.program().clock().now_ms();
            let claimed = match store.claim_due_jobs(now_ms, LEASE.as_millis() as i64, BATCH).await {
                Ok(jobs) => jobs,
                Err(e) => {
                    tracing::error!(error = %e, "could not claim jobs");
                    return report;
                }
            };
            if claimed.is_empty() {
                return report;
            }
            for job in claimed {
                if let Some(later) = self.held_until(&job).await {
                    tracing::info!(job_id = job.id, kind = %job.kind, "held until business hours");
                    let _ = store.retry_job(job.id, later.timestamp_millis()).await;
                    continue;
                }
                match self.run_one(&job).await {
                    Ok(notices) => {
                        if let Err(e) = store.finish_job(job.id).await {
                            tracing::error!(job_id = job.id, error = %e, "could not finish job");
                        }
                        self.bot.deliver(notices).await;
                        report.ran += 1;
                    }
                    Err(e) => {
                        report.failed += 1;
                        if job.attempts >= MAX_ATTEMPTS {
                            tracing::error!(job_id = job.id, kind = %job.kind, error = %e, "job given up");
                            let _ = store.finish_job(job.id).await;
                        } else {
                            let backoff = 1000 * 2i64.pow(job.attempts.clamp(0, 10) as u32);
                            tracing::warn!(job_id = job.id, kind = %job.kind, error = %e, backoff_ms = backoff, "job failed; will retry");
                            let _ = store.retry_job(job.id, now_ms + backoff).await;
                        }
                    }
                }
            }
        }
    }

    /// A message to a requester that would arrive outside business hours where they are
    /// (their Slack time zone, else the program's) waits for the morning.
    async fn held_until(&self, job: &JobRow) -> Option<DateTime<Utc>> {
        let program = self.bot.program();
        if !program.calendar().counts_business_time() {
            return None;
        }
        let person = match job.kind.as_str() {
            jobs::CHECK_IN | jobs::FEEDBACK => program.store().request(job.request_id?).await.ok()??.requester,
            jobs::OUTREACH_AGAIN => job.payload.split_once(':')?.1.to_string(),
            _ => return None,
        };
        let tz: Option<Tz> = match self.bot.api().user_info(&person).await {
            Ok(info) => info.tz.and_then(|tz| tz.parse().ok()),
            Err(_) => None,
        };
        let calendar = match tz {
            Some(tz) => program.calendar().in_timezone(tz),
            None => program.calendar().clone(),
        };
        let now = program.clock().now();
        let next = calendar.next_business_moment(now);
        (next > now).then_some(next)
    }

    async fn run_one(&self, job: &JobRow) -> Flow {
        let program = self.bot.program();
        tracing::info!(job_id = job.id, kind = %job.kind, request_id = ?job.request_id, "running job");
        let id_in_payload = job.payload.trim().parse::<i64>().ok();
        match (job.kind.as_str(), id_in_payload, job.request_id) {
            (jobs::OFFER_TIMEOUT, Some(offer_id), _) => program.offer_timed_out(offer_id).await,
            (jobs::OFFER_WITHDRAW, Some(offer_id), _) => program.offer_withdrawn(offer_id).await,
            (jobs::CHECK_IN, _, Some(request_id)) => program.check_in(request_id).await,
            (jobs::FEEDBACK, _, Some(request_id)) => program.ask_feedback(request_id).await,
            (jobs::OUTREACH_AGAIN, _, _) => program.outreach_again(&job.payload).await,
            (jobs::SUPPORTER_REMINDER, _, _) => match job.payload.split_once(':') {
                Some((assignment, round)) => {
                    program
                        .supporter_reminder(assignment.parse().unwrap_or_default(), round.parse().unwrap_or_default())
                        .await
                }
                None => Ok(vec![]),
            },
            (jobs::MATCH_SLA, round, Some(request_id)) => program.match_overdue(request_id, round.unwrap_or(0)).await,
            (kind, _, _) => {
                tracing::warn!(job_id = job.id, kind = %kind, "unknown job dropped");
                Ok(vec![])
            }
        }
    }

    /// Runs due work every `tick` until `stop` says so; scheduled jobs stay for the next start.
    pub async fn run(self, tick: Duration, mut stop: watch::Receiver<bool>) {
        // The first pass comes one tick after start, like every later one.
        let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + tick, tick);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = interval.tick() => {
                    self.run_due().await;
                    if let Err(e) = self.bot.program().purge().await {
                        tracing::error!(error = %e, "purge failed");
                    }
                }
                _ = stop.changed() => break,
            }
            if *stop.borrow() {
                break;
            }
        }
        tracing::info!("scheduler stopped");
    }
}
