//! The `alerts` table: where each coordinator's DM about a request lives.

use crate::ids::RequestId;
use sqlx::FromRow;

use super::{Store, Tx};

#[derive(Clone, Debug, FromRow, PartialEq, Eq)]
pub struct AlertRow {
    pub request_id: RequestId,
    pub coordinator: String,
    pub channel: String,
    pub message_ts: String,
}

impl Store {
    /// Records where a coordinator's alert lives; false when its request is no longer
    /// open to it (closed or deleted meanwhile).
    pub async fn insert_alert(
        &self,
        tx: &mut Tx<'_>,
        request_id: RequestId,
        coordinator: &str,
        channel: &str,
        ts: &str,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "INSERT OR REPLACE INTO alerts (request_id, coordinator, channel, message_ts) \
             SELECT id, ?, ?, ? FROM requests WHERE id = ? AND status != 'closed'",
        )
        .bind(coordinator)
        .bind(channel)
        .bind(ts)
        .bind(request_id)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Where one coordinator's alert for a request lives, if it was posted.
    pub async fn alert_of(&self, request_id: RequestId, coordinator: &str) -> Result<Option<AlertRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM alerts WHERE request_id = ? AND coordinator = ?")
            .bind(request_id)
            .bind(coordinator)
            .fetch_optional(self.pool())
            .await
    }

    /// The alerts as the transaction sees them.
    pub async fn alerts_in(&self, tx: &mut Tx<'_>, request_id: RequestId) -> Result<Vec<AlertRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM alerts WHERE request_id = ? ORDER BY coordinator")
            .bind(request_id)
            .fetch_all(&mut **tx)
            .await
    }
}
