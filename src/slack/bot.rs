//! The handler both transports feed: a parsed delivery in, an immediate answer out.
//! State changes happen before the answer; what to tell people is delivered after it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use serde_json::value::RawValue;
use serde_json::{Value, json};
use std::collections::HashMap;

use super::api::SlackApi;
use super::deliver::Deliverer;
use super::home::{self, Pages, home_action};
use super::home_queue::HomeQueue;
use super::inbound::{BlockAction, Event, Inbound, SlashCommand, ViewSubmission};
use super::views::{
    Message, NO_PREFERENCE, PREFER_NOT_TO_SAY, Views, action, callback, field, outreach_field, roster_field,
};
use crate::domain::choices::{ContactPref, EventKind, Gender, GoodTime, Role, Seniority, Topic};
use crate::domain::notice::{CheckInAnswer, FeedbackAnswer, OutreachAnswer, Private};
use crate::domain::program::{AnswerKind, CheckInOutcome, FlowError, Program, Refusal, RequestSource};
use crate::domain::report::Report;
use crate::domain::request_form::{ForWhom, FormField, RequestForm};
use crate::metrics::Metrics;
use crate::settings::{Settings, is_slack_user_id};
use crate::store::roster::RosterEntry;

/// The immediate answer to Slack (the HTTP response body, or a Socket Mode ack payload).
#[derive(Clone, Debug, PartialEq)]
pub enum Ack {
    /// 200 with no body.
    Empty,
    /// 200 with a JSON body (an ephemeral reply, modal errors, a challenge).
    Json(Value),
    /// The delivery came from another workspace: refused, nothing changed.
    OtherWorkspace,
}

#[derive(Clone)]
pub struct Bot {
    inner: Arc<Inner>,
}

struct Inner {
    program: Program,
    api: SlackApi,
    settings: Arc<Settings>,
    metrics: Arc<Metrics>,
    /// The workspace `auth.test` reported at start.
    team_id: RwLock<Option<String>>,
    /// Deliveries still running after their ack (waited for at shutdown).
    in_flight: AtomicUsize,
    /// Sends what the domain queued.
    deliverer: Deliverer,
    /// Bounds the work done after acks (see [`Bot::after_ack`]).
    after_ack_slots: Arc<tokio::sync::Semaphore>,
    /// The request modal as sent to Slack, by (offers "a colleague", metadata), with
    /// when it was built: the roster's choices change rarely.
    modal_cache: std::sync::Mutex<HashMap<ModalKey, (Instant, Arc<RawValue>)>>,
    /// Home tabs to republish, coalesced so a burst of changes publishes each once.
    homes: HomeQueue,
}

impl Bot {
    pub fn new(program: Program, api: SlackApi, settings: Arc<Settings>, metrics: Arc<Metrics>) -> Self {
        let homes = HomeQueue::default();
        let deliverer = Deliverer::new(program.clone(), api.clone(), settings.clone(), homes.clone());
        Self {
            inner: Arc::new(Inner {
                program,
                api,
                settings,
                metrics,
                team_id: RwLock::new(None),
                in_flight: AtomicUsize::new(0),
                deliverer,
                after_ack_slots: Arc::new(tokio::sync::Semaphore::new(AFTER_ACK_LIMIT)),
                modal_cache: Default::default(),
                homes,
            }),
        }
    }

    pub fn program(&self) -> &Program {
        &self.inner.program
    }

    pub fn api(&self) -> &SlackApi {
        &self.inner.api
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.inner.metrics
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    pub fn set_team_id(&self, team: String) {
        *self.inner.team_id.write().expect("team lock") = Some(team);
    }

    /// The program's words, to render a message.
    pub fn views(&self) -> Views<'_> {
        Views::new(&self.inner.settings)
    }

    /// Sends what the domain queued (tests drive a pass with `deliver_due`).
    pub fn deliverer(&self) -> &Deliverer {
        &self.inner.deliverer
    }

    /// Deliveries that have been acknowledged but are still talking to Slack.
    pub fn in_flight(&self) -> usize {
        self.inner.in_flight.load(Ordering::SeqCst)
    }

