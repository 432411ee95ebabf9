//! The `supporters` table: who can be offered requests, and whether they can now.

use sqlx::FromRow;

use chrono::NaiveDate;

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
    /// Can lead a team debrief.
    pub facilitator: bool,
    /// The last day their training counts (`YYYY-MM-DD`), or empty when not tracked.
    pub trained_until: String,
    /// Which word about that date went out: see [`TrainingNotice`].
    pub training_notice: i64,
    pub next_check_in_ms: Option<i64>,
    /// Their own check-in went out and is not answered yet.
    pub check_in_open: bool,
    /// Their areas of interest (names from `program.interests`, joined by `;`).
    pub interests: String,
    /// Shown in "Meet the supporters".
    pub listed: bool,
}

/// What a supporter and the coordinators have been told about a training date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TrainingNotice {
    None = 0,
    EndsSoon = 1,
    Ended = 2,
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
    pub facilitator: bool,
    pub trained_until: Option<NaiveDate>,
    pub interests: Vec<String>,
    pub listed: bool,
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
    pub facilitator: bool,
    pub trained_until: bool,
    pub interests: bool,
    pub listed: bool,
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
        facilitator: true,
        trained_until: true,
        interests: true,
        listed: true,
    };
    /// What the coordinator's roster form sets: the supporter keeps their own directory
    /// entry (interests, listed).
    pub const FORM: Self = Self { interests: false, listed: false, ..Self::ALL };
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
            facilitator: false,
            trained_until: String::new(),
            training_notice: 0,
            next_check_in_ms: None,
            check_in_open: false,
            interests: String::new(),
            listed: false,
        }
    }

    /// Their areas of interest.
    pub fn interest_list(&self) -> Vec<&str> {
        self.interests.split(';').map(str::trim).filter(|i| !i.is_empty()).collect()
    }

    /// The last day their training counts, when the roster tracks it.
    pub fn trained_until(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.trained_until, "%Y-%m-%d").ok()
    }

    /// Their training date has passed (`today` in the program's time zone).
    pub fn training_lapsed(&self, today: NaiveDate) -> bool {
        self.trained_until().is_some_and(|last| last < today)
    }

    /// Paused, and not by a pause that has already ended.
    pub fn is_paused(&self, now_ms: i64) -> bool {
        self.availability == "paused" && self.paused_until_ms.is_none_or(|until| until > now_ms)
    }
}

