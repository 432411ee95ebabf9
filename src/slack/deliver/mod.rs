//! Delivers what the domain queued: every message and edit the bot owes, from the
//! `deliveries` outbox. One worker takes the first row of each recipient's lane (so a
//! person's messages keep their order and an edit waits for the post it edits), renders
//! it as Block Kit, sends it, records where a post landed, and deletes the row in the
//! same transaction. Slack's 429 is waited out; other failures are tried again with
//! backoff. A crash between Slack's answer and that transaction sends the row once more
//! after the restart: a rare duplicate beats a lost message.
//!
//! This file is the worker (passes, retries, giving up); [`send`] renders and sends
//! each kind of notice, [`record`] writes where a post landed.

mod record;
mod send;

use crate::ids::{AssignmentId, OfferId, RequestId};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::watch;

use super::api::{Posted, SlackApi, SlackError};
use super::home_queue::HomeQueue;
use super::views::{Message, Views};
use crate::domain::notice::{Ending, Location, MatchState, Notice, OfferGoneWhy, PrivateDetails, ThreadUpdate};
use crate::domain::program::{AnswerKind, FlowError, Program};
use crate::domain::relay::random_u64;
use crate::i18n::Catalog;
use crate::settings::Settings;
use crate::store::deliveries::{DeliveryRow, EditOf, NewDelivery};

/// Lane heads read in one go; each is a different person, so they are sent side by side.
const BATCH: i64 = 64;
/// Lanes sent at once.
const CONCURRENCY: usize = 8;
/// The longest pause between tries of one row.
const LONGEST_BACKOFF: Duration = Duration::from_secs(600);
/// A row Slack keeps refusing for this long is given up (and logged), so one broken
/// message cannot hold its person's later messages for ever.
const GIVE_UP_AFTER: Duration = Duration::from_secs(24 * 3600);

#[derive(Clone)]
pub struct Deliverer {
    inner: Arc<Inner>,
}

struct Inner {
    catalog: Arc<Catalog>,
    program: Program,
    api: SlackApi,
    settings: Arc<Settings>,
    homes: HomeQueue,
    stopping: AtomicBool,
    /// One pass at a time: the background worker and a test's (or the scheduler's)
    /// explicit pass never take the same row.
    pass: tokio::sync::Mutex<()>,
}

