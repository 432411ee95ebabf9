//! The `supporters` table: who can be offered requests, and whether they can now.

use sqlx::FromRow;

use super::{Store, Tx};
use crate::choices::{Gender, Role, Seniority};

/// One supporter as the roster holds them.
#[derive(Clone, Debug, FromRow, PartialEq, Eq)]
pub struct Supporter {
    pub slack_user_id: String,
    pub role: String,
    pub department: String,
    pub specialty: String,
    pub site: String,
    pub gender: String,
    pub seniority: String,
    pub max_active: i64,
    pub availability: String,
    pub paused_until_ms: Option<i64>,
    pub missed_offers: i64,
    pub last_offered_ms: Option<i64>,
}

/// A roster entry to add or update (from the CSV or the coordinator's form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterEntry {
    pub slack_user_id: String,
    pub role: Option<Role>,
    pub department: String,
    pub specialty: String,
    pub site: String,
    pub gender: Option<Gender>,
    pub seniority: Option<Seniority>,
    pub max_active: i64,
    /// Which columns it sets; an existing supporter keeps the others.
    pub columns: RosterColumns,
}

/// The optional columns an entry sets. A roster file may hold only some columns, and
/// re-importing it changes only those.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RosterColumns {
    pub role: bool,
    pub department: bool,
    pub specialty: bool,
    pub site: bool,
    pub gender: bool,
    pub seniority: bool,
    pub max_active: bool,
}

impl RosterColumns {
    pub const ALL: Self = Self {
        role: true,
        department: true,
        specialty: true,
        site: true,
        gender: true,
        seniority: true,
        max_active: true,
    };
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpsertCounts {
    pub added: usize,
    pub updated: usize,
}

impl Supporter {
    /// Someone not yet on the roster, with a role and the defaults (for a prefilled form).
    pub fn new(slack_user_id: &str, role: &str) -> Self {
        Self {
            slack_user_id: slack_user_id.to_string(),
            role: role.to_string(),
            department: String::new(),
            specialty: String::new(),
            site: String::new(),
            gender: String::new(),
            seniority: String::new(),
            max_active: 2,
            availability: "available".into(),
            paused_until_ms: None,
            missed_offers: 0,
            last_offered_ms: None,
        }
    }

    /// Paused, and not by a pause that has already ended.
    pub fn is_paused(&self, now_ms: i64) -> bool {
        self.availability == "paused" && self.paused_until_ms.is_none_or(|until| until > now_ms)
    }
}

impl Store {
    /// Adds or updates every entry in one transaction: all or nothing. An existing
    /// supporter's columns the entry does not set stay as they are.
    pub async fn upsert_supporters(&self, entries: &[RosterEntry], now_ms: i64) -> Result<UpsertCounts, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let mut counts = UpsertCounts::default();
        for e in entries {
            let existed: Option<i64> = sqlx::query_scalar("SELECT 1 FROM supporters WHERE slack_user_id = ?")
                .bind(&e.slack_user_id)
                .fetch_optional(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO supporters (slack_user_id, role, department, specialty, site, gender, \
                 seniority, max_active, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
                 ON CONFLICT (slack_user_id) DO UPDATE SET \
                 role = CASE WHEN ?11 THEN excluded.role ELSE role END, \
                 department = CASE WHEN ?12 THEN excluded.department ELSE department END, \
                 specialty = CASE WHEN ?13 THEN excluded.specialty ELSE specialty END, \
                 site = CASE WHEN ?14 THEN excluded.site ELSE site END, \
                 gender = CASE WHEN ?15 THEN excluded.gender ELSE gender END, \
                 seniority = CASE WHEN ?16 THEN excluded.seniority ELSE seniority END, \
                 max_active = CASE WHEN ?17 THEN excluded.max_active ELSE max_active END, \
                 updated_ms = excluded.updated_ms",
            )
            .bind(&e.slack_user_id)
            .bind(e.role.map(|r| r.code()).unwrap_or_default())
            .bind(&e.department)
            .bind(&e.specialty)
            .bind(&e.site)
            .bind(e.gender.map(|g| g.code()).unwrap_or_default())
            .bind(e.seniority.map(|s| s.code()).unwrap_or_default())
            .bind(e.max_active)
            .bind(now_ms)
            .bind(now_ms)
            .bind(e.columns.role)
            .bind(e.columns.department)
            .bind(e.columns.specialty)
            .bind(e.columns.site)
            .bind(e.columns.gender)
            .bind(e.columns.seniority)
            .bind(e.columns.max_active)
            .execute(&mut *tx)
            .await?;
            if existed.is_some() {
                counts.updated += 1;
            } else {
                counts.added += 1;
            }
        }
        tx.commit().await?;
        Ok(counts)
    }