impl Store {
    /// Adds or updates every entry in one transaction: all or nothing. An existing
    /// supporter's columns the entry does not set stay as they are. Someone new gets their
    /// first own check-in at `first_check_in_ms`.
    pub async fn upsert_supporters(
        &self,
        entries: &[RosterEntry],
        now_ms: i64,
        first_check_in_ms: i64,
    ) -> Result<UpsertCounts, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let mut counts = UpsertCounts::default();
        for e in entries {
            let existed: Option<i64> = sqlx::query_scalar("SELECT 1 FROM supporters WHERE slack_user_id = ?")
                .bind(&e.slack_user_id)
                .fetch_optional(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO supporters (slack_user_id, role, department, specialty, site, gender, \
                 seniority, max_active, created_ms, updated_ms, facilitator, trained_until, next_check_in_ms, \
                 interests, listed) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?18, ?19, ?22, ?23, ?24) \
                 ON CONFLICT (slack_user_id) DO UPDATE SET \
                 role = CASE WHEN ?11 THEN excluded.role ELSE role END, \
                 department = CASE WHEN ?12 THEN excluded.department ELSE department END, \
                 specialty = CASE WHEN ?13 THEN excluded.specialty ELSE specialty END, \
                 site = CASE WHEN ?14 THEN excluded.site ELSE site END, \
                 gender = CASE WHEN ?15 THEN excluded.gender ELSE gender END, \
                 seniority = CASE WHEN ?16 THEN excluded.seniority ELSE seniority END, \
                 max_active = CASE WHEN ?17 THEN excluded.max_active ELSE max_active END, \
                 facilitator = CASE WHEN ?20 THEN excluded.facilitator ELSE facilitator END, \
                 training_notice = CASE WHEN ?21 AND excluded.trained_until != trained_until THEN 0 \
                     ELSE training_notice END, \
                 trained_until = CASE WHEN ?21 THEN excluded.trained_until ELSE trained_until END, \
                 interests = CASE WHEN ?25 THEN excluded.interests ELSE interests END, \
                 listed = CASE WHEN ?26 THEN excluded.listed ELSE listed END, \
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
            .bind(e.facilitator)
            .bind(e.trained_until.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default())
            .bind(e.columns.facilitator)
            .bind(e.columns.trained_until)
            .bind(first_check_in_ms)
            .bind(e.interests.join(";"))
            .bind(e.listed)
            .bind(e.columns.interests)
            .bind(e.columns.listed)
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

    /// The supporter as the transaction sees them.
    pub async fn supporter_in(&self, tx: &mut Tx<'_>, id: &str) -> Result<Option<Supporter>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM supporters WHERE slack_user_id = ?").bind(id).fetch_optional(&mut **tx).await
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

    /// Supporters who chose to be listed in "Meet the supporters", by role then ID.
    pub async fn listed_supporters(&self, limit: i64) -> Result<Vec<Supporter>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM supporters WHERE listed = 1 ORDER BY role, slack_user_id LIMIT ?")
            .bind(limit)
            .fetch_all(self.pool())
            .await
    }

    pub async fn count_listed(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM supporters WHERE listed = 1").fetch_one(self.pool()).await
    }

    /// A supporter's own directory entry; false when they are not on the roster.
    pub async fn set_directory_entry(
        &self,
        tx: &mut Tx<'_>,
        id: &str,
        interests: Option<&[String]>,
        listed: Option<bool>,
        now_ms: i64,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE supporters SET interests = COALESCE(?, interests), listed = COALESCE(?, listed), updated_ms = ? \
             WHERE slack_user_id = ?",
        )
        .bind(interests.map(|i| i.join(";")))
        .bind(listed)
        .bind(now_ms)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Starts the check-in clock of everyone the bot has not seen yet (a new supporter, or
    /// every supporter on the first start with check-ins).
    pub async fn start_check_in_clocks(&self, first_due_ms: i64) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("UPDATE supporters SET next_check_in_ms = ? WHERE next_check_in_ms IS NULL")
            .bind(first_due_ms)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// Supporters whose own check-in is due.
    pub async fn check_ins_due(&self, now_ms: i64) -> Result<Vec<Supporter>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM supporters WHERE next_check_in_ms <= ? ORDER BY slack_user_id")
            .bind(now_ms)
            .fetch_all(self.pool())
            .await
    }

    /// Moves a due check-in to `next_ms`, and opens it for an answer when `send`; false
    /// when another runner already moved it.
    pub async fn advance_check_in(
        &self,
        tx: &mut Tx<'_>,
        id: &str,
        now_ms: i64,
        next_ms: i64,
        send: bool,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE supporters SET next_check_in_ms = ?, check_in_open = CASE WHEN ? THEN 1 ELSE check_in_open END \
             WHERE slack_user_id = ? AND next_check_in_ms <= ?",
        )
        .bind(next_ms)
        .bind(send)
        .bind(id)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Takes the answer to an open check-in; false when there is none (answered already).
    pub async fn take_check_in(&self, tx: &mut Tx<'_>, id: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("UPDATE supporters SET check_in_open = 0 WHERE slack_user_id = ? AND check_in_open = 1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Supporters who are owed word about their training date: it has passed, or it is
    /// on or before `soon`, and they have not been told so yet.
    pub async fn training_to_tell(&self, today: NaiveDate, soon: NaiveDate) -> Result<Vec<Supporter>, sqlx::Error> {
        sqlx::query_as(
            "SELECT * FROM supporters WHERE trained_until != '' \
             AND ((training_notice < 2 AND trained_until < ?) OR (training_notice < 1 AND trained_until <= ?)) \
             ORDER BY slack_user_id",
        )
        .bind(today.format("%Y-%m-%d").to_string())
        .bind(soon.format("%Y-%m-%d").to_string())
        .fetch_all(self.pool())
        .await
    }

    /// Records that `notice` went out for a training date; false when it already had.
    pub async fn note_training_told(
        &self,
        tx: &mut Tx<'_>,
        id: &str,
        notice: TrainingNotice,
    ) -> Result<bool, sqlx::Error> {
        let done =
            sqlx::query("UPDATE supporters SET training_notice = ?1 WHERE slack_user_id = ?2 AND training_notice < ?1")
                .bind(notice as i64)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        Ok(done.rows_affected() > 0)
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
