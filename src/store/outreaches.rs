//! The `outreaches` table: a leader's outreach after an adverse event. Its note is kept
//! only until the last DM of the outreach is sent (or a day, whatever happens), then erased.

use sqlx::FromRow;

use super::{Store, Tx};

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
    /// Records an outreach; its DMs are queued by the caller in the same transaction.
    pub async fn insert_outreach(
        &self,
        tx: &mut Tx<'_>,
        event_kind: &str,
        note: Option<&str>,
        total: usize,
        now_ms: i64,
    ) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "INSERT INTO outreaches (event_kind, note, total, created_ms) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(event_kind)
        .bind(note)
        .bind(total as i64)
        .bind(now_ms)
        .fetch_one(&mut **tx)
        .await
    }

    pub async fn outreach(&self, id: i64) -> Result<Option<OutreachRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM outreaches WHERE id = ?").bind(id).fetch_optional(self.pool()).await
    }

    /// Erases the outreach's note once none of its DMs is still owed; true when erased now.
    pub async fn erase_outreach_note_if_sent(&self, tx: &mut Tx<'_>, outreach_id: i64) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE outreaches SET note = NULL WHERE id = ? AND note IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM deliveries WHERE outreach_id = ?)",
        )
        .bind(outreach_id)
        .bind(outreach_id)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Erases every outreach note older than `cutoff_ms`, sent or not; returns how many.
    pub async fn erase_outreach_notes_before(&self, cutoff_ms: i64) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("UPDATE outreaches SET note = NULL WHERE note IS NOT NULL AND created_ms < ?")
            .bind(cutoff_ms)
            .execute(self.writer())
            .await?;
        Ok(done.rows_affected())
    }
}
