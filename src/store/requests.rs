//! The `requests` table: who asked, the enumerated choices needed to match and to reach
//! them, and where the request stands. Never the topic, never what they typed.

use crate::ids::RequestId;
use sqlx::FromRow;

use super::{Store, Tx};

#[derive(Clone, Debug, FromRow, PartialEq, Eq)]
pub struct RequestRow {
    pub id: RequestId,
    pub requester: String,
    pub origin: RequestOrigin,
    pub requester_role: String,
    pub requester_department: String,
    pub requester_site: String,
    pub pref_same_role: bool,
    pub pref_role: String,
    pub pref_outside_department: bool,
    pub pref_gender: String,
    pub pref_seniority: String,
    pub preferred_supporter: Option<String>,
    pub contact_pref: String,
    pub good_times: String,
    pub status: RequestStatus,
    pub exhausted: bool,
    pub created_ms: i64,
    pub matched_ms: Option<i64>,
    pub closed_ms: Option<i64>,
    pub kind: RequestKind,
    /// A team debrief's rough size and when the team could meet (codes), else empty.
    pub team_size: String,
    pub meet_when: String,
    /// Hard filter: a supporter from another site.
    pub pref_outside_site: bool,
    /// Someone with this interest (one of `program.interests`), else empty.
    pub wish_interest: String,
    /// The named supporter (`preferred_supporter`) or the interest is a must, not a wish.
    pub wish_must: bool,
}

/// Where a request came from, as stored and counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::Type)]
#[sqlx(rename_all = "snake_case")]
pub enum RequestOrigin {
    /// The person asked for themselves.
    #[default]
    #[sqlx(rename = "self")]
    Myself,
    /// A colleague referred them and they said yes.
    Referral,
    /// A leader's outreach after an event, answered yes.
    Outreach,
}

/// One person's request, or a team's debrief.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::Type, serde::Serialize, serde::Deserialize)]
#[sqlx(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    #[default]
    OneOnOne,
    TeamDebrief,
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(rename_all = "snake_case")]
pub enum RequestStatus {
    /// No supporter yet.
    Open,
    /// A supporter accepted.
    Matched,
    Closed,
}

/// A request in the coordinators' queue, with who holds it now: one query for a page.
#[derive(Clone, Debug, FromRow)]
pub struct QueueRow {
    #[sqlx(flatten)]
    pub request: RequestRow,
    /// The supporter who accepted it, and when they made contact.
    pub assignee: Option<String>,
    pub contact_made_ms: Option<i64>,
    /// The supporter it is offered to now.
    pub offered_to: Option<String>,
}

/// An offer or assignment on a supporter's Home tab, with what they may see of the request.
#[derive(Clone, Debug, FromRow)]
pub struct SupporterItem {
    /// The offer's or the assignment's id.
    pub id: i64,
    pub requester: String,
    pub requester_role: String,
    pub contact_pref: String,
    pub good_times: String,
    pub contact_made_ms: Option<i64>,
    /// A team debrief shows its unit, size and timing instead.
    pub kind: RequestKind,
    pub requester_department: String,
    pub team_size: String,
    pub meet_when: String,
}

/// What a new request row holds.
#[derive(Clone, Debug, Default)]
pub struct NewRequest {
    pub requester: String,
    pub origin: RequestOrigin,
    pub requester_role: String,
    pub requester_department: String,
    pub requester_site: String,
    pub pref_same_role: bool,
    pub pref_role: String,
    pub pref_outside_department: bool,
    pub pref_gender: String,
    pub pref_seniority: String,
    pub preferred_supporter: Option<String>,
    pub contact_pref: String,
    pub good_times: String,
    pub kind: RequestKind,
    pub team_size: String,
    pub meet_when: String,
    pub pref_outside_site: bool,
    pub wish_interest: String,
    pub wish_must: bool,
}

/// A list of sites as a JSON array for `json_each`, or NULL for "every site".
fn sites_json(sites: Option<&[String]>) -> Option<String> {
    sites.map(|s| serde_json::to_string(s).unwrap_or_else(|_| "[]".into()))
}

impl Store {
    pub async fn insert_request(&self, tx: &mut Tx<'_>, r: &NewRequest, now_ms: i64) -> Result<RequestId, sqlx::Error> {
        sqlx::query_scalar(
            "INSERT INTO requests (requester, origin, requester_role, requester_department, requester_site, \
             pref_same_role, pref_role, pref_outside_department, pref_gender, pref_seniority, \
             preferred_supporter, contact_pref, good_times, created_ms, kind, team_size, meet_when, \
             pref_outside_site, wish_interest, wish_must) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&r.requester)
        .bind(r.origin)
        .bind(&r.requester_role)
        .bind(&r.requester_department)
        .bind(&r.requester_site)
        .bind(r.pref_same_role)
        .bind(&r.pref_role)
        .bind(r.pref_outside_department)
        .bind(&r.pref_gender)
        .bind(&r.pref_seniority)
        .bind(&r.preferred_supporter)
        .bind(&r.contact_pref)
        .bind(&r.good_times)
        .bind(now_ms)
        .bind(r.kind)
        .bind(&r.team_size)
        .bind(&r.meet_when)
        .bind(r.pref_outside_site)
        .bind(&r.wish_interest)
        .bind(r.wish_must)
        .fetch_one(&mut **tx)
        .await
    }

    pub async fn request(&self, id: RequestId) -> Result<Option<RequestRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM requests WHERE id = ?").bind(id).fetch_optional(self.pool()).await
    }

    /// The request as the transaction sees it (its own writes included).
    pub async fn request_in(&self, tx: &mut Tx<'_>, id: RequestId) -> Result<Option<RequestRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM requests WHERE id = ?").bind(id).fetch_optional(&mut **tx).await
    }