    pub async fn list_supporters(&self) -> Result<Vec<Supporter>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM supporters ORDER BY role, slack_user_id").fetch_all(self.pool()).await
    }

    /// One page of the roster, in the order `list_supporters` gives.
    pub async fn supporters_page(&self, offset: i64, limit: i64) -> Result<Vec<Supporter>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM supporters ORDER BY role, slack_user_id LIMIT ? OFFSET ?")
            .bind(limit)
            .bind(offset)
            .fetch_all(self.pool())
            .await
    }

    pub async fn count_supporters(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM supporters").fetch_one(self.pool()).await
    }

    pub async fn supporter(&self, id: &str) -> Result<Option<Supporter>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM supporters WHERE slack_user_id = ?").bind(id).fetch_optional(self.pool()).await
    }

    /// Removes a supporter; returns whether they were on the roster.
    pub async fn remove_supporter(&self, tx: &mut Tx<'_>, id: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("DELETE FROM supporters WHERE slack_user_id = ?").bind(id).execute(&mut **tx).await?;
        Ok(done.rows_affected() > 0)
    }

    /// Everyone on the roster with their current load (active assignments and pending
    /// offers), as the transaction sees it: a supporter it removed is gone.
    pub async fn supporters_with_load_in(&self, tx: &mut Tx<'_>) -> Result<Vec<SupporterLoad>, sqlx::Error> {
        sqlx::query_as(
            "SELECT s.*, \
               (SELECT COUNT(*) FROM assignments a WHERE a.supporter = s.slack_user_id AND a.status = 'active') \
             + (SELECT COUNT(*) FROM offers o WHERE o.supporter = s.slack_user_id AND o.status = 'pending') \
               AS load FROM supporters s",
        )
        .fetch_all(&mut **tx)
        .await
    }

    /// Distinct non-empty values of a roster column, for the request modal's choices.
    pub async fn roster_departments(&self) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT DISTINCT department FROM supporters WHERE department != '' ORDER BY department")
            .fetch_all(self.pool())
            .await
    }

    pub async fn roster_sites(&self) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT DISTINCT site FROM supporters WHERE site != '' ORDER BY site")
            .fetch_all(self.pool())
            .await
    }

    pub async fn note_offered(&self, tx: &mut Tx<'_>, id: &str, now_ms: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE supporters SET last_offered_ms = ? WHERE slack_user_id = ?")
            .bind(now_ms)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Pauses or resumes offers to a supporter; `until_ms` ends a pause by itself.
    pub async fn set_availability(
        &self,
        tx: &mut Tx<'_>,
        id: &str,
        paused: bool,
        until_ms: Option<i64>,
        now_ms: i64,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE supporters SET availability = ?, paused_until_ms = ?, missed_offers = 0, updated_ms = ? \
             WHERE slack_user_id = ?",
        )
        .bind(if paused { "paused" } else { "available" })
        .bind(if paused { until_ms } else { None })
        .bind(now_ms)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Counts a missed offer; returns how many are missed in a row now.
    pub async fn count_missed_offer(&self, tx: &mut Tx<'_>, id: &str) -> Result<i64, sqlx::Error> {
        let missed: Option<i64> = sqlx::query_scalar(
            "UPDATE supporters SET missed_offers = missed_offers + 1 WHERE slack_user_id = ? RETURNING missed_offers",
        )
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
        Ok(missed.unwrap_or(0))
    }

    /// An answered offer ends a run of missed ones.
    pub async fn reset_missed_offers(&self, tx: &mut Tx<'_>, id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE supporters SET missed_offers = 0 WHERE slack_user_id = ? AND missed_offers != 0")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Pauses a supporter with no end date (missed offers, a deactivated account).
    pub async fn pause_supporter(&self, tx: &mut Tx<'_>, id: &str, now_ms: i64) -> Result<(), sqlx::Error> {
        self.set_availability(tx, id, true, None, now_ms).await.map(|_| ())
    }
}

/// A supporter with their current load.
#[derive(Clone, Debug, FromRow)]
pub struct SupporterLoad {
    #[sqlx(flatten)]
    pub supporter: Supporter,
    pub load: i64,
}
