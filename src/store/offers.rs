//! The `offers` table: a request offered to one supporter, pending until answered.

use crate::ids::{OfferId, RequestId};
use sqlx::FromRow;

use super::{Store, Tx};

#[derive(Clone, Debug, FromRow, PartialEq, Eq)]
pub struct OfferRow {
    pub id: OfferId,
    pub request_id: RequestId,
    pub supporter: String,
    pub status: OfferStatus,
    pub offered_by: Option<String>,
    pub offered_ms: i64,
    pub answered_ms: Option<i64>,
    pub channel: Option<String>,
    pub message_ts: Option<String>,
}

/// Where an offer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(rename_all = "snake_case")]
pub enum OfferStatus {
    Pending,
    Accepted,
    Declined,
    TimedOut,
    Withdrawn,
}

/// How an offer ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferEnd {
    Accepted,
    Declined,
    TimedOut,
    Withdrawn,
}

impl OfferEnd {
    pub fn code(self) -> &'static str {
        match self {
            OfferEnd::Accepted => "accepted",
            OfferEnd::Declined => "declined",
            OfferEnd::TimedOut => "timed_out",
            OfferEnd::Withdrawn => "withdrawn",
        }
    }
}

impl Store {
    /// A new pending offer; `None` when the request already has one pending.
    pub async fn insert_offer(
        &self,
        tx: &mut Tx<'_>,
        request_id: RequestId,
        supporter: &str,
        offered_by: Option<&str>,
        now_ms: i64,
    ) -> Result<Option<OfferId>, sqlx::Error> {
        sqlx::query_scalar(
            "INSERT INTO offers (request_id, supporter, offered_by, offered_ms) VALUES (?, ?, ?, ?) \
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(request_id)
        .bind(supporter)
        .bind(offered_by)
        .bind(now_ms)
        .fetch_optional(&mut **tx)
        .await
    }

    pub async fn offer(&self, id: OfferId) -> Result<Option<OfferRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM offers WHERE id = ?").bind(id).fetch_optional(self.pool()).await
    }

    pub async fn offer_in(&self, tx: &mut Tx<'_>, id: OfferId) -> Result<Option<OfferRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM offers WHERE id = ?").bind(id).fetch_optional(&mut **tx).await
    }

    pub async fn pending_offers_of_in(&self, tx: &mut Tx<'_>, supporter: &str) -> Result<Vec<OfferRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM offers WHERE supporter = ? AND status = 'pending' ORDER BY id")
            .bind(supporter)
            .fetch_all(&mut **tx)
            .await
    }

    /// Records where the offer's DM lives; returns the offer's status now (`None` when
    /// its request was deleted meanwhile).
    pub async fn set_offer_message(
        &self,
        tx: &mut Tx<'_>,
        id: OfferId,
        channel: &str,
        ts: &str,
    ) -> Result<Option<OfferStatus>, sqlx::Error> {
        sqlx::query_scalar("UPDATE offers SET channel = ?, message_ts = ? WHERE id = ? RETURNING status")
            .bind(channel)
            .bind(ts)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await
    }

