//! The `answer_tokens` table: who may answer a consent or outreach DM or a check-in, once.

use crate::ids::RequestId;
use sqlx::FromRow;

use super::{Store, Tx};

#[derive(Clone, FromRow, PartialEq, Eq)]
pub struct AnswerToken {
    pub token: String,
    pub kind: String,
    pub recipient: String,
    pub outreach_id: Option<i64>,
    /// The request a check-in was about (it may since have been purged).
    pub request_id: Option<RequestId>,
    pub created_ms: i64,
}

impl std::fmt::Debug for AnswerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnswerToken")
            .field("kind", &self.kind)
            .field("outreach_id", &self.outreach_id)
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

/// What a token's answer is about, besides its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenFor {
    Nothing,
    Outreach(i64),
    Request(RequestId),
}

impl Store {
    /// Records a token just before the DM carrying it is sent.
    pub async fn insert_answer_token(
        &self,
        token: &str,
        kind: &str,
        recipient: &str,
        about: TokenFor,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let (outreach_id, request_id) = match about {
            TokenFor::Nothing => (None, None),
            TokenFor::Outreach(id) => (Some(id), None),
            TokenFor::Request(id) => (None, Some(id)),
        };
        sqlx::query(
            "INSERT INTO answer_tokens (token, kind, recipient, outreach_id, request_id, created_ms) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(token)
        .bind(kind)
        .bind(recipient)
        .bind(outreach_id)
        .bind(request_id)
        .bind(now_ms)
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// The token, if it is still unanswered.
    pub async fn answer_token(&self, token: &str) -> Result<Option<AnswerToken>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM answer_tokens WHERE token = ?").bind(token).fetch_optional(self.pool()).await
    }

    /// Uses the token up, if it is of `kind` and was sent to `recipient`.
    pub async fn take_answer_token(
        &self,
        tx: &mut Tx<'_>,
        token: &str,
        kind: &str,
        recipient: &str,
    ) -> Result<Option<AnswerToken>, sqlx::Error> {
        sqlx::query_as("DELETE FROM answer_tokens WHERE token = ? AND kind = ? AND recipient = ? RETURNING *")
            .bind(token)
            .bind(kind)
            .bind(recipient)
            .fetch_optional(&mut **tx)
            .await
    }
}
