//! Timed work: every tick, due jobs are claimed (each by one runner), read back as typed
//! [`Job`]s, and run by the domain in one transaction with their own removal; a failure
//! is retried later. `run_due` is public so tests and the demo drive time instead of
//! waiting for it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::watch;

use crate::domain::jobs::Job;
use crate::domain::program::Program;
use crate::slack::api::SlackApi;
use crate::slack::deliver::Deliverer;
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
    program: Program,
    /// For the person's time zone, so a message waits for their morning.
    api: SlackApi,
    deliverer: Deliverer,
}

impl Scheduler {
    pub fn new(program: Program, api: SlackApi, deliverer: Deliverer) -> Self {
        Self { program, api, deliverer }
    }

    /// Runs every job that is due now and delivers what they queued, then returns what
    /// it did.
    pub async fn run_due(&self) -> RunReport {
        let mut report = self.run_jobs().await;
        // The supporters' own check-ins and training dates are kept on the roster, not
        // as jobs: each pass sends what has come due.
        match self.program.supporter_care().await {
            Ok(care) => report.ran += care.check_ins + care.training_notices,
            Err(e) => {
                tracing::error!(error = %e, "supporter care failed; tried again next tick");
                report.failed += 1;
            }
        }
        if report.ran > 0 {
            self.deliverer.deliver_due().await;
        }
        report
    }

    async fn run_jobs(&self) -> RunReport {
        let mut report = RunReport::default();
        let store = self.program.store();
        loop {
            let now_ms = self.program.clock().now_ms();
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
            for row in claimed {
                let job = match Job::parse(&row.kind, &row.payload, row.request_id) {
                    Ok(job) => job,
                    Err(e) => {
                        tracing::error!(job_id = row.id, error = %e, "a stored job cannot run; dropped");
                        report.failed += 1;
                        if let Err(e) = store.finish_job(row.id).await {
                            tracing::error!(job_id = row.id, error = %e, "could not drop the job");
                        }
                        continue;
                    }
                };
                if let Some(later) = self.held_until(&job).await {
                    tracing::info!(job_id = row.id, kind = job.kind(), "held until business hours");
                    if let Err(e) = store.retry_job(row.id, later.timestamp_millis()).await {
                        tracing::error!(job_id = row.id, error = %e, "could not hold the job");
                    }
                    continue;
                }
                tracing::info!(job_id = row.id, kind = job.kind(), request_id = ?job.request_id(), "running job");
                match self.program.run_job(row.id, &job).await {
                    Ok(()) => report.ran += 1,
                    Err(e) => {
                        report.failed += 1;
                        self.failed(&row, &job, &e.to_string(), now_ms).await;
                    }
                }
            }
        }
    }

    /// A job that failed is tried again with backoff, and given up after a while.
    async fn failed(&self, row: &JobRow, job: &Job, error: &str, now_ms: i64) {
        let store = self.program.store();
        let result = if row.attempts >= MAX_ATTEMPTS {
            tracing::error!(job_id = row.id, kind = job.kind(), error, "job given up");
            store.finish_job(row.id).await
        } else {
            let backoff = 1000 * 2i64.pow(row.attempts.clamp(0, 10) as u32);
            tracing::warn!(job_id = row.id, kind = job.kind(), error, backoff_ms = backoff, "job failed; will retry");
            store.retry_job(row.id, now_ms + backoff).await
        };
        if let Err(e) = result {
            tracing::error!(job_id = row.id, error = %e, "could not reschedule the job");
        }
    }

    /// A message to a requester that would arrive outside business hours where they are
    /// (their Slack time zone, else their site's, else the program's) waits for the morning.
    async fn held_until(&self, job: &Job) -> Option<DateTime<Utc>> {
        let program = &self.program;
        if !program.calendar().counts_business_time() {
            return None;
        }
        let (person, site) = match job {
            Job::CheckIn { request_id, .. } | Job::Feedback { request_id } => {
                let request = match program.store().request(*request_id).await {
                    Ok(request) => request?,
                    Err(e) => {
                        tracing::warn!(request_id = request_id.0, error = %e, "request not read; its message is not held");
                        return None;
                    }
                };
                (request.requester, request.requester_site)
            }
            Job::OutreachAgain { recipient, .. } => (recipient.clone(), String::new()),
            _ => return None,
        };
        let tz: Option<Tz> = match self.api.user_info(&person).await {
            Ok(info) => info.tz.and_then(|tz| tz.parse().ok()),
            Err(_) => None,
        };
        // Their own time zone, else their site's, else the program's.
        let calendar = match tz {
            Some(tz) => program.calendar().in_timezone(tz),
            None => program.calendar_for_site(&site),
        };
        let now = program.clock().now();
        let next = calendar.next_business_moment(now);
        (next > now).then_some(next)
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
                    if let Err(e) = self.program.purge().await {
                        tracing::error!(error = %e, "purge failed");
                    }
                }
                _ = crate::stop::until_stopped(&mut stop) => break,
            }
            if *stop.borrow() {
                break;
            }
        }
        tracing::info!("scheduler stopped");
    }
}
