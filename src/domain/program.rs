//! The request → offer → assignment state machine. Every step re-reads the database,
//! checks who may act, changes state in one short transaction, and returns what to say.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::calendar::Calendar;
use super::choices::{ContactPref, EventKind, Gender, GoodTime, Role, Seniority, join_codes, split_codes};
use super::matching::{self, Need};
use super::notice::{
    CheckInAnswer, Ending, FeedbackAnswer, MatchState, Notice, OfferGoneWhy, OutreachAnswer, Private, PrivateDetails,
    RequestSummary, ThreadUpdate,
};
use super::request_form::{ForWhom, RequestForm};
use crate::clock::{Clock, from_ms};
use crate::settings::{MatchingMode, Settings, is_slack_user_id};
use crate::store::Store;
use crate::store::assignments::AssignmentRow;
use crate::store::jobs::NewJob;
use crate::store::offers::{OfferEnd, OfferRow};
use crate::store::requests::{NewRequest, RequestRow};
use crate::store::retention::Purged;

/// Offers let time out in a row before a supporter is paused.
pub const MISSED_OFFERS_BEFORE_PAUSE: i64 = 3;
/// The most colleagues one outreach reaches.
pub const MAX_OUTREACH: usize = 1000;
/// How many candidates the coordinators' alert lists in coordinator mode.
pub const CANDIDATES_SHOWN: usize = 3;

/// Why a person's click or command changed nothing; the edge says so kindly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The offer was taken, withdrawn or expired.
    NoLongerAvailable,
    /// Only the supporter it was offered to may answer.
    NotYourOffer,
    /// Only the assigned supporter may use these buttons.
    NotYourAssignment,
    CoordinatorsOnly,
    /// Only the program's leaders may start outreach.
    LeadersOnly,
    /// Only the person who asked may withdraw.
    NotYourRequest,
    /// The same thing was already recorded (a second click).
    AlreadyDone,
    /// The person already has a request open.
    AlreadyOpen,
    /// The person picked is not on the roster.
    NotOnRoster,
    /// The request was closed or withdrawn.
    RequestGone,
}

#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("database: {0}")]
    Store(#[from] sqlx::Error),
}

impl Refusal {
    /// A short name for logs: what was refused, never who or what they chose.
    pub fn kind(&self) -> &'static str {
        match self {
            Refusal::NoLongerAvailable => "no_longer_available",
            Refusal::NotYourOffer => "not_your_offer",
            Refusal::NotYourAssignment => "not_your_assignment",
            Refusal::CoordinatorsOnly => "coordinators_only",
            Refusal::LeadersOnly => "leaders_only",
            Refusal::NotYourRequest => "not_your_request",
            Refusal::AlreadyDone => "already_done",
            Refusal::AlreadyOpen => "already_open",
            Refusal::NotOnRoster => "not_on_roster",
            Refusal::RequestGone => "request_gone",
        }
    }
}

impl From<Refusal> for FlowError {
    fn from(r: Refusal) -> Self {
        FlowError::Refused(r)
    }
}

pub type Flow = Result<Vec<Notice>, FlowError>;

/// Job kinds the state machine schedules.
pub mod jobs {
    pub const OFFER_TIMEOUT: &str = "offer_timeout";
    pub const MATCH_SLA: &str = "match_sla";
    /// A pending offer whose supporter left the roster: passed on at the next tick.
    pub const OFFER_WITHDRAW: &str = "offer_withdraw";
    /// A check-in with the requester (payload: its index in `follow_up.requester_after`).
    pub const CHECK_IN: &str = "check_in";
    /// "Ask me again in a few days" after outreach (payload: outreach id and recipient).
    pub const OUTREACH_AGAIN: &str = "outreach_again";
    /// "Was this helpful?" to the requester of a closed request.
    pub const FEEDBACK: &str = "feedback";
    /// A supporter who has not marked contact made (payload: assignment id and round).
    pub const SUPPORTER_REMINDER: &str = "supporter_reminder";
}

/// What the requester sees of their own request.
#[derive(Clone, Debug)]
pub struct RequesterStatus {
    pub request: RequestRow,
    pub assignment: Option<AssignmentRow>,
}

#[derive(Clone)]
pub struct Program {
    store: Store,
    settings: Arc<Settings>,
    calendar: Calendar,
    clock: Clock,
}

