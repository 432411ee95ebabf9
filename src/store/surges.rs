//! The `surge_digests` table, and what a digest shows: how many requests came since the
//! surge began and where they stand, and the ones waiting for a coordinator.

use sqlx::FromRow;

use super::{Store, Tx};

/// Where one coordinator's digest lives.
#[derive(Clone, FromRow, PartialEq, Eq)]
pub struct SurgeDigestRow {
    pub coordinator: String,
    pub since_ms: i64,
    pub channel: String,
    pub ts: String,
    pub updated_ms: i64,
}

impl std::fmt::Debug for SurgeDigestRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SurgeDigestRow").field("since_ms", &self.since_ms).finish_non_exhaustive()
    }
}

/// A request waiting for a coordinator to choose a supporter.
#[derive(Clone, Debug, FromRow, PartialEq, Eq)]
pub struct WaitingRequest {
    pub id: i64,
    pub requester_role: String,
    pub requester_department: String,
}

/// Where the requests of a surge stand.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SurgeSummary {
    pub total: i64,
    pub offered: i64,
    pub matched: i64,
    pub closed: i64,
    /// Open, with nobody offered: these need a coordinator.
    pub waiting_total: i64,
    pub waiting: Vec<WaitingRequest>,
}

impl Store {
    /// Requests created at or after `since_ms`, as the transaction sees them.
    pub async fn requests_created_since(&self, tx: &mut Tx<'_>, since_ms: i64) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM requests WHERE created_ms >= ?")
            .bind(since_ms)
            .fetch_one(&mut **tx)
            .await
    }

    /// The newest delivery row's id (0 when none).
    pub async fn last_delivery_id(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM deliveries").fetch_one(self.pool()).await
    }

    pub async fn surge_digest(&self, coordinator: &str) -> Result<Option<SurgeDigestRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM surge_digests WHERE coordinator = ?")
            .bind(coordinator)
            .fetch_optional(self.pool())
            .await
    }

    /// Records a digest just posted (a new surge's), or that it was brought up to date.
    pub async fn save_surge_digest(&self, tx: &mut Tx<'_>, row: &SurgeDigestRow) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO surge_digests (coordinator, since_ms, channel, ts, updated_ms) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (coordinator) DO UPDATE SET since_ms = excluded.since_ms, channel = excluded.channel, \
             ts = excluded.ts, updated_ms = excluded.updated_ms",
        )
        .bind(&row.coordinator)
        .bind(row.since_ms)
        .bind(&row.channel)
        .bind(&row.ts)
        .bind(row.updated_ms)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// A digest edit covers every change before it: the other digest rows queued for the
    /// same coordinator are dropped with its own. Returns how many were dropped.
    pub async fn drop_queued_digests(
        &self,
        tx: &mut Tx<'_>,
        lane: &str,
        sent_id: i64,
        horizon: i64,
    ) -> Result<u64, sqlx::Error> {
        let done = sqlx::query(
            "DELETE FROM deliveries WHERE lane = ? AND id > ? AND id <= ? \
             AND json_extract(notice, '$.kind') = 'surge_digest'",
        )
        .bind(lane)
        .bind(sent_id)
        .bind(horizon)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected())
    }

    /// Where the requests created since `since_ms` stand; up to `shown` of those waiting.
    pub async fn surge_summary(&self, since_ms: i64, shown: i64) -> Result<SurgeSummary, sqlx::Error> {
        let (total, offered, matched, closed, waiting_total): (i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), \
             COALESCE(SUM(r.status = 'open' AND EXISTS (SELECT 1 FROM offers o WHERE o.request_id = r.id AND o.status = 'pending')), 0), \
             COALESCE(SUM(r.status = 'matched'), 0), \
             COALESCE(SUM(r.status = 'closed'), 0), \
             COALESCE(SUM(r.status = 'open' AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.request_id = r.id AND o.status = 'pending')), 0) \
             FROM requests r WHERE r.created_ms >= ?",
        )
        .bind(since_ms)
        .fetch_one(self.pool())
        .await?;
        let waiting = sqlx::query_as(
            "SELECT r.id, r.requester_role, r.requester_department FROM requests r \
             WHERE r.created_ms >= ? AND r.status = 'open' \
             AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.request_id = r.id AND o.status = 'pending') \
             ORDER BY r.id LIMIT ?",
        )
        .bind(since_ms)
        .bind(shown)
        .fetch_all(self.pool())
        .await?;
        Ok(SurgeSummary { total, offered, matched, closed, waiting_total, waiting })
    }
}
