//! Retention: closed requests (with their offers, assignment, alerts and jobs) are
//! deleted after the retention period; the anonymous monthly counts stay.

use super::{Store, Tx};

/// What a purge removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub requests: i64,
    pub offers: i64,
    pub assignments: i64,
    pub feedback_tokens: i64,
    /// Outreach notes erased because they were older than a day.
    pub outreach_notes: i64,
}

/// The moment before which closed requests are purged.
pub fn cutoff_ms(retention: std::time::Duration, now: chrono::DateTime<chrono::Utc>) -> i64 {
    let retention = chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::MAX);
    now.checked_sub_signed(retention).unwrap_or_default().timestamp_millis()
}

impl Store {
    /// Deletes requests closed before `cutoff_ms`, in the caller's transaction (which
    /// queues the edits of their messages); the caller checkpoints after.
    pub async fn purge_closed(&self, tx: &mut Tx<'_>, cutoff_ms: i64) -> Result<Purged, sqlx::Error> {
        let tx = &mut **tx;
        let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).bind(cutoff_ms);
        let offers = count("SELECT COUNT(*) FROM offers WHERE request_id IN (SELECT id FROM requests WHERE status = 'closed' AND closed_ms < ?)")
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "DELETE FROM message_trail WHERE request_id IN \
             (SELECT id FROM requests WHERE status = 'closed' AND closed_ms < ?)",
        )
        .bind(cutoff_ms)
        .execute(&mut *tx)
        .await?;
        let assignments = count("SELECT COUNT(*) FROM assignments WHERE request_id IN (SELECT id FROM requests WHERE status = 'closed' AND closed_ms < ?)")
            .fetch_one(&mut *tx)
            .await?;
        let requests = sqlx::query("DELETE FROM requests WHERE status = 'closed' AND closed_ms < ?")
            .bind(cutoff_ms)
            .execute(&mut *tx)
            .await?
            .rows_affected() as i64;
        let feedback_tokens = sqlx::query("DELETE FROM feedback_tokens WHERE created_ms < ?")
            .bind(cutoff_ms)
            .execute(&mut *tx)
            .await?
            .rows_affected() as i64;
        // Consent and outreach buttons nobody pressed stop working with the purge.
        sqlx::query("DELETE FROM answer_tokens WHERE created_ms < ?").bind(cutoff_ms).execute(&mut *tx).await?;
        // ...and with them, who among an outreach's recipients was a supporter.
        sqlx::query("DELETE FROM outreach_supporters WHERE created_ms < ?").bind(cutoff_ms).execute(&mut *tx).await?;
        Ok(Purged { requests, offers, assignments, feedback_tokens, outreach_notes: 0 })
    }

    /// Writes a consistent copy of the database to `path` while the bot runs: a new file,
    /// owner-only; an existing one is never overwritten.
    pub async fn backup_to(&self, path: &std::path::Path) -> Result<(), super::StoreError> {
        use std::os::unix::fs::OpenOptionsExt;
        let create = |source| super::StoreError::Create { path: path.display().to_string(), source };
        std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(create)?;
        let copied = sqlx::query("VACUUM INTO ?").bind(path.display().to_string()).execute(self.pool()).await;
        if let Err(e) = copied {
            let _ = std::fs::remove_file(path);
            return Err(e.into());
        }
        Ok(())
    }

    pub async fn insert_feedback_token(&self, token: &str, now_ms: i64) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO feedback_tokens (token, created_ms) VALUES (?, ?)")
            .bind(token)
            .bind(now_ms)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Uses up a feedback token; false when it was already used or never existed.
    pub async fn take_feedback_token(&self, tx: &mut Tx<'_>, token: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("DELETE FROM feedback_tokens WHERE token = ?").bind(token).execute(&mut **tx).await?;
        Ok(done.rows_affected() > 0)
    }
}
