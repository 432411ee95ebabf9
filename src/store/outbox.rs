//! The `outreaches` and `outbox` tables: a leader's outreach fanned out as one durable
//! row per DM, each marked sent the moment Slack confirms it.

use sqlx::FromRow;

use super::Store;

#[derive(Clone, Debug, FromRow, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    pub outreach_id: i64,
    pub recipient: String,
    pub status: String,
    pub attempts: i64,
    pub next_try_ms: i64,
    pub sent_ms: Option<i64>,
}

#[derive(Clone, FromRow, PartialEq, Eq)]
pub struct OutreachRow {
    pub id: i64,
    pub event_kind: String,
    pub note: Option<String>,
    pub total: i64,
    pub created_ms: i64,
}

impl std::fmt::Debug for OutreachRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutreachRow").field("id", &self.id).field("total", &self.total).finish_non_exhaustive()
    }
}

impl Store {
    /// Records an outreach and one pending DM per recipient, in one transaction.
    pub async fn insert_outreach(
        &self,
        event_kind: &str,
        note: Option<&str>,
        recipients: &[String],
        now_ms: i64,
    ) -> Result<i64, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO outreaches (event_kind, note, total, created_ms) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(event_kind)
        .bind(note)
        .bind(recipients.len() as i64)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        for recipient in recipients {
            sqlx::query("INSERT OR IGNORE INTO outbox (outreach_id, recipient, next_try_ms) VALUES (?, ?, ?)")
                .bind(id)
                .bind(recipient)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn outreach(&self, id: i64) -> Result<Option<OutreachRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM outreaches WHERE id = ?").bind(id).fetch_optional(self.pool()).await
    }

    /// The next pending DMs that may be tried now, oldest first.
    pub async fn pending_outbox(&self, now_ms: i64, limit: i64) -> Result<Vec<OutboxRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM outbox WHERE status = 'pending' AND next_try_ms <= ? ORDER BY id LIMIT ?")
            .bind(now_ms)
            .bind(limit)
            .fetch_all(self.pool())
            .await
    }

    /// When the next pending DM may be tried, if any is waiting.
    pub async fn next_outbox_try(&self) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT MIN(next_try_ms) FROM outbox WHERE status = 'pending'").fetch_one(self.pool()).await
    }

    pub async fn mark_outbox_sent(&self, id: i64, now_ms: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE outbox SET status = 'sent', sent_ms = ? WHERE id = ? AND status = 'pending'")
            .bind(now_ms)
            .bind(id)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// A failed try: try again at `next_try_ms`, or give up (`failed`) after `max_attempts`.
    pub async fn retry_outbox(&self, id: i64, next_try_ms: i64, max_attempts: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, next_try_ms = ?, \
             status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE status END WHERE id = ?",
        )
        .bind(next_try_ms)
        .bind(max_attempts)
        .bind(id)
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// Once no DM of an outreach is pending: erase the note and the per-person rows.
    pub async fn finish_outreach_if_done(&self, outreach_id: i64) -> Result<bool, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let pending: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE outreach_id = ? AND status = 'pending'")
                .bind(outreach_id)
                .fetch_one(&mut *tx)
                .await?;
        if pending > 0 {
            return Ok(false);
        }
        sqlx::query("UPDATE outreaches SET note = NULL WHERE id = ?").bind(outreach_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM outbox WHERE outreach_id = ?").bind(outreach_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(true)
    }
}
