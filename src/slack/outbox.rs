//! Delivers outreach DMs from the durable outbox: one `chat.postMessage` per colleague,
//! marked sent the moment Slack confirms it. Slack's 429 is waited out; other failures
//! are tried again later; a restart resumes with what is still pending.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::{Notify, watch};

use super::bot::Bot;
use crate::domain::choices::EventKind;
use crate::store::outbox::OutreachRow;

/// DMs read from the database in one go.
const BATCH: i64 = 100;
/// Tries before a DM is given up (a person who left Slack, say).
const MAX_ATTEMPTS: i64 = 8;
/// The longest pause between tries of one DM.
const LONGEST_BACKOFF: Duration = Duration::from_secs(300);

#[derive(Clone)]
pub struct Outbox {
    bot: Bot,
    stopping: Arc<AtomicBool>,
}

impl Outbox {
    pub fn new(bot: Bot) -> Self {
        Self { bot, stopping: Arc::default() }
    }

    /// Sends every pending DM that may be tried now; returns how many were delivered.
    pub async fn send_due(&self) -> usize {
        let store = self.bot.program().store();
        let mut delivered = 0;
        let mut outreaches: HashMap<i64, Option<OutreachRow>> = HashMap::new();
        let mut touched = BTreeSet::new();
        loop {
            let now_ms = self.bot.program().clock().now_ms();
            let rows = match store.pending_outbox(now_ms, BATCH).await {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::error!(error = %e, "could not read the outbox");
                    break;
                }
            };
            if rows.is_empty() {
                break;
            }
            // Marks overlap the next DM's round trip; all are written before the next batch
            // is read, so a DM that was sent is never picked up again.
            let mut marks = tokio::task::JoinSet::new();
            for row in rows {
                if self.stopping.load(Ordering::SeqCst) {
                    marks.join_all().await;
                    return delivered;
                }
                if let std::collections::hash_map::Entry::Vacant(slot) = outreaches.entry(row.outreach_id) {
                    slot.insert(store.outreach(row.outreach_id).await.ok().flatten());
                }
                let outreach = outreaches.get(&row.outreach_id).and_then(Option::as_ref);
                let event = outreach.and_then(|o| EventKind::from_code(&o.event_kind));
                let note = outreach.and_then(|o| o.note.as_deref());
                let m = self.bot.views().outreach_dm(row.outreach_id, event, note);
                touched.insert(row.outreach_id);
                match self.bot.api().post_message(&row.recipient, &m.text, m.blocks).await {
                    Ok(_) => {
                        delivered += 1;
                        let (store, now_ms) = (store.clone(), self.bot.program().clock().now_ms());
                        marks.spawn(async move {
                            if let Err(e) = store.mark_outbox_sent(row.id, now_ms).await {
                                tracing::error!(outbox_id = row.id, error = %e, "sent DM not marked");
                            }
                        });
                    }
                    Err(e) => {
                        let wait = e.retry_after().unwrap_or_else(|| {
                            (Duration::from_secs(1) * 2u32.pow(row.attempts.clamp(0, 16) as u32)).min(LONGEST_BACKOFF)
                        });
                        tracing::warn!(outbox_id = row.id, error = %e, "outreach DM not delivered; will retry");
                        let next = self.bot.program().clock().now_ms() + wait.as_millis() as i64;
                        let _ = store.retry_outbox(row.id, next, MAX_ATTEMPTS).await;
                    }
                }
            }
            marks.join_all().await;
        }
        for outreach_id in touched {
            match store.finish_outreach_if_done(outreach_id).await {
                Ok(true) => tracing::info!(outreach_id, "outreach delivered; its note is erased"),
                Ok(false) => {}
                Err(e) => tracing::error!(outreach_id, error = %e, "could not finish the outreach"),
            }
        }
        delivered
    }

    /// Delivers as work arrives (`wake`) or falls due, until `stop`. The DM in flight
    /// is finished; the rest stay pending for the next start.
    pub async fn run(self, wake: Arc<Notify>, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                break;
            }
            self.send_due().await;
            let store = self.bot.program().store();
            let now_ms = self.bot.program().clock().now_ms();
            let pause = match store.next_outbox_try().await {
                Ok(Some(next)) => Duration::from_millis((next - now_ms).clamp(10, 60_000) as u64),
                _ => Duration::from_secs(60),
            };
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(pause) => {}
                _ = stop.changed() => {}
            }
        }
        tracing::info!("outbox stopped");
    }

    /// Asks a running delivery to stop after the DM in flight.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }
}
