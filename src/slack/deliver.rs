//! Delivers what the domain queued: every message and edit the bot owes, from the
//! `deliveries` outbox. One worker takes the first row of each recipient's lane (so a
//! person's messages keep their order and an edit waits for the post it edits), renders
//! it as Block Kit, sends it, records where a post landed, and deletes the row in the
//! same transaction. Slack's 429 is waited out; other failures are tried again with
//! backoff. A crash between Slack's answer and that transaction sends the row once more
//! after the restart: a rare duplicate beats a lost message.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::watch;

use super::api::{Posted, SlackApi, SlackError};
use super::home_queue::HomeQueue;
use super::views::{Message, Views};
use crate::domain::choices::{ContactPref, EventKind};
use crate::domain::notice::{Ending, Location, MatchState, Notice, OfferGoneWhy, PrivateDetails, ThreadUpdate};
use crate::domain::program::{AnswerKind, FlowError, Program, describe_wait};
use crate::domain::relay::random_u64;
use crate::settings::Settings;
use crate::store::Tx;
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
enum SendError {
    #[error(transparent)]
    Slack(#[from] SlackError),
    #[error("database: {0}")]
    Store(#[from] sqlx::Error),
    #[error(transparent)]
    Flow(#[from] FlowError),
}

/// What to record, with the row's deletion, once Slack confirmed.
enum Record {
    Nothing,
    Offer { offer_id: i64, at: Location },
    Alert { request_id: i64, coordinator: String, at: Location, summary: Box<crate::domain::notice::RequestSummary> },
    Assignment { assignment_id: i64, at: Location },
    OutreachDm { outreach_id: i64 },
}

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub delivered: usize,
    pub retried: usize,
    pub dropped: usize,
}

impl Deliverer {
    pub fn new(program: Program, api: SlackApi, settings: Arc<Settings>, homes: HomeQueue) -> Self {
        Self {
            inner: Arc::new(Inner {
                program,
                api,
                settings,
                homes,
                stopping: AtomicBool::new(false),
                pass: tokio::sync::Mutex::new(()),
            }),
        }
    }

    fn views(&self) -> Views<'_> {
        Views::new(&self.inner.settings)
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
                _ = stop.changed() => {}
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

    /// Renders and sends one notice; on success records it and deletes its row.
    async fn send(&self, row: &DeliveryRow, notice: &Notice) -> Result<(), SendError> {
        let views = self.views();
        let api = &self.inner.api;
        let program = &self.inner.program;
        let store = program.store();
        let calendar = program.calendar();
        let now = program.clock().now();
        let to = notice.recipient();
        let record = match notice {
            Notice::RequestReceived { match_by, .. } => {
                post(api, to, views.request_received(&calendar.describe_day(now, *match_by))).await?;
                Record::Nothing
            }
            Notice::CoordinatorAlert { coordinator, summary, state, details } => {
                let live = store.request(summary.request_id).await?.is_some_and(|r| r.status != "closed");
                if !live {
                    // Ended before its alert went out: nothing to show, nothing to scrub.
                    if let Some(key) = details {
                        program.relay().release_one(*key);
                    }
                    return self.finish(row, Record::Nothing).await;
                }
                let held = details.and_then(|key| program.relay().peek(key));
                let details = held.unwrap_or(PrivateDetails { resent: true, ..Default::default() });
                let names = self.candidate_names(state).await;
                let posted = post(api, coordinator, views.coordinator_alert(summary, &details, state, &names)).await?;
                if let Some(key) = notice_details_key(notice) {
                    program.relay().release_one(key);
                }
                Record::Alert {
                    request_id: summary.request_id,
                    coordinator: coordinator.clone(),
                    at: posted.into(),
                    summary: Box::new(summary.clone()),
                }
            }
            Notice::Offer { offer_id, supporter, summary, reveal_requester } => {
                let pending = store.offer(*offer_id).await?.is_some_and(|o| o.status == "pending");
                if !pending {
                    return self.finish(row, Record::Nothing).await;
                }
                if api.user_info(supporter).await.is_ok_and(|info| info.deleted) {
                    return self.unreachable(row, supporter, *offer_id).await;
                }
                let within = describe_wait(self.inner.settings.matching.offer_timeout, calendar);
                let m = views.offer(*offer_id, summary, *reveal_requester, &within);
                match post(api, supporter, m).await {
                    Ok(posted) => Record::Offer { offer_id: *offer_id, at: posted.into() },
                    Err(e) if e.api_error().is_some_and(gone_from_slack) => {
                        return self.unreachable(row, supporter, *offer_id).await;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            Notice::Assignment { assignment_id, offer_id, supporter, summary } => {
                let by = calendar.add(now, self.inner.settings.follow_up.supporter_reminder_after);
                let m = views.assignment(*assignment_id, summary, &calendar.describe_day(now, by));
                let offer_at = store.offer(*offer_id).await?.and_then(|o| Location::of(o.channel, o.message_ts));
                let at = match offer_at {
                    Some(at) => {
                        api.update_message(&at.channel, &at.ts, &m.text, m.blocks).await?;
                        at
                    }
                    None => post(api, supporter, m).await?.into(),
                };
                Record::Assignment { assignment_id: *assignment_id, at }
            }
            Notice::RequesterMatched { requester, supporter, contact_by } => {
                // Withdrawn meanwhile: "they will reach out" would no longer be true.
                let Some(request) = store.open_request_of(requester).await? else {
                    return self.finish(row, Record::Nothing).await;
                };
                let contact = ContactPref::from_code(&request.contact_pref);
                let m = views.requester_matched(supporter, contact, &calendar.describe_day(now, *contact_by));
                post(api, requester, m).await?;
                Record::Nothing
            }
            Notice::AlertThread { coordinator, request_id, update, broadcast } => {
                let Some(alert) = store.alert_of(*request_id, coordinator).await? else {
                    return self.finish(row, Record::Nothing).await;
                };
                let names = match update {
                    ThreadUpdate::Candidates { candidates } => {
                        self.candidate_names(&MatchState::Candidates { candidates: candidates.clone() }).await
                    }
                    _ => vec![],
                };
                let m = views.thread_update(*request_id, update, &names);
                api.post_reply(&alert.channel, &alert.message_ts, &m.text, m.blocks, *broadcast).await?;
                Record::Nothing
            }
            Notice::ScrubAlert { coordinator, summary, ending, at } => {
                let at = match at {
                    Some(at) => Some(at.clone()),
                    None => store
                        .alert_of(summary.request_id, coordinator)
                        .await?
                        .map(|a| Location { channel: a.channel, ts: a.message_ts }),
                };
                if let Some(at) = at {
                    edit(api, &at, views.scrubbed_alert(summary, *ending)).await?;
                }
                Record::Nothing
            }
            Notice::OfferGone { offer_id, why, at, .. } => {
                let at = match at {
                    Some(at) => Some(at.clone()),
                    None => store.offer(*offer_id).await?.and_then(|o| Location::of(o.channel, o.message_ts)),
                };
                if let Some(at) = at {
                    edit(api, &at, views.offer_gone(*why)).await?;
                }
                Record::Nothing
            }
            Notice::AssignmentEnded { assignment_id, ending, at, .. } => {
                let at = match at {
                    Some(at) => Some(at.clone()),
                    None => store.assignment(*assignment_id).await?.and_then(|a| Location::of(a.channel, a.message_ts)),
                };
                if let Some(at) = at {
                    edit(api, &at, views.assignment_ended(*ending)).await?;
                }
                Record::Nothing
            }
            Notice::SupporterPaused { supporter } => {
                post(api, supporter, views.supporter_paused()).await?;
                Record::Nothing
            }
            Notice::SafetyConcern { coordinator, request_id, assignment_id, supporter } => {
                post(api, coordinator, views.safety_alert(*request_id, *assignment_id, supporter)).await?;
                Record::Nothing
            }
            Notice::SafetyGuidance { supporter } => {
                post(api, supporter, views.safety_guidance()).await?;
                Record::Nothing
            }
            Notice::ConsentAsk { colleague, referrer } => {
                let token = self.answer_token(AnswerKind::Consent, colleague, None).await?;
                post(api, colleague, views.consent_ask(referrer.as_deref(), &token)).await?;
                Record::Nothing
            }
            Notice::ReferrerTold { referrer, colleague } => {
                post(api, referrer, views.referrer_told(colleague)).await?;
                Record::Nothing
            }
            Notice::CheckIn { requester, request_id } => {
                // Closed or withdrawn since it was queued: no check-in about it.
                let matched = store.request(*request_id).await?.is_some_and(|r| r.status == "matched");
                if !matched {
                    return self.finish(row, Record::Nothing).await;
                }
                post(api, requester, views.check_in(*request_id)).await?;
                Record::Nothing
            }
            Notice::SupporterNudge { supporter, requester } => {
                post(api, supporter, views.supporter_nudge(requester)).await?;
                Record::Nothing
            }
            Notice::TalkAgain { supporter, requester } => {
                post(api, supporter, views.talk_again_to_supporter(requester)).await?;
                Record::Nothing
            }
            Notice::Feedback { requester } => {
                // The token is made as the question goes out, so no queued row links it to anyone.
                let token = feedback_token();
                store.insert_feedback_token(&token, program.clock().now_ms()).await?;
                post(api, requester, views.feedback(&token)).await?;
                Record::Nothing
            }
            Notice::OutreachDm { recipient, outreach_id } => {
                let Some(outreach) = store.outreach(*outreach_id).await? else {
                    return self.finish(row, Record::Nothing).await;
                };
                let event = EventKind::from_code(&outreach.event_kind);
                let token = self.answer_token(AnswerKind::Outreach, recipient, Some(*outreach_id)).await?;
                post(api, recipient, views.outreach_dm(*outreach_id, event, outreach.note.as_deref(), &token)).await?;
                Record::OutreachDm { outreach_id: *outreach_id }
            }
            Notice::OutreachOnItsWay { leader, count } => {
                post(api, leader, views.outreach_on_its_way(*count)).await?;
                Record::Nothing
            }
            Notice::OutreachAgain { recipient, outreach_id, event } => {
                let token = self.answer_token(AnswerKind::Outreach, recipient, Some(*outreach_id)).await?;
                post(api, recipient, views.outreach_again(*event, &token)).await?;
                Record::Nothing
            }
        };
        self.finish(row, record).await
    }

    /// A one-time token for the buttons of a DM about to be sent: only its recipient can
    /// answer, once. Made as the DM goes out, so no queued row holds it.
    async fn answer_token(
        &self,
        kind: AnswerKind,
        recipient: &str,
        outreach_id: Option<i64>,
    ) -> Result<String, sqlx::Error> {
        let token = feedback_token();
        let now_ms = self.inner.program.clock().now_ms();
        self.inner.program.store().insert_answer_token(&token, kind.code(), recipient, outreach_id, now_ms).await?;
        Ok(token)
    }

    /// The supporter's Slack account is gone: they are paused and the offer passes on.
    async fn unreachable(&self, row: &DeliveryRow, supporter: &str, offer_id: i64) -> Result<(), SendError> {
        match self.inner.program.supporter_unreachable(supporter, offer_id).await {
            Ok(()) | Err(FlowError::Refused(_)) => self.finish(row, Record::Nothing).await,
            Err(e) => Err(e.into()),
        }
    }

    /// Records what Slack confirmed and deletes the row, in one transaction.
    async fn finish(&self, row: &DeliveryRow, record: Record) -> Result<(), SendError> {
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

    /// Writes where a post landed. When the thing it is about ended while it was on its
    /// way, the edit that says so is pointed at it (or queued); returns whether a row was
    /// queued.
    async fn record(&self, tx: &mut Tx<'static>, row: &DeliveryRow, record: Record) -> Result<bool, sqlx::Error> {
        let store = self.inner.program.store();
        match record {
            Record::Nothing => Ok(false),
            Record::OutreachDm { outreach_id } => {
                if store.erase_outreach_note_if_sent(tx, outreach_id).await? {
                    tracing::info!(outreach_id, "outreach delivered; its note is erased");
                }
                Ok(false)
            }
            Record::Offer { offer_id, at } => {
                let status = store.set_offer_message(tx, offer_id, &at.channel, &at.ts).await?;
                if status.as_deref() == Some("pending") {
                    return Ok(false);
                }
                let handed = store
                    .hand_location_to_edits(
                        tx,
                        &row.lane,
                        EditOf { kind: "offer_gone", field: "offer_id", id: offer_id },
                        &at.channel,
                        &at.ts,
                    )
                    .await?;
                if handed > 0 {
                    return Ok(false);
                }
                let why = match status.as_deref() {
                    Some("timed_out") => OfferGoneWhy::TimedOut,
                    Some("declined") => OfferGoneWhy::Declined,
                    Some("accepted") => return Ok(false),
                    _ => OfferGoneWhy::NoLongerNeeded,
                };
                tracing::info!(offer_id, "offer posted after it ended; changing it");
                let notice = Notice::OfferGone { supporter: row.lane.clone(), offer_id, why, at: Some(at) };
                self.queue(tx, &notice).await.map(|_| true)
            }
            Record::Alert { request_id, coordinator, at, summary } => {
                if store.insert_alert(tx, request_id, &coordinator, &at.channel, &at.ts).await? {
                    return Ok(false);
                }
                tracing::info!(request_id, "alert posted after its request ended; scrubbing it");
                let handed = store
                    .hand_location_to_edits(
                        tx,
                        &row.lane,
                        EditOf { kind: "scrub_alert", field: "summary.request_id", id: request_id },
                        &at.channel,
                        &at.ts,
                    )
                    .await?;
                if handed > 0 {
                    return Ok(false);
                }
                let notice =
                    Notice::ScrubAlert { coordinator, summary: *summary, ending: Ending::Withdrawn, at: Some(at) };
                self.queue(tx, &notice).await.map(|_| true)
            }
            Record::Assignment { assignment_id, at } => {
                let status = store.set_assignment_message(tx, assignment_id, &at.channel, &at.ts).await?;
                if status.as_deref() == Some("active") {
                    return Ok(false);
                }
                let handed = store
                    .hand_location_to_edits(
                        tx,
                        &row.lane,
                        EditOf { kind: "assignment_ended", field: "assignment_id", id: assignment_id },
                        &at.channel,
                        &at.ts,
                    )
                    .await?;
                if handed > 0 {
                    return Ok(false);
                }
                let ending = if status.is_none() { Ending::Withdrawn } else { Ending::ClosedByCoordinator };
                let notice =
                    Notice::AssignmentEnded { supporter: row.lane.clone(), assignment_id, ending, at: Some(at) };
                self.queue(tx, &notice).await.map(|_| true)
            }
        }
    }

    async fn queue(&self, tx: &mut Tx<'static>, notice: &Notice) -> Result<(), sqlx::Error> {
        let row = NewDelivery {
            lane: notice.recipient().to_string(),
            notice: serde_json::to_string(notice).map_err(|e| sqlx::Error::Encode(Box::new(e)))?,
            request_id: notice.request_id(),
            outreach_id: notice.outreach_id(),
        };
        let now_ms = self.inner.program.clock().now_ms();
        self.inner.program.store().queue_deliveries(tx, &[row], now_ms).await
    }

    async fn candidate_names(&self, state: &MatchState) -> Vec<(String, String)> {
        let MatchState::Candidates { candidates } = state else {
            return vec![];
        };
        let mut names = Vec::new();
        for c in candidates {
            names.push((c.supporter.clone(), self.inner.api.name_of(&c.supporter).await));
        }
        names
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

fn notice_details_key(notice: &Notice) -> Option<u64> {
    match notice {
        Notice::CoordinatorAlert { details, .. } => *details,
        _ => None,
    }
}

impl From<Posted> for Location {
    fn from(p: Posted) -> Self {
        Location { channel: p.channel, ts: p.ts }
    }
}

async fn post(api: &SlackApi, to: &str, m: Message) -> Result<Posted, SlackError> {
    api.post_message(to, &m.text, m.blocks).await
}

async fn edit(api: &SlackApi, at: &Location, m: Message) -> Result<(), SlackError> {
    api.update_message(&at.channel, &at.ts, &m.text, m.blocks).await
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
fn feedback_token() -> String {
    format!("{:016x}{:016x}", random_u64(), random_u64())
}