/// Why one row was not delivered this time.
#[derive(Debug, thiserror::Error)]
pub(super) enum SendError {
    #[error(transparent)]
    Slack(#[from] SlackError),
    #[error("database: {0}")]
    Store(#[from] sqlx::Error),
    #[error(transparent)]
    Flow(#[from] FlowError),
}

/// What to record, with the row's deletion, once Slack confirmed.
pub(super) enum Record {
    Nothing,
    Offer {
        offer_id: OfferId,
        at: Location,
    },
    Alert {
        request_id: RequestId,
        coordinator: String,
        at: Location,
        summary: Box<crate::domain::notice::RequestSummary>,
    },
    Assignment {
        assignment_id: AssignmentId,
        at: Location,
    },
    OutreachDm {
        outreach_id: i64,
    },
    /// A message about a request, to be edited to name nobody when the request is purged.
    Trail {
        request_id: RequestId,
        recipient: String,
        at: Location,
    },
    /// A surge digest, up to date with every delivery row up to `horizon`.
    Digest {
        digest: crate::store::surges::SurgeDigestRow,
        horizon: i64,
    },
}

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub delivered: usize,
    pub retried: usize,
    pub dropped: usize,
}

impl Deliverer {
    pub fn new(
        program: Program,
        api: SlackApi,
        settings: Arc<Settings>,
        catalog: Arc<Catalog>,
        homes: HomeQueue,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                catalog,
                program,
                api,
                settings,
                homes,
                stopping: AtomicBool::new(false),
                pass: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The words of a message to `recipient`, in their language.
    async fn views_for(&self, recipient: &str) -> Views<'_> {
        let inner = &self.inner;
        let locale = crate::slack::bot::locale_of(&inner.api, &inner.catalog, recipient).await;
        Views::new(&inner.settings, &inner.catalog, inner.program.calendar(), locale)
    }

    /// Sends every row that may be tried now, lane by lane, until none is due.
    pub async fn deliver_due(&self) -> DeliveryReport {
        let _pass = self.inner.pass.lock().await;
        let mut report = DeliveryReport::default();
        let store = self.inner.program.store().clone();
        loop {
            if self.inner.stopping.load(Ordering::SeqCst) {
                return report;
            }
            let now_ms = self.inner.program.clock().now_ms();
            let heads = match store.lane_heads_due(now_ms, BATCH).await {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::error!(error = %e, "could not read the outbox");
                    return report;
                }
            };
            if heads.is_empty() {
                if report.delivered + report.dropped > 0 {
                    // Delivered rows (and an erased outreach note) leave the WAL at once.
                    if let Err(e) = store.checkpoint().await {
                        tracing::warn!(error = %e, "checkpoint after delivery failed");
                    }
                }
                return report;
            }
            let mut running = tokio::task::JoinSet::new();
            for row in heads {
                if self.inner.stopping.load(Ordering::SeqCst) {
                    break;
                }
                while running.len() >= CONCURRENCY {
                    if let Some(Ok(outcome)) = running.join_next().await {
                        tally(&mut report, outcome);
                    }
                }
                let me = self.clone();
                running.spawn(async move { me.deliver_row(row).await });
            }
            while let Some(done) = running.join_next().await {
                if let Ok(outcome) = done {
                    tally(&mut report, outcome);
                }
            }
        }
    }

    /// Delivers as work is queued (`Program::outbox_wake`) or falls due, until `stop`.
    /// The rows in flight are finished; the rest stay for the next start.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let wake = self.inner.program.outbox_wake();
        loop {
            if *stop.borrow() {
                break;
            }
            self.deliver_due().await;
            let store = self.inner.program.store();
            let now_ms = self.inner.program.clock().now_ms();
            let pause = match store.next_delivery_try().await {
                Ok(Some(next)) => Duration::from_millis((next - now_ms).clamp(10, 60_000) as u64),
                _ => Duration::from_secs(60),
            };
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(pause) => {}
                _ = crate::stop::until_stopped(&mut stop) => {}
            }
        }
        tracing::info!("delivery stopped");
    }

    /// Asks a running delivery to stop after the rows in flight.
    pub fn stop(&self) {
        self.inner.stopping.store(true, Ordering::SeqCst);
    }

    async fn deliver_row(&self, row: DeliveryRow) -> Outcome {
        let notice: Notice = match serde_json::from_str(&row.notice) {
            Ok(n) => n,
            Err(e) => {
                tracing::error!(delivery_id = row.id, error = %e, "a queued notice does not parse; dropped");
                self.drop_row(&row, None).await;
                return Outcome::Dropped;
            }
        };
        match self.send(&row, &notice).await {
            Ok(()) => {
                // The people it is about, and the coordinators whose queue shows it.
                let coordinators = self.inner.settings.program.coordinators.iter().cloned();
                self.inner.homes.mark(notice.people().into_iter().map(str::to_string).chain(coordinators));
                Outcome::Delivered
            }
            Err(SendError::Slack(e)) if is_permanent(&e) => {
                tracing::warn!(delivery_id = row.id, kind = notice.kind(), error = %e, "Slack cannot take this message; dropped");
                self.drop_row(&row, Some(&notice)).await;
                Outcome::Dropped
            }
            Err(e) => {
                let now_ms = self.inner.program.clock().now_ms();
                if now_ms - row.created_ms > GIVE_UP_AFTER.as_millis() as i64 {
                    tracing::error!(delivery_id = row.id, kind = notice.kind(), error = %e, "given up after a day of failures");
                    self.drop_row(&row, Some(&notice)).await;
                    return Outcome::Dropped;
                }
                let (wait, counts) = match &e {
                    SendError::Slack(s) => match s.retry_after() {
                        Some(wait) => (wait, false),
                        None => (backoff(row.attempts), true),
                    },
                    _ => (backoff(row.attempts), true),
                };
                tracing::warn!(delivery_id = row.id, kind = notice.kind(), error = %e, wait_ms = wait.as_millis() as u64, "not delivered; will retry");
                let next = now_ms + wait.as_millis() as i64;
                if let Err(e) = self.inner.program.store().retry_delivery(row.id, next, counts).await {
                    tracing::error!(delivery_id = row.id, error = %e, "could not reschedule a delivery");
                }
                Outcome::Retried
            }
        }
    }

    /// Deletes a row that will not be sent, releasing what it held in memory.
    async fn drop_row(&self, row: &DeliveryRow, notice: Option<&Notice>) {
        if let Some(Notice::CoordinatorAlert { details: Some(key), .. }) = notice {
            self.inner.program.relay().release_one(*key);
        }
        if let Err(e) = self.finish(row, Record::Nothing).await {
            tracing::error!(delivery_id = row.id, error = %e, "could not drop a delivery");
        }
    }

    /// Records what Slack confirmed and deletes the row, in one transaction.
    pub(super) async fn finish(&self, row: &DeliveryRow, record: Record) -> Result<(), SendError> {
        let store = self.inner.program.store();
        let mut tx = store.begin_write().await?;
        store.delivered(&mut tx, row.id).await?;
        let queued = self.record(&mut tx, row, record).await?;
        tx.commit().await?;
        if queued {
            self.inner.program.outbox_wake().notify_one();
        }
        Ok(())
    }
}

