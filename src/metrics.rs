//! Prometheus text for `/metrics`: gauges read from the database, counters from the
//! anonymous monthly counts, and Slack API health. No Slack ID is ever a label.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::store::Store;

/// Upper bounds (seconds) of the Slack latency histogram.
const LATENCY_BOUNDS: [f64; 8] = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

#[derive(Default)]
struct Histogram {
    buckets: [u64; LATENCY_BOUNDS.len()],
    count: u64,
    sum: f64,
}

/// In-process counters (the rest is read from the database when scraped).
#[derive(Default)]
pub struct Metrics {
    slack_errors: Mutex<BTreeMap<&'static str, u64>>,
    slack_latency: Mutex<BTreeMap<&'static str, Histogram>>,
    pub socket_reconnects: AtomicU64,
}

impl Metrics {
    pub fn slack_error(&self, method: &'static str) {
        *self.slack_errors.lock().expect("metrics lock").entry(method).or_default() += 1;
    }

    pub fn slack_latency(&self, method: &'static str, took: Duration) {
        let secs = took.as_secs_f64();
        let mut all = self.slack_latency.lock().expect("metrics lock");
        let h = all.entry(method).or_default();
        for (i, bound) in LATENCY_BOUNDS.iter().enumerate() {
            if secs <= *bound {
                h.buckets[i] += 1;
            }
        }
        h.count += 1;
        h.sum += secs;
    }

    pub fn slack_errors_for(&self, method: &str) -> u64 {
        self.slack_errors.lock().expect("metrics lock").get(method).copied().unwrap_or(0)
    }

    /// The whole exposition, reading current state from `store`.
    pub async fn render(&self, store: &Store, now_ms: i64) -> Result<String, sqlx::Error> {
        let pool = store.pool();
        let scalar = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(pool);
        let open = scalar("SELECT COUNT(*) FROM requests WHERE status = 'open'").await?;
        let pending = scalar("SELECT COUNT(*) FROM offers WHERE status = 'pending'").await?;
        let active = scalar("SELECT COUNT(*) FROM assignments WHERE status = 'active'").await?;
        let due = store.jobs_due(now_ms).await?;
        let mut out = String::new();
        for (name, help, value) in [
            ("peer_support_requests_open", "Requests waiting for a supporter.", open),
            ("peer_support_offers_pending", "Offers waiting for an answer.", pending),
            ("peer_support_assignments_active", "Assignments in progress.", active),
            ("peer_support_jobs_due", "Scheduled jobs that are due now.", due),
        ] {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}");
        }
        let requests = store.count_total("requests").await?;
        let _ = writeln!(
            out,
            "# HELP peer_support_requests_total Requests made.\n# TYPE peer_support_requests_total counter\npeer_support_requests_total {requests}"
        );
        let _ = writeln!(
            out,
            "# HELP peer_support_offers_total Offers by how they ended.\n# TYPE peer_support_offers_total counter"
        );
        for outcome in ["accepted", "declined", "timed_out", "withdrawn"] {
            let n = store.count_total(&format!("offers_{outcome}")).await?;
            let _ = writeln!(out, "peer_support_offers_total{{outcome=\"{outcome}\"}} {n}");
        }
        let _ = writeln!(
            out,
            "# HELP peer_support_time_to_match_total Requests matched, by business time waited.\n# TYPE peer_support_time_to_match_total counter"
        );
        for bucket in crate::domain::program::DURATION_BUCKETS {
            let n = store.count_total(&format!("time_to_match:{bucket}")).await?;
            let _ = writeln!(out, "peer_support_time_to_match_total{{within=\"{bucket}\"}} {n}");
        }
        let _ = writeln!(
            out,
            "# HELP peer_support_slack_api_errors_total Slack Web API calls that failed.\n# TYPE peer_support_slack_api_errors_total counter"
        );
        for (method, n) in self.slack_errors.lock().expect("metrics lock").iter() {
            let _ = writeln!(out, "peer_support_slack_api_errors_total{{method=\"{method}\"}} {n}");
        }
        let _ = writeln!(
            out,
            "# HELP peer_support_slack_api_seconds Slack Web API latency.\n# TYPE peer_support_slack_api_seconds histogram"
        );
        for (method, h) in self.slack_latency.lock().expect("metrics lock").iter() {
            for (i, bound) in LATENCY_BOUNDS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "peer_support_slack_api_seconds_bucket{{method=\"{method}\",le=\"{bound}\"}} {}",
                    h.buckets[i]
                );
            }
            let _ =
                writeln!(out, "peer_support_slack_api_seconds_bucket{{method=\"{method}\",le=\"+Inf\"}} {}", h.count);
            let _ = writeln!(out, "peer_support_slack_api_seconds_sum{{method=\"{method}\"}} {:.6}", h.sum);
            let _ = writeln!(out, "peer_support_slack_api_seconds_count{{method=\"{method}\"}} {}", h.count);
        }
        let reconnects = self.socket_reconnects.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "# HELP peer_support_socket_reconnects_total Socket Mode reconnections.\n# TYPE peer_support_socket_reconnects_total counter\npeer_support_socket_reconnects_total {reconnects}"
        );
        Ok(out)
    }
}