    /// Waits (up to `limit`) for acknowledged work to finish, for a graceful shutdown.
    pub async fn drain(&self, limit: Duration) {
        let until = Instant::now() + limit;
        while self.in_flight() > 0 && Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Runs `work` after the ack, counted so a shutdown waits for it.
    ///
    /// At most `AFTER_ACK_LIMIT` of these run at once. When all are busy the ack waits
    /// for one (backpressure), so a burst cannot pile up work or memory without bound.
    async fn after_ack<F>(&self, work: F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        let permit = self.inner.after_ack_slots.clone().acquire_owned().await;
        let bot = self.clone();
        bot.inner.in_flight.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            work.await;
            drop(permit);
            bot.inner.in_flight.fetch_sub(1, Ordering::SeqCst);
        });
    }

    /// Handles one delivery. `received` is when it arrived (a modal trigger lasts 3 s).
    pub async fn handle(&self, inbound: Inbound, received: Instant) -> Ack {
        let known = self.inner.team_id.read().expect("team lock").clone();
        if let (Some(known), Some(claimed)) = (known.as_deref(), inbound.team_id())
            && known != claimed
        {
            tracing::warn!(team = %claimed, "delivery from another workspace refused");
            return Ack::OtherWorkspace;
        }
        match inbound {
            Inbound::Command(c) => self.command(c, received).await,
            Inbound::Action(a) => self.action(*a, received).await,
            Inbound::Submission(s) => self.submission(s).await,
            Inbound::Event(Event::AppHomeOpened { user, .. }) => {
                tracing::debug!("home opened");
                self.inner.homes.viewing(&user);
                let bot = self.clone();
                self.after_ack(async move { bot.publish_home(&user, Pages::default()).await }).await;
                Ack::Empty
            }
            Inbound::Event(Event::Other { kind }) => {
                tracing::debug!(kind = %kind, "event ignored");
                Ack::Empty
            }
            Inbound::UrlVerification { challenge } => Ack::Json(json!({ "challenge": challenge })),
            Inbound::Ignored { kind } => {
                tracing::debug!(kind = %kind, "delivery ignored");
                Ack::Empty
            }
        }
    }

    fn reply(m: Message) -> Ack {
        Ack::Json(m.ephemeral())
    }

    // ----- slash commands --------------------------------------------------------------

    async fn command(&self, c: SlashCommand, received: Instant) -> Ack {
        let sub = c.text.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        tracing::info!(command = %command_label(&c.command), subcommand = %sub_label(&sub), "command");
        match c.command.as_str() {
            "/peer-support" => self.peer_support(c, &sub, received).await,
            "/peer-outreach" if self.program().is_leader(&c.user_id) => {
                self.open_view_after_ack(
                    c.user_id.clone(),
                    c.trigger_id.clone(),
                    c.response_url.clone(),
                    received,
                    |bot| bot.views().outreach_modal(),
                )
                .await;
                Ack::Empty
            }
            "/peer-admin" if self.program().is_coordinator(&c.user_id) => self.admin_command(c, received).await,
            "/peer-outreach" | "/peer-admin" => self.restricted_command(&c),
            _ => Self::reply(self.views().unknown_subcommand()),
        }
    }

    async fn peer_support(&self, c: SlashCommand, sub: &str, received: Instant) -> Ack {
        let views = self.views();
        let program = self.program();
        match sub {
            "" => {
                if !program.is_eligible(&c.user_id) {
                    return Self::reply(views.not_eligible());
                }
                self.open_request_modal(
                    c.user_id.clone(),
                    c.trigger_id.clone(),
                    c.response_url.clone(),
                    true,
                    "self",
                    received,
                )
                .await;
                Ack::Empty
            }
            "help" => Self::reply(views.help()),
            "resources" => Self::reply(views.resources()),
            "status" => match self.status_message(&c.user_id).await {
                Ok(m) => Self::reply(m),
                Err(e) => self.internal(e),
            },
            "pause" | "resume" => match program.set_availability(&c.user_id, &c.user_id, sub == "pause", None).await {
                Ok(()) => {
                    let bot = self.clone();
                    let user = c.user_id.clone();
                    self.after_ack(async move { bot.refresh_homes(vec![user]) }).await;
                    Self::reply(views.availability(sub == "pause"))
                }
                Err(FlowError::Refused(_)) => Self::reply(views.not_a_supporter()),
                Err(e) => self.internal(e),
            },
            _ => Self::reply(views.unknown_subcommand()),
        }
    }

    /// A leaders' or coordinators' command used by someone else: who may, and nothing more.
    fn restricted_command(&self, c: &SlashCommand) -> Ack {
        let who = if c.command == "/peer-outreach" { "the program's leaders" } else { "the program's coordinators" };
        let text = format!("Only {who} can use {}. If you need something, a coordinator can help.", c.command);
        Self::reply(self.views().acknowledged(&text))
    }

    /// `/peer-admin` opens the coordinator's tools; `/peer-admin stats [YYYY-MM]` the report.
    async fn admin_command(&self, c: SlashCommand, received: Instant) -> Ack {
        let mut words = c.text.split_whitespace();
        match words.next().map(str::to_ascii_lowercase).as_deref() {
            None => {
                self.open_admin_modal(c.user_id.clone(), c.trigger_id.clone(), c.response_url.clone(), received).await;
                Ack::Empty
            }
            Some("stats") => {
                let program = self.program();
                let month = match words.next() {
                    None => program.calendar().month_of(program.clock().now()),
                    Some(m) if chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok() => {
                        m.to_string()
                    }
                    Some(_) => {
                        let hint = "Please give the month as YYYY-MM, like `/peer-admin stats 2026-11`.";
                        return Self::reply(self.views().acknowledged(hint));
                    }
                };
                match program.store().counts_for_month(&month).await {
                    Ok(counts) => Self::reply(self.views().report(&Report::from_counts(&month, &counts))),
                    Err(e) => self.internal(e),
                }
            }
            Some(_) => Self::reply(self.views().acknowledged(
                "`/peer-admin` opens the coordinator's tools; `/peer-admin stats YYYY-MM` shows a month's counts.",
            )),
        }
    }

    /// Opens the coordinator's tools in a modal after the ack.
    async fn open_admin_modal(
        &self,
        user: String,
        trigger_id: Option<String>,
        response_url: Option<String>,
        received: Instant,
    ) {
        let bot = self.clone();
        self.after_ack(async move {
            let Some(trigger) = trigger_id else { return };
            let blocks = match home::coordinator_blocks(&bot, Pages::default()).await {
                Ok(b) => b,
                Err(e) => {
                    tracing::error!(error = %e, "coordinator tools unavailable");
                    return;
                }
            };
            if let Err(e) = bot.api().open_view(&trigger, bot.views().admin_modal(blocks), received).await {
                tracing::warn!(error = %e, "admin modal did not open");
                bot.tell_privately(&user, None, response_url.as_deref(), bot.views().modal_failed()).await;
            }
        })
        .await;
    }

    /// Publishes `user`'s Home tab as it stands now.
    pub async fn publish_home(&self, user: &str, pages: Pages) {
        match home::home_view(self, user, pages).await {
            Ok(view) => {
                if let Err(e) = self.api().publish_home(user, view).await {
                    tracing::warn!(error = %e, "home not published");
                }
            }
            Err(e) => tracing::error!(error = %e, "home not built"),
        }
    }

    /// Marks the Home tabs a change touched (the people in it and the coordinators) for
    /// republishing by [`Bot::publish_dirty_homes`].
    fn refresh_homes(&self, people: Vec<String>) {
        let coordinators = self.settings().program.coordinators.iter().cloned();
        self.inner.homes.mark(people.into_iter().chain(coordinators));
    }

    /// Publishes dirty Home tabs until `stop`: each at most once per `HOME_COALESCE`.
    pub async fn publish_dirty_homes(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            tokio::select! {
                _ = self.inner.homes.changed() => {}
                _ = stop.changed() => break,
            }
            tokio::time::sleep(HOME_COALESCE).await;
            let dirty = self.inner.homes.take();
            for user in dirty {
                self.publish_home(&user, Pages::default()).await;
            }
        }
    }

    /// The person's status, when they have a request open.
    async fn status_if_open(&self, user: &str) -> Result<Option<Message>, sqlx::Error> {
        if self.program().store().open_request_of(user).await?.is_none() {
            return Ok(None);
        }
        self.status_message(user).await.map(Some)
    }

    async fn status_message(&self, user: &str) -> Result<Message, sqlx::Error> {
        let views = self.views();
        let program = self.program();
        Ok(match program.requester_status(user).await? {
            None => views.status_none(),
            Some(status) => {
                let offered = program.store().pending_offer_for(status.request.id).await?.is_some();
                views.status_open(status.request.id, status.assignment.as_ref().map(|a| a.supporter.as_str()), offered)
            }
        })
    }

    /// Opens the request modal after the ack; a failure is told through `response_url`.
    async fn open_request_modal(
        &self,
        user: String,
        trigger_id: Option<String>,
        response_url: Option<String>,
        for_colleague: bool,
        metadata: impl Into<String>,
        received: Instant,
    ) {
        let metadata = metadata.into();
        let bot = self.clone();
        self.after_ack(async move {
            let Some(trigger) = trigger_id else { return };
            let view = match bot.request_modal(for_colleague, metadata).await {
                Ok(view) => view,
                Err(e) => {
                    tracing::error!(error = %e, "request modal not built");
                    return;
                }
            };
            if let Err(e) = bot.api().open_view_raw(&trigger, &view, received).await {
                tracing::warn!(error = %e, "request modal did not open");
                bot.tell_privately(&user, None, response_url.as_deref(), bot.views().modal_failed()).await;
            }
        })
        .await;
    }

    /// The request modal, serialized once and reused while the roster's choices are fresh.
    async fn request_modal(&self, for_colleague: bool, metadata: String) -> Result<Arc<RawValue>, sqlx::Error> {
        let key = (for_colleague, metadata);
        // Only the plain forms are cached: one carrying a DM's one-time token is built once.
        let cacheable = key.1 == "self";
        if cacheable
            && let Some((built, view)) = self.inner.modal_cache.lock().expect("modal lock").get(&key)
            && built.elapsed() < MODAL_FRESH
        {
            return Ok(view.clone());
        }
        let store = self.program().store();
        let departments = store.roster_departments().await?;
        let sites = store.roster_sites().await?;
        let view = self.views().request_modal(&departments, &sites, key.0, &key.1);
        let raw: Arc<RawValue> = RawValue::from_string(view.to_string()).expect("a Value serializes to JSON").into();
        if cacheable {
            self.inner.modal_cache.lock().expect("modal lock").insert(key, (Instant::now(), raw.clone()));
        }
        Ok(raw)
    }

    /// Opens a modal built by `view` after the ack; a failure is told through `response_url`.
    async fn open_view_after_ack(
        &self,
        user: String,
        trigger_id: Option<String>,
        response_url: Option<String>,
        received: Instant,
        view: impl FnOnce(&Bot) -> Value + Send + 'static,
    ) {
        let bot = self.clone();
        self.after_ack(async move {
            let Some(trigger) = trigger_id else { return };
            if let Err(e) = bot.api().open_view(&trigger, view(&bot), received).await {
                tracing::warn!(error = %e, "modal did not open");
                bot.tell_privately(&user, None, response_url.as_deref(), bot.views().modal_failed()).await;
            }
        })
        .await;
    }

    // ----- clicks ----------------------------------------------------------------------

    async fn action(&self, a: BlockAction, received: Instant) -> Ack {
        tracing::info!(action = %action_label(&a.action_id), "click");
        let program = self.program().clone();
        let user = a.user_id.clone();
        let id = a.value.as_deref().and_then(|v| v.parse::<i64>().ok());
        let result = match (a.action_id.as_str(), id) {
            (action::OFFER_ACCEPT, Some(id)) => program.accept(id, &user).await,
            (action::OFFER_DECLINE, Some(id)) => program.decline(id, &user).await,
            (action::CONTACT_MADE, Some(id)) => {
                let done = program.contact_made(id, &user).await;
                if done.is_ok() {
                    self.tell_after_ack(&a, "Thank you. Contact made is noted.").await;
                }
                done
            }
            (action::CONVERSATION_HAPPENED, Some(id)) => program.conversation_happened(id, &user).await,
            (action::SAFETY_CONCERN, Some(id)) => program.safety_concern(id, &user).await,
            (action::REASSIGN, Some(id)) => program.coordinator_reassign(id, &user).await,
            (action::CLOSE, Some(id)) => program.coordinator_close(id, &user).await,
            (action::WITHDRAW, Some(id)) => {
                let done = program.withdraw(id, &user).await;
                if done.is_ok() {
                    let bot = self.clone();
                    let a = a.clone();
                    self.after_ack(async move {
                        let m = bot.views().withdrawn();
                        bot.tell_privately(&a.user_id, a.channel_id.as_deref(), a.response_url.as_deref(), m).await;
                    })
                    .await;
                }
                done
            }
            (action::OFFER_TO, _) => match a.value.as_deref().and_then(|v| v.split_once(':')) {
                Some((request, supporter)) => match request.parse::<i64>() {
                    Ok(request) => program.coordinator_offer(request, supporter, &user).await,
                    Err(_) => return Ack::Empty,
                },
                None => return Ack::Empty,
            },
            (action::ASSIGN_TO, _) => {
                let request = a.block_id.strip_prefix("assign:").and_then(|r| r.parse::<i64>().ok());
                match (request, a.selected_user.as_deref()) {
                    (Some(request), Some(supporter)) => program.coordinator_offer(request, supporter, &user).await,
                    _ => return Ack::Empty,
                }
            }
            (action::CONSENT_YES, _) => {
                let token = a.value.clone().unwrap_or_default();
                match program.may_answer(&token, AnswerKind::Consent, &user).await {
                    Err(e) => Err(e),
                    Ok(()) => match program.store().open_request_of(&user).await {
                        Err(e) => return self.internal(e),
                        Ok(Some(_)) => Err(FlowError::Refused(Refusal::AlreadyOpen)),
                        Ok(None) => {
                            let metadata = format!("referral:{token}");
                            self.open_request_modal(
                                user.clone(),
                                a.trigger_id.clone(),
                                a.response_url.clone(),
                                false,
                                metadata,
                                received,
                            )
                            .await;
                            Ok(())
                        }
                    },
                }
            }
            (
                action::CHECKIN_OKAY | action::CHECKIN_RESOURCES | action::CHECKIN_STOP | action::CHECKIN_TALK_AGAIN,
                Some(id),
            ) => {
                return self.check_in_answer(a, id, received).await;
            }
            (action::FEEDBACK, _) => {
                let Some((token, answer)) = a.value.as_deref().and_then(|v| v.split_once(':')) else {
                    return Ack::Empty;
                };
                let Some(answer) = FeedbackAnswer::from_code(answer) else { return Ack::Empty };
                match program.answer_feedback(token, answer).await {
                    Ok(_) | Err(FlowError::Refused(_)) => {
                        let bot = self.clone();
                        self.after_ack(async move {
                            let m = bot.views().feedback_thanks();
                            bot.replace_clicked_message(&a, m).await;
                        })
                        .await;
                        return Ack::Empty;
                    }
                    Err(e) => Err(e),
                }
            }
            (action::OUTREACH_YES, _) => {
                let token = a.value.clone().unwrap_or_default();
                if let Err(e) = program.may_answer(&token, AnswerKind::Outreach, &user).await {
                    self.settle(Err(e), &a).await;
                    return Ack::Empty;
                }
                match self.status_if_open(&user).await {
                    Ok(Some(m)) => {
                        let bot = self.clone();
                        let a = a.clone();
                        self.after_ack(async move {
                            bot.tell_privately(&a.user_id, a.channel_id.as_deref(), a.response_url.as_deref(), m).await;
                        })
                        .await;
                    }
                    Ok(None) => {
                        self.open_request_modal(
                            user.clone(),
                            a.trigger_id.clone(),
                            a.response_url.clone(),
                            false,
                            format!("outreach:{token}"),
                            received,
                        )
                        .await
                    }
                    Err(e) => return self.internal(e),
                }
                return Ack::Empty;
            }
            (action::OUTREACH_NOT_NOW | action::OUTREACH_ASK_AGAIN, _) => {
                let Some(token) = a.value.clone() else { return Ack::Empty };
                let answer = if a.action_id == action::OUTREACH_NOT_NOW {
                    OutreachAnswer::NotNow
                } else {
                    OutreachAnswer::AskAgain
                };
                let result = program.answer_outreach(&token, &user, answer).await;
                if matches!(result, Ok(_) | Err(FlowError::Refused(Refusal::AlreadyDone))) {
                    let bot = self.clone();
                    let a = a.clone();
                    self.after_ack(async move {
                        let views = bot.views();
                        let m = match answer {
                            OutreachAnswer::NotNow => views.outreach_not_now(),
                            OutreachAnswer::AskAgain => {
                                let program = bot.program();
                                let now = program.clock().now();
                                let when = program.calendar().add(now, bot.settings().follow_up.ask_again_after);
                                views.outreach_ask_again_later(&program.calendar().describe_day(now, when))
                            }
                        };
                        bot.replace_clicked_message(&a, m).await;
                    })
                    .await;
                    return Ack::Empty;
                }
                result
            }
            (home_action::ASK, _) => {
                if let Ok(Some(m)) = self.status_if_open(&user).await {
                    let bot = self.clone();
                    self.after_ack(async move { bot.tell_privately(&user, None, None, m).await }).await;
                } else if !program.is_eligible(&user) {
                    let bot = self.clone();
                    self.after_ack(async move {
                        let m = bot.views().not_eligible();
                        bot.tell_privately(&user, None, None, m).await;
                    })
                    .await;
                } else {
                    self.open_request_modal(user.clone(), a.trigger_id.clone(), None, true, "self", received).await;
                }
                return Ack::Empty;
            }
            (home_action::OUTREACH, _) => {
                if !program.is_leader(&user) {
                    return self.refuse_click(&a, Refusal::LeadersOnly).await;
                }
                self.open_view_after_ack(user.clone(), a.trigger_id.clone(), None, received, |bot| {
                    bot.views().outreach_modal()
                })
                .await;
                return Ack::Empty;
            }
            (home_action::PAGE, _) => {
                let pages = Pages::parse(a.value.as_deref().unwrap_or(""));
                let bot = self.clone();
                self.after_ack(async move { bot.publish_home(&user, pages).await }).await;
                return Ack::Empty;
            }
            (home_action::PAUSE | home_action::RESUME | home_action::PAUSE_UNTIL, _) => {
                let paused = a.action_id != home_action::RESUME;
                let until = a.selected_date.as_deref().and_then(|d| self.end_of_day(d));
                if a.action_id == home_action::PAUSE_UNTIL && until.is_none() {
                    return Ack::Empty;
                }
                match program.set_availability(&user, &user, paused, until).await {
                    Ok(()) => {
                        self.refresh_homes(vec![user]);
                        return Ack::Empty;
                    }
                    Err(e) => Err(e),
                }
            }
            (home_action::ROSTER_ADD, _) => {
                if !program.is_coordinator(&user) {
                    return self.refuse_click(&a, Refusal::CoordinatorsOnly).await;
                }
                self.open_view_after_ack(user.clone(), a.trigger_id.clone(), None, received, |bot| {
                    bot.views().roster_modal(None)
                })
                .await;
                return Ack::Empty;
            }
            (home_action::ROSTER_MENU, _) => return self.roster_menu(a, received).await,
            (action::CONSENT_NO, _) => {
                let token = a.value.clone().unwrap_or_default();
                match program.decline_consent(&token, &user).await {
                    Ok(()) | Err(FlowError::Refused(Refusal::AlreadyDone)) => {
                        let bot = self.clone();
                        let a = a.clone();
                        self.after_ack(async move {
                            let m = bot.views().consent_declined();
                            bot.replace_clicked_message(&a, m).await;
                        })
                        .await;
                        return Ack::Empty;
                    }
                    Err(e) => Err(e),
                }
            }
            (other, _) => {
                tracing::debug!(action = %other, "unknown or stale action");
                return Ack::Empty;
            }
        };
        self.settle(result, &a).await;
        Ack::Empty
    }

    /// A check-in answer. "Talk again" asks the same supporter while they are still
    /// assigned, and otherwise opens a new request that prefers them.
    async fn check_in_answer(&self, a: BlockAction, request_id: i64, received: Instant) -> Ack {
        let answer = match a.action_id.as_str() {
            action::CHECKIN_OKAY => CheckInAnswer::Okay,
            action::CHECKIN_RESOURCES => CheckInAnswer::Resources,
            action::CHECKIN_STOP => CheckInAnswer::Stop,
            _ => CheckInAnswer::TalkAgain,
        };
        let outcome = match self.program().answer_check_in(request_id, &a.user_id, answer).await {
            Ok(outcome) => outcome,
            Err(e) => {
                self.settle(Err(e), &a).await;
                return Ack::Empty;
            }
        };
        if let CheckInOutcome::AskAgain { prefer } = &outcome {
            let metadata = prefer.as_ref().map(|s| format!("again:{s}")).unwrap_or_else(|| "self".into());
            self.open_request_modal(
                a.user_id.clone(),
                a.trigger_id.clone(),
                a.response_url.clone(),
                false,
                metadata,
                received,
            )
            .await;
            return Ack::Empty;
        }
        let bot = self.clone();
        self.after_ack(async move {
            let views = bot.views();
            let m = match (answer, &outcome) {
                (_, CheckInOutcome::SupporterTold { supporter }) => views.talk_again_requested(supporter),
                (CheckInAnswer::Okay, _) => views.check_in_okay(),
                (CheckInAnswer::Stop, _) => views.check_in_stopped(),
                (CheckInAnswer::Resources, _) => views.resources(),
                (CheckInAnswer::TalkAgain, _) => return,
            };
            bot.tell_privately(&a.user_id, a.channel_id.as_deref(), a.response_url.as_deref(), m).await;
        })
        .await;
        Ack::Empty
    }

    /// Replaces the message a button was pressed on (its buttons go with it).
    async fn replace_clicked_message(&self, a: &BlockAction, m: Message) {
        let result = match (a.response_url.as_deref(), a.channel_id.as_deref(), a.message_ts.as_deref()) {
            (Some(url), _, _) => {
                self.api().respond(url, json!({ "replace_original": true, "text": m.text, "blocks": m.blocks })).await
            }
            (None, Some(channel), Some(ts)) => self.api().update_message(channel, ts, &m.text, m.blocks).await,
            _ => Ok(()),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "message not replaced");
        }
    }

    async fn refuse_click(&self, a: &BlockAction, refusal: Refusal) -> Ack {
        self.settle(Err(FlowError::Refused(refusal)), a).await;
        Ack::Empty
    }

    /// The end of a date (`YYYY-MM-DD`) in the program's time zone.
    fn end_of_day(&self, date: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        use chrono::TimeZone;
        let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        let end = day.and_hms_opt(23, 59, 59)?;
        self.program().calendar().timezone().from_local_datetime(&end).earliest().map(|t| t.with_timezone(&chrono::Utc))
    }

    /// A coordinator's choice from a roster row's menu: edit, pause, resume or remove.
    async fn roster_menu(&self, a: BlockAction, received: Instant) -> Ack {
        let program = self.program().clone();
        let user = a.user_id.clone();
        if !program.is_coordinator(&user) {
            return self.refuse_click(&a, Refusal::CoordinatorsOnly).await;
        }
        let Some((what, supporter)) = a.selected_option.as_deref().and_then(|v| v.split_once(':')) else {
            return Ack::Empty;
        };
        let supporter = supporter.to_string();
        let result = match what {
            "edit" => {
                let existing = program.store().supporter(&supporter).await.ok().flatten();
                self.open_view_after_ack(user.clone(), a.trigger_id.clone(), None, received, move |bot| {
                    bot.views().roster_modal(existing.as_ref())
                })
                .await;
                return Ack::Empty;
            }
            "pause" | "resume" => program.set_availability(&supporter, &user, what == "pause", None).await,
            "remove" => program.remove_supporter(&supporter, &user).await,
            _ => return Ack::Empty,
        };
        match result {
            Ok(()) => {
                self.refresh_homes(vec![user, supporter]);
                let bot = self.clone();
                let clicked = a.clone();
                self.after_ack(async move { bot.refresh_admin_modal(&clicked).await }).await;
            }
            Err(e) => self.settle(Err(e), &a).await,
        }
        Ack::Empty
    }

    /// The roster modal's submission: a coordinator adds or edits a supporter.
    async fn roster_submission(&self, s: ViewSubmission) -> Ack {
        let errors =
            |block: &str, text: &str| Ack::Json(json!({ "response_action": "errors", "errors": { block: text } }));
        if !self.program().is_coordinator(&s.user_id) {
            return errors(roster_field::USER, &self.views().refusal(&Refusal::CoordinatorsOnly).text);
        }
        let state = &s.view.state;
        let Some(supporter) = state.user(roster_field::USER).filter(|u| is_slack_user_id(u)) else {
            return errors(roster_field::USER, "Choose the supporter.");
        };
        let max_active =
            state.text(roster_field::MAX_ACTIVE).and_then(|m| m.parse::<i64>().ok()).filter(|m| (1..=50).contains(m));
        let Some(max_active) = max_active else {
            return errors(roster_field::MAX_ACTIVE, "A whole number from 1 to 50.");
        };
        let entry = RosterEntry {
            slack_user_id: supporter.clone(),
            role: state.option(roster_field::ROLE).and_then(|r| Role::from_code(&r)),
            department: state.text(roster_field::DEPARTMENT).unwrap_or_default(),
            specialty: state.text(roster_field::SPECIALTY).unwrap_or_default(),
            site: state.text(roster_field::SITE).unwrap_or_default(),
            gender: state.option(roster_field::GENDER).and_then(|g| Gender::from_code(&g)),
            seniority: state.option(roster_field::SENIORITY).and_then(|x| Seniority::from_code(&x)),
            max_active,
        };
        match self.program().store().upsert_supporters(&[entry], self.program().clock().now_ms()).await {
            Ok(_) => {
                tracing::info!("roster entry saved");
                self.refresh_homes(vec![supporter]);
                Ack::Empty
            }
            Err(e) => {
                tracing::error!(error = %e, "roster entry not saved");
                errors(roster_field::USER, "Sorry, that didn't save. Please try again.")
            }
        }
    }

    async fn tell_after_ack(&self, a: &BlockAction, text: &str) {
        let bot = self.clone();
        let a = a.clone();
        let text = text.to_string();
        self.after_ack(async move {
            let m = bot.views().acknowledged(&text);
            bot.tell_privately(&a.user_id, a.channel_id.as_deref(), a.response_url.as_deref(), m).await;
        })
        .await;
    }

    /// After a click: deliver the notices, or tell the person why nothing changed.
    async fn settle(&self, result: Result<(), FlowError>, a: &BlockAction) {
        let bot = self.clone();
        let a = a.clone();
        match result {
            Ok(()) => self.after_ack(async move { bot.refresh_admin_modal(&a).await }).await,
            Err(FlowError::Refused(refusal)) => {
                tracing::info!(action = %action_label(&a.action_id), refused = refusal.kind(), "click refused");
                self.after_ack(async move {
                    let m = bot.views().refusal(&refusal);
                    bot.tell_privately(&a.user_id, a.channel_id.as_deref(), a.response_url.as_deref(), m).await;
                })
                .await;
            }
            Err(e) => {
                tracing::error!(action = %action_label(&a.action_id), error = %e, "click failed");
                self.after_ack(async move {
                    let m = bot.views().something_went_wrong();
                    bot.tell_privately(&a.user_id, a.channel_id.as_deref(), a.response_url.as_deref(), m).await;
                })
                .await;
            }
        }
    }

    /// Redraws the coordinator's tools when the click came from that modal.
    async fn refresh_admin_modal(&self, a: &BlockAction) {
        let Some(view) = a.view.as_ref().filter(|v| v.callback_id == callback::ADMIN) else { return };
        match home::coordinator_blocks(self, Pages::default()).await {
            Ok(blocks) => {
                if let Err(e) = self.api().update_view(&view.id, self.views().admin_modal(blocks)).await {
                    tracing::warn!(error = %e, "admin modal not refreshed");
                }
            }
            Err(e) => tracing::error!(error = %e, "coordinator tools unavailable"),
        }
    }

    /// A private message to one person: through `response_url` when there is one,
    /// as an ephemeral in `channel`, or else as a DM.
    async fn tell_privately(&self, user: &str, channel: Option<&str>, response_url: Option<&str>, m: Message) {
        let api = self.api();
        let result = match (response_url, channel) {
            (Some(url), _) => api.respond(url, m.ephemeral()).await,
            (None, Some(channel)) => api.post_ephemeral(channel, user, &m.text, m.blocks).await,
            (None, None) => api.post_message(user, &m.text, m.blocks).await.map(|_| ()),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "private reply not delivered");
        }
    }

    fn internal(&self, e: impl std::fmt::Display) -> Ack {
        tracing::error!(error = %e, "database error");
        Self::reply(self.views().something_went_wrong())
    }

    // ----- modal submissions -------------------------------------------------------------

    async fn submission(&self, s: ViewSubmission) -> Ack {
        if s.view.callback_id == callback::OUTREACH {
            return self.outreach_submission(s).await;
        }
        if s.view.callback_id == callback::ROSTER_ENTRY {
            return self.roster_submission(s).await;
        }
        if s.view.callback_id != callback::REQUEST {
            return Ack::Empty;
        }
        let mut form = form_from_state(&s);
        // Option values come back from the client: keep only values the roster offers,
        // so a forged submission cannot write its own text into the database.
        let store = self.program().store();
        if let Some(d) = &form.department
            && !store.roster_departments().await.unwrap_or_default().contains(d)
        {
            form.department = None;
        }
        if let Some(site) = &form.site
            && !store.roster_sites().await.unwrap_or_default().contains(site)
        {
            form.site = None;
        }
        form.colleague = form.colleague.filter(|c| is_slack_user_id(c));
        let problems = form.problems(&s.user_id);
        if !problems.is_empty() {
            let errors: serde_json::Map<String, Value> =
                problems.iter().map(|p| (block_of(p.field).to_string(), json!(p.message))).collect();
            return Ack::Json(json!({ "response_action": "errors", "errors": errors }));
        }
        let metadata = s.view.private_metadata.as_str();
        let source = if let Some(token) = metadata.strip_prefix("referral:") {
            RequestSource::Referral { token: token.to_string() }
        } else if let Some(token) = metadata.strip_prefix("outreach:") {
            RequestSource::Outreach { token: token.to_string() }
        } else {
            RequestSource::Myself
        };
        // "I'd like to talk again": prefer the same supporter, if they are still on the roster.
        if let Some(again) = s.view.private_metadata.strip_prefix("again:")
            && store.supporter(again).await.ok().flatten().is_some()
        {
            form.preferred_supporter = Some(again.to_string());
        }
        tracing::info!("request form submitted");
        match self.program().submit_request(&s.user_id, form, source).await {
            Ok(()) => Ack::Empty,
            Err(FlowError::Refused(r)) => {
                let text = match r {
                    Refusal::NotEligible => self.views().not_eligible_inline(),
                    r => self.views().refusal(&r).text,
                };
                Ack::Json(json!({ "response_action": "errors", "errors": { field::CONTACT: text } }))
            }
            Err(e) => {
                tracing::error!(error = %e, "request not saved");
                Ack::Json(json!({ "response_action": "errors", "errors": {
                    field::CONTACT: "Sorry, something went wrong on our side and nothing was sent. Please try again in a moment."
                }}))
            }
        }
    }

    async fn outreach_submission(&self, s: ViewSubmission) -> Ack {
        let state = &s.view.state;
        let colleagues = state.users(outreach_field::COLLEAGUES);
        if colleagues.is_empty() {
            return Ack::Json(json!({ "response_action": "errors", "errors": {
                outreach_field::COLLEAGUES: "Choose at least one colleague."
            }}));
        }
        let event = state.option(outreach_field::EVENT).and_then(|e| EventKind::from_code(&e));
        let note = state.text(outreach_field::NOTE).map(Private::new);
        match self.program().start_outreach(&s.user_id, &colleagues, event, note.as_ref()).await {
            Ok(_) => Ack::Empty,
            Err(FlowError::Refused(r)) => Ack::Json(json!({ "response_action": "errors", "errors": {
                outreach_field::COLLEAGUES: self.views().refusal(&r).text
            }})),
            Err(e) => {
                tracing::error!(error = %e, "outreach not saved");
                Ack::Json(json!({ "response_action": "errors", "errors": {
                    outreach_field::COLLEAGUES: "Sorry, something went wrong on our side and nothing was sent. Please try again in a moment."
                }}))
            }
        }
    }
}