    /// The request's pending offer, as the transaction sees it.
    pub async fn pending_offer_in(
        &self,
        tx: &mut Tx<'_>,
        request_id: RequestId,
    ) -> Result<Option<OfferRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM offers WHERE request_id = ? AND status = 'pending'")
            .bind(request_id)
            .fetch_optional(&mut **tx)
            .await
    }

    /// Everyone this request was ever offered to, as the transaction sees it.
    pub async fn offered_supporters_in(
        &self,
        tx: &mut Tx<'_>,
        request_id: RequestId,
    ) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT DISTINCT supporter FROM offers WHERE request_id = ?")
            .bind(request_id)
            .fetch_all(&mut **tx)
            .await
    }

    /// Who may not be offered a request: those already offered it, and those the
    /// requester would rather not talk with.
    pub async fn not_to_offer_in(&self, tx: &mut Tx<'_>, request_id: RequestId) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT supporter FROM offers WHERE request_id = ?1 \
             UNION SELECT person FROM request_exclusions WHERE request_id = ?1",
        )
        .bind(request_id)
        .fetch_all(&mut **tx)
        .await
    }

    /// Records the people a requester would rather not talk with.
    pub async fn exclude_from(
        &self,
        tx: &mut Tx<'_>,
        request_id: RequestId,
        people: &[String],
    ) -> Result<(), sqlx::Error> {
        for person in people {
            sqlx::query("INSERT OR IGNORE INTO request_exclusions (request_id, person) VALUES (?, ?)")
                .bind(request_id)
                .bind(person)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Why `person` is not to be offered this request, if they are not.
    pub async fn exclusion_of_in(
        &self,
        tx: &mut Tx<'_>,
        request_id: RequestId,
        person: &str,
    ) -> Result<Option<ExclusionWhy>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT why FROM request_exclusions WHERE request_id = ? AND person = ? \
             ORDER BY why = 'rather_not' DESC LIMIT 1",
        )
        .bind(request_id)
        .bind(person)
        .fetch_optional(&mut **tx)
        .await
    }

    /// A coordinator offered it anyway: a same-event exclusion no longer holds.
    pub async fn lift_same_event_exclusion(
        &self,
        tx: &mut Tx<'_>,
        request_id: RequestId,
        person: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM request_exclusions WHERE request_id = ? AND person = ? AND why = 'same_event'")
            .bind(request_id)
            .bind(person)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Keeps, for a request that came from an outreach, the supporters who were among its
    /// recipients (except the requester); returns how many.
    pub async fn exclude_same_event(
        &self,
        tx: &mut Tx<'_>,
        request_id: RequestId,
        outreach_id: i64,
        requester: &str,
    ) -> Result<u64, sqlx::Error> {
        let done = sqlx::query(
            "INSERT OR IGNORE INTO request_exclusions (request_id, person, why) \
             SELECT ?, supporter, 'same_event' FROM outreach_supporters WHERE outreach_id = ? AND supporter != ?",
        )
        .bind(request_id)
        .bind(outreach_id)
        .bind(requester)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected())
    }

    /// The roster members among an outreach's recipients.
    pub async fn remember_outreach_supporters(
        &self,
        tx: &mut Tx<'_>,
        outreach_id: i64,
        recipients: &[String],
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT OR IGNORE INTO outreach_supporters (outreach_id, supporter, created_ms) \
             SELECT ?1, slack_user_id, ?3 FROM supporters WHERE slack_user_id IN (SELECT value FROM json_each(?2))",
        )
        .bind(outreach_id)
        .bind(serde_json::to_string(recipients).unwrap_or_else(|_| "[]".into()))
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// How many people a request excludes (coordinators see that, never who).
    pub async fn exclusions_in(&self, tx: &mut Tx<'_>, request_id: RequestId) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM request_exclusions WHERE request_id = ?")
            .bind(request_id)
            .fetch_one(&mut **tx)
            .await
    }

    /// Ends a pending offer; `None` when it was no longer pending (someone was first).
    pub async fn end_offer(
        &self,
        tx: &mut Tx<'_>,
        id: OfferId,
        end: OfferEnd,
        now_ms: i64,
    ) -> Result<Option<OfferRow>, sqlx::Error> {
        sqlx::query_as("UPDATE offers SET status = ?, answered_ms = ? WHERE id = ? AND status = 'pending' RETURNING *")
            .bind(end.code())
            .bind(now_ms)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await
    }

    pub async fn pending_offer_for(&self, request_id: RequestId) -> Result<Option<OfferRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM offers WHERE request_id = ? AND status = 'pending'")
            .bind(request_id)
            .fetch_optional(self.pool())
            .await
    }

    pub async fn pending_offers_of(&self, supporter: &str) -> Result<Vec<OfferRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM offers WHERE supporter = ? AND status = 'pending' ORDER BY id")
            .bind(supporter)
            .fetch_all(self.pool())
            .await
    }
}

/// Why someone is not offered a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(rename_all = "snake_case")]
pub enum ExclusionWhy {
    /// The requester would rather not talk with them: never, whoever asks.
    RatherNot,
    /// They were among the same outreach's recipients: a coordinator may still offer it.
    SameEvent,
}
