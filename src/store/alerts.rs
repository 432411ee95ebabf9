//! The `alerts` table: where each coordinator's DM about a request lives.

use sqlx::FromRow;

use super::Store;

#[derive(Clone, Debug, FromRow, PartialEq, Eq)]
pub struct AlertRow {
    pub request_id: i64,
    pub coordinator: String,
    pub channel: String,
    pub message_ts: String,
}

impl Store {
    pub async fn insert_alert(
        &self,
        request_id: i64,
        coordinator: &str,
        channel: &str,
        ts: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT OR REPLACE INTO alerts (request_id, coordinator, channel, message_ts) VALUES (?, ?, ?, ?)")
            .bind(request_id)
            .bind(coordinator)
            .bind(channel)
            .bind(ts)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    pub async fn alerts_for(&self, request_id: i64) -> Result<Vec<AlertRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM alerts WHERE request_id = ? ORDER BY coordinator")
            .bind(request_id)
            .fetch_all(self.pool())
            .await
    }
}
