//! The `monthly_counts` table: anonymous program counts, no Slack ID, no link to a request.

use super::{Store, Tx};

impl Store {
    pub async fn bump_count(&self, tx: &mut Tx<'_>, month: &str, metric: &str, by: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO monthly_counts (month, metric, value) VALUES (?, ?, ?) \
             ON CONFLICT (month, metric) DO UPDATE SET value = value + excluded.value",
        )
        .bind(month)
        .bind(metric)
        .bind(by)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Increments several counts of one month in one statement.
    pub async fn bump_counts(&self, tx: &mut Tx<'_>, month: &str, metrics: &[&str]) -> Result<(), sqlx::Error> {
        if metrics.is_empty() {
            return Ok(());
        }
        let rows = vec!["(?, ?, 1)"; metrics.len()].join(", ");
        let sql = format!(
            "INSERT INTO monthly_counts (month, metric, value) VALUES {rows} \
             ON CONFLICT (month, metric) DO UPDATE SET value = value + excluded.value"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for metric in metrics {
            query = query.bind(month).bind(*metric);
        }
        query.execute(&mut **tx).await?;
        Ok(())
    }

    pub async fn counts_for_month(&self, month: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
        sqlx::query_as("SELECT metric, value FROM monthly_counts WHERE month = ? ORDER BY metric")
            .bind(month)
            .fetch_all(self.pool())
            .await
    }

    pub async fn count_total(&self, metric: &str) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COALESCE(SUM(value), 0) FROM monthly_counts WHERE metric = ?")
            .bind(metric)
            .fetch_one(self.pool())
            .await
    }
}
