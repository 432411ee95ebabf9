//! Upgrades from every earlier schema: a database left at each earlier migration, with
//! rows of every kind that schema holds, is migrated by the bot at start, keeps its rows,
//! passes SQLite's checks, and the bot resumes what was pending in it.

use std::path::Path;
use std::str::FromStr;

use peer_support::domain::jobs::Job;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use crate::helpers::*;

const MIGRATIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");

/// The migration files, in order.
fn migration_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(MIGRATIONS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    files
}

/// A database at schema `version`, made by the first `version` migrations, holding rows
/// of every kind that schema has.
async fn database_at(version: usize, path: &Path) {
    let only = tempfile::tempdir().unwrap();
    for file in &migration_files()[..version] {
        std::fs::copy(file, only.path().join(file.file_name().unwrap())).unwrap();
    }
    let url = format!("sqlite://{}", path.display());
    let options = SqliteConnectOptions::from_str(&url).unwrap().create_if_missing(true).foreign_keys(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    sqlx::migrate::Migrator::new(only.path()).await.unwrap().run(&pool).await.unwrap();
    let run = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::raw_sql(sql).execute(&pool).await.unwrap() }
    };
    // Schema 1: the roster, an offered request, a matched one, an alert, counts, and jobs.
    run("INSERT INTO supporters (slack_user_id, role, created_ms, updated_ms) VALUES ('USUPOLD1', 'nurse', 0, 0);
         INSERT INTO requests (id, requester, origin, requester_role, contact_pref, status, created_ms)
             VALUES (1, 'UREQOLD1', 'self', 'nurse', 'phone', 'open', 0);
         INSERT INTO offers (id, request_id, supporter, status, offered_ms) VALUES (1, 1, 'USUPOLD1', 'pending', 0);
         INSERT INTO alerts (request_id, coordinator, channel, message_ts) VALUES (1, 'UCOORD1', 'DUCOORD1', '1.1');
         INSERT INTO requests (id, requester, origin, requester_role, contact_pref, status, created_ms, matched_ms)
             VALUES (2, 'UREQOLD2', 'self', 'nurse', 'phone', 'matched', 0, 0);
         INSERT INTO assignments (id, request_id, supporter, status, accepted_ms) VALUES (1, 2, 'USUPOLD1', 'active', 0);
         INSERT INTO monthly_counts (month, metric, value) VALUES ('2026-11', 'requests', 2);")
    .await;
    for job in [
        Job::OfferTimeout { request_id: RequestId(1), offer_id: OfferId(1) },
        Job::CheckIn { request_id: RequestId(2), index: 0 },
    ] {
        let row = job.at(0);
        sqlx::query(
            "INSERT INTO jobs (kind, dedupe_key, request_id, payload, due_ms, created_ms) VALUES (?, ?, ?, ?, 0, 0)",
        )
        .bind(row.kind)
        .bind(&row.dedupe_key)
        .bind(row.request_id)
        .bind(&row.payload)
        .execute(&pool)
        .await
        .unwrap();
    }
    if version >= 2 {
        run("INSERT INTO feedback_tokens (token, created_ms) VALUES ('oldfeedback', 0);").await;
    }
    if version == 3 {
        // Schema 3 had its own outbox for outreach DMs; 4 moves what is pending into deliveries.
        run("INSERT INTO outreaches (id, event_kind, note, total, created_ms) VALUES (1, '', 'thinking of you', 1, 0);
             INSERT INTO outbox (outreach_id, recipient, status, next_try_ms) VALUES (1, 'UCOLOLD1', 'pending', 0);")
        .await;
    }
    if version >= 4 {
        run("INSERT INTO outreaches (id, event_kind, note, total, created_ms) VALUES (1, '', 'thinking of you', 1, 0);
             INSERT INTO deliveries (lane, notice, outreach_id, next_try_ms, created_ms)
                 VALUES ('UCOLOLD1', '{\"kind\":\"outreach_dm\",\"recipient\":\"UCOLOLD1\",\"outreach_id\":1}', 1, 0, 0);
             INSERT INTO deliveries (lane, notice, next_try_ms, created_ms)
                 VALUES ('USUPOLD1', '{\"kind\":\"supporter_paused\",\"supporter\":\"USUPOLD1\"}', 0, 0);")
        .await;
    }
    if version >= 5 {
        run("INSERT INTO answer_tokens (token, kind, recipient, created_ms) VALUES ('oldconsent', 'consent', 'UCOLOLD2', 0);")
            .await;
    }
    pool.close().await;
}

#[tokio::test]
async fn every_earlier_schema_with_data_in_it_upgrades_and_the_bot_resumes() {
    let latest = migration_files().len();
    assert!(latest >= 6, "the test knows migrations up to 6");
    for version in 1..latest {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        database_at(version, &path).await;
        let app = spawn_app_on_file(fake_slack().await, path.clone()).await;
        let pool = app.store().pool().clone();
        let one = |sql: &'static str| {
            let pool = pool.clone();
            async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.unwrap() }
        };
        assert_eq!(one("SELECT MAX(version) FROM _sqlx_migrations").await, latest as i64, "from {version}");
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await.unwrap();
        assert_eq!(integrity, "ok", "from {version}");
        assert_eq!(one("SELECT COUNT(*) FROM pragma_foreign_key_check").await, 0, "from {version}");
        assert_eq!(one("SELECT COUNT(*) FROM requests").await, 2, "from {version}");
        assert_eq!(one("SELECT value FROM monthly_counts WHERE metric = 'requests'").await, 2, "from {version}");
        assert_eq!(one("SELECT COUNT(*) FROM supporters WHERE slack_user_id = 'USUPOLD1'").await, 1);
        assert_eq!(one("SELECT COUNT(*) FROM requests WHERE kind = 'one_on_one'").await, 2, "from {version}");
        assert_eq!(one("SELECT COUNT(*) FROM supporters WHERE facilitator = 0 AND trained_until = ''").await, 1);
        if version >= 2 {
            assert_eq!(one("SELECT COUNT(*) FROM feedback_tokens").await, 1, "from {version}");
        }
        if version >= 5 {
            assert_eq!(one("SELECT COUNT(*) FROM answer_tokens WHERE kind = 'consent'").await, 1, "from {version}");
        }
        // The bot goes on from where the old database stood.
        let mark = app.fake.mark();
        app.run_due().await;
        app.settle().await;
        assert_eq!(
            one("SELECT COUNT(*) FROM offers WHERE id = 1 AND status = 'timed_out'").await,
            1,
            "the overdue offer passed on (from {version})"
        );
        app.fake.wait_for(mark, 1, |c| c.to() == "UREQOLD2" && c.text().contains("Just checking in")).await;
        // What was owed goes out as the bot starts.
        if version >= 3 {
            let outreach = |c: &Call| c.to() == "UCOLOLD1" && c.buttons().contains(&"Not now".to_string());
            assert_eq!(app.fake.wait_for(0, 1, outreach).await.len(), 1, "the pending outreach DM, once");
        }
        if version >= 4 {
            app.fake.wait_for(0, 1, |c| c.to() == "USUPOLD1" && c.text().contains("paused")).await;
        }
        assert_eq!(one("SELECT COUNT(*) FROM deliveries").await, 0, "nothing owed is left (from {version})");
    }
}