/// A cached request modal: (offers "a colleague", metadata).
type ModalKey = (bool, String);

/// Deliveries after acks that may run at once.
const AFTER_ACK_LIMIT: usize = 256;
/// How long a built request modal is reused (a roster import shows within this time).
const MODAL_FRESH: Duration = Duration::from_secs(5);

/// How long changes gather before the Home tabs they touched are republished.
const HOME_COALESCE: Duration = Duration::from_millis(250);

/// A click for the log. Answers a person gives about themselves (check-ins, consent,
/// outreach, feedback) are named only by their kind, so logs never say what anyone chose.
fn action_label(action_id: &str) -> &'static str {
    match action_id {
        action::CHECKIN_OKAY | action::CHECKIN_TALK_AGAIN | action::CHECKIN_RESOURCES | action::CHECKIN_STOP => {
            "checkin_answer"
        }
        action::CONSENT_YES | action::CONSENT_NO => "consent_answer",
        action::OUTREACH_YES | action::OUTREACH_NOT_NOW | action::OUTREACH_ASK_AGAIN => "outreach_answer",
        action::FEEDBACK => "feedback_answer",
        action::OFFER_ACCEPT => action::OFFER_ACCEPT,
        action::OFFER_DECLINE => action::OFFER_DECLINE,
        action::CONTACT_MADE => action::CONTACT_MADE,
        action::CONVERSATION_HAPPENED => action::CONVERSATION_HAPPENED,
        action::SAFETY_CONCERN => action::SAFETY_CONCERN,
        action::REASSIGN => action::REASSIGN,
        action::CLOSE => action::CLOSE,
        action::OFFER_TO => action::OFFER_TO,
        action::ASSIGN_TO => action::ASSIGN_TO,
        action::WITHDRAW => action::WITHDRAW,
        home_action::ASK => home_action::ASK,
        home_action::OUTREACH => home_action::OUTREACH,
        home_action::PAUSE | home_action::RESUME | home_action::PAUSE_UNTIL => "supporter_availability",
        home_action::PAGE => home_action::PAGE,
        home_action::ROSTER_ADD => home_action::ROSTER_ADD,
        home_action::ROSTER_MENU => home_action::ROSTER_MENU,
        _ => "(other)",
    }
}

