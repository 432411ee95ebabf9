//! The `jobs` table: timed work that survives a restart. A job is claimed with a lease
//! (a crash mid-run frees it again) and scheduling the same key twice is a no-op.

use crate::ids::RequestId;
use sqlx::FromRow;

use super::{Store, Tx};

#[derive(Clone, Debug, FromRow, PartialEq, Eq)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub dedupe_key: String,
    pub request_id: Option<RequestId>,
    pub payload: String,
    pub due_ms: i64,
    pub attempts: i64,
    pub locked_until_ms: i64,
    pub created_ms: i64,
}

/// Which of a request's jobs to cancel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobsOf<'a> {
    All,
    Kind(&'a str),
    AllBut(&'a str),
}

/// A job to schedule.
#[derive(Clone, Debug)]
pub struct NewJob {
    pub kind: &'static str,
    pub dedupe_key: String,
    pub request_id: Option<RequestId>,
    pub payload: String,
    pub due_ms: i64,
}

impl Store {
    /// Schedules a job; false when one with the same key is already scheduled.
    pub async fn schedule(&self, tx: &mut Tx<'_>, job: &NewJob, now_ms: i64) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "INSERT INTO jobs (kind, dedupe_key, request_id, payload, due_ms, created_ms) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(job.kind)
        .bind(&job.dedupe_key)
        .bind(job.request_id)
        .bind(&job.payload)
        .bind(job.due_ms)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Schedules several jobs in one statement; ones already scheduled are left alone.
    pub async fn schedule_all(&self, tx: &mut Tx<'_>, jobs: &[NewJob], now_ms: i64) -> Result<(), sqlx::Error> {
        if jobs.is_empty() {
            return Ok(());
        }
        let rows = vec!["(?, ?, ?, ?, ?, ?)"; jobs.len()].join(", ");
        let sql = format!(
            "INSERT INTO jobs (kind, dedupe_key, request_id, payload, due_ms, created_ms) VALUES {rows} \
             ON CONFLICT (dedupe_key) DO NOTHING"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for job in jobs {
            query = query
                .bind(job.kind)
                .bind(&job.dedupe_key)
                .bind(job.request_id)
                .bind(&job.payload)
                .bind(job.due_ms)
                .bind(now_ms);
        }
        query.execute(&mut **tx).await?;
        Ok(())
    }

    /// Claims up to `limit` due jobs for `lease_ms`; each is returned to one caller only.
    pub async fn claim_due_jobs(&self, now_ms: i64, lease_ms: i64, limit: i64) -> Result<Vec<JobRow>, sqlx::Error> {
        sqlx::query_as(
            "UPDATE jobs SET locked_until_ms = ?, attempts = attempts + 1 WHERE id IN \
             (SELECT id FROM jobs WHERE due_ms <= ? AND locked_until_ms <= ? ORDER BY due_ms, id LIMIT ?) \
             RETURNING *",
        )
        .bind(now_ms + lease_ms)
        .bind(now_ms)
        .bind(now_ms)
        .bind(limit)
        .fetch_all(self.writer())
        .await
    }

    pub async fn finish_job(&self, id: i64) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM jobs WHERE id = ?").bind(id).execute(self.writer()).await?;
        Ok(())
    }

    /// Puts a job back for a later try.
    pub async fn retry_job(&self, id: i64, due_ms: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE jobs SET due_ms = ?, locked_until_ms = 0 WHERE id = ?")
            .bind(due_ms)
            .bind(id)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Removes a job inside the transaction that did its work, so done and its effects
    /// commit together.
    pub async fn finish_job_in(&self, tx: &mut Tx<'_>, id: i64) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM jobs WHERE id = ?").bind(id).execute(&mut **tx).await?;
        Ok(())
    }

    /// Cancels a request's jobs: all of them, only one kind, or all but one kind.
    pub async fn cancel_request_jobs(
        &self,
        tx: &mut Tx<'_>,
        request_id: RequestId,
        which: JobsOf<'_>,
    ) -> Result<(), sqlx::Error> {
        let (kind, keep) = match which {
            JobsOf::All => (None, false),
            JobsOf::Kind(kind) => (Some(kind), false),
            JobsOf::AllBut(kind) => (Some(kind), true),
        };
        sqlx::query("DELETE FROM jobs WHERE request_id = ? AND (? IS NULL OR (kind = ?) != ?)")
            .bind(request_id)
            .bind(kind)
            .bind(kind)
            .bind(keep)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Turns a job into another kind due now (a supporter's offer passes on at once).
    pub async fn retarget_job(
        &self,
        tx: &mut Tx<'_>,
        dedupe_key: &str,
        kind: &str,
        due_ms: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE jobs SET kind = ?, due_ms = ?, locked_until_ms = 0 WHERE dedupe_key = ?")
            .bind(kind)
            .bind(due_ms)
            .bind(dedupe_key)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    pub async fn cancel_job(&self, tx: &mut Tx<'_>, dedupe_key: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM jobs WHERE dedupe_key = ?").bind(dedupe_key).execute(&mut **tx).await?;
        Ok(())
    }

    pub async fn jobs_due(&self, now_ms: i64) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE due_ms <= ?").bind(now_ms).fetch_one(self.pool()).await
    }

    pub async fn all_jobs(&self) -> Result<Vec<JobRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM jobs ORDER BY due_ms, id").fetch_all(self.pool()).await
    }
}
