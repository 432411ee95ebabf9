//! The `assignments` table: a supporter who accepted a request, and the moments that follow.

use crate::ids::{AssignmentId, RequestId};
use sqlx::FromRow;

use super::{Store, Tx};

#[derive(Clone, Debug, FromRow, PartialEq, Eq)]
pub struct AssignmentRow {
    pub id: AssignmentId,
    pub request_id: RequestId,
    pub supporter: String,
    pub status: AssignmentStatus,
    pub accepted_ms: i64,
    pub contact_made_ms: Option<i64>,
    pub conversation_ms: Option<i64>,
    pub closed_ms: Option<i64>,
    pub channel: Option<String>,
    pub message_ts: Option<String>,
}

/// Where an assignment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(rename_all = "snake_case")]
pub enum AssignmentStatus {
    Active,
    Closed,
    Reassigned,
}

impl Store {
    /// The one active assignment of a request; `None` if the request already has one.
    pub async fn insert_assignment(
        &self,
        tx: &mut Tx<'_>,
        request_id: RequestId,
        supporter: &str,
        channel: Option<&str>,
        ts: Option<&str>,
        now_ms: i64,
    ) -> Result<Option<AssignmentId>, sqlx::Error> {
        sqlx::query_scalar(
            "INSERT INTO assignments (request_id, supporter, accepted_ms, channel, message_ts) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(request_id)
        .bind(supporter)
        .bind(now_ms)
        .bind(channel)
        .bind(ts)
        .fetch_optional(&mut **tx)
        .await
    }

    pub async fn assignment_in(&self, tx: &mut Tx<'_>, id: AssignmentId) -> Result<Option<AssignmentRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM assignments WHERE id = ?").bind(id).fetch_optional(&mut **tx).await
    }

    pub async fn assignment(&self, id: AssignmentId) -> Result<Option<AssignmentRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM assignments WHERE id = ?").bind(id).fetch_optional(self.pool()).await
    }

    pub async fn active_assignment_for(&self, request_id: RequestId) -> Result<Option<AssignmentRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM assignments WHERE request_id = ? AND status = 'active'")
            .bind(request_id)
            .fetch_optional(self.pool())
            .await
    }

    /// The request's active assignment, read inside a write transaction.
    pub async fn active_assignment_in(
        &self,
        tx: &mut Tx<'_>,
        request_id: RequestId,
    ) -> Result<Option<AssignmentRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM assignments WHERE request_id = ? AND status = 'active'")
            .bind(request_id)
            .fetch_optional(&mut **tx)
            .await
    }

    pub async fn active_assignments_of(&self, supporter: &str) -> Result<Vec<AssignmentRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM assignments WHERE supporter = ? AND status = 'active' ORDER BY id")
            .bind(supporter)
            .fetch_all(self.pool())
            .await
    }

    /// Records where the assignment's message lives; returns its status now (`None` when
    /// its request was deleted meanwhile).
    pub async fn set_assignment_message(
        &self,
        tx: &mut Tx<'_>,
        id: AssignmentId,
        channel: &str,
        ts: &str,
    ) -> Result<Option<AssignmentStatus>, sqlx::Error> {
        sqlx::query_scalar("UPDATE assignments SET channel = ?, message_ts = ? WHERE id = ? RETURNING status")
            .bind(channel)
            .bind(ts)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await
    }

    /// The assignment last made for a request, whatever its state.
    pub async fn last_assignment_of(&self, request_id: RequestId) -> Result<Option<AssignmentRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM assignments WHERE request_id = ? ORDER BY id DESC LIMIT 1")
            .bind(request_id)
            .fetch_optional(self.pool())
            .await
    }

    /// The supporter last assigned to a request, whatever its state.
    pub async fn last_supporter_of(&self, request_id: RequestId) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT supporter FROM assignments WHERE request_id = ? ORDER BY id DESC LIMIT 1")
            .bind(request_id)
            .fetch_optional(self.pool())
            .await
    }

    /// Records first contact once; false when it was already recorded or the assignment ended.
    pub async fn mark_contact_made(&self, tx: &mut Tx<'_>, id: AssignmentId, now_ms: i64) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE assignments SET contact_made_ms = ? WHERE id = ? AND status = 'active' AND contact_made_ms IS NULL",
        )
        .bind(now_ms)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Ends an active assignment as `status` ('closed' or 'reassigned'); None if it was not active.
    pub async fn end_assignment(
        &self,
        tx: &mut Tx<'_>,
        id: AssignmentId,
        status: AssignmentStatus,
        conversation: bool,
        now_ms: i64,
    ) -> Result<Option<AssignmentRow>, sqlx::Error> {
        sqlx::query_as(
            "UPDATE assignments SET status = ?, closed_ms = ?, \
             conversation_ms = CASE WHEN ? THEN ? ELSE conversation_ms END, \
             contact_made_ms = CASE WHEN ? THEN COALESCE(contact_made_ms, ?) ELSE contact_made_ms END \
             WHERE id = ? AND status = 'active' RETURNING *",
        )
        .bind(status)
        .bind(now_ms)
        .bind(conversation)
        .bind(now_ms)
        .bind(conversation)
        .bind(now_ms)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
    }
}