/// A slash command for the log: the configured names only, never what a person typed.
fn command_label(command: &str) -> &'static str {
    match command {
        "/peer-support" => "/peer-support",
        "/peer-outreach" => "/peer-outreach",
        "/peer-admin" => "/peer-admin",
        _ => "(other)",
    }
}

/// A subcommand for the log: known words only, never what a person typed.
fn sub_label(sub: &str) -> &str {
    match sub {
        "" | "help" | "resources" | "status" | "pause" | "resume" | "stats" => sub,
        _ => "(other)",
    }
}

fn block_of(field: FormField) -> &'static str {
    match field {
        FormField::Colleague => field::COLLEAGUE,
        FormField::CheckedWithThem => field::CHECKED,
        FormField::Contact => field::CONTACT,
    }
}

fn chosen<T>(value: Option<String>, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
    value.filter(|v| v != PREFER_NOT_TO_SAY && v != NO_PREFERENCE).and_then(|v| parse(&v))
}

/// The modal's values as the domain's form. Unknown codes are dropped, never stored.
fn form_from_state(s: &ViewSubmission) -> RequestForm {
    let state = &s.view.state;
    let checked = state.options(field::CHECKED);
    let prefs = state.options(field::PREFS);
    let free_value = |v: Option<String>| v.filter(|v| v != PREFER_NOT_TO_SAY);
    RequestForm {
        for_whom: if state.option(field::FOR_WHOM).as_deref() == Some("colleague") {
            ForWhom::Colleague
        } else {
            ForWhom::Myself
        },
        colleague: state.user(field::COLLEAGUE),
        checked_with_them: checked.iter().any(|c| c == "checked"),
        name_me_to_them: checked.iter().any(|c| c == "name_me"),
        topics: state.options(field::TOPICS).iter().filter_map(|t| Topic::from_code(t)).collect(),
        role: chosen(state.option(field::ROLE), Role::from_code),
        department: free_value(state.option(field::DEPARTMENT)),
        site: free_value(state.option(field::SITE)),
        same_role: prefs.iter().any(|p| p == "same_role"),
        outside_department: prefs.iter().any(|p| p == "outside_department"),
        specific_role: chosen(state.option(field::PREF_ROLE), Role::from_code),
        gender: chosen(state.option(field::PREF_GENDER), Gender::from_code),
        seniority: chosen(state.option(field::PREF_SENIORITY), Seniority::from_code),
        contact: chosen(state.option(field::CONTACT), ContactPref::from_code),
        good_times: state.options(field::TIMES).iter().filter_map(|t| GoodTime::from_code(t)).collect(),
        note: state.text(field::NOTE).map(Private::new),
        preferred_supporter: None,
    }
}
