//! The `message_trail` table: where the bot's messages about a request live, so that a
//! purge can edit them to name nobody. A channel and a timestamp, never what they said.

use super::{Store, Tx};
use crate::ids::RequestId;

/// One message the bot sent about a request, as a purge finds it.
#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TrailRow {
    pub request_id: RequestId,
    pub recipient: String,
    pub channel: String,
    pub ts: String,
}

impl std::fmt::Debug for TrailRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrailRow").field("request_id", &self.request_id).finish_non_exhaustive()
    }
}

impl Store {
    /// Records where a message about a request landed, while the request exists (one
    /// withdrawn meanwhile is gone, and so is anything to edit later).
    pub async fn insert_trail(
        &self,
        tx: &mut Tx<'_>,
        request_id: RequestId,
        recipient: &str,
        channel: &str,
        ts: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO message_trail (request_id, recipient, channel, ts) \
             SELECT id, ?, ?, ? FROM requests WHERE id = ?",
        )
        .bind(recipient)
        .bind(channel)
        .bind(ts)
        .bind(request_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Every message the bot knows it sent about the requests a purge at `cutoff_ms`
    /// deletes: alerts, thread replies, offers, assignments, reminders; each once (an
    /// accepted offer's message became the assignment's).
    pub async fn messages_of_purgeable(&self, tx: &mut Tx<'_>, cutoff_ms: i64) -> Result<Vec<TrailRow>, sqlx::Error> {
        sqlx::query_as(
            "WITH gone AS (SELECT id FROM requests WHERE status = 'closed' AND closed_ms < ?1) \
             SELECT request_id, coordinator AS recipient, channel, message_ts AS ts FROM alerts \
                 WHERE request_id IN gone \
             UNION SELECT request_id, supporter, channel, message_ts FROM offers \
                 WHERE request_id IN gone AND channel IS NOT NULL AND message_ts IS NOT NULL \
             UNION SELECT request_id, supporter, channel, message_ts FROM assignments \
                 WHERE request_id IN gone AND channel IS NOT NULL AND message_ts IS NOT NULL \
             UNION SELECT request_id, recipient, channel, ts FROM message_trail \
                 WHERE request_id IN gone \
             ORDER BY 1, 2",
        )
        .bind(cutoff_ms)
        .fetch_all(&mut **tx)
        .await
    }

    /// Forgets the trail of a request (purged or withdrawn).
    pub async fn forget_trail(&self, tx: &mut Tx<'_>, request_id: RequestId) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM message_trail WHERE request_id = ?").bind(request_id).execute(&mut **tx).await?;
        Ok(())
    }
}