enum Outcome {
    Delivered,
    Retried,
    Dropped,
}

fn tally(report: &mut DeliveryReport, outcome: Outcome) {
    match outcome {
        Outcome::Delivered => report.delivered += 1,
        Outcome::Retried => report.retried += 1,
        Outcome::Dropped => report.dropped += 1,
    }
}

impl From<Posted> for Location {
    fn from(p: Posted) -> Self {
        Location { channel: p.channel, ts: p.ts }
    }
}

pub(super) async fn post(api: &SlackApi, to: &str, m: Message) -> Result<Posted, SlackError> {
    api.post_message(to, m.into_post()).await
}

pub(super) async fn edit(api: &SlackApi, at: &Location, m: Message) -> Result<(), SlackError> {
    // Attachments are sent (empty, mostly) so that an alert's state line goes too.
    api.update_message(&at.channel, &at.ts, m.into_replacement()).await
}

/// 1 s, 2 s, 4 s … up to ten minutes.
fn backoff(attempts: i64) -> Duration {
    (Duration::from_secs(1) * 2u32.pow(attempts.clamp(0, 16) as u32)).min(LONGEST_BACKOFF)
}

/// Slack's answers that mean the person can no longer be messaged.
pub fn gone_from_slack(error: &str) -> bool {
    matches!(error, "account_inactive" | "user_not_found" | "user_disabled" | "cannot_dm_bot")
}

/// Answers that no retry can change: the person is gone, or the message cannot exist.
fn is_permanent(e: &SlackError) -> bool {
    e.api_error().is_some_and(|error| {
        gone_from_slack(error)
            || matches!(
                error,
                "channel_not_found"
                    | "is_archived"
                    | "msg_too_long"
                    | "invalid_blocks"
                    | "no_text"
                    | "message_not_found"
                    | "cant_update_message"
                    | "edit_window_closed"
            )
    })
}

/// A one-time token: 128 bits from the operating system's random source.
pub(super) fn feedback_token() -> String {
    format!("{:016x}{:016x}", random_u64(), random_u64())
}
