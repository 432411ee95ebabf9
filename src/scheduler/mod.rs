//! Timed work: every tick, due jobs are claimed (each by one runner), run against the
//! current state, and finished; a failure is retried later. `run_due` is public so
//! tests and the demo drive time instead of waiting for it.

use std::time::Duration;

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
            let claimed = match store
                .claim_due_jobs(now_ms, LEASE.as_millis() as i64, BATCH)
                .await
            {
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

    async fn run_one(&self, job: &JobRow) -> Flow {
        let program = self.bot.program();
        tracing::info!(job_id = job.id, kind = %job.kind, request_id = ?job.request_id, "running job");
        let id_in_payload = job.payload.trim().parse::<i64>().ok();
        match (job.kind.as_str(), id_in_payload, job.request_id) {
            (jobs::OFFER_TIMEOUT, Some(offer_id), _) => program.offer_timed_out(offer_id).await,
            (jobs::OFFER_WITHDRAW, Some(offer_id), _) => program.offer_withdrawn(offer_id).await,
            (jobs::MATCH_SLA, round, Some(request_id)) => {
                program.match_overdue(request_id, round.unwrap_or(0)).await
            }
            (kind, _, _) => {
                tracing::warn!(job_id = job.id, kind = %kind, "unknown job dropped");
                Ok(vec![])
            }
        }
    }

    /// Runs due work every `tick` until `stop` says so; scheduled jobs stay for the next start.
    pub async fn run(self, tick: Duration, mut stop: watch::Receiver<bool>) {
        let mut interval = tokio::time::interval(tick);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = interval.tick() => { self.run_due().await; }
                _ = stop.changed() => break,
            }
            if *stop.borrow() {
                break;
            }
        }
        tracing::info!("scheduler stopped");
    }
}
