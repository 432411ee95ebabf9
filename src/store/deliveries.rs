//! The `deliveries` table: the outbox of every message and edit the bot owes. Rows are
//! queued inside the transaction of the change that causes them, taken lane by lane
//! (one lane per recipient, oldest first) and deleted when Slack confirms.

use crate::ids::RequestId;
use sqlx::FromRow;

use super::{Store, Tx};

#[derive(Clone, FromRow, PartialEq, Eq)]
pub struct DeliveryRow {
    pub id: i64,
    pub lane: String,
    /// The notice as JSON: row ids and enumerated choices only.
    pub notice: String,
    pub request_id: Option<RequestId>,
    pub outreach_id: Option<i64>,
    pub attempts: i64,
    pub next_try_ms: i64,
    pub created_ms: i64,
}

impl std::fmt::Debug for DeliveryRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeliveryRow").field("id", &self.id).field("attempts", &self.attempts).finish_non_exhaustive()
    }
}

/// A row to queue.
#[derive(Clone)]
pub struct NewDelivery {
    pub lane: String,
    pub notice: String,
    pub request_id: Option<RequestId>,
    pub outreach_id: Option<i64>,
}

/// Queued edits of one thing: notices of `kind` whose JSON `field` is `id`.
#[derive(Clone, Copy)]
pub struct EditOf<'a> {
    pub kind: &'a str,
    pub field: &'a str,
    pub id: i64,
}

impl Store {
    /// Queues deliveries inside the caller's transaction, in order.
    pub async fn queue_deliveries(
        &self,
        tx: &mut Tx<'_>,
        rows: &[NewDelivery],
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        // In chunks: SQLite caps the bound parameters of one statement.
        for chunk in rows.chunks(100) {
            let values = vec!["(?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
            let sql = format!(
                "INSERT INTO deliveries (lane, notice, request_id, outreach_id, next_try_ms, created_ms) VALUES {values}"
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for row in chunk {
                query = query
                    .bind(&row.lane)
                    .bind(&row.notice)
                    .bind(row.request_id)
                    .bind(row.outreach_id)
                    .bind(now_ms)
                    .bind(now_ms);
            }
            query.execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// The first row of each lane that may be tried now, oldest lanes first. A lane whose
    /// first row waits (a retry later) holds the rows behind it, so order is kept.
    pub async fn lane_heads_due(&self, now_ms: i64, limit: i64) -> Result<Vec<DeliveryRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT d.* FROM deliveries d \
             WHERE d.id = (SELECT MIN(e.id) FROM deliveries e WHERE e.lane = d.lane) AND d.next_try_ms <= ? \
             ORDER BY d.id LIMIT ?",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(self.pool())
        .await
    }

    /// When the next row may be tried, if any is waiting.
    pub async fn next_delivery_try(&self) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT MIN(next_try_ms) FROM deliveries").fetch_one(self.pool()).await
    }

    /// Slack confirmed: the row goes (inside the transaction that records what was posted).
    pub async fn delivered(&self, tx: &mut Tx<'_>, id: i64) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM deliveries WHERE id = ?").bind(id).execute(&mut **tx).await?;
        Ok(())
    }

    /// A failed try: counted, and tried again at `next_try_ms`.
    pub async fn retry_delivery(&self, id: i64, next_try_ms: i64, counts: bool) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE deliveries SET attempts = attempts + ?, next_try_ms = ? WHERE id = ?")
            .bind(i64::from(counts))
            .bind(next_try_ms)
            .bind(id)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// A message was posted after the thing it is about ended (a withdraw raced its
    /// delivery): hands its location to the edits of it still queued in its lane, so they
    /// change it. Returns how many edits were waiting.
    pub async fn hand_location_to_edits(
        &self,
        tx: &mut Tx<'_>,
        lane: &str,
        edit: EditOf<'_>,
        channel: &str,
        ts: &str,
    ) -> Result<u64, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE deliveries SET notice = json_set(notice, '$.at', json_object('channel', ?, 'ts', ?)) \
             WHERE lane = ? AND json_extract(notice, '$.kind') = ? \
             AND json_extract(notice, '$.' || ?) = ? AND json_extract(notice, '$.at') IS NULL",
        )
        .bind(channel)
        .bind(ts)
        .bind(lane)
        .bind(edit.kind)
        .bind(edit.field)
        .bind(edit.id)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected())
    }
}