impl Program {
    pub fn new(store: Store, settings: Arc<Settings>, calendar: Calendar, clock: Clock) -> Self {
        Self { store, settings, calendar, clock }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn is_coordinator(&self, user: &str) -> bool {
        self.settings.program.coordinators.iter().any(|c| c == user)
    }

    pub fn is_leader(&self, user: &str) -> bool {
        self.settings.program.leaders.iter().any(|c| c == user)
    }

    /// Everyone may ask unless the program lists who may.
    pub fn is_eligible(&self, user: &str) -> bool {
        let eligible = &self.settings.program.eligible;
        eligible.is_empty() || eligible.iter().any(|e| e == user)
    }

    fn month(&self) -> String {
        self.calendar.month_of(self.clock.now())
    }

    /// A submitted request form. For a colleague nothing is stored: they are asked first.
    pub async fn submit_request(&self, user: &str, form: RequestForm, origin: &'static str) -> Flow {
        if form.for_whom == ForWhom::Colleague {
            let colleague = form.colleague.clone().ok_or(Refusal::NotYourRequest)?;
            let referrer = form.name_me_to_them.then(|| user.to_string());
            self.store.bump_count_now(&self.month(), "referrals_made").await?;
            return Ok(vec![Notice::ConsentAsk { colleague, referrer }]);
        }
        if self.store.open_request_of(user).await?.is_some() {
            return Err(Refusal::AlreadyOpen.into());
        }
        let now = self.clock.now();
        let new = NewRequest {
            requester: user.to_string(),
            origin,
            requester_role: form.role.map(|r| r.code().to_string()).unwrap_or_default(),
            requester_department: form.department.clone().unwrap_or_default(),
            requester_site: form.site.clone().unwrap_or_default(),
            pref_same_role: form.same_role,
            pref_role: form.specific_role.map(|r| r.code().to_string()).unwrap_or_default(),
            pref_outside_department: form.outside_department,
            pref_gender: form.gender.map(|g| g.code().to_string()).unwrap_or_default(),
            pref_seniority: form.seniority.map(|s| s.code().to_string()).unwrap_or_default(),
            preferred_supporter: form.preferred_supporter.clone(),
            contact_pref: form.contact.unwrap_or(ContactPref::SlackMessage).code().to_string(),
            good_times: join_codes(&form.good_times, GoodTime::code),
        };
        let id = self.store.insert_request(&new, now.timestamp_millis()).await?;
        match origin {
            "outreach" => self.store.bump_count_now(&self.month(), "outreach_accepted").await?,
            "referral" => self.store.bump_count_now(&self.month(), "referrals_accepted").await?,
            _ => {}
        }
        let match_by = self.calendar.add(now, self.settings.sla.match_within);
        {
            let mut tx = self.store.begin_write().await?;
            self.store.bump_count(&mut tx, &self.month(), "requests", 1).await?;
            self.store
                .schedule(
                    &mut tx,
                    &NewJob {
                        kind: jobs::MATCH_SLA,
                        dedupe_key: format!("{}:{id}:0", jobs::MATCH_SLA),
                        request_id: Some(id),
                        payload: "{}".into(),
                        due_ms: match_by.timestamp_millis(),
                    },
                    now.timestamp_millis(),
                )
                .await?;
            tx.commit().await?;
        }
        tracing::info!(request_id = id, "request created");
        let request = self.store.request(id).await?.ok_or(Refusal::RequestGone)?;
        let (state, mut offers) = self.find_supporter(&request).await?;
        let preferences = form.preference_words();
        let details = PrivateDetails { topics: form.topics, note: form.note, resent: false };
        let mut notices = vec![
            Notice::RequestReceived { requester: user.to_string(), match_by },
            Notice::CoordinatorAlert { summary: summary_of(&request, &preferences), details, state },
        ];
        notices.append(&mut offers);
        Ok(notices)
    }

    fn need_of(request: &RequestRow, excluded: Vec<String>) -> Need {
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Need {
            requester: request.requester.clone(),
            role: Role::from_code(&request.requester_role),
            department: non_empty(&request.requester_department),
            site: non_empty(&request.requester_site),
            same_role: request.pref_same_role,
            specific_role: Role::from_code(&request.pref_role),
            outside_department: request.pref_outside_department,
            gender: Gender::from_code(&request.pref_gender),
            seniority: Seniority::from_code(&request.pref_seniority),
            preferred_supporter: request.preferred_supporter.clone(),
            excluded: excluded.into_iter().collect(),
        }
    }

    /// Offers the request to the best candidate (auto mode) or lists candidates
    /// (coordinator mode). Returns the state for the alert and any offer to send.
    async fn find_supporter(&self, request: &RequestRow) -> Result<(MatchState, Vec<Notice>), FlowError> {
        let now_ms = self.clock.now_ms();
        let excluded = self.store.offered_supporters(request.id).await?;
        let need = Self::need_of(request, excluded);
        let candidates = matching::rank(&need, &self.store.supporters_for_matching(now_ms).await?);
        if candidates.is_empty() {
            self.store.set_exhausted(request.id, true).await?;
            tracing::info!(request_id = request.id, "no supporter left to offer");
            return Ok((MatchState::NoSupporter, vec![]));
        }
        if self.settings.matching.mode == MatchingMode::Coordinator {
            let top = candidates.into_iter().take(CANDIDATES_SHOWN).collect();
            return Ok((MatchState::Candidates(top), vec![]));
        }
        for candidate in candidates {
            if let Some(offer) = self.create_offer(request, &candidate.supporter, None).await? {
                return Ok((
                    MatchState::Offered { supporter: candidate.supporter.clone(), reason: candidate.reason },
                    vec![offer],
                ));
            }
            // Another offer is already pending for this request: nothing more to do.
            if let Some(pending) = self.store.pending_offer_for(request.id).await? {
                return Ok((MatchState::Offered { supporter: pending.supporter, reason: String::new() }, vec![]));
            }
        }
        Ok((MatchState::NoSupporter, vec![]))
    }

    /// One pending offer with its timeout job; `None` when the request already has one.
    async fn create_offer(
        &self,
        request: &RequestRow,
        supporter: &str,
        offered_by: Option<&str>,
    ) -> Result<Option<Notice>, FlowError> {
        let now = self.clock.now();
        let mut tx = self.store.begin_write().await?;
        let Some(offer_id) =
            self.store.insert_offer(&mut tx, request.id, supporter, offered_by, now.timestamp_millis()).await?
        else {
            return Ok(None);
        };
        let due = self.calendar.add(now, self.settings.matching.offer_timeout);
        self.store
            .schedule(
                &mut tx,
                &NewJob {
                    kind: jobs::OFFER_TIMEOUT,
                    dedupe_key: format!("{}:{offer_id}", jobs::OFFER_TIMEOUT),
                    request_id: Some(request.id),
                    payload: offer_id.to_string(),
                    due_ms: due.timestamp_millis(),
                },
                now.timestamp_millis(),
            )
            .await?;
        sqlx::query("UPDATE requests SET exhausted = 0 WHERE id = ?").bind(request.id).execute(&mut *tx).await?;
        tx.commit().await?;
        self.store.note_offered(supporter, now.timestamp_millis()).await?;
        tracing::info!(request_id = request.id, offer_id, "offered");
        Ok(Some(Notice::Offer {
            offer_id,
            supporter: supporter.to_string(),
            summary: summary_of(request, &[]),
            reveal_requester: !self.settings.matching.reveal_on_accept,
        }))
    }

    /// After a decline, a timeout or a reassignment: the next candidate, told in the thread.
    async fn pass_on(&self, request_id: i64) -> Flow {
        let Some(request) = self.store.request(request_id).await? else {
            return Ok(vec![]);
        };
        if request.status != "open" {
            return Ok(vec![]);
        }
        let (state, mut notices) = self.find_supporter(&request).await?;
        let update = match state {
            MatchState::Offered { supporter, reason } if !notices.is_empty() => {
                ThreadUpdate::Offered { supporter, reason, by: None }
            }
            MatchState::Offered { .. } => return Ok(notices),
            MatchState::Candidates(c) => ThreadUpdate::Candidates(c),
            MatchState::NoSupporter => ThreadUpdate::NoSupporter,
        };
        let broadcast = matches!(update, ThreadUpdate::NoSupporter | ThreadUpdate::Candidates(_));
        notices.insert(0, Notice::AlertThread { request_id, update, broadcast });
        Ok(notices)
    }

    /// Loads an offer the clicker may answer.
    async fn answerable_offer(&self, offer_id: i64, clicker: &str) -> Result<OfferRow, FlowError> {
        let offer = self.store.offer(offer_id).await?.ok_or(Refusal::NoLongerAvailable)?;
        if offer.supporter != clicker {
            return Err(Refusal::NotYourOffer.into());
        }
        if offer.status != "pending" {
            return Err(Refusal::NoLongerAvailable.into());
        }
        Ok(offer)
    }

    /// Accept: one short transaction that checks the offer is still open; a second or
    /// racing click finds it taken and changes nothing.
    pub async fn accept(&self, offer_id: i64, clicker: &str) -> Flow {
        self.answerable_offer(offer_id, clicker).await?;
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let mut tx = self.store.begin_write().await?;
        let Some(offer) = self.store.end_offer(&mut tx, offer_id, OfferEnd::Accepted, now_ms).await? else {
            return Err(Refusal::NoLongerAvailable.into());
        };
        let request: Option<RequestRow> = sqlx::query_as(
            "UPDATE requests SET status = 'matched', matched_ms = ?, exhausted = 0 WHERE id = ? AND status = 'open' RETURNING *",
        )
        .bind(now_ms)
        .bind(offer.request_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(request) = request else {
            return Err(Refusal::NoLongerAvailable.into());
        };
        let Some(assignment_id) = self
            .store
            .insert_assignment(
                &mut tx,
                offer.request_id,
                clicker,
                offer.channel.as_deref(),
                offer.message_ts.as_deref(),
                now_ms,
            )
            .await?
        else {
            return Err(Refusal::NoLongerAvailable.into());
        };
        self.store.cancel_job(&mut tx, &format!("{}:{offer_id}", jobs::OFFER_TIMEOUT)).await?;
        sqlx::query("UPDATE supporters SET missed_offers = 0 WHERE slack_user_id = ? AND missed_offers != 0")
            .bind(clicker)
            .execute(&mut *tx)
            .await?;
        let waited = self.calendar.elapsed(from_ms(request.created_ms), now);
        let bucket = format!("time_to_match:{}", duration_bucket(waited, self.calendar.business_day_length()));
        self.store.bump_counts(&mut tx, &self.month(), &["offers_accepted", "matched", &bucket]).await?;
        self.schedule_follow_ups(&mut tx, request.id, assignment_id, now).await?;
        tx.commit().await?;
        tracing::info!(request_id = offer.request_id, offer_id, assignment_id, "accepted");
        let contact_by = self.calendar.add(now, self.settings.follow_up.supporter_reminder_after);
        let summary = summary_of(&request, &[]);
        Ok(vec![
            Notice::Assignment {
                assignment_id,
                supporter: clicker.to_string(),
                summary,
                offer_message: offer.channel.zip(offer.message_ts),
            },
            Notice::RequesterMatched {
                requester: request.requester.clone(),
                supporter: clicker.to_string(),
                contact_by,
            },
            Notice::AlertThread {
                request_id: request.id,
                update: ThreadUpdate::Accepted { supporter: clicker.to_string() },
                broadcast: false,
            },
        ])
    }

    /// The check-ins with the requester and the reminder to the supporter, from Accept.
    async fn schedule_follow_ups(
        &self,
        tx: &mut crate::store::Tx<'_>,
        request_id: i64,
        assignment_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        let follow_up = &self.settings.follow_up;
        let mut planned: Vec<NewJob> = follow_up
            .requester_after
            .iter()
            .enumerate()
            .map(|(index, after)| NewJob {
                kind: jobs::CHECK_IN,
                dedupe_key: format!("{}:{request_id}:{index}", jobs::CHECK_IN),
                request_id: Some(request_id),
                payload: index.to_string(),
                due_ms: self.calendar.add(now, *after).timestamp_millis(),
            })
            .collect();
        planned.push(NewJob {
            kind: jobs::SUPPORTER_REMINDER,
            dedupe_key: format!("{}:{assignment_id}:0", jobs::SUPPORTER_REMINDER),
            request_id: Some(request_id),
            payload: format!("{assignment_id}:0"),
            due_ms: self.calendar.add(now, follow_up.supporter_reminder_after).timestamp_millis(),
        });
        self.store.schedule_all(tx, &planned, now.timestamp_millis()).await
    }

    /// A check-in job: only while the requester still has a supporter.
    pub async fn check_in(&self, request_id: i64) -> Flow {
        let Some(request) = self.store.request(request_id).await? else { return Ok(vec![]) };
        if request.status != "matched" {
            return Ok(vec![]);
        }
        let mut tx = self.store.begin_write().await?;
        self.store.bump_count(&mut tx, &self.month(), "checkins_sent", 1).await?;
        tx.commit().await?;
        tracing::info!(request_id, "check-in due");
        Ok(vec![Notice::CheckIn { requester: request.requester, request_id }])
    }

    /// The supporter-reminder job: round 0 nudges the supporter; round 1 tells the
    /// coordinators. Nothing once contact is made or the assignment ended.
    pub async fn supporter_reminder(&self, assignment_id: i64, round: i64) -> Flow {
        let Some(a) = self.store.assignment(assignment_id).await? else { return Ok(vec![]) };
        if a.status != "active" || a.contact_made_ms.is_some() {
            return Ok(vec![]);
        }
        if round == 0 {
            let now = self.clock.now();
            let due = self.calendar.add(now, self.settings.follow_up.supporter_reminder_after);
            let mut tx = self.store.begin_write().await?;
            self.store
                .schedule(
                    &mut tx,
                    &NewJob {
                        kind: jobs::SUPPORTER_REMINDER,
                        dedupe_key: format!("{}:{assignment_id}:1", jobs::SUPPORTER_REMINDER),
                        request_id: Some(a.request_id),
                        payload: format!("{assignment_id}:1"),
                        due_ms: due.timestamp_millis(),
                    },
                    now.timestamp_millis(),
                )
                .await?;
            tx.commit().await?;
            let requester = self.store.request(a.request_id).await?.map(|r| r.requester).unwrap_or_default();
            return Ok(vec![Notice::SupporterNudge { supporter: a.supporter, requester }]);
        }
        Ok(vec![Notice::AlertThread {
            request_id: a.request_id,
            update: ThreadUpdate::NoContactYet { supporter: a.supporter },
            broadcast: true,
        }])
    }

    /// The requester answers a check-in. Returns the supporter to prefer when they
    /// would like to talk again.
    pub async fn answer_check_in(
        &self,
        request_id: i64,
        clicker: &str,
        answer: CheckInAnswer,
    ) -> Result<Option<String>, FlowError> {
        let request = self.store.request(request_id).await?.ok_or(Refusal::RequestGone)?;
        if request.requester != clicker {
            return Err(Refusal::NotYourRequest.into());
        }
        let mut tx = self.store.begin_write().await?;
        self.store.bump_count(&mut tx, &self.month(), "checkins_answered", 1).await?;
        if answer == CheckInAnswer::Stop {
            sqlx::query("DELETE FROM jobs WHERE request_id = ? AND kind = ?")
                .bind(request_id)
                .bind(jobs::CHECK_IN)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        tracing::info!(request_id, "check-in answered");
        if answer != CheckInAnswer::TalkAgain {
            return Ok(None);
        }
        let supporter: Option<String> =
            sqlx::query_scalar("SELECT supporter FROM assignments WHERE request_id = ? ORDER BY id DESC LIMIT 1")
                .bind(request_id)
                .fetch_optional(self.store.pool())
                .await?;
        Ok(supporter)
    }

    /// A leader's outreach: one durable DM per colleague, delivered by the outbox.
    /// Returns the outreach id and how many colleagues it goes to.
    pub async fn start_outreach(
        &self,
        leader: &str,
        colleagues: &[String],
        event: Option<EventKind>,
        note: Option<&Private>,
    ) -> Result<(i64, usize), FlowError> {
        if !self.is_leader(leader) {
            return Err(Refusal::LeadersOnly.into());
        }
        let mut recipients: Vec<String> = Vec::new();
        for c in colleagues.iter().filter(|c| is_slack_user_id(c)) {
            if !recipients.contains(c) {
                recipients.push(c.clone());
            }
        }
        recipients.truncate(MAX_OUTREACH);
        let now_ms = self.clock.now_ms();
        let id = self
            .store
            .insert_outreach(event.map(|e| e.code()).unwrap_or_default(), note.map(|n| n.reveal()), &recipients, now_ms)
            .await?;
        let mut tx = self.store.begin_write().await?;
        self.store.bump_count(&mut tx, &self.month(), "outreach_offered", recipients.len() as i64).await?;
        tx.commit().await?;
        tracing::info!(outreach_id = id, colleagues = recipients.len(), "outreach started");
        Ok((id, recipients.len()))
    }

    /// A colleague's answer to an outreach DM: counted, never told to anyone.
    pub async fn answer_outreach(&self, outreach_id: i64, user: &str, answer: OutreachAnswer) -> Flow {
        let now = self.clock.now();
        let mut tx = self.store.begin_write().await?;
        let metric = match answer {
            OutreachAnswer::NotNow => "outreach_not_now",
            OutreachAnswer::AskAgain => "outreach_ask_again",
        };
        if answer == OutreachAnswer::AskAgain {
            let fresh = self
                .store
                .schedule(
                    &mut tx,
                    &NewJob {
                        kind: jobs::OUTREACH_AGAIN,
                        dedupe_key: format!("{}:{outreach_id}:{user}", jobs::OUTREACH_AGAIN),
                        request_id: None,
                        payload: format!("{outreach_id}:{user}"),
                        due_ms: self.calendar.add(now, self.settings.follow_up.ask_again_after).timestamp_millis(),
                    },
                    now.timestamp_millis(),
                )
                .await?;
            if !fresh {
                return Err(Refusal::AlreadyDone.into());
            }
        }
        self.store.bump_count(&mut tx, &self.month(), metric, 1).await?;
        tx.commit().await?;
        Ok(vec![])
    }

    /// The ask-again job: one more gentle DM, with no third.
    pub async fn outreach_again(&self, payload: &str) -> Flow {
        let Some((outreach_id, user)) = payload.split_once(':') else { return Ok(vec![]) };
        let event = match outreach_id.parse::<i64>() {
            Ok(id) => self.store.outreach(id).await?.and_then(|o| EventKind::from_code(&o.event_kind)),
            Err(_) => None,
        };
        Ok(vec![Notice::OutreachAgain { recipient: user.to_string(), event }])
    }

    /// A coordinator removes a supporter who has left: their pending offers pass on.
    pub async fn remove_supporter(&self, supporter: &str, clicker: &str) -> Flow {
        if !self.is_coordinator(clicker) {
            return Err(Refusal::CoordinatorsOnly.into());
        }
        let offers = self.store.pending_offers_of(supporter).await?;
        if !self.store.remove_supporter(supporter).await? {
            return Err(Refusal::NotOnRoster.into());
        }
        tracing::info!("supporter removed from the roster");
        let mut notices = Vec::new();
        for offer in offers {
            notices.extend(self.offer_withdrawn(offer.id).await?);
        }
        Ok(notices)
    }

    /// A supporter whose Slack account is gone: paused, and their offer passes on.
    pub async fn supporter_unreachable(&self, supporter: &str, offer_id: i64) -> Flow {
        self.store.set_availability(supporter, true, None, self.clock.now_ms()).await?;
        tracing::warn!(offer_id, "supporter's Slack account is deactivated; paused");
        self.offer_withdrawn(offer_id).await
    }

    /// Pauses or resumes offers to a supporter: themselves, or a coordinator for them.
    pub async fn set_availability(
        &self,
        supporter: &str,
        clicker: &str,
        paused: bool,
        until: Option<DateTime<Utc>>,
    ) -> Result<(), FlowError> {
        if supporter != clicker && !self.is_coordinator(clicker) {
            return Err(Refusal::CoordinatorsOnly.into());
        }
        let until_ms = until.map(|u| u.timestamp_millis());
        if !self.store.set_availability(supporter, paused, until_ms, self.clock.now_ms()).await? {
            return Err(Refusal::NotOnRoster.into());
        }
        Ok(())
    }

    /// The feedback job: one anonymous question to the requester of a closed request.
    pub async fn ask_feedback(&self, request_id: i64) -> Flow {
        let Some(request) = self.store.request(request_id).await? else { return Ok(vec![]) };
        let token = feedback_token();
        self.store.insert_feedback_token(&token, self.clock.now_ms()).await?;
        Ok(vec![Notice::Feedback { requester: request.requester, token }])
    }

    /// An answer to "Was this helpful?": counted once per question, linked to no one.
    pub async fn answer_feedback(&self, token: &str, answer: FeedbackAnswer) -> Flow {
        if !self.store.take_feedback_token(token).await? {
            return Err(Refusal::AlreadyDone.into());
        }
        let mut tx = self.store.begin_write().await?;
        self.store.bump_count(&mut tx, &self.month(), &format!("feedback_{}", answer.code()), 1).await?;
        tx.commit().await?;
        Ok(vec![])
    }

    /// Deletes requests closed longer ago than the retention period.
    pub async fn purge(&self) -> Result<Purged, sqlx::Error> {
        let cutoff = crate::store::retention::cutoff_ms(self.settings.retention.purge_closed_after, self.clock.now());
        let purged = self.store.purge_closed(cutoff).await?;
        if purged.requests > 0 {
            tracing::info!(
                requests = purged.requests,
                offers = purged.offers,
                assignments = purged.assignments,
                "purged"
            );
        }
        Ok(purged)
    }

    pub async fn decline(&self, offer_id: i64, clicker: &str) -> Flow {
        self.answerable_offer(offer_id, clicker).await?;
        self.end_offer_and_pass_on(offer_id, OfferEnd::Declined).await
    }

    /// The offer-timeout job: passes the request on, unless the offer was answered.
    pub async fn offer_timed_out(&self, offer_id: i64) -> Flow {
        self.end_offer_and_pass_on(offer_id, OfferEnd::TimedOut).await
    }

    /// The supporter left the roster: their pending offer passes to the next candidate.
    pub async fn offer_withdrawn(&self, offer_id: i64) -> Flow {
        self.end_offer_and_pass_on(offer_id, OfferEnd::Withdrawn).await
    }

    async fn end_offer_and_pass_on(&self, offer_id: i64, end: OfferEnd) -> Flow {
        let now_ms = self.clock.now_ms();
        let mut tx = self.store.begin_write().await?;
        let Some(offer) = self.store.end_offer(&mut tx, offer_id, end, now_ms).await? else {
            return match end {
                OfferEnd::TimedOut | OfferEnd::Withdrawn => Ok(vec![]),
                _ => Err(Refusal::NoLongerAvailable.into()),
            };
        };
        self.store.cancel_job(&mut tx, &format!("{}:{offer_id}", jobs::OFFER_TIMEOUT)).await?;
        self.store.bump_count(&mut tx, &self.month(), &format!("offers_{}", end.code()), 1).await?;
        let mut notices = Vec::new();
        if end == OfferEnd::TimedOut {
            let missed: i64 = sqlx::query_scalar(
                "UPDATE supporters SET missed_offers = missed_offers + 1 WHERE slack_user_id = ? RETURNING missed_offers",
            )
            .bind(&offer.supporter)
            .fetch_optional(&mut *tx)
            .await?
            .unwrap_or(0);
            if missed >= MISSED_OFFERS_BEFORE_PAUSE {
                sqlx::query("UPDATE supporters SET availability = 'paused', paused_until_ms = NULL, missed_offers = 0 WHERE slack_user_id = ?")
                    .bind(&offer.supporter)
                    .execute(&mut *tx)
                    .await?;
                notices.push(Notice::SupporterPaused { supporter: offer.supporter.clone() });
                tracing::info!(offer_id = offer.id, "supporter paused after missed offers");
            }
        } else {
            sqlx::query("UPDATE supporters SET missed_offers = 0 WHERE slack_user_id = ?")
                .bind(&offer.supporter)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        tracing::info!(request_id = offer.request_id, offer_id, outcome = end.code(), "offer ended");
        let why = match end {
            OfferEnd::TimedOut => OfferGoneWhy::TimedOut,
            OfferEnd::Withdrawn => OfferGoneWhy::PassedOn,
            _ => OfferGoneWhy::Declined,
        };
        if let Some((channel, ts)) = offer.channel.clone().zip(offer.message_ts.clone()) {
            notices.push(Notice::OfferGone { channel, ts, why });
        }
        let update = match end {
            OfferEnd::TimedOut => ThreadUpdate::TimedOut { supporter: offer.supporter.clone() },
            OfferEnd::Withdrawn => ThreadUpdate::LeftRoster { supporter: offer.supporter.clone() },
            _ => ThreadUpdate::Declined { supporter: offer.supporter.clone() },
        };
        notices.push(Notice::AlertThread { request_id: offer.request_id, update, broadcast: false });
        notices.extend(self.pass_on(offer.request_id).await?);
        Ok(notices)
    }

    async fn own_assignment(&self, assignment_id: i64, clicker: &str) -> Result<AssignmentRow, FlowError> {
        let assignment = self.store.assignment(assignment_id).await?.ok_or(Refusal::RequestGone)?;
        if assignment.supporter != clicker {
            return Err(Refusal::NotYourAssignment.into());
        }
        if assignment.status != "active" {
            return Err(Refusal::RequestGone.into());
        }
        Ok(assignment)
    }

    pub async fn contact_made(&self, assignment_id: i64, clicker: &str) -> Flow {
        let assignment = self.own_assignment(assignment_id, clicker).await?;
        let now = self.clock.now();
        if !self.store.mark_contact_made(assignment_id, now.timestamp_millis()).await? {
            return Err(Refusal::AlreadyDone.into());
        }
        if let Some(request) = self.store.request(assignment.request_id).await? {
            let waited = self.calendar.elapsed(from_ms(request.created_ms), now);
            let mut tx = self.store.begin_write().await?;
            self.store
                .bump_count(
                    &mut tx,
                    &self.month(),
                    &format!("time_to_contact:{}", duration_bucket(waited, self.calendar.business_day_length())),
                    1,
                )
                .await?;
            tx.commit().await?;
        }
        Ok(vec![Notice::AlertThread {
            request_id: assignment.request_id,
            update: ThreadUpdate::ContactMade { supporter: clicker.to_string() },
            broadcast: false,
        }])
    }

    pub async fn conversation_happened(&self, assignment_id: i64, clicker: &str) -> Flow {
        let assignment = self.own_assignment(assignment_id, clicker).await?;
        self.close(assignment.request_id, Ending::ConversationHappened, None).await
    }

    pub async fn safety_concern(&self, assignment_id: i64, clicker: &str) -> Flow {
        let assignment = self.own_assignment(assignment_id, clicker).await?;
        tracing::warn!(request_id = assignment.request_id, assignment_id, "safety concern raised");
        Ok(vec![
            Notice::SafetyConcern { request_id: assignment.request_id, assignment_id, supporter: clicker.to_string() },
            Notice::SafetyGuidance { supporter: clicker.to_string() },
        ])
    }

    pub async fn coordinator_close(&self, request_id: i64, clicker: &str) -> Flow {
        if !self.is_coordinator(clicker) {
            return Err(Refusal::CoordinatorsOnly.into());
        }
        self.close(request_id, Ending::ClosedByCoordinator, Some(clicker)).await
    }

    /// Closes a request: its pending offer is withdrawn, its assignment closed, the
    /// alerts lose the free text.
    async fn close(&self, request_id: i64, ending: Ending, by: Option<&str>) -> Flow {
        let now_ms = self.clock.now_ms();
        let request = self.store.request(request_id).await?.ok_or(Refusal::RequestGone)?;
        let mut tx = self.store.begin_write().await?;
        if !self.store.close_request(&mut tx, request_id, now_ms).await? {
            return Err(Refusal::RequestGone.into());
        }
        let mut notices = Vec::new();
        if let Some(offer) = self.withdraw_pending_offer(&mut tx, request_id, now_ms).await? {
            notices.push(offer);
        }
        let active = self.store.active_assignment_in(&mut tx, request_id).await?;
        if let Some(a) = active {
            let conversation = ending == Ending::ConversationHappened;
            self.store.end_assignment(&mut tx, a.id, "closed", conversation, now_ms).await?;
            if let Some((channel, ts)) = a.channel.zip(a.message_ts) {
                notices.push(Notice::AssignmentEnded { channel, ts, request_id, ending });
            }
        }
        sqlx::query("DELETE FROM jobs WHERE request_id = ?").bind(request_id).execute(&mut *tx).await?;
        self.store.bump_count(&mut tx, &self.month(), "closed", 1).await?;
        tx.commit().await?;
        tracing::info!(request_id, ?ending, "request closed");
        notices.push(self.scrub_alerts(&request, ending).await?);
        notices.push(Notice::AlertThread {
            request_id,
            update: ThreadUpdate::Closed { by: by.map(str::to_string) },
            broadcast: false,
        });
        if request.status == "matched" {
            // Asked through the scheduler, so a request closed at night is asked in the morning.
            let now_ms = self.clock.now_ms();
            let mut tx = self.store.begin_write().await?;
            self.store
                .schedule(
                    &mut tx,
                    &NewJob {
                        kind: jobs::FEEDBACK,
                        dedupe_key: format!("{}:{request_id}", jobs::FEEDBACK),
                        request_id: Some(request_id),
                        payload: String::new(),
                        due_ms: now_ms,
                    },
                    now_ms,
                )
                .await?;
            tx.commit().await?;
        }
        Ok(notices)
    }

    async fn withdraw_pending_offer(
        &self,
        tx: &mut crate::store::Tx<'_>,
        request_id: i64,
        now_ms: i64,
    ) -> Result<Option<Notice>, sqlx::Error> {
        let pending: Option<OfferRow> =
            sqlx::query_as("SELECT * FROM offers WHERE request_id = ? AND status = 'pending'")
                .bind(request_id)
                .fetch_optional(&mut **tx)
                .await?;
        let Some(pending) = pending else {
            return Ok(None);
        };
        self.store.end_offer(tx, pending.id, OfferEnd::Withdrawn, now_ms).await?;
        self.store.cancel_job(tx, &format!("{}:{}", jobs::OFFER_TIMEOUT, pending.id)).await?;
        self.store.bump_count(tx, &self.month(), "offers_withdrawn", 1).await?;
        Ok(pending.channel.zip(pending.message_ts).map(|(channel, ts)| Notice::OfferGone {
            channel,
            ts,
            why: OfferGoneWhy::NoLongerNeeded,
        }))
    }

    async fn scrub_alerts(&self, request: &RequestRow, ending: Ending) -> Result<Notice, sqlx::Error> {
        let alerts = self.store.alerts_for(request.id).await?;
        Ok(Notice::ScrubAlerts {
            alerts: alerts.into_iter().map(|a| (a.channel, a.message_ts)).collect(),
            summary: summary_of(request, &[]),
            ending,
        })
    }

    /// The coordinator takes the request back from its supporter (or pending offer) and
    /// passes it to the next candidate.
    pub async fn coordinator_reassign(&self, request_id: i64, clicker: &str) -> Flow {
        if !self.is_coordinator(clicker) {
            return Err(Refusal::CoordinatorsOnly.into());
        }
        let now_ms = self.clock.now_ms();
        let mut tx = self.store.begin_write().await?;
        let reopened =
            sqlx::query("UPDATE requests SET status = 'open', matched_ms = NULL WHERE id = ? AND status != 'closed'")
                .bind(request_id)
                .execute(&mut *tx)
                .await?;
        if reopened.rows_affected() == 0 {
            return Err(Refusal::RequestGone.into());
        }
        let mut notices = Vec::new();
        if let Some(offer) = self.withdraw_pending_offer(&mut tx, request_id, now_ms).await? {
            notices.push(offer);
        }
        let active = self.store.active_assignment_in(&mut tx, request_id).await?;
        let mut previous = String::new();
        if let Some(a) = active {
            self.store.end_assignment(&mut tx, a.id, "reassigned", false, now_ms).await?;
            previous = a.supporter.clone();
            if let Some((channel, ts)) = a.channel.zip(a.message_ts) {
                notices.push(Notice::AssignmentEnded { channel, ts, request_id, ending: Ending::ClosedByCoordinator });
            }
        }
        tx.commit().await?;
        tracing::info!(request_id, "reassigning");
        notices.push(Notice::AlertThread {
            request_id,
            update: ThreadUpdate::Reassigned { by: clicker.to_string(), supporter: previous },
            broadcast: false,
        });
        notices.extend(self.pass_on(request_id).await?);
        Ok(notices)
    }

    /// A coordinator offers the request to a supporter they chose (`Offer to NAME`, `Assign to`).
    pub async fn coordinator_offer(&self, request_id: i64, supporter: &str, clicker: &str) -> Flow {
        if !self.is_coordinator(clicker) {
            return Err(Refusal::CoordinatorsOnly.into());
        }
        if self.store.supporter(supporter).await?.is_none() {
            return Err(Refusal::NotOnRoster.into());
        }
        let request = self.store.request(request_id).await?.ok_or(Refusal::RequestGone)?;
        if request.status != "open" {
            return Err(Refusal::RequestGone.into());
        }
        let mut notices = Vec::new();
        {
            let mut tx = self.store.begin_write().await?;
            if let Some(n) = self.withdraw_pending_offer(&mut tx, request_id, self.clock.now_ms()).await? {
                notices.push(n);
            }
            tx.commit().await?;
        }
        let offer = self.create_offer(&request, supporter, Some(clicker)).await?.ok_or(Refusal::NoLongerAvailable)?;
        notices.push(Notice::AlertThread {
            request_id,
            update: ThreadUpdate::Offered {
                supporter: supporter.to_string(),
                reason: String::new(),
                by: Some(clicker.to_string()),
            },
            broadcast: false,
        });
        notices.push(offer);
        Ok(notices)
    }

    /// The requester withdraws: the request is counted and deleted at once.
    pub async fn withdraw(&self, request_id: i64, clicker: &str) -> Flow {
        let request = self.store.request(request_id).await?.ok_or(Refusal::RequestGone)?;
        if request.requester != clicker {
            return Err(Refusal::NotYourRequest.into());
        }
        if request.status == "closed" {
            return Err(Refusal::RequestGone.into());
        }
        let scrub = self.scrub_alerts(&request, Ending::Withdrawn).await?;
        let now_ms = self.clock.now_ms();
        let mut tx = self.store.begin_write().await?;
        let mut notices = Vec::new();
        if let Some(offer) = self.withdraw_pending_offer(&mut tx, request_id, now_ms).await? {
            notices.push(offer);
        }
        let active = self.store.active_assignment_in(&mut tx, request_id).await?;
        if let Some((channel, ts)) = active.and_then(|a| a.channel.zip(a.message_ts)) {
            notices.push(Notice::AssignmentEnded { channel, ts, request_id, ending: Ending::Withdrawn });
        }
        self.store.bump_count(&mut tx, &self.month(), "withdrawn", 1).await?;
        if !self.store.delete_request(&mut tx, request_id).await? {
            return Err(Refusal::RequestGone.into());
        }
        tx.commit().await?;
        tracing::info!(request_id, "request withdrawn and deleted");
        notices.push(scrub);
        Ok(notices)
    }

    /// The match-SLA job: still unmatched past `sla.match_within` → the coordinators hear,
    /// then once each business day until it is matched or closed.
    pub async fn match_overdue(&self, request_id: i64, round: i64) -> Flow {
        let Some(request) = self.store.request(request_id).await? else {
            return Ok(vec![]);
        };
        if request.status != "open" {
            return Ok(vec![]);
        }
        let now = self.clock.now();
        let waited = self.calendar.elapsed(from_ms(request.created_ms), now);
        let next = self.calendar.add(now, Duration::from_secs(86_400));
        let mut tx = self.store.begin_write().await?;
        self.store
            .schedule(
                &mut tx,
                &NewJob {
                    kind: jobs::MATCH_SLA,
                    dedupe_key: format!("{}:{request_id}:{}", jobs::MATCH_SLA, round + 1),
                    request_id: Some(request_id),
                    payload: (round + 1).to_string(),
                    due_ms: next.timestamp_millis(),
                },
                now.timestamp_millis(),
            )
            .await?;
        tx.commit().await?;
        Ok(vec![Notice::AlertThread {
            request_id,
            update: ThreadUpdate::StillWaiting { waited: describe_wait(waited, &self.calendar) },
            broadcast: true,
        }])
    }

    /// What a crash between a commit and its Slack message may have left unsaid: offers
    /// with no DM, and open requests whose coordinators were never alerted. Run at start.
    /// The free text cannot come back (it was never stored); the alert says so.
    pub async fn undelivered(&self) -> Result<Vec<Notice>, sqlx::Error> {
        let mut notices = Vec::new();
        let offers: Vec<OfferRow> =
            sqlx::query_as("SELECT * FROM offers WHERE status = 'pending' AND message_ts IS NULL ORDER BY id")
                .fetch_all(self.store.pool())
                .await?;
        let unalerted: Vec<RequestRow> = sqlx::query_as(
            "SELECT * FROM requests r WHERE status != 'closed' AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.request_id = r.id) ORDER BY id",
        )
        .fetch_all(self.store.pool())
        .await?;
        for request in unalerted {
            let state = match self.store.pending_offer_for(request.id).await? {
                Some(o) => MatchState::Offered { supporter: o.supporter, reason: String::new() },
                None => MatchState::NoSupporter,
            };
            tracing::warn!(request_id = request.id, "coordinators' alert re-sent after a restart");
            notices.push(Notice::CoordinatorAlert {
                summary: summary_of(&request, &[]),
                details: PrivateDetails { topics: vec![], note: None, resent: true },
                state,
            });
        }
        for offer in offers {
            let Some(request) = self.store.request(offer.request_id).await? else { continue };
            tracing::warn!(offer_id = offer.id, "offer DM re-sent after a restart");
            notices.push(Notice::Offer {
                offer_id: offer.id,
                supporter: offer.supporter,
                summary: summary_of(&request, &[]),
                reveal_requester: !self.settings.matching.reveal_on_accept,
            });
        }
        Ok(notices)
    }

    /// The requester's open request, for `/peer-support status` and the Home tab.
    pub async fn requester_status(&self, user: &str) -> Result<Option<RequesterStatus>, sqlx::Error> {
        let Some(request) = self.store.open_request_of(user).await? else {
            return Ok(None);
        };
        let assignment = self.store.active_assignment_for(request.id).await?;
        Ok(Some(RequesterStatus { request, assignment }))
    }
}

/// A random one-time token (128 bits from the standard library's randomly seeded hasher).
fn feedback_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let part = |salt: u64| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u64(salt);
        h.finish()
    };
    format!("{:016x}{:016x}", part(1), part(2))
}

/// What the supporter and the coordinators may see of a request.
pub fn summary_of(request: &RequestRow, preferences: &[String]) -> RequestSummary {
    RequestSummary {
        request_id: request.id,
        requester: request.requester.clone(),
        role: Role::from_code(&request.requester_role),
        department: request.requester_department.clone(),
        site: request.requester_site.clone(),
        contact_pref: ContactPref::from_code(&request.contact_pref),
        good_times: split_codes(&request.good_times, GoodTime::from_code),
        preferences: preferences.to_vec(),
    }
}

/// The report's histogram buckets, in order.
pub const DURATION_BUCKETS: [&str; 6] = ["under_1h", "under_4h", "under_1d", "under_2d", "under_5d", "5d_or_more"];

/// The histogram bucket of a waiting time; a "day" is one business day when the
/// program counts business time (`day` is its length).
pub fn duration_bucket(waited: Duration, day: Duration) -> &'static str {
    let (s, day) = (waited.as_secs(), day.as_secs().max(1));
    match s {
        s if s < 3600 => DURATION_BUCKETS[0],
        s if s < 4 * 3600 => DURATION_BUCKETS[1],
        s if s < day => DURATION_BUCKETS[2],
        s if s < 2 * day => DURATION_BUCKETS[3],
        s if s < 5 * day => DURATION_BUCKETS[4],
        _ => DURATION_BUCKETS[5],
    }
}

/// "3 business hours", "2 business days": how long someone has waited, in plain words.
pub fn describe_wait(waited: Duration, calendar: &Calendar) -> String {
    let unit = if calendar.counts_business_time() { "business " } else { "" };
    let day = calendar.business_day_length().as_secs().max(1);
    let secs = waited.as_secs();
    if secs >= day {
        let days = secs / day;
        format!("{days} {unit}day{}", if days == 1 { "" } else { "s" })
    } else if secs >= 3600 {
        let hours = secs / 3600;
        format!("{hours} {unit}hour{}", if hours == 1 { "" } else { "s" })
    } else {
        let minutes = (secs / 60).max(1);
        format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_fall_in_the_report_buckets() {
        let h = |n: u64| Duration::from_secs(n * 3600);
        // A business day of nine hours.
        let day = h(9);
        assert_eq!(duration_bucket(Duration::from_secs(59 * 60), day), "under_1h");
        assert_eq!(duration_bucket(h(3), day), "under_4h");
        assert_eq!(duration_bucket(h(8), day), "under_1d");
        assert_eq!(duration_bucket(h(17), day), "under_2d");
        assert_eq!(duration_bucket(h(44), day), "under_5d");
        assert_eq!(duration_bucket(h(45), day), "5d_or_more");
        // Wall time: a day is 24 hours.
        assert_eq!(duration_bucket(h(23), h(24)), "under_1d");
    }
}