    /// Marks an open request matched; `None` when it was no longer open.
    pub async fn match_request(
        &self,
        tx: &mut Tx<'_>,
        id: RequestId,
        now_ms: i64,
    ) -> Result<Option<RequestRow>, sqlx::Error> {
        sqlx::query_as(
            "UPDATE requests SET status = 'matched', matched_ms = ?, exhausted = 0 WHERE id = ? AND status = 'open' \
             RETURNING *",
        )
        .bind(now_ms)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
    }

    /// Puts a request that is not closed back to open (a reassignment); false when closed or gone.
    pub async fn reopen_request(&self, tx: &mut Tx<'_>, id: RequestId) -> Result<bool, sqlx::Error> {
        let done =
            sqlx::query("UPDATE requests SET status = 'open', matched_ms = NULL WHERE id = ? AND status != 'closed'")
                .bind(id)
                .execute(&mut **tx)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The person's own one-on-one request that is not closed yet, if any (a team debrief
    /// they asked for is not one: it does not stop them asking for themselves).
    pub async fn open_request_of(&self, requester: &str) -> Result<Option<RequestRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT * FROM requests WHERE requester = ? AND status != 'closed' AND kind = 'one_on_one' \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(requester)
        .fetch_optional(self.pool())
        .await
    }

    /// The same, as the transaction sees it: two racing submissions cannot both open one.
    pub async fn open_request_in(&self, tx: &mut Tx<'_>, requester: &str) -> Result<Option<RequestRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT * FROM requests WHERE requester = ? AND status != 'closed' AND kind = 'one_on_one' \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(requester)
        .fetch_optional(&mut **tx)
        .await
    }

    /// Every request that is not closed, oldest first (the coordinators' queue).
    pub async fn unclosed_requests(&self) -> Result<Vec<RequestRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM requests WHERE status != 'closed' ORDER BY created_ms, id")
            .fetch_all(self.pool())
            .await
    }

    /// One page of the queue with each request's assignee and pending offer, in one query;
    /// `sites` keeps only those sites' requests (a site coordinator's queue).
    pub async fn queue_page(
        &self,
        offset: i64,
        limit: i64,
        sites: Option<&[String]>,
    ) -> Result<Vec<QueueRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT r.*, a.supporter AS assignee, a.contact_made_ms AS contact_made_ms, o.supporter AS offered_to \
             FROM requests r \
             LEFT JOIN assignments a ON a.request_id = r.id AND a.status = 'active' \
             LEFT JOIN offers o ON o.request_id = r.id AND o.status = 'pending' \
             WHERE r.status != 'closed' AND (?3 IS NULL OR lower(r.requester_site) IN \
                 (SELECT lower(value) FROM json_each(?3))) \
             ORDER BY r.created_ms, r.id LIMIT ?1 OFFSET ?2",
        )
        .bind(limit)
        .bind(offset)
        .bind(sites_json(sites))
        .fetch_all(self.pool())
        .await
    }

    /// A supporter's pending offers, with what they may see of each request.
    pub async fn offers_for_home(&self, supporter: &str, limit: i64) -> Result<Vec<SupporterItem>, sqlx::Error> {
        sqlx::query_as(
            "SELECT o.id, r.requester, r.requester_role, r.contact_pref, r.good_times, NULL AS contact_made_ms, \
             r.kind, r.requester_department, r.team_size, r.meet_when \
             FROM offers o JOIN requests r ON r.id = o.request_id \
             WHERE o.supporter = ? AND o.status = 'pending' ORDER BY o.id LIMIT ?",
        )
        .bind(supporter)
        .bind(limit)
        .fetch_all(self.pool())
        .await
    }

    /// A supporter's active assignments, with the requester's contact.
    pub async fn assignments_for_home(&self, supporter: &str, limit: i64) -> Result<Vec<SupporterItem>, sqlx::Error> {
        sqlx::query_as(
            "SELECT a.id, r.requester, r.requester_role, r.contact_pref, r.good_times, a.contact_made_ms, \
             r.kind, r.requester_department, r.team_size, r.meet_when \
             FROM assignments a JOIN requests r ON r.id = a.request_id \
             WHERE a.supporter = ? AND a.status = 'active' ORDER BY a.id LIMIT ?",
        )
        .bind(supporter)
        .bind(limit)
        .fetch_all(self.pool())
        .await
    }

    /// Requests not closed yet, of these sites only when `sites` says.
    pub async fn count_unclosed(&self, sites: Option<&[String]>) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM requests WHERE status != 'closed' AND (?1 IS NULL OR lower(requester_site) IN \
             (SELECT lower(value) FROM json_each(?1)))",
        )
        .bind(sites_json(sites))
        .fetch_one(self.pool())
        .await
    }

    pub async fn set_exhausted(&self, tx: &mut Tx<'_>, id: RequestId, exhausted: bool) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE requests SET exhausted = ? WHERE id = ?")
            .bind(exhausted)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Closes a request that is not closed yet; false when it already was (or is gone).
    pub async fn close_request(&self, tx: &mut Tx<'_>, id: RequestId, now_ms: i64) -> Result<bool, sqlx::Error> {
        let done =
            sqlx::query("UPDATE requests SET status = 'closed', closed_ms = ? WHERE id = ? AND status != 'closed'")
                .bind(now_ms)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes a request with its offers, assignment, alerts and jobs (by cascade).
    pub async fn delete_request(&self, tx: &mut Tx<'_>, id: RequestId) -> Result<bool, sqlx::Error> {
        self.forget_trail(tx, id).await?;
        let done = sqlx::query("DELETE FROM requests WHERE id = ?").bind(id).execute(&mut **tx).await?;
        Ok(done.rows_affected() > 0)
    }
}
